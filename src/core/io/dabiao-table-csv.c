/* dabiao-table-csv.c: the CSV reader
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
#include <string.h>
#include <unistd.h>

#include "dabiao-error.h"
#include "dabiao-table-private.h"

/* RFC 4180 records (quotes, doubled quotes, line breaks inside quotes; CRLF,
 * LF or CR line ends), streamed through fixed buffers: memory stays constant
 * whatever the file's length (a cell, a row and the columns are capped, see
 * dabiao-table-private.h: a cell is given up on as soon as it is too long).
 *
 * Encoding: a UTF-8 BOM means UTF-8.  Otherwise ASCII passes through until
 * the first non-ASCII byte; the buffer from there (RAW_SIZE bytes, or the
 * rest of the file) decides: valid UTF-8 → UTF-8, else GB18030 (what Chinese
 * Excel writes for "CSV (逗号分隔)"), decoded with GIConv, keeping a sequence
 * split across two reads for the next one.  Bytes the chosen encoding cannot
 * decode stop the reader with the file and row. */

#define RAW_SIZE  (64 * 1024)
#define DEC_SIZE  (2 * RAW_SIZE + 16)

typedef enum
{
  ENC_UNDECIDED,
  ENC_UTF8,
  ENC_GB18030,
} Encoding;

typedef enum
{
  FIELD_START,
  UNQUOTED,
  QUOTED,
  QUOTE_IN_QUOTED,
} State;

typedef struct
{
  char     *name;
  int       fd;
  Encoding  encoding;
  GIConv    conv;
  gboolean  started;
  guchar    raw[RAW_SIZE];
  gsize     raw_len;
  gboolean  raw_eof;
  char      dec[DEC_SIZE];
  gsize     dec_len;
  gsize     dec_pos;
  gboolean  bad_bytes;
  gboolean  utf16;
  guint     record;
  gboolean  skip_lf;
  gboolean  finished;
  GString  *field;
} CsvReader;

static void
csv_free (gpointer data)
{
  CsvReader *self = data;

  if (self->fd >= 0)
    close (self->fd);
  if (self->conv != NULL && self->conv != (GIConv) -1)
    g_iconv_close (self->conv);
  g_string_free (self->field, TRUE);
  g_free (self->name);
  g_free (self);
}

static gboolean
read_more (CsvReader  *self,
           GError    **error)
{
  while (!self->raw_eof && self->raw_len < RAW_SIZE)
    {
      gssize n = read (self->fd, self->raw + self->raw_len, RAW_SIZE - self->raw_len);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                       _("%s: cannot read the file: %s"),
                       self->name, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        self->raw_eof = TRUE;
      self->raw_len += n;
    }
  return TRUE;
}

/* The start of a UTF-8 sequence cut off by the end of the buffer? */
static gboolean
is_incomplete_utf8 (const guchar *p,
                    gsize         n)
{
  gsize want;

  if (n == 0)
    return FALSE;
  if (p[0] >= 0xC2 && p[0] <= 0xDF)
    want = 2;
  else if (p[0] >= 0xE0 && p[0] <= 0xEF)
    want = 3;
  else if (p[0] >= 0xF0 && p[0] <= 0xF4)
    want = 4;
  else
    return FALSE;
  if (n >= want)
    return FALSE;
  for (gsize i = 1; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return FALSE;
  return TRUE;
}

static gsize
utf8_valid_prefix (const guchar *p,
                   gsize         n)
{
  const char *end = NULL;

  g_utf8_validate_len ((const char *) p, n, &end);
  return (const guchar *) end - p;
}

static void
consume_raw (CsvReader *self,
             gsize      n)
{
  memmove (self->raw, self->raw + n, self->raw_len - n);
  self->raw_len -= n;
}

static void
emit (CsvReader    *self,
      const guchar *p,
      gsize         n)
{
  memcpy (self->dec, p, n);
  self->dec_len = n;
  consume_raw (self, n);
}

/* Decode some of raw into dec.  May decode nothing when it needs more input
 * (an incomplete sequence at the end) or finds undecodable bytes. */
static void
decode_some (CsvReader *self)
{
  if (!self->started)
    {
      self->started = TRUE;
      if (self->raw_len >= 3 && memcmp (self->raw, "\xEF\xBB\xBF", 3) == 0)
        {
          consume_raw (self, 3);
          self->encoding = ENC_UTF8;
        }
      else if (self->raw_len >= 2 &&
               (memcmp (self->raw, "\xFF\xFE", 2) == 0 || memcmp (self->raw, "\xFE\xFF", 2) == 0))
        {
          self->utf16 = TRUE;
          self->bad_bytes = TRUE;
          return;
        }
    }

  if (self->encoding == ENC_UNDECIDED)
    {
      gsize i = 0;

      while (i < self->raw_len && self->raw[i] < 0x80 && self->raw[i] != 0)
        i++;
      if (i > 0)
        {
          /* ASCII: the same in both encodings. */
          emit (self, self->raw, i);
          return;
        }
      else
        {
          gsize valid = utf8_valid_prefix (self->raw, self->raw_len);
          gsize rest = self->raw_len - valid;

          self->conv = g_iconv_open ("UTF-8", "GB18030");
          if (self->conv == (GIConv) -1)
            {
              self->encoding = ENC_UTF8;
              self->conv = NULL;
            }
          else if (rest == 0 || (!self->raw_eof && rest < 4 && is_incomplete_utf8 (self->raw + valid, rest)))
            self->encoding = ENC_UTF8;
          else
            {
              /* Not UTF-8 throughout: GB18030, unless the text decodes
               * further as UTF-8 (a UTF-8 file with a stray byte is then
               * refused at that byte's row, not read as mojibake). */
              char *in = (char *) self->raw;
              gsize in_left = self->raw_len;
              char *out = self->dec;
              gsize out_left = DEC_SIZE;
              gsize gb_valid;

              g_iconv (self->conv, &in, &in_left, &out, &out_left);
              g_iconv (self->conv, NULL, NULL, NULL, NULL);
              gb_valid = self->raw_len - in_left;
              self->encoding = gb_valid > valid ? ENC_GB18030 : ENC_UTF8;
            }
        }
    }

  if (self->encoding == ENC_UTF8)
    {
      gsize valid = utf8_valid_prefix (self->raw, self->raw_len);
      gsize rest = self->raw_len - valid;

      if (rest > 0 && !(!self->raw_eof && rest < 4 && is_incomplete_utf8 (self->raw + valid, rest)))
        self->bad_bytes = TRUE;
      emit (self, self->raw, valid);
      return;
    }
  else
    {
      char *in = (char *) self->raw;
      gsize in_left = self->raw_len;
      char *out = self->dec;
      gsize out_left = DEC_SIZE;
      gsize r = g_iconv (self->conv, &in, &in_left, &out, &out_left);

      if (r == (gsize) -1)
        {
          if (errno == EILSEQ || (errno == EINVAL && self->raw_eof))
            self->bad_bytes = TRUE;
          /* EINVAL: a sequence split by the buffer's end, kept for the next
           * read; E2BIG cannot happen (DEC_SIZE ≥ 2 × RAW_SIZE). */
        }
      self->dec_len = DEC_SIZE - out_left;
      consume_raw (self, self->raw_len - in_left);
      /* A NUL is no text a person typed. */
      if (memchr (self->dec, '\0', self->dec_len) != NULL)
        {
          self->dec_len = (char *) memchr (self->dec, '\0', self->dec_len) - self->dec;
          self->bad_bytes = TRUE;
        }
    }
}

/* Fill dec with the next decoded text.  FALSE at the end of the file, or on
 * an error (set). */
static gboolean
refill (CsvReader  *self,
        GError    **error)
{
  self->dec_pos = 0;
  self->dec_len = 0;
  for (;;)
    {
      if (self->bad_bytes)
        {
          if (self->utf16)
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                         _("%s: the file is UTF-16 text; save it as “CSV UTF-8” or plain CSV"),
                         self->name);
          else if (self->encoding == ENC_UTF8)
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                         _("%s: row %u: bytes that are not valid UTF-8 text (the file is read as UTF-8)"),
                         self->name, self->record);
          else
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                         _("%s: row %u: bytes that are neither UTF-8 nor GB18030 text"),
                         self->name, self->record);
          return FALSE;
        }
      if (!read_more (self, error))
        return FALSE;
      if (self->raw_len == 0)
        return FALSE;
      decode_some (self);
      if (self->dec_len > 0)
        return TRUE;
    }
}

static gboolean
emit_field (CsvReader *self,
            DabiaoRow *row,
            guint      column)
{
  gboolean ok = dabiao_row_set (row, column, DABIAO_CELL_STRING, self->field->str, self->field->len, 0);

  g_string_truncate (self->field, 0);
  if (!ok)
    self->finished = TRUE; /* the front reports the limit */
  return ok;
}

/* Append to the cell being read, unless that makes it longer than any cell
 * may be: then the row ends here, marked (memory never grows with a
 * runaway cell, such as an unclosed quote in a big file). */
static gboolean
append_field (CsvReader  *self,
              DabiaoRow  *row,
              guint       column,
              const char *text,
              gsize       len,
              gboolean    quoted)
{
  if (self->field->len + len > DABIAO_TABLE_MAX_CELL_BYTES)
    {
      dabiao_row_refuse (row, DABIAO_ROW_CELL_TOO_LONG, column);
      row->problem_in_quotes = quoted;
      self->finished = TRUE;
      return FALSE;
    }
  g_string_append_len (self->field, text, len);
  return TRUE;
}

/* One row of the CSV state machine (RFC 4180 plus lone CR/LF and text
 * after a closing quote).  Long (~140 lines) on purpose: the states share
 * the buffer position, the column and the field; split up, each part would
 * take and return all of them. */
static gboolean
csv_read_row (gpointer    data,
              DabiaoRow  *row,
              guint      *row_number,
              GError    **error)
{
  CsvReader *self = data;
  State state = FIELD_START;
  gboolean any = FALSE;
  guint column = 0;

  if (self->finished)
    return FALSE;

  self->record++;
  *row_number = self->record;
  g_string_truncate (self->field, 0);

  for (;;)
    {
      const char *p;
      const char *end;

      if (self->dec_pos == self->dec_len)
        {
          g_autoptr(GError) local_error = NULL;

          if (!refill (self, &local_error))
            {
              self->finished = TRUE;
              if (local_error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              if (state == QUOTED)
                {
                  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                               _("%s: row %u: a quoted cell is never closed (a \" is missing)"),
                               self->name, self->record);
                  return FALSE;
                }
              if (!any)
                return FALSE;
              emit_field (self, row, column);
              return TRUE;
            }
        }

      p = self->dec + self->dec_pos;
      end = self->dec + self->dec_len;

      if (self->skip_lf)
        {
          self->skip_lf = FALSE;
          if (*p == '\n')
            {
              self->dec_pos++;
              continue;
            }
        }

      any = TRUE;
      while (p < end)
        {
          const char *q;

          switch (state)
            {
            case FIELD_START:
              if (*p == '"')
                {
                  state = QUOTED;
                  p++;
                  break;
                }
              state = UNQUOTED;
              G_GNUC_FALLTHROUGH;

            case UNQUOTED:
              for (q = p; q < end && *q != ',' && *q != '\n' && *q != '\r'; q++)
                ;
              if (!append_field (self, row, column, p, q - p, FALSE))
                return TRUE;
              p = q;
              if (p == end)
                break;
              if (*p == ',')
                {
                  if (!emit_field (self, row, column++))
                    return TRUE;
                  state = FIELD_START;
                  p++;
                  break;
                }
              goto end_of_record;

            case QUOTED:
              for (q = p; q < end && *q != '"'; q++)
                ;
              if (!append_field (self, row, column, p, q - p, TRUE))
                return TRUE;
              p = q;
              if (p < end)
                {
                  state = QUOTE_IN_QUOTED;
                  p++;
                }
              break;

            case QUOTE_IN_QUOTED:
              if (*p == '"')
                {
                  if (!append_field (self, row, column, "\"", 1, TRUE))
                    return TRUE;
                  state = QUOTED;
                  p++;
                }
              else if (*p == ',')
                {
                  if (!emit_field (self, row, column++))
                    return TRUE;
                  state = FIELD_START;
                  p++;
                }
              else if (*p == '\r' || *p == '\n')
                goto end_of_record;
              else
                state = UNQUOTED; /* text after a closing quote: kept as is */
              break;

            default:
              g_assert_not_reached ();
            }
        }
      self->dec_pos = self->dec_len;
      continue;

    end_of_record:
      emit_field (self, row, column);
      self->skip_lf = (*p == '\r');
      self->dec_pos = p + 1 - self->dec;
      return TRUE;
    }
}

static const DabiaoTableBackend csv_backend = {
  csv_read_row,
  NULL,
  csv_free,
};

gpointer
dabiao_csv_backend_open (const char                *path,
                         const char                *name,
                         const DabiaoTableBackend **backend,
                         GError                   **error)
{
  CsvReader *self;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("%s: cannot open the file: %s"), name, g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (CsvReader, 1);
  self->fd = fd;
  self->name = g_strdup (name);
  self->field = g_string_sized_new (256);
  *backend = &csv_backend;
  return self;
}
