/* dabiao-station-page.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-event-items.h"
#include "dabiao-roster-model.h"
#include "dabiao-session.h"

G_BEGIN_DECLS

/* What the operator asked to record for the participant on the card. */
typedef enum
{
  DABIAO_RECORD_READING,  /* the instrument's reading, confirmed with Enter */
  DABIAO_RECORD_MANUAL,   /* a value typed by the operator, with a reason */
  DABIAO_RECORD_FOUL,     /* 犯规 */
  DABIAO_RECORD_ABSENT,   /* 缺测 */
  DABIAO_RECORD_EXEMPT,   /* 免测, with a reason */
} DabiaoRecordKind;

typedef enum
{
  DABIAO_LINK_NONE,        /* no instrument chosen */
  DABIAO_LINK_CONNECTING,
  DABIAO_LINK_CONNECTED,
  DABIAO_LINK_ERROR,
} DabiaoLinkState;

#define DABIAO_TYPE_STATION_PAGE (dabiao_station_page_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoStationPage, dabiao_station_page, DABIAO, STATION_PAGE, AdwBin)

GtkWidget        *dabiao_station_page_new                 (void);
void              dabiao_station_page_set_roster          (DabiaoStationPage *self,
                                                           DabiaoRosterModel *roster);
void              dabiao_station_page_set_by_age          (DabiaoStationPage *self,
                                                           gboolean           by_age);
void              dabiao_station_page_set_items           (DabiaoStationPage *self,
                                                           const char * const *names);
void              dabiao_station_page_select_item         (DabiaoStationPage *self,
                                                           guint              position);
const char       *dabiao_station_page_get_item            (DabiaoStationPage *self);
void              dabiao_station_page_set_stations        (DabiaoStationPage *self,
                                                           const char * const *names);
gboolean          dabiao_station_page_select_station      (DabiaoStationPage *self,
                                                           const char        *name);
const char       *dabiao_station_page_get_station         (DabiaoStationPage *self);
void              dabiao_station_page_set_item_format     (DabiaoStationPage *self,
                                                           const char        *unit,
                                                           int                decimals);
gboolean          dabiao_station_page_check_in            (DabiaoStationPage *self,
                                                           const char        *text);
DabiaoRosterItem *dabiao_station_page_get_participant     (DabiaoStationPage *self);
void              dabiao_station_page_set_attempts        (DabiaoStationPage *self,
                                                           guint              done,
                                                           guint              allowed);
void              dabiao_station_page_show_reading        (DabiaoStationPage *self,
                                                           double             value);
gboolean          dabiao_station_page_show_reading_with_note (DabiaoStationPage *self,
                                                           double             value,
                                                           const char        *note);
void              dabiao_station_page_set_reading_note    (DabiaoStationPage *self,
                                                           const char        *note);
gboolean          dabiao_station_page_has_reading         (DabiaoStationPage *self);
void              dabiao_station_page_set_result          (DabiaoStationPage *self,
                                                           const char        *score,
                                                           const char        *level);
void              dabiao_station_page_set_problem         (DabiaoStationPage *self,
                                                           const char        *score,
                                                           const char        *problem);
void              dabiao_station_page_record_finished     (DabiaoStationPage *self,
                                                           const char        *saved_text,
                                                           const GError      *error);
void              dabiao_station_page_request             (DabiaoStationPage *self,
                                                           DabiaoRecordKind   kind,
                                                           double             value,
                                                           const char        *reason);
void              dabiao_station_page_set_link            (DabiaoStationPage *self,
                                                           DabiaoLinkState    state,
                                                           const char        *description);
const char       *dabiao_station_page_get_status_text     (DabiaoStationPage *self);
const char       *dabiao_station_page_get_queue_text      (DabiaoStationPage *self);
const char       *dabiao_station_page_get_score_text      (DabiaoStationPage *self);
const char       *dabiao_station_page_get_level_text      (DabiaoStationPage *self);
const char       *dabiao_station_page_get_details_text    (DabiaoStationPage *self);
void              dabiao_station_page_set_group           (DabiaoStationPage *self,
                                                           const char        *group);
const char       *dabiao_station_page_get_reading_text    (DabiaoStationPage *self);
char             *dabiao_station_page_get_value_text      (DabiaoStationPage *self);
void              dabiao_station_page_set_not_applicable  (DabiaoStationPage *self,
                                                           const char        *age_group);
GtkLabel         *dabiao_station_page_get_link_label      (DabiaoStationPage *self);
void              dabiao_station_page_set_value_item      (DabiaoStationPage     *self,
                                                           const DabiaoEventItem *item);
void              dabiao_station_page_set_finished        (DabiaoStationPage *self,
                                                           const char        *best);
gboolean          dabiao_station_page_is_finished         (DabiaoStationPage *self);
void              dabiao_station_page_set_item_states     (DabiaoStationPage *self,
                                                           GHashTable        *states);
void              dabiao_station_page_offer_undo          (DabiaoStationPage *self,
                                                           const char        *uuid,
                                                           const char        *what);
guint             dabiao_station_page_get_n_unassigned    (DabiaoStationPage *self);
void              dabiao_station_page_drop_unassigned     (DabiaoStationPage *self);
void              dabiao_station_page_forget_result       (DabiaoStationPage *self);
const char       *dabiao_station_page_get_unassigned_text (DabiaoStationPage *self);
void              dabiao_station_page_catch_typing        (DabiaoStationPage *self,
                                                           GtkWidget         *scope);
void              dabiao_station_page_show_notice         (DabiaoStationPage *self,
                                                           const char        *text);
void              dabiao_station_page_keep_other_item     (DabiaoStationPage *self,
                                                           double             value,
                                                           const char        *note,
                                                           const char        *item,
                                                           const char        *item_name,
                                                           const char        *shown,
                                                           gboolean           say);

G_END_DECLS
