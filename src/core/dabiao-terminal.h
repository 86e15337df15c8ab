/* dabiao-terminal.h: text from files (names, schools, lock holders) made
 * safe to print on a terminal
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text with every character a terminal would act on instead of showing
 * written out as \xHH or \u{HHHH}: C0 controls (ESC starts colour, title
 * and cursor sequences), DEL, C1 controls, and the bidirectional controls
 * that reorder what is shown (U+202A–U+202E, U+2066–U+2069).  With
 * @keep_line_ends, "\n" and "\t" stay as they are.  Bytes that are not
 * UTF-8 are written out as \xHH too.  NULL when nothing needed escaping. */
char     *dabiao_terminal_escape      (const char *text,
                                       gssize      len,
                                       gboolean    keep_line_ends);

/* Print handlers for g_print()/g_printerr() that escape as above (keeping
 * line ends) when the output is a terminal; for programs whose output
 * carries names from files. */
void      dabiao_terminal_install_print_handlers (void);

G_END_DECLS
