/* dabiao-test-event.h: an event file with a roster, for the event tests
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-event.h"

G_BEGIN_DECLS

/* Creates the event @name (student-2014) at @path (replacing a file there)
 * with @n_people participants P00000, P00001 … (高一1班, born 2010), each
 * with @address (NULL: none, a long one makes bigger rows), and 99
 * attempts allowed at 肺活量 so tests can record it over and over. */
DabiaoEvent *dabiao_test_event_new (const char *path,
                                    const char *name,
                                    guint       n_people,
                                    const char *address);

G_END_DECLS
