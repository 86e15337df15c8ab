/* dabiao-event-items.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dabiao-standard.h"
#include "dabiao-value-reader.h"

G_BEGIN_DECLS

/* One test item of an event, as stored in the event file (so a file stays
 * readable whatever standards are installed): the item's code (as the
 * standard names it), national item number, Chinese name, unit, direction
 * (DABIAO_BETTER_NONE: the latest valid attempt counts, e.g. 身高),
 * decimals, how values are written, and the number of attempts the event
 * allows. */
typedef struct
{
  char              *code;
  char              *number;
  char              *name;
  char              *unit;
  DabiaoBetter       better;
  guint              decimals;
  DabiaoValueFormat  format;
  guint              attempts;
} DabiaoEventItem;

DabiaoEventItem *dabiao_event_item_new  (const char        *code,
                                         const char        *number,
                                         const char        *name,
                                         const char        *unit,
                                         DabiaoBetter       better,
                                         guint              decimals,
                                         DabiaoValueFormat  format,
                                         guint              attempts);
DabiaoEventItem *dabiao_event_item_copy (const DabiaoEventItem *item);
void             dabiao_event_item_free (DabiaoEventItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoEventItem, dabiao_event_item_free)

/* The measured items of a standard (not the derived ones such as BMI), in
 * the standard's order, with default numbers of attempts, as a new array
 * of DabiaoEventItem; NULL (error set) when the standard cannot be loaded. */
GPtrArray       *dabiao_event_items_for_standard (const char  *standard_id,
                                                  GError     **error);

/* The name of a standard for people, or NULL when it cannot be loaded. */
char            *dabiao_event_standard_name      (const char  *standard_id);

/* Reads a value a person typed for @item with the one value reader
 * (dabiao-value-reader.h): @value is in the item's unit (seconds for 分.秒
 * items).  A value outside the item's plausible range fails with
 * DABIAO_ERROR_IMPLAUSIBLE unless @force; what is no value fails with
 * DABIAO_ERROR_INVALID_INPUT and the reason. */
gboolean         dabiao_event_item_read_value    (const DabiaoEventItem  *item,
                                                  gboolean                force,
                                                  const char             *text,
                                                  double                 *value,
                                                  GError                **error);
/* The same with everything the reader says (the value understood, the
 * reason or the range), for a form that shows it while the person types.
 * Clear @out with dabiao_value_read_clear(). */
DabiaoValueVerdict dabiao_event_item_read        (const DabiaoEventItem  *item,
                                                  const char             *text,
                                                  DabiaoValueRead        *out);
/* Checks a value that came as a number (an instrument reading, in the
 * item's unit) against what @item's values may be: the same limits as a
 * typed value (the item catalogue's plausible range, no time ≤ 0, no
 * negative count).  @problem (may be NULL) gets the Chinese reason for
 * anything but DABIAO_VALUE_VALID; free it with g_free(). */
DabiaoValueVerdict dabiao_event_item_check_value (const DabiaoEventItem  *item,
                                                  double                  value,
                                                  char                  **problem);
/* A value as people write it (rounded to the item's decimals; 分.秒 items
 * as 3'45").  Free with g_free(). */
char            *dabiao_event_item_format_value  (const DabiaoEventItem  *item,
                                                  double                  value);
/* A value as measured and stored, for people: like
 * dabiao_event_item_format_value() but never rounded away (7.6 s of a
 * whole-second item stays 7.6; 分.秒 as 1'45.3").  Free with g_free(). */
char            *dabiao_event_item_format_measured (const DabiaoEventItem *item,
                                                    double                 value);

G_END_DECLS
