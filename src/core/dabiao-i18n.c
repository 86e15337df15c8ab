/* dabiao-i18n.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "dabiao-i18n.h"

/* Users read Chinese.  Set up gettext for every binary (app, cli, sim) the
 * same way: the user's locale, and the translations installed under
 * LOCALEDIR, or, when running from the build tree (tests, the README's run
 * command), the ones compiled there.
 *
 * When the environment gives no language at all (LANG, LC_ALL and LANGUAGE
 * unset, "C", "POSIX" or "C.UTF-8" — a bare Debian install, a container, CI,
 * a machine without the zh_CN locale generated), Chinese is the default:
 * LANGUAGE=zh_CN, with the C.UTF-8 locale for the character set.  Set
 * LANGUAGE=en to see the English source strings. */
static gboolean
names_no_language (const char *locale)
{
  return locale == NULL || g_str_equal (locale, "C") || g_str_equal (locale, "POSIX") ||
         g_str_has_prefix (locale, "C.");
}

void
dabiao_i18n_init (void)
{
  const char *locale = setlocale (LC_ALL, "");
  const char *language = g_getenv ("LANGUAGE");
  const char *localedir = LOCALEDIR;

  if (names_no_language (setlocale (LC_MESSAGES, NULL)))
    {
      locale = setlocale (LC_ALL, "C.UTF-8");
      if (language == NULL || *language == '\0')
        g_setenv ("LANGUAGE", "zh_CN", TRUE);
      /* ... and in the environment too: GTK sets the locale again from it
       * (setlocale (LC_ALL, "") before --help and in gtk_init), which would
       * bring back "C": English, and '?' for every Chinese character. */
      if (locale != NULL)
        g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    }

  if (g_getenv ("DABIAO_LOCALEDIR") != NULL)
    localedir = g_getenv ("DABIAO_LOCALEDIR");
  else if (!g_file_test (LOCALEDIR "/zh_CN/LC_MESSAGES/" GETTEXT_PACKAGE ".mo", G_FILE_TEST_EXISTS))
    localedir = BUILD_LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
