/* dabiao-preferences-window.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-instrument.h"

G_BEGIN_DECLS

#define DABIAO_TYPE_PREFERENCES_WINDOW (dabiao_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoPreferencesWindow, dabiao_preferences_window, DABIAO, PREFERENCES_WINDOW, AdwPreferencesWindow)

DabiaoPreferencesWindow *dabiao_preferences_window_new        (GtkWindow               *parent);
void                     dabiao_preferences_window_set_ports  (DabiaoPreferencesWindow *self,
                                                               const char * const      *ports,
                                                               const char * const      *descriptions,
                                                               const char              *in_use);
void                     dabiao_preferences_window_set_profiles (DabiaoPreferencesWindow *self,
                                                               const char * const      *profiles,
                                                               const char * const      *titles);
char                    *dabiao_preferences_window_get_port   (DabiaoPreferencesWindow *self);
void                     dabiao_preferences_window_add_traffic (DabiaoPreferencesWindow *self,
                                                               const DabiaoTraffic     *traffic);
char                    *dabiao_preferences_window_get_console_text (DabiaoPreferencesWindow *self);
char                    *dabiao_format_traffic                (const DabiaoTraffic     *traffic);

const char *dabiao_preferences_window_get_server_status (DabiaoPreferencesWindow *self);

G_END_DECLS
