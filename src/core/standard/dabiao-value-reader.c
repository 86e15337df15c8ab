/* dabiao-value-reader.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-reading.h"
#include "dabiao-standard-private.h"
#include "dabiao-value-reader.h"

/* The text is first normalised (full-width → ASCII, spaces removed, ASCII
 * lower case), then cut into tokens — numbers, minute marks, seconds marks,
 * a colon and a trailing unit word — and the sequence of token kinds is
 * matched against the written forms (see the header). */

typedef enum
{
  TOK_NUMBER = 'N',
  TOK_MINUTES = 'M',
  TOK_SECONDS = 'S',
  TOK_COLON = 'C',
  TOK_UNIT = 'U',
} TokenKind;

#define MAX_TOKENS 6

typedef struct
{
  char        kinds[MAX_TOKENS + 1];
  const char *start[MAX_TOKENS];
  gsize       len[MAX_TOKENS];
  guint       n;
} Tokens;

/* Longest first where one is the start of another. */
static const char * const seconds_marks[] = {
  "''", "′′", "’’", "‘‘", "″", "\"", "”", "“", "〃", "秒钟", "秒", "sec", "s", NULL
};
static const char * const minutes_marks[] = {
  "分钟", "分", "min", "′", "'", "’", "‘", "´", "`", NULL
};

static gsize
match_mark (const char         *p,
            const char * const *marks)
{
  for (guint i = 0; marks[i] != NULL; i++)
    if (g_str_has_prefix (p, marks[i]))
      return strlen (marks[i]);
  return 0;
}

static gboolean
tokenize (const char *s,
          Tokens     *tokens)
{
  const char *p = s;

  tokens->n = 0;
  while (*p != '\0')
    {
      TokenKind kind;
      gsize len;

      if (tokens->n == MAX_TOKENS)
        return FALSE;
      if (g_ascii_isdigit (*p) || *p == '.')
        {
          kind = TOK_NUMBER;
          len = strspn (p, "0123456789.");
        }
      else if (*p == ':')
        {
          kind = TOK_COLON;
          len = 1;
        }
      else if ((len = match_mark (p, seconds_marks)) > 0)
        kind = TOK_SECONDS;
      else if ((len = match_mark (p, minutes_marks)) > 0)
        kind = TOK_MINUTES;
      else
        {
          /* A unit word ends the text: "cm", "厘米", "公斤", "次". */
          kind = TOK_UNIT;
          len = strlen (p);
          if (strpbrk (p, "0123456789.:,") != NULL)
            return FALSE;
        }
      tokens->kinds[tokens->n] = (char) kind;
      tokens->start[tokens->n] = p;
      tokens->len[tokens->n] = len;
      tokens->n++;
      p += len;
    }
  tokens->kinds[tokens->n] = '\0';
  return TRUE;
}

static char *
token_text (const Tokens *tokens,
            guint         i)
{
  return g_strndup (tokens->start[i], tokens->len[i]);
}

/* A token as a decimal (@whole_only: digits only). */
static gboolean
token_decimal (const Tokens *tokens,
               guint         i,
               gboolean      whole_only,
               gint64       *value)
{
  g_autofree char *text = token_text (tokens, i);

  if (whole_only && strchr (text, '.') != NULL)
    return FALSE;
  return dabiao_value_parse_decimal (text, value) && *value >= 0;
}

/* Digits written after a seconds mark (7″8, 1′05″3): a fraction. */
static gboolean
token_fraction (const Tokens *tokens,
                guint         i,
                gint64       *value)
{
  g_autofree char *text = token_text (tokens, i);
  g_autofree char *decimal = g_strconcat ("0.", text, NULL);

  return strchr (text, '.') == NULL && dabiao_value_parse_decimal (decimal, value);
}

static gboolean
is_time_item (const DabiaoItem *item)
{
  return item->format == DABIAO_VALUE_FORMAT_MIN_SEC || g_strcmp0 (item->unit, "s") == 0;
}

/* A fixed-point value as a short decimal: 7.8, 108, -2.5, 0.05. */
static char *
format_fixed (gint64 value)
{
  gint64 a = value < 0 ? -value : value;
  GString *s = g_string_new (NULL);
  gint64 frac = a % DABIAO_VALUE_SCALE;

  g_string_append_printf (s, "%s%" G_GINT64_FORMAT, value < 0 ? "-" : "", a / DABIAO_VALUE_SCALE);
  if (frac != 0)
    {
      g_string_append_printf (s, ".%03" G_GINT64_FORMAT, frac);
      while (s->str[s->len - 1] == '0')
        g_string_truncate (s, s->len - 1);
    }
  return g_string_free (s, FALSE);
}

char *
dabiao_value_format_time (gint64 seconds)
{
  gint64 a = seconds < 0 ? -seconds : seconds;
  gint64 whole = a / DABIAO_VALUE_SCALE;
  g_autofree char *rest = format_fixed ((whole % 60) * DABIAO_VALUE_SCALE + a % DABIAO_VALUE_SCALE);

  if (whole < 60)
    return g_strdup_printf ("%s%s″", seconds < 0 ? "-" : "", rest);
  return g_strdup_printf ("%s%" G_GINT64_FORMAT "′%s%s″", seconds < 0 ? "-" : "", whole / 60,
                          whole % 60 < 10 ? "0" : "", rest);
}

/* The item's unit for people ("秒", "厘米"); "" for units without a word
 * (台阶指数). */
static const char *
unit_label (const DabiaoItem *item)
{
  if (item->unit == NULL || g_str_equal (item->unit, "index"))
    return "";
  return dabiao_unit_label (item->unit);
}

/* ---- limits --------------------------------------------------------------- */

void
dabiao_value_limits_init (DabiaoValueLimits *limits,
                          const DabiaoItem  *item)
{
  const DabiaoItemInfo *info = dabiao_item_lookup (item->code);
  double min, max;

  *limits = (DabiaoValueLimits) { 0 };
  limits->is_time = is_time_item (item);
  if (info != NULL && dabiao_unit_convert (info->min, info->unit, item->unit, &min)
      && dabiao_unit_convert (info->max, info->unit, item->unit, &max))
    {
      limits->has_range = TRUE;
      limits->min = llround (min * DABIAO_VALUE_SCALE);
      limits->max = llround (max * DABIAO_VALUE_SCALE);
      limits->negative_ok = limits->min < 0;
    }
  else
    {
      /* An organiser's item the catalogue does not know: only what no
       * measurement of its unit can be. */
      static const char * const never_negative[] = { "count", "ml", "kg", "s", "index", "kg/m2", NULL };

      limits->negative_ok = !g_strv_contains (never_negative, item->unit);
    }
}

static char *
format_for_item (const DabiaoItem *item,
                 gint64            value)
{
  if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
    return dabiao_value_format_time (value);
  return format_fixed (value);
}

DabiaoValueVerdict
dabiao_value_limits_check (const DabiaoValueLimits *limits,
                           const DabiaoItem        *item,
                           const char              *text,
                           gint64                   value,
                           char                   **problem)
{
  if (limits->is_time && value <= 0)
    {
      if (problem != NULL)
        *problem = g_strdup_printf (_("“%s”: a time must be more than zero"), text);
      return DABIAO_VALUE_INVALID;
    }
  if (!limits->negative_ok && value < 0)
    {
      if (problem != NULL)
        *problem = g_strdup_printf (_("“%s”: %s cannot be negative"), text, item->name);
      return DABIAO_VALUE_INVALID;
    }
  if (limits->has_range && (value < limits->min || value > limits->max))
    {
      if (problem != NULL)
        {
          g_autofree char *min = format_for_item (item, limits->min);
          g_autofree char *max = format_for_item (item, limits->max);
          g_autofree char *range = NULL;

          if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC || *unit_label (item) == '\0')
            range = g_strdup_printf ("%s–%s", min, max);
          else
            range = g_strdup_printf ("%s–%s %s", min, max, unit_label (item));
          *problem = g_strdup_printf (_("“%s” is outside the plausible range of %s (%s)"),
                                      text, item->name, range);
        }
      return DABIAO_VALUE_IMPLAUSIBLE;
    }
  return DABIAO_VALUE_VALID;
}

/* ---- reading -------------------------------------------------------------- */

static DabiaoValueVerdict
fail (DabiaoValueRead *out,
      char            *problem)
{
  out->verdict = DABIAO_VALUE_INVALID;
  out->value = 0;
  out->problem = problem;
  return out->verdict;
}

/* "Not a time", with the forms the item is written in: 分.秒 for the
 * long runs, seconds for the sprints (the trial: 50米跑 said "1.48"). */
static DabiaoValueVerdict
fail_not_a_time (DabiaoValueRead  *out,
                 const DabiaoItem *item,
                 const char       *shown)
{
  if (item->format != DABIAO_VALUE_FORMAT_MIN_SEC)
    return fail (out, g_strdup_printf (_("“%s” is not a time; write seconds such as 7.8, 7″8 or 7秒8"), shown));
  return fail (out, g_strdup_printf (_("“%s” is not a time; write 分.秒 such as 1.48, or 1′48″, 1:48, 108″"), shown));
}

/* 分.秒 written as a plain number: 1.48 = 1′48″, 3.5 = 3′50″, 3 = 3′00″. */
static gboolean
read_min_dot_sec (const char       *shown,
                  const char       *number,
                  gint64           *value,
                  DabiaoValueRead  *out)
{
  const char *dot = strchr (number, '.');
  g_autofree char *min_text = g_strndup (number, dot != NULL ? (gsize) (dot - number) : strlen (number));
  gint64 minutes;
  gint64 seconds = 0;

  if (*min_text == '\0' || strspn (min_text, "0123456789") != strlen (min_text)
      || (dot != NULL && strchr (dot + 1, '.') != NULL))
    {
      fail (out, g_strdup_printf (_("“%s” is not a time; write 分.秒 such as 1.48, or 1′48″, 1:48, 108″"), shown));
      return FALSE;
    }
  if (strlen (min_text) > 2 || (minutes = g_ascii_strtoll (min_text, NULL, 10)) > 59)
    {
      fail (out, g_strdup_printf (_("“%s” as 分.秒 would be %s minutes; write 1.48 (= 1′48″), 1′48″ or 108″"),
                                  shown, min_text));
      return FALSE;
    }
  if (dot != NULL)
    {
      const char *frac = dot + 1;
      gsize n = strlen (frac);

      if (n == 0 || n > 2)
        {
          fail (out, g_strdup_printf (_("“%s” is not a time in 分.秒: write one or two digits of seconds after the point (3.45 = 3′45″)"),
                                      shown));
          return FALSE;
        }
      seconds = (frac[0] - '0') * 10 + (n == 2 ? frac[1] - '0' : 0);
      if (seconds > 59)
        {
          fail (out, g_strdup_printf (_("“%s”: the seconds must be 0–59 (分.秒: 3.45 = 3′45″)"), shown));
          return FALSE;
        }
    }
  *value = (minutes * 60 + seconds) * DABIAO_VALUE_SCALE;
  return TRUE;
}

/* The written times: 108″ 7″8 1′48″ 1′48 1:48 1分48秒 1′05″3. */
static gboolean
read_time (const DabiaoItem *item,
           const char       *shown,
           const Tokens     *t,
           gint64           *value,
           gboolean         *with_minutes,
           DabiaoValueRead  *out)
{
  const char *k = t->kinds;
  gint64 minutes = 0, seconds = 0, frac = 0;
  gboolean ok;

  *with_minutes = FALSE;
  if (g_str_equal (k, "NS"))
    ok = token_decimal (t, 0, FALSE, &seconds);
  else if (g_str_equal (k, "NSN"))
    ok = token_decimal (t, 0, TRUE, &seconds) && token_fraction (t, 2, &frac);
  else if (g_str_equal (k, "NM"))
    ok = token_decimal (t, 0, TRUE, &minutes);
  else if (g_str_equal (k, "NMN") || g_str_equal (k, "NMNS") || g_str_equal (k, "NCN") || g_str_equal (k, "NCNS"))
    ok = token_decimal (t, 0, TRUE, &minutes) && token_decimal (t, 2, FALSE, &seconds);
  else if (g_str_equal (k, "NMNSN"))
    ok = token_decimal (t, 0, TRUE, &minutes) && token_decimal (t, 2, TRUE, &seconds)
         && token_fraction (t, 4, &frac);
  else
    return FALSE;

  if (!ok)
    {
      fail_not_a_time (out, item, shown);
      return TRUE;
    }
  *with_minutes = k[1] == TOK_MINUTES || k[1] == TOK_COLON;
  minutes /= DABIAO_VALUE_SCALE;
  if (*with_minutes && seconds >= 60 * DABIAO_VALUE_SCALE)
    {
      fail (out, g_strdup_printf (_("“%s”: the seconds must be 0–59 (分.秒: 3.45 = 3′45″)"), shown));
      return TRUE;
    }
  /* No upper bound here: the plausible range judges the size. */
  *value = minutes * 60 * DABIAO_VALUE_SCALE + seconds + frac;
  return TRUE;
}

DabiaoValueVerdict
dabiao_value_read (const DabiaoItem *item,
                   const char       *text,
                   DabiaoValueRead  *out)
{
  g_autofree char *shown = dabiao_text_normalize (text != NULL ? text : "", FALSE);
  g_autofree char *norm = dabiao_text_normalize (text != NULL ? text : "", TRUE);
  g_autofree char *lower = g_ascii_strdown (norm, -1);
  DabiaoValueLimits limits;
  const char *body = lower;
  gboolean negative = FALSE;
  gboolean with_minutes = FALSE;
  gint64 value = 0;
  Tokens t;

  *out = (DabiaoValueRead) { 0 };
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    return fail (out, g_strdup_printf (_("“%s” is not a number"), shown));
  if (*lower == '\0')
    return fail (out, g_strdup (_("the value is empty")));

  if (g_str_has_prefix (body, "−"))  /* U+2212 MINUS SIGN */
    {
      negative = TRUE;
      body += strlen ("−");
    }
  else if (*body == '-' || *body == '+')
    negative = (*body++ == '-');
  if (strchr (body, ',') != NULL && g_ascii_isdigit (body[0]))
    return fail (out, g_strdup_printf (_("“%s”: write a decimal point, not a comma (9.5)"), shown));

  if (!tokenize (body, &t) || t.n == 0 || t.kinds[0] != TOK_NUMBER)
    {
      if (is_time_item (item))
        return fail_not_a_time (out, item, shown);
      return fail (out, g_strdup_printf (_("“%s” is not a number"), shown));
    }

  if (g_str_equal (t.kinds, "N") && item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
    {
      g_autofree char *number = token_text (&t, 0);

      if (!read_min_dot_sec (shown, number, &value, out))
        return out->verdict;
      with_minutes = TRUE;
    }
  else if (g_str_equal (t.kinds, "N") || g_str_equal (t.kinds, "NU"))
    {
      g_autofree char *number = token_text (&t, 0);

      if (!dabiao_value_parse_decimal (number, &value) || *number == '.' || number[strlen (number) - 1] == '.')
        return is_time_item (item) ? fail_not_a_time (out, item, shown)
                                   : fail (out, g_strdup_printf (_("“%s” is not a number"), shown));
      if (t.n == 2)
        {
          g_autofree char *unit = token_text (&t, 1);
          double converted;

          if (*item->unit == '\0'
              || !dabiao_unit_convert ((double) value / DABIAO_VALUE_SCALE, unit, item->unit, &converted))
            return item->format == DABIAO_VALUE_FORMAT_MIN_SEC
                   ? fail (out, g_strdup_printf (_("“%s”: %s is written in 分.秒, such as 1.48 (= 1′48″), 1′48″ or 108″"),
                                                 shown, item->name))
                   : fail (out, g_strdup_printf (_("“%s”: %s is written in %s"), shown, item->name, unit_label (item)));
          value = llround (converted * DABIAO_VALUE_SCALE);
          if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
            with_minutes = TRUE;
        }
    }
  else if (read_time (item, shown, &t, &value, &with_minutes, out))
    {
      if (out->verdict == DABIAO_VALUE_INVALID)
        return out->verdict;
      if (!is_time_item (item))
        return fail (out, g_strdup_printf (_("“%s” is a time, but %s is written in %s"),
                                           shown, item->name, unit_label (item)));
      with_minutes = with_minutes || item->format == DABIAO_VALUE_FORMAT_MIN_SEC;
    }
  else if (is_time_item (item))
    return fail_not_a_time (out, item, shown);
  else
    return fail (out, g_strdup_printf (_("“%s” is not a number"), shown));

  if (negative)
    value = -value;

  dabiao_value_limits_init (&limits, item);
  out->value = value;
  out->verdict = dabiao_value_limits_check (&limits, item, shown, value, &out->problem);
  if (out->verdict == DABIAO_VALUE_INVALID)
    {
      out->value = 0;
      return out->verdict;
    }

  if (is_time_item (item) && with_minutes)
    {
      g_autofree char *time = dabiao_value_format_time (value);
      g_autofree char *secs = format_fixed (value);

      out->understood = g_strdup_printf ("%s = %s %s", time, secs, dabiao_unit_label ("s"));
    }
  else
    {
      g_autofree char *number = format_fixed (value);

      out->understood = *unit_label (item) != '\0'
                        ? g_strdup_printf ("%s %s", number, unit_label (item))
                        : g_strdup (number);
    }
  return out->verdict;
}

void
dabiao_value_read_clear (DabiaoValueRead *read)
{
  g_clear_pointer (&read->understood, g_free);
  g_clear_pointer (&read->problem, g_free);
}

gboolean
dabiao_value_read_checked (const DabiaoItem  *item,
                           const char        *text,
                           gboolean           force,
                           gint64            *value,
                           GError           **error)
{
  g_auto(DabiaoValueRead) read = { 0 };

  switch (dabiao_value_read (item, text, &read))
    {
    case DABIAO_VALUE_VALID:
      break;
    case DABIAO_VALUE_IMPLAUSIBLE:
      if (force)
        break;
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_IMPLAUSIBLE, read.problem);
      return FALSE;
    case DABIAO_VALUE_INVALID:
    default:
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, read.problem);
      return FALSE;
    }
  *value = read.value;
  return TRUE;
}
