/* dabiao-syncer.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-event.h"

G_BEGIN_DECLS

/* The app's live sync: one round every few seconds and soon after each
 * record (dabiao_sync_event_async: the network on a thread of its own, the
 * file's parts on the event's worker, so neither the main loop nor a record
 * waits for the network), one round at a time.  Its state is what the
 * header shows: 已同步 / 同步中 / 离线（N 条待上传） / 错误 with the reason. */

typedef enum
{
  DABIAO_SYNC_OFF,       /* no server set */
  DABIAO_SYNC_SYNCED,
  DABIAO_SYNC_SYNCING,
  DABIAO_SYNC_OFFLINE,   /* the server cannot be reached: rows wait */
  DABIAO_SYNC_ERROR,     /* the server refused, or a row failed verification */
} DabiaoSyncState;

#define DABIAO_TYPE_SYNCER (dabiao_syncer_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoSyncer, dabiao_syncer, DABIAO, SYNCER, GObject)

DabiaoSyncer    *dabiao_syncer_new         (DabiaoEvent  *event);
/* @url NULL or empty: off. */
void             dabiao_syncer_set_server  (DabiaoSyncer *self,
                                            const char   *url,
                                            const char   *password);
/* A round soon (after a record): rows should not wait for the timer. */
void             dabiao_syncer_poke        (DabiaoSyncer *self);
/* No more rounds (the event is closing); a round under way is left to end. */
void             dabiao_syncer_stop        (DabiaoSyncer *self);
DabiaoSyncState  dabiao_syncer_get_state   (DabiaoSyncer *self);
/* Measurements not yet on the server (known after each round). */
guint            dabiao_syncer_get_pending (DabiaoSyncer *self);
/* The reason of OFFLINE and ERROR, else NULL. */
const char      *dabiao_syncer_get_message (DabiaoSyncer *self);
/* What the header shows. */
char            *dabiao_syncer_dup_label   (DabiaoSyncer *self);
/* Completed rounds (tests). */
guint            dabiao_syncer_get_rounds  (DabiaoSyncer *self);

G_END_DECLS
