/* dabiao-results-page.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DABIAO_TYPE_RESULTS_PAGE (dabiao_results_page_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoResultsPage, dabiao_results_page, DABIAO, RESULTS_PAGE, AdwBin)

GtkWidget *dabiao_results_page_new                (void);
void       dabiao_results_page_set_totals         (DabiaoResultsPage  *self,
                                                   guint               participants,
                                                   guint               complete,
                                                   guint               measurements,
                                                   double              pass_rate);
const char *dabiao_results_page_get_level_note    (DabiaoResultsPage  *self);
void       dabiao_results_page_set_progress       (DabiaoResultsPage  *self,
                                                   const char * const *items,
                                                   const guint        *done,
                                                   const guint        *expected);
void       dabiao_results_page_set_distribution   (DabiaoResultsPage  *self,
                                                   const char * const *groups,
                                                   const char * const *levels,
                                                   const double       *counts);
void       dabiao_results_page_set_kind           (DabiaoResultsPage  *self,
                                                   gboolean            by_age,
                                                   gboolean            item_levels,
                                                   const char         *pass_label);
void       dabiao_results_page_set_pass_rates     (DabiaoResultsPage  *self,
                                                   const char * const *items,
                                                   const double       *rates);
void       dabiao_results_page_set_class_progress (DabiaoResultsPage  *self,
                                                   const char * const *classes,
                                                   const guint        *total,
                                                   const guint        *complete);
guint      dabiao_results_page_get_n_class_rows   (DabiaoResultsPage  *self);
char      *dabiao_results_page_dup_class_row      (DabiaoResultsPage  *self,
                                                   guint               index);
void       dabiao_results_page_clear_audit        (DabiaoResultsPage  *self);
void       dabiao_results_page_add_audit          (DabiaoResultsPage  *self,
                                                   const char         *title,
                                                   const char         *subtitle,
                                                   const char         *who);
guint      dabiao_results_page_get_n_audit_rows   (DabiaoResultsPage  *self);
void       dabiao_results_page_clear_history      (DabiaoResultsPage  *self);
void       dabiao_results_page_add_history        (DabiaoResultsPage  *self,
                                                   const char         *id,
                                                   const char         *title,
                                                   const char         *subtitle,
                                                   gboolean            voided);
void       dabiao_results_page_show_person        (DabiaoResultsPage  *self,
                                                   const char         *heading,
                                                   const char * const *items,
                                                   const char * const *values,
                                                   const char * const *scores,
                                                   const char         *total,
                                                   const char         *notes);
guint      dabiao_results_page_get_n_person_rows  (DabiaoResultsPage  *self);
void       dabiao_results_page_clear_person       (DabiaoResultsPage  *self);
void       dabiao_results_page_add_person_change  (DabiaoResultsPage  *self,
                                                   const char         *title,
                                                   const char         *detail);
char      *dabiao_results_page_dup_person_changes (DabiaoResultsPage  *self);
void       dabiao_results_page_set_person_correctable (DabiaoResultsPage *self,
                                                       guint              index,
                                                       const char        *code);
char      *dabiao_results_page_dup_person_result  (DabiaoResultsPage  *self,
                                                   const char         *item_name);
GtkWidget *dabiao_results_page_get_level_chart    (DabiaoResultsPage  *self);
GtkWidget *dabiao_results_page_get_pass_chart     (DabiaoResultsPage  *self);
const char *dabiao_results_page_get_pass_label    (DabiaoResultsPage  *self);
const char *dabiao_results_page_get_measurements_text (DabiaoResultsPage *self);

G_END_DECLS
