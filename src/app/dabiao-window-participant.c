/* dabiao-window-participant.c
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
#include "dabiao-results.h"
#include "dabiao-preferences-window.h"
#include "dabiao-print.h"
#include "dabiao-record-card.h"
#include "dabiao-results-page.h"
#include "dabiao-roster-model.h"
#include "dabiao-roster-page.h"
#include "dabiao-session.h"
#include "dabiao-start-page.h"
#include "dabiao-station-page.h"
#include "dabiao-results-stats.h"
#include "dabiao-window-private.h"

/* Editing a participant (姓名, 性别, 出生日期, 年级, 班级) from the roster page. */

static GtkEntry *
labelled_entry (GtkWidget  *grid,
                int         row,
                const char *label)
{
  GtkWidget *l = gtk_label_new (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (l), 1);
  gtk_widget_add_css_class (l, "dim-label");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, 1, row, 1, 1);
  return GTK_ENTRY (entry);
}

/* ---- editing a participant ------------------------------------------------- */

typedef struct
{
  DabiaoWindow *window;
  char         *id;
  GtkEntry     *name;
  GtkEntry     *class_name;
  GtkEntry     *birth_date;
  GtkDropDown  *sex;
  GtkDropDown  *grade;
} EditContext;

/* The 年级编号 offered: none (adults), then the national ones. */
static const int grade_codes[] = { 0, 11, 12, 13, 14, 15, 16, 21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43, 44 };

static void
edit_context_free (EditContext *ctx)
{
  g_object_unref (ctx->window);
  g_free (ctx->id);
  g_free (ctx);
}

static void
edit_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dabiao_session_update_participant_finish (DABIAO_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Save the Participant"), error);
      return;
    }
  _dabiao_window_show_roster (self);
  dabiao_window_add_toast (self, _("Participant saved."));
}

static void
edit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  EditContext      *ctx)
{
  DabiaoWindow *self = ctx->window;

  if (g_str_equal (response, "save") && self->session != NULL)
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ctx->name))));
      g_autofree char *class_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ctx->class_name))));

      g_autofree char *birth_date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ctx->birth_date))));
      guint grade = gtk_drop_down_get_selected (ctx->grade);

      dabiao_session_update_participant_async (self->session, ctx->id, name,
                                               gtk_drop_down_get_selected (ctx->sex) + 1, birth_date,
                                               grade < G_N_ELEMENTS (grade_codes) ? grade_codes[grade] : -1,
                                               class_name, self->cancellable, edit_ready_cb, g_object_ref (self));
    }
  edit_context_free (ctx);
}

static void
edit_validate_cb (EditContext *ctx)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (ctx->name), ADW_TYPE_MESSAGE_DIALOG);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ctx->name))));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", name[0] != '\0');
}

/* The dialog, once the participant's birth date is read (the roster's rows
 * do not carry it). */
static void
edit_dialog (DabiaoWindow      *self,
             DabiaoRosterItem  *item,
             DabiaoParticipant *participant)
{
  const char * const sexes[] = { "男", "女", NULL };
  EditContext *ctx = g_new0 (EditContext, 1);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *l;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  ctx->window = g_object_ref (self);
  ctx->id = g_strdup (dabiao_roster_item_get_id (item));

  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  /* Translators: a person's name (姓名), not a thing's (名称) */
  ctx->name = labelled_entry (grid, 0, C_("person", "Name"));
  gtk_editable_set_text (GTK_EDITABLE (ctx->name), dabiao_roster_item_get_name (item));
  l = gtk_label_new (_("Sex"));
  gtk_label_set_xalign (GTK_LABEL (l), 1);
  gtk_widget_add_css_class (l, "dim-label");
  ctx->sex = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (sexes));
  gtk_drop_down_set_selected (ctx->sex, dabiao_roster_item_get_sex (item) == 2 ? 1 : 0);
  gtk_grid_attach (GTK_GRID (grid), l, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (ctx->sex), 1, 1, 1, 1);
  ctx->birth_date = labelled_entry (grid, 2, _("Birth date"));
  gtk_widget_set_name (GTK_WIDGET (ctx->birth_date), "birth-date");
  gtk_entry_set_placeholder_text (ctx->birth_date, _("year-month-day; empty: unchanged"));
  gtk_editable_set_text (GTK_EDITABLE (ctx->birth_date), dabiao_participant_get_birth_date (participant));
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) labels = NULL;
    guint selected = 0;

    for (guint i = 0; i < G_N_ELEMENTS (grade_codes); i++)
      {
        g_autofree char *label = grade_codes[i] == 0 ? g_strdup (_("None"))
                                 : g_strdup_printf ("%s（%d）", dabiao_grade_label (grade_codes[i]), grade_codes[i]);

        g_strv_builder_add (builder, label);
        if (grade_codes[i] == dabiao_roster_item_get_grade (item))
          selected = i;
      }
    labels = g_strv_builder_end (builder);
    l = gtk_label_new (_("Grade"));
    gtk_label_set_xalign (GTK_LABEL (l), 1);
    gtk_widget_add_css_class (l, "dim-label");
    ctx->grade = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) labels));
    gtk_drop_down_set_selected (ctx->grade, selected);
    gtk_grid_attach (GTK_GRID (grid), l, 0, 3, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (ctx->grade), 1, 3, 1, 1);
  }
  ctx->class_name = labelled_entry (grid, 4, _("Class"));
  gtk_editable_set_text (GTK_EDITABLE (ctx->class_name), dabiao_roster_item_get_class_name (item));

  /* Translators: the participant's id */
  body = g_strdup_printf (_("ID %s. The change is kept in the event's audit trail."), ctx->id);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Edit Participant"), body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_entry_set_activates_default (ctx->name, TRUE);
  gtk_entry_set_activates_default (ctx->class_name, TRUE);
  gtk_entry_set_activates_default (ctx->birth_date, TRUE);
  g_signal_connect_swapped (ctx->name, "changed", G_CALLBACK (edit_validate_cb), ctx);
  g_signal_connect (dialog, "response", G_CALLBACK (edit_response_cb), ctx);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
participant_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  DabiaoParticipant *p = dabiao_event_get_participant (source_object, task_data, &error);

  if (p == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, p, g_object_unref);
}

static void
participant_ready_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DabiaoRosterItem) item = user_data;
  g_autoptr(DabiaoParticipant) p = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoWindow *self = g_object_get_data (G_OBJECT (result), "window");

  p = g_task_propagate_pointer (G_TASK (result), &error);
  if (p == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Read the Participant"), error);
      return;
    }
  edit_dialog (self, item, p);
}

void
_dabiao_window_participant_activated_cb (DabiaoWindow     *self,
                                         DabiaoRosterItem *item)
{
  DabiaoEvent *event;
  g_autoptr(GTask) task = NULL;

  if (self->session == NULL)
    return;
  event = dabiao_session_get_event (self->session);
  task = g_task_new (event, self->cancellable, participant_ready_cb, g_object_ref (item));
  g_object_set_data_full (G_OBJECT (task), "window", g_object_ref (self), g_object_unref);
  g_task_set_task_data (task, g_strdup (dabiao_roster_item_get_id (item)), g_free);
  dabiao_event_run_in_worker (event, task, participant_thread);
}
