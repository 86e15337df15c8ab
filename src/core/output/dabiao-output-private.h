/* dabiao-output-private.h: helpers shared by the writers of src/core/output.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <xlsxwriter.h>

G_BEGIN_DECLS

/* A name beside @path for writing before the rename: same folder, hidden. */
char     *dabiao_output_temp_path      (const char  *path);
/* Renames @tmp_path to @path; on failure removes @tmp_path. */
gboolean  dabiao_output_commit         (const char  *tmp_path,
                                        const char  *path,
                                        GError     **error);
/* Closes @workbook (written to @tmp_path) and renames it to @path.  On any
 * failure nothing is left at @tmp_path and @path is untouched. */
gboolean  dabiao_output_close_workbook (lxw_workbook *workbook,
                                        const char   *tmp_path,
                                        const char   *path,
                                        GError      **error);
/* Fails early, with a clear message, when @path's folder is missing or not
 * writable. */
gboolean  dabiao_output_check_target   (const char  *path,
                                        GError     **error);

G_END_DECLS
