/* dabiao-summary.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "dabiao-error.h"
#include "dabiao-output.h"
#include "dabiao-output-private.h"
#include "dabiao-reading.h"
#include "dabiao-summary.h"
#include "dabiao-xlsx.h"

/* Every figure comes from dabiao-results-stats.c; this file only lays
 * them out.  Sheet names, headers and level names are national data or the
 * standard's own words, in Chinese. */

typedef struct
{
  lxw_format *title;
  lxw_format *header;
  lxw_format *text;
  lxw_format *total;
  lxw_format *percent;
  lxw_format *percent_total;
  lxw_format *one;
  lxw_format *one_total;
  lxw_format *two;
} Formats;

typedef struct
{
  lxw_workbook  *wb;
  DabiaoResults *results;
  GPtrArray     *persons;
  GPtrArray     *groups;       /* char*: group names, in school-year / age order */
  GPtrArray     *schools;      /* School*, by code */
  Formats        f;
  guint          n_levels;
  DabiaoXlsxCheck check;        /* every libxlsxwriter result */
} Summary;

typedef struct
{
  char *code;
  char *name;
} School;

static void
school_free (gpointer data)
{
  School *school = data;

  g_free (school->code);
  g_free (school->name);
  g_free (school);
}

static const char *
nonnull (const char *s)
{
  return s != NULL ? s : "";
}

/* ---- Headers -------------------------------------------------------------- */

/* The counts' columns after the labels; returns their headers. */
static GPtrArray *
counts_headers (Summary *s)
{
  GPtrArray *headers = g_ptr_array_new_with_free_func (g_free);
  const char * const *levels = dabiao_results_get_total_level_names (s->results);

  g_ptr_array_add (headers, g_strdup ("应测人数"));
  g_ptr_array_add (headers, g_strdup ("实测人数"));
  g_ptr_array_add (headers, g_strdup ("免测人数"));
  g_ptr_array_add (headers, g_strdup ("缺测人数"));
  g_ptr_array_add (headers, g_strdup ("未测完人数"));
  g_ptr_array_add (headers, g_strdup ("受检率"));
  for (guint k = 0; k < s->n_levels; k++)
    {
      g_autofree char *label = dabiao_results_level_label (levels[k]);

      /* 等级为及格人数, not 及格人数: that could be read as all who passed. */
      g_ptr_array_add (headers, g_strconcat ("等级为", label, "人数", NULL));
      g_ptr_array_add (headers, g_strconcat ("等级为", label, "占比", NULL));
    }
  if (s->n_levels > 0)
    g_ptr_array_add (headers, dabiao_results_pass_header (levels));
  if (dabiao_results_is_weighted (s->results))
    {
      g_ptr_array_add (headers, g_strdup ("平均标准分"));
      g_ptr_array_add (headers, g_strdup ("平均学年总分"));
    }
  else
    g_ptr_array_add (headers, g_strdup ("平均总分"));
  return headers;
}

static void
write_headers (DabiaoXlsxCheck    *check,
               lxw_worksheet      *ws,
               lxw_row_t           row,
               const char * const *labels,
               guint               n_labels,
               GPtrArray          *more,
               const Formats      *f)
{
  for (guint k = 0; k < n_labels; k++)
    dabiao_xlsx_note (check, worksheet_write_string (ws, row, k, labels[k], f->header), G_MAXUINT, G_MAXUINT);
  for (guint k = 0; more != NULL && k < more->len; k++)
    dabiao_xlsx_note (check, worksheet_write_string (ws, row, n_labels + k, g_ptr_array_index (more, k), f->header), G_MAXUINT, G_MAXUINT);
}

/* One row of counts from column @col on. */
static void
write_counts (Summary                   *s,
              lxw_worksheet             *ws,
              lxw_row_t                  row,
              lxw_col_t                  col,
              const DabiaoResultsCounts *c,
              gboolean                   is_total)
{
  lxw_format *num = is_total ? s->f.total : NULL;
  lxw_format *pct = is_total ? s->f.percent_total : s->f.percent;
  lxw_format *one = is_total ? s->f.one_total : s->f.one;

  dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, c->expected, num), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, c->tested, num), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, c->exempt, num), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, c->missing, num), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, c->incomplete, num), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, dabiao_results_counts_tested_rate (c), pct), G_MAXUINT, G_MAXUINT);
  for (guint k = 0; k < s->n_levels; k++)
    {
      dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, c->levels[k], num), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, dabiao_results_rate (c->levels[k], c->tested), pct), G_MAXUINT, G_MAXUINT);
    }
  if (s->n_levels > 0)
    dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, dabiao_results_counts_pass_rate (c), pct), G_MAXUINT, G_MAXUINT);
  if (c->tested == 0)
    return;
  if (dabiao_results_is_weighted (s->results))
    dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col++, dabiao_results_counts_mean_standard (c), one), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, col, dabiao_results_counts_mean_total (c), one), G_MAXUINT, G_MAXUINT);
}

/* ---- Groups, schools, classes ----------------------------------------------- */

static int
compare_schools (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 ((*(School * const *) a)->code, (*(School * const *) b)->code);
}

static GPtrArray *
collect_schools (GPtrArray *persons)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *schools = g_ptr_array_new_with_free_func (school_free);

  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      School *school;

      if (g_hash_table_contains (seen, nonnull (p->school_code)))
        continue;
      school = g_new0 (School, 1);
      school->code = g_strdup (nonnull (p->school_code));
      school->name = g_strdup (nonnull (p->school_name));
      g_hash_table_add (seen, school->code);
      g_ptr_array_add (schools, school);
    }
  g_ptr_array_sort (schools, compare_schools);
  return schools;
}

/* ---- Sheets ------------------------------------------------------------------- */

static void
write_overview (Summary    *s,
                const char *title)
{
  lxw_worksheet *ws = dabiao_xlsx_add_worksheet (&s->check, s->wb, "达标汇总");
  if (ws == NULL)
    return;  /* noted; nothing written through a missing sheet */
  static const char * const labels[] = { "年级/组别", "性别" };
  g_autoptr(GPtrArray) headers = counts_headers (s);
  lxw_row_t row = 2;

  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 0, 0, 12, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 1, 1, 6, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 2, 2 + headers->len, 10, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_merge_range (ws, 0, 0, 0, 1 + headers->len, title, s->f.title), G_MAXUINT, G_MAXUINT);
  write_headers (&s->check, ws, 1, labels, G_N_ELEMENTS (labels), headers, &s->f);
  worksheet_freeze_panes (ws, 2, 2);

  for (guint i = 0; i <= s->groups->len; i++)
    {
      const char *group = i < s->groups->len ? g_ptr_array_index (s->groups, i) : NULL;

      for (int k = 0; k <= DABIAO_N_SEXES; k++)
        {
          /* 男, 女, then 合计. */
          int which = k < DABIAO_N_SEXES ? k : -1;
          DabiaoResultsFilter filter = { NULL, group, NULL, which };
          DabiaoResultsCounts c;

          dabiao_results_count (s->results, s->persons, &filter, &c);
          dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 0, group != NULL ? group : "全部", which < 0 ? s->f.total : s->f.text), G_MAXUINT, G_MAXUINT);
          dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 1, which < 0 ? "合计" : dabiao_sex_to_string (which),
                                  which < 0 ? s->f.total : s->f.text), G_MAXUINT, G_MAXUINT);
          write_counts (s, ws, row++, 2, &c, which < 0);
        }
    }
}

static void
write_schools (Summary *s)
{
  lxw_worksheet *ws = dabiao_xlsx_add_worksheet (&s->check, s->wb, "学校汇总");
  if (ws == NULL)
    return;  /* noted; nothing written through a missing sheet */
  static const char * const labels[] = { "学校代码", "学校名称", "年级/组别", "性别" };
  g_autoptr(GPtrArray) headers = counts_headers (s);
  lxw_row_t row = 1;

  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 0, 0, 12, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 1, 1, 20, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 2, 3 + headers->len, 10, NULL), G_MAXUINT, G_MAXUINT);
  write_headers (&s->check, ws, 0, labels, G_N_ELEMENTS (labels), headers, &s->f);
  worksheet_freeze_panes (ws, 1, 2);

  for (guint i = 0; i < s->schools->len; i++)
    {
      const School *school = g_ptr_array_index (s->schools, i);

      for (guint g = 0; g <= s->groups->len; g++)
        {
          const char *group = g < s->groups->len ? g_ptr_array_index (s->groups, g) : NULL;

          for (int sex = 0; sex < DABIAO_N_SEXES; sex++)
            {
              /* One row per group × sex, then the school's 合计. */
              DabiaoResultsFilter filter = { school->code, group, NULL, group != NULL ? sex : -1 };
              DabiaoResultsCounts c;

              if (group == NULL && sex > 0)
                break;
              dabiao_results_count (s->results, s->persons, &filter, &c);
              if (c.expected == 0)
                continue;
              dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 0, school->code, group == NULL ? s->f.total : s->f.text), G_MAXUINT, G_MAXUINT);
              dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 1, school->name, group == NULL ? s->f.total : s->f.text), G_MAXUINT, G_MAXUINT);
              dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 2, group != NULL ? group : "全部", group == NULL ? s->f.total : s->f.text), G_MAXUINT, G_MAXUINT);
              dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 3, group != NULL ? dabiao_sex_to_string (sex) : "合计",
                                      group == NULL ? s->f.total : s->f.text), G_MAXUINT, G_MAXUINT);
              write_counts (s, ws, row++, 4, &c, group == NULL);
            }
        }
    }
}

static void
write_classes (Summary *s)
{
  lxw_worksheet *ws = dabiao_xlsx_add_worksheet (&s->check, s->wb, "班级汇总");
  if (ws == NULL)
    return;  /* noted; nothing written through a missing sheet */
  static const char * const labels[] = { "学校代码", "学校名称", "年级/组别", "班级编号", "班级名称" };
  g_autoptr(GPtrArray) headers = counts_headers (s);
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (s->persons->len);
  lxw_row_t row = 1;

  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 0, 0, 12, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 1, 1, 20, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 2, 4 + headers->len, 10, NULL), G_MAXUINT, G_MAXUINT);
  write_headers (&s->check, ws, 0, labels, G_N_ELEMENTS (labels), headers, &s->f);
  worksheet_freeze_panes (ws, 1, 5);

  /* Not owning them (a copy would take the persons' free function). */
  for (guint i = 0; i < s->persons->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (s->persons, i));
  g_ptr_array_sort (sorted, dabiao_results_person_compare_class);
  for (guint i = 0; i < sorted->len; )
    {
      const DabiaoResultsPerson *first = g_ptr_array_index (sorted, i);
      g_autoptr(GPtrArray) members = g_ptr_array_new ();
      g_autofree char *group = dabiao_results_person_dup_group (first);
      DabiaoResultsCounts c;

      /* One class: the same school and class code. */
      for (; i < sorted->len && dabiao_results_person_compare_class (&first, &g_ptr_array_index (sorted, i)) == 0; i++)
        g_ptr_array_add (members, g_ptr_array_index (sorted, i));
      dabiao_results_count (s->results, members, NULL, &c);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 0, nonnull (first->school_code), s->f.text), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 1, nonnull (first->school_name), s->f.text), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 2, group, s->f.text), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 3, nonnull (first->class_code), s->f.text), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 4, nonnull (first->class_name), s->f.text), G_MAXUINT, G_MAXUINT);
      write_counts (s, ws, row++, 5, &c, FALSE);
    }
}

/* A unit for people, in the words of the rest of the workbook (厘米, 千克,
 * 毫升, 秒, 次: dabiao_unit_label()); for times written in 分.秒, the mean
 * is so written and the spread in seconds: "0.13" for 13 seconds read
 * oddly (trial 11c #11). */
static const char *
unit_label (const DabiaoItem *item)
{
  if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
    return "分.秒（标准差为秒）";
  if (g_str_equal (item->unit, "index"))
    return "指数";
  if (g_str_equal (item->unit, "points"))
    return "分";
  return dabiao_unit_label (item->unit);
}

/* Seconds as a 分.秒 number: 237.5 → 3'58" → 3.58. */
static double
min_sec (double seconds)
{
  gint64 whole = (gint64) (seconds + 0.5);

  return (double) (whole / 60 * 100 + whole % 60) / 100;
}

/* The item's level columns: one block per distinct list of level names. */
typedef struct
{
  const char * const *names;
  gboolean            pass_fail;
  guint               first_column;
} LevelBlock;

/* The items someone has a value of, in the standard's order. */
static GPtrArray *
items_with_values (Summary *s)
{
  DabiaoStandard *standard = dabiao_results_get_standard (s->results);
  GPtrArray *items = g_ptr_array_new ();

  for (guint i = 0; i < dabiao_standard_get_n_items (standard); i++)
    {
      const DabiaoItem *item = dabiao_standard_get_item (standard, i);
      gboolean any = FALSE;

      for (guint k = 0; k < s->persons->len && !any; k++)
        {
          const DabiaoResultsPerson *p = g_ptr_array_index (s->persons, k);

          for (guint j = 0; j < p->results->len && !any; j++)
            {
              const DabiaoResultsItem *r = g_ptr_array_index (p->results, j);

              any = r->item == item && r->has_value;
            }
        }
      if (any)
        g_ptr_array_add (items, (gpointer) item);
    }
  return items;
}

static void
write_items (Summary *s)
{
  lxw_worksheet *ws = dabiao_xlsx_add_worksheet (&s->check, s->wb, "单项统计");
  if (ws == NULL)
    return;  /* noted; nothing written through a missing sheet */
  static const char * const labels[] = { "项目", "年级/组别", "性别", "实测人数", "平均值", "标准差", "单位" };
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) blocks = g_array_new (FALSE, FALSE, sizeof (LevelBlock));
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = items_with_values (s);
  lxw_row_t row = 1;

  /* Level columns only for items that have levels; each list once. */
  for (guint i = 0; i < items->len; i++)
    {
      const char * const *names = dabiao_results_get_level_names (s->results, g_ptr_array_index (items, i));
      LevelBlock block = { names, FALSE, G_N_ELEMENTS (labels) + headers->len };
      gboolean seen = names[0] == NULL;

      for (guint b = 0; b < blocks->len && !seen; b++)
        seen = g_strv_equal ((const char * const *) g_array_index (blocks, LevelBlock, b).names, names);
      if (seen)
        continue;
      block.pass_fail = dabiao_results_level_passes (s->results, names[0]);
      for (guint k = 0; names[k] != NULL && k < DABIAO_RESULTS_MAX_LEVELS; k++)
        {
          g_autofree char *label = dabiao_results_level_label (names[k]);
          char *header = g_strconcat ("等级为", label, "人数", NULL);

          /* Unique even should two lists share a name. */
          if (g_hash_table_contains (used, header))
            {
              g_free (header);
              header = g_strdup_printf ("等级为%s人数（%s）", label, ((const DabiaoItem *) g_ptr_array_index (items, i))->name);
            }
          g_hash_table_add (used, header);
          g_ptr_array_add (headers, header);
        }
      if (block.pass_fail)
        g_ptr_array_add (headers, dabiao_results_pass_header (names));
      g_array_append_val (blocks, block);
    }

  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 0, 0, 16, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 1, G_N_ELEMENTS (labels) + headers->len, 10, NULL), G_MAXUINT, G_MAXUINT);
  write_headers (&s->check, ws, 0, labels, G_N_ELEMENTS (labels), headers, &s->f);
  worksheet_freeze_panes (ws, 1, 1);

  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoItem *item = g_ptr_array_index (items, i);
      const char * const *names = dabiao_results_get_level_names (s->results, item);
      const LevelBlock *block = NULL;

      for (guint b = 0; b < blocks->len; b++)
        if (g_strv_equal ((const char * const *) g_array_index (blocks, LevelBlock, b).names, names))
          block = &g_array_index (blocks, LevelBlock, b);

      for (guint g = 0; g <= s->groups->len; g++)
        for (int sex = 0; sex <= DABIAO_N_SEXES; sex++)
          {
            const char *group = g < s->groups->len ? g_ptr_array_index (s->groups, g) : NULL;
            gboolean is_total = sex == DABIAO_N_SEXES;
            DabiaoResultsFilter filter = { NULL, group, NULL, is_total ? -1 : sex };
            lxw_format *text = is_total ? s->f.total : s->f.text;
            DabiaoResultsItemCounts c;
            double mean, sd;

            dabiao_results_count_item (s->results, s->persons, &filter, item, &c);
            if (c.n == 0)
              continue;
            mean = dabiao_results_item_counts_mean (&c);
            sd = dabiao_results_item_counts_sd (&c);
            dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 0, item->name, text), G_MAXUINT, G_MAXUINT);
            dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 1, group != NULL ? group : "全部", text), G_MAXUINT, G_MAXUINT);
            dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 2, is_total ? "合计" : dabiao_sex_to_string (sex), text), G_MAXUINT, G_MAXUINT);
            dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, 3, c.n, NULL), G_MAXUINT, G_MAXUINT);
            if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
              dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, 4, min_sec (mean), s->f.two), G_MAXUINT, G_MAXUINT);
            else
              dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, 4, mean, s->f.two), G_MAXUINT, G_MAXUINT);
            if (sd >= 0)
              dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, 5, sd, s->f.two), G_MAXUINT, G_MAXUINT);
            dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 6, unit_label (item), s->f.text), G_MAXUINT, G_MAXUINT);
            if (block != NULL)
              {
                guint n = g_strv_length ((char **) names);

                for (guint k = 0; k < n && k < DABIAO_RESULTS_MAX_LEVELS; k++)
                  dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, block->first_column + k, c.levels[k], NULL), G_MAXUINT, G_MAXUINT);
                if (block->pass_fail)
                  dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, block->first_column + n,
                                          dabiao_results_item_counts_pass_rate (&c), s->f.percent), G_MAXUINT, G_MAXUINT);
              }
            row++;
          }
    }
}

/* A table of level counts per group at @first_row (headers there) and a
 * stacked chart of it; returns the row after the table. */
static lxw_row_t
write_distribution_table (Summary       *s,
                          lxw_worksheet *ws,
                          lxw_row_t      first_row,
                          const char    *school_code,
                          const char    *heading)
{
  const char * const *levels = dabiao_results_get_total_level_names (s->results);
  lxw_row_t row = first_row + 1;

  dabiao_xlsx_note (&s->check, worksheet_write_string (ws, first_row, 0, heading, s->f.header), G_MAXUINT, G_MAXUINT);
  for (guint k = 0; k < s->n_levels; k++)
    {
      g_autofree char *label = dabiao_results_level_label (levels[k]);

      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, first_row, 1 + k, label, s->f.header), G_MAXUINT, G_MAXUINT);
    }
  for (guint i = 0; i < s->groups->len; i++)
    {
      DabiaoResultsFilter filter = { school_code, g_ptr_array_index (s->groups, i), NULL, -1 };
      DabiaoResultsCounts c;

      dabiao_results_count (s->results, s->persons, &filter, &c);
      if (school_code != NULL && c.expected == 0)
        continue;
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 0, g_ptr_array_index (s->groups, i), s->f.text), G_MAXUINT, G_MAXUINT);
      for (guint k = 0; k < s->n_levels; k++)
        dabiao_xlsx_note (&s->check, worksheet_write_number (ws, row, 1 + k, c.levels[k], NULL), G_MAXUINT, G_MAXUINT);
      row++;
    }
  return row;
}

static void
add_series (lxw_chart *chart,
            Summary   *s,
            lxw_row_t  first_row,
            lxw_row_t  end_row)
{
  /* Best green to worst red; the last colour is always the lowest level. */
  static const guint colors[DABIAO_RESULTS_MAX_LEVELS] = {
    0x2E7D32, 0x1565C0, 0xF9A825, 0x6A1B9A, 0x00838F, 0xEF6C00, 0x5D4037, 0xC62828,
  };

  for (guint k = 0; k < s->n_levels; k++)
    {
      lxw_chart_fill fill = { .color = k + 1 == s->n_levels ? colors[DABIAO_RESULTS_MAX_LEVELS - 1] : colors[k] };
      lxw_chart_series *series = chart_add_series (chart, NULL, NULL);

      chart_series_set_categories (series, "等级分布", first_row + 1, 0, end_row - 1, 0);
      chart_series_set_values (series, "等级分布", first_row + 1, 1 + k, end_row - 1, 1 + k);
      chart_series_set_name_range (series, "等级分布", first_row, 1 + k);
      chart_series_set_fill (series, &fill);
    }
  chart_legend_set_position (chart, LXW_CHART_LEGEND_BOTTOM);
}

static void
write_charts (Summary *s)
{
  lxw_worksheet *ws = dabiao_xlsx_add_worksheet (&s->check, s->wb, "等级分布");
  if (ws == NULL)
    return;  /* noted; nothing written through a missing sheet */
  lxw_chart *counts = workbook_add_chart (s->wb, LXW_CHART_COLUMN_STACKED);
  lxw_chart *percent = workbook_add_chart (s->wb, LXW_CHART_COLUMN_STACKED_PERCENT);
  lxw_chart_options placement = { .x_scale = 1.6, .y_scale = 1.3 };
  lxw_row_t end = write_distribution_table (s, ws, 0, NULL, "年级/组别");
  lxw_row_t row = MAX (end + 1, 45);

  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 0, 0, 12, NULL), G_MAXUINT, G_MAXUINT);
  add_series (counts, s, 0, end);
  add_series (percent, s, 0, end);
  chart_title_set_name (counts, "各年级等级人数");
  chart_title_set_name (percent, "各年级等级构成");
  chart_axis_set_name (counts->y_axis, "人数");
  dabiao_xlsx_note (&s->check, worksheet_insert_chart_opt (ws, 0, 6, counts, &placement), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_insert_chart_opt (ws, 22, 6, percent, &placement), G_MAXUINT, G_MAXUINT);

  /* One table and chart per school, below. */
  for (guint i = 0; i < s->schools->len; i++)
    {
      const School *school = g_ptr_array_index (s->schools, i);
      lxw_chart *chart = workbook_add_chart (s->wb, LXW_CHART_COLUMN_STACKED);
      g_autofree char *heading = g_strdup_printf ("%s %s", school->code, school->name);
      g_autofree char *chart_title = g_strdup_printf ("%s 各年级等级人数", school->name[0] != '\0' ? school->name : school->code);
      lxw_row_t school_end = write_distribution_table (s, ws, row, school->code, heading);

      add_series (chart, s, row, school_end);
      chart_title_set_name (chart, chart_title);
      chart_axis_set_name (chart->y_axis, "人数");
      dabiao_xlsx_note (&s->check, worksheet_insert_chart_opt (ws, row, 6, chart, &placement), G_MAXUINT, G_MAXUINT);
      row = MAX (school_end + 1, row + 22);
    }
}

/* The persons to see about, class by class: who was recorded 缺测 in which
 * items, and which items are still without a result (未测; 犯规 … said
 * beside).  Derived items (体重指数) and exemptions are never listed. */
static void
write_missing (Summary *s)
{
  lxw_worksheet *ws = dabiao_xlsx_add_worksheet (&s->check, s->wb, "缺测及未测完名单");
  if (ws == NULL)
    return;  /* noted; nothing written through a missing sheet */
  static const char * const labels[] = { "学校代码", "学校名称", "年级/组别", "班级", "学籍号", "姓名", "性别",
                                         "缺测项目", "未测项目" };
  const char *exempt = dabiao_special_to_string (DABIAO_SPECIAL_EXEMPT);
  const char *absent = dabiao_special_to_string (DABIAO_SPECIAL_ABSENT);
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (s->persons->len);
  lxw_row_t row = 1;

  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 0, 6, 12, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 1, 1, 20, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 4, 4, 22, NULL), G_MAXUINT, G_MAXUINT);
  dabiao_xlsx_note (&s->check, worksheet_set_column (ws, 7, 8, 32, NULL), G_MAXUINT, G_MAXUINT);
  write_headers (&s->check, ws, 0, labels, G_N_ELEMENTS (labels), NULL, &s->f);
  worksheet_freeze_panes (ws, 1, 0);

  /* Not owning them; in class order (stable: roster order within a class). */
  for (guint i = 0; i < s->persons->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (s->persons, i));
  g_ptr_array_sort (sorted, dabiao_results_person_compare_class);
  for (guint i = 0; i < sorted->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (sorted, i);
      g_autoptr(GString) absences = g_string_new (NULL);
      g_autoptr(GString) open = g_string_new (NULL);
      g_autofree char *group = NULL;
      g_autofree char *number = NULL;

      if (p->exempt || p->has_total)
        continue;
      /* Measured items that apply, without a value and not exempt. */
      for (guint j = 0; j < p->results->len; j++)
        {
          const DabiaoResultsItem *r = g_ptr_array_index (p->results, j);
          GString *what = g_strcmp0 (r->special, absent) == 0 ? absences : open;

          if (!r->applies || r->derived || r->has_value || g_strcmp0 (r->special, exempt) == 0)
            continue;
          if (what->len > 0)
            g_string_append (what, "、");
          g_string_append (what, r->name);
          if (r->special != NULL && what == open)
            g_string_append_printf (what, "（%s）", r->special);
        }
      if (absences->len == 0 && open->len == 0)
        continue;

      group = dabiao_results_person_dup_group (p);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 0, nonnull (p->school_code), s->f.text), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 1, nonnull (p->school_name), s->f.text), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 2, group, s->f.text), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 3, nonnull (p->class_name), s->f.text), G_MAXUINT, G_MAXUINT);
      /* A walk-in's 身份证号 stands in for the 学籍号, masked (0102). */
      number = p->student_no != NULL ? g_strdup (p->student_no) : dabiao_output_mask_id (p->id_number);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 4, number, s->f.text), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 5, nonnull (p->name), s->f.text), G_MAXUINT, G_MAXUINT);
      dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 6, dabiao_sex_to_string (p->sex), s->f.text), G_MAXUINT, G_MAXUINT);
      if (absences->len > 0)
        dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 7, absences->str, s->f.text), G_MAXUINT, G_MAXUINT);
      if (open->len > 0)
        dabiao_xlsx_note (&s->check, worksheet_write_string (ws, row, 8, open->str, s->f.text), G_MAXUINT, G_MAXUINT);
      row++;
    }
}

static void
init_formats (lxw_workbook *wb,
              Formats      *f)
{
  f->title = workbook_add_format (wb);
  format_set_bold (f->title);
  format_set_font_size (f->title, 14);
  format_set_align (f->title, LXW_ALIGN_CENTER);
  f->header = workbook_add_format (wb);
  format_set_bold (f->header);
  format_set_bg_color (f->header, 0xDDEBF7);
  format_set_border (f->header, LXW_BORDER_THIN);
  format_set_text_wrap (f->header);
  f->text = workbook_add_format (wb);
  format_set_num_format (f->text, "@");
  f->total = workbook_add_format (wb);
  format_set_bold (f->total);
  f->percent = workbook_add_format (wb);
  format_set_num_format (f->percent, "0.0%");
  f->percent_total = workbook_add_format (wb);
  format_set_num_format (f->percent_total, "0.0%");
  format_set_bold (f->percent_total);
  f->one = workbook_add_format (wb);
  format_set_num_format (f->one, "0.0");
  f->one_total = workbook_add_format (wb);
  format_set_num_format (f->one_total, "0.0");
  format_set_bold (f->one_total);
  f->two = workbook_add_format (wb);
  format_set_num_format (f->two, "0.00");
}

gboolean
dabiao_summary_workbook_write (const char     *path,
                               DabiaoResults  *results,
                               GPtrArray      *persons,
                               const char     *title,
                               GError        **error)
{
  g_autofree char *tmp_path = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) schools = NULL;
  Summary s = { 0 };

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
  dabiao_xlsx_check_init (&s.check, path);
  s.wb = workbook_new (tmp_path);
  if (s.wb == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT, _("Cannot write “%s”"), base);
      return FALSE;
    }
  groups = dabiao_results_collect_groups (persons);
  schools = collect_schools (persons);
  s.results = results;
  s.persons = persons;
  s.groups = groups;
  s.schools = schools;
  s.n_levels = MIN (g_strv_length ((char **) dabiao_results_get_total_level_names (results)), DABIAO_RESULTS_MAX_LEVELS);
  init_formats (s.wb, &s.f);

  write_overview (&s, title != NULL ? title : "体质健康测试汇总");
  write_schools (&s);
  write_classes (&s);
  write_items (&s);
  write_charts (&s);
  write_missing (&s);

  /* Any call libxlsxwriter refused (a text over a cell's limit …): no file. */
  if (!dabiao_xlsx_check_end (&s.check, error))
    {
      workbook_close (s.wb);
      g_unlink (tmp_path);
      return FALSE;
    }
  return dabiao_output_close_workbook (s.wb, tmp_path, path, error);
}

typedef struct
{
  char          *path;
  DabiaoResults *results;
  GPtrArray     *persons;
  char          *title;
} SummaryData;

static void
summary_data_free (gpointer data)
{
  SummaryData *sd = data;

  g_free (sd->path);
  dabiao_results_unref (sd->results);
  g_ptr_array_unref (sd->persons);
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

  if (dabiao_summary_workbook_write (sd->path, sd->results, sd->persons, sd->title, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dabiao_summary_workbook_write_async (const char          *path,
                                     DabiaoResults       *results,
                                     GPtrArray           *persons,
                                     const char          *title,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SummaryData *sd = g_new0 (SummaryData, 1);

  sd->path = g_strdup (path);
  sd->results = dabiao_results_ref (results);
  sd->persons = g_ptr_array_ref (persons);
  sd->title = g_strdup (title);
  g_task_set_source_tag (task, dabiao_summary_workbook_write_async);
  g_task_set_task_data (task, sd, summary_data_free);
  g_task_run_in_thread (task, summary_thread);
}

gboolean
dabiao_summary_workbook_write_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
