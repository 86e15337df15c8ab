/* dabiao-window.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-file-chooser.h"
#include "dabiao-results-page.h"
#include "dabiao-roster-model.h"
#include "dabiao-roster-page.h"
#include "dabiao-start-page.h"
#include "dabiao-station-page.h"
#include "dabiao-window.h"

/* One window shows one event (like a document): the start page, and the
 * station, roster and results pages of the open event. */

#define MAX_RECENT 10

struct _DabiaoWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *stack;
  DabiaoStartPage      *start_page;
  DabiaoStationPage    *station_page;
  DabiaoRosterPage     *roster_page;
  DabiaoResultsPage    *results_page;

  GSettings            *settings;
  GCancellable         *cancellable;
  DabiaoRosterModel    *roster;
  GFile                *event_file;
};

G_DEFINE_FINAL_TYPE (DabiaoWindow, dabiao_window, ADW_TYPE_APPLICATION_WINDOW)

static void
load_recent (DabiaoWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-events");
  g_autoptr(GPtrArray) existing = g_ptr_array_new ();

  /* Files moved or deleted since are not offered. */
  for (guint i = 0; recent[i] != NULL; i++)
    if (g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (existing, recent[i]);
  g_ptr_array_add (existing, NULL);

  dabiao_start_page_set_recent (self->start_page, (const char * const *) existing->pdata);
}

static void
remember_recent (DabiaoWindow *self,
                 GFile        *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (path == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-events");
  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (recent[i], path))
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-events", (const char * const *) updated);
  load_recent (self);
}

static void
set_event_pages_visible (DabiaoWindow *self,
                         gboolean      visible)
{
  const char *names[] = { "station", "roster", "results" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (self->stack, names[i]);

      adw_view_stack_page_set_visible (adw_view_stack_get_page (self->stack, child), visible);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-roster", visible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", visible);
}

void
dabiao_window_add_toast (DabiaoWindow *self,
                         const char   *message)
{
  g_return_if_fail (DABIAO_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * dabiao_window_show_error:
 * @heading: what failed, e.g. "Could not open the event"
 * @error: why; its message names the file, row, port…
 *
 * A blocking error: an AdwMessageDialog with one "close" response.
 */
void
dabiao_window_show_error (DabiaoWindow *self,
                          const char   *heading,
                          const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s",
                                  error != NULL ? error->message : "");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

void
dabiao_window_show_page (DabiaoWindow *self,
                         const char   *name)
{
  GtkWidget *child;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  child = adw_view_stack_get_child_by_name (self->stack, name);
  if (child == NULL || !adw_view_stack_page_get_visible (adw_view_stack_get_page (self->stack, child)))
    return;
  adw_view_stack_set_visible_child (self->stack, child);
  if (g_str_equal (name, "station"))
    gtk_widget_grab_focus (child);
}

const char *
dabiao_window_get_page (DabiaoWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * dabiao_window_get_page_widget:
 *
 * Returns: (transfer none) (nullable): the page called @name
 */
GtkWidget *
dabiao_window_get_page_widget (DabiaoWindow *self,
                               const char   *name)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  return adw_view_stack_get_child_by_name (self->stack, name);
}

/**
 * dabiao_window_open_file:
 *
 * Opens the event file (asynchronously) and shows its station page.
 */
void
dabiao_window_open_file (DabiaoWindow *self,
                         GFile        *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (DABIAO_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  if (!g_file_query_exists (file, NULL))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s does not exist (any more). Choose another event file."), name);
      dabiao_window_show_error (self, _("Could not Open the Event"), error);
      return;
    }

  g_set_object (&self->event_file, file);
  adw_view_switcher_title_set_subtitle (self->switcher_title, name);
  remember_recent (self, file);
}

void
dabiao_window_open_demo (DabiaoWindow *self)
{
  g_return_if_fail (DABIAO_IS_WINDOW (self));

  dabiao_window_add_toast (self, _("The demo event is not available in this build."));
}

static void
on_open_chosen (GFile    *file,
                gpointer  user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;

  if (file != NULL)
    dabiao_window_open_file (self, file);
}

static void
open_event_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dabiao_choose_file_to_open (GTK_WINDOW (widget), _("Open Event"), DABIAO_FILE_EVENT,
                              on_open_chosen, g_object_ref (widget));
}

static void
open_recent_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  dabiao_window_open_file (DABIAO_WINDOW (widget), file);
}

static void
open_demo_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  dabiao_window_open_demo (DABIAO_WINDOW (widget));
}

static void
new_event_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  dabiao_window_add_toast (DABIAO_WINDOW (widget), _("Creating events is not available in this build."));
}

static void
import_roster_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  dabiao_window_add_toast (DABIAO_WINDOW (widget), _("Importing is not available in this build."));
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  dabiao_window_add_toast (DABIAO_WINDOW (widget), _("Printing is not available in this build."));
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  dabiao_window_show_page (DABIAO_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static gboolean
dabiao_window_close_request (GtkWindow *window)
{
  DabiaoWindow *self = DABIAO_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (dabiao_window_parent_class)->close_request (window);
}

static void
dabiao_window_dispose (GObject *object)
{
  DabiaoWindow *self = DABIAO_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->roster);
  g_clear_object (&self->event_file);
  gtk_widget_dispose_template (GTK_WIDGET (self), DABIAO_TYPE_WINDOW);

  G_OBJECT_CLASS (dabiao_window_parent_class)->dispose (object);
}

static void
dabiao_window_class_init (DabiaoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dabiao_window_dispose;
  window_class->close_request = dabiao_window_close_request;

  g_type_ensure (DABIAO_TYPE_START_PAGE);
  g_type_ensure (DABIAO_TYPE_STATION_PAGE);
  g_type_ensure (DABIAO_TYPE_ROSTER_PAGE);
  g_type_ensure (DABIAO_TYPE_RESULTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, station_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, roster_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, results_page);

  gtk_widget_class_install_action (widget_class, "win.new-event", NULL, new_event_activated);
  gtk_widget_class_install_action (widget_class, "win.open-event", NULL, open_event_activated);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_activated);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_activated);
  gtk_widget_class_install_action (widget_class, "win.import-roster", NULL, import_roster_activated);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
}

static void
dabiao_window_init (DabiaoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new ("cn.dabiao.Station");
  self->roster = dabiao_roster_model_new ();

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  dabiao_station_page_set_roster (self->station_page, self->roster);
  dabiao_roster_page_set_roster (self->roster_page, self->roster);

  load_recent (self);
  set_event_pages_visible (self, FALSE);

#ifdef DEVELOPMENT_BUILD
  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

DabiaoWindow *
dabiao_window_new (DabiaoApplication *application)
{
  return g_object_new (DABIAO_TYPE_WINDOW, "application", application, NULL);
}
