/* dabiao-output-score.h: scores for the exports, from the standards engine.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-output.h"

G_BEGIN_DECLS

/* Kept apart from dabiao-output-event.c: the event and standard headers
 * cannot be included together yet (both define DabiaoBetter). */

typedef struct _DabiaoOutputScorer DabiaoOutputScorer;

DabiaoOutputScorer *dabiao_output_scorer_new   (const char          *standard_id,
                                                GError             **error);
void                dabiao_output_scorer_free  (DabiaoOutputScorer  *scorer);
/* What a certificate calls the test: the standard's name without the year
 * in brackets, + 测试 (国家学生体质健康标准测试). */
char               *dabiao_output_scorer_dup_test_name (DabiaoOutputScorer *scorer);
/* Drops results of items @person's group and sex are not tested on (when
 * they hold neither a value nor a special result); then, unless @person is
 * exempt, scores @person's results (matched to the standard's items by national
 * item number or name) for its grade or, with an age-band standard, its age
 * on @test_date.  Sets each scored result's score and its level (the
 * standard's item levels, dabiao_standard_item_level(); NULL when it has
 * none), adds derived items (体重指数) and, when every scored item has a
 * value, the totals and the overall level. */
void                dabiao_output_scorer_score (DabiaoOutputScorer  *scorer,
                                                DabiaoOutputPerson  *person,
                                                const GDate         *test_date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoOutputScorer, dabiao_output_scorer_free)

G_END_DECLS
