/* dabiao-test-standard.c: user copies of a shipped standard, for tests
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "dabiao-test-standard.h"

char *
dabiao_test_standard_install (const char *from,
                              const char *id,
                              const char *file,
                              const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shipped = g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "data", "standards", from, NULL);
  char *dir = g_build_filename (g_get_user_data_dir (), "dabiao", "standards", id, NULL);
  g_autoptr(GDir) listing = g_dir_open (shipped, 0, &error);
  const char *name;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *source = g_build_filename (shipped, name, NULL);
      g_autofree char *target = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (source, &text, &len, &error));
      if (g_str_equal (name, "standard.ini") && !g_str_equal (from, id))
        {
          g_autoptr(GString) ini = g_string_new_len (text, len);
          g_autofree char *old_id = g_strconcat ("id=", from, NULL);
          g_autofree char *new_id = g_strconcat ("id=", id, NULL);

          g_assert_cmpuint (g_string_replace (ini, old_id, new_id, 1), ==, 1);
          g_assert_true (g_file_set_contents (target, ini->str, ini->len, &error));
        }
      else
        g_assert_true (g_file_set_contents (target, text, len, &error));
    }
  if (file != NULL)
    {
      g_autofree char *target = g_build_filename (dir, file, NULL);

      g_assert_true (g_file_set_contents (target, contents, -1, &error));
    }
  g_assert_no_error (error);
  return dir;
}

void
dabiao_test_standard_remove (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}
