/* dabiao-table-writer.c: the CSV and XLSX writers
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
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "dabiao-error.h"
#include "dabiao-table-private.h"
#include "dabiao-terminal.h"
#include "dabiao-xlsx.h"

/* Both writers write to "<dir>/.<name>.XXXXXX.part" beside the target and
 * rename it into place in close(), so a reader of the target sees the old
 * file or the complete new one, never half of one.  Errors from add_*() are
 * kept and reported by the next end_row() or close(). */

#define MAX_DECIMALS 10
#define XLSX_MAX_ROWS DABIAO_XLSX_MAX_ROWS
#define XLSX_MAX_COLUMNS DABIAO_XLSX_MAX_COLUMNS

typedef enum
{
  WRITER_CSV,
  WRITER_XLSX,
} WriterKind;

struct _DabiaoTableWriter
{
  WriterKind      kind;
  char           *path;
  char           *name;       /* for messages: the path, or "stdout" */
  char           *tmp_path;   /* NULL when writing to stdout */
  GError         *error;
  guint           column;
  guint           row;        /* rows written so far */
  gboolean        closed;
  GPtrArray      *headers;    /* the first row's texts, for messages */
  char           *row_label;  /* who the current row is about, or NULL */
  gboolean        no_escape;  /* csv: formula-like text written as is */

  /* CSV */
  FILE           *fp;
  gboolean        to_stdout;
  gboolean        to_terminal;  /* stdout is one: control characters escaped */
  GString        *line;

  /* XLSX */
  lxw_workbook   *workbook;
  lxw_worksheet  *worksheet;
  lxw_format     *fixed[MAX_DECIMALS + 1];
  lxw_format     *date_format;
};

static void
set_error_errno (DabiaoTableWriter *self,
                 int                saved_errno)
{
  if (self->error != NULL)
    return;
  g_set_error (&self->error, DABIAO_ERROR,
               saved_errno == ENOSPC || saved_errno == EROFS || saved_errno == EACCES ||
               saved_errno == EPERM || saved_errno == EFBIG || saved_errno == EDQUOT
               ? DABIAO_ERROR_IO : DABIAO_ERROR_EXPORT,
               _("%s: cannot write the file: %s"), self->name, g_strerror (saved_errno));
}

/* The current column's header, or its number. */
static char *
column_name (DabiaoTableWriter *self)
{
  if (self->row > 0 && self->column < self->headers->len &&
      *(const char *) g_ptr_array_index (self->headers, self->column) != '\0')
    return g_strdup (g_ptr_array_index (self->headers, self->column));
  return g_strdup_printf ("%u", self->column + 1);
}

/* "row 12 (张三)" or "row 12". */
static char *
row_name (DabiaoTableWriter *self)
{
  if (self->row_label != NULL)
    return g_strdup_printf (_("row %u (%s)"), self->row + 1, self->row_label);
  return g_strdup_printf (_("row %u"), self->row + 1);
}

static void
set_error_lxw (DabiaoTableWriter *self,
               lxw_error          code)
{
  g_autofree char *column = NULL;

  if (self->error != NULL)
    return;
  column = column_name (self);
  dabiao_xlsx_set_error (&self->error, self->name, NULL, self->row, column, code);
}

/* ---- CSV -------------------------------------------------------------- */

/* Would a spreadsheet program take @text for a formula?  It starts with
 * =, +, -, @, a tab or a carriage return, and is not a plain number ("-5",
 * "+3.2" stay as they are; "-1+cmd|…" does not). */
static gboolean
looks_like_formula (const char *text)
{
  char *end = NULL;

  if (strchr ("=+-@\t\r", text[0]) == NULL)
    return FALSE;
  if (text[0] == '-' || text[0] == '+')
    {
      g_ascii_strtod (text, &end);
      if (end != text && *end == '\0' && g_ascii_isdigit (text[1]))
        return FALSE;
    }
  return TRUE;
}

static void
csv_append (DabiaoTableWriter *self,
            const char        *text,
            gboolean           is_text)
{
  g_autofree char *shown = NULL;
  gboolean escape;

  if (self->column > 0)
    g_string_append_c (self->line, ',');
  self->column++;

  if (text == NULL || *text == '\0')
    return;
  /* Text Excel or WPS would run as a formula (=HYPERLINK(…), =cmd|…,
   * +1+2, @SUM(…)) gets a leading ' and is shown as the text it is
   * (OWASP's advice for CSV injection).  Numbers are never touched. */
  escape = is_text && !self->no_escape && looks_like_formula (text);
  /* On a terminal, names from a file are shown, never obeyed. */
  if (self->to_terminal && (shown = dabiao_terminal_escape (text, -1, FALSE)) != NULL)
    text = shown;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      if (escape)
        g_string_append_c (self->line, '\'');
      g_string_append (self->line, text);
      return;
    }
  g_string_append_c (self->line, '"');
  if (escape)
    g_string_append_c (self->line, '\'');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (self->line, '"');
      g_string_append_c (self->line, *p);
    }
  g_string_append_c (self->line, '"');
}

/* ---- XLSX ------------------------------------------------------------- */

static lxw_format *
fixed_format (DabiaoTableWriter *self,
              guint              decimals)
{
  decimals = MIN (decimals, MAX_DECIMALS);
  if (self->fixed[decimals] == NULL)
    {
      char code[MAX_DECIMALS + 3] = "0";

      if (decimals > 0)
        {
          code[1] = '.';
          memset (code + 2, '0', decimals);
          code[2 + decimals] = '\0';
        }
      self->fixed[decimals] = workbook_add_format (self->workbook);
      format_set_num_format (self->fixed[decimals], code);
    }
  return self->fixed[decimals];
}

/* Room for a cell here?  Refused before anything is written past the
 * sheet's end (libxlsxwriter would drop it and carry on). */
static gboolean
xlsx_can_write (DabiaoTableWriter *self)
{
  if (self->error != NULL)
    return FALSE;
  if (self->row >= XLSX_MAX_ROWS)
    {
      g_set_error (&self->error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                   _("%s: more than %u rows (the header included), the most an xlsx sheet holds; nothing was written"),
                   self->name, XLSX_MAX_ROWS);
      return FALSE;
    }
  if (self->column >= XLSX_MAX_COLUMNS)
    {
      g_set_error (&self->error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                   _("%s: row %u: more than %u columns, the most an xlsx sheet holds; nothing was written"),
                   self->name, self->row + 1, XLSX_MAX_COLUMNS);
      return FALSE;
    }
  return TRUE;
}

/* Text for a cell: too long is refused, naming the row (and who it is
 * about) and the column. */
static gboolean
xlsx_text_fits (DabiaoTableWriter *self,
                const char        *text)
{
  g_autofree char *row = NULL;
  g_autofree char *column = NULL;

  if (dabiao_xlsx_text_fits (text))
    return TRUE;
  row = row_name (self);
  column = column_name (self);
  g_set_error (&self->error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
               _("%s: %s, column %s: the text is %ld characters long, a cell holds at most %u; nothing was written"),
               self->name, row, column, g_utf8_strlen (text, -1), DABIAO_XLSX_MAX_CELL_CHARS);
  return FALSE;
}

static void
xlsx_check (DabiaoTableWriter *self,
            lxw_error          code)
{
  if (code != LXW_NO_ERROR)
    set_error_lxw (self, code);
}

/* libxlsxwriter writes rows to a temporary file without checking the
 * writes (a full disk would give a workbook with rows missing and no error):
 * check that file's error flag ourselves. */
static void
xlsx_check_tmpfile (DabiaoTableWriter *self,
                    gboolean           flush)
{
  FILE *fp = self->worksheet != NULL ? self->worksheet->optimize_tmpfile : NULL;

  if (fp == NULL || self->error != NULL)
    return;
  if ((flush && fflush (fp) != 0) || ferror (fp))
    {
      g_autofree char *dir = g_path_get_dirname (self->path);

      g_set_error (&self->error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("%s: cannot write the workbook's temporary data in %s (is the disk full?)"),
                   self->name, dir);
    }
}

/* ---- Public ----------------------------------------------------------- */

/* Reserve the temporary file beside the target; returns its fd. */
static int
reserve_tmp (DabiaoTableWriter  *self,
             GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *basename = g_path_get_basename (self->path);
  g_autofree char *base = g_strdup_printf (".%s.XXXXXX.part", basename);
  int fd;

  self->tmp_path = g_build_filename (dir, base, NULL);
  fd = g_mkstemp_full (self->tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("%s: cannot create the file in %s: %s"),
                   self->name, dir, g_strerror (saved_errno));
      g_clear_pointer (&self->tmp_path, g_free);
    }
  return fd;
}

DabiaoTableWriter *
dabiao_table_writer_new (const char  *path,
                         const char  *sheet,
                         GError     **error)
{
  g_autoptr(DabiaoTableWriter) self = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (DabiaoTableWriter, 1);
  self->path = g_strdup (path);
  self->headers = g_ptr_array_new_with_free_func (g_free);
  /* Messages name the path as given: the person chose it, and the folder
   * matters (read-only, full). */
  self->name = g_strcmp0 (path, "-") == 0 ? g_strdup ("stdout") : g_strdup (path);

  if (g_strcmp0 (path, "-") == 0)
    {
      self->kind = WRITER_CSV;
      self->to_stdout = TRUE;
      self->to_terminal = isatty (STDOUT_FILENO);
      self->fp = stdout;
      self->line = g_string_sized_new (1024);
      return g_steal_pointer (&self);
    }

  if (dabiao_table_has_suffix (path, ".csv"))
    {
      self->kind = WRITER_CSV;
      if ((fd = reserve_tmp (self, error)) < 0)
        return NULL;
      self->fp = fdopen (fd, "wb");
      if (self->fp == NULL)
        {
          set_error_errno (self, errno);
          close (fd);
          g_propagate_error (error, g_steal_pointer (&self->error));
          return NULL;
        }
      setvbuf (self->fp, NULL, _IOFBF, 64 * 1024);
      self->line = g_string_sized_new (1024);
      /* A BOM, so that Excel reads the file as UTF-8 and shows Chinese. */
      g_string_append (self->line, "\xEF\xBB\xBF");
      return g_steal_pointer (&self);
    }

  if (dabiao_table_has_suffix (path, ".xlsx"))
    {
      g_autofree char *dir = g_path_get_dirname (path);
      lxw_workbook_options options = { 0, };
      g_autoptr(GError) local_error = NULL;
      lxw_error code;

      self->kind = WRITER_XLSX;
      if ((fd = reserve_tmp (self, error)) < 0)
        return NULL;
      close (fd);

      options.constant_memory = LXW_TRUE;
      options.tmpdir = dir;
      self->workbook = workbook_new_opt (self->tmp_path, &options);
      if (self->workbook == NULL)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                       _("%s: cannot start the workbook: %s"),
                       self->name, lxw_strerror (LXW_ERROR_MEMORY_MALLOC_FAILED));
          return NULL;
        }
      if (sheet == NULL || *sheet == '\0')
        sheet = "Sheet1";
      if (!dabiao_xlsx_check_sheet_names (self->name, &sheet, 1, &local_error))
        {
          local_error->code = DABIAO_ERROR_EXPORT;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      code = workbook_validate_sheet_name (self->workbook, sheet);
      if (code != LXW_NO_ERROR)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                       _("%s: the sheet name “%s” cannot be used: %s"),
                       self->name, sheet, lxw_strerror (code));
          return NULL;
        }
      self->worksheet = workbook_add_worksheet (self->workbook, sheet);
      if (self->worksheet == NULL)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                       _("%s: cannot start the workbook: %s"),
                       self->name, lxw_strerror (LXW_ERROR_CREATING_TMPFILE));
          return NULL;
        }
      self->date_format = workbook_add_format (self->workbook);
      if (self->date_format == NULL)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                       _("%s: cannot start the workbook: %s"),
                       self->name, lxw_strerror (LXW_ERROR_MEMORY_MALLOC_FAILED));
          return NULL;
        }
      format_set_num_format (self->date_format, "yyyy/m/d");
      return g_steal_pointer (&self);
    }

  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
               _("%s: unknown table format (expected a .csv or .xlsx file)"), self->name);
  return NULL;
}

void
dabiao_table_writer_free (DabiaoTableWriter *self)
{
  if (self == NULL)
    return;

  if (!self->closed)
    {
      /* Abandoned: leave nothing behind. */
      if (self->fp != NULL && !self->to_stdout)
        fclose (self->fp);
      else if (self->to_stdout)
        fflush (stdout);
      /* lxw_workbook_free() leaves constant_memory's row file open (one
       * fd per abandoned workbook): close it first. */
      if (self->worksheet != NULL && self->worksheet->optimize_tmpfile != NULL)
        {
          fclose (self->worksheet->optimize_tmpfile);
          self->worksheet->optimize_tmpfile = NULL;
        }
      if (self->workbook != NULL)
        lxw_workbook_free (self->workbook);
      if (self->tmp_path != NULL)
        g_unlink (self->tmp_path);
    }

  if (self->line != NULL)
    g_string_free (self->line, TRUE);
  g_ptr_array_unref (self->headers);
  g_free (self->row_label);
  g_clear_error (&self->error);
  g_free (self->tmp_path);
  g_free (self->path);
  g_free (self->name);
  g_free (self);
}

void
dabiao_table_writer_set_row_label (DabiaoTableWriter *self,
                                   const char        *label)
{
  g_return_if_fail (self != NULL);

  g_free (self->row_label);
  self->row_label = g_strdup (label);
}

void
dabiao_table_writer_set_escape_formulas (DabiaoTableWriter *self,
                                         gboolean           escape)
{
  g_return_if_fail (self != NULL);

  self->no_escape = !escape;
}

void
dabiao_table_writer_add_string (DabiaoTableWriter *self,
                                const char        *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->closed);

  if (text == NULL)
    text = "";
  if (self->row == 0)
    g_ptr_array_add (self->headers, g_strdup (text));
  if (self->kind == WRITER_CSV)
    {
      csv_append (self, text, TRUE);
      return;
    }
  if (xlsx_can_write (self) && *text != '\0' && xlsx_text_fits (self, text))
    xlsx_check (self, worksheet_write_string (self->worksheet, self->row, self->column, text, NULL));
  self->column++;
}

void
dabiao_table_writer_add_number (DabiaoTableWriter *self,
                                double             value,
                                guint              decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 32];

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->closed);

  decimals = MIN (decimals, MAX_DECIMALS);
  dabiao_format_fixed (buf, sizeof buf, value, decimals);
  if (self->row == 0)
    g_ptr_array_add (self->headers, g_strdup (buf));
  if (self->kind == WRITER_CSV)
    {
      csv_append (self, buf, FALSE);
      return;
    }
  /* The value stored is the rounded one, so that a sum in Excel adds up
   * what it shows. */
  if (xlsx_can_write (self))
    xlsx_check (self, worksheet_write_number (self->worksheet, self->row, self->column,
                                              g_ascii_strtod (buf, NULL),
                                              fixed_format (self, decimals)));
  self->column++;
}

/* "00" … "99" as little-endian pairs of bytes: the first digit in the low
 * byte. */
#define P(n) ((guint16) ('0' + (n) / 10) | (guint16) ('0' + (n) % 10) << 8)
#define P10(t) P (t##0), P (t##1), P (t##2), P (t##3), P (t##4), P (t##5), P (t##6), P (t##7), P (t##8), P (t##9)
static const guint16 digit_pairs[100] = {
  P (0), P (1), P (2), P (3), P (4), P (5), P (6), P (7), P (8), P (9),
  P10 (1), P10 (2), P10 (3), P10 (4), P10 (5), P10 (6), P10 (7), P10 (8), P10 (9),
};
#undef P10
#undef P

void
dabiao_table_writer_add_fixed (DabiaoTableWriter *self,
                               gint64             value,
                               guint              decimals)
{
  gboolean negative = value < 0;
  guint64 v = negative ? -(guint64) value : (guint64) value;
  GString *line;
  char *out;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->closed);

  decimals = MIN (decimals, MAX_DECIMALS);
  if (self->kind != WRITER_CSV)
    {
      double unit = 1;

      for (guint i = 0; i < decimals; i++)
        unit *= 10;
      dabiao_table_writer_add_number (self, (double) value / unit, decimals);
      return;
    }

  /* Room for a separator, a sign, and 8 bytes stored at once (or the
   * longest number: 19 digits and a point). */
  line = self->line;
  if (G_UNLIKELY (line->len + 32 >= line->allocated_len))
    {
      gsize len = line->len;

      g_string_set_size (line, len + 32);
      g_string_truncate (line, len);
    }
  out = line->str + line->len;
  if (self->column > 0)
    *out++ = ',';
  self->column++;
  if (negative)
    *out++ = '-';

  /* "0.5", never ".5": at least decimals + 1 digits.  No quotes needed. */
  if (G_LIKELY (v < 100000 && decimals <= 1))
    {
      /* Scores, totals in tenths, BMI: the five digits (and the point)
       * are put together in a register, the leading zeros shifted out,
       * and the text stored in one go: no branch on the number of
       * digits, which varies from row to row, and no byte-by-byte copy. */
      guint32 w = (guint32) v;
      guint n_digits = 1 + (w >= 10) + (w >= 100) + (w >= 1000) + (w >= 10000);
      guint skip, n_chars;
      guint64 text;

      n_digits = MAX (n_digits, decimals + 1);
      skip = 5 - n_digits;
      guint hi = w / 100;
      guint16 d12 = digit_pairs[hi % 100];   /* "12" of 12345, as 2 bytes */
      guint16 d34 = digit_pairs[w % 100];

      text = (guint64) ('0' + hi / 100) |
             (guint64) d12 << 8 |
             (guint64) (d34 & 0xFF) << 24;
      if (decimals == 1)
        text |= (guint64) '.' << 32 | (guint64) (d34 >> 8) << 40;
      else
        text |= (guint64) (d34 >> 8) << 32;
      n_chars = 5 + decimals - skip;
      text >>= 8 * skip;
#if G_BYTE_ORDER == G_BIG_ENDIAN
      text = GUINT64_SWAP_LE_BE (text);
#endif
      memcpy (out, &text, 8);
      out += n_chars;
    }
  else
    {
      char buf[32];
      char *p = buf + sizeof buf;
      guint digits = 0;

      do
        {
          *--p = '0' + v % 10;
          v /= 10;
          if (++digits == decimals)
            *--p = '.';
        }
      while (v > 0 || digits <= decimals);
      memcpy (out, p, buf + sizeof buf - p);
      out += buf + sizeof buf - p;
    }
  line->len = out - line->str;
  *out = '\0';
}

void
dabiao_table_writer_add_date (DabiaoTableWriter *self,
                              GDate             *date)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->closed);

  if (date == NULL || !g_date_valid (date))
    {
      dabiao_table_writer_add_empty (self);
      return;
    }
  if (self->kind == WRITER_CSV)
    {
      char buf[32];

      g_snprintf (buf, sizeof buf, "%04d-%02d-%02d",
                  g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
      csv_append (self, buf, FALSE);
      return;
    }
  if (xlsx_can_write (self))
    xlsx_check (self, worksheet_write_number (self->worksheet, self->row, self->column,
                                              dabiao_date_to_serial (date), self->date_format));
  self->column++;
}

void
dabiao_table_writer_add_empty (DabiaoTableWriter *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->closed);

  if (self->row == 0)
    g_ptr_array_add (self->headers, g_strdup (""));
  if (self->kind == WRITER_CSV)
    csv_append (self, "", FALSE);
  else
    self->column++;
}

void
dabiao_table_writer_add_cell (DabiaoTableWriter *self,
                              const DabiaoCell  *cell)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->closed);

  if (cell == NULL || cell->kind == DABIAO_CELL_EMPTY)
    {
      dabiao_table_writer_add_empty (self);
      return;
    }
  if (cell->kind == DABIAO_CELL_STRING)
    {
      dabiao_table_writer_add_string (self, cell->text);
      return;
    }
  if (self->row == 0)
    g_ptr_array_add (self->headers, g_strdup (cell->text));
  if (self->kind == WRITER_CSV)
    {
      csv_append (self, cell->text, FALSE);
      return;
    }
  if (xlsx_can_write (self))
    xlsx_check (self, worksheet_write_number (self->worksheet, self->row, self->column,
                                              cell->number,
                                              cell->kind == DABIAO_CELL_DATE ? self->date_format : NULL));
  self->column++;
}

gboolean
dabiao_table_writer_end_row (DabiaoTableWriter  *self,
                             GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->closed, FALSE);

  if (self->error == NULL)
    {
      if (self->kind == WRITER_CSV)
        {
          g_string_append (self->line, "\r\n");
          if (fwrite (self->line->str, 1, self->line->len, self->fp) != self->line->len)
            set_error_errno (self, errno);
          g_string_truncate (self->line, 0);
        }
      else
        xlsx_check_tmpfile (self, FALSE);
    }
  self->column = 0;
  self->row++;
  g_clear_pointer (&self->row_label, g_free);

  if (self->error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return FALSE;
    }
  return TRUE;
}

gboolean
dabiao_table_writer_close (DabiaoTableWriter  *self,
                           GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed)
    return TRUE;

  if (self->column > 0 && self->error == NULL)
    dabiao_table_writer_end_row (self, NULL);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE; /* free() removes the temporary file */
    }

  if (self->kind == WRITER_CSV)
    {
      if (self->line->len > 0 &&
          fwrite (self->line->str, 1, self->line->len, self->fp) != self->line->len)
        set_error_errno (self, errno);
      if (self->error == NULL && fflush (self->fp) != 0)
        set_error_errno (self, errno);
      if (self->to_stdout)
        {
          self->closed = TRUE;
          if (self->error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&self->error));
              return FALSE;
            }
          return TRUE;
        }
      if (self->error == NULL && fsync (fileno (self->fp)) != 0 && errno != EINVAL)
        set_error_errno (self, errno);
      if (fclose (self->fp) != 0 && self->error == NULL)
        set_error_errno (self, errno);
      self->fp = NULL;
    }
  else
    {
      lxw_error code;

      /* The last row is still in memory: workbook_close() writes it. */
      xlsx_check_tmpfile (self, TRUE);
      if (self->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&self->error));
          return FALSE; /* free() removes the temporary file */
        }
      errno = 0;
      code = workbook_close (self->workbook); /* frees the workbook */
      self->workbook = NULL;
      if (code != LXW_NO_ERROR)
        {
          int saved_errno = errno;

          if (saved_errno != 0)
            g_set_error (&self->error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                         _("%s: cannot write the workbook: %s (%s)"),
                         self->name, lxw_strerror (code), g_strerror (saved_errno));
          else
            g_set_error (&self->error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                         _("%s: cannot write the workbook: %s"),
                         self->name, lxw_strerror (code));
        }
    }

  if (self->error == NULL && g_rename (self->tmp_path, self->path) != 0)
    {
      int saved_errno = errno;

      g_set_error (&self->error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("%s: cannot put the file in place: %s"),
                   self->name, g_strerror (saved_errno));
    }

  if (self->error != NULL)
    {
      g_unlink (self->tmp_path);
      self->closed = TRUE;
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }

  self->closed = TRUE;
  return TRUE;
}
