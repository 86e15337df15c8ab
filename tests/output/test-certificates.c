/* test-certificates.c: the certificate lifecycle on an event file — numbers
 * spent only when the PDF exists, reprints identical, 补发 on request, the
 * register, verification with the key kept outside the event, a killed or
 * cancelled export spends nothing.  Checked with pdftotext/pdftoppm and the
 * CLI as a user runs it.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "dabiao-certificate-issue.h"
#include "dabiao-error.h"
#include "dabiao-event-certificates.h"
#include "dabiao-event-details.h"
#include "dabiao-export.h"
#include "dabiao-i18n.h"
#include "output-testdata.h"

static char *tmpdir;

static char *
tmp_path (const char *name)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  g_unlink (path);
  return path;
}

/* Runs dabiao-cli with @args; @config: its XDG_CONFIG_HOME (the computer
 * whose key it uses), NULL for this process's. */
static char *
run_cli (const char         *config,
         const char * const *args,
         int                 expected_status,
         char              **err_out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (config != NULL)
    envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("DABIAO_CLI"));
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != expected_status)
    g_error ("dabiao-cli %s exited %d (expected %d):\n%s%s", (char *) argv->pdata[1], WEXITSTATUS (status),
             expected_status, out, err);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  return out;
}

static gboolean
have (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path == NULL)
    g_test_skip_printf ("%s is not installed", program);
  return path != NULL;
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  char *out = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL, NULL));
  return out;
}

/* Every page rendered (36 dpi), concatenated: two PDFs whose pages look
 * the same give the same bytes. */
static GBytes *
pdf_pixels (const char *pdf)
{
  g_autofree char *prefix = g_strconcat (pdf, ".pages", NULL);
  const char *argv[] = { "pdftoppm", "-r", "36", "-gray", pdf, prefix, NULL };
  g_autoptr(GByteArray) all = g_byte_array_new ();
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (guint page = 1; page < 100; page++)
    {
      g_autofree char *name = NULL;
      g_autofree char *data = NULL;
      gsize len;

      for (int width = 1; width <= 3 && data == NULL; width++)
        {
          g_free (name);
          name = g_strdup_printf ("%s-%0*u.pgm", prefix, width, page);
          g_file_get_contents (name, &data, &len, NULL);
        }
      if (data == NULL)
        break;
      g_byte_array_append (all, (guint8 *) data, len);
      g_unlink (name);
    }
  g_assert_cmpuint (all->len, >, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static GPtrArray *
records (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  GPtrArray *list;

  g_assert_no_error (error);
  list = dabiao_event_list_certificate_records (event, &error);
  g_assert_no_error (error);
  return list;
}

static guint
count_audit (const char *path,
             const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) audit = dabiao_event_list_audit (event, 0, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    if (g_str_equal (((DabiaoAuditEntry *) g_ptr_array_index (audit, i))->action, action))
      n++;
  return n;
}

static const DabiaoCertificateRecord *
record_of (GPtrArray  *list,
           const char *participant)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((DabiaoCertificateRecord *) g_ptr_array_index (list, i))->participant_id, participant))
      return g_ptr_array_index (list, i);
  g_error ("no certificate for %s", participant);
  return NULL;
}

#define LI_LEI "G320102201303010011"

static void
test_lifecycle (void)
{
  g_autofree char *event = tmp_path ("life.dabiao");
  g_autofree char *first = tmp_path ("first.pdf");
  g_autofree char *second = tmp_path ("second.pdf");
  g_autofree char *reissue = tmp_path ("reissue.pdf");
  g_autofree char *again = tmp_path ("reissue-again.pdf");
  g_autofree char *one = tmp_path ("one.pdf");
  g_autofree char *register_csv = tmp_path ("register.csv");
  g_autofree char *key_file = tmp_path ("key.txt");
  g_autofree char *other_config = g_build_filename (tmpdir, "other-computer", NULL);
  const char *export1[] = { "export", "certificates", event, "-o", first, "--authority", "320102",
                            "--issue-date", "2026年11月29日", NULL };
  const char *export2[] = { "export", "certificates", event, "-o", second, "--authority", "320102", NULL };
  const char *export3[] = { "export", "certificates", event, "-o", reissue, "--reissue", "--participant", LI_LEI,
                            "--issue-date", "2026年12月1日", NULL };
  const char *export4[] = { "export", "certificates", event, "-o", again, "--participant", LI_LEI, NULL };
  const char *unknown[] = { "export", "certificates", event, "-o", one, "--participant", "G000", NULL };
  const char *bad_level[] = { "export", "certificates", event, "-o", one, "--min-level", "超级", NULL };
  const char *list[] = { "certificates", "list", event, "-o", register_csv, NULL };
  const char *key_export[] = { "certificates", "key", "--export", key_file, NULL };
  const char *key_import[] = { "certificates", "key", "--import", key_file, NULL };
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GBytes) pixels1 = NULL;
  g_autoptr(GBytes) pixels2 = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *err = NULL;
  g_autoptr(DabiaoCertificateContent) li = NULL;
  const DabiaoCertificateRecord *record;

  if (!have ("pdftotext") || !have ("pdftoppm"))
    return;
  output_test_make_event (event);

  /* First export: numbers 1…n in roster order, each with what it printed. */
  g_free (run_cli (NULL, export1, 0, NULL));
  issued = records (event);
  g_assert_cmpuint (issued->len, ==, 3);
  for (guint i = 0; i < issued->len; i++)
    {
      const DabiaoCertificateRecord *r = g_ptr_array_index (issued, i);
      g_autofree char *expected = g_strdup_printf ("2026320102%06u", i + 1);
      g_autoptr(DabiaoCertificateContent) c = dabiao_certificate_content_from_json (r->printed, NULL);

      g_assert_cmpstr (r->number, ==, expected);
      g_assert_nonnull (c);
      g_assert_cmpstr (c->number, ==, r->number);
      g_assert_cmpstr (c->issuer, ==, "南京市玄武区教育局");
      g_assert_cmpuint (strlen (c->code), ==, 16);
      g_assert_cmpuint (r->reissues, ==, 0);
    }
  g_assert_cmpuint (count_audit (event, "certificate"), ==, 1);
  text1 = pdf_text (first);
  g_assert_nonnull (strstr (text1, "2026320102000001"));
  g_assert_nonnull (strstr (text1, "南京市玄武区教育局"));
  g_assert_nonnull (strstr (text1, "2026年10月15日"));
  g_assert_nonnull (strstr (text1, "2026年11月29日"));
  g_assert_nonnull (strstr (text1, "盖章处"));
  /* A student's labels, not "年级/组别" (findings-15b #8). */
  g_assert_nonnull (strstr (text1, "年级："));
  g_assert_null (strstr (text1, "年级/组别"));
  g_assert_null (strstr (text1, "孙免测"));
  g_assert_null (strstr (text1, "张缺测"));
  g_assert_null (strstr (text1, "补发"));

  /* Again (another day, no date given): the same pages, nothing spent,
   * nothing written to the event. */
  g_free (run_cli (NULL, export2, 0, NULL));
  text2 = pdf_text (second);
  g_assert_cmpstr (text1, ==, text2);
  pixels1 = pdf_pixels (first);
  pixels2 = pdf_pixels (second);
  g_assert_true (g_bytes_equal (pixels1, pixels2));
  later = records (event);
  g_assert_cmpuint (later->len, ==, 3);
  g_assert_cmpuint (count_audit (event, "certificate"), ==, 1);
  g_clear_pointer (&later, g_ptr_array_unref);

  /* A lost certificate: 补发 for that one only, the same number and
   * content, the reissue date beside the original one. */
  g_free (run_cli (NULL, export3, 0, NULL));
  g_free (text2);
  text2 = pdf_text (reissue);
  g_assert_nonnull (strstr (text2, "补发"));
  g_assert_nonnull (strstr (text2, "2026年12月1日"));
  g_assert_nonnull (strstr (text2, "2026年11月29日"));
  g_assert_nonnull (strstr (text2, record_of (issued, LI_LEI)->number));
  g_assert_null (strstr (text2, "韩梅梅"));
  later = records (event);
  for (guint i = 0; i < later->len; i++)
    {
      const DabiaoCertificateRecord *r = g_ptr_array_index (later, i);

      g_assert_cmpuint (r->reissues, ==, g_str_equal (r->participant_id, LI_LEI) ? 1 : 0);
      g_assert_cmpstr (r->printed, ==, ((DabiaoCertificateRecord *) g_ptr_array_index (issued, i))->printed);
    }
  record = record_of (later, LI_LEI);
  g_assert_cmpstr (record->reissue_date, ==, "2026年12月1日");
  g_assert_cmpuint (count_audit (event, "certificate"), ==, 2);

  /* Printed again without asking for a reissue: as last issued. */
  g_free (run_cli (NULL, export4, 0, NULL));
  g_free (text1);
  text1 = pdf_text (again);
  g_assert_cmpstr (text1, ==, text2);
  g_assert_cmpuint (count_audit (event, "certificate"), ==, 2);

  /* Printed again on other paper (issued on A4): the same certificate on
   * the paper asked for, not silently on the old one. */
  {
    g_autofree char *a5 = tmp_path ("again-a5.pdf");
    const char *export5[] = { "export", "certificates", event, "-o", a5, "--participant", LI_LEI, "--paper", "a5", NULL };
    const char *info[] = { "pdfinfo", a5, NULL };
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;

    g_free (run_cli (NULL, export5, 0, NULL));
    g_assert_true (g_spawn_sync (NULL, (char **) info, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL, NULL));
    g_assert_nonnull (strstr (out, "419.5"));  /* A5: 419.53 × 595.28 pt */
    text = pdf_text (a5);
    g_assert_nonnull (strstr (text, record->number));
    g_assert_nonnull (strstr (text, "补发"));
    g_assert_nonnull (strstr (text, "2026年11月29日"));
    g_assert_cmpuint (count_audit (event, "certificate"), ==, 2);
  }

  g_free (run_cli (NULL, unknown, 1, &err));
  g_assert_nonnull (strstr (err, "G000"));
  g_assert_false (g_file_test (one, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  g_free (run_cli (NULL, bad_level, 2, &err));
  g_assert_nonnull (strstr (err, "超级"));

  /* The register and verification. */
  g_free (run_cli (NULL, list, 0, NULL));
  {
    g_autofree char *csv = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true (g_file_get_contents (register_csv, &csv, NULL, NULL));
    lines = g_strsplit (csv, "\r\n", -1);
    g_assert_true (g_str_has_prefix (lines[0], "\xef\xbb\xbf证书编号,姓名,学校/单位,等级,总分,发证日期,校验码,补发次数,补发日期"));
    g_assert_cmpuint (g_strv_length (lines), ==, 5); /* header, 3 rows, "" */
    li = dabiao_certificate_content_from_json (record->printed, NULL);
    {
      g_autofree char *row = g_strdup_printf ("%s,%s,%s,%s,%s,%s,%s,1,2026年12月1日", li->number, li->name, li->school,
                                              li->level, li->total, li->issue_date, li->code);

      g_assert_true (g_strv_contains ((const char * const *) lines, row));
    }
  }
  {
    g_autofree char *lower = g_ascii_strdown (li->code, -1);
    const char *verify[] = { "certificates", "verify", li->number, lower, "--event", event, NULL };
    const char *wrong[] = { "certificates", "verify", li->number, "0000000000000000", "--event", event, NULL };
    const char *nobody[] = { "certificates", "verify", "2026320102999999", li->code, "--event", event, NULL };
    g_autofree char *out = run_cli (NULL, verify, 0, NULL);

    /* Typed in lower case it is the same code; the answer names the
     * person to compare with the paper. */
    g_assert_nonnull (strstr (out, li->name));
    g_assert_nonnull (strstr (out, li->level));
    g_free (run_cli (NULL, wrong, 1, NULL));
    g_free (run_cli (NULL, nobody, 1, NULL));

    /* A second organiser computer cannot tell until it has the key. */
    g_free (run_cli (other_config, verify, 1, NULL));
    g_free (run_cli (NULL, key_export, 0, NULL));
    g_free (run_cli (other_config, key_import, 0, NULL));
    g_free (run_cli (other_config, verify, 0, NULL));
  }
  /* The key is not in the event file. */
  {
    g_autofree char *key_text = NULL;
    g_autofree char *event_bytes = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (key_file, &key_text, NULL, NULL));
    g_strstrip (key_text);
    g_assert_cmpuint (strlen (key_text), ==, 64);
    g_assert_true (g_file_get_contents (event, &event_bytes, &len, NULL));
    g_assert_null (g_strstr_len (event_bytes, len, key_text));
  }
}

/* No issuer: refused before anything is written or spent. */
static void
test_no_issuer (void)
{
  g_autofree char *event = tmp_path ("no-issuer.dabiao");
  g_autofree char *pdf = tmp_path ("no-issuer.pdf");
  const char *args[] = { "export", "certificates", event, "-o", pdf, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  output_test_make_event (event);
  {
    g_autoptr(DabiaoEvent) e = dabiao_event_open (event, DABIAO_EVENT_OPEN_NONE, &error);
    g_autoptr(DabiaoEventDetails) details = dabiao_event_get_details (e, &error);

    g_free (details->organizer), details->organizer = g_strdup ("");
    g_assert_true (dabiao_event_set_details (e, details, &error));
    g_assert_no_error (error);
  }
  g_free (run_cli (NULL, args, 1, &err));
  g_assert_nonnull (strstr (err, "主办单位"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  list = records (event);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
cancel_halfway (double      fraction,
                const char *what,
                gpointer    user_data)
{
  /* Pages are drawn from 0.3 on; cancel during the drawing. */
  if (fraction > 0.4)
    g_cancellable_cancel (user_data);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Cancelled while the PDF is written: no file, no numbers. */
static void
test_cancelled (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "cancel", NULL);
  g_autofree char *event_path = g_build_filename (tmpdir, "cancel.dabiao", NULL);
  g_autofree char *pdf = g_build_filename (dir, "certs.pdf", NULL);
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoExportRequest) request = dabiao_export_request_new (DABIAO_EXPORT_CERTIFICATES, pdf);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(DabiaoExportReport) report = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0755);
  g_unlink (event_path);
  output_test_make_event (event_path);
  event = dabiao_event_open (event_path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (dabiao_export_run (event, request, cancel_halfway, cancellable, cancellable, &report, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (dir), ==, 0);
  list = dabiao_event_list_certificate_records (event, NULL);
  g_assert_cmpuint (list->len, ==, 0);

  /* Not cancelled, the same request works. */
  g_clear_error (&error);
  g_assert_true (dabiao_export_run (event, request, NULL, NULL, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_new, ==, 3);
  g_assert_cmpuint (count_files (dir), ==, 1);
}

/* A whole school of certificates, killed while the PDF is written: the
 * event counts none issued and nothing is left in the folder (the PDF is
 * an unnamed file until it is complete). */
static void
test_killed (void)
{
  g_autofree char *dir = g_build_filename (tmpdir, "killed", NULL);
  g_autofree char *event_path = g_build_filename (tmpdir, "killed.dabiao", NULL);
  g_autofree char *pdf = g_build_filename (dir, "certs.pdf", NULL);
  const char *argv[] = { g_getenv ("DABIAO_CLI"), "export", "certificates", event_path, "-o", pdf, NULL };
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GPtrArray) persons = output_test_make_persons (300, 1, 5);
  g_autoptr(GArray) infos = g_array_new (FALSE, TRUE, sizeof (DabiaoParticipantInfo));
  g_autoptr(GArray) requests = g_array_new (FALSE, TRUE, sizeof (DabiaoRecordRequest));
  g_autoptr(GError) error = NULL;
  DabiaoEventInfo info = { "杀掉的导出", "student-2014", "2026-10-15", "", "某区教育局" };
  const guint delays_ms[] = { 150, 600, 1200, 2000 };
  guint n_killed = 0;
  GPid pid;
  int status;

  g_mkdir_with_parents (dir, 0755);
  g_unlink (event_path);
  event = dabiao_event_create (event_path, &info, &error);
  g_assert_no_error (error);
  /* 300 students of 初一 who ran and jumped well enough for 及格. */
  for (guint i = 0; i < persons->len; i++)
    {
      DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      DabiaoParticipantInfo pi = { p->student_no, p->name, dabiao_results_person_sex_code (p), "2013-03-01", "", 21, "2101", "1班", "01", "",
                                   "4401", "" };
      const char *items[] = { "height", "weight", "vital_capacity", "run_50m", "sit_and_reach",
                              "standing_long_jump", p->sex == DABIAO_SEX_MALE ? "pull_up" : "sit_up_1min",
                              p->sex == DABIAO_SEX_MALE ? "run_1000m" : "run_800m" };
      const double values[] = { 160, 50, 4000, 7.5, 15, 230, p->sex == DABIAO_SEX_MALE ? 12 : 50, 210 };

      g_array_append_val (infos, pi);
      for (guint k = 0; k < G_N_ELEMENTS (items); k++)
        {
          DabiaoRecordRequest r = { .participant_id = p->student_no, .item = items[k], .has_value = TRUE,
                                    .value = values[k], .source = DABIAO_SOURCE_MANUAL };

          g_array_append_val (requests, r);
        }
    }
  g_assert_true (dabiao_event_add_participants (event, (DabiaoParticipantInfo *) infos->data, infos->len, NULL,
                                                NULL, &error));
  g_assert_true (dabiao_event_record_many (event, (DabiaoRecordRequest *) requests->data, requests->len, &error));
  g_assert_no_error (error);
  dabiao_event_close (event);
  g_clear_object (&event);

  /* Killed at several moments: either it finished (PDF and numbers) or
   * nothing at all — no PDF, no hidden part file, no number. */
  for (guint round = 0; round < G_N_ELEMENTS (delays_ms); round++)
    {
      g_autoptr(GPtrArray) list = NULL;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_usleep (delays_ms[round] * 1000);
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);
      list = records (event_path);
      if (WIFSIGNALED (status))
        {
          n_killed++;
          g_assert_cmpuint (count_files (dir), ==, 0);
          g_assert_cmpuint (list->len, ==, 0);
          g_assert_cmpuint (count_audit (event_path, "certificate"), ==, 0);
          /* As the organiser sees it: `event show` counts none issued. */
          {
            const char *show[] = { "event", "show", event_path, NULL };
            g_autofree char *out = run_cli (NULL, show, 0, NULL);

            g_assert_nonnull (strstr (out, "已发证书: 0\n"));
          }
        }
      else
        {
          g_test_message ("round %u finished before it was killed", round);
          g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
          g_assert_cmpuint (list->len, ==, 300);
          {
            const char *show[] = { "event", "show", event_path, NULL };
            g_autofree char *out = run_cli (NULL, show, 0, NULL);

            g_assert_nonnull (strstr (out, "已发证书: 300\n"));
          }
          break;
        }
    }
  g_test_message ("%u rounds killed mid-way", n_killed);
  g_assert_cmpuint (n_killed, >, 0);
}

/* A template given once is kept in the event; certificates issued before
 * keep theirs when printed again. */
static void
test_template (void)
{
  g_autofree char *event = tmp_path ("template.dabiao");
  g_autofree char *json_path = tmp_path ("template.json");
  g_autofree char *with = tmp_path ("with.pdf");
  g_autofree char *later = tmp_path ("later.pdf");
  g_autofree char *bad_path = tmp_path ("bad-template.json");
  const char *args1[] = { "export", "certificates", event, "-o", with, "--template", json_path, NULL };
  const char *args2[] = { "export", "certificates", event, "-o", later, NULL };
  const char *bad[] = { "export", "certificates", event, "-o", later, "--template", bad_path, NULL };
  g_autoptr(DabiaoCertificateTemplate) tmpl = dabiao_certificate_template_new_for_standard ("国家学生体质健康标准", TRUE);
  g_autoptr(DabiaoCertificateTemplate) stored = NULL;
  g_autoptr(DabiaoEvent) e = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *kept = NULL;
  gboolean is_stored = FALSE;

  if (!have ("pdftotext"))
    return;
  output_test_make_event (event);
  g_free (tmpl->title), tmpl->title = g_strdup ("玄武区体质达标证书");
  g_free (tmpl->issuer), tmpl->issuer = g_strdup ("玄武区体育局");
  g_free (tmpl->body), tmpl->body = g_strdup ("{姓名}在{测试名称}中达到{等级}。");
  json = dabiao_certificate_template_to_json (tmpl);
  g_assert_true (g_file_set_contents (json_path, json, -1, NULL));

  g_free (run_cli (NULL, args1, 0, NULL));
  e = dabiao_event_open (event, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  stored = dabiao_certificate_event_template (e, &is_stored, &error);
  g_assert_no_error (error);
  g_assert_true (is_stored);
  g_assert_cmpstr (stored->title, ==, "玄武区体质达标证书");
  /* And the template each certificate was printed with. */
  hash = dabiao_certificate_template_hash (tmpl);
  kept = g_strconcat (DABIAO_SETTING_CERTIFICATE_TEMPLATE_PREFIX, hash, NULL);
  g_free (json);
  json = dabiao_event_get_setting (e, kept, &error);
  g_assert_nonnull (json);
  g_clear_object (&e);

  text = pdf_text (with);
  g_assert_nonnull (strstr (text, "玄武区体质达标证书"));
  g_assert_nonnull (strstr (text, "玄武区体育局"));
  g_assert_nonnull (strstr (text, "李雷在2026年秋季体质健康测试中达到"));

  /* A bad template file is refused and the stored one stays. */
  g_assert_true (g_file_set_contents (bad_path, "{\"title\": ", -1, NULL));
  g_free (run_cli (NULL, bad, 2, &err));
  g_assert_nonnull (strstr (err, "bad-template.json"));
  g_free (run_cli (NULL, args2, 0, NULL));
  g_free (text);
  text = pdf_text (later);
  g_assert_nonnull (strstr (text, "玄武区体质达标证书"));
}

/* Certificates issued at one computer print the same at another after a
 * merge. */
static void
test_merge (void)
{
  g_autofree char *a = tmp_path ("merge-a.dabiao");
  g_autofree char *b = tmp_path ("merge-b.dabiao");
  g_autofree char *pdf_a = tmp_path ("merge-a.pdf");
  g_autofree char *pdf_b = tmp_path ("merge-b.pdf");
  g_autofree char *contents = NULL;
  const char *export_a[] = { "export", "certificates", a, "-o", pdf_a, NULL };
  const char *export_b[] = { "export", "certificates", b, "-o", pdf_b, NULL };
  const char *merge[] = { "merge", b, a, NULL };
  gsize len;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (!have ("pdftotext"))
    return;
  output_test_make_event (a);
  g_assert_true (g_file_get_contents (a, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (b, contents, len, NULL));
  g_free (run_cli (NULL, export_a, 0, NULL));
  g_free (run_cli (NULL, merge, 0, NULL));
  list = records (b);
  g_assert_cmpuint (list->len, ==, 3);
  g_free (run_cli (NULL, export_b, 0, NULL));
  text_a = pdf_text (pdf_a);
  text_b = pdf_text (pdf_b);
  g_assert_cmpstr (text_a, ==, text_b);
  g_assert_cmpuint (count_audit (b, "certificate"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  int ret;

  tmpdir = g_dir_make_tmp ("dabiao-certificates-XXXXXX", &error);
  g_assert_no_error (error);
  /* This computer's key lives here, apart from every other test's. */
  config = g_build_filename (tmpdir, "this-computer", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  output_test_suppress_font_leaks_in_children (tmpdir);

  g_test_add_func ("/certificates/lifecycle", test_lifecycle);
  g_test_add_func ("/certificates/no-issuer", test_no_issuer);
  g_test_add_func ("/certificates/cancelled", test_cancelled);
  g_test_add_func ("/certificates/killed", test_killed);
  g_test_add_func ("/certificates/template", test_template);
  g_test_add_func ("/certificates/merge", test_merge);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
