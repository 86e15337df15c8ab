/* dabiao-scorer.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-age.h"
#include "dabiao-error.h"
#include "dabiao-score.h"
#include "dabiao-scorer.h"

struct _DabiaoScorer
{
  DabiaoStandard *standard;
  char           *test_date;   /* the event's date: ages are counted to it */
};

void
dabiao_score_summary_clear (DabiaoScoreSummary *summary)
{
  g_clear_pointer (&summary->grade, g_free);
  g_clear_pointer (&summary->notes, g_free);
  g_clear_pointer (&summary->group, g_free);
}

/* An item score passes unless it is at the standard's lowest item level
 * (student-2014: 不及格, below 60); without item levels every score does. */
static gboolean
item_passed (DabiaoScorer      *self,
             const DabiaoGroup *group,
             int                score)
{
  const char * const *names = dabiao_standard_get_item_level_names (self->standard);
  const char *level = dabiao_standard_item_level (self->standard, group, score);
  guint n = g_strv_length ((char **) names);

  return level == NULL || n == 0 || !g_str_equal (level, names[n - 1]);
}

/**
 * dabiao_scorer_get_grade_names:
 *
 * Returns: (transfer none): the standard's grade names, best first
 */
const char * const *
dabiao_scorer_get_grade_names (DabiaoScorer *self)
{
  static const char * const none[] = { NULL };

  return self != NULL ? dabiao_standard_get_grade_names (self->standard) : none;
}

/**
 * dabiao_scorer_new:
 *
 * @test_date: (nullable): the event's date (YYYY-MM-DD), to which ages
 *   are counted for standards grouped by age
 *
 * Loads the standard (reads files: call from a worker thread).
 */
DabiaoScorer *
dabiao_scorer_new (const char  *standard_id,
                   const char  *test_date,
                   GError     **error)
{
  DabiaoStandard *standard = dabiao_standard_load (standard_id, error);
  DabiaoScorer *self;

  if (standard == NULL)
    return NULL;
  self = g_new0 (DabiaoScorer, 1);
  self->standard = standard;
  self->test_date = g_strdup (test_date);
  return self;
}

void
dabiao_scorer_free (DabiaoScorer *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->standard, dabiao_standard_unref);
  g_free (self->test_date);
  g_free (self);
}

gboolean
dabiao_scorer_is_weighted (DabiaoScorer *self)
{
  return dabiao_standard_get_shape (self->standard) == DABIAO_SHAPE_WEIGHTED;
}

/* TRUE when the standard groups people by age (natfit-2003). */
gboolean
dabiao_scorer_is_by_age (DabiaoScorer *self)
{
  return self != NULL && dabiao_standard_get_group_by (self->standard) == DABIAO_GROUP_BY_AGE;
}

/**
 * dabiao_scorer_dup_group_label:
 *
 * @age_min: (out) (optional): the group's lowest age in months, to sort
 *   groups by (G_MAXINT when none is found)
 *
 * Returns: (transfer full) (nullable): the label of @person's group
 *   (20～24岁组), or NULL when none can be found
 */
char *
dabiao_scorer_dup_group_label (DabiaoScorer             *self,
                               const DabiaoScorerPerson *person,
                               int                      *age_min)
{
  g_autofree char *code = g_strdup_printf ("%u", person->grade);
  const DabiaoGroup *group;

  if (age_min != NULL)
    *age_min = G_MAXINT;
  if (self == NULL)
    return NULL;
  group = dabiao_standard_find_participant_group_text (self->standard, person->id, code,
                                                       person->birth_date, self->test_date, NULL);
  if (group != NULL && age_min != NULL)
    *age_min = group->age_min;
  return group != NULL ? g_strdup (group->label) : NULL;
}

/* TRUE when the standard grades single items (item_levels.csv). */
gboolean
dabiao_scorer_has_item_levels (DabiaoScorer *self)
{
  return self != NULL && dabiao_standard_get_item_level_names (self->standard)[0] != NULL;
}

/**
 * dabiao_scorer_score:
 * @person: who (grade, sex, birth date)
 * @values: item code → (double *) value in the item's unit
 * @focus_item: (nullable): the item whose score to report
 *
 * Finds @person's group the one way the program does
 * (dabiao_standard_find_participant_group_text(): by grade, or by age on the
 * event's date) and scores @values with the standards engine.
 *
 * Returns: FALSE when the participant cannot be scored at all (no group
 *   for the grade or age, no birth date, no sex), with @error saying why
 */
gboolean
dabiao_scorer_score (DabiaoScorer              *self,
                     const DabiaoScorerPerson  *person,
                     GHashTable                *values,
                     const char                *focus_item,
                     DabiaoScoreSummary        *summary,
                     GError                   **error)
{
  g_autofree char *code = g_strdup_printf ("%u", person->grade);
  g_autoptr(DabiaoPersonScore) result = NULL;
  g_autofree DabiaoValue *fixed = NULL;
  const DabiaoGroup *group;
  guint n = dabiao_standard_get_n_items (self->standard);
  GHashTableIter iter;
  gpointer key, value;

  guint sex = person->sex;

  memset (summary, 0, sizeof *summary);

  if (sex != 1 && sex != 2)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Sex must be 1 (男) or 2 (女) to score, not %u"), sex);
      return FALSE;
    }
  group = dabiao_standard_find_participant_group_text (self->standard, person->id, code,
                                                       person->birth_date, self->test_date, error);
  if (group == NULL)
    return FALSE;

  fixed = g_new0 (DabiaoValue, MAX (n, 1));
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const DabiaoItem *item = dabiao_standard_lookup_item (self->standard, key);

      if (item == NULL)
        continue;
      fixed[item->index].present = TRUE;
      fixed[item->index].value = (gint64) llround (*(double *) value * DABIAO_VALUE_SCALE);
    }

  result = dabiao_standard_score_values (self->standard, group,
                                         sex == 1 ? DABIAO_SEX_MALE : DABIAO_SEX_FEMALE, fixed);
  if (result == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_STANDARD, _("This participant cannot be scored"));
      return FALSE;
    }

  if (focus_item != NULL)
    {
      const DabiaoItem *item = dabiao_standard_lookup_item (self->standard, focus_item);
      const DabiaoItemScore *score = item != NULL ? dabiao_person_score_get_item (result, item) : NULL;

      if (score != NULL && score->status == DABIAO_ITEM_SCORED)
        {
          summary->item_scored = TRUE;
          summary->item_score = score->score;
          summary->item_passed = item_passed (self, group, score->score);
          summary->low_confidence = score->low_confidence;
        }
    }

  summary->complete = result->complete;
  summary->total_tenths = result->total_tenths;
  summary->grade = g_strdup (result->grade);
  summary->notes = g_strdup (result->notes);
  summary->group = g_strdup (group->label);
  summary->group_order = group->age_min >= 0 ? group->age_min : (int) person->grade;
  return TRUE;
}

/**
 * dabiao_scorer_format_value:
 *
 * Returns: (transfer full): @value as people write it for @item ("8.3",
 *   "3'45\""), or a plain number if the standard does not know the item
 */
char *
dabiao_scorer_format_value (DabiaoScorer *self,
                            const char   *item_code,
                            double        value)
{
  const DabiaoItem *item = self != NULL ? dabiao_standard_lookup_item (self->standard, item_code) : NULL;

  if (item == NULL)
    return g_strdup_printf ("%g", value);
  return dabiao_item_format_value (item, (gint64) llround (value * DABIAO_VALUE_SCALE));
}

int
dabiao_scorer_get_decimals (DabiaoScorer *self,
                            const char   *item_code)
{
  const DabiaoItem *item = self != NULL ? dabiao_standard_lookup_item (self->standard, item_code) : NULL;

  return item != NULL ? (int) item->decimals : 1;
}
