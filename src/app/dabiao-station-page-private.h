/* dabiao-station-page-private.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-event-items.h"
#include "dabiao-reading.h"
#include "dabiao-station-page.h"

G_BEGIN_DECLS

/* The station page's parts share its instance:
 *   dabiao-station-page.c     the widget, its state, card, actions, recording
 *   dabiao-station-reading.c  readings shown and kept (unassigned), values as shown
 *   dabiao-station-queue.c    check-in matches, the class queue, PgDn
 *   dabiao-station-dialogs.c  犯规/缺测 questions, manual entry and 免测
 *   dabiao-station-layout.c   check-in beside or above the reading */

typedef enum
{
  STATE_IDLE,     /* nobody checked in */
  STATE_WAITING,  /* checked in, waiting for a reading */
  STATE_READING,  /* a reading to confirm */
  STATE_SAVING,   /* a record on its way to disk */
  STATE_SAVED,
  STATE_ERROR,
  STATE_FINISHED, /* every allowed attempt used, or exempt: no reading offered */
} DabiaoStationState;

struct _DabiaoStationPage
{
  AdwBin             parent_instance;

  GtkScrolledWindow *page_scroller;
  GtkWidget         *layout_box;
  GtkWidget         *sidebar;         /* check-in and the class list */
  GtkWidget         *checkin_heading;
  GtkSearchEntry    *checkin_entry;
  GtkLabel          *next_label;
  gboolean           by_age;      /* people of 单位 with an 编号, no classes (国民体质) */
  GtkListBox        *match_list;
  GtkLabel          *queue_label;
  GtkDropDown       *item_dropdown;
  GtkStringList     *item_list;
  GtkBox            *station_box;
  GtkDropDown       *station_dropdown;
  GtkStringList     *station_list;
  GtkBox            *link_box;
  GtkLabel          *link_label;
  GtkWidget         *link_button;    /* to 首选项 → 仪器 */
  GtkLabel          *name_label;
  GtkLabel          *details_label;
  GtkLabel          *attempts_label;
  GtkWidget         *reading_box;
  GtkLabel          *reading_label;
  GtkLabel          *unit_label;
  GtkLabel          *score_label;
  GtkLabel          *level_label;
  GtkLabel          *status_label;
  GtkWidget         *notice_band;    /* 撤销 and the window's messages, above the keys */
  GtkWidget         *undo_button;
  GtkLabel          *notice_label;
  guint              notice_source;
  GtkWidget         *unassigned_box;
  GtkLabel          *unassigned_label;
  GtkWidget         *assign_button;
  char              *status_before_kept; /* the status line before it said a reading was kept below */
  gboolean           status_says_kept;

  DabiaoRosterModel *roster;
  DabiaoRosterItem  *participant;
  GPtrArray         *matches;
  char              *unit;
  int                decimals;
  DabiaoStationState state;
  double             reading;
  gboolean           range_confirmed; /* Enter pressed once on a reading outside the item's range */
  gboolean           has_pending;
  double             pending;
  char              *pending_note;
  char              *group;          /* the participant's age group (国民体质), or NULL */
  DabiaoEventItem   *value_item;     /* how typed values of the item are read */
  guint              attempts_done;
  guint              attempts_allowed;
  char              *finished_text;  /* the best result once finished */
  guint              pending_source; /* shows the kept reading after "saved" */
  GPtrArray         *unassigned;     /* Unassigned, oldest first */
  GHashTable        *item_states;    /* participant id → DabiaoItemState + 1 */
  char              *undo_uuid;      /* the special that can be undone */
  guint              undo_source;
  gboolean           special_shown;  /* the reading label holds 犯规/缺测/免测 */
  guint              compact_source; /* sets .compact after a change of height */
  guint              scroll_source;  /* brings the one on the card into the class list's view */
};

typedef struct
{
  double  value;
  char   *note;
  char   *item;       /* the item shown when it arrived: it is offered for that item only */
  char   *item_name;
  char   *shown;      /* "8.6 秒（09:10:02）": with the unit of the item then */
  char   *for_id;     /* who was on the card when it came (NULL: no one; the next checked in) */
  gboolean stale;     /* came before the one on the card: never theirs */
} DabiaoStationUnassigned;

/* Who may be searched for at check-in at most. */
#define MAX_MATCHES 50

/* dabiao-station-page.c */
gboolean _dabiao_station_page_attempts_used     (DabiaoStationPage  *self);
void     _dabiao_station_page_update_actions    (DabiaoStationPage  *self);
void     _dabiao_station_page_set_status        (DabiaoStationPage  *self,
                                                 DabiaoStationState  state,
                                                 const char         *text);
const char *_dabiao_station_page_idle_prompt  (DabiaoStationPage  *self);
void     _dabiao_station_page_set_reading_text  (DabiaoStationPage  *self,
                                                 const char         *text);
void     _dabiao_station_page_finish_checkin    (DabiaoStationPage  *self,
                                                 DabiaoRosterItem   *item);

/* dabiao-station-reading.c */
void        _dabiao_station_unassigned_free     (DabiaoStationUnassigned *u);
char       *_dabiao_station_page_format_value   (DabiaoStationPage  *self,
                                                 double              value);
const char *_dabiao_station_page_unit_word      (DabiaoStationPage  *self);
int         _dabiao_station_page_assignable     (DabiaoStationPage  *self);
void        _dabiao_station_page_show_unassigned (DabiaoStationPage *self);
void        _dabiao_station_page_add_unassigned (DabiaoStationPage  *self,
                                                 double              value,
                                                 const char         *note);
void        _dabiao_station_page_unassigned_checked_in (DabiaoStationPage *self);
void        _dabiao_station_page_say_kept       (DabiaoStationPage  *self,
                                                 DabiaoStationState  state,
                                                 const char         *text);
void        _dabiao_station_page_assign_activated_cb  (GtkWidget  *widget,
                                                       const char *action_name,
                                                       GVariant   *parameter);
void        _dabiao_station_page_discard_activated_cb (GtkWidget  *widget,
                                                       const char *action_name,
                                                       GVariant   *parameter);

/* dabiao-station-queue.c */
void _dabiao_station_page_update_queue_label (DabiaoStationPage *self);
void _dabiao_station_page_show_class_queue   (DabiaoStationPage *self);
void _dabiao_station_page_checkin_changed_cb (DabiaoStationPage *self);
void _dabiao_station_page_match_activated_cb (DabiaoStationPage *self,
                                              GtkListBoxRow     *row);
void _dabiao_station_page_next_activated_cb  (GtkWidget         *widget,
                                              const char        *action_name,
                                              GVariant          *parameter);

/* dabiao-station-dialogs.c */
void _dabiao_station_page_ask_special       (DabiaoStationPage *self,
                                             DabiaoRecordKind   kind);
void _dabiao_station_page_open_entry_dialog (DabiaoStationPage *self,
                                             DabiaoRecordKind   kind);

G_END_DECLS
