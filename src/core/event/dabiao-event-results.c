/* dabiao-event-results.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-event-private.h"

/* Each participant's best attempt per item, derived from the valid
 * measurements.  Scoring them is the results module's (src/core/results/). */

/* ---- Results ----------------------------------------------------------- */

void
dabiao_best_attempt_free (DabiaoBestAttempt *result)
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
  GPtrArray *results = g_ptr_array_new_full (self->items->len, (GDestroyNotify) dabiao_best_attempt_free);

  for (guint i = 0; i < self->items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (self->items, i);
      DabiaoBestAttempt *result = g_new0 (DabiaoBestAttempt, 1);

      result->item = g_strdup (item->code);
      result->reason = g_strdup ("");
      g_ptr_array_add (results, result);
    }
  return results;
}

void
dabiao_best_attempt_fold (DabiaoBestAttempt *result,
                          DabiaoBetter       better_direction,
                          gboolean           has_value,
                          double             value,
                          DabiaoSpecial      special,
                          const char        *reason)
{
  gboolean better;

  result->n_attempts++;
  if (has_value && special == DABIAO_SPECIAL_NONE)
    {
      if (!result->has_value)
        better = TRUE;
      else if (better_direction == DABIAO_BETTER_HIGHER)
        better = value > result->value;
      else if (better_direction == DABIAO_BETTER_LOWER)
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
      result->reason = g_strdup (reason != NULL ? reason : "");
    }
}

/* Folds one counting row into its item's result. */
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

      if (g_str_equal (item->code, item_code))
        {
          dabiao_best_attempt_fold (g_ptr_array_index (results, i), item->better, has_value, value,
                                    special, reason);
          return;
        }
    }
}

/* Void rows, voided rows and false starts of a run (run again) do not
 * count. */
#define COUNTING_ROWS \
  "SELECT m.participant_id, m.item, m.value, m.special, m.reason FROM measurements m" \
  " WHERE dabiao_counts (m.item, m.special) AND NOT EXISTS (SELECT 1 FROM measurements v WHERE v.voids = m.uuid)"

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

  _dabiao_event_lock (self);
  if (!_dabiao_event_ensure_open (self, error))
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
          int cmp = strcmp (_dabiao_event_column_str (rows, 0), participant->id);

          if (cmp > 0)
            break;
          if (cmp == 0)
            fold_result (self, results, _dabiao_event_column_str (rows, 1),
                         sqlite3_column_type (rows, 2) != SQLITE_NULL,
                         sqlite3_column_double (rows, 2),
                         sqlite3_column_int (rows, 3), _dabiao_event_column_str (rows, 4));
          rows_rc = sqlite3_step (rows);
        }
      if (rows_rc != SQLITE_ROW && rows_rc != SQLITE_DONE)
        break;

      if (!func (participant, results, user_data, error))
        {
          _dabiao_event_rollback (self);
          goto out;
        }
    }
  if (people_rc != SQLITE_DONE || (rows_rc != SQLITE_ROW && rows_rc != SQLITE_DONE))
    {
      _dabiao_event_set_db_error (self, error);
      _dabiao_event_rollback (self);
      goto out;
    }
  _dabiao_event_rollback (self);
  ok = TRUE;

out:
  _dabiao_event_unlock (self);
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

  _dabiao_event_lock (self);
  if (!_dabiao_event_ensure_open (self, error) || !_dabiao_event_participant_exists (self, participant_id, &exists, error))
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
    fold_result (self, results, _dabiao_event_column_str (rows, 1),
                 sqlite3_column_type (rows, 2) != SQLITE_NULL, sqlite3_column_double (rows, 2),
                 sqlite3_column_int (rows, 3), _dabiao_event_column_str (rows, 4));
  if (rc != SQLITE_DONE)
    _dabiao_event_set_db_error (self, error);
  else
    ok = TRUE;

out:
  _dabiao_event_unlock (self);
  return ok ? g_steal_pointer (&results) : NULL;
}
