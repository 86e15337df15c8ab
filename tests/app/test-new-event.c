/* test-new-event.c: the new-event dialog (items, attempts, stations), the
 * event it creates, and editing an open event's stations and attempts.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "dabiao-new-event-dialog.h"
#include "dabiao-station-page.h"
#include "dabiao-test-util.h"
#include "../standard/dabiao-test-standard.h"
#include "dabiao-window.h"

static char *
describe_stations (GPtrArray *definitions)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; definitions != NULL && i < definitions->len; i++)
    {
      const DabiaoStationDefinition *definition = g_ptr_array_index (definitions, i);
      g_autofree char *items = g_strjoinv ("+", definition->items);

      g_string_append_printf (text, "%s%s=%s", i > 0 ? ";" : "", definition->name, items);
    }
  return g_string_free (text, FALSE);
}

static char *
describe_items (GPtrArray *items)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (items, i);

      g_string_append_printf (text, "%s%s×%u", i > 0 ? " " : "", item->code, item->attempts);
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
find_create_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child)
          && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "new-event.create") == 0)
        return child;
      if ((found = find_create_button (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The Create button as the organiser sees it. */
static gboolean
create_enabled (DabiaoNewEventDialog *dialog)
{
  GtkWidget *button = find_create_button (GTK_WIDGET (dialog));

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static void
expect_problem (DabiaoNewEventDialog *dialog,
                const char           *needle)
{
  const char *problem = dabiao_new_event_dialog_get_problem (dialog);

  if (problem == NULL || strstr (problem, needle) == NULL)
    g_error ("expected a problem naming “%s”, got “%s”", needle, problem != NULL ? problem : "(none)");
  g_assert_null (dabiao_new_event_dialog_get_info (dialog));
  /* Create does nothing while the form is invalid. */
  g_assert_false (create_enabled (dialog));
}

static void
on_done (DabiaoNewEventDialog  *dialog,
         DabiaoEventInfo      **info)
{
  *info = dabiao_new_event_dialog_get_info (dialog);
}

static GtkWidget *
find_scrolled (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_SCROLLED_WINDOW (child))
        return child;
      if ((found = find_scrolled (child)) != NULL)
        return found;
    }
  return NULL;
}

static guint
count_expanders (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    /* Stations' rows (not the 学段/年龄段 row "parts"). */
    n += ADW_IS_EXPANDER_ROW (child) ? !g_str_equal (gtk_widget_get_name (child), "parts") : count_expanders (child);
  return n;
}

static void
test_create_through_dialog (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-new-event-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "分项测试", NULL);
  g_autofree char *file = g_strconcat (path, ".dabiao", NULL);
  g_autoptr(DabiaoEventInfo) info = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GPtrArray) stations = NULL;
  g_autofree char *text = NULL;
  DabiaoNewEventDialog *dialog;
  DabiaoWindow *window;
  guint extra;
  const char *keep[] = { "height", "weight", "run_50m", "sit_and_reach", NULL };
  GPtrArray *standard_items;

  dialog = DABIAO_NEW_EVENT_DIALOG (dabiao_new_event_dialog_new (NULL));
  g_object_ref_sink (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 900);
  gtk_window_present (GTK_WINDOW (dialog));
  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &info);
  dabiao_test_wait (100);

  /* Empty name first: Create is disabled and does nothing. */
  expect_problem (dialog, "名称");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new-event.create", NULL);
  g_assert_null (info);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  dabiao_new_event_dialog_set_name (dialog, "分项测试");
  dabiao_new_event_dialog_set_place (dialog, "一中");
  dabiao_new_event_dialog_set_date (dialog, "2026-13-01");
  expect_problem (dialog, "2026-13-01");
  dabiao_new_event_dialog_set_date (dialog, "2026-11-29");
  /* The students' standard asks for the 学段 first. */
  expect_problem (dialog, "学段");

  /* Every 学段: the standard's items, all ticked; defaults: 身高体重
   * together, one station per other item. */
  g_assert_true (dabiao_new_event_dialog_set_standard (dialog, "student-2014"));
  for (const char * const *level = (const char * const[]) { "小学", "初中", "高中", "大学", NULL }; *level != NULL; level++)
    dabiao_test_tick_part (GTK_WIDGET (dialog), *level);
  g_assert_null (dabiao_new_event_dialog_get_problem (dialog));
  {
    g_autoptr(DabiaoEventInfo) all = dabiao_new_event_dialog_get_info (dialog);
    g_autoptr(GPtrArray) defaults = dabiao_event_items_for_standard ("student-2014", NULL);

    g_assert_nonnull (all);
    g_assert_cmpuint (all->n_items, ==, defaults->len);
    g_assert_cmpuint (all->stations->len, ==, defaults->len - 1);
    text = describe_stations (all->stations);
    g_assert_true (g_str_has_prefix (text, "身高体重=height+weight;肺活量=vital_capacity;"));
    g_clear_pointer (&text, g_free);
  }

  /* Untick everything but four items: the default stations follow. */
  standard_items = dabiao_event_items_for_standard ("student-2014", NULL);
  for (guint i = 0; i < standard_items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (standard_items, i);

      if (!g_strv_contains (keep, item->code))
        g_assert_true (dabiao_new_event_dialog_set_item_included (dialog, item->code, FALSE));
    }
  g_ptr_array_unref (standard_items);
  g_assert_true (dabiao_new_event_dialog_set_item_attempts (dialog, "sit_and_reach", 3));
  g_assert_true (dabiao_new_event_dialog_set_item_attempts (dialog, "run_50m", 2));
  g_assert_cmpuint (dabiao_new_event_dialog_get_n_stations (dialog), ==, 3);
  /* Exactly one row per station is shown. */
  g_assert_cmpuint (count_expanders (GTK_WIDGET (dialog)), ==, 3);

  /* Two stations: the scale, and one for 50米跑 and 坐位体前屈 together. */
  dabiao_new_event_dialog_remove_station (dialog, 2);
  dabiao_new_event_dialog_remove_station (dialog, 1);
  extra = dabiao_new_event_dialog_add_station (dialog);
  g_assert_cmpuint (extra, ==, 1);
  expect_problem (dialog, "没有项目");
  g_assert_true (dabiao_new_event_dialog_set_station_item (dialog, extra, "run_50m", TRUE));
  g_assert_true (dabiao_new_event_dialog_set_station_item (dialog, extra, "坐位体前屈", TRUE));
  /* An item not ticked for the event cannot be ticked at a station. */
  g_assert_false (dabiao_new_event_dialog_set_station_item (dialog, extra, "vital_capacity", TRUE));
  dabiao_new_event_dialog_set_station_name (dialog, extra, "身高体重");
  expect_problem (dialog, "身高体重");
  dabiao_new_event_dialog_set_station_name (dialog, extra, "  ");
  expect_problem (dialog, "名称");
  dabiao_new_event_dialog_set_station_name (dialog, extra, "跑道");
  g_assert_null (dabiao_new_event_dialog_get_problem (dialog));
  g_assert_true (create_enabled (dialog));
  /* Unticking an item takes it off the (edited) stations; ticking it
   * again leaves the stations as the organiser made them. */
  g_assert_true (dabiao_new_event_dialog_set_item_included (dialog, "sit_and_reach", FALSE));
  {
    g_autoptr(DabiaoEventInfo) now = dabiao_new_event_dialog_get_info (dialog);

    text = describe_stations (now->stations);
    g_assert_cmpstr (text, ==, "身高体重=height+weight;跑道=run_50m");
    g_clear_pointer (&text, g_free);
  }
  g_assert_true (dabiao_new_event_dialog_set_item_included (dialog, "sit_and_reach", TRUE));
  g_assert_true (dabiao_new_event_dialog_set_station_item (dialog, extra, "sit_and_reach", TRUE));
  g_assert_cmpuint (count_expanders (GTK_WIDGET (dialog)), ==, 2);
  dabiao_test_wait (200);
  dabiao_test_screenshot (GTK_WIDGET (dialog), "new-event-dialog");
  /* Scrolled down to the stations. */
  {
    GtkWidget *scrolled = find_scrolled (GTK_WIDGET (dialog));
    GtkAdjustment *adjustment;

    g_assert_nonnull (scrolled);
    adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    dabiao_test_wait (200);
    dabiao_test_screenshot (GTK_WIDGET (dialog), "new-event-dialog-stations");
  }

  /* Create: ::done, the dialog closes, the window creates the file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-event.create", NULL));
  g_assert_nonnull (info);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_clear_object (&dialog);

  window = g_object_new (DABIAO_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  dabiao_window_create_event (window, path, info);
  g_assert_true (dabiao_test_wait_until (dabiao_test_session_open, window, 20000));
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);

  /* The file holds exactly what was chosen. */
  event = dabiao_event_open (file, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dabiao_event_get_name (event), ==, "分项测试");
  g_assert_cmpstr (dabiao_event_get_place (event), ==, "一中");
  g_assert_cmpstr (dabiao_event_get_date (event), ==, "2026-11-29");
  g_assert_cmpstr (dabiao_event_get_standard (event), ==, "student-2014");
  text = describe_items (dabiao_event_get_items (event));
  g_assert_cmpstr (text, ==, "height×1 weight×1 run_50m×2 sit_and_reach×3");
  g_clear_pointer (&text, g_free);
  stations = dabiao_event_list_station_definitions (event, &error);
  g_assert_no_error (error);
  text = describe_stations (stations);
  g_assert_cmpstr (text, ==, "身高体重=height+weight;跑道=run_50m+sit_and_reach");
  g_clear_object (&event);

  g_unlink (file);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
}

/* An open event: items added, removed while nothing is recorded, attempts
 * and stations editable, profiles kept. */
static void
test_edit_mode (void)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);
  g_autoptr(GPtrArray) stations = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
  g_autoptr(DabiaoEventInfo) info = NULL;
  g_autofree char *text = NULL;
  const char *scale[] = { "height", "weight", NULL };
  DabiaoEventInfo event_info = { .name = "已开活动", .standard = "student-2014", .date = "2026-11-29",
                                 .place = "体育馆" };
  DabiaoNewEventDialog *dialog;

  g_ptr_array_add (items, dabiao_event_item_new ("height", "01", "身高", "cm", DABIAO_BETTER_NONE, 1, 0, 1));
  g_ptr_array_add (items, dabiao_event_item_new ("weight", "02", "体重", "kg", DABIAO_BETTER_NONE, 1, 0, 1));
  g_ptr_array_add (items, dabiao_event_item_new ("run_50m", "05", "50米跑", "s", DABIAO_BETTER_LOWER, 1, 0, 1));
  g_ptr_array_add (stations, dabiao_station_definition_new ("秤", scale, "height-weight-line"));

  dialog = DABIAO_NEW_EVENT_DIALOG (dabiao_new_event_dialog_new_for_event (NULL, &event_info, items, stations));
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  dabiao_test_wait (100);

  g_assert_null (dabiao_new_event_dialog_get_problem (dialog));
  /* The event's items stay until the dialog knows which have results; one
   * the event lacks can be added (and unticked again); attempts change. */
  g_assert_false (dabiao_new_event_dialog_set_item_included (dialog, "run_50m", FALSE));
  g_assert_true (dabiao_new_event_dialog_set_item_included (dialog, "sit_and_reach", TRUE));
  g_assert_true (dabiao_new_event_dialog_set_item_included (dialog, "sit_and_reach", FALSE));
  {
    const char *recorded[] = { "height", "weight", NULL };

    dabiao_new_event_dialog_set_recorded_items (dialog, recorded);
    g_assert_false (dabiao_new_event_dialog_set_item_included (dialog, "weight", FALSE));
    g_assert_true (dabiao_new_event_dialog_set_item_included (dialog, "run_50m", FALSE));
    g_assert_true (dabiao_new_event_dialog_set_item_included (dialog, "run_50m", TRUE));
  }
  g_assert_false (dabiao_new_event_dialog_set_standard (dialog, "natfit-2003"));
  g_assert_true (dabiao_new_event_dialog_set_item_attempts (dialog, "run_50m", 2));
  dabiao_new_event_dialog_set_station_name (dialog, 0, "身高体重");
  dabiao_new_event_dialog_set_station_item (dialog, dabiao_new_event_dialog_add_station (dialog), "run_50m", TRUE);
  dabiao_new_event_dialog_set_station_name (dialog, 1, "50米跑道");
  dabiao_test_screenshot (GTK_WIDGET (dialog), "event-stations-dialog");

  info = dabiao_new_event_dialog_get_info (dialog);
  g_assert_nonnull (info);
  g_assert_cmpuint (info->n_items, ==, 3);
  g_assert_cmpuint (info->items[2].attempts, ==, 2);
  text = describe_stations (info->stations);
  g_assert_cmpstr (text, ==, "身高体重=height+weight;50米跑道=run_50m");
  /* The renamed station keeps its instrument profile. */
  g_assert_cmpstr (((DabiaoStationDefinition *) g_ptr_array_index (info->stations, 0))->profile, ==,
                   "height-weight-line");
  g_assert_null (((DabiaoStationDefinition *) g_ptr_array_index (info->stations, 1))->profile);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&dialog);
}

/* Does a label under @widget show exactly @text? */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* Names with markup characters, from the event file and typed: shown as
 * they are (before, GTK parsed them: "<i>秤</i>" showed as 秤 in italics and
 * "A & B" failed to show at all). */
static void
test_names_not_markup (void)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);
  g_autoptr(GPtrArray) stations = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
  const char *scale[] = { "height", NULL };
  DabiaoEventInfo event_info = { .name = "<b>活动</b> & 测试", .standard = "student-2014",
                                 .date = "2026-11-29", .place = "体育馆 <3" };
  DabiaoNewEventDialog *dialog;

  g_ptr_array_add (items, dabiao_event_item_new ("height", "01", "身高", "cm", DABIAO_BETTER_NONE, 1, 0, 1));
  g_ptr_array_add (stations, dabiao_station_definition_new ("<i>秤</i>", scale, NULL));
  dialog = DABIAO_NEW_EVENT_DIALOG (dabiao_new_event_dialog_new_for_event (NULL, &event_info, items, stations));
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  dabiao_test_wait (100);

  g_assert_true (shows_text (GTK_WIDGET (dialog), "<b>活动</b> & 测试"));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "体育馆 <3"));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "<i>秤</i>"));
  dabiao_new_event_dialog_set_station_name (dialog, 0, "A & <u>B</u>");
  g_assert_true (shows_text (GTK_WIDGET (dialog), "A & <u>B</u>"));
  dabiao_test_screenshot (GTK_WIDGET (dialog), "new-event-markup-names");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&dialog);
}

/* ---- a defined station with several items on the station page ------------- */

typedef struct
{
  DabiaoWindow *window;
  const char   *profile;
} InstrumentWait;

static gboolean
instrument_connected (gpointer data)
{
  InstrumentWait *wait = data;
  DabiaoInstrument *instrument = dabiao_window_get_instrument (wait->window);

  return instrument != NULL
         && g_strcmp0 (dabiao_profile_get_name (dabiao_instrument_get_profile (instrument)), wait->profile) == 0
         && dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED;
}

static gboolean
stations_offered (gpointer data)
{
  return dabiao_station_page_select_station (data, "身高体重");
}

static gboolean
page_has_reading (gpointer data)
{
  return dabiao_station_page_has_reading (data);
}

static gboolean
page_saved (gpointer data)
{
  const char *status = dabiao_station_page_get_status_text (data);

  return status != NULL && strstr (status, "已保存") != NULL;
}

static gboolean
page_shows_weight_note (gpointer data)
{
  return dabiao_station_page_has_reading (data)
         && g_strcmp0 (dabiao_station_page_get_reading_text (data), "172.5") == 0;
}

static gboolean
station_renamed (gpointer data)
{
  return dabiao_station_page_select_station (data, "跑道");
}

static void
test_multi_item_station (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  g_autofree char *dir = g_dir_make_tmp ("dabiao-station-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "身高体重.dabiao", NULL);
  g_autoptr(GPtrArray) stations = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *scale[] = { "height", "weight", NULL };
  const char *run[] = { "run_50m", NULL };
  const DabiaoEventItemChoice items[] = { { "height", 0 }, { "weight", 0 }, { "run_50m", 2 } };
  DabiaoEventInfo info = { .name = "身高体重", .standard = "student-2014", .date = "2026-11-29",
                           .items = items, .n_items = G_N_ELEMENTS (items), .stations = stations };
  DabiaoParticipantInfo person = { .id = "G0001", .name = "张三", .sex = 1, .grade = 21,
                                   .class_code = "2101", .class_name = "初一1班" };
  static const char frame[] = "STX,M,60.2,172.5,20.3,ET\r\n";
  InstrumentWait wait;
  DabiaoStationPage *page;
  DabiaoWindow *window;
  DabiaoEvent *event;
  guint height = 0, weight = 0;
  int master, slave;
  char port[256];

  g_ptr_array_add (stations, dabiao_station_definition_new ("身高体重", scale, "height-weight-line"));
  g_ptr_array_add (stations, dabiao_station_definition_new ("50米跑", run, NULL));
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_event_add_participants (event, &person, 1, NULL, NULL, &error));
  dabiao_event_close (event);
  g_clear_object (&event);

  /* The instrument on a pseudo-terminal, configured for this computer. */
  g_assert_cmpint (openpty (&master, &slave, port, NULL, NULL), ==, 0);
  {
    struct termios tio;

    tcgetattr (slave, &tio);
    cfmakeraw (&tio);
    tcsetattr (slave, TCSANOW, &tio);
  }
  g_settings_set_string (settings, "instrument-port", port);
  g_settings_set_string (settings, "instrument-profile", "generic-line");
  g_settings_reset (settings, "stations-by-event");

  window = g_object_new (DABIAO_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  page = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  dabiao_window_open_file (window, file);
  g_assert_true (dabiao_test_wait_until (dabiao_test_session_open, window, 20000));

  /* Choosing the defined station: its items only, its instrument profile. */
  g_assert_true (dabiao_test_wait_until (stations_offered, page, 10000));
  g_assert_cmpstr (dabiao_station_page_get_station (page), ==, "身高体重");
  g_assert_cmpstr (dabiao_station_page_get_item (page), ==, "身高");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "station.next-item", NULL));
  g_assert_cmpstr (dabiao_station_page_get_item (page), ==, "体重");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "station.next-item", NULL));
  g_assert_cmpstr (dabiao_station_page_get_item (page), ==, "身高");
  wait.window = window;
  wait.profile = "height-weight-line";
  g_assert_true (dabiao_test_wait_until (instrument_connected, &wait, 10000));
  {
    g_autoptr(GVariant) remembered = g_settings_get_value (settings, "stations-by-event");
    const char *event_path = NULL, *station = NULL;

    /* This event's station, remembered for it. */
    g_assert_cmpuint (g_variant_n_children (remembered), >=, 1);
    g_variant_get_child (remembered, 0, "(&s&s)", &event_path, &station);
    g_assert_cmpstr (event_path, ==, path);
    g_assert_cmpstr (station, ==, "身高体重");
  }

  /* One frame, two readings: 身高 big, 体重 beside it; one Enter saves both. */
  g_assert_true (dabiao_station_page_check_in (page, "G0001"));
  dabiao_test_wait (200);
  g_assert_cmpint (write (master, frame, strlen (frame)), ==, (int) strlen (frame));
  g_assert_true (dabiao_test_wait_until (page_has_reading, page, 10000));
  g_assert_true (dabiao_test_wait_until (page_shows_weight_note, page, 5000));
  /* The class is named "初一1班": not "初一1班 班". */
  g_assert_cmpstr (dabiao_station_page_get_queue_text (page), ==, "初一1班：第 1 人 / 共 1 人");
  /* The other value of the frame, with its unit as on the big display. */
  g_assert_nonnull (strstr (dabiao_station_page_get_status_text (page), "体重 60.2 千克"));
  dabiao_test_wait (200);
  dabiao_test_screenshot (GTK_WIDGET (page), "station-defined-scale");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "station.confirm", NULL));
  g_assert_true (dabiao_test_wait_until (page_saved, page, 10000));

  /* Another station: only its item. */
  g_assert_true (dabiao_station_page_select_station (page, "50米跑"));
  g_assert_cmpstr (dabiao_station_page_get_item (page), ==, "50米跑");
  /* The window title names the station, so that windows on one computer
   * can be told apart (trial 16b). */
  g_assert_true (g_str_has_suffix (gtk_window_get_title (GTK_WINDOW (window)), " · 50米跑 — 达标"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "station.next-item", NULL)
                  && g_strcmp0 (dabiao_station_page_get_item (page), "50米跑") != 0);

  /* The organiser changes the open event: attempts and a station's name. */
  {
    DabiaoNewEventDialog *setup = DABIAO_NEW_EVENT_DIALOG (dabiao_window_edit_event_setup (window));

    g_assert_nonnull (setup);
    g_assert_true (dabiao_new_event_dialog_set_item_attempts (setup, "run_50m", 3));
    dabiao_new_event_dialog_set_station_name (setup, 1, "跑道");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (setup), "new-event.create", NULL));
    g_assert_true (dabiao_test_wait_until (station_renamed, page, 10000));
  }
  /* Opened again, the dialog shows the attempts just saved. */
  {
    DabiaoNewEventDialog *setup = DABIAO_NEW_EVENT_DIALOG (dabiao_window_edit_event_setup (window));
    g_autoptr(DabiaoEventInfo) again = dabiao_new_event_dialog_get_info (setup);
    guint k = 0;

    g_assert_nonnull (again);
    while (k < again->n_items && g_strcmp0 (again->items[k].code, "run_50m") != 0)
      k++;
    g_assert_cmpuint (k, <, again->n_items);
    g_assert_cmpuint (again->items[k].attempts, ==, 3);
    gtk_window_destroy (GTK_WINDOW (setup));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  close (master);
  close (slave);

  /* Each reading under its own item, recorded at the station, with the frame. */
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  rows = dabiao_event_list_measurements (event, "G0001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      DabiaoMeasurement *m = g_ptr_array_index (rows, i);
      const char *item = dabiao_measurement_get_item (m);

      g_assert_cmpstr (dabiao_measurement_get_station (m), ==, "身高体重");
      g_assert_nonnull (dabiao_measurement_get_raw_frame (m));
      if (g_str_equal (item, "height"))
        {
          g_assert_cmpfloat_with_epsilon (dabiao_measurement_get_value (m), 172.5, 1e-9);
          height++;
        }
      else if (g_str_equal (item, "weight"))
        {
          g_assert_cmpfloat_with_epsilon (dabiao_measurement_get_value (m), 60.2, 1e-9);
          weight++;
        }
    }
  g_assert_cmpuint (height, ==, 1);
  g_assert_cmpuint (weight, ==, 1);
  g_assert_cmpuint (dabiao_event_find_item (event, "run_50m")->attempts, ==, 3);
  {
    g_autoptr(GPtrArray) saved = dabiao_event_list_station_definitions (event, &error);
    g_autofree char *text = describe_stations (saved);

    g_assert_cmpstr (text, ==, "身高体重=height+weight;跑道=run_50m");
    g_assert_cmpstr (((DabiaoStationDefinition *) g_ptr_array_index (saved, 0))->profile, ==, "height-weight-line");
  }
  dabiao_event_close (event);
  g_clear_object (&event);

  g_settings_reset (settings, "instrument-port");
  g_settings_reset (settings, "instrument-profile");
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
}

/* The demo event comes with its stations; the demo serves 50米跑. */
static gboolean
demo_station_chosen (gpointer data)
{
  return g_strcmp0 (dabiao_station_page_get_station (data), "50米跑") == 0;
}

static void
test_demo_stations (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-demo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "演示活动.dabiao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GPtrArray) stations = NULL;
  g_autofree char *text = NULL;
  DabiaoStationPage *page;
  DabiaoWindow *window;

  g_setenv ("DABIAO_DEMO_DIR", dir, TRUE);
  g_setenv ("DABIAO_SIM", "/nonexistent/dabiao-sim", TRUE);

  window = g_object_new (DABIAO_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  page = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  dabiao_window_open_demo (window);
  g_assert_true (dabiao_test_wait_until (dabiao_test_session_open, window, 10000));
  g_assert_true (dabiao_test_wait_until (demo_station_chosen, page, 10000));
  g_assert_cmpstr (dabiao_station_page_get_item (page), ==, "50米跑");
  dabiao_test_screenshot (GTK_WIDGET (window), "window-demo-stations");
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);

  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  stations = dabiao_event_list_station_definitions (event, &error);
  g_assert_no_error (error);
  text = describe_stations (stations);
  g_assert_cmpstr (text, ==, "身高体重=height+weight;50米跑=run_50m;立定跳远=standing_long_jump;"
                             "坐位体前屈=sit_and_reach;肺活量=vital_capacity");
  g_clear_object (&event);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
}

/* Standards an organiser installed are offered after the shipped ones; one
 * that does not load says why (file and row) and cannot be chosen. */
static void
test_user_standards (void)
{
  g_autofree char *good = dabiao_test_standard_install ("student-2014", "school-custom", NULL, NULL);
  g_autofree char *bad = dabiao_test_standard_install ("student-2014", "school-broken", "thresholds.csv",
                                                       "group,sex,item,score,threshold,confidence,source\n"
                                                       "11,female,rope_1min,100,abc,medium,S1\n");
  DabiaoNewEventDialog *dialog = DABIAO_NEW_EVENT_DIALOG (dabiao_new_event_dialog_new (NULL));

  g_object_ref_sink (dialog);
  dabiao_new_event_dialog_set_name (dialog, "校内测试");
  g_assert_true (dabiao_new_event_dialog_set_standard (dialog, "school-custom"));
  /* A copy of the students' standard: its 学段 too. */
  dabiao_test_tick_part (GTK_WIDGET (dialog), "小学");
  {
    g_autoptr(DabiaoEventInfo) info = dabiao_new_event_dialog_get_info (dialog);

    g_assert_nonnull (info);
    g_assert_cmpstr (info->standard, ==, "school-custom");
    g_assert_cmpuint (info->n_items, >, 0);
  }
  g_assert_true (dabiao_new_event_dialog_set_standard (dialog, "school-broken"));
  expect_problem (dialog, "thresholds.csv");
  g_test_message ("broken standard: %s", dabiao_new_event_dialog_get_problem (dialog));
  g_assert_true (dabiao_new_event_dialog_set_standard (dialog, "student-2014"));
  expect_problem (dialog, "学段");
  dabiao_test_tick_part (GTK_WIDGET (dialog), "高中");
  g_assert_null (dabiao_new_event_dialog_get_problem (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  dabiao_test_standard_remove (good);
  dabiao_test_standard_remove (bad);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
new_event_shown (gpointer data)
{
  return dabiao_test_find_toplevel (DABIAO_TYPE_NEW_EVENT_DIALOG) != NULL;
}

/* The form never loses work: no problem shown before anything is typed;
 * Enter in 名称 goes to the next field, not to the save-as chooser;
 * cancelling the chooser brings the form back as it was. */
static void
test_form_keeps_work (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-new-event-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "保留.dabiao", NULL);
  DabiaoWindow *window = g_object_new (DABIAO_TYPE_WINDOW, NULL);
  DabiaoNewEventDialog *dialog;
  GtkRevealer *revealer;
  GtkWidget *name_row;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-event", NULL));
  g_assert_true (dabiao_test_wait_until (new_event_shown, NULL, 5000));
  dialog = DABIAO_NEW_EVENT_DIALOG (dabiao_test_find_toplevel (DABIAO_TYPE_NEW_EVENT_DIALOG));
  revealer = GTK_REVEALER (dabiao_test_get_widget (GTK_WIDGET (dialog), "problem"));
  name_row = find_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (revealer);
  g_assert_nonnull (name_row);

  dabiao_test_tick_part (GTK_WIDGET (dialog), "初中");
  /* Untouched: the form needs a name, but says nothing yet. */
  g_assert_nonnull (dabiao_new_event_dialog_get_problem (dialog));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  dabiao_test_screenshot (GTK_WIDGET (dialog), "new-event-untouched");
  /* Typed and erased: now it says so. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "秋");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "");
  g_assert_true (gtk_revealer_get_reveal_child (revealer));

  /* Enter in 名称 moves on; the form stays, no chooser. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "秋季测试");
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  gtk_widget_grab_focus (name_row);
  g_signal_emit_by_name (name_row, "entry-activated");
  dabiao_test_wait (300);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_null (dabiao_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
    GtkWidget *date_row = gtk_widget_get_next_sibling (name_row);

    g_assert_true (ADW_IS_ENTRY_ROW (date_row));
    g_assert_true (focus != NULL && (focus == date_row || gtk_widget_is_ancestor (focus, date_row)));
  }

  /* 创建 → chooser → cancel: the form is back with its name. */
  dabiao_new_event_dialog_set_place (dialog, "一中");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-event.create", NULL));
  dabiao_test_answer_file_chooser (NULL);
  g_assert_true (dabiao_test_wait_until (new_event_shown, NULL, 5000));
  g_assert_true (dabiao_test_find_toplevel (DABIAO_TYPE_NEW_EVENT_DIALOG) == GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "秋季测试");
  g_assert_null (dabiao_new_event_dialog_get_problem (dialog));

  /* Again, and saved this time: the event is made and the form gone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-event.create", NULL));
  dabiao_test_answer_file_chooser (path);
  g_assert_true (dabiao_test_wait_until (dabiao_test_session_open, window, 20000));
  g_assert_null (dabiao_test_find_toplevel (DABIAO_TYPE_NEW_EVENT_DIALOG));
  g_assert_cmpstr (dabiao_event_get_place (dabiao_session_get_event (dabiao_window_get_session (window))), ==, "一中");
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);
  g_unlink (path);
  g_rmdir (dir);
}


static char *
describe_choice (const DabiaoEventInfo *info)
{
  GString *text = g_string_new (" ");

  for (guint i = 0; i < info->n_items; i++)
    g_string_append_printf (text, "%s ", info->items[i].code);
  return g_string_free (text, FALSE);
}

/* A new-event dialog (owned) named @name on @standard, and its parts row. */
static DabiaoNewEventDialog *
dialog_with_parts (const char  *name,
                   const char  *standard,
                   GtkWidget  **parts)
{
  DabiaoNewEventDialog *dialog = DABIAO_NEW_EVENT_DIALOG (dabiao_new_event_dialog_new (NULL));

  g_object_ref_sink (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 900);
  gtk_window_present (GTK_WINDOW (dialog));
  dabiao_new_event_dialog_set_name (dialog, name);
  g_assert_true (dabiao_new_event_dialog_set_standard (dialog, standard));
  *parts = dabiao_test_get_widget (GTK_WIDGET (dialog), "parts");
  return dialog;
}

/* A students' event (trial 18c #10): the 学段 row is open with none ticked
 * and Create waits for it; 初中 ticks the middle-school items only — not
 * 一分钟跳绳 or 50米×8往返跑 — and the event keeps 初中 as its part. */
static void
test_student_levels (void)
{
  GtkWidget *parts;
  DabiaoNewEventDialog *dialog = dialog_with_parts ("育才中学2026秋季体测", "student-2014", &parts);
  g_autoptr(DabiaoEventInfo) middle = NULL;
  g_autoptr(DabiaoEventInfo) nine_years = NULL;
  g_autofree char *items = NULL;
  g_autofree char *stations = NULL;
  g_autofree char *more = NULL;

  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (parts)));
  dabiao_test_wait (200);
  dabiao_test_screenshot (GTK_WIDGET (dialog), "new-event-student-levels");
  expect_problem (dialog, "学段");

  dabiao_test_tick_part (GTK_WIDGET (dialog), "初中");
  middle = dabiao_new_event_dialog_get_info (dialog);
  g_assert_nonnull (middle);
  items = describe_choice (middle);
  stations = describe_stations (middle->stations);
  g_test_message ("初中: items%s; stations %s", items, stations);
  for (const char * const *code = (const char * const[]) { "height", "weight", "vital_capacity", "run_50m", "sit_and_reach",
                                                           "sit_up_1min", "standing_long_jump", "run_800m", "run_1000m",
                                                           "pull_up", NULL }; *code != NULL; code++)
    {
      g_autofree char *needle = g_strdup_printf (" %s ", *code);

      g_assert_nonnull (strstr (items, needle));
    }
  g_assert_null (strstr (items, " rope_1min "));
  g_assert_null (strstr (items, " shuttle_50mx8 "));
  g_assert_null (strstr (stations, "一分钟跳绳"));
  g_assert_nonnull (middle->parts);
  g_assert_cmpstr (middle->parts[0], ==, "初中");
  g_assert_null (middle->parts[1]);

  /* A nine-year school: 小学 too brings the primary items. */
  dabiao_test_tick_part (GTK_WIDGET (dialog), "小学");
  nine_years = dabiao_new_event_dialog_get_info (dialog);
  more = describe_choice (nine_years);
  g_assert_nonnull (strstr (more, " rope_1min "));
  g_assert_nonnull (strstr (more, " shuttle_50mx8 "));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

/* 国民体质: the adult parts ticked first, so no preschool item; 身高体重 the
 * first station; the step test one station with its pulses; ticking 幼儿
 * brings the preschool items. */
static void
test_natfit_defaults (void)
{
  GtkWidget *parts;
  DabiaoNewEventDialog *dialog = dialog_with_parts ("国民体质监测", "natfit-2003", &parts);
  g_autoptr(DabiaoEventInfo) adults = NULL;
  g_autoptr(DabiaoEventInfo) with_children = NULL;
  g_autofree char *stations = NULL;
  g_autofree char *items = NULL;
  g_autofree char *more = NULL;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (parts), TRUE);
  dabiao_test_wait (200);
  dabiao_test_screenshot (GTK_WIDGET (dialog), "new-event-natfit");

  adults = dabiao_new_event_dialog_get_info (dialog);
  g_assert_nonnull (adults);
  items = describe_choice (adults);
  stations = describe_stations (adults->stations);
  g_test_message ("adults: items%s; stations %s", items, stations);
  for (const char * const *code = (const char * const[]) { "height", "weight", "vital_capacity", "step_time", "pulse1",
                                                           "grip", "push_up", "one_leg_stand", NULL }; *code != NULL; code++)
    {
      g_autofree char *needle = g_strdup_printf (" %s ", *code);

      g_assert_nonnull (strstr (items, needle));
    }
  for (const char * const *code = (const char * const[]) { "run_10m", "tennis_throw", "continuous_jump", "balance_beam",
                                                           "standing_long_jump", NULL }; *code != NULL; code++)
    {
      g_autofree char *needle = g_strdup_printf (" %s ", *code);

      g_assert_null (strstr (items, needle));
    }
  g_assert_true (g_str_has_prefix (stations, "身高体重=height+weight;"));
  g_assert_nonnull (strstr (stations, "台阶试验=step_time+pulse1+pulse2+pulse3"));
  g_assert_null (strstr (stations, "脉搏"));

  /* 幼儿 too: the preschool items come. */
  {
    GtkWidget *check = dabiao_test_find_part_check (parts, "幼儿");

    g_assert_nonnull (check);
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  }
  with_children = dabiao_new_event_dialog_get_info (dialog);
  more = describe_choice (with_children);
  g_assert_nonnull (strstr (more, " run_10m "));
  g_assert_nonnull (strstr (more, " balance_beam "));
  g_assert_nonnull (strstr (more, " grip "));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

/* Labels a person must read whole: the standards in the list (not cut at
 * 20 characters), the date spelled as in 活动信息, the main menu's tooltip
 * on one line. */

static void
collect_labels (GtkWidget *root,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_ptr_array_add (labels, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static GtkWidget *
find_titled_combo (GtkWidget  *root,
                   const char *title)
{
  if (ADW_IS_COMBO_ROW (root) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_titled_combo (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* At its own size the dialog fits a 1024×600 screen (the trial: 760 px
 * tall, 创建 and the lower fields out of reach); what does not fit scrolls
 * inside it, and 创建 stays in sight. */
static void
test_fits_small_screen (void)
{
  DabiaoNewEventDialog *dialog = DABIAO_NEW_EVENT_DIALOG (dabiao_new_event_dialog_new (NULL));
  GtkWidget *create;
  GtkWidget *scrolled;
  graphene_rect_t bounds;
  GtkAdjustment *adjustment;

  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  dabiao_test_wait (300);
  dabiao_test_screenshot (GTK_WIDGET (dialog), "new-event-own-size");
  g_test_message ("new event dialog: %d×%d", gtk_widget_get_width (GTK_WIDGET (dialog)),
                  gtk_widget_get_height (GTK_WIDGET (dialog)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, 600 - 48);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, 1024);
  create = dabiao_test_get_widget (GTK_WIDGET (dialog), "create");
  g_assert_true (gtk_widget_compute_bounds (create, GTK_WIDGET (dialog), &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (dialog)));
  scrolled = find_type (GTK_WIDGET (dialog), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_test_message ("content %.0f px in %.0f px", gtk_adjustment_get_upper (adjustment),
                  gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
test_labels_whole (void)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  DabiaoNewEventDialog *dialog = DABIAO_NEW_EVENT_DIALOG (dabiao_new_event_dialog_new (NULL));
  GtkWidget *standards;
  GtkWidget *popover;
  guint n = 0;

  g_object_ref_sink (dialog);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 900);
  gtk_window_present (GTK_WINDOW (dialog));
  dabiao_test_wait (200);

  /* The date as 活动信息 spells it. */
  g_assert_nonnull (find_titled_combo (GTK_WIDGET (dialog), "标准"));
  {
    gboolean found = FALSE;

    collect_labels (GTK_WIDGET (dialog), labels);
    for (guint i = 0; i < labels->len; i++)
      found |= g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), "测试日期（年-月-日）") == 0;
    g_assert_true (found);
    g_ptr_array_set_size (labels, 0);
  }

  /* The list of standards, opened: every name whole. */
  standards = find_titled_combo (GTK_WIDGET (dialog), "标准");
  /* Opened again if it closed at once: a popover hides when its window
   * loses the X focus, which another GUI test on the display may take. */
  popover = NULL;
  for (guint attempt = 0; attempt < 5 && (popover == NULL || !gtk_widget_get_mapped (popover)); attempt++)
    {
      gtk_widget_activate (standards);
      dabiao_test_wait (500);
      popover = find_type (standards, GTK_TYPE_POPOVER);
    }
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_mapped (popover));
  collect_labels (popover, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      if (*gtk_label_get_text (label) == '\0')
        continue;
      n++;
      g_test_message ("standard: %s", gtk_label_get_text (label));
      if (pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        g_error ("the standard “%s” is cut in the list", gtk_label_get_text (label));
    }
  g_assert_cmpuint (n, >=, 2);
  dabiao_test_screenshot (popover, "new-event-standards-list");
  gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  dabiao_test_wait (100);
}

/* The main menu's tooltip: its text on one line, also when pressed against
 * the screen's right edge. */
static void
test_menu_tooltip (void)
{
  DabiaoWindow *window = g_object_new (DABIAO_TYPE_WINDOW, NULL);
  GtkWidget *button;
  GtkWidget *label = NULL;
  graphene_point_t p;
  g_autofree char *move = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 700);
  gtk_window_present (GTK_WINDOW (window));
  dabiao_test_wait (500);
  button = dabiao_test_get_widget (GTK_WIDGET (window), "main-menu");
  g_assert_true (gtk_widget_compute_point (button, GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (button) / 2.f,
                                                                 gtk_widget_get_height (button) / 2.f), &p));
  move = g_strdup_printf ("xdotool mousemove --sync %d %d", (int) p.x, (int) p.y);
  g_assert_true (g_spawn_command_line_sync (move, NULL, NULL, NULL, NULL));
  for (guint i = 0; i < 60 && (label = dabiao_test_find_widget (GTK_WIDGET (window), "unwrapped-tooltip")) == NULL; i++)
    dabiao_test_wait (50);
  g_assert_nonnull (label);
  /* The tooltip may go any moment: the label kept, checked at once. */
  g_object_ref (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "主菜单");
  g_assert_false (gtk_label_get_wrap (GTK_LABEL (label)));
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), ==, 1);
  g_object_unref (label);
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (100);
}

int
main (int argc, char *argv[])
{
  dabiao_test_init (&argc, &argv);

  g_test_add_func ("/dabiao/app/NewEvent/create", test_create_through_dialog);
  g_test_add_func ("/dabiao/app/NewEvent/edit", test_edit_mode);
  g_test_add_func ("/dabiao/app/NewEvent/form-keeps-work", test_form_keeps_work);
  g_test_add_func ("/dabiao/app/NewEvent/natfit-defaults", test_natfit_defaults);
  g_test_add_func ("/dabiao/app/NewEvent/student-levels", test_student_levels);
  g_test_add_func ("/dabiao/app/NewEvent/names-not-markup", test_names_not_markup);
  g_test_add_func ("/dabiao/app/NewEvent/user-standards", test_user_standards);
  g_test_add_func ("/dabiao/app/NewEvent/labels-whole", test_labels_whole);
  g_test_add_func ("/dabiao/app/NewEvent/fits-small-screen", test_fits_small_screen);
  g_test_add_func ("/dabiao/app/Window/menu-tooltip", test_menu_tooltip);
  g_test_add_func ("/dabiao/app/Station/defined-scale", test_multi_item_station);
  g_test_add_func ("/dabiao/app/Station/demo-stations", test_demo_stations);

  return g_test_run ();
}
