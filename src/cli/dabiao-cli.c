/* dabiao-cli.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-cli-commands.h"
#include "dabiao-event-register.h"
#include "dabiao-i18n.h"
#include "dabiao-terminal.h"

static const DabiaoCliCommandEntry commands[] = {
  { "standards",    dabiao_cli_standards,    N_("list|show ID|check FILE|import FILE|export ID -o FILE|remove ID") },
  { "score",        dabiao_cli_score,        N_("--standard ID INPUT [-o OUTPUT]") },
  { "event",        dabiao_cli_event,        N_("new FILE --name NAME --standard ID [--date DATE] [--place PLACE] | show FILE | set FILE [--organizer NAME] [--school CODE=NAME]… | stations FILE") },
  { "roster",       dabiao_cli_roster,       N_("import EVENT FILE [--dry-run] | add EVENT --id-card NUMBER --name NAME | list EVENT") },
  { "record",       dabiao_cli_record,       N_("EVENT --participant ID --item CODE (--value V | --special KIND)") },
  { "void",         dabiao_cli_void,         N_("EVENT MEASUREMENT-UUID --reason REASON") },
  { "measurements", dabiao_cli_measurements, N_("EVENT [--participant ID] [-o FILE.csv]") },
  { "results",      dabiao_cli_results,      N_("EVENT [-o FILE]") },
  { "merge",        dabiao_cli_merge,        N_("EVENT OTHER…") },
  { "verify",       dabiao_cli_verify,       N_("EVENT") },
  { "sync",         dabiao_cli_sync,         N_("EVENT --server URL | FILE --server URL --event UUID") },
  { "server",       dabiao_cli_server,       N_("init URL | list URL | add-station URL NAME | export summary|upload URL -o FILE") },
  { "export",       dabiao_cli_export,       N_("upload|summary|results|certificates|badges|cards EVENT -o FILE [--reissue]") },
  { "certificates", dabiao_cli_certificates, N_("list EVENT [-o FILE.csv] | pending EVENT | verify NUMBER CODE --event EVENT | key --export|--import FILE") },
  { "listen",       dabiao_cli_listen,       N_("--port DEV --profile NAME [--count N]") },
  { "profile",      dabiao_cli_profile,      N_("list | test PROFILE CAPTURE-FILE") },
  { "ports",        dabiao_cli_ports,        N_("(lists serial ports)") },
};

void
dabiao_cli_printerr (const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("dabiao-cli: %s\n", message);
}

char *
dabiao_cli_resolve_participant (DabiaoEvent *event,
                                const char  *id)
{
  g_autoptr(GError) error = NULL;
  gboolean merged = FALSE;
  char *found = dabiao_event_resolve_merged_id (event, id, &merged, &error);

  if (error != NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return NULL;
    }
  if (found == NULL)
    return g_strdup (id);
  if (merged)
    /* Translators: a badge's 编号, the 编号 it was merged into */
    dabiao_cli_printerr (_("%s was merged into %s"), id, found);
  return found;
}

GOptionContext *
dabiao_cli_context_new (const char *parameters)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

gboolean
dabiao_cli_parse (GOptionContext *context,
                  int            *argc,
                  char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      dabiao_cli_printerr ("%s", error->message);
      g_printerr ("%s", help);
      return FALSE;
    }

  return TRUE;
}

/* The list printed for --help, a missing or an unknown command.  The manual
 * pages and the bash completion are generated from this output (doc/), so
 * keep its shape: "NAME  SYNOPSIS" lines indented by two spaces. */
static void
print_commands (FILE                        *stream,
                const char                  *summary,
                const DabiaoCliCommandEntry *list,
                gsize                        n_list)
{
  const char *prefix = g_get_prgname ();
  int width = 0;

  for (gsize i = 0; i < n_list; i++)
    width = MAX (width, (int) strlen (list[i].name));

  fprintf (stream, "%s\n  %s %s\n", _("Usage:"), prefix, _("COMMAND [ARGUMENTS…]"));
  if (summary != NULL)
    fprintf (stream, "\n%s\n", summary);
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (gsize i = 0; i < n_list; i++)
    fprintf (stream, "  %-*s  %s\n", width, list[i].name, _(list[i].synopsis));
  fprintf (stream, "\n");
  fprintf (stream, _("Run “%s COMMAND --help” for the options of a command."), prefix);
  fprintf (stream, "\n");
}

int
dabiao_cli_run_subcommand (const DabiaoCliCommandEntry *list,
                           gsize                        n_list,
                           int                          argc,
                           char                       **argv)
{
  if (argc < 2)
    {
      print_commands (stderr, NULL, list, n_list);
      return 2;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_commands (stdout, NULL, list, n_list);
      return 0;
    }

  for (gsize i = 0; i < n_list; i++)
    {
      if (g_str_equal (argv[1], list[i].name))
        {
          g_autofree char *prgname = g_strconcat (g_get_prgname (), " ", list[i].name, NULL);

          g_set_prgname (prgname);
          return list[i].run (argc - 1, argv + 1);
        }
    }

  dabiao_cli_printerr (_("unknown command “%s”"), argv[1]);
  print_commands (stderr, NULL, list, n_list);
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  dabiao_i18n_init ();
  /* Names and schools come from files: a terminal shows them, never obeys
   * them (escape sequences, bidirectional overrides). */
  dabiao_terminal_install_print_handlers ();
  g_set_prgname ("dabiao-cli");

  if (argc >= 2 && g_str_equal (argv[1], "--version"))
    {
      printf ("dabiao-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      print_commands (stdout,
                      _("Score, record and export national physical fitness tests from the command line. "
                        "Every command the station application offers on an event file is here too, "
                        "for scripts, servers and scoring machines without a display."),
                      commands, G_N_ELEMENTS (commands));
      printf ("\n%s\n", _("Exit status: 0 when the work was done, 1 when it failed (the reason is printed), "
                          "2 on a usage error."));
      return 0;
    }

  return dabiao_cli_run_subcommand (commands, G_N_ELEMENTS (commands), argc, argv);
}
