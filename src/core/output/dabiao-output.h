/* dabiao-output.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dabiao-results.h"

G_BEGIN_DECLS

/* Every export reads persons as the results module yields them
 * (dabiao-results.h): nothing here scores, rounds or names a level. */

/* Level order for certificates' lowest level: 优秀/一级 = 4, 良好/二级 = 3,
 * 及格/合格/三级 = 2, 不及格/不合格/四级 = 1, anything else 0. */
int                 dabiao_output_level_rank        (const char *level);
/* A 学籍号 or 身份证号 as shown where people see it (badges, certificates):
 * a number with a 身份证号 in it (15 or more digits) keeps its letter
 * prefix, its first four and last four characters, the rest as * (the birth
 * date is never shown): G440106200801010424 → G4401**********0424.  Shorter
 * numbers (a school's own 学号) are returned as they are; NULL → "". */
char               *dabiao_output_mask_id           (const char *id);


G_END_DECLS
