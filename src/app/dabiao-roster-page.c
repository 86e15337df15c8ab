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
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *sex_column;
  GtkColumnViewColumn *grade_column;
  GtkColumnViewColumn *class_column;
  GtkColumnViewColumn *status_column;

  DabiaoRosterModel *roster;
  GtkSortListModel  *sorted;
  GArray            *grades;      /* int, parallel to grade_list after "all" */
  GtkSingleSelection *selection;
  DabiaoRosterFilter last;
  char              *last_search;
  char              *last_class;
  gboolean           have_last;
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
  guint shown = self->sorted != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) : 0;

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
show_model (DabiaoRosterPage *self,
            GListModel       *model)
{
  GtkSelectionModel *selection;

  g_clear_object (&self->sorted);
  self->sorted = gtk_sort_list_model_new (g_object_ref (model),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (selection), TRUE);
  self->selection = GTK_SINGLE_SELECTION (selection);
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);
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

  /* The entry reports a change more than once per keystroke (at once and
   * after its delay): filter only when something differs. */
  if (self->have_last
      && g_strcmp0 (filter.search, self->last_search) == 0
      && filter.grade == self->last.grade && filter.sex == self->last.sex
      && filter.status == self->last.status
      && g_strcmp0 (filter.class_name, self->last_class) == 0)
    return;
  self->have_last = TRUE;
  self->last = filter;
  g_free (self->last_search);
  self->last_search = g_strdup (filter.search);
  g_free (self->last_class);
  self->last_class = g_strdup (filter.class_name);

  /* GtkSingleSelection looks for a removed selected item among all the
   * added ones (one get_item per row): drop the selection first.  The model
   * reports only the part that changed, so the view keeps (and rebinds) the
   * row widgets it has. */
  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  dabiao_roster_model_set_filter (self->roster, &filter);
  update_count (self);
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

/* Cells: a GtkLabel per cell, filled in C (a GtkBuilderListItemFactory parses
 * its template for every cell it creates, which doubled the cost of a
 * keystroke in bench-app filter). */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* No width in characters: that asks Pango for font metrics per cell,
   * which with CJK fallback fonts is slow.  Columns have fixed widths. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (list_item, label);
}

static void
status_changed (DabiaoRosterItem *item,
                GParamSpec       *pspec,
                GtkWidget        *label)
{
  gtk_label_set_label (GTK_LABEL (label), dabiao_roster_status_label (dabiao_roster_item_get_status (item)));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  const char *property = data;
  DabiaoRosterItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  g_object_get (item, property, &text, NULL);
  gtk_label_set_label (GTK_LABEL (label), text);
  if (g_str_equal (property, "status-label"))
    g_signal_connect_object (item, "notify::status-label", G_CALLBACK (status_changed), label, 0);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  data)
{
  DabiaoRosterItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL && g_str_equal ((const char *) data, "status-label"))
    g_signal_handlers_disconnect_by_func (item, status_changed, gtk_list_item_get_child (list_item));
}

static void
set_factory (GtkColumnViewColumn *column,
             const char          *property,
             guint                nat_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_column_view_column_set_fixed_width (column, (int) nat_chars * 16 + 24);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), (gpointer) property);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), (gpointer) property);
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);
}

static void
dabiao_roster_page_dispose (GObject *object)
{
  DabiaoRosterPage *self = DABIAO_ROSTER_PAGE (object);

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->sorted);
  g_clear_object (&self->roster);
  g_clear_pointer (&self->grades, g_array_unref);
  g_clear_pointer (&self->last_search, g_free);
  g_clear_pointer (&self->last_class, g_free);
  self->selection = NULL;
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
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, id_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, sex_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, grade_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, class_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, status_column);
  gtk_widget_class_bind_template_callback (widget_class, refilter);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
dabiao_roster_page_init (DabiaoRosterPage *self)
{
  self->building = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  set_factory (self->id_column, "id", 14);
  set_factory (self->name_column, "name", 8);
  set_factory (self->sex_column, "sex-label", 3);
  set_factory (self->grade_column, "grade-label", 5);
  set_factory (self->class_column, "class-name", 8);
  set_factory (self->status_column, "status-label", 8);

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
  self->selection = NULL;
  g_clear_object (&self->sorted);
  if (roster != NULL)
    show_model (self, G_LIST_MODEL (roster));

  self->have_last = FALSE;
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
  if (fraction < 0)
    gtk_progress_bar_pulse (self->import_progress);
  else
    gtk_progress_bar_set_fraction (self->import_progress, CLAMP (fraction, 0.0, 1.0));
  gtk_progress_bar_set_text (self->import_progress, text);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), TRUE);
}

void
dabiao_roster_page_pulse_import (DabiaoRosterPage *self)
{
  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  gtk_progress_bar_pulse (self->import_progress);
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

/**
 * dabiao_roster_page_get_import_report:
 *
 * Returns: the report of the last import, or ""
 */
const char *
dabiao_roster_page_get_import_report (DabiaoRosterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_PAGE (self), NULL);

  return gtk_label_get_label (self->import_label);
}
