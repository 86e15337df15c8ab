/* test-summary.c: the summary workbook, read back with openpyxl.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-output.h"
#include "dabiao-summary.h"
#include "output-testdata.h"

static char *tmpdir;

static void
run_python (const char *script,
            const char *arg,
            const char *mode)
{
  const char *python = g_getenv ("DABIAO_PYTHON");
  g_autofree char *script_path = g_test_build_filename (G_TEST_DIST, "output", script, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const char *argv[] = { python, script_path, arg, mode, NULL };

  if (python == NULL)
    {
      g_test_skip ("DABIAO_PYTHON is not set");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s%s", script, out, err);
}

static DabiaoResultsPerson *
person (GPtrArray  *persons,
        int         grade,
        const char *name,
        int         sex,
        const char *level)
{
  g_autofree char *no = g_strdup_printf ("G%d%s", grade, name);
  DabiaoResultsPerson *p = output_test_person ("3201010001", grade, 1, no, name, sex);

  p->level = level;
  p->has_total = level != NULL;
  /* Totals that check-summary.py averages: 优秀 95.0, 良好 85.0, 及格 70.0,
   * 不及格 50.0 (标准分 one point less). */
  p->total_tenths = level == NULL ? 0 : g_str_equal (level, "优秀") ? 950 : g_str_equal (level, "良好") ? 850
                    : g_str_equal (level, "及格") ? 700 : 500;
  p->standard_tenths = p->total_tenths - 10;
  p->has_standard_score = p->has_total;
  g_ptr_array_add (persons, p);
  return p;
}

/* check-summary.py knows these. */
static GPtrArray *
make_sample (void)
{
  GPtrArray *persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
  DabiaoResultsPerson *p;
  DabiaoResultsItem *r;

  p = person (persons, 21, "甲", 1, "优秀");
  output_test_result (p, "1000米跑", 225, 85, "良好");
  p = person (persons, 21, "乙", 1, "及格");
  output_test_result (p, "1000米跑", 250, 70, "及格");
  p = person (persons, 21, "丙", 1, NULL);
  p->exempt = TRUE;
  p->exempt_reason = g_strdup ("伤病");
  p = person (persons, 21, "丁", 1, NULL);
  r = dabiao_results_person_add_item (p, "1000米跑", "11");
  r->special = g_strdup ("缺测");
  output_test_result (p, "50米跑", 8.1, 80, "良好");
  p = person (persons, 21, "戊", 2, "良好");
  output_test_result (p, "800米跑", 230, 80, "良好");
  p = person (persons, 21, "己", 2, "不及格");
  /* Grade 11 comes first in the sheets although it comes last here. */
  p = person (persons, 11, "庚", 1, "优秀");
  output_test_result (p, "一分钟跳绳", 120, 100, "优秀");
  p = person (persons, 11, "辛", 2, "及格");
  output_test_result (p, "一分钟跳绳", 60, 70, "及格");
  /* Not measured yet (未测完), not 缺测: no special result recorded. */
  p = person (persons, 11, "壬", 2, NULL);
  dabiao_results_person_add_item (p, "一分钟跳绳", "14");
  return persons;
}

static DabiaoResults *
results_for (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoStandard) standard = dabiao_standard_load (id, &error);

  g_assert_no_error (error);
  return dabiao_results_new (standard, NULL);
}

static void
test_summary_counts (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autoptr(DabiaoResults) results = results_for ("student-2014");
  DabiaoResultsFilter boys = { NULL, "初一", NULL, DABIAO_SEX_MALE };
  DabiaoResultsFilter all = DABIAO_RESULTS_FILTER_ALL;
  DabiaoResultsCounts c;

  dabiao_results_count (results, persons, &boys, &c);
  g_assert_cmpuint (c.expected, ==, 4);
  g_assert_cmpuint (c.tested, ==, 2);
  g_assert_cmpuint (c.exempt, ==, 1);
  g_assert_cmpuint (c.missing, ==, 1);
  g_assert_cmpuint (c.incomplete, ==, 0);
  g_assert_cmpuint (c.levels[0], ==, 1);
  g_assert_cmpuint (c.levels[2], ==, 1);
  g_assert_cmpuint (c.passed, ==, 2);
  g_assert_cmpfloat_with_epsilon (dabiao_results_counts_mean_total (&c), 82.5, 1e-9);
  dabiao_results_count (results, persons, &all, &c);
  g_assert_cmpuint (c.expected, ==, 9);
  g_assert_cmpuint (c.tested, ==, 6);
  g_assert_cmpuint (c.missing, ==, 1);
  g_assert_cmpuint (c.incomplete, ==, 1);
  g_assert_cmpuint (c.passed, ==, 5);
  g_assert_cmpuint (c.levels[0] + c.levels[1] + c.levels[2] + c.levels[3], ==, 6);
}

static void
test_summary_readback (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autoptr(DabiaoResults) results = results_for ("student-2014");
  g_autofree char *path = g_build_filename (tmpdir, "summary.xlsx", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (dabiao_summary_workbook_write (path, results, persons, "2026年秋季体质健康测试汇总", &error));
  g_assert_no_error (error);
  run_python ("check-summary.py", path, "student");
}

static void
test_summary_adult_levels (void)
{
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autoptr(DabiaoResults) results = results_for ("natfit-2003");
  g_autofree char *path = g_build_filename (tmpdir, "summary-adult.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  guint i;

  for (i = 0; i < persons->len; i++)
    {
      DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      static const char * const adult[] = { NULL, "四级（不合格）", "三级（合格）", "二级（良好）", "一级（优秀）" };
      int rank = dabiao_output_level_rank (p->level);

      p->grade = 0;
      g_free (p->group);
      p->group = g_strdup (i % 2 ? "20-24岁" : "25-29岁");
      p->level = adult[rank];
    }
  g_assert_true (dabiao_summary_workbook_write (path, results, persons, NULL, &error));
  g_assert_no_error (error);
  run_python ("check-summary.py", path, "adult");
}

/* Levels are the standard's, however many: an organiser's copy of
 * student-2014 with three levels of its own. */
static void
test_summary_custom_levels (void)
{
  static const char * const files[] = { "standard.ini", "items.csv", "groups.csv", "thresholds.csv", "bands.csv",
                                         "weights.csv", "bonus.csv", "item_levels.csv" };
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autofree char *dir = g_build_filename (tmpdir, "custom-standard", NULL);
  g_autofree char *grades = g_build_filename (dir, "grades.csv", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "summary-custom.xlsx", NULL);
  g_autoptr(DabiaoStandard) standard = NULL;
  g_autoptr(DabiaoResults) results = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoResultsCounts c;

  g_mkdir_with_parents (dir, 0700);
  for (guint k = 0; k < G_N_ELEMENTS (files); k++)
    {
      g_autofree char *from = g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "data", "standards", "student-2014",
                                                files[k], NULL);
      g_autofree char *to = g_build_filename (dir, files[k], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }
  g_assert_true (g_file_set_contents (grades, "part,min_total,grade\n*,90.0,甲\n*,60.0,乙\n*,0,丙\n", -1, NULL));
  standard = dabiao_standard_load_from_dir (dir, &error);
  g_assert_no_error (error);
  results = dabiao_results_new (standard, NULL);

  for (guint i = 0; i < persons->len; i++)
    {
      DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      static const char * const custom[] = { NULL, "丙", "乙", "乙", "甲" };

      p->level = custom[dabiao_output_level_rank (p->level)];
    }
  dabiao_results_count (results, persons, NULL, &c);
  g_assert_cmpuint (c.tested, ==, 6);
  g_assert_cmpuint (c.levels[0] + c.levels[1] + c.levels[2], ==, 6);
  g_assert_true (dabiao_summary_workbook_write (path, results, persons, NULL, &error));
  g_assert_no_error (error);
  run_python ("check-summary.py", path, "custom");
}

static void
test_summary_errors (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) persons = make_sample ();
  g_autoptr(DabiaoResults) results = results_for ("student-2014");
  g_autofree char *path = g_build_filename (tmpdir, "empty.xlsx", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "nope", "s.xlsx", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (dabiao_summary_workbook_write (path, results, none, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_false (dabiao_summary_workbook_write (missing, results, persons, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
}

int
main (int argc, char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dabiao-test-summary-XXXXXX", NULL);

  g_test_add_func ("/dabiao/Summary/counts", test_summary_counts);
  g_test_add_func ("/dabiao/Summary/readback", test_summary_readback);
  g_test_add_func ("/dabiao/Summary/adult-levels", test_summary_adult_levels);
  g_test_add_func ("/dabiao/Summary/custom-levels", test_summary_custom_levels);
  g_test_add_func ("/dabiao/Summary/errors", test_summary_errors);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };
    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
