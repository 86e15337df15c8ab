/* dabiao-pinyin.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-pinyin.h"

/* Pinyin initials for search as you type ("zs" finds 张三).
 *
 * GB 2312 orders its 3755 level-1 hanzi (0xB0A1–0xD7F9) by pinyin, so the
 * initial of such a character is found from the code of the first character
 * of each initial.  Level-2 hanzi (ordered by radical) and characters outside
 * GB 2312 have no initial here; they still match by the character itself.
 * glibc's iconv does the conversion, so no dictionary ships with the program. */

struct _DabiaoPinyin
{
  GIConv conv;
};

static const struct {
  guint16 first;
  char    initial;
} boundaries[] = {
  { 0xB0A1, 'a' }, { 0xB0C5, 'b' }, { 0xB2C1, 'c' }, { 0xB4EE, 'd' },
  { 0xB6EA, 'e' }, { 0xB7A2, 'f' }, { 0xB8C1, 'g' }, { 0xB9FE, 'h' },
  { 0xBBF7, 'j' }, { 0xBFA6, 'k' }, { 0xC0AC, 'l' }, { 0xC2E8, 'm' },
  { 0xC4C3, 'n' }, { 0xC5B6, 'o' }, { 0xC5BE, 'p' }, { 0xC6DA, 'q' },
  { 0xC8BB, 'r' }, { 0xC8F6, 's' }, { 0xCBFA, 't' }, { 0xCDDA, 'w' },
  { 0xCEF4, 'x' }, { 0xD1B9, 'y' }, { 0xD4D1, 'z' },
};
#define LEVEL1_END 0xD7F9

DabiaoPinyin *
dabiao_pinyin_new (void)
{
  DabiaoPinyin *self = g_new0 (DabiaoPinyin, 1);

  self->conv = g_iconv_open ("GB2312", "UTF-8");
  return self;
}

void
dabiao_pinyin_free (DabiaoPinyin *self)
{
  if (self == NULL)
    return;
  if (self->conv != (GIConv) -1)
    g_iconv_close (self->conv);
  g_free (self);
}

static char
initial_of (DabiaoPinyin *self,
            gunichar      c)
{
  char in[8];
  guchar out[8];
  char *inp = in;
  char *outp = (char *) out;
  gsize in_left, out_left = sizeof out;
  guint16 code;
  char initial = 0;

  if (c < 0x80)
    return g_ascii_tolower ((char) c);
  if (self->conv == (GIConv) -1)
    return 0;

  in_left = g_unichar_to_utf8 (c, in);
  g_iconv (self->conv, NULL, NULL, NULL, NULL);
  if (g_iconv (self->conv, &inp, &in_left, &outp, &out_left) == (gsize) -1
      || sizeof out - out_left != 2)
    return 0;

  code = (guint16) (out[0] << 8 | out[1]);
  if (code < boundaries[0].first || code > LEVEL1_END)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (boundaries); i++)
    if (code >= boundaries[i].first)
      initial = boundaries[i].initial;

  return initial;
}

/**
 * dabiao_pinyin_initials:
 * @text: UTF-8 text, such as a name
 *
 * Returns: (transfer full): the lower-case pinyin initials of @text's
 *   characters ("张小明" → "zxm"); ASCII letters and digits are kept
 *   lower-cased, other characters are skipped.
 */
char *
dabiao_pinyin_initials (DabiaoPinyin *self,
                        const char   *text)
{
  GString *s = g_string_new (NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_string_free (s, FALSE);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      char c = initial_of (self, g_utf8_get_char (p));

      if (g_ascii_isalnum (c))
        g_string_append_c (s, c);
    }

  return g_string_free (s, FALSE);
}
