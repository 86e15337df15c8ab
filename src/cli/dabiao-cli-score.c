/* dabiao-cli-score.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-cli-commands.h"

int
dabiao_cli_score (int argc, char **argv)
{
  /* Scaffolding: replaced by the issue that owns this command. */
  dabiao_cli_printerr (_("“%s” is not available yet"), argv[0]);
  return 2;
}

