/* dabiao-event-measurements.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

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
#include "dabiao-event-private.h"

/* Measurements: recording (append-only, hash-chained per station),
 * voiding and listing them. */

/* ---- Hash chain -------------------------------------------------------- */

static void
hash_field (GChecksum  *checksum,
            const char *text,
            gssize      length)
{
  char prefix[32];

  if (text == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "-;", 2);
      return;
    }
  if (length < 0)
    length = strlen (text);
  g_snprintf (prefix, sizeof prefix, "%" G_GSSIZE_FORMAT ":", length);
  g_checksum_update (checksum, (const guchar *) prefix, -1);
  g_checksum_update (checksum, (const guchar *) text, length);
}

static void
hash_int (GChecksum *checksum,
          gint64     value)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  hash_field (checksum, text, -1);
}

char *
_dabiao_event_row_hash (const char      *event_uuid,
                        const RowFields *row)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char value[G_ASCII_DTOSTR_BUF_SIZE];

  hash_field (checksum, "dabiao-measurement-1", -1);
  hash_field (checksum, event_uuid, -1);
  hash_field (checksum, row->prev_hash, -1);
  hash_int (checksum, row->seq);
  hash_field (checksum, row->uuid, -1);
  hash_field (checksum, row->participant_id, -1);
  hash_field (checksum, row->item, -1);
  hash_field (checksum, row->has_value ? g_ascii_formatd (value, sizeof value, "%.17g", row->value) : NULL, -1);
  hash_field (checksum, row->unit, -1);
  hash_int (checksum, row->special);
  hash_field (checksum, row->reason, -1);
  hash_int (checksum, row->source);
  hash_field (checksum, row->instrument_id, -1);
  hash_field (checksum, row->raw_frame != NULL ? row->raw_frame : "", row->raw_frame_size);
  hash_field (checksum, row->station, -1);
  hash_field (checksum, row->operator_name, -1);
  hash_int (checksum, row->measured_at);
  hash_int (checksum, row->recorded_at);
  hash_field (checksum, row->voids, -1);

  return g_strdup (g_checksum_get_string (checksum));
}

#define ROW_N_COLUMNS 18

void
_dabiao_event_row_fields_from_stmt (sqlite3_stmt *stmt,
                                    RowFields    *row)
{
  row->uuid = _dabiao_event_column_str (stmt, 0);
  row->participant_id = _dabiao_event_column_str (stmt, 1);
  row->item = _dabiao_event_column_str (stmt, 2);
  row->has_value = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
  row->value = sqlite3_column_double (stmt, 3);
  row->unit = _dabiao_event_column_str (stmt, 4);
  row->special = sqlite3_column_int (stmt, 5);
  row->reason = _dabiao_event_column_str (stmt, 6);
  row->source = sqlite3_column_int (stmt, 7);
  row->instrument_id = _dabiao_event_column_str (stmt, 8);
  row->raw_frame = sqlite3_column_blob (stmt, 9);
  row->raw_frame_size = sqlite3_column_bytes (stmt, 9);
  row->station = _dabiao_event_column_str (stmt, 10);
  row->operator_name = _dabiao_event_column_str (stmt, 11);
  row->measured_at = sqlite3_column_int64 (stmt, 12);
  row->recorded_at = sqlite3_column_int64 (stmt, 13);
  row->voids = (const char *) sqlite3_column_text (stmt, 14);
  row->seq = sqlite3_column_int64 (stmt, 15);
  row->prev_hash = _dabiao_event_column_str (stmt, 16);
}

/* ---- Measurements ------------------------------------------------------ */

/* The measurement SELECT: the row columns, then voided_by and attempt (0
 * for a row that is no attempt: a void, a false start run again). */
#define MEASUREMENT_SELECT \
  "SELECT " ROW_COLUMNS "," \
  " (SELECT v.uuid FROM measurements v WHERE v.voids = m.uuid ORDER BY v.recorded_at, v.uuid LIMIT 1)," \
  " CASE WHEN NOT dabiao_counts (m.item, m.special) THEN 0 ELSE row_number () OVER" \
  "   (PARTITION BY m.participant_id, m.item, dabiao_counts (m.item, m.special) ORDER BY m.measured_at, m.uuid) END" \
  " FROM measurements m"

static DabiaoMeasurement *
measurement_from_stmt (sqlite3_stmt *stmt)
{
  DabiaoMeasurement *m = g_object_new (DABIAO_TYPE_MEASUREMENT, NULL);
  RowFields row;

  _dabiao_event_row_fields_from_stmt (stmt, &row);
  m->uuid = g_strdup (row.uuid);
  m->participant_id = g_strdup (row.participant_id);
  m->item = g_strdup (row.item);
  m->has_value = row.has_value;
  m->value = row.value;
  m->unit = g_strdup (row.unit);
  m->special = row.special;
  m->reason = g_strdup (row.reason);
  m->source = row.source;
  m->instrument_id = g_strdup (row.instrument_id);
  if (row.raw_frame_size > 0)
    m->raw_frame = g_bytes_new (row.raw_frame, row.raw_frame_size);
  m->station = g_strdup (row.station);
  m->operator_name = g_strdup (row.operator_name);
  m->measured_at = row.measured_at;
  m->recorded_at = row.recorded_at;
  m->voids = g_strdup (row.voids);
  m->voided_by = g_strdup ((const char *) sqlite3_column_text (stmt, ROW_N_COLUMNS));
  m->attempt = sqlite3_column_int (stmt, ROW_N_COLUMNS + 1);

  return m;
}

static DabiaoMeasurement *
get_measurement_locked (DabiaoEvent  *self,
                        const char   *uuid,
                        GError      **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(DabiaoMeasurement) found = NULL;
  int rc;

  /* The attempt number needs the other rows of the same participant and
   * item, so select those and pick the row. */
  stmt = _dabiao_event_prepare_cached (self,
                                MEASUREMENT_SELECT
                                " WHERE (m.participant_id, m.item) IN"
                                "   (SELECT participant_id, item FROM measurements WHERE uuid = ?1)",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_str_equal (_dabiao_event_column_str (stmt, 0), uuid))
        found = measurement_from_stmt (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return NULL;
    }
  if (found == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("“%s” has no measurement %s"), self->basename, uuid);
      return NULL;
    }
  return g_steal_pointer (&found);
}

DabiaoMeasurement *
dabiao_event_get_measurement (DabiaoEvent  *self,
                              const char   *uuid,
                              GError      **error)
{
  DabiaoMeasurement *m = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  _dabiao_event_lock (self);
  if (_dabiao_event_ensure_open (self, error))
    m = get_measurement_locked (self, uuid, error);
  _dabiao_event_unlock (self);
  return m;
}

gboolean
_dabiao_event_participant_exists (DabiaoEvent  *self,
                                  const char   *id,
                                  gboolean     *exists,
                                  GError      **error)
{
  g_autoptr(CachedStmt) stmt = _dabiao_event_prepare_cached (self, "SELECT 1 FROM participants WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* Appends one row to @station's chain.  The caller holds a write
 * transaction.  Returns the new uuid. */
static char *
insert_row (DabiaoEvent  *self,
            RowFields    *row,
            GError      **error)
{
  g_autoptr(CachedStmt) head = NULL;
  g_autoptr(CachedStmt) insert = NULL;
  g_autoptr(CachedStmt) set_head = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  gint64 seq = 0;
  int rc;

  /* The local head of the station's chain; failing that (rows merged from a
   * station of the same name), the last row of that station. */
  head = _dabiao_event_prepare_cached (self,
                                "SELECT seq, hash FROM chain_heads WHERE station = ?1"
                                " UNION ALL SELECT seq, hash FROM"
                                "  (SELECT seq, hash FROM measurements WHERE station = ?1 ORDER BY seq DESC LIMIT 1)"
                                " LIMIT 1", error);
  if (head == NULL)
    return NULL;
  sqlite3_bind_text (head, 1, row->station, -1, SQLITE_STATIC);
  rc = sqlite3_step (head);
  if (rc == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (head, 0);
      prev_hash = g_strdup (_dabiao_event_column_str (head, 1));
    }
  else if (rc == SQLITE_DONE)
    prev_hash = g_strdup (GENESIS_HASH);
  else
    {
      _dabiao_event_set_db_error (self, error);
      return NULL;
    }

  row->uuid = uuid;
  row->seq = seq + 1;
  row->prev_hash = prev_hash;
  row->recorded_at = g_get_real_time ();
  if (row->measured_at == 0)
    row->measured_at = row->recorded_at;
  hash = _dabiao_event_row_hash (self->uuid, row);

  insert = _dabiao_event_prepare_cached (self,
                                  "INSERT INTO measurements (uuid, participant_id, item, value, unit, special,"
                                  " reason, source, instrument_id, raw_frame, station, operator, measured_at,"
                                  " recorded_at, voids, seq, prev_hash, hash)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return NULL;
  sqlite3_bind_text (insert, 1, row->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, row->participant_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, row->item, -1, SQLITE_STATIC);
  if (row->has_value)
    sqlite3_bind_double (insert, 4, row->value);
  sqlite3_bind_text (insert, 5, row->unit, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 6, row->special);
  sqlite3_bind_text (insert, 7, row->reason, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 8, row->source);
  sqlite3_bind_text (insert, 9, row->instrument_id, -1, SQLITE_STATIC);
  if (row->raw_frame_size > 0)
    sqlite3_bind_blob (insert, 10, row->raw_frame, row->raw_frame_size, SQLITE_STATIC);
  sqlite3_bind_text (insert, 11, row->station, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 12, row->operator_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 13, row->measured_at);
  sqlite3_bind_int64 (insert, 14, row->recorded_at);
  if (row->voids != NULL)
    sqlite3_bind_text (insert, 15, row->voids, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 16, row->seq);
  sqlite3_bind_text (insert, 17, row->prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 18, hash, -1, SQLITE_STATIC);
  if (!_dabiao_event_step_done (self, insert, error))
    return NULL;

  set_head = _dabiao_event_prepare_cached (self,
                                    "INSERT OR REPLACE INTO chain_heads (station, seq, hash) VALUES (?, ?, ?)",
                                    error);
  if (set_head == NULL)
    return NULL;
  sqlite3_bind_text (set_head, 1, row->station, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (set_head, 2, row->seq);
  sqlite3_bind_text (set_head, 3, hash, -1, SQLITE_STATIC);
  if (!_dabiao_event_step_done (self, set_head, error))
    return NULL;

  row->uuid = NULL;
  row->prev_hash = NULL;
  return g_steal_pointer (&uuid);
}

/* Validates @request and appends it; the caller holds a write transaction. */
/* A correction or void (@request->replaces): the row it replaces, which
 * must be a valid measurement; the request must give a reason. */
static gboolean
check_replaced (DabiaoEvent                *self,
                const DabiaoRecordRequest  *request,
                const char                 *reason,
                DabiaoMeasurement         **target_out,
                GError                    **error)
{
  g_autoptr(DabiaoMeasurement) target = get_measurement_locked (self, request->replaces, error);

  if (target == NULL)
    return FALSE;
  if (target->voided_by != NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Measurement %s is already voided (by %s)"), target->uuid, target->voided_by);
      return FALSE;
    }
  if (target->special == DABIAO_SPECIAL_VOID)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Row %s only voids another row; it cannot itself be voided"), target->uuid);
      return FALSE;
    }
  if (*reason == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("A correction or void of %s needs a reason"), target->uuid);
      return FALSE;
    }
  *target_out = g_steal_pointer (&target);
  return TRUE;
}

/* The event's item @code, or an error naming @asked and listing the items
 * the event has. */
static const DabiaoEventItem *
find_item_or_list (DabiaoEvent  *self,
                   const char   *code,
                   const char   *asked,
                   GError      **error)
{
  const DabiaoEventItem *item = dabiao_event_find_item (self, code);
  g_autoptr(GString) known = NULL;

  if (item != NULL)
    return item;
  known = g_string_new (NULL);
  for (guint i = 0; i < self->items->len; i++)
    {
      const DabiaoEventItem *it = g_ptr_array_index (self->items, i);
      g_string_append_printf (known, "%s%s (%s)", i > 0 ? ", " : "", it->code, it->name);
    }
  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
               _("The event has no item “%s” (items: %s)"), asked != NULL ? asked : "", known->str);
  return NULL;
}

/* What the row carries: a value or a special result that fits it. */
static gboolean
check_result (const DabiaoRecordRequest  *request,
              const char                 *participant_id,
              const DabiaoEventItem      *item,
              const char                 *reason,
              DabiaoMeasurement          *target,
              GError                    **error)
{
  if (request->special == DABIAO_SPECIAL_VOID)
    {
      if (target == NULL || request->has_value)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("A void row names the row it voids and carries no value"));
          return FALSE;
        }
    }
  else if (!request->has_value && request->special == DABIAO_SPECIAL_NONE)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s, %s: give a value or a special result"), participant_id, item->name);
      return FALSE;
    }
  if (request->has_value && !isfinite (request->value))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s, %s: the value is not a number"), participant_id, item->name);
      return FALSE;
    }
  if (request->special == DABIAO_SPECIAL_EXEMPT && *reason == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s, %s: 免测 needs a reason (e.g. 伤病, 残疾)"), participant_id, item->name);
      return FALSE;
    }
  if ((guint) request->special > DABIAO_SPECIAL_VOID || (guint) request->source > DABIAO_SOURCE_IMPORT)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s, %s: unknown special result or source"), participant_id, item->name);
      return FALSE;
    }
  return TRUE;
}

/* Whether the participant has an attempt left at the item.  Rows that
 * count as attempts: not void rows, not false starts of a run (run again),
 * not voided, and not the row this one replaces (@replaces). */
static gboolean
check_attempts_left (DabiaoEvent            *self,
                     const char             *participant_id,
                     const DabiaoEventItem  *item,
                     const char             *replaces,
                     GError                **error)
{
  g_autoptr(CachedStmt) count = NULL;
  guint used;

  count = _dabiao_event_prepare_cached (self,
                                        "SELECT count(*) FROM measurements m"
                                        " WHERE m.participant_id = ?1 AND m.item = ?2 AND dabiao_counts (m.item, m.special)"
                                        " AND NOT EXISTS (SELECT 1 FROM measurements v WHERE v.voids = m.uuid)"
                                        " AND m.uuid IS NOT ?3", error);
  if (count == NULL)
    return FALSE;
  sqlite3_bind_text (count, 1, participant_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (count, 2, item->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (count, 3, replaces, -1, SQLITE_STATIC);
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  used = sqlite3_column_int (count, 0);
  if (used >= item->attempts)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s already has %u attempt(s) at %s, as many as the event allows; void one first or allow more attempts"),
                   participant_id, used, item->name);
      return FALSE;
    }
  return TRUE;
}

static char *
record_locked (DabiaoEvent                *self,
               const DabiaoRecordRequest  *request,
               GError                    **error)
{
  g_autoptr(DabiaoMeasurement) target = NULL;
  const DabiaoEventItem *item;
  const char *participant_id = request->participant_id;
  const char *reason = request->reason != NULL ? request->reason : "";
  RowFields row = { 0 };
  gboolean exists = FALSE;

  if (request->replaces != NULL)
    {
      if (!check_replaced (self, request, reason, &target, error))
        return NULL;
      if (participant_id == NULL)
        participant_id = target->participant_id;
    }
  if (participant_id == NULL || *participant_id == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, _("No participant given"));
      return NULL;
    }
  item = find_item_or_list (self, request->item != NULL ? request->item
                                  : target != NULL ? target->item : NULL,
                            request->item, error);
  if (item == NULL)
    return NULL;
  if (target != NULL && (!g_str_equal (target->item, item->code)
                         || !g_str_equal (target->participant_id, participant_id)))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Measurement %s is of participant %s, item %s; a correction must be of the same"),
                   target->uuid, target->participant_id, target->item);
      return NULL;
    }
  if (!_dabiao_event_participant_exists (self, participant_id, &exists, error))
    return NULL;
  if (!exists)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Participant “%s” is not on the roster of “%s”"), participant_id, self->basename);
      return NULL;
    }
  if (!check_result (request, participant_id, item, reason, target, error))
    return NULL;
  if (request->special != DABIAO_SPECIAL_VOID
      && !check_attempts_left (self, participant_id, item, request->replaces, error))
    return NULL;

  row.participant_id = participant_id;
  row.item = item->code;
  row.has_value = request->has_value;
  row.value = request->value;
  row.unit = item->unit;
  row.special = request->special;
  row.reason = reason;
  row.source = request->source;
  row.instrument_id = request->instrument_id != NULL ? request->instrument_id : "";
  if (request->raw_frame != NULL)
    row.raw_frame = g_bytes_get_data (request->raw_frame, &row.raw_frame_size);
  row.station = request->station != NULL && *request->station != '\0' ? request->station : self->station;
  row.operator_name = request->operator_name != NULL && *request->operator_name != '\0'
                      ? request->operator_name : self->operator_name;
  row.measured_at = request->measured_at;
  row.voids = request->replaces;

  return insert_row (self, &row, error);
}

DabiaoMeasurement *
dabiao_event_record (DabiaoEvent                *self,
                     const DabiaoRecordRequest  *request,
                     GError                    **error)
{
  g_autofree char *uuid = NULL;
  DabiaoMeasurement *m = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  _dabiao_event_lock (self);
  if (_dabiao_event_ensure_writable (self, error) && _dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
    {
      uuid = record_locked (self, request, error);
      if (uuid == NULL || !_dabiao_event_exec (self, "COMMIT", error))
        {
          _dabiao_event_rollback (self);
          g_clear_pointer (&uuid, g_free);
        }
    }
  if (uuid != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      /* The row is committed; failing to read it back is not a failure to
       * save it. */
      m = get_measurement_locked (self, uuid, &local_error);
      if (m == NULL)
        {
          m = g_object_new (DABIAO_TYPE_MEASUREMENT, NULL);
          m->uuid = g_steal_pointer (&uuid);
        }
    }
  _dabiao_event_unlock (self);
  return m;
}

gboolean
dabiao_event_record_many (DabiaoEvent                *self,
                          const DabiaoRecordRequest  *requests,
                          guint                       n_requests,
                          GError                    **error)
{
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (requests != NULL || n_requests == 0, FALSE);

  _dabiao_event_lock (self);
  ok = _dabiao_event_ensure_writable (self, error) && _dabiao_event_exec (self, "BEGIN IMMEDIATE", error);
  for (guint i = 0; ok && i < n_requests; i++)
    {
      g_autofree char *uuid = record_locked (self, &requests[i], error);

      ok = uuid != NULL;
    }
  ok = ok && _dabiao_event_exec (self, "COMMIT", error);
  if (!ok)
    _dabiao_event_rollback (self);
  _dabiao_event_unlock (self);
  return ok;
}

DabiaoMeasurement *
dabiao_event_void (DabiaoEvent  *self,
                   const char   *uuid,
                   const char   *reason,
                   GError      **error)
{
  DabiaoRecordRequest request = { 0 };

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  request.special = DABIAO_SPECIAL_VOID;
  request.reason = reason;
  request.replaces = uuid;
  request.source = DABIAO_SOURCE_MANUAL;
  return dabiao_event_record (self, &request, error);
}

GPtrArray *
dabiao_event_list_measurements (DabiaoEvent  *self,
                                const char   *participant_id,
                                GError      **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  _dabiao_event_lock (self);
  if (!_dabiao_event_ensure_open (self, error))
    goto out;
  stmt = _dabiao_event_prepare (self,
                                participant_id != NULL
                                ? MEASUREMENT_SELECT " WHERE m.participant_id = ?1"
                                  " ORDER BY m.participant_id, m.item, m.measured_at, m.uuid"
                                : MEASUREMENT_SELECT
                                  " ORDER BY m.participant_id, m.item, m.measured_at, m.uuid",
                                error);
  if (stmt == NULL)
    goto out;
  if (participant_id != NULL)
    sqlite3_bind_text (stmt, 1, participant_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, measurement_from_stmt (stmt));
  if (rc != SQLITE_DONE)
    _dabiao_event_set_db_error (self, error);
  else
    ok = TRUE;

out:
  _dabiao_event_unlock (self);
  return ok ? g_steal_pointer (&rows) : NULL;
}
