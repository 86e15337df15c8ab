/* dabiao-window-private.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-instrument.h"
#include "dabiao-exit-page.h"
#include "dabiao-roster-model.h"
#include "dabiao-register-page.h"
#include "dabiao-results-page.h"
#include "dabiao-roster-page.h"
#include "dabiao-session.h"
#include "dabiao-start-page.h"
#include "dabiao-station-page.h"
#include "dabiao-window.h"

G_BEGIN_DECLS

/* The window's parts (dabiao-window*.c) share its instance struct: the
 * window core (dabiao-window.c), its actions (-actions.c), the station
 * page's wiring (-station.c), the instrument (-instrument.c), the results
 * page's wiring (-results.c), the demo (-demo.c), print/export (-export.c)
 * and the participant dialog (-participant.c). */

typedef struct _DabiaoCorrectUndo DabiaoCorrectUndo;

#define DEMO_PROFILE "generic-line"

#define DEMO_ITEM "run_50m"

#define DEMO_PARTICIPANTS 120

struct _DabiaoWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwSqueezer          *title_squeezer;
  AdwViewSwitcher      *wide_switcher;
  AdwViewSwitcher      *narrow_switcher;
  AdwWindowTitle       *window_title;
  GtkLabel             *event_label;
  AdwViewSwitcherBar   *switcher_bar;
  char                 *last_export;       /* the last export's message */
  char                 *last_export_path;  /* and its file (NULL: printed) */
  int                   last_export_kind;  /* DabiaoExportKind + 1; 0: none yet */
  GPtrArray            *import_uncoded;    /* char *: the last import's schools without a code, or NULL */
  char                 *import_text_coded; /* that import's report once they have one */
  AdwViewStack         *stack;
  DabiaoStartPage      *start_page;
  DabiaoStationPage    *station_page;
  DabiaoRosterPage     *roster_page;
  DabiaoResultsPage    *results_page;
  DabiaoRegisterPage   *register_page;
  DabiaoExitPage       *exit_page;
  guint                 exit_scans;       /* badges scanned at the exit desk, to order answers */

  GSettings            *settings;
  GCancellable         *cancellable;
  DabiaoRosterModel    *roster;
  GFile                *event_file;
  DabiaoSession        *session;
  DabiaoInstrument     *instrument;
  DabiaoInstrument     *card_reader;   /* the registration desk's 身份证 reader */
  DabiaoReading        *reading;       /* the reading on screen, for its raw frame */
  GPtrArray            *station_defs;  /* DabiaoStationDefinition of the open event */
  DabiaoStationDefinition *station_def; /* the defined station chosen, or NULL */
  GHashTable           *pending;       /* item code → DabiaoReading of a several-item station */
  gboolean              instrument_multi; /* readings carry their own item (身高+体重) */
  guint                 request_source;  /* asks a request-driven instrument (a scale) */
  GSubprocess          *sim;           /* the demo's simulated instrument */
  char                 *demo_port;
  char                 *demo_file;     /* the demo event's path once the demo was asked for */
  GtkWidget            *preferences;   /* weak */
  GtkButton            *sync_button;   /* the header's sync state */
  struct _DabiaoSyncer *syncer;        /* the open event's live sync, or NULL */
  gulong                sync_settings_handler;
  guint                 summary_source;
  gboolean              demo;
  gboolean              instrument_chosen;  /* port or profile changed in the open 首选项 */
  DabiaoPersonView     *person;        /* the participant on the results page, or NULL */
  DabiaoCorrectUndo    *correct_undo;  /* what 撤销 of the last 更正/作废 does, or NULL */
  AdwToast             *toast;         /* weak: the toast on screen */
  GtkMenuButton        *menu_button;
};

/* Shared by the window's parts. */
void
_dabiao_window_class_actions_init (GtkWidgetClass *widget_class);
void
_dabiao_window_remember_recent (DabiaoWindow *self,
                                GFile        *file);
const char *
_dabiao_window_station_item_code (DabiaoWindow *self);
void
_dabiao_window_refresh_summary_now (DabiaoWindow *self);
void
_dabiao_window_refresh_summary (DabiaoWindow *self);
void
_dabiao_window_checked_in_cb (DabiaoWindow     *self,
                              DabiaoRosterItem *item);
void
_dabiao_window_undo_cb (DabiaoWindow *self,
                        const char   *uuid);
void
_dabiao_window_record_cb (DabiaoWindow *self,
                          int           kind,
                          double        value,
                          const char   *reason);
void
_dabiao_window_station_item_changed_cb (DabiaoWindow *self);
void
_dabiao_window_apply_station_cb (DabiaoWindow *self);
void
_dabiao_window_load_station_definitions (DabiaoWindow *self);
void
_dabiao_window_set_session (DabiaoWindow  *self,
                            DabiaoSession *session);
void
_dabiao_window_update_title (DabiaoWindow *self);
void
_dabiao_window_show_event_name (DabiaoWindow *self);
void
_dabiao_window_reload_recent (DabiaoWindow *self);
void
_dabiao_window_stop_instrument (DabiaoWindow *self);
void
_dabiao_window_stop_demo_instrument (DabiaoWindow *self);
void
_dabiao_window_start_instrument (DabiaoWindow *self,
                                 const char   *profile_name,
                                 const char   *port);
void
_dabiao_window_preferences_closed_cb (gpointer  data,
                                      GObject  *where_the_object_was);
void
_dabiao_window_participant_activated_cb (DabiaoWindow     *self,
                                         DabiaoRosterItem *item);
void
_dabiao_window_person_cb (DabiaoWindow *self,
                          const char   *id);
void
_dabiao_window_request_standing (DabiaoWindow *self);
void
_dabiao_window_station_result_changed (DabiaoWindow *self,
                                       const char   *participant_id);
void
_dabiao_window_void (DabiaoWindow *self,
                     const char   *uuid,
                     const char   *participant_id,
                     const char   *reason,
                     const char   *done,
                     const char   *failed);
void
_dabiao_window_reload_roster (DabiaoWindow *self);
void
_dabiao_window_show_roster (DabiaoWindow *self);
gboolean
_dabiao_window_port_used_elsewhere (DabiaoWindow       *self,
                                    const char         *port,
                                    DabiaoInstrument *(*get) (DabiaoWindow *));
void
_dabiao_window_void_cb (DabiaoWindow *self,
                        const char   *uuid,
                        const char   *reason);
void
_dabiao_window_show_person (DabiaoWindow *self,
                            const char   *participant_id);
gboolean
_dabiao_unwrapped_tooltip_cb (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip,
                              gpointer    data);
/* A toast replacing the one on screen (toasts never queue). */
void
_dabiao_window_show_toast (DabiaoWindow *self,
                           AdwToast     *toast);
/* dabiao-window-correct.c */
void
_dabiao_window_correct_cb (DabiaoWindow *self,
                           const char   *code);
void
_dabiao_correct_undo_free (DabiaoCorrectUndo *undo);
void
_dabiao_window_export_activated_cb (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);
void
_dabiao_window_open_exported_activated_cb (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter);

/* dabiao-window.c: the open event closed and opened again, without asking
 * (its items or test date changed). */
void _dabiao_window_reopen (DabiaoWindow *self);
/* dabiao-window-register.c */
void
_dabiao_window_register_init (DabiaoWindow *self);
void
_dabiao_window_register_open (DabiaoWindow *self);
void
_dabiao_window_register_stop (DabiaoWindow *self);

/* dabiao-window-merge.c */
void
_dabiao_window_merge_activated_cb (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter);

/* dabiao-window-exit.c */
void
_dabiao_window_exit_init (DabiaoWindow *self);
void
_dabiao_window_exit_open (DabiaoWindow *self);
void
_dabiao_window_exit_refresh (DabiaoWindow *self);
/* Badges that failed for want of a printer, made again into the badge
 * folder when one is set. */
void
_dabiao_window_redo_badges (DabiaoWindow *self);

/* dabiao-window-sync.c */
void
_dabiao_window_sync_start (DabiaoWindow *self);
void
_dabiao_window_sync_stop (DabiaoWindow *self);
void
_dabiao_window_sync_poke (DabiaoWindow *self);
void
_dabiao_window_sync_clicked_cb (DabiaoWindow *self);

G_END_DECLS
