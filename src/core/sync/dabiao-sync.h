/* dabiao-sync.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-event.h"
#include "dabiao-server.h"

G_BEGIN_DECLS

/* Syncing an event file with a server: one round sends every row of the
 * file the server lacks and takes every row of the same event (by uuid)
 * the server has from other stations and desks.  Outgoing measurements are
 * checked against their hashes before they leave; incoming rows are staged,
 * verified row by row (hash, chain, no row that differs from ours) and
 * applied with the merge's rules in one local transaction, or not at all.
 * Safe to interrupt at any moment and to repeat: the server ignores rows
 * it has, the file ignores rows it has, and what each side has is only
 * recorded after it is durable (see docs/decisions).
 *
 * Blocking: run it from a worker thread, never the GTK main thread; the
 * file's own work (reading, applying) runs on the event's worker (see
 * dabiao_sync_event_async()). */

typedef struct
{
  guint      sent;                   /* rows the server took from this file */
  guint      received;               /* rows this file took from the server */
  guint      measurements_sent;
  guint      measurements_received;
  GPtrArray *roster_differences;     /* char *: as dabiao_event_merge() reports them */
} DabiaoSyncReport;

void dabiao_sync_report_free (DabiaoSyncReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoSyncReport, dabiao_sync_report_free)

/* One round, from a thread that may block (the CLI, a test). */
DabiaoSyncReport *dabiao_sync_event        (DabiaoEvent          *event,
                                            DabiaoServer         *server,
                                            GError              **error);

/* A new event file at @path holding everything the server has of event
 * @event_uuid (a station joining late, the organiser at home); refused if
 * @path exists or the server has no such event.  @station (nullable): the
 * station name this computer records and syncs as.  Returns it open. */
DabiaoEvent      *dabiao_sync_join         (const char           *path,
                                            DabiaoServer         *server,
                                            const char           *event_uuid,
                                            const char           *station,
                                            DabiaoSyncReport    **report,
                                            GError              **error);

/* Measurements of @event not yet on server @server_id (NULL: the server
 * the file synced with last), for "离线 (N 条待上传)". */
gboolean          dabiao_sync_count_pending (DabiaoEvent         *event,
                                             const char          *server_id,
                                             guint               *pending,
                                             GError             **error);

/* One round for the app: connects to @url (@password from the keyring),
 * runs the network part on a thread of its own and the file's part on the
 * event's worker, so neither the main loop nor a record ever waits for the
 * network.  @server_id (nullable): where to keep the server's identity
 * between rounds (for dabiao_sync_count_pending while offline). */
void              dabiao_sync_event_async  (DabiaoEvent          *event,
                                            const char           *url,
                                            const char           *password,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
DabiaoSyncReport *dabiao_sync_event_finish (GAsyncResult         *result,
                                            char                **server_id,
                                            GError              **error);

G_END_DECLS
