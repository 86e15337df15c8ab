/* fuzz-parsers.c: bounded, seeded random-bytes fuzzing of the parsers
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fuzz-parsers FAMILY SECONDS [SEED]
 *
 * For SECONDS, feeds the decoders of every shipped profile of FAMILY with
 * random bytes and with mutated valid frames (flipped, inserted, deleted and
 * spliced bytes), cut into random chunks.  Checks that nothing crashes
 * (run it under ASan/UBSan for memory errors and leaks), that every frame
 * is well-formed, and that the frames do not depend on the chunking.
 * Prints the number of executions.  Longer runs by hand, or libFuzzer:
 * see tests/instrument/fuzz/README.md.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dabiao-parser.h"

static GPtrArray *
run (DabiaoProfile *profile,
     const guint8  *data,
     gsize          len,
     GRand         *chunks)
{
  g_autoptr(DabiaoDecoder) decoder = dabiao_decoder_new (profile, NULL);
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_frame_free);
  gsize pos = 0;

  while (pos < len)
    {
      gsize piece = chunks ? (gsize) g_rand_int_range (chunks, 1, 64) : len;
      gsize n = MIN (piece, len - pos);

      dabiao_decoder_feed (decoder, data + pos, n, 0, frames);
      pos += n;
    }
  return frames;
}

static char *
describe_all (GPtrArray *frames)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < frames->len; i++)
    {
      DabiaoFrame *f = frames->pdata[i];
      g_autofree char *d = dabiao_frame_describe (f);

      g_assert_nonnull (f->raw);
      if (f->kind == DABIAO_FRAME_ACCEPTED || f->kind == DABIAO_FRAME_LIVE)
        {
          g_assert_nonnull (f->reading);
          g_assert_nonnull (f->reading->unit);
          g_assert_true (f->reading->value == f->reading->value);   /* not NaN */
        }
      if (f->kind == DABIAO_FRAME_ERROR)
        g_assert_nonnull (f->message);
      g_string_append_printf (s, "%s\n", d);
    }
  return g_string_free (s, FALSE);
}

/* A valid-looking stream for @profile, to mutate. */
static GByteArray *
seed_stream (DabiaoProfile *profile,
             GRand         *rand)
{
  GByteArray *out = g_byte_array_new ();
  const char *name = dabiao_profile_get_name (profile);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "instrument", "captures", name, NULL);
  g_autofree char *cap = g_strconcat (path, ".cap", NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (g_file_get_contents (cap, &contents, &len, NULL))
    g_byte_array_append (out, (const guint8 *) contents, len);
  {
    g_autoptr(GBytes) request = dabiao_profile_build_request (profile);
    g_autoptr(GBytes) resend = dabiao_profile_build_resend (profile, g_rand_int_range (rand, 0, 10000));

    if (request)
      g_byte_array_append (out, g_bytes_get_data (request, NULL), g_bytes_get_size (request));
    if (resend)
      g_byte_array_append (out, g_bytes_get_data (resend, NULL), g_bytes_get_size (resend));
  }
  return out;
}

static void
insert (GByteArray   *buf,
        guint         at,
        const guint8 *data,
        guint         len)
{
  guint old = buf->len;

  g_byte_array_set_size (buf, old + len);
  memmove (buf->data + at + len, buf->data + at, old - at);
  memcpy (buf->data + at, data, len);
}

static void
mutate (GByteArray *buf,
        GRand      *rand)
{
  int n = g_rand_int_range (rand, 1, 8);

  for (int i = 0; i < n && buf->len > 0; i++)
    {
      guint pos = g_rand_int_range (rand, 0, buf->len);
      guint8 b = (guint8) g_rand_int_range (rand, 0, 256);

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0:
          buf->data[pos] = b;
          break;
        case 1:
          buf->data[pos] ^= 1u << g_rand_int_range (rand, 0, 8);
          break;
        case 2:
          insert (buf, pos, &b, 1);
          break;
        case 3:
          g_byte_array_remove_index (buf, pos);
          break;
        default:
          {
            /* splice a copy of a slice somewhere else */
            guint want = g_rand_int_range (rand, 1, 32);
            guint len = MIN (want, buf->len - pos);
            g_autofree guint8 *slice = g_memdup2 (buf->data + pos, len);
            guint at = g_rand_int_range (rand, 0, buf->len);

            insert (buf, at, slice, len);
          }
          break;
        }
    }
}

int
main (int argc, char *argv[])
{
  const char *family;
  double seconds;
  guint32 seed;
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_profile_unref);
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  guint64 execs = 0, frames_seen = 0, accepted = 0;

  g_test_init (&argc, &argv, NULL);
  if (argc < 3)
    {
      g_printerr ("usage: fuzz-parsers FAMILY SECONDS [SEED]\n");
      return 2;
    }
  family = argv[1];
  seconds = g_ascii_strtod (argv[2], NULL);
  seed = argc > 3 ? (guint32) g_ascii_strtoull (argv[3], NULL, 10) : 20261129;
  rand = g_rand_new_with_seed (seed);

  names = dabiao_profile_list_names ();
  for (guint i = 0; names[i]; i++)
    {
      DabiaoProfile *p = dabiao_profile_lookup (names[i], NULL);

      if (p && g_str_equal (dabiao_profile_get_family_name (p), family))
        g_ptr_array_add (profiles, p);
      else if (p)
        dabiao_profile_unref (p);
    }
  g_assert_cmpuint (profiles->len, >, 0);

  while (g_timer_elapsed (timer, NULL) < seconds)
    {
      DabiaoProfile *profile = profiles->pdata[execs % profiles->len];
      g_autoptr(GByteArray) input = NULL;
      guint32 chunk_seed = g_rand_int (rand);

      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          /* plain random bytes */
          guint len = g_rand_int_range (rand, 0, 512);

          input = g_byte_array_sized_new (len);
          for (guint i = 0; i < len; i++)
            {
              guint8 b = (guint8) g_rand_int_range (rand, 0, 256);
              g_byte_array_append (input, &b, 1);
            }
        }
      else
        {
          input = seed_stream (profile, rand);
          mutate (input, rand);
        }

      {
        g_autoptr(GPtrArray) whole = run (profile, input->data, input->len, NULL);
        g_autofree char *a = describe_all (whole);

        frames_seen += whole->len;
        for (guint i = 0; i < whole->len; i++)
          accepted += ((DabiaoFrame *) whole->pdata[i])->kind == DABIAO_FRAME_ACCEPTED;

        /* Chunking must not matter (checked on every fourth input). */
        if (execs % 4 == 0)
          {
            g_autoptr(GRand) chunks = g_rand_new_with_seed (chunk_seed);
            g_autoptr(GPtrArray) cut = run (profile, input->data, input->len, chunks);
            g_autofree char *b = describe_all (cut);

            if (!g_str_equal (a, b))
              {
                g_printerr ("chunking changed the frames for %s (exec %" G_GUINT64_FORMAT ")\n",
                            dabiao_profile_get_name (profile), execs);
                g_assert_cmpstr (a, ==, b);
              }
          }
      }
      execs++;
    }

  printf ("fuzz %s: %" G_GUINT64_FORMAT " execs in %.1f s (%u profiles, seed %u), "
          "%" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " accepted\n",
          family, execs, g_timer_elapsed (timer, NULL), profiles->len, seed, frames_seen, accepted);
  return 0;
}
