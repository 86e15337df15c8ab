/* dabiao-record-card.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "dabiao-draw-private.h"
#include "dabiao-record-card.h"

typedef struct
{
  GPtrArray *owner;    /* the caller's array: keeps the persons alive */
  GPtrArray *persons;  /* students only, not owned */
  char      *school_year;
  DabiaoPaper paper;
} CardPages;

static void
card_pages_free (gpointer data)
{
  CardPages *cp = data;

  g_ptr_array_unref (cp->persons);
  g_ptr_array_unref (cp->owner);
  g_free (cp->school_year);
  g_free (cp);
}

/* A row of the card: its label and the items it may show (the first one the
 * person has, e.g. 引体向上 for boys, 一分钟仰卧起坐 for girls). */
typedef struct
{
  const char *label;
  const char *items[3];
} CardRow;

static const CardRow primary_rows[] = {
  { "体重指数（BMI）", { "体重指数", NULL } },
  { "肺活量", { "肺活量", NULL } },
  { "50米跑", { "50米跑", NULL } },
  { "坐位体前屈", { "坐位体前屈", NULL } },
  { "1分钟跳绳", { "一分钟跳绳", NULL } },
  { "1分钟仰卧起坐", { "一分钟仰卧起坐", NULL } },
  { "50米×8往返跑（分·秒）", { "50米×8往返跑", NULL } },
};

static const CardRow secondary_rows[] = {
  { "体重指数（BMI）", { "体重指数", NULL } },
  { "肺活量", { "肺活量", NULL } },
  { "50米跑", { "50米跑", NULL } },
  { "坐位体前屈", { "坐位体前屈", NULL } },
  { "立定跳远", { "立定跳远", NULL } },
  { "引体向上/1分钟仰卧起坐", { "引体向上", "一分钟仰卧起坐", NULL } },
  { "1000米跑/800米跑（分·秒）", { "1000米跑", "800米跑", NULL } },
};

static const DabiaoResultsItem *
find_row_result (const DabiaoResultsPerson *p,
                 const CardRow            *row)
{
  guint i;

  for (i = 0; row->items[i] != NULL; i++)
    {
      const DabiaoResultsItem *r = dabiao_results_person_find_item (p, row->items[i], NULL);

      if (r != NULL)
        return r;
    }
  return NULL;
}

static void
cell (cairo_t    *cr,
      const char *text,
      double      size,
      gboolean    bold,
      double      x,
      double      y,
      double      w,
      double      h)
{
  cairo_rectangle (cr, x, y, w, h);
  cairo_stroke (cr);
  if (text != NULL && text[0] != '\0')
    dabiao_draw_text_in_box (cr, text, size, bold, PANGO_ALIGN_CENTER, x, y, w, h);
}

/* A score or total as printed: 85, 85.5 (tenths; no ".0"). */
static char *
format_tenths (int tenths)
{
  char *text = dabiao_results_format_tenths (tenths);

  if (g_str_has_suffix (text, ".0"))
    text[strlen (text) - 2] = '\0';
  return text;
}

/* The rows below the items: 标准分, 附加分, 学年总分, 等级评定. */
#define N_TOTAL_ROWS 4

static const CardRow *
rows_for_grade (guint   grade,
                guint  *n_rows)
{
  if (grade / 10 == 1)
    {
      *n_rows = G_N_ELEMENTS (primary_rows);
      return primary_rows;
    }
  *n_rows = G_N_ELEMENTS (secondary_rows);
  return secondary_rows;
}

guint
dabiao_record_card_get_n_rows (const DabiaoResultsPerson *p)
{
  guint n;

  rows_for_grade (p->grade, &n);
  return n + N_TOTAL_ROWS;
}

const char *
dabiao_record_card_get_row (const DabiaoResultsPerson *p,
                            guint                      row,
                            char                      *texts[3])
{
  guint n_rows;
  const CardRow *rows = rows_for_grade (p->grade, &n_rows);

  texts[0] = texts[1] = texts[2] = NULL;
  if (row < n_rows)
    {
      const DabiaoResultsItem *r = find_row_result (p, &rows[row]);

      if (r != NULL)
        {
          /* As the results module gives them: the one rounding, the one
           * BMI, the one level naming. */
          if (r->has_value)
            texts[0] = g_strdup (r->display);
          else if (r->special != NULL)
            texts[0] = g_strdup (r->special);
          if (r->has_score)
            texts[1] = g_strdup_printf ("%d", r->score);
          texts[2] = g_strdup (r->level);
        }
      return rows[row].label;
    }
  switch (row - n_rows)
    {
    case 0:
      if (p->has_standard_score)
        texts[1] = format_tenths (p->standard_tenths);
      return "标准分";
    case 1:
      if (p->has_total)
        texts[1] = g_strdup_printf ("%d", p->bonus);
      return "附加分（加分指标）";
    case 2:
      if (p->has_total)
        texts[1] = format_tenths (p->total_tenths);
      return "学年总分";
    default:
      texts[2] = g_strdup (p->level);
      return "等级评定";
    }
}

/* A4 landscape (@w × @h) scaled to fit @paper, turned on portrait paper. */
static void
fit_to_paper (cairo_t     *cr,
              DabiaoPaper  paper,
              double       w,
              double       h)
{
  double pw, ph, scale;

  dabiao_paper_get_size (paper, &pw, &ph);
  if (pw < ph)
    {
      cairo_translate (cr, pw, 0);
      cairo_rotate (cr, G_PI / 2);
      scale = MIN (ph / w, pw / h);
      cairo_translate (cr, (ph - w * scale) / 2, (pw - h * scale) / 2);
    }
  else
    {
      scale = MIN (pw / w, ph / h);
      cairo_translate (cr, (pw - w * scale) / 2, (ph - h * scale) / 2);
    }
  cairo_scale (cr, scale, scale);
}

/* The signature lines and the date at @y, across the card (@m margins). */
static void
draw_signatures (cairo_t *cr,
                 double   m,
                 double   y,
                 double   w)
{
  const char *signs[] = { "体育教师签字：", "班主任签字：", "家长签字：", "学校签章：" };
  double sw = (w - 2 * m) / 4;

  for (guint i = 0; i < 4; i++)
    {
      dabiao_draw_text (cr, signs[i], 11, FALSE, PANGO_ALIGN_LEFT, m + i * sw, y, sw);
      cairo_move_to (cr, m + i * sw + 80, y + 16);
      cairo_line_to (cr, m + (i + 1) * sw - 12, y + 16);
      cairo_stroke (cr);
    }
  dabiao_draw_text (cr, "日期：　　　　年　　月　　日", 11, FALSE, PANGO_ALIGN_RIGHT, m, y + 30, w - 2 * m);
}

static void
draw_card (gpointer  data,
           cairo_t  *cr,
           guint     page)
{
  static const char * const primary_years[] = { "一年级", "二年级", "三年级", "四年级", "五年级", "六年级" };
  static const char * const junior_years[] = { "初一", "初二", "初三", "初四" };
  static const char * const senior_years[] = { "高一", "高二", "高三" };
  static const char * const college_years[] = { "大一", "大二", "大三", "大四" };
  CardPages *cp = data;
  const DabiaoResultsPerson *p = g_ptr_array_index (cp->persons, page);
  int stage = p->grade / 10;
  int year = p->grade % 10;
  const char * const *years;
  guint n_years;
  guint n_rows;
  double w, h, m = 36, x, y, label_w, sub_w, row_h = 22;
  g_autofree char *birth = NULL;
  guint i, k;

  switch (stage)
    {
    case 1:
      years = primary_years, n_years = 6, n_rows = G_N_ELEMENTS (primary_rows);
      break;
    case 2:
      years = junior_years, n_years = year == 4 ? 4 : 3, n_rows = G_N_ELEMENTS (secondary_rows);
      break;
    case 3:
      years = senior_years, n_years = 3, n_rows = G_N_ELEMENTS (secondary_rows);
      break;
    default:
      years = college_years, n_years = 4, n_rows = G_N_ELEMENTS (secondary_rows);
      break;
    }

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  /* The card is an A4 landscape form: on other paper it is scaled to fit,
   * and turned on portrait paper. */
  dabiao_paper_get_size (DABIAO_PAPER_A4_LANDSCAPE, &w, &h);
  fit_to_paper (cr, cp->paper, w, h);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.6);

  y = m - 8;
  y += dabiao_draw_text (cr, "《国家学生体质健康标准》登记卡", 20, TRUE, PANGO_ALIGN_CENTER, m, y, w - 2 * m);
  if (cp->school_year != NULL)
    y += dabiao_draw_text (cr, cp->school_year, 11, FALSE, PANGO_ALIGN_CENTER, m, y, w - 2 * m);
  y += 6;

  /* Header: two rows of label/value pairs, the school's name across two
   * pairs (the longest names still fit one line).  The rows are high
   * enough for a long name on two lines. */
  birth = p->birth_year > 0 ? g_strdup_printf ("%d年%d月%d日", p->birth_year, p->birth_month, p->birth_day) : g_strdup ("");
  {
    const struct { const char *label; const char *value; guint span; } fields[] = {
      { "学校", p->school_name, 2 }, { "学号(学籍号)", p->student_no, 1 }, { "出生日期", birth, 1 },
      { "姓名", p->name, 1 }, { "性别", dabiao_sex_to_string (p->sex), 1 }, { "班级", p->class_name, 1 },
      { "民族", p->ethnic_name, 1 },
    };
    double lw = 66, vw = ((w - 2 * m) - 4 * lw) / 4, head_h = 28;
    guint slot = 0;

    for (i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        double cx = m + (slot % 4) * (lw + vw);
        double cy = y + (slot / 4) * head_h;
        double span_w = fields[i].span * (lw + vw) - lw;

        cell (cr, fields[i].label, 10, TRUE, cx, cy, lw, head_h);
        cell (cr, fields[i].value, 10, FALSE, cx + lw, cy, span_w, head_h);
        slot += fields[i].span;
      }
    y += 2 * head_h + 8;
  }

  /* The table: item label, then per school year 成绩 得分 等级. */
  label_w = 150;
  sub_w = ((w - 2 * m) - label_w) / (n_years * 3);
  cell (cr, "测试项目", 10, TRUE, m, y, label_w, 2 * row_h);
  for (k = 0; k < n_years; k++)
    {
      x = m + label_w + k * 3 * sub_w;
      cell (cr, years[k], 10, TRUE, x, y, 3 * sub_w, row_h);
      cell (cr, "成绩", 9, FALSE, x, y + row_h, sub_w, row_h);
      cell (cr, "得分", 9, FALSE, x + sub_w, y + row_h, sub_w, row_h);
      cell (cr, "等级", 9, FALSE, x + 2 * sub_w, y + row_h, sub_w, row_h);
    }
  y += 2 * row_h;

  for (i = 0; i < n_rows + N_TOTAL_ROWS; i++)
    {
      char *texts[3];
      const char *label = dabiao_record_card_get_row (p, i, texts);

      cell (cr, label, 10, TRUE, m, y, label_w, row_h);
      for (k = 0; k < n_years; k++)
        {
          x = m + label_w + k * 3 * sub_w;
          cell (cr, (int) k + 1 == year ? texts[0] : NULL, 10, FALSE, x, y, sub_w, row_h);
          cell (cr, (int) k + 1 == year ? texts[1] : NULL, 10, FALSE, x + sub_w, y, sub_w, row_h);
          cell (cr, (int) k + 1 == year ? texts[2] : NULL, 10, FALSE, x + 2 * sub_w, y, sub_w, row_h);
        }
      g_free (texts[0]);
      g_free (texts[1]);
      g_free (texts[2]);
      y += row_h;
    }

  draw_signatures (cr, m, y + 14, w);
}

DabiaoPages *
dabiao_record_cards_pages_new (GPtrArray  *persons,
                               const char *school_year)
{
  return dabiao_record_cards_pages_new_for_paper (persons, school_year, DABIAO_PAPER_A4_LANDSCAPE);
}

DabiaoPages *
dabiao_record_cards_pages_new_for_paper (GPtrArray   *persons,
                                         const char  *school_year,
                                         DabiaoPaper  paper)
{
  CardPages *cp = g_new0 (CardPages, 1);
  guint i;

  cp->owner = g_ptr_array_ref (persons);
  cp->persons = g_ptr_array_new ();
  for (i = 0; i < persons->len; i++)
    {
      DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

      if (p->grade >= 11 && p->grade <= 44)
        g_ptr_array_add (cp->persons, p);
    }
  cp->school_year = g_strdup (school_year);
  cp->paper = paper;
  return dabiao_pages_new (cp->persons->len, paper, draw_card, cp, card_pages_free);
}
