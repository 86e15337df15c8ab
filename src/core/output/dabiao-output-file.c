/* dabiao-output-file.c: writing files completely or not at all.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-output-private.h"

char *
dabiao_output_temp_path (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());

  return g_build_filename (dir, name, NULL);
}

gboolean
dabiao_output_check_target (const char  *path,
                            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("Cannot write “%s”: the folder “%s” does not exist"), base, dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("Cannot write “%s”: the folder “%s” is read-only"), base, dir);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("Cannot write “%s”: it is a folder"), base);
      return FALSE;
    }

  return TRUE;
}

gboolean
dabiao_output_commit (const char  *tmp_path,
                      const char  *path,
                      GError     **error)
{
  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;
      g_autofree char *base = g_path_get_basename (path);

      g_unlink (tmp_path);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("Cannot write “%s”: %s"), base, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
dabiao_output_close_workbook (lxw_workbook *workbook,
                              const char   *tmp_path,
                              const char   *path,
                              GError      **error)
{
  lxw_error err = workbook_close (workbook);

  if (err != LXW_NO_ERROR)
    {
      g_autofree char *base = g_path_get_basename (path);

      g_unlink (tmp_path);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                   _("Cannot write “%s”: %s (is the disk full or the folder read-only?)"),
                   base, lxw_strerror (err));
      return FALSE;
    }

  return dabiao_output_commit (tmp_path, path, error);
}
