/* dabiao-event-async.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-event-private.h"

/* The _async/_finish pairs of DabiaoEvent.  Each copies its inputs into the
 * task and runs the synchronous method on the event's worker thread (see
 * _dabiao_event_run_in_worker()), so calls complete in the order made. */

/* ---- open -------------------------------------------------------------- */

typedef struct
{
  char                 *path;
  DabiaoEventOpenFlags  flags;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  DabiaoEvent *event = dabiao_event_open (data->path, data->flags, &error);

  if (event == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, event, g_object_unref);
}

void
dabiao_event_open_async (const char           *path,
                         DabiaoEventOpenFlags  flags,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_event_open_async);
  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->flags = flags;
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

DabiaoEvent *
dabiao_event_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char            *path;
  DabiaoEventInfo *info;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->info, dabiao_event_info_free);
  g_free (data);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  GError *error = NULL;
  DabiaoEvent *event = dabiao_event_create (data->path, data->info, &error);

  if (event == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, event, g_object_unref);
}

void
dabiao_event_create_async (const char            *path,
                           const DabiaoEventInfo *info,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  CreateData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (info != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_event_create_async);
  data = g_new0 (CreateData, 1);
  data->path = g_strdup (path);
  data->info = dabiao_event_info_copy (info);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_thread);
}

DabiaoEvent *
dabiao_event_create_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dabiao_event_run_in_worker (DabiaoEvent     *self,
                            GTask           *task,
                            GTaskThreadFunc  func)
{
  g_return_if_fail (DABIAO_IS_EVENT (self));
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  _dabiao_event_run_in_worker (self, task, func);
}

/* ---- record and void --------------------------------------------------- */

typedef struct
{
  DabiaoRecordRequest request;
} RecordData;

static void
record_data_free (RecordData *data)
{
  g_free ((char *) data->request.participant_id);
  g_free ((char *) data->request.item);
  g_free ((char *) data->request.reason);
  g_free ((char *) data->request.instrument_id);
  g_clear_pointer (&data->request.raw_frame, g_bytes_unref);
  g_free ((char *) data->request.station);
  g_free ((char *) data->request.operator_name);
  g_free ((char *) data->request.replaces);
  g_free (data);
}

static void
record_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RecordData *data = task_data;
  GError *error = NULL;
  DabiaoMeasurement *m;

  /* A record once started is never cancelled halfway: sqlite's commit is
   * atomic, and a cancel before it starts drops it cleanly. */
  if (g_task_return_error_if_cancelled (task))
    return;
  m = dabiao_event_record (source_object, &data->request, &error);
  if (m == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, m, g_object_unref);
}

void
dabiao_event_record_async (DabiaoEvent                *self,
                           const DabiaoRecordRequest  *request,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  RecordData *data;

  g_return_if_fail (DABIAO_IS_EVENT (self));
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_event_record_async);
  data = g_new0 (RecordData, 1);
  data->request = *request;
  data->request.participant_id = g_strdup (request->participant_id);
  data->request.item = g_strdup (request->item);
  data->request.reason = g_strdup (request->reason);
  data->request.instrument_id = g_strdup (request->instrument_id);
  data->request.raw_frame = request->raw_frame != NULL ? g_bytes_ref (request->raw_frame) : NULL;
  data->request.station = g_strdup (request->station);
  data->request.operator_name = g_strdup (request->operator_name);
  data->request.replaces = g_strdup (request->replaces);
  g_task_set_task_data (task, data, (GDestroyNotify) record_data_free);
  _dabiao_event_run_in_worker (self, task, record_thread);
}

DabiaoMeasurement *
dabiao_event_record_finish (DabiaoEvent   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dabiao_event_void_async (DabiaoEvent         *self,
                         const char          *uuid,
                         const char          *reason,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  DabiaoRecordRequest request = { 0 };

  g_return_if_fail (uuid != NULL);

  request.special = DABIAO_SPECIAL_VOID;
  request.reason = reason;
  request.replaces = uuid;
  dabiao_event_record_async (self, &request, cancellable, callback, user_data);
}

DabiaoMeasurement *
dabiao_event_void_finish (DabiaoEvent   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return dabiao_event_record_finish (self, result, error);
}

/* ---- lists ------------------------------------------------------------- */

/* A list read for one participant (NULL: everyone), on the worker. */
typedef GPtrArray *(*ListFunc) (DabiaoEvent  *self,
                                const char   *participant_id,
                                GError      **error);

typedef struct
{
  ListFunc  func;
  char     *participant_id;
} ListCall;

static void
list_call_free (ListCall *call)
{
  g_free (call->participant_id);
  g_free (call);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListCall *call = task_data;
  GError *error = NULL;
  GPtrArray *rows = call->func (source_object, call->participant_id, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
list_async (DabiaoEvent         *self,
            ListFunc             func,
            gpointer             source_tag,
            const char          *participant_id,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ListCall *call = g_new0 (ListCall, 1);

  call->func = func;
  call->participant_id = g_strdup (participant_id);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) list_call_free);
  _dabiao_event_run_in_worker (self, task, list_thread);
}

void
dabiao_event_list_measurements_async (DabiaoEvent         *self,
                                      const char          *participant_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (DABIAO_IS_EVENT (self));

  list_async (self, dabiao_event_list_measurements, dabiao_event_list_measurements_async, participant_id,
              cancellable, callback, user_data);
}

GPtrArray *
dabiao_event_list_measurements_finish (DabiaoEvent   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dabiao_event_get_results_async (DabiaoEvent         *self,
                                const char          *participant_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DABIAO_IS_EVENT (self));
  g_return_if_fail (participant_id != NULL);

  list_async (self, dabiao_event_get_results, dabiao_event_get_results_async, participant_id,
              cancellable, callback, user_data);
}

GPtrArray *
dabiao_event_get_results_finish (DabiaoEvent   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  DabiaoParticipantQuery query;
  guint                  offset;
  guint                  limit;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_free ((char *) data->query.search);
  g_free ((char *) data->query.class_code);
  g_free ((char *) data->query.missing_item);
  g_free (data);
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  g_autoptr(DabiaoParticipantPage) page = g_new0 (DabiaoParticipantPage, 1);
  gint64 total;

  if (g_task_return_error_if_cancelled (task))
    return;
  total = dabiao_event_count_participants (source_object, &data->query, &error);
  if (total >= 0)
    page->participants = dabiao_event_list_participants (source_object, &data->query,
                                                         data->offset, data->limit, &error);
  if (total < 0 || page->participants == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  page->total = total;
  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) dabiao_participant_page_free);
}

void
dabiao_event_query_participants_async (DabiaoEvent                  *self,
                                       const DabiaoParticipantQuery *query,
                                       guint                         offset,
                                       guint                         limit,
                                       GCancellable                 *cancellable,
                                       GAsyncReadyCallback           callback,
                                       gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data;

  g_return_if_fail (DABIAO_IS_EVENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_event_query_participants_async);
  data = g_new0 (QueryData, 1);
  if (query != NULL)
    {
      data->query = *query;
      data->query.search = g_strdup (query->search);
      data->query.class_code = g_strdup (query->class_code);
      data->query.missing_item = g_strdup (query->missing_item);
    }
  data->offset = offset;
  data->limit = limit;
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  _dabiao_event_run_in_worker (self, task, query_thread);
}

DabiaoParticipantPage *
dabiao_event_query_participants_finish (DabiaoEvent   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- roster import ----------------------------------------------------- */

typedef struct
{
  char               *path;
  gboolean            dry_run;
  DabiaoRosterReport *failed;  /* the report of a refused import */
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->path);
  dabiao_roster_report_free (data->failed);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;
  DabiaoRosterReport *report = NULL;

  if (!dabiao_event_import_roster (source_object, data->path, data->dry_run, &report, &error))
    {
      /* Kept for dabiao_event_import_roster_finish_full(): every problem. */
      data->failed = report;
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, report, (GDestroyNotify) dabiao_roster_report_free);
}

void
dabiao_event_import_roster_async (DabiaoEvent         *self,
                                  const char          *path,
                                  gboolean             dry_run,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (DABIAO_IS_EVENT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_event_import_roster_async);
  data = g_new0 (ImportData, 1);
  data->path = g_strdup (path);
  data->dry_run = dry_run;
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  _dabiao_event_run_in_worker (self, task, import_thread);
}

DabiaoRosterReport *
dabiao_event_import_roster_finish (DabiaoEvent   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
dabiao_event_import_roster_finish_full (DabiaoEvent         *self,
                                        GAsyncResult        *result,
                                        DabiaoRosterReport **report,
                                        GError             **error)
{
  ImportData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  *report = g_task_propagate_pointer (G_TASK (result), error);
  if (*report != NULL)
    return TRUE;
  *report = g_steal_pointer (&data->failed);
  return FALSE;
}
