/* test-e2e.c: the station end to end, against dabiao-sim
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drives the main window in-process: opens an event, connects the station
 * to dabiao-sim (a 50米跑 timer on a pseudo-terminal), checks three
 * participants in, confirms a reading, records a foul and a manual entry,
 * and then reads the event file through the core API and finds exactly
 * those measurements.  The scores the station showed are checked against
 * `dabiao-cli score` on the same values (the batch path of the standards
 * engine).
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-results-page.h"
#include "dabiao-roster-page.h"
#include "dabiao-station-page.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"
#include "../standard/dabiao-test-standard.h"

/* Opens the event read-only beside the app (which may be writing it). */
static DabiaoEvent *
open_beside (const char *path)
{
  g_autoptr(GError) error = NULL;
  DabiaoEvent *event = NULL;

  for (guint i = 0; event == NULL && i < 100; i++)
    {
      g_clear_error (&error);
      event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
      if (event == NULL)
        dabiao_test_wait (50);
    }
  g_assert_no_error (error);
  return event;
}

static gboolean
person_shown (gpointer data)
{
  return dabiao_results_page_get_n_person_rows (data) > 0;
}

static gboolean
has_reading (gpointer data)
{
  return dabiao_station_page_has_reading (data);
}

static gboolean
saved (gpointer data)
{
  return g_str_has_prefix (dabiao_station_page_get_status_text (data), "已保存");
}

static gboolean
connected (gpointer data)
{
  DabiaoInstrument *instrument = dabiao_window_get_instrument (data);

  return instrument != NULL && dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED;
}

/* The item score `dabiao-cli score` gives 50米跑 = @value for grade 21, @sex. */
static int
cli_score (guint       sex,
           const char *value)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-e2e-score-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "in.csv", NULL);
  g_autofree char *content = g_strdup_printf ("年级编号,性别,学籍号,姓名,50米跑\n21,%u,X1,某,%s\n", sex, value);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) row = NULL;
  const char *argv[] = { g_getenv ("DABIAO_CLI"), "score", "--standard", "student-2014", csv, NULL };
  int status;

  g_assert_true (g_file_set_contents (csv, content, -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_unlink (csv);
  g_rmdir (dir);

  lines = g_strsplit (out, "\n", -1);
  header = g_strsplit (lines[0], ",", -1);
  row = g_strsplit (lines[1], ",", -1);
  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], "50米跑得分"))
      return atoi (row[i]);
  g_assert_not_reached ();
  return -1;
}

static void
test_station_end_to_end (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-e2e-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "运动会.dabiao", NULL);
  g_autofree char *link = g_build_filename (dir, "port", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autofree char *port = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  DabiaoWindow *window;
  DabiaoStationPage *station;
  GPtrArray *items;
  g_autofree char *score_p1 = NULL;
  g_autofree char *score_p3 = NULL;
  g_autofree char *expect_p1 = NULL;
  g_autofree char *expect_p3 = NULL;

  /* An event with three participants of grade 21 (初一). */
  {
    DabiaoEventInfo info = { .name = "端到端", .standard = "student-2014", .date = "2026-11-29" };
    DabiaoParticipantInfo people[] = {
      { .id = "P001", .name = "张三", .sex = 1, .grade = 21, .class_code = "2101" },
      { .id = "P002", .name = "李四", .sex = 1, .grade = 21, .class_code = "2101" },
      { .id = "P003", .name = "王五", .sex = 2, .grade = 21, .class_code = "2101" },
    };
    dabiao_test_create_event (path, &info, people, G_N_ELEMENTS (people));
  }

  window = dabiao_test_open_window (file, 0, 0);
  station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));

  items = dabiao_session_get_items (dabiao_window_get_session (window));
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((DabiaoEventItem *) g_ptr_array_index (items, i))->code, "run_50m"))
      dabiao_station_page_select_item (station, i);
  g_assert_cmpstr (dabiao_station_page_get_item (station), ==, "50米跑");

  /* P001 waits at the line before the timer starts sending. */
  g_assert_true (dabiao_station_page_check_in (station, "P001"));

  {
    const char *args[] = { "--profile", "generic-line", "--item", "run_50m",
                           "--values", "8.1,8.6,9.2", "--rate", "0.5", "--linger", "60", "--wait-for-host",
                           "--link", link, NULL };

    port = dabiao_test_start_sim (args, &sim);
  }
  dabiao_window_connect_instrument (window, "generic-line", port);
  g_assert_true (dabiao_test_wait_until (connected, window, 10000));

  /* 1. The timer's reading arrives by itself; Enter confirms it. */
  g_assert_true (dabiao_test_wait_until (has_reading, station, 15000));
  g_assert_cmpstr (dabiao_station_page_get_reading_text (station), ==, "8.1");
  dabiao_test_screenshot (GTK_WIDGET (window), "e2e-reading");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (station), "station.confirm", NULL));
  g_assert_true (dabiao_test_wait_until (saved, station, 10000));
  score_p1 = g_strdup (dabiao_station_page_get_score_text (station));
  dabiao_test_screenshot (GTK_WIDGET (window), "e2e-saved");

  /* 2. P002: the judge calls a foul (F3), whether or not the timer has sent
   * the next time yet (on a loaded machine the save above may outlast the
   * simulator's 2 s between readings). */
  g_assert_true (dabiao_station_page_check_in (station, "P002"));
  if (dabiao_test_wait_until (has_reading, station, 6000))
    {
      const char *shown = dabiao_station_page_get_reading_text (station);

      g_assert_true (g_str_equal (shown, "8.6") || g_str_equal (shown, "9.2"));
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (station), "station.foul", NULL));
  dabiao_test_dialog_key (TRUE);
  g_assert_true (dabiao_test_wait_until (saved, station, 10000));

  /* 3. P003: entered by hand (F6), with a reason. */
  g_assert_true (dabiao_station_page_check_in (station, "P003"));
  dabiao_station_page_request (station, DABIAO_RECORD_MANUAL, 9.5, "计时器故障");
  g_assert_true (dabiao_test_wait_until (saved, station, 10000));
  score_p3 = g_strdup (dabiao_station_page_get_score_text (station));

  /* The organiser looks P001 up on the results page: every item of a 初一
   * boy listed (身高 体重 肺活量 50米跑 坐位体前屈 立定跳远 1000米跑 引体向上),
   * not the primary-school or girls' ones. */
  {
    GtkWidget *results = dabiao_window_get_page_widget (window, "results");

    dabiao_window_show_page (window, "results");
    g_signal_emit_by_name (results, "person", "P001");
    g_assert_true (dabiao_test_wait_until (person_shown, results, 10000));
    g_assert_cmpuint (items->len, >, 8);
    g_assert_cmpuint (dabiao_results_page_get_n_person_rows (DABIAO_RESULTS_PAGE (results)), ==, 1 + 8);
    dabiao_test_screenshot (GTK_WIDGET (window), "e2e-person");
  }

  g_subprocess_send_signal (sim, SIGTERM);
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);

  /* The event file, through the core API: exactly these three rows. */
  {
    g_autoptr(DabiaoEvent) event = open_beside (path);
    DabiaoMeasurement *m;
    gsize raw_len = 0;

    g_assert_no_error (error);
    rows = dabiao_event_list_measurements (event, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 3);

    m = g_ptr_array_index (rows, 0);
    g_assert_cmpstr (dabiao_measurement_get_participant_id (m), ==, "P001");
    g_assert_cmpstr (dabiao_measurement_get_item (m), ==, "run_50m");
    g_assert_true (dabiao_measurement_is_valid (m));
    g_assert_cmpfloat_with_epsilon (dabiao_measurement_get_value (m), 8.1, 1e-9);
    g_assert_cmpint (dabiao_measurement_get_source (m), ==, DABIAO_SOURCE_INSTRUMENT);
    g_assert_nonnull (dabiao_measurement_get_raw_frame (m));
    g_bytes_get_data (dabiao_measurement_get_raw_frame (m), &raw_len);
    g_assert_cmpuint (raw_len, >, 0);

    m = g_ptr_array_index (rows, 1);
    g_assert_cmpstr (dabiao_measurement_get_participant_id (m), ==, "P002");
    g_assert_cmpint (dabiao_measurement_get_special (m), ==, DABIAO_SPECIAL_FOUL);
    g_assert_false (dabiao_measurement_has_value (m));

    m = g_ptr_array_index (rows, 2);
    g_assert_cmpstr (dabiao_measurement_get_participant_id (m), ==, "P003");
    g_assert_true (dabiao_measurement_is_valid (m));
    g_assert_cmpfloat_with_epsilon (dabiao_measurement_get_value (m), 9.5, 1e-9);
    g_assert_cmpint (dabiao_measurement_get_source (m), ==, DABIAO_SOURCE_MANUAL);
    g_assert_cmpstr (dabiao_measurement_get_reason (m), ==, "计时器故障");
    dabiao_event_close (event);
  }

  /* The scores shown are the standard's (checked by the batch scorer). */
  expect_p1 = g_strdup_printf ("%d 分", cli_score (1, "8.1"));
  expect_p3 = g_strdup_printf ("%d 分", cli_score (2, "9.5"));
  g_assert_cmpstr (score_p1, ==, expect_p1);
  g_assert_cmpstr (score_p3, ==, expect_p3);

  g_unlink (path);
}

/* A scale that answers only when asked (MT-SICS "S", no poll interval of
 * its own): the station asks it while someone waits on the card, and not
 * while nobody is there (the public-day trial: 已连接, never a reading). */
static void
test_request_driven_scale (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-e2e-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "称重.dabiao", NULL);
  g_autofree char *link = g_build_filename (dir, "scale", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSubprocess) sim = NULL;
  g_autofree char *port = NULL;
  GPtrArray *items;   /* the session's */
  DabiaoWindow *window;
  DabiaoStationPage *station;

  {
    DabiaoEventInfo info = { .name = "称重", .standard = "student-2014", .date = "2026-11-29" };
    DabiaoParticipantInfo people[] = {
      { .id = "P001", .name = "张三", .sex = 1, .grade = 21, .class_code = "2101" },
    };
    dabiao_test_create_event (path, &info, people, G_N_ELEMENTS (people));
  }
  window = dabiao_test_open_window (file, 0, 0);
  station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  items = dabiao_session_get_items (dabiao_window_get_session (window));
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((DabiaoEventItem *) g_ptr_array_index (items, i))->code, "weight"))
      dabiao_station_page_select_item (station, i);

  {
    const char *args[] = { "--profile", "mt-sics", "--values", "45.5", "--linger", "60", "--link", link, NULL };

    port = dabiao_test_start_sim (args, &sim);
  }
  dabiao_window_connect_instrument (window, "mt-sics", port);
  g_assert_true (dabiao_test_wait_until (connected, window, 10000));

  /* Nobody on the card: nothing asked, so nothing arrives for nobody. */
  dabiao_test_wait (2500);
  g_assert_false (dabiao_station_page_has_reading (station));
  g_assert_cmpuint (dabiao_station_page_get_n_unassigned (station), ==, 0);

  g_assert_true (dabiao_station_page_check_in (station, "P001"));
  g_assert_true (dabiao_test_wait_until (has_reading, station, 15000));
  g_assert_cmpstr (dabiao_station_page_get_reading_text (station), ==, "45.5");
  dabiao_test_screenshot (GTK_WIDGET (window), "e2e-scale-asked");

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_stop_sim (sim);
  g_unlink (path);
}

typedef struct
{
  gboolean done;
  gboolean ok;
} Wait;

static void
edited (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->ok = dabiao_session_update_participant_finish (DABIAO_SESSION (source), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static gboolean
wait_done (gpointer data)
{
  return ((Wait *) data)->done;
}

/* While the window is open, the test reads through the window's own event
 * (a test may call the synchronous API; a second connection beside a
 * writer is not what the app does). */
static gboolean
two_rows (gpointer data)
{
  DabiaoSession *session = dabiao_window_get_session (data);
  g_autoptr(GPtrArray) rows = dabiao_event_list_measurements (dabiao_session_get_event (session), NULL, NULL);

  return rows != NULL && rows->len == 2;
}

/* Correct a mistake: void a measurement with a reason (the results page's
 * ::void), and fix a name on the roster; both reach the event file. */
static void
test_void_and_edit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-e2e-void-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "更正.dabiao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DabiaoWindow *window;
  DabiaoStationPage *station;
  GtkWidget *results;
  DabiaoRosterItem *row;
  g_autofree char *uuid = NULL;
  Wait wait = { FALSE, FALSE };

  {
    DabiaoEventInfo info = { .name = "更正", .standard = "student-2014" };
    DabiaoParticipantInfo people[] = {
      { .id = "P001", .name = "张三", .sex = 1, .grade = 21, .class_code = "2101" },
    };
    g_autoptr(DabiaoEvent) event = dabiao_event_create (path, &info, &error);

    g_assert_no_error (error);
    g_assert_true (dabiao_event_add_participants (event, people, 1, NULL, NULL, &error));
    dabiao_event_close (event);
  }

  window = dabiao_test_open_window (file, 0, 0);
  station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  results = dabiao_window_get_page_widget (window, "results");

  g_assert_true (dabiao_station_page_check_in (station, "P001"));
  dabiao_station_page_request (station, DABIAO_RECORD_MANUAL, 170.5, "身高尺读数");
  g_assert_true (dabiao_test_wait_until (saved, station, 10000));

  {
    DabiaoEvent *event = dabiao_session_get_event (dabiao_window_get_session (window));
    g_autoptr(GPtrArray) rows = dabiao_event_list_measurements (event, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    uuid = g_strdup (dabiao_measurement_get_uuid (g_ptr_array_index (rows, 0)));
  }

  g_signal_emit_by_name (results, "void", uuid, "测错人");
  g_assert_true (dabiao_test_wait_until (two_rows, window, 10000));
  {
    DabiaoEvent *event = dabiao_session_get_event (dabiao_window_get_session (window));
    g_autoptr(GPtrArray) rows = dabiao_event_list_measurements (event, NULL, &error);
    DabiaoMeasurement *voiding;

    g_assert_no_error (error);
    voiding = g_ptr_array_index (rows, 1);

    g_assert_cmpint (dabiao_measurement_get_special (voiding), ==, DABIAO_SPECIAL_VOID);
    g_assert_cmpstr (dabiao_measurement_get_voids (voiding), ==, uuid);
    g_assert_cmpstr (dabiao_measurement_get_reason (voiding), ==, "测错人");
  }
  dabiao_window_show_page (window, "results");
  dabiao_test_wait (800);
  dabiao_test_screenshot (GTK_WIDGET (window), "e2e-voided");

  dabiao_session_update_participant_async (dabiao_window_get_session (window), "P001", "张叁", 1, NULL, -1, "初一(1)班",
                                           NULL, edited, &wait);
  g_assert_true (dabiao_test_wait_until (wait_done, &wait, 10000));
  g_assert_true (wait.ok);
  row = dabiao_roster_model_lookup (dabiao_session_get_roster (dabiao_window_get_session (window)), "P001");
  g_assert_cmpstr (dabiao_roster_item_get_name (row), ==, "张叁");
  g_assert_cmpstr (dabiao_roster_item_get_class_name (row), ==, "初一(1)班");

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);

  {
    g_autoptr(DabiaoEvent) event = open_beside (path);
    g_autoptr(DabiaoParticipant) p = dabiao_event_get_participant (event, "P001", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (dabiao_participant_get_name (p), ==, "张叁");
    g_assert_cmpstr (dabiao_participant_get_class_code (p), ==, "2101");
    dabiao_event_close (event);
  }
}

static gboolean
import_reported (gpointer data)
{
  return dabiao_roster_page_get_import_report (data)[0] != '\0';
}

static gboolean
three_shown (gpointer data)
{
  return dabiao_roster_page_get_n_shown (data) == 3;
}

/* Import a roster into an open event: a bad row refuses the file, and the
 * roster page's report names it; corrected, the rows are there at once. */
static void
test_import_roster (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-e2e-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "导入.dabiao", NULL);
  g_autofree char *csv = g_build_filename (dir, "名单.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) roster_file = g_file_new_for_path (csv);
  g_autoptr(GError) error = NULL;
  DabiaoWindow *window;
  DabiaoRosterPage *roster;
  const char *report;

  {
    DabiaoEventInfo info = { .name = "导入", .standard = "student-2014" };
    g_autoptr(DabiaoEvent) event = dabiao_event_create (path, &info, &error);

    g_assert_no_error (error);
    dabiao_event_close (event);
  }
  g_assert_true (g_file_set_contents (csv,
    "年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期\n"
    "21,2101,初一(1)班,G001,01,张三,1,2013-05-01\n"
    "21,2101,初一(1)班,G002,01,李四,2,2013-06-01\n"
    "21,2101,初一(1)班,G003,01,王五,9,2013-07-01\n", -1, NULL));

  window = dabiao_test_open_window (file, 0, 0);
  roster = DABIAO_ROSTER_PAGE (dabiao_window_get_page_widget (window, "roster"));

  /* A bad row: the event refuses the whole file, and the message names the
   * file, the row and the column. */
  dabiao_window_import_roster (window, roster_file);
  g_assert_true (dabiao_test_wait_until (import_reported, roster, 15000));
  report = dabiao_roster_page_get_import_report (roster);
  g_test_message ("import refused: %s", report);
  g_assert_nonnull (strstr (report, "名单.csv 第 4 行 性别"));
  g_assert_nonnull (strstr (report, "没有导入"));
  g_assert_cmpuint (dabiao_roster_page_get_n_shown (roster), ==, 0);

  /* Corrected: imported, reported, shown. */
  g_assert_true (g_file_set_contents (csv,
    "年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期\n"
    "21,2101,初一(1)班,G001,01,张三,1,2013-05-01\n"
    "21,2101,初一(1)班,G002,01,李四,2,2013-06-01\n"
    "21,2101,初一(1)班,G003,01,王五,2,2013-07-01\n", -1, NULL));
  dabiao_window_import_roster (window, roster_file);
  g_assert_true (dabiao_test_wait_until (three_shown, roster, 15000));
  report = dabiao_roster_page_get_import_report (roster);
  g_test_message ("import report: %s", report);
  g_assert_nonnull (strstr (report, "名单.csv"));
  g_assert_cmpuint (dabiao_roster_page_get_n_shown (roster), ==, 3);
  g_assert_cmpstr (dabiao_window_get_page (window), ==, "roster");
  dabiao_test_screenshot (GTK_WIDGET (window), "e2e-import");

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);
}

/* The results page's level chart takes its levels from the event's standard:
 * with a copy of student-2014 whose grades.csv names three levels, the
 * session's summary has those three, in order, and counts by them. */
static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DabiaoSession **session = user_data;
  g_autoptr(GError) error = NULL;

  *session = dabiao_session_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_summary_levels (void)
{
  static const struct { const char *item; double value; } good[] = {
    { "height", 120 }, { "weight", 22 }, { "vital_capacity", 1700 }, { "run_50m", 10.2 },
    { "sit_and_reach", 18.1 }, { "rope_1min", 109 },
  };
  const char * const expected[] = { "甲", "乙", "丙", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-e2e-levels-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "等级.dabiao", NULL);
  g_autofree char *user_dir = NULL;
  g_autoptr(DabiaoSession) session = NULL;
  g_autoptr(DabiaoOverview) summary = NULL;
  double sum = 0;

  /* A user standard "levels-test": student-2014 with three levels. */
  user_dir = dabiao_test_standard_install ("student-2014", "levels-test", "grades.csv",
                                           "part,min_total,grade\n*,85,甲\n*,60,乙\n*,0,丙\n");

  /* Two first-year boys, every item measured. */
  {
    DabiaoEventInfo info = { .name = "等级", .standard = "levels-test", .date = "2026-11-29" };
    DabiaoParticipantInfo people[] = {
      { .id = "P001", .name = "张三", .sex = 1, .grade = 11, .class_code = "1101" },
      { .id = "P002", .name = "李四", .sex = 1, .grade = 11, .class_code = "1101" },
    };
    g_autoptr(DabiaoEvent) event = dabiao_event_create (path, &info, &error);

    g_assert_no_error (error);
    g_assert_true (dabiao_event_add_participants (event, people, G_N_ELEMENTS (people), NULL, NULL, &error));
    for (guint p = 0; p < G_N_ELEMENTS (people); p++)
      for (guint i = 0; i < G_N_ELEMENTS (good); i++)
        {
          DabiaoRecordRequest request = { .participant_id = people[p].id, .item = good[i].item,
                                          .has_value = TRUE, .value = good[i].value };
          g_autoptr(DabiaoMeasurement) m = dabiao_event_record (event, &request, &error);

          g_assert_no_error (error);
        }
    dabiao_event_close (event);
  }

  dabiao_session_open_async (path, NULL, opened_cb, &session);
  g_assert_true (dabiao_test_wait_until (dabiao_test_pointer_set, &session, 10000));
  summary = dabiao_test_summarize (session);

  g_assert_cmpstrv (summary->levels, expected);
  g_assert_cmpuint (summary->complete, ==, 2);
  g_assert_cmpuint (g_strv_length (summary->groups), ==, 1);
  for (guint l = 0; l < 3; l++)
    sum += summary->distribution[l];
  g_assert_cmpfloat (sum, ==, 2);
  dabiao_session_close (session);
  dabiao_test_standard_remove (user_dir);
}

static void
person_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DabiaoPersonView **view = user_data;
  g_autoptr(GError) error = NULL;

  *view = dabiao_session_person_finish (DABIAO_SESSION (object), result, &error);
  g_assert_no_error (error);
}

static guint
item_index (DabiaoOverview *summary,
            const char     *name)
{
  for (guint i = 0; summary->item_names[i] != NULL; i++)
    if (g_str_equal (summary->item_names[i], name))
      return i;
  g_error ("no item %s", name);
}

/* Progress counts the people each item applies to (800米跑: girls of 初中
 * and up, not everyone); a person's card lists only their items, and the
 * missing ones one a line. */
static void
test_summary_applies (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-e2e-applies-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "适用.dabiao", NULL);
  g_autoptr(DabiaoSession) session = NULL;
  g_autoptr(DabiaoOverview) summary = NULL;
  g_autoptr(DabiaoPersonView) view = NULL;

  {
    DabiaoEventInfo info = { .name = "适用", .standard = "student-2014", .date = "2026-12-06" };
    DabiaoParticipantInfo people[] = {
      { .id = "P001", .name = "张三", .sex = 1, .grade = 11, .class_code = "1101", .birth_date = "2019-03-07" },
      { .id = "P002", .name = "李四", .sex = 1, .grade = 21, .class_code = "2101", .birth_date = "2013-04-07" },
      { .id = "P003", .name = "王芳", .sex = 2, .grade = 21, .class_code = "2101", .birth_date = "2013-05-07" },
    };
    DabiaoRecordRequest requests[] = {
      { .participant_id = "P001", .item = "rope_1min", .has_value = TRUE, .value = 100 },
      { .participant_id = "P003", .item = "run_800m", .has_value = TRUE, .value = 220 },
    };
    g_autoptr(DabiaoEvent) event = dabiao_event_create (path, &info, &error);

    g_assert_no_error (error);
    g_assert_true (dabiao_event_add_participants (event, people, G_N_ELEMENTS (people), NULL, NULL, &error));
    for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
      {
        g_autoptr(DabiaoMeasurement) m = dabiao_event_record (event, &requests[i], &error);

        g_assert_no_error (error);
      }
    dabiao_event_close (event);
  }

  dabiao_session_open_async (path, NULL, opened_cb, &session);
  g_assert_true (dabiao_test_wait_until (dabiao_test_pointer_set, &session, 10000));
  summary = dabiao_test_summarize (session);
  g_assert_cmpuint (summary->participants, ==, 3);
  g_assert_cmpuint (summary->item_expected[item_index (summary, "身高")], ==, 3);
  g_assert_cmpuint (summary->item_expected[item_index (summary, "800米跑")], ==, 1);
  g_assert_cmpuint (summary->item_done[item_index (summary, "800米跑")], ==, 1);
  g_assert_cmpuint (summary->item_expected[item_index (summary, "1000米跑")], ==, 1);
  g_assert_cmpuint (summary->item_expected[item_index (summary, "一分钟跳绳")], ==, 1);
  g_assert_cmpuint (summary->item_done[item_index (summary, "一分钟跳绳")], ==, 1);
  g_assert_cmpuint (summary->item_expected[item_index (summary, "引体向上")], ==, 1);

  dabiao_session_person_async (session, "P001", NULL, person_cb, &view);
  g_assert_true (dabiao_test_wait_until (dabiao_test_pointer_set, &view, 10000));
  for (guint i = 0; i < view->items->len; i++)
    {
      const char *name = g_ptr_array_index (view->items, i);

      g_test_message ("P001: %s", name);
      g_assert_false (g_str_equal (name, "800米跑") || g_str_equal (name, "1000米跑") || g_str_equal (name, "引体向上")
                      || g_str_equal (name, "一分钟仰卧起坐"));
    }
  g_assert_true (g_ptr_array_find_with_equal_func (view->items, "一分钟跳绳", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (view->items, "50米跑", g_str_equal, NULL));
  g_test_message ("P001 notes: %s", view->notes);
  g_assert_null (strstr (view->notes, "；"));
  g_assert_nonnull (strstr (view->notes, "\n"));
  dabiao_session_close (session);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  dabiao_test_init (&argc, &argv);

  g_test_add_func ("/dabiao/app/EndToEnd/station-with-sim", test_station_end_to_end);
  g_test_add_func ("/dabiao/app/EndToEnd/request-driven-scale", test_request_driven_scale);
  g_test_add_func ("/dabiao/app/EndToEnd/void-and-edit", test_void_and_edit);
  g_test_add_func ("/dabiao/app/EndToEnd/import-roster", test_import_roster);
  g_test_add_func ("/dabiao/app/EndToEnd/summary-levels", test_summary_levels);
  g_test_add_func ("/dabiao/app/EndToEnd/summary-applies", test_summary_applies);

  return g_test_run ();
}
