/* dabiao-score.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-score.h"
#include "dabiao-standard-private.h"
#include "dabiao-value-reader.h"

/* The generic scorer.  All arithmetic is on fixed-point integers (see
 * DABIAO_VALUE_SCALE), so a value equal to a threshold always meets it. */

static const DabiaoItem *find_code (DabiaoStandard *self,
                                    const char     *code);

typedef enum
{
  LOOKUP_OK,
  LOOKUP_OUT_OF_TABLE,
} LookupResult;

static LookupResult
lookup_steps (DabiaoItemTable *t,
              gint64           value,
              int             *score,
              const char     **confidence)
{
  const DabiaoStep *steps;
  guint n, lo;

  if (t->keys != NULL)
    {
      /* The packed thresholds (at most 64, strictly inside the 32-bit
       * range), counted rather than searched: steps run from the best
       * score down and thresholds are strictly monotonic (validated), so
       * the steps not met come first and their number is the index of the
       * first one met.  The loads do not depend on each other and there is
       * no branch on the data, which falls all over the table. */
      gint32 v = (gint32) CLAMP (value, G_MININT32, G_MAXINT32);
      const gint32 *keys = t->keys;
      gboolean higher = t->item->better == DABIAO_BETTER_HIGHER;

      n = t->n_keys;
#ifdef __GNUC__
      {
        /* Four at a time (SSE2 on x86-64; plain code elsewhere): the
         * padding is never counted. */
        typedef gint32 Keys4 __attribute__ ((vector_size (16)));
        Keys4 vv = { v, v, v, v };
        Keys4 count = { 0, 0, 0, 0 };

        for (guint i = 0; i < KEYS_PADDED (n); i += 4)
          {
            Keys4 k;

            memcpy (&k, keys + i, sizeof k);
            count += higher ? (Keys4) (k > vv) : (Keys4) (k < vv);   /* -1 where counted */
          }
        lo = (guint) -(count[0] + count[1] + count[2] + count[3]);
      }
#else
      lo = 0;
      for (guint i = 0; i < n; i++)
        lo += higher ? keys[i] > v : keys[i] < v;
#endif

      /* Below the lowest level: 0, with the lowest step's confidence. */
      *score = lo < n ? keys[KEYS_PADDED (n) + lo] : 0;
      if (t->step_confidence != NULL)
        *confidence = t->step_confidence;
      else
        *confidence = g_array_index (t->steps, DabiaoStep, MIN (lo, n - 1)).confidence;
      return LOOKUP_OK;
    }

  /* The same by binary search on the steps. */
  steps = (const DabiaoStep *) t->steps->data;
  n = t->steps->len;
  lo = 0;
  for (guint hi = n; lo < hi; )
    {
      guint mid = lo + (hi - lo) / 2;
      gboolean met = t->item->better == DABIAO_BETTER_HIGHER ? value >= steps[mid].threshold
                                                             : value <= steps[mid].threshold;

      if (met)
        hi = mid;
      else
        lo = mid + 1;
    }
  if (lo < n)
    {
      *score = steps[lo].score;
      *confidence = steps[lo].confidence;
      return LOOKUP_OK;
    }

  /* Below the lowest level: 0. */
  *score = 0;
  *confidence = g_array_index (t->steps, DabiaoStep, n - 1).confidence;
  return LOOKUP_OK;
}

static LookupResult
lookup_bands (DabiaoItemTable *t,
              gint64           value,
              gint64           by,
              int             *score,
              const char     **confidence,
              const char     **label)
{
  gboolean two_d = t->item->formula == DABIAO_FORMULA_WEIGHT_FOR_HEIGHT;
  const DabiaoBand *lowest = NULL;
  const DabiaoBand *highest = NULL;

  if (two_d)
    by = dabiao_value_round (by, 1);

  for (guint i = 0; i < t->bands->len; i++)
    {
      const DabiaoBand *b = &g_array_index (t->bands, DabiaoBand, i);

      if (two_d && (by < b->by_min || by > b->by_max))
        continue;
      if (lowest == NULL)
        lowest = b;
      highest = b;
      if ((!b->has_min || value >= b->min) && (!b->has_max || value <= b->max))
        {
          *score = b->score;
          *confidence = b->confidence;
          *label = b->label != NULL && b->label[0] != '\0' ? b->label : NULL;
          return LOOKUP_OK;
        }
    }

  if (lowest == NULL)
    return LOOKUP_OUT_OF_TABLE;

  /* No band holds the value of a directed item (1–5 point range tables):
   * the highest level met, as in a threshold table.  Beyond the best end
   * keeps the best score, beyond the worst end scores 0, and a value
   * between two bands (finer than the table's precision) earns the lower
   * score. */
  if (t->item->better == DABIAO_BETTER_HIGHER || t->item->better == DABIAO_BETTER_LOWER)
    {
      gboolean higher = t->item->better == DABIAO_BETTER_HIGHER;
      const DabiaoBand *met = NULL;

      for (guint i = 0; i < t->bands->len; i++)
        {
          const DabiaoBand *b = &g_array_index (t->bands, DabiaoBand, i);

          if (two_d && (by < b->by_min || by > b->by_max))
            continue;
          if (higher ? (!b->has_min || value >= b->min) : (!b->has_max || value <= b->max))
            if (met == NULL || b->score > met->score)
              met = b;
        }

      *score = met != NULL ? met->score : 0;
      *confidence = met != NULL ? met->confidence : (higher ? lowest : highest)->confidence;
      *label = met != NULL && met->label != NULL && met->label[0] != '\0' ? met->label : NULL;
      return LOOKUP_OK;
    }

  return LOOKUP_OUT_OF_TABLE;
}

static int
lookup_bonus (DabiaoItemTable *t,
              gint64           value)
{
  gint64 excess;
  int bonus = 0;

  if (t->bonus == NULL || t->steps == NULL)
    return 0;

  excess = t->item->better == DABIAO_BETTER_HIGHER ? value - t->top_threshold : t->top_threshold - value;
  for (guint i = 0; i < t->bonus->len; i++)
    {
      const DabiaoBonusStep *b = &g_array_index (t->bonus, DabiaoBonusStep, i);

      if (excess >= b->excess)
        bonus = b->bonus;
      else
        break;
    }
  return MIN (bonus, t->bonus_cap);
}

static gint64
prepare_value (const DabiaoItem *item,
               gint64            value)
{
  /* BMI and 台阶指数 are looked up at 0.1. */
  if (item->formula == DABIAO_FORMULA_BMI || item->formula == DABIAO_FORMULA_STEP_INDEX)
    return dabiao_value_round (value, 1);
  return value;
}

/* 台阶指数 from 台阶时间 and 脉搏1–3: t × 100 / (2 × (p1 + p2 + p3)), exact in
 * integers and rounded half up to 0.1.  FALSE with @problem set (translated)
 * when an input is missing, unreadable or out of range. */
static gboolean
compute_step_index (DabiaoStandard    *self,
                    const DabiaoItem  *item,
                    const DabiaoValue *values,
                    char             **problems,
                    gint64            *value,
                    DabiaoItemStatus  *status,
                    char             **problem)
{
  static const char *codes[] = { "step_time", "pulse1", "pulse2", "pulse3" };
  g_autoptr(GString) missing = g_string_new (NULL);
  gint64 in[4];

  /* Every missing input is named: 台阶指数：缺少脉搏2、脉搏3. */
  for (guint k = 0; k < G_N_ELEMENTS (codes); k++)
    {
      const DabiaoItem *it = find_code (self, codes[k]);

      if (it == NULL || !values[it->index].present)
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? "、" : "", it != NULL ? it->header : codes[k]);
    }
  if (missing->len > 0)
    {
      *status = DABIAO_ITEM_MISSING;
      *problem = g_strdup_printf (_("%s: %s is missing"), item->header, missing->str);
      return FALSE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (codes); k++)
    {
      const DabiaoItem *it = find_code (self, codes[k]);

      if (problems != NULL && problems[it->index] != NULL)
        {
          *status = DABIAO_ITEM_INVALID;
          *problem = g_strdup_printf ("%s：%s", it->header, problems[it->index]);
          return FALSE;
        }
      in[k] = values[it->index].value;
      /* Up to 1000 s and 1000 beats: far beyond any real test. */
      if (in[k] <= 0 || in[k] > 1000 * DABIAO_VALUE_SCALE)
        {
          *status = DABIAO_ITEM_INVALID;
          /* Translators: 台阶指数: 台阶时间 and 脉搏1/2/3 must be above 0 */
          *problem = g_strdup_printf (_("%s: %s must be a number above 0 and at most 1000"), item->header, it->header);
          return FALSE;
        }
    }

  {
    gint64 t = in[0];
    gint64 p = in[1] + in[2] + in[3];
    /* index × 10 = t × 1000 / (2p) = 500 t / p; half up: (1000 t + p) / (2p). */
    gint64 tenths = (1000 * t + p) / (2 * p);

    *value = tenths * (DABIAO_VALUE_SCALE / 10);
  }
  return TRUE;
}

gboolean
dabiao_standard_score_item (DabiaoStandard     *self,
                            const DabiaoGroup  *group,
                            DabiaoSex           sex,
                            const DabiaoItem   *item,
                            gint64              value,
                            gint64              by,
                            int                *score,
                            int                *bonus,
                            GError            **error)
{
  DabiaoItemTable *t;
  const char *confidence = NULL;
  const char *label = NULL;
  LookupResult r;
  int s = 0;

  g_return_val_if_fail (self != NULL && group != NULL && item != NULL, FALSE);

  t = dabiao_standard_get_table (self, group, sex, item);
  if (t == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("%s is not scored for %s %s"), item->name, group->label, dabiao_sex_to_string (sex));
      return FALSE;
    }

  value = prepare_value (item, value);
  r = t->steps != NULL ? lookup_steps (t, value, &s, &confidence)
                       : lookup_bands (t, value, by, &s, &confidence, &label);
  if (r == LOOKUP_OUT_OF_TABLE)
    {
      DabiaoItem height = { .name = "身高", .unit = "cm", .decimals = 1 };
      g_autofree char *v = dabiao_item_format_value (&height, by);

      if (item->formula == DABIAO_FORMULA_WEIGHT_FOR_HEIGHT)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                     _("the height %s cm is outside the table of %s"), v, item->name);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                     _("the value is outside the table of %s"), item->name);
      return FALSE;
    }

  if (score != NULL)
    *score = s;
  if (bonus != NULL)
    *bonus = lookup_bonus (t, value);
  return TRUE;
}

typedef struct
{
  const char *label;
  int         score;
  gint64      min;       /* G_MININT64 for an open lower end */
} BandLabel;

static int
compare_band_labels (gconstpointer a,
                     gconstpointer b)
{
  const BandLabel *la = a;
  const BandLabel *lb = b;

  if (la->score != lb->score)
    return la->score > lb->score ? -1 : 1;
  return la->min < lb->min ? -1 : la->min > lb->min;
}

GPtrArray *
dabiao_standard_list_band_labels (DabiaoStandard   *self,
                                  const DabiaoItem *item)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (BandLabel));
  GPtrArray *labels = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL && item != NULL, labels);

  /* Each name at its best score and lowest range met in any table. */
  for (guint g = 0; g < self->groups->len; g++)
    for (guint sex = 0; sex < DABIAO_N_SEXES; sex++)
      {
        const DabiaoGroupPriv *group = g_ptr_array_index (self->groups, g);
        const DabiaoItemTable *t = group->tables[sex][item->index];

        for (guint i = 0; t != NULL && t->bands != NULL && i < t->bands->len; i++)
          {
            const DabiaoBand *b = &g_array_index (t->bands, DabiaoBand, i);
            BandLabel l = { b->label, b->score, b->has_min ? b->min : G_MININT64 };
            guint k;

            if (b->label == NULL || b->label[0] == '\0')
              continue;
            for (k = 0; k < found->len; k++)
              if (g_str_equal (g_array_index (found, BandLabel, k).label, b->label))
                break;
            if (k == found->len)
              g_array_append_val (found, l);
            else if (compare_band_labels (&l, &g_array_index (found, BandLabel, k)) < 0)
              g_array_index (found, BandLabel, k) = l;
          }
      }
  g_array_sort (found, compare_band_labels);
  for (guint k = 0; k < found->len; k++)
    g_ptr_array_add (labels, (gpointer) g_array_index (found, BandLabel, k).label);
  return labels;
}

/* ---- A whole person ------------------------------------------------------------- */

static const DabiaoItem *
find_code (DabiaoStandard *self,
           const char     *code)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      const DabiaoItem *item = g_ptr_array_index (self->items, i);

      if (g_str_equal (item->code, code))
        return item;
    }
  return NULL;
}

void
dabiao_notes_add (GString    *notes,
                  const char *note)
{
  if (note == NULL || *note == '\0')
    return;
  if (notes->len > 0)
    g_string_append (notes, "；");
  g_string_append (notes, note);
}

/* An item derived from 身高 and 体重 (BMI, weight for height): its value and
 * the value it is looked up by; FALSE with @is's status and problem set
 * when it cannot be computed. */
static gboolean
derive_from_height_weight (DabiaoStandard    *self,
                           const DabiaoItem  *item,
                           const DabiaoValue *values,
                           char             **problems,
                           DabiaoItemScore   *is,
                           gint64            *value,
                           gint64            *by)
{
  const DabiaoItem *height = self->height_item;
  const DabiaoItem *weight = self->weight_item;
  const DabiaoItem *inputs[] = { height, weight };
  static const char * const input_names[] = { "身高", "体重" };
  g_autoptr(GString) missing = g_string_new (NULL);
  const DabiaoItem *bad = NULL;

  /* Every missing input is named: 体重指数：缺少身高、体重. */
  for (guint k = 0; k < G_N_ELEMENTS (inputs); k++)
    if (inputs[k] == NULL || !values[inputs[k]->index].present)
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? "、" : "",
                              inputs[k] != NULL ? inputs[k]->header : input_names[k]);
  if (missing->len == 0 && problems != NULL && problems[height->index] != NULL)
    bad = height;
  else if (missing->len == 0 && problems != NULL && problems[weight->index] != NULL)
    bad = weight;

  if (bad != NULL)
    {
      is->status = DABIAO_ITEM_INVALID;
      is->problem = g_strdup_printf ("%s：%s", bad->header, problems[bad->index]);
      return FALSE;
    }
  if (missing->len > 0)
    {
      is->status = DABIAO_ITEM_MISSING;
      /* Translators: an item (体重指数) cannot be computed without others (身高、体重) */
      is->problem = g_strdup_printf (_("%s: %s is missing"), item->header, missing->str);
      return FALSE;
    }
  if (values[height->index].value <= 0 || values[weight->index].value <= 0)
    {
      is->status = DABIAO_ITEM_INVALID;
      is->problem = g_strdup_printf (_("%s: height and weight must be above 0"), item->header);
      return FALSE;
    }
  if (item->formula == DABIAO_FORMULA_BMI)
    {
      /* BMI in tenths = w[g] × 10^8 / h[mm·100]²; exact, rounded half up. */
      gint64 w = values[weight->index].value;
      gint64 h = values[height->index].value;
      gint64 num = w * G_GINT64_CONSTANT (100000000);
      gint64 den = h * h;

      if (w > G_GINT64_CONSTANT (1000000) || h > G_GINT64_CONSTANT (1000000) || h < 1000)
        {
          is->status = DABIAO_ITEM_INVALID;
          is->problem = g_strdup_printf (_("%s: height or weight out of range"), item->header);
          return FALSE;
        }
      *value = (2 * num + den) / (2 * den) * 100;
      return TRUE;
    }
  *value = values[weight->index].value;
  *by = values[height->index].value;
  return TRUE;
}

/* The value item @i is scored by (and the value it is looked up by, for
 * tables by height); FALSE with @is's status and problem set when there is
 * none.  @problems: per item, why its text could not be read. */
static gboolean
item_value (DabiaoStandard    *self,
            const DabiaoItem  *item,
            const DabiaoValue *values,
            char             **problems,
            DabiaoItemScore   *is,
            gint64            *value,
            gint64            *by)
{
  const DabiaoItem *height = self->height_item;
  guint i = item->index;
  gboolean present = values[i].present;

  *value = values[i].value;
  *by = 0;
  if (problems != NULL && problems[i] != NULL)
    {
      is->status = DABIAO_ITEM_INVALID;
      is->problem = g_strdup_printf ("%s：%s", item->header, problems[i]);
      return FALSE;
    }
  if (item->formula == DABIAO_FORMULA_STEP_INDEX && !present)
    return compute_step_index (self, item, values, problems, value, &is->status, &is->problem);
  if (item->formula != DABIAO_FORMULA_NONE && !present)
    return derive_from_height_weight (self, item, values, problems, is, value, by);
  if (item->formula == DABIAO_FORMULA_WEIGHT_FOR_HEIGHT && present)
    {
      if (height == NULL || !values[height->index].present)
        {
          is->status = DABIAO_ITEM_MISSING;
          is->problem = g_strdup_printf (_("%s: %s is missing"), item->header, "身高");
          return FALSE;
        }
      *by = values[height->index].value;
      return TRUE;
    }
  if (!present)
    {
      is->status = DABIAO_ITEM_MISSING;
      is->problem = g_strdup_printf (_("%s is missing"), item->header);
      return FALSE;
    }
  return TRUE;
}

/* Looks @value up in the item's table: scored (with its bonus and the
 * confidence of the row met), or out of the table with the reason. */
static void
score_value (DabiaoStandard    *self,
             const DabiaoGroup *group,
             DabiaoSex          sex,
             DabiaoItemTable   *t,
             gint64             value,
             gint64             by,
             DabiaoItemScore   *is)
{
  const DabiaoItem *item = is->item;
  const char *confidence = NULL;
  LookupResult r;
  int s = 0, b = 0;

  is->has_value = TRUE;
  is->value = prepare_value (item, value);
  r = t->steps != NULL ? lookup_steps (t, is->value, &s, &confidence)
                       : lookup_bands (t, is->value, by, &s, &confidence, &is->label);
  if (r == LOOKUP_OUT_OF_TABLE)
    {
      g_autoptr(GError) error = NULL;

      /* For its message. */
      dabiao_standard_score_item (self, group, sex, item, value, by, &s, &b, &error);
      is->status = DABIAO_ITEM_OUT_OF_TABLE;
      is->problem = g_strdup_printf ("%s：%s", item->header, error != NULL ? error->message : "?");
      return;
    }
  is->status = DABIAO_ITEM_SCORED;
  is->score = s;
  is->bonus = lookup_bonus (t, is->value);
  /* The confidence of the row met (0 points: the lowest row). */
  if (confidence != NULL)
    is->confidence = confidence;
}

/* Fills @result, whose items array holds room for every item and is
 * zeroed; the notes go to @notes.  @problems: per item, why its value could
 * not be read (texts only). */
static void
score_into (DabiaoStandard    *self,
            const DabiaoGroup *group,
            DabiaoSex          sex,
            const DabiaoValue *values,
            char             **problems,
            DabiaoPersonScore *result,
            GString           *notes)
{
  gboolean complete = TRUE;
  gint64 weighted = 0;
  int bonus = 0;
  int points = 0;
  guint n = 0;

  const DabiaoGroupPriv *g = (const DabiaoGroupPriv *) group;
  const char *last_confidence = NULL;
  gboolean last_low = TRUE;

  result->group = group;
  result->sex = sex;

  /* Only the items with a table for this group and sex, in item order. */
  for (guint k = 0; k < g->n_scored[sex]; k++)
    {
      guint i = g->scored[sex][k];
      const DabiaoItem *item = g_ptr_array_index (self->items, i);
      DabiaoItemTable *t = g->tables[sex][i];
      DabiaoItemScore *is;
      gint64 value = 0;
      gint64 by = 0;

      is = &result->items[n++];
      is->item = item;
      is->weight = t->weight;
      is->confidence = t->confidence;

      if (item_value (self, item, values, problems, is, &value, &by) && is->problem == NULL)
        score_value (self, group, sex, t, value, by, is);

      /* Tables point at the same few interned names: ask once per name. */
      if (is->confidence != last_confidence)
        {
          last_confidence = is->confidence;
          last_low = dabiao_confidence_is_low (is->confidence);
        }
      is->low_confidence = last_low;

      if (is->status != DABIAO_ITEM_SCORED)
        {
          complete = FALSE;
          dabiao_notes_add (notes, is->problem);
        }
      else
        {
          weighted += (gint64) is->score * is->weight;
          points += is->score;
          bonus += is->bonus;
          if (is->low_confidence)
            {
              g_autofree char *note = g_strdup_printf (_("%s: scored with a table of low confidence (%s)"),
                                                       item->score_header, is->confidence);
              dabiao_notes_add (notes, note);
            }
        }
    }

  result->n_items = n;
  result->complete = complete && n > 0;

  if (result->complete)
    {
      if (self->shape == DABIAO_SHAPE_WEIGHTED)
        {
          result->weighted_x100 = weighted;
          result->standard_tenths = (int) ((weighted + 5) / 10);
          result->bonus = MIN (bonus, self->bonus_cap);
          result->total_tenths = (int) ((weighted + result->bonus * 100 + 5) / 10);
        }
      else
        result->total_tenths = points * 10;
      result->level = dabiao_standard_level_for (self, group, result->total_tenths);
    }
}

static DabiaoPersonScore *
score_person (DabiaoStandard    *self,
              const DabiaoGroup *group,
              DabiaoSex          sex,
              const DabiaoValue *values,
              char             **problems)
{
  DabiaoPersonScore *result = g_new0 (DabiaoPersonScore, 1);
  GString *notes = g_string_new (NULL);

  result->standard = dabiao_standard_ref (self);
  result->items = g_new0 (DabiaoItemScore, self->items->len);
  score_into (self, group, sex, values, problems, result, notes);
  result->notes = g_string_free (notes, FALSE);
  return result;
}

/* Parses @texts into @values / @problems (both zeroed by the caller);
 * only the items scored for @group and @sex, and measured items.  Every
 * value goes through the one value reader's rules: an impossible value
 * (a time of 0, a negative count) is a problem, and so is a value outside
 * the plausible range unless @limits is NULL (values a person confirmed). */
static void
parse_text (const DabiaoItem        *item,
            const DabiaoValueLimits *limits,
            const char              *text,
            DabiaoValue             *value,
            char                   **problem)
{
  g_auto(DabiaoValueRead) read = { 0 };

  if (text == NULL)
    return;
  while (*text == ' ' || *text == '\t')
    text++;
  if (*text == '\0')
    return;
  if (dabiao_item_parse_value_fast (item, text, &value->value))
    {
      /* Plain ASCII: only the limits are left to check. */
      if (limits == NULL)
        {
          DabiaoValueLimits own;

          dabiao_value_limits_init (&own, item);
          own.has_range = FALSE;
          if (dabiao_value_limits_check (&own, item, text, value->value, problem) != DABIAO_VALUE_VALID)
            value->value = 0;
        }
      else if (dabiao_value_limits_check (limits, item, text, value->value, problem) != DABIAO_VALUE_VALID)
        value->value = 0;
      value->present = TRUE;
      return;
    }

  switch (dabiao_value_read (item, text, &read))
    {
    case DABIAO_VALUE_VALID:
      value->value = read.value;
      value->present = TRUE;
      break;
    case DABIAO_VALUE_IMPLAUSIBLE:
      value->present = TRUE;
      if (limits == NULL)
        value->value = read.value;
      else
        *problem = g_steal_pointer (&read.problem);
      break;
    case DABIAO_VALUE_INVALID:
    default:
      {
        /* Whitespace-only text, including full-width spaces, is missing. */
        g_autofree char *norm = dabiao_text_normalize (text, TRUE);

        if (*norm != '\0')
          {
            *problem = g_steal_pointer (&read.problem);
            value->present = TRUE;
          }
      }
      break;
    }
}

static void
parse_texts (DabiaoStandard          *self,
             const DabiaoGroup       *group,
             DabiaoSex                sex,
             const char * const      *texts,
             const DabiaoValueLimits *limits,
             DabiaoValue             *values,
             char                   **problems)
{
  const DabiaoGroupPriv *g = (const DabiaoGroupPriv *) group;

  /* The items scored for this group and sex … */
  for (guint k = 0; k < g->n_scored[sex]; k++)
    {
      guint i = g->scored[sex][k];

      parse_text (g_ptr_array_index (self->items, i), limits != NULL ? &limits[i] : NULL,
                  texts[i], &values[i], &problems[i]);
    }
  /* … and the measured items (身高/体重, 台阶时间, 脉搏…) that feed formulas. */
  for (guint k = 0; k < self->n_measured; k++)
    {
      guint i = self->measured[k];

      if (g->tables[sex][i] == NULL)
        parse_text (g_ptr_array_index (self->items, i), limits != NULL ? &limits[i] : NULL,
                    texts[i], &values[i], &problems[i]);
    }
}

struct _DabiaoScoreScratch
{
  DabiaoStandard    *standard;
  DabiaoValueLimits *limits;    /* per item */
  gboolean           accept_implausible;
  DabiaoValue       *values;
  char             **problems;
  GString           *notes;
  DabiaoPersonScore  result;
};

DabiaoScoreScratch *
dabiao_score_scratch_new (DabiaoStandard *self)
{
  DabiaoScoreScratch *scratch = g_new0 (DabiaoScoreScratch, 1);
  guint n = self->items->len;

  scratch->standard = dabiao_standard_ref (self);
  scratch->limits = g_new0 (DabiaoValueLimits, n);
  for (guint i = 0; i < n; i++)
    dabiao_value_limits_init (&scratch->limits[i], g_ptr_array_index (self->items, i));
  scratch->values = g_new0 (DabiaoValue, n);
  scratch->problems = g_new0 (char *, n);
  scratch->notes = g_string_new (NULL);
  scratch->result.standard = self;
  scratch->result.items = g_new0 (DabiaoItemScore, n);
  return scratch;
}

static void
scratch_reset (DabiaoScoreScratch *scratch)
{
  guint n = scratch->standard->items->len;

  for (guint i = 0; i < n; i++)
    g_clear_pointer (&scratch->problems[i], g_free);
  for (guint i = 0; i < scratch->result.n_items; i++)
    if (scratch->result.items[i].problem != NULL)
      g_free (scratch->result.items[i].problem);
  memset (scratch->values, 0, n * sizeof *scratch->values);
  memset (scratch->result.items, 0, scratch->result.n_items * sizeof *scratch->result.items);
  g_string_truncate (scratch->notes, 0);
  scratch->result.n_items = 0;
  scratch->result.complete = FALSE;
  scratch->result.weighted_x100 = 0;
  scratch->result.standard_tenths = 0;
  scratch->result.bonus = 0;
  scratch->result.total_tenths = 0;
  scratch->result.level = NULL;
}

void
dabiao_score_scratch_accept_implausible (DabiaoScoreScratch *scratch,
                                         gboolean            accept)
{
  scratch->accept_implausible = accept;
}

void
dabiao_score_scratch_free (DabiaoScoreScratch *scratch)
{
  if (scratch == NULL)
    return;
  scratch_reset (scratch);
  g_free (scratch->limits);
  g_free (scratch->values);
  g_free (scratch->problems);
  g_string_free (scratch->notes, TRUE);
  g_free (scratch->result.items);
  dabiao_standard_unref (scratch->standard);
  g_free (scratch);
}

const DabiaoPersonScore *
dabiao_standard_score_texts_scratch (DabiaoStandard     *self,
                                     const DabiaoGroup  *group,
                                     DabiaoSex           sex,
                                     const char * const *texts,
                                     DabiaoScoreScratch *scratch)
{
  g_return_val_if_fail (scratch->standard == self, NULL);

  scratch_reset (scratch);
  parse_texts (self, group, sex, texts, scratch->accept_implausible ? NULL : scratch->limits,
               scratch->values, scratch->problems);
  score_into (self, group, sex, scratch->values, scratch->problems, &scratch->result, scratch->notes);
  scratch->result.notes = scratch->notes->str;
  return &scratch->result;
}

DabiaoPersonScore *
dabiao_standard_score_values (DabiaoStandard    *self,
                              const DabiaoGroup *group,
                              DabiaoSex          sex,
                              const DabiaoValue *values)
{
  g_return_val_if_fail (self != NULL && group != NULL && values != NULL, NULL);

  return score_person (self, group, sex, values, NULL);
}

DabiaoPersonScore *
dabiao_standard_score_texts (DabiaoStandard     *self,
                             const DabiaoGroup  *group,
                             DabiaoSex           sex,
                             const char * const *texts)
{
  guint n = self->items->len;
  g_autofree DabiaoValue *values = g_new0 (DabiaoValue, n);
  char **problems = g_new0 (char *, n);
  DabiaoPersonScore *result;

  g_return_val_if_fail (self != NULL && group != NULL && texts != NULL, NULL);

  parse_texts (self, group, sex, texts, NULL, values, problems);

  result = score_person (self, group, sex, values, problems);

  for (guint i = 0; i < n; i++)
    g_free (problems[i]);
  g_free (problems);
  return result;
}

DabiaoPersonScore *
dabiao_standard_score_table (DabiaoStandard    *self,
                             const DabiaoGroup *group,
                             DabiaoSex          sex,
                             GHashTable        *texts)
{
  g_autofree const char **array = g_new0 (const char *, self->items->len);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, texts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const DabiaoItem *item = dabiao_standard_lookup_item (self, key);

      if (item != NULL)
        array[item->index] = value;
    }
  return dabiao_standard_score_texts (self, group, sex, array);
}

const DabiaoItemScore *
dabiao_person_score_get_item (const DabiaoPersonScore *result,
                              const DabiaoItem        *item)
{
  for (guint i = 0; i < result->n_items; i++)
    if (result->items[i].item == item)
      return &result->items[i];
  return NULL;
}

void
dabiao_person_score_free (DabiaoPersonScore *result)
{
  if (result == NULL)
    return;
  for (guint i = 0; i < result->n_items; i++)
    g_free (result->items[i].problem);
  g_free (result->items);
  g_free (result->notes);
  dabiao_standard_unref (result->standard);
  g_free (result);
}
