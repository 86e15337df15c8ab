/* dabiao-chart.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "dabiao-chart.h"

/* A stacked bar chart drawn with cairo: one bar per category (e.g. 一年级 男),
 * one segment per series (优秀, 良好, 及格, 不及格).  With @percent each bar
 * is the share in % (a pass rate); otherwise bars are counts, scaled to the
 * tallest.  Colours follow the GNOME palette; text uses the widget's font,
 * so Chinese renders with the system's CJK font. */

struct _DabiaoChart
{
  GtkWidget  parent_instance;

  char      *title;
  char      *empty_text;  /* shown without categories; NULL: "No results yet" */
  GStrv      categories;
  GStrv      series;
  double    *values;      /* categories × series, row-major */
  gboolean   percent;
};

G_DEFINE_FINAL_TYPE (DabiaoChart, dabiao_chart, GTK_TYPE_WIDGET)

/* GNOME HIG palette: green 3, blue 3, yellow 4, red 3, purple 3, orange 3. */
static const double palette[][3] = {
  { 0x33 / 255.0, 0xd1 / 255.0, 0x7a / 255.0 },
  { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0 },
  { 0xf5 / 255.0, 0xc2 / 255.0, 0x11 / 255.0 },
  { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 },
  { 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0 },
  { 0xff / 255.0, 0x78 / 255.0, 0x00 / 255.0 },
};

static PangoLayout *
make_layout (DabiaoChart *self,
             const char  *text,
             gboolean     small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (small)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static void
draw_text (DabiaoChart *self,
           cairo_t     *cr,
           const char  *text,
           double       x,
           double       y,
           double       xalign,
           gboolean     small)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, small);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * xalign, y);
  pango_cairo_show_layout (cr, layout);
}

/* Category labels stay apart (the trial at 1024×600: "一分钟跳绳一分钟仰卧
 * 起坐50米×8往返跑" ran together, each label wider than its bar's slot).
 * A label wraps to its slot's width (Chinese wraps between any two
 * characters) in as many lines as it needs; the room below the axis grows
 * to the tallest label, up to 40 % of the chart, past which a label ends in
 * "…" (only with very many bars in a narrow chart). */
#define MARGIN_LEFT 48   /* the axis' values */
#define MARGIN_RIGHT 12
#define LABEL_GAP 6

static int
labels_max_height (int height)
{
  return MAX (height * 2 / 5 - LABEL_GAP - 4, 1);
}

static PangoLayout *
category_layout (DabiaoChart *self,
                 guint        c,
                 double       slot,
                 int          height)
{
  PangoLayout *layout = make_layout (self, self->categories[c], TRUE);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) MAX (slot - 4, 1) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, labels_max_height (height) * PANGO_SCALE);
  return layout;
}

/* Where @layout's text is when it is centred under @cx, from @y0: its
 * lines are centred within the slot's width, so the text starts at
 * logical.x inside the layout. */
static graphene_rect_t
label_box (PangoLayout *layout,
           double       cx,
           double       y0)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  return GRAPHENE_RECT_INIT (cx - logical.width / 2.0, y0, logical.width, logical.height);
}

/* The room the labels need below the axis: at least 56 px (two lines and
 * the gap). */
static double
labels_height (DabiaoChart *self,
               double       plot_w,
               int          height)
{
  guint n_cat = self->categories != NULL ? g_strv_length (self->categories) : 0;
  double need = 56;

  for (guint c = 0; c < n_cat; c++)
    {
      g_autoptr(PangoLayout) layout = category_layout (self, c, plot_w / n_cat, height);

      need = MAX (need, label_box (layout, 0, 0).size.height + LABEL_GAP + 4);
    }
  return need;
}

/* Long (~140 lines) but one drawing from top to bottom: title and
 * legend, axis and grid, bars, labels, sharing one scale. */
static void
dabiao_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  DabiaoChart *self = DABIAO_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n_cat = self->categories != NULL ? g_strv_length (self->categories) : 0;
  guint n_ser = self->series != NULL ? g_strv_length (self->series) : 0;
  GdkRGBA fg;
  cairo_t *cr;
  double left = MARGIN_LEFT, right = MARGIN_RIGHT, top = 36, bottom;
  double plot_w, plot_h, max = 0;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);

  gdk_cairo_set_source_rgba (cr, &fg);
  if (self->title != NULL)
    draw_text (self, cr, self->title, 0, 4, 0, FALSE);

  /* Legend on the title line, right-aligned. */
  {
    double x = width - right;

    for (guint s = n_ser; s-- > 0;)
      {
        g_autoptr(PangoLayout) layout = make_layout (self, self->series[s], TRUE);
        int w, h;

        pango_layout_get_pixel_size (layout, &w, &h);
        x -= w;
        gdk_cairo_set_source_rgba (cr, &fg);
        cairo_move_to (cr, x, 6);
        pango_cairo_show_layout (cr, layout);
        x -= 16;
        cairo_set_source_rgb (cr, palette[s % G_N_ELEMENTS (palette)][0],
                              palette[s % G_N_ELEMENTS (palette)][1],
                              palette[s % G_N_ELEMENTS (palette)][2]);
        cairo_rectangle (cr, x, 8 + h / 2.0 - 5, 10, 10);
        cairo_fill (cr);
        x -= 12;
      }
  }

  plot_w = width - left - right;
  bottom = labels_height (self, plot_w, height);
  plot_h = height - top - bottom;
  if (plot_w < 10 || plot_h < 10)
    {
      cairo_destroy (cr);
      return;
    }

  if (self->percent)
    max = 100;
  else
    for (guint c = 0; c < n_cat; c++)
      {
        double sum = 0;

        for (guint s = 0; s < n_ser; s++)
          sum += self->values[c * n_ser + s];
        max = MAX (max, sum);
      }
  if (max <= 0)
    max = 4;
  if (!self->percent)
    {
      /* Round the axis up to four round steps: 0, 5, 10, 15, 20. */
      double raw = max / 4, magnitude = pow (10, floor (log10 (raw))), step = magnitude;
      static const double nice[] = { 1, 2, 2.5, 5, 10 };

      for (guint i = 0; i < G_N_ELEMENTS (nice); i++)
        if (nice[i] * magnitude >= raw)
          {
            step = nice[i] * magnitude;
            break;
          }
      max = MAX (step, 1) * 4;
    }

  /* Axis and grid: four lines with their values. */
  cairo_set_line_width (cr, 1);
  for (int i = 0; i <= 4; i++)
    {
      double y = top + plot_h - plot_h * i / 4.0;
      g_autofree char *label = self->percent ? g_strdup_printf ("%d%%", i * 25)
                                             : g_strdup_printf ("%g", max * i / 4.0);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, i == 0 ? 0.6 : 0.15);
      cairo_move_to (cr, left, floor (y) + 0.5);
      cairo_line_to (cr, left + plot_w, floor (y) + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      draw_text (self, cr, label, left - 6, y - 8, 1, TRUE);
    }

  if (n_cat == 0)
    {
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.6);
      draw_text (self, cr, dabiao_chart_get_empty_text (self), left + plot_w / 2, top + plot_h / 2 - 10, 0.5, FALSE);
      cairo_destroy (cr);
      return;
    }

  for (guint c = 0; c < n_cat; c++)
    {
      double slot = plot_w / n_cat;
      double bar_w = MIN (slot * 0.7, 64);
      double x = left + slot * c + (slot - bar_w) / 2;
      double y = top + plot_h;

      for (guint s = 0; s < n_ser; s++)
        {
          double v = self->values[c * n_ser + s];
          double h = plot_h * v / max;

          if (h <= 0)
            continue;
          cairo_set_source_rgb (cr, palette[s % G_N_ELEMENTS (palette)][0],
                                palette[s % G_N_ELEMENTS (palette)][1],
                                palette[s % G_N_ELEMENTS (palette)][2]);
          cairo_rectangle (cr, x, y - h, bar_w, h);
          cairo_fill (cr);
          y -= h;
        }

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.85);
      {
        /* Category labels may be two lines ("一年级\n男") or wrap. */
        g_autoptr(PangoLayout) layout = category_layout (self, c, slot, height);
        graphene_rect_t box = label_box (layout, left + slot * c + slot / 2, top + plot_h + LABEL_GAP);
        PangoRectangle logical;

        pango_layout_get_pixel_extents (layout, NULL, &logical);
        cairo_move_to (cr, box.origin.x - logical.x, box.origin.y - logical.y);
        pango_cairo_show_layout (cr, layout);
      }
    }

  cairo_destroy (cr);
}

static void
dabiao_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 480;
    }
  else
    {
      *minimum = 200;
      *natural = 280;
    }
}

static void
dabiao_chart_finalize (GObject *object)
{
  DabiaoChart *self = DABIAO_CHART (object);

  g_free (self->title);
  g_free (self->empty_text);
  g_strfreev (self->categories);
  g_strfreev (self->series);
  g_free (self->values);

  G_OBJECT_CLASS (dabiao_chart_parent_class)->finalize (object);
}

static void
dabiao_chart_class_init (DabiaoChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dabiao_chart_finalize;
  widget_class->snapshot = dabiao_chart_snapshot;
  widget_class->measure = dabiao_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dabiao_chart_init (DabiaoChart *self)
{
}

GtkWidget *
dabiao_chart_new (void)
{
  return g_object_new (DABIAO_TYPE_CHART, NULL);
}

const char *
dabiao_chart_get_title (DabiaoChart *self)
{
  g_return_val_if_fail (DABIAO_IS_CHART (self), NULL);

  return self->title;
}

void
dabiao_chart_set_title (DabiaoChart *self,
                        const char  *title)
{
  g_return_if_fail (DABIAO_IS_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What the chart says while it has nothing to draw (@text NULL: "No
 * results yet"), e.g. why there is nothing yet. */
void
dabiao_chart_set_empty_text (DabiaoChart *self,
                             const char  *text)
{
  g_return_if_fail (DABIAO_IS_CHART (self));

  if (g_strcmp0 (self->empty_text, text) == 0)
    return;
  g_free (self->empty_text);
  self->empty_text = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
dabiao_chart_get_empty_text (DabiaoChart *self)
{
  g_return_val_if_fail (DABIAO_IS_CHART (self), NULL);

  return self->empty_text != NULL ? self->empty_text : _("No results yet");
}

/**
 * dabiao_chart_set_data:
 * @categories: (array zero-terminated=1): one bar each
 * @series: (array zero-terminated=1): one segment each
 * @values: (array): n_categories × n_series values, row-major
 * @percent: whether values are percentages (axis 0–100 %)
 */
void
dabiao_chart_set_data (DabiaoChart        *self,
                       const char * const *categories,
                       const char * const *series,
                       const double       *values,
                       gboolean            percent)
{
  guint n;

  g_return_if_fail (DABIAO_IS_CHART (self));

  g_strfreev (self->categories);
  g_strfreev (self->series);
  g_free (self->values);
  self->categories = g_strdupv ((char **) categories);
  self->series = g_strdupv ((char **) series);
  n = (categories != NULL ? g_strv_length ((char **) categories) : 0)
      * (series != NULL ? g_strv_length ((char **) series) : 0);
  self->values = n > 0 ? g_memdup2 (values, n * sizeof (double)) : NULL;
  self->percent = percent;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * dabiao_chart_get_label_box:
 * @box: (out): where the label of @category is drawn, in the chart's
 *   coordinates at its present size
 *
 * Returns: whether the label is drawn whole (not shortened with "…")
 */
gboolean
dabiao_chart_get_label_box (DabiaoChart     *self,
                            guint            category,
                            graphene_rect_t *box)
{
  int width, height;
  double plot_w, slot;
  g_autoptr(PangoLayout) layout = NULL;

  g_return_val_if_fail (DABIAO_IS_CHART (self), FALSE);
  g_return_val_if_fail (category < dabiao_chart_get_n_categories (self), FALSE);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  plot_w = width - MARGIN_LEFT - MARGIN_RIGHT;
  slot = plot_w / dabiao_chart_get_n_categories (self);
  layout = category_layout (self, category, slot, height);
  *box = label_box (layout, MARGIN_LEFT + slot * category + slot / 2,
                    height - labels_height (self, plot_w, height) + LABEL_GAP);
  return !pango_layout_is_ellipsized (layout);
}

guint
dabiao_chart_get_n_categories (DabiaoChart *self)
{
  g_return_val_if_fail (DABIAO_IS_CHART (self), 0);

  return self->categories != NULL ? g_strv_length (self->categories) : 0;
}

double
dabiao_chart_get_value (DabiaoChart *self,
                        guint        category,
                        guint        series)
{
  guint n_cat, n_ser;

  g_return_val_if_fail (DABIAO_IS_CHART (self), 0);

  n_cat = dabiao_chart_get_n_categories (self);
  n_ser = self->series != NULL ? g_strv_length (self->series) : 0;
  g_return_val_if_fail (category < n_cat && series < n_ser, 0);
  return self->values[category * n_ser + series];
}
