/* dabiao-cli.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "dabiao-cli-commands.h"
#include "dabiao-i18n.h"

typedef struct
{
  const char       *name;
  DabiaoCliCommand  run;
  const char       *synopsis;
} CommandEntry;

static const CommandEntry commands[] = {
  { "standards",    dabiao_cli_standards,    N_("list|show ID|check FILE|import FILE|export ID -o FILE|remove ID") },
  { "score",        dabiao_cli_score,        N_("--standard ID INPUT [-o OUTPUT]") },
  { "event",        dabiao_cli_event,        N_("new FILE --name NAME --standard ID [--date DATE] [--place PLACE] | show FILE | set FILE [--organizer NAME] [--school CODE=NAME]… | stations FILE") },
  { "roster",       dabiao_cli_roster,       N_("import EVENT FILE [--dry-run] | list EVENT") },
  { "record",       dabiao_cli_record,       N_("EVENT --participant ID --item CODE (--value V | --special KIND)") },
  { "void",         dabiao_cli_void,         N_("EVENT MEASUREMENT-UUID --reason REASON") },
  { "measurements", dabiao_cli_measurements, N_("EVENT [--participant ID] [-o FILE.csv]") },
  { "results",      dabiao_cli_results,      N_("EVENT [-o FILE]") },
  { "merge",        dabiao_cli_merge,        N_("EVENT OTHER…") },
  { "verify",       dabiao_cli_verify,       N_("EVENT") },
  { "export",       dabiao_cli_export,       N_("upload|summary|certificates|badges|cards EVENT -o FILE") },
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

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: dabiao-cli COMMAND [ARGUMENTS…]"));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-13s %s\n", commands[i].name, _(commands[i].synopsis));
  fprintf (stream, "\n%s\n", _("Run “dabiao-cli COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  dabiao_i18n_init ();
  g_set_prgname ("dabiao-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("dabiao-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].run (argc - 1, argv + 1);
    }

  dabiao_cli_printerr (_("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return 2;
}
