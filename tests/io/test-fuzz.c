/* test-fuzz.c: mutated csv and xlsx files never crash the readers, and each
 * failure is one DABIAO_ERROR naming the file
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DABIAO_FUZZ_ITERATIONS (default 200 per format, a third of it for xls) sets the number of
 * mutated files; DABIAO_FUZZ_SEED makes a run reproducible.  For a long run:
 *   DABIAO_FUZZ_ITERATIONS=100000 _build-asan/tests/io/test-fuzz
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-table.h"

static char *tmpdir;
static guint iterations = 200;
static GRand *rand_;

static const char csv_seed[] =
  "\xEF\xBB\xBF年级编号,姓名,\"备注\",身高\r\n"
  "11,张三,\"说 \"\"好\"\"\",172.5\r\n"
  "12,\"李\n四\",\"a,b\",\r\n"
  "\r\n"
  "13,王五,,  60 \r"
  "14,赵六,x\n";

static const char *const xlsx_parts[][2] = {
  { "[Content_Types].xml",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>" },
  { "_rels/.rels",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>" },
  { "xl/workbook.xml",
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr/><sheets><sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" },
  { "xl/_rels/workbook.xml.rels",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>" },
  { "xl/worksheets/sheet1.xml",
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>出生日期</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\"><v>172.5</v></c><c r=\"C2\" s=\"1\"><v>40972</v></c><c r=\"D2\" t=\"b\"><v>1</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r=\"C4\" s=\"2\"><v>0.5</v></c><c r=\"D4\" t=\"e\"><v>#N/A</v></c></row>"
    "<row><c><v>1</v></c><c t=\"d\"><v>2012-03-05T10:00:00</v></c></row>"
    "</sheetData></worksheet>" },
  { "xl/styles.xml",
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"2\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/><numFmt numFmtId=\"165\" formatCode=\"[h]:mm\"/></numFmts>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>" },
  { "xl/sharedStrings.xml",
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\" uniqueCount=\"3\">"
    "<si><t>姓名</t></si><si><t>身高</t></si><si><r><t>王</t></r><r><t xml:space=\"preserve\"> 小明</t></r><rPh><t>x</t></rPh></si></sst>" },
};

static void
mutate (GString *data)
{
  static const char specials[] = "\"\r\n,<>&/=;\x80\xFF\xE4\xB8\xAD\0" "0123456789";
  guint n = g_rand_int_range (rand_, 1, 6);

  for (guint i = 0; i < n && data->len > 0; i++)
    {
      guint pos = g_rand_int_range (rand_, 0, data->len);

      switch (g_rand_int_range (rand_, 0, 6))
        {
        case 0:
          data->str[pos] ^= 1 << g_rand_int_range (rand_, 0, 8);
          break;
        case 1:
          data->str[pos] = specials[g_rand_int_range (rand_, 0, sizeof specials - 1)];
          break;
        case 2:
          g_string_insert_c (data, pos, specials[g_rand_int_range (rand_, 0, sizeof specials - 1)]);
          break;
        case 3:
          {
            gsize len = g_rand_int_range (rand_, 1, 16);

            g_string_erase (data, pos, MIN (len, data->len - pos));
          }
          break;
        case 4:
          g_string_truncate (data, pos);
          break;
        default:
          {
            /* Duplicate a slice: repeated elements, rows, quotes. */
            gsize want = g_rand_int_range (rand_, 1, 64);
            gsize len = MIN (want, data->len - pos);
            g_autofree char *slice = g_memdup2 (data->str + pos, len);

            g_string_insert_len (data, g_rand_int_range (rand_, 0, data->len + 1), slice, len);
          }
          break;
        }
    }
}

/* Read everything; any failure must be a DABIAO_ERROR naming the file. */
static guint
read_all (const char *path,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);
  guint rows = 0;

  if (reader != NULL)
    {
      const char * const *headers = dabiao_table_reader_get_headers (reader);

      for (guint i = 0; headers[i]; i++)
        g_assert_true (g_utf8_validate (headers[i], -1, NULL));
      while (dabiao_table_reader_next_row (reader, &error))
        {
          for (int i = -1; i <= (int) dabiao_table_reader_get_n_columns (reader) + 2; i++)
            {
              const DabiaoCell *cell = dabiao_table_reader_get_cell (reader, i);

              g_assert_nonnull (cell->text);
              g_assert_true (g_utf8_validate (cell->text, -1, NULL));
              g_assert_true (cell->kind != DABIAO_CELL_EMPTY || cell->text[0] == '\0');
            }
          rows++;
        }
      dabiao_table_reader_find_column (reader, "姓名");
    }
  if (error != NULL)
    {
      g_assert_true (error->domain == DABIAO_ERROR);
      g_assert_nonnull (strstr (error->message, name));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
  return rows;
}

static void
test_fuzz_csv (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "fuzz.csv", NULL);
  gsize gb_len;
  g_autofree char *gb = g_convert (csv_seed + 3, -1, "GB18030", "UTF-8", NULL, &gb_len, NULL);
  guint ok = 0;

  g_assert_nonnull (gb);
  for (guint i = 0; i < iterations; i++)
    {
      GString *data = i % 2 ? g_string_new_len (gb, gb_len) : g_string_new (csv_seed);

      mutate (data);
      g_file_set_contents (path, data->str, data->len, NULL);
      if (read_all (path, "fuzz.csv") > 0)
        ok++;
      g_string_free (data, TRUE);
    }
  g_test_message ("csv: %u mutated files, %u read with rows", iterations, ok);
}

static void
write_zip (const char *path,
           int         mutate_part,
           gboolean    store)
{
  struct archive *archive = archive_write_new ();
  struct archive_entry *entry = archive_entry_new ();

  archive_write_set_format_zip (archive);
  if (store)
    archive_write_set_options (archive, "zip:compression=store");
  g_assert_cmpint (archive_write_open_filename (archive, path), ==, ARCHIVE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (xlsx_parts); i++)
    {
      GString *data = g_string_new (xlsx_parts[i][1]);

      if ((int) i == mutate_part)
        mutate (data);
      archive_entry_clear (entry);
      archive_entry_set_pathname (entry, xlsx_parts[i][0]);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, data->len);
      archive_write_header (archive, entry);
      archive_write_data (archive, data->str, data->len);
      g_string_free (data, TRUE);
    }
  archive_entry_free (entry);
  archive_write_close (archive);
  archive_write_free (archive);
}

static void
test_fuzz_xlsx (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "fuzz.xlsx", NULL);
  guint ok = 0;

  /* The seed itself reads. */
  write_zip (path, -1, FALSE);
  g_assert_cmpuint (read_all (path, "fuzz.xlsx"), ==, 3);

  for (guint i = 0; i < iterations; i++)
    {
      if (i % 4 == 3)
        {
          /* Bytes of the zip itself (stored, so that XML shows through). */
          g_autofree char *data = NULL;
          gsize len;
          GString *bytes;

          write_zip (path, -1, TRUE);
          g_file_get_contents (path, &data, &len, NULL);
          bytes = g_string_new_len (data, len);
          mutate (bytes);
          g_file_set_contents (path, bytes->str, bytes->len, NULL);
          g_string_free (bytes, TRUE);
        }
      else
        write_zip (path, g_rand_int_range (rand_, 0, G_N_ELEMENTS (xlsx_parts)), FALSE);
      if (read_all (path, "fuzz.xlsx") > 0)
        ok++;
    }
  g_test_message ("xlsx: %u mutated files, %u read with rows", iterations, ok);
}

/* libfreexl crashes on some damaged files; the reader refuses them. */
static void
test_freexl_crash (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "io", "freexl-crash.xls", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);

  g_assert_null (reader);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_assert_nonnull (strstr (error->message, "freexl-crash.xls"));
}

static void
test_fuzz_xls (void)
{
  const char *python = g_getenv ("DABIAO_PYTHON");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "io", "xls-helper.py", NULL);
  g_autofree char *seed_path = g_build_filename (tmpdir, "roster.xls", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "fuzz.xls", NULL);
  g_autofree char *seed = NULL;
  gsize seed_len = 0;
  guint ok = 0;
  guint n = MAX (iterations / 3, 1);

  if (python == NULL || *python == '\0')
    {
      g_test_skip ("needs $DABIAO_PYTHON with xlwt");
      return;
    }
  {
    const char *argv[] = { python, script, "make", tmpdir, NULL };
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                       NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status (status, NULL) ||
        !g_file_get_contents (seed_path, &seed, &seed_len, NULL))
      {
        g_test_skip ("needs $DABIAO_PYTHON with xlwt");
        return;
      }
  }

  for (guint i = 0; i < n; i++)
    {
      GString *data = g_string_new_len (seed, seed_len);
      guint flips = g_rand_int_range (rand_, 1, 9);

      /* Overwrite bytes only: the container's sector layout stays. */
      for (guint f = 0; f < flips; f++)
        data->str[g_rand_int_range (rand_, 0, data->len)] = g_rand_int_range (rand_, 0, 256);
      g_file_set_contents (path, data->str, data->len, NULL);
      if (read_all (path, "fuzz.xls") > 0)
        ok++;
      g_string_free (data, TRUE);
    }
  g_test_message ("xls: %u mutated files, %u read with rows", n, ok);
}

int
main (int   argc,
      char *argv[])
{
  const char *env;
  guint32 seed;
  int ret;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  if ((env = g_getenv ("DABIAO_FUZZ_ITERATIONS")) != NULL)
    iterations = strtoul (env, NULL, 10);
  seed = (env = g_getenv ("DABIAO_FUZZ_SEED")) != NULL ? strtoul (env, NULL, 10) : g_random_int ();
  g_test_message ("DABIAO_FUZZ_SEED=%u", seed);
  rand_ = g_rand_new_with_seed (seed);
  tmpdir = g_dir_make_tmp ("dabiao-test-fuzz-XXXXXX", NULL);

  g_test_add_func ("/dabiao/table/fuzz/csv", test_fuzz_csv);
  g_test_add_func ("/dabiao/table/fuzz/xlsx", test_fuzz_xlsx);
  g_test_add_func ("/dabiao/table/fuzz/xls", test_fuzz_xls);
  g_test_add_func ("/dabiao/table/fuzz/freexl-crash", test_freexl_crash);
  ret = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmpdir, name, NULL);

        g_unlink (child);
      }
    g_rmdir (tmpdir);
  }
  g_rand_free (rand_);
  g_free (tmpdir);
  return ret;
}
