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

#include "dabiao-fonts.h"

G_BEGIN_DECLS

/* Text is set in the style chosen for @cr (default DABIAO_FONT_SANS); the
 * families come from dabiao_font_families(), the one place that picks
 * fonts. */
void             dabiao_draw_set_font_style (cairo_t         *cr,
                                             DabiaoFontStyle  style);

/* Draws @text (plain, not markup) with @size points in a box @width wide at
 * (@x, @y) and returns the height used.  @width <= 0: no wrapping.  Lines
 * break between words and CJK characters, never inside a number with its
 * unit ("68.1 分", "2026年11月29日"): spaces between digits and a unit and
 * inside dates are made non-breaking first. */
double           dabiao_draw_text      (cairo_t        *cr,
                                        const char     *text,
                                        double          size,
                                        gboolean        bold,
                                        PangoAlignment  align,
                                        double          x,
                                        double          y,
                                        double          width);
/* dabiao_draw_text(), and no line breaks inside any of @keep (NULL-
 * terminated; nullable) where it occurs in @text, nor between it and
 * quotation marks or brackets around it: a certificate's level. */
double           dabiao_draw_text_keeping (cairo_t            *cr,
                                           const char         *text,
                                           const char * const *keep,
                                           double              size,
                                           gboolean            bold,
                                           PangoAlignment      align,
                                           double              x,
                                           double              y,
                                           double              width);
/* One line, vertically centred in a box of @height.  Too wide: the font
 * shrinks (down to 60%, and not below 6.5 points on the page), then the
 * text takes two lines (when the box is
 * high enough for two), then shrinks further: the whole text is always
 * drawn, never cut or ellipsized. */
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
/* A round red seal with a star and @text along the top edge (recorded as
 * a stamp: it is meant to lie over the issuer's name). */
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

/* ---- Recording, for the layout tests ------------------------------------
 *
 * With a record attached to a cairo_t, every text drawn by the functions
 * above is noted with the box it was given, where its ink went and how pango
 * broke its lines, all in page coordinates (points, origin top left), and
 * QR codes as shapes text must not cover.  Drawing is unchanged. */

typedef struct
{
  double x, y, width, height;
} DabiaoRect;

typedef struct
{
  guint       page;
  char       *text;
  double      size;       /* font size used, points on the page */
  DabiaoRect  box;        /* the space it was given */
  DabiaoRect  ink;        /* its ink */
  char      **lines;      /* the text of each line, as laid out */
  gboolean    ellipsized;
  gboolean    stamp;      /* part of a seal */
} DabiaoDrawnText;

typedef struct
{
  guint      page;        /* set by the caller before drawing each page */
  GPtrArray *texts;       /* DabiaoDrawnText* */
  GArray    *shapes;      /* DabiaoRect of QR codes, page in .page_of */
  GArray    *shape_pages; /* guint per shape */
} DabiaoDrawRecord;

DabiaoDrawRecord *dabiao_draw_record_new    (void);
void              dabiao_draw_record_free   (DabiaoDrawRecord *record);
/* @record must outlive @cr's drawing. */
void              dabiao_draw_record_attach (cairo_t          *cr,
                                             DabiaoDrawRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoDrawRecord, dabiao_draw_record_free)

G_END_DECLS
