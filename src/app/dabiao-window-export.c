/* dabiao-window-export.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"

#include "dabiao-file-chooser.h"
#include "dabiao-instrument.h"
#include "dabiao-new-event-dialog.h"
#include "dabiao-output-event.h"
#include "dabiao-preferences-window.h"
#include "dabiao-print.h"
#include "dabiao-record-card.h"
#include "dabiao-results-page.h"
#include "dabiao-roster-model.h"
#include "dabiao-roster-page.h"
#include "dabiao-session.h"
#include "dabiao-start-page.h"
#include "dabiao-station-page.h"
#include "dabiao-summary.h"
#include "dabiao-window-private.h"

/* Print or export: record cards, certificates and badges as PDF or on
 * paper (the dialog, then dabiao-print.c builds the pages off the main
 * thread). */

/* ---- print / export ---------------------------------------------------------- */

typedef struct
{
  DabiaoWindow    *window;
  char            *how;
  DabiaoPrintKind  kind;
} ExportContext;

static void
export_context_free (ExportContext *ctx)
{
  g_object_unref (ctx->window);
  g_free (ctx->how);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportContext, export_context_free)

/* Certificate levels offered, highest first: the standard's grades but the
 * lowest (优秀, 良好, 及格; 一级（优秀）… 三级（合格）). */
static GStrv
export_levels (DabiaoSession *session)
{
  const char * const *grades = dabiao_session_get_grade_names (session);
  guint n = g_strv_length ((char **) grades);
  g_autoptr(GStrvBuilder) levels = g_strv_builder_new ();

  for (guint i = 0; i + 1 < n; i++)
    g_strv_builder_add (levels, grades[i]);
  return g_strv_builder_end (levels);
}

static void
export_built_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ExportContext) ctx = user_data;
  DabiaoWindow *self = ctx->window;
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  const char *file_name, *job;
  guint n = 0;

  pages = dabiao_print_build_finish (result, &n, &error);
  if (pages == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND))
        dabiao_window_add_toast (self, error->message);
      else
        dabiao_window_show_error (self, _("Could not Prepare the Pages"), error);
      return;
    }
  switch (ctx->kind)
    {
    case DABIAO_PRINT_CERTIFICATES:
      file_name = _("certificates.pdf");
      job = _("Certificates");
      break;
    case DABIAO_PRINT_BADGES:
      file_name = _("badges.pdf");
      job = _("Badges");
      break;
    case DABIAO_PRINT_RECORD_CARDS:
    default:
      file_name = _("record-cards.pdf");
      job = _("Record cards");
      break;
    }
  g_free (self->last_export);
  self->last_export = g_strdup (job);
  self->last_export_n_items = n;
  self->last_export_n_pages = dabiao_pages_get_n_pages (pages);
  if (g_strcmp0 (ctx->how, "pdf") == 0)
    dabiao_print_export_pdf (GTK_WINDOW (self), pages, file_name, NULL, NULL);
  else if (g_strcmp0 (ctx->how, "print") == 0)
    dabiao_print_pages (GTK_WINDOW (self), pages, job);
}

const char *
dabiao_window_get_last_export (DabiaoWindow *self,
                               guint        *n_items,
                               guint        *n_pages)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  if (n_items != NULL)
    *n_items = self->last_export_n_items;
  if (n_pages != NULL)
    *n_pages = self->last_export_n_pages;
  return self->last_export;
}

void
dabiao_window_export (DabiaoWindow    *self,
                      DabiaoPrintKind  kind,
                      const char      *min_level,
                      const char      *how)
{
  ExportContext *ctx;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  if (self->session == NULL)
    return;
  ctx = g_new0 (ExportContext, 1);
  ctx->window = g_object_ref (self);
  ctx->how = g_strdup (how);
  ctx->kind = kind;
  dabiao_print_build_async (dabiao_session_get_event (self->session), kind, min_level,
                            self->cancellable, export_built_cb, ctx);
}

static void
export_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DabiaoWindow     *self)
{
  GtkDropDown *what = g_object_get_data (G_OBJECT (dialog), "dabiao-what");
  GtkDropDown *level = g_object_get_data (G_OBJECT (dialog), "dabiao-level");
  const char * const *levels = g_object_get_data (G_OBJECT (dialog), "dabiao-levels");
  guint kind = gtk_drop_down_get_selected (what);
  guint lvl = gtk_drop_down_get_selected (level);

  if (g_str_equal (response, "cancel") || self->session == NULL)
    return;
  /* No grades (standard not installed): the template's own minimum. */
  dabiao_window_export (self, (DabiaoPrintKind) kind,
                        lvl < g_strv_length ((char **) levels) ? levels[lvl] : NULL, response);
}

static void
export_what_changed_cb (GtkDropDown *what,
                        GParamSpec  *pspec,
                        GtkWidget   *level_row)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (gtk_widget_get_root (GTK_WIDGET (what)));
  guint kind = gtk_drop_down_get_selected (what);

  gtk_widget_set_visible (level_row, kind == DABIAO_PRINT_CERTIFICATES);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (level_row), "dabiao-label"),
                          kind == DABIAO_PRINT_CERTIFICATES);
  if (dialog == NULL)
    return;
  switch (kind)
    {
    case DABIAO_PRINT_CERTIFICATES:
      adw_message_dialog_set_body (dialog, _("One 达标 certificate per student at or above the chosen level, "
                                             "numbered in this event's certificate book (a reprint keeps its number)."));
      break;
    case DABIAO_PRINT_BADGES:
      adw_message_dialog_set_body (dialog, _("Name badges on A4 label sheets, 2 × 5 per page, one per participant."));
      break;
    default:
      adw_message_dialog_set_body (dialog, _("One 《国家学生体质健康标准》登记卡 per student, with this event's results and scores."));
      break;
    }
}

void
_dabiao_window_export_activated_cb (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  DabiaoWindow *self = DABIAO_WINDOW (widget);
  const char *kinds[] = { N_("Record cards"), N_("Certificates"), N_("Badges"), NULL };
  const char *shown[G_N_ELEMENTS (kinds)] = { NULL };
  GtkWidget *dialog, *grid, *what, *level, *what_label, *level_label;
  GStrv levels;

  if (self->session == NULL)
    return;

  for (guint i = 0; kinds[i] != NULL; i++)
    shown[i] = _(kinds[i]);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Print or Export"), NULL);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);

  what_label = gtk_label_new_with_mnemonic (_("_What"));
  gtk_widget_set_halign (what_label, GTK_ALIGN_END);
  what = gtk_drop_down_new_from_strings (shown);
  gtk_label_set_mnemonic_widget (GTK_LABEL (what_label), what);
  gtk_grid_attach (GTK_GRID (grid), what_label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), what, 1, 0, 1, 1);

  level_label = gtk_label_new_with_mnemonic (_("_Lowest level"));
  gtk_widget_set_halign (level_label, GTK_ALIGN_END);
  levels = export_levels (self->session);
  level = gtk_drop_down_new_from_strings ((const char * const *) levels);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (level), MAX (g_strv_length (levels), 1) - 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (level_label), level);
  gtk_grid_attach (GTK_GRID (grid), level_label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), level, 1, 1, 1, 1);

  g_object_set_data (G_OBJECT (level), "dabiao-label", level_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  export_what_changed_cb (GTK_DROP_DOWN (what), NULL, level);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "pdf", _("Save as _PDF…"),
                                    "print", _("_Print…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "print", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "print");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dabiao-what", what);
  g_object_set_data (G_OBJECT (dialog), "dabiao-level", level);
  g_object_set_data_full (G_OBJECT (dialog), "dabiao-levels", levels, (GDestroyNotify) g_strfreev);
  g_signal_connect_object (what, "notify::selected", G_CALLBACK (export_what_changed_cb), level, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
