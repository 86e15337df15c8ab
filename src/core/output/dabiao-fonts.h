/* dabiao-fonts.h: the one place that picks the fonts of printed outputs,
 * and the check that every character of a name can be drawn.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Certificates are set in a 宋体 (serif), badges and record cards in a 黑体
 * (sans).  Each family list names the base face, then the fallbacks in the
 * order pango tries them for a character the base face lacks: HanaMinB
 * (fonts-hanazono: CJK Ext-B to Ext-F), BabelStone Han (fonts-babelstone-han:
 * Ext-G as far as Debian 12 has it, and the few base and Ext-A characters
 * Noto lacks).  The packages are listed in build-aux/debian-packages.txt. */
typedef enum
{
  DABIAO_FONT_SANS,
  DABIAO_FONT_SERIF,
} DabiaoFontStyle;

/* A pango family list ("A,B,C") for @style. */
const char *dabiao_font_families      (DabiaoFontStyle style);

/* The characters of @text that no installed font can draw in @style (each
 * once, in order of appearance); an empty array when every one can.  Lays
 * @text out with pango and reads the glyphs it could not find, so the answer
 * is the drawing code's own.  Safe in any thread. */
GArray     *dabiao_font_missing_chars (const char      *text,
                                       DabiaoFontStyle  style);

/* The check before drawing: every name, school and class name of @persons
 * (DabiaoResultsPerson*) and every text of @texts (NULL-terminated: title,
 * issuer, event name …; may be NULL) must be drawable in @style.  Fails
 * with DABIAO_ERROR_GLYPHS and a message with one line per problem naming
 * the person (name, 学籍号, class) and the character (U+XXXX), the first 20
 * of them, and how many more. */
gboolean    dabiao_output_check_glyphs (GPtrArray           *persons,
                                        const char * const  *texts,
                                        DabiaoFontStyle      style,
                                        GError             **error);

G_END_DECLS
