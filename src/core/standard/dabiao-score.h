/* dabiao-score.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-standard.h"

G_BEGIN_DECLS

/* The scoring engine: one generic scorer driven by a standard's data.  Pure
 * functions: no I/O, safe from any thread.
 *
 * Rules (the standard's data decides the numbers):
 * - threshold tables: the highest score whose threshold the value meets
 *   (value >= threshold for higher-better, <= for lower-better); 0 below the
 *   lowest level.  Missing rows stay missing (引体向上's official blanks).
 * - band tables: the score of the band holding the value (min ≤ v ≤ max;
 *   an open end has no bound).  BMI = kg / m² rounded half up to 0.1 first.
 *   2-D bands (身高标准体重) pick the rows whose height range holds the height.
 * - weighted standards: 标准分 = Σ score × weight / 100; 附加分 from the bonus
 *   tables (excess over the 100-point threshold; each item capped by its
 *   table, the sum by the standard's bonus-cap); 学年总分 = 标准分 + 附加分.
 *   Totals are kept exactly in hundredths and rounded half up to one decimal;
 *   等级 is read from the rounded 学年总分 (so 89.95 shows as 90.0 and is 优秀,
 *   as a person reading the sheet expects).
 * - points standards: 总分 = Σ points; 等级 from the part's bands.
 * - a missing or invalid value of a scored item: the other items are still
 *   scored; totals and 等级 are not given; notes say why. */

typedef enum
{
  DABIAO_ITEM_SCORED,        /* score (and bonus) are set */
  DABIAO_ITEM_MISSING,       /* no value */
  DABIAO_ITEM_INVALID,       /* a value that could not be read */
  DABIAO_ITEM_OUT_OF_TABLE,  /* no row of the table applies (e.g. a height outside 身高标准体重) */
} DabiaoItemStatus;

/* One input value: present or not, and in fixed point (see dabiao-standard.h). */
typedef struct
{
  gboolean present;
  gint64   value;
} DabiaoValue;

typedef struct
{
  const DabiaoItem *item;
  DabiaoItemStatus  status;
  /* The value scored, fixed point; for BMI the computed, rounded BMI. */
  gboolean          has_value;
  gint64            value;
  int               score;        /* 0–100 (weighted) or points */
  int               bonus;        /* 附加分 earned by this item (after its own cap) */
  guint             weight;       /* % in 标准分 (weighted standards) */
  /* Confidence of the table row used (or of the table); flagged when low. */
  const char       *confidence;
  gboolean          low_confidence;
  /* Why the item has no score (translated), NULL when scored. */
  char             *problem;
  /* The name of the band met (bands.csv `label`: BMI's 正常, 低体重, 超重,
   * 肥胖), NULL for threshold tables and unnamed bands.  Owned by the
   * standard. */
  const char       *label;
} DabiaoItemScore;

typedef struct _DabiaoPersonScore
{
  DabiaoStandard    *standard;    /* a reference */
  const DabiaoGroup *group;
  DabiaoSex          sex;
  /* The items scored for the group and sex, in the standard's order. */
  guint              n_items;
  DabiaoItemScore   *items;
  /* TRUE when every scored item has a score: the totals below are set. */
  gboolean           complete;
  /* Weighted: Σ score × weight, i.e. 标准分 × 100, exact. */
  gint64             weighted_x100;
  int                standard_tenths;  /* 标准分 × 10, rounded half up */
  int                bonus;            /* 附加分, after all caps */
  /* 学年总分 × 10 (weighted, rounded half up) or 总分 × 10 (points). */
  int                total_tenths;
  /* 等级 (优秀, 一级（优秀）…), NULL when not complete. */
  const char        *level;
  /* 备注: every missing/invalid value and low-confidence table, "；"-joined
   * (translated); "" when there is nothing to say.  Never NULL. */
  char              *notes;
} DabiaoPersonScore;

/* Scores one item.  @value is the item's own value (for BMI pass the BMI in
 * fixed point; it is rounded half up to 0.1 here).  @by: the height for
 * WEIGHT_FOR_HEIGHT items, else ignored.  Returns FALSE with
 * DABIAO_ERROR_NOT_FOUND when the item has no table for the group and sex,
 * or DABIAO_ERROR_INVALID_INPUT when no table row applies. */
gboolean           dabiao_standard_score_item     (DabiaoStandard       *self,
                                                   const DabiaoGroup    *group,
                                                   DabiaoSex             sex,
                                                   const DabiaoItem     *item,
                                                   gint64                value,
                                                   gint64                by,
                                                   int                  *score,
                                                   int                  *bonus,
                                                   GError              **error);

/* Scores a whole person.  @values is indexed by item index (see
 * dabiao_standard_get_n_items()), with measured items (身高, 体重) too;
 * derived items (BMI) are computed when not present.  Never fails. */
DabiaoPersonScore *dabiao_standard_score_values   (DabiaoStandard       *self,
                                                   const DabiaoGroup    *group,
                                                   DabiaoSex             sex,
                                                   const DabiaoValue    *values);
/* The same from the texts people typed (indexed by item index; NULL or ""
 * = missing): each is parsed with dabiao_item_parse_value(), and a value
 * that cannot be read is reported in the notes, naming the item. */
DabiaoPersonScore *dabiao_standard_score_texts    (DabiaoStandard       *self,
                                                   const DabiaoGroup    *group,
                                                   DabiaoSex             sex,
                                                   const char * const   *texts);
/* Convenience: texts keyed by anything dabiao_standard_lookup_item()
 * accepts (code, Chinese name, national number).  Unknown keys are ignored. */
DabiaoPersonScore *dabiao_standard_score_table    (DabiaoStandard       *self,
                                                   const DabiaoGroup    *group,
                                                   DabiaoSex             sex,
                                                   GHashTable           *texts);

/* The names of @item's bands (bands.csv `label`) over every group and sex,
 * each once, best score first and, between equal scores, from the lowest
 * range up (student-2014 BMI: 正常, 低体重, 超重, 肥胖).  An empty array when
 * the item has no named bands.  Free the container with g_ptr_array_unref();
 * the strings belong to the standard. */
GPtrArray         *dabiao_standard_list_band_labels (DabiaoStandard   *self,
                                                     const DabiaoItem *item);

/* The item score of @item in @result, or NULL if the item is not scored
 * for the person's group and sex. */
const DabiaoItemScore *dabiao_person_score_get_item (const DabiaoPersonScore *result,
                                                     const DabiaoItem        *item);

void               dabiao_person_score_free       (DabiaoPersonScore    *result);
/* Appends @note (NULL or "": nothing) to the 备注 @notes, "；" between. */
void               dabiao_notes_add               (GString              *notes,
                                                   const char           *note);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoPersonScore, dabiao_person_score_free)

G_END_DECLS
