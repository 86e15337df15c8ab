/* dabiao-application.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DABIAO_TYPE_APPLICATION (dabiao_application_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoApplication, dabiao_application, DABIAO, APPLICATION, AdwApplication)

DabiaoApplication *dabiao_application_new          (void);
GSettings         *dabiao_application_get_settings (DabiaoApplication *self);

G_END_DECLS
