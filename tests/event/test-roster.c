/* test-roster.c: roster import and validation
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-codes.h"
#include "dabiao-error.h"
#include "dabiao-event.h"
#include "dabiao-event-details.h"
#include "dabiao-results-sheet.h"
#include "dabiao-i18n.h"
#include "dabiao-table.h"

static char *tmp_dir;

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static DabiaoEvent *
new_event (const char *name,
           const char *standard)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  DabiaoEventInfo info = { .name = "名单测试", .standard = standard };
  DabiaoEvent *event;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  return event;
}

#define STUDENT_HEADER "年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期,家庭住址,身份证号\n"

static void
test_id_card (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *birth = NULL;
  guint sex = 0;

  g_assert_true (dabiao_id_card_check ("110105201303070019", &birth, &sex, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (birth, ==, "2013-03-07");
  g_assert_cmpuint (sex, ==, 1);
  g_clear_pointer (&birth, g_free);
  g_assert_true (dabiao_id_card_check ("320106199001014527", &birth, &sex, &error));
  g_assert_cmpuint (sex, ==, 2);
  /* X as the check character. */
  g_assert_true (dabiao_id_card_check ("11010519491231002X", NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (dabiao_id_card_check ("110105201303070018", NULL, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "9"));
  g_clear_error (&error);
  g_assert_false (dabiao_id_card_check ("11010520130307001", NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_false (dabiao_id_card_check ("1101052013030700A9", NULL, NULL, &error));
  g_clear_error (&error);
  /* 2013-02-30 is no date, whatever the check character. */
  g_assert_false (dabiao_id_card_check ("110105201302300011", NULL, NULL, &error));
  g_clear_error (&error);
}

static void
test_student_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = new_event ("student.dabiao", "student-2014");
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(DabiaoParticipant) p = NULL;
  g_autoptr(DabiaoMeasurement) m = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *good = write_file ("good.csv",
                                      STUDENT_HEADER
                                      "21,2101,初一1班,G001,01,张三,1,2013/3/7,北京,110105201303070019\n"
                                      "21,2101,初一1班,G002,01,李四,2,2013-05-01,北京,110105201305010028\n"
                                      "22,2202,初二2班,L440304201201200039,01,王五,男,2012-01-20,深圳,440304201201200039\n"
                                      ",,,,,,,,,\n"
                                      "22,2202,初二2班,G004,03,赵六,女,20121111,上海,\n");
  g_autofree char *updated = write_file ("updated.csv",
                                         STUDENT_HEADER
                                         "21,2101,初一1班,G001,01,张三,1,2013/3/7,北京,110105201303070019\n"
                                         "21,2102,初一2班,G002,01,李思,2,2013-05-01,北京,110105201305010028\n"
                                         "23,2301,初三1班,G005,01,孙七,1,2011-09-09,广州,\n");
  DabiaoRecordRequest request = { .participant_id = "G002", .item = "height", .has_value = TRUE, .value = 150 };

  /* A dry run counts and writes nothing. */
  g_assert_true (dabiao_event_import_roster (event, good, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report->layout, ==, "student");
  g_assert_cmpuint (report->rows, ==, 4);
  g_assert_cmpuint (report->added, ==, 4);
  g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, 0);
  g_clear_pointer (&report, dabiao_roster_report_free);

  g_assert_true (dabiao_event_import_roster (event, good, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 4);
  g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, 4);
  g_clear_pointer (&report, dabiao_roster_report_free);

  p = dabiao_event_get_participant (event, "G001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dabiao_participant_get_birth_date (p), ==, "2013-03-07");
  g_assert_cmpuint (dabiao_participant_get_grade (p), ==, 21);
  g_assert_cmpstr (dabiao_participant_get_class_code (p), ==, "2101");
  g_assert_cmpstr (dabiao_participant_get_ethnicity (p), ==, "01");
  g_clear_object (&p);
  p = dabiao_event_get_participant (event, "G004", &error);
  g_assert_cmpuint (dabiao_participant_get_sex (p), ==, 2);
  g_assert_cmpstr (dabiao_participant_get_birth_date (p), ==, "2012-11-11");
  g_clear_object (&p);

  m = dabiao_event_record (event, &request, &error);
  g_assert_no_error (error);

  /* Importing the same file again changes nothing. */
  g_assert_true (dabiao_event_import_roster (event, good, FALSE, &report, &error));
  g_assert_cmpuint (report->added, ==, 0);
  g_assert_cmpuint (report->updated, ==, 0);
  g_assert_cmpuint (report->unchanged, ==, 4);
  g_clear_pointer (&report, dabiao_roster_report_free);

  /* An updated roster updates by id, adds new people and drops nobody. */
  g_assert_true (dabiao_event_import_roster (event, updated, TRUE, &report, &error));
  g_assert_cmpuint (report->added, ==, 1);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpuint (report->unchanged, ==, 1);
  g_clear_pointer (&report, dabiao_roster_report_free);
  g_assert_true (dabiao_event_import_roster (event, updated, FALSE, &report, &error));
  g_assert_cmpuint (report->added, ==, 1);
  g_assert_cmpuint (report->updated, ==, 1);
  g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, 5);
  p = dabiao_event_get_participant (event, "G002", &error);
  g_assert_cmpstr (dabiao_participant_get_name (p), ==, "李思");
  g_assert_cmpstr (dabiao_participant_get_class_code (p), ==, "2102");
  rows = dabiao_event_list_measurements (event, "G002", &error);
  g_assert_cmpuint (rows->len, ==, 1);
}

static void
test_student_problems (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = new_event ("bad.dabiao", "student-2014");
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autofree char *bad = write_file ("名单.csv",
                                     STUDENT_HEADER
                                     "21,2101,初一1班,G001,01,张三,1,2013-03-07,北京,11010520130307001X\n"  /* 2: check char */
                                     "21,2101,初一1班,G002,01,李四,2,2013-05-02,北京,110105201305010028\n"  /* 3: birth vs ID */
                                     "21,2101,初一1班,G003,01,王五,1,2013-05-01,北京,110105201305010028\n"  /* 4: sex vs ID (and dup ID card) */
                                     "21,2101,初一1班,G001,01,重复,1,2013-03-07,北京,\n"                 /* 5: duplicate 学籍号 */
                                     "21,2101,初一1班,G006,01,,1,2013-03-07,北京,\n"                     /* 6: no name */
                                     "21,2101,初一1班,G007,01,钱七,1,2013-02-30,北京,\n"                 /* 7: impossible date */
                                     "17,1701,七年级,G008,01,周八,2,2013-01-01,北京,\n"                 /* 8: unknown grade */
                                     "21,2301,初一1班,G009,01,吴九,2,2013-01-01,北京,\n"                /* 9: class code */
                                     "21,2101,初一1班,G010,01,郑十,3,2013-01-01,北京,\n"                /* 10: sex */
                                     "21,2101,初一1班,G011,01,冯十一,1,,北京,\n"                       /* 11: no birth date */
                                     "21,2101,初一1班,G012,01,陈十二,1,2013-01-01,北京,\n");           /* fine */
  static const struct { guint row; const char *column; } expected[] = {
    { 2, "身份证号" }, { 3, "身份证号" }, { 4, "身份证号" }, { 4, "身份证号" }, { 5, "学籍号" },
    { 6, "姓名" }, { 7, "出生日期" }, { 8, "年级编号" }, { 9, "班级编号" }, { 10, "性别" },
    { 11, "出生日期" },
  };

  g_assert_false (dabiao_event_import_roster (event, bad, FALSE, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *message = g_ptr_array_index (report->problems, i);
      g_autofree char *prefix = g_strdup_printf ("名单.csv 第 %u 行 %s：", expected[i].row, expected[i].column);

      g_assert_true (g_str_has_prefix (message, prefix));
    }
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "校验位应为 9"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 4), "第 2 行"));
  /* 男/女 are what a roster writes (and are taken): the message says so. */
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 9), "“3” 不是性别；应为 男 或 女"));

  /* All or nothing: the good row was not imported either. */
  g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, 0);
}

/* A name thousands of characters long (a hostile roster: one long shared
 * string in every row made a 3.4 GB event file) is refused, with the row,
 * the column and the length; 64 characters are fine. */
static void
test_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = new_event ("long.dabiao", "student-2014");
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(GString) csv = g_string_new (STUDENT_HEADER);
  g_autofree char *path = NULL;

  g_string_append (csv, "21,2101,初一1班,G001,01,");
  for (guint i = 0; i < 64; i++)
    g_string_append (csv, "名");
  g_string_append (csv, ",1,2013-03-07,北京,\n21,2101,初一1班,G002,01,");
  for (guint i = 0; i < 30000; i++)
    g_string_append (csv, "名");
  g_string_append (csv, ",1,2013-03-07,北京,\n");
  path = write_file ("长名.csv", csv->str);

  g_assert_false (dabiao_event_import_roster (event, path, FALSE, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->problems, 0), "长名.csv 第 3 行 姓名："));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "30000"));
  g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, 0);
}

/* A million bad rows are counted, and the first thousand described (before,
 * every message was kept: 374 MB and 100 s for a 10 MB file of bad rows). */
static void
test_many_problems (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = new_event ("many.dabiao", "student-2014");
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(GString) csv = g_string_new (STUDENT_HEADER);
  g_autofree char *path = NULL;

  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (csv, "21,2101,初一1班,G%04u,01,,1,2013-03-07,北京,\n", i);
  path = write_file ("坏行.csv", csv->str);
  g_assert_false (dabiao_event_import_roster (event, path, FALSE, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "1500"));
  g_assert_cmpuint (report->problems->len, ==, 1001);
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 1000), "500"));
}

static void
test_missing_columns (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = new_event ("cols.dabiao", "student-2014");
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autofree char *no_name = write_file ("no-name.csv", "年级编号,学籍号,性别,出生日期\n21,G001,1,2013-01-01\n");
  g_autofree char *neither = write_file ("neither.csv", "姓名,性别\n张三,1\n");
  g_autofree char *empty = write_file ("empty.csv", STUDENT_HEADER);

  g_assert_false (dabiao_event_import_roster (event, no_name, FALSE, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_assert_nonnull (strstr (error->message, "姓名"));
  g_assert_nonnull (strstr (error->message, "第 1 行"));
  g_clear_error (&error);
  g_clear_pointer (&report, dabiao_roster_report_free);

  g_assert_false (dabiao_event_import_roster (event, neither, FALSE, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_clear_error (&error);
  g_clear_pointer (&report, dabiao_roster_report_free);

  g_assert_false (dabiao_event_import_roster (event, empty, FALSE, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
}

static void
test_adult_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = new_event ("adult.dabiao", "student-2014");
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(DabiaoParticipant) p = NULL;
  g_autofree char *adults = write_file ("adults.csv",
                                        "编号,姓名,身份证号,单位,手机\n"
                                        "A001,刘一,320106198506151215,市教育局,13800000001\n"
                                        "A002,陈二,320106199001014527,市体育局,13800000002\n");
  g_autofree char *bad = write_file ("adults-bad.csv",
                                     "编号,姓名,性别,出生日期,单位\n"
                                     "A001,刘一,1,1985-06-15,市教育局\n"
                                     "A002,陈二,2,,市体育局\n");

  g_assert_true (dabiao_event_import_roster (event, adults, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report->layout, ==, "adult");
  p = dabiao_event_get_participant (event, "A002", &error);
  g_assert_cmpuint (dabiao_participant_get_sex (p), ==, 2);
  g_assert_cmpstr (dabiao_participant_get_birth_date (p), ==, "1990-01-01");
  g_assert_cmpstr (dabiao_participant_get_organization (p), ==, "市体育局");
  g_assert_cmpstr (dabiao_participant_get_phone (p), ==, "13800000002");
  g_clear_pointer (&report, dabiao_roster_report_free);

  g_assert_false (dabiao_event_import_roster (event, bad, FALSE, &report, &error));
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->problems, 0), "adults-bad.csv 第 3 行 出生日期："));
}

static void
test_xlsx_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = new_event ("xlsx.dabiao", "student-2014");
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(DabiaoParticipant) p = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "名单.xlsx", NULL);
  g_autoptr(DabiaoTableWriter) writer = dabiao_table_writer_new (path, "110105", &error);
  static const char * const headers[] = {
    "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址", "身份证号",
  };
  GDate date;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    dabiao_table_writer_add_string (writer, headers[i]);
  g_assert_true (dabiao_table_writer_end_row (writer, &error));
  /* Numbers as numbers and the birth date as an Excel date, as a school's
   * export has them. */
  dabiao_table_writer_add_number (writer, 21, 0);
  dabiao_table_writer_add_number (writer, 2101, 0);
  dabiao_table_writer_add_string (writer, "初一1班");
  dabiao_table_writer_add_string (writer, "G001");
  dabiao_table_writer_add_string (writer, "01");
  dabiao_table_writer_add_string (writer, "张三");
  dabiao_table_writer_add_number (writer, 1, 0);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 7, 3, 2013);
  dabiao_table_writer_add_date (writer, &date);
  dabiao_table_writer_add_string (writer, "北京");
  dabiao_table_writer_add_string (writer, "110105201303070019");
  g_assert_true (dabiao_table_writer_end_row (writer, &error));
  /* A bad row: the birth date disagrees with the 身份证号. */
  dabiao_table_writer_add_number (writer, 21, 0);
  dabiao_table_writer_add_number (writer, 2101, 0);
  dabiao_table_writer_add_string (writer, "初一1班");
  dabiao_table_writer_add_string (writer, "G002");
  dabiao_table_writer_add_string (writer, "01");
  dabiao_table_writer_add_string (writer, "李四");
  dabiao_table_writer_add_number (writer, 2, 0);
  g_date_set_dmy (&date, 2, 5, 2013);
  dabiao_table_writer_add_date (writer, &date);
  dabiao_table_writer_add_string (writer, "北京");
  dabiao_table_writer_add_string (writer, "110105201305010028");
  g_assert_true (dabiao_table_writer_end_row (writer, &error));
  g_assert_true (dabiao_table_writer_close (writer, &error));
  g_assert_no_error (error);

  g_assert_false (dabiao_event_import_roster (event, path, FALSE, &report, &error));
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->problems, 0), "名单.xlsx 第 3 行 身份证号："));
  g_clear_error (&error);
  g_clear_pointer (&report, dabiao_roster_report_free);
  g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, 0);

  /* Fixed, it imports. */
  {
    g_autoptr(DabiaoTableWriter) fixed = dabiao_table_writer_new (path, NULL, &error);

    for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
      dabiao_table_writer_add_string (fixed, headers[i]);
    dabiao_table_writer_end_row (fixed, &error);
    dabiao_table_writer_add_number (fixed, 21, 0);
    dabiao_table_writer_add_number (fixed, 2101, 0);
    dabiao_table_writer_add_string (fixed, "初一1班");
    dabiao_table_writer_add_string (fixed, "G001");
    dabiao_table_writer_add_string (fixed, "01");
    dabiao_table_writer_add_string (fixed, "张三");
    dabiao_table_writer_add_number (fixed, 1, 0);
    g_date_set_dmy (&date, 7, 3, 2013);
    dabiao_table_writer_add_date (fixed, &date);
    dabiao_table_writer_add_string (fixed, "北京");
    dabiao_table_writer_add_string (fixed, "110105201303070019");
    dabiao_table_writer_end_row (fixed, &error);
    g_assert_true (dabiao_table_writer_close (fixed, &error));
  }
  g_assert_true (dabiao_event_import_roster (event, path, FALSE, &report, &error));
  g_assert_no_error (error);
  p = dabiao_event_get_participant (event, "G001", &error);
  g_assert_cmpstr (dabiao_participant_get_birth_date (p), ==, "2013-03-07");
  g_assert_cmpuint (dabiao_participant_get_grade (p), ==, 21);
  g_assert_cmpstr (dabiao_participant_get_class_code (p), ==, "2101");
  g_assert_cmpuint (dabiao_participant_get_sex (p), ==, 1);
}

typedef struct
{
  GMainLoop          *loop;
  DabiaoRosterReport *report;
  gboolean            written;
  guint               n_rows;
  GError             *error;
} AsyncState;

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *state = user_data;

  state->report = dabiao_event_import_roster_finish (DABIAO_EVENT (object), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->written = dabiao_results_sheet_write_finish (result, &state->n_rows, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async_import_and_results (void)
{
  g_autoptr(DabiaoEvent) event = new_event ("async.dabiao", "student-2014");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *roster = write_file ("async.csv",
                                        STUDENT_HEADER
                                        "21,2101,初一1班,G001,01,张三,1,2013/3/7,北京,110105201303070019\n"
                                        "21,2101,初一1班,G002,01,李四,2,2013-05-01,北京,110105201305010028\n");
  g_autofree char *output = g_build_filename (tmp_dir, "async-results.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(DabiaoMeasurement) m = NULL;
  DabiaoRecordRequest request = { .participant_id = "G001", .item = "standing_long_jump", .has_value = TRUE, .value = 195 };
  AsyncState state = { loop, NULL, FALSE, 0, NULL };

  dabiao_event_import_roster_async (event, roster, FALSE, NULL, imported_cb, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.report->added, ==, 2);
  dabiao_roster_report_free (state.report);

  m = dabiao_event_record (event, &request, NULL);
  dabiao_results_sheet_write_async (event, output, NULL, written_cb, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_true (state.written);
  g_assert_cmpuint (state.n_rows, ==, 2);
  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "立定跳远得分"));
  g_assert_nonnull (strstr (contents, "学年总分"));
}

static void
imported_full_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncState *state = user_data;

  state->written = dabiao_event_import_roster_finish_full (DABIAO_EVENT (object), result, &state->report,
                                                           &state->error);
  g_main_loop_quit (state->loop);
}

/* A refused import from the app (async) gets every problem, as the CLI's
 * --dry-run lists them, not only the first. */
static void
test_async_import_problems (void)
{
  g_autoptr(DabiaoEvent) event = new_event ("async-bad.dabiao", "student-2014");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *roster = write_file ("五处问题.csv",
                                        STUDENT_HEADER
                                        "21,2101,初一1班,G001,01,,1,2013-03-07,北京,\n"
                                        "21,2101,初一1班,G002,01,李四,3,2013-05-01,北京,\n"
                                        "21,2101,初一1班,G003,01,王五,1,2013-02-30,北京,\n"
                                        "17,1701,七年级,G004,01,周八,2,2013-01-01,北京,\n"
                                        "21,2101,初一1班,G001,01,重复,1,2013-03-07,北京,\n");
  AsyncState state = { loop, NULL, FALSE, 0, NULL };

  dabiao_event_import_roster_async (event, roster, FALSE, NULL, imported_full_cb, &state);
  g_main_loop_run (loop);
  g_assert_false (state.written);
  g_assert_error (state.error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (state.report);
  g_assert_cmpuint (state.report->problems->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("五处问题.csv 第 %u 行", i + 2);

      g_assert_true (g_str_has_prefix (g_ptr_array_index (state.report->problems, i), prefix));
    }
  g_clear_pointer (&state.report, dabiao_roster_report_free);
  g_clear_error (&state.error);

  /* A good file: the report, TRUE. */
  g_free (roster);
  roster = write_file ("好.csv", STUDENT_HEADER "21,2101,初一1班,G001,01,张三,1,2013-03-07,北京,\n");
  dabiao_event_import_roster_async (event, roster, FALSE, NULL, imported_full_cb, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_true (state.written);
  g_assert_cmpuint (state.report->added, ==, 1);
  dabiao_roster_report_free (state.report);
}

/* Junk in every cell never crashes the import: it either imports or says
 * which rows are wrong, and a failed import writes nothing. */
static void
test_fuzz (void)
{
  static const char * const pieces[] = {
    "", "1", "2", "男", "女", "3", "21", "2101", "17", "G001", "L110105201303070019", "110105201303070019",
    "11010520130307001X", "2013-02-30", "2013/3/7", "20130307", "1899-01-01", "2999-01-01", "x", "\"\"",
    "　", "１", "-1", "99999999999999999999", "初一1班", "2013年3月7日", "0x10", "NaN", "1e9",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(DabiaoEvent) event = new_event ("fuzz.dabiao", "student-2014");
  guint imported = 0, refused = 0;

  for (guint round = 0; round < 80; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoRosterReport) report = NULL;
      g_autoptr(GString) csv = g_string_new (STUDENT_HEADER);
      g_autofree char *path = NULL;
      guint rows = g_rand_int_range (rand, 1, 30);
      gint64 before = dabiao_event_count_participants (event, NULL, NULL);
      gboolean ok;

      for (guint r = 0; r < rows; r++)
        {
          /* A good row (unique id), with some cells replaced by junk in
           * half the rounds. */
          g_autofree char *id = g_strdup_printf ("F%u-%u", round, r);
          const char *cells[10] = { "21", "2101", "初一1班", id, "01", "张三", "1", "2013-03-07", "北京", "" };
          g_autoptr(GPtrArray) junk = g_ptr_array_new_with_free_func (g_free);

          if (round % 2 == 1)
            for (guint k = g_rand_int_range (rand, 0, 3); k > 0; k--)
              {
                guint c = g_rand_int_range (rand, 0, 10);

                if (g_rand_int_range (rand, 0, 10) == 0)
                  {
                    char *text = g_strnfill (g_rand_int_range (rand, 1, 300), (char) g_rand_int_range (rand, 'A', 'z'));

                    g_ptr_array_add (junk, text);
                    cells[c] = text;
                  }
                else
                  cells[c] = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
              }
          for (guint c = 0; c < 10; c++)
            g_string_append_printf (csv, "%s%s", c > 0 ? "," : "", cells[c]);
          g_string_append_c (csv, '\n');
        }
      path = write_file ("fuzz.csv", csv->str);
      ok = dabiao_event_import_roster (event, path, round % 3 == 0, &report, &error);
      if (ok)
        {
          imported++;
          g_assert_no_error (error);
          g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==,
                           before + (round % 3 == 0 ? 0 : report->added));
        }
      else
        {
          refused++;
          g_assert_nonnull (error);
          if (report->problems->len == 0)
            g_error ("refused without a row-level problem: %s", error->message);
          g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, before);
        }
    }
  g_test_message ("%u imported, %u refused", imported, refused);
  g_assert_cmpuint (refused, >, 0);
  g_assert_cmpuint (imported, >, 0);

  /* The 身份证号 check on random strings. */
  for (guint i = 0; i < 20000; i++)
    {
      char text[20];
      guint len = g_rand_int_range (rand, 0, 20);

      for (guint k = 0; k < len; k++)
        text[k] = g_rand_int_range (rand, 0, 12) == 0 ? 'X' : (char) ('0' + g_rand_int_range (rand, 0, 10));
      text[len] = '\0';
      dabiao_id_card_check (text, NULL, NULL, NULL);
    }
}

/* 民族 names and codes (GB/T 3304), grade names and class numbers as
 * rosters write them. */
static void
test_codes (void)
{
  static const struct { const char *text; const char *code; } nations[] = {
    { "汉族", "01" }, { "汉", "01" }, { " 汉 族 ", "01" }, { "01", "01" }, { "1", "01" }, { "０１", "01" },
    { "蒙古族", "02" }, { "维吾尔族", "05" }, { "朝鲜族", "10" }, { "土家族", "15" }, { "土族", "30" },
    { "柯尔克孜族", "29" }, { "乌孜别克", "43" }, { "德昂族", "46" }, { "崩龙族", "46" }, { "基诺族", "56" },
    { "56", "56" }, { "其他", "97" }, { "其它", "97" }, { "97", "97" }, { "外国血统中国籍人士", "98" },
    { "外国血统", "98" }, { "98", "98" },
    { "", NULL }, { "火星族", NULL }, { "57", NULL }, { "0", NULL }, { "00", NULL }, { "001", NULL },
    { "族", NULL }, { "汉族人", NULL }, { "99", NULL },
  };
  static const struct { const char *text; guint grade; } grades[] = {
    { "11", 11 }, { "16", 16 }, { "24", 24 }, { "34", 34 }, { "44", 44 },
    { "一年级", 11 }, { "五年级", 15 }, { "六年级", 16 }, { "小学五年级", 15 }, { "5年级", 15 }, { "５年级", 15 },
    { "七年级", 21 }, { "八年级", 22 }, { "九年级", 23 }, { "初一", 21 }, { "初二", 22 }, { "初三", 23 },
    { "初四", 24 }, { "初中一年级", 21 }, { "初中七年级", 21 }, { "初一年级", 21 },
    { "高一", 31 }, { "高二", 32 }, { "高三", 33 }, { "高中二年级", 32 }, { "十年级", 31 }, { "十一年级", 32 },
    { "12年级", 33 }, { "高二年级", 32 }, { "大一", 41 }, { "大四", 44 }, { "大学一年级", 41 }, { "大学四年级", 44 },
    { "", 0 }, { "17", 0 }, { "25", 0 }, { "5", 0 }, { "1", 0 }, { "七", 0 }, { "十三年级", 0 }, { "初五", 0 },
    { "高四", 0 }, { "大五", 0 }, { "小学七年级", 0 }, { "2023级", 0 }, { "大班", 0 }, { "零年级", 0 },
    { "五年级1班", 0 },
  };
  static const struct { const char *text; guint number; } classes[] = {
    { "1班", 1 }, { "(2)班", 2 }, { "（2）班", 2 }, { "五(1)班", 1 }, { "五（3）班", 3 }, { "初一3班", 3 },
    { "2", 2 }, { "02", 2 }, { "12班", 12 }, { "高2023级1班", 1 }, { "三班", 3 }, { "五年级二班", 2 },
    { "(十二)班", 12 }, { "二十班", 20 }, { "三", 3 }, { "１０班", 10 },
    { "", 0 }, { "火箭班", 0 }, { "实验班", 0 }, { "0班", 0 }, { "100班", 0 }, { "2101", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (nations); i++)
    {
      g_test_message ("民族 “%s”", nations[i].text);
      g_assert_cmpstr (dabiao_nation_code (nations[i].text), ==, nations[i].code);
    }
  /* Every code of GB/T 3304 has its name, and the name gives the code back. */
  for (guint n = 0; n < 100; n++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", n);
      const char *name = dabiao_nation_full_name (code);

      g_assert_true ((name != NULL) == ((n >= 1 && n <= 56) || n == 97 || n == 98));
      if (name != NULL)
        g_assert_cmpstr (dabiao_nation_code (name), ==, code);
    }
  g_assert_cmpstr (dabiao_nation_full_name ("01"), ==, "汉族");
  g_assert_cmpstr (dabiao_nation_name ("01"), ==, "汉");

  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    {
      g_test_message ("年级 “%s”", grades[i].text);
      g_assert_cmpuint (dabiao_grade_code_parse (grades[i].text), ==, grades[i].grade);
    }
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      g_test_message ("班级 “%s”", classes[i].text);
      g_assert_cmpuint (dabiao_class_number_parse (classes[i].text), ==, classes[i].number);
    }
}

/* A roster as a school keeps it — 学籍号/姓名/性别/出生日期/年级/班级/学校/民族,
 * with names where the upload wants codes — gets the codes at the import:
 * 民族 (GB/T 3304), 年级编号 from the grade's name, 班级编号 from 年级编号
 * and the class number; what cannot be mapped is a warning naming the row
 * and the value (the trial: the upload refused every row at the end of the
 * day, the import had said nothing). */
static void
test_names_to_codes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = new_event ("names.dabiao", "student-2014");
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(DabiaoParticipant) p = NULL;
  g_autofree char *roster = write_file ("学校名单.csv",
                                        "学籍号,姓名,性别,出生日期,年级,班级,学校,民族\n"
                                        "G101,张三,男,2015-03-07,五年级,1班,实验小学,汉族\n"      /* 2 */
                                        "G102,李四,女,2015-05-01,五年级,(2)班,实验小学,回族\n"    /* 3 */
                                        "G103,王五,男,2015-05-02,5年级,五(3)班,实验小学,03\n"     /* 4 */
                                        "G104,赵六,女,2012-05-02,初一,2,实验小学,维吾尔\n"        /* 5 */
                                        "G105,孙七,男,2009-05-02,高二,三班,实验小学,火星族\n"     /* 6 */
                                        "G106,周八,女,2015-05-02,15,火箭班,实验小学,汉族\n"       /* 7 */
                                        "G107,吴九,男,2015-05-02,六年级,1班,实验小学,\n");        /* 8 */
  g_autofree char *bad_grade = write_file ("年级.csv",
                                           "学籍号,姓名,性别,出生日期,年级,班级\n"
                                           "G201,郑十,男,2015-03-07,五年纪,1班\n");
  g_autofree char *no_grade = write_file ("无年级.csv",
                                          "学籍号,姓名,性别,出生日期,班级\n"
                                          "G201,郑十,男,2015-03-07,1班\n");
  g_autofree char *all = NULL;
  static const struct { const char *id; guint grade; const char *class_code; const char *class_name;
                        const char *ethnicity; } expected[] = {
    { "G101", 15, "1501", "1班", "01" }, { "G102", 15, "1502", "(2)班", "03" },
    { "G103", 15, "1503", "五(3)班", "03" }, { "G104", 21, "2102", "2", "05" },
    { "G105", 32, "3203", "三班", "火星族" }, { "G106", 15, "", "火箭班", "01" },
    { "G107", 16, "1601", "1班", "" },
  };

  g_assert_true (dabiao_event_import_roster (event, roster, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_clear_object (&p);
      p = dabiao_event_get_participant (event, expected[i].id, &error);
      g_assert_no_error (error);
      g_test_message ("%s", expected[i].id);
      g_assert_cmpuint (dabiao_participant_get_grade (p), ==, expected[i].grade);
      g_assert_cmpstr (dabiao_participant_get_class_code (p), ==, expected[i].class_code);
      g_assert_cmpstr (dabiao_participant_get_class_name (p), ==, expected[i].class_name);
      g_assert_cmpstr (dabiao_participant_get_ethnicity (p), ==, expected[i].ethnicity);
    }

  /* Warnings: what the upload lacks (counts), then each row that cannot be
   * mapped, with its row and value. */
  g_ptr_array_add (report->warnings, NULL);
  all = g_strjoinv ("\n", (char **) report->warnings->pdata);
  g_test_message ("%s", all);
  g_assert_null (strstr (all, "名单中没有"));
  g_assert_nonnull (strstr (all, "班级编号 有 1 行为空"));
  g_assert_nonnull (strstr (all, "民族代码 有 1 行为空"));
  g_assert_nonnull (strstr (all, "学校名单.csv 第 6 行 民族：“火星族”"));
  g_assert_nonnull (strstr (all, "学校名单.csv 第 7 行 班级：“火箭班”"));
  g_assert_null (strstr (all, "第 2 行"));
  g_assert_null (strstr (all, "第 5 行"));
  g_clear_pointer (&report, dabiao_roster_report_free);

  /* A class number in the 班级编号 column ("1", "01"): the code of that
   * class in the grade (the station trial: every row refused). */
  {
    g_autofree char *numbers = write_file ("班号.csv",
                                           "学籍号,姓名,性别,出生日期,年级,班级编号,班级名称\n"
                                           "G301,钱一,男,2015-03-07,五年级,1,五年级1班\n"
                                           "G302,钱二,女,2012-03-07,初二,01,初二(1)班\n"
                                           "G303,钱三,女,2012-03-07,22,2203,初二(3)班\n");
    static const struct { const char *id; const char *code; } codes[] = {
      { "G301", "1501" }, { "G302", "2201" }, { "G303", "2203" },
    };

    g_assert_true (dabiao_event_import_roster (event, numbers, FALSE, &report, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
      {
        g_clear_object (&p);
        p = dabiao_event_get_participant (event, codes[i].id, &error);
        g_assert_cmpstr (dabiao_participant_get_class_code (p), ==, codes[i].code);
      }
    g_clear_pointer (&report, dabiao_roster_report_free);
  }

  /* A grade that is neither: the row, the value and what is expected. */
  g_assert_false (dabiao_event_import_roster (event, bad_grade, TRUE, &report, &error));
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_test_message ("%s", (const char *) g_ptr_array_index (report->problems, 0));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->problems, 0), "年级.csv 第 2 行 年级：“五年纪”"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "11–16"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "初一"));
  g_clear_error (&error);
  g_clear_pointer (&report, dabiao_roster_report_free);

  /* No grade column: says which values the column holds. */
  g_assert_false (dabiao_event_import_roster (event, no_grade, TRUE, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "年级编号"));
  g_assert_nonnull (strstr (error->message, "21–24"));
  g_assert_nonnull (strstr (error->message, "五年级"));
}

/* What the national upload will need and the roster lacks is said at the
 * import (columns, empty cells, schools named without a code); a school
 * named as the event knows it (活动信息) gets its code. */
static void
test_upload_warnings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = new_event ("warnings.dabiao", "student-2014");
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(DabiaoParticipant) p = NULL;
  g_autofree char *sparse = write_file ("sparse.csv",
                                        "年级编号,学籍号,学校,姓名,性别,出生日期,班级\n"
                                        "21,G101,广州市第一中学,张三,1,2013-03-07,初一1班\n"
                                        "21,G102,广州市第九中学,李四,2,2013-05-01,\n"
                                        "21,G103,广州市第九中学,王五,1,2013-05-02,初一1班\n");
  g_autofree char *full = write_file ("full.csv",
                                      "学校代码,学校名称," STUDENT_HEADER
                                      "4401060001,广州市第一中学,21,2101,初一1班,G201,01,赵六,1,2013-03-07,北京,\n");
  g_autofree char *all = NULL;

  g_assert_true (dabiao_event_set_school (event, "4401060001", "广州市第一中学", &error));
  g_assert_no_error (error);

  g_assert_true (dabiao_event_import_roster (event, sparse, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 3);
  g_ptr_array_add (report->warnings, NULL);
  all = g_strjoinv ("\n", (char **) report->warnings->pdata);
  g_test_message ("%s", all);
  g_assert_cmpuint (report->warnings->len, ==, 4 + 1);
  /* The missing column, named (班级编号 is built from 班级); 班级编号 and
   * 班级名称 empty in one row; the school the event does not know. */
  g_assert_nonnull (strstr (g_ptr_array_index (report->warnings, 0), "没有 民族代码 列"));
  g_assert_null (strstr (g_ptr_array_index (report->warnings, 0), "学校代码"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->warnings, 1), "班级编号 有 1 行为空"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->warnings, 2), "班级名称 有 1 行为空"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->warnings, 3), "“广州市第九中学”"));
  g_assert_null (strstr (g_ptr_array_index (report->warnings, 3), "第一中学"));
  p = dabiao_event_get_participant (event, "G101", &error);
  g_assert_cmpstr (dabiao_participant_get_organization (p), ==, "4401060001");
  /* 班级 is the class name (the trial: it was dropped, the school shown). */
  g_assert_cmpstr (dabiao_participant_get_class_name (p), ==, "初一1班");
  g_assert_cmpstr (dabiao_participant_get_class_code (p), ==, "2101");
  g_clear_object (&p);
  p = dabiao_event_get_participant (event, "G102", &error);
  g_assert_cmpstr (dabiao_participant_get_organization (p), ==, "广州市第九中学");
  g_clear_object (&p);
  g_clear_pointer (&report, dabiao_roster_report_free);

  /* A roster with every column the upload needs: no warning. */
  g_assert_true (dabiao_event_import_roster (event, full, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->warnings->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  int status;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("dabiao-roster-XXXXXX", NULL);

  g_test_add_func ("/roster/id-card", test_id_card);
  g_test_add_func ("/roster/student-import", test_student_import);
  g_test_add_func ("/roster/student-problems", test_student_problems);
  g_test_add_func ("/roster/missing-columns", test_missing_columns);
  g_test_add_func ("/roster/too-long", test_too_long);
  g_test_add_func ("/roster/many-problems", test_many_problems);
  g_test_add_func ("/roster/adult-import", test_adult_import);
  g_test_add_func ("/roster/upload-warnings", test_upload_warnings);
  g_test_add_func ("/roster/codes", test_codes);
  g_test_add_func ("/roster/names-to-codes", test_names_to_codes);
  g_test_add_func ("/roster/xlsx-import", test_xlsx_import);
  g_test_add_func ("/roster/async-import-and-results", test_async_import_and_results);
  g_test_add_func ("/roster/async-import-problems", test_async_import_problems);
  g_test_add_func ("/roster/fuzz", test_fuzz);

  status = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_warning ("could not remove %s", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
