/* test-manual-entry.c: the station's manual entry (F6) reads what is typed
 * exactly as `dabiao-cli record` does
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row of tests/data/value-forms.tsv (the table test-value-reader and
 * test-cli-values.py feed to the core reader and the CLI) is typed into the
 * manual-entry dialog: the line under the field says what was understood
 * ("读作 1′48″ = 108 秒") or why it is no value, in Chinese; Enter records
 * the value of the table; an implausible value needs a second Enter; an
 * invalid one is never recorded.
 */

#include "config.h"

#include <string.h>

#include "dabiao-station-page.h"
#include "dabiao-test-util.h"
#include "../standard/dabiao-test-values.h"

typedef struct
{
  guint  n;
  double value;
} Recorded;

static void
record_cb (DabiaoStationPage *page,
           int                kind,
           double             value,
           const char        *reason,
           Recorded          *rec)
{
  g_assert_cmpint (kind, ==, DABIAO_RECORD_MANUAL);
  g_assert_cmpstr (reason, ==, "计时器故障");
  rec->n++;
  rec->value = value;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const DabiaoEventItem *
find_item (GPtrArray  *items,
           const char *code)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((DabiaoEventItem *) g_ptr_array_index (items, i))->code, code))
      return g_ptr_array_index (items, i);
  g_assert_not_reached ();
  return NULL;
}

static void
test_table (void)
{
  g_autoptr(GPtrArray) rows = dabiao_test_values_load ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = dabiao_event_items_for_standard ("student-2014", &error);
  g_autoptr(DabiaoRosterModel) roster = dabiao_roster_model_new ();
  g_autoptr(GPtrArray) people = dabiao_test_make_roster (5);
  GtkWidget *page = dabiao_station_page_new ();
  DabiaoStationPage *station = DABIAO_STATION_PAGE (page);
  Recorded rec = { 0 };
  GtkWindow *window;
  gboolean shot_valid = FALSE, shot_implausible = FALSE, shot_invalid = FALSE;

  g_assert_no_error (error);
  dabiao_roster_model_set_items (roster, people);
  dabiao_station_page_set_roster (station, roster);
  g_signal_connect (page, "record", G_CALLBACK (record_cb), &rec);
  window = dabiao_test_window_for (page, 1024, 600);
  g_assert_true (dabiao_station_page_check_in (station, dabiao_roster_item_get_id (g_ptr_array_index (people, 0))));

  for (guint i = 0; i < rows->len; i++)
    {
      DabiaoTestValue *row = g_ptr_array_index (rows, i);
      const DabiaoEventItem *item = find_item (items, row->item);
      GtkWindow *dialog;
      GtkWidget *value_entry, *reason_entry, *label;
      const char *shown;
      guint before = rec.n;

      g_test_message ("line %u: %s “%s”", row->line, row->item, row->text);
      dabiao_station_page_set_value_item (station, item);
      dabiao_station_page_set_item_format (station, item->unit, item->decimals);
      g_assert_true (gtk_widget_activate_action (page, "station.manual", NULL));
      dialog = dabiao_test_find_message_dialog ();
      g_assert_nonnull (dialog);
      value_entry = find_named (GTK_WIDGET (dialog), "value-entry");
      reason_entry = find_named (GTK_WIDGET (dialog), "reason-entry");
      label = find_named (GTK_WIDGET (dialog), "value-understood");
      g_assert_nonnull (value_entry);
      g_assert_nonnull (label);
      /* The hint is Chinese, never the bare unit "s". */
      g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (value_entry)), !=, "s");
      g_assert_false (g_str_equal (gtk_entry_get_placeholder_text (GTK_ENTRY (value_entry)), item->unit));

      gtk_editable_set_text (GTK_EDITABLE (reason_entry), "计时器故障");
      gtk_editable_set_text (GTK_EDITABLE (value_entry), row->text);
      shown = gtk_label_get_label (GTK_LABEL (label));
      g_test_message ("  shows “%s”", shown);

      if (g_str_equal (row->verdict, "valid"))
        {
          g_autofree char *want = g_strdup_printf ("读作 %s", row->expect);

          g_assert_cmpstr (shown, ==, want);
          if (!shot_valid)
            dabiao_test_screenshot (GTK_WIDGET (dialog), "manual-entry-understood");
          shot_valid = TRUE;
          g_signal_emit_by_name (value_entry, "activate");
          g_assert_cmpuint (rec.n, ==, before + 1);
          g_assert_cmpfloat_with_epsilon (rec.value, g_ascii_strtod (row->value, NULL), 1e-9);
        }
      else if (g_str_equal (row->verdict, "implausible"))
        {
          g_assert_nonnull (strstr (shown, row->expect));
          g_assert_nonnull (strstr (shown, "再按 Enter"));
          if (!shot_implausible)
            dabiao_test_screenshot (GTK_WIDGET (dialog), "manual-entry-implausible");
          shot_implausible = TRUE;
          /* The first Enter only confirms; the second records. */
          g_signal_emit_by_name (value_entry, "activate");
          g_assert_cmpuint (rec.n, ==, before);
          g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "已确认"));
          g_signal_emit_by_name (value_entry, "activate");
          g_assert_cmpuint (rec.n, ==, before + 1);
          g_assert_cmpfloat_with_epsilon (rec.value, g_ascii_strtod (row->value, NULL), 1e-9);
        }
      else
        {
          if (row->text[0] != '\0')
            g_assert_nonnull (strstr (shown, row->expect));
          if (!shot_invalid && row->text[0] != '\0')
            dabiao_test_screenshot (GTK_WIDGET (dialog), "manual-entry-refused");
          shot_invalid = shot_invalid || row->text[0] != '\0';
          g_signal_emit_by_name (value_entry, "activate");
          g_signal_emit_by_name (value_entry, "activate");
          g_assert_cmpuint (rec.n, ==, before);
          g_assert_true (dabiao_test_find_message_dialog () == dialog);
          dabiao_test_dialog_key (FALSE);   /* Esc */
          g_assert_cmpuint (rec.n, ==, before);
          continue;
        }
      for (guint k = 0; k < 50 && dabiao_test_find_message_dialog () != NULL; k++)
        dabiao_test_wait (10);
      g_assert_null (dabiao_test_find_message_dialog ());
      dabiao_station_page_record_finished (station, NULL, NULL);
    }
  g_assert_true (shot_valid && shot_implausible && shot_invalid);
  gtk_window_destroy (window);
}

/* The big number is the value as stored, with one unit word (the trial: a
 * 7.6 s reading showed as "8 秒" beside a message about 7.6 s; 1.45 typed
 * for 50米×8往返跑 showed as 1'45" followed by 秒). */
static void
test_shown_as_stored (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = dabiao_event_items_for_standard ("student-2014", &error);
  g_autoptr(DabiaoRosterModel) roster = dabiao_roster_model_new ();
  g_autoptr(GPtrArray) people = dabiao_test_make_roster (3);
  GtkWidget *page = dabiao_station_page_new ();
  DabiaoStationPage *station = DABIAO_STATION_PAGE (page);
  const DabiaoEventItem *shuttle = find_item (items, "shuttle_50mx8");
  const DabiaoEventItem *run_800m = find_item (items, "run_800m");
  const DabiaoEventItem *run_50m = find_item (items, "run_50m");
  Recorded rec = { 0 };
  GtkWindow *window, *dialog;
  char *shown;

  g_assert_no_error (error);
  dabiao_roster_model_set_items (roster, people);
  dabiao_station_page_set_roster (station, roster);
  g_signal_connect (page, "record", G_CALLBACK (record_cb), &rec);
  window = dabiao_test_window_for (page, 1024, 600);
  g_assert_true (dabiao_station_page_check_in (station, dabiao_roster_item_get_id (g_ptr_array_index (people, 0))));

  /* 1.45 typed for a 分.秒 item: 1'45", no 秒 after it. */
  dabiao_station_page_set_value_item (station, shuttle);
  dabiao_station_page_set_item_format (station, shuttle->unit, shuttle->decimals);
  g_assert_true (gtk_widget_activate_action (page, "station.manual", NULL));
  dialog = dabiao_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "reason-entry")), "计时器故障");
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "value-entry")), "1.45");
  g_signal_emit_by_name (find_named (GTK_WIDGET (dialog), "value-entry"), "activate");
  g_assert_cmpuint (rec.n, ==, 1);
  g_assert_cmpfloat_with_epsilon (rec.value, 105, 1e-9);
  shown = dabiao_station_page_get_value_text (station);
  g_assert_cmpstr (shown, ==, "1'45\"");
  g_free (shown);
  dabiao_station_page_record_finished (station, "已保存 · 第 1 次", NULL);
  dabiao_test_screenshot (GTK_WIDGET (window), "station-shown-as-stored-1-min-sec");
  shown = dabiao_station_page_get_value_text (station);
  g_assert_cmpstr (shown, ==, "1'45\"");
  g_free (shown);

  /* A reading of a whole-second item is not rounded on screen, and the
   * warning names the same value. */
  g_assert_true (dabiao_station_page_check_in (station, dabiao_roster_item_get_id (g_ptr_array_index (people, 1))));
  dabiao_station_page_set_value_item (station, run_800m);
  dabiao_station_page_set_item_format (station, run_800m->unit, 0);
  dabiao_station_page_show_reading (station, 7.6);
  shown = dabiao_station_page_get_value_text (station);
  g_assert_cmpstr (shown, ==, "0'07.6\"");
  g_free (shown);
  g_test_message ("status: %s", dabiao_station_page_get_status_text (station));
  g_assert_nonnull (strstr (dabiao_station_page_get_status_text (station), "0'07.6\""));
  dabiao_test_screenshot (GTK_WIDGET (window), "station-shown-as-stored-2-implausible");
  g_assert_true (gtk_widget_activate_action (page, "station.retry", NULL));

  /* Seconds: the value as the timer gave it, one unit word. */
  dabiao_station_page_set_value_item (station, run_50m);
  dabiao_station_page_set_item_format (station, run_50m->unit, run_50m->decimals);
  dabiao_station_page_show_reading (station, 7.65);
  shown = dabiao_station_page_get_value_text (station);
  g_assert_cmpstr (shown, ==, "7.65 秒");
  g_free (shown);
  dabiao_station_page_show_reading (station, 7.7);   /* kept as unassigned */
  g_test_message ("status: %s", dabiao_station_page_get_status_text (station));
  g_assert_nonnull (strstr (dabiao_station_page_get_status_text (station), "（7.7 秒）"));
  g_assert_nonnull (strstr (dabiao_station_page_get_status_text (station), "7.65 秒；"));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  dabiao_test_init (&argc, &argv);
  g_test_add_func ("/dabiao/app/manual-entry/table", test_table);
  g_test_add_func ("/dabiao/app/manual-entry/shown-as-stored", test_shown_as_stored);
  return g_test_run ();
}
