/* dabiao-print.h: printing certificates, badges and record cards.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dabiao-file-chooser.h"
#include "dabiao-pages.h"

G_BEGIN_DECLS

/* Everything here draws through dabiao_pages_draw(), the same code as the
 * PDF export of the CLI.  Build the pages with dabiao_certificates_pages_new(),
 * dabiao_badges_pages_new() or dabiao_record_cards_pages_new() (load the
 * persons with dabiao_output_load_event_async() first: it reads the event
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

G_END_DECLS
