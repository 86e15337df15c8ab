/* dabiao-table-xlsx.c: the XLSX reader (in progress)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-table-private.h"

gpointer
dabiao_xlsx_backend_open (const char                *path,
                          const char                *name,
                          const char                *sheet,
                          const DabiaoTableBackend **backend,
                          GError                   **error)
{
  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_FAILED,
               _("%s: reading .xlsx files is not available yet"), name);
  return NULL;
}
