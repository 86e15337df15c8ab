/* dabiao-station-layout.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The station page's check-in beside the reading, or above it in a narrow
 * window (its three children: check-in, separator, reading). */
#define DABIAO_TYPE_STATION_LAYOUT (dabiao_station_layout_get_type ())
G_DECLARE_FINAL_TYPE (DabiaoStationLayout, dabiao_station_layout, DABIAO, STATION_LAYOUT, GtkLayoutManager)

G_END_DECLS
