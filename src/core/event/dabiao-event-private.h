/* dabiao-event-private.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "dabiao-event.h"
#include "dabiao-main-thread.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _DabiaoParticipant
{
  GObject  parent_instance;
  char    *id;
  char    *name;
  guint    sex;
  char    *birth_date;
  char    *id_card;
  guint    grade;
  char    *class_code;
  char    *class_name;
  char    *ethnicity;
  char    *address;
  char    *organization;
  char    *phone;
};

struct _DabiaoMeasurement
{
  GObject        parent_instance;
  char          *uuid;
  char          *participant_id;
  char          *item;
  guint          attempt;
  gboolean       has_value;
  double         value;
  char          *unit;
  DabiaoSpecial  special;
  char          *reason;
  DabiaoSource   source;
  char          *instrument_id;
  GBytes        *raw_frame;
  char          *station;
  char          *operator_name;
  gint64         measured_at;
  gint64         recorded_at;
  char          *voids;
  char          *voided_by;
};

/* The columns _dabiao_participant_new_from_stmt() reads, in order. */
#define DABIAO_PARTICIPANT_COLUMNS \
  "id, name, sex, birth_date, id_card, grade, class_code, class_name, ethnicity, address, organization, phone"

DabiaoParticipant *_dabiao_participant_new_from_stmt (sqlite3_stmt *stmt,
                                                      int           first);

/* The database handle; the caller holds the event's lock. */
sqlite3           *_dabiao_event_get_db    (DabiaoEvent *self);
/* Takes the event's lock: a blocking call (checked against the main
 * thread, naming the caller; see dabiao-main-thread.h). */
#define _dabiao_event_lock(self) _dabiao_event_lock_for ((self), G_STRFUNC)
void               _dabiao_event_lock_for  (DabiaoEvent *self,
                                            const char  *function);
void               _dabiao_event_unlock    (DabiaoEvent *self);
/* Set @error from the connection's last error, prefixed by the file name. */
/* The most characters a participant's fields may hold (roster import, add,
 * edit): beyond any real name or address, short enough that a hostile
 * roster cannot grow the event file, its exports and every card printed
 * from it without bound. */
#define DABIAO_PARTICIPANT_MAX_ID       64
#define DABIAO_PARTICIPANT_MAX_NAME     64
#define DABIAO_PARTICIPANT_MAX_CLASS    64
#define DABIAO_PARTICIPANT_MAX_ADDRESS  256
#define DABIAO_PARTICIPANT_MAX_ORG      128
#define DABIAO_PARTICIPANT_MAX_SHORT    32   /* 身份证号, 民族, 手机, dates, codes */

/* The schema version that brought row hashes and seals. */
#define DABIAO_EVENT_SCHEMA_ROW_HASHES 6

/* dabiao_row_hash(), dabiao_xor(), dabiao_xor_all() on self->db
 * (dabiao-event-hash.c). */
gboolean           _dabiao_event_register_hash_functions (DabiaoEvent *self);
/* TEMP triggers on this connection that keep row_hash and the seals up to
 * date on every INSERT, UPDATE and DELETE (schema 6 and later). */
gboolean           _dabiao_event_create_hash_triggers (DabiaoEvent  *self,
                                                       GError      **error);
void               _dabiao_event_set_db_error (DabiaoEvent  *self,
                                               GError      **error);
gboolean           _dabiao_event_exec      (DabiaoEvent  *self,
                                            const char   *sql,
                                            GError      **error);
sqlite3_stmt      *_dabiao_event_prepare   (DabiaoEvent  *self,
                                            const char   *sql,
                                            GError      **error);
/* Attempts per item are also kept as the setting "attempts.CODE" (set last
 * wins, like every setting), so that a merge carries a change of attempts. */
#define DABIAO_EVENT_ATTEMPTS_KEY_PREFIX "attempts."
/* Inside the caller's transaction: the items take the attempts of those
 * settings where they differ (@changed: how many items changed). */
gboolean           _dabiao_event_apply_attempt_settings (DabiaoEvent  *self,
                                                         guint        *changed,
                                                         GError      **error);
/* After the commit: the items in memory take the file's attempts. */
void               _dabiao_event_reload_attempts (DabiaoEvent *self);
/* Append an audit row (inside the caller's transaction). */
gboolean           _dabiao_event_audit     (DabiaoEvent  *self,
                                            const char   *action,
                                            const char   *detail,
                                            GError      **error);
/* dabiao_event_add_participants() inside the caller's transaction. */
gboolean           _dabiao_event_upsert_participants (DabiaoEvent                  *self,
                                                      const DabiaoParticipantInfo  *infos,
                                                      guint                         n_infos,
                                                      guint                        *added,
                                                      guint                        *updated,
                                                      GError                      **error);
gboolean           _dabiao_event_begin   (DabiaoEvent  *self,
                                          GError      **error);
gboolean           _dabiao_event_commit  (DabiaoEvent  *self,
                                          GError      **error);
void               _dabiao_event_rollback (DabiaoEvent *self);
const char        *_dabiao_event_get_basename (DabiaoEvent *self);
/* Testing hooks. */
DabiaoEvent       *_dabiao_event_create_at_version (const char            *path,
                                                    const DabiaoEventInfo *info,
                                                    guint                  version,
                                                    GError               **error);
/* Open with a named sqlite VFS (NULL: the default). */
DabiaoEvent       *_dabiao_event_open_with_vfs     (const char            *path,
                                                    DabiaoEventOpenFlags   flags,
                                                    const char            *vfs,
                                                    GError               **error);

/* Station definitions (dabiao-event-stations.c): their JSON form. */
char              *_dabiao_station_definitions_to_json  (GPtrArray  *definitions);
/* Can the setting "stations" @json be read?  (For merge: a broken list is
 * refused, not taken.) */
gboolean           _dabiao_station_definitions_check_json (const char  *basename,
                                                           const char  *json,
                                                           GError     **error);

/* Runs @func on the event's worker thread (see dabiao-event.h). */
void               _dabiao_event_run_in_worker (DabiaoEvent       *self,
                                                GTask             *task,
                                                GTaskThreadFunc    func);

/* Event details (dabiao-event-details.c).  Inside the caller's transaction:
 * the setting @key = @value, stamped now by this station; the schools of
 * @schools (code → name, NULL name: remove), audited, @changed: how many
 * changed; the metadata takes the settings "event.*" (after a merge). */
gboolean           _dabiao_event_put_setting (DabiaoEvent  *self,
                                              const char   *key,
                                              const char   *value,
                                              GError      **error);
gboolean           _dabiao_event_put_schools (DabiaoEvent  *self,
                                              GHashTable   *schools,
                                              guint        *changed,
                                              GError      **error);
gboolean           _dabiao_event_apply_detail_settings (DabiaoEvent  *self,
                                                        guint        *changed,
                                                        GError      **error);
/* After the commit: name, date, place and organiser in memory take the
 * file's metadata. */
void               _dabiao_event_reload_metadata (DabiaoEvent *self);
/* After the commit: the items in memory become the file's (an item added or
 * removed); the previous array stays valid until finalize. */
void               _dabiao_event_reload_items (DabiaoEvent *self);
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
  char        *identity_key;   /* "device:inode" of the file, in the open-files registry */
  int          identity_fd;    /* the event file itself, holding its identity lock */
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
  /* Item arrays replaced by _dabiao_event_reload_items(), kept likewise. */
  GPtrArray   *retired_items;

  char        *station;
  char        *operator_name;

  GThreadPool *worker;
  /* sqlite3_total_changes64() at the worker's last checkpoint. */
  sqlite3_int64 checkpointed_changes;
  /* Statements of the recording path, prepared once (keyed by the address
   * of their static SQL text). */
  GHashTable  *statements;
};

/* A statement of the hot path, prepared once per connection and owned by
 * the event: use it with g_autoptr(CachedStmt), which resets it when done
 * (a statement left mid-step would hold its read snapshot open). */
typedef sqlite3_stmt CachedStmt;

void               _dabiao_event_cached_stmt_release (CachedStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, _dabiao_event_cached_stmt_release)

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

/* The SELECT list _dabiao_event_row_fields_from_stmt() reads. */
#define ROW_COLUMNS \
  "m.uuid, m.participant_id, m.item, m.value, m.unit, m.special, m.reason, m.source," \
  " m.instrument_id, m.raw_frame, m.station, m.operator, m.measured_at, m.recorded_at," \
  " m.voids, m.seq, m.prev_hash, m.hash"

/* Shared by the parts of the event (dabiao-event*.c); the caller holds the
 * event's lock where a function touches the database. */
void
_dabiao_event_set_sqlite_error (const char  *basename,
                                sqlite3     *db,
                                int          rc,
                                GError     **error);
gboolean
_dabiao_event_ensure_open (DabiaoEvent  *self,
                           GError      **error);
gboolean
_dabiao_event_ensure_writable (DabiaoEvent  *self,
                               GError      **error);
CachedStmt *
_dabiao_event_prepare_cached (DabiaoEvent  *self,
                              const char   *sql,
                              GError      **error);
const char *
_dabiao_event_column_str (sqlite3_stmt *stmt,
                          int           column);
gboolean
_dabiao_event_step_done (DabiaoEvent   *self,
                         sqlite3_stmt  *stmt,
                         GError       **error);
/* Makes one element of a list from the current row. */
typedef gpointer (*DabiaoRowReader) (sqlite3_stmt *stmt);
/* Under the event's lock: reads every row of @sql (with @text bound to ?1
 * unless NULL) into a list of what @read makes, freed by @free_func;
 * NULL with @error when the file cannot be read. */
GPtrArray *
_dabiao_event_read_rows (DabiaoEvent     *self,
                         const char      *sql,
                         const char      *text,
                         DabiaoRowReader  read,
                         GDestroyNotify   free_func,
                         GError         **error);
char *
_dabiao_event_row_hash (const char      *event_uuid,
                        const RowFields *row);
void
_dabiao_event_row_fields_from_stmt (sqlite3_stmt *stmt,
                                    RowFields    *row);
void
_dabiao_event_release_lock (DabiaoEvent *self);
gboolean
_dabiao_event_participant_exists (DabiaoEvent  *self,
                                  const char   *id,
                                  gboolean     *exists,
                                  GError      **error);

G_END_DECLS
