/* dabiao-standard-check.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-standard-private.h"

/* Checking a loaded standard as a whole: steps in order, bands without
 * gaps or overlaps, every group with its tables; then indexing the tables. */

/* ---- Semantic checks ---------------------------------------------------------------- */

static int
compare_step (gconstpointer a,
              gconstpointer b)
{
  const DabiaoStep *x = a, *y = b;

  return (y->score > x->score) - (y->score < x->score);
}

static int
compare_band (gconstpointer a,
              gconstpointer b)
{
  const DabiaoBand *x = a, *y = b;

  if (x->by_min != y->by_min)
    return x->by_min < y->by_min ? -1 : 1;
  if (x->has_min != y->has_min)
    return x->has_min ? 1 : -1;
  return (x->min > y->min) - (x->min < y->min);
}

static int
compare_bonus (gconstpointer a,
               gconstpointer b)
{
  const DabiaoBonusStep *x = a, *y = b;

  return (x->excess > y->excess) - (x->excess < y->excess);
}

static char *
fmt (const DabiaoItem *item,
     gint64            v)
{
  DabiaoItem plain = *item;

  plain.format = DABIAO_VALUE_FORMAT_NUMBER;
  return dabiao_item_format_value (&plain, v);
}

static void
check_steps (Loader          *loader,
             DabiaoGroupPriv *g,
             DabiaoSex        sex,
             DabiaoItemTable *t)
{
  const DabiaoItem *item = t->item;
  const char *who_sex = dabiao_sex_to_string (sex);

  g_array_sort (t->steps, compare_step);
  t->top_threshold = g_array_index (t->steps, DabiaoStep, 0).threshold;

  if (loader->std->shape == DABIAO_SHAPE_WEIGHTED &&
      g_array_index (t->steps, DabiaoStep, 0).score != 100)
    _dabiao_standard_problem (loader, "thresholds.csv", g_array_index (t->steps, DabiaoStep, 0).row, "score",
             _("%s %s %s: the table has no 100-point row"), g->pub.label, who_sex, item->name);

  for (guint i = 1; i < t->steps->len; i++)
    {
      DabiaoStep *hi = &g_array_index (t->steps, DabiaoStep, i - 1);
      DabiaoStep *lo = &g_array_index (t->steps, DabiaoStep, i);
      g_autofree char *hv = fmt (item, hi->threshold);
      g_autofree char *lv = fmt (item, lo->threshold);

      if (hi->score == lo->score)
        _dabiao_standard_problem (loader, "thresholds.csv", lo->row, "score",
                 _("%s %s %s: the score %d is listed twice (row %u)"),
                 g->pub.label, who_sex, item->name, lo->score, hi->row);
      else if (item->better == DABIAO_BETTER_HIGHER && !(hi->threshold > lo->threshold))
        _dabiao_standard_problem (loader, "thresholds.csv", lo->row, "threshold",
                 _("%s %s %s: %d points needs less than %d points (%s), not %s — thresholds must rise strictly with the score"),
                 g->pub.label, who_sex, item->name, lo->score, hi->score, hv, lv);
      else if (item->better == DABIAO_BETTER_LOWER && !(hi->threshold < lo->threshold))
        _dabiao_standard_problem (loader, "thresholds.csv", lo->row, "threshold",
                 _("%s %s %s: %d points needs more than %d points (%s), not %s — lower is better here, so thresholds must fall strictly as the score rises"),
                 g->pub.label, who_sex, item->name, lo->score, hi->score, hv, lv);
    }

  if (t->bonus != NULL)
    {
      g_array_sort (t->bonus, compare_bonus);
      for (guint i = 0; i < t->bonus->len; i++)
        {
          DabiaoBonusStep *b = &g_array_index (t->bonus, DabiaoBonusStep, i);

          t->bonus_cap = MAX (t->bonus_cap, b->bonus);
          if (i > 0)
            {
              DabiaoBonusStep *a = &g_array_index (t->bonus, DabiaoBonusStep, i - 1);

              if (a->excess == b->excess)
                _dabiao_standard_problem (loader, "bonus.csv", b->row, "excess",
                         _("%s %s %s: the same excess is listed twice (row %u)"),
                         g->pub.label, who_sex, item->name, a->row);
              else if (!(b->bonus > a->bonus))
                _dabiao_standard_problem (loader, "bonus.csv", b->row, "bonus",
                         _("%s %s %s: a larger excess must earn more bonus points than row %u"),
                         g->pub.label, who_sex, item->name, a->row);
            }
        }
      if (t->bonus_cap > loader->std->bonus_cap)
        _dabiao_standard_problem (loader, "bonus.csv", g_array_index (t->bonus, DabiaoBonusStep, t->bonus->len - 1).row, "bonus",
                 _("%s %s %s: up to %d bonus points, above the standard’s bonus-cap of %d"),
                 g->pub.label, who_sex, item->name, t->bonus_cap, loader->std->bonus_cap);
    }
}

static void
check_bands (Loader          *loader,
             DabiaoGroupPriv *g,
             DabiaoSex        sex,
             DabiaoItemTable *t)
{
  const DabiaoItem *item = t->item;
  const char *who_sex = dabiao_sex_to_string (sex);
  gint64 unit = _dabiao_standard_value_unit (item->decimals);
  guint start = 0;

  g_array_sort (t->bands, compare_band);

  /* Bands come in runs with the same height range (one run for 1-D tables). */
  while (start < t->bands->len)
    {
      DabiaoBand *first = &g_array_index (t->bands, DabiaoBand, start);
      guint end = start + 1;

      while (end < t->bands->len &&
             g_array_index (t->bands, DabiaoBand, end).by_min == first->by_min &&
             g_array_index (t->bands, DabiaoBand, end).by_max == first->by_max)
        end++;

      if (end < t->bands->len && g_array_index (t->bands, DabiaoBand, end).by_min <= first->by_max)
        _dabiao_standard_problem (loader, "bands.csv", g_array_index (t->bands, DabiaoBand, end).row, "by_min",
                 _("%s %s %s: this height range overlaps the one of row %u"),
                 g->pub.label, who_sex, item->name, first->row);

      if (first->has_min && item->better == DABIAO_BETTER_BAND)
        {
          g_autofree char *v = fmt (item, first->min);
          _dabiao_standard_problem (loader, "bands.csv", first->row, "min",
                   _("%s %s %s: the lowest band must be open below (empty min), not start at %s"),
                   g->pub.label, who_sex, item->name, v);
        }
      for (guint i = start; i < end; i++)
        {
          DabiaoBand *b = &g_array_index (t->bands, DabiaoBand, i);

          if (i + 1 < end)
            {
              DabiaoBand *n = &g_array_index (t->bands, DabiaoBand, i + 1);
              g_autofree char *bv = fmt (item, b->max);
              g_autofree char *nv = fmt (item, n->min);
              g_autofree char *expect = fmt (item, b->max + unit);

              if (!b->has_max || !n->has_min)
                _dabiao_standard_problem (loader, "bands.csv", n->row, "min",
                         _("%s %s %s: only the lowest band may be open below and only the highest open above"),
                         g->pub.label, who_sex, item->name);
              else if (n->min <= b->max)
                _dabiao_standard_problem (loader, "bands.csv", n->row, "min",
                         _("%s %s %s: this band starts at %s, inside the band of row %u (up to %s)"),
                         g->pub.label, who_sex, item->name, nv, b->row, bv);
              else if (n->min != b->max + unit)
                _dabiao_standard_problem (loader, "bands.csv", n->row, "min",
                         _("%s %s %s: gap between %s (row %u) and %s; this band should start at %s"),
                         g->pub.label, who_sex, item->name, bv, b->row, nv, expect);
              else if (item->better == DABIAO_BETTER_HIGHER && !(n->score > b->score))
                _dabiao_standard_problem (loader, "bands.csv", n->row, "score",
                         _("%s %s %s: higher values must score more than row %u"),
                         g->pub.label, who_sex, item->name, b->row);
              else if (item->better == DABIAO_BETTER_LOWER && !(n->score < b->score))
                _dabiao_standard_problem (loader, "bands.csv", n->row, "score",
                         _("%s %s %s: lower values must score more than row %u"),
                         g->pub.label, who_sex, item->name, b->row);
            }
          else if (b->has_max && item->better == DABIAO_BETTER_BAND)
            {
              g_autofree char *v = fmt (item, b->max);
              _dabiao_standard_problem (loader, "bands.csv", b->row, "max",
                       _("%s %s %s: the highest band must be open above (empty max), not end at %s"),
                       g->pub.label, who_sex, item->name, v);
            }
        }
      start = end;
    }
}

void
_dabiao_standard_check_tables (Loader *loader)
{
  DabiaoStandard *std = loader->std;

  for (guint gi = 0; gi < std->groups->len; gi++)
    {
      DabiaoGroupPriv *g = g_ptr_array_index (std->groups, gi);

      for (int s = 0; s < DABIAO_N_SEXES; s++)
        {
          const char *who_sex = dabiao_sex_to_string (s);
          guint n_tables = 0;
          guint weight_sum = 0;

          for (guint i = 0; i < std->items->len; i++)
            {
              DabiaoItemTable *t = g->tables[s][i];

              if (t == NULL)
                continue;
              n_tables++;
              if (t->steps != NULL && t->bands != NULL)
                _dabiao_standard_problem (loader, "bands.csv", g_array_index (t->bands, DabiaoBand, 0).row, "item",
                         _("%s %s %s has rows in both thresholds.csv and bands.csv"),
                         g->pub.label, who_sex, t->item->name);
              if (t->steps != NULL)
                check_steps (loader, g, s, t);
              if (t->bands != NULL)
                check_bands (loader, g, s, t);

              if (std->shape == DABIAO_SHAPE_WEIGHTED)
                {
                  if (!t->has_weight)
                    _dabiao_standard_problem (loader, "weights.csv", 0, NULL, _("%s %s %s has a table but no weight"),
                             g->pub.label, who_sex, t->item->name);
                  weight_sum += t->weight;
                }
            }

          if (n_tables == 0)
            _dabiao_standard_problem (loader, "groups.csv", g->row, "group",
                     _("the group %s (%s) has no tables for %s"), g->pub.code, g->pub.label, who_sex);
          else if (std->shape == DABIAO_SHAPE_WEIGHTED && weight_sum != 100)
            _dabiao_standard_problem (loader, "weights.csv", 0, NULL, _("the weights of %s %s add up to %u, not 100"),
                     g->pub.label, who_sex, weight_sum);
        }
    }

  /* Points standards: every group of a part has the same items as the
   * part's first group (a table left out is caught here; weighted
   * standards are checked against their weights instead). */
  if (std->shape == DABIAO_SHAPE_POINTS)
    for (guint gi = 0; gi < std->groups->len; gi++)
      for (guint gj = 0; gj < gi; gj++)
        {
          DabiaoGroupPriv *g = g_ptr_array_index (std->groups, gi);
          DabiaoGroupPriv *first = g_ptr_array_index (std->groups, gj);

          if (!g_str_equal (g->pub.part, first->pub.part))
            continue;
          for (int s = 0; s < DABIAO_N_SEXES; s++)
            for (guint i = 0; i < std->items->len; i++)
              if ((g->tables[s][i] == NULL) != (first->tables[s][i] == NULL))
                {
                  const DabiaoItem *item = g_ptr_array_index (std->items, i);
                  DabiaoGroupPriv *lacking = g->tables[s][i] == NULL ? g : first;
                  DabiaoGroupPriv *having = lacking == g ? first : g;

                  _dabiao_standard_problem (loader, "groups.csv", lacking->row, "group",
                           _("the group %s %s has no table for %s, unlike %s of the same part"),
                           lacking->pub.label, dabiao_sex_to_string (s), item->name, having->pub.label);
                }
          break;
        }
}

/* Step tables whose thresholds can be packed as 32-bit keys. */
static gboolean
table_keys_fit (const DabiaoItemTable *t)
{
  if (t->steps == NULL || t->steps->len == 0 || t->steps->len > 64)
    return FALSE;
  for (guint k = 0; k < t->steps->len; k++)
    {
      const DabiaoStep *step = &g_array_index (t->steps, DabiaoStep, k);

      if (step->threshold <= G_MININT32 || step->threshold >= G_MAXINT32)
        return FALSE;
    }
  return TRUE;
}

/* The item lists scoring walks instead of every item, and the tables
 * packed per group and sex (see DabiaoGroupPriv). */
void
_dabiao_standard_index_tables (DabiaoStandard *std)
{
  std->measured = g_new0 (guint, std->items->len + 1);
  for (guint i = 0; i < std->items->len; i++)
    {
      const DabiaoItem *item = g_ptr_array_index (std->items, i);

      if (item->better == DABIAO_BETTER_NONE || item == std->height_item || item == std->weight_item)
        std->measured[std->n_measured++] = i;
    }

  for (guint gi = 0; gi < std->groups->len; gi++)
    {
      DabiaoGroupPriv *g = g_ptr_array_index (std->groups, gi);

      for (int s = 0; s < DABIAO_N_SEXES; s++)
        {
          gsize n_tables = 0, n_keys = 0;
          DabiaoItemTable *dst;
          gint32 *keys;

          g->scored[s] = g_new0 (guint, std->items->len + 1);
          g->n_scored[s] = 0;
          for (guint i = 0; i < std->items->len; i++)
            {
              DabiaoItemTable *t = g->tables[s][i];

              if (t == NULL)
                continue;
              g->scored[s][g->n_scored[s]++] = i;
              n_tables++;
              if (table_keys_fit (t))
                n_keys += KEYS_PADDED (t->steps->len) + t->steps->len;
            }
          if (n_tables == 0)
            continue;

          /* Move the tables into one block, their keys and scores after
           * them.  Nothing else holds a table's address yet. */
          g->table_block[s] = g_malloc0 (n_tables * sizeof (DabiaoItemTable) + n_keys * sizeof (gint32));
          dst = g->table_block[s];
          keys = (gint32 *) (dst + n_tables);
          for (guint k = 0; k < g->n_scored[s]; k++)
            {
              guint i = g->scored[s][k];
              DabiaoItemTable *t = g->tables[s][i];

              *dst = *t;
              g_free (t);
              t = g->tables[s][i] = dst++;
              t->packed = TRUE;
              if (t->steps == NULL)
                continue;

              t->step_confidence = g_array_index (t->steps, DabiaoStep, 0).confidence;
              for (guint j = 0; j < t->steps->len; j++)
                if (g_array_index (t->steps, DabiaoStep, j).confidence != t->step_confidence)
                  t->step_confidence = NULL;

              if (!table_keys_fit (t))
                continue;
              /* Thresholds, padded to a multiple of 4 with values that
               * are never counted (the thresholds lie strictly inside the
               * 32-bit range), then the scores. */
              t->n_keys = t->steps->len;
              for (guint j = 0; j < KEYS_PADDED (t->n_keys); j++)
                {
                  if (j < t->n_keys)
                    keys[j] = (gint32) g_array_index (t->steps, DabiaoStep, j).threshold;
                  else
                    keys[j] = t->item->better == DABIAO_BETTER_HIGHER ? G_MININT32 : G_MAXINT32;
                }
              for (guint j = 0; j < t->n_keys; j++)
                keys[KEYS_PADDED (t->n_keys) + j] = g_array_index (t->steps, DabiaoStep, j).score;
              t->keys = keys;
              keys += KEYS_PADDED (t->n_keys) + t->n_keys;
            }
        }
    }
}
