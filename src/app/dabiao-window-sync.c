/* dabiao-window-sync.c — the window's live sync with a server
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-secret.h"
#include "dabiao-syncer.h"
#include "dabiao-window-private.h"

/* The open event syncs with the server set in Preferences → 服务器 (GSettings
 * server-url, the password from the keyring) through a DabiaoSyncer; the
 * header shows its state, and rows from other stations refresh the results
 * page and the roster's statuses. */

static void
update_status (DabiaoWindow *self)
{
  g_autofree char *label = NULL;
  DabiaoSyncState state;
  const char *message;

  if (self->syncer == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->sync_button), FALSE);
      return;
    }
  state = dabiao_syncer_get_state (self->syncer);
  message = dabiao_syncer_get_message (self->syncer);
  label = dabiao_syncer_dup_label (self->syncer);
  gtk_button_set_label (self->sync_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), state != DABIAO_SYNC_OFF);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button),
                               message != NULL ? message : _("Sync with the server now"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_button), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_button), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sync_button), "success");
  if (state == DABIAO_SYNC_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "error");
  else if (state == DABIAO_SYNC_OFFLINE)
    gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "warning");
  else if (state == DABIAO_SYNC_SYNCED)
    gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "success");
}

/* Other stations' rows arrived: progress, history and statuses. */
static void
received_cb (DabiaoWindow *self,
             guint         measurements)
{
  if (self->session == NULL)
    return;
  _dabiao_window_refresh_summary (self);
  _dabiao_window_reload_roster (self);
}

static void
password_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = dabiao_secret_lookup_finish (result, &error);
  g_autofree char *url = NULL;

  if (self->syncer == NULL || self->settings == NULL)
    return;
  url = g_settings_get_string (self->settings, "server-url");
  if (error != NULL)
    {
      /* Without the keyring the URL (or ~/.pgpass) may still carry it. */
      _dabiao_window_show_toast (self, adw_toast_new (error->message));
    }
  dabiao_syncer_set_server (self->syncer, url, password);
}

/**
 * dabiao_window_reload_server:
 *
 * Takes the server address and password again (after Preferences changed
 * them) and starts a round.
 */
void
dabiao_window_reload_server (DabiaoWindow *self)
{
  g_autofree char *url = NULL;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  if (self->syncer == NULL)
    return;
  url = g_strstrip (g_settings_get_string (self->settings, "server-url"));
  if (*url == '\0')
    {
      dabiao_syncer_set_server (self->syncer, NULL, NULL);
      return;
    }
  dabiao_secret_lookup_async (url, self->cancellable, password_ready_cb, g_object_ref (self));
}

static void
server_url_changed_cb (DabiaoWindow *self)
{
  dabiao_window_reload_server (self);
}

void
_dabiao_window_sync_start (DabiaoWindow *self)
{
  _dabiao_window_sync_stop (self);
  if (self->session == NULL)
    return;
  self->syncer = dabiao_syncer_new (dabiao_session_get_event (self->session));
  g_signal_connect_object (self->syncer, "changed", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->syncer, "received", G_CALLBACK (received_cb), self, G_CONNECT_SWAPPED);
  if (self->sync_settings_handler == 0)
    self->sync_settings_handler = g_signal_connect_object (self->settings, "changed::server-url",
                                                           G_CALLBACK (server_url_changed_cb), self,
                                                           G_CONNECT_SWAPPED);
  update_status (self);
  dabiao_window_reload_server (self);
}

void
_dabiao_window_sync_stop (DabiaoWindow *self)
{
  if (self->syncer == NULL)
    return;
  dabiao_syncer_stop (self->syncer);
  g_signal_handlers_disconnect_by_data (self->syncer, self);
  g_clear_object (&self->syncer);
  update_status (self);
}

void
_dabiao_window_sync_poke (DabiaoWindow *self)
{
  if (self->syncer != NULL)
    dabiao_syncer_poke (self->syncer);
}

void
_dabiao_window_sync_clicked_cb (DabiaoWindow *self)
{
  if (self->syncer == NULL)
    return;
  if (dabiao_syncer_get_message (self->syncer) != NULL)
    _dabiao_window_show_toast (self, adw_toast_new (dabiao_syncer_get_message (self->syncer)));
  dabiao_window_reload_server (self);
}

/**
 * dabiao_window_get_syncer:
 *
 * Returns: (transfer none) (nullable): the open event's sync (tests)
 */
DabiaoSyncer *
dabiao_window_get_syncer (DabiaoWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);
  return self->syncer;
}

/**
 * dabiao_window_get_sync_status_text:
 *
 * Returns: what the header shows of the sync ("" when off)
 */
const char *
dabiao_window_get_sync_status_text (DabiaoWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->sync_button)))
    return "";
  return gtk_button_get_label (self->sync_button);
}
