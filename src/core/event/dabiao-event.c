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

/* PRAGMA application_id of event files: "DBAO". */
#define DABIAO_APPLICATION_ID 0x4442414f
#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct _DabiaoEvent
{
  GObject      parent_instance;

  GRecMutex    mutex;
  sqlite3     *db;
  char        *path;
  char        *basename;
  char        *lock_key;
  int          lock_fd;
  gboolean     read_only;
  guint        schema_version;

  char        *uuid;
  char        *name;
  char        *date;
  char        *place;
  char        *organizer;
  char        *standard;
  GPtrArray   *items;
  /* Metadata strings replaced by _dabiao_event_reload_metadata(), kept
   * until finalize: a getter's result stays valid on another thread. */
  GPtrArray   *retired;

  char        *station;
  char        *operator_name;

  GThreadPool *worker;
  /* Statements of the recording path, prepared once (keyed by the address
   * of their static SQL text). */
  GHashTable  *statements;
};

G_DEFINE_FINAL_TYPE (DabiaoEvent, dabiao_event, G_TYPE_OBJECT)

/* ---- Schema ------------------------------------------------------------ */

/* migrations[i] takes a file from schema version i to i + 1.  Never edit a
 * migration once released; add a new one and bump
 * DABIAO_EVENT_SCHEMA_VERSION. */
static const char * const migrations[] = {
  /* 0 → 1: the event, roster, measurements and audit log. */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE items (position INTEGER NOT NULL, code TEXT PRIMARY KEY, number TEXT NOT NULL,"
  "  name TEXT NOT NULL, unit TEXT NOT NULL, better INTEGER NOT NULL, attempts INTEGER NOT NULL);"
  "CREATE TABLE participants (id TEXT PRIMARY KEY, name TEXT NOT NULL, sex INTEGER NOT NULL,"
  "  birth_date TEXT NOT NULL, id_card TEXT NOT NULL, grade INTEGER NOT NULL, class_code TEXT NOT NULL,"
  "  class_name TEXT NOT NULL, ethnicity TEXT NOT NULL, address TEXT NOT NULL,"
  "  organization TEXT NOT NULL, phone TEXT NOT NULL, created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE measurements (uuid TEXT PRIMARY KEY, participant_id TEXT NOT NULL, item TEXT NOT NULL,"
  "  value REAL, unit TEXT NOT NULL, special INTEGER NOT NULL, reason TEXT NOT NULL,"
  "  source INTEGER NOT NULL, instrument_id TEXT NOT NULL, raw_frame BLOB, station TEXT NOT NULL,"
  "  operator TEXT NOT NULL, measured_at INTEGER NOT NULL, recorded_at INTEGER NOT NULL,"
  "  voids TEXT, seq INTEGER NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
  "CREATE INDEX measurements_participant ON measurements (participant_id, item, measured_at);"
  "CREATE INDEX measurements_voids ON measurements (voids) WHERE voids IS NOT NULL;"
  "CREATE INDEX measurements_chain ON measurements (station, seq);"
  "CREATE TRIGGER measurements_no_update BEFORE UPDATE ON measurements"
  "  BEGIN SELECT RAISE (ABORT, 'measurements are append-only'); END;"
  "CREATE TRIGGER measurements_no_delete BEFORE DELETE ON measurements"
  "  BEGIN SELECT RAISE (ABORT, 'measurements are append-only'); END;"
  "CREATE TABLE chain_heads (station TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);"
  "CREATE TABLE audit (uuid TEXT PRIMARY KEY, time INTEGER NOT NULL, station TEXT NOT NULL,"
  "  operator TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL);"
  "CREATE INDEX audit_time ON audit (time);",

  /* 1 → 2: issued certificates; roster indexes for the roster page. */
  "CREATE TABLE certificates (uuid TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE,"
  "  participant_id TEXT NOT NULL, grade TEXT NOT NULL, total REAL, issued_by TEXT NOT NULL,"
  "  issued_at INTEGER NOT NULL);"
  "CREATE INDEX participants_class ON participants (class_code, id);"
  "CREATE INDEX participants_name ON participants (name);",

  /* 2 → 3: how item values are written (decimals, 分.秒). */
  "ALTER TABLE items ADD COLUMN decimals INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE items ADD COLUMN format INTEGER NOT NULL DEFAULT 0;"
  "UPDATE items SET format = 1, decimals = 0 WHERE code IN ('run_800m', 'run_1000m', 'shuttle_50mx8');"
  "UPDATE items SET decimals = 0 WHERE unit IN ('ml', 'count');",

  /* 3 → 4: event settings (the certificate template …); reprint counts. */
  "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL,"
  "  station TEXT NOT NULL);"
  "ALTER TABLE certificates ADD COLUMN reprints INTEGER NOT NULL DEFAULT 0;",

  /* 4 → 5: what each certificate printed (JSON), so a reprint is the same
   * page; the date of its last reissue (补发, counted in reprints). */
  "ALTER TABLE certificates ADD COLUMN printed TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE certificates ADD COLUMN reissued_on TEXT NOT NULL DEFAULT '';",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DABIAO_EVENT_SCHEMA_VERSION);

/* ---- In-process registry of files open for writing --------------------- */

G_LOCK_DEFINE_STATIC (open_files);
static GHashTable *open_files;

/* ---- Helpers ----------------------------------------------------------- */

sqlite3 *
_dabiao_event_get_db (DabiaoEvent *self)
{
  return self->db;
}

void
_dabiao_event_lock (DabiaoEvent *self)
{
  g_rec_mutex_lock (&self->mutex);
}

void
_dabiao_event_unlock (DabiaoEvent *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

static void
set_sqlite_error (const char  *basename,
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
  set_sqlite_error (self->basename, self->db, sqlite3_extended_errcode (self->db), error);
}

static gboolean
ensure_open (DabiaoEvent  *self,
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

static gboolean
ensure_writable (DabiaoEvent  *self,
                 GError      **error)
{
  if (!ensure_open (self, error))
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
      set_sqlite_error (self->basename, self->db, rc, error);
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
      set_sqlite_error (self->basename, self->db, rc, error);
      return NULL;
    }
  return stmt;
}

/* A statement of the hot path, prepared once per connection and owned by
 * the event: use it with g_autoptr(CachedStmt), which resets it when done
 * (a statement left mid-step would hold its read snapshot open). */
typedef sqlite3_stmt CachedStmt;

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
cached_stmt_release (CachedStmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, cached_stmt_release)

static CachedStmt *
prepare_cached (DabiaoEvent  *self,
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
      set_sqlite_error (self->basename, self->db, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static void
rollback (DabiaoEvent *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static const char *
column_str (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static gboolean
step_done (DabiaoEvent   *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (self->basename, self->db, rc, error);
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
  if (stmt == NULL || !step_done (self, stmt, error))
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
      DabiaoEventItem *item = (DabiaoEventItem *) dabiao_event_find_item (self, column_str (stmt, 0));

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
      const char *key = column_str (stmt, 0);
      const char *value = column_str (stmt, 1);
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
  return step_done (self, stmt, error);
}

/* ---- GObject ----------------------------------------------------------- */

static void
release_lock (DabiaoEvent *self)
{
  if (self->lock_fd >= 0)
    {
      g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);

      /* Remove the file while still holding the lock, so a waiting opener
       * never sees our stale contents. */
      g_unlink (lock_path);
      close (self->lock_fd);
      self->lock_fd = -1;
    }
  if (self->lock_key != NULL)
    {
      G_LOCK (open_files);
      if (open_files != NULL)
        g_hash_table_remove (open_files, self->lock_key);
      G_UNLOCK (open_files);
      g_clear_pointer (&self->lock_key, g_free);
    }
}

void
dabiao_event_close (DabiaoEvent *self)
{
  g_return_if_fail (DABIAO_IS_EVENT (self));

  g_rec_mutex_lock (&self->mutex);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  release_lock (self);
  g_rec_mutex_unlock (&self->mutex);
}

static void
dabiao_event_finalize (GObject *object)
{
  DabiaoEvent *self = (DabiaoEvent *) object;

  /* Every queued task holds a reference, so the worker is idle here; do not
   * wait for it (this may run on the worker thread itself). */
  if (self->worker != NULL)
    g_thread_pool_free (self->worker, FALSE, FALSE);

  dabiao_event_close (self);

  g_free (self->path);
  g_free (self->basename);
  g_free (self->uuid);
  g_free (self->name);
  g_free (self->date);
  g_free (self->place);
  g_free (self->organizer);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
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
  self->station = g_strdup (g_get_host_name ());
  if (user == NULL || *user == '\0' || g_str_equal (user, "Unknown"))
    user = g_get_user_name ();
  self->operator_name = g_strdup (user);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);
}

/* ---- Locking ----------------------------------------------------------- */

static gboolean
acquire_lock (DabiaoEvent  *self,
              GError      **error)
{
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  g_autofree char *key = NULL;
  g_autofree char *contents = NULL;
  struct flock fl = { 0 };
  int fd;

  key = g_canonicalize_filename (self->path, NULL);

  G_LOCK (open_files);
  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (open_files, key))
    {
      G_UNLOCK (open_files);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                   _("“%s” is in use by this program (process %d on %s); close it there first"),
                   self->basename, (int) getpid (), g_get_host_name ());
      return FALSE;
    }
  g_hash_table_add (open_files, g_strdup (key));
  self->lock_key = g_steal_pointer (&key);
  G_UNLOCK (open_files);

  for (guint tries = 0; ; tries++)
    {
      struct stat by_fd, by_path;

      fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0)
        {
          int saved = errno;

          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                       _("“%s” cannot be opened for writing: its lock file cannot be created (%s)"),
                       self->basename, g_strerror (saved));
          return FALSE;
        }

      fl.l_type = F_WRLCK;
      fl.l_whence = SEEK_SET;
      if (fcntl (fd, F_SETLK, &fl) < 0)
        {
          g_autofree char *holder = NULL;
          g_auto(GStrv) lines = NULL;

          g_file_get_contents (lock_path, &holder, NULL, NULL);
          close (fd);
          lines = g_strsplit (holder != NULL ? holder : "", "\n", 4);
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                       _("“%s” is in use by %s (process %s on %s); close it there first"),
                       self->basename,
                       g_strv_length (lines) > 2 && *lines[2] ? lines[2] : _("another program"),
                       g_strv_length (lines) > 1 ? lines[1] : "?",
                       g_strv_length (lines) > 0 && *lines[0] ? lines[0] : "?");
          return FALSE;
        }

      /* The holder may have unlinked the file between our open and lock:
       * make sure we locked the file that is there. */
      if (fstat (fd, &by_fd) == 0 && g_stat (lock_path, &by_path) == 0
          && by_fd.st_ino == by_path.st_ino && by_fd.st_dev == by_path.st_dev)
        break;
      close (fd);
      if (tries > 10)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                       _("“%s” is being opened by another program; try again"), self->basename);
          return FALSE;
        }
    }

  contents = g_strdup_printf ("%s\n%d\n%s\n", g_get_host_name (), (int) getpid (), g_get_user_name ());
  if (ftruncate (fd, 0) == 0)
    {
      gssize ignored = write (fd, contents, strlen (contents));
      (void) ignored;
    }
  self->lock_fd = fd;
  return TRUE;
}

/* ---- Opening ----------------------------------------------------------- */

static gboolean
load_metadata (DabiaoEvent  *self,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) items = NULL;
  int rc;

  stmt = _dabiao_event_prepare (self, "SELECT key, value FROM meta", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = column_str (stmt, 0);
      char **field = NULL;

      if (g_str_equal (key, "uuid"))
        field = &self->uuid;
      else if (g_str_equal (key, "name"))
        field = &self->name;
      else if (g_str_equal (key, "date"))
        field = &self->date;
      else if (g_str_equal (key, "place"))
        field = &self->place;
      else if (g_str_equal (key, "organizer"))
        field = &self->organizer;
      else if (g_str_equal (key, "standard"))
        field = &self->standard;
      if (field != NULL)
        {
          g_free (*field);
          *field = g_strdup (column_str (stmt, 1));
        }
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  if (self->uuid == NULL || self->standard == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("“%s” is damaged: the event's identity is missing; restore a backup copy"),
                   self->basename);
      return FALSE;
    }
#define DEFAULT_EMPTY(f) if (self->f == NULL) self->f = g_strdup ("")
  DEFAULT_EMPTY (name);
  DEFAULT_EMPTY (date);
  DEFAULT_EMPTY (place);
  DEFAULT_EMPTY (organizer);
#undef DEFAULT_EMPTY

  items = _dabiao_event_prepare (self,
                                 self->schema_version >= 3
                                 ? "SELECT code, number, name, unit, better, decimals, format, attempts"
                                   " FROM items ORDER BY position"
                                 : "SELECT code, number, name, unit, better, 1, 0, attempts"
                                   " FROM items ORDER BY position", error);
  if (items == NULL)
    return FALSE;
  g_ptr_array_set_size (self->items, 0);
  while ((rc = sqlite3_step (items)) == SQLITE_ROW)
    g_ptr_array_add (self->items,
                     dabiao_event_item_new (column_str (items, 0), column_str (items, 1),
                                            column_str (items, 2), column_str (items, 3),
                                            sqlite3_column_int (items, 4),
                                            sqlite3_column_int (items, 5),
                                            sqlite3_column_int (items, 6),
                                            sqlite3_column_int (items, 7)));
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (DabiaoEvent  *self,
         guint         from,
         guint         to,
         GError      **error)
{
  if (!_dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint v = from; v < to; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", v + 1);

      if (!_dabiao_event_exec (self, migrations[v], error)
          || !_dabiao_event_exec (self, set_version, error))
        {
          rollback (self);
          return FALSE;
        }
    }
  if (from > 0)
    {
      g_autofree char *detail = g_strdup_printf ("schema %u → %u", from, to);

      if (!_dabiao_event_audit (self, "migrate", detail, error))
        {
          rollback (self);
          return FALSE;
        }
    }
  if (!_dabiao_event_exec (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }
  self->schema_version = to;
  return TRUE;
}

static gboolean
check_header (const char  *path,
              const char  *basename,
              GError     **error)
{
  char header[100];
  FILE *file;
  size_t n;

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, DABIAO_ERROR, saved == ENOENT ? DABIAO_ERROR_NOT_FOUND : DABIAO_ERROR_IO,
                   _("“%s” cannot be opened: %s"), basename, g_strerror (saved));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, file);
  fclose (file);

  if (n < sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("“%s” is not a Dabiao event file, or it is damaged (truncated or overwritten); restore a backup copy"),
                   basename);
      return FALSE;
    }
  return TRUE;
}

/* ---- Checking a file at open ------------------------------------------- */

typedef enum
{
  CHECK_OK,
  CHECK_FAILED,     /* a definite answer (not an event file, newer version, …) */
  CHECK_DAMAGED,    /* corruption reported by sqlite */
  CHECK_TRANSIENT,  /* busy, locked or an I/O error: may pass when tried again */
} CheckResult;

/* Busy, locked and I/O errors (SQLITE_IOERR_SHORT_READ, 522, when a read
 * races a writer's checkpoint) say nothing about the file's health. */
static gboolean
is_transient_code (int rc)
{
  int primary = rc & 0xff;

  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED
         || (primary == SQLITE_IOERR && rc != SQLITE_IOERR_NOMEM);
}

/* PRAGMA quick_check turns a page it could not read into a finding such as
 * "Page 7: unable to get the page. error code=522" instead of failing.
 * Returns the first transient error code among the findings, or 0 if some
 * finding is a real one (a malformed page, a wrong count …) or none names
 * a code. */
static int
transient_finding_code (const char *findings)
{
  g_auto(GStrv) lines = g_strsplit (findings, "\n", -1);
  int found = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *code;
      gint64 rc;

      if (*lines[i] == '\0' || g_str_has_prefix (lines[i], "***"))
        continue;
      code = strstr (lines[i], "error code=");
      if (code == NULL)
        return 0;
      rc = g_ascii_strtoll (code + strlen ("error code="), NULL, 10);
      if (!is_transient_code ((int) rc))
        return 0;
      if (found == 0)
        found = (int) rc;
    }
  return found;
}

static void
set_transient_error (DabiaoEvent  *self,
                     int           rc,
                     GError      **error)
{
  int primary = rc & 0xff;

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                 _("“%s” is busy: another program is writing to it (%s, code %d); try again in a moment"),
                 self->basename, sqlite3_errstr (rc), rc);
  else
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                 _("“%s” could not be read (%s, code %d); if another program is writing to it, try again in a moment (the file was not changed)"),
                 self->basename, sqlite3_errstr (rc), rc);
}

static CheckResult
step_pragma_int (DabiaoEvent  *self,
                 const char   *sql,
                 int          *value,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return CHECK_FAILED;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (is_transient_code (rc))
        {
          set_transient_error (self, rc, error);
          return CHECK_TRANSIENT;
        }
      set_sqlite_error (self->basename, self->db, rc, error);
      return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB
             ? CHECK_DAMAGED : CHECK_FAILED;
    }
  *value = sqlite3_column_int (stmt, 0);
  return CHECK_OK;
}

/* One look at the file: is it an event file of a version we know, and does
 * PRAGMA quick_check pass? */
static CheckResult
check_file (DabiaoEvent  *self,
            int          *version,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) check = NULL;
  int application_id = 0;
  CheckResult result;
  int rc;

  if ((result = step_pragma_int (self, "PRAGMA application_id", &application_id, error)) != CHECK_OK
      || (result = step_pragma_int (self, "PRAGMA user_version", version, error)) != CHECK_OK)
    return result;

  if (application_id != DABIAO_APPLICATION_ID)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("“%s” is an sqlite database but not a Dabiao event file"), self->basename);
      return CHECK_FAILED;
    }
  if (*version > DABIAO_EVENT_SCHEMA_VERSION)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION,
                   _("“%s” was written by a newer version of Dabiao (file format %d; this version knows up to %d): update Dabiao to open it"),
                   self->basename, *version, DABIAO_EVENT_SCHEMA_VERSION);
      return CHECK_FAILED;
    }

  /* A truncated or overwritten file often opens fine and fails later; find
   * out now, before anyone records into it. */
  check = _dabiao_event_prepare (self, "PRAGMA quick_check", error);
  if (check == NULL)
    return CHECK_FAILED;
  rc = sqlite3_step (check);
  if (rc != SQLITE_ROW)
    {
      if (is_transient_code (rc))
        {
          set_transient_error (self, rc, error);
          return CHECK_TRANSIENT;
        }
      set_sqlite_error (self->basename, self->db, rc, error);
      return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB
             ? CHECK_DAMAGED : CHECK_FAILED;
    }
  if (!g_str_equal (column_str (check, 0), "ok"))
    {
      const char *findings = column_str (check, 0);
      int transient = transient_finding_code (findings);
      g_auto(GStrv) lines = NULL;
      const char *first;

      if (transient != 0)
        {
          set_transient_error (self, transient, error);
          return CHECK_TRANSIENT;
        }
      /* The first finding is enough for a person; sqlite may list hundreds. */
      lines = g_strsplit (findings, "\n", 3);
      first = lines[0] != NULL && g_str_has_prefix (lines[0], "***") && lines[1] != NULL
              ? lines[1] : lines[0];
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("“%s” is damaged (%s); restore a backup copy"),
                   self->basename, first != NULL ? first : "");
      return CHECK_DAMAGED;
    }
  return CHECK_OK;
}

/* A read-only open beside a writer (the app's second DabiaoEvent, another
 * station's program) can meet a checkpoint in progress: SQLITE_BUSY, or a
 * short read (SQLITE_IOERR_SHORT_READ) that sqlite either reports or hands
 * on as a zero-filled page.  None of that means the file is damaged, so the
 * whole check is tried again, each time in a new read transaction: on
 * transient errors always, and on corruption findings while a WAL (so
 * possibly a writer) is beside the file.  Only what persists is reported;
 * corruption as "damaged", anything else with its own message. */
/* Whether the folder holding @path lets sqlite create the -shm index. */
static gboolean
dir_is_writable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return access (dir, W_OK) == 0;
}

static gboolean
check_file_with_retries (DabiaoEvent  *self,
                         int          *version,
                         GError      **error)
{
  const guint max_attempts = 8;
  const gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  gulong delay_us = 2000;

  /* Each attempt waits at most half a second for locks; all of them
   * together about three seconds. */
  sqlite3_busy_timeout (self->db, 500);
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      CheckResult result = check_file (self, version, &local_error);
      gboolean retry = FALSE;

      if (result == CHECK_OK)
        {
          sqlite3_busy_timeout (self->db, 5000);
          return TRUE;
        }
      if (attempt < max_attempts && g_get_monotonic_time () < deadline)
        {
          if (result == CHECK_TRANSIENT)
            retry = TRUE;
          else if (result == CHECK_DAMAGED && self->read_only)
            {
              g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);

              retry = g_file_test (wal, G_FILE_TEST_EXISTS);
            }
        }
      if (!retry)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("%s: open check attempt %u: %s; trying again", self->basename, attempt,
               local_error->message);
      /* A page that came back zero-filled may sit in the page cache; drop
       * it so the next attempt reads the file again. */
      sqlite3_db_release_memory (self->db);
      g_usleep (delay_us);
      delay_us = MIN (delay_us * 2, 200000);
    }
}

static DabiaoEvent *
open_internal (const char            *path,
               DabiaoEventOpenFlags   flags,
               const char            *vfs,
               gboolean               migrate_ok,
               GError               **error)
{
  g_autoptr(DabiaoEvent) self = g_object_new (DABIAO_TYPE_EVENT, NULL);
  int open_flags;
  int version = 0;
  int rc;

  self->path = g_strdup (path);
  self->basename = g_path_get_basename (path);
  self->read_only = (flags & DABIAO_EVENT_OPEN_READ_ONLY) != 0;

  if (!check_header (path, self->basename, error))
    return NULL;

  if (!self->read_only)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (access (path, W_OK) != 0 || access (dir, W_OK) != 0)
        {
          int saved = errno;

          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                       _("“%s” cannot be opened for writing (%s): open it read-only, or copy it to a writable folder"),
                       self->basename, g_strerror (saved));
          return NULL;
        }
      if (!acquire_lock (self, error))
        return NULL;
    }

  open_flags = (self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
               | SQLITE_OPEN_NOMUTEX;
  rc = sqlite3_open_v2 (path, &self->db, open_flags, vfs);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self->basename, self->db, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  rc = sqlite3_exec (self->db, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL, NULL);
  /* A reader beside a writer that is closing can find the -wal file without
   * its -shm index for a moment (the writer deletes them after its last
   * checkpoint).  That passes: try again.  Reading such a file as immutable
   * would ignore rows still in the WAL, or read pages mid-checkpoint. */
  for (guint tries = 0;
       (rc & 0xff) == SQLITE_CANTOPEN && self->read_only && tries < 40 && dir_is_writable (path);
       tries++)
    {
      g_usleep (25 * G_TIME_SPAN_MILLISECOND);
      rc = sqlite3_exec (self->db, "SELECT 1 FROM sqlite_master LIMIT 1", NULL, NULL, NULL);
    }
  if ((rc & 0xff) == SQLITE_CANTOPEN && self->read_only && !dir_is_writable (path))
    {
      /* A WAL file on a read-only medium (a write-protected USB stick):
       * sqlite cannot create the -shm index there.  Nothing can change the
       * file, so read it as immutable. */
      g_autofree char *absolute = g_canonicalize_filename (path, NULL);
      g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);
      g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", escaped);

      sqlite3_close_v2 (self->db);
      self->db = NULL;
      rc = sqlite3_open_v2 (uri, &self->db, open_flags | SQLITE_OPEN_URI, vfs);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self->basename, self->db, rc, error);
          return NULL;
        }
      sqlite3_extended_result_codes (self->db, 1);
    }

  if (!check_file_with_retries (self, &version, error))
    return NULL;

  if (!self->read_only)
    {
      /* A 32 MB page cache keeps a 100,000-row roster import from spilling
       * to the WAL in the middle of its transaction. */
      if (!_dabiao_event_exec (self, "PRAGMA journal_mode = WAL", error)
          || !_dabiao_event_exec (self, "PRAGMA synchronous = FULL", error)
          || !_dabiao_event_exec (self, "PRAGMA cache_size = -32768", error))
        return NULL;
    }

  self->schema_version = version;
  if ((guint) version < DABIAO_EVENT_SCHEMA_VERSION && migrate_ok)
    {
      if (self->read_only)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION,
                       _("“%s” has an older file format (%d) that must be upgraded; open it for writing once"),
                       self->basename, version);
          return NULL;
        }
      if (!migrate (self, version, DABIAO_EVENT_SCHEMA_VERSION, error))
        return NULL;
    }

  if (!load_metadata (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

DabiaoEvent *
_dabiao_event_open_with_vfs (const char            *path,
                             DabiaoEventOpenFlags   flags,
                             const char            *vfs,
                             GError               **error)
{
  return open_internal (path, flags, vfs, TRUE, error);
}

DabiaoEvent *
dabiao_event_open (const char            *path,
                   DabiaoEventOpenFlags   flags,
                   GError               **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_internal (path, flags, NULL, TRUE, error);
}

/* ---- Creating ---------------------------------------------------------- */

static gboolean
valid_date (const char *text)
{
  int y, m, d;
  char tail;

  return text != NULL
         && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3
         && strlen (text) == 10
         && g_date_valid_dmy (d, m, y);
}

/* Keep only the items @info chooses (in the standard's order), with their
 * attempts. */
static gboolean
choose_items (GPtrArray              *items,
              const DabiaoEventInfo  *info,
              GError                **error)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new (NULL, NULL);

  if (info->n_items == 0)
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("Choose at least one item for the event"));
      return FALSE;
    }
  for (guint i = 0; i < info->n_items; i++)
    {
      const char *code = info->items[i].code;
      DabiaoEventItem *item = NULL;

      for (guint j = 0; code != NULL && j < items->len; j++)
        {
          DabiaoEventItem *candidate = g_ptr_array_index (items, j);

          if (g_str_equal (candidate->code, code)
              || (*candidate->number != '\0' && g_str_equal (candidate->number, code))
              || g_str_equal (candidate->name, code))
            {
              item = candidate;
              break;
            }
        }
      if (item == NULL)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Standard “%s” has no item “%s”"), info->standard, code != NULL ? code : "");
          return FALSE;
        }
      if (g_hash_table_contains (chosen, item))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Item %s is chosen twice"), item->name);
          return FALSE;
        }
      if (info->items[i].attempts > 99)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Attempts for “%s” must be 1–99"), item->name);
          return FALSE;
        }
      if (info->items[i].attempts > 0)
        item->attempts = info->items[i].attempts;
      g_hash_table_add (chosen, item);
    }
  for (guint j = items->len; j > 0; j--)
    if (!g_hash_table_contains (chosen, g_ptr_array_index (items, j - 1)))
      g_ptr_array_remove_index (items, j - 1);
  return TRUE;
}

DabiaoEvent *
_dabiao_event_create_at_version (const char            *path,
                                 const DabiaoEventInfo *info,
                                 guint                  version,
                                 GError               **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *stations_json = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *tmp_path = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *today = NULL;
  g_autoptr(DabiaoEvent) staging = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *date;
  int rc;

  if (info->name == NULL || *info->name == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("An event needs a name"));
      return NULL;
    }
  items = dabiao_event_items_for_standard (info->standard, error);
  if (items == NULL)
    return NULL;
  if (info->items != NULL && !choose_items (items, info, error))
    return NULL;
  if (info->stations != NULL && info->stations->len > 0)
    {
      g_autoptr(GPtrArray) stations = dabiao_station_definitions_validate (items, info->stations, error);

      if (stations == NULL)
        return NULL;
      if (version < 4)
        {
          g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_VERSION,
                               _("Station definitions need a newer event file format"));
          return NULL;
        }
      stations_json = _dabiao_station_definitions_to_json (stations);
    }
  today = g_date_time_format (now, "%Y-%m-%d");
  date = info->date != NULL && *info->date != '\0' ? info->date : today;
  if (!valid_date (date))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Event date “%s” is not a date (expected YYYY-MM-DD)"), date);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("“%s” already exists; choose another file name"), basename);
      return NULL;
    }

  /* Build the file under a temporary name and rename it into place, so a
   * failure never leaves a half-made event file behind. */
  tmp_path = g_strdup_printf ("%s.new-%s", path, uuid);
  staging = g_object_new (DABIAO_TYPE_EVENT, NULL);
  staging->path = g_strdup (tmp_path);
  staging->basename = g_strdup (basename);
  rc = sqlite3_open_v2 (tmp_path, &staging->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (basename, staging->db, rc, error);
      dabiao_event_close (staging);
      g_unlink (tmp_path);
      return NULL;
    }

  {
    g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d", DABIAO_APPLICATION_ID);
    g_autoptr(sqlite3_stmt) meta = NULL;
    g_autoptr(sqlite3_stmt) item_stmt = NULL;
    g_autofree char *detail = NULL;
    const char *keys[] = { "uuid", "name", "date", "place", "organizer", "standard", "created" };
    g_autofree char *created = g_date_time_format_iso8601 (now);
    const char *values[] = { uuid, info->name, date, info->place, info->organizer, info->standard, created };
    gboolean ok;

    ok = _dabiao_event_exec (staging, "PRAGMA journal_mode = DELETE", error)
         && _dabiao_event_exec (staging, app_id, error)
         && migrate (staging, 0, version, error)
         && _dabiao_event_exec (staging, "BEGIN IMMEDIATE", error);
    if (ok)
      ok = (meta = _dabiao_event_prepare (staging, "INSERT INTO meta (key, value) VALUES (?, ?)", error)) != NULL
           && (item_stmt = _dabiao_event_prepare (staging,
                                                  version >= 3
                                                  ? "INSERT INTO items (position, code, number, name, unit, better, attempts,"
                                                    " decimals, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                                  : "INSERT INTO items (position, code, number, name, unit, better, attempts)"
                                                    " VALUES (?, ?, ?, ?, ?, ?, ?)", error)) != NULL;
    for (guint i = 0; ok && i < G_N_ELEMENTS (keys); i++)
      {
        sqlite3_reset (meta);
        sqlite3_bind_text (meta, 1, keys[i], -1, SQLITE_STATIC);
        sqlite3_bind_text (meta, 2, values[i] != NULL ? values[i] : "", -1, SQLITE_STATIC);
        ok = step_done (staging, meta, error);
      }
    for (guint i = 0; ok && i < items->len; i++)
      {
        const DabiaoEventItem *item = g_ptr_array_index (items, i);

        sqlite3_reset (item_stmt);
        sqlite3_bind_int (item_stmt, 1, i);
        sqlite3_bind_text (item_stmt, 2, item->code, -1, SQLITE_STATIC);
        sqlite3_bind_text (item_stmt, 3, item->number, -1, SQLITE_STATIC);
        sqlite3_bind_text (item_stmt, 4, item->name, -1, SQLITE_STATIC);
        sqlite3_bind_text (item_stmt, 5, item->unit, -1, SQLITE_STATIC);
        sqlite3_bind_int (item_stmt, 6, item->better);
        sqlite3_bind_int (item_stmt, 7, item->attempts);
        if (version >= 3)
          {
            sqlite3_bind_int (item_stmt, 8, item->decimals);
            sqlite3_bind_int (item_stmt, 9, item->format);
          }
        ok = step_done (staging, item_stmt, error);
      }
    if (ok && stations_json != NULL)
      {
        g_autoptr(sqlite3_stmt) setting = NULL;

        ok = (setting = _dabiao_event_prepare (staging,
                                               "INSERT INTO settings (key, value, updated_at, station)"
                                               " VALUES ('stations', ?, ?, ?)", error)) != NULL;
        if (ok)
          {
            sqlite3_bind_text (setting, 1, stations_json, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (setting, 2, g_get_real_time ());
            sqlite3_bind_text (setting, 3, g_get_host_name (), -1, SQLITE_STATIC);
            ok = step_done (staging, setting, error);
          }
      }
    detail = g_strdup_printf ("%s (%s, %s)", info->name, info->standard, date);
    ok = ok && _dabiao_event_audit (staging, "create", detail, error)
         && _dabiao_event_exec (staging, "COMMIT", error);
    g_clear_pointer (&meta, sqlite3_finalize);
    g_clear_pointer (&item_stmt, sqlite3_finalize);
    if (!ok)
      {
        dabiao_event_close (staging);
        g_unlink (tmp_path);
        return NULL;
      }
  }

  dabiao_event_close (staging);
  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("“%s” cannot be created: %s"), basename, g_strerror (saved));
      return NULL;
    }

  return open_internal (path, DABIAO_EVENT_OPEN_NONE, NULL, FALSE, error);
}

DabiaoEvent *
dabiao_event_create (const char            *path,
                     const DabiaoEventInfo *info,
                     GError               **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (info != NULL, NULL);

  return _dabiao_event_create_at_version (path, info, DABIAO_EVENT_SCHEMA_VERSION, error);
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
  g_rec_mutex_lock (&self->mutex);
  g_free (self->station);
  self->station = g_strdup (station);
  g_rec_mutex_unlock (&self->mutex);
}

void
dabiao_event_set_operator (DabiaoEvent *self,
                           const char  *operator_name)
{
  g_return_if_fail (DABIAO_IS_EVENT (self));

  if (operator_name == NULL || *operator_name == '\0')
    operator_name = g_get_user_name ();
  g_rec_mutex_lock (&self->mutex);
  g_free (self->operator_name);
  self->operator_name = g_strdup (operator_name);
  g_rec_mutex_unlock (&self->mutex);
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

  g_rec_mutex_lock (&self->mutex);
  if (!ensure_writable (self, error))
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
      ok = step_done (self, stmt, error);
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
          ok = step_done (self, setting, error);
        }
    }
  ok = ok
       && _dabiao_event_audit (self, "set-attempts", detail, error)
       && _dabiao_event_exec (self, "COMMIT", error);
  if (!ok)
    {
      rollback (self);
      goto fail;
    }
  item->attempts = attempts;
  g_rec_mutex_unlock (&self->mutex);
  return TRUE;

fail:
  g_rec_mutex_unlock (&self->mutex);
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
      set_sqlite_error (self->basename, self->db, rc, error);
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

  g_rec_mutex_lock (&self->mutex);
  ok = ensure_open (self, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (queries); i++)
    {
      gint64 n = count_query (self, queries[i], error);

      ok = n >= 0;
      *fields[i] = MAX (n, 0);
    }
  g_rec_mutex_unlock (&self->mutex);
  return ok;
}

/* ---- Hash chain -------------------------------------------------------- */

static void
hash_field (GChecksum  *checksum,
            const char *text,
            gssize      length)
{
  char prefix[32];

  if (text == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "-;", 2);
      return;
    }
  if (length < 0)
    length = strlen (text);
  g_snprintf (prefix, sizeof prefix, "%" G_GSSIZE_FORMAT ":", length);
  g_checksum_update (checksum, (const guchar *) prefix, -1);
  g_checksum_update (checksum, (const guchar *) text, length);
}

static void
hash_int (GChecksum *checksum,
          gint64     value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  hash_field (checksum, text, -1);
}

/* The row as hashed: every stored column except the hash itself, each
 * length-prefixed, after the event uuid (rows cannot be moved between
 * events) and the previous row's hash. */
typedef struct
{
  const char   *uuid;
  const char   *participant_id;
  const char   *item;
  gboolean      has_value;
  double        value;
  const char   *unit;
  int           special;
  const char   *reason;
  int           source;
  const char   *instrument_id;
  const void   *raw_frame;
  gsize         raw_frame_size;
  const char   *station;
  const char   *operator_name;
  gint64        measured_at;
  gint64        recorded_at;
  const char   *voids;
  gint64        seq;
  const char   *prev_hash;
} RowFields;

static char *
row_hash (const char      *event_uuid,
          const RowFields *row)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char value[G_ASCII_DTOSTR_BUF_SIZE];

  hash_field (checksum, "dabiao-measurement-1", -1);
  hash_field (checksum, event_uuid, -1);
  hash_field (checksum, row->prev_hash, -1);
  hash_int (checksum, row->seq);
  hash_field (checksum, row->uuid, -1);
  hash_field (checksum, row->participant_id, -1);
  hash_field (checksum, row->item, -1);
  hash_field (checksum, row->has_value ? g_ascii_formatd (value, sizeof value, "%.17g", row->value) : NULL, -1);
  hash_field (checksum, row->unit, -1);
  hash_int (checksum, row->special);
  hash_field (checksum, row->reason, -1);
  hash_int (checksum, row->source);
  hash_field (checksum, row->instrument_id, -1);
  hash_field (checksum, row->raw_frame != NULL ? row->raw_frame : "", row->raw_frame_size);
  hash_field (checksum, row->station, -1);
  hash_field (checksum, row->operator_name, -1);
  hash_int (checksum, row->measured_at);
  hash_int (checksum, row->recorded_at);
  hash_field (checksum, row->voids, -1);

  return g_strdup (g_checksum_get_string (checksum));
}

/* The SELECT list row_fields_from_stmt() reads. */
#define ROW_COLUMNS \
  "m.uuid, m.participant_id, m.item, m.value, m.unit, m.special, m.reason, m.source," \
  " m.instrument_id, m.raw_frame, m.station, m.operator, m.measured_at, m.recorded_at," \
  " m.voids, m.seq, m.prev_hash, m.hash"
#define ROW_N_COLUMNS 18

static void
row_fields_from_stmt (sqlite3_stmt *stmt,
                      RowFields    *row)
{
  row->uuid = column_str (stmt, 0);
  row->participant_id = column_str (stmt, 1);
  row->item = column_str (stmt, 2);
  row->has_value = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
  row->value = sqlite3_column_double (stmt, 3);
  row->unit = column_str (stmt, 4);
  row->special = sqlite3_column_int (stmt, 5);
  row->reason = column_str (stmt, 6);
  row->source = sqlite3_column_int (stmt, 7);
  row->instrument_id = column_str (stmt, 8);
  row->raw_frame = sqlite3_column_blob (stmt, 9);
  row->raw_frame_size = sqlite3_column_bytes (stmt, 9);
  row->station = column_str (stmt, 10);
  row->operator_name = column_str (stmt, 11);
  row->measured_at = sqlite3_column_int64 (stmt, 12);
  row->recorded_at = sqlite3_column_int64 (stmt, 13);
  row->voids = (const char *) sqlite3_column_text (stmt, 14);
  row->seq = sqlite3_column_int64 (stmt, 15);
  row->prev_hash = column_str (stmt, 16);
}

/* ---- Measurements ------------------------------------------------------ */

/* The measurement SELECT: the row columns, then voided_by and attempt. */
#define MEASUREMENT_SELECT \
  "SELECT " ROW_COLUMNS "," \
  " (SELECT v.uuid FROM measurements v WHERE v.voids = m.uuid ORDER BY v.recorded_at, v.uuid LIMIT 1)," \
  " CASE WHEN m.special = 6 THEN 0 ELSE row_number () OVER" \
  "   (PARTITION BY m.participant_id, m.item, m.special = 6 ORDER BY m.measured_at, m.uuid) END" \
  " FROM measurements m"

static DabiaoMeasurement *
measurement_from_stmt (sqlite3_stmt *stmt)
{
  DabiaoMeasurement *m = g_object_new (DABIAO_TYPE_MEASUREMENT, NULL);
  RowFields row;

  row_fields_from_stmt (stmt, &row);
  m->uuid = g_strdup (row.uuid);
  m->participant_id = g_strdup (row.participant_id);
  m->item = g_strdup (row.item);
  m->has_value = row.has_value;
  m->value = row.value;
  m->unit = g_strdup (row.unit);
  m->special = row.special;
  m->reason = g_strdup (row.reason);
  m->source = row.source;
  m->instrument_id = g_strdup (row.instrument_id);
  if (row.raw_frame_size > 0)
    m->raw_frame = g_bytes_new (row.raw_frame, row.raw_frame_size);
  m->station = g_strdup (row.station);
  m->operator_name = g_strdup (row.operator_name);
  m->measured_at = row.measured_at;
  m->recorded_at = row.recorded_at;
  m->voids = g_strdup (row.voids);
  m->voided_by = g_strdup ((const char *) sqlite3_column_text (stmt, ROW_N_COLUMNS));
  m->attempt = sqlite3_column_int (stmt, ROW_N_COLUMNS + 1);

  return m;
}

static DabiaoMeasurement *
get_measurement_locked (DabiaoEvent  *self,
                        const char   *uuid,
                        GError      **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(DabiaoMeasurement) found = NULL;
  int rc;

  /* The attempt number needs the other rows of the same participant and
   * item, so select those and pick the row. */
  stmt = prepare_cached (self,
                                MEASUREMENT_SELECT
                                " WHERE (m.participant_id, m.item) IN"
                                "   (SELECT participant_id, item FROM measurements WHERE uuid = ?1)",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_str_equal (column_str (stmt, 0), uuid))
        found = measurement_from_stmt (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return NULL;
    }
  if (found == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("“%s” has no measurement %s"), self->basename, uuid);
      return NULL;
    }
  return g_steal_pointer (&found);
}

DabiaoMeasurement *
dabiao_event_get_measurement (DabiaoEvent  *self,
                              const char   *uuid,
                              GError      **error)
{
  DabiaoMeasurement *m = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);
  if (ensure_open (self, error))
    m = get_measurement_locked (self, uuid, error);
  g_rec_mutex_unlock (&self->mutex);
  return m;
}

static gboolean
participant_exists (DabiaoEvent  *self,
                    const char   *id,
                    gboolean     *exists,
                    GError      **error)
{
  g_autoptr(CachedStmt) stmt = prepare_cached (self, "SELECT 1 FROM participants WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* Appends one row to @station's chain.  The caller holds a write
 * transaction.  Returns the new uuid. */
static char *
insert_row (DabiaoEvent  *self,
            RowFields    *row,
            GError      **error)
{
  g_autoptr(CachedStmt) head = NULL;
  g_autoptr(CachedStmt) insert = NULL;
  g_autoptr(CachedStmt) set_head = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  gint64 seq = 0;
  int rc;

  /* The local head of the station's chain; failing that (rows merged from a
   * station of the same name), the last row of that station. */
  head = prepare_cached (self,
                                "SELECT seq, hash FROM chain_heads WHERE station = ?1"
                                " UNION ALL SELECT seq, hash FROM"
                                "  (SELECT seq, hash FROM measurements WHERE station = ?1 ORDER BY seq DESC LIMIT 1)"
                                " LIMIT 1", error);
  if (head == NULL)
    return NULL;
  sqlite3_bind_text (head, 1, row->station, -1, SQLITE_STATIC);
  rc = sqlite3_step (head);
  if (rc == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (head, 0);
      prev_hash = g_strdup (column_str (head, 1));
    }
  else if (rc == SQLITE_DONE)
    prev_hash = g_strdup (GENESIS_HASH);
  else
    {
      _dabiao_event_set_db_error (self, error);
      return NULL;
    }

  row->uuid = uuid;
  row->seq = seq + 1;
  row->prev_hash = prev_hash;
  row->recorded_at = g_get_real_time ();
  if (row->measured_at == 0)
    row->measured_at = row->recorded_at;
  hash = row_hash (self->uuid, row);

  insert = prepare_cached (self,
                                  "INSERT INTO measurements (uuid, participant_id, item, value, unit, special,"
                                  " reason, source, instrument_id, raw_frame, station, operator, measured_at,"
                                  " recorded_at, voids, seq, prev_hash, hash)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return NULL;
  sqlite3_bind_text (insert, 1, row->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, row->participant_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, row->item, -1, SQLITE_STATIC);
  if (row->has_value)
    sqlite3_bind_double (insert, 4, row->value);
  sqlite3_bind_text (insert, 5, row->unit, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 6, row->special);
  sqlite3_bind_text (insert, 7, row->reason, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 8, row->source);
  sqlite3_bind_text (insert, 9, row->instrument_id, -1, SQLITE_STATIC);
  if (row->raw_frame_size > 0)
    sqlite3_bind_blob (insert, 10, row->raw_frame, row->raw_frame_size, SQLITE_STATIC);
  sqlite3_bind_text (insert, 11, row->station, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 12, row->operator_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 13, row->measured_at);
  sqlite3_bind_int64 (insert, 14, row->recorded_at);
  if (row->voids != NULL)
    sqlite3_bind_text (insert, 15, row->voids, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 16, row->seq);
  sqlite3_bind_text (insert, 17, row->prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 18, hash, -1, SQLITE_STATIC);
  if (!step_done (self, insert, error))
    return NULL;

  set_head = prepare_cached (self,
                                    "INSERT OR REPLACE INTO chain_heads (station, seq, hash) VALUES (?, ?, ?)",
                                    error);
  if (set_head == NULL)
    return NULL;
  sqlite3_bind_text (set_head, 1, row->station, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (set_head, 2, row->seq);
  sqlite3_bind_text (set_head, 3, hash, -1, SQLITE_STATIC);
  if (!step_done (self, set_head, error))
    return NULL;

  row->uuid = NULL;
  row->prev_hash = NULL;
  return g_steal_pointer (&uuid);
}

/* Validates @request and appends it; the caller holds a write transaction. */
static char *
record_locked (DabiaoEvent                *self,
               const DabiaoRecordRequest  *request,
               GError                    **error)
{
  g_autoptr(DabiaoMeasurement) target = NULL;
  const DabiaoEventItem *item;
  const char *participant_id = request->participant_id;
  const char *reason = request->reason != NULL ? request->reason : "";
  RowFields row = { 0 };
  gboolean exists = FALSE;

  if (request->replaces != NULL)
    {
      target = get_measurement_locked (self, request->replaces, error);
      if (target == NULL)
        return NULL;
      if (target->voided_by != NULL)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Measurement %s is already voided (by %s)"), target->uuid, target->voided_by);
          return NULL;
        }
      if (target->special == DABIAO_SPECIAL_VOID)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Row %s only voids another row; it cannot itself be voided"), target->uuid);
          return NULL;
        }
      if (participant_id == NULL)
        participant_id = target->participant_id;
      if (*reason == '\0')
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("A correction or void of %s needs a reason"), target->uuid);
          return NULL;
        }
    }

  if (participant_id == NULL || *participant_id == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, _("No participant given"));
      return NULL;
    }
  item = dabiao_event_find_item (self, request->item != NULL ? request->item
                                       : target != NULL ? target->item : NULL);
  if (item == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < self->items->len; i++)
        {
          const DabiaoEventItem *it = g_ptr_array_index (self->items, i);
          g_string_append_printf (known, "%s%s (%s)", i > 0 ? ", " : "", it->code, it->name);
        }
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("The event has no item “%s” (items: %s)"),
                   request->item != NULL ? request->item : "", known->str);
      return NULL;
    }
  if (target != NULL && (!g_str_equal (target->item, item->code)
                         || !g_str_equal (target->participant_id, participant_id)))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Measurement %s is of participant %s, item %s; a correction must be of the same"),
                   target->uuid, target->participant_id, target->item);
      return NULL;
    }
  if (!participant_exists (self, participant_id, &exists, error))
    return NULL;
  if (!exists)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Participant “%s” is not on the roster of “%s”"), participant_id, self->basename);
      return NULL;
    }

  if (request->special == DABIAO_SPECIAL_VOID)
    {
      if (target == NULL || request->has_value)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("A void row names the row it voids and carries no value"));
          return NULL;
        }
    }
  else if (!request->has_value && request->special == DABIAO_SPECIAL_NONE)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s, %s: give a value or a special result"), participant_id, item->name);
      return NULL;
    }
  if (request->has_value && !isfinite (request->value))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s, %s: the value is not a number"), participant_id, item->name);
      return NULL;
    }
  if (request->special == DABIAO_SPECIAL_EXEMPT && *reason == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s, %s: 免测 needs a reason (e.g. 伤病, 残疾)"), participant_id, item->name);
      return NULL;
    }
  if ((guint) request->special > DABIAO_SPECIAL_VOID || (guint) request->source > DABIAO_SOURCE_IMPORT)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s, %s: unknown special result or source"), participant_id, item->name);
      return NULL;
    }

  if (request->special != DABIAO_SPECIAL_VOID)
    {
      g_autoptr(CachedStmt) count = NULL;
      guint used;

      /* Rows that count as attempts: not void rows, not voided, and not the
       * row this one replaces. */
      count = prepare_cached (self,
                                     "SELECT count(*) FROM measurements m"
                                     " WHERE m.participant_id = ?1 AND m.item = ?2 AND m.special != 6"
                                     " AND NOT EXISTS (SELECT 1 FROM measurements v WHERE v.voids = m.uuid)"
                                     " AND m.uuid IS NOT ?3", error);
      if (count == NULL)
        return NULL;
      sqlite3_bind_text (count, 1, participant_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (count, 2, item->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (count, 3, request->replaces, -1, SQLITE_STATIC);
      if (sqlite3_step (count) != SQLITE_ROW)
        {
          _dabiao_event_set_db_error (self, error);
          return NULL;
        }
      used = sqlite3_column_int (count, 0);
      if (used >= item->attempts)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("%s already has %u attempt(s) at %s, as many as the event allows; void one first or allow more attempts"),
                       participant_id, used, item->name);
          return NULL;
        }
    }

  row.participant_id = participant_id;
  row.item = item->code;
  row.has_value = request->has_value;
  row.value = request->value;
  row.unit = item->unit;
  row.special = request->special;
  row.reason = reason;
  row.source = request->source;
  row.instrument_id = request->instrument_id != NULL ? request->instrument_id : "";
  if (request->raw_frame != NULL)
    row.raw_frame = g_bytes_get_data (request->raw_frame, &row.raw_frame_size);
  row.station = request->station != NULL && *request->station != '\0' ? request->station : self->station;
  row.operator_name = request->operator_name != NULL && *request->operator_name != '\0'
                      ? request->operator_name : self->operator_name;
  row.measured_at = request->measured_at;
  row.voids = request->replaces;

  return insert_row (self, &row, error);
}

DabiaoMeasurement *
dabiao_event_record (DabiaoEvent                *self,
                     const DabiaoRecordRequest  *request,
                     GError                    **error)
{
  g_autofree char *uuid = NULL;
  DabiaoMeasurement *m = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);
  if (ensure_writable (self, error) && _dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
    {
      uuid = record_locked (self, request, error);
      if (uuid == NULL || !_dabiao_event_exec (self, "COMMIT", error))
        {
          rollback (self);
          g_clear_pointer (&uuid, g_free);
        }
    }
  if (uuid != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      /* The row is committed; failing to read it back is not a failure to
       * save it. */
      m = get_measurement_locked (self, uuid, &local_error);
      if (m == NULL)
        {
          m = g_object_new (DABIAO_TYPE_MEASUREMENT, NULL);
          m->uuid = g_steal_pointer (&uuid);
        }
    }
  g_rec_mutex_unlock (&self->mutex);
  return m;
}

gboolean
dabiao_event_record_many (DabiaoEvent                *self,
                          const DabiaoRecordRequest  *requests,
                          guint                       n_requests,
                          GError                    **error)
{
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (requests != NULL || n_requests == 0, FALSE);

  g_rec_mutex_lock (&self->mutex);
  ok = ensure_writable (self, error) && _dabiao_event_exec (self, "BEGIN IMMEDIATE", error);
  for (guint i = 0; ok && i < n_requests; i++)
    {
      g_autofree char *uuid = record_locked (self, &requests[i], error);

      ok = uuid != NULL;
    }
  ok = ok && _dabiao_event_exec (self, "COMMIT", error);
  if (!ok)
    rollback (self);
  g_rec_mutex_unlock (&self->mutex);
  return ok;
}

DabiaoMeasurement *
dabiao_event_void (DabiaoEvent  *self,
                   const char   *uuid,
                   const char   *reason,
                   GError      **error)
{
  DabiaoRecordRequest request = { 0 };

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  request.special = DABIAO_SPECIAL_VOID;
  request.reason = reason;
  request.replaces = uuid;
  request.source = DABIAO_SOURCE_MANUAL;
  return dabiao_event_record (self, &request, error);
}

GPtrArray *
dabiao_event_list_measurements (DabiaoEvent  *self,
                                const char   *participant_id,
                                GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  if (!ensure_open (self, error))
    goto out;
  stmt = _dabiao_event_prepare (self,
                                participant_id != NULL
                                ? MEASUREMENT_SELECT " WHERE m.participant_id = ?1"
                                  " ORDER BY m.participant_id, m.item, m.measured_at, m.uuid"
                                : MEASUREMENT_SELECT
                                  " ORDER BY m.participant_id, m.item, m.measured_at, m.uuid",
                                error);
  if (stmt == NULL)
    goto out;
  if (participant_id != NULL)
    sqlite3_bind_text (stmt, 1, participant_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, measurement_from_stmt (stmt));
  if (rc != SQLITE_DONE)
    _dabiao_event_set_db_error (self, error);
  else
    ok = TRUE;

out:
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&rows) : NULL;
}

/* ---- Results ----------------------------------------------------------- */

void
dabiao_item_result_free (DabiaoItemResult *result)
{
  if (result == NULL)
    return;
  g_free (result->item);
  g_free (result->reason);
  g_free (result);
}

static GPtrArray *
new_results (DabiaoEvent *self)
{
  GPtrArray *results = g_ptr_array_new_full (self->items->len, (GDestroyNotify) dabiao_item_result_free);

  for (guint i = 0; i < self->items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (self->items, i);
      DabiaoItemResult *result = g_new0 (DabiaoItemResult, 1);

      result->item = g_strdup (item->code);
      result->reason = g_strdup ("");
      g_ptr_array_add (results, result);
    }
  return results;
}

/* Folds one counting row (not a void row, not voided; rows come in order of
 * measurement time) into the item's result. */
static void
fold_result (DabiaoEvent      *self,
             GPtrArray        *results,
             const char       *item_code,
             gboolean          has_value,
             double           value,
             DabiaoSpecial    special,
             const char       *reason)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (self->items, i);
      DabiaoItemResult *result = g_ptr_array_index (results, i);
      gboolean better;

      if (!g_str_equal (item->code, item_code))
        continue;

      result->n_attempts++;
      if (has_value && special == DABIAO_SPECIAL_NONE)
        {
          if (!result->has_value)
            better = TRUE;
          else if (item->better == DABIAO_BETTER_HIGHER)
            better = value > result->value;
          else if (item->better == DABIAO_BETTER_LOWER)
            better = value < result->value;
          else
            better = TRUE;   /* the latest */
          if (better)
            {
              result->has_value = TRUE;
              result->value = value;
              result->special = DABIAO_SPECIAL_NONE;
              g_free (result->reason);
              result->reason = g_strdup ("");
            }
        }
      else if (!result->has_value)
        {
          result->special = special;
          g_free (result->reason);
          result->reason = g_strdup (reason);
        }
      return;
    }
}

#define COUNTING_ROWS \
  "SELECT m.participant_id, m.item, m.value, m.special, m.reason FROM measurements m" \
  " WHERE m.special != 6 AND NOT EXISTS (SELECT 1 FROM measurements v WHERE v.voids = m.uuid)"

gboolean
dabiao_event_foreach_result (DabiaoEvent       *self,
                             DabiaoResultFunc   func,
                             gpointer           user_data,
                             GError           **error)
{
  g_autoptr(sqlite3_stmt) people = NULL;
  g_autoptr(sqlite3_stmt) rows = NULL;
  gboolean ok = FALSE;
  int people_rc, rows_rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_rec_mutex_lock (&self->mutex);
  if (!ensure_open (self, error))
    goto out;

  /* A merge join of the roster and the counting rows, both ordered by
   * participant id (BINARY collation on both sides). */
  people = _dabiao_event_prepare (self, "SELECT " DABIAO_PARTICIPANT_COLUMNS " FROM participants ORDER BY id", error);
  rows = _dabiao_event_prepare (self, COUNTING_ROWS " ORDER BY m.participant_id, m.measured_at, m.uuid", error);
  if (people == NULL || rows == NULL)
    goto out;
  if (!_dabiao_event_exec (self, "BEGIN", error))
    goto out;

  rows_rc = sqlite3_step (rows);
  while ((people_rc = sqlite3_step (people)) == SQLITE_ROW)
    {
      g_autoptr(DabiaoParticipant) participant = _dabiao_participant_new_from_stmt (people, 0);
      g_autoptr(GPtrArray) results = new_results (self);

      while (rows_rc == SQLITE_ROW)
        {
          int cmp = strcmp (column_str (rows, 0), participant->id);

          if (cmp > 0)
            break;
          if (cmp == 0)
            fold_result (self, results, column_str (rows, 1),
                         sqlite3_column_type (rows, 2) != SQLITE_NULL,
                         sqlite3_column_double (rows, 2),
                         sqlite3_column_int (rows, 3), column_str (rows, 4));
          rows_rc = sqlite3_step (rows);
        }
      if (rows_rc != SQLITE_ROW && rows_rc != SQLITE_DONE)
        break;

      if (!func (participant, results, user_data, error))
        {
          rollback (self);
          goto out;
        }
    }
  if (people_rc != SQLITE_DONE || (rows_rc != SQLITE_ROW && rows_rc != SQLITE_DONE))
    {
      _dabiao_event_set_db_error (self, error);
      rollback (self);
      goto out;
    }
  rollback (self);
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->mutex);
  return ok;
}

GPtrArray *
dabiao_event_get_results (DabiaoEvent  *self,
                          const char   *participant_id,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(GPtrArray) results = NULL;
  gboolean exists = FALSE;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (participant_id != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);
  if (!ensure_open (self, error) || !participant_exists (self, participant_id, &exists, error))
    goto out;
  if (!exists)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Participant “%s” is not on the roster of “%s”"), participant_id, self->basename);
      goto out;
    }
  rows = _dabiao_event_prepare (self, COUNTING_ROWS " AND m.participant_id = ?1 ORDER BY m.measured_at, m.uuid", error);
  if (rows == NULL)
    goto out;
  sqlite3_bind_text (rows, 1, participant_id, -1, SQLITE_STATIC);
  results = new_results (self);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    fold_result (self, results, column_str (rows, 1),
                 sqlite3_column_type (rows, 2) != SQLITE_NULL, sqlite3_column_double (rows, 2),
                 sqlite3_column_int (rows, 3), column_str (rows, 4));
  if (rc != SQLITE_DONE)
    _dabiao_event_set_db_error (self, error);
  else
    ok = TRUE;

out:
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&results) : NULL;
}

/* ---- Participants ------------------------------------------------------ */

static char *
like_pattern (const char *search)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* Builds "FROM participants p WHERE …" for @query, binding ?1…?5. */
static const char *
query_where (const DabiaoParticipantQuery *query,
             GString                      *sql)
{
  g_string_append (sql, " FROM participants p WHERE 1");
  if (query == NULL)
    return sql->str;
  if (query->search != NULL && *query->search != '\0')
    g_string_append (sql, " AND (p.id LIKE ?1 ESCAPE '\\' OR p.name LIKE ?1 ESCAPE '\\'"
                          " OR p.class_name LIKE ?1 ESCAPE '\\' OR p.id_card LIKE ?1 ESCAPE '\\'"
                          " OR p.organization LIKE ?1 ESCAPE '\\')");
  if (query->grade != 0)
    g_string_append (sql, " AND p.grade = ?2");
  if (query->class_code != NULL && *query->class_code != '\0')
    g_string_append (sql, " AND p.class_code = ?3");
  if (query->sex != 0)
    g_string_append (sql, " AND p.sex = ?4");
  if (query->missing_item != NULL && *query->missing_item != '\0')
    g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM measurements m"
                          "  WHERE m.participant_id = p.id AND m.item = ?5 AND m.special = 0"
                          "  AND m.value IS NOT NULL"
                          "  AND NOT EXISTS (SELECT 1 FROM measurements v WHERE v.voids = m.uuid))");
  return sql->str;
}

static void
query_bind (DabiaoEvent                  *self,
            const DabiaoParticipantQuery *query,
            sqlite3_stmt                 *stmt)
{
  if (query == NULL)
    return;
  if (query->search != NULL && *query->search != '\0')
    sqlite3_bind_text (stmt, 1, like_pattern (query->search), -1, g_free);
  if (query->grade != 0)
    sqlite3_bind_int (stmt, 2, query->grade);
  if (query->class_code != NULL && *query->class_code != '\0')
    sqlite3_bind_text (stmt, 3, query->class_code, -1, SQLITE_TRANSIENT);
  if (query->sex != 0)
    sqlite3_bind_int (stmt, 4, query->sex);
  if (query->missing_item != NULL && *query->missing_item != '\0')
    {
      const DabiaoEventItem *item = dabiao_event_find_item (self, query->missing_item);

      sqlite3_bind_text (stmt, 5, item != NULL ? item->code : query->missing_item, -1, SQLITE_TRANSIENT);
    }
}

GPtrArray *
dabiao_event_list_participants (DabiaoEvent                  *self,
                                const DabiaoParticipantQuery *query,
                                guint                         offset,
                                guint                         limit,
                                GError                      **error)
{
  static const char * const orders[] = {
    [DABIAO_PARTICIPANT_SORT_ID] = "p.id",
    [DABIAO_PARTICIPANT_SORT_NAME] = "p.name",
    [DABIAO_PARTICIPANT_SORT_CLASS] = "p.class_code",
    [DABIAO_PARTICIPANT_SORT_BIRTH_DATE] = "p.birth_date",
  };
  g_autoptr(GString) sql = g_string_new ("SELECT p.id, p.name, p.sex, p.birth_date, p.id_card, p.grade,"
                                         " p.class_code, p.class_name, p.ethnicity, p.address,"
                                         " p.organization, p.phone");
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  DabiaoParticipantSort sort = query != NULL ? query->sort : DABIAO_PARTICIPANT_SORT_ID;
  const char *direction = query != NULL && query->descending ? "DESC" : "ASC";
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  if ((guint) sort >= G_N_ELEMENTS (orders))
    sort = DABIAO_PARTICIPANT_SORT_ID;
  query_where (query, sql);
  g_string_append (sql, " ORDER BY ");
  g_string_append_printf (sql, "%s %s", orders[sort], direction);
  if (sort != DABIAO_PARTICIPANT_SORT_ID)
    g_string_append (sql, ", p.id");
  g_string_append_printf (sql, " LIMIT %d OFFSET %u", limit == 0 ? -1 : (int) limit, offset);

  g_rec_mutex_lock (&self->mutex);
  if (!ensure_open (self, error))
    goto out;
  stmt = _dabiao_event_prepare (self, sql->str, error);
  if (stmt == NULL)
    goto out;
  query_bind (self, query, stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (people, _dabiao_participant_new_from_stmt (stmt, 0));
  if (rc != SQLITE_DONE)
    _dabiao_event_set_db_error (self, error);
  else
    ok = TRUE;

out:
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&people) : NULL;
}

gint64
dabiao_event_count_participants (DabiaoEvent                  *self,
                                 const DabiaoParticipantQuery *query,
                                 GError                      **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*)");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n = -1;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), -1);

  query_where (query, sql);
  g_rec_mutex_lock (&self->mutex);
  if (ensure_open (self, error) && (stmt = _dabiao_event_prepare (self, sql->str, error)) != NULL)
    {
      query_bind (self, query, stmt);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      else
        _dabiao_event_set_db_error (self, error);
    }
  g_rec_mutex_unlock (&self->mutex);
  return n;
}

DabiaoParticipant *
dabiao_event_get_participant (DabiaoEvent  *self,
                              const char   *id,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  DabiaoParticipant *participant = NULL;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  g_rec_mutex_lock (&self->mutex);
  if (ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self, "SELECT " DABIAO_PARTICIPANT_COLUMNS " FROM participants WHERE id = ?",
                                        error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        participant = _dabiao_participant_new_from_stmt (stmt, 0);
      else if (rc == SQLITE_DONE)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                     _("Participant “%s” is not on the roster of “%s”"), id, self->basename);
      else
        _dabiao_event_set_db_error (self, error);
    }
  g_rec_mutex_unlock (&self->mutex);
  return participant;
}

void
dabiao_participant_page_free (DabiaoParticipantPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->participants, g_ptr_array_unref);
  g_free (page);
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
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  g_rec_mutex_lock (&self->mutex);
  if (!ensure_open (self, error))
    goto out;

  check = _dabiao_event_prepare (self, "PRAGMA integrity_check", error);
  if (check == NULL)
    goto out;
  while ((rc = sqlite3_step (check)) == SQLITE_ROW)
    if (!g_str_equal (column_str (check, 0), "ok"))
      g_ptr_array_add (problems, g_strdup_printf (_("Database integrity: %s"), column_str (check, 0)));
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
      rollback (self);
      goto out;
    }
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      RowFields row;
      g_autofree char *hash = NULL;

      row_fields_from_stmt (rows, &row);
      hash = row_hash (self->uuid, &row);
      if (!g_str_equal (hash, column_str (rows, 17)))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("Station “%s”, row %u (measurement %s, participant %s, %s) was changed outside Dabiao: its contents do not match its hash"),
                                          row.station, (guint) row.seq, row.uuid, row.participant_id, row.item));
    }
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_add (problems, g_strdup_printf (_("Database integrity: %s"), sqlite3_errmsg (self->db)));
      rollback (self);
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
      rollback (self);
      goto out;
    }
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Station “%s”, row %u (measurement %s): the row before it was removed or changed outside Dabiao"),
                                      column_str (links, 0), (guint) sqlite3_column_int64 (links, 1),
                                      column_str (links, 2)));

  /* The last row this file recorded for each station must still be there. */
  heads = _dabiao_event_prepare (self,
                                 "SELECT h.station, h.seq FROM chain_heads h WHERE NOT EXISTS"
                                 " (SELECT 1 FROM measurements m WHERE m.station = h.station AND m.seq = h.seq"
                                 "  AND m.hash = h.hash) ORDER BY h.station", error);
  if (heads == NULL)
    {
      rollback (self);
      goto out;
    }
  while ((rc = sqlite3_step (heads)) == SQLITE_ROW)
    g_ptr_array_add (problems,
                     g_strdup_printf (_("Station “%s”, row %u: the station's last row was removed or changed outside Dabiao"),
                                      column_str (heads, 0), (guint) sqlite3_column_int64 (heads, 1)));
  rollback (self);

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

GPtrArray *
dabiao_event_list_audit (DabiaoEvent  *self,
                         guint         offset,
                         guint         limit,
                         GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_audit_entry_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  if (ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self,
                                        "SELECT uuid, time, station, operator, action, detail FROM audit"
                                        " ORDER BY time DESC, uuid LIMIT ? OFFSET ?", error)) != NULL)
    {
      sqlite3_bind_int (stmt, 1, limit == 0 ? -1 : (int) limit);
      sqlite3_bind_int (stmt, 2, offset);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          DabiaoAuditEntry *entry = g_new0 (DabiaoAuditEntry, 1);

          entry->uuid = g_strdup (column_str (stmt, 0));
          entry->time = sqlite3_column_int64 (stmt, 1);
          entry->station = g_strdup (column_str (stmt, 2));
          entry->operator_name = g_strdup (column_str (stmt, 3));
          entry->action = g_strdup (column_str (stmt, 4));
          entry->detail = g_strdup (column_str (stmt, 5));
          g_ptr_array_add (entries, entry);
        }
      if (rc != SQLITE_DONE)
        _dabiao_event_set_db_error (self, error);
      else
        ok = TRUE;
    }
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&entries) : NULL;
}

void
dabiao_certificate_free (DabiaoCertificate *certificate)
{
  if (certificate == NULL)
    return;
  g_free (certificate->uuid);
  g_free (certificate->number);
  g_free (certificate->participant_id);
  g_free (certificate->grade);
  g_free (certificate->issued_by);
  g_free (certificate);
}

DabiaoCertificate *
dabiao_event_add_certificate (DabiaoEvent  *self,
                              const char   *number,
                              const char   *participant_id,
                              const char   *grade,
                              double        total,
                              const char   *issued_by,
                              GError      **error)
{
  g_autoptr(DabiaoCertificate) certificate = g_new0 (DabiaoCertificate, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  gboolean exists = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (number != NULL && participant_id != NULL, NULL);

  certificate->uuid = g_uuid_string_random ();
  certificate->number = g_strdup (number);
  certificate->participant_id = g_strdup (participant_id);
  certificate->grade = g_strdup (grade != NULL ? grade : "");
  certificate->total = total;
  certificate->issued_by = g_strdup (issued_by != NULL ? issued_by : "");
  certificate->issued_at = g_get_real_time ();
  detail = g_strdup_printf ("%s → %s", number, participant_id);

  g_rec_mutex_lock (&self->mutex);
  if (!ensure_writable (self, error) || !participant_exists (self, participant_id, &exists, error))
    goto out;
  if (!exists)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Participant “%s” is not on the roster of “%s”"), participant_id, self->basename);
      goto out;
    }
  if (!_dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
    goto out;
  stmt = _dabiao_event_prepare (self,
                                "INSERT INTO certificates (uuid, number, participant_id, grade, total, issued_by, issued_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, certificate->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, certificate->number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, certificate->participant_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, certificate->grade, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 5, total);
      sqlite3_bind_text (stmt, 6, certificate->issued_by, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, certificate->issued_at);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          if ((sqlite3_extended_errcode (self->db)) == SQLITE_CONSTRAINT_UNIQUE)
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                         _("Certificate number %s has already been issued"), number);
          else
            _dabiao_event_set_db_error (self, error);
        }
      else
        ok = _dabiao_event_audit (self, "certificate", detail, error)
             && _dabiao_event_exec (self, "COMMIT", error);
    }
  if (!ok)
    rollback (self);

out:
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&certificate) : NULL;
}

GPtrArray *
dabiao_event_list_certificates (DabiaoEvent  *self,
                                GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_certificate_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  if (ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self,
                                        "SELECT uuid, number, participant_id, grade, total, issued_by, issued_at,"
                                        " reprints FROM certificates ORDER BY number", error)) != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          DabiaoCertificate *c = g_new0 (DabiaoCertificate, 1);

          c->uuid = g_strdup (column_str (stmt, 0));
          c->number = g_strdup (column_str (stmt, 1));
          c->participant_id = g_strdup (column_str (stmt, 2));
          c->grade = g_strdup (column_str (stmt, 3));
          c->total = sqlite3_column_double (stmt, 4);
          c->issued_by = g_strdup (column_str (stmt, 5));
          c->issued_at = sqlite3_column_int64 (stmt, 6);
          c->reprints = sqlite3_column_int (stmt, 7);
          g_ptr_array_add (list, c);
        }
      if (rc != SQLITE_DONE)
        _dabiao_event_set_db_error (self, error);
      else
        ok = TRUE;
    }
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&list) : NULL;
}

gboolean
dabiao_event_record_reprint (DabiaoEvent  *self,
                             const char   *number,
                             guint        *reprints,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) query = NULL;
  g_autofree char *detail = NULL;
  gboolean ok = FALSE;
  guint count = 0;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  g_rec_mutex_lock (&self->mutex);
  if (!ensure_writable (self, error) || !_dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
    goto out;
  update = _dabiao_event_prepare (self, "UPDATE certificates SET reprints = reprints + 1 WHERE number = ?", error);
  query = _dabiao_event_prepare (self, "SELECT reprints FROM certificates WHERE number = ?", error);
  if (update != NULL && query != NULL)
    {
      sqlite3_bind_text (update, 1, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (query, 1, number, -1, SQLITE_STATIC);
      if (!step_done (self, update, error))
        ;
      else if (sqlite3_changes (self->db) == 0)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                     _("Certificate number %s has not been issued in “%s”"), number, self->basename);
      else if (sqlite3_step (query) != SQLITE_ROW)
        _dabiao_event_set_db_error (self, error);
      else
        {
          count = sqlite3_column_int (query, 0);
          detail = g_strdup_printf ("%s #%u", number, count);
          ok = _dabiao_event_audit (self, "reprint", detail, error)
               && _dabiao_event_exec (self, "COMMIT", error);
        }
    }
  if (!ok)
    rollback (self);

out:
  g_rec_mutex_unlock (&self->mutex);
  if (ok && reprints != NULL)
    *reprints = count;
  return ok;
}

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

  g_rec_mutex_lock (&self->mutex);
  if (ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self, "SELECT value FROM settings WHERE key = ?", error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        value = g_strdup (column_str (stmt, 0));
      else if (rc != SQLITE_DONE)
        _dabiao_event_set_db_error (self, error);
    }
  g_rec_mutex_unlock (&self->mutex);
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

  g_rec_mutex_lock (&self->mutex);
  if (!ensure_writable (self, error) || !_dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
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
      ok = step_done (self, stmt, error)
           && _dabiao_event_audit (self, "setting", detail, error)
           && _dabiao_event_exec (self, "COMMIT", error);
    }
  if (!ok)
    rollback (self);

out:
  g_rec_mutex_unlock (&self->mutex);
  return ok;
}

/* ---- Worker thread ----------------------------------------------------- */

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} WorkerJob;

static void
worker_run (gpointer data,
            gpointer user_data)
{
  WorkerJob *job = data;

  job->func (job->task, g_task_get_source_object (job->task),
             g_task_get_task_data (job->task), g_task_get_cancellable (job->task));
  g_object_unref (job->task);
  g_free (job);
}

void
_dabiao_event_run_in_worker (DabiaoEvent     *self,
                             GTask           *task,
                             GTaskThreadFunc  func)
{
  WorkerJob *job = g_new0 (WorkerJob, 1);

  g_rec_mutex_lock (&self->mutex);
  if (self->worker == NULL)
    self->worker = g_thread_pool_new (worker_run, NULL, 1, FALSE, NULL);
  g_rec_mutex_unlock (&self->mutex);

  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (self->worker, job, NULL);
}

/* ---- Adding participants ----------------------------------------------- */

gboolean
_dabiao_event_begin (DabiaoEvent  *self,
                     GError      **error)
{
  return ensure_writable (self, error) && _dabiao_event_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_dabiao_event_commit (DabiaoEvent  *self,
                      GError      **error)
{
  if (!_dabiao_event_exec (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
_dabiao_event_rollback (DabiaoEvent *self)
{
  rollback (self);
}

const char *
_dabiao_event_get_basename (DabiaoEvent *self)
{
  return self->basename;
}

#define S(x) ((x) != NULL ? (x) : "")

gboolean
_dabiao_event_upsert_participants (DabiaoEvent                  *self,
                                   const DabiaoParticipantInfo  *infos,
                                   guint                         n_infos,
                                   guint                        *added,
                                   guint                        *updated,
                                   GError                      **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  gint64 now = g_get_real_time ();
  guint n_added = 0, n_updated = 0;

  insert = _dabiao_event_prepare (self,
                                  "INSERT OR IGNORE INTO participants (id, name, sex, birth_date, id_card, grade,"
                                  " class_code, class_name, ethnicity, address, organization, phone,"
                                  " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
                                  error);
  update = _dabiao_event_prepare (self,
                                  "UPDATE participants SET name = ?2, sex = ?3, birth_date = ?4, id_card = ?5,"
                                  " grade = ?6, class_code = ?7, class_name = ?8, ethnicity = ?9, address = ?10,"
                                  " organization = ?11, phone = ?12, updated_at = ?13 WHERE id = ?1 AND"
                                  " (name, sex, birth_date, id_card, grade, class_code, class_name, ethnicity,"
                                  "  address, organization, phone) IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                  error);
  if (insert == NULL || update == NULL)
    return FALSE;

  for (guint i = 0; i < n_infos; i++)
    {
      const DabiaoParticipantInfo *p = &infos[i];
      sqlite3_stmt *stmts[] = { insert, update };

      if (p->id == NULL || *p->id == '\0' || p->name == NULL || *p->name == '\0'
          || (p->sex != 1 && p->sex != 2))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Participant “%s”: an id, a name and the sex (1 or 2) are required"), S (p->id));
          return FALSE;
        }
      for (guint s = 0; s < G_N_ELEMENTS (stmts); s++)
        {
          sqlite3_stmt *stmt = stmts[s];

          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, p->id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, p->name, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 3, p->sex);
          sqlite3_bind_text (stmt, 4, S (p->birth_date), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, S (p->id_card), -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 6, p->grade);
          sqlite3_bind_text (stmt, 7, S (p->class_code), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 8, S (p->class_name), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 9, S (p->ethnicity), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 10, S (p->address), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 11, S (p->organization), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 12, S (p->phone), -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 13, now);
          if (!step_done (self, stmt, error))
            return FALSE;
          if (sqlite3_changes (self->db) > 0)
            {
              if (s == 0)
                n_added++;
              else
                n_updated++;
              break;
            }
        }
    }

  if (added != NULL)
    *added = n_added;
  if (updated != NULL)
    *updated = n_updated;
  return TRUE;
}

gboolean
dabiao_event_add_participants (DabiaoEvent                  *self,
                               const DabiaoParticipantInfo  *infos,
                               guint                         n_infos,
                               guint                        *added,
                               guint                        *updated,
                               GError                      **error)
{
  g_autofree char *detail = NULL;
  guint a = 0, u = 0;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  g_rec_mutex_lock (&self->mutex);
  ok = _dabiao_event_begin (self, error)
       && _dabiao_event_upsert_participants (self, infos, n_infos, &a, &u, error);
  if (ok)
    {
      detail = g_strdup_printf ("+%u ~%u", a, u);
      ok = _dabiao_event_audit (self, "participants", detail, error)
           && _dabiao_event_commit (self, error);
    }
  if (!ok)
    rollback (self);
  g_rec_mutex_unlock (&self->mutex);

  if (ok && added != NULL)
    *added = a;
  if (ok && updated != NULL)
    *updated = u;
  return ok;
}

/* ---- Stations ---------------------------------------------------------- */

void
dabiao_station_info_free (DabiaoStationInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->last_operator);
  g_free (info);
}

GPtrArray *
dabiao_event_list_stations (DabiaoEvent  *self,
                            GError      **error)
{
  g_autoptr(GPtrArray) stations = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_info_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  if (ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self,
                                        "SELECT station, count(*), min(recorded_at), max(recorded_at),"
                                        " (SELECT operator FROM measurements l WHERE l.station = m.station"
                                        "  ORDER BY recorded_at DESC LIMIT 1)"
                                        " FROM measurements m GROUP BY station ORDER BY station", error)) != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          DabiaoStationInfo *info = g_new0 (DabiaoStationInfo, 1);

          info->name = g_strdup (column_str (stmt, 0));
          info->measurements = sqlite3_column_int (stmt, 1);
          info->first_at = sqlite3_column_int64 (stmt, 2);
          info->last_at = sqlite3_column_int64 (stmt, 3);
          info->last_operator = g_strdup (column_str (stmt, 4));
          g_ptr_array_add (stations, info);
        }
      if (rc != SQLITE_DONE)
        _dabiao_event_set_db_error (self, error);
      else
        ok = TRUE;
    }
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&stations) : NULL;
}
