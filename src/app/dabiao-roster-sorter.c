/* dabiao-roster-sorter.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-roster-rows.h"
#include "dabiao-roster-sorter.h"

/* A column's sorter: compares participants (DabiaoRosterItem, or the
 * DabiaoRosterRow showing one) by one field, exactly as
 * dabiao_roster_model_set_sort() orders them.
 *
 * The roster page does not sort through a GtkSortListModel (that re-sorts
 * 100,000 rows whenever the filter changes, and cannot sit on top of the
 * row objects of DabiaoRosterRows).  It reads which columns the column
 * view's sorter uses, and in which direction, with
 * dabiao_roster_sort_keys_from_sorter(), and has the model sort once. */

struct _DabiaoRosterSorter
{
  GtkSorter          parent_instance;

  DabiaoRosterField  field;
};

G_DEFINE_FINAL_TYPE (DabiaoRosterSorter, dabiao_roster_sorter, GTK_TYPE_SORTER)

static DabiaoRosterItem *
as_item (gpointer object)
{
  if (DABIAO_IS_ROSTER_ROW (object))
    return dabiao_roster_row_get_item (object);
  if (DABIAO_IS_ROSTER_ITEM (object))
    return object;
  return NULL;
}

static GtkOrdering
dabiao_roster_sorter_compare (GtkSorter *sorter,
                              gpointer   item1,
                              gpointer   item2)
{
  DabiaoRosterSorter *self = DABIAO_ROSTER_SORTER (sorter);
  DabiaoRosterItem *a = as_item (item1);
  DabiaoRosterItem *b = as_item (item2);

  if (a == NULL || b == NULL)
    return a == b ? GTK_ORDERING_EQUAL : a == NULL ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
  return gtk_ordering_from_cmpfunc (dabiao_roster_item_compare (a, b, self->field));
}

static GtkSorterOrder
dabiao_roster_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
dabiao_roster_sorter_class_init (DabiaoRosterSorterClass *klass)
{
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  sorter_class->compare = dabiao_roster_sorter_compare;
  sorter_class->get_order = dabiao_roster_sorter_get_order;
}

static void
dabiao_roster_sorter_init (DabiaoRosterSorter *self)
{
}

GtkSorter *
dabiao_roster_sorter_new (DabiaoRosterField field)
{
  DabiaoRosterSorter *self;

  g_return_val_if_fail (field < DABIAO_ROSTER_N_FIELDS, NULL);

  self = g_object_new (DABIAO_TYPE_ROSTER_SORTER, NULL);
  self->field = field;
  return GTK_SORTER (self);
}

DabiaoRosterField
dabiao_roster_sorter_get_field (DabiaoRosterSorter *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_SORTER (self), DABIAO_ROSTER_FIELD_ID);

  return self->field;
}

/* A participant with the low value in every field but @high_field and
 * @high_field2 (DABIAO_ROSTER_N_FIELDS: none), which get the high one. */
static DabiaoRosterItem *
probe_item (DabiaoRosterField high_field,
            DabiaoRosterField high_field2)
{
#define HIGH(f) ((f) == high_field || (f) == high_field2)
  DabiaoRosterItem *item = dabiao_roster_item_new (HIGH (DABIAO_ROSTER_FIELD_ID) ? "2" : "1",
                                                   HIGH (DABIAO_ROSTER_FIELD_NAME) ? "b" : "a",
                                                   HIGH (DABIAO_ROSTER_FIELD_SEX) ? 2 : 1,
                                                   HIGH (DABIAO_ROSTER_FIELD_GRADE) ? 12 : 11,
                                                   HIGH (DABIAO_ROSTER_FIELD_CLASS) ? "2" : "1");

  dabiao_roster_item_set_initials (item, HIGH (DABIAO_ROSTER_FIELD_NAME) ? "b" : "a");
  dabiao_roster_item_set_status (item, HIGH (DABIAO_ROSTER_FIELD_STATUS)
                                       ? DABIAO_ROSTER_STATUS_MISSING : DABIAO_ROSTER_STATUS_COMPLETE);
  return item;
#undef HIGH
}

/**
 * dabiao_roster_sort_keys_from_sorter:
 * @sorter: a sorter over participants, built from #DabiaoRosterSorter
 *   (a column view's sorter whose columns have them)
 * @keys: (out caller-allocates) (array length=max_keys): the sort keys,
 *   the one deciding first first
 *
 * Reads how @sorter orders participants by comparing pairs that differ in
 * one field (is the field used, and which way?) and in two fields (which of
 * the two decides?).  Only the public GtkSorter API is used, so this works
 * for GTK 4.8's column view sorter, which has no getter for its columns.
 *
 * Returns: the number of keys (0: no order)
 */
guint
dabiao_roster_sort_keys_from_sorter (GtkSorter           *sorter,
                                     DabiaoRosterSortKey *keys,
                                     guint                max_keys)
{
  g_autoptr(DabiaoRosterItem) low = NULL;
  DabiaoRosterSortKey found[DABIAO_ROSTER_N_FIELDS];
  guint n = 0;

  g_return_val_if_fail (sorter == NULL || GTK_IS_SORTER (sorter), 0);

  if (sorter == NULL || gtk_sorter_get_order (sorter) == GTK_SORTER_ORDER_NONE)
    return 0;

  low = probe_item (DABIAO_ROSTER_N_FIELDS, DABIAO_ROSTER_N_FIELDS);
  for (DabiaoRosterField f = 0; f < DABIAO_ROSTER_N_FIELDS; f++)
    {
      g_autoptr(DabiaoRosterItem) high = probe_item (f, DABIAO_ROSTER_N_FIELDS);
      GtkOrdering order = gtk_sorter_compare (sorter, low, high);

      if (order == GTK_ORDERING_EQUAL)
        continue;
      found[n].field = f;
      found[n].descending = order == GTK_ORDERING_LARGER;
      n++;
    }

  /* Insertion sort by precedence.  For fields f (at j) and g (at j - 1):
   * a is high in f, b low; in g they differ so that g alone would order
   * them the other way round from f alone.  The sorter's answer then tells
   * which of the two it looks at first. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0; j--)
      {
        DabiaoRosterField f = found[j].field, g = found[j - 1].field;
        gboolean same_way = found[j].descending == found[j - 1].descending;
        g_autoptr(DabiaoRosterItem) a = probe_item (f, same_way ? DABIAO_ROSTER_N_FIELDS : g);
        g_autoptr(DabiaoRosterItem) b = probe_item (same_way ? g : DABIAO_ROSTER_N_FIELDS,
                                                    DABIAO_ROSTER_N_FIELDS);
        GtkOrdering by_f = found[j].descending ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
        DabiaoRosterSortKey tmp;

        if (gtk_sorter_compare (sorter, a, b) != by_f)
          break;
        tmp = found[j];
        found[j] = found[j - 1];
        found[j - 1] = tmp;
      }

  if (keys != NULL)
    memcpy (keys, found, MIN (n, max_keys) * sizeof *keys);
  return MIN (n, max_keys);
}
