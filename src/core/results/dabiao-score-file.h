/* dabiao-score-file.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-standard.h"
#include "dabiao-table.h"

G_BEGIN_DECLS

/* Batch scoring of a results sheet (the national upload layout), streaming
 * row by row: `dabiao-cli score` and the app's "score a spreadsheet".
 *
 * Columns are found by header (any order, (男)/(女) suffixes ignored): the
 * standard's group column (年级编号) or 年龄, 性别, and each item's header.
 * The output has every input column in place, then for each item with an
 * output column (data/standards/README.md, items.csv `output`) its value
 * and/or score, then 标准分, 附加分, 学年总分 (weighted) or 总分 (points), then
 * 等级 and 备注.  A score cell is empty where the item does not apply to the
 * row's group and sex; totals are empty unless every scored item has a
 * score; 备注 names every missing or unreadable value by its column.
 *
 * The output is written under a temporary name and renamed into place only
 * on success: a failure leaves no file behind. */

typedef struct
{
  guint n_rows;        /* data rows read */
  guint n_complete;    /* rows with totals */
  guint n_with_notes;  /* rows with a 备注 */
  guint n_unscored;    /* rows without any score (bad group or sex, nothing typed) */
} DabiaoScoreFileStats;

/* Fails (DABIAO_ERROR_BAD_FILE / _INVALID_INPUT / _EXPORT …, message naming
 * file, row and column) when the input cannot be read, a required column is
 * missing, the output cannot be written, or not a single row could be scored.
 * @output: a .csv or .xlsx path, or "-" for CSV on stdout.  @sheet: NULL for
 * the first worksheet. */
gboolean dabiao_score_file        (DabiaoStandard        *standard,
                                   const char            *input,
                                   const char            *sheet,
                                   const char            *output,
                                   DabiaoScoreFileStats  *stats,
                                   GError               **error);

/* The same for age-banded standards (natfit-2003) with the test date the
 * age is counted to from 出生日期 (2001-03-04 …; a 测试日期 cell of the row wins),
 * or NULL.  Columns: 年龄 (years, 3.5 for half years) or 出生日期; a row with
 * both uses 出生日期.  dabiao_score_file() is this with @test_date NULL. */
gboolean dabiao_score_file_full   (DabiaoStandard        *standard,
                                   const char            *input,
                                   const char            *sheet,
                                   const char            *output,
                                   const char            *test_date,
                                   DabiaoScoreFileStats  *stats,
                                   GError               **error);

typedef enum
{
  DABIAO_SCORE_FILE_DEFAULT        = 0,
  /* Write the sheet even when no row at all could be scored, or when there
   * are no data rows (an event's results before testing starts: every
   * participant gets a row with empty scores and a 备注).  Unreadable input,
   * missing columns and write errors still fail. */
  DABIAO_SCORE_FILE_KEEP_UNSCORED  = 1 << 0,
  /* Score values outside the item catalogue's plausible range (values a
   * person confirmed; `score --force`) instead of noting them in 备注. */
  DABIAO_SCORE_FILE_ACCEPT_IMPLAUSIBLE = 1 << 1,
} DabiaoScoreFileFlags;

/* dabiao_score_file_full() with @flags. */
gboolean dabiao_score_file_with_flags (DabiaoStandard        *standard,
                                       const char            *input,
                                       const char            *sheet,
                                       const char            *output,
                                       const char            *test_date,
                                       DabiaoScoreFileFlags   flags,
                                       DabiaoScoreFileStats  *stats,
                                       GError               **error);

/* The score columns' headers as both results sheets write them (a scored
 * file's and an event's): each item's output column(s), 标准分 附加分 学年总分
 * (weighted) or 总分 (points), 等级, 备注. */
void     dabiao_score_file_add_headers (DabiaoStandard    *standard,
                                        DabiaoTableWriter *writer);
/* The same for the items whose index is TRUE in @only (nullable: every
 * item; dabiao_results_scored_items()). */
void     dabiao_score_file_add_headers_for (DabiaoStandard    *standard,
                                            const gboolean    *only,
                                            DabiaoTableWriter *writer);

/* The same in a worker thread. */
void     dabiao_score_file_async  (DabiaoStandard        *standard,
                                   const char            *input,
                                   const char            *sheet,
                                   const char            *output,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data);
void     dabiao_score_file_full_async (DabiaoStandard     *standard,
                                       const char         *input,
                                       const char         *sheet,
                                       const char         *output,
                                       const char         *test_date,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
/* Finishes either. */
gboolean dabiao_score_file_finish (GAsyncResult          *result,
                                   DabiaoScoreFileStats  *stats,
                                   GError               **error);

G_END_DECLS
