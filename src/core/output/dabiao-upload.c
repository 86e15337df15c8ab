/* dabiao-upload.c: the national student data upload file.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "dabiao-codes.h"
#include "dabiao-error.h"
#include "dabiao-output-private.h"
#include "dabiao-results-stats.h"
#include "dabiao-upload.h"
#include "dabiao-xlsx.h"

/* How many problems the error message lists; the report holds all. */
#define MAX_PROBLEMS_IN_MESSAGE 20

typedef enum
{
  PRECISION_ONE,     /* one decimal */
  PRECISION_INTEGER,
  PRECISION_MIN_SEC, /* 分.秒 from seconds */
  PRECISION_VISION,  /* one decimal, below 3.0 written as 0 */
} Precision;

typedef struct
{
  const char *header;   /* exactly as the platform's template writes it */
  const char *code;     /* national item number */
  Precision   precision;
  double      min;      /* in the item's unit (times in seconds) */
  double      max;
  int         senior_sex; /* from grade 21 on only for this sex (1 男, 2 女), 0 both */
} UploadItem;

/* Ranges are plausibility limits (what an instrument or a typing slip can
 * produce beyond them is rejected), not the standard's score tables. */
static const UploadItem upload_items[] = {
  { "身高",           "01", PRECISION_ONE,     80,  230, 0 },
  { "体重",           "02", PRECISION_ONE,     10,  200, 0 },
  { "肺活量",         "04", PRECISION_INTEGER, 100, 10000, 0 },
  { "50米跑",         "05", PRECISION_ONE,     5,   30,  0 },
  { "坐位体前屈",     "07", PRECISION_ONE,     -40, 50,  0 },
  { "一分钟跳绳",     "18", PRECISION_INTEGER, 0,   400, 0 },
  { "一分钟仰卧起坐", "12", PRECISION_INTEGER, 0,   100, 2 },
  { "50米×8往返跑",   "09", PRECISION_MIN_SEC, 60,  600, 0 },
  { "立定跳远",       "06", PRECISION_ONE,     50,  400, 0 },
  { "800米跑",        "10", PRECISION_MIN_SEC, 120, 900, 2 },
  { "1000米跑",       "11", PRECISION_MIN_SEC, 120, 900, 1 },
  { "引体向上",       "14", PRECISION_INTEGER, 0,   100, 1 },
  { "右眼裸眼视力",   "72", PRECISION_VISION,  0,   5.3, 0 },
  { "左眼裸眼视力",   "71", PRECISION_VISION,  0,   5.3, 0 },
};

#define N_VISION 2

static const char * const fixed_columns[] = {
  "年级编号", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "性别", "出生日期", "家庭住址",
};

static const char * const group_11_12[] = {
  "身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", NULL
};
static const char * const group_13_14[] = {
  "身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐", NULL
};
static const char * const group_15_16[] = {
  "身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐",
  "50米×8往返跑", NULL
};
static const char * const group_21_44[] = {
  "身高", "体重", "肺活量", "50米跑", "立定跳远", "坐位体前屈", "800米跑", "1000米跑",
  "一分钟仰卧起坐", "引体向上", NULL
};
static const char * const group_union[] = {
  "身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐",
  "50米×8往返跑", "立定跳远", "800米跑", "1000米跑", "引体向上", NULL
};

static const char * const *
columns_for_grade (int grade)
{
  if (grade == 11 || grade == 12)
    return group_11_12;
  if (grade == 13 || grade == 14)
    return group_13_14;
  if (grade == 15 || grade == 16)
    return group_15_16;
  return group_21_44;
}

const char * const *
dabiao_upload_item_columns (const int *grades,
                            guint      n_grades,
                            gboolean   union_columns)
{
  int max_primary = 0;
  gboolean any_primary = FALSE;
  gboolean any_secondary = FALSE;
  guint i;

  if (union_columns)
    return group_union;

  for (i = 0; i < n_grades; i++)
    {
      if (grades[i] >= 11 && grades[i] <= 16)
        {
          any_primary = TRUE;
          max_primary = MAX (max_primary, grades[i]);
        }
      else
        any_secondary = TRUE;
    }

  if (any_primary && any_secondary)
    return group_union;
  if (any_secondary)
    return group_21_44;
  /* The primary groups nest (11–12 ⊂ 13–14 ⊂ 15–16): the highest grade
   * decides. */
  return columns_for_grade (max_primary > 0 ? max_primary : 11);
}

static const UploadItem *
find_upload_item (const char *header)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (upload_items); i++)
    if (strcmp (upload_items[i].header, header) == 0)
      return &upload_items[i];

  g_assert_not_reached ();
  return NULL;
}

#define N_UPLOAD_ITEMS G_N_ELEMENTS (upload_items)

/* The results of @person by upload item (NULL where none), through @cache
 * (result name → item index + 1, 0 for none): names are matched loosely
 * once per distinct spelling, not once per person. */
static void
fill_slots (GHashTable                *cache,
            const DabiaoResultsPerson  *person,
            const DabiaoResultsItem **slots)
{
  guint i, k;

  memset (slots, 0, N_UPLOAD_ITEMS * sizeof *slots);
  for (i = 0; i < person->results->len; i++)
    {
      const DabiaoResultsItem *r = g_ptr_array_index (person->results, i);
      gpointer value;
      guint index = 0;

      if (r->code != NULL)
        {
          for (k = 0; k < N_UPLOAD_ITEMS; k++)
            if (strcmp (upload_items[k].code, r->code) == 0)
              {
                index = k + 1;
                break;
              }
        }
      if (index == 0 && r->name != NULL)
        {
          if (g_hash_table_lookup_extended (cache, r->name, NULL, &value))
            index = GPOINTER_TO_UINT (value);
          else
            {
              for (k = 0; k < N_UPLOAD_ITEMS; k++)
                if (dabiao_results_item_name_equal (upload_items[k].header, r->name))
                  {
                    index = k + 1;
                    break;
                  }
              g_hash_table_insert (cache, g_strdup (r->name), GUINT_TO_POINTER (index));
            }
        }
      /* The first result of an item counts, as find_result would. */
      if (index > 0 && slots[index - 1] == NULL)
        slots[index - 1] = r;
    }
}

static GHashTable *
slot_cache_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static guint32
columns_mask (const char * const *columns)
{
  guint32 mask = 0;
  guint i;

  for (i = 0; columns[i] != NULL; i++)
    mask |= 1u << (find_upload_item (columns[i]) - upload_items);
  return mask;
}

/* Bit i set: upload_items[i] applies to a person of @grade and @sex (the
 * grade group's items, from grade 21 only those of the person's sex; vision
 * always). */
static guint32
applies_mask (int grade,
              int sex)
{
  static gsize init = 0;
  static guint32 group_masks[4];
  static guint32 vision_mask;
  guint32 mask;
  guint i;

  if (g_once_init_enter (&init))
    {
      group_masks[0] = columns_mask (group_11_12);
      group_masks[1] = columns_mask (group_13_14);
      group_masks[2] = columns_mask (group_15_16);
      group_masks[3] = columns_mask (group_21_44);
      for (i = 0; i < G_N_ELEMENTS (upload_items); i++)
        if (upload_items[i].precision == PRECISION_VISION)
          vision_mask |= 1u << i;
      g_once_init_leave (&init, 1);
    }

  if (grade == 11 || grade == 12)
    mask = group_masks[0];
  else if (grade == 13 || grade == 14)
    mask = group_masks[1];
  else if (grade == 15 || grade == 16)
    mask = group_masks[2];
  else
    {
      mask = group_masks[3];
      for (i = 0; i < G_N_ELEMENTS (upload_items); i++)
        if (upload_items[i].senior_sex != 0 && upload_items[i].senior_sex != sex)
          mask &= ~(1u << i);
    }
  return mask | vision_mask;
}

static double
round_to (double value,
          int    decimals)
{
  double factor = decimals == 0 ? 1.0 : 10.0;

  return round (value * factor) / factor;
}

double
dabiao_upload_min_sec (double seconds)
{
  double whole = round (seconds);
  double minutes = floor (whole / 60.0);
  double rest = whole - minutes * 60.0;

  /* Round to two decimals so that 3.45 is 3.45, not 3.4499999. */
  return round ((minutes + rest / 100.0) * 100.0) / 100.0;
}

static double
cell_value (const UploadItem *item,
            double            value)
{
  switch (item->precision)
    {
    case PRECISION_ONE:
      return round_to (value, 1);
    case PRECISION_INTEGER:
      return round_to (value, 0);
    case PRECISION_MIN_SEC:
      return dabiao_upload_min_sec (value);
    case PRECISION_VISION:
      return value < 3.0 ? 0.0 : round_to (value, 1);
    default:
      g_assert_not_reached ();
      return 0;
    }
}

void
dabiao_upload_report_free (DabiaoUploadReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->exempt);
  g_ptr_array_unref (report->exemptions);
  g_ptr_array_unref (report->problems);
  g_ptr_array_unref (report->incomplete);
  g_free (report);
}

static DabiaoUploadReport *
report_new (void)
{
  DabiaoUploadReport *report = g_new0 (DabiaoUploadReport, 1);

  report->exempt = g_ptr_array_new ();
  report->exemptions = g_ptr_array_new ();
  report->incomplete = g_ptr_array_new_with_free_func (g_free);
  report->problems = g_ptr_array_new_with_free_func (g_free);
  return report;
}

/* One school's sheet: its persons in file order and its item columns. */
typedef struct
{
  const char         *school_code;
  GPtrArray          *persons;  /* DabiaoResultsPerson*, not owned */
  const char * const *items;
  guint8              item_index[G_N_ELEMENTS (upload_items)]; /* items as upload_items indices */
  guint               n_items;
} Sheet;

static void
sheet_free (gpointer data)
{
  Sheet *sheet = data;

  g_ptr_array_unref (sheet->persons);
  g_free (sheet);
}

/* Groups the non-exempt persons into sheets (sorted by 学校代码, then grade
 * and class, otherwise in the given order — the sort is stable). */
static GPtrArray *
build_sheets (GPtrArray                 *persons,
              const DabiaoUploadOptions *options,
              DabiaoUploadReport        *report)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GPtrArray *sheets = g_ptr_array_new_with_free_func (sheet_free);
  Sheet *sheet = NULL;
  guint i;

  for (i = 0; i < persons->len; i++)
    {
      DabiaoResultsPerson *person = g_ptr_array_index (persons, i);

      /* Exempt from everything: left out (and listed); exempt from some
       * items: written, those cells empty (and listed). */
      if (person->exempt || dabiao_results_person_has_exemption (person))
        g_ptr_array_add (report->exemptions, person);
      if (person->exempt)
        g_ptr_array_add (report->exempt, person);
      else
        g_ptr_array_add (sorted, person);
    }
  g_ptr_array_sort (sorted, dabiao_results_person_compare_class);

  for (i = 0; i < sorted->len; i++)
    {
      DabiaoResultsPerson *person = g_ptr_array_index (sorted, i);

      if (sheet == NULL || g_strcmp0 (sheet->school_code, person->school_code) != 0)
        {
          sheet = g_new0 (Sheet, 1);
          sheet->school_code = person->school_code;
          sheet->persons = g_ptr_array_new ();
          g_ptr_array_add (sheets, sheet);
        }
      g_ptr_array_add (sheet->persons, person);
    }

  for (i = 0; i < sheets->len; i++)
    {
      g_autoptr(GArray) grades = g_array_new (FALSE, FALSE, sizeof (int));
      guint j;

      sheet = g_ptr_array_index (sheets, i);
      for (j = 0; j < sheet->persons->len; j++)
        {
          DabiaoResultsPerson *person = g_ptr_array_index (sheet->persons, j);

          if (dabiao_grade_code_is_valid (person->grade))
            g_array_append_val (grades, person->grade);
        }
      sheet->items = dabiao_upload_item_columns ((const int *) (gpointer) grades->data, grades->len,
                                                 options != NULL && options->union_columns);
      sheet->n_items = 0;
      for (j = 0; sheet->items[j] != NULL; j++)
        sheet->item_index[sheet->n_items++] = find_upload_item (sheet->items[j]) - upload_items;
      if (options != NULL && options->vision)
        {
          sheet->item_index[sheet->n_items++] = find_upload_item ("右眼裸眼视力") - upload_items;
          sheet->item_index[sheet->n_items++] = find_upload_item ("左眼裸眼视力") - upload_items;
        }
    }

  return sheets;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static gboolean
all_digits (const char *s,
            gsize       len)
{
  gsize i;

  if (strlen (s) != len)
    return FALSE;
  for (i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
id_number_shape_ok (const char *id)
{
  gsize i;

  if (strlen (id) != 18)
    return FALSE;
  for (i = 0; i < 17; i++)
    if (!g_ascii_isdigit (id[i]))
      return FALSE;
  return g_ascii_isdigit (id[17]) || id[17] == 'X' || id[17] == 'x';
}

static gboolean
student_no_ok (const char *no)
{
  const char *p;

  if (no[0] == 'L')
    return id_number_shape_ok (no + 1);
  if (no[0] != 'G' || strlen (no) < 2 || strlen (no) > 30)
    return FALSE;
  for (p = no + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

typedef struct
{
  GPtrArray  *problems;
  const char *sheet;
  guint       row;
  const char *who;
} RowContext;

static void
problem (RowContext *ctx,
         const char *column,
         const char *format,
         ...) G_GNUC_PRINTF (3, 4);

static void
problem (RowContext *ctx,
         const char *column,
         const char *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: sheet (学校代码), row number, the student's name, column header, what is wrong */
  g_ptr_array_add (ctx->problems,
                   g_strdup_printf (_("Sheet %s row %u (%s) %s: %s"),
                                    ctx->sheet, ctx->row, ctx->who, column, what));
}

static void
validate_person (RowContext                *ctx,
                 const DabiaoResultsPerson  *person,
                 const Sheet               *sheet,
                 const DabiaoResultsItem **slots)
{
  guint32 mask = applies_mask (person->grade, dabiao_results_person_sex_code (person));
  const char *texts[] = { person->class_name, person->student_no, person->ethnic_code, person->name,
                          person->address };
  static const char *const text_columns[] = { "班级名称", "学籍号", "民族代码", "姓名", "家庭住址" };
  guint i;

  /* Refused before anything is written (libxlsxwriter wrote an empty cell
   * and the file counted as written). */
  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && !dabiao_xlsx_text_fits (texts[i]))
      problem (ctx, text_columns[i], _("%ld characters; a cell holds at most %u"),
               g_utf8_strlen (texts[i], -1), DABIAO_XLSX_MAX_CELL_CHARS);

  if (!dabiao_grade_code_is_valid (person->grade))
    problem (ctx, "年级编号", _("%d is not a grade number (11–16, 21–24, 31–34, 41–44)"),
             person->grade);

  if (is_blank (person->class_code))
    problem (ctx, "班级编号", _("empty; expected the grade number followed by the two-digit class (1101)"));
  else if (dabiao_grade_code_is_valid (person->grade)
           && (!all_digits (person->class_code, 4) || atoi (person->class_code) / 100 != (int) person->grade))
    problem (ctx, "班级编号", _("“%s” should be the grade number %d followed by the two-digit class (e.g. %d01)"),
             person->class_code, person->grade, person->grade);

  if (is_blank (person->class_name))
    problem (ctx, "班级名称", _("empty"));

  if (is_blank (person->student_no))
    problem (ctx, "学籍号", _("empty"));
  else if (!student_no_ok (person->student_no))
    problem (ctx, "学籍号", _("“%s” should be the national student number (G…) or L followed by the 18-character ID number"),
             person->student_no);

  if (is_blank (person->ethnic_code))
    problem (ctx, "民族代码", _("empty"));
  else if (dabiao_nation_full_name (person->ethnic_code) == NULL)
    problem (ctx, "民族代码", _("“%s” is not a two-digit GB/T 3304 code (01–56, 97, 98)"),
             person->ethnic_code);

  if (is_blank (person->name))
    problem (ctx, "姓名", _("empty"));


  if (person->birth_year == 0)
    problem (ctx, "出生日期", _("empty"));
  else if (person->birth_year < 1900 || person->birth_year > 2100
           || !g_date_valid_dmy (person->birth_day, person->birth_month, person->birth_year))
    problem (ctx, "出生日期", _("%d/%d/%d is not a date"),
             person->birth_year, person->birth_month, person->birth_day);

  /* The platform checks 性别 and 出生日期 against the ID number (the 17th
   * digit: odd 男, even 女; digits 7–14: the birth date). */
  {
    const char *id = NULL;

    if (person->student_no != NULL && person->student_no[0] == 'L' && id_number_shape_ok (person->student_no + 1))
      id = person->student_no + 1;
    else if (person->id_number != NULL && id_number_shape_ok (person->id_number))
      id = person->id_number;

    if (id != NULL)
      {
        int id_sex = ((id[16] - '0') % 2 == 1) ? 1 : 2;
        int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
        int m = (id[10] - '0') * 10 + (id[11] - '0');
        int d = (id[12] - '0') * 10 + (id[13] - '0');

        if (dabiao_results_person_sex_code (person) != id_sex)
          problem (ctx, "性别", _("%d does not match the ID number %s (its 17th digit means %s)"),
                   dabiao_results_person_sex_code (person), id, id_sex == 1 ? "1" : "2");
        if (person->birth_year > 0 && (person->birth_year != y || person->birth_month != m || person->birth_day != d))
          problem (ctx, "出生日期", _("%d/%d/%d does not match the ID number %s (%d/%d/%d)"),
                   person->birth_year, person->birth_month, person->birth_day, id, y, m, d);
      }
  }

  for (i = 0; i < sheet->n_items; i++)
    {
      const UploadItem *item = &upload_items[sheet->item_index[i]];
      const DabiaoResultsItem *result;

      if (!(mask & (1u << sheet->item_index[i])))
        continue;
      result = slots[sheet->item_index[i]];
      if (result == NULL || !result->has_value)
        continue;

      if (dabiao_results_item_get_number (result) < item->min || dabiao_results_item_get_number (result) > item->max)
        {
          if (item->precision == PRECISION_MIN_SEC)
            problem (ctx, item->header, _("%g seconds is outside %g–%g seconds"),
                     dabiao_results_item_get_number (result), item->min, item->max);
          else
            problem (ctx, item->header, _("%g is outside %g–%g"),
                     dabiao_results_item_get_number (result), item->min, item->max);
        }
    }
}

/* A row with items that apply but are neither measured nor exempt is
 * written all the same; the export names it (and them) in a warning. */
static void
note_incomplete (RowContext                *ctx,
                 GPtrArray                 *incomplete,
                 const DabiaoResultsPerson *person,
                 const Sheet               *sheet,
                 const DabiaoResultsItem  **slots)
{
  guint32 mask = applies_mask (person->grade, dabiao_results_person_sex_code (person));
  const char *exempt = dabiao_special_to_string (DABIAO_SPECIAL_EXEMPT);
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < sheet->n_items; i++)
    {
      const UploadItem *item = &upload_items[sheet->item_index[i]];
      const DabiaoResultsItem *result = slots[sheet->item_index[i]];

      /* Eyesight is optional. */
      if (!(mask & (1u << sheet->item_index[i])) || item->precision == PRECISION_VISION)
        continue;
      if (result != NULL && (result->has_value || g_strcmp0 (result->special, exempt) == 0))
        continue;
      if (missing->len > 0)
        g_string_append (missing, "、");
      g_string_append (missing, item->header);
    }
  if (missing->len > 0)
    /* TRANSLATORS: sheet (学校代码), row number, the student's name, the items without a result */
    g_ptr_array_add (incomplete, g_strdup_printf (_("Sheet %s row %u (%s): no result for %s"),
                                                  ctx->sheet, ctx->row, ctx->who, missing->str));
}

gboolean
dabiao_upload_validate (GPtrArray                 *persons,
                        const DabiaoUploadOptions *options,
                        DabiaoUploadReport       **report_out,
                        GError                   **error)
{
  g_autoptr(DabiaoUploadReport) report = report_new ();
  g_autoptr(GPtrArray) sheets = build_sheets (persons, options, report);
  g_autoptr(GHashTable) cache = slot_cache_new ();
  const DabiaoResultsItem *slots[N_UPLOAD_ITEMS];
  g_autoptr(GHashTable) sheet_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean any_student = FALSE;
  guint i;

  for (i = 0; i < persons->len && !any_student; i++)
    any_student = ((DabiaoResultsPerson *) g_ptr_array_index (persons, i))->grade > 0;
  if (persons->len > 0 && !any_student)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("The upload file was not written: it is for students, and no participant has a 年级编号 (is this an adult event?)"));
      if (report_out != NULL)
        *report_out = g_steal_pointer (&report);
      return FALSE;
    }

  for (i = 0; i < sheets->len; i++)
    {
      Sheet *sheet = g_ptr_array_index (sheets, i);
      gboolean bad_sheet = FALSE;
      guint j;

      for (j = 0; j < sheet->persons->len; j++)
        {
          DabiaoResultsPerson *person = g_ptr_array_index (sheet->persons, j);
          RowContext ctx = {
            report->problems,
            is_blank (sheet->school_code) ? "?" : sheet->school_code,
            j + 2,
            is_blank (person->name) ? (person->student_no ? person->student_no : "") : person->name,
          };

          if (j == 0)
            {
              g_autofree char *why = dabiao_xlsx_sheet_name_problem (sheet->school_code);
              g_autofree char *normal = NULL;
              gpointer other = NULL;

              /* Checked as Excel does, before the first sheet is added:
               * libxlsxwriter refuses "AB" beside "ab", and the old
               * code then wrote through the sheet it did not get. */
              bad_sheet = TRUE;
              if (why != NULL)
                problem (&ctx, "学校代码", _("“%s” cannot name a sheet: %s"),
                         sheet->school_code ? sheet->school_code : "", why);
              else if ((normal = g_utf8_casefold (sheet->school_code, -1)) != NULL &&
                       g_hash_table_lookup_extended (sheet_names, normal, NULL, &other))
                problem (&ctx, "学校代码",
                         _("“%s” and “%s” cannot both name sheets: Excel does not tell capitals from small letters in sheet names"),
                         (const char *) other, sheet->school_code);
              else
                {
                  bad_sheet = FALSE;
                  g_hash_table_insert (sheet_names, g_steal_pointer (&normal), (gpointer) sheet->school_code);
                }
              if (sheet->persons->len + 1 > DABIAO_XLSX_MAX_ROWS)
                {
                  ctx.row = DABIAO_XLSX_MAX_ROWS + 1;
                  problem (&ctx, "学校代码", _("%u students, more than the %u rows a sheet holds"),
                           sheet->persons->len, DABIAO_XLSX_MAX_ROWS - 1);
                  ctx.row = j + 2;
                }
            }
          if (bad_sheet)
            continue;
          fill_slots (cache, person, slots);
          validate_person (&ctx, person, sheet, slots);
          note_incomplete (&ctx, report->incomplete, person, sheet, slots);
        }
      report->n_rows += sheet->persons->len;
    }
  report->n_sheets = sheets->len;

  if (report->problems->len > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      g_string_append_printf (message, _("The upload file was not written: %u problems found"),
                              report->problems->len);
      for (i = 0; i < report->problems->len && i < MAX_PROBLEMS_IN_MESSAGE; i++)
        g_string_append_printf (message, "\n  %s", (char *) g_ptr_array_index (report->problems, i));
      if (report->problems->len > MAX_PROBLEMS_IN_MESSAGE)
        g_string_append_printf (message, "\n  %s",
                                _("… and more, see the full list"));
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, message->str);
      report->n_rows = 0;
      report->n_sheets = 0;
      if (report_out != NULL)
        *report_out = g_steal_pointer (&report);
      return FALSE;
    }

  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);
  return TRUE;
}

static void
write_text (DabiaoXlsxCheck *check,
            lxw_worksheet   *ws,
            lxw_row_t        row,
            lxw_col_t        col,
            const char      *text,
            lxw_format      *format)
{
  if (text != NULL && text[0] != '\0')
    dabiao_xlsx_note (check, worksheet_write_string (ws, row, col, text, format), row, col);
  else
    dabiao_xlsx_note (check, worksheet_write_blank (ws, row, col, format), row, col);
}

/* Close the workbook when every call went through; else drop it, leaving
 * nothing at the target, and say which call failed. */
static gboolean
close_checked (DabiaoXlsxCheck  *check,
               lxw_workbook     *workbook,
               const char       *tmp_path,
               const char       *path,
               GError          **error)
{
  if (!dabiao_xlsx_check_end (check, error))
    {
      workbook_close (workbook);
      g_unlink (tmp_path);
      return FALSE;
    }
  return dabiao_output_close_workbook (workbook, tmp_path, path, error);
}

typedef struct
{
  lxw_format *header;
  lxw_format *text;
  lxw_format *integer;
  lxw_format *one;
  lxw_format *min_sec;
  lxw_format *date;
} Formats;

static lxw_format *
format_for (const Formats   *formats,
            const UploadItem *item)
{
  switch (item->precision)
    {
    case PRECISION_ONE:
    case PRECISION_VISION:
      return formats->one;
    case PRECISION_INTEGER:
      return formats->integer;
    case PRECISION_MIN_SEC:
      return formats->min_sec;
    default:
      g_assert_not_reached ();
      return NULL;
    }
}

static void
write_sheet (DabiaoXlsxCheck           *check,
             lxw_workbook              *workbook,
             const Formats             *formats,
             const Sheet               *sheet,
             const DabiaoUploadOptions *options,
             GHashTable                *cache)
{
  const DabiaoResultsItem *slots[N_UPLOAD_ITEMS];
  lxw_worksheet *ws = dabiao_xlsx_add_worksheet (check, workbook, sheet->school_code);
  const UploadItem *items[G_N_ELEMENTS (upload_items)];
  guint n_items = sheet->n_items;
  lxw_col_t col;
  guint i;

  if (ws == NULL)
    return;  /* noted: nothing is written through a sheet that is not there */

  for (i = 0; i < n_items; i++)
    items[i] = &upload_items[sheet->item_index[i]];

  /* Widths only: every cell carries its own format (a column format would
   * make libxlsxwriter look it up in a hash for every cell written). */
  dabiao_xlsx_note (check, worksheet_set_column (ws, 0, 1, 9, NULL), 0, 0);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 2, 2, 12, NULL), 0, 0);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 3, 3, 22, NULL), 0, 0);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 4, 5, 9, NULL), 0, 0);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 6, 6, 5, NULL), 0, 0);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 7, 7, 11, NULL), 0, 0);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 8, 8, 24, NULL), 0, 0);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 9, 9 + n_items - 1, 10, NULL), 0, 0);

  for (col = 0; col < G_N_ELEMENTS (fixed_columns); col++)
    dabiao_xlsx_note (check, worksheet_write_string (ws, 0, col, fixed_columns[col], formats->header), 0, col);
  for (i = 0; i < n_items; i++)
    dabiao_xlsx_note (check, worksheet_write_string (ws, 0, 9 + i, items[i]->header, formats->header), 0, 9 + i);

  for (i = 0; i < sheet->persons->len; i++)
    {
      const DabiaoResultsPerson *person = g_ptr_array_index (sheet->persons, i);
      lxw_row_t row = i + 1;
      lxw_datetime birth = { person->birth_year, person->birth_month, person->birth_day, 0, 0, 0 };
      guint32 mask = applies_mask (person->grade, dabiao_results_person_sex_code (person));
      guint k;

      fill_slots (cache, person, slots);
      dabiao_xlsx_note (check, worksheet_write_number (ws, row, 0, person->grade, NULL), row, 0);
      dabiao_xlsx_note (check, worksheet_write_number (ws, row, 1, g_ascii_strtod (person->class_code, NULL), NULL), row, 1);
      write_text (check, ws, row, 2, person->class_name, formats->text);
      write_text (check, ws, row, 3, person->student_no, formats->text);
      write_text (check, ws, row, 4, person->ethnic_code, formats->text);
      write_text (check, ws, row, 5, person->name, formats->text);
      dabiao_xlsx_note (check, worksheet_write_number (ws, row, 6, dabiao_results_person_sex_code (person), NULL), row, 6);
      dabiao_xlsx_note (check, worksheet_write_datetime (ws, row, 7, &birth, formats->date), row, 7);
      write_text (check, ws, row, 8, person->address, formats->text);

      for (k = 0; k < n_items; k++)
        {
          const DabiaoResultsItem *result;

          if (!(mask & (1u << sheet->item_index[k])))
            continue;
          result = slots[sheet->item_index[k]];
          if (result == NULL || !result->has_value)
            continue;
          dabiao_xlsx_note (check,
                            worksheet_write_number (ws, row, 9 + k,
                                                    cell_value (items[k], dabiao_results_item_get_number (result)),
                                                    format_for (formats, items[k])),
                            row, 9 + k);
        }
    }
}

static gboolean
write_xlsx (const char                *path,
            GPtrArray                 *sheets,
            const DabiaoUploadOptions *options,
            GError                   **error)
{
  g_autofree char *tmp_path = dabiao_output_temp_path (path);
  lxw_workbook_options wb_options = { .constant_memory = LXW_TRUE };
  g_autoptr(GHashTable) cache = NULL;
  DabiaoXlsxCheck check;
  lxw_workbook *workbook;
  Formats formats;
  guint i;

  dabiao_xlsx_check_init (&check, path);
  workbook = workbook_new_opt (tmp_path, &wb_options);
  if (workbook == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT, _("Cannot write “%s”"), base);
      return FALSE;
    }

  /* Identical formats must be one object: libxlsxwriter caches the index
   * only on the first of equal formats and hashes the others per cell. */
  formats.text = workbook_add_format (workbook);
  format_set_num_format (formats.text, "@");
  formats.header = formats.text;
  formats.integer = workbook_add_format (workbook);
  format_set_num_format (formats.integer, "0");
  formats.one = workbook_add_format (workbook);
  format_set_num_format (formats.one, "0.0");
  formats.min_sec = workbook_add_format (workbook);
  format_set_num_format (formats.min_sec, "0.00");
  formats.date = workbook_add_format (workbook);
  format_set_num_format (formats.date, "yyyy/m/d");

  cache = slot_cache_new ();
  for (i = 0; i < sheets->len; i++)
    write_sheet (&check, workbook, &formats, g_ptr_array_index (sheets, i), options, cache);

  return close_checked (&check, workbook, tmp_path, path, error);
}

static char *
find_libreoffice (void)
{
  const char *override = g_getenv ("DABIAO_LIBREOFFICE");
  char *program;

  if (override != NULL && override[0] != '\0')
    return g_find_program_in_path (override);

  program = g_find_program_in_path ("libreoffice");
  if (program == NULL)
    program = g_find_program_in_path ("soffice");
  return program;
}

/* Excel 97-2003 through LibreOffice: the xlsx is converted in a private
 * folder (with a private LibreOffice profile, so a running LibreOffice does
 * not capture the conversion) and the result renamed into place. */
static gboolean
write_xls (const char                *path,
           GPtrArray                 *sheets,
           const DabiaoUploadOptions *options,
           GError                   **error)
{
  g_autofree char *libreoffice = find_libreoffice ();
  g_autofree char *workdir = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *xls = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *profile_uri = NULL;
  g_autofree char *std_out = NULL;
  g_autofree char *std_err = NULL;
  g_autoptr(GError) local_error = NULL;
  int status = 0;
  gboolean ok;

  if (libreoffice == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                   _("Writing Excel 97-2003 (.xls) needs LibreOffice, which is not installed. "
                     "Install it with “sudo apt install libreoffice-calc”, or write .xlsx instead "
                     "(the platform accepts both)."));
      return FALSE;
    }

  workdir = g_dir_make_tmp ("dabiao-xls-XXXXXX", error);
  if (workdir == NULL)
    return FALSE;
  xlsx = g_build_filename (workdir, "upload.xlsx", NULL);
  xls = g_build_filename (workdir, "upload.xls", NULL);
  profile = g_build_filename (workdir, "profile", NULL);
  profile_uri = g_filename_to_uri (profile, NULL, NULL);

  ok = write_xlsx (xlsx, sheets, options, error);
  if (ok)
    {
      g_autofree char *env_arg = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
      const char *argv[] = {
        libreoffice, env_arg, "--headless", "--norestore", "--convert-to", "xls",
        "--outdir", workdir, xlsx, NULL
      };

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &std_out, &std_err, &status, &local_error)
          || !g_spawn_check_wait_status (status, &local_error)
          || !g_file_test (xls, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT,
                       _("LibreOffice could not convert the upload file to .xls: %s"),
                       local_error != NULL ? local_error->message : (std_err ? std_err : ""));
          ok = FALSE;
        }
    }

  if (ok)
    {
      g_autoptr(GFile) source = g_file_new_for_path (xls);
      g_autofree char *tmp_path = dabiao_output_temp_path (path);
      g_autoptr(GFile) target = g_file_new_for_path (tmp_path);

      /* Copy beside the target first: /tmp may be another file system. */
      ok = g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error)
           && dabiao_output_commit (tmp_path, path, error);
    }

  {
    g_autoptr(GFile) dir = g_file_new_for_path (workdir);
    g_autofree char *rm_out = NULL;
    const char *rm_argv[] = { "rm", "-rf", workdir, NULL };

    /* The LibreOffice profile is a tree of files; rm is simplest. */
    g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &rm_out, NULL, NULL, NULL);
  }

  return ok;
}

gboolean
dabiao_upload_write (const char                *path,
                     GPtrArray                 *persons,
                     const DabiaoUploadOptions *options,
                     DabiaoUploadReport       **report_out,
                     GError                   **error)
{
  g_autoptr(DabiaoUploadReport) report = NULL;
  g_autoptr(GPtrArray) sheets = NULL;
  gboolean ok;

  if (!dabiao_upload_validate (persons, options, &report, error))
    {
      if (report_out != NULL)
        *report_out = g_steal_pointer (&report);
      return FALSE;
    }

  if (report->n_rows == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("The upload file was not written: nobody to write (all participants are exempt or the roster is empty)"));
      if (report_out != NULL)
        *report_out = g_steal_pointer (&report);
      return FALSE;
    }

  if (!dabiao_output_check_target (path, error))
    return FALSE;

  {
    /* The sheets again (validation's were freed with it); cheap. */
    g_autoptr(DabiaoUploadReport) scratch = report_new ();

    sheets = build_sheets (persons, options, scratch);
  }

  if (g_str_has_suffix (path, ".xls") || g_str_has_suffix (path, ".XLS"))
    ok = write_xls (path, sheets, options, error);
  else
    ok = write_xlsx (path, sheets, options, error);

  if (ok && report_out != NULL)
    *report_out = g_steal_pointer (&report);
  return ok;
}

gboolean
dabiao_upload_write_exempt (const char  *path,
                            GPtrArray   *persons,
                            GError     **error)
{
  static const char * const headers[] = {
    "学校代码", "年级编号", "班级名称", "学籍号", "姓名", "性别", "免测项目", "免测原因", "上传文件",
  };
  const char *exempt = dabiao_special_to_string (DABIAO_SPECIAL_EXEMPT);
  g_autofree char *tmp_path = NULL;
  lxw_workbook *workbook;
  lxw_worksheet *ws;
  lxw_format *text;
  lxw_row_t row = 1;
  DabiaoXlsxCheck checked;
  DabiaoXlsxCheck *check = &checked;

  if (!dabiao_output_check_target (path, error))
    return FALSE;
  dabiao_xlsx_check_init (check, path);

  tmp_path = dabiao_output_temp_path (path);
  workbook = workbook_new (tmp_path);
  if (workbook == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_EXPORT, _("Cannot write “%s”"), base);
      return FALSE;
    }
  text = workbook_add_format (workbook);
  format_set_num_format (text, "@");
  ws = dabiao_xlsx_add_worksheet (check, workbook, "免测名单");
  if (ws == NULL)
    return close_checked (check, workbook, tmp_path, path, error);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 0, G_N_ELEMENTS (headers) - 1, 14, NULL), 0, 0);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 3, 3, 22, NULL), 0, 3);
  dabiao_xlsx_note (check, worksheet_set_column (ws, 8, 8, 30, NULL), 0, 8);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    dabiao_xlsx_note (check, worksheet_write_string (ws, 0, i, headers[i], NULL), 0, i);

  /* One row per exemption: the item and its reason. */
  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *person = g_ptr_array_index (persons, i);
      /* The list's words are data of the sheet, like its headers. */
      const char *where = person->exempt ? "未上传（全部项目免测）" : "已上传，该项留空";
      guint n = 0;

      for (guint j = 0; j <= person->results->len; j++)
        {
          const DabiaoResultsItem *r = j < person->results->len ? g_ptr_array_index (person->results, j) : NULL;

          if (r != NULL && (r->has_value || !r->applies || g_strcmp0 (r->special, exempt) != 0))
            continue;
          /* A person marked exempt without items: one row for all. */
          if (r == NULL && (n > 0 || !person->exempt))
            continue;
          write_text (check, ws, row, 0, person->school_code, text);
          dabiao_xlsx_note (check, worksheet_write_number (ws, row, 1, person->grade, NULL), row, 1);
          write_text (check, ws, row, 2, person->class_name, text);
          write_text (check, ws, row, 3, person->student_no, text);
          write_text (check, ws, row, 4, person->name, text);
          write_text (check, ws, row, 5, dabiao_sex_to_string (person->sex), text);
          write_text (check, ws, row, 6, r != NULL ? r->name : "全部项目", text);
          write_text (check, ws, row, 7, r != NULL ? (r->reason != NULL ? r->reason : "") : person->exempt_reason, text);
          write_text (check, ws, row, 8, where, text);
          row++;
          n++;
        }
    }

  return close_checked (check, workbook, tmp_path, path, error);
}

typedef struct
{
  char                *path;
  GPtrArray           *persons;
  DabiaoUploadOptions  options;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *wd = data;

  g_free (wd->path);
  g_ptr_array_unref (wd->persons);
  g_free (wd);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *wd = task_data;
  DabiaoUploadReport *report = NULL;
  GError *error = NULL;

  if (dabiao_upload_write (wd->path, wd->persons, &wd->options, &report, &error))
    g_task_return_pointer (task, report, (GDestroyNotify) dabiao_upload_report_free);
  else
    {
      dabiao_upload_report_free (report);
      g_task_return_error (task, error);
    }
}

void
dabiao_upload_write_async (const char                *path,
                           GPtrArray                 *persons,
                           const DabiaoUploadOptions *options,
                           GCancellable              *cancellable,
                           GAsyncReadyCallback        callback,
                           gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WriteData *wd = g_new0 (WriteData, 1);

  wd->path = g_strdup (path);
  wd->persons = g_ptr_array_ref (persons);
  if (options != NULL)
    wd->options = *options;
  g_task_set_source_tag (task, dabiao_upload_write_async);
  g_task_set_task_data (task, wd, write_data_free);
  g_task_run_in_thread (task, write_thread);
}

DabiaoUploadReport *
dabiao_upload_write_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
