/* dabiao-chart.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DABIAO_TYPE_CHART (dabiao_chart_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoChart, dabiao_chart, DABIAO, CHART, GtkWidget)

GtkWidget *dabiao_chart_new        (void);
const char *dabiao_chart_get_title (DabiaoChart        *self);
void       dabiao_chart_set_title  (DabiaoChart        *self,
                                    const char         *title);
void       dabiao_chart_set_data   (DabiaoChart        *self,
                                    const char * const *categories,
                                    const char * const *series,
                                    const double       *values,
                                    gboolean            percent);
void       dabiao_chart_set_empty_text (DabiaoChart      *self,
                                        const char       *text);
const char *dabiao_chart_get_empty_text (DabiaoChart     *self);
guint      dabiao_chart_get_n_categories (DabiaoChart *self);
gboolean   dabiao_chart_get_label_box (DabiaoChart     *self,
                                       guint            category,
                                       graphene_rect_t *box);
double     dabiao_chart_get_value  (DabiaoChart        *self,
                                    guint               category,
                                    guint               series);

G_END_DECLS
