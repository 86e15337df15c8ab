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
#include "dabiao-score-file.h"
#include "dabiao-standard.h"
#include "dabiao-table.h"

/* The results table is the event's roster with each item's valid value, in
 * the national upload layout, scored by the very code behind `dabiao-cli
 * score` (dabiao_score_file()): so the score columns are the same by
 * construction, not by imitation.  The roster-and-values table goes to a
 * temporary CSV that the scorer reads. */

static const char * const student_headers[] = {
  "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址",
};
static const char * const adult_headers[] = {
  "编号", "姓名", "性别", "出生日期", "身份证号", "单位", "手机",
};

typedef struct
{
  DabiaoEvent       *event;
  DabiaoStandard    *standard;
  DabiaoTableWriter *writer;
  gboolean           student;
  gboolean           by_age;
  GDate              event_date;
} Results;

/* Age at the event in years, to the half year below for children under 7
 * (the 国民体质 preschool bands are half-year wide): "35", "4.5".  The
 * scorer counts the age itself from 出生日期 and the event date; this
 * column is for the reader. */
static char *
age_at (const char  *birth_date,
        const GDate *event_date)
{
  int y, m, d;
  int months;

  if (birth_date == NULL || sscanf (birth_date, "%d-%d-%d", &y, &m, &d) != 3
      || !g_date_valid_dmy (d, m, y) || !g_date_valid (event_date))
    return g_strdup ("");
  months = (g_date_get_year (event_date) - y) * 12 + ((int) g_date_get_month (event_date) - m);
  if ((int) g_date_get_day (event_date) < d)
    months--;
  if (months < 0)
    return g_strdup ("");
  /* Half years only where the groups are half-year wide (幼儿, under 7). */
  return months % 12 >= 6 && months < 7 * 12 ? g_strdup_printf ("%d.5", months / 12)
                                             : g_strdup_printf ("%d", months / 12);
}

static gboolean
write_row_cb (DabiaoParticipant  *p,
              GPtrArray          *results,
              gpointer            user_data,
              GError            **error)
{
  Results *ctx = user_data;
  DabiaoTableWriter *writer = ctx->writer;
  GPtrArray *items = dabiao_event_get_items (ctx->event);
  g_autofree char *sex = g_strdup_printf ("%u", dabiao_participant_get_sex (p));
  g_autoptr(GString) specials = g_string_new (NULL);

  if (ctx->student)
    {
      g_autofree char *grade = dabiao_participant_get_grade (p) != 0
                               ? g_strdup_printf ("%u", dabiao_participant_get_grade (p)) : g_strdup ("");

      dabiao_table_writer_add_string (writer, grade);
      dabiao_table_writer_add_string (writer, dabiao_participant_get_class_code (p));
      dabiao_table_writer_add_string (writer, dabiao_participant_get_class_name (p));
      dabiao_table_writer_add_string (writer, dabiao_participant_get_id (p));
      dabiao_table_writer_add_string (writer, dabiao_participant_get_ethnicity (p));
      dabiao_table_writer_add_string (writer, dabiao_participant_get_name (p));
      dabiao_table_writer_add_string (writer, sex);
      dabiao_table_writer_add_string (writer, dabiao_participant_get_birth_date (p));
      dabiao_table_writer_add_string (writer, dabiao_participant_get_address (p));
    }
  else
    {
      dabiao_table_writer_add_string (writer, dabiao_participant_get_id (p));
      dabiao_table_writer_add_string (writer, dabiao_participant_get_name (p));
      dabiao_table_writer_add_string (writer, sex);
      dabiao_table_writer_add_string (writer, dabiao_participant_get_birth_date (p));
      dabiao_table_writer_add_string (writer, dabiao_participant_get_id_card (p));
      dabiao_table_writer_add_string (writer, dabiao_participant_get_organization (p));
      dabiao_table_writer_add_string (writer, dabiao_participant_get_phone (p));
    }
  if (ctx->by_age)
    {
      g_autofree char *age = age_at (dabiao_participant_get_birth_date (p), &ctx->event_date);

      dabiao_table_writer_add_string (writer, age);
    }

  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (items, i);
      const DabiaoItemResult *result = g_ptr_array_index (results, i);

      if (result->has_value)
        {
          g_autofree char *text = dabiao_event_item_format_value (item, result->value);

          dabiao_table_writer_add_string (writer, text);
        }
      else
        {
          /* No valid value: the cell stays empty (the scorer notes it as
           * missing) and the special result is spelt out beside. */
          dabiao_table_writer_add_empty (writer);
          if (result->special != DABIAO_SPECIAL_NONE)
            {
              if (specials->len > 0)
                g_string_append (specials, "；");
              g_string_append_printf (specials, "%s：%s", item->name, dabiao_special_to_string (result->special));
              if (result->reason != NULL && *result->reason != '\0')
                g_string_append_printf (specials, "（%s）", result->reason);
            }
        }
    }
  dabiao_table_writer_add_string (writer, specials->str);

  return dabiao_table_writer_end_row (writer, error);
}

gboolean
dabiao_event_write_results (DabiaoEvent  *self,
                            const char   *output,
                            guint        *n_rows,
                            GError      **error)
{
  g_autoptr(DabiaoStandard) standard = NULL;
  g_autoptr(DabiaoTableWriter) writer = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  DabiaoScoreFileStats stats = { 0 };
  GPtrArray *items;
  Results ctx = { 0 };
  const char *test_date;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  standard = dabiao_standard_load (dabiao_event_get_standard (self), error);
  if (standard == NULL)
    return FALSE;

  tmp_path = g_strdup_printf ("%s/dabiao-results-%s.csv", g_get_tmp_dir (), uuid);
  writer = dabiao_table_writer_new (tmp_path, NULL, error);
  if (writer == NULL)
    return FALSE;

  ctx.event = self;
  ctx.standard = standard;
  ctx.writer = writer;
  ctx.by_age = dabiao_standard_get_group_by (standard) == DABIAO_GROUP_BY_AGE;
  /* The student layout when the standard groups by 年级编号. */
  ctx.student = !ctx.by_age;
  g_date_clear (&ctx.event_date, 1);
  g_date_set_parse (&ctx.event_date, dabiao_event_get_date (self));

  if (ctx.student)
    for (guint i = 0; i < G_N_ELEMENTS (student_headers); i++)
      dabiao_table_writer_add_string (writer, student_headers[i]);
  else
    for (guint i = 0; i < G_N_ELEMENTS (adult_headers); i++)
      dabiao_table_writer_add_string (writer, adult_headers[i]);
  if (ctx.by_age)
    dabiao_table_writer_add_string (writer, "年龄");
  items = dabiao_event_get_items (self);
  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (items, i);
      const DabiaoItem *std_item = dabiao_standard_lookup_item (standard, item->code);

      dabiao_table_writer_add_string (writer, std_item != NULL ? std_item->header : item->name);
    }
  dabiao_table_writer_add_string (writer, "特殊情况");

  /* natfit-2003 counts ages from 出生日期 to the event's date. */
  test_date = dabiao_event_get_date (self);
  if (!ctx.by_age || test_date == NULL || *test_date == '\0')
    test_date = NULL;

  ok = dabiao_table_writer_end_row (writer, error)
       && dabiao_event_foreach_result (self, write_row_cb, &ctx, error)
       && dabiao_table_writer_close (writer, error)
       && dabiao_score_file_with_flags (standard, tmp_path, NULL, output,
                                        test_date,
                                        DABIAO_SCORE_FILE_KEEP_UNSCORED | DABIAO_SCORE_FILE_ACCEPT_IMPLAUSIBLE,
                                        &stats, error);
  g_unlink (tmp_path);

  if (ok && n_rows != NULL)
    *n_rows = stats.n_rows;
  return ok;
}

typedef struct
{
  char *output;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->output);
  g_free (data);
}

static void
write_results_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;
  guint n_rows = 0;

  if (!dabiao_event_write_results (source_object, data->output, &n_rows, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_rows);
}

void
dabiao_event_write_results_async (DabiaoEvent         *self,
                                  const char          *output,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (DABIAO_IS_EVENT (self));
  g_return_if_fail (output != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_event_write_results_async);
  data = g_new0 (WriteData, 1);
  data->output = g_strdup (output);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  _dabiao_event_run_in_worker (self, task, write_results_thread);
}

gboolean
dabiao_event_write_results_finish (DabiaoEvent   *self,
                                   GAsyncResult  *result,
                                   guint         *n_rows,
                                   GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_rows != NULL)
    *n_rows = n;
  return TRUE;
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
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&results) : NULL;
}
