/* dabiao-print.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "dabiao-badge.h"
#include "dabiao-certificate.h"
#include "dabiao-error.h"
#include "dabiao-output-event.h"
#include "dabiao-print.h"
#include "dabiao-record-card.h"

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

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GtkWindow               *parent)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        show_error (parent, _("Printing failed"), error);
    }
  g_object_set_data (G_OBJECT (operation), "dabiao-print-done", GINT_TO_POINTER (TRUE));
}

static void
run (GtkWindow               *parent,
     DabiaoPages             *pages,
     const char              *job_name,
     GtkPrintOperationAction  action)
{
  g_autoptr(GtkPrintOperation) operation = dabiao_print_operation_new (pages, job_name);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  /* The operation keeps itself alive while it runs asynchronously. */
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), parent);
  result = gtk_print_operation_run (operation, action, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL
      && g_object_get_data (G_OBJECT (operation), "dabiao-print-done") == NULL)
    show_error (parent, _("Printing failed"), error);
}

void
dabiao_print_pages (GtkWindow   *parent,
                    DabiaoPages *pages,
                    const char  *job_name)
{
  run (parent, pages, job_name, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
}

void
dabiao_print_preview (GtkWindow   *parent,
                      DabiaoPages *pages,
                      const char  *job_name)
{
  run (parent, pages, job_name, GTK_PRINT_OPERATION_ACTION_PREVIEW);
}

typedef struct
{
  GtkWindow            *parent;
  DabiaoPages          *pages;
  GFile                *file;
  DabiaoFileChosenFunc  done;
  gpointer              user_data;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->parent);
  dabiao_pages_unref (data->pages);
  g_clear_object (&data->file);
  g_free (data);
}

static void
pdf_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (dabiao_pages_write_pdf_finish (data->pages, result, &error))
    {
      if (data->done != NULL)
        data->done (data->file, data->user_data);
    }
  else
    {
      show_error (data->parent, _("The PDF was not saved"), error);
      if (data->done != NULL)
        data->done (NULL, data->user_data);
    }
  export_data_free (data);
}

static void
file_chosen_cb (GFile    *file,
                gpointer  user_data)
{
  ExportData *data = user_data;
  g_autofree char *path = NULL;

  if (file == NULL)
    {
      if (data->done != NULL)
        data->done (NULL, data->user_data);
      export_data_free (data);
      return;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                     _("Choose a file on this computer"));

      show_error (data->parent, _("The PDF was not saved"), error);
      if (data->done != NULL)
        data->done (NULL, data->user_data);
      export_data_free (data);
      return;
    }
  data->file = g_object_ref (file);
  dabiao_pages_write_pdf_async (data->pages, path, NULL, pdf_written_cb, data);
}

void
dabiao_print_export_pdf (GtkWindow            *parent,
                         DabiaoPages          *pages,
                         const char           *suggested_name,
                         DabiaoFileChosenFunc  done,
                         gpointer              user_data)
{
  ExportData *data = g_new0 (ExportData, 1);

  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  data->pages = dabiao_pages_ref (pages);
  data->done = done;
  data->user_data = user_data;
  dabiao_choose_file_to_save (parent, _("Export PDF"), DABIAO_FILE_PDF,
                              suggested_name, file_chosen_cb, data);
}

/* ---- building the pages in a worker thread ----------------------------------- */

typedef struct
{
  DabiaoEvent     *event;
  DabiaoPrintKind  kind;
  char            *min_level;
  guint            n_items;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_object_unref (data->event);
  g_free (data->min_level);
  g_free (data);
}

static DabiaoPages *
build_certificates (BuildData  *data,
                    GPtrArray  *persons,
                    GError    **error)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = dabiao_certificate_template_new_default ();
  g_autoptr(DabiaoEventCertificateBook) book = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *date = dabiao_event_get_date (data->event);
  int y, m, d;

  g_free (tmpl->test_name);
  tmpl->test_name = dabiao_output_event_dup_test_name (data->event, error);
  if (tmpl->test_name == NULL)
    return NULL;
  if (tmpl->issuer == NULL || tmpl->issuer[0] == '\0')
    {
      g_free (tmpl->issuer);
      tmpl->issuer = g_strdup (dabiao_event_get_organizer (data->event));
    }
  if (data->min_level != NULL)
    {
      g_free (tmpl->min_level);
      tmpl->min_level = g_strdup (data->min_level);
    }
  if (date != NULL && sscanf (date, "%d-%d-%d", &y, &m, &d) == 3)
    tmpl->test_date = g_strdup_printf ("%d年%d月%d日", y, m, d);

  book = dabiao_event_certificate_book_new (data->event, tmpl->issuer, error);
  if (book == NULL)
    return NULL;
  certs = dabiao_certificates_issue (tmpl, persons, g_date_time_get_year (now), NULL,
                                     dabiao_event_certificate_book_issue, book, error);
  if (certs == NULL)
    return NULL;
  if (certs->len == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Nobody in this event has reached %s yet: no certificate to print."), tmpl->min_level);
      return NULL;
    }
  data->n_items = certs->len;
  return dabiao_certificates_pages_new (tmpl, certs);
}

static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(DabiaoPages) pages = NULL;
  GError *error = NULL;

  persons = dabiao_results_load_event (data->event, NULL, &error);
  if (persons == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  switch (data->kind)
    {
    case DABIAO_PRINT_CERTIFICATES:
      pages = build_certificates (data, persons, &error);
      break;

    case DABIAO_PRINT_BADGES:
      {
        DabiaoBadgeLayout layout;

        dabiao_badge_layout_init_default (&layout);
        data->n_items = persons->len;
        if (persons->len > 0)
          pages = dabiao_badges_pages_new (&layout, dabiao_event_get_name (data->event), persons);
      }
      break;

    case DABIAO_PRINT_RECORD_CARDS:
    default:
      pages = dabiao_record_cards_pages_new (persons, NULL);
      data->n_items = pages != NULL ? dabiao_pages_get_n_pages (pages) : 0;
      break;
    }

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (pages == NULL || dabiao_pages_get_n_pages (pages) == 0)
    {
      g_task_return_new_error (task, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                               data->kind == DABIAO_PRINT_BADGES
                               ? _("This event has no participants: no badge to print.")
                               : _("No student in this event has a record card to print."));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&pages), (GDestroyNotify) dabiao_pages_unref);
}

void
dabiao_print_build_async (DabiaoEvent         *event,
                          DabiaoPrintKind      kind,
                          const char          *min_level,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  BuildData *data = g_new0 (BuildData, 1);

  data->event = g_object_ref (event);
  data->kind = kind;
  data->min_level = g_strdup (min_level);
  g_task_set_source_tag (task, dabiao_print_build_async);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
}

DabiaoPages *
dabiao_print_build_finish (GAsyncResult  *result,
                           guint         *n_items,
                           GError       **error)
{
  DabiaoPages *pages;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  pages = g_task_propagate_pointer (G_TASK (result), error);
  if (n_items != NULL)
    *n_items = pages != NULL ? ((BuildData *) g_task_get_task_data (G_TASK (result)))->n_items : 0;
  return pages;
}
