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
  g_autoptr(DabiaoCertificateTemplate) tmpl = dabiao_certificate_template_new_for_standard ("国家学生体质健康标准（2014年修订）", TRUE);
  g_autoptr(GPtrArray) prints = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_certificate_print_free);
  guint8 raw_key[32] = { 1 };
  g_autoptr(GBytes) key = g_bytes_new (raw_key, sizeof raw_key);
  g_autoptr(DabiaoPages) cert_pages = NULL;
  g_autoptr(DabiaoPages) badge_pages = NULL;
  g_autoptr(DabiaoPages) card_pages = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-bench-pdf-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  DabiaoBadgeLayout layout;
  guint i;

  g_free (tmpl->issuer);
  tmpl->issuer = g_strdup ("南京市玄武区教育局");
  /* Everyone gets one: exactly n certificates, as issuing makes them. */
  for (i = 0; i < persons->len; i++)
    {
      g_autoptr(DabiaoCertificateContent) c = dabiao_certificate_content_new_for_person (g_ptr_array_index (persons, i));

#define SET(f, v) g_free (c->f), c->f = (v)
      SET (number, g_strdup_printf ("2026320102%06u", i + 1));
      SET (test_name, g_strdup ("2026年秋季体质健康测试"));
      SET (test_date, g_strdup ("2026年10月15日"));
      SET (standard, g_strdup ("国家学生体质健康标准"));
      SET (issuer, g_strdup (tmpl->issuer));
      SET (issue_date, g_strdup ("2026年11月29日"));
      SET (template_hash, g_strdup ("bench"));
#undef SET
      g_free (c->code);
      c->code = dabiao_certificate_code (key, c);
      g_ptr_array_add (prints, dabiao_certificate_print_new (c, tmpl, 0, NULL));
    }
  cert_pages = dabiao_certificates_pages_new (prints);
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
