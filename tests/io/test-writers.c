/* test-writers.c: writers that never lie: CSV formula escaping, Excel's
 * limits refused before writing (naming row, person and column), sheet
 * names checked as Excel does
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-table.h"
#include "dabiao-xlsx.h"

static char *tmpdir;

/* Each text, as add_string() writes it to CSV. */
static void
test_csv_formulas (void)
{
  static const struct { const char *text; const char *csv; } cases[] = {
    { "=HYPERLINK(\"http://evil/\",\"点我\")", "\"'=HYPERLINK(\"\"http://evil/\"\",\"\"点我\"\")\"" },
    { "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
    { "+1+2", "'+1+2" },
    { "-1+2", "'-1+2" },
    { "-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0" },
    { "@SUM(A1:A9)", "'@SUM(A1:A9)" },
    { "\t=1", "'\t=1" },
    { "\r=1", "\"'\r=1\"" },
    { "=", "'=" },
    { "-", "'-" },
    { "-5", "-5" },
    { "+3.5", "+3.5" },
    { "-0.25", "-0.25" },
    { "张三", "张三" },
    { "a=b", "a=b" },
    { "G001", "G001" },
  };
  g_autofree char *path = g_build_filename (tmpdir, "formulas.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, NULL, &error);
  g_autofree char *contents = NULL;
  g_autoptr(GString) expected = g_string_new ("\xEF\xBB\xBF");

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      dabiao_table_writer_add_string (writer, cases[i].text);
      g_assert_true (dabiao_table_writer_end_row (writer, &error));
      g_string_append_printf (expected, "%s\r\n", cases[i].csv);
    }
  /* Numbers are numbers: never escaped. */
  dabiao_table_writer_add_number (writer, -5, 1);
  dabiao_table_writer_add_fixed (writer, -125, 2);
  g_assert_true (dabiao_table_writer_end_row (writer, &error));
  g_string_append (expected, "-5.0,-1.25\r\n");
  g_assert_true (dabiao_table_writer_close (writer, &error));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected->str);

  /* A file only this program reads back may keep the text as it is. */
  g_clear_pointer (&writer, dabiao_table_writer_free);
  writer = dabiao_table_writer_new (path, NULL, &error);
  dabiao_table_writer_set_escape_formulas (writer, FALSE);
  dabiao_table_writer_add_string (writer, "=1+2");
  g_assert_true (dabiao_table_writer_close (writer, &error));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "\xEF\xBB\xBF=1+2\r\n");
}

/* A text over 32,767 characters is refused with the row, who it is about
 * and the column; the target is not written (libxlsxwriter alone wrote an
 * empty cell and reported success). */
static void
test_xlsx_long_text (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "long.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, "名单", &error);
  g_autoptr(GString) name = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < 32767; i++)
    g_string_append (name, "长");
  dabiao_table_writer_add_string (writer, "学籍号");
  dabiao_table_writer_add_string (writer, "姓名");
  g_assert_true (dabiao_table_writer_end_row (writer, &error));
  dabiao_table_writer_add_string (writer, "G001");
  dabiao_table_writer_add_string (writer, name->str);   /* exactly the limit: fine */
  g_assert_true (dabiao_table_writer_end_row (writer, &error));
  g_string_append (name, "长");
  dabiao_table_writer_set_row_label (writer, "G002");
  dabiao_table_writer_add_string (writer, "G002");
  dabiao_table_writer_add_string (writer, name->str);
  g_assert_false (dabiao_table_writer_end_row (writer, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT);
  g_assert_nonnull (strstr (error->message, "long.xlsx"));
  g_assert_nonnull (strstr (error->message, "3"));
  g_assert_nonnull (strstr (error->message, "G002"));
  g_assert_nonnull (strstr (error->message, "姓名"));
  g_assert_nonnull (strstr (error->message, "32768"));
  g_clear_error (&error);
  g_assert_false (dabiao_table_writer_close (writer, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* 1,048,576 rows (the header included) are written; one more is refused
 * before it is written, and nothing is left at the target. */
static void
test_xlsx_rows (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "rows.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, NULL, &error);

  g_assert_no_error (error);
  for (guint r = 0; r < DABIAO_XLSX_MAX_ROWS; r++)
    {
      dabiao_table_writer_add_fixed (writer, r, 0);
      if (!dabiao_table_writer_end_row (writer, &error))
        g_error ("row %u: %s", r + 1, error->message);
    }
  dabiao_table_writer_add_fixed (writer, 1, 0);
  g_assert_false (dabiao_table_writer_end_row (writer, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT);
  g_assert_nonnull (strstr (error->message, "1048576"));
  g_clear_error (&error);
  g_assert_false (dabiao_table_writer_close (writer, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_sheet_names (void)
{
  static const char *const good[] = { "11010101", "名单", "Sheet1", "a'b", "ab", "ABC", NULL };
  static const char *const bad[] = {
    "", "a/b", "a\\b", "a[1]", "a:b", "a*", "a?", "'ab", "ab'", "History", "history",
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", /* 32 */
  };
  static const char *const twins[] = { "11010101", "ab", "AB" };
  static const char *const wide_twins[] = { "Ａb", "ａB" };
  g_autoptr(GError) error = NULL;

  g_assert_true (dabiao_xlsx_check_sheet_names ("x.xlsx", good, g_strv_length ((char **) good), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *why = dabiao_xlsx_sheet_name_problem (bad[i]);

      if (why == NULL)
        g_error ("“%s” passed", bad[i]);
      g_assert_false (dabiao_xlsx_check_sheet_names ("x.xlsx", &bad[i], 1, &error));
      g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }
  /* Excel does not tell "ab" from "AB": the crash of `export upload`. */
  g_assert_false (dabiao_xlsx_check_sheet_names ("上报.xlsx", twins, 3, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "上报.xlsx"));
  g_assert_nonnull (strstr (error->message, "ab"));
  g_assert_nonnull (strstr (error->message, "AB"));
  g_clear_error (&error);
  g_assert_false (dabiao_xlsx_check_sheet_names ("x.xlsx", wide_twins, 2, &error));
  g_clear_error (&error);

  /* The table writer refuses them before creating anything. */
  {
    g_autofree char *path = g_build_filename (tmpdir, "sheet.xlsx", NULL);
    g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, "'x'", &error);

    g_assert_null (writer);
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dabiao-writers-XXXXXX", NULL);

  g_test_add_func ("/dabiao/table/writers/csv-formulas", test_csv_formulas);
  g_test_add_func ("/dabiao/table/writers/xlsx-long-text", test_xlsx_long_text);
  g_test_add_func ("/dabiao/table/writers/xlsx-rows", test_xlsx_rows);
  g_test_add_func ("/dabiao/table/writers/sheet-names", test_sheet_names);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
