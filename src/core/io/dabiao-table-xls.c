/* dabiao-table-xls.c: the Excel 97-2003 (.xls, BIFF) reader, through libfreexl
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <freexl.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dabiao-error.h"
#include "dabiao-table-private.h"

/* libfreexl parses the whole workbook on open (a .xls sheet holds at most
 * 65,536 rows) and hands out cells by position; dates come back as
 * "YYYY-MM-DD[ HH:MM:SS]" text, from which the serial day is computed. */

typedef struct
{
  char         *name;
  const void   *handle;
  guint         n_rows;
  gushort       n_columns;
  guint         next;
  char        **sheets;
} XlsReader;

static void
xls_free (gpointer data)
{
  XlsReader *self = data;

  if (self->handle != NULL)
    freexl_close (self->handle);
  g_strfreev (self->sheets);
  g_free (self->name);
  g_free (self);
}

static double
parse_date_serial (const char *text,
                   gboolean    with_time)
{
  int y, m, d, hh = 0, mm = 0, ss = 0;
  GDate date;
  double serial;

  if (sscanf (text, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return -1;
  if (with_time && sscanf (text, "%*d-%*d-%d %d:%d:%d", &d, &hh, &mm, &ss) != 4)
    hh = mm = ss = 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  serial = dabiao_date_to_serial (&date);
  return serial + (hh * 3600 + mm * 60 + ss) / 86400.0;
}

static gboolean
xls_read_row (gpointer    data,
              DabiaoRow  *row,
              guint      *row_number,
              GError    **error)
{
  XlsReader *self = data;
  guint r;

  if (self->next >= self->n_rows)
    return FALSE;
  r = self->next++;
  *row_number = r + 1;

  for (gushort c = 0; c < self->n_columns; c++)
    {
      FreeXL_CellValue value;
      int ret = freexl_get_cell_value (self->handle, r, c, &value);

      if (ret != FREEXL_OK)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: row %u: the cell cannot be read (libfreexl error %d)"),
                       self->name, r + 1, ret);
          return FALSE;
        }

      switch (value.type)
        {
        case FREEXL_CELL_INT:
          dabiao_row_set_number (row, c, value.value.int_value);
          break;

        case FREEXL_CELL_DOUBLE:
          dabiao_row_set_number (row, c, value.value.double_value);
          break;

        case FREEXL_CELL_TEXT:
        case FREEXL_CELL_SST_TEXT:
        case FREEXL_CELL_TIME:
          if (value.value.text_value != NULL)
            {
              if (!g_utf8_validate (value.value.text_value, -1, NULL))
                {
                  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                               _("%s: row %u: a cell holds text that is not valid Unicode"),
                               self->name, r + 1);
                  return FALSE;
                }
              dabiao_row_set (row, c, DABIAO_CELL_STRING, value.value.text_value, -1, 0);
            }
          break;

        case FREEXL_CELL_DATE:
        case FREEXL_CELL_DATETIME:
          {
            double serial = parse_date_serial (value.value.text_value,
                                               value.type == FREEXL_CELL_DATETIME);

            if (serial >= 1)
              dabiao_row_set_date (row, c, serial);
            else
              dabiao_row_set (row, c, DABIAO_CELL_STRING, value.value.text_value, -1, 0);
          }
          break;

        case FREEXL_CELL_NULL:
        default:
          break;
        }
    }
  return TRUE;
}

static char **
xls_list_sheets (gpointer data)
{
  XlsReader *self = data;

  return g_strdupv (self->sheets);
}

static gboolean
looks_like_html (const char *path)
{
  char head[4096];
  FILE *fp = fopen (path, "rb");
  gsize n;
  g_autofree char *lower = NULL;

  if (fp == NULL)
    return FALSE;
  n = fread (head, 1, sizeof head - 1, fp);
  fclose (fp);
  head[n] = '\0';
  lower = g_ascii_strdown (head, n);
  return strstr (lower, "<html") != NULL || strstr (lower, "<table") != NULL;
}

/* libfreexl 1.0.6 can crash on a damaged file (found by fuzzing: a few
 * flipped bytes, a SIGSEGV inside freexl_open(); ASan also reports a stack
 * over-read in its iconv() call).  So the whole workbook is
 * first parsed in a forked child; only if that child survives does this
 * process open it.  (A .xls holds at most 65,536 rows per sheet, so the
 * second parse costs little; glibc makes malloc and stdio usable in the
 * child of a threaded process.) */
static gboolean
survives_freexl (const char *path)
{
  pid_t pid = fork ();
  int status = 0;

  if (pid < 0)
    return TRUE; /* cannot check: go ahead */
  if (pid == 0)
    {
      const void *handle = NULL;

      if (freexl_open (path, &handle) == FREEXL_OK)
        {
          unsigned int n_sheets = 0;

          freexl_get_info (handle, FREEXL_BIFF_SHEET_COUNT, &n_sheets);
          for (unsigned int i = 0; i < n_sheets; i++)
            {
              unsigned int rows = 0;
              unsigned short columns = 0;
              const char *name = NULL;

              freexl_get_worksheet_name (handle, i, &name);
              if (freexl_select_active_worksheet (handle, i) != FREEXL_OK ||
                  freexl_worksheet_dimensions (handle, &rows, &columns) != FREEXL_OK)
                continue;
              for (unsigned int r = 0; r < rows; r++)
                for (unsigned short c = 0; c < columns; c++)
                  {
                    FreeXL_CellValue value;

                    freexl_get_cell_value (handle, r, c, &value);
                  }
            }
        }
      freexl_close (handle);   /* also after a failed open (freexl.h) */
      _exit (0);
    }
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return TRUE;
  /* Anything but a clean exit (a signal; under ASan, its error exit) means
   * libfreexl went wrong on this file. */
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static const DabiaoTableBackend xls_backend = {
  xls_read_row,
  xls_list_sheets,
  xls_free,
};

gpointer
dabiao_xls_backend_open (const char                *path,
                         const char                *name,
                         const char                *sheet,
                         const DabiaoTableBackend **backend,
                         GError                   **error)
{
  XlsReader *self;
  unsigned int info = 0;
  unsigned int n_sheets = 0;
  int ret;
  int index = -1;
  unsigned int rows = 0;
  unsigned short columns = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("%s: cannot open the file: %s"), name, g_strerror (ENOENT));
      return NULL;
    }

  if (!survives_freexl (path))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the workbook is damaged (libfreexl cannot read it)"), name);
      return NULL;
    }

  self = g_new0 (XlsReader, 1);
  self->name = g_strdup (name);

  ret = freexl_open (path, &self->handle);
  if (ret != FREEXL_OK)
    {
      /* freexl_open() may have allocated the handle even when it fails:
       * freexl_close() it all the same (xls_free does), as freexl.h asks. */
      xls_free (self);
      /* Many school systems export a web page named .xls. */
      if (looks_like_html (path))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: this is a web page (HTML) named .xls, not a workbook; open it in Excel or WPS and save it as .xlsx"),
                     name);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: not an Excel 97-2003 workbook, or a damaged one (libfreexl error %d)"),
                     name, ret);
      return NULL;
    }

  if (freexl_get_info (self->handle, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
      info == FREEXL_BIFF_OBFUSCATED)
    {
      xls_free (self);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the workbook is protected by a password; save an unprotected copy"),
                   name);
      return NULL;
    }

  freexl_get_info (self->handle, FREEXL_BIFF_SHEET_COUNT, &n_sheets);
  self->sheets = g_new0 (char *, n_sheets + 1);
  for (unsigned int i = 0; i < n_sheets; i++)
    {
      const char *sheet_name = NULL;

      if (freexl_get_worksheet_name (self->handle, i, &sheet_name) != FREEXL_OK || sheet_name == NULL)
        sheet_name = "";
      self->sheets[i] = g_strdup (sheet_name);
      if (index < 0 && (sheet == NULL || strcmp (sheet, sheet_name) == 0))
        index = i;
    }

  if (index < 0)
    {
      g_autofree char *names = g_strjoinv ("、", self->sheets);

      if (sheet != NULL)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                     _("%s: there is no sheet named “%s” (the sheets are: %s)"),
                     name, sheet, names);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: the workbook has no worksheet"), name);
      xls_free (self);
      return NULL;
    }

  if (freexl_select_active_worksheet (self->handle, index) != FREEXL_OK ||
      freexl_worksheet_dimensions (self->handle, &rows, &columns) != FREEXL_OK)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the sheet “%s” cannot be read"), name, self->sheets[index]);
      xls_free (self);
      return NULL;
    }
  self->n_rows = rows;
  self->n_columns = columns;

  *backend = &xls_backend;
  return self;
}
