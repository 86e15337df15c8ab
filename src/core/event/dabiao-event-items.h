/* dabiao-event-items.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which way a result of an item is better.  NONE: a plain measurement such
 * as 身高 or 体重, where the latest valid attempt counts. */
typedef enum
{
  DABIAO_BETTER_NONE,
  DABIAO_BETTER_HIGHER,
  DABIAO_BETTER_LOWER,
} DabiaoBetter;

/* One test item of an event: its code (as the standard names it), national
 * item number, Chinese name, unit, direction and the number of attempts the
 * event allows. */
typedef struct
{
  char         *code;
  char         *number;
  char         *name;
  char         *unit;
  DabiaoBetter  better;
  guint         attempts;
} DabiaoEventItem;

DabiaoEventItem *dabiao_event_item_new  (const char      *code,
                                         const char      *number,
                                         const char      *name,
                                         const char      *unit,
                                         DabiaoBetter     better,
                                         guint            attempts);
DabiaoEventItem *dabiao_event_item_copy (const DabiaoEventItem *item);
void             dabiao_event_item_free (DabiaoEventItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoEventItem, dabiao_event_item_free)

/* The items a standard defines, in the standard's order, as a new array of
 * DabiaoEventItem, or NULL (error set) for an unknown standard.  Every
 * lookup of the standards' item definitions by the event code goes through
 * this one function. */
GPtrArray       *dabiao_event_items_for_standard (const char  *standard_id,
                                                  GError     **error);

/* The name of a standard for people, or NULL when unknown. */
char            *dabiao_event_standard_name      (const char  *standard_id);

G_END_DECLS

G_BEGIN_DECLS

/* Parse a value a person typed for @item: a decimal number in the item's
 * unit.  For the endurance runs written as 分.秒 (800米, 1000米, 50米×8往返跑)
 * "3.45", "3'45\"", "3′45″" and "3’45”" all mean 3 min 45 s and give 225 (s);
 * seconds above 59 are refused.  The message names the item and what was
 * expected. */
gboolean dabiao_event_item_parse_value (const DabiaoEventItem  *item,
                                        const char             *text,
                                        double                 *value,
                                        GError                **error);

G_END_DECLS
