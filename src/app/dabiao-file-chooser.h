/* dabiao-file-chooser.h
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
  DABIAO_FILE_EVENT,   /* *.dabiao */
  DABIAO_FILE_TABLE,   /* *.csv, *.xlsx, *.xls */
  DABIAO_FILE_PDF,
  DABIAO_FILE_IMAGE,   /* *.png */
  DABIAO_FILE_KEY,     /* a certificate key (any file) */
} DabiaoFileKind;

/* Called with the chosen file, or %NULL when the person cancelled. */
typedef void (*DabiaoFileChosenFunc) (GFile    *file,
                                      gpointer  user_data);

void dabiao_choose_file_to_open (GtkWindow            *parent,
                                 const char           *title,
                                 DabiaoFileKind        kind,
                                 DabiaoFileChosenFunc  callback,
                                 gpointer              user_data);
/* The same, starting in @folder (nullable) rather than 最近使用. */
void dabiao_choose_file_to_open_in (GtkWindow            *parent,
                                    const char           *title,
                                    DabiaoFileKind        kind,
                                    GFile                *folder,
                                    DabiaoFileChosenFunc  callback,
                                    gpointer              user_data);
void dabiao_choose_file_to_save (GtkWindow            *parent,
                                 const char           *title,
                                 DabiaoFileKind        kind,
                                 const char           *suggested_name,
                                 DabiaoFileChosenFunc  callback,
                                 gpointer              user_data);

G_END_DECLS
