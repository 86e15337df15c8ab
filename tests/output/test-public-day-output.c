/* test-public-day-output.c: what a public test day hands out.  The exit
 * desk's core (dabiao-exit-desk.c) — who is 待发证, what a person still
 * misses, that a certificate is issued only at or above the level, through
 * the one certificate lifecycle (numbers from the register, 补发 on a
 * reissue), read back with pdftotext; identity numbers masked in the
 * results sheet, the summary and `roster list` unless asked for, and then
 * audited.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-event-certificates.h"
#include "dabiao-badge.h"
#include "dabiao-event-register.h"
#include "dabiao-exit-desk.h"
#include "dabiao-i18n.h"
#include "public-day-testdata.h"

static char *tmpdir;

static char *
register_man (DabiaoEvent *event,
              const char  *name,
              guint        seq)
{
  g_autofree char *number = dabiao_test_id_number ("19900415", seq);
  DabiaoWalkIn walk_in = { .id_card = number, .name = name };
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoRegistration) r = dabiao_event_register (event, &walk_in, "A", &error);

  g_assert_no_error (error);
  return g_strdup (r->id);
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static char *
run_tool (const char * const *argv,
          int                *exit_status)
{
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, NULL));
  *exit_status = g_spawn_check_wait_status (status, NULL) ? 0 : 1;
  return out;
}

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
    {
      DabiaoAuditEntry *entry = g_ptr_array_index (audit, i);

      if (g_strcmp0 (entry->action, "full-id") == 0)
        {
          /* The audit names where, never the numbers. */
          g_assert_null (strstr (entry->detail, "19900415"));
          n++;
        }
    }
  return n;
}

/* The desk's badge of one walk-in fills its A5 page, centred (findings-15b
 * #9: a name-card-sized badge in the top-left corner).  Rendered with
 * pdftoppm: the box of the dark pixels. */
static void
test_badge_page (void)
{
  DabiaoEventInfo info = { "公众达标日", "natfit-2003", "2026-12-06", "体育馆", "朝阳区体育局" };
  g_autofree char *path = g_build_filename (tmpdir, "badge.dabiao", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "badge.pdf", NULL);
  g_autofree char *prefix = g_build_filename (tmpdir, "badge-page", NULL);
  g_autofree char *pgm = g_strconcat (prefix, ".pgm", NULL);
  g_autofree char *id = NULL;
  g_autofree char *data = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftoppm", "-r", "30", "-gray", "-singlefile", pdf, prefix, NULL };
  int w = 0, h = 0, max = 0, header = 0, status;
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;
  gsize len;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  id = register_man (event, "张强", 13);
  pages = dabiao_badge_pages_new_for_participant (event, id, DABIAO_PAPER_A5_LANDSCAPE, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_pages_write_pdf (pages, pdf, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (pgm, &data, &len, &error));
  g_assert_cmpint (sscanf (data, "P5 %d %d %d%n", &w, &h, &max, &header), ==, 3);
  header++;   /* the one whitespace after the maximum */
  g_assert_cmpuint (len, >=, (gsize) (header + w * h));
  g_assert_cmpint (w, >, h);   /* landscape */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if ((guchar) data[header + y * w + x] < 200)
        {
          x0 = MIN (x0, x), x1 = MAX (x1, x);
          y0 = MIN (y0, y), y1 = MAX (y1, y);
        }
  g_test_message ("page %d × %d px, badge %d–%d × %d–%d", w, h, x0, x1, y0, y1);
  /* Most of the page, with the page's centre in its middle. */
  g_assert_cmpint (x1 - x0, >, w * 8 / 10);
  g_assert_cmpint (y1 - y0, >, h * 7 / 10);
  g_assert_cmpint (ABS ((x0 + x1) - w), <, w / 10);
  g_assert_cmpint (ABS ((y0 + y1) - h), <, h / 10);
}

/* A 71-year-old (natfit-2003's oldest group is 65～69) and a walk-in of
 * 40: the badge says no group of the day is his and that no certificate
 * follows (findings-15c #12: "其他"); the other's badge names her group. */
static void
test_badge_outside_ages (void)
{
  DabiaoEventInfo info = { "公众达标日", "natfit-2003", "2026-12-06", "体育馆", "朝阳区体育局" };
  g_autofree char *path = g_build_filename (tmpdir, "badge-old.dabiao", NULL);
  g_autofree char *old_number = dabiao_test_id_number ("19550101", 15);
  g_autofree char *number = dabiao_test_id_number ("19860301", 24);
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *name, *number, *expected; } people[] = {
    { "老周", old_number, "不在本次测试年龄段（不发证）" },
    { "李娜", number, "40～44岁组" },
  };

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      DabiaoWalkIn walk_in = { .id_card = people[i].number, .name = people[i].name };
      g_autoptr(DabiaoRegistration) r = dabiao_event_register (event, &walk_in, "A", &error);
      g_autoptr(DabiaoPages) pages = NULL;
      g_autofree char *pdf = g_build_filename (tmpdir, "badge-old.pdf", NULL);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      pages = dabiao_badge_pages_new_for_participant (event, r->id, DABIAO_PAPER_A5_LANDSCAPE, &error);
      g_assert_no_error (error);
      g_assert_true (dabiao_pages_write_pdf (pages, pdf, NULL, &error));
      g_assert_no_error (error);
      text = pdf_text (pdf);
      g_test_message ("%s: %s", people[i].name, text);
      g_assert_nonnull (strstr (text, people[i].name));
      g_assert_nonnull (strstr (text, people[i].expected));
      g_assert_null (strstr (text, "其他"));
    }
}

/* The header row of an xlsx (openpyxl) as "|a|b|…|", and the first data
 * row's cells under @header. */
static char *
xlsx_headers (const char *xlsx,
              const char *header,
              char      **value)
{
  const char *argv[] = { g_getenv ("DABIAO_PYTHON"), "-c",
                         "import openpyxl,sys\n"
                         "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
                         "rows = list(ws.iter_rows(values_only=True))\n"
                         "print('|' + '|'.join(str(c) for c in rows[0]) + '|')\n"
                         "print(rows[1][list(rows[0]).index(sys.argv[2])])\n", xlsx, header, NULL };
  int status;
  g_autofree char *out = run_tool (argv, &status);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (status, ==, 0);
  lines = g_strsplit (out, "\n", 3);
  g_assert_nonnull (lines[0]);
  g_assert_nonnull (lines[1]);
  *value = g_strdup (lines[1]);
  return g_strdup (lines[0]);
}

/* An adults' day (成年甲组、成年乙组): the 成绩表 has no student or
 * young children's columns, which nobody of the day can fill (findings-15c
 * #7: 学校代码, 学校名称, 身高得分, 10米折返跑得分 … always empty), from
 * the app's export and `dabiao-cli export results` alike; a day testing
 * every age keeps the children's. */
static void
test_adult_results_columns (void)
{
  const char * const parts[] = { "成年甲组", "成年乙组", NULL };
  const char * const dropped[] = { "学校代码", "学校名称", "身高得分", "10米折返跑得分", "立定跳远得分",
                                   "网球掷远得分", "双脚连续跳得分", "走平衡木得分", NULL };
  const char * const kept[] = { "编号", "姓名", "身份证号", "单位", "年龄", "身高标准体重得分", "肺活量得分",
                                "台阶指数得分", "握力得分", "俯卧撑得分", "一分钟仰卧起坐得分", "纵跳得分",
                                "坐位体前屈得分", "闭眼单脚站立得分", "选择反应时得分", "总分", "等级", "备注", NULL };

  for (guint every_age = 0; every_age < 2; every_age++)
    {
      DabiaoEventInfo info = { "公众达标日", "natfit-2003", "2026-12-06", "体育馆", "朝阳区体育局",
                               .parts = every_age ? NULL : parts };
      g_autofree char *path = g_strdup_printf ("%s/adult-columns-%u.dabiao", tmpdir, every_age);
      g_autofree char *xlsx = g_strdup_printf ("%s/adult-columns-%u.xlsx", tmpdir, every_age);
      g_autofree char *cli_xlsx = g_strdup_printf ("%s/adult-columns-cli-%u.xlsx", tmpdir, every_age);
      g_autoptr(DabiaoEvent) event = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      g_autofree char *headers = NULL;
      g_autofree char *cli_headers = NULL;
      g_autofree char *grip = NULL;
      g_autofree char *cli_grip = NULL;

      g_unlink (path);
      event = dabiao_event_create (path, &info, &error);
      g_assert_no_error (error);
      id = register_man (event, "张强", 11);
      dabiao_test_record_all (event, id, TRUE, NULL);
      {
        g_autoptr(DabiaoExportRequest) request = dabiao_export_request_new (DABIAO_EXPORT_RESULTS, xlsx);

        g_assert_true (dabiao_export_run (event, request, NULL, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
      }
      dabiao_event_close (event);
      {
        const char *argv[] = { g_getenv ("DABIAO_CLI"), "export", "results", path, "-o", cli_xlsx, NULL };
        int status;

        g_free (run_tool (argv, &status));
        g_assert_cmpint (status, ==, 0);
      }
      headers = xlsx_headers (xlsx, "握力得分", &grip);
      cli_headers = xlsx_headers (cli_xlsx, "握力得分", &cli_grip);
      g_test_message ("%s: %s; 握力得分 %s", every_age ? "every age" : "adults", headers, grip);
      g_assert_cmpstr (headers, ==, cli_headers);
      g_assert_cmpstr (grip, ==, cli_grip);
      g_assert_cmpstr (grip, !=, "None");
      for (guint i = 0; kept[i] != NULL; i++)
        {
          g_autofree char *cell = g_strdup_printf ("|%s|", kept[i]);

          g_assert_nonnull (strstr (headers, cell));
        }
      for (guint i = 0; dropped[i] != NULL; i++)
        {
          g_autofree char *cell = g_strdup_printf ("|%s|", dropped[i]);

          /* Young children come to a day of every age. */
          if (every_age && i >= 2)
            g_assert_nonnull (strstr (headers, cell));
          else
            g_assert_null (strstr (headers, cell));
        }
    }
}

/* Every 身份证号 masked in the results sheet, the summary and `roster
 * list`; whole only when asked for, and then audited. */
static void
test_masked (void)
{
  DabiaoEventInfo info = { "公众达标日", "natfit-2003", "2026-12-06", "体育馆", "朝阳区体育局" };
  g_autofree char *path = g_build_filename (tmpdir, "masked.dabiao", NULL);
  g_autofree char *csv = g_build_filename (tmpdir, "results.csv", NULL);
  g_autofree char *csv_full = g_build_filename (tmpdir, "results-full.csv", NULL);
  g_autofree char *summary = g_build_filename (tmpdir, "summary.xlsx", NULL);
  g_autofree char *full = dabiao_test_id_number ("19900415", 11);
  g_autofree char *masked = g_strdup_printf ("%.4s**********%s", full, full + 14);
  g_autofree char *text = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *cli = g_getenv ("DABIAO_CLI");
  int status;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  id = register_man (event, "张强", 11);
  /* Half measured: on the summary's 未测完 list. */
  dabiao_test_record_all (event, id, TRUE, "vital_capacity");
  {
    g_autoptr(DabiaoExportRequest) request = dabiao_export_request_new (DABIAO_EXPORT_RESULTS, csv);

    g_assert_true (dabiao_export_run (event, request, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (csv, &text, NULL, &error));
  g_assert_nonnull (strstr (text, masked));
  /* A walk-in without a 单位: no 学校名称 (not the 主办单位). */
  g_assert_null (strstr (text, ",朝阳区体育局,A0001"));
  g_assert_null (strstr (text, full));
  g_clear_pointer (&text, g_free);
  {
    g_autoptr(DabiaoExportRequest) request = dabiao_export_request_new (DABIAO_EXPORT_SUMMARY, summary);
    const char *argv[] = { g_getenv ("DABIAO_PYTHON"), "-c",
                           "import openpyxl,sys\n"
                           "for ws in openpyxl.load_workbook(sys.argv[1]).worksheets:\n"
                           "  for row in ws.iter_rows(values_only=True):\n"
                           "    print(*[c for c in row if c is not None])\n", summary, NULL };

    g_assert_true (dabiao_export_run (event, request, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    text = run_tool (argv, &status);
    g_assert_cmpint (status, ==, 0);
    /* On the 未测完 list by 编号, never by the whole number. */
    g_assert_nonnull (strstr (text, "张强"));
    g_assert_nonnull (strstr (text, id));
    g_assert_null (strstr (text, full));
    g_clear_pointer (&text, g_free);
  }
  dabiao_event_close (event);
  g_clear_object (&event);
  g_assert_cmpuint (n_full_id_audits (path), ==, 0);

  /* Asked for: whole, and audited; read-only it cannot be audited, so
   * nothing is written. */
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  {
    g_autoptr(DabiaoExportRequest) request = dabiao_export_request_new (DABIAO_EXPORT_RESULTS, csv_full);

    request->full_ids = TRUE;
    g_assert_false (dabiao_export_run (event, request, NULL, NULL, NULL, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (g_file_test (csv_full, G_FILE_TEST_EXISTS));
  }
  dabiao_event_close (event);
  g_clear_object (&event);
  {
    const char *argv[] = { cli, "results", path, "-o", csv_full, "--full-id", NULL };

    g_free (run_tool (argv, &status));
    g_assert_cmpint (status, ==, 0);
  }
  g_assert_true (g_file_get_contents (csv_full, &text, NULL, &error));
  g_assert_nonnull (strstr (text, full));
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (n_full_id_audits (path), ==, 1);
  {
    const char *argv[] = { cli, "roster", "list", path, NULL };
    const char *argv_full[] = { cli, "roster", "list", path, "--full-id", NULL };

    text = run_tool (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (text, masked));
    g_assert_null (strstr (text, full));
    g_clear_pointer (&text, g_free);
    g_assert_cmpuint (n_full_id_audits (path), ==, 1);
    text = run_tool (argv_full, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (text, full));
    g_clear_pointer (&text, g_free);
    g_assert_cmpuint (n_full_id_audits (path), ==, 2);
  }
}

static DabiaoExitDesk *
load (DabiaoEvent *event)
{
  g_autoptr(GError) error = NULL;
  DabiaoExitDesk *desk = dabiao_exit_desk_load (event, &error);

  g_assert_no_error (error);
  g_assert_nonnull (desk);
  return desk;
}

static gboolean
issue (DabiaoEvent        *event,
       const char         *id,
       const char         *pdf,
       gboolean            reissue,
       DabiaoExportReport **report,
       GError            **error)
{
  g_autoptr(DabiaoExportRequest) request = dabiao_exit_desk_request_new (id, pdf, reissue);

  return dabiao_export_run (event, request, NULL, NULL, NULL, report, error);
}

/* The level stays on one line in the certificate's text (findings-15c
 * #11: "“一级（优" at a line's end, "秀）”" on the next).  Names of 2 to
 * 11 characters move the level along the line across every place a line
 * can end in it. */
static void
test_certificate_level_one_line (void)
{
  DabiaoEventInfo info = { "公众达标日", "natfit-2003", "2026-12-06", "体育馆", "朝阳区体育局" };
  g_autofree char *path = g_build_filename (tmpdir, "level-line.dabiao", NULL);
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) name = g_string_new ("欧阳");

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  for (guint n = 2; n <= 11; n++, g_string_append (name, "明"))
    {
      g_autofree char *id = register_man (event, name->str, 21 + 2 * n);
      g_autofree char *pdf = g_strdup_printf ("%s/level-%u.pdf", tmpdir, n);
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      guint whole = 0;

      dabiao_test_record_all (event, id, TRUE, NULL);
      g_assert_true (issue (event, id, pdf, FALSE, NULL, &error));
      g_assert_no_error (error);
      text = pdf_text (pdf);
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (strstr (lines[i], "一级（优秀）") != NULL)
          whole++;
        else if (strstr (lines[i], "一级") != NULL || strstr (lines[i], "秀）") != NULL)
          g_error ("%s: the level cut at a line's end: %s", name->str, text);
      /* In the text and in the 等级 field. */
      g_assert_cmpuint (whole, ==, 2);
    }
}

static void
test_exit_desk (void)
{
  DabiaoEventInfo info = { "公众达标日", "natfit-2003", "2026-12-06", "体育馆", "朝阳区体育局" };
  g_autofree char *path = g_build_filename (tmpdir, "exit.dabiao", NULL);
  g_autofree char *pdf1 = g_build_filename (tmpdir, "c1.pdf", NULL);
  g_autofree char *pdf2 = g_build_filename (tmpdir, "c2.pdf", NULL);
  g_autofree char *pdf_low = g_build_filename (tmpdir, "low.pdf", NULL);
  g_autofree char *pdf_again = g_build_filename (tmpdir, "again.pdf", NULL);
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoExitDesk) desk = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoExportReport) report = NULL;
  g_autofree char *strong = NULL, *strong2 = NULL, *weak = NULL, *unfinished = NULL, *fresh = NULL;
  g_autofree char *text = NULL;
  g_autofree char *said = NULL;
  const DabiaoExitEntry *e;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  strong = register_man (event, "张强", 11);
  strong2 = register_man (event, "李壮", 13);
  weak = register_man (event, "王弱", 15);
  unfinished = register_man (event, "赵半", 17);
  fresh = register_man (event, "钱新", 19);
  dabiao_test_record_all (event, strong, TRUE, NULL);
  dabiao_test_record_all (event, strong2, TRUE, NULL);
  dabiao_test_record_all (event, weak, FALSE, NULL);
  dabiao_test_record_all (event, unfinished, TRUE, "vital_capacity");

  desk = load (event);
  g_assert_cmpuint (desk->entries->len, ==, 5);
  pending = dabiao_exit_desk_pending (desk);
  g_assert_cmpuint (pending->len, ==, 2);
  g_assert_cmpstr (((DabiaoExitEntry *) g_ptr_array_index (pending, 0))->person->id, ==, strong);
  g_assert_cmpstr (((DabiaoExitEntry *) g_ptr_array_index (pending, 1))->person->id, ==, strong2);
  /* A scanner's code with a space and a lower-case letter. */
  {
    g_autofree char *scanned = g_strdup_printf (" %c%s ", g_ascii_tolower (weak[0]), weak + 1);

    e = dabiao_exit_desk_find (desk, scanned);
  }
  g_assert_nonnull (e);
  g_assert_cmpint (e->state, ==, DABIAO_EXIT_BELOW_LEVEL);
  said = dabiao_exit_entry_describe (e, desk->min_level);
  g_test_message ("%s: %s", weak, said);
  g_assert_nonnull (strstr (said, "不发证"));
  g_clear_pointer (&said, g_free);
  e = dabiao_exit_desk_find (desk, unfinished);
  g_assert_cmpint (e->state, ==, DABIAO_EXIT_NOT_FINISHED);
  g_assert_cmpstr (e->missing, ==, "肺活量");
  said = dabiao_exit_entry_describe (e, desk->min_level);
  g_assert_nonnull (strstr (said, "肺活量"));
  g_clear_pointer (&said, g_free);
  e = dabiao_exit_desk_find (desk, fresh);
  g_assert_cmpint (e->state, ==, DABIAO_EXIT_NOT_FINISHED);
  g_assert_null (dabiao_exit_desk_find (desk, "Z9999"));

  /* `certificates pending` lists the same two. */
  {
    const char *argv[] = { g_getenv ("DABIAO_CLI"), "certificates", "pending", path, NULL };
    int status;
    g_autofree char *listed = run_tool (argv, &status);

    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (listed, "张强"));
    g_assert_nonnull (strstr (listed, "李壮"));
    g_assert_null (strstr (listed, "王弱"));
    g_assert_null (strstr (listed, "赵半"));
  }

  /* Below the level: refused, nothing written, no number spent. */
  g_assert_false (issue (event, weak, pdf_low, FALSE, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (pdf_low, G_FILE_TEST_EXISTS));

  /* The first: a new number; the second the next one. */
  g_assert_true (issue (event, strong, pdf1, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_new, ==, 1);
  g_clear_pointer (&report, dabiao_export_report_free);
  g_assert_true (issue (event, strong2, pdf2, FALSE, &report, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, dabiao_export_report_free);
  records = dabiao_event_list_certificate_records (event, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (((DabiaoCertificateRecord *) g_ptr_array_index (records, 0))->participant_id, ==, strong);
  g_assert_cmpint (strcmp (((DabiaoCertificateRecord *) g_ptr_array_index (records, 0))->number,
                           ((DabiaoCertificateRecord *) g_ptr_array_index (records, 1))->number), <, 0);
  text = pdf_text (pdf1);
  g_assert_nonnull (strstr (text, "张强"));
  g_assert_nonnull (strstr (text, ((DabiaoCertificateRecord *) g_ptr_array_index (records, 0))->number));
  /* The 主办单位 issues it; it is not the person's 单位. */
  g_assert_null (strstr (text, "单位：朝阳区体育局"));
  g_assert_null (strstr (text, "单位: 朝阳区体育局"));
  g_assert_null (strstr (text, "补发"));
  /* The full 身份证号 never on the certificate. */
  {
    g_autofree char *number = dabiao_test_id_number ("19900415", 11);

    g_assert_null (strstr (text, number));
  }
  g_clear_pointer (&text, g_free);

  g_clear_pointer (&desk, dabiao_exit_desk_free);
  g_clear_pointer (&pending, g_ptr_array_unref);
  desk = load (event);
  pending = dabiao_exit_desk_pending (desk);
  g_assert_cmpuint (pending->len, ==, 0);
  e = dabiao_exit_desk_find (desk, strong);
  g_assert_cmpint (e->state, ==, DABIAO_EXIT_ISSUED);
  g_assert_cmpstr (e->certificate, ==, ((DabiaoCertificateRecord *) g_ptr_array_index (records, 0))->number);

  /* Reissued: the same number, marked 补发, counted. */
  g_assert_true (issue (event, strong, pdf_again, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_reissues, ==, 1);
  g_assert_cmpuint (report->n_new, ==, 0);
  text = pdf_text (pdf_again);
  g_assert_nonnull (strstr (text, "补发"));
  g_assert_nonnull (strstr (text, e->certificate));
  g_clear_pointer (&desk, dabiao_exit_desk_free);
  desk = load (event);
  e = dabiao_exit_desk_find (desk, strong);
  g_assert_cmpuint (e->reissues, ==, 1);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = dabiao_event_list_certificate_records (event, &error);
  g_assert_cmpuint (records->len, ==, 2);
  dabiao_event_close (event);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dabiao-public-day-output-XXXXXX", NULL);
  g_test_add_func ("/public-day-output/exit-desk", test_exit_desk);
  g_test_add_func ("/public-day-output/ids-masked", test_masked);
  g_test_add_func ("/public-day-output/badge-page", test_badge_page);
  g_test_add_func ("/public-day-output/badge-outside-ages", test_badge_outside_ages);
  g_test_add_func ("/public-day-output/certificate-level-one-line", test_certificate_level_one_line);
  g_test_add_func ("/public-day-output/adult-results-columns", test_adult_results_columns);
  status = g_test_run ();
  return status;
}
