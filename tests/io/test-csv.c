/* test-csv.c: the CSV reader and writer
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* unshare() */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-table.h"

static char *tmpdir;

static char *
write_file (const char *name,
            const char *data,
            gssize      len)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

/* A reader's rows as "a|b|c" lines, each prefixed by its row number. */
static char *
dump (DabiaoTableReader *reader)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char * const *headers = dabiao_table_reader_get_headers (reader);

  g_string_append_printf (out, "%u:", dabiao_table_reader_get_row (reader));
  for (guint i = 0; headers[i]; i++)
    g_string_append_printf (out, "%s%s", i ? "|" : "", headers[i]);
  g_string_append_c (out, '\n');
  while (dabiao_table_reader_next_row (reader, &error))
    {
      g_string_append_printf (out, "%u:", dabiao_table_reader_get_row (reader));
      for (guint i = 0; i < dabiao_table_reader_get_n_columns (reader); i++)
        g_string_append_printf (out, "%s%s", i ? "|" : "",
                                dabiao_table_reader_get_cell (reader, i)->text);
      g_string_append_c (out, '\n');
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static char *
dump_file (const char *name,
           const char *data,
           gssize      len)
{
  g_autofree char *path = write_file (name, data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return dump (reader);
}

/* The error a person would see: names the file and, when @row > 0, the row. */
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

static void
open_error (const char *name,
            const char *data,
            gssize      len,
            int         code,
            guint       row)
{
  g_autofree char *path = write_file (name, data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);

  g_assert_null (reader);
  assert_message (error, code, name, row);
}

/* An error while reading rows: the file opens, then a row fails. */
static void
rows_error (const char *name,
            const char *data,
            gssize      len,
            guint       good_rows,
            guint       row)
{
  g_autofree char *path = write_file (name, data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);
  guint n = 0;

  g_assert_no_error (error);
  while (dabiao_table_reader_next_row (reader, &error))
    n++;
  g_assert_cmpuint (n, ==, good_rows);
  assert_message (error, DABIAO_ERROR_BAD_FILE, name, row);
  /* It stays at the end. */
  g_clear_error (&error);
  g_assert_false (dabiao_table_reader_next_row (reader, &error));
  g_assert_no_error (error);
}

static void
test_rfc4180 (void)
{
  static const char data[] =
    "姓名,\"备注\",体重\r\n"
    "张三,\"说 \"\"你好\"\"\",45.5\r\n"
    "\"李\n四\",\"a,b\",\r\n"
    "\r\n"
    "王五,,  60 \r\n"
    "赵六,x\r\n"
    "\"\",\"\",\"\"\r\n"
    "钱七,\"y\"";
  g_autofree char *out = dump_file ("rfc.csv", data, -1);

  g_assert_cmpstr (out, ==,
                   "1:姓名|备注|体重\n"
                   "2:张三|说 \"你好\"|45.5\n"
                   "3:李\n四|a,b|\n"
                   "5:王五||60\n"
                   "6:赵六|x|\n"
                   "8:钱七|y|\n");
}

static void
test_line_ends (void)
{
  static const char *const variants[] = {
    "a,b\nc,d\n\ne,f\n",
    "a,b\r\nc,d\r\n\r\ne,f\r\n",
    "a,b\rc,d\r\re,f\r",
    "a,b\rc,d\n\r\ne,f",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *out = dump_file ("ends.csv", variants[i], -1);

      g_assert_cmpstr (out, ==, "1:a|b\n2:c|d\n4:e|f\n");
    }
}

static void
test_bom (void)
{
  g_autofree char *out = dump_file ("bom.csv", "\xEF\xBB\xBF学籍号,姓名\r\nG1,张三\r\n", -1);
  g_autofree char *path = g_build_filename (tmpdir, "bom.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);
  const DabiaoCell *cell;

  g_assert_cmpstr (out, ==, "1:学籍号|姓名\n2:G1|张三\n");
  g_assert_no_error (error);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "学籍号"), ==, 0);
  g_assert_true (dabiao_table_reader_next_row (reader, &error));
  cell = dabiao_table_reader_get_cell (reader, 1);
  g_assert_cmpint (cell->kind, ==, DABIAO_CELL_STRING);
  cell = dabiao_table_reader_get_cell (reader, 7);
  g_assert_cmpint (cell->kind, ==, DABIAO_CELL_EMPTY);
  g_assert_cmpstr (cell->text, ==, "");
  cell = dabiao_table_reader_get_cell (reader, -1);
  g_assert_cmpint (cell->kind, ==, DABIAO_CELL_EMPTY);
  g_auto(GStrv) sheets = dabiao_table_reader_list_sheets (reader);
  g_assert_cmpuint (g_strv_length (sheets), ==, 1);
  g_assert_cmpstr (sheets[0], ==, "");
  g_assert_cmpstr (dabiao_table_reader_get_name (reader), ==, "bom.csv");
}

static char *
to_gb18030 (const char *utf8,
            gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *gb = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, len, &error);

  g_assert_no_error (error);
  return gb;
}

static void
test_gb18030 (void)
{
  /* 㐀 (U+3400) and 𠀀 (U+20000) are 4-byte sequences in GB18030. */
  static const char text[] = "年级编号,姓名,民族\r\n11,张三,汉族\r\n12,李㐀𠀀,\"回族\r\n（备注）\"\r\n";
  gsize len;
  g_autofree char *gb = to_gb18030 (text, &len);
  g_autofree char *out = NULL;

  g_assert_false (g_utf8_validate (gb, len, NULL));
  out = dump_file ("gb.csv", gb, len);
  g_assert_cmpstr (out, ==, "1:年级编号|姓名|民族\n2:11|张三|汉族\n3:12|李㐀𠀀|回族\r\n（备注）\n");
}

/* Multibyte sequences cut by the 64 KiB read buffer, at every offset near the
 * boundary, in both encodings; and a file that is ASCII for its first
 * buffers and Chinese only later. */
static void
test_split_sequences (void)
{
  static const char tail_utf8[] = "张㐀𠀀三,李四\r\n";
  gsize tail_len;
  g_autofree char *tail_gb = to_gb18030 (tail_utf8, &tail_len);

  for (guint enc = 0; enc < 2; enc++)
    for (guint shift = 0; shift < 12; shift++)
      {
        GString *data = g_string_new ("h1,h2\r\n");
        g_autofree char *path = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(DabiaoTableReader) reader = NULL;
        guint rows = 0;
        guint pad = 64 * 1024 - 8 - shift;

        /* An ASCII row long enough to push the text across the boundary. */
        g_string_append_c (data, 'x');
        for (guint i = 0; i < pad - data->len % (64 * 1024); i++)
          g_string_append_c (data, 'a' + i % 26);
        g_string_append (data, ",y\r\n");
        for (guint i = 0; i < 3; i++)
          {
            if (enc == 0)
              g_string_append (data, tail_utf8);
            else
              g_string_append_len (data, tail_gb, tail_len);
          }
        path = write_file ("split.csv", data->str, data->len);
        g_string_free (data, TRUE);

        reader = dabiao_table_reader_open (path, NULL, &error);
        g_assert_no_error (error);
        while (dabiao_table_reader_next_row (reader, &error))
          {
            rows++;
            if (rows > 1)
              {
                g_assert_cmpstr (dabiao_table_reader_get_cell (reader, 0)->text, ==, "张㐀𠀀三");
                g_assert_cmpstr (dabiao_table_reader_get_cell (reader, 1)->text, ==, "李四");
              }
          }
        g_assert_no_error (error);
        g_assert_cmpuint (rows, ==, 4);
      }
}

static void
test_undecodable (void)
{
  gsize len;
  g_autofree char *gb = to_gb18030 ("姓名,性别\r\n张三,男\r\n李四,女\r\n", &len);
  GString *data;

  /* UTF-8 (decided by the header), then a Latin-1 byte in row 3. */
  rows_error ("bad-utf8.csv", "姓名,性别\r\n张三,男\r\n李\xE9,女\r\n", -1, 1, 3);

  /* GB18030, then bytes GB18030 cannot decode (0x81 0x20) in row 4. */
  data = g_string_new_len (gb, len);
  g_string_append_len (data, "\x81\x20,x\r\n", 5);
  rows_error ("bad-gb.csv", data->str, data->len, 2, 4);
  g_string_free (data, TRUE);

  /* A lone lead byte at the very end of a GB18030 file. */
  data = g_string_new_len (gb, len);
  g_string_append_len (data, "x\x81", 2);
  rows_error ("cut-gb.csv", data->str, data->len, 2, 4);
  g_string_free (data, TRUE);

  /* A NUL byte is not text. */
  rows_error ("nul.csv", "a,b\r\nc,d\r\ne\0f,g\r\n", 17, 1, 3);

  /* Undecodable in the header. */
  open_error ("bad-header.csv", "a\xFF" "b,x\r\n", -1, DABIAO_ERROR_BAD_FILE, 1);
  /* UTF-16 (Excel's "Unicode text") is named as such. */
  open_error ("utf16.csv", "\xFF\xFEh\0i\0", 6, DABIAO_ERROR_BAD_FILE, 0);
}

static void
test_malformed (void)
{
  /* The quote opened in row 3 is never closed. */
  rows_error ("quote.csv", "a,b\r\n1,2\r\n3,\"4\r\n5,6\r\n", -1, 1, 3);
  open_error ("quote-header.csv", "\"a,b\r\n", -1, DABIAO_ERROR_BAD_FILE, 1);
  open_error ("empty.csv", "", 0, DABIAO_ERROR_BAD_FILE, 0);
  open_error ("blank.csv", "\r\n\r\n , \r\n", -1, DABIAO_ERROR_BAD_FILE, 0);
  open_error ("bom-only.csv", "\xEF\xBB\xBF", -1, DABIAO_ERROR_BAD_FILE, 0);
  open_error ("table.txt", "a,b\r\n", -1, DABIAO_ERROR_BAD_FILE, 0);

  {
    g_autofree char *path = g_build_filename (tmpdir, "missing.csv", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);

    g_assert_null (reader);
    assert_message (error, DABIAO_ERROR_IO, "missing.csv", 0);
  }

  /* Lenient where Excel is: a stray quote inside an unquoted cell, text
   * after a closing quote. */
  {
    g_autofree char *out = dump_file ("lenient.csv", "a,b\r\n5'6\",\"x\"y\r\n", -1);

    g_assert_cmpstr (out, ==, "1:a|b\n2:5'6\"|xy\n");
  }
}

static void
test_header_only (void)
{
  g_autofree char *path = write_file ("header.csv", "姓名,性别\r\n\r\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dabiao_table_reader_get_n_columns (reader), ==, 2);
  g_assert_false (dabiao_table_reader_next_row (reader, &error));
  g_assert_no_error (error);
}

static void
test_find_column (void)
{
  static const char data[] =
    "身 高,体重（男）,５０米跑(女),50米×8往返跑（女）,　肺活量　,Ｂｍｉ,,学籍号\r\n";
  g_autofree char *path = write_file ("columns.csv", data, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dabiao_table_reader_get_n_columns (reader), ==, 8);
  g_assert_cmpstr (dabiao_table_reader_get_headers (reader)[4], ==, "肺活量");
  g_assert_cmpstr (dabiao_table_reader_get_headers (reader)[6], ==, "");
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "身高"), ==, 0);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "体重"), ==, 1);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "体重(女)"), ==, 1);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "50米跑"), ==, 2);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "５０米跑（男）"), ==, 2);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "50米×8往返跑"), ==, 3);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "肺活量"), ==, 4);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "BMI"), ==, 5);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "学籍号"), ==, 7);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "立定跳远"), ==, -1);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, ""), ==, -1);
  g_assert_cmpint (dabiao_table_reader_find_column (reader, "体"), ==, -1);
}

/* ---- Writer ----------------------------------------------------------- */

static char *
read_file (const char *path,
           gsize      *len)
{
  char *data = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

static guint
count_dir_entries (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
write_sample (DabiaoTableWriter *writer)
{
  g_autoptr(GError) error = NULL;
  GDate date;
  DabiaoCell cell = { DABIAO_CELL_STRING, "01", 0 };

  dabiao_table_writer_add_string (writer, "姓名");
  dabiao_table_writer_add_string (writer, "备注");
  dabiao_table_writer_add_string (writer, "身高");
  dabiao_table_writer_add_string (writer, "出生日期");
  dabiao_table_writer_add_string (writer, "民族代码");
  g_assert_true (dabiao_table_writer_end_row (writer, &error));

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 5, 3, 2012);
  dabiao_table_writer_add_string (writer, "张三");
  dabiao_table_writer_add_string (writer, "说 \"好\",\r\n第二行");
  dabiao_table_writer_add_number (writer, 172.45, 1);
  dabiao_table_writer_add_date (writer, &date);
  dabiao_table_writer_add_cell (writer, &cell);
  g_assert_true (dabiao_table_writer_end_row (writer, &error));

  dabiao_table_writer_add_string (writer, "李四");
  dabiao_table_writer_add_empty (writer);
  dabiao_table_writer_add_number (writer, 2.675, 2);
  dabiao_table_writer_add_empty (writer);
  dabiao_table_writer_add_number (writer, 3.5, 0);
  g_assert_true (dabiao_table_writer_end_row (writer, &error));
  g_assert_no_error (error);
}

static void
test_write_csv (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "out.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableWriter) writer = NULL;
  g_autoptr(DabiaoTableReader) reader = NULL;
  g_autofree char *data = NULL;
  g_autofree char *out = NULL;
  guint before = count_dir_entries ();
  gsize len;

  writer = dabiao_table_writer_new (path, NULL, &error);
  g_assert_no_error (error);
  write_sample (writer);
  /* Nothing at the target before close(). */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (dabiao_table_writer_close (writer, &error));
  g_assert_no_error (error);
  g_clear_pointer (&writer, dabiao_table_writer_free);
  g_assert_cmpuint (count_dir_entries (), ==, before + 1);

  data = read_file (path, &len);
  g_assert_cmpstr (data, ==,
                   "\xEF\xBB\xBF姓名,备注,身高,出生日期,民族代码\r\n"
                   "张三,\"说 \"\"好\"\",\r\n第二行\",172.5,2012-03-05,01\r\n"
                   "李四,,2.68,,4\r\n");

  reader = dabiao_table_reader_open (path, NULL, &error);
  g_assert_no_error (error);
  out = dump (reader);
  g_assert_cmpstr (out, ==,
                   "1:姓名|备注|身高|出生日期|民族代码\n"
                   "2:张三|说 \"好\",\r\n第二行|172.5|2012-03-05|01\n"
                   "3:李四||2.68||4\n");
}

static void
test_write_rounding (void)
{
  static const struct { double value; guint decimals; const char *text; } cases[] = {
    { 172.45, 1, "172.5" }, { 172.44999, 1, "172.4" }, { 2.675, 2, "2.68" },
    { 0.5, 0, "1" }, { 1.5, 0, "2" }, { 2.5, 0, "3" }, { -2.5, 0, "-3" },
    { 89.95, 1, "90.0" }, { 59.95, 1, "60.0" }, { 1e-12, 1, "0.0" }, { -0.04, 1, "0.0" },
    { 1234567.0, 0, "1234567" }, { 3.45, 2, "3.45" }, { 0.1 + 0.2, 1, "0.3" },
  };
  g_autofree char *path = g_build_filename (tmpdir, "round.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, NULL, &error);
  g_autoptr(DabiaoTableReader) reader = NULL;

  g_assert_no_error (error);
  dabiao_table_writer_add_string (writer, "v");
  dabiao_table_writer_end_row (writer, &error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      dabiao_table_writer_add_number (writer, cases[i].value, cases[i].decimals);
      g_assert_true (dabiao_table_writer_end_row (writer, &error));
    }
  g_assert_true (dabiao_table_writer_close (writer, &error));

  reader = dabiao_table_reader_open (path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (dabiao_table_reader_next_row (reader, &error));
      g_assert_cmpstr (dabiao_table_reader_get_cell (reader, 0)->text, ==,
                       /* -0.0 is written as is; a person reads 0.0 */
                       cases[i].text);
    }
}

static void
test_write_abandoned (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "abandoned.csv", NULL);
  g_autofree char *xpath = g_build_filename (tmpdir, "abandoned.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  guint before = count_dir_entries ();
  DabiaoTableWriter *writer;

  writer = dabiao_table_writer_new (path, NULL, &error);
  g_assert_no_error (error);
  write_sample (writer);
  g_assert_cmpuint (count_dir_entries (), ==, before + 1); /* the temporary file */
  dabiao_table_writer_free (writer);
  g_assert_cmpuint (count_dir_entries (), ==, before);

  {
    guint fds = count_fds ();

    writer = dabiao_table_writer_new (xpath, NULL, &error);
    g_assert_no_error (error);
    write_sample (writer);
    dabiao_table_writer_free (writer);
    g_assert_cmpuint (count_dir_entries (), ==, before);
    g_assert_false (g_file_test (xpath, G_FILE_TEST_EXISTS));
    /* No file descriptor left open either. */
    g_assert_cmpuint (count_fds (), ==, fds);
  }

  /* An existing file stays as it was until a successful close(). */
  {
    g_autofree char *old = NULL;

    g_file_set_contents (path, "old", -1, &error);
    g_assert_no_error (error);
    writer = dabiao_table_writer_new (path, NULL, &error);
    write_sample (writer);
    dabiao_table_writer_free (writer);
    old = read_file (path, NULL);
    g_assert_cmpstr (old, ==, "old");
    g_unlink (path);
  }
}

static void
test_write_stdout (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new ("-", NULL, &error);

      g_assert_no_error (error);
      write_sample (writer);
      g_assert_true (dabiao_table_writer_close (writer, &error));
      g_assert_no_error (error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("姓名,备注,身高,出生日期,民族代码\r\n"
                             "张三,\"说 \"\"好\"\",\r\n第二行\",172.5,2012-03-05,01\r\n"
                             "李四,,2.68,,4\r\n");
}

/* A directory that cannot be written: chmod 0555, or for root (who may
 * write anywhere) /sys, where no file can be created. */
static char *
read_only_dir (void)
{
  char *dir;

  if (geteuid () == 0)
    return g_strdup ("/sys");
  dir = g_build_filename (tmpdir, "ro", NULL);
  g_mkdir (dir, 0555);
  g_chmod (dir, 0555);
  return dir;
}

static void
test_write_read_only (void)
{
  g_autofree char *dir = read_only_dir ();
  static const char *const names[] = { "名单.csv", "名单.xlsx" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, NULL, &error);

      g_assert_null (writer);
      assert_message (error, DABIAO_ERROR_IO, names[i], 0);
      g_assert_nonnull (strstr (error->message, dir));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

/* A full disk, simulated with a file size limit: the same failing write()
 * a full disk gives (EFBIG instead of ENOSPC), without needing to mount a
 * small file system. */
static void
test_write_disk_full (void)
{
  if (g_test_subprocess ())
    {
      static const char *const names[] = { "full.csv", "full.xlsx" };
      struct rlimit limit = { 64 * 1024, 64 * 1024 };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *path = g_build_filename (tmpdir, names[i], NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, NULL, &error);
          gboolean ok = TRUE;

          g_assert_no_error (error);
          for (guint row = 0; row < 20000 && ok; row++)
            {
              char buf[64];

              g_snprintf (buf, sizeof buf, "行 %u 的一些文字 %u", row, g_random_int ());
              dabiao_table_writer_add_string (writer, buf);
              dabiao_table_writer_add_number (writer, row * 1.5, 1);
              ok = dabiao_table_writer_end_row (writer, &error);
            }
          if (ok)
            ok = dabiao_table_writer_close (writer, &error);
          g_assert_false (ok);
          g_printerr ("%s\n", error->message);
          g_assert_nonnull (strstr (error->message, names[i]));
          g_clear_pointer (&writer, dabiao_table_writer_free);
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
        }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*full.csv*full.xlsx*");
}

static gboolean
mount_tmpfs (const char *dir)
{
  g_mkdir (dir, 0755);
  return geteuid () == 0 && unshare (CLONE_NEWNS) == 0 &&
         mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
         mount ("tmpfs", dir, "tmpfs", 0, "size=64k") == 0;
}

/* Try it in a throw-away child: containers often forbid it even to root. */
static gboolean
can_mount_tmpfs (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "probe", NULL);
  int status = 0;
  pid_t pid;

  if (geteuid () != 0)
    return FALSE;
  pid = fork ();
  if (pid == 0)
    _exit (mount_tmpfs (dir) ? 0 : 1);
  if (pid < 0 || waitpid (pid, &status, 0) != pid)
    return FALSE;
  g_rmdir (dir);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* A real full disk: a 64 KiB tmpfs, mounted in a private mount namespace of
 * a child process (so it vanishes with the child).  Needs root, or the
 * test is skipped (the RLIMIT_FSIZE test above covers the same paths). */
static void
test_write_real_disk_full (void)
{
  if (g_test_subprocess ())
    {
      static const char *const names[] = { "满.csv", "满.xlsx" };
      g_autofree char *dir = g_build_filename (tmpdir, "tiny", NULL);

      g_assert_true (mount_tmpfs (dir));
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *path = g_build_filename (dir, names[i], NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, NULL, &error);
          gboolean ok = TRUE;

          g_assert_no_error (error);
          for (guint row = 0; row < 20000 && ok; row++)
            {
              char buf[64];

              g_snprintf (buf, sizeof buf, "行 %u 的一些文字 %u", row, g_random_int ());
              dabiao_table_writer_add_string (writer, buf);
              dabiao_table_writer_add_number (writer, row * 1.5, 1);
              ok = dabiao_table_writer_end_row (writer, &error);
            }
          if (ok)
            ok = dabiao_table_writer_close (writer, &error);
          g_assert_false (ok);
          g_assert_true (g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_IO) ||
                         g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT));
          g_assert_nonnull (strstr (error->message, names[i]));
          g_printerr ("%s\n", error->message);
          g_clear_pointer (&writer, dabiao_table_writer_free);
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
        }
      /* Nothing left behind: no temporary files either. */
      {
        g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);

        g_assert_null (g_dir_read_name (d));
      }
      umount (dir);
      return;
    }
  if (!can_mount_tmpfs ())
    {
      g_test_skip ("needs root to mount a small tmpfs");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*满.csv*满.xlsx*");
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

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
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

  tmpdir = g_dir_make_tmp ("dabiao-test-csv-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/dabiao/table/csv/rfc4180", test_rfc4180);
  g_test_add_func ("/dabiao/table/csv/line-ends", test_line_ends);
  g_test_add_func ("/dabiao/table/csv/bom", test_bom);
  g_test_add_func ("/dabiao/table/csv/gb18030", test_gb18030);
  g_test_add_func ("/dabiao/table/csv/split-sequences", test_split_sequences);
  g_test_add_func ("/dabiao/table/csv/undecodable", test_undecodable);
  g_test_add_func ("/dabiao/table/csv/malformed", test_malformed);
  g_test_add_func ("/dabiao/table/csv/header-only", test_header_only);
  g_test_add_func ("/dabiao/table/find-column", test_find_column);
  g_test_add_func ("/dabiao/table/csv/write", test_write_csv);
  g_test_add_func ("/dabiao/table/csv/write-rounding", test_write_rounding);
  g_test_add_func ("/dabiao/table/write-abandoned", test_write_abandoned);
  g_test_add_func ("/dabiao/table/csv/write-stdout", test_write_stdout);
  g_test_add_func ("/dabiao/table/write-read-only", test_write_read_only);
  g_test_add_func ("/dabiao/table/write-disk-full", test_write_disk_full);
  g_test_add_func ("/dabiao/table/write-real-disk-full", test_write_real_disk_full);

  ret = g_test_run ();
  remove_tree (tmpdir);
  g_free (tmpdir);
  return ret;
}
