/* dabiao-window-instrument.c
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

/* The instrument: its state and readings on the station page, the readings
 * of a several-item station kept until Enter, and the preferences window's
 * ports, profiles and test connection. */

/* ---- the instrument ---------------------------------------------------------- */

/* What the station's status line calls the instrument: 模拟仪器 for the
 * demo's simulator (its port is a temporary path), else the port. */
static char *
instrument_name (DabiaoWindow *self)
{
  const char *port = dabiao_instrument_get_port (self->instrument);

  if (self->demo && g_strcmp0 (port, self->demo_port) == 0)
    return g_strdup (_("Simulated instrument"));
  return g_strdup (port);
}

static void
instrument_state_cb (DabiaoWindow *self)
{
  DabiaoInstrumentState state = dabiao_instrument_get_state (self->instrument);
  const char *message = dabiao_instrument_get_state_message (self->instrument);
  g_autofree char *name = instrument_name (self);
  g_autofree char *shown = NULL;
  DabiaoLinkState link;

  switch (state)
    {
    case DABIAO_INSTRUMENT_CONNECTED:
      link = DABIAO_LINK_CONNECTED;
      /* Short, so it is never cut: the details (speed) in the tooltip. */
      /* Translators: the station's instrument status: "模拟仪器：已连接" */
      message = shown = g_strdup_printf (_("%s: connected"), name);
      break;
    case DABIAO_INSTRUMENT_CONNECTING:
      link = DABIAO_LINK_CONNECTING;
      break;
    case DABIAO_INSTRUMENT_WAITING:
    case DABIAO_INSTRUMENT_ERROR:
      link = DABIAO_LINK_ERROR;
      break;
    case DABIAO_INSTRUMENT_STOPPED:
    default:
      link = DABIAO_LINK_NONE;
      break;
    }
  dabiao_station_page_set_link (self->station_page, link, message);
}

/* ---- defined stations --------------------------------------------------------- */

static gint
station_item_index (DabiaoStationDefinition *definition,
                    const char              *code)
{
  for (guint i = 0; code != NULL && definition->items[i] != NULL; i++)
    if (g_str_equal (definition->items[i], code))
      return i;
  return -1;
}

/* The reading's own warnings for the page.  Its range is checked by the
 * page against the item the value is recorded as (the decoder's check may
 * name another item: a timer still set to 50米跑 at the 身高 station), so a
 * range warning alone is left to the page. */
static const char *
reading_note (DabiaoReading *reading)
{
  if (reading->warnings == DABIAO_READING_WARNING_OUT_OF_RANGE)
    return NULL;
  return reading->warning_text;
}

/* A reading at a several-item station: kept per item until Enter; the
 * page shows the current item's value with the others as a note, and
 * switches to the reading's item when the current one has none yet. */
static void
show_station_reading (DabiaoWindow  *self,
                      DabiaoReading *reading)
{
  const char *code = _dabiao_window_station_item_code (self);
  g_autoptr(GString) note = g_string_new (NULL);
  DabiaoReading *current;
  gint index = station_item_index (self->station_def, reading->item);

  if (index < 0)
    {
      g_autofree char *text = g_strdup_printf (_("The instrument sent a value for “%s”, which is not measured at this station."),
                                               reading->item != NULL ? reading->item : "?");

      dabiao_window_add_toast (self, text);
      return;
    }
  /* A newer value of an item already read while it is shown: the page
   * keeps it as unassigned; what Enter saves stays what is shown. */
  if (g_hash_table_contains (self->pending, reading->item)
      && dabiao_station_page_has_reading (self->station_page))
    {
      dabiao_station_page_show_reading_with_note (self->station_page, reading->value, reading_note (reading));
      return;
    }
  g_hash_table_replace (self->pending, g_strdup (reading->item), dabiao_reading_ref (reading));
  current = g_hash_table_lookup (self->pending, code != NULL ? code : "");
  if (current == NULL)
    {
      dabiao_station_page_select_item (self->station_page, index);
      current = reading;
      code = reading->item;
    }
  for (guint i = 0; self->station_def->items[i] != NULL; i++)
    {
      DabiaoReading *other = g_hash_table_lookup (self->pending, self->station_def->items[i]);
      const DabiaoEventItem *item;
      g_autofree char *value = NULL;

      if (other == NULL || other == current)
        continue;
      item = dabiao_session_find_item (self->session, other->item);
      value = dabiao_reading_format_number (other);
      g_string_append_printf (note, "%s%s %s %s", note->len > 0 ? "，" : "",
                              item != NULL ? item->name : other->item, value,
                              dabiao_unit_label (other->unit));
    }
  if (note->len > 0)
    {
      /* Translators: the other items' values of the same frame, e.g. "体重 60.2 千克";
       * Enter saves them all */
      g_autofree char *also = g_strdup_printf (_("Also read: %s"), note->str);

      g_string_assign (note, also);
    }
  if (reading_note (current) != NULL)
    g_string_append_printf (note, "%s%s", note->len > 0 ? "；" : "", reading_note (current));
  g_clear_pointer (&self->reading, dabiao_reading_unref);
  self->reading = dabiao_reading_ref (current);
  /* The same value of the shown item with the frame's other values as its
   * note: a new note, not a newer reading. */
  if (dabiao_station_page_has_reading (self->station_page) && current != reading)
    dabiao_station_page_set_reading_note (self->station_page, note->len > 0 ? note->str : NULL);
  else
    dabiao_station_page_show_reading_with_note (self->station_page, current->value,
                                                note->len > 0 ? note->str : NULL);
}

/* A reading whose item is not the one shown (the instrument's profile
 * measures another): kept for its own item, said so.  Returns whether it
 * was one. */
static gboolean
reading_of_another_item (DabiaoWindow  *self,
                         DabiaoReading *reading)
{
  const char *code = _dabiao_window_station_item_code (self);
  const DabiaoEventItem *item;
  const DabiaoItemInfo *info;
  g_autofree char *number = NULL;
  g_autofree char *shown = NULL;
  const char *name;

  if (reading->item == NULL || code == NULL || g_str_equal (reading->item, code))
    return FALSE;
  item = dabiao_session_find_item (self->session, reading->item);
  info = dabiao_item_lookup (reading->item);
  name = item != NULL ? item->name : info != NULL ? info->name : reading->item;
  number = dabiao_reading_format_number (reading);
  shown = g_strdup_printf ("%s %s", number, dabiao_unit_label (reading->unit));
  /* Said when the instrument is not this item's; kept quietly when it
   * measures this item too (the scale's 体重 beside its 身高). */
  dabiao_station_page_keep_other_item (self->station_page, reading->value, reading_note (reading),
                                       reading->item, name, g_strstrip (shown),
                                       !dabiao_profile_measures (dabiao_instrument_get_profile (self->instrument), code));
  return TRUE;
}

static void
instrument_reading_cb (DabiaoWindow  *self,
                       DabiaoReading *reading)
{
  /* Binding "device": the instrument names the participant. */
  if (reading->participant_id != NULL && reading->participant_id[0] != '\0')
    {
      DabiaoRosterItem *current = dabiao_station_page_get_participant (self->station_page);

      if (current == NULL || g_strcmp0 (dabiao_roster_item_get_id (current), reading->participant_id) != 0)
        dabiao_station_page_check_in (self->station_page, reading->participant_id);
    }

  /* The demo's simulated timer runs by itself, as no real one does: its
   * times while no one is checked in (or the one checked in is finished)
   * are no one's, and are not piled up as unassigned (the trial of the
   * sync: 63 of them after a while). */
  if (self->demo && g_strcmp0 (dabiao_instrument_get_port (self->instrument), self->demo_port) == 0
      && (dabiao_station_page_get_participant (self->station_page) == NULL
          || dabiao_station_page_is_finished (self->station_page)))
    return;

  if (self->instrument_multi && self->station_def != NULL)
    {
      show_station_reading (self, reading);
      return;
    }
  if (reading_of_another_item (self, reading))
    return;
  /* The raw frame kept for Enter is the shown reading's, not a newer one's
   * that the page kept aside as unassigned. */
  if (dabiao_station_page_show_reading_with_note (self->station_page, reading->value, reading_note (reading)))
    {
      g_clear_pointer (&self->reading, dabiao_reading_unref);
      self->reading = dabiao_reading_ref (reading);
    }
}

/* Stops the instrument if it is the demo's simulator (another event is
 * open now). */
void
_dabiao_window_stop_demo_instrument (DabiaoWindow *self)
{
  if (self->instrument != NULL && self->demo_port != NULL
      && g_strcmp0 (dabiao_instrument_get_port (self->instrument), self->demo_port) == 0)
    _dabiao_window_stop_instrument (self);
}

static void
instrument_problem_cb (DabiaoWindow *self,
                       const char   *message)
{
  dabiao_window_add_toast (self, message);
}

static void
instrument_traffic_cb (DabiaoWindow  *self,
                       DabiaoTraffic *traffic)
{
  if (self->preferences != NULL)
    dabiao_preferences_window_add_traffic (DABIAO_PREFERENCES_WINDOW (self->preferences), traffic);
}

/* An instrument that answers only when asked (an MT-SICS scale: "S"),
 * with no poll interval of its own, is asked once a second while someone
 * is on the card and waits for a reading — not while nobody is there (a
 * scale answers a stable 0) nor while a reading is shown or they are
 * finished.  (`dabiao-cli listen` asks on its own timer.) */
#define REQUEST_INTERVAL_MS 1000

static gboolean
request_reading_cb (gpointer data)
{
  DabiaoWindow *self = data;

  if (self->instrument != NULL
      && dabiao_instrument_get_state (self->instrument) == DABIAO_INSTRUMENT_CONNECTED
      && dabiao_station_page_get_participant (self->station_page) != NULL
      && !dabiao_station_page_has_reading (self->station_page)
      && !dabiao_station_page_is_finished (self->station_page))
    dabiao_instrument_request_reading (self->instrument);
  return G_SOURCE_CONTINUE;
}

void
_dabiao_window_stop_instrument (DabiaoWindow *self)
{
  g_clear_handle_id (&self->request_source, g_source_remove);
  if (self->instrument == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->instrument, self);
  dabiao_instrument_stop (self->instrument);
  g_clear_object (&self->instrument);
  dabiao_station_page_set_link (self->station_page, DABIAO_LINK_NONE, NULL);
}

void
_dabiao_window_start_instrument (DabiaoWindow *self,
                                 const char   *profile_name,
                                 const char   *port)
{
  g_autoptr(DabiaoProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  const char *item = _dabiao_window_station_item_code (self);

  _dabiao_window_stop_instrument (self);

  profile = dabiao_profile_lookup (profile_name, &error);
  if (profile == NULL)
    {
      dabiao_station_page_set_link (self->station_page, DABIAO_LINK_ERROR, error->message);
      return;
    }

  /* A station with several items and an instrument that measures them
   * together (a height-weight scale): the readings keep the item the frame
   * names, and each is recorded under it. */
  self->instrument_multi = FALSE;
  if (self->station_def != NULL && g_strv_length (self->station_def->items) > 1)
    {
      const char * const *delivered = dabiao_profile_get_items (profile);
      guint both = 0;

      for (guint i = 0; delivered != NULL && delivered[i] != NULL; i++)
        if (g_strv_contains ((const char * const *) self->station_def->items, delivered[i]))
          both++;
      if (both > 1)
        {
          self->instrument_multi = TRUE;
          item = NULL;
        }
    }
  /* An instrument of another item (a long-jump mat while 身高 is shown)
   * keeps its own item on its readings: they are not relabelled as the
   * item shown, and are never offered for it (findings-11b #4). */
  if (item != NULL && !dabiao_profile_measures (profile, item))
    item = NULL;
  /* An instrument of several items (身高 and 体重 in one frame) at one of
   * them: each value keeps its own item — relabelled, the 体重 was offered
   * as a 身高 of 70.5 厘米. */
  {
    const char * const *delivered = dabiao_profile_get_items (profile);

    if (delivered != NULL && delivered[0] != NULL && delivered[1] != NULL)
      item = NULL;
  }
  self->instrument = dabiao_instrument_new (profile, port, item);
  dabiao_instrument_set_trace (self->instrument, self->preferences != NULL);
  g_signal_connect_swapped (self->instrument, "notify::state", G_CALLBACK (instrument_state_cb), self);
  g_signal_connect_swapped (self->instrument, "notify::state-message", G_CALLBACK (instrument_state_cb), self);
  g_signal_connect_swapped (self->instrument, "reading", G_CALLBACK (instrument_reading_cb), self);
  g_signal_connect_swapped (self->instrument, "problem", G_CALLBACK (instrument_problem_cb), self);
  g_signal_connect_swapped (self->instrument, "traffic", G_CALLBACK (instrument_traffic_cb), self);
  dabiao_instrument_start (self->instrument);
  if (dabiao_profile_has_request (profile) && dabiao_profile_get_poll_interval (profile) == 0)
    self->request_source = g_timeout_add (REQUEST_INTERVAL_MS, request_reading_cb, self);
  instrument_state_cb (self);
}

/**
 * dabiao_window_connect_instrument:
 * @profile: a profile name or path
 * @port: the port path
 *
 * Connects the station to an instrument (what "test connection" in the
 * preferences does, and the demo with its simulator).
 */
void
dabiao_window_connect_instrument (DabiaoWindow *self,
                                  const char   *profile,
                                  const char   *port)
{
  g_return_if_fail (DABIAO_IS_WINDOW (self));

  _dabiao_window_start_instrument (self, profile, port);
}

/**
 * dabiao_window_get_instrument:
 *
 * Returns: (transfer none) (nullable): the station's instrument
 */
DabiaoInstrument *
dabiao_window_get_instrument (DabiaoWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  return self->instrument;
}

/**
 * dabiao_window_get_session:
 *
 * Returns: (transfer none) (nullable): the open event
 */
DabiaoSession *
dabiao_window_get_session (DabiaoWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  return self->session;
}

static void
test_connection_cb (DabiaoWindow *self,
                    const char   *port,
                    const char   *profile)
{
  if (profile == NULL || profile[0] == '\0')
    {
      dabiao_window_add_toast (self, _("Choose a profile first."));
      return;
    }
  self->demo = FALSE;
  _dabiao_window_start_instrument (self, profile, port);
  if (self->instrument != NULL)
    dabiao_instrument_set_trace (self->instrument, TRUE);
}

/* Whether the instrument runs on @port with @profile already. */
static gboolean
instrument_is (DabiaoWindow *self,
               const char   *port,
               const char   *profile)
{
  return self->instrument != NULL && g_strcmp0 (dabiao_instrument_get_port (self->instrument), port) == 0
         && g_strcmp0 (dabiao_profile_get_name (dabiao_instrument_get_profile (self->instrument)), profile) == 0;
}

/* A port or profile chosen in 首选项 → 仪器: connected now (not only on
 * 测试: trials 18c #6, 11d #1), unless it is the one running. */
static void
instrument_chosen_now_cb (DabiaoWindow *self,
                          const char   *port,
                          const char   *profile)
{
  if (instrument_is (self, port, profile))
    return;
  if (g_strcmp0 (port, self->demo_port) != 0)
    self->demo = FALSE;
  _dabiao_window_start_instrument (self, profile, port);
}

/* What the preferences list: the ports, and the profiles with their
 * titles (read from files: in a thread). */
typedef struct
{
  GPtrArray *ports;
  GStrv      profiles;
  GStrv      titles;
} PortsAndProfiles;

static void
ports_and_profiles_free (PortsAndProfiles *found)
{
  g_clear_pointer (&found->ports, g_ptr_array_unref);
  g_strfreev (found->profiles);
  g_strfreev (found->titles);
  g_free (found);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsAndProfiles, ports_and_profiles_free)

static void
ports_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(PortsAndProfiles) found = g_task_propagate_pointer (G_TASK (result), NULL);
  GPtrArray *ports = found != NULL ? found->ports : NULL;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) descriptions = g_strv_builder_new ();
  g_auto(GStrv) p = NULL;
  g_auto(GStrv) d = NULL;

  if (self->preferences == NULL)
    return;
  for (guint i = 0; ports != NULL && i < ports->len; i++)
    {
      DabiaoPortInfo *info = g_ptr_array_index (ports, i);

      g_strv_builder_add (paths, info->path);
      g_strv_builder_add (descriptions, info->description != NULL ? info->description : "");
    }
  if (self->demo_port != NULL)
    {
      g_strv_builder_add (paths, self->demo_port);
      g_strv_builder_add (descriptions, _("Simulated instrument (demo)"));
    }
  p = g_strv_builder_end (paths);
  d = g_strv_builder_end (descriptions);
  dabiao_preferences_window_set_ports (DABIAO_PREFERENCES_WINDOW (self->preferences),
                                       (const char * const *) p, (const char * const *) d,
                                       self->instrument != NULL ? dabiao_instrument_get_port (self->instrument) : NULL);
  if (found != NULL)
    dabiao_preferences_window_set_profiles (DABIAO_PREFERENCES_WINDOW (self->preferences),
                                            (const char * const *) found->profiles,
                                            (const char * const *) found->titles);
}

static void
list_ports_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *ports = dabiao_serial_list_ports (&error);
  PortsAndProfiles *found;
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();

  if (ports == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  found = g_new0 (PortsAndProfiles, 1);
  found->ports = ports;
  found->profiles = dabiao_profile_list_names ();
  /* People choose by the profile's title (电子计时器), not its file name. */
  for (guint i = 0; found->profiles[i] != NULL; i++)
    {
      g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup (found->profiles[i], NULL);

      g_strv_builder_add (titles, profile != NULL ? dabiao_profile_get_title (profile) : found->profiles[i]);
    }
  found->titles = g_strv_builder_end (titles);
  g_task_return_pointer (task, found, (GDestroyNotify) ports_and_profiles_free);
}

void
_dabiao_window_preferences_closed_cb (gpointer  data,
                                      GObject  *where_the_object_was)
{
  DabiaoWindow *self = data;

  self->preferences = NULL;
  if (self->instrument != NULL)
    dabiao_instrument_set_trace (self->instrument, FALSE);
  g_signal_handlers_disconnect_by_data (self->settings, &self->instrument_chosen);

  /* A port and profile chosen in 首选项 → 仪器 take effect when it closes
   * (three trials chose them and waited at 未选择仪器: they used to apply
   * only when an event was opened again). */
  if (self->instrument_chosen && self->session != NULL)
    {
      g_autofree char *port = g_settings_get_string (self->settings, "instrument-port");
      g_autofree char *profile = g_settings_get_string (self->settings, "instrument-profile");

      /* Not again when it was connected so meanwhile (Enter on a typed
       * port, a port picked from the list, 测试). */
      if (port[0] != '\0' && profile[0] != '\0' && !instrument_is (self, port, profile))
        _dabiao_window_start_instrument (self, profile, port);
    }
  self->instrument_chosen = FALSE;
}

static void
instrument_chosen_cb (GSettings  *settings,
                      const char *key,
                      gboolean   *chosen)
{
  *chosen = TRUE;
}

/* Every window syncs with the one server of this computer. */
static void
server_changed_cb (DabiaoWindow *self)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (DABIAO_IS_WINDOW (l->data))
      dabiao_window_reload_server (l->data);
}

/**
 * dabiao_window_show_preferences:
 * @page: (nullable): the page to show ("instrument"); NULL: as it opens
 *
 * Opens 首选项 for this window (its ports, instrument, console), or
 * brings the one open to the front.
 */
void
dabiao_window_show_preferences (DabiaoWindow *self,
                                const char   *page)
{
  GtkWidget *prefs;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  prefs = self->preferences;
  if (prefs == NULL)
    {
      prefs = GTK_WIDGET (dabiao_preferences_window_new (GTK_WINDOW (self)));
      dabiao_window_attach_preferences (self, prefs);
    }
  if (page != NULL && *page != '\0')
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), page);
  gtk_window_present (GTK_WINDOW (prefs));
}

/**
 * dabiao_window_attach_preferences:
 *
 * Lets the preferences window list this station's ports and profiles,
 * test a connection, and show the instrument's raw traffic.
 */
void
dabiao_window_attach_preferences (DabiaoWindow *self,
                                  GtkWidget    *preferences)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  if (self->preferences != NULL)
    g_object_weak_unref (G_OBJECT (self->preferences), _dabiao_window_preferences_closed_cb, self);
  self->preferences = preferences;
  g_signal_handlers_disconnect_by_data (self->settings, &self->instrument_chosen);
  self->instrument_chosen = FALSE;
  g_signal_connect (self->settings, "changed::instrument-port", G_CALLBACK (instrument_chosen_cb),
                    &self->instrument_chosen);
  g_signal_connect (self->settings, "changed::instrument-profile", G_CALLBACK (instrument_chosen_cb),
                    &self->instrument_chosen);
  g_object_weak_ref (G_OBJECT (preferences), _dabiao_window_preferences_closed_cb, self);
  g_signal_connect_object (preferences, "test-connection", G_CALLBACK (test_connection_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (preferences, "instrument-chosen", G_CALLBACK (instrument_chosen_now_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (preferences, "server-changed", G_CALLBACK (server_changed_cb),
                           self, G_CONNECT_SWAPPED);
  if (self->instrument != NULL)
    dabiao_instrument_set_trace (self->instrument, TRUE);

  task = g_task_new (NULL, self->cancellable, ports_ready_cb, g_object_ref (self));
  g_task_run_in_thread (task, list_ports_thread);
}
