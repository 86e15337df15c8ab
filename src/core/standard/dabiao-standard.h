/* dabiao-standard.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A scoring standard (国家学生体质健康标准 2014, 国民体质测定标准 2003, an
 * organiser's own table …) loaded from its data files.  The file format is
 * described in data/standards/README.md.
 *
 * A DabiaoStandard is immutable once loaded and reference counted: share it
 * between threads freely.  Everything below except loading is a pure
 * function: no I/O, no global state.
 *
 * Values are fixed-point integers: DABIAO_VALUE_SCALE units per item unit
 * (a 50米跑 of 8.3 s is 8300, a 肺活量 of 2500 ml is 2500000, a 1000米跑 of
 * 3'45" is 225000).  Comparisons against thresholds are therefore exact; no
 * binary floating point is involved in scoring. */

#define DABIAO_VALUE_SCALE 1000

typedef struct _DabiaoStandard DabiaoStandard;

typedef enum
{
  DABIAO_SEX_MALE,
  DABIAO_SEX_FEMALE,
} DabiaoSex;

#define DABIAO_N_SEXES 2

typedef enum
{
  /* Item scores 0–100 × weight (%) summed (标准分), plus bonus points
   * (附加分) → 学年总分.  student-2014; the 2023 adult revision. */
  DABIAO_SHAPE_WEIGHTED,
  /* Item points (e.g. 1–5) summed → 总分.  natfit-2003. */
  DABIAO_SHAPE_POINTS,
} DabiaoShape;

typedef enum
{
  DABIAO_GROUP_BY_GRADE,  /* groups are codes (年级编号) */
  DABIAO_GROUP_BY_AGE,    /* groups are age bands */
} DabiaoGroupBy;

typedef enum
{
  DABIAO_BETTER_NONE,    /* measured, not scored itself (身高, 体重) */
  DABIAO_BETTER_HIGHER,
  DABIAO_BETTER_LOWER,
  DABIAO_BETTER_BAND,    /* scored by ranges, no direction (BMI) */
} DabiaoBetter;

typedef enum
{
  DABIAO_VALUE_FORMAT_NUMBER,   /* decimal number */
  DABIAO_VALUE_FORMAT_MIN_SEC,  /* seconds, written 分.秒: 3.45 = 3'45" */
} DabiaoValueFormat;

typedef enum
{
  DABIAO_FORMULA_NONE,              /* typed or measured */
  DABIAO_FORMULA_BMI,               /* from items "weight" (kg) and "height" (cm), rounded half up to 0.1 */
  DABIAO_FORMULA_WEIGHT_FOR_HEIGHT, /* value = "weight", table row chosen by "height" (身高标准体重) */
  DABIAO_FORMULA_STEP_INDEX,        /* 台阶指数 = "step_time" (s) × 100 / (2 × ("pulse1" + "pulse2" + "pulse3")),
                                     * rounded half up to 0.1 */
} DabiaoFormula;

/* One item of a standard.  Read-only; owned by the standard. */
typedef struct
{
  guint              index;         /* position in the standard's item list */
  const char        *code;          /* "vital_capacity": the id used everywhere in the program */
  const char        *number;        /* national item number "04", or "" */
  const char        *name;          /* 肺活量 */
  const char        *header;        /* the spreadsheet column header: 肺活量 */
  const char        *score_header;  /* 肺活量得分 */
  const char        *unit;          /* cm kg ml s count kg/m2 m index */
  DabiaoBetter       better;
  guint              decimals;      /* precision of values and thresholds */
  DabiaoValueFormat  format;
  DabiaoFormula      formula;
  gboolean           output_value;  /* the value gets its own output column (体重指数) */
  gboolean           output_score;  /* the score gets an output column (…得分) */
} DabiaoItem;

/* A group: a 年级编号 or an age band (sexes are separate).  Read-only. */
typedef struct
{
  const char *code;       /* "21", "20-24", "3.5" */
  const char *label;      /* 初中一年级 */
  const char *part;       /* 初中, 成年, 幼儿: level bands may differ per part */
  int         age_min;    /* age bands: months, inclusive; -1 when not by age */
  int         age_max;    /* months, exclusive */
} DabiaoGroup;

/* ---- Loading ----------------------------------------------------------- */

/* Loads a standard by id: a user-installed one under
 * $XDG_DATA_HOME/dabiao/standards/<id>/ first, then the shipped ones (in the
 * program's resources).  Fails with DABIAO_ERROR_NOT_FOUND for an unknown
 * id and DABIAO_ERROR_STANDARD if the files do not validate.
 * Shipped standards are cached: loading one again is cheap. */
DabiaoStandard     *dabiao_standard_load              (const char           *id,
                                                       GError              **error);
/* The same in a worker thread (user standards are read from disk). */
void                dabiao_standard_load_async        (const char           *id,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
DabiaoStandard     *dabiao_standard_load_finish       (GAsyncResult         *result,
                                                       GError              **error);
/* Loads the standard in a directory (holding standard.ini and its CSVs). */
DabiaoStandard     *dabiao_standard_load_from_dir     (const char           *path,
                                                       GError              **error);

/* Ids of every loadable standard, shipped and user-installed, sorted,
 * without duplicates.  Free with g_strfreev(). */
char              **dabiao_standard_list_ids          (void);
/* The directory user standards are installed in. */
char               *dabiao_standard_get_user_dir      (void);

/* Validates the standard in @path (a directory, or its standard.ini) and
 * returns every problem found, one message per line, each naming the file,
 * its row (header = row 1) and column where one is at fault.  An empty array
 * means the standard is valid.  Returns NULL only when @path cannot be read
 * at all (error set).  The same checks run inside every load. */
GPtrArray          *dabiao_standard_check_dir         (const char           *path,
                                                       GError              **error);
/* The same for an id (shipped or user-installed). */
GPtrArray          *dabiao_standard_check_id          (const char           *id,
                                                       GError              **error);

DabiaoStandard     *dabiao_standard_ref               (DabiaoStandard       *self);
void                dabiao_standard_unref             (DabiaoStandard       *self);

/* ---- Metadata ----------------------------------------------------------- */

const char         *dabiao_standard_get_id            (DabiaoStandard       *self);
const char         *dabiao_standard_get_name          (DabiaoStandard       *self);
const char         *dabiao_standard_get_issuing_body  (DabiaoStandard       *self);
int                 dabiao_standard_get_year          (DabiaoStandard       *self);
const char         *dabiao_standard_get_source_document (DabiaoStandard     *self);
/* Free text about the standard (may be ""). */
const char         *dabiao_standard_get_notes         (DabiaoStandard       *self);
gboolean            dabiao_standard_get_supplied_by_user (DabiaoStandard    *self);
DabiaoShape         dabiao_standard_get_shape         (DabiaoStandard       *self);
DabiaoGroupBy       dabiao_standard_get_group_by      (DabiaoStandard       *self);
/* Column headers of the group key and sex in input files (年级编号, 性别). */
const char         *dabiao_standard_get_group_column  (DabiaoStandard       *self);
const char         *dabiao_standard_get_sex_column    (DabiaoStandard       *self);
/* Source ids ("S1") and what they are.  NULL-terminated, owned by the standard. */
const char * const *dabiao_standard_get_source_ids    (DabiaoStandard       *self);
const char         *dabiao_standard_get_source        (DabiaoStandard       *self,
                                                       const char           *source_id);

/* ---- Items and groups ---------------------------------------------------- */

guint               dabiao_standard_get_n_items       (DabiaoStandard       *self);
const DabiaoItem   *dabiao_standard_get_item          (DabiaoStandard       *self,
                                                       guint                 index);
/* The item a person means: its code ("run_1000m"), Chinese name (1000米跑),
 * column header, or national item number ("11", "011"); spaces and full-width
 * characters are ignored.  NULL if none. */
const DabiaoItem   *dabiao_standard_lookup_item       (DabiaoStandard       *self,
                                                       const char           *text);

guint               dabiao_standard_get_n_groups      (DabiaoStandard       *self);
const DabiaoGroup  *dabiao_standard_get_group         (DabiaoStandard       *self,
                                                       guint                 index);
/* The group for a code as written ("21", full-width digits and spaces
 * tolerated).  Alias codes resolve to the group whose tables they use
 * (student-2014: 24 → 23, 34 → 33).  NULL with an error naming the code. */
const DabiaoGroup  *dabiao_standard_find_group        (DabiaoStandard       *self,
                                                       const char           *code,
                                                       GError              **error);
/* Age-band standards: the group for an age in whole months.  NULL with an
 * error when no band holds the age. */
const DabiaoGroup  *dabiao_standard_find_group_for_age (DabiaoStandard      *self,
                                                        int                  age_months,
                                                        GError             **error);

/* The items scored for @group and @sex (which have a table there), in the
 * standard's order.  Free the container with g_ptr_array_unref(). */
GPtrArray          *dabiao_standard_list_items_for    (DabiaoStandard       *self,
                                                       const DabiaoGroup    *group,
                                                       DabiaoSex             sex);
/* The measured items a formula reads (体重指数: "height", "weight"; 台阶指数:
 * "step_time", "pulse1" …); NULL-terminated, empty for DABIAO_FORMULA_NONE. */
const char * const *dabiao_formula_inputs             (DabiaoFormula         formula);
/* The groups' parts (幼儿, 成年甲组 …; 小学, 初中 … by grade), each once, in
 * the groups' order.  Free with g_strfreev(). */
char              **dabiao_standard_list_parts        (DabiaoStandard       *self);
/* Whether @item is tested for someone in @parts (NULL: any part): scored
 * for a group of those parts (either sex), or read by an item that is
 * (身高 for 体重指数, the pulses for 台阶指数). */
gboolean            dabiao_standard_item_in_parts     (DabiaoStandard       *self,
                                                       const DabiaoItem     *item,
                                                       const char * const   *parts);
/* Where an item's table for @group/@sex comes from: the lowest confidence of
 * its rows and the source ids (space separated).  FALSE if there is no table. */
gboolean            dabiao_standard_get_table_info    (DabiaoStandard       *self,
                                                       const DabiaoGroup    *group,
                                                       DabiaoSex             sex,
                                                       const DabiaoItem     *item,
                                                       const char          **confidence,
                                                       const char          **sources);
/* The weight (%) of an item in 标准分 (weighted standards), or 0. */
guint               dabiao_standard_get_weight        (DabiaoStandard       *self,
                                                       const DabiaoGroup    *group,
                                                       DabiaoSex             sex,
                                                       const DabiaoItem     *item);

/* The level of an item score in @group's part, from item_levels.csv
 * (student-2014: 优秀 ≥ 90, 良好 ≥ 80, 及格 ≥ 60, else 不及格); NULL when the
 * standard gives no item score a level (natfit-2003). */
const char         *dabiao_standard_item_level        (DabiaoStandard       *self,
                                                       const DabiaoGroup    *group,
                                                       int                   score);
/* The names of the standard's levels of the total (grades.csv) and of its
 * item levels (item_levels.csv; may be empty), best first, each once over
 * all parts; NULL-terminated, owned by the standard. */
const char * const *dabiao_standard_get_total_level_names   (DabiaoStandard       *self);
const char * const *dabiao_standard_get_item_level_names (DabiaoStandard    *self);

/* Confidence labels, best first: high, medium-high, medium, medium-low,
 * low-medium, low, unverified.  Returns the rank (0 = high) or -1. */
int                 dabiao_confidence_rank            (const char           *confidence);
/* TRUE below "medium": such scores are flagged wherever they are shown. */
gboolean            dabiao_confidence_is_low          (const char           *confidence);
/* A confidence as people read it (translated: 中低, 未核实 …), not its code. */
const char         *dabiao_confidence_label           (const char           *confidence);

/* ---- Values as people write them ------------------------------------------ */

/* 性别: 1/2, 男/女, male/female, M/F (full-width tolerated). */
gboolean            dabiao_sex_parse                  (const char           *text,
                                                       DabiaoSex            *sex,
                                                       GError              **error);
const char         *dabiao_sex_to_string              (DabiaoSex             sex);  /* 男 / 女 */

/* Reads a value of @item as typed, with the one value reader
 * (dabiao-value-reader.h: every written form of times and numbers, units,
 * full-width digits): the result is in item units × DABIAO_VALUE_SCALE.
 * Fails with DABIAO_ERROR_INVALID_INPUT and the reason for what is not a
 * value (not a number, seconds over 59, a time ≤ 0, a negative count …); a
 * value outside the plausible range is returned (see
 * dabiao_value_read_checked() to refuse it). */
gboolean            dabiao_item_parse_value           (const DabiaoItem     *item,
                                                       const char           *text,
                                                       gint64               *value,
                                                       GError              **error);
/* A value for people: "8.3", "2500", "3'45\"" (MIN_SEC), rounded half up to
 * the item's decimals.  Free with g_free(). */
char               *dabiao_item_format_value          (const DabiaoItem     *item,
                                                       gint64                value);
/* A plain decimal number ("8.3", "-2.5", "0.05") to a fixed-point value. */
gboolean            dabiao_value_parse_decimal        (const char           *text,
                                                       gint64               *value);
/* Rounds a fixed-point value half up (away from zero) to @decimals. */
gint64              dabiao_value_round                (gint64                value,
                                                       guint                 decimals);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoStandard, dabiao_standard_unref)

G_END_DECLS
