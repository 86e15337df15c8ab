/* dabiao-summary.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-output.h"

G_BEGIN_DECLS

/* The summary workbook organisers send upward:
 *   达标汇总  per group (grade or age group) × sex, a 合计 row per group and
 *            for everyone: 应测 实测 免测 缺测 人数, 受检率, then count and rate
 *            of each of the standard's grades (优秀/良好/及格/不及格; 一级…四级
 *            for "一级（优秀）"…), and the rate of all but the lowest
 *            (及格率; 合格率 from "三级（合格）");
 *   单项统计  per item × group × sex: 实测人数, 平均值, 标准差, and, when the
 *            standard has item levels, the count of each and 及格率;
 *   等级分布  the level counts per group with two native Excel charts (stacked
 *            counts and stacked percentages);
 *   缺测名单  who is missing what.
 * Rates are numbers formatted as percentages.  实测 = assessed (has a
 * level); 缺测 = 应测 − 免测 − 实测; 受检率 = 实测 / (应测 − 免测); level rates
 * are over 实测. */

#define DABIAO_SUMMARY_MAX_LEVELS 8

typedef struct
{
  guint expected;   /* 应测 */
  guint tested;     /* 实测 */
  guint exempt;     /* 免测 */
  guint missing;    /* 缺测 */
  guint levels[DABIAO_SUMMARY_MAX_LEVELS];  /* in the order of @levels */
} DabiaoSummaryCounts;

/* Counts of the persons of @group (NULL: all) and @sex (0: both); a person
 * is tested when its level is one of @levels (the standard's grades, best
 * first: dabiao_standard_get_grade_names(); at most 8 are used). */
void      dabiao_summary_count        (GPtrArray           *persons,
                                       const char * const  *levels,
                                       const char          *group,
                                       int                  sex,
                                       DabiaoSummaryCounts *counts);

/* @grades and @item_levels: the standard's grade and item level names,
 * best first (dabiao_standard_get_grade_names(), _get_item_level_names();
 * @item_levels may be empty or NULL). */
gboolean  dabiao_summary_write        (const char          *path,
                                       GPtrArray           *persons,
                                       const char * const  *grades,
                                       const char * const  *item_levels,
                                       const char          *title,
                                       GError             **error);

void      dabiao_summary_write_async  (const char          *path,
                                       GPtrArray           *persons,
                                       const char * const  *grades,
                                       const char * const  *item_levels,
                                       const char          *title,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  dabiao_summary_write_finish (GAsyncResult  *result,
                                       GError       **error);

/* The name of the pass rate, from the lowest passing level of @levels (the
 * standard's grades, best first): 及格 → 及格率, 三级（合格） → 合格率. */
char *dabiao_summary_pass_label (const char * const *levels);

G_END_DECLS
