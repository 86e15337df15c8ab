/* dabiao-certificate.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dabiao-certificate.h"
#include "dabiao-draw-private.h"
#include "dabiao-error.h"

const char * const dabiao_certificate_field_keys[] = {
  "name", "sex", "birth", "group", "id", "school", "test-date", "level", "total", NULL
};

/* Labels printed on the certificate: national document text, data. */
static const char * const field_labels[] = {
  "姓名", "性别", "出生日期", "年级/组别", "学籍号/证件号", "学校/单位", "测试日期", "等级", "总分",
};

DabiaoCertificateTemplate *
dabiao_certificate_template_new_default (void)
{
  DabiaoCertificateTemplate *tmpl = g_new0 (DabiaoCertificateTemplate, 1);

  tmpl->title = g_strdup ("国家体育锻炼标准达标证书");
  tmpl->issuer = g_strdup ("");
  tmpl->authority_code = g_strdup ("");
  tmpl->serial_digits = 6;
  tmpl->min_level = g_strdup ("及格");
  tmpl->test_name = g_strdup ("国家学生体质健康标准测试");
  tmpl->paper = DABIAO_PAPER_A4_LANDSCAPE;
  return tmpl;
}

void
dabiao_certificate_template_free (DabiaoCertificateTemplate *tmpl)
{
  if (tmpl == NULL)
    return;

  g_free (tmpl->title);
  g_free (tmpl->issuer);
  g_free (tmpl->authority_code);
  g_free (tmpl->min_level);
  g_free (tmpl->test_name);
  g_free (tmpl->test_date);
  g_strfreev (tmpl->fields);
  g_clear_pointer (&tmpl->seal_png, g_bytes_unref);
  g_clear_pointer (&tmpl->background_png, g_bytes_unref);
  g_free (tmpl);
}

static DabiaoCertificateTemplate *
template_copy (const DabiaoCertificateTemplate *tmpl)
{
  DabiaoCertificateTemplate *copy = g_new0 (DabiaoCertificateTemplate, 1);

  copy->title = g_strdup (tmpl->title);
  copy->issuer = g_strdup (tmpl->issuer);
  copy->authority_code = g_strdup (tmpl->authority_code);
  copy->serial_digits = tmpl->serial_digits;
  copy->min_level = g_strdup (tmpl->min_level);
  copy->test_name = g_strdup (tmpl->test_name);
  copy->test_date = g_strdup (tmpl->test_date);
  copy->fields = g_strdupv (tmpl->fields);
  copy->paper = tmpl->paper;
  copy->seal_png = tmpl->seal_png ? g_bytes_ref (tmpl->seal_png) : NULL;
  copy->background_png = tmpl->background_png ? g_bytes_ref (tmpl->background_png) : NULL;
  return copy;
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

static void
add_bytes (JsonBuilder *builder,
           const char  *key,
           GBytes      *bytes)
{
  g_autofree char *b64 = NULL;
  gsize len;
  const guchar *data;

  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &len);
  b64 = g_base64_encode (data, len);
  add_string (builder, key, b64);
}

char *
dabiao_certificate_template_to_json (const DabiaoCertificateTemplate *tmpl)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint i;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  add_string (builder, "title", tmpl->title);
  add_string (builder, "issuer", tmpl->issuer);
  add_string (builder, "authority-code", tmpl->authority_code);
  json_builder_set_member_name (builder, "serial-digits");
  json_builder_add_int_value (builder, tmpl->serial_digits);
  add_string (builder, "min-level", tmpl->min_level);
  add_string (builder, "test-name", tmpl->test_name);
  add_string (builder, "test-date", tmpl->test_date);
  add_string (builder, "paper", dabiao_paper_to_string (tmpl->paper));
  if (tmpl->fields != NULL)
    {
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_array (builder);
      for (i = 0; tmpl->fields[i] != NULL; i++)
        json_builder_add_string_value (builder, tmpl->fields[i]);
      json_builder_end_array (builder);
    }
  add_bytes (builder, "seal-png", tmpl->seal_png);
  add_bytes (builder, "background-png", tmpl->background_png);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
get_string (JsonObject  *object,
            const char  *key,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("Certificate template: “%s” should be text"), key);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_png (JsonObject  *object,
         const char  *key,
         GBytes     **out,
         GError     **error)
{
  g_autofree char *b64 = NULL;
  guchar *data;
  gsize len;

  if (!get_string (object, key, &b64, error))
    return FALSE;
  if (b64 == NULL)
    return TRUE;
  data = g_base64_decode (b64, &len);
  if (len < 8 || memcmp (data, "\x89PNG\r\n\x1a\n", 8) != 0)
    {
      g_free (data);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("Certificate template: “%s” is not a PNG image"), key);
      return FALSE;
    }
  *out = g_bytes_new_take (data, len);
  return TRUE;
}

DabiaoCertificateTemplate *
dabiao_certificate_template_from_json (const char  *json,
                                       GError     **error)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = dabiao_certificate_template_new_default ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *paper = NULL;
  JsonObject *object;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("Certificate template: %s"), local_error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("Certificate template: expected a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "title", &tmpl->title, error)
      || !get_string (object, "issuer", &tmpl->issuer, error)
      || !get_string (object, "authority-code", &tmpl->authority_code, error)
      || !get_string (object, "min-level", &tmpl->min_level, error)
      || !get_string (object, "test-name", &tmpl->test_name, error)
      || !get_string (object, "test-date", &tmpl->test_date, error)
      || !get_string (object, "paper", &paper, error)
      || !get_png (object, "seal-png", &tmpl->seal_png, error)
      || !get_png (object, "background-png", &tmpl->background_png, error))
    return NULL;

  if (json_object_has_member (object, "serial-digits"))
    {
      gint64 digits = json_object_get_int_member (object, "serial-digits");

      if (digits < 1 || digits > 12)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("Certificate template: serial-digits should be 1–12, not %d"), (int) digits);
          return NULL;
        }
      tmpl->serial_digits = digits;
    }
  if (paper != NULL && !dabiao_paper_from_string (paper, &tmpl->paper))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("Certificate template: unknown paper “%s” (a4, a4-landscape, a5, a5-landscape)"),
                   paper);
      return NULL;
    }
  if (dabiao_output_level_rank (tmpl->min_level) == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("Certificate template: unknown level “%s” (优秀, 良好, 及格 or 一级…四级)"),
                   tmpl->min_level ? tmpl->min_level : "");
      return NULL;
    }
  node = json_object_get_member (object, "fields");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
      guint i;

      for (i = 0; i < json_array_get_length (array); i++)
        {
          const char *key = json_array_get_string_element (array, i);

          if (key == NULL || !g_strv_contains (dabiao_certificate_field_keys, key))
            {
              g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                           _("Certificate template: unknown field “%s”"), key ? key : "");
              return NULL;
            }
          g_strv_builder_add (fields, key);
        }
      g_strfreev (tmpl->fields);
      tmpl->fields = g_strv_builder_end (fields);
    }

  return g_steal_pointer (&tmpl);
}

void
dabiao_issued_certificate_free (DabiaoIssuedCertificate *cert)
{
  if (cert == NULL)
    return;
  g_free (cert->number);
  g_free (cert->hash);
  g_free (cert->issue_date);
  g_free (cert);
}

/* ---- The in-memory registry ------------------------------------------ */

typedef struct
{
  char  *number;
  guint  reprints;
} BookEntry;

struct _DabiaoCertificateBook
{
  GMutex      lock;
  GHashTable *by_person;  /* key → BookEntry */
  GHashTable *serials;    /* prefix → last serial (GUINT_TO_POINTER) */
};

static void
book_entry_free (gpointer data)
{
  BookEntry *entry = data;

  g_free (entry->number);
  g_free (entry);
}

DabiaoCertificateBook *
dabiao_certificate_book_new (void)
{
  DabiaoCertificateBook *book = g_new0 (DabiaoCertificateBook, 1);

  g_mutex_init (&book->lock);
  book->by_person = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, book_entry_free);
  book->serials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return book;
}

void
dabiao_certificate_book_free (DabiaoCertificateBook *book)
{
  if (book == NULL)
    return;
  g_hash_table_unref (book->by_person);
  g_hash_table_unref (book->serials);
  g_mutex_clear (&book->lock);
  g_free (book);
}

gboolean
dabiao_certificate_book_issue (gpointer                   data,
                               const DabiaoResultsPerson  *person,
                               const char                *prefix,
                               guint                      serial_digits,
                               char                     **number,
                               guint                     *reprint_count,
                               GError                   **error)
{
  DabiaoCertificateBook *book = data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&book->lock);
  const char *key = person->id ? person->id : person->student_no ? person->student_no : person->name;
  BookEntry *entry = g_hash_table_lookup (book->by_person, key);
  guint serial;

  if (entry != NULL)
    {
      entry->reprints++;
      *number = g_strdup (entry->number);
      *reprint_count = entry->reprints;
      return TRUE;
    }

  serial = GPOINTER_TO_UINT (g_hash_table_lookup (book->serials, prefix)) + 1;
  g_hash_table_insert (book->serials, g_strdup (prefix), GUINT_TO_POINTER (serial));
  entry = g_new0 (BookEntry, 1);
  entry->number = g_strdup_printf ("%s%0*u", prefix, (int) serial_digits, serial);
  g_hash_table_insert (book->by_person, g_strdup (key), entry);
  *number = g_strdup (entry->number);
  *reprint_count = 0;
  return TRUE;
}

/* ---- Issuing ----------------------------------------------------------- */

char *
dabiao_certificate_prefix (const DabiaoCertificateTemplate *tmpl,
                           int                              year)
{
  return g_strdup_printf ("%04d%s", year, tmpl->authority_code ? tmpl->authority_code : "");
}

gboolean
dabiao_certificate_eligible (const DabiaoCertificateTemplate *tmpl,
                             const DabiaoResultsPerson        *person)
{
  int rank = dabiao_output_level_rank (person->level);

  return !person->exempt && rank > 0 && rank >= dabiao_output_level_rank (tmpl->min_level);
}

/* The total as printed: 85.5, 90 (a whole total without ".0"). */
static char *
format_total (int tenths)
{
  char *text = dabiao_results_format_tenths (tenths);

  if (g_str_has_suffix (text, ".0"))
    text[strlen (text) - 2] = '\0';
  return text;
}

char *
dabiao_certificate_hash (const char               *number,
                         const DabiaoResultsPerson *person)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *birth = dabiao_results_person_dup_birth (person);
  g_autofree char *total = person->has_total ? format_total (person->total_tenths) : g_strdup ("");
  g_autofree char *text = g_strjoin ("\n", "dabiao-certificate-1", number,
                                     person->name ? person->name : "",
                                     person->id_number ? person->id_number : "",
                                     person->student_no ? person->student_no : "",
                                     birth, person->level ? person->level : "", total, NULL);
  char *hash;

  g_checksum_update (checksum, (const guchar *) text, -1);
  hash = g_ascii_strup (g_checksum_get_string (checksum), 16);
  return hash;
}

char *
dabiao_certificate_qr_payload (const DabiaoIssuedCertificate *cert)
{
  return g_strdup_printf ("DABIAO-CERT:%s:%s", cert->number, cert->hash);
}

GPtrArray *
dabiao_certificates_issue (const DabiaoCertificateTemplate *tmpl,
                           GPtrArray                       *persons,
                           int                              year,
                           const char                      *issue_date,
                           DabiaoCertificateIssueFunc       issue,
                           gpointer                         issue_data,
                           GError                         **error)
{
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_issued_certificate_free);
  g_autofree char *prefix = dabiao_certificate_prefix (tmpl, year);
  g_autofree char *today = NULL;
  guint i;

  if (issue_date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      today = g_date_time_format (now, "%Y年%-m月%-d日");
      issue_date = today;
    }

  for (i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *person = g_ptr_array_index (persons, i);
      DabiaoIssuedCertificate *cert;

      if (!dabiao_certificate_eligible (tmpl, person))
        continue;

      cert = g_new0 (DabiaoIssuedCertificate, 1);
      cert->person = person;
      if (!issue (issue_data, person, prefix, tmpl->serial_digits, &cert->number, &cert->reprint, error))
        {
          dabiao_issued_certificate_free (cert);
          return NULL;
        }
      cert->hash = dabiao_certificate_hash (cert->number, person);
      cert->issue_date = g_strdup (issue_date);
      g_ptr_array_add (certs, cert);
    }

  return g_steal_pointer (&certs);
}

/* ---- Drawing ----------------------------------------------------------- */

typedef struct
{
  DabiaoCertificateTemplate *tmpl;
  GPtrArray                 *certs;
  cairo_surface_t           *seal;
  cairo_surface_t           *background;
} CertPages;

static void
cert_pages_free (gpointer data)
{
  CertPages *cp = data;

  dabiao_certificate_template_free (cp->tmpl);
  g_ptr_array_unref (cp->certs);
  g_clear_pointer (&cp->seal, cairo_surface_destroy);
  g_clear_pointer (&cp->background, cairo_surface_destroy);
  g_free (cp);
}

static char *
field_value (const char              *key,
             const DabiaoIssuedCertificate *cert,
             const DabiaoCertificateTemplate *tmpl)
{
  const DabiaoResultsPerson *p = cert->person;

  if (strcmp (key, "name") == 0)
    return g_strdup (p->name);
  if (strcmp (key, "sex") == 0)
    return g_strdup (dabiao_sex_to_string (p->sex));
  if (strcmp (key, "birth") == 0)
    return p->birth_year > 0 ? g_strdup_printf ("%d年%d月%d日", p->birth_year, p->birth_month, p->birth_day)
                             : g_strdup ("");
  if (strcmp (key, "group") == 0)
    return dabiao_results_person_dup_group (p);
  if (strcmp (key, "id") == 0)
    return g_strdup (p->student_no ? p->student_no : p->id_number);
  if (strcmp (key, "school") == 0)
    return g_strdup (p->school_name);
  if (strcmp (key, "test-date") == 0)
    return g_strdup (tmpl->test_date);
  if (strcmp (key, "level") == 0)
    return g_strdup (p->level);
  if (strcmp (key, "total") == 0)
    return p->has_total ? format_total (p->total_tenths) : g_strdup ("");
  return NULL;
}

static const char *
field_label (const char *key)
{
  guint i;

  for (i = 0; dabiao_certificate_field_keys[i] != NULL; i++)
    if (strcmp (key, dabiao_certificate_field_keys[i]) == 0)
      return field_labels[i];
  return key;
}

static void
draw_border (cairo_t *cr,
             double   w,
             double   h)
{
  double m = MIN (w, h) * 0.035;
  int i;

  cairo_set_source_rgb (cr, 1.0, 0.985, 0.94);
  cairo_paint (cr);

  cairo_set_source_rgb (cr, 0.62, 0.08, 0.08);
  cairo_set_line_width (cr, 4);
  cairo_rectangle (cr, m, m, w - 2 * m, h - 2 * m);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.78, 0.6, 0.2);
  cairo_set_line_width (cr, 1.2);
  cairo_rectangle (cr, m + 7, m + 7, w - 2 * m - 14, h - 2 * m - 14);
  cairo_stroke (cr);

  /* Corner ornaments. */
  for (i = 0; i < 4; i++)
    {
      double cx = (i % 2 == 0) ? m + 7 : w - m - 7;
      double cy = (i < 2) ? m + 7 : h - m - 7;

      cairo_save (cr);
      cairo_translate (cr, cx, cy);
      cairo_rotate (cr, G_PI / 4);
      cairo_rectangle (cr, -6, -6, 12, 12);
      cairo_fill (cr);
      cairo_restore (cr);
    }
}

static void
draw_certificate (gpointer  data,
                  cairo_t  *cr,
                  guint     page)
{
  CertPages *cp = data;
  const DabiaoCertificateTemplate *tmpl = cp->tmpl;
  const DabiaoIssuedCertificate *cert = g_ptr_array_index (cp->certs, page);
  const DabiaoResultsPerson *p = cert->person;
  static const char * const default_fields[] = { "name", "sex", "birth", "group", "level", "total", "test-date", "id", "school", NULL };
  const char * const *fields = tmpl->fields ? (const char * const *) tmpl->fields : default_fields;
  g_autofree char *total = p->has_total ? format_total (p->total_tenths) : NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *number_line = NULL;
  g_autofree char *hash_line = NULL;
  double w, h, m, y, qr, col_w;
  guint n_fields, i, k;

  dabiao_paper_get_size (tmpl->paper, &w, &h);
  m = MIN (w, h) * 0.035;

  if (cp->background != NULL)
    dabiao_draw_image (cr, cp->background, 0, 0, w, h, TRUE);
  else
    draw_border (cr, w, h);

  /* Reprint mark, top right. */
  if (cert->reprint > 0)
    {
      g_autofree char *mark = cert->reprint == 1 ? g_strdup ("补发") : g_strdup_printf ("补发（第 %u 次）", cert->reprint);

      cairo_set_source_rgb (cr, 0.8, 0.1, 0.1);
      cairo_set_line_width (cr, 1.5);
      cairo_rectangle (cr, w - m - 150, m + 16, 128, 30);
      cairo_stroke (cr);
      dabiao_draw_text_in_box (cr, mark, 15, TRUE, PANGO_ALIGN_CENTER, w - m - 150, m + 16, 128, 30);
    }

  /* Title. */
  cairo_set_source_rgb (cr, 0.62, 0.08, 0.08);
  y = m + h * 0.08;
  y += dabiao_draw_text (cr, tmpl->title, MIN (w, h) * 0.058, TRUE, PANGO_ALIGN_CENTER,
                         m + 20, y, w - 2 * m - 40);

  /* Text. */
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  y += h * 0.05;
  greeting = g_strdup_printf (p->grade > 0 ? "%s 同学：" : "%s：", p->name ? p->name : "");
  y += dabiao_draw_text (cr, greeting, 18, TRUE, PANGO_ALIGN_LEFT, w * 0.11, y, w * 0.78);
  sentence = g_strdup_printf ("　　在%s%s中，成绩达到“%s”等级%s%s%s，符合国家体育锻炼标准，特发此证。",
                              tmpl->test_date ? tmpl->test_date : "",
                              tmpl->test_name ? tmpl->test_name : "",
                              p->level ? p->level : "",
                              total ? "，总分 " : "", total ? total : "", total ? " 分" : "");
  y += 6 + dabiao_draw_text (cr, sentence, 16, FALSE, PANGO_ALIGN_LEFT, w * 0.11, y + 6, w * 0.78);

  /* Fields in two columns, one line each (shrunk to fit); empty ones left
   * out. */
  y += h * 0.04;
  n_fields = g_strv_length ((char **) fields);
  col_w = w * 0.39;
  for (i = 0, k = 0; i < n_fields; i++)
    {
      g_autofree char *value = field_value (fields[i], cert, tmpl);
      g_autofree char *line = NULL;
      double x = w * 0.11 + (k % 2) * col_w;
      double row_y = y + (k / 2) * 24;
      gboolean wide = strcmp (fields[i], "id") == 0 || strcmp (fields[i], "school") == 0;

      if (value == NULL || value[0] == '\0')
        continue;
      line = g_strdup_printf ("%s：%s", field_label (fields[i]), value);
      if (wide)
        {
          /* Numbers and names that must not be cut get a whole row. */
          if (k % 2 == 1)
            k++;
          x = w * 0.11;
          row_y = y + (k / 2) * 24;
          dabiao_draw_text_in_box (cr, line, 13, FALSE, PANGO_ALIGN_LEFT, x - 3, row_y, 2 * col_w - 6, 22);
          k += 2;
        }
      else
        {
          dabiao_draw_text_in_box (cr, line, 13, FALSE, PANGO_ALIGN_LEFT, x - 3, row_y, col_w - 6, 22);
          k++;
        }
    }

  /* QR code and number, bottom left. */
  qr = MIN (w, h) * 0.15;
  payload = dabiao_certificate_qr_payload (cert);
  dabiao_draw_qr (cr, payload, m + 24, h - m - 24 - qr, qr);
  number_line = g_strdup_printf ("证书编号：%s", cert->number);
  hash_line = g_strdup_printf ("校验码：%s", cert->hash);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  dabiao_draw_text (cr, number_line, 11, FALSE, PANGO_ALIGN_LEFT, m + 30 + qr, h - m - 24 - 34, 0);
  dabiao_draw_text (cr, hash_line, 9, FALSE, PANGO_ALIGN_LEFT, m + 30 + qr, h - m - 24 - 16, 0);

  /* Issuer, date and seal, bottom right. */
  {
    double bx = w * 0.58;
    double bw = w - m - 40 - bx;
    double by = h - m - 24 - 70;
    double radius = MIN (w, h) * 0.09;

    dabiao_draw_text (cr, tmpl->issuer ? tmpl->issuer : "", 15, TRUE, PANGO_ALIGN_CENTER, bx, by, bw);
    dabiao_draw_text (cr, cert->issue_date, 13, FALSE, PANGO_ALIGN_CENTER, bx, by + 26, bw);
    if (cp->seal != NULL)
      dabiao_draw_image (cr, cp->seal, bx + bw / 2 - radius, by + 20 - radius, 2 * radius, 2 * radius, FALSE);
    else if (tmpl->issuer != NULL && tmpl->issuer[0] != '\0')
      dabiao_draw_seal (cr, tmpl->issuer, bx + bw / 2, by + 20, radius);
  }
}

DabiaoPages *
dabiao_certificates_pages_new (const DabiaoCertificateTemplate *tmpl,
                               GPtrArray                       *certificates)
{
  CertPages *cp = g_new0 (CertPages, 1);

  cp->tmpl = template_copy (tmpl);
  cp->certs = g_ptr_array_ref (certificates);
  /* One image surface for all pages: the PDF then holds the image once. */
  cp->seal = dabiao_png_surface_new (tmpl->seal_png);
  cp->background = dabiao_png_surface_new (tmpl->background_png);
  return dabiao_pages_new (certificates->len, tmpl->paper, draw_certificate, cp, cert_pages_free);
}
