/* dabiao-results-stats.h: counts, rates and means over persons' results.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-results.h"

G_BEGIN_DECLS

/* The statistics the results page, the summary workbook and a district
 * read, defined once:
 *   应测 (expected)  every person selected;
 *   实测 (tested)    assessed: the total has a level;
 *   免测 (exempt)    not assessed, and exempt (免测) from at least one item;
 *   缺测 (missing)   not assessed, not exempt, and recorded 缺测 (absent) in
 *                   at least one item;
 *   未测完 (incomplete) the rest: not assessed, items still without a result
 *                   and no 缺测 recorded (mid-test: still to be measured);
 *                   应测 = 实测 + 免测 + 缺测 + 未测完;
 *   受检率           实测 / (应测 − 免测);
 *   及格率 (passed)  levels above the standard's lowest (优秀+良好+及格;
 *                   一级…三级), over 实测;
 *   level counts     per level, in the standard's order, over 实测;
 *   means            of 标准分 and of the total (学年总分 / 总分), over 实测.
 * Per item: persons with a value, its mean and standard deviation (item
 * units, from the values as shown), the count per level of the item (BMI:
 * its own four) and, for pass/fail levels, those above the lowest. */

#define DABIAO_RESULTS_MAX_LEVELS 8

/* Which persons to count; every field optional (NULL / -1: any). */
typedef struct
{
  const char *school_code;
  const char *group;        /* as dabiao_results_person_dup_group() gives it */
  const char *class_code;
  int         sex;          /* DabiaoSex, or -1 */
} DabiaoResultsFilter;

#define DABIAO_RESULTS_FILTER_ALL { NULL, NULL, NULL, -1 }

typedef struct
{
  guint  expected;
  guint  tested;
  guint  exempt;
  guint  missing;      /* recorded 缺测 */
  guint  incomplete;   /* 未测完: items still to be measured */
  guint  passed;
  guint  levels[DABIAO_RESULTS_MAX_LEVELS];  /* by dabiao_results_get_level_names() */
  gint64 standard_tenths_sum;
  gint64 total_tenths_sum;
} DabiaoResultsCounts;

typedef struct
{
  guint  n;                  /* persons with a value */
  gint64 sum;                /* of the values, fixed point */
  double sum_squares;        /* of the values in item units */
  gboolean has_levels;       /* the item has levels (dabiao_results_get_level_names()) */
  gboolean pass_fail;        /* its levels are pass/fail ones (not BMI's words) */
  guint  levels[DABIAO_RESULTS_MAX_LEVELS];
  guint  passed;
} DabiaoResultsItemCounts;

gboolean dabiao_results_filter_matches (const DabiaoResultsFilter *filter,
                                        const DabiaoResultsPerson *person);
/* Whether @person is exempt (免测) from at least one item that applies. */
gboolean dabiao_results_person_has_exemption (const DabiaoResultsPerson *person);
/* Whether @person was recorded absent (缺测) in at least one item that
 * applies and has no value. */
gboolean dabiao_results_person_has_absence   (const DabiaoResultsPerson *person);

void     dabiao_results_count          (DabiaoResults             *results,
                                        GPtrArray                 *persons,
                                        const DabiaoResultsFilter *filter,
                                        DabiaoResultsCounts       *counts);
/* Counts @person into @counts (the one rule behind every 实测/免测/缺测/
 * 未测完 above: the results page, the summary workbook, a district). */
void     dabiao_results_counts_add_person (DabiaoResults             *results,
                                           DabiaoResultsCounts       *counts,
                                           const DabiaoResultsPerson *person);
/* Adds @from's counts and sums to @into (totals over groups or events). */
void     dabiao_results_counts_add     (DabiaoResultsCounts       *into,
                                        const DabiaoResultsCounts *from);
void     dabiao_results_count_item     (DabiaoResults             *results,
                                        GPtrArray                 *persons,
                                        const DabiaoResultsFilter *filter,
                                        const DabiaoItem          *item,
                                        DabiaoResultsItemCounts   *counts);

/* Rates as fractions (0–1); 0 when the denominator is 0. */
double   dabiao_results_rate           (guint part,
                                        guint whole);
/* 受检率 and 及格率 of @counts. */
double   dabiao_results_counts_tested_rate (const DabiaoResultsCounts *counts);
double   dabiao_results_counts_pass_rate   (const DabiaoResultsCounts *counts);
/* Means over 实测 (0 when none), in points. */
double   dabiao_results_counts_mean_standard (const DabiaoResultsCounts *counts);
double   dabiao_results_counts_mean_total    (const DabiaoResultsCounts *counts);
/* Mean and sample standard deviation (-1 below two values), item units. */
double   dabiao_results_item_counts_mean (const DabiaoResultsItemCounts *counts);
double   dabiao_results_item_counts_sd   (const DabiaoResultsItemCounts *counts);
/* An item's 及格率: persons above its lowest level over those with a value
 * (0 when none, or when its levels are not pass/fail ones). */
double   dabiao_results_item_counts_pass_rate (const DabiaoResultsItemCounts *counts);

/* The groups of @persons (char *, as dabiao_results_person_dup_group()
 * names them) in their natural order: by school year or age, then as first
 * seen.  The rows of the summary's sheets and of the results page's level
 * distribution. */
GPtrArray *dabiao_results_collect_groups (GPtrArray *persons);

/* The name of the pass rate from the standard's levels (best first): 及格率,
 * or 合格率 where the lowest passing level is 三级（合格）. */
char    *dabiao_results_pass_label     (const char * const *levels);
/* The pass rate's column header, saying what it sums: 及格率（优秀+良好+及格）,
 * 合格率（一级+二级+三级）; never the same as a level's own rate column. */
char    *dabiao_results_pass_header    (const char * const *levels);
/* A level as a column header: "一级（优秀）" → 一级. */
char    *dabiao_results_level_label    (const char    *level);

G_END_DECLS
