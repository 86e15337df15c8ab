/* dabiao-station-dialogs.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-form.h"
#include "dabiao-reading.h"
#include "dabiao-station-page-private.h"

/* 犯规 and 缺测 ask once (Enter records, Esc cancels): one key must not
 * spend an attempt by accident. */

typedef struct
{
  DabiaoStationPage *page;
  DabiaoRecordKind   kind;
} SpecialDialog;

static void
special_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SpecialDialog    *data)
{
  if (g_str_equal (response, "record"))
    dabiao_station_page_request (data->page, data->kind, 0, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (data->page->checkin_entry));
}

/* Freed with the dialog, answered or not (a window closed under it). */
static void
special_dialog_free (gpointer user_data)
{
  SpecialDialog *data = user_data;

  g_object_unref (data->page);
  g_free (data);
}

static char *
attempt_note (DabiaoStationPage *self)
{
  if (self->attempts_allowed == 0)
    return g_strdup ("");
  /* Translators: which attempt a foul or absence uses up, e.g. "(第 2 次，共 3 次)" */
  return g_strdup_printf (_(" (attempt %u of %u)"), self->attempts_done + 1, self->attempts_allowed);
}

void
_dabiao_station_page_ask_special (DabiaoStationPage *self,
                                  DabiaoRecordKind   kind)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  SpecialDialog *data = g_new0 (SpecialDialog, 1);
  const char *name = dabiao_roster_item_get_name (self->participant);
  const char *item = dabiao_station_page_get_item (self);
  g_autofree char *note = attempt_note (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* No attempt beyond the allowed number is ever offered. */
  if (self->participant == NULL || _dabiao_station_page_attempts_used (self))
    {
      g_free (data);
      return;
    }
  data->page = g_object_ref (self);
  data->kind = kind;
  if (kind == DABIAO_RECORD_FOUL && dabiao_item_foul_reruns (self->value_item->code))
    /* Translators: 张三 · 50米跑: a false start is recalled (decision 0204) */
    body = g_strdup_printf (_("%s · %s: a false start is recalled and run again; it does not use up an attempt."),
                            name, item != NULL ? item : "");
  else if (kind == DABIAO_RECORD_FOUL)
    /* Translators: 张三 · 50米跑: … (第 2 次，共 3 次) */
    body = g_strdup_printf (_("%s · %s: a foul counts as an attempt%s."), name, item != NULL ? item : "", note);
  else
    body = g_strdup_printf (_("%s · %s: absent counts as an attempt%s."), name, item != NULL ? item : "", note);
  dialog = adw_message_dialog_new (parent, kind == DABIAO_RECORD_FOUL ? _("Record a Foul?") : _("Record as Absent?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "dabiao-special-dialog", data, special_dialog_free);
  g_signal_connect (dialog, "response", G_CALLBACK (special_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* F3–F6 when nothing can be recorded: why, with 关闭 (Enter) — the
 * digits typed after F6 go nowhere, not into 签到. */
void
_dabiao_station_page_refuse_record (DabiaoStationPage *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  const char *item = dabiao_station_page_get_item (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->participant == NULL)
    body = g_strdup (_("No one is checked in. Scan a badge or type an ID or a name, then press the key again."));
  else if (self->attempts_allowed > 0 && self->attempts_done >= self->attempts_allowed)
    /* Translators: 张三, 肺活量, 3, 3 */
    body = g_strdup_printf (_("%s has used every attempt at %s (%u of %u): nothing more is recorded. "
                              "A saved result is corrected or voided on the Results page."),
                            dabiao_roster_item_get_name (self->participant), item != NULL ? item : "",
                            self->attempts_done, self->attempts_allowed);
  else
    body = g_strdup (gtk_label_get_label (self->status_label));   /* 免测, not applicable: said there */
  dialog = adw_message_dialog_new (parent, _("Nothing to Record"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (gtk_widget_grab_focus), self->checkin_entry,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The manual-entry and exempt dialogs: an AdwMessageDialog with entries as
 * its extra child.  A typed value is read by the one value reader of the
 * core (the same as `dabiao-cli record`): what it understood (1′48″ = 108
 * 秒) or why it is no value shows under the field as one types; a value
 * outside the item's plausible range needs a second Enter. */

typedef struct
{
  DabiaoStationPage *page;
  AdwMessageDialog  *dialog;
  GtkEntry          *value_entry;   /* NULL for exempt */
  GtkLabel          *value_label;   /* what the reader understood, or why not */
  GtkEntry          *reason_entry;
  DabiaoRecordKind   kind;
  DabiaoValueRead    read;
  gboolean           confirmed;     /* the implausible value was confirmed */
} EntryDialog;

static void
entry_dialog_update_cb (EntryDialog *data)
{
  g_autofree char *reason =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->reason_entry))));
  gboolean ok = reason[0] != '\0';

  if (data->value_entry != NULL)
    ok = ok && (data->read.verdict == DABIAO_VALUE_VALID
                || (data->read.verdict == DABIAO_VALUE_IMPLAUSIBLE && data->confirmed));
  adw_message_dialog_set_response_enabled (data->dialog, "record", ok);
}

static void
entry_dialog_value_changed_cb (EntryDialog *data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (data->value_entry));

  data->confirmed = FALSE;
  if (dabiao_form_show_value (data->value_label, data->page->value_item, text, &data->read)
      == DABIAO_VALUE_IMPLAUSIBLE)
    {
      /* Translators: a value outside the plausible range: the range, then how to go on */
      g_autofree char *shown = g_strdup_printf (_("%s. Check it; press Enter again to record %s anyway."),
                                                data->read.problem, data->read.understood);

      gtk_label_set_label (data->value_label, shown);
    }
  entry_dialog_update_cb (data);
}

/* Enter in either field: records when all is well; the first Enter on an
 * implausible value only confirms it; otherwise moves to what is missing. */
static void
entry_dialog_enter_cb (EntryDialog *data)
{
  g_autofree char *reason =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->reason_entry))));

  if (data->value_entry != NULL)
    {
      if (data->read.verdict == DABIAO_VALUE_INVALID)
        {
          gtk_widget_grab_focus (GTK_WIDGET (data->value_entry));
          return;
        }
      if (data->read.verdict == DABIAO_VALUE_IMPLAUSIBLE && !data->confirmed)
        {
          g_autofree char *shown =
            /* Translators: after the first Enter on an implausible value */
            g_strdup_printf (_("%s. Confirmed: press Enter to record %s."), data->read.problem, data->read.understood);

          data->confirmed = TRUE;
          gtk_label_set_label (data->value_label, shown);
          entry_dialog_update_cb (data);
          return;
        }
    }
  if (reason[0] == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (data->reason_entry));
      return;
    }
  /* Closed as any dialog is closed, with 记录 as the response closing
   * gives: ::response, then the dialog is destroyed at
   * once.  It used to emit the response, hide the dialog and destroy it
   * from an idle; with another program's windows on the display (two test
   * processes, one Xvfb) GTK then sometimes asked a freed dialog for its
   * size ("invalid unclassed pointer in cast to 'GtkWindow'" from a
   * toplevel's compute-size: 7 of 8 runs of test-manual-entry).
   * Closing the normal way never did in 30 runs. */
  if (adw_message_dialog_get_response_enabled (data->dialog, "record"))
    {
      adw_message_dialog_set_close_response (data->dialog, "record");
      gtk_window_close (GTK_WINDOW (data->dialog));
    }
}

static void
entry_dialog_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          EntryDialog      *data)
{
  if (g_str_equal (response, "record"))
    {
      g_autofree char *reason =
        g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->reason_entry))));

      if (data->value_entry == NULL)
        dabiao_station_page_request (data->page, data->kind, 0, reason);
      else if (data->read.verdict == DABIAO_VALUE_VALID
               || (data->read.verdict == DABIAO_VALUE_IMPLAUSIBLE && data->confirmed))
        {
          g_free (data->page->last_manual_reason);
          data->page->last_manual_reason = g_strdup (reason);
          dabiao_station_page_request (data->page, data->kind,
                                       (double) data->read.value / DABIAO_VALUE_SCALE, reason);
        }
    }
  gtk_widget_grab_focus (GTK_WIDGET (data->page->checkin_entry));
  /* The entries outlive this until the dialog goes: no more calls here. */
  if (data->value_entry != NULL)
    g_signal_handlers_disconnect_by_data (data->value_entry, data);
  g_signal_handlers_disconnect_by_data (data->reason_entry, data);
}

/* Freed with the dialog, whether it ended with a response or was destroyed
 * with its window. */
static void
entry_dialog_free (gpointer user_data)
{
  EntryDialog *data = user_data;

  dabiao_value_read_clear (&data->read);
  g_object_unref (data->page);
  g_free (data);
}

/* How values of the item are written, as the field's hint. */
static char *
value_hint (const DabiaoEventItem *item)
{
  if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
    /* Translators: the hint in the value field of a 分.秒 item */
    return g_strdup (_("e.g. 1.48, 1′48″ or 108″"));
  if (g_str_equal (item->unit, "s"))
    return g_strdup (_("e.g. 7.8 or 7″8 (seconds)"));
  if (*dabiao_unit_label (item->unit) != '\0' && !g_str_equal (item->unit, "index"))
    /* Translators: the hint in the value field: the item's unit */
    return g_strdup_printf (_("In %s"), dabiao_unit_label (item->unit));
  return g_strdup (_("Value"));
}

void
_dabiao_station_page_open_entry_dialog (DabiaoStationPage *self,
                                        DabiaoRecordKind   kind)
{
  EntryDialog *data = g_new0 (EntryDialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  const char *heading;
  g_autofree char *body = NULL;

  /* No attempt beyond the allowed number is ever offered. */
  if (self->participant == NULL || _dabiao_station_page_attempts_used (self))
    {
      g_object_unref (g_object_ref_sink (box));
      g_free (data);
      return;
    }
  data->page = g_object_ref (self);
  data->kind = kind;

  if (kind == DABIAO_RECORD_MANUAL)
    {
      g_autofree char *hint = value_hint (self->value_item);

      heading = _("Manual Entry");
      /* Translators: 张三, 50米跑 */
      body = g_strdup_printf (_("Type the result of %s at %s. It is marked as entered by hand."),
                              dabiao_roster_item_get_name (self->participant), self->value_item->name);
      data->value_entry = dabiao_form_add_value (GTK_BOX (box), "value-entry", hint, &data->value_label);
    }
  else
    {
      heading = _("Exempt");
      body = g_strdup_printf (_("Why is %s exempt from this item?"),
                              dabiao_roster_item_get_name (self->participant));
    }

  data->reason_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (data->reason_entry), "reason-entry");
  gtk_entry_set_placeholder_text (data->reason_entry,
                                  kind == DABIAO_RECORD_MANUAL
                                  ? _("Reason (required), e.g. instrument failed")
                                  : _("Reason (required), e.g. injury"));
  gtk_widget_set_margin_top (GTK_WIDGET (data->reason_entry), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->reason_entry));
  /* The reason of the last hand entry here, offered again (15d #6: about
   * 200 typed a day at a station without an instrument); typing replaces
   * it.  Not for 免测, whose reason is the person's. */
  if (kind == DABIAO_RECORD_MANUAL && self->last_manual_reason != NULL)
    gtk_editable_set_text (GTK_EDITABLE (data->reason_entry), self->last_manual_reason);

  data->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  g_object_set_data_full (G_OBJECT (data->dialog), "dabiao-entry-dialog", data, entry_dialog_free);
  adw_message_dialog_set_extra_child (data->dialog, box);
  adw_message_dialog_add_responses (data->dialog,
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (data->dialog, "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (data->dialog, "record");
  adw_message_dialog_set_close_response (data->dialog, "cancel");
  adw_message_dialog_set_response_enabled (data->dialog, "record", FALSE);

  if (data->value_entry != NULL)
    {
      g_signal_connect_swapped (data->value_entry, "changed", G_CALLBACK (entry_dialog_value_changed_cb), data);
      g_signal_connect_swapped (data->value_entry, "activate", G_CALLBACK (entry_dialog_enter_cb), data);
      entry_dialog_value_changed_cb (data);   /* nothing typed yet: no value */
    }
  g_signal_connect_swapped (data->reason_entry, "changed", G_CALLBACK (entry_dialog_update_cb), data);
  g_signal_connect_swapped (data->reason_entry, "activate", G_CALLBACK (entry_dialog_enter_cb), data);
  g_signal_connect (data->dialog, "response", G_CALLBACK (entry_dialog_response_cb), data);

  gtk_window_present (GTK_WINDOW (data->dialog));
  gtk_widget_grab_focus (data->value_entry != NULL ? GTK_WIDGET (data->value_entry)
                                                   : GTK_WIDGET (data->reason_entry));
}
