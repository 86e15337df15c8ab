/* dabiao-print.h: printing certificates, badges and record cards.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dabiao-event.h"
#include "dabiao-file-chooser.h"
#include "dabiao-pages.h"

G_BEGIN_DECLS

/* Everything here draws through dabiao_pages_draw(), the same code as the
 * PDF export of the CLI.  Build the pages with dabiao_certificates_pages_new(),
 * dabiao_badges_pages_new() or dabiao_record_cards_pages_new() (load the
 * persons with dabiao_results_load_event_async() first: it reads the event
 * in a worker thread). */

/* A print operation for @pages: its paper and orientation, units in points,
 * the full page, one draw-page per page.  The calls below run it; tests run
 * it with GTK_PRINT_OPERATION_ACTION_EXPORT. */
GtkPrintOperation *dabiao_print_operation_new (DabiaoPages *pages,
                                               const char  *job_name);

/* The system print dialog (printer choice, with its Preview button).
 * Returns at once; a failure is shown in a dialog on @parent. */
void               dabiao_print_pages         (GtkWindow   *parent,
                                               DabiaoPages *pages,
                                               const char  *job_name);
/* Straight to the print preview. */
void               dabiao_print_preview       (GtkWindow   *parent,
                                               DabiaoPages *pages,
                                               const char  *job_name);
/* The alternative to printing: asks where to save, writes the PDF in a
 * worker thread, shows a failure in a dialog on @parent.  @done (nullable)
 * gets the file written, or NULL when cancelled or failed. */
void               dabiao_print_export_pdf    (GtkWindow            *parent,
                                               DabiaoPages          *pages,
                                               const char           *suggested_name,
                                               DabiaoFileChosenFunc  done,
                                               gpointer              user_data);

typedef enum
{
  DABIAO_PRINT_RECORD_CARDS,
  DABIAO_PRINT_CERTIFICATES,
  DABIAO_PRINT_BADGES,
} DabiaoPrintKind;

/* Builds the pages of @kind for @event in a worker thread: loads the
 * persons (dabiao_results_load_event), and for certificates issues them
 * (numbers recorded in the event's certificate book, reprints keep their
 * number) to everyone at or above @min_level (优秀, 良好, 及格; NULL: the
 * template's 及格), with the default template named after the event's test
 * and organiser.  Fails with DABIAO_ERROR_NOT_FOUND, naming the level, when
 * nobody has anything to print. */
void         dabiao_print_build_async  (DabiaoEvent          *event,
                                        DabiaoPrintKind       kind,
                                        const char           *min_level,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
/* @n_items: certificates, badges or cards on the pages. */
DabiaoPages *dabiao_print_build_finish (GAsyncResult         *result,
                                        guint                *n_items,
                                        GError              **error);

G_END_DECLS
