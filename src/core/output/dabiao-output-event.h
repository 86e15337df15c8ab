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

G_BEGIN_DECLS

/* Fills the exports' plain data from an event file: the roster, each item's
 * valid result (best attempt) and the scores of the event's standard. */

typedef struct
{
  /* 学校代码 for participants whose roster has no 单位 (organization);
   * NULL: the organization, else "". */
  const char *school_code;
  /* 学校 printed on cards and certificates; NULL: the name of the
   * participant's school (dabiao_event_details_school_name() of its
   * 单位), else the event's organiser. */
  const char *school_name;
} DabiaoOutputLoadOptions;

/* One DabiaoOutputPerson per participant, in the roster's id order.  A
 * participant with a 免测 item is exempt (the reason is that item's).
 * Item results carry the national item number as code.  Scores: items
 * scored by the standard get their score; with a weighted standard (student
 * 2014) an item's level follows the national item bands of the score
 * (优秀 ≥ 90, 良好 ≥ 80, 及格 ≥ 60, else 不及格); totals, 标准分, 附加分 and the
 * overall level only when every scored item has a value. */
GPtrArray *dabiao_output_load_event        (DabiaoEvent                   *event,
                                            const DabiaoOutputLoadOptions *options,
                                            GError                       **error);
void       dabiao_output_load_event_async  (DabiaoEvent                   *event,
                                            const DabiaoOutputLoadOptions *options,
                                            GCancellable                  *cancellable,
                                            GAsyncReadyCallback            callback,
                                            gpointer                       user_data);
GPtrArray *dabiao_output_load_event_finish (GAsyncResult                  *result,
                                            GError                       **error);

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

/* The GB/T 3304 name of a two-digit ethnicity code (01 → 汉族), or NULL. */
const char *dabiao_output_ethnic_name      (const char *code);

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
                                                                 const DabiaoOutputPerson  *person,
                                                                 const char                *prefix,
                                                                 guint                      serial_digits,
                                                                 char                     **number,
                                                                 guint                     *reprint_count,
                                                                 GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoEventCertificateBook, dabiao_event_certificate_book_free)

G_END_DECLS
