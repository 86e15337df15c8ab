/* dabiao-export-dialog.h: 导出 — every export of the open event.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-export.h"

G_BEGIN_DECLS

/* One dialog for the upload file, summary, results, certificates, badges
 * and record cards, with the options of `dabiao-cli export`; it builds a
 * DabiaoExportRequest and runs dabiao_export_run_async() (the function the
 * CLI runs) on the event's worker with a progress bar and 取消, or prints
 * the pages.  ::exported is emitted with the file written (NULL when
 * printed) and a sentence for a toast; the dialog then closes.  A failed
 * upload file shows every problem in a list that can be copied. */

#define DABIAO_TYPE_EXPORT_DIALOG (dabiao_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoExportDialog, dabiao_export_dialog, DABIAO, EXPORT_DIALOG, AdwWindow)

/* @levels: certificate levels offered, best first (the standard's levels
 * above the lowest). */
DabiaoExportDialog *dabiao_export_dialog_new      (GtkWindow           *parent,
                                                   DabiaoEvent         *event,
                                                   const char * const  *levels);
void                dabiao_export_dialog_set_kind (DabiaoExportDialog  *self,
                                                   DabiaoExportKind     kind);
DabiaoExportKind    dabiao_export_dialog_get_kind (DabiaoExportDialog  *self);
/* The request the dialog's fields describe (@output as given). */
DabiaoExportRequest *dabiao_export_dialog_build_request (DabiaoExportDialog *self,
                                                         const char         *output);
/* Whether an export or a print is running. */
gboolean            dabiao_export_dialog_get_busy (DabiaoExportDialog  *self);

G_END_DECLS
