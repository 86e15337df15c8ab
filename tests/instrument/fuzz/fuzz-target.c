/* fuzz-target.c: libFuzzer target for the instrument parsers
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte chooses the profile (FUZZ_FAMILY narrows it at build
 * time); the rest is fed to the decoder whole and again in pieces whose
 * sizes come from the input itself, and both must give the same frames.
 * Built and run by run-libfuzzer.sh.
 */

#include "config.h"

#include <string.h>

#include "dabiao-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static GPtrArray *profiles;

static void
load_profiles (void)
{
  g_auto(GStrv) names = dabiao_profile_list_names ();

  profiles = g_ptr_array_new ();
  for (guint i = 0; names[i]; i++)
    {
      DabiaoProfile *p = dabiao_profile_lookup (names[i], NULL);

#ifdef FUZZ_FAMILY
      if (p && !g_str_equal (dabiao_profile_get_family_name (p), FUZZ_FAMILY))
        {
          dabiao_profile_unref (p);
          continue;
        }
#endif
      if (p)
        g_ptr_array_add (profiles, p);
    }
}

static char *
decode (DabiaoProfile *profile,
        const guint8  *data,
        size_t         size,
        gboolean       pieces)
{
  g_autoptr(DabiaoDecoder) decoder = dabiao_decoder_new (profile, NULL);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_frame_free);
  GString *s = g_string_new (NULL);
  size_t pos = 0;

  while (pos < size)
    {
      size_t n = pieces ? (size_t) (data[pos] % 7) + 1 : size;

      n = MIN (n, size - pos);
      dabiao_decoder_feed (decoder, data + pos, n, 0, frames);
      pos += n;
    }
  for (guint i = 0; i < frames->len; i++)
    {
      g_autofree char *d = dabiao_frame_describe (frames->pdata[i]);
      g_string_append_printf (s, "%s\n", d);
    }
  return g_string_free (s, FALSE);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  DabiaoProfile *profile;

  if (profiles == NULL)
    load_profiles ();
  if (size < 1 || profiles->len == 0)
    return 0;
  profile = profiles->pdata[data[0] % profiles->len];

  {
    g_autofree char *a = decode (profile, data + 1, size - 1, FALSE);
    g_autofree char *b = decode (profile, data + 1, size - 1, TRUE);

    if (strcmp (a, b) != 0)
      __builtin_trap ();
  }
  return 0;
}
