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

/* Certificates, the pure part: the template an organiser edits, the
 * content of one issued certificate (everything printed on it, kept in the
 * event so that a reprint is the same page), the check code (HMAC-SHA-256
 * under a key kept on the organiser's computer) and the pages.  Issuing
 * against an event file is dabiao-certificate-issue.h. */

/* ---- The template -------------------------------------------------------- */

typedef struct
{
  char        *title;          /* 国家学生体质健康标准测试证书 */
  /* The text, with fields in braces (dabiao_certificate_template_fields):
   * "{姓名}同学在{测试名称}中……". */
  char        *body;
  char        *issuer;         /* 发证单位; "" or NULL: the event's 主办单位 */
  char        *authority_code; /* in the number: year + authority code + serial */
  guint        serial_digits;  /* 6 */
  char        *min_level;      /* lowest level that earns a certificate: 及格 */
  char       **fields;         /* the table under the text (keys below); NULL: default */
  DabiaoPaper  paper;
  /* The organiser's seal image; NULL: a labelled space for a stamp
   * (盖章处) — a seal is never drawn by the program. */
  GBytes      *seal_png;
  GBytes      *background_png; /* NULL: a drawn border */
  /* Base of the verification URL in the QR code ("https://例.cn/verify");
   * NULL or "": the QR code carries plain text. */
  char        *verify_url;
} DabiaoCertificateTemplate;

/* Table field keys: "name" 姓名, "sex" 性别, "birth" 出生日期, "group"
 * 年级/组别, "id" 学籍号/证件号, "school" 学校/单位, "test-date" 测试日期,
 * "level" 等级, "total" 总分. */
extern const char * const dabiao_certificate_field_keys[];

/* The fields the body text may use, in braces, and what they become:
 * 姓名 性别 出生日期 年级 学校 等级 总分 测试名称 日期 (the test date)
 * 标准 (the standard's name: 国家学生体质健康标准) 主办单位 发证日期. */
extern const char * const dabiao_certificate_template_fields[];

/* A template for an event scored against the standard named
 * @standard_name (国家学生体质健康标准（2014年修订）; its title in the
 * wording, without the bracketed edition); @students: the wording speaks to
 * a student (同学). */
DabiaoCertificateTemplate *dabiao_certificate_template_new_for_standard (const char *standard_name,
                                                                         gboolean    students);
DabiaoCertificateTemplate *dabiao_certificate_template_copy (const DabiaoCertificateTemplate *tmpl);
void                       dabiao_certificate_template_free (DabiaoCertificateTemplate *tmpl);
/* JSON, as stored in the event; images as base64.  Reads version 1
 * (test-name, test-date: now the event's) and 2. */
char                      *dabiao_certificate_template_to_json   (const DabiaoCertificateTemplate *tmpl);
DabiaoCertificateTemplate *dabiao_certificate_template_from_json (const char  *json,
                                                                  GError     **error);
/* The first 16 hex digits of the SHA-256 of the template's JSON: names the
 * template a certificate was printed with. */
char                      *dabiao_certificate_template_hash      (const DabiaoCertificateTemplate *tmpl);
/* Checks what an organiser typed: a title, a body whose braces name known
 * fields, serial digits 3–12, a minimum level, PNG images that load, a
 * verification URL starting with http:// or https://. */
gboolean                   dabiao_certificate_template_check     (const DabiaoCertificateTemplate *tmpl,
                                                                  GError                         **error);

/* ---- One certificate ------------------------------------------------------- */

/* Everything printed on one certificate, fixed when it is issued. */
typedef struct
{
  char *number;          /* 证书编号 */
  char *code;            /* 校验码: 16 upper-case hex digits */
  char *key_id;          /* which key made the code (dabiao_certificate_key_id) */
  char *participant_id;
  char *name;
  char *sex;             /* 男 / 女 / "" */
  char *birth;           /* 2010年3月1日 or "" */
  char *group;           /* 高一 / 20–24岁 … */
  char *id;              /* 学籍号 or 身份证号 */
  char *school;
  char *level;
  char *total;           /* as printed: "85.2" or "" */
  char *test_name;       /* the event's 活动名称 */
  char *test_date;       /* 2026年10月15日 or "" */
  char *standard;        /* 国家学生体质健康标准 */
  char *issuer;
  char *issue_date;      /* 2026年11月29日 */
  char *template_hash;   /* the template it was printed with */
} DabiaoCertificateContent;

DabiaoCertificateContent *dabiao_certificate_content_new       (void);
DabiaoCertificateContent *dabiao_certificate_content_copy      (const DabiaoCertificateContent *content);
void                      dabiao_certificate_content_free      (DabiaoCertificateContent       *content);
char                     *dabiao_certificate_content_to_json   (const DabiaoCertificateContent *content);
DabiaoCertificateContent *dabiao_certificate_content_from_json (const char                     *json,
                                                                GError                        **error);
/* The content of @person's certificate, without number and code. */
DabiaoCertificateContent *dabiao_certificate_content_new_for_person (const DabiaoResultsPerson *person);
/* The body text with its fields filled in. */
char                     *dabiao_certificate_render_body (const DabiaoCertificateTemplate *tmpl,
                                                          const DabiaoCertificateContent  *content);
/* What the QR code carries, ASCII only (readers guess the character set of
 * anything else): "@verify_url?n=NUMBER&c=CODE" (an IDN host as xn--…),
 * or without a URL the plain text "DABIAO-CERT:NUMBER:CODE". */
char                     *dabiao_certificate_qr_payload  (const DabiaoCertificateTemplate *tmpl,
                                                          const DabiaoCertificateContent  *content);

/* Does @person earn a certificate at @min_level (not exempt, level at or
 * above it)? */
gboolean   dabiao_certificate_eligible (const char               *min_level,
                                        const DabiaoResultsPerson *person);
/* year + authority code, the part of the number before the serial. */
char      *dabiao_certificate_prefix   (const DabiaoCertificateTemplate *tmpl,
                                        int                              year);
/* The next number under @prefix with @digits digits after the highest of
 * @numbers (every number issued so far); NULL with an error when the
 * serials are used up.  The one numbering of certificates. */
char      *dabiao_certificate_next_number (const char          *prefix,
                                           guint                digits,
                                           const char * const  *numbers,
                                           guint                n_numbers,
                                           GError             **error);

/* ---- The check code ---------------------------------------------------- */

/* The key lives in $XDG_CONFIG_HOME/dabiao/certificate-key (32 random
 * bytes as hex, mode 0600), never in an event file: an event file handed to
 * a school cannot make valid codes.  load creates it on first use
 * (@create) or fails with DABIAO_ERROR_NOT_FOUND. */
GBytes    *dabiao_certificate_key_load   (gboolean      create,
                                          GError      **error);
/* Copies the key to @path (for a second organiser computer; created first
 * when this computer has none yet), and back:
 * import refuses to replace a different key unless @replace (that refusal,
 * and only it, is DABIAO_ERROR_INVALID_INPUT; a file that holds no key is
 * DABIAO_ERROR_BAD_FILE). */
gboolean   dabiao_certificate_key_export (const char   *path,
                                          GError      **error);
gboolean   dabiao_certificate_key_import (const char   *path,
                                          gboolean      replace,
                                          GError      **error);
/* 8 hex digits naming a key (from its SHA-256), printed nowhere. */
char      *dabiao_certificate_key_id     (GBytes       *key);
/* HMAC-SHA-256 under @key over number, name, id, level, total and issue
 * date; the first 16 hex digits, upper case. */
char      *dabiao_certificate_code       (GBytes                         *key,
                                          const DabiaoCertificateContent *content);

/* ---- Pages ------------------------------------------------------------- */

/* One certificate as it is printed this time. */
typedef struct
{
  DabiaoCertificateContent  *content;
  DabiaoCertificateTemplate *tmpl;       /* the one it was issued with */
  guint                      reissues;   /* 0: as issued; n: 补发 n times */
  char                      *reissue_date;
} DabiaoCertificatePrint;

DabiaoCertificatePrint *dabiao_certificate_print_new  (const DabiaoCertificateContent  *content,
                                                       const DabiaoCertificateTemplate *tmpl,
                                                       guint                            reissues,
                                                       const char                      *reissue_date);
void                    dabiao_certificate_print_free (DabiaoCertificatePrint *print);

/* One page per certificate, from @prints (DabiaoCertificatePrint, a
 * reference is taken); the pages own everything they draw.  All prints
 * share the paper of the first. */
DabiaoPages *dabiao_certificates_pages_new (GPtrArray *prints);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoCertificateTemplate, dabiao_certificate_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoCertificateContent, dabiao_certificate_content_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoCertificatePrint, dabiao_certificate_print_free)

G_END_DECLS
