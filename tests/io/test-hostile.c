/* test-hostile.c: the readers' budgets: every file of the hostile corpus
 * (make-hostile.py, shrunk) is read or refused with the limit named, in
 * bounded memory; limits exactly at and one past Excel's; libfreexl never
 * runs in this process
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The attacker-sized corpus (up to 10 MB each) with peak RSS and time:
 * bench/bench-hostile.c.
 */

#define _GNU_SOURCE 1
#include "config.h"

#include <dlfcn.h>
#include <freexl.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-hostile.h"
#include "dabiao-i18n.h"
#include "dabiao-table.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#endif

static char *tmpdir;

/* Peak RSS a reader may reach on the shrunk corpus (the bench holds the
 * full corpus to 300 MB).  Before the budgets, shared-every-row.xlsx alone
 * took ~140 MB here and commas.csv 34 MB per MB of commas. */
#ifdef UNDER_ASAN
#define MAX_RSS_KB (400 * 1024)
#else
#define MAX_RSS_KB (100 * 1024)
#endif

/* ---- libfreexl stays out of this process ------------------------------- */

/* Every call the reader could make to libfreexl in this process goes
 * through here first (the executable's symbol wins over the library's). */
static int freexl_calls;

int
freexl_open (const char *path, const void **handle)
{
  int (*real) (const char *, const void **) = dlsym (RTLD_NEXT, "freexl_open");

  freexl_calls++;
  return real (path, handle);
}

static void
test_xls_in_child (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "three.xls", NULL);
  g_autofree char *declared = g_build_filename (tmpdir, "xls-declared.xls", NULL);
  g_autofree char *crash = g_test_build_filename (G_TEST_DIST, "data", "io", "freexl-crash.xls", NULL);
  const char *python = g_getenv ("DABIAO_PYTHON");
  const char *argv[] = {
    python != NULL ? python : "/usr/bin/python3", "-c",
    "import sys, xlwt\n"
    "b = xlwt.Workbook()\n"
    "for i in range(3):\n"
    "    s = b.add_sheet('表%d' % (i + 1))\n"
    "    s.write(0, 0, '姓名'); s.write(0, 1, '身高')\n"
    "    for r in range(1, 200):\n"
    "        s.write(r, 0, '学生%d-%d' % (i, r)); s.write(r, 1, 150 + r / 10)\n"
    "b.save(sys.argv[1])\n",
    path, NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = NULL;
  g_auto(GStrv) sheets = NULL;
  int status = 0;
  guint rows = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  /* The sheet asked for, every cell, streamed from the child. */
  reader = dabiao_table_reader_open (path, "表3", &error);
  g_assert_no_error (error);
  sheets = dabiao_table_reader_list_sheets (reader);
  g_assert_cmpuint (g_strv_length (sheets), ==, 3);
  g_assert_cmpstr (sheets[2], ==, "表3");
  g_assert_cmpstr (dabiao_table_reader_get_headers (reader)[1], ==, "身高");
  while (dabiao_table_reader_next_row (reader, &error))
    {
      g_autofree char *name = g_strdup_printf ("学生2-%u", rows + 1);

      g_assert_cmpstr (dabiao_table_reader_get_cell (reader, 0)->text, ==, name);
      g_assert_cmpfloat_with_epsilon (dabiao_table_reader_get_cell (reader, 1)->number,
                                      150 + (rows + 1) / 10.0, 1e-9);
      g_assert_cmpuint (dabiao_table_reader_get_row (reader), ==, rows + 2);
      rows++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 199);
  g_clear_pointer (&reader, dabiao_table_reader_free);

  /* 20 sheets of 65,536 × 256 declared cells (5 GB and 86 s for libfreexl
   * on its own): refused at once, by the child's memory limit. */
  reader = dabiao_table_reader_open (declared, NULL, &error);
  g_assert_null (reader);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_assert_nonnull (strstr (error->message, "xls-declared.xls"));
  g_clear_error (&error);

  /* A file libfreexl crashes on: refused, this process unharmed. */
  reader = dabiao_table_reader_open (crash, NULL, &error);
  g_assert_null (reader);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_assert_nonnull (strstr (error->message, "freexl-crash.xls"));

  /* Not once in this process. */
  g_assert_cmpint (freexl_calls, ==, 0);
}

/* ---- The corpus -------------------------------------------------------- */

static void
test_corpus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = dabiao_hostile_generate (tmpdir, FALSE, &error);
  guint failures = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (files->len, >=, 19);
  for (guint i = 0; i < files->len; i++)
    {
      const DabiaoHostileFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (tmpdir, file->name, NULL);
      DabiaoHostileResult result;
      gboolean ok;

      dabiao_hostile_read (path, &result);
      ok = dabiao_hostile_as_expected (file, &result) && result.max_rss_kb <= MAX_RSS_KB;
      g_test_message ("%-22s %-16s %s  %6.2f s  %6ld KB  %s%s", file->name, file->expect,
                      ok ? "ok  " : "FAIL", result.seconds, result.max_rss_kb,
                      result.crashed ? "CRASHED " : "",
                      result.read ? "read" : result.message ? result.message : "");
      if (!ok)
        {
          g_printerr ("%s (%s): expected %s, got %s%s (%ld KB)\n", file->name, file->what,
                      file->expect, result.crashed ? "a crash " : "",
                      result.read ? "read" : result.message ? result.message : "nothing",
                      result.max_rss_kb);
          failures++;
        }
      dabiao_hostile_result_clear (&result);
    }
  g_assert_cmpuint (failures, ==, 0);
}

/* ---- Limits exactly ---------------------------------------------------- */

static char *
write_file (const char *name,
            GString    *content)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, content->str, content->len, &error);
  g_assert_no_error (error);
  return path;
}

static GError *
read_all (const char *path,
          guint      *rows)
{
  GError *error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);

  *rows = 0;
  if (reader == NULL)
    return error;
  while (dabiao_table_reader_next_row (reader, &error))
    (*rows)++;
  return error;
}

static void
test_csv_columns (void)
{
  g_autoptr(GString) csv = g_string_new ("姓名");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  guint rows;

  for (guint i = 1; i < 16384; i++)
    g_string_append (csv, ",x");
  g_string_append (csv, "\n张三");
  for (guint i = 1; i < 16384; i++)
    g_string_append (csv, ",1");
  g_string_append (csv, "\n");
  path = write_file ("cols-ok.csv", csv);
  error = read_all (path, &rows);
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 1);

  /* One more in the second data row. */
  g_string_append (csv, "李四");
  for (guint i = 1; i <= 16384; i++)
    g_string_append (csv, ",1");
  g_string_append (csv, "\n");
  g_free (path);
  path = write_file ("cols-over.csv", csv);
  error = read_all (path, &rows);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_assert_cmpuint (rows, ==, 1);
  g_assert_nonnull (strstr (error->message, "cols-over.csv"));
  g_assert_nonnull (strstr (error->message, "16384"));
  g_assert_nonnull (strstr (error->message, "3")); /* row 3 */
}

static void
test_csv_cell (void)
{
  g_autoptr(GString) csv = g_string_new ("学籍号,姓名\nG1,");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  guint rows;

  for (guint i = 0; i < 32767; i++)
    g_string_append (csv, "名");
  g_string_append (csv, "\nG2,\"");
  for (guint i = 0; i < 32768; i++)
    g_string_append (csv, "名");
  g_string_append (csv, "\"\n");
  path = write_file ("cell.csv", csv);
  error = read_all (path, &rows);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_assert_cmpuint (rows, ==, 1);
  /* File, row 3 and the column by its header. */
  g_assert_nonnull (strstr (error->message, "cell.csv"));
  g_assert_nonnull (strstr (error->message, "3"));
  g_assert_nonnull (strstr (error->message, "姓名"));
  g_assert_nonnull (strstr (error->message, "32767"));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dabiao-hostile-XXXXXX", NULL);

  g_test_add_func ("/dabiao/table/hostile/corpus", test_corpus);
  g_test_add_func ("/dabiao/table/hostile/xls-in-child", test_xls_in_child);
  g_test_add_func ("/dabiao/table/hostile/csv-columns", test_csv_columns);
  g_test_add_func ("/dabiao/table/hostile/csv-cell", test_csv_cell);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
