/* dabiao-window-merge.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-file-chooser.h"
#include "dabiao-window-private.h"

/* 合并其他登记台/测试站的文件…: another desk's or station's copy of the
 * event, merged into the open one on its worker by dabiao_event_merge()
 * (what `dabiao-cli merge` calls).  A dialog says that it is merging and
 * then what came in, in the lines the CLI prints
 * (dabiao_merge_report_describe): counts, the same 身份证 under two 编号,
 * roster differences, settings taken or refused. */

typedef struct
{
  char              *path;
  char              *name;
  DabiaoMergeReport *report;
} MergeData;

static void
merge_data_free (MergeData *data)
{
  g_free (data->path);
  g_free (data->name);
  g_clear_pointer (&data->report, dabiao_merge_report_free);
  g_free (data);
}

static void
merge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MergeData *data = task_data;
  GError *error = NULL;

  data->report = dabiao_event_merge (source_object, data->path, &error);
  if (data->report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* What came in, in a dialog of its own in place of the working one (@working):
 * the working dialog, given the report, kept its spinner's size on a screen
 * without a window manager, the report and 关闭 cut off (findings-15d #10). */
static void
show_report (AdwMessageDialog *working,
             const char       *heading,
             const char       *text,
             gboolean          problem)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (working));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (text);
  AdwMessageDialog *dialog;

  gtk_window_destroy (GTK_WINDOW (working));
  if (parent == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, NULL));
  gtk_widget_set_name (GTK_WIDGET (dialog), "merge-dialog");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_widget_set_name (label, "merge-report");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (problem)
    gtk_widget_add_css_class (label, "error");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  /* Wide and tall enough to read a few lines of names at once. */
  gtk_widget_set_size_request (scroller, 480, -1);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 120);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  adw_message_dialog_set_extra_child (dialog, scroller);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
merged_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  DabiaoWindow *self = DABIAO_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  MergeData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  g_autofree char *heading = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is the file */
      heading = g_strdup_printf (_("%s Was Not Merged"), data->name);
      show_report (dialog, heading, error->message, TRUE);
      return;
    }
  said = dabiao_merge_report_describe (data->report, data->name);
  g_strchomp (said);
  /* Translators: %s is the file merged */
  heading = g_strdup_printf (_("Merged %s"), data->name);
  show_report (dialog, heading, said, FALSE);
  if (self == NULL || self->session == NULL)
    return;
  if (data->report->settings_updated > 0)
    /* Event details or items may have come in: everything afresh. */
    _dabiao_window_reopen (self);
  else
    {
      _dabiao_window_reload_roster (self);
      _dabiao_window_refresh_summary (self);
    }
  _dabiao_window_sync_poke (self);
}

/**
 * dabiao_window_merge_file:
 *
 * Merges another copy of the open event (another registration desk's or
 * station's file) into it on the event's worker; a dialog shows that it is
 * working and then what came in.
 */
void
dabiao_window_merge_file (DabiaoWindow *self,
                          GFile        *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *spinner;
  MergeData *data;
  DabiaoEvent *event;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  if (self->session == NULL)
    return;
  event = dabiao_session_get_event (self->session);
  data = g_new0 (MergeData, 1);
  data->path = g_file_get_path (file);
  data->name = g_file_get_basename (file);
  if (data->path == NULL)
    {
      merge_data_free (data);
      return;
    }
  /* Translators: %s is the file being checked and merged */
  body = g_strdup_printf (_("Checking %s (every row and its hash chain) and bringing in what is not here yet…"),
                          data->name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Merging…"), body);
  gtk_widget_set_name (dialog, "merge-dialog");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), spinner);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "close", FALSE);
  gtk_window_present (GTK_WINDOW (dialog));

  task = g_task_new (event, self->cancellable, merged_cb, g_object_ref (dialog));
  g_task_set_task_data (task, data, (GDestroyNotify) merge_data_free);
  dabiao_event_run_in_worker (event, task, merge_thread);
}

static void
merge_chosen_cb (GFile    *file,
                 gpointer  user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;

  if (file != NULL)
    dabiao_window_merge_file (self, file);
}

/* The chooser starts in the open event's folder, where the desks' and
 * stations' copies are usually put, not in 最近使用: there GTK 4.8 may
 * ignore a path typed into the location entry (findings-15b #4). */
void
_dabiao_window_merge_activated_cb (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  DabiaoWindow *self = DABIAO_WINDOW (widget);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;

  if (self->session != NULL)
    {
      file = g_file_new_for_path (dabiao_event_get_path (dabiao_session_get_event (self->session)));
      folder = g_file_get_parent (file);
    }
  dabiao_choose_file_to_open_in (GTK_WINDOW (widget), _("Merge Another Desk’s or Station’s File"), DABIAO_FILE_EVENT,
                                 folder, merge_chosen_cb, g_object_ref (widget));
}
