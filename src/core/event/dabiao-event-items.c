/* dabiao-event-items.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-event-items.h"
#include "dabiao-reading.h"

DabiaoEventItem *
dabiao_event_item_new (const char        *code,
                       const char        *number,
                       const char        *name,
                       const char        *unit,
                       DabiaoBetter       better,
                       guint              decimals,
                       DabiaoValueFormat  format,
                       guint              attempts)
{
  DabiaoEventItem *item = g_new0 (DabiaoEventItem, 1);

  item->code = g_strdup (code);
  item->number = g_strdup (number != NULL ? number : "");
  item->name = g_strdup (name != NULL ? name : code);
  item->unit = g_strdup (unit != NULL ? unit : "");
  item->better = better;
  item->decimals = decimals;
  item->format = format;
  item->attempts = MAX (attempts, 1);

  return item;
}

DabiaoEventItem *
dabiao_event_item_copy (const DabiaoEventItem *item)
{
  return dabiao_event_item_new (item->code, item->number, item->name, item->unit,
                                item->better, item->decimals, item->format, item->attempts);
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

/* How many attempts an event allows by default: the item catalogue's
 * (data/instruments/items.csv: the items the test manuals give several
 * tries, the best counting); one for an item it does not know.  An
 * organiser changes it per event (dabiao_event_set_item_attempts()). */
static guint
default_attempts (const char *code)
{
  const DabiaoItemInfo *info = dabiao_item_lookup (code);

  return info != NULL ? info->attempts : 1;
}

char *
dabiao_event_standard_name (const char *standard_id)
{
  g_autoptr(DabiaoStandard) standard = dabiao_standard_load (standard_id, NULL);

  return standard != NULL ? g_strdup (dabiao_standard_get_name (standard)) : NULL;
}

GPtrArray *
dabiao_event_items_for_standard (const char  *standard_id,
                                 GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);
  g_autoptr(DabiaoStandard) standard = NULL;

  if (standard_id == NULL || *standard_id == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, _("No standard given"));
      return NULL;
    }
  standard = dabiao_standard_load (standard_id, error);
  if (standard == NULL)
    return NULL;

  for (guint i = 0; i < dabiao_standard_get_n_items (standard); i++)
    {
      const DabiaoItem *item = dabiao_standard_get_item (standard, i);

      /* Derived items (BMI, 身高标准体重) are computed, never measured. */
      if (item->formula != DABIAO_FORMULA_NONE)
        continue;
      g_ptr_array_add (items,
                       dabiao_event_item_new (item->code, item->number, item->name, item->unit,
                                              item->better == DABIAO_BETTER_BAND ? DABIAO_BETTER_NONE : item->better,
                                              item->decimals, item->format, default_attempts (item->code)));
    }

  return g_steal_pointer (&items);
}

static void
as_standard_item (const DabiaoEventItem *item,
                  DabiaoItem            *out)
{
  *out = (DabiaoItem) {
    .code = item->code, .number = item->number, .name = item->name, .header = item->name,
    .score_header = "", .unit = item->unit, .better = item->better, .decimals = item->decimals,
    .format = item->format, .formula = DABIAO_FORMULA_NONE,
  };
}

gboolean
dabiao_event_item_read_value (const DabiaoEventItem  *item,
                              gboolean                force,
                              const char             *text,
                              double                 *value,
                              GError                **error)
{
  DabiaoItem standard_item;
  gint64 fixed = 0;

  as_standard_item (item, &standard_item);
  if (!dabiao_value_read_checked (&standard_item, text, force, &fixed, error))
    return FALSE;
  *value = (double) fixed / DABIAO_VALUE_SCALE;
  return TRUE;
}

DabiaoValueVerdict
dabiao_event_item_read (const DabiaoEventItem *item,
                        const char            *text,
                        DabiaoValueRead       *out)
{
  DabiaoItem standard_item;

  as_standard_item (item, &standard_item);
  return dabiao_value_read (&standard_item, text, out);
}

char *
dabiao_event_item_format_value (const DabiaoEventItem *item,
                                double                 value)
{
  DabiaoItem standard_item;

  as_standard_item (item, &standard_item);
  return dabiao_item_format_value (&standard_item, (gint64) llround (value * DABIAO_VALUE_SCALE));
}

/* The item's decimals, and more if @fixed has them (up to the scale's). */
static guint
measured_decimals (const DabiaoEventItem *item,
                   gint64                 fixed)
{
  guint decimals = item->decimals;
  gint64 step = 1;

  for (guint d = decimals; d < 3; d++)
    step *= 10;
  while (decimals < 3 && fixed % step != 0)
    {
      decimals++;
      step /= 10;
    }
  return decimals;
}

char *
dabiao_event_item_format_measured (const DabiaoEventItem *item,
                                   double                 value)
{
  DabiaoItem standard_item;
  gint64 fixed = (gint64) llround (value * DABIAO_VALUE_SCALE);

  as_standard_item (item, &standard_item);
  standard_item.decimals = measured_decimals (item, fixed);
  return dabiao_item_format_value (&standard_item, fixed);
}

DabiaoValueVerdict
dabiao_event_item_check_value (const DabiaoEventItem  *item,
                               double                  value,
                               char                  **problem)
{
  DabiaoItem standard_item;
  DabiaoValueLimits limits;
  gint64 fixed = (gint64) llround (value * DABIAO_VALUE_SCALE);
  /* The reason names the value as it is shown (7.6, not 8). */
  g_autofree char *text = dabiao_event_item_format_measured (item, value);

  as_standard_item (item, &standard_item);
  dabiao_value_limits_init (&limits, &standard_item);
  return dabiao_value_limits_check (&limits, &standard_item, text, fixed, problem);
}
