/* test-xlsx.c: the XLSX reader and writer, against openpyxl and hand-built
 * workbooks (tests/io/xlsx-helper.py), and the XLS reader against xlwt
 * (tests/io/xls-helper.py)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-table.h"

static char *tmpdir;
static const char *python;
static gboolean have_fixtures;
static gboolean have_xls_fixtures;

static char *
fixture (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static gboolean
run_python (const char  *script,
            const char  *command,
            const char  *arg,
            char       **out)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "io", script, NULL);
  const char *argv[] = { python, path, command, arg, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     out, &err, &status, &error))
    {
      g_test_message ("%s: %s", script, error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s %s failed: %s", script, command, err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
need_fixtures (gboolean xls)
{
  if (!(xls ? have_xls_fixtures : have_fixtures))
    {
      g_test_skip (xls ? "needs $DABIAO_PYTHON with xlwt (python3-xlwt)"
                       : "needs $DABIAO_PYTHON with openpyxl (python3-openpyxl)");
      return FALSE;
    }
  return TRUE;
}

/* Rows as "row:kind text|kind text|…", kinds e/s/n/d. */
static char *
dump_reader (DabiaoTableReader *reader,
             guint              n_columns)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  static const char kinds[] = "esnd";

  while (dabiao_table_reader_next_row (reader, &error))
    {
      g_string_append_printf (out, "%u:", dabiao_table_reader_get_row (reader));
      for (guint i = 0; i < n_columns; i++)
        {
          const DabiaoCell *cell = dabiao_table_reader_get_cell (reader, i);

          g_string_append_printf (out, "%s%c %s", i ? "|" : "", kinds[cell->kind], cell->text);
        }
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static DabiaoTableReader *
open_ok (const char *name,
         const char *sheet)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  DabiaoTableReader *reader = dabiao_table_reader_open (path, sheet, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

static void
assert_message (const GError *error,
                int           code,
                const char   *name,
                guint         row)
{
  g_assert_nonnull (error);
  g_test_message ("message: %s", error->message);
  g_assert_error (error, DABIAO_ERROR, code);
  g_assert_nonnull (strstr (error->message, name));
  if (row > 0)
    {
      g_autofree char *needle = g_strdup_printf ("第 %u 行", row);

      g_assert_nonnull (strstr (error->message, needle));
    }
}

/* ---- Reading workbooks written by others -------------------------------- */

static void
test_read_openpyxl (void)
{
  g_autoptr(DabiaoTableReader) reader = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) sheets = NULL;
  const char * const *headers;

  if (!need_fixtures (FALSE))
    return;

  reader = open_ok ("openpyxl.xlsx", NULL);
  headers = dabiao_table_reader_get_headers (reader);
  g_assert_cmpuint (dabiao_table_reader_get_n_columns (reader), ==, 7);
  g_assert_cmpstr (headers[0], ==, "年级编号");
  g_assert_cmpstr (headers[6], ==, "民族代码");
  g_assert_null (headers[7]);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "出生日期"), ==, 3);

  sheets = dabiao_table_reader_list_sheets (reader);
  g_assert_cmpuint (g_strv_length (sheets), ==, 3);
  g_assert_cmpstr (sheets[0], ==, "学校1");
  g_assert_cmpstr (sheets[1], ==, "第二页");
  g_assert_cmpstr (sheets[2], ==, "隐藏");

  out = dump_reader (reader, 7);
  g_assert_cmpstr (out, ==,
                   "2:n 11|s 张三|n 172.5|d 2012-03-05|s G110101201203050011|s TRUE|s 01\n"
                   "3:n 12|s 李四|n 3.45|d 2011-12-31 12:30:00|s L1101|s FALSE|s 02\n"
                   "5:e |e |n 0.3|e |s 带空格|e |e \n"
                   "6:n 1101|e |n 1e-05|d 1900-01-01|d 1900-03-01|n 42|e \n");

  /* The numbers behind the texts. */
  {
    g_autoptr(DabiaoTableReader) again = open_ok ("openpyxl.xlsx", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (dabiao_table_reader_next_row (again, &error));
    g_assert_cmpfloat (dabiao_table_reader_get_cell (again, 2)->number, ==, 172.5);
    g_assert_cmpfloat (dabiao_table_reader_get_cell (again, 3)->number, ==, 40973);
    g_assert_true (dabiao_table_reader_next_row (again, &error));
    g_assert_cmpfloat (fabs (dabiao_table_reader_get_cell (again, 3)->number - (40908.5 + 1 / 48.0)), <, 1e-6);
    g_assert_true (dabiao_table_reader_next_row (again, &error));
    g_assert_true (dabiao_table_reader_next_row (again, &error));
    g_assert_cmpfloat (dabiao_table_reader_get_cell (again, 3)->number, ==, 1);
    g_assert_cmpfloat (dabiao_table_reader_get_cell (again, 4)->number, ==, 61);
    g_assert_false (dabiao_table_reader_next_row (again, &error));
    g_assert_no_error (error);
  }

  /* Another sheet by name; a sheet that is not there. */
  {
    g_autoptr(DabiaoTableReader) second = open_ok ("openpyxl.xlsx", "第二页");
    g_autofree char *path = fixture ("openpyxl.xlsx");
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoTableReader) none = NULL;

    g_assert_cmpstr (dabiao_table_reader_get_headers (second)[0], ==, "表头");
    none = dabiao_table_reader_open (path, "三", &error);
    g_assert_null (none);
    assert_message (error, DABIAO_ERROR_NOT_FOUND, "openpyxl.xlsx", 0);
    g_assert_nonnull (strstr (error->message, "第二页"));
  }
}

static const char manual_rows[] =
  "2:s 王 小明|s 富文本|d 2012-03-04|d 2012-03-04|n 1.5|n 12.5|d 2012-03-04|n 0.5|d 2012-03-04|n 7|d 2012-03-04|n 0.25|n 2.5|n -3\n"
  "4:s A&B <C> 中|e |s TRUE|s #DIV/0!|s 公式|d 2012-03-05|n 0.001|e |e |e |e |e |e |e \n"
  "7:s 无引用|n 2|e |e |n 3|n 4|e |e |e |e |e |e |e |e \n";

static void
test_read_manual (void)
{
  static const char *const names[] = {
    "manual.xlsx", "manual-strings-first.xlsx", "date1904.xlsx",
  };

  if (!need_fixtures (FALSE))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(DabiaoTableReader) reader = open_ok (names[i], NULL);
      g_autofree char *out = NULL;
      g_auto(GStrv) sheets = dabiao_table_reader_list_sheets (reader);

      g_assert_cmpuint (dabiao_table_reader_get_n_columns (reader), ==, 3);
      g_assert_cmpstr (dabiao_table_reader_get_headers (reader)[2], ==, "值");
      g_assert_cmpstr (sheets[0], ==, "名单");
      out = dump_reader (reader, 14);
      g_test_message ("%s:\n%s", names[i], out);
      if (i == 2)
        {
          /* 1904 dates: the serials are shifted, the dates the same (the
           * t="d" and the 0.25 time-only cell aside). */
          g_assert_nonnull (strstr (out, "2:s 王 小明|s 富文本|d 2012-03-04|d 2012-03-04|n 1.5"));
          continue;
        }
      g_assert_cmpstr (out, ==, manual_rows);
    }
}

static void
open_error (const char *name,
            int         code)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);

  g_assert_null (reader);
  assert_message (error, code, name, 0);
}

static void
rows_error (const char *name,
            guint       good_rows,
            guint       row)
{
  g_autoptr(DabiaoTableReader) reader = open_ok (name, NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  while (dabiao_table_reader_next_row (reader, &error))
    n++;
  g_assert_cmpuint (n, ==, good_rows);
  assert_message (error, DABIAO_ERROR_BAD_FILE, name, row);
}

static void
test_read_malformed (void)
{
  if (!need_fixtures (FALSE))
    return;

  open_error ("truncated.xlsx", DABIAO_ERROR_BAD_FILE);
  open_error ("not-zip.xlsx", DABIAO_ERROR_BAD_FILE);
  open_error ("ole.xlsx", DABIAO_ERROR_BAD_FILE);
  open_error ("no-workbook.xlsx", DABIAO_ERROR_BAD_FILE);
  open_error ("word.xlsx", DABIAO_ERROR_BAD_FILE);
  {
    /* It is named for what it is, not as lacking the part it has. */
    g_autofree char *path = fixture ("word.xlsx");
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);

    g_assert_nonnull (strstr (error->message, "Word"));
    g_assert_null (strstr (error->message, "document.xml"));
  }
  open_error ("no-sheet.xlsx", DABIAO_ERROR_BAD_FILE);
  open_error ("no-sheets.xlsx", DABIAO_ERROR_BAD_FILE);
  open_error ("broken-strings.xlsx", DABIAO_ERROR_BAD_FILE);
  open_error ("empty.xlsx", DABIAO_ERROR_BAD_FILE);
  open_error ("missing.xlsx", DABIAO_ERROR_IO);
  rows_error ("broken-xml.xlsx", 1, 4);
  rows_error ("cut-xml.xlsx", 1, 4);
  rows_error ("bad-string.xlsx", 1, 4);
}

/* ---- Our writer, read back by us and by openpyxl ------------------------ */

static void
write_roster (const char *path,
              guint       n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, "学校1", &error);
  static const char *const headers[] = { "学籍号", "民族代码", "姓名", "身高", "体重", "出生日期", "成绩", "备注" };
  DabiaoCell number = { DABIAO_CELL_NUMBER, "3.45", 3.45 };
  DabiaoCell date = { DABIAO_CELL_DATE, "2012-03-05", 40973 };
  GDate birth;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    dabiao_table_writer_add_string (writer, headers[i]);
  g_assert_true (dabiao_table_writer_end_row (writer, &error));

  g_date_clear (&birth, 1);
  for (guint r = 0; r < n_rows; r++)
    {
      char id[32];

      g_snprintf (id, sizeof id, "G%018u", r);
      g_date_set_dmy (&birth, 1 + r % 28, 1 + r % 12, 2005 + r % 10);
      dabiao_table_writer_add_string (writer, id);
      dabiao_table_writer_add_string (writer, r % 2 ? "01" : "02");
      dabiao_table_writer_add_string (writer, r % 3 ? "张三" : "李 \"四\", <五> & 六");
      dabiao_table_writer_add_number (writer, 150 + r % 40 + 0.45, 1);
      dabiao_table_writer_add_number (writer, 40.125 + r % 7, 2);
      dabiao_table_writer_add_date (writer, &birth);
      dabiao_table_writer_add_cell (writer, r % 2 ? &number : &date);
      if (r % 5 == 0)
        dabiao_table_writer_add_empty (writer);
      else
        dabiao_table_writer_add_number (writer, r, 0);
      g_assert_true (dabiao_table_writer_end_row (writer, &error));
    }
  g_assert_true (dabiao_table_writer_close (writer, &error));
  g_assert_no_error (error);
}

static void
test_write_xlsx (void)
{
  g_autofree char *path = fixture ("ours.xlsx");
  g_autoptr(DabiaoTableReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  write_roster (path, 3);
  reader = open_ok ("ours.xlsx", NULL);
  out = dump_reader (reader, 8);
  g_assert_cmpstr (out, ==,
                   "2:s G000000000000000000|s 02|s 李 \"四\", <五> & 六|n 150.5|n 40.13|d 2005-01-01|d 2012-03-05|e \n"
                   "3:s G000000000000000001|s 01|s 张三|n 151.5|n 41.13|d 2006-02-02|n 3.45|n 1\n"
                   "4:s G000000000000000002|s 02|s 张三|n 152.5|n 42.13|d 2007-03-03|d 2012-03-05|n 2\n");

  /* The same workbook named .xlsm (macro-enabled) reads the same. */
  {
    g_autofree char *xlsm = fixture ("ours.XLSM");
    g_autoptr(DabiaoTableReader) again = NULL;
    g_autofree char *out_xlsm = NULL;

    g_assert_cmpint (rename (path, xlsm), ==, 0);
    again = open_ok ("ours.XLSM", NULL);
    out_xlsm = dump_reader (again, 8);
    g_assert_cmpstr (out_xlsm, ==, out);
    g_assert_cmpint (rename (xlsm, path), ==, 0);
  }

  if (python == NULL)
    return;

  /* openpyxl sees text as text, numbers with their formats, dates as dates
   * shown yyyy/m/d. */
  {
    g_autofree char *dump = NULL;

    g_assert_true (run_python ("xlsx-helper.py", "dump", path, &dump));
    g_assert_cmpstr (dump, ==,
                     "sheet|学校1\n"
                     "A1|str|学籍号|General\nB1|str|民族代码|General\nC1|str|姓名|General\n"
                     "D1|str|身高|General\nE1|str|体重|General\nF1|str|出生日期|General\n"
                     "G1|str|成绩|General\nH1|str|备注|General\n"
                     "A2|str|G000000000000000000|General\nB2|str|02|General\n"
                     "C2|str|李 \"四\", <五> & 六|General\nD2|float|150.5|0.0\nE2|float|40.13|0.00\n"
                     "F2|str|2005-01-01 00:00:00|yyyy/m/d\nG2|str|2012-03-05 00:00:00|yyyy/m/d\n"
                     "A3|str|G000000000000000001|General\nB3|str|01|General\nC3|str|张三|General\n"
                     "D3|float|151.5|0.0\nE3|float|41.13|0.00\nF3|str|2006-02-02 00:00:00|yyyy/m/d\n"
                     "G3|float|3.45|General\nH3|int|1|0\n"
                     "A4|str|G000000000000000002|General\nB4|str|02|General\nC4|str|张三|General\n"
                     "D4|float|152.5|0.0\nE4|float|42.13|0.00\nF4|str|2007-03-03 00:00:00|yyyy/m/d\n"
                     "G4|str|2012-03-05 00:00:00|yyyy/m/d\nH4|int|2|0\n");
  }
}

/* Many rows: the reader streams across many chunks and gets every row. */
static void
test_many_rows (void)
{
  g_autofree char *path = fixture ("many.xlsx");
  g_autoptr(DabiaoTableReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  write_roster (path, 30000);
  reader = open_ok ("many.xlsx", NULL);
  while (dabiao_table_reader_next_row (reader, &error))
    {
      char id[32];

      g_snprintf (id, sizeof id, "G%018u", n);
      g_assert_cmpuint (dabiao_table_reader_get_row (reader), ==, n + 2);
      g_assert_cmpstr (dabiao_table_reader_get_cell (reader, 0)->text, ==, id);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 30000);
}

static void
test_write_errors (void)
{
  g_autofree char *path = fixture ("bad-sheet.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableWriter) writer = NULL;
  GString *big = g_string_new (NULL);

  /* A sheet name Excel refuses. */
  writer = dabiao_table_writer_new (path, "a/b", &error);
  g_assert_null (writer);
  assert_message (error, DABIAO_ERROR_EXPORT, "bad-sheet.xlsx", 0);
  g_assert_nonnull (strstr (error->message, "a/b"));
  g_clear_error (&error);

  /* A cell longer than Excel allows: libxlsxwriter's error, with the row. */
  writer = dabiao_table_writer_new (path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 40000; i++)
    g_string_append_c (big, 'x');
  dabiao_table_writer_add_string (writer, "a");
  g_assert_true (dabiao_table_writer_end_row (writer, &error));
  dabiao_table_writer_add_string (writer, big->str);
  g_assert_false (dabiao_table_writer_end_row (writer, &error));
  assert_message (error, DABIAO_ERROR_EXPORT, "bad-sheet.xlsx", 2);
  g_clear_error (&error);
  g_assert_false (dabiao_table_writer_close (writer, &error));
  g_assert_nonnull (error);
  g_clear_pointer (&writer, dabiao_table_writer_free);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_string_free (big, TRUE);
  g_clear_error (&error);

  /* Not a format we write. */
  writer = dabiao_table_writer_new ("out.xls", NULL, &error);
  g_assert_null (writer);
  assert_message (error, DABIAO_ERROR_EXPORT, "out.xls", 0);
}

/* ---- XLS -------------------------------------------------------------- */

static void
test_read_xls (void)
{
  g_autoptr(DabiaoTableReader) reader = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) sheets = NULL;

  if (!need_fixtures (TRUE))
    return;

  reader = open_ok ("roster.xls", NULL);
  g_assert_cmpuint (dabiao_table_reader_get_n_columns (reader), ==, 7);
  g_assert_cmpstr (dabiao_table_reader_get_headers (reader)[1], ==, "姓名");
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "体重"), ==, 3);
  sheets = dabiao_table_reader_list_sheets (reader);
  g_assert_cmpuint (g_strv_length (sheets), ==, 2);
  g_assert_cmpstr (sheets[0], ==, "1101");
  g_assert_cmpstr (sheets[1], ==, "第二页");
  out = dump_reader (reader, 7);
  g_assert_cmpstr (out, ==,
                   "2:n 11|s 张三|n 172.5|n 45|d 2012-03-05|s 01|d 2012-03-05 12:30:00\n"
                   "3:n 12|s 李四|n 3.45|n -2|d 1999-12-31|s 02|e \n"
                   "5:e |s 跳过一行|e |e |e |e |n 0.001\n");

  {
    g_autoptr(DabiaoTableReader) again = open_ok ("roster.xls", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (dabiao_table_reader_next_row (again, &error));
    g_assert_cmpfloat (dabiao_table_reader_get_cell (again, 4)->number, ==, 40973);
    g_assert_cmpfloat (fabs (dabiao_table_reader_get_cell (again, 6)->number - (40973 + 0.5 + 1 / 48.0)), <, 1e-6);
  }
  {
    g_autoptr(DabiaoTableReader) second = open_ok ("roster.xls", "第二页");
    g_autofree char *path = fixture ("roster.xls");
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoTableReader) none = NULL;

    g_assert_cmpstr (dabiao_table_reader_get_headers (second)[0], ==, "表头");
    none = dabiao_table_reader_open (path, "三", &error);
    g_assert_null (none);
    assert_message (error, DABIAO_ERROR_NOT_FOUND, "roster.xls", 0);
  }

  /* Renamed workbooks: an .xls named .xlsx and an .xlsx named .xls read by
   * their content. */
  {
    g_autoptr(DabiaoTableReader) renamed = open_ok ("xls-named.xlsx", NULL);
    g_autofree char *renamed_out = dump_reader (renamed, 7);

    g_assert_cmpstr (renamed_out, ==, out);
  }
  if (have_fixtures)
    {
      g_autofree char *from = fixture ("openpyxl.xlsx");
      g_autofree char *to = fixture ("xlsx-named.xls");
      g_autofree char *data = NULL;
      gsize len;
      g_autoptr(DabiaoTableReader) renamed = NULL;

      g_assert_true (g_file_get_contents (from, &data, &len, NULL));
      g_assert_true (g_file_set_contents (to, data, len, NULL));
      renamed = open_ok ("xlsx-named.xls", NULL);
      g_assert_cmpstr (dabiao_table_reader_get_headers (renamed)[0], ==, "年级编号");
    }

  open_error ("not-xls.xls", DABIAO_ERROR_BAD_FILE);
  open_error ("html.xls", DABIAO_ERROR_BAD_FILE);
  open_error ("truncated.xls", DABIAO_ERROR_BAD_FILE);
  open_error ("missing.xls", DABIAO_ERROR_IO);
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
  int ret;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("dabiao-test-xlsx-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  python = g_getenv ("DABIAO_PYTHON");
  if (python != NULL && *python != '\0')
    {
      have_fixtures = run_python ("xlsx-helper.py", "make", tmpdir, NULL);
      have_xls_fixtures = run_python ("xls-helper.py", "make", tmpdir, NULL);
    }
  else
    python = NULL;

  g_test_add_func ("/dabiao/table/xlsx/read-openpyxl", test_read_openpyxl);
  g_test_add_func ("/dabiao/table/xlsx/read-manual", test_read_manual);
  g_test_add_func ("/dabiao/table/xlsx/read-malformed", test_read_malformed);
  g_test_add_func ("/dabiao/table/xlsx/write", test_write_xlsx);
  g_test_add_func ("/dabiao/table/xlsx/many-rows", test_many_rows);
  g_test_add_func ("/dabiao/table/xlsx/write-errors", test_write_errors);
  g_test_add_func ("/dabiao/table/xls/read", test_read_xls);

  ret = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return ret;
}
