/* dabiao-window-export.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-export-dialog.h"
#include "dabiao-session.h"
#include "dabiao-window-private.h"

/* 导出 (Ctrl+P): the export dialog (dabiao-export-dialog.c) does the work
 * through the core's one export function; the window shows the result in a
 * toast whose button opens the file. */

/* Certificate levels offered, highest first: the standard's levels but the
 * lowest (优秀, 良好, 及格; 一级（优秀）… 三级（合格）). */
static GStrv
export_levels (DabiaoSession *session)
{
  const char * const *names = dabiao_session_get_total_level_names (session);
  guint n = g_strv_length ((char **) names);
  g_autoptr(GStrvBuilder) levels = g_strv_builder_new ();

  for (guint i = 0; i + 1 < n; i++)
    g_strv_builder_add (levels, names[i]);
  return g_strv_builder_end (levels);
}

static void
exported_cb (DabiaoExportDialog *dialog,
             const char         *path,
             const char         *message,
             DabiaoWindow       *self)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_export);
  g_free (self->last_export_path);
  self->last_export = g_strdup (message);
  self->last_export_path = g_strdup (path);
  /* The next 导出 starts on this kind (trial 11d #11: it went back to
   * 上报文件, and a second 证书 file name was refused as not .xlsx). */
  self->last_export_kind = dabiao_export_dialog_get_kind (dialog) + 1;
  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *uri = g_file_get_uri (file);

      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.open-exported");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }
  adw_toast_set_timeout (toast, 10);
  _dabiao_window_show_toast (self, toast);
}

const char *
dabiao_window_get_last_export (DabiaoWindow  *self,
                               const char   **path)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  if (path != NULL)
    *path = self->last_export_path;
  return self->last_export;
}

void
_dabiao_window_export_activated_cb (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  DabiaoWindow *self = DABIAO_WINDOW (widget);
  g_auto(GStrv) levels = NULL;
  DabiaoExportDialog *dialog;

  if (self->session == NULL)
    return;
  levels = export_levels (self->session);
  dialog = dabiao_export_dialog_new (GTK_WINDOW (self), dabiao_session_get_event (self->session),
                                     (const char * const *) levels);
  /* The national upload is for student events: an adults' (国民体质) day
   * exports its 成绩表 (findings-15c #7). */
  if (self->last_export_kind > 0)
    dabiao_export_dialog_set_kind (dialog, self->last_export_kind - 1);
  else if (dabiao_session_is_by_age (self->session))
    dabiao_export_dialog_set_kind (dialog, DABIAO_EXPORT_RESULTS);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    dabiao_window_show_error (self, _("Could Not Open the File"), error);
}

/* The toast's button: the file in its program. */
void
_dabiao_window_open_exported_activated_cb (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  DabiaoWindow *self = DABIAO_WINDOW (widget);

  g_app_info_launch_default_for_uri_async (g_variant_get_string (parameter, NULL), NULL, NULL, launched_cb,
                                           g_object_ref (self));
}
