/* test-layout.c: every printed output on A4, A4 landscape, A5 and A5
 * landscape with the longest names, school names and issuer texts, measured
 * with pango (the drawing code's own layouts, recorded while the pages are
 * drawn into a PDF): fails when a text is clipped (ellipsized, ink outside
 * the box it was given or the page's printable area), when two texts (or a
 * text and a QR code) overlap, when a line breaks between a number and its
 * unit or inside a date, when a paragraph ends on a lone one- or
 * two-character line, when a text is too small to read, or when a character
 * has no font.  Every page is rendered to PNG in the build folder
 * (output/rendered/layout/) for people to look at.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "dabiao-badge.h"
#include "dabiao-certificate.h"
#include "dabiao-draw-private.h"
#include "dabiao-fonts.h"
#include "dabiao-i18n.h"
#include "dabiao-record-card.h"
#include "output-testdata.h"

static char *tmpdir;
/* The test persons' names with a 少数民族 middle dot (阿卜杜热合曼·买买提艾力·库尔班):
 * a line may break after a dot, never inside a part. */
static GPtrArray *dotted_names;

static const DabiaoPaper all_papers[] = {
  DABIAO_PAPER_A4_PORTRAIT, DABIAO_PAPER_A4_LANDSCAPE, DABIAO_PAPER_A5_PORTRAIT, DABIAO_PAPER_A5_LANDSCAPE,
};

/* Most printers cannot print the outer 4 mm. */
#define PRINTABLE_MARGIN DABIAO_MM_TO_PT (4)
#define TOLERANCE 0.75
#define MIN_SIZE 6.0
#define MIN_STAMP_SIZE 5.0

static gboolean
rect_inside (const DabiaoRect *inner,
             const DabiaoRect *outer,
             double            tolerance)
{
  return inner->x >= outer->x - tolerance && inner->y >= outer->y - tolerance
         && inner->x + inner->width <= outer->x + outer->width + tolerance
         && inner->y + inner->height <= outer->y + outer->height + tolerance;
}

static gboolean
rects_overlap (const DabiaoRect *a,
               const DabiaoRect *b)
{
  double w = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
  double h = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);

  return w > 0.5 && h > 0.5;
}

static const char * const units[] = {
  "分", "秒", "厘米", "毫米", "米", "千克", "公斤", "毫升", "次", "岁", "cm", "mm", "kg", "ml", "s", "年", "月", "日",
  "'", "\"", "″", "′", NULL
};

static gboolean
starts_with_unit_or_digit (const char *s)
{
  guint i;

  if (g_ascii_isdigit (s[0]))
    return TRUE;
  for (i = 0; units[i] != NULL; i++)
    if (g_str_has_prefix (s, units[i]))
      return TRUE;
  return FALSE;
}

/* The line ends in a number (3.5, 2026) or a date part after a number
 * (2026年, 11月). */
static gboolean
ends_with_number (const char *s)
{
  gsize n = strlen (s);

  if (n == 0)
    return FALSE;
  if (g_ascii_isdigit (s[n - 1]) || s[n - 1] == '.')
    return TRUE;
  if (g_str_has_suffix (s, "年") || g_str_has_suffix (s, "月"))
    return n > 3 && g_ascii_isdigit (s[n - 4]);
  return FALSE;
}

/* The characters of @s that are not space. */
static glong
visible_chars (const char *s)
{
  glong n = 0;

  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)) && g_utf8_get_char (s) != 0x3000)
      n++;
  return n;
}

/* A line break of @t inside a part of a dotted name: the first such name,
 * or NULL. */
static const char *
breaks_a_name (const DabiaoDrawnText *t)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));

  /* The lines joined as they were laid out, and where each one ends. */
  for (guint k = 0; t->lines[k] != NULL; k++)
    {
      g_string_append (joined, t->lines[k]);
      g_array_append_val (ends, joined->len);
    }
  for (guint n = 0; dotted_names != NULL && n < dotted_names->len; n++)
    {
      const char *name = g_ptr_array_index (dotted_names, n);
      gsize len = strlen (name);

      for (const char *at = strstr (joined->str, name); at != NULL; at = strstr (at + 1, name))
        for (guint k = 0; k + 1 < ends->len; k++)
          {
            gsize end = g_array_index (ends, gsize, k);
            gsize start = at - joined->str;

            if (end > start && end < start + len
                && !(end >= strlen ("·") && memcmp (joined->str + end - strlen ("·"), "·", strlen ("·")) == 0))
              return name;
          }
    }
  return NULL;
}

/* Adds a line to @failures for each layout defect on the recorded pages. */
static void
check_record (const char       *name,
              DabiaoDrawRecord *record,
              double            page_w,
              double            page_h,
              GPtrArray        *failures)
{
  DabiaoRect page = { PRINTABLE_MARGIN, PRINTABLE_MARGIN, page_w - 2 * PRINTABLE_MARGIN, page_h - 2 * PRINTABLE_MARGIN };
  guint i, j;

  for (i = 0; i < record->texts->len; i++)
    {
      const DabiaoDrawnText *t = g_ptr_array_index (record->texts, i);
      g_autoptr(GArray) missing = dabiao_font_missing_chars (t->text, DABIAO_FONT_SANS);
      guint n_lines = g_strv_length (t->lines);
      guint k;

      if (t->text[0] == '\0' || t->ink.width <= 0)
        continue;
      if (t->stamp)
        {
          /* A seal's characters lie over the issuer on purpose and are
           * turned; they only have to be legible and on the page. */
          if (t->size < MIN_STAMP_SIZE)
            g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: seal character “%s” is %.1f pt, too small to read",
                                                        name, t->page + 1, t->text, t->size));
          if (!rect_inside (&t->ink, &page, TOLERANCE))
            g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: seal character “%s” is off the printable page",
                                                        name, t->page + 1, t->text));
          continue;
        }
      if (t->ellipsized)
        g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: “%s” is cut with an ellipsis", name, t->page + 1, t->text));
      if (!rect_inside (&t->ink, &t->box, TOLERANCE))
        g_ptr_array_add (failures,
                         g_strdup_printf ("%s p.%u: “%s” is clipped: ink %.1f,%.1f %.1f×%.1f outside its box %.1f,%.1f %.1f×%.1f",
                                          name, t->page + 1, t->text, t->ink.x, t->ink.y, t->ink.width, t->ink.height,
                                          t->box.x, t->box.y, t->box.width, t->box.height));
      if (!rect_inside (&t->ink, &page, TOLERANCE))
        g_ptr_array_add (failures,
                         g_strdup_printf ("%s p.%u: “%s” is clipped: ink %.1f,%.1f %.1f×%.1f outside the printable page %.0f×%.0f",
                                          name, t->page + 1, t->text, t->ink.x, t->ink.y, t->ink.width, t->ink.height,
                                          page_w, page_h));
      if (t->size < MIN_SIZE)
        g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: “%s” is %.1f pt, too small to read", name, t->page + 1,
                                                    t->text, t->size));
      if (missing->len > 0)
        g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: “%s” has characters no font can draw (U+%04X)", name,
                                                    t->page + 1, t->text, g_array_index (missing, gunichar, 0)));
      for (k = 0; k + 1 < n_lines; k++)
        {
          g_autofree char *a = g_strstrip (g_strdup (t->lines[k]));
          g_autofree char *b = g_strstrip (g_strdup (t->lines[k + 1]));

          if (ends_with_number (a) && starts_with_unit_or_digit (b))
            g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: “%s” breaks a number from its unit: “%s” / “%s”",
                                                        name, t->page + 1, t->text, a, b));
        }
      if (breaks_a_name (t) != NULL)
        g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: “%s” breaks the name %s inside a part: “%s” / …", name,
                                                    t->page + 1, t->text, breaks_a_name (t), t->lines[0]));
      if (n_lines >= 2 && visible_chars (t->lines[n_lines - 1]) <= 2)
        g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: “%s” ends on a lone line “%s”", name, t->page + 1,
                                                    t->text, t->lines[n_lines - 1]));

      for (j = i + 1; j < record->texts->len; j++)
        {
          const DabiaoDrawnText *u = g_ptr_array_index (record->texts, j);

          if (u->page != t->page || u->stamp || u->text[0] == '\0' || u->ink.width <= 0)
            continue;
          if (rects_overlap (&t->ink, &u->ink))
            g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: “%s” and “%s” overlap", name, t->page + 1,
                                                        t->text, u->text));
        }
      for (j = 0; j < record->shapes->len; j++)
        if (g_array_index (record->shape_pages, guint, j) == t->page
            && rects_overlap (&t->ink, &g_array_index (record->shapes, DabiaoRect, j)))
          g_ptr_array_add (failures, g_strdup_printf ("%s p.%u: “%s” overlaps the QR code", name, t->page + 1, t->text));
    }
}

/* Draws @pages into NAME.pdf with a record attached, checks the record and
 * renders every page to PNG.  Returns the PDF's path. */
static char *
check_pages (const char  *name,
             DabiaoPages *pages,
             GPtrArray   *failures)
{
  g_autoptr(DabiaoDrawRecord) record = dabiao_draw_record_new ();
  g_autofree char *file = g_strconcat (name, ".pdf", NULL);
  char *pdf = g_build_filename (tmpdir, file, NULL);
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "output", "rendered", "layout", NULL);
  g_autofree char *prefix = g_build_filename (dir, name, NULL);
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;
  guint i;

  dabiao_pages_get_size (pages, &w, &h);
  surface = cairo_pdf_surface_create (pdf, w, h);
  cr = cairo_create (surface);
  for (i = 0; i < dabiao_pages_get_n_pages (pages); i++)
    {
      record->page = i;
      dabiao_draw_record_attach (cr, record);
      dabiao_pages_draw (pages, cr, i);
      dabiao_draw_record_attach (cr, NULL);
      cairo_show_page (cr);
    }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  g_assert_cmpuint (record->texts->len, >, 0);
  check_record (name, record, w, h, failures);

  if (pdftoppm != NULL)
    {
      /* The first three pages (all with DABIAO_RENDER_ALL): pdftoppm is
       * most of this test's time; every page is measured regardless. */
      const char *argv[] = { pdftoppm, "-png", "-r", "60", "-l", g_getenv ("DABIAO_RENDER_ALL") ? "9999" : "3",
                             pdf, prefix, NULL };
      g_autoptr(GError) error = NULL;
      int status;

      g_autoptr(GDir) old = NULL;
      g_autofree char *stem = g_strconcat (name, "-", NULL);
      const char *entry;

      /* Pages of an earlier run (fewer or more of them) go first. */
      g_mkdir_with_parents (dir, 0755);
      old = g_dir_open (dir, 0, NULL);
      while (old != NULL && (entry = g_dir_read_name (old)) != NULL)
        if (g_str_has_prefix (entry, stem) && g_str_has_suffix (entry, ".png")
            && g_ascii_isdigit (entry[strlen (stem)]))
          {
            g_autofree char *path = g_build_filename (dir, entry, NULL);

            g_unlink (path);
          }
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  return pdf;
}

static void
report (GPtrArray *failures)
{
  guint i;

  for (i = 0; i < failures->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (failures, i));
  if (failures->len > 0)
    g_test_fail_printf ("%u layout defects, the first: %s", failures->len, (char *) g_ptr_array_index (failures, 0));
}

static DabiaoCertificateTemplate *
long_template (DabiaoPaper paper)
{
  DabiaoCertificateTemplate *tmpl = dabiao_certificate_template_new_for_standard ("国家学生体质健康标准（2014年修订）", TRUE);

  g_free (tmpl->issuer);
  tmpl->issuer = g_strdup ("新疆维吾尔自治区喀什地区塔什库尔干塔吉克自治县教育和科学技术局");
  g_free (tmpl->authority_code);
  tmpl->authority_code = g_strdup ("653131");
  tmpl->paper = paper;
  return tmpl;
}

/* Every certificate of the three schools, with every field shown, the
 * longest test name, and reissues (补发, the widest top-right mark). */
static DabiaoPages *
certificate_pages (GPtrArray   *persons,
                   DabiaoPaper  paper)
{
  static const char * const all_fields[] = { "name", "sex", "birth", "group", "id", "school", "test-date", "level", "total", NULL };
  g_autoptr(DabiaoCertificateTemplate) tmpl = long_template (paper);
  g_autoptr(GPtrArray) prints = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_certificate_print_free);
  guint i;

  tmpl->fields = g_strdupv ((char **) all_fields);
  for (i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      g_autoptr(DabiaoCertificateContent) c = NULL;

      if (!dabiao_certificate_eligible (tmpl->min_level, p))
        continue;
      c = dabiao_certificate_content_new_for_person (p);
      /* The fields start as "" (owned). */
#define SET(field, value) (g_free (c->field), c->field = (value))
      SET (number, g_strdup_printf ("2026653131%06u", i + 1));
      SET (code, g_strdup ("0123456789ABCDEF"));
      SET (test_name, g_strdup ("2026年新疆维吾尔自治区喀什地区中小学生体质健康标准测试（秋季）"));
      SET (test_date, g_strdup ("2026年10月15日"));
      SET (standard, g_strdup ("国家学生体质健康标准"));
      SET (issuer, g_strdup (tmpl->issuer));
      SET (issue_date, g_strdup ("2026年11月29日"));
      SET (template_hash, dabiao_certificate_template_hash (tmpl));
#undef SET
      g_ptr_array_add (prints, dabiao_certificate_print_new (c, tmpl, i % 3, i % 3 ? "2026年12月31日" : NULL));
    }
  g_assert_cmpuint (prints->len, >, 5);
  return dabiao_certificates_pages_new (prints);
}

static void
test_certificates (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_three_schools ();
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (all_papers); i++)
    {
      g_autoptr(DabiaoPages) pages = certificate_pages (persons, all_papers[i]);
      g_autofree char *name = g_strconcat ("certificates-", dabiao_paper_to_string (all_papers[i]), NULL);
      g_autofree char *pdf = check_pages (name, pages, failures);
    }
  report (failures);
}

static void
test_badges (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_three_schools ();
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  guint i, level;

  for (level = 0; level < 2; level++)
    for (i = 0; i < G_N_ELEMENTS (all_papers); i++)
      {
        g_autoptr(DabiaoPages) pages = NULL;
        g_autofree char *name = g_strdup_printf ("badges%s-%s", level ? "-level" : "",
                                                 dabiao_paper_to_string (all_papers[i]));
        g_autofree char *pdf = NULL;
        DabiaoBadgeLayout layout;

        dabiao_badge_layout_init_for_paper (&layout, all_papers[i]);
        layout.show_level = level;
        g_assert_true (dabiao_badge_layout_check (&layout, NULL));
        pages = dabiao_badges_pages_new (&layout, "2026年新疆维吾尔自治区喀什地区学生体质健康标准测试", persons);
        pdf = check_pages (name, pages, failures);
      }
  report (failures);
}

static void
test_record_cards (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_three_schools ();
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (all_papers); i++)
    {
      g_autoptr(DabiaoPages) pages = dabiao_record_cards_pages_new_for_paper (persons, "2026—2027学年", all_papers[i]);
      g_autofree char *name = g_strconcat ("cards-", dabiao_paper_to_string (all_papers[i]), NULL);
      g_autofree char *pdf = check_pages (name, pages, failures);
    }
  report (failures);
}

/* The checks themselves catch what they claim to: a box too small, an
 * overlap, a number broken from its unit, a lone last line. */
static void
test_checks_catch (void)
{
  g_autoptr(DabiaoDrawRecord) record = dabiao_draw_record_new ();
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 400);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *all = NULL;

  dabiao_draw_record_attach (cr, record);
  /* Text wider than the page. */
  dabiao_draw_text (cr, "阿卜杜热合曼·买买提艾力·库尔班阿卜杜热合曼·买买提艾力·库尔班", 20, FALSE, PANGO_ALIGN_LEFT, 20, 20, 0);
  /* Two texts on top of each other. */
  dabiao_draw_text (cr, "发证单位", 12, FALSE, PANGO_ALIGN_LEFT, 40, 100, 0);
  dabiao_draw_text (cr, "2026年11月29日", 12, FALSE, PANGO_ALIGN_LEFT, 40, 106, 0);
  /* A paragraph whose last line is one character. */
  dabiao_draw_text (cr, "一二三四五六七八九十", 10, FALSE, PANGO_ALIGN_LEFT, 40, 200, 92);
  /* A QR code under text. */
  dabiao_draw_qr (cr, "DABIAO-CERT:1:2", 40, 300, 60);
  dabiao_draw_text (cr, "证书编号", 10, FALSE, PANGO_ALIGN_LEFT, 50, 320, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  check_record ("self", record, 400, 400, failures);
  g_ptr_array_add (failures, NULL);
  all = g_strjoinv ("\n", (char **) failures->pdata);
  g_test_message ("%s", all);
  g_assert_nonnull (strstr (all, "outside the printable page"));
  g_assert_nonnull (strstr (all, "“发证单位” and “2026年11月29日” overlap"));
  g_assert_nonnull (strstr (all, "overlaps the QR code"));
  /* Protected breaks leave at least three characters on the last line,
   * so the lone line cannot be made through dabiao_draw_text. */
  g_assert_null (strstr (all, "ends on a lone line"));

  /* The line checks on hand-made lines. */
  {
    DabiaoDrawnText t = { 0 };
    g_autoptr(DabiaoDrawRecord) r2 = dabiao_draw_record_new ();
    g_autoptr(GPtrArray) f2 = g_ptr_array_new_with_free_func (g_free);
    const char *lines[] = { "总分 68.1", "分，符合国家体育锻炼标准，特发此", "证。", NULL };
    g_autofree char *all2 = NULL;

    t.text = (char *) "总分 68.1 分，符合国家体育锻炼标准，特发此证。";
    t.lines = (char **) lines;
    t.size = 12;
    t.box = (DabiaoRect) { 20, 20, 200, 60 };
    t.ink = (DabiaoRect) { 20, 20, 150, 50 };
    g_ptr_array_add (r2->texts, g_memdup2 (&t, sizeof t));
    check_record ("lines", r2, 400, 400, f2);
    /* Not owned by the record. */
    ((DabiaoDrawnText *) g_ptr_array_index (r2->texts, 0))->text = g_strdup (t.text);
    ((DabiaoDrawnText *) g_ptr_array_index (r2->texts, 0))->lines = g_strdupv ((char **) lines);
    g_ptr_array_add (f2, NULL);
    all2 = g_strjoinv ("\n", (char **) f2->pdata);
    g_test_message ("%s", all2);
    g_assert_nonnull (strstr (all2, "breaks a number from its unit: “总分 68.1” / “分"));
    g_assert_nonnull (strstr (all2, "ends on a lone line “证。”"));
  }

  /* A name broken inside a part (买买提艾 / 力), and one broken after a dot. */
  {
    g_autoptr(DabiaoDrawRecord) r3 = dabiao_draw_record_new ();
    g_autoptr(GPtrArray) f3 = g_ptr_array_new_with_free_func (g_free);
    const char *bad[] = { "阿卜杜热合曼·买买提艾", "力·库尔班", NULL };
    const char *good[] = { "阿卜杜热合曼·", "买买提艾力·库尔班", NULL };
    g_autofree char *all3 = NULL;

    for (guint k = 0; k < 2; k++)
      {
        DabiaoDrawnText *t = g_new0 (DabiaoDrawnText, 1);

        t->text = g_strdup ("阿卜杜热合曼·买买提艾力·库尔班");
        t->lines = g_strdupv ((char **) (k == 0 ? bad : good));
        t->size = 20;
        t->box = (DabiaoRect) { 20, 20 + 100 * k, 200, 60 };
        t->ink = (DabiaoRect) { 20, 20 + 100 * k, 150, 50 };
        g_ptr_array_add (r3->texts, t);
      }
    check_record ("names", r3, 400, 400, f3);
    g_ptr_array_add (f3, NULL);
    all3 = g_strjoinv ("\n", (char **) f3->pdata);
    g_test_message ("%s", all3);
    g_assert_cmpuint (f3->len, ==, 2);
    g_assert_nonnull (strstr (all3, "breaks the name 阿卜杜热合曼·买买提艾力·库尔班 inside a part: “阿卜杜热合曼·买买提艾”"));
  }
}

int
main (int argc, char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dabiao-test-layout-XXXXXX", NULL);
  {
    g_autoptr(GPtrArray) persons = output_test_make_three_schools ();

    dotted_names = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < persons->len; i++)
      {
        const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

        if (strstr (p->name, "·") != NULL)
          g_ptr_array_add (dotted_names, g_strdup (p->name));
      }
    g_assert_cmpuint (dotted_names->len, >, 0);
  }

  g_test_add_func ("/dabiao/Layout/checks-catch", test_checks_catch);
  g_test_add_func ("/dabiao/Layout/certificates", test_certificates);
  g_test_add_func ("/dabiao/Layout/badges", test_badges);
  g_test_add_func ("/dabiao/Layout/record-cards", test_record_cards);

  ret = g_test_run ();
  if (g_getenv ("DABIAO_KEEP_TEST_FILES") == NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (tmpdir, entry, NULL);

          g_unlink (path);
        }
      g_rmdir (tmpdir);
    }
  g_free (tmpdir);
  g_ptr_array_unref (dotted_names);
  return ret;
}
