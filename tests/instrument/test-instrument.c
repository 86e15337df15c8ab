/* test-instrument.c: DabiaoInstrument driven through openpty()
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-instrument.h"

typedef struct
{
  int   master;
  int   slave;
  char  name[256];
} Pty;

static void
pty_open (Pty *pty)
{
  struct termios tio;

  g_assert_cmpint (openpty (&pty->master, &pty->slave, pty->name, NULL, NULL), ==, 0);
  tcgetattr (pty->slave, &tio);
  cfmakeraw (&tio);
  tcsetattr (pty->slave, TCSANOW, &tio);
}

static void
pty_close (Pty *pty)
{
  close (pty->master);
  close (pty->slave);
}

static void
pty_write (Pty        *pty,
           const char *text)
{
  g_assert_cmpint (write (pty->master, text, strlen (text)), ==, (gssize) strlen (text));
}

/* Read what the host wrote, waiting up to @ms. */
static char *
pty_read (Pty *pty,
          int  ms)
{
  struct pollfd pfd = { pty->master, POLLIN, 0 };
  char buf[256];
  gssize n;

  if (poll (&pfd, 1, ms) <= 0)
    return g_strdup ("");
  n = read (pty->master, buf, sizeof buf - 1);
  buf[MAX (n, 0)] = '\0';
  return g_strdup (buf);
}

typedef struct
{
  GPtrArray *readings;
  GPtrArray *problems;
  GPtrArray *traffic;
  guint      live;
} Seen;

static void
on_reading (DabiaoInstrument *instrument,
            DabiaoReading    *reading,
            Seen             *seen)
{
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_ptr_array_add (seen->readings, dabiao_reading_format_value (reading));
}

static void
on_live (DabiaoInstrument *instrument,
         DabiaoReading    *reading,
         Seen             *seen)
{
  g_assert_false (reading->stable && reading->sequence < -1);
  seen->live++;
}

static void
on_problem (DabiaoInstrument *instrument,
            const char       *message,
            Seen             *seen)
{
  g_ptr_array_add (seen->problems, g_strdup (message));
}

static void
on_traffic (DabiaoInstrument *instrument,
            DabiaoTraffic    *traffic,
            Seen             *seen)
{
  g_ptr_array_add (seen->traffic, dabiao_traffic_copy (traffic));
}

static void
seen_init (Seen             *seen,
           DabiaoInstrument *instrument)
{
  seen->readings = g_ptr_array_new_with_free_func (g_free);
  seen->problems = g_ptr_array_new_with_free_func (g_free);
  seen->traffic = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_traffic_free);
  seen->live = 0;
  g_signal_connect (instrument, "reading", G_CALLBACK (on_reading), seen);
  g_signal_connect (instrument, "live-reading", G_CALLBACK (on_live), seen);
  g_signal_connect (instrument, "problem", G_CALLBACK (on_problem), seen);
  g_signal_connect (instrument, "traffic", G_CALLBACK (on_traffic), seen);
}

static void
seen_clear (Seen *seen)
{
  g_ptr_array_unref (seen->readings);
  g_ptr_array_unref (seen->problems);
  g_ptr_array_unref (seen->traffic);
}

/* Iterate the main context until @cond or 5 s. */
#define WAIT_FOR(cond)                                                      \
  G_STMT_START {                                                            \
    gint64 _deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;        \
    while (!(cond) && g_get_monotonic_time () < _deadline)                  \
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);              \
    g_assert_true (cond);                                                   \
  } G_STMT_END

static DabiaoProfile *
load (const char *name)
{
  g_autoptr(GError) error = NULL;
  DabiaoProfile *profile = dabiao_profile_lookup (name, &error);

  g_assert_no_error (error);
  return profile;
}

static void
test_stream (void)
{
  g_autoptr(DabiaoProfile) profile = load ("weighing-stream");
  g_autoptr(DabiaoInstrument) instrument = NULL;
  Pty pty;
  Seen seen;

  pty_open (&pty);
  instrument = dabiao_instrument_new (profile, pty.name, NULL);
  seen_init (&seen, instrument);
  dabiao_instrument_set_trace (instrument, TRUE);
  g_assert_cmpint (dabiao_instrument_get_state (instrument), ==, DABIAO_INSTRUMENT_STOPPED);
  dabiao_instrument_start (instrument);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED);
  g_assert_nonnull (strstr (dabiao_instrument_get_state_message (instrument), pty.name));

  pty_write (&pty, "US,GS,+  70.00kg\r\nST,GS,+  72.35kg\r\nST,GS,+  72.35kg\r\nST,GS,+  72.35kg\r\n");
  WAIT_FOR (seen.readings->len == 1);
  pty_write (&pty, "OL,GS,+999.99kg\r\nUS,GS,+   1.00kg\r\nST,GS,+  65.");
  g_usleep (20000);
  pty_write (&pty, "10kg\r\nST,GS,+  65.10kg\r\n");
  WAIT_FOR (seen.readings->len == 2);
  WAIT_FOR (seen.problems->len == 1);
  g_assert_cmpstr (seen.readings->pdata[0], ==, "72.35 kg");
  g_assert_cmpstr (seen.readings->pdata[1], ==, "65.10 kg");
  g_assert_cmpuint (seen.live, >=, 3);
  g_assert_cmpuint (dabiao_instrument_get_n_readings (instrument), ==, 2);

  /* A noisy line: the same problem is reported once, not once a frame. */
  pty_write (&pty, "XX\r\nXX\r\nXX\r\nXX\r\nXX\r\nST,GS,+  50.00kg\r\nST,GS,+  50.00kg\r\n");
  WAIT_FOR (seen.readings->len == 3);
  g_assert_cmpuint (seen.problems->len, ==, 2);

  /* The console saw bytes in and frames. */
  {
    gboolean in = FALSE, frame = FALSE;

    for (guint i = 0; i < seen.traffic->len; i++)
      {
        DabiaoTraffic *t = seen.traffic->pdata[i];

        in = in || t->direction == DABIAO_TRAFFIC_IN;
        frame = frame || (t->direction == DABIAO_TRAFFIC_FRAME && t->frame->kind == DABIAO_FRAME_ACCEPTED);
      }
    g_assert_true (in);
    g_assert_true (frame);
  }

  dabiao_instrument_stop (instrument);
  g_assert_cmpint (dabiao_instrument_get_state (instrument), ==, DABIAO_INSTRUMENT_STOPPED);
  seen_clear (&seen);
  pty_close (&pty);
}

static void
relink (const char *link,
        const char *target)
{
  g_autofree char *tmp = g_strconcat (link, ".new", NULL);

  g_unlink (tmp);
  g_assert_cmpint (symlink (target, tmp), ==, 0);
  g_assert_cmpint (g_rename (tmp, link), ==, 0);
}

/* The port goes away and comes back at the same path: the instrument
 * reconnects by itself and delivers every reading sent before and after. */
static void
test_reconnect (void)
{
  g_autoptr(DabiaoProfile) profile = load ("generic-line");
  g_autoptr(DabiaoInstrument) instrument = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-test-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "port", NULL);
  Pty a, b;
  Seen seen;

  pty_open (&a);
  relink (link, a.name);
  instrument = dabiao_instrument_new (profile, link, "height");
  seen_init (&seen, instrument);
  dabiao_instrument_start (instrument);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED);

  pty_write (&a, "170.1\n170.2\n170.3\n");
  /* Hang up right after writing: what was written must still arrive. */
  WAIT_FOR (seen.readings->len == 3);
  g_unlink (link);   /* the device is gone: its path too (pts numbers are reused) */
  pty_close (&a);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_WAITING);
  g_usleep (300000);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (dabiao_instrument_get_state (instrument), ==, DABIAO_INSTRUMENT_WAITING);

  pty_open (&b);
  relink (link, b.name);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED);
  pty_write (&b, "170.4\n");
  WAIT_FOR (seen.readings->len == 4);
  g_assert_cmpstr (seen.readings->pdata[0], ==, "170.1 cm");
  g_assert_cmpstr (seen.readings->pdata[3], ==, "170.4 cm");

  dabiao_instrument_stop (instrument);
  seen_clear (&seen);
  pty_close (&b);
  g_unlink (link);
  g_rmdir (dir);
}

/* A capture file given as the port is replayed once, not in a loop. */
static void
test_file_replay (void)
{
  g_autoptr(DabiaoProfile) profile = load ("generic-line");
  g_autoptr(DabiaoInstrument) instrument = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("dabiao-capture-XXXXXX", &path, NULL);
  Seen seen;

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, "170.1\n170.2\n", -1, NULL));
  instrument = dabiao_instrument_new (profile, path, "height");
  seen_init (&seen, instrument);
  dabiao_instrument_start (instrument);
  WAIT_FOR (seen.readings->len == 2);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_WAITING);
  g_usleep (400000);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (seen.readings->len, ==, 2);
  dabiao_instrument_stop (instrument);
  seen_clear (&seen);
  g_unlink (path);
}

static void
test_missing_port (void)
{
  g_autoptr(DabiaoProfile) profile = load ("generic-line");
  g_autoptr(DabiaoInstrument) instrument = dabiao_instrument_new (profile, "/nonexistent/ttyUSB9", NULL);

  dabiao_instrument_set_transport (instrument, DABIAO_TRANSPORT_FD);
  dabiao_instrument_start (instrument);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_ERROR);
  g_assert_nonnull (strstr (dabiao_instrument_get_state_message (instrument), "/nonexistent/ttyUSB9"));
  dabiao_instrument_stop (instrument);
}

/* MT-SICS: the host asks, the device is busy, then unstable, then stable. */
static void
test_request_retry (void)
{
  g_autoptr(DabiaoProfile) profile = load ("mt-sics");
  g_autoptr(DabiaoInstrument) instrument = NULL;
  Pty pty;
  Seen seen;
  g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL;

  pty_open (&pty);
  instrument = dabiao_instrument_new (profile, pty.name, NULL);
  seen_init (&seen, instrument);
  dabiao_instrument_start (instrument);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED);

  g_assert_true (dabiao_instrument_request_reading (instrument));
  r1 = pty_read (&pty, 2000);
  g_assert_cmpstr (r1, ==, "S\r\n");
  pty_write (&pty, "S I\r\n");
  r2 = pty_read (&pty, 2000);
  g_assert_cmpstr (r2, ==, "S\r\n");
  pty_write (&pty, "S D      70.10 kg\r\n");
  r3 = pty_read (&pty, 2000);
  g_assert_cmpstr (r3, ==, "S\r\n");
  pty_write (&pty, "S S      70.15 kg\r\n");
  WAIT_FOR (seen.readings->len == 1);
  g_assert_cmpstr (seen.readings->pdata[0], ==, "70.15 kg");
  dabiao_instrument_stop (instrument);
  seen_clear (&seen);
  pty_close (&pty);
}

static void
test_request_gives_up (void)
{
  const char *json = "{\"name\":\"quick\",\"family\":\"sics\",\"item\":\"weight\","
                     "\"timeout_ms\":30,\"retries\":2}";
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = dabiao_profile_new_from_data (json, strlen (json), "quick.json", &error);
  g_autoptr(DabiaoInstrument) instrument = NULL;
  Pty pty;
  Seen seen;

  g_assert_no_error (error);
  pty_open (&pty);
  instrument = dabiao_instrument_new (profile, pty.name, NULL);
  seen_init (&seen, instrument);
  dabiao_instrument_start (instrument);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED);
  dabiao_instrument_request_reading (instrument);
  WAIT_FOR (seen.problems->len == 1);
  g_assert_nonnull (strstr (seen.problems->pdata[0], "3"));
  {
    /* Three requests went out: the first and two retries. */
    g_autofree char *sent = pty_read (&pty, 100);
    g_assert_cmpstr (sent, ==, "S\r\nS\r\nS\r\n");
  }
  dabiao_instrument_stop (instrument);
  seen_clear (&seen);
  pty_close (&pty);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GError **out = data;
  gboolean ok = dabiao_instrument_send_participant_finish (DABIAO_INSTRUMENT (source), result, out);

  g_assert_true (ok == (*out == NULL));
  if (ok)
    *out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");   /* marks "done, fine" */
}

static void
test_send_participant (void)
{
  g_autoptr(DabiaoProfile) profile = load ("scpi-subject");
  g_autoptr(DabiaoInstrument) instrument = NULL;
  GError *result = NULL;
  Pty pty;
  Seen seen;

  pty_open (&pty);
  instrument = dabiao_instrument_new (profile, pty.name, NULL);
  seen_init (&seen, instrument);
  dabiao_instrument_start (instrument);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED);

  dabiao_instrument_send_participant (instrument, "S2026001", NULL, sent_cb, &result);
  {
    g_autofree char *sent = pty_read (&pty, 2000);
    g_assert_cmpstr (sent, ==, "*sub=S2026001\r\n");
  }
  pty_write (&pty, "ok\r\n");
  WAIT_FOR (result != NULL);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&result);

  /* No answer: fails after the profile's timeout with a clear message. */
  dabiao_instrument_send_participant (instrument, "S2026002", NULL, sent_cb, &result);
  {
    g_autofree char *sent = pty_read (&pty, 2000);
    g_assert_cmpstr (sent, ==, "*sub=S2026002\r\n");
  }
  WAIT_FOR (result != NULL);
  g_assert_error (result, DABIAO_ERROR, DABIAO_ERROR_SERIAL);
  g_clear_error (&result);

  dabiao_instrument_request_reading (instrument);
  {
    g_autofree char *sent = pty_read (&pty, 2000);
    g_assert_nonnull (strstr (sent, "*wei?\r\n"));
  }
  pty_write (&pty, "wei=64.2\r\n");
  WAIT_FOR (seen.readings->len == 1);

  dabiao_instrument_stop (instrument);
  seen_clear (&seen);
  pty_close (&pty);

  {
    /* A profile without a subject command refuses at once. */
    g_autoptr(DabiaoProfile) other = load ("weighing-stream");
    g_autoptr(DabiaoInstrument) i2 = dabiao_instrument_new (other, "/dev/null", NULL);

    dabiao_instrument_send_participant (i2, "x", NULL, sent_cb, &result);
    WAIT_FOR (result != NULL);
    g_assert_error (result, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
    g_clear_error (&result);
  }
}

/* Polled RS-485: the host polls by itself and resets after a count. */
static void
test_polled (void)
{
  g_autoptr(DabiaoProfile) profile = load ("rs485-situp");
  g_autoptr(DabiaoInstrument) instrument = NULL;
  const guint8 busy[] = { 0x5A, 0x01, 0x03, 0x6F, 0xCD };
  const guint8 count[] = { 0x5A, 0x01, 0x03, 0x2A, 0x88 };
  Pty pty;
  Seen seen;
  gboolean reset = FALSE;

  pty_open (&pty);
  instrument = dabiao_instrument_new (profile, pty.name, NULL);
  seen_init (&seen, instrument);
  dabiao_instrument_start (instrument);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED);

  {
    struct pollfd pfd = { pty.master, POLLIN, 0 };
    guint8 poll1[5];

    g_assert_cmpint (poll (&pfd, 1, 2000), ==, 1);
    g_assert_cmpint (read (pty.master, poll1, 5), ==, 5);
    g_assert_cmpmem (poll1, 5, "\x5A\x01\x03\x00\x5E", 5);
  }
  g_assert_cmpint (write (pty.master, busy, 5), ==, 5);
  g_assert_cmpint (write (pty.master, count, 5), ==, 5);
  WAIT_FOR (seen.readings->len == 1);
  g_assert_cmpstr (seen.readings->pdata[0], ==, "42 count");
  for (int i = 0; i < 20 && !reset; i++)
    {
      struct pollfd pfd = { pty.master, POLLIN, 0 };
      guint8 buf[256];
      gssize n = poll (&pfd, 1, 200) > 0 ? read (pty.master, buf, sizeof buf) : 0;

      for (gssize j = 0; j + 2 < n; j++)
        reset = reset || (buf[j] == 0x5A && buf[j + 1] == 0x01 && buf[j + 2] == 0x01);
    }
  g_assert_true (reset);
  dabiao_instrument_stop (instrument);
  seen_clear (&seen);
  pty_close (&pty);
}

static void
test_kind_for_path (void)
{
  Pty pty;

  pty_open (&pty);
  g_assert_cmpint (dabiao_transport_kind_for_path (pty.name), ==, DABIAO_TRANSPORT_FD);
  g_assert_cmpint (dabiao_transport_kind_for_path ("/dev/ttyUSB-not-plugged"), ==, DABIAO_TRANSPORT_SERIAL);
  pty_close (&pty);
}

static void
test_list_ports (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ports = dabiao_serial_list_ports (&error);

  g_assert_no_error (error);
  g_assert_nonnull (ports);
  for (guint i = 0; i < ports->len; i++)
    g_assert_true (g_str_has_prefix (((DabiaoPortInfo *) ports->pdata[i])->path, "/dev/"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/instrument/fd/stream", test_stream);
  g_test_add_func ("/instrument/fd/reconnect", test_reconnect);
  g_test_add_func ("/instrument/fd/missing-port", test_missing_port);
  g_test_add_func ("/instrument/fd/file-replay", test_file_replay);
  g_test_add_func ("/instrument/fd/request-retry", test_request_retry);
  g_test_add_func ("/instrument/fd/request-gives-up", test_request_gives_up);
  g_test_add_func ("/instrument/fd/send-participant", test_send_participant);
  g_test_add_func ("/instrument/fd/polled", test_polled);
  g_test_add_func ("/instrument/transport/kind", test_kind_for_path);
  g_test_add_func ("/instrument/transport/list-ports", test_list_ports);

  return g_test_run ();
}
