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

static void
replace_all (GString     *s,
             const char  *what,
             const char  *with)
{
  g_string_replace (s, what, with, 0);
}

static gboolean
parse_min_sec (const char  *shown,
               const char  *norm,
               gint64      *value,
               GError     **error)
{
  g_autoptr(GString) s = g_string_new (norm);
  const char *colon;
  gint64 minutes = 0;
  gint64 seconds = 0;
  gboolean had_seconds_mark;

  /* Seconds marks first (two apostrophes are a seconds mark), then minutes. */
  replace_all (s, "''", "\"");
  replace_all (s, "’’", "\"");
  replace_all (s, "′′", "\"");
  replace_all (s, "″", "\"");
  replace_all (s, "”", "\"");
  replace_all (s, "“", "\"");
  replace_all (s, "秒", "\"");
  replace_all (s, "′", ":");
  replace_all (s, "’", ":");
  replace_all (s, "‘", ":");
  replace_all (s, "'", ":");
  replace_all (s, "´", ":");
  replace_all (s, "`", ":");
  replace_all (s, "分钟", ":");
  replace_all (s, "分", ":");

  had_seconds_mark = s->len > 0 && s->str[s->len - 1] == '"';
  if (had_seconds_mark)
    g_string_truncate (s, s->len - 1);

  colon = strchr (s->str, ':');
  if (colon != NULL)
    {
      g_autofree char *min_text = g_strndup (s->str, colon - s->str);
      const char *sec_text = colon + 1;

      if (!g_ascii_string_to_signed (min_text, 10, 0, 59, &minutes, NULL) ||
          strchr (sec_text, ':') != NULL ||
          (*sec_text != '\0' && (!dabiao_value_parse_decimal (sec_text, &seconds) || seconds < 0 ||
                                 *sec_text == '-' || *sec_text == '+')))
        goto not_a_time;
    }
  else if (had_seconds_mark)
    {
      /* 45" — seconds only (below an hour, like every other form). */
      if (!dabiao_value_parse_decimal (s->str, &seconds) || seconds < 0 || *s->str == '-' ||
          seconds >= 3600 * DABIAO_VALUE_SCALE)
        goto not_a_time;
      *value = seconds;
      return TRUE;
    }
  else
    {
      /* 分.秒: 3.45 = 3'45", 3.5 = 3'50", 3 = 3'00". */
      const char *dot = strchr (s->str, '.');
      g_autofree char *min_text = g_strndup (s->str, dot != NULL ? (gsize) (dot - s->str) : strlen (s->str));

      if (!g_ascii_string_to_signed (min_text, 10, 0, 59, &minutes, NULL))
        goto not_a_time;
      if (dot != NULL)
        {
          const char *frac = dot + 1;
          gsize n = strlen (frac);

          for (gsize i = 0; i < n; i++)
            if (!g_ascii_isdigit (frac[i]))
              goto not_a_time;
          if (n == 0 || n > 2)
            {
              g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("“%s” is not a time in 分.秒: write one or two digits of seconds after the point (3.45 = 3′45″)"),
                           shown);
              return FALSE;
            }
          seconds = (frac[0] - '0') * 10 + (n == 2 ? frac[1] - '0' : 0);
          seconds *= DABIAO_VALUE_SCALE;
        }
    }

  if (seconds >= 60 * DABIAO_VALUE_SCALE)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s”: the seconds must be 0–59 (分.秒: 3.45 = 3′45″)"), shown);
      return FALSE;
    }

  *value = minutes * 60 * DABIAO_VALUE_SCALE + seconds;
  return TRUE;

not_a_time:
  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
               _("“%s” is not a time; expected 分.秒 such as 3.45 or 3′45″"), shown);
  return FALSE;
}

static gboolean
parse_slow (const DabiaoItem  *item,
            const char        *text,
            gint64            *value,
            GError           **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *norm = NULL;

  shown = dabiao_text_normalize (text != NULL ? text : "", FALSE);
  norm = dabiao_text_normalize (text != NULL ? text : "", TRUE);

  if (*norm == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, _("the value is empty"));
      return FALSE;
    }

  if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
    return parse_min_sec (shown, norm, value, error);

  /* Decimal commas are not accepted: "1,5" is ambiguous with thousands. */
  if (!dabiao_value_parse_decimal (norm, value))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” is not a number"), shown);
      return FALSE;
    }
  return TRUE;
}

gboolean
dabiao_item_parse_value (const DabiaoItem  *item,
                         const char        *text,
                         gint64            *value,
                         GError           **error)
{
  /* No cleanups on the way of the common case. */
  if (dabiao_item_parse_value_fast (item, text, value))
    return TRUE;
  return parse_slow (item, text, value, error);
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
