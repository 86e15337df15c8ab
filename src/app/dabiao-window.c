/* dabiao-window.c
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

#include "dabiao-error.h"

#include "dabiao-file-chooser.h"
#include "dabiao-instrument.h"
#include "dabiao-new-event-dialog.h"
#include "dabiao-output-event.h"
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
#include "dabiao-window.h"

/* One window shows one event (like a document): the start page, and the
 * station, roster and results pages of the open event.  The window wires
 * the pages to the session (the event file, off the main thread) and to the
 * instrument (DabiaoInstrument, its own worker thread). */

#define MAX_RECENT 10
#define DEMO_PROFILE "generic-line"
#define DEMO_ITEM "run_50m"
#define DEMO_PARTICIPANTS 120

struct _DabiaoWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwSqueezer          *title_squeezer;
  AdwViewSwitcher      *wide_switcher;
  AdwViewSwitcher      *narrow_switcher;
  AdwWindowTitle       *window_title;
  AdwViewSwitcherBar   *switcher_bar;
  char                 *last_export;
  guint                 last_export_n_items;
  guint                 last_export_n_pages;
  AdwViewStack         *stack;
  DabiaoStartPage      *start_page;
  DabiaoStationPage    *station_page;
  DabiaoRosterPage     *roster_page;
  DabiaoResultsPage    *results_page;

  GSettings            *settings;
  GCancellable         *cancellable;
  DabiaoRosterModel    *roster;
  GFile                *event_file;
  DabiaoSession        *session;
  DabiaoInstrument     *instrument;
  DabiaoReading        *reading;       /* the reading on screen, for its raw frame */
  GPtrArray            *station_defs;  /* DabiaoStationDefinition of the open event */
  DabiaoStationDefinition *station_def; /* the defined station chosen, or NULL */
  GHashTable           *pending;       /* item code → DabiaoReading of a several-item station */
  gboolean              instrument_multi; /* readings carry their own item (身高+体重) */
  GSubprocess          *sim;           /* the demo's simulated instrument */
  char                 *demo_port;
  GtkWidget            *preferences;   /* weak */
  guint                 summary_source;
  gboolean              demo;
};

G_DEFINE_FINAL_TYPE (DabiaoWindow, dabiao_window, ADW_TYPE_APPLICATION_WINDOW)

static void
load_recent (DabiaoWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-events");
  g_autoptr(GPtrArray) existing = g_ptr_array_new ();

  /* Files moved or deleted since are not offered. */
  for (guint i = 0; recent[i] != NULL; i++)
    if (g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (existing, recent[i]);
  g_ptr_array_add (existing, NULL);

  dabiao_start_page_set_recent (self->start_page, (const char * const *) existing->pdata);
}

static void
remember_recent (DabiaoWindow *self,
                 GFile        *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (path == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-events");
  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (recent[i], path))
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-events", (const char * const *) updated);
  load_recent (self);
}

/* The header's page tabs.  AdwViewSwitcherTitle (libadwaita 1.2) is not
 * used: it also hides the tabs while it believes the window is at most
 * 360 px wide, and it decides that in an idle after the window is realized
 * reading the window's allocated width, which may still be 0 then; it
 * looks again only when the surface width changes, so a window that is
 * never resized kept the title in place of the tabs ("sometimes", by the
 * race).  The same squeezer here switches on the width it is given only. */
static void
title_squeezed (DabiaoWindow *self)
{
  adw_view_switcher_bar_set_reveal (self->switcher_bar, !dabiao_window_get_tabs_shown (self)
                                    && adw_squeezer_page_get_enabled (adw_squeezer_get_page (self->title_squeezer,
                                                                                             GTK_WIDGET (self->wide_switcher))));
}

gboolean
dabiao_window_get_tabs_shown (DabiaoWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (DABIAO_IS_WINDOW (self), FALSE);

  child = adw_squeezer_get_visible_child (self->title_squeezer);
  return child == GTK_WIDGET (self->wide_switcher) || child == GTK_WIDGET (self->narrow_switcher);
}

static void
set_event_pages_visible (DabiaoWindow *self,
                         gboolean      visible)
{
  const char *names[] = { "station", "roster", "results" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (self->stack, names[i]);

      adw_view_stack_page_set_visible (adw_view_stack_get_page (self->stack, child), visible);
    }
  /* The tabs are offered only with an event (more than one page). */
  adw_squeezer_page_set_enabled (adw_squeezer_get_page (self->title_squeezer, GTK_WIDGET (self->wide_switcher)),
                                 visible);
  adw_squeezer_page_set_enabled (adw_squeezer_get_page (self->title_squeezer, GTK_WIDGET (self->narrow_switcher)),
                                 visible);
  title_squeezed (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-roster", visible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", visible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.event-setup", visible);
}

void
dabiao_window_add_toast (DabiaoWindow *self,
                         const char   *message)
{
  g_return_if_fail (DABIAO_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * dabiao_window_show_error:
 * @heading: what failed, e.g. "Could not open the event"
 * @error: why; its message names the file, row, port…
 *
 * A blocking error: an AdwMessageDialog with one "close" response.
 */
void
dabiao_window_show_error (DabiaoWindow *self,
                          const char   *heading,
                          const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s",
                                  error != NULL ? error->message : "");
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

void
dabiao_window_show_page (DabiaoWindow *self,
                         const char   *name)
{
  GtkWidget *child;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  child = adw_view_stack_get_child_by_name (self->stack, name);
  if (child == NULL || !adw_view_stack_page_get_visible (adw_view_stack_get_page (self->stack, child)))
    return;
  adw_view_stack_set_visible_child (self->stack, child);
  if (g_str_equal (name, "station"))
    gtk_widget_grab_focus (child);
}

const char *
dabiao_window_get_page (DabiaoWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * dabiao_window_get_page_widget:
 *
 * Returns: (transfer none) (nullable): the page called @name
 */
GtkWidget *
dabiao_window_get_page_widget (DabiaoWindow *self,
                               const char   *name)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  return adw_view_stack_get_child_by_name (self->stack, name);
}

/* ---- the session ---------------------------------------------------------- */

static void refresh_summary (DabiaoWindow *self);
static void start_instrument (DabiaoWindow *self,
                              const char   *profile_name,
                              const char   *port);

static const char *
station_item_code (DabiaoWindow *self)
{
  const char *name = dabiao_station_page_get_item (self->station_page);
  const DabiaoEventItem *item;

  if (self->session == NULL || name == NULL)
    return NULL;
  item = dabiao_session_find_item (self->session, name);
  return item != NULL ? item->code : NULL;
}

/* What an audit entry's action is called on the results page. */
static const char *
audit_action_label (const char *action)
{
  static const struct { const char *action; const char *label; } labels[] = {
    { "create", N_("Event created") },
    { "roster-import", N_("Roster imported") },
    { "void", N_("Measurement voided") },
    { "merge", N_("Station merged") },
    { "set-attempts", N_("Attempts changed") },
    { "certificate", N_("Certificate issued") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (action, labels[i].action) == 0)
      return _(labels[i].label);
  return action != NULL ? action : "";
}

static void
summary_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = dabiao_session_summarize_finish (DABIAO_SESSION (source), result, &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_add_toast (self, error->message);
      return;
    }

  dabiao_results_page_set_totals (self->results_page, summary->participants, summary->complete,
                                  summary->measurements, summary->pass_rate);
  dabiao_results_page_set_progress (self->results_page, (const char * const *) summary->item_names,
                                    summary->item_done, summary->participants);
  {
    g_autofree char *pass_label = summary->levels != NULL && summary->levels[0] != NULL
                                  ? dabiao_results_pass_label ((const char * const *) summary->levels) : NULL;

    dabiao_results_page_set_kind (self->results_page, summary->by_age, summary->item_levels, pass_label);
  }
  dabiao_results_page_set_distribution (self->results_page, (const char * const *) summary->groups,
                                        (const char * const *) summary->levels, summary->distribution);
  dabiao_results_page_set_pass_rates (self->results_page, (const char * const *) summary->pass_items,
                                      summary->pass_rates);

  dabiao_results_page_set_class_progress (self->results_page, (const char * const *) summary->classes,
                                          summary->class_total, summary->class_complete);
  dabiao_results_page_clear_audit (self->results_page);
  for (guint i = 0; i < summary->audit->len; i++)
    {
      const DabiaoAuditEntry *entry = g_ptr_array_index (summary->audit, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (entry->time / G_USEC_PER_SEC);
      g_autofree char *time = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *station = entry->station != NULL && entry->station[0] != '\0' ? entry->station : NULL;
      const char *op = entry->operator_name != NULL && entry->operator_name[0] != '\0' ? entry->operator_name : NULL;

      title = g_strdup_printf ("%s%s%s", audit_action_label (entry->action),
                               entry->detail != NULL && entry->detail[0] != '\0' ? " · " : "",
                               entry->detail != NULL ? entry->detail : "");
      subtitle = g_strdup_printf ("%s%s%s%s%s", time,
                                  station != NULL ? " · " : "", station != NULL ? station : "",
                                  op != NULL ? " · " : "", op != NULL ? op : "");
      dabiao_results_page_add_audit (self->results_page, title, subtitle);
    }

  dabiao_results_page_clear_history (self->results_page);
  for (guint i = 0; i < summary->recent->len; i++)
    {
      DabiaoMeasurement *m = g_ptr_array_index (summary->recent, i);
      const char *pid = dabiao_measurement_get_participant_id (m);
      const char *name = g_hash_table_lookup (summary->names, pid);
      const DabiaoEventItem *item = dabiao_session_find_item (self->session, dabiao_measurement_get_item (m));
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (dabiao_measurement_get_measured_at (m) / G_USEC_PER_SEC);
      g_autofree char *time = when != NULL ? g_date_time_format (when, "%H:%M:%S") : g_strdup ("");
      g_autofree char *shown = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      DabiaoSpecial special = dabiao_measurement_get_special (m);
      const char *reason = dabiao_measurement_get_reason (m);

      if (special == DABIAO_SPECIAL_VOID)
        shown = g_strdup (dabiao_special_to_string (special));
      else if (dabiao_measurement_has_value (m))
        shown = g_strdup_printf ("%.*f %s",
                                  dabiao_session_get_decimals (self->session, dabiao_measurement_get_item (m)),
                                  dabiao_measurement_get_value (m), dabiao_measurement_get_unit (m));
      else
        shown = g_strdup (dabiao_special_to_string (special));

      title = g_strdup_printf ("%s · %s · %s", name != NULL ? name : pid,
                               item != NULL ? item->name : dabiao_measurement_get_item (m), shown);
      /* Translators: time · attempt · source (手工/仪器) */
      subtitle = g_strdup_printf (_("%s · attempt %u · %s%s%s"), time,
                                  dabiao_measurement_get_attempt (m),
                                  dabiao_source_to_string (dabiao_measurement_get_source (m)),
                                  reason != NULL && reason[0] != '\0' ? " · " : "",
                                  reason != NULL ? reason : "");
      dabiao_results_page_add_history (self->results_page, dabiao_measurement_get_uuid (m), title, subtitle,
                                       special == DABIAO_SPECIAL_VOID || dabiao_measurement_get_voided_by (m) != NULL);
    }
}

static gboolean
refresh_summary_now (gpointer data)
{
  DabiaoWindow *self = data;

  self->summary_source = 0;
  if (self->session != NULL)
    dabiao_session_summarize_async (self->session, self->cancellable, summary_ready, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Results are recomputed at most twice a second, not per keystroke. */
static void
refresh_summary (DabiaoWindow *self)
{
  if (self->summary_source == 0)
    self->summary_source = g_timeout_add (500, refresh_summary_now, self);
}

static void
show_standing (DabiaoWindow   *self,
               DabiaoStanding *standing)
{
  g_autofree char *score = NULL;
  g_autofree char *level = NULL;

  dabiao_station_page_set_attempts (self->station_page, standing->n_attempts, standing->allowed);
  dabiao_station_page_set_group (self->station_page, standing->group);
  if (standing->item_scored)
    /* Translators: an item score; the mark flags a table below full confidence */
    score = g_strdup_printf (standing->low_confidence ? _("%d points (provisional table)") : _("%d points"),
                             standing->item_score);
  if (standing->complete && standing->grade != NULL)
    /* Translators: total score and grade, e.g. "总分 85.2 良好" */
    level = g_strdup_printf (_("Total %.1f %s"), standing->total_tenths / 10.0, standing->grade);
  else if (standing->special != NULL)
    level = g_strdup (standing->special);
  else if (standing->problem != NULL)
    {
      /* Translators: why no score is shown, e.g. the birth date is missing */
      level = g_strdup_printf (_("Not scored: %s"), standing->problem);
      dabiao_station_page_set_problem (self->station_page, score, level);
      return;
    }
  dabiao_station_page_set_result (self->station_page, score, level);
}

static void
update_status_from_standing (DabiaoWindow   *self,
                             const char     *participant_id,
                             DabiaoStanding *standing)
{
  DabiaoRosterItem *row = dabiao_roster_model_lookup (dabiao_session_get_roster (self->session), participant_id);

  if (row == NULL)
    return;
  if (g_strcmp0 (standing->special, "免测") == 0)
    dabiao_roster_item_set_status (row, DABIAO_ROSTER_STATUS_EXEMPT);
  else if (standing->complete)
    dabiao_roster_item_set_status (row, DABIAO_ROSTER_STATUS_COMPLETE);
  else
    dabiao_roster_item_set_status (row, DABIAO_ROSTER_STATUS_MISSING);
}

static void
standing_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoStanding) standing = NULL;
  g_autoptr(GError) error = NULL;

  standing = dabiao_session_standing_finish (DABIAO_SESSION (source), result, &error);
  if (standing != NULL && !dabiao_station_page_has_reading (self->station_page))
    show_standing (self, standing);
}

static void
on_checked_in (DabiaoWindow     *self,
               DabiaoRosterItem *item)
{
  const char *code = station_item_code (self);

  /* Readings waiting for Enter belonged to the participant before. */
  g_hash_table_remove_all (self->pending);
  if (self->session == NULL || code == NULL)
    return;
  dabiao_session_standing_async (self->session, dabiao_roster_item_get_id (item), code,
                                 self->cancellable, standing_ready, g_object_ref (self));
}

typedef struct
{
  DabiaoWindow *window;
  char         *participant_id;
} RecordContext;

static void
record_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RecordContext *ctx = user_data;
  DabiaoWindow *self = ctx->window;
  g_autoptr(DabiaoStanding) standing = NULL;
  g_autoptr(GError) error = NULL;

  standing = dabiao_session_record_finish (DABIAO_SESSION (source), result, &error);
  if (standing == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_station_page_record_finished (self->station_page, NULL, error);
    }
  else
    {
      /* Translators: shown after the durable commit, with the attempt number */
      g_autofree char *saved = g_strdup_printf (_("Saved · attempt %u"), standing->attempt);

      show_standing (self, standing);
      dabiao_station_page_record_finished (self->station_page, saved, NULL);
      update_status_from_standing (self, ctx->participant_id, standing);
      refresh_summary (self);
    }

  g_object_unref (ctx->window);
  g_free (ctx->participant_id);
  g_free (ctx);
}

static void
other_record_ready (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RecordContext *ctx = user_data;
  DabiaoWindow *self = ctx->window;
  g_autoptr(DabiaoStanding) standing = NULL;
  g_autoptr(GError) error = NULL;

  standing = dabiao_session_record_finish (DABIAO_SESSION (source), result, &error);
  if (standing == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Save a Reading"), error);
    }
  else
    update_status_from_standing (self, ctx->participant_id, standing);
  g_object_unref (ctx->window);
  g_free (ctx->participant_id);
  g_free (ctx);
}

static void
record_other_items (DabiaoWindow              *self,
                    const DabiaoRecordRequest *main_request)
{
  for (guint i = 0; self->station_def->items[i] != NULL; i++)
    {
      const char *code = self->station_def->items[i];
      DabiaoReading *reading = g_hash_table_lookup (self->pending, code);
      DabiaoRecordRequest request = *main_request;
      RecordContext *ctx;

      if (reading == NULL || g_strcmp0 (code, main_request->item) == 0)
        continue;
      request.item = code;
      request.value = reading->value;
      request.raw_frame = reading->raw;
      ctx = g_new0 (RecordContext, 1);
      ctx->window = g_object_ref (self);
      ctx->participant_id = g_strdup (request.participant_id);
      dabiao_session_record_async (self->session, &request, self->cancellable, other_record_ready, ctx);
    }
}

static void
on_record (DabiaoWindow *self,
           int           kind,
           double        value,
           const char   *reason)
{
  DabiaoRosterItem *participant = dabiao_station_page_get_participant (self->station_page);
  DabiaoRecordRequest request = { 0 };
  RecordContext *ctx;

  if (self->session == NULL || participant == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (DABIAO_ERROR, DABIAO_ERROR_FAILED,
                                                     _("No event is open."));

      dabiao_station_page_record_finished (self->station_page, NULL, error);
      return;
    }

  request.participant_id = dabiao_roster_item_get_id (participant);
  request.item = station_item_code (self);
  request.reason = reason;
  if (self->station_def != NULL)
    request.station = self->station_def->name;
  switch ((DabiaoRecordKind) kind)
    {
    case DABIAO_RECORD_READING:
      request.has_value = TRUE;
      request.value = value;
      request.source = DABIAO_SOURCE_INSTRUMENT;
      if (self->reading != NULL)
        request.raw_frame = self->reading->raw;
      if (self->instrument != NULL)
        request.instrument_id = dabiao_profile_get_name (dabiao_instrument_get_profile (self->instrument));
      break;
    case DABIAO_RECORD_MANUAL:
      request.has_value = TRUE;
      request.value = value;
      request.source = DABIAO_SOURCE_MANUAL;
      break;
    case DABIAO_RECORD_FOUL:
      request.special = DABIAO_SPECIAL_FOUL;
      request.source = self->reading != NULL ? DABIAO_SOURCE_INSTRUMENT : DABIAO_SOURCE_MANUAL;
      break;
    case DABIAO_RECORD_ABSENT:
      request.special = DABIAO_SPECIAL_ABSENT;
      request.source = DABIAO_SOURCE_MANUAL;
      break;
    case DABIAO_RECORD_EXEMPT:
    default:
      request.special = DABIAO_SPECIAL_EXEMPT;
      request.source = DABIAO_SOURCE_MANUAL;
      break;
    }
  request.measured_at = g_get_real_time ();

  /* The other items' readings of a several-item station (体重 with 身高)
   * are confirmed by the same Enter; queued first, so "saved" (from the
   * last one) means every one of them is on disk. */
  if ((DabiaoRecordKind) kind == DABIAO_RECORD_READING && self->instrument_multi && self->station_def != NULL)
    record_other_items (self, &request);
  g_hash_table_remove_all (self->pending);

  ctx = g_new0 (RecordContext, 1);
  ctx->window = g_object_ref (self);
  ctx->participant_id = g_strdup (request.participant_id);
  dabiao_session_record_async (self->session, &request, self->cancellable, record_ready, ctx);
  g_clear_pointer (&self->reading, dabiao_reading_unref);
}

static void
on_station_item_changed (DabiaoWindow *self)
{
  const char *code = station_item_code (self);
  const DabiaoEventItem *item;

  if (code == NULL)
    return;
  item = dabiao_session_find_item (self->session, code);
  dabiao_station_page_set_item_format (self->station_page, item->unit,
                                       dabiao_session_get_decimals (self->session, code));
  if (!self->demo)
    g_settings_set_string (self->settings, "station-item", code);

  /* The instrument measures the station's item (unless it measures all of
   * the station's items at once). */
  if (self->instrument != NULL && !self->instrument_multi
      && g_strcmp0 (dabiao_instrument_get_item (self->instrument), code) != 0)
    {
      /* Copies: starting stops (and frees) the running instrument first. */
      g_autofree char *profile = g_strdup (dabiao_profile_get_name (dabiao_instrument_get_profile (self->instrument)));
      g_autofree char *port = g_strdup (dabiao_instrument_get_port (self->instrument));

      start_instrument (self, profile, port);
    }
}

static void
on_void (DabiaoWindow *self,
         const char   *uuid,
         const char   *reason);

static void set_station_thread (GTask        *task,
                                gpointer      source,
                                gpointer      task_data,
                                GCancellable *cancellable);

/* The items offered on the station page: the defined station's, or all. */
static void
apply_station (DabiaoWindow *self)
{
  const char *name = dabiao_station_page_get_station (self->station_page);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *saved_item = g_settings_get_string (self->settings, "station-item");
  g_auto(GStrv) names = NULL;
  GPtrArray *items;
  guint select = 0;

  g_clear_pointer (&self->station_def, dabiao_station_definition_free);
  g_hash_table_remove_all (self->pending);
  if (self->session == NULL)
    return;
  for (guint i = 0; name != NULL && self->station_defs != NULL && i < self->station_defs->len; i++)
    {
      DabiaoStationDefinition *definition = g_ptr_array_index (self->station_defs, i);

      if (g_str_equal (definition->name, name))
        self->station_def = dabiao_station_definition_copy (definition);
    }
  if (!self->demo)
    g_settings_set_string (self->settings, "station-name", self->station_def != NULL ? self->station_def->name : "");

  if (self->station_def != NULL)
    for (guint i = 0; self->station_def->items[i] != NULL; i++)
      {
        const DabiaoEventItem *item = dabiao_session_find_item (self->session, self->station_def->items[i]);

        g_strv_builder_add (builder, item != NULL ? item->name : self->station_def->items[i]);
      }
  else
    {
      items = dabiao_session_get_items (self->session);
      for (guint i = 0; i < items->len; i++)
        {
          const DabiaoEventItem *item = g_ptr_array_index (items, i);

          g_strv_builder_add (builder, item->name);
          if (g_strcmp0 (item->code, self->demo ? DEMO_ITEM : saved_item) == 0)
            select = i;
        }
    }
  names = g_strv_builder_end (builder);
  dabiao_station_page_set_items (self->station_page, (const char * const *) names);
  dabiao_station_page_select_item (self->station_page, select);
  on_station_item_changed (self);

  /* Rows recorded here carry the station's name (also given with each
   * record); the event's default is set on its worker, in order. */
  {
    GTask *task = g_task_new (self, NULL, NULL, NULL);

    g_task_set_task_data (task, g_strdup (self->station_def != NULL ? self->station_def->name : NULL), g_free);
    dabiao_event_run_in_worker (dabiao_session_get_event (self->session), task, set_station_thread);
    g_object_unref (task);
  }

  /* The station's instrument profile, on the port this computer uses. */
  {
    g_autofree char *port = NULL;
    g_autofree char *profile = NULL;

    if (self->instrument != NULL)
      {
        port = g_strdup (dabiao_instrument_get_port (self->instrument));
        profile = g_strdup (dabiao_profile_get_name (dabiao_instrument_get_profile (self->instrument)));
      }
    if (self->station_def != NULL && self->station_def->profile != NULL && !self->demo)
      {
        g_free (profile);
        profile = g_strdup (self->station_def->profile);
        if (port == NULL)
          port = g_settings_get_string (self->settings, "instrument-port");
      }
    if (port != NULL && *port != '\0' && profile != NULL)
      start_instrument (self, profile, port);
  }
}

static void
set_station_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  DabiaoWindow *self = source;

  if (self->session != NULL)
    dabiao_event_set_station (dabiao_session_get_event (self->session), task_data);
  g_task_return_boolean (task, TRUE);
}

static void
list_stations_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *definitions = dabiao_event_list_station_definitions (task_data, &error);

  if (definitions == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, definitions, (GDestroyNotify) g_ptr_array_unref);
}

static void
stations_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DabiaoWindow *self = DABIAO_WINDOW (source);
  g_autoptr(GPtrArray) definitions = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *saved = NULL;

  definitions = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->session == NULL)
    return;
  if (definitions == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_add_toast (self, error->message);
      return;
    }
  if (g_task_get_task_data (G_TASK (result)) != dabiao_session_get_event (self->session))
    return;   /* another event was opened meanwhile */
  g_clear_pointer (&self->station_defs, g_ptr_array_unref);
  self->station_defs = g_steal_pointer (&definitions);
  for (guint i = 0; i < self->station_defs->len; i++)
    g_strv_builder_add (builder, ((DabiaoStationDefinition *) g_ptr_array_index (self->station_defs, i))->name);
  names = g_strv_builder_end (builder);
  /* The demo's instrument is a 50米跑 timer; otherwise the station this
   * computer served last time, if the event still defines it. */
  saved = self->demo ? g_strdup ("50米跑") : g_settings_get_string (self->settings, "station-name");
  g_signal_handlers_block_by_func (self->station_page, apply_station, self);
  dabiao_station_page_set_stations (self->station_page, (const char * const *) names);
  if (*saved == '\0' || !dabiao_station_page_select_station (self->station_page, saved))
    dabiao_station_page_select_station (self->station_page, NULL);
  g_signal_handlers_unblock_by_func (self->station_page, apply_station, self);
  apply_station (self);
}

/* (Re)reads the event's station definitions on its worker. */
static void
load_station_definitions (DabiaoWindow *self)
{
  DabiaoEvent *event = dabiao_session_get_event (self->session);
  GTask *task = g_task_new (self, self->cancellable, stations_loaded, NULL);

  g_task_set_task_data (task, g_object_ref (event), g_object_unref);
  dabiao_event_run_in_worker (event, task, list_stations_thread);
  g_object_unref (task);
}

static void
set_session (DabiaoWindow  *self,
             DabiaoSession *session)
{
  if (self->session != NULL)
    dabiao_session_close (self->session);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->station_defs, g_ptr_array_unref);

  dabiao_station_page_set_roster (self->station_page, dabiao_session_get_roster (session));
  dabiao_roster_page_set_roster (self->roster_page, dabiao_session_get_roster (session));
  dabiao_roster_page_set_by_age (self->roster_page, dabiao_session_is_by_age (session));
  g_signal_handlers_block_by_func (self->station_page, apply_station, self);
  dabiao_station_page_set_stations (self->station_page, NULL);
  g_signal_handlers_unblock_by_func (self->station_page, apply_station, self);
  apply_station (self);
  load_station_definitions (self);

  set_event_pages_visible (self, TRUE);
  adw_window_title_set_subtitle (self->window_title,
                                        dabiao_event_get_name (dabiao_session_get_event (session)));
  dabiao_window_show_page (self, "station");
  refresh_summary_now (self);
}

static void
open_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = dabiao_session_open_finish (result, &error);
  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Open the Event"), error);
      return;
    }

  remember_recent (self, self->event_file);
  set_session (self, session);

  if (!self->demo)
    {
      g_autofree char *port = g_settings_get_string (self->settings, "instrument-port");
      g_autofree char *profile = g_settings_get_string (self->settings, "instrument-profile");

      if (port[0] != '\0' && profile[0] != '\0')
        start_instrument (self, profile, port);
    }
  else if (self->demo_port != NULL)
    start_instrument (self, DEMO_PROFILE, self->demo_port);
}

/**
 * dabiao_window_open_file:
 *
 * Opens the event file (in a worker thread) and shows its station page.
 */
void
dabiao_window_open_file (DabiaoWindow *self,
                         GFile        *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (DABIAO_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s does not exist (any more). Choose another event file."), name);
      dabiao_window_show_error (self, _("Could not Open the Event"), error);
      return;
    }

  g_set_object (&self->event_file, file);
  dabiao_session_open_async (path, self->cancellable, open_ready, g_object_ref (self));
}

/* ---- the instrument ---------------------------------------------------------- */

static void
on_instrument_state (DabiaoWindow *self)
{
  DabiaoInstrumentState state = dabiao_instrument_get_state (self->instrument);
  const char *message = dabiao_instrument_get_state_message (self->instrument);
  DabiaoLinkState link;

  switch (state)
    {
    case DABIAO_INSTRUMENT_CONNECTED:
      link = DABIAO_LINK_CONNECTED;
      break;
    case DABIAO_INSTRUMENT_CONNECTING:
      link = DABIAO_LINK_CONNECTING;
      break;
    case DABIAO_INSTRUMENT_WAITING:
    case DABIAO_INSTRUMENT_ERROR:
      link = DABIAO_LINK_ERROR;
      break;
    case DABIAO_INSTRUMENT_STOPPED:
    default:
      link = DABIAO_LINK_NONE;
      break;
    }
  dabiao_station_page_set_link (self->station_page, link, message);
}

/* ---- defined stations --------------------------------------------------------- */

static gint
station_item_index (DabiaoStationDefinition *definition,
                    const char              *code)
{
  for (guint i = 0; code != NULL && definition->items[i] != NULL; i++)
    if (g_str_equal (definition->items[i], code))
      return i;
  return -1;
}

/* A reading at a several-item station: kept per item until Enter; the
 * page shows the current item's value with the others as a note, and
 * switches to the reading's item when the current one has none yet. */
static void
show_station_reading (DabiaoWindow  *self,
                      DabiaoReading *reading)
{
  const char *code = station_item_code (self);
  g_autoptr(GString) note = g_string_new (NULL);
  DabiaoReading *current;
  gint index = station_item_index (self->station_def, reading->item);

  if (index < 0)
    {
      g_autofree char *text = g_strdup_printf (_("The instrument sent a value for “%s”, which is not measured at this station."),
                                               reading->item != NULL ? reading->item : "?");

      dabiao_window_add_toast (self, text);
      return;
    }
  g_hash_table_replace (self->pending, g_strdup (reading->item), dabiao_reading_ref (reading));
  current = g_hash_table_lookup (self->pending, code != NULL ? code : "");
  if (current == NULL)
    {
      dabiao_station_page_select_item (self->station_page, index);
      current = reading;
      code = reading->item;
    }
  for (guint i = 0; self->station_def->items[i] != NULL; i++)
    {
      DabiaoReading *other = g_hash_table_lookup (self->pending, self->station_def->items[i]);
      const DabiaoEventItem *item;
      g_autofree char *value = NULL;

      if (other == NULL || other == current)
        continue;
      item = dabiao_session_find_item (self->session, other->item);
      value = dabiao_reading_format_number (other);
      g_string_append_printf (note, "%s%s %s %s", note->len > 0 ? "，" : "",
                              item != NULL ? item->name : other->item, value,
                              dabiao_unit_label (other->unit));
    }
  if (note->len > 0)
    {
      /* Translators: the other items' values of the same frame, e.g. "体重 60.2 千克";
       * Enter saves them all */
      g_autofree char *also = g_strdup_printf (_("Also read: %s"), note->str);

      g_string_assign (note, also);
    }
  if (current->warning_text != NULL)
    g_string_append_printf (note, "%s%s", note->len > 0 ? "；" : "", current->warning_text);
  g_clear_pointer (&self->reading, dabiao_reading_unref);
  self->reading = dabiao_reading_ref (current);
  dabiao_station_page_show_reading_with_note (self->station_page, current->value,
                                              note->len > 0 ? note->str : NULL);
}

static void
on_instrument_reading (DabiaoWindow  *self,
                       DabiaoReading *reading)
{
  /* Binding "device": the instrument names the participant. */
  if (reading->participant_id != NULL && reading->participant_id[0] != '\0')
    {
      DabiaoRosterItem *current = dabiao_station_page_get_participant (self->station_page);

      if (current == NULL || g_strcmp0 (dabiao_roster_item_get_id (current), reading->participant_id) != 0)
        dabiao_station_page_check_in (self->station_page, reading->participant_id);
    }

  if (self->instrument_multi && self->station_def != NULL)
    {
      show_station_reading (self, reading);
      return;
    }
  if (self->reading != NULL)
    dabiao_reading_unref (self->reading);
  self->reading = dabiao_reading_ref (reading);
  dabiao_station_page_show_reading_with_note (self->station_page, reading->value, reading->warning_text);
}

static void
on_instrument_problem (DabiaoWindow *self,
                       const char   *message)
{
  dabiao_window_add_toast (self, message);
}

static void
on_instrument_traffic (DabiaoWindow  *self,
                       DabiaoTraffic *traffic)
{
  if (self->preferences != NULL)
    dabiao_preferences_window_add_traffic (DABIAO_PREFERENCES_WINDOW (self->preferences), traffic);
}

static void
stop_instrument (DabiaoWindow *self)
{
  if (self->instrument == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->instrument, self);
  dabiao_instrument_stop (self->instrument);
  g_clear_object (&self->instrument);
  dabiao_station_page_set_link (self->station_page, DABIAO_LINK_NONE, NULL);
}

static void
start_instrument (DabiaoWindow *self,
                  const char   *profile_name,
                  const char   *port)
{
  g_autoptr(DabiaoProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  const char *item = station_item_code (self);

  stop_instrument (self);

  profile = dabiao_profile_lookup (profile_name, &error);
  if (profile == NULL)
    {
      dabiao_station_page_set_link (self->station_page, DABIAO_LINK_ERROR, error->message);
      return;
    }

  /* A station with several items and an instrument that measures them
   * together (a height-weight scale): the readings keep the item the frame
   * names, and each is recorded under it. */
  self->instrument_multi = FALSE;
  if (self->station_def != NULL && g_strv_length (self->station_def->items) > 1)
    {
      const char * const *delivered = dabiao_profile_get_items (profile);
      guint both = 0;

      for (guint i = 0; delivered != NULL && delivered[i] != NULL; i++)
        if (g_strv_contains ((const char * const *) self->station_def->items, delivered[i]))
          both++;
      if (both > 1)
        {
          self->instrument_multi = TRUE;
          item = NULL;
        }
    }
  self->instrument = dabiao_instrument_new (profile, port, item);
  dabiao_instrument_set_trace (self->instrument, self->preferences != NULL);
  g_signal_connect_swapped (self->instrument, "notify::state", G_CALLBACK (on_instrument_state), self);
  g_signal_connect_swapped (self->instrument, "notify::state-message", G_CALLBACK (on_instrument_state), self);
  g_signal_connect_swapped (self->instrument, "reading", G_CALLBACK (on_instrument_reading), self);
  g_signal_connect_swapped (self->instrument, "problem", G_CALLBACK (on_instrument_problem), self);
  g_signal_connect_swapped (self->instrument, "traffic", G_CALLBACK (on_instrument_traffic), self);
  dabiao_instrument_start (self->instrument);
  on_instrument_state (self);
}

/**
 * dabiao_window_connect_instrument:
 * @profile: a profile name or path
 * @port: the port path
 *
 * Connects the station to an instrument (what "test connection" in the
 * preferences does, and the demo with its simulator).
 */
void
dabiao_window_connect_instrument (DabiaoWindow *self,
                                  const char   *profile,
                                  const char   *port)
{
  g_return_if_fail (DABIAO_IS_WINDOW (self));

  start_instrument (self, profile, port);
}

/**
 * dabiao_window_get_instrument:
 *
 * Returns: (transfer none) (nullable): the station's instrument
 */
DabiaoInstrument *
dabiao_window_get_instrument (DabiaoWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  return self->instrument;
}

/**
 * dabiao_window_get_session:
 *
 * Returns: (transfer none) (nullable): the open event
 */
DabiaoSession *
dabiao_window_get_session (DabiaoWindow *self)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  return self->session;
}

static void
on_test_connection (DabiaoWindow *self,
                    const char   *port,
                    const char   *profile)
{
  if (profile == NULL || profile[0] == '\0')
    {
      dabiao_window_add_toast (self, _("Choose a profile first."));
      return;
    }
  self->demo = FALSE;
  start_instrument (self, profile, port);
  if (self->instrument != NULL)
    dabiao_instrument_set_trace (self->instrument, TRUE);
}

static void
ports_ready (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GPtrArray) ports = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) descriptions = g_strv_builder_new ();
  g_auto(GStrv) p = NULL;
  g_auto(GStrv) d = NULL;
  g_auto(GStrv) profiles = dabiao_profile_list_names ();

  if (self->preferences == NULL)
    return;
  for (guint i = 0; ports != NULL && i < ports->len; i++)
    {
      DabiaoPortInfo *info = g_ptr_array_index (ports, i);

      g_strv_builder_add (paths, info->path);
      g_strv_builder_add (descriptions, info->description != NULL ? info->description : "");
    }
  if (self->demo_port != NULL)
    {
      g_strv_builder_add (paths, self->demo_port);
      g_strv_builder_add (descriptions, _("Simulated instrument (demo)"));
    }
  p = g_strv_builder_end (paths);
  d = g_strv_builder_end (descriptions);
  dabiao_preferences_window_set_ports (DABIAO_PREFERENCES_WINDOW (self->preferences),
                                       (const char * const *) p, (const char * const *) d);
  dabiao_preferences_window_set_profiles (DABIAO_PREFERENCES_WINDOW (self->preferences),
                                          (const char * const *) profiles);
}

static void
list_ports_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *ports = dabiao_serial_list_ports (&error);

  if (ports == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ports, (GDestroyNotify) g_ptr_array_unref);
}

static void
preferences_closed (gpointer  data,
                    GObject  *where_the_object_was)
{
  DabiaoWindow *self = data;

  self->preferences = NULL;
  if (self->instrument != NULL)
    dabiao_instrument_set_trace (self->instrument, FALSE);
}

/**
 * dabiao_window_attach_preferences:
 *
 * Lets the preferences window list this station's ports and profiles,
 * test a connection, and show the instrument's raw traffic.
 */
void
dabiao_window_attach_preferences (DabiaoWindow *self,
                                  GtkWidget    *preferences)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  if (self->preferences != NULL)
    g_object_weak_unref (G_OBJECT (self->preferences), preferences_closed, self);
  self->preferences = preferences;
  g_object_weak_ref (G_OBJECT (preferences), preferences_closed, self);
  g_signal_connect_object (preferences, "test-connection", G_CALLBACK (on_test_connection),
                           self, G_CONNECT_SWAPPED);
  if (self->instrument != NULL)
    dabiao_instrument_set_trace (self->instrument, TRUE);

  task = g_task_new (NULL, self->cancellable, ports_ready, g_object_ref (self));
  g_task_run_in_thread (task, list_ports_thread);
}

/* ---- the demo ------------------------------------------------------------------ */

static char *
find_sim (void)
{
  const char *env = g_getenv ("DABIAO_SIM");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
  const char *candidates[3] = { NULL };

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (env);
  if (dir != NULL)
    {
      g_autofree char *beside = g_build_filename (dir, "dabiao-sim", NULL);
      g_autofree char *build = g_build_filename (dir, "..", "sim", "dabiao-sim", NULL);

      candidates[0] = beside;
      candidates[1] = build;
      for (guint i = 0; candidates[i] != NULL; i++)
        if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
          return g_strdup (candidates[i]);
    }
  return g_find_program_in_path ("dabiao-sim");
}

static void
open_demo_event (DabiaoWindow *self);

static void
sim_line_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                      result, NULL, &error);

  if (line == NULL || line[0] == '\0')
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_add_toast (self, _("The simulated instrument did not start; the demo runs without it."));
    }
  else
    {
      g_free (self->demo_port);
      self->demo_port = g_strdup (g_strstrip (line));
    }
  open_demo_event (self);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_sim (DabiaoWindow *self)
{
  g_autofree char *sim = find_sim ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *link = g_strdup_printf ("%s/dabiao-demo-%d", g_get_tmp_dir (), (int) getpid ());

  if (sim == NULL)
    {
      dabiao_window_add_toast (self, _("dabiao-sim was not found; the demo runs without an instrument."));
      open_demo_event (self);
      return;
    }

  /* A 50米跑 timer sending a time every few seconds, without end; it goes
   * when the app goes, even if the app is killed. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->sim = g_subprocess_launcher_spawn (launcher, &error,
                                           sim, "--profile", DEMO_PROFILE, "--item", DEMO_ITEM,
                                           "--random", "7.2:10.8", "--count", "0", "--rate", "0.25",
                                           "--link", link, NULL);
  if (self->sim == NULL)
    {
      dabiao_window_add_toast (self, error->message);
      open_demo_event (self);
      return;
    }
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->sim));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       sim_line_ready, g_object_ref (self));
}

static char *
demo_path (void)
{
  const char *dir = g_getenv ("DABIAO_DEMO_DIR");
  g_autofree char *data_dir = dir != NULL ? g_strdup (dir)
                                          : g_build_filename (g_get_user_data_dir (), "dabiao", NULL);

  g_mkdir_with_parents (data_dir, 0755);
  return g_build_filename (data_dir, "演示活动.dabiao", NULL);
}

static GPtrArray *
demo_roster (void)
{
  static const char *surnames[] = { "张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴" };
  static const char *given[] = { "子涵", "浩然", "欣怡", "梓轩", "雨桐", "宇航", "思雨", "俊杰", "佳怡", "明轩", "诗涵", "博文" };
  GPtrArray *infos = g_ptr_array_new_with_free_func (g_free);
  static char ids[DEMO_PARTICIPANTS][16];
  static char names[DEMO_PARTICIPANTS][32];
  static char classes[DEMO_PARTICIPANTS][8];

  for (guint i = 0; i < DEMO_PARTICIPANTS; i++)
    {
      DabiaoParticipantInfo *info = g_new0 (DabiaoParticipantInfo, 1);
      guint grade = i < DEMO_PARTICIPANTS / 2 ? 21 : 22;

      g_snprintf (ids[i], sizeof ids[i], "G2026%04u", i + 1);
      g_snprintf (names[i], sizeof names[i], "%s%s", surnames[i % G_N_ELEMENTS (surnames)],
                  given[(i * 7) % G_N_ELEMENTS (given)]);
      g_snprintf (classes[i], sizeof classes[i], "%u%02u", grade, (i / 30) % 2 + 1);
      info->id = ids[i];
      info->name = names[i];
      info->sex = 1 + i % 2;
      info->grade = grade;
      info->class_code = classes[i];
      g_ptr_array_add (infos, info);
    }
  return infos;
}

static void
create_demo_ready (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = demo_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  session = dabiao_session_create_finish (result, &error);
  if (session == NULL)
    {
      dabiao_window_show_error (self, _("Could not Create the Demo Event"), error);
      return;
    }
  g_clear_object (&session);
  /* Open it as any event, so the demo takes the same path as real use. */
  dabiao_window_open_file (self, file);
}

static void
open_demo_event (DabiaoWindow *self)
{
  g_autofree char *path = demo_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* What was measured in an earlier demo is still there. */
      dabiao_window_open_file (self, file);
    }
  else
    {
      g_autoptr(GPtrArray) roster = demo_roster ();
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
      /* Stations as a school sets them up (names are data): the scale
       * measures 身高 and 体重 together; the simulator is the 50米跑 timer. */
      static const struct { const char *name, *items[3], *profile; } stations[] = {
        { "身高体重", { "height", "weight", NULL }, "height-weight-line" },
        { "50米跑", { "run_50m", NULL }, DEMO_PROFILE },
        { "立定跳远", { "standing_long_jump", NULL }, NULL },
        { "坐位体前屈", { "sit_and_reach", NULL }, NULL },
        { "肺活量", { "vital_capacity", NULL }, NULL },
      };
      g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
      DabiaoEventInfo info = {
        .name = _("Demo event"),
        .standard = "student-2014",
        .date = date,
        .place = _("School sports ground"),
        .organizer = _("Dabiao demo"),
        .stations = definitions,
      };

      for (guint i = 0; i < G_N_ELEMENTS (stations); i++)
        g_ptr_array_add (definitions, dabiao_station_definition_new (stations[i].name, stations[i].items,
                                                                     stations[i].profile));

      dabiao_session_create_async (path, &info, roster, self->cancellable, create_demo_ready,
                                   g_object_ref (self));
    }
}

/**
 * dabiao_window_open_demo:
 *
 * Opens the demo event (created on first use in the user's data folder,
 * with a roster) with a simulated 50米跑 timer (dabiao-sim).
 */
void
dabiao_window_open_demo (DabiaoWindow *self)
{
  g_return_if_fail (DABIAO_IS_WINDOW (self));

  self->demo = TRUE;
  if (self->sim == NULL)
    start_sim (self);
  else
    open_demo_event (self);
}

static void
on_open_chosen (GFile    *file,
                gpointer  user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;

  if (file != NULL)
    dabiao_window_open_file (self, file);
}

static void
open_event_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  dabiao_choose_file_to_open (GTK_WINDOW (widget), _("Open Event"), DABIAO_FILE_EVENT,
                              on_open_chosen, g_object_ref (widget));
}

static void
open_recent_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  dabiao_window_open_file (DABIAO_WINDOW (widget), file);
}

static void
open_demo_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  dabiao_window_open_demo (DABIAO_WINDOW (widget));
}

/* ---- new event ------------------------------------------------------------- */

typedef struct
{
  DabiaoWindow    *window;
  DabiaoEventInfo *info;
} NewEvent;

static void
new_event_free (NewEvent *data)
{
  g_clear_object (&data->window);
  g_clear_pointer (&data->info, dabiao_event_info_free);
  g_free (data);
}

static void
create_ready (GObject      *source,
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
  remember_recent (self, self->event_file);
  set_session (self, session);
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
  dabiao_session_create_async (full, info, NULL, self->cancellable, create_ready, g_object_ref (self));
}

static void
new_event_file_chosen (GFile    *file,
                       gpointer  user_data)
{
  NewEvent *data = user_data;

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      dabiao_window_create_event (data->window, path, data->info);
    }
  new_event_free (data);
}

static void
on_new_event_done (DabiaoNewEventDialog *dialog,
                   DabiaoWindow         *self)
{
  NewEvent *data = g_new0 (NewEvent, 1);
  g_autofree char *suggested = NULL;

  data->window = g_object_ref (self);
  data->info = dabiao_new_event_dialog_get_info (dialog);
  if (data->info == NULL)
    {
      new_event_free (data);
      return;
    }
  suggested = g_strconcat (data->info->name, ".dabiao", NULL);
  dabiao_choose_file_to_save (GTK_WINDOW (self), _("Save the New Event"), DABIAO_FILE_EVENT,
                              suggested, new_event_file_chosen, data);
}

static void
new_event_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DabiaoWindow *self = DABIAO_WINDOW (widget);
  GtkWidget *dialog = dabiao_new_event_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "done", G_CALLBACK (on_new_event_done), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkEntry *
labelled_entry (GtkWidget  *grid,
                int         row,
                const char *label)
{
  GtkWidget *l = gtk_label_new (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (l), 1);
  gtk_widget_add_css_class (l, "dim-label");
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, 1, row, 1, 1);
  return GTK_ENTRY (entry);
}

/* ---- an open event's items and stations ------------------------------------- */

typedef struct
{
  DabiaoSession   *session;
  DabiaoEventInfo *info;
} SetupData;

static void
setup_data_free (SetupData *data)
{
  g_clear_object (&data->session);
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

/* On the event's worker: the changed attempts, then the stations. */
static void
save_setup_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SetupData *data = task_data;
  DabiaoEvent *event = dabiao_session_get_event (data->session);
  g_autoptr(GPtrArray) before = NULL;
  GError *error = NULL;

  for (guint i = 0; i < data->info->n_items; i++)
    {
      const DabiaoEventItem *item = dabiao_event_find_item (event, data->info->items[i].code);

      if (item == NULL || item->attempts == data->info->items[i].attempts)
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
  g_task_return_boolean (task, TRUE);
}

static void
setup_saved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  DabiaoWindow *self = DABIAO_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Save the Stations"), error);
      return;
    }
  dabiao_window_add_toast (self, _("Items and stations saved"));
  if (self->session != NULL)
    {
      SetupData *data = g_task_get_task_data (G_TASK (result));

      /* The main thread's copy of the items, for the next edit. */
      for (guint i = 0; i < data->info->n_items; i++)
        dabiao_session_set_item_attempts (self->session, data->info->items[i].code,
                                          data->info->items[i].attempts);
      load_station_definitions (self);
    }
}

static void
on_setup_done (DabiaoNewEventDialog *dialog,
               DabiaoWindow         *self)
{
  SetupData *data;
  GTask *task;

  if (self->session == NULL)
    return;
  data = g_new0 (SetupData, 1);
  data->session = g_object_ref (self->session);
  data->info = dabiao_new_event_dialog_get_info (dialog);
  if (data->info == NULL)
    {
      setup_data_free (data);
      return;
    }
  task = g_task_new (self, self->cancellable, setup_saved, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) setup_data_free);
  dabiao_event_run_in_worker (dabiao_session_get_event (self->session), task, save_setup_thread);
  g_object_unref (task);
}

/**
 * dabiao_window_edit_event_setup:
 *
 * Opens the event's items (attempts) and stations for the organiser to
 * change; saved on the event's worker.  Returns the dialog (nullable: no
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
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_setup_done), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
event_setup_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  dabiao_window_edit_event_setup (DABIAO_WINDOW (widget));
}

/* ---- import --------------------------------------------------------------- */

static gboolean
pulse_import (gpointer data)
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

static void
import_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ImportContext *ctx = user_data;
  DabiaoWindow *self = ctx->window;
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_source_remove (ctx->pulse);
  report = dabiao_session_import_finish (DABIAO_SESSION (source), result, &error);
  if (report == NULL)
    {
      dabiao_roster_page_finish_import (self->roster_page, NULL);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Import the Roster"), error);
    }
  else
    {
      GString *text = g_string_new (NULL);

      /* Translators: roster import summary */
      g_string_append_printf (text, _("%s: %u rows read, %u added, %u updated, %u unchanged."),
                              ctx->name, report->rows, report->added, report->updated, report->unchanged);
      if (report->problems != NULL && report->problems->len > 0)
        {
          g_string_append_printf (text, ngettext ("\n%u row was not imported:", "\n%u rows were not imported:",
                                                  report->problems->len), report->problems->len);
          for (guint i = 0; i < report->problems->len; i++)
            g_string_append_printf (text, "\n%s", (const char *) g_ptr_array_index (report->problems, i));
        }
      dabiao_roster_page_finish_import (self->roster_page, text->str);
      g_string_free (text, TRUE);
      dabiao_roster_page_set_roster (self->roster_page, NULL);
      dabiao_roster_page_set_roster (self->roster_page, dabiao_session_get_roster (self->session));
      refresh_summary (self);
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
  ctx->pulse = g_timeout_add (100, pulse_import, self);
  dabiao_window_show_page (self, "roster");
  dabiao_roster_page_show_import (self->roster_page, -1, ctx->name);
  dabiao_session_import_async (self->session, path, self->cancellable, import_ready, ctx);
}

static void
on_import_chosen (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;

  if (file != NULL)
    dabiao_window_import_roster (self, file);
}

static void
import_roster_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  dabiao_choose_file_to_open (GTK_WINDOW (widget), _("Import Roster"), DABIAO_FILE_TABLE,
                              on_import_chosen, g_object_ref (widget));
}

/* ---- editing a participant ------------------------------------------------- */

typedef struct
{
  DabiaoWindow *window;
  char         *id;
  GtkEntry     *name;
  GtkEntry     *class_name;
  GtkDropDown  *sex;
} EditContext;

static void
edit_context_free (EditContext *ctx)
{
  g_object_unref (ctx->window);
  g_free (ctx->id);
  g_free (ctx);
}

static void
edit_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dabiao_session_update_participant_finish (DABIAO_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Save the Participant"), error);
      return;
    }
  dabiao_roster_page_set_roster (self->roster_page, NULL);
  dabiao_roster_page_set_roster (self->roster_page, dabiao_session_get_roster (self->session));
  dabiao_window_add_toast (self, _("Participant saved."));
}

static void
edit_response (AdwMessageDialog *dialog,
               const char       *response,
               EditContext      *ctx)
{
  DabiaoWindow *self = ctx->window;

  if (g_str_equal (response, "save") && self->session != NULL)
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ctx->name))));
      g_autofree char *class_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ctx->class_name))));

      dabiao_session_update_participant_async (self->session, ctx->id, name,
                                               gtk_drop_down_get_selected (ctx->sex) + 1, class_name,
                                               self->cancellable, edit_ready, g_object_ref (self));
    }
  edit_context_free (ctx);
}

static void
edit_validate (EditContext *ctx)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (ctx->name), ADW_TYPE_MESSAGE_DIALOG);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ctx->name))));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", name[0] != '\0');
}

static void
on_participant_activated (DabiaoWindow     *self,
                          DabiaoRosterItem *item)
{
  const char * const sexes[] = { "男", "女", NULL };
  EditContext *ctx = g_new0 (EditContext, 1);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *l;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  ctx->window = g_object_ref (self);
  ctx->id = g_strdup (dabiao_roster_item_get_id (item));

  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  ctx->name = labelled_entry (grid, 0, _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (ctx->name), dabiao_roster_item_get_name (item));
  ctx->class_name = labelled_entry (grid, 1, _("Class"));
  gtk_editable_set_text (GTK_EDITABLE (ctx->class_name), dabiao_roster_item_get_class_name (item));
  l = gtk_label_new (_("Sex"));
  gtk_label_set_xalign (GTK_LABEL (l), 1);
  gtk_widget_add_css_class (l, "dim-label");
  ctx->sex = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (sexes));
  gtk_drop_down_set_selected (ctx->sex, dabiao_roster_item_get_sex (item) == 2 ? 1 : 0);
  gtk_grid_attach (GTK_GRID (grid), l, 0, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (ctx->sex), 1, 2, 1, 1);

  /* Translators: the participant's id */
  body = g_strdup_printf (_("ID %s. The change is kept in the event's audit trail."), ctx->id);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Edit Participant"), body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_entry_set_activates_default (ctx->name, TRUE);
  gtk_entry_set_activates_default (ctx->class_name, TRUE);
  g_signal_connect_swapped (ctx->name, "changed", G_CALLBACK (edit_validate), ctx);
  g_signal_connect (dialog, "response", G_CALLBACK (edit_response), ctx);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- one participant's results ---------------------------------------------- */

static void
person_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoPersonResults) person = NULL;
  g_autoptr(GError) error = NULL;

  person = dabiao_session_person_finish (DABIAO_SESSION (source), result, &error);
  if (person == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_add_toast (self, error->message);
      return;
    }
  g_ptr_array_add (person->items, NULL);
  g_ptr_array_add (person->values, NULL);
  g_ptr_array_add (person->scores, NULL);
  dabiao_results_page_show_person (self->results_page, person->name,
                                   (const char * const *) person->items->pdata,
                                   (const char * const *) person->values->pdata,
                                   (const char * const *) person->scores->pdata,
                                   person->total, person->notes);
}

static void
on_person (DabiaoWindow *self,
           const char   *id)
{
  if (self->session != NULL)
    dabiao_session_person_async (self->session, id, self->cancellable, person_ready, g_object_ref (self));
}

/* ---- void ------------------------------------------------------------------ */

static void
void_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dabiao_session_void_finish (DABIAO_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Void the Measurement"), error);
      return;
    }
  dabiao_window_add_toast (self, _("Measurement voided; the audit trail keeps it."));
  refresh_summary_now (self);
}

static void
on_void (DabiaoWindow *self,
         const char   *uuid,
         const char   *reason)
{
  if (self->session != NULL)
    dabiao_session_void_async (self->session, uuid, reason, self->cancellable, void_ready, g_object_ref (self));
}

/* ---- print / export ---------------------------------------------------------- */

typedef struct
{
  DabiaoWindow    *window;
  char            *how;
  DabiaoPrintKind  kind;
} ExportContext;

static void
export_context_free (ExportContext *ctx)
{
  g_object_unref (ctx->window);
  g_free (ctx->how);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportContext, export_context_free)

/* Certificate levels offered, highest first: the standard's grades but the
 * lowest (优秀, 良好, 及格; 一级（优秀）… 三级（合格）). */
static GStrv
export_levels (DabiaoSession *session)
{
  const char * const *grades = dabiao_session_get_grade_names (session);
  guint n = g_strv_length ((char **) grades);
  g_autoptr(GStrvBuilder) levels = g_strv_builder_new ();

  for (guint i = 0; i + 1 < n; i++)
    g_strv_builder_add (levels, grades[i]);
  return g_strv_builder_end (levels);
}

static void
export_built (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ExportContext) ctx = user_data;
  DabiaoWindow *self = ctx->window;
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  const char *file_name, *job;
  guint n = 0;

  pages = dabiao_print_build_finish (result, &n, &error);
  if (pages == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND))
        dabiao_window_add_toast (self, error->message);
      else
        dabiao_window_show_error (self, _("Could not Prepare the Pages"), error);
      return;
    }
  switch (ctx->kind)
    {
    case DABIAO_PRINT_CERTIFICATES:
      file_name = _("certificates.pdf");
      job = _("Certificates");
      break;
    case DABIAO_PRINT_BADGES:
      file_name = _("badges.pdf");
      job = _("Badges");
      break;
    case DABIAO_PRINT_RECORD_CARDS:
    default:
      file_name = _("record-cards.pdf");
      job = _("Record cards");
      break;
    }
  g_free (self->last_export);
  self->last_export = g_strdup (job);
  self->last_export_n_items = n;
  self->last_export_n_pages = dabiao_pages_get_n_pages (pages);
  if (g_strcmp0 (ctx->how, "pdf") == 0)
    dabiao_print_export_pdf (GTK_WINDOW (self), pages, file_name, NULL, NULL);
  else if (g_strcmp0 (ctx->how, "print") == 0)
    dabiao_print_pages (GTK_WINDOW (self), pages, job);
}

const char *
dabiao_window_get_last_export (DabiaoWindow *self,
                               guint        *n_items,
                               guint        *n_pages)
{
  g_return_val_if_fail (DABIAO_IS_WINDOW (self), NULL);

  if (n_items != NULL)
    *n_items = self->last_export_n_items;
  if (n_pages != NULL)
    *n_pages = self->last_export_n_pages;
  return self->last_export;
}

void
dabiao_window_export (DabiaoWindow    *self,
                      DabiaoPrintKind  kind,
                      const char      *min_level,
                      const char      *how)
{
  ExportContext *ctx;

  g_return_if_fail (DABIAO_IS_WINDOW (self));

  if (self->session == NULL)
    return;
  ctx = g_new0 (ExportContext, 1);
  ctx->window = g_object_ref (self);
  ctx->how = g_strdup (how);
  ctx->kind = kind;
  dabiao_print_build_async (dabiao_session_get_event (self->session), kind, min_level,
                            self->cancellable, export_built, ctx);
}

static void
export_response (AdwMessageDialog *dialog,
                 const char       *response,
                 DabiaoWindow     *self)
{
  GtkDropDown *what = g_object_get_data (G_OBJECT (dialog), "dabiao-what");
  GtkDropDown *level = g_object_get_data (G_OBJECT (dialog), "dabiao-level");
  const char * const *levels = g_object_get_data (G_OBJECT (dialog), "dabiao-levels");
  guint kind = gtk_drop_down_get_selected (what);
  guint lvl = gtk_drop_down_get_selected (level);

  if (g_str_equal (response, "cancel") || self->session == NULL)
    return;
  /* No grades (standard not installed): the template's own minimum. */
  dabiao_window_export (self, (DabiaoPrintKind) kind,
                        lvl < g_strv_length ((char **) levels) ? levels[lvl] : NULL, response);
}

static void
export_what_changed (GtkDropDown *what,
                     GParamSpec  *pspec,
                     GtkWidget   *level_row)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (gtk_widget_get_root (GTK_WIDGET (what)));
  guint kind = gtk_drop_down_get_selected (what);

  gtk_widget_set_visible (level_row, kind == DABIAO_PRINT_CERTIFICATES);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (level_row), "dabiao-label"),
                          kind == DABIAO_PRINT_CERTIFICATES);
  if (dialog == NULL)
    return;
  switch (kind)
    {
    case DABIAO_PRINT_CERTIFICATES:
      adw_message_dialog_set_body (dialog, _("One 达标 certificate per student at or above the chosen level, "
                                             "numbered in this event's certificate book (a reprint keeps its number)."));
      break;
    case DABIAO_PRINT_BADGES:
      adw_message_dialog_set_body (dialog, _("Name badges on A4 label sheets, 2 × 5 per page, one per participant."));
      break;
    default:
      adw_message_dialog_set_body (dialog, _("One 《国家学生体质健康标准》登记卡 per student, with this event's results and scores."));
      break;
    }
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DabiaoWindow *self = DABIAO_WINDOW (widget);
  const char *kinds[] = { N_("Record cards"), N_("Certificates"), N_("Badges"), NULL };
  const char *shown[G_N_ELEMENTS (kinds)] = { NULL };
  GtkWidget *dialog, *grid, *what, *level, *what_label, *level_label;
  GStrv levels;

  if (self->session == NULL)
    return;

  for (guint i = 0; kinds[i] != NULL; i++)
    shown[i] = _(kinds[i]);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Print or Export"), NULL);
  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_halign (grid, GTK_ALIGN_CENTER);

  what_label = gtk_label_new_with_mnemonic (_("_What"));
  gtk_widget_set_halign (what_label, GTK_ALIGN_END);
  what = gtk_drop_down_new_from_strings (shown);
  gtk_label_set_mnemonic_widget (GTK_LABEL (what_label), what);
  gtk_grid_attach (GTK_GRID (grid), what_label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), what, 1, 0, 1, 1);

  level_label = gtk_label_new_with_mnemonic (_("_Lowest level"));
  gtk_widget_set_halign (level_label, GTK_ALIGN_END);
  levels = export_levels (self->session);
  level = gtk_drop_down_new_from_strings ((const char * const *) levels);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (level), MAX (g_strv_length (levels), 1) - 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (level_label), level);
  gtk_grid_attach (GTK_GRID (grid), level_label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), level, 1, 1, 1, 1);

  g_object_set_data (G_OBJECT (level), "dabiao-label", level_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  export_what_changed (GTK_DROP_DOWN (what), NULL, level);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "pdf", _("Save as _PDF…"),
                                    "print", _("_Print…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "print", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "print");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "dabiao-what", what);
  g_object_set_data (G_OBJECT (dialog), "dabiao-level", level);
  g_object_set_data_full (G_OBJECT (dialog), "dabiao-levels", levels, (GDestroyNotify) g_strfreev);
  g_signal_connect_object (what, "notify::selected", G_CALLBACK (export_what_changed), level, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  dabiao_window_show_page (DABIAO_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static gboolean
dabiao_window_close_request (GtkWindow *window)
{
  DabiaoWindow *self = DABIAO_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  g_cancellable_cancel (self->cancellable);
  stop_instrument (self);

  return GTK_WINDOW_CLASS (dabiao_window_parent_class)->close_request (window);
}

static void
dabiao_window_finalize (GObject *object)
{
  DabiaoWindow *self = DABIAO_WINDOW (object);

  g_hash_table_unref (self->pending);
  G_OBJECT_CLASS (dabiao_window_parent_class)->finalize (object);
}

static void
dabiao_window_dispose (GObject *object)
{
  DabiaoWindow *self = DABIAO_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->summary_source, g_source_remove);
  stop_instrument (self);
  if (self->sim != NULL)
    g_subprocess_send_signal (self->sim, SIGTERM);
  g_clear_object (&self->sim);
  g_clear_pointer (&self->demo_port, g_free);
  g_clear_pointer (&self->reading, dabiao_reading_unref);
  g_clear_pointer (&self->station_defs, g_ptr_array_unref);
  g_clear_pointer (&self->station_def, dabiao_station_definition_free);
  if (self->pending != NULL)
    g_hash_table_remove_all (self->pending);
  if (self->preferences != NULL)
    g_object_weak_unref (G_OBJECT (self->preferences), preferences_closed, self);
  self->preferences = NULL;
  if (self->session != NULL)
    dabiao_session_close (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->roster);
  g_clear_object (&self->event_file);
  gtk_widget_dispose_template (GTK_WIDGET (self), DABIAO_TYPE_WINDOW);
  g_clear_pointer (&self->last_export, g_free);

  G_OBJECT_CLASS (dabiao_window_parent_class)->dispose (object);
}

static void
dabiao_window_class_init (DabiaoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dabiao_window_dispose;
  object_class->finalize = dabiao_window_finalize;
  window_class->close_request = dabiao_window_close_request;

  g_type_ensure (DABIAO_TYPE_START_PAGE);
  g_type_ensure (DABIAO_TYPE_STATION_PAGE);
  g_type_ensure (DABIAO_TYPE_ROSTER_PAGE);
  g_type_ensure (DABIAO_TYPE_RESULTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, title_squeezer);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, wide_switcher);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, narrow_switcher);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, station_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, roster_page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoWindow, results_page);

  gtk_widget_class_install_action (widget_class, "win.new-event", NULL, new_event_activated);
  gtk_widget_class_install_action (widget_class, "win.event-setup", NULL, event_setup_activated);
  gtk_widget_class_install_action (widget_class, "win.open-event", NULL, open_event_activated);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_activated);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_activated);
  gtk_widget_class_install_action (widget_class, "win.import-roster", NULL, import_roster_activated);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
}

static void
dabiao_window_init (DabiaoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) dabiao_reading_unref);
  self->settings = g_settings_new ("cn.dabiao.Station");
  self->roster = dabiao_roster_model_new ();

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  dabiao_station_page_set_roster (self->station_page, self->roster);
  dabiao_roster_page_set_roster (self->roster_page, self->roster);
  g_signal_connect_object (self->station_page, "record", G_CALLBACK (on_record), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station_page, "checked-in", G_CALLBACK (on_checked_in), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station_page, "notify::item", G_CALLBACK (on_station_item_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station_page, "notify::station", G_CALLBACK (apply_station),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_page, "void", G_CALLBACK (on_void), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_page, "person", G_CALLBACK (on_person), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->roster_page, "participant-activated", G_CALLBACK (on_participant_activated),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->title_squeezer, "notify::visible-child", G_CALLBACK (title_squeezed),
                           self, G_CONNECT_SWAPPED);
  load_recent (self);
  set_event_pages_visible (self, FALSE);

#ifdef DEVELOPMENT_BUILD
  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

DabiaoWindow *
dabiao_window_new (DabiaoApplication *application)
{
  return g_object_new (DABIAO_TYPE_WINDOW, "application", application, NULL);
}
