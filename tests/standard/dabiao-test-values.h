/* dabiao-test-values.h: the table of written values (tests/data/value-forms.tsv)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One row: the same text is fed to the core reader, `dabiao-cli record`
 * and the app's manual entry, which must all read it alike. */
typedef struct
{
  char *item;       /* item code (student-2014) */
  char *text;       /* as typed */
  char *verdict;    /* "valid", "implausible" or "invalid" */
  char *value;      /* the value in the item's unit ("" when invalid) */
  char *expect;     /* understood text (valid) or part of the reason */
  guint line;
} DabiaoTestValue;

/* All rows of $G_TEST_SRCDIR/data/value-forms.tsv (a GPtrArray of
 * DabiaoTestValue, freed with the array). */
GPtrArray *dabiao_test_values_load (void);

G_END_DECLS
