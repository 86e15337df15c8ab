/* dabiao-table-xlsx.c: the XLSX reader (zip through libarchive, XML through
 * GMarkup, streamed)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-table-private.h"
#include "dabiao-xlsx-parts.h"

/* Two passes over the zip:
 *
 * 1. Every entry in turn: the small parts (the package and workbook rels,
 *    workbook.xml, styles.xml) are kept in memory; sharedStrings.xml is
 *    parsed as it streams by (its strings must be held: cells refer to them
 *    by index).  A zip may store sharedStrings after the sheet, which is why
 *    the sheet waits for pass 2.
 * 2. The archive is opened again and the chosen sheet's XML is fed to GMarkup
 *    one CHUNK at a time, as next_row() asks for rows: rows completed by a
 *    chunk wait in a short queue.  Memory: the shared strings plus one chunk,
 *    whatever the number of rows.
 *
 * Cell values: t="s" shared string (rich-text runs concatenated, phonetic
 * runs dropped), t="inlineStr" (what libxlsxwriter's constant_memory mode
 * writes), t="str" formula text, t="b" TRUE/FALSE, t="e" error text, t="d"
 * ISO date, else a number, which is a DATE when its style's number format is
 * a date format (built-in 14–22, 45–47, the Chinese built-in date formats
 * 27–31, 36, 50–54, 57–58, or a custom code with y, d, or m without h/s).
 *
 * The guard before GMarkup and the small parts (rels, workbook.xml,
 * styles.xml: which formats are dates) are read in dabiao-xlsx-parts.c;
 * this file keeps the two passes, the shared strings and the sheet stream,
 * which share one streaming parse state. */

/* Limits (besides the cell, row and column limits of every reader, in
 * dabiao-table-private.h), so that a small file cannot make the reader
 * allocate or work without bound (a zip expands up to ~1000 times):
 * - MAX_PARTS entries in the zip;
 * - everything unpacked from one file, all parts together: MAX_UNPACKED
 *   (a sheet of some 200,000 rows of 10 columns; no roster is that big:
 *   a 10 MB zip could otherwise hold 10 GB, which takes minutes to parse);
 * - each small part kept in memory (rels, workbook, styles) MAX_SMALL_PART,
 *   all of them MAX_SMALL_PARTS;
 * - shared strings: MAX_SHARED_STRINGS of them, MAX_SHARED_BYTES of text;
 *   cells point at them, nothing is copied per row;
 * - XML: DABIAO_XML_MAX_RUN bytes of text between two tags, or in one tag, comment
 *   or CDATA section (GMarkup keeps each whole), DABIAO_XML_MAX_DEPTH nesting; no
 *   DOCTYPE (Excel never writes one);
 * - the sheet is fed to GMarkup SLICE bytes at a time and stops as soon as
 *   a row is complete, so the rows waiting are those of one slice. */
#define CHUNK (64 * 1024)
#define SLICE 512
#define MAX_UNPACKED ((guint64) 128 * 1024 * 1024)
#define MAX_SMALL_PART (16 * 1024 * 1024)
#define MAX_SMALL_PARTS (32 * 1024 * 1024)
#define MAX_SHARED_STRINGS (2 * 1024 * 1024)
#define MAX_SHARED_BYTES (64 * 1024 * 1024)
#define MAX_PARTS 10000
#define MAX_COLUMNS DABIAO_TABLE_MAX_COLUMNS
#define MAX_ROWS DABIAO_TABLE_MAX_ROWS
/* A shared string's length is kept in the 4 bytes before its text; this
 * one marks a string too long for a cell. */
#define SHARED_TOO_LONG G_MAXUINT32

typedef enum
{
  VALUE_NUMBER,
  VALUE_SHARED,
  VALUE_INLINE,
  VALUE_FORMULA_STRING,
  VALUE_BOOLEAN,
  VALUE_ERROR,
  VALUE_ISO_DATE,
} ValueType;

typedef struct
{
  DabiaoRow row;
  guint     number;
} QueuedRow;

typedef struct
{
  char                 *name;
  char                 *path;
  char                 *part;           /* the sheet's path in the zip */
  char                 *sheet_name;
  char                **sheet_names;

  /* shared strings */
  GStringChunk         *chunk;
  GPtrArray            *shared;         /* const char *, in @chunk */
  /* styles: for each cellXfs index, whether its number format is a date */
  GArray               *xf_is_date;     /* gboolean */
  gboolean              date1904;

  /* pass 2 */
  struct archive       *archive;
  GMarkupParseContext  *context;
  gboolean              done;
  GError               *pending_error;
  GQueue                queue;          /* QueuedRow * */
  GPtrArray            *pool;           /* QueuedRow *, for reuse */
  QueuedRow            *current;
  guint                 last_row;
  guint                 column;
  guint                 next_column;
  ValueType             type;
  guint                 style;
  gboolean              in_value;
  gboolean              in_text;
  guint                 rph_depth;
  gboolean              in_sheet_data;
  gboolean              value_too_long;
  GString              *value;
  DabiaoXmlGuard        guard;          /* the sheet's */
  gsize                 buffer_pos;     /* fed to GMarkup up to here */
  gsize                 buffer_len;
  guint64               unpacked;       /* bytes unpacked from the zip */
  gsize                 small_parts;    /* bytes of small parts kept */
  gsize                 shared_bytes;
  char                  buffer[CHUNK];
} XlsxReader;

/* Count @n more unpacked bytes; FALSE (error set) past MAX_UNPACKED. */
static gboolean
count_unpacked (XlsxReader  *self,
                gsize        n,
                const char  *part,
                GError     **error)
{
  self->unpacked += n;
  if (self->unpacked <= MAX_UNPACKED)
    return TRUE;
  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
               _("%s: the workbook unpacks to more than %u MiB (at %s); no roster is that large: split it into smaller files"),
               self->name, (guint) (MAX_UNPACKED >> 20), part);
  return FALSE;
}

/* ---- Helpers ---------------------------------------------------------- */

static struct archive *
open_archive (const char  *path,
              const char  *name,
              GError     **error)
{
  struct archive *archive = archive_read_new ();

  archive_read_support_format_zip_seekable (archive);
  if (archive_read_open_filename (archive, path, CHUNK) != ARCHIVE_OK)
    {
      g_autofree char *magic = NULL;
      gsize len = 0;
      g_autoptr(GError) local_error = NULL;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                     _("%s: cannot open the file: %s"), name, g_strerror (ENOENT));
      else if (g_file_get_contents (path, &magic, &len, &local_error) && len >= 8 &&
               memcmp (magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: this is an Excel 97-2003 file or a password-protected workbook, not an xlsx file; save it again as .xlsx without a password"),
                     name);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: not an xlsx workbook, or a damaged one (%s)"),
                     name, archive_error_string (archive) ? archive_error_string (archive) : "?");
      archive_read_free (archive);
      return NULL;
    }
  return archive;
}

static GBytes *
read_entry (XlsxReader      *self,
            struct archive  *archive,
            const char      *part,
            GError         **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (;;)
    {
      la_ssize_t n = archive_read_data (archive, self->buffer, CHUNK);

      if (n == 0)
        break;
      if (n < 0)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: the workbook is damaged (%s: %s)"),
                       self->name, part, archive_error_string (archive));
          return NULL;
        }
      if (!count_unpacked (self, n, part, error))
        return NULL;
      if (bytes->len + n > MAX_SMALL_PART || self->small_parts + n > MAX_SMALL_PARTS)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: the workbook is damaged (%s is larger than %u MiB)"),
                       self->name, part, (guint) (MAX_SMALL_PART >> 20));
          return NULL;
        }
      self->small_parts += n;
      g_byte_array_append (bytes, (const guint8 *) self->buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* ---- sharedStrings.xml ------------------------------------------------ */

typedef struct
{
  XlsxReader *reader;
  GString    *text;
  GString    *scratch;
  gboolean    in_t;
  gboolean    too_long;
  guint       rph_depth;
} SharedStrings;

static void
sst_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              data,
           GError              **error)
{
  SharedStrings *sst = data;
  const char *local = dabiao_xml_local_name (element);

  if (strcmp (local, "si") == 0)
    {
      g_string_truncate (sst->text, 0);
      sst->too_long = FALSE;
    }
  else if (strcmp (local, "rPh") == 0)
    sst->rph_depth++;
  else if (strcmp (local, "t") == 0 && sst->rph_depth == 0)
    sst->in_t = TRUE;
}

/* Keep a shared string as cells will use it: trimmed, its length in the
 * 4 bytes before it (SHARED_TOO_LONG for one no cell may hold). */
static gboolean
keep_shared_string (SharedStrings  *sst,
                    GError        **error)
{
  XlsxReader *self = sst->reader;
  const char *text = sst->text->str;
  gsize len = sst->text->len;
  guint32 stored;
  char *kept;

  dabiao_table_trim (&text, &len);
  if (sst->too_long || !dabiao_cell_fits (text, len))
    {
      text = "";
      len = 0;
      stored = SHARED_TOO_LONG;
    }
  else
    stored = len;

  if (self->shared->len >= MAX_SHARED_STRINGS || self->shared_bytes + len > MAX_SHARED_BYTES)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the workbook holds more than %u shared texts or %u MiB of them; no roster is that large: split it into smaller files"),
                   self->name, MAX_SHARED_STRINGS, MAX_SHARED_BYTES >> 20);
      return FALSE;
    }
  self->shared_bytes += len + sizeof stored + 1;
  /* The length, then the text (and the NUL the chunk adds). */
  g_string_truncate (sst->scratch, 0);
  g_string_append_len (sst->scratch, (const char *) &stored, sizeof stored);
  g_string_append_len (sst->scratch, text, len);
  kept = g_string_chunk_insert_len (self->chunk, sst->scratch->str, sst->scratch->len);
  g_ptr_array_add (self->shared, kept + sizeof stored);
  return TRUE;
}

static void
sst_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              data,
         GError              **error)
{
  SharedStrings *sst = data;
  const char *local = dabiao_xml_local_name (element);

  if (strcmp (local, "si") == 0)
    keep_shared_string (sst, error);
  else if (strcmp (local, "rPh") == 0)
    sst->rph_depth -= sst->rph_depth > 0;
  else if (strcmp (local, "t") == 0)
    sst->in_t = FALSE;
}

static void
sst_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              data,
          GError              **error)
{
  SharedStrings *sst = data;

  if (!sst->in_t || sst->too_long)
    return;
  if (sst->text->len + len > DABIAO_TABLE_MAX_CELL_BYTES)
    sst->too_long = TRUE;
  else
    g_string_append_len (sst->text, text, len);
}

static const GMarkupParser sst_parser = { sst_start, sst_end, sst_text, NULL, NULL };

static gboolean
parse_shared_strings (XlsxReader      *self,
                      struct archive  *archive,
                      const char      *part,
                      GError         **error)
{
  SharedStrings sst = { self, g_string_sized_new (256), g_string_sized_new (256), FALSE, FALSE, 0 };
  GMarkupParseContext *context = g_markup_parse_context_new (&sst_parser, 0, &sst, NULL);
  g_autoptr(GError) local_error = NULL;
  DabiaoXmlGuard guard = { 0, };
  gboolean ok = TRUE;

  for (;;)
    {
      la_ssize_t n = archive_read_data (archive, self->buffer, CHUNK);

      if (n < 0)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: the workbook is damaged (%s: %s)"),
                       self->name, part, archive_error_string (archive));
          ok = FALSE;
          break;
        }
      if (n == 0)
        {
          if (!g_markup_parse_context_end_parse (context, &local_error))
            ok = FALSE;
          break;
        }
      if (!count_unpacked (self, n, part, error) ||
          !dabiao_xml_guard_check (&guard, self->buffer, n, self->name, part, 0, error))
        {
          ok = FALSE;
          break;
        }
      if (!g_markup_parse_context_parse (context, self->buffer, n, &local_error))
        {
          ok = FALSE;
          break;
        }
    }
  if (local_error != NULL)
    {
      if (local_error->domain == DABIAO_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        {
          g_debug ("%s: %s: %s", self->name, part, local_error->message);
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: the workbook is damaged (%s is not well-formed XML)"), self->name, part);
        }
    }

  g_markup_parse_context_free (context);
  g_string_free (sst.text, TRUE);
  g_string_free (sst.scratch, TRUE);
  return ok;
}

/* ---- The sheet -------------------------------------------------------- */

/* "C5" → column 2, row 5; FALSE when it is no cell reference. */
static gboolean
parse_reference (const char *ref,
                 guint      *column,
                 guint      *row)
{
  guint c = 0, r = 0;
  const char *p = ref;

  for (; g_ascii_isalpha (*p); p++)
    {
      c = c * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (c > MAX_COLUMNS)
        return FALSE;
    }
  if (p == ref)
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      r = r * 10 + (*p - '0');
      if (r > MAX_ROWS)
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;
  *column = c - 1;
  *row = r;
  return TRUE;
}

static QueuedRow *
take_row (XlsxReader *self)
{
  QueuedRow *queued;

  if (self->pool->len > 0)
    queued = g_ptr_array_steal_index_fast (self->pool, self->pool->len - 1);
  else
    {
      queued = g_new0 (QueuedRow, 1);
      dabiao_row_init (&queued->row);
    }
  dabiao_row_reset (&queued->row);
  return queued;
}

static void
queued_row_free (gpointer data)
{
  QueuedRow *queued = data;

  dabiao_row_clear (&queued->row);
  g_free (queued);
}

static void
sheet_start (GMarkupParseContext  *context,
             const char           *element,
             const char          **names,
             const char          **values,
             gpointer              data,
             GError              **error)
{
  XlsxReader *self = data;
  const char *local = dabiao_xml_local_name (element);

  if (!self->in_sheet_data)
    {
      if (strcmp (local, "sheetData") == 0)
        self->in_sheet_data = TRUE;
      return;
    }

  if (local[0] == 'r' && strcmp (local, "row") == 0)
    {
      const char *r = dabiao_xml_get_attribute (names, values, "r");
      guint number = self->last_row + 1;

      if (r != NULL)
        {
          char *end = NULL;
          guint64 n = g_ascii_strtoull (r, &end, 10);

          if (end == r || *end != '\0' || n == 0 || n > MAX_ROWS || n <= self->last_row)
            {
              g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                           _("%s: row %u: the workbook is damaged (row number “%s” out of order)"),
                           self->name, self->last_row + 1, r);
              return;
            }
          number = n;
        }
      if (self->current != NULL)
        {
          /* A <row> inside a <row>: not valid, but GMarkup lets it by. */
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: row %u: the workbook is damaged (a row inside a row)"),
                       self->name, self->current->number);
          return;
        }
      self->current = take_row (self);
      self->current->number = number;
      self->last_row = number;
      self->next_column = 0;
    }
  else if (local[0] == 'c' && local[1] == '\0' && self->current != NULL)
    {
      const char *r = dabiao_xml_get_attribute (names, values, "r");
      const char *t = dabiao_xml_get_attribute (names, values, "t");
      const char *s = dabiao_xml_get_attribute (names, values, "s");
      guint column = self->next_column, row;

      if (r != NULL && !parse_reference (r, &column, &row))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: row %u: the workbook is damaged (cell reference “%s”)"),
                       self->name, self->current->number, r);
          return;
        }
      if (column >= MAX_COLUMNS)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: row %u: the workbook is damaged (more than %u columns)"),
                       self->name, self->current->number, MAX_COLUMNS);
          return;
        }
      self->column = column;
      self->next_column = column + 1;
      self->style = s != NULL ? strtoul (s, NULL, 10) : 0;
      if (t == NULL || strcmp (t, "n") == 0)
        self->type = VALUE_NUMBER;
      else if (strcmp (t, "s") == 0)
        self->type = VALUE_SHARED;
      else if (strcmp (t, "inlineStr") == 0)
        self->type = VALUE_INLINE;
      else if (strcmp (t, "b") == 0)
        self->type = VALUE_BOOLEAN;
      else if (strcmp (t, "e") == 0)
        self->type = VALUE_ERROR;
      else if (strcmp (t, "d") == 0)
        self->type = VALUE_ISO_DATE;
      else
        self->type = VALUE_FORMULA_STRING;
      g_string_truncate (self->value, 0);
      self->value_too_long = FALSE;
    }
  else if (local[0] == 'v' && local[1] == '\0')
    self->in_value = TRUE;
  else if (local[0] == 't' && local[1] == '\0' && self->rph_depth == 0)
    self->in_text = TRUE;
  else if (strcmp (local, "rPh") == 0)
    self->rph_depth++;
}

static void
finish_cell (XlsxReader  *self,
             GError     **error)
{
  DabiaoRow *row = &self->current->row;
  const char *value = self->value->str;

  if (self->value_too_long)
    {
      dabiao_row_refuse (row, DABIAO_ROW_CELL_TOO_LONG, self->column);
      return;
    }
  switch (self->type)
    {
    case VALUE_SHARED:
      {
        char *end = NULL;
        guint64 index = g_ascii_strtoull (value, &end, 10);

        const char *text;
        guint32 len;

        if (end == value || index >= self->shared->len)
          {
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                         _("%s: row %u: the workbook is damaged (shared string “%s” does not exist)"),
                         self->name, self->current->number, value);
            return;
          }
        /* Pointed at, never copied: one long text used by every row
         * costs nothing per row. */
        text = g_ptr_array_index (self->shared, index);
        memcpy (&len, text - sizeof len, sizeof len);
        if (len == SHARED_TOO_LONG)
          dabiao_row_refuse (row, DABIAO_ROW_CELL_TOO_LONG, self->column);
        else if (len == 0)
          dabiao_row_set (row, self->column, DABIAO_CELL_EMPTY, "", 0, 0);
        else
          dabiao_row_set_static (row, self->column, text, len);
      }
      break;

    case VALUE_INLINE:
    case VALUE_FORMULA_STRING:
    case VALUE_ERROR:
      dabiao_row_set (row, self->column, DABIAO_CELL_STRING, value, self->value->len, 0);
      break;

    case VALUE_BOOLEAN:
      if (self->value->len > 0)
        {
          gboolean b = strcmp (value, "1") == 0 || g_ascii_strcasecmp (value, "true") == 0;

          dabiao_row_set (row, self->column, DABIAO_CELL_STRING, b ? "TRUE" : "FALSE", -1, b);
        }
      break;

    case VALUE_ISO_DATE:
      {
        int y, m, d, hh = 0, mm = 0;
        double ss = 0;

        if (sscanf (value, "%d-%d-%d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
          {
            GDate date;
            const char *t = strchr (value, 'T');

            g_date_clear (&date, 1);
            g_date_set_dmy (&date, d, m, y);
            if (t != NULL)
              sscanf (t + 1, "%d:%d:%lf", &hh, &mm, &ss);
            dabiao_row_set_date (row, self->column,
                                 dabiao_date_to_serial (&date) + (hh * 3600 + mm * 60 + ss) / 86400.0);
          }
        else
          dabiao_row_set (row, self->column, DABIAO_CELL_STRING, value, self->value->len, 0);
      }
      break;

    case VALUE_NUMBER:
    default:
      {
        char *end = NULL;
        double number;
        const char *p = value;

        while (g_ascii_isspace (*p))
          p++;
        if (*p == '\0')
          return; /* an empty cell with a style */
        number = g_ascii_strtod (p, &end);
        while (end != NULL && g_ascii_isspace (*end))
          end++;
        if (end == p || *end != '\0')
          {
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                         _("%s: row %u: the workbook is damaged (number “%s”)"),
                         self->name, self->current->number, value);
            return;
          }
        if (self->style < self->xf_is_date->len &&
            g_array_index (self->xf_is_date, gboolean, self->style))
          dabiao_row_set_date (row, self->column, self->date1904 ? number + 1462 : number);
        else
          dabiao_row_set_number (row, self->column, number);
      }
      break;
    }
}

static void
sheet_end (GMarkupParseContext  *context,
           const char           *element,
           gpointer              data,
           GError              **error)
{
  XlsxReader *self = data;
  const char *local = dabiao_xml_local_name (element);

  if (!self->in_sheet_data)
    return;

  if (local[0] == 'c' && local[1] == '\0')
    {
      if (self->current != NULL)
        finish_cell (self, error);
    }
  else if (local[0] == 'v' && local[1] == '\0')
    self->in_value = FALSE;
  else if (local[0] == 't' && local[1] == '\0')
    self->in_text = FALSE;
  else if (strcmp (local, "rPh") == 0)
    self->rph_depth--;
  else if (strcmp (local, "row") == 0)
    {
      if (self->current != NULL)
        g_queue_push_tail (&self->queue, g_steal_pointer (&self->current));
    }
  else if (strcmp (local, "sheetData") == 0)
    self->in_sheet_data = FALSE;
}

static void
sheet_text (GMarkupParseContext  *context,
            const char           *text,
            gsize                 len,
            gpointer              data,
            GError              **error)
{
  XlsxReader *self = data;

  if (!(self->in_value || (self->in_text && self->rph_depth == 0)) || self->value_too_long)
    return;
  if (self->value->len + len > DABIAO_TABLE_MAX_CELL_BYTES)
    self->value_too_long = TRUE;
  else
    g_string_append_len (self->value, text, len);
}

static const GMarkupParser sheet_parser = { sheet_start, sheet_end, sheet_text, NULL, NULL };

/* Feed the next slice of the sheet to the parser (reading the next chunk
 * when the last one is used up). */
static void
feed (XlsxReader *self)
{
  g_autoptr(GError) local_error = NULL;
  guint row = self->current != NULL ? self->current->number : self->last_row + 1;
  gsize n;

  if (self->buffer_pos == self->buffer_len)
    {
      la_ssize_t got = archive_read_data (self->archive, self->buffer, CHUNK);

      if (got < 0)
        {
          g_set_error (&self->pending_error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: row %u: the workbook is damaged (%s)"),
                       self->name, row, archive_error_string (self->archive));
          self->done = TRUE;
          return;
        }
      if (got == 0)
        {
          self->done = TRUE;
          if (!g_markup_parse_context_end_parse (self->context, &local_error))
            {
              g_debug ("%s: %s: %s", self->name, self->part, local_error->message);
              g_set_error (&self->pending_error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                           _("%s: row %u: the workbook is damaged (%s is not well-formed XML)"),
                           self->name, row, self->part);
            }
          return;
        }
      if (!count_unpacked (self, got, self->part, &self->pending_error) ||
          !dabiao_xml_guard_check (&self->guard, self->buffer, got, self->name, self->part, row,
                                   &self->pending_error))
        {
          self->done = TRUE;
          return;
        }
      self->buffer_pos = 0;
      self->buffer_len = got;
    }

  n = MIN (SLICE, self->buffer_len - self->buffer_pos);
  if (!g_markup_parse_context_parse (self->context, self->buffer + self->buffer_pos, n, &local_error))
    {
      self->done = TRUE;
      row = self->current != NULL ? self->current->number : self->last_row + 1;
      if (local_error->domain == DABIAO_ERROR)
        self->pending_error = g_steal_pointer (&local_error);
      else
        {
          g_debug ("%s: %s: %s", self->name, self->part, local_error->message);
          g_set_error (&self->pending_error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: row %u: the workbook is damaged (%s is not well-formed XML)"),
                       self->name, row, self->part);
        }
    }
  self->buffer_pos += n;
}

static gboolean
xlsx_read_row (gpointer    data,
               DabiaoRow  *row,
               guint      *row_number,
               GError    **error)
{
  XlsxReader *self = data;
  QueuedRow *queued;
  DabiaoRow tmp;

  while (g_queue_is_empty (&self->queue) && !self->done)
    feed (self);

  queued = g_queue_pop_head (&self->queue);
  if (queued == NULL)
    {
      if (self->pending_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&self->pending_error));
          return FALSE;
        }
      return FALSE;
    }

  /* Hand the row over by swapping buffers: no copy. */
  tmp = *row;
  *row = queued->row;
  queued->row = tmp;
  *row_number = queued->number;
  g_ptr_array_add (self->pool, queued);
  return TRUE;
}

static char **
xlsx_list_sheets (gpointer data)
{
  XlsxReader *self = data;

  return g_strdupv (self->sheet_names);
}

static void
xlsx_free (gpointer data)
{
  XlsxReader *self = data;

  if (self->context != NULL)
    g_markup_parse_context_free (self->context);
  if (self->archive != NULL)
    archive_read_free (self->archive);
  g_queue_clear_full (&self->queue, queued_row_free);
  if (self->current != NULL)
    queued_row_free (self->current);
  if (self->pool != NULL)
    g_ptr_array_free (self->pool, TRUE);
  g_clear_error (&self->pending_error);
  if (self->chunk != NULL)
    g_string_chunk_free (self->chunk);
  if (self->shared != NULL)
    g_ptr_array_free (self->shared, TRUE);
  if (self->xf_is_date != NULL)
    g_array_free (self->xf_is_date, TRUE);
  if (self->value != NULL)
    g_string_free (self->value, TRUE);
  g_strfreev (self->sheet_names);
  g_free (self->sheet_name);
  g_free (self->part);
  g_free (self->path);
  g_free (self->name);
  g_free (self);
}

static const DabiaoTableBackend xlsx_backend = {
  xlsx_read_row,
  xlsx_list_sheets,
  xlsx_free,
};

/* ---- Opening ---------------------------------------------------------- */

static gboolean
is_shared_strings (const char *entry)
{
  const char *base = strrchr (entry, '/');

  base = base ? base + 1 : entry;
  return g_ascii_strncasecmp (base, "sharedStrings", 13) == 0 &&
         g_str_has_suffix (base, ".xml");
}

static gboolean
is_small_part (const char *entry)
{
  const char *base = strrchr (entry, '/');

  base = base ? base + 1 : entry;
  return g_str_has_suffix (entry, ".rels") ||
         g_ascii_strcasecmp (base, "workbook.xml") == 0 ||
         g_ascii_strcasecmp (base, "styles.xml") == 0;
}

/* Pass 1: keep the small parts, parse the shared strings. */
static gboolean
scan_archive (XlsxReader  *self,
              GHashTable  *parts,
              GHashTable  *entries,
              GError     **error)
{
  struct archive *archive = open_archive (self->path, self->name, error);
  struct archive_entry *entry;
  gboolean ok = TRUE;
  gboolean any = FALSE;

  if (archive == NULL)
    return FALSE;

  for (;;)
    {
      int r = archive_read_next_header (archive, &entry);
      const char *entry_name;

      if (r == ARCHIVE_EOF)
        break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        {
          if (any)
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                         _("%s: the workbook is damaged (%s)"),
                         self->name, archive_error_string (archive));
          else
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                         _("%s: not an xlsx workbook, or a damaged one (%s)"),
                         self->name, archive_error_string (archive));
          ok = FALSE;
          break;
        }
      any = TRUE;
      entry_name = archive_entry_pathname (entry);
      if (entry_name == NULL)
        continue;
      if (g_hash_table_size (entries) >= MAX_PARTS)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: the workbook is damaged (more than %u parts in the zip)"),
                       self->name, MAX_PARTS);
          ok = FALSE;
          break;
        }
      g_hash_table_add (entries, g_ascii_strdown (entry_name, -1));

      if (is_shared_strings (entry_name) && self->shared->len == 0)
        {
          if (!(ok = parse_shared_strings (self, archive, entry_name, error)))
            break;
        }
      else if (is_small_part (entry_name))
        {
          GBytes *bytes = read_entry (self, archive, entry_name, error);

          if (bytes == NULL)
            {
              ok = FALSE;
              break;
            }
          g_hash_table_insert (parts, g_ascii_strdown (entry_name, -1), bytes);
        }
    }

  archive_read_free (archive);
  return ok;
}

static GBytes *
lookup_part (GHashTable *parts,
             const char *part)
{
  g_autofree char *key = g_ascii_strdown (part, -1);

  return g_hash_table_lookup (parts, key);
}

static gboolean
open_sheet (XlsxReader  *self,
            GError     **error)
{
  struct archive_entry *entry;

  self->archive = open_archive (self->path, self->name, error);
  if (self->archive == NULL)
    return FALSE;

  for (;;)
    {
      int r = archive_read_next_header (self->archive, &entry);

      if (r == ARCHIVE_EOF)
        break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: the workbook is damaged (%s)"),
                       self->name, archive_error_string (self->archive));
          return FALSE;
        }
      if (archive_entry_pathname (entry) != NULL &&
          g_ascii_strcasecmp (archive_entry_pathname (entry), self->part) == 0)
        {
          self->context = g_markup_parse_context_new (&sheet_parser, 0, self, NULL);
          return TRUE;
        }
    }

  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
               _("%s: the workbook is damaged (the sheet “%s” is missing: %s)"),
               self->name, self->sheet_name, self->part);
  return FALSE;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XlsxReader, xlsx_free)

/* Long (~125 lines) but linear, one commented step after another (zip,
 * package rels, workbook, styles, shared strings, the sheet); every step
 * fills the same half-built reader and fails with its own message. */
gpointer
dabiao_xlsx_backend_open (const char                *path,
                          const char                *name,
                          const char                *sheet,
                          const DabiaoTableBackend **backend,
                          GError                   **error)
{
  g_autoptr(XlsxReader) self = g_new0 (XlsxReader, 1);
  g_autoptr(GHashTable) parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_bytes_unref);
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) package_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) package_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) rels_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) rels_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) sheet_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sheet_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sheet_hidden = g_ptr_array_new ();
  g_autofree char *workbook_part = NULL;
  g_autofree char *workbook_rels_part = NULL;
  g_autofree char *styles_part = NULL;
  g_autofree char *part_key = NULL;
  GBytes *bytes;
  int index = -1;
  const char *target;

  self->name = g_strdup (name);
  self->path = g_strdup (path);
  self->chunk = g_string_chunk_new (64 * 1024);
  self->shared = g_ptr_array_new ();
  self->pool = g_ptr_array_new_with_free_func (queued_row_free);
  self->value = g_string_sized_new (256);
  g_queue_init (&self->queue);

  if (!scan_archive (self, parts, entries, error))
    return NULL;

  /* The package rels name the workbook part (nearly always xl/workbook.xml). */
  if ((bytes = lookup_part (parts, "_rels/.rels")) != NULL &&
      !dabiao_xlsx_read_rels (bytes, name, "_rels/.rels", package_targets, package_types, error))
    return NULL;
  target = g_hash_table_lookup (package_types, "officeDocument");
  workbook_part = target != NULL ? dabiao_xlsx_resolve_target ("", target) : g_strdup ("xl/workbook.xml");
  if ((bytes = lookup_part (parts, workbook_part)) == NULL)
    {
      g_autofree char *key = g_ascii_strdown (workbook_part, -1);

      /* Another Office document renamed .xlsx: say what it really is (its
       * main part is there, it is just not a workbook). */
      if (g_hash_table_contains (entries, key) && g_str_has_prefix (key, "word/"))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s is a Word document (.docx), not an Excel workbook; copy its table into Excel and save it as .xlsx, or save it as .csv"),
                     name);
      else if (g_hash_table_contains (entries, key) && g_str_has_prefix (key, "ppt/"))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s is a PowerPoint presentation (.pptx), not an Excel workbook"), name);
      else if (g_hash_table_contains (entries, "mimetype") && g_hash_table_contains (entries, "content.xml"))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s is an OpenDocument file (.ods/.odt), not an xlsx workbook; save it as .xlsx or .csv"),
                     name);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: not an xlsx workbook (the zip has no %s)"), name, workbook_part);
      return NULL;
    }
  if (!dabiao_xlsx_read_workbook (bytes, name, workbook_part, sheet_names, sheet_ids, sheet_hidden,
                                  &self->date1904, error))
    return NULL;

  workbook_rels_part = dabiao_xlsx_rels_of (workbook_part);
  if ((bytes = lookup_part (parts, workbook_rels_part)) != NULL &&
      !dabiao_xlsx_read_rels (bytes, name, workbook_rels_part, rels_targets, rels_types, error))
    return NULL;

  /* Styles: which cell formats are dates. */
  target = g_hash_table_lookup (rels_types, "styles");
  styles_part = dabiao_xlsx_resolve_target (workbook_part, target != NULL ? target : "styles.xml");
  self->xf_is_date = dabiao_xlsx_read_styles (lookup_part (parts, styles_part), name, styles_part, error);
  if (self->xf_is_date == NULL)
    return NULL;

  /* The sheet: the one named, or the first visible one. */
  g_ptr_array_add (sheet_names, NULL);
  self->sheet_names = g_strdupv ((char **) sheet_names->pdata);
  for (guint i = 0; self->sheet_names[i] != NULL; i++)
    {
      if (sheet != NULL ? strcmp (sheet, self->sheet_names[i]) == 0
                        : !GPOINTER_TO_INT (g_ptr_array_index (sheet_hidden, i)))
        {
          index = i;
          break;
        }
    }
  if (index < 0 && sheet == NULL && self->sheet_names[0] != NULL)
    index = 0;
  if (index < 0)
    {
      g_autofree char *names = g_strjoinv ("、", self->sheet_names);

      if (sheet != NULL)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                     _("%s: there is no sheet named “%s” (the sheets are: %s)"), name, sheet, names);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: the workbook has no worksheet"), name);
      return NULL;
    }
  self->sheet_name = g_strdup (self->sheet_names[index]);
  target = g_hash_table_lookup (rels_targets, g_ptr_array_index (sheet_ids, index));
  if (target != NULL)
    {
      self->part = dabiao_xlsx_resolve_target (workbook_part, target);
      part_key = g_ascii_strdown (self->part, -1);
    }
  if (target == NULL || !g_hash_table_contains (entries, part_key))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the workbook is damaged (the sheet “%s” is missing: %s)"),
                   name, self->sheet_name,
                   self->part != NULL ? self->part : (char *) g_ptr_array_index (sheet_ids, index));
      return NULL;
    }

  if (!open_sheet (self, error))
    return NULL;

  *backend = &xlsx_backend;
  return g_steal_pointer (&self);
}
