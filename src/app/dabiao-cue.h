/* dabiao-cue.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  DABIAO_CUE_SAVED,
  DABIAO_CUE_ERROR,
} DabiaoCue;

void dabiao_cue_play (GtkWidget *widget,
                      DabiaoCue  cue);

G_END_DECLS
