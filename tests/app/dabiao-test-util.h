/* dabiao-test-util.h: helpers of the app's widget tests
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-session.h"
#include "dabiao-window.h"

G_BEGIN_DECLS

void       dabiao_test_init            (int          *argc,
                                        char       ***argv);
void       dabiao_test_wait            (guint         ms);
gboolean   dabiao_test_wait_until      (gboolean    (*done) (gpointer),
                                        gpointer      data,
                                        guint         timeout_ms);
GtkWindow *dabiao_test_window_for      (GtkWidget    *child,
                                        int           width,
                                        int           height);
void       dabiao_test_screenshot      (GtkWidget    *widget,
                                        const char   *name);
/* @widget drawn as it is on screen (after pending layout). */
GdkTexture *dabiao_test_render         (GtkWidget    *widget);
GtkWindow *dabiao_test_find_message_dialog (void);
void       dabiao_test_dialog_key      (gboolean      enter);
gboolean   dabiao_test_pointer_set     (gpointer      data);
DabiaoOverview *dabiao_test_summarize   (DabiaoSession *session);
GPtrArray *dabiao_test_make_roster     (guint         n);

/* The first visible widget under @root whose CSS name is @css_name. */
GtkWidget *dabiao_test_find_css        (GtkWidget    *root,
                                        const char   *css_name);
/* The text of the toast shown in @root (title and buttons), or NULL. */
char      *dabiao_test_dup_toast_text  (GtkWidget    *root);

/* The visible toplevel window of @type, or NULL. */
GtkWindow *dabiao_test_find_toplevel   (GType         type);
/* The widget named @name (gtk_widget_set_name) under @root, or NULL;
 * _get fails the test when there is none. */
GtkWidget *dabiao_test_find_widget     (GtkWidget    *root,
                                        const char   *name);
GtkWidget *dabiao_test_get_widget      (GtkWidget    *root,
                                        const char   *name);
/* Waits for a file chooser and answers it as a person does: for a save, goes
 * to @path's folder and types its name; for an open, picks @path; then
 * presses the button.  NULL: cancels it. */
void       dabiao_test_answer_file_chooser (const char *path);
/* Waits for a file chooser, types @path (the location entry, as "/" opens
 * it) and clicks its accept button (打开, 保存): the public-day trial's way,
 * which once did nothing.  Does not wait for the chooser to go. */
void       dabiao_test_type_into_file_chooser (const char *path);
/* Clicks the (sensitive) button named @name under @root. */
void       dabiao_test_click           (GtkWidget    *root,
                                        const char   *name);

/* Presses @keys (xdotool's syntax, e.g. "ctrl+z") as a person would: a real
 * key event through the X server (XTest) into @window, which gets the input
 * focus first; the event then goes where GTK sends keys (the focus widget,
 * its ancestors' shortcuts).  Waits until the key reached @window and sends
 * it again when it never did (another test's window took the focus on a
 * shared display).  Fails when xdotool cannot run. */
void       dabiao_test_key             (GtkWidget    *window,
                                        const char   *keys);

/* Types @text (letters and digits) and Enter into @window as a badge
 * scanner does: real key events, 10 ms apart, wherever the focus is.
 * Waits until every key reached @window. */
void       dabiao_test_scan            (GtkWidget    *window,
                                        const char   *text);

/* The check of the part @part (学段 初中, 年龄段 成年甲组) in the new-event
 * dialog @root, or NULL; ticking it as a click would. */
GtkWidget *dabiao_test_find_part_check (GtkWidget  *root,
                                        const char *part);
void       dabiao_test_tick_part       (GtkWidget  *root,
                                        const char *part);
/* Clicks the (sensitive) button whose label contains @text, e.g. a
 * message dialog's response "记录". */
void       dabiao_test_click_labelled  (GtkWidget    *root,
                                        const char   *text);
/* For dabiao_test_wait_until(): @window (a DabiaoWindow) has an event open;
 * its instrument is connected; @station (a DabiaoStationPage) shows a
 * reading; has saved one ("已保存"). */
gboolean   dabiao_test_session_open    (gpointer      window);
gboolean   dabiao_test_instrument_connected (gpointer window);
gboolean   dabiao_test_station_has_reading (gpointer  station);
gboolean   dabiao_test_station_saved   (gpointer      station);

/* The set-up the journeys share. */
/* Creates the event file @path with @people, closed again. */
void       dabiao_test_create_event    (const char                  *path,
                                        const DabiaoEventInfo       *info,
                                        const DabiaoParticipantInfo *people,
                                        guint                        n_people);
/* A window @width × @height (0: its default size), shown, with the event
 * @file open (NULL: none); waits up to 15 s for the session. */
DabiaoWindow *dabiao_test_open_window  (GFile        *file,
                                        int           width,
                                        int           height);
/* Starts dabiao-sim (DABIAO_SIM) with @args (NULL-terminated, without the
 * program); returns the port it prints first, *@sim the process. */
char      *dabiao_test_start_sim       (const char * const *args,
                                        GSubprocess       **sim);

G_END_DECLS
