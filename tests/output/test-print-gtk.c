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
  g_autoptr(DabiaoCertificateTemplate) tmpl = dabiao_certificate_template_new_default ();
  g_autoptr(DabiaoCertificateBook) book = dabiao_certificate_book_new ();
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(DabiaoPages) pages = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-test-print-gtk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "certs.pdf", NULL);
  guint i;

  g_free (tmpl->min_level);
  tmpl->min_level = g_strdup ("不及格");
  for (i = 0; i < persons->len; i++)
    ((DabiaoResultsPerson *) g_ptr_array_index (persons, i))->exempt = FALSE;
  certs = dabiao_certificates_issue (tmpl, persons, 2026, "2026年11月29日",
                                     dabiao_certificate_book_issue, book, NULL);
  pages = dabiao_certificates_pages_new (tmpl, certs);
  export_and_check (pages, path, "国家体育锻炼标准达标证书", "841.89 x 595.276 pts (A4)");
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/dabiao/PrintGtk/badges", test_print_badges);
  g_test_add_func ("/dabiao/PrintGtk/certificates-landscape", test_print_certificates_landscape);

  return g_test_run ();
}
