/* dabiao-value-reader.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dabiao-standard.h"

G_BEGIN_DECLS

/* The one reader of values people type or a file holds, for every item:
 * manual entry in the app, `dabiao-cli record`, `dabiao-cli score` and the
 * event's results all read a text through it, so "1.48" is the same value
 * everywhere.
 *
 * Written forms (full-width digits and marks, spaces anywhere):
 *   分.秒 items (50米×8往返跑, 800米跑 …)   1.48  1'48"  1′48″  1:48  1分48秒  1分48
 *                                          108"  108″  108秒  108s
 *   seconds items (50米跑 …)               7.8  7"8  7″8  7秒8  7.8秒  7.8s  1′05″3
 *   every other item                       the number, optionally followed by its
 *                                          unit or one that converts (172.5cm,
 *                                          1.725米, 3500毫升, 3.5L, 110斤, 12次)
 * A plain number of a 分.秒 item is 分.秒 (1.48 = 1′48″, 3.5 = 3′50″, 3 = 3′00″);
 * of a seconds item it is seconds.
 *
 * INVALID (no value): not a number or time; seconds over 59; a time of zero
 * or below; a negative count, length, mass or volume (negative only where
 * the item catalogue allows it, e.g. 坐位体前屈); a unit that is not the
 * item's.  IMPLAUSIBLE: a value outside the item's plausible range in the
 * item catalogue (data/instruments/items.csv); it is a value, but a person
 * must confirm it (the app: Enter again on the warning; the CLI: --force).
 * Messages are translated (Chinese in the zh_CN UI) and quote the text. */

typedef enum
{
  DABIAO_VALUE_VALID,
  DABIAO_VALUE_IMPLAUSIBLE,
  DABIAO_VALUE_INVALID,
} DabiaoValueVerdict;

typedef struct
{
  DabiaoValueVerdict  verdict;
  gint64              value;       /* item units × DABIAO_VALUE_SCALE; 0 when INVALID */
  char               *understood;  /* "1′48″ = 108 秒", "7.8 秒", "172.5 厘米"; NULL when INVALID */
  char               *problem;     /* the reason (INVALID) or the range (IMPLAUSIBLE); NULL when VALID */
} DabiaoValueRead;

/* What an item's values may be: resolved once per item (the batch scorer
 * keeps one per item), then dabiao_value_limits_check() is two compares. */
typedef struct
{
  gboolean  has_range;      /* the catalogue knows the item (in the item's unit) */
  gint64    min, max;       /* plausible range, inclusive */
  gboolean  is_time;        /* seconds (unit s or 分.秒): above zero */
  gboolean  negative_ok;    /* 坐位体前屈: the catalogue's range goes below zero */
} DabiaoValueLimits;

void               dabiao_value_limits_init  (DabiaoValueLimits  *limits,
                                              const DabiaoItem   *item);
/* INVALID for impossible values (time ≤ 0, negative count …), IMPLAUSIBLE
 * outside the range; @problem (may be NULL) gets the message for @text. */
DabiaoValueVerdict dabiao_value_limits_check (const DabiaoValueLimits *limits,
                                              const DabiaoItem        *item,
                                              const char              *text,
                                              gint64                   value,
                                              char                   **problem);

/* Reads @text for @item into @out (cleared first; free its strings with
 * dabiao_value_read_clear()).  Returns out->verdict. */
DabiaoValueVerdict dabiao_value_read         (const DabiaoItem   *item,
                                              const char         *text,
                                              DabiaoValueRead    *out);
void               dabiao_value_read_clear   (DabiaoValueRead    *read);

/* The GError form: TRUE with @value for a VALID value, and for an
 * IMPLAUSIBLE one when @force; else DABIAO_ERROR_INVALID_INPUT (the reason)
 * or DABIAO_ERROR_IMPLAUSIBLE (the range). */
gboolean           dabiao_value_read_checked (const DabiaoItem   *item,
                                              const char         *text,
                                              gboolean            force,
                                              gint64             *value,
                                              GError            **error);

/* A time for people: 108 s → "1′48″", 65.3 → "1′05.3″". */
char              *dabiao_value_format_time  (gint64              seconds);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DabiaoValueRead, dabiao_value_read_clear)

G_END_DECLS
