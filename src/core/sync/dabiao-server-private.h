/* dabiao-server-private.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libpq-fe.h>

#include "dabiao-server.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

PGconn   *_dabiao_server_get_conn (DabiaoServer  *self);

/* Runs @sql with text parameters; returns the result when it is
 * PGRES_COMMAND_OK / TUPLES_OK / COPY_IN / COPY_OUT, else NULL with @error set from the
 * server's message (DABIAO_ERROR_OFFLINE when the connection was lost). */
PGresult *_dabiao_server_query    (DabiaoServer        *self,
                                   const char          *sql,
                                   int                  n_params,
                                   const char * const  *params,
                                   GError             **error);
gboolean  _dabiao_server_exec     (DabiaoServer        *self,
                                   const char          *sql,
                                   GError             **error);
/* Sets @error from the connection's state and @result (nullable). */
void      _dabiao_server_set_error (DabiaoServer    *self,
                                    const PGresult  *result,
                                    GError         **error);
/* ROLLBACK, ignoring failures (the connection may be gone). */
void      _dabiao_server_rollback (DabiaoServer  *self);

/* Testing hook: init up to schema @version; @before_commit (nullable) runs
 * inside the transaction after the last migration, before COMMIT. */
gboolean  _dabiao_server_init_to  (DabiaoServer  *self,
                                   guint          version,
                                   void         (*before_commit) (DabiaoServer *self),
                                   guint         *from,
                                   guint         *to,
                                   GError       **error);

/* dabiao-sync.c: the event's description and items as the server holds
 * them (@meta: key, value, …; @items: DabiaoEventItem). */
gboolean  _dabiao_sync_fetch_event (DabiaoServer  *server,
                                    const char    *event_uuid,
                                    GPtrArray    **meta,
                                    GPtrArray    **items,
                                    GError       **error);
/* Only the settings the server has of @event's event (its details and
 * its schools' names, newest wins) into @event, verified as a sync
 * verifies them; nothing is sent or noted on the server. */
struct _DabiaoEvent;
gboolean  _dabiao_sync_take_settings (struct _DabiaoEvent  *event,
                                      DabiaoServer         *server,
                                      GError              **error);
/* A new file at @path with everything the server has of @event_uuid,
 * taken without sending or noting anything there (exports). */
struct _DabiaoEvent *_dabiao_sync_pull (const char    *path,
                                        DabiaoServer  *server,
                                        const char    *event_uuid,
                                        GError       **error);

G_END_DECLS
