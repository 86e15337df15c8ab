/* dabiao-instrument.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-parser.h"
#include "dabiao-profile.h"
#include "dabiao-reading.h"
#include "dabiao-transport.h"

G_BEGIN_DECLS

/* DabiaoInstrument: one instrument on one port, as the station page uses it.
 *
 *   g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup ("weighing-stream", &error);
 *   instrument = dabiao_instrument_new (profile, "/dev/ttyUSB0", NULL);
 *   g_object_bind_property (instrument, "state-text", label, "label", G_BINDING_SYNC_CREATE);
 *   g_signal_connect (instrument, "reading", G_CALLBACK (reading_cb), self);
 *   dabiao_instrument_start (instrument);
 *
 * All port work happens in a worker thread (open, read, write, reconnect
 * with back-off, polling, retries); the main loop never blocks.  Signals are
 * emitted and properties change on the GMainContext that was the thread
 * default when dabiao_instrument_new() was called.
 *
 * A port that disappears (USB adapter unplugged, simulator restarted) puts
 * the instrument in DABIAO_INSTRUMENT_WAITING; it reopens the same path with
 * back-off (0.1 s doubling to 2 s) and returns to CONNECTED.  Every byte read
 * before the loss has been parsed and delivered first.
 *
 * Signals:
 *   reading (DabiaoReading *reading)
 *       A stable reading, normalised to the item's unit, with warnings
 *       (out of range, clock unset, sequence gap, re-sent) — the only thing
 *       the station should record.
 *   live-reading (DabiaoReading *reading)
 *       An unstable value for display while the instrument settles.
 *   problem (const char *message)
 *       Something the operator should know: a bad checksum, a sequence gap,
 *       no answer after the retries, a device error.  Translated.
 *   traffic (DabiaoTraffic *traffic)
 *       Every chunk of bytes in and out and every frame the profile made of
 *       them, with timestamps: the technician's console.  Only emitted while
 *       DabiaoInstrument:trace is TRUE.
 */

typedef enum
{
  DABIAO_INSTRUMENT_STOPPED,    /* not started, or stopped */
  DABIAO_INSTRUMENT_CONNECTING, /* first attempt to open the port */
  DABIAO_INSTRUMENT_CONNECTED,  /* port open, bytes flowing */
  DABIAO_INSTRUMENT_WAITING,    /* port gone; reopening with back-off */
  DABIAO_INSTRUMENT_ERROR,      /* cannot open (bad path, permission, settings): see state-message; still retrying */
} DabiaoInstrumentState;

typedef enum
{
  DABIAO_TRAFFIC_IN,     /* bytes received */
  DABIAO_TRAFFIC_OUT,    /* bytes sent */
  DABIAO_TRAFFIC_FRAME,  /* what the profile made of received bytes (frame set) */
  DABIAO_TRAFFIC_STATE,  /* connection state change (text) */
} DabiaoTrafficDirection;

typedef struct
{
  DabiaoTrafficDirection  direction;
  gint64                  time_usec;   /* g_get_real_time () */
  GBytes                 *bytes;       /* IN, OUT, FRAME (raw frame) */
  DabiaoFrame            *frame;       /* FRAME: kind, reading, message */
  char                   *text;        /* a one-line description */
} DabiaoTraffic;

#define DABIAO_TYPE_TRAFFIC (dabiao_traffic_get_type ())
GType          dabiao_traffic_get_type (void) G_GNUC_CONST;
DabiaoTraffic *dabiao_traffic_copy     (const DabiaoTraffic *traffic);
void           dabiao_traffic_free     (DabiaoTraffic *traffic);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoTraffic, dabiao_traffic_free)

#define DABIAO_TYPE_INSTRUMENT_STATE (dabiao_instrument_state_get_type ())
GType dabiao_instrument_state_get_type (void) G_GNUC_CONST;

#define DABIAO_TYPE_INSTRUMENT (dabiao_instrument_get_type ())
G_DECLARE_FINAL_TYPE (DabiaoInstrument, dabiao_instrument, DABIAO, INSTRUMENT, GObject)

/* @item overrides the profile's item (needed for the generic profile).
 * The transport is chosen from the path: a pseudo-terminal or other
 * non-serial tty uses the plain-fd transport, anything else libserialport;
 * see dabiao_instrument_set_transport(). */
DabiaoInstrument      *dabiao_instrument_new        (DabiaoProfile *profile,
                                                     const char    *port,
                                                     const char    *item);
DabiaoProfile         *dabiao_instrument_get_profile (DabiaoInstrument *self);
const char            *dabiao_instrument_get_port   (DabiaoInstrument *self);
const char            *dabiao_instrument_get_item   (DabiaoInstrument *self);
/* Before start: force a transport, or override the profile's serial settings. */
void                   dabiao_instrument_set_transport (DabiaoInstrument    *self,
                                                        DabiaoTransportKind  kind);
void                   dabiao_instrument_set_serial_settings (DabiaoInstrument           *self,
                                                              const DabiaoSerialSettings *settings);
/* Start the worker thread: open the port, poll if the profile polls. */
void                   dabiao_instrument_start      (DabiaoInstrument *self);
/* Stop and close the port; joins the worker (which never blocks for long). */
void                   dabiao_instrument_stop       (DabiaoInstrument *self);

DabiaoInstrumentState  dabiao_instrument_get_state  (DabiaoInstrument *self);
/* Translated description of the state; names the port and, for ERROR and
 * WAITING, why ("/dev/ttyUSB0: 权限不足 …"). */
const char            *dabiao_instrument_get_state_message (DabiaoInstrument *self);
gboolean               dabiao_instrument_get_trace  (DabiaoInstrument *self);
void                   dabiao_instrument_set_trace  (DabiaoInstrument *self,
                                                     gboolean          trace);
/* Readings delivered by ::reading since start. */
guint64                dabiao_instrument_get_n_readings (DabiaoInstrument *self);

/* Ask the device for a reading (profiles with a request command: MT-SICS
 * "S", "*wei?", a poll frame).  Busy, unstable or missing answers are asked
 * again up to the profile's retry count, then ::problem is emitted.  For
 * streaming profiles this does nothing and returns FALSE. */
gboolean               dabiao_instrument_request_reading (DabiaoInstrument *self);

/* "Host writes the subject" binding: send @participant_id to the device and
 * complete when it acknowledges (or fail with DABIAO_ERROR_SERIAL after the
 * profile's timeout).  Fails with DABIAO_ERROR_INVALID_INPUT if the profile
 * has no subject command. */
void                   dabiao_instrument_send_participant        (DabiaoInstrument    *self,
                                                                  const char          *participant_id,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
gboolean               dabiao_instrument_send_participant_finish (DabiaoInstrument  *self,
                                                                  GAsyncResult      *result,
                                                                  GError           **error);

/* Send raw bytes (technician's console). */
void                   dabiao_instrument_send_bytes (DabiaoInstrument *self,
                                                     GBytes           *bytes);

G_END_DECLS
