/* dabiao-roster-page.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-roster-page.h"

/* The roster: GtkColumnView → GtkSingleSelection → GtkSortListModel (the
 * column view's sorter) → DabiaoRosterModel (which filters itself; see
 * dabiao-roster-model.c).  With no column sorted the sort model passes rows
 * straight through, so a keystroke costs one pass over the array. */

struct _DabiaoRosterPage
{
  AdwBin             parent_instance;

  GtkSearchEntry    *search_entry;
  GtkDropDown       *grade_dropdown;
  GtkStringList     *grade_list;
  GtkDropDown       *class_dropdown;
  GtkStringList     *class_list;
  GtkDropDown       *sex_dropdown;
  GtkStringList     *sex_list;
  GtkDropDown       *status_dropdown;
  GtkStringList     *status_list;
  GtkLabel          *count_label;
  GtkRevealer       *import_revealer;
  GtkProgressBar    *import_progress;
  GtkLabel          *import_label;
  GtkStack          *stack;
  GtkColumnView     *column_view;

  DabiaoRosterModel *roster;
  GtkSortListModel  *sorted;
  GArray            *grades;      /* int, parallel to grade_list after "all" */
  gboolean           building;
};

enum {
  SIGNAL_PARTICIPANT_ACTIVATED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DabiaoRosterPage, dabiao_roster_page, ADW_TYPE_BIN)

static void
update_count (DabiaoRosterPage *self)
{
  g_autofree char *text = NULL;
  guint total = self->roster != NULL ? dabiao_roster_model_get_n_total (self->roster) : 0;
  guint shown = self->roster != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->roster)) : 0;

  if (shown == total)
    text = g_strdup_printf (ngettext ("%u participant", "%u participants", total),
                            total);
  else
    /* Translators: roster count when filtered: "12 of 2,000 participants" */
    text = g_strdup_printf (ngettext ("%u of %u participant", "%u of %u participants", total),
                            shown, total);
  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, total > 0 ? "list" : "empty");
}

static void
refilter (DabiaoRosterPage *self)
{
  DabiaoRosterFilter filter = { 0 };
  guint grade_pos, class_pos;

  if (self->roster == NULL || self->building)
    return;

  filter.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  grade_pos = gtk_drop_down_get_selected (self->grade_dropdown);
  if (grade_pos != GTK_INVALID_LIST_POSITION && grade_pos > 0 && grade_pos - 1 < self->grades->len)
    filter.grade = g_array_index (self->grades, int, grade_pos - 1);
  class_pos = gtk_drop_down_get_selected (self->class_dropdown);
  if (class_pos != GTK_INVALID_LIST_POSITION && class_pos > 0)
    filter.class_name = gtk_string_list_get_string (self->class_list, class_pos);
  filter.sex = (int) MIN (gtk_drop_down_get_selected (self->sex_dropdown), 2);
  filter.status = (DabiaoRosterStatus) MIN (gtk_drop_down_get_selected (self->status_dropdown),
                                            DABIAO_ROSTER_STATUS_EXEMPT);

  dabiao_roster_model_set_filter (self->roster, &filter);
  update_count (self);

  /* A new filter shows its results from the top. */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view)), 0);
}

static void
on_row_activated (DabiaoRosterPage *self,
                  guint             position)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (self->column_view));
  g_autoptr(DabiaoRosterItem) item = g_list_model_get_item (model, position);

  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_PARTICIPANT_ACTIVATED], 0, item);
}

static void
dabiao_roster_page_dispose (GObject *object)
{
  DabiaoRosterPage *self = DABIAO_ROSTER_PAGE (object);

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->sorted);
  g_clear_object (&self->roster);
  g_clear_pointer (&self->grades, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), DABIAO_TYPE_ROSTER_PAGE);

  G_OBJECT_CLASS (dabiao_roster_page_parent_class)->dispose (object);
}

static void
dabiao_roster_page_class_init (DabiaoRosterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dabiao_roster_page_dispose;

  /**
   * DabiaoRosterPage::participant-activated:
   * @item: the participant to edit
   */
  signals[SIGNAL_PARTICIPANT_ACTIVATED] =
    g_signal_new ("participant-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DABIAO_TYPE_ROSTER_ITEM);

  g_type_ensure (DABIAO_TYPE_ROSTER_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-roster-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, grade_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, grade_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, class_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, sex_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, sex_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, status_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, import_progress);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, import_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, refilter);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
dabiao_roster_page_init (DabiaoRosterPage *self)
{
  self->building = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->grades = g_array_new (FALSE, FALSE, sizeof (int));
  gtk_string_list_append (self->grade_list, _("All grades"));
  gtk_string_list_append (self->class_list, _("All classes"));
  gtk_string_list_append (self->sex_list, _("Both sexes"));
  gtk_string_list_append (self->sex_list, "男");
  gtk_string_list_append (self->sex_list, "女");
  gtk_string_list_append (self->status_list, _("Any status"));
  gtk_string_list_append (self->status_list, dabiao_roster_status_label (DABIAO_ROSTER_STATUS_COMPLETE));
  gtk_string_list_append (self->status_list, dabiao_roster_status_label (DABIAO_ROSTER_STATUS_MISSING));
  gtk_string_list_append (self->status_list, dabiao_roster_status_label (DABIAO_ROSTER_STATUS_EXEMPT));
  self->building = FALSE;

  update_count (self);
}

GtkWidget *
dabiao_roster_page_new (void)
{
  return g_object_new (DABIAO_TYPE_ROSTER_PAGE, NULL);
}

void
dabiao_roster_page_set_roster (DabiaoRosterPage  *self,
                               DabiaoRosterModel *roster)
{
  g_autoptr(GPtrArray) grades = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  GtkSelectionModel *selection;
  guint n;

  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  if (!g_set_object (&self->roster, roster))
    return;

  self->building = TRUE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->grade_list));
  gtk_string_list_splice (self->grade_list, 1, n - 1, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->class_list));
  gtk_string_list_splice (self->class_list, 1, n - 1, NULL);
  g_array_set_size (self->grades, 0);

  if (roster != NULL)
    {
      grades = dabiao_roster_model_get_grades (roster);
      for (guint i = 0; i < grades->len; i++)
        {
          int grade = GPOINTER_TO_INT (g_ptr_array_index (grades, i));
          g_autofree char *label = g_strdup_printf ("%d %s", grade, dabiao_grade_label (grade));

          g_array_append_val (self->grades, grade);
          gtk_string_list_append (self->grade_list, label);
        }
      classes = dabiao_roster_model_get_classes (roster);
      for (guint i = 0; i < classes->len; i++)
        gtk_string_list_append (self->class_list, g_ptr_array_index (classes, i));
    }

  gtk_drop_down_set_selected (self->grade_dropdown, 0);
  gtk_drop_down_set_selected (self->class_dropdown, 0);
  gtk_drop_down_set_selected (self->sex_dropdown, 0);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->sorted);
  if (roster != NULL)
    {
      self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (roster)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
      selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted))));
      gtk_column_view_set_model (self->column_view, selection);
      g_object_unref (selection);
    }

  self->building = FALSE;
  refilter (self);
}

/**
 * dabiao_roster_page_set_search:
 *
 * Types @text into the search entry and filters at once (without waiting
 * for the entry's search delay).
 */
void
dabiao_roster_page_set_search (DabiaoRosterPage *self,
                               const char       *text)
{
  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  refilter (self);
}

void
dabiao_roster_page_set_filter_sex (DabiaoRosterPage *self,
                                   int               sex)
{
  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  gtk_drop_down_set_selected (self->sex_dropdown, (guint) CLAMP (sex, 0, 2));
}

void
dabiao_roster_page_set_filter_status (DabiaoRosterPage   *self,
                                      DabiaoRosterStatus  status)
{
  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  gtk_drop_down_set_selected (self->status_dropdown, status);
}

guint
dabiao_roster_page_get_n_shown (DabiaoRosterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_PAGE (self), 0);

  if (self->sorted == NULL)
    return 0;
  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

/**
 * dabiao_roster_page_get_shown:
 *
 * Returns: (transfer none) (nullable): the rows as the view shows them
 */
GListModel *
dabiao_roster_page_get_shown (DabiaoRosterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_PAGE (self), NULL);

  return self->sorted != NULL ? G_LIST_MODEL (self->sorted) : NULL;
}

void
dabiao_roster_page_show_import (DabiaoRosterPage *self,
                                double            fraction,
                                const char       *text)
{
  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  gtk_progress_bar_set_fraction (self->import_progress, CLAMP (fraction, 0.0, 1.0));
  gtk_progress_bar_set_text (self->import_progress, text);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), TRUE);
}

/**
 * dabiao_roster_page_finish_import:
 * @report: (nullable): what was imported and the row-by-row errors; %NULL
 *   hides the report
 */
void
dabiao_roster_page_finish_import (DabiaoRosterPage *self,
                                  const char       *report)
{
  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), FALSE);
  gtk_label_set_label (self->import_label, report != NULL ? report : "");
  gtk_revealer_set_reveal_child (self->import_revealer, report != NULL);
}
