/* dabiao-server.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A Dabiao server is a plain PostgreSQL database (reached with libpq) that
 * holds the rows of many events, keyed as in the event file: events,
 * participants, measurements, audit, certificates and settings, each row
 * with the uuid of its event.  Measurements and audit rows are append-only
 * in the database itself (triggers refuse UPDATE, DELETE and TRUNCATE), and
 * a measurement is only taken when it follows a row of its station's hash
 * chain.  Nothing Dabiao-specific runs in the server.  See
 * docs/decisions/ (server and sync) for the reasons.
 *
 * A DabiaoServer is one connection, used by one thread at a time.  Every
 * call blocks on the network: call them from a worker thread, never from
 * the GTK main thread. */

/* The schema this build creates and expects. */
#define DABIAO_SERVER_SCHEMA_VERSION 5

typedef struct _DabiaoServer DabiaoServer;

/* Connect to @url: a libpq connection string ("host=… dbname=…") or a
 * postgresql:// URI; sslmode and every other libpq option as the URL says.
 * @password (nullable) overrides the URL's (the app keeps it in the
 * keyring).  Fails with DABIAO_ERROR_OFFLINE when the server cannot be
 * reached, DABIAO_ERROR_PASSWORD when it asks for a password none was
 * given for or refuses the one given (where to give it differs: the app's
 * Preferences, the command line's address, PGPASSWORD or ~/.pgpass, so the
 * caller says it) and DABIAO_ERROR_SERVER when it refuses otherwise
 * (unknown database); the message names the server and never holds the
 * password. */
DabiaoServer *dabiao_server_connect     (const char    *url,
                                         const char    *password,
                                         GError       **error);
void          dabiao_server_free        (DabiaoServer  *self);

/* @url without its password: a postgresql:// URI's user:PASSWORD@ and
 * ?password=, a connection string's password=…; the rest as it was.
 * @password (nullable): set to the password it held (unescaped), or NULL.
 * Works on addresses libpq cannot parse too (for messages): what is not
 * understood stays.  Preferences keep the password in the keyring and the
 * rest in the settings; messages name the server without it. */
char         *dabiao_server_url_strip_password (const char  *url,
                                                char       **password);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoServer, dabiao_server_free)

/* "user@host:port/dbname" for messages (no password). */
const char   *dabiao_server_get_label   (DabiaoServer  *self);

/* Creates the schema or upgrades it to DABIAO_SERVER_SCHEMA_VERSION, in one
 * transaction (an interrupted upgrade leaves the previous version intact);
 * idempotent.  @from/@to (nullable): the version before and after.  Needs a
 * role that may create tables and roles (the database's owner). */
gboolean      dabiao_server_init        (DabiaoServer  *self,
                                         guint         *from,
                                         guint         *to,
                                         GError       **error);

/* Checks that the server holds this build's schema; on success
 * dabiao_server_get_id() is set.  DABIAO_ERROR_VERSION when it is missing,
 * older (run "dabiao-cli server init") or newer (update Dabiao). */
gboolean      dabiao_server_check       (DabiaoServer  *self,
                                         GError       **error);
/* The server database's identity (a uuid made by init), after check. */
const char   *dabiao_server_get_id      (DabiaoServer  *self);

/* Creates (or, if it exists, gives a new password to) the database role
 * @name for one station: it may read and insert the rows of the events in
 * @events (NULL or empty: every event on this server) and alter none.
 * Returns the station's connection string (with the new password; the
 * password is hashed on this computer, so the server and its logs never
 * see it). */
char         *dabiao_server_add_station (DabiaoServer        *self,
                                         const char          *name,
                                         const char * const  *events,
                                         GError             **error);

/* What one login (a station's database role, `server add-station`) did
 * for an event: one entry per station name of the rows it delivered, or
 * one with @name NULL when it synced and delivered none (an organiser). */
typedef struct
{
  char   *login;          /* the role that synced and delivered the rows */
  char   *name;           /* the station the rows name (recorded at), or NULL */
  gint64  last_sync;      /* µs since the epoch: the login's last sync or the last
                           * arrival of its rows, whichever is later */
  gint64  measurements;   /* rows of that station the login delivered */
} DabiaoServerStation;

typedef struct
{
  char      *uuid;
  char      *name;
  char      *date;
  char      *place;
  char      *organizer;
  char      *standard;
  gint64     participants;
  gint64     measurements;
  GPtrArray *stations;    /* DabiaoServerStation, by login, then name */
} DabiaoServerEvent;

void       dabiao_server_event_free   (DabiaoServerEvent  *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoServerEvent, dabiao_server_event_free)

/* Every event the connection may read, by date (newest first) and name;
 * counted on the server. */
GPtrArray *dabiao_server_list_events  (DabiaoServer  *self,
                                       GError       **error);

G_END_DECLS
