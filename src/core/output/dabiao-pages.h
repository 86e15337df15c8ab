/* dabiao-pages.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* A printable document: a number of pages of one size, each drawn onto a
 * cairo_t whose user space is in points (1/72 in), origin at the top left of
 * the paper.  The same object serves the PDF export (dabiao_pages_write_pdf)
 * and GtkPrintOperation (src/app/dabiao-print.c).  Certificates, badges and
 * record cards are DabiaoPages; see their headers. */

typedef struct _DabiaoPages DabiaoPages;

typedef void (*DabiaoPagesDrawFunc) (gpointer  data,
                                     cairo_t  *cr,
                                     guint     page);

#define DABIAO_MM_TO_PT(mm) ((mm) * 72.0 / 25.4)

typedef enum
{
  DABIAO_PAPER_A4_PORTRAIT,
  DABIAO_PAPER_A4_LANDSCAPE,
  DABIAO_PAPER_A5_PORTRAIT,
  DABIAO_PAPER_A5_LANDSCAPE,
} DabiaoPaper;

/* Paper size in points; names "a4", "a4-landscape", "a5", "a5-landscape". */
void         dabiao_paper_get_size       (DabiaoPaper  paper,
                                          double      *width,
                                          double      *height);
const char  *dabiao_paper_to_string      (DabiaoPaper  paper);
gboolean     dabiao_paper_from_string    (const char  *name,
                                          DabiaoPaper *paper);

/* @draw is called from whatever thread renders (the PDF export runs in a
 * worker); @data must not change meanwhile.  @destroy frees @data. */
DabiaoPages *dabiao_pages_new            (guint                n_pages,
                                          DabiaoPaper          paper,
                                          DabiaoPagesDrawFunc  draw,
                                          gpointer             data,
                                          GDestroyNotify       destroy);
DabiaoPages *dabiao_pages_ref            (DabiaoPages *pages);
void         dabiao_pages_unref          (DabiaoPages *pages);

guint        dabiao_pages_get_n_pages    (DabiaoPages *pages);
DabiaoPaper  dabiao_pages_get_paper      (DabiaoPages *pages);
void         dabiao_pages_get_size       (DabiaoPages *pages,
                                          double      *width,
                                          double      *height);
/* Draws page @page (0-based) onto @cr, saving and restoring its state. */
void         dabiao_pages_draw           (DabiaoPages *pages,
                                          cairo_t     *cr,
                                          guint        page);

/* All pages into one PDF, fonts embedded; complete or not at all. */
gboolean     dabiao_pages_write_pdf      (DabiaoPages   *pages,
                                          const char    *path,
                                          GCancellable  *cancellable,
                                          GError       **error);
/* The same, calling @progress (on the writing thread) after each page. */
typedef void (*DabiaoPagesProgressFunc) (guint    done,
                                         guint    total,
                                         gpointer user_data);
gboolean     dabiao_pages_write_pdf_full (DabiaoPages            *pages,
                                          const char             *path,
                                          DabiaoPagesProgressFunc progress,
                                          gpointer                user_data,
                                          GCancellable           *cancellable,
                                          GError                **error);
void         dabiao_pages_write_pdf_async  (DabiaoPages         *pages,
                                            const char          *path,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     dabiao_pages_write_pdf_finish (DabiaoPages   *pages,
                                            GAsyncResult  *result,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoPages, dabiao_pages_unref)

G_END_DECLS
