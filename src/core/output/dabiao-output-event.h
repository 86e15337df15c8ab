/* dabiao-output-event.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-certificate.h"
#include "dabiao-event.h"
#include "dabiao-output.h"
#include "dabiao-standard.h"

G_BEGIN_DECLS

/* What certificates call the event's test (国民体质测定标准测试), from its
 * standard. */
char      *dabiao_output_event_dup_test_name (DabiaoEvent  *event,
                                              GError      **error);

/* The event setting that holds the certificate template (JSON of
 * dabiao_certificate_template_to_json()), so it travels with the file. */
#define DABIAO_SETTING_CERTIFICATE_TEMPLATE "certificate-template"

/* The event's stored certificate template, or (@stored FALSE) the default
 * one named after the event's test.  Fails when the stored JSON is bad. */
DabiaoCertificateTemplate *dabiao_output_event_load_template  (DabiaoEvent                      *event,
                                                               gboolean                         *stored,
                                                               GError                          **error);
/* Store @tmpl in the event (audited; replaces the previous one). */
gboolean                   dabiao_output_event_store_template (DabiaoEvent                      *event,
                                                               const DabiaoCertificateTemplate  *tmpl,
                                                               GError                          **error);

/* A certificate registry on the event's table of issued certificates: a
 * participant who has a certificate gets the same number again (a reprint);
 * new numbers continue the highest serial under the prefix and are stored
 * with dabiao_event_add_certificate (unique there). */
typedef struct _DabiaoEventCertificateBook DabiaoEventCertificateBook;

DabiaoEventCertificateBook *dabiao_event_certificate_book_new   (DabiaoEvent  *event,
                                                                 const char   *issued_by,
                                                                 GError      **error);
void                        dabiao_event_certificate_book_free  (DabiaoEventCertificateBook *book);
/* A DabiaoCertificateIssueFunc; @book is a DabiaoEventCertificateBook. */
gboolean                    dabiao_event_certificate_book_issue (gpointer                   book,
                                                                 const DabiaoResultsPerson  *person,
                                                                 const char                *prefix,
                                                                 guint                      serial_digits,
                                                                 char                     **number,
                                                                 guint                     *reprint_count,
                                                                 GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoEventCertificateBook, dabiao_event_certificate_book_free)

G_END_DECLS
