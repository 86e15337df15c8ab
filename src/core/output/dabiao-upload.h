/* dabiao-upload.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-output.h"

G_BEGIN_DECLS

/* The national student data upload file (中国学生体质健康网 template):
 * one worksheet per school named by its 学校代码, fixed columns A–I
 * (年级编号 班级编号 班级名称 学籍号 民族代码 姓名 性别 出生日期 家庭住址), item
 * columns from J by grade group, 出生日期 an Excel date shown yyyy/m/d, 学籍号
 * and 民族代码 stored as text, one decimal for 身高 体重 50米跑 立定跳远
 * 坐位体前屈, integers for 肺活量 and counts, endurance runs as 分.秒.
 * A participant exempt (免测) from every item that applies is left out; one
 * exempt from some items is written with those cells empty (both are in
 * DabiaoUploadReport.exemptions, for the 免测名单).  A row with items
 * neither measured nor exempt is written too and named in
 * DabiaoUploadReport.incomplete.
 *
 * Every row is checked before anything is written; if one fails, no file
 * is written and the error (and the report) names each problem by sheet,
 * row and column.  The file appears complete or not at all (written beside
 * the target, then renamed). */

typedef struct
{
  /* Use the union of all item columns on every sheet instead of the
   * smallest grade-group set covering the school's grades. */
  gboolean union_columns;
  /* Add 右眼裸眼视力 and 左眼裸眼视力 after the items. */
  gboolean vision;
} DabiaoUploadOptions;

typedef struct
{
  guint      n_rows;      /* data rows written */
  guint      n_sheets;
  GPtrArray *exempt;      /* DabiaoResultsPerson* (not owned): left out, 免测 from everything */
  GPtrArray *exemptions;  /* DabiaoResultsPerson* (not owned): every person with a 免测 item, for the 免测名单 */
  GPtrArray *problems;    /* char*: one line per problem, "学校代码 1101 工作表 第 3 行 性别: …" */
  GPtrArray *incomplete;  /* char*: rows written with items neither measured nor exempt, naming them */
} DabiaoUploadReport;

void      dabiao_upload_report_free    (DabiaoUploadReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoUploadReport, dabiao_upload_report_free)

/* The item headers (J…) of the group covering @grades (年级编号, @n_grades of
 * them), as written: NULL-terminated, static strings. */
const char * const *dabiao_upload_item_columns (const int *grades,
                                                guint      n_grades,
                                                gboolean   union_columns);

/* 分.秒 for a time in seconds (225 → 3.45).  Seconds are rounded to whole
 * seconds first, so the part after the point is never above 59. */
double    dabiao_upload_min_sec        (double seconds);

/* Checks every row; fills @report (always, when not NULL). */
gboolean  dabiao_upload_validate       (GPtrArray                 *persons,
                                        const DabiaoUploadOptions *options,
                                        DabiaoUploadReport       **report,
                                        GError                   **error);

/* Writes @path: .xlsx directly, .xls through LibreOffice (headless) when it is
 * installed — otherwise an error saying how to install it. */
gboolean  dabiao_upload_write          (const char                *path,
                                        GPtrArray                 *persons,
                                        const DabiaoUploadOptions *options,
                                        DabiaoUploadReport       **report,
                                        GError                   **error);

/* The 免测名单 as .xlsx, one row per exemption: 学校代码 年级编号 班级名称
 * 学籍号 姓名 性别 免测项目 免测原因, and whether the person is in the upload
 * file (上传文件).  @persons: DabiaoUploadReport.exemptions. */
gboolean  dabiao_upload_write_exempt   (const char   *path,
                                        GPtrArray    *persons,
                                        GError      **error);

/* dabiao_upload_write in a worker thread.  @persons must stay unchanged
 * until the callback; the result is the DabiaoUploadReport. */
void                dabiao_upload_write_async  (const char                *path,
                                                GPtrArray                 *persons,
                                                const DabiaoUploadOptions *options,
                                                GCancellable              *cancellable,
                                                GAsyncReadyCallback        callback,
                                                gpointer                   user_data);
DabiaoUploadReport *dabiao_upload_write_finish (GAsyncResult              *result,
                                                GError                   **error);

G_END_DECLS
