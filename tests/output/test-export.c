/* test-export.c: `dabiao-cli export …` on a real event file, and the event
 * adapter (roster + results + the standard's scores → DabiaoResultsPerson).
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dabiao-certificate-issue.h"
#include "dabiao-error.h"
#include "dabiao-event.h"
#include "dabiao-export.h"
#include "dabiao-i18n.h"
#include "dabiao-results.h"
#include "dabiao-results-stats.h"
#include "output-testdata.h"
#include "../standard/dabiao-test-standard.h"

static char *tmpdir;
static char *event_path;

static char *
run (const char * const *args,
     int                 expected_status,
     char              **err_out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DABIAO_CLI"));
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (WEXITSTATUS (status) != expected_status)
    g_error ("%s exited %d (expected %d):\n%s%s", (char *) argv->pdata[1], WEXITSTATUS (status),
             expected_status, out, err);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  return out;
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  char *out = NULL;

  if (program == NULL)
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL, NULL);
  return out;
}

static void
run_python (const char *script,
            const char *a,
            const char *b)
{
  const char *python = g_getenv ("DABIAO_PYTHON");
  g_autofree char *script_path = g_test_build_filename (G_TEST_DIST, "output", script, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const char *argv[] = { python, script_path, a, b, NULL };

  if (python == NULL)
    return;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s%s", script, out, err);
}

static void
test_load_event (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (event_path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) persons = NULL;
  DabiaoResultsPerson *p;
  DabiaoResultsItem *r;

  g_assert_no_error (error);
  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (persons->len, ==, 5);

  /* Roster order is by id: G320101… first. */
  p = g_ptr_array_index (persons, 0);
  g_assert_cmpstr (p->name, ==, "王小明");
  g_assert_cmpstr (p->school_code, ==, "3201010001");
  g_assert_cmpint (p->birth_year, ==, 2019);
  g_assert_cmpstr (p->ethnic_name, ==, "汉族");
  g_assert_true (p->has_total);
  g_assert_nonnull (p->level);
  r = dabiao_results_person_find_item (p, "一分钟跳绳", NULL);
  g_assert_nonnull (r);
  g_assert_true (r->has_value && r->has_score);
  g_assert_cmpint (r->value, ==, 100 * DABIAO_VALUE_SCALE);
  g_assert_cmpstr (r->display, ==, "100");
  g_assert_nonnull (r->level);
  g_assert_cmpstr (r->code, ==, "18");
  /* 体重指数 derived by the standard. */
  r = dabiao_results_person_find_item (p, "体重指数", NULL);
  g_assert_nonnull (r);
  g_assert_true (r->has_value);
  /* The engine's exact BMI: 22 / 1.2² = 15.277… → 15.3, named by its band. */
  g_assert_cmpint (r->value, ==, 15300);
  g_assert_cmpstr (r->display, ==, "15.3");
  g_assert_true (r->derived);
  g_assert_cmpstr (r->level, ==, "正常");

  p = g_ptr_array_index (persons, 1);
  g_assert_cmpstr (p->name, ==, "孙免测");
  /* Exempt from 50米跑 only: not left out as a whole. */
  g_assert_false (p->exempt);
  g_assert_true (dabiao_results_person_has_exemption (p));
  g_assert_cmpstr (p->exempt_reason, ==, "伤病");

  p = g_ptr_array_index (persons, 2);
  g_assert_cmpstr (p->name, ==, "张缺测");
  g_assert_false (p->has_total);
  g_assert_null (p->level);
  r = dabiao_results_person_find_item (p, "一分钟跳绳", NULL);
  g_assert_false (r->has_value);
  g_assert_cmpstr (r->special, ==, "缺测");

  p = g_ptr_array_index (persons, 3);
  g_assert_cmpstr (p->name, ==, "李雷");
  g_assert_true (p->has_total);
  r = dabiao_results_person_find_item (p, "1000米跑", NULL);
  g_assert_cmpstr (r->display, ==, "3'35\"");
  p = g_ptr_array_index (persons, 4);
  g_assert_cmpstr (p->ethnic_name, ==, "回族");
}

static void
test_cli_upload (void)
{
  g_autofree char *out_path = g_build_filename (tmpdir, "upload.xlsx", NULL);
  g_autofree char *exempt = g_build_filename (tmpdir, "upload-免测名单.xlsx", NULL);
  const char *args[] = { "export", "upload", event_path, "-o", out_path, NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = run (args, 0, &err);

  g_assert_nonnull (strstr (out, out_path));
  g_assert_true (g_file_test (exempt, G_FILE_TEST_IS_REGULAR));
  /* Incomplete rows are written all the same, and named with what they
   * lack: 张缺测 (一分钟跳绳 缺测) and 孙免测 (nothing but the exemption). */
  g_assert_nonnull (strstr (out, "注意：2 行有项目既无成绩也未免测"));
  g_assert_nonnull (strstr (err, "（张缺测）：肺活量、50米跑、坐位体前屈、一分钟跳绳 无成绩"));
  g_assert_nonnull (strstr (err, "（孙免测）：身高、体重、肺活量、坐位体前屈、一分钟跳绳 无成绩"));
  run_python ("check-export.py", "upload", out_path);
  run_python ("check-export.py", "exempt", exempt);
}

static void
test_cli_summary (void)
{
  g_autofree char *out_path = g_build_filename (tmpdir, "summary.xlsx", NULL);
  const char *args[] = { "export", "summary", event_path, "-o", out_path, NULL };
  g_autofree char *out = run (args, 0, NULL);

  run_python ("check-export.py", "summary", out_path);
}

static void
test_cli_badges_cards (void)
{
  g_autofree char *badges = g_build_filename (tmpdir, "badges.pdf", NULL);
  g_autofree char *cards = g_build_filename (tmpdir, "cards.pdf", NULL);
  const char *args1[] = { "export", "badges", event_path, "-o", badges, "--rows", "3", "--columns", "2",
                          "--class", "2101", NULL };
  const char *args2[] = { "export", "cards", event_path, "-o", cards, "--school-year", "2026—2027学年", NULL };
  const char *bad[] = { "export", "badges", event_path, "-o", badges, "--rows", "40", NULL };
  g_autofree char *out1 = run (args1, 0, NULL);
  g_autofree char *out2 = run (args2, 0, NULL);
  g_autofree char *err = NULL;
  g_autofree char *out3 = run (bad, 2, &err);
  g_autofree char *text = NULL;

  g_assert_nonnull (strstr (err, "40"));
  text = pdf_text (badges);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "韩梅梅"));
  g_assert_null (strstr (text, "孙免测"));   /* class 1102 */
  g_free (text);
  text = pdf_text (cards);
  g_assert_nonnull (strstr (text, "登记卡"));
  g_assert_nonnull (strstr (text, "李雷"));
  g_assert_nonnull (strstr (text, "3'35\""));
  g_assert_nonnull (strstr (text, "2026—2027学年"));
}

static void
test_cli_usage (void)
{
  const char *none[] = { "export", "upload", NULL };
  const char *kind[] = { "export", "diplomas", event_path, "-o", "x.pdf", NULL };
  g_autofree char *missing_path = g_build_filename (tmpdir, "nope.dabiao", NULL);
  g_autofree char *out_path = g_build_filename (tmpdir, "x.xlsx", NULL);
  const char *missing[] = { "export", "upload", missing_path, "-o", out_path, NULL };
  const char *no_school[] = { "export", "upload", event_path, "-o", out_path, "--school", "", NULL };
  g_autofree char *err = NULL;
  g_autofree char *d = run (no_school, 1, &err);
  g_autofree char *a = run (none, 2, NULL);
  g_autofree char *b = run (kind, 2, NULL);
  g_autofree char *c = run (missing, 1, NULL);

  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (err, "学校代码"));
}

/* A roster without 学校代码: the upload is refused with the count and the
 * first few names on one line, not a line per student. */
static void
test_cli_upload_no_school_codes (void)
{
  DabiaoEventInfo info = { .name = "无学校代码", .standard = "student-2014", .date = "2026-12-06" };
  g_autofree char *path = g_build_filename (tmpdir, "no-school.dabiao", NULL);
  g_autofree char *out_path = g_build_filename (tmpdir, "no-school.xlsx", NULL);
  g_autoptr(GArray) people = g_array_new (FALSE, TRUE, sizeof (DabiaoParticipantInfo));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "export", "upload", path, "-o", out_path, NULL };
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < 40; i++)
    {
      DabiaoParticipantInfo p = { .name = "学生", .sex = 1 + i % 2, .grade = 21, .class_code = "2101",
                                  .birth_date = "2013-03-01" };
      char *id = g_strdup_printf ("S%03u", i);

      g_ptr_array_add (ids, id);
      p.id = id;
      g_array_append_val (people, p);
    }
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_event_add_participants (event, (DabiaoParticipantInfo *) people->data, people->len,
                                                NULL, NULL, &error));
  dabiao_event_close (event);

  out = run (args, 1, &err);
  g_test_message ("%s", err);
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
  lines = g_strsplit (g_strstrip (err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), <=, 3);
  g_assert_nonnull (strstr (err, "40"));
  g_assert_nonnull (strstr (err, "S000"));
  g_assert_null (strstr (err, "S039"));
}

/* 国民体质 (natfit-2003): age groups, points, 一级…四级; no upload file. */
static void
test_natfit_event (void)
{
  DabiaoEventInfo info = { "国民体质测试", "natfit-2003", "2026-10-15", "", "玄武区体育局" };
  const DabiaoParticipantInfo people[] = {
    { "A001", "赵大", 1, "2003-05-01", "", 0, "", "", "", "", "玄武区体育局", "" },
  };
  const struct { const char *item; double value; } recs[] = {
    { "height", 175 }, { "weight", 70 }, { "vital_capacity", 4200 }, { "step_time", 180 },
    { "pulse1", 60 }, { "pulse2", 55 }, { "pulse3", 50 }, { "grip", 45 }, { "push_up", 30 },
    { "vertical_jump", 45 }, { "sit_and_reach", 10 }, { "choice_reaction", 0.5 }, { "one_leg_stand", 30 },
  };
  g_autofree char *path = g_build_filename (tmpdir, "natfit.dabiao", NULL);
  g_autofree char *upload = g_build_filename (tmpdir, "natfit-upload.xlsx", NULL);
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoCertificateTemplate) tmpl = NULL;
  DabiaoRecordRequest requests[G_N_ELEMENTS (recs)] = { { 0 } };
  DabiaoResultsPerson *p;
  guint i;

  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_event_add_participants (event, people, 1, NULL, NULL, &error));
  for (i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      requests[i].participant_id = "A001";
      requests[i].item = recs[i].item;
      requests[i].has_value = TRUE;
      requests[i].value = recs[i].value;
      requests[i].source = DABIAO_SOURCE_MANUAL;
    }
  g_assert_true (dabiao_event_record_many (event, requests, G_N_ELEMENTS (recs), &error));
  g_assert_no_error (error);

  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  p = g_ptr_array_index (persons, 0);
  g_assert_cmpstr (p->group, ==, "20～24岁组");
  g_assert_true (p->has_total);
  g_assert_false (p->has_standard_score);
  g_assert_cmpint (dabiao_output_level_rank (p->level), >, 0);
  /* Certificates name the standard the event was scored against. */
  tmpl = dabiao_certificate_event_template (event, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tmpl->title, ==, "国民体质测定标准测试证书");
  g_assert_nonnull (strstr (tmpl->body, "《{标准}》"));
  g_assert_null (strstr (tmpl->body, "同学"));
  dabiao_event_close (event);

  {
    const char *args[] = { "export", "upload", path, "-o", upload, NULL };
    g_autofree char *err = NULL;
    g_autofree char *out = run (args, 1, &err);

    /* the upload is for student events: said, with what to write instead */
    g_assert_nonnull (strstr (err, "只用于按《国家学生体质健康标准》评分的学生测试"));
    g_assert_nonnull (strstr (err, "成绩表"));
    g_assert_false (g_file_test (upload, G_FILE_TEST_EXISTS));
  }
}

/* The exports find the age group the one way the program does
 * (dabiao_standard_find_participant_group): born on the 31st, a child is 3½
 * on 28 February; without a birth date there is no group and no total. */
static void
test_natfit_age_edges (void)
{
  DabiaoEventInfo info = { "国民体质测试", "natfit-2003", "2023-02-28", "", "玄武区体育局" };
  const DabiaoParticipantInfo people[] = {
    { "C001", "钱小", 1, "2019-08-31", "", 0, "", "", "", "", "幼儿园", "" },
    { "N001", "孙无", 1, "", "", 0, "", "", "", "", "玄武区体育局", "" },
  };
  g_autofree char *path = g_build_filename (tmpdir, "natfit-edges.dabiao", NULL);
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoRecordRequest request = { .participant_id = "N001", .item = "height", .has_value = TRUE, .value = 170,
                                  .source = DABIAO_SOURCE_MANUAL };
  g_autoptr(DabiaoMeasurement) m = NULL;

  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_event_add_participants (event, people, G_N_ELEMENTS (people), NULL, NULL, &error));
  m = dabiao_event_record (event, &request, &error);
  g_assert_no_error (error);

  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < persons->len; i++)
    {
      DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

      if (g_strcmp0 (p->name, "钱小") == 0)
        g_assert_cmpstr (p->group, ==, "3.5岁组");
      else
        {
          g_assert_cmpstr (p->name, ==, "孙无");
          g_assert_null (p->group);
          g_assert_false (p->has_total);
        }
    }
  g_assert_cmpuint (persons->len, ==, 2);
  dabiao_event_close (event);
}

/* Item levels come from the standard's data (item_levels.csv): the shipped
 * bands, then a copy of the standard installed as a user standard with
 * other bands changes every level in the output. */
static void
check_item_levels (GPtrArray *persons,
                   int        bands[],
                   const char * const *names)
{
  guint checked = 0;

  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

      for (guint k = 0; k < p->results->len; k++)
        {
          const DabiaoResultsItem *r = g_ptr_array_index (p->results, k);
          guint b = 0;

          if (!r->has_score)
            continue;
          /* BMI is named in its own words, from its bands (bands.csv),
           * whatever the item levels are. */
          if (r->item != NULL && r->item->formula == DABIAO_FORMULA_BMI)
            {
              g_assert_true (g_strv_contains ((const char * const[]) { "正常", "低体重", "超重", "肥胖", NULL }, r->level));
              continue;
            }
          while (r->score < bands[b])
            b++;
          g_assert_cmpstr (r->level, ==, names[b]);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 10);
}

static void
test_item_levels_from_standard (void)
{
  int shipped_bands[] = { 90, 80, 60, 0 };
  const char * const shipped_names[] = { "优秀", "良好", "及格", "不及格" };
  int other_bands[] = { 75, 0 };
  const char * const other_names[] = { "达标", "未达标" };
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (event_path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) persons = NULL;
  g_autofree char *user_dir = NULL;

  g_assert_no_error (error);
  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  check_item_levels (persons, shipped_bands, shipped_names);
  g_clear_pointer (&persons, g_ptr_array_unref);

  /* The same id as a user standard takes precedence over the shipped one. */
  user_dir = dabiao_test_standard_install ("student-2014", "student-2014", "item_levels.csv",
                                           "part,min_score,level\n*,75,达标\n*,0,未达标\n");
  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  check_item_levels (persons, other_bands, other_names);
  dabiao_test_standard_remove (user_dir);
}

/* A long upload shows progress while the results are read and stops
 * there when asked: nothing written. */
typedef struct
{
  GCancellable *cancellable;
  guint         reading;     /* calls between 0.02 and 0.3 */
} Watch;

static void
watch_progress (double      fraction,
                const char *what,
                gpointer    data)
{
  Watch *w = data;

  if (fraction > 0.02 && fraction < 0.3)
    {
      w->reading++;
      g_cancellable_cancel (w->cancellable);
    }
}

static void
test_upload_progress_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "long.dabiao", NULL);
  g_autofree char *out = g_build_filename (tmpdir, "long-上报.xlsx", NULL);
  DabiaoEventInfo info = { .name = "长名单", .standard = "student-2014", .date = "2026-10-15" };
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GArray) people = g_array_new (FALSE, TRUE, sizeof (DabiaoParticipantInfo));
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  g_autoptr(DabiaoExportRequest) request = dabiao_export_request_new (DABIAO_EXPORT_UPLOAD, out);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Watch w = { cancellable, 0 };

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("G4401062013%08u", i + 1);
      DabiaoParticipantInfo p = { .id = g_string_chunk_insert (strings, id), .name = "学生", .sex = 1 + i % 2,
                                  .birth_date = "2013-03-01", .grade = 21, .class_code = "2101",
                                  .class_name = "初一1班", .ethnicity = "01", .organization = "4401060001" };

      g_array_append_val (people, p);
    }
  g_assert_true (dabiao_event_add_participants (event, (DabiaoParticipantInfo *) people->data, people->len, NULL,
                                                NULL, &error));
  g_assert_false (dabiao_export_run (event, request, watch_progress, &w, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (w.reading, >=, 1);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  int ret;

  /* A private data folder: a test installs a user standard there. */
  tmpdir = g_dir_make_tmp ("dabiao-test-export-XXXXXX", NULL);
  {
    g_autofree char *data_home = g_build_filename (tmpdir, "xdg-data", NULL);

    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  event_path = g_build_filename (tmpdir, "event.dabiao", NULL);
  output_test_suppress_font_leaks_in_children (tmpdir);
  output_test_make_event (event_path);

  g_test_add_func ("/dabiao/Export/load-event", test_load_event);
  g_test_add_func ("/dabiao/Export/upload-progress-cancel", test_upload_progress_cancel);
  g_test_add_func ("/dabiao/Export/cli-upload", test_cli_upload);
  g_test_add_func ("/dabiao/Export/cli-summary", test_cli_summary);
  g_test_add_func ("/dabiao/Export/cli-badges-cards", test_cli_badges_cards);
  g_test_add_func ("/dabiao/Export/cli-usage", test_cli_usage);
  g_test_add_func ("/dabiao/Export/cli-upload-no-school-codes", test_cli_upload_no_school_codes);
  g_test_add_func ("/dabiao/Export/natfit-event", test_natfit_event);
  g_test_add_func ("/dabiao/Export/natfit-age-edges", test_natfit_age_edges);
  g_test_add_func ("/dabiao/Export/item-levels-from-standard", test_item_levels_from_standard);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };
    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (event_path);
  g_free (tmpdir);
  return ret;
}
