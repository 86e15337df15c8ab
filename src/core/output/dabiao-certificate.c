/* dabiao-certificate.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dabiao-certificate.h"
#include "dabiao-draw-private.h"
#include "dabiao-error.h"

const char * const dabiao_certificate_field_keys[] = {
  "name", "sex", "birth", "group", "id", "school", "test-date", "level", "total", NULL
};

/* Labels printed on the certificate: national document text, data.  A
 * student's and everyone else's (a public day: 组别, 证件号, 单位; not
 * "年级/组别", findings-15b #8). */
static const char * const student_labels[] = {
  "姓名", "性别", "出生日期", "年级", "学籍号", "学校", "测试日期", "等级", "总分",
};
static const char * const adult_labels[] = {
  "姓名", "性别", "出生日期", "组别", "证件号", "单位", "测试日期", "等级", "总分",
};

const char * const dabiao_certificate_template_fields[] = {
  "姓名", "性别", "出生日期", "年级", "学校", "等级", "总分", "测试名称", "日期", "标准", "主办单位", "发证日期",
  NULL
};

static const char * const default_fields[] = { "name", "sex", "group", "school", "level", "total", "test-date", NULL };

/* ---- Template ------------------------------------------------------------ */

static char *
standard_title (const char *standard_name)
{
  const char *paren = standard_name != NULL ? strstr (standard_name, "（") : NULL;

  if (standard_name == NULL || *standard_name == '\0')
    return g_strdup ("");
  /* 国家学生体质健康标准（2014年修订） → 国家学生体质健康标准 */
  return paren != NULL && paren > standard_name ? g_strndup (standard_name, paren - standard_name)
                                                : g_strdup (standard_name);
}

DabiaoCertificateTemplate *
dabiao_certificate_template_new_for_standard (const char *standard_name,
                                              gboolean    students)
{
  DabiaoCertificateTemplate *tmpl = g_new0 (DabiaoCertificateTemplate, 1);
  g_autofree char *title = standard_title (standard_name);

  /* Wording a school issues: names the standard the event was scored
   * against, and nothing else. */
  tmpl->title = g_strconcat (title, "测试证书", NULL);
  tmpl->body = g_strdup (students
                         ? "　　{姓名}同学在{测试名称}中，按《{标准}》评定，成绩达到“{等级}”等级，总分 {总分} 分。\n"
                           "　　特发此证，以资鼓励。"
                         : "　　{姓名}在{测试名称}中，按《{标准}》评定，成绩达到“{等级}”等级，总分 {总分} 分。\n"
                           "　　特发此证，以资鼓励。");
  tmpl->issuer = g_strdup ("");
  tmpl->authority_code = g_strdup ("");
  tmpl->serial_digits = 6;
  tmpl->min_level = g_strdup ("及格");
  tmpl->paper = DABIAO_PAPER_A4_LANDSCAPE;
  return tmpl;
}

void
dabiao_certificate_template_free (DabiaoCertificateTemplate *tmpl)
{
  if (tmpl == NULL)
    return;

  g_free (tmpl->title);
  g_free (tmpl->body);
  g_free (tmpl->issuer);
  g_free (tmpl->authority_code);
  g_free (tmpl->min_level);
  g_strfreev (tmpl->fields);
  g_clear_pointer (&tmpl->seal_png, g_bytes_unref);
  g_clear_pointer (&tmpl->background_png, g_bytes_unref);
  g_free (tmpl->verify_url);
  g_free (tmpl);
}

DabiaoCertificateTemplate *
dabiao_certificate_template_copy (const DabiaoCertificateTemplate *tmpl)
{
  DabiaoCertificateTemplate *copy = g_new0 (DabiaoCertificateTemplate, 1);

  copy->title = g_strdup (tmpl->title);
  copy->body = g_strdup (tmpl->body);
  copy->issuer = g_strdup (tmpl->issuer);
  copy->authority_code = g_strdup (tmpl->authority_code);
  copy->serial_digits = tmpl->serial_digits;
  copy->min_level = g_strdup (tmpl->min_level);
  copy->fields = g_strdupv (tmpl->fields);
  copy->paper = tmpl->paper;
  copy->seal_png = tmpl->seal_png ? g_bytes_ref (tmpl->seal_png) : NULL;
  copy->background_png = tmpl->background_png ? g_bytes_ref (tmpl->background_png) : NULL;
  copy->verify_url = g_strdup (tmpl->verify_url);
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

static char *
builder_to_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
dabiao_certificate_template_to_json (const DabiaoCertificateTemplate *tmpl)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 2);
  add_string (builder, "title", tmpl->title);
  add_string (builder, "body", tmpl->body);
  add_string (builder, "issuer", tmpl->issuer);
  add_string (builder, "authority-code", tmpl->authority_code);
  json_builder_set_member_name (builder, "serial-digits");
  json_builder_add_int_value (builder, tmpl->serial_digits);
  add_string (builder, "min-level", tmpl->min_level);
  add_string (builder, "paper", dabiao_paper_to_string (tmpl->paper));
  if (tmpl->fields != NULL)
    {
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_array (builder);
      for (guint i = 0; tmpl->fields[i] != NULL; i++)
        json_builder_add_string_value (builder, tmpl->fields[i]);
      json_builder_end_array (builder);
    }
  add_string (builder, "verify-url", tmpl->verify_url);
  add_bytes (builder, "seal-png", tmpl->seal_png);
  add_bytes (builder, "background-png", tmpl->background_png);
  json_builder_end_object (builder);
  return builder_to_json (builder);
}

char *
dabiao_certificate_template_hash (const DabiaoCertificateTemplate *tmpl)
{
  g_autofree char *json = dabiao_certificate_template_to_json (tmpl);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);

  return g_strndup (sum, 16);
}

static gboolean
get_string (JsonObject  *object,
            const char  *what,
            const char  *key,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE, _("%s: “%s” should be text"), what, key);
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

  if (!get_string (object, _("Certificate template"), key, &b64, error))
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

static JsonObject *
parse_object (JsonParser  *parser,
              const char  *json,
              const char  *what,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE, "%s: %s", what,
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE, _("%s: expected a JSON object"), what);
      return NULL;
    }
  return json_node_get_object (node);
}

DabiaoCertificateTemplate *
dabiao_certificate_template_from_json (const char  *json,
                                       GError     **error)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = dabiao_certificate_template_new_for_standard (NULL, TRUE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *paper = NULL;
  const char *what = _("Certificate template");
  JsonObject *object = parse_object (parser, json, what, error);
  JsonNode *node;

  if (object == NULL)
    return NULL;
  if (!get_string (object, what, "title", &tmpl->title, error)
      || !get_string (object, what, "body", &tmpl->body, error)
      || !get_string (object, what, "issuer", &tmpl->issuer, error)
      || !get_string (object, what, "authority-code", &tmpl->authority_code, error)
      || !get_string (object, what, "min-level", &tmpl->min_level, error)
      || !get_string (object, what, "paper", &paper, error)
      || !get_string (object, what, "verify-url", &tmpl->verify_url, error)
      || !get_png (object, "seal-png", &tmpl->seal_png, error)
      || !get_png (object, "background-png", &tmpl->background_png, error))
    return NULL;

  if (json_object_has_member (object, "serial-digits"))
    {
      gint64 digits = json_object_get_int_member (object, "serial-digits");

      if (digits < 3 || digits > 12)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("Certificate template: serial-digits should be 3–12, not %d"), (int) digits);
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
  node = json_object_get_member (object, "fields");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *key = JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING
                            ? json_node_get_string (element) : NULL;

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
  {
    g_autoptr(GError) check_error = NULL;

    if (!dabiao_certificate_template_check (tmpl, &check_error))
      {
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE, "%s: %s", what, check_error->message);
        return NULL;
      }
  }
  return g_steal_pointer (&tmpl);
}

/* Every {…} in @body names a field; the first unknown one, or NULL. */
static char *
unknown_body_field (const char *body)
{
  for (const char *p = body; p != NULL && (p = strchr (p, '{')) != NULL; p++)
    {
      const char *end = strchr (p, '}');
      g_autofree char *name = NULL;

      if (end == NULL)
        return g_strdup (p);
      name = g_strndup (p + 1, end - p - 1);
      if (!g_strv_contains (dabiao_certificate_template_fields, name))
        return g_strndup (p, end - p + 1);
      p = end;
    }
  return NULL;
}

gboolean
dabiao_certificate_template_check (const DabiaoCertificateTemplate  *tmpl,
                                   GError                          **error)
{
  g_autofree char *unknown = NULL;

  if (tmpl->title == NULL || strspn (tmpl->title, " \t") == strlen (tmpl->title))
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("The certificate needs a title"));
      return FALSE;
    }
  if (tmpl->body == NULL || *tmpl->body == '\0')
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("The certificate needs a text"));
      return FALSE;
    }
  unknown = unknown_body_field (tmpl->body);
  if (unknown != NULL)
    {
      g_autofree char *known = g_strjoinv ("} {", (char **) dabiao_certificate_template_fields);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("The certificate text names an unknown field “%s”; the fields are {%s}"), unknown, known);
      return FALSE;
    }
  if (tmpl->serial_digits < 3 || tmpl->serial_digits > 12)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Certificate numbers need 3–12 serial digits, not %u"), tmpl->serial_digits);
      return FALSE;
    }
  if (tmpl->authority_code != NULL && strspn (tmpl->authority_code, "0123456789") != strlen (tmpl->authority_code))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("The authority code “%s” in certificate numbers must be digits"), tmpl->authority_code);
      return FALSE;
    }
  if (dabiao_output_level_rank (tmpl->min_level) == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Certificate template: unknown level “%s” (优秀, 良好, 及格 or 一级…四级)"),
                   tmpl->min_level ? tmpl->min_level : "");
      return FALSE;
    }
  if (tmpl->verify_url != NULL && *tmpl->verify_url != '\0'
      && ((!g_str_has_prefix (tmpl->verify_url, "https://") && !g_str_has_prefix (tmpl->verify_url, "http://"))
          || strpbrk (tmpl->verify_url, " \t\r\n") != NULL))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("The verification address “%s” should start with https:// (and contain no spaces)"),
                   tmpl->verify_url);
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      GBytes *png = i == 0 ? tmpl->seal_png : tmpl->background_png;
      cairo_surface_t *surface;

      if (png == NULL)
        continue;
      surface = dabiao_png_surface_new (png);
      if (surface == NULL)
        {
          g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                               i == 0 ? _("The seal image is not a PNG image that can be read")
                                      : _("The background image is not a PNG image that can be read"));
          return FALSE;
        }
      cairo_surface_destroy (surface);
    }
  return TRUE;
}

/* ---- Content ------------------------------------------------------------- */

#define CONTENT_FIELDS(X) \
  X (number, "number") X (code, "code") X (key_id, "key") X (participant_id, "participant") \
  X (name, "name") X (sex, "sex") X (birth, "birth") X (group, "group") X (id, "id") \
  X (school, "school") X (level, "level") X (total, "total") X (test_name, "test-name") \
  X (test_date, "test-date") X (standard, "standard") X (issuer, "issuer") \
  X (issue_date, "issue-date") X (template_hash, "template")

DabiaoCertificateContent *
dabiao_certificate_content_new (void)
{
  DabiaoCertificateContent *content = g_new0 (DabiaoCertificateContent, 1);

#define INIT(field, key) content->field = g_strdup ("");
  CONTENT_FIELDS (INIT)
#undef INIT
  return content;
}

DabiaoCertificateContent *
dabiao_certificate_content_copy (const DabiaoCertificateContent *content)
{
  DabiaoCertificateContent *copy = g_new0 (DabiaoCertificateContent, 1);

#define COPY(field, key) copy->field = g_strdup (content->field);
  CONTENT_FIELDS (COPY)
#undef COPY
  return copy;
}

void
dabiao_certificate_content_free (DabiaoCertificateContent *content)
{
  if (content == NULL)
    return;
#define FREE(field, key) g_free (content->field);
  CONTENT_FIELDS (FREE)
#undef FREE
  g_free (content);
}

char *
dabiao_certificate_content_to_json (const DabiaoCertificateContent *content)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
#define ADD(field, key) add_string (builder, key, content->field);
  CONTENT_FIELDS (ADD)
#undef ADD
  json_builder_end_object (builder);
  return builder_to_json (builder);
}

DabiaoCertificateContent *
dabiao_certificate_content_from_json (const char  *json,
                                      GError     **error)
{
  g_autoptr(DabiaoCertificateContent) content = dabiao_certificate_content_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *what = _("Issued certificate");
  JsonObject *object = parse_object (parser, json, what, error);

  if (object == NULL)
    return NULL;
#define GET(field, key) if (!get_string (object, what, key, &content->field, error)) return NULL;
  CONTENT_FIELDS (GET)
#undef GET
  if (*content->number == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE, _("%s: no number"), what);
      return NULL;
    }
  return g_steal_pointer (&content);
}

static char *
format_total (int tenths)
{
  /* The results module's tenths: 85.5, 90 (a whole total without ".0"). */
  char *text = dabiao_results_format_tenths (tenths);

  if (g_str_has_suffix (text, ".0"))
    text[strlen (text) - 2] = '\0';
  return text;
}

DabiaoCertificateContent *
dabiao_certificate_content_new_for_person (const DabiaoResultsPerson *p)
{
  DabiaoCertificateContent *content = dabiao_certificate_content_new ();

#define SET(field, value) g_free (content->field), content->field = (value)
  SET (participant_id, g_strdup (p->id != NULL ? p->id : ""));
  SET (name, g_strdup (p->name != NULL ? p->name : ""));
  SET (sex, g_strdup (dabiao_sex_to_string (p->sex)));
  SET (birth, p->birth_year > 0 ? g_strdup_printf ("%d年%d月%d日", p->birth_year, p->birth_month, p->birth_day)
                                : g_strdup (""));
  SET (group, dabiao_results_person_dup_group (p));
  SET (id, g_strdup (p->student_no != NULL && *p->student_no != '\0' ? p->student_no
                     : p->id_number != NULL ? p->id_number : ""));
  SET (school, g_strdup (p->school_name != NULL ? p->school_name : ""));
  SET (level, g_strdup (p->level != NULL ? p->level : ""));
  SET (total, p->has_total ? format_total (p->total_tenths) : g_strdup (""));
#undef SET
  if (content->group == NULL)
    content->group = g_strdup ("");
  return content;
}

static const char *
body_field_value (const char                     *name,
                  const DabiaoCertificateContent *c)
{
  const char * const values[] = {
    c->name, c->sex, c->birth, c->group, c->school, c->level, c->total, c->test_name, c->test_date,
    c->standard, c->issuer, c->issue_date,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) + 1 == G_N_ELEMENTS (dabiao_certificate_template_fields));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (name, dabiao_certificate_template_fields[i]))
      return values[i];
  return NULL;
}

char *
dabiao_certificate_render_body (const DabiaoCertificateTemplate *tmpl,
                                const DabiaoCertificateContent  *content)
{
  GString *text = g_string_new (NULL);
  const char *p = tmpl->body != NULL ? tmpl->body : "";

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close = open != NULL ? strchr (open, '}') : NULL;
      g_autofree char *name = NULL;
      const char *value;

      if (open == NULL || close == NULL)
        {
          g_string_append (text, p);
          break;
        }
      g_string_append_len (text, p, open - p);
      name = g_strndup (open + 1, close - open - 1);
      value = body_field_value (name, content);
      g_string_append (text, value != NULL ? value : "");
      if (value == NULL)
        g_string_append_len (text, open, close - open + 1);
      p = close + 1;
    }
  return g_string_free (text, FALSE);
}

/* @url with its host in ASCII (IDNA) and anything else non-ASCII
 * percent-encoded: QR readers guess the character set of 8-bit data (zbar
 * reads UTF-8 Chinese as Shift JIS), so the payload stays ASCII. */
static char *
ascii_url (const char *url)
{
  const char *host = strstr (url, "://");
  const char *end;
  g_autofree char *host_part = NULL;
  g_autofree char *ascii_host = NULL;
  g_autofree char *rest = NULL;

  if (host == NULL)
    return g_uri_escape_string (url, ":/?#[]@!$&'()*+,;=%~", FALSE);
  host += 3;
  end = host + strcspn (host, "/?#");
  host_part = g_strndup (host, end - host);
  ascii_host = g_hostname_to_ascii (host_part);
  rest = g_uri_escape_string (end, ":/?#[]@!$&'()*+,;=%~", FALSE);
  return g_strdup_printf ("%.*s%s%s", (int) (host - url), url, ascii_host != NULL ? ascii_host : host_part, rest);
}

char *
dabiao_certificate_qr_payload (const DabiaoCertificateTemplate *tmpl,
                               const DabiaoCertificateContent  *content)
{
  g_autofree char *number = g_uri_escape_string (content->number, NULL, FALSE);
  g_autofree char *code = g_uri_escape_string (content->code, NULL, FALSE);

  if (tmpl->verify_url != NULL && *tmpl->verify_url != '\0')
    {
      g_autofree char *url = ascii_url (tmpl->verify_url);

      return g_strdup_printf ("%s%sn=%s&c=%s", url, strchr (url, '?') != NULL ? "&" : "?", number, code);
    }
  return g_strdup_printf ("DABIAO-CERT:%s:%s", number, code);
}

gboolean
dabiao_certificate_eligible (const char               *min_level,
                             const DabiaoResultsPerson *person)
{
  int rank = dabiao_output_level_rank (person->level);

  return !person->exempt && rank > 0 && rank >= dabiao_output_level_rank (min_level);
}

char *
dabiao_certificate_prefix (const DabiaoCertificateTemplate *tmpl,
                           int                              year)
{
  return g_strdup_printf ("%04d%s", year, tmpl->authority_code ? tmpl->authority_code : "");
}

char *
dabiao_certificate_next_number (const char          *prefix,
                                guint                digits,
                                const char * const  *numbers,
                                guint                n_numbers,
                                GError             **error)
{
  gsize prefix_len = strlen (prefix);
  guint64 serial = 0;
  char *number;

  for (guint i = 0; i < n_numbers; i++)
    {
      const char *n = numbers[i];

      if (strlen (n) == prefix_len + digits && strncmp (n, prefix, prefix_len) == 0
          && strspn (n + prefix_len, "0123456789") == digits)
        serial = MAX (serial, g_ascii_strtoull (n + prefix_len, NULL, 10));
    }
  number = g_strdup_printf ("%s%0*" G_GUINT64_FORMAT, prefix, (int) digits, serial + 1);
  if (strlen (number) != prefix_len + digits)
    {
      g_free (number);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Certificate numbers under %s are used up (%u digits); use more serial digits"),
                   prefix, digits);
      return NULL;
    }
  return number;
}

/* ---- Key and check code ------------------------------------------------ */

#define KEY_BYTES 32

static char *
key_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "dabiao", "certificate-key", NULL);
}

static GBytes *
key_from_text (const char  *text,
               const char  *path,
               GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text));
  guchar key[KEY_BYTES];

  if (strlen (clean) != 2 * KEY_BYTES || strspn (clean, "0123456789abcdefABCDEF") != 2 * KEY_BYTES)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("“%s” is not a certificate key (expected %d hexadecimal digits)"), path, 2 * KEY_BYTES);
      return NULL;
    }
  for (guint i = 0; i < KEY_BYTES; i++)
    key[i] = g_ascii_xdigit_value (clean[2 * i]) * 16 + g_ascii_xdigit_value (clean[2 * i + 1]);
  return g_bytes_new (key, KEY_BYTES);
}

static char *
key_to_text (GBytes *key)
{
  gsize len;
  const guchar *data = g_bytes_get_data (key, &len);
  GString *text = g_string_sized_new (2 * len + 1);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (text, "%02x", data[i]);
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

/* Writes @key to @path readable by its owner only, complete or not at all
 * (O_EXCL: never over another key). */
static gboolean
write_key (const char  *path,
           GBytes      *key,
           gboolean     replace,
           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = key_to_text (key);
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  int fd;
  gsize len = strlen (text);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    goto fail;
  g_unlink (tmp);
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    goto fail;
  if (write (fd, text, len) != (gssize) len || fsync (fd) != 0)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      errno = saved;
      goto fail;
    }
  close (fd);
  if (!replace)
    {
      /* link() fails when a key appeared meanwhile: never overwrite one. */
      if (link (tmp, path) != 0)
        {
          int saved = errno;

          g_unlink (tmp);
          errno = saved;
          goto fail;
        }
      g_unlink (tmp);
      return TRUE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      errno = saved;
      goto fail;
    }
  return TRUE;

fail:
  {
    int saved = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _("Cannot write the certificate key “%s”: %s"), path, g_strerror (saved));
  }
  return FALSE;
}

GBytes *
dabiao_certificate_key_load (gboolean   create,
                             GError   **error)
{
  g_autofree char *path = key_path ();
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  guchar fresh[KEY_BYTES];
  g_autoptr(GBytes) key = NULL;

  if (g_file_get_contents (path, &text, NULL, &local_error))
    return key_from_text (text, path, error);
  if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!create)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("This computer has no certificate key (%s); import the key of the computer that issued the certificates"),
                   path);
      return NULL;
    }
  if (getrandom (fresh, sizeof fresh, 0) != sizeof fresh)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("Cannot make a certificate key: no random numbers (%s)"), g_strerror (errno));
      return NULL;
    }
  key = g_bytes_new (fresh, sizeof fresh);
  if (!write_key (path, key, FALSE, &local_error))
    {
      /* Another program made one first: use that. */
      if (g_file_get_contents (path, &text, NULL, NULL))
        return key_from_text (text, path, error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&key);
}

gboolean
dabiao_certificate_key_export (const char  *path,
                               GError     **error)
{
  g_autoptr(GBytes) key = dabiao_certificate_key_load (TRUE, error);

  return key != NULL && write_key (path, key, TRUE, error);
}

gboolean
dabiao_certificate_key_import (const char  *path,
                               gboolean     replace,
                               GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *own_path = key_path ();
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) own = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  key = key_from_text (text, path, error);
  if (key == NULL)
    return FALSE;
  own = dabiao_certificate_key_load (FALSE, NULL);
  if (own != NULL && g_bytes_equal (own, key))
    return TRUE;
  if (own != NULL && !replace)
    {
      g_autofree char *id = dabiao_certificate_key_id (own);

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("This computer has another certificate key (%s, in %s); replacing it makes the codes it issued unverifiable here"),
                   id, own_path);
      return FALSE;
    }
  return write_key (own_path, key, own != NULL, error);
}

char *
dabiao_certificate_key_id (GBytes *key)
{
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, key);

  return g_strndup (sum, 8);
}

char *
dabiao_certificate_code (GBytes                         *key,
                         const DabiaoCertificateContent *c)
{
  gsize len;
  const guchar *data = g_bytes_get_data (key, &len);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, data, len);
  g_autofree char *text = g_strjoin ("\n", "dabiao-certificate-2", c->number, c->name, c->id, c->level,
                                     c->total, c->issue_date, NULL);

  g_hmac_update (hmac, (const guchar *) text, -1);
  return g_ascii_strup (g_hmac_get_string (hmac), 16);
}

/* ---- Pages ------------------------------------------------------------- */

DabiaoCertificatePrint *
dabiao_certificate_print_new (const DabiaoCertificateContent  *content,
                              const DabiaoCertificateTemplate *tmpl,
                              guint                            reissues,
                              const char                      *reissue_date)
{
  DabiaoCertificatePrint *print = g_new0 (DabiaoCertificatePrint, 1);

  print->content = dabiao_certificate_content_copy (content);
  print->tmpl = dabiao_certificate_template_copy (tmpl);
  print->reissues = reissues;
  print->reissue_date = g_strdup (reissue_date);
  return print;
}

void
dabiao_certificate_print_free (DabiaoCertificatePrint *print)
{
  if (print == NULL)
    return;
  dabiao_certificate_content_free (print->content);
  dabiao_certificate_template_free (print->tmpl);
  g_free (print->reissue_date);
  g_free (print);
}

typedef struct
{
  GPtrArray  *prints;
  /* Image surfaces by template hash: one per distinct image, so the PDF
   * holds each image once. */
  GHashTable *seals;
  GHashTable *backgrounds;
} CertPages;

static void
cert_pages_free (gpointer data)
{
  CertPages *cp = data;

  g_ptr_array_unref (cp->prints);
  g_hash_table_unref (cp->seals);
  g_hash_table_unref (cp->backgrounds);
  g_free (cp);
}

static void
surface_unref (gpointer surface)
{
  if (surface != NULL)
    cairo_surface_destroy (surface);
}

static const char *
field_value (const char                     *key,
             const DabiaoCertificateContent *c)
{
  const char * const values[] = { c->name, c->sex, c->birth, c->group, c->id, c->school, c->test_date, c->level,
                                  c->total };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) + 1 == G_N_ELEMENTS (dabiao_certificate_field_keys));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (key, dabiao_certificate_field_keys[i]))
      return values[i];
  return NULL;
}

/* The students' standard (国家学生体质健康标准) names 年级, 学籍号, 学校. */
static const char *
field_label (const char                     *key,
             const DabiaoCertificateContent *c)
{
  gboolean students = c->standard != NULL && strstr (c->standard, "学生") != NULL;

  G_STATIC_ASSERT (G_N_ELEMENTS (student_labels) + 1 == G_N_ELEMENTS (dabiao_certificate_field_keys));
  G_STATIC_ASSERT (G_N_ELEMENTS (adult_labels) + 1 == G_N_ELEMENTS (dabiao_certificate_field_keys));
  for (guint i = 0; dabiao_certificate_field_keys[i] != NULL; i++)
    if (strcmp (key, dabiao_certificate_field_keys[i]) == 0)
      return students ? student_labels[i] : adult_labels[i];
  return key;
}

static void
draw_border (cairo_t *cr,
             double   w,
             double   h)
{
  double m = MIN (w, h) * 0.035;

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
  for (int i = 0; i < 4; i++)
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

/* The space the organiser stamps: a dashed circle labelled 盖章处. */
static void
draw_stamp_space (cairo_t *cr,
                  double   cx,
                  double   cy,
                  double   radius)
{
  static const double dash[] = { 4, 3 };

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.8);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_restore (cr);
  /* The label sits in the top of the circle, clear of the issuer's name
   * and the date the stamp will cover. */
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  dabiao_draw_text_in_box (cr, "盖章处", radius * 0.22, FALSE, PANGO_ALIGN_CENTER, cx - radius * 0.6,
                           cy - radius * 0.82, radius * 1.2, radius * 0.3);
}

static cairo_surface_t *
cached_surface (GHashTable *cache,
                const char *hash,
                GBytes     *png)
{
  cairo_surface_t *surface = NULL;

  if (png == NULL || !g_hash_table_lookup_extended (cache, hash, NULL, (gpointer *) &surface))
    return NULL;
  return surface;
}

static void
cache_surface (GHashTable *cache,
               const char *hash,
               GBytes     *png)
{
  if (png != NULL && !g_hash_table_contains (cache, hash))
    g_hash_table_insert (cache, g_strdup (hash), dabiao_png_surface_new (png));
}

static void
draw_certificate (gpointer  data,
                  cairo_t  *cr,
                  guint     page)
{
  CertPages *cp = data;
  const DabiaoCertificatePrint *print = g_ptr_array_index (cp->prints, page);
  const DabiaoCertificateTemplate *tmpl = print->tmpl;
  const DabiaoCertificateContent *c = print->content;
  const char * const *fields = tmpl->fields ? (const char * const *) tmpl->fields : default_fields;
  cairo_surface_t *background = cached_surface (cp->backgrounds, c->template_hash, tmpl->background_png);
  cairo_surface_t *seal = cached_surface (cp->seals, c->template_hash, tmpl->seal_png);
  g_autofree char *body = dabiao_certificate_render_body (tmpl, c);
  g_autofree char *payload = dabiao_certificate_qr_payload (tmpl, c);
  g_autofree char *number_line = g_strdup_printf ("证书编号：%s", c->number);
  g_autofree char *code_line = g_strdup_printf ("校验码：%s", c->code);
  double w, h, m, s, y, qr, col_w, left, text_w;
  guint k;

  dabiao_paper_get_size (tmpl->paper, &w, &h);
  m = MIN (w, h) * 0.035;
  /* Sizes are for A4 landscape's short side; smaller paper scales down. */
  s = MIN (w, h) / 595.0;
  left = w * 0.11;
  text_w = w * 0.78;

  if (background != NULL)
    dabiao_draw_image (cr, background, 0, 0, w, h, TRUE);
  else
    draw_border (cr, w, h);

  /* 补发 and its date, top right, only for a reissue. */
  if (print->reissues > 0)
    {
      g_autofree char *mark = print->reissues == 1 ? g_strdup ("补发")
                                                   : g_strdup_printf ("补发（第 %u 次）", print->reissues);
      g_autofree char *date = g_strdup_printf ("补发日期：%s", print->reissue_date ? print->reissue_date : "");
      double bw = 150 * s, bh = 26 * s, bx = w - m - 20 * s - bw, by = m + 16 * s;

      cairo_set_source_rgb (cr, 0.8, 0.1, 0.1);
      cairo_set_line_width (cr, 1.5);
      cairo_rectangle (cr, bx, by, bw, bh);
      cairo_stroke (cr);
      dabiao_draw_text_in_box (cr, mark, 14 * s, TRUE, PANGO_ALIGN_CENTER, bx, by, bw, bh);
      dabiao_draw_text_in_box (cr, date, 9 * s, FALSE, PANGO_ALIGN_CENTER, bx, by + bh, bw, 14 * s);
    }

  /* Title. */
  cairo_set_source_rgb (cr, 0.62, 0.08, 0.08);
  y = m + h * 0.09;
  y += dabiao_draw_text (cr, tmpl->title, 30 * s, TRUE, PANGO_ALIGN_CENTER, m + 20 * s, y, w - 2 * m - 40 * s);

  /* The text. */
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  y += h * 0.05;
  /* The level in one piece (findings-15c #11: "“一级（优" | "秀）”"). */
  {
    const char * const keep[] = { c->level, NULL };

    y += dabiao_draw_text_keeping (cr, body, keep, 16 * s, FALSE, PANGO_ALIGN_LEFT, left, y, text_w);
  }

  /* Fields in two columns, one line each (shrunk to fit); empty ones left
   * out; numbers and names that must not be cut get a whole row. */
  y += h * 0.035;
  col_w = text_w / 2;
  k = 0;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *value = field_value (fields[i], c);
      g_autofree char *line = NULL;
      gboolean wide = g_str_equal (fields[i], "id") || g_str_equal (fields[i], "school");
      double row_h = 20 * s;

      g_autofree char *masked = NULL;

      if (value == NULL || *value == '\0')
        continue;
      /* A certificate is handed out and shown around: the 学籍号/身份证号
       * masked as on badges (the check code still covers the whole one). */
      if (g_str_equal (fields[i], "id"))
        value = masked = dabiao_output_mask_id (value);
      line = g_strdup_printf ("%s：%s", field_label (fields[i], c), value);
      if (wide && k % 2 == 1)
        k++;
      dabiao_draw_text_in_box (cr, line, 12 * s, FALSE, PANGO_ALIGN_LEFT, left + (k % 2) * col_w,
                               y + (k / 2) * row_h, (wide ? 2 : 1) * col_w - 6, row_h);
      k += wide ? 2 : 1;
    }

  /* QR code, number and check code, bottom left. */
  qr = MIN (w, h) * 0.15;
  dabiao_draw_qr (cr, payload, m + 22 * s, h - m - 22 * s - qr, qr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  dabiao_draw_text (cr, number_line, 10.5 * s, FALSE, PANGO_ALIGN_LEFT, m + 28 * s + qr, h - m - 22 * s - 30 * s, 0);
  dabiao_draw_text (cr, code_line, 9 * s, FALSE, PANGO_ALIGN_LEFT, m + 28 * s + qr, h - m - 22 * s - 14 * s, 0);

  /* Issuer, issue date and the seal (the organiser's image, or a space to
   * stamp), bottom right, laid out from the bottom up: the date on the
   * last line, the issuer above it in a box of two lines (a long name
   * shrinks, then wraps, and never runs into the date), the stamp over
   * both as a seal is pressed, its 盖章处 label above the issuer. */
  {
    double bx = w * 0.56;
    double bw = w - m - 30 * s - bx;
    double radius = MIN (w, h) * 0.085;
    /* The stamp reaches below the date: keep it inside the inner border. */
    double bottom = h - m - 28 * s;
    double date_h = 18 * s, issuer_h = 2 * 1.45 * 15 * s;
    double date_y = bottom - date_h, issuer_y = date_y - issuer_h;
    double cx = bx + bw / 2, cy = issuer_y + radius * 0.52 - 1;

    if (seal != NULL)
      dabiao_draw_image (cr, seal, cx - radius, (issuer_y + bottom) / 2 - radius, 2 * radius, 2 * radius, FALSE);
    else
      draw_stamp_space (cr, cx, cy, radius);
    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    dabiao_draw_text_in_box (cr, c->issuer, 15 * s, TRUE, PANGO_ALIGN_CENTER, bx, issuer_y, bw, issuer_h);
    dabiao_draw_text_in_box (cr, c->issue_date, 12 * s, FALSE, PANGO_ALIGN_CENTER, bx, date_y, bw, date_h);
  }
}

DabiaoPages *
dabiao_certificates_pages_new (GPtrArray *prints)
{
  CertPages *cp = g_new0 (CertPages, 1);
  DabiaoPaper paper = prints->len > 0 ? ((DabiaoCertificatePrint *) g_ptr_array_index (prints, 0))->tmpl->paper
                                      : DABIAO_PAPER_A4_LANDSCAPE;

  cp->prints = g_ptr_array_ref (prints);
  cp->seals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, surface_unref);
  cp->backgrounds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, surface_unref);
  /* Made here, not while drawing: the pages never change once built. */
  for (guint i = 0; i < prints->len; i++)
    {
      const DabiaoCertificatePrint *print = g_ptr_array_index (prints, i);

      cache_surface (cp->seals, print->content->template_hash, print->tmpl->seal_png);
      cache_surface (cp->backgrounds, print->content->template_hash, print->tmpl->background_png);
    }
  return dabiao_pages_new (prints->len, paper, draw_certificate, cp, cert_pages_free);
}
