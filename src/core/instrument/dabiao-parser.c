/* dabiao-parser.c: bytes → frames for each family
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-id-card.h"
#include "dabiao-parser.h"
#include "dabiao-profile-private.h"

#define MAX_LINE     1024   /* longer lines are noise */
#define MAX_JUNK     256    /* report skipped noise at least this often */

struct _DabiaoParser
{
  DabiaoProfile *profile;
  GByteArray    *buf;      /* the frame being assembled */
  GByteArray    *junk;     /* bytes skipped while looking for a frame */
  gboolean       in_frame; /* STX seen (STX family); discarding an over-long line (lines) */
  gssize         etx;      /* STX family: offset of the ETX in buf, or -1 */
};

/* Checksums -------------------------------------------------------------- */

guint8
dabiao_checksum_xor (const guint8 *data,
                     gsize         len)
{
  guint8 c = 0;

  for (gsize i = 0; i < len; i++)
    c ^= data[i];
  return c;
}

guint8
dabiao_checksum_sum8 (const guint8 *data,
                      gsize         len)
{
  guint8 c = 0;

  for (gsize i = 0; i < len; i++)
    c += data[i];
  return c;
}

guint8
dabiao_checksum_lrc (const guint8 *data,
                     gsize         len)
{
  return (guint8) (0x100 - dabiao_checksum_sum8 (data, len));
}

guint16
dabiao_checksum_crc16 (const guint8 *data,
                       gsize         len)
{
  guint16 crc = 0xFFFF;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int b = 0; b < 8; b++)
        crc = (crc & 1) ? (crc >> 1) ^ 0xA001 : crc >> 1;
    }
  return crc;
}

/* Frames ----------------------------------------------------------------- */

void
dabiao_frame_free (DabiaoFrame *frame)
{
  if (frame == NULL)
    return;
  g_clear_pointer (&frame->raw, g_bytes_unref);
  g_clear_pointer (&frame->reading, dabiao_reading_unref);
  g_clear_pointer (&frame->reply, g_bytes_unref);
  g_free (frame->message);
  g_free (frame);
}

const char *
dabiao_frame_kind_to_string (DabiaoFrameKind kind)
{
  static const char *names[] = {
    "reading", "busy", "ack", "error", "accepted", "live", "duplicate", "gap"
  };

  if ((guint) kind < G_N_ELEMENTS (names))
    return names[kind];
  return "?";
}

static char *
escape_bytes (GBytes *bytes)
{
  GString *s = g_string_new (NULL);
  const guint8 *p;
  gsize len;

  if (bytes == NULL)
    return g_string_free (s, FALSE);
  p = g_bytes_get_data (bytes, &len);
  for (gsize i = 0; i < len && i < 200; i++)
    {
      if (p[i] == '\r')
        g_string_append (s, "\\r");
      else if (p[i] == '\n')
        g_string_append (s, "\\n");
      else if (p[i] == '\\')
        g_string_append (s, "\\\\");
      else if (p[i] >= 0x20 && p[i] < 0x7F)
        g_string_append_c (s, p[i]);
      else
        g_string_append_printf (s, "\\x%02X", p[i]);
    }
  if (len > 200)
    g_string_append (s, "…");
  return g_string_free (s, FALSE);
}

/* The frame kinds as people read them (the console of 首选项 → 仪器). */
static const char *frame_kind_words[] = {
  /* Translators: kinds of instrument frames in the technician's console */
  N_("reading"), N_("busy"), N_("acknowledged"), N_("error"), N_("accepted"), N_("live"),
  N_("repeated"), N_("missing")
};

static char *
frame_describe (const DabiaoFrame *frame,
                gboolean           for_people)
{
  g_autofree char *raw = escape_bytes (frame->raw);
  g_autofree char *what = NULL;

  if (frame->reading)
    what = for_people ? dabiao_reading_describe (frame->reading) : dabiao_reading_to_string (frame->reading);
  else
    what = g_strdup (frame->message ? frame->message : "");

  if (for_people)
    return g_strdup_printf ("%s %s  «%s»",
                            (guint) frame->kind < G_N_ELEMENTS (frame_kind_words)
                            ? _(frame_kind_words[frame->kind]) : "?", what, raw);
  return g_strdup_printf ("%-9s %s  «%s»", dabiao_frame_kind_to_string (frame->kind), what, raw);
}

char *
dabiao_frame_describe (const DabiaoFrame *frame)
{
  return frame_describe (frame, FALSE);
}

char *
dabiao_frame_describe_for_people (const DabiaoFrame *frame)
{
  return frame_describe (frame, TRUE);
}

static DabiaoFrame *
frame_new (GPtrArray       *frames,
           DabiaoFrameKind  kind,
           const guint8    *raw,
           gsize            raw_len)
{
  DabiaoFrame *frame = g_new0 (DabiaoFrame, 1);

  frame->kind = kind;
  frame->raw = g_bytes_new (raw, raw_len);
  frame->gap_first = frame->gap_last = -1;
  g_ptr_array_add (frames, frame);
  return frame;
}

static void
frame_error (GPtrArray    *frames,
             const guint8 *raw,
             gsize         raw_len,
             char         *message /* owned */)
{
  DabiaoFrame *frame = frame_new (frames, DABIAO_FRAME_ERROR, raw, raw_len);

  frame->message = message;
}

static void
flush_junk (DabiaoParser *self,
            GPtrArray    *frames)
{
  if (self->junk->len == 0)
    return;
  frame_error (frames, self->junk->data, self->junk->len,
               g_strdup_printf (_("%u bytes that are not a valid frame (noise or a damaged frame) skipped"),
                                self->junk->len));
  g_byte_array_set_size (self->junk, 0);
}

static void
add_junk (DabiaoParser *self,
          const guint8 *data,
          gsize         len,
          GPtrArray    *frames)
{
  g_byte_array_append (self->junk, data, len);
  if (self->junk->len >= MAX_JUNK)
    flush_junk (self, frames);
}

static DabiaoReading *
reading_new (DabiaoProfile *profile,
             const guint8  *raw,
             gsize          raw_len)
{
  DabiaoReading *reading = dabiao_reading_new ();

  reading->item = g_strdup (profile->item);
  g_free (reading->unit);
  reading->unit = g_strdup (profile->unit ? profile->unit : "");
  reading->raw = g_bytes_new (raw, raw_len);
  reading->stable = TRUE;
  return reading;
}

/* A reading of @value written with @decimals, in @unit (NULL: the
 * profile's). */
static DabiaoReading *
reading_new_value (DabiaoProfile *profile,
                   const guint8  *raw,
                   gsize          raw_len,
                   double         value,
                   int            decimals,
                   const char    *unit)
{
  DabiaoReading *reading = reading_new (profile, raw, raw_len);

  reading->value = value;
  reading->decimals = decimals;
  if (unit != NULL)
    {
      g_free (reading->unit);
      reading->unit = g_strdup (unit);
    }
  return reading;
}

static void
frame_reading (GPtrArray     *frames,
               DabiaoReading *reading /* owned */)
{
  gsize len;
  const guint8 *raw = g_bytes_get_data (reading->raw, &len);
  DabiaoFrame *frame = frame_new (frames, DABIAO_FRAME_READING, raw, len);

  frame->reading = reading;
}

/* Text records: the line family and the STX payload ---------------------- */

static gboolean
strv_has (char       **strv,
          const char  *s)
{
  return strv != NULL && g_strv_contains ((const char *const *) strv, s);
}

static gboolean
parse_int64 (const char *s,
             gint64     *out)
{
  g_autofree char *t = g_strstrip (g_strdup (s));
  guint64 v;

  if (t[0] == '\0' || !g_ascii_string_to_unsigned (t, 10, 0, G_MAXINT64, &v, NULL))
    return FALSE;
  *out = (gint64) v;
  return TRUE;
}

typedef struct
{
  char *status;
  char *unit;
  char *participant;
  char *sequence;
  char *time;
  char *item;
} RecordFields;

static void
record_fields_clear (RecordFields *f)
{
  g_free (f->status);
  g_free (f->unit);
  g_free (f->participant);
  g_free (f->sequence);
  g_free (f->time);
  g_free (f->item);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RecordFields, record_fields_clear)

/* Common part of a record once its fields are known; returns FALSE and adds
 * an ERROR or BUSY frame when the record yields no value. */
static gboolean
record_common (DabiaoParser  *self,
               RecordFields  *f,
               const guint8  *raw,
               gsize          raw_len,
               GPtrArray     *frames,
               gboolean      *stable,
               gint64        *sequence)
{
  DabiaoProfile *p = self->profile;

  *stable = TRUE;
  *sequence = -1;
  if (f->status)
    {
      g_strstrip (f->status);
      if (strv_has (p->busy_status, f->status))
        {
          DabiaoFrame *frame = frame_new (frames, DABIAO_FRAME_BUSY, raw, raw_len);

          frame->message = g_strdup_printf (_("device busy (status “%s”)"), f->status);
          return FALSE;
        }
      if (p->stable_status)
        *stable = strv_has (p->stable_status, f->status);
    }
  if (f->sequence && !parse_int64 (f->sequence, sequence))
    {
      frame_error (frames, raw, raw_len,
                   g_strdup_printf (_("record number “%s” is not a whole number"), f->sequence));
      return FALSE;
    }
  return TRUE;
}

static void
record_fill (DabiaoReading *reading,
             RecordFields  *f,
             gboolean       stable,
             gint64         sequence)
{
  reading->stable = stable;
  reading->sequence = sequence;
  if (f->participant)
    {
      g_strstrip (f->participant);
      if (f->participant[0] != '\0')
        reading->participant_id = g_strdup (f->participant);
    }
  if (f->item)
    {
      g_strstrip (f->item);
      if (f->item[0] != '\0')
        {
          g_free (reading->item);
          reading->item = g_strdup (f->item);
        }
    }
  if (f->time)
    {
      reading->device_time = dabiao_device_time_parse (f->time);
      if (reading->device_time == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("device time “%s” is not a date"), f->time);
          dabiao_reading_add_warning (reading, DABIAO_READING_WARNING_CLOCK_UNSET, text);
        }
    }
}

static char *
group (GMatchInfo *match,
       const char *name)
{
  char *s = g_match_info_fetch_named (match, name);

  if (s != NULL && s[0] == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

/* A record read by the profile's regular expression (named groups). */
static void
record_by_pattern (DabiaoParser *self,
                   const char   *s,
                   const guint8 *raw,
                   gsize         raw_len,
                   GPtrArray    *frames)
{
  DabiaoProfile *p = self->profile;
  g_auto(RecordFields) f = { NULL, };
  gboolean stable;
  gint64 sequence;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *value = NULL;
  double v;
  int decimals;
  DabiaoReading *reading;

  if (!g_regex_match (p->regex, s, 0, &match))
    {
      frame_error (frames, raw, raw_len, g_strdup (_("record does not match the profile’s expression")));
      return;
    }
  value = group (match, "value");
  f.status = group (match, "status");
  f.unit = group (match, "unit");
  f.participant = group (match, "participant");
  f.sequence = group (match, "sequence");
  f.time = group (match, "time");
  f.item = group (match, "item");
  if (!record_common (self, &f, raw, raw_len, frames, &stable, &sequence))
    return;
  if (value == NULL || !dabiao_value_parse (value, strlen (value), &v, &decimals))
    {
      frame_error (frames, raw, raw_len,
                   g_strdup_printf (_("value “%s” is not a number"), value ? value : ""));
      return;
    }
  reading = reading_new_value (p, raw, raw_len, v, decimals, f.unit);
  record_fill (reading, &f, stable, sequence);
  frame_reading (frames, reading);
}

/* A record of separated fields, one reading per value the profile names. */
static void
record_by_fields (DabiaoParser *self,
                  const char   *s,
                  const guint8 *raw,
                  gsize         raw_len,
                  GPtrArray    *frames)
{
  DabiaoProfile *p = self->profile;
  g_auto(RecordFields) f = { NULL, };
  gboolean stable;
  gint64 sequence;
  g_auto(GStrv) fields = g_strsplit (s, p->separator, 256);
  guint n = g_strv_length (fields);
  int needed = MAX (MAX (p->unit_field, p->status_field), MAX (p->participant_field, MAX (p->sequence_field, p->time_field)));
  GPtrArray *readings;

  for (guint i = 0; i < p->values->len; i++)
    needed = MAX (needed, g_array_index (p->values, DabiaoValueSpec, i).field);
  if ((int) n <= needed)
    {
      frame_error (frames, raw, raw_len,
                   g_strdup_printf (_("record has %u fields, the profile expects at least %d"), n, needed + 1));
      return;
    }
  if (p->status_field >= 0) f.status = g_strdup (fields[p->status_field]);
  if (p->unit_field >= 0) f.unit = g_strstrip (g_strdup (fields[p->unit_field]));
  if (p->participant_field >= 0) f.participant = g_strdup (fields[p->participant_field]);
  if (p->sequence_field >= 0) f.sequence = g_strdup (fields[p->sequence_field]);
  if (p->time_field >= 0) f.time = g_strdup (fields[p->time_field]);
  if (!record_common (self, &f, raw, raw_len, frames, &stable, &sequence))
    return;

  readings = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_reading_unref);
  for (guint i = 0; i < p->values->len; i++)
    {
      const DabiaoValueSpec *spec = &g_array_index (p->values, DabiaoValueSpec, i);
      const char *field = fields[spec->field];
      const char *unit;
      DabiaoReading *reading;
      double v;
      int decimals;

      if (!dabiao_value_parse (field, strlen (field), &v, &decimals))
        {
          frame_error (frames, raw, raw_len,
                       g_strdup_printf (_("field %d “%s” is not a number"), spec->field + 1, field));
          g_ptr_array_unref (readings);
          return;
        }
      if (spec->unit)
        unit = spec->unit;
      else if (f.unit && f.unit[0])
        unit = f.unit;
      else if (spec->item && !p->unit)
        unit = "";   /* without a unit, a value is in its item's unit */
      else
        unit = NULL;
      reading = reading_new_value (p, raw, raw_len, v * spec->scale, decimals, unit);
      if (spec->item)
        {
          g_free (reading->item);
          reading->item = g_strdup (spec->item);
        }
      record_fill (reading, &f, stable, sequence);
      g_ptr_array_add (readings, reading);
    }
  for (guint i = 0; i < readings->len; i++)
    frame_reading (frames, dabiao_reading_ref (readings->pdata[i]));
  g_ptr_array_unref (readings);
}

/* One record into values: by the profile's pattern (named groups) or by
 * separated fields. */
static void
parse_record (DabiaoParser *self,
              const char   *text,
              gsize         len,
              const guint8 *raw,
              gsize         raw_len,
              GPtrArray    *frames)
{
  DabiaoProfile *p = self->profile;
  g_autofree char *s = g_strndup (text, len);

  if (memchr (text, '\0', len) != NULL || !g_utf8_validate (s, -1, NULL))
    {
      frame_error (frames, raw, raw_len, g_strdup (_("record is not text")));
      return;
    }
  g_strchomp (s);
  if (s[0] == '\0')
    return;

  if (p->subject_ack && g_str_equal (g_strstrip (s), p->subject_ack))
    {
      frame_new (frames, DABIAO_FRAME_ACK, raw, raw_len);
      return;
    }
  if (p->ignore && g_regex_match (p->ignore, s, 0, NULL))
    return;
  if (p->prefix && !g_str_has_prefix (s, p->prefix))
    {
      frame_error (frames, raw, raw_len,
                   g_strdup_printf (_("record does not start with “%s”"), p->prefix));
      return;
    }

  if (p->regex)
    record_by_pattern (self, s, raw, raw_len, frames);
  else
    record_by_fields (self, s, raw, raw_len, frames);
}

/* Weighing-indicator stream: "ST,GS,+  4.876kg" ----------------------------- */

static const char *
skip_sep (const char *p,
          const char *end)
{
  while (p < end && (*p == ' ' || *p == ','))
    p++;
  return p;
}

static gboolean
split_value_unit (const char  *p,
                  const char  *end,
                  double      *value,
                  int         *decimals,
                  char       **unit)
{
  const char *u;

  while (end > p && end[-1] == ' ')
    end--;
  u = end;
  while (u > p && (g_ascii_isalpha (u[-1]) || u[-1] == '%'))
    u--;
  if (!dabiao_value_parse (p, u - p, value, decimals))
    return FALSE;
  *unit = g_strndup (u, end - u);
  return TRUE;
}

static void
parse_weighing (DabiaoParser *self,
                const char   *text,
                gsize         len,
                const guint8 *raw,
                gsize         raw_len,
                GPtrArray    *frames)
{
  const char *p = text;
  const char *end = text + len;
  char status[3] = { 0, };
  double value;
  int decimals;
  g_autofree char *unit = NULL;
  DabiaoReading *reading;

  while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  while (p < end && *p == ' ')
    p++;
  if (p == end)
    return;
  if (end - p < 2)
    goto bad;
  memcpy (status, p, 2);
  if (!g_str_equal (status, "ST") && !g_str_equal (status, "US") && !g_str_equal (status, "OL"))
    goto bad;
  p = skip_sep (p + 2, end);
  if (end - p >= 2 && (memcmp (p, "GS", 2) == 0 || memcmp (p, "NT", 2) == 0 || memcmp (p, "TR", 2) == 0))
    p = skip_sep (p + 2, end);
  if (g_str_equal (status, "OL"))
    {
      frame_error (frames, raw, raw_len, g_strdup (_("the scale reports overload")));
      return;
    }
  if (!split_value_unit (p, end, &value, &decimals, &unit))
    goto bad;

  reading = reading_new_value (self->profile, raw, raw_len, value, decimals, unit[0] != '\0' ? unit : NULL);
  reading->stable = g_str_equal (status, "ST");
  frame_reading (frames, reading);
  return;

bad:
  frame_error (frames, raw, raw_len,
               g_strdup (_("not a weighing-indicator record (expected ST/US/OL, GS/NT, a value and a unit)")));
}

/* MT-SICS-style answers: "S S     100.00 g" --------------------------------- */

static void
parse_sics (DabiaoParser *self,
            const char   *text,
            gsize         len,
            const guint8 *raw,
            gsize         raw_len,
            GPtrArray    *frames)
{
  g_autofree char *s = g_strndup (text, len);
  g_auto(GStrv) tokens = NULL;
  guint n;
  const char *status;
  g_autofree char *value_text = NULL;
  const char *unit = NULL;
  double value;
  int decimals;
  DabiaoReading *reading;

  if (memchr (text, '\0', len) != NULL || !g_utf8_validate (s, -1, NULL))
    goto bad;
  g_strstrip (s);
  if (s[0] == '\0')
    return;
  tokens = g_regex_split_simple ("\\s+", s, 0, 0);
  if (tokens == NULL || tokens[0] == NULL)
    goto bad;
  n = g_strv_length (tokens);

  if (g_str_equal (tokens[0], "ES"))
    {
      frame_error (frames, raw, raw_len, g_strdup (_("the device did not understand the command (ES)")));
      return;
    }
  if (g_str_equal (tokens[0], "ET"))
    {
      frame_error (frames, raw, raw_len, g_strdup (_("the device reports a transmission error (ET)")));
      return;
    }
  if (g_str_equal (tokens[0], "EL"))
    {
      frame_error (frames, raw, raw_len, g_strdup (_("the device cannot carry out the command (EL)")));
      return;
    }
  if (n < 2 || (!g_str_equal (tokens[0], "S") && !g_str_equal (tokens[0], "SI")))
    goto bad;
  status = tokens[1];
  if (g_str_equal (status, "I"))
    {
      DabiaoFrame *frame = frame_new (frames, DABIAO_FRAME_BUSY, raw, raw_len);

      frame->message = g_strdup (_("device busy (I)"));
      return;
    }
  if (g_str_equal (status, "+"))
    {
      frame_error (frames, raw, raw_len, g_strdup (_("the scale reports overload (+)")));
      return;
    }
  if (g_str_equal (status, "-"))
    {
      frame_error (frames, raw, raw_len, g_strdup (_("the scale reports underload (−)")));
      return;
    }
  if ((!g_str_equal (status, "S") && !g_str_equal (status, "D")) || n < 3)
    goto bad;

  if (n >= 4 && g_ascii_isalpha (tokens[n - 1][0]))
    {
      unit = tokens[n - 1];
      tokens[n - 1] = NULL;
      value_text = g_strjoinv (" ", tokens + 2);
      tokens[n - 1] = (char *) unit;
    }
  else
    value_text = g_strjoinv (" ", tokens + 2);
  if (!dabiao_value_parse (value_text, strlen (value_text), &value, &decimals))
    goto bad;

  reading = reading_new_value (self->profile, raw, raw_len, value, decimals, unit);
  reading->stable = g_str_equal (status, "S");
  frame_reading (frames, reading);
  return;

bad:
  frame_error (frames, raw, raw_len,
               g_strdup (_("not an MT-SICS answer (expected “S S value unit”, “S D …”, “S I” or ES/ET/EL)")));
}

/* Line-based families ---------------------------------------------------- */

static void
line_complete (DabiaoParser *self,
               GPtrArray    *frames)
{
  const guint8 *raw = self->buf->data;
  gsize raw_len = self->buf->len;
  gsize len = raw_len;

  while (len > 0 && (raw[len - 1] == '\r' || raw[len - 1] == '\n'))
    len--;
  if (len == 0)
    return;

  switch (self->profile->family)
    {
    case DABIAO_FAMILY_WEIGHING:
      parse_weighing (self, (const char *) raw, len, raw, raw_len, frames);
      break;
    case DABIAO_FAMILY_SICS:
      parse_sics (self, (const char *) raw, len, raw, raw_len, frames);
      break;
    case DABIAO_FAMILY_LINE:
    case DABIAO_FAMILY_STX:
    case DABIAO_FAMILY_RS485:
    case DABIAO_FAMILY_MODBUS:
    case DABIAO_FAMILY_SAM:
    default:
      parse_record (self, (const char *) raw, len, raw, raw_len, frames);
      break;
    }
}

static void
feed_lines (DabiaoParser *self,
            const guint8 *data,
            gsize         len,
            GPtrArray    *frames)
{
  while (len > 0)
    {
      const guint8 *nl = NULL;
      gsize take;

      for (gsize i = 0; i < len; i++)
        if (data[i] == '\n' || data[i] == '\r')
          {
            nl = data + i;
            break;
          }
      take = nl ? (gsize) (nl - data) + 1 : len;

      if (self->buf->len + take > MAX_LINE)
        {
          gsize room = MAX_LINE - self->buf->len;

          g_byte_array_append (self->buf, data, MIN (room, take));
          frame_error (frames, self->buf->data, self->buf->len,
                       g_strdup_printf (_("line longer than %d bytes skipped"), MAX_LINE));
          g_byte_array_set_size (self->buf, 0);
          /* Skip the rest of this over-long line. */
          self->in_frame = TRUE;
          data += take;
          len -= take;
          if (nl)
            self->in_frame = FALSE;
          continue;
        }

      if (self->in_frame)
        {
          /* Still inside an over-long line: drop until its end. */
          if (nl)
            self->in_frame = FALSE;
        }
      else
        {
          g_byte_array_append (self->buf, data, take);
          if (nl)
            {
              line_complete (self, frames);
              g_byte_array_set_size (self->buf, 0);
            }
        }
      data += take;
      len -= take;
    }
}

/* STX payload ETX checksum ------------------------------------------------- */

static gsize
stx_checksum_len (DabiaoProfile *p)
{
  if (p->checksum == DABIAO_CHECKSUM_NONE)
    return 0;
  return p->checksum_hex ? 2 : 1;
}

static void
stx_complete (DabiaoParser *self,
              GPtrArray    *frames)
{
  DabiaoProfile *p = self->profile;
  const guint8 *f = self->buf->data;
  gsize n = self->buf->len;
  gsize ck_len = stx_checksum_len (p);
  const guint8 *etx = f + n - ck_len - 1;
  guint8 expected;

  if (ck_len > 0)
    {
      guint got;

      expected = p->checksum == DABIAO_CHECKSUM_XOR
                 ? dabiao_checksum_xor (f + 1, etx - f)
                 : dabiao_checksum_lrc (f + 1, etx - f);
      if (p->checksum_hex)
        {
          char hex[3] = { (char) etx[1], (char) etx[2], 0 };

          if (!g_ascii_isxdigit (hex[0]) || !g_ascii_isxdigit (hex[1]))
            got = 0x100;
          else
            got = g_ascii_xdigit_value (hex[0]) * 16 + g_ascii_xdigit_value (hex[1]);
        }
      else
        got = etx[1];
      if (got != expected)
        {
          frame_error (frames, f, n,
                       g_strdup_printf (_("checksum wrong: expected %02X, received %02X; frame dropped"),
                                        expected, got & 0xFF));
          return;
        }
    }
  parse_record (self, (const char *) f + 1, etx - f - 1, f, n, frames);
}

static void
feed_stx (DabiaoParser *self,
          const guint8 *data,
          gsize         len,
          GPtrArray    *frames)
{
  DabiaoProfile *p = self->profile;
  gsize ck_len = stx_checksum_len (p);

  for (gsize i = 0; i < len; i++)
    {
      guint8 b = data[i];

      if (!self->in_frame)
        {
          if (b == 0x02)
            {
              flush_junk (self, frames);
              self->in_frame = TRUE;
              g_byte_array_set_size (self->buf, 0);
              g_byte_array_append (self->buf, &b, 1);
            }
          else
            add_junk (self, &b, 1, frames);
          continue;
        }

      /* In a frame: before or after its ETX? */
      if (self->etx < 0)
        {
          if (b == 0x02)
            {
              /* A new frame starts before this one ended. */
              add_junk (self, self->buf->data, self->buf->len, frames);
              flush_junk (self, frames);
              g_byte_array_set_size (self->buf, 0);
            }
          else if (self->buf->len >= MAX_LINE)
            {
              add_junk (self, self->buf->data, self->buf->len, frames);
              flush_junk (self, frames);
              g_byte_array_set_size (self->buf, 0);
              self->in_frame = FALSE;
              add_junk (self, &b, 1, frames);
              continue;
            }
          else if (b == 0x03)
            self->etx = self->buf->len;
        }
      g_byte_array_append (self->buf, &b, 1);

      if (self->etx >= 0 && self->buf->len - (gsize) self->etx == ck_len + 1)
        {
          stx_complete (self, frames);
          g_byte_array_set_size (self->buf, 0);
          self->in_frame = FALSE;
          self->etx = -1;
        }
    }
}

/* RS-485 polled frames: [0x5A addr func data… sum] ------------------------ */

static guint32
decode_be (const guint8   *d,
           gsize           n,
           DabiaoEncoding  encoding,
           gboolean       *ok,
           gint64         *out)
{
  guint64 v = 0;

  *ok = TRUE;
  for (gsize i = 0; i < n; i++)
    {
      if (encoding == DABIAO_ENCODING_BCD)
        {
          if ((d[i] >> 4) > 9 || (d[i] & 0xF) > 9)
            *ok = FALSE;
          v = v * 100 + (d[i] >> 4) * 10 + (d[i] & 0xF);
        }
      else
        v = (v << 8) | d[i];
    }
  if (encoding == DABIAO_ENCODING_SIGNED && n > 0 && (d[0] & 0x80))
    *out = (gint64) v - ((gint64) 1 << (8 * n));
  else
    *out = (gint64) v;
  return (guint32) v;
}

static void
feed_rs485 (DabiaoParser *self,
            const guint8 *data,
            gsize         len,
            GPtrArray    *frames)
{
  DabiaoProfile *p = self->profile;
  gsize n = 4 + p->data_length;
  gsize pos = 0;

  g_byte_array_append (self->buf, data, len);
  while (self->buf->len - pos > 0)
    {
      const guint8 *f = self->buf->data + pos;
      gsize avail = self->buf->len - pos;
      gboolean plausible;

      if (f[0] != 0x5A)
        {
          add_junk (self, f, 1, frames);
          pos++;
          continue;
        }
      if (avail < 2)
        break;
      plausible = f[1] == p->address;
      if (avail >= 3)
        plausible = plausible && (f[2] == 0x01 || f[2] == 0x03 || f[2] == 0x08);
      if (!plausible)
        {
          add_junk (self, f, 1, frames);
          pos++;
          continue;
        }
      if (avail < n)
        break;

      flush_junk (self, frames);
      if (dabiao_checksum_sum8 (f, n - 1) != f[n - 1])
        {
          frame_error (frames, f, n,
                       g_strdup_printf (_("checksum wrong: expected %02X, received %02X; frame dropped"),
                                        dabiao_checksum_sum8 (f, n - 1), f[n - 1]));
          pos += n;
          continue;
        }
      if (f[2] == 0x03)
        {
          gboolean ok;
          gint64 v;
          guint32 rawv = decode_be (f + 3, p->data_length, p->encoding, &ok, &v);

          if (p->unconfirmed >= 0 && rawv == (guint32) p->unconfirmed)
            {
              DabiaoFrame *frame = frame_new (frames, DABIAO_FRAME_BUSY, f, n);

              frame->message = g_strdup (_("value not confirmed yet"));
            }
          else if (!ok)
            frame_error (frames, f, n, g_strdup (_("value is not valid BCD")));
          else
            {
              DabiaoReading *reading = reading_new (p, f, n);

              reading->value = v * p->scale;
              frame_reading (frames, reading);
            }
        }
      else
        frame_new (frames, DABIAO_FRAME_ACK, f, n);
      pos += n;
    }
  g_byte_array_remove_range (self->buf, 0, pos);
}

/* Modbus-RTU: [addr 0x03 count data… crc_lo crc_hi] ------------------------ */

static void
feed_modbus (DabiaoParser *self,
             const guint8 *data,
             gsize         len,
             GPtrArray    *frames)
{
  DabiaoProfile *p = self->profile;
  gsize pos = 0;

  g_byte_array_append (self->buf, data, len);
  while (self->buf->len - pos > 0)
    {
      const guint8 *f = self->buf->data + pos;
      gsize avail = self->buf->len - pos;
      gsize n;
      guint16 crc;

      if (f[0] != p->address)
        {
          add_junk (self, f, 1, frames);
          pos++;
          continue;
        }
      if (avail < 3)
        break;
      if (f[1] == 0x03 && f[2] == 2 * p->reg_count)
        n = 5 + f[2];
      else if (f[1] == 0x83)
        n = 5;
      else
        {
          add_junk (self, f, 1, frames);
          pos++;
          continue;
        }
      if (avail < n)
        break;

      crc = dabiao_checksum_crc16 (f, n - 2);
      if ((crc & 0xFF) != f[n - 2] || (crc >> 8) != f[n - 1])
        {
          /* Either a damaged frame or noise that looked like a start. */
          add_junk (self, f, 1, frames);
          pos++;
          continue;
        }
      flush_junk (self, frames);
      if (f[1] == 0x83)
        {
          frame_error (frames, f, n,
                       g_strdup_printf (_("the device answered with Modbus exception %u"), f[2]));
        }
      else
        {
          const guint8 *regs = f + 3;
          int vi = p->value_register - p->reg_start;
          gboolean ok;
          gint64 v;
          DabiaoReading *reading = reading_new (p, f, n);

          decode_be (regs + 2 * vi, 2 * p->value_words, p->encoding, &ok, &v);
          reading->value = v * p->scale;
          if (p->status_register >= 0)
            {
              int si = p->status_register - p->reg_start;
              reading->stable = ((regs[2 * si] << 8) | regs[2 * si + 1]) == p->stable_value;
            }
          if (p->sequence_register >= 0)
            {
              int qi = p->sequence_register - p->reg_start;
              reading->sequence = (regs[2 * qi] << 8) | regs[2 * qi + 1];
            }
          if (!ok)
            {
              dabiao_reading_unref (reading);
              frame_error (frames, f, n, g_strdup (_("value is not valid BCD")));
            }
          else
            frame_reading (frames, reading);
        }
      pos += n;
    }
  g_byte_array_remove_range (self->buf, 0, pos);
}

/* 二代证 reader (SAM): [AA AA AA 96 69 len_hi len_lo SW1 SW2 SW3 data… xor] ------
 *
 * The host polls "find card"; the answers say what to send next: a card found
 * → select it, selected → read it.  The frame of a read carries the card.  A
 * reader answers one command at a time, so an answer is recognised by its
 * status word and the length of its data. */

#define SAM_PREAMBLE_LEN 5
#define SAM_MAX_BODY     4096   /* the largest answer (text + photo + fingerprint) is ~2.3 KB */

static void
feed_sam (DabiaoParser *self,
          const guint8 *data,
          gsize         len,
          GPtrArray    *frames)
{
  static const guint8 preamble[SAM_PREAMBLE_LEN] = { 0xAA, 0xAA, 0xAA, 0x96, 0x69 };
  gsize pos = 0;

  g_byte_array_append (self->buf, data, len);
  while (self->buf->len - pos > 0)
    {
      const guint8 *f = self->buf->data + pos;
      gsize avail = self->buf->len - pos;
      gsize body, n, m;
      guint8 sum = 0;
      DabiaoFrame *frame;

      m = MIN (avail, SAM_PREAMBLE_LEN);
      if (memcmp (f, preamble, m) != 0)
        {
          add_junk (self, f, 1, frames);
          pos++;
          continue;
        }
      if (avail < SAM_PREAMBLE_LEN + 2)
        break;
      body = (f[5] << 8) | f[6];
      if (body < 4 || body > SAM_MAX_BODY)
        {
          add_junk (self, f, 1, frames);
          pos++;
          continue;
        }
      n = SAM_PREAMBLE_LEN + 2 + body;
      if (avail < n)
        break;
      flush_junk (self, frames);
      for (gsize i = SAM_PREAMBLE_LEN; i < n - 1; i++)
        sum ^= f[i];
      if (sum != f[n - 1])
        {
          frame_error (frames, f, n,
                       g_strdup_printf (_("checksum wrong: expected %02X, received %02X; frame dropped"),
                                        sum, f[n - 1]));
          pos += n;
          continue;
        }

      {
        guint8 sw3 = f[9];
        const guint8 *d = f + 10;
        gsize dlen = body - 4;   /* SW1 SW2 SW3 … checksum */

        switch (sw3)
          {
          case DABIAO_SAM_FOUND:
            frame = frame_new (frames, DABIAO_FRAME_ACK, f, n);
            frame->reply = dabiao_sam_command (DABIAO_SAM_CMD_SELECT, DABIAO_SAM_PARA_SELECT);
            break;
          case DABIAO_SAM_NO_CARD:
            frame = frame_new (frames, DABIAO_FRAME_BUSY, f, n);
            frame->message = g_strdup (_("no card on the reader"));
            break;
          case DABIAO_SAM_SELECT_FAIL:
            frame = frame_new (frames, DABIAO_FRAME_BUSY, f, n);
            frame->message = g_strdup (_("the card could not be selected (moved?); trying again"));
            break;
          case DABIAO_SAM_OK:
            if (dlen >= 4 + DABIAO_ID_CARD_TEXT_SIZE)
              {
                gsize text_len = (d[0] << 8) | d[1];
                g_autoptr(GError) error = NULL;
                DabiaoIdCard *card = NULL;

                if (text_len < DABIAO_ID_CARD_TEXT_SIZE || 4 + text_len > dlen)
                  frame_error (frames, f, n,
                               g_strdup_printf (_("card text of %lu bytes does not fit the frame"),
                                                (unsigned long) text_len));
                else if ((card = dabiao_id_card_new_from_text (d + 4, text_len, &error)) == NULL)
                  frame_error (frames, f, n, g_strdup (error->message));
                else
                  {
                    DabiaoReading *reading = reading_new (self->profile, f, n);

                    reading->card = card;
                    reading->participant_id = g_strdup (card->number);
                    frame_reading (frames, reading);
                  }
              }
            else
              {
                frame = frame_new (frames, DABIAO_FRAME_ACK, f, n);
                /* The answer to "select" carries 8 bytes (the card's serial). */
                if (dlen == 8)
                  frame->reply = dabiao_sam_command (DABIAO_SAM_CMD_READ, DABIAO_SAM_PARA_READ);
              }
            break;
          case DABIAO_SAM_READ_FAIL:
            frame_error (frames, f, n, g_strdup (_("the card could not be read; lay it on the reader again")));
            break;
          default:
            frame_error (frames, f, n,
                         g_strdup_printf (_("the card reader answered with status %02X %02X %02X"),
                                          f[7], f[8], sw3));
            break;
          }
      }
      pos += n;
    }
  g_byte_array_remove_range (self->buf, 0, pos);
}

/* Public ----------------------------------------------------------------- */

DabiaoParser *
dabiao_parser_new (DabiaoProfile *profile)
{
  DabiaoParser *self = g_new0 (DabiaoParser, 1);

  self->profile = dabiao_profile_ref (profile);
  self->buf = g_byte_array_sized_new (256);
  self->junk = g_byte_array_new ();
  self->etx = -1;
  return self;
}

void
dabiao_parser_free (DabiaoParser *self)
{
  if (self == NULL)
    return;
  dabiao_profile_unref (self->profile);
  g_byte_array_unref (self->buf);
  g_byte_array_unref (self->junk);
  g_free (self);
}

void
dabiao_parser_reset (DabiaoParser *self)
{
  g_byte_array_set_size (self->buf, 0);
  g_byte_array_set_size (self->junk, 0);
  self->in_frame = FALSE;
  self->etx = -1;
}

gsize
dabiao_parser_pending (DabiaoParser *self)
{
  return self->buf->len + self->junk->len;
}

void
dabiao_parser_feed (DabiaoParser *self,
                    const guint8 *data,
                    gsize         len,
                    GPtrArray    *frames)
{
  switch (self->profile->family)
    {
    case DABIAO_FAMILY_STX:
      feed_stx (self, data, len, frames);
      break;
    case DABIAO_FAMILY_RS485:
      feed_rs485 (self, data, len, frames);
      break;
    case DABIAO_FAMILY_MODBUS:
      feed_modbus (self, data, len, frames);
      break;
    case DABIAO_FAMILY_SAM:
      feed_sam (self, data, len, frames);
      break;
    case DABIAO_FAMILY_LINE:
    case DABIAO_FAMILY_WEIGHING:
    case DABIAO_FAMILY_SICS:
    default:
      feed_lines (self, data, len, frames);
      break;
    }
}
