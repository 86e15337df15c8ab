/* dabiao-start-page.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DABIAO_TYPE_START_PAGE (dabiao_start_page_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoStartPage, dabiao_start_page, DABIAO, START_PAGE, AdwBin)

GtkWidget *dabiao_start_page_new        (void);
void       dabiao_start_page_set_recent (DabiaoStartPage    *self,
                                         const char * const *paths);
guint      dabiao_start_page_get_n_recent (DabiaoStartPage  *self);
void       dabiao_start_page_set_recent_details (DabiaoStartPage *self,
                                                 const char      *path,
                                                 const char      *name,
                                                 const char      *date);
char      *dabiao_start_page_get_recent_text (DabiaoStartPage *self,
                                              guint            index);

G_END_DECLS
