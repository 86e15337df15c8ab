/* dabiao-table.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-table-private.h"

struct _DabiaoTableReader
{
  char                     *name;
  const DabiaoTableBackend *backend;
  gpointer                  impl;
  DabiaoRow                 row;
  char                    **headers;
  char                    **normalized;
  guint                     n_columns;
  guint                     row_number;
  DabiaoCell                empty_cell;
  gboolean                  done;
  guint64                   bytes;   /* text read so far */
  guint64                   cells;   /* cells read so far, empty ones included */
  char                     *spool;   /* the private copy of a FIFO's contents */
};

/* ---- Rows ------------------------------------------------------------- */

void
dabiao_row_init (DabiaoRow *row)
{
  row->cells = g_array_sized_new (FALSE, TRUE, sizeof (DabiaoCell), 16);
  row->offsets = g_array_sized_new (FALSE, TRUE, sizeof (gsize), 16);
  row->text = g_string_sized_new (256);
}

void
dabiao_row_clear (DabiaoRow *row)
{
  g_clear_pointer (&row->cells, g_array_unref);
  g_clear_pointer (&row->offsets, g_array_unref);
  if (row->text != NULL)
    g_string_free (row->text, TRUE);
  row->text = NULL;
}

void
dabiao_row_reset (DabiaoRow *row)
{
  g_array_set_size (row->cells, 0);
  g_array_set_size (row->offsets, 0);
  /* Offset 0 is the shared "" of empty cells. */
  g_string_truncate (row->text, 0);
  g_string_append_c (row->text, '\0');
  row->bytes = 0;
  row->problem = DABIAO_ROW_OK;
  row->problem_column = 0;
  row->problem_in_quotes = FALSE;
}

static inline gboolean
is_trim_space (const char *p,
               const char *end,
               gsize      *len)
{
  guchar c = (guchar) *p;

  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
    {
      *len = 1;
      return TRUE;
    }
  /* U+3000 IDEOGRAPHIC SPACE and U+00A0 NO-BREAK SPACE. */
  if (c == 0xE3 && end - p >= 3 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0x80)
    {
      *len = 3;
      return TRUE;
    }
  if (c == 0xC2 && end - p >= 2 && (guchar) p[1] == 0xA0)
    {
      *len = 2;
      return TRUE;
    }
  return FALSE;
}

void
dabiao_table_trim (const char **text,
                   gsize       *len)
{
  const char *p = *text;
  const char *end = p + *len;
  gsize n;

  while (p < end && is_trim_space (p, end, &n))
    p += n;
  while (end > p)
    {
      if (end - p >= 1 && is_trim_space (end - 1, end, &n) && n == 1)
        end -= 1;
      else if (end - p >= 2 && is_trim_space (end - 2, end, &n) && n == 2)
        end -= 2;
      else if (end - p >= 3 && is_trim_space (end - 3, end, &n) && n == 3)
        end -= 3;
      else
        break;
    }
  *text = p;
  *len = end - p;
}

gboolean
dabiao_cell_fits (const char *text,
                  gsize       len)
{
  if (len <= DABIAO_TABLE_MAX_CELL_CHARS)
    return TRUE;
  if (len > DABIAO_TABLE_MAX_CELL_BYTES)
    return FALSE;
  return g_utf8_strlen (text, len) <= DABIAO_TABLE_MAX_CELL_CHARS;
}

gboolean
dabiao_row_refuse (DabiaoRow        *row,
                   DabiaoRowProblem  problem,
                   guint             column)
{
  if (row->problem == DABIAO_ROW_OK)
    {
      row->problem = problem;
      row->problem_column = column;
    }
  return FALSE;
}

/* Room for a cell at @column holding @len bytes? */
static gboolean
row_make_room (DabiaoRow *row,
               guint      column,
               gsize      len)
{
  if (row->problem != DABIAO_ROW_OK)
    return FALSE;
  if (column >= DABIAO_TABLE_MAX_COLUMNS)
    return dabiao_row_refuse (row, DABIAO_ROW_TOO_MANY_COLUMNS, column);
  if (row->bytes + len > DABIAO_TABLE_MAX_ROW_BYTES)
    return dabiao_row_refuse (row, DABIAO_ROW_TOO_LONG, column);
  if (column >= row->cells->len)
    {
      g_array_set_size (row->cells, column + 1);
      g_array_set_size (row->offsets, column + 1);
    }
  row->bytes += len;
  return TRUE;
}

gboolean
dabiao_row_set (DabiaoRow      *row,
                guint           column,
                DabiaoCellKind  kind,
                const char     *text,
                gssize          len,
                double          number)
{
  DabiaoCell *cell;
  gsize offset = 0;
  gsize ulen;

  if (len < 0)
    len = strlen (text);
  ulen = len;
  dabiao_table_trim (&text, &ulen);
  if (ulen == 0 && kind == DABIAO_CELL_STRING)
    kind = DABIAO_CELL_EMPTY;
  if (!dabiao_cell_fits (text, ulen))
    return dabiao_row_refuse (row, DABIAO_ROW_CELL_TOO_LONG, column);
  if (!row_make_room (row, column, ulen))
    return FALSE;

  if (ulen > 0)
    {
      offset = row->text->len;
      g_string_append_len (row->text, text, ulen);
      g_string_append_c (row->text, '\0');
    }

  cell = &g_array_index (row->cells, DabiaoCell, column);
  cell->kind = kind;
  cell->number = number;
  cell->text = NULL;
  g_array_index (row->offsets, gsize, column) = offset;
  return TRUE;
}

gboolean
dabiao_row_set_static (DabiaoRow  *row,
                       guint       column,
                       const char *text,
                       gsize       len)
{
  DabiaoCell *cell;

  if (!row_make_room (row, column, len))
    return FALSE;
  cell = &g_array_index (row->cells, DabiaoCell, column);
  cell->kind = DABIAO_CELL_STRING;
  cell->number = 0;
  cell->text = text;
  g_array_index (row->offsets, gsize, column) = DABIAO_ROW_EXTERNAL;
  return TRUE;
}

void
dabiao_row_set_number (DabiaoRow *row,
                       guint      column,
                       double     value)
{
  char buf[64];

  dabiao_format_general (buf, sizeof buf, value);
  dabiao_row_set (row, column, DABIAO_CELL_NUMBER, buf, -1, value);
}

void
dabiao_row_set_date (DabiaoRow *row,
                     guint      column,
                     double     serial)
{
  int y, m, d, s;
  char buf[64];

  if (!dabiao_serial_to_date (serial, &y, &m, &d, &s))
    {
      dabiao_row_set_number (row, column, serial);
      return;
    }
  if (s == 0)
    g_snprintf (buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  else
    g_snprintf (buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d",
                y, m, d, s / 3600, (s / 60) % 60, s % 60);
  dabiao_row_set (row, column, DABIAO_CELL_DATE, buf, -1, serial);
}

void
dabiao_row_finish (DabiaoRow *row)
{
  guint n = row->cells->len;

  while (n > 0 && g_array_index (row->cells, DabiaoCell, n - 1).kind == DABIAO_CELL_EMPTY)
    n--;
  g_array_set_size (row->cells, n);

  for (guint i = 0; i < n; i++)
    {
      DabiaoCell *cell = &g_array_index (row->cells, DabiaoCell, i);
      gsize offset = g_array_index (row->offsets, gsize, i);

      /* Gaps left by g_array_set_size() are zeroed: EMPTY at offset 0. */
      if (offset != DABIAO_ROW_EXTERNAL)
        cell->text = row->text->str + offset;
    }
}

gboolean
dabiao_row_is_empty (DabiaoRow *row)
{
  return row->cells->len == 0;
}

/* ---- Numbers and dates ------------------------------------------------ */

void
dabiao_format_general (char   *buf,
                       gsize   size,
                       double  value)
{
  if (value == 0)
    value = 0; /* no "-0" */
  if (!isfinite (value))
    {
      g_strlcpy (buf, "", size);
      return;
    }
  if (value == floor (value) && fabs (value) < 1e15)
    {
      /* Whole numbers (grades, classes, most values): digits by hand, the
       * commonest cell of a sheet costs no printf. */
      char tmp[24];
      char *p = tmp + sizeof tmp;
      guint64 v = (guint64) fabs (value);

      *--p = '\0';
      do
        *--p = '0' + v % 10;
      while ((v /= 10) > 0);
      if (value < 0)
        *--p = '-';
      g_strlcpy (buf, p, size);
      return;
    }
  /* Excel shows at most 15 significant digits: 3.4500000000000002 → 3.45. */
  g_snprintf (buf, size, "%.15g", value);
  /* Use "." whatever the locale. */
  for (char *p = buf; *p; p++)
    if (*p == ',')
      *p = '.';
}

void
dabiao_format_fixed (char   *buf,
                     gsize   size,
                     double  value,
                     guint   decimals)
{
  double scale = pow (10, MIN (decimals, 15));
  double scaled = fabs (value) * scale;
  double whole = floor (scaled);
  double frac = scaled - whole;
  double rounded;

  /* 2.675 is 2.67499999… in binary; a person wrote 2.675 and expects 2.68:
   * treat a fraction within rounding noise of one half as one half. */
  if (frac >= 0.5 - 1e-9 * MAX (1.0, scaled))
    rounded = whole + 1;
  else
    rounded = whole;
  if (value < 0 && rounded != 0)
    rounded = -rounded;
  g_snprintf (buf, size, "%.*f", (int) MIN (decimals, 15), rounded / scale);
  for (char *p = buf; *p; p++)
    if (*p == ',')
      *p = '.';
}

static guint32
julian_of (int year,
           int month,
           int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

gboolean
dabiao_serial_to_date (double  serial,
                       int    *year,
                       int    *month,
                       int    *day,
                       int    *seconds)
{
  double days = floor (serial);
  int secs = (int) floor ((serial - days) * 86400 + 0.5);
  GDate date;

  if (!isfinite (serial) || serial < 1 || serial >= 2958466)
    return FALSE;
  if (secs >= 86400)
    {
      days += 1;
      secs = 0;
    }
  if (days == 60)
    {
      /* Excel's fictitious 1900-02-29 (kept for Lotus 1-2-3). */
      *year = 1900, *month = 2, *day = 29, *seconds = secs;
      return TRUE;
    }
  if (days > 60)
    days -= 1;
  /* Serial 1 is 1900-01-01. */
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian_of (1899, 12, 31) + (guint32) days);
  *year = g_date_get_year (&date);
  *month = g_date_get_month (&date);
  *day = g_date_get_day (&date);
  *seconds = secs;
  return TRUE;
}

double
dabiao_date_to_serial (const GDate *date)
{
  double days = (double) g_date_get_julian (date) - julian_of (1899, 12, 31);

  if (days >= 60)
    days += 1;
  return days;
}

/* ---- Headers ---------------------------------------------------------- */

char *
dabiao_table_normalize_header (const char *text)
{
  g_autofree char *nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = NULL;
  GString *out;
  static const char *const suffixes[] = { "(男)", "(女)" };

  if (nfkc == NULL)
    nfkc = g_strdup (text);
  folded = g_utf8_casefold (nfkc, -1);

  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x3000 || c == 0x00A0 || c == 0x200B || c == 0xFEFF)
        continue;
      g_string_append_unichar (out, c);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      gsize n = strlen (suffixes[i]);

      if (out->len > n && strcmp (out->str + out->len - n, suffixes[i]) == 0)
        {
          g_string_truncate (out, out->len - n);
          break;
        }
    }

  return g_string_free (out, FALSE);
}

/* ---- Reader ----------------------------------------------------------- */

gboolean
dabiao_table_has_suffix (const char *path,
                         const char *suffix)
{
  gsize n = strlen (path);
  gsize m = strlen (suffix);

  return n >= m && g_ascii_strcasecmp (path + n - m, suffix) == 0;
}

typedef enum
{
  MAGIC_OTHER,
  MAGIC_ZIP,   /* xlsx */
  MAGIC_OLE,   /* xls, or a password-protected xlsx */
} Magic;

static Magic
sniff (const char *path)
{
  guchar head[8] = { 0, };
  FILE *fp = fopen (path, "rb");
  gsize n;

  if (fp == NULL)
    return MAGIC_OTHER;
  n = fread (head, 1, sizeof head, fp);
  fclose (fp);
  if (n >= 4 && memcmp (head, "PK\x03\x04", 4) == 0)
    return MAGIC_ZIP;
  if (n == 8 && memcmp (head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    return MAGIC_OLE;
  return MAGIC_OTHER;
}

/* "A", "B", … "XFD": a column named as the sheet does. */
static void
column_letters (guint  column,
                char  *buf)
{
  char tmp[8];
  guint n = 0;

  column++;
  while (column > 0 && n < sizeof tmp)
    {
      tmp[n++] = 'A' + (column - 1) % 26;
      column = (column - 1) / 26;
    }
  for (guint i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  buf[n] = '\0';
}

/* The row just read breaks none of the limits?  Otherwise an error naming
 * the file, the row and (where one is at fault) the column: by its header,
 * or by its letter in the header row or past the headers. */
static gboolean
check_row (DabiaoTableReader  *self,
           guint               row_number,
           GError            **error)
{
  const DabiaoRow *row = &self->row;
  char letters[8];
  const char *column;

  if (row_number > DABIAO_TABLE_MAX_ROWS)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: more than %u rows, the most a sheet may hold"),
                   self->name, DABIAO_TABLE_MAX_ROWS);
      return FALSE;
    }
  self->bytes += row->bytes;
  self->cells += row->cells->len;
  if (row->problem == DABIAO_ROW_OK && self->cells > DABIAO_TABLE_MAX_FILE_CELLS)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: row %u: the file holds more than %u cells (counting the empty ones before each row's last); split it into smaller files"),
                   self->name, row_number, (guint) DABIAO_TABLE_MAX_FILE_CELLS);
      return FALSE;
    }
  if (row->problem == DABIAO_ROW_OK && self->bytes > DABIAO_TABLE_MAX_FILE_BYTES)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: row %u: the file holds more than %u MiB of text; split it into smaller files"),
                   self->name, row_number, (guint) (DABIAO_TABLE_MAX_FILE_BYTES >> 20));
      return FALSE;
    }

  column_letters (row->problem_column, letters);
  column = self->headers != NULL && row->problem_column < self->n_columns &&
           *self->headers[row->problem_column] != '\0'
           ? self->headers[row->problem_column] : letters;
  switch (row->problem)
    {
    case DABIAO_ROW_OK:
      return TRUE;
    case DABIAO_ROW_CELL_TOO_LONG:
      if (row->problem_in_quotes)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: row %u, column %s: a quoted cell runs on past %u characters, the most a cell may hold (is a closing \" missing?)"),
                     self->name, row_number, column, DABIAO_TABLE_MAX_CELL_CHARS);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: row %u, column %s: the cell holds more than %u characters, the most a cell may hold"),
                     self->name, row_number, column, DABIAO_TABLE_MAX_CELL_CHARS);
      break;
    case DABIAO_ROW_TOO_MANY_COLUMNS:
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: row %u: more than %u columns, the most a sheet may hold"),
                   self->name, row_number, DABIAO_TABLE_MAX_COLUMNS);
      break;
    case DABIAO_ROW_TOO_LONG:
    default:
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: row %u: the row holds more than %u MiB of text (from column %s on)"),
                   self->name, row_number, DABIAO_TABLE_MAX_ROW_BYTES >> 20, letters);
      break;
    }
  return FALSE;
}

char *
dabiao_table_spool (const char  *path,
                    char       **cleanup,
                    GError     **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  struct stat st;
  int in, out;
  gsize total = 0;

  *cleanup = NULL;
  if (g_stat (path, &st) != 0 || S_ISREG (st.st_mode))
    return g_strdup (path);  /* missing: the reader says so */
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: this is a folder, not a table"), name);
      return NULL;
    }

  in = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (in < 0)
    {
      int saved_errno = errno;

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("%s: cannot open the file: %s"), name, g_strerror (saved_errno));
      return NULL;
    }
  dir = g_dir_make_tmp ("dabiao-spool-XXXXXX", error);
  if (dir == NULL)
    {
      close (in);
      return NULL;
    }
  copy = g_build_filename (dir, name, NULL);
  out = g_open (copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  for (;;)
    {
      char buf[64 * 1024];
      gssize n = out < 0 ? -1 : read (in, buf, sizeof buf);
      int saved_errno = errno;

      if (n < 0 && saved_errno == EINTR)
        continue;
      if (n == 0)
        break;
      if (n > 0 && total + n > DABIAO_TABLE_MAX_SPOOL)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: more than %u MiB came through the pipe; save the table to a file and read that"),
                       name, DABIAO_TABLE_MAX_SPOOL >> 20);
          n = -2;
        }
      else if (n > 0 && write (out, buf, n) != n)
        {
          saved_errno = errno;
          n = -1;
        }
      if (n < 0)
        {
          if (n == -1)
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                         _("%s: cannot read the file: %s"), name, g_strerror (saved_errno));
          close (in);
          if (out >= 0)
            close (out);
          dabiao_table_unspool (g_steal_pointer (&dir));
          return NULL;
        }
      total += n;
    }
  close (in);
  close (out);
  *cleanup = g_steal_pointer (&dir);
  return g_steal_pointer (&copy);
}

void
dabiao_table_unspool (char *cleanup)
{
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (cleanup == NULL)
    return;
  dir = g_dir_open (cleanup, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (cleanup, entry, NULL);

      g_unlink (file);
    }
  g_rmdir (cleanup);
  g_free (cleanup);
}

DabiaoTableReader *
dabiao_table_reader_open (const char  *path,
                          const char  *sheet,
                          GError     **error)
{
  g_autoptr(DabiaoTableReader) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *spooled = NULL;
  guint row_number = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (DabiaoTableReader, 1);
  self->name = g_path_get_basename (path);
  self->empty_cell.kind = DABIAO_CELL_EMPTY;
  self->empty_cell.text = "";
  dabiao_row_init (&self->row);

  /* A FIFO or a pipe: read once, into a private copy. */
  spooled = dabiao_table_spool (path, &self->spool, error);
  if (spooled == NULL)
    return NULL;
  path = spooled;

  if (dabiao_table_has_suffix (path, ".csv"))
    self->impl = dabiao_csv_backend_open (path, self->name, &self->backend, error);
  else if (dabiao_table_has_suffix (path, ".xlsx") || dabiao_table_has_suffix (path, ".xlsm") ||
           dabiao_table_has_suffix (path, ".xls"))
    {
      /* Workbooks get renamed: an .xls saved as "x.xlsx", an .xlsx named
       * "x.xls".  The content decides; the extension breaks ties. */
      Magic magic = sniff (path);
      gboolean xls = magic == MAGIC_OLE || (magic == MAGIC_OTHER && dabiao_table_has_suffix (path, ".xls"));

      if (xls && magic == MAGIC_OLE && !dabiao_table_has_suffix (path, ".xls"))
        {
          /* An OLE file named .xlsx: an .xls, or an encrypted xlsx, which
           * the xlsx reader names as such. */
          self->impl = dabiao_xls_backend_open (path, self->name, sheet, &self->backend, NULL);
          if (self->impl == NULL)
            self->impl = dabiao_xlsx_backend_open (path, self->name, sheet, &self->backend, error);
        }
      else if (xls)
        self->impl = dabiao_xls_backend_open (path, self->name, sheet, &self->backend, error);
      else
        self->impl = dabiao_xlsx_backend_open (path, self->name, sheet, &self->backend, error);
    }
  else
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: unknown table format (expected a .csv, .xlsx or .xls file)"),
                   self->name);
      return NULL;
    }
  if (self->impl == NULL)
    return NULL;

  /* The header is the first row that is not empty. */
  for (;;)
    {
      dabiao_row_reset (&self->row);
      if (!self->backend->read_row (self->impl, &self->row, &row_number, &local_error))
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                         _("%s: the table is empty (no header row)"), self->name);
          return NULL;
        }
      if (!check_row (self, row_number, error))
        return NULL;
      dabiao_row_finish (&self->row);
      if (!dabiao_row_is_empty (&self->row))
        break;
    }

  self->n_columns = self->row.cells->len;
  self->headers = g_new0 (char *, self->n_columns + 1);
  self->normalized = g_new0 (char *, self->n_columns + 1);
  for (guint i = 0; i < self->n_columns; i++)
    {
      const DabiaoCell *cell = &g_array_index (self->row.cells, DabiaoCell, i);

      self->headers[i] = g_strdup (cell->text);
      self->normalized[i] = dabiao_table_normalize_header (cell->text);
    }
  self->row_number = row_number;
  dabiao_row_reset (&self->row);
  dabiao_row_finish (&self->row);

  return g_steal_pointer (&self);
}

void
dabiao_table_reader_free (DabiaoTableReader *self)
{
  if (self == NULL)
    return;
  if (self->impl != NULL)
    self->backend->free (self->impl);
  dabiao_row_clear (&self->row);
  g_strfreev (self->headers);
  g_strfreev (self->normalized);
  dabiao_table_unspool (self->spool);
  g_free (self->name);
  g_free (self);
}

const char *
dabiao_table_reader_get_name (DabiaoTableReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

char **
dabiao_table_reader_list_sheets (DabiaoTableReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (self->backend->list_sheets == NULL)
    {
      char **sheets = g_new0 (char *, 2);

      sheets[0] = g_strdup ("");
      return sheets;
    }
  return self->backend->list_sheets (self->impl);
}

guint
dabiao_table_reader_get_n_columns (DabiaoTableReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_columns;
}

const char * const *
dabiao_table_reader_get_headers (DabiaoTableReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->headers;
}

int
dabiao_table_reader_find_column (DabiaoTableReader *self,
                                 const char        *name)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  wanted = dabiao_table_normalize_header (name);
  if (*wanted == '\0')
    return -1;
  for (guint i = 0; i < self->n_columns; i++)
    if (strcmp (self->normalized[i], wanted) == 0)
      return i;
  return -1;
}

gboolean
dabiao_table_reader_next_row (DabiaoTableReader  *self,
                              GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->done)
    return FALSE;

  for (;;)
    {
      guint row_number = self->row_number;

      dabiao_row_reset (&self->row);
      if (!self->backend->read_row (self->impl, &self->row, &row_number, error))
        {
          /* At the end or after an error, stay there. */
          self->done = TRUE;
          dabiao_row_reset (&self->row);
          dabiao_row_finish (&self->row);
          return FALSE;
        }
      if (!check_row (self, row_number, error))
        {
          self->done = TRUE;
          dabiao_row_reset (&self->row);
          dabiao_row_finish (&self->row);
          return FALSE;
        }
      dabiao_row_finish (&self->row);
      self->row_number = row_number;
      if (!dabiao_row_is_empty (&self->row))
        return TRUE;
    }
}

guint
dabiao_table_reader_get_row (DabiaoTableReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->row_number;
}

const DabiaoCell *
dabiao_table_reader_get_cell (DabiaoTableReader *self,
                              int                column)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (column < 0 || (guint) column >= self->row.cells->len)
    return &self->empty_cell;
  return &g_array_index (self->row.cells, DabiaoCell, column);
}
