/* dabiao-roster-sorter.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dabiao-roster-model.h"

G_BEGIN_DECLS

#define DABIAO_TYPE_ROSTER_SORTER (dabiao_roster_sorter_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoRosterSorter, dabiao_roster_sorter, DABIAO, ROSTER_SORTER, GtkSorter)

GtkSorter         *dabiao_roster_sorter_new       (DabiaoRosterField    field);
DabiaoRosterField  dabiao_roster_sorter_get_field (DabiaoRosterSorter  *self);
guint              dabiao_roster_sort_keys_from_sorter (GtkSorter           *sorter,
                                                        DabiaoRosterSortKey *keys,
                                                        guint                max_keys);

G_END_DECLS
