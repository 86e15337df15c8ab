/* dabiao-standard-load.c
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

/* Loading a standard's description (standard.ini), items (items.csv) and
 * groups (groups.csv). */

static const char * const known_units[] = {
  "cm", "kg", "ml", "s", "count", "kg/m2", "m", "index", "points", NULL
};

/* ---- standard.ini ------------------------------------------------------------- */

gboolean
_dabiao_standard_load_metadata (Loader  *loader,
                                GError **error)
{
  DabiaoStandard *std = loader->std;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shape = NULL;
  g_autofree char *group_by = NULL;
  g_auto(GStrv) source_keys = NULL;
  const char *file = "standard.ini";
  gsize len;
  const char *data;

  bytes = _dabiao_standard_loader_read (loader, file, TRUE, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  if (!g_key_file_load_from_data (keyfile, data, len, G_KEY_FILE_NONE, &local_error))
    {
      _dabiao_standard_problem (loader, file, 0, NULL, "%s", local_error->message);
      return FALSE;
    }

#define GET(key, required) ({                                                      \
    char *v_ = g_key_file_get_string (keyfile, "Standard", key, NULL);             \
    if (v_ != NULL) g_strstrip (v_);                                               \
    if ((v_ == NULL || *v_ == '\0') && required)                                   \
      _dabiao_standard_problem (loader, file, 0, NULL, _("the key “%s” in [Standard] is missing"), key); \
    const char *r_ = _dabiao_standard_intern (loader, v_ != NULL ? v_ : "");                        \
    g_free (v_);                                                                   \
    r_; })

  g_free (std->id);
  std->id = g_strdup (GET ("id", TRUE));
  std->name = GET ("name", TRUE);
  std->issuing_body = GET ("issuing-body", TRUE);
  std->source_document = GET ("source-document", TRUE);
  std->notes = GET ("notes", FALSE);
  std->group_column = GET ("group-column", FALSE);
  std->sex_column = GET ("sex-column", FALSE);
  if (*std->sex_column == '\0')
    std->sex_column = "性别";
#undef GET

  for (const char *p = std->id; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_'))
      {
        _dabiao_standard_problem (loader, file, 0, NULL,
                 _("the id “%s” may only hold lower-case letters, digits, “-” and “_”"), std->id);
        break;
      }

  std->year = g_key_file_get_integer (keyfile, "Standard", "year", NULL);
  if (std->year < 1900 || std->year > 2200)
    _dabiao_standard_problem (loader, file, 0, NULL, _("the key “%s” in [Standard] is missing or not a year"), "year");

  std->supplied_by_user = g_key_file_get_boolean (keyfile, "Standard", "supplied-by-user", NULL);

  shape = g_key_file_get_string (keyfile, "Standard", "shape", NULL);
  if (g_strcmp0 (shape, "weighted") == 0)
    std->shape = DABIAO_SHAPE_WEIGHTED;
  else if (g_strcmp0 (shape, "points") == 0)
    std->shape = DABIAO_SHAPE_POINTS;
  else
    _dabiao_standard_problem (loader, file, 0, NULL, _("shape must be “weighted” or “points”, not “%s”"),
             shape ? shape : "");

  group_by = g_key_file_get_string (keyfile, "Standard", "group-by", NULL);
  if (g_strcmp0 (group_by, "grade") == 0)
    std->group_by = DABIAO_GROUP_BY_GRADE;
  else if (g_strcmp0 (group_by, "age") == 0)
    std->group_by = DABIAO_GROUP_BY_AGE;
  else
    _dabiao_standard_problem (loader, file, 0, NULL, _("group-by must be “grade” or “age”, not “%s”"),
             group_by ? group_by : "");

  if (std->group_by == DABIAO_GROUP_BY_GRADE && *std->group_column == '\0')
    _dabiao_standard_problem (loader, file, 0, NULL, _("the key “%s” in [Standard] is missing"), "group-column");

  std->bonus_cap = 0;
  if (g_key_file_has_key (keyfile, "Standard", "bonus-cap", NULL))
    {
      std->bonus_cap = g_key_file_get_integer (keyfile, "Standard", "bonus-cap", &local_error);
      if (local_error != NULL || std->bonus_cap < 0)
        {
          _dabiao_standard_problem (loader, file, 0, NULL, _("bonus-cap must be a whole number ≥ 0"));
          g_clear_error (&local_error);
        }
    }

  source_keys = g_key_file_get_keys (keyfile, "Sources", NULL, NULL);
  for (guint i = 0; source_keys != NULL && source_keys[i] != NULL; i++)
    {
      g_autofree char *text = g_key_file_get_string (keyfile, "Sources", source_keys[i], NULL);
      const char *id = _dabiao_standard_intern (loader, source_keys[i]);

      g_ptr_array_add (std->source_ids, (gpointer) id);
      g_hash_table_insert (std->sources, (gpointer) id, (gpointer) _dabiao_standard_intern (loader, text ? text : ""));
    }

  return TRUE;
}

/* ---- items.csv ------------------------------------------------------------------ */

char *
_dabiao_standard_item_key (const char *text)
{
  g_autofree char *norm = dabiao_text_normalize (text, TRUE);
  /* Treat × and x/X alike, as people type them. */
  g_autoptr(GString) s = g_string_new (norm);

  g_string_replace (s, "×", "x", 0);
  g_string_replace (s, "X", "x", 0);
  g_string_replace (s, "（", "(", 0);
  g_string_replace (s, "）", ")", 0);
  return g_utf8_casefold (s->str, -1);
}

static void
add_item_key (DabiaoStandard *std,
              const char     *text,
              DabiaoItem     *item)
{
  if (text == NULL || *text == '\0')
    return;
  g_hash_table_insert (std->item_lookup, _dabiao_standard_item_key (text), item);
}

/* items.csv, column by column of each row (~150 lines): every column is
 * read and checked in turn with the row's own message, then formulas need
 * their inputs. */
gboolean
_dabiao_standard_load_items (Loader  *loader,
                             GError **error)
{
  static const char *columns[] = { "item", "name", "unit", "better", NULL };
  DabiaoStandard *std = loader->std;
  Csv csv;

  if (!_dabiao_standard_csv_load (loader, "items.csv", TRUE, columns, &csv, error))
    return FALSE;

  for (guint i = 0; i < csv.rows->len; i++)
    {
      CsvRow *row = g_ptr_array_index (csv.rows, i);
      DabiaoItem *item = g_new0 (DabiaoItem, 1);
      const char *code = _dabiao_standard_csv_get (&csv, row, "item");
      const char *better = _dabiao_standard_csv_get (&csv, row, "better");
      const char *format = _dabiao_standard_csv_get (&csv, row, "format");
      const char *formula = _dabiao_standard_csv_get (&csv, row, "formula");
      const char *output = _dabiao_standard_csv_get (&csv, row, "output");
      const char *decimals = _dabiao_standard_csv_get (&csv, row, "decimals");
      const char *header = _dabiao_standard_csv_get (&csv, row, "header");
      g_autofree char *score_header = NULL;

      item->index = std->items->len;
      item->code = _dabiao_standard_intern (loader, code);
      item->number = _dabiao_standard_intern (loader, _dabiao_standard_csv_get (&csv, row, "national_item_no"));
      item->name = _dabiao_standard_intern (loader, _dabiao_standard_csv_get (&csv, row, "name"));
      item->header = _dabiao_standard_intern (loader, *header ? header : item->name);
      score_header = g_strconcat (item->header, "得分", NULL);
      item->score_header = _dabiao_standard_intern (loader, score_header);
      item->unit = _dabiao_standard_intern (loader, _dabiao_standard_csv_get (&csv, row, "unit"));
      g_ptr_array_add (std->items, item);

      if (*code == '\0')
        _dabiao_standard_problem (loader, csv.name, row->row, "item", _("the item code is empty"));
      for (guint j = 0; j < item->index; j++)
        if (g_str_equal (((DabiaoItem *) g_ptr_array_index (std->items, j))->code, code))
          _dabiao_standard_problem (loader, csv.name, row->row, "item", _("the item “%s” is listed twice"), code);
      if (*item->name == '\0')
        _dabiao_standard_problem (loader, csv.name, row->row, "name", _("the name is empty"));
      if (!g_strv_contains (known_units, item->unit))
        {
          g_autofree char *list = g_strjoinv (" ", (char **) known_units);
          _dabiao_standard_problem (loader, csv.name, row->row, "unit",
                   _("unknown unit “%s”; expected one of: %s"), item->unit, list);
        }

      if (g_str_equal (better, "higher"))
        item->better = DABIAO_BETTER_HIGHER;
      else if (g_str_equal (better, "lower"))
        item->better = DABIAO_BETTER_LOWER;
      else if (g_str_equal (better, "band"))
        item->better = DABIAO_BETTER_BAND;
      else if (g_str_equal (better, "none") || *better == '\0')
        item->better = DABIAO_BETTER_NONE;
      else
        _dabiao_standard_problem (loader, csv.name, row->row, "better",
                 _("“%s” is not one of higher, lower, band, none"), better);

      if (*decimals == '\0')
        item->decimals = 1;
      else if (strlen (decimals) == 1 && decimals[0] >= '0' && decimals[0] <= '3')
        item->decimals = decimals[0] - '0';
      else
        _dabiao_standard_problem (loader, csv.name, row->row, "decimals", _("“%s” is not a number of decimals from 0 to 3"), decimals);

      if (g_str_equal (format, "min.sec"))
        {
          item->format = DABIAO_VALUE_FORMAT_MIN_SEC;
          if (!g_str_equal (item->unit, "s"))
            _dabiao_standard_problem (loader, csv.name, row->row, "format", _("min.sec needs the unit “s”"));
        }
      else if (g_str_equal (format, "number") || *format == '\0')
        item->format = DABIAO_VALUE_FORMAT_NUMBER;
      else
        _dabiao_standard_problem (loader, csv.name, row->row, "format", _("“%s” is not one of number, min.sec"), format);

      if (g_str_equal (formula, "bmi"))
        item->formula = DABIAO_FORMULA_BMI;
      else if (g_str_equal (formula, "weight_for_height"))
        item->formula = DABIAO_FORMULA_WEIGHT_FOR_HEIGHT;
      else if (g_str_equal (formula, "step_index"))
        item->formula = DABIAO_FORMULA_STEP_INDEX;
      else if (*formula == '\0')
        item->formula = DABIAO_FORMULA_NONE;
      else
        _dabiao_standard_problem (loader, csv.name, row->row, "formula",
                 _("“%s” is not one of bmi, weight_for_height, step_index (or empty)"), formula);

      if (g_str_equal (output, "score"))
        item->output_score = TRUE;
      else if (g_str_equal (output, "value+score"))
        item->output_value = item->output_score = TRUE;
      else if (g_str_equal (output, "value"))
        item->output_value = TRUE;
      else if (*output != '\0')
        _dabiao_standard_problem (loader, csv.name, row->row, "output",
                 _("“%s” is not one of score, value, value+score (or empty)"), output);
      if (item->output_score && item->better == DABIAO_BETTER_NONE)
        _dabiao_standard_problem (loader, csv.name, row->row, "output", _("an item that is not scored has no score column"));

      add_item_key (std, item->code, item);
      add_item_key (std, item->name, item);
      add_item_key (std, item->header, item);
      if (*item->number != '\0')
        {
          gint64 n;

          add_item_key (std, item->number, item);
          if (g_ascii_string_to_signed (item->number, 10, 0, 999, &n, NULL))
            {
              g_autofree char *plain = g_strdup_printf ("%d", (int) n);
              add_item_key (std, plain, item);
            }
        }
    }

  std->height_item = dabiao_standard_lookup_item (std, "height");
  std->weight_item = dabiao_standard_lookup_item (std, "weight");

  /* Formulas need their inputs. */
  for (guint i = 0; i < std->items->len; i++)
    {
      DabiaoItem *item = g_ptr_array_index (std->items, i);
      CsvRow *row = g_ptr_array_index (csv.rows, i);

      if (item->formula == DABIAO_FORMULA_STEP_INDEX)
        {
          static const char *inputs[] = { "step_time", "pulse1", "pulse2", "pulse3", NULL };

          for (guint k = 0; inputs[k] != NULL; k++)
            {
              const DabiaoItem *in = dabiao_standard_lookup_item (std, inputs[k]);

              if (in == NULL || in->better != DABIAO_BETTER_NONE)
                {
                  _dabiao_standard_problem (loader, csv.name, row->row, "formula",
                           _("this formula needs the measured items “step_time” (s) and “pulse1”, “pulse2”, “pulse3” (count)"));
                  break;
                }
            }
        }
      else if (item->formula != DABIAO_FORMULA_NONE)
        {
          const DabiaoItem *h = dabiao_standard_lookup_item (std, "height");
          const DabiaoItem *w = dabiao_standard_lookup_item (std, "weight");

          if (h == NULL || w == NULL || !g_str_equal (h->unit, "cm") || !g_str_equal (w->unit, "kg"))
            _dabiao_standard_problem (loader, csv.name, row->row, "formula",
                     _("this formula needs the items “height” (cm) and “weight” (kg)"));
        }
    }

  _dabiao_standard_csv_clear (&csv);
  return TRUE;
}

/* ---- groups.csv ---------------------------------------------------------------- */

static gboolean
parse_age_months (const char *text,
                  int        *months)
{
  gint64 v;

  if (!dabiao_value_parse_decimal (text, &v) || v < 0 || v > 150 * DABIAO_VALUE_SCALE)
    return FALSE;
  if ((v * 12) % DABIAO_VALUE_SCALE != 0)
    return FALSE;
  *months = (int) (v * 12 / DABIAO_VALUE_SCALE);
  return TRUE;
}

gboolean
_dabiao_standard_load_groups (Loader  *loader,
                              GError **error)
{
  static const char *columns[] = { "group", "label", NULL };
  DabiaoStandard *std = loader->std;
  g_autoptr(GPtrArray) aliases = g_ptr_array_new ();
  Csv csv;

  if (!_dabiao_standard_csv_load (loader, "groups.csv", TRUE, columns, &csv, error))
    return FALSE;

  for (guint i = 0; i < csv.rows->len; i++)
    {
      CsvRow *row = g_ptr_array_index (csv.rows, i);
      DabiaoGroupPriv *g = g_new0 (DabiaoGroupPriv, 1);
      const char *code = _dabiao_standard_csv_get (&csv, row, "group");
      const char *same_as = _dabiao_standard_csv_get (&csv, row, "same_as");
      const char *age_min = _dabiao_standard_csv_get (&csv, row, "age_min");
      const char *age_max = _dabiao_standard_csv_get (&csv, row, "age_max");
      const char *part = _dabiao_standard_csv_get (&csv, row, "part");

      g->pub.code = _dabiao_standard_intern (loader, code);
      g->pub.label = _dabiao_standard_intern (loader, _dabiao_standard_csv_get (&csv, row, "label"));
      g->pub.part = _dabiao_standard_intern (loader, *part ? part : "");
      g->pub.age_min = g->pub.age_max = -1;
      g->row = row->row;
      g->same_as = *same_as ? _dabiao_standard_intern (loader, same_as) : NULL;

      if (*code == '\0' || strstr (code, "..") != NULL || g_str_equal (code, "*"))
        _dabiao_standard_problem (loader, csv.name, row->row, "group", _("“%s” cannot be a group code"), code);
      if (g_hash_table_contains (std->group_by_code, code))
        _dabiao_standard_problem (loader, csv.name, row->row, "group", _("the group “%s” is listed twice"), code);

      if (std->group_by == DABIAO_GROUP_BY_AGE && g->same_as == NULL)
        {
          if (!parse_age_months (age_min, &g->pub.age_min))
            _dabiao_standard_problem (loader, csv.name, row->row, "age_min",
                     _("“%s” is not an age in years (whole or in months, such as 3.5)"), age_min);
          if (!parse_age_months (age_max, &g->pub.age_max) || g->pub.age_max <= g->pub.age_min)
            _dabiao_standard_problem (loader, csv.name, row->row, "age_max",
                     _("“%s” is not an age in years above age_min (the band ends before it)"), age_max);
        }
      else if (*age_min != '\0' || *age_max != '\0')
        _dabiao_standard_problem (loader, csv.name, row->row, "age_min", _("ages are only used by standards grouped by age"));

      if (g->same_as != NULL)
        {
          g_ptr_array_add (aliases, g);
          g_hash_table_insert (std->group_by_code, (gpointer) g->pub.code, NULL);
        }
      else
        {
          for (int s = 0; s < DABIAO_N_SEXES; s++)
            g->tables[s] = g_new0 (DabiaoItemTable *, std->items->len);
          g_ptr_array_add (std->groups, g);
          g_hash_table_insert (std->group_by_code, (gpointer) g->pub.code, g);
        }
    }

  for (guint i = 0; i < aliases->len; i++)
    {
      DabiaoGroupPriv *alias = g_ptr_array_index (aliases, i);
      DabiaoGroupPriv *target = g_hash_table_lookup (std->group_by_code, alias->same_as);

      if (target == NULL)
        _dabiao_standard_problem (loader, csv.name, alias->row, "same_as",
                 _("“%s” is not a group of this standard (an alias must name a group with tables)"),
                 alias->same_as);
      else
        g_hash_table_insert (std->group_by_code, (gpointer) alias->pub.code, target);
      g_free (alias);
    }

  if (std->group_by == DABIAO_GROUP_BY_AGE)
    for (guint i = 0; i < std->groups->len; i++)
      for (guint j = i + 1; j < std->groups->len; j++)
        {
          DabiaoGroupPriv *a = g_ptr_array_index (std->groups, i);
          DabiaoGroupPriv *b = g_ptr_array_index (std->groups, j);

          if (a->pub.age_min >= 0 && b->pub.age_min >= 0 &&
              a->pub.age_min < b->pub.age_max && b->pub.age_min < a->pub.age_max)
            _dabiao_standard_problem (loader, csv.name, b->row, "age_min",
                     _("the ages of group “%s” overlap those of group “%s”"), b->pub.code, a->pub.code);
        }

  if (std->groups->len == 0)
    _dabiao_standard_problem (loader, csv.name, 0, NULL, _("no groups are listed"));

  _dabiao_standard_csv_clear (&csv);
  return TRUE;
}
