/* dabiao-pages.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* O_TMPFILE, linkat */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-output-private.h"
#include "dabiao-pages.h"

struct _DabiaoPages
{
  gatomicrefcount      ref_count;
  guint                n_pages;
  DabiaoPaper          paper;
  DabiaoPagesDrawFunc  draw;
  gpointer             data;
  GDestroyNotify       destroy;
};

static const struct
{
  const char *name;
  double      width_mm;
  double      height_mm;
} papers[] = {
  [DABIAO_PAPER_A4_PORTRAIT] = { "a4", 210, 297 },
  [DABIAO_PAPER_A4_LANDSCAPE] = { "a4-landscape", 297, 210 },
  [DABIAO_PAPER_A5_PORTRAIT] = { "a5", 148, 210 },
  [DABIAO_PAPER_A5_LANDSCAPE] = { "a5-landscape", 210, 148 },
};

void
dabiao_paper_get_size (DabiaoPaper  paper,
                       double      *width,
                       double      *height)
{
  g_return_if_fail (paper <= DABIAO_PAPER_A5_LANDSCAPE);

  *width = DABIAO_MM_TO_PT (papers[paper].width_mm);
  *height = DABIAO_MM_TO_PT (papers[paper].height_mm);
}

const char *
dabiao_paper_to_string (DabiaoPaper paper)
{
  g_return_val_if_fail (paper <= DABIAO_PAPER_A5_LANDSCAPE, NULL);

  return papers[paper].name;
}

gboolean
dabiao_paper_from_string (const char  *name,
                          DabiaoPaper *paper)
{
  guint i;

  for (i = 0; name != NULL && i < G_N_ELEMENTS (papers); i++)
    if (g_ascii_strcasecmp (name, papers[i].name) == 0)
      {
        *paper = i;
        return TRUE;
      }

  return FALSE;
}

DabiaoPages *
dabiao_pages_new (guint                n_pages,
                  DabiaoPaper          paper,
                  DabiaoPagesDrawFunc  draw,
                  gpointer             data,
                  GDestroyNotify       destroy)
{
  DabiaoPages *pages = g_new0 (DabiaoPages, 1);

  g_atomic_ref_count_init (&pages->ref_count);
  pages->n_pages = n_pages;
  pages->paper = paper;
  pages->draw = draw;
  pages->data = data;
  pages->destroy = destroy;
  return pages;
}

DabiaoPages *
dabiao_pages_ref (DabiaoPages *pages)
{
  g_atomic_ref_count_inc (&pages->ref_count);
  return pages;
}

void
dabiao_pages_unref (DabiaoPages *pages)
{
  if (pages != NULL && g_atomic_ref_count_dec (&pages->ref_count))
    {
      if (pages->destroy != NULL)
        pages->destroy (pages->data);
      g_free (pages);
    }
}

guint
dabiao_pages_get_n_pages (DabiaoPages *pages)
{
  return pages->n_pages;
}

DabiaoPaper
dabiao_pages_get_paper (DabiaoPages *pages)
{
  return pages->paper;
}

void
dabiao_pages_get_size (DabiaoPages *pages,
                       double      *width,
                       double      *height)
{
  dabiao_paper_get_size (pages->paper, width, height);
}

void
dabiao_pages_draw (DabiaoPages *pages,
                   cairo_t     *cr,
                   guint        page)
{
  g_return_if_fail (page < pages->n_pages);

  cairo_save (cr);
  pages->draw (pages->data, cr, page);
  cairo_restore (cr);
}

gboolean
dabiao_pages_write_pdf (DabiaoPages   *pages,
                        const char    *path,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return dabiao_pages_write_pdf_full (pages, path, NULL, NULL, cancellable, error);
}

/* Where the PDF is written until it is complete: an unnamed file
 * (O_TMPFILE) in the target's folder, which the kernel removes if the
 * program dies, given its name only when complete; where the file system
 * has no unnamed files, a hidden .NAME.XXXX.part beside the target. */
typedef struct
{
  int          fd;        /* the unnamed file, or -1 */
  char        *tmp_path;  /* the named fallback, or NULL */
  GError      *error;     /* the first write error */
} PdfTarget;

static cairo_status_t
write_to_fd (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  PdfTarget *target = closure;

  while (length > 0)
    {
      gssize n = write (target->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (target->error == NULL)
            target->error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errno), g_strerror (errno));
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= n;
    }
  return CAIRO_STATUS_SUCCESS;
}

/* Gives the unnamed file @path's name: linked under a temporary name, then
 * renamed over the target (linkat cannot replace a file). */
static gboolean
name_unnamed_file (PdfTarget   *target,
                   const char  *path,
                   GError     **error)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", target->fd);
  g_autofree char *tmp = dabiao_output_temp_path (path);

  if (fsync (target->fd) != 0 || linkat (AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) != 0)
    {
      int saved = errno;
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                   _("Cannot write “%s”: %s (is the disk full or the folder read-only?)"), base, g_strerror (saved));
      return FALSE;
    }
  return dabiao_output_commit (tmp, path, error);
}

gboolean
dabiao_pages_write_pdf_full (DabiaoPages            *pages,
                             const char             *path,
                             DabiaoPagesProgressFunc progress,
                             gpointer                user_data,
                             GCancellable           *cancellable,
                             GError                **error)
{
  g_autofree char *dir = NULL;
  PdfTarget target = { -1, NULL, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;
  gboolean ok = FALSE;
  guint i;

  if (pages->n_pages == 0)
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” was not written: there is nothing to print"), base);
      return FALSE;
    }
  if (!dabiao_output_check_target (path, error))
    return FALSE;

  dir = g_path_get_dirname (path);
  dabiao_pages_get_size (pages, &width, &height);
  target.fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (target.fd >= 0)
    surface = cairo_pdf_surface_create_for_stream (write_to_fd, &target, width, height);
  else
    {
      target.tmp_path = dabiao_output_temp_path (path);
      surface = cairo_pdf_surface_create (target.tmp_path, width, height);
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Dabiao " PACKAGE_VERSION);
  cr = cairo_create (surface);

  for (i = 0; i < pages->n_pages; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      dabiao_pages_draw (pages, cr, i);
      cairo_show_page (cr);
      if (progress != NULL)
        progress (i + 1, pages->n_pages, user_data);
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (i < pages->n_pages)
    ;  /* cancelled: @error is set */
  else if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                   _("Cannot write “%s”: %s (is the disk full or the folder read-only?)"),
                   base, target.error != NULL ? target.error->message : cairo_status_to_string (status));
    }
  else if (target.fd >= 0)
    ok = name_unnamed_file (&target, path, error);
  else
    {
      ok = dabiao_output_commit (target.tmp_path, path, error);
      g_clear_pointer (&target.tmp_path, g_free);
    }

  if (target.fd >= 0)
    close (target.fd);
  if (target.tmp_path != NULL)
    {
      g_unlink (target.tmp_path);
      g_free (target.tmp_path);
    }
  g_clear_error (&target.error);
  return ok;
}

typedef struct
{
  DabiaoPages *pages;
  char        *path;
} WritePdfData;

static void
write_pdf_data_free (gpointer data)
{
  WritePdfData *wd = data;

  dabiao_pages_unref (wd->pages);
  g_free (wd->path);
  g_free (wd);
}

static void
write_pdf_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  WritePdfData *wd = task_data;
  GError *error = NULL;

  if (dabiao_pages_write_pdf (wd->pages, wd->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dabiao_pages_write_pdf_async (DabiaoPages         *pages,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WritePdfData *wd = g_new0 (WritePdfData, 1);

  wd->pages = dabiao_pages_ref (pages);
  wd->path = g_strdup (path);
  g_task_set_source_tag (task, dabiao_pages_write_pdf_async);
  g_task_set_task_data (task, wd, write_pdf_data_free);
  g_task_run_in_thread (task, write_pdf_worker);
}

gboolean
dabiao_pages_write_pdf_finish (DabiaoPages   *pages,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
