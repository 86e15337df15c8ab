/* dabiao-new-event-dialog.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-event.h"

G_BEGIN_DECLS

#define DABIAO_TYPE_NEW_EVENT_DIALOG (dabiao_new_event_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoNewEventDialog, dabiao_new_event_dialog, DABIAO, NEW_EVENT_DIALOG, AdwWindow)

/* A new event: name, date, place, standard, the standard's items (ticked or
 * not, attempts each) and the stations (name, items).  Emits ::done when
 * the organiser presses Create (only possible while everything is valid)
 * and closes itself; the owner then reads dabiao_new_event_dialog_get_info(). */
GtkWidget       *dabiao_new_event_dialog_new           (GtkWindow                *parent);
/* The same form for an open event: name, date, place and standard are
 * shown but fixed; the standard's items the event lacks can be ticked
 * (added); the event's own stay ticked until
 * dabiao_new_event_dialog_set_recorded_items() says which have no results;
 * attempts and stations can be changed.  @items: element type
 * DabiaoEventItem; @stations: element type DabiaoStationDefinition. */
GtkWidget       *dabiao_new_event_dialog_new_for_event (GtkWindow                *parent,
                                                        const DabiaoEventInfo    *info,
                                                        GPtrArray                *items,
                                                        GPtrArray                *stations);

/* The event as filled in (items: every ticked item with its attempts;
 * stations: every station), or NULL while the form is invalid. */
DabiaoEventInfo *dabiao_new_event_dialog_get_info      (DabiaoNewEventDialog     *self);
/* What is wrong with the form (translated), or NULL when it is valid. */
const char      *dabiao_new_event_dialog_get_problem   (DabiaoNewEventDialog     *self);

/* Filling the form as a person would (each goes through the widgets). */
void             dabiao_new_event_dialog_set_name      (DabiaoNewEventDialog     *self,
                                                        const char               *name);
void             dabiao_new_event_dialog_set_date      (DabiaoNewEventDialog     *self,
                                                        const char               *date);
void             dabiao_new_event_dialog_set_place     (DabiaoNewEventDialog     *self,
                                                        const char               *place);
gboolean         dabiao_new_event_dialog_set_standard  (DabiaoNewEventDialog     *self,
                                                        const char               *standard_id);
gboolean         dabiao_new_event_dialog_set_item_included (DabiaoNewEventDialog *self,
                                                            const char           *code,
                                                            gboolean              included);
gboolean         dabiao_new_event_dialog_set_item_attempts (DabiaoNewEventDialog *self,
                                                            const char           *code,
                                                            guint                 attempts);
/* @recorded: the open event's items with results (they stay ticked); the
 * others may now be unticked. */
void             dabiao_new_event_dialog_set_recorded_items (DabiaoNewEventDialog *self,
                                                             const char * const   *recorded);
guint            dabiao_new_event_dialog_get_n_stations     (DabiaoNewEventDialog *self);
/* Adds a station (as the Add button does); returns its index. */
guint            dabiao_new_event_dialog_add_station        (DabiaoNewEventDialog *self);
void             dabiao_new_event_dialog_remove_station     (DabiaoNewEventDialog *self,
                                                             guint                 index);
void             dabiao_new_event_dialog_set_station_name   (DabiaoNewEventDialog *self,
                                                             guint                 index,
                                                             const char           *name);
gboolean         dabiao_new_event_dialog_set_station_item   (DabiaoNewEventDialog *self,
                                                             guint                 index,
                                                             const char           *code,
                                                             gboolean              ticked);

G_END_DECLS
