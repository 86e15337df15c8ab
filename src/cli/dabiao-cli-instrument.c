/* dabiao-cli-instrument.c: listen, profile, ports
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "dabiao-cli-commands.h"
#include "dabiao-instrument.h"

/* profile ----------------------------------------------------------------- */

static int
profile_list (void)
{
  g_auto(GStrv) names = dabiao_profile_list_names ();

  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup (names[i], &error);

      if (profile == NULL)
        {
          printf ("%-20s %s\n", names[i], error->message);
          continue;
        }
      {
        g_autofree char *items = g_strjoinv (",", (char **) dabiao_profile_get_items (profile));

        printf ("%-20s %-9s %-28s %s\n", names[i], dabiao_profile_get_family_name (profile),
                items[0] ? items : "-", dabiao_profile_get_title (profile));
      }
    }
  return 0;
}

/* The profile @name, with @item (may be NULL) checked against the item
 * catalogue; NULL after printing why, with *@status the exit code. */
static DabiaoProfile *
lookup_profile (const char *name,
                const char *item,
                int        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup (name, &error);

  *status = 1;
  if (profile == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return NULL;
    }
  if (item && dabiao_item_lookup (item) == NULL)
    {
      dabiao_cli_printerr (_("unknown item “%s”"), item);
      *status = 2;
      return NULL;
    }
  return g_steal_pointer (&profile);
}

static int
profile_test (const char *name,
              const char *capture,
              const char *item,
              gboolean    all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = NULL;
  g_autoptr(DabiaoDecoder) decoder = NULL;
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_frame_free);
  g_autofree char *contents = NULL;
  gsize len;
  guint n_accepted = 0, n_problems = 0;
  int status;

  profile = lookup_profile (name, item, &status);
  if (profile == NULL)
    return status;
  if (!g_file_get_contents (capture, &contents, &len, &error))
    {
      dabiao_cli_printerr (_("Cannot read the capture %s: %s"), capture, error->message);
      return 1;
    }

  decoder = dabiao_decoder_new (profile, item);
  dabiao_decoder_feed (decoder, (const guint8 *) contents, len, g_get_monotonic_time (), frames);

  for (guint i = 0; i < frames->len; i++)
    {
      DabiaoFrame *frame = frames->pdata[i];

      if (frame->kind == DABIAO_FRAME_ACCEPTED)
        {
          g_autofree char *line = dabiao_reading_to_string (frame->reading);

          n_accepted++;
          printf ("%s\n", line);
        }
      else
        {
          if (frame->kind == DABIAO_FRAME_ERROR || frame->kind == DABIAO_FRAME_GAP)
            n_problems++;
          if (all || frame->kind == DABIAO_FRAME_ERROR || frame->kind == DABIAO_FRAME_GAP)
            {
              g_autofree char *line = dabiao_frame_describe (frame);
              printf ("# %s\n", line);
            }
        }
    }
  printf ("# %s\n", "────────");
  /* Translators: summary of `dabiao-cli profile test` */
  printf ("# %s\n", _("Summary:"));
  printf ("# %s %u\n", _("readings accepted:"), n_accepted);
  printf ("# %s %u\n", _("problems:"), n_problems);
  return 0;
}

int
dabiao_cli_profile (int argc, char **argv)
{
  g_autofree char *item = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "item", 0, 0, G_OPTION_ARG_STRING, &item, N_("Item the readings belong to (generic profiles)"), N_("CODE") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Also print unstable, busy and duplicate frames"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("list | test PROFILE CAPTURE-FILE"));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("List the instrument profiles, or replay a capture through one."));
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;

  if (argc == 2 && g_str_equal (argv[1], "list"))
    return profile_list ();
  if (argc == 4 && g_str_equal (argv[1], "test"))
    return profile_test (argv[2], argv[3], item, all);

  dabiao_cli_printerr ("%s", _("usage: dabiao-cli profile list | test PROFILE CAPTURE-FILE"));
  return 2;
}

/* ports ------------------------------------------------------------------- */

int
dabiao_cli_ports (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (NULL);

  g_option_context_set_summary (context, _("List the serial ports with their description, USB ids and serial number."));
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;

  ports = dabiao_serial_list_ports (&error);
  if (ports == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  if (ports->len == 0)
    printf ("%s\n", _("No serial ports found."));
  for (guint i = 0; i < ports->len; i++)
    {
      DabiaoPortInfo *info = ports->pdata[i];

      printf ("%s\t%s\t%s", info->path, info->transport, info->description ? info->description : "");
      if (info->usb_vid >= 0)
        printf ("\tUSB %04x:%04x", info->usb_vid, info->usb_pid);
      if (info->serial_number)
        printf ("\t%s %s", _("serial number"), info->serial_number);
      printf ("\n");
    }
  return 0;
}

/* listen ------------------------------------------------------------------ */

typedef struct
{
  GMainLoop        *loop;
  DabiaoInstrument *instrument;
  guint64           count;
  guint64           seen;
  gboolean          verbose;
  gboolean          request_driven;
  guint             request_source;
  guint             timeout_id;
} Listen;

static void
reading_cb (DabiaoInstrument *instrument,
            DabiaoReading    *reading,
            Listen           *l)
{
  g_autofree char *line = dabiao_reading_to_string (reading);

  printf ("%s\n", line);
  fflush (stdout);
  l->seen++;
  if (l->count > 0 && l->seen >= l->count)
    g_main_loop_quit (l->loop);
  else if (l->request_driven)
    dabiao_instrument_request_reading (instrument);
}

static void
problem_cb (DabiaoInstrument *instrument,
            const char       *message,
            Listen           *l)
{
  g_printerr ("# %s\n", message);
}

static void
state_cb (DabiaoInstrument *instrument,
          GParamSpec       *pspec,
          Listen           *l)
{
  g_printerr ("# %s\n", dabiao_instrument_get_state_message (instrument));
  if (l->request_driven && dabiao_instrument_get_state (instrument) == DABIAO_INSTRUMENT_CONNECTED)
    dabiao_instrument_request_reading (instrument);
}

static void
traffic_cb (DabiaoInstrument *instrument,
            DabiaoTraffic    *traffic,
            Listen           *l)
{
  g_printerr ("  %s\n", traffic->text);
}

static gboolean
request_timer_cb (gpointer data)
{
  Listen *l = data;

  /* Request-driven devices: keep asking while nothing comes. */
  if (dabiao_instrument_get_state (l->instrument) == DABIAO_INSTRUMENT_CONNECTED)
    dabiao_instrument_request_reading (l->instrument);
  return G_SOURCE_CONTINUE;
}

static gboolean
signal_cb (gpointer data)
{
  g_main_loop_quit (((Listen *) data)->loop);
  /* Kept: removed after the loop, with the other signal's source. */
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer data)
{
  Listen *l = data;

  /* Without --count, --timeout is simply how long to listen. */
  if (l->count > 0)
    dabiao_cli_printerr (_("timed out after %llu of %llu readings"),
                         (unsigned long long) l->seen, (unsigned long long) l->count);
  l->timeout_id = 0;
  g_main_loop_quit (l->loop);
  return G_SOURCE_REMOVE;
}

int
dabiao_cli_listen (int argc, char **argv)
{
  g_autofree char *port = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *item = NULL;
  g_autofree char *transport = NULL;
  g_autofree char *participant = NULL;
  int count = 0;
  int timeout = 0;
  gboolean verbose = FALSE;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_FILENAME, &port, N_("Serial port or pseudo-terminal"), N_("DEV") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Instrument profile (name or file)"), N_("NAME") },
    { "item", 0, 0, G_OPTION_ARG_STRING, &item, N_("Item the readings belong to (generic profiles)"), N_("CODE") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("Exit after N readings"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Give up after SECONDS"), N_("SECONDS") },
    { "transport", 0, 0, G_OPTION_ARG_STRING, &transport, N_("auto, fd or serial"), N_("KIND") },
    { "participant", 0, 0, G_OPTION_ARG_STRING, &participant, N_("Write this participant to the device first (host binding)"), N_("ID") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Print every byte and frame to stderr"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (NULL);
  g_autoptr(DabiaoProfile) profile = NULL;
  g_autoptr(DabiaoInstrument) instrument = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Listen l = { 0, };
  guint sigint, sigterm;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Print one line per accepted reading: value, unit, item, then participant, record number, device time and warnings."));
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (port == NULL || profile_name == NULL || count < 0)
    {
      dabiao_cli_printerr ("%s", _("usage: dabiao-cli listen --port DEV --profile NAME [--count N]"));
      return 2;
    }
  profile = lookup_profile (profile_name, item, &status);
  if (profile == NULL)
    return status;

  loop = g_main_loop_new (NULL, FALSE);
  instrument = dabiao_instrument_new (profile, port, item);
  if (transport && g_str_equal (transport, "fd"))
    dabiao_instrument_set_transport (instrument, DABIAO_TRANSPORT_FD);
  else if (transport && g_str_equal (transport, "serial"))
    dabiao_instrument_set_transport (instrument, DABIAO_TRANSPORT_SERIAL);
  else if (transport && !g_str_equal (transport, "auto"))
    {
      dabiao_cli_printerr (_("unknown transport “%s”; expected auto, fd or serial"), transport);
      return 2;
    }

  l.loop = loop;
  l.instrument = instrument;
  l.count = count;
  l.verbose = verbose;
  l.request_driven = dabiao_profile_has_request (profile) && dabiao_profile_get_poll_interval (profile) == 0;
  g_signal_connect (instrument, "reading", G_CALLBACK (reading_cb), &l);
  g_signal_connect (instrument, "problem", G_CALLBACK (problem_cb), &l);
  g_signal_connect (instrument, "notify::state", G_CALLBACK (state_cb), &l);
  if (verbose)
    {
      g_signal_connect (instrument, "traffic", G_CALLBACK (traffic_cb), &l);
      dabiao_instrument_set_trace (instrument, TRUE);
    }
  if (l.request_driven)
    l.request_source = g_timeout_add (1000, request_timer_cb, &l);
  sigint = g_unix_signal_add (SIGINT, signal_cb, &l);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &l);
  if (timeout > 0)
    l.timeout_id = g_timeout_add_seconds (timeout, timeout_cb, &l);

  if (participant)
    dabiao_instrument_send_participant (instrument, participant, NULL, NULL, NULL);
  dabiao_instrument_start (instrument);
  g_main_loop_run (loop);
  dabiao_instrument_stop (instrument);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (l.request_source)
    g_source_remove (l.request_source);
  if (l.timeout_id)
    g_source_remove (l.timeout_id);
  return (l.count > 0 && l.seen < l.count) ? 1 : 0;
}
