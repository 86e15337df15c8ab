/* dabiao-test-pg.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A private PostgreSQL cluster for the tests: initdb + pg_ctl in a
 * temporary folder, listening on a Unix socket there and on a free port of
 * 127.0.0.1 (password logins over TCP, trust over the socket).  As root the
 * server runs as the "postgres" system user (initdb refuses root).  A
 * watchdog process stops the server and removes the folder when the test
 * process ends, however it ends (even SIGKILL).
 *
 * One cluster serves every test of a program: each test takes a database
 * of its own (dabiao_test_pg_new_database()). */
typedef struct _DabiaoTestPg DabiaoTestPg;

/* NULL (with @error) when PostgreSQL's server programs are missing or the
 * cluster does not start.  DABIAO_PG_BINDIR overrides where initdb and
 * pg_ctl are looked for (default: /usr/lib/postgresql/N/bin, newest N). */
DabiaoTestPg *dabiao_test_pg_start        (GError       **error);
void          dabiao_test_pg_stop         (DabiaoTestPg  *pg);
/* The superuser's password (TCP logins). */
const char   *dabiao_test_pg_get_password (DabiaoTestPg  *pg);
guint         dabiao_test_pg_get_port     (DabiaoTestPg  *pg);
/* A new empty database; returns the superuser's URL for it over TCP
 * (postgresql://postgres:PASSWORD@127.0.0.1:PORT/NAME). */
char         *dabiao_test_pg_new_database (DabiaoTestPg  *pg,
                                           const char    *name);
/* Runs @sql as the superuser in database @name (several statements
 * allowed); fails the test on an error. */
void          dabiao_test_pg_exec         (DabiaoTestPg  *pg,
                                           const char    *name,
                                           const char    *sql);
/* The first column of the first row of @sql, or NULL. */
char         *dabiao_test_pg_query_value  (DabiaoTestPg  *pg,
                                           const char    *name,
                                           const char    *sql);
/* A port of 127.0.0.1 nobody listens on (a moment ago). */
guint         dabiao_test_pg_free_port    (void);
/* Stops / starts the server (the network going away and coming back);
 * the port stays the same. */
void          dabiao_test_pg_pause        (DabiaoTestPg  *pg);
void          dabiao_test_pg_resume       (DabiaoTestPg  *pg);

G_END_DECLS
