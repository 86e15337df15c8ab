/* dabiao-window-station.c
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

/* The station page's wiring: checking a participant in, recording (with the
 * other items of a several-item station), the item and the defined station
 * chosen, and the event's station definitions. */

const char *
_dabiao_window_station_item_code (DabiaoWindow *self)
{
  const char *name = dabiao_station_page_get_item (self->station_page);
  const DabiaoEventItem *item;

  if (self->session == NULL || name == NULL)
    return NULL;
  item = dabiao_session_find_item (self->session, name);
  return item != NULL ? item->code : NULL;
}

/* What an answer from the worker was asked for: dropped when the card has
 * moved on to another person or item meanwhile. */
typedef struct
{
  DabiaoWindow *window;
  char         *participant_id;
  char         *item;
} Asked;

static Asked *
asked_new (DabiaoWindow *self,
           const char   *participant_id,
           const char   *item)
{
  Asked *asked = g_new0 (Asked, 1);

  asked->window = g_object_ref (self);
  asked->participant_id = g_strdup (participant_id);
  asked->item = g_strdup (item);
  return asked;
}

static void
asked_free (Asked *asked)
{
  g_object_unref (asked->window);
  g_free (asked->participant_id);
  g_free (asked->item);
  g_free (asked);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Asked, asked_free)

static gboolean
asked_still_shown (Asked *asked)
{
  DabiaoRosterItem *participant = dabiao_station_page_get_participant (asked->window->station_page);

  return participant != NULL
         && g_strcmp0 (asked->item, _dabiao_window_station_item_code (asked->window)) == 0
         && (asked->participant_id == NULL
             || g_strcmp0 (asked->participant_id, dabiao_roster_item_get_id (participant)) == 0);
}

static void
item_states_ready_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Asked) asked = user_data;
  g_autoptr(GHashTable) states = NULL;
  g_autoptr(GError) error = NULL;

  states = dabiao_session_item_states_finish (DABIAO_SESSION (source), result, &error);
  if (states == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("class queue: %s", error->message);
      return;
    }
  if (asked_still_shown (asked))
    dabiao_station_page_set_item_states (asked->window->station_page, g_steal_pointer (&states));
}

/* Who of the class on the card is done, absent or exempt at the item shown
 * (for the queue beside the reading and PgDn), on the event's worker. */
static void
refresh_item_states (DabiaoWindow *self)
{
  DabiaoRosterItem *participant = dabiao_station_page_get_participant (self->station_page);
  const char *code = _dabiao_window_station_item_code (self);
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  if (self->session == NULL || participant == NULL || code == NULL)
    return;
  queue = dabiao_roster_model_class_queue (dabiao_session_get_roster (self->session),
                                           dabiao_roster_item_get_class_name (participant));
  for (guint i = 0; i < queue->len; i++)
    g_ptr_array_add (ids, (gpointer) dabiao_roster_item_get_id (g_ptr_array_index (queue, i)));
  g_ptr_array_add (ids, NULL);
  dabiao_session_item_states_async (self->session, (const char * const *) ids->pdata, code, self->cancellable,
                                    item_states_ready_cb, asked_new (self, NULL, code));
}

static void
show_standing (DabiaoWindow   *self,
               DabiaoStanding *standing)
{
  g_autofree char *score = NULL;
  g_autofree char *level = NULL;
  DabiaoItemState state = dabiao_standing_get_state (standing);

  /* 免测 is no attempt: no "已测 1 次" under it (findings-18b #10). */
  if (state == DABIAO_ITEM_STATE_EXEMPT)
    dabiao_station_page_set_attempts (self->station_page, 0, 0);
  else
    dabiao_station_page_set_attempts (self->station_page, standing->n_attempts, standing->allowed);
  /* Not one of this person's items (立定跳远 for a 五年级 pupil): said so,
   * by the age group for adults, nothing offered. */
  if (standing->not_applicable)
    {
      dabiao_station_page_set_not_applicable (self->station_page, standing->group);
      return;
    }
  /* 已测完 (or 免测, or 缺测 with every attempt used): no more readings. */
  if (state == DABIAO_ITEM_STATE_EXEMPT
      || (state != DABIAO_ITEM_STATE_OPEN && standing->allowed > 0 && standing->n_attempts >= standing->allowed))
    dabiao_station_page_set_finished (self->station_page,
                                      standing->best_text != NULL ? standing->best_text : standing->special);
  else
    dabiao_station_page_set_finished (self->station_page, NULL);
  dabiao_station_page_set_group (self->station_page, standing->group);
  if (standing->item_scored)
    /* Translators: an item score; the mark flags a table below full confidence */
    score = g_strdup_printf (standing->low_confidence ? _("%d points (provisional table)") : _("%d points"),
                             standing->item_score);
  if (standing->complete && standing->level != NULL)
    /* Translators: total score and level (等级), e.g. "总分 85.2 良好" */
    level = g_strdup_printf (_("Total %.1f %s"), standing->total_tenths / 10.0, standing->level);
  /* 犯规 or 免测 once: not again under the big reading that says it
   * (findings-18b #10: shown twice, big and blue). */
  else if (standing->special != NULL
           && g_strcmp0 (dabiao_station_page_get_reading_text (self->station_page), standing->special) != 0)
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
standing_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Asked) asked = user_data;
  g_autoptr(DabiaoStanding) standing = NULL;
  g_autoptr(GError) error = NULL;

  standing = dabiao_session_standing_finish (DABIAO_SESSION (source), result, &error);
  /* Only for the person and item still shown, and not over a reading. */
  if (standing != NULL && asked_still_shown (asked)
      && !dabiao_station_page_has_reading (asked->window->station_page))
    show_standing (asked->window, standing);
}

/* A result of @participant_id was corrected or voided: the card shows
 * what stands now, not what was saved before. */
void
_dabiao_window_station_result_changed (DabiaoWindow *self,
                                       const char   *participant_id)
{
  DabiaoRosterItem *participant = dabiao_station_page_get_participant (self->station_page);

  if (participant == NULL || g_strcmp0 (dabiao_roster_item_get_id (participant), participant_id) != 0)
    return;
  dabiao_station_page_forget_result (self->station_page);
  _dabiao_window_request_standing (self);
}

/* The standing of the participant on the card at the item shown. */
void
_dabiao_window_request_standing (DabiaoWindow *self)
{
  DabiaoRosterItem *participant = dabiao_station_page_get_participant (self->station_page);
  const char *code = _dabiao_window_station_item_code (self);

  if (self->session == NULL || code == NULL || participant == NULL)
    return;
  dabiao_session_standing_async (self->session, dabiao_roster_item_get_id (participant), code,
                                 self->cancellable, standing_ready_cb,
                                 asked_new (self, dabiao_roster_item_get_id (participant), code));
  refresh_item_states (self);
}

void
_dabiao_window_checked_in_cb (DabiaoWindow     *self,
                              DabiaoRosterItem *item)
{
  const char *code = _dabiao_window_station_item_code (self);

  /* Readings waiting for Enter belonged to the participant before. */
  g_hash_table_remove_all (self->pending);
  if (self->session == NULL || code == NULL)
    return;
  _dabiao_window_request_standing (self);
}

typedef struct
{
  DabiaoWindow *window;
  char         *participant_id;
  char         *undo_what;       /* what undo takes back: "张三 犯规", "张三 8.6 秒" */
  gboolean      other;           /* another item of a several-item station */
  gboolean      exempt;          /* 免测: not an attempt */
} RecordContext;


static void
record_ready_cb (GObject      *source,
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
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ;
      else if (ctx->other)
        dabiao_window_show_error (self, _("Could not Save a Reading"), error);
      else
        dabiao_station_page_record_finished (self->station_page, NULL, error);
    }
  else if (ctx->other)
    {
      update_status_from_standing (self, ctx->participant_id, standing);
      _dabiao_window_sync_poke (self);
    }
  else
    {
      /* The number the card counts (已测 N 次): an undone attempt or a
       * false start before is not one (trials 18c #4, 11c #4, 11d #8:
       * "第 2 次 · 已测完" beside "已测 1 次 / 共 1 次"; decision 0273). */
      guint number = standing->attempt == 0 ? 0 : MAX (standing->n_attempts, 1);
      /* Translators: shown after the durable commit, with the attempt number */
      g_autofree char *saved = g_strdup_printf (_("Saved · attempt %u"), number);

      /* 免测 is no attempt (it was "已保存 · 第 1 次"), nor a false start
       * at a run, which is run again (decision 0204). */
      if (ctx->exempt || standing->attempt == 0)
        {
          g_free (saved);
          saved = g_strdup (ctx->exempt ? _("Saved · exempt from this item")
                                        : _("Saved · a false start: run again, no attempt used"));
        }
      dabiao_station_page_record_finished (self->station_page, saved, NULL);
      show_standing (self, standing);
      update_status_from_standing (self, ctx->participant_id, standing);
      if (ctx->undo_what != NULL && standing->measurement_uuid != NULL)
        dabiao_station_page_offer_undo (self->station_page, standing->measurement_uuid, ctx->undo_what);
      refresh_item_states (self);
      _dabiao_window_refresh_summary (self);
      _dabiao_window_sync_poke (self);
    }

  g_object_unref (ctx->window);
  g_free (ctx->participant_id);
  g_free (ctx->undo_what);
  g_free (ctx);
}

static void
record_queue (DabiaoWindow              *self,
              const DabiaoRecordRequest *request,
              gboolean                   other,
              char                      *undo_what)
{
  RecordContext *ctx = g_new0 (RecordContext, 1);

  ctx->window = g_object_ref (self);
  ctx->participant_id = g_strdup (request->participant_id);
  ctx->undo_what = undo_what;
  ctx->other = other;
  ctx->exempt = request->special == DABIAO_SPECIAL_EXEMPT;
  dabiao_session_record_async (self->session, request, self->cancellable, record_ready_cb, ctx);
}

/* Ctrl+Z after a save: the row is voided (audited), never deleted; the
 * card then shows what stands for the one on it. */
void
_dabiao_window_undo_cb (DabiaoWindow *self,
                        const char   *uuid)
{
  DabiaoRosterItem *participant = dabiao_station_page_get_participant (self->station_page);

  _dabiao_window_void (self, uuid, participant != NULL ? dabiao_roster_item_get_id (participant) : NULL,
                       _("Undone at the station right after recording"),
                       _("Undone: the attempt is voided and can be taken again."), _("Could Not Undo"));
}

/* Returns how many other items' readings were queued. */
static guint
record_other_items (DabiaoWindow              *self,
                    const DabiaoRecordRequest *main_request)
{
  guint n = 0;

  for (guint i = 0; self->station_def->items[i] != NULL; i++)
    {
      const char *code = self->station_def->items[i];
      DabiaoReading *reading = g_hash_table_lookup (self->pending, code);
      DabiaoRecordRequest request = *main_request;

      if (reading == NULL || g_strcmp0 (code, main_request->item) == 0)
        continue;
      request.item = code;
      request.value = reading->value;
      request.raw_frame = reading->raw;
      record_queue (self, &request, TRUE, NULL);
      n++;
    }
  return n;
}

void
_dabiao_window_record_cb (DabiaoWindow *self,
                          int           kind,
                          double        value,
                          const char   *reason)
{
  DabiaoRosterItem *participant = dabiao_station_page_get_participant (self->station_page);
  DabiaoRecordRequest request = { 0 };
  g_autofree char *shown = NULL;
  guint others = 0;

  if (self->session == NULL || participant == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (DABIAO_ERROR, DABIAO_ERROR_FAILED,
                                                     _("No event is open."));

      dabiao_station_page_record_finished (self->station_page, NULL, error);
      return;
    }

  request.participant_id = dabiao_roster_item_get_id (participant);
  request.item = _dabiao_window_station_item_code (self);
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
      /* The operator pressed it, whatever the instrument sent. */
      request.special = DABIAO_SPECIAL_FOUL;
      request.source = DABIAO_SOURCE_MANUAL;
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
    others = record_other_items (self, &request);
  g_hash_table_remove_all (self->pending);

  /* Every save can be taken back for a few seconds (Ctrl+Z / 撤销: a void,
   * audited), a reading and a typed value as a foul (findings-18b #6):
   * "撤销 张三 8.6 秒".  Not an Enter that saved several items of one
   * frame (身高 and 体重): one undo would take back only one of them. */
  shown = dabiao_station_page_get_value_text (self->station_page);
  record_queue (self, &request, FALSE,
                others == 0 ? g_strdup_printf ("%s %s", dabiao_roster_item_get_name (participant), shown) : NULL);
  g_clear_pointer (&self->reading, dabiao_reading_unref);
}

void
_dabiao_window_station_item_changed_cb (DabiaoWindow *self)
{
  const char *code = _dabiao_window_station_item_code (self);
  const DabiaoEventItem *item;

  if (code == NULL)
    return;
  item = dabiao_session_find_item (self->session, code);
  dabiao_station_page_set_item_format (self->station_page, item->unit,
                                       dabiao_session_get_decimals (self->session, code));
  dabiao_station_page_set_value_item (self->station_page, item);
  /* The card shows this item now: its attempts, result and queue. */
  _dabiao_window_request_standing (self);
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

      _dabiao_window_start_instrument (self, profile, port);
    }
}

static void set_station_thread (GTask        *task,
                                gpointer      source,
                                gpointer      task_data,
                                GCancellable *cancellable);

/* The defined station this computer serves, per event (its file's path),
 * for the events opened last: restored when one opens again (findings-11c
 * #8: it reopened on 全部项目).  At most this many events are kept. */
#define MAX_REMEMBERED_STATIONS 30

static char *
remembered_station (DabiaoWindow *self)
{
  const char *path = dabiao_event_get_path (dabiao_session_get_event (self->session));
  g_autoptr(GVariant) list = g_settings_get_value (self->settings, "stations-by-event");
  GVariantIter iter;
  const char *event, *station;

  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(&s&s)", &event, &station))
    if (g_strcmp0 (event, path) == 0)
      return g_strdup (station);
  return g_strdup ("");
}

static void
remember_station (DabiaoWindow *self,
                  const char   *station)
{
  const char *path = dabiao_event_get_path (dabiao_session_get_event (self->session));
  g_autoptr(GVariant) list = g_settings_get_value (self->settings, "stations-by-event");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *event, *name;
  guint n = 1;

  if (path == NULL)
    return;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  g_variant_builder_add (&builder, "(ss)", path, station != NULL ? station : "");
  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(&s&s)", &event, &name) && n < MAX_REMEMBERED_STATIONS)
    if (g_strcmp0 (event, path) != 0)
      {
        g_variant_builder_add (&builder, "(ss)", event, name);
        n++;
      }
  g_settings_set_value (self->settings, "stations-by-event", g_variant_builder_end (&builder));
}

/* The items offered on the station page: the defined station's, or all. */
void
_dabiao_window_apply_station_cb (DabiaoWindow *self)
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
  /* Remembered once the event's stations are known: the choice made while
   * they load (none) is nobody's (it overwrote the one to restore). */
  if (!self->demo && self->station_defs != NULL)
    remember_station (self, self->station_def != NULL ? self->station_def->name : "");
  _dabiao_window_update_title (self);

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
  _dabiao_window_station_item_changed_cb (self);

  /* Rows recorded here carry the station's name (also given with each
   * record); the event's default is set on its worker, in order. */
  {
    DabiaoEvent *event = dabiao_session_get_event (self->session);
    GTask *task = g_task_new (event, NULL, NULL, NULL);

    g_task_set_task_data (task, g_strdup (self->station_def != NULL ? self->station_def->name : NULL), g_free);
    dabiao_event_run_in_worker (event, task, set_station_thread);
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
      _dabiao_window_start_instrument (self, profile, port);
  }
}

static void
set_station_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  dabiao_event_set_station (source, task_data);
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
stations_loaded_cb (GObject      *source,
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
  saved = self->demo ? g_strdup ("50米跑") : remembered_station (self);
  g_signal_handlers_block_by_func (self->station_page, _dabiao_window_apply_station_cb, self);
  dabiao_station_page_set_stations (self->station_page, (const char * const *) names);
  if (*saved == '\0' || !dabiao_station_page_select_station (self->station_page, saved))
    dabiao_station_page_select_station (self->station_page, NULL);
  g_signal_handlers_unblock_by_func (self->station_page, _dabiao_window_apply_station_cb, self);
  _dabiao_window_apply_station_cb (self);
}

/* (Re)reads the event's station definitions on its worker. */
void
_dabiao_window_load_station_definitions (DabiaoWindow *self)
{
  DabiaoEvent *event = dabiao_session_get_event (self->session);
  GTask *task = g_task_new (self, self->cancellable, stations_loaded_cb, NULL);

  g_task_set_task_data (task, g_object_ref (event), g_object_unref);
  dabiao_event_run_in_worker (event, task, list_stations_thread);
  g_object_unref (task);
}
