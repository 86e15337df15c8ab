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

G_END_DECLS
