/* dabiao-summary.h: the summary workbook.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-results-stats.h"

G_BEGIN_DECLS

/* The summary workbook a school and a district need, every figure from
 * dabiao-results-stats.h (what 实测, 免测, 缺测 and 及格率 mean is said
 * there, once):
 *   达标汇总  per group (grade or age group) × sex, a 合计 row per group and
 *            for everyone: 应测 实测 免测 缺测 未测完 人数, 受检率, each level's count
 *            and share (优秀人数, 优秀占比 …), the pass rate
 *            (及格率（优秀+良好+及格）), 平均标准分 and the mean total;
 *   学校汇总  the same per school: one row per group × sex, then the school's
 *            合计;
 *   班级汇总  one row per class naming 学校名称, 年级/组别 and 班级名称;
 *   单项统计  per item (in the standard's order) × group × sex: 实测人数,
 *            平均值 and 标准差 in the unit named beside them (times: the
 *            mean in 分.秒, the spread in seconds),
 *            and level counts only for items with levels — each item its own
 *            levels (BMI: 正常, 低体重, 超重, 肥胖) — with the pass rate for
 *            pass/fail levels;
 *   等级分布  level counts per group with two native charts (stacked counts
 *            and shares), then a table and a chart per school;
 *   缺测及未测完名单  class by class, who was recorded 缺测 in which items
 *            and which items are still without a result (derived items
 *            such as 体重指数 are never listed; exemptions are not missing).
 * Every header is unique and says what it counts; rates are numbers shown
 * as percentages; counts are whole numbers. */

gboolean  dabiao_summary_workbook_write        (const char          *path,
                                                DabiaoResults       *results,
                                                GPtrArray           *persons,
                                                const char          *title,
                                                GError             **error);

void      dabiao_summary_workbook_write_async  (const char          *path,
                                                DabiaoResults       *results,
                                                GPtrArray           *persons,
                                                const char          *title,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean  dabiao_summary_workbook_write_finish (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
