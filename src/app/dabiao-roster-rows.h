/* dabiao-roster-rows.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-roster-model.h"

G_BEGIN_DECLS

#define DABIAO_TYPE_ROSTER_ROW (dabiao_roster_row_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoRosterRow, dabiao_roster_row, DABIAO, ROSTER_ROW, GObject)

DabiaoRosterItem *dabiao_roster_row_get_item     (DabiaoRosterRow *self);
guint             dabiao_roster_row_get_position (DabiaoRosterRow *self);

#define DABIAO_TYPE_ROSTER_ROWS (dabiao_roster_rows_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoRosterRows, dabiao_roster_rows, DABIAO, ROSTER_ROWS, GObject)

DabiaoRosterRows  *dabiao_roster_rows_new        (DabiaoRosterModel *roster);
DabiaoRosterModel *dabiao_roster_rows_get_roster (DabiaoRosterRows  *self);
guint              dabiao_roster_rows_get_n_live (DabiaoRosterRows  *self);
void               dabiao_roster_rows_refresh    (DabiaoRosterRows  *self);

G_END_DECLS
