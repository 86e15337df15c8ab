/* test-sync.c — stations syncing event files through a real PostgreSQL.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "dabiao-error.h"
#include "dabiao-event-details.h"
#include "dabiao-i18n.h"
#include "dabiao-results.h"
#include "dabiao-results-stats.h"
#include "dabiao-server-private.h"
#include "dabiao-sync.h"
#include "dabiao-test-event.h"
#include "dabiao-test-pg.h"
#include "test-sync-cases.h"

static DabiaoTestPg *pg;
static char *tmpdir;

/* ---- Helpers ---------------------------------------------------------------- */

typedef struct
{
  char *url;        /* the owner's */
  char *db;
  char *organiser;  /* event files */
  char *a;
  char *b;
  char *uuid;
} Fixture;

static void
fixture_free (Fixture *f)
{
  g_free (f->url);
  g_free (f->db);
  g_free (f->organiser);
  g_free (f->a);
  g_free (f->b);
  g_free (f->uuid);
  g_free (f);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

/* A server database (initialised) and an event: the organiser's file with
 * a roster of @n_people, and copies of it for stations A and B (as an
 * organiser hands them out). */
static Fixture *
fixture_new (const char *name,
             guint       n_people)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(GError) error = NULL;

  f->url = dabiao_test_pg_new_database (pg, name);
  f->db = g_strdup (name);
  server = dabiao_server_connect (f->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_server_init (server, NULL, NULL, &error));
  f->organiser = g_strdup_printf ("%s/%s-organiser.dabiao", tmpdir, name);
  f->a = g_strdup_printf ("%s/%s-a.dabiao", tmpdir, name);
  f->b = g_strdup_printf ("%s/%s-b.dabiao", tmpdir, name);
  {
    g_autoptr(DabiaoEvent) event = dabiao_test_event_new (f->organiser, name, n_people, NULL);

    f->uuid = g_strdup (dabiao_event_get_uuid (event));
  }
  copy_file (f->organiser, f->a);
  copy_file (f->organiser, f->b);
  return f;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of @table, sorted. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static DabiaoEvent *
open_event (const char *path)
{
  g_autoptr(GError) error = NULL;
  DabiaoEvent *event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);

  g_assert_no_error (error);
  return event;
}

/* Records @n rows at @station into @path; adds their uuids to @acked. */
static void
record_rows (const char *path,
             const char *station,
             guint       n,
             GPtrArray  *acked)
{
  g_autoptr(DabiaoEvent) event = open_event (path);
  static guint counter;

  dabiao_event_set_station (event, station);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("P%05u", counter % 10);
      DabiaoRecordRequest request = { .participant_id = id, .item = "vital_capacity",
                                      .has_value = TRUE, .value = 1000 + counter,
                                      .source = DABIAO_SOURCE_INSTRUMENT, .instrument_id = "FHL-1" };
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoMeasurement) m = dabiao_event_record (event, &request, &error);

      g_assert_no_error (error);
      counter++;
      if (acked != NULL)
        g_ptr_array_add (acked, g_strdup (dabiao_measurement_get_uuid (m)));
    }
}

static GHashTable *
measurement_uuids (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) rows = NULL;
  GHashTable *uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_no_error (error);
  rows = dabiao_event_list_measurements (event, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_hash_table_add (uuids, g_strdup (dabiao_measurement_get_uuid (g_ptr_array_index (rows, i))));
  return uuids;
}

static void
assert_verifies (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_no_error (error);
  if (!dabiao_event_verify (event, &problems, &error))
    g_error ("%s: %s (%s)", path, error->message,
             problems->len > 0 ? (const char *) problems->pdata[0] : "");
}

static DabiaoSyncReport *
sync_file (const char  *path,
           const char  *url,
           GError     **error)
{
  g_autoptr(DabiaoEvent) event = open_event (path);
  g_autoptr(DabiaoServer) server = dabiao_server_connect (url, NULL, error);

  if (server == NULL)
    return NULL;
  return dabiao_sync_event (event, server, error);
}

static void
sync_ok (const char *path,
         const char *url,
         guint      *sent,
         guint      *received)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoSyncReport) report = sync_file (path, url, &error);

  g_assert_no_error (error);
  if (sent != NULL)
    *sent = report->measurements_sent;
  if (received != NULL)
    *received = report->measurements_received;
}

static char *
server_value (Fixture    *f,
              const char *sql)
{
  return dabiao_test_pg_query_value (pg, f->db, sql);
}

static void
assert_server_value (Fixture    *f,
                     const char *sql,
                     const char *expected)
{
  g_autofree char *value = server_value (f, sql);

  g_assert_cmpstr (value, ==, expected);
}

/* Starts dabiao-cli with @args, killing itself at @kill_at (nullable). */
static GSubprocess *
spawn_cli (const char * const  *args,
           const char          *kill_at,
           GSubprocessFlags     flags)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DABIAO_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (kill_at != NULL)
    g_subprocess_launcher_setenv (launcher, "DABIAO_TEST_SYNC_KILL_AT", kill_at, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Runs dabiao-cli with @args; returns its exit status (-SIG when killed). */
static int
run_cli (const char * const  *args,
         const char          *kill_at,
         char               **out,
         char               **err)
{
  g_autoptr(GSubprocess) process = spawn_cli (args, kill_at, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                             | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (process))
    return -g_subprocess_get_term_sig (process);
  return g_subprocess_get_exit_status (process);
}

/* ---- Tests ------------------------------------------------------------------ */

/* Two stations and the organiser: everything everywhere, once. */
static void
test_two_stations (void)
{
  g_autoptr(Fixture) f = fixture_new ("two", 60);
  g_autoptr(GPtrArray) acked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) at_a = NULL;
  g_autoptr(GHashTable) at_b = NULL;
  g_autoptr(GHashTable) at_o = NULL;
  guint sent = 0, received = 0;

  record_rows (f->a, "A", 7, acked);
  record_rows (f->b, "B", 5, acked);
  sync_ok (f->a, f->url, &sent, &received);
  g_assert_cmpuint (sent, ==, 7);
  g_assert_cmpuint (received, ==, 0);
  sync_ok (f->b, f->url, &sent, &received);
  g_assert_cmpuint (sent, ==, 5);
  g_assert_cmpuint (received, ==, 7);
  sync_ok (f->a, f->url, &sent, &received);
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (received, ==, 5);
  sync_ok (f->organiser, f->url, &sent, &received);
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (received, ==, 12);

  /* Repeating changes nothing, sends nothing back. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoSyncReport) report = sync_file (f->a, f->url, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (report->sent, ==, 0);
      g_assert_cmpuint (report->received, ==, 0);
    }

  at_a = measurement_uuids (f->a);
  at_b = measurement_uuids (f->b);
  at_o = measurement_uuids (f->organiser);
  g_assert_cmpuint (g_hash_table_size (at_a), ==, 12);
  g_assert_cmpuint (g_hash_table_size (at_b), ==, 12);
  g_assert_cmpuint (g_hash_table_size (at_o), ==, 12);
  for (guint i = 0; i < acked->len; i++)
    {
      g_assert_true (g_hash_table_contains (at_a, acked->pdata[i]));
      g_assert_true (g_hash_table_contains (at_b, acked->pdata[i]));
      g_assert_true (g_hash_table_contains (at_o, acked->pdata[i]));
    }
  assert_verifies (f->a);
  assert_verifies (f->b);
  assert_verifies (f->organiser);
  assert_server_value (f, "SELECT count (*) FROM measurements", "12");
  assert_server_value (f, "SELECT count (*) FROM participants", "60");
  assert_server_value (f, "SELECT count (DISTINCT station) FROM station_syncs", "1");
}

/* `server list`: per login (the station's role, one per station computer)
 * its rows by the station names they carry and its last sync, however the
 * program that synced was named (record --station, then sync without it,
 * as a person on the command line does); the organiser's login, which
 * delivers no rows, still shows when it synced. */
/* A station login made with `server add-station`: its address. */
static char *
add_station (const char *url,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoServer) admin = dabiao_server_connect (url, NULL, &error);
  char *station_url;

  g_assert_no_error (error);
  station_url = dabiao_server_add_station (admin, name, NULL, &error);
  g_assert_no_error (error);
  return station_url;
}

/* dabiao-cli with each of @steps in turn; any failure ends the test. */
static void
run_cli_steps (const char * const * const *steps,
               guint                       n_steps)
{
  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *o = NULL;
      g_autofree char *e = NULL;

      if (run_cli (steps[i], NULL, &o, &e) != 0)
        g_error ("%s %s: %s%s", steps[i][0], steps[i][1], o, e);
    }
}

static void
test_list_last_sync (void)
{
  g_autoptr(Fixture) f = fixture_new ("listing", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *url_a = NULL;
  g_autofree char *url_b = NULL;
  g_autofree char *url_o = NULL;

  url_a = add_station (f->url, "listing_a");
  url_b = add_station (f->url, "listing_b");
  url_o = add_station (f->url, "listing_o");
  {
    const char *record_a[] = { "record", f->a, "--participant", "P00001", "--item", "vital_capacity",
                               "--value", "2100", "--station", "肺活量站", NULL };
    const char *record_a2[] = { "record", f->a, "--participant", "P00002", "--item", "vital_capacity",
                                "--value", "2200", "--station", "肺活量站", NULL };
    const char *record_b[] = { "record", f->b, "--participant", "P00003", "--item", "vital_capacity",
                               "--value", "2300", "--station", "二号站", NULL };
    const char *sync_a[] = { "sync", f->a, "--server", url_a, NULL };
    const char *sync_b[] = { "sync", f->b, "--server", url_b, NULL };
    const char *sync_o[] = { "sync", f->organiser, "--server", url_o, NULL };
    const char * const *steps[] = { record_a, record_a2, record_b, sync_a, sync_b, sync_o };

    run_cli_steps (steps, G_N_ELEMENTS (steps));
  }
  {
    g_autoptr(DabiaoServer) server = dabiao_server_connect (f->url, NULL, &error);

    g_assert_no_error (error);
    events = dabiao_server_list_events (server, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (events->len, ==, 1);
  {
    DabiaoServerEvent *event = events->pdata[0];
    g_autoptr(GString) seen = g_string_new (NULL);

    for (guint i = 0; i < event->stations->len; i++)
      {
        DabiaoServerStation *station = event->stations->pdata[i];

        g_assert_cmpint (station->last_sync, >, 0);
        g_string_append_printf (seen, "%s %s %" G_GINT64_FORMAT "\n", station->login,
                                station->name != NULL ? station->name : "-", (gint64) station->measurements);
      }
    g_assert_cmpstr (seen->str, ==, "listing_a 肺活量站 2\nlisting_b 二号站 1\nlisting_o - 0\n");
  }
  /* And as a person reads it. */
  {
    const char *list[] = { "server", "list", f->url, NULL };

    g_assert_cmpint (run_cli (list, NULL, &out, &err), ==, 0);
  }
  g_test_message ("%s", out);
  g_assert_null (strstr (out, "从未"));
  g_assert_nonnull (strstr (out, "listing_a"));
  g_assert_nonnull (strstr (out, "肺活量站"));
}

/* Two windows on one computer, no station chosen: both record under the
 * computer's name, each syncs with its own login.  `server list` shows the
 * two logins and says what the shared name means (trial 16b: two lines
 * "测试站 vm" and nothing else to tell them apart). */
static void
test_list_shared_station_name (void)
{
  g_autoptr(Fixture) f = fixture_new ("sharedname", 3);
  g_autofree char *url_a = NULL;
  g_autofree char *url_b = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  url_a = add_station (f->url, "shared_a");
  url_b = add_station (f->url, "shared_b");
  {
    const char *record_a[] = { "record", f->a, "--participant", "P00001", "--item", "vital_capacity",
                               "--value", "2100", "--station", "vm", NULL };
    const char *record_b[] = { "record", f->b, "--participant", "P00002", "--item", "vital_capacity",
                               "--value", "2300", "--station", "vm", NULL };
    const char *sync_a[] = { "sync", f->a, "--server", url_a, NULL };
    const char *sync_b[] = { "sync", f->b, "--server", url_b, NULL };
    const char * const *steps[] = { record_a, record_b, sync_a, sync_b };

    run_cli_steps (steps, G_N_ELEMENTS (steps));
  }
  {
    const char *list[] = { "server", "list", f->url, NULL };

    g_assert_cmpint (run_cli (list, NULL, &out, &err), ==, 0);
  }
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "登录名 shared_a"));
  g_assert_nonnull (strstr (out, "登录名 shared_b"));
  /* One note, naming the station and both logins, saying how to name them. */
  {
    const char *note = strstr (out, "测试站 vm 的记录来自 2 个登录名（shared_a、shared_b）");

    g_assert_nonnull (note);
    g_assert_nonnull (strstr (note, "项目与测试站"));
    g_assert_null (strstr (note + 1, "测试站 vm 的记录来自"));
  }
}

/* Settings travel newest-wins, attempts with them; a roster difference is
 * reported, the local roster kept. */
static void
test_settings_and_roster (void)
{
  g_autoptr(Fixture) f = fixture_new ("settings", 3);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(DabiaoEvent) event = open_event (f->a);

    g_assert_true (dabiao_event_set_setting (event, "note", "from A", &error));
    g_assert_true (dabiao_event_set_item_attempts (event, "sit_and_reach", 4, &error));
  }
  {
    g_autoptr(DabiaoEvent) event = open_event (f->b);
    DabiaoParticipantInfo changed = { .id = "P00001", .name = "改过的名字", .sex = 2, .birth_date = "2010-01-01",
                                      .grade = 31, .class_code = "3101", .class_name = "高一1班" };
    DabiaoParticipantInfo added = { .id = "P00099", .name = "新来的", .sex = 1, .birth_date = "2010-02-02",
                                    .grade = 31, .class_code = "3101", .class_name = "高一1班" };

    g_usleep (2000);
    g_assert_true (dabiao_event_set_setting (event, "note", "from B, later", &error));
    g_assert_true (dabiao_event_add_participants (event, &changed, 1, NULL, NULL, &error));
    g_assert_true (dabiao_event_add_participants (event, &added, 1, NULL, NULL, &error));
  }
  sync_ok (f->a, f->url, NULL, NULL);
  {
    g_autoptr(DabiaoSyncReport) report = sync_file (f->b, f->url, &error);

    /* B changed P00001 before A's original reached the server. */
    g_assert_no_error (error);
    g_assert_cmpuint (report->roster_differences->len, ==, 1);
    g_test_message ("%s", (const char *) report->roster_differences->pdata[0]);
    g_assert_nonnull (strstr (report->roster_differences->pdata[0], "P00001"));
  }
  {
    g_autoptr(DabiaoSyncReport) report = sync_file (f->a, f->url, &error);
    g_autoptr(DabiaoEvent) event = NULL;
    g_autofree char *note = NULL;

    g_assert_no_error (error);
    event = open_event (f->a);
    note = dabiao_event_get_setting (event, "note", &error);
    g_assert_cmpstr (note, ==, "from B, later");
    g_assert_nonnull (dabiao_event_get_participant (event, "P00099", &error));
  }
  {
    g_autoptr(DabiaoEvent) event = open_event (f->b);
    g_autofree char *note = dabiao_event_get_setting (event, "note", &error);

    g_assert_cmpstr (note, ==, "from B, later");
    g_assert_cmpuint (dabiao_event_find_item (event, "sit_and_reach")->attempts, ==, 4);
  }
  /* The server kept the first P00001, as the organiser has it. */
  {
    g_autoptr(DabiaoSyncReport) report = sync_file (f->organiser, f->url, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->roster_differences->len, ==, 0);
  }
  assert_server_value (f, "SELECT name FROM participants WHERE id = 'P00001'", "测试人员");
}

/* A row changed on the server (its owner disabled the trigger) is refused
 * by the next station that takes it; that file stays as it was. */
static void
test_tampered_row (void)
{
  g_autoptr(Fixture) f = fixture_new ("tamper", 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoSyncReport) report = NULL;
  g_autofree char *victim = NULL;
  g_autofree char *update = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;

  record_rows (f->a, "A", 5, NULL);
  record_rows (f->b, "B", 2, NULL);
  sync_ok (f->a, f->url, NULL, NULL);
  victim = server_value (f, "SELECT uuid FROM measurements ORDER BY seq LIMIT 1 OFFSET 2");
  update = g_strdup_printf ("ALTER TABLE measurements DISABLE TRIGGER measurements_append_only;"
                            "UPDATE measurements SET value = value + 100 WHERE uuid = '%s';"
                            "ALTER TABLE measurements ENABLE TRIGGER measurements_append_only", victim);
  dabiao_test_pg_exec (pg, f->db, update);

  before = measurement_uuids (f->b);
  report = sync_file (f->b, f->url, &error);
  g_assert_null (report);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, victim));
  after = measurement_uuids (f->b);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  assert_verifies (f->b);

  /* The CLI says the same and fails. */
  {
    const char *args[] = { "sync", f->b, "--server", f->url, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (args, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, victim));
  }
}

/* Participants and settings are not append-only on the server, but they
 * carry their row hash (event schema 6): one edited there is refused by
 * the next station that takes it, that file staying as it was; a row
 * without a hash cannot go in; a row changed in a station's own file is
 * not sent. */
static void
test_tampered_roster (void)
{
  g_autoptr(Fixture) f = fixture_new ("tamper-roster", 10);
  g_autoptr(GError) error = NULL;
  g_autofree char *b_before = NULL;
  g_autofree char *b_after = NULL;
  gsize length = 0;

  {
    g_autoptr(DabiaoEvent) event = open_event (f->a);

    g_assert_true (dabiao_event_set_setting (event, "note", "from A", &error));
  }
  record_rows (f->a, "A", 2, NULL);
  sync_ok (f->a, f->url, NULL, NULL);
  g_assert_true (g_file_get_contents (f->b, &b_before, &length, NULL));

  /* A name changed on the server. */
  dabiao_test_pg_exec (pg, f->db, "UPDATE participants SET name = '改了' WHERE id = 'P00002'");
  {
    g_autoptr(DabiaoSyncReport) report = sync_file (f->b, f->url, &error);

    g_assert_null (report);
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "P00002"));
    g_clear_error (&error);
  }
  g_assert_true (g_file_get_contents (f->b, &b_after, &length, NULL));
  g_assert_cmpstr (b_after, ==, b_before);
  dabiao_test_pg_exec (pg, f->db, "UPDATE participants SET name = '测试人员' WHERE id = 'P00002'");

  /* A setting changed on the server. */
  dabiao_test_pg_exec (pg, f->db, "UPDATE settings SET value = 'forged' WHERE key = 'note'");
  {
    g_autoptr(DabiaoSyncReport) report = sync_file (f->b, f->url, &error);

    g_assert_null (report);
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "note"));
    g_clear_error (&error);
  }
  dabiao_test_pg_exec (pg, f->db, "UPDATE settings SET value = 'from A' WHERE key = 'note'");

  /* A forged hash that does not fit, and no hash at all, are refused by
   * the server itself. */
  {
    g_autoptr(DabiaoServer) server = dabiao_server_connect (f->url, NULL, &error);
    PGconn *conn;
    const char * const refused[] = {
      "UPDATE participants SET row_hash = NULL WHERE id = 'P00003'",
      "UPDATE settings SET row_hash = 'not a hash' WHERE key = 'note'",
    };

    g_assert_no_error (error);
    conn = _dabiao_server_get_conn (server);
    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(PGresult) result = PQexec (conn, refused[i]);

        g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
        g_assert_nonnull (strstr (PQresultErrorMessage (result), "row_hash"));
      }
  }

  /* Restored, B takes everything, and every row hash holds at B. */
  sync_ok (f->b, f->url, NULL, NULL);
  assert_verifies (f->b);
  {
    g_autoptr(DabiaoEvent) event = open_event (f->b);
    g_autofree char *note = dabiao_event_get_setting (event, "note", &error);

    g_assert_cmpstr (note, ==, "from A");
  }

  /* A row changed in the station's own file (outside Dabiao) is not sent. */
  {
    g_autoptr(DabiaoEvent) event = open_event (f->b);
    DabiaoParticipantInfo added = { .id = "P00077", .name = "新来的", .sex = 1, .birth_date = "2010-02-02",
                                    .grade = 31, .class_code = "3101", .class_name = "高一1班" };

    g_assert_true (dabiao_event_add_participants (event, &added, 1, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  {
    sqlite3 *db = NULL;

    /* Another program's connection: no TEMP triggers, so row_hash stays. */
    g_assert_cmpint (sqlite3_open (f->b, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE participants SET name = '别人改的' WHERE id = 'P00077'",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  {
    g_autoptr(DabiaoSyncReport) report = sync_file (f->b, f->url, &error);

    g_assert_null (report);
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "P00077"));
    g_clear_error (&error);
  }
  assert_server_value (f, "SELECT count (*) FROM participants WHERE id = 'P00077'", "0");
}

/* Offline for a while, then catching up; the station counts what waits. */
static void
test_offline_catch_up (void)
{
  g_autoptr(Fixture) f = fixture_new ("offline", 20);
  g_autoptr(GError) error = NULL;
  guint pending = 0, sent = 0, received = 0;

  record_rows (f->a, "A", 3, NULL);
  sync_ok (f->a, f->url, &sent, NULL);
  g_assert_cmpuint (sent, ==, 3);

  dabiao_test_pg_pause (pg);
  record_rows (f->a, "A", 20, NULL);
  {
    g_autoptr(DabiaoSyncReport) report = sync_file (f->a, f->url, &error);

    g_assert_null (report);
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_OFFLINE);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
  }
  {
    g_autoptr(DabiaoEvent) event = open_event (f->a);

    g_assert_true (dabiao_sync_count_pending (event, NULL, &pending, &error));
    g_assert_cmpuint (pending, ==, 20);
  }
  record_rows (f->a, "A", 2, NULL);
  dabiao_test_pg_resume (pg);

  sync_ok (f->a, f->url, &sent, &received);
  g_assert_cmpuint (sent, ==, 22);
  sync_ok (f->b, f->url, &sent, &received);
  g_assert_cmpuint (received, ==, 25);
  {
    g_autoptr(DabiaoEvent) event = open_event (f->a);

    g_assert_true (dabiao_sync_count_pending (event, NULL, &pending, &error));
    g_assert_cmpuint (pending, ==, 0);
  }
}

/* A station joining late makes its file from the server. */
static void
test_join (void)
{
  g_autoptr(Fixture) f = fixture_new ("join", 30);
  g_autofree char *late = g_strdup_printf ("%s/join-late.dabiao", tmpdir);
  g_autoptr(GHashTable) at_a = NULL;
  g_autoptr(GHashTable) at_late = NULL;
  const char *args[] = { "sync", late, "--server", f->url, "--event", f->uuid, "--station", "C", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  record_rows (f->a, "A", 4, NULL);
  sync_ok (f->organiser, f->url, NULL, NULL);
  sync_ok (f->a, f->url, NULL, NULL);

  g_assert_cmpint (run_cli (args, NULL, &out, &err), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_str_has_prefix (out, "sent ") || g_str_has_prefix (out, "已发送"));
  at_a = measurement_uuids (f->a);
  at_late = measurement_uuids (late);
  g_assert_cmpuint (g_hash_table_size (at_late), ==, g_hash_table_size (at_a));
  assert_verifies (late);
  {
    g_autoptr(DabiaoEvent) event = open_event (late);
    g_autoptr(GError) error = NULL;

    g_assert_cmpstr (dabiao_event_get_uuid (event), ==, f->uuid);
    g_assert_cmpstr (dabiao_event_get_name (event), ==, "join");
    g_assert_cmpint (dabiao_event_count_participants (event, &(DabiaoParticipantQuery) { 0 }, &error), ==, 30);
    g_assert_cmpuint (dabiao_event_get_items (event)->len, >, 3);
  }
  /* It records and syncs like any station. */
  record_rows (late, "C", 2, NULL);
  sync_ok (late, f->url, NULL, NULL);
  sync_ok (f->a, f->url, NULL, NULL);
  g_clear_pointer (&at_a, g_hash_table_unref);
  at_a = measurement_uuids (f->a);
  g_assert_cmpuint (g_hash_table_size (at_a), ==, 6);

  /* Again into the same file: refused, the file untouched. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (args, NULL, &out, &err), ==, 2);
  /* An event the server does not have. */
  {
    g_autofree char *other = g_strdup_printf ("%s/join-none.dabiao", tmpdir);
    const char *none[] = { "sync", other, "--server", f->url, "--event", "00000000-0000-4000-8000-000000000000", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_cli (none, NULL, &out, &err), ==, 1);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  }
}

/* Two stations record and sync at once while their dabiao-cli sync
 * processes are killed: at each point of a round that matters (after
 * sending, before the server's COMMIT; after it, before the file's
 * transaction; inside that, before its COMMIT), and at random moments.
 * Every measurement a station acknowledged ends up at both stations and
 * the organiser, once. */
static void
test_killed_mid_sync (void)
{
  g_autoptr(Fixture) f = fixture_new ("kill", 50);
  g_autoptr(GPtrArray) acked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261206);
  const char * const points[] = { "sent", "committed", "applied" };
  guint kills = 0;
  guint random_kills = 0;

  for (guint round = 0; round < 12; round++)
    {
      const char *files[] = { f->a, f->b };
      const char *names[] = { "A", "B" };

      for (guint s = 0; s < 2; s++)
        {
          const char *args[] = { "sync", files[s], "--server", f->url, "--station", names[s], NULL };
          const char *kill_at = round < 3 ? points[round] : NULL;
          g_autoptr(GSubprocess) process = NULL;
          g_autoptr(GError) error = NULL;

          /* This station's sync runs while the other station records. */
          process = spawn_cli (args, kill_at, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
          record_rows (files[1 - s], names[1 - s], 1 + g_rand_int_range (rand, 0, 6), acked);
          if (kill_at == NULL && round % 2 == 1)
            {
              /* A kill at a random moment (it may come after the end). */
              g_usleep (g_rand_int_range (rand, 0, 60000));
              g_subprocess_force_exit (process);
            }
          g_assert_true (g_subprocess_wait (process, NULL, &error));
          if (g_subprocess_get_if_signaled (process))
            {
              g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
              if (kill_at != NULL)
                kills++;
              else
                random_kills++;
            }
          else
            {
              g_assert_null (kill_at);
              g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
            }
        }
    }
  g_test_message ("%u kills at the points, %u at random moments", kills, random_kills);
  g_assert_cmpuint (kills, ==, 6);

  /* Quiet now: two clean rounds each, and the organiser. */
  for (guint i = 0; i < 2; i++)
    {
      sync_ok (f->a, f->url, NULL, NULL);
      sync_ok (f->b, f->url, NULL, NULL);
    }
  sync_ok (f->organiser, f->url, NULL, NULL);
  {
    const char *files[] = { f->a, f->b, f->organiser };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autoptr(GHashTable) uuids = measurement_uuids (files[i]);

        for (guint j = 0; j < acked->len; j++)
          if (!g_hash_table_contains (uuids, acked->pdata[j]))
            g_error ("%s lacks acknowledged measurement %s", files[i], (const char *) acked->pdata[j]);
        g_assert_cmpuint (g_hash_table_size (uuids), ==, acked->len);
        assert_verifies (files[i]);
      }
  }
  {
    g_autofree char *count = g_strdup_printf ("%u", acked->len);

    assert_server_value (f, "SELECT count (*) FROM measurements", count);
  }
}

/* The station's record never waits for the network: with the server stuck
 * (another session holds the event's lock), a sync round hangs while
 * records complete. */
typedef struct
{
  gboolean           done;
  DabiaoSyncReport  *report;
  GError            *error;
} AsyncState;

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->report = dabiao_sync_event_finish (result, NULL, &state->error);
  state->done = TRUE;
}

static void
record_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoMeasurement) m = dabiao_event_record_finish (DABIAO_EVENT (source), result, &error);
  guint *recorded = user_data;

  g_assert_no_error (error);
  (*recorded)++;
}

static void
test_record_never_waits (void)
{
  g_autoptr(Fixture) f = fixture_new ("nowait", 10);
  g_autoptr(DabiaoEvent) event = open_event (f->a);
  g_autoptr(DabiaoServer) blocker = dabiao_server_connect (f->url, NULL, NULL);
  g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_xact_lock (hashtextextended ('%s', 0))", f->uuid);
  AsyncState state = { 0 };
  guint recorded = 0;
  gint64 start;

  g_assert_true (_dabiao_server_exec (blocker, "BEGIN", NULL));
  g_assert_true (_dabiao_server_exec (blocker, lock, NULL));

  dabiao_event_set_station (event, "A");
  dabiao_sync_event_async (event, f->url, NULL, NULL, sync_done, &state);
  /* Once the round waits for the server's lock it has read the file. */
  for (guint i = 0; ; i++)
    {
      g_autofree char *waiting = server_value (f, "SELECT count (*) FROM pg_locks"
                                                  " WHERE locktype = 'advisory' AND NOT granted");

      if (g_str_equal (waiting, "1"))
        break;
      g_assert_cmpuint (i, <, 600);
      g_usleep (50000);
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 5; i++)
    {
      DabiaoRecordRequest request = { .participant_id = "P00001", .item = "vital_capacity",
                                      .has_value = TRUE, .value = 2000 + i };

      dabiao_event_record_async (event, &request, NULL, record_done, &recorded);
    }
  while (recorded < 5)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("5 records in %.1f ms while the sync waited", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_false (state.done);

  g_assert_true (_dabiao_server_exec (blocker, "COMMIT", NULL));
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  dabiao_sync_report_free (state.report);
  {
    guint pending = 99;
    g_autoptr(GError) error = NULL;

    /* The five came after the round had collected its rows. */
    g_assert_true (dabiao_sync_count_pending (event, NULL, &pending, &error));
    g_assert_cmpuint (pending, ==, 5);
  }
}

/* The event is closed (its window went) while a round is on the network:
 * the round ends with an error when it comes back to apply, and nothing
 * touches the closed file (it crashed here before). */
static void
test_closed_mid_round (void)
{
  g_autoptr(Fixture) f = fixture_new ("closing", 10);
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoServer) blocker = dabiao_server_connect (f->url, NULL, NULL);
  g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_xact_lock (hashtextextended ('%s', 0))", f->uuid);
  AsyncState state = { 0 };

  record_rows (f->a, "A", 3, NULL);
  event = open_event (f->a);
  g_assert_true (_dabiao_server_exec (blocker, "BEGIN", NULL));
  g_assert_true (_dabiao_server_exec (blocker, lock, NULL));
  dabiao_sync_event_async (event, f->url, NULL, NULL, sync_done, &state);
  for (guint i = 0; ; i++)
    {
      g_autofree char *waiting = server_value (f, "SELECT count (*) FROM pg_locks"
                                                  " WHERE locktype = 'advisory' AND NOT granted");

      if (g_str_equal (waiting, "1"))
        break;
      g_assert_cmpuint (i, <, 600);
      g_usleep (50000);
    }
  dabiao_event_close (event);
  g_assert_true (_dabiao_server_exec (blocker, "COMMIT", NULL));
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (state.error);
  g_test_message ("%s", state.error->message);
  g_clear_error (&state.error);
  g_assert_null (state.report);
  /* The file is whole, and the next round (opened again) finishes it. */
  assert_verifies (f->a);
  sync_ok (f->a, f->url, NULL, NULL);
  assert_server_value (f, "SELECT count (*) FROM measurements", "3");
}

/* ---- No password anywhere ------------------------------------------------------ */

/* Runs dabiao-cli with @args and every debug message on (PGPASSWORD =
 * @pgpassword when given); appends what it printed to @seen. */
static int
run_cli_logged (const char * const  *args,
                const char          *pgpassword,
                GString             *seen)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DABIAO_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  if (pgpassword != NULL)
    g_subprocess_launcher_setenv (launcher, "PGPASSWORD", pgpassword, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("dabiao-cli %s %s: %s", args[0], args[1], out);
  g_string_append (seen, out);
  return g_subprocess_get_exit_status (process);
}

/* Every byte of the files beside @path that sqlite may have written. */
static void
append_file_bytes (GString    *seen,
                   const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (file, &contents, &length, NULL))
        g_string_append_len (seen, contents, length);
    }
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

static void
assert_nowhere (GString    *seen,
                const char *what,
                const char *secret)
{
  g_autofree char *escaped = g_uri_escape_string (secret, NULL, FALSE);

  if (bytes_contain (seen, secret) || bytes_contain (seen, escaped))
    g_error ("a password (%s) got into %s", secret, what);
}

/* No password — a station's, the owner's, a wrong one typed — reaches the
 * messages and debug logs of sync rounds (good and failing ones, with the
 * password in the address, in PGPASSWORD, or in an address libpq cannot
 * read), the event files (every byte, the settings and audit rows with
 * them) or the server's tables. */
static void
test_no_password_leaks (void)
{
  g_autoptr(Fixture) f = fixture_new ("secrets", 10);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GString) files = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *station_url = NULL;
  g_autofree char *password = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *joined = g_strdup_printf ("%s/secrets-joined.dabiao", tmpdir);
  g_autofree char *xlsx = g_strdup_printf ("%s/secrets.xlsx", tmpdir);
  const char *wrong = "Wr0ngSecret-4711";
  guint port = dabiao_test_pg_get_port (pg);
  g_autofree char *wrong_uri = NULL;
  g_autofree char *wrong_conninfo = NULL;
  g_autofree char *broken_uri = g_strdup_printf ("postgresql://secrets_station:%s@[::1/secrets", wrong);
  g_autofree char *broken_conninfo = g_strdup_printf ("password=%s host", wrong);
  g_autofree char *bad_escape = g_strdup_printf ("postgresql://secrets_station:%s%%zz@127.0.0.1:%u/secrets", wrong, port);

  {
    g_autoptr(DabiaoServer) admin = dabiao_server_connect (f->url, NULL, &error);

    g_assert_no_error (error);
    station_url = dabiao_server_add_station (admin, "secrets_station", NULL, &error);
    g_assert_no_error (error);
  }
  typed = dabiao_server_url_strip_password (station_url, &password);
  g_assert_nonnull (password);
  g_assert_cmpuint (strlen (password), >=, 24);
  g_assert_null (strstr (typed, password));
  g_assert_true (g_str_has_prefix (typed, "postgresql://secrets_station@127.0.0.1:"));
  wrong_uri = g_strdup_printf ("postgresql://secrets_station:%s@127.0.0.1:%u/secrets", wrong, port);
  wrong_conninfo = g_strdup_printf ("host=127.0.0.1 port=%u dbname=secrets user=secrets_station password='%s'",
                                    port, wrong);

  record_rows (f->a, "A", 4, NULL);
  record_rows (f->b, "B", 3, NULL);
  {
    const char *sync_a[] = { "sync", f->a, "--server", station_url, NULL };
    const char *sync_b[] = { "sync", f->b, "--server", typed, NULL };
    const char *join[] = { "sync", joined, "--server", station_url, "--event", f->uuid, NULL };
    const char *list[] = { "server", "list", station_url, NULL };
    const char *summary[] = { "server", "export", "summary", typed, "-o", xlsx, NULL };
    const char *owner[] = { "sync", f->organiser, "--server", f->url, NULL };

    g_assert_cmpint (run_cli_logged (sync_a, NULL, seen), ==, 0);
    g_assert_cmpint (run_cli_logged (sync_b, password, seen), ==, 0);
    g_assert_cmpint (run_cli_logged (join, NULL, seen), ==, 0);
    g_assert_cmpint (run_cli_logged (list, NULL, seen), ==, 0);
    g_assert_cmpint (run_cli_logged (summary, password, seen), ==, 0);
    g_assert_cmpint (run_cli_logged (owner, NULL, seen), ==, 0);
  }
  /* Failing rounds: a wrong password (in the address, in a connection
   * string, in PGPASSWORD) and addresses libpq cannot read. */
  {
    const char *urls[] = { wrong_uri, wrong_conninfo, typed, broken_uri, broken_conninfo, bad_escape };

    for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
      {
        const char *args[] = { "sync", f->a, "--server", urls[i], NULL };
        g_autoptr(GString) one = g_string_new (NULL);

        g_assert_cmpint (run_cli_logged (args, i == 2 ? wrong : NULL, one), ==, 1);
        /* Still says what is wrong. */
        if (i < 3)
          {
            g_assert_nonnull (strstr (one->str, "密码"));
            /* Where the command line takes it from (the app says 首选项). */
            g_assert_nonnull (strstr (one->str, "PGPASSWORD"));
            g_assert_null (strstr (one->str, "首选项"));
          }
        else
          g_assert_nonnull (strstr (one->str, "不是 PostgreSQL 地址"));
        g_string_append (seen, one->str);
      }
  }
  /* The app's path: the password from the keyring, given apart. */
  {
    DabiaoServer *server = dabiao_server_connect (typed, wrong, &error);

    g_assert_null (server);
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_PASSWORD);
    g_string_append (seen, error->message);
    g_clear_error (&error);
  }
  assert_nowhere (seen, "the output of dabiao-cli", password);
  assert_nowhere (seen, "the output of dabiao-cli", wrong);
  assert_nowhere (seen, "the output of dabiao-cli", dabiao_test_pg_get_password (pg));

  /* The files, every byte of them, and the server's tables. */
  append_file_bytes (files, f->a);
  append_file_bytes (files, f->b);
  append_file_bytes (files, f->organiser);
  append_file_bytes (files, joined);
  {
    g_autofree char *dump = server_value (f,
                                          "SELECT string_agg (row, E'\\n') FROM ("
                                          " SELECT t::text AS row FROM events t UNION ALL SELECT t::text FROM items t"
                                          " UNION ALL SELECT t::text FROM participants t UNION ALL SELECT t::text FROM measurements t"
                                          " UNION ALL SELECT t::text FROM audit t UNION ALL SELECT t::text FROM certificates t"
                                          " UNION ALL SELECT t::text FROM settings t UNION ALL SELECT t::text FROM station_syncs t"
                                          " UNION ALL SELECT t::text FROM station_access t UNION ALL SELECT t::text FROM dabiao_server t) s");

    g_assert_nonnull (strstr (dump, "secrets_station"));
    g_string_append (files, dump);
  }
  g_assert_cmpuint (files->len, >, 100000);
  /* The search sees every byte: the last station's rows and the server's
   * role name are found, past the files' first NUL. */
  g_assert_true (bytes_contain (files, "secrets_station"));
  g_assert_true (bytes_contain (files, f->uuid));
  assert_nowhere (files, "an event file or the server's tables", password);
  assert_nowhere (files, "an event file or the server's tables", wrong);
  assert_nowhere (files, "an event file or the server's tables", dabiao_test_pg_get_password (pg));
}

/* Addresses lose their passwords and nothing else. */
static void
test_strip_password (void)
{
  struct { const char *url, *stripped, *password; } cases[] = {
    { "postgresql://st:pa%40ss@host:5432/db?sslmode=verify-full", "postgresql://st@host:5432/db?sslmode=verify-full", "pa@ss" },
    { "postgres://st@host/db?password=x%26y&sslmode=require", "postgres://st@host/db?sslmode=require", "x&y" },
    { "postgresql://st@[::1]:5432/db", "postgresql://st@[::1]:5432/db", NULL },
    { "postgresql://host/db", "postgresql://host/db", NULL },
    { "host=h port=5 password='it\\'s x' dbname=d", "host=h port=5 dbname=d", "it's x" },
    { "host=h password = s3cret dbname=d", "host=h dbname=d", "s3cret" },
    { "password=a\\ b host=h", "host=h", "a b" },
    { "postgresql://u:se:cret@h/d", "postgresql://u@h/d", "se:cret" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *password = NULL;
      g_autofree char *stripped = dabiao_server_url_strip_password (cases[i].url, &password);

      g_assert_cmpstr (stripped, ==, cases[i].stripped);
      g_assert_cmpstr (password, ==, cases[i].password);
    }
}

/* ---- The district's view ----------------------------------------------------- */

/* Two schools, grades 11 and 12, every item of the primary tables recorded
 * at a station (some twice, one voided, one person exempt from an item,
 * one with an item missing). */
static void
district_event (const char  *path,
                const char  *name,
                guint        n_people,
                GPtrArray   *uuids)
{
  static const char * const items[] = { "height", "weight", "vital_capacity", "run_50m", "sit_and_reach", "rope_1min" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) people = g_array_new (FALSE, TRUE, sizeof (DabiaoParticipantInfo));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (n_people);
  DabiaoEventInfo info = { .name = name, .standard = "student-2014", .date = "2026-12-06" };
  g_autoptr(DabiaoEvent) event = NULL;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_people; i++)
    {
      DabiaoParticipantInfo p = { .sex = 1 + i % 2, .birth_date = "2018-03-01", .grade = 11 + (i / 2) % 2 };
      static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
      /* A valid ID number (sequence odd for boys), and 学籍号 G + it. */
      char *card = g_strdup_printf ("11010120180301%03u", (n_people * 10 + i) * 2 % 1000 + (p.sex == 1 ? 1 : 0));
      char *id;
      int sum = 0;

      for (guint k = 0; k < 17; k++)
        sum += (card[k] - '0') * weights[k];
      card = g_realloc (card, 19);
      card[17] = "10X98765432"[sum % 11];
      card[18] = '\0';
      id = g_strdup_printf ("G%s", card);
      g_ptr_array_add (strings, id);
      g_ptr_array_add (strings, card);
      p.id = id;
      p.id_card = card;
      p.name = "学生";
      p.ethnicity = "01";
      p.class_code = p.grade == 11 ? "1101" : "1201";
      p.class_name = p.grade == 11 ? "一年级1班" : "二年级1班";
      p.organization = i % 3 == 0 ? "S2" : "S1";
      g_array_append_val (people, p);
    }
  g_assert_true (dabiao_event_add_participants (event, (DabiaoParticipantInfo *) people->data, people->len,
                                                NULL, NULL, &error));
  /* The schools' names, as `event set --school` gives them: settings. */
  g_assert_true (dabiao_event_set_school (event, "S1", "天河一中", &error));
  g_assert_true (dabiao_event_set_school (event, "S2", "天河二中", &error));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_assert_true (dabiao_event_set_item_attempts (event, items[i], 5, &error));
  dabiao_event_set_station (event, "A");
  for (guint i = 0; i < n_people; i++)
    for (guint j = 0; j < G_N_ELEMENTS (items); j++)
      {
        const char *id = g_ptr_array_index (strings, 2 * i);
        double base[] = { 125, 25, 1200, 10.5, 8, 80 };
        double spread[] = { 15, 8, 900, 3, 12, 70 };
        guint attempts = 1 + g_rand_int_range (rand, 0, 3);

        if (i == 4 && j == 5)
          continue;   /* never measured: 未测完 */
        if (i == 9 && j == 0)
          {
            /* Recorded absent: 缺测. */
            DabiaoRecordRequest absent = { .participant_id = id, .item = items[j],
                                           .special = DABIAO_SPECIAL_ABSENT, .reason = "缺席" };
            g_autoptr(DabiaoMeasurement) m = dabiao_event_record (event, &absent, &error);

            g_assert_no_error (error);
            continue;
          }
        if (i == 6 && j != 3)
          continue;   /* nothing but: */
        if (i == 6)
          {
            /* A false start at 50米跑, run again: no attempt, no result
             * (decision 0204); the district's view counted the person as
             * tested (实测). */
            DabiaoRecordRequest start = { .participant_id = id, .item = items[j],
                                          .special = DABIAO_SPECIAL_FOUL, .reason = "抢跑" };
            g_autoptr(DabiaoMeasurement) m = dabiao_event_record (event, &start, &error);

            g_assert_no_error (error);
            continue;
          }
        for (guint a = 0; a < attempts; a++)
          {
            DabiaoRecordRequest request = { .participant_id = id, .item = items[j], .has_value = TRUE,
                                            .value = base[j] + g_rand_double (rand) * spread[j] };
            g_autoptr(DabiaoMeasurement) m = NULL;

            request.value = j == 3 ? floor (request.value * 10) / 10 : j >= 4 ? floor (request.value) : request.value;
            if (i == 7 && j == 2)
              {
                request.has_value = FALSE;
                request.special = DABIAO_SPECIAL_EXEMPT;
                request.reason = "病假";
              }
            m = dabiao_event_record (event, &request, &error);
            g_assert_no_error (error);
            if (uuids != NULL)
              g_ptr_array_add (uuids, g_strdup (dabiao_measurement_get_uuid (m)));
            /* Now and then the best attempt is voided. */
            if (a == 1 && i % 5 == 1)
              {
                g_autoptr(DabiaoMeasurement) v = dabiao_event_void (event, dabiao_measurement_get_uuid (m), "读数错误", &error);

                g_assert_no_error (error);
              }
          }
      }
}

/* The same counts from the event file, through the results module. */
static char *
local_summary (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) keys = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < persons->len; i++)
    {
      DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      g_autofree char *group = dabiao_results_person_dup_group (p);
      g_autofree char *key = g_strdup_printf ("%s\t%s", p->school_code, group);
      guint *counts = g_hash_table_lookup (rows, key);

      if (counts == NULL)
        {
          counts = g_new0 (guint, 8);
          g_hash_table_insert (rows, g_strdup (key), counts);
        }
      counts[0]++;
      if (p->level == NULL && (p->exempt || dabiao_results_person_has_exemption (p)))
        counts[2]++;
      else if (p->level != NULL)
        {
          const char *levels[] = { "优秀", "良好", "及格", "不及格" };

          counts[1]++;
          for (guint l = 0; l < 4; l++)
            if (g_str_equal (p->level, levels[l]))
              counts[3 + l]++;
        }
    }
  keys = sorted_keys (rows);
  for (guint i = 0; i < keys->len; i++)
    {
      guint *c = g_hash_table_lookup (rows, keys->pdata[i]);

      g_string_append_printf (out, "%s\t%u\t%u\t%u\t%u\t%u\t%u\t%u\n", (char *) keys->pdata[i],
                              c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
    }
  return g_string_free (out, FALSE);
}

/* The workbook as openpyxl reads it: school, grade, 应测, 实测, 免测 and the
 * four level counts, rows in the same order as local_summary(). */
static char *
read_summary (const char *path)
{
  const char *script =
    "import sys, openpyxl\n"
    "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
    "rows = list(ws.iter_rows(values_only=True))\n"
    "h = rows[0]\n"
    "assert len(set(h)) == len(h), h\n"
    "assert '及格率（优秀+良好+及格）(%)' in h, h\n"
    "col = {name: i for i, name in enumerate(h)}\n"
    "out = []\n"
    "for r in rows[1:]:\n"
    "    if r[2] in ('合计', '') or r[0] == '全区合计':\n"
    "        continue\n"
    "    out.append('\\t'.join([r[0], r[2]] + [str(int(r[col[k]])) for k in ('应测人数', '实测人数', '免测人数', '优秀人数', '良好人数', '及格人数', '不及格人数')]))\n"
    "out.sort()\n"
    "total = [r for r in rows if r[0] == '全区合计'][0]\n"
    "print('\\n'.join(out))\n"
    "print('total', int(total[col['应测人数']]), int(total[col['实测人数']]))\n";
  const char *argv[] = { g_getenv ("DABIAO_PYTHON"), "-c", script, path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* 应测 / 实测 / 免测 / 缺测 / 未测完 per school and grade in the district's
 * workbook are those of the schools' own summary workbooks (学校汇总, 男 and
 * 女 rows added up over both files), read with openpyxl; one 缺测 and one
 * 未测完 are there to be told apart. */
static void
compare_with_school_summaries (const char *district,
                               const char *one,
                               const char *two)
{
  const char *script =
    "import sys, openpyxl\n"
    "keys = ('应测人数', '实测人数', '免测人数', '缺测人数', '未测完人数')\n"
    "def table(ws, key_cols, want):\n"
    "    rows = list(ws.iter_rows(values_only=True))\n"
    "    col = {name: i for i, name in enumerate(rows[0])}\n"
    "    out = {}\n"
    "    for r in rows[1:]:\n"
    "        if not want(r):\n"
    "            continue\n"
    "        k = tuple(r[i] for i in key_cols)\n"
    "        c = out.setdefault(k, [0] * len(keys))\n"
    "        for n, name in enumerate(keys):\n"
    "            c[n] += int(r[col[name]])\n"
    "    return out\n"
    "d = table(openpyxl.load_workbook(sys.argv[1])['区县汇总'], (0, 2),\n"
    "          lambda r: r[0] != '全区合计' and r[2] != '合计')\n"
    "s = {}\n"
    "for path in sys.argv[2:]:\n"
    "    for k, c in table(openpyxl.load_workbook(path)['学校汇总'], (0, 2), lambda r: r[3] in ('男', '女')).items():\n"
    "        s[k] = [a + b for a, b in zip(s.get(k, [0] * len(keys)), c)]\n"
    "assert d == s, (d, s)\n"
    "for c in d.values():\n"
    "    assert c[0] == sum(c[1:]), c\n"
    "print(sum(c[3] for c in d.values()), sum(c[4] for c in d.values()))\n";
  g_autofree char *school_one = g_strconcat (one, "-汇总.xlsx", NULL);
  g_autofree char *school_two = g_strconcat (two, "-汇总.xlsx", NULL);
  const char *argv[] = { g_getenv ("DABIAO_PYTHON"), "-c", script, district, school_one, school_two, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  for (guint i = 0; i < 2; i++)
    {
      const char *args[] = { "export", "summary", i == 0 ? one : two, "-o", i == 0 ? school_one : school_two, NULL };
      g_autofree char *cli_out = NULL;
      g_autofree char *cli_err = NULL;

      if (run_cli (args, NULL, &cli_out, &cli_err) != 0)
        g_error ("%s%s", cli_out, cli_err);
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("the district's counts are not the schools': %s", err);
  /* Each file has one person recorded absent, one never measured in an
   * item and one with only a false start there (both files: 2 and 4). */
  g_assert_cmpstr (out, ==, "2 4\n");
}

static void
test_district (void)
{
  g_autofree char *url = dabiao_test_pg_new_database (pg, "district");
  g_autofree char *one = g_strdup_printf ("%s/district-one.dabiao", tmpdir);
  g_autofree char *two = g_strdup_printf ("%s/district-two.dabiao", tmpdir);
  g_autofree char *xlsx = g_strdup_printf ("%s/区县汇总.xlsx", tmpdir);
  g_autofree char *from_server = g_strdup_printf ("%s/上报-服务器.xlsx", tmpdir);
  g_autofree char *from_file = g_strdup_printf ("%s/上报-文件.xlsx", tmpdir);
  g_autofree char *expected_one = NULL;
  g_autofree char *expected_two = NULL;
  g_autofree char *read = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);

  {
    g_autoptr(DabiaoServer) server = dabiao_server_connect (url, NULL, NULL);

    g_assert_true (dabiao_server_init (server, NULL, NULL, NULL));
  }
  district_event (one, "一校", 24, NULL);
  district_event (two, "二校", 15, NULL);
  sync_ok (one, url, NULL, NULL);
  sync_ok (two, url, NULL, NULL);
  {
    g_autoptr(DabiaoEvent) event = open_event (one);

    uuid = g_strdup (dabiao_event_get_uuid (event));
  }

  /* Both events in one workbook: per school and group the same counts as
   * the results module gives from the files. */
  {
    const char *args[] = { "server", "export", "summary", url, "-o", xlsx, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (args, NULL, &out, &err), ==, 0);
    g_test_message ("%s%s", out, err);
  }
  read = read_summary (xlsx);
  expected_one = local_summary (one);
  expected_two = local_summary (two);
  {
    /* Rows of the two files for the same school and group add up. */
    g_autoptr(GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GPtrArray) keys = NULL;
    const char *parts[] = { expected_one, expected_two };
    guint total = 0, tested = 0;

    for (guint p = 0; p < 2; p++)
      {
        g_auto(GStrv) lines = g_strsplit (parts[p], "\n", -1);

        for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
          {
            g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
            g_autofree char *key = g_strdup_printf ("%s\t%s", f[0], f[1]);
            guint *c = g_hash_table_lookup (sums, key);

            if (c == NULL)
              {
                c = g_new0 (guint, 7);
                g_hash_table_insert (sums, g_strdup (key), c);
              }
            for (guint k = 0; k < 7; k++)
              c[k] += atoi (f[2 + k]);
          }
      }
    keys = sorted_keys (sums);
    for (guint i = 0; i < keys->len; i++)
      {
        guint *c = g_hash_table_lookup (sums, keys->pdata[i]);

        g_string_append_printf (expected, "%s\t%u\t%u\t%u\t%u\t%u\t%u\t%u\n", (char *) keys->pdata[i],
                                c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
        total += c[0];
        tested += c[1];
      }
    g_string_append_printf (expected, "total %u %u\n", total, tested);
    g_assert_cmpuint (tested, >, 10);
  }
  g_test_message ("%s", read);
  g_assert_cmpstr (read, ==, expected->str);
  compare_with_school_summaries (xlsx, one, two);
  /* 学校名称 is the name the event gives the school, not its code (trial
   * 16b: the column showed 4401010001). */
  {
    const char *script =
      "import sys, openpyxl\n"
      "rows = list(openpyxl.load_workbook(sys.argv[1])['区县汇总'].iter_rows(values_only=True))\n"
      "assert rows[0][0] == '学校代码' and rows[0][1] == '学校名称', rows[0]\n"
      "print(' '.join(sorted(set('%s=%s' % (r[0], r[1]) for r in rows[1:] if r[0] != '全区合计'))))\n";
    const char *argv[] = { g_getenv ("DABIAO_PYTHON"), "-c", script, xlsx, NULL };
    g_autofree char *names = NULL;
    g_autoptr(GError) error = NULL;
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &names, NULL, &status,
                                 &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (names, ==, "S1=天河一中 S2=天河二中\n");
  }

  /* One event's upload file from the server is the file's own. */
  {
    const char *args[] = { "server", "export", "upload", url, "--event", uuid, "-o", from_server, NULL };
    const char *local[] = { "export", "upload", one, "-o", from_file, NULL };
    const char *compare =
      "import sys, openpyxl\n"
      "a = openpyxl.load_workbook(sys.argv[1]); b = openpyxl.load_workbook(sys.argv[2])\n"
      "assert a.sheetnames == b.sheetnames, (a.sheetnames, b.sheetnames)\n"
      "n = 0\n"
      "for name in a.sheetnames:\n"
      "    ra = list(a[name].iter_rows(values_only=True)); rb = list(b[name].iter_rows(values_only=True))\n"
      "    assert ra == rb, name\n"
      "    n += len(ra)\n"
      "print(n)\n";
    const char *argv[] = { g_getenv ("DABIAO_PYTHON"), "-c", compare, from_server, from_file, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *rows = NULL;
    g_autoptr(GError) error = NULL;
    int status = 0;

    if (run_cli (args, NULL, &out, &err) != 0)
      g_error ("%s%s", out, err);
    g_test_message ("%s%s", out, err);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    if (run_cli (local, NULL, &out, &err) != 0)
      g_error ("%s%s", out, err);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &rows, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpint (atoi (rows), >, 20);
  }
  /* The exports wrote nothing to the server: still one station per event
   * and no audit row of the temporary copy. */
  {
    g_autofree char *syncs = dabiao_test_pg_query_value (pg, "district", "SELECT count (*) FROM station_syncs");
    g_autofree char *copies = dabiao_test_pg_query_value (pg, "district",
                                                          "SELECT count (*) FROM audit WHERE detail LIKE '%copy of%'");

    g_assert_cmpstr (syncs, ==, "2");
    g_assert_cmpstr (copies, ==, "0");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  pg = dabiao_test_pg_start (&error);
  if (pg == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  tmpdir = g_dir_make_tmp ("dabiao-sync-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("PGPASSFILE", "/nonexistent", TRUE);

  dabiao_test_server_add_cases (pg);
  g_test_add_func ("/sync/two-stations", test_two_stations);
  g_test_add_func ("/server/list-last-sync", test_list_last_sync);
  g_test_add_func ("/server/list-shared-station-name", test_list_shared_station_name);
  g_test_add_func ("/sync/settings-and-roster", test_settings_and_roster);
  g_test_add_func ("/sync/tampered-row", test_tampered_row);
  g_test_add_func ("/sync/tampered-roster", test_tampered_roster);
  g_test_add_func ("/sync/offline-catch-up", test_offline_catch_up);
  g_test_add_func ("/sync/join", test_join);
  g_test_add_func ("/sync/killed-mid-sync", test_killed_mid_sync);
  g_test_add_func ("/sync/record-never-waits", test_record_never_waits);
  g_test_add_func ("/sync/closed-mid-round", test_closed_mid_round);
  g_test_add_func ("/district/summary-and-upload", test_district);
  g_test_add_func ("/sync/no-password-leaks", test_no_password_leaks);
  g_test_add_func ("/sync/strip-password", test_strip_password);
  status = g_test_run ();
  dabiao_test_pg_stop (pg);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmpdir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmpdir);
  }
  return status;
}
