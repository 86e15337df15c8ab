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
 * the margins, with the event's name, the full name (shrunk, then on two
 * lines, never cut), the class or age group (or the level reached), the
 * school's name and the 学籍号 masked (a badge is worn in public) or left
 * out — a walk-in's 编号 with the 身份证号 masked — and a QR code of the
 * participant's id (学籍号 or 编号) for the stations' check-in scanner. */

typedef enum
{
  DABIAO_BADGE_ID_MASKED, /* G4401**********0424: dabiao_output_mask_id() */
  DABIAO_BADGE_ID_HIDDEN, /* no number on the badge */
} DabiaoBadgeId;

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
  DabiaoBadgeId id;
  gboolean    class_per_page; /* each class starts on a new page */
} DabiaoBadgeLayout;

/* A4, 2 × 5 labels, 10 mm margins, 4 mm gaps. */
void         dabiao_badge_layout_init_default (DabiaoBadgeLayout       *layout);
/* The grid for @paper: labels of about 90 × 55 mm (A4 2 × 5, A4 landscape
 * 3 × 3, A5 2 × 3, A5 landscape 2 × 2), 10 mm margins, 4 mm gaps. */
void         dabiao_badge_layout_init_for_paper (DabiaoBadgeLayout     *layout,
                                                 DabiaoPaper            paper);
/* FALSE with a clear message when the labels would not fit. */
gboolean     dabiao_badge_layout_check        (const DabiaoBadgeLayout *layout,
                                               GError                 **error);
/* Label size in points. */
void         dabiao_badge_layout_get_label    (const DabiaoBadgeLayout *layout,
                                               double                  *width,
                                               double                  *height);
/* One label per person (exempt ones included: they are participants too),
 * in the order of @persons (see dabiao_output_sort_for_paper()).  Takes a
 * reference on @persons; @layout must pass the check. */
DabiaoPages *dabiao_badges_pages_new          (const DabiaoBadgeLayout *layout,
                                               const char              *event_name,
                                               GPtrArray               *persons);
/* The badge of one participant (a walk-in just registered), filling a
 * @paper sheet.  Blocks: call it on the event's worker. */
DabiaoPages *dabiao_badge_pages_new_for_participant (DabiaoEvent   *event,
                                                     const char    *id,
                                                     DabiaoPaper    paper,
                                                     GError       **error);

G_END_DECLS
