/* dabiao-event-items.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-event-items.h"

DabiaoEventItem *
dabiao_event_item_new (const char   *code,
                       const char   *number,
                       const char   *name,
                       const char   *unit,
                       DabiaoBetter  better,
                       guint         attempts)
{
  DabiaoEventItem *item = g_new0 (DabiaoEventItem, 1);

  item->code = g_strdup (code);
  item->number = g_strdup (number != NULL ? number : "");
  item->name = g_strdup (name != NULL ? name : code);
  item->unit = g_strdup (unit != NULL ? unit : "");
  item->better = better;
  item->attempts = MAX (attempts, 1);

  return item;
}

DabiaoEventItem *
dabiao_event_item_copy (const DabiaoEventItem *item)
{
  return dabiao_event_item_new (item->code, item->number, item->name,
                                item->unit, item->better, item->attempts);
}

void
dabiao_event_item_free (DabiaoEventItem *item)
{
  if (item == NULL)
    return;

  g_free (item->code);
  g_free (item->number);
  g_free (item->name);
  g_free (item->unit);
  g_free (item);
}

/* Item definitions of the shipped standards, copied from the standards'
 * item tables (code, national item number, name, unit, direction).  This
 * table stands in for the standards engine's item lookup until that API
 * exists; dabiao_event_items_for_standard() is the only user. */
typedef struct
{
  const char   *standard;
  const char   *code;
  const char   *number;
  const char   *name;
  const char   *unit;
  DabiaoBetter  better;
  guint         attempts;
} ItemDef;

static const ItemDef item_defs[] = {
  { "student-2014", "height",             "01", "身高",           "cm",    DABIAO_BETTER_NONE,   1 },
  { "student-2014", "weight",             "02", "体重",           "kg",    DABIAO_BETTER_NONE,   1 },
  { "student-2014", "vital_capacity",     "04", "肺活量",         "ml",    DABIAO_BETTER_HIGHER, 3 },
  { "student-2014", "run_50m",            "05", "50米跑",         "s",     DABIAO_BETTER_LOWER,  1 },
  { "student-2014", "standing_long_jump", "06", "立定跳远",       "cm",    DABIAO_BETTER_HIGHER, 3 },
  { "student-2014", "sit_and_reach",      "07", "坐位体前屈",     "cm",    DABIAO_BETTER_HIGHER, 2 },
  { "student-2014", "shuttle_50mx8",      "09", "50米×8往返跑",   "s",     DABIAO_BETTER_LOWER,  1 },
  { "student-2014", "run_800m",           "10", "800米跑",        "s",     DABIAO_BETTER_LOWER,  1 },
  { "student-2014", "run_1000m",          "11", "1000米跑",       "s",     DABIAO_BETTER_LOWER,  1 },
  { "student-2014", "sit_up_1min",        "12", "一分钟仰卧起坐", "count", DABIAO_BETTER_HIGHER, 1 },
  { "student-2014", "pull_up",            "14", "引体向上",       "count", DABIAO_BETTER_HIGHER, 1 },
  { "student-2014", "rope_1min",          "18", "一分钟跳绳",     "count", DABIAO_BETTER_HIGHER, 1 },

  { "natfit-2003", "height",                       "01", "身高",         "cm",    DABIAO_BETTER_NONE,   1 },
  { "natfit-2003", "weight",                       "02", "体重",         "kg",    DABIAO_BETTER_NONE,   1 },
  { "natfit-2003", "step_index",                   "03", "台阶试验",     "",      DABIAO_BETTER_HIGHER, 1 },
  { "natfit-2003", "vital_capacity",               "04", "肺活量",       "ml",    DABIAO_BETTER_HIGHER, 3 },
  { "natfit-2003", "sit_and_reach",                "07", "坐位体前屈",   "cm",    DABIAO_BETTER_HIGHER, 2 },
  { "natfit-2003", "grip_strength",                "08", "握力",         "kg",    DABIAO_BETTER_HIGHER, 2 },
  { "natfit-2003", "sit_up_1min",                  "12", "一分钟仰卧起坐", "count", DABIAO_BETTER_HIGHER, 1 },
  { "natfit-2003", "push_up",                      "70", "俯卧撑",       "count", DABIAO_BETTER_HIGHER, 1 },
  { "natfit-2003", "choice_reaction_time",         "80", "选择反应时",   "s",     DABIAO_BETTER_LOWER,  2 },
  { "natfit-2003", "vertical_jump",                "81", "纵跳",         "cm",    DABIAO_BETTER_HIGHER, 3 },
  { "natfit-2003", "single_leg_stand_eyes_closed", "82", "闭眼单脚站立", "s",     DABIAO_BETTER_HIGHER, 2 },
  { "natfit-2003", "run_10m",                      "",   "10米折返跑",   "s",     DABIAO_BETTER_LOWER,  2 },
  { "natfit-2003", "standing_jump",                "",   "立定跳远",     "cm",    DABIAO_BETTER_HIGHER, 2 },
  { "natfit-2003", "tennis_throw",                 "",   "网球掷远",     "m",     DABIAO_BETTER_HIGHER, 2 },
  { "natfit-2003", "continuous_jump",              "",   "双脚连续跳",   "s",     DABIAO_BETTER_LOWER,  2 },
  { "natfit-2003", "balance_beam",                 "",   "走平衡木",     "s",     DABIAO_BETTER_LOWER,  2 },
};

static const struct
{
  const char *id;
  const char *name;
} standard_names[] = {
  { "student-2014", "国家学生体质健康标准（2014年修订）" },
  { "natfit-2003",  "国民体质测定标准（2003）" },
};

char *
dabiao_event_standard_name (const char *standard_id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (standard_names); i++)
    if (g_strcmp0 (standard_names[i].id, standard_id) == 0)
      return g_strdup (standard_names[i].name);

  return NULL;
}

GPtrArray *
dabiao_event_items_for_standard (const char  *standard_id,
                                 GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);

  for (gsize i = 0; i < G_N_ELEMENTS (item_defs); i++)
    {
      const ItemDef *def = &item_defs[i];

      if (g_strcmp0 (def->standard, standard_id) == 0)
        g_ptr_array_add (items, dabiao_event_item_new (def->code, def->number, def->name,
                                                       def->unit, def->better, def->attempts));
    }

  if (items->len == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Unknown standard “%s” (known: student-2014, natfit-2003)"),
                   standard_id != NULL ? standard_id : "");
      return NULL;
    }

  return g_steal_pointer (&items);
}

static gboolean
is_minutes_seconds_item (const DabiaoEventItem *item)
{
  return g_str_equal (item->code, "run_800m")
         || g_str_equal (item->code, "run_1000m")
         || g_str_equal (item->code, "shuttle_50mx8");
}

static gboolean
parse_decimal (const char *text,
               double     *value)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

gboolean
dabiao_event_item_parse_value (const DabiaoEventItem  *item,
                               const char             *text,
                               double                 *value,
                               GError                **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (is_minutes_seconds_item (item))
    {
      static const char * const minute_marks[] = { "'", "′", "’", NULL };
      static const char * const second_marks[] = { "\"", "″", "”", "''", NULL };
      g_autofree char *minutes = NULL;
      g_autofree char *seconds = NULL;
      double m, s;

      for (guint i = 0; minute_marks[i] != NULL && minutes == NULL; i++)
        {
          const char *mark = strstr (clean, minute_marks[i]);

          if (mark != NULL)
            {
              minutes = g_strndup (clean, mark - clean);
              seconds = g_strdup (mark + strlen (minute_marks[i]));
            }
        }
      if (minutes != NULL)
        {
          for (guint i = 0; second_marks[i] != NULL; i++)
            if (g_str_has_suffix (seconds, second_marks[i]))
              seconds[strlen (seconds) - strlen (second_marks[i])] = '\0';
        }
      else
        {
          const char *dot = strchr (clean, '.');

          if (dot != NULL)
            {
              minutes = g_strndup (clean, dot - clean);
              seconds = g_strdup (dot + 1);
              /* 3.4 means 3 min 40 s in the 分.秒 notation. */
              if (strlen (seconds) == 1)
                {
                  char *padded = g_strconcat (seconds, "0", NULL);
                  g_free (seconds);
                  seconds = padded;
                }
            }
          else
            {
              minutes = g_strdup (clean);
              seconds = g_strdup ("0");
            }
        }

      if (!parse_decimal (minutes, &m) || !parse_decimal (seconds, &s) || m < 0 || s < 0
          || m != floor (m))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("%s: “%s” is not a time in minutes and seconds (expected e.g. 3.45 or 3'45\")"),
                       item->name, clean);
          return FALSE;
        }
      if (s >= 60)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("%s: “%s” has %g seconds; seconds must be 0–59"),
                       item->name, clean, s);
          return FALSE;
        }
      *value = m * 60 + s;
      return TRUE;
    }

  if (!parse_decimal (clean, value))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s: “%s” is not a number (expected a value in %s)"),
                   item->name, clean, item->unit);
      return FALSE;
    }

  return TRUE;
}
