/* dabiao-output-score.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "dabiao-age.h"
#include "dabiao-output-score.h"
#include "dabiao-score.h"
#include "dabiao-standard.h"

struct _DabiaoOutputScorer
{
  DabiaoStandard *standard;
};

DabiaoOutputScorer *
dabiao_output_scorer_new (const char  *standard_id,
                          GError     **error)
{
  DabiaoStandard *standard = dabiao_standard_load (standard_id, error);
  DabiaoOutputScorer *scorer;

  if (standard == NULL)
    return NULL;
  scorer = g_new0 (DabiaoOutputScorer, 1);
  scorer->standard = standard;
  return scorer;
}

char *
dabiao_output_scorer_dup_test_name (DabiaoOutputScorer *scorer)
{
  const char *name = dabiao_standard_get_name (scorer->standard);
  const char *paren = strstr (name, "（");
  g_autofree char *base = paren != NULL ? g_strndup (name, paren - name) : g_strdup (name);

  /* 国民体质测定标准（2003） → 国民体质测定标准测试 */
  return g_strconcat (base, "测试", NULL);
}

void
dabiao_output_scorer_free (DabiaoOutputScorer *scorer)
{
  if (scorer == NULL)
    return;
  dabiao_standard_unref (scorer->standard);
  g_free (scorer);
}

/* The one group lookup for a participant (dabiao-age.h): the grade, or the
 * age in completed months on @test_date. */
static const DabiaoGroup *
find_group (DabiaoOutputScorer       *scorer,
            const DabiaoOutputPerson *person,
            const GDate              *test_date)
{
  g_autofree char *code = g_strdup_printf ("%d", person->grade);
  GDate birth;

  g_date_clear (&birth, 1);
  if (person->birth_year > 0 && g_date_valid_dmy (person->birth_day, person->birth_month, person->birth_year))
    g_date_set_dmy (&birth, person->birth_day, person->birth_month, person->birth_year);
  return dabiao_standard_find_participant_group (scorer->standard, NULL, code, &birth, test_date, NULL);
}

static const char *
nonempty (const char *s)
{
  return s != NULL && s[0] != '\0' ? s : NULL;
}

/* Drops the results without a value or special result of items the
 * person's group and sex are not tested on (the event file lists every item
 * of the event for everyone), so that "missing" means missing. */
static void
prune_results (DabiaoOutputScorer *scorer,
               DabiaoOutputPerson *person,
               const DabiaoGroup  *group,
               DabiaoSex           sex)
{
  g_autoptr(GPtrArray) scored = dabiao_standard_list_items_for (scorer->standard, group, sex);
  guint n_std = dabiao_standard_get_n_items (scorer->standard);
  guint i = 0, k;

  while (i < person->results->len)
    {
      DabiaoOutputResult *r = g_ptr_array_index (person->results, i);
      gboolean keep = r->has_value || r->special != NULL;

      for (k = 0; !keep && k < scored->len; k++)
        {
          const DabiaoItem *item = g_ptr_array_index (scored, k);

          keep = dabiao_output_item_name_equal (r->name, item->header)
                 || dabiao_output_item_name_equal (r->name, item->name);
        }
      for (k = 0; !keep && k < n_std; k++)
        {
          const DabiaoItem *item = dabiao_standard_get_item (scorer->standard, k);

          /* 身高 and 体重: measured for everyone, not scored themselves. */
          keep = item->better == DABIAO_BETTER_NONE
                 && (dabiao_output_item_name_equal (r->name, item->header)
                     || dabiao_output_item_name_equal (r->name, item->name));
        }
      if (keep)
        i++;
      else
        g_ptr_array_remove_index (person->results, i);
    }
}

void
dabiao_output_scorer_score (DabiaoOutputScorer *scorer,
                            DabiaoOutputPerson *person,
                            const GDate        *test_date)
{
  DabiaoStandard *standard = scorer->standard;
  gboolean weighted = dabiao_standard_get_shape (standard) == DABIAO_SHAPE_WEIGHTED;
  guint n_std = dabiao_standard_get_n_items (standard);
  g_autofree DabiaoValue *values = NULL;
  g_autoptr(DabiaoPersonScore) score = NULL;
  const DabiaoGroup *group;
  guint i;

  if (person->sex != 1 && person->sex != 2)
    return;
  group = find_group (scorer, person, test_date);
  if (group == NULL)
    return;
  if (dabiao_standard_get_group_by (standard) == DABIAO_GROUP_BY_AGE)
    {
      g_free (person->group);
      person->group = g_strdup (group->label);
      person->group_order = MAX (group->age_min, 0) + 1;
    }
  prune_results (scorer, person, group, person->sex == 1 ? DABIAO_SEX_MALE : DABIAO_SEX_FEMALE);
  if (person->exempt)
    return;

  values = g_new0 (DabiaoValue, n_std);
  for (i = 0; i < n_std; i++)
    {
      const DabiaoItem *item = dabiao_standard_get_item (standard, i);
      const DabiaoOutputResult *r = dabiao_output_person_find_result (person, item->header, nonempty (item->number));

      if (r == NULL)
        r = dabiao_output_person_find_result (person, item->name, NULL);

      if (r != NULL && r->has_value)
        {
          values[i].present = TRUE;
          values[i].value = llround (r->value * DABIAO_VALUE_SCALE);
        }
    }

  score = dabiao_standard_score_values (standard, group,
                                        person->sex == 1 ? DABIAO_SEX_MALE : DABIAO_SEX_FEMALE, values);
  for (i = 0; i < score->n_items; i++)
    {
      const DabiaoItemScore *is = &score->items[i];
      DabiaoOutputResult *r = dabiao_output_person_find_result (person, is->item->header, nonempty (is->item->number));

      if (r == NULL)
        r = dabiao_output_person_find_result (person, is->item->name, NULL);
      if (r == NULL)
        {
          /* A derived item (体重指数): its value comes from the scorer. */
          r = dabiao_output_person_add_result (person, is->item->header, nonempty (is->item->number));
          if (is->has_value)
            {
              r->has_value = TRUE;
              r->value = (double) is->value / DABIAO_VALUE_SCALE;
            }
        }
      if (is->status == DABIAO_ITEM_SCORED)
        {
          r->has_score = TRUE;
          r->score = is->score;
          g_free (r->level);
          r->level = g_strdup (dabiao_standard_item_level (standard, group, is->score));
        }
    }

  if (score->complete)
    {
      person->has_total = TRUE;
      person->total = score->total_tenths / 10.0;
      person->has_standard_score = weighted;
      person->standard_score = score->standard_tenths / 10.0;
      person->bonus = score->bonus;
      g_free (person->level);
      person->level = g_strdup (score->grade);
    }
}
