/* dabiao-details-dialog.h: 活动信息 — the event's name, test date, place,
 * organising body and schools.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-event-details.h"

G_BEGIN_DECLS

/* Loads the details on the event's worker, lets the organiser change
 * them, add schools (学校代码 + 学校名称), rename them, and remove those no
 * participant belongs to; 保存 stores them with
 * dabiao_event_set_details_async() (checked, audited, all or nothing) and
 * emits ::saved with whether the test date changed. */

#define DABIAO_TYPE_DETAILS_DIALOG (dabiao_details_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoDetailsDialog, dabiao_details_dialog, DABIAO, DETAILS_DIALOG, AdwWindow)

DabiaoDetailsDialog *dabiao_details_dialog_new        (GtkWindow           *parent,
                                                       DabiaoEvent         *event);
void                 dabiao_details_dialog_set_by_age (DabiaoDetailsDialog *self,
                                                       gboolean             by_age);
/* Whether the event's details have been loaded into the fields. */
gboolean             dabiao_details_dialog_get_loaded (DabiaoDetailsDialog *self);
/* The note under 活动 (certificates already issued), or "". */
const char          *dabiao_details_dialog_get_note   (DabiaoDetailsDialog *self);
/* The details the fields describe now (NULL before loading). */
DabiaoEventDetails  *dabiao_details_dialog_get_details (DabiaoDetailsDialog *self);

G_END_DECLS
