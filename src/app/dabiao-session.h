/* dabiao-session.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-event.h"
#include "dabiao-roster-model.h"

G_BEGIN_DECLS

/* One open event as the app uses it.
 *
 * Threads: every function in this header is for the GTK main thread.  The
 * _async ones queue their work on the event's worker (in call order) and
 * complete on the main loop; the others read memory only.  The DabiaoEvent
 * from dabiao_session_get_event() may be used on the main thread only
 * through what dabiao-event.h lists as main-thread calls; hand the rest to
 * dabiao_event_run_in_worker() and pass that thread what it needs (the
 * event, copies), never the window or the session's mutable state. */

/* Where a participant stands on one item: attempts, best result, score. */
typedef struct
{
  char     *measurement_uuid;  /* the row just recorded, or NULL */
  guint     attempt;           /* its attempt number */
  guint     n_attempts;        /* attempts at the item so far */
  guint     allowed;           /* attempts the event allows */
  char     *best_text;         /* the item's valid result for people, or NULL */
  char     *special;           /* 免测, 缺测 … when that is the result, or NULL */
  gboolean  item_scored;
  int       item_score;
  gboolean  low_confidence;
  gboolean  complete;
  int       total_tenths;
  char     *level;             /* 等级 when complete */
  char     *problem;           /* why the participant cannot be scored (no birth date …), or NULL */
  char     *group;             /* the age group (standards grouped by age), or NULL */
  gboolean  not_applicable;    /* not an item of this person (their grade or age group, and sex), nothing recorded */
} DabiaoStanding;

void dabiao_standing_free (DabiaoStanding *standing);

/* Where a participant is at one item, for the station's queue. */
typedef enum
{
  DABIAO_ITEM_STATE_OPEN,    /* attempts left, none used */
  DABIAO_ITEM_STATE_STARTED, /* attempts used and attempts left: 未测完 */
  DABIAO_ITEM_STATE_DONE,    /* every allowed attempt used: 已测完 */
  DABIAO_ITEM_STATE_ABSENT,  /* 缺测 is the latest result */
  DABIAO_ITEM_STATE_EXEMPT,  /* 免测 */
  DABIAO_ITEM_STATE_NOT_APPLICABLE,  /* not an item of theirs (800米 for a boy), nothing recorded */
} DabiaoItemState;

/* @special: the item's special result (免测, 缺测 …) when it has no valid
 * value, or NULL. */
DabiaoItemState dabiao_item_state (guint       n_attempts,
                                   guint       allowed,
                                   const char *special);
DabiaoItemState dabiao_standing_get_state (const DabiaoStanding *standing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoStanding, dabiao_standing_free)

/* What the results page shows. */
typedef struct
{
  guint       participants;
  guint       complete;
  guint       measurements;
  double      pass_rate;       /* % of complete participants above the lowest level; -1 if none */
  GStrv       item_names;      /* the event's items */
  guint      *item_done;       /* participants with a result per item */
  guint      *item_expected;   /* participants each item applies to (group, sex) */
  gboolean    by_age;          /* groups are age groups (国民体质), not school years */
  gboolean    item_levels;     /* the standard gives single items levels (pass rates per item) */
  GStrv       groups;          /* "一年级\n男", "20～24岁组\n女" … */
  GStrv       levels;          /* the standard's levels of the total, best first (优秀 … 不及格) */
  double     *distribution;    /* groups × levels */
  GStrv       pass_items;      /* scored items with at least one score */
  double     *pass_rates;      /* % per pass item */
  GPtrArray  *recent;          /* DabiaoMeasurement, newest first */
  GHashTable *names;           /* participant id → name, for the recent rows */
  GStrv       classes;         /* class names (or codes), in code order */
  guint      *class_total;     /* participants per class */
  guint      *class_complete;  /* of them, every item measured or exempt */
  GPtrArray  *audit;           /* DabiaoAuditEntry, newest first (at most 50) */
} DabiaoOverview;

void dabiao_overview_free (DabiaoOverview *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoOverview, dabiao_overview_free)

/* One row of a participant that counts (not a void row, not voided): what
 * 更正/作废 on the results page acts on. */
typedef struct
{
  char          *uuid;
  char          *item;       /* the item's code */
  guint          attempt;
  gboolean       has_value;
  double         value;      /* in the item's unit */
  DabiaoSpecial  special;
  char          *reason;
  char          *shown;      /* "8.2 秒", "犯规" */
  char          *typed;      /* the value as a person types it ("8.2", "3'45\""), or "" */
  char          *when;       /* "10:42 · 手工" */
} DabiaoPersonAttempt;

void dabiao_person_attempt_free (DabiaoPersonAttempt *attempt);
char *dabiao_session_format_value (const DabiaoEventItem *item,
                                   double                 value);

/* A 更正 or 作废 of one of the participant's rows, as the audit keeps it. */
typedef struct
{
  char *title;    /* "50米跑：7.5 秒 → 8.6 秒", "立定跳远：230 厘米 → 作废" */
  char *detail;   /* "2026-10-15 10:42:07 · 站 · 操作员 · 原因：…" */
} DabiaoPersonChange;

/* One participant's results: one line per item of the event. */
typedef struct
{
  char      *id;          /* 学籍号 / 编号 */
  char      *name;        /* 姓名 and id, for the heading */
  GPtrArray *items;       /* char *: "50米跑", parallel to the three below */
  GPtrArray *codes;       /* char *: the items' codes */
  GPtrArray *values;      /* char *: "8.1", "免测", "" */
  GPtrArray *scores;      /* char *: "85", "" */
  GPtrArray *attempts;    /* DabiaoPersonAttempt: the rows that count, by item and time */
  GPtrArray *changes;     /* DabiaoPersonChange: every 更正/作废, oldest first */
  char      *total;       /* "85.2 良好", or NULL when not complete */
  char      *notes;       /* what is missing (备注) */
} DabiaoPersonView;

void dabiao_person_view_free (DabiaoPersonView *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoPersonView, dabiao_person_view_free)

#define DABIAO_TYPE_SESSION (dabiao_session_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoSession, dabiao_session, DABIAO, SESSION, GObject)

void               dabiao_session_open_async       (const char             *path,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
DabiaoSession     *dabiao_session_open_finish      (GAsyncResult           *result,
                                                    GError                **error);
void               dabiao_session_create_async     (const char             *path,
                                                    const DabiaoEventInfo  *info,
                                                    GPtrArray              *participants,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
DabiaoSession     *dabiao_session_create_finish    (GAsyncResult           *result,
                                                    GError                **error);

DabiaoEvent       *dabiao_session_get_event        (DabiaoSession          *self);
DabiaoRosterModel *dabiao_session_get_roster       (DabiaoSession          *self);
GPtrArray         *dabiao_session_get_items        (DabiaoSession          *self);
const DabiaoEventItem *dabiao_session_find_item    (DabiaoSession          *self,
                                                    const char             *name_or_code);
void                   dabiao_session_set_item_attempts (DabiaoSession      *self,
                                                         const char         *code,
                                                         guint               attempts);
int                dabiao_session_get_decimals     (DabiaoSession          *self,
                                                    const char             *item);
const char * const *dabiao_session_get_total_level_names (DabiaoSession          *self);
gboolean           dabiao_session_is_by_age        (DabiaoSession          *self);
DabiaoStandard    *dabiao_session_get_standard     (DabiaoSession          *self);
/* The age parts the event tests, or NULL: every part of its standard. */
const char * const *dabiao_session_get_parts      (DabiaoSession          *self);
void               dabiao_session_close            (DabiaoSession          *self);
void               dabiao_session_close_async      (DabiaoSession          *self,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
gboolean           dabiao_session_close_finish     (DabiaoSession          *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);

void               dabiao_session_record_async     (DabiaoSession             *self,
                                                    const DabiaoRecordRequest *request,
                                                    GCancellable              *cancellable,
                                                    GAsyncReadyCallback        callback,
                                                    gpointer                   user_data);
DabiaoStanding    *dabiao_session_record_finish    (DabiaoSession          *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);
void               dabiao_session_standing_async   (DabiaoSession          *self,
                                                    const char             *participant_id,
                                                    const char             *item,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
DabiaoStanding    *dabiao_session_standing_finish  (DabiaoSession          *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);
void               dabiao_session_summarize_async  (DabiaoSession          *self,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
DabiaoOverview     *dabiao_session_summarize_finish (DabiaoSession          *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);
void               dabiao_session_void_async       (DabiaoSession          *self,
                                                    const char             *uuid,
                                                    const char             *reason,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
gboolean           dabiao_session_void_finish      (DabiaoSession          *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);
void               dabiao_session_import_async     (DabiaoSession          *self,
                                                    const char             *path,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
gboolean           dabiao_session_import_finish_full (DabiaoSession        *self,
                                                      GAsyncResult         *result,
                                                      DabiaoRosterReport  **report,
                                                      GError              **error);
void               dabiao_session_reload_roster_async  (DabiaoSession       *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           dabiao_session_reload_roster_finish (DabiaoSession       *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void               dabiao_session_update_participant_async  (DabiaoSession       *self,
                                                             const char          *id,
                                                             const char          *name,
                                                             guint                sex,
                                                             const char          *birth_date,
                                                             int                  grade,
                                                             const char          *class_name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           dabiao_session_update_participant_finish (DabiaoSession       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* The state (DabiaoItemState) of each of @ids at @item: id → GINT_TO_POINTER. */
void                 dabiao_session_item_states_async  (DabiaoSession       *self,
                                                        const char * const  *ids,
                                                        const char          *item,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GHashTable          *dabiao_session_item_states_finish (DabiaoSession       *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                 dabiao_session_person_async  (DabiaoSession       *self,
                                                   const char          *participant_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
DabiaoPersonView *dabiao_session_person_finish (DabiaoSession       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
