/* dabiao-cli-score.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-cli-commands.h"
#include "dabiao-score-file.h"
#include "dabiao-standard.h"

/* dabiao-cli score --standard ID INPUT [-o OUTPUT] [--sheet NAME]
 *
 * Exit status: 0 when the output was written (rows with bad cells carry a
 * 备注), 1 when the input could not be read or no row could be scored (no
 * output file is left behind), 2 on a usage error. */
int
dabiao_cli_score (int argc, char **argv)
{
  g_autofree char *standard_id = NULL;
  g_autofree char *output = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *test_date = NULL;
  gboolean quiet = FALSE;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "standard", 's', 0, G_OPTION_ARG_STRING, &standard_id, N_("The scoring standard (see “standards list”)"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to this .csv or .xlsx file (default: CSV on standard output)"), N_("FILE") },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &sheet, N_("The worksheet to read (default: the first)"), N_("NAME") },
    { "test-date", 0, 0, G_OPTION_ARG_STRING, &test_date, N_("The test date, for ages counted from 出生日期 (a 测试日期 column wins)"), N_("YYYY-MM-DD") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Do not print the summary"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Score values outside an item's plausible range too (otherwise they get a 备注 and no total)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("INPUT(.csv|.xlsx|.xls)"));
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoStandard) std = NULL;
  DabiaoScoreFileStats stats = { 0, };

  g_option_context_set_summary (context, _("Score a results sheet in the national upload layout."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;

  if (standard_id == NULL || argc != 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      dabiao_cli_printerr ("%s", standard_id == NULL ? _("--standard is required")
                                                     : _("exactly one INPUT file is expected"));
      g_printerr ("%s", help);
      return 2;
    }

  std = dabiao_standard_load (standard_id, &error);
  if (std == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }

  if (!dabiao_score_file_with_flags (std, argv[1], sheet, output != NULL ? output : "-", test_date,
                                     force ? DABIAO_SCORE_FILE_ACCEPT_IMPLAUSIBLE : DABIAO_SCORE_FILE_DEFAULT,
                                     &stats, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }

  if (!quiet)
    g_printerr (_("%u rows scored: %u with totals, %u with notes (备注)\n"),
                stats.n_rows, stats.n_complete, stats.n_with_notes);
  return 0;
}
