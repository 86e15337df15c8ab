/* dabiao-fonts.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "dabiao-error.h"
#include "dabiao-fonts.h"
#include "dabiao-output.h"

/* The fallback order (see the header).  HanaMinA is left out on purpose:
 * Noto has everything it adds but 2 Ext-B characters that HanaMinB has too.
 * The generic family last, so a machine without the packages still prints
 * (and the check below names what it cannot draw). */
#define FALLBACKS "HanaMinB,BabelStone Han"

const char *
dabiao_font_families (DabiaoFontStyle style)
{
  switch (style)
    {
    case DABIAO_FONT_SERIF:
      return "Noto Serif CJK SC,Source Han Serif SC," FALLBACKS ",Noto Sans CJK SC,serif";
    case DABIAO_FONT_SANS:
    default:
      return "Noto Sans CJK SC,Source Han Sans SC," FALLBACKS ",sans-serif";
    }
}

GArray *
dabiao_font_missing_chars (const char      *text,
                           DabiaoFontStyle  style)
{
  GArray *missing = g_array_new (FALSE, FALSE, sizeof (gunichar));
  PangoContext *context;
  PangoLayout *layout;
  PangoFontDescription *desc;
  PangoLayoutIter *iter;

  if (text == NULL || text[0] == '\0')
    return missing;

  /* The default font map is per thread (pango ≥ 1.32.6). */
  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  layout = pango_layout_new (context);
  desc = pango_font_description_from_string (dabiao_font_families (style));
  pango_font_description_set_absolute_size (desc, 12 * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);

  if (pango_layout_get_unknown_glyphs_count (layout) > 0)
    {
      iter = pango_layout_get_iter (layout);
      do
        {
          PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
          int i;

          if (run == NULL)
            continue;
          for (i = 0; i < run->glyphs->num_glyphs; i++)
            {
              PangoGlyph glyph = run->glyphs->glyphs[i].glyph;
              gunichar c;
              guint k;

              if ((glyph & PANGO_GLYPH_UNKNOWN_FLAG) == 0 || glyph == PANGO_GLYPH_INVALID_INPUT)
                continue;
              /* An unknown glyph carries its character (PANGO_GET_UNKNOWN_GLYPH). */
              c = glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
              if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
                continue;
              for (k = 0; k < missing->len; k++)
                if (g_array_index (missing, gunichar, k) == c)
                  break;
              if (k == missing->len)
                g_array_append_val (missing, c);
            }
        }
      while (pango_layout_iter_next_run (iter));
      pango_layout_iter_free (iter);
    }

  g_object_unref (layout);
  g_object_unref (context);
  return missing;
}

/* "“X”（U+XXXX）、“Y”（U+YYYY）" */
static char *
describe_chars (GArray *chars)
{
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < chars->len; i++)
    {
      gunichar c = g_array_index (chars, gunichar, i);

      if (i > 0)
        g_string_append (out, "、");
      g_string_append (out, "“");
      g_string_append_unichar (out, c);
      g_string_append_printf (out, "”(U+%04X)", c);
    }
  return g_string_free (out, FALSE);
}

#define MAX_LISTED 20

static void
check_text (GPtrArray                *problems,
            guint                    *n_problems,
            const DabiaoResultsPerson *person,
            const char               *what,
            const char               *text,
            DabiaoFontStyle           style)
{
  g_autoptr(GArray) missing = dabiao_font_missing_chars (text, style);
  g_autofree char *chars = NULL;

  if (missing->len == 0)
    return;
  (*n_problems)++;
  if (problems->len >= MAX_LISTED)
    return;
  chars = describe_chars (missing);
  if (person != NULL)
    /* Translators: 张𠮷 (学籍号 G…, 高三(2)班): 姓名 中的 “𠮷”(U+20BB7) 没有已安装的字体能显示 */
    g_ptr_array_add (problems,
                     g_strdup_printf (_("%s (student number %s, %s): no installed font can draw %s in the %s"),
                                      person->name ? person->name : "",
                                      person->student_no ? person->student_no : "",
                                      person->class_name ? person->class_name : "",
                                      chars, what));
  else
    g_ptr_array_add (problems,
                     g_strdup_printf (_("“%s”: no installed font can draw %s"), text, chars));
}

gboolean
dabiao_output_check_glyphs (GPtrArray           *persons,
                            const char * const  *texts,
                            DabiaoFontStyle      style,
                            GError             **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;
  guint n = 0, i;

  for (i = 0; texts != NULL && texts[i] != NULL; i++)
    check_text (problems, &n, NULL, NULL, texts[i], style);
  for (i = 0; persons != NULL && i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

      check_text (problems, &n, p, _("name"), p->name, style);
      check_text (problems, &n, p, _("school name"), p->school_name, style);
      check_text (problems, &n, p, _("class name"), p->class_name, style);
    }
  if (n == 0)
    return TRUE;

  g_ptr_array_add (problems, NULL);
  list = g_strjoinv ("\n", (char **) problems->pdata);
  if (n > MAX_LISTED)
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_GLYPHS,
                 _("%u texts have characters no installed font can draw (they would print as boxes); "
                   "nothing was printed. The first %u:\n%s\nInstall a font that has them "
                   "(fonts-hanazono, fonts-babelstone-han) or correct the roster."),
                 n, MAX_LISTED, list);
  else
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_GLYPHS,
                 _("Characters no installed font can draw (they would print as boxes); nothing was printed:\n%s\n"
                   "Install a font that has them (fonts-hanazono, fonts-babelstone-han) or correct the roster."),
                 list);
  return FALSE;
}
