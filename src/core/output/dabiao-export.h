/* dabiao-export.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-badge.h"
#include "dabiao-certificate.h"
#include "dabiao-event.h"
#include "dabiao-output-order.h"

G_BEGIN_DECLS

/* Every export of an event, behind one function that both `dabiao-cli
 * export`/`results` and the application's 导出 dialog call, so that the app
 * writes exactly what the CLI writes: the national upload file (.xlsx or
 * .xls, with its 免测名单), the summary workbook, the results sheet (csv or
 * xlsx), certificates, badges and record cards (PDF).  Everything is
 * written under a temporary name and renamed into place; certificates are
 * recorded in the event only after their PDF exists. */

typedef enum
{
  DABIAO_EXPORT_UPLOAD,
  DABIAO_EXPORT_SUMMARY,
  DABIAO_EXPORT_RESULTS,
  DABIAO_EXPORT_CERTIFICATES,
  DABIAO_EXPORT_BADGES,
  DABIAO_EXPORT_CARDS,
} DabiaoExportKind;

/* "upload", "summary", "results", "certificates", "badges", "cards". */
const char *dabiao_export_kind_to_string   (DabiaoExportKind  kind);
gboolean    dabiao_export_kind_from_string (const char       *name,
                                            DabiaoExportKind *kind);

typedef struct
{
  DabiaoExportKind           kind;
  char                      *output;
  /* Every participant's 学校代码 / the school printed (NULL: each one's). */
  char                      *school_code;
  char                      *school_name;
  /* Printed outputs: only these participants, or this class (班级编号). */
  GStrv                      participants;
  char                      *class_code;
  /* upload */
  gboolean                   union_columns;
  gboolean                   vision;
  char                      *exempt_list;    /* NULL: beside the output, -免测名单.xlsx */
  /* summary */
  char                      *title;          /* NULL: "<活动名称> 汇总" */
  /* results: the 身份证号 whole (audited: dabiao_event_note_full_ids(), so
   * the event must be writable), else masked */
  gboolean                   full_ids;
  /* certificates */
  DabiaoCertificateTemplate *tmpl;           /* NULL: the event's */
  gboolean                   store_template; /* keep @tmpl as the event's template */
  char                      *min_level;
  gboolean                   reissue;
  char                      *issue_date;
  int                        year;
  /* certificates, badges, cards: the paper (badges: request->badges.paper
   * unless set here; cards: the A4 landscape form scaled and turned) */
  gboolean                   has_paper;
  DabiaoPaper                paper;
  /* certificates, badges, cards: the order on paper (and of new numbers);
   * default school → grade → class → 学籍号 */
  DabiaoPaperOrder           order;
  /* certificates, badges, cards: print even when no installed font can
   * draw a character of a name (it shows as a box); otherwise the export
   * fails with DABIAO_ERROR_GLYPHS naming each one, before anything is
   * drawn or issued */
  gboolean                   allow_missing_glyphs;
  /* badges */
  DabiaoBadgeLayout          badges;         /* dabiao_export_request_new() sets the default */
  /* cards */
  char                      *school_year;
} DabiaoExportRequest;

DabiaoExportRequest *dabiao_export_request_new  (DabiaoExportKind           kind,
                                                 const char                *output);
DabiaoExportRequest *dabiao_export_request_copy (const DabiaoExportRequest *request);
void                 dabiao_export_request_free (DabiaoExportRequest       *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoExportRequest, dabiao_export_request_free)

typedef struct
{
  DabiaoExportKind  kind;
  char             *output;
  guint             n_items;      /* students, participants, certificates, badges or cards */
  guint             n_pages;      /* PDFs */
  guint             n_sheets;     /* upload */
  char             *exempt_list;  /* upload: the 免测名单 written, or NULL */
  guint             n_exempt;
  guint             n_new;        /* certificates */
  guint             n_reprints;
  guint             n_reissues;
  guint             n_outdated;
  /* Upload validation: every problem, one line each (sheet, row, student,
   * column); the call failed and nothing was written. */
  GPtrArray        *problems;
  /* Written all the same, but a person should know: upload rows with items
   * neither measured nor exempt, one line each (sheet, row, student, items). */
  GPtrArray        *warnings;
  char             *message;      /* what was written, one sentence for a person */
  /* allow_missing_glyphs: the characters that printed as boxes (the
   * message DABIAO_ERROR_GLYPHS would have had), or NULL */
  char             *glyph_warning;
} DabiaoExportReport;

void dabiao_export_report_free (DabiaoExportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoExportReport, dabiao_export_report_free)

/* Progress: @fraction 0…1 of the whole export and what is being done. */
typedef void (*DabiaoExportProgressFunc) (double      fraction,
                                          const char *what,
                                          gpointer    user_data);

/* Runs the export.  Synchronous (CLI, worker threads); @progress is called
 * on this thread.  Cancelled (@cancellable) it writes nothing and spends
 * no certificate number.  @report (nullable) is set also on failure when
 * there is something to say (the upload's problems). */
gboolean dabiao_export_run        (DabiaoEvent                *event,
                                   const DabiaoExportRequest  *request,
                                   DabiaoExportProgressFunc    progress,
                                   gpointer                    progress_data,
                                   GCancellable               *cancellable,
                                   DabiaoExportReport        **report,
                                   GError                    **error);
/* On the event's worker thread; @progress is called on the caller's main
 * context (at most ~20 times a second), never after @callback. */
void     dabiao_export_run_async  (DabiaoEvent                *event,
                                   const DabiaoExportRequest  *request,
                                   DabiaoExportProgressFunc    progress,
                                   gpointer                    progress_data,
                                   GCancellable               *cancellable,
                                   GAsyncReadyCallback         callback,
                                   gpointer                    user_data);
/* The report, also on failure when there is one (then @error is set and
 * FALSE returned through @ok). */
DabiaoExportReport *dabiao_export_run_finish (DabiaoEvent   *event,
                                              GAsyncResult  *result,
                                              gboolean      *ok,
                                              GError       **error);

/* Printing instead of a file (the app's print dialog): the pages of a
 * printed export (certificates, badges, cards) built on the event's
 * worker; for certificates nothing is recorded until
 * dabiao_export_pages_commit_async() after the print job succeeded. */
typedef struct _DabiaoExportPages DabiaoExportPages;

void               dabiao_export_pages_new_async    (DabiaoEvent                *event,
                                                     const DabiaoExportRequest  *request,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
DabiaoExportPages *dabiao_export_pages_new_finish   (DabiaoEvent                *event,
                                                     GAsyncResult               *result,
                                                     GError                    **error);
DabiaoPages       *dabiao_export_pages_get_pages    (DabiaoExportPages          *pages);
/* Counts and a sentence, as dabiao_export_run() reports them. */
const DabiaoExportReport *dabiao_export_pages_get_report (DabiaoExportPages     *pages);
void               dabiao_export_pages_commit_async (DabiaoExportPages          *pages,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data);
gboolean           dabiao_export_pages_commit_finish (DabiaoExportPages         *pages,
                                                      GAsyncResult              *result,
                                                      GError                   **error);
void               dabiao_export_pages_free         (DabiaoExportPages          *pages);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoExportPages, dabiao_export_pages_free)

G_END_DECLS
