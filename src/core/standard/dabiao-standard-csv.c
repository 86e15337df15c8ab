/* dabiao-standard-csv.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-standard-private.h"

/* Reading a standard's data files: a small CSV parser, and the load
 * context that turns every problem into a message naming file, row and column. */

static void
csv_row_free (gpointer data)
{
  CsvRow *row = data;

  g_ptr_array_unref (row->fields);
  g_free (row);
}

/* RFC 4180, UTF-8, optional BOM, LF or CRLF.  Rows are numbered by records
 * (a quoted line break does not start a new row, as in a spreadsheet). */
static GPtrArray *
csv_parse (const char *data,
           gsize       len)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (csv_row_free);
  const char *p = data;
  const char *end = data + len;
  guint row_no = 0;

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      CsvRow *row = g_new0 (CsvRow, 1);
      gboolean row_done = FALSE;
      gboolean blank = TRUE;

      row->fields = g_ptr_array_new_with_free_func (g_free);
      row->row = ++row_no;

      while (!row_done)
        {
          GString *field = g_string_new (NULL);

          if (p < end && *p == '"')
            {
              p++;
              while (p < end)
                {
                  if (*p == '"')
                    {
                      if (p + 1 < end && p[1] == '"')
                        {
                          g_string_append_c (field, '"');
                          p += 2;
                          continue;
                        }
                      p++;
                      break;
                    }
                  g_string_append_c (field, *p++);
                }
              blank = FALSE;
            }
          while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            g_string_append_c (field, *p++);

          if (field->len > 0)
            blank = FALSE;
          g_ptr_array_add (row->fields, g_strstrip (g_string_free (field, FALSE)));

          if (p >= end)
            row_done = TRUE;
          else if (*p == ',')
            p++;
          else
            {
              if (*p == '\r')
                p++;
              if (p < end && *p == '\n')
                p++;
              row_done = TRUE;
            }
        }

      if (blank && row->fields->len == 1)
        csv_row_free (row);
      else
        g_ptr_array_add (rows, row);
    }

  return rows;
}

void
_dabiao_standard_problem (Loader     *loader,
                          const char *file,
                          guint       row,
                          const char *column,
                          const char *format,
                          ...)
{
  va_list args;

  if (loader->labels != NULL && g_hash_table_lookup (loader->labels, file) != NULL)
    file = g_hash_table_lookup (loader->labels, file);
  va_start (args, format);
  dabiao_problem_add_valist (loader->problems, file, row, column, format, args);
  va_end (args);
}

GBytes *
_dabiao_standard_read_file (const char *path,
                            GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  return g_bytes_new_take (contents, len);
}

GBytes *
_dabiao_standard_loader_read (Loader      *loader,
                              const char  *name,
                              gboolean     required,
                              GError     **error)
{
  if (loader->files != NULL)
    {
      GBytes *bytes = g_hash_table_lookup (loader->files, name);

      if (bytes == NULL && required)
        _dabiao_standard_problem (loader, name, 0, NULL, _("the file is missing"));
      return bytes != NULL ? g_bytes_ref (bytes) : NULL;
    }
  else if (loader->dir != NULL)
    {
      g_autofree char *path = g_build_filename (loader->dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          if (required)
            _dabiao_standard_problem (loader, name, 0, NULL, _("the file is missing"));
          return NULL;
        }
      return _dabiao_standard_read_file (path, error);
    }
  else
    {
      g_autofree char *path = g_build_path ("/", loader->resource, name, NULL);
      GBytes *bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

      if (bytes == NULL && required)
        _dabiao_standard_problem (loader, name, 0, NULL, _("the file is missing"));
      return bytes;
    }
}

void
_dabiao_standard_csv_clear (Csv *csv)
{
  g_clear_pointer (&csv->rows, g_ptr_array_unref);
  g_clear_pointer (&csv->columns, g_hash_table_unref);
}

gboolean
_dabiao_standard_csv_load (Loader      *loader,
                           const char  *name,
                           gboolean     required,
                           const char **columns,
                           Csv         *csv,
                           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  GPtrArray *rows;
  CsvRow *header;
  gsize len;
  const char *data;
  gboolean ok = TRUE;

  memset (csv, 0, sizeof *csv);
  csv->name = name;

  /* NULL: an I/O error (in @error) or a missing file (a problem, if required). */
  bytes = _dabiao_standard_loader_read (loader, name, required, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  if (!g_utf8_validate (data, len, NULL))
    {
      _dabiao_standard_problem (loader, name, 0, NULL, _("the file is not UTF-8 text"));
      return FALSE;
    }

  rows = csv_parse (data, len);
  if (rows->len == 0)
    {
      _dabiao_standard_problem (loader, name, 0, NULL, _("the file is empty; a header row is expected"));
      g_ptr_array_unref (rows);
      return FALSE;
    }

  header = g_ptr_array_steal_index (rows, 0);
  csv->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < header->fields->len; i++)
    g_hash_table_insert (csv->columns, g_strdup (g_ptr_array_index (header->fields, i)),
                         GUINT_TO_POINTER (i + 1));
  csv_row_free (header);
  csv->rows = rows;

  for (guint i = 0; columns[i] != NULL; i++)
    if (!g_hash_table_contains (csv->columns, columns[i]))
      {
        _dabiao_standard_problem (loader, name, 1, NULL, _("column “%s” is missing"), columns[i]);
        ok = FALSE;
      }

  if (!ok)
    _dabiao_standard_csv_clear (csv);
  return ok;
}

const char *
_dabiao_standard_csv_get (Csv        *csv,
                          CsvRow     *row,
                          const char *column)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (csv->columns, column));

  if (index == 0 || index > row->fields->len)
    return "";
  return g_ptr_array_index (row->fields, index - 1);
}

const char *
_dabiao_standard_intern (Loader     *loader,
                         const char *text)
{
  return g_string_chunk_insert_const (loader->std->strings, text);
}

gboolean
_dabiao_standard_parse_int (Loader     *loader,
                            Csv        *csv,
                            CsvRow     *row,
                            const char *column,
                            int         min,
                            int         max,
                            int        *out)
{
  const char *text = _dabiao_standard_csv_get (csv, row, column);
  gint64 v;

  if (!g_ascii_string_to_signed (text, 10, min, max, &v, NULL))
    {
      _dabiao_standard_problem (loader, csv->name, row->row, column,
               _("“%s” is not a whole number from %d to %d"), text, min, max);
      return FALSE;
    }
  *out = (int) v;
  return TRUE;
}

/* A decimal with at most @decimals decimals (an empty cell allowed when
 * @has is not NULL). */
gboolean
_dabiao_standard_parse_fixed (Loader     *loader,
                              Csv        *csv,
                              CsvRow     *row,
                              const char *column,
                              guint       decimals,
                              gboolean   *has,
                              gint64     *out)
{
  const char *text = _dabiao_standard_csv_get (csv, row, column);

  if (has != NULL)
    {
      *has = (*text != '\0');
      if (!*has)
        {
          *out = 0;
          return TRUE;
        }
    }
  if (!dabiao_value_parse_decimal (text, out))
    {
      _dabiao_standard_problem (loader, csv->name, row->row, column, _("“%s” is not a number"), text);
      return FALSE;
    }
  if (*out % _dabiao_standard_value_unit (decimals) != 0)
    {
      _dabiao_standard_problem (loader, csv->name, row->row, column,
               _("“%s” has more decimals than the item’s precision (%u)"), text, decimals);
      return FALSE;
    }
  return TRUE;
}
