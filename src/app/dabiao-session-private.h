/* dabiao-session-private.h: what the session's files share.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-results.h"
#include "dabiao-session.h"

G_BEGIN_DECLS

struct _DabiaoSession
{
  GObject            parent_instance;

  DabiaoEvent       *event;
  DabiaoResults     *results;  /* NULL when the event's standard is not installed */
  DabiaoRosterModel *roster;
  GPtrArray         *items;    /* DabiaoEventItem */
};

/* On the event's worker thread. */

/* @participant's results as the results module gives them; NULL when the
 * event's standard is not installed (@results NULL). */
DabiaoResultsPerson     *_dabiao_session_person_of    (DabiaoEvent               *event,
                                                       DabiaoResults             *results,
                                                       DabiaoParticipant         *participant,
                                                       GPtrArray                 *attempts);
/* The result of @person the event calls @item, or NULL. */
const DabiaoResultsItem *_dabiao_session_find_result  (const DabiaoResultsPerson *person,
                                                       const DabiaoEventItem     *item);
/* Whether @item is for @person (their group and sex, or measured anyway). */
gboolean                 _dabiao_session_item_applies (const DabiaoResultsPerson *person,
                                                       const DabiaoEventItem     *item);

G_END_DECLS
