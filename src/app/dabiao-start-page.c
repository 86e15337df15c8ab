/* dabiao-start-page.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-start-page.h"

/* What a person sees first: new event, open, demo, and the recent events
 * (GSettings key recent-events, newest first).  Activating a recent event
 * activates win.open-recent with its path. */

struct _DabiaoStartPage
{
  AdwBin      parent_instance;

  GtkListBox *recent_list;
  guint       n_recent;
};

G_DEFINE_FINAL_TYPE (DabiaoStartPage, dabiao_start_page, ADW_TYPE_BIN)

static void
recent_activated_cb (DabiaoStartPage *self,
                     GtkListBoxRow   *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");

  if (path != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-recent", "s", path);
}

static void
dabiao_start_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DABIAO_TYPE_START_PAGE);

  G_OBJECT_CLASS (dabiao_start_page_parent_class)->dispose (object);
}

static void
dabiao_start_page_class_init (DabiaoStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dabiao_start_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoStartPage, recent_list);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);
}

static void
dabiao_start_page_init (DabiaoStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dabiao_start_page_new (void)
{
  return g_object_new (DABIAO_TYPE_START_PAGE, NULL);
}

/**
 * dabiao_start_page_set_recent:
 * @paths: (array zero-terminated=1): event files, newest first
 */
void
dabiao_start_page_set_recent (DabiaoStartPage    *self,
                              const char * const *paths)
{
  GtkWidget *child;

  g_return_if_fail (DABIAO_IS_START_PAGE (self));

  child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (self->recent_list, child);
      child = next;
    }

  self->n_recent = 0;
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (paths[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), paths[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "path", g_strdup (paths[i]), g_free);
      gtk_list_box_append (self->recent_list, row);
      self->n_recent++;
    }
}

/**
 * dabiao_start_page_set_recent_details:
 * @path: one of the recent event files
 * @name: the event's name
 * @date: its date (YYYY-MM-DD), or NULL
 *
 * Names the row of @path by its event: "春季测试", "2026-04-15 · /home/…/春季测试.dabiao".
 */
void
dabiao_start_page_set_recent_details (DabiaoStartPage *self,
                                      const char      *path,
                                      const char      *name,
                                      const char      *date)
{
  g_return_if_fail (DABIAO_IS_START_PAGE (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *subtitle = NULL;

      if (!ADW_IS_ACTION_ROW (child) || g_strcmp0 (g_object_get_data (G_OBJECT (child), "path"), path) != 0)
        continue;
      subtitle = date != NULL && date[0] != '\0' ? g_strdup_printf ("%s · %s", date, path) : g_strdup (path);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (child), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (child), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (child), 2);
    }
}

/* The rows' titles and subtitles, "title\nsubtitle", for tests. */
char *
dabiao_start_page_get_recent_text (DabiaoStartPage *self,
                                   guint            index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->recent_list, index);

  if (row == NULL || !ADW_IS_ACTION_ROW (row))
    return NULL;
  return g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

guint
dabiao_start_page_get_n_recent (DabiaoStartPage *self)
{
  g_return_val_if_fail (DABIAO_IS_START_PAGE (self), 0);

  return self->n_recent;
}
