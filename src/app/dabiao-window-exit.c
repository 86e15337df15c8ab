/* dabiao-window-exit.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-exit-page.h"
#include "dabiao-file-chooser.h"
#include "dabiao-print.h"
#include "dabiao-window-private.h"

/* The 发证 page's wiring.  Every scan reads the event afresh on its worker
 * (dabiao_exit_desk_load: results, certificate register), so results
 * recorded at the stations a moment ago count.  A certificate is issued
 * through the export of certificates (dabiao_export_run with
 * dabiao_exit_desk_request_new, as `dabiao-cli export certificates
 * --participant ID` does): into certificate-folder as a PDF when that key
 * names a folder, else to the default printer without a dialog; numbers
 * are spent only when the PDF exists or the job was sent.  No printer
 * (none found, or none answering within DABIAO_PRINTER_PATIENCE_S, as for
 * badges): said, with 存为 PDF…, whose folder becomes the certificate
 * folder. */

typedef struct
{
  DabiaoExitDesk *desk;
  char           *show;    /* the person to show afterwards, or NULL */
  char           *where;   /* just issued there (a PDF, or the printer's words), or NULL */
  char           *failed;  /* why issuing failed, or NULL: said after the person is shown */
  guint           scans;   /* exit_scans when asked */
} LoadData;

static void
load_data_free (LoadData *data)
{
  dabiao_exit_desk_free (data->desk);
  g_free (data->show);
  g_free (data->where);
  g_free (data->failed);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  data->desk = dabiao_exit_desk_load (source_object, &error);
  if (data->desk == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_exit_page_set_message (self->exit_page, error->message, TRUE);
      return;
    }
  dabiao_exit_page_set_desk (self->exit_page, g_steal_pointer (&data->desk));
  /* A badge scanned since this was asked: its answer comes next and shows
   * that person; this one only brings the figures up to date. */
  if (data->show != NULL && data->scans == self->exit_scans)
    dabiao_exit_page_show (self->exit_page, data->show);
  /* Showing the person clears the message line: a failure is said after. */
  if (data->failed != NULL)
    dabiao_exit_page_set_message (self->exit_page, data->failed, TRUE);
  if (data->where != NULL)
    {
      /* What was issued, as the register now holds it. */
      DabiaoExitDesk *desk = dabiao_exit_page_get_desk (self->exit_page);
      const DabiaoExitEntry *entry = desk != NULL ? dabiao_exit_desk_find (desk, data->show) : NULL;
      g_autofree char *message = NULL;

      if (entry != NULL && entry->certificate != NULL)
        /* Translators: certificate number, 编号, name, where it went (a PDF file or "the printer") */
        message = g_strdup_printf (_("Certificate %s issued to %s %s: %s"), entry->certificate, entry->person->id,
                                   entry->person->name, data->where);
      dabiao_exit_page_set_message (self->exit_page, message != NULL ? message : data->where, FALSE);
    }
}

/* Reads the event again; then shows @show (nullable: the one shown) and,
 * after a certificate was issued, says so (@where). */
static void
reload_full (DabiaoWindow *self,
             const char   *show,
             const char   *where,
             const char   *failed,
             guint         scans)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  if (self->session == NULL)
    return;
  task = g_task_new (dabiao_session_get_event (self->session), self->cancellable, loaded_cb, g_object_ref (self));
  data = g_new0 (LoadData, 1);
  data->show = g_strdup (show != NULL ? show : dabiao_exit_page_get_person (self->exit_page));
  data->where = g_strdup (where);
  data->failed = g_strdup (failed);
  data->scans = scans;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  dabiao_event_run_in_worker (dabiao_session_get_event (self->session), task, load_thread);
}

static void
reload (DabiaoWindow *self,
        const char   *show)
{
  reload_full (self, show, NULL, NULL, self->exit_scans);
}

static void
scan_cb (DabiaoWindow *self,
         const char   *code)
{
  self->exit_scans++;
  dabiao_exit_page_set_no_printer (self->exit_page, FALSE);
  reload (self, code);
}

/* ---- issuing -------------------------------------------------------------- */

/* Done: @where the certificate went, or @error; @scans as it was when
 * asked. */
static void
issued (DabiaoWindow *self,
        const char   *id,
        guint         scans,
        const char   *where,
        const char   *error)
{
  dabiao_exit_page_set_busy (self->exit_page, FALSE);
  if (error != NULL)
    {
      dabiao_exit_page_set_message (self->exit_page, error, TRUE);
      reload_full (self, id, NULL, error, scans);
      return;
    }
  reload_full (self, id, where, NULL, scans);
  _dabiao_window_sync_poke (self);
}

/* Whose certificate is on its way (the page may show another by then). */
typedef struct
{
  DabiaoWindow *window;
  char         *id;
  guint         scans;
} IssueData;

static IssueData *
issue_data_new (DabiaoWindow *self,
                const char   *id)
{
  IssueData *data = g_new0 (IssueData, 1);

  data->window = g_object_ref (self);
  data->id = g_strdup (id);
  data->scans = self->exit_scans;
  return data;
}

static void
issue_data_free (IssueData *data)
{
  g_object_unref (data->window);
  g_free (data->id);
  g_free (data);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  IssueData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoExportReport) report = NULL;
  gboolean ok = FALSE;

  report = dabiao_export_run_finish (DABIAO_EVENT (source), result, &ok, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    issued (data->window, data->id, data->scans, report != NULL ? report->output : NULL, ok ? NULL : error->message);
  issue_data_free (data);
}

static const char *
no_printer_text (void)
{
  return _("No printer is available: the certificate was not printed and no number was spent");
}

/* No printer answered in time: said, the page free again (the job is
 * still waited for: a printer that answers late prints and records it). */
static void
no_answer_cb (gpointer user_data)
{
  IssueData *data = user_data;

  if (data->window->exit_page == NULL)
    return;
  issued (data->window, data->id, data->scans, NULL, no_printer_text ());
  dabiao_exit_page_set_no_printer (data->window->exit_page, TRUE);
}

static void
printed_cb (GtkPrintOperationResult  result,
            const GError            *error,
            gpointer                 user_data)
{
  IssueData *data = user_data;

  if (data->window->exit_page == NULL)
    ;
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      dabiao_exit_page_set_no_printer (data->window->exit_page, FALSE);
      issued (data->window, data->id, data->scans, _("sent to the printer"), NULL);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_CANCEL)
    {
      /* No dialog was shown, so nobody cancelled: there is no printer. */
      issued (data->window, data->id, data->scans, NULL, no_printer_text ());
      dabiao_exit_page_set_no_printer (data->window->exit_page, TRUE);
    }
  else
    issued (data->window, data->id, data->scans, NULL,
            error != NULL ? error->message : _("The certificate was not printed; no number was spent"));
  issue_data_free (data);
}

static void
pages_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  IssueData *data = user_data;
  g_autoptr(GError) error = NULL;
  DabiaoExportPages *pages = dabiao_export_pages_new_finish (DABIAO_EVENT (source), result, &error);

  if (pages == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        issued (data->window, data->id, data->scans, NULL, error->message);
      issue_data_free (data);
      return;
    }
  /* The default printer, no dialog: the desk hands out one after the other. */
  dabiao_print_export_pages_to_default (GTK_WINDOW (data->window), pages, data->id, printed_cb, no_answer_cb, data);
}

/* The certificate of @id: into @path (nullable), else into the
 * certificate folder, else to the default printer. */
static void
issue_now (DabiaoWindow *self,
           const char   *id,
           gboolean      reissue,
           const char   *path)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "certificate-folder");
  g_autoptr(DabiaoExportRequest) request = NULL;
  DabiaoEvent *event = dabiao_session_get_event (self->session);

  dabiao_exit_page_set_busy (self->exit_page, TRUE);
  if (path != NULL)
    {
      request = dabiao_exit_desk_request_new (id, path, reissue);
      dabiao_export_run_async (event, request, NULL, NULL, self->cancellable, exported_cb, issue_data_new (self, id));
      return;
    }
  if (folder[0] == '\0')
    {
      request = dabiao_exit_desk_request_new (id, NULL, reissue);
      dabiao_export_pages_new_async (event, request, self->cancellable, pages_cb, issue_data_new (self, id));
      return;
    }
  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("The certificate folder %s cannot be made: %s"), folder,
                                                  g_strerror (errno));

      issued (self, id, self->exit_scans, NULL, message);
      return;
    }
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
    /* Translators: the file name of a certificate; %s is the 编号.  A
     * reissue gets its own file (%s: the 编号 and the time), the first
     * one stays as it was. */
    g_autofree char *name = reissue ? g_strdup_printf (_("certificate-%s-reissue-%s.pdf"), id, stamp)
                                    : g_strdup_printf (_("certificate-%s.pdf"), id);
    g_autofree char *in_folder = g_build_filename (folder, name, NULL);

    request = dabiao_exit_desk_request_new (id, in_folder, reissue);
  }
  dabiao_export_run_async (event, request, NULL, NULL, self->cancellable, exported_cb, issue_data_new (self, id));
}

static void
reissue_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DabiaoWindow     *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "id");

  if (g_str_equal (response, "reissue") && self->session != NULL)
    issue_now (self, id, TRUE, NULL);
}

static void
issue_cb (DabiaoWindow *self,
          const char   *id,
          gboolean      reissue)
{
  GtkWidget *dialog;

  if (self->session == NULL)
    return;
  if (!reissue)
    {
      issue_now (self, id, FALSE, NULL);
      return;
    }
  /* A second certificate for the same person: said plainly first. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Reissue the Certificate?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s already has a certificate. The reissue keeps its number, is marked 补发 with today’s date, and is recorded in the certificate register."),
                                  id);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "reissue", _("_Reissue"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reissue", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reissue_response_cb), self, 0);
  gtk_widget_set_name (dialog, "exit-reissue-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  DabiaoWindow *window;
  char         *id;
} SavePdf;

static void
save_pdf_chosen_cb (GFile    *file,
                    gpointer  user_data)
{
  SavePdf *save = user_data;
  DabiaoWindow *self = save->window;
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL && self->session != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (path);
      DabiaoExitDesk *desk = dabiao_exit_page_get_desk (self->exit_page);
      const DabiaoExitEntry *entry = desk != NULL ? dabiao_exit_desk_find (desk, save->id) : NULL;

      /* The next certificates go there too, without asking. */
      g_settings_set_string (self->settings, "certificate-folder", folder);
      dabiao_exit_page_set_no_printer (self->exit_page, FALSE);
      issue_now (self, save->id, entry != NULL && entry->state == DABIAO_EXIT_ISSUED, path);
    }
  g_object_unref (save->window);
  g_free (save->id);
  g_free (save);
}

static void
save_pdf_cb (DabiaoWindow *self,
             const char   *id)
{
  /* Translators: the file name of a certificate; %s is the 编号 */
  g_autofree char *name = g_strdup_printf (_("certificate-%s.pdf"), id);
  SavePdf *save;

  if (self->session == NULL)
    return;
  save = g_new0 (SavePdf, 1);
  save->window = g_object_ref (self);
  save->id = g_strdup (id);
  dabiao_choose_file_to_save (GTK_WINDOW (self), _("Save the Certificate as PDF"), DABIAO_FILE_PDF, name,
                              save_pdf_chosen_cb, save);
}

static void
page_changed_cb (DabiaoWindow *self)
{
  if (g_strcmp0 (dabiao_window_get_page (self), "exit") == 0)
    {
      reload (self, NULL);
      dabiao_exit_page_focus_scan (self->exit_page);
    }
}

void
_dabiao_window_exit_init (DabiaoWindow *self)
{
  g_signal_connect_object (self->exit_page, "scan", G_CALLBACK (scan_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->exit_page, "issue", G_CALLBACK (issue_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->exit_page, "save-pdf", G_CALLBACK (save_pdf_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (page_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* The event's details changed (a 主办单位 entered), or its people and
 * results (a merge, a walk-in, a sync round): the page reads them again
 * when it is shown. */
void
_dabiao_window_exit_refresh (DabiaoWindow *self)
{
  if (self->session != NULL && g_strcmp0 (dabiao_window_get_page (self), "exit") == 0)
    reload (self, NULL);
}

void
_dabiao_window_exit_open (DabiaoWindow *self)
{
  dabiao_exit_page_set_desk (self->exit_page, NULL);
  dabiao_exit_page_set_message (self->exit_page, NULL, FALSE);
}
