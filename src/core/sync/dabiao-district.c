/* dabiao-district.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-district.h"
#include "dabiao-error.h"
#include "dabiao-event-travel.h"
#include "dabiao-measurement.h"
#include "dabiao-reading.h"
#include "dabiao-results-stats.h"
#include "dabiao-results.h"
#include "dabiao-server-private.h"
#include "dabiao-sync.h"
#include "dabiao-table.h"

#define FETCH "FETCH 2000 FROM district"

/* The server's reduction: per participant (GROUP BY), for each item the
 * candidates of its best attempt — the highest, the lowest and the latest
 * valid value, or without one the latest special result — so this computer
 * folds at most three rows per item with dabiao_best_attempt_fold() (the
 * one rule) instead of every attempt; void rows and voided rows stay on the
 * server, and so do false starts at the runs ($2: dabiao_counts() of the
 * event files, decision 0204).  Fields are separated by \x1f, items by
 * \x1e. */
G_STATIC_ASSERT (DABIAO_SPECIAL_FOUL == 3 && DABIAO_SPECIAL_VOID == 6);

static const char district_query[] =
  "DECLARE district NO SCROLL CURSOR FOR"
  " WITH counting AS ("
  "  SELECT m.participant_id, m.item, m.value, m.special, m.reason, m.measured_at, m.uuid,"
  "   (m.value IS NOT NULL AND m.special = 0) AS valued"
  "  FROM measurements m WHERE m.event_uuid = $1 AND m.special <> 6"
  "   AND NOT (m.special = 3 AND m.item = ANY ($2::text[]))"
  "   AND NOT EXISTS (SELECT 1 FROM measurements v WHERE v.event_uuid = m.event_uuid AND v.voids = m.uuid)),"
  " candidates AS ("
  "  SELECT participant_id, item,"
  "   max (value) FILTER (WHERE valued) AS hi,"
  "   min (value) FILTER (WHERE valued) AS lo,"
  "   (array_agg (value ORDER BY measured_at DESC, uuid DESC) FILTER (WHERE valued))[1] AS latest,"
  "   (array_agg (special ORDER BY measured_at DESC, uuid DESC) FILTER (WHERE NOT valued))[1] AS special,"
  "   (array_agg (reason ORDER BY measured_at DESC, uuid DESC) FILTER (WHERE NOT valued))[1] AS reason"
  "  FROM counting GROUP BY participant_id, item)"
  " SELECT p.id, p.name, p.sex, p.birth_date, p.id_card, p.grade, p.class_code, p.class_name, p.ethnicity,"
  "  p.address, p.organization, p.phone,"
  "  coalesce (string_agg (concat_ws (E'\\x1f', c.item, coalesce (c.hi::text, ''), coalesce (c.lo::text, ''),"
  "   coalesce (c.latest::text, ''), coalesce (c.special::text, ''),"
  "   translate (coalesce (c.reason, ''), E'\\x1e\\x1f', '  ')), E'\\x1e'), '')"
  " FROM participants p LEFT JOIN candidates c ON c.participant_id = p.id"
  " WHERE p.event_uuid = $1 GROUP BY p.event_uuid, p.id ORDER BY p.id";

typedef struct
{
  char  *school;
  char  *school_name;
  guint  grade;
  char  *group;
  int    group_order;
  DabiaoResultsCounts counts;
} Tally;

static void
tally_free (Tally *tally)
{
  g_free (tally->school);
  g_free (tally->school_name);
  g_free (tally->group);
  g_free (tally);
}

static int
compare_tallies (gconstpointer a,
                 gconstpointer b)
{
  const Tally *x = *(const Tally * const *) a;
  const Tally *y = *(const Tally * const *) b;
  int c = strcmp (x->school, y->school);

  if (c != 0)
    return c;
  if (x->group_order != y->group_order)
    return x->group_order < y->group_order ? -1 : 1;
  if (x->grade != y->grade)
    return x->grade < y->grade ? -1 : 1;
  return g_strcmp0 (x->group, y->group);
}

typedef struct
{
  GHashTable     *tallies;      /* "school\x1fgroup" → Tally */
  char           *standard;
  DabiaoResults  *results;      /* of the first event: level names */
  GStrv           levels;
  DabiaoDistrictReport *report;
} Summary;

static void
count_person (Summary             *summary,
              DabiaoResults       *results,
              DabiaoResultsPerson *person)
{
  g_autofree char *group = dabiao_results_person_dup_group (person);
  g_autofree char *key = g_strdup_printf ("%s\x1f%s", person->school_code != NULL ? person->school_code : "",
                                          group != NULL ? group : "");
  Tally *tally = g_hash_table_lookup (summary->tallies, key);

  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      tally->school = g_strdup (person->school_code != NULL ? person->school_code : "");
      tally->school_name = g_strdup (person->school_name != NULL ? person->school_name : "");
      tally->grade = person->grade;
      tally->group = g_strdup (group != NULL ? group : "");
      tally->group_order = person->group_order;
      g_hash_table_insert (summary->tallies, g_steal_pointer (&key), tally);
    }
  else if (tally->school_name[0] == '\0' && person->school_name != NULL && person->school_name[0] != '\0')
    {
      /* The school has a name in a later event only. */
      g_free (tally->school_name);
      tally->school_name = g_strdup (person->school_name);
    }
  /* The school summary's rule (dabiao-results-stats.h): 缺测 is who was
   * recorded absent, 未测完 who still has items to measure. */
  {
    guint tested = tally->counts.tested;

    dabiao_results_counts_add_person (results, &tally->counts, person);
    summary->report->participants++;
    summary->report->tested += tally->counts.tested - tested;
  }
}

/* A temporary event file and what sqlite and the lock leave beside it. */
static void
remove_event_file (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", ".lock" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

/* One participant row of the cursor: the participant, its items folded. */
static DabiaoResultsPerson *
person_from_row (DabiaoResults *results,
                 DabiaoEvent   *shell,
                 PGresult      *rows,
                 int            row)
{
  g_autoptr(DabiaoParticipant) participant = g_object_new (DABIAO_TYPE_PARTICIPANT, NULL);
  g_autoptr(GPtrArray) attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_best_attempt_free);
  GPtrArray *items = dabiao_event_get_items (shell);
  g_auto(GStrv) candidates = NULL;
  const char *packed = PQgetvalue (rows, row, 12);

  participant->id = g_strdup (PQgetvalue (rows, row, 0));
  participant->name = g_strdup (PQgetvalue (rows, row, 1));
  participant->sex = atoi (PQgetvalue (rows, row, 2));
  participant->birth_date = g_strdup (PQgetvalue (rows, row, 3));
  participant->id_card = g_strdup (PQgetvalue (rows, row, 4));
  participant->grade = atoi (PQgetvalue (rows, row, 5));
  participant->class_code = g_strdup (PQgetvalue (rows, row, 6));
  participant->class_name = g_strdup (PQgetvalue (rows, row, 7));
  participant->ethnicity = g_strdup (PQgetvalue (rows, row, 8));
  participant->address = g_strdup (PQgetvalue (rows, row, 9));
  participant->organization = g_strdup (PQgetvalue (rows, row, 10));
  participant->phone = g_strdup (PQgetvalue (rows, row, 11));

  for (guint i = 0; i < items->len; i++)
    {
      DabiaoBestAttempt *result = g_new0 (DabiaoBestAttempt, 1);

      result->item = g_strdup (((DabiaoEventItem *) g_ptr_array_index (items, i))->code);
      result->reason = g_strdup ("");
      g_ptr_array_add (attempts, result);
    }
  candidates = *packed != '\0' ? g_strsplit (packed, "\x1e", -1) : g_new0 (char *, 1);
  for (guint c = 0; candidates[c] != NULL; c++)
    {
      g_auto(GStrv) f = g_strsplit (candidates[c], "\x1f", 6);

      if (g_strv_length (f) != 6)
        continue;
      for (guint i = 0; i < items->len; i++)
        {
          const DabiaoEventItem *item = g_ptr_array_index (items, i);
          DabiaoBestAttempt *result = g_ptr_array_index (attempts, i);

          if (!g_str_equal (item->code, f[0]))
            continue;
          if (f[1][0] != '\0')
            {
              /* The candidates in the order that makes the fold pick what
               * it picks over every attempt: the latest last. */
              dabiao_best_attempt_fold (result, item->better, TRUE, g_ascii_strtod (f[1], NULL), DABIAO_SPECIAL_NONE, NULL);
              dabiao_best_attempt_fold (result, item->better, TRUE, g_ascii_strtod (f[2], NULL), DABIAO_SPECIAL_NONE, NULL);
              dabiao_best_attempt_fold (result, item->better, TRUE, g_ascii_strtod (f[3], NULL), DABIAO_SPECIAL_NONE, NULL);
            }
          else if (f[4][0] != '\0')
            dabiao_best_attempt_fold (result, item->better, FALSE, 0, atoi (f[4]), f[5]);
        }
    }
  return dabiao_results_person_from_event (results, shell, participant, attempts, NULL);
}

/* The items whose 犯规 is a false start, as a PostgreSQL array: {a,b}. */
static char *
rerun_items (void)
{
  GString *array = g_string_new ("{");
  gsize n_items;
  const DabiaoItemInfo *items = dabiao_item_all (&n_items);

  for (gsize i = 0; i < n_items; i++)
    if (items[i].foul_reruns)
      g_string_append_printf (array, "%s%s", array->len > 1 ? "," : "", items[i].code);
  g_string_append_c (array, '}');
  return g_string_free (array, FALSE);
}

static gboolean
summarize_event (DabiaoServer  *server,
                 const char    *uuid,
                 const char    *folder,
                 Summary       *summary,
                 GError       **error)
{
  g_autoptr(GPtrArray) meta = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(DabiaoEvent) shell = NULL;
  g_autofree char *path = g_build_filename (folder, uuid, NULL);
  g_autoptr(PGresult) declared = NULL;
  DabiaoResults *results = NULL;
  g_autofree char *reruns = rerun_items ();
  const char *params[] = { uuid, reruns };
  gboolean ok = FALSE;

  if (!_dabiao_sync_fetch_event (server, uuid, &meta, &items, error))
    return FALSE;
  /* An empty file with the event's items, description and settings: what
   * the results module reads the items and the schools' names from. */
  shell = _dabiao_event_create_copy (path, meta, items, error);
  if (shell == NULL)
    return FALSE;
  if (!_dabiao_sync_take_settings (shell, server, error))
    {
      dabiao_event_close (shell);
      remove_event_file (path);
      return FALSE;
    }
  if (summary->standard == NULL)
    summary->standard = g_strdup (dabiao_event_get_standard (shell));
  else if (!g_str_equal (summary->standard, dabiao_event_get_standard (shell)))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Event %s (%s) uses the standard “%s”, the others “%s”: one summary counts one standard's levels; export them with separate --event lists"),
                   uuid, dabiao_event_get_name (shell), dabiao_event_get_standard (shell), summary->standard);
      return FALSE;
    }
  results = dabiao_results_new_for_event (shell, error);
  if (results == NULL)
    return FALSE;
  if (summary->results == NULL)
    {
      const char * const *names = dabiao_results_get_total_level_names (results);

      summary->results = dabiao_results_ref (results);
      summary->levels = g_strdupv ((char **) names);
    }

  if (!_dabiao_server_exec (server, "BEGIN READ ONLY", error))
    goto out;
  declared = _dabiao_server_query (server, district_query, 2, params, error);
  if (declared == NULL)
    goto rollback;
  for (;;)
    {
      g_autoptr(PGresult) rows = _dabiao_server_query (server, FETCH, 0, NULL, error);

      if (rows == NULL)
        goto rollback;
      if (PQntuples (rows) == 0)
        break;
      for (int i = 0; i < PQntuples (rows); i++)
        {
          g_autoptr(DabiaoResultsPerson) person = person_from_row (results, shell, rows, i);

          count_person (summary, results, person);
        }
    }
  ok = _dabiao_server_exec (server, "COMMIT", error);
  summary->report->events++;
  goto out;

rollback:
  _dabiao_server_rollback (server);
out:
  dabiao_results_unref (results);
  dabiao_event_close (shell);
  remove_event_file (path);
  return ok;
}

static void
add_rate (DabiaoTableWriter *writer,
          guint              part,
          guint              whole)
{
  if (whole == 0)
    dabiao_table_writer_add_empty (writer);
  else
    dabiao_table_writer_add_number (writer, 100.0 * part / whole, 1);
}

static gboolean
write_row (DabiaoTableWriter          *writer,
           Summary                    *summary,
           const char                 *school,
           const char                 *school_name,
           const char                 *group,
           const DabiaoResultsCounts  *c,
           GError                    **error)
{
  dabiao_table_writer_add_string (writer, school);
  dabiao_table_writer_add_string (writer, school_name);
  dabiao_table_writer_add_string (writer, group);
  dabiao_table_writer_add_number (writer, c->expected, 0);
  dabiao_table_writer_add_number (writer, c->tested, 0);
  dabiao_table_writer_add_number (writer, c->exempt, 0);
  dabiao_table_writer_add_number (writer, c->missing, 0);
  dabiao_table_writer_add_number (writer, c->incomplete, 0);
  add_rate (writer, c->tested, c->expected - c->exempt);
  for (guint i = 0; summary->levels[i] != NULL && i < DABIAO_RESULTS_MAX_LEVELS; i++)
    {
      dabiao_table_writer_add_number (writer, c->levels[i], 0);
      add_rate (writer, c->levels[i], c->tested);
    }
  add_rate (writer, c->passed, c->tested);
  return dabiao_table_writer_end_row (writer, error);
}

static gboolean
write_summary (Summary               *summary,
               const char            *path,
               GError               **error)
{
  g_autoptr(DabiaoTableWriter) writer = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *pass_label = dabiao_results_pass_header ((const char * const *) summary->levels);
  DabiaoResultsCounts school_total = { 0 };
  DabiaoResultsCounts district = { 0 };
  const char *headers[] = { "学校代码", "学校名称", "年级", "应测人数", "实测人数", "免测人数", "缺测人数", "未测完人数",
                            "受检率(%)" };

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, summary->tallies);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (sorted, value);
  }
  g_ptr_array_sort (sorted, compare_tallies);
  writer = dabiao_table_writer_new (path, "区县汇总", error);
  if (writer == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    dabiao_table_writer_add_string (writer, headers[i]);
  for (guint i = 0; summary->levels[i] != NULL && i < DABIAO_RESULTS_MAX_LEVELS; i++)
    {
      g_autofree char *label = dabiao_results_level_label (summary->levels[i]);
      g_autofree char *count = g_strdup_printf ("%s人数", label);
      g_autofree char *rate = g_strdup_printf ("%s率(%%)", label);

      dabiao_table_writer_add_string (writer, count);
      dabiao_table_writer_add_string (writer, rate);
    }
  {
    g_autofree char *pass = g_strdup_printf ("%s(%%)", pass_label);

    dabiao_table_writer_add_string (writer, pass);
  }
  if (!dabiao_table_writer_end_row (writer, error))
    return FALSE;

  for (guint i = 0; i < sorted->len; i++)
    {
      const Tally *tally = g_ptr_array_index (sorted, i);
      const Tally *next = i + 1 < sorted->len ? g_ptr_array_index (sorted, i + 1) : NULL;

      if (!write_row (writer, summary, tally->school, tally->school_name, tally->group, &tally->counts, error))
        return FALSE;
      dabiao_results_counts_add (&school_total, &tally->counts);
      dabiao_results_counts_add (&district, &tally->counts);
      if (next == NULL || !g_str_equal (next->school, tally->school))
        {
          if (!write_row (writer, summary, tally->school, tally->school_name, "合计", &school_total, error))
            return FALSE;
          memset (&school_total, 0, sizeof school_total);
          summary->report->schools++;
        }
      summary->report->rows++;
    }
  if (!write_row (writer, summary, "全区合计", "", "", &district, error))
    return FALSE;
  return dabiao_table_writer_close (writer, error);
}

gboolean
dabiao_district_export_summary (DabiaoServer          *server,
                                const char * const    *events,
                                const char            *path,
                                DabiaoDistrictReport  *report,
                                GError               **error)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) tallies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) tally_free);
  g_autofree char *folder = NULL;
  DabiaoDistrictReport local_report = { 0 };
  Summary summary = { tallies, NULL, NULL, NULL, report != NULL ? report : &local_report };
  gboolean ok = TRUE;

  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  memset (summary.report, 0, sizeof *summary.report);
  if (events != NULL && events[0] != NULL)
    {
      for (guint i = 0; events[i] != NULL; i++)
        g_ptr_array_add (uuids, g_strdup (events[i]));
    }
  else
    {
      g_autoptr(GPtrArray) listed = dabiao_server_list_events (server, error);

      if (listed == NULL)
        return FALSE;
      for (guint i = 0; i < listed->len; i++)
        g_ptr_array_add (uuids, g_strdup (((DabiaoServerEvent *) listed->pdata[i])->uuid));
    }
  if (uuids->len == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Server %s has no events to summarise yet"), dabiao_server_get_label (server));
      return FALSE;
    }
  if (!dabiao_server_check (server, error))
    return FALSE;
  folder = g_dir_make_tmp ("dabiao-district-XXXXXX", error);
  if (folder == NULL)
    return FALSE;
  for (guint i = 0; ok && i < uuids->len; i++)
    ok = summarize_event (server, uuids->pdata[i], folder, &summary, error);
  ok = ok && write_summary (&summary, path, error);
  g_rmdir (folder);
  g_free (summary.standard);
  g_strfreev (summary.levels);
  if (summary.results != NULL)
    dabiao_results_unref (summary.results);
  return ok;
}

gboolean
dabiao_district_export_upload (DabiaoServer         *server,
                               const char           *event_uuid,
                               const char           *path,
                               DabiaoExportReport  **report,
                               GError              **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoExportRequest) request = NULL;
  gboolean ok;

  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (event_uuid != NULL, FALSE);

  folder = g_dir_make_tmp ("dabiao-upload-XXXXXX", error);
  if (folder == NULL)
    return FALSE;
  copy = g_build_filename (folder, "event.dabiao", NULL);
  event = _dabiao_sync_pull (copy, server, event_uuid, error);
  ok = event != NULL;
  if (ok)
    {
      request = dabiao_export_request_new (DABIAO_EXPORT_UPLOAD, path);
      ok = dabiao_export_run (event, request, NULL, NULL, NULL, report, error);
      dabiao_event_close (event);
    }
  remove_event_file (copy);
  g_rmdir (folder);
  return ok;
}
