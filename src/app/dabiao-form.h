/* dabiao-form.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* What the edit dialogs (event details, certificate template) share: a
 * header bar with 取消 and a suggested 保存 (no window buttons), a problem
 * line under it, and entry rows.  Widget names ("cancel", "save",
 * "problem") are what the journey tests look for. */

/* Appends the header bar and the (hidden) problem line to @box; returns the
 * Cancel button and sets *@save and *@problem. */
GtkWidget   *dabiao_form_add_header   (GtkBox     *box,
                                       GtkWidget **save,
                                       GtkLabel  **problem);
/* Shows @message on the problem line, or hides it when NULL; @save becomes
 * sensitive as @save_sensitive says. */
void         dabiao_form_set_problem  (GtkLabel   *problem,
                                       GtkWidget  *save,
                                       const char *message,
                                       gboolean    save_sensitive);
/* An entry row titled @title, named @name, added to @group. */
AdwEntryRow *dabiao_form_add_entry    (AdwPreferencesGroup *group,
                                       const char          *title,
                                       const char          *name);

G_END_DECLS
