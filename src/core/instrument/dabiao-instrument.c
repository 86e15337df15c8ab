/* dabiao-instrument.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "dabiao-error.h"
#include "dabiao-instrument.h"
#include "dabiao-profile-private.h"

#define BACKOFF_MIN_MS   100
#define BACKOFF_MAX_MS   2000
#define RETRY_DELAY_MS   100
#define MAX_RESENDS      20

/* Traffic ----------------------------------------------------------------- */

static DabiaoFrame *
frame_copy (const DabiaoFrame *frame)
{
  DabiaoFrame *copy = g_new0 (DabiaoFrame, 1);

  *copy = *frame;
  copy->raw = frame->raw ? g_bytes_ref (frame->raw) : NULL;
  copy->reading = frame->reading ? dabiao_reading_ref (frame->reading) : NULL;
  copy->message = g_strdup (frame->message);
  return copy;
}

DabiaoTraffic *
dabiao_traffic_copy (const DabiaoTraffic *traffic)
{
  DabiaoTraffic *copy = g_new0 (DabiaoTraffic, 1);

  *copy = *traffic;
  copy->bytes = traffic->bytes ? g_bytes_ref (traffic->bytes) : NULL;
  copy->frame = traffic->frame ? frame_copy (traffic->frame) : NULL;
  copy->text = g_strdup (traffic->text);
  return copy;
}

void
dabiao_traffic_free (DabiaoTraffic *traffic)
{
  if (traffic == NULL)
    return;
  g_clear_pointer (&traffic->bytes, g_bytes_unref);
  g_clear_pointer (&traffic->frame, dabiao_frame_free);
  g_free (traffic->text);
  g_free (traffic);
}

G_DEFINE_BOXED_TYPE (DabiaoTraffic, dabiao_traffic, dabiao_traffic_copy, dabiao_traffic_free)

GType
dabiao_instrument_state_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { DABIAO_INSTRUMENT_STOPPED, "DABIAO_INSTRUMENT_STOPPED", "stopped" },
    { DABIAO_INSTRUMENT_CONNECTING, "DABIAO_INSTRUMENT_CONNECTING", "connecting" },
    { DABIAO_INSTRUMENT_CONNECTED, "DABIAO_INSTRUMENT_CONNECTED", "connected" },
    { DABIAO_INSTRUMENT_WAITING, "DABIAO_INSTRUMENT_WAITING", "waiting" },
    { DABIAO_INSTRUMENT_ERROR, "DABIAO_INSTRUMENT_ERROR", "error" },
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("DabiaoInstrumentState", values));
  return type;
}

/* Messages between the worker and the main context ------------------------- */

typedef enum
{
  CMD_REQUEST,
  CMD_SEND,
  CMD_SUBJECT,
} CommandKind;

typedef struct
{
  CommandKind  kind;
  GBytes      *bytes;
} Command;

typedef enum
{
  EV_STATE,
  EV_READING,
  EV_LIVE,
  EV_PROBLEM,
  EV_TRAFFIC,
  EV_SUBJECT,
} EventKind;

typedef struct
{
  EventKind              kind;
  DabiaoInstrumentState  state;
  char                  *message;
  DabiaoReading         *reading;
  DabiaoTraffic         *traffic;
  gboolean               ok;
} Event;

static void
command_free (Command *cmd)
{
  g_clear_pointer (&cmd->bytes, g_bytes_unref);
  g_free (cmd);
}

static void
event_free (Event *ev)
{
  g_free (ev->message);
  g_clear_pointer (&ev->reading, dabiao_reading_unref);
  g_clear_pointer (&ev->traffic, dabiao_traffic_free);
  g_free (ev);
}

struct _DabiaoInstrument
{
  GObject                parent_instance;

  DabiaoProfile         *profile;
  char                  *port;
  char                  *item;
  DabiaoTransportKind    kind;
  DabiaoSerialSettings   serial;
  GMainContext          *context;

  /* main context */
  DabiaoInstrumentState  state;
  char                  *state_message;
  guint64                n_readings;
  GTask                 *subject_task;

  /* shared, under lock */
  GMutex                 lock;
  GQueue                 commands;
  GQueue                 events;
  GSource               *dispatch;
  int                    wake[2];
  gint                   stopping;   /* atomic */
  gint                   trace;      /* atomic */
  GThread               *thread;
};

G_DEFINE_FINAL_TYPE (DabiaoInstrument, dabiao_instrument, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_PORT,
  PROP_ITEM,
  PROP_STATE,
  PROP_STATE_MESSAGE,
  PROP_TRACE,
  N_PROPS
};

enum {
  SIGNAL_READING,
  SIGNAL_LIVE_READING,
  SIGNAL_PROBLEM,
  SIGNAL_TRAFFIC,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Main context side ------------------------------------------------------- */

static void
set_state (DabiaoInstrument      *self,
           DabiaoInstrumentState  state,
           const char            *message)
{
  gboolean changed = self->state != state;

  if (g_strcmp0 (self->state_message, message) != 0)
    {
      g_free (self->state_message);
      self->state_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_MESSAGE]);
    }
  if (changed)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static gboolean
dispatch_events_cb (gpointer data)
{
  DabiaoInstrument *self = data;
  GQueue events = G_QUEUE_INIT;

  g_mutex_lock (&self->lock);
  events = self->events;
  g_queue_init (&self->events);
  g_clear_pointer (&self->dispatch, g_source_unref);
  g_mutex_unlock (&self->lock);

  g_object_ref (self);
  for (GList *l = events.head; l; l = l->next)
    {
      Event *ev = l->data;

      switch (ev->kind)
        {
        case EV_STATE:
          set_state (self, ev->state, ev->message);
          break;
        case EV_READING:
          self->n_readings++;
          g_signal_emit (self, signals[SIGNAL_READING], 0, ev->reading);
          break;
        case EV_LIVE:
          g_signal_emit (self, signals[SIGNAL_LIVE_READING], 0, ev->reading);
          break;
        case EV_PROBLEM:
          g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, ev->message);
          break;
        case EV_TRAFFIC:
          if (g_atomic_int_get (&self->trace))
            g_signal_emit (self, signals[SIGNAL_TRAFFIC], 0, ev->traffic);
          break;
        case EV_SUBJECT:
          if (self->subject_task)
            {
              GTask *task = g_steal_pointer (&self->subject_task);

              if (ev->ok)
                g_task_return_boolean (task, TRUE);
              else
                g_task_return_new_error (task, DABIAO_ERROR, DABIAO_ERROR_SERIAL, "%s", ev->message);
              g_object_unref (task);
            }
          break;
        default:
          break;
        }
    }
  g_queue_clear_full (&events, (GDestroyNotify) event_free);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Worker side --------------------------------------------------------------- */

static void
post (DabiaoInstrument *self,
      Event            *ev)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->events, ev);
  if (self->dispatch == NULL && !g_atomic_int_get (&self->stopping))
    {
      self->dispatch = g_idle_source_new ();
      g_source_set_priority (self->dispatch, G_PRIORITY_HIGH_IDLE);
      g_source_set_callback (self->dispatch, dispatch_events_cb, self, NULL);
      g_source_set_static_name (self->dispatch, "[dabiao] instrument events");
      g_source_attach (self->dispatch, self->context);
    }
  g_mutex_unlock (&self->lock);
}

static void
post_state (DabiaoInstrument      *self,
            DabiaoInstrumentState  state,
            char                  *message /* owned */)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = EV_STATE;
  ev->state = state;
  ev->message = message;
  post (self, ev);
}

static void
post_message (DabiaoInstrument *self,
              EventKind         kind,
              char             *message /* owned */,
              gboolean          ok)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = kind;
  ev->message = message;
  ev->ok = ok;
  post (self, ev);
}

static void
post_traffic (DabiaoInstrument       *self,
              DabiaoTrafficDirection  direction,
              GBytes                 *bytes,
              const DabiaoFrame      *frame,
              const char             *text)
{
  Event *ev;
  DabiaoTraffic *t;

  if (!g_atomic_int_get (&self->trace))
    return;
  t = g_new0 (DabiaoTraffic, 1);
  t->direction = direction;
  t->time_usec = g_get_real_time ();
  t->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  t->frame = frame ? frame_copy (frame) : NULL;
  if (text)
    t->text = g_strdup (text);
  else if (frame)
    t->text = dabiao_frame_describe_for_people (frame);
  else
    {
      GString *s = g_string_new (direction == DABIAO_TRAFFIC_IN ? "<< " : ">> ");
      gsize len;
      const guint8 *p = g_bytes_get_data (bytes, &len);

      for (gsize i = 0; i < len; i++)
        g_string_append_printf (s, "%02X ", p[i]);
      t->text = g_string_free (s, FALSE);
    }
  ev = g_new0 (Event, 1);
  ev->kind = EV_TRAFFIC;
  ev->traffic = t;
  post (self, ev);
}

static void
wake_drain (DabiaoInstrument *self)
{
  char buf[64];

  while (read (self->wake[0], buf, sizeof buf) > 0)
    ;
}

static void
wake_up (DabiaoInstrument *self)
{
  char c = 1;

  if (write (self->wake[1], &c, 1) < 0 && errno != EAGAIN)
    g_warning ("instrument wake-up pipe: %s", g_strerror (errno));
}

typedef struct
{
  DabiaoInstrument *self;
  DabiaoTransport  *transport;
  DabiaoDecoder    *decoder;
  gint64            next_poll;
  gboolean          request_pending;
  guint             request_attempts;
  gint64            request_deadline;
  gboolean          subject_pending;
  gint64            subject_deadline;
  GQueue            deferred;    /* commands received while disconnected */
  char             *last_problem;
  gint64            last_problem_time;
} Worker;

/* Report a problem, but the same one at most every two seconds: a noisy
 * line must not flood the main loop (the console still sees every frame). */
static void
worker_problem (Worker *w,
                char   *message /* owned */)
{
  gint64 now = g_get_monotonic_time ();

  if (g_strcmp0 (message, w->last_problem) == 0 && now - w->last_problem_time < 2 * G_USEC_PER_SEC)
    {
      g_free (message);
      return;
    }
  g_free (w->last_problem);
  w->last_problem = g_strdup (message);
  w->last_problem_time = now;
  post_message (w->self, EV_PROBLEM, message, FALSE);
}

static gboolean
worker_write (Worker  *w,
              GBytes  *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  post_traffic (w->self, DABIAO_TRAFFIC_OUT, bytes, NULL, NULL);
  if (!dabiao_transport_write (w->transport, data, len, 1000, &error))
    {
      worker_problem (w, g_strdup (error->message));
      return FALSE;
    }
  return TRUE;
}

static void
worker_send_request (Worker *w)
{
  g_autoptr(GBytes) request = dabiao_profile_build_request (w->self->profile);

  if (request)
    worker_write (w, request);
}

static void
worker_command (Worker  *w,
                Command *cmd)
{
  DabiaoProfile *profile = w->self->profile;
  gint64 now = g_get_monotonic_time ();

  switch (cmd->kind)
    {
    case CMD_REQUEST:
      w->request_pending = TRUE;
      w->request_attempts = 1;
      w->request_deadline = now + (gint64) profile->timeout_ms * 1000;
      worker_send_request (w);
      break;
    case CMD_SEND:
      worker_write (w, cmd->bytes);
      break;
    case CMD_SUBJECT:
      w->subject_pending = TRUE;
      w->subject_deadline = now + (gint64) profile->timeout_ms * 1000;
      worker_write (w, cmd->bytes);
      break;
    default:
      break;
    }
}

static void
worker_frames (Worker    *w,
               GPtrArray *frames)
{
  DabiaoInstrument *self = w->self;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < frames->len; i++)
    {
      DabiaoFrame *frame = frames->pdata[i];
      Event *ev;

      post_traffic (self, DABIAO_TRAFFIC_FRAME, frame->raw, frame, NULL);
      if (frame->reply)
        worker_write (w, frame->reply);
      switch (frame->kind)
        {
        case DABIAO_FRAME_ACCEPTED:
          {
            g_autoptr(GBytes) ack = dabiao_profile_build_ack (self->profile);

            ev = g_new0 (Event, 1);
            ev->kind = EV_READING;
            ev->reading = dabiao_reading_ref (frame->reading);
            post (self, ev);
            w->request_pending = FALSE;
            if (ack)
              worker_write (w, ack);
          }
          break;
        case DABIAO_FRAME_LIVE:
          ev = g_new0 (Event, 1);
          ev->kind = EV_LIVE;
          ev->reading = dabiao_reading_ref (frame->reading);
          post (self, ev);
          if (w->request_pending)
            w->request_deadline = MIN (w->request_deadline, now + RETRY_DELAY_MS * 1000);
          break;
        case DABIAO_FRAME_BUSY:
          if (w->request_pending)
            w->request_deadline = MIN (w->request_deadline, now + RETRY_DELAY_MS * 1000);
          break;
        case DABIAO_FRAME_DUPLICATE:
          if (w->request_pending)
            w->request_deadline = MIN (w->request_deadline, now + RETRY_DELAY_MS * 1000);
          break;
        case DABIAO_FRAME_ERROR:
          {
            g_autofree char *port = g_strdup (self->port);

            worker_problem (w, g_strdup_printf ("%s: %s", port, frame->message));
            if (w->request_pending)
              w->request_deadline = MIN (w->request_deadline, now + RETRY_DELAY_MS * 1000);
          }
          break;
        case DABIAO_FRAME_GAP:
          worker_problem (w, g_strdup_printf ("%s: %s", self->port, frame->message));
          if (dabiao_profile_can_resend (self->profile) && frame->gap_last - frame->gap_first < MAX_RESENDS)
            {
              for (gint64 s = frame->gap_first; s <= frame->gap_last; s++)
                {
                  g_autoptr(GBytes) resend = dabiao_profile_build_resend (self->profile, s);
                  worker_write (w, resend);
                }
            }
          break;
        case DABIAO_FRAME_ACK:
          if (w->subject_pending)
            {
              w->subject_pending = FALSE;
              post_message (self, EV_SUBJECT, NULL, TRUE);
            }
          break;
        case DABIAO_FRAME_READING:
        default:
          break;
        }
    }
}

static void
worker_timers (Worker *w)
{
  DabiaoInstrument *self = w->self;
  DabiaoProfile *profile = self->profile;
  gint64 now = g_get_monotonic_time ();

  if (profile->poll_interval_ms > 0 && now >= w->next_poll)
    {
      worker_send_request (w);
      w->next_poll = now + (gint64) profile->poll_interval_ms * 1000;
    }
  if (w->request_pending && now >= w->request_deadline)
    {
      if (w->request_attempts > profile->retries)
        {
          w->request_pending = FALSE;
          post_message (self, EV_PROBLEM,
                        g_strdup_printf (_("%s: no reading after %u attempts"), self->port, w->request_attempts),
                        FALSE);
        }
      else
        {
          w->request_attempts++;
          w->request_deadline = now + (gint64) profile->timeout_ms * 1000;
          worker_send_request (w);
        }
    }
  if (w->subject_pending && now >= w->subject_deadline)
    {
      w->subject_pending = FALSE;
      post_message (self, EV_SUBJECT,
                    g_strdup_printf (_("%s: the device did not acknowledge the participant within %u ms"),
                                     self->port, profile->timeout_ms),
                    FALSE);
    }
}

static int
worker_timeout_ms (Worker *w)
{
  gint64 now = g_get_monotonic_time ();
  gint64 next = now + 1000 * 1000;

  if (w->self->profile->poll_interval_ms > 0)
    next = MIN (next, w->next_poll);
  if (w->request_pending)
    next = MIN (next, w->request_deadline);
  if (w->subject_pending)
    next = MIN (next, w->subject_deadline);
  if (next <= now)
    return 0;
  return (int) ((next - now + 999) / 1000);
}

static void
take_commands (DabiaoInstrument *self,
               GQueue           *into)
{
  g_mutex_lock (&self->lock);
  while (!g_queue_is_empty (&self->commands))
    g_queue_push_tail (into, g_queue_pop_head (&self->commands));
  g_mutex_unlock (&self->lock);
}

/* Connected: returns when the port is gone or on stop. */
static void
worker_connected (Worker *w)
{
  DabiaoInstrument *self = w->self;
  guint8 buf[4096];
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_frame_free);

  w->next_poll = g_get_monotonic_time ();
  while (!g_atomic_int_get (&self->stopping))
    {
      struct pollfd pfd[2] = {
        { dabiao_transport_get_fd (w->transport), POLLIN, 0 },
        { self->wake[0], POLLIN, 0 },
      };
      Command *cmd;

      take_commands (self, &w->deferred);
      while ((cmd = g_queue_pop_head (&w->deferred)) != NULL)
        {
          worker_command (w, cmd);
          command_free (cmd);
        }
      worker_timers (w);

      if (poll (pfd, 2, worker_timeout_ms (w)) < 0 && errno != EINTR)
        break;
      if (pfd[1].revents)
        wake_drain (self);
      if (pfd[0].revents)
        {
          g_autoptr(GError) error = NULL;
          gssize n;

          /* Read everything that is there before noticing a hang-up, so
           * that no byte already received is lost. */
          while ((n = dabiao_transport_read (w->transport, buf, sizeof buf, &error)) > 0)
            {
              g_autoptr(GBytes) bytes = g_bytes_new (buf, n);

              post_traffic (self, DABIAO_TRAFFIC_IN, bytes, NULL, NULL);
              dabiao_decoder_feed (w->decoder, buf, n, g_get_monotonic_time (), frames);
              worker_frames (w, frames);
              g_ptr_array_set_size (frames, 0);
            }
          if (n < 0)
            {
              post_state (self, DABIAO_INSTRUMENT_WAITING,
                          g_strdup_printf (_("%s; waiting for it to come back"), error->message));
              return;
            }
        }
    }
}

static gpointer
worker_thread (gpointer data)
{
  DabiaoInstrument *self = data;
  Worker w = { self, };
  guint backoff = BACKOFF_MIN_MS;
  gboolean first = TRUE;
  DabiaoInstrumentState last_state = DABIAO_INSTRUMENT_CONNECTING;

  g_queue_init (&w.deferred);
  w.decoder = dabiao_decoder_new (self->profile, self->item);

  while (!g_atomic_int_get (&self->stopping))
    {
      g_autoptr(GError) error = NULL;

      w.transport = dabiao_transport_open (self->kind, self->port, &self->serial, &error);
      if (w.transport)
        {
          /* How the port is driven is for the log, not for the person
           * (the trial: "(fd, 115200 波特)"). */
          g_debug ("%s: connected through %s", self->port,
                   dabiao_transport_get_kind (w.transport) == DABIAO_TRANSPORT_SERIAL ? "libserialport" : "fd");
          backoff = BACKOFF_MIN_MS;
          first = FALSE;
          last_state = DABIAO_INSTRUMENT_CONNECTED;
          post_state (self, DABIAO_INSTRUMENT_CONNECTED,
                      /* Translators: the port, its speed */
                      g_strdup_printf (_("%s: connected (%d baud)"), self->port, self->serial.baud));
          post_traffic (self, DABIAO_TRAFFIC_STATE, NULL, NULL, _("connected"));
          worker_connected (&w);
          g_clear_pointer (&w.transport, dabiao_transport_close);
          if (g_file_test (self->port, G_FILE_TEST_IS_REGULAR))
            {
              /* A capture file replayed as a port: read once, never again
               * (reopening would deliver every reading a second time). */
              post_state (self, DABIAO_INSTRUMENT_WAITING,
                          g_strdup_printf (_("%s: end of the file"), self->port));
              while (!g_atomic_int_get (&self->stopping))
                {
                  struct pollfd pfd = { self->wake[0], POLLIN, 0 };

                  if (poll (&pfd, 1, 1000) > 0)
                    wake_drain (self);
                }
              break;
            }
          /* A partial frame cut by the disconnect cannot be completed by the
           * new connection's bytes; everything complete was delivered. */
          post_traffic (self, DABIAO_TRAFFIC_STATE, NULL, NULL, _("disconnected"));
          {
            gsize dropped = dabiao_decoder_drop_partial (w.decoder);

            if (dropped > 0)
              post_message (self, EV_PROBLEM,
                            g_strdup_printf (_("%s: the connection broke in the middle of a frame; the %lu bytes received of it were dropped and nothing was recorded from them"),
                                             self->port, (unsigned long) dropped),
                            FALSE);
          }
          last_state = DABIAO_INSTRUMENT_WAITING;
          continue;
        }

      /* Not there: keep trying with back-off.  A missing device is WAITING
       * once it had been connected, ERROR before (wrong path, permissions). */
      {
        DabiaoInstrumentState state = (last_state == DABIAO_INSTRUMENT_WAITING)
                                      ? DABIAO_INSTRUMENT_WAITING : DABIAO_INSTRUMENT_ERROR;
        struct pollfd pfd = { self->wake[0], POLLIN, 0 };

        if (first || state == DABIAO_INSTRUMENT_ERROR)
          post_state (self, state, g_strdup (error->message));
        first = FALSE;
        if (poll (&pfd, 1, backoff) > 0)
          wake_drain (self);
        backoff = MIN (backoff * 2, BACKOFF_MAX_MS);
      }
    }

  g_queue_clear_full (&w.deferred, (GDestroyNotify) command_free);
  dabiao_decoder_free (w.decoder);
  g_free (w.last_problem);
  return NULL;
}

/* Public API ---------------------------------------------------------------- */

DabiaoInstrument *
dabiao_instrument_new (DabiaoProfile *profile,
                       const char    *port,
                       const char    *item)
{
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (port != NULL, NULL);

  return g_object_new (DABIAO_TYPE_INSTRUMENT,
                       "profile", profile,
                       "port", port,
                       "item", item,
                       NULL);
}

DabiaoProfile *dabiao_instrument_get_profile (DabiaoInstrument *self) { return self->profile; }
const char *dabiao_instrument_get_port (DabiaoInstrument *self) { return self->port; }
DabiaoInstrumentState dabiao_instrument_get_state (DabiaoInstrument *self) { return self->state; }
const char *dabiao_instrument_get_state_message (DabiaoInstrument *self) { return self->state_message; }
guint64 dabiao_instrument_get_n_readings (DabiaoInstrument *self) { return self->n_readings; }

const char *
dabiao_instrument_get_item (DabiaoInstrument *self)
{
  return self->item ? self->item : dabiao_profile_get_item (self->profile);
}

void
dabiao_instrument_set_transport (DabiaoInstrument    *self,
                                 DabiaoTransportKind  kind)
{
  g_return_if_fail (self->thread == NULL);
  self->kind = kind;
}

void
dabiao_instrument_set_serial_settings (DabiaoInstrument           *self,
                                       const DabiaoSerialSettings *settings)
{
  g_return_if_fail (self->thread == NULL);
  self->serial = *settings;
}

gboolean
dabiao_instrument_get_trace (DabiaoInstrument *self)
{
  return g_atomic_int_get (&self->trace);
}

void
dabiao_instrument_set_trace (DabiaoInstrument *self,
                             gboolean          trace)
{
  trace = !!trace;
  if (g_atomic_int_get (&self->trace) == trace)
    return;
  g_atomic_int_set (&self->trace, trace);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
}

void
dabiao_instrument_start (DabiaoInstrument *self)
{
  g_autofree char *message = NULL;

  g_return_if_fail (DABIAO_IS_INSTRUMENT (self));
  if (self->thread)
    return;
  g_atomic_int_set (&self->stopping, FALSE);
  message = g_strdup_printf (_("%s: connecting"), self->port);
  set_state (self, DABIAO_INSTRUMENT_CONNECTING, message);
  self->thread = g_thread_new ("dabiao-instrument", worker_thread, self);
}

void
dabiao_instrument_stop (DabiaoInstrument *self)
{
  g_autofree char *message = NULL;

  g_return_if_fail (DABIAO_IS_INSTRUMENT (self));
  if (self->thread == NULL)
    return;
  g_atomic_int_set (&self->stopping, TRUE);
  wake_up (self);
  g_thread_join (g_steal_pointer (&self->thread));

  /* Deliver what the worker had posted (readings are never dropped). */
  g_mutex_lock (&self->lock);
  if (self->dispatch)
    g_source_destroy (self->dispatch);
  g_mutex_unlock (&self->lock);
  dispatch_events_cb (self);

  g_mutex_lock (&self->lock);
  g_queue_clear_full (&self->commands, (GDestroyNotify) command_free);
  g_mutex_unlock (&self->lock);

  if (self->subject_task)
    {
      GTask *task = g_steal_pointer (&self->subject_task);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("The instrument was stopped"));
      g_object_unref (task);
    }
  message = g_strdup_printf (_("%s: stopped"), self->port);
  set_state (self, DABIAO_INSTRUMENT_STOPPED, message);
}

static void
push_command (DabiaoInstrument *self,
              CommandKind       kind,
              GBytes           *bytes)
{
  Command *cmd = g_new0 (Command, 1);

  cmd->kind = kind;
  cmd->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->commands, cmd);
  g_mutex_unlock (&self->lock);
  wake_up (self);
}

gboolean
dabiao_instrument_request_reading (DabiaoInstrument *self)
{
  g_return_val_if_fail (DABIAO_IS_INSTRUMENT (self), FALSE);
  if (!dabiao_profile_has_request (self->profile))
    return FALSE;
  push_command (self, CMD_REQUEST, NULL);
  return TRUE;
}

void
dabiao_instrument_send_bytes (DabiaoInstrument *self,
                              GBytes           *bytes)
{
  g_return_if_fail (DABIAO_IS_INSTRUMENT (self));
  push_command (self, CMD_SEND, bytes);
}

void
dabiao_instrument_send_participant (DabiaoInstrument    *self,
                                    const char          *participant_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (DABIAO_IS_INSTRUMENT (self));
  g_return_if_fail (participant_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_instrument_send_participant);
  bytes = dabiao_profile_build_subject (self->profile, participant_id);
  if (bytes == NULL)
    {
      g_task_return_new_error (task, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                               _("Profile %s cannot send a participant to the instrument"),
                               dabiao_profile_get_name (self->profile));
      return;
    }
  if (self->subject_task)
    {
      GTask *old = g_steal_pointer (&self->subject_task);
      g_task_return_new_error (old, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("Another participant was sent before the device answered"));
      g_object_unref (old);
    }
  self->subject_task = g_steal_pointer (&task);
  push_command (self, CMD_SUBJECT, bytes);
}

gboolean
dabiao_instrument_send_participant_finish (DabiaoInstrument  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject --------------------------------------------------------------------- */

static void
dabiao_instrument_dispose (GObject *object)
{
  DabiaoInstrument *self = DABIAO_INSTRUMENT (object);

  dabiao_instrument_stop (self);
  G_OBJECT_CLASS (dabiao_instrument_parent_class)->dispose (object);
}

static void
dabiao_instrument_finalize (GObject *object)
{
  DabiaoInstrument *self = DABIAO_INSTRUMENT (object);

  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  g_queue_clear_full (&self->commands, (GDestroyNotify) command_free);
  g_clear_pointer (&self->profile, dabiao_profile_unref);
  g_free (self->port);
  g_free (self->item);
  g_free (self->state_message);
  g_main_context_unref (self->context);
  close (self->wake[0]);
  close (self->wake[1]);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (dabiao_instrument_parent_class)->finalize (object);
}

static void
dabiao_instrument_constructed (GObject *object)
{
  DabiaoInstrument *self = DABIAO_INSTRUMENT (object);

  G_OBJECT_CLASS (dabiao_instrument_parent_class)->constructed (object);
  g_assert (self->profile != NULL && self->port != NULL);
  self->serial = *dabiao_profile_get_serial (self->profile);
  self->state_message = g_strdup_printf (_("%s: stopped"), self->port);
}

static void
dabiao_instrument_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DabiaoInstrument *self = DABIAO_INSTRUMENT (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_boxed (value, self->profile);
      break;
    case PROP_PORT:
      g_value_set_string (value, self->port);
      break;
    case PROP_ITEM:
      g_value_set_string (value, dabiao_instrument_get_item (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATE_MESSAGE:
      g_value_set_string (value, self->state_message);
      break;
    case PROP_TRACE:
      g_value_set_boolean (value, dabiao_instrument_get_trace (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dabiao_instrument_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DabiaoInstrument *self = DABIAO_INSTRUMENT (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_boxed (value);
      break;
    case PROP_PORT:
      self->port = g_value_dup_string (value);
      break;
    case PROP_ITEM:
      self->item = g_value_dup_string (value);
      break;
    case PROP_TRACE:
      dabiao_instrument_set_trace (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dabiao_instrument_class_init (DabiaoInstrumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dabiao_instrument_constructed;
  object_class->dispose = dabiao_instrument_dispose;
  object_class->finalize = dabiao_instrument_finalize;
  object_class->get_property = dabiao_instrument_get_property;
  object_class->set_property = dabiao_instrument_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_boxed ("profile", NULL, NULL, DABIAO_TYPE_PROFILE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_string ("port", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_string ("item", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DABIAO_TYPE_INSTRUMENT_STATE, DABIAO_INSTRUMENT_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_MESSAGE] =
    g_param_spec_string ("state-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACE] =
    g_param_spec_boolean ("trace", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_READING] =
    g_signal_new ("reading", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DABIAO_TYPE_READING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_LIVE_READING] =
    g_signal_new ("live-reading", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DABIAO_TYPE_READING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_TRAFFIC] =
    g_signal_new ("traffic", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DABIAO_TYPE_TRAFFIC | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
dabiao_instrument_init (DabiaoInstrument *self)
{
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->lock);
  g_queue_init (&self->commands);
  g_queue_init (&self->events);
  self->context = g_main_context_ref_thread_default ();
  self->kind = DABIAO_TRANSPORT_AUTO;
  if (!g_unix_open_pipe (self->wake, FD_CLOEXEC, &error))
    g_error ("instrument: cannot create a pipe: %s", error->message);
  g_unix_set_fd_nonblocking (self->wake[0], TRUE, NULL);
  g_unix_set_fd_nonblocking (self->wake[1], TRUE, NULL);
}
