/* dabiao-sim.c: an instrument simulator on a pseudo-terminal
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dabiao-sim --profile NAME (--values V1,V2,… | --values-file FILE | --random MIN:MAX)
 *            [--rate HZ] [--fault KIND]… [--count N] [--seed N] [--link PATH] [--linger S]
 *            [--wait-for-host]
 *   (--random sends without end unless --count N says how many)
 * dabiao-sim --profile id-card --card NAME,NUMBER[,民族[,住址]]… [--rate HZ] [--fault KIND]…
 *
 * Prints the port path as the first line of its output: a symbolic link to
 * the pseudo-terminal, which stays the same when the "disconnect" fault
 * closes the pseudo-terminal and opens a new one (the link is re-pointed).
 * Values are given in the item's unit and encoded in the device's format.
 * A streaming device sends from the start, as a real one does: a host that
 * opens the port late finds several values waiting at once.
 * --wait-for-host holds the first value until the host has opened the port
 * and set its line (tcsetattr) or cleared its input, as every serial program
 * does (seen in the pseudo-terminal's packet mode, EXTPROC), so that a test
 * knows which value comes first on any machine.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "dabiao-i18n.h"
#include "dabiao-id-card.h"
#include "dabiao-parser.h"
#include "dabiao-profile-private.h"

typedef enum
{
  FAULT_GARBAGE    = 1 << 0,
  FAULT_SPLIT      = 1 << 1,
  FAULT_CHECKSUM   = 1 << 2,
  FAULT_UNSTABLE   = 1 << 3,
  FAULT_DISCONNECT = 1 << 4,
  FAULT_GAP        = 1 << 5,
  FAULT_CLOCK      = 1 << 6,
} Fault;

static const char *fault_names[] = { "garbage", "split", "checksum", "unstable", "disconnect", "gap", "clock" };

typedef struct
{
  DabiaoProfile        *profile;
  const char           *item;
  const DabiaoItemInfo *info;
  GPtrArray            *values;      /* char*: "172.5" or "175.6/70.5" */
  gboolean              random;
  double                rmin, rmax;
  guint                 total;
  double                rate;
  guint                 faults;
  GRand                *rand;
  guint32               seed;
  double                linger;

  char                 *link;
  int                   master;
  int                   slave;
  gboolean              disconnected;
  gboolean              wait_for_host;  /* packet mode until the host set up the port */

  guint                 next;        /* values delivered */
  gint64                seq;         /* next record number */
  GHashTable           *history;     /* record number → GBytes (good copy) */
  GByteArray           *in;          /* bytes from the host */

  /* polled devices */
  gint64                ready_at;
  int                   unstable_left;
  gboolean              answered_value;   /* rs485: last answer carried the value */
  gboolean              corrupted;        /* checksum fault done for this value */
  guint16               regs[3];
  gint64                mb_seq;

  /* identity-card reader: the cards laid on it, one after the other */
  GPtrArray            *cards;            /* DabiaoIdCard* */
} Sim;

/* Values ------------------------------------------------------------------- */

static int
item_decimals (Sim *sim)
{
  if (sim->profile->decimals >= 0)
    return sim->profile->decimals;
  return sim->info ? sim->info->decimals : 1;
}

/* Value @index for value spec @part (0 = the profile's first item). */
static double
value_at (Sim   *sim,
          guint  index,
          guint  part)
{
  if (sim->random)
    {
      /* Deterministic per index, so that repeated answers agree. */
      GRand *r = g_rand_new_with_seed (sim->seed + index * 2654435761u);
      double scale = pow (10, item_decimals (sim));
      double v = g_rand_double_range (r, sim->rmin, sim->rmax);

      g_rand_free (r);
      return round (v * scale) / scale;
    }
  else
    {
      g_auto(GStrv) parts = g_strsplit (sim->values->pdata[index], "/", -1);

      if (part < g_strv_length (parts))
        return g_ascii_strtod (parts[part], NULL);
      return NAN;
    }
}

static const char *
device_unit_for (Sim                   *sim,
                 const DabiaoValueSpec *spec,
                 const char            *item)
{
  const DabiaoItemInfo *info = dabiao_item_lookup (item);

  if (spec && spec->unit)
    return spec->unit;
  if (sim->profile->unit)
    return sim->profile->unit;
  return info ? info->unit : "";
}

/* Format @value (item unit of @item) in @dev_unit with fitting decimals. */
static char *
format_device (Sim        *sim,
               double      value,
               const char *item,
               const char *dev_unit,
               double     *out_dev)
{
  const DabiaoItemInfo *info = dabiao_item_lookup (item);
  double dev = value, factor = 1;
  int decimals = info ? info->decimals : item_decimals (sim);

  if (info && dabiao_unit_convert (value, info->unit, dev_unit, &dev))
    dabiao_unit_convert (1.0, dev_unit, info->unit, &factor);
  if (sim->profile->decimals >= 0)
    decimals = sim->profile->decimals;
  decimals = MAX (0, decimals + (int) lround (log10 (factor)));
  if (out_dev)
    *out_dev = dev;
  return g_strdup_printf ("%.*f", decimals, dev);
}

/* Writing ------------------------------------------------------------------- */

static void
write_all (Sim          *sim,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (sim->master, data, len);

      if (n < 0)
        {
          if (errno == EINTR || errno == EAGAIN)
            {
              g_usleep (1000);
              continue;
            }
          return;   /* nobody is listening: drop */
        }
      data += n;
      len -= n;
    }
}

static void
send_bytes (Sim    *sim,
            GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  if ((sim->faults & FAULT_GARBAGE) && g_rand_boolean (sim->rand))
    {
      guint8 junk[16];
      int n = g_rand_int_range (sim->rand, 3, 13);
      gboolean text = sim->profile->family == DABIAO_FAMILY_LINE ||
                      sim->profile->family == DABIAO_FAMILY_WEIGHING ||
                      sim->profile->family == DABIAO_FAMILY_SICS;

      /* Line noise: bytes with the high bit set, which no family uses to
       * start a frame; text protocols see the noise as a line of its own. */
      for (int i = 0; i < n; i++)
        junk[i] = (guint8) g_rand_int_range (sim->rand, 0x80, 0x100);
      if (text)
        {
          junk[n++] = '\r';
          junk[n++] = '\n';
        }
      write_all (sim, junk, n);
    }

  if (sim->faults & FAULT_SPLIT)
    {
      gsize pos = 0;

      while (pos < len)
        {
          gsize piece = g_rand_int_range (sim->rand, 1, 5);
          gsize n = MIN (piece, len - pos);

          write_all (sim, data + pos, n);
          pos += n;
          g_usleep (g_rand_int_range (sim->rand, 200, 2000));
        }
    }
  else
    write_all (sim, data, len);
}

static void
send_text (Sim        *sim,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  send_bytes (sim, bytes);
}

/* Records of the text families ------------------------------------------------- */

static char *
time_text (Sim *sim)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (sim->faults & FAULT_CLOCK)
    {
      /* An unset clock: counting from 2000-01-01 00:00. */
      g_autofree char *rest = g_date_time_format (now, "%H%M%S");
      return g_strdup_printf ("20000101%s", rest);
    }
  return g_date_time_format (now, "%Y%m%d%H%M%S");
}

static char *
replace (const char *s,
         const char *key,
         const char *value)
{
  g_auto(GStrv) parts = g_strsplit (s, key, -1);
  return g_strjoinv (value, parts);
}

/* The text of one record (without frame or line end). */
static char *
record_text (Sim      *sim,
             guint     index,
             gint64    seq,
             gboolean  stable)
{
  DabiaoProfile *p = sim->profile;
  g_autofree char *participant = g_strdup_printf ("P%04u", index + 1);
  g_autofree char *seq_text = g_strdup_printf ("%04" G_GINT64_FORMAT, seq);
  g_autofree char *time = time_text (sim);
  double noise = stable ? 0 : g_rand_double_range (sim->rand, -3, 3);

  if (p->sim_template)
    {
      const char *unit = device_unit_for (sim, NULL, sim->item);
      double v = value_at (sim, index, 0) + noise;
      g_autofree char *value = format_device (sim, v, sim->item, unit, NULL);
      g_autofree char *mss = NULL;
      g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *s4 = NULL, *s5 = NULL, *s6 = NULL;
      int whole = (int) floor (v / 60);

      mss = g_strdup_printf ("%d:%05.2f", whole, v - whole * 60);
      s1 = replace (p->sim_template, "{value:mss}", mss);
      s2 = replace (s1, "{value}", value);
      s3 = replace (s2, "{unit}", unit);
      s4 = replace (s3, "{sequence}", seq_text);
      s5 = replace (s4, "{time}", time);
      s6 = replace (s5, "{participant}", participant);
      return g_steal_pointer (&s6);
    }

  /* Separated fields. */
  {
    int n = 0;
    g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);

    n = MAX (MAX (p->unit_field, p->status_field), MAX (p->participant_field, MAX (p->sequence_field, p->time_field)));
    for (guint i = 0; i < p->values->len; i++)
      n = MAX (n, g_array_index (p->values, DabiaoValueSpec, i).field);
    for (int i = 0; i <= n; i++)
      g_ptr_array_add (fields, g_strdup ("0"));
    if (p->prefix)
      {
        g_free (fields->pdata[0]);
        fields->pdata[0] = g_str_has_suffix (p->prefix, p->separator)
                           ? g_strndup (p->prefix, strlen (p->prefix) - strlen (p->separator))
                           : g_strdup (p->prefix);
      }
    for (guint i = 0; i < p->values->len; i++)
      {
        const DabiaoValueSpec *spec = &g_array_index (p->values, DabiaoValueSpec, i);
        const char *item = spec->item ? spec->item : sim->item;
        const DabiaoItemInfo *info = dabiao_item_lookup (item);
        double v = value_at (sim, index, i);
        const char *unit = device_unit_for (sim, spec, item);

        if (isnan (v))
          v = info ? info->typical : 0;
        v = (v + noise) / spec->scale;
        g_free (fields->pdata[spec->field]);
        fields->pdata[spec->field] = format_device (sim, v, item, unit, NULL);
        if (p->unit_field >= 0)
          {
            g_free (fields->pdata[p->unit_field]);
            fields->pdata[p->unit_field] = g_strdup (unit);
          }
      }
    if (p->status_field >= 0 && p->stable_status)
      {
        g_free (fields->pdata[p->status_field]);
        fields->pdata[p->status_field] = g_strdup (stable ? p->stable_status[0] : "US");
      }
    if (p->participant_field >= 0)
      {
        g_free (fields->pdata[p->participant_field]);
        fields->pdata[p->participant_field] = g_strdup (participant);
      }
    if (p->sequence_field >= 0)
      {
        g_free (fields->pdata[p->sequence_field]);
        fields->pdata[p->sequence_field] = g_strdup (seq_text);
      }
    if (p->time_field >= 0)
      {
        g_free (fields->pdata[p->time_field]);
        fields->pdata[p->time_field] = g_strdup (time);
      }
    g_ptr_array_add (fields, NULL);
    return g_strjoinv (p->separator, (char **) fields->pdata);
  }
}

static GBytes *
frame_text_record (Sim        *sim,
                   const char *payload,
                   gboolean    corrupt)
{
  DabiaoProfile *p = sim->profile;

  if (p->family == DABIAO_FAMILY_STX)
    return _dabiao_profile_frame_stx (p, payload, corrupt ? 0x5A : 0);
  if (g_str_has_suffix (payload, "\n"))
    return g_bytes_new (payload, strlen (payload));
  {
    g_autofree char *line = g_strconcat (payload, "\r\n", NULL);
    return g_bytes_new (line, strlen (line));
  }
}

static gboolean
middle (Sim   *sim,
        guint  index)
{
  /* The record a one-off fault hits: never the first or the last, so that
   * the host can notice what is missing. */
  return sim->total >= 3 && index == sim->total / 2;
}

/* One value of a streaming device. */
static void
emit_stream_value (Sim *sim)
{
  DabiaoProfile *p = sim->profile;
  guint index = sim->next;

  if (p->family == DABIAO_FAMILY_WEIGHING)
    {
      const char *unit = device_unit_for (sim, NULL, sim->item);
      int n_unstable = (sim->faults & FAULT_UNSTABLE) ? 4 : 1;

      for (int i = 0; i <= n_unstable + (int) p->stable_count; i++)
        {
          gboolean stable = i > n_unstable;
          double v = value_at (sim, index, 0);
          double dev;
          g_autofree char *text = NULL;
          g_autofree char *line = NULL;

          if (!stable)
            v = v * (i == 0 ? 0.5 : 1.0) + g_rand_double_range (sim->rand, -2, 2);
          text = format_device (sim, fabs (v), sim->item, unit, &dev);
          line = g_strdup_printf ("%s,GS,%c%8s%s\r\n", stable ? "ST" : "US", v < 0 ? '-' : '+', text, unit);
          send_text (sim, line);
          g_usleep (2000);
        }
      sim->next++;
      return;
    }

  /* line and stx records */
  {
    gint64 seq = sim->seq++;
    gboolean has_status = dabiao_profile_has_stability (p);
    g_autofree char *good = NULL;
    g_autoptr(GBytes) good_frame = NULL;

    if ((sim->faults & FAULT_UNSTABLE) && has_status)
      for (int i = 0; i < 3; i++)
        {
          g_autofree char *text = record_text (sim, index, seq, FALSE);
          g_autoptr(GBytes) frame = frame_text_record (sim, text, FALSE);
          send_bytes (sim, frame);
        }

    if ((sim->faults & FAULT_GAP) && middle (sim, index) && dabiao_profile_has_sequence (p) &&
        !dabiao_profile_can_resend (p))
      seq = sim->seq++;   /* the numbering skips one */

    good = record_text (sim, index, seq, TRUE);
    good_frame = frame_text_record (sim, good, FALSE);
    g_hash_table_insert (sim->history, g_memdup2 (&seq, sizeof seq), g_bytes_ref (good_frame));

    if ((sim->faults & FAULT_GAP) && middle (sim, index) && dabiao_profile_can_resend (p))
      ;   /* withheld: sent again when the host asks for it */
    else if ((sim->faults & FAULT_CHECKSUM) && middle (sim, index) && dabiao_profile_has_checksum (p))
      {
        g_autoptr(GBytes) bad = frame_text_record (sim, good, TRUE);
        send_bytes (sim, bad);
      }
    else
      send_bytes (sim, good_frame);
    sim->next++;
  }
}

/* Host input ---------------------------------------------------------------- */

static gboolean
text_equal_trimmed (const char *a,
                    GBytes     *b)
{
  g_autofree char *s = b ? g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b)) : NULL;

  return s && g_str_equal (a, g_strstrip (s));
}

static void
handle_resend (Sim        *sim,
               const char *text)
{
  DabiaoProfile *p = sim->profile;
  g_autofree char *prefix = NULL;
  const char *brace;
  gint64 seq;
  GBytes *frame;

  if (p->resend_command == NULL)
    return;
  brace = strstr (p->resend_command, "{sequence}");
  prefix = g_strndup (p->resend_command, brace - p->resend_command);
  if (!g_str_has_prefix (text, prefix))
    return;
  seq = g_ascii_strtoll (text + strlen (prefix), NULL, 10);
  frame = g_hash_table_lookup (sim->history, &seq);
  if (frame)
    send_bytes (sim, frame);
}

/* A request for a value: text families. */
static void
answer_text_request (Sim *sim)
{
  DabiaoProfile *p = sim->profile;

  if (p->family == DABIAO_FAMILY_SICS)
    {
      const char *unit = device_unit_for (sim, NULL, sim->item);

      if (sim->next >= sim->total)
        send_text (sim, "S I\r\n");
      else if (sim->unstable_left > 0)
        {
          double v = value_at (sim, sim->next, 0) + g_rand_double_range (sim->rand, -2, 2);
          g_autofree char *text = format_device (sim, v, sim->item, unit, NULL);
          g_autofree char *line = g_strdup_printf ("S D %10s %s\r\n", text, unit);

          sim->unstable_left--;
          send_text (sim, line);
        }
      else
        {
          g_autofree char *text = format_device (sim, value_at (sim, sim->next, 0), sim->item, unit, NULL);
          g_autofree char *line = g_strdup_printf ("S S %10s %s\r\n", text, unit);

          send_text (sim, line);
          sim->next++;
          sim->unstable_left = (sim->faults & FAULT_UNSTABLE) ? 2 : 0;
        }
      return;
    }

  if (sim->next < sim->total)
    {
      g_autofree char *text = record_text (sim, sim->next, sim->seq++, TRUE);
      g_autoptr(GBytes) frame = frame_text_record (sim, text, FALSE);

      send_bytes (sim, frame);
      sim->next++;
    }
}

static void
handle_text (Sim        *sim,
             const char *text)
{
  DabiaoProfile *p = sim->profile;

  if (text[0] == '\0')
    return;
  if (text_equal_trimmed (text, p->request) ||
      (p->family == DABIAO_FAMILY_SICS && (g_str_equal (text, "S") || g_str_equal (text, "SI"))))
    answer_text_request (sim);
  else if (p->subject_command && g_str_has_prefix (text, "*sub="))
    {
      g_autofree char *ack = g_strconcat (p->subject_ack ? p->subject_ack : "ok", "\r\n", NULL);
      send_text (sim, ack);
    }
  else if (g_str_equal (text, "*idn?"))
    send_text (sim, "Dabiao,dabiao-sim," PACKAGE_VERSION "\r\n");
  else
    handle_resend (sim, text);
}

static void
rs485_answer (Sim    *sim,
              guint8  func,
              guint32 value)
{
  DabiaoProfile *p = sim->profile;
  guint8 f[4 + 4 + 1] = { 0x5A, (guint8) p->address, func };
  gsize n = 3 + p->data_length;

  for (int i = p->data_length - 1; i >= 0; i--)
    {
      if (p->encoding == DABIAO_ENCODING_BCD)
        {
          f[3 + i] = (guint8) ((value % 10) | ((value / 10 % 10) << 4));
          value /= 100;
        }
      else
        {
          f[3 + i] = value & 0xFF;
          value >>= 8;
        }
    }
  f[n] = dabiao_checksum_sum8 (f, n);
  if (func == 0x03 && (sim->faults & FAULT_CHECKSUM) && !sim->corrupted && value != (guint32) p->unconfirmed)
    {
      f[n] ^= 0x5A;
      sim->corrupted = TRUE;
      sim->answered_value = FALSE;
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new (f, n + 1);
    send_bytes (sim, bytes);
  }
}

static void
handle_rs485 (Sim *sim)
{
  DabiaoProfile *p = sim->profile;
  gsize n = 4 + p->data_length;

  while (sim->in->len >= n)
    {
      guint8 *f = sim->in->data;

      if (f[0] != 0x5A || dabiao_checksum_sum8 (f, n - 1) != f[n - 1])
        {
          g_byte_array_remove_range (sim->in, 0, 1);
          continue;
        }
      if (f[1] == p->address)
        {
          gint64 now = g_get_monotonic_time ();

          if (f[2] == 0x03)
            {
              if (sim->next < sim->total && now >= sim->ready_at && sim->unstable_left == 0)
                {
                  double dev;
                  const char *unit = device_unit_for (sim, NULL, sim->item);
                  g_autofree char *text = format_device (sim, value_at (sim, sim->next, 0), sim->item, unit, &dev);

                  sim->answered_value = TRUE;
                  rs485_answer (sim, 0x03, (guint32) lround (dev / p->scale));
                }
              else
                {
                  if (now >= sim->ready_at && sim->unstable_left > 0)
                    sim->unstable_left--;
                  sim->answered_value = FALSE;
                  rs485_answer (sim, 0x03, p->unconfirmed >= 0 ? (guint32) p->unconfirmed : 0);
                }
            }
          else if (f[2] == 0x01)
            {
              rs485_answer (sim, 0x01, 0);
              if (sim->answered_value)
                {
                  sim->answered_value = FALSE;
                  sim->next++;
                  sim->corrupted = FALSE;
                  sim->ready_at = now + (gint64) (1e6 / sim->rate);
                  sim->unstable_left = (sim->faults & FAULT_UNSTABLE) ? 3 : 0;
                }
            }
          else if (f[2] == 0x08)
            rs485_answer (sim, 0x08, 0);
        }
      g_byte_array_remove_range (sim->in, 0, n);
    }
}

static void
handle_modbus (Sim *sim)
{
  DabiaoProfile *p = sim->profile;

  while (sim->in->len >= 8)
    {
      guint8 *f = sim->in->data;
      guint16 crc = dabiao_checksum_crc16 (f, 6);
      gint64 now = g_get_monotonic_time ();

      if (f[0] != p->address || f[1] != 0x03 || (crc & 0xFF) != f[6] || (crc >> 8) != f[7])
        {
          g_byte_array_remove_range (sim->in, 0, 1);
          continue;
        }
      g_byte_array_remove_range (sim->in, 0, 8);

      {
        guint16 regs[125] = { 0, };
        GByteArray *out = g_byte_array_new ();
        guint8 head[3] = { (guint8) p->address, 0x03, (guint8) (2 * p->reg_count) };
        gboolean stable = FALSE;
        gboolean corrupt = FALSE;
        guint index = MIN (sim->next, sim->total - 1);
        double dev;
        const char *unit = device_unit_for (sim, NULL, sim->item);
        g_autofree char *text = NULL;
        guint8 c[2];
        guint16 sum;

        if (sim->next < sim->total && now >= sim->ready_at)
          {
            if (sim->unstable_left > 0)
              {
                sim->unstable_left--;
                text = format_device (sim, value_at (sim, index, 0) * 0.8, sim->item, unit, &dev);
              }
            else
              {
                stable = TRUE;
                text = format_device (sim, value_at (sim, index, 0), sim->item, unit, &dev);
                if ((sim->faults & FAULT_CHECKSUM) && !sim->corrupted)
                  corrupt = sim->corrupted = TRUE;
              }
          }
        else if (sim->next >= sim->total && sim->total > 0)
          {
            /* Done: keep showing the last record (the host ignores repeats). */
            stable = TRUE;
            text = format_device (sim, value_at (sim, index, 0), sim->item, unit, &dev);
          }
        else
          dev = 0;

        if (p->status_register >= 0)
          regs[p->status_register - p->reg_start] = stable ? p->stable_value : 0;
        if (p->sequence_register >= 0)
          regs[p->sequence_register - p->reg_start] = (guint16) sim->mb_seq;
        {
          gint64 raw = llround (dev / p->scale);

          if (p->value_words == 2)
            {
              regs[p->value_register - p->reg_start] = (guint16) (raw >> 16);
              regs[p->value_register - p->reg_start + 1] = (guint16) raw;
            }
          else
            regs[p->value_register - p->reg_start] = (guint16) raw;
        }

        g_byte_array_append (out, head, 3);
        for (int i = 0; i < p->reg_count; i++)
          {
            guint8 be[2] = { regs[i] >> 8, regs[i] & 0xFF };
            g_byte_array_append (out, be, 2);
          }
        sum = dabiao_checksum_crc16 (out->data, out->len);
        if (corrupt)
          sum ^= 0x1234;
        c[0] = sum & 0xFF;
        c[1] = sum >> 8;
        g_byte_array_append (out, c, 2);
        {
          g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (out);
          send_bytes (sim, bytes);
        }

        /* A stable record read intact: the device moves on to the next one. */
        if (stable && !corrupt && sim->next < sim->total)
          {
            sim->next++;
            sim->corrupted = FALSE;
            /* The record number moves on only when there is a next record:
             * after the last one the device keeps showing it under its own
             * number (a repeat the host drops); a new number would make the
             * last value a second reading. */
            if (sim->next < sim->total)
              sim->mb_seq += ((sim->faults & FAULT_GAP) && middle (sim, sim->next)) ? 2 : 1;
            sim->ready_at = now + (gint64) (1e6 / sim->rate);
            sim->unstable_left = (sim->faults & FAULT_UNSTABLE) ? 2 : 0;
          }
      }
    }
}

/* 二代证 reader (SAM) ------------------------------------------------------- */

static volatile gboolean quit = FALSE;
static gboolean disconnect (Sim *sim, GError **error);

/* Each card is laid on the reader once the previous one was read and a
 * "find" found the reader empty (1 / rate seconds later at the earliest);
 * it stays there until it has been read intact. */
static gboolean
sam_card_present (Sim *sim)
{
  return sim->next < sim->total && g_get_monotonic_time () >= sim->ready_at;
}

static void
sam_send_read (Sim *sim)
{
  const DabiaoIdCard *card = sim->cards->pdata[sim->next];
  g_autoptr(GBytes) text = dabiao_id_card_to_text (card);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GBytes) answer = NULL;
  static const guint8 sizes[4] = { 0x01, 0x00, 0x04, 0x00 };   /* text 256, photo 1024 */
  guint8 photo[1024] = { 0, };
  gsize len;
  const guint8 *bytes;

  g_byte_array_append (data, sizes, 4);
  g_byte_array_append (data, g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  g_byte_array_append (data, photo, sizeof photo);
  answer = dabiao_sam_answer (DABIAO_SAM_OK, data->data, data->len);
  bytes = g_bytes_get_data (answer, &len);

  if ((sim->faults & FAULT_CHECKSUM) && !sim->corrupted)
    {
      g_autofree guint8 *bad = g_memdup2 (bytes, len);
      g_autoptr(GBytes) damaged = NULL;

      bad[len - 1] ^= 0x5A;
      damaged = g_bytes_new (bad, len);
      sim->corrupted = TRUE;
      send_bytes (sim, damaged);
      return;   /* the card stays: the host reads it again */
    }
  if ((sim->faults & FAULT_DISCONNECT) && !sim->disconnected && sim->next >= sim->total / 2)
    {
      g_autoptr(GError) error = NULL;

      /* The cable is pulled half-way through the card's frame. */
      write_all (sim, bytes, len / 2);
      if (!disconnect (sim, &error))
        {
          g_printerr ("dabiao-sim: %s\n", error->message);
          quit = TRUE;
        }
      return;   /* the card stays: the host reads it again after reconnecting */
    }
  send_bytes (sim, answer);
  sim->next++;
  sim->corrupted = FALSE;
  sim->ready_at = g_get_monotonic_time () + (gint64) (1e6 / sim->rate);
}

static void
handle_sam (Sim *sim)
{
  for (;;)
    {
      static const guint8 preamble[5] = { 0xAA, 0xAA, 0xAA, 0x96, 0x69 };
      guint8 *f = sim->in->data;
      gsize body, n;
      guint8 sum = 0;

      if (sim->in->len < 7)
        return;
      if (memcmp (f, preamble, 5) != 0)
        {
          g_byte_array_remove_range (sim->in, 0, 1);
          continue;
        }
      body = (f[5] << 8) | f[6];
      n = 7 + body;
      if (body < 3 || body > 64)
        {
          g_byte_array_remove_range (sim->in, 0, 1);
          continue;
        }
      if (sim->in->len < n)
        return;
      for (gsize i = 5; i < n - 1; i++)
        sum ^= f[i];
      if (sum == f[n - 1])
        {
          guint8 cmd = f[7], para = f[8];
          g_autoptr(GBytes) answer = NULL;

          if (cmd == DABIAO_SAM_CMD_FIND && para == DABIAO_SAM_PARA_FIND)
            {
              static const guint8 zeros[4] = { 0, };

              answer = sam_card_present (sim) ? dabiao_sam_answer (DABIAO_SAM_FOUND, zeros, 4)
                                              : dabiao_sam_answer (DABIAO_SAM_NO_CARD, NULL, 0);
            }
          else if (cmd == DABIAO_SAM_CMD_SELECT && para == DABIAO_SAM_PARA_SELECT)
            {
              static const guint8 serial[8] = { 0, };

              answer = sam_card_present (sim) ? dabiao_sam_answer (DABIAO_SAM_OK, serial, 8)
                                              : dabiao_sam_answer (DABIAO_SAM_SELECT_FAIL, NULL, 0);
            }
          else if (cmd == DABIAO_SAM_CMD_READ && para == DABIAO_SAM_PARA_READ)
            {
              if (sam_card_present (sim))
                {
                  g_byte_array_remove_range (sim->in, 0, n);
                  sam_send_read (sim);
                  continue;
                }
              answer = dabiao_sam_answer (DABIAO_SAM_READ_FAIL, NULL, 0);
            }
          else
            answer = dabiao_sam_answer (DABIAO_SAM_OK, NULL, 0);   /* reset, status */
          send_bytes (sim, answer);
        }
      g_byte_array_remove_range (sim->in, 0, MIN (n, sim->in->len));
    }
}

/* One --card: NAME,NUMBER[,民族[,住址]]; sex and birth date come from the
 * number, as on a real card.  The number is not checked: a simulated card
 * may carry a wrong check digit on purpose. */
static DabiaoIdCard *
parse_card (const char  *text,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", 4);
  g_autoptr(DabiaoIdCard) card = g_new0 (DabiaoIdCard, 1);

  if (g_strv_length (parts) < 2 || parts[0][0] == '\0' || strlen (parts[1]) != 18)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--card “%s”: expected NAME,NUMBER[,ETHNIC GROUP[,ADDRESS]] with an 18-character number"),
                   text);
      return NULL;
    }
  card->name = g_strdup (parts[0]);
  card->number = g_ascii_strup (parts[1], -1);
  card->birth = g_strndup (card->number + 6, 8);
  card->sex_code = g_strdup (g_ascii_isdigit (card->number[16]) && (card->number[16] - '0') % 2 == 1 ? "1" : "2");
  card->nation_code = g_strdup (parts[2] && parts[2][0] ? dabiao_nation_code (parts[2]) : "01");
  if (card->nation_code == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--card “%s”: “%s” is not an ethnic group (a name such as 汉 or 回, or a code 01–56)"),
                   text, parts[2]);
      return NULL;
    }
  card->address = g_strdup (parts[2] && parts[3] ? parts[3] : "");
  card->authority = g_strdup ("模拟公安局");
  card->valid_from = g_strdup ("20200101");
  card->valid_to = g_strdup ("20400101");
  return g_steal_pointer (&card);
}

static void
handle_input (Sim *sim)
{
  DabiaoProfile *p = sim->profile;

  switch (p->family)
    {
    case DABIAO_FAMILY_RS485:
      handle_rs485 (sim);
      return;
    case DABIAO_FAMILY_MODBUS:
      handle_modbus (sim);
      return;
    case DABIAO_FAMILY_SAM:
      handle_sam (sim);
      return;
    case DABIAO_FAMILY_STX:
      for (;;)
        {
          guint8 *stx = memchr (sim->in->data, 0x02, sim->in->len);
          guint8 *etx;

          if (stx == NULL)
            {
              g_byte_array_set_size (sim->in, 0);
              return;
            }
          etx = memchr (stx, 0x03, sim->in->len - (stx - sim->in->data));
          if (etx == NULL)
            return;
          {
            g_autofree char *payload = g_strndup ((char *) stx + 1, etx - stx - 1);
            gsize drop = MIN ((gsize) (etx - sim->in->data) + 1 + (p->checksum_hex ? 2 : 1), sim->in->len);

            if (sim->in->len < (gsize) (etx - sim->in->data) + 1 + (p->checksum_hex ? 2 : 1))
              return;
            g_byte_array_remove_range (sim->in, 0, drop);
            handle_text (sim, payload);
          }
        }
    case DABIAO_FAMILY_LINE:
    case DABIAO_FAMILY_WEIGHING:
    case DABIAO_FAMILY_SICS:
    default:
      for (;;)
        {
          guint8 *nl = memchr (sim->in->data, '\n', sim->in->len);
          g_autofree char *line = NULL;

          if (nl == NULL)
            return;
          line = g_strndup ((char *) sim->in->data, nl - sim->in->data);
          g_byte_array_remove_range (sim->in, 0, nl - sim->in->data + 1);
          g_strstrip (line);
          handle_text (sim, line);
        }
    }
}

/* The pseudo-terminal ------------------------------------------------------------ */

static gboolean
open_pty (Sim     *sim,
          GError **error)
{
  struct termios tio;
  char name[256];
  g_autofree char *tmp = NULL;

  if (openpty (&sim->master, &sim->slave, name, NULL, NULL) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot create a pseudo-terminal: %s"), g_strerror (errno));
      return FALSE;
    }
  /* Raw: no echo, no CR/LF translation, in both directions. */
  tcgetattr (sim->slave, &tio);
  cfmakeraw (&tio);
  if (sim->wait_for_host)
    tio.c_lflag |= EXTPROC;   /* the host's tcsetattr() is then reported (TIOCPKT_IOCTL) */
  tcsetattr (sim->slave, TCSANOW, &tio);
  g_unix_set_fd_nonblocking (sim->master, TRUE, NULL);
  if (sim->wait_for_host)
    {
      int on = 1;

      ioctl (sim->master, TIOCPKT, &on);
    }

  tmp = g_strconcat (sim->link, ".new", NULL);
  g_unlink (tmp);
  if (symlink (name, tmp) < 0 || g_rename (tmp, sim->link) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot create the link %s: %s"), sim->link, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Wait until the host has read what was written (or @max_ms passed). */
static void
drain (Sim *sim,
       int  max_ms)
{
  for (int i = 0; i < max_ms / 5; i++)
    {
      int pending = 0;

      if (ioctl (sim->slave, FIONREAD, &pending) < 0 || pending == 0)
        return;
      g_usleep (5000);
    }
}

static void
close_pty (Sim *sim)
{
  if (sim->master >= 0)
    close (sim->master);
  if (sim->slave >= 0)
    close (sim->slave);
  sim->master = sim->slave = -1;
}

static gboolean
disconnect (Sim     *sim,
            GError **error)
{
  drain (sim, 2000);
  g_usleep (50000);
  /* Remove the link first: the pseudo-terminal's number may be reused by
   * another program at once, and the host must not reach that one. */
  g_unlink (sim->link);
  close_pty (sim);
  g_printerr ("# %s\n", _("disconnected; the port comes back in one second"));
  g_usleep (G_USEC_PER_SEC);
  g_byte_array_set_size (sim->in, 0);
  if (!open_pty (sim, error))
    return FALSE;
  g_printerr ("# %s\n", _("connected again"));
  sim->disconnected = TRUE;
  return TRUE;
}

/* The link first, then the pseudo-terminal, as at a disconnect: its number
 * is reused by the next one opened anywhere, and a host still trying the
 * link would read another program's values (four sim-listen tests failed
 * together beside the GUI tests; decision 0274). */
static void
end (Sim *sim)
{
  g_unlink (sim->link);
  close_pty (sim);
}

/* Main ---------------------------------------------------------------------------- */

static gboolean
parse_values (Sim         *sim,
              const char  *text,
              const char  *source,
              GError     **error)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[,\\s]+", text, 0, 0);

  for (guint i = 0; parts[i]; i++)
    {
      g_auto(GStrv) sub = NULL;

      if (parts[i][0] == '\0')
        continue;
      sub = g_strsplit (parts[i], "/", -1);
      for (guint j = 0; sub[j]; j++)
        {
          char *end = NULL;

          g_ascii_strtod (sub[j], &end);
          if (sub[j][0] == '\0' || end == NULL || *end != '\0')
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("%s: “%s” is not a number"), source, parts[i]);
              return FALSE;
            }
        }
      g_ptr_array_add (sim->values, g_strdup (parts[i]));
    }
  if (sim->values->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("%s: no values"), source);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fault_applies (DabiaoProfile *p,
               Fault          fault)
{
  switch (fault)
    {
    case FAULT_CHECKSUM:
      return dabiao_profile_has_checksum (p);
    case FAULT_UNSTABLE:
      return dabiao_profile_has_stability (p);
    case FAULT_GAP:
      return dabiao_profile_has_sequence (p);
    case FAULT_CLOCK:
      return dabiao_profile_has_time (p);
    case FAULT_GARBAGE:
    case FAULT_SPLIT:
    case FAULT_DISCONNECT:
    default:
      return TRUE;
    }
}


static gboolean
signal_cb (gpointer data)
{
  quit = TRUE;
  return G_SOURCE_CONTINUE;
}

/* What the simulator sends: --values, --values-file, --random MIN:MAX
 * (@count of them, 0: without end) or --card (into @card_list). */
static gboolean
load_readings (Sim         *sim,
               const char  *values,
               const char  *values_file,
               char        *random,
               int          count,
               char       **cards,
               GPtrArray   *card_list,
               GError     **error)
{
  if (values && !parse_values (sim, values, "--values", error))
    return FALSE;
  if (values_file)
    {
      g_autofree char *contents = NULL;

      if (!g_file_get_contents (values_file, &contents, NULL, error) ||
          !parse_values (sim, contents, values_file, error))
        return FALSE;
    }
  if (random)
    {
      char *colon = strchr (random, ':');

      if (colon == NULL)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--random expects MIN:MAX"));
          return FALSE;
        }
      *colon = '\0';
      sim->rmin = g_ascii_strtod (random, NULL);
      sim->rmax = g_ascii_strtod (colon + 1, NULL);
      sim->random = TRUE;
      sim->total = count > 0 ? (guint) count : G_MAXUINT;
    }
  else if (cards)
    {
      for (guint i = 0; cards[i]; i++)
        {
          DabiaoIdCard *card = parse_card (cards[i], error);

          if (card == NULL)
            return FALSE;
          g_ptr_array_add (card_list, card);
        }
      sim->cards = card_list;
      sim->total = card_list->len;
    }
  else
    sim->total = sim->values->len;
  return TRUE;
}

/* --fault NAME…: into sim->faults; a fault the profile's frames cannot
 * show is noted and ignored. */
static gboolean
parse_faults (Sim     *sim,
              char   **faults,
              GError **error)
{
  for (guint i = 0; faults && faults[i]; i++)
    {
      gboolean found = FALSE;

      for (guint f = 0; f < G_N_ELEMENTS (fault_names); f++)
        if (g_str_equal (faults[i], fault_names[f]))
          {
            found = TRUE;
            sim->faults |= 1u << f;
            if (!fault_applies (sim->profile, 1u << f))
              g_printerr ("# %s\n", _("this fault does not apply to this profile (no checksum, stability flag, record number or clock in its frames); ignored"));
          }
      if (!found)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", _("unknown fault"), faults[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* The options' help, with the profiles --profile takes. */
static GOptionContext *
context_new (const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Simulate an instrument on a pseudo-terminal.  The first line printed is the port path "
      "(a link that stays the same across the disconnect fault)."));
  {
    /* The names --profile takes (trial 11b: --help did not say). */
    g_auto(GStrv) names = dabiao_profile_list_names ();
    g_autofree char *joined = g_strjoinv (", ", names);
    g_autofree char *description = g_strdup_printf (_("Profiles: %s"), joined);

    g_option_context_set_description (context, description);
  }
  return context;
}

/* Sends the values at their rate (streaming profiles) or as the host asks
 * for them, with the faults asked for, until all are sent and the linger
 * is over, or a signal; FALSE (@error set) when the disconnect fault
 * cannot reopen the port. */
static gboolean
run (Sim     *sim,
     GError **error)
{
  gint64 next_tick, done_at = 0;
  gboolean streaming;

  streaming = sim->profile->poll_interval_ms == 0 && sim->profile->request == NULL &&
              sim->profile->family != DABIAO_FAMILY_RS485 && sim->profile->family != DABIAO_FAMILY_MODBUS;
  sim->unstable_left = (sim->faults & FAULT_UNSTABLE) ? 2 : 0;
  next_tick = g_get_monotonic_time () + 200 * 1000;

  while (!quit)
    {
      struct pollfd pfd = { sim->master, POLLIN, 0 };
      gint64 now = g_get_monotonic_time ();
      int timeout = 20;

      g_main_context_iteration (NULL, FALSE);   /* signals */
      if (streaming && sim->next < sim->total && !sim->wait_for_host)
        timeout = (int) CLAMP ((next_tick - now) / 1000, 0, 20);
      if (poll (&pfd, 1, timeout) > 0 && (pfd.revents & POLLIN))
        {
          guint8 buf[1024];
          gssize n = read (sim->master, buf, sizeof buf);

          if (n > 0 && sim->wait_for_host)
            {
              /* Packet mode: a status byte alone, or TIOCPKT_DATA and data. */
              if (buf[0] != TIOCPKT_DATA && (buf[0] & (TIOCPKT_IOCTL | TIOCPKT_FLUSHREAD)))
                {
                  int off = 0;

                  ioctl (sim->master, TIOCPKT, &off);
                  sim->wait_for_host = FALSE;
                  next_tick = g_get_monotonic_time () + 200 * 1000;
                }
              n = buf[0] == TIOCPKT_DATA ? n - 1 : 0;
              memmove (buf, buf + 1, MAX (n, 0));
            }
          if (n > 0)
            {
              g_byte_array_append (sim->in, buf, n);
              handle_input (sim);
            }
        }
      now = g_get_monotonic_time ();
      if (streaming && sim->next < sim->total && !sim->wait_for_host && now >= next_tick)
        {
          emit_stream_value (sim);
          next_tick += (gint64) (1e6 / sim->rate);
          if (next_tick < now)
            next_tick = now;
        }

      /* (A card reader disconnects in the middle of a card: sam_send_read.) */
      if ((sim->faults & FAULT_DISCONNECT) && !sim->disconnected && sim->total >= 2 && !sim->cards &&
          sim->next >= MAX (1u, sim->total / 2) && sim->next < sim->total)
        {
          if (!disconnect (sim, error))
            return FALSE;
          next_tick = g_get_monotonic_time () + 100 * 1000;
        }

      if (sim->next >= sim->total)
        {
          if (done_at == 0)
            done_at = now;
          else if (now - done_at > (gint64) (sim->linger * 1e6))
            break;
        }
    }

  if (!quit)
    {
      drain (sim, 2000);
      /* Not silently: a station connected to it shows the instrument
       * hung up (trial 16b took that for a fault). */
      g_printerr ("dabiao-sim: ");
      g_printerr (ngettext ("the %u value is sent; the port closes now",
                        "all %u values are sent; the port closes now", sim->total), sim->total);
      g_printerr ("\n");
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *profile_name = NULL;
  g_autofree char *values = NULL;
  g_autofree char *values_file = NULL;
  g_autofree char *random = NULL;
  g_autofree char *item = NULL;
  g_autofree char *link = NULL;
  g_auto(GStrv) faults = NULL;
  g_auto(GStrv) cards = NULL;
  double rate = 5;
  double linger = 1.0;
  gboolean wait_for_host = FALSE;
  int count = 0;   /* --random: without end (a station's simulator runs until stopped) */
  gint64 seed = 0;
  GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Instrument profile to behave as"), N_("NAME") },
    { "values", 0, 0, G_OPTION_ARG_STRING, &values, N_("Values to send, in the item’s unit (a/b for two-item records)"), N_("V1,V2,…") },
    { "values-file", 0, 0, G_OPTION_ARG_FILENAME, &values_file, N_("Read the values from a file"), N_("FILE") },
    { "random", 0, 0, G_OPTION_ARG_STRING, &random, N_("Random values in a range"), N_("MIN:MAX") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("How many random values (default 0: without end)"), N_("N") },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, N_("Values per second"), N_("HZ") },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults, N_("garbage, split, checksum, unstable, disconnect, gap or clock"), N_("KIND") },
    { "item", 0, 0, G_OPTION_ARG_STRING, &item, N_("Item (for the generic profile)"), N_("CODE") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (repeatable runs)"), N_("N") },
    { "link", 0, 0, G_OPTION_ARG_FILENAME, &link, N_("Path of the port link to create"), N_("PATH") },
    { "linger", 0, 0, G_OPTION_ARG_DOUBLE, &linger, N_("Seconds to stay after the last value"), N_("S") },
    { "wait-for-host", 0, 0, G_OPTION_ARG_NONE, &wait_for_host, N_("Send the first value only once a program has opened the port and set it up"), NULL },
    { "card", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cards, N_("An identity card to lay on the reader (id-card profile; repeat for several people, read in order)"), N_("NAME,NUMBER[,ETHNIC GROUP[,ADDRESS]]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = NULL;
  g_autoptr(GPtrArray) value_list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GHashTable) history = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) in = g_byte_array_new ();
  g_autoptr(GPtrArray) card_list = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_id_card_free);
  g_autofree char *link_path = NULL;
  Sim sim = { 0, };

  dabiao_i18n_init ();
  g_set_prgname ("dabiao-sim");
  context = context_new (entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("dabiao-sim: %s\n", error->message);
      return 2;
    }
  if (profile_name == NULL || (!!values + !!values_file + !!random + !!cards) != 1 || rate <= 0 || rate > 1000)
    {
      g_printerr ("dabiao-sim: %s\n",
                  _("usage: dabiao-sim --profile NAME (--values V1,V2,… | --values-file FILE | --random MIN:MAX | --card NAME,NUMBER…) [--rate HZ] [--fault KIND]…"));
      return 2;
    }

  sim.profile = profile = dabiao_profile_lookup (profile_name, &error);
  if (sim.profile == NULL)
    {
      g_printerr ("dabiao-sim: %s\n", error->message);
      return 1;
    }
  if ((dabiao_profile_get_family (sim.profile) == DABIAO_FAMILY_SAM) != (cards != NULL))
    {
      g_printerr ("dabiao-sim: %s\n",
                  cards ? _("--card goes with a card reader profile (id-card)")
                        : _("a card reader profile plays cards: give them with --card NAME,NUMBER"));
      return 2;
    }
  sim.item = item ? item : dabiao_profile_get_item (sim.profile);
  sim.info = dabiao_item_lookup (sim.item);
  if (item && sim.info == NULL)
    {
      g_printerr ("dabiao-sim: %s\n", _("unknown item"));
      return 2;
    }
  sim.values = value_list;
  sim.rate = rate;
  sim.linger = linger;
  sim.wait_for_host = wait_for_host;
  sim.rand = rand = seed ? g_rand_new_with_seed ((guint32) seed) : g_rand_new ();
  sim.seed = g_rand_int (sim.rand);
  sim.history = history;
  sim.in = in;
  sim.seq = 1;
  sim.mb_seq = 1;
  sim.master = sim.slave = -1;

  if (!load_readings (&sim, values, values_file, random, count, cards, card_list, &error) ||
      !parse_faults (&sim, faults, &error))
    {
      g_printerr ("dabiao-sim: %s\n", error->message);
      return 2;
    }

  sim.link = link_path = link ? g_strdup (link)
                              : g_strdup_printf ("%s/dabiao-sim-%d", g_get_tmp_dir (), (int) getpid ());
  if (!open_pty (&sim, &error))
    {
      g_printerr ("dabiao-sim: %s\n", error->message);
      return 1;
    }
  printf ("%s\n", sim.link);
  fflush (stdout);

  g_unix_signal_add (SIGINT, signal_cb, NULL);
  g_unix_signal_add (SIGTERM, signal_cb, NULL);

  if (!run (&sim, &error))
    g_printerr ("dabiao-sim: %s\n", error->message);
  end (&sim);
  return error != NULL ? 1 : 0;
}
