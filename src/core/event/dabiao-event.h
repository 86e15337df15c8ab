/* dabiao-event.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-event-items.h"
#include "dabiao-measurement.h"
#include "dabiao-participant.h"

G_BEGIN_DECLS

/* The event file.
 *
 * One event is one sqlite file (*.dabiao): metadata, items, stations,
 * roster, append-only measurements (each station's rows form a SHA-256 hash
 * chain), issued certificates and an audit log.  Results are derived from
 * the valid measurements, never stored.
 *
 * Threads: a DabiaoEvent owns one sqlite connection, and that connection is
 * only ever used by one thread at a time.  The synchronous methods run on
 * the calling thread (the CLI, tests, worker threads) and are serialised by
 * a mutex inside the object.  The _async variants, which the application
 * calls from the main loop, run on the event's own single worker thread in
 * the order they were called (a record started before another finishes
 * before it) and complete on the caller's thread-default main context.
 *
 * What the GTK main thread may call (nothing else in this header):
 *  - every *_async and *_finish function, and dabiao_event_run_in_worker();
 *  - what was read at open and never changes: dabiao_event_get_path(),
 *    _get_uuid(), _get_name(), _get_date(), _get_place(), _get_organizer(),
 *    _get_standard(), _get_read_only(), _get_schema_version(), and the items
 *    (dabiao_event_get_items(), _find_item()) except their attempts, which
 *    the worker may change (the app keeps its own copy: DabiaoSession);
 *  - the plain types' helpers (*_new, *_copy, *_free,
 *    dabiao_station_definitions_validate(), dabiao_id_card_check()).
 * Every other function blocks (sqlite, files, the event's lock): call it on
 * the event's worker (dabiao_event_run_in_worker()), in a thread of your
 * own, or from a program without a GTK main loop (the CLI, tests).  Once
 * the app has declared its main thread (dabiao-main-thread.h), such a call
 * there aborts in development builds and tests, and warns otherwise.
 *
 * Sharing: one program at a time may open a file for writing.  A second
 * writer (another process or the same one) is refused with
 * DABIAO_ERROR_IN_USE naming the program (a Dabiao window, dabiao-cli),
 * host, process and user holding it (a "FILE.lock" beside the file carries
 * an open-file-description lock that the kernel drops when the holder dies,
 * so a crash never leaves the file locked; docs/decisions/0250).  Readers
 * (DABIAO_EVENT_OPEN_READ_ONLY) may open it beside a writer (WAL mode).
 *
 * Durability: the file is in WAL mode with synchronous=FULL, so when
 * dabiao_event_record() returns the row is on disk. */

/* The schema this build writes.  Older files are migrated forward on open
 * (writable opens only); newer ones are refused with DABIAO_ERROR_VERSION. */
#define DABIAO_EVENT_SCHEMA_VERSION 6

typedef enum
{
  DABIAO_EVENT_OPEN_NONE      = 0,
  DABIAO_EVENT_OPEN_READ_ONLY = 1 << 0,
} DabiaoEventOpenFlags;

#define DABIAO_TYPE_EVENT (dabiao_event_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoEvent, dabiao_event, DABIAO, EVENT, GObject)

/* ---- Creating and opening --------------------------------------------- */

/* One item chosen for a new event: @code is the item's code, national
 * item number or Chinese name (as dabiao_event_find_item() takes them);
 * @attempts 0 means the default for the item. */
typedef struct
{
  const char *code;
  guint       attempts;
} DabiaoEventItemChoice;

/* A station of the event as the organiser defines it: its name (the name
 * measurements are recorded under), the item(s) measured there, by code
 * (one or more: 身高 and 体重 at one scale), and optionally the name of the
 * instrument profile it uses. */
typedef struct
{
  char  *name;
  GStrv  items;
  char  *profile;
} DabiaoStationDefinition;

DabiaoStationDefinition *dabiao_station_definition_new  (const char                    *name,
                                                         const char * const            *items,
                                                         const char                    *profile);
DabiaoStationDefinition *dabiao_station_definition_copy (const DabiaoStationDefinition *definition);
void                     dabiao_station_definition_free (DabiaoStationDefinition       *definition);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoStationDefinition, dabiao_station_definition_free)

/* Check @definitions (element type DabiaoStationDefinition) against the
 * event's @items (element type DabiaoEventItem) as the event does before
 * storing them; returns a normalised copy (names trimmed, items by code) or
 * NULL with a message naming the station.  Pure: for forms that validate as
 * the organiser types. */
GPtrArray *dabiao_station_definitions_validate (GPtrArray  *items,
                                                GPtrArray  *definitions,
                                                GError    **error);

/* Event metadata for dabiao_event_create().  @name and @standard are
 * required; @date is YYYY-MM-DD (NULL: today).  @items (@n_items of them;
 * NULL: every measured item of the standard with its default attempts)
 * chooses the event's items; they keep the standard's order.  @stations
 * (nullable, element type DabiaoStationDefinition) defines the stations,
 * validated as dabiao_event_set_station_definitions() does. */
typedef struct
{
  const char                  *name;
  const char                  *standard;
  const char                  *date;
  const char                  *place;
  const char                  *organizer;
  const DabiaoEventItemChoice *items;
  guint                        n_items;
  GPtrArray                   *stations;
  /* The age parts tested (standards grouped by age: 成年甲组 …), NULL:
   * every part; kept as the setting "parts". */
  const char * const          *parts;
} DabiaoEventInfo;

/* A deep copy of @info (for handing it to a worker thread), and its free. */
DabiaoEventInfo *dabiao_event_info_copy (const DabiaoEventInfo *info);
void             dabiao_event_info_free (DabiaoEventInfo       *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoEventInfo, dabiao_event_info_free)

/* Create a new event file at @path (refused if it exists), with the items of
 * the standard and their default numbers of attempts.  Returns the event
 * open for writing. */
DabiaoEvent *dabiao_event_create        (const char            *path,
                                         const DabiaoEventInfo *info,
                                         GError               **error);
/* Open an existing event file.  Refuses files that are not event files,
 * are damaged (truncated, corrupted: quick_check fails), come from a newer
 * version, or are already open for writing elsewhere. */
DabiaoEvent *dabiao_event_open          (const char            *path,
                                         DabiaoEventOpenFlags   flags,
                                         GError               **error);
/* Close the database and release the lock; the object stays valid but every
 * further call fails.  Also done when the last reference goes. */
void         dabiao_event_close         (DabiaoEvent           *self);
gboolean     dabiao_event_is_open_here  (const char            *path);

void         dabiao_event_open_async    (const char            *path,
                                         DabiaoEventOpenFlags   flags,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
DabiaoEvent *dabiao_event_open_finish   (GAsyncResult          *result,
                                         GError               **error);
void         dabiao_event_create_async  (const char            *path,
                                         const DabiaoEventInfo *info,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data);
DabiaoEvent *dabiao_event_create_finish (GAsyncResult          *result,
                                         GError               **error);

/* Runs @func (@task, its source object, task data, cancellable) on the
 * event's worker thread, after every operation queued before it: for work
 * that combines several synchronous calls (scoring a participant after a
 * record, reloading a roster) without a second thread on the connection.
 * @func returns through @task as in g_task_run_in_thread(); the task's
 * source object need not be the event. */
void         dabiao_event_run_in_worker (DabiaoEvent           *self,
                                         GTask                 *task,
                                         GTaskThreadFunc        func);

/* ---- Metadata ---------------------------------------------------------- */

const char  *dabiao_event_get_path      (DabiaoEvent *self);
const char  *dabiao_event_get_uuid      (DabiaoEvent *self);
const char  *dabiao_event_get_name      (DabiaoEvent *self);
const char  *dabiao_event_get_date      (DabiaoEvent *self);
const char  *dabiao_event_get_place     (DabiaoEvent *self);
const char  *dabiao_event_get_organizer (DabiaoEvent *self);
const char  *dabiao_event_get_standard  (DabiaoEvent *self);
gboolean     dabiao_event_get_read_only (DabiaoEvent *self);
/* Schema version of the file as opened (after migration). */
guint        dabiao_event_get_schema_version (DabiaoEvent *self);
/* The event's items, in order (element type DabiaoEventItem, owned by the
 * event; valid until the items change). */
GPtrArray   *dabiao_event_get_items     (DabiaoEvent *self);
/* The item named by @code: its code, national item number (e.g. "06") or
 * Chinese name; NULL if the event has no such item. */
const DabiaoEventItem *dabiao_event_find_item (DabiaoEvent *self,
                                               const char  *code);
/* Change how many attempts an item allows (audited). */
gboolean     dabiao_event_set_item_attempts (DabiaoEvent  *self,
                                             const char   *item,
                                             guint         attempts,
                                             GError      **error);

/* Defaults for rows recorded by this program: the station (default: the
 * host name) and the operator (default: the user's name). */
void         dabiao_event_set_station   (DabiaoEvent *self,
                                         const char  *station);
const char  *dabiao_event_get_station   (DabiaoEvent *self);
void         dabiao_event_set_operator  (DabiaoEvent *self,
                                         const char  *operator_name);
const char  *dabiao_event_get_operator  (DabiaoEvent *self);

/* Counts for a summary (event show, the app's header). */
typedef struct
{
  guint participants;
  guint measurements;     /* every row, void rows included */
  guint voided;           /* rows voided by another row */
  guint stations;
  guint certificates;
  guint audit_entries;
} DabiaoEventCounts;

gboolean     dabiao_event_get_counts    (DabiaoEvent        *self,
                                         DabiaoEventCounts  *counts,
                                         GError            **error);

/* A station as seen in the file: every name rows were recorded under. */
typedef struct
{
  char   *name;
  guint   measurements;   /* rows, void rows included */
  gint64  first_at;       /* recorded_at of its first and last row (µs) */
  gint64  last_at;
  char   *last_operator;
} DabiaoStationInfo;

void dabiao_station_info_free (DabiaoStationInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoStationInfo, dabiao_station_info_free)

/* The stations of the event, by name (element type DabiaoStationInfo). */
GPtrArray   *dabiao_event_list_stations (DabiaoEvent  *self,
                                         GError      **error);

/* ---- Station definitions ----------------------------------------------- */

/* The stations the organiser defined (element type DabiaoStationDefinition,
 * in the order they were defined; empty when none are).  They are stored in
 * the setting "stations" (JSON), so they travel with the file and a merge
 * takes the list that was changed last. */
GPtrArray   *dabiao_event_list_station_definitions  (DabiaoEvent                    *self,
                                                     GError                        **error);
/* The definition named @name, or NULL with DABIAO_ERROR_NOT_FOUND. */
DabiaoStationDefinition *dabiao_event_find_station_definition (DabiaoEvent   *self,
                                                               const char    *name,
                                                               GError       **error);
/* Replace every definition (audited).  Refused, with a message naming the
 * station, for an empty or duplicate name, a station without items, or an
 * item the event does not have; items may be given by code, national number
 * or name and are stored by code. */
gboolean     dabiao_event_set_station_definitions   (DabiaoEvent                    *self,
                                                     GPtrArray                      *definitions,
                                                     GError                        **error);
gboolean     dabiao_event_add_station_definition    (DabiaoEvent                    *self,
                                                     const DabiaoStationDefinition  *definition,
                                                     GError                        **error);
/* Replace the station named @name by @definition (which may rename it). */
gboolean     dabiao_event_update_station_definition (DabiaoEvent                    *self,
                                                     const char                     *name,
                                                     const DabiaoStationDefinition  *definition,
                                                     GError                        **error);
gboolean     dabiao_event_remove_station_definition (DabiaoEvent                    *self,
                                                     const char                     *name,
                                                     GError                        **error);

/* ---- Measurements ------------------------------------------------------ */

/* What to record.  Either @has_value with @value in the item's unit, or a
 * @special (or both: a foul may carry the value measured).  @reason is
 * required for EXEMPT and for corrections (@replaces); a MANUAL value may
 * carry one (why it was typed).
 * NULL @station/@operator_name: the event's defaults.  @measured_at: µs since
 * the epoch, 0 for now.  @replaces: the uuid of an earlier row this one
 * corrects; both rows stay, the old one reads as voided. */
typedef struct
{
  const char    *participant_id;
  const char    *item;
  gboolean       has_value;
  double         value;
  DabiaoSpecial  special;
  const char    *reason;
  DabiaoSource   source;
  const char    *instrument_id;
  GBytes        *raw_frame;
  const char    *station;
  const char    *operator_name;
  gint64         measured_at;
  const char    *replaces;
} DabiaoRecordRequest;

/* Append one measurement and commit it durably.  Refused (with a message
 * naming participant and item) for an unknown participant or item, a
 * non-finite value, or more attempts than the item allows (void one
 * first).  Returns the stored row. */
DabiaoMeasurement *dabiao_event_record        (DabiaoEvent                *self,
                                               const DabiaoRecordRequest  *request,
                                               GError                    **error);
void               dabiao_event_record_async  (DabiaoEvent                *self,
                                               const DabiaoRecordRequest  *request,
                                               GCancellable               *cancellable,
                                               GAsyncReadyCallback         callback,
                                               gpointer                    user_data);
DabiaoMeasurement *dabiao_event_record_finish (DabiaoEvent                *self,
                                               GAsyncResult               *result,
                                               GError                    **error);

/* Append many measurements in one transaction (imports, benchmarks). */
gboolean           dabiao_event_record_many   (DabiaoEvent                *self,
                                               const DabiaoRecordRequest  *requests,
                                               guint                       n_requests,
                                               GError                    **error);

/* Void the row @uuid with @reason: appends a VOID row for the same
 * participant and item.  Returns the new row. */
DabiaoMeasurement *dabiao_event_void          (DabiaoEvent   *self,
                                               const char    *uuid,
                                               const char    *reason,
                                               GError       **error);
void               dabiao_event_void_async    (DabiaoEvent         *self,
                                               const char          *uuid,
                                               const char          *reason,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
DabiaoMeasurement *dabiao_event_void_finish   (DabiaoEvent   *self,
                                               GAsyncResult  *result,
                                               GError       **error);

DabiaoMeasurement *dabiao_event_get_measurement (DabiaoEvent  *self,
                                                 const char   *uuid,
                                                 GError      **error);
/* Every row (void rows and voided rows included), of one participant or of
 * all (@participant_id NULL), ordered by participant, item, time.  Element
 * type DabiaoMeasurement. */
GPtrArray         *dabiao_event_list_measurements (DabiaoEvent  *self,
                                                   const char   *participant_id,
                                                   GError      **error);
void               dabiao_event_list_measurements_async  (DabiaoEvent         *self,
                                                          const char          *participant_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray         *dabiao_event_list_measurements_finish (DabiaoEvent   *self,
                                                          GAsyncResult  *result,
                                                          GError       **error);

/* ---- Results (derived) ------------------------------------------------- */

/* The result of one item for one participant.  The valid result is the
 * best valid attempt (highest or lowest per the item's direction; for items
 * without a direction, such as 身高, the latest).  Without a valid attempt,
 * @special is the latest special result (e.g. 免测 with its reason). */
typedef struct
{
  char          *item;
  gboolean       has_value;
  double         value;
  DabiaoSpecial  special;
  char          *reason;
  guint          n_attempts;   /* rows that are not VOID rows and not voided */
} DabiaoBestAttempt;

void dabiao_best_attempt_free (DabiaoBestAttempt *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoBestAttempt, dabiao_best_attempt_free)

/* Folds one counting row (not a void row, not voided; rows in order of
 * measurement time) into @result by the rule above: the one implementation
 * of "the best attempt", also for rows a server reduced. */
void dabiao_best_attempt_fold (DabiaoBestAttempt *result,
                               DabiaoBetter       better,
                               gboolean           has_value,
                               double             value,
                               DabiaoSpecial      special,
                               const char        *reason);

/* Called once per participant, in participant id order, with the results of
 * the event's items (element type DabiaoBestAttempt, in the event's item
 * order; items without any row have n_attempts 0).  Return FALSE (with
 * @error set) to stop. */
typedef gboolean (*DabiaoResultFunc) (DabiaoParticipant  *participant,
                                      GPtrArray          *results,
                                      gpointer            user_data,
                                      GError            **error);

/* Streams the results of every participant (constant memory: one pass over
 * the roster and one over the measurements). */
gboolean   dabiao_event_foreach_result  (DabiaoEvent       *self,
                                         DabiaoResultFunc   func,
                                         gpointer           user_data,
                                         GError           **error);
/* The results of one participant (element type DabiaoBestAttempt). */
GPtrArray *dabiao_event_get_results     (DabiaoEvent  *self,
                                         const char   *participant_id,
                                         GError      **error);
void       dabiao_event_get_results_async  (DabiaoEvent         *self,
                                            const char          *participant_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray *dabiao_event_get_results_finish (DabiaoEvent   *self,
                                            GAsyncResult  *result,
                                            GError       **error);

/* ---- Roster ------------------------------------------------------------ */

typedef enum
{
  DABIAO_PARTICIPANT_SORT_ID,
  DABIAO_PARTICIPANT_SORT_NAME,
  DABIAO_PARTICIPANT_SORT_CLASS,      /* class code, then id */
  DABIAO_PARTICIPANT_SORT_BIRTH_DATE,
} DabiaoParticipantSort;

/* Which participants a query returns.  All fields optional (0/NULL: any).
 * @search matches a substring of id, name, class name, 身份证号 or 单位.
 * @missing_item: only people without a valid result of that item (the
 * roster page's "still to test" view). */
typedef struct
{
  const char            *search;
  guint                  grade;
  const char            *class_code;
  guint                  sex;
  const char            *missing_item;
  DabiaoParticipantSort  sort;
  gboolean               descending;
} DabiaoParticipantQuery;

/* Participants matching @query (NULL: all), rows @offset … @offset+@limit-1
 * (@limit 0: all).  Element type DabiaoParticipant. */
GPtrArray         *dabiao_event_list_participants  (DabiaoEvent                  *self,
                                                    const DabiaoParticipantQuery *query,
                                                    guint                         offset,
                                                    guint                         limit,
                                                    GError                      **error);
/* How many participants match @query; -1 on error. */
gint64             dabiao_event_count_participants (DabiaoEvent                  *self,
                                                    const DabiaoParticipantQuery *query,
                                                    GError                      **error);
DabiaoParticipant *dabiao_event_get_participant    (DabiaoEvent                  *self,
                                                    const char                   *id,
                                                    GError                      **error);

/* One page of participants plus the total count, for the roster page. */
typedef struct
{
  GPtrArray *participants;   /* DabiaoParticipant */
  guint      total;
} DabiaoParticipantPage;

void dabiao_participant_page_free (DabiaoParticipantPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoParticipantPage, dabiao_participant_page_free)

/* @query is copied. */
void                   dabiao_event_query_participants_async  (DabiaoEvent                  *self,
                                                               const DabiaoParticipantQuery *query,
                                                               guint                         offset,
                                                               guint                         limit,
                                                               GCancellable                 *cancellable,
                                                               GAsyncReadyCallback           callback,
                                                               gpointer                      user_data);
DabiaoParticipantPage *dabiao_event_query_participants_finish (DabiaoEvent   *self,
                                                               GAsyncResult  *result,
                                                               GError       **error);

/* A roster row to add or update (all strings nullable = ""). */
typedef struct
{
  const char *id;
  const char *name;
  guint       sex;
  const char *birth_date;
  const char *id_card;
  guint       grade;
  const char *class_code;
  const char *class_name;
  const char *ethnicity;
  const char *address;
  const char *organization;
  const char *phone;
} DabiaoParticipantInfo;

/* Add participants, or update those whose id exists (their measurements are
 * untouched), in one transaction.  @id and @name are required and @sex must
 * be 1 or 2; no other validation (see dabiao_event_import_roster()).
 * @added and @updated (nullable) receive the counts; unchanged rows count
 * as neither. */
gboolean dabiao_event_add_participants (DabiaoEvent                  *self,
                                        const DabiaoParticipantInfo  *infos,
                                        guint                         n_infos,
                                        guint                        *added,
                                        guint                        *updated,
                                        GError                      **error);

/* What a roster import did (or would do, for a dry run). */
typedef struct
{
  char      *layout;         /* "student" or "adult" */
  guint      rows;           /* data rows read */
  guint      added;
  guint      updated;        /* existing ids whose fields changed */
  guint      unchanged;
  GPtrArray *problems;       /* char *: one message per bad row (file, row, column) */
  GPtrArray *warnings;       /* char *: what the national upload will need and the
                              * roster lacks (columns, empty cells, school codes) */
  GPtrArray *uncoded_schools;  /* char *: school names given without a code the
                                * event knows, named by @warnings[uncoded_warning - 1] */
  guint      uncoded_warning;
} DabiaoRosterReport;

void dabiao_roster_report_free (DabiaoRosterReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoRosterReport, dabiao_roster_report_free)

/* Import a roster (csv/xlsx/xls) in the national student layout (年级编号,
 * 班级编号, 班级名称, 学籍号, 民族代码, 姓名, 性别, 出生日期, 家庭住址, 身份证号)
 * or the general adult layout (编号, 姓名, 性别, 出生日期 or 身份证号, 单位,
 * 手机).  Every row is validated; if any row is bad nothing is written, the
 * report lists every problem and the call fails with the first one.
 * Otherwise all rows go in one transaction: new ids are added, known ids
 * updated, nobody is removed and no measurement is touched.  @dry_run:
 * validate and count only.  @report (nullable) receives the report, also
 * when validation fails. */
gboolean            dabiao_event_import_roster (DabiaoEvent          *self,
                                                const char           *path,
                                                gboolean              dry_run,
                                                DabiaoRosterReport  **report,
                                                GError              **error);
void                dabiao_event_import_roster_async  (DabiaoEvent         *self,
                                                       const char          *path,
                                                       gboolean             dry_run,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
DabiaoRosterReport *dabiao_event_import_roster_finish (DabiaoEvent   *self,
                                                       GAsyncResult  *result,
                                                       GError       **error);
/* The same, but @report is set also when the import was refused (then with
 * every problem, as a dry run lists them; NULL when the file could not be
 * read at all).  Free it with dabiao_roster_report_free(). */
gboolean            dabiao_event_import_roster_finish_full (DabiaoEvent          *self,
                                                            GAsyncResult         *result,
                                                            DabiaoRosterReport  **report,
                                                            GError              **error);

/* GB 11643-1999 citizen identity number check: 18 characters, the last the
 * ISO 7064 MOD 11-2 check character (0–9 or X).  On success returns TRUE and
 * sets @birth_date (YYYY-MM-DD, nullable out) and @sex (1 男, 2 女;
 * nullable).  The error message says what is wrong (length, digits, date,
 * expected check character); the caller adds file/row/column. */
gboolean dabiao_id_card_check (const char  *id_card,
                               char       **birth_date,
                               guint       *sex,
                               GError     **error);

/* ---- Merge ------------------------------------------------------------- */

typedef struct
{
  guint      measurements_added;
  guint      measurements_present;
  guint      participants_added;
  guint      certificates_added;
  guint      audit_added;
  GPtrArray *roster_differences;   /* char *: "ID: field here / there" */
  guint      settings_updated;     /* settings taken from the other file */
  GPtrArray *settings_taken;       /* char *: each setting taken, with its value, time and station */
  GPtrArray *settings_refused;     /* char *: each setting not taken and why (a clock more
                                    * than a day ahead of this one, a value that cannot be read) */
} DabiaoMergeReport;

void dabiao_merge_report_free (DabiaoMergeReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoMergeReport, dabiao_merge_report_free)
/* What a merge of the file @name did, in lines for a person (the counts,
 * then each roster difference and setting taken or refused, indented), as
 * `dabiao-cli merge` prints it and the window shows it. */
char *dabiao_merge_report_describe (const DabiaoMergeReport *report,
                                    const char              *name);

/* Bring the rows of another station's file of the same event (same event
 * uuid) into this one, keyed by uuid: idempotent, nothing is overwritten,
 * measurements of the same item from several stations stay as attempts.
 * Participants missing here are added; differing roster fields are only
 * reported.  The other file is verified first (every row hash, seal and
 * chain) and refused if anything does not verify.  Settings: the one set
 * last wins, but a time later than this computer's clock plus a day is
 * refused (a wrong clock must not win every later merge), as is a value
 * that cannot be read; every setting taken or refused is reported.  The
 * other file's stations get chain heads here too, so a tail dropped later
 * is named.  One transaction. */
DabiaoMergeReport *dabiao_event_merge (DabiaoEvent  *self,
                                       const char   *other_path,
                                       GError      **error);

/* ---- Verify and audit -------------------------------------------------- */

/* Run PRAGMA integrity_check and check every station's hash chain.
 * Returns TRUE when all is well.  Otherwise FALSE with @error set
 * (DABIAO_ERROR_INTEGRITY) and, when @problems is given, one message per
 * problem naming the row (station, sequence number, measurement uuid). */
gboolean   dabiao_event_verify (DabiaoEvent  *self,
                                GPtrArray   **problems,
                                GError      **error);

typedef struct
{
  char   *uuid;
  gint64  time;       /* µs since the epoch */
  char   *station;
  char   *operator_name;
  char   *action;     /* create, roster-import, void, merge, set-attempts, certificate */
  char   *detail;
} DabiaoAuditEntry;

void dabiao_audit_entry_free (DabiaoAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoAuditEntry, dabiao_audit_entry_free)

/* An audit entry in words, for people (the 成绩 page's history, `event
 * show`): the action named in Chinese and the detail read back from the
 * forms the event code writes ("名单.csv: 40 rows, +38 ~2" → "从 名单.csv
 * 导入名单：40 行，新增 38 人，更新 2 人"); a detail in a form not known
 * here is shown as it is.  @items (nullable; DabiaoEventItem): to name an
 * item by its name. */
char *dabiao_audit_entry_describe (const DabiaoAuditEntry *entry,
                                   GPtrArray              *items);

/* The audit log, newest first (element type DabiaoAuditEntry). */
GPtrArray *dabiao_event_list_audit (DabiaoEvent  *self,
                                    guint         offset,
                                    guint         limit,
                                    GError      **error);

/* ---- Certificates ------------------------------------------------------ */

typedef struct
{
  char   *uuid;
  char   *number;          /* 证书编号, unique in the event */
  char   *participant_id;
  char   *level;           /* 等级: 优秀/良好/及格 … */
  double  total;
  char   *issued_by;
  gint64  issued_at;       /* µs since the epoch */
  guint   reprints;        /* times printed again after the first issue */
} DabiaoCertificate;

void dabiao_certificate_free (DabiaoCertificate *certificate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoCertificate, dabiao_certificate_free)

/* Record that a certificate was issued (the number must be new).  Returns
 * the stored certificate with its uuid and time. */
DabiaoCertificate *dabiao_event_add_certificate   (DabiaoEvent  *self,
                                                   const char   *number,
                                                   const char   *participant_id,
                                                   const char   *level,
                                                   double        total,
                                                   const char   *issued_by,
                                                   GError      **error);
/* Every issued certificate, by number (element type DabiaoCertificate). */
GPtrArray         *dabiao_event_list_certificates (DabiaoEvent  *self,
                                                   GError      **error);
/* Record that certificate @number was printed again (audited as
 * "reprint"); @reprints (nullable) gets the new count: 1 for the first
 * reprint.  DABIAO_ERROR_NOT_FOUND when the number was never issued. */
gboolean           dabiao_event_record_reprint    (DabiaoEvent  *self,
                                                   const char   *number,
                                                   guint        *reprints,
                                                   GError      **error);

/* ---- Settings ---------------------------------------------------------- */

/* Key/value settings that travel with the event file, e.g.
 * "certificate-template" (JSON).  get: a copy of the value, or NULL (and no
 * error) when the key is not set.  set: audited ("setting"); @value NULL
 * removes the key.  A merge takes the other file's value of a key when it
 * was set later there (last writer wins, by time). */
char              *dabiao_event_get_setting       (DabiaoEvent  *self,
                                                   const char   *key,
                                                   GError      **error);
gboolean           dabiao_event_set_setting       (DabiaoEvent  *self,
                                                   const char   *key,
                                                   const char   *value,
                                                   GError      **error);
/* The age parts the event tests (成年甲组、成年乙组 …; the setting "parts",
 * chosen when the event was made), or NULL when it names none (every part
 * of the standard; then @error is not set either). */
char             **dabiao_event_get_parts         (DabiaoEvent  *self,
                                                   GError      **error);

G_END_DECLS
