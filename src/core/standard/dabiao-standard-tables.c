/* dabiao-standard-tables.c
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

/* Loading a standard's score tables (thresholds, bands, weights, bonus)
 * and its level bands of the total and of item scores (grades.csv, item_levels.csv). */

/* ---- Group and sex specifications in tables ------------------------------------- */

/* "21", "21..44", "*": the real groups meant, or NULL (_dabiao_standard_problem reported). */
static GPtrArray *
expand_groups (Loader     *loader,
               Csv        *csv,
               CsvRow     *row)
{
  DabiaoStandard *std = loader->std;
  const char *spec = _dabiao_standard_csv_get (csv, row, "group");
  GPtrArray *out = g_ptr_array_new ();
  const char *dots = strstr (spec, "..");

  if (g_str_equal (spec, "*"))
    {
      for (guint i = 0; i < std->groups->len; i++)
        g_ptr_array_add (out, g_ptr_array_index (std->groups, i));
    }
  else if (dots != NULL)
    {
      g_autofree char *first = g_strndup (spec, dots - spec);
      const char *last = dots + 2;
      gboolean in = FALSE;
      guint i;

      for (i = 0; i < std->groups->len; i++)
        {
          DabiaoGroupPriv *g = g_ptr_array_index (std->groups, i);

          if (g_str_equal (g->pub.code, first))
            in = TRUE;
          if (in)
            g_ptr_array_add (out, g);
          if (in && g_str_equal (g->pub.code, last))
            break;
        }
      if (!in || i == std->groups->len)
        {
          _dabiao_standard_problem (loader, csv->name, row->row, "group",
                   _("“%s” is not a range of groups of this standard (FIRST..LAST, in groups.csv order)"), spec);
          g_clear_pointer (&out, g_ptr_array_unref);
        }
    }
  else
    {
      DabiaoGroupPriv *g = g_hash_table_lookup (std->group_by_code, spec);

      if (g == NULL || !g_str_equal (g->pub.code, spec))
        {
          _dabiao_standard_problem (loader, csv->name, row->row, "group",
                   _("“%s” is not a group of this standard (aliases have no tables of their own)"), spec);
          g_clear_pointer (&out, g_ptr_array_unref);
        }
      else
        g_ptr_array_add (out, g);
    }

  return out;
}

/* male / female / both (or *): a bit mask, 0 on error. */
static guint
expand_sexes (Loader *loader,
              Csv    *csv,
              CsvRow *row)
{
  const char *spec = _dabiao_standard_csv_get (csv, row, "sex");

  if (g_str_equal (spec, "male") || g_str_equal (spec, "M"))
    return 1 << DABIAO_SEX_MALE;
  if (g_str_equal (spec, "female") || g_str_equal (spec, "F"))
    return 1 << DABIAO_SEX_FEMALE;
  if (g_str_equal (spec, "both") || g_str_equal (spec, "*"))
    return (1 << DABIAO_SEX_MALE) | (1 << DABIAO_SEX_FEMALE);
  _dabiao_standard_problem (loader, csv->name, row->row, "sex", _("“%s” is not one of male, female, both"), spec);
  return 0;
}

static DabiaoItem *
row_item (Loader *loader,
          Csv    *csv,
          CsvRow *row,
          gboolean scored)
{
  const char *code = _dabiao_standard_csv_get (csv, row, "item");

  for (guint i = 0; i < loader->std->items->len; i++)
    {
      DabiaoItem *item = g_ptr_array_index (loader->std->items, i);

      if (g_str_equal (item->code, code))
        {
          if (scored && item->better == DABIAO_BETTER_NONE)
            {
              _dabiao_standard_problem (loader, csv->name, row->row, "item",
                       _("the item “%s” is not scored (better = none in items.csv)"), code);
              return NULL;
            }
          return item;
        }
    }
  _dabiao_standard_problem (loader, csv->name, row->row, "item", _("“%s” is not an item of items.csv"), code);
  return NULL;
}

static const char *
row_confidence (Loader *loader,
                Csv    *csv,
                CsvRow *row)
{
  const char *confidence = _dabiao_standard_csv_get (csv, row, "confidence");
  const char *sources = _dabiao_standard_csv_get (csv, row, "source");
  g_auto(GStrv) ids = NULL;

  if (dabiao_confidence_rank (confidence) < 0)
    {
      g_autofree char *list = g_strjoinv (" ", (char **) _dabiao_standard_confidences);
      _dabiao_standard_problem (loader, csv->name, row->row, "confidence",
               _("“%s” is not a confidence; expected one of: %s"), confidence, list);
      return "unverified";
    }

  ids = g_strsplit_set (sources, " ,;", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    if (*ids[i] != '\0' && !g_hash_table_contains (loader->std->sources, ids[i]))
      _dabiao_standard_problem (loader, csv->name, row->row, "source",
               _("the source “%s” is not listed in [Sources] of standard.ini"), ids[i]);

  return _dabiao_standard_confidences[dabiao_confidence_rank (confidence)];
}

static DabiaoItemTable *
ensure_table (DabiaoGroupPriv  *g,
              DabiaoSex         sex,
              const DabiaoItem *item)
{
  DabiaoItemTable *t = g->tables[sex][item->index];

  if (t == NULL)
    {
      t = g_new0 (DabiaoItemTable, 1);
      t->item = item;
      t->sources = g_string_new (NULL);
      g->tables[sex][item->index] = t;
    }
  return t;
}

/* Whether the space-separated @list holds @token (without allocating:
 * this runs for every row of every table at each load). */
static gboolean
has_token (const char *list,
           const char *token)
{
  gsize n = strlen (token);

  for (const char *p = list; (p = strstr (p, token)) != NULL; p++)
    if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
      return TRUE;
  return FALSE;
}

static void
table_note_row (DabiaoItemTable *t,
                const char      *confidence,
                const char      *sources)
{
  g_auto(GStrv) ids = g_strsplit_set (sources, " ,;", -1);

  if (t->confidence == NULL || dabiao_confidence_rank (confidence) > dabiao_confidence_rank (t->confidence))
    t->confidence = confidence;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (*ids[i] == '\0' || has_token (t->sources->str, ids[i]))
        continue;
      if (t->sources->len > 0)
        g_string_append_c (t->sources, ' ');
      g_string_append (t->sources, ids[i]);
    }
}

/* What each row of thresholds, bands, weights and bonus names. */
typedef struct
{
  GPtrArray  *groups;       /* DabiaoGroupPriv* */
  guint       sexes;        /* a bit per DabiaoSex */
  DabiaoItem *item;
  const char *confidence;   /* NULL for a file without one (weights) */
} RowKey;

static void
row_key_clear (RowKey *key)
{
  g_clear_pointer (&key->groups, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RowKey, row_key_clear)

/* Reads the row's groups, sexes, item (and confidence), each problem
 * noted; FALSE when the row names nothing to fill. */
static gboolean
row_key_read (Loader   *loader,
              Csv      *csv,
              CsvRow   *row,
              gboolean  with_confidence,
              RowKey   *key)
{
  key->groups = expand_groups (loader, csv, row);
  key->sexes = expand_sexes (loader, csv, row);
  key->item = row_item (loader, csv, row, TRUE);
  key->confidence = with_confidence ? row_confidence (loader, csv, row) : NULL;
  return key->groups != NULL && key->sexes != 0 && key->item != NULL;
}

/* Appends @element to the steps (or the bands) of every table the row
 * names, made when missing, and notes the row's confidence and sources. */
static void
add_to_tables (Csv           *csv,
               CsvRow        *row,
               const RowKey  *key,
               gboolean       bands,
               gconstpointer  element)
{
  for (guint g = 0; g < key->groups->len; g++)
    for (int s = 0; s < DABIAO_N_SEXES; s++)
      if (key->sexes & (1 << s))
        {
          DabiaoItemTable *t = ensure_table (g_ptr_array_index (key->groups, g), s, key->item);
          GArray **array = bands ? &t->bands : &t->steps;

          if (*array == NULL)
            *array = g_array_new (FALSE, FALSE, bands ? sizeof (DabiaoBand) : sizeof (DabiaoStep));
          g_array_append_vals (*array, element, 1);
          table_note_row (t, key->confidence, _dabiao_standard_csv_get (csv, row, "source"));
        }
}

/* ---- thresholds.csv, bands.csv, weights.csv, bonus.csv ------------------------------ */

gboolean
_dabiao_standard_load_thresholds (Loader  *loader,
                                  GError **error)
{
  static const char *columns[] = { "group", "sex", "item", "score", "threshold", "confidence", NULL };
  Csv csv;

  if (!_dabiao_standard_csv_load (loader, "thresholds.csv", FALSE, columns, &csv, error))
    return error == NULL || *error == NULL;

  for (guint i = 0; i < csv.rows->len; i++)
    {
      CsvRow *row = g_ptr_array_index (csv.rows, i);
      g_auto(RowKey) key = { 0, };
      DabiaoItem *item;
      DabiaoStep step = { 0, };

      if (!row_key_read (loader, &csv, row, TRUE, &key))
        continue;
      item = key.item;
      if (!_dabiao_standard_parse_int (loader, &csv, row, "score", 0, 1000, &step.score) ||
          !_dabiao_standard_parse_fixed (loader, &csv, row, "threshold", item->decimals, NULL, &step.threshold))
        continue;
      if (item->better != DABIAO_BETTER_HIGHER && item->better != DABIAO_BETTER_LOWER)
        {
          _dabiao_standard_problem (loader, csv.name, row->row, "item",
                   _("“%s” is scored by bands (better = band): put its rows in bands.csv"), item->code);
          continue;
        }
      step.confidence = key.confidence;
      step.row = row->row;
      add_to_tables (&csv, row, &key, FALSE, &step);
    }

  _dabiao_standard_csv_clear (&csv);
  return TRUE;
}

gboolean
_dabiao_standard_load_bands (Loader  *loader,
                             GError **error)
{
  static const char *columns[] = { "group", "sex", "item", "score", "min", "max", "confidence", NULL };
  Csv csv;

  if (!_dabiao_standard_csv_load (loader, "bands.csv", FALSE, columns, &csv, error))
    return error == NULL || *error == NULL;

  for (guint i = 0; i < csv.rows->len; i++)
    {
      CsvRow *row = g_ptr_array_index (csv.rows, i);
      g_auto(RowKey) key = { 0, };
      DabiaoItem *item;
      DabiaoBand band = { 0, };

      if (!row_key_read (loader, &csv, row, TRUE, &key))
        continue;
      item = key.item;
      if (!_dabiao_standard_parse_int (loader, &csv, row, "score", 0, 1000, &band.score) ||
          !_dabiao_standard_parse_fixed (loader, &csv, row, "min", item->decimals, &band.has_min, &band.min) ||
          !_dabiao_standard_parse_fixed (loader, &csv, row, "max", item->decimals, &band.has_max, &band.max) ||
          !_dabiao_standard_parse_fixed (loader, &csv, row, "by_min", 1, &band.has_by_min, &band.by_min) ||
          !_dabiao_standard_parse_fixed (loader, &csv, row, "by_max", 1, &band.has_by_max, &band.by_max))
        continue;
      if (band.has_min && band.has_max && band.min > band.max)
        {
          _dabiao_standard_problem (loader, csv.name, row->row, "max", _("max is below min"));
          continue;
        }
      if (!band.has_min && !band.has_max)
        {
          _dabiao_standard_problem (loader, csv.name, row->row, "min", _("a band needs a min, a max or both"));
          continue;
        }
      if (item->formula == DABIAO_FORMULA_WEIGHT_FOR_HEIGHT)
        {
          if (!band.has_by_min || !band.has_by_max || band.by_min > band.by_max)
            {
              _dabiao_standard_problem (loader, csv.name, row->row, "by_min",
                       _("a weight-for-height row needs the height range by_min–by_max"));
              continue;
            }
        }
      else if (band.has_by_min || band.has_by_max)
        {
          _dabiao_standard_problem (loader, csv.name, row->row, "by_min",
                   _("by_min/by_max are only used by weight_for_height items"));
          continue;
        }
      band.label = _dabiao_standard_intern (loader, _dabiao_standard_csv_get (&csv, row, "label"));
      band.confidence = key.confidence;
      band.row = row->row;
      add_to_tables (&csv, row, &key, TRUE, &band);
    }

  _dabiao_standard_csv_clear (&csv);
  return TRUE;
}

gboolean
_dabiao_standard_load_weights (Loader  *loader,
                               GError **error)
{
  static const char *columns[] = { "group", "sex", "item", "weight", NULL };
  Csv csv;

  if (!_dabiao_standard_csv_load (loader, "weights.csv", loader->std->shape == DABIAO_SHAPE_WEIGHTED, columns, &csv, error))
    return error == NULL || *error == NULL;

  if (loader->std->shape != DABIAO_SHAPE_WEIGHTED && csv.rows->len > 0)
    _dabiao_standard_problem (loader, csv.name, 0, NULL, _("weights are only used by weighted standards"));

  for (guint i = 0; i < csv.rows->len; i++)
    {
      CsvRow *row = g_ptr_array_index (csv.rows, i);
      g_auto(RowKey) key = { 0, };
      DabiaoItem *item;
      int weight;

      if (!row_key_read (loader, &csv, row, FALSE, &key)
          || !_dabiao_standard_parse_int (loader, &csv, row, "weight", 1, 100, &weight))
        continue;
      item = key.item;

      for (guint g = 0; g < key.groups->len; g++)
        for (int s = 0; s < DABIAO_N_SEXES; s++)
          if (key.sexes & (1 << s))
            {
              DabiaoGroupPriv *gp = g_ptr_array_index (key.groups, g);
              DabiaoItemTable *t = gp->tables[s][item->index];

              if (t == NULL)
                {
                  _dabiao_standard_problem (loader, csv.name, row->row, "item",
                           _("%s has a weight for %s %s but no table"),
                           item->name, gp->pub.label, dabiao_sex_to_string (s));
                  continue;
                }
              if (t->has_weight)
                {
                  _dabiao_standard_problem (loader, csv.name, row->row, "weight",
                           _("%s already has a weight for %s %s (row %u)"),
                           item->name, gp->pub.label, dabiao_sex_to_string (s), t->weight_row);
                  continue;
                }
              t->has_weight = TRUE;
              t->weight = weight;
              t->weight_row = row->row;
            }
    }

  _dabiao_standard_csv_clear (&csv);
  return TRUE;
}

gboolean
_dabiao_standard_load_bonus (Loader  *loader,
                             GError **error)
{
  static const char *columns[] = { "group", "sex", "item", "bonus", "excess", "confidence", NULL };
  Csv csv;

  if (!_dabiao_standard_csv_load (loader, "bonus.csv", FALSE, columns, &csv, error))
    return error == NULL || *error == NULL;

  if (loader->std->shape != DABIAO_SHAPE_WEIGHTED && csv.rows->len > 0)
    _dabiao_standard_problem (loader, csv.name, 0, NULL, _("bonus points are only used by weighted standards"));

  for (guint i = 0; i < csv.rows->len; i++)
    {
      CsvRow *row = g_ptr_array_index (csv.rows, i);
      g_auto(RowKey) key = { 0, };
      DabiaoItem *item;
      DabiaoBonusStep step = { 0, };

      if (!row_key_read (loader, &csv, row, TRUE, &key))
        continue;
      item = key.item;
      if (!_dabiao_standard_parse_int (loader, &csv, row, "bonus", 1, 100, &step.bonus) ||
          !_dabiao_standard_parse_fixed (loader, &csv, row, "excess", item->decimals, NULL, &step.excess))
        continue;
      if (step.excess <= 0)
        {
          _dabiao_standard_problem (loader, csv.name, row->row, "excess", _("the excess must be above 0"));
          continue;
        }
      step.confidence = key.confidence;
      step.row = row->row;

      for (guint g = 0; g < key.groups->len; g++)
        for (int s = 0; s < DABIAO_N_SEXES; s++)
          if (key.sexes & (1 << s))
            {
              DabiaoGroupPriv *gp = g_ptr_array_index (key.groups, g);
              DabiaoItemTable *t = gp->tables[s][item->index];

              if (t == NULL || t->steps == NULL)
                {
                  _dabiao_standard_problem (loader, csv.name, row->row, "item",
                           _("%s has bonus points for %s %s but no threshold table"),
                           item->name, gp->pub.label, dabiao_sex_to_string (s));
                  continue;
                }
              if (t->bonus == NULL)
                t->bonus = g_array_new (FALSE, FALSE, sizeof (DabiaoBonusStep));
              g_array_append_val (t->bonus, step);
            }
    }

  _dabiao_standard_csv_clear (&csv);
  return TRUE;
}

/* ---- grades.csv, item_levels.csv ------------------------------------------------ */

/* Both files are per-part bands "from this minimum on, this name": levels of
 * the total (grades.csv, one decimal) and levels of an item score
 * (item_levels.csv, whole scores).  Minimums are kept in tenths. */
typedef struct
{
  const char *file;
  const char *min_column;
  const char *name_column;
  guint       decimals;
  gboolean    required;
} BandsSpec;

static const BandsSpec total_levels_spec = { "grades.csv", "min_total", "grade", 1, TRUE };

static const BandsSpec item_levels_spec = { "item_levels.csv", "min_score", "level", 0, FALSE };

static int
compare_level_band (gconstpointer a,
                    gconstpointer b)
{
  const DabiaoLevelBand *x = a, *y = b;
  int c = strcmp (x->part, y->part);

  if (c != 0)
    return c;
  return (y->min_tenths > x->min_tenths) - (y->min_tenths < x->min_tenths);
}

/* The bands of a group's part (or of "*"), best first. */
static GPtrArray *
bands_for_part (GArray            *all,
                const DabiaoGroup *group)
{
  GPtrArray *bands = g_ptr_array_new ();

  /* A band for the group's own part wins over "*". */
  for (int pass = 0; pass < 2 && bands->len == 0; pass++)
    {
      const char *want = pass == 0 ? group->part : "*";

      for (guint i = 0; i < all->len; i++)
        {
          DabiaoLevelBand *b = &g_array_index (all, DabiaoLevelBand, i);

          if (g_str_equal (b->part, want))
            g_ptr_array_add (bands, b);
        }
    }
  return bands;
}

static const char *
band_name_for (GPtrArray *bands,
               int        tenths)
{
  for (guint i = 0; bands != NULL && i < bands->len; i++)
    {
      DabiaoLevelBand *b = g_ptr_array_index (bands, i);

      if (tenths >= b->min_tenths)
        return b->level;
    }
  return NULL;
}

static gboolean
load_level_bands (Loader           *loader,
                  const BandsSpec  *spec,
                  GArray           *into,
                  GError          **error)
{
  const char *columns[] = { "part", spec->min_column, spec->name_column, NULL };
  DabiaoStandard *std = loader->std;
  gboolean item_levels = into != std->total_levels;
  Csv csv;

  if (!_dabiao_standard_csv_load (loader, spec->file, spec->required, columns, &csv, error))
    {
      if (item_levels)
        for (guint g = 0; g < std->groups->len; g++)
          {
            DabiaoGroupPriv *gp = g_ptr_array_index (std->groups, g);

            gp->item_level_bands = g_ptr_array_new ();
          }
      return error == NULL || *error == NULL;
    }

  for (guint i = 0; i < csv.rows->len; i++)
    {
      CsvRow *row = g_ptr_array_index (csv.rows, i);
      DabiaoLevelBand band = { 0, };
      const char *part = _dabiao_standard_csv_get (&csv, row, "part");
      gint64 min;

      band.part = _dabiao_standard_intern (loader, *part ? part : "*");
      band.level = _dabiao_standard_intern (loader, _dabiao_standard_csv_get (&csv, row, spec->name_column));
      band.row = row->row;
      if (!_dabiao_standard_parse_fixed (loader, &csv, row, spec->min_column, spec->decimals, NULL, &min))
        continue;
      if (min < 0 || (item_levels && std->shape == DABIAO_SHAPE_WEIGHTED && min > 100 * DABIAO_VALUE_SCALE))
        {
          _dabiao_standard_problem (loader, csv.name, row->row, spec->min_column,
                   item_levels && std->shape == DABIAO_SHAPE_WEIGHTED
                   ? _("“%s” is outside 0–100") : _("“%s” is below 0"),
                   _dabiao_standard_csv_get (&csv, row, spec->min_column));
          continue;
        }
      band.min_tenths = (int) (min / 100);
      if (*band.level == '\0')
        _dabiao_standard_problem (loader, csv.name, row->row, spec->name_column,
                 item_levels ? _("the level name is empty") : _("the grade name is empty"));

      if (!g_str_equal (band.part, "*"))
        {
          gboolean found = FALSE;

          for (guint g = 0; g < std->groups->len && !found; g++)
            found = g_str_equal (((DabiaoGroupPriv *) g_ptr_array_index (std->groups, g))->pub.part, band.part);
          if (!found)
            _dabiao_standard_problem (loader, csv.name, row->row, "part", _("no group of groups.csv is in the part “%s”"), band.part);
        }
      g_array_append_val (into, band);
    }
  g_array_sort (into, compare_level_band);

  for (guint i = 1; i < into->len; i++)
    {
      DabiaoLevelBand *a = &g_array_index (into, DabiaoLevelBand, i - 1);
      DabiaoLevelBand *b = &g_array_index (into, DabiaoLevelBand, i);

      if (g_str_equal (a->part, b->part) && a->min_tenths == b->min_tenths)
        _dabiao_standard_problem (loader, csv.name, b->row, spec->min_column,
                 item_levels ? _("two levels of the part “%s” start at the same score (row %u)")
                             : _("two grades of the part “%s” start at the same total (row %u)"),
                 b->part, a->row);
      if (g_str_equal (a->part, b->part) && g_str_equal (a->level, b->level))
        _dabiao_standard_problem (loader, csv.name, b->row, spec->name_column,
                 item_levels ? _("the level “%s” is listed twice for the part “%s”")
                             : _("the grade “%s” is listed twice for the part “%s”"),
                 b->level, b->part);
    }

  /* Every group needs bands that start at or below 0 (an item_levels.csv
   * with only its header gives no levels at all). */
  for (guint g = 0; g < std->groups->len; g++)
    {
      DabiaoGroupPriv *gp = g_ptr_array_index (std->groups, g);
      GPtrArray *bands = bands_for_part (into, &gp->pub);

      if (item_levels)
        gp->item_level_bands = bands;     /* while loading: single thread */
      else
        gp->total_level_bands = bands;
      if (into->len > 0 && band_name_for (bands, 0) == NULL)
        _dabiao_standard_problem (loader, csv.name, 0, NULL,
                 item_levels ? _("the part “%s” (group %s) needs item level bands down to a min_score of 0")
                             : _("the part “%s” (group %s) needs grade bands down to a min_total of 0"),
                 gp->pub.part, gp->pub.code);
    }

  _dabiao_standard_csv_clear (&csv);
  return TRUE;
}

const char *
dabiao_standard_level_for (DabiaoStandard    *self,
                           const DabiaoGroup *group,
                           int                total_tenths)
{
  DabiaoGroupPriv *g = (DabiaoGroupPriv *) group;

  if (g->total_level_bands == NULL)
    g->total_level_bands = bands_for_part (self->total_levels, group);   /* while loading: single thread */
  return band_name_for (g->total_level_bands, total_tenths);
}

const char *
dabiao_standard_item_level (DabiaoStandard    *self,
                            const DabiaoGroup *group,
                            int                score)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (group != NULL, NULL);

  return band_name_for (((DabiaoGroupPriv *) group)->item_level_bands, score * 10);
}

/* The names of @bands, each once, best first: over all parts, a name comes
 * after every name ranked above it in some part. */
GPtrArray *
_dabiao_standard_band_names (GArray *bands)
{
  GPtrArray *names = g_ptr_array_new ();
  guint depth = 0;
  gboolean more = TRUE;

  /* Rank k = the k-th band of its part (bands are sorted by part, best first). */
  for (depth = 0; more; depth++)
    {
      const char *part = NULL;
      guint k = 0;

      more = FALSE;
      for (guint i = 0; i < bands->len; i++)
        {
          DabiaoLevelBand *b = &g_array_index (bands, DabiaoLevelBand, i);

          k = (part != NULL && g_str_equal (part, b->part)) ? k + 1 : 0;
          part = b->part;
          if (k != depth)
            continue;
          more = TRUE;
          if (!g_ptr_array_find_with_equal_func (names, b->level, g_str_equal, NULL))
            g_ptr_array_add (names, (gpointer) b->level);
        }
    }
  g_ptr_array_add (names, NULL);
  return names;
}

const char * const *
dabiao_standard_get_total_level_names (DabiaoStandard *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->level_names->pdata;
}

const char * const *
dabiao_standard_get_item_level_names (DabiaoStandard *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->item_level_names->pdata;
}

/* grades.csv, then item_levels.csv. */
gboolean
_dabiao_standard_load_levels (Loader  *loader,
                                         GError **error)
{
  return load_level_bands (loader, &total_levels_spec, loader->std->total_levels, error)
         && load_level_bands (loader, &item_levels_spec, loader->std->item_levels, error);
}
