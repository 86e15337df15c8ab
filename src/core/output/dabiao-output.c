/* dabiao-output.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-output.h"

int
dabiao_output_level_rank (const char *level)
{
  static const struct { const char *name; int rank; } levels[] = {
    { "优秀", 4 }, { "一级", 4 },
    { "良好", 3 }, { "二级", 3 },
    { "及格", 2 }, { "合格", 2 }, { "三级", 2 },
    { "不及格", 1 }, { "不合格", 1 }, { "四级", 1 },
  };
  const char *paren;
  gsize len;
  guint i;

  if (level == NULL)
    return 0;

  /* "一级（优秀）" counts as 一级. */
  paren = strstr (level, "（");
  if (paren == NULL)
    paren = strchr (level, '(');
  len = paren != NULL ? (gsize) (paren - level) : strlen (level);
  for (i = 0; i < G_N_ELEMENTS (levels); i++)
    if (strlen (levels[i].name) == len && strncmp (level, levels[i].name, len) == 0)
      return levels[i].rank;

  return 0;
}

char *
dabiao_output_mask_id (const char *id)
{
  GString *out;
  gsize len, prefix = 0, digits = 0, i;

  if (id == NULL)
    return g_strdup ("");
  len = strlen (id);
  for (i = 0; i < len; i++)
    if (g_ascii_isdigit (id[i]))
      digits++;
  if (digits < 15)
    return g_strdup (id);

  while (prefix < len && g_ascii_isalpha (id[prefix]))
    prefix++;
  out = g_string_new_len (id, MIN (prefix + 4, len));
  for (i = prefix + 4; i + 4 < len; i++)
    g_string_append_c (out, '*');
  if (len >= prefix + 8)
    g_string_append (out, id + len - 4);
  return g_string_free (out, FALSE);
}
