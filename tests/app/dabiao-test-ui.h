/* dabiao-test-ui.h: checks of what a person sees, for any widget tree
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Every mapped widget of @root lies inside its parent (nothing clipped),
 * outside scrolling containers; no two pieces of visible label text overlap;
 * @root got no more room than @width × @height (when > 0) — a window whose
 * content cannot shrink that far is too wide.  Each problem is added to
 * @problems as "WHAT: …", naming the widget by its type, CSS name and text. */
void dabiao_test_check_layout  (GtkWidget  *root,
                                const char *what,
                                int         width,
                                int         height,
                                GPtrArray  *problems);

/* No English reaches the zh_CN UI: every label, button, entry placeholder,
 * tooltip, window title and text view line (the bytes an instrument sent,
 * «…» and |…|, left out) of @root (mapped ones) must carry no word of
 * three or more Latin letters other than the few kept on purpose (key
 * names, units, file types; see the list in dabiao-test-ui.c), and no text
 * that is an msgid of po/zh_CN.po (an untranslated string).  File paths are
 * skipped, and so are widgets with the CSS class "user-data" (names of
 * computers and logins: the person's data, not the UI's words). */
void dabiao_test_check_chinese (GtkWidget  *root,
                                const char *what,
                                GPtrArray  *problems);

/* No two mnemonics of @root's shown labels (buttons, rows, entries) share
 * a key: Alt+key must do one thing. */
void dabiao_test_check_mnemonics (GtkWidget  *root,
                                  const char *what,
                                  GPtrArray  *problems);

/* @widget is shown and wholly in sight: inside @window and inside the view
 * of every scrolled window around it (nothing to scroll to reach it). */
gboolean dabiao_test_in_sight (GtkWidget *widget,
                               GtkWidget *window);

/* Fails the test listing every problem, when there are any. */
void dabiao_test_assert_no_problems (GPtrArray *problems);

G_END_DECLS
