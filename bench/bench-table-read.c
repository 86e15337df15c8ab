/* bench-table-read.c: reading a 100,000-row roster, ours against openpyxl
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a roster in the national student layout (年级编号, 班级编号, 班级名称,
 * 学籍号, 民族代码, 姓名, 性别, 出生日期, 家庭住址, 身份证号) twice: with our
 * writer (libxlsxwriter, inline strings) and with shared strings, as Excel
 * and WPS write them (bench/make-shared-xlsx.py).  Each file is then read by our reader and by
 * Debian's python3 + openpyxl in read_only mode merely iterating the rows,
 * each in its own child process, so that each gets its own time and peak
 * RSS.  Also times the CSV reader on the same rows.  Target (issue 4): ours
 * at least 5× faster; the benchmark fails below that.  The ratio is taken on
 * CPU time (user + system of each child), which a busy machine disturbs far
 * less than wall time; both are printed.
 *
 *   bench-table-read [ROWS]        (default 100000; env DABIAO_PYTHON)
 *   bench-table-read read FILE     (the child: read every cell, print a sum)
 *   bench-table-read write FILE N  (write an N-row roster, for profiling)
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "dabiao-table.h"

static const char openpyxl_read[] =
  "import sys, openpyxl\n"
  "wb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
  "n = 0\n"
  "for row in wb.worksheets[0].iter_rows(values_only=True):\n"
  "    n += 1\n"
  "print(n)\n";

static const char *const headers[] = {
  "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址", "身份证号",
};

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭" };
static const char *const given[] = { "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞" };
static const char *const streets[] = { "人民路", "解放路", "建设路", "中山路", "和平街", "长江路", "黄河路", "新华街" };

static void
write_roster (const char *path,
              guint       n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, "11010101", &error);
  GRand *rand = g_rand_new_with_seed (42);
  GDate birth;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    dabiao_table_writer_add_string (writer, headers[i]);
  dabiao_table_writer_end_row (writer, &error);
  g_date_clear (&birth, 1);

  for (guint r = 0; r < n_rows; r++)
    {
      static const int grades[] = { 11, 12, 13, 14, 15, 16, 21, 22, 23, 31, 32, 33 };
      int grade = grades[g_rand_int_range (rand, 0, G_N_ELEMENTS (grades))];
      int class = g_rand_int_range (rand, 1, 13);
      char buf[128];
      int sex = g_rand_int_range (rand, 1, 3);

      dabiao_table_writer_add_number (writer, grade, 0);
      dabiao_table_writer_add_number (writer, grade * 100 + class, 0);
      g_snprintf (buf, sizeof buf, "%d级%d班", grade, class);
      dabiao_table_writer_add_string (writer, buf);
      g_snprintf (buf, sizeof buf, "G1101052012%08u", r);
      dabiao_table_writer_add_string (writer, buf);
      dabiao_table_writer_add_string (writer, r % 20 ? "01" : "03");
      g_snprintf (buf, sizeof buf, "%s%s", surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                  given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
      dabiao_table_writer_add_string (writer, buf);
      dabiao_table_writer_add_number (writer, sex, 0);
      g_date_set_dmy (&birth, g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 1, 13),
                      g_rand_int_range (rand, 2005, 2019));
      dabiao_table_writer_add_date (writer, &birth);
      g_snprintf (buf, sizeof buf, "北京市东城区%s%d号%d单元%d室",
                  streets[g_rand_int_range (rand, 0, G_N_ELEMENTS (streets))],
                  g_rand_int_range (rand, 1, 300), g_rand_int_range (rand, 1, 7), g_rand_int_range (rand, 101, 1802));
      dabiao_table_writer_add_string (writer, buf);
      g_snprintf (buf, sizeof buf, "110101%04d%02d%02d%03u%c", g_date_get_year (&birth),
                  g_date_get_month (&birth), g_date_get_day (&birth), r % 1000, "0123456789X"[r % 11]);
      dabiao_table_writer_add_string (writer, buf);
      if (!dabiao_table_writer_end_row (writer, &error))
        g_error ("%s", error->message);
    }
  if (!dabiao_table_writer_close (writer, &error))
    g_error ("%s", error->message);
  g_rand_free (rand);
}

static int
read_all (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);
  guint rows = 0;
  gsize bytes = 0;
  guint n_columns;

  if (reader == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  n_columns = dabiao_table_reader_get_n_columns (reader);
  while (dabiao_table_reader_next_row (reader, &error))
    {
      for (guint i = 0; i < n_columns; i++)
        bytes += strlen (dabiao_table_reader_get_cell (reader, i)->text);
      rows++;
    }
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%u rows, %" G_GSIZE_FORMAT " bytes of text\n", rows, bytes);
  return 0;
}

typedef struct
{
  double seconds;      /* wall clock */
  double cpu_seconds;  /* user + system: steadier on a busy machine */
  long   max_rss_kb;
} Run;

static Run
run_child (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  GPid pid;
  int status;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  Run run;

  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (wait4 (pid, &status, 0, &usage) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s %s failed", argv[0], argv[1]);
  run.seconds = (g_get_monotonic_time () - start) / 1e6;
  run.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                    usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  run.max_rss_kb = usage.ru_maxrss;
  return run;
}

static void
csv_copy (const char *xlsx,
          const char *csv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (xlsx, NULL, &error);
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (csv, NULL, &error);
  guint n = dabiao_table_reader_get_n_columns (reader);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    dabiao_table_writer_add_string (writer, dabiao_table_reader_get_headers (reader)[i]);
  dabiao_table_writer_end_row (writer, &error);
  while (dabiao_table_reader_next_row (reader, &error))
    {
      for (guint i = 0; i < n; i++)
        dabiao_table_writer_add_string (writer, dabiao_table_reader_get_cell (reader, i)->text);
      dabiao_table_writer_end_row (writer, &error);
    }
  g_assert_no_error (error);
  dabiao_table_writer_close (writer, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        g_unlink (child);
      }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  const char *python = g_getenv ("DABIAO_PYTHON");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *csv = NULL;
  guint n_rows = 100000;
  gint64 start;
  double write_seconds;
  double worst_ratio = G_MAXDOUBLE;

  if (argc == 3 && g_str_equal (argv[1], "read"))
    return read_all (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "write"))
    {
      write_roster (argv[2], strtoul (argv[3], NULL, 10));
      return 0;
    }
  if (argc == 2)
    n_rows = strtoul (argv[1], NULL, 10);
  if (python == NULL)
    python = "/usr/bin/python3";

  dir = g_dir_make_tmp ("dabiao-bench-table-XXXXXX", NULL);
  ours = g_build_filename (dir, "roster-ours.xlsx", NULL);
  theirs = g_build_filename (dir, "roster-shared.xlsx", NULL);
  csv = g_build_filename (dir, "roster.csv", NULL);

  start = g_get_monotonic_time ();
  write_roster (ours, n_rows);
  write_seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("wrote %u rows with our xlsx writer (constant_memory): %.2f s\n", n_rows, write_seconds);
  csv_copy (ours, csv);
  {
    g_autofree char *script = g_build_filename (BENCH_SOURCE_DIR, "make-shared-xlsx.py", NULL);
    const char *const argv_write[] = { python, script, csv, theirs, NULL };
    Run run = run_child (argv_write);

    g_print ("wrote the same rows with shared strings (Python zipfile): %.2f s\n", run.seconds);
  }

  {
    const char *const files[] = { ours, theirs };
    const char *const labels[] = { "written by us (inline strings)", "with shared strings (as Excel writes)" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        const char *const argv_ours[] = { self, "read", files[i], NULL };
        const char *const argv_python[] = { python, "-c", openpyxl_read, files[i], NULL };
        Run a = run_child (argv_ours);
        Run b = run_child (argv_python);
        double ratio = b.cpu_seconds / a.cpu_seconds;
        GStatBuf st;

        g_stat (files[i], &st);
        g_print ("\nread %u-row roster xlsx %s, %.1f MB:\n", n_rows, labels[i], st.st_size / 1e6);
        g_print ("  dabiao reader:               %6.2f s wall %6.2f s CPU   peak RSS %6.1f MB\n",
                 a.seconds, a.cpu_seconds, a.max_rss_kb / 1024.0);
        g_print ("  openpyxl read_only iterate:  %6.2f s wall %6.2f s CPU   peak RSS %6.1f MB\n",
                 b.seconds, b.cpu_seconds, b.max_rss_kb / 1024.0);
        g_print ("  ratio (openpyxl / ours, CPU time): %.1fx, wall: %.1fx   (target >= 5x)\n",
                 ratio, b.seconds / a.seconds);
        worst_ratio = MIN (worst_ratio, ratio);
      }
  }
  {
    const char *const argv_csv[] = { self, "read", csv, NULL };
    Run run = run_child (argv_csv);

    g_print ("\nread the same rows as CSV: %.2f s wall, %.2f s CPU (%.0f rows/s), peak RSS %.1f MB\n",
             run.seconds, run.cpu_seconds, n_rows / run.cpu_seconds, run.max_rss_kb / 1024.0);
  }

  remove_tree (dir);
  if (worst_ratio < 5)
    {
      g_print ("FAIL: ours is only %.1fx faster than openpyxl (target >= 5x)\n", worst_ratio);
      return 1;
    }
  return 0;
}
