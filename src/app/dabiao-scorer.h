/* dabiao-scorer.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The app's view of the standards engine: scores a participant from the
 * values the event file holds (item code → value in the item's unit).  Kept
 * in its own file, which includes only the standards headers (see HACKING). */

typedef struct _DabiaoScorer DabiaoScorer;

typedef struct
{
  gboolean  item_scored;      /* the focus item has a score */
  int       item_score;       /* 0–100 (weighted) or points */
  gboolean  item_passed;      /* not at the lowest item level (不及格), if the standard has levels */
  gboolean  low_confidence;   /* the focus item's table is below full confidence */
  gboolean  complete;         /* every scored item has a score */
  int       total_tenths;     /* 学年总分 / 总分 × 10 when complete */
  char     *grade;            /* 等级 when complete, else NULL */
  char     *notes;            /* 备注 */
  char     *group;            /* the group scored in: 初中一年级, 20-24岁组 */
  int       group_order;      /* sorts groups: the grade, or the age in months */
} DabiaoScoreSummary;

/* Who is scored: enough to find their group (dabiao-age.h). */
typedef struct
{
  const char *id;             /* for messages */
  guint       grade;          /* 年级编号 (grade-banded standards) */
  guint       sex;            /* 1 男, 2 女 */
  const char *birth_date;     /* YYYY-MM-DD or "" (age-banded standards) */
} DabiaoScorerPerson;

void          dabiao_score_summary_clear (DabiaoScoreSummary *summary);

DabiaoScorer *dabiao_scorer_new          (const char         *standard_id,
                                          const char         *test_date,
                                          GError            **error);
void          dabiao_scorer_free         (DabiaoScorer       *self);
gboolean      dabiao_scorer_is_weighted  (DabiaoScorer       *self);
gboolean      dabiao_scorer_is_by_age    (DabiaoScorer       *self);
gboolean      dabiao_scorer_has_item_levels (DabiaoScorer    *self);
char         *dabiao_scorer_dup_group_label (DabiaoScorer             *self,
                                             const DabiaoScorerPerson *person,
                                             int                      *age_min);
gboolean      dabiao_scorer_score        (DabiaoScorer       *self,
                                          const DabiaoScorerPerson *person,
                                          GHashTable         *values,
                                          const char         *focus_item,
                                          DabiaoScoreSummary *summary,
                                          GError            **error);
char         *dabiao_scorer_format_value (DabiaoScorer       *self,
                                          const char         *item,
                                          double              value);
int           dabiao_scorer_get_decimals (DabiaoScorer       *self,
                                          const char         *item);
const char * const *dabiao_scorer_get_grade_names (DabiaoScorer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoScorer, dabiao_scorer_free)

G_END_DECLS
