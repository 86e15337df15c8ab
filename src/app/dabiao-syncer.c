/* dabiao-syncer.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-sync.h"
#include "dabiao-syncer.h"

/* A round every INTERVAL (DABIAO_SYNC_INTERVAL_MS overrides it), one POKE
 * after a record; "同步中" is only shown once a round has taken longer than
 * SHOW_SYNCING, so the header does not flicker every few seconds. */
#define INTERVAL_MS     5000
#define POKE_MS         300
#define SHOW_SYNCING_MS 700

struct _DabiaoSyncer
{
  GObject          parent_instance;

  DabiaoEvent     *event;
  char            *url;
  char            *password;
  char            *server_id;    /* of the last round that reached the server */
  DabiaoSyncState  state;
  guint            pending;
  char            *message;
  guint            rounds;

  gboolean         running;
  gboolean         again;        /* poked while a round was under way */
  gboolean         stopped;
  guint            timer;
  guint            syncing_timer;
  guint            interval;
};

enum {
  SIGNAL_CHANGED,
  SIGNAL_RECEIVED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DabiaoSyncer, dabiao_syncer, G_TYPE_OBJECT)

static void start_round (DabiaoSyncer *self);

static void
set_state (DabiaoSyncer    *self,
           DabiaoSyncState  state,
           const char      *message)
{
  if (self->state == state && g_strcmp0 (self->message, message) == 0)
    return;
  self->state = state;
  g_free (self->message);
  self->message = g_strdup (message);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
clear_timers (DabiaoSyncer *self)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_handle_id (&self->syncing_timer, g_source_remove);
}

static gboolean
timer_cb (gpointer data)
{
  DabiaoSyncer *self = data;

  self->timer = 0;
  start_round (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (DabiaoSyncer *self,
          guint         ms)
{
  if (self->stopped || self->url == NULL)
    return;
  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add (ms, timer_cb, self);
}

static gboolean
show_syncing_cb (gpointer data)
{
  DabiaoSyncer *self = data;

  self->syncing_timer = 0;
  if (self->running)
    set_state (self, DABIAO_SYNC_SYNCING, NULL);
  return G_SOURCE_REMOVE;
}

/* ---- Pending rows (on the event's worker) --------------------------------- */

static void
count_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DabiaoSyncer *self = source;
  GError *error = NULL;
  guint pending = 0;

  if (!dabiao_sync_count_pending (self->event, task_data, &pending, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, pending);
}

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DabiaoSyncer *self = DABIAO_SYNCER (source);
  gssize pending = g_task_propagate_int (G_TASK (result), NULL);

  if (pending >= 0 && (guint) pending != self->pending)
    {
      self->pending = pending;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

static void
count_pending (DabiaoSyncer *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, counted_cb, NULL);

  g_task_set_task_data (task, g_strdup (self->server_id), g_free);
  dabiao_event_run_in_worker (self->event, task, count_thread);
}

/* ---- Rounds --------------------------------------------------------------- */

static void
round_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DabiaoSyncer) self = user_data;
  g_autoptr(DabiaoSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_id = NULL;

  self->running = FALSE;
  g_clear_handle_id (&self->syncing_timer, g_source_remove);
  report = dabiao_sync_event_finish (result, &server_id, &error);
  if (server_id != NULL)
    {
      g_free (self->server_id);
      self->server_id = g_steal_pointer (&server_id);
    }
  self->rounds++;
  /* For a support person (G_MESSAGES_DEBUG=all): what each round did. */
  if (report != NULL)
    g_debug ("sync round %u with %s: sent %u, received %u", self->rounds, self->server_id != NULL ? self->server_id : "?",
             report->sent, report->received);
  else
    g_debug ("sync round %u failed: %s", self->rounds, error->message);
  if (self->stopped)
    return;

  if (report != NULL)
    {
      set_state (self, DABIAO_SYNC_SYNCED, NULL);
      if (report->received > 0)
        g_signal_emit (self, signals[SIGNAL_RECEIVED], 0, report->measurements_received);
    }
  else if (g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_OFFLINE))
    set_state (self, DABIAO_SYNC_OFFLINE, error->message);
  else if (g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_PASSWORD))
    {
      /* Where a window's user gives it (trial 16b: the tooltip spoke of
       * the command line, PGPASSWORD and ~/.pgpass). */
      g_autofree char *message = g_strdup_printf (_("%s: enter the password in menu → Preferences → Server and press Test Connection"),
                                                  error->message);

      set_state (self, DABIAO_SYNC_ERROR, message);
    }
  else
    set_state (self, DABIAO_SYNC_ERROR, error->message);
  count_pending (self);
  schedule (self, self->again ? POKE_MS : self->interval);
  self->again = FALSE;
}

static void
start_round (DabiaoSyncer *self)
{
  if (self->stopped || self->url == NULL)
    return;
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  self->running = TRUE;
  g_clear_handle_id (&self->syncing_timer, g_source_remove);
  if (self->state == DABIAO_SYNC_SYNCED)
    self->syncing_timer = g_timeout_add (SHOW_SYNCING_MS, show_syncing_cb, self);
  else if (self->state != DABIAO_SYNC_OFFLINE && self->state != DABIAO_SYNC_ERROR)
    set_state (self, DABIAO_SYNC_SYNCING, NULL);
  dabiao_sync_event_async (self->event, self->url, self->password, NULL, round_done_cb, g_object_ref (self));
}

void
dabiao_syncer_set_server (DabiaoSyncer *self,
                          const char   *url,
                          const char   *password)
{
  g_return_if_fail (DABIAO_IS_SYNCER (self));

  g_clear_pointer (&self->url, g_free);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  clear_timers (self);
  if (url == NULL || *url == '\0')
    {
      set_state (self, DABIAO_SYNC_OFF, NULL);
      return;
    }
  self->url = g_strdup (url);
  self->password = g_strdup (password);
  set_state (self, DABIAO_SYNC_SYNCING, NULL);
  start_round (self);
}

void
dabiao_syncer_poke (DabiaoSyncer *self)
{
  g_return_if_fail (DABIAO_IS_SYNCER (self));

  if (self->url == NULL || self->stopped)
    return;
  count_pending (self);
  if (self->running)
    self->again = TRUE;
  else
    schedule (self, POKE_MS);
}

void
dabiao_syncer_stop (DabiaoSyncer *self)
{
  g_return_if_fail (DABIAO_IS_SYNCER (self));

  self->stopped = TRUE;
  clear_timers (self);
}

DabiaoSyncState
dabiao_syncer_get_state (DabiaoSyncer *self)
{
  g_return_val_if_fail (DABIAO_IS_SYNCER (self), DABIAO_SYNC_OFF);
  return self->state;
}

guint
dabiao_syncer_get_pending (DabiaoSyncer *self)
{
  g_return_val_if_fail (DABIAO_IS_SYNCER (self), 0);
  return self->pending;
}

const char *
dabiao_syncer_get_message (DabiaoSyncer *self)
{
  g_return_val_if_fail (DABIAO_IS_SYNCER (self), NULL);
  return self->message;
}

guint
dabiao_syncer_get_rounds (DabiaoSyncer *self)
{
  g_return_val_if_fail (DABIAO_IS_SYNCER (self), 0);
  return self->rounds;
}

char *
dabiao_syncer_dup_label (DabiaoSyncer *self)
{
  g_return_val_if_fail (DABIAO_IS_SYNCER (self), NULL);

  switch (self->state)
    {
    case DABIAO_SYNC_SYNCED:
      return g_strdup (_("Synced"));
    case DABIAO_SYNC_SYNCING:
      return g_strdup (_("Syncing…"));
    case DABIAO_SYNC_OFFLINE:
      /* Translators: the server cannot be reached; N rows wait */
      return g_strdup_printf (ngettext ("Offline (%u row to upload)",
                                           "Offline (%u rows to upload)", self->pending), self->pending);
    case DABIAO_SYNC_ERROR:
      return g_strdup (_("Sync error"));
    case DABIAO_SYNC_OFF:
    default:
      return g_strdup ("");
    }
}

/* ---- GObject -------------------------------------------------------------- */

static void
dabiao_syncer_finalize (GObject *object)
{
  DabiaoSyncer *self = DABIAO_SYNCER (object);

  clear_timers (self);
  g_clear_object (&self->event);
  g_free (self->url);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->server_id);
  g_free (self->message);

  G_OBJECT_CLASS (dabiao_syncer_parent_class)->finalize (object);
}

static void
dabiao_syncer_class_init (DabiaoSyncerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dabiao_syncer_finalize;

  /**
   * DabiaoSyncer::changed:
   *
   * The state, the reason or the number of rows waiting changed.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * DabiaoSyncer::received:
   * @measurements: how many of the rows were measurements
   *
   * A round brought rows from other stations into the file.
   */
  signals[SIGNAL_RECEIVED] = g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
dabiao_syncer_init (DabiaoSyncer *self)
{
  const char *interval = g_getenv ("DABIAO_SYNC_INTERVAL_MS");

  self->interval = interval != NULL && *interval != '\0' ? (guint) g_ascii_strtoull (interval, NULL, 10)
                                                          : INTERVAL_MS;
  if (self->interval < 100)
    self->interval = 100;
}

DabiaoSyncer *
dabiao_syncer_new (DabiaoEvent *event)
{
  DabiaoSyncer *self;

  g_return_val_if_fail (DABIAO_IS_EVENT (event), NULL);

  self = g_object_new (DABIAO_TYPE_SYNCER, NULL);
  self->event = g_object_ref (event);
  return self;
}
