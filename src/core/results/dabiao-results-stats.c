/* dabiao-results-stats.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "dabiao-results-stats.h"

gboolean
dabiao_results_filter_matches (const DabiaoResultsFilter *filter,
                               const DabiaoResultsPerson *person)
{
  if (filter == NULL)
    return TRUE;
  if (filter->sex >= 0 && (int) person->sex != filter->sex)
    return FALSE;
  if (filter->school_code != NULL && g_strcmp0 (person->school_code, filter->school_code) != 0)
    return FALSE;
  if (filter->class_code != NULL && g_strcmp0 (person->class_code, filter->class_code) != 0)
    return FALSE;
  if (filter->group != NULL && strcmp (dabiao_results_person_get_group (person), filter->group) != 0)
    return FALSE;
  return TRUE;
}

static gboolean
has_special (const DabiaoResultsPerson *person,
             DabiaoSpecial              special)
{
  const char *word = dabiao_special_to_string (special);

  for (guint i = 0; i < person->results->len; i++)
    {
      const DabiaoResultsItem *r = g_ptr_array_index (person->results, i);

      if (r->applies && !r->has_value && g_strcmp0 (r->special, word) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
dabiao_results_person_has_exemption (const DabiaoResultsPerson *person)
{
  return has_special (person, DABIAO_SPECIAL_EXEMPT);
}

gboolean
dabiao_results_person_has_absence (const DabiaoResultsPerson *person)
{
  return has_special (person, DABIAO_SPECIAL_ABSENT);
}

static int
index_of (const char * const *names,
          const char         *name)
{
  for (guint k = 0; name != NULL && names[k] != NULL && k < DABIAO_RESULTS_MAX_LEVELS; k++)
    if (strcmp (names[k], name) == 0)
      return (int) k;
  return -1;
}

void
dabiao_results_counts_add_person (DabiaoResults             *results,
                                  DabiaoResultsCounts       *counts,
                                  const DabiaoResultsPerson *p)
{
  int k = index_of (dabiao_results_get_total_level_names (results), p->level);

  counts->expected++;
  if (p->has_total && k >= 0)
    {
      counts->tested++;
      counts->levels[k]++;
      if (dabiao_results_level_passes (results, p->level))
        counts->passed++;
      counts->standard_tenths_sum += p->standard_tenths;
      counts->total_tenths_sum += p->total_tenths;
    }
  else if (p->exempt || dabiao_results_person_has_exemption (p))
    counts->exempt++;
  else if (dabiao_results_person_has_absence (p))
    counts->missing++;
  else
    counts->incomplete++;
}

void
dabiao_results_counts_add (DabiaoResultsCounts       *into,
                           const DabiaoResultsCounts *from)
{
  into->expected += from->expected;
  into->tested += from->tested;
  into->exempt += from->exempt;
  into->missing += from->missing;
  into->incomplete += from->incomplete;
  into->passed += from->passed;
  for (guint k = 0; k < DABIAO_RESULTS_MAX_LEVELS; k++)
    into->levels[k] += from->levels[k];
  into->standard_tenths_sum += from->standard_tenths_sum;
  into->total_tenths_sum += from->total_tenths_sum;
}

void
dabiao_results_count (DabiaoResults             *results,
                      GPtrArray                 *persons,
                      const DabiaoResultsFilter *filter,
                      DabiaoResultsCounts       *counts)
{
  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

      if (dabiao_results_filter_matches (filter, p))
        dabiao_results_counts_add_person (results, counts, p);
    }
}

void
dabiao_results_count_item (DabiaoResults             *results,
                           GPtrArray                 *persons,
                           const DabiaoResultsFilter *filter,
                           const DabiaoItem          *item,
                           DabiaoResultsItemCounts   *counts)
{
  const char * const *names = dabiao_results_get_level_names (results, item);

  memset (counts, 0, sizeof *counts);
  counts->has_levels = names[0] != NULL;
  counts->pass_fail = counts->has_levels && dabiao_results_level_passes (results, names[0]);
  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

      if (!dabiao_results_filter_matches (filter, p))
        continue;
      for (guint j = 0; j < p->results->len; j++)
        {
          const DabiaoResultsItem *r = g_ptr_array_index (p->results, j);
          double v;
          int k;

          if (r->item != item || !r->has_value)
            continue;
          v = dabiao_results_item_get_number (r);
          counts->n++;
          counts->sum += r->value;
          counts->sum_squares += v * v;
          k = index_of (names, r->level);
          if (k >= 0)
            counts->levels[k]++;
          if (counts->pass_fail && dabiao_results_level_passes (results, r->level))
            counts->passed++;
          break;
        }
    }
}

double
dabiao_results_rate (guint part,
                     guint whole)
{
  return whole > 0 ? (double) part / whole : 0.0;
}

double
dabiao_results_counts_tested_rate (const DabiaoResultsCounts *counts)
{
  return dabiao_results_rate (counts->tested, counts->expected - counts->exempt);
}

double
dabiao_results_counts_pass_rate (const DabiaoResultsCounts *counts)
{
  return dabiao_results_rate (counts->passed, counts->tested);
}

double
dabiao_results_counts_mean_standard (const DabiaoResultsCounts *counts)
{
  return counts->tested > 0 ? (double) counts->standard_tenths_sum / counts->tested / 10 : 0.0;
}

double
dabiao_results_counts_mean_total (const DabiaoResultsCounts *counts)
{
  return counts->tested > 0 ? (double) counts->total_tenths_sum / counts->tested / 10 : 0.0;
}

double
dabiao_results_item_counts_mean (const DabiaoResultsItemCounts *counts)
{
  return counts->n > 0 ? (double) counts->sum / DABIAO_VALUE_SCALE / counts->n : 0.0;
}

double
dabiao_results_item_counts_sd (const DabiaoResultsItemCounts *counts)
{
  double sum = (double) counts->sum / DABIAO_VALUE_SCALE;
  double var;

  if (counts->n < 2)
    return -1;
  var = (counts->sum_squares - sum * sum / counts->n) / (counts->n - 1);
  return sqrt (MAX (var, 0));
}

double
dabiao_results_item_counts_pass_rate (const DabiaoResultsItemCounts *counts)
{
  return counts->pass_fail ? dabiao_results_rate (counts->passed, counts->n) : 0.0;
}

GPtrArray *
dabiao_results_collect_groups (GPtrArray *persons)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (int));
  GPtrArray *groups = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      const char *g = dabiao_results_person_get_group (p);
      int key = p->group_order > 0 ? p->group_order : p->grade > 0 ? (int) p->grade : G_MAXINT;
      guint j;

      if (g_hash_table_contains (seen, g))
        continue;
      for (j = 0; j < order->len && g_array_index (order, int, j) <= key; j++)
        ;
      g_array_insert_val (order, j, key);
      g_ptr_array_insert (groups, j, g_strdup (g));
      g_hash_table_add (seen, g_ptr_array_index (groups, j));
    }
  return groups;
}

char *
dabiao_results_level_label (const char *level)
{
  const char *paren = strstr (level, "（");

  if (paren == NULL)
    paren = strchr (level, '(');
  return paren != NULL && paren > level ? g_strndup (level, paren - level) : g_strdup (level);
}

char *
dabiao_results_pass_label (const char * const *levels)
{
  guint n = g_strv_length ((char **) levels);
  const char *name = n >= 2 ? levels[n - 2] : n == 1 ? levels[0] : "及格";
  const char *open = strstr (name, "（");
  const char *close = open != NULL ? strstr (open, "）") : NULL;

  /* 三级（合格） → 合格率; 及格 → 及格率. */
  if (open != NULL && close != NULL && close > open + strlen ("（"))
    {
      g_autofree char *inner = g_strndup (open + strlen ("（"), close - open - strlen ("（"));

      return g_strconcat (inner, "率", NULL);
    }
  return g_strconcat (name, "率", NULL);
}

char *
dabiao_results_pass_header (const char * const *levels)
{
  guint n = g_strv_length ((char **) levels);
  g_autofree char *label = dabiao_results_pass_label (levels);
  g_autoptr(GString) header = g_string_new (label);

  g_string_append (header, "（");
  for (guint k = 0; k + 1 < MAX (n, 2u) && k < n; k++)
    {
      g_autofree char *level = dabiao_results_level_label (levels[k]);

      g_string_append_printf (header, k > 0 ? "+%s" : "%s", level);
    }
  g_string_append (header, "）");
  return g_string_free (g_steal_pointer (&header), FALSE);
}
