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
} DabiaoTravelTable;

extern const DabiaoTravelTable dabiao_travel_tables[DABIAO_TRAVEL_N_TABLES];

/* Inside the caller's lock: BEGIN IMMEDIATE with empty staging tables. */
gboolean      _dabiao_event_stage_begin   (DabiaoEvent          *self,
                                           GError              **error);
/* "INSERT INTO temp.incoming_TABLE (columns) VALUES (?, …)": bind one
 * parameter per column, in the table's order. */
sqlite3_stmt *_dabiao_event_stage_prepare (DabiaoEvent          *self,
                                           DabiaoTravelTableId   table,
                                           GError              **error);
/* Applies the staged rows (not committed); adds an audit row @action
 * ("merge", "sync") with "@label: +N …" when anything came in.
 * @attempts_changed: items whose attempts changed (reload after commit). */
gboolean      _dabiao_event_stage_apply   (DabiaoEvent          *self,
                                           const char           *action,
                                           const char           *label,
                                           DabiaoMergeReport    *report,
                                           guint                *attempts_changed,
                                           GError              **error);
/* After COMMIT or ROLLBACK: empties the staging tables. */
void          _dabiao_event_stage_clear   (DabiaoEvent          *self);

G_END_DECLS
