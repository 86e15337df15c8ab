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
#include "dabiao-print.h"
#include "dabiao-results-page.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"

static gboolean
session_open (gpointer data)
{
  return dabiao_window_get_session (data) != NULL;
}

typedef struct
{
  gboolean      done;
  DabiaoPages  *pages;
  guint         n_items;
  GError       *error;
} Built;

static void
built_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Built *b = user_data;

  b->pages = dabiao_print_build_finish (result, &b->n_items, &b->error);
  b->done = TRUE;
}

static gboolean
built_done (gpointer data)
{
  return ((Built *) data)->done;
}

static gboolean
exported (gpointer data)
{
  return dabiao_window_get_last_export (data, NULL, NULL) != NULL;
}

static gboolean
class_rows_shown (gpointer data)
{
  return dabiao_results_page_get_n_class_rows (data) > 0;
}

static void
build (DabiaoEvent     *event,
       DabiaoPrintKind  kind,
       const char      *level,
       Built           *b)
{
  memset (b, 0, sizeof *b);
  dabiao_print_build_async (event, kind, level, NULL, built_cb, b);
  g_assert_true (dabiao_test_wait_until (built_done, b, 20000));
}

static void
test_print_kinds (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-print-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "打印.dabiao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  DabiaoWindow *window;
  DabiaoEvent *event;
  GtkWindow *dialog;
  Built b;
  guint n_items = 0, n_pages = 0;

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

  window = g_object_new (DABIAO_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  dabiao_window_open_file (window, file);
  g_assert_true (dabiao_test_wait_until (session_open, window, 10000));
  event = dabiao_session_get_event (dabiao_window_get_session (window));

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

  /* Badges: one per participant, 2 × 5 per A4 sheet → 12 on 2 pages. */
  build (event, DABIAO_PRINT_BADGES, NULL, &b);
  g_assert_no_error (b.error);
  g_assert_nonnull (b.pages);
  g_assert_cmpuint (b.n_items, ==, 12);
  g_assert_cmpuint (dabiao_pages_get_n_pages (b.pages), ==, 2);
  g_clear_pointer (&b.pages, dabiao_pages_unref);

  /* Record cards: one per student. */
  build (event, DABIAO_PRINT_RECORD_CARDS, NULL, &b);
  g_assert_no_error (b.error);
  g_assert_nonnull (b.pages);
  g_assert_cmpuint (b.n_items, ==, 12);
  g_clear_pointer (&b.pages, dabiao_pages_unref);

  /* Certificates: nobody has results yet, so nobody reached the level; the
   * message names it. */
  build (event, DABIAO_PRINT_CERTIFICATES, "良好", &b);
  g_assert_null (b.pages);
  g_assert_error (b.error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (b.error->message, "良好"));
  g_clear_error (&b.error);

  /* Through the window, as the dialog's buttons do ("none": build only). */
  dabiao_window_export (window, DABIAO_PRINT_BADGES, NULL, "none");
  g_assert_true (dabiao_test_wait_until (exported, window, 20000));
  g_assert_cmpstr (dabiao_window_get_last_export (window, &n_items, &n_pages), ==, "胸牌");
  g_assert_cmpuint (n_items, ==, 12);
  g_assert_cmpuint (n_pages, ==, 2);

  /* Ctrl+P: the dialog offers what to print; the level only for certificates. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = dabiao_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  {
    GtkDropDown *what = g_object_get_data (G_OBJECT (dialog), "dabiao-what");
    GtkWidget *level = g_object_get_data (G_OBJECT (dialog), "dabiao-level");

    g_assert_nonnull (what);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (what)), ==, 3);
    g_assert_false (gtk_widget_get_visible (level));
    gtk_drop_down_set_selected (what, DABIAO_PRINT_CERTIFICATES);
    g_assert_true (gtk_widget_get_visible (level));
    /* The levels offered are the standard's grades above the lowest, 及格 by default. */
    {
      GListModel *levels = gtk_drop_down_get_model (GTK_DROP_DOWN (level));
      const char *expected[] = { "优秀", "良好", "及格" };

      g_assert_cmpuint (g_list_model_get_n_items (levels), ==, G_N_ELEMENTS (expected));
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (levels), i), ==, expected[i]);
      g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (level)), ==, 2);
    }
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "证书"));
    dabiao_test_wait (200);
    dabiao_test_screenshot (GTK_WIDGET (dialog), "print-export-dialog");
  }
  gtk_window_destroy (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);
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
