/* dabiao-roster-page.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-roster-model.h"

G_BEGIN_DECLS

#define DABIAO_TYPE_ROSTER_PAGE (dabiao_roster_page_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoRosterPage, dabiao_roster_page, DABIAO, ROSTER_PAGE, AdwBin)

GtkWidget  *dabiao_roster_page_new                 (void);
void        dabiao_roster_page_set_roster          (DabiaoRosterPage  *self,
                                                    DabiaoRosterModel *roster);
void        dabiao_roster_page_set_search          (DabiaoRosterPage  *self,
                                                    const char        *text);
const char *dabiao_roster_page_get_search_applied  (DabiaoRosterPage  *self);
void        dabiao_roster_page_set_filter_sex      (DabiaoRosterPage  *self,
                                                    int                sex);
gboolean    dabiao_roster_page_set_filter_group    (DabiaoRosterPage  *self,
                                                    const char        *label);
void        dabiao_roster_page_set_filter_status   (DabiaoRosterPage  *self,
                                                    DabiaoRosterStatus status);
guint       dabiao_roster_page_get_n_shown         (DabiaoRosterPage  *self);
GListModel *dabiao_roster_page_get_shown           (DabiaoRosterPage  *self);
void        dabiao_roster_page_show_import         (DabiaoRosterPage  *self,
                                                    double             fraction,
                                                    const char        *text);
const char *dabiao_roster_page_get_import_report  (DabiaoRosterPage  *self);
void        dabiao_roster_page_pulse_import        (DabiaoRosterPage  *self);
void        dabiao_roster_page_finish_import       (DabiaoRosterPage  *self,
                                                    const char        *report);

void              dabiao_roster_page_set_by_age        (DabiaoRosterPage  *self,
                                                        gboolean           by_age);

/* Ids holding an identity number shown whole (TRUE) or masked (0102). */
void        dabiao_roster_page_set_full_ids        (DabiaoRosterPage  *self,
                                                    gboolean           full_ids);
gboolean    dabiao_roster_page_get_full_ids        (DabiaoRosterPage  *self);

G_END_DECLS
