/* dabiao-measurement.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A special result instead of (or beside) a value.  The strings are the
 * fixed Chinese words the national formats use (see
 * dabiao_special_to_string()). */
typedef enum
{
  DABIAO_SPECIAL_NONE,
  DABIAO_SPECIAL_ABSENT,      /* 缺测 */
  DABIAO_SPECIAL_EXEMPT,      /* 免测, with a reason */
  DABIAO_SPECIAL_FOUL,        /* 犯规 */
  DABIAO_SPECIAL_ABANDONED,   /* 弃考 */
  DABIAO_SPECIAL_UNFINISHED,  /* 未完成 */
  DABIAO_SPECIAL_VOID,        /* 作废: a row that only voids another one */
} DabiaoSpecial;

/* Where a value came from. */
typedef enum
{
  DABIAO_SOURCE_MANUAL,       /* typed by an operator, with a reason */
  DABIAO_SOURCE_INSTRUMENT,   /* read from an instrument: id and raw frame kept */
  DABIAO_SOURCE_IMPORT,       /* imported from a file */
} DabiaoSource;

/* "" for NONE, else the Chinese word (缺测, 免测, 犯规, 弃考, 未完成, 作废). */
const char *dabiao_special_to_string   (DabiaoSpecial  special);
/* Accepts the Chinese words (and 缺考 for 缺测) and the English names
 * absent, exempt, foul, abandoned, unfinished. */
gboolean    dabiao_special_from_string (const char    *text,
                                        DabiaoSpecial *special);
/* 手工, 仪器, 导入 */
const char *dabiao_source_to_string    (DabiaoSource   source);

#define DABIAO_TYPE_MEASUREMENT (dabiao_measurement_get_type ())

/* One stored measurement row: an immutable snapshot.  Rows are never
 * changed or deleted; a correction is a new row whose "voids" names the
 * row it replaces, and a row that only voids has special VOID.
 *
 * attempt:     次序, counted per participant and item over the rows that are
 *              not VOID rows, in order of measurement time (so rows merged
 *              from several stations count as further attempts)
 * voided-by:   uuid of the row that voids this one, or NULL
 * measured-at, recorded-at: microseconds since the epoch (UTC) */
G_DECLARE_FINAL_TYPE (DabiaoMeasurement, dabiao_measurement, DABIAO, MEASUREMENT, GObject)

const char   *dabiao_measurement_get_uuid           (DabiaoMeasurement *self);
const char   *dabiao_measurement_get_participant_id (DabiaoMeasurement *self);
const char   *dabiao_measurement_get_item           (DabiaoMeasurement *self);
guint         dabiao_measurement_get_attempt        (DabiaoMeasurement *self);
gboolean      dabiao_measurement_has_value          (DabiaoMeasurement *self);
double        dabiao_measurement_get_value          (DabiaoMeasurement *self);
const char   *dabiao_measurement_get_unit           (DabiaoMeasurement *self);
DabiaoSpecial dabiao_measurement_get_special        (DabiaoMeasurement *self);
const char   *dabiao_measurement_get_reason         (DabiaoMeasurement *self);
DabiaoSource  dabiao_measurement_get_source         (DabiaoMeasurement *self);
const char   *dabiao_measurement_get_instrument_id  (DabiaoMeasurement *self);
GBytes       *dabiao_measurement_get_raw_frame      (DabiaoMeasurement *self);
const char   *dabiao_measurement_get_station        (DabiaoMeasurement *self);
const char   *dabiao_measurement_get_operator       (DabiaoMeasurement *self);
gint64        dabiao_measurement_get_measured_at    (DabiaoMeasurement *self);
gint64        dabiao_measurement_get_recorded_at    (DabiaoMeasurement *self);
const char   *dabiao_measurement_get_voids          (DabiaoMeasurement *self);
const char   *dabiao_measurement_get_voided_by      (DabiaoMeasurement *self);
/* A valid attempt: a value, no special, not voided. */
gboolean      dabiao_measurement_is_valid           (DabiaoMeasurement *self);

G_END_DECLS
