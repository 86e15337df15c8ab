/* dabiao-standard-file.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Standards as an organiser holds them: one workbook (.xlsx) with a sheet per
 * file of the standard format (data/standards/README.md, "Organiser
 * workbooks"): `standard` (key, value), `sources` (id, text), `items`,
 * `groups`, `thresholds`, `bands`, `weights`, `bonus`, `grades` — the same
 * columns as the CSV files, long format, one row per cut point.  A folder of
 * the CSV files and standard.ini is accepted wherever a workbook is. */

/* Writes the standard @id (shipped or user-installed) as a workbook, exactly
 * as its files hold it.  Written under a temporary name beside @path and
 * renamed into place: a failure leaves no file behind. */
gboolean    dabiao_standard_export            (const char          *id,
                                               const char          *path,
                                               GError             **error);
void        dabiao_standard_export_async      (const char          *id,
                                               const char          *path,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    dabiao_standard_export_finish     (GAsyncResult        *result,
                                               GError             **error);

/* Validates a workbook or folder: every problem, one message each, naming
 * the file, sheet, row (header = row 1) and column.  Empty = valid.  NULL
 * with @error set when @path cannot be read at all. */
GPtrArray  *dabiao_standard_check_file        (const char          *path,
                                               GError             **error);

/* Validates the workbook or folder @path and installs it into
 * dabiao_standard_get_user_dir() under @new_id (NULL: the id in the file),
 * marked supplied-by-user, with the file it came from recorded as the source
 * "imported".  Refuses an id already installed or shipped unless @replace
 * (a user standard then takes precedence over the shipped one).  On a
 * validation failure, @problems (if not NULL) receives every problem and
 * the error is DABIAO_ERROR_STANDARD.  Returns the installed id. */
char       *dabiao_standard_import            (const char          *path,
                                               const char          *new_id,
                                               gboolean             replace,
                                               GPtrArray          **problems,
                                               GError             **error);
void        dabiao_standard_import_async      (const char          *path,
                                               const char          *new_id,
                                               gboolean             replace,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char       *dabiao_standard_import_finish     (GAsyncResult        *result,
                                               GError             **error);

/* Removes a user-installed standard.  Shipped standards cannot be removed
 * (DABIAO_ERROR_NOT_FOUND names why). */
gboolean    dabiao_standard_remove            (const char          *id,
                                               GError             **error);

G_END_DECLS
