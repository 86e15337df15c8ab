/* output-testdata.h: participants for the output tests and benchmarks.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-output.h"

G_BEGIN_DECLS

/* A participant with the fixed columns filled in and no results. */
DabiaoResultsPerson *output_test_person       (const char *school,
                                              int         grade,
                                              int         class_no,
                                              const char *student_no,
                                              const char *name,
                                              int         sex);
DabiaoResultsItem *output_test_result       (DabiaoResultsPerson *person,
                                              const char         *name,
                                              double              value,
                                              double              score,
                                              const char         *level);
/* @n reproducible, valid students of @n_schools schools, all grades, every
 * item of their grade group, totals and levels.  Free with g_ptr_array_unref. */
GPtrArray          *output_test_make_persons (guint n,
                                              guint n_schools,
                                              guint seed);

/* Ten students of three schools with rare-character and very long names,
 * the longest school names, out of paper order.  See output-testdata.c. */
GPtrArray          *output_test_make_three_schools (void);

/* A character no installed font has, by fontconfig's own tool (fc-list,
 * not our code): the first CJK Ext-G code point (in steps of 7) no font
 * covers; 0 when fc-list is missing or every one is covered. */
gunichar            output_test_find_uncovered_char (void);

/* Children (dabiao-cli) built with -Db_sanitize=address: the same
 * suppressions as this process, through LSAN_OPTIONS and a file in @dir. */
void                output_test_suppress_font_leaks_in_children (const char *dir);

/* The event of the export tests (student-2014, 2026-10-15, organiser
 * 南京市玄武区教育局, five students of two schools with results: 李雷 and
 * 韩梅梅 of 3201020002, 王小明, 孙免测 (免测) and 张缺测 (缺测) of
 * 3201010001), closed again. */
void                output_test_make_event (const char *path);

G_END_DECLS
