/* dabiao-session-person.c: one participant's results as the results page
 * shows them (each item's value and score, the total, the notes, the rows
 * that count and every 更正/作废), and the state of each participant of a
 * list at one item (the station's queue); computed on the event's worker.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-reading.h"
#include "dabiao-session-private.h"


void
dabiao_person_attempt_free (DabiaoPersonAttempt *attempt)
{
  if (attempt == NULL)
    return;
  g_free (attempt->uuid);
  g_free (attempt->item);
  g_free (attempt->reason);
  g_free (attempt->shown);
  g_free (attempt->typed);
  g_free (attempt->when);
  g_free (attempt);
}

void
dabiao_person_view_free (DabiaoPersonView *results)
{
  if (results == NULL)
    return;
  g_free (results->id);
  g_free (results->name);
  g_clear_pointer (&results->items, g_ptr_array_unref);
  g_clear_pointer (&results->codes, g_ptr_array_unref);
  g_clear_pointer (&results->values, g_ptr_array_unref);
  g_clear_pointer (&results->scores, g_ptr_array_unref);
  g_clear_pointer (&results->attempts, g_ptr_array_unref);
  g_clear_pointer (&results->changes, g_ptr_array_unref);
  g_free (results->total);
  g_free (results->notes);
  g_free (results);
}

/* @text (a value of @item) with the item's unit word ("8.2 秒"); 分.秒
 * values (3'45") and indexes without one. */
static char *
with_unit (const DabiaoEventItem *item,
           const char            *text)
{
  if (item == NULL || item->format == DABIAO_VALUE_FORMAT_MIN_SEC || *dabiao_unit_label (item->unit) == '\0'
      || g_str_equal (item->unit, "index"))
    return g_strdup (text);
  return g_strdup_printf ("%s %s", text, dabiao_unit_label (item->unit));
}

/**
 * dabiao_session_format_value:
 *
 * A value as people write it (分.秒 for the runs) with the unit in Chinese:
 * "8.2 秒", "160.5 厘米", "3'45\"".
 */
char *
dabiao_session_format_value (const DabiaoEventItem *item,
                             double                 value)
{
  g_autofree char *typed = dabiao_event_item_format_value (item, value);

  return with_unit (item, typed);
}

/* A row as people read it: "8.2 秒", "犯规", "作废". */
static char *
row_shown (const DabiaoEventItem *item,
           DabiaoMeasurement     *m)
{
  if (dabiao_measurement_has_value (m) && dabiao_measurement_get_special (m) == DABIAO_SPECIAL_NONE && item != NULL)
    return dabiao_session_format_value (item, dabiao_measurement_get_value (m));
  return g_strdup (dabiao_special_to_string (dabiao_measurement_get_special (m)));
}

static void
person_change_free (DabiaoPersonChange *change)
{
  g_free (change->title);
  g_free (change->detail);
  g_free (change);
}

static int
by_recorded_at (gconstpointer a,
                gconstpointer b)
{
  gint64 ta = dabiao_measurement_get_recorded_at (*(DabiaoMeasurement **) a);
  gint64 tb = dabiao_measurement_get_recorded_at (*(DabiaoMeasurement **) b);

  return ta < tb ? -1 : ta > tb;
}

/* Every 更正 and 作废 among @rows (one participant's): what it replaced,
 * with what, when, where, by whom and why — the audit trail beside the
 * results it changed. */
static GPtrArray *
person_changes (DabiaoSession *self,
                GPtrArray     *rows)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) person_change_free);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      DabiaoMeasurement *m = g_ptr_array_index (rows, i);

      g_hash_table_insert (by_uuid, (gpointer) dabiao_measurement_get_uuid (m), m);
      if (dabiao_measurement_get_voids (m) != NULL)
        g_ptr_array_add (sorted, m);
    }
  g_ptr_array_sort (sorted, by_recorded_at);
  for (guint i = 0; i < sorted->len; i++)
    {
      DabiaoMeasurement *m = g_ptr_array_index (sorted, i);
      DabiaoMeasurement *old = g_hash_table_lookup (by_uuid, dabiao_measurement_get_voids (m));
      const DabiaoEventItem *item = dabiao_session_find_item (self, dabiao_measurement_get_item (m));
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (dabiao_measurement_get_recorded_at (m) / G_USEC_PER_SEC);
      g_autofree char *time = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
      g_autofree char *before = old != NULL ? row_shown (item, old) : g_strdup ("?");
      g_autofree char *after = row_shown (item, m);
      const char *reason = dabiao_measurement_get_reason (m);
      const char *station = dabiao_measurement_get_station (m);
      const char *measured_at = NULL;
      const char *operator_name = dabiao_measurement_get_operator (m);
      DabiaoPersonChange *change = g_new0 (DabiaoPersonChange, 1);

      /* Where the result was measured: the first row of its chain of
       * corrections (an undo or a second 更正 replaces a correction). */
      if (old != NULL)
        {
          DabiaoMeasurement *first = old;
          DabiaoMeasurement *earlier;

          for (guint n = 0; n < rows->len && dabiao_measurement_get_voids (first) != NULL
                            && (earlier = g_hash_table_lookup (by_uuid, dabiao_measurement_get_voids (first))) != NULL; n++)
            first = earlier;
          measured_at = dabiao_measurement_get_station (first);
        }
      if (station == NULL)
        station = "";
      if (operator_name == NULL)
        operator_name = "";
      if (reason == NULL)
        reason = "";
      /* Translators: item: the result before → the result after */
      change->title = g_strdup_printf (_("%s: %s → %s"), item != NULL ? item->name : dabiao_measurement_get_item (m),
                                       before, after);
      /* The change's row carries the station of the window it was made
       * in (its place in the sync chains): a 更正 on the 成绩 page, made
       * in a window set to another station, must not read as if the run
       * had been taken there (trial 11c #5; decision 0251). */
      if (measured_at == NULL || g_strcmp0 (measured_at, station) == 0)
        /* Translators: time · station · operator · reason (the audit of a 更正/作废) */
        change->detail = g_strdup_printf (_("%s · station %s · operator %s · reason: %s"), time,
                                          station, operator_name, reason);
      else if (dabiao_measurement_get_special (m) == DABIAO_SPECIAL_VOID)
        /* Translators: time · the station that measured · the station of the window that voided it · operator · reason */
        change->detail = g_strdup_printf (_("%s · measured at station %s · voided in the window of station %s · operator %s · reason: %s"),
                                          time, measured_at, station, operator_name, reason);
      else
        /* Translators: time · the station that measured · the station of the window that corrected it · operator · reason */
        change->detail = g_strdup_printf (_("%s · measured at station %s · corrected in the window of station %s · operator %s · reason: %s"),
                                          time, measured_at, station, operator_name, reason);
      g_ptr_array_add (out, change);
    }
  return out;
}

/* The rows of @rows (one participant's, by item and time) that count: not
 * void rows, not voided. */
static GPtrArray *
person_attempts (DabiaoSession *self,
                 GPtrArray     *rows)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_person_attempt_free);

  for (guint i = 0; i < rows->len; i++)
    {
      DabiaoMeasurement *m = g_ptr_array_index (rows, i);
      const DabiaoEventItem *item = dabiao_session_find_item (self, dabiao_measurement_get_item (m));
      DabiaoPersonAttempt *a;
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *time = NULL;

      /* Attempts only: not a void, a voided row, a false start run again. */
      if (dabiao_measurement_get_special (m) == DABIAO_SPECIAL_VOID
          || dabiao_measurement_get_voided_by (m) != NULL || item == NULL
          || dabiao_measurement_get_attempt (m) == 0)
        continue;
      a = g_new0 (DabiaoPersonAttempt, 1);
      a->uuid = g_strdup (dabiao_measurement_get_uuid (m));
      a->item = g_strdup (item->code);
      a->attempt = dabiao_measurement_get_attempt (m);
      a->has_value = dabiao_measurement_has_value (m);
      a->value = dabiao_measurement_get_value (m);
      a->special = dabiao_measurement_get_special (m);
      a->reason = g_strdup (dabiao_measurement_get_reason (m));
      a->typed = a->has_value ? dabiao_event_item_format_value (item, a->value) : g_strdup ("");
      a->shown = row_shown (item, m);
      when = g_date_time_new_from_unix_local (dabiao_measurement_get_measured_at (m) / G_USEC_PER_SEC);
      time = when != NULL ? g_date_time_format (when, "%H:%M") : g_strdup ("");
      a->when = g_strdup_printf ("%s · %s", time, dabiao_source_to_string (dabiao_measurement_get_source (m)));
      g_ptr_array_add (out, a);
    }
  return out;
}

/* The computed items (体重指数) the person has a value or score of, after
 * the last of their inputs (体重): nothing was measured for them, but they
 * count in the total (trial 11d #10a: the card had no 体重指数). */
static void
add_derived_rows (DabiaoPersonView          *out,
                  const DabiaoResultsPerson *person)
{
  for (guint i = 0; person != NULL && i < person->results->len; i++)
    {
      const DabiaoResultsItem *r = g_ptr_array_index (person->results, i);
      const char * const *inputs;
      guint at = out->items->len;
      g_autofree char *value = NULL;

      if (!r->derived || r->item == NULL || (!r->has_value && !r->has_score))
        continue;
      inputs = dabiao_formula_inputs (r->item->formula);
      for (guint k = 0; k < out->codes->len; k++)
        if (inputs != NULL && g_strv_contains (inputs, g_ptr_array_index (out->codes, k)))
          at = k + 1;
      value = !r->has_value ? g_strdup ("")
              : *dabiao_unit_label (r->item->unit) != '\0' ? g_strdup_printf ("%s %s", r->display, dabiao_unit_label (r->item->unit))
              : g_strdup (r->display);
      g_ptr_array_insert (out->items, at, g_strdup (r->name));
      g_ptr_array_insert (out->codes, at, g_strdup (r->item->code));
      g_ptr_array_insert (out->values, at, g_steal_pointer (&value));
      g_ptr_array_insert (out->scores, at, !r->has_score ? g_strdup ("")
                                           : r->low_confidence ? g_strdup_printf ("%d*", r->score)
                                           : g_strdup_printf ("%d", r->score));
    }
}

static void
person_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DabiaoSession *self = source_object;
  const char *id = task_data;
  g_autoptr(DabiaoParticipant) p = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(DabiaoResultsPerson) person = NULL;
  g_autoptr(DabiaoPersonView) out = g_new0 (DabiaoPersonView, 1);
  GError *error = NULL;

  p = dabiao_event_get_participant (self->event, id, &error);
  if (p == NULL || (attempts = dabiao_event_get_results (self->event, id, &error)) == NULL
      || (rows = dabiao_event_list_measurements (self->event, id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  person = _dabiao_session_person_of (self->event, self->results, p, attempts);
  out->id = g_strdup (dabiao_participant_get_id (p));
  out->name = g_strdup_printf ("%s · %s", dabiao_participant_get_name (p), dabiao_participant_get_id (p));
  out->items = g_ptr_array_new_with_free_func (g_free);
  out->codes = g_ptr_array_new_with_free_func (g_free);
  out->values = g_ptr_array_new_with_free_func (g_free);
  out->scores = g_ptr_array_new_with_free_func (g_free);
  out->attempts = person_attempts (self, rows);
  out->changes = person_changes (self, rows);

  /* The event's items for this person (their group and sex), as the
   * results module shows them. */
  for (guint i = 0; i < attempts->len; i++)
    {
      DabiaoBestAttempt *a = g_ptr_array_index (attempts, i);
      const DabiaoEventItem *item = dabiao_session_find_item (self, a->item);
      const DabiaoResultsItem *r = _dabiao_session_find_result (person, item);

      if (item != NULL && !_dabiao_session_item_applies (person, item))
        continue;
      g_ptr_array_add (out->items, g_strdup (item != NULL ? item->name : a->item));
      g_ptr_array_add (out->codes, g_strdup (a->item));
      /* With its unit: "8.9" beside "76 分" read as a score (the trial). */
      if (r != NULL && r->has_value)
        g_ptr_array_add (out->values, with_unit (item, r->display));
      else if (a->has_value && item != NULL)
        g_ptr_array_add (out->values, dabiao_session_format_value (item, a->value));
      else
        g_ptr_array_add (out->values, g_strdup (dabiao_special_to_string (a->special)));
      if (r != NULL && r->has_score)
        g_ptr_array_add (out->scores, r->low_confidence ? g_strdup_printf ("%d*", r->score) : g_strdup_printf ("%d", r->score));
      else
        g_ptr_array_add (out->scores, g_strdup (""));
    }

  add_derived_rows (out, person);

  if (person != NULL && person->has_total && person->level != NULL)
    {
      g_autofree char *total = dabiao_results_format_tenths (person->total_tenths);

      out->total = g_strdup_printf ("%s %s", total, person->level);
    }
  /* One note a line: "体重指数：缺少身高；缺少肺活量" read as if BMI needed
   * 肺活量. */
  if (person != NULL)
    {
      g_auto(GStrv) notes = g_strsplit (person->notes, "；", -1);

      out->notes = g_strjoinv ("\n", notes);
    }
  else
    out->notes = g_strdup ("");

  g_task_return_pointer (task, g_steal_pointer (&out), (GDestroyNotify) dabiao_person_view_free);
}

/**
 * dabiao_session_person_async:
 *
 * Every item of one participant: the valid result, its score, the total and
 * level when complete, and what is missing.
 */
void
dabiao_session_person_async (DabiaoSession       *self,
                             const char          *participant_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_session_person_async);
  g_task_set_task_data (task, g_strdup (participant_id), g_free);
  dabiao_event_run_in_worker (self->event, task, person_thread);
}

DabiaoPersonView *
dabiao_session_person_finish (DabiaoSession  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- participants at one item (the station's queue) ------------------------ */

typedef struct
{
  GStrv  ids;
  char  *item;
} StatesData;

static void
states_data_free (StatesData *data)
{
  g_strfreev (data->ids);
  g_free (data->item);
  g_free (data);
}

static void
item_states_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  DabiaoSession *self = source_object;
  StatesData *data = task_data;
  g_autoptr(GHashTable) states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const DabiaoEventItem *item = dabiao_event_find_item (self->event, data->item);
  GError *error = NULL;

  for (guint i = 0; item != NULL && data->ids[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) results = dabiao_event_get_results (self->event, data->ids[i], &error);
      g_autoptr(DabiaoParticipant) participant = NULL;
      g_autoptr(DabiaoResultsPerson) person = NULL;

      if (results == NULL
          || (participant = dabiao_event_get_participant (self->event, data->ids[i], &error)) == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      /* Not theirs (800米 for a boy, 立定跳远 in 五年级): skipped like the
       * finished by PgDn, and said so in the queue. */
      person = _dabiao_session_person_of (self->event, self->results, participant, results);
      if (!_dabiao_session_item_applies (person, item))
        {
          g_hash_table_insert (states, g_strdup (data->ids[i]), GINT_TO_POINTER (DABIAO_ITEM_STATE_NOT_APPLICABLE));
          continue;
        }
      for (guint k = 0; k < results->len; k++)
        {
          DabiaoBestAttempt *r = g_ptr_array_index (results, k);
          const char *special = r->special != DABIAO_SPECIAL_NONE && !r->has_value
                                ? dabiao_special_to_string (r->special) : NULL;

          DabiaoItemState state = dabiao_item_state (r->n_attempts, item->attempts, special);

          /* 2 of 3 jumps: not 未测 (the sync trial's list beside a card
           * saying 已测 2 次 / 共 3 次). */
          if (state == DABIAO_ITEM_STATE_OPEN && r->n_attempts > 0)
            state = DABIAO_ITEM_STATE_STARTED;
          if (g_str_equal (r->item, item->code))
            g_hash_table_insert (states, g_strdup (data->ids[i]), GINT_TO_POINTER (state));
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&states), (GDestroyNotify) g_hash_table_unref);
}

void
dabiao_session_item_states_async (DabiaoSession       *self,
                                  const char * const  *ids,
                                  const char          *item,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StatesData *data;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_session_item_states_async);
  data = g_new0 (StatesData, 1);
  data->ids = g_strdupv ((char **) ids);
  data->item = g_strdup (item);
  g_task_set_task_data (task, data, (GDestroyNotify) states_data_free);
  dabiao_event_run_in_worker (self->event, task, item_states_thread);
}

GHashTable *
dabiao_session_item_states_finish (DabiaoSession  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
