/* dabiao-exit-page.h: the 发证 page (exit desk) of a public test day
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-exit-desk.h"

G_BEGIN_DECLS

#define DABIAO_TYPE_EXIT_PAGE (dabiao_exit_page_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoExitPage, dabiao_exit_page, DABIAO, EXIT_PAGE, AdwBin)

/* The exit desk: a badge scanned (its code and Enter) or a 编号 or name
 * typed shows that person's results, what is still missing and the level
 * reached; the 发证 button (or Ctrl+Enter anywhere on the page) issues the
 * certificate, 补发 after a confirmation for one issued before.  The
 * 待发证 list beside shows everyone who has earned a certificate and not
 * had it.  The page holds no event: ::scan asks the window for fresh
 * figures (dabiao_exit_page_set_desk, then it shows the person), ::issue
 * to issue. */

/* Takes @desk (may be NULL: no event). */
void        dabiao_exit_page_set_desk   (DabiaoExitPage *self,
                                         DabiaoExitDesk *desk);
DabiaoExitDesk *dabiao_exit_page_get_desk (DabiaoExitPage *self);
/* Shows the person @query names (编号, 学籍号 or name); FALSE when nobody
 * or several. */
gboolean    dabiao_exit_page_show       (DabiaoExitPage *self,
                                         const char     *query);
/* The id shown, or NULL. */
const char *dabiao_exit_page_get_person (DabiaoExitPage *self);
guint       dabiao_exit_page_get_n_pending (DabiaoExitPage *self);
void        dabiao_exit_page_set_busy   (DabiaoExitPage *self,
                                         gboolean        busy);
void        dabiao_exit_page_focus_scan (DabiaoExitPage *self);
void        dabiao_exit_page_set_no_printer (DabiaoExitPage *self,
                                             gboolean        no_printer);
/* What the last 发证 did (@error: it failed). */
void        dabiao_exit_page_set_message (DabiaoExitPage *self,
                                          const char     *message,
                                          gboolean        error);

G_END_DECLS
