/* dabiao-test-util.h: helpers of the app's widget tests
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-session.h"

G_BEGIN_DECLS

void       dabiao_test_init            (int          *argc,
                                        char       ***argv);
void       dabiao_test_wait            (guint         ms);
gboolean   dabiao_test_wait_until      (gboolean    (*done) (gpointer),
                                        gpointer      data,
                                        guint         timeout_ms);
GtkWindow *dabiao_test_window_for      (GtkWidget    *child,
                                        int           width,
                                        int           height);
void       dabiao_test_screenshot      (GtkWidget    *widget,
                                        const char   *name);
GtkWindow *dabiao_test_find_message_dialog (void);
void       dabiao_test_dialog_key      (gboolean      enter);
gboolean   dabiao_test_pointer_set     (gpointer      data);
DabiaoSummary *dabiao_test_summarize   (DabiaoSession *session);
GPtrArray *dabiao_test_make_roster     (guint         n);

G_END_DECLS
