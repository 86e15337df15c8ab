/* dabiao-district.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-export.h"
#include "dabiao-server.h"

G_BEGIN_DECLS

/* A district's view of a server: exports across events and schools, read
 * straight from PostgreSQL.  Blocking (CLI, worker threads). */

typedef struct
{
  guint events;
  guint schools;
  guint rows;           /* school × grade rows written */
  guint participants;
  guint tested;         /* with a level */
} DabiaoDistrictReport;

/* The summary workbook across @events (uuids; NULL or empty: every event
 * the connection may read): sheet 区县汇总, one row per school (学校代码)
 * and grade with 应测 / 实测 / 免测 / 缺测 / 未测完 (counted as the school
 * summary counts them: dabiao_results_counts_add_person()), 受检率, each of the
 * standard's levels (count and rate) and the pass rate, a 合计 row per
 * school and the district's total last.  The server does the reduction
 * (each participant's candidate attempts per item, GROUP BY, voids left
 * out); this computer scores each participant with the standard's engine
 * (the one scorer) and counts.  Every event must use the same standard,
 * installed here. */
gboolean dabiao_district_export_summary (DabiaoServer          *server,
                                         const char * const    *events,
                                         const char            *path,
                                         DabiaoDistrictReport  *report,
                                         GError               **error);

/* One event's national upload file straight from the server: the event is
 * fetched into a temporary file (every row verified on the way, as a sync
 * does) and written by the same export as `dabiao-cli export upload`. */
gboolean dabiao_district_export_upload  (DabiaoServer          *server,
                                         const char            *event_uuid,
                                         const char            *path,
                                         DabiaoExportReport   **report,
                                         GError               **error);

G_END_DECLS
