/* dabiao-event-roster.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-codes.h"
#include "dabiao-error.h"
#include "dabiao-event-details.h"
#include "dabiao-event-private.h"
#include "dabiao-table.h"

/* ---- GB 11643 ---------------------------------------------------------- */

static gboolean
parse_ymd (const char *digits,
           int        *y,
           int        *m,
           int        *d)
{
  char buf[5] = { 0 };

  memcpy (buf, digits, 4);
  *y = atoi (buf);
  memset (buf, 0, sizeof buf);
  memcpy (buf, digits + 4, 2);
  *m = atoi (buf);
  memcpy (buf, digits + 6, 2);
  *d = atoi (buf);
  return *y >= 1900 && g_date_valid_dmy (*d, *m, *y);
}

/* The shape of GB/T 2260 area codes: the province (11–15, 21–23, 31–37,
 * 41–46, 50–54, 61–65, 71 台湾, 81 香港, 82 澳门, 83 for the residence
 * permits of 台湾 residents) and a city/county part that is not 0000. */
static gboolean
area_code_exists (const char *id_card)
{
  static const guint8 provinces[] = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
  };
  int province = (id_card[0] - '0') * 10 + (id_card[1] - '0');

  if (memcmp (id_card + 2, "0000", 4) == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    if (provinces[i] == province)
      return TRUE;
  return FALSE;
}

static gboolean
date_in_future (int y,
                int m,
                int d)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return y * 10000 + m * 100 + d >
         g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100 + g_date_time_get_day_of_month (now);
}

gboolean
dabiao_id_card_check (const char  *id_card,
                      char       **birth_date,
                      guint       *sex,
                      GError     **error)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char check_chars[] = "10X98765432";
  int sum = 0;
  int y, m, d;
  char expected;
  char last;

  if (id_card == NULL || strlen (id_card) != 18)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” is not 18 characters long"), id_card != NULL ? id_card : "");
      return FALSE;
    }
  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (id_card[i]))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("“%s”: the first 17 characters must be digits"), id_card);
          return FALSE;
        }
      sum += (id_card[i] - '0') * weights[i];
    }
  if (!area_code_exists (id_card))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s”: %.6s is not an area code (the first two digits name a province, 11–82)"),
                   id_card, id_card);
      return FALSE;
    }
  if (!parse_ymd (id_card + 6, &y, &m, &d))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s”: %.8s is not a birth date"), id_card, id_card + 6);
      return FALSE;
    }
  if (date_in_future (y, m, d))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s”: the birth date %.8s is in the future"), id_card, id_card + 6);
      return FALSE;
    }
  expected = check_chars[sum % 11];
  last = g_ascii_toupper (id_card[17]);
  if (last != expected)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s”: the check character should be %c"), id_card, expected);
      return FALSE;
    }

  if (birth_date != NULL)
    *birth_date = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  if (sex != NULL)
    *sex = ((id_card[16] - '0') % 2 == 1) ? 1 : 2;
  return TRUE;
}

/* ---- Reports ----------------------------------------------------------- */

void
dabiao_roster_report_free (DabiaoRosterReport *report)
{
  if (report == NULL)
    return;
  g_free (report->layout);
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
  g_clear_pointer (&report->uncoded_schools, g_ptr_array_unref);
  g_free (report);
}

/* ---- Reading ----------------------------------------------------------- */

typedef enum
{
  COL_GRADE,
  COL_CLASS_CODE,
  COL_CLASS_NAME,
  COL_ID,
  COL_ETHNICITY,
  COL_NAME,
  COL_SEX,
  COL_BIRTH_DATE,
  COL_ADDRESS,
  COL_ID_CARD,
  COL_ORGANIZATION,
  COL_PHONE,
  COL_SCHOOL_CODE,
  N_COLS
} Column;

/* Header names per column; the first is the name used in messages. */
static const char * const student_headers[N_COLS][3] = {
  [COL_GRADE] = { "年级编号", "年级", NULL },
  [COL_CLASS_CODE] = { "班级编号", NULL },
  [COL_CLASS_NAME] = { "班级名称", "班级", NULL },
  [COL_ID] = { "学籍号", "学号", NULL },
  [COL_ETHNICITY] = { "民族代码", "民族", NULL },
  [COL_NAME] = { "姓名", NULL },
  [COL_SEX] = { "性别", NULL },
  [COL_BIRTH_DATE] = { "出生日期", NULL },
  [COL_ADDRESS] = { "家庭住址", "住址", NULL },
  [COL_ID_CARD] = { "身份证号", "身份证号码", NULL },
  [COL_ORGANIZATION] = { "学校名称", "学校", NULL },
  [COL_PHONE] = { "手机", "电话", NULL },
  [COL_SCHOOL_CODE] = { "学校代码", NULL },
};

/* The most characters a column may hold: far beyond real names, classes
 * and addresses, and short enough that a hostile roster cannot fill the
 * event file, its results and every card printed from it with texts of
 * thousands of characters (one 32,000-character name in every row of a
 * 68 KB workbook made a 3.4 GB event file). */
static const guint max_chars[N_COLS] = {
  [COL_GRADE] = 8,
  [COL_CLASS_CODE] = DABIAO_PARTICIPANT_MAX_SHORT,
  [COL_CLASS_NAME] = DABIAO_PARTICIPANT_MAX_CLASS,
  [COL_ID] = DABIAO_PARTICIPANT_MAX_ID,
  [COL_ETHNICITY] = DABIAO_PARTICIPANT_MAX_SHORT,
  [COL_NAME] = DABIAO_PARTICIPANT_MAX_NAME,
  [COL_SEX] = 8,
  [COL_BIRTH_DATE] = DABIAO_PARTICIPANT_MAX_SHORT,
  [COL_ADDRESS] = DABIAO_PARTICIPANT_MAX_ADDRESS,
  [COL_ID_CARD] = DABIAO_PARTICIPANT_MAX_SHORT,
  [COL_ORGANIZATION] = DABIAO_PARTICIPANT_MAX_ORG,
  [COL_PHONE] = DABIAO_PARTICIPANT_MAX_SHORT,
  [COL_SCHOOL_CODE] = DABIAO_PARTICIPANT_MAX_SHORT,
};

static const char * const adult_headers[N_COLS][3] = {
  [COL_GRADE] = { NULL },
  [COL_CLASS_CODE] = { NULL },
  [COL_CLASS_NAME] = { NULL },
  [COL_ID] = { "编号", "人员编号", NULL },
  [COL_ETHNICITY] = { "民族代码", "民族", NULL },
  [COL_NAME] = { "姓名", NULL },
  [COL_SEX] = { "性别", NULL },
  [COL_BIRTH_DATE] = { "出生日期", NULL },
  [COL_ADDRESS] = { "住址", "家庭住址", NULL },
  [COL_ID_CARD] = { "身份证号", "身份证号码", NULL },
  [COL_ORGANIZATION] = { "单位", "工作单位", NULL },
  [COL_PHONE] = { "手机", "手机号", NULL },
  [COL_SCHOOL_CODE] = { NULL },
};

#define MAX_PROBLEMS 1000
#define MAX_ROW_WARNINGS 20

typedef struct
{
  DabiaoEvent        *event;
  DabiaoRosterReport *report;
  GStringChunk       *strings;
  GArray             *infos;        /* DabiaoParticipantInfo */
  GArray             *rows;         /* guint: the row of each info */
  GHashTable         *ids;          /* id → GUINT row */
  GHashTable         *id_cards;     /* 身份证号 → GUINT row */
  GHashTable         *schools;      /* 学校代码 → 学校名称 ("" when not given) */
  GHashTable         *school_rows;  /* 学校代码 → GUINT row that named it */
  const char         *name;         /* file name for messages */
  DabiaoEventDetails *details;      /* the event's schools, to find a named school's code */
  GPtrArray          *uncoded;      /* school names with no code in the event (upload warning) */
  gboolean            lacks[N_COLS];  /* a column the upload needs is not in the roster */
  guint               empty[N_COLS];  /* rows where a column the upload needs is empty */
  GPtrArray          *row_warnings; /* the first MAX_ROW_WARNINGS warnings about a row */
  guint               n_row_warnings;
  guint               n_problems;   /* all of them; at most MAX_PROBLEMS are kept */
  gboolean            student;
  int                 columns[N_COLS];
  const char         *found[N_COLS];  /* the header the roster gives the column */
  const char * const (*headers)[3];
} Import;

/* "FILE row N, COLUMN: what" into @to. */
static void
add_row_message (Import     *import,
                 GPtrArray  *to,
                 guint       row,
                 Column      column,
                 const char *format,
                 va_list     args) G_GNUC_PRINTF (5, 0);

static void
add_row_message (Import     *import,
                 GPtrArray  *to,
                 guint       row,
                 Column      column,
                 const char *format,
                 va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  /* TRANSLATORS: file, row number, column header, what is wrong. */
  g_ptr_array_add (to, g_strdup_printf (_("%s row %u, %s: %s"), import->name, row,
                                        import->found[column] != NULL ? import->found[column]
                                        : import->headers[column][0], message));
}

static void
problem (Import     *import,
         guint       row,
         Column      column,
         const char *format,
         ...) G_GNUC_PRINTF (4, 5);

static void
problem (Import     *import,
         guint       row,
         Column      column,
         const char *format,
         ...)
{
  va_list args;

  /* A hostile roster can have a million bad rows: they are counted, and
   * the first MAX_PROBLEMS described. */
  if (import->n_problems++ >= MAX_PROBLEMS)
    return;
  va_start (args, format);
  add_row_message (import, import->report->problems, row, column, format, args);
  va_end (args);
}

/* What the roster says that the import takes, but the national upload
 * will refuse: the row is imported, the organiser told. */
static void
row_warning (Import     *import,
             guint       row,
             Column      column,
             const char *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
row_warning (Import     *import,
             guint       row,
             Column      column,
             const char *format,
             ...)
{
  va_list args;

  if (import->n_row_warnings++ >= MAX_ROW_WARNINGS)
    return;
  va_start (args, format);
  add_row_message (import, import->row_warnings, row, column, format, args);
  va_end (args);
}

static const char *
cell_text (DabiaoTableReader *reader,
           Import            *import,
           Column             column)
{
  const DabiaoCell *cell = dabiao_table_reader_get_cell (reader, import->columns[column]);

  return cell->text;
}

/* Accepts YYYY-MM-DD (what the reader gives for date cells), YYYY/M/D,
 * YYYY.M.D, YYYY年M月D日 and YYYYMMDD. */
static char *
parse_date (const char *text)
{
  int y = 0, m = 0, d = 0;
  char tail = 0;

  if (strlen (text) == 8 && strspn (text, "0123456789") == 8)
    {
      if (!parse_ymd (text, &y, &m, &d))
        return NULL;
    }
  else if (sscanf (text, "%d-%d-%d%c", &y, &m, &d, &tail) != 3
           && sscanf (text, "%d/%d/%d%c", &y, &m, &d, &tail) != 3
           && sscanf (text, "%d.%d.%d%c", &y, &m, &d, &tail) != 3
           && sscanf (text, "%d年%d月%d日%c", &y, &m, &d, &tail) != 3)
    return NULL;
  if (y < 1900 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* What a 年级 cell may say, in messages. */
#define GRADE_EXPECTED _("a 年级编号 (11–16 小学一至六年级, 21–24 初一至初四, 31–34 高中, 41–44 大一至大四) or a grade such as 五年级, 初一, 七年级, 高二, 大一")

/* Columns of the national upload file that a roster may leave out (the
 * import takes it; the upload refuses it at the end of the day). */
static const Column upload_columns[] = { COL_CLASS_CODE, COL_CLASS_NAME, COL_ETHNICITY, COL_SCHOOL_CODE };

/* A roster with 学校/学校名称 but no 学校代码: the code of the school the
 * event knows by that name (活动信息), or NULL (the name is remembered for
 * the warning). */
static const char *
school_code_of_name (Import     *import,
                     const char *name)
{
  if (*name == '\0')
    return NULL;
  for (guint i = 0; import->details != NULL && i < import->details->schools->len; i++)
    {
      const DabiaoSchool *school = g_ptr_array_index (import->details->schools, i);

      if (school->code != NULL && g_strcmp0 (school->name, name) == 0)
        return g_string_chunk_insert (import->strings, school->code);
    }
  if (!g_ptr_array_find_with_equal_func (import->uncoded, name, g_str_equal, NULL)
      && import->uncoded->len < 20)
    g_ptr_array_add (import->uncoded, g_string_chunk_insert (import->strings, name));
  return NULL;
}

static void
count_upload_gaps (Import                      *import,
                   DabiaoTableReader           *reader,
                   const DabiaoParticipantInfo *info,
                   const char                  *school_code)
{
  for (guint i = 0; i < G_N_ELEMENTS (upload_columns); i++)
    {
      Column c = upload_columns[i];

      if (import->lacks[c])
        continue;
      if (c == COL_SCHOOL_CODE)
        {
          /* A school name without a code is counted apart (uncoded). */
          if (school_code == NULL
              && (import->columns[c] >= 0 || *cell_text (reader, import, COL_ORGANIZATION) == '\0'))
            import->empty[c]++;
        }
      else if (c == COL_CLASS_CODE ? *info->class_code == '\0'
               : c == COL_CLASS_NAME ? *info->class_name == '\0'
               : *cell_text (reader, import, c) == '\0')
        import->empty[c]++;
    }
}

/* What the national upload will need that this (student) roster lacks:
 * named, so the organiser can mend the roster now, not at the end of the
 * day. */
static void
add_upload_warnings (Import *import)
{
  g_autoptr(GString) lacks = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (upload_columns); i++)
    if (import->lacks[upload_columns[i]])
      g_string_append_printf (lacks, "%s%s", lacks->len > 0 ? "、" : "", student_headers[upload_columns[i]][0]);
  if (lacks->len > 0)
    g_ptr_array_add (import->report->warnings,
                     /* Translators: column headers, e.g. 班级编号、民族代码 */
                     g_strdup_printf (_("The roster has no %s column: the national upload file needs it. The roster is imported as it is; add the column and import it again before the upload (participants are updated by their id)."),
                                      lacks->str));
  for (guint i = 0; i < G_N_ELEMENTS (upload_columns); i++)
    if (import->empty[upload_columns[i]] > 0)
      g_ptr_array_add (import->report->warnings,
                       /* Translators: column header, rows */
                       g_strdup_printf (ngettext ("%s is empty in %u row: the national upload file needs it.",
                                                  "%s is empty in %u rows: the national upload file needs it.",
                                                  import->empty[upload_columns[i]]),
                                        student_headers[upload_columns[i]][0], import->empty[upload_columns[i]]));
  if (import->uncoded->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < import->uncoded->len; i++)
        {
          g_string_append_printf (names, "%s“%s”", i > 0 ? "、" : "", (const char *) g_ptr_array_index (import->uncoded, i));
          g_ptr_array_add (import->report->uncoded_schools, g_strdup (g_ptr_array_index (import->uncoded, i)));
        }
      import->report->uncoded_warning = import->report->warnings->len + 1;
      g_ptr_array_add (import->report->warnings,
                       g_strdup_printf (_("No school code for %s (the roster names the school, the event does not know its code): the national upload file has one sheet per 学校代码. Add the school with its code in Event Details (its participants get the code), or add a 学校代码 column."),
                                        names->str));
    }
  g_ptr_array_extend_and_steal (import->report->warnings, g_steal_pointer (&import->row_warnings));
  if (import->n_row_warnings > MAX_ROW_WARNINGS)
    g_ptr_array_add (import->report->warnings,
                     g_strdup_printf (_("… and %u more rows like these, not listed"),
                                      import->n_row_warnings - MAX_ROW_WARNINGS));
}

/* 年级编号, 班级编号 and 班级 of a student's row into @info. */
static void
read_class (Import                *import,
            DabiaoTableReader     *reader,
            guint                  row,
            DabiaoParticipantInfo *info)
{
  const char *grade_text = cell_text (reader, import, COL_GRADE);
  const char *class_code = cell_text (reader, import, COL_CLASS_CODE);
  const char *class_name = cell_text (reader, import, COL_CLASS_NAME);
  char built[8] = "";

  /* 年级编号 or a grade's name (五年级, 初一 …). */
  info->grade = dabiao_grade_code_parse (grade_text);
  if (*grade_text == '\0')
    problem (import, row, COL_GRADE, _("empty; expected %s"), GRADE_EXPECTED);
  else if (info->grade == 0)
    problem (import, row, COL_GRADE, _("“%s” is not a grade; expected %s"), grade_text, GRADE_EXPECTED);
  /* A class number where the code belongs ("1", "01"): the code of
   * that class in the grade (the station trial: every row refused). */
  if (info->grade != 0 && strlen (class_code) <= 2 && strspn (class_code, "0123456789") == strlen (class_code)
      && dabiao_class_number_parse (class_code) > 0)
    {
      g_snprintf (built, sizeof built, "%u%02u", info->grade, dabiao_class_number_parse (class_code));
      class_code = "";
    }
  if (info->grade != 0 && *class_code != '\0')
    {
      g_autofree char *prefix = g_strdup_printf ("%u", info->grade);

      if (!g_str_has_prefix (class_code, prefix) || strlen (class_code) != 4
          || strspn (class_code, "0123456789") != 4)
        problem (import, row, COL_CLASS_CODE,
                 _("“%s” should be the grade code %u followed by the two-digit class number"),
                 class_code, info->grade);
    }
  /* No 班级编号: 年级编号 and the class number in 班级 ("五(1)班" in
   * grade 15 is 1501), the national rule (formats: 班级编号). */
  else if (info->grade != 0 && *class_name != '\0' && *built == '\0')
    {
      guint number = dabiao_class_number_parse (class_name);

      if (number > 0)
        g_snprintf (built, sizeof built, "%u%02u", info->grade, number);
      else
        row_warning (import, row, COL_CLASS_NAME,
                     _("“%s” has no class number (1–99), so 班级编号 stays empty and the national upload file will refuse the row; write the class as 1班 or (1)班, or add a 班级编号 column"),
                     class_name);
    }
  info->class_code = g_string_chunk_insert (import->strings, *class_code != '\0' ? class_code : built);
  info->class_name = g_string_chunk_insert (import->strings, class_name);
}

/* 民族: the GB/T 3304 code, also when the roster names it (汉族). */
static const char *
read_ethnicity (Import            *import,
                DabiaoTableReader *reader,
                guint              row)
{
  const char *nation = cell_text (reader, import, COL_ETHNICITY);
  const char *code = dabiao_nation_code (nation);

  if (code != NULL)
    return code;
  if (*nation != '\0' && import->student)
    row_warning (import, row, COL_ETHNICITY,
                 _("“%s” is neither a 民族 of GB/T 3304 (汉族, 蒙古族 …, 其他, 外国血统中国籍人士) nor its two-digit code; the national upload file will refuse it"),
                 nation);
  return g_string_chunk_insert (import->strings, nation);
}

/* 学校代码 is kept as the participant's 单位; 学校名称 names the school
 * in the event's list.  The code (in the import's strings), or NULL. */
static const char *
read_school_code (Import            *import,
                  DabiaoTableReader *reader,
                  guint              row)
{
  const char *code = cell_text (reader, import, COL_SCHOOL_CODE);
  const char *school_name = cell_text (reader, import, COL_ORGANIZATION);
  const char *school_code = NULL;
  g_autoptr(GError) code_error = NULL;

  if (*code == '\0' && *school_name != '\0')
    problem (import, row, COL_SCHOOL_CODE, _("empty, but 学校名称 says “%s”; give the school's code"),
             school_name);
  else if (*code != '\0' && !dabiao_school_code_check (code, &code_error))
    problem (import, row, COL_SCHOOL_CODE, "%s", code_error->message);
  else if (*code != '\0')
    {
      const char *known = g_hash_table_lookup (import->schools, code);

      school_code = g_string_chunk_insert (import->strings, code);
      if (known == NULL || (*known == '\0' && *school_name != '\0'))
        {
          g_hash_table_insert (import->schools, (gpointer) school_code,
                               g_string_chunk_insert (import->strings, school_name));
          g_hash_table_insert (import->school_rows, (gpointer) school_code, GUINT_TO_POINTER (row));
        }
      else if (*school_name != '\0' && !g_str_equal (known, school_name))
        problem (import, row, COL_ORGANIZATION, _("“%s”, but row %u names school %s “%s”"), school_name,
                 GPOINTER_TO_UINT (g_hash_table_lookup (import->school_rows, code)), code, known);
    }
  return school_code;
}

/* Every cell within its column's length; FALSE (a problem for each one
 * too long) otherwise. */
static gboolean
cells_fit (Import            *import,
           DabiaoTableReader *reader,
           guint              row)
{
  gboolean fit = TRUE;

  for (guint c = 0; c < N_COLS; c++)
    {
      const char *text = import->columns[c] >= 0 ? cell_text (reader, import, c) : "";
      glong n = strlen (text) > max_chars[c] ? g_utf8_strlen (text, -1) : 0;

      if (n > (glong) max_chars[c])
        {
          problem (import, row, c, _("%ld characters long; it may hold at most %u"), n, max_chars[c]);
          fit = FALSE;
        }
    }
  return fit;
}

static void
read_row (Import            *import,
          DabiaoTableReader *reader,
          const char        *today)
{
  DabiaoParticipantInfo info = { 0 };
  guint row = dabiao_table_reader_get_row (reader);
  guint problems_before = import->n_problems;
  const char *id = cell_text (reader, import, COL_ID);
  const char *name = cell_text (reader, import, COL_NAME);
  const char *sex_text = cell_text (reader, import, COL_SEX);
  const char *birth_text = cell_text (reader, import, COL_BIRTH_DATE);
  const char *id_card = cell_text (reader, import, COL_ID_CARD);
  g_autofree char *birth = NULL;
  g_autofree char *card_birth = NULL;
  g_autofree char *id_card_upper = NULL;
  const char *school_code = NULL;
  guint card_sex = 0;
  gpointer previous;

  import->report->rows++;
  if (!cells_fit (import, reader, row))
    return;

  if (*id == '\0')
    problem (import, row, COL_ID, _("empty; every participant needs an id"));
  else if (g_hash_table_lookup_extended (import->ids, id, NULL, &previous))
    problem (import, row, COL_ID, _("“%s” is also on row %u; ids must be unique"), id, GPOINTER_TO_UINT (previous));
  else
    g_hash_table_insert (import->ids, g_string_chunk_insert (import->strings, id), GUINT_TO_POINTER (row));
  if (*name == '\0')
    problem (import, row, COL_NAME, _("empty; a name is required"));

  if (g_str_equal (sex_text, "1") || g_str_equal (sex_text, "男"))
    info.sex = 1;
  else if (g_str_equal (sex_text, "2") || g_str_equal (sex_text, "女"))
    info.sex = 2;
  else if (*sex_text == '\0' && import->columns[COL_SEX] < 0 && *id_card != '\0')
    info.sex = 0; /* taken from the 身份证号 below */
  else if (*sex_text == '\0')
    problem (import, row, COL_SEX, _("empty; expected 男 or 女 (or 1, 2)"));
  else
    problem (import, row, COL_SEX, _("“%s” is not a sex; expected 男 or 女 (or 1, 2)"), sex_text);

  if (*birth_text != '\0')
    {
      birth = parse_date (birth_text);
      if (birth == NULL)
        problem (import, row, COL_BIRTH_DATE, _("“%s” is not a date (expected e.g. 2012/9/1 or 2012-09-01)"), birth_text);
      else if (strcmp (birth, today) > 0)
        problem (import, row, COL_BIRTH_DATE, _("%s is in the future"), birth);
    }

  if (*id_card != '\0')
    {
      g_autoptr(GError) error = NULL;

      id_card_upper = g_ascii_strup (id_card, -1);
      if (!dabiao_id_card_check (id_card_upper, &card_birth, &card_sex, &error))
        problem (import, row, COL_ID_CARD, "%s", error->message);
      else
        {
          if (birth != NULL && !g_str_equal (birth, card_birth))
            problem (import, row, COL_ID_CARD, _("its birth date %s differs from 出生日期 %s"), card_birth, birth);
          if (info.sex != 0 && info.sex != card_sex)
            problem (import, row, COL_ID_CARD, _("it belongs to a %s but 性别 says %s"),
                     card_sex == 1 ? "男" : "女", info.sex == 1 ? "男" : "女");
          if (g_hash_table_lookup_extended (import->id_cards, id_card_upper, NULL, &previous))
            problem (import, row, COL_ID_CARD, _("“%s” is also on row %u"), id_card_upper, GPOINTER_TO_UINT (previous));
          else
            g_hash_table_insert (import->id_cards, g_string_chunk_insert (import->strings, id_card_upper),
                                 GUINT_TO_POINTER (row));
          if (birth == NULL && *birth_text == '\0')
            birth = g_strdup (card_birth);
          if (info.sex == 0)
            info.sex = card_sex;
        }
    }
  else if (*birth_text == '\0')
    problem (import, row, COL_BIRTH_DATE, _("empty, and no 身份证号 either; a birth date is required"));

  /* 学籍号 "L" + 身份证号 is the platform's id for students not yet in it. */
  if (import->student && (id[0] == 'L' || id[0] == 'l') && strlen (id) == 19)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *inner = g_ascii_strup (id + 1, -1);

      if (!dabiao_id_card_check (inner, NULL, NULL, &error))
        problem (import, row, COL_ID, _("L + 身份证号: %s"), error->message);
    }

  if (import->student)
    read_class (import, reader, row, &info);

  info.ethnicity = read_ethnicity (import, reader, row);

  if (import->student && import->columns[COL_SCHOOL_CODE] >= 0)
    school_code = read_school_code (import, reader, row);
  /* Only 学校/学校名称: the code from the event's schools (活动信息). */
  else if (import->student && import->columns[COL_ORGANIZATION] >= 0)
    school_code = school_code_of_name (import, cell_text (reader, import, COL_ORGANIZATION));
  if (import->student)
    count_upload_gaps (import, reader, &info, school_code);

  if (import->n_problems > problems_before)
    return;

  info.id = g_string_chunk_insert (import->strings, id);
  info.name = g_string_chunk_insert (import->strings, name);
  info.birth_date = g_string_chunk_insert (import->strings, birth != NULL ? birth : "");
  info.id_card = g_string_chunk_insert (import->strings, id_card_upper != NULL ? id_card_upper : "");
  info.address = g_string_chunk_insert (import->strings, cell_text (reader, import, COL_ADDRESS));
  info.organization = g_string_chunk_insert (import->strings, school_code != NULL ? school_code
                                              : cell_text (reader, import, COL_ORGANIZATION));
  info.phone = g_string_chunk_insert (import->strings, cell_text (reader, import, COL_PHONE));
  g_array_append_val (import->infos, info);
}

static gboolean
read_sheet (Import      *import,
            const char  *path,
            const char  *sheet,
            GError     **error)
{
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, sheet, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  gboolean student;

  if (reader == NULL)
    return FALSE;
  import->name = g_string_chunk_insert (import->strings, dabiao_table_reader_get_name (reader));

  if (dabiao_table_reader_find_column (reader, "学籍号") >= 0)
    student = TRUE;
  else if (dabiao_table_reader_find_column (reader, "编号") >= 0)
    student = FALSE;
  else
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s row 1: no 学籍号 column (national student layout) and no 编号 column (general layout); the header row must name the columns"),
                   import->name);
      return FALSE;
    }
  if (import->report->layout != NULL && import->student != student)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the sheets mix the student and the general layout"), import->name);
      return FALSE;
    }
  import->student = student;
  import->headers = student ? student_headers : adult_headers;
  if (student && import->details == NULL)
    import->details = dabiao_event_get_details (import->event, NULL);
  g_free (import->report->layout);
  import->report->layout = g_strdup (student ? "student" : "adult");

  for (guint c = 0; c < N_COLS; c++)
    {
      import->columns[c] = -1;
      import->found[c] = NULL;
      for (guint h = 0; h < 3 && import->headers[c][h] != NULL && import->columns[c] < 0; h++)
        {
          import->columns[c] = dabiao_table_reader_find_column (reader, import->headers[c][h]);
          if (import->columns[c] >= 0)
            import->found[c] = import->headers[c][h];
        }
    }

  {
    Column required_student[] = { COL_GRADE, COL_ID, COL_NAME, COL_SEX };
    Column required_adult[] = { COL_ID, COL_NAME };
    Column *required = student ? required_student : required_adult;
    guint n_required = student ? G_N_ELEMENTS (required_student) : G_N_ELEMENTS (required_adult);

    if (student && import->columns[COL_GRADE] < 0)
      {
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s row 1: the required column 年级编号 (or 年级) is missing; it holds %s"),
                     import->name, GRADE_EXPECTED);
        return FALSE;
      }
    for (guint i = 0; i < n_required; i++)
      if (import->columns[required[i]] < 0)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s row 1: the required column %s is missing"),
                       import->name, import->headers[required[i]][0]);
          return FALSE;
        }
    if (import->columns[COL_BIRTH_DATE] < 0 && import->columns[COL_ID_CARD] < 0)
      {
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s row 1: neither 出生日期 nor 身份证号 is there; one of them is required"), import->name);
        return FALSE;
      }
    if (import->columns[COL_SEX] < 0 && import->columns[COL_ID_CARD] < 0)
      {
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s row 1: neither 性别 nor 身份证号 is there; one of them is required"), import->name);
        return FALSE;
      }
  }

  /* 班级编号 is built from 班级; 学校代码 found by the school's name. */
  if (student)
    for (guint i = 0; i < G_N_ELEMENTS (upload_columns); i++)
      if (import->columns[upload_columns[i]] < 0
          && (upload_columns[i] != COL_SCHOOL_CODE || import->columns[COL_ORGANIZATION] < 0)
          && (upload_columns[i] != COL_CLASS_CODE || import->columns[COL_CLASS_NAME] < 0))
        import->lacks[upload_columns[i]] = TRUE;

  {
    GError *local_error = NULL;

    while (dabiao_table_reader_next_row (reader, &local_error))
      read_row (import, reader, today);
    if (local_error != NULL)
      {
        g_propagate_error (error, local_error);
        return FALSE;
      }
  }
  return TRUE;
}

/* Inside the import's transaction: the schools the roster names join the
 * event's list; a name the roster gives replaces the stored one, a code
 * without a name keeps it. */
static gboolean
put_roster_schools (DabiaoEvent  *self,
                    GHashTable   *schools,
                    GError      **error)
{
  g_autoptr(DabiaoEventDetails) details = NULL;
  g_autoptr(GHashTable) changes = NULL;
  GHashTableIter iter;
  gpointer code, name;

  if (g_hash_table_size (schools) == 0)
    return TRUE;
  details = dabiao_event_get_details (self, error);
  if (details == NULL)
    return FALSE;
  changes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_iter_init (&iter, schools);
  while (g_hash_table_iter_next (&iter, &code, &name))
    {
      const DabiaoSchool *known = dabiao_event_details_find_school (details, code);

      if (known == NULL || (*(const char *) name != '\0' && !g_str_equal (known->name, name)))
        g_hash_table_insert (changes, code, name);
    }
  return _dabiao_event_put_schools (self, changes, NULL, error);
}

/* Counts what a write would do, without writing. */
static gboolean
classify (Import  *import,
          GError **error)
{
  DabiaoEvent *self = import->event;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _dabiao_event_prepare (self,
                                "SELECT (name, sex, birth_date, id_card, grade, class_code, class_name, ethnicity,"
                                " address, organization, phone) IS (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                                " FROM participants WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < import->infos->len; i++)
    {
      const DabiaoParticipantInfo *p = &g_array_index (import->infos, DabiaoParticipantInfo, i);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, p->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, p->name, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, p->sex);
      sqlite3_bind_text (stmt, 4, p->birth_date, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, p->id_card, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 6, p->grade);
      sqlite3_bind_text (stmt, 7, p->class_code != NULL ? p->class_code : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, p->class_name != NULL ? p->class_name : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, p->ethnicity, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, p->address, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, p->organization, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 12, p->phone, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        import->report->added++;
      else if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0))
        import->report->unchanged++;
      else if (rc == SQLITE_ROW)
        import->report->updated++;
      else
        {
          _dabiao_event_set_db_error (self, error);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
dabiao_event_import_roster (DabiaoEvent          *self,
                            const char           *path,
                            gboolean              dry_run,
                            DabiaoRosterReport  **report_out,
                            GError              **error)
{
  g_autoptr(DabiaoRosterReport) report = g_new0 (DabiaoRosterReport, 1);
  g_autoptr(GStringChunk) strings = g_string_chunk_new (64 * 1024);
  g_autoptr(GArray) infos = g_array_new (FALSE, TRUE, sizeof (DabiaoParticipantInfo));
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) id_cards = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) schools = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) school_rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) sheets = NULL;
  g_autofree char *spool = NULL;
  g_autofree char *spooled = NULL;
  Import import = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Every sheet is opened on its own: a FIFO or a pipe is read once, into a
   * private copy, first. */
  spooled = dabiao_table_spool (path, &spool, error);
  if (spooled == NULL)
    return FALSE;
  path = spooled;

  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
  report->uncoded_schools = g_ptr_array_new_with_free_func (g_free);
  import.uncoded = g_ptr_array_new ();
  import.row_warnings = g_ptr_array_new_with_free_func (g_free);
  import.event = self;
  import.report = report;
  import.strings = strings;
  import.infos = infos;
  import.ids = ids;
  import.id_cards = id_cards;
  import.schools = schools;
  import.school_rows = school_rows;

  /* Workbooks with one sheet per school: read every sheet. */
  {
    g_autoptr(DabiaoTableReader) first = dabiao_table_reader_open (path, NULL, error);

    if (first == NULL)
      ok = FALSE;
    else
      sheets = dabiao_table_reader_list_sheets (first);
  }
  if (ok && (sheets == NULL || g_strv_length (sheets) <= 1))
    ok = read_sheet (&import, path, NULL, error);
  else
    for (guint i = 0; ok && sheets[i] != NULL; i++)
      ok = read_sheet (&import, path, sheets[i], error);
  dabiao_table_unspool (g_steal_pointer (&spool));
  if (ok && import.student)
    add_upload_warnings (&import);
  g_clear_pointer (&import.details, dabiao_event_details_free);
  g_clear_pointer (&import.uncoded, g_ptr_array_unref);
  g_clear_pointer (&import.row_warnings, g_ptr_array_unref);

  if (import.n_problems > MAX_PROBLEMS)
    g_ptr_array_add (report->problems,
                     g_strdup_printf (_("… and %u more problems, not listed"), import.n_problems - MAX_PROBLEMS));
  if (ok && import.n_problems > 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%u problem(s) in the roster, nothing imported; the first: %s"),
                   import.n_problems, (const char *) g_ptr_array_index (report->problems, 0));
      ok = FALSE;
    }
  if (ok && report->rows == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s has no participants below its header row"), import.name);
      ok = FALSE;
    }

  if (ok)
    {
      _dabiao_event_lock (self);
      if (dry_run)
        ok = classify (&import, error);
      else
        {
          g_autofree char *detail = NULL;

          ok = _dabiao_event_begin (self, error)
               && _dabiao_event_upsert_participants (self, (DabiaoParticipantInfo *) infos->data, infos->len,
                                                     &report->added, &report->updated, error)
               && put_roster_schools (self, schools, error);
          if (ok)
            {
              report->unchanged = infos->len - report->added - report->updated;
              detail = g_strdup_printf ("%s: %u rows, +%u ~%u", import.name, report->rows,
                                        report->added, report->updated);
              ok = _dabiao_event_audit (self, "roster-import", detail, error)
                   && _dabiao_event_commit (self, error);
            }
          if (!ok)
            _dabiao_event_rollback (self);
        }
      _dabiao_event_unlock (self);
    }

  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);
  return ok;
}
