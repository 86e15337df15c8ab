/* dabiao-summary.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <xlsxwriter.h>

#include "dabiao-error.h"
#include "dabiao-output-private.h"
#include "dabiao-summary.h"

/* Level names come from the standard (its grades and item levels, best
 * first); column headers are national data, in Chinese. */

static guint
n_levels (const char * const *levels)
{
  guint n = levels != NULL ? g_strv_length ((char **) levels) : 0;

  return MIN (n, DABIAO_SUMMARY_MAX_LEVELS);
}

/* The position of @level in @levels, or -1. */
static int
level_index (const char * const *levels,
             const char         *level)
{
  for (guint k = 0; level != NULL && k < n_levels (levels); k++)
    if (strcmp (levels[k], level) == 0)
      return (int) k;
  return -1;
}

/* A level as a column header: "一级（优秀）" → 一级. */
static char *
level_label (const char *level)
{
  const char *paren = strstr (level, "（");

  if (paren == NULL)
    paren = strchr (level, '(');
  return paren != NULL && paren > level ? g_strndup (level, paren - level) : g_strdup (level);
}

/* The pass-rate header, from the lowest passing level: 及格 → 及格率,
 * 三级（合格） → 合格率. */
char *
dabiao_summary_pass_label (const char * const *levels)
{
  guint n = n_levels (levels);
  const char *name = n >= 2 ? levels[n - 2] : n == 1 ? levels[0] : "及格";
  const char *open = strstr (name, "（");
  const char *close = open != NULL ? strstr (open, "）") : NULL;

  if (open != NULL && close != NULL && close > open + strlen ("（"))
    {
      g_autofree char *inner = g_strndup (open + strlen ("（"), close - open - strlen ("（"));

      return g_strconcat (inner, "率", NULL);
    }
  return g_strconcat (name, "率", NULL);
}

/* Counted as passing: every level above the lowest. */
static guint
n_passed (const guint         *counts,
          const char * const *levels)
{
  guint n = n_levels (levels), sum = 0;

  for (guint k = 0; k + 1 < n; k++)
    sum += counts[k];
  return n == 1 ? counts[0] : sum;
}

void
dabiao_summary_count (GPtrArray           *persons,
                      const char * const  *levels,
                      const char          *group,
                      int                  sex,
                      DabiaoSummaryCounts *counts)
{
  guint i;

  memset (counts, 0, sizeof *counts);
  for (i = 0; i < persons->len; i++)
    {
      const DabiaoOutputPerson *p = g_ptr_array_index (persons, i);
      int index;

      if (sex != 0 && p->sex != sex)
        continue;
      if (group != NULL)
        {
          g_autofree char *g = dabiao_output_person_dup_group (p);

          if (strcmp (g, group) != 0)
            continue;
        }

      counts->expected++;
      index = level_index (levels, p->level);
      if (p->exempt)
        counts->exempt++;
      else if (index >= 0)
        {
          counts->tested++;
          counts->levels[index]++;
        }
      else
        counts->missing++;
    }
}

/* Groups in a natural order: by grade, then by first appearance. */
static GPtrArray *
collect_groups (GPtrArray *persons)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (int));
  GPtrArray *groups = g_ptr_array_new_with_free_func (g_free);
  guint i, j;

  for (i = 0; i < persons->len; i++)
    {
      const DabiaoOutputPerson *p = g_ptr_array_index (persons, i);
      char *g = dabiao_output_person_dup_group (p);
      int key = p->group_order > 0 ? p->group_order : p->grade > 0 ? p->grade : G_MAXINT;

      if (g_hash_table_contains (seen, g))
        {
          g_free (g);
          continue;
        }
      g_hash_table_add (seen, g_strdup (g));
      for (j = 0; j < order->len && g_array_index (order, int, j) <= key; j++)
        ;
      g_array_insert_val (order, j, key);
      g_ptr_array_insert (groups, j, g);
    }
  return groups;
}

static double
rate (guint part,
      guint whole)
{
  return whole > 0 ? (double) part / whole : 0.0;
}

typedef struct
{
  lxw_format *title;
  lxw_format *header;
  lxw_format *text;
  lxw_format *total;
  lxw_format *percent;
  lxw_format *percent_total;
  lxw_format *number;
  lxw_format *decimal;
} Formats;

static void
write_counts_row (lxw_worksheet             *ws,
                  lxw_row_t                  row,
                  const char                *group,
                  const char                *sex,
                  const DabiaoSummaryCounts *c,
                  const char * const        *levels,
                  const Formats             *f,
                  gboolean                   is_total)
{
  lxw_format *text = is_total ? f->total : f->text;
  lxw_format *num = is_total ? f->total : NULL;
  guint n = n_levels (levels);
  lxw_format *pct = is_total ? f->percent_total : f->percent;
  int k;

  worksheet_write_string (ws, row, 0, group, text);
  worksheet_write_string (ws, row, 1, sex, text);
  worksheet_write_number (ws, row, 2, c->expected, num);
  worksheet_write_number (ws, row, 3, c->tested, num);
  worksheet_write_number (ws, row, 4, c->exempt, num);
  worksheet_write_number (ws, row, 5, c->missing, num);
  worksheet_write_number (ws, row, 6, rate (c->tested, c->expected - c->exempt), pct);
  for (k = 0; k < (int) n; k++)
    {
      worksheet_write_number (ws, row, 7 + 2 * k, c->levels[k], num);
      worksheet_write_number (ws, row, 8 + 2 * k, rate (c->levels[k], c->tested), pct);
    }
  worksheet_write_number (ws, row, 7 + 2 * n, rate (n_passed (c->levels, levels), c->tested), pct);
}

static void
write_overview (lxw_workbook  *wb,
                GPtrArray     *persons,
                GPtrArray     *groups,
                const char    *title,
                const char * const *levels,
                const Formats *f)
{
  lxw_worksheet *ws = workbook_add_worksheet (wb, "达标汇总");
  static const char * const fixed[] = { "年级/组别", "性别", "应测人数", "实测人数", "免测人数", "缺测人数", "受检率" };
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  lxw_row_t row = 2;
  DabiaoSummaryCounts c;
  guint i, n = n_levels (levels);
  int k, s;

  for (k = 0; k < (int) G_N_ELEMENTS (fixed); k++)
    g_ptr_array_add (headers, g_strdup (fixed[k]));
  for (k = 0; k < (int) n; k++)
    {
      g_autofree char *label = level_label (levels[k]);

      g_ptr_array_add (headers, g_strconcat (label, "人数", NULL));
      g_ptr_array_add (headers, g_strconcat (label, "率", NULL));
    }
  g_ptr_array_add (headers, dabiao_summary_pass_label (levels));

  worksheet_set_column (ws, 0, 0, 12, NULL);
  worksheet_set_column (ws, 1, 1, 6, NULL);
  worksheet_set_column (ws, 2, headers->len - 1, 10, NULL);
  worksheet_merge_range (ws, 0, 0, 0, headers->len - 1, title, f->title);
  for (k = 0; k < (int) headers->len; k++)
    worksheet_write_string (ws, 1, k, g_ptr_array_index (headers, k), f->header);
  worksheet_freeze_panes (ws, 2, 2);

  for (i = 0; i <= groups->len; i++)
    {
      const char *group = i < groups->len ? g_ptr_array_index (groups, i) : NULL;
      const char *label = group ? group : "全部";

      for (s = 1; s <= 2; s++)
        {
          dabiao_summary_count (persons, levels, group, s, &c);
          write_counts_row (ws, row++, label, dabiao_output_sex_label (s), &c, levels, f, FALSE);
        }
      dabiao_summary_count (persons, levels, group, 0, &c);
      write_counts_row (ws, row++, label, "合计", &c, levels, f, TRUE);
    }
}

typedef struct
{
  guint  n;
  double sum;
  double sum_sq;
  guint  levels[DABIAO_SUMMARY_MAX_LEVELS];
} ItemStats;

/* Index of @name in @items (names compared loosely), added when new;
 * @exact caches the exact spellings seen. */
static guint
item_index (GPtrArray  *items,
            GHashTable *exact,
            const char *name)
{
  gpointer value;
  guint n;

  if (g_hash_table_lookup_extended (exact, name, NULL, &value))
    return GPOINTER_TO_UINT (value);
  for (n = 0; n < items->len; n++)
    if (dabiao_output_item_name_equal (g_ptr_array_index (items, n), name))
      break;
  if (n == items->len)
    g_ptr_array_add (items, (gpointer) name);
  g_hash_table_insert (exact, (gpointer) name, GUINT_TO_POINTER (n));
  return n;
}

static guint
group_index (GPtrArray  *groups,
             const char *group)
{
  guint i;

  for (i = 0; i < groups->len; i++)
    if (strcmp (g_ptr_array_index (groups, i), group) == 0)
      return i;
  g_assert_not_reached ();
  return 0;
}

static void
write_items (lxw_workbook  *wb,
             GPtrArray     *persons,
             GPtrArray     *groups,
             const char * const *levels,
             const Formats *f)
{
  lxw_worksheet *ws = workbook_add_worksheet (wb, "单项统计");
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GHashTable) exact = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) stats = g_array_new (FALSE, TRUE, sizeof (ItemStats));
  static const char * const fixed[] = { "项目", "年级/组别", "性别", "实测人数", "平均值", "标准差" };
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  guint n_groups = groups->len + 1;  /* the last: 全部 */
  guint n = n_levels (levels);
  lxw_row_t row = 1;
  guint i, j, g;
  int s, k;

  /* Level columns only when the standard has item levels (natfit-2003
   * has none). */
  for (k = 0; k < (int) G_N_ELEMENTS (fixed); k++)
    g_ptr_array_add (headers, g_strdup (fixed[k]));
  for (k = 0; k < (int) n; k++)
    g_ptr_array_add (headers, level_label (levels[k]));
  if (n > 0)
    g_ptr_array_add (headers, dabiao_summary_pass_label (levels));

  /* One pass: stats[item][group][sex 0 男, 1 女, 2 合计]. */
  for (i = 0; i < persons->len; i++)
    {
      const DabiaoOutputPerson *p = g_ptr_array_index (persons, i);
      g_autofree char *pg = NULL;
      guint gi;

      if (p->exempt)
        continue;
      pg = dabiao_output_person_dup_group (p);
      gi = group_index (groups, pg);
      for (j = 0; j < p->results->len; j++)
        {
          const DabiaoOutputResult *r = g_ptr_array_index (p->results, j);
          guint ii = item_index (items, exact, r->name);
          guint targets[4];
          guint n_targets = 0, t;
          int index = level_index (levels, r->level);

          if (stats->len < items->len * n_groups * 3)
            g_array_set_size (stats, items->len * n_groups * 3);
          if (!r->has_value)
            continue;
          if (p->sex == 1 || p->sex == 2)
            {
              targets[n_targets++] = (ii * n_groups + gi) * 3 + (p->sex - 1);
              targets[n_targets++] = (ii * n_groups + groups->len) * 3 + (p->sex - 1);
            }
          targets[n_targets++] = (ii * n_groups + gi) * 3 + 2;
          targets[n_targets++] = (ii * n_groups + groups->len) * 3 + 2;
          for (t = 0; t < n_targets; t++)
            {
              ItemStats *st = &g_array_index (stats, ItemStats, targets[t]);

              st->n++;
              st->sum += r->value;
              st->sum_sq += r->value * r->value;
              if (index >= 0)
                st->levels[index]++;
            }
        }
    }

  worksheet_set_column (ws, 0, 0, 16, NULL);
  worksheet_set_column (ws, 1, headers->len - 1, 10, NULL);
  for (k = 0; k < (int) headers->len; k++)
    worksheet_write_string (ws, 0, k, g_ptr_array_index (headers, k), f->header);
  worksheet_freeze_panes (ws, 1, 1);

  for (j = 0; j < items->len; j++)
    for (g = 0; g < n_groups; g++)
      for (s = 0; s < 3; s++)
        {
          const ItemStats *st = &g_array_index (stats, ItemStats, (j * n_groups + g) * 3 + s);
          gboolean is_total = s == 2;
          lxw_format *text = is_total ? f->total : f->text;

          if (st->n == 0)
            continue;
          worksheet_write_string (ws, row, 0, g_ptr_array_index (items, j), text);
          worksheet_write_string (ws, row, 1, g < groups->len ? (char *) g_ptr_array_index (groups, g) : "全部", text);
          worksheet_write_string (ws, row, 2, is_total ? "合计" : dabiao_output_sex_label (s + 1), text);
          worksheet_write_number (ws, row, 3, st->n, NULL);
          worksheet_write_number (ws, row, 4, st->sum / st->n, f->decimal);
          if (st->n > 1)
            {
              double var = (st->sum_sq - st->sum * st->sum / st->n) / (st->n - 1);

              worksheet_write_number (ws, row, 5, sqrt (MAX (var, 0)), f->decimal);
            }
          for (k = 0; k < (int) n; k++)
            worksheet_write_number (ws, row, 6 + k, st->levels[k], NULL);
          if (n > 0)
            worksheet_write_number (ws, row, 6 + n, rate (n_passed (st->levels, levels), st->n), f->percent);
          row++;
        }
}

static void
write_charts (lxw_workbook  *wb,
              GPtrArray     *persons,
              GPtrArray     *groups,
              const char * const *levels,
              const Formats *f)
{
  lxw_worksheet *ws = workbook_add_worksheet (wb, "等级分布");
  lxw_chart *counts = workbook_add_chart (wb, LXW_CHART_COLUMN_STACKED);
  lxw_chart *percent = workbook_add_chart (wb, LXW_CHART_COLUMN_STACKED_PERCENT);
  /* Best green to worst red; the last colour is always the lowest level. */
  static const guint colors[DABIAO_SUMMARY_MAX_LEVELS] = {
    0x2E7D32, 0x1565C0, 0xF9A825, 0x6A1B9A, 0x00838F, 0xEF6C00, 0x5D4037, 0xC62828,
  };
  lxw_chart_options placement = { .x_scale = 1.6, .y_scale = 1.3 };
  guint n = groups->len;
  guint n_lv = n_levels (levels);
  guint i;
  int k;

  worksheet_set_column (ws, 0, 0, 12, NULL);
  worksheet_write_string (ws, 0, 0, "年级/组别", f->header);
  for (k = 0; k < (int) n_lv; k++)
    {
      g_autofree char *label = level_label (levels[k]);

      worksheet_write_string (ws, 0, 1 + k, label, f->header);
    }
  for (i = 0; i < n; i++)
    {
      DabiaoSummaryCounts c;

      dabiao_summary_count (persons, levels, g_ptr_array_index (groups, i), 0, &c);
      worksheet_write_string (ws, 1 + i, 0, g_ptr_array_index (groups, i), f->text);
      for (k = 0; k < (int) n_lv; k++)
        worksheet_write_number (ws, 1 + i, 1 + k, c.levels[k], NULL);
    }

  for (k = 0; k < (int) n_lv; k++)
    {
      guint color = k + 1 == (int) n_lv ? colors[DABIAO_SUMMARY_MAX_LEVELS - 1] : colors[k];
      lxw_chart_fill fill = { .color = color };
      lxw_chart_series *a = chart_add_series (counts, NULL, NULL);
      lxw_chart_series *b = chart_add_series (percent, NULL, NULL);

      chart_series_set_categories (a, "等级分布", 1, 0, n, 0);
      chart_series_set_values (a, "等级分布", 1, 1 + k, n, 1 + k);
      chart_series_set_name_range (a, "等级分布", 0, 1 + k);
      chart_series_set_fill (a, &fill);
      chart_series_set_categories (b, "等级分布", 1, 0, n, 0);
      chart_series_set_values (b, "等级分布", 1, 1 + k, n, 1 + k);
      chart_series_set_name_range (b, "等级分布", 0, 1 + k);
      chart_series_set_fill (b, &fill);
    }
  chart_title_set_name (counts, "各年级等级人数");
  chart_title_set_name (percent, "各年级等级构成");
  chart_axis_set_name (counts->y_axis, "人数");
  chart_legend_set_position (counts, LXW_CHART_LEGEND_BOTTOM);
  chart_legend_set_position (percent, LXW_CHART_LEGEND_BOTTOM);
  worksheet_insert_chart_opt (ws, 0, 6, counts, &placement);
  worksheet_insert_chart_opt (ws, 22, 6, percent, &placement);
}

static void
write_missing (lxw_workbook       *wb,
               GPtrArray          *persons,
               const char * const *levels,
               const Formats      *f)
{
  lxw_worksheet *ws = workbook_add_worksheet (wb, "缺测名单");
  static const char * const headers[] = { "学校代码", "年级/组别", "班级", "学籍号", "姓名", "性别", "缺测项目" };
  lxw_row_t row = 1;
  guint i, j, k;

  worksheet_set_column (ws, 0, 5, 12, NULL);
  worksheet_set_column (ws, 3, 3, 22, NULL);
  worksheet_set_column (ws, 6, 6, 40, NULL);
  for (k = 0; k < G_N_ELEMENTS (headers); k++)
    worksheet_write_string (ws, 0, k, headers[k], f->header);
  worksheet_freeze_panes (ws, 1, 0);

  for (i = 0; i < persons->len; i++)
    {
      const DabiaoOutputPerson *p = g_ptr_array_index (persons, i);
      g_autoptr(GString) what = g_string_new (NULL);
      g_autofree char *group = NULL;

      if (p->exempt)
        continue;
      for (j = 0; j < p->results->len; j++)
        {
          const DabiaoOutputResult *r = g_ptr_array_index (p->results, j);

          if (r->has_value || r->has_score)
            continue;
          if (what->len > 0)
            g_string_append (what, "、");
          g_string_append (what, r->name);
          if (r->special != NULL && r->special[0] != '\0')
            g_string_append_printf (what, "（%s）", r->special);
        }
      if (what->len == 0 && level_index (levels, p->level) >= 0)
        continue;
      if (what->len == 0)
        g_string_append (what, "未评定");

      group = dabiao_output_person_dup_group (p);
      worksheet_write_string (ws, row, 0, p->school_code ? p->school_code : "", f->text);
      worksheet_write_string (ws, row, 1, group, f->text);
      worksheet_write_string (ws, row, 2, p->class_name ? p->class_name : "", f->text);
      worksheet_write_string (ws, row, 3, p->student_no ? p->student_no : (p->id_number ? p->id_number : ""), f->text);
      worksheet_write_string (ws, row, 4, p->name ? p->name : "", f->text);
      worksheet_write_string (ws, row, 5, dabiao_output_sex_label (p->sex), f->text);
      worksheet_write_string (ws, row, 6, what->str, f->text);
      row++;
    }
}

gboolean
dabiao_summary_write (const char          *path,
                      GPtrArray           *persons,
                      const char * const  *grades,
                      const char * const  *item_levels,
                      const char          *title,
                      GError             **error)
{
  g_autofree char *tmp_path = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  lxw_workbook *wb;
  Formats f;

  if (persons->len == 0)
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” was not written: the event has no participants"), base);
      return FALSE;
    }
  if (!dabiao_output_check_target (path, error))
    return FALSE;

  tmp_path = dabiao_output_temp_path (path);
  wb = workbook_new (tmp_path);
  if (wb == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT, _("Cannot write “%s”"), base);
      return FALSE;
    }

  f.title = workbook_add_format (wb);
  format_set_bold (f.title);
  format_set_font_size (f.title, 14);
  format_set_align (f.title, LXW_ALIGN_CENTER);
  f.header = workbook_add_format (wb);
  format_set_bold (f.header);
  format_set_bg_color (f.header, 0xDDEBF7);
  format_set_border (f.header, LXW_BORDER_THIN);
  format_set_text_wrap (f.header);
  f.text = workbook_add_format (wb);
  format_set_num_format (f.text, "@");
  f.total = workbook_add_format (wb);
  format_set_bold (f.total);
  f.percent = workbook_add_format (wb);
  format_set_num_format (f.percent, "0.0%");
  f.percent_total = workbook_add_format (wb);
  format_set_num_format (f.percent_total, "0.0%");
  format_set_bold (f.percent_total);
  f.number = NULL;
  f.decimal = workbook_add_format (wb);
  format_set_num_format (f.decimal, "0.00");

  groups = collect_groups (persons);
  write_overview (wb, persons, groups, title ? title : "体质健康测试汇总", grades, &f);
  write_items (wb, persons, groups, item_levels, &f);
  write_charts (wb, persons, groups, grades, &f);
  write_missing (wb, persons, grades, &f);

  return dabiao_output_close_workbook (wb, tmp_path, path, error);
}

typedef struct
{
  char      *path;
  GPtrArray *persons;
  GStrv      grades;
  GStrv      item_levels;
  char      *title;
} SummaryData;

static void
summary_data_free (gpointer data)
{
  SummaryData *sd = data;

  g_free (sd->path);
  g_ptr_array_unref (sd->persons);
  g_strfreev (sd->grades);
  g_strfreev (sd->item_levels);
  g_free (sd->title);
  g_free (sd);
}

static void
summary_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SummaryData *sd = task_data;
  GError *error = NULL;

  if (dabiao_summary_write (sd->path, sd->persons, (const char * const *) sd->grades,
                            (const char * const *) sd->item_levels, sd->title, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dabiao_summary_write_async (const char          *path,
                            GPtrArray           *persons,
                            const char * const  *grades,
                            const char * const  *item_levels,
                            const char          *title,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SummaryData *sd = g_new0 (SummaryData, 1);

  sd->path = g_strdup (path);
  sd->persons = g_ptr_array_ref (persons);
  sd->grades = g_strdupv ((char **) grades);
  sd->item_levels = g_strdupv ((char **) item_levels);
  sd->title = g_strdup (title);
  g_task_set_source_tag (task, dabiao_summary_write_async);
  g_task_set_task_data (task, sd, summary_data_free);
  g_task_run_in_thread (task, summary_thread);
}

gboolean
dabiao_summary_write_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
