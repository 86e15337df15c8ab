/* dabiao-test-util.c: helpers of the app's widget tests
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <gdk/x11/gdkx.h>

#include "dabiao-i18n.h"
#include "dabiao-main-thread.h"
#include "dabiao-roster-model.h"
#include "dabiao-session.h"
#include "dabiao-station-page.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"

void
dabiao_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  dabiao_i18n_init ();
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* As the app does: a blocking event call made by the app's code on this
   * thread while the main loop runs aborts the test. */
  dabiao_main_thread_declare (DABIAO_MAIN_THREAD_ABORT | DABIAO_MAIN_THREAD_IN_LOOP);
  /* Screenshots show widgets at rest, not halfway through a crossfade. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* What AdwApplication does from its resource base path. */
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE "/icons");
}

static gboolean
quit_loop (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds (tests only). */
void
dabiao_test_wait (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_loop, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Under AddressSanitizer the app runs several times slower (and the ASan
 * run shares its cores with other work): a wait gives up later, so that a
 * slow machine is not taken for a broken app.  A wait still ends as soon
 * as its state is reached. */
#ifdef __SANITIZE_ADDRESS__
#define WAIT_LIMIT_FACTOR 5
#else
#define WAIT_LIMIT_FACTOR 1
#endif

gboolean
dabiao_test_wait_until (gboolean (*done) (gpointer),
                        gpointer   data,
                        guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000 * WAIT_LIMIT_FACTOR;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

GtkWindow *
dabiao_test_window_for (GtkWidget *child,
                        int        width,
                        int        height)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());

  adw_window_set_content (ADW_WINDOW (window), child);
  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  dabiao_test_wait (300);
  return window;
}

/* For dabiao_test_wait_until(): the pointer at @data is set. */
gboolean
dabiao_test_pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

gboolean
dabiao_test_session_open (gpointer window)
{
  return dabiao_window_get_session (window) != NULL;
}

gboolean
dabiao_test_instrument_connected (gpointer window)
{
  DabiaoInstrument *instrument = dabiao_window_get_instrument (window);

  return instrument != NULL && dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED;
}

gboolean
dabiao_test_station_has_reading (gpointer station)
{
  return dabiao_station_page_has_reading (station);
}

gboolean
dabiao_test_station_saved (gpointer station)
{
  return g_str_has_prefix (dabiao_station_page_get_status_text (station), "已保存");
}

static void
summarized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DabiaoOverview **summary = user_data;
  g_autoptr(GError) error = NULL;

  *summary = dabiao_session_summarize_finish (DABIAO_SESSION (object), result, &error);
  g_assert_no_error (error);
}

/* The session's summary, computed on its worker (waits up to 10 s). */
DabiaoOverview *
dabiao_test_summarize (DabiaoSession *session)
{
  DabiaoOverview *summary = NULL;

  dabiao_session_summarize_async (session, NULL, summarized_cb, &summary);
  g_assert_true (dabiao_test_wait_until (dabiao_test_pointer_set, &summary, 10000));
  return summary;
}

/* The first AdwMessageDialog open, or NULL (transfer none: GTK keeps its
 * toplevels alive). */
GtkWindow *
dabiao_test_find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* Answered dialogs are hidden before they go. */
      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Presses Enter (@enter) or Esc in the message dialog shown now, as a person
 * would: Enter activates the default response, Esc closes (the close
 * response).  Fails when no dialog is shown. */
void
dabiao_test_dialog_key (gboolean enter)
{
  GtkWindow *dialog = NULL;

  for (guint i = 0; i < 50 && (dialog = dabiao_test_find_message_dialog ()) == NULL; i++)
    dabiao_test_wait (20);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), enter ? "default.activate" : "window.close", NULL));
  for (guint i = 0; i < 50 && dabiao_test_find_message_dialog () == dialog; i++)
    dabiao_test_wait (20);
}

/* @widget as it is drawn now, once pending layout and drawing are done. */
GdkTexture *
dabiao_test_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width, height;

  /* Let pending layout and drawing happen first (slow on a loaded machine). */
  dabiao_test_wait (150);
  for (guint i = 0; i < 100 && gtk_widget_get_width (widget) <= 0; i++)
    dabiao_test_wait (50);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A widget waiting for its next layout draws nothing: try again then. */
  paintable = gtk_widget_paintable_new (widget);
  for (guint attempt = 0; node == NULL && attempt < 40; attempt++)
    {
      if (attempt > 0)
        dabiao_test_wait (50);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* Writes @widget as it is drawn now to BUILDDIR/screenshots/NAME.png, and
 * fails if the image is blank (all one colour). */
void
dabiao_test_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkTexture) texture = dabiao_test_render (widget);
  g_autofree guchar *pixels = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *png = NULL;
  gsize stride;
  gboolean blank = TRUE;

  stride = (gsize) gdk_texture_get_width (texture) * 4;
  pixels = g_malloc (stride * gdk_texture_get_height (texture));
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * gdk_texture_get_height (texture); i += 4)
    if (memcmp (pixels + i, pixels, 4) != 0)
      {
        blank = FALSE;
        break;
      }

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  png = g_strconcat (name, ".png", NULL);
  file = g_build_filename (dir, png, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, file));
  g_test_message ("screenshot: %s", file);

  if (blank)
    g_error ("screenshot %s is blank (all one colour)", file);
}

/* A roster like a school's: grades 11–16 and 21–23, classes of 40, names
 * from common surnames and given names. */
GPtrArray *
dabiao_test_make_roster (guint n)
{
  static const char *surnames[] = { "张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴", "徐", "孙" };
  static const char *given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军",
                                 "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "小明", "子涵" };
  static const int grades[] = { 11, 12, 13, 14, 15, 16, 21, 22, 23 };
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < n; i++)
    {
      int grade = grades[(i / 400) % G_N_ELEMENTS (grades)];
      g_autofree char *id = g_strdup_printf ("G%08u", i + 1);
      g_autofree char *name = g_strconcat (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                                           given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))], NULL);
      g_autofree char *class_name = g_strdup_printf ("%d%02u", grade, (i / 40) % 10 + 1);

      g_ptr_array_add (items, dabiao_roster_item_new (id, name, 1 + (int) (i % 2), grade, class_name));
    }
  g_rand_free (rand);
  return items;
}

GtkWindow *
dabiao_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

GtkWidget *
dabiao_test_find_widget (GtkWidget  *root,
                         const char *name)
{
  if (root == NULL)
    return NULL;
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dabiao_test_find_widget (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
dabiao_test_find_css (GtkWidget  *root,
                      const char *css_name)
{
  if (g_str_equal (gtk_widget_get_css_name (root), css_name) && gtk_widget_get_visible (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dabiao_test_find_css (child, css_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
append_labels (GtkWidget *widget,
               GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    append_labels (child, text);
}

char *
dabiao_test_dup_toast_text (GtkWidget *root)
{
  GtkWidget *toast = dabiao_test_find_css (root, "toast");
  GString *text;

  if (toast == NULL)
    return NULL;
  text = g_string_new (NULL);
  append_labels (toast, text);
  return g_string_free (text, FALSE);
}

GtkWidget *
dabiao_test_get_widget (GtkWidget  *root,
                        const char *name)
{
  GtkWidget *widget = dabiao_test_find_widget (root, name);

  if (widget == NULL)
    g_error ("no widget named “%s” in %s", name, G_OBJECT_TYPE_NAME (root));
  return widget;
}

static gboolean
file_chooser_shown (gpointer data)
{
  *(GtkWindow **) data = dabiao_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  return *(GtkWindow **) data != NULL;
}

static gboolean
mapped_and_allocated (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits until @widget is mapped, has its size, and a whole frame (layout,
 * then paint) has passed since: a chooser driven before that (under load:
 * shown but not yet laid out) had GTK draw a button that had no allocation
 * yet, a fatal warning ("Trying to snapshot GtkButton without a current
 * allocation", test-public-day /merge-typed-path). */
static void
wait_laid_out (GtkWidget  *widget,
               const char *what)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  if (!dabiao_test_wait_until (mapped_and_allocated, widget, 20000))
    g_error ("%s was not shown and laid out within 20 s", what);
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  if (!dabiao_test_wait_until (flag_set, &painted, 20000))
    g_error ("%s was not drawn within 20 s", what);
  g_signal_handler_disconnect (clock, id);
}

typedef struct
{
  GtkFileChooser *chooser;
  GFile          *file;
} ChooserPick;

static gboolean
chooser_has_file (gpointer data)
{
  ChooserPick *pick = data;
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (pick->chooser);

  return chosen != NULL && g_file_equal (chosen, pick->file);
}

static GtkWidget *
find_chooser_widget (GtkWidget *root)
{
  if (GTK_IS_FILE_CHOOSER_WIDGET (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_chooser_widget (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
window_gone (gpointer data)
{
  GtkWindow *window = *(GtkWindow **) data;

  return window == NULL || !gtk_widget_get_visible (GTK_WIDGET (window));
}

/* Answers the chooser and waits until it has gone.  A save chooser checks
 * the name in the background before it really answers (it stays on screen
 * meanwhile): a second chooser asked for at once found that first one, which
 * was freed under the test's hands (journey (h) under ASan: "invalid
 * unclassed pointer in cast to GtkFileChooser"). */
static void
respond_and_wait_gone (GtkWindow *dialog,
                       int        response)
{
  GtkWindow *answered = dialog;

  g_object_add_weak_pointer (G_OBJECT (answered), (gpointer *) &answered);
  gtk_dialog_response (GTK_DIALOG (dialog), response);
  if (!dabiao_test_wait_until (window_gone, &answered, 20000))
    g_error ("the file chooser is still open 20 s after it was answered");
  if (answered != NULL)
    g_object_remove_weak_pointer (G_OBJECT (answered), (gpointer *) &answered);
}

void
dabiao_test_answer_file_chooser (const char *path)
{
  GtkWindow *dialog = NULL;
  g_autoptr(GFile) file = path != NULL ? g_file_new_for_path (path) : NULL;
  g_autoptr(GFile) folder = file != NULL ? g_file_get_parent (file) : NULL;
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

  g_assert_true (dabiao_test_wait_until (file_chooser_shown, &dialog, 10000));
  wait_laid_out (GTK_WIDGET (dialog), "the file chooser");
  if (path == NULL)
    {
      respond_and_wait_gone (dialog, GTK_RESPONSE_CANCEL);
      return;
    }
  /* What a person does: go to the folder, type the name (save) or pick
   * the file (open), press the button. */
  if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    }
  else
    {
      /* The folder loads in the background; the file is selected once it
       * has. */
      ChooserPick pick = { GTK_FILE_CHOOSER (dialog), file };
      GtkWidget *widget = find_chooser_widget (GTK_WIDGET (dialog));

      /* As a person types it: Ctrl+L and the whole path. */
      g_assert_nonnull (widget);
      g_signal_emit_by_name (widget, "location-popup", path);
      if (!dabiao_test_wait_until (chooser_has_file, &pick, 10000))
        g_error ("the file chooser did not take %s", path);
    }
  dabiao_test_wait (100);
  respond_and_wait_gone (dialog, GTK_RESPONSE_ACCEPT);
}

/* The first widget under @root whose type is named @type_name (GTK's
 * private ones too). */
static GtkWidget *
find_typed (GtkWidget  *root,
            const char *type_name)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), type_name))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_typed (child, type_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
dabiao_test_type_into_file_chooser (const char *path)
{
  GtkWindow *dialog = NULL;
  GtkWidget *widget;
  GtkWidget *entry;
  GtkWidget *button;

  g_assert_true (dabiao_test_wait_until (file_chooser_shown, &dialog, 10000));
  /* Driven once it is on screen and laid out, as a person sees it. */
  wait_laid_out (GTK_WIDGET (dialog), "the file chooser");
  widget = find_chooser_widget (GTK_WIDGET (dialog));
  g_assert_nonnull (widget);
  /* Ctrl+L opens the location entry where the chooser is; the path is
   * typed into it. */
  g_signal_emit_by_name (widget, "location-toggle-popup");
  entry = find_typed (widget, "GtkFileChooserEntry");
  g_assert_nonnull (entry);
  wait_laid_out (entry, "the chooser's location entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), path);
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  /* The chooser follows the typed folder (its path bar's buttons change):
   * a frame for that too. */
  dabiao_test_wait (300);
  wait_laid_out (GTK_WIDGET (dialog), "the file chooser with the path typed");
  dabiao_test_screenshot (GTK_WIDGET (dialog), "file-chooser-typed-path");
  button = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
dabiao_test_click (GtkWidget  *root,
                   const char *name)
{
  GtkWidget *button = dabiao_test_get_widget (root, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

GtkWidget *
dabiao_test_find_part_check (GtkWidget  *root,
                             const char *part)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_CHECK_BUTTON (child) && g_strcmp0 (g_object_get_data (G_OBJECT (child), "part"), part) == 0)
        return child;
      if ((found = dabiao_test_find_part_check (child, part)) != NULL)
        return found;
    }
  return NULL;
}

void
dabiao_test_tick_part (GtkWidget  *root,
                       const char *part)
{
  GtkWidget *check = dabiao_test_find_part_check (root, part);

  g_assert_nonnull (check);
  g_assert_true (gtk_widget_is_sensitive (check));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
}

static GtkWidget *
find_button_labelled (GtkWidget  *root,
                      const char *text)
{
  if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) != NULL
      && strstr (gtk_button_get_label (GTK_BUTTON (root)), text) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
dabiao_test_click_labelled (GtkWidget  *root,
                            const char *text)
{
  GtkWidget *button = find_button_labelled (root, text);

  if (button == NULL)
    g_error ("no button “%s” in %s", text, G_OBJECT_TYPE_NAME (root));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Counts the key presses (not modifiers) that reach a window. */
static gboolean
key_seen_cb (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             guint                 *seen)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (event == NULL || !gdk_key_event_is_modifier (event))
    (*seen)++;
  return FALSE;
}

static void
run_xdotool (const char *command)
{
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s: %s", command, err);
}

/* Runs @command, which sends @expected key presses to @window, and waits
 * until they reached it; returns how many did.  The keys go to whichever
 * window has the X input focus when they are sent: when GUI tests run
 * side by side on one display, another test's new window can take the
 * focus between `windowfocus` and `key`, and the keys are lost to this
 * window (the cause of /public-day/whole-day's flake: a certificate never
 * issued after Ctrl+Enter).  So: watch the keys arrive, and send them again
 * only if none did. */
static guint
send_watched (GtkWidget  *window,
              const char *command,
              guint       expected,
              const char *what)
{
  GtkEventController *watch = gtk_event_controller_key_new ();
  GtkWidget *watched = window;
  guint seen = 0;

  gtk_event_controller_set_propagation_phase (watch, GTK_PHASE_CAPTURE);
  g_signal_connect (watch, "key-pressed", G_CALLBACK (key_seen_cb), &seen);
  gtk_widget_add_controller (window, watch);
  /* The key may close the window (Return in a dialog): it can be gone,
   * its controllers with it, by the time the watch is taken off (journey
   * g under load: "gtk_widget_remove_controller: assertion 'GTK_IS_WIDGET
   * (widget)' failed"). */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &watched);
  for (guint attempt = 0; attempt < 3 && seen == 0; attempt++)
    {
      if (attempt > 0)
        g_test_message ("%s did not reach the window (another window had the focus?): sent again", what);
      run_xdotool (command);
      for (guint i = 0; i < 100 && seen < expected; i++)
        dabiao_test_wait (100);
    }
  if (watched != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (watched), (gpointer *) &watched);
      /* (A window destroyed but still referenced has dropped it already.) */
      if (gtk_event_controller_get_widget (watch) == watched)
        gtk_widget_remove_controller (watched, watch);
    }
  /* Let the keys be handled. */
  dabiao_test_wait (300);
  return seen;
}

static gulong
xid_of (GtkWidget *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return (gulong) gdk_x11_surface_get_xid (surface);
}

void
dabiao_test_key (GtkWidget  *window,
                 const char *keys)
{
  g_autofree char *command = NULL;

  g_assert_null (strchr (keys, ' '));   /* one key (with modifiers) */
  command = g_strdup_printf ("xdotool windowfocus --sync %lu key --clearmodifiers %s", xid_of (window), keys);
  if (send_watched (window, command, 1, keys) == 0)
    g_error ("the key %s never reached the window", keys);
}

void
dabiao_test_scan (GtkWidget  *window,
                  const char *text)
{
  g_autofree char *command = NULL;

  for (const char *p = text; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p));
  /* A scanner's pace: a key every 10 ms, then Enter. */
  command = g_strdup_printf ("sh -c 'xdotool windowfocus --sync %lu type --delay 10 %s && xdotool key --delay 10 Return'",
                             xid_of (window), text);
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      guint seen = send_watched (window, command, (guint) strlen (text) + 1, text);

      if (seen == strlen (text) + 1)
        return;
      /* Cut by another test's window taking the focus: what arrived is
       * taken back (it went into the field the first key chose). */
      g_test_message ("only %u of the %u keys of %s reached the window: typed again", seen,
                      (guint) strlen (text) + 1, text);
      dabiao_test_key (window, "ctrl+a");
      dabiao_test_key (window, "BackSpace");
    }
  g_error ("the scan %s never reached the window whole", text);
}

void
dabiao_test_stop_sim (GSubprocess *sim)
{
  if (sim == NULL || g_subprocess_get_identifier (sim) == NULL)
    return;
  /* Asked to end, it removes its link before it frees its pseudo-terminal;
   * killed, it left the link to a number the next pseudo-terminal opened
   * anywhere gets, and a window still trying the link read another test's
   * values (decision 0274). */
  g_subprocess_send_signal (sim, SIGTERM);
  for (guint i = 0; i < 100 && g_subprocess_get_identifier (sim) != NULL; i++)
    dabiao_test_wait (50);
  if (g_subprocess_get_identifier (sim) != NULL)
    {
      g_subprocess_force_exit (sim);
      g_subprocess_wait (sim, NULL, NULL);
    }
}

void
dabiao_test_create_event (const char                  *path,
                          const DabiaoEventInfo       *info,
                          const DabiaoParticipantInfo *people,
                          guint                        n_people)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_create (path, info, &error);

  g_assert_no_error (error);
  if (n_people > 0)
    g_assert_true (dabiao_event_add_participants (event, people, n_people, NULL, NULL, &error));
  g_assert_no_error (error);
  dabiao_event_close (event);
}

DabiaoWindow *
dabiao_test_open_window (GFile *file,
                         int    width,
                         int    height)
{
  DabiaoWindow *window = g_object_new (DABIAO_TYPE_WINDOW, NULL);

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  if (file != NULL)
    {
      dabiao_window_open_file (window, file);
      g_assert_true (dabiao_test_wait_until (dabiao_test_session_open, window, 15000));
    }
  return window;
}

char *
dabiao_test_start_sim (const char * const *args,
                       GSubprocess       **sim)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  char *port;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DABIAO_SIM"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  *sim = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (*sim));
  /* The pipe stays open with the process: the simulator may print more. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  port = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);
  return g_strstrip (port);
}
