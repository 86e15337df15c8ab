/* dabiao-export-dialog.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-export-dialog.h"
#include "dabiao-form.h"
#include "dabiao-file-chooser.h"
#include "dabiao-print.h"
#include "dabiao-template-dialog.h"

struct _DabiaoExportDialog
{
  AdwWindow          parent_instance;

  DabiaoEvent       *event;
  GStrv              levels;
  GPtrArray         *class_codes;   /* char*: "" = every class, then the codes */
  GCancellable      *cancellable;
  gboolean           busy;

  AdwComboRow       *kind;
  GtkWidget         *groups[6];     /* per kind, shown for it */
  GtkWidget         *selection;     /* printed kinds: class, participants */
  AdwComboRow       *upload_format;
  AdwEntryRow       *upload_school;
  GtkSwitch         *upload_union;
  GtkSwitch         *upload_vision;
  AdwActionRow      *upload_exempt;   /* where the 免测名单 goes */
  char              *exempt_list;     /* NULL: beside the upload file */
  AdwEntryRow       *summary_title;
  AdwComboRow       *results_format;
  AdwComboRow       *certificate_level;
  GtkSwitch         *certificate_reissue;
  AdwComboRow       *certificate_paper;
  AdwComboRow       *badge_paper;
  GtkSwitch         *badge_level;
  GtkSwitch         *badge_class_page;
  AdwComboRow       *badge_id;
  AdwEntryRow       *card_school_year;
  AdwComboRow       *card_paper;
  AdwComboRow       *order;
  /* The file being written (for "print anyway"), and whether names no
   * font can draw may print as boxes this time. */
  char              *output;
  gboolean           allow_missing_glyphs;
  AdwComboRow       *class_row;
  GtkStringList     *class_names;
  AdwEntryRow       *participants;
  GtkProgressBar    *progress;
  GtkLabel          *status;
  GtkWidget         *form;
  GtkWidget         *cancel_button;
  GtkWidget         *print_button;
  GtkWidget         *save_button;
};

G_DEFINE_FINAL_TYPE (DabiaoExportDialog, dabiao_export_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* In DabiaoExportKind order. */
static const char * const kind_labels[] = {
  N_("Upload file (上报)"), N_("Summary workbook (汇总表)"), N_("Results (成绩表)"),
  N_("Certificates (证书)"), N_("Badges (胸牌)"), N_("Record cards (登记卡)"),
};
static const char * const kind_file_labels[] = {
  N_("upload"), N_("summary"), N_("results"), N_("certificates"), N_("badges"), N_("record cards"),
};
static const DabiaoPaper papers[] = {
  DABIAO_PAPER_A4_LANDSCAPE, DABIAO_PAPER_A4_PORTRAIT, DABIAO_PAPER_A5_LANDSCAPE, DABIAO_PAPER_A5_PORTRAIT,
};
static const char * const paper_labels[] = {
  N_("A4 landscape"), N_("A4 portrait"), N_("A5 landscape"), N_("A5 portrait"), NULL,
};

/* In DabiaoPaperOrder order. */
static const char * const order_labels[] = {
  N_("School, grade, class, 学籍号"), N_("School, grade, class, name"), N_("学籍号"), N_("As in the roster"), NULL,
};
static const char * const badge_id_labels[] = {
  N_("学籍号 partly hidden (G4401**********0424)"), N_("No number"), NULL,
};

static gboolean
printed_kind (DabiaoExportKind kind)
{
  return kind == DABIAO_EXPORT_CERTIFICATES || kind == DABIAO_EXPORT_BADGES || kind == DABIAO_EXPORT_CARDS;
}

DabiaoExportKind
dabiao_export_dialog_get_kind (DabiaoExportDialog *self)
{
  return (DabiaoExportKind) adw_combo_row_get_selected (self->kind);
}

void
dabiao_export_dialog_set_kind (DabiaoExportDialog *self,
                               DabiaoExportKind    kind)
{
  adw_combo_row_set_selected (self->kind, kind);
}

gboolean
dabiao_export_dialog_get_busy (DabiaoExportDialog *self)
{
  return self->busy;
}

static void
kind_changed_cb (DabiaoExportDialog *self)
{
  DabiaoExportKind kind = dabiao_export_dialog_get_kind (self);

  for (guint i = 0; i < G_N_ELEMENTS (self->groups); i++)
    gtk_widget_set_visible (self->groups[i], i == kind);
  gtk_widget_set_visible (self->selection, printed_kind (kind));
  gtk_widget_set_visible (self->print_button, printed_kind (kind));
  gtk_label_set_text (self->status, "");
}

static void
set_busy (DabiaoExportDialog *self,
          gboolean            busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_set_sensitive (self->save_button, !busy);
  gtk_widget_set_sensitive (self->print_button, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), busy);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), busy ? _("_Stop") : _("_Cancel"));
  if (busy)
    {
      gtk_progress_bar_set_fraction (self->progress, 0);
      gtk_progress_bar_set_text (self->progress, NULL);
    }
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

DabiaoExportRequest *
dabiao_export_dialog_build_request (DabiaoExportDialog *self,
                                    const char         *output)
{
  DabiaoExportKind kind = dabiao_export_dialog_get_kind (self);
  g_autoptr(DabiaoExportRequest) request = dabiao_export_request_new (kind, output);
  g_autofree char *school = entry_text (self->upload_school);
  g_autofree char *title = entry_text (self->summary_title);
  g_autofree char *school_year = entry_text (self->card_school_year);
  g_autofree char *ids = entry_text (self->participants);
  guint level = adw_combo_row_get_selected (self->certificate_level);
  guint class_index = adw_combo_row_get_selected (self->class_row);

  switch (kind)
    {
    case DABIAO_EXPORT_UPLOAD:
      request->school_code = *school != '\0' ? g_steal_pointer (&school) : NULL;
      request->union_columns = gtk_switch_get_active (self->upload_union);
      request->vision = gtk_switch_get_active (self->upload_vision);
      request->exempt_list = g_strdup (self->exempt_list);
      break;
    case DABIAO_EXPORT_SUMMARY:
      request->title = *title != '\0' ? g_steal_pointer (&title) : NULL;
      break;
    case DABIAO_EXPORT_CERTIFICATES:
      request->min_level = level < g_strv_length (self->levels) ? g_strdup (self->levels[level]) : NULL;
      request->reissue = gtk_switch_get_active (self->certificate_reissue);
      request->has_paper = TRUE;
      request->paper = papers[MIN (adw_combo_row_get_selected (self->certificate_paper), G_N_ELEMENTS (papers) - 1)];
      break;
    case DABIAO_EXPORT_BADGES:
      /* The grid made for the paper. */
      dabiao_badge_layout_init_for_paper (&request->badges,
                                          papers[MIN (adw_combo_row_get_selected (self->badge_paper) + 1, G_N_ELEMENTS (papers) - 1)]);
      request->badges.show_level = gtk_switch_get_active (self->badge_level);
      request->badges.class_per_page = gtk_switch_get_active (self->badge_class_page);
      request->badges.id = adw_combo_row_get_selected (self->badge_id) == 1 ? DABIAO_BADGE_ID_HIDDEN
                                                                             : DABIAO_BADGE_ID_MASKED;
      break;
    case DABIAO_EXPORT_CARDS:
      request->school_year = *school_year != '\0' ? g_steal_pointer (&school_year) : NULL;
      request->has_paper = TRUE;
      request->paper = papers[MIN (adw_combo_row_get_selected (self->card_paper), G_N_ELEMENTS (papers) - 1)];
      break;
    case DABIAO_EXPORT_RESULTS:
    default:
      break;
    }
  if (printed_kind (kind))
    {
      request->order = MIN (adw_combo_row_get_selected (self->order), DABIAO_PAPER_ORDER_ROSTER);
      request->allow_missing_glyphs = self->allow_missing_glyphs;
      if (class_index > 0 && class_index < self->class_codes->len)
        request->class_code = g_strdup (g_ptr_array_index (self->class_codes, class_index));
      if (*ids != '\0')
        {
          g_auto(GStrv) parts = g_strsplit_set (ids, " ,，;；、\t", -1);
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (guint i = 0; parts[i] != NULL; i++)
            if (*parts[i] != '\0')
              g_strv_builder_add (builder, parts[i]);
          request->participants = g_strv_builder_end (builder);
        }
    }
  return g_steal_pointer (&request);
}

/* ---- Problems of the upload file ------------------------------------------ */

static void
copy_problems_cb (GtkButton   *button,
                  GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (view)), text);
  gtk_button_set_label (button, _("Copied"));
}

/* Every problem (or warning), readable and copyable (sheet, row, student,
 * column), under @body, which wraps: nothing is cut. */
static void
show_list (GtkWindow  *parent,
           const char *heading,
           const char *body,
           GPtrArray  *problems)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("Cop_y the List"));
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (problems, i));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text->str, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_widget_set_name (view, "problems");
  gtk_widget_set_name (copy, "copy-problems");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 520);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_widget_set_halign (copy, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), copy);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_problems_cb), view);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_failure (DabiaoExportDialog *self,
              const char         *heading,
              const GError       *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void start_export (DabiaoExportDialog *self);
static void start_print  (DabiaoExportDialog *self);

static void
glyph_response_cb (AdwMessageDialog   *dialog,
                   const char         *response,
                   DabiaoExportDialog *self)
{
  if (!g_str_equal (response, "anyway"))
    return;
  self->allow_missing_glyphs = TRUE;
  if (self->output != NULL)
    start_export (self);
  else
    start_print (self);
}

/* Names no installed font can draw: who and which character, then the
 * choice to print them as boxes (for the file being written, or the
 * print). */
static void
show_glyph_problem (DabiaoExportDialog *self,
                    const GError       *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Some Characters Cannot Be Printed"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "anyway",
                                   self->output != NULL ? _("_Save Anyway") : _("_Print Anyway"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "anyway", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (glyph_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Running --------------------------------------------------------------- */

static void
progress_cb (double      fraction,
             const char *what,
             gpointer    user_data)
{
  DabiaoExportDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress, CLAMP (fraction, 0, 1));
  gtk_progress_bar_set_text (self->progress, what);
}

static void
finished (DabiaoExportDialog *self,
          const char         *path,
          const char         *message)
{
  g_signal_emit (self, signals[SIGNAL_EXPORTED], 0, path, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DabiaoExportDialog) self = user_data;
  g_autoptr(DabiaoExportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  report = dabiao_export_run_finish (DABIAO_EVENT (source), result, &ok, &error);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (ok && report->warnings->len > 0)
    {
      /* Written, but a person should read every warning: a list beside
       * the window, and a toast short enough not to be cut. */
      g_autofree char *base = g_path_get_basename (report->output);
      g_autofree char *message = g_strdup_printf (ngettext ("%s written; %u warning, see the list",
                                                            "%s written; %u warnings, see the list",
                                                            report->warnings->len),
                                                  base, report->warnings->len);

      show_list (gtk_window_get_transient_for (GTK_WINDOW (self)), _("Written, with Warnings"),
                 report->message, report->warnings);
      finished (self, report->exempt_list != NULL ? report->exempt_list : report->output, message);
      return;
    }
  if (ok)
    {
      finished (self, report->exempt_list != NULL ? report->exempt_list : report->output, report->message);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (self->status, _("Stopped: nothing was written."));
  else if (g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_GLYPHS))
    show_glyph_problem (self, error);
  else if (report != NULL && report->problems->len > 0)
    show_list (GTK_WINDOW (self), _("The File Was Not Written"), error->message, report->problems);
  else
    show_failure (self, _("The Export Failed"), error);
}

static const char *
extension_for (DabiaoExportDialog *self)
{
  switch (dabiao_export_dialog_get_kind (self))
    {
    case DABIAO_EXPORT_UPLOAD:
      return adw_combo_row_get_selected (self->upload_format) == 1 ? ".xls" : ".xlsx";
    case DABIAO_EXPORT_SUMMARY:
      return ".xlsx";
    case DABIAO_EXPORT_RESULTS:
      return adw_combo_row_get_selected (self->results_format) == 1 ? ".csv" : ".xlsx";
    default:
      return ".pdf";
    }
}

static void
file_chosen_cb (GFile    *file,
                gpointer  user_data)
{
  g_autoptr(DabiaoExportDialog) self = user_data;
  g_autofree char *path = NULL;
  const char *ext = extension_for (self);

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                     _("Choose a file on this computer"));

      show_failure (self, _("The Export Failed"), error);
      return;
    }
  /* A name typed without its ending gets the one chosen above. */
  if (strrchr (path, '.') == NULL || strrchr (path, '.') < strrchr (path, '/'))
    {
      char *with = g_strconcat (path, ext, NULL);

      g_free (path);
      path = with;
    }
  g_free (self->output);
  self->output = g_steal_pointer (&path);
  self->allow_missing_glyphs = FALSE;
  start_export (self);
}

static void
start_export (DabiaoExportDialog *self)
{
  g_autoptr(DabiaoExportRequest) request = dabiao_export_dialog_build_request (self, self->output);

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_label_set_text (self->status, "");
  dabiao_export_run_async (self->event, request, progress_cb, self, self->cancellable, exported_cb,
                           g_object_ref (self));
}

static void
exempt_chosen_cb (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(DabiaoExportDialog) self = user_data;
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path == NULL)
    return;
  /* The 免测名单 is always a workbook. */
  if (!g_str_has_suffix (path, ".xlsx"))
    {
      char *with = g_strconcat (path, ".xlsx", NULL);

      g_free (path);
      path = with;
    }
  g_free (self->exempt_list);
  self->exempt_list = g_steal_pointer (&path);
  adw_action_row_set_subtitle (self->upload_exempt, self->exempt_list);
}

/* Where the 免测名单 goes (`export upload --exempt-list`). */
static void
exempt_clicked_cb (DabiaoExportDialog *self)
{
  g_autofree char *name = g_strdup_printf ("%s-免测名单.xlsx", dabiao_event_get_name (self->event));

  dabiao_choose_file_to_save (GTK_WINDOW (self), _("Exemption list (免测名单)"), DABIAO_FILE_TABLE, name,
                              exempt_chosen_cb, g_object_ref (self));
}

static void
save_clicked_cb (DabiaoExportDialog *self)
{
  DabiaoExportKind kind = dabiao_export_dialog_get_kind (self);
  g_autofree char *name = g_strdup_printf ("%s-%s%s", dabiao_event_get_name (self->event),
                                           _(kind_file_labels[kind]), extension_for (self));

  dabiao_choose_file_to_save (GTK_WINDOW (self), _("Export"),
                              printed_kind (kind) ? DABIAO_FILE_PDF : DABIAO_FILE_TABLE, name,
                              file_chosen_cb, g_object_ref (self));
}

static void
printed_cb (gboolean printed,
            gpointer user_data)
{
  g_autoptr(DabiaoExportDialog) self = user_data;
  g_autofree char *message = g_object_steal_data (G_OBJECT (self), "dabiao-print-message");

  set_busy (self, FALSE);
  if (printed)
    finished (self, NULL, message);
  else
    gtk_label_set_text (self->status, _("Not printed: nothing was recorded."));
}

static void
pages_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DabiaoExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  DabiaoExportPages *pages = dabiao_export_pages_new_finish (DABIAO_EVENT (source), result, &error);
  const DabiaoExportReport *report;
  DabiaoExportKind kind = dabiao_export_dialog_get_kind (self);

  g_clear_object (&self->cancellable);
  if (pages == NULL)
    {
      set_busy (self, FALSE);
      if (g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_GLYPHS))
        show_glyph_problem (self, error);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_failure (self, _("Nothing to Print"), error);
      return;
    }
  report = dabiao_export_pages_get_report (pages);
  g_object_set_data_full (G_OBJECT (self), "dabiao-print-message",
                          g_strdup_printf (_("Sent %u pages to the printer"), report->n_pages), g_free);
  gtk_progress_bar_set_fraction (self->progress, 1);
  dabiao_print_export_pages (GTK_WINDOW (self), pages, _(kind_file_labels[kind]),
                             GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, printed_cb, g_object_ref (self));
}

static void
print_clicked_cb (DabiaoExportDialog *self)
{
  g_clear_pointer (&self->output, g_free);
  self->allow_missing_glyphs = FALSE;
  start_print (self);
}

static void
start_print (DabiaoExportDialog *self)
{
  g_autoptr(DabiaoExportRequest) request = dabiao_export_dialog_build_request (self, NULL);

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_progress_bar_set_text (self->progress, _("Preparing the pages…"));
  dabiao_export_pages_new_async (self->event, request, self->cancellable, pages_ready_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (DabiaoExportDialog *self)
{
  if (self->busy && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else if (!self->busy)
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_request_cb (DabiaoExportDialog *self)
{
  /* Running: stop first; the dialog closes itself when it has. */
  if (self->busy)
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return FALSE;
}

static void
template_clicked_cb (DabiaoExportDialog *self)
{
  DabiaoTemplateDialog *dialog = dabiao_template_dialog_new (GTK_WINDOW (self), self->event);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Classes, read on the event's worker --------------------------------- */

static void
classes_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  DabiaoParticipantQuery query = { .sort = DABIAO_PARTICIPANT_SORT_CLASS };
  g_autoptr(GPtrArray) people = dabiao_event_list_participants (source, &query, 0, 0, &error);
  GPtrArray *classes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; people != NULL && i < people->len; i++)
    {
      DabiaoParticipant *p = g_ptr_array_index (people, i);
      const char *code = dabiao_participant_get_class_code (p);
      const char *name = dabiao_participant_get_class_name (p);

      if (code == NULL || *code == '\0')
        continue;
      g_autofree char *key = g_strconcat (code, "\t", NULL);

      /* Sorted by class: a new code starts a new class. */
      if (classes->len == 0 || !g_str_has_prefix (g_ptr_array_index (classes, classes->len - 1), key))
        g_ptr_array_add (classes, g_strdup_printf ("%s\t%s", code, name != NULL ? name : ""));
    }
  g_task_return_pointer (task, classes, (GDestroyNotify) g_ptr_array_unref);
}

static void
classes_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DabiaoExportDialog) self = user_data;
  g_autoptr(GPtrArray) classes = g_task_propagate_pointer (G_TASK (result), NULL);

  for (guint i = 0; classes != NULL && i < classes->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (classes, i), "\t", 2);
      g_autofree char *label = *parts[1] != '\0' ? g_strdup_printf ("%s %s", parts[0], parts[1]) : g_strdup (parts[0]);

      g_ptr_array_add (self->class_codes, g_strdup (parts[0]));
      gtk_string_list_append (self->class_names, label);
    }
}

/* ---- Building -------------------------------------------------------------- */

static AdwComboRow *
combo_row (const char         *title,
           const char         *name,
           const char * const *items)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    gtk_string_list_append (model, _(items[i]));
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_widget_set_name (GTK_WIDGET (row), name);
  return row;
}

static GtkSwitch *
switch_row (AdwPreferencesGroup *group,
            const char          *title,
            const char          *subtitle,
            const char          *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_name (toggle, name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (group, row);
  return GTK_SWITCH (toggle);
}

static AdwPreferencesGroup *
group_new (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (group));
  return ADW_PREFERENCES_GROUP (group);
}

static void
dabiao_export_dialog_dispose (GObject *object)
{
  DabiaoExportDialog *self = DABIAO_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (dabiao_export_dialog_parent_class)->dispose (object);
}

static void
dabiao_export_dialog_finalize (GObject *object)
{
  DabiaoExportDialog *self = DABIAO_EXPORT_DIALOG (object);

  g_clear_object (&self->event);
  g_free (self->output);
  g_free (self->exempt_list);
  g_strfreev (self->levels);
  g_ptr_array_unref (self->class_codes);
  G_OBJECT_CLASS (dabiao_export_dialog_parent_class)->finalize (object);
}

static void
dabiao_export_dialog_class_init (DabiaoExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dabiao_export_dialog_dispose;
  object_class->finalize = dabiao_export_dialog_finalize;
  /* Esc closes it (trial 11c #9: it stayed open), or stops a running
   * export first, as 取消 does (close_request_cb). */
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);

  /* (path or NULL when printed, message for a person) */
  signals[SIGNAL_EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
dabiao_export_dialog_init (DabiaoExportDialog *self)
{
  self->class_codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->class_codes, g_strdup (""));
}

/* Certificates, badges and record cards: what each prints, on which paper. */
static void
add_paper_groups (DabiaoExportDialog  *self,
                  AdwPreferencesPage  *page,
                  const char * const  *levels)
{
  AdwPreferencesGroup *group;

  /* Certificates. */
  group = group_new (page, _("Certificates"),
                     _("Numbers are recorded only once the PDF is saved or the pages are printed; "
                       "printed again, a certificate looks exactly as it did."));
  self->groups[DABIAO_EXPORT_CERTIFICATES] = GTK_WIDGET (group);
  self->certificate_level = combo_row (_("_Lowest level"), "certificate-level", levels);
  adw_combo_row_set_selected (self->certificate_level, MAX (g_strv_length ((char **) levels), 1) - 1);
  adw_preferences_group_add (group, GTK_WIDGET (self->certificate_level));
  self->certificate_reissue = switch_row (group, _("Reissue (补发)"),
                                          _("Certificates issued before are marked 补发 with today's date"),
                                          "certificate-reissue");
  self->certificate_paper = combo_row (_("_Paper"), "certificate-paper", paper_labels);
  adw_preferences_group_add (group, GTK_WIDGET (self->certificate_paper));
  {
    GtkWidget *row = adw_action_row_new ();
    GtkWidget *button = gtk_button_new_with_mnemonic (_("_Edit…"));

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Wording, issuer, seal and verification"));
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    gtk_widget_set_name (button, "certificate-template");
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    adw_preferences_group_add (group, row);
    g_signal_connect_swapped (button, "clicked", G_CALLBACK (template_clicked_cb), self);
  }

  /* Badges. */
  group = group_new (page, _("Badges"), NULL);
  self->groups[DABIAO_EXPORT_BADGES] = GTK_WIDGET (group);
  self->badge_paper = combo_row (_("_Paper"), "badge-paper", (const char * const *) paper_labels + 1);
  adw_preferences_group_add (group, GTK_WIDGET (self->badge_paper));
  self->badge_level = switch_row (group, _("Show the level reached instead of the class"), NULL, "badge-level");
  self->badge_id = combo_row (_("_Number on the badge"), "badge-id", badge_id_labels);
  adw_preferences_group_add (group, GTK_WIDGET (self->badge_id));
  self->badge_class_page = switch_row (group, _("Each class on a new page"), NULL, "badge-class-page");

  /* Record cards. */
  group = group_new (page, _("Record Cards"), NULL);
  self->groups[DABIAO_EXPORT_CARDS] = GTK_WIDGET (group);
  self->card_school_year = dabiao_form_add_entry (group, _("School year printed under the title"), "card-school-year");
  self->card_paper = combo_row (_("_Paper"), "card-paper", paper_labels);
  adw_preferences_group_add (group, GTK_WIDGET (self->card_paper));
}

/* The progress, the status and the buttons under the form. */
static GtkWidget *
bottom_new (DabiaoExportDialog *self)
{
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_start (bottom, 12);
  gtk_widget_set_margin_end (bottom, 12);
  gtk_widget_set_margin_bottom (bottom, 12);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress, TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->progress), "progress");
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->progress));
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->status), "status");
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->status));
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  self->print_button = gtk_button_new_with_mnemonic (_("_Print…"));
  self->save_button = gtk_button_new_with_mnemonic (_("_Save…"));
  gtk_widget_set_name (self->cancel_button, "cancel");
  gtk_widget_set_name (self->print_button, "print");
  gtk_widget_set_name (self->save_button, "save");
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), self->cancel_button);
  gtk_box_append (GTK_BOX (buttons), self->print_button);
  gtk_box_append (GTK_BOX (buttons), self->save_button);
  gtk_box_append (GTK_BOX (bottom), buttons);
  return bottom;
}

DabiaoExportDialog *
dabiao_export_dialog_new (GtkWindow          *parent,
                          DabiaoEvent        *event,
                          const char * const *levels)
{
  DabiaoExportDialog *self = g_object_new (DABIAO_TYPE_EXPORT_DIALOG,
                                           "transient-for", parent, "modal", TRUE,
                                           "title", _("Export"), "default-width", 560, "default-height", 680,
                                           NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = adw_preferences_page_new ();
  AdwPreferencesGroup *group;
  g_autoptr(GTask) task = NULL;
  const char *formats_upload[] = { N_("Excel workbook (.xlsx)"), N_("Excel 97–2003 (.xls)"), NULL };
  const char *formats_results[] = { N_("Excel workbook (.xlsx)"), N_("CSV (.csv)"), NULL };
  const char *everyone[] = { N_("Everyone"), NULL };

  self->event = g_object_ref (event);
  self->levels = g_strdupv ((char **) levels);

  gtk_box_append (GTK_BOX (box), header);
  self->form = page;
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  group = group_new (ADW_PREFERENCES_PAGE (page), _("What to Export"), NULL);
  self->kind = combo_row (_("_Export"), "kind", NULL);
  {
    g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
      gtk_string_list_append (model, _(kind_labels[i]));
    adw_combo_row_set_model (self->kind, G_LIST_MODEL (model));
  }
  adw_preferences_group_add (group, GTK_WIDGET (self->kind));

  /* Upload file. */
  group = group_new (ADW_PREFERENCES_PAGE (page), _("Upload File"),
                     _("The national platform's file, one sheet per school; exempt students go to a 免测名单 beside it."));
  self->groups[DABIAO_EXPORT_UPLOAD] = GTK_WIDGET (group);
  self->upload_format = combo_row (_("_Format"), "upload-format", formats_upload);
  adw_preferences_group_add (group, GTK_WIDGET (self->upload_format));
  self->upload_school = dabiao_form_add_entry (group, _("学校代码 for everyone (empty: each one's school)"), "upload-school");
  self->upload_union = switch_row (group, _("Every item column on every sheet"), NULL, "upload-union");
  self->upload_vision = switch_row (group, _("Eyesight columns"), NULL, "upload-vision");
  self->upload_exempt = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->upload_exempt), _("Exemption list (免测名单)"));
  adw_action_row_set_subtitle (self->upload_exempt, _("Beside the upload file (its name + -免测名单.xlsx)"));
  {
    GtkWidget *button = gtk_button_new_with_mnemonic (_("C_hoose…"));

    gtk_widget_set_name (button, "upload-exempt");
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    g_signal_connect_swapped (button, "clicked", G_CALLBACK (exempt_clicked_cb), self);
    adw_action_row_add_suffix (self->upload_exempt, button);
  }
  adw_preferences_group_add (group, GTK_WIDGET (self->upload_exempt));

  /* Summary. */
  group = group_new (ADW_PREFERENCES_PAGE (page), _("Summary Workbook"), NULL);
  self->groups[DABIAO_EXPORT_SUMMARY] = GTK_WIDGET (group);
  self->summary_title = dabiao_form_add_entry (group, _("Title (empty: the event's name)"), "summary-title");

  /* Results. */
  group = group_new (ADW_PREFERENCES_PAGE (page), _("Results"),
                     _("One row per participant: the roster, each item's result and the scores."));
  self->groups[DABIAO_EXPORT_RESULTS] = GTK_WIDGET (group);
  self->results_format = combo_row (_("_Format"), "results-format", formats_results);
  adw_preferences_group_add (group, GTK_WIDGET (self->results_format));

  add_paper_groups (self, ADW_PREFERENCES_PAGE (page), levels);

  /* Whom to print. */
  group = group_new (ADW_PREFERENCES_PAGE (page), _("Whom to Print"), NULL);
  self->selection = GTK_WIDGET (group);
  self->class_row = combo_row (_("_Class"), "class", everyone);
  self->class_names = GTK_STRING_LIST (adw_combo_row_get_model (self->class_row));
  adw_preferences_group_add (group, GTK_WIDGET (self->class_row));
  self->participants = dabiao_form_add_entry (group, _("Only these participants (学籍号, separated by commas)"), "participants");
  /* The one order of paper: certificates are numbered in it too. */
  self->order = combo_row (_("_Order"), "order", order_labels);
  adw_preferences_group_add (group, GTK_WIDGET (self->order));

  gtk_box_append (GTK_BOX (box), bottom_new (self));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  g_signal_connect_swapped (self->kind, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  g_signal_connect_swapped (self->print_button, "clicked", G_CALLBACK (print_clicked_cb), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  kind_changed_cb (self);

  task = g_task_new (event, NULL, classes_ready_cb, g_object_ref (self));
  dabiao_event_run_in_worker (event, task, classes_thread);
  return self;
}
