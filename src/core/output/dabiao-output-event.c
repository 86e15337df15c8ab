/* dabiao-output-event.c
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

#include "dabiao-error.h"
#include "dabiao-event-details.h"
#include "dabiao-output-event.h"
#include "dabiao-output-score.h"

/* GB/T 3304 names (data). */
static const char * const ethnic_names[] = {
  "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
  "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
  "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
  "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
  "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
  "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
};

const char *
dabiao_output_ethnic_name (const char *code)
{
  int n;

  if (code == NULL || !g_ascii_isdigit (code[0]) || !g_ascii_isdigit (code[1]) || code[2] != '\0')
    return NULL;
  n = atoi (code);
  if (n >= 1 && n <= (int) G_N_ELEMENTS (ethnic_names))
    return ethnic_names[n - 1];
  if (n == 97)
    return "其他";
  if (n == 98)
    return "外国血统中国籍人士";
  return NULL;
}

static char *
format_min_sec (double seconds)
{
  int whole = (int) round (seconds);

  return g_strdup_printf ("%d'%02d\"", whole / 60, whole % 60);
}

typedef struct
{
  DabiaoEvent                   *event;
  DabiaoOutputScorer            *scorer;
  GPtrArray                     *items;        /* DabiaoEventItem, the event's */
  GPtrArray                     *persons;
  char                          *school_code;
  char                          *school_name;
  DabiaoEventDetails            *details;
  GDate                          event_date;
} LoadContext;

static void
split_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  *year = *month = *day = 0;
  if (text == NULL || sscanf (text, "%d-%d-%d", year, month, day) != 3)
    *year = *month = *day = 0;
}

static gboolean
load_one (DabiaoParticipant  *p,
          GPtrArray          *results,
          gpointer            user_data,
          GError            **error)
{
  LoadContext *ctx = user_data;
  DabiaoOutputPerson *person = dabiao_output_person_new ();
  const char *organization = dabiao_participant_get_organization (p);
  guint i;

  person->uuid = g_strdup (dabiao_participant_get_id (p));
  person->student_no = g_strdup (dabiao_participant_get_id (p));
  person->id_number = g_strdup (dabiao_participant_get_id_card (p));
  person->name = g_strdup (dabiao_participant_get_name (p));
  person->sex = dabiao_participant_get_sex (p);
  person->grade = dabiao_participant_get_grade (p);
  person->class_code = g_strdup (dabiao_participant_get_class_code (p));
  person->class_name = g_strdup (dabiao_participant_get_class_name (p));
  person->ethnic_code = g_strdup (dabiao_participant_get_ethnicity (p));
  person->ethnic_name = g_strdup (dabiao_output_ethnic_name (person->ethnic_code));
  person->address = g_strdup (dabiao_participant_get_address (p));
  person->school_code = g_strdup (ctx->school_code != NULL ? ctx->school_code
                                  : organization != NULL ? organization : "");
  person->school_name = g_strdup (ctx->school_name != NULL ? ctx->school_name
                                  : organization != NULL && organization[0] != '\0'
                                  ? dabiao_event_details_school_name (ctx->details, organization)
                                  : ctx->details->organizer);
  split_date (dabiao_participant_get_birth_date (p), &person->birth_year, &person->birth_month,
              &person->birth_day);

  for (i = 0; i < ctx->items->len && i < results->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (ctx->items, i);
      const DabiaoItemResult *ir = g_ptr_array_index (results, i);
      DabiaoOutputResult *r = dabiao_output_person_add_result (person, item->name,
                                                               item->number[0] != '\0' ? item->number : NULL);

      r->has_value = ir->has_value;
      r->value = ir->value;
      if (ir->has_value && g_str_equal (item->unit, "s") && !g_str_equal (item->code, "run_50m")
          && r->value >= 60)
        r->display = format_min_sec (r->value);
      if (ir->special != DABIAO_SPECIAL_NONE)
        r->special = g_strdup (dabiao_special_to_string (ir->special));
      if (ir->special == DABIAO_SPECIAL_EXEMPT && !person->exempt)
        {
          person->exempt = TRUE;
          person->exempt_reason = g_strdup (ir->reason != NULL && ir->reason[0] != '\0'
                                            ? ir->reason : dabiao_special_to_string (ir->special));
        }
    }

  dabiao_output_scorer_score (ctx->scorer, person, &ctx->event_date);

  g_ptr_array_add (ctx->persons, person);
  return TRUE;
}

GPtrArray *
dabiao_output_load_event (DabiaoEvent                   *event,
                          const DabiaoOutputLoadOptions *options,
                          GError                       **error)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_output_person_free);
  g_autoptr(DabiaoOutputScorer) scorer = NULL;
  g_autoptr(DabiaoEventDetails) details = NULL;
  LoadContext ctx = { 0 };
  int y, m, d;

  scorer = dabiao_output_scorer_new (dabiao_event_get_standard (event), error);
  if (scorer == NULL)
    return NULL;

  details = dabiao_event_get_details (event, error);
  if (details == NULL)
    return NULL;
  ctx.event = event;
  ctx.details = details;
  ctx.scorer = scorer;
  ctx.items = dabiao_event_get_items (event);
  ctx.persons = persons;
  ctx.school_code = options != NULL ? g_strdup (options->school_code) : NULL;
  ctx.school_name = options != NULL ? g_strdup (options->school_name) : NULL;
  g_date_clear (&ctx.event_date, 1);
  split_date (dabiao_event_get_date (event), &y, &m, &d);
  if (y > 0 && g_date_valid_dmy (d, m, y))
    g_date_set_dmy (&ctx.event_date, d, m, y);

  if (!dabiao_event_foreach_result (event, load_one, &ctx, error))
    {
      g_free (ctx.school_code);
      g_free (ctx.school_name);
      return NULL;
    }
  g_free (ctx.school_code);
  g_free (ctx.school_name);
  return g_steal_pointer (&persons);
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
  DabiaoOutputLoadOptions options = { ld->school_code, ld->school_name };
  GError *error = NULL;
  GPtrArray *persons = dabiao_output_load_event (DABIAO_EVENT (source_object), &options, &error);

  if (persons != NULL)
    g_task_return_pointer (task, persons, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
dabiao_output_load_event_async (DabiaoEvent                   *event,
                                const DabiaoOutputLoadOptions *options,
                                GCancellable                  *cancellable,
                                GAsyncReadyCallback            callback,
                                gpointer                       user_data)
{
  g_autoptr(GTask) task = g_task_new (event, cancellable, callback, user_data);
  LoadData *ld = g_new0 (LoadData, 1);

  if (options != NULL)
    {
      ld->school_code = g_strdup (options->school_code);
      ld->school_name = g_strdup (options->school_name);
    }
  g_task_set_source_tag (task, dabiao_output_load_event_async);
  g_task_set_task_data (task, ld, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

GPtrArray *
dabiao_output_load_event_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
