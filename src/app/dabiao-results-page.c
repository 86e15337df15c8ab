/* dabiao-results-page.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-chart.h"
#include "dabiao-results-page.h"

/* The organiser's overview: totals, the level distribution by school year × sex and
 * the pass rate per item (cairo charts), progress per item, and the recent
 * measurements with a way to void one (with a reason; the event file keeps
 * the audit history), one participant's results with 更正… per item.  The
 * page shows what its owner computes from the event file; it emits ::void
 * when the organiser voids a measurement, ::correct for 更正…. */

struct _DabiaoResultsPage
{
  AdwBin       parent_instance;

  GtkLabel    *participants_value;
  GtkLabel    *complete_value;
  GtkLabel    *measurements_value;
  GtkLabel    *pass_value;
  DabiaoChart *level_chart;
  DabiaoChart *pass_chart;
  GtkLabel    *pass_label;
  GtkListBox  *progress_list;
  GtkListBox  *history_list;
  GtkListBox  *class_list;
  GtkListBox  *audit_list;
  GtkSearchEntry *person_entry;
  GtkListBox  *person_list;
  GtkWidget   *changes_heading;
  GtkListBox  *changes_list;
};

enum {
  SIGNAL_VOID,
  SIGNAL_PERSON,
  SIGNAL_CORRECT,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DabiaoResultsPage, dabiao_results_page, ADW_TYPE_BIN)

/* 等级 of the national standards: data, written in Chinese. */

static void
remove_rows (GtkListBox *list)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      child = next;
    }
}

static void
person_activate_cb (DabiaoResultsPage *self)
{
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->person_entry))));

  if (id[0] != '\0')
    g_signal_emit (self, signals[SIGNAL_PERSON], 0, id);
}

static void
dabiao_results_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DABIAO_TYPE_RESULTS_PAGE);

  G_OBJECT_CLASS (dabiao_results_page_parent_class)->dispose (object);
}

static void
dabiao_results_page_class_init (DabiaoResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dabiao_results_page_dispose;

  /**
   * DabiaoResultsPage::void:
   * @id: the measurement to void
   * @reason: why
   */
  signals[SIGNAL_VOID] =
    g_signal_new ("void", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * DabiaoResultsPage::person:
   * @id: the participant whose results to show
   */
  signals[SIGNAL_PERSON] =
    g_signal_new ("person", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * DabiaoResultsPage::correct:
   * @item: the code of the item of the participant shown to correct or void
   */
  signals[SIGNAL_CORRECT] =
    g_signal_new ("correct", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (DABIAO_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, participants_value);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, complete_value);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, measurements_value);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, pass_value);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, level_chart);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, pass_chart);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, pass_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, progress_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, class_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, audit_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, person_entry);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, person_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, changes_heading);
  gtk_widget_class_bind_template_child (widget_class, DabiaoResultsPage, changes_list);
  gtk_widget_class_bind_template_callback (widget_class, person_activate_cb);
}

static void
dabiao_results_page_init (DabiaoResultsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  dabiao_chart_set_title (self->level_chart, _("Levels by school year and sex"));
  dabiao_chart_set_title (self->pass_chart, _("Pass rate per item"));
}

GtkWidget *
dabiao_results_page_new (void)
{
  return g_object_new (DABIAO_TYPE_RESULTS_PAGE, NULL);
}

static void
set_number (GtkLabel *label,
            guint     value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  gtk_label_set_label (label, text);
}

/**
 * dabiao_results_page_set_totals:
 * @pass_rate: 0–100, or a negative number when nobody has a level yet
 */
void
dabiao_results_page_set_totals (DabiaoResultsPage *self,
                                guint              participants,
                                guint              complete,
                                guint              measurements,
                                double             pass_rate)
{
  g_autofree char *pass = NULL;

  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  set_number (self->participants_value, participants);
  set_number (self->complete_value, complete);
  set_number (self->measurements_value, measurements);
  pass = pass_rate < 0 ? g_strdup ("—") : g_strdup_printf ("%.1f%%", pass_rate);
  gtk_label_set_label (self->pass_value, pass);
  /* Measured, but nobody has every item yet: the level chart and the pass
   * rate are empty while the item charts fill, so say why (trial 16b). */
  {
    const char *why = measurements > 0 && pass_rate < 0
                      ? _("Nobody has finished every item yet: levels and the pass rate count those who have")
                      : NULL;

    dabiao_chart_set_empty_text (self->level_chart, why);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->pass_value), why);
  }
}

/**
 * dabiao_results_page_get_level_note:
 *
 * Returns: what the level chart says while it is empty (tests)
 */
const char *
dabiao_results_page_get_level_note (DabiaoResultsPage *self)
{
  g_return_val_if_fail (DABIAO_IS_RESULTS_PAGE (self), NULL);
  return dabiao_chart_get_empty_text (self->level_chart);
}

/**
 * dabiao_results_page_get_measurements_text:
 *
 * Returns: the number of measurements as the page shows it (tests)
 */
const char *
dabiao_results_page_get_measurements_text (DabiaoResultsPage *self)
{
  g_return_val_if_fail (DABIAO_IS_RESULTS_PAGE (self), NULL);
  return gtk_label_get_label (self->measurements_value);
}

/* A row titled @title (plain text) with a bar of @value out of @max
 * (at least 1) and @count beside it. */
static GtkWidget *
progress_row_new (const char *title,
                  guint       value,
                  guint       max,
                  const char *count,
                  int         bar_width,
                  int         count_chars)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, MAX (max, 1));
  GtkWidget *label = gtk_label_new (count);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), MIN (value, MAX (max, 1)));
  gtk_widget_set_size_request (bar, bar_width, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_label_set_width_chars (GTK_LABEL (label), count_chars);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

/* A row of plain @title and @subtitle (user data: no markup). */
static GtkWidget *
text_row_new (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/**
 * dabiao_results_page_set_progress:
 * @items: (array zero-terminated=1): item names
 * @done: (array): participants measured per item
 * @expected: (array): participants the item applies to (their group and sex)
 */
void
dabiao_results_page_set_progress (DabiaoResultsPage  *self,
                                  const char * const *items,
                                  const guint        *done,
                                  const guint        *expected)
{
  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  remove_rows (self->progress_list);
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autofree char *count = g_strdup_printf ("%u / %u", done[i], expected[i]);

      gtk_list_box_append (self->progress_list, progress_row_new (items[i], done[i], expected[i], count, 240, 13));
    }
}

/**
 * dabiao_results_page_set_class_progress:
 * @classes: (array zero-terminated=1): class names
 * @total: (array): participants per class
 * @complete: (array): of them, those with every item done
 */
void
dabiao_results_page_set_class_progress (DabiaoResultsPage  *self,
                                        const char * const *classes,
                                        const guint        *total,
                                        const guint        *complete)
{
  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  remove_rows (self->class_list);
  for (guint i = 0; classes != NULL && classes[i] != NULL; i++)
    {
      g_autofree char *count = g_strdup_printf (_("%u complete · %u missing"), complete[i],
                                                total[i] - MIN (complete[i], total[i]));
      GtkWidget *row = progress_row_new (classes[i], complete[i], total[i], count, 200, 18);

      g_object_set_data_full (G_OBJECT (row), "dabiao-count", g_strdup (count), g_free);
      gtk_list_box_append (self->class_list, row);
    }
}

guint
dabiao_results_page_get_n_class_rows (DabiaoResultsPage *self)
{
  guint n = 0;

  g_return_val_if_fail (DABIAO_IS_RESULTS_PAGE (self), 0);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->class_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_BOX_ROW (c))
      n++;
  return n;
}

/* "班级 — n complete · m missing" of the @index-th class row, or NULL. */
char *
dabiao_results_page_dup_class_row (DabiaoResultsPage *self,
                                   guint              index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DABIAO_IS_RESULTS_PAGE (self), NULL);

  row = gtk_list_box_get_row_at_index (self->class_list, index);
  if (row == NULL || !ADW_IS_ACTION_ROW (row))
    return NULL;
  return g_strdup_printf ("%s — %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          (const char *) g_object_get_data (G_OBJECT (row), "dabiao-count"));
}

void
dabiao_results_page_clear_audit (DabiaoResultsPage *self)
{
  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  remove_rows (self->audit_list);
}

void
dabiao_results_page_add_audit (DabiaoResultsPage *self,
                               const char        *title,
                               const char        *subtitle,
                               const char        *who)
{
  GtkWidget *row;

  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  row = text_row_new (title, subtitle);
  if (who != NULL && who[0] != '\0')
    {
      /* The computer and person as they are named: data, not UI words. */
      GtkWidget *label = gtk_label_new (who);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "user-data");
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (self->audit_list, row);
}

guint
dabiao_results_page_get_n_audit_rows (DabiaoResultsPage *self)
{
  guint n = 0;

  g_return_val_if_fail (DABIAO_IS_RESULTS_PAGE (self), 0);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->audit_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_BOX_ROW (c) && ADW_IS_ACTION_ROW (c))
      n++;
  return n;
}

/**
 * dabiao_results_page_set_distribution:
 * @groups: (array zero-terminated=1): e.g. "一年级\n男"
 * @levels: (array zero-terminated=1): the standard's levels of the total, best first
 * @counts: (array): per group, the number of each level
 */
void
dabiao_results_page_set_distribution (DabiaoResultsPage  *self,
                                      const char * const *groups,
                                      const char * const *levels,
                                      const double       *counts)
{
  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  dabiao_chart_set_data (self->level_chart, groups, levels, counts, FALSE);
}

/**
 * dabiao_results_page_set_kind:
 * @by_age: the standard groups people by age (国民体质), not by school year
 * @item_levels: the standard gives single items levels, so a pass rate per item
 *   means something (student-2014: ≥ 60); without, that chart is hidden
 * @pass_label: (nullable): what the standard calls its pass rate (及格率,
 *   合格率), or NULL for the default
 */
void
dabiao_results_page_set_kind (DabiaoResultsPage *self,
                              gboolean           by_age,
                              gboolean           item_levels,
                              const char        *pass_label)
{
  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  gtk_label_set_label (self->pass_label, pass_label != NULL ? pass_label : _("Pass rate"));
  dabiao_chart_set_title (self->level_chart, by_age ? _("Levels by age group and sex")
                                                    : _("Levels by school year and sex"));
  gtk_widget_set_visible (GTK_WIDGET (self->pass_chart), item_levels);
}

/**
 * dabiao_results_page_set_pass_rates:
 * @items: (array zero-terminated=1): item names
 * @rates: (array): per item, the share (0–100) of participants with a passing score
 */
void
dabiao_results_page_set_pass_rates (DabiaoResultsPage  *self,
                                    const char * const *items,
                                    const double       *rates)
{
  const char * const series[] = { "及格率", NULL };

  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  dabiao_chart_set_data (self->pass_chart, items, series, rates, TRUE);
}

void
dabiao_results_page_clear_history (DabiaoResultsPage *self)
{
  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  remove_rows (self->history_list);
}

typedef struct
{
  DabiaoResultsPage *page;
  GtkEntry          *entry;
  char              *id;
} VoidDialog;

static void
void_reason_changed_cb (VoidDialog *data)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (data->entry), ADW_TYPE_MESSAGE_DIALOG);
  g_autofree char *reason =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->entry))));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "void", reason[0] != '\0');
}

static void
void_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  VoidDialog       *data)
{
  if (g_str_equal (response, "void"))
    {
      g_autofree char *reason =
        g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->entry))));

      if (reason[0] != '\0')
        g_signal_emit (data->page, signals[SIGNAL_VOID], 0, data->id, reason);
    }
  g_object_unref (data->page);
  g_free (data->id);
  g_free (data);
}

static void
void_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  DabiaoResultsPage *self = user_data;
  const char *id = g_object_get_data (G_OBJECT (button), "measurement-id");
  VoidDialog *data = g_new0 (VoidDialog, 1);
  GtkWidget *dialog;

  data->page = g_object_ref (self);
  data->id = g_strdup (id);
  data->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (data->entry, _("Reason (required), e.g. wrong participant"));
  gtk_entry_set_activates_default (data->entry, TRUE);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Void Measurement?"), NULL);
  /* Which one: person, item, value, then time and attempt. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s（%s）\n%s",
                                  (const char *) g_object_get_data (G_OBJECT (button), "title"),
                                  (const char *) g_object_get_data (G_OBJECT (button), "subtitle"),
                                  _("It stays in the event file, marked void, with your reason; the participant may take the attempt again."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (data->entry));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "void", _("_Void"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "void", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "void");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "void", FALSE);
  g_signal_connect_swapped (data->entry, "changed", G_CALLBACK (void_reason_changed_cb), data);
  g_signal_connect (dialog, "response", G_CALLBACK (void_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * dabiao_results_page_add_history:
 * @id: the measurement's id in the event file
 * @title: e.g. "张三 · 50米跑 · 8.2 秒"
 * @subtitle: e.g. "10:42 · 第 1 次 · 手动录入：仪器故障"
 * @voided: whether it is void already (no button then)
 */
void
dabiao_results_page_add_history (DabiaoResultsPage *self,
                                 const char        *id,
                                 const char        *title,
                                 const char        *subtitle,
                                 gboolean           voided)
{
  GtkWidget *row;

  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  row = text_row_new (title, subtitle);
  if (voided)
    {
      GtkWidget *label = gtk_label_new (_("Void"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (row, "voided");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      /* One per row: no mnemonic (Alt+V cannot mean every row). */
      GtkWidget *button = gtk_button_new_with_label (_("Void…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "measurement-id", g_strdup (id), g_free);
      g_object_set_data_full (G_OBJECT (button), "title", g_strdup (title), g_free);
      g_object_set_data_full (G_OBJECT (button), "subtitle", g_strdup (subtitle), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (void_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  gtk_list_box_append (self->history_list, row);
}

GtkWidget *
dabiao_results_page_get_level_chart (DabiaoResultsPage *self)
{
  return GTK_WIDGET (self->level_chart);
}

const char *
dabiao_results_page_get_pass_label (DabiaoResultsPage *self)
{
  g_return_val_if_fail (DABIAO_IS_RESULTS_PAGE (self), NULL);

  return gtk_label_get_label (self->pass_label);
}

GtkWidget *
dabiao_results_page_get_pass_chart (DabiaoResultsPage *self)
{
  return GTK_WIDGET (self->pass_chart);
}

/**
 * dabiao_results_page_show_person:
 * @heading: name and id
 * @items: (array zero-terminated=1): item names
 * @values: (array zero-terminated=1): results as shown
 * @scores: (array zero-terminated=1): scores as shown ("" when none)
 * @total: (nullable): total and level, NULL when not complete
 * @notes: (nullable): what is missing
 */
void
dabiao_results_page_show_person (DabiaoResultsPage  *self,
                                 const char         *heading,
                                 const char * const *items,
                                 const char * const *values,
                                 const char * const *scores,
                                 const char         *total,
                                 const char         *notes)
{
  GtkWidget *row;

  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  dabiao_results_page_clear_person (self);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), heading);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), notes != NULL ? notes : "");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_label_new (total != NULL ? total : _("No total yet")));
  gtk_widget_add_css_class (row, "heading");
  gtk_list_box_append (self->person_list, row);

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autofree char *score = NULL;
      GtkWidget *value = gtk_label_new (values[i]);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), items[i]);
      g_object_set_data_full (G_OBJECT (row), "value", g_strdup (values[i]), g_free);
      g_object_set_data_full (G_OBJECT (row), "score", g_strdup (scores[i] != NULL ? scores[i] : ""), g_free);
      gtk_widget_add_css_class (value, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      if (scores[i] != NULL && scores[i][0] != '\0')
        {
          /* Translators: an item score in the participant's results */
          score = g_strdup_printf (_("%s points"), scores[i]);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (score));
        }
      gtk_list_box_append (self->person_list, row);
    }
}

void
dabiao_results_page_clear_person (DabiaoResultsPage *self)
{
  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  remove_rows (self->person_list);
  remove_rows (self->changes_list);
  gtk_widget_set_visible (self->changes_heading, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_list), FALSE);
}

/**
 * dabiao_results_page_add_person_change:
 * @title: "50米跑：7.5 秒 → 8.6 秒"
 * @detail: when, where, who and why
 *
 * A 更正/作废 of the participant shown, below their results (the audit
 * trail where the results are).
 */
void
dabiao_results_page_add_person_change (DabiaoResultsPage *self,
                                       const char        *title,
                                       const char        *detail)
{
  GtkWidget *row;

  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_append (self->changes_list, row);
  gtk_widget_set_visible (self->changes_heading, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_list), TRUE);
}

/* The 更正/作废 rows shown, "TITLE\nDETAIL" each, one a line (tests). */
char *
dabiao_results_page_dup_person_changes (DabiaoResultsPage *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (DABIAO_IS_RESULTS_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->changes_list)))
    return g_string_free (text, FALSE);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->changes_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_ACTION_ROW (c))
      g_string_append_printf (text, "%s\n%s\n", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (c)));
  return g_string_free (text, FALSE);
}

guint
dabiao_results_page_get_n_person_rows (DabiaoResultsPage *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->person_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;
  return n;
}

static void
correct_clicked_cb (GtkButton         *button,
                    DabiaoResultsPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CORRECT], 0, g_object_get_data (G_OBJECT (button), "item"));
}

/**
 * dabiao_results_page_set_person_correctable:
 * @index: the item's place in what dabiao_results_page_show_person() showed
 * @code: its code, for ::correct
 *
 * Gives the item's row a 更正… button (the participant has results there
 * that can be corrected or voided); it is named "correct-CODE".
 */
void
dabiao_results_page_set_person_correctable (DabiaoResultsPage *self,
                                            guint              index,
                                            const char        *code)
{
  GtkListBoxRow *row;
  GtkWidget *button;
  g_autofree char *name = NULL;

  g_return_if_fail (DABIAO_IS_RESULTS_PAGE (self));

  row = gtk_list_box_get_row_at_index (self->person_list, index + 1);
  g_return_if_fail (ADW_IS_ACTION_ROW (row));
  /* One per row: no mnemonic, as 作废… below. */
  button = gtk_button_new_with_label (_("Correct…"));
  name = g_strconcat ("correct-", code, NULL);
  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Correct or void a result of this item, with a reason; the event file keeps both"));
  g_object_set_data_full (G_OBJECT (button), "item", g_strdup (code), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (correct_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

/* "VALUE SCORE" as the participant's row of @item_name shows them (tests),
 * or NULL. */
char *
dabiao_results_page_dup_person_result (DabiaoResultsPage *self,
                                       const char        *item_name)
{
  g_return_val_if_fail (DABIAO_IS_RESULTS_PAGE (self), NULL);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->person_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_ACTION_ROW (c) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), item_name) == 0
        && g_object_get_data (G_OBJECT (c), "value") != NULL)
      return g_strdup_printf ("%s %s", (const char *) g_object_get_data (G_OBJECT (c), "value"),
                              (const char *) g_object_get_data (G_OBJECT (c), "score"));
  return NULL;
}
