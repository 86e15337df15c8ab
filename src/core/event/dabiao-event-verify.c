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
#include "dabiao-event-hash.h"
#include "dabiao-event-private.h"

/* Verifying a file: the measurements' hash chains, the row hashes of every
 * table that can change a score (values compared with their storage types)
 * and each table's seal. */

/* The columns that name a row of @table in a message. */
static const char *
row_key_sql (const char *table)
{
  if (g_str_equal (table, "measurements"))
    return "station || ' #' || seq || ' (' || uuid || ')'";
  if (g_str_equal (table, "participants"))
    return "id";
  if (g_str_equal (table, "items"))
    return "code";
  if (g_str_equal (table, "chain_heads"))
    return "station";
  return "key";  /* meta, settings */
}

/* Row hashes and the seal of @table; problems appended. */
static gboolean
verify_table (DabiaoEvent  *self,
              const char   *table,
              GHashTable   *reported,
              GPtrArray    *problems,
              GError      **error)
{
  const char * const *columns = dabiao_row_hash_columns (table);
  g_autofree char *list = g_strjoinv (", ", (char **) columns);
  g_autofree char *rows_sql = NULL;
  g_autofree char *seal_sql = NULL;
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) seal = NULL;
  int rc;

  /* Compared in SQL, with the values as stored: CAST(voids AS BLOB) or a
   * time stored as text changes the hash. */
  rows_sql = g_strdup_printf ("SELECT %s, %s FROM %s WHERE row_hash IS NOT dabiao_row_hash ('%s', %s)"
                              " ORDER BY rowid", row_key_sql (table),
                              g_str_equal (table, "measurements") ? "uuid" : "NULL", table, table, list);
  rows = _dabiao_event_prepare (self, rows_sql, error);
  if (rows == NULL)
    return FALSE;
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    if (sqlite3_column_type (rows, 1) == SQLITE_NULL ||
        !g_hash_table_contains (reported, sqlite3_column_text (rows, 1)))  /* named by its chain hash */
      g_ptr_array_add (problems,
                     g_strdup_printf (_("Table %s, row %s was changed outside Dabiao: its values (or the types they are stored as) do not match its hash"),
                                      table, _dabiao_event_column_str (rows, 0)));
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }

  seal_sql = g_strdup_printf ("SELECT s.n_rows, s.digest, s.row_hash IS dabiao_row_hash ('seals', s.tbl, s.n_rows, s.digest),"
                              " (SELECT count (*) FROM %s), (SELECT dabiao_xor_all (row_hash) FROM %s)"
                              " FROM (SELECT '%s' AS name) LEFT JOIN seals s ON s.tbl = name", table, table, table);
  seal = _dabiao_event_prepare (self, seal_sql, error);
  if (seal == NULL)
    return FALSE;
  if (sqlite3_step (seal) != SQLITE_ROW)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  if (sqlite3_column_type (seal, 0) == SQLITE_NULL)
    g_ptr_array_add (problems, g_strdup_printf (_("The seal of table %s was removed outside Dabiao"), table));
  else if (!sqlite3_column_int (seal, 2))
    g_ptr_array_add (problems, g_strdup_printf (_("The seal of table %s was changed outside Dabiao"), table));
  else if (sqlite3_column_int64 (seal, 0) != sqlite3_column_int64 (seal, 3))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Table %s has %lld rows where Dabiao left %lld: rows were removed or added outside Dabiao"),
                                      table, (long long) sqlite3_column_int64 (seal, 3),
                                      (long long) sqlite3_column_int64 (seal, 0)));
  else if (g_strcmp0 (_dabiao_event_column_str (seal, 1), _dabiao_event_column_str (seal, 4)) != 0)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Table %s: rows were replaced outside Dabiao (its rows do not match its seal)"),
                                      table));
  return TRUE;
}

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
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  _dabiao_event_lock (self);
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
      if (!g_str_equal (hash, _dabiao_event_column_str (rows, 17)) &&
          g_hash_table_add (reported, g_strdup (row.uuid)))
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

  /* Every table that can change a score: row hashes and seals (files from
   * before schema 6 have none until opened for writing once). */
  if (self->schema_version >= DABIAO_EVENT_SCHEMA_ROW_HASHES)
    for (const char * const *table = dabiao_row_hash_tables (); *table != NULL; table++)
      if (!verify_table (self, *table, reported, problems, error))
        {
          _dabiao_event_rollback (self);
          goto out;
        }
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
  _dabiao_event_unlock (self);
  if (problems_out != NULL)
    *problems_out = g_steal_pointer (&problems);
  return ok;
}
