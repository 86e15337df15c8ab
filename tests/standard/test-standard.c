/* test-standard.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The standards engine: loading, lookups, values as people write them, and
 * the scoring rules of student-2014 (pull-up blanks, BMI rounding, bonus,
 * totals, level edges, the errata other calculators get wrong). */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-score.h"
#include "dabiao-score-file.h"

static DabiaoStandard *std;

static const DabiaoGroup *
group (const char *code)
{
  g_autoptr(GError) error = NULL;
  const DabiaoGroup *g = dabiao_standard_find_group (std, code, &error);

  g_assert_no_error (error);
  return g;
}

static const DabiaoItem *
item (const char *text)
{
  const DabiaoItem *i = dabiao_standard_lookup_item (std, text);

  g_assert_nonnull (i);
  return i;
}

static int
score_text (const char *grade,
            DabiaoSex   sex,
            const char *code,
            const char *text,
            int        *bonus)
{
  const DabiaoItem *it = item (code);
  g_autoptr(GError) error = NULL;
  gint64 v;
  int score = -1;

  dabiao_item_parse_value (it, text, &v, &error);
  g_assert_no_error (error);
  dabiao_standard_score_item (std, group (grade), sex, it, v, 0, &score, bonus, &error);
  g_assert_no_error (error);
  return score;
}

static void
test_metadata (void)
{
  g_auto(GStrv) ids = dabiao_standard_list_ids ();

  g_assert_true (g_strv_contains ((const char * const *) ids, "student-2014"));
  g_assert_cmpstr (dabiao_standard_get_id (std), ==, "student-2014");
  g_assert_cmpint (dabiao_standard_get_year (std), ==, 2014);
  g_assert_cmpstr (dabiao_standard_get_issuing_body (std), ==, "教育部");
  g_assert_false (dabiao_standard_get_supplied_by_user (std));
  g_assert_cmpint (dabiao_standard_get_shape (std), ==, DABIAO_SHAPE_WEIGHTED);
  g_assert_cmpint (dabiao_standard_get_group_by (std), ==, DABIAO_GROUP_BY_GRADE);
  g_assert_cmpstr (dabiao_standard_get_group_column (std), ==, "年级编号");
  g_assert_cmpuint (dabiao_standard_get_n_groups (std), ==, 16);
  g_assert_nonnull (dabiao_standard_get_source (std, "S1"));
}

static void
test_lookup_item (void)
{
  const DabiaoItem *run = item ("run_1000m");

  g_assert_true (item ("1000米跑") == run);
  g_assert_true (item ("11") == run);
  g_assert_true (item ("011") == run);
  g_assert_true (item ("１１") == run);
  g_assert_true (item (" 1000 米跑 ") == run);
  g_assert_true (item ("50米x8往返跑") == item ("shuttle_50mx8"));
  g_assert_true (item ("50米×8往返跑") == item ("09"));
  g_assert_true (item ("体重指数（BMI）") == item ("bmi"));
  g_assert_true (item ("体重指数") == item ("bmi"));
  g_assert_true (item ("5") == item ("50米跑"));
  g_assert_null (dabiao_standard_lookup_item (std, "握力"));
  g_assert_null (dabiao_standard_lookup_item (std, "99"));
  g_assert_cmpstr (run->score_header, ==, "1000米跑得分");
  g_assert_cmpstr (item ("bmi")->score_header, ==, "体重指数得分");
}

static void
test_find_group (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (group ("21")->label, ==, "初中一年级");
  g_assert_cmpstr (group ("２１")->code, ==, "21");
  g_assert_cmpstr (group (" 21 ")->code, ==, "21");
  g_assert_cmpstr (group ("21.0")->code, ==, "21");
  g_assert_cmpstr (group ("24")->code, ==, "23");
  g_assert_cmpstr (group ("34")->code, ==, "33");
  g_assert_cmpstr (group ("44")->part, ==, "大学");

  g_assert_null (dabiao_standard_find_group (std, "25", &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "25"));
  g_clear_error (&error);
  g_assert_null (dabiao_standard_find_group (std, "", &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
}

/* Item levels and the names of the levels of totals and items come from the data. */
static void
test_levels (void)
{
  static const struct { int score; const char *level; } cases[] = {
    { 100, "优秀" }, { 90, "优秀" }, { 89, "良好" }, { 80, "良好" }, { 78, "及格" },
    { 60, "及格" }, { 59, "不及格" }, { 0, "不及格" },
  };
  const char * const levels[] = { "优秀", "良好", "及格", "不及格", NULL };
  const char * const natfit_levels[] = { "一级（优秀）", "二级（良好）", "三级（合格）", "四级（不合格）", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoStandard) natfit = dabiao_standard_load ("natfit-2003", &error);
  const DabiaoGroup *adult;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (dabiao_standard_item_level (std, group ("11"), cases[i].score), ==, cases[i].level);
      g_assert_cmpstr (dabiao_standard_item_level (std, group ("44"), cases[i].score), ==, cases[i].level);
    }
  g_assert_cmpstrv (dabiao_standard_get_total_level_names (std), levels);
  g_assert_cmpstrv (dabiao_standard_get_item_level_names (std), levels);

  /* 国民体质测定标准 gives the total a level, no item levels. */
  g_assert_no_error (error);
  adult = dabiao_standard_find_group_for_age (natfit, 25 * 12, &error);
  g_assert_no_error (error);
  g_assert_null (dabiao_standard_item_level (natfit, adult, 5));
  g_assert_cmpstrv (dabiao_standard_get_total_level_names (natfit), natfit_levels);
  g_assert_null (dabiao_standard_get_item_level_names (natfit)[0]);
}

static void
test_sex (void)
{
  DabiaoSex sex;
  g_autoptr(GError) error = NULL;

  g_assert_true (dabiao_sex_parse ("1", &sex, NULL) && sex == DABIAO_SEX_MALE);
  g_assert_true (dabiao_sex_parse ("男", &sex, NULL) && sex == DABIAO_SEX_MALE);
  g_assert_true (dabiao_sex_parse ("１", &sex, NULL) && sex == DABIAO_SEX_MALE);
  g_assert_true (dabiao_sex_parse (" 2 ", &sex, NULL) && sex == DABIAO_SEX_FEMALE);
  g_assert_true (dabiao_sex_parse ("女", &sex, NULL) && sex == DABIAO_SEX_FEMALE);
  g_assert_true (dabiao_sex_parse ("F", &sex, NULL) && sex == DABIAO_SEX_FEMALE);
  g_assert_false (dabiao_sex_parse ("3", &sex, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "3"));
}

static gint64
parse (const char *code,
       const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 v = -1;

  g_assert_true (dabiao_item_parse_value (item (code), text, &v, &error));
  g_assert_no_error (error);
  return v;
}

static void
parse_fails (const char *code,
             const char *text,
             const char *fragment)
{
  g_autoptr(GError) error = NULL;
  gint64 v;

  g_assert_false (dabiao_item_parse_value (item (code), text, &v, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s”: message “%s” lacks “%s”", text, error->message, fragment);
}

static void
test_time_formats (void)
{
  /* 分.秒 and the quote forms, all 3 min 45 s. */
  g_assert_cmpint (parse ("run_1000m", "3.45"), ==, 225000);
  g_assert_cmpint (parse ("run_1000m", "3'45\""), ==, 225000);
  g_assert_cmpint (parse ("run_1000m", "3′45″"), ==, 225000);
  g_assert_cmpint (parse ("run_1000m", "3’45”"), ==, 225000);
  g_assert_cmpint (parse ("run_1000m", "3'45''"), ==, 225000);
  g_assert_cmpint (parse ("run_1000m", "3:45"), ==, 225000);
  g_assert_cmpint (parse ("run_1000m", "3分45秒"), ==, 225000);
  g_assert_cmpint (parse ("run_1000m", "３．４５"), ==, 225000);
  g_assert_cmpint (parse ("run_1000m", "３＇４５＂"), ==, 225000);
  g_assert_cmpint (parse ("run_1000m", " 3 ' 45 \" "), ==, 225000);
  /* 3.5 is 3'50", not 3'05". */
  g_assert_cmpint (parse ("run_800m", "3.5"), ==, 230000);
  g_assert_cmpint (parse ("run_800m", "3.05"), ==, 185000);
  g_assert_cmpint (parse ("run_800m", "4"), ==, 240000);
  g_assert_cmpint (parse ("run_800m", "3'"), ==, 180000);
  g_assert_cmpint (parse ("shuttle_50mx8", "1.59"), ==, 119000);
  g_assert_cmpint (parse ("shuttle_50mx8", "1'40.5\""), ==, 100500);
  g_assert_cmpint (parse ("shuttle_50mx8", "58\""), ==, 58000);

  /* Seconds over 59 are rejected, naming what was typed. */
  parse_fails ("run_1000m", "3.60", "3.60");
  parse_fails ("run_1000m", "3.75", "0–59");
  parse_fails ("run_1000m", "3'75\"", "0–59");
  parse_fails ("run_1000m", "3:60", "0–59");
  parse_fails ("run_1000m", "3.456", "3.456");
  parse_fails ("run_1000m", "abc", "abc");
  parse_fails ("run_1000m", "3'4'5", NULL);
  parse_fails ("run_1000m", "-3.45", NULL);
  parse_fails ("run_1000m", "", NULL);

  /* 50米跑 is decimal seconds. */
  g_assert_cmpint (parse ("run_50m", "8.3"), ==, 8300);
  g_assert_cmpint (parse ("run_50m", "８．３"), ==, 8300);
  g_assert_cmpint (parse ("run_50m", " 8 .3 "), ==, 8300);
  g_assert_cmpint (parse ("vital_capacity", "２５００"), ==, 2500000);
  g_assert_cmpint (parse ("sit_and_reach", "-2.5"), ==, -2500);
  g_assert_cmpint (parse ("sit_and_reach", "－２．５"), ==, -2500);
  g_assert_cmpint (parse ("height", "172.3456"), ==, 172346);
  parse_fails ("run_50m", "8,3", "8,3");
  parse_fails ("run_50m", "8.3.1", NULL);
  parse_fails ("vital_capacity", "2500cm", "毫升");
  g_assert_cmpint (parse ("vital_capacity", "2500ml"), ==, 2500000);
  /* Impossible values (the value reader's reasons). */
  parse_fails ("run_50m", "0", NULL);
  parse_fails ("run_50m", "-1", NULL);
  parse_fails ("vital_capacity", "-200", NULL);
}

static void
test_format_value (void)
{
  g_autofree char *a = dabiao_item_format_value (item ("run_1000m"), 225000);
  g_autofree char *b = dabiao_item_format_value (item ("run_50m"), 8250);
  g_autofree char *c = dabiao_item_format_value (item ("sit_and_reach"), -2550);
  g_autofree char *d = dabiao_item_format_value (item ("vital_capacity"), 2500499);

  g_assert_cmpstr (a, ==, "3'45\"");
  g_assert_cmpstr (b, ==, "8.3");
  g_assert_cmpstr (c, ==, "-2.6");
  g_assert_cmpstr (d, ==, "2500");
}

static void
test_pull_up_blanks (void)
{
  /* 大一男: 15 → 80, 14 → 76 (no 78), 13 → 72 … 10 → 60. */
  g_assert_cmpint (score_text ("41", DABIAO_SEX_MALE, "pull_up", "15", NULL), ==, 80);
  g_assert_cmpint (score_text ("41", DABIAO_SEX_MALE, "pull_up", "14", NULL), ==, 76);
  g_assert_cmpint (score_text ("41", DABIAO_SEX_MALE, "pull_up", "13", NULL), ==, 72);
  g_assert_cmpint (score_text ("41", DABIAO_SEX_MALE, "pull_up", "12", NULL), ==, 68);
  g_assert_cmpint (score_text ("41", DABIAO_SEX_MALE, "pull_up", "11", NULL), ==, 64);
  g_assert_cmpint (score_text ("41", DABIAO_SEX_MALE, "pull_up", "4", NULL), ==, 0);
  /* 初一男: no 20 or 10 rows; 1 rep = 30, 0 = 0. */
  g_assert_cmpint (score_text ("21", DABIAO_SEX_MALE, "pull_up", "1", NULL), ==, 30);
  g_assert_cmpint (score_text ("21", DABIAO_SEX_MALE, "pull_up", "0", NULL), ==, 0);
  /* 初二男: no 10 row; 1 rep = 20. */
  g_assert_cmpint (score_text ("22", DABIAO_SEX_MALE, "pull_up", "1", NULL), ==, 20);
  g_assert_cmpint (score_text ("22", DABIAO_SEX_MALE, "pull_up", "0", NULL), ==, 0);
}

static void
test_errata (void)
{
  /* 大三四男 1000米 50 points at 290 s (4'50"), not 285. */
  g_assert_cmpint (score_text ("43", DABIAO_SEX_MALE, "run_1000m", "4.50", NULL), ==, 50);
  g_assert_cmpint (score_text ("44", DABIAO_SEX_MALE, "run_1000m", "4'50\"", NULL), ==, 50);
  g_assert_cmpint (score_text ("43", DABIAO_SEX_MALE, "run_1000m", "4.51", NULL), ==, 40);
  /* 大三四男 肺活量 70 points at 3800, 66 at 3560 (not 2800/2560). */
  g_assert_cmpint (score_text ("43", DABIAO_SEX_MALE, "vital_capacity", "3800", NULL), ==, 70);
  g_assert_cmpint (score_text ("44", DABIAO_SEX_MALE, "vital_capacity", "3560", NULL), ==, 66);
  g_assert_cmpint (score_text ("44", DABIAO_SEX_MALE, "vital_capacity", "3799", NULL), ==, 68);
  g_assert_cmpint (score_text ("43", DABIAO_SEX_MALE, "vital_capacity", "3559", NULL), ==, 64);
  /* 高二女 立定跳远 60 points at 149 (not 150). */
  g_assert_cmpint (score_text ("32", DABIAO_SEX_FEMALE, "standing_long_jump", "149", NULL), ==, 60);
  g_assert_cmpint (score_text ("32", DABIAO_SEX_FEMALE, "standing_long_jump", "148.9", NULL), ==, 50);
  /* 大三四女 坐位体前屈, not shifted: 100 at 26.3, 95 at 24.4, 90 at 22.4. */
  g_assert_cmpint (score_text ("43", DABIAO_SEX_FEMALE, "sit_and_reach", "26.3", NULL), ==, 100);
  g_assert_cmpint (score_text ("43", DABIAO_SEX_FEMALE, "sit_and_reach", "26.2", NULL), ==, 95);
  g_assert_cmpint (score_text ("44", DABIAO_SEX_FEMALE, "sit_and_reach", "22.4", NULL), ==, 90);
}

static DabiaoPersonScore *
score_person (const char *grade,
              DabiaoSex   sex,
              ...)
{
  g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;
  const char *key;

  va_start (args, sex);
  while ((key = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (texts, (gpointer) key, va_arg (args, char *));
  va_end (args);

  return dabiao_standard_score_table (std, group (grade), sex, texts);
}

static void
test_bmi_rounding (void)
{
  g_autoptr(DabiaoPersonScore) a = NULL;
  g_autoptr(DabiaoPersonScore) b = NULL;
  const DabiaoItemScore *is;

  /* 大一男 正常 17.9–23.9.  1.70 m: 51.73 kg → 17.899 → 17.9: 正常 (100). */
  a = score_person ("41", DABIAO_SEX_MALE, "身高", "170", "体重", "51.73", NULL);
  is = dabiao_person_score_get_item (a, item ("bmi"));
  g_assert_cmpint (is->status, ==, DABIAO_ITEM_SCORED);
  g_assert_cmpint (is->value, ==, 17900);
  g_assert_cmpint (is->score, ==, 100);
  /* 51.72 kg → 17.896 → 17.9 too; 51.58 → 17.848 → 17.8: 低体重 (80). */
  b = score_person ("41", DABIAO_SEX_MALE, "身高", "170", "体重", "51.58", NULL);
  is = dabiao_person_score_get_item (b, item ("bmi"));
  g_assert_cmpint (is->value, ==, 17800);
  g_assert_cmpint (is->score, ==, 80);
}

static void
test_bmi_half_up (void)
{
  /* 24.85 exactly: 2 m tall, 99.4 kg → 24.85 → 24.9 (超重 for 大一男, 24.0–27.9). */
  g_autoptr(DabiaoPersonScore) a = score_person ("41", DABIAO_SEX_MALE, "身高", "200", "体重", "99.4", NULL);
  /* 23.95: 2 m, 95.8 kg → 24.0: 超重 (80), not 正常. */
  g_autoptr(DabiaoPersonScore) b = score_person ("41", DABIAO_SEX_MALE, "身高", "200", "体重", "95.8", NULL);
  /* 23.9 exactly: 95.6 kg → 正常 (100). */
  g_autoptr(DabiaoPersonScore) c = score_person ("41", DABIAO_SEX_MALE, "身高", "200", "体重", "95.6", NULL);

  g_assert_cmpint (dabiao_person_score_get_item (a, item ("bmi"))->value, ==, 24900);
  g_assert_cmpint (dabiao_person_score_get_item (b, item ("bmi"))->value, ==, 24000);
  g_assert_cmpint (dabiao_person_score_get_item (b, item ("bmi"))->score, ==, 80);
  g_assert_cmpint (dabiao_person_score_get_item (c, item ("bmi"))->score, ==, 100);
}

static void
test_bonus_caps (void)
{
  int bonus = -1;

  /* 小学 跳绳 up to 20 (top-threshold + 40 or more). 11 男: 100 points at 109. */
  g_assert_cmpint (score_text ("11", DABIAO_SEX_MALE, "rope_1min", "149", &bonus), ==, 100);
  g_assert_cmpint (bonus, ==, 20);
  score_text ("11", DABIAO_SEX_MALE, "rope_1min", "400", &bonus);
  g_assert_cmpint (bonus, ==, 20);
  score_text ("11", DABIAO_SEX_MALE, "rope_1min", "110", &bonus);
  g_assert_cmpint (bonus, ==, 0);
  score_text ("11", DABIAO_SEX_MALE, "rope_1min", "111", &bonus);
  g_assert_cmpint (bonus, ==, 1);
  /* 大一男 引体向上 up to 10: 19 is the top, 29 and more give 10. */
  score_text ("41", DABIAO_SEX_MALE, "pull_up", "29", &bonus);
  g_assert_cmpint (bonus, ==, 10);
  score_text ("41", DABIAO_SEX_MALE, "pull_up", "50", &bonus);
  g_assert_cmpint (bonus, ==, 10);
  score_text ("41", DABIAO_SEX_MALE, "pull_up", "28", &bonus);
  g_assert_cmpint (bonus, ==, 9);
  /* No bonus below the 100-point threshold. */
  score_text ("41", DABIAO_SEX_MALE, "pull_up", "18", &bonus);
  g_assert_cmpint (bonus, ==, 0);
  /* 1000米: seconds faster than the 100-point time; 大一男 3'17" → -35 s. */
  score_text ("41", DABIAO_SEX_MALE, "run_1000m", "2.42", &bonus);
  g_assert_cmpint (bonus, ==, 10);
  score_text ("41", DABIAO_SEX_MALE, "run_1000m", "1.00", &bonus);
  g_assert_cmpint (bonus, ==, 10);
  /* No bonus for items without a bonus table. */
  score_text ("41", DABIAO_SEX_MALE, "vital_capacity", "9000", &bonus);
  g_assert_cmpint (bonus, ==, 0);
}

static void
test_person_totals (void)
{
  /* 大一男, every item at its 100-point threshold plus the bonus maxima:
   * 标准分 100.0, 附加分 20, 学年总分 120.0. */
  g_autoptr(DabiaoPersonScore) r = score_person ("41", DABIAO_SEX_MALE,
                                                 "身高", "175", "体重", "65",
                                                 "肺活量", "5040", "50米跑", "6.7",
                                                 "坐位体前屈", "24.9", "立定跳远", "273",
                                                 "引体向上", "40", "1000米跑", "2.00",
                                                 NULL);

  g_assert_true (r->complete);
  g_assert_cmpstr (r->notes, ==, "");
  g_assert_cmpint (r->weighted_x100, ==, 10000);
  g_assert_cmpint (r->standard_tenths, ==, 1000);
  g_assert_cmpint (r->bonus, ==, 20);
  g_assert_cmpint (r->total_tenths, ==, 1200);
  g_assert_cmpstr (r->level, ==, "优秀");
  g_assert_cmpuint (r->n_items, ==, 7);
}

/* Level edges from the rounded 学年总分: 肺活量 walked through every level
 * (15 % weight gives hundredths), the other items at 100 points. */
static void
test_level_walk (void)
{
  /* 大一女 (41 female) 100-point values. */
  const char *other[] = { "身高", "165", "体重", "55", "50米跑", "7.5", "坐位体前屈", "25.8",
                          "立定跳远", "207", "一分钟仰卧起坐", "56", "800米跑", "3.18" };
  g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  const DabiaoGroup *g = group ("41");
  const DabiaoItem *vc = item ("vital_capacity");

  for (guint i = 0; i < G_N_ELEMENTS (other); i += 2)
    g_hash_table_insert (texts, (gpointer) other[i], (gpointer) other[i + 1]);

  for (gint64 v = 1500; v <= 3500; v += 10)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, v);
      g_autoptr(DabiaoPersonScore) r = NULL;
      int s = -1;
      int expect_tenths;
      const char *expect_level;

      g_hash_table_insert (texts, (gpointer) "肺活量", text);
      r = dabiao_standard_score_table (std, g, DABIAO_SEX_FEMALE, texts);
      g_assert_true (r->complete);
      dabiao_standard_score_item (std, g, DABIAO_SEX_FEMALE, vc, v * 1000, 0, &s, NULL, NULL);
      /* 8500 + 15 s hundredths, rounded half up to tenths. */
      expect_tenths = (8500 + 15 * s + 5) / 10;
      g_assert_cmpint (r->weighted_x100, ==, 8500 + 15 * s);
      g_assert_cmpint (r->standard_tenths, ==, expect_tenths);
      g_assert_cmpint (r->total_tenths, ==, expect_tenths);
      expect_level = expect_tenths >= 900 ? "优秀" : expect_tenths >= 800 ? "良好" :
                     expect_tenths >= 600 ? "及格" : "不及格";
      g_assert_cmpstr (r->level, ==, expect_level);
    }
}

static DabiaoPersonScore *
score_41_male (gint64 sit_and_reach,
               gint64 standing_long_jump,
               gint64 run_1000m)
{
  DabiaoValue values[32] = { { 0, } };
  struct { const char *code; gint64 value; } set[] = {
    { "height", 175000 }, { "weight", 65000 },             /* BMI 21.2 正常: 100 × 15 */
    { "vital_capacity", 4920000 },                         /* 95 × 15 = 1425 */
    { "run_50m", 6700 },                                   /* 100 × 20 */
    { "sit_and_reach", sit_and_reach },
    { "standing_long_jump", standing_long_jump },
    { "pull_up", 10000 },                                  /* 60 × 10 */
    { "run_1000m", run_1000m },
  };

  for (guint i = 0; i < G_N_ELEMENTS (set); i++)
    {
      const DabiaoItem *it = item (set[i].code);

      values[it->index].present = TRUE;
      values[it->index].value = set[i].value;
    }
  return dabiao_standard_score_values (std, group ("41"), DABIAO_SEX_MALE, values);
}

static void
test_level_exact_edges (void)
{
  /* 1500 + 1425 + 2000 + 850 (85) + 620 (62) + 600 + 2000 = 8995: 89.95 → 90.0 优秀. */
  g_autoptr(DabiaoPersonScore) a = score_41_male (19500, 212000, 197000);
  /* 1500 + 1425 + 2000 + 800 (80) + 660 (66) + 600 + 2000 = 8985: 89.85 → 89.9 良好. */
  g_autoptr(DabiaoPersonScore) b = score_41_male (17700, 220000, 197000);
  /* The same with 1000米 8 s under the 100-point time: +2 附加分 → 91.85 → 91.9. */
  g_autoptr(DabiaoPersonScore) c = score_41_male (17700, 220000, 189000);

  g_assert_cmpint (a->weighted_x100, ==, 8995);
  g_assert_cmpint (a->standard_tenths, ==, 900);
  g_assert_cmpint (a->total_tenths, ==, 900);
  g_assert_cmpstr (a->level, ==, "优秀");

  g_assert_cmpint (b->weighted_x100, ==, 8985);
  g_assert_cmpint (b->standard_tenths, ==, 899);
  g_assert_cmpstr (b->level, ==, "良好");

  g_assert_cmpint (c->bonus, ==, 2);
  g_assert_cmpint (c->standard_tenths, ==, 899);
  g_assert_cmpint (c->total_tenths, ==, 919);
  g_assert_cmpstr (c->level, ==, "优秀");
}

static void
test_missing_and_invalid (void)
{
  /* 初一女: 800米 missing, 50米跑 unreadable; the other items still score. */
  g_autoptr(DabiaoPersonScore) r = score_person ("21", DABIAO_SEX_FEMALE,
                                                 "身高", "160", "体重", "50",
                                                 "肺活量", "2500", "50米跑", "八秒",
                                                 "坐位体前屈", "10", "立定跳远", "170",
                                                 "一分钟仰卧起坐", "40", "引体向上", "5",
                                                 NULL);
  const DabiaoItemScore *is;

  g_assert_false (r->complete);
  g_assert_null (r->level);
  g_assert_nonnull (strstr (r->notes, "800米跑"));
  g_assert_nonnull (strstr (r->notes, "50米跑"));
  g_assert_nonnull (strstr (r->notes, "八秒"));
  is = dabiao_person_score_get_item (r, item ("vital_capacity"));
  g_assert_cmpint (is->status, ==, DABIAO_ITEM_SCORED);
  g_assert_cmpint (is->score, >, 0);
  g_assert_cmpint (dabiao_person_score_get_item (r, item ("run_800m"))->status, ==, DABIAO_ITEM_MISSING);
  g_assert_cmpint (dabiao_person_score_get_item (r, item ("run_50m"))->status, ==, DABIAO_ITEM_INVALID);
  /* 引体向上 is not a girls' item: not scored, not mentioned. */
  g_assert_null (dabiao_person_score_get_item (r, item ("pull_up")));
  g_assert_null (strstr (r->notes, "引体向上"));
}

static void
test_bmi_missing (void)
{
  g_autoptr(DabiaoPersonScore) r = score_person ("11", DABIAO_SEX_MALE,
                                                 "身高", "120", "肺活量", "1000", "50米跑", "10",
                                                 "坐位体前屈", "10", "一分钟跳绳", "100", NULL);
  g_autoptr(DabiaoPersonScore) z = score_person ("11", DABIAO_SEX_MALE,
                                                 "身高", "0", "体重", "20", "肺活量", "1000", "50米跑", "10",
                                                 "坐位体前屈", "10", "一分钟跳绳", "100", NULL);

  g_assert_false (r->complete);
  g_assert_nonnull (strstr (r->notes, "体重"));
  g_assert_cmpint (dabiao_person_score_get_item (r, item ("bmi"))->status, ==, DABIAO_ITEM_MISSING);
  g_assert_false (z->complete);
  g_assert_cmpint (dabiao_person_score_get_item (z, item ("bmi"))->status, ==, DABIAO_ITEM_INVALID);
}

static void
test_low_confidence_flag (void)
{
  g_assert_false (dabiao_confidence_is_low ("high"));
  g_assert_false (dabiao_confidence_is_low ("medium"));
  g_assert_true (dabiao_confidence_is_low ("medium-low"));
  g_assert_true (dabiao_confidence_is_low ("low"));
  g_assert_true (dabiao_confidence_is_low ("unverified"));
  g_assert_true (dabiao_confidence_is_low ("nonsense"));
  g_assert_cmpint (dabiao_confidence_rank ("high"), <, dabiao_confidence_rank ("medium-high"));
}

static void
test_unknown_standard (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (dabiao_standard_load ("no-such-standard", &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "student-2014"));
  g_clear_error (&error);
  g_assert_null (dabiao_standard_load ("../etc", &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  DabiaoStandard **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dabiao_standard_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_load_async (void)
{
  DabiaoStandard *loaded = NULL;

  dabiao_standard_load_async ("student-2014", NULL, load_cb, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (loaded == std);   /* shipped standards are cached */
  dabiao_standard_unref (loaded);
}

/* A user-installed standard under $XDG_DATA_HOME/dabiao/standards/<id>/. */
static void
test_user_standard (void)
{
  g_autofree char *base = dabiao_standard_get_user_dir ();
  g_autofree char *dir = g_build_filename (base, "my-city-2026", NULL);
  g_autofree char *src = g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "data", "standards", "student-2014", NULL);
  const char *files[] = { "items.csv", "groups.csv", "thresholds.csv", "bands.csv", "weights.csv", "bonus.csv", "grades.csv" };
  g_autofree char *ini = NULL;
  g_autofree char *ini_path = g_build_filename (dir, "standard.ini", NULL);
  g_autofree char *src_ini = g_build_filename (src, "standard.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoStandard) user = NULL;
  g_autoptr(GString) edited = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (src, files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_file_get_contents (from, &contents, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, contents, len, &error);
      g_assert_no_error (error);
    }
  g_file_get_contents (src_ini, &ini, NULL, &error);
  g_assert_no_error (error);
  edited = g_string_new (ini);
  g_string_replace (edited, "id=student-2014", "id=my-city-2026", 1);
  g_string_replace (edited, "supplied-by-user=false", "supplied-by-user=true", 1);
  g_file_set_contents (ini_path, edited->str, -1, &error);
  g_assert_no_error (error);

  ids = dabiao_standard_list_ids ();
  g_assert_true (g_strv_contains ((const char * const *) ids, "my-city-2026"));
  user = dabiao_standard_load ("my-city-2026", &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_standard_get_supplied_by_user (user));
  g_assert_cmpstr (dabiao_standard_get_id (user), ==, "my-city-2026");
}

static void
score_file_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DabiaoScoreFileStats *stats = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dabiao_score_file_finish (result, stats, &error));
  g_assert_no_error (error);
}

/* The batch scorer off the main thread, as the app calls it. */
static void
test_score_file_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-score-XXXXXX", &error);
  g_autofree char *in = g_build_filename (dir, "in.csv", NULL);
  g_autofree char *out = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *contents = NULL;
  DabiaoScoreFileStats stats = { 0, };

  g_file_set_contents (in,
                       "年级编号,性别,身高,体重,肺活量,50米跑,坐位体前屈,一分钟跳绳\n"
                       "11,1,120,22,1000,10.5,10,120\n"
                       "11,2,120,22,,10.5,10,120\n", -1, &error);
  g_assert_no_error (error);

  dabiao_score_file_async (std, in, NULL, out, NULL, score_file_cb, &stats);
  while (stats.n_rows == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (stats.n_rows, ==, 2);
  g_assert_cmpuint (stats.n_complete, ==, 1);
  g_assert_cmpuint (stats.n_with_notes, ==, 1);

  g_file_get_contents (out, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "85.9,5,90.9,优秀"));
  g_assert_nonnull (strstr (contents, "缺少肺活量"));
  g_remove (in);
  g_remove (out);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  std = dabiao_standard_load ("student-2014", &error);
  g_assert_no_error (error);

  g_test_add_func ("/dabiao/standard/metadata", test_metadata);
  g_test_add_func ("/dabiao/standard/lookup-item", test_lookup_item);
  g_test_add_func ("/dabiao/standard/find-group", test_find_group);
  g_test_add_func ("/dabiao/standard/sex", test_sex);
  g_test_add_func ("/dabiao/standard/levels", test_levels);
  g_test_add_func ("/dabiao/standard/time-formats", test_time_formats);
  g_test_add_func ("/dabiao/standard/format-value", test_format_value);
  g_test_add_func ("/dabiao/standard/pull-up-blanks", test_pull_up_blanks);
  g_test_add_func ("/dabiao/standard/errata", test_errata);
  g_test_add_func ("/dabiao/standard/bmi-rounding", test_bmi_rounding);
  g_test_add_func ("/dabiao/standard/bmi-half-up", test_bmi_half_up);
  g_test_add_func ("/dabiao/standard/bonus-caps", test_bonus_caps);
  g_test_add_func ("/dabiao/standard/person-totals", test_person_totals);
  g_test_add_func ("/dabiao/standard/level-walk", test_level_walk);
  g_test_add_func ("/dabiao/standard/level-exact-edges", test_level_exact_edges);
  g_test_add_func ("/dabiao/standard/missing-and-invalid", test_missing_and_invalid);
  g_test_add_func ("/dabiao/standard/bmi-missing", test_bmi_missing);
  g_test_add_func ("/dabiao/standard/low-confidence", test_low_confidence_flag);
  g_test_add_func ("/dabiao/standard/unknown", test_unknown_standard);
  g_test_add_func ("/dabiao/standard/load-async", test_load_async);
  g_test_add_func ("/dabiao/standard/user-standard", test_user_standard);
  g_test_add_func ("/dabiao/standard/score-file-async", test_score_file_async);

  ret = g_test_run ();
  dabiao_standard_unref (std);
  return ret;
}
