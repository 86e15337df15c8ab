/* dabiao-window-register.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-badge.h"
#include "dabiao-print.h"
#include "dabiao-register-page.h"
#include "dabiao-window-private.h"

/* The 登记 page's wiring: the 身份证 reader (a DabiaoInstrument with the
 * id-card profile on the port of the GSettings key id-card-port), the desk
 * code (desk-code), registering on the event's worker
 * (dabiao_event_register_async), and the badge printed at once: into
 * badge-folder as a PDF when that key names a folder, else to the default
 * printer. */

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
                                   state == DABIAO_INSTRUMENT_ERROR || state == DABIAO_INSTRUMENT_WAITING);
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
  dabiao_register_page_set_reader (self->register_page, message, TRUE);
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
                                       _("No card reader: set its port in Preferences, or type the number"), FALSE);
      return;
    }
  profile = dabiao_profile_lookup ("id-card", &error);
  if (profile == NULL)
    {
      dabiao_register_page_set_reader (self->register_page, error->message, TRUE);
      return;
    }
  self->card_reader = dabiao_instrument_new (profile, port, NULL);
  g_signal_connect_swapped (self->card_reader, "notify::state-message", G_CALLBACK (reader_state_cb), self);
  g_signal_connect_swapped (self->card_reader, "reading", G_CALLBACK (reader_reading_cb), self);
  g_signal_connect_swapped (self->card_reader, "problem", G_CALLBACK (reader_problem_cb), self);
  dabiao_instrument_start (self->card_reader);
  reader_state_cb (self);
}

/* ---- the badge ------------------------------------------------------------ */

typedef struct
{
  char        *id;
  char        *folder;  /* NULL: the default printer */
  char        *path;    /* the PDF written */
  DabiaoPages *pages;
} BadgeData;

static void
badge_data_free (BadgeData *data)
{
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
  if (data->pages != NULL && data->folder != NULL)
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

static void
badge_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  BadgeData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_register_page_badge_done (self->register_page, data->id, NULL, error->message);
      return;
    }
  if (data->path == NULL)
    {
      /* The default printer, without a dialog: the desk prints one badge
       * after the other. */
      g_autoptr(GtkPrintOperation) operation = dabiao_print_operation_new (data->pages, data->id);
      GtkPrintOperationResult printed;

      gtk_print_operation_set_allow_async (operation, TRUE);
      printed = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT, GTK_WINDOW (self), &error);
      if (printed == GTK_PRINT_OPERATION_RESULT_ERROR)
        {
          dabiao_register_page_badge_done (self->register_page, data->id, NULL, error->message);
          return;
        }
    }
  dabiao_register_page_badge_done (self->register_page, data->id, data->path, NULL);
}

static void
print_badge (DabiaoWindow *self,
             const char   *id)
{
  g_autoptr(GTask) task = g_task_new (dabiao_session_get_event (self->session), self->cancellable,
                                      badge_ready_cb, g_object_ref (self));
  g_autofree char *folder = g_settings_get_string (self->settings, "badge-folder");
  BadgeData *data = g_new0 (BadgeData, 1);

  data->id = g_strdup (id);
  data->folder = folder[0] != '\0' ? g_steal_pointer (&folder) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) badge_data_free);
  dabiao_event_run_in_worker (dabiao_session_get_event (self->session), task, badge_thread);
}

/* ---- registering ---------------------------------------------------------- */

static void
roster_reloaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dabiao_session_reload_roster_finish (DABIAO_SESSION (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dabiao_window_add_toast (self, error->message);
}

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
  dabiao_session_reload_roster_async (self->session, self->cancellable, roster_reloaded_cb, g_object_ref (self));
  _dabiao_window_sync_poke (self);
}

static void
register_cb (DabiaoWindow *self)
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

static void
desk_changed_cb (DabiaoWindow *self)
{
  g_autofree char *desk = g_settings_get_string (self->settings, "desk-code");
  g_autoptr(GError) error = NULL;

  if (!dabiao_desk_code_check (desk, &error))
    {
      dabiao_register_page_show_error (self->register_page, error->message);
      g_clear_pointer (&desk, g_free);
    }
  dabiao_register_page_set_desk (self->register_page, desk);
}

/* ---- 显示完整证件号 on the roster page: audited first ---------------------- */

static void
full_ids_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (dabiao_event_note_full_ids (source_object, "roster page", &error))
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
}

static void
full_ids_requested_cb (DabiaoWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->session == NULL)
    return;
  task = g_task_new (dabiao_session_get_event (self->session), self->cancellable, full_ids_noted_cb,
                     g_object_ref (self));
  dabiao_event_run_in_worker (dabiao_session_get_event (self->session), task, full_ids_thread);
}

void
_dabiao_window_register_init (DabiaoWindow *self)
{
  g_signal_connect_object (self->roster_page, "full-ids-requested", G_CALLBACK (full_ids_requested_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->register_page, "register", G_CALLBACK (register_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::desk-code", G_CALLBACK (desk_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::id-card-port", G_CALLBACK (start_reader), self,
                           G_CONNECT_SWAPPED);
  desk_changed_cb (self);
}

void
_dabiao_window_register_open (DabiaoWindow *self)
{
  DabiaoEvent *event = dabiao_session_get_event (self->session);

  dabiao_register_page_set_standard (self->register_page, dabiao_session_get_standard (self->session),
                                     dabiao_event_get_date (event));
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
