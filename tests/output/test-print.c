/* test-print.c: certificates, badges and record cards, checked in the PDF
 * with pdftotext, pdffonts, pdftoppm and zbarimg.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "dabiao-badge.h"
#include "dabiao-certificate.h"
#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-record-card.h"
#include "output-testdata.h"

static char *tmpdir;

/* Runs a tool; NULL (and the test skipped) when it is not installed. */
static char *
run_tool (const char * const *argv)
{
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (program == NULL)
    {
      g_test_skip_printf ("%s is not installed", argv[0]);
      return NULL;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };

  return run_tool (argv);
}

/* Every font embedded (pdffonts column "emb" = yes). */
static void
assert_fonts_embedded (const char *pdf)
{
  const char *argv[] = { "pdffonts", pdf, NULL };
  g_autofree char *out = run_tool (argv);
  g_auto(GStrv) lines = NULL;
  guint i, n = 0;

  if (out == NULL)
    return;
  lines = g_strsplit (out, "\n", -1);
  for (i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;

      if (lines[i][0] == '\0')
        continue;
      cols = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_test_message ("font: %s", lines[i]);
      g_assert_nonnull (strstr (lines[i], " yes "));
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* Renders page 1 into the build folder for review; returns the PNG's path. */
static char *
render_page (const char *pdf,
             const char *name,
             int         dpi)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "output", "rendered", NULL);
  g_autofree char *prefix = g_build_filename (dir, name, NULL);
  g_autofree char *res = g_strdup_printf ("%d", dpi);
  const char *argv[] = { "pdftoppm", "-png", "-singlefile", "-f", "1", "-l", "1", "-r", res, pdf, prefix, NULL };
  g_autofree char *out = NULL;

  g_mkdir_with_parents (dir, 0755);
  out = run_tool (argv);
  if (out == NULL)
    return NULL;
  return g_strconcat (prefix, ".png", NULL);
}

/* The page is not blank: some pixels differ from the first one. */
static void
assert_not_blank (const char *png)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (png);
  int w, h, stride, x, y, n_diff = 0;
  guint32 first;
  const guint8 *data;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (image);
  w = cairo_image_surface_get_width (image);
  h = cairo_image_surface_get_height (image);
  stride = cairo_image_surface_get_stride (image);
  data = cairo_image_surface_get_data (image);
  first = *(const guint32 *) (gconstpointer) data;
  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      if (*(const guint32 *) (gconstpointer) (data + y * stride + 4 * x) != first)
        n_diff++;
  cairo_surface_destroy (image);
  g_assert_cmpint (n_diff, >, w * h / 100);
}

static GPtrArray *
make_persons (void)
{
  GPtrArray *persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_results_person_free);
  DabiaoResultsPerson *p;

  p = output_test_person ("3201020002", 21, 3, "G320102200801011234", "李雷", 1);
  output_test_result (p, "身高", 165.4, -1, NULL);
  output_test_result (p, "体重", 52.4, -1, NULL);
  /* The results module's BMI: 52.4 / 1.654² = 19.15… → 19.2, a band name. */
  output_test_result (p, "体重指数", 19.2, 100, "正常");
  output_test_result (p, "肺活量", 3456, 80, "良好");
  output_test_result (p, "50米跑", 7.9, 80, "良好");
  output_test_result (p, "立定跳远", 221, 78, "及格");
  output_test_result (p, "1000米跑", 225, 85, "良好");
  output_test_result (p, "引体向上", 8, 60, "及格");
  p->has_total = TRUE; p->total_tenths = 915; p->has_standard_score = TRUE; p->standard_tenths = 905; p->bonus = 1;
  p->level = "优秀";
  g_ptr_array_add (persons, p);

  p = output_test_person ("3201020002", 21, 3, "G320102200802021111", "韩梅梅", 2);
  output_test_result (p, "800米跑", 230, 80, "良好");
  p->has_total = TRUE; p->total_tenths = 720; p->level = "及格";
  g_ptr_array_add (persons, p);

  p = output_test_person ("3201020002", 21, 3, "G320102200803031111", "张不及", 1);
  p->has_total = TRUE; p->total_tenths = 550; p->level = "不及格";
  g_ptr_array_add (persons, p);

  p = output_test_person ("3201020002", 21, 3, "G320102200804041111", "刘免测", 1);
  p->exempt = TRUE; p->level = "优秀";
  g_ptr_array_add (persons, p);

  p = output_test_person ("3201010001", 13, 2, "G320101201501010011", "王小明", 1);
  output_test_result (p, "一分钟跳绳", 120, 90, "优秀");
  p->has_total = TRUE; p->total_tenths = 840; p->level = "良好";
  g_ptr_array_add (persons, p);

  return persons;
}

static DabiaoCertificateTemplate *
make_template (void)
{
  DabiaoCertificateTemplate *tmpl = dabiao_certificate_template_new_for_standard ("国家学生体质健康标准（2014年修订）",
                                                                                TRUE);

  g_free (tmpl->issuer);
  tmpl->issuer = g_strdup ("南京市玄武区教育局");
  g_free (tmpl->authority_code);
  tmpl->authority_code = g_strdup ("320102");
  return tmpl;
}

/* Certificates as the issuing code makes them: content of the person,
 * numbers of the one numbering, a code under @key. */
static GPtrArray *
make_prints (const DabiaoCertificateTemplate *tmpl,
             GPtrArray                       *persons,
             GBytes                          *key)
{
  GPtrArray *prints = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_certificate_print_free);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *prefix = dabiao_certificate_prefix (tmpl, 2026);
  g_autofree char *hash = dabiao_certificate_template_hash (tmpl);

  for (guint i = 0; i < persons->len; i++)
    {
      g_autoptr(DabiaoCertificateContent) c = NULL;
      g_autoptr(GError) error = NULL;

      if (!dabiao_certificate_eligible (tmpl->min_level, g_ptr_array_index (persons, i)))
        continue;
      c = dabiao_certificate_content_new_for_person (g_ptr_array_index (persons, i));
      g_free (c->number);
      c->number = dabiao_certificate_next_number (prefix, tmpl->serial_digits, (const char * const *) numbers->pdata,
                                                  numbers->len, &error);
      g_assert_no_error (error);
      g_ptr_array_add (numbers, g_strdup (c->number));
#define SET(f, v) g_free (c->f), c->f = g_strdup (v)
      SET (test_name, "2026年秋季体质健康测试");
      SET (test_date, "2026年10月15日");
      SET (standard, "国家学生体质健康标准");
      SET (issuer, tmpl->issuer);
      SET (issue_date, "2026年11月29日");
      SET (template_hash, hash);
#undef SET
      g_free (c->code);
      c->code = dabiao_certificate_code (key, c);
      g_ptr_array_add (prints, dabiao_certificate_print_new (c, tmpl, 0, NULL));
    }
  return prints;
}

static GBytes *
test_key (guint8 fill)
{
  guint8 bytes[32];

  memset (bytes, fill, sizeof bytes);
  return g_bytes_new (bytes, sizeof bytes);
}

static void
test_certificates (void)
{
  g_autoptr(GPtrArray) persons = make_persons ();
  g_autoptr(DabiaoCertificateTemplate) tmpl = make_template ();
  g_autoptr(GBytes) key = test_key (7);
  g_autoptr(GPtrArray) prints = make_prints (tmpl, persons, key);
  g_autoptr(GPtrArray) reissued = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_certificate_print_free);
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(DabiaoPages) reissue_pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "certificates.pdf", NULL);
  g_autofree char *pdf2 = g_build_filename (tmpdir, "reissue.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *png = NULL;
  DabiaoCertificatePrint *print;

  /* 及格 and above, not exempt: 李雷, 韩梅梅, 王小明. */
  g_assert_cmpuint (prints->len, ==, 3);
  print = g_ptr_array_index (prints, 0);
  g_assert_cmpstr (print->content->number, ==, "2026320102000001");
  g_assert_cmpuint (strlen (print->content->code), ==, 16);
  print = g_ptr_array_index (prints, 2);
  g_assert_cmpstr (print->content->number, ==, "2026320102000003");
  g_assert_cmpstr (print->content->name, ==, "王小明");

  pages = dabiao_certificates_pages_new (prints);
  /* The pages own what they draw: the persons may go first. */
  g_clear_pointer (&persons, g_ptr_array_unref);
  g_assert_cmpuint (dabiao_pages_get_n_pages (pages), ==, 3);
  g_assert_true (dabiao_pages_write_pdf (pages, pdf, NULL, &error));
  g_assert_no_error (error);

  text = pdf_text (pdf);
  if (text == NULL)
    return;
  /* pdftotext -layout spreads the text over columns: compare without
   * spaces. */
  flat = g_strdup (text);
  g_strdelimit (flat, " \n", ' ');
  {
    GString *packed = g_string_new (NULL);

    for (const char *q = flat; *q != '\0'; q++)
      if (*q != ' ')
        g_string_append_c (packed, *q);
    g_free (flat);
    flat = g_string_free (packed, FALSE);
  }
  /* The standard the event was scored against, never another one. */
  g_assert_nonnull (strstr (flat, "国家学生体质健康标准测试证书"));
  g_assert_nonnull (strstr (flat, "《国家学生体质健康标准》"));
  g_assert_null (strstr (flat, "国家体育锻炼标准"));
  g_assert_nonnull (strstr (flat, "李雷同学在2026年秋季体质健康测试中"));
  g_assert_nonnull (strstr (flat, "韩梅梅"));
  g_assert_nonnull (strstr (flat, "王小明"));
  g_assert_null (strstr (flat, "张不及"));
  g_assert_null (strstr (flat, "刘免测"));
  g_assert_nonnull (strstr (flat, "2026320102000003"));
  g_assert_nonnull (strstr (flat, "南京市玄武区教育局"));
  g_assert_nonnull (strstr (flat, "2026年11月29日"));
  g_assert_nonnull (strstr (flat, "91.5"));
  /* No seal image: a space to stamp, never a drawn seal. */
  g_assert_nonnull (strstr (flat, "盖章处"));
  g_assert_null (strstr (flat, "补发"));
  assert_fonts_embedded (pdf);

  png = render_page (pdf, "certificate", 150);
  if (png == NULL)
    return;
  assert_not_blank (png);
  {
    const char *argv[] = { "zbarimg", "--quiet", "--raw", png, NULL };
    g_autofree char *decoded = run_tool (argv);
    print = g_ptr_array_index (prints, 0);
    g_autofree char *expected = dabiao_certificate_qr_payload (tmpl, print->content);
    g_autofree char *code_line = g_strdup_printf ("校验码：%s", print->content->code);

    if (decoded != NULL)
      g_assert_cmpstr (g_strstrip (decoded), ==, expected);
    g_assert_true (g_str_has_prefix (expected, "DABIAO-CERT:2026320102000001:"));
    g_assert_nonnull (strstr (flat, code_line));
  }

  /* A reissue: the same content, 补发 with the reissue date. */
  print = g_ptr_array_index (prints, 0);
  g_ptr_array_add (reissued, dabiao_certificate_print_new (print->content, print->tmpl, 1, "2026年12月1日"));
  reissue_pages = dabiao_certificates_pages_new (reissued);
  g_assert_true (dabiao_pages_write_pdf (reissue_pages, pdf2, NULL, &error));
  g_assert_no_error (error);
  g_free (text);
  text = pdf_text (pdf2);
  g_assert_nonnull (strstr (text, "补发"));
  g_assert_nonnull (strstr (text, "2026年12月1日"));
  g_assert_nonnull (strstr (text, "2026年11月29日"));
  g_free (png);
  png = render_page (pdf2, "certificate-reissue", 60);
}

/* The check code: HMAC under the key over what the certificate says. */
static void
test_certificate_code (void)
{
  g_autoptr(GPtrArray) persons = make_persons ();
  g_autoptr(DabiaoCertificateTemplate) tmpl = make_template ();
  g_autoptr(GBytes) key = test_key (7);
  g_autoptr(GBytes) other = test_key (8);
  g_autoptr(GPtrArray) prints = make_prints (tmpl, persons, key);
  DabiaoCertificateContent *c = ((DabiaoCertificatePrint *) g_ptr_array_index (prints, 0))->content;
  g_autofree char *same = dabiao_certificate_code (key, c);
  g_autofree char *other_key = dabiao_certificate_code (other, c);
  g_autofree char *json = dabiao_certificate_content_to_json (c);
  g_autoptr(DabiaoCertificateContent) back = dabiao_certificate_content_from_json (json, NULL);
  g_autofree char *kid = dabiao_certificate_key_id (key);

  g_assert_cmpstr (same, ==, c->code);
  g_assert_cmpstr (other_key, !=, c->code);
  g_assert_cmpuint (strlen (kid), ==, 8);
  /* Known value: HMAC-SHA-256 with 32 bytes of 7 over the fields, computed
   * independently (python3 -c 'import hmac…'). */
  {
    g_autoptr(GHmac) hmac = NULL;
    guint8 raw[32];
    g_autofree char *text = g_strjoin ("\n", "dabiao-certificate-2", c->number, c->name, c->id, c->level, c->total,
                                       c->issue_date, NULL);
    g_autofree char *up = NULL;

    memset (raw, 7, sizeof raw);
    hmac = g_hmac_new (G_CHECKSUM_SHA256, raw, sizeof raw);
    g_hmac_update (hmac, (const guchar *) text, -1);
    up = g_ascii_strup (g_hmac_get_string (hmac), 16);
    g_assert_cmpstr (up, ==, c->code);
  }
  /* Each field the code covers changes it. */
  g_assert_nonnull (back);
  g_free (back->level), back->level = g_strdup ("良好");
  {
    g_autofree char *changed = dabiao_certificate_code (key, back);

    g_assert_cmpstr (changed, !=, c->code);
  }
  g_free (back->level), back->level = g_strdup (c->level);
  g_free (back->total), back->total = g_strdup ("99");
  {
    g_autofree char *changed = dabiao_certificate_code (key, back);

    g_assert_cmpstr (changed, !=, c->code);
  }
}

static void
test_template_json (void)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = make_template ();
  g_autoptr(DabiaoCertificateTemplate) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *seal_path = g_build_filename (tmpdir, "tiny.png", NULL);
  g_autofree char *data = NULL;
  gsize len;
  const char *fields[] = { "name", "level", NULL };
  cairo_surface_t *tiny = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 4);

  cairo_surface_write_to_png (tiny, seal_path);
  cairo_surface_destroy (tiny);
  g_assert_true (g_file_get_contents (seal_path, &data, &len, NULL));
  tmpl->seal_png = g_bytes_new (data, len);
  tmpl->fields = g_strdupv ((char **) fields);
  tmpl->paper = DABIAO_PAPER_A5_LANDSCAPE;
  tmpl->verify_url = g_strdup ("https://例.cn/verify");
  json = dabiao_certificate_template_to_json (tmpl);
  back = dabiao_certificate_template_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->issuer, ==, "南京市玄武区教育局");
  g_assert_cmpstr (back->authority_code, ==, "320102");
  g_assert_cmpstr (back->body, ==, tmpl->body);
  g_assert_cmpstr (back->verify_url, ==, "https://例.cn/verify");
  g_assert_cmpint (back->paper, ==, DABIAO_PAPER_A5_LANDSCAPE);
  g_assert_cmpstrv (back->fields, fields);
  g_assert_true (g_bytes_equal (back->seal_png, tmpl->seal_png));
  {
    g_autofree char *h1 = dabiao_certificate_template_hash (tmpl);
    g_autofree char *h2 = dabiao_certificate_template_hash (back);

    g_assert_cmpstr (h1, ==, h2);
  }

  /* The QR code carries the verification URL when one is set. */
  {
    g_autoptr(DabiaoCertificateContent) c = dabiao_certificate_content_new ();
    g_autofree char *payload = NULL;

    g_free (c->number), c->number = g_strdup ("2026320102000001");
    g_free (c->code), c->code = g_strdup ("0123456789ABCDEF");
    payload = dabiao_certificate_qr_payload (back, c);
    g_assert_cmpstr (payload, ==, "https://xn--fsq.cn/verify?n=2026320102000001&c=0123456789ABCDEF");
    g_free (back->verify_url), back->verify_url = g_strdup ("https://x.cn/v?e=9");
    g_free (payload);
    payload = dabiao_certificate_qr_payload (back, c);
    g_assert_cmpstr (payload, ==, "https://x.cn/v?e=9&n=2026320102000001&c=0123456789ABCDEF");
  }

  g_clear_pointer (&back, dabiao_certificate_template_free);
  back = dabiao_certificate_template_from_json ("{\"fields\": [\"name\", \"shoe-size\"]}", &error);
  g_assert_null (back);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_assert_nonnull (strstr (error->message, "shoe-size"));
  g_clear_error (&error);
  back = dabiao_certificate_template_from_json ("{\"min-level\": \"超级\"}", &error);
  g_assert_nonnull (error);
  g_clear_error (&error);
  back = dabiao_certificate_template_from_json ("{\"body\": \"{姓名}得{鞋码}\"}", &error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "{鞋码}"));
  g_clear_error (&error);
  back = dabiao_certificate_template_from_json ("{\"verify-url\": \"ftp://x\"}", &error);
  g_assert_nonnull (error);
  g_clear_error (&error);
  back = dabiao_certificate_template_from_json ("not json", &error);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_clear_error (&error);
  back = dabiao_certificate_template_from_json ("{\"seal-png\": \"aGVsbG8=\"}", &error);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_clear_error (&error);

  /* Version 1 (test name and date were the template's; now the event's). */
  back = dabiao_certificate_template_from_json ("{\"version\": 1, \"title\": \"证书\", \"test-name\": \"x\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->title, ==, "证书");
}

/* The body's fields. */
static void
test_render_body (void)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = make_template ();
  g_autoptr(DabiaoCertificateContent) c = dabiao_certificate_content_new ();
  g_autofree char *text = NULL;
  g_autoptr(DabiaoCertificateTemplate) adults = dabiao_certificate_template_new_for_standard ("国民体质测定标准（2003）",
                                                                                             FALSE);

#define SET(f, v) g_free (c->f), c->f = g_strdup (v)
  SET (name, "张三"); SET (level, "良好"); SET (total, "85.2"); SET (test_name, "秋季测试");
  SET (test_date, "2026年10月15日"); SET (standard, "国家学生体质健康标准"); SET (school, "一中");
#undef SET
  text = dabiao_certificate_render_body (tmpl, c);
  g_assert_cmpstr (text, ==, "　　张三同学在秋季测试中，按《国家学生体质健康标准》评定，成绩达到“良好”等级，总分 85.2 分。\n"
                             "　　特发此证，以资鼓励。");
  g_free (tmpl->body), tmpl->body = g_strdup ("{学校}{姓名}于{日期}获{等级}");
  g_free (text);
  text = dabiao_certificate_render_body (tmpl, c);
  g_assert_cmpstr (text, ==, "一中张三于2026年10月15日获良好");
  g_assert_cmpstr (adults->title, ==, "国民体质测定标准测试证书");
  g_assert_null (strstr (adults->body, "同学"));
}

static void
test_template_json_mutations (void)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = make_template ();
  g_autofree char *json = NULL;
  GRand *rand = g_rand_new_with_seed (7);
  guint round_, parsed = 0, refused = 0;
  const char fields[] = { '"', '{', '}', '[', ']', ':', ',', '0', '9', 'a', '\\', 0x80, 0xe4 };

  tmpl->fields = g_strsplit ("name,level,total", ",", -1);
  json = dabiao_certificate_template_to_json (tmpl);
  for (round_ = 0; round_ < 2000; round_++)
    {
      g_autofree char *copy = g_strdup (json);
      gsize len = strlen (copy);
      g_autoptr(DabiaoCertificateTemplate) back = NULL;
      g_autoptr(GError) error = NULL;
      guint k;

      for (k = g_rand_int_range (rand, 1, 4); k > 0; k--)
        {
          gsize at = g_rand_int_range (rand, 0, len);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              copy[at] = fields[g_rand_int_range (rand, 0, sizeof fields)];
              break;
            case 1:
              copy[at] = '\0';
              len = at;
              break;
            default:
              copy[at] = copy[g_rand_int_range (rand, 0, len)];
              break;
            }
          if (len == 0)
            break;
        }
      back = dabiao_certificate_template_from_json (copy, &error);
      if (back != NULL)
        {
          g_assert_no_error (error);
          parsed++;
        }
      else
        {
          g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
          refused++;
        }
    }
  g_test_message ("template mutations: %u parsed, %u refused", parsed, refused);
  g_assert_cmpuint (refused, >, 0);
  g_rand_free (rand);
}

static void
test_seal_image (void)
{
  g_autoptr(GPtrArray) persons = make_persons ();
  g_autoptr(DabiaoCertificateTemplate) tmpl = make_template ();
  g_autoptr(GBytes) key = test_key (1);
  g_autoptr(GPtrArray) prints = NULL;
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seal_path = g_build_filename (tmpdir, "seal.png", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "sealed.pdf", NULL);
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  gsize len;
  cairo_surface_t *seal = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
  cairo_t *cr = cairo_create (seal);

  cairo_set_source_rgba (cr, 0.1, 0.3, 0.9, 0.8);
  cairo_arc (cr, 100, 100, 90, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png (seal, seal_path);
  cairo_surface_destroy (seal);
  g_assert_true (g_file_get_contents (seal_path, &data, &len, NULL));
  tmpl->seal_png = g_bytes_new (data, len);
  tmpl->background_png = g_bytes_new (data, len);
  tmpl->paper = DABIAO_PAPER_A4_PORTRAIT;

  prints = make_prints (tmpl, persons, key);
  pages = dabiao_certificates_pages_new (prints);
  g_assert_true (dabiao_pages_write_pdf (pages, pdf, NULL, &error));
  g_assert_no_error (error);
  /* The organiser's seal replaces the space to stamp. */
  text = pdf_text (pdf);
  if (text != NULL)
    g_assert_null (strstr (text, "盖章处"));
  g_free (render_page (pdf, "certificate-with-images", 50));
}

static void
test_badges (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_persons (23, 1, 3);
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "badges.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *png = NULL;
  DabiaoBadgeLayout layout;
  double w, h;

  dabiao_badge_layout_init_default (&layout);
  layout.rows = 4;
  layout.columns = 3;
  g_assert_true (dabiao_badge_layout_check (&layout, &error));
  dabiao_badge_layout_get_label (&layout, &w, &h);
  /* (210 − 20 − 8) / 3 mm wide, (297 − 20 − 12) / 4 mm high. */
  g_assert_cmpfloat_with_epsilon (w, DABIAO_MM_TO_PT (182.0 / 3), 0.01);
  g_assert_cmpfloat_with_epsilon (h, DABIAO_MM_TO_PT (265.0 / 4), 0.01);

  pages = dabiao_badges_pages_new (&layout, "2026年秋季体质健康测试", persons);
  g_assert_cmpuint (dabiao_pages_get_n_pages (pages), ==, 2);  /* 23 labels, 12 a page */
  g_assert_true (dabiao_pages_write_pdf (pages, pdf, NULL, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, ((DabiaoResultsPerson *) g_ptr_array_index (persons, 0))->name));
  {
    /* Worn in public: the 学籍号 masked, never whole. */
    const char *no = ((DabiaoResultsPerson *) g_ptr_array_index (persons, 22))->student_no;
    g_autofree char *masked = dabiao_output_mask_id (no);

    g_assert_nonnull (strstr (text, masked));
    g_assert_null (strstr (text, no));
  }
  g_assert_nonnull (strstr (text, "2026年秋季体质健康测试"));
  assert_fonts_embedded (pdf);
  png = render_page (pdf, "badges", 60);
  if (png != NULL)
    assert_not_blank (png);

  layout.rows = 30;
  g_assert_false (dabiao_badge_layout_check (&layout, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  layout.rows = 12;
  layout.margin_top = 100;
  g_assert_false (dabiao_badge_layout_check (&layout, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
}

static void
test_record_cards (void)
{
  g_autoptr(GPtrArray) persons = make_persons ();
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "cards.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *png = NULL;
  /* The card prints the values as the results module shows them. */
  {
    const DabiaoResultsPerson *lilei = g_ptr_array_index (persons, 0);
    char *texts[3];

    g_assert_cmpstr (dabiao_record_card_get_row (lilei, 6, texts), ==, "1000米跑/800米跑（分·秒）");
    g_assert_cmpstr (texts[0], ==, "3'45\"");
    g_assert_cmpstr (texts[1], ==, "85");
    g_assert_cmpstr (texts[2], ==, "良好");
    for (guint k = 0; k < 3; k++)
      g_free (texts[k]);
    g_assert_cmpstr (dabiao_record_card_get_row (lilei, 2, texts), ==, "50米跑");
    g_assert_cmpstr (texts[0], ==, "7.9");
    for (guint k = 0; k < 3; k++)
      g_free (texts[k]);
    g_assert_cmpstr (dabiao_record_card_get_row (lilei, 1, texts), ==, "肺活量");
    g_assert_cmpstr (texts[0], ==, "3456");
    for (guint k = 0; k < 3; k++)
      g_free (texts[k]);
    g_assert_cmpuint (dabiao_record_card_get_n_rows (lilei), ==, 11);
    g_assert_cmpstr (dabiao_record_card_get_row (lilei, 9, texts), ==, "学年总分");
    g_assert_cmpstr (texts[1], ==, "91.5");
    for (guint k = 0; k < 3; k++)
      g_free (texts[k]);
  }

  pages = dabiao_record_cards_pages_new (persons, "2026—2027学年");
  g_assert_cmpuint (dabiao_pages_get_n_pages (pages), ==, 5);
  g_assert_true (dabiao_pages_write_pdf (pages, pdf, NULL, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "《国家学生体质健康标准》登记卡"));
  g_assert_nonnull (strstr (text, "李雷"));
  g_assert_nonnull (strstr (text, "G320102200801011234"));
  g_assert_nonnull (strstr (text, "3'45\""));        /* 1000米跑 */
  g_assert_nonnull (strstr (text, "3456"));          /* 肺活量 */
  g_assert_nonnull (strstr (text, "19.2"));          /* BMI 52.4 / 1.654² */
  g_assert_nonnull (strstr (text, "正常"));          /* BMI's own words */
  g_assert_nonnull (strstr (text, "91.5"));          /* 学年总分 */
  g_assert_nonnull (strstr (text, "体育教师签字"));
  g_assert_nonnull (strstr (text, "1分钟跳绳"));      /* the primary card of 王小明 */
  assert_fonts_embedded (pdf);
  png = render_page (pdf, "record-card", 80);
  if (png != NULL)
    assert_not_blank (png);
}

static void
test_pdf_errors (void)
{
  g_autoptr(GPtrArray) persons = make_persons ();
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(DabiaoPages) pages = dabiao_record_cards_pages_new (persons, NULL);
  g_autoptr(DabiaoPages) empty = dabiao_record_cards_pages_new (none, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmpdir, "nope", "cards.pdf", NULL);
  g_autofree char *empty_pdf = g_build_filename (tmpdir, "empty.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *cancelled_pdf = g_build_filename (tmpdir, "cancelled.pdf", NULL);

  g_assert_false (dabiao_pages_write_pdf (pages, missing, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (dabiao_pages_write_pdf (empty, empty_pdf, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_false (g_file_test (empty_pdf, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_cancellable_cancel (cancellable);
  g_assert_false (dabiao_pages_write_pdf (pages, cancelled_pdf, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (cancelled_pdf, G_FILE_TEST_EXISTS));
}

static void
pdf_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (dabiao_pages_write_pdf_finish (NULL, result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_pdf_async (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_persons (40, 2, 5);
  g_autofree char *pdf = g_build_filename (tmpdir, "async.pdf", NULL);
  DabiaoBadgeLayout layout;
  DabiaoPages *pages;
  gboolean done = FALSE;

  dabiao_badge_layout_init_default (&layout);
  pages = dabiao_badges_pages_new (&layout, "异步", persons);
  dabiao_pages_write_pdf_async (pages, pdf, NULL, pdf_done, &done);
  dabiao_pages_unref (pages);  /* the task holds its own reference */
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
}

int
main (int argc, char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dabiao-test-print-XXXXXX", NULL);

  g_test_add_func ("/dabiao/Print/certificates", test_certificates);
  g_test_add_func ("/dabiao/Print/certificate-code", test_certificate_code);
  g_test_add_func ("/dabiao/Print/render-body", test_render_body);
  g_test_add_func ("/dabiao/Print/template-json", test_template_json);
  g_test_add_func ("/dabiao/Print/template-json-mutations", test_template_json_mutations);
  g_test_add_func ("/dabiao/Print/seal-image", test_seal_image);
  g_test_add_func ("/dabiao/Print/badges", test_badges);
  g_test_add_func ("/dabiao/Print/record-cards", test_record_cards);
  g_test_add_func ("/dabiao/Print/pdf-errors", test_pdf_errors);
  g_test_add_func ("/dabiao/Print/pdf-async", test_pdf_async);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };
    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
