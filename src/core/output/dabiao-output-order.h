/* dabiao-output-order.h: the one order of printed outputs.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The order in which certificates, badges and record cards are printed (and
 * certificates numbered), so that a teacher can hand out a class's pile:
 * every order keeps schools, grades and classes together unless it is
 * DABIAO_PAPER_ORDER_ROSTER. */
typedef enum
{
  DABIAO_PAPER_ORDER_CLASS,      /* school → grade → class → 学籍号 (default) */
  DABIAO_PAPER_ORDER_CLASS_NAME, /* school → grade → class → name (in pinyin order) */
  DABIAO_PAPER_ORDER_STUDENT_NO, /* 学籍号 alone */
  DABIAO_PAPER_ORDER_ROSTER,     /* as the roster lists them */
} DabiaoPaperOrder;

/* "class", "class-name", "student-no", "roster". */
const char *dabiao_paper_order_to_string   (DabiaoPaperOrder  order);
gboolean    dabiao_paper_order_from_string (const char       *name,
                                            DabiaoPaperOrder *order);

/* Sorts @persons (DabiaoResultsPerson*) in place, stably.  Schools by 学校代码,
 * grades by 年级编号, classes by 班级编号 (then 班级名称, numbers inside names
 * compared as numbers: 2班 before 12班), 学籍号 likewise. */
void        dabiao_output_sort_for_paper   (GPtrArray        *persons,
                                            DabiaoPaperOrder  order);

/* Do @a and @b belong to the same class (school, grade and class)? */
gboolean    dabiao_output_same_class       (gconstpointer     a,
                                            gconstpointer     b);

G_END_DECLS
