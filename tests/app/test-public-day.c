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
#include "dabiao-event-certificates.h"
#include "dabiao-exit-page.h"
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
  window = g_object_new (DABIAO_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
  gtk_window_present (GTK_WINDOW (window));
  dabiao_window_open_file (window, file);
  g_assert_true (dabiao_test_wait_until (dabiao_test_session_open, window, 15000));
  dabiao_window_show_page (window, "register");
  return window;
}

static void
create_event (const char *path)
{
  /* The 主办单位 issues the certificates. */
  DabiaoEventInfo info = {
    .name = "公众达标日", .standard = "natfit-2003", .date = "2026-12-06", .place = "体育馆",
    .organizer = "朝阳区体育局",
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
  /* The list beside marks the one scanned as 当前, nobody else — also
   * after the roster was reloaded (a registration a moment ago). */
  dabiao_test_wait (500);
  {
    GtkWidget *matches = dabiao_test_get_widget (GTK_WIDGET (window), "checkin-matches");
    guint n_current = 0;

    for (GtkWidget *row = gtk_widget_get_first_child (matches); row != NULL; row = gtk_widget_get_next_sibling (row))
      {
        const char *subtitle;

        if (!ADW_IS_ACTION_ROW (row))
          continue;
        subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
        if (strstr (subtitle, "当前") != NULL)
          {
            g_assert_true (g_str_has_prefix (subtitle, id2));
            n_current++;
          }
      }
    g_assert_cmpuint (n_current, ==, 1);
  }
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


/* ---- the exit desk (发证) ---------------------------------------------------- */

/* A man of the 20～39 group through every item at a station's pace (the
 * core's record, as a station does): @strong reaches a high level, else
 * the lowest; @skip an item not measured (NULL: none). */
static void
record_all (DabiaoEvent *event,
            const char  *id,
            gboolean     strong,
            const char  *skip)
{
  const struct { const char *item; double good, poor; } recs[] = {
    { "height", 175, 175 }, { "weight", 70, 70 }, { "vital_capacity", 4800, 1200 }, { "step_time", 180, 180 },
    { "pulse1", 50, 90 }, { "pulse2", 45, 85 }, { "pulse3", 40, 80 }, { "grip", 55, 15 }, { "push_up", 40, 1 },
    { "vertical_jump", 55, 10 }, { "sit_and_reach", 18, -15 }, { "choice_reaction", 0.35, 1.5 },
    { "one_leg_stand", 90, 2 },
  };
  DabiaoRecordRequest requests[G_N_ELEMENTS (recs)] = { { 0 } };
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      if (g_strcmp0 (skip, recs[i].item) == 0)
        continue;
      requests[n].participant_id = id;
      requests[n].item = recs[i].item;
      requests[n].has_value = TRUE;
      requests[n].value = strong ? recs[i].good : recs[i].poor;
      requests[n].source = DABIAO_SOURCE_MANUAL;
      n++;
    }
  g_assert_true (dabiao_event_record_many (event, requests, n, &error));
  g_assert_no_error (error);
}

static const char *
label_text (DabiaoWindow *window,
            const char   *name)
{
  return gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window), name)));
}

static gboolean
exit_shows (gpointer data)
{
  Wait *w = data;

  return strstr (label_text (w->window, "exit-name"), w->text) != NULL;
}

static gboolean
exit_message_has (gpointer data)
{
  Wait *w = data;

  return strstr (label_text (w->window, "exit-message"), w->text) != NULL;
}

static gboolean
exit_pending_is (gpointer data)
{
  Wait *w = data;

  return dabiao_exit_page_get_n_pending (DABIAO_EXIT_PAGE (dabiao_window_get_page_widget (w->window, "exit")))
         == w->n;
}

/* The scanner types the badge's code and Enter into the page's entry. */
static void
exit_scan (DabiaoWindow *window,
           const char   *code,
           const char   *expect_id)
{
  GtkWidget *entry = dabiao_test_get_widget (GTK_WIDGET (window), "exit-scan");
  Wait w = { window, expect_id, 0 };

  gtk_editable_set_text (GTK_EDITABLE (entry), code);
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  if (!dabiao_test_wait_until (exit_shows, &w, 10000))
    g_error ("%s: the exit desk shows “%s”, says “%s”", code, label_text (window, "exit-name"),
             label_text (window, "exit-message"));
}

/* The one certificate PDF in @folder whose name has @part, or NULL. */
static char *
find_pdf (const char *folder,
          const char *part)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, part) != NULL && g_str_has_suffix (name, ".pdf"))
      return g_build_filename (folder, name, NULL);
  return NULL;
}

typedef struct
{
  const char *folder;
  const char *part;
} PdfWait;

static gboolean
pdf_appears (gpointer data)
{
  PdfWait *w = data;
  g_autofree char *path = find_pdf (w->folder, w->part);

  return path != NULL;
}

static void
test_exit_desk (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "exit.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-exit", NULL);
  g_autofree char *folder = g_build_filename (tmpdir, "certificates-exit", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  g_autofree char *strong = NULL, *weak = NULL, *half = NULL, *strong2 = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *full = id_number ("19900415", 11);
  g_autoptr(GPtrArray) records = NULL;
  DabiaoWindow *window;
  GtkWidget *issue;
  Wait w;

  create_event (event_path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (event_path, 0, &error);
    const char *names[] = { "张强", "王弱", "赵半", "李壮" };
    char **ids[] = { &strong, &weak, &half, &strong2 };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *number = id_number ("19900415", 11 + 2 * i);
        DabiaoWalkIn walk_in = { .id_card = number, .name = names[i] };
        g_autoptr(DabiaoRegistration) r = dabiao_event_register (event, &walk_in, "E", &error);

        g_assert_no_error (error);
        *ids[i] = g_strdup (r->id);
      }
    record_all (event, strong, TRUE, NULL);
    record_all (event, weak, FALSE, NULL);
    record_all (event, half, TRUE, "vital_capacity");
    record_all (event, strong2, TRUE, NULL);
    dabiao_event_close (event);
  }
  g_settings_set_string (settings, "certificate-folder", folder);
  window = open_desk (event_path, "E", NULL, badges);
  dabiao_window_show_page (window, "exit");
  g_assert_cmpstr (dabiao_window_get_page (window), ==, "exit");

  /* 待发证: the two who passed. */
  w = (Wait) { window, NULL, 2 };
  g_assert_true (dabiao_test_wait_until (exit_pending_is, &w, 10000));
  g_assert_cmpstr (label_text (window, "exit-pending-count"), ==, "待发证：2");
  g_assert_nonnull (dabiao_test_find_widget (GTK_WIDGET (window), strong));
  g_assert_nonnull (dabiao_test_find_widget (GTK_WIDGET (window), strong2));
  g_assert_null (dabiao_test_find_widget (GTK_WIDGET (window), weak));

  /* Below the level: shown, said, no button. */
  exit_scan (window, weak, weak);
  g_assert_nonnull (strstr (label_text (window, "exit-status"), "不发证"));
  issue = dabiao_test_get_widget (GTK_WIDGET (window), "exit-issue");
  g_assert_false (gtk_widget_get_sensitive (issue));
  dabiao_test_key (GTK_WIDGET (window), "ctrl+Return");
  dabiao_test_wait (300);
  g_assert_null (find_pdf (folder, weak));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-below-level");

  /* Not finished: what is missing. */
  exit_scan (window, half, half);
  g_assert_nonnull (strstr (label_text (window, "exit-status"), "肺活量"));
  g_assert_false (gtk_widget_get_sensitive (issue));

  /* Passed: one key issues the certificate (scanned in lower case, as a
   * scanner with Caps Lock off types it). */
  {
    g_autofree char *lower = g_ascii_strdown (strong, -1);

    exit_scan (window, lower, strong);
  }
  g_assert_nonnull (strstr (label_text (window, "exit-status"), "应发证"));
  g_assert_true (gtk_widget_get_sensitive (issue));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-due");
  dabiao_test_key (GTK_WIDGET (window), "ctrl+Return");
  {
    PdfWait pw = { folder, strong };

    g_assert_true (dabiao_test_wait_until (pdf_appears, &pw, 15000));
  }
  w = (Wait) { window, NULL, 1 };
  g_assert_true (dabiao_test_wait_until (exit_pending_is, &w, 10000));
  pdf = find_pdf (folder, strong);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "张强"));
  g_assert_null (strstr (text, full));
  g_assert_null (strstr (text, "补发"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (event_path, DABIAO_EVENT_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    records = dabiao_event_list_certificate_records (event, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 1);
    g_assert_cmpstr (((DabiaoCertificateRecord *) g_ptr_array_index (records, 0))->participant_id, ==, strong);
    g_assert_nonnull (strstr (text, ((DabiaoCertificateRecord *) g_ptr_array_index (records, 0))->number));
  }
  w = (Wait) { window, ((DabiaoCertificateRecord *) g_ptr_array_index (records, 0))->number, 0 };
  g_assert_true (dabiao_test_wait_until (exit_message_has, &w, 10000));
  g_assert_nonnull (strstr (label_text (window, "exit-status"), "已发证"));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-issued");

  /* The same badge again: 补发 only after saying so. */
  exit_scan (window, strong, strong);
  g_assert_nonnull (strstr (gtk_button_get_label (GTK_BUTTON (issue)), "补发"));
  dabiao_test_click (GTK_WIDGET (window), "exit-issue");
  {
    GtkWindow *dialog = NULL;

    for (int i = 0; i < 50 && dialog == NULL; i++, dabiao_test_wait (100))
      dialog = dabiao_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    dabiao_test_screenshot (GTK_WIDGET (dialog), "public-day-exit-reissue");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reissue");
  }
  {
    PdfWait pw = { folder, "补发" };

    g_assert_true (dabiao_test_wait_until (pdf_appears, &pw, 15000));
    g_clear_pointer (&pdf, g_free);
    g_clear_pointer (&text, g_free);
    pdf = find_pdf (folder, "补发");
    text = pdf_text (pdf);
    g_assert_nonnull (strstr (text, "补发"));
    g_assert_nonnull (strstr (text, ((DabiaoCertificateRecord *) g_ptr_array_index (records, 0))->number));
  }

  /* A name typed instead of a badge; the list's row works as well. */
  exit_scan (window, "李壮", strong2);
  gtk_widget_activate (dabiao_test_get_widget (GTK_WIDGET (window), strong2));
  dabiao_test_click (GTK_WIDGET (window), "exit-issue");
  {
    PdfWait pw = { folder, strong2 };

    g_assert_true (dabiao_test_wait_until (pdf_appears, &pw, 15000));
  }
  w = (Wait) { window, NULL, 0 };
  g_assert_true (dabiao_test_wait_until (exit_pending_is, &w, 10000));
  g_assert_cmpstr (label_text (window, "exit-pending-count"), ==, "待发证：0");

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  g_settings_reset (settings, "certificate-folder");
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
  g_test_add_func ("/public-day/exit-desk", test_exit_desk);
  status = g_test_run ();
  return status;
}
