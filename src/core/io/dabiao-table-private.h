/* dabiao-table-private.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-table.h"

G_BEGIN_DECLS

/* Limits every reader enforces, far beyond any real roster (Excel's own
 * for cells, columns and rows).  A file beyond one is refused with the limit
 * named, the file and the row; nothing a reader allocates grows with the
 * file except within these bounds. */
#define DABIAO_TABLE_MAX_CELL_CHARS  32767                   /* Excel */
#define DABIAO_TABLE_MAX_CELL_BYTES  (4 * DABIAO_TABLE_MAX_CELL_CHARS)
#define DABIAO_TABLE_MAX_COLUMNS     16384                   /* Excel */
#define DABIAO_TABLE_MAX_ROWS        1048576                 /* Excel */
/* Text of one row, counting each shared string it refers to. */
#define DABIAO_TABLE_MAX_ROW_BYTES   (16 * 1024 * 1024)
/* Text of the whole file as read, counting shared strings at each use. */
#define DABIAO_TABLE_MAX_FILE_BYTES  ((guint64) 1024 * 1024 * 1024)
/* Cells of the whole file, counting empty ones up to each row's last: a row
 * with one cell in column XFD costs 16,384. */
#define DABIAO_TABLE_MAX_FILE_CELLS  ((guint64) 128 * 1024 * 1024)

/* Why a row was cut short (dabiao_row_set() refused a cell). */
typedef enum
{
  DABIAO_ROW_OK,
  DABIAO_ROW_CELL_TOO_LONG,
  DABIAO_ROW_TOO_MANY_COLUMNS,
  DABIAO_ROW_TOO_LONG,
} DabiaoRowProblem;

/* One row being built by a backend: cells by column, texts packed in one
 * buffer (NUL-separated) so that a row costs no allocation once warm.
 * Text a reader holds for its whole life (xlsx shared strings) is pointed
 * at, not copied. */
typedef struct
{
  GArray           *cells;    /* DabiaoCell; .text is fixed up by dabiao_row_finish() */
  GArray           *offsets;  /* gsize: offset of each cell's text in @text, or
                               * DABIAO_ROW_EXTERNAL when .text points elsewhere */
  GString          *text;
  gsize             bytes;    /* text in the row, shared or not */
  DabiaoRowProblem  problem;
  guint             problem_column;
  gboolean          problem_in_quotes;  /* csv: inside a quoted cell */
} DabiaoRow;

#define DABIAO_ROW_EXTERNAL G_MAXSIZE

void     dabiao_row_init        (DabiaoRow      *row);
void     dabiao_row_clear       (DabiaoRow      *row);
void     dabiao_row_reset       (DabiaoRow      *row);
/* Set a cell; @text is trimmed; a STRING that trims to "" becomes EMPTY.
 * Columns between the last set one and @column become EMPTY.  FALSE (and
 * row->problem set, the cell not stored) when the cell breaks a limit: the
 * backend should end the row there; the front reports it. */
gboolean dabiao_row_set         (DabiaoRow      *row,
                                 guint           column,
                                 DabiaoCellKind  kind,
                                 const char     *text,
                                 gssize          len,
                                 double          number);
/* A STRING cell whose @text (already trimmed, not empty, within the cell
 * limit) stays valid and unchanged for the reader's life: pointed at. */
gboolean dabiao_row_set_static  (DabiaoRow      *row,
                                 guint           column,
                                 const char     *text,
                                 gsize           len);
/* Mark the row as cut short by a cell over the limit at @column. */
gboolean dabiao_row_refuse      (DabiaoRow      *row,
                                 DabiaoRowProblem problem,
                                 guint           column);
/* Drop leading and trailing white space (also U+3000 and U+00A0). */
void     dabiao_table_trim      (const char    **text,
                                 gsize          *len);
/* Does @text (@len bytes, valid UTF-8) fit in one cell? */
gboolean dabiao_cell_fits       (const char     *text,
                                 gsize           len);
void     dabiao_row_set_number  (DabiaoRow      *row,
                                 guint           column,
                                 double          value);
/* A DATE cell from an Excel serial in the 1900 system. */
void     dabiao_row_set_date    (DabiaoRow      *row,
                                 guint           column,
                                 double          serial);
/* Drop trailing empty cells and point the cells' texts into the buffer. */
void     dabiao_row_finish      (DabiaoRow      *row);
gboolean dabiao_row_is_empty    (DabiaoRow      *row);

/* A format's reader.  read_row() fills @row (already reset) with the next
 * row, empty or not, and its spreadsheet row number; FALSE at the end (error
 * unset) or on failure. */
typedef struct
{
  gboolean (*read_row)    (gpointer    self,
                           DabiaoRow  *row,
                           guint      *row_number,
                           GError    **error);
  char   **(*list_sheets) (gpointer    self);
  void     (*free)        (gpointer    self);
} DabiaoTableBackend;

gpointer dabiao_csv_backend_open  (const char                *path,
                                   const char                *name,
                                   const DabiaoTableBackend **backend,
                                   GError                   **error);
gpointer dabiao_xlsx_backend_open (const char                *path,
                                   const char                *name,
                                   const char                *sheet,
                                   const DabiaoTableBackend **backend,
                                   GError                   **error);
gpointer dabiao_xls_backend_open  (const char                *path,
                                   const char                *name,
                                   const char                *sheet,
                                   const DabiaoTableBackend **backend,
                                   GError                   **error);

/* Helpers shared by readers and writers. */

/* @value as Excel's General format shows it ("172.5", "3.45", "1101"). */
void     dabiao_format_general  (char           *buf,
                                 gsize           size,
                                 double          value);
/* @value with exactly @decimals decimals, rounded half away from zero. */
void     dabiao_format_fixed    (char           *buf,
                                 gsize           size,
                                 double          value,
                                 guint           decimals);
/* Excel serial day (1900 system, with its fictitious 1900-02-29) to a date;
 * FALSE when out of range. */
gboolean dabiao_serial_to_date  (double          serial,
                                 int            *year,
                                 int            *month,
                                 int            *day,
                                 int            *seconds);
double   dabiao_date_to_serial  (const GDate    *date);
/* Whether @path ends in @suffix (".xlsx"), ignoring ASCII case. */
gboolean dabiao_table_has_suffix (const char *path,
                                  const char *suffix);
/* The header text normalised for matching (see find_column). */
char    *dabiao_table_normalize_header (const char *text);

G_END_DECLS
