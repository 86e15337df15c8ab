/* dabiao-results-sheet.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "dabiao-output.h"
#include "dabiao-results-sheet.h"
#include "dabiao-score-file.h"
#include "dabiao-table.h"

/* Column headers of the national layouts: data, not translations.  The
 * sheet is for people: 性别 says 男/女 (the upload file keeps its codes
 * 1/2, formats.md); `dabiao-cli score` reads either back. */
static const char * const student_headers[] = {
  "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址",
};
static const char * const adult_headers[] = {
  "编号", "姓名", "性别", "出生日期", "身份证号", "单位", "手机",
};

typedef struct
{
  DabiaoResults     *results;
  DabiaoEvent       *event;
  DabiaoTableWriter *writer;
  gboolean           student;
  gboolean           by_age;
  GDate              event_date;
  GArray            *rows;      /* Row: every person, sorted into class order before writing */
  guint              n_rows;
  gboolean           full_ids;  /* 身份证号 whole, else masked */
  gboolean          *scored;    /* per standard item: scored in some group of the event's parts */
} Sheet;

/* One row to write: the person and what only the roster has. */
typedef struct
{
  DabiaoResultsPerson *p;
  char                *organization;
  char                *phone;
} Row;

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_clear_pointer (&row->p, dabiao_results_person_free);
  g_clear_pointer (&row->organization, g_free);
  g_clear_pointer (&row->phone, g_free);
}

/* The one class order of the upload file (学校代码, 年级编号, 班级编号;
 * stable: roster order within a class). */
static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return dabiao_results_person_compare_class (&((const Row *) a)->p, &((const Row *) b)->p);
}

/* 10^(3 - decimals): a fixed-point value in units of its last decimal. */
static const gint64 value_units[] = { 1000, 100, 10, 1 };

/* A value as a number cell: 分.秒 items as 分.秒 (225 s → 3.45), the others
 * at their precision. */
static void
add_value (DabiaoTableWriter       *writer,
           const DabiaoResultsItem *r)
{
  const DabiaoItem *item = r->item;

  if (!r->has_value)
    dabiao_table_writer_add_empty (writer);
  else if (item != NULL && item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
    {
      gint64 seconds = dabiao_value_round (r->value, 0) / DABIAO_VALUE_SCALE;

      dabiao_table_writer_add_fixed (writer, (seconds / 60) * 100 + seconds % 60, 2);
    }
  else if (item != NULL)
    dabiao_table_writer_add_fixed (writer, r->value / value_units[MIN (item->decimals, 3)], MIN (item->decimals, 3));
  else
    dabiao_table_writer_add_string (writer, r->display);
}

/* Age at the event in years, to the half year below for children under 7
 * (the 国民体质 preschool bands are half-year wide), as tenths: 35 years →
 * 350, 4½ → 45; -1 when unknown.  The group is found from the birth date;
 * this column is for the reader. */
static int
age_tenths (const DabiaoResultsPerson *p,
            const GDate               *event_date)
{
  int months;

  if (p->birth_year <= 0 || !g_date_valid (event_date)
      || !g_date_valid_dmy (p->birth_day, p->birth_month, p->birth_year))
    return -1;
  months = (g_date_get_year (event_date) - p->birth_year) * 12 + ((int) g_date_get_month (event_date) - p->birth_month);
  if ((int) g_date_get_day (event_date) < p->birth_day)
    months--;
  if (months < 0)
    return -1;
  return months % 12 >= 6 && months < 7 * 12 ? months / 12 * 10 + 5 : months / 12 * 10;
}

static void
add_birth (DabiaoTableWriter         *writer,
           const DabiaoResultsPerson *p)
{
  GDate date;

  if (p->birth_year > 0 && g_date_valid_dmy (p->birth_day, p->birth_month, p->birth_year))
    {
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, p->birth_day, p->birth_month, p->birth_year);
      dabiao_table_writer_add_date (writer, &date);
    }
  else
    dabiao_table_writer_add_empty (writer);
}

static gboolean
collect_row_cb (DabiaoParticipant  *participant,
                GPtrArray          *attempts,
                gpointer            user_data,
                GError            **error)
{
  Sheet *sheet = user_data;
  Row row = {
    dabiao_results_person_from_event (sheet->results, sheet->event, participant, attempts, NULL),
    g_strdup (dabiao_participant_get_organization (participant)),
    g_strdup (dabiao_participant_get_phone (participant)),
  };

  g_array_append_val (sheet->rows, row);
  return TRUE;
}

/* Who: the columns before the items (school, class, 学籍号 … for students;
 * 编号, 单位 … for others; the age for standards grouped by age). */
static void
write_person (Sheet     *sheet,
              const Row *row)
{
  DabiaoTableWriter *w = sheet->writer;
  const DabiaoResultsPerson *p = row->p;

  if (sheet->student)
    {
      dabiao_table_writer_add_string (w, p->school_code);
      dabiao_table_writer_add_string (w, p->school_name);
      if (p->grade > 0)
        dabiao_table_writer_add_fixed (w, p->grade, 0);
      else
        dabiao_table_writer_add_empty (w);
      dabiao_table_writer_add_string (w, p->class_code);
      dabiao_table_writer_add_string (w, p->class_name);
      dabiao_table_writer_add_string (w, p->student_no);
      dabiao_table_writer_add_string (w, p->ethnic_code);
      dabiao_table_writer_add_string (w, p->name);
      dabiao_table_writer_add_string (w, dabiao_sex_to_string (p->sex));
      add_birth (w, p);
      dabiao_table_writer_add_string (w, p->address);
    }
  else
    {
      dabiao_table_writer_add_string (w, p->id);
      dabiao_table_writer_add_string (w, p->name);
      dabiao_table_writer_add_string (w, dabiao_sex_to_string (p->sex));
      add_birth (w, p);
      if (sheet->full_ids)
        dabiao_table_writer_add_string (w, p->id_number);
      else
        {
          g_autofree char *masked = dabiao_output_mask_id (p->id_number);

          dabiao_table_writer_add_string (w, masked);
        }
      dabiao_table_writer_add_string (w, row->organization);
      dabiao_table_writer_add_string (w, row->phone);
    }
  if (sheet->by_age)
    {
      int age = age_tenths (p, &sheet->event_date);

      if (age < 0)
        dabiao_table_writer_add_empty (w);
      else if (age % 10 != 0)
        dabiao_table_writer_add_fixed (w, age, 1);
      else
        dabiao_table_writer_add_fixed (w, age / 10, 0);
    }
}

static gboolean
write_row (Sheet      *sheet,
           const Row  *row,
           GError    **error)
{
  DabiaoTableWriter *w = sheet->writer;
  DabiaoStandard *standard = dabiao_results_get_standard (sheet->results);
  GPtrArray *items = dabiao_event_get_items (sheet->event);
  const DabiaoResultsPerson *p = row->p;
  g_autoptr(GString) specials = g_string_new (NULL);

  write_person (sheet, row);

  /* Every item of the event, applying or not (a value typed for another
   * group is still shown), with the special results spelt out beside. */
  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoEventItem *event_item = g_ptr_array_index (items, i);
      const DabiaoItem *item = dabiao_standard_lookup_item (standard, event_item->code);
      const DabiaoResultsItem *r = dabiao_results_person_find_item (p, item != NULL ? item->header : event_item->name,
                                                                    event_item->number[0] != '\0' ? event_item->number : NULL);

      if (r == NULL)
        {
          dabiao_table_writer_add_empty (w);
          continue;
        }
      add_value (w, r);
      if (!r->has_value && r->special != NULL)
        {
          if (specials->len > 0)
            g_string_append (specials, "；");
          g_string_append_printf (specials, "%s：%s", event_item->name, r->special);
          if (r->reason != NULL)
            g_string_append_printf (specials, "（%s）", r->reason);
        }
    }
  dabiao_table_writer_add_string (w, specials->str);

  /* The score columns, as dabiao_score_file_add_headers() names them. */
  for (guint i = 0; i < dabiao_standard_get_n_items (standard); i++)
    {
      const DabiaoItem *item = dabiao_standard_get_item (standard, i);
      const DabiaoResultsItem *r = NULL;

      if ((!item->output_value && !item->output_score) || !sheet->scored[i])
        continue;
      for (guint k = 0; k < p->results->len && r == NULL; k++)
        if (((DabiaoResultsItem *) g_ptr_array_index (p->results, k))->item == item)
          r = g_ptr_array_index (p->results, k);
      if (item->output_value)
        {
          if (r != NULL && r->applies)
            add_value (w, r);
          else
            dabiao_table_writer_add_empty (w);
        }
      if (item->output_score)
        {
          if (r != NULL && r->has_score)
            dabiao_table_writer_add_fixed (w, r->score, 0);
          else
            dabiao_table_writer_add_empty (w);
        }
    }
  if (p->has_total)
    {
      if (dabiao_results_is_weighted (sheet->results))
        {
          dabiao_table_writer_add_fixed (w, p->standard_tenths, 1);
          dabiao_table_writer_add_fixed (w, p->bonus, 0);
          dabiao_table_writer_add_fixed (w, p->total_tenths, 1);
        }
      else
        dabiao_table_writer_add_fixed (w, p->total_tenths / 10, 0);
      dabiao_table_writer_add_string (w, p->level != NULL ? p->level : "");
    }
  else
    for (guint k = 0; k < (dabiao_results_is_weighted (sheet->results) ? 4u : 2u); k++)
      dabiao_table_writer_add_empty (w);
  dabiao_table_writer_add_string (w, p->notes);

  sheet->n_rows++;
  return dabiao_table_writer_end_row (w, error);
}

gboolean
dabiao_results_sheet_write (DabiaoEvent  *event,
                            const char   *output,
                            guint        *n_rows,
                            GError      **error)
{
  return dabiao_results_sheet_write_ids (event, output, FALSE, n_rows, error);
}

gboolean
dabiao_results_sheet_write_ids (DabiaoEvent  *event,
                                const char   *output,
                                gboolean      full_ids,
                                guint        *n_rows,
                                GError      **error)
{
  g_autoptr(DabiaoResults) results = NULL;
  g_autoptr(DabiaoTableWriter) writer = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autofree gboolean *scored = NULL;
  GPtrArray *items;
  Sheet sheet = { 0 };
  int y, m, d;

  g_return_val_if_fail (DABIAO_IS_EVENT (event), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  results = dabiao_results_new_for_event (event, error);
  if (results == NULL)
    return FALSE;
  /* Worksheet names are data of the sheet, like its headers. */
  writer = dabiao_table_writer_new (output, "成绩", error);
  if (writer == NULL)
    return FALSE;

  sheet.results = results;
  sheet.full_ids = full_ids;
  sheet.event = event;
  sheet.writer = writer;
  sheet.by_age = dabiao_results_is_by_age (results);
  sheet.student = !sheet.by_age;
  g_date_clear (&sheet.event_date, 1);
  if (sscanf (dabiao_event_get_date (event), "%d-%d-%d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    g_date_set_dmy (&sheet.event_date, d, m, y);

  /* Columns nobody of the event can fill are left out (findings-15c #7):
   * an adults' sheet has no 学校 (their 单位 is in its own column), and
   * no score of an item no group of the event's parts is scored in. */
  scored = dabiao_results_scored_items (results);
  sheet.scored = scored;
  if (sheet.student)
    {
      dabiao_table_writer_add_string (writer, "学校代码");
      dabiao_table_writer_add_string (writer, "学校名称");
      for (guint i = 0; i < G_N_ELEMENTS (student_headers); i++)
        dabiao_table_writer_add_string (writer, student_headers[i]);
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (adult_headers); i++)
      dabiao_table_writer_add_string (writer, adult_headers[i]);
  if (sheet.by_age)
    dabiao_table_writer_add_string (writer, "年龄");
  items = dabiao_event_get_items (event);
  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (items, i);
      const DabiaoItem *std_item = dabiao_standard_lookup_item (dabiao_results_get_standard (results), item->code);

      dabiao_table_writer_add_string (writer, std_item != NULL ? std_item->header : item->name);
    }
  dabiao_table_writer_add_string (writer, "特殊情况");
  dabiao_score_file_add_headers_for (dabiao_results_get_standard (results), scored, writer);

  if (!dabiao_table_writer_end_row (writer, error))
    return FALSE;
  /* Rows in class order, as the upload file has them: every person first. */
  rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (rows, row_clear);
  sheet.rows = rows;
  if (!dabiao_event_foreach_result (event, collect_row_cb, &sheet, error))
    return FALSE;
  g_array_sort (rows, compare_rows);
  for (guint i = 0; i < rows->len; i++)
    if (!write_row (&sheet, &g_array_index (rows, Row, i), error))
      return FALSE;
  if (!dabiao_table_writer_close (writer, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = sheet.n_rows;
  return TRUE;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  guint n_rows = 0;

  if (!dabiao_results_sheet_write (source_object, task_data, &n_rows, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_rows);
}

void
dabiao_results_sheet_write_async (DabiaoEvent         *event,
                                  const char          *output,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DABIAO_IS_EVENT (event));
  g_return_if_fail (output != NULL);

  task = g_task_new (event, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_results_sheet_write_async);
  g_task_set_task_data (task, g_strdup (output), g_free);
  dabiao_event_run_in_worker (event, task, write_thread);
}

gboolean
dabiao_results_sheet_write_finish (GAsyncResult  *result,
                                   guint         *n_rows,
                                   GError       **error)
{
  gssize n;

  g_return_val_if_fail (G_IS_TASK (result) && g_task_is_valid (result, g_task_get_source_object (G_TASK (result))), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_rows != NULL)
    *n_rows = n;
  return TRUE;
}
