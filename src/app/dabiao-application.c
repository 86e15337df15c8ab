/* dabiao-application.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-application.h"
#include "dabiao-main-thread.h"
#include "dabiao-preferences-window.h"
#include "dabiao-window.h"

#define SETTINGS_SCHEMA_ID "cn.dabiao.Station"

struct _DabiaoApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gboolean        demo;
};

G_DEFINE_FINAL_TYPE (DabiaoApplication, dabiao_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a demo event with a roster and a simulated instrument"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static DabiaoWindow *
get_or_create_window (DabiaoApplication *self)
{
  /* The most recently used of the program's windows (not its 首选项). */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DABIAO_IS_WINDOW (l->data))
      return DABIAO_WINDOW (l->data);
  return dabiao_window_new (self);
}

static void
dabiao_application_activate (GApplication *app)
{
  DabiaoApplication *self = DABIAO_APPLICATION (app);
  DabiaoWindow *window = get_or_create_window (self);

  gtk_window_present (GTK_WINDOW (window));

  if (self->demo)
    {
      self->demo = FALSE;
      dabiao_window_open_demo (window);
    }
}

/* A file named on the command line, as the person meant it.  GApplication
 * resolves a relative name against the process's folder; `meson devenv -C
 * _build dabiao 活动.dabiao` runs the program inside _build, so the name
 * meant the folder the person typed it in ($PWD, which the shell set and
 * meson devenv passes on).  That folder is taken when the file is not
 * where GApplication looked. */
static GFile *
file_as_meant (GFile *file)
{
  const char *pwd = g_getenv ("PWD");
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GFile) here = g_file_new_for_path (cwd);
  g_autofree char *relative = g_file_get_relative_path (here, file);
  g_autoptr(GFile) there = NULL;

  if (g_file_query_exists (file, NULL) || relative == NULL || pwd == NULL || !g_path_is_absolute (pwd)
      || g_str_equal (pwd, cwd))
    return g_object_ref (file);
  there = g_file_new_build_filename (pwd, relative, NULL);
  return g_object_ref (g_file_query_exists (there, NULL) ? there : file);
}

static void
dabiao_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  DabiaoApplication *self = DABIAO_APPLICATION (app);
  g_autoptr(GFile) file = NULL;
  DabiaoWindow *window;

  if (n_files == 0)
    {
      gtk_window_present (GTK_WINDOW (get_or_create_window (self)));
      return;
    }
  /* One event per window: the last file named wins, as in an office program
   * that opens one document.  The program runs once (a second `dabiao FILE`
   * hands its file to the first): an event open already comes to the
   * front; another opens in the window that has none, else in a new one. */
  file = file_as_meant (files[n_files - 1]);
  window = dabiao_window_find_for_file (file);
  if (window == NULL)
    {
      window = get_or_create_window (self);
      if (dabiao_window_get_session (window) != NULL)
        window = dabiao_window_new (self);
    }
  gtk_window_present (GTK_WINDOW (window));
  dabiao_window_open_file (window, file);
}

/* Without its settings schema GSettings aborts the program.  Installed, the
 * schema is always there; run from a build tree without
 * GSETTINGS_SCHEMA_DIR it is not: say so and how to run it instead. */
static gboolean
settings_schema_found (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema != NULL)
    return TRUE;

  g_printerr ("dabiao: ");
  g_printerr (_("the settings schema %s is not installed, so the program cannot keep its settings. "
                "Install the dabiao package (or run “meson install”); from a build folder run "
                "“meson devenv -C BUILD-FOLDER dabiao” or set GSETTINGS_SCHEMA_DIR=BUILD-FOLDER/data "
                "(GSETTINGS_SCHEMA_DIR is now “%s”)."),
              SETTINGS_SCHEMA_ID, g_getenv ("GSETTINGS_SCHEMA_DIR") ? g_getenv ("GSETTINGS_SCHEMA_DIR") : "");
  g_printerr ("\n");
  return FALSE;
}

static int
dabiao_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  DabiaoApplication *self = DABIAO_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("dabiao %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* The demo is a program of its own (it was before the program ran once
   * per session): the first instance would not know of --demo. */
  if (g_variant_dict_contains (options, "demo"))
    {
      self->demo = TRUE;
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  if (!settings_schema_found ())
    return 1;

  return -1;
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Close the windows so that each saves its state and stops its work. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (G_APPLICATION (app));
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Dabiao authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Dabiao"),
                        "developer-name", _("The Dabiao authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Record, score and report national physical fitness tests"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  DabiaoPreferencesWindow *prefs;

  if (DABIAO_IS_WINDOW (parent))
    {
      dabiao_window_show_preferences (DABIAO_WINDOW (parent), NULL);
      return;
    }
  prefs = dabiao_preferences_window_new (parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated_cb },
  { "about", about_activated_cb },
  { "preferences", preferences_activated_cb },
};

static void
dabiao_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.new-event", { "<Control>n", NULL } },
    { "win.open-event", { "<Control>o", NULL } },
    { "win.show-page::start", { "<Alt>1", NULL } },
    { "win.show-page::station", { "<Alt>2", NULL } },
    { "win.show-page::roster", { "<Alt>3", NULL } },
    { "win.show-page::results", { "<Alt>4", NULL } },
    { "win.export", { "<Control>p", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (dabiao_application_parent_class)->startup (app);

  /* GTK runs here: a blocking event call on this thread is a bug (an abort
   * in development builds, a critical warning otherwise). */
#ifdef DEVELOPMENT_BUILD
  dabiao_main_thread_declare (DABIAO_MAIN_THREAD_ABORT);
#else
  dabiao_main_thread_declare (DABIAO_MAIN_THREAD_WARN);
#endif

  DABIAO_APPLICATION (app)->settings = g_settings_new (SETTINGS_SCHEMA_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
dabiao_application_dispose (GObject *object)
{
  DabiaoApplication *self = DABIAO_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dabiao_application_parent_class)->dispose (object);
}

static void
dabiao_application_class_init (DabiaoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dabiao_application_dispose;

  app_class->activate = dabiao_application_activate;
  app_class->open = dabiao_application_open;
  app_class->startup = dabiao_application_startup;
  app_class->handle_local_options = dabiao_application_handle_local_options;
}

static void
dabiao_application_init (DabiaoApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[EVENT-FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("Station for national physical fitness tests. Check participants in, take the instruments’ "
      "readings, score them against the national standard and export the results. "
      "The command-line tools are dabiao-cli and dabiao-sim."));
}

DabiaoApplication *
dabiao_application_new (void)
{
  return g_object_new (DABIAO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

/**
 * dabiao_application_get_settings:
 *
 * Returns: (transfer none): the application's settings (cn.dabiao.Station)
 */
GSettings *
dabiao_application_get_settings (DabiaoApplication *self)
{
  g_return_val_if_fail (DABIAO_IS_APPLICATION (self), NULL);

  return self->settings;
}
