/* dabiao-session.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-event-register.h"
#include "dabiao-pinyin.h"
#include "dabiao-reading.h"
#include "dabiao-results-stats.h"
#include "dabiao-session-private.h"

/* One open event as the app uses it: the event file (DabiaoEvent), the
 * results module for its standard (DabiaoResults: every score, level,
 * total and rate the app shows comes from there), the roster model the
 * pages share, the event's items.
 *
 * The file operations are the event's own _async calls (open, create,
 * record, void, import); what the app adds to them (scoring, the roster
 * rows with their status) runs after them on the event's worker thread
 * (dabiao_event_run_in_worker()), so every use of the connection is queued
 * in call order on one thread and the main loop never waits for sqlite.  A
 * record completes only after dabiao_event_record_async() has committed
 * durably, so "saved" is never shown early.
 *
 * The results page's overview is in dabiao-session-overview.c; one
 * participant's results, and where each participant stands at an item (the
 * station's queue), in dabiao-session-person.c.  Their statistics and
 * scores come from the results module (src/core/results/). */

G_DEFINE_FINAL_TYPE (DabiaoSession, dabiao_session, G_TYPE_OBJECT)

void
dabiao_standing_free (DabiaoStanding *standing)
{
  if (standing == NULL)
    return;
  g_free (standing->measurement_uuid);
  g_free (standing->best_text);
  g_free (standing->special);
  g_free (standing->level);
  g_free (standing->problem);
  g_free (standing->group);
  g_free (standing);
}

static void
close_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  dabiao_event_close (task_data);
  g_task_return_boolean (task, TRUE);
}

/* Closing waits for the operation running and may checkpoint the file:
 * the event's worker does it, after everything queued before. */
static void
close_on_worker (DabiaoEvent *event,
                 GTask       *task)
{
  g_task_set_task_data (task, g_object_ref (event), g_object_unref);
  dabiao_event_run_in_worker (event, task, close_thread);
}

static void
dabiao_session_finalize (GObject *object)
{
  DabiaoSession *self = DABIAO_SESSION (object);

  if (self->event != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

      close_on_worker (self->event, task);
    }
  g_clear_object (&self->event);
  g_clear_pointer (&self->results, dabiao_results_unref);
  g_clear_object (&self->roster);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (dabiao_session_parent_class)->finalize (object);
}

static void
dabiao_session_class_init (DabiaoSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dabiao_session_finalize;
}

static void
dabiao_session_init (DabiaoSession *self)
{
  self->roster = dabiao_roster_model_new ();
}

/* ---- best attempts → person → status ------------------------------------- */

/* @participant's results as the results module gives them; NULL when the
 * event's standard is not installed. */
DabiaoResultsPerson *
_dabiao_session_person_of (DabiaoEvent       *event,
                           DabiaoResults     *results,
                           DabiaoParticipant *participant,
                           GPtrArray         *attempts)
{
  if (results == NULL)
    return NULL;
  return dabiao_results_person_from_event (results, event, participant, attempts, NULL);
}

static DabiaoRosterStatus
status_of (const DabiaoResultsPerson *person,
           GPtrArray                 *attempts)
{
  DabiaoRosterStatus status = DABIAO_ROSTER_STATUS_UNTESTED;

  for (guint i = 0; i < attempts->len; i++)
    {
      DabiaoBestAttempt *r = g_ptr_array_index (attempts, i);

      if (!r->has_value && r->special == DABIAO_SPECIAL_EXEMPT)
        return DABIAO_ROSTER_STATUS_EXEMPT;
      if (r->n_attempts > 0)
        status = DABIAO_ROSTER_STATUS_MISSING;
    }
  /* Nothing measured yet: 未测; else complete or missing items. */
  return person != NULL && person->has_total ? DABIAO_ROSTER_STATUS_COMPLETE : status;
}

/* ---- loading ------------------------------------------------------------ */

typedef struct
{
  GPtrArray      *participants;   /* DabiaoParticipantInfo copies, for create */
  /* results */
  DabiaoEvent    *event;
  DabiaoResults  *results;
  GPtrArray      *roster;         /* DabiaoRosterItem */
  char           *path;           /* for open, until it starts */
  guint           open_waits;
} LoadData;

static void
free_participant_info (gpointer data)
{
  DabiaoParticipantInfo *p = data;

  g_free ((char *) p->id);
  g_free ((char *) p->name);
  g_free ((char *) p->class_code);
  g_free ((char *) p->class_name);
  g_free ((char *) p->birth_date);
  g_free ((char *) p->organization);
  g_free (p);
}

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->participants, g_ptr_array_unref);
  if (data->event != NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

      close_on_worker (data->event, task);
    }
  g_clear_object (&data->event);
  g_clear_pointer (&data->results, dabiao_results_unref);
  g_clear_pointer (&data->roster, g_ptr_array_unref);
  g_free (data->path);
  g_free (data);
}

typedef struct
{
  DabiaoEvent   *event;
  GHashTable    *by_id;    /* id → DabiaoRosterItem */
  DabiaoResults *results;
} StatusPass;

static gboolean
status_cb (DabiaoParticipant  *participant,
           GPtrArray          *attempts,
           gpointer            user_data,
           GError            **error)
{
  StatusPass *pass = user_data;
  DabiaoRosterItem *item = g_hash_table_lookup (pass->by_id, dabiao_participant_get_id (participant));
  g_autoptr(DabiaoResultsPerson) person = NULL;

  if (item == NULL)
    return TRUE;
  person = _dabiao_session_person_of (pass->event, pass->results, participant, attempts);
  dabiao_roster_item_set_status (item, status_of (person, attempts));
  /* Standards grouped by age: the group the person is scored in. */
  if (person != NULL && dabiao_results_is_by_age (pass->results))
    {
      dabiao_roster_item_set_group (item, person->group, person->group != NULL ? person->group_order - 1 : G_MAXINT);
      /* In none: said, as on the badge (findings-15c #12: a blank cell). */
      dabiao_roster_item_set_group_note (item, person->group == NULL && person->problem != NULL
                                               ? dabiao_results_person_get_group_shown (person) : NULL);
    }
  return TRUE;
}

/* In a worker thread: the roster as rows for the pages, with status. */
static GPtrArray *
load_roster (DabiaoEvent    *event,
             DabiaoResults  *results,
             GError        **error)
{
  g_autoptr(GPtrArray) participants = dabiao_event_list_participants (event, NULL, 0, 0, error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(DabiaoPinyin) pinyin = dabiao_pinyin_new ();
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) merged = NULL;
  GHashTableIter iter;
  gpointer merged_id, into;
  StatusPass pass;

  if (participants == NULL)
    return NULL;
  merged = dabiao_event_list_merged_ids (event, error);
  if (merged == NULL)
    return NULL;

  rows = g_ptr_array_new_full (participants->len, g_object_unref);
  for (guint i = 0; i < participants->len; i++)
    {
      DabiaoParticipant *p = g_ptr_array_index (participants, i);
      const char *class_name = dabiao_participant_get_class_name (p);
      g_autofree char *initials = dabiao_pinyin_initials (pinyin, dabiao_participant_get_name (p));
      DabiaoRosterItem *row;

      if (class_name[0] == '\0')
        class_name = dabiao_participant_get_class_code (p);
      if (class_name[0] == '\0')
        class_name = dabiao_participant_get_organization (p);
      row = dabiao_roster_item_new (dabiao_participant_get_id (p), dabiao_participant_get_name (p),
                                    (int) dabiao_participant_get_sex (p),
                                    (int) dabiao_participant_get_grade (p), class_name);
      dabiao_roster_item_set_initials (row, initials);
      dabiao_roster_item_set_id_card (row, dabiao_participant_get_id_card (p));
      g_ptr_array_add (rows, row);
      g_hash_table_insert (by_id, (char *) dabiao_roster_item_get_id (row), row);
    }

  /* A second desk's 编号 of the same person checks this one in. */
  g_hash_table_iter_init (&iter, merged);
  while (g_hash_table_iter_next (&iter, &merged_id, &into))
    {
      DabiaoRosterItem *row = g_hash_table_lookup (by_id, into);

      if (row != NULL)
        dabiao_roster_item_add_merged_id (row, merged_id);
    }

  pass.event = event;
  pass.by_id = by_id;
  pass.results = results;
  if (!dabiao_event_foreach_result (event, status_cb, &pass, error))
    return NULL;

  return g_steal_pointer (&rows);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  if (data->participants != NULL && data->participants->len > 0)
    {
      g_autofree DabiaoParticipantInfo *infos = g_new0 (DabiaoParticipantInfo, data->participants->len);

      for (guint i = 0; i < data->participants->len; i++)
        infos[i] = *(DabiaoParticipantInfo *) g_ptr_array_index (data->participants, i);
      if (!dabiao_event_add_participants (data->event, infos, data->participants->len,
                                          NULL, NULL, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  /* A standard the program does not know still opens: no scores then. */
  {
    g_autoptr(DabiaoStandard) standard = dabiao_standard_load (dabiao_event_get_standard (data->event), NULL);

    g_auto(GStrv) parts = NULL;

    if (standard != NULL)
      data->results = dabiao_results_new (standard, dabiao_event_get_date (data->event));
    /* The age parts the event tests: the others are not scored. */
    parts = dabiao_event_get_parts (data->event, &error);
    if (error != NULL)
      {
        g_task_return_error (task, error);
        return;
      }
    if (data->results != NULL)
      dabiao_results_set_parts (data->results, (const char * const *) parts);
  }

  data->roster = load_roster (data->event, data->results, &error);
  if (data->roster == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* On the main context: the file is open (or created); the rest of the
 * loading runs on the event's worker. */
static void
event_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_task_get_source_tag (task) == dabiao_session_create_async)
    data->event = dabiao_event_create_finish (result, &error);
  else
    data->event = dabiao_event_open_finish (result, &error);
  if (data->event == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  dabiao_event_run_in_worker (data->event, task, load_thread);
}

static DabiaoSession *
finish_load (GAsyncResult  *result,
             GError       **error)
{
  GTask *task = G_TASK (result);
  LoadData *data;
  DabiaoSession *self;
  GPtrArray *items;

  if (!g_task_propagate_boolean (task, error))
    return NULL;

  data = g_task_get_task_data (task);
  self = g_object_new (DABIAO_TYPE_SESSION, NULL);
  self->event = g_steal_pointer (&data->event);
  self->results = g_steal_pointer (&data->results);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);
  items = dabiao_event_get_items (self->event);
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (self->items, dabiao_event_item_copy (g_ptr_array_index (items, i)));
  dabiao_roster_model_set_items (self->roster, data->roster);
  return self;
}

static gboolean start_open_cb (gpointer user_data);

/**
 * dabiao_session_open_async:
 *
 * Opens an event file, loads its roster (with each participant's status)
 * and its standard, in a worker thread; after a close of the same file
 * by this program, if one is still under way.
 */
void
dabiao_session_open_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);

  g_task_set_source_tag (task, dabiao_session_open_async);
  data->path = g_strdup (path);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  start_open_cb (task);
}

/* A window closed holds its event until its callbacks have run and its
 * worker has closed the file: opening the same event again at once (the
 * same window or another) was refused as "正被本程序使用".  While no
 * window shows it (the window checks that first) and this program still
 * holds it, the open waits for it, up to a limit. */
#define OPEN_WAIT_MS 100
#define OPEN_WAIT_LIMIT 150   /* × OPEN_WAIT_MS: 15 s */

static gboolean
start_open_cb (gpointer user_data)
{
  GTask *task = user_data;
  LoadData *data = g_task_get_task_data (task);

  if (dabiao_event_is_open_here (data->path) && data->open_waits++ < OPEN_WAIT_LIMIT
      && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_timeout_add (OPEN_WAIT_MS, start_open_cb, task);
      return G_SOURCE_REMOVE;
    }
  dabiao_event_open_async (data->path, DABIAO_EVENT_OPEN_NONE, g_task_get_cancellable (task),
                           event_opened_cb, task);
  return G_SOURCE_REMOVE;
}

DabiaoSession *
dabiao_session_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return finish_load (result, error);
}

/**
 * dabiao_session_create_async:
 * @participants: (nullable) (element-type DabiaoParticipantInfo): a roster to add
 *
 * Creates an event file (refused if @path exists) and opens it.
 */
void
dabiao_session_create_async (const char            *path,
                             const DabiaoEventInfo *info,
                             GPtrArray             *participants,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);

  data->participants = g_ptr_array_new_with_free_func (free_participant_info);
  for (guint i = 0; participants != NULL && i < participants->len; i++)
    {
      const DabiaoParticipantInfo *src = g_ptr_array_index (participants, i);
      DabiaoParticipantInfo *copy = g_new0 (DabiaoParticipantInfo, 1);

      copy->id = g_strdup (src->id);
      copy->name = g_strdup (src->name);
      copy->sex = src->sex;
      copy->grade = src->grade;
      copy->class_code = g_strdup (src->class_code);
      copy->class_name = g_strdup (src->class_name);
      copy->birth_date = g_strdup (src->birth_date);
      copy->organization = g_strdup (src->organization);
      g_ptr_array_add (data->participants, copy);
    }
  g_task_set_source_tag (task, dabiao_session_create_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  dabiao_event_create_async (path, info, cancellable, event_opened_cb, task);
}

DabiaoSession *
dabiao_session_create_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return finish_load (result, error);
}

/* ---- accessors ---------------------------------------------------------- */

DabiaoEvent *
dabiao_session_get_event (DabiaoSession *self)
{
  g_return_val_if_fail (DABIAO_IS_SESSION (self), NULL);

  return self->event;
}

DabiaoRosterModel *
dabiao_session_get_roster (DabiaoSession *self)
{
  g_return_val_if_fail (DABIAO_IS_SESSION (self), NULL);

  return self->roster;
}

/**
 * dabiao_session_get_items:
 *
 * Returns: (transfer none) (element-type DabiaoEventItem): the event's items
 */
GPtrArray *
dabiao_session_get_items (DabiaoSession *self)
{
  g_return_val_if_fail (DABIAO_IS_SESSION (self), NULL);

  return self->items;
}

const DabiaoEventItem *
dabiao_session_find_item (DabiaoSession *self,
                          const char    *name_or_code)
{
  g_return_val_if_fail (DABIAO_IS_SESSION (self), NULL);

  for (guint i = 0; name_or_code != NULL && i < self->items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (self->items, i);

      if (g_str_equal (item->code, name_or_code) || g_str_equal (item->name, name_or_code))
        return item;
    }
  return NULL;
}

/**
 * dabiao_session_set_item_attempts:
 *
 * Updates the session's copy of an item after the event's attempts for it
 * were changed (main thread; the event itself is changed on its worker).
 */
void
dabiao_session_set_item_attempts (DabiaoSession *self,
                                  const char    *code,
                                  guint          attempts)
{
  g_return_if_fail (DABIAO_IS_SESSION (self));

  for (guint i = 0; code != NULL && attempts > 0 && i < self->items->len; i++)
    {
      DabiaoEventItem *item = g_ptr_array_index (self->items, i);

      if (g_str_equal (item->code, code))
        item->attempts = attempts;
    }
}

int
dabiao_session_get_decimals (DabiaoSession *self,
                             const char    *item)
{
  g_return_val_if_fail (DABIAO_IS_SESSION (self), 1);

  {
    const DabiaoItem *it = self->results != NULL ? dabiao_standard_lookup_item (dabiao_results_get_standard (self->results), item)
                                                 : NULL;

    return it != NULL ? (int) it->decimals : 1;
  }
}

/**
 * dabiao_session_get_total_level_names:
 *
 * Returns: (transfer none): the levels of the total in the event's standard, best first
 *   (empty when the standard is not installed)
 */
/* TRUE when the event's standard groups people by age (国民体质). */
gboolean
dabiao_session_is_by_age (DabiaoSession *self)
{
  g_return_val_if_fail (DABIAO_IS_SESSION (self), FALSE);

  return self->results != NULL && dabiao_results_is_by_age (self->results);
}

/**
 * dabiao_session_get_standard:
 *
 * Returns: (transfer none) (nullable): the event's standard, NULL when it is
 *   not installed
 */
DabiaoStandard *
dabiao_session_get_standard (DabiaoSession *self)
{
  g_return_val_if_fail (DABIAO_IS_SESSION (self), NULL);

  return self->results != NULL ? dabiao_results_get_standard (self->results) : NULL;
}

const char * const *
dabiao_session_get_parts (DabiaoSession *self)
{
  g_return_val_if_fail (DABIAO_IS_SESSION (self), NULL);

  return self->results != NULL ? dabiao_results_get_parts (self->results) : NULL;
}

const char * const *
dabiao_session_get_total_level_names (DabiaoSession *self)
{
  g_return_val_if_fail (DABIAO_IS_SESSION (self), NULL);

  {
    static const char * const none[] = { NULL };

    return self->results != NULL ? dabiao_results_get_total_level_names (self->results) : none;
  }
}

/**
 * dabiao_session_close:
 *
 * Closes the event file on its worker, after the operations queued before;
 * does not wait, but holds the application until it is closed.
 * (dabiao_session_close_async() tells when it is closed.)
 */
static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GApplication *app = user_data;

  if (app != NULL)
    {
      g_application_release (app);
      g_object_unref (app);
    }
}

void
dabiao_session_close (DabiaoSession *self)
{
  GApplication *app = g_application_get_default ();

  g_return_if_fail (DABIAO_IS_SESSION (self));

  /* The app does not quit before the file is closed. */
  if (app != NULL)
    g_application_hold (g_object_ref (app));
  dabiao_session_close_async (self, NULL, closed_cb, app);
}

void
dabiao_session_close_async (DabiaoSession       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_session_close_async);
  if (self->event == NULL)
    g_task_return_boolean (task, TRUE);
  else
    close_on_worker (self->event, task);
}

gboolean
dabiao_session_close_finish (DabiaoSession  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- standing, record ----------------------------------------------------- */

typedef struct
{
  char              *participant_id;
  char              *item;
  DabiaoMeasurement *measurement;  /* the row just recorded, or NULL */
} StandingData;

static void
standing_data_free (StandingData *data)
{
  g_free (data->participant_id);
  g_free (data->item);
  g_clear_object (&data->measurement);
  g_free (data);
}

DabiaoItemState
dabiao_item_state (guint       n_attempts,
                   guint       allowed,
                   const char *special)
{
  if (g_strcmp0 (special, "免测") == 0)
    return DABIAO_ITEM_STATE_EXEMPT;
  if (g_strcmp0 (special, "缺测") == 0)
    return DABIAO_ITEM_STATE_ABSENT;
  if (allowed > 0 && n_attempts >= allowed)
    return DABIAO_ITEM_STATE_DONE;
  return DABIAO_ITEM_STATE_OPEN;
}

DabiaoItemState
dabiao_standing_get_state (const DabiaoStanding *standing)
{
  return dabiao_item_state (standing->n_attempts, standing->allowed, standing->special);
}

/* The item of @person the event calls @code. */
const DabiaoResultsItem *
_dabiao_session_find_result (const DabiaoResultsPerson *person,
                             const DabiaoEventItem     *item)
{
  for (guint i = 0; item != NULL && person != NULL && i < person->results->len; i++)
    {
      const DabiaoResultsItem *r = g_ptr_array_index (person->results, i);

      if (r->item != NULL ? g_str_equal (r->item->code, item->code) : g_str_equal (r->name, item->name))
        return r;
    }
  return NULL;
}

/* Whether @item is for @person (dabiao_results_person_takes_item()).
 * Without a standard every item counts. */
gboolean
_dabiao_session_item_applies (const DabiaoResultsPerson *person,
                              const DabiaoEventItem     *item)
{
  if (person == NULL)
    return TRUE;
  return dabiao_results_person_takes_item (person, item->code, item->name);
}

/* In a worker thread. */
static DabiaoStanding *
compute_standing (DabiaoSession  *self,
                  const char     *participant_id,
                  const char     *item_code,
                  GError        **error)
{
  g_autoptr(DabiaoParticipant) participant = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(DabiaoResultsPerson) person = NULL;
  g_autoptr(DabiaoStanding) standing = g_new0 (DabiaoStanding, 1);
  /* The event's own item (this is its worker): attempts may have changed. */
  const DabiaoEventItem *item = dabiao_event_find_item (self->event, item_code);
  const DabiaoResultsItem *r;

  participant = dabiao_event_get_participant (self->event, participant_id, error);
  if (participant == NULL)
    return NULL;
  attempts = dabiao_event_get_results (self->event, participant_id, error);
  if (attempts == NULL)
    return NULL;

  standing->allowed = item != NULL ? item->attempts : 0;
  for (guint i = 0; i < attempts->len; i++)
    {
      DabiaoBestAttempt *a = g_ptr_array_index (attempts, i);

      if (item == NULL || !g_str_equal (a->item, item->code))
        continue;
      standing->n_attempts = a->n_attempts;
      if (!a->has_value && a->special != DABIAO_SPECIAL_NONE)
        standing->special = g_strdup (dabiao_special_to_string (a->special));
      else if (a->has_value)
        standing->best_text = dabiao_event_item_format_value (item, a->value);
    }

  /* Scores, levels and totals: the results module's. */
  person = _dabiao_session_person_of (self->event, self->results, participant, attempts);
  if (person == NULL)
    return g_steal_pointer (&standing);
  r = _dabiao_session_find_result (person, item);
  if (r != NULL && r->has_value)
    {
      g_free (standing->best_text);
      standing->best_text = g_strdup (r->display);
    }
  standing->not_applicable = !_dabiao_session_item_applies (person, item);
  if (person->problem != NULL)
    standing->problem = g_strdup (person->problem);
  else
    {
      standing->item_scored = r != NULL && r->has_score;
      standing->item_score = r != NULL ? r->score : 0;
      standing->low_confidence = r != NULL && r->low_confidence;
      standing->complete = person->has_total;
      standing->total_tenths = person->total_tenths;
      standing->level = g_strdup (person->level);
      if (dabiao_results_is_by_age (self->results))
        standing->group = g_strdup (person->group);
    }

  return g_steal_pointer (&standing);
}

/* On the event's worker.  After a record the row is on disk whatever
 * happens to scoring, so a failure there still reports the record. */
static void
standing_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  StandingData *data = task_data;
  GError *error = NULL;
  DabiaoStanding *standing = compute_standing (source_object, data->participant_id, data->item, &error);

  if (data->measurement == NULL)
    {
      if (standing == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, standing, (GDestroyNotify) dabiao_standing_free);
      return;
    }

  if (standing == NULL)
    {
      g_clear_error (&error);
      standing = g_new0 (DabiaoStanding, 1);
    }
  standing->measurement_uuid = g_strdup (dabiao_measurement_get_uuid (data->measurement));
  standing->attempt = dabiao_measurement_get_attempt (data->measurement);
  g_task_return_pointer (task, standing, (GDestroyNotify) dabiao_standing_free);
}

/* After an event operation: fails @task with @error when it gave nothing
 * (@done is NULL), else queues @next on the event's worker. */
static void
continue_in_worker (GTask           *task,
                    gconstpointer    done,
                    GError          *error,
                    GTaskThreadFunc  next)
{
  DabiaoSession *self = g_task_get_source_object (task);

  if (done == NULL)
    g_task_return_error (task, error);
  else
    dabiao_event_run_in_worker (self->event, task, next);
}

static void
recorded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StandingData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->measurement = dabiao_event_record_finish (DABIAO_EVENT (object), result, &error);
  continue_in_worker (task, data->measurement, error, standing_thread);
}

/**
 * dabiao_session_record_async:
 * @request: what to record (copied)
 *
 * Records durably, then computes the participant's standing on the item.
 */
void
dabiao_session_record_async (DabiaoSession             *self,
                             const DabiaoRecordRequest *request,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  GTask *task;
  StandingData *data;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  data = g_new0 (StandingData, 1);
  data->participant_id = g_strdup (request->participant_id);
  data->item = g_strdup (request->item);
  g_task_set_source_tag (task, dabiao_session_record_async);
  g_task_set_task_data (task, data, (GDestroyNotify) standing_data_free);
  dabiao_event_record_async (self->event, request, cancellable, recorded_cb, task);
}

DabiaoStanding *
dabiao_session_record_finish (DabiaoSession  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}


void
dabiao_session_standing_async (DabiaoSession       *self,
                               const char          *participant_id,
                               const char          *item,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StandingData *data;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  data = g_new0 (StandingData, 1);
  data->participant_id = g_strdup (participant_id);
  data->item = g_strdup (item);
  g_task_set_source_tag (task, dabiao_session_standing_async);
  g_task_set_task_data (task, data, (GDestroyNotify) standing_data_free);
  dabiao_event_run_in_worker (self->event, task, standing_thread);
}

DabiaoStanding *
dabiao_session_standing_finish (DabiaoSession  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- void ------------------------------------------------------------------ */

static void
voided_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DabiaoMeasurement) row = NULL;
  GError *error = NULL;

  row = dabiao_event_void_finish (DABIAO_EVENT (object), result, &error);
  if (row == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
dabiao_session_void_async (DabiaoSession       *self,
                           const char          *uuid,
                           const char          *reason,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_session_void_async);
  dabiao_event_void_async (self->event, uuid, reason, cancellable, voided_cb, task);
}

gboolean
dabiao_session_void_finish (DabiaoSession  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- import ------------------------------------------------------------------ */

typedef struct
{
  DabiaoRosterReport *report;
  GPtrArray          *roster;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_pointer (&data->report, dabiao_roster_report_free);
  g_clear_pointer (&data->roster, g_ptr_array_unref);
  g_free (data);
}

static void
reload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DabiaoSession *self = source_object;
  ImportData *data = task_data;
  GError *error = NULL;

  data->roster = load_roster (self->event, self->results, &error);
  if (data->roster == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ImportData *data = g_task_get_task_data (task);
  GError *error = NULL;

  /* A refused import still has its report: every problem. */
  if (!dabiao_event_import_roster_finish_full (DABIAO_EVENT (object), result, &data->report, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  continue_in_worker (task, data->report, error, reload_thread);
}


/**
 * dabiao_session_import_async:
 *
 * Imports a roster file into the event, then reloads the roster model.
 */
void
dabiao_session_import_async (DabiaoSession       *self,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_session_import_async);
  g_task_set_task_data (task, g_new0 (ImportData, 1), (GDestroyNotify) import_data_free);
  dabiao_event_import_roster_async (self->event, path, FALSE, cancellable, imported_cb, task);
}

/**
 * dabiao_session_import_finish_full:
 * @report: (out) (transfer full) (nullable): what the import did, or, when it
 *   was refused, every problem of the file (NULL when it could not be read)
 *
 * Returns: whether the roster was imported
 */
gboolean
dabiao_session_import_finish_full (DabiaoSession       *self,
                                   GAsyncResult        *result,
                                   DabiaoRosterReport **report,
                                   GError             **error)
{
  ImportData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      *report = g_steal_pointer (&data->report);
      return FALSE;
    }
  dabiao_roster_model_set_items (self->roster, data->roster);
  *report = g_steal_pointer (&data->report);
  return TRUE;
}

/**
 * dabiao_session_reload_roster_async:
 *
 * Reloads the roster model from the file (on the event's worker): after a
 * sync brought participants or other stations' measurements.
 */
void
dabiao_session_reload_roster_async (DabiaoSession       *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_session_reload_roster_async);
  g_task_set_task_data (task, g_new0 (ImportData, 1), (GDestroyNotify) import_data_free);
  dabiao_event_run_in_worker (self->event, task, reload_thread);
}

gboolean
dabiao_session_reload_roster_finish (DabiaoSession  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  ImportData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  dabiao_roster_model_set_items (self->roster, data->roster);
  return TRUE;
}

/* ---- editing a participant --------------------------------------------------- */

typedef struct
{
  char      *id;
  char      *name;
  char      *class_name;
  char      *birth_date;   /* NULL: unchanged */
  int        grade;        /* -1: unchanged */
  guint      sex;
  GPtrArray *roster;
} EditData;

static void
edit_data_free (EditData *data)
{
  g_free (data->id);
  g_free (data->name);
  g_free (data->class_name);
  g_free (data->birth_date);
  g_clear_pointer (&data->roster, g_ptr_array_unref);
  g_free (data);
}

static void
edit_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DabiaoSession *self = source_object;
  EditData *data = task_data;
  g_autoptr(DabiaoParticipant) p = NULL;
  DabiaoParticipantInfo info = { 0 };
  GError *error = NULL;

  p = dabiao_event_get_participant (self->event, data->id, &error);
  if (p == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Every field as it is, but the ones edited. */
  info.id = dabiao_participant_get_id (p);
  info.name = data->name;
  info.sex = data->sex;
  info.birth_date = data->birth_date != NULL ? data->birth_date : dabiao_participant_get_birth_date (p);
  info.id_card = dabiao_participant_get_id_card (p);
  info.grade = data->grade >= 0 ? (guint) data->grade : dabiao_participant_get_grade (p);
  info.class_code = dabiao_participant_get_class_code (p);
  info.class_name = data->class_name;
  info.ethnicity = dabiao_participant_get_ethnicity (p);
  info.address = dabiao_participant_get_address (p);
  info.organization = dabiao_participant_get_organization (p);
  info.phone = dabiao_participant_get_phone (p);

  if (!dabiao_event_add_participants (self->event, &info, 1, NULL, NULL, &error)
      || (data->roster = load_roster (self->event, self->results, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * dabiao_session_update_participant_async:
 *
 * Changes a participant's name, sex, birth date (@birth_date NULL: kept),
 * grade (@grade -1: kept) and class name (the event file checks and audits
 * the change), then reloads the roster model.
 */
void
dabiao_session_update_participant_async (DabiaoSession       *self,
                                         const char          *id,
                                         const char          *name,
                                         guint                sex,
                                         const char          *birth_date,
                                         int                  grade,
                                         const char          *class_name,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  EditData *data;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  data = g_new0 (EditData, 1);
  data->id = g_strdup (id);
  data->name = g_strdup (name);
  data->sex = sex;
  data->birth_date = birth_date != NULL && birth_date[0] != '\0' ? g_strdup (birth_date) : NULL;
  data->grade = grade;
  data->class_name = g_strdup (class_name);
  g_task_set_source_tag (task, dabiao_session_update_participant_async);
  g_task_set_task_data (task, data, (GDestroyNotify) edit_data_free);
  dabiao_event_run_in_worker (self->event, task, edit_thread);
}

gboolean
dabiao_session_update_participant_finish (DabiaoSession  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  EditData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  dabiao_roster_model_set_items (self->roster, data->roster);
  return TRUE;
}
