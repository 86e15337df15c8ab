/* dabiao-record-card.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-output.h"
#include "dabiao-pages.h"

G_BEGIN_DECLS

/* 《国家学生体质健康标准》登记卡: one A4 landscape page per student: header
 * (学校 姓名 性别 学号 班级 民族 出生日期), a table of items × school years
 * (成绩 / 得分 / 等级; the current year filled in, the stage's other years
 * left for their own tests), 标准分, 附加分 (加分指标), 学年总分, 等级评定,
 * signature lines (体育教师, 班主任, 家长) and 学校签章 with date. */

/* Persons without a grade (not students) get no card.  Takes a reference on
 * @persons.  @school_year: printed under the title (2026—2027学年), or NULL. */
DabiaoPages *dabiao_record_cards_pages_new (GPtrArray  *persons,
                                            const char *school_year);
/* The same on @paper: the A4 landscape form scaled to fit, turned on
 * portrait paper. */
DabiaoPages *dabiao_record_cards_pages_new_for_paper (GPtrArray   *persons,
                                                      const char  *school_year,
                                                      DabiaoPaper  paper);

/* The card's table for @p: its rows (the stage's items, then 标准分,
 * 附加分, 学年总分, 等级评定), and for row @row its label and, in @texts,
 * the 成绩, 得分 and 等级 printed in the person's school year (each newly
 * allocated or NULL). */
guint        dabiao_record_card_get_n_rows   (const DabiaoResultsPerson *p);
const char  *dabiao_record_card_get_row      (const DabiaoResultsPerson *p,
                                              guint                      row,
                                              char                      *texts[3]);

G_END_DECLS
