/* dabiao-event-merge.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-output.h"
#include "dabiao-event-hash.h"
#include "dabiao-event-register.h"
#include "dabiao-event-travel.h"

/* Merging is plain uuid-keyed copying (docs/decisions/0022): every
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
  g_clear_pointer (&report->settings_taken, g_ptr_array_unref);
  g_clear_pointer (&report->settings_refused, g_ptr_array_unref);
  g_free (report);
}

char *
dabiao_merge_report_describe (const DabiaoMergeReport *report,
                              const char              *name)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  g_string_append_printf (text, _("%s: %u measurements added (%u already here), %u participants added, %u certificates added, %u roster differences\n"),
                          name, report->measurements_added, report->measurements_present,
                          report->participants_added, report->certificates_added, report->roster_differences->len);
  for (guint j = 0; j < report->roster_differences->len; j++)
    g_string_append_printf (text, "  %s\n", (const char *) g_ptr_array_index (report->roster_differences, j));
  for (guint j = 0; j < report->settings_taken->len; j++)
    g_string_append_printf (text, _("  setting taken: %s\n"), (const char *) g_ptr_array_index (report->settings_taken, j));
  for (guint j = 0; j < report->settings_refused->len; j++)
    g_string_append_printf (text, _("  setting refused: %s\n"),
                            (const char *) g_ptr_array_index (report->settings_refused, j));
  return g_string_free (text, FALSE);
}

const DabiaoTravelTable dabiao_travel_tables[DABIAO_TRAVEL_N_TABLES] = {
  [DABIAO_TRAVEL_PARTICIPANTS] = {
    "participants",
    "id, name, sex, birth_date, id_card, grade, class_code, class_name, ethnicity, address,"
    " organization, phone, created_at, updated_at",
    "ttittittttttii", "id", TRUE,
  },
  [DABIAO_TRAVEL_MEASUREMENTS] = {
    "measurements",
    "uuid, participant_id, item, value, unit, special, reason, source, instrument_id, raw_frame,"
    " station, operator, measured_at, recorded_at, voids, seq, prev_hash, hash",
    "tttrtititbttiinitt", "uuid", TRUE,
  },
  [DABIAO_TRAVEL_CERTIFICATES] = {
    "certificates",
    "uuid, number, participant_id, grade, total, issued_by, issued_at, reprints, printed, reissued_on",
    "ttttrtiitt", "uuid", FALSE,
  },
  [DABIAO_TRAVEL_SETTINGS] = {
    "settings",
    "key, value, updated_at, station",
    "ttit", "key", TRUE,
  },
  [DABIAO_TRAVEL_AUDIT] = {
    "audit",
    "uuid, time, station, operator, action, detail",
    "titttt", "uuid", FALSE,
  },
};

static const char *
text_or_empty (sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/* ---- Staging ----------------------------------------------------------- */

gboolean
_dabiao_event_stage_begin (DabiaoEvent  *self,
                           GError      **error)
{
  if (!_dabiao_event_begin (self, error))
    return FALSE;
  for (guint t = 0; t < DABIAO_TRAVEL_N_TABLES; t++)
    {
      const DabiaoTravelTable *table = &dabiao_travel_tables[t];
      g_autofree char *create = g_strdup_printf ("CREATE TEMP TABLE IF NOT EXISTS incoming_%s AS"
                                                 " SELECT %s, NULL AS claimed_hash FROM main.%s WHERE 0",
                                                 table->name, table->columns, table->name);
      g_autofree char *clear = g_strdup_printf ("DELETE FROM temp.incoming_%s", table->name);

      if (!_dabiao_event_exec (self, create, error) || !_dabiao_event_exec (self, clear, error))
        {
          _dabiao_event_rollback (self);
          return FALSE;
        }
    }
  /* Chain links are looked up among the staged rows too. */
  if (!_dabiao_event_exec (self, "CREATE INDEX IF NOT EXISTS temp.incoming_measurements_chain"
                           " ON incoming_measurements (station, seq)", error))
    {
      _dabiao_event_rollback (self);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
_dabiao_event_stage_prepare (DabiaoEvent          *self,
                             DabiaoTravelTableId   id,
                             GError              **error)
{
  const DabiaoTravelTable *table = &dabiao_travel_tables[id];
  g_autoptr(GString) sql = g_string_new (NULL);
  gsize n = strlen (table->types);
  gsize commas = 0;

  for (const char *c = table->columns; *c != '\0'; c++)
    commas += *c == ',';
  /* One type letter per column; a table with row hashes travels exactly
   * the columns its row hash covers, in that order. */
  g_assert (commas + 1 == n);
  if (table->row_hash)
    {
      g_autofree char *hashed = g_strjoinv (", ", (char **) dabiao_row_hash_columns (table->name));

      g_assert_cmpstr (hashed, ==, table->columns);
    }
  g_string_printf (sql, "INSERT INTO temp.incoming_%s (%s, claimed_hash) VALUES (?", table->name,
                   table->columns);
  for (gsize i = 0; i < n; i++)
    g_string_append (sql, ", ?");
  g_string_append_c (sql, ')');
  return _dabiao_event_prepare (self, sql->str, error);
}

void
_dabiao_event_stage_end (DabiaoEvent *self,
                         gboolean     committed,
                         guint        attempts_changed,
                         guint        details_changed)
{
  if (!committed)
    _dabiao_event_rollback (self);
  for (guint t = 0; t < DABIAO_TRAVEL_N_TABLES; t++)
    {
      g_autofree char *clear = g_strdup_printf ("DELETE FROM temp.incoming_%s", dabiao_travel_tables[t].name);

      _dabiao_event_exec (self, clear, NULL);
    }
  if (committed && attempts_changed > 0)
    _dabiao_event_reload_attempts (self);
  if (committed && details_changed > 0)
    _dabiao_event_reload_metadata (self);
}

/* Runs @sql; (*@changes) += the rows it changed. */
static gboolean
apply_step (DabiaoEvent  *self,
            const char   *sql,
            guint        *changes,
            GError      **error)
{
  if (!_dabiao_event_exec (self, sql, error))
    return FALSE;
  if (changes != NULL)
    *changes += sqlite3_changes (_dabiao_event_get_db (self));
  return TRUE;
}

static gboolean
compare_roster (DabiaoEvent        *self,
                gboolean            from_server,
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
  g_autoptr(sqlite3_stmt) pairs = NULL;
  int rc;

  pairs = _dabiao_event_prepare (self,
                                 "SELECT p.id, p.name, p.sex, p.birth_date, p.id_card, p.grade, p.class_code,"
                                 " p.class_name, p.ethnicity, p.address, p.organization, p.phone,"
                                 " i.name, i.sex, i.birth_date, i.id_card, i.grade, i.class_code,"
                                 " i.class_name, i.ethnicity, i.address, i.organization, i.phone"
                                 " FROM temp.incoming_participants i JOIN main.participants p ON p.id = i.id"
                                 " ORDER BY p.id", error);
  if (pairs == NULL)
    return FALSE;
  while ((rc = sqlite3_step (pairs)) == SQLITE_ROW)
    {
      const char *id = text_or_empty (pairs, 0);
      const char *name_here = text_or_empty (pairs, 1);
      const char *name_there = text_or_empty (pairs, 1 + G_N_ELEMENTS (fields));
      const char *card_here = text_or_empty (pairs, 4);
      const char *card_there = text_or_empty (pairs, 4 + G_N_ELEMENTS (fields));

      /* Another name and another 身份证 under one 编号: two registration
       * desks with the same desk code, not a corrected typo.  Said first
       * and plainly: the other file's results under this 编号 now count
       * for the person here. */
      if (!g_str_equal (name_here, name_there) && card_here[0] != '\0' && card_there[0] != '\0'
          && !g_str_equal (card_here, card_there))
        g_ptr_array_add (report->roster_differences,
                         /* Translators: 编号, the name here, the name there, 编号 */
                         g_strdup_printf (_("%s is %s here but %s %s: two different people under one number — two "
                                            "registration desks used the same desk code? The results recorded "
                                            "there under %s now count for %s; check them and void those that "
                                            "are not theirs"),
                                          id, name_here, name_there,
                                          from_server ? _("on the server") : _("in the other file"), id,
                                          name_here));
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          const char *a = text_or_empty (pairs, i + 1);
          const char *b = text_or_empty (pairs, i + 1 + G_N_ELEMENTS (fields));
          g_autofree char *shown_a = NULL;
          g_autofree char *shown_b = NULL;

          if (g_str_equal (a, b))
            continue;
          /* 身份证号 masked, as everywhere they are shown (0152). */
          shown_a = g_str_equal (fields[i], "id_card") ? dabiao_output_mask_id (a) : g_strdup (a);
          shown_b = g_str_equal (fields[i], "id_card") ? dabiao_output_mask_id (b) : g_strdup (b);
          g_ptr_array_add (report->roster_differences,
                           from_server
                           ? g_strdup_printf (_("%s: %s is “%s” here, “%s” on the server (kept “%s”)"),
                                              id, labels[i], shown_a, shown_b, shown_a)
                           : g_strdup_printf (_("%s: %s is “%s” here, “%s” in the other file (kept “%s”)"),
                                              id, labels[i], shown_a, shown_b, shown_a));
        }
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  return TRUE;
}

/* The same 身份证 under two 编号: two registration desks registered one
 * person.  An incoming one with nothing recorded (no measurement, no
 * certificate) is not added — the person stays once, under the 编号 here;
 * one with results is added all the same (its rows are chained to its
 * 编号 and must stay as they are), and both are named so the organiser
 * can void the extra one's rows or tell the person which badge to use.
 * The one not added is kept as merged into the one here (the setting
 * "merged.B0005" = "A0001", docs/decisions/0210): its badge still works. */
static gboolean
resolve_duplicate_cards (DabiaoEvent        *self,
                         gboolean            from_server,
                         DabiaoMergeReport  *report,
                         GError            **error)
{
  g_autoptr(sqlite3_stmt) pairs = NULL;
  g_autoptr(sqlite3_stmt) drop = NULL;
  g_autoptr(sqlite3_stmt) keep = NULL;
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) into = g_ptr_array_new_with_free_func (g_free);
  int rc;

  pairs = _dabiao_event_prepare (self,
                                 "SELECT i.id, i.name, min (p.id), p.name, i.id_card,"
                                 " EXISTS (SELECT 1 FROM temp.incoming_measurements m WHERE m.participant_id = i.id)"
                                 " OR EXISTS (SELECT 1 FROM temp.incoming_certificates c"
                                 "            WHERE c.participant_id = i.id)"
                                 " FROM temp.incoming_participants i"
                                 " JOIN main.participants p ON p.id_card = i.id_card AND p.id != i.id"
                                 " WHERE coalesce (i.id_card, '') != ''"
                                 " AND NOT EXISTS (SELECT 1 FROM main.participants q WHERE q.id = i.id)"
                                 " GROUP BY i.id ORDER BY i.id", error);
  drop = _dabiao_event_prepare (self, "DELETE FROM temp.incoming_participants WHERE id = ?", error);
  keep = _dabiao_event_prepare (self,
                                "INSERT INTO settings (key, value, updated_at, station) VALUES (?1 || ?2, ?3, ?4, ?5)"
                                " ON CONFLICT (key) DO NOTHING", error);
  if (pairs == NULL || drop == NULL || keep == NULL)
    return FALSE;
  while ((rc = sqlite3_step (pairs)) == SQLITE_ROW)
    {
      const char *id = text_or_empty (pairs, 0);
      const char *name = text_or_empty (pairs, 1);
      const char *here = text_or_empty (pairs, 2);
      const char *here_name = text_or_empty (pairs, 3);
      g_autofree char *masked = dabiao_output_mask_id (text_or_empty (pairs, 4));
      gboolean has_rows = sqlite3_column_int (pairs, 5) != 0;
      const char *there = from_server ? _("on the server") : _("in the other file");
      g_autofree char *said = NULL;

      if (!has_rows)
        {
          g_ptr_array_add (dropped, g_strdup (id));
          g_ptr_array_add (into, g_strdup (here));
          /* Translators: 身份证号 (masked), 编号 and name there, 编号 and name here */
          said = g_strdup_printf (_("The same identity card %s: %s %s %s is %s %s here — not added "
                                    "(nothing recorded under %s); the person keeps %s"),
                                  masked, id, name, there, here, here_name, id, here);
        }
      else
        said = g_strdup_printf (_("The same identity card %s: %s %s %s is %s %s here — both kept, "
                                  "because %s has results; they are not combined: void the rows "
                                  "of the one not to count"),
                                masked, id, name, there, here, here_name, id);
      /* One card, two names: a desk typed it wrong (findings-15d #3: "伟"
       * for the card's 王伟).  Said, so the organiser corrects it. */
      if (g_strcmp0 (name, here_name) != 0)
        {
          g_autofree char *names = NULL;

          /* Translators: appended to the line above: the name there, the name here, the 编号 kept */
          names = g_strdup_printf (_("; the names differ (“%s” and “%s”): check the card and correct %s's name "
                                     "on the Roster page"), name, here_name, here);
          g_ptr_array_add (report->roster_differences, g_strconcat (said, names, NULL));
        }
      else
        g_ptr_array_add (report->roster_differences, g_steal_pointer (&said));
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  /* Not while the query above still walks the table. */
  for (guint i = 0; i < dropped->len; i++)
    {
      sqlite3_reset (drop);
      sqlite3_bind_text (drop, 1, g_ptr_array_index (dropped, i), -1, SQLITE_STATIC);
      if (!_dabiao_event_step_done (self, drop, error))
        return FALSE;
      sqlite3_reset (keep);
      sqlite3_bind_text (keep, 1, DABIAO_MERGED_PREFIX, -1, SQLITE_STATIC);
      sqlite3_bind_text (keep, 2, g_ptr_array_index (dropped, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (keep, 3, g_ptr_array_index (into, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (keep, 4, g_get_real_time ());
      sqlite3_bind_text (keep, 5, self->station, -1, SQLITE_STATIC);
      if (!_dabiao_event_step_done (self, keep, error))
        return FALSE;
    }
  return TRUE;
}

/* A setting's time (µs since 1970) for a message. */
static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup_printf ("%" G_GINT64_FORMAT, usec);
}

/* Can a setting's value be used?  The ones the program reads back. */
static gboolean
setting_readable (const char  *basename,
                  const char  *key,
                  const char  *value,
                  GError     **error)
{
  if (g_str_equal (key, "stations"))
    return _dabiao_station_definitions_check_json (basename, value, error);
  if (g_str_has_prefix (key, DABIAO_MERGED_PREFIX) && (value[0] == '\0' || strlen (value) > 64))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” is not a participant’s number"), value);
      return FALSE;
    }
  if (g_str_has_prefix (key, "attempts."))
    {
      char *end = NULL;
      guint64 n = g_ascii_strtoull (value, &end, 10);

      if (end == value || *end != '\0' || n < 1 || n > 99)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("“%s” is not a number of attempts (1–99)"), value);
          return FALSE;
        }
    }
  return TRUE;
}

/* Settings: the one set last wins, within bounds.  A time more than a day
 * ahead of this computer's clock is refused (before, a setting from a wrong
 * clock won every later merge, silently), and so is one here that is that
 * far ahead: it no longer outranks a real one.  Every setting taken or
 * refused goes into the report. */
static gboolean
apply_settings (DabiaoEvent        *self,
                const char         *label,
                DabiaoMergeReport  *report,
                GError            **error)
{
  gint64 limit = g_get_real_time () + G_TIME_SPAN_DAY;
  g_autoptr(sqlite3_stmt) from = _dabiao_event_prepare (self,
                                                        "SELECT key, value, updated_at, station"
                                                        " FROM temp.incoming_settings ORDER BY key",
                                                        error);
  g_autoptr(sqlite3_stmt) to = NULL;
  int rc;

  if (from == NULL)
    return FALSE;
  /* Callers that build their own report (sync) may not have these. */
  if (report->settings_taken == NULL)
    report->settings_taken = g_ptr_array_new_with_free_func (g_free);
  if (report->settings_refused == NULL)
    report->settings_refused = g_ptr_array_new_with_free_func (g_free);
  to = _dabiao_event_prepare (self,
                              "INSERT INTO settings (key, value, updated_at, station) VALUES (?1, ?2, ?3, ?4)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,"
                              " station = excluded.station"
                              " WHERE excluded.updated_at > MIN (settings.updated_at, ?5)"
                              " AND excluded.value IS NOT settings.value",
                              error);
  if (to == NULL)
    return FALSE;
  while ((rc = sqlite3_step (from)) == SQLITE_ROW)
    {
      const char *key = _dabiao_event_column_str (from, 0);
      const char *value = _dabiao_event_column_str (from, 1);
      gint64 when = sqlite3_column_int64 (from, 2);
      const char *station = _dabiao_event_column_str (from, 3);
      g_autofree char *time = format_time (when);
      g_autofree char *head = g_utf8_substring (value, 0, MIN (g_utf8_strlen (value, -1), 40));
      g_autofree char *shown = strlen (head) < strlen (value)
                               ? g_strdup_printf (_("%s… (%zu bytes)"), head, strlen (value))
                               : g_strdup (value);
      g_autoptr(GError) why = NULL;

      if (sqlite3_column_type (from, 2) != SQLITE_INTEGER || when > limit)
        {
          g_ptr_array_add (report->settings_refused,
                           g_strdup_printf (_("%s: set at %s on %s, more than a day after this computer's clock; not taken (check that computer's clock)"),
                                            key, time, station));
          continue;
        }
      if (!setting_readable (label, key, value, &why))
        {
          g_ptr_array_add (report->settings_refused,
                           g_strdup_printf (_("%s: set at %s on %s, cannot be used (%s); not taken"),
                                            key, time, station, why->message));
          continue;
        }
      sqlite3_reset (to);
      sqlite3_bind_text (to, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (to, 2, value, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (to, 3, when);
      sqlite3_bind_text (to, 4, station, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (to, 5, limit);
      if (!_dabiao_event_step_done (self, to, error))
        return FALSE;
      if (sqlite3_changes (_dabiao_event_get_db (self)) > 0)
        {
          report->settings_updated++;
          if (g_str_has_prefix (key, DABIAO_MERGED_PREFIX))
            g_ptr_array_add (report->settings_taken,
                             /* Translators: two participants' numbers (编号) */
                             g_strdup_printf (_("%s was merged into %s"), key + strlen (DABIAO_MERGED_PREFIX), value));
          else
            g_ptr_array_add (report->settings_taken,
                             g_strdup_printf (_("%s = %s (set at %s on %s)"), key, shown, time, station));
        }
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  return TRUE;
}

/* Every station of the merged file gets a chain head here (its last row),
 * so that dropping its tail from this file later is named by verify, as
 * for the stations recorded here. */
static gboolean
apply_chain_heads (DabiaoEvent  *self,
                   GError      **error)
{
  return _dabiao_event_exec (self,
                             "INSERT INTO chain_heads (station, seq, hash)"
                             " SELECT station, seq, hash FROM measurements m"
                             " WHERE seq = (SELECT MAX (seq) FROM measurements WHERE station = m.station)"
                             " GROUP BY station"
                             " ON CONFLICT (station) DO UPDATE SET seq = excluded.seq, hash = excluded.hash"
                             " WHERE excluded.seq > chain_heads.seq",
                             error);
}

gboolean
_dabiao_event_stage_apply (DabiaoEvent        *self,
                           const char         *action,
                           const char         *label,
                           DabiaoMergeReport  *report,
                           guint              *attempts_changed,
                           guint              *details_changed,
                           GError            **error)
{
  g_autofree char *detail = NULL;
  guint staged_measurements = 0;
  guint ignored = 0;
  g_autoptr(sqlite3_stmt) count = NULL;

  count = _dabiao_event_prepare (self, "SELECT count (DISTINCT uuid) FROM temp.incoming_measurements", error);
  if (count == NULL)
    return FALSE;
  if (sqlite3_step (count) == SQLITE_ROW)
    staged_measurements = sqlite3_column_int (count, 0);

  if (!(resolve_duplicate_cards (self, g_str_equal (action, "sync"), report, error)
        && compare_roster (self, g_str_equal (action, "sync"), report, error)
        && apply_step (self,
                       "INSERT OR IGNORE INTO participants (id, name, sex, birth_date, id_card, grade, class_code,"
                       " class_name, ethnicity, address, organization, phone, created_at, updated_at)"
                       " SELECT id, name, sex, birth_date, id_card, grade, class_code, class_name, ethnicity,"
                       " address, organization, phone, created_at, updated_at FROM temp.incoming_participants",
                       &report->participants_added, error)
        && apply_step (self,
                       "INSERT OR IGNORE INTO measurements (uuid, participant_id, item, value, unit, special,"
                       " reason, source, instrument_id, raw_frame, station, operator, measured_at, recorded_at,"
                       " voids, seq, prev_hash, hash)"
                       " SELECT uuid, participant_id, item, value, unit, special, reason, source, instrument_id,"
                       " raw_frame, station, operator, measured_at, recorded_at, voids, seq, prev_hash, hash"
                       " FROM temp.incoming_measurements ORDER BY station, seq",
                       &report->measurements_added, error)
        && apply_chain_heads (self, error)
        && apply_step (self,
                       "INSERT OR IGNORE INTO certificates (uuid, number, participant_id, grade, total, issued_by,"
                       " issued_at, printed) SELECT uuid, number, participant_id, grade, total, issued_by,"
                       " issued_at, printed FROM temp.incoming_certificates",
                       &report->certificates_added, error)
        /* What an older certificate printed, kept on one side only. */
        && apply_step (self,
                       "UPDATE certificates SET printed = i.printed FROM temp.incoming_certificates i"
                       " WHERE certificates.uuid = i.uuid AND certificates.printed = '' AND i.printed != ''",
                       &ignored, error)
        /* A reissue count only grows: keep the larger one, with its date. */
        && apply_step (self,
                       "UPDATE certificates SET reprints = i.reprints, reissued_on = i.reissued_on"
                       " FROM temp.incoming_certificates i"
                       " WHERE certificates.uuid = i.uuid AND certificates.reprints < i.reprints",
                       &ignored, error)
        /* Settings: the value set last wins, within bounds. */
        && apply_settings (self, label, report, error)
        && _dabiao_event_apply_attempt_settings (self, attempts_changed, error)
        && _dabiao_event_apply_detail_settings (self, details_changed, error)
        && apply_step (self,
                       "INSERT OR IGNORE INTO audit (uuid, time, station, operator, action, detail)"
                       " SELECT uuid, time, station, operator, action, detail FROM temp.incoming_audit",
                       &report->audit_added, error)))
    return FALSE;
  report->measurements_present += staged_measurements - MIN (staged_measurements, report->measurements_added);

  detail = g_strdup_printf ("%s: +%u measurements, +%u participants, +%u certificates, %u roster differences",
                            label, report->measurements_added, report->participants_added,
                            report->certificates_added, report->roster_differences->len);
  /* Only a merge that brought something is worth an audit row; this keeps
   * merging twice a no-op. */
  if (report->measurements_added + report->participants_added + report->certificates_added
      + report->audit_added + report->settings_updated > 0)
    return _dabiao_event_audit (self, action, detail, error);
  return TRUE;
}

/* ---- Merging a file ---------------------------------------------------- */

/* Stages every row of @table of @other. */
static gboolean
stage_from_file (DabiaoEvent          *self,
                 DabiaoEvent          *other,
                 DabiaoTravelTableId   id,
                 GError              **error)
{
  const DabiaoTravelTable *table = &dabiao_travel_tables[id];
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s", table->columns, table->name);
  g_autoptr(sqlite3_stmt) from = _dabiao_event_prepare (other, select, error);
  g_autoptr(sqlite3_stmt) to = NULL;
  int rc;

  if (from == NULL)
    return FALSE;
  to = _dabiao_event_stage_prepare (self, id, error);
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
  guint attempts_changed = 0;
  guint details_changed = 0;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (other_path != NULL, NULL);

  report->roster_differences = g_ptr_array_new_with_free_func (g_free);
  report->settings_taken = g_ptr_array_new_with_free_func (g_free);
  report->settings_refused = g_ptr_array_new_with_free_func (g_free);

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
  ok = _dabiao_event_stage_begin (self, error);
  for (guint t = 0; ok && t < DABIAO_TRAVEL_N_TABLES; t++)
    ok = stage_from_file (self, other, t, error);
  ok = ok && _dabiao_event_stage_apply (self, "merge", other_name, report, &attempts_changed,
                                        &details_changed, error)
       && _dabiao_event_commit (self, error);
  _dabiao_event_stage_end (self, ok, attempts_changed, details_changed);
  _dabiao_event_unlock (other);
  _dabiao_event_unlock (self);

  return ok ? g_steal_pointer (&report) : NULL;
}
