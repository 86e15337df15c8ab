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

#include "dabiao-error.h"
#include "dabiao-profile-private.h"
#include "dabiao-reading.h"

G_DEFINE_BOXED_TYPE (DabiaoReading, dabiao_reading, dabiao_reading_ref, dabiao_reading_unref)

/* The item catalogue, data/instruments/items.csv (compiled in): what a
 * measurement of each item looks like — plausible range, typical value,
 * decimals — and how many attempts the test procedure gives.
 *
 * Plausible ranges are not score thresholds: they only catch a value that is
 * almost certainly a misreading (a height of 17.2 cm, a 50 m run of 0.8 s),
 * which is then offered with a warning.  Codes, names and units are those of
 * the shipped standards (test-instrument-items checks it), ranges wide enough
 * for preschool children (3–6 years) up to the elderly.  One catalogue rather
 * than columns in each standard's items.csv: the same item (身高, 坐位体前屈)
 * is in several standards and is measured the same way in all of them, and an
 * organiser's standard gets the ranges of the codes it reuses. */

#define CATALOGUE_RESOURCE RESOURCE_BASE "/instruments/items.csv"

static const char * const catalogue_columns[] = {
  "item", "name", "unit", "min", "max", "typical", "decimals", "attempts", NULL
};

static gboolean
catalogue_number (GPtrArray   *problems,
                  const char  *name,
                  guint        row,
                  const char  *column,
                  const char  *text,
                  double      *out)
{
  char *end = NULL;

  *out = *text != '\0' ? g_ascii_strtod (text, &end) : NAN;
  if (end == NULL || *end != '\0' || !isfinite (*out))
    {
      dabiao_problem_add (problems, name, row, column, _("“%s” is not a number"), text);
      return FALSE;
    }
  return TRUE;
}

/* Parses a catalogue; every problem is added to @problems.  The items'
 * strings live in @strings. */
static GArray *
catalogue_parse (const char   *text,
                 gsize         len,
                 const char   *name,
                 GStringChunk *strings,
                 GPtrArray    *problems)
{
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *items = g_array_new (FALSE, TRUE, sizeof (DabiaoItemInfo));
  int index[G_N_ELEMENTS (catalogue_columns)];
  int foul_index;
  gboolean complete = TRUE;

  if (!g_utf8_validate (copy, -1, NULL))
    {
      g_ptr_array_add (problems, g_strdup_printf (_("%s: the file is not UTF-8 text"), name));
      return items;
    }
  lines = g_strsplit (g_str_has_prefix (copy, "\xEF\xBB\xBF") ? copy + 3 : copy, "\n", -1);
  header = g_strsplit (g_strchomp (lines[0]), ",", -1);
  for (guint c = 0; catalogue_columns[c] != NULL; c++)
    {
      index[c] = -1;
      for (guint h = 0; header[h] != NULL; h++)
        if (g_str_equal (g_strstrip (header[h]), catalogue_columns[c]))
          index[c] = (int) h;
      if (index[c] < 0)
        {
          dabiao_problem_add (problems, name, 1, NULL, _("the column “%s” is missing"), catalogue_columns[c]);
          complete = FALSE;
        }
    }
  if (!complete)
    return items;
  /* Optional: what a 犯规 is (attempt, the default, or rerun). */
  foul_index = -1;
  for (guint h = 0; header[h] != NULL; h++)
    if (g_str_equal (g_strstrip (header[h]), "foul"))
      foul_index = (int) h;

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (g_strchomp (lines[i]), ",", -1);
      guint row = i + 1, n_cells = g_strv_length (cells);
      const char *v[G_N_ELEMENTS (catalogue_columns)];
      DabiaoItemInfo info = { 0 };
      double decimals = 0, attempts = 0;
      gboolean ok = TRUE;

      if (lines[i][0] == '\0')
        continue;
      for (guint c = 0; catalogue_columns[c] != NULL; c++)
        v[c] = (guint) index[c] < n_cells ? g_strstrip (cells[index[c]]) : "";

      for (guint c = 0; c < 3; c++)
        if (*v[c] == '\0')
          {
            dabiao_problem_add (problems, name, row, catalogue_columns[c], _("the cell is empty"));
            ok = FALSE;
          }
      if (*v[0] != '\0' && g_hash_table_contains (seen, v[0]))
        {
          dabiao_problem_add (problems, name, row, "item", _("the item “%s” is listed twice"), v[0]);
          ok = FALSE;
        }
      ok &= catalogue_number (problems, name, row, "min", v[3], &info.min);
      ok &= catalogue_number (problems, name, row, "max", v[4], &info.max);
      ok &= catalogue_number (problems, name, row, "typical", v[5], &info.typical);
      ok &= catalogue_number (problems, name, row, "decimals", v[6], &decimals);
      ok &= catalogue_number (problems, name, row, "attempts", v[7], &attempts);
      if (!ok)
        continue;
      if (info.min >= info.max)
        dabiao_problem_add (problems, name, row, "max", _("%s is not above the minimum %s"), v[4], v[3]);
      else if (info.typical < info.min || info.typical > info.max)
        dabiao_problem_add (problems, name, row, "typical", _("%s is outside %s–%s"), v[5], v[3], v[4]);
      else if (decimals != floor (decimals) || decimals < 0 || decimals > 3)
        dabiao_problem_add (problems, name, row, "decimals", _("“%s” should be a whole number from 0 to 3"), v[6]);
      else if (attempts != floor (attempts) || attempts < 1 || attempts > 20)
        dabiao_problem_add (problems, name, row, "attempts", _("“%s” should be a whole number from 1 to 20"), v[7]);
      else if (foul_index >= 0 && (guint) foul_index < n_cells && *g_strstrip (cells[foul_index]) != '\0'
               && !g_str_equal (cells[foul_index], "attempt") && !g_str_equal (cells[foul_index], "rerun"))
        dabiao_problem_add (problems, name, row, "foul", _("“%s” should be attempt or rerun"), cells[foul_index]);
      else
        {
          info.code = g_string_chunk_insert_const (strings, v[0]);
          info.name = g_string_chunk_insert_const (strings, v[1]);
          info.unit = g_string_chunk_insert_const (strings, v[2]);
          info.decimals = (int) decimals;
          info.attempts = (guint) attempts;
          info.foul_reruns = foul_index >= 0 && (guint) foul_index < n_cells
                             && g_str_equal (cells[foul_index], "rerun");
          g_hash_table_add (seen, (gpointer) info.code);
          g_array_append_val (items, info);
        }
    }
  return items;
}

GPtrArray *
dabiao_item_catalogue_check (const char *text,
                             gsize       len,
                             const char *name)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  GStringChunk *strings = g_string_chunk_new (256);

  g_array_unref (catalogue_parse (text, len, name, strings, problems));
  g_string_chunk_free (strings);
  return problems;
}

/* The shipped catalogue, loaded once and kept for the life of the process. */
typedef struct
{
  GArray       *items;     /* DabiaoItemInfo */
  GStringChunk *strings;   /* their texts */
} Catalogue;

static const GArray *
catalogue (void)
{
  static Catalogue *shipped = NULL;

  if (g_once_init_enter (&shipped))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
      Catalogue *loaded = g_new0 (Catalogue, 1);

      _dabiao_instruments_ensure_resources ();
      bytes = g_resources_lookup_data (CATALOGUE_RESOURCE, 0, NULL);
      loaded->strings = g_string_chunk_new (1024);
      if (bytes == NULL)
        loaded->items = g_array_new (FALSE, TRUE, sizeof (DabiaoItemInfo));
      else
        loaded->items = catalogue_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "items.csv",
                                         loaded->strings, problems);
      /* The shipped file is checked by the tests; a problem here is a bug. */
      for (guint i = 0; i < problems->len; i++)
        g_critical ("%s", (char *) g_ptr_array_index (problems, i));
      g_once_init_leave (&shipped, loaded);
    }
  return shipped->items;
}

const DabiaoItemInfo *
dabiao_item_lookup (const char *code)
{
  const GArray *items = catalogue ();

  if (code == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (g_array_index (items, DabiaoItemInfo, i).code, code))
      return &g_array_index (items, DabiaoItemInfo, i);
  return NULL;
}

const DabiaoItemInfo *
dabiao_item_all (gsize *n_items)
{
  const GArray *items = catalogue ();

  if (n_items)
    *n_items = items->len;
  return (const DabiaoItemInfo *) items->data;
}

gboolean
dabiao_item_foul_reruns (const char *code)
{
  const DabiaoItemInfo *info = dabiao_item_lookup (code);

  return info != NULL && info->foul_reruns;
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
  g_clear_pointer (&reading->card, dabiao_id_card_free);
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
  copy->card = reading->card ? dabiao_id_card_copy (reading->card) : NULL;
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

/* For the CLI's lines (item codes, units as sent: what scripts read) or
 * for people (the item's national name, the unit's word: 152.0 厘米 身高). */
static char *
reading_describe (const DabiaoReading *reading,
                  gboolean             for_people)
{
  GString *s = g_string_new (NULL);
  g_autofree char *value = NULL;

  if (reading->card)
    {
      g_autofree char *card = dabiao_id_card_to_string (reading->card);

      g_string_append (s, card);
      if (reading->warning_text)
        g_string_append_printf (s, " ⚠ %s", reading->warning_text);
      return g_string_free (s, FALSE);
    }
  if (for_people)
    {
      const DabiaoItemInfo *info = dabiao_item_lookup (reading->item);

      value = dabiao_reading_format_number (reading);
      g_string_append (s, value);
      if (reading->unit != NULL && reading->unit[0] != '\0')
        g_string_append_printf (s, " %s", dabiao_unit_label (reading->unit));
      if (reading->item)
        g_string_append_printf (s, " %s", info != NULL ? info->name : reading->item);
    }
  else
    {
      value = dabiao_reading_format_value (reading);
      g_string_append (s, value);
      if (reading->item)
        g_string_append_printf (s, " %s", reading->item);
    }
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

char *
dabiao_reading_to_string (const DabiaoReading *reading)
{
  return reading_describe (reading, FALSE);
}

char *
dabiao_reading_describe (const DabiaoReading *reading)
{
  return reading_describe (reading, TRUE);
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
  { "厘米",  "cm",    1.0 },
  { "公分",  "cm",    1.0 },
  { "毫米",  "cm",    0.1 },
  { "米",    "cm",    100.0 },
  { "kg",    "kg",    1.0 },
  { "g",     "kg",    0.001 },
  { "lb",    "kg",    0.45359237 },
  { "jin",   "kg",    0.5 },
  { "斤",    "kg",    0.5 },
  { "公斤",  "kg",    1.0 },
  { "千克",  "kg",    1.0 },
  { "克",    "kg",    0.001 },
  { "ml",    "ml",    1.0 },
  { "l",     "ml",    1000.0 },
  { "cl",    "ml",    10.0 },
  { "毫升",  "ml",    1.0 },
  { "升",    "ml",    1000.0 },
  { "s",     "s",     1.0 },
  { "sec",   "s",     1.0 },
  { "ms",    "s",     0.001 },
  { "min",   "s",     60.0 },
  { "秒",    "s",     1.0 },
  { "count", "count", 1.0 },
  { "次",    "count", 1.0 },
  { "个",    "count", 1.0 },
  { "下",    "count", 1.0 },
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
