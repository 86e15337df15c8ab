/* dabiao-codes.c: 民族 (GB/T 3304), 年级编号 and 班级编号 from what a roster says
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-codes.h"

/* ---- 民族 (GB/T 3304-1991) ---------------------------------------------- */

typedef struct
{
  const char *code;
  const char *name;   /* as GB/T 3304 writes it */
  const char *short_name;  /* as a 身份证 prints it (汉), or NULL */
} Nation;

/* The codes and names of GB/T 3304-1991, in its order, then the names
 * rosters use for the last two and the former name of 德昂族. */
static const Nation nations[] = {
  { "01", "汉族", "汉" }, { "02", "蒙古族", "蒙古" }, { "03", "回族", "回" }, { "04", "藏族", "藏" },
  { "05", "维吾尔族", "维吾尔" }, { "06", "苗族", "苗" }, { "07", "彝族", "彝" }, { "08", "壮族", "壮" },
  { "09", "布依族", "布依" }, { "10", "朝鲜族", "朝鲜" }, { "11", "满族", "满" }, { "12", "侗族", "侗" },
  { "13", "瑶族", "瑶" }, { "14", "白族", "白" }, { "15", "土家族", "土家" }, { "16", "哈尼族", "哈尼" },
  { "17", "哈萨克族", "哈萨克" }, { "18", "傣族", "傣" }, { "19", "黎族", "黎" }, { "20", "傈僳族", "傈僳" },
  { "21", "佤族", "佤" }, { "22", "畲族", "畲" }, { "23", "高山族", "高山" }, { "24", "拉祜族", "拉祜" },
  { "25", "水族", "水" }, { "26", "东乡族", "东乡" }, { "27", "纳西族", "纳西" }, { "28", "景颇族", "景颇" },
  { "29", "柯尔克孜族", "柯尔克孜" }, { "30", "土族", "土" }, { "31", "达斡尔族", "达斡尔" }, { "32", "仫佬族", "仫佬" },
  { "33", "羌族", "羌" }, { "34", "布朗族", "布朗" }, { "35", "撒拉族", "撒拉" }, { "36", "毛南族", "毛南" },
  { "37", "仡佬族", "仡佬" }, { "38", "锡伯族", "锡伯" }, { "39", "阿昌族", "阿昌" }, { "40", "普米族", "普米" },
  { "41", "塔吉克族", "塔吉克" }, { "42", "怒族", "怒" }, { "43", "乌孜别克族", "乌孜别克" }, { "44", "俄罗斯族", "俄罗斯" },
  { "45", "鄂温克族", "鄂温克" }, { "46", "德昂族", "德昂" }, { "47", "保安族", "保安" }, { "48", "裕固族", "裕固" },
  { "49", "京族", "京" }, { "50", "塔塔尔族", "塔塔尔" }, { "51", "独龙族", "独龙" }, { "52", "鄂伦春族", "鄂伦春" },
  { "53", "赫哲族", "赫哲" }, { "54", "门巴族", "门巴" }, { "55", "珞巴族", "珞巴" }, { "56", "基诺族", "基诺" },
  { "97", "其他", "其他" }, { "98", "外国血统中国籍人士", "外国血统中国籍人士" },
  /* Other names for the same codes (never returned by the name functions). */
  { "97", "其它", NULL }, { "97", "未识别民族", NULL }, { "98", "外国血统", NULL }, { "46", "崩龙族", "崩龙" },
};

#define N_CODED 58  /* entries up to 98 外国血统中国籍人士 */

/* Text without spaces (a roster's " 汉族 " or "汉 族"), with full-width
 * digits and parentheses as ASCII ("（２）班" → "(2)班"). */
static char *
normalize (const char *text)
{
  GString *s = g_string_new (NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_string_free (s, FALSE);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        continue;
      if (c >= 0xFF10 && c <= 0xFF19)
        c = '0' + (c - 0xFF10);
      else if (c == 0xFF08)
        c = '(';
      else if (c == 0xFF09)
        c = ')';
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static gboolean
all_digits (const char *s)
{
  return *s != '\0' && strspn (s, "0123456789") == strlen (s);
}

static const Nation *
find_nation (const char *code)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (nations) > N_CODED);

  if (code == NULL || strlen (code) != 2)
    return NULL;
  for (guint i = 0; i < N_CODED; i++)
    if (g_str_equal (code, nations[i].code))
      return &nations[i];
  return NULL;
}

const char *
dabiao_nation_full_name (const char *code)
{
  const Nation *nation = find_nation (code);

  return nation != NULL ? nation->name : NULL;
}

const char *
dabiao_nation_name (const char *code)
{
  const Nation *nation = find_nation (code);

  return nation != NULL ? nation->short_name : NULL;
}

const char *
dabiao_nation_code (const char *name_or_code)
{
  g_autofree char *text = normalize (name_or_code);
  g_autofree char *with_zu = NULL;

  if (*text == '\0')
    return NULL;
  if (all_digits (text))
    {
      char code[3];
      const Nation *nation;

      if (strlen (text) > 2)
        return NULL;
      /* A number cell: 1 is 01. */
      g_snprintf (code, sizeof code, "%02u", (guint) g_ascii_strtoull (text, NULL, 10));
      nation = find_nation (code);
      return nation != NULL ? nation->code : NULL;
    }
  with_zu = g_strconcat (text, "族", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (nations); i++)
    if (g_str_equal (text, nations[i].name) || g_str_equal (with_zu, nations[i].name))
      return nations[i].code;
  return NULL;
}

/* ---- Numbers written in Chinese (一 … 九十九) --------------------------- */

static int
chinese_digit (gunichar c)
{
  static const gunichar digits[] = { 0x96F6 /* 零 */, 0x4E00 /* 一 */, 0x4E8C /* 二 */, 0x4E09 /* 三 */,
                                     0x56DB /* 四 */, 0x4E94 /* 五 */, 0x516D /* 六 */, 0x4E03 /* 七 */,
                                     0x516B /* 八 */, 0x4E5D /* 九 */ };

  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if (digits[i] == c)
      return i;
  if (c == 0x3007) /* 〇 */
    return 0;
  return -1;
}

#define CHINESE_TEN 0x5341 /* 十 */

/* The number 1–99 a whole text writes with Arabic digits or in Chinese
 * (三, 十, 十二, 二十, 二十三); 0 when it is not one. */
static guint
parse_number (const char *text)
{
  guint value = 0;
  int tens = -1;
  int units = -1;

  if (all_digits (text))
    {
      guint64 n = strlen (text) <= 3 ? g_ascii_strtoull (text, NULL, 10) : 0;

      return n >= 1 && n <= 99 ? (guint) n : 0;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int d = chinese_digit (c);

      if (c == CHINESE_TEN && tens < 0)
        {
          tens = units < 0 ? 1 : units;
          units = -1;
        }
      else if (d > 0 && units < 0)
        units = d;
      else
        return 0;
    }
  if (tens < 0 && units < 0)
    return 0;
  value = (tens > 0 ? tens * 10 : 0) + (units > 0 ? units : 0);
  return value <= 99 ? value : 0;
}

/* ---- 年级编号 ------------------------------------------------------------ */

gboolean
dabiao_grade_code_is_valid (guint grade)
{
  guint year = grade % 10;

  switch (grade / 10)
    {
    case 1:
      return year >= 1 && year <= 6;
    case 2:
    case 3:
    case 4:
      return year >= 1 && year <= 4;
    default:
      return FALSE;
    }
}

typedef enum
{
  STAGE_ANY,      /* 五年级, 七年级, 十一年级: counted from 小学一年级 */
  STAGE_PRIMARY,  /* 小学 */
  STAGE_MIDDLE,   /* 初中, 初 */
  STAGE_HIGH,     /* 高中, 高 */
  STAGE_COLLEGE,  /* 大学, 大 */
} Stage;

static guint
grade_of (Stage stage,
          guint year)
{
  switch (stage)
    {
    case STAGE_ANY:
      if (year >= 1 && year <= 6)
        return 10 + year;
      if (year >= 7 && year <= 9)
        return 20 + year - 6;
      if (year >= 10 && year <= 12)
        return 30 + year - 9;
      return 0;
    case STAGE_PRIMARY:
      return year >= 1 && year <= 6 ? 10 + year : 0;
    case STAGE_MIDDLE:
      if (year >= 7 && year <= 9)  /* 初中七年级 */
        return 20 + year - 6;
      return year >= 1 && year <= 4 ? 20 + year : 0;
    case STAGE_HIGH:
      if (year >= 10 && year <= 12)  /* 高中十年级 */
        return 30 + year - 9;
      return year >= 1 && year <= 3 ? 30 + year : 0;
    case STAGE_COLLEGE:
      return year >= 1 && year <= 4 ? 40 + year : 0;
    default:
      return 0;
    }
}

guint
dabiao_grade_code_parse (const char *text)
{
  static const struct { const char *prefix; Stage stage; gboolean short_form; } stages[] = {
    { "小学", STAGE_PRIMARY, FALSE }, { "初中", STAGE_MIDDLE, FALSE }, { "高中", STAGE_HIGH, FALSE },
    { "大学", STAGE_COLLEGE, FALSE }, { "初", STAGE_MIDDLE, TRUE }, { "高", STAGE_HIGH, TRUE },
    { "大", STAGE_COLLEGE, TRUE },
  };
  g_autofree char *s = normalize (text);
  const char *rest = s;
  Stage stage = STAGE_ANY;
  gboolean short_form = FALSE;
  g_autofree char *year_text = NULL;
  guint year;

  if (all_digits (s))
    {
      guint64 n = strlen (s) == 2 ? g_ascii_strtoull (s, NULL, 10) : 0;

      return dabiao_grade_code_is_valid (n) ? (guint) n : 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (g_str_has_prefix (s, stages[i].prefix))
      {
        stage = stages[i].stage;
        short_form = stages[i].short_form;
        rest = s + strlen (stages[i].prefix);
        break;
      }
  /* 初一, 高二, 大三 — or 初中一年级, 高一年级. */
  if (g_str_has_suffix (rest, "年级"))
    year_text = g_strndup (rest, strlen (rest) - strlen ("年级"));
  else if (short_form)
    year_text = g_strdup (rest);
  else
    return 0;
  year = parse_number (year_text);
  return year > 0 ? grade_of (stage, year) : 0;
}

/* ---- 班级 ---------------------------------------------------------------- */

guint
dabiao_class_number_parse (const char *text)
{
  g_autofree char *s = normalize (text);
  const char *ban;
  const char *digits_end = NULL;
  const char *p;

  if (*s == '\0')
    return 0;
  /* The last run of digits: "五(1)班", "初一3班", "2", "高2023级1班". */
  for (p = s + strlen (s); p > s; p--)
    if (g_ascii_isdigit (p[-1]))
      {
        digits_end = p;
        break;
      }
  if (digits_end != NULL)
    {
      const char *start = digits_end;
      g_autofree char *run = NULL;

      while (start > s && g_ascii_isdigit (start[-1]))
        start--;
      run = g_strndup (start, digits_end - start);
      return parse_number (run);
    }
  /* In Chinese, before the last 班: "三班", "五年级二班", "(十二)班";
   * or the whole text: "三". */
  ban = g_strrstr (s, "班");
  if (ban == NULL)
    return parse_number (s);
  p = ban;
  if (p > s && p[-1] == ')')
    p--;
  {
    const char *start = p;
    g_autofree char *run = NULL;

    while (start > s)
      {
        const char *prev = g_utf8_prev_char (start);
        gunichar c = g_utf8_get_char (prev);

        if (chinese_digit (c) < 0 && c != CHINESE_TEN)
          break;
        start = prev;
      }
    run = g_strndup (start, p - start);
    return parse_number (run);
  }
}
