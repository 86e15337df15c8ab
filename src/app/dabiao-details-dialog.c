/* dabiao-details-dialog.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-details-dialog.h"
#include "dabiao-error.h"
#include "dabiao-form.h"

struct _DabiaoDetailsDialog
{
  AdwWindow            parent_instance;

  DabiaoEvent         *event;
  DabiaoEventDetails  *loaded;
  GPtrArray           *school_rows;   /* AdwEntryRow per coded school, code in "dabiao-code" */

  GtkWidget           *form;
  AdwEntryRow         *name;
  AdwEntryRow         *date;
  AdwEntryRow         *place;
  AdwEntryRow         *organizer;
  AdwPreferencesGroup *event_group;
  AdwPreferencesGroup *schools;
  AdwPreferencesGroup *add_school;
  AdwPreferencesGroup *units;
  gboolean             by_age;        /* 国民体质: people of 单位, no schools unless it has some */
  AdwEntryRow         *new_code;
  AdwEntryRow         *new_name;
  GtkLabel            *problem;
  GtkWidget           *save_button;
};

G_DEFINE_FINAL_TYPE (DabiaoDetailsDialog, dabiao_details_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
dabiao_details_dialog_get_loaded (DabiaoDetailsDialog *self)
{
  return self->loaded != NULL;
}

const char *
dabiao_details_dialog_get_note (DabiaoDetailsDialog *self)
{
  const char *note = adw_preferences_group_get_description (self->event_group);

  return note != NULL ? note : "";
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

DabiaoEventDetails *
dabiao_details_dialog_get_details (DabiaoDetailsDialog *self)
{
  DabiaoEventDetails *details;

  if (self->loaded == NULL)
    return NULL;
  details = dabiao_event_details_new ();
  details->name = entry_text (self->name);
  details->date = entry_text (self->date);
  details->place = entry_text (self->place);
  details->organizer = entry_text (self->organizer);
  for (guint i = 0; i < self->school_rows->len; i++)
    {
      AdwEntryRow *row = g_ptr_array_index (self->school_rows, i);
      g_autofree char *name = entry_text (row);

      g_ptr_array_add (details->schools, dabiao_school_new (g_object_get_data (G_OBJECT (row), "dabiao-code"), name));
    }
  return details;
}

/* Checks as the organiser types; the first problem shows above the form
 * and 保存 waits until there is none. */
static void
validate (DabiaoDetailsDialog *self)
{
  g_autoptr(DabiaoEventDetails) details = dabiao_details_dialog_get_details (self);
  g_autoptr(GError) error = NULL;

  if (details == NULL)
    return;
  if (!dabiao_event_details_validate (details, &error))
    {
      dabiao_form_set_problem (self->problem, self->save_button, error->message, FALSE);
      return;
    }
  dabiao_form_set_problem (self->problem, self->save_button, NULL, TRUE);
}

static void
remove_school_cb (GtkButton           *button,
                  DabiaoDetailsDialog *self)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (button), "dabiao-row");

  g_ptr_array_remove (self->school_rows, row);
  adw_preferences_group_remove (self->schools, GTK_WIDGET (row));
  validate (self);
}

static void
add_school_row (DabiaoDetailsDialog *self,
                const char          *code,
                const char          *name,
                guint                participants)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *title = NULL;
  g_autofree char *row_name = g_strconcat ("school-", code, NULL);
  g_autofree char *remove_name = g_strconcat ("remove-school-", code, NULL);

  title = participants > 0
          ? g_strdup_printf (ngettext ("%s · %u participant", "%s · %u participants", participants), code, participants)
          : g_strdup (code);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), name);
  gtk_widget_set_name (row, row_name);
  g_object_set_data_full (G_OBJECT (row), "dabiao-code", g_strdup (code), g_free);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_name (remove, remove_name);
  /* Removing a school people belong to is refused by the event too; here
   * the button says why before anyone tries. */
  gtk_widget_set_sensitive (remove, participants == 0);
  gtk_widget_set_tooltip_text (remove, participants == 0 ? _("Remove this school")
                                                         : _("Participants belong to this school: it cannot be removed"));
  g_object_set_data (G_OBJECT (remove), "dabiao-row", row);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_school_cb), self);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (validate), self);
  g_ptr_array_add (self->school_rows, row);
  adw_preferences_group_add (self->schools, row);
}

static void
add_clicked_cb (DabiaoDetailsDialog *self)
{
  g_autofree char *code = entry_text (self->new_code);
  g_autofree char *name = entry_text (self->new_name);
  g_autoptr(GError) error = NULL;

  if (!dabiao_school_code_check (code, &error))
    {
      dabiao_form_set_problem (self->problem, NULL, error->message, FALSE);
      return;
    }
  for (guint i = 0; i < self->school_rows->len; i++)
    if (g_str_equal (g_object_get_data (g_ptr_array_index (self->school_rows, i), "dabiao-code"), code))
      {
        /* Known: the new name replaces the old one. */
        gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (self->school_rows, i)), name);
        code[0] = '\0';
        break;
      }
  if (code[0] != '\0')
    add_school_row (self, code, name, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->new_code), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_name), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->new_code));
  validate (self);
}

/* ---- Loading and saving ---------------------------------------------------- */

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DabiaoDetailsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  DabiaoEventDetails *details = dabiao_event_get_details_finish (DABIAO_EVENT (source), result, &error);
  guint n_units = 0;

  if (details == NULL)
    {
      dabiao_form_set_problem (self->problem, NULL, error->message, FALSE);
      return;
    }
  self->loaded = details;
  gtk_editable_set_text (GTK_EDITABLE (self->name), details->name);
  gtk_editable_set_text (GTK_EDITABLE (self->date), details->date);
  gtk_editable_set_text (GTK_EDITABLE (self->place), details->place);
  gtk_editable_set_text (GTK_EDITABLE (self->organizer), details->organizer);
  /* A new issuer reaches new certificates only: a reprint looks like the
   * original (trial 11d #6: one event's certificates with two issuers,
   * and no word of it here). */
  if (details->certificates > 0)
    {
      g_autofree char *note = g_strdup_printf (ngettext ("%u certificate has been issued: reprints keep the organising body printed on it; for the new one, reissue (补发) it.",
                                                         "%u certificates have been issued: reprints keep the organising body printed on them; for the new one, reissue (补发) them.",
                                                         details->certificates), details->certificates);

      adw_preferences_group_set_description (self->event_group, note);
    }
  for (guint i = 0; i < details->schools->len; i++)
    {
      const DabiaoSchool *school = g_ptr_array_index (details->schools, i);

      if (school->code != NULL)
        add_school_row (self, school->code, school->name, school->participants);
      else
        {
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *subtitle = g_strdup_printf (ngettext ("%u participant", "%u participants",
                                                                 school->participants), school->participants);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), school->name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_preferences_group_add (self->units, row);
          n_units++;
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->units), n_units > 0);
  /* An adult event speaks of 单位; schools only if it has coded ones. */
  gtk_widget_set_visible (GTK_WIDGET (self->schools), !self->by_age || self->school_rows->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->add_school), !self->by_age || self->school_rows->len > 0);
  gtk_widget_set_sensitive (self->form, TRUE);
  validate (self);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DabiaoDetailsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = entry_text (self->date);

  if (!dabiao_event_set_details_finish (DABIAO_EVENT (source), result, &error))
    {
      dabiao_form_set_problem (self->problem, self->save_button, error->message, TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, !g_str_equal (date, self->loaded->date));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_clicked_cb (DabiaoDetailsDialog *self)
{
  g_autoptr(DabiaoEventDetails) details = dabiao_details_dialog_get_details (self);

  if (details == NULL)
    return;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  dabiao_event_set_details_async (self->event, details, NULL, saved_cb, g_object_ref (self));
}

/* ---- Building -------------------------------------------------------------- */

static void
dabiao_details_dialog_finalize (GObject *object)
{
  DabiaoDetailsDialog *self = DABIAO_DETAILS_DIALOG (object);

  g_clear_object (&self->event);
  dabiao_event_details_free (self->loaded);
  g_ptr_array_unref (self->school_rows);
  G_OBJECT_CLASS (dabiao_details_dialog_parent_class)->finalize (object);
}

static void
dabiao_details_dialog_class_init (DabiaoDetailsDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dabiao_details_dialog_finalize;
  /* Esc as 取消 (trial 11d #11). */
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
  /* (date changed) */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
dabiao_details_dialog_init (DabiaoDetailsDialog *self)
{
  self->school_rows = g_ptr_array_new ();
}

static AdwEntryRow *
add_entry (AdwPreferencesGroup *group,
           const char          *title,
           const char          *name,
           DabiaoDetailsDialog *self)
{
  AdwEntryRow *row = dabiao_form_add_entry (group, title, name);

  if (self != NULL)
    g_signal_connect_swapped (row, "changed", G_CALLBACK (validate), self);
  return row;
}

DabiaoDetailsDialog *
dabiao_details_dialog_new (GtkWindow   *parent,
                           DabiaoEvent *event)
{
  DabiaoDetailsDialog *self = g_object_new (DABIAO_TYPE_DETAILS_DIALOG,
                                            "transient-for", parent, "modal", TRUE,
                                            "title", _("Event Details"), "default-width", 560,
                                            "default-height", 640, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *cancel;
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add School"));
  AdwPreferencesGroup *group;

  self->event = g_object_ref (event);
  cancel = dabiao_form_add_header (GTK_BOX (box), &self->save_button, &self->problem);

  self->form = page;
  gtk_widget_set_sensitive (page, FALSE);
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Event"));
  self->event_group = group;
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
  self->name = add_entry (group, _("Event name"), "name", self);
  self->date = add_entry (group, _("Test date (YYYY-MM-DD)"), "date", self);
  self->place = add_entry (group, _("Place"), "place", self);
  self->organizer = add_entry (group, _("Organising body (the issuer on certificates)"), "organizer", self);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Schools"));
  adw_preferences_group_set_description (group, _("学校代码 and 学校名称; rosters with these columns add their schools here. "
                                                  "A school participants belong to cannot be removed."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
  self->schools = group;

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Add a School"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
  self->add_school = group;
  self->new_code = add_entry (group, _("学校代码"), "new-code", NULL);
  self->new_name = add_entry (group, _("学校名称"), "new-name", NULL);
  gtk_widget_set_name (add, "add-school");
  gtk_widget_set_halign (add, GTK_ALIGN_END);
  gtk_widget_set_margin_top (add, 6);
  adw_preferences_group_add (group, add);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_clicked_cb), self);
  g_signal_connect_swapped (self->new_name, "entry-activated", G_CALLBACK (add_clicked_cb), self);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Organisations without a school code"));
  adw_preferences_group_set_description (group, _("From the rosters' 单位 column; printed as they are."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
  self->units = group;
  gtk_widget_set_visible (GTK_WIDGET (group), FALSE);

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  gtk_widget_set_sensitive (self->save_button, FALSE);

  dabiao_event_get_details_async (event, NULL, loaded_cb, g_object_ref (self));
  return self;
}

/**
 * dabiao_details_dialog_set_by_age:
 * @by_age: the event's standard groups people by age (国民体质): its people
 *   belong to 单位; the school groups are shown only if it has coded schools
 *
 * Call before the details are loaded (right after _new()).
 */
void
dabiao_details_dialog_set_by_age (DabiaoDetailsDialog *self,
                                  gboolean             by_age)
{
  g_return_if_fail (DABIAO_IS_DETAILS_DIALOG (self));

  self->by_age = by_age;
  adw_preferences_group_set_title (self->units, by_age ? _("Work units (单位)")
                                                       : _("Organisations without a school code"));
  adw_preferences_group_set_description (self->units, by_age ? _("From the roster's and the registrations' 单位; "
                                                                 "printed as they are.")
                                                             : _("From the rosters' 单位 column; printed as they are."));
}
