/* dabiao-table-private.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-table.h"

G_BEGIN_DECLS

/* One row being built by a backend: cells by column, texts packed in one
 * buffer (NUL-separated) so that a row costs no allocation once warm. */
typedef struct
{
  GArray  *cells;    /* DabiaoCell; .text is fixed up by dabiao_row_finish() */
  GArray  *offsets;  /* gsize: offset of each cell's text in @text */
  GString *text;
} DabiaoRow;

void     dabiao_row_init        (DabiaoRow      *row);
void     dabiao_row_clear       (DabiaoRow      *row);
void     dabiao_row_reset       (DabiaoRow      *row);
/* Set a cell; @text is trimmed; a STRING that trims to "" becomes EMPTY.
 * Columns between the last set one and @column become EMPTY. */
void     dabiao_row_set         (DabiaoRow      *row,
                                 guint           column,
                                 DabiaoCellKind  kind,
                                 const char     *text,
                                 gssize          len,
                                 double          number);
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
/* The header text normalised for matching (see find_column). */
char    *dabiao_table_normalize_header (const char *text);

G_END_DECLS
