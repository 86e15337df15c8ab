/* bench-sync.c — issue 16's scale: 20 stations × 5,000 measurements synced
 * into one server, and the district summary over 1,000,000 measurements.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts a private PostgreSQL cluster (tests/sync/dabiao-test-pg.c).
 * Baselines, measured in the same run on the same server:
 *   - sync: COPY of the same number of measurement rows into a plain
 *     table with the same columns (the floor for moving rows in);
 *   - summary: one GROUP BY over the same measurements (the floor for any
 *     query that reads them all).
 * DABIAO_BENCH_STATIONS, DABIAO_BENCH_ROWS (per station) and
 * DABIAO_BENCH_SUMMARY_ROWS change the sizes. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "dabiao-district.h"
#include "dabiao-server-private.h"
#include "dabiao-sync.h"
#include "dabiao-test-pg.h"

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
exec_ok (DabiaoServer *server,
         const char   *sql)
{
  g_autoptr(GError) error = NULL;

  if (!_dabiao_server_exec (server, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

int
main (int   argc,
      char *argv[])
{
  guint n_stations = env_uint ("DABIAO_BENCH_STATIONS", 20);
  guint n_rows = env_uint ("DABIAO_BENCH_ROWS", 5000);
  guint n_summary = env_uint ("DABIAO_BENCH_SUMMARY_ROWS", 1000000);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-bench-sync-XXXXXX", NULL);
  g_autofree char *organiser = g_build_filename (dir, "organiser.dabiao", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DabiaoServer) server = NULL;
  g_autofree char *url = NULL;
  DabiaoTestPg *pg;
  double t0, sync_seconds, catch_up_seconds, copy_seconds, summary_seconds, scan_seconds;
  guint sent = 0, received = 0;
  guint n_people = 1000;

  pg = dabiao_test_pg_start (&error);
  if (pg == NULL)
    g_error ("%s", error->message);
  url = dabiao_test_pg_new_database (pg, "bench");
  server = dabiao_server_connect (url, NULL, &error);
  if (server == NULL || !dabiao_server_init (server, NULL, NULL, &error))
    g_error ("%s", error->message);

  /* The organiser's file and one copy per station, each with its rows
   * recorded (not measured). */
  {
    DabiaoEventInfo info = { .name = "bench", .standard = "student-2014", .date = "2026-12-06" };
    g_autoptr(DabiaoEvent) event = dabiao_event_create (organiser, &info, &error);
    g_autoptr(GArray) people = g_array_new (FALSE, TRUE, sizeof (DabiaoParticipantInfo));
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *contents = NULL;
    gsize length = 0;

    if (event == NULL)
      g_error ("%s", error->message);
    for (guint i = 0; i < n_people; i++)
      {
        DabiaoParticipantInfo p = { .name = "学生", .sex = 1 + i % 2, .grade = 11, .class_code = "1101",
                                    .birth_date = "2018-03-01" };
        char *id = g_strdup_printf ("P%05u", i);

        g_ptr_array_add (ids, id);
        p.id = id;
        g_array_append_val (people, p);
      }
    if (!dabiao_event_add_participants (event, (DabiaoParticipantInfo *) people->data, people->len, NULL, NULL, &error)
        || !dabiao_event_set_item_attempts (event, "vital_capacity", 99, &error))
      g_error ("%s", error->message);
    dabiao_event_close (event);
    g_file_get_contents (organiser, &contents, &length, NULL);
    for (guint s = 0; s < n_stations; s++)
      {
        char *path = g_strdup_printf ("%s/station-%02u.dabiao", dir, s);
        g_autoptr(DabiaoEvent) station = NULL;
        g_autoptr(GArray) requests = g_array_new (FALSE, TRUE, sizeof (DabiaoRecordRequest));
        g_autoptr(GPtrArray) pids = g_ptr_array_new_with_free_func (g_free);
        g_autofree char *name = g_strdup_printf ("S%02u", s);

        g_file_set_contents (path, contents, length, NULL);
        g_ptr_array_add (files, path);
        station = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
        if (station == NULL)
          g_error ("%s", error->message);
        dabiao_event_set_station (station, name);
        for (guint i = 0; i < n_rows; i++)
          {
            DabiaoRecordRequest r = { .item = "vital_capacity", .has_value = TRUE, .value = 1000 + (i * 7 + s) % 3000,
                                      .source = DABIAO_SOURCE_INSTRUMENT, .instrument_id = "FHL-1" };
            char *pid = g_strdup_printf ("P%05u", (i + s * 37) % n_people);

            g_ptr_array_add (pids, pid);
            r.participant_id = pid;
            g_array_append_val (requests, r);
          }
        for (guint i = 0; i < n_rows; i += 1000)
          if (!dabiao_event_record_many (station, &g_array_index (requests, DabiaoRecordRequest, i),
                                         MIN (1000, n_rows - i), &error))
            g_error ("%s", error->message);
      }
  }

  /* Every station sends its rows (one round each, one after the other as
   * they would come in over a morning; rows/s counts what the server
   * took). */
  t0 = now ();
  for (guint s = 0; s < files->len; s++)
    {
      g_autoptr(DabiaoEvent) station = dabiao_event_open (files->pdata[s], DABIAO_EVENT_OPEN_NONE, &error);
      g_autoptr(DabiaoSyncReport) report = NULL;

      if (station == NULL || (report = dabiao_sync_event (station, server, &error)) == NULL)
        g_error ("%s", error->message);
      sent += report->measurements_sent;
    }
  sync_seconds = now () - t0;

  /* Then one station catches up on everyone else's rows. */
  t0 = now ();
  {
    g_autoptr(DabiaoEvent) station = dabiao_event_open (files->pdata[0], DABIAO_EVENT_OPEN_NONE, &error);
    g_autoptr(DabiaoSyncReport) report = NULL;

    if (station == NULL || (report = dabiao_sync_event (station, server, &error)) == NULL)
      g_error ("%s", error->message);
    received = report->measurements_received;
  }
  catch_up_seconds = now () - t0;

  /* Baseline: COPY the same rows into a plain table of the same columns. */
  exec_ok (server, "CREATE TABLE copy_baseline AS SELECT * FROM measurements WHERE false;"
                   "ALTER TABLE copy_baseline DROP COLUMN sid, DROP COLUMN received_at, DROP COLUMN received_from");
  {
    g_autoptr(PGresult) rows = _dabiao_server_query (server, "COPY (SELECT event_uuid, uuid, participant_id, item,"
                                                     " value, unit, special, reason, source, instrument_id, raw_frame,"
                                                     " station, operator, measured_at, recorded_at, voids, seq, prev_hash,"
                                                     " hash FROM measurements) TO STDOUT", 0, NULL, &error);
    if (rows == NULL)
      g_error ("%s", error->message);
    GString *data = g_string_new (NULL);
    PGconn *conn = _dabiao_server_get_conn (server);
    char *line = NULL;
    int n;

    while ((n = PQgetCopyData (conn, &line, 0)) > 0)
      {
        g_string_append_len (data, line, n);
        PQfreemem (line);
      }
    while (PQgetResult (conn) != NULL)
      ;
    t0 = now ();
    {
      g_autoptr(PGresult) copying = _dabiao_server_query (server, "COPY copy_baseline FROM STDIN", 0, NULL, &error);

      if (copying == NULL || PQputCopyData (conn, data->str, data->len) != 1 || PQputCopyEnd (conn, NULL) != 1)
        g_error ("COPY failed");
      while (PQgetResult (conn) != NULL)
        ;
    }
    copy_seconds = now () - t0;
    g_string_free (data, TRUE);
  }

  /* The district: n_summary measurements over 20 schools' events,
   * generated on the server (the chain trigger off for the load). */
  {
    guint n_events = 20;
    guint people_per_event = n_summary / n_events / 6;
    g_autofree char *load = g_strdup_printf (
      "ALTER TABLE measurements DISABLE TRIGGER measurements_chain;"
      "INSERT INTO events SELECT 'bench-' || e, 'school ' || e, '2026-12-06', '', '', 'student-2014',"
      "  jsonb_build_object ('uuid', '00000000-0000-4000-8000-' || lpad (e::text, 12, '0'), 'name', 'school ' || e,"
      "  'date', '2026-12-06', 'standard', 'student-2014', 'created', '2026-12-06T08:00:00Z')"
      "  FROM generate_series (1, %u) e;"
      "INSERT INTO items SELECT 'bench-' || e, i.position, i.code, i.number, i.name, i.unit, i.better, i.attempts,"
      "  i.decimals, i.format FROM generate_series (1, %u) e, items i WHERE i.event_uuid = (SELECT uuid FROM events"
      "  WHERE uuid NOT LIKE 'bench-%%' LIMIT 1);"
      "INSERT INTO participants (event_uuid, id, name, sex, birth_date, id_card, grade, class_code, class_name,"
      "  ethnicity, address, organization, phone, created_at, updated_at, row_hash)"
      "  SELECT 'bench-' || e, 'P' || p, '学生', 1 + p %% 2, '2018-03-01', '', 11 + p %% 2,"
      "  CASE WHEN p %% 2 = 0 THEN '1101' ELSE '1201' END, '', '01', '', 'S' || e, '', 0, 0, repeat ('0', 64)"
      "  FROM generate_series (1, %u) e, generate_series (1, %u) p;"
      "INSERT INTO measurements (event_uuid, uuid, participant_id, item, value, unit, special, reason, source,"
      "  instrument_id, station, operator, measured_at, recorded_at, seq, prev_hash, hash, row_hash)"
      "  SELECT 'bench-' || e, e || '-' || p || '-' || k, 'P' || p, (ARRAY['height','weight','vital_capacity',"
      "  'run_50m','sit_and_reach','rope_1min'])[k], (ARRAY[120 + p %% 20, 20 + p %% 15, 800 + (p * 13) %% 1500,"
      "  9 + (p %% 40) / 10.0, (p * 7) %% 20, 40 + (p * 11) %% 100])[k], '', 0, '', 0, '', 'S', '', p, p,"
      "  p * 6 + k, repeat ('0', 64), repeat ('a', 64), repeat ('0', 64)"
      "  FROM generate_series (1, %u) e, generate_series (1, %u) p, generate_series (1, 6) k;"
      "ALTER TABLE measurements ENABLE TRIGGER measurements_chain;"
      "ANALYZE",
      n_events, n_events, n_events, people_per_event, n_events, people_per_event);
    g_autofree char *xlsx = g_build_filename (dir, "district.xlsx", NULL);
    g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
    DabiaoDistrictReport report = { 0 };

    t0 = now ();
    exec_ok (server, load);
    printf ("district: generated %u measurements for %u participants in %.1f s\n",
            n_events * people_per_event * 6, n_events * people_per_event, now () - t0);
    for (guint e = 1; e <= n_events; e++)
      g_ptr_array_add (uuids, g_strdup_printf ("bench-%u", e));
    g_ptr_array_add (uuids, NULL);

    t0 = now ();
    exec_ok (server, "SELECT event_uuid, item, count (*), avg (value) FROM measurements"
                     " WHERE event_uuid LIKE 'bench-%' GROUP BY event_uuid, item");
    scan_seconds = now () - t0;

    t0 = now ();
    if (!dabiao_district_export_summary (server, (const char * const *) uuids->pdata, xlsx, &report, &error))
      g_error ("%s", error->message);
    summary_seconds = now () - t0;
    printf ("district summary: %u events, %u schools, %u participants (%u assessed), %u rows\n",
            report.events, report.schools, report.participants, report.tested, report.rows);
  }

  {
    g_autofree char *load = NULL;
    g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
    printf ("machine: %u cores, load %s", g_get_num_processors (), load != NULL ? load : "?\n");
  }
  printf ("sync: %u stations × %u measurements sent in %.2f s = %.0f rows/s;"
          " baseline COPY of the same rows %.2f s = %.0f rows/s; ratio %.1f\n",
          n_stations, n_rows, sync_seconds, sent / sync_seconds, copy_seconds, sent / copy_seconds,
          sync_seconds / copy_seconds);
  printf ("catch-up: one station took %u measurements in %.2f s = %.0f rows/s\n",
          received, catch_up_seconds, received / catch_up_seconds);
  printf ("summary over %u measurements: %.2f s; baseline GROUP BY scan %.2f s; ratio %.1f\n",
          n_summary, summary_seconds, scan_seconds, summary_seconds / scan_seconds);

  dabiao_test_pg_stop (pg);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    if (system (command) != 0)
      fprintf (stderr, "could not remove %s\n", dir);
  }
  return sent == n_stations * n_rows && received == (n_stations - 1) * n_rows ? 0 : 1;
}
