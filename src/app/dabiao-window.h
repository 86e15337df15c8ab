/* dabiao-window.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-application.h"

G_BEGIN_DECLS

#define DABIAO_TYPE_WINDOW (dabiao_window_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoWindow, dabiao_window, DABIAO, WINDOW, AdwApplicationWindow)

DabiaoWindow *dabiao_window_new (DabiaoApplication *application);

G_END_DECLS
