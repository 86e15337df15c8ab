/* main.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-application.h"
#include "dabiao-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DabiaoApplication) app = NULL;

  dabiao_i18n_init ();
  app = dabiao_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
