/* dabiao-window-actions.c
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

#include "dabiao-details-dialog.h"
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

/* The window's actions (win.*): open, new event, the event's items and
 * stations, import a roster, show a page; installed by
 * _dabiao_window_class_actions_init(). */

static void
open_chosen_cb (GFile    *file,
                gpointer  user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;

  if (file != NULL)
    dabiao_window_open_file (self, file);
}

static void
open_event_activated_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  dabiao_choose_file_to_open (GTK_WINDOW (widget), _("Open Event"), DABIAO_FILE_EVENT,
                              open_chosen_cb, g_object_ref (widget));
}

static void
open_recent_activated_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  dabiao_window_open_file (DABIAO_WINDOW (widget), file);
}

static void
open_demo_activated_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  dabiao_window_open_demo (DABIAO_WINDOW (widget));
}

/* ---- new event ------------------------------------------------------------- */

typedef struct
{
  DabiaoWindow    *window;
  GtkWindow       *dialog;    /* the form, hidden while the chooser is up */
  DabiaoEventInfo *info;
} NewEvent;

static void
new_event_free (NewEvent *data)
{
  g_clear_object (&data->window);
  g_clear_object (&data->dialog);
  g_clear_pointer (&data->info, dabiao_event_info_free);
  g_free (data);
}

static void
create_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = dabiao_session_create_finish (result, &error);
  if (session == NULL)
    {
      dabiao_window_show_error (self, _("Could not Create the Event"), error);
      return;
    }
  self->demo = FALSE;
  _dabiao_window_stop_demo_instrument (self);
  _dabiao_window_remember_recent (self, self->event_file);
  _dabiao_window_set_session (self, session);
  dabiao_window_show_page (self, "roster");
}

/**
 * dabiao_window_create_event:
 * @path: where the event file goes (".dabiao" is added when missing)
 * @info: what the new-event dialog gave
 *
 * Creates the event (in a worker thread) and opens it.
 */
void
dabiao_window_create_event (DabiaoWindow          *self,
                            const char            *path,
                            const DabiaoEventInfo *info)
{
  g_autofree char *full = NULL;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  full = g_str_has_suffix (path, ".dabiao") ? g_strdup (path) : g_strconcat (path, ".dabiao", NULL);
  g_clear_object (&self->event_file);
  self->event_file = g_file_new_for_path (full);
  dabiao_session_create_async (full, info, NULL, self->cancellable, create_ready_cb, g_object_ref (self));
}

static void
new_event_file_chosen_cb (GFile    *file,
                          gpointer  user_data)
{
  NewEvent *data = user_data;

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      gtk_window_destroy (data->dialog);
      dabiao_window_create_event (data->window, path, data->info);
    }
  else
    /* Cancelled: back to the form, everything as it was. */
    gtk_window_present (data->dialog);
  new_event_free (data);
}

static void
new_event_done_cb (DabiaoNewEventDialog *dialog,
                   DabiaoWindow         *self)
{
  NewEvent *data = g_new0 (NewEvent, 1);
  g_autofree char *suggested = NULL;

  data->window = g_object_ref (self);
  data->dialog = GTK_WINDOW (g_object_ref (dialog));
  data->info = dabiao_new_event_dialog_get_info (dialog);
  if (data->info == NULL)
    {
      gtk_window_present (data->dialog);
      new_event_free (data);
      return;
    }
  suggested = g_strconcat (data->info->name, ".dabiao", NULL);
  dabiao_choose_file_to_save (GTK_WINDOW (self), _("Save the New Event"), DABIAO_FILE_EVENT,
                              suggested, new_event_file_chosen_cb, data);
}

static void
new_event_activated_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DabiaoWindow *self = DABIAO_WINDOW (widget);
  GtkWidget *dialog = dabiao_new_event_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "done", G_CALLBACK (new_event_done_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- an open event's items and stations ------------------------------------- */

typedef struct
{
  DabiaoEvent     *event;
  DabiaoEventInfo *info;
  gboolean         items_changed;  /* an item added or removed: open again */
} SetupData;

static void
setup_data_free (SetupData *data)
{
  g_clear_object (&data->event);
  g_clear_pointer (&data->info, dabiao_event_info_free);
  g_free (data);
}

static gboolean
station_lists_equal (GPtrArray *a,
                     GPtrArray *b)
{
  guint n_b = b != NULL ? b->len : 0;

  if (a->len != n_b)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      DabiaoStationDefinition *x = g_ptr_array_index (a, i);
      DabiaoStationDefinition *y = g_ptr_array_index (b, i);

      if (g_strcmp0 (x->name, y->name) != 0 || g_strcmp0 (x->profile, y->profile) != 0
          || !g_strv_equal ((const char * const *) x->items, (const char * const *) y->items))
        return FALSE;
    }
  return TRUE;
}

static gboolean
chosen (const DabiaoEventInfo *info,
        const char            *code)
{
  for (guint i = 0; i < info->n_items; i++)
    if (g_str_equal (info->items[i].code, code))
      return TRUE;
  return FALSE;
}

/* On the event's worker: items added, the changed attempts, the stations,
 * then items removed (no station measures them any more). */
static void
save_setup_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SetupData *data = task_data;
  DabiaoEvent *event = data->event;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *items = dabiao_event_get_items (event);
  GError *error = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (items, i);

      if (!chosen (data->info, item->code))
        g_ptr_array_add (removed, g_strdup (item->code));
    }
  for (guint i = 0; i < data->info->n_items; i++)
    {
      const DabiaoEventItem *item = dabiao_event_find_item (event, data->info->items[i].code);

      if (item == NULL)
        {
          if (!dabiao_event_add_item (event, data->info->items[i].code, data->info->items[i].attempts, &error))
            {
              g_task_return_error (task, error);
              return;
            }
          data->items_changed = TRUE;
          continue;
        }
      if (item->attempts == data->info->items[i].attempts)
        continue;
      if (!dabiao_event_set_item_attempts (event, item->code, data->info->items[i].attempts, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  before = dabiao_event_list_station_definitions (event, NULL);
  /* Unchanged stations are not written again (no audit entry, no newer
   * time to win a merge with). */
  if (before == NULL || !station_lists_equal (before, data->info->stations))
    {
      if (!dabiao_event_set_station_definitions (event, data->info->stations, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  for (guint i = 0; i < removed->len; i++)
    {
      if (!dabiao_event_remove_item (event, g_ptr_array_index (removed, i), &error))
        {
          g_task_return_error (task, error);
          return;
        }
      data->items_changed = TRUE;
    }
  g_task_return_boolean (task, TRUE);
}

static void
setup_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DabiaoWindow *self = DABIAO_WINDOW (source);
  SetupData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Save the Items and Stations"), error);
      if (!data->items_changed)
        return;
    }
  else
    dabiao_window_add_toast (self, _("Items and stations saved"));
  if (data->items_changed)
    _dabiao_window_reopen (self);
  else if (self->session != NULL)
    {

      /* The main thread's copy of the items, for the next edit. */
      for (guint i = 0; i < data->info->n_items; i++)
        dabiao_session_set_item_attempts (self->session, data->info->items[i].code,
                                          data->info->items[i].attempts);
      _dabiao_window_load_station_definitions (self);
    }
}

static void
setup_done_cb (DabiaoNewEventDialog *dialog,
               DabiaoWindow         *self)
{
  SetupData *data;
  GTask *task;

  if (self->session == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  data = g_new0 (SetupData, 1);
  data->event = g_object_ref (dabiao_session_get_event (self->session));
  data->info = dabiao_new_event_dialog_get_info (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (data->info == NULL)
    {
      setup_data_free (data);
      return;
    }
  task = g_task_new (self, self->cancellable, setup_saved_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) setup_data_free);
  dabiao_event_run_in_worker (data->event, task, save_setup_thread);
  g_object_unref (task);
}

/* On the event's worker: the items with results (they cannot be removed). */
static void
recorded_items_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  DabiaoEvent *event = g_object_get_data (G_OBJECT (task), "event");
  GPtrArray *items = dabiao_event_get_items (event);
  g_autoptr(GStrvBuilder) recorded = g_strv_builder_new ();
  GError *error = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (items, i);
      gint64 n = dabiao_event_count_item_measurements (event, item->code, &error);

      if (n < 0)
        {
          g_task_return_error (task, error);
          return;
        }
      if (n > 0)
        g_strv_builder_add (recorded, item->code);
    }
  g_task_return_pointer (task, g_strv_builder_end (recorded), (GDestroyNotify) g_strfreev);
}

static void
recorded_items_ready_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(DabiaoNewEventDialog) dialog = g_weak_ref_get (g_task_get_task_data (G_TASK (result)));
  g_auto(GStrv) recorded = g_task_propagate_pointer (G_TASK (result), NULL);

  /* On an error the event's items simply stay. */
  if (dialog != NULL && recorded != NULL)
    dabiao_new_event_dialog_set_recorded_items (dialog, (const char * const *) recorded);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/**
 * dabiao_window_edit_event_setup:
 *
 * Opens the event's items (added, removed while nothing is recorded for
 * them, attempts) and stations for the organiser to change; saved on the
 * event's worker.  Returns the dialog (nullable: no
 * event open).
 */
GtkWidget *
dabiao_window_edit_event_setup (DabiaoWindow *self)
{
  DabiaoEvent *event;
  DabiaoEventInfo info = { 0 };
  GtkWidget *dialog;

  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  if (self->session == NULL)
    return NULL;
  event = dabiao_session_get_event (self->session);
  info.name = dabiao_event_get_name (event);
  info.standard = dabiao_event_get_standard (event);
  info.date = dabiao_event_get_date (event);
  info.place = dabiao_event_get_place (event);
  dialog = dabiao_new_event_dialog_new_for_event (GTK_WINDOW (self), &info, dabiao_session_get_items (self->session),
                                                  self->station_defs);
  g_signal_connect_object (dialog, "done", G_CALLBACK (setup_done_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  {
    GWeakRef *ref = g_new0 (GWeakRef, 1);
    g_autoptr(GTask) task = g_task_new (NULL, NULL, recorded_items_ready_cb, NULL);

    g_weak_ref_init (ref, dialog);
    g_task_set_task_data (task, ref, (GDestroyNotify) weak_ref_free);
    g_object_set_data_full (G_OBJECT (task), "event", g_object_ref (event), g_object_unref);
    dabiao_event_run_in_worker (event, task, recorded_items_thread);
  }
  return dialog;
}

static void
details_saved_cb (DabiaoDetailsDialog *dialog,
                  gboolean             date_changed,
                  DabiaoWindow        *self)
{
  gboolean coded = FALSE;

  if (self->session == NULL)
    return;
  /* The schools the last roster named without a code now have one: their
   * participants got it (dabiao_event_set_details()); the report's warning
   * is gone, the roster shows them again (trial 11d #9). */
  if (self->import_uncoded != NULL)
    {
      g_autoptr(DabiaoEventDetails) saved = dabiao_details_dialog_get_details (dialog);

      coded = TRUE;
      for (guint i = 0; coded && i < self->import_uncoded->len; i++)
        {
          const char *name = g_ptr_array_index (self->import_uncoded, i);
          gboolean found = FALSE;

          for (guint k = 0; saved != NULL && !found && k < saved->schools->len; k++)
            {
              const DabiaoSchool *school = g_ptr_array_index (saved->schools, k);

              found = school->code != NULL && g_strcmp0 (school->name, name) == 0;
            }
          coded = found;
        }
      if (coded)
        {
          dabiao_roster_page_finish_import (self->roster_page, self->import_text_coded);
          g_clear_pointer (&self->import_uncoded, g_ptr_array_unref);
          g_clear_pointer (&self->import_text_coded, g_free);
        }
    }
  if (date_changed || coded)
    /* Ages are counted to the test date: the station, roster and results
     * count them to the new one (and show the schools' codes). */
    _dabiao_window_reopen (self);
  else
    {
      /* A new name: the title, the header and 最近的活动 say it at once
       * (reopening, above, does the same). */
      _dabiao_window_show_event_name (self);
      _dabiao_window_reload_recent (self);
      _dabiao_window_exit_refresh (self);
    }
  dabiao_window_add_toast (self, _("Event details saved"));
}

static void
event_details_activated_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  DabiaoWindow *self = DABIAO_WINDOW (widget);
  DabiaoDetailsDialog *dialog;

  if (self->session == NULL)
    return;
  dialog = dabiao_details_dialog_new (GTK_WINDOW (self), dabiao_session_get_event (self->session));
  dabiao_details_dialog_set_by_age (dialog, dabiao_session_is_by_age (self->session));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (details_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
event_setup_activated_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  dabiao_window_edit_event_setup (DABIAO_WINDOW (widget));
}

/* ---- import --------------------------------------------------------------- */

static gboolean
pulse_import_cb (gpointer data)
{
  DabiaoWindow *self = data;

  dabiao_roster_page_pulse_import (self->roster_page);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  DabiaoWindow *window;
  char         *name;
  guint         pulse;
} ImportContext;

/* The roster page's report of an import: what it did, the rows left out,
 * what the national upload will need (all but warning @skip - 1; 0: all). */
static char *
import_report_text (const char               *name,
                    const DabiaoRosterReport *report,
                    guint                     skip)
{
  GString *text = g_string_new (NULL);

  /* Translators: roster import summary */
  g_string_append_printf (text, _("%s: %u rows read, %u added, %u updated, %u unchanged."),
                          name, report->rows, report->added, report->updated, report->unchanged);
  if (report->problems != NULL && report->problems->len > 0)
    {
      g_string_append_printf (text, ngettext ("\n%u row was not imported:", "\n%u rows were not imported:",
                                              report->problems->len), report->problems->len);
      for (guint i = 0; i < report->problems->len; i++)
        g_string_append_printf (text, "\n%s", (const char *) g_ptr_array_index (report->problems, i));
    }
  /* What the national upload will need: said now, not at the end of the day. */
  if (report->warnings != NULL && report->warnings->len > (skip > 0 ? 1u : 0u))
    {
      g_string_append_printf (text, "\n%s", _("Before the national upload:"));
      for (guint i = 0; i < report->warnings->len; i++)
        if (i + 1 != skip)
          g_string_append_printf (text, "\n• %s", (const char *) g_ptr_array_index (report->warnings, i));
    }
  return g_string_free (text, FALSE);
}

static void
import_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ImportContext *ctx = user_data;
  DabiaoWindow *self = ctx->window;
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_source_remove (ctx->pulse);
  if (!dabiao_session_import_finish_full (DABIAO_SESSION (source), result, &report, &error))
    {
      if (report != NULL && report->problems != NULL && report->problems->len > 0)
        {
          /* Every problem, as `roster import --dry-run` lists them. */
          GString *text = g_string_new (NULL);

          g_string_append_printf (text, _("%s was not imported: %u problem(s). Correct them and import again:"),
                                  ctx->name, report->problems->len);
          for (guint i = 0; i < report->problems->len; i++)
            g_string_append_printf (text, "\n%s", (const char *) g_ptr_array_index (report->problems, i));
          dabiao_roster_page_finish_import (self->roster_page, text->str);
          g_string_free (text, TRUE);
        }
      else
        {
          dabiao_roster_page_finish_import (self->roster_page, NULL);
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            dabiao_window_show_error (self, _("Could not Import the Roster"), error);
        }
    }
  else
    {
      g_autofree char *text = import_report_text (ctx->name, report, 0);

      /* Once 活动信息 gives those schools their codes, the report says so
       * without the warning (details_saved_cb()). */
      g_clear_pointer (&self->import_uncoded, g_ptr_array_unref);
      g_clear_pointer (&self->import_text_coded, g_free);
      if (report->uncoded_warning > 0)
        {
          self->import_uncoded = g_ptr_array_ref (report->uncoded_schools);
          self->import_text_coded = import_report_text (ctx->name, report, report->uncoded_warning);
        }
      dabiao_roster_page_finish_import (self->roster_page, text);
      _dabiao_window_show_roster (self);
      _dabiao_window_refresh_summary (self);
      _dabiao_window_sync_poke (self);
    }

  g_object_unref (ctx->window);
  g_free (ctx->name);
  g_free (ctx);
}

/**
 * dabiao_window_import_roster:
 *
 * Imports a roster file (csv, xlsx, xls) into the open event, in a worker
 * thread, with progress and a row-by-row report on the roster page.
 */
void
dabiao_window_import_roster (DabiaoWindow *self,
                             GFile        *file)
{
  ImportContext *ctx;
  g_autofree char *path = NULL;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  if (self->session == NULL)
    return;
  path = g_file_get_path (file);
  ctx = g_new0 (ImportContext, 1);
  ctx->window = g_object_ref (self);
  ctx->name = g_file_get_basename (file);
  ctx->pulse = g_timeout_add (100, pulse_import_cb, self);
  dabiao_window_show_page (self, "roster");
  dabiao_roster_page_show_import (self->roster_page, -1, ctx->name);
  dabiao_session_import_async (self->session, path, self->cancellable, import_ready_cb, ctx);
}

static void
import_chosen_cb (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;

  if (file != NULL)
    dabiao_window_import_roster (self, file);
}

static void
import_roster_activated_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  dabiao_choose_file_to_open (GTK_WINDOW (widget), _("Import Roster"), DABIAO_FILE_TABLE,
                              import_chosen_cb, g_object_ref (widget));
}

static void
show_page_activated_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  dabiao_window_show_page (DABIAO_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* win.preferences::instrument: 首选项 at that page (the station's
 * instrument status is a button to it). */
static void
preferences_activated_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  dabiao_window_show_preferences (DABIAO_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

void
_dabiao_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-event", NULL, new_event_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.event-setup", NULL, event_setup_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.event-details", NULL, event_details_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.open-event", NULL, open_event_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.import-roster", NULL, import_roster_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, _dabiao_window_export_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.merge-files", NULL, _dabiao_window_merge_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.open-exported", "s", _dabiao_window_open_exported_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated_cb);
  gtk_widget_class_install_action (widget_class, "win.preferences", "s", preferences_activated_cb);
}
