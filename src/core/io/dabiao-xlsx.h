/* dabiao-xlsx.h: Excel's limits, checked before anything is written, and
 * libxlsxwriter's results turned into errors a person can act on.  Every
 * file that calls libxlsxwriter uses these, so that no limit is checked in
 * one writer and forgotten in another.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <xlsxwriter.h>

G_BEGIN_DECLS

#define DABIAO_XLSX_MAX_ROWS        1048576   /* header row included */
#define DABIAO_XLSX_MAX_COLUMNS     16384
#define DABIAO_XLSX_MAX_CELL_CHARS  32767
#define DABIAO_XLSX_MAX_SHEET_NAME  31

/* Why Excel would refuse @name as a sheet name (a translated sentence), or
 * NULL when it is fine: empty, over 31 characters, one of [ ] : * ? / \,
 * an apostrophe first or last, or "History" (reserved by Excel). */
char     *dabiao_xlsx_sheet_name_problem (const char          *name);

/* @names (@n of them) as the sheets of one workbook, in order: each valid
 * and no two equal ignoring case (Excel's rule: "ab" and "AB" cannot both
 * be sheets).  The error names @file and the first bad name. */
gboolean  dabiao_xlsx_check_sheet_names  (const char          *file,
                                          const char * const  *names,
                                          gsize                n,
                                          GError             **error);

/* Does @text fit in one cell (at most 32,767 characters)? */
gboolean  dabiao_xlsx_text_fits          (const char          *text);

/* An error for a libxlsxwriter result @code (an lxw_error) at @row (0 =
 * the header row; G_MAXUINT: none) and @column (a header, or NULL) of
 * @sheet (or NULL) in @file.  Returns FALSE, for `return
 * dabiao_xlsx_set_error (…)`. */
gboolean  dabiao_xlsx_set_error          (GError             **error,
                                          const char          *file,
                                          const char          *sheet,
                                          guint                row,
                                          const char          *column,
                                          int                  code);

/* Every libxlsxwriter result of one workbook: callers wrap each call,
 *   dabiao_xlsx_note (&check, worksheet_write_string (ws, row, col, …), row, col);
 * and end with dabiao_xlsx_check_end() before closing: the first failure
 * (a text over the limit, a cell past the sheet, a malloc) is reported with
 * its sheet, row and column, and the caller writes nothing.  (libxlsxwriter
 * itself only returns the code: an ignored one meant a blank cell and a
 * workbook reported as written.) */
typedef struct
{
  const char *file;
  const char *sheet;      /* the sheet being written: set it per sheet */
  int         code;       /* the first failure, 0 (LXW_NO_ERROR) if none */
  char       *failed_sheet;
  guint       row;
  guint       column;
} DabiaoXlsxCheck;

void           dabiao_xlsx_check_init  (DabiaoXlsxCheck  *check,
                                        const char       *file);
/* @code: what a libxlsxwriter call returned. */
void           dabiao_xlsx_note        (DabiaoXlsxCheck  *check,
                                        int               code,
                                        guint             row,
                                        guint             column);
/* workbook_add_worksheet(), checked; sets check->sheet.  NULL (noted) when
 * libxlsxwriter refuses the name. */
lxw_worksheet *dabiao_xlsx_add_worksheet (DabiaoXlsxCheck *check,
                                          lxw_workbook    *workbook,
                                          const char      *name);
/* FALSE with @error set when any noted call failed; frees what init kept. */
gboolean       dabiao_xlsx_check_end   (DabiaoXlsxCheck  *check,
                                        GError          **error);

G_END_DECLS
