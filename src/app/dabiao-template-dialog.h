/* dabiao-template-dialog.h: the certificate template, edited with a live
 * preview.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-certificate.h"
#include "dabiao-event.h"

G_BEGIN_DECLS

/* Title, text (with {姓名} {等级} … fields), issuer, authority code,
 * lowest level, paper, verification address, the organiser's seal and
 * background images; beside them the certificate as it will print, redrawn
 * on every change.  Loads and saves the event's template on the event's
 * worker (dabiao_certificate_event_template / _store_template), audited;
 * ::saved after the save.  The certificate key (for the check codes) can be
 * exported from here for a second organiser computer. */

#define DABIAO_TYPE_TEMPLATE_DIALOG (dabiao_template_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoTemplateDialog, dabiao_template_dialog, DABIAO, TEMPLATE_DIALOG, AdwWindow)

DabiaoTemplateDialog      *dabiao_template_dialog_new          (GtkWindow            *parent,
                                                                DabiaoEvent          *event);
/* The template the fields describe (NULL until the event's is loaded). */
DabiaoCertificateTemplate *dabiao_template_dialog_get_template (DabiaoTemplateDialog *self);
/* Whether the stored template has been loaded into the fields. */
gboolean                   dabiao_template_dialog_get_loaded   (DabiaoTemplateDialog *self);
/* How often the preview was drawn (tests see it follow the fields). */
guint                      dabiao_template_dialog_get_n_previews (DabiaoTemplateDialog *self);

G_END_DECLS
