/* dabiao-terminal.c: text made safe to print on a terminal
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dabiao-terminal.h"

static gboolean
is_unsafe (gunichar c,
           gboolean keep_line_ends)
{
  if (keep_line_ends && (c == '\n' || c == '\t'))
    return FALSE;
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

char *
dabiao_terminal_escape (const char *text,
                        gssize      len,
                        gboolean    keep_line_ends)
{
  const char *p = text;
  const char *end;
  GString *out = NULL;

  if (text == NULL)
    return NULL;
  if (len < 0)
    len = strlen (text);
  end = text + len;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gsize n;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          if (out == NULL)
            out = g_string_new_len (text, p - text);
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }
      n = g_utf8_next_char (p) - p;
      if (is_unsafe (c, keep_line_ends))
        {
          if (out == NULL)
            out = g_string_new_len (text, p - text);
          if (c < 0x100)
            g_string_append_printf (out, "\\x%02X", c);
          else
            g_string_append_printf (out, "\\u{%04X}", c);
        }
      else if (out != NULL)
        g_string_append_len (out, p, n);
      p += n;
    }
  return out != NULL ? g_string_free (out, FALSE) : NULL;
}

static void
print_to (FILE       *stream,
          const char *text)
{
  g_autofree char *escaped = isatty (fileno (stream)) ? dabiao_terminal_escape (text, -1, TRUE) : NULL;

  fputs (escaped != NULL ? escaped : text, stream);
  fflush (stream);
}

static void
print_stdout (const char *text)
{
  print_to (stdout, text);
}

static void
print_stderr (const char *text)
{
  print_to (stderr, text);
}

void
dabiao_terminal_install_print_handlers (void)
{
  g_set_print_handler (print_stdout);
  g_set_printerr_handler (print_stderr);
}
