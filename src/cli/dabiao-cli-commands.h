/* dabiao-cli-commands.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dabiao-event.h"

G_BEGIN_DECLS

/* Each command gets argv starting at its own name (argv[0] is the command,
 * e.g. "score") and returns the process exit status:
 *   0  success
 *   1  the work failed (message already printed to stderr)
 *   2  usage error
 * One file per group of commands: dabiao-cli-<group>.c. */
typedef int (*DabiaoCliCommand) (int argc, char **argv);

/* One line of a command list: the top-level commands (dabiao-cli.c) and the
 * subcommands of a command (e.g. `event new`). */
typedef struct
{
  const char       *name;
  DabiaoCliCommand  run;
  const char       *synopsis;   /* N_(): what it does, or its arguments */
} DabiaoCliCommandEntry;

/* dabiao-cli-standards.c */
int dabiao_cli_standards (int argc, char **argv);
/* dabiao-cli-score.c */
int dabiao_cli_score (int argc, char **argv);
/* dabiao-cli-event.c */
int dabiao_cli_event (int argc, char **argv);
int dabiao_cli_roster (int argc, char **argv);
int dabiao_cli_record (int argc, char **argv);
int dabiao_cli_void (int argc, char **argv);
int dabiao_cli_measurements (int argc, char **argv);
int dabiao_cli_results (int argc, char **argv);
int dabiao_cli_merge (int argc, char **argv);
int dabiao_cli_verify (int argc, char **argv);
/* dabiao-cli-instrument.c */
int dabiao_cli_listen (int argc, char **argv);
int dabiao_cli_profile (int argc, char **argv);
int dabiao_cli_ports (int argc, char **argv);
/* dabiao-cli-server.c */
int dabiao_cli_server (int argc, char **argv);
int dabiao_cli_sync (int argc, char **argv);
/* dabiao-cli-export.c */
int dabiao_cli_export (int argc, char **argv);
/* dabiao-cli-certificates.c */
int dabiao_cli_certificates (int argc, char **argv);

/* dabiao-cli.c: print "dabiao-cli: MESSAGE" to stderr. */
void dabiao_cli_printerr (const char *format,
                          ...) G_GNUC_PRINTF (1, 2);
/* Run the command named by argv[1] from COMMANDS with argv from that name
 * on, and with the program name extended by it ("dabiao-cli event new"), so
 * its --help shows the whole command line.  "--help" prints the list
 * (exit 0); a missing or unknown name prints it to stderr (exit 2).  Every
 * command with subcommands dispatches through this: `--help`, the manual
 * pages and the shell completion (generated from --help at build time, see
 * doc/) then see each subcommand and its options. */
int dabiao_cli_run_subcommand (const DabiaoCliCommandEntry *commands,
                               gsize                        n_commands,
                               int                          argc,
                               char                       **argv);
/* The 编号 to use for @id: @id, or the one it was merged into (a second
 * desk's registration of the same person), said on stderr; NULL with the
 * message printed when the file cannot be read. */
char *dabiao_cli_resolve_participant (DabiaoEvent *event,
                                      const char  *id);
/* A context for a command's options, its --help translated
 * (GETTEXT_PACKAGE); @parameters as for g_option_context_new(). */
GOptionContext *dabiao_cli_context_new (const char *parameters);
/* Parse options with a GOptionContext; on failure print the error and the
 * usage and return FALSE. */
gboolean dabiao_cli_parse (GOptionContext *context,
                           int            *argc,
                           char         ***argv);

G_END_DECLS
