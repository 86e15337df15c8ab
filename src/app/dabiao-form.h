/* dabiao-form.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-event-items.h"

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

/* The typed-result field (manual entry at the station, 更正 in the window):
 * an entry named @name with @placeholder (also its accessible label), and
 * under it the line "value-understood" that dabiao_form_show_value() fills;
 * both appended to @box.  Returns the entry and sets *@understood. */
GtkEntry    *dabiao_form_add_value    (GtkBox      *box,
                                       const char  *name,
                                       const char  *placeholder,
                                       GtkLabel   **understood);
/* Reads @text as a value of @item into @read (cleared first) and says on
 * @understood what it was read as, or why it is no value (in error style;
 * nothing for an empty field); an implausible value shows the range in
 * warning style.  Returns read->verdict. */
DabiaoValueVerdict dabiao_form_show_value (GtkLabel              *understood,
                                           const DabiaoEventItem *item,
                                           const char            *text,
                                           DabiaoValueRead       *read);

G_END_DECLS
