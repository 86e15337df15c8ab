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
 * row is row 2.  Reader errors name the file (its basename), the row and,
 * where one is at fault, the column by its header; writer errors name the
 * path as given (the folder matters: read-only, full).  All errors are
 * DABIAO_ERROR:
 * _IO (cannot open, read-only directory, disk full), _BAD_FILE (not a
 * table of that format, damaged, undecodable bytes, an unclosed quote, no
 * header row), _NOT_FOUND (no sheet of that name), _EXPORT (libxlsxwriter).
 *
 * Every call may touch the disk and blocks: the app calls these from a
 * worker thread (GTask), never from the main loop.  A reader or a writer
 * belongs to one thread at a time.
 *
 * Formats:
 * - .csv: RFC 4180 (quotes, doubled quotes, line breaks inside quotes; CRLF,
 *   LF or CR).  A UTF-8 BOM means UTF-8; otherwise the text from the first
 *   non-ASCII byte decides (64 KiB of it): valid UTF-8, else GB18030.  Bytes
 *   that do not decode stop the reader with file and row.  Every CSV cell is
 *   STRING (or EMPTY): "01" stays "01".
 * - .xlsx: read natively (libarchive + GMarkup, the sheet streamed); numbers
 *   are NUMBER, cells whose number format is a date are DATE, TRUE/FALSE are
 *   STRING, formulas give their cached value (none when the file has none).
 * - .xls: libfreexl (BIFF5/BIFF8, the whole sheet in memory: at most 65,536
 *   rows).
 * - Writing: .csv or .xlsx (libxlsxwriter, constant_memory mode). */

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
  /* Never NULL: the text a person sees in the cell, whitespace-trimmed
   * (also U+3000 and U+00A0).  Numbers as Excel would show them in General
   * format ("172.5", "3.45", "1101"; at most 15 significant digits), dates
   * as YYYY-MM-DD (YYYY-MM-DD HH:MM:SS when there is a time of day), ""
   * when empty.  A time-only value in a time format (< 1 day) is a NUMBER. */
  const char     *text;
  /* NUMBER: the value.  DATE: the Excel serial day (1 = 1900-01-01). */
  double          number;
} DabiaoCell;

/* ---- Reading ---------------------------------------------------------- */

typedef struct _DabiaoTableReader DabiaoTableReader;

/* The format follows the extension (.csv, .xlsx or .xlsm, .xls; case-
 * insensitive); for workbooks the content decides between xlsx (zip) and
 * xls (OLE), so a renamed workbook still reads.
 * Reads the header row: the first row that is not empty (a file without one
 * is an error; a file with only a header opens, and next_row() then returns
 * FALSE at once).  @sheet: a worksheet name, or NULL for the first visible
 * one (csv: ignored). */
DabiaoTableReader  *dabiao_table_reader_open          (const char         *path,
                                                       const char         *sheet,
                                                       GError            **error);
void                dabiao_table_reader_free          (DabiaoTableReader  *reader);

/* A FIFO, a pipe or a device (/dev/stdin, "<(…)") can be read only once,
 * and workbook readers open a file more than once (and callers open it again
 * per sheet): such a @path is copied once, at most
 * DABIAO_TABLE_MAX_SPOOL bytes, into a private folder under the same name.
 * Returns the path to read (the copy, or @path itself when it is an
 * ordinary file); *@cleanup is then the folder to give to
 * dabiao_table_unspool() (NULL when nothing was copied).
 * dabiao_table_reader_open() does this itself; a caller that opens the same
 * path several times calls it first. */
#define DABIAO_TABLE_MAX_SPOOL (64 * 1024 * 1024)
char               *dabiao_table_spool                (const char         *path,
                                                       char              **cleanup,
                                                       GError            **error);
void                dabiao_table_unspool              (char               *cleanup);

/* The file's basename, for messages. */
const char         *dabiao_table_reader_get_name      (DabiaoTableReader  *reader);
/* Sheet names of a workbook (one "" for csv).  Free with g_strfreev(). */
char              **dabiao_table_reader_list_sheets   (DabiaoTableReader  *reader);

guint               dabiao_table_reader_get_n_columns (DabiaoTableReader  *reader);
/* Header texts as written (trimmed), NULL-terminated. */
const char * const *dabiao_table_reader_get_headers   (DabiaoTableReader  *reader);
/* The column whose header is @name, or -1 (the first, when several match).
 * Matching ignores spaces, full-width/half-width differences (NFKC, so
 * （）→ (), ０-９ → 0-9, Ｂ → B), Latin case, and a trailing (男)/(女)/（男）/
 * （女） on either side. */
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
 * Chinese; CRLF line ends; a cell is quoted only when it holds a comma, a
 * quote or a line break) or .xlsx (constant_memory mode: rows go to disk as
 * they end).  "-" writes CSV (no BOM) to stdout.
 * CSV injection: text a spreadsheet program would run as a formula — it
 * starts with =, +, -, @, a tab or a carriage return and is not a plain
 * number — is written with a leading ' (=HYPERLINK(…) → '=HYPERLINK(…),
 * "-5" stays "-5", "-1+2" becomes '-1+2); numbers are never changed (see
 * set_escape_formulas()).
 * Limits (Excel's): a cell over 32,767 characters, a row past 1,048,576
 * (the header included) or a column past 16,384 is refused before it is
 * written, naming the row (and its label, see set_row_label()) and the
 * column by its header.
 * The file is written beside the target under a temporary name
 * (.NAME.XXXXXX.part) and renamed into place by close(); a writer freed
 * without a successful close() leaves no file behind, and an existing
 * target stays untouched until then.  A failing add_*() (a cell longer than
 * Excel's 32,767 characters, a full disk) is reported by the next end_row()
 * or close().  @sheet: the worksheet name for xlsx ("Sheet1" when NULL);
 * one Excel refuses ([]:*?/\, over 31 characters) fails here. */
DabiaoTableWriter  *dabiao_table_writer_new           (const char         *path,
                                                       const char         *sheet,
                                                       GError            **error);
void                dabiao_table_writer_free          (DabiaoTableWriter  *writer);

/* Who the row being written is about ("张三 G001"), for messages about it;
 * forgotten at end_row(). */
void                dabiao_table_writer_set_row_label (DabiaoTableWriter  *writer,
                                                       const char         *label);
/* CSV: FALSE to write formula-like text as it is (for a file only this
 * program reads back); TRUE by default. */
void                dabiao_table_writer_set_escape_formulas (DabiaoTableWriter *writer,
                                                             gboolean           escape);
void                dabiao_table_writer_add_string    (DabiaoTableWriter  *writer,
                                                       const char         *text);
/* A number shown with exactly @decimals decimals (at most 10), rounded half
 * away from zero on the decimal value a person wrote (2.675 → 2.68); xlsx
 * stores the rounded value with the format "0", "0.0", "0.00"…  Dates: xlsx
 * an Excel date shown yyyy/m/d; csv YYYY-MM-DD. */
void                dabiao_table_writer_add_number    (DabiaoTableWriter  *writer,
                                                       double              value,
                                                       guint               decimals);
/* A fixed-point number: @value in units of 10^-@decimals (1234, 1 →
 * "123.4"), written exactly: csv gets the digits (no floating point, no
 * formatting call), xlsx the same number cell as add_number(). */
void                dabiao_table_writer_add_fixed     (DabiaoTableWriter  *writer,
                                                       gint64              value,
                                                       guint               decimals);
void                dabiao_table_writer_add_date      (DabiaoTableWriter  *writer,
                                                       GDate              *date);
void                dabiao_table_writer_add_empty     (DabiaoTableWriter  *writer);
/* A cell as read, keeping its kind (text stays text: 学籍号, 民族代码 "01";
 * numbers in General format; dates as dates). */
void                dabiao_table_writer_add_cell      (DabiaoTableWriter  *writer,
                                                       const DabiaoCell   *cell);
gboolean            dabiao_table_writer_end_row       (DabiaoTableWriter  *writer,
                                                       GError            **error);
gboolean            dabiao_table_writer_close         (DabiaoTableWriter  *writer,
                                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoTableWriter, dabiao_table_writer_free)

G_END_DECLS
