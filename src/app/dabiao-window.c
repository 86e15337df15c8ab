/* dabiao-window.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-window.h"

struct _DabiaoWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (DabiaoWindow, dabiao_window, ADW_TYPE_APPLICATION_WINDOW)

static void
dabiao_window_class_init (DabiaoWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-window.ui");
}

static void
dabiao_window_init (DabiaoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DabiaoWindow *
dabiao_window_new (DabiaoApplication *application)
{
  return g_object_new (DABIAO_TYPE_WINDOW, "application", application, NULL);
}
