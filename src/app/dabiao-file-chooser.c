/* dabiao-file-chooser.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-file-chooser.h"

/* The one place that uses GtkFileChooserNative (GTK 4.8 has no
 * GtkFileDialog): moving to GtkFileDialog later changes this file only. */

typedef struct
{
  DabiaoFileChosenFunc callback;
  gpointer             user_data;
} ChooserData;

static void
add_filters (GtkFileChooser *chooser,
             DabiaoFileKind  kind)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  switch (kind)
    {
    case DABIAO_FILE_EVENT:
      gtk_file_filter_set_name (filter, _("Event files"));
      gtk_file_filter_add_pattern (filter, "*.dabiao");
      break;
    case DABIAO_FILE_TABLE:
      gtk_file_filter_set_name (filter, _("Spreadsheets (csv, xlsx, xls)"));
      gtk_file_filter_add_pattern (filter, "*.csv");
      gtk_file_filter_add_pattern (filter, "*.xlsx");
      gtk_file_filter_add_pattern (filter, "*.xls");
      break;
    case DABIAO_FILE_IMAGE:
      gtk_file_filter_set_name (filter, _("PNG images"));
      gtk_file_filter_add_pattern (filter, "*.png");
      gtk_file_filter_add_pattern (filter, "*.PNG");
      break;
    case DABIAO_FILE_KEY:
      gtk_file_filter_set_name (filter, _("All files"));
      gtk_file_filter_add_pattern (filter, "*");
      break;
    case DABIAO_FILE_PDF:
    default:
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_pattern (filter, "*.pdf");
      break;
    }
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
response_cb (GtkNativeDialog *dialog,
             int              response,
             gpointer         user_data)
{
  ChooserData *data = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  data->callback (file, data->user_data);

  gtk_native_dialog_destroy (dialog);
  g_free (data);
  g_object_unref (dialog);
}

static void
run_chooser (GtkWindow            *parent,
             const char           *title,
             GtkFileChooserAction  action,
             DabiaoFileKind        kind,
             const char           *suggested_name,
             GFile                *folder,
             DabiaoFileChosenFunc  callback,
             gpointer              user_data)
{
  GtkFileChooserNative *native;
  ChooserData *data = g_new0 (ChooserData, 1);

  data->callback = callback;
  data->user_data = user_data;

  native = gtk_file_chooser_native_new (title, parent, action, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  add_filters (GTK_FILE_CHOOSER (native), kind);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);

  g_signal_connect (native, "response", G_CALLBACK (response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
dabiao_choose_file_to_open (GtkWindow            *parent,
                            const char           *title,
                            DabiaoFileKind        kind,
                            DabiaoFileChosenFunc  callback,
                            gpointer              user_data)
{
  run_chooser (parent, title, GTK_FILE_CHOOSER_ACTION_OPEN, kind, NULL, NULL, callback, user_data);
}

void
dabiao_choose_file_to_open_in (GtkWindow            *parent,
                               const char           *title,
                               DabiaoFileKind        kind,
                               GFile                *folder,
                               DabiaoFileChosenFunc  callback,
                               gpointer              user_data)
{
  run_chooser (parent, title, GTK_FILE_CHOOSER_ACTION_OPEN, kind, NULL, folder, callback, user_data);
}

void
dabiao_choose_file_to_save (GtkWindow            *parent,
                            const char           *title,
                            DabiaoFileKind        kind,
                            const char           *suggested_name,
                            DabiaoFileChosenFunc  callback,
                            gpointer              user_data)
{
  run_chooser (parent, title, GTK_FILE_CHOOSER_ACTION_SAVE, kind, suggested_name, NULL,
               callback, user_data);
}
