/* dabiao-parser.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-profile.h"
#include "dabiao-reading.h"

G_BEGIN_DECLS

/* The pure layers between bytes and readings, usable without any port:
 *
 *   DabiaoParser   bytes → frames for one profile; correct for any chunking
 *                  (feeding a stream whole, byte by byte or in random pieces
 *                  gives the same frames).
 *   DabiaoDecoder  a parser plus the station's rules: units converted to the
 *                  item's unit, plausible ranges, device clock, stability
 *                  rule, sequence gaps and duplicates.  Its ACCEPTED frames
 *                  are what DabiaoInstrument::reading delivers and what
 *                  `dabiao-cli profile test` prints.
 */

typedef enum
{
  DABIAO_FRAME_READING,   /* parser: a value (stable or not) */
  DABIAO_FRAME_BUSY,      /* device answered but has no value yet (MT-SICS "I", 0x6F …) */
  DABIAO_FRAME_ACK,       /* device acknowledged a command ("ok", reset echo) */
  DABIAO_FRAME_ERROR,     /* bytes that are not a valid frame: noise, bad checksum, device error */
  /* decoder only: */
  DABIAO_FRAME_ACCEPTED,  /* a stable reading offered as a result */
  DABIAO_FRAME_LIVE,      /* an unstable reading, for display only */
  DABIAO_FRAME_DUPLICATE, /* a reading the device repeated (same sequence, or held value) */
  DABIAO_FRAME_GAP,       /* records gap_first … gap_last never arrived */
} DabiaoFrameKind;

typedef struct
{
  DabiaoFrameKind  kind;
  GBytes          *raw;       /* the bytes of this frame (or of the skipped noise) */
  DabiaoReading   *reading;   /* READING, ACCEPTED, LIVE, DUPLICATE; else NULL */
  char            *message;   /* ERROR, BUSY, GAP: translated explanation */
  gint64           gap_first; /* GAP */
  gint64           gap_last;
  GBytes          *reply;     /* what the protocol asks the host to send next (sam: select, read), or NULL */
} DabiaoFrame;

void         dabiao_frame_free (DabiaoFrame *frame);
const char  *dabiao_frame_kind_to_string (DabiaoFrameKind kind);
/* One line describing the frame (`dabiao-cli profile test`: kinds and item
 * codes in English, as scripts read them). */
char        *dabiao_frame_describe (const DabiaoFrame *frame);
/* The same for people, as the technician's console shows it: translated,
 * with the item's name ("已接收 152.0 厘米 身高  «…»"). */
char        *dabiao_frame_describe_for_people (const DabiaoFrame *frame);

typedef struct _DabiaoParser DabiaoParser;

DabiaoParser *dabiao_parser_new   (DabiaoProfile *profile);
void          dabiao_parser_free  (DabiaoParser  *parser);
/* Append the frames completed by @data to @frames (DabiaoFrame*, free func
 * dabiao_frame_free).  Bytes of an incomplete frame are kept for the next
 * call. */
void          dabiao_parser_feed  (DabiaoParser  *parser,
                                   const guint8  *data,
                                   gsize          len,
                                   GPtrArray     *frames);
/* Forget any partial frame. */
void          dabiao_parser_reset (DabiaoParser  *parser);
/* Bytes held back as an incomplete frame. */
gsize         dabiao_parser_pending (DabiaoParser *parser);

typedef struct _DabiaoDecoder DabiaoDecoder;

/* @item overrides the profile's item (the generic profile has none). */
DabiaoDecoder *dabiao_decoder_new  (DabiaoProfile *profile,
                                    const char    *item);
void           dabiao_decoder_free (DabiaoDecoder *decoder);
/* As dabiao_parser_feed(), with the station's rules applied; @now_usec is
 * stored in each reading's received_usec. */
void           dabiao_decoder_feed (DabiaoDecoder *decoder,
                                    const guint8  *data,
                                    gsize          len,
                                    gint64         now_usec,
                                    GPtrArray     *frames);
/* Forget a partial frame (the port went away in the middle of it); returns
 * how many bytes were dropped. */
gsize          dabiao_decoder_drop_partial (DabiaoDecoder *decoder);
/* Apply the normalisation rules to one reading (also used by tests): item,
 * unit conversion, range and clock warnings. */
void           dabiao_decoder_normalize (DabiaoDecoder *decoder,
                                         DabiaoReading *reading);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoParser, dabiao_parser_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoDecoder, dabiao_decoder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoFrame, dabiao_frame_free)

/* Checksums of the binary families. */
guint8  dabiao_checksum_xor   (const guint8 *data, gsize len);
guint8  dabiao_checksum_lrc   (const guint8 *data, gsize len);
guint8  dabiao_checksum_sum8  (const guint8 *data, gsize len);
guint16 dabiao_checksum_crc16 (const guint8 *data, gsize len);  /* Modbus: poly 0xA001, init 0xFFFF */

G_END_DECLS
