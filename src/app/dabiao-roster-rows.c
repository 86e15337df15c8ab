/* dabiao-roster-rows.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-roster-rows.h"

/* The roster as the column view sees it: one DabiaoRosterRow per position,
 * whose participant changes when the filter or the sort does.
 *
 * Why: GTK 4.8's list item manager destroys the widgets of every row that
 * items-changed reports removed and builds new ones for the rows added
 * (about 200 rows kept around the visible ones, each a row widget, six
 * cell widgets, their children and their event controllers).  A keystroke
 * in the search entry replaces nearly every row, so that rebuild cost
 * ~100 ms per keystroke with 100,000 participants.  Here a position keeps
 * its row object, so the view keeps its widgets; a filter changes the rows'
 * "item" (the cells update their text) and only a change in the number of
 * rows is reported, at the end of the list.
 *
 * A row is made when the view first asks for its position and lives as long
 * as someone holds it (the view, for the rows near the visible ones); the
 * model keeps a weak table of the live rows to update them. */

struct _DabiaoRosterRow
{
  GObject           parent_instance;

  DabiaoRosterRows *owner;     /* weak: cleared when the owner goes */
  DabiaoRosterItem *item;
  guint             position;
  gulong            status_handler;
};

enum {
  ROW_PROP_0,
  ROW_PROP_ITEM,
  ROW_PROP_STATUS,
  ROW_N_PROPS,
};

static GParamSpec *row_properties[ROW_N_PROPS];

G_DEFINE_FINAL_TYPE (DabiaoRosterRow, dabiao_roster_row, G_TYPE_OBJECT)

struct _DabiaoRosterRows
{
  GObject            parent_instance;

  DabiaoRosterModel *roster;
  GHashTable        *live;     /* position → DabiaoRosterRow (weak) */
  guint              n_items;
};

static void row_forget (DabiaoRosterRow *row);

static void
row_status_changed_cb (DabiaoRosterRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_STATUS]);
}

/* Shows @item in this row: "notify::item" tells the cells. */
static void
row_set_item (DabiaoRosterRow  *self,
              DabiaoRosterItem *item)
{
  if (self->item == item)
    return;

  if (self->item != NULL)
    g_clear_signal_handler (&self->status_handler, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->status_handler = g_signal_connect_swapped (item, "notify::status-label",
                                                     G_CALLBACK (row_status_changed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_ITEM]);
}

static void
dabiao_roster_row_dispose (GObject *object)
{
  DabiaoRosterRow *self = DABIAO_ROSTER_ROW (object);

  row_forget (self);
  if (self->item != NULL)
    g_clear_signal_handler (&self->status_handler, self->item);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (dabiao_roster_row_parent_class)->dispose (object);
}

static void
dabiao_roster_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DabiaoRosterRow *self = DABIAO_ROSTER_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case ROW_PROP_STATUS:
      g_value_set_int (value, self->item != NULL ? (int) dabiao_roster_item_get_status (self->item) : 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dabiao_roster_row_class_init (DabiaoRosterRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dabiao_roster_row_dispose;
  object_class->get_property = dabiao_roster_row_get_property;

  /**
   * DabiaoRosterRow:item:
   *
   * The participant this row shows now.
   */
  row_properties[ROW_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, DABIAO_TYPE_ROSTER_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * DabiaoRosterRow:status:
   *
   * The participant's status; notified when it changes.
   */
  row_properties[ROW_PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
dabiao_roster_row_init (DabiaoRosterRow *self)
{
}

/**
 * dabiao_roster_row_get_item:
 *
 * Returns: (transfer none) (nullable): the participant shown in this row
 */
DabiaoRosterItem *
dabiao_roster_row_get_item (DabiaoRosterRow *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_ROW (self), NULL);

  return self->item;
}

guint
dabiao_roster_row_get_position (DabiaoRosterRow *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_ROW (self), 0);

  return self->position;
}

/* ------------------------------------------------------------------------ */

static GType
dabiao_roster_rows_get_item_type (GListModel *model)
{
  return DABIAO_TYPE_ROSTER_ROW;
}

static guint
dabiao_roster_rows_get_n_items (GListModel *model)
{
  return DABIAO_ROSTER_ROWS (model)->n_items;
}

static gpointer
dabiao_roster_rows_get_item (GListModel *model,
                             guint       position)
{
  DabiaoRosterRows *self = DABIAO_ROSTER_ROWS (model);
  g_autoptr(DabiaoRosterItem) item = NULL;
  DabiaoRosterRow *row;

  if (position >= self->n_items)
    return NULL;

  row = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);

  item = g_list_model_get_item (G_LIST_MODEL (self->roster), position);
  row = g_object_new (DABIAO_TYPE_ROSTER_ROW, NULL);
  row->owner = self;
  row->position = position;
  row_set_item (row, item);
  g_hash_table_insert (self->live, GUINT_TO_POINTER (position), row);
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dabiao_roster_rows_get_item_type;
  iface->get_n_items = dabiao_roster_rows_get_n_items;
  iface->get_item = dabiao_roster_rows_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (DabiaoRosterRows, dabiao_roster_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Called when a row is disposed: drop it from the table of live rows
 * (unless a newer row holds its position by now). */
static void
row_forget (DabiaoRosterRow *row)
{
  DabiaoRosterRows *owner = row->owner;

  if (owner == NULL)
    return;
  row->owner = NULL;
  if (g_hash_table_lookup (owner->live, GUINT_TO_POINTER (row->position)) == row)
    g_hash_table_remove (owner->live, GUINT_TO_POINTER (row->position));
}

static void
detach_row (gpointer key,
            gpointer value,
            gpointer data)
{
  DABIAO_ROSTER_ROW (value)->owner = NULL;
}

static void
roster_items_changed_cb (DabiaoRosterRows *self,
                         guint             position,
                         guint             removed,
                         guint             added,
                         GListModel       *roster)
{
  guint old_n = self->n_items;
  guint new_n = g_list_model_get_n_items (roster);
  guint common = MIN (old_n, new_n);
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) stay = g_ptr_array_new_with_free_func (g_object_unref);

  /* Rows that stay: show their new participant.  Rows past the new end:
   * leave the table now (whoever still holds one keeps it as it was). */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      DabiaoRosterRow *row = value;

      if (row->position >= common)
        {
          row->owner = NULL;
          g_hash_table_iter_remove (&iter);
        }
      else if (row->position >= position)
        {
          /* Updated below, outside the iteration; held, since a handler
           * of one row's notify may drop the view's reference to another. */
          g_ptr_array_add (stay, g_object_ref (row));
        }
    }
  for (guint i = 0; i < stay->len; i++)
    {
      DabiaoRosterRow *row = g_ptr_array_index (stay, i);
      g_autoptr(DabiaoRosterItem) item = g_list_model_get_item (roster, row->position);

      row_set_item (row, item);
    }

  self->n_items = new_n;
  if (old_n != new_n)
    g_list_model_items_changed (G_LIST_MODEL (self), common, old_n - common, new_n - common);
}

static void
dabiao_roster_rows_dispose (GObject *object)
{
  DabiaoRosterRows *self = DABIAO_ROSTER_ROWS (object);

  if (self->roster != NULL)
    g_signal_handlers_disconnect_by_func (self->roster, roster_items_changed_cb, self);
  g_clear_object (&self->roster);
  if (self->live != NULL)
    g_hash_table_foreach (self->live, detach_row, NULL);
  g_clear_pointer (&self->live, g_hash_table_unref);

  G_OBJECT_CLASS (dabiao_roster_rows_parent_class)->dispose (object);
}

static void
dabiao_roster_rows_class_init (DabiaoRosterRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dabiao_roster_rows_dispose;
}

static void
dabiao_roster_rows_init (DabiaoRosterRows *self)
{
  self->live = g_hash_table_new (NULL, NULL);
}

/**
 * dabiao_roster_rows_new:
 * @roster: the (filtered, sorted) roster to show
 */
DabiaoRosterRows *
dabiao_roster_rows_new (DabiaoRosterModel *roster)
{
  DabiaoRosterRows *self;

  g_return_val_if_fail (DABIAO_IS_ROSTER_MODEL (roster), NULL);

  self = g_object_new (DABIAO_TYPE_ROSTER_ROWS, NULL);
  self->roster = g_object_ref (roster);
  self->n_items = g_list_model_get_n_items (G_LIST_MODEL (roster));
  g_signal_connect_object (roster, "items-changed", G_CALLBACK (roster_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * dabiao_roster_rows_get_roster:
 *
 * Returns: (transfer none): the roster shown
 */
DabiaoRosterModel *
dabiao_roster_rows_get_roster (DabiaoRosterRows *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_ROWS (self), NULL);

  return self->roster;
}

/**
 * dabiao_roster_rows_get_n_live:
 *
 * Returns: how many row objects exist (held by a view or another caller)
 */
guint
dabiao_roster_rows_get_n_live (DabiaoRosterRows *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_ROWS (self), 0);

  return g_hash_table_size (self->live);
}

/* Every live row tells its cells to show their text again (how it is
 * shown changed, not who: 显示完整证件号). */
void
dabiao_roster_rows_refresh (DabiaoRosterRows *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (DABIAO_IS_ROSTER_ROWS (self));

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (rows, g_object_ref (value));
  for (guint i = 0; i < rows->len; i++)
    g_object_notify_by_pspec (g_ptr_array_index (rows, i), row_properties[ROW_PROP_ITEM]);
}
