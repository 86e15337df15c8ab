/* dabiao-event-audit.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-event-private.h"

/* The audit trail: listing its entries. */

/* ---- Audit and certificates ------------------------------------------- */

void
dabiao_audit_entry_free (DabiaoAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->uuid);
  g_free (entry->station);
  g_free (entry->operator_name);
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry);
}

static gpointer
read_audit_entry (sqlite3_stmt *stmt)
{
  DabiaoAuditEntry *entry = g_new0 (DabiaoAuditEntry, 1);

  entry->uuid = g_strdup (_dabiao_event_column_str (stmt, 0));
  entry->time = sqlite3_column_int64 (stmt, 1);
  entry->station = g_strdup (_dabiao_event_column_str (stmt, 2));
  entry->operator_name = g_strdup (_dabiao_event_column_str (stmt, 3));
  entry->action = g_strdup (_dabiao_event_column_str (stmt, 4));
  entry->detail = g_strdup (_dabiao_event_column_str (stmt, 5));
  return entry;
}

GPtrArray *
dabiao_event_list_audit (DabiaoEvent  *self,
                         guint         offset,
                         guint         limit,
                         GError      **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  sql = g_strdup_printf ("SELECT uuid, time, station, operator, action, detail FROM audit"
                         " ORDER BY time DESC, uuid LIMIT %d OFFSET %u",
                         limit == 0 || limit > G_MAXINT ? -1 : (int) limit, offset);
  return _dabiao_event_read_rows (self, sql, NULL, read_audit_entry,
                                  (GDestroyNotify) dabiao_audit_entry_free, error);
}
