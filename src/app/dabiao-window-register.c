/* dabiao-window-register.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-badge.h"
#include "dabiao-file-chooser.h"
#include "dabiao-print.h"
#include "dabiao-register-page.h"
#include "dabiao-window-private.h"

/* The 登记 page's wiring: the 身份证 reader (a DabiaoInstrument with the
 * id-card profile on the port of the GSettings key id-card-port), the desk
 * code (desk-code, asked for at the first registration on a computer that
 * never chose one), registering on the event's worker
 * (dabiao_event_register_async), and the badge printed at once: into
 * badge-folder as a PDF when that key names a folder, else to the default
 * printer — without one, the page says nothing was printed and offers to
 * save the badge as a PDF. */

#define BADGE_PAPER DABIAO_PAPER_A5_LANDSCAPE

/* ---- the card reader ------------------------------------------------------ */

static void
reader_state_cb (DabiaoWindow *self)
{
  DabiaoInstrumentState state = dabiao_instrument_get_state (self->card_reader);
  const char *message = dabiao_instrument_get_state_message (self->card_reader);
  g_autofree char *text = NULL;

  /* Translators: the identity card reader's state: %s names the port and the state */
  text = g_strdup_printf (_("Card reader: %s"), message != NULL ? message : "");
  dabiao_register_page_set_reader (self->register_page, text,
                                   state == DABIAO_INSTRUMENT_ERROR || state == DABIAO_INSTRUMENT_WAITING
                                   ? DABIAO_READER_SAID_PROBLEM
                                   : state == DABIAO_INSTRUMENT_CONNECTED ? DABIAO_READER_SAID_CONNECTED
                                                                          : DABIAO_READER_SAID_PLAIN);
}

static void
reader_reading_cb (DabiaoWindow  *self,
                   DabiaoReading *reading)
{
  if (reading->card != NULL)
    dabiao_register_page_add_card (self->register_page, reading->card);
}

static void
reader_problem_cb (DabiaoWindow *self,
                   const char   *message)
{
  /* A card read half-way (the reader unplugged mid-frame) is dropped: the
   * form is not touched, and the person lays the card again. */
  dabiao_register_page_set_reader (self->register_page, message, DABIAO_READER_SAID_PROBLEM);
  dabiao_window_add_toast (self, message);
}

static void
stop_reader (DabiaoWindow *self)
{
  if (self->card_reader == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->card_reader, self);
  dabiao_instrument_stop (self->card_reader);
  g_clear_object (&self->card_reader);
}

static void
start_reader (DabiaoWindow *self)
{
  g_autofree char *port = g_settings_get_string (self->settings, "id-card-port");
  g_autoptr(DabiaoProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  stop_reader (self);
  if (self->session == NULL || port[0] == '\0')
    {
      dabiao_register_page_set_reader (self->register_page,
                                       _("No card reader: set its port in Preferences, or type the number"),
                                       DABIAO_READER_SAID_PLAIN);
      return;
    }
  /* One reader, one desk: a second window on this computer types the
   * numbers (the rule of instrument ports). */
  if (_dabiao_window_port_used_elsewhere (self, port, dabiao_window_get_card_reader))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is the card reader's port */
      message = g_strdup_printf (_("Card reader %s is read by another window; type the numbers here"), port);
      dabiao_register_page_set_reader (self->register_page, message, DABIAO_READER_SAID_PLAIN);
      return;
    }
  profile = dabiao_profile_lookup ("id-card", &error);
  if (profile == NULL)
    {
      dabiao_register_page_set_reader (self->register_page, error->message, DABIAO_READER_SAID_PROBLEM);
      return;
    }
  self->card_reader = dabiao_instrument_new (profile, port, NULL);
  /* The state too: its message is notified first, while the state is
   * still the one before ("已连接" shown in red after a reconnect). */
  g_signal_connect_swapped (self->card_reader, "notify::state", G_CALLBACK (reader_state_cb), self);
  g_signal_connect_swapped (self->card_reader, "notify::state-message", G_CALLBACK (reader_state_cb), self);
  g_signal_connect_swapped (self->card_reader, "reading", G_CALLBACK (reader_reading_cb), self);
  g_signal_connect_swapped (self->card_reader, "problem", G_CALLBACK (reader_problem_cb), self);
  dabiao_instrument_start (self->card_reader);
  reader_state_cb (self);
}

/* ---- the badge ------------------------------------------------------------ */

typedef struct
{
  DabiaoWindow *window;
  char         *id;
  char         *folder;  /* NULL: the default printer (or @path alone) */
  char         *path;    /* the PDF written */
  DabiaoPages  *pages;
} BadgeData;

static void
badge_data_free (BadgeData *data)
{
  g_clear_object (&data->window);
  g_free (data->id);
  g_free (data->folder);
  g_free (data->path);
  g_clear_pointer (&data->pages, dabiao_pages_unref);
  g_free (data);
}

/* On the event's worker: the badge's pages and, with a folder, the PDF. */
static void
badge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BadgeData *data = task_data;
  GError *error = NULL;

  data->pages = dabiao_badge_pages_new_for_participant (source_object, data->id, BADGE_PAPER, &error);
  if (data->pages != NULL && data->folder == NULL && data->path != NULL)
    /* Saved where the person chose (no printer). */
    dabiao_pages_write_pdf (data->pages, data->path, cancellable, &error);
  else if (data->pages != NULL && data->folder != NULL)
    {
      /* Translators: the file name of a walk-in's badge; %s is the 编号 */
      g_autofree char *name = g_strdup_printf (_("badge-%s.pdf"), data->id);

      if (g_mkdir_with_parents (data->folder, 0755) != 0)
        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno),
                     _("The badge folder %s cannot be made: %s"), data->folder, g_strerror (errno));
      else
        {
          data->path = g_build_filename (data->folder, name, NULL);
          dabiao_pages_write_pdf (data->pages, data->path, cancellable, &error);
        }
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static const char *
no_printer_text (void)
{
  return _("no printer was found (save the badge as a PDF, or choose a badge folder in Preferences)");
}

/* Without CUPS running, GTK looks for the default printer for ever: the
 * desk is told after a while (the job is still waited for). */
static void
badge_no_answer_cb (gpointer user_data)
{
  BadgeData *data = user_data;

  if (data->window->register_page != NULL)   /* not after the window went */
    dabiao_register_page_badge_done (data->window->register_page, data->id, NULL, no_printer_text ());
}

static void
badge_printed_cb (GtkPrintOperationResult  result,
                  const GError            *error,
                  gpointer                 user_data)
{
  BadgeData *data = user_data;
  DabiaoWindow *self = data->window;

  if (self->register_page == NULL)
    ;
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    dabiao_register_page_badge_done (self->register_page, data->id, NULL, NULL);
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    dabiao_register_page_badge_done (self->register_page, data->id, NULL, error->message);
  else
    /* No dialog was shown, so nobody cancelled: there is no printer. */
    dabiao_register_page_badge_done (self->register_page, data->id, NULL, no_printer_text ());
  badge_data_free (data);
}

static void
badge_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  BadgeData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  BadgeData *print;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_register_page_badge_done (self->register_page, data->id, NULL, error->message);
      return;
    }
  if (data->path != NULL)
    {
      dabiao_register_page_badge_done (self->register_page, data->id, data->path, NULL);
      return;
    }
  /* The default printer, without a dialog: the desk prints one badge after
   * the other; said only once the job was sent (or why not). */
  print = g_new0 (BadgeData, 1);
  print->window = g_object_ref (self);
  print->id = g_strdup (data->id);
  dabiao_print_pages_to_default (GTK_WINDOW (self), data->pages, data->id, badge_printed_cb, badge_no_answer_cb,
                                 print);
}

/* The badge of @id: printed, or into the badge folder, or (@path) saved
 * there. */
static void
make_badge (DabiaoWindow *self,
            const char   *id,
            const char   *path)
{
  g_autoptr(GTask) task = g_task_new (dabiao_session_get_event (self->session), self->cancellable,
                                      badge_ready_cb, g_object_ref (self));
  g_autofree char *folder = g_settings_get_string (self->settings, "badge-folder");
  BadgeData *data = g_new0 (BadgeData, 1);

  data->id = g_strdup (id);
  if (path != NULL)
    data->path = g_strdup (path);
  else
    data->folder = folder[0] != '\0' ? g_steal_pointer (&folder) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) badge_data_free);
  dabiao_event_run_in_worker (dabiao_session_get_event (self->session), task, badge_thread);
}

static void
print_badge (DabiaoWindow *self,
             const char   *id)
{
  make_badge (self, id, NULL);
}

typedef struct
{
  DabiaoWindow *window;
  char         *id;
} SaveBadge;

static void
save_badge_chosen_cb (GFile    *file,
                      gpointer  user_data)
{
  SaveBadge *save = user_data;
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL && save->window->session != NULL)
    make_badge (save->window, save->id, path);
  g_object_unref (save->window);
  g_free (save->id);
  g_free (save);
}

/* No printer: the badge of @id as a PDF where the person chooses. */
static void
save_badge_cb (DabiaoWindow *self,
               const char   *id)
{
  g_autofree char *name = g_strdup_printf (_("badge-%s.pdf"), id);
  SaveBadge *save;

  if (self->session == NULL)
    return;
  save = g_new0 (SaveBadge, 1);
  save->window = g_object_ref (self);
  save->id = g_strdup (id);
  dabiao_choose_file_to_save (GTK_WINDOW (self), _("Save the Badge as PDF"), DABIAO_FILE_PDF, name,
                              save_badge_chosen_cb, save);
}

/* ---- registering ---------------------------------------------------------- */

static void
registered_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoRegistration) registration = NULL;
  g_autofree char *message = NULL;

  registration = dabiao_event_register_finish (DABIAO_EVENT (source), result, &error);
  if (registration == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s says what is wrong with the form */
          message = g_strdup_printf (_("%s — nobody was registered"), error->message);
          dabiao_register_page_show_error (self->register_page, message);
        }
      return;
    }
  if (registration->existing)
    /* Translators: the same identity card registered again */
    message = g_strdup_printf (_("This card is already registered: %s %s. Nothing was changed; no new badge."),
                               registration->id, registration->name);
  else
    message = g_strdup_printf (_("Registered: %s %s"), registration->id, registration->name);
  dabiao_register_page_registered (self->register_page, registration, message);
  if (registration->existing)
    return;
  print_badge (self, registration->id);
  _dabiao_window_reload_roster (self);
  _dabiao_window_sync_poke (self);
}

static void register_confirmed (DabiaoWindow *self);

static void
outside_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DabiaoWindow     *self)
{
  if (g_str_equal (response, "register"))
    register_confirmed (self);
}

/* Someone the event cannot score (findings-15b #2: a 61-year-old at an
 * adults' day was registered and certified): said plainly, registered
 * only when the desk confirms (the person may still take the tests). */
static void
register_now (DabiaoWindow *self)
{
  const char *problem;
  GtkWidget *dialog;

  if (self->session == NULL)
    return;
  problem = dabiao_register_page_get_group_problem (self->register_page);
  if (problem == NULL)
    {
      register_confirmed (self);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Register Someone Who Cannot Be Scored?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s.\n\nThe person can still take the tests, but gets no score, no level "
                                    "and no certificate."), problem);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "register", _("_Register Anyway"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "register", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (outside_response_cb), self, 0);
  gtk_widget_set_name (dialog, "register-outside-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
register_confirmed (DabiaoWindow *self)
{
  DabiaoWalkIn walk_in;

  if (self->session == NULL)
    return;
  dabiao_register_page_get_walk_in (self->register_page, &walk_in);
  dabiao_register_page_set_busy (self->register_page, TRUE);
  dabiao_event_register_async (dabiao_session_get_event (self->session), &walk_in,
                               dabiao_register_page_get_desk (self->register_page), self->cancellable,
                               registered_cb, g_object_ref (self));
}

/* ---- the desk code: chosen on each computer ------------------------------ */

/* Whether a person chose this computer's desk code (the default 'A' was
 * never written): every copy of an event would otherwise give A0001 … on
 * every desk, and the merged files would hold two people under one 编号. */
static gboolean
desk_code_chosen (DabiaoWindow *self)
{
  g_autoptr(GVariant) value = g_settings_get_user_value (self->settings, "desk-code");

  return value != NULL;
}

static char *
desk_entry_code (GtkEditable *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  return g_ascii_strup (text, -1);
}

static void
desk_entry_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  g_autofree char *code = desk_entry_code (entry);
  GtkLabel *problem = g_object_get_data (G_OBJECT (dialog), "problem");
  g_autoptr(GError) error = NULL;
  gboolean ok = dabiao_desk_code_check (code, &error);

  adw_message_dialog_set_response_enabled (dialog, "choose", ok);
  gtk_label_set_text (problem, ok || code[0] == '\0' ? "" : error->message);
}

static void
desk_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  DabiaoWindow     *self)
{
  gboolean then_register = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "then-register"));
  g_autofree char *code = desk_entry_code (g_object_get_data (G_OBJECT (dialog), "entry"));

  if (!g_str_equal (response, "choose") || !dabiao_desk_code_check (code, NULL))
    {
      if (then_register)
        dabiao_register_page_show_error (self->register_page,
                                         _("Nobody was registered: choose this computer's desk code first"));
      return;
    }
  /* desk_changed_cb() shows it on the page. */
  g_settings_set_string (self->settings, "desk-code", code);
  if (then_register)
    register_now (self);
}

/* What the desk-code dialog offers: the code chosen; never chosen, not A
 * for every computer (findings-15d #8: desk B's Enter would have made a
 * second desk A) but the first letter no walk-in of this file has (a file
 * that already holds A0001 … offers B), or nothing to type over. */
static char *
suggested_desk (DabiaoWindow *self)
{
  GListModel *roster;
  gboolean used[26] = { FALSE };
  gboolean any = FALSE;

  if (desk_code_chosen (self))
    return g_strdup (dabiao_register_page_get_desk (self->register_page));
  roster = self->session != NULL ? G_LIST_MODEL (dabiao_session_get_roster (self->session)) : NULL;
  for (guint i = 0; roster != NULL && i < g_list_model_get_n_items (roster); i++)
    {
      g_autoptr(DabiaoRosterItem) item = g_list_model_get_item (roster, i);
      const char *id = dabiao_roster_item_get_id (item);

      /* A walk-in's 编号: the desk's letter and four digits (A0001). */
      if (g_ascii_isupper (id[0]) && strlen (id) == 5 && strspn (id + 1, "0123456789") == 4)
        used[id[0] - 'A'] = any = TRUE;
    }
  for (guint c = 0; any && c < G_N_ELEMENTS (used); c++)
    if (!used[c])
      return g_strdup_printf ("%c", 'A' + c);
  return g_strdup ("");
}

/* Asks for this computer's desk code; @then_register: registers what the
 * form holds once it is chosen. */
static void
choose_desk (DabiaoWindow *self,
             gboolean      then_register)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *problem = gtk_label_new (NULL);
  g_autofree char *suggested = suggested_desk (self);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Which Registration Desk Is This Computer?"),
                                   _("Every computer that registers walk-ins needs its own desk code: A on the "
                                     "first, B on the second, and so on. The numbers it gives start with it "
                                     "(A0001, B0001 …), so that the desks' files merge without two people "
                                     "under one number. Ask which codes the other desks use."));
  gtk_widget_set_name (dialog, "register-desk-dialog");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_widget_set_name (entry, "register-desk-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested);
  /* Translators: the desk-code entry, when no code is suggested */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("A, B, C …"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 4);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_widget_add_css_class (problem, "error");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), problem);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "choose", _("_Use This Code"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "choose", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "choose");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "problem", problem);
  g_object_set_data (G_OBJECT (dialog), "then-register", GINT_TO_POINTER (then_register));
  g_signal_connect (entry, "changed", G_CALLBACK (desk_entry_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (desk_response_cb), self, 0);
  /* Nothing offered: 使用此代码 waits for a code (Enter does nothing). */
  desk_entry_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
change_desk_cb (DabiaoWindow *self)
{
  choose_desk (self, FALSE);
}

static void
register_cb (DabiaoWindow *self)
{
  if (self->session == NULL)
    return;
  if (!desk_code_chosen (self))
    choose_desk (self, TRUE);
  else
    register_now (self);
}

static void
desk_changed_cb (DabiaoWindow *self)
{
  g_autofree char *desk = g_settings_get_string (self->settings, "desk-code");

  /* Half typed in 首选项 (cleared before B is typed): the page keeps the
   * code it has (the trial: a red "登记台代码“”无效" stayed after B). */
  if (!dabiao_desk_code_check (desk, NULL))
    return;
  dabiao_register_page_set_desk (self->register_page, desk, desk_code_chosen (self));
}

/* ---- 显示完整证件号 on the roster page: audited first ---------------------- */

static void
full_ids_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (dabiao_event_note_full_ids (source_object, "roster page", task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
full_ids_noted_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: %s says why the audit could not be written */
          g_autofree char *message = g_strdup_printf (_("The full identity numbers stay hidden: %s"), error->message);

          dabiao_window_add_toast (self, message);
        }
      return;
    }
  dabiao_roster_page_set_full_ids (self->roster_page, TRUE);
  /* The audit on the 成绩 page has it at once. */
  _dabiao_window_refresh_summary (self);
}

static void
full_ids_reason_changed_cb (GtkEditable      *entry,
                            AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "show", reason[0] != '\0');
}

static void
full_ids_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      DabiaoWindow     *self)
{
  GtkEditable *entry = GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "reason"));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GTask) task = NULL;

  if (!g_str_equal (response, "show") || reason[0] == '\0' || self->session == NULL)
    return;
  task = g_task_new (dabiao_session_get_event (self->session), self->cancellable, full_ids_noted_cb,
                     g_object_ref (self));
  g_task_set_task_data (task, g_steal_pointer (&reason), g_free);
  dabiao_event_run_in_worker (dabiao_session_get_event (self->session), task, full_ids_thread);
}

/* Whole numbers only with a reason, which the audit keeps (findings-15b
 * #7: one click showed them all). */
static void
full_ids_requested_cb (DabiaoWindow *self)
{
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->session == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Show the Full Identity Numbers?"),
                                   _("Every identity number on the roster page is shown whole. Say why: the "
                                     "reason is kept in the event's audit trail (成绩 page) with this computer "
                                     "and the time."));
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "full-ids-reason");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. checking a person's identity card"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "show", _("_Show Them"), NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "show", FALSE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "show", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "show");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "reason", entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (full_ids_reason_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (full_ids_response_cb), self, 0);
  gtk_widget_set_name (dialog, "full-ids-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static gboolean
start_reader_idle (gpointer data)
{
  DabiaoWindow *self = data;

  /* Not after the window was closed (disposed) meanwhile. */
  if (self->settings != NULL && self->register_page != NULL)
    start_reader (self);
  return G_SOURCE_REMOVE;
}

/* A new port in 首选项: the window whose 首选项 set it takes it; the others
 * try once every window has let its old port go. */
static void
reader_port_changed_cb (DabiaoWindow *self)
{
  stop_reader (self);
  if (self->preferences != NULL)
    start_reader (self);
  else
    g_idle_add_full (G_PRIORITY_DEFAULT, start_reader_idle, g_object_ref (self), g_object_unref);
}

void
_dabiao_window_register_init (DabiaoWindow *self)
{
  g_signal_connect_object (self->roster_page, "full-ids-requested", G_CALLBACK (full_ids_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->register_page, "register", G_CALLBACK (register_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->register_page, "change-desk", G_CALLBACK (change_desk_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->register_page, "save-badge", G_CALLBACK (save_badge_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::desk-code", G_CALLBACK (desk_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::id-card-port", G_CALLBACK (reader_port_changed_cb), self,
                           G_CONNECT_SWAPPED);
  desk_changed_cb (self);
}

void
_dabiao_window_register_open (DabiaoWindow *self)
{
  DabiaoEvent *event = dabiao_session_get_event (self->session);

  dabiao_register_page_set_standard (self->register_page, dabiao_session_get_standard (self->session),
                                     dabiao_event_get_date (event), dabiao_session_get_parts (self->session));
  /* Another event: its numbers masked until asked for again. */
  dabiao_roster_page_set_full_ids (self->roster_page, FALSE);
  start_reader (self);
}

void
_dabiao_window_register_stop (DabiaoWindow *self)
{
  stop_reader (self);
}

/**
 * dabiao_window_get_card_reader:
 *
 * Returns: (transfer none) (nullable): the registration desk's card reader
 */
DabiaoInstrument *
dabiao_window_get_card_reader (DabiaoWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  return self->card_reader;
}
