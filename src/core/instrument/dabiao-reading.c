/* dabiao-reading.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-reading.h"

G_DEFINE_BOXED_TYPE (DabiaoReading, dabiao_reading, dabiao_reading_ref, dabiao_reading_unref)

/* Plausible ranges are not score thresholds: they only catch a value that is
 * almost certainly a misreading (a height of 17.2 cm, a 50 m run of 0.8 s),
 * which is then offered with a warning.  Codes, names and units are those of
 * the shipped standards (data/standards/student-2014 and natfit-2003
 * items.csv; test-instrument-items checks it), ranges wide enough for
 * preschool children (3–6 years) up to the elderly. */
static const DabiaoItemInfo items[] = {
  /* student-2014 */
  { "height",               "身高",           "cm",     40.0,   250.0,  165.0, 1 },
  { "weight",               "体重",           "kg",      8.0,   250.0,   55.0, 1 },
  { "bmi",                  "体重指数（BMI）", "kg/m2",   8.0,    60.0,   21.0, 1 },
  { "vital_capacity",       "肺活量",         "ml",    200.0, 10000.0, 3000.0, 0 },
  { "run_50m",              "50米跑",         "s",       4.5,    30.0,    8.5, 1 },
  { "sit_and_reach",        "坐位体前屈",     "cm",    -40.0,    50.0,   10.0, 1 },
  { "rope_1min",            "一分钟跳绳",     "count",   0.0,   300.0,  150.0, 0 },
  { "sit_up_1min",          "一分钟仰卧起坐", "count",   0.0,   100.0,   40.0, 0 },
  { "shuttle_50mx8",        "50米×8往返跑",   "s",      60.0,   300.0,  110.0, 1 },
  { "standing_long_jump",   "立定跳远",       "cm",     20.0,   400.0,  200.0, 0 },
  { "run_800m",             "800米跑",        "s",     100.0,   900.0,  230.0, 1 },
  { "run_1000m",            "1000米跑",       "s",     120.0,   900.0,  250.0, 1 },
  { "pull_up",              "引体向上",       "count",   0.0,    60.0,    8.0, 0 },
  /* natfit-2003: adults and the elderly */
  { "step_time",            "台阶时间",       "s",       1.0,   180.0,  180.0, 0 },
  { "pulse1",               "脉搏1",          "count",  10.0,   150.0,   60.0, 0 },
  { "pulse2",               "脉搏2",          "count",  10.0,   150.0,   55.0, 0 },
  { "pulse3",               "脉搏3",          "count",  10.0,   150.0,   50.0, 0 },
  { "weight_for_height",    "身高标准体重",   "kg",      8.0,   250.0,   55.0, 1 },
  { "step_index",           "台阶指数",       "index",  20.0,   150.0,   60.0, 1 },
  { "grip",                 "握力",           "kg",      1.0,   100.0,   35.0, 1 },
  { "push_up",              "俯卧撑",         "count",   0.0,   150.0,   20.0, 0 },
  { "vertical_jump",        "纵跳",           "cm",      5.0,   120.0,   35.0, 1 },
  { "choice_reaction",      "选择反应时",     "s",       0.1,     5.0,    0.5, 2 },
  { "one_leg_stand",        "闭眼单脚站立",   "s",       1.0,   600.0,   20.0, 1 },
  /* natfit-2003: preschool children (height, weight, standing_long_jump and
   * sit_and_reach above cover them too: a 3-year-old is 85–110 cm) */
  { "run_10m",              "10米折返跑",     "s",       3.0,    30.0,    7.5, 1 },
  { "tennis_throw",         "网球掷远",       "m",       0.5,    30.0,    6.0, 1 },
  { "continuous_jump",      "双脚连续跳",     "s",       2.0,    60.0,    7.0, 1 },
  { "balance_beam",         "走平衡木",       "s",       1.0,   120.0,   10.0, 1 },
};

const DabiaoItemInfo *
dabiao_item_lookup (const char *code)
{
  if (code == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (items); i++)
    if (g_str_equal (items[i].code, code))
      return &items[i];
  return NULL;
}

const DabiaoItemInfo *
dabiao_item_all (gsize *n_items)
{
  if (n_items)
    *n_items = G_N_ELEMENTS (items);
  return items;
}

DabiaoReading *
dabiao_reading_new (void)
{
  DabiaoReading *reading = g_atomic_rc_box_new0 (DabiaoReading);

  reading->sequence = -1;
  reading->unit = g_strdup ("");
  reading->decimals = -1;
  return reading;
}

DabiaoReading *
dabiao_reading_ref (DabiaoReading *reading)
{
  return g_atomic_rc_box_acquire (reading);
}

static void
dabiao_reading_clear (DabiaoReading *reading)
{
  g_free (reading->item);
  g_free (reading->unit);
  g_free (reading->participant_id);
  g_clear_pointer (&reading->device_time, g_date_time_unref);
  g_clear_pointer (&reading->raw, g_bytes_unref);
  g_free (reading->warning_text);
}

void
dabiao_reading_unref (DabiaoReading *reading)
{
  g_atomic_rc_box_release_full (reading, (GDestroyNotify) dabiao_reading_clear);
}

DabiaoReading *
dabiao_reading_copy (const DabiaoReading *reading)
{
  DabiaoReading *copy = dabiao_reading_new ();

  g_free (copy->unit);
  *copy = *reading;
  copy->item = g_strdup (reading->item);
  copy->unit = g_strdup (reading->unit);
  copy->participant_id = g_strdup (reading->participant_id);
  copy->device_time = reading->device_time ? g_date_time_ref (reading->device_time) : NULL;
  copy->raw = reading->raw ? g_bytes_ref (reading->raw) : NULL;
  copy->warning_text = g_strdup (reading->warning_text);
  return copy;
}

void
dabiao_reading_add_warning (DabiaoReading         *reading,
                            DabiaoReadingWarnings  warning,
                            const char            *text)
{
  reading->warnings |= warning;
  if (text == NULL)
    return;
  if (reading->warning_text == NULL)
    reading->warning_text = g_strdup (text);
  else
    {
      char *joined = g_strconcat (reading->warning_text, "; ", text, NULL);

      g_free (reading->warning_text);
      reading->warning_text = joined;
    }
}

static int
reading_decimals (const DabiaoReading *reading)
{
  int decimals = reading->decimals;

  if (decimals < 0)
    {
      const DabiaoItemInfo *info = dabiao_item_lookup (reading->item);

      decimals = info ? info->decimals : 2;
    }
  return CLAMP (decimals, 0, 6);
}

char *
dabiao_reading_format_value (const DabiaoReading *reading)
{
  int decimals = reading_decimals (reading);

  if (reading->unit != NULL && reading->unit[0] != '\0')
    return g_strdup_printf ("%.*f %s", decimals, reading->value, reading->unit);
  return g_strdup_printf ("%.*f", decimals, reading->value);
}

char *
dabiao_reading_format_number (const DabiaoReading *reading)
{
  return g_strdup_printf ("%.*f", reading_decimals (reading), reading->value);
}

/* Units are data strings (the national tables' units), not translations. */
const char *
dabiao_unit_label (const char *unit)
{
  static const struct { const char *unit, *label; } units[] = {
    { "s", "秒" }, { "cm", "厘米" }, { "kg", "千克" }, { "ml", "毫升" },
    { "count", "次" }, { "m", "米" }, { "kg/m2", "千克/米²" },
  };

  for (guint i = 0; unit != NULL && i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (unit, units[i].unit))
      return units[i].label;
  return unit != NULL ? unit : "";
}

char *
dabiao_reading_to_string (const DabiaoReading *reading)
{
  GString *s = g_string_new (NULL);
  g_autofree char *value = dabiao_reading_format_value (reading);

  g_string_append (s, value);
  if (reading->item)
    g_string_append_printf (s, " %s", reading->item);
  if (!reading->stable)
    g_string_append_printf (s, " [%s]", _("unstable"));
  if (reading->participant_id)
    g_string_append_printf (s, " %s=%s", _("participant"), reading->participant_id);
  if (reading->sequence >= 0)
    g_string_append_printf (s, " #%" G_GINT64_FORMAT, reading->sequence);
  if (reading->device_time)
    {
      g_autofree char *t = g_date_time_format (reading->device_time, "%Y-%m-%d %H:%M:%S");
      g_string_append_printf (s, " @%s", t);
    }
  if (reading->warning_text)
    g_string_append_printf (s, " ⚠ %s", reading->warning_text);
  return g_string_free (s, FALSE);
}

/* Units ---------------------------------------------------------------- */

typedef struct
{
  const char *unit;
  const char *base;   /* the item unit it converts to */
  double      factor; /* value_in_base = value * factor */
} UnitFactor;

static const UnitFactor unit_factors[] = {
  { "cm",    "cm",    1.0 },
  { "m",     "cm",    100.0 },
  { "mm",    "cm",    0.1 },
  { "kg",    "kg",    1.0 },
  { "g",     "kg",    0.001 },
  { "lb",    "kg",    0.45359237 },
  { "jin",   "kg",    0.5 },
  { "斤",    "kg",    0.5 },
  { "公斤",  "kg",    1.0 },
  { "ml",    "ml",    1.0 },
  { "l",     "ml",    1000.0 },
  { "cl",    "ml",    10.0 },
  { "毫升",  "ml",    1.0 },
  { "s",     "s",     1.0 },
  { "sec",   "s",     1.0 },
  { "ms",    "s",     0.001 },
  { "min",   "s",     60.0 },
  { "秒",    "s",     1.0 },
  { "count", "count", 1.0 },
  { "次",    "count", 1.0 },
  { "个",    "count", 1.0 },
  { "n",     "count", 1.0 },
  { "pcs",   "count", 1.0 },
};

static const UnitFactor *
unit_find (const char *unit)
{
  for (gsize i = 0; i < G_N_ELEMENTS (unit_factors); i++)
    if (g_ascii_strcasecmp (unit_factors[i].unit, unit) == 0)
      return &unit_factors[i];
  return NULL;
}

gboolean
dabiao_unit_convert (double      value,
                     const char *from_unit,
                     const char *to_unit,
                     double     *out_value)
{
  const UnitFactor *from, *to;

  if (from_unit == NULL || from_unit[0] == '\0' || to_unit == NULL ||
      g_ascii_strcasecmp (from_unit, to_unit) == 0)
    {
      *out_value = value;
      return TRUE;
    }
  if (to_unit[0] == '\0')
    return FALSE;

  from = unit_find (from_unit);
  to = unit_find (to_unit);
  if (from == NULL || to == NULL || !g_str_equal (from->base, to->base))
    return FALSE;

  *out_value = value * from->factor / to->factor;
  return TRUE;
}

/* Values --------------------------------------------------------------- */

static gboolean
parse_decimal (const char *p,
               const char *end,
               double     *out,
               int        *decimals)
{
  double v = 0;
  double scale = 1;
  int n_digits = 0;
  int n_decimals = 0;
  gboolean point = FALSE;

  for (; p < end; p++)
    {
      if (*p >= '0' && *p <= '9')
        {
          n_digits++;
          if (n_digits > 15)
            return FALSE;
          if (point)
            {
              scale /= 10.0;
              v += (*p - '0') * scale;
              n_decimals++;
            }
          else
            v = v * 10.0 + (*p - '0');
        }
      else if (*p == '.' && !point)
        point = TRUE;
      else
        return FALSE;
    }
  if (n_digits == 0)
    return FALSE;
  *out = v;
  *decimals = n_decimals;
  return TRUE;
}

gboolean
dabiao_value_parse (const char *text,
                    gsize       len,
                    double     *out_value,
                    int        *decimals)
{
  const char *p = text;
  const char *end = text + len;
  gboolean negative = FALSE;
  double parts[3];
  int n_parts = 0;
  int dec = 0;

  while (p < end && g_ascii_isspace (*p))
    p++;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;
  if (p < end && (*p == '+' || *p == '-'))
    {
      negative = (*p == '-');
      p++;
      while (p < end && *p == ' ')
        p++;
    }
  if (p == end)
    return FALSE;

  while (p < end)
    {
      const char *colon = memchr (p, ':', end - p);
      const char *stop = colon ? colon : end;

      if (n_parts == 3)
        return FALSE;
      if (stop != end && memchr (p, '.', stop - p) != NULL)
        return FALSE;       /* only the last part may have decimals */
      if (!parse_decimal (p, stop, &parts[n_parts], &dec))
        return FALSE;
      n_parts++;
      p = colon ? colon + 1 : end;
      if (colon && p == end)
        return FALSE;
    }

  if (n_parts == 1)
    *out_value = parts[0];
  else if (n_parts == 2)
    {
      if (parts[1] >= 60)
        return FALSE;
      *out_value = parts[0] * 60 + parts[1];
    }
  else
    {
      if (parts[1] >= 60 || parts[2] >= 60)
        return FALSE;
      *out_value = parts[0] * 3600 + parts[1] * 60 + parts[2];
    }
  if (negative)
    *out_value = -*out_value;
  if (decimals)
    *decimals = dec;
  return TRUE;
}

GDateTime *
dabiao_device_time_parse (const char *text)
{
  int n[6];
  int count = 0;
  const char *p = text;
  gsize digits = 0;

  if (text == NULL)
    return NULL;

  for (const char *q = text; *q; q++)
    if (g_ascii_isdigit (*q))
      digits++;

  if (digits == 14 && strspn (text, "0123456789") == 14)
    {
      int widths[6] = { 4, 2, 2, 2, 2, 2 };

      for (int i = 0; i < 6; i++)
        {
          n[i] = 0;
          for (int j = 0; j < widths[i]; j++)
            n[i] = n[i] * 10 + (*p++ - '0');
        }
      count = 6;
    }
  else
    {
      while (*p && count < 6)
        {
          if (g_ascii_isdigit (*p))
            {
              int v = 0;
              int w = 0;

              while (g_ascii_isdigit (*p) && w < 5)
                {
                  v = v * 10 + (*p++ - '0');
                  w++;
                }
              n[count++] = v;
            }
          else
            p++;
        }
    }
  if (count != 6)
    return NULL;
  if (n[0] < 1900 || n[0] > 9999)
    return NULL;
  /* g_date_time_new validates ranges (month 1–12, day of month, …). */
  return g_date_time_new_local (n[0], n[1], n[2], n[3], n[4], n[5]);
}
