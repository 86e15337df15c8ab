/* dabiao-standard-file.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "dabiao-error.h"
#include "dabiao-standard-file.h"
#include "dabiao-standard-private.h"
#include "dabiao-xlsx.h"
#include "dabiao-standard-private.h"
#include "dabiao-table.h"

#define STANDARDS_BASE "/cn/dabiao/Station/standards"

/* The standard's CSV files, as sheets, in workbook order; with the header a
 * sheet gets when the standard has no such file (e.g. bonus of natfit). */
static const struct
{
  const char *name;
  const char *header;
} csv_files[] = {
  { "items", "item,national_item_no,name,header,unit,better,decimals,format,formula,output" },
  { "groups", "group,label,part,age_min,age_max,same_as" },
  { "thresholds", "group,sex,item,score,threshold,confidence,source" },
  { "bands", "group,sex,item,by_min,by_max,score,min,max,label,confidence,source" },
  { "weights", "group,sex,item,weight" },
  { "bonus", "group,sex,item,bonus,excess,confidence,source" },
  { "grades", "part,min_total,grade" },
  { "item_levels", "part,min_score,level" },
};

/* Columns written as numbers (everything else stays text: group codes such
 * as 3.0, national item numbers such as 01). */
static const char *numeric_columns[] = {
  "score", "threshold", "min", "max", "by_min", "by_max", "weight", "bonus", "excess",
  "min_total", "min_score", "decimals", NULL
};

static gboolean
id_is_sane (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_'))
      return FALSE;
  return TRUE;
}

static char *
user_dir_of (const char *id)
{
  g_autofree char *base = dabiao_standard_get_user_dir ();

  return g_build_filename (base, id, NULL);
}

/* ---- A small CSV reader (RFC 4180, BOM, CRLF) -------------------------------- */

static GPtrArray *
csv_rows (const char *data,
          gsize       len)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *p = data, *end = data + len;

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end)
    {
      GPtrArray *fields = g_ptr_array_new ();
      gboolean done = FALSE;

      while (!done)
        {
          GString *f = g_string_new (NULL);

          if (p < end && *p == '"')
            {
              for (p++; p < end; p++)
                {
                  if (*p == '"' && p + 1 < end && p[1] == '"')
                    g_string_append_c (f, '"'), p++;
                  else if (*p == '"')
                    {
                      p++;
                      break;
                    }
                  else
                    g_string_append_c (f, *p);
                }
            }
          while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            g_string_append_c (f, *p++);
          g_ptr_array_add (fields, g_string_free (f, FALSE));
          if (p < end && *p == ',')
            p++;
          else
            {
              if (p < end && *p == '\r')
                p++;
              if (p < end && *p == '\n')
                p++;
              done = TRUE;
            }
        }
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_free (fields, FALSE));
    }
  return rows;
}

static void
csv_append_field (GString    *out,
                  const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* ---- Export -------------------------------------------------------------------- */

/* A file of the standard @id as stored: the user's copy first, then the
 * shipped one.  NULL (no error) when the standard has no such file. */
static GBytes *
read_standard_file (const char  *id,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *dir = user_dir_of (id);
  g_autofree char *ini = g_build_filename (dir, "standard.ini", NULL);

  if (g_file_test (ini, G_FILE_TEST_EXISTS))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return NULL;
      return _dabiao_standard_read_file (path, error);
    }
  else
    {
      g_autofree char *path = g_strdup_printf (STANDARDS_BASE "/%s/%s", id, name);

      return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    }
}

static gboolean
xlsx_ok (lxw_error    code,
         const char  *path,
         GError     **error)
{
  if (code == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT, _("%s: cannot write the workbook: %s"),
               path, lxw_strerror (code));
  return FALSE;
}

static gboolean
is_plain_number (const char *text)
{
  gint64 v;

  return *text != '\0' && dabiao_value_parse_decimal (text, &v) && strspn (text, "-0123456789.") == strlen (text);
}

static void
write_sheet (DabiaoXlsxCheck *check,
             lxw_workbook    *wb,
             lxw_format      *bold,
             const char      *name,
             GPtrArray       *rows)
{
  lxw_worksheet *ws = dabiao_xlsx_add_worksheet (check, wb, name);
  char **header = rows->len > 0 ? g_ptr_array_index (rows, 0) : NULL;
  guint n_columns = header != NULL ? g_strv_length (header) : 0;
  g_autofree gboolean *numeric = g_new0 (gboolean, n_columns + 1);

  if (ws == NULL)
    return;
  for (guint c = 0; c < n_columns; c++)
    {
      numeric[c] = g_strv_contains (numeric_columns, header[c]);
      dabiao_xlsx_note (check, worksheet_set_column (ws, c, c, numeric[c] ? 10 : 16, NULL), 0, c);
    }
  worksheet_freeze_panes (ws, 1, 0);

  for (guint r = 0; r < rows->len; r++)
    {
      char **fields = g_ptr_array_index (rows, r);

      for (guint c = 0; fields[c] != NULL; c++)
        {
          if (r > 0 && c < n_columns && numeric[c] && is_plain_number (fields[c]))
            dabiao_xlsx_note (check, worksheet_write_number (ws, r, c, g_ascii_strtod (fields[c], NULL), NULL), r, c);
          else if (*fields[c] != '\0')
            dabiao_xlsx_note (check, worksheet_write_string (ws, r, c, fields[c], r == 0 ? bold : NULL), r, c);
        }
    }
}

/* Long (~130 lines) but linear: one commented sheet after another, the
 * same workbook and checks throughout. */
gboolean
dabiao_standard_export (const char  *id,
                        const char  *path,
                        GError     **error)
{
  DabiaoXlsxCheck check;
  g_autoptr(DabiaoStandard) std = NULL;
  g_autoptr(GBytes) ini_bytes = NULL;
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  g_auto(GStrv) keys = NULL;
  lxw_workbook_options options = { 0, };
  lxw_workbook *wb;
  lxw_format *bold;
  GPtrArray *rows;
  gboolean ok;
  int fd;

  g_return_val_if_fail (id != NULL && path != NULL, FALSE);

  /* Only a standard that loads is exported (this also registers the
   * shipped standards' resources). */
  std = dabiao_standard_load (id, error);
  if (std == NULL)
    return FALSE;

  ini_bytes = read_standard_file (id, "standard.ini", error);
  if (ini_bytes == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND, _("the standard “%s” has no standard.ini"), id);
      return FALSE;
    }
  if (!g_key_file_load_from_data (ini, g_bytes_get_data (ini_bytes, NULL), g_bytes_get_size (ini_bytes),
                                  G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_STANDARD, "standard.ini: %s", local_error->message);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_build_filename (dir, ".XXXXXX.xlsx", NULL);
  fd = g_mkstemp_full (tmp, O_RDWR, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, _("%s: cannot write here: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  options.tmpdir = dir;
  dabiao_xlsx_check_init (&check, path);
  wb = workbook_new_opt (tmp, &options);
  if (wb == NULL)
    {
      g_unlink (tmp);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT, _("%s: cannot create the workbook"), path);
      return FALSE;
    }
  bold = workbook_add_format (wb);
  format_set_bold (bold);

  /* standard: key, value — the [Standard] group as written. */
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (rows, g_strsplit ("key,value", ",", -1));
  keys = g_key_file_get_keys (ini, "Standard", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      char *pair[3] = { keys[i], g_key_file_get_string (ini, "Standard", keys[i], NULL), NULL };

      g_ptr_array_add (rows, g_strdupv (pair));
      g_free (pair[1]);
    }
  write_sheet (&check, wb, bold, "standard", rows);
  g_ptr_array_unref (rows);
  g_clear_pointer (&keys, g_strfreev);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (rows, g_strsplit ("id,text", ",", -1));
  keys = g_key_file_get_keys (ini, "Sources", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      char *pair[3] = { keys[i], g_key_file_get_string (ini, "Sources", keys[i], NULL), NULL };

      g_ptr_array_add (rows, g_strdupv (pair));
      g_free (pair[1]);
    }
  write_sheet (&check, wb, bold, "sources", rows);
  g_ptr_array_unref (rows);

  for (guint f = 0; f < G_N_ELEMENTS (csv_files); f++)
    {
      g_autofree char *name = g_strconcat (csv_files[f].name, ".csv", NULL);
      g_autoptr(GBytes) bytes = read_standard_file (id, name, &local_error);

      if (local_error != NULL)
        {
          lxw_workbook_free (wb);
          g_unlink (tmp);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (bytes != NULL)
        rows = csv_rows (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      else
        {
          rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
          g_ptr_array_add (rows, g_strsplit (csv_files[f].header, ",", -1));
        }
      write_sheet (&check, wb, bold, csv_files[f].name, rows);
      g_ptr_array_unref (rows);
    }

  if (!dabiao_xlsx_check_end (&check, error))
    {
      workbook_close (wb);
      ok = FALSE;
    }
  else
    ok = xlsx_ok (workbook_close (wb), path, error);
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, _("%s: cannot write here: %s"), path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}

/* ---- Reading a workbook or folder ---------------------------------------------------- */

static void
add_file (GHashTable *files,
          const char *name,
          GString    *text)
{
  g_hash_table_insert (files, g_strdup (name),
                       g_bytes_new_take (text->str, text->len));
  g_string_free (text, FALSE);
}

/* One worksheet as CSV text, its rows on the same row numbers (skipped
 * empty rows become empty lines), so the validator's row numbers are the
 * sheet's own. */
static GString *
sheet_to_csv (const char  *path,
              const char  *sheet,
              GError     **error)
{
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, sheet, error);
  const char * const *headers;
  guint n_columns;
  guint line = 1;
  GString *out;

  if (reader == NULL)
    return NULL;
  out = g_string_new (NULL);
  headers = dabiao_table_reader_get_headers (reader);
  n_columns = dabiao_table_reader_get_n_columns (reader);
  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      csv_append_field (out, headers[c]);
    }
  g_string_append_c (out, '\n');

  while (dabiao_table_reader_next_row (reader, error))
    {
      guint row = dabiao_table_reader_get_row (reader);

      for (line++; line < row; line++)
        g_string_append_c (out, '\n');
      for (guint c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          csv_append_field (out, dabiao_table_reader_get_cell (reader, c)->text);
        }
      g_string_append_c (out, '\n');
    }
  if (error != NULL && *error != NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return out;
}

/* A sheet of two columns (key, value) into a [group] of @ini. */
static gboolean
sheet_to_keys (const char  *path,
               const char  *sheet,
               const char  *group,
               const char  *key_column,
               const char  *value_column,
               GKeyFile    *ini,
               GPtrArray   *problems,
               GError     **error)
{
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, sheet, error);
  g_autofree char *base = g_path_get_basename (path);
  int k, v;

  if (reader == NULL)
    return FALSE;
  k = dabiao_table_reader_find_column (reader, key_column);
  v = dabiao_table_reader_find_column (reader, value_column);
  if (k < 0 || v < 0)
    {
      /* Translators: workbook, sheet, then the column */
      g_ptr_array_add (problems, g_strdup_printf (_("%s sheet %s row 1: column “%s” is missing"),
                                                  base, sheet, k < 0 ? key_column : value_column));
      return TRUE;
    }
  while (dabiao_table_reader_next_row (reader, error))
    {
      const char *key = dabiao_table_reader_get_cell (reader, k)->text;
      const char *value = dabiao_table_reader_get_cell (reader, v)->text;

      if (*key == '\0')
        continue;
      if (strpbrk (key, "[]=\n") != NULL)
        g_ptr_array_add (problems, g_strdup_printf (_("%s sheet %s row %u, column %s: “%s” is not a key"),
                                                    base, sheet, dabiao_table_reader_get_row (reader),
                                                    key_column, key));
      else
        g_key_file_set_string (ini, group, key, value);
    }
  return error == NULL || *error == NULL;
}

static gboolean
is_workbook (const char *path)
{
  return g_str_has_suffix (path, ".xlsx") || g_str_has_suffix (path, ".XLSX") ||
         g_str_has_suffix (path, ".xls") || g_str_has_suffix (path, ".XLS");
}

/* Reads a workbook or folder into file name → GBytes (the layout of a
 * standard folder), with message labels naming the sheets.  Problems found
 * while reading (not validating) go to @problems. */
static gboolean
read_source (const char  *path,
             GHashTable **files_out,
             GHashTable **labels_out,
             GPtrArray   *problems,
             GError     **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *base = g_path_get_basename (path);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND, _("%s: no such file or folder"), path);
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR) || g_str_has_suffix (path, ".ini") || g_str_has_suffix (path, ".csv"))
    {
      /* A folder, or one of its files (standard.ini, items.csv …). */
      g_autofree char *folder = g_file_test (path, G_FILE_TEST_IS_DIR) ? g_strdup (path) : g_path_get_dirname (path);
      g_autofree char *folder_name = g_path_get_basename (folder);
      static const char *names[] = { "standard.ini", "items.csv", "groups.csv", "thresholds.csv", "bands.csv",
                                     "weights.csv", "bonus.csv", "grades.csv", "item_levels.csv", NULL };

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *file = g_build_filename (folder, names[i], NULL);
          g_autoptr(GError) local_error = NULL;
          char *contents = NULL;
          gsize len = 0;

          if (!g_file_test (file, G_FILE_TEST_EXISTS))
            continue;
          if (!g_file_get_contents (file, &contents, &len, &local_error))
            {
              g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, "%s", local_error->message);
              return FALSE;
            }
          g_hash_table_insert (files, g_strdup (names[i]), g_bytes_new_take (contents, len));
          g_hash_table_insert (labels, g_strdup (names[i]), g_build_filename (folder_name, names[i], NULL));
        }
    }
  else if (is_workbook (path))
    {
      g_autoptr(DabiaoTableReader) first = dabiao_table_reader_open (path, NULL, error);
      g_autoptr(GKeyFile) ini = g_key_file_new ();
      g_auto(GStrv) sheets = NULL;
      g_autofree char *ini_text = NULL;
      gsize ini_len = 0;

      if (first == NULL)
        return FALSE;
      sheets = dabiao_table_reader_list_sheets (first);

      if (!g_strv_contains ((const char * const *) sheets, "standard"))
        g_ptr_array_add (problems, g_strdup_printf (_("%s: the sheet “%s” is missing"), base, "standard"));
      else if (!sheet_to_keys (path, "standard", "Standard", "key", "value", ini, problems, error))
        return FALSE;
      if (g_strv_contains ((const char * const *) sheets, "sources") &&
          !sheet_to_keys (path, "sources", "Sources", "id", "text", ini, problems, error))
        return FALSE;
      if (g_strv_contains ((const char * const *) sheets, "standard"))
        {
          ini_text = g_key_file_to_data (ini, &ini_len, NULL);
          g_hash_table_insert (files, g_strdup ("standard.ini"), g_bytes_new_take (g_steal_pointer (&ini_text), ini_len));
          g_hash_table_insert (labels, g_strdup ("standard.ini"),
                               g_strdup_printf (_("%s sheet %s"), base, "standard"));
        }

      for (guint f = 0; f < G_N_ELEMENTS (csv_files); f++)
        {
          g_autofree char *name = g_strconcat (csv_files[f].name, ".csv", NULL);
          GString *text;

          g_hash_table_insert (labels, g_strdup (name), g_strdup_printf (_("%s sheet %s"), base, csv_files[f].name));
          if (!g_strv_contains ((const char * const *) sheets, csv_files[f].name))
            continue;
          text = sheet_to_csv (path, csv_files[f].name, error);
          if (text == NULL)
            return FALSE;
          add_file (files, name, text);
        }
    }
  else
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: a standard is a workbook (.xlsx) or a folder of CSV files and standard.ini"), base);
      return FALSE;
    }

  *files_out = g_steal_pointer (&files);
  *labels_out = g_steal_pointer (&labels);
  return TRUE;
}

GPtrArray *
dabiao_standard_check_file (const char  *path,
                            GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GHashTable) labels = NULL;
  g_autoptr(GPtrArray) more = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!read_source (path, &files, &labels, problems, error))
    return NULL;
  if (problems->len > 0)
    return g_steal_pointer (&problems);
  more = dabiao_standard_check_files (files, labels, error);
  if (more == NULL)
    return NULL;
  return g_steal_pointer (&more);
}

/* ---- Import and remove ---------------------------------------------------------------- */

static gboolean
write_file (const char  *dir,
            const char  *name,
            GBytes      *bytes,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &local_error))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
is_shipped (const char *id)
{
  g_autoptr(GBytes) ini = NULL;
  g_autofree char *path = g_strdup_printf (STANDARDS_BASE "/%s/standard.ini", id);
  g_autoptr(DabiaoStandard) std = NULL;

  /* Loading any shipped standard registers the resources. */
  std = dabiao_standard_load ("student-2014", NULL);
  ini = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  return ini != NULL;
}

/* Long (~130 lines) but linear: read each sheet of the workbook, write the
 * metadata as installed, check the folder by loading it, rename it in —
 * one temporary folder that every failing step must remove. */
char *
dabiao_standard_import (const char  *path,
                        const char  *new_id,
                        gboolean     replace,
                        GPtrArray  **problems_out,
                        GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GHashTable) labels = NULL;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *id = NULL;
  g_autofree char *base = NULL;
  g_autofree char *user = NULL;
  g_autofree char *final = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *old = NULL;
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *source = NULL;
  g_autofree char *ini_text = NULL;
  GBytes *ini_bytes;
  GHashTableIter iter;
  gpointer key, value;
  gsize ini_len;

  g_return_val_if_fail (path != NULL, NULL);

  base = g_path_get_basename (path);
  if (!read_source (path, &files, &labels, problems, error))
    return NULL;

  /* The metadata as installed: the new id, supplied by the user, and the
   * file it came from as a source of its own. */
  ini_bytes = g_hash_table_lookup (files, "standard.ini");
  if (ini_bytes != NULL &&
      g_key_file_load_from_data (ini, g_bytes_get_data (ini_bytes, NULL), g_bytes_get_size (ini_bytes),
                                 G_KEY_FILE_KEEP_COMMENTS, NULL))
    {
      if (new_id != NULL)
        g_key_file_set_string (ini, "Standard", "id", new_id);
      g_key_file_set_string (ini, "Standard", "supplied-by-user", "true");
      /* Translators: the source recorded for an imported standard: file, date */
      source = g_strdup_printf (_("imported from %s on %s"), base, day);
      g_key_file_set_string (ini, "Sources", "imported", source);
      ini_text = g_key_file_to_data (ini, &ini_len, NULL);
      g_hash_table_insert (files, g_strdup ("standard.ini"), g_bytes_new_take (g_steal_pointer (&ini_text), ini_len));
    }
  id = g_key_file_get_string (ini, "Standard", "id", NULL);

  if (problems->len == 0)
    {
      more = dabiao_standard_check_files (files, labels, error);
      if (more == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (problems, g_steal_pointer (&more));
    }
  if (problems->len > 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_STANDARD,
                   _("%s does not validate (problems: %u); nothing was installed"), base, problems->len);
      if (problems_out != NULL)
        *problems_out = g_steal_pointer (&problems);
      return NULL;
    }
  if (id == NULL || !id_is_sane (id))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” is not a standard id (lower-case letters, digits, “-” and “_”)"), id ? id : "");
      return NULL;
    }

  user = dabiao_standard_get_user_dir ();
  final = g_build_filename (user, id, NULL);
  if (!replace && (g_file_test (final, G_FILE_TEST_EXISTS) || is_shipped (id)))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("a standard “%s” is already installed; choose another id or replace it"), id);
      return NULL;
    }

  /* Built in a temporary folder beside its place, then renamed in. */
  if (g_mkdir_with_parents (user, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, "%s: %s", user, g_strerror (saved));
      return NULL;
    }
  tmp = g_build_filename (user, ".import-XXXXXX", NULL);
  if (g_mkdtemp (tmp) == NULL)
    {
      int saved = errno;

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, "%s: %s", user, g_strerror (saved));
      return NULL;
    }
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!write_file (tmp, key, value, error))
      {
        remove_tree (tmp);
        return NULL;
      }

  if (g_file_test (final, G_FILE_TEST_EXISTS))
    {
      old = g_build_filename (user, ".old-XXXXXX", NULL);
      if (g_mkdtemp (old) == NULL || g_rmdir (old) != 0 || g_rename (final, old) != 0)
        {
          int saved = errno;

          remove_tree (tmp);
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, "%s: %s", final, g_strerror (saved));
          return NULL;
        }
    }
  g_chmod (tmp, 0755);
  if (g_rename (tmp, final) != 0)
    {
      int saved = errno;

      remove_tree (tmp);
      if (old != NULL)
        g_rename (old, final);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, "%s: %s", final, g_strerror (saved));
      return NULL;
    }
  if (old != NULL)
    remove_tree (old);

  return g_steal_pointer (&id);
}

gboolean
dabiao_standard_remove (const char  *id,
                        GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *ini = NULL;

  g_return_val_if_fail (id != NULL, FALSE);

  if (!id_is_sane (id))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND, _("“%s” is not a standard id"), id);
      return FALSE;
    }
  dir = user_dir_of (id);
  ini = g_build_filename (dir, "standard.ini", NULL);
  if (!g_file_test (ini, G_FILE_TEST_EXISTS))
    {
      if (is_shipped (id))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                     _("“%s” is shipped with the program and cannot be removed"), id);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND, _("no standard “%s” is installed"), id);
      return FALSE;
    }
  remove_tree (dir);
  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO, _("%s: cannot remove the folder"), dir);
      return FALSE;
    }
  return TRUE;
}

/* ---- In worker threads --------------------------------------------------------------- */

typedef struct
{
  char     *id;
  char     *path;
  gboolean  replace;
} FileTask;

static void
file_task_free (gpointer data)
{
  FileTask *t = data;

  g_free (t->id);
  g_free (t->path);
  g_free (t);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FileTask *t = task_data;
  GError *error = NULL;

  if (dabiao_standard_export (t->id, t->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dabiao_standard_export_async (const char          *id,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  FileTask *t = g_new0 (FileTask, 1);

  t->id = g_strdup (id);
  t->path = g_strdup (path);
  g_task_set_source_tag (task, dabiao_standard_export_async);
  g_task_set_task_data (task, t, file_task_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
dabiao_standard_export_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FileTask *t = task_data;
  GError *error = NULL;
  char *id = dabiao_standard_import (t->path, t->id, t->replace, NULL, &error);

  if (id != NULL)
    g_task_return_pointer (task, id, g_free);
  else
    g_task_return_error (task, error);
}

void
dabiao_standard_import_async (const char          *path,
                              const char          *new_id,
                              gboolean             replace,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  FileTask *t = g_new0 (FileTask, 1);

  t->id = g_strdup (new_id);
  t->path = g_strdup (path);
  t->replace = replace;
  g_task_set_source_tag (task, dabiao_standard_import_async);
  g_task_set_task_data (task, t, file_task_free);
  g_task_run_in_thread (task, import_thread);
}

char *
dabiao_standard_import_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
