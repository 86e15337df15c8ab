/* test-server.c — the PostgreSQL server: schema, triggers, roles, errors.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libpq-fe.h>

#include "dabiao-error.h"
#include "dabiao-server-private.h"
#include "dabiao-test-pg.h"
#include "test-sync-cases.h"

static DabiaoTestPg *pg;

static char *
new_database (const char *prefix)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("%s_%u", prefix, ++counter);

  return dabiao_test_pg_new_database (pg, name);
}

static void
assert_value (const char *db,
              const char *sql,
              const char *expected)
{
  g_autofree char *value = dabiao_test_pg_query_value (pg, db, sql);

  g_assert_cmpstr (value, ==, expected);
}

static char *
db_name (const char *url)
{
  return g_path_get_basename (url);
}

static void
test_init_idempotent (void)
{
  g_autofree char *url = new_database ("init");
  g_autofree char *name = db_name (url);
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id_again = NULL;
  guint from = 99, to = 99;

  server = dabiao_server_connect (url, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (dabiao_server_check (server, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "server init"));
  g_clear_error (&error);

  g_assert_true (dabiao_server_init (server, &from, &to, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (from, ==, 0);
  g_assert_cmpuint (to, ==, DABIAO_SERVER_SCHEMA_VERSION);
  g_assert_true (dabiao_server_check (server, &error));
  id = g_strdup (dabiao_server_get_id (server));
  g_assert_cmpuint (strlen (id), ==, 36);

  /* Again: nothing to do, same identity. */
  g_assert_true (dabiao_server_init (server, &from, &to, &error));
  g_assert_cmpuint (from, ==, DABIAO_SERVER_SCHEMA_VERSION);
  g_assert_cmpuint (to, ==, DABIAO_SERVER_SCHEMA_VERSION);
  g_assert_true (dabiao_server_check (server, &error));
  id_again = g_strdup (dabiao_server_get_id (server));
  g_assert_cmpstr (id, ==, id_again);

  /* A newer server is refused, not touched. */
  dabiao_test_pg_exec (pg, name, "UPDATE dabiao_server SET value = '99' WHERE key = 'schema'");
  g_assert_false (dabiao_server_check (server, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "99"));
  g_clear_error (&error);
  g_assert_false (dabiao_server_init (server, NULL, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION);
}

/* Measurements and audit rows cannot be changed, not even by the owner,
 * until the trigger is disabled. */
static void
test_append_only (void)
{
  g_autofree char *url = new_database ("append");
  g_autofree char *name = db_name (url);
  g_autoptr(DabiaoServer) server = dabiao_server_connect (url, NULL, NULL);
  PGconn *conn;
  const char * const refused[] = {
    "UPDATE measurements SET value = 1",
    "DELETE FROM measurements",
    "TRUNCATE measurements",
    "UPDATE audit SET detail = 'x'",
    "DELETE FROM audit",
    "TRUNCATE audit CASCADE",
  };

  g_assert_true (dabiao_server_init (server, NULL, NULL, NULL));
  dabiao_test_pg_exec (pg, name,
                       "INSERT INTO events VALUES ('e1', 'E', '2026-12-06', '', '', 'student-2014', '{}');"
                       "INSERT INTO measurements (event_uuid, uuid, participant_id, item, value, unit, special,"
                       " reason, source, instrument_id, station, operator, measured_at, recorded_at, seq,"
                       " prev_hash, hash, row_hash) VALUES ('e1', 'm1', 'p', 'height', 150, 'cm', 0, '', 0, '', 'A', 'o',"
                       " 1, 1, 1, repeat ('0', 64), repeat ('a', 64), repeat ('e', 64));"
                       "INSERT INTO audit VALUES ('e1', 'a1', 1, 'A', 'o', 'create', 'd')");
  conn = _dabiao_server_get_conn (server);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PGresult) result = PQexec (conn, refused[i]);

      g_test_message ("%s", refused[i]);
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
      g_assert_nonnull (strstr (PQresultErrorMessage (result), "append-only"));
    }
  assert_value (name, "SELECT value FROM measurements", "150");

  /* The chain's links are checked on the way in. */
  {
    g_autoptr(PGresult) result
      = PQexec (conn, "INSERT INTO measurements (event_uuid, uuid, participant_id, item, value, unit, special,"
                " reason, source, instrument_id, station, operator, measured_at, recorded_at, seq,"
                " prev_hash, hash, row_hash) VALUES ('e1', 'm3', 'p', 'height', 150, 'cm', 0, '', 0, '', 'A', 'o',"
                " 1, 1, 3, repeat ('b', 64), repeat ('c', 64), repeat ('e', 64))");

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
    g_assert_nonnull (strstr (PQresultErrorMessage (result), "does not follow"));
  }
  {
    g_autoptr(PGresult) result
      = PQexec (conn, "INSERT INTO measurements (event_uuid, uuid, participant_id, item, value, unit, special,"
                " reason, source, instrument_id, station, operator, measured_at, recorded_at, seq,"
                " prev_hash, hash, row_hash) VALUES ('e1', 'm2', 'p', 'height', 151, 'cm', 0, '', 0, '', 'A', 'o',"
                " 1, 1, 2, repeat ('a', 64), repeat ('d', 64), repeat ('e', 64))");

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  }
  /* A row without its row hash is refused (server schema 4). */
  {
    g_autoptr(PGresult) result
      = PQexec (conn, "INSERT INTO measurements (event_uuid, uuid, participant_id, item, value, unit, special,"
                " reason, source, instrument_id, station, operator, measured_at, recorded_at, seq,"
                " prev_hash, hash) VALUES ('e1', 'm4', 'p', 'height', 152, 'cm', 0, '', 0, '', 'A', 'o',"
                " 1, 1, 3, repeat ('d', 64), repeat ('f', 64))");

    g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
    g_assert_nonnull (strstr (PQresultErrorMessage (result), "measurements_row_hash"));
  }
}

static void
kill_before_commit (DabiaoServer *server)
{
  raise (SIGKILL);
}

/* An upgrade killed before its COMMIT leaves the previous version whole;
 * the next init finishes it. */
static void
test_interrupted_upgrade (void)
{
  g_autofree char *url = new_database ("upgrade");
  g_autofree char *name = db_name (url);
  g_autoptr(GError) error = NULL;
  guint from = 0, to = 0;
  pid_t child;
  int status;

  {
    g_autoptr(DabiaoServer) server = dabiao_server_connect (url, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (_dabiao_server_init_to (server, 1, NULL, &from, &to, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (to, ==, 1);
  }
  assert_value (name, "SELECT value FROM dabiao_server WHERE key = 'schema'", "1");

  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      DabiaoServer *server = dabiao_server_connect (url, NULL, NULL);

      if (server != NULL)
        _dabiao_server_init_to (server, DABIAO_SERVER_SCHEMA_VERSION, kill_before_commit, NULL, NULL, NULL);
      _exit (3);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  /* Still version 1, none of version 2's objects. */
  assert_value (name, "SELECT value FROM dabiao_server WHERE key = 'schema'", "1");
  assert_value (name, "SELECT to_regclass ('station_access')::text", NULL);
  {
    g_autoptr(DabiaoServer) server = dabiao_server_connect (url, NULL, &error);

    g_assert_false (dabiao_server_check (server, &error));
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION);
    g_assert_nonnull (strstr (error->message, "server init"));
    g_clear_error (&error);
    g_assert_true (dabiao_server_init (server, &from, &to, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (from, ==, 1);
    g_assert_cmpuint (to, ==, DABIAO_SERVER_SCHEMA_VERSION);
    g_assert_true (dabiao_server_check (server, &error));
  }
  assert_value (name, "SELECT to_regclass ('station_access')::text", "station_access");
}

static void
test_wrong_password_and_unreachable (void)
{
  g_autofree char *url = new_database ("errors");
  g_autofree char *bad = g_strdup_printf ("postgresql://postgres@127.0.0.1:%u/%s",
                                          dabiao_test_pg_get_port (pg), strrchr (url, '/') + 1);
  g_autoptr(GError) error = NULL;
  DabiaoServer *server;

  server = dabiao_server_connect (bad, "not-the-password", &error);
  g_assert_null (server);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_PASSWORD);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "密码"));
  g_assert_null (strstr (error->message, "not-the-password"));
  g_clear_error (&error);

  /* No password at all. */
  g_setenv ("PGPASSFILE", "/nonexistent", TRUE);
  server = dabiao_server_connect (bad, NULL, &error);
  g_assert_null (server);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_PASSWORD);
  g_assert_nonnull (strstr (error->message, "密码"));
  g_clear_error (&error);

  /* Nobody listening on that port: offline, named. */
  {
    g_autofree char *nowhere = g_strdup_printf ("postgresql://postgres@127.0.0.1:%u/x", dabiao_test_pg_free_port ());

    server = dabiao_server_connect (nowhere, "pw", &error);
    g_assert_null (server);
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_OFFLINE);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "127.0.0.1"));
    g_clear_error (&error);
  }

  /* Not an address at all. */
  server = dabiao_server_connect ("postgresql://[nonsense", NULL, &error);
  g_assert_null (server);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
}

/* A station role reads and inserts its events' rows and changes none. */
static void
test_station_role (void)
{
  g_autofree char *url = new_database ("roles");
  g_autofree char *name = db_name (url);
  g_autoptr(DabiaoServer) admin = dabiao_server_connect (url, NULL, NULL);
  g_autoptr(DabiaoServer) station = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *station_url = NULL;
  g_autofree char *other_url = NULL;
  const char * const only_e2[] = { "e2", NULL };
  PGconn *conn;

  g_assert_true (dabiao_server_init (admin, NULL, NULL, NULL));
  dabiao_test_pg_exec (pg, name,
                       "INSERT INTO events VALUES ('e1', 'E1', '2026-12-06', '', '', 'student-2014', '{}');"
                       "INSERT INTO events VALUES ('e2', 'E2', '2026-12-07', '', '', 'student-2014', '{}');");

  station_url = dabiao_server_add_station (admin, "roles_station1", NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", station_url);
  g_assert_true (g_str_has_prefix (station_url, "postgresql://roles_station1:"));
  /* The server only ever saw a SCRAM verifier. */
  {
    g_autofree char *secret = dabiao_test_pg_query_value (pg, name,
                                                          "SELECT rolpassword FROM pg_authid WHERE rolname = 'roles_station1'");
    g_assert_true (g_str_has_prefix (secret, "SCRAM-SHA-256$"));
  }

  station = dabiao_server_connect (station_url, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_server_check (station, &error));
  conn = _dabiao_server_get_conn (station);
  {
    g_autoptr(PGresult) ok = PQexec (conn, "INSERT INTO audit VALUES ('e1', 'a1', 1, 'A', 'o', 'x', 'd')");
    g_autoptr(PGresult) update = PQexec (conn, "UPDATE audit SET detail = 'y'");
    g_autoptr(PGresult) update_event = PQexec (conn, "UPDATE events SET name = 'x'");
    g_autoptr(PGresult) delete_event = PQexec (conn, "DELETE FROM participants");
    g_autoptr(PGresult) drop = PQexec (conn, "DROP TABLE measurements");
    g_autoptr(PGresult) disable = PQexec (conn, "ALTER TABLE measurements DISABLE TRIGGER USER");

    g_assert_cmpint (PQresultStatus (ok), ==, PGRES_COMMAND_OK);
    g_assert_cmpint (PQresultStatus (update), ==, PGRES_FATAL_ERROR);
    g_assert_cmpint (PQresultStatus (update_event), ==, PGRES_FATAL_ERROR);
    g_assert_cmpint (PQresultStatus (delete_event), ==, PGRES_FATAL_ERROR);
    g_assert_cmpint (PQresultStatus (drop), ==, PGRES_FATAL_ERROR);
    g_assert_cmpint (PQresultStatus (disable), ==, PGRES_FATAL_ERROR);
  }
  g_clear_pointer (&station, dabiao_server_free);

  /* Limited to one event: sees and writes only that one. */
  other_url = dabiao_server_add_station (admin, "roles_station2", only_e2, &error);
  g_assert_no_error (error);
  station = dabiao_server_connect (other_url, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) events = dabiao_server_list_events (station, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 1);
    g_assert_cmpstr (((DabiaoServerEvent *) events->pdata[0])->uuid, ==, "e2");
  }
  conn = _dabiao_server_get_conn (station);
  {
    g_autoptr(PGresult) refused = PQexec (conn, "INSERT INTO audit VALUES ('e1', 'a2', 1, 'A', 'o', 'x', 'd')");
    g_autoptr(PGresult) ok = PQexec (conn, "INSERT INTO audit VALUES ('e2', 'a3', 1, 'A', 'o', 'x', 'd')");

    g_assert_cmpint (PQresultStatus (refused), ==, PGRES_FATAL_ERROR);
    g_assert_cmpint (PQresultStatus (ok), ==, PGRES_COMMAND_OK);
  }

  /* Adding it again gives a new password: the old one stops working. */
  {
    g_autofree char *again = dabiao_server_add_station (admin, "roles_station2", only_e2, &error);
    DabiaoServer *old;

    g_assert_no_error (error);
    g_assert_cmpstr (again, !=, other_url);
    old = dabiao_server_connect (other_url, NULL, &error);
    g_assert_null (old);
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_PASSWORD);
    g_clear_error (&error);
  }

  /* A bad name is refused with the reason. */
  g_assert_null (dabiao_server_add_station (admin, "pg_x", NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
}

void
dabiao_test_server_add_cases (DabiaoTestPg *cluster)
{
  pg = cluster;
  g_test_add_func ("/server/init-idempotent", test_init_idempotent);
  g_test_add_func ("/server/append-only", test_append_only);
  g_test_add_func ("/server/interrupted-upgrade", test_interrupted_upgrade);
  g_test_add_func ("/server/wrong-password-and-unreachable", test_wrong_password_and_unreachable);
  g_test_add_func ("/server/station-role", test_station_role);
}
