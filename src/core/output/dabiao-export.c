/* dabiao-export.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-certificate-issue.h"
#include "dabiao-event-register.h"
#include "dabiao-error.h"
#include "dabiao-export.h"
#include "dabiao-fonts.h"
#include "dabiao-results-sheet.h"
#include "dabiao-results.h"
#include "dabiao-record-card.h"
#include "dabiao-standard.h"
#include "dabiao-summary.h"
#include "dabiao-upload.h"

static const char * const kind_names[] = {
  "upload", "summary", "results", "certificates", "badges", "cards",
};

const char *
dabiao_export_kind_to_string (DabiaoExportKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
dabiao_export_kind_from_string (const char       *name,
                                DabiaoExportKind *kind)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (name, kind_names[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

DabiaoExportRequest *
dabiao_export_request_new (DabiaoExportKind  kind,
                           const char       *output)
{
  DabiaoExportRequest *request = g_new0 (DabiaoExportRequest, 1);

  request->kind = kind;
  request->output = g_strdup (output);
  dabiao_badge_layout_init_default (&request->badges);
  return request;
}

DabiaoExportRequest *
dabiao_export_request_copy (const DabiaoExportRequest *request)
{
  DabiaoExportRequest *copy = g_memdup2 (request, sizeof *request);

  copy->output = g_strdup (request->output);
  copy->school_code = g_strdup (request->school_code);
  copy->school_name = g_strdup (request->school_name);
  copy->participants = g_strdupv (request->participants);
  copy->class_code = g_strdup (request->class_code);
  copy->exempt_list = g_strdup (request->exempt_list);
  copy->title = g_strdup (request->title);
  copy->tmpl = request->tmpl != NULL ? dabiao_certificate_template_copy (request->tmpl) : NULL;
  copy->min_level = g_strdup (request->min_level);
  copy->issue_date = g_strdup (request->issue_date);
  copy->school_year = g_strdup (request->school_year);
  return copy;
}

void
dabiao_export_request_free (DabiaoExportRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->output);
  g_free (request->school_code);
  g_free (request->school_name);
  g_strfreev (request->participants);
  g_free (request->class_code);
  g_free (request->exempt_list);
  g_free (request->title);
  dabiao_certificate_template_free (request->tmpl);
  g_free (request->min_level);
  g_free (request->issue_date);
  g_free (request->school_year);
  g_free (request);
}

static DabiaoExportReport *
report_new (const DabiaoExportRequest *request)
{
  DabiaoExportReport *report = g_new0 (DabiaoExportReport, 1);

  report->kind = request->kind;
  report->output = g_strdup (request->output);
  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
dabiao_export_report_free (DabiaoExportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->output);
  g_free (report->exempt_list);
  g_ptr_array_unref (report->problems);
  g_ptr_array_unref (report->warnings);
  g_free (report->message);
  g_free (report->glyph_warning);
  g_free (report);
}

/* ---- Checking the request ------------------------------------------------- */

static gboolean
has_extension (const char          *path,
               const char * const  *extensions)
{
  g_autofree char *lower = g_utf8_strdown (path, -1);

  for (guint i = 0; extensions[i] != NULL; i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

static gboolean
check_request (const DabiaoExportRequest  *request,
               GError                    **error)
{
  static const char * const upload[] = { ".xlsx", ".xls", NULL };
  static const char * const summary[] = { ".xlsx", NULL };
  static const char * const results[] = { ".csv", ".xlsx", NULL };
  static const char * const pdf[] = { ".pdf", NULL };
  const char * const *allowed;
  const char *expected;
  g_autofree char *base = NULL;

  if (request->output == NULL || *request->output == '\0')
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, _("Choose where to write the export"));
      return FALSE;
    }
  switch (request->kind)
    {
    case DABIAO_EXPORT_UPLOAD:
      allowed = upload, expected = ".xlsx, .xls";
      break;
    case DABIAO_EXPORT_SUMMARY:
      allowed = summary, expected = ".xlsx";
      break;
    case DABIAO_EXPORT_RESULTS:
      allowed = results, expected = ".csv, .xlsx";
      break;
    default:
      allowed = pdf, expected = ".pdf";
      break;
    }
  base = g_path_get_basename (request->output);
  if (!has_extension (request->output, allowed) && !g_str_equal (request->output, "-"))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s”: this export is written as %s; choose a file name ending so"), base, expected);
      return FALSE;
    }
  if ((request->participants != NULL || request->class_code != NULL)
      && (request->kind == DABIAO_EXPORT_UPLOAD || request->kind == DABIAO_EXPORT_SUMMARY
          || request->kind == DABIAO_EXPORT_RESULTS))
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("Participants and classes choose whom to print; the upload file, the summary and the results cover the whole event"));
      return FALSE;
    }
  if (request->min_level != NULL && dabiao_output_level_rank (request->min_level) == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” is not a level (优秀, 良好, 及格 or 一级…四级)"), request->min_level);
      return FALSE;
    }
  if (request->kind == DABIAO_EXPORT_BADGES && !dabiao_badge_layout_check (&request->badges, error))
    return FALSE;
  return TRUE;
}

/* ---- Persons ------------------------------------------------------------ */

/* Keeps the persons chosen with participants and class. */
static gboolean
select_persons (const DabiaoExportRequest  *request,
                GPtrArray                  *persons,
                GError                    **error)
{
  guint i = 0;

  if (request->participants == NULL && request->class_code == NULL)
    return TRUE;
  while (i < persons->len)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      gboolean keep = TRUE;

      if (request->participants != NULL)
        keep = p->id != NULL && g_strv_contains ((const char * const *) request->participants, p->id);
      if (keep && request->class_code != NULL)
        keep = g_strcmp0 (p->class_code, request->class_code) == 0;
      if (keep)
        i++;
      else
        g_ptr_array_remove_index (persons, i);
    }
  for (guint k = 0; request->participants != NULL && request->participants[k] != NULL; k++)
    {
      gboolean found = FALSE;

      for (i = 0; i < persons->len && !found; i++)
        found = g_strcmp0 (((DabiaoResultsPerson *) g_ptr_array_index (persons, i))->id,
                           request->participants[k]) == 0;
      if (!found)
        {
          if (request->class_code != NULL)
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                         _("No participant “%s” in class %s"), request->participants[k], request->class_code);
          else
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                         _("No participant “%s” in the event"), request->participants[k]);
          return FALSE;
        }
    }
  if (persons->len == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("No participant in class “%s”"), request->class_code);
      return FALSE;
    }
  return TRUE;
}

static void progress_pages (guint done, guint total, gpointer user_data);

/* The persons, with progress (the results of 100,000 students take a
 * while) and a way to stop. */
static GPtrArray *
load_persons (DabiaoEvent                *event,
              const DabiaoExportRequest  *request,
              gpointer                    progress,
              GCancellable               *cancellable,
              GError                    **error)
{
  DabiaoResultsOptions load = { request->school_code, request->school_name, cancellable,
                                progress != NULL ? progress_pages : NULL, progress };
  g_autoptr(GPtrArray) persons = dabiao_results_load_event (event, &load, error);

  if (persons == NULL || !select_persons (request, persons, error))
    return NULL;
  /* One order for paper; certificates are numbered in it. */
  if (request->kind == DABIAO_EXPORT_CERTIFICATES || request->kind == DABIAO_EXPORT_BADGES
      || request->kind == DABIAO_EXPORT_CARDS)
    dabiao_output_sort_for_paper (persons, request->order);
  return g_steal_pointer (&persons);
}

/* ---- The exports -------------------------------------------------------- */

static char *
exempt_list_path (const char *output)
{
  const char *dot = strrchr (output, '.');
  const char *slash = strrchr (output, '/');
  g_autofree char *stem = (dot != NULL && (slash == NULL || dot > slash))
                          ? g_strndup (output, dot - output) : g_strdup (output);

  return g_strconcat (stem, "-免测名单.xlsx", NULL);
}

static gboolean
export_upload (const DabiaoExportRequest  *request,
               GPtrArray                  *persons,
               DabiaoExportReport         *report,
               GError                    **error)
{
  DabiaoUploadOptions options = { request->union_columns, request->vision };
  g_autoptr(DabiaoUploadReport) upload = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *base = request->output;
  g_autoptr(GString) names = g_string_new (NULL);
  guint no_school = 0;

  /* One line, not one per person (a roster without the column would
   * flood the screen): how many, and the first few. */
  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

      if (!p->exempt && (p->school_code == NULL || p->school_code[0] == '\0'))
        {
          if (no_school++ < 5)
            g_string_append_printf (names, "%s%s（%s）", names->len > 0 ? "、" : "", p->name, p->id);
        }
    }
  if (no_school > 0)
    {
      g_ptr_array_add (report->problems,
                       /* TRANSLATORS: how many participants, the first five (name and id) */
                       g_strdup_printf (_("Without 学校代码 (%u): %s%s"), no_school, names->str,
                                        no_school > 5 ? "…" : ""));
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%u participants have no 学校代码: import a roster with a 学校代码 column, or give every participant's school code"),
                   no_school);
      return FALSE;
    }

  if (!dabiao_upload_write (request->output, persons, &options, &upload, &local_error))
    {
      if (upload == NULL || upload->problems->len == 0)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Every problem goes in the report (the CLI prints them, the app
       * lists them); the message only counts them. */
      for (guint i = 0; i < upload->problems->len; i++)
        g_ptr_array_add (report->problems, g_strdup (g_ptr_array_index (upload->problems, i)));
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   ngettext ("%s was not written: %u problem must be fixed first",
                             "%s was not written: %u problems must be fixed first", upload->problems->len),
                   base, upload->problems->len);
      return FALSE;
    }
  report->n_items = upload->n_rows;
  report->n_sheets = upload->n_sheets;
  report->message = g_strdup_printf (_("Wrote %u students in %u sheets to %s"), upload->n_rows, upload->n_sheets,
                                     base);
  /* Every exemption, by item: those exempt from everything are left out,
   * the others written with the exempt cells empty. */
  if (upload->exemptions->len > 0)
    {
      g_autofree char *list = request->exempt_list != NULL ? g_strdup (request->exempt_list)
                                                           : exempt_list_path (request->output);
      const char *list_base = list;
      char *message;

      if (!dabiao_upload_write_exempt (list, upload->exemptions, error))
        return FALSE;
      report->exempt_list = g_steal_pointer (&list);
      report->n_exempt = upload->exempt->len;
      message = g_strdup_printf (_("%s; %u students with exemptions listed in %s (%u exempt from everything, left out)"),
                                 report->message, upload->exemptions->len, list_base, upload->exempt->len);
      g_free (report->message);
      report->message = message;
    }
  if (upload->incomplete->len > 0)
    {
      char *message = g_strdup_printf (ngettext ("%s; warning: %u row has items without a result (neither measured nor exempt)",
                                                 "%s; warning: %u rows have items without a result (neither measured nor exempt)",
                                                 upload->incomplete->len),
                                       report->message, upload->incomplete->len);

      for (guint i = 0; i < upload->incomplete->len; i++)
        g_ptr_array_add (report->warnings, g_strdup (g_ptr_array_index (upload->incomplete, i)));
      g_free (report->message);
      report->message = message;
    }
  return TRUE;
}

static gboolean
export_summary (DabiaoEvent                *event,
                const DabiaoExportRequest  *request,
                GPtrArray                  *persons,
                DabiaoExportReport         *report,
                GError                    **error)
{
  g_autofree char *title = request->title ? g_strdup (request->title)
                                          : g_strdup_printf ("%s 汇总", dabiao_event_get_name (event));
  g_autoptr(DabiaoResults) results = dabiao_results_new_for_event (event, error);
  const char *base = request->output;

  if (results == NULL
      || !dabiao_summary_workbook_write (request->output, results, persons, title, error))
    return FALSE;
  report->n_items = persons->len;
  report->message = g_strdup_printf (_("Wrote the summary of %u participants to %s"), persons->len, base);
  return TRUE;
}

/* The check before drawing (and before any certificate number is taken):
 * names, schools, classes and @texts that no installed font can draw.
 * Allowed, the problems are added to the report's message. */
static gboolean
check_glyphs (const DabiaoExportRequest  *request,
              DabiaoExportReport         *report,
              GPtrArray                  *persons,
              const char * const         *texts,
              DabiaoFontStyle             style,
              GError                    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (dabiao_output_check_glyphs (persons, texts, style, &local_error))
    return TRUE;
  if (!request->allow_missing_glyphs)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_free (report->glyph_warning);
  report->glyph_warning = g_strdup (local_error->message);
  return TRUE;
}

/* Certificates, badges or cards; for certificates also the run that
 * records them. */
static DabiaoPages *
build_pages (DabiaoEvent                *event,
             const DabiaoExportRequest  *request,
             GPtrArray                  *persons,
             DabiaoCertificateRun      **run_out,
             DabiaoExportReport         *report,
             GError                    **error)
{
  g_autoptr(DabiaoPages) pages = NULL;
  /* Messages name the output as it was given (the CLI's user typed it). */
  const char *base = request->output != NULL ? request->output : "";

  switch (request->kind)
    {
    case DABIAO_EXPORT_CERTIFICATES:
      {
        g_autoptr(DabiaoCertificateTemplate) tmpl = NULL;
        DabiaoCertificateRequest cr = { NULL, request->min_level, request->reissue, request->issue_date,
                                        request->year };
        g_autoptr(DabiaoCertificateRun) run = NULL;

        tmpl = request->tmpl != NULL ? dabiao_certificate_template_copy (request->tmpl)
                                     : dabiao_certificate_event_template (event, NULL, error);
        if (tmpl == NULL)
          return NULL;
        if (request->has_paper)
          tmpl->paper = request->paper;
        cr.tmpl = tmpl;
        {
          const char *texts[] = { tmpl->title, tmpl->issuer, NULL };
          const char *min_level = request->min_level != NULL ? request->min_level : tmpl->min_level;
          g_autoptr(GPtrArray) eligible = g_ptr_array_new ();

          for (guint i = 0; i < persons->len; i++)
            if (dabiao_certificate_eligible (min_level, g_ptr_array_index (persons, i)))
              g_ptr_array_add (eligible, g_ptr_array_index (persons, i));
          if (!check_glyphs (request, report, eligible, texts, DABIAO_FONT_SERIF, error))
            return NULL;
        }
        run = dabiao_certificate_run_new (event, persons, &cr, error);
        if (run == NULL)
          return NULL;
        pages = dabiao_certificate_run_get_pages (run);
        dabiao_certificate_run_get_counts (run, &report->n_new, &report->n_reprints, &report->n_reissues,
                                           &report->n_outdated);
        report->n_items = dabiao_pages_get_n_pages (pages);
        report->message = g_strdup_printf (_("%u certificates to %s: %u new, %u printed again as issued, %u reissued (补发)"),
                                           report->n_items, base, report->n_new, report->n_reprints,
                                           report->n_reissues);
        if (report->n_outdated > 0)
          {
            char *message = g_strdup_printf (_("%s; %u of those printed again show a level or total that has changed since; reissue them to print the new one"),
                                             report->message, report->n_outdated);

            g_free (report->message);
            report->message = message;
          }
        *run_out = g_steal_pointer (&run);
      }
      break;

    case DABIAO_EXPORT_BADGES:
      {
        DabiaoBadgeLayout layout = request->badges;

        if (request->has_paper)
          layout.paper = request->paper;
        if (!dabiao_badge_layout_check (&layout, error))
          return NULL;
        if (persons->len == 0)
          {
            g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                                 _("This event has no participants: no badge to print"));
            return NULL;
          }
        {
          const char *texts[] = { dabiao_event_get_name (event), NULL };

          if (!check_glyphs (request, report, persons, texts, DABIAO_FONT_SANS, error))
            return NULL;
        }
        pages = dabiao_badges_pages_new (&layout, dabiao_event_get_name (event), persons);
        report->n_items = persons->len;
        report->message = g_strdup_printf (_("Wrote %u badges on %u pages to %s"), persons->len,
                                           dabiao_pages_get_n_pages (pages), base);
      }
      break;

    case DABIAO_EXPORT_CARDS:
    default:
      {
        const char *texts[] = { request->school_year, NULL };

        if (!check_glyphs (request, report, persons, texts, DABIAO_FONT_SANS, error))
          return NULL;
      }
      pages = dabiao_record_cards_pages_new_for_paper (persons, request->school_year,
                                                       request->has_paper ? request->paper
                                                                          : DABIAO_PAPER_A4_LANDSCAPE);
      if (pages == NULL || dabiao_pages_get_n_pages (pages) == 0)
        {
          g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                               _("No students in the event (record cards are for students with a 年级编号)"));
          return NULL;
        }
      report->n_items = dabiao_pages_get_n_pages (pages);
      report->message = g_strdup_printf (_("Wrote %u record cards to %s"), report->n_items, base);
      break;
    }
  report->n_pages = dabiao_pages_get_n_pages (pages);
  return g_steal_pointer (&pages);
}

typedef struct
{
  DabiaoExportProgressFunc  func;
  gpointer                  data;
  double                    from;
  double                    to;
  const char               *what;
} Progress;

static void
progress_pages (guint    done,
                guint    total,
                gpointer user_data)
{
  Progress *p = user_data;

  if (p->func != NULL)
    p->func (p->from + (p->to - p->from) * done / MAX (total, 1), p->what, p->data);
}

static gboolean
export_pdf (DabiaoEvent                *event,
            const DabiaoExportRequest  *request,
            GPtrArray                  *persons,
            Progress                   *progress,
            GCancellable               *cancellable,
            DabiaoExportReport         *report,
            GError                    **error)
{
  g_autoptr(DabiaoCertificateRun) run = NULL;
  g_autoptr(DabiaoPages) pages = build_pages (event, request, persons, &run, report, error);
  g_autoptr(GError) commit_error = NULL;

  if (pages == NULL)
    return FALSE;
  if (run != NULL && request->store_template && request->tmpl != NULL
      && !dabiao_certificate_event_store_template (event, request->tmpl, error))
    return FALSE;
  progress->what = _("Drawing the pages…");
  if (!dabiao_pages_write_pdf_full (pages, request->output, progress_pages, progress, cancellable, error))
    return FALSE;
  /* The PDF is complete and in place: now the numbers are spent.  If that
   * fails, the PDF goes too, so no certificate exists that the event does
   * not know. */
  if (run != NULL && !dabiao_certificate_run_commit (run, &commit_error))
    {
      g_unlink (request->output);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("The certificates could not be recorded in the event, so the PDF was removed: %s"),
                   commit_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
dabiao_export_run (DabiaoEvent                *event,
                   const DabiaoExportRequest  *request,
                   DabiaoExportProgressFunc    progress_func,
                   gpointer                    progress_data,
                   GCancellable               *cancellable,
                   DabiaoExportReport        **report_out,
                   GError                    **error)
{
  g_autoptr(DabiaoExportReport) report = report_new (request);
  g_autoptr(GPtrArray) persons = NULL;
  Progress progress = { progress_func, progress_data, 0.3, 0.98, NULL };
  gboolean ok = FALSE;

  g_return_val_if_fail (DABIAO_IS_EVENT (event), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  if (!check_request (request, error))
    goto out;
  /* The national upload file is the students' (findings-15b #5: a public
   * day was told to import a roster with 学校代码). */
  if (request->kind == DABIAO_EXPORT_UPLOAD)
    {
      g_autoptr(DabiaoStandard) standard = dabiao_standard_load (dabiao_event_get_standard (event), NULL);

      if (standard != NULL && dabiao_standard_get_group_by (standard) == DABIAO_GROUP_BY_AGE)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("The national upload file (国家学生体质健康标准数据) is for student events scored against "
                         "the students' standard; this event is scored against %s and has no 学校代码 or 年级: "
                         "write its results sheet (export results, 成绩表) or its summary (export summary, 汇总表) "
                         "instead"), dabiao_standard_get_name (standard));
          goto out;
        }
    }
  if (progress_func != NULL)
    progress_func (0.02, _("Reading the results…"), progress_data);

  if (request->kind == DABIAO_EXPORT_RESULTS)
    {
      const char *base = request->output;

      g_autofree char *where = request->full_ids ? g_strdup_printf ("results %s", request->output) : NULL;

      /* Identity numbers whole only into a file the audit names. */
      ok = !g_cancellable_set_error_if_cancelled (cancellable, error)
           && (!request->full_ids || dabiao_event_note_full_ids (event, where, NULL, error))
           && dabiao_results_sheet_write_ids (event, request->output, request->full_ids, &report->n_items, error);
      if (ok)
        report->message = g_strdup_printf (_("Wrote the results of %u participants to %s"), report->n_items, base);
      goto out;
    }

  {
    Progress reading = { progress_func, progress_data, 0.02, 0.3, _("Reading the results…") };

    persons = load_persons (event, request, &reading, cancellable, error);
  }
  if (persons == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (progress_func != NULL)
    progress_func (0.3, _("Writing…"), progress_data);

  switch (request->kind)
    {
    case DABIAO_EXPORT_UPLOAD:
      ok = export_upload (request, persons, report, error);
      break;
    case DABIAO_EXPORT_SUMMARY:
      ok = export_summary (event, request, persons, report, error);
      break;
    default:
      ok = export_pdf (event, request, persons, &progress, cancellable, report, error);
      break;
    }

out:
  if (ok && progress_func != NULL)
    progress_func (1.0, _("Done"), progress_data);
  if (report_out != NULL && (ok || report->problems->len > 0))
    *report_out = g_steal_pointer (&report);
  return ok;
}

/* ---- Async -------------------------------------------------------------- */

typedef struct
{
  DabiaoExportRequest      *request;
  DabiaoExportProgressFunc  func;
  gpointer                  data;
  GMainContext             *context;
  GMutex                    lock;
  double                    fraction;
  char                     *what;
  gboolean                  pending;   /* an idle is on its way */
  gboolean                  finished;  /* the callback ran: no more progress */
  DabiaoExportReport       *report;
  GAsyncReadyCallback       callback;
  gpointer                  user_data;
  gint                      ref_count;
} RunData;

static RunData *
run_data_ref (RunData *rd)
{
  g_atomic_int_inc (&rd->ref_count);
  return rd;
}

static void
run_data_unref (RunData *rd)
{
  if (!g_atomic_int_dec_and_test (&rd->ref_count))
    return;
  dabiao_export_request_free (rd->request);
  g_main_context_unref (rd->context);
  g_mutex_clear (&rd->lock);
  g_free (rd->what);
  dabiao_export_report_free (rd->report);
  g_free (rd);
}

static gboolean
deliver_progress (gpointer user_data)
{
  RunData *rd = user_data;
  double fraction;
  g_autofree char *what = NULL;

  g_mutex_lock (&rd->lock);
  rd->pending = FALSE;
  fraction = rd->fraction;
  what = g_strdup (rd->what);
  g_mutex_unlock (&rd->lock);
  if (!rd->finished && rd->func != NULL)
    rd->func (fraction, what, rd->data);
  return G_SOURCE_REMOVE;
}

/* On the worker: keep the latest, post one idle at a time (and at most
 * every 50 ms), so a fast export does not flood the main loop. */
static void
post_progress (double      fraction,
               const char *what,
               gpointer    user_data)
{
  RunData *rd = user_data;
  gboolean post;

  g_mutex_lock (&rd->lock);
  rd->fraction = fraction;
  g_free (rd->what);
  rd->what = g_strdup (what);
  post = !rd->pending;
  rd->pending = TRUE;
  g_mutex_unlock (&rd->lock);
  if (post)
    {
      g_autoptr(GSource) source = g_timeout_source_new (50);

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_progress, run_data_ref (rd), (GDestroyNotify) run_data_unref);
      g_source_attach (source, rd->context);
    }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *rd = task_data;
  GError *error = NULL;
  DabiaoExportReport *report = NULL;
  gboolean ok = dabiao_export_run (source_object, rd->request, post_progress, rd, cancellable, &report, &error);

  rd->report = report;
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RunData *rd = g_task_get_task_data (G_TASK (result));

  rd->finished = TRUE;
  rd->callback (source, result, rd->user_data);
}

void
dabiao_export_run_async (DabiaoEvent                *event,
                         const DabiaoExportRequest  *request,
                         DabiaoExportProgressFunc    progress,
                         gpointer                    progress_data,
                         GCancellable               *cancellable,
                         GAsyncReadyCallback         callback,
                         gpointer                    user_data)
{
  RunData *rd = g_new0 (RunData, 1);
  g_autoptr(GTask) task = NULL;

  rd->ref_count = 1;
  rd->request = dabiao_export_request_copy (request);
  rd->func = progress;
  rd->data = progress_data;
  rd->context = g_main_context_ref_thread_default ();
  g_mutex_init (&rd->lock);
  rd->callback = callback;
  rd->user_data = user_data;
  task = g_task_new (event, cancellable, run_done, NULL);
  g_task_set_source_tag (task, dabiao_export_run_async);
  g_task_set_task_data (task, rd, (GDestroyNotify) run_data_unref);
  dabiao_event_run_in_worker (event, task, run_thread);
}

DabiaoExportReport *
dabiao_export_run_finish (DabiaoEvent   *event,
                          GAsyncResult  *result,
                          gboolean      *ok,
                          GError       **error)
{
  RunData *rd;
  gboolean success;

  g_return_val_if_fail (g_task_is_valid (result, event), NULL);

  rd = g_task_get_task_data (G_TASK (result));
  success = g_task_propagate_boolean (G_TASK (result), error);
  if (ok != NULL)
    *ok = success;
  return g_steal_pointer (&rd->report);
}

/* ---- Pages for printing ----------------------------------------------- */

struct _DabiaoExportPages
{
  DabiaoEvent          *event;
  DabiaoPages          *pages;
  DabiaoCertificateRun *run;
  DabiaoExportReport   *report;
  gboolean              store_template;
  DabiaoCertificateTemplate *tmpl;
};

void
dabiao_export_pages_free (DabiaoExportPages *ep)
{
  if (ep == NULL)
    return;
  g_object_unref (ep->event);
  g_clear_pointer (&ep->pages, dabiao_pages_unref);
  dabiao_certificate_run_free (ep->run);
  dabiao_export_report_free (ep->report);
  dabiao_certificate_template_free (ep->tmpl);
  g_free (ep);
}

static void
pages_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const DabiaoExportRequest *request = task_data;
  DabiaoEvent *event = source_object;
  g_autoptr(DabiaoExportPages) ep = g_new0 (DabiaoExportPages, 1);
  g_autoptr(GPtrArray) persons = NULL;
  GError *error = NULL;

  ep->event = g_object_ref (event);
  ep->report = report_new (request);
  ep->store_template = request->store_template;
  ep->tmpl = request->tmpl != NULL ? dabiao_certificate_template_copy (request->tmpl) : NULL;
  if (request->kind != DABIAO_EXPORT_CERTIFICATES && request->kind != DABIAO_EXPORT_BADGES
      && request->kind != DABIAO_EXPORT_CARDS)
    {
      g_task_return_new_error (task, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                               _("Only certificates, badges and record cards can be printed"));
      return;
    }
  persons = load_persons (event, request, NULL, cancellable, &error);
  if (persons != NULL && !g_cancellable_set_error_if_cancelled (cancellable, &error))
    ep->pages = build_pages (event, request, persons, &ep->run, ep->report, &error);
  if (ep->pages == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&ep), (GDestroyNotify) dabiao_export_pages_free);
}

void
dabiao_export_pages_new_async (DabiaoEvent                *event,
                               const DabiaoExportRequest  *request,
                               GCancellable               *cancellable,
                               GAsyncReadyCallback         callback,
                               gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (event, cancellable, callback, user_data);

  g_task_set_source_tag (task, dabiao_export_pages_new_async);
  g_task_set_task_data (task, dabiao_export_request_copy (request), (GDestroyNotify) dabiao_export_request_free);
  dabiao_event_run_in_worker (event, task, pages_thread);
}

DabiaoExportPages *
dabiao_export_pages_new_finish (DabiaoEvent   *event,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, event), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

DabiaoPages *
dabiao_export_pages_get_pages (DabiaoExportPages *ep)
{
  return ep->pages;
}

const DabiaoExportReport *
dabiao_export_pages_get_report (DabiaoExportPages *ep)
{
  return ep->report;
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DabiaoExportPages *ep = task_data;
  GError *error = NULL;

  if (ep->run != NULL && ep->store_template && ep->tmpl != NULL
      && !dabiao_certificate_event_store_template (ep->event, ep->tmpl, &error))
    g_task_return_error (task, error);
  else if (ep->run != NULL && !dabiao_certificate_run_commit (ep->run, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
dabiao_export_pages_commit_async (DabiaoExportPages   *ep,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (ep->event, cancellable, callback, user_data);

  /* @ep must stay alive until the callback (the caller owns it). */
  g_task_set_source_tag (task, dabiao_export_pages_commit_async);
  g_task_set_task_data (task, ep, NULL);
  dabiao_event_run_in_worker (ep->event, task, commit_thread);
}

gboolean
dabiao_export_pages_commit_finish (DabiaoExportPages  *ep,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, ep->event), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
