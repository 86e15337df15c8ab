/* dabiao-window.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
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

/* One window shows one event (like a document): the start page, and the
 * station, roster and results pages of the open event.  The window wires
 * the pages to the session (the event file, off the main thread) and to the
 * instrument (DabiaoInstrument, its own worker thread). */

#define MAX_RECENT 10

G_DEFINE_FINAL_TYPE (DabiaoWindow, dabiao_window, ADW_TYPE_APPLICATION_WINDOW)

/* The recent events' names and dates, read (read-only, no lock) in a thread:
 * a list of file names alone does not say which event is which. */
static void
recent_details_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GStrv paths = task_data;
  GPtrArray *details = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; paths[i] != NULL && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(DabiaoEvent) event = dabiao_event_open (paths[i], DABIAO_EVENT_OPEN_READ_ONLY, NULL);
      char **row;

      if (event == NULL)
        continue;
      row = g_new0 (char *, 4);
      row[0] = g_strdup (paths[i]);
      row[1] = g_strdup (dabiao_event_get_name (event));
      row[2] = g_strdup (dabiao_event_get_date (event));
      g_ptr_array_add (details, row);
      dabiao_event_close (event);
    }
  g_task_return_pointer (task, details, (GDestroyNotify) g_ptr_array_unref);
}

static void
recent_details_ready_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  DabiaoWindow *self = DABIAO_WINDOW (source);
  g_autoptr(GPtrArray) details = g_task_propagate_pointer (G_TASK (result), NULL);

  for (guint i = 0; details != NULL && i < details->len; i++)
    {
      char **row = g_ptr_array_index (details, i);

      dabiao_start_page_set_recent_details (self->start_page, row[0], row[1], row[2]);
    }
}

static void
read_recent_details (DabiaoWindow       *self,
                     const char * const *paths)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, recent_details_ready_cb, NULL);

  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, recent_details_thread);
}

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
  read_recent_details (self, (const char * const *) existing->pdata);
}

void
_dabiao_window_remember_recent (DabiaoWindow *self,
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

/* The header's page tabs.  AdwViewSwitcherTitle (libadwaita 1.2) is not
 * used: it also hides the tabs while it believes the window is at most
 * 360 px wide, and it decides that in an idle after the window is realized
 * reading the window's allocated width, which may still be 0 then; it
 * looks again only when the surface width changes, so a window that is
 * never resized kept the title in place of the tabs ("sometimes", by the
 * race).  The same squeezer here switches on the width it is given only. */
static void
title_squeezed_cb (DabiaoWindow *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar, !dabiao_window_get_tabs_shown (self)
                                    && adw_squeezer_page_get_enabled (adw_squeezer_get_page (self->title_squeezer,
                                                                                             GTK_WIDGET (self->wide_switcher))));
}

/* The station page shown (its tab clicked, Alt+2): the keys go to its
 * check-in field, not to the tab that was clicked. */
static void
page_shown_cb (DabiaoWindow *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "station") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->station_page));
}

/* The event's name in the header stays whole (up to its 18 characters) in
 * up to a fifth of the window's width: the tabs then step down to their
 * narrow form rather than squeeze it to "⋯" (findings-16 #9, 1024 px with
 * 离线（N 条待上传）).  In a narrower window it may shorten: the tabs and
 * the window's buttons need the room (the station page goes to 360 px). */
static void
fit_event_label (DabiaoWindow *self)
{
  GtkWidget *label = GTK_WIDGET (self->event_label);
  int width = 0, height = 0;
  int natural = 0;

  /* (GTK 4.8 takes no NULL for either.) */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width <= 0)
    width = gtk_widget_get_width (GTK_WIDGET (self));
  gtk_widget_set_size_request (label, -1, -1);
  if (width <= 0 || !gtk_widget_get_visible (label))
    return;
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  gtk_widget_set_size_request (label, MIN (natural, width / 5), -1);
}

gboolean
dabiao_window_get_tabs_shown (DabiaoWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (DABIAO_IS_WINDOW (self), FALSE);

  child = adw_squeezer_get_visible_child (self->title_squeezer);
  return child == GTK_WIDGET (self->wide_switcher) || child == GTK_WIDGET (self->narrow_switcher);
}

static void
set_event_pages_visible (DabiaoWindow *self,
                         gboolean      visible)
{
  const char *names[] = { "register", "station", "exit", "roster", "results" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (self->stack, names[i]);

      adw_view_stack_page_set_visible (adw_view_stack_get_page (self->stack, child), visible);
    }
  /* The tabs are offered only with an event (more than one page). */
  adw_squeezer_page_set_enabled (adw_squeezer_get_page (self->title_squeezer, GTK_WIDGET (self->wide_switcher)),
                                 visible);
  adw_squeezer_page_set_enabled (adw_squeezer_get_page (self->title_squeezer, GTK_WIDGET (self->narrow_switcher)),
                                 visible);
  title_squeezed_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-roster", visible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", visible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.event-setup", visible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.event-details", visible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge-files", visible);
}

void
dabiao_window_add_toast (DabiaoWindow *self,
                         const char   *message)
{
  g_return_if_fail (DABIAO_IS_WINDOW (self));

  _dabiao_window_show_toast (self, adw_toast_new (message));
}

/**
 * _dabiao_unwrapped_tooltip_cb:
 *
 * A ::query-tooltip handler: the widget's tooltip text on one line.  GTK's
 * own tooltip label wraps, and a tooltip pressed against the screen's edge
 * (the main menu at the top right) shrinks to its narrowest: Chinese text,
 * which may break after any character, then stands one character a line.
 */
gboolean
_dabiao_unwrapped_tooltip_cb (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip,
                              gpointer    data)
{
  const char *text = gtk_widget_get_tooltip_text (widget);
  GtkWidget *label;

  if (text == NULL || *text == '\0')
    return FALSE;
  label = gtk_label_new (text);
  gtk_widget_set_name (label, "unwrapped-tooltip");
  gtk_tooltip_set_custom (tooltip, label);
  return TRUE;
}

/* The newest toast replaces the one on screen: a toast queued behind others
 * would speak of what is long over (the last export's, minutes later). */
void
_dabiao_window_show_toast (DabiaoWindow *self,
                           AdwToast     *toast)
{
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  /* On the station page a toast would cover the keys (F3–F5 at the bottom
   * centre, findings-18b #10): a message without a button shows in the
   * page's band above the keys instead. */
  if (adw_toast_get_button_label (toast) == NULL
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "station") == 0
      && gtk_widget_get_mapped (GTK_WIDGET (self->station_page)))
    {
      dabiao_station_page_show_notice (self->station_page, adw_toast_get_title (toast));
      g_object_unref (toast);
      return;
    }
  g_set_weak_pointer (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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

/* Which copy of the event a file is, from its name: what is left of it
 * without ".dabiao" and a leading event name ("校运会-一号站.dabiao" of
 * 校运会: "一号站"; "st1.dabiao": "st1"), or NULL. */
static char *
copy_label (const char *path,
            const char *event_name)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *rest = base;

  if (g_str_has_suffix (base, ".dabiao"))
    base[strlen (base) - strlen (".dabiao")] = '\0';
  if (*event_name != '\0' && g_str_has_prefix (rest, event_name))
    rest += strlen (event_name);
  while (*rest != '\0' && strchr (" -_.·", *rest) != NULL)
    rest++;
  return *rest != '\0' ? g_strdup (rest) : NULL;
}

/* The window title (task bar, window list, Alt+Tab) names the event and,
 * so that several windows on one computer can be told apart (trial 16b:
 * three windows all "天河一中2026秋季体测 — 达标"), the station chosen on
 * the station page or else the copy the file is. */
void
_dabiao_window_update_title (DabiaoWindow *self)
{
  DabiaoEvent *event;
  const char *name;
  g_autofree char *which = NULL;
  g_autofree char *title = NULL;

  if (self->session == NULL)
    return;
  event = dabiao_session_get_event (self->session);
  name = dabiao_event_get_name (event);
  which = self->station_def != NULL ? g_strdup (self->station_def->name)
                                    : copy_label (dabiao_event_get_path (event), name);
  if (which != NULL)
    /* Translators: the window title: event · station — application */
    title = g_strdup_printf (_("%s · %s — %s"), name, which, _("Dabiao"));
  else
    title = g_strdup_printf ("%s — %s", name, _("Dabiao"));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Which event this is: in the window title (task bar, window list) and in
 * the header beside the tabs; again when 活动信息 renamed it (trial 11b #6:
 * the old name stayed until the event was opened again). */
void
_dabiao_window_show_event_name (DabiaoWindow *self)
{
  DabiaoEvent *event;
  const char *name;

  if (self->session == NULL)
    return;
  event = dabiao_session_get_event (self->session);
  name = dabiao_event_get_name (event);
  adw_window_title_set_subtitle (self->window_title, name);
  _dabiao_window_update_title (self);
  gtk_label_set_label (self->event_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->event_label), dabiao_event_get_path (event));
  gtk_widget_set_visible (GTK_WIDGET (self->event_label), TRUE);
  fit_event_label (self);
}

/* The start page's 最近的活动 read their names again (after a rename). */
void
_dabiao_window_reload_recent (DabiaoWindow *self)
{
  load_recent (self);
}

void
_dabiao_window_set_session (DabiaoWindow  *self,
                            DabiaoSession *session)
{
  if (self->session != NULL)
    dabiao_session_close (self->session);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->station_defs, g_ptr_array_unref);
  g_clear_pointer (&self->person, dabiao_person_view_free);
  g_clear_pointer (&self->correct_undo, _dabiao_correct_undo_free);
  dabiao_results_page_clear_person (self->results_page);

  dabiao_station_page_set_roster (self->station_page, dabiao_session_get_roster (session));
  /* Readings kept for nobody were taken for the event open then, not this
   * one (findings-18b #1: the demo's times offered in a new event). */
  dabiao_station_page_drop_unassigned (self->station_page);
  g_hash_table_remove_all (self->pending);
  g_clear_pointer (&self->reading, dabiao_reading_unref);
  dabiao_roster_page_set_roster (self->roster_page, dabiao_session_get_roster (session));
  dabiao_roster_page_set_by_age (self->roster_page, dabiao_session_is_by_age (session));
  dabiao_station_page_set_by_age (self->station_page, dabiao_session_is_by_age (session));
  g_signal_handlers_block_by_func (self->station_page, _dabiao_window_apply_station_cb, self);
  dabiao_station_page_set_stations (self->station_page, NULL);
  g_signal_handlers_unblock_by_func (self->station_page, _dabiao_window_apply_station_cb, self);
  _dabiao_window_apply_station_cb (self);
  _dabiao_window_load_station_definitions (self);

  set_event_pages_visible (self, TRUE);
  _dabiao_window_show_event_name (self);
  _dabiao_window_sync_start (self);
  _dabiao_window_register_open (self);
  _dabiao_window_exit_open (self);
  dabiao_window_show_page (self, "station");
  _dabiao_window_refresh_summary_now (self);
}

/* Whether another window of this program reads @port with the device
 * @get returns (its instrument, its 身份证 reader): the devices chosen in
 * 首选项 are settings of the whole program, and a second window on another
 * event must not take the first one's port (15c #3: both read the cards). */
gboolean
_dabiao_window_port_used_elsewhere (DabiaoWindow       *self,
                                    const char         *port,
                                    DabiaoInstrument *(*get) (DabiaoWindow *))
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      DabiaoInstrument *instrument;

      if (!DABIAO_IS_WINDOW (window) || window == GTK_WINDOW (self))
        continue;
      instrument = get (DABIAO_WINDOW (window));
      if (instrument != NULL && g_strcmp0 (dabiao_instrument_get_port (instrument), port) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
open_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = dabiao_session_open_finish (result, &error);
  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Open the Event"), error);
      return;
    }

  /* The demo's simulated timer belongs to the demo event: another event
   * opened after it gets the station's own instrument (the trial: the
   * demo's 50米跑 times went on into the next event). */
  self->demo = self->demo_file != NULL
               && g_strcmp0 (dabiao_event_get_path (dabiao_session_get_event (session)), self->demo_file) == 0;
  if (!self->demo)
    _dabiao_window_stop_demo_instrument (self);
  _dabiao_window_remember_recent (self, self->event_file);
  _dabiao_window_set_session (self, session);

  if (!self->demo)
    {
      g_autofree char *port = g_settings_get_string (self->settings, "instrument-port");
      g_autofree char *profile = g_settings_get_string (self->settings, "instrument-profile");

      if (port[0] != '\0' && profile[0] != '\0' && _dabiao_window_port_used_elsewhere (self, port, dabiao_window_get_instrument))
        {
          g_autofree char *message = g_strdup_printf (_("%s is used by another window; choose this station's instrument in Preferences"), port);

          dabiao_station_page_set_link (self->station_page, DABIAO_LINK_ERROR, message);
        }
      else if (port[0] != '\0' && profile[0] != '\0')
        _dabiao_window_start_instrument (self, profile, port);
      else if (port[0] != '\0')
        {
          /* Translators: a port is set, its profile is not (the header's status) */
          g_autofree char *message = g_strdup_printf (_("%s: no profile chosen"), port);

          dabiao_station_page_set_link (self->station_page, DABIAO_LINK_ERROR, message);
        }
    }
  else if (self->demo_port != NULL)
    _dabiao_window_start_instrument (self, DEMO_PROFILE, self->demo_port);
}

static void
reopen_closed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!dabiao_session_close_finish (DABIAO_SESSION (source), result, &error))
    g_warning ("closing the event before opening it again: %s", error->message);
  path = self->event_file != NULL ? g_file_get_path (self->event_file) : NULL;
  if (path != NULL && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    dabiao_session_open_async (path, self->cancellable, open_ready_cb, g_object_ref (self));
}

/* The open event closed (its lock released), then opened again, without
 * asking: every page shows what changed (items, the test date). */
void
_dabiao_window_reopen (DabiaoWindow *self)
{
  if (self->session == NULL || self->event_file == NULL)
    return;
  dabiao_session_close_async (self->session, NULL, reopen_closed_cb, g_object_ref (self));
}

static void open_other_response_cb (DabiaoWindow     *self,
                                    const char       *response,
                                    AdwMessageDialog *dialog);

/* Whether @a and @b name the same file, also through another spelling of
 * its path (a symbolic link, "..", a relative name). */
static gboolean
same_file (GFile *a,
           GFile *b)
{
  g_autofree char *path_a = g_file_get_path (a);
  g_autofree char *path_b = g_file_get_path (b);
  g_autofree char *real_a = path_a != NULL ? realpath (path_a, NULL) : NULL;
  g_autofree char *real_b = path_b != NULL ? realpath (path_b, NULL) : NULL;

  if (real_a != NULL && real_b != NULL)
    return g_str_equal (real_a, real_b);
  return g_file_equal (a, b);
}

/**
 * dabiao_window_has_event_file:
 *
 * Whether the event open in this window is @file.
 */
gboolean
dabiao_window_has_event_file (DabiaoWindow *self,
                              GFile        *file)
{
  g_autoptr(GFile) open_file = NULL;

  g_return_val_if_fail (DABIAO_IS_WINDOW (self), FALSE);

  if (self->session == NULL)
    return FALSE;
  open_file = g_file_new_for_path (dabiao_event_get_path (dabiao_session_get_event (self->session)));
  return same_file (open_file, file);
}

/**
 * dabiao_window_find_for_file:
 *
 * Returns: (transfer none) (nullable): the window of this program that has
 * the event @file open
 */
DabiaoWindow *
dabiao_window_find_for_file (GFile *file)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (DABIAO_IS_WINDOW (window) && !gtk_widget_in_destruction (GTK_WIDGET (window))
          && dabiao_window_has_event_file (DABIAO_WINDOW (window), file))
        return DABIAO_WINDOW (window);
    }
  return NULL;
}

/**
 * dabiao_window_open_file:
 *
 * Opens the event file (in a worker thread) and shows its station page.
 */
void
dabiao_window_open_file (DabiaoWindow *self,
                         GFile        *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DABIAO_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *where = g_file_get_parse_name (file);

      /* The whole path: a name given on the command line may have been
       * looked for in another folder than the person thought. */
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s does not exist (any more). Choose another event file."), where);
      dabiao_window_show_error (self, _("Could not Open the Event"), error);
      return;
    }

  /* Open already, here or in another window: that window, in front (the
   * trial: a second `dabiao FILE` gave a second window on the same event). */
  {
    DabiaoWindow *open_in = dabiao_window_find_for_file (file);

    if (open_in != NULL)
      {
        g_autofree char *message = g_strdup_printf (_("“%s” is open in this window."),
                                                    dabiao_event_get_name (dabiao_session_get_event (open_in->session)));

        dabiao_window_show_page (open_in, "station");
        gtk_window_present (GTK_WINDOW (open_in));
        if (open_in != self)
          dabiao_window_add_toast (open_in, message);
        return;
      }
  }

  /* Another event open: ask first (its results are safe on disk, but the
   * station in use would switch under the operator's hands). */
  if (self->session != NULL)
    {
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Open Another Event?"), NULL);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("“%s” is open. Opening %s here closes it; everything recorded is already saved in its file. Open in New Window keeps both open."),
                                      dabiao_event_get_name (dabiao_session_get_event (self->session)), name);
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "new-window", _("Open in _New Window"),
                                        "open", _("_Open"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
      g_signal_connect_object (dialog, "response", G_CALLBACK (open_other_response_cb), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  g_set_object (&self->event_file, file);
  dabiao_session_open_async (path, self->cancellable, open_ready_cb, g_object_ref (self));
}

static void
open_other_response_cb (DabiaoWindow     *self,
                        const char       *response,
                        AdwMessageDialog *dialog)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");
  g_autofree char *path = g_file_get_path (file);

  /* Both events at once (a station copy beside the organiser's file): a
   * window of its own in this program. */
  if (g_str_equal (response, "new-window"))
    {
      DabiaoWindow *window = g_object_new (DABIAO_TYPE_WINDOW,
                                           "application", gtk_window_get_application (GTK_WINDOW (self)),
                                           NULL);

      gtk_window_present (GTK_WINDOW (window));
      dabiao_window_open_file (window, file);
      return;
    }
  if (!g_str_equal (response, "open"))
    return;
  g_set_object (&self->event_file, file);
  dabiao_session_open_async (path, self->cancellable, open_ready_cb, g_object_ref (self));
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
  _dabiao_window_stop_instrument (self);
  _dabiao_window_register_stop (self);
  _dabiao_window_sync_stop (self);

  return GTK_WINDOW_CLASS (dabiao_window_parent_class)->close_request (window);
}

static void
dabiao_window_finalize (GObject *object)
{
  DabiaoWindow *self = DABIAO_WINDOW (object);

  g_hash_table_unref (self->pending);
  G_OBJECT_CLASS (dabiao_window_parent_class)->finalize (object);
}

static void
dabiao_window_dispose (GObject *object)
{
  DabiaoWindow *self = DABIAO_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->summary_source, g_source_remove);
  _dabiao_window_stop_instrument (self);
  _dabiao_window_register_stop (self);
  _dabiao_window_sync_stop (self);
  if (self->sim != NULL)
    g_subprocess_send_signal (self->sim, SIGTERM);
  g_clear_object (&self->sim);
  g_clear_pointer (&self->demo_port, g_free);
  g_clear_pointer (&self->demo_file, g_free);
  g_clear_pointer (&self->reading, dabiao_reading_unref);
  g_clear_pointer (&self->station_defs, g_ptr_array_unref);
  g_clear_pointer (&self->station_def, dabiao_station_definition_free);
  g_clear_pointer (&self->person, dabiao_person_view_free);
  g_clear_pointer (&self->correct_undo, _dabiao_correct_undo_free);
  g_clear_weak_pointer (&self->toast);
  if (self->pending != NULL)
    g_hash_table_remove_all (self->pending);
  if (self->preferences != NULL)
    g_object_weak_unref (G_OBJECT (self->preferences), _dabiao_window_preferences_closed_cb, self);
  self->preferences = NULL;
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, &self->instrument_chosen);
  if (self->session != NULL)
    dabiao_session_close (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->roster);
  g_clear_object (&self->event_file);
  gtk_widget_dispose_template (GTK_WIDGET (self), DABIAO_TYPE_WINDOW);
  g_clear_pointer (&self->last_export, g_free);
  g_clear_pointer (&self->last_export_path, g_free);
  g_clear_pointer (&self->import_uncoded, g_ptr_array_unref);
  g_clear_pointer (&self->import_text_coded, g_free);

  G_OBJECT_CLASS (dabiao_window_parent_class)->dispose (object);
}

static void
dabiao_window_class_init (DabiaoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dabiao_window_dispose;
  object_class->finalize = dabiao_window_finalize;
  window_class->close_request = dabiao_window_close_request;

  g_type_ensure (DABIAO_TYPE_START_PAGE);
  g_type_ensure (DABIAO_TYPE_STATION_PAGE);
  g_type_ensure (DABIAO_TYPE_ROSTER_PAGE);
  g_type_ensure (DABIAO_TYPE_RESULTS_PAGE);
  g_type_ensure (DABIAO_TYPE_REGISTER_PAGE);
  g_type_ensure (DABIAO_TYPE_EXIT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, title_squeezer);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, wide_switcher);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, narrow_switcher);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, event_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, station_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, roster_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, results_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, register_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, exit_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, sync_button);
  gtk_widget_class_bind_template_callback (widget_class, _dabiao_window_sync_clicked_cb);

  _dabiao_window_class_actions_init (widget_class);
}

static void
dabiao_window_init (DabiaoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->menu_button, "query-tooltip", G_CALLBACK (_dabiao_unwrapped_tooltip_cb), NULL);

  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) dabiao_reading_unref);
  self->settings = g_settings_new ("cn.dabiao.Station");
  self->roster = dabiao_roster_model_new ();

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  dabiao_station_page_set_roster (self->station_page, self->roster);
  dabiao_roster_page_set_roster (self->roster_page, self->roster);
  g_signal_connect_object (self->station_page, "record", G_CALLBACK (_dabiao_window_record_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station_page, "checked-in", G_CALLBACK (_dabiao_window_checked_in_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station_page, "undo", G_CALLBACK (_dabiao_window_undo_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station_page, "notify::item", G_CALLBACK (_dabiao_window_station_item_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station_page, "notify::station", G_CALLBACK (_dabiao_window_apply_station_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_page, "void", G_CALLBACK (_dabiao_window_void_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_page, "person", G_CALLBACK (_dabiao_window_person_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_page, "correct", G_CALLBACK (_dabiao_window_correct_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->roster_page, "participant-activated", G_CALLBACK (_dabiao_window_participant_activated_cb),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->title_squeezer, "notify::visible-child", G_CALLBACK (title_squeezed_cb),
                           self, G_CONNECT_SWAPPED);
  /* A scan reaches the check-in field wherever the focus is (11c #3). */
  dabiao_station_page_catch_typing (self->station_page, GTK_WIDGET (self->toast_overlay));
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (page_shown_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (fit_event_label), NULL);
  _dabiao_window_register_init (self);
  _dabiao_window_exit_init (self);
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

static void
roster_reloaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (dabiao_session_reload_roster_finish (DABIAO_SESSION (source), result, &error))
    {
      _dabiao_window_show_roster (self);
      /* What came in (a merge, a walk-in, a sync round) changes 待发证
       * too: the 发证 page, when shown, reads again (findings-15d #2). */
      _dabiao_window_exit_refresh (self);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    dabiao_window_add_toast (self, error->message);
}

/* The roster page shows the session's roster afresh (its count, age groups
 * and classes; the filters kept): after a reload, an edit or an import.
 * The model's own change alone left the page at 「没有受测者」 (15c #2). */
void
_dabiao_window_show_roster (DabiaoWindow *self)
{
  if (self->session == NULL)
    return;
  dabiao_roster_page_set_roster (self->roster_page, NULL);
  dabiao_roster_page_set_roster (self->roster_page, dabiao_session_get_roster (self->session));
}

/* Reads the roster again (after a walk-in registered, or rows that arrived
 * by sync); a failure is said in a toast. */
void
_dabiao_window_reload_roster (DabiaoWindow *self)
{
  if (self->session != NULL)
    dabiao_session_reload_roster_async (self->session, self->cancellable, roster_reloaded_cb, g_object_ref (self));
}
