/* dabiao-print.h: printing certificates, badges and record cards.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dabiao-event.h"
#include "dabiao-export.h"
#include "dabiao-pages.h"

G_BEGIN_DECLS

/* Everything here draws through dabiao_pages_draw(), the same code as the
 * PDF export of the CLI; the pages come from dabiao_export_pages_new_async()
 * (built on the event's worker, owning everything they draw). */

/* A print operation for @pages: its paper and orientation, units in points,
 * the full page, one draw-page per page.  The calls below run it; tests run
 * it with GTK_PRINT_OPERATION_ACTION_EXPORT. */
GtkPrintOperation *dabiao_print_operation_new (DabiaoPages *pages,
                                               const char  *job_name);

/* Prints the pages of an export (certificates, badges, cards) through the
 * system print dialog (@action GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG) or
 * straight to the preview; tests use _EXPORT with @export_path.  Takes
 * @pages.  Certificates are recorded in the event only when the print job
 * was sent (GTK_PRINT_OPERATION_RESULT_APPLY); a cancelled or failed job
 * spends nothing.  @done (nullable) gets whether it was printed; a failure
 * is shown in a dialog on @parent. */
typedef void (*DabiaoPrintDoneFunc) (gboolean  printed,
                                     gpointer  user_data);

void               dabiao_print_export_pages  (GtkWindow               *parent,
                                               DabiaoExportPages       *pages,
                                               const char              *job_name,
                                               GtkPrintOperationAction  action,
                                               const char              *export_path,
                                               DabiaoPrintDoneFunc      done,
                                               gpointer                 user_data);

/* Prints @pages on the default printer without a dialog (a desk prints one
 * badge after the other).  @done gets GTK_PRINT_OPERATION_RESULT_APPLY
 * (sent), _CANCEL (no printer was found: nothing printed — without a
 * dialog nobody can cancel) or _ERROR with @error; no dialog is shown. */
typedef void (*DabiaoPrintResultFunc) (GtkPrintOperationResult  result,
                                       const GError            *error,
                                       gpointer                 user_data);

/* Without CUPS running, GTK's CUPS backend looks for the default printer
 * for ever: the job neither ends nor fails.  @no_answer (nullable) is
 * called once when nothing came after DABIAO_PRINTER_PATIENCE_S seconds
 * (say 没有可用的打印机 and offer a PDF); the job is still waited for and
 * @done still comes if it ever ends. */
#define DABIAO_PRINTER_PATIENCE_S 8
typedef void (*DabiaoPrintNoAnswerFunc) (gpointer user_data);

void               dabiao_print_pages_to_default (GtkWindow               *parent,
                                                  DabiaoPages             *pages,
                                                  const char              *job_name,
                                                  DabiaoPrintResultFunc    done,
                                                  DabiaoPrintNoAnswerFunc  no_answer,
                                                  gpointer                 user_data);
/* The same for the pages of an export (a certificate at the exit desk):
 * recorded in the event only once the job was sent; @done gets _APPLY
 * after that, _CANCEL when no printer was found, _ERROR otherwise. */
void               dabiao_print_export_pages_to_default (GtkWindow               *parent,
                                                         DabiaoExportPages       *pages,
                                                         const char              *job_name,
                                                         DabiaoPrintResultFunc    done,
                                                         DabiaoPrintNoAnswerFunc  no_answer,
                                                         gpointer                 user_data);

G_END_DECLS
