/* test-print-gtk.c: the app's print helper draws the same pages through
 * GtkPrintOperation (exported to PDF without a dialog).
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "dabiao-badge.h"
#include "dabiao-certificate.h"
#include "dabiao-event-certificates.h"
#include "dabiao-print.h"
#include "output-testdata.h"

static char *
run_tool (const char * const *argv)
{
  g_autofree char *program = g_find_program_in_path (argv[0]);
  char *out = NULL;

  if (program == NULL)
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL, NULL);
  return out;
}

static void
export_and_check (DabiaoPages *pages,
                  const char  *path,
                  const char  *expected_text,
                  const char  *expected_size)
{
  g_autoptr(GtkPrintOperation) op = dabiao_print_operation_new (pages, "test");
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  const char *text_argv[] = { "pdftotext", "-layout", path, "-", NULL };
  const char *info_argv[] = { "pdfinfo", path, NULL };
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  const char *pages_line;

  gtk_print_operation_set_allow_async (op, FALSE);
  gtk_print_operation_set_export_filename (op, path);
  result = gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  text = run_tool (text_argv);
  info = run_tool (info_argv);
  if (text == NULL || info == NULL)
    {
      g_test_skip ("poppler-utils are not installed");
      return;
    }
  g_assert_nonnull (strstr (text, expected_text));
  g_test_message ("%s", info);
  g_assert_nonnull (strstr (info, expected_size));
  pages_line = strstr (info, "Pages:");
  g_assert_nonnull (pages_line);
  g_assert_cmpint (atoi (pages_line + strlen ("Pages:")), ==, dabiao_pages_get_n_pages (pages));
}

static void
test_print_badges (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_persons (25, 1, 9);
  g_autofree char *dir = g_dir_make_tmp ("dabiao-test-print-gtk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "badges.pdf", NULL);
  g_autoptr(DabiaoPages) pages = NULL;
  DabiaoBadgeLayout layout;

  dabiao_badge_layout_init_default (&layout);
  pages = dabiao_badges_pages_new (&layout, "打印测试", persons);
  g_assert_cmpuint (dabiao_pages_get_n_pages (pages), ==, 3);
  export_and_check (pages, path, ((DabiaoResultsPerson *) g_ptr_array_index (persons, 24))->name,
                    "595.276 x 841.89 pts (A4)");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_print_certificates_landscape (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_persons (3, 1, 4);
  g_autoptr(DabiaoCertificateTemplate) tmpl = dabiao_certificate_template_new_for_standard ("国家学生体质健康标准", TRUE);
  g_autoptr(GPtrArray) prints = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_certificate_print_free);
  g_autoptr(DabiaoPages) pages = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-test-print-gtk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "certs.pdf", NULL);

  for (guint i = 0; i < persons->len; i++)
    {
      g_autoptr(DabiaoCertificateContent) c = dabiao_certificate_content_new_for_person (g_ptr_array_index (persons, i));

      g_free (c->number), c->number = g_strdup_printf ("2026%06u", i + 1);
      g_ptr_array_add (prints, dabiao_certificate_print_new (c, tmpl, 0, NULL));
    }
  pages = dabiao_certificates_pages_new (prints);
  export_and_check (pages, path, "国家学生体质健康标准测试证书", "841.89 x 595.276 pts (A4)");
  g_unlink (path);
  g_rmdir (dir);
}

typedef struct
{
  DabiaoExportPages *pages;
  GError            *error;
  gboolean           done;
  gboolean           printed;
} Printing;

static void
pages_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Printing *p = user_data;

  p->pages = dabiao_export_pages_new_finish (DABIAO_EVENT (source), result, &p->error);
  p->done = TRUE;
}

static void
printed_cb (gboolean printed,
            gpointer user_data)
{
  Printing *p = user_data;

  p->printed = printed;
  p->done = TRUE;
}

static void
wait_done (Printing *p)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!p->done && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (p->done);
  p->done = FALSE;
}

static guint
n_issued (DabiaoEvent *event)
{
  g_autoptr(GPtrArray) list = dabiao_event_list_certificate_records (event, NULL);

  return list->len;
}

/* Printing spends certificate numbers only when the job went through; a
 * failed job spends none. */
static void
test_print_spends_on_success (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-test-print-gtk-XXXXXX", NULL);
  g_autofree char *event_path = g_build_filename (dir, "e.dabiao", NULL);
  g_autofree char *pdf = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no-such-folder", "printed.pdf", NULL);
  g_autoptr(DabiaoExportRequest) request = dabiao_export_request_new (DABIAO_EXPORT_CERTIFICATES, NULL);
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  Printing p = { 0 };

  output_test_make_event (event_path);
  event = dabiao_event_open (event_path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);

  /* A job that fails (its file cannot be written): nothing recorded. */
  dabiao_export_pages_new_async (event, request, NULL, pages_ready_cb, &p);
  wait_done (&p);
  g_assert_no_error (p.error);
  g_assert_cmpuint (dabiao_pages_get_n_pages (dabiao_export_pages_get_pages (p.pages)), ==, 3);
  dabiao_print_export_pages (NULL, g_steal_pointer (&p.pages), "test", GTK_PRINT_OPERATION_ACTION_EXPORT, nowhere,
                             printed_cb, &p);
  wait_done (&p);
  g_assert_false (p.printed);
  g_assert_cmpuint (n_issued (event), ==, 0);

  /* One that goes through: recorded, once. */
  dabiao_export_pages_new_async (event, request, NULL, pages_ready_cb, &p);
  wait_done (&p);
  dabiao_print_export_pages (NULL, g_steal_pointer (&p.pages), "test", GTK_PRINT_OPERATION_ACTION_EXPORT, pdf,
                             printed_cb, &p);
  wait_done (&p);
  g_assert_true (p.printed);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (n_issued (event), ==, 3);
  dabiao_event_close (event);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/dabiao/PrintGtk/badges", test_print_badges);
  g_test_add_func ("/dabiao/PrintGtk/certificates-landscape", test_print_certificates_landscape);
  g_test_add_func ("/dabiao/PrintGtk/spends-on-success", test_print_spends_on_success);

  return g_test_run ();
}
