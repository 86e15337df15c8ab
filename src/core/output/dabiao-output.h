/* dabiao-output.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The plain data every export reads: one DabiaoOutputPerson per participant,
 * filled from the event file (roster + derived results) by
 * dabiao-output-event.c, or by hand in tests.  Nothing here knows about
 * sqlite or the standards engine, so the writers can be tested alone. */

typedef struct
{
  char     *name;       /* item name as the standard and the platform write it: 50米跑 */
  char     *code;       /* national item number ("05"), or NULL */
  gboolean  has_value;
  double    value;      /* in the item's unit; every time in seconds */
  char     *display;    /* the value as people read it (3'45"), or NULL */
  char     *special;    /* 缺测, 免测, 犯规 … when there is no value, or NULL */
  gboolean  has_score;
  double    score;
  char     *level;      /* 优秀, 良好, 及格, 不及格 (or 一级…四级), or NULL */
} DabiaoOutputResult;

typedef struct
{
  char      *uuid;
  char      *school_code;   /* 学校代码: the upload file's sheet name */
  char      *school_name;
  int        grade;         /* 年级编号 (11…44), 0 when not a student */
  char      *class_code;    /* 班级编号: grade + two-digit class (1101) */
  char      *class_name;
  char      *student_no;    /* 学籍号 (G…, or L + 身份证号) */
  char      *id_number;     /* 身份证号, or NULL */
  char      *ethnic_code;   /* two-digit GB/T 3304 code (01 汉族) */
  char      *ethnic_name;
  char      *name;
  int        sex;           /* 1 男, 2 女, 0 unknown */
  int        birth_year;    /* 0 when unknown */
  int        birth_month;
  int        birth_day;
  char      *address;
  char      *group;         /* summary group (一年级, 20–24岁); NULL: from grade */
  int        group_order;   /* sorts the groups (age in months); 0: by grade */
  gboolean   exempt;        /* 免测: left out of the upload file */
  char      *exempt_reason;
  GPtrArray *results;       /* DabiaoOutputResult*, owned, in the standard's order */
  gboolean   has_total;
  double     total;         /* 学年总分 (student) or 总分 (国民体质) */
  gboolean   has_standard_score;
  double     standard_score; /* 标准分 */
  double     bonus;         /* 附加分 */
  char      *level;         /* overall level, NULL when not assessed */
} DabiaoOutputPerson;

DabiaoOutputPerson *dabiao_output_person_new        (void);
void                dabiao_output_person_free       (DabiaoOutputPerson *person);
/* Adds a result (owned by @person) and returns it for filling in. */
DabiaoOutputResult *dabiao_output_person_add_result (DabiaoOutputPerson *person,
                                                     const char         *name,
                                                     const char         *code);
/* The result whose code is @code or, when @code is NULL or not found, whose
 * name matches @name (spaces ignored; x, X, * and × alike; 1分钟 = 一分钟). */
DabiaoOutputResult *dabiao_output_person_find_result (const DabiaoOutputPerson *person,
                                                      const char               *name,
                                                      const char               *code);
/* 男 / 女 / "" */
const char         *dabiao_output_sex_label         (int sex);
/* The summary group of @person: its group, else the grade's name (一年级…大学四年级). */
char               *dabiao_output_person_dup_group  (const DabiaoOutputPerson *person);
/* Level order: 优秀/一级 = 4, 良好/二级 = 3, 及格/合格/三级 = 2, 不及格/不合格/四级 = 1,
 * anything else 0. */
int                 dabiao_output_level_rank        (const char *level);
/* Item names compare equal under the rules of find_result. */
gboolean            dabiao_output_item_name_equal   (const char *a,
                                                     const char *b);
/* A 学籍号 or 身份证号 as shown where people see it (badges, certificates):
 * a number with a 身份证号 in it (15 or more digits) keeps its letter
 * prefix, its first four and last four characters, the rest as * (the birth
 * date is never shown): G440106200801010424 → G4401**********0424.  Shorter
 * numbers (a school's own 学号) are returned as they are; NULL → "". */
char               *dabiao_output_mask_id           (const char *id);
/* Birth date as yyyy/m/d, or "" when unknown. */
char               *dabiao_output_person_dup_birth  (const DabiaoOutputPerson *person);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoOutputPerson, dabiao_output_person_free)

G_END_DECLS
