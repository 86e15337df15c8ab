/* bench-parsers.c: parser throughput against a memchr line splitter
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each family, a stream of valid frames (about 4 MB) is decoded in
 * 4 KiB chunks; the baseline splits the same bytes into lines with memchr
 * and counts them (the least any line parser must do).  Prints MB/s,
 * frames/s and the ratio to the baseline.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dabiao-parser.h"

#define TARGET_BYTES (4 * 1024 * 1024)
#define CHUNK 4096

static GByteArray *
make_stream (const char *profile_name,
             guint      *n_frames)
{
  GByteArray *out = g_byte_array_sized_new (TARGET_BYTES + 256);
  guint n = 0;

  while (out->len < TARGET_BYTES)
    {
      char buf[128];
      double v = 150.0 + (n % 500) / 10.0;

      if (g_str_equal (profile_name, "weighing-stream"))
        {
          /* stable twice in a row: the profile's stability rule */
          g_snprintf (buf, sizeof buf, "ST,GS,+%8.2fkg\r\n", v / 2);
          g_byte_array_append (out, (const guint8 *) buf, strlen (buf));
          n++;
        }
      else if (g_str_equal (profile_name, "mt-sics"))
        g_snprintf (buf, sizeof buf, "S S %10.2f kg\r\n", v / 2);
      else if (g_str_equal (profile_name, "height-weight-line"))
        g_snprintf (buf, sizeof buf, "STX,M,%.1f,%.1f,22.0,ET\r\n", v / 2.5, v);
      else if (g_str_equal (profile_name, "stx-jump"))
        {
          char payload[96];
          guint8 c;

          g_snprintf (payload, sizeof payload, "J,%04u,20261129093012,P%04u,%.2f,m\003", n % 10000, n % 10000, v / 100);
          c = dabiao_checksum_xor ((const guint8 *) payload, strlen (payload));
          g_snprintf (buf, sizeof buf, "\002%s%02X", payload, c);
        }
      else if (g_str_equal (profile_name, "rs485-situp"))
        {
          guint8 f[5] = { 0x5A, 1, 3, (guint8) (n % 100), 0 };

          f[4] = dabiao_checksum_sum8 (f, 4);
          g_byte_array_append (out, f, 5);
          n++;
          continue;
        }
      else if (g_str_equal (profile_name, "modbus-spirometer"))
        {
          guint8 f[11] = { 1, 3, 6, 0, 1, (guint8) (n >> 8), (guint8) n, 0x0D, 0xAC, 0, 0 };
          guint16 crc = dabiao_checksum_crc16 (f, 9);

          f[9] = crc & 0xFF;
          f[10] = crc >> 8;
          g_byte_array_append (out, f, 11);
          n++;
          continue;
        }
      else
        g_snprintf (buf, sizeof buf, "%.1f\r\n", v);
      g_byte_array_append (out, (const guint8 *) buf, strlen (buf));
      n++;
    }
  *n_frames = n;
  return out;
}

static double
baseline (const guint8 *data,
          gsize         len,
          guint        *lines)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  guint n = 0;

  for (gsize pos = 0; pos < len; pos += CHUNK)
    {
      const guint8 *p = data + pos;
      const guint8 *end = data + MIN (pos + CHUNK, len);
      const guint8 *nl;

      while ((nl = memchr (p, '\n', end - p)) != NULL)
        {
          n++;
          p = nl + 1;
        }
    }
  *lines = n;
  return g_timer_elapsed (timer, NULL);
}

int
main (int argc, char *argv[])
{
  const char *profiles[] = {
    "generic-line", "height-weight-line", "weighing-stream", "mt-sics",
    "stx-jump", "rs485-situp", "modbus-spirometer",
  };

  printf ("%-20s %10s %12s %14s %12s %8s\n", "profile", "MB/s", "frames/s", "baseline MB/s", "readings", "ratio");
  for (gsize i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup (profiles[i], &error);
      g_autoptr(DabiaoDecoder) decoder = NULL;
      g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_frame_free);
      g_autoptr(GTimer) timer = NULL;
      g_autoptr(GByteArray) stream = NULL;
      guint n_frames, lines;
      guint64 readings = 0;
      double t, tb, mb;

      g_assert_no_error (error);
      stream = make_stream (profiles[i], &n_frames);
      mb = stream->len / 1e6;
      decoder = dabiao_decoder_new (profile, NULL);
      timer = g_timer_new ();
      for (gsize pos = 0; pos < stream->len; pos += CHUNK)
        {
          dabiao_decoder_feed (decoder, stream->data + pos, MIN (CHUNK, stream->len - pos), 0, frames);
          for (guint j = 0; j < frames->len; j++)
            {
              DabiaoFrame *f = frames->pdata[j];
              readings += f->kind == DABIAO_FRAME_ACCEPTED || f->kind == DABIAO_FRAME_DUPLICATE;
            }
          g_ptr_array_set_size (frames, 0);
        }
      t = g_timer_elapsed (timer, NULL);
      tb = baseline (stream->data, stream->len, &lines);
      printf ("%-20s %10.1f %12.0f %14.1f %12" G_GUINT64_FORMAT " %8.1f\n",
              profiles[i], mb / t, n_frames / t, mb / tb, readings, t / tb);
      if (readings == 0)
        return 1;
    }
  printf ("ratio = decoder time / memchr line-splitting time over the same bytes\n");
  return 0;
}
