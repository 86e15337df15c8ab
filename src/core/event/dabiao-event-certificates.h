/* dabiao-event-certificates.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-event.h"

G_BEGIN_DECLS

/* The event's register of issued certificates: one row per number, with
 * what was printed on it (JSON of DabiaoCertificateContent, so a reprint
 * is the same page) and how often it was reissued (补发).  Rows are added
 * only by dabiao_event_record_certificates(), which an export calls after
 * its output exists (see dabiao-certificate-issue.h). */

typedef struct
{
  char   *number;
  char   *participant_id;
  char   *level;
  char   *issued_by;
  gint64  issued_at;       /* µs since the epoch */
  char   *printed;         /* JSON; "" for certificates issued before it was kept */
  guint   reissues;        /* 补发 so far */
  char   *reissue_date;    /* of the last 补发, as printed; "" */
} DabiaoCertificateRecord;

void       dabiao_certificate_record_free      (DabiaoCertificateRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoCertificateRecord, dabiao_certificate_record_free)

/* Every issued certificate, by number (element type DabiaoCertificateRecord). */
GPtrArray *dabiao_event_list_certificate_records (DabiaoEvent  *self,
                                                  GError      **error);
/* The one with @number, or NULL with DABIAO_ERROR_NOT_FOUND. */
DabiaoCertificateRecord *dabiao_event_find_certificate (DabiaoEvent  *self,
                                                        const char   *number,
                                                        GError      **error);

typedef enum
{
  DABIAO_CERTIFICATE_CHANGE_ISSUE,    /* a new number */
  DABIAO_CERTIFICATE_CHANGE_REISSUE,  /* 补发 of an issued number */
  DABIAO_CERTIFICATE_CHANGE_FILL,     /* keep what was printed for an older one */
} DabiaoCertificateChangeKind;

typedef struct
{
  DabiaoCertificateChangeKind  kind;
  const char                  *number;
  const char                  *participant_id;  /* ISSUE */
  const char                  *level;           /* ISSUE */
  gboolean                     has_total;       /* ISSUE */
  double                       total;           /* ISSUE */
  const char                  *issuer;          /* ISSUE */
  const char                  *printed;         /* ISSUE, FILL: the content's JSON */
  const char                  *reissue_date;    /* REISSUE */
} DabiaoCertificateChange;

/* Records @changes in one transaction with one audit entry ("certificate")
 * and the templates they were printed with (@templates: hash → template
 * JSON, kept as the settings "certificate-template.HASH"; nullable).  A
 * number that exists already (ISSUE) or does not (REISSUE, FILL) fails the
 * whole call: nothing is recorded. */
gboolean   dabiao_event_record_certificates (DabiaoEvent                   *self,
                                             const DabiaoCertificateChange *changes,
                                             guint                          n_changes,
                                             GHashTable                    *templates,
                                             GError                       **error);

/* The setting holding a template a certificate was printed with. */
#define DABIAO_SETTING_CERTIFICATE_TEMPLATE_PREFIX "certificate-template."

G_END_DECLS
