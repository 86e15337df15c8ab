/* dabiao-event-travel.h — the rows that travel between copies of an event
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-event-private.h"

G_BEGIN_DECLS

/* Merging a file and syncing with a server bring rows in the same way:
 * the incoming rows are first staged in temporary tables of the
 * connection (temp.incoming_TABLE, same columns), where sync verifies them
 * row by row, and then one set of statements applies them (uuid-keyed
 * INSERT OR IGNORE, the newest setting wins, the larger reprint count,
 * roster differences reported).  One implementation of merge, two
 * sources. */

typedef enum
{
  DABIAO_TRAVEL_PARTICIPANTS,
  DABIAO_TRAVEL_MEASUREMENTS,
  DABIAO_TRAVEL_CERTIFICATES,
  DABIAO_TRAVEL_SETTINGS,
  DABIAO_TRAVEL_AUDIT,
  DABIAO_TRAVEL_N_TABLES
} DabiaoTravelTableId;

typedef struct
{
  const char *name;     /* the event file's table (and the server's) */
  const char *columns;  /* what travels, in this order everywhere */
  /* One letter per column: t text, i integer, r real or NULL, b blob or
   * NULL, n text or NULL. */
  const char *types;
  const char *key;      /* the column that identifies a row */
  /* Carries row_hash (dabiao-event-hash.h, over exactly these columns):
   * sync sends it with the row and checks it on the way in. */
  gboolean    row_hash;
} DabiaoTravelTable;

extern const DabiaoTravelTable dabiao_travel_tables[DABIAO_TRAVEL_N_TABLES];

/* Inside the caller's lock: BEGIN IMMEDIATE with empty staging tables. */
gboolean      _dabiao_event_stage_begin   (DabiaoEvent          *self,
                                           GError              **error);
/* "INSERT INTO temp.incoming_TABLE (columns, claimed_hash) VALUES (?, …)":
 * bind one parameter per column, in the table's order, then (sync, a table
 * with row hashes) the row hash its sender claims for it; unbound: NULL. */
sqlite3_stmt *_dabiao_event_stage_prepare (DabiaoEvent          *self,
                                           DabiaoTravelTableId   table,
                                           GError              **error);
/* Applies the staged rows (not committed); adds an audit row @action
 * ("merge", "sync") with "@label: +N …" when anything came in.
 * @attempts_changed, @details_changed: items whose attempts changed, event
 * details that changed (reload both after the commit). */
gboolean      _dabiao_event_stage_apply   (DabiaoEvent          *self,
                                           const char           *action,
                                           const char           *label,
                                           DabiaoMergeReport    *report,
                                           guint                *attempts_changed,
                                           guint                *details_changed,
                                           GError              **error);
/* Ends what stage_begin began: ROLLBACK unless @committed, empties the
 * staging tables, and after a commit takes the items' attempts and the
 * event's details again where they changed. */
void          _dabiao_event_stage_end     (DabiaoEvent          *self,
                                           gboolean              committed,
                                           guint                 attempts_changed,
                                           guint                 details_changed);

/* ---- Sync with a server (dabiao-event-sync.c) -------------------------- */

/* What one server already holds of this file, kept in the file's local
 * table sync_marks (never merged, never sent): rows up to rowid[table] are
 * on the server, and so are the settings and reprint counts whose digest is
 * settings_digest; the server's rows up to sid @received are here. */
typedef struct
{
  gint64  rowid[DABIAO_TRAVEL_N_TABLES];
  char   *settings_digest;
  gint64  received;
} DabiaoSyncMarks;

void _dabiao_sync_marks_clear (DabiaoSyncMarks *marks);

/* Called for each outgoing row; @row holds the table's travel columns. */
typedef gboolean (*DabiaoTravelRowFunc) (DabiaoTravelTableId   table,
                                         sqlite3_stmt         *row,
                                         gpointer              data,
                                         GError              **error);

/* In one read snapshot: the event's meta (@meta: key, value, key, value …),
 * its items (@items: GStrv of position, code, number, name, unit, better,
 * attempts, decimals, format) and every row @server_id lacks, each measurement checked against its
 * hash before it is handed to @func.  @marks: the marks as stored, with
 * rowid[] raised to the last row handed out and settings_digest to the
 * digest of the settings handed out. */
gboolean _dabiao_event_sync_collect (DabiaoEvent          *self,
                                     const char           *server_id,
                                     GPtrArray           **meta,
                                     GPtrArray           **items,
                                     DabiaoTravelRowFunc   func,
                                     gpointer              data,
                                     DabiaoSyncMarks      *marks,
                                     GError              **error);

/* Stages every incoming row of @table with @insert
 * (_dabiao_event_stage_prepare). */
typedef gboolean (*DabiaoTravelStageFunc) (DabiaoTravelTableId   table,
                                           sqlite3_stmt         *insert,
                                           gpointer              data,
                                           GError              **error);

/* One transaction: stages the rows @stage brings, verifies them (every
 * measurement against its hash and its chain; a row of the server that
 * differs from ours) and stops at the first that fails, naming it, with the
 * file unchanged; applies them as a merge does; stores @sent's marks and
 * @received.  @before_commit (nullable; tests) runs just before COMMIT. */
gboolean _dabiao_event_sync_apply   (DabiaoEvent             *self,
                                     const char              *server_id,
                                     const char              *label,
                                     DabiaoTravelStageFunc    stage,
                                     gpointer                 data,
                                     const DabiaoSyncMarks   *sent,
                                     gint64                   received,
                                     DabiaoMergeReport       *report,
                                     void                   (*before_commit) (void),
                                     GError                 **error);

/* Measurements of this file not yet on @server_id (NULL: the server the
 * file synced with first). */
gboolean _dabiao_event_sync_count_pending (DabiaoEvent  *self,
                                           const char   *server_id,
                                           guint        *pending,
                                           GError      **error);

/* A new event file at @path that is a copy of an event known elsewhere:
 * @meta (key, value, …; with its "uuid") and @items (DabiaoEventItem) as
 * the server holds them.  Built like dabiao_event_create(). */
DabiaoEvent *_dabiao_event_create_copy (const char  *path,
                                        GPtrArray   *meta,
                                        GPtrArray   *items,
                                        GError     **error);

G_END_DECLS
