/* dabiao-event-verify.c
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

/* Verifying a file: the measurements' hash chains and the audit trail. */

/* ---- Verify ------------------------------------------------------------ */

gboolean
dabiao_event_verify (DabiaoEvent  *self,
                     GPtrArray   **problems_out,
                     GError      **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) links = NULL;
  g_autoptr(sqlite3_stmt) heads = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  g_rec_mutex_lock (&self->mutex);
  if (!_dabiao_event_ensure_open (self, error))
    goto out;

  check = _dabiao_event_prepare (self, "PRAGMA integrity_check", error);
  if (check == NULL)
    goto out;
  while ((rc = sqlite3_step (check)) == SQLITE_ROW)
    if (!g_str_equal (_dabiao_event_column_str (check, 0), "ok"))
      g_ptr_array_add (problems, g_strdup_printf (_("Database integrity: %s"), _dabiao_event_column_str (check, 0)));
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_add (problems, g_strdup_printf (_("Database integrity: %s"), sqlite3_errmsg (self->db)));
      goto report;
    }

  if (!_dabiao_event_exec (self, "BEGIN", error))
    goto out;

  /* Every row's hash must match its contents. */
  rows = _dabiao_event_prepare (self, "SELECT " ROW_COLUMNS " FROM measurements m ORDER BY m.station, m.seq", error);
  if (rows == NULL)
    {
      _dabiao_event_rollback (self);
      goto out;
    }
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      RowFields row;
      g_autofree char *hash = NULL;

      _dabiao_event_row_fields_from_stmt (rows, &row);
      hash = _dabiao_event_row_hash (self->uuid, &row);
      if (!g_str_equal (hash, _dabiao_event_column_str (rows, 17)))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("Station “%s”, row %u (measurement %s, participant %s, %s) was changed outside Dabiao: its contents do not match its hash"),
                                          row.station, (guint) row.seq, row.uuid, row.participant_id, row.item));
    }
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_add (problems, g_strdup_printf (_("Database integrity: %s"), sqlite3_errmsg (self->db)));
      _dabiao_event_rollback (self);
      goto report;
    }

  /* Every row must follow an existing row of its station (or start it). */
  links = _dabiao_event_prepare (self,
                                 "SELECT m.station, m.seq, m.uuid FROM measurements m"
                                 " WHERE (m.seq = 1 AND m.prev_hash != '" GENESIS_HASH "')"
                                 " OR (m.seq != 1 AND NOT EXISTS (SELECT 1 FROM measurements p"
                                 "   WHERE p.station = m.station AND p.seq = m.seq - 1 AND p.hash = m.prev_hash))"
                                 " ORDER BY m.station, m.seq", error);
  if (links == NULL)
    {
      _dabiao_event_rollback (self);
      goto out;
    }
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Station “%s”, row %u (measurement %s): the row before it was removed or changed outside Dabiao"),
                                      _dabiao_event_column_str (links, 0), (guint) sqlite3_column_int64 (links, 1),
                                      _dabiao_event_column_str (links, 2)));

  /* The last row this file recorded for each station must still be there. */
  heads = _dabiao_event_prepare (self,
                                 "SELECT h.station, h.seq FROM chain_heads h WHERE NOT EXISTS"
                                 " (SELECT 1 FROM measurements m WHERE m.station = h.station AND m.seq = h.seq"
                                 "  AND m.hash = h.hash) ORDER BY h.station", error);
  if (heads == NULL)
    {
      _dabiao_event_rollback (self);
      goto out;
    }
  while ((rc = sqlite3_step (heads)) == SQLITE_ROW)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Station “%s”, row %u: the station's last row was removed or changed outside Dabiao"),
                                      _dabiao_event_column_str (heads, 0), (guint) sqlite3_column_int64 (heads, 1)));
  _dabiao_event_rollback (self);

report:
  if (problems->len > 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY,
                   _("“%s” failed verification: %u problem(s)"),
                   self->basename, problems->len);
      goto out;
    }
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->mutex);
  if (problems_out != NULL)
    *problems_out = g_steal_pointer (&problems);
  return ok;
}
