/* test-public-day.c: the registration desk of a public 达标测验 day, driven
 * through the window as the desk's operator drives it: cards laid on the
 * simulated 身份证 reader (dabiao-sim --profile id-card) fill the 登记 form,
 * the operator adds a phone number and presses the button, the badge PDF
 * appears in the badge folder and its QR code (zbarimg) gives the 编号; a
 * keyboard-wedge reader types a number; a walk-in without a card; the error
 * cases (wrong check digit, impossible date, the same card again, a card cut
 * by a disconnect) change nothing; a station's check-in takes the scanned
 * code.  Screenshots: BUILD/tests/screenshots/public-day-*.png.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-event.h"
#include "dabiao-register-page.h"
#include "dabiao-station-page.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"

static char *tmpdir;

/* A 身份证号 of area 110105, born @birth (YYYYMMDD), with sequence @seq
 * (odd: a man), and its right check character. */
static char *
id_number (const char *birth,
           guint       seq)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  g_autofree char *body = g_strdup_printf ("110105%s%03u", birth, seq);
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (body[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", body, "10X98765432"[sum % 11]);
}

static char *
tool_output (const char * const *argv)
{
  char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    g_clear_pointer (&out, g_free);
  return out;
}

/* The QR code on the badge PDF, decoded. */
static char *
badge_qr (const char *pdf)
{
  g_autofree char *prefix = g_strconcat (pdf, "-page", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  const char *render[] = { "pdftoppm", "-png", "-singlefile", "-r", "150", pdf, prefix, NULL };
  const char *decode[] = { "zbarimg", "--quiet", "--raw", png, NULL };
  g_autofree char *rendered = tool_output (render);
  char *decoded = tool_output (decode);

  g_assert_nonnull (decoded);
  return g_strstrip (decoded);
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  char *text = tool_output (argv);

  g_assert_nonnull (text);
  return text;
}

static GSubprocess *
start_sim (const char * const *cards,
           const char         *fault,
           char              **port)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *link = g_build_filename (tmpdir, fault ? "reader-fault" : "reader", NULL);
  GSubprocess *sim;

  g_unlink (link);
  g_ptr_array_add (argv, (gpointer) g_getenv ("DABIAO_SIM"));
  g_ptr_array_add (argv, (gpointer) "--profile");
  g_ptr_array_add (argv, (gpointer) "id-card");
  g_ptr_array_add (argv, (gpointer) "--rate");
  g_ptr_array_add (argv, (gpointer) "5");
  g_ptr_array_add (argv, (gpointer) "--linger");
  g_ptr_array_add (argv, (gpointer) "120");
  g_ptr_array_add (argv, (gpointer) "--seed");
  g_ptr_array_add (argv, (gpointer) "15");
  g_ptr_array_add (argv, (gpointer) "--link");
  g_ptr_array_add (argv, link);
  if (fault != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--fault");
      g_ptr_array_add (argv, (gpointer) fault);
    }
  for (; *cards != NULL; cards++)
    {
      g_ptr_array_add (argv, (gpointer) "--card");
      g_ptr_array_add (argv, (gpointer) *cards);
    }
  g_ptr_array_add (argv, NULL);
  sim = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  *port = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*port);
  g_strstrip (*port);
  return sim;
}

static void
stop_sim (GSubprocess *sim)
{
  g_subprocess_force_exit (sim);
  g_subprocess_wait (sim, NULL, NULL);
  g_object_unref (sim);
}

static DabiaoWindow *
open_desk (const char *event_path,
           const char *desk,
           const char *port,
           const char *badges)
{
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  g_autoptr(GFile) file = g_file_new_for_path (event_path);
  DabiaoWindow *window;

  g_settings_set_string (settings, "desk-code", desk);
  g_settings_set_string (settings, "badge-folder", badges);
  g_settings_set_string (settings, "id-card-port", port != NULL ? port : "");
  window = dabiao_test_open_window (file, 1000, 900);
  dabiao_window_show_page (window, "register");
  return window;
}

static void
create_event (const char *path)
{
  DabiaoEventInfo info = {
    .name = "公众达标日", .standard = "natfit-2003", .date = "2026-12-06", .place = "体育馆", .organizer = "",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
}

static const char *
field (DabiaoWindow *window,
       const char   *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (dabiao_test_get_widget (GTK_WIDGET (window), name)));
}

static void
type_into (DabiaoWindow *window,
           const char   *name,
           const char   *text)
{
  gtk_editable_set_text (GTK_EDITABLE (dabiao_test_get_widget (GTK_WIDGET (window), name)), text);
}

/* What the form says as it is filled in. */
static const char *
message (DabiaoWindow *window)
{
  return gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window), "register-message")));
}

/* What the last press of the button did. */
static const char *
result (DabiaoWindow *window)
{
  return gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window), "register-result")));
}

typedef struct
{
  DabiaoWindow *window;
  const char   *text;
  guint         n;
} Wait;

static gboolean
name_is (gpointer data)
{
  Wait *w = data;

  return g_strcmp0 (field (w->window, "register-name"), w->text) == 0;
}

static gboolean
result_has (gpointer data)
{
  Wait *w = data;

  return strstr (result (w->window), w->text) != NULL;
}

static gboolean
registered (gpointer data)
{
  Wait *w = data;

  return dabiao_register_page_get_n_registered (DABIAO_REGISTER_PAGE (dabiao_window_get_page_widget (w->window,
                                                                                                     "register")))
         >= w->n;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
reader_connected (gpointer data)
{
  DabiaoInstrument *reader = dabiao_window_get_card_reader (data);

  return reader != NULL && dabiao_instrument_get_state (reader) == DABIAO_INSTRUMENT_CONNECTED;
}

static DabiaoRegisterPage *
register_page (DabiaoWindow *window)
{
  return DABIAO_REGISTER_PAGE (dabiao_window_get_page_widget (window, "register"));
}

/* Waits for @name's card in the form, presses the button, and waits for
 * the message; returns the 编号 given. */
static char *
register_card (DabiaoWindow *window,
               const char   *name,
               const char   *phone)
{
  Wait w = { window, name, 0 };
  guint before = dabiao_register_page_get_n_registered (register_page (window));
  const char *text;

  g_assert_true (dabiao_test_wait_until (name_is, &w, 20000));
  if (phone != NULL)
    type_into (window, "register-phone", phone);
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  w.n = before + 1;
  g_assert_true (dabiao_test_wait_until (registered, &w, 15000));
  text = result (window);
  g_assert_nonnull (strstr (text, "已登记："));
  /* "已登记：A0003 张三" */
  return g_strndup (strstr (text, "：") + strlen ("："), 5);
}

static void
check_badge (const char *badges,
             const char *id,
             const char *number)
{
  g_autofree char *pdf = g_strdup_printf ("%s/胸牌-%s.pdf", badges, id);
  g_autofree char *qr = NULL;
  g_autofree char *text = NULL;
  g_autofree char *masked = g_strdup_printf ("%.4s**********%s", number, number + 14);

  g_assert_true (dabiao_test_wait_until (file_exists, pdf, 15000));
  qr = badge_qr (pdf);
  g_assert_cmpstr (qr, ==, id);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, masked));
  g_assert_null (strstr (text, number));
}

static void
test_registration_desk (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "desk-a.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-a", NULL);
  g_autofree char *n1 = id_number ("19880501", 123);
  g_autofree char *n2 = id_number ("19950312", 222);
  g_autofree char *n3 = id_number ("20150630", 11);
  g_autofree char *n4 = id_number ("19700101", 31);
  g_autofree char *bad = g_strdup (n4);
  g_autofree char *c1 = g_strdup_printf ("张三,%s,汉,北京市朝阳区", n1);
  g_autofree char *c2 = g_strdup_printf ("阿依古丽,%s,维吾尔", n2);
  g_autofree char *c3 = g_strdup_printf ("王小明,%s", n3);
  g_autofree char *c_bad = NULL;
  g_autofree char *c_again = g_strdup_printf ("张三,%s", n1);
  g_autofree char *port = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *id3 = NULL;
  g_autofree char *id4 = NULL;
  g_autofree char *id5 = NULL;
  g_autofree char *impossible = NULL;
  GSubprocess *sim;
  DabiaoWindow *window;
  DabiaoRegisterPage *page;
  GtkWidget *checkin;
  DabiaoStationPage *station;
  Wait w;

  /* The fourth card's check character is wrong (a forged or misprinted
   * card: the reader does not care, the desk does). */
  bad[17] = bad[17] == '0' ? '1' : '0';
  c_bad = g_strdup_printf ("错号,%s", bad);
  create_event (event_path);
  {
    const char *cards[] = { c1, c2, c3, c_bad, c_again, NULL };

    sim = start_sim (cards, NULL, &port);
  }
  window = open_desk (event_path, "A", port, badges);
  page = register_page (window);
  g_assert_true (dabiao_test_wait_until (reader_connected, window, 10000));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window), "register-desk"))),
                   ==, "登记台 A");

  /* 1. The first card fills the form: number, birth date and sex from it,
   * the age group at once. */
  w = (Wait) { window, "张三", 0 };
  g_assert_true (dabiao_test_wait_until (name_is, &w, 20000));
  g_assert_cmpstr (field (window, "register-id-card"), ==, n1);
  g_assert_cmpstr (field (window, "register-birth-date"), ==, "1988-05-01");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (dabiao_test_get_widget (GTK_WIDGET (window),
                                                                                         "register-sex"))),
                    ==, 1);
  g_assert_cmpstr (field (window, "register-ethnicity"), ==, "汉");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window), "register-group"))),
                   ==, "年龄组：35～39岁组");
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-card-laid");
  id1 = register_card (window, "张三", "13800138000");
  g_assert_cmpstr (id1, ==, "A0001");
  id2 = register_card (window, "阿依古丽", NULL);
  g_assert_cmpstr (id2, ==, "A0002");
  /* An 11-year-old: natfit-2003's groups start at 3 (幼儿) and 20 (成年人)
   * … whatever the standard says is shown before registering. */
  w = (Wait) { window, "王小明", 0 };
  g_assert_true (dabiao_test_wait_until (name_is, &w, 20000));
  g_test_message ("王小明: %s",
                  gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window), "register-group"))));
  id3 = register_card (window, "王小明", NULL);
  g_assert_cmpstr (id3, ==, "A0003");
  check_badge (badges, id1, n1);
  check_badge (badges, id2, n2);
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-registered");

  /* 2. The card with a wrong check character: said at once, and refused. */
  w = (Wait) { window, "错号", 0 };
  g_assert_true (dabiao_test_wait_until (name_is, &w, 20000));
  g_assert_nonnull (strstr (message (window), "校验位"));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-wrong-check-digit");
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  w.text = "未登记";
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  g_assert_cmpuint (dabiao_register_page_get_n_registered (page), ==, 3);
  dabiao_test_click (GTK_WIDGET (window), "register-clear");

  /* 3. The same card again: found, nothing changed, no second 编号. */
  w = (Wait) { window, "张三", 0 };
  g_assert_true (dabiao_test_wait_until (name_is, &w, 20000));
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  w.text = "A0001";
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  g_assert_nonnull (strstr (result (window), "已登记过"));
  g_assert_cmpuint (dabiao_register_page_get_n_registered (page), ==, 3);
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-same-card");

  /* 4. A keyboard-wedge reader types the number and Enter; the operator
   * types the name and Enter. */
  type_into (window, "register-id-card", n4);
  g_signal_emit_by_name (dabiao_test_get_widget (GTK_WIDGET (window), "register-id-card"), "entry-activated");
  g_assert_cmpstr (field (window, "register-birth-date"), ==, "1970-01-01");
  type_into (window, "register-name", "赵六");
  g_signal_emit_by_name (dabiao_test_get_widget (GTK_WIDGET (window), "register-name"), "entry-activated");
  w.text = "已登记：A0004";
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));

  /* 5. An impossible date inside a number whose check character is right. */
  {
    g_autofree char *body = id_number ("19900230", 55);

    impossible = g_strdup (body);
  }
  type_into (window, "register-id-card", impossible);
  g_assert_nonnull (strstr (message (window), "19900230"));
  type_into (window, "register-name", "钱七");
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  w.text = "未登记";
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  g_assert_cmpuint (dabiao_register_page_get_n_registered (page), ==, 4);
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-impossible-date");
  dabiao_test_click (GTK_WIDGET (window), "register-clear");

  /* 6. Without a card: birth date and sex. */
  type_into (window, "register-name", "孙八");
  type_into (window, "register-birth-date", "1960-07-15");
  adw_combo_row_set_selected (ADW_COMBO_ROW (dabiao_test_get_widget (GTK_WIDGET (window), "register-sex")), 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window), "register-group"))),
                   ==, "年龄组：65～69岁组");
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  w.text = "已登记：A0005";
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  id5 = g_strdup ("A0005");
  {
    g_autofree char *pdf = g_strdup_printf ("%s/胸牌-%s.pdf", badges, id5);

    g_assert_true (dabiao_test_wait_until (file_exists, pdf, 15000));
    g_assert_cmpstr (badge_qr (pdf), ==, id5);
  }

  /* 7. At a station, the scanner types the badge's code and Enter. */
  dabiao_window_show_page (window, "station");
  station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  checkin = dabiao_test_get_widget (GTK_WIDGET (window), "checkin-entry");
  gtk_editable_set_text (GTK_EDITABLE (checkin), id2);
  g_signal_emit_by_name (checkin, "activate");
  g_assert_nonnull (dabiao_station_page_get_participant (station));
  g_assert_cmpstr (dabiao_roster_item_get_id (dabiao_station_page_get_participant (station)), ==, id2);
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-station-scan");

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  stop_sim (sim);
}

/* The reader is unplugged in the middle of a card's frame: the half card
 * fills nothing, the reader says so, and the card read again whole
 * registers once. */
static void
test_card_cut_by_disconnect (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "desk-b.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-b", NULL);
  g_autofree char *n1 = id_number ("19800101", 17);
  g_autofree char *n2 = id_number ("19810202", 28);
  g_autofree char *n3 = id_number ("19820303", 39);
  g_autofree char *c1 = g_strdup_printf ("甲,%s", n1);
  g_autofree char *c2 = g_strdup_printf ("乙,%s", n2);
  g_autofree char *c3 = g_strdup_printf ("丙,%s", n3);
  g_autofree char *port = NULL;
  const char *cards[] = { c1, c2, c3, NULL };
  GSubprocess *sim;
  DabiaoWindow *window;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  create_event (event_path);
  sim = start_sim (cards, "disconnect", &port);
  window = open_desk (event_path, "B", port, badges);
  a = register_card (window, "甲", NULL);
  b = register_card (window, "乙", NULL);
  c = register_card (window, "丙", NULL);
  g_assert_cmpstr (a, ==, "B0001");
  g_assert_cmpstr (b, ==, "B0002");
  g_assert_cmpstr (c, ==, "B0003");
  g_assert_cmpuint (dabiao_register_page_get_n_waiting (register_page (window)), ==, 0);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window),
                                                                                   "register-reader"))),
                            "读卡器"));
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  stop_sim (sim);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  dabiao_test_init (&argc, &argv);
  tmpdir = g_dir_make_tmp ("dabiao-public-day-XXXXXX", NULL);
  g_test_add_func ("/public-day/registration-desk", test_registration_desk);
  g_test_add_func ("/public-day/card-cut-by-disconnect", test_card_cut_by_disconnect);
  status = g_test_run ();
  return status;
}
