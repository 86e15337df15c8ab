/* dabiao-badge.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-badge.h"
#include "dabiao-draw-private.h"
#include "dabiao-error.h"

void
dabiao_badge_layout_init_default (DabiaoBadgeLayout *layout)
{
  layout->paper = DABIAO_PAPER_A4_PORTRAIT;
  layout->rows = 5;
  layout->columns = 2;
  layout->margin_top = layout->margin_bottom = 10;
  layout->margin_left = layout->margin_right = 10;
  layout->gap_x = layout->gap_y = 4;
  layout->show_level = FALSE;
}

void
dabiao_badge_layout_get_label (const DabiaoBadgeLayout *layout,
                               double                  *width,
                               double                  *height)
{
  double pw, ph;

  dabiao_paper_get_size (layout->paper, &pw, &ph);
  *width = (pw - DABIAO_MM_TO_PT (layout->margin_left + layout->margin_right
                                  + layout->gap_x * (MAX (layout->columns, 1) - 1)))
           / MAX (layout->columns, 1);
  *height = (ph - DABIAO_MM_TO_PT (layout->margin_top + layout->margin_bottom
                                   + layout->gap_y * (MAX (layout->rows, 1) - 1)))
            / MAX (layout->rows, 1);
}

gboolean
dabiao_badge_layout_check (const DabiaoBadgeLayout *layout,
                           GError                 **error)
{
  double w, h;

  if (layout->rows < 1 || layout->rows > 20 || layout->columns < 1 || layout->columns > 10)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Badges: %u rows × %u columns; expected 1–20 rows and 1–10 columns"),
                   layout->rows, layout->columns);
      return FALSE;
    }
  if (layout->margin_top < 0 || layout->margin_bottom < 0 || layout->margin_left < 0
      || layout->margin_right < 0 || layout->gap_x < 0 || layout->gap_y < 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Badges: margins and gaps cannot be negative"));
      return FALSE;
    }
  dabiao_badge_layout_get_label (layout, &w, &h);
  if (w < DABIAO_MM_TO_PT (30) || h < DABIAO_MM_TO_PT (15))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Badges: each label would be %.0f × %.0f mm; at least 30 × 15 mm is needed "
                     "(fewer rows or columns, or smaller margins)"),
                   w * 25.4 / 72, h * 25.4 / 72);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  DabiaoBadgeLayout  layout;
  char              *event_name;
  GPtrArray         *persons;
} BadgePages;

static void
badge_pages_free (gpointer data)
{
  BadgePages *bp = data;

  g_free (bp->event_name);
  g_ptr_array_unref (bp->persons);
  g_free (bp);
}

static void
draw_badge (cairo_t                  *cr,
            const BadgePages         *bp,
            const DabiaoResultsPerson *p,
            double                    w,
            double                    h)
{
  double band = h * 0.2;
  double name_size = MIN (h * 0.26, w * 0.16);
  g_autofree char *line2 = NULL;
  g_autofree char *group = dabiao_results_person_dup_group (p);

  if (bp->layout.show_level)
    {
      if (p->level != NULL && p->has_total)
        {
          g_autofree char *total = dabiao_results_format_tenths (p->total_tenths);

          line2 = g_strdup_printf ("%s · %s 分", p->level, total);
        }
      else
        line2 = g_strdup (p->level ? p->level : "");
    }
  else if (p->class_name != NULL && p->class_name[0] != '\0')
    line2 = g_strdup_printf ("%s %s", group, p->class_name);
  else
    line2 = g_strdup (group);

  /* Cut guide. */
  cairo_set_source_rgb (cr, 0.7, 0.7, 0.7);
  cairo_set_line_width (cr, 0.5);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_stroke (cr);

  /* Event band. */
  cairo_set_source_rgb (cr, 0.62, 0.08, 0.08);
  cairo_rectangle (cr, 0, 0, w, band);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  /* CJK characters are about one em wide: fit the event's name on the band. */
  dabiao_draw_text_in_box (cr, bp->event_name,
                           MIN (band * 0.5, (w - 10) / MAX (g_utf8_strlen (bp->event_name, -1), 1)),
                           TRUE, PANGO_ALIGN_CENTER, 0, 0, w, band);

  cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
  dabiao_draw_text_in_box (cr, p->name, name_size, TRUE, PANGO_ALIGN_CENTER, 0, band, w, h * 0.42);
  dabiao_draw_text_in_box (cr, line2, name_size * 0.5, FALSE, PANGO_ALIGN_CENTER, 0, band + h * 0.42, w, h * 0.2);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  dabiao_draw_text_in_box (cr, p->student_no ? p->student_no : p->id_number, name_size * 0.36, FALSE,
                           PANGO_ALIGN_CENTER, 0, band + h * 0.62, w, h * 0.16);
}

static void
draw_badge_page (gpointer  data,
                 cairo_t  *cr,
                 guint     page)
{
  BadgePages *bp = data;
  guint per_page = bp->layout.rows * bp->layout.columns;
  double w, h;
  guint i;

  dabiao_badge_layout_get_label (&bp->layout, &w, &h);
  for (i = 0; i < per_page && page * per_page + i < bp->persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (bp->persons, page * per_page + i);
      guint row = i / bp->layout.columns;
      guint col = i % bp->layout.columns;

      cairo_save (cr);
      cairo_translate (cr,
                       DABIAO_MM_TO_PT (bp->layout.margin_left + col * bp->layout.gap_x) + col * w,
                       DABIAO_MM_TO_PT (bp->layout.margin_top + row * bp->layout.gap_y) + row * h);
      cairo_rectangle (cr, 0, 0, w, h);
      cairo_clip (cr);
      draw_badge (cr, bp, p, w, h);
      cairo_restore (cr);
    }
}

DabiaoPages *
dabiao_badges_pages_new (const DabiaoBadgeLayout *layout,
                         const char              *event_name,
                         GPtrArray               *persons)
{
  BadgePages *bp = g_new0 (BadgePages, 1);
  guint per_page = MAX (layout->rows * layout->columns, 1);

  bp->layout = *layout;
  bp->event_name = g_strdup (event_name ? event_name : "");
  bp->persons = g_ptr_array_ref (persons);
  return dabiao_pages_new ((persons->len + per_page - 1) / per_page, layout->paper,
                           draw_badge_page, bp, badge_pages_free);
}
