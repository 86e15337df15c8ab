/* dabiao-window.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-application.h"
#include "dabiao-instrument.h"
#include "dabiao-session.h"

G_BEGIN_DECLS

#define DABIAO_TYPE_WINDOW (dabiao_window_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoWindow, dabiao_window, DABIAO, WINDOW, AdwApplicationWindow)

DabiaoWindow *dabiao_window_new          (DabiaoApplication *application);
void          dabiao_window_open_file    (DabiaoWindow      *self,
                                          GFile             *file);
gboolean      dabiao_window_has_event_file (DabiaoWindow    *self,
                                          GFile             *file);
DabiaoWindow *dabiao_window_find_for_file (GFile            *file);
void          dabiao_window_open_demo    (DabiaoWindow      *self);
void          dabiao_window_show_page    (DabiaoWindow      *self,
                                          const char        *name);
const char   *dabiao_window_get_page     (DabiaoWindow      *self);
GtkWidget    *dabiao_window_get_page_widget (DabiaoWindow   *self,
                                          const char        *name);
void          dabiao_window_add_toast    (DabiaoWindow      *self,
                                          const char        *message);
void          dabiao_window_import_roster (DabiaoWindow     *self,
                                          GFile             *file);
void          dabiao_window_merge_file   (DabiaoWindow      *self,
                                          GFile             *file);
void          dabiao_window_attach_preferences (DabiaoWindow *self,
                                          GtkWidget         *preferences);
void          dabiao_window_show_preferences (DabiaoWindow *self,
                                              const char   *page);
DabiaoSession    *dabiao_window_get_session    (DabiaoWindow *self);
DabiaoInstrument *dabiao_window_get_instrument (DabiaoWindow *self);
DabiaoInstrument *dabiao_window_get_card_reader (DabiaoWindow *self);
void          dabiao_window_connect_instrument (DabiaoWindow *self,
                                          const char        *profile,
                                          const char        *port);
/* Create the event described by @info at @path (".dabiao" added when
 * missing) in a worker thread and open it: what the new-event dialog does
 * after the file name is chosen. */
void          dabiao_window_create_event (DabiaoWindow          *self,
                                          const char            *path,
                                          const DabiaoEventInfo *info);
/* The open event's attempts and stations, for the organiser to change
 * (NULL when no event is open). */
GtkWidget    *dabiao_window_edit_event_setup (DabiaoWindow  *self);
void          dabiao_window_show_error   (DabiaoWindow      *self,
                                          const char        *heading,
                                          const GError      *error);
/* Whether the header shows the page tabs (else the title, and with an
 * event the tabs move to a bar at the bottom). */
gboolean      dabiao_window_get_tabs_shown (DabiaoWindow    *self);
/* The message of the last export (the toast's text) and its file (NULL
 * when printed); NULL before any. */
const char   *dabiao_window_get_last_export (DabiaoWindow   *self,
                                          const char       **path);

/* The live sync (dabiao-window-sync.c). */
void          dabiao_window_reload_server (DabiaoWindow *self);
struct _DabiaoSyncer *dabiao_window_get_syncer (DabiaoWindow *self);
const char   *dabiao_window_get_sync_status_text (DabiaoWindow *self);

G_END_DECLS
