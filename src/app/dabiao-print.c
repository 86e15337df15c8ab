/* dabiao-print.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-print.h"

static void
show_error (GtkWindow    *parent,
            const char   *heading,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              DabiaoPages       *pages)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  dabiao_pages_draw (pages, cr, page_nr);
}

GtkPrintOperation *
dabiao_print_operation_new (DabiaoPages *pages,
                            const char  *job_name)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  DabiaoPaper kind = dabiao_pages_get_paper (pages);
  gboolean a5 = kind == DABIAO_PAPER_A5_PORTRAIT || kind == DABIAO_PAPER_A5_LANDSCAPE;
  gboolean landscape = kind == DABIAO_PAPER_A4_LANDSCAPE || kind == DABIAO_PAPER_A5_LANDSCAPE;

  paper = gtk_paper_size_new (a5 ? GTK_PAPER_NAME_A5 : GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, landscape ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                   : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_job_name (operation, job_name != NULL ? job_name : g_get_application_name ());
  gtk_print_operation_set_n_pages (operation, dabiao_pages_get_n_pages (pages));
  /* The pages lay themselves out on the whole sheet, in points. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb),
                         dabiao_pages_ref (pages), (GClosureNotify) (void (*) (void)) dabiao_pages_unref, 0);
  return operation;
}

typedef struct
{
  GtkWindow           *parent;
  DabiaoExportPages   *pages;       /* NULL: plain pages, nothing to record */
  DabiaoPrintDoneFunc  done;
  DabiaoPrintResultFunc result_done;  /* instead of @done: the result itself, no error dialog */
  DabiaoPrintNoAnswerFunc no_answer;  /* nothing after DABIAO_PRINTER_PATIENCE_S */
  guint                patience;    /* its timeout */
  gpointer             user_data;
  gboolean             in_run;      /* inside gtk_print_operation_run() */
  gboolean             has_result;  /* "done" came during the run */
  GtkPrintOperationResult result;
  gboolean             handled;
} PrintJob;

static void
print_job_finish_full (PrintJob                *job,
                       GtkPrintOperationResult  result,
                       const GError            *error)
{
  if (job->done != NULL)
    job->done (result == GTK_PRINT_OPERATION_RESULT_APPLY, job->user_data);
  g_clear_handle_id (&job->patience, g_source_remove);
  if (job->result_done != NULL)
    job->result_done (result, error, job->user_data);
  g_clear_object (&job->parent);
  g_clear_pointer (&job->pages, dabiao_export_pages_free);
  g_free (job);
}

static void
print_job_finish (PrintJob *job,
                  gboolean  printed)
{
  print_job_finish_full (job, printed ? GTK_PRINT_OPERATION_RESULT_APPLY : GTK_PRINT_OPERATION_RESULT_ERROR, NULL);
}

static void
committed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PrintJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!dabiao_export_pages_commit_finish (job->pages, result, &error))
    show_error (job->parent, _("The printed certificates could not be recorded in the event"), error);
  print_job_finish (job, error == NULL);
}

/* Once per job, whether "done" or the run's return value says it first;
 * never inside the run (the job must outlive it). */
static void
print_result (GtkPrintOperation       *operation,
              GtkPrintOperationResult  result,
              PrintJob                *job)
{
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    return;
  if (job->in_run)
    {
      if (!job->has_result)
        job->result = result, job->has_result = TRUE;
      return;
    }
  if (job->handled)
    return;
  job->handled = TRUE;
  g_clear_handle_id (&job->patience, g_source_remove);
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY && job->pages != NULL)
    {
      /* Sent to the printer: now the certificate numbers are spent. */
      dabiao_export_pages_commit_async (job->pages, NULL, committed_cb, job);
      return;
    }
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL && job->result_done == NULL)
        show_error (job->parent, _("Printing failed"), error);
      print_job_finish_full (job, result, error);
      return;
    }
  print_job_finish_full (job, result, NULL);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  print_result (operation, result, user_data);
}

static gboolean
patience_cb (gpointer user_data)
{
  PrintJob *job = user_data;

  job->patience = 0;
  job->no_answer (job->user_data);
  return G_SOURCE_REMOVE;
}

/* Runs @operation for @job; the job ends once, in print_result(). */
static void
run_job (PrintJob                *job,
         GtkPrintOperation       *operation,
         GtkPrintOperationAction  action,
         const char              *export_path)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = job->parent;
  GtkPrintOperationResult result;

  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);
  /* The operation keeps itself alive while it runs asynchronously. */
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), job);
  if (job->no_answer != NULL)
    job->patience = g_timeout_add_seconds (DABIAO_PRINTER_PATIENCE_S, patience_cb, job);
  job->in_run = TRUE;
  result = gtk_print_operation_run (operation, action, parent, &error);
  job->in_run = FALSE;
  if (job->has_result)
    result = job->result;
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    {
      job->handled = TRUE;
      if (job->result_done == NULL)
        show_error (parent, _("Printing failed"), error);
      print_job_finish_full (job, result, error);
      return;
    }
  print_result (operation, result, job);
}

void
dabiao_print_export_pages (GtkWindow               *parent,
                           DabiaoExportPages       *pages,
                           const char              *job_name,
                           GtkPrintOperationAction  action,
                           const char              *export_path,
                           DabiaoPrintDoneFunc      done,
                           gpointer                 user_data)
{
  g_autoptr(GtkPrintOperation) operation = dabiao_print_operation_new (dabiao_export_pages_get_pages (pages), job_name);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->pages = pages;
  job->done = done;
  job->user_data = user_data;
  run_job (job, operation, action, export_path);
}

/* A job to the default printer without a dialog; @export_pages (nullable)
 * are recorded once sent. */
static void
print_to_default (GtkWindow               *parent,
                  DabiaoPages             *pages,
                  DabiaoExportPages       *export_pages,
                  const char              *job_name,
                  DabiaoPrintResultFunc    done,
                  DabiaoPrintNoAnswerFunc  no_answer,
                  gpointer                 user_data)
{
  g_autoptr(GtkPrintOperation) operation = dabiao_print_operation_new (pages, job_name);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->pages = export_pages;
  job->result_done = done;
  job->no_answer = no_answer;
  job->user_data = user_data;
  run_job (job, operation, GTK_PRINT_OPERATION_ACTION_PRINT, NULL);
}

void
dabiao_print_pages_to_default (GtkWindow               *parent,
                               DabiaoPages             *pages,
                               const char              *job_name,
                               DabiaoPrintResultFunc    done,
                               DabiaoPrintNoAnswerFunc  no_answer,
                               gpointer                 user_data)
{
  print_to_default (parent, pages, NULL, job_name, done, no_answer, user_data);
}

void
dabiao_print_export_pages_to_default (GtkWindow               *parent,
                                      DabiaoExportPages       *pages,
                                      const char              *job_name,
                                      DabiaoPrintResultFunc    done,
                                      DabiaoPrintNoAnswerFunc  no_answer,
                                      gpointer                 user_data)
{
  print_to_default (parent, dabiao_export_pages_get_pages (pages), pages, job_name, done, no_answer, user_data);
}
