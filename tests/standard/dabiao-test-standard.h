/* dabiao-test-standard.h: user copies of a shipped standard, for tests
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Installs a copy of the shipped standard @from (read from
 * $DABIAO_SOURCE_ROOT/data/standards) as the user standard @id, in
 * $XDG_DATA_HOME/dabiao/standards/@id, with @file holding @contents instead
 * (when @file is not NULL).  Returns the folder. */
char *dabiao_test_standard_install (const char *from,
                                    const char *id,
                                    const char *file,
                                    const char *contents);
/* Removes such a folder and its files. */
void  dabiao_test_standard_remove  (const char *dir);

G_END_DECLS
