/* bench-hostile.c: the hostile corpus at full size against the readers'
 * budget (issue 13): any input up to 10 MB is read or refused within
 * 300 MB peak RSS and 60 s
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/io/make-hostile.py --full writes the corpus (DABIAO_PYTHON, with
 * python3-xlwt); each file is read by dabiao_table_reader_*() in a child of
 * its own (peak RSS from wait4, the .xls reader's own child included) and
 * imported as a roster by `dabiao-cli roster import` into a fresh event
 * (peak RSS, time, the event file's size).  The baseline, measured in the
 * same run: a real 100,000-row roster (the national layout, ~10 MB as csv)
 * read the same way; each line prints its time as a ratio to it.  Fails
 * when an input is over 10 MB, crashes, is read when it should be refused
 * (or the other way round), or breaks the budget.
 *
 *   bench-hostile [DIR]     (DIR: keep the corpus there)
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "dabiao-hostile.h"
#include "dabiao-i18n.h"
#include "dabiao-table.h"

#define BUDGET_RSS_KB (300 * 1024)
#define BUDGET_SECONDS 60.0
#define MAX_INPUT_BYTES (10 * 1024 * 1024)

typedef struct
{
  gboolean ok;
  glong    max_rss_kb;
  double   seconds;
  goffset  event_size;
} Import;

/* dabiao-cli roster import into a new event beside the corpus. */
static Import
run_import (const char *dir,
            const char *file)
{
  const char *cli = g_getenv ("DABIAO_CLI");
  g_autofree char *event = g_build_filename (dir, "bench.dabiao", NULL);
  const char *new_argv[] = { cli, "event", "new", event, "--name", "bench", "--standard", "student-2014", NULL };
  const char *argv[] = { cli, "roster", "import", event, file, NULL };
  Import result = { 0, };
  struct rusage usage = { 0, };
  GPid pid;
  int status = 0;
  gint64 start;
  GStatBuf st;

  g_unlink (event);
  if (!g_spawn_sync (NULL, (char **) new_argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) || status != 0)
    return result;
  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, NULL))
    return result;
  while (wait4 (pid, &status, 0, &usage) < 0 && errno == EINTR)
    ;
  result.seconds = (g_get_monotonic_time () - start) / 1e6;
  result.max_rss_kb = usage.ru_maxrss;
  /* Imported (0) or refused with a message (1): both fine; a signal is not. */
  result.ok = WIFEXITED (status) && WEXITSTATUS (status) <= 1;
  if (g_stat (event, &st) == 0)
    result.event_size = st.st_size;
  g_unlink (event);
  return result;
}

/* The baseline: a 100,000-row roster as a person keeps one. */
static void
write_roster (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, NULL, &error);
  static const char *const headers[] = {
    "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址", "身份证号",
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    dabiao_table_writer_add_string (writer, headers[i]);
  dabiao_table_writer_end_row (writer, NULL);
  for (guint r = 0; r < 100000; r++)
    {
      char buf[128];

      dabiao_table_writer_add_fixed (writer, 21 + r % 3, 0);
      dabiao_table_writer_add_fixed (writer, (21 + r % 3) * 100 + r % 12 + 1, 0);
      g_snprintf (buf, sizeof buf, "初%u年级%u班", 1 + r % 3, r % 12 + 1);
      dabiao_table_writer_add_string (writer, buf);
      g_snprintf (buf, sizeof buf, "G1101052012%08u", r);
      dabiao_table_writer_add_string (writer, buf);
      dabiao_table_writer_add_string (writer, "01");
      g_snprintf (buf, sizeof buf, "学生%u", r);
      dabiao_table_writer_add_string (writer, buf);
      dabiao_table_writer_add_fixed (writer, 1 + r % 2, 0);
      dabiao_table_writer_add_string (writer, "2012-09-01");
      dabiao_table_writer_add_string (writer, "北京市海淀区中关村大街 27 号院 3 号楼");
      dabiao_table_writer_add_empty (writer);
      dabiao_table_writer_end_row (writer, NULL);
    }
  dabiao_table_writer_close (writer, &error);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = argc > 1 ? g_strdup (argv[1]) : g_dir_make_tmp ("dabiao-bench-hostile-XXXXXX", NULL);
  g_autofree char *baseline_path = g_build_filename (dir, "baseline-roster.csv", NULL);
  g_autoptr(GPtrArray) files = NULL;
  DabiaoHostileResult baseline;
  guint failures = 0;
  GStatBuf st;

  dabiao_i18n_init ();
  g_mkdir_with_parents (dir, 0755);
  g_print ("corpus in %s\n", dir);
  files = dabiao_hostile_generate (dir, TRUE, &error);
  if (files == NULL)
    {
      g_printerr ("cannot write the corpus: %s\n", error->message);
      return 1;
    }

  write_roster (baseline_path);
  dabiao_hostile_read (baseline_path, &baseline);
  g_stat (baseline_path, &st);
  g_print ("baseline: 100,000-row roster csv, %.1f MB: read %u rows in %.2f s, peak RSS %.1f MB\n\n",
           st.st_size / 1e6, baseline.rows, baseline.seconds, baseline.max_rss_kb / 1024.0);

  g_print ("%-22s %8s  %-14s %9s %9s %7s  %9s %9s %9s  %s\n", "file", "size", "expect", "read RSS", "read s",
           "ratio", "imp. RSS", "import s", "event", "outcome");
  for (guint i = 0; i < files->len; i++)
    {
      const DabiaoHostileFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (dir, file->name, NULL);
      DabiaoHostileResult result;
      Import import;
      gboolean ok;

      g_stat (path, &st);
      dabiao_hostile_read (path, &result);
      import = run_import (dir, path);
      ok = st.st_size <= MAX_INPUT_BYTES && dabiao_hostile_as_expected (file, &result) &&
           result.max_rss_kb <= BUDGET_RSS_KB && result.seconds <= BUDGET_SECONDS &&
           import.ok && import.max_rss_kb <= BUDGET_RSS_KB && import.seconds <= BUDGET_SECONDS;
      g_print ("%-22s %6.2fMB  %-14s %7.1fMB %8.2fs %6.1f×  %7.1fMB %8.2fs %7.1fMB  %s%s\n",
               file->name, st.st_size / 1e6, file->expect,
               result.max_rss_kb / 1024.0, result.seconds, result.seconds / MAX (baseline.seconds, 1e-3),
               import.max_rss_kb / 1024.0, import.seconds, import.event_size / 1e6,
               ok ? "" : "OVER BUDGET OR WRONG: ",
               result.crashed ? "crashed" : result.read ? "read" : result.message);
      if (!ok)
        failures++;
      dabiao_hostile_result_clear (&result);
    }
  dabiao_hostile_result_clear (&baseline);

  g_print ("\n%u of %u inputs within budget (%u MB peak RSS, %.0f s, each read and imported)\n",
           files->len - failures, files->len, BUDGET_RSS_KB / 1024, BUDGET_SECONDS);
  if (argc <= 1)
    {
      const char *rm[] = { "rm", "-rf", dir, NULL };

      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  return failures == 0 ? 0 : 1;
}
