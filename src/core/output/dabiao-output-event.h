/* dabiao-output-event.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-event.h"
#include "dabiao-output.h"

G_BEGIN_DECLS

/* Fills the exports' plain data from an event file: the roster, each item's
 * valid result (best attempt) and the scores of the event's standard. */

typedef struct
{
  /* 学校代码 for participants whose roster has no 单位 (organization);
   * NULL: the organization, else "". */
  const char *school_code;
  /* 学校 printed on cards and certificates; NULL: the name of the
   * participant's school (dabiao_event_details_school_name() of its
   * 单位), else the event's organiser. */
  const char *school_name;
} DabiaoOutputLoadOptions;

/* One DabiaoOutputPerson per participant, in the roster's id order.  A
 * participant with a 免测 item is exempt (the reason is that item's).
 * Item results carry the national item number as code.  Scores: items
 * scored by the standard get their score; with a weighted standard (student
 * 2014) an item's level follows the national item bands of the score
 * (优秀 ≥ 90, 良好 ≥ 80, 及格 ≥ 60, else 不及格); totals, 标准分, 附加分 and the
 * overall level only when every scored item has a value. */
GPtrArray *dabiao_output_load_event        (DabiaoEvent                   *event,
                                            const DabiaoOutputLoadOptions *options,
                                            GError                       **error);
void       dabiao_output_load_event_async  (DabiaoEvent                   *event,
                                            const DabiaoOutputLoadOptions *options,
                                            GCancellable                  *cancellable,
                                            GAsyncReadyCallback            callback,
                                            gpointer                       user_data);
GPtrArray *dabiao_output_load_event_finish (GAsyncResult                  *result,
                                            GError                       **error);

/* The GB/T 3304 name of a two-digit ethnicity code (01 → 汉族), or NULL. */
const char *dabiao_output_ethnic_name      (const char *code);

G_END_DECLS
