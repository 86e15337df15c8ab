/* bench-score.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Benchmark of `dabiao-cli score`: N generated rows (default 1,000,000; env
 * DABIAO_BENCH_ROWS) in the national upload layout, csv → csv, streaming.
 *
 * Baseline: the same CSV read and written with the same table reader and
 * writer, without scoring (this program, `copy` mode, in a child process).
 * Measured: `dabiao-cli score --standard student-2014` in a child process.
 * Prints rows/s, peak RSS of each child (wait4), and the ratio of times.
 * Targets: ratio ≤ 1.5, peak RSS < 50 MB.  Exits non-zero if a target is
 * missed (so `meson test --benchmark` shows it). */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "dabiao-table.h"

extern char **environ;

#define N_RUNS 5

static const char *header =
  "年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身高,体重,肺活量,50米跑,"
  "坐位体前屈,一分钟跳绳,一分钟仰卧起坐,50米×8往返跑,立定跳远,800米跑,1000米跑,引体向上\r\n";

static void
generate (const char *path,
          guint       n_rows)
{
  static const int grades[] = { 11, 12, 13, 14, 15, 16, 21, 22, 23, 31, 32, 33, 41, 42, 43, 44 };
  GRand *rand = g_rand_new_with_seed (2014);
  FILE *f = fopen (path, "wb");
  GString *line = g_string_sized_new (256);

  g_assert_nonnull (f);
  fputs ("\xEF\xBB\xBF", f);
  fputs (header, f);
  for (guint i = 0; i < n_rows; i++)
    {
      int grade = grades[g_rand_int_range (rand, 0, G_N_ELEMENTS (grades))];
      int sex = g_rand_int_range (rand, 1, 3);
      double height = g_rand_double_range (rand, 110, 190);
      double weight = height * height / 10000 * g_rand_double_range (rand, 13, 30);
      gboolean primary = grade < 20;

      g_string_printf (line, "%d,%d01,%d班,G%08u,01,学生%u,%d,2008/3/1,某地,%.1f,%.1f,%d,%.1f,%.1f,",
                       grade, grade, grade, i, i, sex, height, weight,
                       g_rand_int_range (rand, 600, 5500), g_rand_double_range (rand, 6.5, 13),
                       g_rand_double_range (rand, -5, 26));
      if (primary)
        g_string_append_printf (line, "%d,%s,%s,,,,\r\n", g_rand_int_range (rand, 20, 200),
                                grade >= 13 ? "35" : "",
                                grade >= 15 ? "1.52" : "");
      else if (sex == 1)
        g_string_append_printf (line, ",,,%d,,%d.%02d,%d\r\n", g_rand_int_range (rand, 150, 280),
                                g_rand_int_range (rand, 3, 6), g_rand_int_range (rand, 0, 60),
                                g_rand_int_range (rand, 0, 25));
      else
        g_string_append_printf (line, ",%d,,%d,%d.%02d,,\r\n", g_rand_int_range (rand, 10, 60),
                                g_rand_int_range (rand, 120, 220),
                                g_rand_int_range (rand, 3, 6), g_rand_int_range (rand, 0, 60));
      fwrite (line->str, 1, line->len, f);
    }
  g_assert_cmpint (fclose (f), ==, 0);
  g_string_free (line, TRUE);
  g_rand_free (rand);
}

/* The baseline: read and write every cell with the shared table code;
 * with @extra > 0, also @extra cells of "0" per row (the width of the
 * scored output, to tell writing cost from scoring cost). */
static int
copy (const char *in,
      const char *out,
      guint       extra)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (in, NULL, &error);
  g_autoptr(DabiaoTableWriter) writer = NULL;
  guint n;

  if (reader == NULL)
    goto fail;
  writer = dabiao_table_writer_new (out, NULL, &error);
  if (writer == NULL)
    goto fail;
  n = dabiao_table_reader_get_n_columns (reader);
  for (guint c = 0; c < n; c++)
    dabiao_table_writer_add_string (writer, dabiao_table_reader_get_headers (reader)[c]);
  for (guint c = 0; c < extra; c++)
    dabiao_table_writer_add_string (writer, "x");
  if (!dabiao_table_writer_end_row (writer, &error))
    goto fail;
  while (dabiao_table_reader_next_row (reader, &error))
    {
      for (guint c = 0; c < n; c++)
        dabiao_table_writer_add_cell (writer, dabiao_table_reader_get_cell (reader, c));
      for (guint c = 0; c < extra; c++)
        dabiao_table_writer_add_string (writer, "0");
      if (!dabiao_table_writer_end_row (writer, &error))
        goto fail;
    }
  if (error != NULL || !dabiao_table_writer_close (writer, &error))
    goto fail;
  return 0;

fail:
  g_printerr ("bench-score: %s\n", error->message);
  return 1;
}

/* Runs a child; returns its wall and CPU (user + system) time in seconds
 * and peak RSS in KiB. */
static gboolean
run_child (char   **argv,
           double  *seconds,
           double  *cpu,
           long    *max_rss_kib)
{
  pid_t pid;
  int status;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();

  if (posix_spawn (&pid, argv[0], NULL, NULL, argv, environ) != 0)
    return FALSE;
  if (wait4 (pid, &status, 0, &usage) < 0)
    return FALSE;
  *seconds = (g_get_monotonic_time () - start) / 1e6;
  *cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  *max_rss_kib = usage.ru_maxrss;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

int
main (int   argc,
      char *argv[])
{
  const char *rows_env = g_getenv ("DABIAO_BENCH_ROWS");
  guint n_rows = rows_env != NULL ? (guint) g_ascii_strtoull (rows_env, NULL, 10) : 1000000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *in = NULL, *out_copy = NULL, *out_score = NULL;
  g_autofree char *self = NULL;
  const char *cli = g_getenv ("DABIAO_CLI");
  double t_copy = G_MAXDOUBLE, t_score = G_MAXDOUBLE;
  double c_copy = G_MAXDOUBLE, c_score = G_MAXDOUBLE;
  double t_wide = G_MAXDOUBLE, c_wide = G_MAXDOUBLE;
  long rss_copy = 0, rss_score = 0;
  double ratio, cpu_ratio;
  gboolean ok = TRUE;

  /* g_print() converts to the locale's charset: without this, "≤" is "?". */
  setlocale (LC_ALL, "");

  /* For profiling by hand: bench-score generate FILE N. */
  if (argc == 4 && g_str_equal (argv[1], "generate"))
    {
      generate (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
      return 0;
    }
  if (argc == 4 && g_str_equal (argv[1], "copy"))
    return copy (argv[2], argv[3], 0);
  if (argc == 5 && g_str_equal (argv[1], "copy-wide"))
    return copy (argv[2], argv[3], atoi (argv[4]));

  if (cli == NULL)
    {
      g_printerr ("bench-score: DABIAO_CLI is not set\n");
      return 1;
    }

  dir = g_dir_make_tmp ("dabiao-bench-XXXXXX", &error);
  g_assert_no_error (error);
  in = g_build_filename (dir, "in.csv", NULL);
  out_copy = g_build_filename (dir, "copy.csv", NULL);
  out_score = g_build_filename (dir, "scored.csv", NULL);
  self = g_file_read_link ("/proc/self/exe", NULL);

  generate (in, n_rows);

  {
    char *copy_argv[] = { self, (char *) "copy", in, out_copy, NULL };
    /* The 17 columns dabiao-cli score adds for student-2014. */
    char *wide_argv[] = { self, (char *) "copy-wide", in, out_copy, (char *) "17", NULL };
    char *score_argv[] = { (char *) cli, (char *) "score", (char *) "--standard", (char *) "student-2014",
                           (char *) "--quiet", in, (char *) "-o", out_score, NULL };

    /* Alternate them, best of N_RUNS each (the page cache is warm after
     * the first run; the best run is the least disturbed by other load:
     * on a shared 2-core machine single runs of the same binary vary by
     * ±25 %). */
    for (int i = 0; i < N_RUNS; i++)
      {
        double t, c;
        long rss;

        ok &= run_child (copy_argv, &t, &c, &rss);
        t_copy = MIN (t_copy, t);
        c_copy = MIN (c_copy, c);
        rss_copy = MAX (rss_copy, rss);
        ok &= run_child (score_argv, &t, &c, &rss);
        t_score = MIN (t_score, t);
        c_score = MIN (c_score, c);
        rss_score = MAX (rss_score, rss);
        ok &= run_child (wide_argv, &t, &c, &rss);
        t_wide = MIN (t_wide, t);
        c_wide = MIN (c_wide, c);
      }
  }

  ratio = t_score / t_copy;
  cpu_ratio = c_score / c_copy;
  g_print ("rows: %u (best of %d runs each)\n", n_rows, N_RUNS);
  g_print ("baseline (read + write the same CSV, no scoring): %.2f s wall, %.2f s CPU, %.0f rows/s, peak RSS %.1f MB\n",
           t_copy, c_copy, n_rows / t_copy, rss_copy / 1024.0);
  g_print ("dabiao-cli score: %.2f s wall, %.2f s CPU, %.0f rows/s, peak RSS %.1f MB\n",
           t_score, c_score, n_rows / t_score, rss_score / 1024.0);
  g_print ("ratio score/baseline: %.2f wall, %.2f CPU (target ≤ 1.5); peak RSS target < 50 MB\n",
           ratio, cpu_ratio);
  g_print ("for reference, copying with the output's width (+17 columns): %.2f s wall, %.2f s CPU; "
           "score/that: %.2f CPU (the cost of scoring itself)\n", t_wide, c_wide, c_score / c_wide);

  g_unlink (in);
  g_unlink (out_copy);
  g_unlink (out_score);
  g_rmdir (dir);

  if (!ok)
    {
      g_printerr ("bench-score: a child failed\n");
      return 1;
    }
  /* CPU time decides: on a shared machine wall time mostly measures the
   * other processes. */
  return cpu_ratio <= 1.5 && rss_score < 50 * 1024 ? 0 : 1;
}
