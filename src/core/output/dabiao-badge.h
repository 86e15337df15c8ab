/* dabiao-badge.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-output.h"
#include "dabiao-pages.h"

G_BEGIN_DECLS

/* Badges on label sheets: a grid of @rows × @columns labels per page inside
 * the margins, with name, grade and class (or the level reached), and the
 * event's name. */

typedef struct
{
  DabiaoPaper paper;
  guint       rows;
  guint       columns;
  double      margin_top;    /* millimetres */
  double      margin_bottom;
  double      margin_left;
  double      margin_right;
  double      gap_x;         /* between labels, millimetres */
  double      gap_y;
  gboolean    show_level;    /* second line: the level (and total) instead of the class */
} DabiaoBadgeLayout;

/* A4, 2 × 5 labels, 10 mm margins, 4 mm gaps. */
void         dabiao_badge_layout_init_default (DabiaoBadgeLayout       *layout);
/* FALSE with a clear message when the labels would not fit. */
gboolean     dabiao_badge_layout_check        (const DabiaoBadgeLayout *layout,
                                               GError                 **error);
/* Label size in points. */
void         dabiao_badge_layout_get_label    (const DabiaoBadgeLayout *layout,
                                               double                  *width,
                                               double                  *height);
/* One label per person (exempt ones included: they are participants too).
 * Takes a reference on @persons; @layout must pass the check. */
DabiaoPages *dabiao_badges_pages_new          (const DabiaoBadgeLayout *layout,
                                               const char              *event_name,
                                               GPtrArray               *persons);

G_END_DECLS
