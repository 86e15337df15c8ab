/* dabiao-profile.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An instrument profile: a JSON file describing one instrument (frame
 * family, serial settings, fields, units, stability rule, participant
 * binding, request/ack commands).  The format is documented for technicians
 * in data/instruments/README.md.  Profiles are looked up by name in, in this
 * order: a path (anything containing '/' or ending in ".json"),
 * $XDG_DATA_HOME/dabiao/instruments/NAME.json, and the built-in profiles
 * compiled into the program. */

typedef enum
{
  DABIAO_FAMILY_LINE,      /* ASCII line: regular expression or separated fields */
  DABIAO_FAMILY_WEIGHING,  /* weighing-indicator stream: ST/US/OL, GS/NT, value, unit */
  DABIAO_FAMILY_SICS,      /* MT-SICS-style request/response: "S S   100.00 g" */
  DABIAO_FAMILY_STX,       /* STX payload ETX checksum (XOR or LRC), payload as a line */
  DABIAO_FAMILY_RS485,     /* polled [0x5A addr func data… sum] frames, 8-bit sum */
  DABIAO_FAMILY_MODBUS,    /* Modbus-RTU read holding registers, CRC16 */
  DABIAO_FAMILY_SAM,       /* 二代证 reader (SAM): AA AA AA 96 69 frames, identity cards */
} DabiaoFamily;

typedef enum
{
  DABIAO_BINDING_SCREEN,   /* the next reading belongs to the participant on screen */
  DABIAO_BINDING_DEVICE,   /* the device identifies the participant and sends the id */
  DABIAO_BINDING_HOST,     /* the host writes the subject to the device and waits for the ack */
} DabiaoBinding;

typedef enum
{
  DABIAO_PARITY_NONE,
  DABIAO_PARITY_ODD,
  DABIAO_PARITY_EVEN,
} DabiaoParity;

typedef enum
{
  DABIAO_FLOW_NONE,
  DABIAO_FLOW_XONXOFF,
  DABIAO_FLOW_RTSCTS,
} DabiaoFlowControl;

typedef struct
{
  int               baud;       /* 1200 … 115200 */
  int               data_bits;  /* 5 … 8 */
  DabiaoParity      parity;
  int               stop_bits;  /* 1 or 2 */
  DabiaoFlowControl flow_control;
} DabiaoSerialSettings;

typedef struct _DabiaoProfile DabiaoProfile;

#define DABIAO_TYPE_PROFILE (dabiao_profile_get_type ())

GType          dabiao_profile_get_type      (void) G_GNUC_CONST;
DabiaoProfile *dabiao_profile_ref           (DabiaoProfile *profile);
void           dabiao_profile_unref         (DabiaoProfile *profile);

/* Parse and validate a profile.  @source_name names the file in messages. */
DabiaoProfile *dabiao_profile_new_from_data (const char  *data,
                                             gsize        len,
                                             const char  *source_name,
                                             GError     **error);
DabiaoProfile *dabiao_profile_new_from_file (const char  *path,
                                             GError     **error);
/* Look up by name or path as described above. */
DabiaoProfile *dabiao_profile_lookup        (const char  *name_or_path,
                                             GError     **error);
/* Names of all profiles (built-in and from $XDG_DATA_HOME), sorted. */
char         **dabiao_profile_list_names    (void);

const char    *dabiao_profile_get_name      (DabiaoProfile *profile);
const char    *dabiao_profile_get_title     (DabiaoProfile *profile);
const char    *dabiao_profile_get_description (DabiaoProfile *profile);
DabiaoFamily   dabiao_profile_get_family    (DabiaoProfile *profile);
const char    *dabiao_profile_get_family_name (DabiaoProfile *profile);
DabiaoBinding  dabiao_profile_get_binding   (DabiaoProfile *profile);
/* The item the profile measures (NULL for the generic profile).  A profile
 * whose frames carry several items (height and weight) returns the first. */
const char    *dabiao_profile_get_item      (DabiaoProfile *profile);
/* Every item the profile can deliver (NULL-terminated, owned by the profile). */
const char *const *dabiao_profile_get_items (DabiaoProfile *profile);
/* Whether the profile's instrument can measure @item: its own item(s); a
 * timer any item timed in seconds (the demo's 800米 timer at 50米跑); the
 * generic profile any item.  A long-jump mat cannot measure 身高 (docs/
 * decisions/0201). */
gboolean       dabiao_profile_measures      (DabiaoProfile *profile,
                                             const char    *item);
const DabiaoSerialSettings *dabiao_profile_get_serial (DabiaoProfile *profile);
/* 0 if the host never polls by itself. */
guint          dabiao_profile_get_poll_interval (DabiaoProfile *profile);
gboolean       dabiao_profile_has_request   (DabiaoProfile *profile);
gboolean       dabiao_profile_has_sequence  (DabiaoProfile *profile);
gboolean       dabiao_profile_has_time      (DabiaoProfile *profile);
gboolean       dabiao_profile_has_checksum  (DabiaoProfile *profile);
gboolean       dabiao_profile_has_stability (DabiaoProfile *profile);
gboolean       dabiao_profile_can_resend    (DabiaoProfile *profile);

/* Bytes the host sends.  Each returns NULL when the profile has no such
 * command. */
GBytes        *dabiao_profile_build_request (DabiaoProfile *profile);
GBytes        *dabiao_profile_build_ack     (DabiaoProfile *profile);
GBytes        *dabiao_profile_build_subject (DabiaoProfile *profile,
                                             const char    *participant_id);
GBytes        *dabiao_profile_build_resend  (DabiaoProfile *profile,
                                             gint64         sequence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoProfile, dabiao_profile_unref)

G_END_DECLS
