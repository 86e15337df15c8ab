/* dabiao-cue.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-cue.h"

/* The operator looks at the participant, not the screen: a saved reading and
 * an error each get a flash (a CSS class for a moment, see style.css) and a
 * sound.  Saved is one beep, an error two, so the ear tells them apart; the
 * sound can be turned off in the preferences (key cue-sound). */

#define FLASH_MS 700
#define SECOND_BEEP_MS 180

static const char *
cue_class (DabiaoCue cue)
{
  return cue == DABIAO_CUE_SAVED ? "cue-saved" : "cue-error";
}

static gboolean
unflash_cb (gpointer data)
{
  GtkWidget *widget = data;

  gtk_widget_remove_css_class (widget, "cue-saved");
  gtk_widget_remove_css_class (widget, "cue-error");
  g_object_set_data (G_OBJECT (widget), "dabiao-cue-source", NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
second_beep_cb (gpointer data)
{
  GtkWidget *widget = data;

  if (gtk_widget_get_realized (widget))
    gdk_display_beep (gtk_widget_get_display (widget));
  return G_SOURCE_REMOVE;
}

static gboolean
sound_enabled (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL)
    return TRUE;
  schema = g_settings_schema_source_lookup (source, "cn.dabiao.Station", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "cue-sound"))
    return TRUE;
  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_boolean (settings, "cue-sound");
}

/**
 * dabiao_cue_play:
 * @widget: the widget that flashes (the reading display)
 * @cue: saved or error
 */
void
dabiao_cue_play (GtkWidget *widget,
                 DabiaoCue  cue)
{
  guint source;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  source = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "dabiao-cue-source"));
  if (source != 0)
    g_source_remove (source);
  gtk_widget_remove_css_class (widget, "cue-saved");
  gtk_widget_remove_css_class (widget, "cue-error");
  gtk_widget_add_css_class (widget, cue_class (cue));

  source = g_timeout_add_full (G_PRIORITY_DEFAULT, FLASH_MS, unflash_cb,
                               g_object_ref (widget), g_object_unref);
  g_object_set_data (G_OBJECT (widget), "dabiao-cue-source", GUINT_TO_POINTER (source));

  if (!sound_enabled ())
    return;

  gdk_display_beep (gtk_widget_get_display (widget));
  if (cue == DABIAO_CUE_ERROR)
    g_timeout_add_full (G_PRIORITY_DEFAULT, SECOND_BEEP_MS, second_beep_cb,
                        g_object_ref (widget), g_object_unref);
}
