/* bench-event.c: the event file at the scale of a district's test day
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 1. Import a 100,000-row roster .xlsx, against Debian's python3-openpyxl
 *    (read-only mode) merely reading the same file.  Target: ≥ 5× faster.
 * 2. Record 10,000 measurements, each in its own durable commit, and
 *    100,000 in batches of 1,000, against a bare sqlite insert loop with the
 *    same durability (WAL, synchronous=FULL) and the same commit pattern.
 * 3. Results (with scores) for the 100,000 participants, against the
 *    standards' scorer alone reading an equivalent sheet.
 *
 * Environment: DABIAO_BENCH_ROWS (default 100000), DABIAO_PYTHON.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dabiao-event.h"
#include "dabiao-results-sheet.h"
#include "dabiao-i18n.h"
#include "dabiao-score-file.h"
#include "dabiao-standard.h"
#include "dabiao-table.h"

static char *tmp_dir;

static void
die_on_error (GError *error)
{
  if (error != NULL)
    {
      g_printerr ("bench-event: %s\n", error->message);
      exit (1);
    }
}

static void
id_card (guint  n,
         int    year,
         int    month,
         int    day,
         guint  sex,
         char   out[19])
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char check_chars[] = "10X98765432";
  /* Unique per n: the area code carries n / 500, the sequence n % 500 and
   * the sex (odd for men). */
  guint area = 110000 + n / 500;
  guint seq = (n % 500) * 2 + (sex == 1 ? 1 : 0);
  int sum = 0;

  g_snprintf (out, 19, "%06u%04d%02d%02d%03u", area % 1000000, year, month, day, seq);
  for (int i = 0; i < 17; i++)
    sum += (out[i] - '0') * weights[i];
  out[17] = check_chars[sum % 11];
  out[18] = '\0';
}

static char *
write_roster (guint rows)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, "roster.xlsx", NULL);
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, "110105", &error);
  static const char * const headers[] = {
    "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址", "身份证号",
  };
  static const guint grades[] = { 11, 12, 13, 14, 15, 16, 21, 22, 23, 31, 32, 33 };

  die_on_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    dabiao_table_writer_add_string (writer, headers[i]);
  dabiao_table_writer_end_row (writer, &error);
  for (guint r = 0; r < rows; r++)
    {
      guint grade = grades[r % G_N_ELEMENTS (grades)];
      guint class_no = 1 + (r / G_N_ELEMENTS (grades)) % 12;
      guint sex = 1 + r % 2;
      int year = 2019 - (grade % 10) - (grade / 10 - 1) * 6 + (grade >= 30 ? 3 : 0);
      int month = 1 + r % 12, day = 1 + r % 28;
      char card[19];
      g_autofree char *grade_text = g_strdup_printf ("%u", grade);
      g_autofree char *class_code = g_strdup_printf ("%u%02u", grade, class_no);
      g_autofree char *class_name = g_strdup_printf ("%u班", class_no);
      g_autofree char *id = g_strdup_printf ("G%08u", r);
      g_autofree char *name = g_strdup_printf ("学生%u", r);
      GDate date;

      id_card (r, year, month, day, sex, card);
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, day, month, year);
      dabiao_table_writer_add_string (writer, grade_text);
      dabiao_table_writer_add_string (writer, class_code);
      dabiao_table_writer_add_string (writer, class_name);
      dabiao_table_writer_add_string (writer, id);
      dabiao_table_writer_add_string (writer, "01");
      dabiao_table_writer_add_string (writer, name);
      dabiao_table_writer_add_string (writer, sex == 1 ? "1" : "2");
      dabiao_table_writer_add_date (writer, &date);
      dabiao_table_writer_add_string (writer, "北京市东城区某某街道某某小区");
      dabiao_table_writer_add_string (writer, card);
      if (!dabiao_table_writer_end_row (writer, &error))
        die_on_error (error);
    }
  if (!dabiao_table_writer_close (writer, &error))
    die_on_error (error);
  return path;
}

static double
python_read_seconds (const char *path,
                     guint       expected_rows)
{
  const char *python = g_getenv ("DABIAO_PYTHON");
  g_autofree char *script = g_strdup_printf (
    "import sys, time, openpyxl\n"
    "t = time.perf_counter()\n"
    "wb = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
    "n = 0\n"
    "for row in wb.worksheets[0].iter_rows(values_only=True):\n"
    "    n += 1\n"
    "print(time.perf_counter() - t, n - 1)\n");
  const char *argv[] = { python != NULL ? python : "/usr/bin/python3", "-c", script, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  double seconds = 0;
  guint rows = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, NULL)
      || sscanf (out, "%lf %u", &seconds, &rows) != 2)
    {
      g_printerr ("bench-event: python3-openpyxl could not read %s\n", path);
      return -1;
    }
  if (rows != expected_rows)
    g_printerr ("bench-event: openpyxl read %u rows, expected %u\n", rows, expected_rows);
  return seconds;
}

/* The bare baseline: the same columns, the same durability, nothing else. */
static double
bare_inserts (const char *path,
              guint       n,
              guint       batch)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;

  g_unlink (path);
  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                    "CREATE TABLE m (uuid TEXT PRIMARY KEY, participant_id TEXT, item TEXT, value REAL,"
                    " unit TEXT, special INTEGER, reason TEXT, source INTEGER, instrument_id TEXT,"
                    " station TEXT, operator TEXT, measured_at INTEGER, recorded_at INTEGER)", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO m VALUES (?, ?, ?, ?, 'ml', 0, '', 1, 'FHL-1', 'A', '甲', ?, ?)", -1, &stmt, NULL);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *id = g_strdup_printf ("G%08u", i % 100000);

      if (i % batch == 0)
        sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, "vital_capacity", -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 4, 2000 + i % 3000);
      sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
      sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
      sqlite3_step (stmt);
      if (i % batch == batch - 1 || i == n - 1)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
event_inserts (DabiaoEvent *event,
               guint        n,
               guint        batch,
               guint        rows,
               const char  *item)
{
  g_autoptr(GError) error = NULL;
  g_autofree DabiaoRecordRequest *requests = g_new0 (DabiaoRecordRequest, batch);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i += batch)
    {
      guint count = MIN (batch, n - i);

      g_ptr_array_set_size (ids, 0);
      for (guint j = 0; j < count; j++)
        {
          char *id = g_strdup_printf ("G%08u", (i + j) % rows);

          g_ptr_array_add (ids, id);
          requests[j] = (DabiaoRecordRequest) { .participant_id = id, .item = item, .has_value = TRUE,
                                                .value = 150 + (i + j) % 60, .source = DABIAO_SOURCE_INSTRUMENT,
                                                .instrument_id = "TZ-1" };
        }
      if (count == 1)
        {
          g_autoptr(DabiaoMeasurement) m = dabiao_event_record (event, &requests[0], &error);
          die_on_error (error);
        }
      else if (!dabiao_event_record_many (event, requests, count, &error))
        die_on_error (error);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(DabiaoStandard) standard = NULL;
  g_autofree char *roster = NULL;
  g_autofree char *event_path = NULL;
  g_autofree char *bare_path = NULL;
  g_autofree char *results_path = NULL;
  g_autofree char *rescored_path = NULL;
  DabiaoEventInfo info = { .name = "基准测试", .standard = "student-2014", .date = "2026-05-01" };
  DabiaoScoreFileStats stats = { 0 };
  const char *rows_env = g_getenv ("DABIAO_BENCH_ROWS");
  guint rows = rows_env != NULL ? atoi (rows_env) : 100000;
  guint durable = rows / 10;
  double t_import, t_python, t_durable, t_bare_durable, t_batch, t_bare_batch, t_results, t_score;
  gint64 start;
  guint n_results = 0;

  dabiao_i18n_init ();
  tmp_dir = g_dir_make_tmp ("dabiao-bench-XXXXXX", NULL);
  event_path = g_build_filename (tmp_dir, "bench.dabiao", NULL);
  bare_path = g_build_filename (tmp_dir, "bare.sqlite", NULL);
  results_path = g_build_filename (tmp_dir, "results.csv", NULL);
  rescored_path = g_build_filename (tmp_dir, "rescored.csv", NULL);

  /* 1. Roster import. */
  roster = write_roster (rows);
  event = dabiao_event_create (event_path, &info, &error);
  die_on_error (error);
  start = g_get_monotonic_time ();
  if (!dabiao_event_import_roster (event, roster, FALSE, &report, &error))
    die_on_error (error);
  t_import = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpuint (report->added, ==, rows);
  t_python = python_read_seconds (roster, rows);
  printf ("roster import, %u rows (.xlsx, validated, one transaction): %.2f s\n", rows, t_import);
  printf ("python3-openpyxl read-only, only reading the same file:     %.2f s\n", t_python);
  printf ("ratio openpyxl/import: %.1fx (target >= 5x)\n\n", t_python / t_import);
  fflush (stdout);
  if (g_strcmp0 (g_getenv ("DABIAO_BENCH_PHASES"), "import") == 0)
    return 0;

  /* 2. Measurements. */
  dabiao_event_set_item_attempts (event, "height", 99, NULL);
  dabiao_event_set_item_attempts (event, "vital_capacity", 99, NULL);
  t_durable = event_inserts (event, durable, 1, rows, "height");
  t_bare_durable = bare_inserts (bare_path, durable, 1);
  printf ("%u measurements, one durable commit each: %.2f s (%.0f/s); bare sqlite loop: %.2f s; ratio %.2fx\n",
          durable, t_durable, durable / t_durable, t_bare_durable, t_durable / t_bare_durable);
  t_batch = event_inserts (event, rows, 1000, rows, "vital_capacity");
  t_bare_batch = bare_inserts (bare_path, rows, 1000);
  printf ("%u measurements in batches of 1000: %.2f s (%.0f/s); bare sqlite loop: %.2f s; ratio %.2fx\n\n",
          rows, t_batch, rows / t_batch, t_bare_batch, t_batch / t_bare_batch);

  /* 3. Results with scores, against the scorer alone on the same sheet. */
  start = g_get_monotonic_time ();
  if (!dabiao_results_sheet_write (event, results_path, &n_results, &error))
    die_on_error (error);
  t_results = (g_get_monotonic_time () - start) / 1e6;
  standard = dabiao_standard_load ("student-2014", &error);
  die_on_error (error);
  start = g_get_monotonic_time ();
  if (!dabiao_score_file (standard, results_path, NULL, rescored_path, &stats, &error))
    die_on_error (error);
  t_score = (g_get_monotonic_time () - start) / 1e6;
  printf ("results for %u participants (%u measurements, with scores): %.2f s\n",
          n_results, durable + rows, t_results);
  printf ("the scorer alone on a sheet of the same rows: %.2f s; ratio %.2fx\n", t_score, t_results / t_score);

  {
    g_autoptr(GPtrArray) problems = NULL;

    start = g_get_monotonic_time ();
    if (!dabiao_event_verify (event, &problems, &error))
      die_on_error (error);
    printf ("verify (integrity_check + hash chains of %u rows): %.2f s\n",
            durable + rows, (g_get_monotonic_time () - start) / 1e6);
  }

  g_clear_object (&event);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  return 0;
}
