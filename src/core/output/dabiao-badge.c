/* dabiao-badge.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dabiao-badge.h"
#include "dabiao-draw-private.h"
#include "dabiao-error.h"
#include "dabiao-output-order.h"

void
dabiao_badge_layout_init_default (DabiaoBadgeLayout *layout)
{
  dabiao_badge_layout_init_for_paper (layout, DABIAO_PAPER_A4_PORTRAIT);
}

void
dabiao_badge_layout_init_for_paper (DabiaoBadgeLayout *layout,
                                    DabiaoPaper        paper)
{
  /* Labels of about 90 × 55 mm (a name card), or as near as the paper
   * allows. */
  static const guint grid[][2] = {
    [DABIAO_PAPER_A4_PORTRAIT] = { 5, 2 },
    [DABIAO_PAPER_A4_LANDSCAPE] = { 3, 3 },
    [DABIAO_PAPER_A5_PORTRAIT] = { 3, 2 },
    [DABIAO_PAPER_A5_LANDSCAPE] = { 2, 2 },
  };

  layout->paper = paper;
  layout->rows = grid[paper][0];
  layout->columns = grid[paper][1];
  layout->margin_top = layout->margin_bottom = 10;
  layout->margin_left = layout->margin_right = 10;
  layout->gap_x = layout->gap_y = 4;
  layout->show_level = FALSE;
  layout->id = DABIAO_BADGE_ID_MASKED;
  layout->class_per_page = FALSE;
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
  GArray            *page_starts; /* guint: index of each page's first person, then persons->len */
} BadgePages;

static void
badge_pages_free (gpointer data)
{
  BadgePages *bp = data;

  g_free (bp->event_name);
  g_ptr_array_unref (bp->persons);
  g_array_unref (bp->page_starts);
  g_free (bp);
}

/* The class line: the class's name, with the grade in front unless the
 * name already says it (高三(2)班, not 高三 高三(2)班); an adult's age
 * group, or that none of the day's is theirs. */
static char *
class_line (const DabiaoResultsPerson *p)
{
  g_autofree char *group = g_strdup (dabiao_results_person_get_group_shown (p));

  if (p->class_name == NULL || p->class_name[0] == '\0')
    return g_steal_pointer (&group);
  if (strstr (p->class_name, group) != NULL || p->grade == 0)
    return g_strdup (p->class_name);
  return g_strdup_printf ("%s %s", group, p->class_name);
}

/* The number line: the 学籍号 or 编号 (masked when it carries a 身份证号),
 * and a 身份证号 that it does not already carry, masked (a walk-in:
 * "A0001 · 1101**********1233"). */
static char *
number_line (const BadgePages         *bp,
             const DabiaoResultsPerson *p)
{
  const char *no = p->student_no != NULL && p->student_no[0] != '\0' ? p->student_no : p->id;
  g_autofree char *masked_no = NULL;
  g_autofree char *masked_card = NULL;

  if (bp->layout.id != DABIAO_BADGE_ID_MASKED)
    return NULL;
  masked_no = dabiao_output_mask_id (no);
  if (p->id_number == NULL || p->id_number[0] == '\0' || (no != NULL && strstr (no, p->id_number) != NULL))
    return g_steal_pointer (&masked_no);
  masked_card = dabiao_output_mask_id (p->id_number);
  return g_strdup_printf ("%s · %s", masked_no, masked_card);
}

static void
draw_badge (cairo_t                  *cr,
            const BadgePages         *bp,
            const DabiaoResultsPerson *p,
            double                    w,
            double                    h)
{
  /* Shares of the label's height: event band, name, class, school, number;
   * right of the name and class, the QR code of the id that the stations'
   * check-in takes from a scanner (school and number keep the full width:
   * they are the long lines). */
  double band = h * 0.18, name_h = h * 0.36, line_h = h * 0.155;
  double pad = MIN (w, h) * 0.03;
  double qr = MIN (name_h + line_h - pad, w * 0.3);
  double text_w = w - qr - 2 * pad;
  double y = band;
  g_autofree char *line2 = NULL;
  g_autofree char *number = NULL;

  if (bp->layout.show_level)
    {
      g_autofree char *total = NULL;

      if (p->level != NULL && p->has_total)
        {
          total = dabiao_results_format_tenths (p->total_tenths);
          line2 = g_strdup_printf ("%s · %s 分", p->level, total);
        }
      else
        line2 = g_strdup (p->level ? p->level : "");
    }
  else
    line2 = class_line (p);
  number = number_line (bp, p);

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
  dabiao_draw_text_in_box (cr, bp->event_name, band * 0.55, TRUE, PANGO_ALIGN_CENTER, 0, 0, w, band);

  dabiao_draw_qr (cr, p->id, w - qr - pad, band + pad / 2, qr);

  cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
  dabiao_draw_text_in_box (cr, p->name, MIN (name_h * 0.72, text_w * 0.2), TRUE, PANGO_ALIGN_CENTER, pad, y,
                           text_w, name_h);
  y += name_h;
  dabiao_draw_text_in_box (cr, line2, line_h * 0.68, FALSE, PANGO_ALIGN_CENTER, pad, y, text_w, line_h);
  y += line_h;
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  if (p->school_name != NULL && p->school_name[0] != '\0')
    dabiao_draw_text_in_box (cr, p->school_name, line_h * 0.62, FALSE, PANGO_ALIGN_CENTER, 0, y, w, line_h);
  y += line_h;
  if (number != NULL && number[0] != '\0')
    dabiao_draw_text_in_box (cr, number, line_h * 0.62, FALSE, PANGO_ALIGN_CENTER, 0, y, w, line_h);
}

static void
draw_badge_page (gpointer  data,
                 cairo_t  *cr,
                 guint     page)
{
  BadgePages *bp = data;
  guint first = g_array_index (bp->page_starts, guint, page);
  guint end = g_array_index (bp->page_starts, guint, page + 1);
  double w, h;
  guint i;

  dabiao_badge_layout_get_label (&bp->layout, &w, &h);
  for (i = 0; first + i < end; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (bp->persons, first + i);
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
  guint i, on_page, n_pages;

  bp->layout = *layout;
  bp->event_name = g_strdup (event_name ? event_name : "");
  bp->persons = g_ptr_array_ref (persons);
  bp->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  /* A page is full, or (class_per_page) the next person is of another
   * class. */
  for (i = 0, on_page = 0; i < persons->len; i++, on_page++)
    if (i == 0 || on_page == per_page
        || (layout->class_per_page
            && !dabiao_output_same_class (g_ptr_array_index (persons, i - 1), g_ptr_array_index (persons, i))))
      {
        g_array_append_val (bp->page_starts, i);
        on_page = 0;
      }
  n_pages = bp->page_starts->len;
  g_array_append_val (bp->page_starts, i);
  return dabiao_pages_new (n_pages, layout->paper, draw_badge_page, bp, badge_pages_free);
}

DabiaoPages *
dabiao_badge_pages_new_for_participant (DabiaoEvent  *event,
                                        const char   *id,
                                        DabiaoPaper   paper,
                                        GError      **error)
{
  g_autoptr(DabiaoResultsPerson) person = dabiao_results_load_person (event, id, NULL, error);
  g_autoptr(GPtrArray) persons = NULL;
  DabiaoBadgeLayout layout;

  if (person == NULL)
    return NULL;
  dabiao_badge_layout_init_for_paper (&layout, paper);
  /* One person's badge (the desk prints it at once): the whole sheet,
   * not one name card in its top-left corner (findings-15b #9). */
  layout.rows = layout.columns = 1;
  persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
  g_ptr_array_add (persons, g_steal_pointer (&person));
  return dabiao_badges_pages_new (&layout, dabiao_event_get_name (event), persons);
}
