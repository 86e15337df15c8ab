/* dabiao-test-pg.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "dabiao-test-pg.h"

struct _DabiaoTestPg
{
  char  *bindir;
  char  *dir;
  char  *data;
  char  *password;
  guint  port;
  GPid   watchdog;
  int    watchdog_fd;
  uid_t  uid;
  gid_t  gid;
  gboolean as_other_user;
};

static void
become_postgres (gpointer data)
{
  DabiaoTestPg *pg = data;

  if (pg->as_other_user)
    {
      if (setgroups (0, NULL) != 0 || setgid (pg->gid) != 0 || setuid (pg->uid) != 0)
        _exit (127);
    }
}

static void
become_postgres_detached (gpointer data)
{
  setsid ();
  become_postgres (data);
}

static char *
find_bindir (void)
{
  const char *env = g_getenv ("DABIAO_PG_BINDIR");
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint best = 0;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      guint version = (guint) g_ascii_strtoull (name, NULL, 10);
      g_autofree char *initdb = g_build_filename ("/usr/lib/postgresql", name, "bin", "initdb", NULL);

      if (version > best && g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        best = version;
    }
  return best > 0 ? g_strdup_printf ("/usr/lib/postgresql/%u/bin", best) : NULL;
}

guint
dabiao_test_pg_free_port (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  guint port = 0;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd >= 0 && bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0
      && getsockname (fd, (struct sockaddr *) &addr, &len) == 0)
    port = ntohs (addr.sin_port);
  if (fd >= 0)
    close (fd);
  return port;
}

static gboolean
run (DabiaoTestPg  *pg,
     const char    *program,
     GPtrArray     *args,
     GError       **error)
{
  g_autofree char *path = g_build_filename (pg->bindir, program, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_insert (args, 0, g_strdup (path));
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (pg->dir, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, become_postgres, pg,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed: %s%s", program, out, err);
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
strv_array (const char *first, ...) G_GNUC_NULL_TERMINATED;

static GPtrArray *
strv_array (const char *first, ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (array, g_strdup (arg));
  va_end (args);
  return array;
}

static gboolean
start_server (DabiaoTestPg  *pg,
              GError       **error)
{
  g_autofree char *log = g_build_filename (pg->dir, "log", NULL);
  g_autofree char *options = g_strdup_printf ("-k %s -p %u -c listen_addresses=127.0.0.1 -F"
                                              " -c max_connections=80 -c shared_buffers=32MB"
                                              " -c log_min_messages=warning", pg->dir, pg->port);
  g_autoptr(GPtrArray) args = strv_array ("-D", pg->data, "-l", log, "-w", "-t", "60", "-o", options,
                                          "start", NULL);

  return run (pg, "pg_ctl", args, error);
}

DabiaoTestPg *
dabiao_test_pg_start (GError **error)
{
  DabiaoTestPg *pg = g_new0 (DabiaoTestPg, 1);
  g_autofree char *pwfile = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 bytes[12];
  gboolean started = FALSE;

  pg->watchdog_fd = -1;
  pg->bindir = find_bindir ();
  if (pg->bindir == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                           "PostgreSQL server programs not found (install postgresql, or set DABIAO_PG_BINDIR)");
      dabiao_test_pg_stop (pg);
      return NULL;
    }
  pg->uid = getuid ();
  pg->gid = getgid ();
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        {
          g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                               "running as root, and there is no “postgres” user to run the server as");
          dabiao_test_pg_stop (pg);
          return NULL;
        }
      pg->uid = pw->pw_uid;
      pg->gid = pw->pw_gid;
      pg->as_other_user = TRUE;
    }
  /* /tmp rather than $TMPDIR: the socket path must stay short and every
   * folder above it must be open to the postgres user. */
  pg->dir = g_strdup ("/tmp/dabiao-pg-XXXXXX");
  if (g_mkdtemp (pg->dir) == NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "mkdtemp: %s", g_strerror (errno));
      g_clear_pointer (&pg->dir, g_free);
      dabiao_test_pg_stop (pg);
      return NULL;
    }
  pg->data = g_build_filename (pg->dir, "data", NULL);
  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    memset (bytes, 7, sizeof bytes);
  pg->password = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (pg->password, "+/=", 'x');
  pwfile = g_build_filename (pg->dir, "pw", NULL);
  g_file_set_contents (pwfile, pg->password, -1, NULL);
  if (pg->as_other_user && (chown (pg->dir, pg->uid, pg->gid) != 0 || chown (pwfile, pg->uid, pg->gid) != 0))
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "chown: %s", g_strerror (errno));
      dabiao_test_pg_stop (pg);
      return NULL;
    }

  /* The watchdog: stops the server and removes the folder once our end of
   * its stdin closes (when this process exits, however it exits). */
  {
    g_autofree char *pg_ctl = g_build_filename (pg->bindir, "pg_ctl", NULL);
    const char *argv[] = {
      "/bin/sh", "-c",
      "cat >/dev/null; \"$1\" -D \"$2\" stop -m immediate >/dev/null 2>&1; rm -rf \"$3\"",
      "sh", pg_ctl, pg->data, pg->dir, NULL,
    };

    if (!g_spawn_async_with_pipes ("/", (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD
                                   | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   become_postgres_detached, pg, &pg->watchdog, &pg->watchdog_fd,
                                   NULL, NULL, error))
      {
        dabiao_test_pg_stop (pg);
        return NULL;
      }
  }

  {
    g_autofree char *pwarg = g_strdup_printf ("--pwfile=%s", pwfile);
    g_autoptr(GPtrArray) args = strv_array ("-D", pg->data, "-U", "postgres", "--auth-local=trust",
                                            "--auth-host=scram-sha-256", pwarg, "-E", "UTF8",
                                            "--locale=C", "--no-sync", "--no-instructions", NULL);

    if (!run (pg, "initdb", args, error))
      {
        dabiao_test_pg_stop (pg);
        return NULL;
      }
  }
  /* A port that was free a moment ago may be taken by now: try a few. */
  for (guint attempt = 0; attempt < 5 && !started; attempt++)
    {
      g_clear_error (&local_error);
      pg->port = dabiao_test_pg_free_port ();
      started = pg->port != 0 && start_server (pg, &local_error);
    }
  if (!started)
    {
      g_autofree char *log_path = g_build_filename (pg->dir, "log", NULL);
      g_autofree char *log = NULL;

      g_file_get_contents (log_path, &log, NULL, NULL);
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "the PostgreSQL server did not start: %s\n%s",
                   local_error != NULL ? local_error->message : "no free port", log != NULL ? log : "");
      dabiao_test_pg_stop (pg);
      return NULL;
    }
  return pg;
}

void
dabiao_test_pg_stop (DabiaoTestPg *pg)
{
  if (pg == NULL)
    return;
  if (pg->watchdog_fd >= 0)
    {
      int status;

      close (pg->watchdog_fd);
      waitpid (pg->watchdog, &status, 0);
      g_spawn_close_pid (pg->watchdog);
    }
  else if (pg->dir != NULL)
    g_rmdir (pg->dir);
  g_free (pg->bindir);
  g_free (pg->dir);
  g_free (pg->data);
  g_free (pg->password);
  g_free (pg);
}

const char *
dabiao_test_pg_get_password (DabiaoTestPg *pg)
{
  return pg->password;
}

guint
dabiao_test_pg_get_port (DabiaoTestPg *pg)
{
  return pg->port;
}

static PGconn *
connect_socket (DabiaoTestPg *pg,
                const char   *name)
{
  g_autofree char *port = g_strdup_printf ("%u", pg->port);
  const char *keywords[] = { "host", "port", "user", "dbname", NULL };
  const char *values[] = { pg->dir, port, "postgres", name, NULL };
  PGconn *conn = PQconnectdbParams (keywords, values, 0);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to the test cluster: %s", PQerrorMessage (conn));
  return conn;
}

char *
dabiao_test_pg_new_database (DabiaoTestPg *pg,
                             const char   *name)
{
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE \"%s\"", name);

  dabiao_test_pg_exec (pg, "postgres", sql);
  return g_strdup_printf ("postgresql://postgres:%s@127.0.0.1:%u/%s", pg->password, pg->port, name);
}

void
dabiao_test_pg_exec (DabiaoTestPg *pg,
                     const char   *name,
                     const char   *sql)
{
  PGconn *conn = connect_socket (pg, name);
  PGresult *result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

char *
dabiao_test_pg_query_value (DabiaoTestPg *pg,
                            const char   *name,
                            const char   *sql)
{
  PGconn *conn = connect_socket (pg, name);
  PGresult *result = PQexec (conn, sql);
  char *value = NULL;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQntuples (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

void
dabiao_test_pg_pause (DabiaoTestPg *pg)
{
  g_autoptr(GPtrArray) args = strv_array ("-D", pg->data, "-w", "-m", "immediate", "stop", NULL);
  g_autoptr(GError) error = NULL;

  if (!run (pg, "pg_ctl", args, &error))
    g_error ("%s", error->message);
}

void
dabiao_test_pg_resume (DabiaoTestPg *pg)
{
  g_autoptr(GError) error = NULL;

  if (!start_server (pg, &error))
    g_error ("%s", error->message);
}
