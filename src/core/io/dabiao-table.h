/* dabiao-table.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tables as people keep them: .csv (UTF-8 with or without BOM, or GB18030
 * as saved by Chinese Excel), .xlsx and .xls, read and written row by row
 * (streaming: a million rows in constant memory).
 *
 * Row numbers are the spreadsheet's own: the header is row 1, the first data
 * row is row 2.  Errors name the file (its basename), the row and, where one
 * is at fault, the column by its header. */

typedef enum
{
  DABIAO_CELL_EMPTY,
  DABIAO_CELL_STRING,
  DABIAO_CELL_NUMBER,
  DABIAO_CELL_DATE,
} DabiaoCellKind;

typedef struct
{
  DabiaoCellKind  kind;
  /* Never NULL: the text a person sees in the cell, whitespace-trimmed.
   * Numbers as Excel would show them in General format ("172.5", "3.45",
   * "1101"), dates as YYYY-MM-DD, "" when empty. */
  const char     *text;
  /* NUMBER: the value.  DATE: the Excel serial day (1 = 1900-01-01). */
  double          number;
} DabiaoCell;

/* ---- Reading ---------------------------------------------------------- */

typedef struct _DabiaoTableReader DabiaoTableReader;

/* The format follows the extension (.csv, .xlsx, .xls; case-insensitive).
 * Reads the header row.  @sheet: a worksheet name, or NULL for the first. */
DabiaoTableReader  *dabiao_table_reader_open          (const char         *path,
                                                       const char         *sheet,
                                                       GError            **error);
void                dabiao_table_reader_free          (DabiaoTableReader  *reader);

/* The file's basename, for messages. */
const char         *dabiao_table_reader_get_name      (DabiaoTableReader  *reader);
/* Sheet names of a workbook (one "" for csv).  Free with g_strfreev(). */
char              **dabiao_table_reader_list_sheets   (DabiaoTableReader  *reader);

guint               dabiao_table_reader_get_n_columns (DabiaoTableReader  *reader);
/* Header texts as written (trimmed), NULL-terminated. */
const char * const *dabiao_table_reader_get_headers   (DabiaoTableReader  *reader);
/* The column whose header is @name, or -1.  Matching ignores spaces, full-
 * width/half-width differences and a trailing (男)/(女)/（男）/（女）. */
int                 dabiao_table_reader_find_column   (DabiaoTableReader  *reader,
                                                       const char         *name);

/* Advance to the next data row.  Returns FALSE at the end (error unset) or on
 * a malformed file (error set, naming file and row).  Completely empty rows
 * are skipped. */
gboolean            dabiao_table_reader_next_row      (DabiaoTableReader  *reader,
                                                       GError            **error);
/* Spreadsheet row number of the current row (header = 1). */
guint               dabiao_table_reader_get_row       (DabiaoTableReader  *reader);
/* A cell of the current row; an EMPTY cell when @column is past the row's
 * end or negative.  Valid until the next call to next_row(). */
const DabiaoCell   *dabiao_table_reader_get_cell      (DabiaoTableReader  *reader,
                                                       int                 column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoTableReader, dabiao_table_reader_free)

/* ---- Writing ---------------------------------------------------------- */

typedef struct _DabiaoTableWriter DabiaoTableWriter;

/* The format follows the extension: .csv (UTF-8 with BOM, so Excel shows
 * Chinese; CRLF line ends) or .xlsx.  "-" writes CSV (no BOM) to stdout.
 * The file is written beside the target under a temporary name and renamed
 * into place by close(); a writer freed without a successful close() leaves
 * no file behind.  @sheet: the worksheet name for xlsx, or NULL. */
DabiaoTableWriter  *dabiao_table_writer_new           (const char         *path,
                                                       const char         *sheet,
                                                       GError            **error);
void                dabiao_table_writer_free          (DabiaoTableWriter  *writer);

void                dabiao_table_writer_add_string    (DabiaoTableWriter  *writer,
                                                       const char         *text);
/* A number shown with exactly @decimals decimals (rounded half up). */
void                dabiao_table_writer_add_number    (DabiaoTableWriter  *writer,
                                                       double              value,
                                                       guint               decimals);
void                dabiao_table_writer_add_date      (DabiaoTableWriter  *writer,
                                                       GDate              *date);
void                dabiao_table_writer_add_empty     (DabiaoTableWriter  *writer);
/* A cell as read, keeping its kind (text stays text: 学籍号, 民族代码 "01"). */
void                dabiao_table_writer_add_cell      (DabiaoTableWriter  *writer,
                                                       const DabiaoCell   *cell);
gboolean            dabiao_table_writer_end_row       (DabiaoTableWriter  *writer,
                                                       GError            **error);
gboolean            dabiao_table_writer_close         (DabiaoTableWriter  *writer,
                                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoTableWriter, dabiao_table_writer_free)

G_END_DECLS
