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


G_END_DECLS
