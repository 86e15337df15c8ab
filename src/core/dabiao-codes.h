/* dabiao-codes.h: national codes a roster gives as names — 民族 (GB/T 3304),
 * 年级编号 and 班级编号 of the national student upload
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The GB/T 3304 name of a two-digit 民族代码 ("01" → "汉族", "97" → "其他",
 * "98" → "外国血统中国籍人士"); NULL when the code is not one. */
const char *dabiao_nation_full_name (const char *code);
/* The same as a 身份证 prints it ("01" → "汉"). */
const char *dabiao_nation_name      (const char *code);
/* The two-digit code of a 民族 given by its code ("01", or "1" as a
 * spreadsheet's number cell gives it) or by its name, with or without 族
 * ("汉族", "汉", "蒙古族", "其他", "外国血统"); NULL when unknown. */
const char *dabiao_nation_code      (const char *name_or_code);

/* A 年级编号 of the national upload: 11–16 小学, 21–24 初中 (24 五四制),
 * 31–34 高中, 41–44 大学. */
gboolean    dabiao_grade_code_is_valid (guint grade);
/* The 年级编号 of a grade given by its code ("15") or by its name (五年级,
 * 小学五年级, 5年级, 初一, 七年级, 初中一年级, 高二, 十一年级, 大一,
 * 大学一年级 …: 六三制, see docs/decisions); 0 when neither. */
guint       dabiao_grade_code_parse     (const char *text);

/* The class number (1–99) in a 班级 text ("1班", "(2)班", "五(1)班",
 * "初一3班", "2", "三班", "五年级二班"); 0 when it names none. */
guint       dabiao_class_number_parse   (const char *text);

G_END_DECLS
