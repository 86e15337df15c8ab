/* dabiao-participant.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DABIAO_TYPE_PARTICIPANT (dabiao_participant_get_type ())

/* One person on an event's roster: an immutable snapshot of the row, for
 * lists (GListModel items) and exports.  Every string is non-NULL ("" when
 * the roster left it empty).
 *
 * id:           学籍号 (student layout) or 编号 (adult layout); unique in the event
 * sex:          1 男, 2 女
 * birth-date:   YYYY-MM-DD, or ""
 * grade:        年级编号 (11–44), 0 for adults
 * class-code:   班级编号; class-name: 班级名称
 * organization: 单位 (adults) */
G_DECLARE_FINAL_TYPE (DabiaoParticipant, dabiao_participant, DABIAO, PARTICIPANT, GObject)

const char *dabiao_participant_get_id           (DabiaoParticipant *self);
const char *dabiao_participant_get_name         (DabiaoParticipant *self);
guint       dabiao_participant_get_sex          (DabiaoParticipant *self);
const char *dabiao_participant_get_birth_date   (DabiaoParticipant *self);
const char *dabiao_participant_get_id_card      (DabiaoParticipant *self);
guint       dabiao_participant_get_grade        (DabiaoParticipant *self);
const char *dabiao_participant_get_class_code   (DabiaoParticipant *self);
const char *dabiao_participant_get_class_name   (DabiaoParticipant *self);
const char *dabiao_participant_get_ethnicity    (DabiaoParticipant *self);
const char *dabiao_participant_get_address      (DabiaoParticipant *self);
const char *dabiao_participant_get_organization (DabiaoParticipant *self);
const char *dabiao_participant_get_phone        (DabiaoParticipant *self);

G_END_DECLS
