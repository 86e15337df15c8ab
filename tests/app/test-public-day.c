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

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-event.h"
#include "dabiao-session.h"
#include "dabiao-event-certificates.h"
#include "dabiao-details-dialog.h"
#include "dabiao-export-dialog.h"
#include "dabiao-exit-page.h"
#include "dabiao-preferences-window.h"
#include "dabiao-register-page.h"
#include "dabiao-roster-page.h"
#include "dabiao-station-page.h"
#include "dabiao-test-ui.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"
#include "../output/public-day-testdata.h"

static char *tmpdir;

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
  dabiao_test_stop_sim (sim);
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

  if (desk != NULL)
    g_settings_set_string (settings, "desk-code", desk);
  else
    g_settings_reset (settings, "desk-code");   /* a computer that never chose one */
  g_settings_set_string (settings, "badge-folder", badges);
  g_settings_set_string (settings, "id-card-port", port != NULL ? port : "");
  window = dabiao_test_open_window (file, 1000, 900);
  dabiao_window_show_page (window, "register");
  return window;
}

/* @organizer NULL: none entered yet. */
static void
create_event_by (const char *path,
                 const char *organizer)
{
  /* The 主办单位 issues the certificates. */
  DabiaoEventInfo info = {
    .name = "公众达标日", .standard = "natfit-2003", .date = "2026-12-06", .place = "体育馆",
    .organizer = organizer,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
}

static void
create_event (const char *path)
{
  create_event_by (path, "朝阳区体育局");
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

static const char *
label_text (DabiaoWindow *window,
            const char   *name)
{
  return gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window), name)));
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

static gboolean outside_dialog_shown (gpointer data);

/* The last register_card() was asked to confirm someone who cannot be
 * scored (and confirmed it). */
static gboolean register_confirmed_outside;

static gboolean
registered_or_asked (gpointer data)
{
  return registered (data) || outside_dialog_shown (NULL);
}

/* Waits for @name's card in the form, presses the button (confirms when
 * asked about someone who cannot be scored), and waits for the message;
 * returns the 编号 given. */
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
  g_assert_true (dabiao_test_wait_until (registered_or_asked, &w, 15000));
  register_confirmed_outside = outside_dialog_shown (NULL);
  if (register_confirmed_outside)
    dabiao_test_click_labelled (GTK_WIDGET (dabiao_test_find_message_dialog ()), "仍然登记");
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

/* Roster cells shown (GtkInscription) with a text. */
static gboolean
cell_shown (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_widget_get_mapped (widget)
           && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (cell_shown (child, text))
      return TRUE;
  return FALSE;
}

static void
dump_cells (GtkWidget *widget)
{
  if (GTK_IS_INSCRIPTION (widget))
    g_test_message ("cell %s mapped %d", gtk_inscription_get_text (GTK_INSCRIPTION (widget)), gtk_widget_get_mapped (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    dump_cells (child);
}

typedef struct
{
  DabiaoWindow *window;
  const char   *text;
} CellWait;

static gboolean
cell_appears (gpointer data)
{
  CellWait *w = data;

  return cell_shown (GTK_WIDGET (w->window), w->text);
}

/* The mapped cell showing @text, or NULL. */
static GtkWidget *
find_cell (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_widget_get_mapped (widget) && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0
           ? widget : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* @text's width in pixels in @widget's font, and as a Chinese desktop
 * sets it (LANG=zh_CN: digits from Noto Sans CJK SC, wider than the
 * DejaVu the tests' C locale picks): the wider. */
static int
text_width (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  g_autoptr(GObject) zh_context = G_OBJECT (gtk_widget_create_pango_context (widget));
  PangoContext *zh = PANGO_CONTEXT (zh_context);
  g_autoptr(PangoLayout) zh_layout = NULL;
  int w, zh_w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  pango_context_set_language (zh, pango_language_from_string ("zh-cn"));
  zh_layout = pango_layout_new (zh);
  pango_layout_set_text (zh_layout, text, -1);
  pango_layout_get_pixel_size (zh_layout, &zh_w, &h);
  return MAX (w, zh_w);
}

static void
test_registration_desk (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "desk-a.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-a", NULL);
  g_autofree char *n1 = dabiao_test_id_number ("19880501", 123);
  g_autofree char *n2 = dabiao_test_id_number ("19950312", 222);
  g_autofree char *n3 = dabiao_test_id_number ("20150630", 11);
  g_autofree char *n4 = dabiao_test_id_number ("19700101", 31);
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
  /* The reader's state in words (no "fd"). */
  {
    const char *said = gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window),
                                                                            "register-reader")));

    GtkWidget *label = dabiao_test_get_widget (GTK_WIDGET (window), "register-reader");

    g_test_message ("reader: %s", said);
    g_assert_nonnull (strstr (said, "已连接"));
    /* Connected is no error (findings-15c #10: shown in red). */
    g_assert_false (gtk_widget_has_css_class (label, "error"));
    g_assert_true (gtk_widget_has_css_class (label, "success"));
    g_assert_null (strstr (said, "（fd"));
    g_assert_null (strstr (said, "libserialport"));
  }

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
  g_assert_true (register_confirmed_outside);
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
    g_autofree char *body = dabiao_test_id_number ("19900230", 55);

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
    g_autofree char *qr = NULL;

    g_assert_true (dabiao_test_wait_until (file_exists, pdf, 15000));
    qr = badge_qr (pdf);
    g_assert_cmpstr (qr, ==, id5);
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

static void
reader_said_cb (GtkLabel   *label,
                GParamSpec *pspec,
                GString    *said)
{
  g_string_append_printf (said, "%s|", gtk_label_get_label (label));
}

/* The reader is unplugged in the middle of a card's frame: the half card
 * fills nothing, the reader says so, and the card read again whole
 * registers once. */
static void
test_card_cut_by_disconnect (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "desk-b.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-b", NULL);
  g_autofree char *n1 = dabiao_test_id_number ("19800101", 17);
  g_autofree char *n2 = dabiao_test_id_number ("19810202", 28);
  g_autofree char *n3 = dabiao_test_id_number ("19820303", 39);
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
  g_autoptr(GString) said = g_string_new (NULL);
  gulong said_handler;

  create_event (event_path);
  sim = start_sim (cards, "disconnect", &port);
  window = open_desk (event_path, "B", port, badges);
  /* What the reader's line says meanwhile: a card cut mid-frame is said
   * (and laid again), not silently lost. */
  /* (Disconnected before the end: the label can outlive this function,
   * @said cannot — under ASan a later label change wrote into it.) */
  said_handler = g_signal_connect (dabiao_test_get_widget (GTK_WIDGET (window), "register-reader"), "notify::label",
                                   G_CALLBACK (reader_said_cb), said);
  a = register_card (window, "甲", NULL);
  b = register_card (window, "乙", NULL);
  c = register_card (window, "丙", NULL);
  g_assert_cmpstr (a, ==, "B0001");
  g_assert_cmpstr (b, ==, "B0002");
  g_assert_cmpstr (c, ==, "B0003");
  g_assert_cmpuint (dabiao_register_page_get_n_waiting (register_page (window)), ==, 0);
  g_test_message ("the reader said: %s", said->str);
  g_assert_nonnull (strstr (said->str, "重新放到读卡器上"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (window),
                                                                                   "register-reader"))),
                            "读卡器"));
  /* Connected again after the cut: no longer shown as an error (findings-15c
   * #10: "已连接" in red, the style of the state before). */
  g_assert_true (dabiao_test_wait_until (reader_connected, window, 10000));
  {
    GtkWidget *label = dabiao_test_get_widget (GTK_WIDGET (window), "register-reader");

    g_test_message ("reader: %s", gtk_label_get_text (GTK_LABEL (label)));
    g_assert_false (gtk_widget_has_css_class (label, "error"));
    g_assert_true (gtk_widget_has_css_class (label, "success"));
  }
  g_signal_handler_disconnect (dabiao_test_get_widget (GTK_WIDGET (window), "register-reader"), said_handler);
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  stop_sim (sim);
}


/* ---- the desk code ---------------------------------------------------------- */

static gboolean
desk_dialog_shown (gpointer data)
{
  GtkWindow *dialog = dabiao_test_find_message_dialog ();

  return dialog != NULL && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (dialog)), "register-desk-dialog") == 0;
}

/* Types @code into the desk-code dialog shown now and presses Enter. */
static void
answer_desk_dialog (const char *code)
{
  GtkWindow *dialog;
  GtkWidget *entry;

  g_assert_true (dabiao_test_wait_until (desk_dialog_shown, NULL, 10000));
  dialog = dabiao_test_find_message_dialog ();
  dabiao_test_screenshot (GTK_WIDGET (dialog), "public-day-desk-code-dialog");
  entry = dabiao_test_get_widget (GTK_WIDGET (dialog), "register-desk-entry");
  /* Not a code: the button stays off and says why. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "1");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "choose"));
  gtk_editable_set_text (GTK_EDITABLE (entry), code);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "choose"));
  dabiao_test_dialog_key (TRUE);
}

/* Registers a walk-in (born 1990-04-15, @seq in the number) at desk @desk
 * into the event file @path, as that desk's window would; returns the 编号. */
static char *
register_in_file (const char *path,
                  const char *desk,
                  const char *name,
                  guint       seq)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (path, 0, &error);
  g_autofree char *number = dabiao_test_id_number ("19900415", seq);
  DabiaoWalkIn walk_in = { .id_card = number, .name = name };
  g_autoptr(DabiaoRegistration) r = NULL;

  g_assert_no_error (error);
  r = dabiao_event_register (event, &walk_in, desk, &error);
  g_assert_no_error (error);
  dabiao_event_close (event);
  return g_strdup (r->id);
}

/* A file that already holds desk A's walk-ins (A0001): a computer with no
 * code chosen is offered B, the first letter no walk-in has. */
static void
test_desk_code_suggested (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "desk-code-suggested.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-desk-suggested", NULL);
  g_autofree char *n2 = dabiao_test_id_number ("19860606", 54);
  DabiaoWindow *window;
  GtkWidget *dialog;

  g_autofree char *first = NULL;

  create_event (event_path);
  first = register_in_file (event_path, "A", "钱一", 43);
  g_assert_cmpstr (first, ==, "A0001");
  window = open_desk (event_path, NULL, NULL, badges);
  type_into (window, "register-id-card", n2);
  type_into (window, "register-name", "孙二");
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  g_assert_true (dabiao_test_wait_until (desk_dialog_shown, NULL, 10000));
  dialog = GTK_WIDGET (dabiao_test_find_message_dialog ());
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dabiao_test_get_widget (dialog, "register-desk-entry"))),
                   ==, "B");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "choose"));
  dabiao_test_dialog_key (FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
}

/* A computer that never chose its desk code asks for it at the first
 * registration (two copies of the event would otherwise both give A0001 …:
 * the public-day trial); Esc registers nobody; the code chosen is used and
 * shown, and not asked again; 更改登记台… changes it. */
static void
test_desk_code (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "desk-code.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-desk-code", NULL);
  g_autofree char *n1 = dabiao_test_id_number ("19850505", 41);
  g_autofree char *n2 = dabiao_test_id_number ("19860606", 52);
  g_autofree char *n3 = dabiao_test_id_number ("19870707", 63);
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  DabiaoWindow *window;
  Wait w;

  create_event (event_path);
  window = open_desk (event_path, NULL, NULL, badges);
  /* 首选项 → 登记台 shows no code as if chosen (findings-15b #6), says
   * none is, and takes one typed there. */
  {
    DabiaoPreferencesWindow *prefs = dabiao_preferences_window_new (GTK_WINDOW (window));
    GtkWidget *row = dabiao_test_get_widget (GTK_WIDGET (prefs), "desk-code");
    g_autoptr(GVariant) chosen = NULL;

    gtk_window_present (GTK_WINDOW (prefs));
    dabiao_test_wait (200);
    /* Where the README says it is (findings-15d #11: "首选项 → 登记台"
     * sent the trial looking; it is 测试站's section 登记台). */
    {
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);
      GtkWidget *page = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_PAGE);
      g_autofree char *readme_path = g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "README.md", NULL);
      g_autofree char *readme = NULL;

      g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));
      g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "登记台");
      g_assert_cmpstr (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (page)), ==, "测试站");
      g_assert_nonnull (strstr (readme, "首选项 → 测试站 → 登记台"));
    }
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
    g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "尚未选定"));
    dabiao_test_screenshot (GTK_WIDGET (prefs), "public-day-prefs-desk-unchosen");
    gtk_editable_set_text (GTK_EDITABLE (row), "a-");
    g_assert_true (gtk_widget_has_css_class (row, "error"));
    chosen = g_settings_get_user_value (settings, "desk-code");
    g_assert_null (chosen);
    gtk_editable_set_text (GTK_EDITABLE (row), "e");
    chosen = g_settings_get_user_value (settings, "desk-code");
    g_assert_nonnull (chosen);
    g_assert_cmpstr (g_variant_get_string (chosen, NULL), ==, "E");
    g_assert_cmpstr (label_text (window, "register-desk"), ==, "登记台 E");
    gtk_editable_set_text (GTK_EDITABLE (row), "");
    g_clear_pointer (&chosen, g_variant_unref);
    chosen = g_settings_get_user_value (settings, "desk-code");
    g_assert_null (chosen);
    gtk_window_destroy (GTK_WINDOW (prefs));
  }
  g_assert_cmpstr (label_text (window, "register-desk"), ==, "登记台：尚未选定");
  g_assert_nonnull (strstr (label_text (window, "register-desk-note"), "尚未选定"));
  g_assert_nonnull (strstr (label_text (window, "register-desk-note"), "每台"));

  /* The first registration asks, offering no code (findings-15d #8: "A"
   * offered on every computer, Enter made desk B a second A): Enter does
   * nothing; Esc: nobody registered. */
  type_into (window, "register-id-card", n1);
  type_into (window, "register-name", "周一");
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  g_assert_true (dabiao_test_wait_until (desk_dialog_shown, NULL, 10000));
  {
    GtkWidget *dialog = GTK_WIDGET (dabiao_test_find_message_dialog ());

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dabiao_test_get_widget (dialog, "register-desk-entry"))),
                     ==, "");
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "choose"));
  }
  dabiao_test_dialog_key (FALSE);
  w = (Wait) { window, "未登记", 0 };
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  g_assert_cmpuint (dabiao_register_page_get_n_registered (register_page (window)), ==, 0);
  g_assert_cmpstr (field (window, "register-name"), ==, "周一");

  /* Again: this computer is desk B (typed in lower case). */
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  answer_desk_dialog ("b");
  w = (Wait) { window, "已登记：B0001", 0 };
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  {
    g_autofree char *code = g_settings_get_string (settings, "desk-code");

    g_assert_cmpstr (code, ==, "B");
  }
  g_assert_cmpstr (label_text (window, "register-desk"), ==, "登记台 B");
  g_assert_nonnull (strstr (label_text (window, "register-desk-note"), "B0001"));

  /* Not asked again. */
  type_into (window, "register-id-card", n2);
  type_into (window, "register-name", "吴二");
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  w = (Wait) { window, "已登记：B0002", 0 };
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  g_assert_false (desk_dialog_shown (NULL));

  /* 更改登记台…: desk C from now on. */
  dabiao_test_click (GTK_WIDGET (window), "register-desk-change");
  answer_desk_dialog ("C");
  g_assert_cmpstr (label_text (window, "register-desk"), ==, "登记台 C");
  type_into (window, "register-id-card", n3);
  type_into (window, "register-name", "郑三");
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  w = (Wait) { window, "已登记：C0001", 0 };
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-desk-code-chosen");
  /* 首选项 → 登记台 cleared, then D typed: no red "“”无效" left behind. */
  g_settings_set_string (settings, "desk-code", "");
  g_settings_set_string (settings, "desk-code", "D");
  g_assert_cmpstr (label_text (window, "register-desk"), ==, "登记台 D");
  g_assert_null (strstr (result (window), "无效"));
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
}

typedef struct
{
  DabiaoWindow       *window;
  const char * const *keys;
} KeysInSight;

static gboolean
keys_in_sight (gpointer data)
{
  KeysInSight *k = data;

  for (guint i = 0; k->keys[i] != NULL; i++)
    if (!dabiao_test_in_sight (dabiao_test_get_widget (GTK_WIDGET (k->window), k->keys[i]), GTK_WIDGET (k->window)))
      return FALSE;
  return TRUE;
}

/* The desk's key screen at 1024×600 with the fonts CI has: the button,
 * what the last press did, the age group and the desk code stay in sight
 * without scrolling, before and after a registration (the trial: the
 * button and 已登记 … were below the fold). */
static void
test_register_small_screen (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "小屏幕.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-small", NULL);
  g_autofree char *n1 = dabiao_test_id_number ("19750808", 74);
  g_autoptr(GFile) file = g_file_new_for_path (event_path);
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  const char *keys[] = { "register-button", "register-clear", "register-desk-change", "register-id-card", NULL };
  DabiaoWindow *window;
  Wait w;

  create_event (event_path);
  g_settings_set_string (settings, "desk-code", "A");
  g_settings_set_string (settings, "badge-folder", badges);
  g_settings_set_string (settings, "id-card-port", "");
  window = dabiao_test_open_window (file, 1024, 600);
  dabiao_window_show_page (window, "register");
  /* The page laid out at its size (slow under ASan), then every key checked. */
  dabiao_test_wait_until (keys_in_sight, &(KeysInSight) { window, keys }, 5000);
  for (guint i = 0; keys[i] != NULL; i++)
    if (!dabiao_test_in_sight (dabiao_test_get_widget (GTK_WIDGET (window), keys[i]), GTK_WIDGET (window)))
      g_ptr_array_add (problems, g_strdup_printf ("1024×600, empty form: %s is not wholly in sight", keys[i]));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-register-1024x600-empty");

  /* A card typed in: its group is shown; registered: 已登记 … */
  type_into (window, "register-id-card", n1);
  type_into (window, "register-name", "冯四");
  type_into (window, "register-phone", "13900139000");
  dabiao_test_wait (300);
  if (!dabiao_test_in_sight (dabiao_test_get_widget (GTK_WIDGET (window), "register-group"), GTK_WIDGET (window)))
    g_ptr_array_add (problems, g_strdup ("1024×600, a card typed in: its age group is not wholly in sight"));
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  w = (Wait) { window, "已登记：A0001", 0 };
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  dabiao_test_wait (300);
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-register-1024x600-registered");
  for (guint i = 0; keys[i] != NULL; i++)
    if (!dabiao_test_in_sight (dabiao_test_get_widget (GTK_WIDGET (window), keys[i]), GTK_WIDGET (window)))
      g_ptr_array_add (problems, g_strdup_printf ("1024×600, registered: %s is not wholly in sight", keys[i]));
  if (!dabiao_test_in_sight (dabiao_test_get_widget (GTK_WIDGET (window), "register-result"), GTK_WIDGET (window)))
    g_ptr_array_add (problems, g_strdup ("1024×600, registered: 已登记 … is not wholly in sight"));
  dabiao_test_check_layout (GTK_WIDGET (window), "register page 1024×600", 1024, 600, problems);
  dabiao_test_check_chinese (GTK_WIDGET (window), "register page", problems);

  /* The 名单's 身份证号 column holds the whole number, masked or shown
   * whole (findings-15c #9: "1101**********011", the last digit cut). */
  dabiao_window_show_page (window, "roster");
  {
    g_autofree char *masked = g_strdup_printf ("%.4s**********%s", n1, n1 + 14);
    CellWait cw = { window, masked };
    GtkWidget *cell;
    int cell_w, masked_w, whole_w;

    g_assert_true (dabiao_test_wait_until (cell_appears, &cw, 10000));
    dabiao_test_wait (300);
    cell = find_cell (GTK_WIDGET (window), masked);
    cell_w = gtk_widget_get_width (cell);
    masked_w = text_width (cell, masked);
    whole_w = text_width (cell, n1);
    g_test_message ("身份证号 cell %d px; the masked number %d px, whole %d px", cell_w, masked_w, whole_w);
    if (!dabiao_test_in_sight (cell, GTK_WIDGET (window)))
      g_ptr_array_add (problems, g_strdup ("1024×600, 名单: the 身份证号 cell is not wholly in sight (scrolled off)"));
    if (masked_w > cell_w || whole_w > cell_w)
      g_ptr_array_add (problems, g_strdup_printf ("1024×600, 名单: the 身份证号 column (%d px) is narrower than "
                                                  "the number (masked %d px, whole %d px)", cell_w, masked_w, whole_w));
    dabiao_test_screenshot (GTK_WIDGET (window), "public-day-roster-1024x600");
  }
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  dabiao_test_assert_no_problems (problems);
}

static gboolean details_loaded (gpointer data);
static gboolean details_closed (gpointer data);

/* ---- adult wording --------------------------------------------------------- */

/* Every piece of text a person sees under @widget (mapped labels, entry
 * placeholders), into @texts. */
static void
collect_texts (GtkWidget *widget,
               GString   *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_TEXT (widget) && gtk_text_get_placeholder_text (GTK_TEXT (widget)) != NULL)
    g_string_append_printf (texts, "%s\n", gtk_text_get_placeholder_text (GTK_TEXT (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

/* School words a public day's adult event must not show. */
static void
check_adult_words (GtkWidget  *root,
                   const char *where,
                   GPtrArray  *problems)
{
  g_autoptr(GString) texts = g_string_new (NULL);
  const char *school[] = { "学号", "班级", "本班", "各班", "学校", "年级", NULL };
  g_auto(GStrv) lines = NULL;

  collect_texts (root, texts);
  lines = g_strsplit (texts->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    for (guint w = 0; school[w] != NULL; w++)
      if (strstr (lines[i], school[w]) != NULL)
        g_ptr_array_add (problems, g_strdup_printf ("%s: “%s” says %s", where, lines[i], school[w]));
}

/* An adult event (natfit-2003, people by age group) in the zh_CN UI speaks
 * of 编号 and 单位: the roster's search, filter and empty page, the
 * station's check-in, its PgDn key (下一位) and idle line, 活动信息 (no
 * 学校 groups) — the public-day trial found 学号, 全部班级, 本班下一位 and
 * a 学校 section. */
static void
test_adult_wording (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "adult-words.dabiao", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  GtkWindow *details;
  DabiaoWindow *window;

  create_event (event_path);
  window = open_desk (event_path, "A", NULL, "");
  dabiao_window_show_page (window, "roster");
  dabiao_test_wait (300);
  check_adult_words (GTK_WIDGET (window), "roster page, empty", problems);
  {
    g_autoptr(GString) texts = g_string_new (NULL);

    collect_texts (GTK_WIDGET (window), texts);
    g_assert_nonnull (strstr (texts->str, "在“登记”页登记"));   /* the empty page points to 登记 */
  }
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-adult-roster");
  dabiao_window_show_page (window, "station");
  dabiao_test_wait (300);
  check_adult_words (GTK_WIDGET (window), "station page", problems);
  g_assert_cmpstr (label_text (window, "station-next-label"), ==, "下一位");
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-adult-station");
  dabiao_window_show_page (window, "register");
  dabiao_test_wait (300);
  check_adult_words (GTK_WIDGET (window), "register page", problems);
  dabiao_window_show_page (window, "results");
  dabiao_test_wait (300);
  check_adult_words (GTK_WIDGET (window), "results page", problems);
  dabiao_window_show_page (window, "exit");
  dabiao_test_wait (300);
  check_adult_words (GTK_WIDGET (window), "exit page", problems);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.event-details", NULL));
  g_assert_true (dabiao_test_wait_until (details_loaded, NULL, 10000));
  details = dabiao_test_find_toplevel (DABIAO_TYPE_DETAILS_DIALOG);
  dabiao_test_wait (300);
  check_adult_words (GTK_WIDGET (details), "活动信息", problems);
  dabiao_test_screenshot (GTK_WIDGET (details), "public-day-adult-details");
  gtk_window_close (details);
  g_assert_true (dabiao_test_wait_until (details_closed, NULL, 10000));
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  dabiao_test_assert_no_problems (problems);
}

/* ---- no printer ---------------------------------------------------------- */

static gboolean
badge_not_printed (gpointer data)
{
  Wait *w = data;

  return strstr (result (w->window), "胸牌未打印") != NULL;
}

static gboolean
badge_printed_again (gpointer data)
{
  return !badge_not_printed (data);
}

/* No badge folder and no printer (only GTK's print-to-file, which is not a
 * printer): the desk is told that nothing was printed, beside the button,
 * and saves the badge as a PDF instead (the trial: "已登记" and silence). */
static void
test_badge_no_printer (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "no-printer.dabiao", NULL);
  g_autofree char *saved = g_build_filename (tmpdir, "saved-badge.pdf", NULL);
  g_autofree char *n1 = dabiao_test_id_number ("19800909", 85);
  g_autofree char *text = NULL;
  DabiaoWindow *window;
  Wait w;

  /* No CUPS printer may answer, whatever this computer has. */
  g_object_set (gtk_settings_get_default (), "gtk-print-backends", "file", NULL);
  create_event (event_path);
  window = open_desk (event_path, "A", NULL, "");
  type_into (window, "register-id-card", n1);
  type_into (window, "register-name", "陈五");
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  w = (Wait) { window, "已登记：A0001", 0 };
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  g_assert_true (dabiao_test_wait_until (badge_not_printed, &w, 30000));
  g_test_message ("%s", result (window));
  g_assert_nonnull (strstr (result (window), "打印机"));
  g_assert_true (gtk_widget_get_visible (dabiao_test_get_widget (GTK_WIDGET (window), "register-save-badge")));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-badge-no-printer");

  dabiao_test_click (GTK_WIDGET (window), "register-save-badge");
  dabiao_test_answer_file_chooser (saved);
  g_assert_true (dabiao_test_wait_until (file_exists, saved, 15000));
  {
    g_autofree char *qr = badge_qr (saved);

    g_assert_cmpstr (qr, ==, "A0001");
  }
  text = pdf_text (saved);
  g_assert_nonnull (strstr (text, "陈五"));
  g_assert_true (dabiao_test_wait_until (badge_printed_again, &w, 10000));
  g_assert_false (gtk_widget_get_visible (dabiao_test_get_widget (GTK_WIDGET (window), "register-save-badge")));

  /* Another not printed and not saved; then a badge folder is set: it is
   * written there (findings-15d #9: such badges were never produced), the
   * one saved already is not. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
    g_autofree char *n2 = dabiao_test_id_number ("19811010", 96);
    g_autofree char *folder = g_build_filename (tmpdir, "badges-set-later", NULL);
    g_autofree char *pdf = g_build_filename (folder, "胸牌-A0002.pdf", NULL);
    g_autofree char *first = g_build_filename (folder, "胸牌-A0001.pdf", NULL);

    type_into (window, "register-id-card", n2);
    type_into (window, "register-name", "陈六");
    dabiao_test_click (GTK_WIDGET (window), "register-button");
    w = (Wait) { window, "已登记：A0002", 0 };
    g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
    g_assert_true (dabiao_test_wait_until (badge_not_printed, &w, 30000));
    g_settings_set_string (settings, "badge-folder", folder);
    if (!dabiao_test_wait_until (file_exists, pdf, 15000))
      g_error ("the badge not printed was not written when a badge folder was set");
    g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
    g_assert_true (dabiao_test_wait_until (badge_printed_again, &w, 10000));
    g_settings_set_string (settings, "badge-folder", "");
  }

  /* (The 8-s fallback for GTK's CUPS backend with no CUPS running — the
   * trial's computer — was checked by hand: a pending search for printers
   * left in this process kept later windows' card readers from filling
   * the form, so it is not part of this test.) */
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  g_object_set (gtk_settings_get_default (), "gtk-print-backends", "file,cups", NULL);
}

/* ---- the exit desk (发证) ---------------------------------------------------- */

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

/* The exit page said how issuing w->text's certificate went: issued
 * (已发证 …) or why not (the message in red). */
static gboolean
exit_issue_done (gpointer data)
{
  Wait *w = data;
  GtkWidget *message = dabiao_test_get_widget (GTK_WIDGET (w->window), "exit-message");
  const char *text = gtk_label_get_text (GTK_LABEL (message));

  return (g_str_has_prefix (text, "已发证") && strstr (text, w->text) != NULL)
         || gtk_widget_has_css_class (message, "error");
}

static gboolean
details_loaded (gpointer data)
{
  GtkWindow *details = dabiao_test_find_toplevel (DABIAO_TYPE_DETAILS_DIALOG);

  return details != NULL && dabiao_details_dialog_get_loaded (DABIAO_DETAILS_DIALOG (details));
}

static gboolean
details_closed (gpointer data)
{
  return dabiao_test_find_toplevel (DABIAO_TYPE_DETAILS_DIALOG) == NULL;
}

static gboolean
no_issuer_hidden (gpointer data)
{
  return !gtk_widget_is_visible (dabiao_test_get_widget (data, "exit-no-issuer"));
}

/* An event without 主办单位: the exit page says at once that no
 * certificate can be issued and why; its button opens 活动信息; once the
 * 主办单位 is saved, the certificate is issued. */
static void
test_exit_no_issuer (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "exit-no-issuer.dabiao", NULL);
  g_autofree char *folder = g_build_filename (tmpdir, "certificates-no-issuer", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  g_autofree char *id = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  GtkWindow *details;
  DabiaoWindow *window;
  Wait w;

  create_event_by (event_path, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (event_path, 0, &error);
    g_autofree char *number = dabiao_test_id_number ("19900415", 91);
    DabiaoWalkIn walk_in = { .id_card = number, .name = "蒋明" };
    g_autoptr(DabiaoRegistration) r = dabiao_event_register (event, &walk_in, "E", &error);

    g_assert_no_error (error);
    id = g_strdup (r->id);
    dabiao_test_record_all (event, id, TRUE, NULL);
    dabiao_event_close (event);
  }
  g_settings_set_string (settings, "certificate-folder", folder);
  window = open_desk (event_path, "E", NULL, "");
  dabiao_window_show_page (window, "exit");
  g_assert_true (dabiao_test_wait_until (exit_pending_is, &(Wait) { window, NULL, 1 }, 10000));
  g_assert_true (gtk_widget_is_visible (dabiao_test_get_widget (GTK_WIDGET (window), "exit-no-issuer")));
  /* Meanwhile the CLI cannot issue (the window has the file) and says why
   * this export, unlike the others, needs the file to itself. */
  {
    g_autofree char *out = g_build_filename (tmpdir, "cli-certificates.pdf", NULL);
    const char *argv[] = { g_getenv ("DABIAO_CLI"), "export", "certificates", event_path, "-o", out, NULL };
    g_autofree char *err = NULL;
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                                 &status, NULL));
    g_test_message ("%s", err);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "证书编号写在活动文件里"));
  }
  g_assert_nonnull (strstr (label_text (window, "exit-no-issuer"), "主办单位"));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-no-issuer");

  dabiao_test_click (GTK_WIDGET (window), "exit-event-details");
  g_assert_true (dabiao_test_wait_until (details_loaded, NULL, 10000));
  details = dabiao_test_find_toplevel (DABIAO_TYPE_DETAILS_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (dabiao_test_get_widget (GTK_WIDGET (details), "organizer")), "海淀区体育局");
  dabiao_test_click (GTK_WIDGET (details), "save");
  g_assert_true (dabiao_test_wait_until (details_closed, NULL, 10000));
  if (!dabiao_test_wait_until (no_issuer_hidden, window, 10000))
    g_error ("still no issuer on page %s: %s", dabiao_window_get_page (window), label_text (window, "exit-message"));

  exit_scan (window, id, id);
  dabiao_test_click (GTK_WIDGET (window), "exit-issue");
  w = (Wait) { window, id, 0 };
  g_assert_true (dabiao_test_wait_until (exit_issue_done, &w, 60000));
  g_assert_true (g_str_has_prefix (label_text (window, "exit-message"), "已发证"));
  pdf = find_pdf (folder, id);
  g_assert_nonnull (pdf);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "海淀区体育局"));
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  g_settings_reset (settings, "certificate-folder");
}


static gboolean
outside_dialog_shown (gpointer data)
{
  GtkWindow *dialog = dabiao_test_find_message_dialog ();

  return dialog != NULL && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (dialog)), "register-outside-dialog") == 0;
}

static gboolean
outside_dialog_gone (gpointer data)
{
  return !outside_dialog_shown (data);
}

/* findings-15b #2: a 61-year-old at an event testing 成年甲组 and 成年乙组
 * only.  The desk says so as the card is typed; 登记 asks first (Esc:
 * nobody registered; 仍然登记: registered); with every result recorded,
 * the exit desk holds his certificate (不发证, the reason). */
static gboolean
cell_laid_out (gpointer data)
{
  CellWait *w = data;
  GtkWidget *cell = find_cell (GTK_WIDGET (w->window), w->text);

  return cell != NULL && gtk_widget_get_width (cell) > 0;
}

static void
test_outside_parts (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "adults-only.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-adults-only", NULL);
  g_autofree char *number = dabiao_test_id_number ("19650302", 97);
  const char * const parts[] = { "成年甲组", "成年乙组", NULL };
  DabiaoEventInfo info = {
    .name = "成年达标日", .standard = "natfit-2003", .date = "2026-12-06", .organizer = "朝阳区体育局",
    .parts = parts,
  };
  DabiaoWindow *window;
  GtkWindow *dialog;
  Wait w;

  g_unlink (event_path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_create (event_path, &info, &error);

    g_assert_no_error (error);
  }
  window = open_desk (event_path, "A", NULL, badges);
  type_into (window, "register-id-card", number);
  type_into (window, "register-name", "老周");
  g_test_message ("%s", label_text (window, "register-group"));
  g_assert_nonnull (strstr (label_text (window, "register-group"), "不在本次活动测试的年龄段（成年甲组、成年乙组）内"));
  g_assert_nonnull (strstr (label_text (window, "register-group"), "老年"));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-outside-parts");

  /* Asked first; Esc registers nobody. */
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  g_assert_true (dabiao_test_wait_until (outside_dialog_shown, NULL, 10000));
  dialog = dabiao_test_find_message_dialog ();
  dabiao_test_screenshot (GTK_WIDGET (dialog), "public-day-outside-parts-dialog");
  dabiao_test_dialog_key (FALSE);
  g_assert_true (dabiao_test_wait_until (outside_dialog_gone, NULL, 10000));
  dabiao_test_wait (300);
  g_assert_null (strstr (result (window), "已登记"));
  /* Confirmed: registered. */
  dabiao_test_click (GTK_WIDGET (window), "register-button");
  g_assert_true (dabiao_test_wait_until (outside_dialog_shown, NULL, 10000));
  dabiao_test_click_labelled (GTK_WIDGET (dabiao_test_find_message_dialog ()), "仍然登记");
  w = (Wait) { window, "已登记：A0001", 0 };
  g_assert_true (dabiao_test_wait_until (result_has, &w, 10000));
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);

  /* Every item recorded, results that would earn 一级 as 老年. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = NULL;

    /* Once the window's worker has let the file go. */
    for (guint i = 0; i < 100 && event == NULL; i++)
      {
        g_clear_error (&error);
        event = dabiao_event_open (event_path, 0, &error);
        if (event == NULL)
          dabiao_test_wait (100);
      }
    g_assert_no_error (error);
    dabiao_test_record_all (event, "A0001", TRUE, NULL);
    dabiao_event_close (event);
  }
  window = open_desk (event_path, "A", NULL, badges);
  /* His badge and the roster say no age group of the day is his, and that
   * no certificate follows (findings-15c #12: "其他", a blank cell). */
  {
    g_autofree char *pdf = g_strdup_printf ("%s/胸牌-A0001.pdf", badges);
    g_autofree char *text = pdf_text (pdf);
    CellWait cw = { window, "不在本次测试年龄段（不发证）" };

    g_test_message ("badge: %s", text);
    g_assert_nonnull (strstr (text, "不在本次测试年龄段（不发证）"));
    g_assert_null (strstr (text, "其他"));
    dabiao_window_show_page (window, "roster");
    if (!dabiao_test_wait_until (cell_appears, &cw, 10000))
      {
        dump_cells (GTK_WIDGET (window));
        g_error ("the roster does not say he is outside the ages tested");
      }
    /* Whole, not 不在本次测试年…  (Once laid out: under ASan at load the
     * cell had no width yet after 300 ms.) */
    g_assert_true (dabiao_test_wait_until (cell_laid_out, &cw, 10000));
    g_assert_cmpint (text_width (find_cell (GTK_WIDGET (window), cw.text), cw.text), <=,
                     gtk_widget_get_width (find_cell (GTK_WIDGET (window), cw.text)));
    dabiao_test_screenshot (GTK_WIDGET (window), "public-day-outside-parts-roster");
  }
  dabiao_window_show_page (window, "exit");
  exit_scan (window, "A0001", "A0001");
  g_test_message ("%s", label_text (window, "exit-status"));
  g_assert_true (g_str_has_prefix (label_text (window, "exit-status"), "不发证"));
  g_assert_nonnull (strstr (label_text (window, "exit-status"), "成年甲组、成年乙组"));
  g_assert_false (gtk_widget_get_sensitive (dabiao_test_get_widget (GTK_WIDGET (window), "exit-issue")));
  g_assert_cmpuint (dabiao_exit_page_get_n_pending (DABIAO_EXIT_PAGE (dabiao_window_get_page_widget (window, "exit"))),
                    ==, 0);
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-outside-parts-exit");
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
}

static void
collect_labels (GtkWidget *widget,
                GString   *texts)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s|", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

/* The texts of the exit page's result row titled @title ("身高标准体重|正常体重 · 5 分|"). */
static char *
exit_result_row (DabiaoWindow *window,
                 const char   *title)
{
  GtkWidget *list = dabiao_test_get_widget (GTK_WIDGET (window), "exit-results");
  GString *texts = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      collect_labels (row, texts);
  return g_string_free (texts, FALSE);
}

static gboolean
exit_no_printer_shown (gpointer data)
{
  return gtk_widget_is_visible (dabiao_test_get_widget (data, "exit-save-pdf"));
}

/* findings-15b #3: 发证 where GTK's CUPS backend looks for printers for
 * ever (no cupsd, as on the trial's computer) said nothing.  Now, after
 * DABIAO_PRINTER_PATIENCE_S: 没有可用的打印机 and 存为 PDF…, whose folder
 * becomes the certificate folder.  In a child process: the search that
 * never ends stays behind there. */
static void
test_exit_no_printer (void)
{
  g_autofree char *event_path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *socket = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *chosen = NULL;
  g_autoptr(GSettings) settings = NULL;
  DabiaoWindow *window;
  gint64 start;
  Wait w;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 180 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  event_path = g_build_filename (tmpdir, "exit-no-printer.dabiao", NULL);
  folder = g_build_filename (tmpdir, "certificates-chosen", NULL);
  saved = g_build_filename (folder, "证书.pdf", NULL);
  socket = g_build_filename (tmpdir, "no-cupsd.sock", NULL);
  settings = g_settings_new ("cn.dabiao.Station");
  /* CUPS only, and no cupsd to answer. */
  g_setenv ("CUPS_SERVER", socket, TRUE);
  g_object_set (gtk_settings_get_default (), "gtk-print-backends", "cups", NULL);
  g_settings_reset (settings, "certificate-folder");
  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  create_event (event_path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (event_path, 0, &error);
    g_autofree char *number = dabiao_test_id_number ("19900415", 95);
    DabiaoWalkIn walk_in = { .id_card = number, .name = "钱多" };
    g_autoptr(DabiaoRegistration) r = dabiao_event_register (event, &walk_in, "E", &error);

    g_assert_no_error (error);
    id = g_strdup (r->id);
    dabiao_test_record_all (event, id, TRUE, NULL);
    dabiao_event_close (event);
  }
  window = open_desk (event_path, "E", NULL, "");
  dabiao_window_show_page (window, "exit");
  exit_scan (window, id, id);
  /* 身高标准体重: the level it gives, not the weight (findings-15b #9). */
  {
    g_autofree char *row = exit_result_row (window, "身高标准体重");

    g_test_message ("身高标准体重: %s", row);
    g_assert_nonnull (strstr (row, "体重 · "));
    g_assert_null (strstr (row, "70.0"));
  }
  start = g_get_monotonic_time ();
  dabiao_test_click (GTK_WIDGET (window), "exit-issue");
  g_assert_true (dabiao_test_wait_until (exit_no_printer_shown, window, 60000));
  g_test_message ("no printer said after %.1f s: %s", (g_get_monotonic_time () - start) / 1e6,
                  label_text (window, "exit-message"));
  g_assert_nonnull (strstr (label_text (window, "exit-message"), "没有可用的打印机"));
  g_assert_true (gtk_widget_has_css_class (dabiao_test_get_widget (GTK_WIDGET (window), "exit-message"), "error"));
  g_assert_true (gtk_widget_get_sensitive (dabiao_test_get_widget (GTK_WIDGET (window), "exit-issue")));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-no-printer");

  dabiao_test_click (GTK_WIDGET (window), "exit-save-pdf");
  dabiao_test_answer_file_chooser (saved);
  w = (Wait) { window, "已发证", 0 };
  g_assert_true (dabiao_test_wait_until (file_exists, saved, 30000));
  if (!dabiao_test_wait_until (exit_message_has, &w, 30000))
    g_error ("%s", label_text (window, "exit-message"));
  g_assert_false (gtk_widget_is_visible (dabiao_test_get_widget (GTK_WIDGET (window), "exit-save-pdf")));
  text = pdf_text (saved);
  g_assert_nonnull (strstr (text, "钱多"));
  /* An adult's labels: 组别, not 年级 (findings-15b #8). */
  g_assert_nonnull (strstr (text, "组别："));
  g_assert_null (strstr (text, "年级"));
  /* The next ones go to that folder. */
  chosen = g_settings_get_string (settings, "certificate-folder");
  g_assert_cmpstr (chosen, ==, folder);
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-saved-pdf");
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
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
  g_autofree char *full = dabiao_test_id_number ("19900415", 11);
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
        g_autofree char *number = dabiao_test_id_number ("19900415", 11 + 2 * i);
        DabiaoWalkIn walk_in = { .id_card = number, .name = names[i] };
        g_autoptr(DabiaoRegistration) r = dabiao_event_register (event, &walk_in, "E", &error);

        g_assert_no_error (error);
        *ids[i] = g_strdup (r->id);
      }
    dabiao_test_record_all (event, strong, TRUE, NULL);
    dabiao_test_record_all (event, weak, FALSE, NULL);
    dabiao_test_record_all (event, half, TRUE, "vital_capacity");
    dabiao_test_record_all (event, strong2, TRUE, NULL);
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
  /* A badge of another event: said, and nobody stays shown, so Ctrl+Enter
   * issues nothing. */
  {
    GtkWidget *entry = dabiao_test_get_widget (GTK_WIDGET (window), "exit-scan");

    gtk_editable_set_text (GTK_EDITABLE (entry), "Z9999");
    g_signal_emit_by_name (entry, "activate");
    w = (Wait) { window, "Z9999", 0 };
    g_assert_true (dabiao_test_wait_until (exit_message_has, &w, 10000));
    g_assert_cmpstr (label_text (window, "exit-name"), ==, "请扫描胸牌");
    g_assert_false (gtk_widget_get_sensitive (issue));
  }
  exit_scan (window, strong, strong);
  /* A folder that cannot be made: said on the page, nothing issued. */
  g_settings_set_string (settings, "certificate-folder", "/proc/dabiao-no-such-folder");
  dabiao_test_key (GTK_WIDGET (window), "ctrl+Return");
  w = (Wait) { window, "/proc/dabiao-no-such-folder", 0 };
  g_assert_true (dabiao_test_wait_until (exit_message_has, &w, 10000));
  dabiao_test_wait (500);
  g_assert_nonnull (strstr (label_text (window, "exit-message"), "/proc/dabiao-no-such-folder"));
  g_assert_cmpuint (dabiao_exit_page_get_n_pending (DABIAO_EXIT_PAGE (dabiao_window_get_page_widget (window, "exit"))),
                    ==, 2);
  g_settings_set_string (settings, "certificate-folder", folder);
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

/* ---- 显示完整证件号 on the roster page ------------------------------------ */

static guint
n_full_id_audits (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) audit = NULL;
  guint n = 0;

  g_assert_no_error (error);
  audit = dabiao_event_list_audit (event, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    if (g_strcmp0 (((DabiaoAuditEntry *) g_ptr_array_index (audit, i))->action, "full-id") == 0)
      n++;
  return n;
}

/* A label mapped under @widget (an audit row's title) that holds @text. */
static gboolean
label_shown (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_shown (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
audit_row_appears (gpointer data)
{
  CellWait *w = data;

  return label_shown (GTK_WIDGET (w->window), w->text);
}

static gboolean
full_ids_dialog_shown (gpointer data)
{
  GtkWindow *dialog = dabiao_test_find_message_dialog ();

  return dialog != NULL && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (dialog)), "full-ids-dialog") == 0;
}

/* A 学籍号 holding a 身份证号 (G + the number) is masked on the roster page,
 * and so is a walk-in's 身份证号 in its own column (the 编号 A0001 holds
 * none: the trial's toggle changed nothing visible); the toggle shows both
 * whole once the audit has recorded it, and hides them again. */
static void
test_roster_full_ids (void)
{
  g_autofree char *event_path = g_build_filename (tmpdir, "roster-ids.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-roster", NULL);
  g_autofree char *number = dabiao_test_id_number ("20080101", 42);
  g_autofree char *student_no = g_strconcat ("G", number, NULL);
  g_autofree char *masked = g_strdup_printf ("G%.4s**********%s", number, number + 14);
  g_autofree char *walk_in = dabiao_test_id_number ("19791111", 66);
  g_autofree char *walk_in_masked = g_strdup_printf ("%.4s**********%s", walk_in, walk_in + 14);
  DabiaoRosterPage *page;
  DabiaoWindow *window;
  GtkWindow *dialog;
  CellWait w;

  create_event (event_path);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (event_path, 0, &error);
    DabiaoParticipantInfo info = { .id = student_no, .name = "周同学", .sex = 1, .birth_date = "2008-01-01",
                                   .id_card = number };

    DabiaoWalkIn person = { .id_card = walk_in, .name = "郭来" };
    g_autoptr(DabiaoRegistration) r = NULL;

    g_assert_no_error (error);
    g_assert_true (dabiao_event_add_participants (event, &info, 1, NULL, NULL, &error));
    g_assert_no_error (error);
    r = dabiao_event_register (event, &person, "R", &error);
    g_assert_no_error (error);
    dabiao_event_close (event);
  }
  window = open_desk (event_path, "R", NULL, badges);
  dabiao_window_show_page (window, "roster");
  page = DABIAO_ROSTER_PAGE (dabiao_window_get_page_widget (window, "roster"));
  w = (CellWait) { window, masked };
  g_assert_true (dabiao_test_wait_until (cell_appears, &w, 10000));
  g_assert_false (cell_shown (GTK_WIDGET (window), student_no));
  g_assert_true (cell_shown (GTK_WIDGET (window), walk_in_masked));
  g_assert_false (cell_shown (GTK_WIDGET (window), walk_in));
  /* Searching by the whole number still finds the person. */
  dabiao_roster_page_set_search (page, student_no);
  g_assert_true (dabiao_test_wait_until (cell_appears, &w, 10000));
  dabiao_roster_page_set_search (page, "");
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-roster-masked");

  /* Asked first, with a reason (findings-15b #7): none, nothing shown. */
  dabiao_test_click (GTK_WIDGET (window), "full-id-toggle");
  g_assert_true (dabiao_test_wait_until (full_ids_dialog_shown, NULL, 10000));
  dialog = dabiao_test_find_message_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "show"));
  dabiao_test_dialog_key (FALSE);
  dabiao_test_wait (300);
  g_assert_false (dabiao_roster_page_get_full_ids (page));
  g_assert_false (cell_shown (GTK_WIDGET (window), walk_in));
  dabiao_test_click (GTK_WIDGET (window), "full-id-toggle");
  g_assert_true (dabiao_test_wait_until (full_ids_dialog_shown, NULL, 10000));
  dialog = dabiao_test_find_message_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (dabiao_test_get_widget (GTK_WIDGET (dialog), "full-ids-reason")), "核对郭来的身份证");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "show"));
  dabiao_test_screenshot (GTK_WIDGET (dialog), "public-day-full-ids-reason");
  dabiao_test_click_labelled (GTK_WIDGET (dialog), "显示");
  g_assert_true (dabiao_test_wait_until ((gboolean (*) (gpointer)) dabiao_roster_page_get_full_ids, page, 10000));
  w.text = student_no;
  if (!dabiao_test_wait_until (cell_appears, &w, 10000))
    {
      dump_cells (GTK_WIDGET (window));
      g_error ("not shown whole");
    }
  w.text = walk_in;
  g_assert_true (dabiao_test_wait_until (cell_appears, &w, 10000));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-roster-full-ids");
  /* Off again: masked at once. */
  dabiao_test_click (GTK_WIDGET (window), "full-id-toggle");
  w.text = masked;
  g_assert_true (dabiao_test_wait_until (cell_appears, &w, 10000));
  g_assert_true (cell_shown (GTK_WIDGET (window), walk_in_masked));
  g_assert_false (dabiao_roster_page_get_full_ids (page));
  /* The audit trail in the window (成绩 page) has it, with the reason. */
  dabiao_window_show_page (window, "results");
  w.text = "核对郭来的身份证";
  if (!dabiao_test_wait_until (audit_row_appears, &w, 10000))
    g_error ("the 成绩 page's audit does not show the reason");
  g_assert_true (label_shown (GTK_WIDGET (window), "完整证件号"));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-full-ids-audit");

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  g_assert_cmpuint (n_full_id_audits (event_path), ==, 1);
}

/* ---- the whole day ---------------------------------------------------------- */

#define N_WALK_INS 20

typedef struct
{
  const char *name;
  guint       seq;      /* in the 身份证号: odd a man, even a woman */
  gboolean    strong;   /* reaches a level; else 四级 (no certificate) */
  gboolean    absent;   /* leaves before 肺活量: not finished */
} WalkIn;

static const WalkIn walk_ins[N_WALK_INS] = {
  { "张伟", 101, TRUE }, { "王芳", 102, TRUE }, { "李娜", 104, TRUE }, { "刘洋", 103, FALSE },
  { "陈静", 106, TRUE }, { "杨帆", 105, TRUE }, { "赵磊", 107, TRUE }, { "黄丽", 108, TRUE },
  { "周杰", 109, FALSE }, { "吴敏", 110, TRUE },
  { "徐强", 111, TRUE }, { "孙悦", 112, TRUE }, { "马超", 113, TRUE }, { "朱琳", 114, TRUE },
  { "胡斌", 115, FALSE }, { "郭颖", 116, TRUE }, { "何勇", 117, TRUE }, { "高洁", 118, TRUE },
  { "林峰", 119, TRUE }, { "罗兰", 120, TRUE, TRUE },
};

/* The values of a walk-in of 35～39: the items other stations measured
 * (recorded through the core, as their files bring them), or @item alone. */
static double
walk_in_value (const WalkIn *w,
               const char   *item)
{
  gboolean man = w->seq % 2 == 1;
  const struct { const char *item; double man, woman, poor; } values[] = {
    { "height", 175, 162, 170 }, { "weight", 70, 55, 70 }, { "step_time", 180, 180, 180 },
    { "pulse1", 50, 50, 90 }, { "pulse2", 45, 45, 85 }, { "pulse3", 40, 40, 80 },
    { "push_up", 40, NAN, 1 }, { "sit_up_1min", NAN, 40, 1 }, { "vertical_jump", 55, 42, 10 },
    { "sit_and_reach", 18, 20, -5 }, { "choice_reaction", 0.35, 0.35, 1.5 }, { "one_leg_stand", 90, 90, 2 },
    /* at the two stations of the journey */
    { "vital_capacity", 4800, 3600, 1200 }, { "grip", 55, 38, 15 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].item, item))
      {
        if ((man && isnan (values[i].man)) || (!man && isnan (values[i].woman)))
          return NAN;   /* not this sex's item */
        if (!w->strong && !g_str_equal (item, "height") && !g_str_equal (item, "weight"))
          return values[i].poor;
        return man ? values[i].man : values[i].woman;
      }
  g_assert_not_reached ();
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* `dabiao-cli ARGS…`: its standard output (it must succeed). */
static char *
cli (const char *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  char *out;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DABIAO_CLI"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  out = tool_output ((const char * const *) argv->pdata);
  g_assert_nonnull (out);
  return out;
}

/* One desk registers @n cards of walk_ins from @first (and @extra, a card
 * registered at the other desk too): a simulated reader, the 登记 page,
 * each badge read back. */
static void
desk_registers (const char *event_path,
                const char *desk,
                guint       first,
                guint       n,
                int         extra,
                GPtrArray  *ids)
{
  g_autofree char *badges = g_strdup_printf ("%s/badges-day-%s", tmpdir, desk);
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) who = g_ptr_array_new ();
  g_autofree char *port = NULL;
  GSubprocess *sim;
  DabiaoWindow *window;

  for (guint i = first; i < first + n; i++)
    g_ptr_array_add (who, (gpointer) &walk_ins[i]);
  if (extra >= 0)
    g_ptr_array_add (who, (gpointer) &walk_ins[extra]);
  for (guint i = 0; i < who->len; i++)
    {
      const WalkIn *w = g_ptr_array_index (who, i);
      g_autofree char *number = dabiao_test_id_number ("19900415", w->seq);

      g_ptr_array_add (cards, g_strdup_printf ("%s,%s", w->name, number));
    }
  g_ptr_array_add (cards, NULL);
  sim = start_sim ((const char * const *) cards->pdata, NULL, &port);
  window = open_desk (event_path, desk, port, badges);
  g_assert_true (dabiao_test_wait_until (reader_connected, window, 10000));
  for (guint i = 0; i < who->len; i++)
    {
      const WalkIn *w = g_ptr_array_index (who, i);
      g_autofree char *id = register_card (window, w->name, NULL);
      g_autofree char *number = dabiao_test_id_number ("19900415", w->seq);

      check_badge (badges, id, number);
      if (ids != NULL && (int) i < (int) n)
        g_ptr_array_add (ids, g_steal_pointer (&id));
    }
  dabiao_test_screenshot (GTK_WIDGET (window), desk[0] == 'A' ? "public-day-desk-a" : "public-day-desk-b");
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  stop_sim (sim);
}

static gboolean
station_saved (gpointer data)
{
  return g_str_has_prefix (dabiao_station_page_get_status_text (data), "已保存");
}

/* A station measuring @item: every badge scanned, the value typed (the
 * station's manual entry), saved.  @first_badge (nullable): the first
 * person scans this badge instead (the second desk's, merged into the
 * first's: findings-15b #1). */
static void
station_measures (const char *event_path,
                  const char *item,
                  GPtrArray  *ids,
                  const char *first_badge)
{
  g_autoptr(GFile) file = g_file_new_for_path (event_path);
  DabiaoWindow *window = g_object_new (DABIAO_TYPE_WINDOW, NULL);
  DabiaoStationPage *station;
  GtkWidget *checkin;
  GPtrArray *items;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
  gtk_window_present (GTK_WINDOW (window));
  dabiao_window_open_file (window, file);
  g_assert_true (dabiao_test_wait_until (dabiao_test_session_open, window, 15000));
  dabiao_window_show_page (window, "station");
  station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  items = dabiao_session_get_items (dabiao_window_get_session (window));
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((DabiaoEventItem *) g_ptr_array_index (items, i))->code, item))
      dabiao_station_page_select_item (station, i);
  checkin = dabiao_test_get_widget (GTK_WIDGET (window), "checkin-entry");
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      if (walk_ins[i].absent && g_str_equal (item, "vital_capacity"))
        continue;
      gtk_editable_set_text (GTK_EDITABLE (checkin), i == 0 && first_badge != NULL ? first_badge : id);
      g_signal_emit_by_name (checkin, "activate");
      g_assert_nonnull (dabiao_station_page_get_participant (station));
      g_assert_cmpstr (dabiao_roster_item_get_id (dabiao_station_page_get_participant (station)), ==, id);
      if (i == 0 && first_badge != NULL)
        {
          g_autofree char *said = g_strdup_printf ("%s 已合并到 %s", first_badge, id);

          g_test_message ("%s: %s", first_badge, dabiao_station_page_get_status_text (station));
          g_assert_nonnull (strstr (dabiao_station_page_get_status_text (station), said));
          dabiao_test_screenshot (GTK_WIDGET (window), "public-day-station-merged-badge");
        }
      dabiao_station_page_request (station, DABIAO_RECORD_MANUAL, walk_in_value (&walk_ins[i], item), "测试");
      g_assert_true (dabiao_test_wait_until (station_saved, station, 10000));
    }
  dabiao_test_screenshot (GTK_WIDGET (window), g_str_equal (item, "grip") ? "public-day-station-grip"
                                                                          : "public-day-station-vital");
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
}

/* The QR code of a certificate PDF, decoded. */
static char *
certificate_qr (const char *pdf)
{
  return badge_qr (pdf);
}

/* The button under @root whose label holds @text, or NULL. */
static GtkWidget *
labelled_button (GtkWidget  *root,
                 const char *text)
{
  if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) != NULL
      && strstr (gtk_button_get_label (GTK_BUTTON (root)), text) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = labelled_button (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
merge_done (gpointer data)
{
  GtkWindow *dialog = dabiao_test_find_message_dialog ();

  return dialog != NULL && dabiao_test_find_widget (GTK_WIDGET (dialog), "merge-report") != NULL;
}

/* The organiser opens @event_path and merges @other through the menu
 * (合并其他登记台/测试站的文件…, the file chooser); returns what the dialog
 * says it did. */
static char *
merge_in_window (const char *event_path,
                 const char *other)
{
  g_autoptr(GFile) file = g_file_new_for_path (event_path);
  DabiaoWindow *window = dabiao_test_open_window (file, 1024, 600);
  GtkWindow *dialog;
  char *said;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.merge-files", NULL));
  /* The path typed into the chooser and 打开 clicked (findings-15b #4: it
   * did nothing): the merge runs and says what came in. */
  dabiao_test_type_into_file_chooser (other);
  if (!dabiao_test_wait_until (merge_done, NULL, 60000))
    g_error ("nothing happened after the path was typed into the chooser and 打开 clicked");
  dialog = dabiao_test_find_message_dialog ();
  said = g_strdup (gtk_label_get_text (GTK_LABEL (dabiao_test_get_widget (GTK_WIDGET (dialog), "merge-report"))));
  /* The report and its 关闭 wholly on the dialog (findings-15d #10: the
   * dialog kept the size of its spinner, 关闭 cut off). */
  dabiao_test_wait (300);
  {
    GtkWidget *close = labelled_button (GTK_WIDGET (dialog), "关闭");

    g_assert_nonnull (close);
    if (!dabiao_test_in_sight (close, GTK_WIDGET (dialog)))
      {
        dabiao_test_screenshot (GTK_WIDGET (dialog), "public-day-merge-report-cut");
        g_error ("the merge report's 关闭 is not in sight (dialog %d × %d)", gtk_widget_get_width (GTK_WIDGET (dialog)),
                 gtk_widget_get_height (GTK_WIDGET (dialog)));
      }
  }
  g_assert_false (gtk_widget_has_css_class (dabiao_test_get_widget (GTK_WIDGET (dialog), "merge-report"), "error"));
  dabiao_test_screenshot (GTK_WIDGET (dialog), "public-day-merge-report");
  /* The roster page has them at once. */
  dabiao_window_show_page (window, "roster");
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-merged-in-window");
  dabiao_test_dialog_key (TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  return said;
}

/* findings-15d #2: the 发证 page open while a desk's file is merged in:
 * its 待发证 count follows at once (it said 0 until the tab was left). */
static void
test_exit_after_merge (void)
{
  g_autofree char *day = g_build_filename (tmpdir, "exit-merge.dabiao", NULL);
  g_autofree char *desk = g_build_filename (tmpdir, "exit-merge-desk-b.dabiao", NULL);
  g_autofree char *id = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (day);
  DabiaoWindow *window;
  Wait w;

  create_event (day);
  copy_file (day, desk);
  id = register_in_file (desk, "B", "周八", 79);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (desk, 0, &error);

    g_assert_no_error (error);
    dabiao_test_record_all (event, id, TRUE, NULL);
    dabiao_event_close (event);
  }
  window = dabiao_test_open_window (file, 1024, 600);
  dabiao_window_show_page (window, "exit");
  w = (Wait) { window, NULL, 0 };
  g_assert_true (dabiao_test_wait_until (exit_pending_is, &w, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.merge-files", NULL));
  dabiao_test_type_into_file_chooser (desk);
  g_assert_true (dabiao_test_wait_until (merge_done, NULL, 60000));
  dabiao_test_dialog_key (TRUE);
  g_assert_cmpstr (dabiao_window_get_page (window), ==, "exit");
  w.n = 1;
  if (!dabiao_test_wait_until (exit_pending_is, &w, 10000))
    g_error ("待发证 not refreshed after the merge: %s", label_text (window, "exit-pending-count"));
  g_assert_cmpstr (label_text (window, "exit-pending-count"), ==, "待发证：1");
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-after-merge");
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
}

/* findings-15b #4: 合并… with the other file's path typed into the
 * chooser (Ctrl+L) and 打开 clicked did nothing on the trial's computer,
 * in 最近使用 (not reproduced here: this passed before too).  The chooser
 * now opens in the event's folder; the merge says what came in. */
static void
test_merge_typed_path (void)
{
  g_autofree char *day = g_build_filename (tmpdir, "typed.dabiao", NULL);
  g_autofree char *desk = g_build_filename (tmpdir, "typed-desk-b.dabiao", NULL);
  g_autofree char *said = NULL;

  create_event (day);
  copy_file (day, desk);
  g_free (register_in_file (desk, "B", "孙七", 77));
  said = merge_in_window (day, desk);
  g_test_message ("%s", said);
  g_assert_nonnull (strstr (said, "新增 1 名人员"));
}

static gboolean
label_appears (gpointer data)
{
  CellWait *w = data;

  return label_shown (GTK_WIDGET (w->window), w->text);
}

/* findings-15c #2: the 名单 page said 「没有受测者 / 共 0 人」 after walk-ins
 * registered and a desk's file merged in the same window (the model was
 * reloaded, the page not).  Now it shows each of them at once. */
static void
test_roster_after_register (void)
{
  g_autofree char *day = g_build_filename (tmpdir, "roster-live.dabiao", NULL);
  g_autofree char *desk = g_build_filename (tmpdir, "roster-live-b.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-roster-live", NULL);
  g_autofree char *card1 = dabiao_test_id_number ("19850301", 31);
  g_autofree char *card2 = dabiao_test_id_number ("19850302", 32);
  g_autofree char *c1 = g_strconcat ("钱一,", card1, NULL);
  g_autofree char *c2 = g_strconcat ("钱二,", card2, NULL);
  const char *cards[] = { c1, c2, NULL };
  g_autofree char *port = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  GSubprocess *sim;
  DabiaoWindow *window;
  CellWait w;

  create_event (day);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (day, 0, &error);

    g_assert_no_error (error);
    g_assert_true (dabiao_event_set_setting (event, "parts", "成年甲组、成年乙组", &error));
    g_assert_no_error (error);
    dabiao_event_close (event);
  }
  copy_file (day, desk);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (desk, 0, &error);
    const char *names[] = { "孙七", "周八" };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *number = dabiao_test_id_number ("19900415", 171 + i);
        DabiaoWalkIn walk_in = { .id_card = number, .name = names[i] };
        g_autoptr(DabiaoRegistration) r = dabiao_event_register (event, &walk_in, "B", &error);

        g_assert_no_error (error);
      }
    dabiao_event_close (event);
  }

  sim = start_sim (cards, NULL, &port);
  window = open_desk (day, "A", port, badges);
  g_assert_true (dabiao_test_wait_until (reader_connected, window, 10000));
  /* The 名单 page seen empty first, as at the start of the day. */
  dabiao_window_show_page (window, "roster");
  w = (CellWait) { window, "共 0 人" };
  g_assert_true (dabiao_test_wait_until (label_appears, &w, 10000));
  dabiao_window_show_page (window, "register");
  a1 = register_card (window, "钱一", NULL);
  a2 = register_card (window, "钱二", NULL);

  dabiao_window_show_page (window, "roster");
  w.text = "共 2 人";
  if (!dabiao_test_wait_until (label_appears, &w, 10000))
    {
      dabiao_test_screenshot (GTK_WIDGET (window), "public-day-roster-after-register-failed");
      g_error ("the 名单 page does not count the 2 walk-ins just registered");
    }
  w.text = a2;
  g_assert_true (dabiao_test_wait_until (cell_appears, &w, 10000));
  g_assert_true (cell_shown (GTK_WIDGET (window), a1));
  g_assert_false (label_shown (GTK_WIDGET (window), "没有受测者"));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-roster-after-register");

  /* Desk B's file merged in the same window: its people on the page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.merge-files", NULL));
  dabiao_test_type_into_file_chooser (desk);
  g_assert_true (dabiao_test_wait_until (merge_done, NULL, 60000));
  dabiao_test_dialog_key (TRUE);
  w.text = "共 4 人";
  if (!dabiao_test_wait_until (label_appears, &w, 10000))
    {
      dabiao_test_screenshot (GTK_WIDGET (window), "public-day-roster-after-merge-failed");
      g_error ("the 名单 page does not count the merged desk's walk-ins");
    }
  w.text = "B0002";
  g_assert_true (dabiao_test_wait_until (cell_appears, &w, 10000));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-roster-after-merge");

  /* The 成绩 page's audit says the registrations and the age groups in
   * words, not "register · +A0001 A", "parts = …" (findings-15c #8). */
  dabiao_window_show_page (window, "results");
  w.text = "登记 B0002（登记台 B）";
  if (!dabiao_test_wait_until (label_appears, &w, 10000))
    {
      dabiao_test_screenshot (GTK_WIDGET (window), "public-day-audit-words-failed");
      g_error ("the 成绩 page's audit does not say the registration in words");
    }
  g_assert_true (label_shown (GTK_WIDGET (window), "登记 A0001（登记台 A）"));
  g_assert_true (label_shown (GTK_WIDGET (window), "测试年龄段改为 成年甲组、成年乙组"));
  g_assert_false (label_shown (GTK_WIDGET (window), "register"));
  g_assert_false (label_shown (GTK_WIDGET (window), "parts ="));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-audit-words");

  /* 导出 offers the 成绩表 first: the upload is for student events (15c #7). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  {
    GtkWidget *export = GTK_WIDGET (dabiao_test_find_toplevel (DABIAO_TYPE_EXPORT_DIALOG));

    g_assert_nonnull (export);
    g_assert_cmpint (dabiao_export_dialog_get_kind (DABIAO_EXPORT_DIALOG (export)), ==, DABIAO_EXPORT_RESULTS);
    dabiao_test_screenshot (export, "public-day-export-default");
    gtk_window_destroy (GTK_WINDOW (export));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  stop_sim (sim);
}

/* findings-15c #3: two desks' windows on one computer both opened the one
 * 身份证 reader (a setting of the computer), and cards landed in either.
 * The second window now leaves the port to the first and says so; the
 * cards all reach the first. */
static void
test_reader_one_window (void)
{
  g_autofree char *day = g_build_filename (tmpdir, "reader-a.dabiao", NULL);
  g_autofree char *other = g_build_filename (tmpdir, "reader-b.dabiao", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-reader", NULL);
  g_autofree char *card1 = dabiao_test_id_number ("19850303", 33);
  g_autofree char *card2 = dabiao_test_id_number ("19850304", 34);
  g_autofree char *c1 = g_strconcat ("冯一,", card1, NULL);
  g_autofree char *c2 = g_strconcat ("冯二,", card2, NULL);
  const char *cards[] = { c1, c2, NULL };
  g_autoptr(GFile) other_file = NULL;
  g_autofree char *port = NULL;
  g_autofree char *id = NULL;
  DabiaoWindow *window, *second;
  GSubprocess *sim;
  CellWait w;

  create_event (day);
  copy_file (day, other);
  sim = start_sim (cards, NULL, &port);
  window = open_desk (day, "A", port, badges);
  g_assert_true (dabiao_test_wait_until (reader_connected, window, 10000));

  other_file = g_file_new_for_path (other);
  second = dabiao_test_open_window (other_file, 1000, 900);
  dabiao_window_show_page (second, "register");
  w = (CellWait) { second, "另一个窗口" };
  if (!dabiao_test_wait_until (label_appears, &w, 10000))
    {
      dabiao_test_screenshot (GTK_WIDGET (second), "public-day-reader-second-window-failed");
      g_error ("the second window does not say the reader is read by another window");
    }
  g_assert_null (dabiao_window_get_card_reader (second));
  dabiao_test_screenshot (GTK_WIDGET (second), "public-day-reader-second-window");

  /* Both cards reach the first window. */
  id = register_card (window, "冯一", NULL);
  g_assert_cmpstr (id, ==, "A0001");
  g_clear_pointer (&id, g_free);
  id = register_card (window, "冯二", NULL);
  g_assert_cmpstr (id, ==, "A0002");
  g_assert_cmpstr (field (second, "register-name"), ==, "");

  /* The port set again (首选项 of neither window): still one reader. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");

    g_settings_set_string (settings, "id-card-port", "");
    dabiao_test_wait (200);
    g_assert_null (dabiao_window_get_card_reader (window));
    g_settings_set_string (settings, "id-card-port", port);
    g_assert_true (dabiao_test_wait_until (reader_connected, window, 10000));
    dabiao_test_wait (200);
    g_assert_null (dabiao_window_get_card_reader (second));
  }

  gtk_window_destroy (GTK_WINDOW (second));
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  stop_sim (sim);
}

/* Twenty walk-ins at two desks (two files; one person registers at both),
 * merged; two stations measure 肺活量 and 握力 (the other items come from
 * the other stations' file); merged again; the exit desk issues every
 * certificate earned and none below the level; read back with pdftotext,
 * zbarimg and openpyxl. */
static void
test_whole_day (void)
{
  g_autofree char *day = g_build_filename (tmpdir, "day.dabiao", NULL);
  g_autofree char *desk_a = g_build_filename (tmpdir, "day-desk-a.dabiao", NULL);
  g_autofree char *desk_b = g_build_filename (tmpdir, "day-desk-b.dabiao", NULL);
  g_autofree char *st1 = g_build_filename (tmpdir, "day-station-1.dabiao", NULL);
  g_autofree char *st2 = g_build_filename (tmpdir, "day-station-2.dabiao", NULL);
  g_autofree char *others = g_build_filename (tmpdir, "day-other-stations.dabiao", NULL);
  g_autofree char *folder = g_build_filename (tmpdir, "certificates-day", NULL);
  g_autofree char *badges = g_build_filename (tmpdir, "badges-day-exit", NULL);
  g_autofree char *register_xlsx = g_build_filename (tmpdir, "day-register.xlsx", NULL);
  g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *merged = NULL;
  guint n_due = 0;
  DabiaoWindow *window;
  Wait w;

  create_event (day);
  copy_file (day, desk_a);
  copy_file (day, desk_b);

  /* 1. Two desks, ten walk-ins each; 张伟 (desk A) queues at desk B too. */
  desk_registers (desk_a, "A", 0, 10, -1, ids);
  desk_registers (desk_b, "B", 10, 10, 0, ids);
  g_assert_cmpuint (ids->len, ==, N_WALK_INS);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "A0001");
  g_assert_cmpstr (g_ptr_array_index (ids, 10), ==, "B0001");

  /* 2. The organiser merges the desks — desk A's file with the CLI, desk
   * B's in the window (the menu's 合并…): the second card of 张伟 (B0011,
   * nothing recorded) is named and not added. */
  g_free (cli ("merge", day, desk_a, NULL));
  merged = merge_in_window (day, desk_b);
  g_test_message ("%s", merged);
  g_assert_nonnull (strstr (merged, "新增 10 名人员"));
  g_assert_nonnull (strstr (merged, "同一身份证"));
  g_assert_nonnull (strstr (merged, "B0011"));
  g_assert_nonnull (strstr (merged, "未添加"));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (day, DABIAO_EVENT_OPEN_READ_ONLY, &error);
    DabiaoParticipantQuery query = { 0, };
    g_autoptr(GPtrArray) all = NULL;

    g_assert_no_error (error);
    all = dabiao_event_list_participants (event, &query, 0, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, N_WALK_INS);
  }

  /* 3. The stations get the merged roster; two measure at the window
   * (badge scanned, value typed), the other items come in the other
   * stations' file. */
  copy_file (day, st1);
  copy_file (day, st2);
  copy_file (day, others);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (others, 0, &error);
    const char *items[] = { "height", "weight", "step_time", "pulse1", "pulse2", "pulse3", "push_up",
                            "sit_up_1min", "vertical_jump", "sit_and_reach", "choice_reaction", "one_leg_stand" };

    g_assert_no_error (error);
    for (guint p = 0; p < N_WALK_INS; p++)
      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        {
          double value = walk_in_value (&walk_ins[p], items[i]);
          DabiaoRecordRequest request = { .participant_id = g_ptr_array_index (ids, p), .item = items[i],
                                          .has_value = TRUE, .value = value, .source = DABIAO_SOURCE_MANUAL };
          g_autoptr(DabiaoMeasurement) m = NULL;

          if (isnan (value))
            continue;
          m = dabiao_event_record (event, &request, &error);
          g_assert_no_error (error);
        }
    dabiao_event_close (event);
  }
  /* 张伟 brings his desk-B badge (B0011) to the first station. */
  station_measures (st1, "vital_capacity", ids, "B0011");
  station_measures (st2, "grip", ids, NULL);
  g_free (cli ("merge", day, st1, st2, others, NULL));

  /* 4. The exit desk. */
  for (guint p = 0; p < N_WALK_INS; p++)
    if (walk_ins[p].strong && !walk_ins[p].absent)
      n_due++;
  g_settings_set_string (settings, "certificate-folder", folder);
  window = open_desk (day, "X", NULL, badges);
  dabiao_window_show_page (window, "exit");
  w = (Wait) { window, NULL, n_due };
  g_assert_true (dabiao_test_wait_until (exit_pending_is, &w, 10000));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-queue");
  for (guint p = 0; p < N_WALK_INS; p++)
    {
      const char *id = g_ptr_array_index (ids, p);
      GtkWidget *issue = dabiao_test_get_widget (GTK_WIDGET (window), "exit-issue");

      /* 张伟's desk-B badge at the exit too: A0001, said so. */
      exit_scan (window, p == 0 ? "b0011" : id, id);
      if (p == 0)
        {
          g_assert_nonnull (strstr (label_text (window, "exit-message"), "B0011 已合并到 A0001"));
          dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-merged-badge");
        }
      if (!walk_ins[p].strong || walk_ins[p].absent)
        {
          g_assert_false (gtk_widget_get_sensitive (issue));
          const char *said = label_text (window, "exit-status");

          if (strstr (said, walk_ins[p].absent ? "肺活量" : "不发证") == NULL)
            g_error ("%s %s: %s", id, walk_ins[p].name, said);
          continue;
        }
      g_assert_true (gtk_widget_get_sensitive (issue));
      dabiao_test_key (GTK_WIDGET (window), "ctrl+Return");
      /* The page says how it went (a state, not a time: a loaded machine
       * takes its time); then the PDF is there. */
      w = (Wait) { window, id, 0 };
      if (!dabiao_test_wait_until (exit_issue_done, &w, 120000))
        g_error ("%s: nothing said after Ctrl+Enter (busy: %d)", id, !gtk_widget_get_sensitive (issue));
      if (!g_str_has_prefix (label_text (window, "exit-message"), "已发证"))
        g_error ("%s: %s", id, label_text (window, "exit-message"));
      {
        g_autofree char *pdf = find_pdf (folder, id);

        g_assert_nonnull (pdf);
      }
    }
  w = (Wait) { window, NULL, 0 };
  g_assert_true (dabiao_test_wait_until (exit_pending_is, &w, 10000));
  dabiao_test_screenshot (GTK_WIDGET (window), "public-day-exit-done");
  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  g_settings_reset (settings, "certificate-folder");

  /* 5. Read back: each certificate (pdftotext: name and number; zbarimg:
   * its QR carries the number), the register (openpyxl). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DabiaoEvent) event = dabiao_event_open (day, DABIAO_EVENT_OPEN_READ_ONLY, &error);
    g_autoptr(GPtrArray) records = NULL;
    g_autofree char *listed = NULL;
    const char *python[] = { g_getenv ("DABIAO_PYTHON"), "-c",
                             "import openpyxl,sys\n"
                             "for row in openpyxl.load_workbook(sys.argv[1]).active.iter_rows(values_only=True):\n"
                             "  print('|'.join('' if c is None else str(c) for c in row))\n", register_xlsx, NULL };

    g_assert_no_error (error);
    records = dabiao_event_list_certificate_records (event, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, n_due);
    for (guint p = 0; p < N_WALK_INS; p++)
      {
        const char *id = g_ptr_array_index (ids, p);
        g_autofree char *pdf = find_pdf (folder, id);
        const DabiaoCertificateRecord *record = NULL;

        for (guint r = 0; r < records->len; r++)
          if (g_str_equal (((DabiaoCertificateRecord *) g_ptr_array_index (records, r))->participant_id, id))
            record = g_ptr_array_index (records, r);
        if (!walk_ins[p].strong || walk_ins[p].absent)
          {
            g_assert_null (pdf);
            g_assert_null (record);
            continue;
          }
        g_assert_nonnull (pdf);
        g_assert_nonnull (record);
        {
          g_autofree char *text = pdf_text (pdf);
          g_autofree char *qr = certificate_qr (pdf);
          g_autofree char *number = dabiao_test_id_number ("19900415", walk_ins[p].seq);

          g_assert_nonnull (strstr (text, walk_ins[p].name));
          g_assert_nonnull (strstr (text, record->number));
          g_assert_null (strstr (text, number));
          g_assert_nonnull (strstr (qr, record->number));
        }
      }
    g_free (cli ("certificates", "list", day, "-o", register_xlsx, NULL));
    listed = tool_output (python);
    g_assert_nonnull (listed);
    for (guint p = 0; p < N_WALK_INS; p++)
      {
        gboolean due = walk_ins[p].strong && !walk_ins[p].absent;

        g_assert_true ((strstr (listed, walk_ins[p].name) != NULL) == due);
      }
  }
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
  g_test_add_func ("/public-day/desk-code", test_desk_code);
  g_test_add_func ("/public-day/desk-code-suggested", test_desk_code_suggested);
  g_test_add_func ("/public-day/register-1024x600", test_register_small_screen);
  g_test_add_func ("/public-day/exit-desk", test_exit_desk);
  g_test_add_func ("/public-day/exit-no-issuer", test_exit_no_issuer);
  g_test_add_func ("/public-day/badge-no-printer", test_badge_no_printer);
  g_test_add_func ("/public-day/exit-no-printer", test_exit_no_printer);
  g_test_add_func ("/public-day/outside-parts", test_outside_parts);
  g_test_add_func ("/public-day/adult-wording", test_adult_wording);
  g_test_add_func ("/public-day/roster-full-ids", test_roster_full_ids);
  g_test_add_func ("/public-day/merge-typed-path", test_merge_typed_path);
  g_test_add_func ("/public-day/exit-after-merge", test_exit_after_merge);
  g_test_add_func ("/public-day/roster-after-register", test_roster_after_register);
  g_test_add_func ("/public-day/reader-one-window", test_reader_one_window);
  g_test_add_func ("/public-day/whole-day", test_whole_day);
  status = g_test_run ();
  return status;
}
