/* test-upload.c: the national upload file, read back with openpyxl.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-table.h"
#include "dabiao-upload.h"
#include "output-testdata.h"

static char *tmpdir;

static void
run_python (const char *script,
            const char *arg)
{
  const char *python = g_getenv ("DABIAO_PYTHON");
  g_autofree char *script_path = g_test_build_filename (G_TEST_DIST, "output", script, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const char *argv[] = { python, script_path, arg, NULL };

  if (python == NULL)
    {
      g_test_skip ("DABIAO_PYTHON is not set");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s%s", script, out, err);
}

/* The persons of the read-back test: python/check-upload.py knows them. */
static GPtrArray *
make_sample (void)
{
  GPtrArray *persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
  DabiaoResultsPerson *p;

  /* School B first in the input: sheets come out sorted by 学校代码. */
  p = output_test_person ("3201020002", 21, 3, "G320102200801011234", "李雷", 1);
  p->birth_year = 2008; p->birth_month = 1; p->birth_day = 1;
  output_test_result (p, "身高", 165.44, -1, NULL);
  output_test_result (p, "体重", 52.36, -1, NULL);
  output_test_result (p, "肺活量", 3456.4, 80, "良好");
  output_test_result (p, "50米跑", 7.86, 80, "良好");
  output_test_result (p, "立定跳远", 221, 80, "良好");
  output_test_result (p, "坐位体前屈", -2.25, 60, "及格");
  output_test_result (p, "1000米跑", 225, 80, "良好");       /* 3.45 */
  output_test_result (p, "引体向上", 8, 60, "及格");
  output_test_result (p, "800米跑", 200, 80, "良好");        /* a boy: not written */
  g_ptr_array_add (persons, p);

  p = output_test_person ("3201020002", 21, 3, "L11010520080202002X", "韩梅梅", 2);
  p->birth_year = 2008; p->birth_month = 2; p->birth_day = 2;
  p->address = (g_free (p->address), NULL);
  output_test_result (p, "身高", 158, -1, NULL);
  output_test_result (p, "800米跑", 230.4, 80, "良好");      /* 3.50 */
  output_test_result (p, "1分钟仰卧起坐", 40, 80, "良好");
  g_ptr_array_add (persons, p);

  p = output_test_person ("3201010001", 15, 1, "G320101201501010011", "王小明", 1);
  p->birth_year = 2015; p->birth_month = 1; p->birth_day = 1;
  output_test_result (p, "身高", 140.06, -1, NULL);
  output_test_result (p, "50米x8往返跑", 105, 80, "良好");   /* 1.45 */
  output_test_result (p, "一分钟跳绳", 120, 80, "良好");
  output_test_result (p, "立定跳远", 150, 80, "良好");       /* not a grade 15 item */
  g_ptr_array_add (persons, p);

  p = output_test_person ("3201010001", 11, 2, "G320101201901010022", "赵小红", 2);
  p->birth_year = 2019; p->birth_month = 12; p->birth_day = 31;
  output_test_result (p, "一分钟跳绳", 88, 80, "良好");
  g_ptr_array_add (persons, p);

  p = output_test_person ("3201010001", 12, 1, "G320101201801010033", "孙免测", 1);
  p->exempt = TRUE;
  p->exempt_reason = g_strdup ("伤病");
  g_ptr_array_add (persons, p);

  /* A school with several stages: the union of item columns. */
  p = output_test_person ("3201030003", 16, 1, "G320103201401010044", "周一", 1);
  output_test_result (p, "50米×8往返跑", 99.6, 80, "良好");  /* 100 s → 1.40 */
  g_ptr_array_add (persons, p);
  p = output_test_person ("3201030003", 31, 1, "G320103201001010055", "周二", 1);
  output_test_result (p, "1000米跑", 239.5, 80, "良好");     /* 240 s → 4.00 */
  g_ptr_array_add (persons, p);

  return persons;
}

static void
test_upload_readback (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autofree char *path = g_build_filename (tmpdir, "upload.xlsx", NULL);
  g_autofree char *exempt_path = g_build_filename (tmpdir, "upload-免测.xlsx", NULL);
  g_autoptr(DabiaoUploadReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dabiao_upload_write (path, persons, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_rows, ==, 6);
  g_assert_cmpuint (report->n_sheets, ==, 3);
  g_assert_cmpuint (report->exempt->len, ==, 1);
  g_assert_cmpuint (report->exemptions->len, ==, 1);
  g_assert_cmpuint (report->problems->len, ==, 0);

  g_assert_true (dabiao_upload_write_exempt (exempt_path, report->exemptions, &error));
  g_assert_no_error (error);

  run_python ("check-upload.py", path);
  run_python ("check-exempt.py", exempt_path);
}

static void
test_upload_min_sec (void)
{
  g_assert_cmpfloat (dabiao_upload_min_sec (225), ==, 3.45);
  g_assert_cmpfloat (dabiao_upload_min_sec (230.4), ==, 3.50);
  g_assert_cmpfloat (dabiao_upload_min_sec (239.5), ==, 4.00);  /* never 3.60 */
  g_assert_cmpfloat (dabiao_upload_min_sec (59.4), ==, 0.59);
  g_assert_cmpfloat (dabiao_upload_min_sec (605), ==, 10.05);
}

static void
test_upload_columns (void)
{
  const int g11[] = { 11, 12 };
  const int g13[] = { 11, 13 };
  const int g16[] = { 11, 16 };
  const int g21[] = { 21, 44 };
  const int mixed[] = { 16, 21 };
  const char * const *cols;

  cols = dabiao_upload_item_columns (g11, 2, FALSE);
  g_assert_cmpuint (g_strv_length ((char **) cols), ==, 6);
  g_assert_cmpstr (cols[5], ==, "一分钟跳绳");
  cols = dabiao_upload_item_columns (g13, 2, FALSE);
  g_assert_cmpuint (g_strv_length ((char **) cols), ==, 7);
  cols = dabiao_upload_item_columns (g16, 2, FALSE);
  g_assert_cmpstr (cols[7], ==, "50米\u00d78往返跑");
  cols = dabiao_upload_item_columns (g21, 2, FALSE);
  g_assert_cmpuint (g_strv_length ((char **) cols), ==, 10);
  g_assert_cmpstr (cols[4], ==, "立定跳远");
  cols = dabiao_upload_item_columns (mixed, 2, FALSE);
  g_assert_cmpuint (g_strv_length ((char **) cols), ==, 12);
  cols = dabiao_upload_item_columns (g11, 2, TRUE);
  g_assert_cmpuint (g_strv_length ((char **) cols), ==, 12);
}

/* Hostile rosters (issue 13): two school codes differing only in case and
 * a code with an apostrophe (libxlsxwriter refused the sheet and the writer
 * went on through the NULL sheet: SIGSEGV), and a name over a cell's limit
 * (written as an empty cell, reported as written).  All refused before
 * anything is written, naming sheet, row, person and column. */
static void
test_upload_hostile (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autofree char *path = g_build_filename (tmpdir, "hostile.xlsx", NULL);
  g_autoptr(DabiaoUploadReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_name = g_string_new (NULL);
  DabiaoResultsPerson *p;

  p = g_ptr_array_index (persons, 0);
  g_free (p->school_code);
  p->school_code = g_strdup ("ab");
  p = g_ptr_array_index (persons, 1);
  g_free (p->school_code);
  p->school_code = g_strdup ("AB");
  p = g_ptr_array_index (persons, 5);
  g_free (p->school_code);
  p->school_code = g_strdup ("'32010");
  p = g_ptr_array_index (persons, 2);
  for (guint i = 0; i < 32768; i++)
    g_string_append (long_name, "长");
  g_free (p->name);
  p->name = g_strdup (long_name->str);

  g_assert_false (dabiao_upload_write (path, persons, NULL, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (report->problems, i));
  g_assert_nonnull (strstr (error->message, "“ab”"));
  g_assert_nonnull (strstr (error->message, "“AB”"));
  g_assert_nonnull (strstr (error->message, "'32010"));
  g_assert_nonnull (strstr (error->message, "姓名"));
  g_assert_nonnull (strstr (error->message, "32768"));
}

static void
test_upload_validation (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autofree char *path = g_build_filename (tmpdir, "broken.xlsx", NULL);
  g_autoptr(DabiaoUploadReport) report = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoResultsPerson *p;
  guint i;

  /* Sheet 3201010001 rows: 2 赵小红 (grade 11), 3 王小明 (grade 15).  (A
   * sex other than 男/女 cannot be held: DabiaoSex.) */
  p = g_ptr_array_index (persons, 2);
  g_free (p->ethnic_code);
  p->ethnic_code = g_strdup ("1");
  g_free (p->class_code);
  p->class_code = g_strdup ("1601");
  dabiao_results_person_find_item (p, "身高", NULL)->value = 400 * DABIAO_VALUE_SCALE;
  /* Sheet 3201020002 row 2: 李雷 */
  p = g_ptr_array_index (persons, 0);
  g_free (p->student_no);
  p->student_no = NULL;
  p->birth_month = 2;
  p->birth_day = 30;
  dabiao_results_person_find_item (p, "1000米跑", NULL)->value = 5000 * DABIAO_VALUE_SCALE;
  /* Sheet 3201020002 row 3: 韩梅梅, L + ID number of a girl born 2008-02-02. */
  p = g_ptr_array_index (persons, 1);
  p->sex = DABIAO_SEX_MALE;
  p->birth_day = 3;
  /* Sheet 3201030003: grade 99 */
  p = g_ptr_array_index (persons, 5);
  p->grade = 99;

  g_assert_false (dabiao_upload_write (path, persons, NULL, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (report);
  for (i = 0; i < report->problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (report->problems, i));
  g_test_message ("%s", error->message);
  g_assert_cmpuint (report->problems->len, ==, 9);

  /* Messages name the sheet, the row (header = 1), the person and the column, in Chinese. */
  g_assert_nonnull (strstr (error->message, "工作表 3201010001 第 3 行（王小明）民族代码"));
  g_assert_nonnull (strstr (error->message, "工作表 3201010001 第 3 行（王小明）班级编号"));
  g_assert_nonnull (strstr (error->message, "工作表 3201010001 第 3 行（王小明）身高"));
  g_assert_nonnull (strstr (error->message, "工作表 3201020002 第 2 行（李雷）学籍号"));
  g_assert_nonnull (strstr (error->message, "工作表 3201020002 第 2 行（李雷）出生日期"));
  g_assert_nonnull (strstr (error->message, "工作表 3201020002 第 2 行（李雷）1000米跑"));
  g_assert_nonnull (strstr (error->message, "年级编号"));
  g_assert_nonnull (strstr (error->message, "工作表 3201020002 第 3 行（韩梅梅）性别：1 与身份证号"));
  g_assert_nonnull (strstr (error->message, "工作表 3201020002 第 3 行（韩梅梅）出生日期：2008/2/3 与身份证号"));
}

static void
test_upload_nothing_half_written (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ro = g_build_filename (tmpdir, "readonly", NULL);
  g_autofree char *path = g_build_filename (ro, "upload.xlsx", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-folder", "upload.xlsx", NULL);

  g_assert_cmpint (g_mkdir (ro, 0555), ==, 0);
  if (g_access (ro, W_OK) == 0)
    g_test_message ("running as root: the read-only case is not checkable");
  else
    {
      g_assert_false (dabiao_upload_write (path, persons, NULL, NULL, &error));
      g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
      g_assert_nonnull (strstr (error->message, "只读"));
      g_clear_error (&error);
    }
  g_assert_false (dabiao_upload_write (missing, persons, NULL, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
  g_clear_error (&error);

  g_ptr_array_set_size (persons, 0);
  path = (g_free (path), g_build_filename (tmpdir, "empty.xlsx", NULL));
  g_assert_false (dabiao_upload_write (path, persons, NULL, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_upload_xls_without_libreoffice (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autofree char *path = g_build_filename (tmpdir, "upload.xls", NULL);
  g_autoptr(GError) error = NULL;

  g_setenv ("DABIAO_LIBREOFFICE", "dabiao-test-no-such-libreoffice", TRUE);
  g_assert_false (dabiao_upload_write (path, persons, NULL, NULL, &error));
  g_unsetenv ("DABIAO_LIBREOFFICE");
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT);
  g_assert_nonnull (strstr (error->message, "LibreOffice"));
  g_assert_nonnull (strstr (error->message, "apt install libreoffice-calc"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_upload_xls_with_libreoffice (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autofree char *path = g_build_filename (tmpdir, "upload-lo.xls", NULL);
  g_autofree char *lo = g_find_program_in_path ("libreoffice");
  g_autoptr(GError) error = NULL;

  if (lo == NULL)
    {
      g_test_skip ("LibreOffice is not installed");
      return;
    }
  g_assert_true (dabiao_upload_write (path, persons, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* A wrapper that runs fake-libreoffice.py with Debian's Python, named by
 * DABIAO_LIBREOFFICE as the converter; NULL (test skipped) without one. */
static char *
make_fake_libreoffice (void)
{
  const char *python = g_getenv ("DABIAO_PYTHON");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "output", "fake-libreoffice.py", NULL);
  g_autofree char *wrapper = g_build_filename (tmpdir, "fake-libreoffice", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (python == NULL)
    {
      g_test_skip ("DABIAO_PYTHON is not set");
      return NULL;
    }
  text = g_strdup_printf ("#!/bin/sh\nexec '%s' '%s' \"$@\"\n", python, script);
  g_file_set_contents (wrapper, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (wrapper, 0755), ==, 0);
  return g_steal_pointer (&wrapper);
}

/* Every sheet of @path as text: "sheet|header…\ncell|cell…\n…". */
static char *
dump_workbook (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sheets = NULL;

  {
    g_autoptr(DabiaoTableReader) first = dabiao_table_reader_open (path, NULL, &error);
    g_assert_no_error (error);
    sheets = dabiao_table_reader_list_sheets (first);
  }
  for (guint s = 0; sheets[s] != NULL; s++)
    {
      g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, sheets[s], &error);
      const char * const *headers;
      guint n;

      g_assert_no_error (error);
      headers = dabiao_table_reader_get_headers (reader);
      n = dabiao_table_reader_get_n_columns (reader);
      g_string_append (out, sheets[s]);
      for (guint c = 0; c < n; c++)
        g_string_append_printf (out, "|%s", headers[c]);
      g_string_append_c (out, '\n');
      while (dabiao_table_reader_next_row (reader, &error))
        {
          for (guint c = 0; c < n; c++)
            g_string_append_printf (out, "%s%s", c ? "|" : "",
                                    dabiao_table_reader_get_cell (reader, c)->text);
          g_string_append_c (out, '\n');
        }
      g_assert_no_error (error);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* .xls through the converter: called as LibreOffice needs it (the fake
 * checks the arguments), the converted file lands at the target and holds
 * what the .xlsx holds, and the private work folder is gone. */
static void
test_upload_xls_converter (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autofree char *fake = make_fake_libreoffice ();
  g_autofree char *xlsx = g_build_filename (tmpdir, "conv.xlsx", NULL);
  g_autofree char *xls = g_build_filename (tmpdir, "conv.xls", NULL);
  g_autofree char *xlsx_text = NULL;
  g_autofree char *xls_text = NULL;
  g_autoptr(GError) error = NULL;

  if (fake == NULL)
    return;
  g_assert_true (dabiao_upload_write (xlsx, persons, NULL, NULL, &error));
  g_assert_no_error (error);

  g_setenv ("DABIAO_LIBREOFFICE", fake, TRUE);
  g_assert_true (dabiao_upload_write (xls, persons, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A real BIFF file (the OLE signature), not the xlsx renamed. */
  {
    g_autofree char *bytes = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (xls, &bytes, &len, NULL));
    g_assert_cmpuint (len, >, 8);
    g_assert_cmpmem (bytes, 4, "\xd0\xcf\x11\xe0", 4);
  }
  xlsx_text = dump_workbook (xlsx);
  xls_text = dump_workbook (xls);
  g_assert_cmpstr (xls_text, ==, xlsx_text);
  g_assert_nonnull (strstr (xls_text, "韩梅梅"));

  /* The converter fails: its message reaches the user, nothing is left at
   * the target (the earlier file stays as it was). */
  g_setenv ("FAKE_LIBREOFFICE_FAIL", "1", TRUE);
  {
    g_autofree char *failed = g_build_filename (tmpdir, "conv-failed.xls", NULL);

    g_assert_false (dabiao_upload_write (failed, persons, NULL, NULL, &error));
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT);
    g_assert_nonnull (strstr (error->message, "LibreOffice"));
    g_assert_false (g_file_test (failed, G_FILE_TEST_EXISTS));
    g_clear_error (&error);

    g_assert_false (dabiao_upload_write (xls, persons, NULL, NULL, &error));
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT);
    g_clear_error (&error);
    {
      g_autofree char *again = dump_workbook (xls);
      g_assert_cmpstr (again, ==, xls_text);
    }
  }
  g_unsetenv ("FAKE_LIBREOFFICE_FAIL");
  g_unsetenv ("DABIAO_LIBREOFFICE");

  /* No work folder (with its LibreOffice profile) left behind. */
  {
    g_autoptr(GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);
    const char *name;
    guint left = 0;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *full = g_build_filename (g_get_tmp_dir (), name, "profile", NULL);

        /* The fake makes the private profile, as LibreOffice does. */
        left += g_str_has_prefix (name, "dabiao-xls-") && g_file_test (full, G_FILE_TEST_IS_DIR);
      }
    g_assert_cmpuint (left, ==, 0);
  }
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DabiaoUploadReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dabiao_upload_write_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_upload_async (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_persons (500, 4, 7);
  g_autofree char *path = g_build_filename (tmpdir, "async.xlsx", NULL);
  g_autoptr(DabiaoUploadReport) report = NULL;

  dabiao_upload_write_async (path, persons, NULL, NULL, write_done, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (report->n_rows, ==, 500);
  g_assert_cmpuint (report->n_sheets, ==, 4);
  run_python ("check-upload-generic.py", path);
}

static const char *
pick (GRand              *rand,
      const char * const *pool,
      guint               n)
{
  return pool[g_rand_int_range (rand, 0, n)];
}

/* Random, mostly broken rows: the writer never crashes, and either writes a
 * file (all rows valid) or writes nothing and lists problems. */
static void
test_upload_random_rows (void)
{
  static const char * const texts[] = {
    NULL, "", " ", "G123", "L110105200802020029", "L1101", "g12", "3201010001", "a[b]", "x/y",
    "01", "1", "99", "56", "97", "abc", "李雷", "1101", "1601", "11", "\xe6\x9d", "0000000000000000000000000000000000",
  };
  static const double values[] = { 0, -1, 3.5, 99.6, 165.44, 225, 1e9, -1e9, 4.9, 2.5, NAN, INFINITY, 59.5, 600 };
  static const char * const items[] = {
    "身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "1分钟仰卧起坐", "50米x8往返跑",
    "立定跳远", "800米跑", "1000米跑", "引体向上", "右眼裸眼视力", "左眼裸眼视力", "体重指数", "",
  };
  static const int grades[] = { 0, 11, 12, 13, 15, 16, 21, 24, 31, 44, 45, 99, -3 };
  GRand *rand = g_rand_new_with_seed (20261129);
  guint round_, n_written = 0, n_refused = 0;

  for (round_ = 0; round_ < 300; round_++)
    {
      g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
      g_autofree char *path = g_build_filename (tmpdir, "random.xlsx", NULL);
      g_autoptr(DabiaoUploadReport) report = NULL;
      g_autoptr(GError) error = NULL;
      DabiaoUploadOptions options = { g_rand_boolean (rand), g_rand_boolean (rand) };
      guint n = g_rand_int_range (rand, 0, 12), i, k;

      for (i = 0; i < n; i++)
        {
          DabiaoResultsPerson *p;

          /* Half the rows valid, so that some files are written. */
          if (g_rand_boolean (rand))
            {
              g_autoptr(GPtrArray) valid = output_test_make_persons (1, 3, g_rand_int (rand));

              p = g_ptr_array_steal_index (valid, 0);
            }
          else
            {
              p = dabiao_results_person_new ();
              p->school_code = g_strdup (pick (rand, texts, G_N_ELEMENTS (texts)));
              p->grade = grades[g_rand_int_range (rand, 0, G_N_ELEMENTS (grades))];
              p->class_code = g_strdup (pick (rand, texts, G_N_ELEMENTS (texts)));
              p->class_name = g_strdup (pick (rand, texts, G_N_ELEMENTS (texts)));
              p->student_no = g_strdup (pick (rand, texts, G_N_ELEMENTS (texts)));
              p->ethnic_code = g_strdup (pick (rand, texts, G_N_ELEMENTS (texts)));
              p->name = g_strdup (pick (rand, texts, G_N_ELEMENTS (texts)));
              p->sex = g_rand_boolean (rand) ? DABIAO_SEX_FEMALE : DABIAO_SEX_MALE;
              p->birth_year = g_rand_int_range (rand, -5, 2200);
              p->birth_month = g_rand_int_range (rand, -1, 14);
              p->birth_day = g_rand_int_range (rand, -1, 33);
              for (k = g_rand_int_range (rand, 0, 6); k > 0; k--)
                {
                  DabiaoResultsItem *r = dabiao_results_person_add_item (p, pick (rand, items, G_N_ELEMENTS (items)), NULL);

                  r->has_value = g_rand_boolean (rand);
                  r->value = llround (values[g_rand_int_range (rand, 0, G_N_ELEMENTS (values))] * DABIAO_VALUE_SCALE);
                }
            }
          p->exempt = g_rand_int_range (rand, 0, 10) == 0;
          g_ptr_array_add (persons, p);
        }

      if (dabiao_upload_write (path, persons, &options, &report, &error))
        {
          g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
          g_assert_cmpuint (report->problems->len, ==, 0);
          n_written++;
          g_unlink (path);
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
          n_refused++;
        }
    }
  g_test_message ("random rows: %u files written, %u refused", n_written, n_refused);
  g_assert_cmpuint (n_written, >, 0);
  g_assert_cmpuint (n_refused, >, 0);
  g_rand_free (rand);
}

static void
test_upload_vision (void)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
  g_autofree char *path = g_build_filename (tmpdir, "vision.xlsx", NULL);
  DabiaoUploadOptions options = { FALSE, TRUE };
  g_autoptr(GError) error = NULL;
  DabiaoResultsPerson *p = output_test_person ("3201010001", 11, 1, "G1", "视力", 1);

  output_test_result (p, "右眼裸眼视力", 4.94, -1, NULL);
  output_test_result (p, "左眼裸眼视力", 2.5, -1, NULL);   /* below 3.0: written 0 */
  g_ptr_array_add (persons, p);
  g_assert_true (dabiao_upload_write (path, persons, &options, NULL, &error));
  g_assert_no_error (error);
  run_python ("check-vision.py", path);

  /* Out of range: refused. */
  dabiao_results_person_find_item (p, "右眼裸眼视力", NULL)->value = 5500;
  g_assert_false (dabiao_upload_write (path, persons, &options, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
}

int
main (int argc, char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("dabiao-test-upload-XXXXXX", NULL);

  g_test_add_func ("/dabiao/Upload/min-sec", test_upload_min_sec);
  g_test_add_func ("/dabiao/Upload/columns", test_upload_columns);
  g_test_add_func ("/dabiao/Upload/readback", test_upload_readback);
  g_test_add_func ("/dabiao/Upload/validation", test_upload_validation);
  g_test_add_func ("/dabiao/Upload/hostile", test_upload_hostile);
  g_test_add_func ("/dabiao/Upload/nothing-half-written", test_upload_nothing_half_written);
  g_test_add_func ("/dabiao/Upload/xls-without-libreoffice", test_upload_xls_without_libreoffice);
  g_test_add_func ("/dabiao/Upload/xls-with-libreoffice", test_upload_xls_with_libreoffice);
  g_test_add_func ("/dabiao/Upload/xls-converter", test_upload_xls_converter);
  g_test_add_func ("/dabiao/Upload/async", test_upload_async);
  g_test_add_func ("/dabiao/Upload/vision", test_upload_vision);
  g_test_add_func ("/dabiao/Upload/random-rows", test_upload_random_rows);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };
    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
