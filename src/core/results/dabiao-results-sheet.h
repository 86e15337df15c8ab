/* dabiao-results-sheet.h: an event's results sheet.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-results.h"

G_BEGIN_DECLS

/* The results sheet (worksheet 成绩): one row per participant, in the upload
 * file's class order (dabiao_results_person_compare_class(); roster order
 * within a class), with the roster columns (学校代码, 学校名称 and the
 * national student layout, or the general adult layout plus 年龄 for
 * age-grouped standards), each item's valid value (number cells; 分.秒
 * items as 分.秒 numbers, 3.45), 特殊情况 (special results spelt out), then
 * the score columns `dabiao-cli score` writes for the standard
 * (dabiao_score_file_add_headers_for(): the items some group of the
 * event's parts is scored in, dabiao_results_scored_items()), all from
 * dabiao_results_person_from_event().  @output: .csv, .xlsx or "-" (CSV on
 * stdout); written under a temporary name and renamed into place.
 * @n_rows (nullable): participants written.  The 身份证号 column is masked
 * (dabiao_output_mask_id(): no national format needs it here). */
gboolean dabiao_results_sheet_write        (DabiaoEvent          *event,
                                            const char           *output,
                                            guint                *n_rows,
                                            GError              **error);
/* The same, with the 身份证号 whole when @full_ids (the caller audits it:
 * dabiao_event_note_full_ids()). */
gboolean dabiao_results_sheet_write_ids    (DabiaoEvent          *event,
                                            const char           *output,
                                            gboolean              full_ids,
                                            guint                *n_rows,
                                            GError              **error);
/* The same on the event's worker. */
void     dabiao_results_sheet_write_async  (DabiaoEvent          *event,
                                            const char           *output,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean dabiao_results_sheet_write_finish (GAsyncResult         *result,
                                            guint                *n_rows,
                                            GError              **error);

G_END_DECLS
