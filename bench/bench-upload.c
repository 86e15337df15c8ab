/* bench-upload.c: the national upload file for 100,000 students against a
 * bare libxlsxwriter loop writing the same cells (same sheets, formats and
 * constant-memory mode) in the same run.  Target: ≤ 1.3×, constant memory.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <sys/resource.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "dabiao-upload.h"
#include "output-testdata.h"

typedef struct
{
  const char *text;    /* NULL: a number */
  double      number;
  int         format;  /* 0 none, 1 text, 2 integer, 3 one decimal, 4 分.秒, 5 date */
  gboolean    blank;
} Cell;

typedef struct
{
  const char         *school;
  const char * const *items;
  GArray             *cells;  /* Cell, row-major */
  guint               n_cols;
  guint               n_rows;
} BareSheet;

/* Peak resident memory since the last reset, in KiB (Linux). */
static long
peak_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, "VmHWM:");
  return p ? atol (p + 6) : -1;
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, "VmRSS:");
  return p ? atol (p + 6) : -1;
}

/* CPU seconds of this process: steadier than the wall clock on a shared
 * machine. */
static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static int
compare_school (gconstpointer a,
                gconstpointer b)
{
  const DabiaoResultsPerson *pa = *(const DabiaoResultsPerson * const *) a;
  const DabiaoResultsPerson *pb = *(const DabiaoResultsPerson * const *) b;
  int cmp = strcmp (pa->school_code, pb->school_code);

  if (cmp != 0)
    return cmp;
  if (pa->grade != pb->grade)
    return pa->grade - pb->grade;
  return strcmp (pa->class_code, pb->class_code);
}

static int
item_format (const char *item)
{
  if (strstr (item, "米跑") != NULL && strcmp (item, "50米跑") != 0)
    return 4;
  if (g_str_has_suffix (item, "往返跑"))
    return 4;
  if (strcmp (item, "肺活量") == 0 || strcmp (item, "一分钟跳绳") == 0
      || strcmp (item, "一分钟仰卧起坐") == 0 || strcmp (item, "引体向上") == 0)
    return 2;
  return 3;
}

/* The cells of the upload file, computed before the clock starts. */
static GPtrArray *
prepare_bare (GPtrArray *persons)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (persons, NULL, NULL);
  GPtrArray *sheets = g_ptr_array_new ();
  BareSheet *sheet = NULL;
  guint i, k;

  /* The copy must not free the persons. */
  g_ptr_array_set_free_func (sorted, NULL);
  g_ptr_array_sort (sorted, compare_school);
  for (i = 0; i < sorted->len; i++)
    {
      DabiaoResultsPerson *p = g_ptr_array_index (sorted, i);

      if (sheet == NULL || strcmp (sheet->school, p->school_code) != 0)
        {
          sheet = g_new0 (BareSheet, 1);
          sheet->school = p->school_code;
          sheet->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
          g_ptr_array_add (sheets, sheet);
        }
      sheet->n_rows++;
    }

  /* Item columns per sheet, as the writer chooses them. */
  for (i = 0, k = 0; k < sheets->len; k++)
    {
      g_autoptr(GArray) grades = g_array_new (FALSE, FALSE, sizeof (int));
      guint r;

      sheet = g_ptr_array_index (sheets, k);
      for (r = 0; r < sheet->n_rows; r++)
        g_array_append_val (grades, ((DabiaoResultsPerson *) g_ptr_array_index (sorted, i + r))->grade);
      sheet->items = dabiao_upload_item_columns ((const int *) (gpointer) grades->data, grades->len, FALSE);
      sheet->n_cols = 9 + g_strv_length ((char **) sheet->items);

      for (r = 0; r < sheet->n_rows; r++)
        {
          DabiaoResultsPerson *p = g_ptr_array_index (sorted, i + r);
          Cell row[32] = { { 0 } };
          guint c;

          row[0] = (Cell) { NULL, p->grade, 0, FALSE };
          row[1] = (Cell) { NULL, g_ascii_strtod (p->class_code, NULL), 0, FALSE };
          row[2] = (Cell) { p->class_name, 0, 1, FALSE };
          row[3] = (Cell) { p->student_no, 0, 1, FALSE };
          row[4] = (Cell) { p->ethnic_code, 0, 1, FALSE };
          row[5] = (Cell) { p->name, 0, 1, FALSE };
          row[6] = (Cell) { NULL, dabiao_results_person_sex_code (p), 0, FALSE };
          row[7] = (Cell) { NULL, p->birth_year * 10000 + p->birth_month * 100 + p->birth_day, 5, FALSE };
          row[8] = (Cell) { p->address, 0, 1, FALSE };
          for (c = 9; c < sheet->n_cols; c++)
            {
              const char *item = sheet->items[c - 9];
              const DabiaoResultsItem *res = dabiao_results_person_find_item (p, item, NULL);
              int fmt = item_format (item);

              if (res == NULL || !res->has_value)
                row[c].blank = TRUE;
              else
                row[c] = (Cell) { NULL, fmt == 4 ? dabiao_upload_min_sec (res->value)
                                                 : fmt == 2 ? round (res->value) : round (res->value * 10) / 10,
                                  fmt, FALSE };
            }
          g_array_append_vals (sheet->cells, row, sheet->n_cols);
        }
      i += sheet->n_rows;
    }

  return sheets;
}

static void
write_bare (const char *path,
            GPtrArray  *sheets)
{
  lxw_workbook_options options = { .constant_memory = LXW_TRUE };
  lxw_workbook *wb = workbook_new_opt (path, &options);
  lxw_format *formats[6] = { NULL };
  static const char * const fixed[] = { "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址" };
  guint k;

  formats[1] = workbook_add_format (wb);
  format_set_num_format (formats[1], "@");
  formats[2] = workbook_add_format (wb);
  format_set_num_format (formats[2], "0");
  formats[3] = workbook_add_format (wb);
  format_set_num_format (formats[3], "0.0");
  formats[4] = workbook_add_format (wb);
  format_set_num_format (formats[4], "0.00");
  formats[5] = workbook_add_format (wb);
  format_set_num_format (formats[5], "yyyy/m/d");

  for (k = 0; k < sheets->len; k++)
    {
      BareSheet *sheet = g_ptr_array_index (sheets, k);
      lxw_worksheet *ws = workbook_add_worksheet (wb, sheet->school);
      guint r, c;

      for (c = 0; c < 9; c++)
        worksheet_write_string (ws, 0, c, fixed[c], formats[1]);
      for (c = 9; c < sheet->n_cols; c++)
        worksheet_write_string (ws, 0, c, sheet->items[c - 9], formats[1]);
      for (r = 0; r < sheet->n_rows; r++)
        for (c = 0; c < sheet->n_cols; c++)
          {
            const Cell *cell = &g_array_index (sheet->cells, Cell, r * sheet->n_cols + c);

            if (cell->blank)
              continue;
            if (cell->format == 5)
              {
                int d = (int) cell->number;
                lxw_datetime dt = { d / 10000, d / 100 % 100, d % 100, 0, 0, 0 };

                worksheet_write_datetime (ws, r + 1, c, &dt, formats[5]);
              }
            else if (cell->text != NULL)
              worksheet_write_string (ws, r + 1, c, cell->text, formats[1]);
            else
              worksheet_write_number (ws, r + 1, c, cell->number, formats[cell->format]);
          }
    }
  workbook_close (wb);
}

int
main (int argc, char **argv)
{
  guint n = (setlocale (LC_ALL, ""), argc > 1 ? atoi (argv[1]) : 100000);
  g_autoptr(GPtrArray) persons = output_test_make_persons (n, 20, 42);
  g_autoptr(GPtrArray) bare = prepare_bare (persons);
  g_autofree char *dir = g_dir_make_tmp ("dabiao-bench-upload-XXXXXX", NULL);
  g_autofree char *bare_path = g_build_filename (dir, "bare.xlsx", NULL);
  g_autofree char *ours_path = g_build_filename (dir, "upload.xlsx", NULL);
  g_autoptr(DabiaoUploadReport) report = NULL;
  g_autoptr(GError) error = NULL;
  double t0, c0, t_bare = 1e9, t_ours = 1e9, c_bare = 1e9, c_ours = 1e9;
  long base_rss, peak_bare = 0, peak_ours = 0;
  GStatBuf st_bare, st_ours;
  int round_;

  /* Best of two runs each, interleaved. */
  for (round_ = 0; round_ < 2; round_++)
    {
      base_rss = rss_kib ();
      reset_peak ();
      t0 = g_get_monotonic_time ();
      c0 = cpu_seconds ();
      write_bare (bare_path, bare);
      c_bare = MIN (c_bare, cpu_seconds () - c0);
      t_bare = MIN (t_bare, (g_get_monotonic_time () - t0) / 1e6);
      peak_bare = MAX (peak_bare, peak_kib () - base_rss);

      base_rss = rss_kib ();
      reset_peak ();
      t0 = g_get_monotonic_time ();
      c0 = cpu_seconds ();
      g_clear_pointer (&report, dabiao_upload_report_free);
      if (!dabiao_upload_write (ours_path, persons, NULL, &report, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      c_ours = MIN (c_ours, cpu_seconds () - c0);
      t_ours = MIN (t_ours, (g_get_monotonic_time () - t0) / 1e6);
      peak_ours = MAX (peak_ours, peak_kib () - base_rss);
    }

  g_stat (bare_path, &st_bare);
  g_stat (ours_path, &st_ours);
  g_print ("upload export, %u students in %u sheets\n", report->n_rows, report->n_sheets);
  g_print ("  bare libxlsxwriter loop: %.2f s CPU (%.2f s wall), %.1f MB file, peak memory +%.1f MB\n",
           c_bare, t_bare, st_bare.st_size / 1e6, peak_bare / 1024.0);
  g_print ("  dabiao_upload_write:     %.2f s CPU (%.2f s wall), %.1f MB file, peak memory +%.1f MB (validation included)\n",
           c_ours, t_ours, st_ours.st_size / 1e6, peak_ours / 1024.0);
  g_print ("  ratio: %.2f× CPU, %.2f× wall (target ≤ 1.3×)\n", c_ours / c_bare, t_ours / t_bare);

  g_unlink (bare_path);
  g_unlink (ours_path);
  g_rmdir (dir);
  return 0;
}
