/* dabiao-window-correct.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-form.h"
#include "dabiao-window-private.h"

/* 更正 / 作废 on the results page: one participant's result at one item,
 * corrected to a new value or voided, with a reason.  Both go through the
 * core function `dabiao-cli record --replaces` and `dabiao-cli void` use
 * (dabiao_event_record(), on the event's worker): the old row stays in the
 * file, marked voided by the new one, which carries the reason, station and
 * operator.  The participant's results are shown again at once; a toast
 * offers 撤销, which is itself a correction (or, after a void, the old
 * result recorded again), so the file keeps every step. */

typedef enum
{
  UNDO_CORRECTION,
  UNDO_VOID,
} UndoKind;

struct _DabiaoCorrectUndo
{
  UndoKind       kind;
  DabiaoSession *session;
  char          *participant_id;
  char          *item;
  char          *row;          /* the correcting row (UNDO_CORRECTION) */
  gboolean       has_value;    /* the result before */
  double         value;
  DabiaoSpecial  special;
};

void
_dabiao_correct_undo_free (DabiaoCorrectUndo *undo)
{
  if (undo == NULL)
    return;
  g_clear_object (&undo->session);
  g_free (undo->participant_id);
  g_free (undo->item);
  g_free (undo->row);
  g_free (undo);
}

typedef struct
{
  DabiaoWindow     *window;
  DabiaoSession    *session;
  const DabiaoEventItem *item;   /* the session's */
  char             *participant_id;
  char             *title;       /* "李雷 · 50米跑" */
  GPtrArray        *rows;        /* DabiaoPersonAttempt of the item (copies) */
  AdwMessageDialog *dialog;
  GtkDropDown      *choice;      /* NULL with one row */
  GtkEntry         *value_entry;
  GtkLabel         *value_label;
  GtkCheckButton   *confirm;     /* an implausible value is right */
  GtkEntry         *reason_entry;
  DabiaoValueRead   read;
} CorrectDialog;

static void
correct_dialog_free (CorrectDialog *data)
{
  dabiao_value_read_clear (&data->read);
  g_object_unref (data->window);
  g_object_unref (data->session);
  g_free (data->participant_id);
  g_free (data->title);
  g_ptr_array_unref (data->rows);
  g_free (data);
}

static DabiaoPersonAttempt *
chosen_row (CorrectDialog *data)
{
  guint i = data->choice != NULL ? gtk_drop_down_get_selected (data->choice) : 0;

  return i < data->rows->len ? g_ptr_array_index (data->rows, i) : NULL;
}

static char *
reason_text (CorrectDialog *data)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->reason_entry))));
}

static void
update_responses (CorrectDialog *data)
{
  g_autofree char *reason = reason_text (data);
  gboolean value_ok = data->read.verdict == DABIAO_VALUE_VALID
                      || (data->read.verdict == DABIAO_VALUE_IMPLAUSIBLE
                          && gtk_check_button_get_active (data->confirm));

  adw_message_dialog_set_response_enabled (data->dialog, "correct", reason[0] != '\0' && value_ok);
  adw_message_dialog_set_response_enabled (data->dialog, "void", reason[0] != '\0');
}

/* The tick for an implausible value keeps its place when it is not
 * needed: the dialog does not change height while the value is typed (the
 * station trial: a click meant for 原因 landed in the value). */
static void
show_confirm (CorrectDialog *data,
              gboolean       shown)
{
  gtk_widget_set_opacity (GTK_WIDGET (data->confirm), shown ? 1.0 : 0.0);
  gtk_widget_set_sensitive (GTK_WIDGET (data->confirm), shown);
  gtk_widget_set_can_target (GTK_WIDGET (data->confirm), shown);
  gtk_accessible_update_state (GTK_ACCESSIBLE (data->confirm), GTK_ACCESSIBLE_STATE_HIDDEN, !shown, -1);
}

/* What the one value reader understood, or why it is no value. */
static void
value_changed_cb (CorrectDialog *data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (data->value_entry));

  gtk_check_button_set_active (data->confirm, FALSE);
  show_confirm (data, dabiao_form_show_value (data->value_label, data->item, text, &data->read)
                      == DABIAO_VALUE_IMPLAUSIBLE);
  update_responses (data);
}

static void
choice_changed_cb (CorrectDialog *data)
{
  DabiaoPersonAttempt *row = chosen_row (data);

  gtk_editable_set_text (GTK_EDITABLE (data->value_entry), row != NULL ? row->typed : "");
}

/* ---- after the worker ------------------------------------------------------- */

static void
toast_undo_cb (AdwToast     *toast,
               DabiaoWindow *self);

/* Shows the participant again (new score, total, grade), refreshes the
 * overview, and says what happened, with 撤销 when @undo is given. */
static void
changed (DabiaoWindow      *self,
         const char        *participant_id,
         const char        *message,
         DabiaoCorrectUndo *undo)
{
  AdwToast *toast = adw_toast_new (message);

  g_clear_pointer (&self->correct_undo, _dabiao_correct_undo_free);
  self->correct_undo = undo;
  if (undo != NULL)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_timeout (toast, 10);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
    }
  _dabiao_window_show_toast (self, toast);
  _dabiao_window_show_person (self, participant_id);
  _dabiao_window_station_result_changed (self, participant_id);
  _dabiao_window_refresh_summary_now (self);
  _dabiao_window_sync_poke (self);
}

typedef struct
{
  DabiaoWindow      *window;
  char              *participant_id;
  char              *message;
  DabiaoCorrectUndo *undo;       /* to keep when it worked */
  const char        *failure;    /* the error dialog's heading */
} Pending;

static Pending *
pending_new (DabiaoWindow      *self,
             const char        *participant_id,
             char              *message,
             DabiaoCorrectUndo *undo,
             const char        *failure)
{
  Pending *p = g_new0 (Pending, 1);

  p->window = g_object_ref (self);
  p->participant_id = g_strdup (participant_id);
  p->message = message;
  p->undo = undo;
  p->failure = failure;
  return p;
}

static void
pending_free (Pending *p)
{
  g_object_unref (p->window);
  g_free (p->participant_id);
  g_free (p->message);
  _dabiao_correct_undo_free (p->undo);
  g_free (p);
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *p = user_data;
  g_autoptr(DabiaoStanding) standing = NULL;
  g_autoptr(GError) error = NULL;

  standing = dabiao_session_record_finish (DABIAO_SESSION (source), result, &error);
  if (standing == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (p->window, p->failure, error);
    }
  else
    {
      if (p->undo != NULL && p->undo->kind == UNDO_CORRECTION)
        p->undo->row = g_strdup (standing->measurement_uuid);
      changed (p->window, p->participant_id, p->message, g_steal_pointer (&p->undo));
    }
  pending_free (p);
}

static void
voided_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Pending *p = user_data;
  g_autoptr(GError) error = NULL;

  if (!dabiao_session_void_finish (DABIAO_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (p->window, p->failure, error);
    }
  else
    changed (p->window, p->participant_id, p->message, g_steal_pointer (&p->undo));
  pending_free (p);
}

static DabiaoCorrectUndo *
undo_new (UndoKind             kind,
          DabiaoSession       *session,
          const char          *participant_id,
          DabiaoPersonAttempt *before)
{
  DabiaoCorrectUndo *undo = g_new0 (DabiaoCorrectUndo, 1);

  undo->kind = kind;
  undo->session = g_object_ref (session);
  undo->participant_id = g_strdup (participant_id);
  undo->item = g_strdup (before->item);
  undo->has_value = before->has_value;
  undo->value = before->value;
  undo->special = before->special;
  return undo;
}

/* 撤销: the step reversed by another audited row. */
static void
toast_undo_cb (AdwToast     *toast,
               DabiaoWindow *self)
{
  DabiaoCorrectUndo *undo = g_steal_pointer (&self->correct_undo);
  DabiaoRecordRequest request = { 0 };

  if (undo == NULL || undo->session != self->session)
    {
      _dabiao_correct_undo_free (undo);
      return;
    }
  request.participant_id = undo->participant_id;
  request.item = undo->item;
  request.has_value = undo->has_value;
  request.value = undo->value;
  request.special = undo->special;
  request.source = DABIAO_SOURCE_MANUAL;
  if (undo->kind == UNDO_CORRECTION)
    {
      request.replaces = undo->row;
      /* Translators: the reason stored with the row that undoes a correction */
      request.reason = _("Correction undone");
    }
  else
    /* Translators: the reason stored with the row that undoes a void */
    request.reason = _("Void undone");
  dabiao_session_record_async (self->session, &request, self->cancellable, recorded_cb,
                               pending_new (self, undo->participant_id, g_strdup (_("Undone; the event file keeps every step.")),
                                            NULL, _("Could not Undo")));
  _dabiao_correct_undo_free (undo);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             CorrectDialog    *data)
{
  DabiaoWindow *self = data->window;
  DabiaoPersonAttempt *row = chosen_row (data);
  g_autofree char *reason = reason_text (data);

  if (row == NULL || reason[0] == '\0' || data->session != self->session)
    ;
  else if (g_str_equal (response, "correct"))
    {
      DabiaoRecordRequest request = { 0 };
      double value = (double) data->read.value / DABIAO_VALUE_SCALE;
      g_autofree char *now = dabiao_session_format_value (data->item, value);
      /* Translators: corrected: 李雷 · 50米跑: 8.2 秒 → 8.0 秒 */
      char *message = g_strdup_printf (_("Corrected %s: %s → %s"), data->title, row->shown, now);

      request.participant_id = data->participant_id;
      request.item = data->item->code;
      request.has_value = TRUE;
      request.value = value;
      request.reason = reason;
      request.source = DABIAO_SOURCE_MANUAL;
      request.replaces = row->uuid;
      dabiao_session_record_async (data->session, &request, self->cancellable, recorded_cb,
                                   pending_new (self, data->participant_id, message,
                                                undo_new (UNDO_CORRECTION, data->session, data->participant_id, row),
                                                _("Could not Correct the Result")));
    }
  else if (g_str_equal (response, "void"))
    {
      /* Translators: voided: 李雷 · 50米跑: 8.2 秒 */
      char *message = g_strdup_printf (_("Voided %s: %s"), data->title, row->shown);

      dabiao_session_void_async (data->session, row->uuid, reason, self->cancellable, voided_cb,
                                 pending_new (self, data->participant_id, message,
                                              undo_new (UNDO_VOID, data->session, data->participant_id, row),
                                              _("Could not Void the Measurement")));
    }
  g_signal_handlers_disconnect_by_data (data->value_entry, data);
  g_signal_handlers_disconnect_by_data (data->reason_entry, data);
  g_signal_handlers_disconnect_by_data (data->confirm, data);
  if (data->choice != NULL)
    g_signal_handlers_disconnect_by_data (data->choice, data);
  correct_dialog_free (data);
}

/* The row the participant's result is taken from (the best valid
 * attempt, by the one rule of dabiao_best_attempt_fold()), else the last. */
static guint
counting_row (const DabiaoEventItem *item,
              GPtrArray             *rows)
{
  DabiaoBestAttempt best = { 0 };
  guint found = rows->len - 1;

  for (guint i = 0; i < rows->len; i++)
    {
      DabiaoPersonAttempt *a = g_ptr_array_index (rows, i);

      dabiao_best_attempt_fold (&best, item->better, a->has_value, a->value, a->special, a->reason);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      DabiaoPersonAttempt *a = g_ptr_array_index (rows, i);

      if (best.has_value ? a->has_value && a->value == best.value && a->special == DABIAO_SPECIAL_NONE
                         : a->special == best.special)
        found = i;
    }
  g_free (best.item);
  g_free (best.reason);
  return found;
}

/* ::correct of the results page: the dialog for @code of the participant
 * shown. */
void
_dabiao_window_correct_cb (DabiaoWindow *self,
                           const char   *code)
{
  CorrectDialog *data;
  GtkWidget *box;
  g_autofree char *body = NULL;
  const DabiaoEventItem *item;

  if (self->session == NULL || self->person == NULL
      || (item = dabiao_session_find_item (self->session, code)) == NULL)
    return;

  data = g_new0 (CorrectDialog, 1);
  data->window = g_object_ref (self);
  data->session = g_object_ref (self->session);
  data->item = item;
  data->participant_id = g_strdup (self->person->id);
  data->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_person_attempt_free);
  for (guint i = 0; i < self->person->attempts->len; i++)
    {
      DabiaoPersonAttempt *a = g_ptr_array_index (self->person->attempts, i);
      DabiaoPersonAttempt *copy;

      if (!g_str_equal (a->item, code))
        continue;
      copy = g_memdup2 (a, sizeof *a);
      copy->uuid = g_strdup (a->uuid);
      copy->item = g_strdup (a->item);
      copy->reason = g_strdup (a->reason);
      copy->shown = g_strdup (a->shown);
      copy->typed = g_strdup (a->typed);
      copy->when = g_strdup (a->when);
      g_ptr_array_add (data->rows, copy);
    }
  if (data->rows->len == 0)
    {
      correct_dialog_free (data);
      return;
    }
  data->title = g_strdup_printf ("%s · %s", self->person->name, item->name);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  if (data->rows->len > 1)
    {
      g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
      g_auto(GStrv) strings = NULL;

      for (guint i = 0; i < data->rows->len; i++)
        {
          DabiaoPersonAttempt *a = g_ptr_array_index (data->rows, i);
          /* Translators: an attempt to correct: 第 1 次：8.2 秒（10:42 · 手工） */
          g_autofree char *label = g_strdup_printf (_("Attempt %u: %s (%s)"), a->attempt, a->shown, a->when);

          g_strv_builder_add (labels, label);
        }
      strings = g_strv_builder_end (labels);
      data->choice = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) strings));
      gtk_widget_set_name (GTK_WIDGET (data->choice), "correct-attempt");
      gtk_drop_down_set_selected (data->choice, counting_row (item, data->rows));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->choice));
    }

  data->value_entry = dabiao_form_add_value (GTK_BOX (box), "correct-value", _("The right result"),
                                             &data->value_label);
  data->confirm = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("The value is _right; record it anyway")));
  gtk_widget_set_name (GTK_WIDGET (data->confirm), "correct-confirm");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->confirm));

  data->reason_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (data->reason_entry), "correct-reason");
  gtk_entry_set_placeholder_text (data->reason_entry, _("Reason (required), e.g. misread from the paper form"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (data->reason_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  gtk_widget_set_margin_top (GTK_WIDGET (data->reason_entry), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->reason_entry));

  body = g_strdup_printf ("%s\n%s", data->title,
                          _("The corrected result replaces the old one in scores and exports. The event file keeps both, with your reason, station and name."));
  data->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Correct Result"), body));
  adw_message_dialog_set_extra_child (data->dialog, box);
  adw_message_dialog_add_responses (data->dialog,
                                    "cancel", _("_Cancel"),
                                    "void", _("_Void"),
                                    "correct", _("C_orrect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (data->dialog, "void", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (data->dialog, "correct", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (data->dialog, "correct");
  adw_message_dialog_set_close_response (data->dialog, "cancel");
  gtk_entry_set_activates_default (data->reason_entry, TRUE);

  g_signal_connect_swapped (data->value_entry, "changed", G_CALLBACK (value_changed_cb), data);
  g_signal_connect_swapped (data->reason_entry, "changed", G_CALLBACK (update_responses), data);
  g_signal_connect_swapped (data->confirm, "toggled", G_CALLBACK (update_responses), data);
  if (data->choice != NULL)
    g_signal_connect_swapped (data->choice, "notify::selected", G_CALLBACK (choice_changed_cb), data);
  g_signal_connect (data->dialog, "response", G_CALLBACK (response_cb), data);
  choice_changed_cb (data);

  gtk_window_present (GTK_WINDOW (data->dialog));
  gtk_widget_grab_focus (GTK_WIDGET (data->value_entry));
}
