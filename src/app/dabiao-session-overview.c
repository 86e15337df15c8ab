/* dabiao-session-overview.c: what the results page shows of the whole
 * event (DabiaoOverview), computed on the event's worker.
 *
 * Two kinds of figures:
 *   progress   per item and per class, from the recorded results alone (it
 *              works without the standard): who still has something to
 *              measure;
 *   statistics the pass rates and the level distribution by group and sex:
 *              dabiao-results-stats.c's counts, the very calls the summary
 *              workbook (dabiao-summary.c) makes, so 及格率 means one thing.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-results-stats.h"
#include "dabiao-session-private.h"

#define N_RECENT 20
#define N_AUDIT 50

void
dabiao_overview_free (DabiaoOverview *summary)
{
  if (summary == NULL)
    return;
  g_strfreev (summary->item_names);
  g_free (summary->item_done);
  g_free (summary->item_expected);
  g_strfreev (summary->groups);
  g_strfreev (summary->levels);
  g_free (summary->distribution);
  g_strfreev (summary->pass_items);
  g_free (summary->pass_rates);
  g_clear_pointer (&summary->recent, g_ptr_array_unref);
  g_clear_pointer (&summary->names, g_hash_table_unref);
  g_strfreev (summary->classes);
  g_free (summary->class_total);
  g_free (summary->class_complete);
  g_clear_pointer (&summary->audit, g_ptr_array_unref);
  g_free (summary);
}

typedef struct
{
  char  *code;
  char  *name;
  guint  total;
  guint  complete;
} ClassCount;

static void
class_count_free (ClassCount *c)
{
  g_free (c->code);
  g_free (c->name);
  g_free (c);
}

static int
compare_class_counts (gconstpointer a,
                      gconstpointer b)
{
  const ClassCount *ca = *(ClassCount * const *) a;
  const ClassCount *cb = *(ClassCount * const *) b;

  return g_utf8_collate (ca->code, cb->code);
}

typedef struct
{
  DabiaoSession *self;
  gboolean       by_age;         /* the standard groups by age (natfit-2003) */
  guint         *item_done;
  guint         *item_expected;  /* per item: participants it applies to */
  guint          participants;
  GPtrArray     *persons;        /* DabiaoResultsPerson: the statistics' input */
  GHashTable    *names;          /* id → name */
  GHashTable    *classes;        /* class code → ClassCount */
} OverviewPass;

static void
overview_pass_clear (OverviewPass *pass)
{
  g_free (pass->item_done);
  g_free (pass->item_expected);
  g_clear_pointer (&pass->persons, g_ptr_array_unref);
  g_clear_pointer (&pass->names, g_hash_table_unref);
  g_clear_pointer (&pass->classes, g_hash_table_unref);
}

/* Progress: the participant's class, and each item that applies to them
 * with a value or 免测. */
static void
count_progress (OverviewPass              *pass,
                DabiaoParticipant         *participant,
                GPtrArray                 *results,
                const DabiaoResultsPerson *person)
{
  DabiaoSession *self = pass->self;
  const char *code = dabiao_participant_get_class_code (participant);
  const char *class_name = dabiao_participant_get_class_name (participant);
  ClassCount *c;
  guint done = 0, expected = 0;

  if (code == NULL || code[0] == '\0')
    code = class_name != NULL && class_name[0] != '\0' ? class_name : "";
  /* 国民体质: people of a 单位, without classes (as the roster shows them). */
  if (pass->by_age && code[0] == '\0')
    class_name = code = dabiao_participant_get_organization (participant);
  c = g_hash_table_lookup (pass->classes, code);
  if (c == NULL)
    {
      c = g_new0 (ClassCount, 1);
      c->code = g_strdup (code);
      c->name = g_strdup (class_name != NULL && class_name[0] != '\0' ? class_name : code);
      g_hash_table_insert (pass->classes, c->code, c);
    }
  c->total++;

  for (guint i = 0; i < results->len && i < self->items->len; i++)
    {
      DabiaoBestAttempt *r = g_ptr_array_index (results, i);

      if (!_dabiao_session_item_applies (person, g_ptr_array_index (self->items, i)))
        continue;
      expected++;
      pass->item_expected[i]++;
      if (r->has_value || r->special == DABIAO_SPECIAL_EXEMPT)
        {
          pass->item_done[i]++;
          done++;
        }
    }
  if (expected > 0 && done == expected)
    c->complete++;
}

static gboolean
overview_cb (DabiaoParticipant  *participant,
             GPtrArray          *results,
             gpointer            user_data,
             GError            **error)
{
  OverviewPass *pass = user_data;
  DabiaoSession *self = pass->self;
  DabiaoResultsPerson *person = _dabiao_session_person_of (self->event, self->results, participant, results);

  pass->participants++;
  g_hash_table_insert (pass->names, g_strdup (dabiao_participant_get_id (participant)),
                       g_strdup (dabiao_participant_get_name (participant)));
  count_progress (pass, participant, results, person);
  if (person != NULL)
    g_ptr_array_add (pass->persons, person);
  return TRUE;
}

/* The statistics of @persons, as the summary workbook counts them: 及格率
 * over 实测 (its 达标汇总's 全部/合计), per item over those with a value (its
 * 单项统计's 合计), and levels per group × sex (its 达标汇总's rows). */
static void
overview_statistics (DabiaoSession  *self,
                     GPtrArray      *persons,
                     DabiaoOverview *out)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) pass_items = g_strv_builder_new ();
  g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) distribution = g_array_new (FALSE, FALSE, sizeof (double));
  DabiaoStandard *standard = dabiao_session_get_standard (self);
  guint n_levels = g_strv_length (out->levels);
  DabiaoResultsCounts all = { 0 };

  if (self->results != NULL)
    dabiao_results_count (self->results, persons, NULL, &all);
  out->complete = all.tested;
  out->pass_rate = all.tested > 0 ? 100.0 * dabiao_results_counts_pass_rate (&all) : -1;

  /* Per item, where its levels are pass/fail ones (student-2014: ≥ 60);
   * natfit-2003 gives the total a level, no item; BMI's words are not. */
  for (guint i = 0; standard != NULL && i < self->items->len; i++)
    {
      const DabiaoEventItem *event_item = g_ptr_array_index (self->items, i);
      const DabiaoItem *item = dabiao_standard_lookup_item (standard, event_item->code);
      DabiaoResultsItemCounts c;
      double rate;

      if (item == NULL)
        continue;
      dabiao_results_count_item (self->results, persons, NULL, item, &c);
      if (!c.pass_fail || c.n == 0)
        continue;
      rate = 100.0 * dabiao_results_item_counts_pass_rate (&c);
      g_strv_builder_add (pass_items, event_item->name);
      g_array_append_val (rates, rate);
    }

  /* Groups in school-year or age order, boys before girls; those with
   * someone assessed. */
  groups = dabiao_results_collect_groups (persons);
  for (guint g = 0; self->results != NULL && g < groups->len; g++)
    for (int sex = 0; sex < DABIAO_N_SEXES; sex++)
      {
        const char *group = g_ptr_array_index (groups, g);
        DabiaoResultsFilter filter = { NULL, group, NULL, sex };
        DabiaoResultsCounts c;
        g_autofree char *label = NULL;

        dabiao_results_count (self->results, persons, &filter, &c);
        if (c.tested == 0)
          continue;
        label = g_strdup_printf ("%s\n%s", group, dabiao_sex_to_string (sex));
        g_strv_builder_add (labels, label);
        for (guint k = 0; k < n_levels; k++)
          {
            double n = k < DABIAO_RESULTS_MAX_LEVELS ? c.levels[k] : 0;

            g_array_append_val (distribution, n);
          }
      }
  out->groups = g_strv_builder_end (labels);
  if (distribution->len == 0)
    g_array_set_size (distribution, 1);
  out->distribution = (double *) g_array_free (g_steal_pointer (&distribution), FALSE);
  out->pass_items = g_strv_builder_end (pass_items);
  out->pass_rates = (double *) g_array_free (g_steal_pointer (&rates), FALSE);
}

/* Classes in code order. */
static void
overview_classes (OverviewPass   *pass,
                  DabiaoOverview *out)
{
  g_autoptr(GPtrArray) counts = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) classes = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, pass->classes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (counts, value);
  g_ptr_array_sort (counts, compare_class_counts);
  out->class_total = g_new0 (guint, MAX (counts->len, 1));
  out->class_complete = g_new0 (guint, MAX (counts->len, 1));
  for (guint i = 0; i < counts->len; i++)
    {
      ClassCount *c = g_ptr_array_index (counts, i);

      g_strv_builder_add (classes, c->name[0] != '\0' ? c->name : pass->by_age ? _("No work unit") : _("No class"));
      out->class_total[i] = c->total;
      out->class_complete[i] = c->complete;
    }
  out->classes = g_strv_builder_end (classes);
}

static int
compare_recorded (gconstpointer a,
                  gconstpointer b)
{
  gint64 ta = dabiao_measurement_get_recorded_at (*(DabiaoMeasurement **) a);
  gint64 tb = dabiao_measurement_get_recorded_at (*(DabiaoMeasurement **) b);

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static void
overview_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DabiaoSession *self = source_object;
  g_autoptr(DabiaoOverview) out = g_new0 (DabiaoOverview, 1);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  GError *error = NULL;
  OverviewPass pass = { 0 };

  pass.self = self;
  pass.by_age = dabiao_session_is_by_age (self);
  pass.item_done = g_new0 (guint, MAX (self->items->len, 1));
  pass.item_expected = g_new0 (guint, MAX (self->items->len, 1));
  pass.persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
  pass.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  pass.classes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) class_count_free);
  out->by_age = pass.by_age;
  out->item_levels = self->results != NULL
                     && dabiao_standard_get_item_level_names (dabiao_results_get_standard (self->results))[0] != NULL;
  out->levels = g_strdupv ((char **) dabiao_session_get_total_level_names (self));

  if (!dabiao_event_foreach_result (self->event, overview_cb, &pass, &error)
      || (rows = dabiao_event_list_measurements (self->event, NULL, &error)) == NULL
      || (out->audit = dabiao_event_list_audit (self->event, 0, N_AUDIT, &error)) == NULL)
    {
      overview_pass_clear (&pass);
      g_task_return_error (task, error);
      return;
    }

  out->participants = pass.participants;
  /* What stands: not the rows that only void another, not the voided or
   * corrected ones (the trial counted an undone 犯规 and a corrected value). */
  for (guint i = 0; i < rows->len; i++)
    {
      DabiaoMeasurement *m = g_ptr_array_index (rows, i);

      if (dabiao_measurement_get_special (m) != DABIAO_SPECIAL_VOID && dabiao_measurement_get_voided_by (m) == NULL)
        out->measurements++;
    }
  for (guint i = 0; i < self->items->len; i++)
    g_strv_builder_add (names, ((const DabiaoEventItem *) g_ptr_array_index (self->items, i))->name);
  out->item_names = g_strv_builder_end (names);
  out->item_done = g_steal_pointer (&pass.item_done);
  out->item_expected = g_steal_pointer (&pass.item_expected);
  overview_statistics (self, pass.persons, out);
  overview_classes (&pass, out);

  g_ptr_array_sort (rows, compare_recorded);
  if (rows->len > N_RECENT)
    g_ptr_array_set_size (rows, N_RECENT);
  out->recent = g_steal_pointer (&rows);
  out->names = g_steal_pointer (&pass.names);
  overview_pass_clear (&pass);

  g_task_return_pointer (task, g_steal_pointer (&out), (GDestroyNotify) dabiao_overview_free);
}

void
dabiao_session_summarize_async (DabiaoSession       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DABIAO_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_session_summarize_async);
  dabiao_event_run_in_worker (self->event, task, overview_thread);
}

DabiaoOverview *
dabiao_session_summarize_finish (DabiaoSession  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
