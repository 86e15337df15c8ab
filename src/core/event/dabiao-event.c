/* dabiao-event.c
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
#include "dabiao-main-thread.h"

G_DEFINE_FINAL_TYPE (DabiaoEvent, dabiao_event, G_TYPE_OBJECT)

/* ---- Helpers ----------------------------------------------------------- */

sqlite3 *
_dabiao_event_get_db (DabiaoEvent *self)
{
  return self->db;
}

void
_dabiao_event_lock_for (DabiaoEvent *self,
                        const char  *function)
{
  _dabiao_main_thread_check (function);
  g_rec_mutex_lock (&self->mutex);
}

void
_dabiao_event_unlock (DabiaoEvent *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

void
_dabiao_event_set_sqlite_error (const char  *basename,
                                sqlite3     *db,
                                int          rc,
                                GError     **error)
{
  int code = DABIAO_ERROR_DB;
  int primary = rc & 0xff;
  const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (primary == SQLITE_FULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("“%s”: the disk is full; nothing was saved by this step (free some space and try again)"),
                   basename);
      return;
    }
  if (primary == SQLITE_READONLY)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("“%s” cannot be written (read-only); nothing was saved by this step"),
                   basename);
      return;
    }
  if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN)
    code = DABIAO_ERROR_IO;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("“%s” is damaged (%s); restore a backup copy"),
                   basename, message);
      return;
    }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    code = DABIAO_ERROR_IN_USE;

  g_set_error (error, DABIAO_ERROR, code, "%s: %s", basename, message);
}

void
_dabiao_event_set_db_error (DabiaoEvent  *self,
                            GError      **error)
{
  _dabiao_event_set_sqlite_error (self->basename, self->db, sqlite3_extended_errcode (self->db), error);
}

gboolean
_dabiao_event_ensure_open (DabiaoEvent  *self,
                           GError      **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_FAILED,
                   _("“%s” has been closed"), self->basename);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dabiao_event_ensure_writable (DabiaoEvent  *self,
                               GError      **error)
{
  if (!_dabiao_event_ensure_open (self, error))
    return FALSE;
  if (self->read_only)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("“%s” is open read-only; nothing can be changed"), self->basename);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dabiao_event_exec (DabiaoEvent  *self,
                    const char   *sql,
                    GError      **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _dabiao_event_set_sqlite_error (self->basename, self->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
_dabiao_event_prepare (DabiaoEvent  *self,
                       const char   *sql,
                       GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _dabiao_event_set_sqlite_error (self->basename, self->db, rc, error);
      return NULL;
    }
  return stmt;
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

void
_dabiao_event_cached_stmt_release (CachedStmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

CachedStmt *
_dabiao_event_prepare_cached (DabiaoEvent  *self,
                              const char   *sql,
                              GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->statements == NULL)
    self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_stmt);
  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _dabiao_event_set_sqlite_error (self->basename, self->db, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
_dabiao_event_rollback (DabiaoEvent *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

const char *
_dabiao_event_column_str (sqlite3_stmt *stmt,
                          int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

GPtrArray *
_dabiao_event_read_rows (DabiaoEvent     *self,
                         const char      *sql,
                         const char      *text,
                         DabiaoRowReader  read,
                         GDestroyNotify   free_func,
                         GError         **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (free_func);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  _dabiao_event_lock (self);
  if (_dabiao_event_ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self, sql, error)) != NULL)
    {
      if (text != NULL)
        sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (list, read (stmt));
      if (rc != SQLITE_DONE)
        _dabiao_event_set_db_error (self, error);
      else
        ok = TRUE;
    }
  _dabiao_event_unlock (self);
  return ok ? g_steal_pointer (&list) : NULL;
}

gboolean
_dabiao_event_step_done (DabiaoEvent   *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _dabiao_event_set_sqlite_error (self->basename, self->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
_dabiao_event_apply_attempt_settings (DabiaoEvent  *self,
                                      guint        *changed,
                                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *changed = 0;
  stmt = _dabiao_event_prepare (self,
                                "UPDATE items SET attempts = s.n"
                                " FROM (SELECT substr (key, length ('" DABIAO_EVENT_ATTEMPTS_KEY_PREFIX "') + 1) AS code,"
                                "              CAST (value AS INTEGER) AS n FROM settings"
                                "       WHERE key LIKE '" DABIAO_EVENT_ATTEMPTS_KEY_PREFIX "%') AS s"
                                " WHERE items.code = s.code AND s.n BETWEEN 1 AND 99 AND items.attempts != s.n",
                                error);
  if (stmt == NULL || !_dabiao_event_step_done (self, stmt, error))
    return FALSE;
  *changed = (guint) sqlite3_changes (self->db);
  return TRUE;
}

void
_dabiao_event_reload_attempts (DabiaoEvent *self)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, "SELECT code, attempts FROM items", NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      DabiaoEventItem *item = (DabiaoEventItem *) dabiao_event_find_item (self, _dabiao_event_column_str (stmt, 0));

      if (item != NULL)
        item->attempts = (guint) sqlite3_column_int (stmt, 1);
    }
}

void
_dabiao_event_reload_metadata (DabiaoEvent *self)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, "SELECT key, value FROM meta", NULL);

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = _dabiao_event_column_str (stmt, 0);
      const char *value = _dabiao_event_column_str (stmt, 1);
      char **field = g_str_equal (key, "name") ? &self->name
                     : g_str_equal (key, "date") ? &self->date
                     : g_str_equal (key, "place") ? &self->place
                     : g_str_equal (key, "organizer") ? &self->organizer : NULL;

      if (field == NULL || g_strcmp0 (*field, value) == 0)
        continue;
      if (self->retired == NULL)
        self->retired = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->retired, *field);
      *field = g_strdup (value);
    }
  /* A merge may also have brought items added or removed elsewhere. */
  _dabiao_event_reload_items (self);
}

void
_dabiao_event_reload_items (DabiaoEvent *self)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self,
                                                        "SELECT code, number, name, unit, better, decimals, format,"
                                                        " attempts FROM items ORDER BY position", NULL);
  GPtrArray *fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);
  gboolean same;

  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (fresh, dabiao_event_item_new (_dabiao_event_column_str (stmt, 0),
                                                   _dabiao_event_column_str (stmt, 1),
                                                   _dabiao_event_column_str (stmt, 2),
                                                   _dabiao_event_column_str (stmt, 3),
                                                   sqlite3_column_int (stmt, 4), sqlite3_column_int (stmt, 5),
                                                   sqlite3_column_int (stmt, 6), sqlite3_column_int (stmt, 7)));
  same = fresh->len == self->items->len;
  for (guint i = 0; same && i < fresh->len; i++)
    same = g_str_equal (((DabiaoEventItem *) g_ptr_array_index (fresh, i))->code,
                        ((DabiaoEventItem *) g_ptr_array_index (self->items, i))->code);
  if (same)
    {
      g_ptr_array_unref (fresh);
      return;
    }
  if (self->retired_items == NULL)
    self->retired_items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_ptr_array_add (self->retired_items, self->items);
  self->items = fresh;
}

gboolean
_dabiao_event_audit (DabiaoEvent  *self,
                     const char   *action,
                     const char   *detail,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  stmt = _dabiao_event_prepare (self,
                                "INSERT INTO audit (uuid, time, station, operator, action, detail)"
                                " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  sqlite3_bind_text (stmt, 3, self->station, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, self->operator_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, detail != NULL ? detail : "", -1, SQLITE_STATIC);
  return _dabiao_event_step_done (self, stmt, error);
}

/* ---- GObject ----------------------------------------------------------- */

/* Without the main-thread check: also run by finalize, which may be on
 * any thread (the app closes its events on their worker first). */
static void
close_connection (DabiaoEvent *self)
{
  g_rec_mutex_lock (&self->mutex);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  _dabiao_event_release_lock (self);
  g_rec_mutex_unlock (&self->mutex);
}

void
dabiao_event_close (DabiaoEvent *self)
{
  g_return_if_fail (DABIAO_IS_EVENT (self));

  DABIAO_BLOCKING_CALL ();
  close_connection (self);
}

static void
dabiao_event_finalize (GObject *object)
{
  DabiaoEvent *self = (DabiaoEvent *) object;

  /* Every queued task holds a reference, so the worker is idle here; do not
   * wait for it (this may run on the worker thread itself). */
  if (self->worker != NULL)
    g_thread_pool_free (self->worker, FALSE, FALSE);

  close_connection (self);

  g_free (self->path);
  g_free (self->basename);
  g_free (self->uuid);
  g_free (self->name);
  g_free (self->date);
  g_free (self->place);
  g_free (self->organizer);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->retired_items, g_ptr_array_unref);
  g_free (self->standard);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->station);
  g_free (self->operator_name);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (dabiao_event_parent_class)->finalize (object);
}

static void
dabiao_event_class_init (DabiaoEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dabiao_event_finalize;
}

static void
dabiao_event_init (DabiaoEvent *self)
{
  const char *user = g_get_real_name ();

  g_rec_mutex_init (&self->mutex);
  self->lock_fd = -1;
  self->identity_fd = -1;
  self->station = g_strdup (g_get_host_name ());
  if (user == NULL || *user == '\0' || g_str_equal (user, "Unknown"))
    user = g_get_user_name ();
  self->operator_name = g_strdup (user);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);
}

/* ---- Metadata ---------------------------------------------------------- */

#define META_GETTER(field) \
  const char * \
  dabiao_event_get_##field (DabiaoEvent *self) \
  { \
    g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL); \
    return self->field; \
  }

META_GETTER (path)
META_GETTER (uuid)
META_GETTER (name)
META_GETTER (date)
META_GETTER (place)
META_GETTER (organizer)
META_GETTER (standard)
META_GETTER (station)

const char *
dabiao_event_get_operator (DabiaoEvent *self)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  return self->operator_name;
}

gboolean
dabiao_event_get_read_only (DabiaoEvent *self)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), TRUE);
  return self->read_only;
}

guint
dabiao_event_get_schema_version (DabiaoEvent *self)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), 0);
  return self->schema_version;
}

GPtrArray *
dabiao_event_get_items (DabiaoEvent *self)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  return self->items;
}

const DabiaoEventItem *
dabiao_event_find_item (DabiaoEvent *self,
                        const char  *code)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  if (code == NULL || *code == '\0')
    return NULL;
  for (guint i = 0; i < self->items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (self->items, i);

      if (g_str_equal (item->code, code)
          || (*item->number != '\0' && g_str_equal (item->number, code))
          || g_str_equal (item->name, code))
        return item;
    }
  return NULL;
}

void
dabiao_event_set_station (DabiaoEvent *self,
                          const char  *station)
{
  g_return_if_fail (DABIAO_IS_EVENT (self));

  if (station == NULL || *station == '\0')
    station = g_get_host_name ();
  _dabiao_event_lock (self);
  g_free (self->station);
  self->station = g_strdup (station);
  _dabiao_event_unlock (self);
}

void
dabiao_event_set_operator (DabiaoEvent *self,
                           const char  *operator_name)
{
  g_return_if_fail (DABIAO_IS_EVENT (self));

  if (operator_name == NULL || *operator_name == '\0')
    operator_name = g_get_user_name ();
  _dabiao_event_lock (self);
  g_free (self->operator_name);
  self->operator_name = g_strdup (operator_name);
  _dabiao_event_unlock (self);
}

gboolean
dabiao_event_set_item_attempts (DabiaoEvent  *self,
                                const char   *code,
                                guint         attempts,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  DabiaoEventItem *item;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  _dabiao_event_lock (self);
  if (!_dabiao_event_ensure_writable (self, error))
    goto fail;
  item = (DabiaoEventItem *) dabiao_event_find_item (self, code);
  if (item == NULL || attempts < 1 || attempts > 99)
    {
      g_set_error (error, DABIAO_ERROR, item == NULL ? DABIAO_ERROR_NOT_FOUND : DABIAO_ERROR_INVALID_INPUT,
                   item == NULL ? _("The event has no item “%s”") : _("Attempts for “%s” must be 1–99"),
                   code);
      goto fail;
    }
  detail = g_strdup_printf ("%s: %u → %u", item->name, item->attempts, attempts);
  ok = _dabiao_event_exec (self, "BEGIN IMMEDIATE", error)
       && (stmt = _dabiao_event_prepare (self, "UPDATE items SET attempts = ? WHERE code = ?", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int (stmt, 1, attempts);
      sqlite3_bind_text (stmt, 2, item->code, -1, SQLITE_STATIC);
      ok = _dabiao_event_step_done (self, stmt, error);
    }
  /* Also as the setting "attempts.CODE", which a merge brings over when it
   * is newer (the items table itself is not merged). */
  if (ok)
    {
      g_autoptr(sqlite3_stmt) setting = NULL;
      g_autofree char *key = g_strconcat (DABIAO_EVENT_ATTEMPTS_KEY_PREFIX, item->code, NULL);

      setting = _dabiao_event_prepare (self,
                                       "INSERT INTO settings (key, value, updated_at, station) VALUES (?, ?, ?, ?)"
                                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                                       " updated_at = excluded.updated_at, station = excluded.station", error);
      ok = setting != NULL;
      if (ok)
        {
          sqlite3_bind_text (setting, 1, key, -1, SQLITE_STATIC);
          sqlite3_bind_int (setting, 2, attempts);
          sqlite3_bind_int64 (setting, 3, g_get_real_time ());
          sqlite3_bind_text (setting, 4, self->station, -1, SQLITE_STATIC);
          ok = _dabiao_event_step_done (self, setting, error);
        }
    }
  ok = ok
       && _dabiao_event_audit (self, "set-attempts", detail, error)
       && _dabiao_event_exec (self, "COMMIT", error);
  if (!ok)
    {
      _dabiao_event_rollback (self);
      goto fail;
    }
  item->attempts = attempts;
  _dabiao_event_unlock (self);
  return TRUE;

fail:
  _dabiao_event_unlock (self);
  return FALSE;
}

static gint64
count_query (DabiaoEvent  *self,
             const char   *sql,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _dabiao_event_set_sqlite_error (self->basename, self->db, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
dabiao_event_get_counts (DabiaoEvent        *self,
                         DabiaoEventCounts  *counts,
                         GError            **error)
{
  static const char * const queries[] = {
    "SELECT count(*) FROM participants",
    "SELECT count(*) FROM measurements",
    "SELECT count(DISTINCT voids) FROM measurements WHERE voids IS NOT NULL",
    "SELECT count(DISTINCT station) FROM measurements",
    "SELECT count(*) FROM certificates",
    "SELECT count(*) FROM audit",
  };
  guint *fields[] = {
    &counts->participants, &counts->measurements, &counts->voided,
    &counts->stations, &counts->certificates, &counts->audit_entries,
  };
  gboolean ok = TRUE;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  _dabiao_event_lock (self);
  ok = _dabiao_event_ensure_open (self, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (queries); i++)
    {
      gint64 n = count_query (self, queries[i], error);

      ok = n >= 0;
      *fields[i] = MAX (n, 0);
    }
  _dabiao_event_unlock (self);
  return ok;
}

/* ---- Worker thread ----------------------------------------------------- */

typedef struct
{
  DabiaoEvent     *event;
  GTask           *task;
  GTaskThreadFunc  func;
} WorkerJob;

static GMutex worker_mutex;

/* When the worker has nothing more queued and something was written since
 * the last time, the changes move from the -wal file into the event file,
 * so a copy of the .dabiao file alone (README: "Copy the file to each
 * computer") has them (decision 0214).  PASSIVE never waits for a reader:
 * what a reader in another process still holds moves at the next idle. */
static void
checkpoint_when_idle (DabiaoEvent *self)
{
  sqlite3_int64 changes;

  if (g_thread_pool_unprocessed (self->worker) > 0)
    return;
  g_rec_mutex_lock (&self->mutex);
  if (self->db != NULL && !self->read_only && sqlite3_get_autocommit (self->db)
      && (changes = sqlite3_total_changes64 (self->db)) != self->checkpointed_changes)
    {
      int log = 0, moved = 0;
      int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &moved);

      if (rc == SQLITE_OK && moved == log)
        self->checkpointed_changes = changes;
    }
  g_rec_mutex_unlock (&self->mutex);
}

static void
worker_run (gpointer data,
            gpointer user_data)
{
  WorkerJob *job = data;

  job->func (job->task, g_task_get_source_object (job->task),
             g_task_get_task_data (job->task), g_task_get_cancellable (job->task));
  checkpoint_when_idle (job->event);
  g_object_unref (job->task);
  g_object_unref (job->event);
  g_free (job);
}

void
_dabiao_event_run_in_worker (DabiaoEvent     *self,
                             GTask           *task,
                             GTaskThreadFunc  func)
{
  WorkerJob *job = g_new0 (WorkerJob, 1);

  /* Never waits for the event's lock: this is how the main thread hands
   * work to the worker. */
  g_mutex_lock (&worker_mutex);
  if (self->worker == NULL)
    self->worker = g_thread_pool_new (worker_run, NULL, 1, FALSE, NULL);
  g_mutex_unlock (&worker_mutex);

  job->event = g_object_ref (self);
  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (self->worker, job, NULL);
}

/* ---- Adding participants ----------------------------------------------- */

gboolean
_dabiao_event_begin (DabiaoEvent  *self,
                     GError      **error)
{
  return _dabiao_event_ensure_writable (self, error) && _dabiao_event_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_dabiao_event_commit (DabiaoEvent  *self,
                      GError      **error)
{
  if (!_dabiao_event_exec (self, "COMMIT", error))
    {
      _dabiao_event_rollback (self);
      return FALSE;
    }
  return TRUE;
}

const char *
_dabiao_event_get_basename (DabiaoEvent *self)
{
  return self->basename;
}
