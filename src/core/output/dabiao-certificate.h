/* dabiao-certificate.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-output.h"
#include "dabiao-pages.h"

G_BEGIN_DECLS

/* 达标 certificates: a template stored in the event (as JSON), numbers
 * allocated by a registry (the event file's table of issued certificates)
 * so that they are unique and a second issue is a reprint, a QR code with
 * the number and a verification hash, one page per certificate. */

typedef struct
{
  char        *title;          /* 国家体育锻炼标准达标证书 */
  char        *issuer;         /* 发证单位, also the drawn seal's text */
  char        *authority_code; /* in the number: year + authority code + serial */
  guint        serial_digits;  /* 6 */
  char        *min_level;      /* lowest level that earns a certificate: 及格 */
  char        *test_name;      /* the test named in the text: 国家学生体质健康标准测试 */
  char        *test_date;      /* 测试日期 as printed, or NULL */
  char       **fields;         /* which fields, in order (see below); NULL: all */
  DabiaoPaper  paper;
  GBytes      *seal_png;       /* or NULL: a drawn seal */
  GBytes      *background_png; /* or NULL: a drawn border */
} DabiaoCertificateTemplate;

/* Field keys: "name" 姓名, "sex" 性别, "birth" 出生日期, "group" 年级/年龄组,
 * "id" 学籍号 or 身份证号, "school" 学校, "test-date" 测试日期, "level" 等级,
 * "total" 总分. */
extern const char * const dabiao_certificate_field_keys[];

DabiaoCertificateTemplate *dabiao_certificate_template_new_default (void);
void                       dabiao_certificate_template_free        (DabiaoCertificateTemplate *tmpl);
/* JSON, as stored in the event; images as base64. */
char                      *dabiao_certificate_template_to_json     (const DabiaoCertificateTemplate *tmpl);
DabiaoCertificateTemplate *dabiao_certificate_template_from_json   (const char  *json,
                                                                    GError     **error);

typedef struct
{
  const DabiaoResultsPerson *person;  /* not owned */
  char                     *number;  /* 证书编号 */
  guint                     reprint; /* 0: first issue; n: n-th reprint */
  char                     *hash;    /* verification hash: 16 upper-case hex digits */
  char                     *issue_date; /* 发证日期 as printed: 2026年11月29日 */
} DabiaoIssuedCertificate;

void  dabiao_issued_certificate_free (DabiaoIssuedCertificate *cert);

/* The registry: returns the certificate number of @person — the one issued
 * before (with *reprint_count > 0, already incremented) or a new one under
 * @prefix with @serial_digits digits (*reprint_count = 0). */
typedef gboolean (*DabiaoCertificateIssueFunc) (gpointer                   user_data,
                                                const DabiaoResultsPerson  *person,
                                                const char                *prefix,
                                                guint                      serial_digits,
                                                char                     **number,
                                                guint                     *reprint_count,
                                                GError                   **error);

/* A registry in memory (tests, previews): a GHashTable-backed book. */
typedef struct _DabiaoCertificateBook DabiaoCertificateBook;
DabiaoCertificateBook *dabiao_certificate_book_new   (void);
void                   dabiao_certificate_book_free  (DabiaoCertificateBook *book);
gboolean               dabiao_certificate_book_issue (gpointer                   book,
                                                      const DabiaoResultsPerson  *person,
                                                      const char                *prefix,
                                                      guint                      serial_digits,
                                                      char                     **number,
                                                      guint                     *reprint_count,
                                                      GError                   **error);

/* year + authority code, the part of the number before the serial. */
char      *dabiao_certificate_prefix      (const DabiaoCertificateTemplate *tmpl,
                                           int                              year);
/* Does @person earn a certificate under @tmpl (level at or above min_level,
 * not exempt)? */
gboolean   dabiao_certificate_eligible    (const DabiaoCertificateTemplate *tmpl,
                                           const DabiaoResultsPerson        *person);
/* The verification hash of a certificate: SHA-256 over number, name, ID,
 * birth date, level and total, first 16 hex digits. */
char      *dabiao_certificate_hash        (const char               *number,
                                           const DabiaoResultsPerson *person);
/* What the QR code carries: "DABIAO-CERT:<number>:<hash>". */
char      *dabiao_certificate_qr_payload  (const DabiaoIssuedCertificate *cert);

/* Issues certificates to the eligible persons, in order: numbers from
 * @issue.  @issue_date NULL: today.  Returns DabiaoIssuedCertificate* (owned by
 * the array); persons must outlive it. */
GPtrArray *dabiao_certificates_issue      (const DabiaoCertificateTemplate *tmpl,
                                           GPtrArray                       *persons,
                                           int                              year,
                                           const char                      *issue_date,
                                           DabiaoCertificateIssueFunc       issue,
                                           gpointer                         issue_data,
                                           GError                         **error);

/* One page per certificate.  Takes a reference on @certificates; copies
 * @tmpl. */
DabiaoPages *dabiao_certificates_pages_new (const DabiaoCertificateTemplate *tmpl,
                                            GPtrArray                       *certificates);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoCertificateTemplate, dabiao_certificate_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoCertificateBook, dabiao_certificate_book_free)

G_END_DECLS
