/* output-testdata.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "output-testdata.h"

#include "dabiao-event.h"

#define LSAN_SUPPRESSIONS \
  "leak:libfontconfig.so\n" \
  "leak:libpango-1.0.so\n" \
  "leak:libpangoft2-1.0.so\n" \
  "leak:libharfbuzz.so\n" \
  "leak:cairo_surface_finish\n"

/* Under -Db_sanitize=address: fontconfig and pango keep process-wide
 * caches that are never freed; cairo 1.16 loses a buffer while it subsets
 * TrueType fonts (the CJK fallbacks) in cairo_surface_finish.  Not leaks
 * of ours. */
const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
  return LSAN_SUPPRESSIONS;
}

/* The cairo suppression names a function: it only matches with the slow,
 * complete unwinder (cairo is built without frame pointers). */
const char *__asan_default_options (void);
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

void
output_test_suppress_font_leaks_in_children (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "lsan.supp", NULL);
  g_autofree char *value = NULL;

  g_file_set_contents (path, LSAN_SUPPRESSIONS, -1, NULL);
  value = g_strdup_printf ("suppressions=%s", path);
  g_setenv ("LSAN_OPTIONS", value, TRUE);
  g_setenv ("ASAN_OPTIONS", "fast_unwind_on_malloc=0", FALSE);
}

DabiaoResultsPerson *
output_test_person (const char *school,
                    int         grade,
                    int         class_no,
                    const char *student_no,
                    const char *name,
                    int         sex)
{
  DabiaoResultsPerson *person = dabiao_results_person_new ();

  person->id = g_uuid_string_random ();
  person->school_code = g_strdup (school);
  person->school_name = g_strdup ("实验学校");
  person->grade = grade;
  person->class_code = g_strdup_printf ("%d%02d", grade, class_no);
  person->class_name = g_strdup_printf ("%d班", class_no);
  person->student_no = g_strdup (student_no);
  person->ethnic_code = g_strdup ("01");
  person->ethnic_name = g_strdup ("汉族");
  person->name = g_strdup (name);
  person->sex = sex == 2 ? DABIAO_SEX_FEMALE : DABIAO_SEX_MALE;
  person->birth_year = 2026 - (grade / 10 == 1 ? grade - 4 : grade / 10 == 2 ? grade - 9 : grade / 10 == 3 ? grade - 16 : grade - 23);
  person->birth_month = 9;
  person->birth_day = 1;
  person->address = g_strdup ("南京市玄武区北京东路1号");
  return person;
}

DabiaoResultsItem *
output_test_result (DabiaoResultsPerson *person,
                    const char         *name,
                    double              value,
                    double              score,
                    const char         *level)
{
  static DabiaoStandard *standard;
  DabiaoResultsItem *result = dabiao_results_person_add_item (person, name, NULL);

  /* Kept for the whole test run. */
  if (standard == NULL)
    standard = dabiao_standard_load ("student-2014", NULL);

  /* Values as the results module gives them: fixed point at the item's
   * precision, with the text people read. */
  result->item = standard != NULL ? dabiao_standard_lookup_item (standard, name) : NULL;
  result->has_value = TRUE;
  result->value = llround (value * DABIAO_VALUE_SCALE);
  if (result->item != NULL)
    {
      result->value = dabiao_value_round (result->value, result->item->decimals);
      result->display = dabiao_item_format_value (result->item, result->value);
    }
  else
    result->display = g_strdup_printf ("%g", value);
  result->has_score = score >= 0;
  result->score = (int) score;
  result->level = level;
  return result;
}

static const char *
level_for (double score)
{
  if (score >= 90)
    return "优秀";
  if (score >= 80)
    return "良好";
  if (score >= 60)
    return "及格";
  return "不及格";
}

GPtrArray *
output_test_make_persons (guint n,
                          guint n_schools,
                          guint seed)
{
  static const int grades[] = { 11, 12, 13, 14, 15, 16, 21, 22, 23, 31, 32, 33, 41, 42, 43, 44 };
  static const char * const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴" };
  static const char * const given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "杰", "涛" };
  GPtrArray *persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
  GRand *rand = g_rand_new_with_seed (seed);
  guint i;

  for (i = 0; i < n; i++)
    {
      g_autofree char *school = g_strdup_printf ("32010%05u", i % MAX (n_schools, 1) + 1);
      int grade = grades[g_rand_int_range (rand, 0, G_N_ELEMENTS (grades))];
      int sex = g_rand_int_range (rand, 1, 3);
      g_autofree char *no = g_strdup_printf ("G3201%013u", i + 1);
      g_autofree char *name = g_strconcat (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                                           given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
                                           given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
                                           NULL);
      DabiaoResultsPerson *p = output_test_person (school, grade, g_rand_int_range (rand, 1, 9), no, name, sex);
      double total = g_rand_double_range (rand, 40, 105);

      output_test_result (p, "身高", g_rand_double_range (rand, 110, 185), -1, NULL);
      output_test_result (p, "体重", g_rand_double_range (rand, 20, 80), -1, NULL);
      output_test_result (p, "体重指数", 0, g_rand_double_range (rand, 60, 100), "良好")->has_value = FALSE;
      output_test_result (p, "肺活量", g_rand_double_range (rand, 800, 4500), g_rand_double_range (rand, 50, 100), "及格");
      output_test_result (p, "50米跑", g_rand_double_range (rand, 6.5, 13), g_rand_double_range (rand, 50, 100), "良好");
      output_test_result (p, "坐位体前屈", g_rand_double_range (rand, -5, 25), g_rand_double_range (rand, 50, 100), "优秀");
      if (grade < 20)
        output_test_result (p, "一分钟跳绳", g_rand_int_range (rand, 40, 180), g_rand_double_range (rand, 50, 100), "及格");
      if (grade >= 13 && grade < 20)
        output_test_result (p, "一分钟仰卧起坐", g_rand_int_range (rand, 10, 50), g_rand_double_range (rand, 50, 100), "及格");
      if (grade >= 15 && grade < 20)
        output_test_result (p, "50米×8往返跑", g_rand_double_range (rand, 95, 150), g_rand_double_range (rand, 50, 100), "及格");
      if (grade > 20)
        {
          output_test_result (p, "立定跳远", g_rand_double_range (rand, 140, 260), g_rand_double_range (rand, 50, 100), "良好");
          if (sex == 1)
            {
              output_test_result (p, "1000米跑", g_rand_double_range (rand, 200, 320), g_rand_double_range (rand, 50, 100), "及格");
              output_test_result (p, "引体向上", g_rand_int_range (rand, 0, 18), g_rand_double_range (rand, 0, 100), "不及格");
            }
          else
            {
              output_test_result (p, "800米跑", g_rand_double_range (rand, 190, 300), g_rand_double_range (rand, 50, 100), "及格");
              output_test_result (p, "一分钟仰卧起坐", g_rand_int_range (rand, 10, 55), g_rand_double_range (rand, 50, 100), "及格");
            }
        }
      p->has_total = TRUE;
      p->total_tenths = (int) lround (total * 10);
      p->has_standard_score = TRUE;
      p->standard_tenths = MIN (p->total_tenths, 1000);
      p->bonus = (p->total_tenths - p->standard_tenths) / 10;
      p->level = level_for (total);
      g_ptr_array_add (persons, p);
    }

  g_rand_free (rand);
  return persons;
}

/* Three schools, names from CJK Ext-A (䶮 U+4DAE, 㐀 U+3400) and Ext-B (𠮷
 * U+20BB7, 𪚥 U+2A6A5), the 少数民族 middle dot, the longest names, school
 * names and classes the layouts must hold, in an order that interleaves
 * schools and classes (as 学籍号 order did). */
GPtrArray *
output_test_make_three_schools (void)
{
  static const struct
  {
    int         school;
    int         grade;
    int         class_no;
    const char *no;
    const char *name;
    int         sex;
    double      total;
  } people[] = {
    { 2, 33, 2, "G440106200801010424", "阿卜杜热合曼·买买提艾力·库尔班", 1, 68.1 },
    { 1, 33, 1, "G440106200802020011", "张𠮷", 1, 91.5 },
    { 3, 21, 12, "G650101201303030022", "王𪚥", 2, 84.0 },
    { 2, 33, 1, "G440106200804040033", "刘䶮", 1, 79.9 },
    { 1, 33, 2, "G440106200805050044", "古丽米热·艾合买提江", 2, 100.0 },
    { 3, 21, 3, "G650101201306060055", "李㐀", 2, 60.0 },
    { 1, 33, 1, "G440106200807070066", "欧阳娜娜", 2, 88.8 },
    { 2, 21, 12, "G440106201308080077", "次仁旺姆·格桑卓玛·扎西", 2, 72.5 },
    { 3, 33, 2, "L65010120080909008X", "陈一", 1, 95.0 },
    { 1, 21, 3, "G440106201310100099", "司马懿", 1, 55.0 },
  };
  static const char * const schools[][2] = {
    { "4401062002", "广州市天河区华南师范大学附属中学" },
    { "4401062003", "新疆维吾尔自治区喀什地区塔什库尔干塔吉克自治县第一中学附属实验学校" },
    { "6501012001", "乌鲁木齐市第一百二十二中学" },
  };
  GPtrArray *persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (people); i++)
    {
      DabiaoResultsPerson *p = output_test_person (schools[people[i].school - 1][0], people[i].grade,
                                                  people[i].class_no, people[i].no, people[i].name,
                                                  people[i].sex);
      double total = people[i].total;

      g_free (p->school_name);
      p->school_name = g_strdup (schools[people[i].school - 1][1]);
      g_free (p->class_name);
      p->class_name = g_strdup_printf ("%s(%d)班", people[i].grade == 33 ? "高三" : "初一", people[i].class_no);
      g_free (p->id_number);
      p->id_number = g_strdup (people[i].no + 1);
      g_free (p->ethnic_code);
      g_free (p->ethnic_name);
      p->ethnic_code = g_strdup (strstr (people[i].name, "·") ? "05" : "01");
      p->ethnic_name = g_strdup (strstr (people[i].name, "·") ? "维吾尔族" : "汉族");
      output_test_result (p, "身高", 172.5, -1, NULL);
      output_test_result (p, "体重", 70.3, -1, NULL);
      output_test_result (p, "体重指数", 23.6, 80, "超重");
      output_test_result (p, "肺活量", 4321, 90, "优秀");
      output_test_result (p, "50米跑", 10.9, 62, "及格");
      output_test_result (p, "坐位体前屈", -12.5, 0, "不及格");
      output_test_result (p, "立定跳远", 265, 100, "优秀");
      if (p->sex == 1)
        {
          output_test_result (p, "1000米跑", 323, 66, "及格");
          output_test_result (p, "引体向上", 18, 100, "优秀");
        }
      else
        {
          output_test_result (p, "800米跑", 259, 70, "及格");
          output_test_result (p, "一分钟仰卧起坐", 56, 100, "优秀");
        }
      p->has_total = TRUE;
      p->total_tenths = (int) lround (total * 10);
      p->has_standard_score = TRUE;
      p->standard_tenths = MIN (p->total_tenths, 1000);
      p->bonus = MAX (p->total_tenths - 1000, 0) / 10;
      p->level = level_for (total);
      g_ptr_array_add (persons, p);
    }
  return persons;
}

typedef struct
{
  const char *participant;
  const char *item;
  double      value;
  DabiaoSpecial special;
  const char *reason;
} Rec;

void
output_test_make_event (const char *path)
{
  DabiaoEventInfo info = { "2026年秋季体质健康测试", "student-2014", "2026-10-15", "体育馆", "南京市玄武区教育局" };
  const DabiaoParticipantInfo people[] = {
    { "G320102201303010011", "李雷", 1, "2013-03-01", "", 21, "2101", "1班", "01", "北京东路1号", "3201020002", "" },
    { "G320102201304020022", "韩梅梅", 2, "2013-04-02", "", 21, "2101", "1班", "03", "北京东路2号", "3201020002", "" },
    { "G320101201909010033", "王小明", 1, "2019-09-01", "", 11, "1102", "2班", "01", "", "3201010001", "" },
    { "G320101201910010044", "孙免测", 1, "2019-10-01", "", 11, "1102", "2班", "01", "", "3201010001", "" },
    { "G320101201911010055", "张缺测", 2, "2019-11-01", "", 11, "1102", "2班", "01", "", "3201010001", "" },
  };
  const Rec recs[] = {
    { "G320102201303010011", "height", 165.0 }, { "G320102201303010011", "weight", 50.0 },
    { "G320102201303010011", "vital_capacity", 4000 }, { "G320102201303010011", "run_50m", 7.5 },
    { "G320102201303010011", "sit_and_reach", 12.0 }, { "G320102201303010011", "standing_long_jump", 230 },
    { "G320102201303010011", "pull_up", 12 }, { "G320102201303010011", "run_1000m", 215 },
    { "G320102201304020022", "height", 158.0 }, { "G320102201304020022", "weight", 47.0 },
    { "G320102201304020022", "vital_capacity", 2600 }, { "G320102201304020022", "run_50m", 8.9 },
    { "G320102201304020022", "sit_and_reach", 15.0 }, { "G320102201304020022", "standing_long_jump", 175 },
    { "G320102201304020022", "sit_up_1min", 45 }, { "G320102201304020022", "run_800m", 225 },
    { "G320101201909010033", "height", 120.0 }, { "G320101201909010033", "weight", 22.0 },
    { "G320101201909010033", "vital_capacity", 1200 }, { "G320101201909010033", "run_50m", 10.5 },
    { "G320101201909010033", "sit_and_reach", 10.0 }, { "G320101201909010033", "rope_1min", 100 },
    { "G320101201910010044", "run_50m", 0, DABIAO_SPECIAL_EXEMPT, "伤病" },
    { "G320101201911010055", "height", 118.0 }, { "G320101201911010055", "weight", 21.0 },
    { "G320101201911010055", "rope_1min", 0, DABIAO_SPECIAL_ABSENT, "" },
  };
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree DabiaoRecordRequest *requests = g_new0 (DabiaoRecordRequest, G_N_ELEMENTS (recs));
  guint i;

  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_event_add_participants (event, people, G_N_ELEMENTS (people), NULL, NULL, &error));
  g_assert_no_error (error);
  for (i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      requests[i].participant_id = recs[i].participant;
      requests[i].item = recs[i].item;
      requests[i].has_value = recs[i].special == DABIAO_SPECIAL_NONE;
      requests[i].value = recs[i].value;
      requests[i].special = recs[i].special;
      requests[i].reason = recs[i].reason;
      requests[i].source = DABIAO_SOURCE_MANUAL;
    }
  g_assert_true (dabiao_event_record_many (event, requests, G_N_ELEMENTS (recs), &error));
  g_assert_no_error (error);
  dabiao_event_close (event);
}

gunichar
output_test_find_uncovered_char (void)
{
  g_autofree char *fc_list = g_find_program_in_path ("fc-list");

  if (fc_list == NULL)
    return 0;
  for (gunichar c = 0x30000; c < 0x31350; c += 7)
    {
      g_autofree char *pattern = g_strdup_printf (":charset=%x", c);
      const char *argv[] = { fc_list, pattern, "family", NULL };
      g_autofree char *out = NULL;
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                         &status, NULL)
          || !g_spawn_check_wait_status (status, NULL))
        return 0;
      if (g_strstrip (out)[0] == '\0')
        return c;
    }
  return 0;
}
