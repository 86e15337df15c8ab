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

GtkEntry *
dabiao_form_add_value (GtkBox      *box,
                       const char  *name,
                       const char  *placeholder,
                       GtkLabel   **understood)
{
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());
  GtkLabel *label = GTK_LABEL (gtk_label_new (""));

  gtk_widget_set_name (GTK_WIDGET (entry), name);
  gtk_entry_set_placeholder_text (entry, placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  gtk_box_append (box, GTK_WIDGET (entry));
  gtk_widget_set_name (GTK_WIDGET (label), "value-understood");
  gtk_label_set_xalign (label, 0);
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (GTK_WIDGET (label), "caption");
  gtk_box_append (box, GTK_WIDGET (label));
  *understood = label;
  return entry;
}

DabiaoValueVerdict
dabiao_form_show_value (GtkLabel              *understood,
                        const DabiaoEventItem *item,
                        const char            *text,
                        DabiaoValueRead       *read)
{
  GtkWidget *label = GTK_WIDGET (understood);
  g_autofree char *shown = NULL;

  dabiao_value_read_clear (read);
  dabiao_event_item_read (item, text, read);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  switch (read->verdict)
    {
    case DABIAO_VALUE_VALID:
      /* Translators: what the typed value was read as: "1′48″ = 108 秒" */
      shown = g_strdup_printf (_("Reads as %s"), read->understood);
      break;
    case DABIAO_VALUE_IMPLAUSIBLE:
      shown = g_strdup (read->problem);
      gtk_widget_add_css_class (label, "warning");
      break;
    case DABIAO_VALUE_INVALID:
    default:
      shown = g_strdup (text[0] != '\0' ? read->problem : "");
      gtk_widget_add_css_class (label, "error");
      break;
    }
  gtk_label_set_label (understood, shown);
  return read->verdict;
}
