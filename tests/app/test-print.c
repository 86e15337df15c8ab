/* test-print.c: Print/Export builds record cards, certificates and badges
 * from the open event in a worker thread.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-export-dialog.h"
#include "dabiao-results-page.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"

static gboolean
exported (gpointer data)
{
  return dabiao_window_get_last_export (data, NULL) != NULL;
}

static gboolean
class_rows_shown (gpointer data)
{
  return dabiao_results_page_get_n_class_rows (data) > 0;
}

static void
test_print_kinds (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-print-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "打印.dabiao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DabiaoWindow *window;
  g_autofree char *pdf = g_build_filename (dir, "胸牌.pdf", NULL);
  GtkWindow *dialog;

  {
    DabiaoEventInfo info = { .name = "打印测试", .standard = "student-2014", .date = "2026-11-29",
                             .organizer = "第一中学" };
    DabiaoParticipantInfo people[12];
    char ids[12][8];

    for (guint i = 0; i < G_N_ELEMENTS (people); i++)
      {
        g_snprintf (ids[i], sizeof ids[i], "P%03u", i + 1);
        people[i] = (DabiaoParticipantInfo) { .id = ids[i], .name = "张三", .sex = 1 + i % 2,
                                              .grade = 21, .class_code = "2101" };
      }
    {
      g_autoptr(DabiaoEvent) created = dabiao_event_create (path, &info, &error);

      g_assert_no_error (error);
      g_assert_true (dabiao_event_add_participants (created, people, G_N_ELEMENTS (people), NULL, NULL, &error));
      g_assert_no_error (error);
      dabiao_event_close (created);
    }
  }

  window = dabiao_test_open_window (file, 0, 0);

  /* Results page: one class, 12 participants, none complete yet. */
  {
    DabiaoResultsPage *results = DABIAO_RESULTS_PAGE (dabiao_window_get_page_widget (window, "results"));
    g_autofree char *row = NULL;

    dabiao_window_show_page (window, "results");
    g_assert_true (dabiao_test_wait_until (class_rows_shown, results, 10000));
    row = dabiao_results_page_dup_class_row (results, 0);
    g_assert_cmpstr (row, ==, "2101 — 完成 0 人 · 缺 12 人");
    g_assert_null (dabiao_results_page_dup_class_row (results, 1));
  }

  /* Ctrl+P: the export dialog offers every export; options follow the
   * choice; the certificate levels are the standard's levels above the
   * lowest, 及格 by default. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = dabiao_test_find_toplevel (DABIAO_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  {
    AdwComboRow *kind = ADW_COMBO_ROW (dabiao_test_get_widget (GTK_WIDGET (dialog), "kind"));
    AdwComboRow *level = ADW_COMBO_ROW (dabiao_test_get_widget (GTK_WIDGET (dialog), "certificate-level"));
    const char *expected[] = { "优秀", "良好", "及格" };
    GListModel *levels = adw_combo_row_get_model (level);

    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (kind)), ==, 6);
    g_assert_false (gtk_widget_get_visible (dabiao_test_get_widget (GTK_WIDGET (dialog), "print")));
    adw_combo_row_set_selected (kind, DABIAO_EXPORT_CERTIFICATES);
    g_assert_true (gtk_widget_is_visible (GTK_WIDGET (level)));
    g_assert_true (gtk_widget_get_visible (dabiao_test_get_widget (GTK_WIDGET (dialog), "print")));
    g_assert_cmpuint (g_list_model_get_n_items (levels), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (levels), i), ==, expected[i]);
    g_assert_cmpuint (adw_combo_row_get_selected (level), ==, 2);
    dabiao_test_wait (200);
    dabiao_test_screenshot (GTK_WIDGET (dialog), "export-dialog-certificates");

    /* Badges, saved as a PDF: 12 on 2 A4 sheets; the toast says so. */
    adw_combo_row_set_selected (kind, DABIAO_EXPORT_BADGES);
    dabiao_test_click (GTK_WIDGET (dialog), "save");
    dabiao_test_answer_file_chooser (pdf);
    g_assert_true (dabiao_test_wait_until (exported, window, 20000));
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
    {
      const char *written = NULL;
      const char *message = dabiao_window_get_last_export (window, &written);

      g_assert_cmpstr (written, ==, pdf);
      g_assert_nonnull (strstr (message, "12"));
    }
    g_assert_null (dabiao_test_find_toplevel (DABIAO_TYPE_EXPORT_DIALOG));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);
  g_unlink (pdf);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  dabiao_test_init (&argc, &argv);
  g_test_add_func ("/dabiao/app/Print/kinds", test_print_kinds);
  return g_test_run ();
}
