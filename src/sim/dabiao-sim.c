/* dabiao-sim.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-i18n.h"

int
main (int   argc,
      char *argv[])
{
  dabiao_i18n_init ();
  /* Scaffolding: the instrument issue builds the simulator. */
  g_printerr ("%s\n", _("dabiao-sim is not available yet"));
  return 2;
}
