/* test-natfit-tables.c — every boundary of every natfit-2003 table.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The expected points come from the reference transcriptions copied under
 * tests/data/standards/natfit-2003/ (not from data/standards/), read with
 * their own schemas and an independent reading of the rules:
 *
 * - min_inclusive / max_inclusive: the highest level met;
 * - min/max ranges (higher-better): level p is reached when v ≥ min_p, or
 *   v > min_p when level p is open above and min_p is the previous level's
 *   max (the sources print "…| 99.4–104.1 | >104.1"); an empty min is
 *   always reached.  Lower-better mirrors it.  0 when no level is reached;
 * - 身高标准体重 ranges: the bands holding the weight; of several (a shared
 *   bound) or none (a gap), the one with the most points among the
 *   neighbours; adult columns w_lt_1pt_light … w_max_3pt_heavy as named.
 *
 * For each cut point c of each table, c − unit, c and c + unit are scored
 * through the engine (dabiao_standard_score_item) and compared. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "dabiao-score.h"
#include "dabiao-standard-private.h"
#include "dabiao-table.h"

static DabiaoStandard *std;
static guint n_checked;

typedef struct
{
  int      points;
  gboolean has_min, has_max;
  gint64   min, max;
} Range;

/* Reads a reference CSV as an array of GHashTables (header → text). */
static GPtrArray *
read_reference (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "standards", "natfit-2003", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = dabiao_table_reader_open (path, NULL, &error);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  const char * const *headers;

  g_assert_no_error (error);
  headers = dabiao_table_reader_get_headers (reader);
  while (dabiao_table_reader_next_row (reader, &error))
    {
      GHashTable *row = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      for (guint c = 0; headers[c] != NULL; c++)
        g_hash_table_insert (row, g_strdup (headers[c]),
                             g_strdup (dabiao_table_reader_get_cell (reader, c)->text));
      g_ptr_array_add (rows, row);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 0);
  return rows;
}

static const char *
get (GHashTable *row,
     const char *column)
{
  const char *v = g_hash_table_lookup (row, column);

  g_assert_nonnull (v);
  return v;
}

static gboolean
fixed (const char *text,
       gint64     *value)
{
  if (*text == '\0')
    return FALSE;
  g_assert_true (dabiao_value_parse_decimal (text, value));
  return TRUE;
}

static DabiaoSex
sex_of (const char *text)
{
  DabiaoSex sex;

  g_assert_true (dabiao_sex_parse (text, &sex, NULL));
  return sex;
}

/* "3" / "3.0" → "3.0"; "20-24" stays. */
static const DabiaoGroup *
group_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  const DabiaoGroup *g;
  g_autofree char *code = NULL;

  if (strchr (text, '-') == NULL && strchr (text, '.') == NULL)
    code = g_strdup_printf ("%s.0", text);
  else
    code = g_strdup (text);
  g = dabiao_standard_find_group (std, code, &error);
  g_assert_no_error (error);
  return g;
}

static void
check_one (const DabiaoGroup *group,
           DabiaoSex          sex,
           const DabiaoItem  *item,
           gint64             value,
           gint64             by,
           int                expected)
{
  g_autoptr(GError) error = NULL;
  int score = -1;

  dabiao_standard_score_item (std, group, sex, item, value, by, &score, NULL, &error);
  g_assert_no_error (error);
  if (score != expected)
    g_error ("%s %s %s value %" G_GINT64_FORMAT " (by %" G_GINT64_FORMAT "): %d points, expected %d",
             group->label, dabiao_sex_to_string (sex), item->name, value, by, score, expected);
  n_checked++;
}

static gint64
unit_of (const DabiaoItem *item)
{
  gint64 u = DABIAO_VALUE_SCALE;

  for (guint i = 0; i < item->decimals; i++)
    u /= 10;
  return u;
}

/* ---- adult: points + min_inclusive / max_inclusive ---------------------- */

static int
expect_inclusive (GPtrArray  *rows,
                  const char *group,
                  const char *sex,
                  const char *column,
                  gboolean    higher,
                  gint64      v)
{
  int best = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      GHashTable *r = g_ptr_array_index (rows, i);
      gint64 c;

      if (!g_str_equal (get (r, "age_group"), group) || !g_str_equal (get (r, "sex"), sex))
        continue;
      fixed (get (r, column), &c);
      if (higher ? v >= c : v <= c)
        best = MAX (best, atoi (get (r, "points")));
    }
  return best;
}

static void
check_adult (const char *file,
             const char *code)
{
  g_autoptr(GPtrArray) rows = read_reference (file);
  const DabiaoItem *item = dabiao_standard_lookup_item (std, code);
  gint64 unit = unit_of (item);
  gboolean higher = item->better == DABIAO_BETTER_HIGHER;
  const char *column = higher ? "min_inclusive" : "max_inclusive";

  g_assert_nonnull (item);
  for (guint i = 0; i < rows->len; i++)
    {
      GHashTable *r = g_ptr_array_index (rows, i);
      const char *group = get (r, "age_group");
      const char *sex = get (r, "sex");
      gint64 c;

      fixed (get (r, column), &c);
      for (int d = -1; d <= 1; d++)
        check_one (group_of (group), sex_of (sex), item, c + d * unit, 0,
                   expect_inclusive (rows, group, sex, column, higher, c + d * unit));
    }
}

/* ---- preschool / elderly: points + min,max ranges ---------------------- */

static int
expect_range (GArray   *levels,
              gboolean  higher,
              gint64    v)
{
  int best = 0;

  for (guint i = 0; i < levels->len; i++)
    {
      Range *r = &g_array_index (levels, Range, i);
      Range *prev = NULL;
      gboolean reached;

      /* The neighbour one level worse. */
      for (guint j = 0; j < levels->len; j++)
        if (g_array_index (levels, Range, j).points == r->points - 1)
          prev = &g_array_index (levels, Range, j);

      if (higher)
        {
          gboolean strict = !r->has_max && prev != NULL && prev->has_max && r->has_min && prev->max == r->min;
          reached = !r->has_min || (strict ? v > r->min : v >= r->min);
        }
      else
        {
          gboolean strict = !r->has_min && prev != NULL && prev->has_min && r->has_max && prev->min == r->max;
          reached = !r->has_max || (strict ? v < r->max : v <= r->max);
        }
      if (reached)
        best = MAX (best, r->points);
    }
  return best;
}

static void
check_ranges (const char *file,
              const char *code)
{
  g_autoptr(GPtrArray) rows = read_reference (file);
  const DabiaoItem *item = dabiao_standard_lookup_item (std, code);
  gint64 unit = unit_of (item);
  gboolean higher = item->better == DABIAO_BETTER_HIGHER;
  g_autoptr(GHashTable) tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_nonnull (item);
  for (guint i = 0; i < rows->len; i++)
    {
      GHashTable *r = g_ptr_array_index (rows, i);
      g_autofree char *k = g_strdup_printf ("%s|%s", get (r, "age_group"), get (r, "sex"));
      GArray *levels = g_hash_table_lookup (tables, k);
      Range range = { .points = atoi (get (r, "points")) };

      g_assert_cmpstr (get (r, "better"), ==, higher ? "higher" : "lower");
      range.has_min = fixed (get (r, "min"), &range.min);
      range.has_max = fixed (get (r, "max"), &range.max);
      if (levels == NULL)
        {
          levels = g_array_new (FALSE, FALSE, sizeof (Range));
          g_hash_table_insert (tables, g_steal_pointer (&k), levels);
        }
      g_array_append_val (levels, range);
    }

  g_hash_table_iter_init (&iter, tables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "|", 2);
      GArray *levels = value;
      const DabiaoGroup *group = group_of (parts[0]);
      DabiaoSex sex = sex_of (parts[1]);

      g_assert_cmpuint (levels->len, ==, 5);
      for (guint i = 0; i < levels->len; i++)
        {
          Range *r = &g_array_index (levels, Range, i);

          for (int e = 0; e < 2; e++)
            {
              gint64 c;

              if (e == 0 ? !r->has_min : !r->has_max)
                continue;
              c = e == 0 ? r->min : r->max;
              for (int d = -1; d <= 1; d++)
                check_one (group, sex, item, c + d * unit, 0, expect_range (levels, higher, c + d * unit));
            }
        }
    }
}

/* ---- 身高标准体重 --------------------------------------------------------- */

static int
expect_weight_ranges (GArray *bands,
                      gint64  w)
{
  const Range *below = NULL, *above = NULL;
  int best = -1;

  for (guint i = 0; i < bands->len; i++)
    {
      const Range *b = &g_array_index (bands, Range, i);

      if ((!b->has_min || w >= b->min) && (!b->has_max || w <= b->max))
        best = MAX (best, b->points);
      if (b->has_max && b->max < w && (below == NULL || b->max > below->max))
        below = b;
      if (b->has_min && b->min > w && (above == NULL || b->min < above->min))
        above = b;
    }
  if (best >= 0)
    return best;
  g_assert_true (below != NULL && above != NULL);
  return MAX (below->points, above->points);
}

static void
check_weight_ranges (const char *file,
                     const char *group_code)
{
  g_autoptr(GPtrArray) rows = read_reference (file);
  const DabiaoItem *item = dabiao_standard_lookup_item (std, "身高标准体重");
  const DabiaoGroup *group = group_of (group_code);
  g_autoptr(GHashTable) tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < rows->len; i++)
    {
      GHashTable *r = g_ptr_array_index (rows, i);
      g_autofree char *k = g_strdup_printf ("%s|%s", get (r, "sex"), get (r, "height_min_cm"));
      GArray *bands = g_hash_table_lookup (tables, k);
      Range range = { .points = atoi (get (r, "points")) };

      range.has_min = fixed (get (r, "weight_min_kg"), &range.min);
      range.has_max = fixed (get (r, "weight_max_kg"), &range.max);
      if (bands == NULL)
        {
          bands = g_array_new (FALSE, FALSE, sizeof (Range));
          g_hash_table_insert (tables, g_steal_pointer (&k), bands);
        }
      g_array_append_val (bands, range);
    }

  g_hash_table_iter_init (&iter, tables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, "|", 2);
      GArray *bands = value;
      DabiaoSex sex = sex_of (parts[0]);
      gint64 h;

      fixed (parts[1], &h);
      for (guint i = 0; i < bands->len; i++)
        {
          Range *b = &g_array_index (bands, Range, i);

          for (int e = 0; e < 2; e++)
            {
              gint64 c;

              if (e == 0 ? !b->has_min : !b->has_max)
                continue;
              c = e == 0 ? b->min : b->max;
              for (int d = -1; d <= 1; d++)
                {
                  int expected = expect_weight_ranges (bands, c + d * 100);

                  /* Both ends of the 1-cm row select it. */
                  check_one (group, sex, item, c + d * 100, h, expected);
                  check_one (group, sex, item, c + d * 100, h + 900, expected);
                }
            }
        }
    }
}

static void
test_adult_weight_for_height (void)
{
  g_autoptr(GPtrArray) rows = read_reference ("adult_height_standard_weight.csv");
  const DabiaoItem *item = dabiao_standard_lookup_item (std, "身高标准体重");

  for (guint i = 0; i < rows->len; i++)
    {
      GHashTable *r = g_ptr_array_index (rows, i);
      g_auto(GStrv) band = g_strsplit (get (r, "age_band"), "-", 2);
      DabiaoSex sex = sex_of (get (r, "sex"));
      gint64 h, lt1, lt3, max5, max3;
      gint64 cuts[4];

      fixed (get (r, "height_min_cm"), &h);
      fixed (get (r, "w_lt_1pt_light"), &lt1);
      fixed (get (r, "w_lt_3pt_light"), &lt3);
      fixed (get (r, "w_max_5pt"), &max5);
      fixed (get (r, "w_max_3pt_heavy"), &max3);
      cuts[0] = lt1, cuts[1] = lt3, cuts[2] = max5, cuts[3] = max3;

      /* Both five-year groups of the ten-year band. */
      for (int first = atoi (band[0]); first < atoi (band[1]); first += 5)
        {
          g_autofree char *code = g_strdup_printf ("%d-%d", first, first + 4);
          const DabiaoGroup *group = group_of (code);

          for (guint k = 0; k < G_N_ELEMENTS (cuts); k++)
            for (int d = -1; d <= 1; d++)
              {
                gint64 w = cuts[k] + d * 100;
                int expected = w < lt1 ? 1 : w < lt3 ? 3 : w <= max5 ? 5 : w <= max3 ? 3 : 1;

                check_one (group, sex, item, w, h, expected);
                check_one (group, sex, item, w, h + 900, expected);
              }
        }
    }
}

static void
test_adult (void)
{
  check_adult ("adult_vital_capacity.csv", "vital_capacity");
  check_adult ("adult_step_index.csv", "step_index");
  check_adult ("adult_grip_strength.csv", "grip");
  check_adult ("adult_push_up.csv", "push_up");
  check_adult ("adult_sit_up_1min.csv", "sit_up_1min");
  check_adult ("adult_vertical_jump.csv", "vertical_jump");
  check_adult ("adult_sit_and_reach.csv", "sit_and_reach");
  check_adult ("adult_choice_reaction_time.csv", "choice_reaction");
  check_adult ("adult_single_leg_stand_eyes_closed.csv", "one_leg_stand");
}

static void
test_elderly (void)
{
  check_ranges ("elderly_lung_capacity.csv", "vital_capacity");
  check_ranges ("elderly_grip_strength.csv", "grip");
  check_ranges ("elderly_sit_and_reach.csv", "sit_and_reach");
  check_ranges ("elderly_reaction_time.csv", "choice_reaction");
  check_ranges ("elderly_one_leg_stand.csv", "one_leg_stand");
  check_weight_ranges ("elderly_height_standard_weight.csv", "60-64");
  check_weight_ranges ("elderly_height_standard_weight.csv", "65-69");
}

static void
test_preschool (void)
{
  check_ranges ("preschool_height.csv", "height");
  check_ranges ("preschool_sit_and_reach.csv", "sit_and_reach");
  check_ranges ("preschool_run_10m.csv", "run_10m");
  check_ranges ("preschool_standing_jump.csv", "standing_long_jump");
  check_ranges ("preschool_tennis_throw.csv", "tennis_throw");
  check_ranges ("preschool_continuous_jump.csv", "continuous_jump");
  check_ranges ("preschool_balance_beam.csv", "balance_beam");
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *code = g_strdup_printf ("%u.%u", 3 + i / 2, i % 2 ? 5 : 0);

      check_weight_ranges ("preschool_height_standard_weight.csv", code);
    }
}

/* Values finer than a table's precision between two ranges (网球掷远 is
 * measured in 0.5 m steps: 2.5 | 3.0) earn the lower level, never 0. */
static void
test_between_ranges (void)
{
  const DabiaoItem *throw = dabiao_standard_lookup_item (std, "网球掷远");
  const DabiaoItem *stand = dabiao_standard_lookup_item (std, "闭眼单脚站立");

  check_one (group_of ("3.0"), DABIAO_SEX_MALE, throw, 2700, 0, 2);
  check_one (group_of ("3.0"), DABIAO_SEX_MALE, throw, 2950, 0, 2);
  check_one (group_of ("3.0"), DABIAO_SEX_MALE, throw, 3000, 0, 3);
  check_one (group_of ("3.0"), DABIAO_SEX_MALE, throw, 0, 0, 1);
  check_one (group_of ("60-64"), DABIAO_SEX_MALE, stand, 3950, 0, 1);
  check_one (group_of ("60-64"), DABIAO_SEX_MALE, stand, 500, 0, 0);
}

static void
test_total_levels (void)
{
  g_autoptr(GPtrArray) adult = read_reference ("grades_adult.csv");
  g_autoptr(GPtrArray) other = read_reference ("grades_preschool_elderly.csv");
  static const struct { const char *range; const char *group; } parts[] = {
    { "20-39", "20-24" }, { "40-59", "55-59" }, { "3-6", "4.5" }, { "60-69", "65-69" },
  };

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      GPtrArray *rows = g_str_equal (parts[p].range, "20-39") || g_str_equal (parts[p].range, "40-59") ? adult : other;
      const char *range_col = rows == adult ? "age_range" : "age_group";
      const char *level_col = rows == adult ? "level" : "grade";
      const DabiaoGroup *group = group_of (parts[p].group);

      for (int total = 0; total <= 45; total++)
        {
          const char *expected = NULL;
          const char *level;

          for (guint i = 0; i < rows->len; i++)
            {
              GHashTable *r = g_ptr_array_index (rows, i);
              const char *lo = get (r, "total_min"), *hi = get (r, "total_max");

              if (!g_str_equal (get (r, range_col), parts[p].range))
                continue;
              if ((*lo == '\0' || total >= atoi (lo)) && (*hi == '\0' || total <= atoi (hi)))
                expected = get (r, level_col);
            }
          g_assert_nonnull (expected);
          level = dabiao_standard_level_for (std, group, total * 10);
          /* The reference writes 一级(优秀), the standard 一级（优秀）. */
          {
            g_autoptr(GString) want = g_string_new (expected);

            g_string_replace (want, "(", "（", 0);
            g_string_replace (want, ")", "）", 0);
            g_assert_cmpstr (level, ==, want->str);
          }
        }
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  std = dabiao_standard_load ("natfit-2003", &error);
  g_assert_no_error (error);

  g_test_add_func ("/natfit/tables/adult", test_adult);
  g_test_add_func ("/natfit/tables/adult-weight-for-height", test_adult_weight_for_height);
  g_test_add_func ("/natfit/tables/elderly", test_elderly);
  g_test_add_func ("/natfit/tables/preschool", test_preschool);
  g_test_add_func ("/natfit/tables/between-ranges", test_between_ranges);
  g_test_add_func ("/natfit/tables/total-levels", test_total_levels);

  ret = g_test_run ();
  g_test_message ("%u boundary values checked", n_checked);
  dabiao_standard_unref (std);
  return ret;
}
