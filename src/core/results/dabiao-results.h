/* dabiao-results.h: every person's results, computed in one place.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-event.h"
#include "dabiao-score.h"

G_BEGIN_DECLS

/* The results module: given persons and their best attempts (an event file,
 * or any other source) and a standard, it yields each person's item values,
 * scores, levels, totals, level and notes.  Everything that shows a result —
 * the station, the results page, the results sheet, the upload file, the
 * summary workbook, record cards, certificates, badges — reads these
 * structures; nothing else scores, rounds or names a level.
 *
 * The rules, each applied here once:
 * - One rounding: a value is rounded half up (away from zero) to its item's
 *   decimals where it enters (an instrument's 8.35 s for a 0.1 s item is 8.4),
 *   and that value is what is scored, shown, uploaded and averaged.
 * - One BMI: the standards engine's exact integer BMI from the rounded 身高
 *   and 体重, rounded half up to 0.1 (23.4 kg at 120.0 cm is 16.3).
 * - One total: 标准分 and 学年总分 in tenths as the engine rounds them, printed
 *   with dabiao_results_format_tenths().
 * - One level naming: an item scored by named bands (BMI, 身高标准体重) has
 *   its band's name (正常, 低体重, 超重, 肥胖 — the standard's own words);
 *   other items the standard's item level of their score (优秀 … 不及格);
 *   the total the standard's level of the total (优秀 … 不及格).
 *
 * Threads: a DabiaoResults is immutable after creation; share it freely.
 * Loading from an event reads the file: call it where the event may be
 * used (a worker, the CLI). */

/* One item of one person. */
typedef struct
{
  const DabiaoItem *item;        /* the standard's item; NULL when the standard does not know it */
  char             *name;        /* as the standard and the platform write it: 50米跑 */
  char             *code;        /* national item number ("05"), or NULL */
  gboolean          derived;     /* computed (体重指数), never measured: never missing */
  gboolean          applies;     /* scored for the person's group and sex (or measured for all: 身高) */
  gboolean          has_value;
  gint64            value;       /* fixed point (DABIAO_VALUE_SCALE), at the item's precision */
  char             *display;     /* the value for people (8.3, 3'45", 16.3); NULL without a value */
  char             *special;     /* 缺测, 免测, 犯规 … when there is no value, or NULL */
  char             *reason;      /* why (免测's reason), or NULL */
  gboolean          has_score;
  int               score;       /* 0–100 (weighted) or points */
  int               bonus;       /* 附加分 this item earned */
  gboolean          low_confidence;
  const char       *level;       /* see above; NULL when the item has none */
} DabiaoResultsItem;

/* One person: who (from the roster) and the results. */
typedef struct
{
  char      *id;             /* the roster's id: 学籍号 (students) or 编号 */
  char      *school_code;    /* 学校代码: the upload file's sheet name */
  char      *school_name;
  guint      grade;          /* 年级编号 (11…44), 0 when not a student */
  char      *class_code;     /* 班级编号: grade + two-digit class (1101) */
  char      *class_name;
  char      *student_no;     /* 学籍号 as printed (G…, or L + 身份证号) */
  char      *id_number;      /* 身份证号, or NULL */
  char      *ethnic_code;    /* two-digit GB/T 3304 code (01 汉族) */
  char      *ethnic_name;
  char      *name;
  DabiaoSex  sex;
  int        birth_year;     /* 0 when unknown */
  int        birth_month;
  int        birth_day;
  char      *address;
  char      *group;          /* the group scored in (初中一年级, 20～24岁组); NULL: from the grade */
  int        group_order;    /* sorts the groups: age in months + 1, or 0: by grade */
  gboolean   exempt;         /* 免测 from every item that applies: nothing to upload */
  char      *exempt_reason;
  GPtrArray *results;        /* DabiaoResultsItem*, owned: the event's items, then derived ones, in the standard's order */
  gboolean   has_total;      /* every scored item has a score */
  int        total_tenths;   /* 学年总分 (weighted) or 总分 (points) × 10 */
  gboolean   has_standard_score;
  int        standard_tenths; /* 标准分 × 10 */
  int        bonus;          /* 附加分 */
  const char *level;         /* the level of the total (优秀, 一级（优秀）…), NULL when not assessed */
  char      *notes;          /* 备注: what is missing or could not be scored (translated); never NULL */
  char      *problem;        /* why nothing could be scored (no group for the grade or age), or NULL */
  DabiaoStandard *standard;  /* a reference, set by scoring: keeps the items and level names alive */
} DabiaoResultsPerson;

DabiaoResultsPerson *dabiao_results_person_new         (void);
void                 dabiao_results_person_free        (DabiaoResultsPerson *person);
/* Adds an item (owned by @person) and returns it for filling in. */
DabiaoResultsItem   *dabiao_results_person_add_item    (DabiaoResultsPerson *person,
                                                        const char          *name,
                                                        const char          *code);
/* The item whose code is @code or, when @code is NULL or not found, whose
 * name matches @name (spaces ignored; x, X, * and × alike; 1分钟 = 一分钟). */
DabiaoResultsItem   *dabiao_results_person_find_item   (const DabiaoResultsPerson *person,
                                                        const char                *name,
                                                        const char                *code);
/* Whether the item whose program code is @item_code ("height") is for
 * @person: scored in their group and sex, measured for everyone, measured
 * anyway, or read by a derived item that is theirs (身高 and 体重 for
 * 身高标准体重).  TRUE when the person has no group (nothing to judge by). */
gboolean             dabiao_results_person_takes_item  (const DabiaoResultsPerson *person,
                                                        const char                *item_code,
                                                        const char                *item_name);
/* A 年级编号's name (11 一年级 … 21 初一 … 44 大四), "" for no grade. */
const char          *dabiao_results_grade_name         (guint grade);
/* The summary group of @person: its group, else the grade's name (一年级…大四),
 * else 其他. */
const char          *dabiao_results_person_get_group   (const DabiaoResultsPerson *person);
char                *dabiao_results_person_dup_group   (const DabiaoResultsPerson *person);
/* The group a badge or the roster shows: the group; for a standard grouped
 * by age, when the person is in no age group the event tests (71 at a 成年
 * day, no birth date), that no certificate follows, not 其他 (findings-15c
 * #12). */
const char          *dabiao_results_person_get_group_shown (const DabiaoResultsPerson *person);
/* Birth date as yyyy/m/d, or "" when unknown. */
char                *dabiao_results_person_dup_birth   (const DabiaoResultsPerson *person);
/* Orders persons by 学校代码, 年级编号, 班级编号 (a GCompareFunc on
 * DabiaoResultsPerson**: the upload file's rows, the summary's classes). */
int                  dabiao_results_person_compare_class (gconstpointer a,
                                                          gconstpointer b);
/* The national 性别 code: 1 男, 2 女. */
int                  dabiao_results_person_sex_code    (const DabiaoResultsPerson *person);
/* The value of @item as a number in the item's unit (every time in seconds). */
double               dabiao_results_item_get_number    (const DabiaoResultsItem   *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoResultsPerson, dabiao_results_person_free)

/* Item names compare equal under the rules of find_item. */
gboolean             dabiao_results_item_name_equal    (const char *a,
                                                        const char *b);
/* Tenths as people read them: 855 → "85.5", 900 → "90.0". */
char                *dabiao_results_format_tenths      (int         tenths);

/* ---- Scoring ------------------------------------------------------------ */

typedef struct _DabiaoResults DabiaoResults;

/* Scores under @standard; ages are counted to @test_date (YYYY-MM-DD,
 * nullable) for standards grouped by age. */
DabiaoResults      *dabiao_results_new              (DabiaoStandard *standard,
                                                     const char     *test_date);
DabiaoResults      *dabiao_results_ref              (DabiaoResults  *self);
void                dabiao_results_unref            (DabiaoResults  *self);
DabiaoStandard     *dabiao_results_get_standard     (DabiaoResults  *self);
gboolean            dabiao_results_is_by_age        (DabiaoResults  *self);
/* The age parts the event tests (dabiao_event_get_parts(); NULL: all): a
 * person whose group is in another part is not scored (problem says why).
 * Before the first person is scored. */
void                dabiao_results_set_parts        (DabiaoResults       *self,
                                                     const char * const  *parts);
const char * const *dabiao_results_get_parts        (DabiaoResults  *self);
/* Per item of the standard (its index): whether some group of the event's
 * parts scores it, for either sex (an adults' day: no 10米折返跑, no 身高
 * score).  Free with g_free(). */
gboolean           *dabiao_results_scored_items     (DabiaoResults  *self);
gboolean            dabiao_results_is_weighted      (DabiaoResults  *self);
/* The standard's levels of the total (优秀 … 不及格), best first. */
const char * const *dabiao_results_get_total_level_names (DabiaoResults *self);
/* The level names of @item, best first: its bands' names (BMI: 正常,
 * 低体重, 超重, 肥胖) or the standard's item levels (优秀 … 不及格); an empty
 * array when the item has none (natfit-2003's items).  Owned by @self. */
const char * const *dabiao_results_get_level_names  (DabiaoResults    *self,
                                                     const DabiaoItem *item);
/* Whether @level counts as passed: every level of the total or of an item above the
 * standard's lowest one (及格 and better; 三级（合格） and better).  Band
 * names (BMI) are not pass/fail: FALSE. */
gboolean            dabiao_results_level_passes     (DabiaoResults    *self,
                                                     const char       *level);

/* Who a person is, for scoring from any source. */
typedef struct
{
  const char *id;            /* for messages */
  guint       grade;         /* 年级编号 (grade-banded standards) */
  DabiaoSex   sex;
  const char *birth_date;    /* YYYY-MM-DD or "" (age-banded standards) */
} DabiaoResultsWho;

/* Scores @person: @person->results hold the values (items matched to the
 * standard by code or name; values already at their precision).  Sets each
 * item's score, level and flags, adds the derived items (体重指数) with
 * their values, and the totals, level and notes; finds the group from
 * @who.  Returns FALSE (notes saying why) when @who cannot be placed in a
 * group of the standard (no birth date, a grade the standard lacks). */
gboolean            dabiao_results_score_person     (DabiaoResults        *self,
                                                     const DabiaoResultsWho *who,
                                                     DabiaoResultsPerson  *person);

/* ---- From an event -------------------------------------------------------- */

typedef struct
{
  /* 学校代码 for participants whose roster has no 单位 (organization);
   * NULL: the organization, else "". */
  const char *school_code;
  /* 学校 printed on cards and certificates; NULL: the name of the
   * participant's school (dabiao_event_details_school_name() of its 单位,
   * from the event's school list), else the event's organiser. */
  const char *school_name;
  /* dabiao_results_load_event(): a whole event may take a while (100,000
   * students): stopped by @cancellable (G_IO_ERROR_CANCELLED), @progress
   * told every 256 participants how many of @total are done. */
  GCancellable *cancellable;
  void        (*progress) (guint    done,
                           guint    total,
                           gpointer data);
  gpointer      progress_data;
} DabiaoResultsOptions;

/* A DabiaoResults for @event's standard, date and school list (read now).
 * Fails when the standard cannot be loaded. */
DabiaoResults       *dabiao_results_new_for_event   (DabiaoEvent                *event,
                                                     GError                    **error);
/* One person from the roster row @participant and its best attempts
 * @attempts (element type DabiaoBestAttempt, in @event's item order, as
 * dabiao_event_foreach_result() gives them). */
DabiaoResultsPerson *dabiao_results_person_from_event (DabiaoResults              *self,
                                                       DabiaoEvent                *event,
                                                       DabiaoParticipant          *participant,
                                                       GPtrArray                  *attempts,
                                                       const DabiaoResultsOptions *options);
/* Every participant of @event, in the roster's id order (element type
 * DabiaoResultsPerson). */
GPtrArray           *dabiao_results_load_event        (DabiaoEvent                *event,
                                                       const DabiaoResultsOptions *options,
                                                       GError                    **error);
/* One participant of @event (the badge of a walk-in, the exit desk);
 * NULL with DABIAO_ERROR_NOT_FOUND when @id is nobody's. */
DabiaoResultsPerson *dabiao_results_load_person       (DabiaoEvent                *event,
                                                       const char                 *id,
                                                       const DabiaoResultsOptions *options,
                                                       GError                    **error);
/* The same on @event's worker thread. */
void                 dabiao_results_load_event_async  (DabiaoEvent                *event,
                                                       const DabiaoResultsOptions *options,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
GPtrArray           *dabiao_results_load_event_finish (GAsyncResult               *result,
                                                       GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoResults, dabiao_results_unref)

G_END_DECLS
