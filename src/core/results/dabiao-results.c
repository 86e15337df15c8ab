/* dabiao-results.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dabiao-age.h"
#include "dabiao-codes.h"
#include "dabiao-error.h"
#include "dabiao-event-details.h"
#include "dabiao-results.h"

/* ---- Persons and items -------------------------------------------------- */

static void
results_item_free (gpointer data)
{
  DabiaoResultsItem *item = data;

  g_free (item->name);
  g_free (item->code);
  g_free (item->display);
  g_free (item->special);
  g_free (item->reason);
  g_free (item);
}

DabiaoResultsPerson *
dabiao_results_person_new (void)
{
  DabiaoResultsPerson *person = g_new0 (DabiaoResultsPerson, 1);

  person->results = g_ptr_array_new_with_free_func (results_item_free);
  person->notes = g_strdup ("");
  return person;
}

void
dabiao_results_person_free (DabiaoResultsPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->id);
  g_free (person->school_code);
  g_free (person->school_name);
  g_free (person->class_code);
  g_free (person->class_name);
  g_free (person->student_no);
  g_free (person->id_number);
  g_free (person->ethnic_code);
  g_free (person->ethnic_name);
  g_free (person->name);
  g_free (person->address);
  g_free (person->group);
  g_free (person->exempt_reason);
  g_free (person->notes);
  g_free (person->problem);
  g_ptr_array_unref (person->results);
  g_clear_pointer (&person->standard, dabiao_standard_unref);
  g_free (person);
}

DabiaoResultsItem *
dabiao_results_person_add_item (DabiaoResultsPerson *person,
                                const char          *name,
                                const char          *code)
{
  DabiaoResultsItem *item = g_new0 (DabiaoResultsItem, 1);

  item->name = g_strdup (name);
  item->code = g_strdup (code);
  item->applies = TRUE;
  g_ptr_array_add (person->results, item);
  return item;
}

/* Canonical form of an item name: no spaces, × for x, X and the asterisk,
 * 一分钟 for 1分钟. */
static char *
normalize_item_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x3000)
        continue;
      if (c == 'x' || c == 'X' || c == '*' || c == 0x2715 || c == 0xFF58 || c == 0xFF38)
        c = 0x00D7;
      if (c == '1' && g_str_has_prefix (g_utf8_next_char (p), "分钟"))
        c = 0x4E00; /* 一 */
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

gboolean
dabiao_results_item_name_equal (const char *a,
                                const char *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (strcmp (a, b) == 0)
    return TRUE;
  na = normalize_item_name (a);
  nb = normalize_item_name (b);
  return strcmp (na, nb) == 0;
}

DabiaoResultsItem *
dabiao_results_person_find_item (const DabiaoResultsPerson *person,
                                 const char                *name,
                                 const char                *code)
{
  if (code != NULL)
    for (guint i = 0; i < person->results->len; i++)
      {
        DabiaoResultsItem *item = g_ptr_array_index (person->results, i);

        if (item->code != NULL && strcmp (item->code, code) == 0)
          return item;
      }
  if (name != NULL)
    for (guint i = 0; i < person->results->len; i++)
      {
        DabiaoResultsItem *item = g_ptr_array_index (person->results, i);

        if (dabiao_results_item_name_equal (item->name, name))
          return item;
      }
  return NULL;
}

const char *
dabiao_results_grade_name (guint grade)
{
  /* National grade names: data, not translations. */
  static const struct { guint code; const char *name; } grades[] = {
    { 11, "一年级" }, { 12, "二年级" }, { 13, "三年级" }, { 14, "四年级" },
    { 15, "五年级" }, { 16, "六年级" }, { 21, "初一" }, { 22, "初二" },
    { 23, "初三" }, { 24, "初四" }, { 31, "高一" }, { 32, "高二" }, { 33, "高三" },
    { 34, "高四" }, { 41, "大一" }, { 42, "大二" }, { 43, "大三" }, { 44, "大四" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    if (grades[i].code == grade)
      return grades[i].name;
  return "";
}

const char *
dabiao_results_person_get_group (const DabiaoResultsPerson *person)
{
  const char *name = dabiao_results_grade_name (person->grade);

  if (person->group != NULL && person->group[0] != '\0')
    return person->group;
  return name[0] != '\0' ? name : "其他";
}

char *
dabiao_results_person_dup_group (const DabiaoResultsPerson *person)
{
  return g_strdup (dabiao_results_person_get_group (person));
}

const char *
dabiao_results_person_get_group_shown (const DabiaoResultsPerson *person)
{
  if (person->problem != NULL && person->standard != NULL
      && dabiao_standard_get_group_by (person->standard) == DABIAO_GROUP_BY_AGE)
    return person->birth_year > 0
           /* Translators: a badge's or the roster's age group for a person outside every age group the day tests */
           ? _("Outside the ages tested (no certificate)")
           : _("No birth date, no age group (no certificate)");
  return dabiao_results_person_get_group (person);
}

char *
dabiao_results_person_dup_birth (const DabiaoResultsPerson *person)
{
  if (person->birth_year <= 0)
    return g_strdup ("");
  return g_strdup_printf ("%d/%d/%d", person->birth_year, person->birth_month, person->birth_day);
}

int
dabiao_results_person_compare_class (gconstpointer a,
                                     gconstpointer b)
{
  const DabiaoResultsPerson *pa = *(const DabiaoResultsPerson * const *) a;
  const DabiaoResultsPerson *pb = *(const DabiaoResultsPerson * const *) b;
  int cmp = g_strcmp0 (pa->school_code, pb->school_code);

  if (cmp != 0)
    return cmp;
  if (pa->grade != pb->grade)
    return pa->grade < pb->grade ? -1 : 1;
  return g_strcmp0 (pa->class_code, pb->class_code);
}

int
dabiao_results_person_sex_code (const DabiaoResultsPerson *person)
{
  return person->sex == DABIAO_SEX_FEMALE ? 2 : 1;
}

double
dabiao_results_item_get_number (const DabiaoResultsItem *item)
{
  return (double) item->value / DABIAO_VALUE_SCALE;
}

char *
dabiao_results_format_tenths (int tenths)
{
  return g_strdup_printf ("%s%d.%d", tenths < 0 ? "-" : "", ABS (tenths) / 10, ABS (tenths) % 10);
}

/* ---- The scorer ------------------------------------------------------------ */

struct _DabiaoResults
{
  gatomicrefcount  ref_count;
  DabiaoStandard  *standard;
  char            *test_date;
  /* The event's details (school names), when made for an event. */
  DabiaoEventDetails *details;
  /* Per item index: its level names (NULL-terminated), set at creation. */
  GPtrArray      **level_names;
  char           **parts;     /* the event's age parts, or NULL: all */
};

static const char * const no_names[] = { NULL };

DabiaoResults *
dabiao_results_new (DabiaoStandard *standard,
                    const char     *test_date)
{
  DabiaoResults *self = g_new0 (DabiaoResults, 1);
  guint n = dabiao_standard_get_n_items (standard);

  g_atomic_ref_count_init (&self->ref_count);
  self->standard = dabiao_standard_ref (standard);
  self->test_date = g_strdup (test_date);
  self->level_names = g_new0 (GPtrArray *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const DabiaoItem *item = dabiao_standard_get_item (standard, i);
      GPtrArray *names = dabiao_standard_list_band_labels (standard, item);

      /* Without named bands: the standard's item levels, for the items it
       * scores. */
      if (names->len == 0 && item->better != DABIAO_BETTER_NONE)
        for (const char * const *l = dabiao_standard_get_item_level_names (standard); *l != NULL; l++)
          g_ptr_array_add (names, (gpointer) *l);
      g_ptr_array_add (names, NULL);
      self->level_names[i] = names;
    }
  return self;
}

DabiaoResults *
dabiao_results_ref (DabiaoResults *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dabiao_results_unref (DabiaoResults *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < dabiao_standard_get_n_items (self->standard); i++)
    g_ptr_array_unref (self->level_names[i]);
  g_free (self->level_names);
  g_clear_pointer (&self->details, dabiao_event_details_free);
  dabiao_standard_unref (self->standard);
  g_free (self->test_date);
  g_strfreev (self->parts);
  g_free (self);
}

DabiaoStandard *
dabiao_results_get_standard (DabiaoResults *self)
{
  return self->standard;
}

void
dabiao_results_set_parts (DabiaoResults       *self,
                          const char * const  *parts)
{
  g_strfreev (self->parts);
  self->parts = g_strdupv ((char **) parts);
}

const char * const *
dabiao_results_get_parts (DabiaoResults *self)
{
  return (const char * const *) self->parts;
}

gboolean
dabiao_results_is_by_age (DabiaoResults *self)
{
  return dabiao_standard_get_group_by (self->standard) == DABIAO_GROUP_BY_AGE;
}

gboolean *
dabiao_results_scored_items (DabiaoResults *self)
{
  guint n = dabiao_standard_get_n_items (self->standard);
  gboolean *scored = g_new0 (gboolean, MAX (n, 1));

  for (guint g = 0; g < dabiao_standard_get_n_groups (self->standard); g++)
    {
      const DabiaoGroup *group = dabiao_standard_get_group (self->standard, g);

      if (!dabiao_group_check_parts (group, (const char * const *) self->parts, NULL))
        continue;
      for (guint s = 0; s < 2; s++)
        {
          g_autoptr(GPtrArray) items = dabiao_standard_list_items_for (self->standard, group,
                                                                       s == 0 ? DABIAO_SEX_MALE : DABIAO_SEX_FEMALE);

          for (guint i = 0; i < items->len; i++)
            for (guint k = 0; k < n; k++)
              if (dabiao_standard_get_item (self->standard, k) == g_ptr_array_index (items, i))
                scored[k] = TRUE;
        }
    }
  return scored;
}

gboolean
dabiao_results_is_weighted (DabiaoResults *self)
{
  return dabiao_standard_get_shape (self->standard) == DABIAO_SHAPE_WEIGHTED;
}

const char * const *
dabiao_results_get_total_level_names (DabiaoResults *self)
{
  return dabiao_standard_get_total_level_names (self->standard);
}

const char * const *
dabiao_results_get_level_names (DabiaoResults    *self,
                                const DabiaoItem *item)
{
  if (item == NULL)
    return no_names;
  return (const char * const *) self->level_names[item->index]->pdata;
}

/* Above the lowest of @names: passed. */
static int
pass_index (const char * const *names,
            const char         *level)
{
  guint n = g_strv_length ((char **) names);

  for (guint k = 0; k < n; k++)
    if (g_str_equal (names[k], level))
      return n == 1 || k + 1 < n;
  return -1;
}

gboolean
dabiao_results_level_passes (DabiaoResults *self,
                             const char    *level)
{
  int passes;

  if (level == NULL)
    return FALSE;
  passes = pass_index (dabiao_standard_get_total_level_names (self->standard), level);
  if (passes < 0)
    passes = pass_index (dabiao_standard_get_item_level_names (self->standard), level);
  return passes > 0;
}

/* The result of @person matching @item: by national number, then name. */
static DabiaoResultsItem *
find_for (DabiaoResultsPerson *person,
          const DabiaoItem    *item)
{
  DabiaoResultsItem *r = dabiao_results_person_find_item (person, item->header,
                                                          item->number[0] != '\0' ? item->number : NULL);

  return r != NULL ? r : dabiao_results_person_find_item (person, item->name, NULL);
}

gboolean
dabiao_results_person_takes_item (const DabiaoResultsPerson *person,
                                  const char                *item_code,
                                  const char                *item_name)
{
  if (person->problem != NULL)
    return TRUE;
  for (guint i = 0; i < person->results->len; i++)
    {
      const DabiaoResultsItem *r = g_ptr_array_index (person->results, i);

      if (r->item != NULL ? g_strcmp0 (r->item->code, item_code) == 0 : g_strcmp0 (r->name, item_name) == 0)
        {
          if (r->applies || r->has_value || r->special != NULL)
            return TRUE;
        }
      else if (r->applies && r->item != NULL && r->item->formula != DABIAO_FORMULA_NONE && item_code != NULL)
        {
          const char * const *inputs = dabiao_formula_inputs (r->item->formula);

          if (g_strv_contains (inputs, item_code))
            return TRUE;
        }
    }
  return FALSE;
}

static int
compare_by_standard_order (gconstpointer a,
                           gconstpointer b)
{
  const DabiaoResultsItem *ia = *(const DabiaoResultsItem * const *) a;
  const DabiaoResultsItem *ib = *(const DabiaoResultsItem * const *) b;
  guint ka = ia->item != NULL ? ia->item->index : G_MAXUINT;
  guint kb = ib->item != NULL ? ib->item->index : G_MAXUINT;

  return ka < kb ? -1 : ka > kb;
}

static void
set_notes (DabiaoResultsPerson *person,
           const char          *notes)
{
  g_free (person->notes);
  person->notes = g_strdup (notes);
}

/* Each item's score, level and notes from @score into @person (adding
 * the derived items: 体重指数). */
static void
take_item_scores (DabiaoStandard          *standard,
                  const DabiaoGroup       *group,
                  const DabiaoPersonScore *score,
                  DabiaoResultsPerson     *person,
                  GString                 *notes)
{
  for (guint i = 0; i < score->n_items; i++)
    {
      const DabiaoItemScore *is = &score->items[i];
      DabiaoResultsItem *r = find_for (person, is->item);

      if (r == NULL)
        {
          /* A derived item (体重指数): its value comes from the engine. */
          r = dabiao_results_person_add_item (person, is->item->header,
                                              is->item->number[0] != '\0' ? is->item->number : NULL);
          r->item = is->item;
          r->derived = is->item->formula != DABIAO_FORMULA_NONE;
          if (is->has_value)
            {
              r->has_value = TRUE;
              r->value = is->value;
              r->display = dabiao_item_format_value (is->item, is->value);
            }
        }
      r->applies = TRUE;
      r->low_confidence = is->low_confidence;
      if (is->status == DABIAO_ITEM_SCORED)
        {
          r->has_score = TRUE;
          r->score = is->score;
          r->bonus = is->bonus;
          r->level = is->label != NULL ? is->label : dabiao_standard_item_level (standard, group, is->score);
          if (is->low_confidence)
            {
              g_autofree char *note = g_strdup_printf (_("%s: scored with a table of low confidence (%s)"),
                                                       is->item->score_header,
                                                       dabiao_confidence_label (is->confidence));
              dabiao_notes_add (notes, note);
            }
        }
      else if (r->special != NULL)
        {
          /* 免测, 缺测, 犯规 …: said as such, not as "missing". */
          g_autofree char *note = r->reason != NULL && r->reason[0] != '\0'
                                  ? g_strdup_printf ("%s：%s（%s）", r->name, r->special, r->reason)
                                  : g_strdup_printf ("%s：%s", r->name, r->special);
          dabiao_notes_add (notes, note);
        }
      else
        dabiao_notes_add (notes, is->problem);
    }
}

/* Exempt from everything measured that applies: nothing to upload. */
static void
mark_exempt (DabiaoResultsPerson *person)
{
  guint n_applying = 0, n_exempt = 0;

  for (guint i = 0; i < person->results->len; i++)
    {
      DabiaoResultsItem *r = g_ptr_array_index (person->results, i);

      if (!r->applies || r->derived)
        continue;
      n_applying++;
      if (!r->has_value && r->special != NULL && g_str_equal (r->special, dabiao_special_to_string (DABIAO_SPECIAL_EXEMPT)))
        {
          n_exempt++;
          if (person->exempt_reason == NULL)
            person->exempt_reason = g_strdup (r->reason != NULL && r->reason[0] != '\0' ? r->reason : r->special);
        }
    }
  person->exempt = n_applying > 0 && n_exempt == n_applying;
}

gboolean
dabiao_results_score_person (DabiaoResults          *self,
                             const DabiaoResultsWho *who,
                             DabiaoResultsPerson    *person)
{
  DabiaoStandard *standard = self->standard;
  guint n_std = dabiao_standard_get_n_items (standard);
  g_autofree char *code = g_strdup_printf ("%u", who->grade);
  g_autofree DabiaoValue *values = NULL;
  g_autoptr(DabiaoPersonScore) score = NULL;
  g_autoptr(GPtrArray) scored = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const DabiaoGroup *group;

  if (person->standard != standard)
    {
      g_clear_pointer (&person->standard, dabiao_standard_unref);
      person->standard = dabiao_standard_ref (standard);
    }
  person->has_total = FALSE;
  person->has_standard_score = FALSE;
  person->level = NULL;
  person->exempt = FALSE;

  group = dabiao_standard_find_participant_group_text (standard, who->id, code, who->birth_date,
                                                       self->test_date, &error);
  g_clear_pointer (&person->problem, g_free);
  /* A group of a part the event does not test: no table applies. */
  if (group != NULL && !dabiao_group_check_parts (group, (const char * const *) self->parts, &error))
    group = NULL;
  if (group == NULL)
    {
      set_notes (person, error->message);
      person->problem = g_strdup (error->message);
      return FALSE;
    }
  if (dabiao_results_is_by_age (self))
    {
      g_free (person->group);
      person->group = g_strdup (group->label);
      person->group_order = MAX (group->age_min, 0) + 1;
    }

  /* What applies: the items scored for the group and sex, and those
   * measured for everyone (身高, 体重).  The others are dropped unless they
   * hold something (the event lists every item for everyone). */
  scored = dabiao_standard_list_items_for (standard, group, who->sex);
  for (guint i = 0; i < person->results->len; )
    {
      DabiaoResultsItem *r = g_ptr_array_index (person->results, i);

      r->applies = r->item != NULL
                   && (r->item->better == DABIAO_BETTER_NONE
                       || g_ptr_array_find (scored, r->item, NULL));
      if (!r->applies && !r->has_value && r->special == NULL)
        g_ptr_array_remove_index (person->results, i);
      else
        i++;
    }

  values = g_new0 (DabiaoValue, MAX (n_std, 1));
  for (guint i = 0; i < person->results->len; i++)
    {
      DabiaoResultsItem *r = g_ptr_array_index (person->results, i);

      if (r->item != NULL && r->has_value)
        {
          values[r->item->index].present = TRUE;
          values[r->item->index].value = r->value;
        }
    }
  score = dabiao_standard_score_values (standard, group, who->sex, values);

  take_item_scores (standard, group, score, person, notes);
  mark_exempt (person);

  if (score->complete)
    {
      person->has_total = TRUE;
      person->total_tenths = score->total_tenths;
      person->has_standard_score = dabiao_results_is_weighted (self);
      person->standard_tenths = score->standard_tenths;
      person->bonus = score->bonus;
      person->level = score->level;
    }

  g_ptr_array_sort (person->results, compare_by_standard_order);
  set_notes (person, notes->str);
  return TRUE;
}

/* ---- From an event -------------------------------------------------------- */

DabiaoResults *
dabiao_results_new_for_event (DabiaoEvent  *event,
                              GError      **error)
{
  g_autoptr(DabiaoStandard) standard = dabiao_standard_load (dabiao_event_get_standard (event), error);
  g_autoptr(DabiaoEventDetails) details = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) parts = NULL;
  DabiaoResults *self;

  if (standard == NULL)
    return NULL;
  details = dabiao_event_get_details (event, error);
  if (details == NULL)
    return NULL;
  parts = dabiao_event_get_parts (event, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  self = dabiao_results_new (standard, dabiao_event_get_date (event));
  self->details = g_steal_pointer (&details);
  self->parts = g_steal_pointer (&parts);
  return self;
}

static void
split_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  if (text == NULL || sscanf (text, "%d-%d-%d", year, month, day) != 3)
    *year = *month = *day = 0;
}

DabiaoResultsPerson *
dabiao_results_person_from_event (DabiaoResults              *self,
                                  DabiaoEvent                *event,
                                  DabiaoParticipant          *p,
                                  GPtrArray                  *attempts,
                                  const DabiaoResultsOptions *options)
{
  DabiaoResultsPerson *person = dabiao_results_person_new ();
  GPtrArray *items = dabiao_event_get_items (event);
  const char *organization = dabiao_participant_get_organization (p);
  const char *school_code = options != NULL ? options->school_code : NULL;
  const char *school_name = options != NULL ? options->school_name : NULL;
  DabiaoResultsWho who = {
    .id = dabiao_participant_get_id (p),
    .grade = dabiao_participant_get_grade (p),
    .sex = dabiao_participant_get_sex (p) == 2 ? DABIAO_SEX_FEMALE : DABIAO_SEX_MALE,
    .birth_date = dabiao_participant_get_birth_date (p),
  };

  person->id = g_strdup (dabiao_participant_get_id (p));
  person->student_no = g_strdup (dabiao_participant_get_id (p));
  person->id_number = g_strdup (dabiao_participant_get_id_card (p));
  person->name = g_strdup (dabiao_participant_get_name (p));
  person->sex = who.sex;
  person->grade = who.grade;
  person->class_code = g_strdup (dabiao_participant_get_class_code (p));
  person->class_name = g_strdup (dabiao_participant_get_class_name (p));
  /* An event written before walk-ins stored the code (0221) holds 汉 for
   * some: read as its code, as an import would have stored it. */
  {
    const char *stored = dabiao_participant_get_ethnicity (p);
    const char *code = dabiao_nation_code (stored);

    person->ethnic_code = g_strdup (code != NULL ? code : stored);
  }
  person->ethnic_name = g_strdup (dabiao_nation_full_name (person->ethnic_code));
  person->address = g_strdup (dabiao_participant_get_address (p));
  /* The school's name from the event's school list (学校代码 → 学校名称). */
  person->school_code = g_strdup (school_code != NULL ? school_code : organization);
  if (school_name != NULL)
    person->school_name = g_strdup (school_name);
  else if (organization[0] != '\0')
    person->school_name = g_strdup (self->details != NULL ? dabiao_event_details_school_name (self->details, organization)
                                                          : organization);
  else if (who.grade > 0)
    person->school_name = g_strdup (self->details != NULL ? self->details->organizer : dabiao_event_get_organizer (event));
  else
    /* A walk-in without a 单位: the 主办单位 is not where the person comes
     * from (it printed as every adult's 学校/单位, trial of issue 15). */
    person->school_name = g_strdup ("");
  split_date (dabiao_participant_get_birth_date (p), &person->birth_year, &person->birth_month,
              &person->birth_day);

  for (guint i = 0; i < items->len && i < attempts->len; i++)
    {
      const DabiaoEventItem *event_item = g_ptr_array_index (items, i);
      const DabiaoBestAttempt *best = g_ptr_array_index (attempts, i);
      const DabiaoItem *item = dabiao_standard_lookup_item (self->standard, event_item->code);
      DabiaoResultsItem *r = dabiao_results_person_add_item (person, item != NULL ? item->header : event_item->name,
                                                             event_item->number[0] != '\0' ? event_item->number : NULL);

      r->item = item;
      if (best->has_value)
        {
          /* The one rounding: half up to the item's precision, here. */
          r->has_value = TRUE;
          r->value = dabiao_value_round (llround (best->value * DABIAO_VALUE_SCALE),
                                         item != NULL ? item->decimals : event_item->decimals);
          r->display = item != NULL ? dabiao_item_format_value (item, r->value)
                                    : dabiao_event_item_format_value (event_item, best->value);
        }
      else if (best->special != DABIAO_SPECIAL_NONE)
        {
          r->special = g_strdup (dabiao_special_to_string (best->special));
          r->reason = best->reason != NULL && best->reason[0] != '\0' ? g_strdup (best->reason) : NULL;
        }
    }

  if (!dabiao_results_score_person (self, &who, person))
    g_ptr_array_sort (person->results, compare_by_standard_order);
  return person;
}

typedef struct
{
  DabiaoResults              *results;
  DabiaoEvent                *event;
  const DabiaoResultsOptions *options;
  GPtrArray                  *persons;
  guint                       total;    /* participants, for progress */
} LoadContext;

static gboolean
load_one_cb (DabiaoParticipant  *participant,
             GPtrArray          *attempts,
             gpointer            user_data,
             GError            **error)
{
  LoadContext *ctx = user_data;

  if (ctx->options != NULL && ctx->persons->len % 256 == 0 && ctx->persons->len > 0)
    {
      if (g_cancellable_set_error_if_cancelled (ctx->options->cancellable, error))
        return FALSE;
      if (ctx->options->progress != NULL)
        ctx->options->progress (ctx->persons->len, ctx->total, ctx->options->progress_data);
    }
  g_ptr_array_add (ctx->persons, dabiao_results_person_from_event (ctx->results, ctx->event, participant,
                                                                   attempts, ctx->options));
  return TRUE;
}

GPtrArray *
dabiao_results_load_event (DabiaoEvent                *event,
                           const DabiaoResultsOptions *options,
                           GError                    **error)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
  g_autoptr(DabiaoResults) results = dabiao_results_new_for_event (event, error);
  LoadContext ctx = { results, event, options, persons, 0 };

  if (results == NULL)
    return NULL;
  if (options != NULL && options->progress != NULL)
    ctx.total = MAX (dabiao_event_count_participants (event, NULL, NULL), 0);
  if (!dabiao_event_foreach_result (event, load_one_cb, &ctx, error)
      || g_cancellable_set_error_if_cancelled (options != NULL ? options->cancellable : NULL, error))
    return NULL;
  return g_steal_pointer (&persons);
}

DabiaoResultsPerson *
dabiao_results_load_person (DabiaoEvent                *event,
                            const char                 *id,
                            const DabiaoResultsOptions *options,
                            GError                    **error)
{
  g_autoptr(DabiaoResults) results = dabiao_results_new_for_event (event, error);
  g_autoptr(DabiaoParticipant) participant = NULL;
  g_autoptr(GPtrArray) attempts = NULL;

  if (results == NULL)
    return NULL;
  participant = dabiao_event_get_participant (event, id, error);
  if (participant == NULL)
    return NULL;
  attempts = dabiao_event_get_results (event, id, error);
  if (attempts == NULL)
    return NULL;
  return dabiao_results_person_from_event (results, event, participant, attempts, options);
}

typedef struct
{
  char *school_code;
  char *school_name;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *ld = data;

  g_free (ld->school_code);
  g_free (ld->school_name);
  g_free (ld);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *ld = task_data;
  DabiaoResultsOptions options = { ld->school_code, ld->school_name };
  GError *error = NULL;
  GPtrArray *persons = dabiao_results_load_event (DABIAO_EVENT (source_object), &options, &error);

  if (persons != NULL)
    g_task_return_pointer (task, persons, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
dabiao_results_load_event_async (DabiaoEvent                *event,
                                 const DabiaoResultsOptions *options,
                                 GCancellable               *cancellable,
                                 GAsyncReadyCallback         callback,
                                 gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (event, cancellable, callback, user_data);
  LoadData *ld = g_new0 (LoadData, 1);

  if (options != NULL)
    {
      ld->school_code = g_strdup (options->school_code);
      ld->school_name = g_strdup (options->school_name);
    }
  g_task_set_source_tag (task, dabiao_results_load_event_async);
  g_task_set_task_data (task, ld, load_data_free);
  dabiao_event_run_in_worker (event, task, load_thread);
}

GPtrArray *
dabiao_results_load_event_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result) && g_task_is_valid (result, g_task_get_source_object (G_TASK (result))), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
