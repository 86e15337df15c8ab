/* dabiao-reading.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dabiao-id-card.h"

G_BEGIN_DECLS

/* What is odd about a reading.  A reading with warnings is still offered to
 * the operator (never silently accepted, never silently dropped): the
 * station shows DabiaoReading.warning_text beside the value. */
typedef enum
{
  DABIAO_READING_WARNING_NONE         = 0,
  DABIAO_READING_WARNING_OUT_OF_RANGE = 1 << 0, /* outside the item's plausible range */
  DABIAO_READING_WARNING_CLOCK_UNSET  = 1 << 1, /* device clock before 2010 */
  DABIAO_READING_WARNING_SEQUENCE_GAP = 1 << 2, /* records before this one are missing */
  DABIAO_READING_WARNING_RESENT       = 1 << 3, /* re-sent by the device after a gap */
  DABIAO_READING_WARNING_UNIT         = 1 << 4, /* unit could not be converted to the item's */
  DABIAO_READING_WARNING_UNKNOWN_ITEM = 1 << 5, /* item code not known to Dabiao */
} DabiaoReadingWarnings;

/* One value from an instrument.  Reference counted, immutable once it has
 * been handed out (by DabiaoInstrument::reading or the decoder). */
typedef struct
{
  char                  *item;           /* item code ("height"), or NULL if the profile names none */
  double                 value;          /* in `unit` (the item's unit once normalised) */
  char                  *unit;           /* "cm", "kg", "ml", "s", "count", or "" */
  gboolean               stable;         /* only stable readings are offered as results */
  char                  *participant_id; /* id sent by the device, or NULL */
  gint64                 sequence;       /* device record number, or -1 */
  GDateTime             *device_time;    /* device clock (local time), or NULL */
  GBytes                *raw;            /* the frame's bytes exactly as received */
  DabiaoReadingWarnings  warnings;
  char                  *warning_text;   /* translated, "; "-separated, or NULL */
  gint64                 received_usec;  /* g_get_monotonic_time () when the frame was complete */
  int                    decimals;       /* decimals to show the value with */
  DabiaoIdCard          *card;           /* an identity card (id-card profile), else NULL */
} DabiaoReading;

#define DABIAO_TYPE_READING (dabiao_reading_get_type ())

GType          dabiao_reading_get_type (void) G_GNUC_CONST;
DabiaoReading *dabiao_reading_new      (void);
DabiaoReading *dabiao_reading_ref      (DabiaoReading *reading);
void           dabiao_reading_unref    (DabiaoReading *reading);
DabiaoReading *dabiao_reading_copy     (const DabiaoReading *reading);
void           dabiao_reading_add_warning (DabiaoReading         *reading,
                                           DabiaoReadingWarnings  warning,
                                           const char            *text);
/* "172.5 cm height" followed by participant, sequence, time and warnings:
 * the line `dabiao-cli listen` prints. */
char          *dabiao_reading_to_string (const DabiaoReading *reading);
/* The same for people (the technician's console in the app): the item's
 * national name and the unit's word, "152.0 厘米 身高 受测者=P0001". */
char          *dabiao_reading_describe  (const DabiaoReading *reading);
/* The value alone with its decimals and unit: "172.5 cm". */
char          *dabiao_reading_format_value (const DabiaoReading *reading);
/* The value with its decimals, without the unit: "172.5". */
char          *dabiao_reading_format_number (const DabiaoReading *reading);
/* A unit as people read it at a station, in Chinese ("cm" → "厘米"); a unit
 * not known is returned as given, NULL as "". */
const char    *dabiao_unit_label (const char *unit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoReading, dabiao_reading_unref)

/* Items of the national standards that instruments measure. */
typedef struct
{
  const char *code;      /* "height" */
  const char *name;      /* national name, data: "身高" */
  const char *unit;      /* "cm" */
  double      min;       /* plausible range: outside it a reading carries a warning */
  double      max;
  double      typical;   /* a typical value (the simulator's default) */
  int         decimals;
  guint       attempts;  /* attempts the test procedure gives by default */
  gboolean    foul_reruns; /* a 犯规 (false start) is run again: no attempt (column foul = rerun) */
} DabiaoItemInfo;

/* From the item catalogue data/instruments/items.csv (compiled in). */
const DabiaoItemInfo *dabiao_item_lookup (const char *code);
/* All @n_items items, in the catalogue's (the standards') order. */
const DabiaoItemInfo *dabiao_item_all    (gsize *n_items);
/* Whether a 犯规 at @code is a false start that is run again (the runs):
 * recorded, audited, but no attempt and no result (docs/decisions/0204). */
gboolean              dabiao_item_foul_reruns (const char *code);
/* Checks a catalogue in the format of items.csv: one message per problem
 * naming @name, the row (header = 1) and the column; empty when valid. */
GPtrArray            *dabiao_item_catalogue_check (const char *text,
                                                   gsize       len,
                                                   const char *name);

/* Convert @value in @from_unit to @to_unit (m→cm, g→kg, l→ml, ms/min→s …).
 * Units compare case-insensitively; "" and NULL mean "the same unit".
 * Returns FALSE if there is no conversion. */
gboolean dabiao_unit_convert (double      value,
                              const char *from_unit,
                              const char *to_unit,
                              double     *out_value);

/* Parse a value as instruments print it: "+  4.876", "-0012.5", "3:25.4"
 * (minutes:seconds, returned in seconds), "1:02:03" (h:m:s).  Inner spaces
 * after a sign are allowed.  Returns FALSE on anything else; @decimals gets
 * the number of decimals written. */
gboolean dabiao_value_parse (const char *text,
                             gsize       len,
                             double     *out_value,
                             int        *decimals);

/* Parse a device time: 14 digits (YYYYMMDDhhmmss) or six numbers separated
 * by anything ("2026-11-29 09:30:12").  Returns NULL if impossible. */
GDateTime *dabiao_device_time_parse (const char *text);

G_END_DECLS
