/* dabiao-hostile.c: the hostile corpus and a child reading one file of it
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dabiao-error.h"
#include "dabiao-hostile.h"
#include "dabiao-table.h"

#ifndef HOSTILE_SOURCE_DIR
#error "HOSTILE_SOURCE_DIR: the folder of make-hostile.py"
#endif

static void
file_free (gpointer data)
{
  DabiaoHostileFile *file = data;

  g_free (file->name);
  g_free (file->expect);
  g_free (file->what);
  g_free (file);
}

GPtrArray *
dabiao_hostile_generate (const char  *dir,
                         gboolean     full,
                         GError     **error)
{
  const char *python = g_getenv ("DABIAO_PYTHON");
  g_autofree char *script = g_build_filename (HOSTILE_SOURCE_DIR, "make-hostile.py", NULL);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (file_free);
  const char *argv[] = { python != NULL ? python : "/usr/bin/python3", script, dir,
                         full ? "--full" : NULL, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, error) ||
      !g_spawn_check_wait_status (status, error))
    return NULL;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);
      DabiaoHostileFile *file;

      if (g_strv_length (fields) != 3)
        continue;
      file = g_new0 (DabiaoHostileFile, 1);
      file->name = g_strdup (fields[0]);
      file->expect = g_strdup (fields[1]);
      file->what = g_strdup (fields[2]);
      g_ptr_array_add (files, file);
    }
  return g_steal_pointer (&files);
}

/* The child: read @path to the end and write "R KB ROWS" or "E KB CODE
 * MESSAGE" to @fd, KB being the peak RSS of its own children. */
G_GNUC_NORETURN static void
read_in_child (const char *path,
               int         fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);
  g_autofree char *line = NULL;
  guint rows = 0;

  if (reader != NULL)
    {
      guint n = dabiao_table_reader_get_n_columns (reader);

      while (dabiao_table_reader_next_row (reader, &error))
        {
          /* Touch every cell a caller would use. */
          for (guint c = 0; c < n; c++)
            (void) dabiao_table_reader_get_cell (reader, c)->text[0];
          rows++;
        }
    }
  {
    struct rusage children = { 0, };

    /* The .xls reader's own child, reaped by now. */
    getrusage (RUSAGE_CHILDREN, &children);
    dabiao_table_reader_free (g_steal_pointer (&reader));
    if (error != NULL)
      line = g_strdup_printf ("E %ld %d %s", children.ru_maxrss,
                              error->domain == DABIAO_ERROR ? error->code : -1, error->message);
    else
      line = g_strdup_printf ("R %ld %u", children.ru_maxrss, rows);
  }
  if (write (fd, line, strlen (line)) < 0)
    _exit (2);
  _exit (0);
}

void
dabiao_hostile_read (const char          *path,
                     DabiaoHostileResult *result)
{
  int fds[2];
  pid_t pid;
  int status = 0;
  struct rusage usage = { 0, };
  gint64 start;
  char *p;
  glong child_kb;
  g_autoptr(GString) out = g_string_new (NULL);

  memset (result, 0, sizeof *result);
  g_assert (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
  start = g_get_monotonic_time ();
  pid = fork ();
  g_assert (pid >= 0);
  if (pid == 0)
    {
      close (fds[0]);
      read_in_child (path, fds[1]);
    }
  close (fds[1]);
  for (;;)
    {
      char buf[4096];
      ssize_t n = read (fds[0], buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (out, buf, n);
    }
  close (fds[0]);
  while (wait4 (pid, &status, 0, &usage) < 0 && errno == EINTR)
    ;
  result->seconds = (g_get_monotonic_time () - start) / 1e6;
  result->crashed = !WIFEXITED (status) || WEXITSTATUS (status) != 0;
  if (out->len < 3 || (out->str[0] != 'R' && out->str[0] != 'E'))
    {
      result->crashed = TRUE;
      result->max_rss_kb = usage.ru_maxrss;
      return;
    }
  child_kb = strtol (out->str + 2, &p, 10);
  result->max_rss_kb = MAX (usage.ru_maxrss, child_kb);
  if (out->str[0] == 'R')
    {
      result->read = TRUE;
      result->rows = strtoul (p, NULL, 10);
    }
  else
    {
      result->error_code = strtol (p, &p, 10);
      result->message = g_strdup (*p == ' ' ? p + 1 : p);
    }
}

void
dabiao_hostile_result_clear (DabiaoHostileResult *result)
{
  g_clear_pointer (&result->message, g_free);
}

gboolean
dabiao_hostile_as_expected (const DabiaoHostileFile   *file,
                            const DabiaoHostileResult *result)
{
  if (result->crashed)
    return FALSE;
  if (g_str_equal (file->expect, "any"))
    return result->read || result->error_code == DABIAO_ERROR_BAD_FILE;
  if (g_str_equal (file->expect, "read"))
    return result->read;
  if (g_str_has_prefix (file->expect, "refuse:"))
    return !result->read && result->error_code == DABIAO_ERROR_BAD_FILE &&
           result->message != NULL && strstr (result->message, file->expect + 7) != NULL &&
           strstr (result->message, file->name) != NULL;
  return FALSE;
}
