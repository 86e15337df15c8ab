/* test-appstream-screenshots.c: the screenshots the AppStream metainfo shows
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo event as a person meets it, at 1200×675 (16:9, as AppStream
 * asks): the station with the simulated timer's readings confirmed for three
 * participants, then the roster and the results.  Written to
 * BUILDDIR/tests/app/screenshots/appstream-*.png; `meson compile -C _build
 * update-screenshots` copies them to data/screenshots/, which the metainfo
 * names (tests/core/check-screenshots.py checks that they match).
 */

#include "config.h"

#include <stdlib.h>

#include "dabiao-results-page.h"
#include "dabiao-station-page.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"

static gboolean
demo_station_chosen (gpointer data)
{
  return g_strcmp0 (dabiao_station_page_get_station (data), "50米跑") == 0;
}

static void
test_screenshots (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  g_autofree char *dir = g_dir_make_tmp ("dabiao-appstream-XXXXXX", NULL);
  const char *people[] = { "G20260001", "G20260002", "G20260003" };
  DabiaoStationPage *station;
  DabiaoWindow *window;

  g_assert_nonnull (g_getenv ("DABIAO_SIM"));
  g_setenv ("DABIAO_DEMO_DIR", dir, TRUE);
  g_settings_set_int (settings, "window-width", 1200);
  g_settings_set_int (settings, "window-height", 675);

  window = g_object_new (DABIAO_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  dabiao_window_open_demo (window);
  g_assert_true (dabiao_test_wait_until (dabiao_test_session_open, window, 10000));
  g_assert_true (dabiao_test_wait_until (demo_station_chosen, station, 10000));
  g_assert_true (dabiao_test_wait_until (dabiao_test_instrument_connected, window, 10000));

  /* The demo's timer sends a time every 4 s: check each person in, take
   * the reading that arrives, confirm it. */
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_assert_true (dabiao_station_page_check_in (station, people[i]));
      g_assert_true (dabiao_test_wait_until (dabiao_test_station_has_reading, station, 20000));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (station), "station.confirm", NULL));
      g_assert_true (dabiao_test_wait_until (dabiao_test_station_saved, station, 10000));
    }
  dabiao_test_screenshot (GTK_WIDGET (window), "appstream-station");

  dabiao_window_show_page (window, "roster");
  g_assert_cmpstr (dabiao_window_get_page (window), ==, "roster");
  dabiao_test_screenshot (GTK_WIDGET (window), "appstream-roster");

  dabiao_window_show_page (window, "results");
  g_assert_cmpstr (dabiao_window_get_page (window), ==, "results");
  dabiao_test_wait (500);
  dabiao_test_screenshot (GTK_WIDGET (window), "appstream-results");

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
}

int
main (int argc, char *argv[])
{
  dabiao_test_init (&argc, &argv);

  g_test_add_func ("/dabiao/app/appstream-screenshots", test_screenshots);

  return g_test_run ();
}
