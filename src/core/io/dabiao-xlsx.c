/* dabiao-xlsx.c: Excel's limits and libxlsxwriter's errors
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "dabiao-error.h"
#include "dabiao-xlsx.h"

char *
dabiao_xlsx_sheet_name_problem (const char *name)
{
  glong n;

  if (name == NULL || *name == '\0')
    return g_strdup (_("a sheet name cannot be empty"));
  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup (_("a sheet name must be valid text"));
  n = g_utf8_strlen (name, -1);
  if (n > DABIAO_XLSX_MAX_SHEET_NAME)
    return g_strdup_printf (_("a sheet name may have at most %u characters, this one has %ld"),
                            DABIAO_XLSX_MAX_SHEET_NAME, n);
  if (strpbrk (name, "[]:*?/\\") != NULL)
    return g_strdup (_("a sheet name cannot hold any of [ ] : * ? / \\"));
  if (name[0] == '\'' || name[strlen (name) - 1] == '\'')
    return g_strdup (_("a sheet name cannot begin or end with an apostrophe (')"));
  if (g_ascii_strcasecmp (name, "History") == 0)
    return g_strdup (_("Excel keeps the sheet name “History” for itself"));
  return NULL;
}

gboolean
dabiao_xlsx_check_sheet_names (const char          *file,
                               const char * const  *names,
                               gsize                n,
                               GError             **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *base = g_path_get_basename (file);

  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *why = dabiao_xlsx_sheet_name_problem (names[i]);
      g_autofree char *normal = NULL;
      g_autofree char *folded = NULL;
      gpointer other;

      if (why != NULL)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("%s: “%s” cannot name a sheet: %s"), base, names[i] ? names[i] : "", why);
          return FALSE;
        }
      normal = g_utf8_normalize (names[i], -1, G_NORMALIZE_ALL_COMPOSE);
      folded = g_utf8_casefold (normal, -1);
      if (g_hash_table_lookup_extended (seen, folded, NULL, &other))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("%s: “%s” and “%s” cannot both name sheets: Excel does not tell capitals from small letters in sheet names"),
                       base, names[GPOINTER_TO_SIZE (other)], names[i]);
          return FALSE;
        }
      g_hash_table_insert (seen, g_steal_pointer (&folded), GSIZE_TO_POINTER (i));
    }
  return TRUE;
}

gboolean
dabiao_xlsx_text_fits (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  return len <= DABIAO_XLSX_MAX_CELL_CHARS ||
         (len <= 4 * DABIAO_XLSX_MAX_CELL_CHARS &&
          g_utf8_strlen (text, len) <= DABIAO_XLSX_MAX_CELL_CHARS);
}

gboolean
dabiao_xlsx_set_error (GError     **error,
                       const char  *file,
                       const char  *sheet,
                       guint        row,
                       const char  *column,
                       int          code)
{
  g_autofree char *base = g_path_get_basename (file);
  g_autoptr(GString) where = g_string_new (base);
  const char *why = lxw_strerror ((lxw_error) code);

  if (sheet != NULL)
    g_string_append_printf (where, _(", sheet %s"), sheet);
  if (row != G_MAXUINT)
    g_string_append_printf (where, _(", row %u"), row + 1);
  if (column != NULL)
    g_string_append_printf (where, _(", column %s"), column);

  switch (code)
    {
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                   _("%s: the text is longer than %u characters, the most a cell holds; nothing was written"),
                   where->str, DABIAO_XLSX_MAX_CELL_CHARS);
      break;
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                   _("%s: past the last row or column a sheet holds (%u rows, %u columns); nothing was written"),
                   where->str, DABIAO_XLSX_MAX_ROWS, DABIAO_XLSX_MAX_COLUMNS);
      break;
    default:
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                   _("%s: the workbook cannot be written: %s"), where->str, why != NULL ? why : "?");
      break;
    }
  return FALSE;
}

void
dabiao_xlsx_check_init (DabiaoXlsxCheck *check,
                        const char      *file)
{
  memset (check, 0, sizeof *check);
  check->file = file;
}

void
dabiao_xlsx_note (DabiaoXlsxCheck *check,
                  int              code,
                  guint            row,
                  guint            column)
{
  if (code == LXW_NO_ERROR || check->code != LXW_NO_ERROR)
    return;
  check->code = code;
  check->failed_sheet = g_strdup (check->sheet);
  check->row = row;
  check->column = column;
}

lxw_worksheet *
dabiao_xlsx_add_worksheet (DabiaoXlsxCheck *check,
                           lxw_workbook    *workbook,
                           const char      *name)
{
  int code = workbook_validate_sheet_name (workbook, name);
  lxw_worksheet *ws = NULL;

  check->sheet = name;
  if (code == LXW_NO_ERROR && (ws = workbook_add_worksheet (workbook, name)) == NULL)
    code = LXW_ERROR_MEMORY_MALLOC_FAILED;
  dabiao_xlsx_note (check, code, G_MAXUINT, G_MAXUINT);
  return ws;
}

gboolean
dabiao_xlsx_check_end (DabiaoXlsxCheck  *check,
                       GError          **error)
{
  g_autofree char *column = NULL;
  gboolean ok = check->code == LXW_NO_ERROR;

  if (!ok)
    {
      if (check->column != G_MAXUINT)
        column = g_strdup_printf ("%u", check->column + 1);
      dabiao_xlsx_set_error (error, check->file, check->failed_sheet, check->row, column, check->code);
    }
  g_clear_pointer (&check->failed_sheet, g_free);
  return ok;
}
