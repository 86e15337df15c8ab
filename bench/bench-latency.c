/* bench-latency.c: byte written → reading delivered on the main loop
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A writer thread plays the simulator: it writes 10,000 frames to a
 * pseudo-terminal master (as dabiao-sim does, with write(2)), one every
 * 0.5 ms, noting the time of each write.  DabiaoInstrument reads the slave
 * through the fd transport and emits ::reading on the main context; the
 * latency is the time from the write of a frame's last byte to the signal.
 * Fails if the median is 5 ms or more or the 99th percentile 20 ms or more.
 * The baseline is a bare read(2) loop on a second pty, same writer.
 */

#include "config.h"

#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "dabiao-instrument.h"

#define N_FRAMES 10000
#define SPACING_US 500

typedef struct
{
  int     master;
  gint64 *written;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;

  g_usleep (200000);
  for (int i = 0; i < N_FRAMES; i++)
    {
      char buf[32];
      int n = g_snprintf (buf, sizeof buf, "%d\n", i + 100000);

      w->written[i] = g_get_monotonic_time ();
      if (write (w->master, buf, n) != n)
        g_error ("write failed");
      g_usleep (SPACING_US);
    }
  return NULL;
}

typedef struct
{
  GMainLoop *loop;
  gint64    *written;
  gint64    *latency;
  guint      n;
} Receiver;

static void
on_reading (DabiaoInstrument *instrument,
            DabiaoReading    *reading,
            Receiver         *r)
{
  gint64 now = g_get_monotonic_time ();
  int i = (int) reading->value - 100000;

  if (i >= 0 && i < N_FRAMES)
    r->latency[i] = now - r->written[i];
  if (++r->n == N_FRAMES)
    g_main_loop_quit (r->loop);
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
open_pty (int  *master,
          int  *slave,
          char *name)
{
  struct termios tio;

  g_assert_cmpint (openpty (master, slave, name, NULL, NULL), ==, 0);
  tcgetattr (*slave, &tio);
  cfmakeraw (&tio);
  tcsetattr (*slave, TCSANOW, &tio);
}

static void
report (const char *what,
        gint64     *latency,
        double     *median,
        double     *p99)
{
  qsort (latency, N_FRAMES, sizeof (gint64), compare);
  *median = latency[N_FRAMES / 2] / 1000.0;
  *p99 = latency[N_FRAMES * 99 / 100] / 1000.0;
  printf ("%-28s median %.3f ms  p99 %.3f ms  max %.3f ms  (%d frames)\n",
          what, *median, *p99, latency[N_FRAMES - 1] / 1000.0, N_FRAMES);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup ("generic-line", &error);
  g_autoptr(DabiaoInstrument) instrument = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree gint64 *written = g_new0 (gint64, N_FRAMES);
  g_autofree gint64 *latency = g_new0 (gint64, N_FRAMES);
  g_autofree gint64 *base = g_new0 (gint64, N_FRAMES);
  Writer w;
  Receiver r = { loop, written, latency, 0 };
  GThread *thread;
  int master, slave;
  char name[256];
  double median, p99, bmedian, bp99;

  g_assert_no_error (error);

  /* Baseline: a bare blocking read loop on the slave, same writer. */
  open_pty (&master, &slave, name);
  w = (Writer) { master, written };
  thread = g_thread_new ("writer", writer_thread, &w);
  {
    GString *line = g_string_new (NULL);
    guint got = 0;

    while (got < N_FRAMES)
      {
        char buf[4096];
        gssize n = read (slave, buf, sizeof buf);

        for (gssize k = 0; k < n; k++)
          {
            if (buf[k] != '\n')
              {
                g_string_append_c (line, buf[k]);
                continue;
              }
            {
              int i = atoi (line->str) - 100000;

              if (i >= 0 && i < N_FRAMES)
                base[i] = g_get_monotonic_time () - written[i];
              got++;
              g_string_truncate (line, 0);
            }
          }
      }
    g_string_free (line, TRUE);
  }
  g_thread_join (thread);
  close (master);
  close (slave);

  /* Dabiao: fd transport, worker thread, decoder, main-context signal. */
  open_pty (&master, &slave, name);
  instrument = dabiao_instrument_new (profile, name, "height");
  g_signal_connect (instrument, "reading", G_CALLBACK (on_reading), &r);
  dabiao_instrument_start (instrument);
  w = (Writer) { master, written };
  thread = g_thread_new ("writer", writer_thread, &w);
  g_main_loop_run (loop);
  g_thread_join (thread);
  dabiao_instrument_stop (instrument);
  close (master);
  close (slave);

  report ("bare read(2) baseline:", base, &bmedian, &bp99);
  report ("DabiaoInstrument::reading:", latency, &median, &p99);
  printf ("ratio (median) %.1f; target median < 5 ms, p99 < 20 ms: %s\n",
          bmedian > 0 ? median / bmedian : 0, (median < 5 && p99 < 20) ? "met" : "NOT MET");
  return (median < 5 && p99 < 20) ? 0 : 1;
}
