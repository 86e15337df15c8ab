/* dabiao-application.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-application.h"
#include "dabiao-window.h"

struct _DabiaoApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (DabiaoApplication, dabiao_application, ADW_TYPE_APPLICATION)

static void
dabiao_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (dabiao_window_new (DABIAO_APPLICATION (app)));

  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
};

static void
dabiao_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (dabiao_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
}

static void
dabiao_application_class_init (DabiaoApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = dabiao_application_activate;
  app_class->startup = dabiao_application_startup;
}

static void
dabiao_application_init (DabiaoApplication *self)
{
}

DabiaoApplication *
dabiao_application_new (void)
{
  return g_object_new (DABIAO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}
