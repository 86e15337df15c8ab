/* dabiao-draw.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>
#include <qrencode.h>

#include "dabiao-draw-private.h"

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (DABIAO_FONT_FAMILY);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

double
dabiao_draw_text (cairo_t        *cr,
                  const char     *text,
                  double          size,
                  gboolean        bold,
                  PangoAlignment  align,
                  double          x,
                  double          y,
                  double          width)
{
  PangoLayout *layout = make_layout (cr, text, size, bold);
  int w, h;

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);
  g_object_unref (layout);
  return (double) h / PANGO_SCALE;
}

void
dabiao_draw_text_in_box (cairo_t        *cr,
                         const char     *text,
                         double          size,
                         gboolean        bold,
                         PangoAlignment  align,
                         double          x,
                         double          y,
                         double          width,
                         double          height)
{
  PangoLayout *layout = make_layout (cr, text, size, bold);
  double pad = MIN (3.0, width / 10);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  if ((double) w / PANGO_SCALE > width - 2 * pad)
    {
      /* One line: shrink to fit, down to 45%, then cut with an ellipsis. */
      double shrunk = MAX (size * 0.45, size * (width - 2 * pad) / ((double) w / PANGO_SCALE));

      g_object_unref (layout);
      layout = make_layout (cr, text, shrunk, bold);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_width (layout, (int) ((width - 2 * pad) * PANGO_SCALE));
  pango_layout_get_size (layout, &w, &h);
  pango_layout_set_alignment (layout, align);
  cairo_move_to (cr, x + pad, y + (height - (double) h / PANGO_SCALE) / 2);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

gboolean
dabiao_draw_qr (cairo_t    *cr,
                const char *payload,
                double      x,
                double      y,
                double      size)
{
  QRcode *qr = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  double module;
  int row, col;

  if (qr == NULL)
    return FALSE;

  /* Four modules of quiet zone on each side. */
  module = size / (qr->width + 8);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  /* One rectangle per horizontal run of dark modules: a third of the
   * path (and of the PDF) that one square per module would make. */
  for (row = 0; row < qr->width; row++)
    for (col = 0; col < qr->width; col++)
      if (qr->data[row * qr->width + col] & 1)
        {
          int end = col;

          while (end + 1 < qr->width && (qr->data[row * qr->width + end + 1] & 1))
            end++;
          cairo_rectangle (cr, x + (col + 4) * module, y + (row + 4) * module,
                           (end - col + 1) * module, module);
          col = end;
        }
  cairo_fill (cr);
  cairo_restore (cr);
  QRcode_free (qr);
  return TRUE;
}

static void
star_path (cairo_t *cr,
           double   cx,
           double   cy,
           double   r)
{
  int i;

  for (i = 0; i < 10; i++)
    {
      double angle = -G_PI / 2 + i * G_PI / 5;
      double rr = (i % 2 == 0) ? r : r * 0.382;

      if (i == 0)
        cairo_move_to (cr, cx + rr * cos (angle), cy + rr * sin (angle));
      else
        cairo_line_to (cr, cx + rr * cos (angle), cy + rr * sin (angle));
    }
  cairo_close_path (cr);
}

void
dabiao_draw_seal (cairo_t    *cr,
                  const char *text,
                  double      cx,
                  double      cy,
                  double      radius)
{
  glong n_chars = text != NULL ? g_utf8_strlen (text, -1) : 0;
  double span, step, font;
  const char *p;
  glong i;

  cairo_save (cr);
  cairo_set_source_rgba (cr, 0.85, 0.1, 0.1, 0.85);
  cairo_set_line_width (cr, radius * 0.06);
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, radius * 0.96, 0, 2 * G_PI);
  cairo_stroke (cr);
  star_path (cr, cx, cy, radius * 0.3);
  cairo_fill (cr);

  if (n_chars > 0)
    {
      /* Characters along the upper arc, from left to right, upright towards
       * the centre. */
      span = MIN (G_PI * 1.4, n_chars * 0.42);
      step = n_chars > 1 ? span / (n_chars - 1) : 0;
      font = MIN (radius * 0.3, radius * 2.6 / MAX (n_chars, 4));
      for (i = 0, p = text; i < n_chars; i++, p = g_utf8_next_char (p))
        {
          char ch[8] = { 0 };
          double angle = -G_PI / 2 - span / 2 + i * step;
          PangoLayout *layout;
          int w, h;

          g_unichar_to_utf8 (g_utf8_get_char (p), ch);
          layout = make_layout (cr, ch, font, TRUE);
          pango_layout_get_size (layout, &w, &h);
          cairo_save (cr);
          cairo_translate (cr, cx + radius * 0.72 * cos (angle), cy + radius * 0.72 * sin (angle));
          cairo_rotate (cr, angle + G_PI / 2);
          cairo_move_to (cr, -(double) w / PANGO_SCALE / 2, -(double) h / PANGO_SCALE / 2);
          pango_cairo_show_layout (cr, layout);
          cairo_restore (cr);
          g_object_unref (layout);
        }
    }
  cairo_restore (cr);
}

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
} PngReader;

static cairo_status_t
read_png (void          *closure,
          unsigned char *data,
          unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->pos + length > reader->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->pos, length);
  reader->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *
dabiao_png_surface_new (GBytes *png)
{
  PngReader reader = { 0 };
  cairo_surface_t *surface;

  if (png == NULL)
    return NULL;
  reader.data = g_bytes_get_data (png, &reader.len);
  surface = cairo_image_surface_create_from_png_stream (read_png, &reader);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

void
dabiao_draw_image (cairo_t         *cr,
                   cairo_surface_t *image,
                   double           x,
                   double           y,
                   double           width,
                   double           height,
                   gboolean         cover)
{
  int iw = cairo_image_surface_get_width (image);
  int ih = cairo_image_surface_get_height (image);
  double sx, scale;

  if (iw <= 0 || ih <= 0)
    return;
  sx = width / iw;
  scale = cover ? MAX (sx, height / ih) : MIN (sx, height / ih);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_translate (cr, x + (width - iw * scale) / 2, y + (height - ih * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}
