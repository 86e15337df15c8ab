/* test-natfit.c — natfit-2003 as a whole: parts, ages, 台阶指数, persons.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "dabiao-age.h"
#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-score.h"
#include "dabiao-standard.h"

static DabiaoStandard *std;

static const DabiaoGroup *
group (const char *code)
{
  g_autoptr(GError) error = NULL;
  const DabiaoGroup *g = dabiao_standard_find_group (std, code, &error);

  g_assert_no_error (error);
  return g;
}

static void
test_load (void)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  static const struct { const char *group; DabiaoSex sex; const char *items; } parts[] = {
    { "3.0", DABIAO_SEX_MALE, "身高标准体重 坐位体前屈 身高 10米折返跑 立定跳远 网球掷远 双脚连续跳 走平衡木" },
    { "6.0", DABIAO_SEX_FEMALE, "身高标准体重 坐位体前屈 身高 10米折返跑 立定跳远 网球掷远 双脚连续跳 走平衡木" },
    { "20-24", DABIAO_SEX_MALE, "身高标准体重 肺活量 台阶指数 握力 俯卧撑 纵跳 坐位体前屈 选择反应时 闭眼单脚站立" },
    { "35-39", DABIAO_SEX_FEMALE, "身高标准体重 肺活量 台阶指数 握力 一分钟仰卧起坐 纵跳 坐位体前屈 选择反应时 闭眼单脚站立" },
    { "40-44", DABIAO_SEX_MALE, "身高标准体重 肺活量 台阶指数 握力 坐位体前屈 选择反应时 闭眼单脚站立" },
    { "55-59", DABIAO_SEX_FEMALE, "身高标准体重 肺活量 台阶指数 握力 坐位体前屈 选择反应时 闭眼单脚站立" },
    { "60-64", DABIAO_SEX_MALE, "身高标准体重 肺活量 握力 坐位体前屈 选择反应时 闭眼单脚站立" },
    { "65-69", DABIAO_SEX_FEMALE, "身高标准体重 肺活量 握力 坐位体前屈 选择反应时 闭眼单脚站立" },
  };

  problems = dabiao_standard_check_id ("natfit-2003", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_cmpint (dabiao_standard_get_shape (std), ==, DABIAO_SHAPE_POINTS);
  g_assert_cmpint (dabiao_standard_get_group_by (std), ==, DABIAO_GROUP_BY_AGE);
  g_assert_cmpuint (dabiao_standard_get_n_groups (std), ==, 17);

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      g_autoptr(GPtrArray) items = dabiao_standard_list_items_for (std, group (parts[p].group), parts[p].sex);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < items->len; i++)
        g_string_append_printf (names, "%s%s", i ? " " : "", ((DabiaoItem *) g_ptr_array_index (items, i))->name);
      g_assert_cmpstr (names->str, ==, parts[p].items);
    }
}

/* Confidence per table, as shipped; below "medium" is flagged. */
static void
test_confidence (void)
{
  static const struct { const char *group; const char *item; const char *confidence; gboolean low; } tables[] = {
    { "20-24", "肺活量", "medium", FALSE },
    { "50-54", "身高标准体重", "medium", FALSE },
    { "60-64", "握力", "medium-low", TRUE },
    { "65-69", "身高标准体重", "low-medium", TRUE },
    { "3.0", "坐位体前屈", "unverified", TRUE },
    { "4.5", "身高", "low", TRUE },
    { "5.0", "10米折返跑", "medium-high", FALSE },
    { "5.5", "网球掷远", "medium", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      const char *confidence = NULL, *sources = NULL;
      const DabiaoItem *item = dabiao_standard_lookup_item (std, tables[i].item);

      g_assert_true (dabiao_standard_get_table_info (std, group (tables[i].group), DABIAO_SEX_MALE, item,
                                                     &confidence, &sources));
      g_assert_cmpstr (confidence, ==, tables[i].confidence);
      g_assert_cmpint (dabiao_confidence_is_low (confidence), ==, tables[i].low);
      g_assert_cmpstr (sources, !=, "");
    }
}

static const char *
age_group (const char *birth,
           const char *on)
{
  g_autoptr(GError) error = NULL;
  const DabiaoGroup *g = dabiao_standard_find_group_for_person (std, NULL, birth, on, &error);

  if (g == NULL)
    {
      g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
      return NULL;
    }
  return g->code;
}

static void
test_age (void)
{
  GDate b, t;
  int months;
  g_autoptr(GError) error = NULL;

  /* A birthday on the test day counts. */
  g_assert_cmpstr (age_group ("2000-05-10", "2020-05-10"), ==, "20-24");
  g_assert_null (age_group ("2000-05-10", "2020-05-09"));           /* 19 */
  g_assert_cmpstr (age_group ("1980-05-10", "2020-05-09"), ==, "35-39");
  g_assert_cmpstr (age_group ("1980-05-10", "2020-05-10"), ==, "40-44");
  g_assert_cmpstr (age_group ("1960-05-10", "2020-05-09"), ==, "55-59");
  g_assert_cmpstr (age_group ("1960-05-10", "2020-05-10"), ==, "60-64");
  g_assert_cmpstr (age_group ("1950-05-10", "2020-05-09"), ==, "65-69");
  g_assert_null (age_group ("1950-05-10", "2020-05-10"));           /* 70 */
  /* Half-year groups of young children. */
  g_assert_null (age_group ("2017-03-01", "2020-02-29"));           /* 2 y 11 m */
  g_assert_cmpstr (age_group ("2017-03-01", "2020-03-01"), ==, "3.0");
  g_assert_cmpstr (age_group ("2017-03-01", "2020-08-31"), ==, "3.0");
  g_assert_cmpstr (age_group ("2017-03-01", "2020-09-01"), ==, "3.5");
  g_assert_cmpstr (age_group ("2014-03-01", "2020-08-31"), ==, "6.0");
  g_assert_null (age_group ("2014-03-01", "2020-09-01"));           /* 6.5 */
  /* Born on the 31st: the anniversary in a 30-day month is the 30th. */
  g_assert_cmpstr (age_group ("2016-08-31", "2020-02-29"), ==, "3.5");
  g_assert_cmpstr (age_group ("2016-08-31", "2020-02-28"), ==, "3.0");
  /* Ways to write dates. */
  g_assert_cmpstr (age_group ("2000/5/10", "20200510"), ==, "20-24");
  g_assert_cmpstr (age_group ("2000年5月10日", "２０２０．５．１０"), ==, "20-24");
  g_assert_null (age_group ("2000-02-30", "2020-05-10"));
  g_assert_null (age_group ("10/05/2000", "2020-05-10"));
  g_assert_null (age_group ("2021-05-10", "2020-05-10"));           /* after the test */
  g_assert_null (age_group ("2000-05-10", ""));                     /* no test date */

  g_assert_true (dabiao_date_parse ("2020-02-29", &b, NULL));
  g_assert_true (dabiao_date_parse ("2021-02-28", &t, NULL));
  g_assert_cmpint (dabiao_age_in_months (&b, &t), ==, 12);

  /* From 年龄 in years. */
  g_assert_true (dabiao_age_parse_years ("3.5", &months, NULL));
  g_assert_cmpint (months, ==, 42);
  g_assert_true (dabiao_age_parse_years ("3.99", &months, NULL));
  g_assert_cmpint (months, ==, 47);
  g_assert_true (dabiao_age_parse_years ("２０岁", &months, NULL));
  g_assert_cmpint (months, ==, 240);
  g_assert_false (dabiao_age_parse_years ("abc", &months, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpstr (dabiao_standard_find_group_for_person (std, "19", NULL, NULL, NULL) == NULL ? "none" : "?", ==, "none");
  g_assert_cmpstr (dabiao_standard_find_group_for_person (std, "39", NULL, NULL, NULL)->code, ==, "35-39");
  g_assert_cmpstr (dabiao_standard_find_group_for_person (std, "40", NULL, NULL, NULL)->code, ==, "40-44");
  g_assert_cmpstr (dabiao_standard_find_group_for_person (std, "6", NULL, NULL, NULL)->code, ==, "6.0");
  g_assert_null (dabiao_standard_find_group_for_person (std, "12", NULL, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
}

/* Scores a person from texts keyed by item name. */
static DabiaoPersonScore *
score (const char  *group_code,
       DabiaoSex    sex,
       const char  *first,
       ...)
{
  g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;

  va_start (args, first);
  for (const char *key = first; key != NULL; key = va_arg (args, const char *))
    g_hash_table_insert (texts, (gpointer) key, va_arg (args, char *));
  va_end (args);
  return dabiao_standard_score_table (std, group (group_code), sex, texts);
}

static int
item_score (DabiaoPersonScore *r,
            const char        *name)
{
  const DabiaoItemScore *is = dabiao_person_score_get_item (r, dabiao_standard_lookup_item (std, name));

  g_assert_nonnull (is);
  return is->status == DABIAO_ITEM_SCORED ? is->score : -1;
}

static void
test_step_index (void)
{
  static const struct { const char *t, *p1, *p2, *p3; int points; } cases[] = {
    /* 20–24 男: 1 point from 42.1, 4 from 58.1, 5 from 67.7 (reference). */
    { "841", "333", "333", "334", 1 },   /* 84100 / 2000 = 42.05 → 42.1 */
    { "840", "333", "333", "334", 0 },   /* 42.0 */
    { "180", "50", "45", "40", 4 },      /* 18000 / 270 = 66.67 → 66.7 */
    { "180", "40", "40", "40", 5 },      /* 75.0 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DabiaoPersonScore) r = score ("20-24", DABIAO_SEX_MALE, "台阶时间", cases[i].t,
                                              "脉搏1", cases[i].p1, "脉搏2", cases[i].p2, "脉搏3", cases[i].p3, NULL);
      const DabiaoItemScore *is = dabiao_person_score_get_item (r, dabiao_standard_lookup_item (std, "台阶指数"));

      g_assert_cmpint (is->status, ==, DABIAO_ITEM_SCORED);
      g_assert_cmpint (is->score, ==, cases[i].points);
    }

  {
    g_autoptr(DabiaoPersonScore) r = score ("20-24", DABIAO_SEX_MALE, "台阶时间", "180", "脉搏1", "50",
                                            "脉搏2", "45", "脉搏3", "40", NULL);
    const DabiaoItemScore *is = dabiao_person_score_get_item (r, dabiao_standard_lookup_item (std, "台阶指数"));

    g_assert_cmpint (is->value, ==, 66700);
  }
  /* A typed 台阶指数 wins over the inputs; a missing pulse is named. */
  {
    g_autoptr(DabiaoPersonScore) r = score ("20-24", DABIAO_SEX_MALE, "台阶指数", "42.1", "台阶时间", "180",
                                            "脉搏1", "40", "脉搏2", "40", "脉搏3", "40", NULL);
    g_assert_cmpint (item_score (r, "台阶指数"), ==, 1);
  }
  {
    g_autoptr(DabiaoPersonScore) r = score ("20-24", DABIAO_SEX_MALE, "台阶时间", "180", "脉搏1", "40",
                                            "脉搏3", "40", NULL);
    g_assert_cmpint (item_score (r, "台阶指数"), ==, -1);
    g_assert_nonnull (strstr (r->notes, "脉搏2"));
  }
  {
    g_autoptr(DabiaoPersonScore) r = score ("20-24", DABIAO_SEX_MALE, "台阶时间", "180", "脉搏1", "0",
                                            "脉搏2", "40", "脉搏3", "40", NULL);
    g_assert_cmpint (item_score (r, "台阶指数"), ==, -1);
    g_assert_nonnull (strstr (r->notes, "脉搏1"));
  }
}

static void
test_person (void)
{
  /* 20–24 男, every item at its 5-point threshold: 45, 一级（优秀）. */
  {
    g_autoptr(DabiaoPersonScore) r = score ("20-24", DABIAO_SEX_MALE,
                                            "身高", "170", "体重", "60", "肺活量", "4635", "台阶指数", "67.7",
                                            "握力", "56.4", "俯卧撑", "41", "纵跳", "45.9", "坐位体前屈", "20.2",
                                            "选择反应时", "0.39", "闭眼单脚站立", "99", NULL);

    g_assert_true (r->complete);
    g_assert_cmpint (item_score (r, "身高标准体重"), ==, 5);
    g_assert_cmpint (r->total_tenths, ==, 450);
    g_assert_cmpstr (r->level, ==, "一级（优秀）");
    g_assert_cmpstr (r->notes, ==, "");
  }
  /* A height outside the 身高标准体重 table: no score, no total, a note. */
  {
    g_autoptr(DabiaoPersonScore) r = score ("45-49", DABIAO_SEX_FEMALE,
                                            "身高", "120", "体重", "40", "肺活量", "2000", "台阶指数", "50",
                                            "握力", "20", "坐位体前屈", "5", "选择反应时", "0.6",
                                            "闭眼单脚站立", "10", NULL);

    g_assert_false (r->complete);
    g_assert_null (r->level);
    g_assert_cmpint (item_score (r, "身高标准体重"), ==, -1);
    g_assert_nonnull (strstr (r->notes, "120.0"));
    g_assert_nonnull (strstr (r->notes, "身高标准体重"));
  }
  /* Elderly: every score flagged as from a table below "medium". */
  {
    g_autoptr(DabiaoPersonScore) r = score ("60-64", DABIAO_SEX_MALE,
                                            "身高", "165", "体重", "62", "肺活量", "2500", "握力", "35",
                                            "坐位体前屈", "2", "选择反应时", "0.7", "闭眼单脚站立", "8", NULL);

    g_assert_true (r->complete);
    for (guint i = 0; i < r->n_items; i++)
      {
        g_assert_true (r->items[i].low_confidence);
        g_assert_nonnull (strstr (r->notes, r->items[i].item->score_header));
      }
    g_assert_nonnull (r->level);
  }
  /* Below every table: 0 points, still a total. */
  {
    g_autoptr(DabiaoPersonScore) r = score ("5.0", DABIAO_SEX_FEMALE,
                                            "身高", "100", "体重", "15", "坐位体前屈", "-5", "10米折返跑", "30",
                                            "立定跳远", "10", "网球掷远", "0.5", "双脚连续跳", "60", "走平衡木", "90", NULL);

    g_assert_true (r->complete);
    g_assert_cmpint (item_score (r, "坐位体前屈"), ==, 0);
    g_assert_cmpint (item_score (r, "10米折返跑"), ==, 0);
    g_assert_cmpstr (r->level, ==, "四级（不合格）");
  }
}

/* The one group lookup for a participant: by grade or by age on the test
 * date, with a message naming the participant and what is missing. */
static const char *
participant_group (DabiaoStandard *standard,
                   const char     *grade,
                   const char     *birth,
                   const char     *on,
                   char          **message)
{
  g_autoptr(GError) error = NULL;
  const DabiaoGroup *g = dabiao_standard_find_participant_group_text (standard, "P042", grade, birth, on, &error);

  if (g == NULL)
    {
      g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
      if (message != NULL)
        *message = g_strdup (error->message);
      return NULL;
    }
  g_assert_no_error (error);
  return g->code;
}

static void
expect_message (DabiaoStandard *standard,
                const char     *grade,
                const char     *birth,
                const char     *on,
                const char     *needle)
{
  g_autofree char *message = NULL;

  g_assert_null (participant_group (standard, grade, birth, on, &message));
  if (strstr (message, needle) == NULL || strstr (message, "P042") == NULL)
    g_error ("expected “%s” naming P042, got “%s”", needle, message);
}

static void
test_participant_group (void)
{
  g_autoptr(DabiaoStandard) student = NULL;
  g_autoptr(GError) error = NULL;
  GDate b, t;

  /* Age-banded: completed months on the test date. */
  g_assert_cmpstr (participant_group (std, NULL, "2003-02-28", "2023-02-28", NULL), ==, "20-24");
  g_assert_null (participant_group (std, NULL, "2003-03-01", "2023-02-28", NULL));          /* 19 */
  g_assert_cmpstr (participant_group (std, "", "1983-02-28", "2023-02-28", NULL), ==, "40-44");
  g_assert_cmpstr (participant_group (std, NULL, "1983-03-01", "2023-02-28", NULL), ==, "35-39");
  g_assert_cmpstr (participant_group (std, NULL, "1954-03-01", "2023-02-28", NULL), ==, "65-69");
  /* Born on the 31st: on the last day of a shorter month the half year is
   * complete (an ad-hoc "day < birth day" would say 3.0). */
  g_assert_cmpstr (participant_group (std, NULL, "2019-08-31", "2023-02-28", NULL), ==, "3.5");
  g_assert_cmpstr (participant_group (std, NULL, "2019-08-31", "2023-02-27", NULL), ==, "3.0");
  g_assert_cmpstr (participant_group (std, NULL, "2019-03-31", "2022-09-30", NULL), ==, "3.5");
  g_assert_cmpstr (participant_group (std, NULL, "2019-03-31", "2022-09-29", NULL), ==, "3.0");
  /* Born on 29 February: the 25th birthday in a common year is 28 February. */
  g_assert_cmpstr (participant_group (std, NULL, "1996-02-29", "2021-02-28", NULL), ==, "25-29");
  g_assert_cmpstr (participant_group (std, NULL, "1996-02-29", "2021-02-27", NULL), ==, "20-24");
  /* A grade means nothing to an age-banded standard. */
  g_assert_cmpstr (participant_group (std, "21", "1995-06-15", "2023-02-28", NULL), ==, "25-29");

  expect_message (std, NULL, NULL, "2023-02-28", "出生日期为空，无法按年龄分组");
  expect_message (std, NULL, "", "2023-02-28", "出生日期为空，无法按年龄分组");
  expect_message (std, NULL, "1995-06-15", NULL, "没有测试日期");
  expect_message (std, NULL, "1995-02-30", "2023-02-28", "出生日期");
  expect_message (std, NULL, "2024-01-01", "2023-02-28", "晚于测试日期");
  expect_message (std, NULL, "2013-01-01", "2023-02-28", "10 岁 1 个月");
  expect_message (std, NULL, "1950-01-01", "2023-02-28", "不评分");

  /* GDate form (the output scorer's): cleared dates are missing. */
  g_date_clear (&b, 1);
  g_date_set_dmy (&t, 28, 2, 2023);
  g_assert_null (dabiao_standard_find_participant_group (std, NULL, NULL, &b, &t, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_null (strstr (error->message, "P042"));
  g_clear_error (&error);
  g_date_set_dmy (&b, 31, 8, 2019);
  g_assert_cmpstr (dabiao_standard_find_participant_group (std, NULL, NULL, &b, &t, &error)->code, ==, "3.5");
  g_assert_no_error (error);

  /* Grade-banded: the grade, whatever the birth date. */
  student = dabiao_standard_load ("student-2014", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (participant_group (student, "21", NULL, NULL, NULL), ==, "21");
  g_assert_cmpstr (participant_group (student, "24", "2010-01-01", "2023-02-28", NULL), ==, "23");   /* alias */
  expect_message (student, "0", "2010-01-01", "2023-02-28", "没有年级编号");
  expect_message (student, NULL, NULL, NULL, "没有年级编号");
  expect_message (student, "25", NULL, NULL, "25");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  dabiao_i18n_init ();   /* messages in the user's language (tests: zh_CN) */
  g_test_init (&argc, &argv, NULL);

  std = dabiao_standard_load ("natfit-2003", &error);
  g_assert_no_error (error);

  g_test_add_func ("/natfit/load", test_load);
  g_test_add_func ("/natfit/confidence", test_confidence);
  g_test_add_func ("/natfit/age", test_age);
  g_test_add_func ("/natfit/step-index", test_step_index);
  g_test_add_func ("/natfit/person", test_person);
  g_test_add_func ("/natfit/participant-group", test_participant_group);

  ret = g_test_run ();
  dabiao_standard_unref (std);
  return ret;
}
