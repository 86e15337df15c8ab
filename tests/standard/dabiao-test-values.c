/* dabiao-test-values.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "dabiao-test-values.h"

static void
value_free (DabiaoTestValue *v)
{
  g_free (v->item);
  g_free (v->text);
  g_free (v->verdict);
  g_free (v->value);
  g_free (v->expect);
  g_free (v);
}

GPtrArray *
dabiao_test_values_load (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "value-forms.tsv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      DabiaoTestValue *v;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 5);
      v = g_new0 (DabiaoTestValue, 1);
      v->item = g_strdup (f[0]);
      v->text = g_strdup (f[1]);
      v->verdict = g_strdup (f[2]);
      v->value = g_strdup (f[3]);
      v->expect = g_strdup (f[4]);
      v->line = i + 1;
      g_ptr_array_add (rows, v);
    }
  g_assert_cmpuint (rows->len, >, 50);
  return rows;
}
