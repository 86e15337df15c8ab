/* dabiao-event-sync.c — the event file's side of syncing with a server
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-event-travel.h"

/* Which rows a server lacks is kept as a mark per table: the rowid of the
 * last row the server took (rows are only ever appended, so everything
 * above the mark is new; a merge or a sync that brings rows in appends
 * them too).  The mark also names the row at that rowid, so that a file
 * whose rowids were renumbered (VACUUM, a rebuilt copy) starts again from
 * nothing instead of skipping rows: sending twice is harmless, the server
 * ignores rows it has. */

#define MARKS_TABLE \
  "CREATE TABLE IF NOT EXISTS sync_marks (server TEXT NOT NULL, name TEXT NOT NULL," \
  " value TEXT NOT NULL, PRIMARY KEY (server, name))"

void
_dabiao_sync_marks_clear (DabiaoSyncMarks *marks)
{
  g_clear_pointer (&marks->settings_digest, g_free);
  memset (marks, 0, sizeof *marks);
}

static gboolean
has_marks_table (DabiaoEvent  *self,
                 gboolean     *has,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self,
                                                        "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                                        " AND name = 'sync_marks'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  *has = rc == SQLITE_ROW;
  return TRUE;
}

/* The rowid mark of @table is "ROWID KEY"; it holds only while the row at
 * ROWID still has that key. */
static gboolean
check_rowid_mark (DabiaoEvent          *self,
                  DabiaoTravelTableId   id,
                  const char           *value,
                  gint64               *rowid,
                  GError              **error)
{
  const DabiaoTravelTable *table = &dabiao_travel_tables[id];
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE rowid = ?", table->key, table->name);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *space = strchr (value, ' ');
  gint64 mark = g_ascii_strtoll (value, NULL, 10);

  *rowid = 0;
  if (space == NULL || mark <= 0)
    return TRUE;
  stmt = _dabiao_event_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mark);
  if (sqlite3_step (stmt) == SQLITE_ROW && g_str_equal (_dabiao_event_column_str (stmt, 0), space + 1))
    *rowid = mark;
  return TRUE;
}

static gboolean
load_marks (DabiaoEvent      *self,
            const char       *server_id,
            DabiaoSyncMarks  *marks,
            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has = FALSE;
  int rc;

  _dabiao_sync_marks_clear (marks);
  if (!has_marks_table (self, &has, error))
    return FALSE;
  if (!has)
    return TRUE;
  stmt = _dabiao_event_prepare (self, "SELECT name, value FROM sync_marks WHERE server = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, server_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = _dabiao_event_column_str (stmt, 0);
      const char *value = _dabiao_event_column_str (stmt, 1);

      if (g_str_equal (name, "received"))
        marks->received = g_ascii_strtoll (value, NULL, 10);
      else if (g_str_equal (name, "settings"))
        marks->settings_digest = g_strdup (value);
      else if (g_str_has_prefix (name, "sent."))
        for (guint t = 0; t < DABIAO_TRAVEL_N_TABLES; t++)
          if (g_str_equal (name + 5, dabiao_travel_tables[t].name)
              && !check_rowid_mark (self, t, value, &marks->rowid[t], error))
            return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_mark (DabiaoEvent  *self,
            const char   *server_id,
            const char   *name,
            const char   *value,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self,
                                                        "INSERT OR REPLACE INTO sync_marks (server, name, value)"
                                                        " VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, server_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, value, -1, SQLITE_TRANSIENT);
  return _dabiao_event_step_done (self, stmt, error);
}

/* "ROWID KEY" of the row at @rowid of @table ("" when there is none). */
static gboolean
rowid_mark_value (DabiaoEvent          *self,
                  DabiaoTravelTableId   id,
                  gint64                rowid,
                  char                **value,
                  GError              **error)
{
  const DabiaoTravelTable *table = &dabiao_travel_tables[id];
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE rowid = ?", table->key, table->name);
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  *value = sqlite3_step (stmt) == SQLITE_ROW
           ? g_strdup_printf ("%" G_GINT64_FORMAT " %s", rowid, _dabiao_event_column_str (stmt, 0))
           : g_strdup ("");
  return TRUE;
}

static gboolean
max_rowid (DabiaoEvent          *self,
           DabiaoTravelTableId   id,
           gint64               *rowid,
           GError              **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (rowid), 0) FROM main.%s",
                                          dabiao_travel_tables[id].name);
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  *rowid = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* The digest of what of the settings and certificates changes in place:
 * each setting's time and each certificate's reprint count. */
static gboolean
settings_digest (DabiaoEvent  *self,
                 char        **digest,
                 GError      **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _dabiao_event_prepare (self,
                                "SELECT 's', key, updated_at FROM settings"
                                " UNION ALL SELECT 'c', uuid, reprints FROM certificates WHERE reprints > 0"
                                " ORDER BY 1, 2", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (int i = 0; i < 3; i++)
      {
        const char *text = _dabiao_event_column_str (stmt, i);

        g_checksum_update (checksum, (const guchar *) text, strlen (text) + 1);
      }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  *digest = g_strdup (g_checksum_get_string (checksum));
  return TRUE;
}

/* A row of @id named for a person: "participant 2024001", "setting
 * “stations”" (measurements say more where they are checked). */
static char *
describe_row (DabiaoTravelTableId  id,
              const char          *key)
{
  switch (id)
    {
    case DABIAO_TRAVEL_PARTICIPANTS:
      return g_strdup_printf (_("participant %s"), key);
    case DABIAO_TRAVEL_SETTINGS:
      return g_strdup_printf (_("setting “%s”"), key);
    case DABIAO_TRAVEL_MEASUREMENTS:
    case DABIAO_TRAVEL_CERTIFICATES:
    case DABIAO_TRAVEL_AUDIT:
    case DABIAO_TRAVEL_N_TABLES:
    default:
      return g_strdup_printf (_("measurement %s"), key);
    }
}

/* "SELECT travel columns, row_hash, whether row_hash matches the row's
 * contents, rowid FROM table m WHERE @where ORDER BY rowid": the shape
 * collect_rows() reads (tables without row hashes: NULL and 1). */
static char *
collect_sql (DabiaoTravelTableId  id,
             const char          *where)
{
  const DabiaoTravelTable *table = &dabiao_travel_tables[id];

  if (!table->row_hash)
    return g_strdup_printf ("SELECT %s, NULL, 1, rowid FROM %s m WHERE %s ORDER BY rowid",
                            table->columns, table->name, where);
  return g_strdup_printf ("SELECT %s, row_hash, row_hash IS dabiao_row_hash ('%s', %s), rowid FROM %s m"
                          " WHERE %s ORDER BY rowid",
                          table->columns, table->name, table->columns, table->name, where);
}

/* Hands each row of @sql (collect_sql()) to @func, each checked first:
 * its row hash against its contents (dabiao-event-hash.h), a measurement
 * also against its chain hash. */
static gboolean
collect_rows (DabiaoEvent          *self,
              DabiaoTravelTableId   id,
              const char           *sql,
              gint64                after,
              gint64               *last_rowid,
              DabiaoTravelRowFunc   func,
              gpointer              data,
              GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, sql, error);
  int hash_ok = strlen (dabiao_travel_tables[id].types) + 1;
  int n_columns;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after);
  n_columns = sqlite3_column_count (stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (id == DABIAO_TRAVEL_MEASUREMENTS)
        {
          RowFields row;
          g_autofree char *hash = NULL;

          _dabiao_event_row_fields_from_stmt (stmt, &row);
          hash = _dabiao_event_row_hash (self->uuid, &row);
          if (!g_str_equal (hash, _dabiao_event_column_str (stmt, 17)) || sqlite3_column_int (stmt, hash_ok) != 1)
            {
              g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY,
                           _("“%s”: station “%s”, row %u (measurement %s, participant %s, %s) was changed outside Dabiao: its contents do not match its hash; nothing was sent (run “dabiao-cli verify”)"),
                           self->basename, row.station, (guint) row.seq, row.uuid, row.participant_id, row.item);
              return FALSE;
            }
        }
      else if (sqlite3_column_int (stmt, hash_ok) != 1)
        {
          g_autofree char *what = describe_row (id, _dabiao_event_column_str (stmt, 0));

          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY,
                       _("“%s”: %s was changed outside Dabiao: its contents do not match its row hash; nothing was sent (run “dabiao-cli verify”)"),
                       self->basename, what);
          return FALSE;
        }
      if (last_rowid != NULL)
        *last_rowid = MAX (*last_rowid, sqlite3_column_int64 (stmt, n_columns - 1));
      if (!func (id, stmt, data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dabiao_event_sync_collect (DabiaoEvent          *self,
                            const char           *server_id,
                            GPtrArray           **meta_out,
                            GPtrArray           **items_out,
                            DabiaoTravelRowFunc   func,
                            gpointer              data,
                            DabiaoSyncMarks      *marks,
                            GError              **error)
{
  g_autoptr(GPtrArray) meta = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *digest = NULL;
  g_autoptr(sqlite3_stmt) meta_stmt = NULL;
  g_autoptr(sqlite3_stmt) items_stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  _dabiao_event_lock (self);
  if (!_dabiao_event_ensure_open (self, error) || !_dabiao_event_exec (self, "BEGIN", error))
    goto out;

  if (!load_marks (self, server_id, marks, error))
    goto done;
  meta_stmt = _dabiao_event_prepare (self, "SELECT key, value FROM meta ORDER BY key", error);
  if (meta_stmt == NULL)
    goto done;
  while ((rc = sqlite3_step (meta_stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (meta, g_strdup (_dabiao_event_column_str (meta_stmt, 0)));
      g_ptr_array_add (meta, g_strdup (_dabiao_event_column_str (meta_stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      goto done;
    }
  items_stmt = _dabiao_event_prepare (self, "SELECT position, code, number, name, unit, better, attempts,"
                                      " decimals, format FROM items ORDER BY position", error);
  if (items_stmt == NULL)
    goto done;
  while ((rc = sqlite3_step (items_stmt)) == SQLITE_ROW)
    {
      char **fields = g_new0 (char *, 10);

      for (int i = 0; i < 9; i++)
        fields[i] = g_strdup (_dabiao_event_column_str (items_stmt, i));
      g_ptr_array_add (items, fields);
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      goto done;
    }

  for (guint t = 0; t < DABIAO_TRAVEL_N_TABLES; t++)
    {
      g_autofree char *sql = NULL;

      if (t == DABIAO_TRAVEL_SETTINGS)
        continue;
      sql = collect_sql (t, "rowid > ?");
      if (!collect_rows (self, t, sql, marks->rowid[t], &marks->rowid[t], func, data, error))
        goto done;
    }

  /* Settings and reprint counts change in place: all of them go again
   * whenever any of them changed. */
  if (!settings_digest (self, &digest, error))
    goto done;
  if (g_strcmp0 (digest, marks->settings_digest) != 0)
    {
      g_autofree char *settings = collect_sql (DABIAO_TRAVEL_SETTINGS, "rowid > ?");
      g_autofree char *reprints = collect_sql (DABIAO_TRAVEL_CERTIFICATES, "reprints > 0 AND rowid <= ?");

      if (!collect_rows (self, DABIAO_TRAVEL_SETTINGS, settings, 0, NULL, func, data, error)
          || !collect_rows (self, DABIAO_TRAVEL_CERTIFICATES, reprints,
                            marks->rowid[DABIAO_TRAVEL_CERTIFICATES], NULL, func, data, error))
        goto done;
      g_free (marks->settings_digest);
      marks->settings_digest = g_steal_pointer (&digest);
    }
  ok = TRUE;

done:
  _dabiao_event_rollback (self);
out:
  _dabiao_event_unlock (self);
  if (ok && meta_out != NULL)
    *meta_out = g_steal_pointer (&meta);
  if (ok && items_out != NULL)
    *items_out = g_steal_pointer (&items);
  return ok;
}

/* Every staged row that came with a row hash must match it (computed by
 * the one implementation, dabiao-event-hash.c, over the row as staged, so
 * as it will be stored).  Rows without one are rows a server took before
 * it kept row hashes (server schema 4); the server refuses new rows
 * without one. */
static gboolean
verify_staged_row_hashes (DabiaoEvent  *self,
                          const char   *label,
                          GError      **error)
{
  for (guint t = 0; t < DABIAO_TRAVEL_N_TABLES; t++)
    {
      const DabiaoTravelTable *table = &dabiao_travel_tables[t];
      g_autofree char *sql = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *what = NULL;
      int rc;

      if (!table->row_hash)
        continue;
      sql = g_strdup_printf ("SELECT %s FROM temp.incoming_%s WHERE claimed_hash IS NOT NULL"
                             " AND claimed_hash IS NOT dabiao_row_hash ('%s', %s) LIMIT 1",
                             table->key, table->name, table->name, table->columns);
      stmt = _dabiao_event_prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        continue;
      if (rc != SQLITE_ROW)
        {
          _dabiao_event_set_db_error (self, error);
          return FALSE;
        }
      what = describe_row (t, _dabiao_event_column_str (stmt, 0));
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY,
                   _("%s: %s does not match its row hash: it was changed after it was written; nothing was applied, this file is unchanged"),
                   label, what);
      return FALSE;
    }
  return TRUE;
}

/* Every staged row must match its row hash; every staged measurement its
 * chain hash, follow its chain (a row here or staged) and, when this file
 * has a row of that uuid, be that row. */
static gboolean
verify_staged (DabiaoEvent  *self,
               const char   *label,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) links = NULL;
  g_autoptr(sqlite3_stmt) differs = NULL;
  int rc;

  rows = _dabiao_event_prepare (self, "SELECT " ROW_COLUMNS " FROM temp.incoming_measurements m"
                                " ORDER BY m.station, m.seq", error);
  if (rows == NULL)
    return FALSE;
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      RowFields row;
      g_autofree char *hash = NULL;

      _dabiao_event_row_fields_from_stmt (rows, &row);
      hash = _dabiao_event_row_hash (self->uuid, &row);
      if (!g_str_equal (hash, _dabiao_event_column_str (rows, 17)))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY,
                       _("%s: measurement %s (station “%s”, row %u, participant %s, %s) does not match its hash: it was changed after it was recorded; nothing was applied, this file is unchanged"),
                       label, row.uuid, row.station, (guint) row.seq, row.participant_id, row.item);
          return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  if (!verify_staged_row_hashes (self, label, error))
    return FALSE;

  links = _dabiao_event_prepare (self,
                                 "SELECT m.uuid, m.station, m.seq FROM temp.incoming_measurements m"
                                 " WHERE (m.seq = 1 AND m.prev_hash != '" GENESIS_HASH "')"
                                 " OR (m.seq != 1"
                                 "  AND NOT EXISTS (SELECT 1 FROM main.measurements p WHERE p.station = m.station"
                                 "   AND p.seq = m.seq - 1 AND p.hash = m.prev_hash)"
                                 "  AND NOT EXISTS (SELECT 1 FROM temp.incoming_measurements p WHERE p.station = m.station"
                                 "   AND p.seq = m.seq - 1 AND p.hash = m.prev_hash))"
                                 " ORDER BY m.station, m.seq LIMIT 1", error);
  if (links == NULL)
    return FALSE;
  if (sqlite3_step (links) == SQLITE_ROW)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY,
                   _("%s: measurement %s (station “%s”, row %u) does not follow the rows of its station: a row before it was removed or changed; nothing was applied, this file is unchanged"),
                   label, _dabiao_event_column_str (links, 0), _dabiao_event_column_str (links, 1),
                   (guint) sqlite3_column_int64 (links, 2));
      return FALSE;
    }

  differs = _dabiao_event_prepare (self,
                                   "SELECT m.uuid, m.station, m.seq FROM temp.incoming_measurements m"
                                   " JOIN main.measurements l ON l.uuid = m.uuid WHERE l.hash != m.hash"
                                   " ORDER BY m.station, m.seq LIMIT 1", error);
  if (differs == NULL)
    return FALSE;
  if (sqlite3_step (differs) == SQLITE_ROW)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY,
                   _("%s: measurement %s (station “%s”, row %u) differs from this file's row of the same id; nothing was applied, this file is unchanged"),
                   label, _dabiao_event_column_str (differs, 0), _dabiao_event_column_str (differs, 1),
                   (guint) sqlite3_column_int64 (differs, 2));
      return FALSE;
    }
  return TRUE;
}

gboolean
_dabiao_event_sync_apply (DabiaoEvent             *self,
                          const char              *server_id,
                          const char              *label,
                          DabiaoTravelStageFunc    stage,
                          gpointer                 data,
                          const DabiaoSyncMarks   *sent,
                          gint64                   received,
                          DabiaoMergeReport       *report,
                          void                   (*before_commit) (void),
                          GError                 **error)
{
  gint64 before[DABIAO_TRAVEL_N_TABLES] = { 0 };
  guint attempts_changed = 0;
  guint details_changed = 0;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  _dabiao_event_lock (self);
  /* Closed meanwhile (the window went while the round was on the
   * network): nothing to apply to, nothing to roll back. */
  if (!_dabiao_event_ensure_writable (self, error))
    {
      _dabiao_event_unlock (self);
      return FALSE;
    }
  ok = _dabiao_event_stage_begin (self, error)
       && _dabiao_event_exec (self, MARKS_TABLE, error);
  for (guint t = 0; ok && t < DABIAO_TRAVEL_N_TABLES; t++)
    {
      g_autoptr(sqlite3_stmt) insert = _dabiao_event_stage_prepare (self, t, error);

      ok = insert != NULL && stage (t, insert, data, error)
           && max_rowid (self, t, &before[t], error);
    }
  ok = ok && verify_staged (self, label, error)
       && _dabiao_event_stage_apply (self, "sync", label, report, &attempts_changed, &details_changed,
                                     error);

  /* The marks: what was sent is on the server.  Rows that came in now are
   * on the server too, so when nothing was recorded here between collecting
   * and now, the mark moves past them (otherwise they go back once, which
   * the server ignores). */
  for (guint t = 0; ok && t < DABIAO_TRAVEL_N_TABLES; t++)
    {
      g_autofree char *name = g_strdup_printf ("sent.%s", dabiao_travel_tables[t].name);
      g_autofree char *value = NULL;
      gint64 mark = sent->rowid[t];

      if (mark == before[t])
        ok = max_rowid (self, t, &mark, error);
      ok = ok && rowid_mark_value (self, t, mark, &value, error)
           && store_mark (self, server_id, name, value, error);
    }
  if (ok && sent->settings_digest != NULL)
    ok = store_mark (self, server_id, "settings", sent->settings_digest, error);
  if (ok)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, received);

      ok = store_mark (self, server_id, "received", value, error);
      if (ok && before_commit != NULL)
        before_commit ();
      ok = ok && _dabiao_event_commit (self, error);
    }
  _dabiao_event_stage_end (self, ok, attempts_changed, details_changed);
  _dabiao_event_unlock (self);
  return ok;
}

gboolean
_dabiao_event_sync_count_pending (DabiaoEvent  *self,
                                  const char   *server_id,
                                  guint        *pending,
                                  GError      **error)
{
  g_autoptr(sqlite3_stmt) which = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autofree char *server = g_strdup (server_id);
  DabiaoSyncMarks marks = { 0 };
  gboolean has = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  _dabiao_event_lock (self);
  if (!_dabiao_event_ensure_open (self, error) || !_dabiao_event_exec (self, "BEGIN", error))
    goto out;
  if (!has_marks_table (self, &has, error))
    goto done;
  if (server == NULL && has)
    {
      which = _dabiao_event_prepare (self, "SELECT server FROM sync_marks ORDER BY server LIMIT 1", error);
      if (which == NULL)
        goto done;
      if (sqlite3_step (which) == SQLITE_ROW)
        server = g_strdup (_dabiao_event_column_str (which, 0));
    }
  if (server != NULL && !load_marks (self, server, &marks, error))
    goto done;
  count = _dabiao_event_prepare (self, "SELECT count (*) FROM measurements WHERE rowid > ?", error);
  if (count == NULL)
    goto done;
  sqlite3_bind_int64 (count, 1, marks.rowid[DABIAO_TRAVEL_MEASUREMENTS]);
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      _dabiao_event_set_db_error (self, error);
      goto done;
    }
  *pending = sqlite3_column_int (count, 0);
  ok = TRUE;

done:
  _dabiao_event_rollback (self);
out:
  _dabiao_event_unlock (self);
  _dabiao_sync_marks_clear (&marks);
  return ok;
}
