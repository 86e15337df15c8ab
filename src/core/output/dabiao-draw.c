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

/* ---- Font style and recording, kept on the cairo_t ---------------------- */

static const cairo_user_data_key_t style_key;
static const cairo_user_data_key_t record_key;
static const cairo_user_data_key_t stamp_key;

void
dabiao_draw_set_font_style (cairo_t         *cr,
                            DabiaoFontStyle  style)
{
  cairo_set_user_data (cr, &style_key, GINT_TO_POINTER (style + 1), NULL);
}

static DabiaoFontStyle
get_font_style (cairo_t *cr)
{
  int style = GPOINTER_TO_INT (cairo_get_user_data (cr, &style_key));

  return style > 0 ? (DabiaoFontStyle) (style - 1) : DABIAO_FONT_SANS;
}

static void
drawn_text_free (gpointer data)
{
  DabiaoDrawnText *t = data;

  g_free (t->text);
  g_strfreev (t->lines);
  g_free (t);
}

DabiaoDrawRecord *
dabiao_draw_record_new (void)
{
  DabiaoDrawRecord *record = g_new0 (DabiaoDrawRecord, 1);

  record->texts = g_ptr_array_new_with_free_func (drawn_text_free);
  record->shapes = g_array_new (FALSE, FALSE, sizeof (DabiaoRect));
  record->shape_pages = g_array_new (FALSE, FALSE, sizeof (guint));
  return record;
}

void
dabiao_draw_record_free (DabiaoDrawRecord *record)
{
  if (record == NULL)
    return;
  g_ptr_array_unref (record->texts);
  g_array_unref (record->shapes);
  g_array_unref (record->shape_pages);
  g_free (record);
}

void
dabiao_draw_record_attach (cairo_t          *cr,
                           DabiaoDrawRecord *record)
{
  cairo_set_user_data (cr, &record_key, record, NULL);
}

/* The box (x, y, w, h) in user space as a page rectangle (the bounding box
 * of its corners, for rotated text). */
static DabiaoRect
to_page (cairo_t *cr,
         double   x,
         double   y,
         double   w,
         double   h)
{
  double xs[4] = { x, x + w, x, x + w };
  double ys[4] = { y, y, y + h, y + h };
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  DabiaoRect r;
  int i;

  for (i = 0; i < 4; i++)
    {
      cairo_user_to_device (cr, &xs[i], &ys[i]);
      x0 = MIN (x0, xs[i]);
      y0 = MIN (y0, ys[i]);
      x1 = MAX (x1, xs[i]);
      y1 = MAX (y1, ys[i]);
    }
  r.x = x0, r.y = y0, r.width = x1 - x0, r.height = y1 - y0;
  return r;
}

/* Notes @layout, drawn at the current point, given the box (x, y, w, h). */
static void
record_layout (cairo_t     *cr,
               PangoLayout *layout,
               double       size,
               double       x,
               double       y,
               double       w,
               double       h)
{
  DabiaoDrawRecord *record = cairo_get_user_data (cr, &record_key);
  DabiaoDrawnText *t;
  PangoRectangle ink;
  GPtrArray *lines;
  const char *text;
  double cx, cy, dx = 1, dy = 0;
  int i, n;

  if (record == NULL)
    return;

  t = g_new0 (DabiaoDrawnText, 1);
  text = pango_layout_get_text (layout);
  t->page = record->page;
  t->text = g_strdup (text);
  cairo_user_to_device_distance (cr, &dx, &dy);
  t->size = size * sqrt (dx * dx + dy * dy);
  t->box = to_page (cr, x, y, w, h);
  cairo_get_current_point (cr, &cx, &cy);
  pango_layout_get_pixel_extents (layout, &ink, NULL);
  t->ink = to_page (cr, cx + ink.x, cy + ink.y, ink.width, ink.height);
  t->ellipsized = pango_layout_is_ellipsized (layout);
  t->stamp = cairo_get_user_data (cr, &stamp_key) != NULL;
  lines = g_ptr_array_new ();
  n = pango_layout_get_line_count (layout);
  for (i = 0; i < n; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);

      g_ptr_array_add (lines, g_strndup (text + line->start_index, line->length));
    }
  g_ptr_array_add (lines, NULL);
  t->lines = (char **) g_ptr_array_free (lines, FALSE);
  g_ptr_array_add (record->texts, t);
}

static void
record_shape (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h)
{
  DabiaoDrawRecord *record = cairo_get_user_data (cr, &record_key);
  DabiaoRect r;

  if (record == NULL)
    return;
  r = to_page (cr, x, y, w, h);
  g_array_append_val (record->shapes, r);
  g_array_append_val (record->shape_pages, record->page);
}

/* ---- Text ----------------------------------------------------------------- */

/* Spans that must stay on one line: a number with its unit (68.1 分, 3'45",
 * 165.4 cm), dates (2026年11月29日) and the parts of a name written with a
 * middle dot (阿卜杜热合曼·买买提艾力·库尔班 breaks only after a dot: each
 * part keeps its dot, and up to six characters after the last dot stay
 * together — in running text the name's end is not known). */
static GRegex *
unbreakable_regex (void)
{
  static GRegex *regex;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      GRegex *r = g_regex_new ("[0-9]{2,4}\\s*年\\s*[0-9]{1,2}\\s*月(\\s*[0-9]{1,2}\\s*日)?"
                               "|[0-9][0-9.,:'\"′″]*\\s*(分钟|分|秒|厘米|毫米|米|千克|公斤|毫升|次|岁|cm|mm|kg|ml|mL|s)"
                               "|第\\s*[0-9]+\\s*次"
                               "|\\p{Han}+[·・•‧]|(?<=[·・•‧])\\p{Han}{1,6}",
                               G_REGEX_OPTIMIZE, 0, NULL);

      regex = r;
      g_once_init_leave (&once, 1);
    }
  return regex;
}

static void
no_breaks (PangoAttrList *attrs,
           guint          start,
           guint          end)
{
  PangoAttribute *attr = pango_attr_allow_breaks_new (FALSE);

  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}

/* Keeps numbers with their units and dates on one line, and the last three
 * characters of a paragraph together (no lone "证。" on the last line);
 * and each occurrence of the strings @keep (a certificate's level,
 * "一级（优秀）", with the quotation marks around it). */
static void
protect_breaks (PangoAttrList      *attrs,
                const char         *text,
                const char * const *keep)
{
  g_autoptr(GMatchInfo) match = NULL;

  for (guint k = 0; keep != NULL && keep[k] != NULL; k++)
    {
      gsize len = strlen (keep[k]);

      for (const char *at = len > 0 ? strstr (text, keep[k]) : NULL; at != NULL; at = strstr (at + len, keep[k]))
        {
          const char *start = at, *end = at + len;
          const char *before = g_utf8_find_prev_char (text, start);

          if (before != NULL && g_utf8_strchr ("“「《（", -1, g_utf8_get_char (before)) != NULL)
            start = before;
          if (*end != '\0' && g_utf8_strchr ("”」》）", -1, g_utf8_get_char (end)) != NULL)
            end = g_utf8_next_char (end);
          no_breaks (attrs, start - text, end - text);
        }
    }

  g_regex_match (unbreakable_regex (), text, 0, &match);
  while (g_match_info_matches (match))
    {
      int start, end;

      g_match_info_fetch_pos (match, 0, &start, &end);
      no_breaks (attrs, start, end);
      g_match_info_next (match, NULL);
    }
  /* Each paragraph's last three characters stay together. */
  for (const char *para = text; *para != '\0';)
    {
      const char *end = strchr (para, '\n');
      glong n_chars;

      if (end == NULL)
        end = para + strlen (para);
      n_chars = g_utf8_strlen (para, end - para);
      if (n_chars > 6)
        no_breaks (attrs, g_utf8_offset_to_pointer (para, n_chars - 3) - text, end - text);
      para = *end != '\0' ? end + 1 : end;
    }
}

/* The fallback faces (HanaMinB, BabelStone Han) have no bold: a bold
 * request makes fontconfig thicken their strokes, and a 64-stroke 𪚥 turns
 * into a black blob.  So characters the base face lacks are set regular. */
static void
regular_for_fallback (PangoLayout                *layout,
                      PangoAttrList              *attrs,
                      const PangoFontDescription *desc,
                      const char                 *text)
{
  PangoFontDescription *base_desc = pango_font_description_copy (desc);
  g_auto(GStrv) families = g_strsplit (pango_font_description_get_family (desc), ",", 2);
  PangoFont *base;
  const char *p;

  pango_font_description_set_family (base_desc, families[0]);
  base = pango_context_load_font (pango_layout_get_context (layout), base_desc);
  pango_font_description_free (base_desc);
  if (base == NULL)
    return;
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0x2E80 && !pango_font_has_char (base, c))
        {
          PangoAttribute *attr = pango_attr_weight_new (PANGO_WEIGHT_NORMAL);

          attr->start_index = p - text;
          attr->end_index = g_utf8_next_char (p) - text;
          pango_attr_list_insert (attrs, attr);
        }
    }
  g_object_unref (base);
}

static PangoLayout *
make_layout (cairo_t            *cr,
             const char         *text,
             const char * const *keep,
             double              size,
             gboolean            bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (dabiao_font_families (get_font_style (cr)));
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Simplified Chinese forms wherever a face has several. */
  pango_context_set_language (pango_layout_get_context (layout), pango_language_from_string ("zh-cn"));
  pango_layout_context_changed (layout);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  text = text != NULL ? text : "";
  pango_layout_set_text (layout, text, -1);
  protect_breaks (attrs, text, keep);
  if (bold)
    regular_for_fallback (layout, attrs, desc, text);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_font_description_free (desc);
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
  return dabiao_draw_text_keeping (cr, text, NULL, size, bold, align, x, y, width);
}

double
dabiao_draw_text_keeping (cairo_t            *cr,
                          const char         *text,
                          const char * const *keep,
                          double              size,
                          gboolean            bold,
                          PangoAlignment      align,
                          double              x,
                          double              y,
                          double              width)
{
  PangoLayout *layout = make_layout (cr, text, keep, size, bold);
  int w, h;

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, x, y);
  record_layout (cr, layout, size, x, y, width > 0 ? width : (double) w / PANGO_SCALE, (double) h / PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  return (double) h / PANGO_SCALE;
}

/* The size of @text at @size (points), laid out @width wide (0: one line). */
static void
measure (cairo_t    *cr,
         const char *text,
         double      size,
         gboolean    bold,
         double      width,
         double     *w,
         double     *h,
         int        *n_lines)
{
  PangoLayout *layout = make_layout (cr, text, NULL, size, bold);
  int pw, ph;

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_get_size (layout, &pw, &ph);
  *w = (double) pw / PANGO_SCALE;
  *h = (double) ph / PANGO_SCALE;
  *n_lines = pango_layout_get_line_count (layout);
  g_object_unref (layout);
}

/* Below this size on the page (points) a text is hard to read: a box
 * rather takes two lines. */
#define READABLE 6.5

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
  PangoLayout *layout;
  double pad = MIN (3.0, width / 10);
  double inner = width - 2 * pad;
  double tw, th, fit = size, dx = 1, dy = 0, scale;
  gboolean wrap = FALSE;
  int n_lines, w, h;

  /* Points on the page per unit (record cards are drawn scaled). */
  cairo_user_to_device_distance (cr, &dx, &dy);
  scale = MAX (sqrt (dx * dx + dy * dy), 0.01);

  measure (cr, text, size, bold, 0, &tw, &th, &n_lines);
  if (tw > inner)
    {
      int guard;

      /* One line: shrink to fit, down to 60%.  Glyph advances are rounded
       * at each size, so the width is not quite proportional: measure
       * again until it fits. */
      fit = size * inner / tw;
      for (guard = 0; guard < 20; guard++)
        {
          measure (cr, text, fit, bold, 0, &tw, &th, &n_lines);
          if (tw <= inner)
            break;
          fit *= MAX (0.9, inner / tw * 0.995);
        }
      if (fit < MIN (size, MAX (size * 0.6, READABLE / scale)))
        {
          /* Two lines, when two lines of at least 60% fit the height (one
           * line is about 1.45 em high); else one line, smaller still: the
           * whole text, always. */
          double two = MIN (size, height / (2 * 1.45));

          if (two >= MIN (size, MAX (size * 0.6, READABLE / scale)) || two > fit)
            {
              wrap = TRUE;
              fit = two;
              for (guard = 0; guard < 40; guard++)
                {
                  measure (cr, text, fit, bold, inner, &tw, &th, &n_lines);
                  if (n_lines <= 2 && th <= height && tw <= inner)
                    break;
                  fit *= 0.95;
                }
            }
        }
    }

  layout = make_layout (cr, text, NULL, fit, bold);
  pango_layout_set_width (layout, (int) (inner * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (!wrap)
    {
      /* One line whatever the width: rounding must not push the last
       * character onto a second line. */
      pango_layout_set_width (layout, -1);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_get_size (layout, &w, &h);
  if (!wrap)
    {
      /* Align a single unwrapped line by hand. */
      double lx = x + pad;

      if (align == PANGO_ALIGN_CENTER)
        lx += (inner - (double) w / PANGO_SCALE) / 2;
      else if (align == PANGO_ALIGN_RIGHT)
        lx += inner - (double) w / PANGO_SCALE;
      cairo_move_to (cr, lx, y + (height - (double) h / PANGO_SCALE) / 2);
    }
  else
    cairo_move_to (cr, x + pad, y + (height - (double) h / PANGO_SCALE) / 2);
  record_layout (cr, layout, fit, x, y, width, height);
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
  record_shape (cr, x, y, size, size);
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
  cairo_set_user_data (cr, &stamp_key, GINT_TO_POINTER (1), NULL);
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
          layout = make_layout (cr, ch, NULL, font, TRUE);
          pango_layout_get_size (layout, &w, &h);
          cairo_save (cr);
          cairo_translate (cr, cx + radius * 0.72 * cos (angle), cy + radius * 0.72 * sin (angle));
          cairo_rotate (cr, angle + G_PI / 2);
          cairo_move_to (cr, -(double) w / PANGO_SCALE / 2, -(double) h / PANGO_SCALE / 2);
          record_layout (cr, layout, font, -(double) w / PANGO_SCALE / 2, -(double) h / PANGO_SCALE / 2,
                         (double) w / PANGO_SCALE, (double) h / PANGO_SCALE);
          pango_cairo_show_layout (cr, layout);
          cairo_restore (cr);
          g_object_unref (layout);
        }
    }
  cairo_set_user_data (cr, &stamp_key, NULL, NULL);
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
