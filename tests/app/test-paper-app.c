/* test-paper-app.c: printed outputs from the app as an organiser makes
 * them: the export dialog (Ctrl+P) on a three-school event with
 * rare-character names; a name no installed font can draw stops the
 * export with a message naming the person and the character, and "Save
 * Anyway" goes on; badges and record cards come out in class order, the
 * 学籍号 masked, cards on the paper chosen.  The PDFs are read back with
 * pdftotext and pdfinfo.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-event-details.h"
#include "dabiao-export-dialog.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"
#include "../output/output-testdata.h"

typedef struct
{
  DabiaoWindow *window;
  const char   *pdf;
} Expected;

/* The window says it wrote @pdf. */
static gboolean
exported (gpointer data)
{
  const Expected *e = data;
  const char *written = NULL;

  return dabiao_window_get_last_export (e->window, &written) != NULL && g_strcmp0 (written, e->pdf) == 0;
}

static gboolean
message_shown (gpointer data)
{
  return dabiao_test_find_message_dialog () != NULL;
}

/* The output of a poppler tool, or NULL (and the check skipped). */
static char *
tool_output (const char *tool,
             const char *pdf)
{
  g_autofree char *program = g_find_program_in_path (tool);
  const char *argv[] = { program, pdf, "-", NULL };
  char *out = NULL;

  if (program == NULL)
    return NULL;
  if (g_str_equal (tool, "pdfinfo"))
    argv[2] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, NULL, NULL));
  return out;
}

/* The names of @text in the order they appear (line breaks ignored). */
static char *
names_in_order (const char         *text,
                const char * const *names)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(GString) order = g_string_new (NULL);
  const char *p;

  for (p = text; *p != '\0'; p++)
    if (*p != '\n' && *p != ' ')
      g_string_append_c (joined, *p);
  for (p = joined->str; *p != '\0'; p = g_utf8_next_char (p))
    for (guint i = 0; names[i] != NULL; i++)
      if (g_str_has_prefix (p, names[i]))
        g_string_append_printf (order, "%s%s", order->len > 0 ? " " : "", names[i]);
  return g_strdup (order->str);
}

/* Opens Ctrl+P, chooses @kind and returns the dialog. */
static GtkWidget *
open_export (DabiaoWindow     *window,
             DabiaoExportKind  kind)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = dabiao_test_find_toplevel (DABIAO_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dabiao_test_get_widget (GTK_WIDGET (dialog), "kind")), kind);
  return GTK_WIDGET (dialog);
}

/* Saves to @pdf; when a name cannot be drawn (@stop), checks the message
 * and answers "Save Anyway". */
static void
save (DabiaoWindow *window,
      GtkWidget    *dialog,
      const char   *pdf,
      const char   *stop_name,
      gunichar      stop_char,
      const char   *screenshot)
{
  Expected expected = { window, pdf };

  dabiao_test_click (dialog, "save");
  dabiao_test_answer_file_chooser (pdf);
  if (stop_name != NULL)
    {
      GtkWindow *message;
      g_autofree char *code = g_strdup_printf ("U+%04X", stop_char);
      const char *body;

      g_assert_true (dabiao_test_wait_until (message_shown, NULL, 20000));
      message = dabiao_test_find_message_dialog ();
      body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message));
      g_test_message ("%s", body);
      g_assert_nonnull (strstr (body, stop_name));
      g_assert_nonnull (strstr (body, code));
      g_assert_nonnull (strstr (body, "姓名"));
      g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
      dabiao_test_wait (100);
      dabiao_test_screenshot (GTK_WIDGET (message), screenshot);
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "anyway");
    }
  g_assert_true (dabiao_test_wait_until (exported, &expected, 30000));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
}

static void
test_paper_from_the_app (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-paper-app-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "三校.dabiao", NULL);
  g_autofree char *badges = g_build_filename (dir, "胸牌.pdf", NULL);
  g_autofree char *cards = g_build_filename (dir, "登记卡.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gunichar missing = output_test_find_uncovered_char ();
  char missing_utf8[8] = { 0 };
  g_autofree char *stop_name = NULL;
  DabiaoWindow *window;
  GtkWidget *dialog;
  /* 赵 alone: the character no font has prints as a box, which
   * pdftotext does not give back as that character. */
  const char *names[] = { "张𠮷", "赵", "欧阳娜娜", "刘䶮", "阿卜杜热合曼·买买提艾力·库尔班", "李㐀", "王𪚥", NULL };

  if (missing != 0)
    {
      g_unichar_to_utf8 (missing, missing_utf8);
      stop_name = g_strconcat ("赵", missing_utf8, NULL);
    }

  {
    DabiaoEventInfo info = { .name = "秋季测试", .standard = "student-2014", .date = "2026-10-15",
                             .organizer = "天河区教育局" };
    /* In roster order, schools and classes interleave. */
    const DabiaoParticipantInfo people[] = {
      { "G440106200801010424", "阿卜杜热合曼·买买提艾力·库尔班", 1, "2008-01-01", "", 33, "3302", "高三(2)班", "05", "", "4401062003", "" },
      { "G440106200802020011", "张𠮷", 1, "2008-02-02", "", 33, "3301", "高三(1)班", "01", "", "4401062002", "" },
      { "G440106200803030099", stop_name ? stop_name : "赵一", 1, "2008-03-03", "", 33, "3301", "高三(1)班", "01", "", "4401062002", "" },
      { "G650101201303030022", "王𪚥", 2, "2013-03-03", "", 21, "2112", "初一(12)班", "01", "", "6501012001", "" },
      { "G440106200804040033", "刘䶮", 1, "2008-04-04", "", 33, "3301", "高三(1)班", "01", "", "4401062003", "" },
      { "G650101201306060055", "李㐀", 2, "2013-06-06", "", 21, "2103", "初一(3)班", "01", "", "6501012001", "" },
      { "G440106200807070066", "欧阳娜娜", 2, "2008-07-07", "", 33, "3301", "高三(1)班", "01", "", "4401062002", "" },
    };
    g_autoptr(DabiaoEvent) created = dabiao_event_create (path, &info, &error);

    g_assert_no_error (error);
    g_assert_true (dabiao_event_add_participants (created, people, G_N_ELEMENTS (people), NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (dabiao_event_set_school (created, "4401062002", "广州市天河区华南师范大学附属中学", &error));
    g_assert_true (dabiao_event_set_school (created, "4401062003", "新疆维吾尔自治区喀什地区塔什库尔干塔吉克自治县第一中学附属实验学校", &error));
    g_assert_true (dabiao_event_set_school (created, "6501012001", "乌鲁木齐市第一百二十二中学", &error));
    g_assert_no_error (error);
    dabiao_event_close (created);
  }

  window = dabiao_test_open_window (file, 0, 0);

  /* Badges with the defaults: the undrawable name stops the export and is
   * named; Save Anyway writes it. */
  dialog = open_export (window, DABIAO_EXPORT_BADGES);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (dabiao_test_get_widget (dialog, "order"))), ==,
                    DABIAO_PAPER_ORDER_CLASS);
  dabiao_test_wait (100);
  dabiao_test_screenshot (dialog, "export-dialog-badges");
  save (window, dialog, badges, stop_name, missing, "export-glyph-problem");
  {
    g_autofree char *text = tool_output ("pdftotext", badges);
    g_autofree char *order = NULL;

    if (text != NULL)
      {
        /* 4401062002 高三(1)班 by 学籍号 (…0011, …0099, …0066); 4401062003
         * 高三(1) then (2); 6501012001 初一(3) before 初一(12). */
        order = names_in_order (text, names);
        g_assert_cmpstr (order, ==, "张𠮷 赵 欧阳娜娜 刘䶮 阿卜杜热合曼·买买提艾力·库尔班 李㐀 王𪚥");
        g_assert_nonnull (strstr (text, "G4401**********0011"));
        g_assert_null (strstr (text, "G440106200802020011"));
        g_assert_nonnull (strstr (text, "广州市天河区华南师范大学附属中学"));
        g_assert_null (strstr (text, "4401062002"));
      }
  }

  /* Printing stops the same way, before the print dialog: the message
   * names the person and offers to print anyway; cancelled, nothing is
   * printed and the export dialog stays. */
  if (stop_name != NULL)
    {
      GtkWindow *message;
      const char *body;
      g_autofree char *code = g_strdup_printf ("U+%04X", missing);

      dialog = open_export (window, DABIAO_EXPORT_BADGES);
      dabiao_test_click (dialog, "print");
      g_assert_true (dabiao_test_wait_until (message_shown, NULL, 20000));
      message = dabiao_test_find_message_dialog ();
      body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message));
      g_assert_nonnull (strstr (body, stop_name));
      g_assert_nonnull (strstr (body, code));
      g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (message), "anyway"), ==, "仍然打印(_P)");
      /* Esc, as a person would: the close response is 取消. */
      dabiao_test_dialog_key (FALSE);
      g_assert_null (dabiao_test_find_message_dialog ());
      g_assert_true (dabiao_test_find_toplevel (DABIAO_TYPE_EXPORT_DIALOG) == GTK_WINDOW (dialog));
      gtk_window_destroy (GTK_WINDOW (dialog));
      dabiao_test_wait (100);
    }

  /* Record cards on A5 portrait, 学籍号 order, printed anyway again. */
  dialog = open_export (window, DABIAO_EXPORT_CARDS);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dabiao_test_get_widget (dialog, "card-paper")), 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dabiao_test_get_widget (dialog, "order")), DABIAO_PAPER_ORDER_STUDENT_NO);
  save (window, dialog, cards, stop_name, missing, "export-glyph-problem-cards");
  {
    g_autofree char *info = tool_output ("pdfinfo", cards);
    g_autofree char *text = tool_output ("pdftotext", cards);

    if (info != NULL)
      g_assert_nonnull (strstr (info, "419.5"));  /* A5: 419.53 × 595.28 pt */
    if (text != NULL)
      {
        g_autofree char *order = names_in_order (text, names);

        g_assert_true (g_str_has_prefix (order, "阿卜杜热合曼·买买提艾力·库尔班 张𠮷 "));
        g_assert_true (g_str_has_suffix (order, " 李㐀"));
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (200);
  g_unlink (badges);
  g_unlink (cards);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  dabiao_test_init (&argc, &argv);
  g_test_add_func ("/dabiao/app/Paper/from-the-app", test_paper_from_the_app);
  return g_test_run ();
}
