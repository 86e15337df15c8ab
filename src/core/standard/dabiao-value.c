/* dabiao-value.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-standard-private.h"
#include "dabiao-value-reader.h"

/* Values as people write them: 性别 codes, numbers with full-width digits
 * and stray spaces, and times of the endurance runs in 分.秒. */

gboolean
dabiao_sex_parse (const char  *text,
                  DabiaoSex   *sex,
                  GError     **error)
{
  g_autofree char *norm = NULL;
  g_autofree char *lower = NULL;

  /* The upload layout's 1 / 2, without allocating. */
  if (text != NULL && (text[0] == '1' || text[0] == '2') && text[1] == '\0')
    {
      *sex = text[0] == '1' ? DABIAO_SEX_MALE : DABIAO_SEX_FEMALE;
      return TRUE;
    }

  norm = dabiao_text_normalize (text != NULL ? text : "", TRUE);
  lower = g_ascii_strdown (norm, -1);

  if (g_str_equal (lower, "1") || g_str_equal (lower, "1.0") || g_str_equal (lower, "男") ||
      g_str_equal (lower, "m") || g_str_equal (lower, "male") || g_str_equal (lower, "男性"))
    {
      *sex = DABIAO_SEX_MALE;
      return TRUE;
    }
  if (g_str_equal (lower, "2") || g_str_equal (lower, "2.0") || g_str_equal (lower, "女") ||
      g_str_equal (lower, "f") || g_str_equal (lower, "female") || g_str_equal (lower, "女性"))
    {
      *sex = DABIAO_SEX_FEMALE;
      return TRUE;
    }

  if (*norm == '\0')
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                 _("the sex is empty; expected 1 or 男, 2 or 女"));
  else
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                 _("“%s” is not a sex; expected 1 or 男, 2 or 女"), norm);
  return FALSE;
}

const char *
dabiao_sex_to_string (DabiaoSex sex)
{
  return sex == DABIAO_SEX_MALE ? "男" : "女";
}

/* The one reader (dabiao-value-reader.c), without the plausible range: a
 * value outside it is still a value here (batch scoring and the app's
 * scorer decide what to do with it). */
gboolean
dabiao_item_parse_value (const DabiaoItem  *item,
                         const char        *text,
                         gint64            *value,
                         GError           **error)
{
  g_auto(DabiaoValueRead) read = { 0 };

  if (dabiao_value_read (item, text, &read) == DABIAO_VALUE_INVALID)
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, read.problem);
      return FALSE;
    }
  *value = read.value;
  return TRUE;
}

char *
dabiao_item_format_value (const DabiaoItem *item,
                          gint64            value)
{
  gint64 r = dabiao_value_round (value, item->decimals);
  gboolean negative = r < 0;
  gint64 a = negative ? -r : r;
  gint64 whole = a / DABIAO_VALUE_SCALE;
  gint64 frac = a % DABIAO_VALUE_SCALE;

  if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
    {
      gint64 minutes = whole / 60;
      gint64 seconds = whole % 60;

      if (item->decimals == 0 || frac == 0)
        return g_strdup_printf ("%s%" G_GINT64_FORMAT "'%02" G_GINT64_FORMAT "\"",
                                negative ? "-" : "", minutes, seconds);
      return g_strdup_printf ("%s%" G_GINT64_FORMAT "'%02" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT "\"",
                              negative ? "-" : "", minutes, seconds, item->decimals,
                              frac / (item->decimals == 1 ? 100 : item->decimals == 2 ? 10 : 1));
    }

  if (item->decimals == 0)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT, negative ? "-" : "", whole);
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                          negative ? "-" : "", whole, item->decimals,
                          frac / (item->decimals == 1 ? 100 : item->decimals == 2 ? 10 : 1));
}
