/* dabiao-event-merge.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-event-private.h"

/* Merging is plain uuid-keyed copying (see HACKING.md, "Event file"): every
 * row that matters across stations has a uuid (measurements, audit entries,
 * certificates) or a natural key (participants by id), rows are never
 * updated, so "insert what is not here yet" is the whole algorithm, and it
 * is idempotent by construction. */

void
dabiao_merge_report_free (DabiaoMergeReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->roster_differences, g_ptr_array_unref);
  g_free (report);
}

static const char *
text_or_empty (sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/* Copies the rows of @select (run on @other) into @self with @insert, whose
 * parameters are the selected columns in order.  Counts inserted rows. */
static gboolean
copy_rows (DabiaoEvent  *self,
           DabiaoEvent  *other,
           const char   *select,
           const char   *insert,
           guint        *added,
           guint        *present,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) from = _dabiao_event_prepare (other, select, error);
  g_autoptr(sqlite3_stmt) to = NULL;
  sqlite3 *db = _dabiao_event_get_db (self);
  int rc;

  if (from == NULL)
    return FALSE;
  to = _dabiao_event_prepare (self, insert, error);
  if (to == NULL)
    return FALSE;

  while ((rc = sqlite3_step (from)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (from);

      sqlite3_reset (to);
      for (int i = 0; i < n; i++)
        sqlite3_bind_value (to, i + 1, sqlite3_column_value (from, i));
      if (sqlite3_step (to) != SQLITE_DONE)
        {
          _dabiao_event_set_db_error (self, error);
          return FALSE;
        }
      if (sqlite3_changes (db) > 0)
        (*added)++;
      else if (present != NULL)
        (*present)++;
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (other, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
compare_roster (DabiaoEvent        *self,
                DabiaoEvent        *other,
                DabiaoMergeReport  *report,
                GError            **error)
{
  static const char * const fields[] = {
    "name", "sex", "birth_date", "id_card", "grade", "class_code", "class_name",
    "ethnicity", "address", "organization", "phone",
  };
  static const char * const labels[] = {
    "姓名", "性别", "出生日期", "身份证号", "年级编号", "班级编号", "班级名称",
    "民族代码", "家庭住址", "单位", "手机",
  };
  g_autoptr(sqlite3_stmt) theirs = NULL;
  g_autoptr(sqlite3_stmt) ours = NULL;
  int rc;

  theirs = _dabiao_event_prepare (other,
                                  "SELECT id, name, sex, birth_date, id_card, grade, class_code, class_name,"
                                  " ethnicity, address, organization, phone FROM participants ORDER BY id", error);
  ours = _dabiao_event_prepare (self,
                                "SELECT id, name, sex, birth_date, id_card, grade, class_code, class_name,"
                                " ethnicity, address, organization, phone FROM participants WHERE id = ?", error);
  if (theirs == NULL || ours == NULL)
    return FALSE;

  while ((rc = sqlite3_step (theirs)) == SQLITE_ROW)
    {
      sqlite3_reset (ours);
      sqlite3_bind_text (ours, 1, text_or_empty (theirs, 0), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (ours) != SQLITE_ROW)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          const char *a = text_or_empty (ours, i + 1);
          const char *b = text_or_empty (theirs, i + 1);

          if (!g_str_equal (a, b))
            g_ptr_array_add (report->roster_differences,
                             g_strdup_printf (_("%s: %s is “%s” here, “%s” in the other file (kept “%s”)"),
                                              text_or_empty (theirs, 0), labels[i], a, b, a));
        }
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (other, error);
      return FALSE;
    }
  return TRUE;
}

DabiaoMergeReport *
dabiao_event_merge (DabiaoEvent  *self,
                    const char   *other_path,
                    GError      **error)
{
  g_autoptr(DabiaoMergeReport) report = g_new0 (DabiaoMergeReport, 1);
  g_autoptr(DabiaoEvent) other = NULL;
  g_autoptr(GError) verify_error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *other_name = g_path_get_basename (other_path);
  g_autofree char *detail = NULL;
  guint ignored = 0;
  guint attempts_changed = 0;
  guint details_changed = 0;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (other_path != NULL, NULL);

  report->roster_differences = g_ptr_array_new_with_free_func (g_free);

  other = dabiao_event_open (other_path, DABIAO_EVENT_OPEN_READ_ONLY, error);
  if (other == NULL)
    return NULL;
  if (g_strcmp0 (dabiao_event_get_uuid (self), dabiao_event_get_uuid (other)) != 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” belongs to another event (“%s”, %s), not to “%s” (%s); nothing merged"),
                   other_name, dabiao_event_get_name (other), dabiao_event_get_uuid (other),
                   dabiao_event_get_name (self), dabiao_event_get_uuid (self));
      return NULL;
    }
  if (!dabiao_event_verify (other, &problems, &verify_error))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY,
                   _("%s; nothing merged (first problem: %s)"), verify_error->message,
                   problems != NULL && problems->len > 0 ? (const char *) g_ptr_array_index (problems, 0) : "");
      return NULL;
    }

  _dabiao_event_lock (self);
  _dabiao_event_lock (other);
  ok = _dabiao_event_begin (self, error)
       && compare_roster (self, other, report, error)
       && copy_rows (self, other,
                     "SELECT id, name, sex, birth_date, id_card, grade, class_code, class_name, ethnicity,"
                     " address, organization, phone, created_at, updated_at FROM participants",
                     "INSERT OR IGNORE INTO participants (id, name, sex, birth_date, id_card, grade, class_code,"
                     " class_name, ethnicity, address, organization, phone, created_at, updated_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     &report->participants_added, NULL, error)
       && copy_rows (self, other,
                     "SELECT uuid, participant_id, item, value, unit, special, reason, source, instrument_id,"
                     " raw_frame, station, operator, measured_at, recorded_at, voids, seq, prev_hash, hash"
                     " FROM measurements ORDER BY station, seq",
                     "INSERT OR IGNORE INTO measurements (uuid, participant_id, item, value, unit, special,"
                     " reason, source, instrument_id, raw_frame, station, operator, measured_at, recorded_at,"
                     " voids, seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     &report->measurements_added, &report->measurements_present, error)
       && copy_rows (self, other,
                     "SELECT uuid, number, participant_id, grade, total, issued_by, issued_at, printed"
                     " FROM certificates",
                     "INSERT OR IGNORE INTO certificates (uuid, number, participant_id, grade, total, issued_by,"
                     " issued_at, printed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     &report->certificates_added, NULL, error)
       /* What an older certificate printed, kept on one side only. */
       && copy_rows (self, other,
                     "SELECT printed, uuid FROM certificates WHERE printed != ''",
                     "UPDATE certificates SET printed = ?1 WHERE uuid = ?2 AND printed = ''",
                     &ignored, NULL, error)
       /* A reissue count only grows: keep the larger one, with its date. */
       && copy_rows (self, other,
                     "SELECT reprints, uuid, reissued_on FROM certificates WHERE reprints > 0",
                     "UPDATE certificates SET reprints = ?1, reissued_on = ?3 WHERE uuid = ?2 AND reprints < ?1",
                     &ignored, NULL, error)
       /* Settings: the value set last wins. */
       && copy_rows (self, other,
                     "SELECT key, value, updated_at, station FROM settings",
                     "INSERT INTO settings (key, value, updated_at, station) VALUES (?, ?, ?, ?)"
                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,"
                     " station = excluded.station WHERE excluded.updated_at > settings.updated_at",
                     &report->settings_updated, NULL, error)
       && _dabiao_event_apply_attempt_settings (self, &attempts_changed, error)
       && _dabiao_event_apply_detail_settings (self, &details_changed, error)
       && copy_rows (self, other,
                     "SELECT uuid, time, station, operator, action, detail FROM audit",
                     "INSERT OR IGNORE INTO audit (uuid, time, station, operator, action, detail)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     &report->audit_added, &ignored, error);
  if (ok)
    {
      detail = g_strdup_printf ("%s: +%u measurements, +%u participants, +%u certificates, %u roster differences",
                                other_name, report->measurements_added, report->participants_added,
                                report->certificates_added, report->roster_differences->len);
      /* Only a merge that brought something is worth an audit row; this
       * keeps merging twice a no-op. */
      if (report->measurements_added + report->participants_added + report->certificates_added
          + report->audit_added + report->settings_updated > 0)
        ok = _dabiao_event_audit (self, "merge", detail, error);
      ok = ok && _dabiao_event_commit (self, error);
    }
  if (!ok)
    _dabiao_event_rollback (self);
  else
    {
      if (attempts_changed > 0)
        _dabiao_event_reload_attempts (self);
      if (details_changed > 0)
        _dabiao_event_reload_metadata (self);
    }
  _dabiao_event_unlock (other);
  _dabiao_event_unlock (self);

  return ok ? g_steal_pointer (&report) : NULL;
}
