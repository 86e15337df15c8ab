/* test-sync-app.c: live sync in the app, against a real PostgreSQL
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A journey: the station's operator opens Preferences → 服务器, types the
 * address and the password a district gave (a station role), tests the
 * connection, and records; the header says 已同步 and the row is on the
 * server.  The organiser's window, open on its own copy of the event, shows
 * the station's rows and another station's arriving on its results page.
 * The server goes away: the station keeps recording, the header says
 * 离线（N 条待上传）; it comes back: nothing is lost, everything arrives.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-preferences-window.h"
#include "dabiao-results-page.h"
#include "dabiao-server.h"
#include "dabiao-station-page.h"
#include "dabiao-sync.h"
#include "dabiao-syncer.h"
#include "dabiao-test-ui.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"
#include "../sync/dabiao-test-pg.h"

static DabiaoTestPg *pg;
static GString *logged;   /* every message logged (G_MESSAGES_DEBUG=all) */

static GLogWriterOutput
keep_log (GLogLevelFlags   level,
          const GLogField *fields,
          gsize            n_fields,
          gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0 && g_str_equal (fields[i].key, "MESSAGE"))
      {
        g_string_append (logged, fields[i].value);
        g_string_append_c (logged, '\n');
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Whether @needle occurs anywhere in @bytes (which may hold NULs, unlike
 * what strstr() and g_strstr_len() search). */
static gboolean
bytes_contain (const GString *bytes,
               const char    *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= bytes->len; i++)
    if (bytes->str[i] == needle[0] && memcmp (bytes->str + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
saved (gpointer data)
{
  return g_str_has_prefix (dabiao_station_page_get_status_text (data), "已保存");
}

typedef struct
{
  DabiaoWindow *window;
  const char   *prefix;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *wait = data;

  return g_str_has_prefix (dabiao_window_get_sync_status_text (wait->window), wait->prefix);
}

static gboolean
has_text (gpointer data)
{
  return *gtk_editable_get_text (data) != '\0';
}

static gboolean
toast_shown (gpointer data)
{
  return dabiao_test_find_css (data, "toast") != NULL;
}

/* The test button is insensitive while the test runs. */
static gboolean
tested (gpointer data)
{
  return gtk_widget_get_sensitive (dabiao_test_get_widget (data, "server-test"));
}

typedef struct
{
  const char *db;
  const char *sql;
  const char *expected;
} ServerWait;

static gboolean
server_has (gpointer data)
{
  ServerWait *wait = data;
  g_autofree char *value = dabiao_test_pg_query_value (pg, wait->db, wait->sql);

  return g_strcmp0 (value, wait->expected) == 0;
}

typedef struct
{
  DabiaoWindow *window;
  const char   *expected;
} ResultsWait;

static gboolean
results_show (gpointer data)
{
  ResultsWait *wait = data;
  GtkWidget *results = dabiao_window_get_page_widget (wait->window, "results");

  return g_strcmp0 (dabiao_results_page_get_measurements_text (DABIAO_RESULTS_PAGE (results)), wait->expected) == 0;
}

static void
wait_status (DabiaoWindow *window,
             const char   *prefix)
{
  StatusWait wait = { window, prefix };

  if (!dabiao_test_wait_until (status_is, &wait, 30000))
    g_error ("the header says “%s”, not “%s…” (%s)", dabiao_window_get_sync_status_text (window), prefix,
             dabiao_syncer_get_message (dabiao_window_get_syncer (window)) != NULL
             ? dabiao_syncer_get_message (dabiao_window_get_syncer (window)) : "");
}

static void
wait_server (const char *db,
             const char *sql,
             const char *expected)
{
  ServerWait wait = { db, sql, expected };

  if (!dabiao_test_wait_until (server_has, &wait, 30000))
    {
      g_autofree char *value = dabiao_test_pg_query_value (pg, db, sql);

      g_error ("%s: %s, expected %s", sql, value, expected);
    }
}

static void
record_manual (DabiaoStationPage *station,
               const char        *id,
               double             value)
{
  g_assert_true (dabiao_station_page_check_in (station, id));
  dabiao_station_page_request (station, DABIAO_RECORD_MANUAL, value, "手工录入");
  if (!dabiao_test_wait_until (saved, station, 10000))
    g_error ("%s: not saved (%s)", id, dabiao_station_page_get_status_text (station));
}

static DabiaoWindow *
open_window_sized (const char *path,
                   int         width,
                   int         height)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  DabiaoWindow *window = g_object_new (DABIAO_TYPE_WINDOW, NULL);

  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  dabiao_window_open_file (window, file);
  g_assert_true (dabiao_test_wait_until (dabiao_test_session_open, window, 10000));
  return window;
}

static DabiaoWindow *
open_window (const char *path)
{
  return open_window_sized (path, 0, 0);
}

/* The header at @window's size names the event whole beside the tabs, with
 * the sync status (the trial: 离线（1 条待上传） left the name "⋯" at
 * 1024×600). */
static void
assert_header_readable (DabiaoWindow *window,
                        const char   *name)
{
  GtkLabel *label = GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window), "event-name"));
  GtkWidget *status = dabiao_test_get_widget (GTK_WIDGET (window), "sync-status");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  dabiao_test_wait (300);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)) && gtk_widget_get_mapped (status));
  g_assert_cmpstr (gtk_label_get_label (label), ==, name);
  g_test_message ("header: %d px for the name, tabs shown: %d", gtk_widget_get_width (GTK_WIDGET (label)),
                  dabiao_window_get_tabs_shown (window));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
  dabiao_test_check_layout (gtk_widget_get_ancestor (status, ADW_TYPE_HEADER_BAR), "header", 0, 0, problems);
  dabiao_test_assert_no_problems (problems);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

static void
test_live_sync (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-sync-app-XXXXXX", NULL);
  g_autofree char *organiser_path = g_build_filename (dir, "运动会-组织者.dabiao", NULL);
  g_autofree char *station_path = g_build_filename (dir, "运动会-50米.dabiao", NULL);
  g_autofree char *other_path = g_build_filename (dir, "运动会-跳远.dabiao", NULL);
  g_autofree char *admin_url = dabiao_test_pg_new_database (pg, "journey");
  g_autofree char *station_url = NULL;
  g_autofree char *typed_url = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoWindow *station_window;
  DabiaoWindow *organiser_window;
  DabiaoStationPage *station;
  GPtrArray *items;

  /* The district: a server and a login for the station. */
  {
    g_autoptr(DabiaoServer) admin = dabiao_server_connect (admin_url, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (dabiao_server_init (admin, NULL, NULL, &error));
    station_url = dabiao_server_add_station (admin, "school1", NULL, &error);
    g_assert_no_error (error);
  }
  /* What the operator types: the address without the password, which goes
   * into its own field (and the keyring). */
  {
    g_autoptr(GUri) uri = g_uri_parse (station_url, G_URI_FLAGS_HAS_PASSWORD, &error);

    g_assert_no_error (error);
    password = g_strdup (g_uri_get_password (uri));
    typed_url = g_strdup_printf ("postgresql://%s@%s:%d%s", g_uri_get_user (uri), g_uri_get_host (uri),
                                 g_uri_get_port (uri), g_uri_get_path (uri));
  }

  /* The organiser's event, and the copies handed to two stations. */
  {
    DabiaoEventInfo info = { .name = "运动会", .standard = "student-2014", .date = "2026-12-06" };
    DabiaoParticipantInfo people[] = {
      { .id = "P001", .name = "张三", .sex = 1, .grade = 21, .class_code = "2101" },
      { .id = "P002", .name = "李四", .sex = 1, .grade = 21, .class_code = "2101" },
      { .id = "P003", .name = "王五", .sex = 2, .grade = 21, .class_code = "2101" },
      { .id = "P004", .name = "赵六", .sex = 2, .grade = 21, .class_code = "2101" },
    };
    dabiao_test_create_event (organiser_path, &info, people, G_N_ELEMENTS (people));
  }
  copy_file (organiser_path, station_path);
  copy_file (organiser_path, other_path);

  /* 1. The station: Preferences → 服务器. */
  station_window = open_window (station_path);
  g_assert_cmpstr (dabiao_window_get_sync_status_text (station_window), ==, "");

  /* An address whose password is not kept (cleared, or another computer's
   * settings): 同步错误, and its tooltip tells a window's user where to
   * enter it, not the command line's PGPASSWORD or ~/.pgpass (trial 16b). */
  {
    g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
    StatusWait wait = { station_window, "同步错误" };
    const char *message;

    g_settings_set_string (settings, "server-url", typed_url);
    g_assert_true (dabiao_test_wait_until (status_is, &wait, 20000));
    message = dabiao_syncer_get_message (dabiao_window_get_syncer (station_window));
    g_test_message ("%s", message);
    g_assert_nonnull (strstr (message, "密码"));
    g_assert_nonnull (strstr (message, "首选项 → 服务器"));
    g_assert_null (strstr (message, "PGPASSWORD"));
    g_assert_null (strstr (message, "pgpass"));
    g_settings_set_string (settings, "server-url", "");
    g_assert_cmpstr (dabiao_window_get_sync_status_text (station_window), ==, "");
  }
  {
    DabiaoPreferencesWindow *prefs = dabiao_preferences_window_new (GTK_WINDOW (station_window));
    GtkWidget *url_row, *password_row;

    dabiao_window_attach_preferences (station_window, GTK_WIDGET (prefs));
    gtk_window_present (GTK_WINDOW (prefs));
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "server");
    url_row = dabiao_test_get_widget (GTK_WIDGET (prefs), "server-url");
    password_row = dabiao_test_get_widget (GTK_WIDGET (prefs), "server-password");

    /* A wrong password first: the test says so, in Chinese. */
    gtk_editable_set_text (GTK_EDITABLE (url_row), typed_url);
    gtk_editable_set_text (GTK_EDITABLE (password_row), "Wr0ngPassw0rd-93");
    dabiao_test_click (GTK_WIDGET (prefs), "server-test");
    g_assert_false (tested (prefs));
    g_assert_true (dabiao_test_wait_until (tested, prefs, 20000));
    g_test_message ("%s", dabiao_preferences_window_get_server_status (prefs));
    g_assert_nonnull (strstr (dabiao_preferences_window_get_server_status (prefs), "密码"));
    dabiao_test_screenshot (GTK_WIDGET (prefs), "sync-preferences-refused");

    /* Another address pasted: the refusal was about the old one and goes
     * (trial 16b: it stayed under 测试连接). */
    gtk_editable_set_text (GTK_EDITABLE (url_row), "postgresql://another@127.0.0.1/dabiao");
    g_assert_cmpstr (dabiao_preferences_window_get_server_status (prefs), ==,
                     "用这个地址和密码连接，并检查服务器上的数据表。");
    gtk_editable_set_text (GTK_EDITABLE (url_row), typed_url);

    gtk_editable_set_text (GTK_EDITABLE (password_row), password);
    dabiao_test_click (GTK_WIDGET (prefs), "server-test");
    g_assert_true (dabiao_test_wait_until (tested, prefs, 20000));
    g_assert_true (g_str_has_prefix (dabiao_preferences_window_get_server_status (prefs), "已连接"));
    dabiao_test_screenshot (GTK_WIDGET (prefs), "sync-preferences");

    /* The operator pastes the whole line `server add-station` printed,
     * password and all, and applies it (the row's ✓ button): the password
     * moves to its own field and the keyring, the settings keep the rest. */
    gtk_editable_set_text (GTK_EDITABLE (password_row), "");
    gtk_editable_set_text (GTK_EDITABLE (url_row), station_url);
    g_signal_emit_by_name (url_row, "apply");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, password);
    g_assert_null (strstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), password));
    {
      g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
      g_autofree char *kept = g_settings_get_string (settings, "server-url");

      g_assert_cmpstr (kept, ==, typed_url);
    }
    g_signal_emit_by_name (password_row, "apply");
    gtk_window_destroy (GTK_WINDOW (prefs));
  }
  wait_status (station_window, "已同步");

  /* 2. It records; the row reaches the server without anyone asking. */
  station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (station_window, "station"));
  items = dabiao_session_get_items (dabiao_window_get_session (station_window));
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((DabiaoEventItem *) g_ptr_array_index (items, i))->code, "run_50m"))
      dabiao_station_page_select_item (station, i);
  record_manual (station, "P001", 8.4);
  record_manual (station, "P002", 9.1);
  wait_server ("journey", "SELECT count (*) FROM measurements", "2");
  wait_status (station_window, "已同步");
  dabiao_test_screenshot (GTK_WIDGET (station_window), "sync-station-synced");

  /* 3. The organiser's window on its own copy (same computer, same server
   * settings): the station's rows arrive and count on the results page. */
  organiser_window = open_window (organiser_path);
  dabiao_window_show_page (organiser_window, "results");
  {
    ResultsWait wait = { organiser_window, "2" };
    DabiaoResultsPage *results = DABIAO_RESULTS_PAGE (dabiao_window_get_page_widget (organiser_window, "results"));

    g_assert_true (dabiao_test_wait_until (results_show, &wait, 30000));
    /* Two 50 m runs, nobody with every item: the empty level chart and the
     * pass rate's "—" say why (trial 16b: 还没有成绩 beside a full item
     * chart). */
    g_assert_cmpstr (dabiao_results_page_get_level_note (results), ==,
                     "尚无人测完全部项目：等级和及格率只计已测完全部项目的人");
    dabiao_test_screenshot (GTK_WIDGET (organiser_window), "sync-organiser-nobody-complete");
  }

  /* Another station (its own program) syncs a row; it shows up here live. */
  {
    g_autoptr(DabiaoEvent) other = dabiao_event_open (other_path, DABIAO_EVENT_OPEN_NONE, &error);
    g_autoptr(DabiaoServer) server = dabiao_server_connect (station_url, NULL, &error);
    g_autoptr(DabiaoSyncReport) report = NULL;
    g_autoptr(DabiaoMeasurement) m = NULL;
    DabiaoRecordRequest request = { .participant_id = "P003", .item = "standing_long_jump",
                                    .has_value = TRUE, .value = 165 };
    ResultsWait wait = { organiser_window, "3" };

    g_assert_no_error (error);
    dabiao_event_set_station (other, "跳远");
    m = dabiao_event_record (other, &request, &error);
    g_assert_no_error (error);
    report = dabiao_sync_event (other, server, &error);
    g_assert_no_error (error);
    g_assert_true (dabiao_test_wait_until (results_show, &wait, 30000));
    dabiao_test_screenshot (GTK_WIDGET (organiser_window), "sync-organiser-results");
  }

  /* 4. The network goes: the station keeps recording, and says what waits. */
  dabiao_test_pg_pause (pg);
  record_manual (station, "P003", 9.8);
  record_manual (station, "P004", 9.9);
  wait_status (station_window, "离线（2 条待上传）");
  dabiao_test_screenshot (GTK_WIDGET (station_window), "sync-station-offline");

  /* It comes back: everything arrives, at the server and the organiser. */
  dabiao_test_pg_resume (pg);
  wait_server ("journey", "SELECT count (*) FROM measurements", "5");
  wait_status (station_window, "已同步");
  {
    ResultsWait wait = { organiser_window, "5" };

    g_assert_true (dabiao_test_wait_until (results_show, &wait, 30000));
  }
  dabiao_test_screenshot (GTK_WIDGET (station_window), "sync-station-back");

  gtk_window_destroy (GTK_WINDOW (organiser_window));
  gtk_window_destroy (GTK_WINDOW (station_window));
  dabiao_test_wait (200);

  /* The files, read back: each holds all five, and verifies. */
  {
    const char *paths[] = { station_path, organiser_path };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(DabiaoEvent) event = dabiao_event_open (paths[i], DABIAO_EVENT_OPEN_READ_ONLY, &error);
        g_autoptr(GPtrArray) rows = NULL;

        g_assert_no_error (error);
        rows = dabiao_event_list_measurements (event, NULL, &error);
        g_assert_cmpuint (rows->len, ==, 5);
        g_assert_true (dabiao_event_verify (event, NULL, &error));
      }
  }
  /* No password in the event files, the settings or any message logged
   * on the way (every debug message on), the wrong one typed first either. */
  {
    const char *paths[] = { station_path, organiser_path };
    g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;
    g_autoptr(GString) seen = g_string_new (logged->str);

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        const char *suffixes[] = { "", "-wal" };

        for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
          {
            g_autofree char *file = g_strconcat (paths[i], suffixes[k], NULL);
            g_autofree char *contents = NULL;
            gsize length = 0;

            if (g_file_get_contents (file, &contents, &length, NULL))
              g_string_append_len (seen, contents, length);
          }
      }
    g_object_get (settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
        g_autofree char *text = g_variant_print (value, FALSE);

        g_string_append_printf (seen, "%s=%s\n", keys[i], text);
      }
    g_assert_nonnull (strstr (logged->str, "sync round"));
    g_assert_true (bytes_contain (seen, "server-url='postgresql://school1@"));
    g_assert_false (bytes_contain (seen, password));
    g_assert_false (bytes_contain (seen, "Wr0ngPassw0rd-93"));
  }
}

static void
select_item (DabiaoWindow *window,
             const char   *code)
{
  DabiaoStationPage *station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  GPtrArray *items = dabiao_session_get_items (dabiao_window_get_session (window));

  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((DabiaoEventItem *) g_ptr_array_index (items, i))->code, code))
      dabiao_station_page_select_item (station, i);
}

/* The issue's trial as a journey: one server, two app windows each a
 * station on its own copy of the event (no stations defined: both record
 * under this computer's name, as a new user's two windows do), one
 * organiser window; the server stops and comes back; then the district's
 * view of it (`server list`, `server export summary`, read with openpyxl). */
static void
test_two_station_windows (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-sync-two-XXXXXX", NULL);
  g_autofree char *organiser_path = g_build_filename (dir, "海淀实小2026校运会-组织者.dabiao", NULL);
  g_autofree char *one_path = g_build_filename (dir, "海淀实小2026校运会-一号站.dabiao", NULL);
  g_autofree char *two_path = g_build_filename (dir, "海淀实小2026校运会-二号站.dabiao", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "区县汇总.xlsx", NULL);
  g_autofree char *admin_url = dabiao_test_pg_new_database (pg, "twowindows");
  g_autofree char *station_url = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoWindow *one, *two, *organiser;

  {
    g_autoptr(DabiaoServer) admin = dabiao_server_connect (admin_url, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (dabiao_server_init (admin, NULL, NULL, &error));
    station_url = dabiao_server_add_station (admin, "school2", NULL, &error);
    g_assert_no_error (error);
  }
  {
    DabiaoEventInfo info = { .name = "海淀实小2026校运会", .standard = "student-2014", .date = "2026-12-06" };
    DabiaoParticipantInfo people[6] = { { 0 } };
    const char *ids[] = { "Q001", "Q002", "Q003", "Q004", "Q005", "Q006" };
    g_autoptr(DabiaoEvent) event = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (people); i++)
      {
        people[i].id = ids[i];
        people[i].name = "学生";
        people[i].sex = 1 + i % 2;
        people[i].grade = 21;
        people[i].class_code = "2101";
        people[i].organization = "X2";
      }
    event = dabiao_event_create (organiser_path, &info, &error);
    g_assert_no_error (error);
    g_assert_true (dabiao_event_add_participants (event, people, G_N_ELEMENTS (people), NULL, NULL, &error));
    dabiao_event_close (event);
  }
  copy_file (organiser_path, one_path);
  copy_file (organiser_path, two_path);

  /* Station one: Preferences → 服务器, the line add-station printed pasted
   * whole into the address. */
  one = open_window (one_path);
  {
    DabiaoPreferencesWindow *prefs = dabiao_preferences_window_new (GTK_WINDOW (one));
    GtkWidget *url_row;

    dabiao_window_attach_preferences (one, GTK_WIDGET (prefs));
    gtk_window_present (GTK_WINDOW (prefs));
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "server");
    url_row = dabiao_test_get_widget (GTK_WIDGET (prefs), "server-url");
    gtk_editable_set_text (GTK_EDITABLE (url_row), station_url);
    g_signal_emit_by_name (url_row, "apply");
    dabiao_test_click (GTK_WIDGET (prefs), "server-test");
    g_assert_true (dabiao_test_wait_until (tested, prefs, 20000));
    g_test_message ("%s", dabiao_preferences_window_get_server_status (prefs));
    g_assert_true (g_str_has_prefix (dabiao_preferences_window_get_server_status (prefs), "已连接"));
    gtk_window_destroy (GTK_WINDOW (prefs));
  }
  wait_status (one, "已同步");
  /* Station two, the second window: same computer, same settings, on a
   * 1024×600 screen. */
  two = open_window_sized (two_path, 1024, 600);
  wait_status (two, "已同步");

  select_item (one, "run_50m");
  select_item (two, "standing_long_jump");
  record_manual (DABIAO_STATION_PAGE (dabiao_window_get_page_widget (one, "station")), "Q001", 8.4);
  record_manual (DABIAO_STATION_PAGE (dabiao_window_get_page_widget (two, "station")), "Q002", 172);
  record_manual (DABIAO_STATION_PAGE (dabiao_window_get_page_widget (one, "station")), "Q003", 9.0);
  record_manual (DABIAO_STATION_PAGE (dabiao_window_get_page_widget (two, "station")), "Q004", 181);
  wait_server ("twowindows", "SELECT count (*) FROM measurements", "4");

  /* The organiser sees both stations' rows arrive. */
  organiser = open_window (organiser_path);
  /* Three windows of one event, told apart by their titles (the window
   * list, Alt+Tab; trial 16b: all three "天河一中2026秋季体测 — 达标"):
   * no station chosen, so the copy the file is. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (one)), ==, "海淀实小2026校运会 · 一号站 — 达标");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (two)), ==, "海淀实小2026校运会 · 二号站 — 达标");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (organiser)), ==, "海淀实小2026校运会 · 组织者 — 达标");
  dabiao_window_show_page (organiser, "results");
  {
    ResultsWait wait = { organiser, "4" };

    if (!dabiao_test_wait_until (results_show, &wait, 30000))
      g_error ("the organiser shows %s measurements, not 4",
               dabiao_results_page_get_measurements_text (DABIAO_RESULTS_PAGE (dabiao_window_get_page_widget (organiser, "results"))));
  }
  dabiao_test_screenshot (GTK_WIDGET (organiser), "sync-two-windows-organiser");

  /* The network goes; both stations go on; it comes back. */
  dabiao_test_pg_pause (pg);
  record_manual (DABIAO_STATION_PAGE (dabiao_window_get_page_widget (one, "station")), "Q005", 8.8);
  record_manual (DABIAO_STATION_PAGE (dabiao_window_get_page_widget (two, "station")), "Q006", 190);
  wait_status (one, "离线（1 条待上传）");
  wait_status (two, "离线（1 条待上传）");
  dabiao_test_screenshot (GTK_WIDGET (two), "sync-two-windows-offline");
  assert_header_readable (two, "海淀实小2026校运会");
  dabiao_test_pg_resume (pg);
  wait_server ("twowindows", "SELECT count (*) FROM measurements", "6");
  wait_status (one, "已同步");
  wait_status (two, "已同步");
  {
    ResultsWait wait = { organiser, "6" };

    g_assert_true (dabiao_test_wait_until (results_show, &wait, 30000));
  }
  /* Every window has every row (each station's file too). */
  {
    DabiaoWindow *windows[] = { one, two };

    for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
      {
        ResultsWait wait = { windows[i], "6" };

        dabiao_window_show_page (windows[i], "results");
        if (!dabiao_test_wait_until (results_show, &wait, 30000))
          g_error ("station window %u shows %s measurements, not 6", i + 1,
                   dabiao_results_page_get_measurements_text (DABIAO_RESULTS_PAGE (dabiao_window_get_page_widget (windows[i], "results"))));
      }
  }
  gtk_window_destroy (GTK_WINDOW (organiser));
  gtk_window_destroy (GTK_WINDOW (two));
  gtk_window_destroy (GTK_WINDOW (one));
  dabiao_test_wait (200);

  {
    const char *paths[] = { one_path, two_path, organiser_path };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(DabiaoEvent) event = dabiao_event_open (paths[i], DABIAO_EVENT_OPEN_READ_ONLY, &error);
        g_autoptr(GPtrArray) rows = NULL;
        g_autoptr(GPtrArray) problems = NULL;

        g_assert_no_error (error);
        rows = dabiao_event_list_measurements (event, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (rows->len, ==, 6);
        if (!dabiao_event_verify (event, &problems, &error))
          g_error ("%s: %s (%s)", paths[i], error->message,
                   problems != NULL && problems->len > 0 ? (const char *) problems->pdata[0] : "");
      }
  }

  /* The district's view: the event with its six rows; the summary
   * workbook counts the six participants of school X2. */
  {
    const char *list[] = { g_getenv ("DABIAO_CLI"), "server", "list", admin_url, NULL };
    const char *summary[] = { g_getenv ("DABIAO_CLI"), "server", "export", "summary", admin_url, "-o", xlsx, NULL };
    const char *script =
      "import sys, openpyxl\n"
      "rows = list(openpyxl.load_workbook(sys.argv[1])['区县汇总'].iter_rows(values_only=True))\n"
      "col = {name: i for i, name in enumerate(rows[0])}\n"
      "total = [r for r in rows if r[0] == '全区合计'][0]\n"
      "school = [r for r in rows if r[0] == 'X2' and r[2] == '合计'][0]\n"
      "print(int(total[col['应测人数']]), int(school[col['应测人数']]))\n";
    const char *python[] = { g_getenv ("DABIAO_PYTHON"), "-c", script, xlsx, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) list, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    g_test_message ("%s%s", out, err);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "校运会"));
    g_assert_nonnull (strstr (out, "测量记录 6 条"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) summary, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("server export summary: %s%s", out, err);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_sync (NULL, (char **) python, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("%s", err);
    g_assert_cmpstr (out, ==, "6 6\n");
  }
}

/* A computer without a keyring (no Secret Service, as on a minimal
 * Debian): the operator types the address and the password and presses
 * 测试连接 only; the station then syncs with what the test used, the
 * password kept until the program closes. */
static void
test_no_keyring (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-sync-nokeyring-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "运动会.dabiao", NULL);
  g_autofree char *admin_url = dabiao_test_pg_new_database (pg, "nokeyring");
  g_autofree char *station_url = NULL;
  g_autofree char *typed_url = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoWindow *window;

  {
    g_autoptr(DabiaoServer) admin = dabiao_server_connect (admin_url, NULL, &error);
    DabiaoEventInfo info = { .name = "运动会", .standard = "student-2014", .date = "2026-12-06" };
    DabiaoParticipantInfo people[] = { { .id = "K001", .name = "张三", .sex = 1, .grade = 21, .class_code = "2101" } };
    g_autoptr(DabiaoEvent) event = NULL;

    g_assert_no_error (error);
    g_assert_true (dabiao_server_init (admin, NULL, NULL, &error));
    station_url = dabiao_server_add_station (admin, "school3", NULL, &error);
    g_assert_no_error (error);
    event = dabiao_event_create (path, &info, &error);
    g_assert_no_error (error);
    g_assert_true (dabiao_event_add_participants (event, people, G_N_ELEMENTS (people), NULL, NULL, &error));
    dabiao_event_close (event);
  }
  typed_url = dabiao_server_url_strip_password (station_url, &password);

  g_unsetenv ("DABIAO_SECRET_BACKEND");
  window = open_window (path);
  {
    DabiaoPreferencesWindow *prefs = dabiao_preferences_window_new (GTK_WINDOW (window));

    dabiao_window_attach_preferences (window, GTK_WIDGET (prefs));
    gtk_window_present (GTK_WINDOW (prefs));
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "server");
    gtk_editable_set_text (GTK_EDITABLE (dabiao_test_get_widget (GTK_WIDGET (prefs), "server-url")), typed_url);
    gtk_editable_set_text (GTK_EDITABLE (dabiao_test_get_widget (GTK_WIDGET (prefs), "server-password")), password);
    dabiao_test_click (GTK_WIDGET (prefs), "server-test");
    g_assert_true (dabiao_test_wait_until (tested, prefs, 20000));
    g_assert_true (g_str_has_prefix (dabiao_preferences_window_get_server_status (prefs), "已连接"));
    dabiao_test_wait (300);
    dabiao_test_screenshot (GTK_WIDGET (prefs), "sync-no-keyring-preferences");
    gtk_window_destroy (GTK_WINDOW (prefs));
  }
  wait_status (window, "已同步");
  select_item (window, "run_50m");
  record_manual (DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station")), "K001", 8.2);
  wait_server ("nokeyring", "SELECT count (*) FROM measurements", "1");

  /* The password cleared again: the toast says it is gone (it said, as for
   * a password typed, that it was kept until Dabiao closes). */
  {
    DabiaoPreferencesWindow *prefs = dabiao_preferences_window_new (GTK_WINDOW (window));
    GtkWidget *row;

    dabiao_window_attach_preferences (window, GTK_WIDGET (prefs));
    gtk_window_present (GTK_WINDOW (prefs));
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "server");
    row = dabiao_test_get_widget (GTK_WIDGET (prefs), "server-password");
    g_assert_true (dabiao_test_wait_until (has_text, row, 10000));   /* the run's password, found */
    gtk_editable_set_text (GTK_EDITABLE (row), "");
    g_signal_emit_by_name (row, "apply");
    g_assert_true (dabiao_test_wait_until (toast_shown, prefs, 10000));
    {
      g_autofree char *toast = dabiao_test_dup_toast_text (GTK_WIDGET (prefs));

      g_test_message ("toast: %s", toast);
      g_assert_nonnull (strstr (toast, "密码已清除"));
      g_assert_null (strstr (toast, "钥匙环"));
    }
    dabiao_test_screenshot (GTK_WIDGET (prefs), "sync-no-keyring-password-cleared");
    gtk_window_destroy (GTK_WINDOW (prefs));
  }
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);
  g_setenv ("DABIAO_SECRET_BACKEND", "memory", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("DABIAO_SECRET_BACKEND", "memory", TRUE);
  g_setenv ("DABIAO_SYNC_INTERVAL_MS", "500", TRUE);
  g_setenv ("PGPASSFILE", "/nonexistent", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  /* No session bus, so no keyring: as on a minimal Debian, and never one
   * of the machine's. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/dabiao-test-bus", TRUE);
  logged = g_string_new (NULL);
  g_log_set_writer_func (keep_log, NULL, NULL);
  dabiao_test_init (&argc, &argv);
  pg = dabiao_test_pg_start (&error);
  if (pg == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_test_add_func ("/sync-app/live", test_live_sync);
  g_test_add_func ("/sync-app/two-station-windows", test_two_station_windows);
  g_test_add_func ("/sync-app/no-keyring", test_no_keyring);
  status = g_test_run ();
  dabiao_test_pg_stop (pg);
  return status;
}
