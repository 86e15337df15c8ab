/* dabiao-draw-private.h: drawing helpers of the printed outputs.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* A CJK font first, so that Latin digits and Chinese share one face. */
#define DABIAO_FONT_FAMILY "Noto Sans CJK SC,Source Han Sans SC,WenQuanYi Micro Hei,Droid Sans Fallback,Sans"

/* Draws @text (plain, not markup) with @size points in a box @width wide at
 * (@x, @y) and returns the height used.  @width <= 0: no wrapping. */
double           dabiao_draw_text      (cairo_t        *cr,
                                        const char     *text,
                                        double          size,
                                        gboolean        bold,
                                        PangoAlignment  align,
                                        double          x,
                                        double          y,
                                        double          width);
/* One line, vertically centred in a box of @height; shrinks the font (down
 * to 45%), then ellipsizes, rather than overflow the box's width. */
void             dabiao_draw_text_in_box (cairo_t        *cr,
                                          const char     *text,
                                          double          size,
                                          gboolean        bold,
                                          PangoAlignment  align,
                                          double          x,
                                          double          y,
                                          double          width,
                                          double          height);
/* A QR code of @payload (level M) as a @size × @size square with a quiet
 * zone included.  FALSE (and nothing drawn) if it cannot be encoded. */
gboolean         dabiao_draw_qr        (cairo_t        *cr,
                                        const char     *payload,
                                        double          x,
                                        double          y,
                                        double          size);
/* A round red seal with a star and @text along the top edge. */
void             dabiao_draw_seal      (cairo_t        *cr,
                                        const char     *text,
                                        double          cx,
                                        double          cy,
                                        double          radius);
/* A PNG image surface from @png, or NULL when it is not a PNG. */
cairo_surface_t *dabiao_png_surface_new (GBytes        *png);
/* Paints @image scaled to fit (keeping its aspect) in the box. */
void             dabiao_draw_image     (cairo_t         *cr,
                                        cairo_surface_t *image,
                                        double           x,
                                        double           y,
                                        double           width,
                                        double           height,
                                        gboolean         cover);

G_END_DECLS
