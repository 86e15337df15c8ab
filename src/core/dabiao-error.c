/* dabiao-error.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-error.h"

G_DEFINE_QUARK (dabiao-error-quark, dabiao_error)

void
dabiao_problem_add (GPtrArray  *problems,
                    const char *file,
                    guint       row,
                    const char *column,
                    const char *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  dabiao_problem_add_valist (problems, file, row, column, format, args);
  va_end (args);
}

void
dabiao_problem_add_valist (GPtrArray  *problems,
                           const char *file,
                           guint       row,
                           const char *column,
                           const char *format,
                           va_list     args)
{
  g_autofree char *what = g_strdup_vprintf (format, args);

  if (row > 0 && column != NULL)
    /* Translators: file, row number, column header, then what is wrong */
    g_ptr_array_add (problems, g_strdup_printf (_("%s row %u, column %s: %s"), file, row, column, what));
  else if (row > 0)
    g_ptr_array_add (problems, g_strdup_printf (_("%s row %u: %s"), file, row, what));
  else
    g_ptr_array_add (problems, g_strdup_printf ("%s: %s", file, what));
}
