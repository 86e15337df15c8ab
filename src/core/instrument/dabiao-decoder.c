/* dabiao-decoder.c: the station's rules on top of a parser
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "dabiao-parser.h"
#include "dabiao-profile-private.h"

#define MAX_TRACKED_GAP 1000   /* longer gaps are reported but not re-requested */

struct _DabiaoDecoder
{
  DabiaoProfile *profile;
  DabiaoParser  *parser;
  char          *item;

  /* stability rule */
  char          *candidate_item;
  double         candidate_value;
  guint          candidate_count;
  gboolean       holding;          /* the candidate was offered; repeats are duplicates */

  /* sequence numbers */
  gint64         last_sequence;
  GHashTable    *seen;             /* "sequence|item" of accepted records */
  GHashTable    *missing;          /* sequence numbers of a gap (gint64*) */

  /* identity cards: the number of the card on the reader, offered once */
  char          *card_number;
};

DabiaoDecoder *
dabiao_decoder_new (DabiaoProfile *profile,
                    const char    *item)
{
  DabiaoDecoder *self = g_new0 (DabiaoDecoder, 1);

  self->profile = dabiao_profile_ref (profile);
  self->parser = dabiao_parser_new (profile);
  self->item = g_strdup (item);
  self->last_sequence = -1;
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->missing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

void
dabiao_decoder_free (DabiaoDecoder *self)
{
  if (self == NULL)
    return;
  dabiao_profile_unref (self->profile);
  dabiao_parser_free (self->parser);
  g_free (self->item);
  g_free (self->candidate_item);
  g_free (self->card_number);
  g_hash_table_unref (self->seen);
  g_hash_table_unref (self->missing);
  g_free (self);
}

gsize
dabiao_decoder_drop_partial (DabiaoDecoder *self)
{
  gsize pending = dabiao_parser_pending (self->parser);

  dabiao_parser_reset (self->parser);
  return pending;
}

void
dabiao_decoder_normalize (DabiaoDecoder *self,
                          DabiaoReading *reading)
{
  const DabiaoItemInfo *info;

  if (self->item)
    {
      g_free (reading->item);
      reading->item = g_strdup (self->item);
    }
  info = dabiao_item_lookup (reading->item);
  if (reading->item && info == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("item “%s” is not known"), reading->item);
      dabiao_reading_add_warning (reading, DABIAO_READING_WARNING_UNKNOWN_ITEM, text);
    }

  if (info)
    {
      double converted;

      gboolean same_unit = reading->unit[0] == '\0' || g_ascii_strcasecmp (reading->unit, info->unit) == 0;
      int device_decimals = reading->decimals;

      if (dabiao_unit_convert (reading->value, reading->unit, info->unit, &converted))
        {
          reading->value = round (converted * 1e6) / 1e6;
          g_free (reading->unit);
          reading->unit = g_strdup (info->unit);
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("unit “%s” cannot be converted to %s"),
                                                   reading->unit, info->unit);
          dabiao_reading_add_warning (reading, DABIAO_READING_WARNING_UNIT, text);
        }
      /* Show what the device measured: its own decimals when the unit is
       * the item's, the item's decimals after a conversion. */
      if (self->profile->decimals >= 0)
        reading->decimals = self->profile->decimals;
      else if (same_unit && device_decimals >= 0 && self->profile->scale == 1.0)
        reading->decimals = MAX (device_decimals, 0);
      else
        reading->decimals = info->decimals;

      if (!(reading->warnings & DABIAO_READING_WARNING_UNIT) &&
          (reading->value < info->min || reading->value > info->max))
        {
          g_autofree char *text = NULL;

          /* Translators: "身高 17.2 cm is outside the plausible range 40–250 cm" */
          text = g_strdup_printf (_("%s %.*f %s is outside the plausible range %g–%g %s"),
                                  info->name, reading->decimals, reading->value, info->unit,
                                  info->min, info->max, info->unit);
          dabiao_reading_add_warning (reading, DABIAO_READING_WARNING_OUT_OF_RANGE, text);
        }
    }
  else if (self->profile->decimals >= 0)
    reading->decimals = self->profile->decimals;

  if (reading->device_time && g_date_time_get_year (reading->device_time) < 2010)
    {
      g_autofree char *t = g_date_time_format (reading->device_time, "%Y-%m-%d %H:%M:%S");
      g_autofree char *text = g_strdup_printf (_("device clock reads %s: set the instrument’s clock"), t);

      dabiao_reading_add_warning (reading, DABIAO_READING_WARNING_CLOCK_UNSET, text);
    }
}

static void
reset_candidate (DabiaoDecoder *self)
{
  g_clear_pointer (&self->candidate_item, g_free);
  self->candidate_count = 0;
  self->holding = FALSE;
}

typedef enum
{
  STABILITY_ACCEPT,   /* offer it now */
  STABILITY_PENDING,  /* stable, but not yet in enough frames */
  STABILITY_REPEAT,   /* a value already offered, still held */
} Stability;

/* The stability rule. */
static Stability
stability_accepts (DabiaoDecoder *self,
                   DabiaoReading *reading)
{
  DabiaoProfile *p = self->profile;

  if (p->stable_count <= 1 && !p->suppress_repeats)
    return STABILITY_ACCEPT;

  if (self->candidate_item != NULL &&
      g_strcmp0 (self->candidate_item, reading->item ? reading->item : "") == 0 &&
      self->candidate_value == reading->value)
    self->candidate_count++;
  else
    {
      g_free (self->candidate_item);
      self->candidate_item = g_strdup (reading->item ? reading->item : "");
      self->candidate_value = reading->value;
      self->candidate_count = 1;
      self->holding = FALSE;
    }

  if (self->holding)
    return STABILITY_REPEAT;
  if (self->candidate_count >= p->stable_count)
    {
      if (p->suppress_repeats)
        self->holding = TRUE;
      else
        self->candidate_count = 0;
      return STABILITY_ACCEPT;
    }
  return STABILITY_PENDING;
}

static char *
seen_key (gint64      sequence,
          const char *item)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "|%s", sequence, item ? item : "");
}

/* Sequence numbers: returns the kind the reading's frame gets. */
static DabiaoFrameKind
sequence_check (DabiaoDecoder *self,
                DabiaoReading *reading,
                GPtrArray     *frames)
{
  gint64 seq = reading->sequence;
  g_autofree char *key = NULL;

  if (seq < 0)
    return DABIAO_FRAME_ACCEPTED;

  key = seen_key (seq, reading->item);
  if (g_hash_table_contains (self->seen, key))
    return DABIAO_FRAME_DUPLICATE;
  if (g_hash_table_size (self->seen) > 10000)
    g_hash_table_remove_all (self->seen);
  g_hash_table_add (self->seen, g_steal_pointer (&key));

  if (self->last_sequence < 0 || seq == self->last_sequence + 1 || seq == self->last_sequence)
    {
      self->last_sequence = seq;
      return DABIAO_FRAME_ACCEPTED;
    }

  if (seq > self->last_sequence + 1)
    {
      DabiaoFrame *gap = g_new0 (DabiaoFrame, 1);
      gint64 first = self->last_sequence + 1;
      gint64 last = seq - 1;
      g_autofree char *text = NULL;

      gap->kind = DABIAO_FRAME_GAP;
      gap->raw = g_bytes_ref (reading->raw);
      gap->gap_first = first;
      gap->gap_last = last;
      if (first == last)
        gap->message = g_strdup_printf (_("record %lld is missing"), (long long) first);
      else
        gap->message = g_strdup_printf (_("records %lld–%lld are missing"),
                                        (long long) first, (long long) last);
      g_ptr_array_add (frames, gap);

      if (last - first < MAX_TRACKED_GAP)
        for (gint64 s = first; s <= last; s++)
          g_hash_table_add (self->missing, g_memdup2 (&s, sizeof s));
      dabiao_reading_add_warning (reading, DABIAO_READING_WARNING_SEQUENCE_GAP, gap->message);
      self->last_sequence = seq;
      return DABIAO_FRAME_ACCEPTED;
    }

  /* seq < last: a record re-sent after a gap, or the device restarted counting. */
  if (g_hash_table_remove (self->missing, &seq))
    {
      dabiao_reading_add_warning (reading, DABIAO_READING_WARNING_RESENT, _("re-sent by the device after a gap"));
      return DABIAO_FRAME_ACCEPTED;
    }
  self->last_sequence = seq;
  return DABIAO_FRAME_ACCEPTED;
}

void
dabiao_decoder_feed (DabiaoDecoder *self,
                     const guint8  *data,
                     gsize          len,
                     gint64         now_usec,
                     GPtrArray     *frames)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_frame_free);

  dabiao_parser_feed (self->parser, data, len, parsed);
  for (guint i = 0; i < parsed->len; i++)
    {
      DabiaoFrame *frame = g_steal_pointer (&parsed->pdata[i]);

      if (frame->kind == DABIAO_FRAME_READING && frame->reading->card != NULL)
        {
          /* A card that stays on the reader is read again and again: it is
           * offered once, until the reader reports it gone. */
          frame->reading->received_usec = now_usec;
          if (g_strcmp0 (self->card_number, frame->reading->card->number) == 0)
            frame->kind = DABIAO_FRAME_DUPLICATE;
          else
            {
              g_free (self->card_number);
              self->card_number = g_strdup (frame->reading->card->number);
              frame->kind = DABIAO_FRAME_ACCEPTED;
            }
        }
      else if (frame->kind == DABIAO_FRAME_READING)
        {
          DabiaoReading *reading = frame->reading;

          reading->received_usec = now_usec;
          dabiao_decoder_normalize (self, reading);
          if (!reading->stable)
            {
              reset_candidate (self);
              frame->kind = DABIAO_FRAME_LIVE;
            }
          else
            {
              switch (stability_accepts (self, reading))
                {
                case STABILITY_PENDING:
                  frame->kind = DABIAO_FRAME_LIVE;
                  break;
                case STABILITY_REPEAT:
                  frame->kind = DABIAO_FRAME_DUPLICATE;
                  break;
                case STABILITY_ACCEPT:
                default:
                  frame->kind = sequence_check (self, reading, frames);
                  break;
                }
            }
        }
      else if (frame->kind == DABIAO_FRAME_BUSY)
        {
          reset_candidate (self);
          g_clear_pointer (&self->card_number, g_free);
        }
      g_ptr_array_add (frames, frame);
    }
}
