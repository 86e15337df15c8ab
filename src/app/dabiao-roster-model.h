/* dabiao-roster-model.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How far a participant has come: a filter of the roster page. */
typedef enum
{
  DABIAO_ROSTER_STATUS_ANY,
  DABIAO_ROSTER_STATUS_COMPLETE,  /* every item of the event measured */
  DABIAO_ROSTER_STATUS_MISSING,   /* one or more items still to measure */
  DABIAO_ROSTER_STATUS_EXEMPT,    /* 免测 */
  DABIAO_ROSTER_STATUS_UNTESTED,  /* nothing measured yet (未测); also "missing" */
} DabiaoRosterStatus;

#define DABIAO_TYPE_ROSTER_ITEM (dabiao_roster_item_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoRosterItem, dabiao_roster_item, DABIAO, ROSTER_ITEM, GObject)

DabiaoRosterItem   *dabiao_roster_item_new            (const char         *id,
                                                       const char         *name,
                                                       int                 sex,
                                                       int                 grade,
                                                       const char         *class_name);
const char         *dabiao_roster_item_get_id         (DabiaoRosterItem   *self);
const char         *dabiao_roster_item_get_name       (DabiaoRosterItem   *self);
int                 dabiao_roster_item_get_sex        (DabiaoRosterItem   *self);
int                 dabiao_roster_item_get_grade      (DabiaoRosterItem   *self);
const char         *dabiao_roster_item_get_class_name (DabiaoRosterItem   *self);
const char         *dabiao_roster_item_get_initials   (DabiaoRosterItem   *self);
DabiaoRosterStatus  dabiao_roster_item_get_status     (DabiaoRosterItem   *self);
void                dabiao_roster_item_set_group      (DabiaoRosterItem   *self,
                                                       const char         *group,
                                                       int                 order);
const char         *dabiao_roster_item_get_group      (DabiaoRosterItem   *self);
void                dabiao_roster_item_set_group_note (DabiaoRosterItem   *self,
                                                       const char         *note);
const char         *dabiao_roster_item_get_group_note (DabiaoRosterItem   *self);
void                dabiao_roster_item_set_status     (DabiaoRosterItem   *self,
                                                       DabiaoRosterStatus  status);
const char         *dabiao_roster_item_get_uuid       (DabiaoRosterItem   *self);
void                dabiao_roster_item_set_uuid       (DabiaoRosterItem   *self,
                                                       const char         *uuid);
/* The 身份证号 (masked wherever it is shown), or "". */
const char         *dabiao_roster_item_get_id_card    (DabiaoRosterItem   *self);
void                dabiao_roster_item_set_id_card    (DabiaoRosterItem   *self,
                                                       const char         *id_card);
void                dabiao_roster_item_add_merged_id  (DabiaoRosterItem   *self,
                                                       const char         *id);
void                dabiao_roster_item_set_initials   (DabiaoRosterItem   *self,
                                                       const char         *initials);
const char         *dabiao_sex_label                  (int                 sex);
const char         *dabiao_grade_label                (int                 grade);
const char         *dabiao_roster_status_label        (DabiaoRosterStatus  status);

typedef struct
{
  const char         *search;      /* id, name or pinyin initials; NULL or "" = all */
  int                 grade;       /* 0 = any */
  const char         *class_name;  /* NULL = any */
  int                 sex;         /* 0 = any, 1 男, 2 女 */
  DabiaoRosterStatus  status;
  const char         *group;       /* age group label (国民体质); NULL = any */
} DabiaoRosterFilter;

/* The columns the roster can be sorted by. */
typedef enum
{
  DABIAO_ROSTER_FIELD_ID,
  DABIAO_ROSTER_FIELD_NAME,     /* by pinyin initials, then by the characters */
  DABIAO_ROSTER_FIELD_SEX,
  DABIAO_ROSTER_FIELD_GRADE,
  DABIAO_ROSTER_FIELD_CLASS,    /* numbers in class names compare as numbers */
  DABIAO_ROSTER_FIELD_STATUS,
  DABIAO_ROSTER_N_FIELDS,
} DabiaoRosterField;

typedef struct
{
  DabiaoRosterField field;
  gboolean          descending;
} DabiaoRosterSortKey;

int                 dabiao_roster_item_compare        (DabiaoRosterItem   *a,
                                                       DabiaoRosterItem   *b,
                                                       DabiaoRosterField   field);

#define DABIAO_TYPE_ROSTER_MODEL (dabiao_roster_model_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoRosterModel, dabiao_roster_model, DABIAO, ROSTER_MODEL, GObject)

DabiaoRosterModel *dabiao_roster_model_new         (void);
void               dabiao_roster_model_set_items   (DabiaoRosterModel         *self,
                                                    GPtrArray                 *items);
guint              dabiao_roster_model_get_n_total (DabiaoRosterModel         *self);
void               dabiao_roster_model_set_filter  (DabiaoRosterModel         *self,
                                                    const DabiaoRosterFilter  *filter);
void               dabiao_roster_model_set_sort    (DabiaoRosterModel         *self,
                                                    const DabiaoRosterSortKey *keys,
                                                    guint                      n_keys);
guint              dabiao_roster_model_get_sort    (DabiaoRosterModel         *self,
                                                    DabiaoRosterSortKey       *keys,
                                                    guint                      max_keys);
DabiaoRosterItem  *dabiao_roster_model_lookup      (DabiaoRosterModel         *self,
                                                    const char                *id);
DabiaoRosterItem  *dabiao_roster_model_find_merged (DabiaoRosterModel         *self,
                                                     const char                *id);
GPtrArray         *dabiao_roster_model_search      (DabiaoRosterModel         *self,
                                                    const char                *text,
                                                    guint                      max);
GPtrArray         *dabiao_roster_model_get_classes (DabiaoRosterModel         *self);
GPtrArray         *dabiao_roster_model_get_grades  (DabiaoRosterModel         *self);
GPtrArray         *dabiao_roster_model_get_groups  (DabiaoRosterModel         *self);
GPtrArray         *dabiao_roster_model_class_queue (DabiaoRosterModel         *self,
                                                    const char                *class_name);

G_END_DECLS
