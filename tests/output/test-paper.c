/* test-paper.c: what every printed output shares: every name drawn (the
 * fonts and the check before drawing), one paper order, the masked ID, and
 * the badges' content.  PDFs are read back with pdftotext and pdffonts.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dabiao-badge.h"
#include "dabiao-draw-private.h"
#include "dabiao-error.h"
#include "dabiao-fonts.h"
#include "dabiao-i18n.h"
#include "dabiao-output-order.h"
#include "output-testdata.h"

static char *tmpdir;

static char *
run_tool (const char * const *argv)
{
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  if (program == NULL)
    {
      g_test_skip_printf ("%s is not installed", argv[0]);
      return NULL;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The names of issue 12: Ext-A (䶮 U+4DAE, 㐀 U+3400), Ext-B (𠮷 U+20BB7,
 * 𪚥 U+2A6A5) and the 少数民族 middle dot have a font; the PDF holds them
 * as text (pdftotext) and embeds the Ext-B fallback face (pdffonts). */
static void
test_rare_names_drawn (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_three_schools ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoPages) pages = NULL;
  g_autofree char *pdf = g_build_filename (tmpdir, "rare.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  const char *names[] = { "张𠮷", "王𪚥", "刘䶮", "李㐀", "阿卜杜热合曼·买买提艾力·库尔班", NULL };
  DabiaoBadgeLayout layout;
  guint i;

  for (i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GArray) serif = dabiao_font_missing_chars (names[i], DABIAO_FONT_SERIF);
      g_autoptr(GArray) sans = dabiao_font_missing_chars (names[i], DABIAO_FONT_SANS);

      if (serif->len > 0 || sans->len > 0)
        g_error ("%s: U+%04X has no font: install the packages of build-aux/debian-packages.txt "
                 "(fonts-noto-cjk, fonts-hanazono, fonts-babelstone-han)",
                 names[i], g_array_index (serif->len > 0 ? serif : sans, gunichar, 0));
    }
  g_assert_true (dabiao_output_check_glyphs (persons, NULL, DABIAO_FONT_SERIF, &error));
  g_assert_no_error (error);
  g_assert_true (dabiao_output_check_glyphs (persons, NULL, DABIAO_FONT_SANS, &error));
  g_assert_no_error (error);

  dabiao_badge_layout_init_default (&layout);
  pages = dabiao_badges_pages_new (&layout, "测试", persons);
  g_assert_true (dabiao_pages_write_pdf (pages, pdf, NULL, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { "pdftotext", pdf, "-", NULL };

    text = run_tool (argv);
  }
  {
    const char *argv[] = { "pdffonts", pdf, NULL };

    fonts = run_tool (argv);
  }
  if (text == NULL || fonts == NULL)
    return;
  /* A long name may take two lines: compare without line breaks. */
  {
    GString *joined = g_string_new (NULL);
    const char *c;

    for (c = text; *c != '\0'; c++)
      if (*c != '\n' && *c != ' ')
        g_string_append_c (joined, *c);
    g_free (text);
    text = g_string_free (joined, FALSE);
  }
  for (i = 0; names[i] != NULL; i++)
    if (strstr (text, names[i]) == NULL)
      g_error ("“%s” is not in the PDF's text:\n%s", names[i], text);
  g_test_message ("%s", fonts);
  /* 𪚥 is not in Noto: drawn with HanaMinB (cairo names the subset
   * HanaMinB or CairoFont when it converts it). */
  g_assert_true (strstr (fonts, "NotoSansCJK") != NULL);
  g_assert_true (strstr (fonts, "HanaMinB") != NULL || strstr (fonts, "CairoFont") != NULL);
}

/* A character no installed font can draw stops the check with a message
 * naming the person and the character. */
static void
test_missing_glyph_named (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_three_schools ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) missing = NULL;
  DabiaoResultsPerson *p = g_ptr_array_index (persons, 3);
  gunichar c = output_test_find_uncovered_char ();
  char utf8[8] = { 0 };
  g_autofree char *code = NULL;
  g_autofree char *issuer = NULL;
  const char *texts[] = { "2026年秋季测试", NULL };

  if (c == 0)
    {
      g_test_skip ("every Ext-G character has a font here");
      return;
    }
  g_unichar_to_utf8 (c, utf8);
  code = g_strdup_printf ("U+%04X", c);
  g_free (p->name);
  p->name = g_strconcat ("刘", utf8, NULL);

  missing = dabiao_font_missing_chars (p->name, DABIAO_FONT_SANS);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpuint (g_array_index (missing, gunichar, 0), ==, c);

  g_assert_false (dabiao_output_check_glyphs (persons, texts, DABIAO_FONT_SERIF, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_GLYPHS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, p->name));
  g_assert_nonnull (strstr (error->message, p->student_no));
  g_assert_nonnull (strstr (error->message, code));
  g_assert_nonnull (strstr (error->message, "姓名"));
  g_clear_error (&error);

  /* In a document text (the issuer) too. */
  issuer = g_steal_pointer (&p->name);
  texts[0] = issuer;
  p->name = g_strdup ("刘一");
  g_assert_false (dabiao_output_check_glyphs (persons, texts, DABIAO_FONT_SERIF, &error));
  g_assert_nonnull (strstr (error->message, code));
}

static void
test_mask_id (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "G440106200801010424", "G4401**********0424" },
    { "440106200801010424", "4401**********0424" },
    { "44010620080101042X", "4401**********042X" },
    { "L65010120080909008X", "L6501**********008X" },
    { "440106080101042", "4401*******1042" },  /* 15-digit ID */
    { "2023001", "2023001" },                   /* a school's own 学号 */
    { "", "" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *m = dabiao_output_mask_id (cases[i].in);

      g_assert_cmpstr (m, ==, cases[i].out);
      g_assert_cmpuint (strlen (m), ==, strlen (cases[i].in));
    }
  {
    g_autofree char *m = dabiao_output_mask_id (NULL);

    g_assert_cmpstr (m, ==, "");
  }
}

static char *
order_of (GPtrArray *persons)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

      g_string_append_printf (s, "%s%s", i ? " " : "", p->name);
    }
  return g_string_free (s, FALSE);
}

/* School → grade → class → 学籍号: the three schools' classes no longer
 * interleave; the other orders as named. */
static void
test_order (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_three_schools ();
  g_autofree char *roster = order_of (persons);
  g_autofree char *by_class = NULL;
  g_autofree char *by_name = NULL;
  g_autofree char *by_no = NULL;
  DabiaoPaperOrder order;
  guint i;

  dabiao_output_sort_for_paper (persons, DABIAO_PAPER_ORDER_ROSTER);
  {
    g_autofree char *same = order_of (persons);

    g_assert_cmpstr (same, ==, roster);
  }

  dabiao_output_sort_for_paper (persons, DABIAO_PAPER_ORDER_CLASS);
  by_class = order_of (persons);
  /* 4401062002: 初一(3)班 司马懿; 高三(1)班 张𠮷 (…0011), 欧阳娜娜 (…0066);
   * 高三(2)班 古丽米热; 4401062003: 初一(12)班 次仁旺姆; 高三(1)班 刘䶮;
   * 高三(2)班 阿卜杜热合曼; 6501012001: 初一(3)班 李㐀; 初一(12)班 王𪚥
   * (3 before 12: numbers as numbers); 高三(2)班 陈一. */
  g_assert_cmpstr (by_class, ==,
                   "司马懿 张𠮷 欧阳娜娜 古丽米热·艾合买提江 次仁旺姆·格桑卓玛·扎西 刘䶮 "
                   "阿卜杜热合曼·买买提艾力·库尔班 李㐀 王𪚥 陈一");
  for (i = 1; i < persons->len; i++)
    {
      const DabiaoResultsPerson *a = g_ptr_array_index (persons, i - 1);
      const DabiaoResultsPerson *b = g_ptr_array_index (persons, i);

      g_assert_cmpint (strcmp (a->school_code, b->school_code), <=, 0);
      g_assert_true (dabiao_output_same_class (a, a));
      if (strcmp (a->school_code, b->school_code) == 0)
        g_assert_cmpint (a->grade, <=, b->grade);
    }

  /* 高三(1)班 of the first school by name: 欧阳 (O) before 张 (Z). */
  dabiao_output_sort_for_paper (persons, DABIAO_PAPER_ORDER_CLASS_NAME);
  by_name = order_of (persons);
  g_assert_true (g_str_has_prefix (by_name, "司马懿 欧阳娜娜 张𠮷 "));

  dabiao_output_sort_for_paper (persons, DABIAO_PAPER_ORDER_STUDENT_NO);
  by_no = order_of (persons);
  g_assert_true (g_str_has_prefix (by_no, "阿卜杜热合曼·买买提艾力·库尔班 张𠮷 刘䶮 "));
  g_assert_true (g_str_has_suffix (by_no, " 陈一"));  /* L… after G… */

  g_assert_true (dabiao_paper_order_from_string ("class-name", &order));
  g_assert_cmpint (order, ==, DABIAO_PAPER_ORDER_CLASS_NAME);
  g_assert_cmpstr (dabiao_paper_order_to_string (DABIAO_PAPER_ORDER_STUDENT_NO), ==, "student-no");
  g_assert_false (dabiao_paper_order_from_string ("学号", &order));
}

/* Badges: the full name drawn (never an ellipsis), the class without the
 * grade twice, the school's name, the 学籍号 masked or left out; a class
 * per page on request. */
static void
test_badges_content (void)
{
  g_autoptr(GPtrArray) persons = output_test_make_three_schools ();
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(DabiaoDrawRecord) record = dabiao_draw_record_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "badges.pdf", NULL);
  g_autofree char *text = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  DabiaoBadgeLayout layout;
  guint i;

  dabiao_output_sort_for_paper (persons, DABIAO_PAPER_ORDER_CLASS);
  dabiao_badge_layout_init_default (&layout);
  pages = dabiao_badges_pages_new (&layout, "2026年秋季体质健康测试", persons);
  g_assert_cmpuint (dabiao_pages_get_n_pages (pages), ==, 1);

  /* What was drawn, text by text. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cr = cairo_create (surface);
  dabiao_draw_record_attach (cr, record);
  dabiao_pages_draw (pages, cr, 0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  for (i = 0; i < record->texts->len; i++)
    {
      const DabiaoDrawnText *t = g_ptr_array_index (record->texts, i);

      g_assert_false (t->ellipsized);
      g_string_append_printf (all, "%s\n", t->text);
    }
  g_test_message ("%s", all->str);
  g_assert_nonnull (strstr (all->str, "\n阿卜杜热合曼·买买提艾力·库尔班\n"));
  g_assert_nonnull (strstr (all->str, "\n高三(2)班\n"));
  g_assert_null (strstr (all->str, "高三 高三"));
  g_assert_nonnull (strstr (all->str, "\n新疆维吾尔自治区喀什地区塔什库尔干塔吉克自治县第一中学附属实验学校\n"));
  g_assert_nonnull (strstr (all->str, "\nG4401**********0424\n"));
  g_assert_null (strstr (all->str, "200801010424"));

  /* The PDF says the same to an independent reader. */
  g_assert_true (dabiao_pages_write_pdf (pages, pdf, NULL, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { "pdftotext", pdf, "-", NULL };

    text = run_tool (argv);
  }
  if (text != NULL)
    {
      g_assert_nonnull (strstr (text, "G4401**********0424"));
      g_assert_null (strstr (text, "G440106200801010424"));
      g_assert_null (strstr (text, "…"));
      g_assert_null (strstr (text, "4401062002"));  /* the school's code: never on a badge */
    }

  /* Left out. */
  layout.id = DABIAO_BADGE_ID_HIDDEN;
  g_clear_pointer (&pages, dabiao_pages_unref);
  pages = dabiao_badges_pages_new (&layout, "2026年秋季体质健康测试", persons);
  g_assert_true (dabiao_pages_write_pdf (pages, pdf, NULL, &error));
  g_free (text);
  {
    const char *argv[] = { "pdftotext", pdf, "-", NULL };

    text = run_tool (argv);
  }
  if (text != NULL)
    {
      g_assert_null (strstr (text, "G4401"));
      g_assert_nonnull (strstr (text, "张𠮷"));
    }

  /* A class per page: the ten students are in nine classes. */
  layout.class_per_page = TRUE;
  g_clear_pointer (&pages, dabiao_pages_unref);
  pages = dabiao_badges_pages_new (&layout, "2026年秋季体质健康测试", persons);
  g_assert_cmpuint (dabiao_pages_get_n_pages (pages), ==, 9);
  /* …and a full page still breaks: 10 per page, 1 per class of 25. */
  {
    g_autoptr(GPtrArray) many = output_test_make_persons (25, 1, 1);

    for (i = 0; i < many->len; i++)
      {
        DabiaoResultsPerson *p = g_ptr_array_index (many, i);

        p->grade = 31;
        g_free (p->class_code);
        p->class_code = g_strdup ("3101");
        g_free (p->class_name);
        p->class_name = g_strdup ("高一(1)班");
      }
    g_clear_pointer (&pages, dabiao_pages_unref);
    pages = dabiao_badges_pages_new (&layout, "x", many);
    g_assert_cmpuint (dabiao_pages_get_n_pages (pages), ==, 3);
  }
}

int
main (int argc, char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dabiao-test-paper-XXXXXX", NULL);

  g_test_add_func ("/dabiao/Paper/rare-names-drawn", test_rare_names_drawn);
  g_test_add_func ("/dabiao/Paper/missing-glyph-named", test_missing_glyph_named);
  g_test_add_func ("/dabiao/Paper/mask-id", test_mask_id);
  g_test_add_func ("/dabiao/Paper/order", test_order);
  g_test_add_func ("/dabiao/Paper/badges-content", test_badges_content);

  ret = g_test_run ();
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
  return ret;
}
