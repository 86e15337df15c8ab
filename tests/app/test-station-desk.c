/* test-station-desk.c: the station at a real desk — a badge scanner, the
 * instrument chosen in 首选项, readings kept for nobody, a restart
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window, in-process, driven as the trials drove it (findings-11c,
 * 18c): real key events for a scan, the preferences window's rows,
 * dabiao-sim on a pseudo-terminal.  Screenshots: BUILD/tests/screenshots/
 * desk-*.png.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-preferences-window.h"
#include "dabiao-station-page.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"

typedef struct
{
  char              *dir;
  char              *path;
  DabiaoWindow      *window;
  DabiaoStationPage *station;
} Desk;

/* A 初一 class of three in a new event (with @stations, or none), the
 * window open on it at @width × @height. */
static void
desk_open_with (Desk       *d,
                const char *name,
                GPtrArray  *stations,
                int         width,
                int         height)
{
  g_autoptr(GFile) file = NULL;
  DabiaoEventInfo info = { .name = name, .standard = "student-2014", .date = "2026-12-07", .stations = stations };
  DabiaoParticipantInfo people[] = {
    { .id = "G2026001", .name = "张伟", .sex = 1, .grade = 21, .class_code = "2101", .birth_date = "2013-03-01" },
    { .id = "G2026002", .name = "王芳", .sex = 2, .grade = 21, .class_code = "2101", .birth_date = "2013-05-01" },
    { .id = "G2026003", .name = "周婷", .sex = 2, .grade = 21, .class_code = "2101", .birth_date = "2013-07-01" },
  };

  d->dir = g_dir_make_tmp ("dabiao-desk-XXXXXX", NULL);
  d->path = g_strdup_printf ("%s/%s.dabiao", d->dir, name);
  dabiao_test_create_event (d->path, &info, people, G_N_ELEMENTS (people));
  file = g_file_new_for_path (d->path);
  d->window = dabiao_test_open_window (file, width, height);
  d->station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (d->window, "station"));
}

static void
desk_open (Desk       *d,
           const char *name,
           int         width,
           int         height)
{
  desk_open_with (d, name, NULL, width, height);
}

static void
desk_close (Desk *d)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", d->dir);

  if (d->window != NULL)
    gtk_window_destroy (GTK_WINDOW (d->window));
  dabiao_test_wait (200);
  g_assert_cmpint (system (cmd), ==, 0);
  g_clear_pointer (&d->dir, g_free);
  g_clear_pointer (&d->path, g_free);
}

/* What choosing @code in the 项目 drop-down does. */
static void
select_item (Desk       *d,
             const char *code)
{
  GPtrArray *items = dabiao_session_get_items (dabiao_window_get_session (d->window));

  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((DabiaoEventItem *) g_ptr_array_index (items, i))->code, code))
      {
        dabiao_station_page_select_item (d->station, i);
        return;
      }
  g_assert_not_reached ();
}

/* @widget is the focus of its window (whether or not another test's window
 * is the active one on a shared display). */
static gboolean
is_focus (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget)) == widget;
}

static const char *
on_card (Desk *d)
{
  DabiaoRosterItem *p = dabiao_station_page_get_participant (d->station);

  return p != NULL ? dabiao_roster_item_get_name (p) : NULL;
}

/* A scan while the focus is elsewhere — on the main menu's button in the
 * header, where Enter opened the menu (findings-11c #3) — checks the
 * participant in; so does one after Ctrl+F, and one after the 测试站 tab
 * was clicked on another page. */
static void
test_scan_anywhere (void)
{
  GtkWidget *menu_button, *checkin_text;
  Desk d = { 0 };

  desk_open (&d, "扫码", 1366, 768);
  dabiao_window_show_page (d.window, "station");
  checkin_text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (dabiao_test_get_widget (GTK_WIDGET (d.station), "checkin-entry"))));
  menu_button = dabiao_test_get_widget (GTK_WIDGET (d.window), "main-menu");
  /* The page settled (its stations and item chosen, which focus 签到). */
  dabiao_test_wait (1000);

  /* The focus on the menu button: the scan still reaches 签到. */
  g_assert_true (gtk_widget_grab_focus (menu_button));
  g_assert_false (is_focus (checkin_text));
  dabiao_test_scan (GTK_WIDGET (d.window), "G2026002");
  dabiao_test_screenshot (GTK_WIDGET (d.window), "desk-scan-from-menu-button");
  g_assert_null (dabiao_test_find_css (GTK_WIDGET (d.window), "popover"));
  g_assert_cmpstr (on_card (&d), ==, "王芳");

  /* Ctrl+F from the item drop-down: the check-in field, then a scan. */
  g_assert_true (gtk_widget_grab_focus (dabiao_test_get_widget (GTK_WIDGET (d.station), "item-dropdown")));
  g_assert_false (is_focus (checkin_text));
  dabiao_test_key (GTK_WIDGET (d.window), "ctrl+f");
  g_assert_true (is_focus (checkin_text));
  dabiao_test_scan (GTK_WIDGET (d.window), "G2026003");
  g_assert_cmpstr (on_card (&d), ==, "周婷");

  /* Back from the roster by its tab, as the trial did: the tab keeps no keys. */
  dabiao_window_show_page (d.window, "roster");
  dabiao_test_wait (200);
  g_assert_true (gtk_widget_grab_focus (menu_button));
  g_assert_false (is_focus (checkin_text));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (d.station), ADW_TYPE_VIEW_STACK)),
                                         "station");
  dabiao_test_scan (GTK_WIDGET (d.window), "G2026001");
  g_assert_cmpstr (on_card (&d), ==, "张伟");

  desk_close (&d);
}

static gboolean
profiles_listed (gpointer data)
{
  GtkWidget *row = dabiao_test_get_widget (data, "profile-row");

  return g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row))) > 0;
}

typedef struct
{
  DabiaoWindow *window;
  const char   *port;
} PortWait;

static gboolean
connected_to (gpointer data)
{
  PortWait *wait = data;
  DabiaoInstrument *instrument = dabiao_window_get_instrument (wait->window);

  return instrument != NULL && dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED
         && g_strcmp0 (dabiao_instrument_get_port (instrument), wait->port) == 0;
}

/* 首选项 → 仪器 opened on a new computer (no profile ever chosen: the row
 * shows the first), its 仪器 page as a person reaches it. */
static DabiaoPreferencesWindow *
open_instrument_preferences (DabiaoWindow *window)
{
  DabiaoPreferencesWindow *prefs = dabiao_preferences_window_new (GTK_WINDOW (window));

  dabiao_window_attach_preferences (window, GTK_WIDGET (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "instrument");
  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_true (dabiao_test_wait_until (profiles_listed, prefs, 15000));
  return prefs;
}

/* A port typed in 首选项 → 仪器 → 其他串口 connects when the window closes,
 * with the profile its row shows (trial 18c #6: the header stayed at
 * 未选择仪器 until 测试; the settings held no profile), at once on Enter,
 * and on closing even when the settings did not keep it. */
static void
test_typed_port_connects (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GSubprocess) sim2 = NULL;
  g_autofree char *link = NULL;
  g_autofree char *link2 = NULL;
  const char *args[] = { "--profile", "generic-line", "--item", "run_50m", "--values", "8.1",
                         "--rate", "0.5", "--linger", "60", "--link", NULL, NULL };
  DabiaoPreferencesWindow *prefs;
  GtkWidget *entry;
  PortWait wait;
  Desk d = { 0 };

  g_settings_reset (settings, "instrument-port");
  g_settings_reset (settings, "instrument-profile");
  desk_open (&d, "串口", 1024, 600);
  link = g_build_filename (d.dir, "sim", NULL);
  link2 = g_build_filename (d.dir, "sim2", NULL);
  args[G_N_ELEMENTS (args) - 2] = link;
  g_free (dabiao_test_start_sim (args, &sim));
  args[G_N_ELEMENTS (args) - 2] = link2;
  g_free (dabiao_test_start_sim (args, &sim2));
  g_assert_null (dabiao_window_get_instrument (d.window));

  /* Typed, then the window closed: connected, no 测试 pressed. */
  prefs = open_instrument_preferences (d.window);
  entry = dabiao_test_get_widget (GTK_WIDGET (prefs), "port-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), link);
  dabiao_test_screenshot (GTK_WIDGET (prefs), "desk-port-typed");
  gtk_window_close (GTK_WINDOW (prefs));
  wait.window = d.window;
  wait.port = link;
  g_assert_true (dabiao_test_wait_until (connected_to, &wait, 15000));
  {
    g_autofree char *profile = g_settings_get_string (settings, "instrument-profile");

    g_assert_cmpstr (profile, !=, "");
  }
  dabiao_test_screenshot (GTK_WIDGET (d.window), "desk-port-connected");

  /* Another typed, Enter: connected while 首选项 stays open. */
  prefs = open_instrument_preferences (d.window);
  entry = dabiao_test_get_widget (GTK_WIDGET (prefs), "port-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), link2);
  g_assert_true (gtk_widget_grab_focus (entry));
  dabiao_test_key (GTK_WIDGET (prefs), "Return");
  wait.port = link2;
  g_assert_true (dabiao_test_wait_until (connected_to, &wait, 15000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (prefs)));
  gtk_window_close (GTK_WINDOW (prefs));
  dabiao_test_wait (500);
  g_assert_true (connected_to (&wait));

  /* Settings that do not stick (trial 11d #1: dconf could not commit, the
   * stored port went back): what 首选项 shows is connected on closing. */
  prefs = open_instrument_preferences (d.window);
  entry = dabiao_test_get_widget (GTK_WIDGET (prefs), "port-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), link);
  g_settings_reset (settings, "instrument-port");
  g_settings_reset (settings, "instrument-profile");
  gtk_window_close (GTK_WINDOW (prefs));
  wait.port = link;
  g_assert_true (dabiao_test_wait_until (connected_to, &wait, 15000));

  desk_close (&d);
  g_subprocess_force_exit (sim);
  g_subprocess_force_exit (sim2);
  g_settings_reset (settings, "instrument-port");
  g_settings_reset (settings, "instrument-profile");
}

static gboolean
has_unassigned (gpointer data)
{
  return dabiao_station_page_get_n_unassigned (data) > 0;
}

static gboolean
has_two_unassigned (gpointer data)
{
  return dabiao_station_page_get_n_unassigned (data) >= 2;
}

static gboolean
station_chosen (gpointer data)
{
  return dabiao_station_page_select_station (data, "50米跑");
}

/* A 50米跑 timer (dabiao-sim) sending @values, one a second, from the
 * moment the window opens its port; connected. */
static GSubprocess *
start_timer (Desk       *d,
             const char *values)
{
  g_autofree char *link = g_build_filename (d->dir, "timer", NULL);
  const char *args[] = { "--profile", "generic-line", "--item", "run_50m", "--values", values,
                         "--rate", "1", "--linger", "60", "--wait-for-host", "--link", link, NULL };
  GSubprocess *sim = NULL;
  g_autofree char *port = dabiao_test_start_sim (args, &sim);

  dabiao_window_connect_instrument (d->window, "generic-line", port);
  g_assert_true (dabiao_test_wait_until (dabiao_test_instrument_connected, d->window, 15000));
  return sim;
}

static gboolean
bar_shown (Desk *d)
{
  return gtk_widget_get_mapped (gtk_widget_get_parent (dabiao_test_get_widget (GTK_WIDGET (d->station), "unassigned-label")));
}

/* 丢弃 empties the bar of kept readings, and the status line no longer
 * says one was kept below (findings-11c #7: it still did). */
static void
test_discard_clears_message (void)
{
  g_autoptr(GSubprocess) sim = NULL;
  const char *status;
  Desk d = { 0 };

  desk_open (&d, "丢弃", 1366, 768);
  dabiao_window_show_page (d.window, "station");
  sim = start_timer (&d, "8.1,8.2,8.3");
  g_assert_true (dabiao_test_wait_until (has_unassigned, d.station, 15000));
  g_subprocess_force_exit (sim);
  g_subprocess_wait (sim, NULL, NULL);
  dabiao_test_wait (300);
  status = dabiao_station_page_get_status_text (d.station);
  g_test_message ("kept: %s", status);
  g_assert_nonnull (strstr (status, "保留在下方"));
  g_assert_true (bar_shown (&d));

  dabiao_test_click_labelled (GTK_WIDGET (d.station), "丢弃");
  dabiao_test_wait (200);
  dabiao_test_screenshot (GTK_WIDGET (d.window), "desk-discarded");
  g_assert_false (bar_shown (&d));
  status = dabiao_station_page_get_status_text (d.station);
  g_test_message ("after 丢弃: %s", status);
  g_assert_null (strstr (status, "保留在下方"));
  g_assert_null (strstr (status, "读数"));
  g_assert_nonnull (strstr (status, "签到"));

  desk_close (&d);
}

/* The bar of kept readings stays useful (trial 18c #9: twelve stale ones of
 * other items, 记给当前受测者 enabled for a 立定跳远 reading at 身高): at the
 * 50米跑 station, the times that came before 张伟 was checked in are his to
 * take; a 立定跳远 reading (not an item of this station) is only counted;
 * once 王芳 is on the card, 张伟's times are only counted too, and
 * 记给当前受测者 is not offered. */
static void
test_unassigned_bar (void)
{
  g_autoptr(GPtrArray) stations = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
  const char *run[] = { "run_50m", NULL };
  g_autoptr(GSubprocess) sim = NULL;
  GtkWidget *assign;
  const char *text;
  Desk d = { 0 };

  g_ptr_array_add (stations, dabiao_station_definition_new ("50米跑", run, NULL));
  desk_open_with (&d, "未分配", stations, 1366, 768);
  g_assert_true (dabiao_test_wait_until (station_chosen, d.station, 10000));
  g_assert_cmpstr (dabiao_station_page_get_item (d.station), ==, "50米跑");
  assign = dabiao_test_get_widget (GTK_WIDGET (d.station), "assign-button");

  /* Two times before anyone is checked in; then 张伟. */
  sim = start_timer (&d, "8.1,8.2");
  g_assert_true (dabiao_test_wait_until (has_two_unassigned, d.station, 15000));
  g_subprocess_force_exit (sim);
  g_subprocess_wait (sim, NULL, NULL);
  dabiao_test_wait (300);
  g_assert_true (dabiao_station_page_check_in (d.station, "G2026001"));
  g_assert_cmpstr (on_card (&d), ==, "张伟");
  /* A long-jump mat's reading (the window keeps it for its own item). */
  dabiao_station_page_keep_other_item (d.station, 152, NULL, "standing_long_jump", "立定跳远", "152 厘米", TRUE);
  dabiao_test_wait (200);
  text = dabiao_station_page_get_unassigned_text (d.station);
  g_test_message ("张伟: %s", text);
  g_assert_nonnull (strstr (text, "8.2 秒"));
  g_assert_nonnull (strstr (text, "8.1 秒"));
  g_assert_null (strstr (text, "立定跳远"));
  g_assert_nonnull (strstr (text, "1 个"));
  g_assert_true (gtk_widget_get_mapped (assign));
  dabiao_test_screenshot (GTK_WIDGET (d.window), "desk-unassigned-own");

  /* 王芳: nothing of it is hers. */
  g_assert_true (dabiao_station_page_check_in (d.station, "G2026002"));
  g_assert_cmpstr (on_card (&d), ==, "王芳");
  dabiao_test_wait (200);
  text = dabiao_station_page_get_unassigned_text (d.station);
  g_test_message ("王芳: %s", text);
  g_assert_null (strstr (text, "8.1 秒"));
  g_assert_nonnull (strstr (text, "3 个"));
  g_assert_false (gtk_widget_get_mapped (assign));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (d.station), "station.assign", NULL)
                  && dabiao_station_page_has_reading (d.station));
  g_assert_false (dabiao_station_page_has_reading (d.station));
  dabiao_test_screenshot (GTK_WIDGET (d.window), "desk-unassigned-stale");

  /* 丢弃 clears them. */
  dabiao_test_click_labelled (GTK_WIDGET (d.station), "丢弃");
  g_assert_cmpuint (dabiao_station_page_get_n_unassigned (d.station), ==, 0);
  g_assert_false (bar_shown (&d));

  desk_close (&d);
}

static gboolean
link_says_not_found (gpointer data)
{
  GtkLabel *label = dabiao_station_page_get_link_label (data);

  return strstr (gtk_label_get_label (label), "未找到串口") != NULL;
}

/* A restart (findings-11c #8): the event reopens at the station chosen
 * before (it came back on 全部项目), and a port that is gone meanwhile is
 * named in the header ("未找到串口 /path", not 未选择仪器); the header's
 * status is a button to 首选项 → 仪器. */
static void
test_restart_keeps_station (void)
{
  g_autoptr(GPtrArray) stations = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *gone = NULL;
  const char *run[] = { "run_50m", NULL };
  const char *jump[] = { "standing_long_jump", NULL };
  DabiaoPreferencesWindow *prefs;
  GtkLabel *link;
  Desk d = { 0 };

  g_settings_reset (settings, "instrument-port");
  g_settings_reset (settings, "instrument-profile");
  g_ptr_array_add (stations, dabiao_station_definition_new ("立定跳远", jump, NULL));
  g_ptr_array_add (stations, dabiao_station_definition_new ("50米跑", run, NULL));
  desk_open_with (&d, "重启", stations, 1024, 600);
  g_assert_true (dabiao_test_wait_until (station_chosen, d.station, 10000));
  dabiao_window_show_page (d.window, "station");

  /* 未选择仪器 leads to 首选项 → 仪器; a port typed there (Enter) connects. */
  link = dabiao_station_page_get_link_label (d.station);
  g_assert_cmpstr (gtk_label_get_label (link), ==, "未选择仪器");
  dabiao_test_click (GTK_WIDGET (d.station), "instrument-status");
  prefs = DABIAO_PREFERENCES_WINDOW (dabiao_test_find_toplevel (DABIAO_TYPE_PREFERENCES_WINDOW));
  g_assert_nonnull (prefs);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (prefs)), ==, "instrument");
  g_assert_true (dabiao_test_wait_until (profiles_listed, prefs, 15000));
  dabiao_test_screenshot (GTK_WIDGET (prefs), "desk-status-opens-preferences");
  {
    g_autofree char *link_path = g_build_filename (d.dir, "timer", NULL);
    const char *args[] = { "--profile", "generic-line", "--item", "run_50m", "--values", "8.1",
                           "--rate", "0.5", "--linger", "60", "--link", link_path, NULL };
    GtkWidget *entry = dabiao_test_get_widget (GTK_WIDGET (prefs), "port-entry");

    g_free (dabiao_test_start_sim (args, &sim));
    gtk_editable_set_text (GTK_EDITABLE (entry), link_path);
    g_signal_emit_by_name (entry, "entry-activated");
    g_assert_true (dabiao_test_wait_until (dabiao_test_instrument_connected, d.window, 15000));
    gone = g_steal_pointer (&link_path);
  }
  gtk_window_close (GTK_WINDOW (prefs));

  /* The end of the day: closed; the timer unplugged. */
  gtk_window_destroy (GTK_WINDOW (d.window));
  d.window = NULL;
  g_subprocess_force_exit (sim);
  g_subprocess_wait (sim, NULL, NULL);
  dabiao_test_wait (300);
  g_unlink (gone);
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));

  /* The next morning: 50米跑 again; the port is said to be missing. */
  file = g_file_new_for_path (d.path);
  d.window = dabiao_test_open_window (file, 1024, 600);
  d.station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (d.window, "station"));
  g_assert_true (dabiao_test_wait_until (link_says_not_found, d.station, 15000));
  dabiao_test_wait (500);
  g_assert_cmpstr (dabiao_station_page_get_station (d.station), ==, "50米跑");
  g_assert_cmpstr (dabiao_station_page_get_item (d.station), ==, "50米跑");
  link = dabiao_station_page_get_link_label (d.station);
  g_test_message ("after the restart: %s", gtk_label_get_label (link));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (link), "未找到串口 "));
  g_assert_nonnull (strstr (gtk_label_get_label (link), gone));
  dabiao_test_screenshot (GTK_WIDGET (d.window), "desk-restart-port-missing");

  desk_close (&d);
  g_settings_reset (settings, "instrument-port");
  g_settings_reset (settings, "instrument-profile");
}

static gboolean
current_row_in_sight (gpointer data)
{
  GtkListBox *list = GTK_LIST_BOX (dabiao_test_get_widget (data, "checkin-matches"));
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list);
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  return row != NULL && gtk_widget_compute_bounds (GTK_WIDGET (row), scroller, &bounds)
         && bounds.size.height > 0 && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 0.5;
}

/* At 1024×600, with a reading and the bar of kept readings shown, the
 * class list beside them shows more than the trial's four and a half rows
 * and keeps the one on the card in sight (trial 18c #11: 杨磊, the sixth,
 * was below the list's edge). */
static void
test_class_list_at_1024 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-desk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "初一体测.dabiao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  DabiaoEventInfo info = { .name = "初一体测", .standard = "student-2014", .date = "2026-12-07" };
  const char *names[] = { "张伟", "王芳", "李强", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周婷", "吴军" };
  DabiaoParticipantInfo people[G_N_ELEMENTS (names)];
  char ids[G_N_ELEMENTS (names)][24];
  DabiaoStationPage *station;
  DabiaoWindow *window;
  GtkWidget *list, *scroller, *row;
  double rows_in_sight;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_snprintf (ids[i], sizeof ids[i], "G33010220120000%02u", i);
      people[i] = (DabiaoParticipantInfo) { .id = ids[i], .name = names[i], .sex = 1 + i % 2, .grade = 21,
                                            .class_code = "2101", .class_name = "初一(1)班",
                                            .birth_date = "2013-03-01" };
    }
  dabiao_test_create_event (path, &info, people, G_N_ELEMENTS (people));
  window = dabiao_test_open_window (file, 1024, 600);
  station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  dabiao_window_show_page (window, "station");
  g_assert_true (dabiao_station_page_check_in (station, "G3301022012000005"));   /* 杨磊 */
  dabiao_station_page_keep_other_item (station, 152, NULL, "standing_long_jump", "立定跳远", "152 厘米", FALSE);
  dabiao_station_page_show_reading (station, 10.7);
  g_assert_true (dabiao_test_wait_until (current_row_in_sight, station, 5000));
  dabiao_test_wait (300);
  g_assert_true (current_row_in_sight (station));
  dabiao_test_screenshot (GTK_WIDGET (window), "desk-class-list-1024");

  list = dabiao_test_get_widget (GTK_WIDGET (station), "checkin-matches");
  scroller = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  rows_in_sight = (double) gtk_widget_get_height (scroller) / gtk_widget_get_height (row);
  g_test_message ("class list at 1024×600: %d px, rows of %d px: %.1f rows in sight",
                  gtk_widget_get_height (scroller), gtk_widget_get_height (row), rows_in_sight);
  g_assert_cmpfloat (rows_in_sight, >=, 6.0);

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);
  g_assert_cmpint (system (cmd), ==, 0);
}

static gboolean
undone (gpointer data)
{
  GtkWidget *notice = dabiao_test_get_widget (data, "station-notice");

  return gtk_widget_get_mapped (notice) && strstr (gtk_label_get_text (GTK_LABEL (notice)), "已撤销") != NULL
         && !dabiao_station_page_is_finished (data);
}

static gboolean
attempts_zero (gpointer data)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (dabiao_test_get_widget (data, "attempts"))), "已测 0 次 / 共 1 次") == 0;
}

/* After an undo the next save is 第 1 次, as the card's 已测 1 次 says
 * (trials 18c #4, 11c #4, 11d #8: 第 2 次 · 已测完 beside 已测 1 次 / 共 1
 * 次); Ctrl+Z once 撤销 is gone says there is nothing to undo and leaves
 * the check-in field alone (11d #4: it brought back an old search). */
static void
test_undo_then_again (void)
{
  GtkWidget *checkin_text;
  const char *notice;
  Desk d = { 0 };

  desk_open (&d, "撤销", 1024, 600);
  dabiao_window_show_page (d.window, "station");
  dabiao_test_wait (1000);
  select_item (&d, "height");
  checkin_text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (dabiao_test_get_widget (GTK_WIDGET (d.station), "checkin-entry"))));
  dabiao_test_scan (GTK_WIDGET (d.window), "G2026001");
  g_assert_cmpstr (on_card (&d), ==, "张伟");
  g_assert_true (dabiao_test_wait_until (attempts_zero, d.station, 10000));

  /* A reading saved, undone at once, another saved: 第 1 次. */
  dabiao_station_page_show_reading (d.station, 152.5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d.station), "station.confirm", NULL));
  g_assert_true (dabiao_test_wait_until (dabiao_test_station_saved, d.station, 10000));
  dabiao_test_key (GTK_WIDGET (d.window), "ctrl+z");
  g_assert_true (dabiao_test_wait_until (undone, d.station, 10000));
  g_assert_true (dabiao_test_wait_until (attempts_zero, d.station, 10000));
  dabiao_station_page_show_reading (d.station, 151.5);
  g_test_message ("before the second save: %s", dabiao_station_page_get_status_text (d.station));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (d.station), "station.confirm", NULL));
  dabiao_test_wait_until (dabiao_test_station_saved, d.station, 10000);
  g_test_message ("after the undo: %s", dabiao_station_page_get_status_text (d.station));
  g_assert_true (dabiao_test_station_saved (d.station));
  g_assert_nonnull (strstr (dabiao_station_page_get_status_text (d.station), "第 1 次"));
  dabiao_test_screenshot (GTK_WIDGET (d.window), "desk-saved-after-undo");

  /* 撤销 withdrawn (another one checked in); Ctrl+Z in the empty field. */
  dabiao_test_scan (GTK_WIDGET (d.window), "G2026002");
  g_assert_cmpstr (on_card (&d), ==, "王芳");
  g_assert_true (is_focus (checkin_text));
  dabiao_test_key (GTK_WIDGET (d.window), "ctrl+z");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (checkin_text)), ==, "");
  notice = gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (d.station), "station-notice")));
  g_test_message ("Ctrl+Z with nothing to undo: %s", notice);
  g_assert_nonnull (strstr (notice, "没有可撤销"));

  desk_close (&d);
}

int
main (int   argc,
      char *argv[])
{
  dabiao_test_init (&argc, &argv);
  g_test_add_func ("/dabiao/app/desk/scan-anywhere", test_scan_anywhere);
  g_test_add_func ("/dabiao/app/desk/typed-port-connects", test_typed_port_connects);
  g_test_add_func ("/dabiao/app/desk/discard-clears-message", test_discard_clears_message);
  g_test_add_func ("/dabiao/app/desk/unassigned-bar", test_unassigned_bar);
  g_test_add_func ("/dabiao/app/desk/restart-keeps-station", test_restart_keeps_station);
  g_test_add_func ("/dabiao/app/desk/class-list-at-1024", test_class_list_at_1024);
  g_test_add_func ("/dabiao/app/desk/undo-then-again", test_undo_then_again);
  return g_test_run ();
}
