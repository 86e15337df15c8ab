/* dabiao-preferences-window.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-event-register.h"
#include "dabiao-preferences-window.h"
#include "dabiao-secret.h"
#include "dabiao-server.h"

/* Preferences: the cue sound, and the instrument: port, profile, and a
 * "test connection" console that shows each frame as hex and text with what
 * the profile parsed, so a technician can bring up a new instrument on site.
 * Port and profile are stored in GSettings (instrument-port,
 * instrument-profile); the window emits ::test-connection and whoever owns
 * the instrument feeds the console with dabiao_preferences_window_add_traffic().
 * Server: its address (GSettings server-url), the password (the keyring,
 * dabiao-secret.c) and a connection test run on a thread; ::server-changed
 * tells the windows to take them again. */

struct _DabiaoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkSwitch            *cue_switch;
  AdwEntryRow          *desk_row;
  AdwEntryRow          *id_card_port_row;
  AdwEntryRow          *badge_folder_row;
  AdwEntryRow          *certificate_folder_row;
  AdwComboRow          *port_row;
  GtkStringList        *port_list;
  AdwEntryRow          *port_entry;
  AdwComboRow          *profile_row;
  GtkStringList        *profile_list;   /* the profiles' titles */
  GStrv                 profile_names;  /* their names, in the same order */
  GtkTextView          *console;
  AdwEntryRow          *server_url_row;
  AdwPasswordEntryRow  *server_password_row;
  AdwActionRow         *server_test_row;
  GtkButton            *server_test_button;
  char                 *server_test_hint;   /* what the test row says before a test */
  guint                 server_edits;       /* changes to the address or password */

  GSettings            *settings;
  GCancellable         *cancellable;
  gboolean              loading;
  gboolean              instrument_touched;  /* port or profile chosen here */
};

enum {
  SIGNAL_TEST_CONNECTION,
  SIGNAL_INSTRUMENT_CHOSEN,
  SIGNAL_SERVER_CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DabiaoPreferencesWindow, dabiao_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

#define MAX_CONSOLE_LINES 2000

/**
 * dabiao_format_traffic:
 *
 * One console line.  Bytes in and out as hex and as printable text (other
 * bytes as "."), frames with what the profile parsed, state changes as text:
 *
 *   10:42:07.120 ← 53 54 2C 47 53  |ST,GS|
 *   10:42:07.121 ⇒ reading 4.876 kg (stable)
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
dabiao_format_traffic (const DabiaoTraffic *traffic)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (traffic->time_usec / G_USEC_PER_SEC);
  g_autofree char *stamp = time != NULL ? g_date_time_format (time, "%H:%M:%S") : g_strdup ("");
  GString *s = g_string_new (NULL);
  const guint8 *bytes = NULL;
  gsize length = 0;

  g_string_append_printf (s, "%s.%03d ", stamp, (int) ((traffic->time_usec / 1000) % 1000));
  if (traffic->bytes != NULL)
    bytes = g_bytes_get_data (traffic->bytes, &length);

  switch (traffic->direction)
    {
    case DABIAO_TRAFFIC_IN:
    case DABIAO_TRAFFIC_OUT:
      g_string_append (s, traffic->direction == DABIAO_TRAFFIC_IN ? "← " : "→ ");
      for (gsize i = 0; i < length; i++)
        g_string_append_printf (s, i == 0 ? "%02X" : " %02X", bytes[i]);
      g_string_append (s, "  |");
      for (gsize i = 0; i < length; i++)
        g_string_append_c (s, g_ascii_isprint (bytes[i]) ? (char) bytes[i] : '.');
      g_string_append_c (s, '|');
      break;
    case DABIAO_TRAFFIC_FRAME:
      g_string_append_printf (s, "⇒ %s", traffic->text != NULL ? traffic->text : "");
      break;
    case DABIAO_TRAFFIC_STATE:
    default:
      g_string_append_printf (s, "• %s", traffic->text != NULL ? traffic->text : "");
      break;
    }
  return g_string_free (s, FALSE);
}

static void
save_profile_cb (DabiaoPreferencesWindow *self)
{
  guint pos = adw_combo_row_get_selected (self->profile_row);

  if (self->loading || pos == GTK_INVALID_LIST_POSITION)
    return;
  if (self->profile_names == NULL || pos >= g_strv_length (self->profile_names))
    return;
  g_settings_set_string (self->settings, "instrument-profile", self->profile_names[pos]);
}

static void
save_port_cb (DabiaoPreferencesWindow *self)
{
  g_autofree char *port = NULL;

  if (self->loading)
    return;
  self->instrument_touched = TRUE;
  port = dabiao_preferences_window_get_port (self);
  g_settings_set_string (self->settings, "instrument-port", port != NULL ? port : "");
  /* The profile shown reads the port: stored with it.  Before anyone chose
   * one the row shows the first while the settings held none, and nothing
   * connected on closing or after a restart (trials 18c #6, 11c #8). */
  save_profile_cb (self);
}

/* The profile the 配置 row shows (NULL before the profiles are listed). */
static const char *
shown_profile (DabiaoPreferencesWindow *self)
{
  guint pos = adw_combo_row_get_selected (self->profile_row);

  return pos != GTK_INVALID_LIST_POSITION && self->profile_names != NULL
         && pos < g_strv_length (self->profile_names) ? self->profile_names[pos] : NULL;
}

/* The port and profile shown are this station's instrument: the window
 * connects it now, without 测试 (trials 18c #6, 11d #1), whatever the
 * settings managed to store. */
static void
emit_chosen (DabiaoPreferencesWindow *self)
{
  g_autofree char *port = dabiao_preferences_window_get_port (self);

  if (port != NULL && port[0] != '\0' && shown_profile (self) != NULL)
    g_signal_emit (self, signals[SIGNAL_INSTRUMENT_CHOSEN], 0, port, shown_profile (self));
}

/* Enter in 其他串口: the typed port is connected now. */
static void
port_entry_activated_cb (DabiaoPreferencesWindow *self)
{
  save_port_cb (self);
  emit_chosen (self);
}

/* A port picked from the list replaces a typed one, and is connected. */
static void
port_picked_cb (DabiaoPreferencesWindow *self)
{
  if (self->loading)
    return;
  if (gtk_editable_get_text (GTK_EDITABLE (self->port_entry))[0] != '\0')
    {
      self->loading = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->port_entry), "");
      self->loading = FALSE;
    }
  save_port_cb (self);
  emit_chosen (self);
}

/* Another 配置: the port is read with it from now on. */
static void
profile_picked_cb (DabiaoPreferencesWindow *self)
{
  if (self->loading)
    return;
  self->instrument_touched = TRUE;
  save_profile_cb (self);
  emit_chosen (self);
}

/* Closed after a port was typed (not confirmed with Enter): connected now. */
static gboolean
close_request_cb (DabiaoPreferencesWindow *self)
{
  if (self->instrument_touched)
    emit_chosen (self);
  return FALSE;
}

static void
test_clicked_cb (DabiaoPreferencesWindow *self)
{
  g_autofree char *port = dabiao_preferences_window_get_port (self);

  if (port == NULL || port[0] == '\0')
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Choose a port first.")));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_TEST_CONNECTION], 0, port, shown_profile (self));
}

static void
clear_clicked_cb (DabiaoPreferencesWindow *self)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->console), "", -1);
}

/* ---- Server ---------------------------------------------------------------- */

/* The address as typed, without a password: one pasted with the address
 * (as `dabiao-cli server add-station` prints it) moves to the password
 * field, so that the settings never hold it; @password (nullable) gets it. */
static char *
server_url (DabiaoPreferencesWindow  *self,
            char                    **password)
{
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_url_row))));
  g_autofree char *found = NULL;
  char *url = dabiao_server_url_strip_password (typed, &found);

  if (found != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->server_url_row), url);
      gtk_editable_set_text (GTK_EDITABLE (self->server_password_row), found);
    }
  if (password != NULL)
    *password = g_steal_pointer (&found);
  return url;
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DabiaoPreferencesWindow) self = user_data;
  gboolean in_keyring = FALSE;

  if (!dabiao_secret_store_finish (result, &in_keyring, NULL))
    return;   /* cancelled: the window closed */
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (in_keyring
                                                   ? _("Password kept in the keyring")
                                                   : _("There is no keyring on this computer: the password is kept until Dabiao closes")));
  g_signal_emit (self, signals[SIGNAL_SERVER_CHANGED], 0);
}

/* An emptied password: forgotten here and in the keyring (with no keyring
 * there was nothing to remove from it; the toast said it was kept). */
static void
password_removed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DabiaoPreferencesWindow) self = user_data;

  if (!dabiao_secret_store_finish (result, NULL, NULL))
    return;   /* cancelled: the window closed */
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Password removed: the server is used without one")));
  g_signal_emit (self, signals[SIGNAL_SERVER_CHANGED], 0);
}

static void
server_url_apply_cb (DabiaoPreferencesWindow *self)
{
  g_autofree char *password = NULL;
  g_autofree char *url = server_url (self, &password);

  g_settings_set_string (self->settings, "server-url", url);
  if (password != NULL && *url != '\0')
    {
      /* It came with the address: into the keyring, not the settings. */
      dabiao_secret_store_async (url, password, self->cancellable, password_stored_cb, g_object_ref (self));
      memset (password, 0, strlen (password));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SERVER_CHANGED], 0);
}

static void
server_password_apply_cb (DabiaoPreferencesWindow *self)
{
  g_autofree char *url = server_url (self, NULL);
  const char *password;

  if (*url == '\0')
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Enter the server address first.")));
      return;
    }
  /* The password belongs to the address: keep the address too. */
  g_settings_set_string (self->settings, "server-url", url);
  password = gtk_editable_get_text (GTK_EDITABLE (self->server_password_row));
  dabiao_secret_store_async (url, password, self->cancellable,
                             *password == '\0' ? password_removed_cb : password_stored_cb, g_object_ref (self));
}

static void
password_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DabiaoPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = dabiao_secret_lookup_finish (result, &error);

  if (password != NULL && self->server_password_row != NULL
      && *gtk_editable_get_text (GTK_EDITABLE (self->server_password_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->server_password_row), password);
}

typedef struct
{
  char  *url;
  char  *password;
  guint  edits;   /* server_edits when it started */
} ServerTest;

static void
server_test_free (ServerTest *test)
{
  g_free (test->url);
  g_free (test->password);
  g_free (test);
}

static void
server_test_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ServerTest *test = task_data;
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(GPtrArray) events = NULL;
  GError *error = NULL;

  server = dabiao_server_connect (test->url, test->password, &error);
  if (server == NULL || (events = dabiao_server_list_events (server, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Translators: after a successful connection test */
  g_task_return_pointer (task,
                         g_strdup_printf (ngettext ("Connected to %s: ready to sync (%u event there)",
                                                    "Connected to %s: ready to sync (%u events there)",
                                                    events->len),
                                          dabiao_server_get_label (server), events->len),
                         g_free);
}

static void
server_tested_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DabiaoPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_task_propagate_pointer (G_TASK (result), &error);

  ServerTest *test = g_task_get_task_data (G_TASK (result));

  if (self->server_test_row == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_test_button), TRUE);
  /* The address or password changed while it ran: its answer is about
   * what is no longer there. */
  if (test->edits != self->server_edits)
    {
      adw_action_row_set_subtitle (self->server_test_row, self->server_test_hint);
      return;
    }
  adw_action_row_set_subtitle (self->server_test_row, text != NULL ? text : error->message);
  if (text == NULL)
    return;
  /* What worked is what the station syncs with: the test keeps the address
   * and the password as their ✓ buttons would. */
  g_settings_set_string (self->settings, "server-url", test->url);
  if (test->password != NULL && *test->password != '\0')
    dabiao_secret_store_async (test->url, test->password, self->cancellable, password_stored_cb, g_object_ref (self));
  else
    g_signal_emit (self, signals[SIGNAL_SERVER_CHANGED], 0);
}

static void
server_test_clicked_cb (DabiaoPreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;
  ServerTest *test;

  test = g_new0 (ServerTest, 1);
  test->url = server_url (self, NULL);
  test->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_password_row)));
  test->edits = self->server_edits;
  if (*test->url == '\0')
    {
      server_test_free (test);
      adw_action_row_set_subtitle (self->server_test_row, _("Enter the server address first."));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_test_button), FALSE);
  adw_action_row_set_subtitle (self->server_test_row, _("Connecting…"));
  task = g_task_new (NULL, self->cancellable, server_tested_cb, g_object_ref (self));
  g_task_set_task_data (task, test, (GDestroyNotify) server_test_free);
  g_task_run_in_thread (task, server_test_thread);
}

/* A new address or password: the last test's answer (“refused the
 * password”) no longer applies (trial 16b: it stayed under 测试连接 after
 * a new address was pasted). */
static void
server_fields_changed_cb (DabiaoPreferencesWindow *self)
{
  self->server_edits++;
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->server_test_button)))
    adw_action_row_set_subtitle (self->server_test_row, self->server_test_hint);
}

/**
 * dabiao_preferences_window_get_server_status:
 *
 * Returns: what the connection test said (tests)
 */
const char *
dabiao_preferences_window_get_server_status (DabiaoPreferencesWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_PREFERENCES_WINDOW (self), NULL);
  return adw_action_row_get_subtitle (self->server_test_row);
}

static void
dabiao_preferences_window_dispose (GObject *object)
{
  DabiaoPreferencesWindow *self = DABIAO_PREFERENCES_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->profile_names, g_strfreev);
  g_clear_pointer (&self->server_test_hint, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DABIAO_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (dabiao_preferences_window_parent_class)->dispose (object);
}

static void
dabiao_preferences_window_class_init (DabiaoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dabiao_preferences_window_dispose;

  /**
   * DabiaoPreferencesWindow::test-connection:
   * @port: the port path
   * @profile: (nullable): the profile name
   */
  signals[SIGNAL_TEST_CONNECTION] =
    g_signal_new ("test-connection", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * DabiaoPreferencesWindow::instrument-chosen:
   * @port: the port path
   * @profile: the profile name
   *
   * A port or profile was chosen (picked, typed and confirmed, or typed
   * before closing): the station's instrument from now on.
   */
  signals[SIGNAL_INSTRUMENT_CHOSEN] =
    g_signal_new ("instrument-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * DabiaoPreferencesWindow::server-changed:
   *
   * The server address or its password changed.
   */
  signals[SIGNAL_SERVER_CHANGED] =
    g_signal_new ("server-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, badge_folder_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, certificate_folder_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, cue_switch);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, desk_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, id_card_port_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, port_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, port_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, port_entry);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, profile_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, profile_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, console);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, server_url_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, server_password_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, server_test_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoPreferencesWindow, server_test_button);
  gtk_widget_class_bind_template_callback (widget_class, server_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_password_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_test_clicked_cb);
}

/* The desk code as a person chose it, or empty when nobody did: the
 * schema's default 'A' shown here looked chosen on every computer
 * (findings-15b #6). */
static void
desk_setting_changed_cb (DabiaoPreferencesWindow *self)
{
  g_autoptr(GVariant) chosen = g_settings_get_user_value (self->settings, "desk-code");
  const char *code = chosen != NULL ? g_variant_get_string (chosen, NULL) : "";
  g_autofree char *shown = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->desk_row)), -1);

  if (g_strcmp0 (g_strstrip (shown), code) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->desk_row), code);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->desk_row),
                                 chosen != NULL ? _("Desk code (A, B, C2 …)")
                                                : _("Desk code (A, B, C2 …): not chosen on this computer yet"));
}

/* A valid code typed is this computer's; an empty one is none again. */
static void
desk_row_changed_cb (DabiaoPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->desk_row))));
  g_autofree char *code = g_ascii_strup (text, -1);
  g_autofree char *current = g_settings_get_string (self->settings, "desk-code");
  g_autoptr(GVariant) chosen = g_settings_get_user_value (self->settings, "desk-code");

  gtk_widget_remove_css_class (GTK_WIDGET (self->desk_row), "error");
  if (code[0] == '\0')
    {
      if (chosen != NULL)
        g_settings_reset (self->settings, "desk-code");
      return;
    }
  if (!dabiao_desk_code_check (code, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->desk_row), "error");
      return;
    }
  if (chosen == NULL || !g_str_equal (code, current))
    g_settings_set_string (self->settings, "desk-code", code);
}

static void
dabiao_preferences_window_init (DabiaoPreferencesWindow *self)
{
  g_autofree char *port = NULL;
  g_autofree char *url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new ("cn.dabiao.Station");
  url = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_url_row), url);
  self->server_test_hint = g_strdup (adw_action_row_get_subtitle (self->server_test_row));
  g_signal_connect_object (self->server_url_row, "changed", G_CALLBACK (server_fields_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server_password_row, "changed", G_CALLBACK (server_fields_changed_cb),
                           self, G_CONNECT_SWAPPED);
  if (*url != '\0')
    dabiao_secret_lookup_async (url, self->cancellable, password_found_cb, g_object_ref (self));
  g_settings_bind (self->settings, "cue-sound", self->cue_switch, "active", G_SETTINGS_BIND_DEFAULT);
  /* Not bound: the default 'A' is nobody's choice (findings-15b #6). */
  desk_setting_changed_cb (self);
  g_signal_connect_object (self->desk_row, "changed", G_CALLBACK (desk_row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::desk-code", G_CALLBACK (desk_setting_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "id-card-port", self->id_card_port_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "badge-folder", self->badge_folder_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "certificate-folder", self->certificate_folder_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  self->loading = TRUE;
  port = g_settings_get_string (self->settings, "instrument-port");
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port);
  self->loading = FALSE;

  g_signal_connect_object (self->port_row, "notify::selected", G_CALLBACK (port_picked_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->port_entry, "changed", G_CALLBACK (save_port_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->port_entry, "entry-activated", G_CALLBACK (port_entry_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->profile_row, "notify::selected", G_CALLBACK (profile_picked_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

DabiaoPreferencesWindow *
dabiao_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (DABIAO_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", FALSE,
                       NULL);
}

/**
 * dabiao_preferences_window_set_ports:
 * @ports: (array zero-terminated=1): port paths
 * @descriptions: (array zero-terminated=1) (nullable): what each port is
 * @in_use: (nullable): the port the station's instrument is connected to
 *   (the demo's simulated one …): shown as chosen, whatever the settings say
 */
void
dabiao_preferences_window_set_ports (DabiaoPreferencesWindow *self,
                                     const char * const      *ports,
                                     const char * const      *descriptions,
                                     const char              *in_use)
{
  g_autofree char *current = NULL;
  gboolean listed = FALSE;
  guint n;

  g_return_if_fail (DABIAO_IS_PREFERENCES_WINDOW (self));

  current = in_use != NULL ? g_strdup (in_use) : g_settings_get_string (self->settings, "instrument-port");
  self->loading = TRUE;
  /* The typed path wins over the list: it must not contradict the port in use. */
  if (in_use != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->port_entry)), in_use) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->port_entry), "");
  n = g_list_model_get_n_items (G_LIST_MODEL (self->port_list));
  gtk_string_list_splice (self->port_list, 0, n, NULL);
  for (guint i = 0; ports != NULL && ports[i] != NULL; i++)
    {
      g_autofree char *label = NULL;

      if (descriptions != NULL && descriptions[i] != NULL && descriptions[i][0] != '\0')
        label = g_strdup_printf ("%s — %s", ports[i], descriptions[i]);
      else
        label = g_strdup (ports[i]);
      gtk_string_list_append (self->port_list, label);
      g_object_set_data_full (g_list_model_get_item (G_LIST_MODEL (self->port_list), i),
                              "port", g_strdup (ports[i]), g_free);
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (self->port_list), i));
      if (g_strcmp0 (ports[i], current) == 0)
        {
          adw_combo_row_set_selected (self->port_row, i);
          listed = TRUE;
        }
    }
  if (in_use != NULL && !listed)
    gtk_editable_set_text (GTK_EDITABLE (self->port_entry), in_use);
  self->loading = FALSE;
}

/**
 * dabiao_preferences_window_set_profiles:
 * @profiles: the profiles' names (stored in the settings)
 * @titles: their titles, shown (电子计时器, not generic-line)
 */
void
dabiao_preferences_window_set_profiles (DabiaoPreferencesWindow *self,
                                        const char * const      *profiles,
                                        const char * const      *titles)
{
  g_autofree char *current = NULL;
  guint n;

  g_return_if_fail (DABIAO_IS_PREFERENCES_WINDOW (self));

  current = g_settings_get_string (self->settings, "instrument-profile");
  self->loading = TRUE;
  g_strfreev (self->profile_names);
  self->profile_names = g_strdupv ((char **) profiles);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->profile_list));
  gtk_string_list_splice (self->profile_list, 0, n, titles);
  for (guint i = 0; profiles != NULL && profiles[i] != NULL; i++)
    if (g_strcmp0 (profiles[i], current) == 0)
      adw_combo_row_set_selected (self->profile_row, i);
  self->loading = FALSE;
}

/**
 * dabiao_preferences_window_get_port:
 *
 * Returns: (transfer full) (nullable): the typed device path if any, else
 *   the port chosen in the list
 */
char *
dabiao_preferences_window_get_port (DabiaoPreferencesWindow *self)
{
  g_autofree char *typed = NULL;
  guint pos;

  g_return_val_if_fail (DABIAO_IS_PREFERENCES_WINDOW (self), NULL);

  typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->port_entry))));
  if (typed[0] != '\0')
    return g_steal_pointer (&typed);

  pos = adw_combo_row_get_selected (self->port_row);
  if (pos == GTK_INVALID_LIST_POSITION)
    return NULL;
  {
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->port_list), pos);

    return item != NULL ? g_strdup (g_object_get_data (item, "port")) : NULL;
  }
}

void
dabiao_preferences_window_add_traffic (DabiaoPreferencesWindow *self,
                                       const DabiaoTraffic     *traffic)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;
  g_autofree char *line = NULL;

  g_return_if_fail (DABIAO_IS_PREFERENCES_WINDOW (self));

  buffer = gtk_text_view_get_buffer (self->console);
  line = dabiao_format_traffic (traffic);

  if (gtk_text_buffer_get_line_count (buffer) > MAX_CONSOLE_LINES)
    {
      GtkTextIter start, second;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &second, 1);
      gtk_text_buffer_delete (buffer, &start, &second);
    }

  gtk_text_buffer_get_end_iter (buffer, &end);
  if (gtk_text_buffer_get_char_count (buffer) > 0)
    gtk_text_buffer_insert (buffer, &end, "\n", 1);
  gtk_text_buffer_insert (buffer, &end, line, -1);
  gtk_text_view_scroll_to_iter (self->console, &end, 0, FALSE, 0, 1);
}

char *
dabiao_preferences_window_get_console_text (DabiaoPreferencesWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (DABIAO_IS_PREFERENCES_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->console);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
