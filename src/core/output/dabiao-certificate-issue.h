/* dabiao-certificate-issue.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-certificate.h"
#include "dabiao-event.h"

G_BEGIN_DECLS

/* Issuing certificates against an event file, in two steps so that numbers
 * are spent only when the output exists:
 *
 *   run = dabiao_certificate_run_new (event, persons, &request, &error);
 *   pages = dabiao_certificate_run_get_pages (run);
 *   … write the PDF (renamed into place) or print it …
 *   dabiao_certificate_run_commit (run, &error);   // one transaction
 *
 * run_new only reads: a new certificate gets the next number of the one
 * numbering (dabiao_certificate_next_number over every number the event
 * holds), a certificate issued before is printed again exactly as it was
 * (its stored content and template); with @reissue it is marked 补发 with
 * today's date.  Nothing is written until commit, so a cancelled, failed
 * or killed export spends nothing. */

typedef struct
{
  /* NULL: the event's stored template ("certificate-template"), else the
   * default for the event's standard. */
  const DabiaoCertificateTemplate *tmpl;
  const char                      *min_level;   /* NULL: the template's */
  gboolean                         reissue;     /* 补发 for those issued before */
  const char                      *issue_date;  /* as printed; NULL: today */
  int                              year;        /* in new numbers; 0: the test date's year */
} DabiaoCertificateRequest;

typedef struct _DabiaoCertificateRun DabiaoCertificateRun;

/* @persons: whom to consider (the export's selection); those at or above
 * the minimum level get a certificate.  Fails (DABIAO_ERROR_NOT_FOUND,
 * naming the level) when nobody does, and (DABIAO_ERROR_INVALID_INPUT)
 * when there is no issuer (neither the template's nor the event's 主办单位). */
DabiaoCertificateRun *dabiao_certificate_run_new       (DabiaoEvent                    *event,
                                                        GPtrArray                      *persons,
                                                        const DabiaoCertificateRequest *request,
                                                        GError                        **error);
void                  dabiao_certificate_run_free      (DabiaoCertificateRun           *run);
/* The pages (a new reference). */
DabiaoPages          *dabiao_certificate_run_get_pages (DabiaoCertificateRun           *run);
/* Certificates on the pages: new ones, reprints of issued ones (as they
 * were) and reissues (补发); @n_outdated: reprinted ones whose current
 * level or total differs from what they say. */
void                  dabiao_certificate_run_get_counts (DabiaoCertificateRun          *run,
                                                         guint                         *n_new,
                                                         guint                         *n_reprints,
                                                         guint                         *n_reissues,
                                                         guint                         *n_outdated);
/* The printed certificates, in page order (DabiaoCertificatePrint, owned by
 * the run). */
GPtrArray            *dabiao_certificate_run_get_prints (DabiaoCertificateRun          *run);
/* Records what was printed, in one transaction (on the event's thread). */
gboolean              dabiao_certificate_run_commit    (DabiaoCertificateRun           *run,
                                                        GError                        **error);

/* The event's certificate template: the stored one (@stored TRUE), else the
 * default for the event's standard. */
DabiaoCertificateTemplate *dabiao_certificate_event_template (DabiaoEvent  *event,
                                                              gboolean     *stored,
                                                              GError      **error);
/* Keeps @tmpl as the event's template (audited setting). */
gboolean                   dabiao_certificate_event_store_template (DabiaoEvent                      *event,
                                                                    const DabiaoCertificateTemplate  *tmpl,
                                                                    GError                          **error);

/* What `certificates verify` answers. */
typedef enum
{
  DABIAO_CERTIFICATE_GENUINE,
  DABIAO_CERTIFICATE_WRONG_CODE,      /* the number exists, the code is not its */
  DABIAO_CERTIFICATE_UNKNOWN_NUMBER,  /* no such number in the event */
  DABIAO_CERTIFICATE_OTHER_KEY,       /* signed with a key this computer lacks */
} DabiaoCertificateVerdict;

/* Checks a certificate's @number and @code against the event's register
 * and this computer's key.  @content (nullable) receives what the
 * certificate says, for a person to compare with the paper. */
gboolean dabiao_certificate_verify (DabiaoEvent                *event,
                                    const char                 *number,
                                    const char                 *code,
                                    DabiaoCertificateVerdict   *verdict,
                                    DabiaoCertificateContent  **content,
                                    GError                    **error);

/* The register an organiser publishes: number, name, school, level, total,
 * issue date, check code, 补发 count, one row per certificate (.csv or
 * .xlsx). */
gboolean dabiao_certificate_write_register (DabiaoEvent  *event,
                                            const char   *path,
                                            guint        *n_rows,
                                            GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoCertificateRun, dabiao_certificate_run_free)

G_END_DECLS
