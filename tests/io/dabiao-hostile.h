/* dabiao-hostile.h: the hostile corpus (tests/io/make-hostile.py) and a
 * child process reading one file of it, shared by tests/io/test-hostile.c
 * and bench/bench-hostile.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;     /* file name in the corpus folder */
  char *expect;   /* "read", "refuse:TEXT" or "any" */
  char *what;     /* what it is, for the report */
} DabiaoHostileFile;

/* Run make-hostile.py (with $DABIAO_PYTHON) into @dir; @full for the
 * attacker-sized files.  Returns the manifest (DabiaoHostileFile), or NULL
 * with @error set. */
GPtrArray *dabiao_hostile_generate (const char  *dir,
                                    gboolean     full,
                                    GError     **error);

typedef struct
{
  gboolean  read;         /* read to the end without an error */
  guint     rows;         /* data rows read */
  int       error_code;   /* DABIAO_ERROR code when refused */
  char     *message;      /* the error message when refused */
  gboolean  crashed;      /* the child died (signal or odd exit) */
  glong     max_rss_kb;   /* peak RSS of the reading process (and of its
                           * children, e.g. the .xls child, if larger) */
  double    seconds;      /* wall time */
} DabiaoHostileResult;

/* Open @path with dabiao_table_reader_open() in a forked child and read
 * every row; the outcome and the child's peak RSS and time. */
void       dabiao_hostile_read     (const char          *path,
                                    DabiaoHostileResult *result);
void       dabiao_hostile_result_clear (DabiaoHostileResult *result);

/* Does @result meet @expect?  (No bound on memory or time.) */
gboolean   dabiao_hostile_as_expected (const DabiaoHostileFile   *file,
                                       const DabiaoHostileResult *result);

G_END_DECLS
