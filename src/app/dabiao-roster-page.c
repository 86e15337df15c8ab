/* dabiao-roster-page.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-output.h"
#include "dabiao-roster-page.h"
#include "dabiao-roster-rows.h"
#include "dabiao-roster-sorter.h"

/* The roster: GtkColumnView → GtkSingleSelection → DabiaoRosterRows (one
 * stable row object per position, so the view keeps its row widgets when
 * the filter changes; see dabiao-roster-rows.c) → DabiaoRosterModel (which
 * filters and sorts itself; see dabiao-roster-model.c).  The columns carry
 * DabiaoRosterSorters; when the column view's sorter changes, the page reads
 * its keys and the model sorts once, so a keystroke never sorts. */

typedef struct _KeptFilters KeptFilters;
static void kept_filters_free (KeptFilters *kept);

struct _DabiaoRosterPage
{
  AdwBin             parent_instance;

  GtkSearchEntry    *search_entry;
  AdwStatusPage     *empty_status;
  GtkColumnViewColumn *id_card_column;
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
  GtkWidget         *import_bin;
  GtkScrolledWindow *import_scroller;
  GtkStack          *stack;
  GtkColumnView     *column_view;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *sex_column;
  GtkColumnViewColumn *grade_column;
  GtkColumnViewColumn *class_column;
  GtkColumnViewColumn *status_column;
  GtkToggleButton   *full_ids_button;

  DabiaoRosterModel *roster;
  gboolean           full_ids;    /* identity numbers whole (asked for, audited) */
  DabiaoRosterRows  *rows;
  GArray            *grades;      /* int, parallel to grade_list after "all" */
  gboolean           by_group;    /* grade_list lists age groups (国民体质) */
  gboolean           by_age;      /* the event's standard groups by age (even with nobody yet) */
  GtkSingleSelection *selection;
  DabiaoRosterFilter last;
  char              *last_search;
  char              *last_class;
  char              *last_group;
  gboolean           have_last;
  gboolean           building;
  KeptFilters       *kept;       /* the filters across a reload */
};

enum {
  SIGNAL_PARTICIPANT_ACTIVATED,
  SIGNAL_FULL_IDS_REQUESTED,
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
apply_sort_cb (DabiaoRosterPage *self)
{
  DabiaoRosterSortKey keys[DABIAO_ROSTER_N_FIELDS];
  guint n_keys;

  if (self->roster == NULL)
    return;
  n_keys = dabiao_roster_sort_keys_from_sorter (gtk_column_view_get_sorter (self->column_view),
                                                keys, G_N_ELEMENTS (keys));
  /* The selected row object would show another participant after the sort. */
  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  dabiao_roster_model_set_sort (self->roster, keys, n_keys);
}

static void
show_model (DabiaoRosterPage  *self,
            DabiaoRosterModel *model)
{
  GtkSelectionModel *selection;

  g_clear_object (&self->rows);
  self->rows = dabiao_roster_rows_new (model);
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_single_selection_set_can_unselect (GTK_SINGLE_SELECTION (selection), TRUE);
  self->selection = GTK_SINGLE_SELECTION (selection);
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);
}

static void
refilter_cb (DabiaoRosterPage *self)
{
  DabiaoRosterFilter filter = { 0 };
  GtkAdjustment *vadjustment;
  guint grade_pos, class_pos;

  if (self->roster == NULL || self->building)
    return;

  filter.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  grade_pos = gtk_drop_down_get_selected (self->grade_dropdown);
  if (self->by_group)
    {
      if (grade_pos != GTK_INVALID_LIST_POSITION && grade_pos > 0)
        filter.group = gtk_string_list_get_string (self->grade_list, grade_pos);
    }
  else if (grade_pos != GTK_INVALID_LIST_POSITION && grade_pos > 0 && grade_pos - 1 < self->grades->len)
    filter.grade = g_array_index (self->grades, int, grade_pos - 1);
  class_pos = gtk_drop_down_get_selected (self->class_dropdown);
  if (class_pos != GTK_INVALID_LIST_POSITION && class_pos > 0)
    filter.class_name = gtk_string_list_get_string (self->class_list, class_pos);
  filter.sex = (int) MIN (gtk_drop_down_get_selected (self->sex_dropdown), 2);
  filter.status = (DabiaoRosterStatus) MIN (gtk_drop_down_get_selected (self->status_dropdown),
                                            DABIAO_ROSTER_STATUS_UNTESTED);

  /* The entry reports a change more than once per keystroke (at once and
   * after its delay): filter only when something differs. */
  if (self->have_last
      && g_strcmp0 (filter.search, self->last_search) == 0
      && filter.grade == self->last.grade && filter.sex == self->last.sex
      && filter.status == self->last.status
      && g_strcmp0 (filter.class_name, self->last_class) == 0
      && g_strcmp0 (filter.group, self->last_group) == 0)
    return;
  self->have_last = TRUE;
  self->last = filter;
  g_free (self->last_search);
  self->last_search = g_strdup (filter.search);
  g_free (self->last_class);
  self->last_class = g_strdup (filter.class_name);
  g_free (self->last_group);
  self->last_group = g_strdup (filter.group);

  /* The row objects stay where they are and show other participants, so a
   * selected row would now select someone else: drop the selection first. */
  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  dabiao_roster_model_set_filter (self->roster, &filter);
  /* A new result starts at its top (the rows keep their place in the list,
   * so the view would otherwise stay as far down as it was). */
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  if (vadjustment != NULL && gtk_adjustment_get_value (vadjustment) > 0)
    gtk_adjustment_set_value (vadjustment, 0);
  update_count (self);
}

static void
row_activated_cb (DabiaoRosterPage *self,
                  guint             position)
{
  g_autoptr(DabiaoRosterItem) item = NULL;

  if (self->roster == NULL)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->roster), position);

  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_PARTICIPANT_ACTIVATED], 0, item);
}

/* Cells: one GtkInscription per cell, filled in C.  An inscription's size
 * comes from font metrics, not from its text, so new text only redraws it:
 * no measuring and no relayout of the rows when the filter changes.  (A
 * GtkBuilderListItemFactory parses its template for every cell it creates,
 * and a GtkLabel measures its text on every change.) */

static const char *
cell_text (DabiaoRosterItem  *item,
           DabiaoRosterField  field)
{
  if (item == NULL)
    return "";
  switch (field)
    {
    case DABIAO_ROSTER_FIELD_ID:
      return dabiao_roster_item_get_id (item);
    case DABIAO_ROSTER_FIELD_NAME:
      return dabiao_roster_item_get_name (item);
    case DABIAO_ROSTER_FIELD_SEX:
      return dabiao_sex_label (dabiao_roster_item_get_sex (item));
    case DABIAO_ROSTER_FIELD_GRADE:
      if (dabiao_roster_item_get_group (item) != NULL)
        return dabiao_roster_item_get_group (item);
      if (dabiao_roster_item_get_group_note (item) != NULL)
        return dabiao_roster_item_get_group_note (item);
      return dabiao_grade_label (dabiao_roster_item_get_grade (item));
    case DABIAO_ROSTER_FIELD_CLASS:
      return dabiao_roster_item_get_class_name (item);
    case DABIAO_ROSTER_FIELD_STATUS:
      return dabiao_roster_status_label (dabiao_roster_item_get_status (item));
    case DABIAO_ROSTER_N_FIELDS:
    default:
      return "";
    }
}

/* The 身份证号 column's cells (not a sort field: its numbers are masked). */
#define ID_CARD_CELL DABIAO_ROSTER_N_FIELDS

/* The cell's text; an id holding an identity number (学籍号 G + 身份证号,
 * L + 身份证号) and the 身份证号 column masked unless the page says whole
 * (0102). */
static void
set_cell_text (GtkInscription   *cell,
               DabiaoRosterItem *item)
{
  DabiaoRosterField field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "dabiao-field"));

  DabiaoRosterPage *page = g_object_get_data (G_OBJECT (cell), "dabiao-page");

  if ((field == DABIAO_ROSTER_FIELD_ID || field == ID_CARD_CELL) && item != NULL && page != NULL)
    {
      const char *text = field == ID_CARD_CELL ? dabiao_roster_item_get_id_card (item) : dabiao_roster_item_get_id (item);
      g_autofree char *masked = page->full_ids ? g_strdup (text) : dabiao_output_mask_id (text);

      gtk_inscription_set_text (cell, masked);
      return;
    }
  gtk_inscription_set_text (cell, cell_text (item, field));
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  g_object_set_data (G_OBJECT (cell), "dabiao-field", data);
  g_object_set_data (G_OBJECT (cell), "dabiao-page", g_object_get_data (G_OBJECT (factory), "dabiao-page"));
  gtk_list_item_set_child (list_item, cell);
}

/* The row object now shows another participant (or its status changed). */
static void
row_changed_cb (DabiaoRosterRow *row,
                GParamSpec      *pspec,
                GtkInscription  *cell)
{
  set_cell_text (cell, dabiao_roster_row_get_item (row));
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  data)
{
  DabiaoRosterField field = GPOINTER_TO_INT (data);
  DabiaoRosterRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  set_cell_text (GTK_INSCRIPTION (cell), dabiao_roster_row_get_item (row));
  g_signal_connect (row, "notify::item", G_CALLBACK (row_changed_cb), cell);
  if (field == DABIAO_ROSTER_FIELD_STATUS)
    g_signal_connect (row, "notify::status", G_CALLBACK (row_changed_cb), cell);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  data)
{
  DabiaoRosterRow *row = gtk_list_item_get_item (list_item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, row_changed_cb, gtk_list_item_get_child (list_item));
}

/* Room a cell needs around its text (padding, the sort arrow's gap). */
#define CELL_PADDING 24

static void
setup_column (DabiaoRosterPage    *self,
              GtkColumnViewColumn *column,
              DabiaoRosterField    field,
              guint                nat_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = dabiao_roster_sorter_new (field);

  /* The cells ask the page how to show an id (masked or whole). */
  g_object_set_data (G_OBJECT (factory), "dabiao-page", self);

  gtk_column_view_column_set_fixed_width (column, (int) nat_chars * 16 + CELL_PADDING);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (field));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (field));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GINT_TO_POINTER (field));
  gtk_column_view_column_set_factory (column, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (factory);
}

static int
text_px (DabiaoRosterPage *self,
         const char       *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w;
}

/* Columns as wide as what they hold, so that an adults' roster fits 1024
 * pixels (findings-15c #9: the 身份证号 column pushed past the right edge
 * by a 编号 column sized for 19-character 学籍号): the 身份证号 column for
 * 18 characters masked or whole, in the page's font; at a public day the
 * 编号 column for the longest 编号 and the 年龄组 column for the longest
 * group or note (不在测试年龄段（不发证）). */
static void
fit_columns (DabiaoRosterPage *self)
{
  const char *longest_id = "A0000";
  const char *longest_group = NULL;
  glong id_chars = 5, group_chars = 0;
  int id_w = 14 * 16 + CELL_PADDING, group_w = 5 * 16 + CELL_PADDING;

  gtk_column_view_column_set_fixed_width (self->id_card_column,
                                          MAX (text_px (self, "1101**********011X"),
                                               text_px (self, "11010519900101011X")) + CELL_PADDING);
  if (self->by_age && self->roster != NULL)
    {
      GListModel *model = G_LIST_MODEL (self->roster);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(DabiaoRosterItem) item = g_list_model_get_item (model, i);
          const char *id = dabiao_roster_item_get_id (item);
          const char *group = dabiao_roster_item_get_group (item) != NULL ? dabiao_roster_item_get_group (item)
                                                                          : dabiao_roster_item_get_group_note (item);
          glong n = g_utf8_strlen (id, -1);

          if (n > id_chars)
            longest_id = id, id_chars = n;
          if (group != NULL && (n = g_utf8_strlen (group, -1)) > group_chars)
            longest_group = group, group_chars = n;
        }
      id_w = MIN (id_w, MAX (text_px (self, longest_id), text_px (self, _("ID"))) + CELL_PADDING);
      if (longest_group != NULL)
        group_w = MAX (group_w, text_px (self, longest_group) + CELL_PADDING);
    }
  gtk_column_view_column_set_fixed_width (self->id_column, id_w);
  gtk_column_view_column_set_fixed_width (self->grade_column, group_w);
}

/* The 身份证号 column: as setup_column, without sorting. */
static void
setup_id_card_column (DabiaoRosterPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "dabiao-page", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (ID_CARD_CELL));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (ID_CARD_CELL));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), GINT_TO_POINTER (ID_CARD_CELL));
  gtk_column_view_column_set_factory (self->id_card_column, factory);
  g_object_unref (factory);
}

/* The toggle asks; the window audits and answers with set_full_ids. */
static void
full_ids_toggled_cb (DabiaoRosterPage *self)
{
  gboolean wanted = gtk_toggle_button_get_active (self->full_ids_button);

  if (wanted == self->full_ids)
    return;
  if (!wanted)
    {
      dabiao_roster_page_set_full_ids (self, FALSE);
      return;
    }
  /* Not shown until the audit has it. */
  g_signal_handlers_block_by_func (self->full_ids_button, full_ids_toggled_cb, self);
  gtk_toggle_button_set_active (self->full_ids_button, FALSE);
  g_signal_handlers_unblock_by_func (self->full_ids_button, full_ids_toggled_cb, self);
  g_signal_emit (self, signals[SIGNAL_FULL_IDS_REQUESTED], 0);
}

/**
 * dabiao_roster_page_set_full_ids:
 * @full_ids: show identity numbers (in ids) whole; the caller has audited it
 */
void
dabiao_roster_page_set_full_ids (DabiaoRosterPage *self,
                                 gboolean          full_ids)
{
  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  self->full_ids = full_ids;
  g_signal_handlers_block_by_func (self->full_ids_button, full_ids_toggled_cb, self);
  gtk_toggle_button_set_active (self->full_ids_button, full_ids);
  g_signal_handlers_unblock_by_func (self->full_ids_button, full_ids_toggled_cb, self);
  if (self->rows != NULL)
    dabiao_roster_rows_refresh (self->rows);
}

gboolean
dabiao_roster_page_get_full_ids (DabiaoRosterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_PAGE (self), FALSE);

  return self->full_ids;
}

static void
dabiao_roster_page_dispose (GObject *object)
{
  DabiaoRosterPage *self = DABIAO_ROSTER_PAGE (object);

  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view), apply_sort_cb, self);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  g_clear_object (&self->rows);
  g_clear_object (&self->roster);
  g_clear_pointer (&self->grades, g_array_unref);
  g_clear_pointer (&self->last_search, g_free);
  g_clear_pointer (&self->kept, kept_filters_free);
  g_clear_pointer (&self->last_class, g_free);
  g_clear_pointer (&self->last_group, g_free);
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
  /**
   * DabiaoRosterPage::full-ids-requested:
   *
   * The 显示完整证件号 toggle was pressed: the window records it in the
   * audit, then calls dabiao_roster_page_set_full_ids().
   */
  signals[SIGNAL_FULL_IDS_REQUESTED] =
    g_signal_new ("full-ids-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (DABIAO_TYPE_ROSTER_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-roster-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, id_card_column);
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
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, import_bin);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, import_scroller);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, id_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, sex_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, grade_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, class_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRosterPage, full_ids_button);
  gtk_widget_class_bind_template_callback (widget_class, full_ids_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, refilter_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

/* The import report's height: the wrapped report's at the width it gets,
 * up to the scroller's max-content-height, beyond which it scrolls.  A
 * scrolled window propagating its child's natural height asks a label for
 * its height at the label's natural width — its lines unwrapped — so a
 * wrapped last line went on out of sight (trial 11c #6). */
static GtkSizeRequestMode
report_request_mode (GtkWidget *bin)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
report_measure (GtkWidget      *bin,
                GtkOrientation  orientation,
                int             for_size,
                int            *minimum,
                int            *natural,
                int            *minimum_baseline,
                int            *natural_baseline)
{
  GtkWidget *scroller = gtk_widget_get_first_child (bin);
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  int cap = gtk_scrolled_window_get_max_content_height (GTK_SCROLLED_WINDOW (scroller));

  if (orientation == GTK_ORIENTATION_HORIZONTAL || !gtk_widget_get_visible (content))
    {
      gtk_widget_measure (scroller, orientation, for_size, minimum, natural, NULL, NULL);
      return;
    }
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, for_size, NULL, natural, NULL, NULL);
  *natural = *minimum = MIN (*natural, cap);
}

static void
report_allocate (GtkWidget *bin,
                 int        width,
                 int        height,
                 int        baseline)
{
  gtk_widget_allocate (gtk_widget_get_first_child (bin), width, height, baseline, NULL);
}

static void
dabiao_roster_page_init (DabiaoRosterPage *self)
{
  self->building = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (self->import_bin,
                                 gtk_custom_layout_new (report_request_mode, report_measure, report_allocate));

  setup_column (self, self->id_column, DABIAO_ROSTER_FIELD_ID, 14);
  setup_column (self, self->name_column, DABIAO_ROSTER_FIELD_NAME, 8);
  setup_column (self, self->sex_column, DABIAO_ROSTER_FIELD_SEX, 3);
  setup_column (self, self->grade_column, DABIAO_ROSTER_FIELD_GRADE, 5);
  setup_column (self, self->class_column, DABIAO_ROSTER_FIELD_CLASS, 8);
  setup_column (self, self->status_column, DABIAO_ROSTER_FIELD_STATUS, 8);
  setup_id_card_column (self);
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (apply_sort_cb), self);

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
  gtk_string_list_append (self->status_list, dabiao_roster_status_label (DABIAO_ROSTER_STATUS_UNTESTED));
  self->building = FALSE;

  update_count (self);
}

/**
 * dabiao_roster_page_set_by_age:
 * @by_age: the event's standard groups people by age (国民体质): the grade
 *   column shows the age group (the filter offers the roster's age groups
 *   whenever its people have them, see set_roster)
 */
void
dabiao_roster_page_set_by_age (DabiaoRosterPage *self,
                               gboolean          by_age)
{
  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  /* 国民体质 rosters are people of a 单位 with an 编号, not pupils of a
   * class with a 学号. */
  gtk_column_view_column_set_title (self->grade_column, by_age ? _("Age group") : _("Grade"));
  gtk_column_view_column_set_title (self->id_column, by_age ? _("ID") : C_("roster column", "ID"));
  gtk_column_view_column_set_title (self->class_column, by_age ? _("Work unit (单位)") : _("Class"));
  g_object_set (self->search_entry, "placeholder-text",
                by_age ? _("Search number, name or pinyin initials") : _("Search ID, name or pinyin initials"), NULL);
  /* Walk-ins' 编号 hold no 身份证号: their own column (masked, or whole
   * with 显示完整证件号). */
  gtk_column_view_column_set_visible (self->id_card_column, by_age);
  gtk_string_list_splice (self->class_list, 0, 1,
                          (const char * const []) { by_age ? _("All work units") : _("All classes"), NULL });
  /* Not 全部年级 at an adults' day with nobody registered yet. */
  self->by_age = by_age;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->grade_dropdown), by_age ? _("Age group") : _("Grade"));
  gtk_string_list_splice (self->grade_list, 0, 1,
                          (const char * const []) { by_age || self->by_group ? _("All age groups") : _("All grades"),
                                                    NULL });
  fit_columns (self);
  /* A public day has no roster to import: people register at the door. */
  adw_status_page_set_description (self->empty_status,
                                   by_age ? _("Import a roster (csv, xlsx or xls), or register walk-ins on the "
                                              "Register page, to begin.")
                                          : _("Import a roster (csv, xlsx or xls) to begin."));
}

GtkWidget *
dabiao_roster_page_new (void)
{
  return g_object_new (DABIAO_TYPE_ROSTER_PAGE, NULL);
}

/* The filters as chosen, by what they say (the lists are rebuilt). */
struct _KeptFilters
{
  char  *grade;
  char  *class_name;
  guint  sex;
  guint  status;
  char  *search;
};

static void
kept_filters_free (KeptFilters *kept)
{
  g_free (kept->grade);
  g_free (kept->class_name);
  g_free (kept->search);
  g_free (kept);
}

static char *
selected_string (GtkDropDown   *dropdown,
                 GtkStringList *list)
{
  guint pos = gtk_drop_down_get_selected (dropdown);

  if (pos == GTK_INVALID_LIST_POSITION || pos == 0)
    return NULL;
  return g_strdup (gtk_string_list_get_string (list, pos));
}

static void
keep_filters (DabiaoRosterPage *self)
{
  KeptFilters *kept = g_new0 (KeptFilters, 1);

  kept->grade = selected_string (self->grade_dropdown, self->grade_list);
  kept->class_name = selected_string (self->class_dropdown, self->class_list);
  kept->sex = gtk_drop_down_get_selected (self->sex_dropdown);
  kept->status = gtk_drop_down_get_selected (self->status_dropdown);
  kept->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_clear_pointer (&self->kept, kept_filters_free);
  self->kept = kept;
}

static void
select_string (GtkDropDown   *dropdown,
               GtkStringList *list,
               const char    *text)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 1; text != NULL && i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (list, i), text))
      gtk_drop_down_set_selected (dropdown, i);
}

static void
restore_filters (DabiaoRosterPage *self)
{
  KeptFilters *kept = g_steal_pointer (&self->kept);

  select_string (self->grade_dropdown, self->grade_list, kept->grade);
  select_string (self->class_dropdown, self->class_list, kept->class_name);
  gtk_drop_down_set_selected (self->sex_dropdown, kept->sex);
  gtk_drop_down_set_selected (self->status_dropdown, kept->status);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), kept->search);
  kept_filters_free (kept);
}

void
dabiao_roster_page_set_roster (DabiaoRosterPage  *self,
                               DabiaoRosterModel *roster)
{
  g_autoptr(GPtrArray) grades = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  guint n;

  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  if (roster == self->roster)
    return;
  /* A reload (set to NULL, then to the reloaded roster: after an edit or
   * an import) keeps what the person chose to see; another event starts
   * from everything. */
  if (roster == NULL && self->roster != NULL)
    keep_filters (self);
  else if (roster != NULL && self->roster != NULL)
    g_clear_pointer (&self->kept, kept_filters_free);
  g_set_object (&self->roster, roster);

  self->building = TRUE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->grade_list));
  gtk_string_list_splice (self->grade_list, 1, n - 1, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->class_list));
  gtk_string_list_splice (self->class_list, 1, n - 1, NULL);
  g_array_set_size (self->grades, 0);

  self->by_group = FALSE;
  if (roster != NULL)
    {
      g_autoptr(GPtrArray) groups = dabiao_roster_model_get_groups (roster);

      /* 国民体质: people are grouped by age, not by school year. */
      self->by_group = groups->len > 0;
      gtk_string_list_splice (self->grade_list, 0, 1,
                              (const char * const []) { self->by_group || self->by_age ? _("All age groups")
                                                                                       : _("All grades"), NULL });
      for (guint i = 0; i < groups->len; i++)
        gtk_string_list_append (self->grade_list, g_ptr_array_index (groups, i));
      grades = self->by_group ? g_ptr_array_new () : dabiao_roster_model_get_grades (roster);
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
  if (roster != NULL && self->kept != NULL)
    restore_filters (self);

  gtk_column_view_set_model (self->column_view, NULL);
  self->selection = NULL;
  g_clear_object (&self->rows);
  if (roster != NULL)
    {
      apply_sort_cb (self);
      show_model (self, roster);
    }

  self->have_last = FALSE;
  self->building = FALSE;
  fit_columns (self);
  refilter_cb (self);
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

  /* gtk_editable_set_text() empties the entry first, and GtkSearchEntry
   * reports an empty text at once: do not filter for that. */
  self->building = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  self->building = FALSE;
  refilter_cb (self);
}

/**
 * dabiao_roster_page_get_search_applied:
 *
 * Returns: the search text the rows shown were filtered with (the entry
 *   may hold newer text for a moment, until its "search-changed")
 */
const char *
dabiao_roster_page_get_search_applied (DabiaoRosterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_PAGE (self), NULL);

  return self->have_last && self->last_search != NULL ? self->last_search : "";
}

void
dabiao_roster_page_set_filter_sex (DabiaoRosterPage *self,
                                   int               sex)
{
  g_return_if_fail (DABIAO_IS_ROSTER_PAGE (self));

  gtk_drop_down_set_selected (self->sex_dropdown, (guint) CLAMP (sex, 0, 2));
}

/* Selects the age group @label in the grade/age-group filter (国民体质);
 * FALSE when the roster has no such group. */
gboolean
dabiao_roster_page_set_filter_group (DabiaoRosterPage *self,
                                     const char       *label)
{
  guint n;

  g_return_val_if_fail (DABIAO_IS_ROSTER_PAGE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->grade_list));
  for (guint i = 1; self->by_group && i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->grade_list, i), label) == 0)
      {
        gtk_drop_down_set_selected (self->grade_dropdown, i);
        return TRUE;
      }
  return FALSE;
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

  if (self->roster == NULL)
    return 0;
  return g_list_model_get_n_items (G_LIST_MODEL (self->roster));
}

/**
 * dabiao_roster_page_get_shown:
 *
 * Returns: (transfer none) (nullable): the participants (DabiaoRosterItem)
 *   in the order the view shows them
 */
GListModel *
dabiao_roster_page_get_shown (DabiaoRosterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_PAGE (self), NULL);

  return self->roster != NULL ? G_LIST_MODEL (self->roster) : NULL;
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
