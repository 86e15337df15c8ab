/* dabiao-error.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DABIAO_ERROR (dabiao_error_quark ())

/* Every failure that reaches a person is one of these, with a message that
 * names the file, row, column, port or item and what was expected. */
typedef enum
{
  DABIAO_ERROR_FAILED,        /* anything else */
  DABIAO_ERROR_INVALID_INPUT, /* a value or cell a person typed or a file holds */
  DABIAO_ERROR_BAD_FILE,      /* a file that cannot be read as what it claims to be */
  DABIAO_ERROR_NOT_FOUND,     /* an id, item, standard, participant or profile that is not there */
  DABIAO_ERROR_STANDARD,      /* a standard definition that fails validation */
  DABIAO_ERROR_DB,            /* sqlite */
  DABIAO_ERROR_IN_USE,        /* an event file opened by another program */
  DABIAO_ERROR_VERSION,       /* a file written by a newer Dabiao */
  DABIAO_ERROR_INTEGRITY,     /* a hash chain or integrity check that fails */
  DABIAO_ERROR_SERIAL,        /* libserialport or the fd transport */
  DABIAO_ERROR_PROTOCOL,      /* bytes an instrument sent that a profile cannot parse */
  DABIAO_ERROR_EXPORT,        /* libxlsxwriter, cairo, files being written */
  DABIAO_ERROR_IO,            /* the file system: read-only, full, missing */
  DABIAO_ERROR_GLYPHS,        /* text no installed font can draw (printed outputs) */
  DABIAO_ERROR_IMPLAUSIBLE,   /* a value outside the item's plausible range, not confirmed */
  DABIAO_ERROR_OFFLINE,       /* a server that cannot be reached (network, server down) */
  DABIAO_ERROR_SERVER,        /* a server that refused: rights, its own errors */
  DABIAO_ERROR_PASSWORD,      /* a server that asks for a password, or refuses the one given */
} DabiaoErrorCode;

GQuark dabiao_error_quark (void);

/* Adds to @problems (char *) one problem as a person reads it: "FILE row N,
 * column C: what" (header = row 1; @row 0: the whole file; @column NULL: the
 * whole row), translated. */
void   dabiao_problem_add (GPtrArray  *problems,
                           const char *file,
                           guint       row,
                           const char *column,
                           const char *format,
                           ...) G_GNUC_PRINTF (5, 6);
void   dabiao_problem_add_valist (GPtrArray  *problems,
                                  const char *file,
                                  guint       row,
                                  const char *column,
                                  const char *format,
                                  va_list     args) G_GNUC_PRINTF (5, 0);

G_END_DECLS
