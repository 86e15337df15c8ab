/* public-day-testdata.h: walk-ins for the public-day tests
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-event.h"

G_BEGIN_DECLS

/* A 身份证号 of area 110105, born @birth (YYYYMMDD), with sequence @seq
 * (odd: a man), and its right check character. */
char *dabiao_test_id_number  (const char  *birth,
                              guint        seq);
/* A man of the 20～39 group through every item (the core's record, as a
 * station does): @strong reaches a high level, else the lowest; @skip an
 * item not measured (NULL: none). */
void  dabiao_test_record_all (DabiaoEvent *event,
                              const char  *id,
                              gboolean     strong,
                              const char  *skip);

G_END_DECLS
