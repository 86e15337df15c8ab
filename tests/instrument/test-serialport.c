/* test-serialport.c: the real libserialport path, end to end, on a pty
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs with serial-shim.so preloaded (see serial-shim.c).  The port is
 * reached as /dev/../../../tmp/…/link, a symlink to the pty, so that
 * libserialport's /sys/class/tty lookup finds an entry.
 */

#include "config.h"

#include <poll.h>
#include <pty.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libserialport.h>

#include "dabiao-instrument.h"

#define WAIT_FOR(cond)                                                      \
  G_STMT_START {                                                            \
    gint64 _deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;        \
    while (!(cond) && g_get_monotonic_time () < _deadline)                  \
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);              \
    g_assert_true (cond);                                                   \
  } G_STMT_END

static int master_fd = -1, slave_fd = -1;
static char *dir, *port_path;

static void
setup (void)
{
  char name[256];
  struct termios tio;
  g_autofree char *link = NULL;
  g_autofree char *real_tmp = NULL;

  g_assert_cmpint (openpty (&master_fd, &slave_fd, name, NULL, NULL), ==, 0);
  tcgetattr (slave_fd, &tio);
  cfmakeraw (&tio);
  tcsetattr (slave_fd, TCSANOW, &tio);
  /* A short directory under /tmp: the path must be reachable from /dev/../.. */
  dir = g_strdup ("/tmp/dabiao-sp-XXXXXX");
  g_assert_nonnull (g_mkdtemp (dir));
  link = g_build_filename (dir, "ttyPTY", NULL);
  g_assert_cmpint (symlink (name, link), ==, 0);
  port_path = g_strconcat ("/dev/../../..", link, NULL);
}

static void
teardown (void)
{
  g_autofree char *link = g_build_filename (dir, "ttyPTY", NULL);

  g_unlink (link);
  g_rmdir (dir);
  close (master_fd);
  close (slave_fd);
  g_free (dir);
  g_free (port_path);
}

static void
test_transport (void)
{
  g_autoptr(GError) error = NULL;
  DabiaoSerialSettings settings = { 19200, 8, DABIAO_PARITY_EVEN, 1, DABIAO_FLOW_NONE };
  g_autoptr(DabiaoTransport) transport = dabiao_transport_open (DABIAO_TRANSPORT_SERIAL, port_path, &settings, &error);
  struct pollfd pfd;
  guint8 buf[64];
  gssize n = 0;
  char got[8] = { 0, };

  g_assert_no_error (error);
  g_assert_nonnull (transport);
  g_assert_cmpint (dabiao_transport_get_kind (transport), ==, DABIAO_TRANSPORT_SERIAL);

  /* host → device */
  g_assert_true (dabiao_transport_write (transport, (const guint8 *) "S\r\n", 3, 1000, &error));
  g_assert_no_error (error);
  pfd = (struct pollfd) { master_fd, POLLIN, 0 };
  g_assert_cmpint (poll (&pfd, 1, 2000), ==, 1);
  g_assert_cmpint (read (master_fd, got, sizeof got - 1), ==, 3);
  g_assert_cmpstr (got, ==, "S\r\n");

  /* device → host */
  g_assert_cmpint (write (master_fd, "hello", 5), ==, 5);
  pfd = (struct pollfd) { dabiao_transport_get_fd (transport), POLLIN, 0 };
  g_assert_cmpint (poll (&pfd, 1, 2000), ==, 1);
  n = dabiao_transport_read (transport, buf, sizeof buf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 5);
  g_assert_cmpmem (buf, 5, "hello", 5);
}

static void
on_reading (DabiaoInstrument  *instrument,
            DabiaoReading     *reading,
            DabiaoReading    **out)
{
  g_clear_pointer (out, dabiao_reading_unref);
  *out = dabiao_reading_ref (reading);
}

static void
test_instrument (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup ("mt-sics", &error);
  g_autoptr(DabiaoInstrument) instrument = NULL;
  g_autoptr(DabiaoReading) reading = NULL;
  struct pollfd pfd = { master_fd, POLLIN, 0 };
  char got[16] = { 0, };

  g_assert_no_error (error);
  instrument = dabiao_instrument_new (profile, port_path, NULL);
  dabiao_instrument_set_transport (instrument, DABIAO_TRANSPORT_SERIAL);
  g_signal_connect (instrument, "reading", G_CALLBACK (on_reading), &reading);
  dabiao_instrument_start (instrument);
  WAIT_FOR (dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED);
  /* The port's speed for the person; how it is driven (libserialport or
   * an fd) only in the debug log. */
  g_assert_nonnull (strstr (dabiao_instrument_get_state_message (instrument), "9600"));
  g_assert_null (strstr (dabiao_instrument_get_state_message (instrument), "libserialport"));

  dabiao_instrument_request_reading (instrument);
  g_assert_cmpint (poll (&pfd, 1, 2000), ==, 1);
  g_assert_cmpint (read (master_fd, got, sizeof got - 1), ==, 3);
  g_assert_cmpstr (got, ==, "S\r\n");
  g_assert_cmpint (write (master_fd, "S S      70.15 kg\r\n", 19), ==, 19);
  WAIT_FOR (reading != NULL);
  g_assert_cmpfloat_with_epsilon (reading->value, 70.15, 1e-9);
  g_assert_cmpstr (reading->unit, ==, "kg");
  dabiao_instrument_stop (instrument);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  setup ();
  g_test_add_func ("/instrument/serialport/transport", test_transport);
  g_test_add_func ("/instrument/serialport/instrument", test_instrument);
  {
    int ret = g_test_run ();
    teardown ();
    return ret;
  }
}
