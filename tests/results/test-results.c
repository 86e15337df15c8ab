/* test-results.c: the results module (src/core/results/): one BMI, one
 * rounding, one level naming, the statistics, the results sheet.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-event.h"
#include "dabiao-i18n.h"
#include "dabiao-record-card.h"
#include "dabiao-results-sheet.h"
#include "dabiao-results-stats.h"
#include "dabiao-score.h"
#include "../standard/dabiao-test-standard.h"

static char *tmpdir;

typedef struct
{
  const char   *participant;
  const char   *item;
  double        value;
  DabiaoSpecial special;
  const char   *reason;
} Rec;

static DabiaoEvent *
make_event (const char                  *name,
            const char                  *standard,
            const DabiaoParticipantInfo *people,
            guint                        n_people,
            const Rec                   *recs,
            guint                        n_recs)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  DabiaoEventInfo info = { name, standard, "2026-10-15", "体育馆", "玄武区教育局" };
  g_autofree DabiaoRecordRequest *requests = g_new0 (DabiaoRecordRequest, MAX (n_recs, 1));
  g_autoptr(GError) error = NULL;
  DabiaoEvent *event;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_event_add_participants (event, people, n_people, NULL, NULL, &error));
  for (guint i = 0; i < n_recs; i++)
    {
      requests[i].participant_id = recs[i].participant;
      requests[i].item = recs[i].item;
      requests[i].has_value = recs[i].special == DABIAO_SPECIAL_NONE;
      requests[i].value = recs[i].value;
      requests[i].special = recs[i].special;
      requests[i].reason = recs[i].reason;
      requests[i].source = DABIAO_SOURCE_INSTRUMENT;
    }
  if (n_recs > 0)
    g_assert_true (dabiao_event_record_many (event, requests, n_recs, &error));
  g_assert_no_error (error);
  return event;
}

static DabiaoResultsPerson *
find_person (GPtrArray  *persons,
             const char *id)
{
  for (guint i = 0; i < persons->len; i++)
    if (g_str_equal (((DabiaoResultsPerson *) g_ptr_array_index (persons, i))->id, id))
      return g_ptr_array_index (persons, i);
  g_assert_not_reached ();
  return NULL;
}

/* One BMI: the engine's exact integer one.  23.4 kg at 120.0 cm is
 * 16.25 exactly, 16.3 half up; the record card used to print "%.1f" of a
 * double, 16.2.  The card, the person and the engine agree now. */
static void
test_one_bmi (void)
{
  const DabiaoParticipantInfo people[] = {
    { "G1", "甲", 1, "2019-09-01", "", 11, "1101", "1班", "01", "", "3201010001", "" },
  };
  const Rec recs[] = { { "G1", "height", 120.0 }, { "G1", "weight", 23.4 } };
  g_autoptr(DabiaoEvent) event = make_event ("bmi.dabiao", "student-2014", people, 1, recs, G_N_ELEMENTS (recs));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = dabiao_results_load_event (event, NULL, &error);
  DabiaoResultsPerson *p;
  DabiaoResultsItem *bmi;
  char *texts[3];

  g_assert_no_error (error);
  p = find_person (persons, "G1");
  bmi = dabiao_results_person_find_item (p, "体重指数", NULL);
  g_assert_nonnull (bmi);
  g_assert_true (bmi->derived);
  g_assert_cmpint (bmi->value, ==, 16300);
  g_assert_cmpstr (bmi->display, ==, "16.3");
  /* Grade 11 boys: 13.5–18.1 正常 (100). */
  g_assert_cmpint (bmi->score, ==, 100);
  g_assert_cmpstr (bmi->level, ==, "正常");

  g_assert_cmpstr (dabiao_record_card_get_row (p, 0, texts), ==, "体重指数（BMI）");
  g_assert_cmpstr (texts[0], ==, "16.3");
  g_assert_cmpstr (texts[1], ==, "100");
  g_assert_cmpstr (texts[2], ==, "正常");
  for (guint k = 0; k < 3; k++)
    g_free (texts[k]);
  dabiao_event_close (event);
}

/* What a derived item reads applies as the derived item does: an adult
 * with nothing measured yet is to be measured for 身高 and 体重, which only
 * 身高标准体重 scores (the public-day trial: 身高 was 不适用 for every adult
 * at the station, so nobody could get a total). */
static void
test_inputs_apply (void)
{
  const DabiaoParticipantInfo people[] = {
    { "A1", "赵大", 1, "1990-05-01", "", 0, "", "", "", "", "玄武区体育局", "" },
    { "G1", "甲", 2, "2013-09-01", "", 21, "2101", "1班", "01", "", "3201010001", "" },
  };
  const struct { const char *standard, *id, *items[3]; } cases[] = {
    { "natfit-2003", "A1", { "height", "weight", NULL } },
    { "student-2014", "G1", { "height", "weight", NULL } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *name = g_strdup_printf ("inputs-%s.dabiao", cases[c].standard);
      g_autoptr(DabiaoEvent) event = make_event (name, cases[c].standard, people, G_N_ELEMENTS (people), NULL, 0);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) persons = dabiao_results_load_event (event, NULL, &error);
      DabiaoResultsPerson *p;

      g_assert_no_error (error);
      p = find_person (persons, cases[c].id);
      for (guint k = 0; cases[c].items[k] != NULL; k++)
        if (!dabiao_results_person_takes_item (p, cases[c].items[k], NULL))
          g_error ("%s, %s: %s is not theirs", cases[c].standard, p->name, cases[c].items[k]);
      /* …but not what their group does not take (引体向上 is for boys). */
      g_assert_false (dabiao_results_person_takes_item (p, "pull_up", "引体向上"));
      dabiao_event_close (event);
    }
}

/* One rounding: an instrument's 8.35 s for 50米跑 (0.1 s) is 8.4 where it
 * enters, and 8.4 is what is scored and shown; the same for a 2-decimal
 * 身高 at a BMI band edge. */
static void
test_one_rounding (void)
{
  const DabiaoParticipantInfo people[] = {
    { "G1", "甲", 1, "2013-03-01", "", 21, "2101", "1班", "01", "", "3201020002", "" },
  };
  const Rec recs[] = { { "G1", "run_50m", 8.35 }, { "G1", "sit_and_reach", 12.45 }, { "G1", "run_1000m", 224.5 } };
  g_autoptr(DabiaoEvent) event = make_event ("round.dabiao", "student-2014", people, 1, recs, G_N_ELEMENTS (recs));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = dabiao_results_load_event (event, NULL, &error);
  g_autoptr(DabiaoStandard) standard = dabiao_standard_load ("student-2014", &error);
  const DabiaoGroup *group = dabiao_standard_find_group (standard, "21", &error);
  DabiaoResultsPerson *p = find_person (persons, "G1");
  struct { const char *name; gint64 value; const char *display; } expected[] = {
    { "50米跑", 8400, "8.4" }, { "坐位体前屈", 12500, "12.5" }, { "1000米跑", 225000, "3'45\"" },
  };

  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (expected); k++)
    {
      DabiaoResultsItem *r = dabiao_results_person_find_item (p, expected[k].name, NULL);
      int score = -1;

      g_assert_nonnull (r);
      g_assert_cmpint (r->value, ==, expected[k].value);
      g_assert_cmpstr (r->display, ==, expected[k].display);
      /* Scored as shown. */
      g_assert_true (dabiao_standard_score_item (standard, group, DABIAO_SEX_MALE, r->item, expected[k].value, 0,
                                                 &score, NULL, &error));
      g_assert_cmpint (r->score, ==, score);
    }
  dabiao_event_close (event);
}

/* One level naming, from the standard's data: an organiser's copy of the
 * standard with its own BMI words shows those words. */
static void
test_level_names_from_bands (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoStandard) shipped = dabiao_standard_load ("student-2014", &error);
  g_autoptr(DabiaoResults) results = dabiao_results_new (shipped, NULL);
  const DabiaoItem *bmi = dabiao_standard_lookup_item (shipped, "bmi");
  const DabiaoItem *run = dabiao_standard_lookup_item (shipped, "run_50m");
  const char * const bmi_words[] = { "正常", "低体重", "超重", "肥胖", NULL };
  const char * const item_levels[] = { "优秀", "良好", "及格", "不及格", NULL };
  g_autofree char *bands = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "data", "standards", "student-2014",
                                            "bands.csv", NULL);
  g_autofree char *dir = NULL;
  g_autoptr(GString) renamed = NULL;

  g_assert_no_error (error);
  g_assert_true (g_strv_equal (dabiao_results_get_level_names (results, bmi), bmi_words));
  g_assert_true (g_strv_equal (dabiao_results_get_level_names (results, run), item_levels));
  g_assert_false (dabiao_results_level_passes (results, "正常"));
  g_assert_true (dabiao_results_level_passes (results, "及格"));
  g_assert_false (dabiao_results_level_passes (results, "不及格"));

  /* The organiser's words. */
  g_assert_true (g_file_get_contents (path, &bands, NULL, NULL));
  renamed = g_string_new (bands);
  g_string_replace (renamed, ",正常,", ",体重正常,", 0);
  g_string_replace (renamed, ",肥胖,", ",需关注,", 0);
  dir = dabiao_test_standard_install ("student-2014", "organiser-bmi", "bands.csv", renamed->str);
  {
    g_autoptr(DabiaoStandard) own = dabiao_standard_load ("organiser-bmi", &error);
    g_autoptr(DabiaoResults) own_results = NULL;
    const char * const own_words[] = { "体重正常", "低体重", "超重", "需关注", NULL };
    DabiaoResultsWho who = { "G1", 11, DABIAO_SEX_MALE, "" };
    g_autoptr(DabiaoResultsPerson) p = dabiao_results_person_new ();
    DabiaoResultsItem *r;

    g_assert_no_error (error);
    own_results = dabiao_results_new (own, NULL);
    g_assert_true (g_strv_equal (dabiao_results_get_level_names (own_results, dabiao_standard_lookup_item (own, "bmi")),
                                 own_words));
    /* Any source of persons: values as the module takes them. */
    r = dabiao_results_person_add_item (p, "身高", "01");
    r->item = dabiao_standard_lookup_item (own, "height");
    r->has_value = TRUE;
    r->value = 120000;
    r = dabiao_results_person_add_item (p, "体重", "02");
    r->item = dabiao_standard_lookup_item (own, "weight");
    r->has_value = TRUE;
    r->value = 40000;   /* 27.8: 肥胖 in the shipped words */
    g_assert_true (dabiao_results_score_person (own_results, &who, p));
    r = dabiao_results_person_find_item (p, "体重指数", NULL);
    g_assert_cmpstr (r->display, ==, "27.8");
    g_assert_cmpstr (r->level, ==, "需关注");
  }
  dabiao_test_standard_remove (dir);
}

/* The statistics, and exemptions by item. */
static void
test_counts_and_exemptions (void)
{
  const DabiaoParticipantInfo people[] = {
    /* Complete. */
    { "G1", "甲", 1, "2019-09-01", "", 11, "1101", "1班", "01", "", "3201010001", "" },
    /* Exempt from 一分钟跳绳 only. */
    { "G2", "乙", 2, "2019-09-01", "", 11, "1101", "1班", "01", "", "3201010001", "" },
    /* Exempt from everything. */
    { "G3", "丙", 1, "2019-09-01", "", 11, "1102", "2班", "01", "", "3201010001", "" },
    /* Nothing at all: not measured yet (未测完), not 缺测. */
    { "G4", "丁", 2, "2019-09-01", "", 11, "1102", "2班", "01", "", "3201010002", "" },
    /* Recorded 缺测 in 50米跑, the rest measured. */
    { "G5", "戊", 1, "2019-09-01", "", 11, "1101", "1班", "01", "", "3201010001", "" },
  };
  Rec recs[40];
  guint n = 0;
  static const char * const g1_items[] = { "height", "weight", "vital_capacity", "run_50m", "sit_and_reach", "rope_1min" };
  static const double g1_values[] = { 120, 22, 1200, 10.5, 10, 100 };
  static const char * const all_items[] = { "height", "weight", "vital_capacity", "run_50m", "sit_and_reach", "rope_1min" };
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(DabiaoResults) results = NULL;
  DabiaoResultsFilter all = DABIAO_RESULTS_FILTER_ALL;
  DabiaoResultsFilter school2 = { "3201010002", NULL, NULL, -1 };
  DabiaoResultsFilter class1 = { NULL, NULL, "1101", -1 };
  DabiaoResultsCounts c;
  DabiaoResultsPerson *p;

  for (guint k = 0; k < G_N_ELEMENTS (g1_items); k++)
    recs[n++] = (Rec) { "G1", g1_items[k], g1_values[k] };
  for (guint k = 0; k + 1 < G_N_ELEMENTS (g1_items); k++)
    recs[n++] = (Rec) { "G2", g1_items[k], g1_values[k] };
  recs[n++] = (Rec) { "G2", "rope_1min", 0, DABIAO_SPECIAL_EXEMPT, "脚伤" };
  for (guint k = 0; k < G_N_ELEMENTS (all_items); k++)
    recs[n++] = (Rec) { "G3", all_items[k], 0, DABIAO_SPECIAL_EXEMPT, "病休" };
  for (guint k = 0; k < G_N_ELEMENTS (g1_items); k++)
    if (strcmp (g1_items[k], "run_50m") != 0)
      recs[n++] = (Rec) { "G5", g1_items[k], g1_values[k] };
  recs[n++] = (Rec) { "G5", "run_50m", 0, DABIAO_SPECIAL_ABSENT };
  event = make_event ("counts.dabiao", "student-2014", people, G_N_ELEMENTS (people), recs, n);
  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  results = dabiao_results_new_for_event (event, &error);
  g_assert_no_error (error);

  p = find_person (persons, "G1");
  g_assert_true (p->has_total && p->level != NULL);
  g_assert_false (p->exempt);
  p = find_person (persons, "G2");
  g_assert_false (p->has_total);
  g_assert_false (p->exempt);
  g_assert_true (dabiao_results_person_has_exemption (p));
  /* The 备注 says 免测 with its reason, not "missing". */
  g_assert_nonnull (strstr (p->notes, "一分钟跳绳：免测（脚伤）"));
  g_assert_null (strstr (p->notes, "缺少一分钟跳绳"));
  p = find_person (persons, "G3");
  g_assert_true (p->exempt);
  g_assert_cmpstr (p->exempt_reason, ==, "病休");
  p = find_person (persons, "G4");
  g_assert_false (p->exempt);
  /* Every missing input of 体重指数 named, not only the first. */
  g_assert_nonnull (strstr (p->notes, "体重指数：缺少身高、体重"));
  g_assert_false (dabiao_results_person_has_absence (p));
  p = find_person (persons, "G5");
  g_assert_false (p->has_total);
  g_assert_true (dabiao_results_person_has_absence (p));

  /* 缺测 is a recorded absence; 未测完 is still to be measured: 应测 =
   * 实测 + 免测 + 缺测 + 未测完, and 受检率 stays 实测 / (应测 − 免测). */
  dabiao_results_count (results, persons, &all, &c);
  g_assert_cmpuint (c.expected, ==, 5);
  g_assert_cmpuint (c.tested, ==, 1);
  g_assert_cmpuint (c.exempt, ==, 2);
  g_assert_cmpuint (c.missing, ==, 1);
  g_assert_cmpuint (c.incomplete, ==, 1);
  g_assert_cmpfloat_with_epsilon (dabiao_results_counts_tested_rate (&c), 1.0 / 3, 1e-12);
  dabiao_results_count (results, persons, &school2, &c);
  g_assert_cmpuint (c.expected, ==, 1);
  g_assert_cmpuint (c.missing, ==, 0);
  g_assert_cmpuint (c.incomplete, ==, 1);
  dabiao_results_count (results, persons, &class1, &c);
  g_assert_cmpuint (c.expected, ==, 3);
  g_assert_cmpuint (c.tested, ==, 1);
  g_assert_cmpuint (c.missing, ==, 1);
  g_assert_cmpuint (c.incomplete, ==, 0);
  dabiao_event_close (event);
}

/* The results sheet: 学校代码/学校名称, number cells, a named sheet, 备注 in
 * Chinese; read back with openpyxl. */
static void
test_results_sheet (void)
{
  /* Roster order is not class order: the sheet has the upload file's
   * (学校代码, 年级编号, 班级编号; roster order within a class). */
  const DabiaoParticipantInfo people[] = {
    { "G0", "丙", 1, "2013-05-01", "", 21, "2102", "2班", "01", "", "3201020002", "" },
    { "G1", "甲", 1, "2013-03-01", "", 21, "2101", "1班", "01", "", "3201020002", "" },
    { "G2", "乙", 2, "2013-04-01", "", 21, "2101", "1班", "01", "", "3201020002", "" },
    { "G3", "丁", 2, "2012-04-01", "", 22, "2201", "1班", "01", "", "3201020001", "" },
  };
  const Rec recs[] = {
    { "G1", "height", 165.0 }, { "G1", "weight", 50.0 }, { "G1", "vital_capacity", 4000 }, { "G1", "run_50m", 7.5 },
    { "G1", "sit_and_reach", 12.0 }, { "G1", "standing_long_jump", 230 }, { "G1", "pull_up", 12 },
    { "G1", "run_1000m", 215 },
    { "G2", "height", 158.0 }, { "G2", "run_800m", 0, DABIAO_SPECIAL_EXEMPT, "伤病" },
  };
  g_autoptr(DabiaoEvent) event = make_event ("sheet.dabiao", "student-2014", people, G_N_ELEMENTS (people), recs,
                                             G_N_ELEMENTS (recs));
  g_autofree char *xlsx = g_build_filename (tmpdir, "results.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  const char *python = g_getenv ("DABIAO_PYTHON");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "results", "check-results-sheet.py", NULL);
  guint n_rows = 0;

  g_assert_true (dabiao_results_sheet_write (event, xlsx, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 4);
  dabiao_event_close (event);
  if (python == NULL)
    {
      g_test_skip ("DABIAO_PYTHON is not set");
      return;
    }
  {
    const char *argv[] = { python, script, xlsx, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("check-results-sheet.py failed:\n%s%s", out, err);
  }
}

int
main (int argc, char **argv)
{
  int ret;

  tmpdir = g_dir_make_tmp ("dabiao-test-results-XXXXXX", NULL);
  {
    g_autofree char *data_home = g_build_filename (tmpdir, "xdg-data", NULL);

    /* A private data folder: a test installs a user standard there. */
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  }
  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/results/one-bmi", test_one_bmi);
  g_test_add_func ("/results/one-rounding", test_one_rounding);
  g_test_add_func ("/results/inputs-apply", test_inputs_apply);
  g_test_add_func ("/results/level-names-from-bands", test_level_names_from_bands);
  g_test_add_func ("/results/counts-and-exemptions", test_counts_and_exemptions);
  g_test_add_func ("/results/sheet", test_results_sheet);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
