/* dabiao-cli-server.c: server init|list|add-station|export, sync
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "dabiao-cli-commands.h"
#include "dabiao-district.h"
#include "dabiao-error.h"
#include "dabiao-server.h"
#include "dabiao-sync.h"

/* The password comes with the URL, from PGPASSWORD or from ~/.pgpass, as
 * for every libpq program; it is never printed. */

static DabiaoServer *
connect_server (const char *url)
{
  g_autoptr(GError) error = NULL;
  DabiaoServer *server = dabiao_server_connect (url, NULL, &error);

  if (server == NULL && g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_PASSWORD))
    dabiao_cli_printerr (_("%s (the command line takes the password from the address, from PGPASSWORD or from ~/.pgpass)"),
                         error->message);
  else if (server == NULL)
    dabiao_cli_printerr ("%s", error->message);
  return server;
}

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL || usec == 0)
    return g_strdup (_("never"));
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

/* ---- server init | list | add-station ------------------------------------ */

static int
server_init (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("URL — create or upgrade the server's tables (as the database's owner)"));
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  guint from = 0, to = 0;

  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      dabiao_cli_printerr (_("usage: server init URL"));
      return 2;
    }
  server = connect_server (argv[1]);
  if (server == NULL)
    return 1;
  if (!dabiao_server_init (server, &from, &to, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  if (from == to)
    g_print (_("Server %s: schema version %u, nothing to do\n"), dabiao_server_get_label (server), to);
  else if (from == 0)
    g_print (_("Server %s: created (schema version %u)\n"), dabiao_server_get_label (server), to);
  else
    g_print (_("Server %s: upgraded from schema version %u to %u\n"), dabiao_server_get_label (server), from, to);
  return 0;
}

/* A station name that came from more than one login: windows on one
 * computer, or computers with the same name, that record under the
 * computer's name because no station was chosen (trial 16b: two stations,
 * both "测试站 vm").  The logins tell them apart; say so, and how to name
 * them. */
static void
print_shared_station_names (const DabiaoServerEvent *event)
{
  g_autoptr(GHashTable) logins = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < event->stations->len; i++)
    {
      const DabiaoServerStation *station = g_ptr_array_index (event->stations, i);
      GPtrArray *by = station->name != NULL ? g_hash_table_lookup (logins, station->name) : NULL;

      if (station->name == NULL)
        continue;
      if (by == NULL)
        {
          by = g_ptr_array_new ();
          g_hash_table_insert (logins, station->name, by);
          g_ptr_array_add (names, station->name);
        }
      g_ptr_array_add (by, station->login);
    }
  for (guint i = 0; i < names->len; i++)
    {
      GPtrArray *by = g_hash_table_lookup (logins, names->pdata[i]);
      g_autoptr(GString) which = g_string_new (NULL);

      if (by->len < 2)
        continue;
      for (guint j = 0; j < by->len; j++)
        {
          if (j > 0)
            g_string_append (which, _(", "));
          g_string_append (which, by->pdata[j]);
        }
      g_print (_("  Note: the rows of station %s came from %u logins (%s): windows on one computer or computers "
                 "with the same name, recording under the computer's name because no station was chosen. The "
                 "logins tell them apart; to name them, define the stations in 项目与测试站 and choose one in each "
                 "window (dabiao-cli: --station)\n"),
               (const char *) names->pdata[i], by->len, which->str);
    }
}

static int
server_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("URL — list the events on the server"));
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      dabiao_cli_printerr (_("usage: server list URL"));
      return 2;
    }
  server = connect_server (argv[1]);
  if (server == NULL)
    return 1;
  events = dabiao_server_list_events (server, &error);
  if (events == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  if (events->len == 0)
    g_print (_("No events on server %s yet\n"), dabiao_server_get_label (server));
  for (guint i = 0; i < events->len; i++)
    {
      DabiaoServerEvent *event = g_ptr_array_index (events, i);

      g_print (_("%s  %s  %s (%s, %s): %lu participants, %lu measurements\n"),
               event->uuid, event->date, event->name,
               *event->organizer != '\0' ? event->organizer : _("no organiser"), event->standard,
               (gulong) event->participants, (gulong) event->measurements);
      /* One line per login (a station computer), its stations' rows. */
      for (guint j = 0; j < event->stations->len; )
        {
          DabiaoServerStation *first = g_ptr_array_index (event->stations, j);
          g_autofree char *when = format_time (first->last_sync);
          g_autoptr(GString) rows = g_string_new (NULL);

          for (; j < event->stations->len; j++)
            {
              DabiaoServerStation *station = g_ptr_array_index (event->stations, j);

              if (!g_str_equal (station->login, first->login))
                break;
              if (station->name == NULL)
                continue;
              if (rows->len > 0)
                g_string_append (rows, _("; "));
              g_string_append_printf (rows, _("station %s %lu measurements"), station->name,
                                      (gulong) station->measurements);
            }
          g_print (_("  login %s, last sync %s: %s\n"), first->login, when,
                   rows->len > 0 ? rows->str : _("no measurements yet"));
        }
      print_shared_station_names (event);
    }
  return 0;
}

static int
server_add_station (int argc, char **argv)
{
  g_auto(GStrv) events = NULL;
  GOptionEntry entries[] = {
    { "event", 0, 0, G_OPTION_ARG_STRING_ARRAY, &events,
      N_("Only this event (uuid; repeat for several; default: every event)"), N_("UUID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("URL NAME — create a station's login (prints its address with a new password)"));
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *station_url = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 3)
    {
      dabiao_cli_printerr (_("usage: server add-station URL NAME [--event UUID]…"));
      return 2;
    }
  server = connect_server (argv[1]);
  if (server == NULL)
    return 1;
  station_url = dabiao_server_add_station (server, argv[2], (const char * const *) events, &error);
  if (station_url == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  g_print ("%s\n", station_url);
  return 0;
}

/* ---- server export summary | upload ---------------------------------------- */

static int
export_summary (int argc, char **argv)
{
  g_auto(GStrv) events = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "event", 0, 0, G_OPTION_ARG_STRING_ARRAY, &events,
      N_("Only this event (uuid; repeat for several; default: every event)"), N_("UUID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the workbook to FILE (.xlsx or .csv)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("URL — the district's summary workbook: one row per school and grade"));
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoDistrictReport report = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2 || output == NULL)
    {
      dabiao_cli_printerr (_("usage: server export summary URL [--event UUID]… -o FILE.xlsx"));
      return 2;
    }
  server = connect_server (argv[1]);
  if (server == NULL)
    return 1;
  if (!dabiao_district_export_summary (server, (const char * const *) events, output, &report, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  g_print (_("Wrote %s: %u events, %u schools, %u participants (%u tested: every item measured, with a total level)\n"),
           output, report.events, report.schools, report.participants, report.tested);
  return 0;
}

static int
export_upload (int argc, char **argv)
{
  g_autofree char *event_uuid = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "event", 0, 0, G_OPTION_ARG_STRING, &event_uuid, N_("The event (uuid)"), N_("UUID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the upload file to FILE (.xlsx or .xls)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("URL — one event's national upload file, straight from the server"));
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(DabiaoExportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2 || output == NULL || event_uuid == NULL)
    {
      dabiao_cli_printerr (_("usage: server export upload URL --event UUID -o FILE"));
      return 2;
    }
  server = connect_server (argv[1]);
  if (server == NULL)
    return 1;
  if (!dabiao_district_export_upload (server, event_uuid, output, &report, &error))
    {
      for (guint i = 0; report != NULL && report->problems != NULL && i < report->problems->len; i++)
        g_printerr ("%s\n", (const char *) g_ptr_array_index (report->problems, i));
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  for (guint i = 0; report->warnings != NULL && i < report->warnings->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (report->warnings, i));
  g_print ("%s\n", report->message);
  return 0;
}

static int
server_export (int argc, char **argv)
{
  static const DabiaoCliCommandEntry subcommands[] = {
    { "summary", export_summary, N_("the district's summary workbook") },
    { "upload",  export_upload,  N_("one event's national upload file") },
  };

  return dabiao_cli_run_subcommand (subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}

int
dabiao_cli_server (int argc, char **argv)
{
  static const DabiaoCliCommandEntry subcommands[] = {
    { "init",        server_init,        N_("create or upgrade the server's tables") },
    { "list",        server_list,        N_("list the events on the server") },
    { "add-station", server_add_station, N_("create a station's login") },
    { "export",      server_export,      N_("summary or upload files straight from the server") },
  };

  return dabiao_cli_run_subcommand (subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}

/* ---- sync ----------------------------------------------------------------- */

int
dabiao_cli_sync (int argc, char **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *event_uuid = NULL;
  g_autofree char *station = NULL;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &url, N_("The server (libpq address or postgresql:// URI)"), N_("URL") },
    { "event", 0, 0, G_OPTION_ARG_STRING, &event_uuid,
      N_("Make FILE a new copy of this event on the server (uuid)"), N_("UUID") },
    { "station", 0, 0, G_OPTION_ARG_STRING, &station, N_("The station name this computer syncs as (default: the host name)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("EVENT — send the rows the server lacks and take the other stations' rows"));
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2 || url == NULL)
    {
      dabiao_cli_printerr (_("usage: sync EVENT --server URL | sync FILE --server URL --event UUID"));
      return 2;
    }
  if (event_uuid != NULL && g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_path_get_basename (argv[1]);

      dabiao_cli_printerr (_("“%s” already exists: --event makes a new file (leave --event out to sync an existing one)"),
                           name);
      return 2;
    }
  if (event_uuid == NULL)
    {
      event = dabiao_event_open (argv[1], DABIAO_EVENT_OPEN_NONE, &error);
      if (event == NULL)
        {
          dabiao_cli_printerr ("%s", error->message);
          return 1;
        }
      if (station != NULL)
        dabiao_event_set_station (event, station);
    }
  server = connect_server (url);
  if (server == NULL)
    return 1;
  if (event_uuid != NULL)
    event = dabiao_sync_join (argv[1], server, event_uuid, station, &report, &error);
  else
    report = dabiao_sync_event (event, server, &error);
  if (report == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  for (guint i = 0; i < report->roster_differences->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (report->roster_differences, i));
  /* Rows of every kind (a new copy sends the audit row of its making), the
   * measurements among them. */
  g_print (_("sent %u, received %u (measurements: %u sent, %u received)\n"), report->sent, report->received,
           report->measurements_sent, report->measurements_received);
  return 0;
}
