/* dabiao-event-open.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* F_OFD_SETLK */
#define _GNU_SOURCE

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
#include "dabiao-event-travel.h"
#include "dabiao-main-thread.h"

/* Opening and creating event files: the schema and its migrations, the
 * lock that keeps a file to one writer, and the checks made at open. */

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

  /* 1 → 2: issued certificates; roster indexes for the roster page.  SQL names
   * stay as files have them: participants.grade is the 年级编号, but
   * certificates.grade is the level of the total (DabiaoCertificate.level). */
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

  /* 5 → 6: tamper evidence for every row that can change a score (see
   * dabiao-event-hash.h): row_hash on each, and per table a seal (row
   * count, XOR of the row hashes).  Existing rows are hashed as they are
   * now; from then on TEMP triggers each writing connection creates keep
   * them (dabiao-event-hash.c).  The append-only guard now leaves
   * row_hash to them. */
  "CREATE TABLE seals (tbl TEXT PRIMARY KEY, n_rows INTEGER NOT NULL, digest TEXT NOT NULL, row_hash TEXT);"
  "DROP TRIGGER measurements_no_update;"
  "CREATE TRIGGER measurements_no_update BEFORE UPDATE OF uuid, participant_id, item, value, unit, special, reason, source, instrument_id, raw_frame, station, operator, measured_at, recorded_at, voids, seq, prev_hash, hash ON measurements"
  "  BEGIN SELECT RAISE (ABORT, 'measurements are append-only'); END;"
  "ALTER TABLE measurements ADD COLUMN row_hash TEXT;"
  "UPDATE measurements SET row_hash = dabiao_row_hash ('measurements', uuid, participant_id, item, value, unit, special, reason, source, instrument_id, raw_frame, station, operator, measured_at, recorded_at, voids, seq, prev_hash, hash);"
  "INSERT INTO seals (tbl, n_rows, digest) SELECT 'measurements', count (*), dabiao_xor_all (row_hash) FROM measurements;"
  "ALTER TABLE participants ADD COLUMN row_hash TEXT;"
  "UPDATE participants SET row_hash = dabiao_row_hash ('participants', id, name, sex, birth_date, id_card, grade, class_code, class_name, ethnicity, address, organization, phone, created_at, updated_at);"
  "INSERT INTO seals (tbl, n_rows, digest) SELECT 'participants', count (*), dabiao_xor_all (row_hash) FROM participants;"
  "ALTER TABLE items ADD COLUMN row_hash TEXT;"
  "UPDATE items SET row_hash = dabiao_row_hash ('items', position, code, number, name, unit, better, attempts, decimals, format);"
  "INSERT INTO seals (tbl, n_rows, digest) SELECT 'items', count (*), dabiao_xor_all (row_hash) FROM items;"
  "ALTER TABLE meta ADD COLUMN row_hash TEXT;"
  "UPDATE meta SET row_hash = dabiao_row_hash ('meta', key, value);"
  "INSERT INTO seals (tbl, n_rows, digest) SELECT 'meta', count (*), dabiao_xor_all (row_hash) FROM meta;"
  "ALTER TABLE settings ADD COLUMN row_hash TEXT;"
  "UPDATE settings SET row_hash = dabiao_row_hash ('settings', key, value, updated_at, station);"
  "INSERT INTO seals (tbl, n_rows, digest) SELECT 'settings', count (*), dabiao_xor_all (row_hash) FROM settings;"
  "ALTER TABLE chain_heads ADD COLUMN row_hash TEXT;"
  "UPDATE chain_heads SET row_hash = dabiao_row_hash ('chain_heads', station, seq, hash);"
  "INSERT INTO seals (tbl, n_rows, digest) SELECT 'chain_heads', count (*), dabiao_xor_all (row_hash) FROM chain_heads;"
  "UPDATE seals SET row_hash = dabiao_row_hash ('seals', tbl, n_rows, digest);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == DABIAO_EVENT_SCHEMA_VERSION);

/* ---- In-process registry of files open for writing --------------------- */

G_LOCK_DEFINE_STATIC (open_files);

static GHashTable *open_files;

void
_dabiao_event_release_lock (DabiaoEvent *self)
{
  if (self->lock_fd >= 0)
    {
      g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);

      struct stat by_fd, by_path;

      /* Remove the file while still holding the lock, so a waiting opener
       * never sees our stale contents; only our own (never a lock file
       * made since by another holder at this path). */
      if (fstat (self->lock_fd, &by_fd) == 0 && g_lstat (lock_path, &by_path) == 0
          && by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino)
        g_unlink (lock_path);
      close (self->lock_fd);
      self->lock_fd = -1;
    }
  /* After sqlite's connection is closed (closing a descriptor of the file
   * drops the process's POSIX locks on it, sqlite's included). */
  if (self->identity_fd >= 0)
    {
      close (self->identity_fd);
      self->identity_fd = -1;
    }
  G_LOCK (open_files);
  if (open_files != NULL && self->lock_key != NULL)
    g_hash_table_remove (open_files, self->lock_key);
  if (open_files != NULL && self->identity_key != NULL)
    g_hash_table_remove (open_files, self->identity_key);
  G_UNLOCK (open_files);
  g_clear_pointer (&self->lock_key, g_free);
  g_clear_pointer (&self->identity_key, g_free);
}

/**
 * dabiao_event_is_open_here:
 * @path: an event file
 *
 * Whether this program holds @path open for writing, by that path.  No
 * I/O (callable on the main thread); thread-safe.
 */
gboolean
dabiao_event_is_open_here (const char *path)
{
  g_autofree char *key = g_canonicalize_filename (path, NULL);
  gboolean open;

  G_LOCK (open_files);
  open = open_files != NULL && g_hash_table_contains (open_files, key);
  G_UNLOCK (open_files);
  return open;
}

/* ---- Locking ----------------------------------------------------------- */

/* "host\npid\nuser\nprogram\n" from a lock file held by another program
 * (through our own descriptor: never a path that could have changed), as
 * four strings (the program "" when an older version wrote three lines),
 * or NULL.  The holder writes it just after locking: a text without its
 * lines is read again for a moment rather than shown as "process ? on ?". */
static char **
read_holder (int fd)
{
  for (guint tries = 0; tries < 25; tries++)
    {
      char buf[1024];
      ssize_t n = pread (fd, buf, sizeof buf - 1, 0);
      char **lines;

      if (n > 0)
        {
          buf[n] = '\0';
          lines = g_strsplit (buf, "\n", 5);
          /* Three lines ("" after the last) or four. */
          if (g_strv_length (lines) >= 4 && buf[n - 1] == '\n' && *lines[0] != '\0' && *lines[1] != '\0' &&
              strspn (lines[1], "0123456789") == strlen (lines[1]) &&
              g_utf8_validate (buf, n, NULL))
            return lines;
          g_strfreev (lines);
        }
      g_usleep (20 * 1000);
    }
  return NULL;
}

/* Who holds the file, as a person at the other desk would recognise it:
 * the station window or the CLI, its user, computer and process, and what
 * to do (trial 11c #1). */
static void
set_held_error (DabiaoEvent  *self,
                char        **holder,
                GError      **error)
{
  const char *host = holder[0], *pid = holder[1], *program = holder[3];
  const char *user = *holder[2] != '\0' ? holder[2] : "?";

  if (g_str_equal (program, "dabiao-cli"))
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                 /* Translators: file, user, host, process */
                 _("“%s” is being written by dabiao-cli (user %s on %s, process %s); wait until it has finished, then try again"),
                 self->basename, user, host, pid);
  else if (g_str_equal (program, "dabiao"))
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                 /* Translators: file, user, host, process */
                 _("“%s” is open in a Dabiao window (user %s on %s, process %s); only one program may write an event at a time: close that window, or open another event in it, then try again — or enter the results in that window"),
                 self->basename, user, host, pid);
  else
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                 /* Translators: file, program, user, host, process */
                 _("“%s” is open for writing in another program (%s, user %s on %s, process %s); close it there first"),
                 self->basename, *program != '\0' ? program : _("Dabiao"), user, host, pid);
}

/* Where the identity lock sits: a byte of sqlite's lock-byte page after
 * sqlite's own lock bytes (PENDING_BYTE 0x40000000, its reserved byte and
 * 510 shared bytes), which sqlite never reads, writes or locks. */
#define IDENTITY_LOCK_BYTE (0x40000000 + 1024)

/* The lock on the event file itself (docs/decisions/0199-lock-follows-the-file.md):
 * FILE.lock is named after the path, so a file moved, renamed or linked
 * while open would let a second program write it under its new name.  An
 * open-file-description lock on the file's own inode follows it under
 * every name.  (OFD, not POSIX: closing one of sqlite's descriptors must
 * not drop it, nor ours sqlite's byte locks.) */
static gboolean
lock_identity (DabiaoEvent        *self,
               const struct stat  *by_path,
               GError            **error)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = IDENTITY_LOCK_BYTE, .l_len = 1 };
  struct stat by_fd;
  int fd = g_open (self->path, O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("“%s” cannot be opened for writing (%s): open it read-only, or copy it to a writable folder"),
                   self->basename, g_strerror (saved));
      return FALSE;
    }
  /* The file looked up by path a moment ago (not replaced meanwhile). */
  if (fstat (fd, &by_fd) != 0 || by_fd.st_dev != by_path->st_dev || by_fd.st_ino != by_path->st_ino)
    {
      close (fd);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                   _("“%s” is being opened by another program; try again"), self->basename);
      return FALSE;
    }
  if (fcntl (fd, F_OFD_SETLK, &fl) < 0)
    {
      int saved = errno;

      close (fd);
      /* A file system without such locks: the lock by path alone, as before. */
      if (saved == EINVAL || saved == ENOSYS || saved == EOPNOTSUPP)
        {
          g_debug ("%s: no lock on the file itself (%s)", self->basename, g_strerror (saved));
          return TRUE;
        }
      if (saved == EAGAIN || saved == EACCES)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                     _("“%s” is open for writing in another program, perhaps under another name (moved, renamed or linked while open); close it there first"),
                     self->basename);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                     _("“%s” cannot be opened for writing: it cannot be locked (%s)"),
                     self->basename, g_strerror (saved));
      return FALSE;
    }
  self->identity_fd = fd;
  return TRUE;
}

/* FILE.lock opened and locked for writing (its descriptor), or -1 with
 * @error saying who holds it or what is wrong with the lock file. */
static int
take_path_lock (DabiaoEvent  *self,
                const char   *lock_path,
                GError      **error)
{
  struct flock fl = { 0 };
  gboolean locked;
  int fd;

  for (guint tries = 0; ; tries++)
    {
      struct stat by_fd, by_path;

      /* Never through a symbolic link, never into a FIFO or a device, never
       * a second name of another file: someone who can write to a shared
       * event folder must not make this program truncate a file of theirs
       * choosing (FILE.lock → ~/.bashrc). */
      fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0644);
      if (fd < 0)
        {
          int saved = errno;

          if (saved == ELOOP)
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                         _("“%s” cannot be opened for writing: its lock file %s.lock is a symbolic link, which this program does not follow; remove it"),
                         self->basename, self->basename);
          else
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                         _("“%s” cannot be opened for writing: its lock file cannot be created (%s)"),
                         self->basename, g_strerror (saved));
          return -1;
        }
      if (fstat (fd, &by_fd) != 0 || !S_ISREG (by_fd.st_mode) || by_fd.st_nlink != 1)
        {
          close (fd);
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                       _("“%s” cannot be opened for writing: its lock file %s.lock is not an ordinary file of its own (a folder, a FIFO, a device or a second name of another file); remove it"),
                       self->basename, self->basename);
          return -1;
        }

      fl.l_type = F_WRLCK;
      fl.l_whence = SEEK_SET;
      /* An open-file-description lock: a POSIX one would be dropped when
       * anything in this process closes a descriptor of FILE.lock — GTK's
       * file chooser does, reading each file of the folder for its type
       * (trial 11c #1).  Both kinds conflict, so older versions honour it. */
      locked = fcntl (fd, F_OFD_SETLK, &fl) == 0;
      if (!locked && (errno == EINVAL || errno == ENOSYS))
        locked = fcntl (fd, F_SETLK, &fl) == 0;
      if (!locked)
        {
          g_auto(GStrv) lines = read_holder (fd);

          close (fd);
          if (lines != NULL)
            set_held_error (self, lines, error);
          else
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                         _("“%s” is in use by another program; close it there first"), self->basename);
          return -1;
        }

      /* The holder may have unlinked the file between our open and lock:
       * make sure we locked the file that is there. */
      if (g_lstat (lock_path, &by_path) == 0
          && by_fd.st_ino == by_path.st_ino && by_fd.st_dev == by_path.st_dev)
        break;
      close (fd);
      if (tries > 10)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                       _("“%s” is being opened by another program; try again"), self->basename);
          return -1;
        }
    }

  return fd;
}

static gboolean
acquire_lock (DabiaoEvent  *self,
              GError      **error)
{
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  g_autofree char *key = NULL;
  g_autofree char *identity = NULL;
  g_autofree char *contents = NULL;
  struct stat file_stat;
  int fd;

  key = g_canonicalize_filename (self->path, NULL);
  /* The file by its path and by what it is: open here under another name
   * (moved, renamed, a second link) it is the same file. */
  if (g_stat (self->path, &file_stat) != 0)
    {
      int saved = errno;

      g_set_error (error, DABIAO_ERROR, saved == ENOENT ? DABIAO_ERROR_NOT_FOUND : DABIAO_ERROR_IO,
                   _("“%s” cannot be opened: %s"), self->basename, g_strerror (saved));
      return FALSE;
    }
  identity = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                              (guint64) file_stat.st_dev, (guint64) file_stat.st_ino);

  G_LOCK (open_files);
  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (open_files, key) || g_hash_table_contains (open_files, identity))
    {
      G_UNLOCK (open_files);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE,
                   _("“%s” is in use by this program (process %d on %s); close it there first"),
                   self->basename, (int) getpid (), g_get_host_name ());
      return FALSE;
    }
  g_hash_table_add (open_files, g_strdup (key));
  g_hash_table_add (open_files, g_strdup (identity));
  self->lock_key = g_steal_pointer (&key);
  self->identity_key = g_steal_pointer (&identity);
  G_UNLOCK (open_files);

  fd = take_path_lock (self, lock_path, error);
  if (fd < 0)
    return FALSE;

  /* One write at offset 0, then the length: a reader sees the old text or
   * the whole new one (read_holder() waits for the last line). */
  {
    /* The program: "dabiao" for the app's window (whatever its binary is
     * called), else the program's name ("dabiao-cli"). */
    g_autofree char *program = dabiao_main_thread_is_declared () ? g_strdup ("dabiao")
                               : g_path_get_basename (g_get_prgname () != NULL ? g_get_prgname () : "?");

    contents = g_strdup_printf ("%s\n%d\n%s\n%s\n", g_get_host_name (), (int) getpid (), g_get_user_name (), program);
  }
  if (ftruncate (fd, 0) == 0)
    {
      gssize ignored = pwrite (fd, contents, strlen (contents), 0);
      (void) ignored;
    }
  self->lock_fd = fd;
  return lock_identity (self, &file_stat, error);
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
      const char *key = _dabiao_event_column_str (stmt, 0);
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
          *field = g_strdup (_dabiao_event_column_str (stmt, 1));
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
                     dabiao_event_item_new (_dabiao_event_column_str (items, 0), _dabiao_event_column_str (items, 1),
                                            _dabiao_event_column_str (items, 2), _dabiao_event_column_str (items, 3),
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

/* Every connection: the row-hash functions the triggers and verify call,
 * and delete triggers also for the rows an INSERT OR REPLACE removes (or a
 * table's seal would drift from its rows). */
static gboolean
prepare_connection (DabiaoEvent  *self,
                    GError      **error)
{
  if (!_dabiao_event_register_hash_functions (self))
    {
      _dabiao_event_set_sqlite_error (self->basename, self->db, sqlite3_errcode (self->db), error);
      return FALSE;
    }
  return _dabiao_event_exec (self, "PRAGMA recursive_triggers = ON", error);
}

static gboolean
migrate (DabiaoEvent  *self,
         guint         from,
         guint         to,
         GError      **error)
{
  /* The row hashes (schema 6) include the event's uuid. */
  if (self->uuid == NULL && from > 0)
    {
      g_autoptr(sqlite3_stmt) uuid = _dabiao_event_prepare (self, "SELECT value FROM meta WHERE key = 'uuid'", error);

      if (uuid == NULL)
        return FALSE;
      if (sqlite3_step (uuid) == SQLITE_ROW)
        self->uuid = g_strdup (_dabiao_event_column_str (uuid, 0));
    }
  if (!_dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint v = from; v < to; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", v + 1);

      if (!_dabiao_event_exec (self, migrations[v], error)
          || !_dabiao_event_exec (self, set_version, error))
        {
          _dabiao_event_rollback (self);
          return FALSE;
        }
    }
  if (from > 0)
    {
      g_autofree char *detail = g_strdup_printf ("schema %u → %u", from, to);

      if (!_dabiao_event_audit (self, "migrate", detail, error))
        {
          _dabiao_event_rollback (self);
          return FALSE;
        }
    }
  if (!_dabiao_event_exec (self, "COMMIT", error))
    {
      _dabiao_event_rollback (self);
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

/* A statement that could not even be prepared: the schema is read then, and
 * a schema page read zero-filled beside a checkpoint (or busy) is as
 * transient as a failing step. */
static CheckResult
prepare_failed (DabiaoEvent *self)
{
  int rc = sqlite3_extended_errcode (self->db);

  if (is_transient_code (rc))
    return CHECK_TRANSIENT;
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB ? CHECK_DAMAGED : CHECK_FAILED;
}

/* A step of a check that gave no row: transient, damaged or failed. */
static CheckResult
step_failed (DabiaoEvent  *self,
             int           rc,
             GError      **error)
{
  if (is_transient_code (rc))
    {
      set_transient_error (self, rc, error);
      return CHECK_TRANSIENT;
    }
  _dabiao_event_set_sqlite_error (self->basename, self->db, rc, error);
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB ? CHECK_DAMAGED : CHECK_FAILED;
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
    return prepare_failed (self);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return step_failed (self, rc, error);
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
    return prepare_failed (self);
  rc = sqlite3_step (check);
  if (rc != SQLITE_ROW)
    return step_failed (self, rc, error);
  if (!g_str_equal (_dabiao_event_column_str (check, 0), "ok"))
    {
      const char *findings = _dabiao_event_column_str (check, 0);
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
      _dabiao_event_set_sqlite_error (self->basename, self->db, rc, error);
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
          _dabiao_event_set_sqlite_error (self->basename, self->db, rc, error);
          return NULL;
        }
      sqlite3_extended_result_codes (self->db, 1);
    }

  /* The probe above may have read a schema page zero-filled (a reader
   * beside a checkpoint, when the schema spans more than one page):
   * the check and its retries read it again from the file. */
  if (rc != SQLITE_OK)
    sqlite3_db_release_memory (self->db);
  if (!check_file_with_retries (self, &version, error)
      || !prepare_connection (self, error))
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
      self->schema_version = DABIAO_EVENT_SCHEMA_VERSION;
    }
  /* Every write keeps the row hashes and seals. */
  if (!self->read_only && self->schema_version >= DABIAO_EVENT_SCHEMA_ROW_HASHES && !_dabiao_event_create_hash_triggers (self, error))
    return NULL;

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
  DABIAO_BLOCKING_CALL ();
  return open_internal (path, flags, vfs, TRUE, error);
}

DabiaoEvent *
dabiao_event_open (const char            *path,
                   DabiaoEventOpenFlags   flags,
                   GError               **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  DABIAO_BLOCKING_CALL ();
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

/* Builds the file under a temporary name and renames it into place, so a
 * failure never leaves a half-made event file behind. */
static DabiaoEvent *
build_file (const char          *path,
            const char          *uuid,
            const char * const  *keys,
            const char * const  *values,
            guint                n_meta,
            GPtrArray           *items,
            const char          *stations_json,
            guint                version,
            const char          *detail,
            GError             **error)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *tmp_path = NULL;
  g_autoptr(DabiaoEvent) staging = NULL;
  int rc;

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
  staging->uuid = g_strdup (uuid);
  rc = sqlite3_open_v2 (tmp_path, &staging->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _dabiao_event_set_sqlite_error (basename, staging->db, rc, error);
      dabiao_event_close (staging);
      g_unlink (tmp_path);
      return NULL;
    }

  {
    g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d", DABIAO_APPLICATION_ID);
    g_autoptr(sqlite3_stmt) meta = NULL;
    g_autoptr(sqlite3_stmt) item_stmt = NULL;
    gboolean ok;

    ok = prepare_connection (staging, error)
         && _dabiao_event_exec (staging, "PRAGMA journal_mode = DELETE", error)
         && _dabiao_event_exec (staging, app_id, error)
         && migrate (staging, 0, version, error)
         && (version < DABIAO_EVENT_SCHEMA_ROW_HASHES || _dabiao_event_create_hash_triggers (staging, error))
         && _dabiao_event_exec (staging, "BEGIN IMMEDIATE", error);
    if (ok)
      ok = (meta = _dabiao_event_prepare (staging, "INSERT INTO meta (key, value) VALUES (?, ?)", error)) != NULL
           && (item_stmt = _dabiao_event_prepare (staging,
                                                  version >= 3
                                                  ? "INSERT INTO items (position, code, number, name, unit, better, attempts,"
                                                    " decimals, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                                  : "INSERT INTO items (position, code, number, name, unit, better, attempts)"
                                                    " VALUES (?, ?, ?, ?, ?, ?, ?)", error)) != NULL;
    for (guint i = 0; ok && i < n_meta; i++)
      {
        sqlite3_reset (meta);
        sqlite3_bind_text (meta, 1, keys[i], -1, SQLITE_STATIC);
        sqlite3_bind_text (meta, 2, values[i] != NULL ? values[i] : "", -1, SQLITE_STATIC);
        ok = _dabiao_event_step_done (staging, meta, error);
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
        ok = _dabiao_event_step_done (staging, item_stmt, error);
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
            ok = _dabiao_event_step_done (staging, setting, error);
          }
      }
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
_dabiao_event_create_at_version (const char            *path,
                                 const DabiaoEventInfo *info,
                                 guint                  version,
                                 GError               **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *stations_json = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *date;

  DABIAO_BLOCKING_CALL ();

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
  {
    g_autofree char *created = g_date_time_format_iso8601 (now);
    g_autofree char *detail = g_strdup_printf ("%s (%s, %s)", info->name, info->standard, date);
    const char *keys[] = { "uuid", "name", "date", "place", "organizer", "standard", "created" };
    const char *values[] = { uuid, info->name, date, info->place, info->organizer, info->standard, created };

    return build_file (path, uuid, keys, values, G_N_ELEMENTS (keys), items, stations_json, version, detail, error);
  }
}

DabiaoEvent *
_dabiao_event_create_copy (const char  *path,
                           GPtrArray   *meta,
                           GPtrArray   *items,
                           GError     **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const char *uuid = NULL;
  const char *name = "";

  for (guint i = 0; i + 1 < meta->len; i += 2)
    {
      g_ptr_array_add (keys, g_ptr_array_index (meta, i));
      g_ptr_array_add (values, g_ptr_array_index (meta, i + 1));
      if (g_str_equal (g_ptr_array_index (meta, i), "uuid"))
        uuid = g_ptr_array_index (meta, i + 1);
      else if (g_str_equal (g_ptr_array_index (meta, i), "name"))
        name = g_ptr_array_index (meta, i + 1);
    }
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    {
      g_autofree char *basename = g_path_get_basename (path);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” cannot be made: the event's description has no valid uuid"), basename);
      return NULL;
    }
  {
    g_autofree char *detail = g_strdup_printf ("%s (copy of %s)", name, uuid);

    return build_file (path, uuid, (const char * const *) keys->pdata, (const char * const *) values->pdata,
                       keys->len, items, NULL, DABIAO_EVENT_SCHEMA_VERSION, detail, error);
  }
}

DabiaoEvent *
dabiao_event_create (const char            *path,
                     const DabiaoEventInfo *info,
                     GError               **error)
{
  g_autoptr(DabiaoEvent) event = NULL;
  g_autofree char *parts = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (info != NULL, NULL);

  event = _dabiao_event_create_at_version (path, info, DABIAO_EVENT_SCHEMA_VERSION, error);
  if (event == NULL || info->parts == NULL || info->parts[0] == NULL)
    return g_steal_pointer (&event);
  /* The age parts tested: a setting (it travels, merges, is audited). */
  parts = g_strjoinv ("、", (char **) info->parts);
  if (!dabiao_event_set_setting (event, "parts", parts, error))
    {
      dabiao_event_close (event);
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&event);
}
