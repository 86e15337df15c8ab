/* dabiao-event-private.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "dabiao-event.h"

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
void               _dabiao_event_lock      (DabiaoEvent *self);
void               _dabiao_event_unlock    (DabiaoEvent *self);
/* Set @error from the connection's last error, prefixed by the file name. */
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

G_END_DECLS
