/* dabiao-profile-private.h: the fields of a profile, for the parsers.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-profile.h"

G_BEGIN_DECLS

typedef enum
{
  DABIAO_CHECKSUM_NONE,
  DABIAO_CHECKSUM_XOR,
  DABIAO_CHECKSUM_LRC,
} DabiaoChecksum;

typedef enum
{
  DABIAO_ENCODING_UNSIGNED,  /* big-endian unsigned */
  DABIAO_ENCODING_SIGNED,    /* big-endian two's complement */
  DABIAO_ENCODING_BCD,       /* packed BCD, big-endian */
} DabiaoEncoding;

/* A value in a text record (line or STX payload) or register map. */
typedef struct
{
  char   *item;     /* item code, or NULL: the profile's */
  char   *unit;     /* device unit, or NULL: from the unit field, else the item's */
  int     field;    /* 0-based field index (separated records) */
  double  scale;    /* multiplied before unit conversion */
} DabiaoValueSpec;

struct _DabiaoProfile
{
  gatomicrefcount       ref_count;

  char                 *name;
  char                 *title;
  char                 *description;
  char                 *source;       /* file name or resource path */
  DabiaoFamily          family;
  DabiaoBinding         binding;
  DabiaoSerialSettings  serial;
  char                 *item;
  char                 *unit;         /* device unit when the frame has none */
  char                **items;        /* every item, NULL-terminated */
  int                   decimals;     /* -1: the item's */

  guint                 poll_interval_ms;
  guint                 timeout_ms;
  guint                 retries;
  GBytes               *request;
  GBytes               *ack;
  char                 *subject_command; /* contains {participant} */
  char                 *subject_ack;     /* the device's answer line, e.g. "ok" */
  char                 *resend_command;  /* contains {sequence} */
  char                 *sim_template;    /* dabiao-sim: how to print a record */

  /* stability rule */
  guint                 stable_count;     /* identical stable frames needed, ≥ 1 */
  gboolean              suppress_repeats; /* a held stable value is offered once */

  /* text records: line family, STX payload */
  GRegex               *regex;
  char                 *separator;
  char                 *prefix;           /* a record must start with this */
  GArray               *values;           /* DabiaoValueSpec */
  int                   unit_field;
  int                   status_field;
  int                   participant_field;
  int                   sequence_field;
  int                   time_field;
  char                **stable_status;
  char                **busy_status;
  GRegex               *ignore;

  /* STX family */
  DabiaoChecksum        checksum;
  gboolean              checksum_hex;

  /* RS-485 and Modbus */
  int                   address;
  int                   data_length;
  DabiaoEncoding        encoding;
  int                   unconfirmed;      /* rs485: data value meaning "not confirmed", -1 none */
  double                scale;
  int                   reg_start;
  int                   reg_count;
  int                   value_register;
  int                   value_words;
  int                   status_register;  /* -1: always stable */
  int                   stable_value;
  int                   sequence_register; /* -1: none */
};

const DabiaoValueSpec *dabiao_profile_get_value_spec (DabiaoProfile *profile,
                                                      guint          index);
guint                  dabiao_profile_get_n_values   (DabiaoProfile *profile);

/* An STX frame of @payload as @profile's instrument sends it (STX payload
 * ETX and its checksum, binary or two hex digits); the checksum XORed with
 * @corrupt (0: a good frame; the simulator's fault mode sends 0x5A). */
GBytes *_dabiao_profile_frame_stx (DabiaoProfile *profile,
                                   const char    *payload,
                                   guint8         corrupt);

/* Registers the compiled-in instrument data (profiles, item catalogue). */
void _dabiao_instruments_ensure_resources (void);

G_END_DECLS
