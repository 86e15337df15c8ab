/* dabiao-form.c: the parts the edit dialogs share
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dabiao-form.h"

GtkWidget *
dabiao_form_add_header (GtkBox     *box,
                        GtkWidget **save,
                        GtkLabel  **problem)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  *save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_name (*save, "save");
  gtk_widget_set_name (cancel, "cancel");
  gtk_widget_add_css_class (*save, "suggested-action");
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), *save);
  gtk_box_append (box, header);

  *problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (*problem, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (*problem), "error");
  gtk_widget_set_name (GTK_WIDGET (*problem), "problem");
  gtk_widget_set_visible (GTK_WIDGET (*problem), FALSE);
  gtk_widget_set_margin_top (GTK_WIDGET (*problem), 6);
  gtk_box_append (box, GTK_WIDGET (*problem));
  return cancel;
}

void
dabiao_form_set_problem (GtkLabel   *problem,
                         GtkWidget  *save,
                         const char *message,
                         gboolean    save_sensitive)
{
  if (message != NULL)
    gtk_label_set_text (problem, message);
  gtk_widget_set_visible (GTK_WIDGET (problem), message != NULL);
  if (save != NULL)
    gtk_widget_set_sensitive (save, save_sensitive);
}

AdwEntryRow *
dabiao_form_add_entry (AdwPreferencesGroup *group,
                       const char          *title,
                       const char          *name)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}
