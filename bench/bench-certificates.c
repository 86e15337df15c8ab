/* bench-certificates.c: 1,000 certificates into one PDF (target < 30 s,
 * < 20 MB with the default font); badges and record cards for comparison.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "dabiao-badge.h"
#include "dabiao-certificate.h"
#include "dabiao-record-card.h"
#include "output-testdata.h"

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void
time_pdf (const char  *what,
          DabiaoPages *pages,
          const char  *path)
{
  g_autoptr(GError) error = NULL;
  double t0 = g_get_monotonic_time ();
  double c0 = cpu_seconds ();
  GStatBuf st;

  if (!dabiao_pages_write_pdf (pages, path, NULL, &error))
    g_error ("%s", error->message);
  g_stat (path, &st);
  g_print ("  %-14s %5u pages: %.2f s wall, %.2f s CPU, %.2f MB\n", what, dabiao_pages_get_n_pages (pages),
           (g_get_monotonic_time () - t0) / 1e6, cpu_seconds () - c0, st.st_size / 1e6);
  g_unlink (path);
}

int
main (int argc, char **argv)
{
  guint n = (setlocale (LC_ALL, ""), argc > 1 ? atoi (argv[1]) : 1000);
  g_autoptr(GPtrArray) persons = output_test_make_persons (n, 3, 11);
  g_autoptr(DabiaoCertificateTemplate) tmpl = dabiao_certificate_template_new_default ();
  g_autoptr(DabiaoCertificateBook) book = dabiao_certificate_book_new ();
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(DabiaoPages) cert_pages = NULL;
  g_autoptr(DabiaoPages) badge_pages = NULL;
  g_autoptr(DabiaoPages) card_pages = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-bench-pdf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  DabiaoBadgeLayout layout;
  guint i;

  g_free (tmpl->issuer);
  tmpl->issuer = g_strdup ("南京市玄武区教育局");
  g_free (tmpl->min_level);
  tmpl->min_level = g_strdup ("不及格");  /* everyone: exactly n certificates */
  for (i = 0; i < persons->len; i++)
    ((DabiaoResultsPerson *) g_ptr_array_index (persons, i))->exempt = FALSE;
  certs = dabiao_certificates_issue (tmpl, persons, 2026, "2026年11月29日",
                                     dabiao_certificate_book_issue, book, NULL);
  cert_pages = dabiao_certificates_pages_new (tmpl, certs);
  dabiao_badge_layout_init_default (&layout);
  badge_pages = dabiao_badges_pages_new (&layout, "2026年秋季体质健康测试", persons);
  card_pages = dabiao_record_cards_pages_new (persons, "2026—2027学年");

  g_print ("PDF export, %u participants (targets for certificates: < 30 s, < 20 MB)\n", n);
  time_pdf ("certificates", cert_pages, path);
  time_pdf ("badges", badge_pages, path);
  time_pdf ("record cards", card_pages, path);
  g_rmdir (dir);
  return 0;
}
