/* dabiao-event-settings.c
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

/* Event settings: keyed values, newest wins at a merge. */

/* ---- Settings ---------------------------------------------------------- */

static gboolean
setting_key_valid (const char  *key,
                   GError     **error)
{
  if (key == NULL || *key == '\0' || strlen (key) > 200 || !g_utf8_validate (key, -1, NULL))
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("A setting needs a name (1 to 200 bytes of UTF-8)"));
      return FALSE;
    }
  return TRUE;
}

char *
dabiao_event_get_setting (DabiaoEvent  *self,
                          const char   *key,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  if (!setting_key_valid (key, error))
    return NULL;

  _dabiao_event_lock (self);
  if (_dabiao_event_ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self, "SELECT value FROM settings WHERE key = ?", error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        value = g_strdup (_dabiao_event_column_str (stmt, 0));
      else if (rc != SQLITE_DONE)
        _dabiao_event_set_db_error (self, error);
    }
  _dabiao_event_unlock (self);
  return value;
}

gboolean
dabiao_event_set_setting (DabiaoEvent  *self,
                          const char   *key,
                          const char   *value,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  if (!setting_key_valid (key, error))
    return FALSE;
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("The value of setting “%s” is not UTF-8 text"), key);
      return FALSE;
    }
  /* The audit keeps short values whole; a template with a seal image is
   * only noted by its size. */
  if (value == NULL)
    detail = g_strdup_printf ("%s: -", key);
  else if (g_utf8_strlen (value, -1) <= 80)
    detail = g_strdup_printf ("%s = %s", key, value);
  else
    detail = g_strdup_printf ("%s = (%" G_GSIZE_FORMAT " bytes)", key, strlen (value));

  _dabiao_event_lock (self);
  if (!_dabiao_event_ensure_writable (self, error) || !_dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
    goto out;
  /* Removing deletes the row: a later merge of a file that still has the
   * key brings it back (no tombstones). */
  stmt = _dabiao_event_prepare (self,
                                value != NULL
                                ? "INSERT INTO settings (key, value, updated_at, station) VALUES (?, ?, ?, ?)"
                                  " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                                  " updated_at = excluded.updated_at, station = excluded.station"
                                : "DELETE FROM settings WHERE key = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (value != NULL)
        {
          sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
          sqlite3_bind_text (stmt, 4, self->station, -1, SQLITE_STATIC);
        }
      ok = _dabiao_event_step_done (self, stmt, error)
           && _dabiao_event_audit (self, "setting", detail, error)
           && _dabiao_event_exec (self, "COMMIT", error);
    }
  if (!ok)
    _dabiao_event_rollback (self);

out:
  _dabiao_event_unlock (self);
  return ok;
}

char **
dabiao_event_get_parts (DabiaoEvent  *self,
                        GError      **error)
{
  g_autofree char *value = dabiao_event_get_setting (self, "parts", error);
  g_auto(GStrv) parts = NULL;

  if (value == NULL || value[0] == '\0')
    return NULL;
  parts = g_strsplit (value, "、", -1);
  return g_steal_pointer (&parts);
}
