/* test-standard-tables.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every threshold of every student-2014 table, at it, one step better and
 * one step worse, plus BMI band edges, bonus steps and weights.  The
 * expected answers come from the reference tables copied verbatim under
 * tests/data/standards/student-2014/ (not from data/standards/), by scanning
 * them as the standard's text defines; so a transcription error in the
 * shipped data, or a scoring bug, fails here. */

#include "config.h"

#include <string.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-score.h"

static DabiaoStandard *std;
static guint n_checks;

static gint64
fixed (const char *text)
{
  gint64 v = 0;

  g_assert_true (dabiao_value_parse_decimal (text, &v));
  return v;
}

/* Rows of a reference CSV as arrays of fields (no quoting in these files). */
static GPtrArray *
read_ref (const char  *name,
          char       **header_out)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "standards", "student-2014", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (*lines[i] == '\0')
        continue;
      if (i == 0)
        {
          if (header_out)
            *header_out = g_strdup (lines[i]);
          continue;
        }
      g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));
    }
  return rows;
}

static DabiaoSex
sex_of (const char *s)
{
  return g_str_equal (s, "male") ? DABIAO_SEX_MALE : DABIAO_SEX_FEMALE;
}

static gint64
unit_of (const DabiaoItem *item)
{
  /* The resolution results are written at. */
  if (g_str_equal (item->code, "run_50m") || g_str_equal (item->code, "sit_and_reach") ||
      g_str_equal (item->code, "standing_long_jump") || g_str_equal (item->code, "bmi"))
    return 100;
  return 1000;
}

/* The reference's own rule: the highest score whose threshold is met. */
static int
expected_score (GPtrArray  *rows,
                const char *grade,
                const char *sex,
                const char *code,
                gboolean    higher,
                gint64      value)
{
  int best = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      gint64 t;

      if (!g_str_equal (f[0], grade) || !g_str_equal (f[1], sex) || !g_str_equal (f[2], code))
        continue;
      t = fixed (f[4]);
      if ((higher ? value >= t : value <= t) && atoi (f[3]) > best)
        best = atoi (f[3]);
    }
  return best;
}

static int
score_of (const char       *grade,
          DabiaoSex         sex,
          const DabiaoItem *item,
          gint64            value,
          int              *bonus)
{
  g_autoptr(GError) error = NULL;
  const DabiaoGroup *group = dabiao_standard_find_group (std, grade, &error);
  int score = -1;

  g_assert_no_error (error);
  dabiao_standard_score_item (std, group, sex, item, value, 0, &score, bonus, &error);
  g_assert_no_error (error);
  return score;
}

static void
test_thresholds (void)
{
  g_autoptr(GPtrArray) rows = read_ref ("scores.csv", NULL);

  g_assert_cmpuint (rows->len, ==, 3547);

  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      const DabiaoItem *item = dabiao_standard_lookup_item (std, f[2]);
      gboolean higher;
      gint64 t, u;
      gint64 probes[3];

      g_assert_nonnull (item);
      higher = item->better == DABIAO_BETTER_HIGHER;
      t = fixed (f[4]);
      u = unit_of (item);
      probes[0] = t;
      probes[1] = higher ? t + u : t - u;   /* just better */
      probes[2] = higher ? t - u : t + u;   /* just worse */

      for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
        {
          int want = expected_score (rows, f[0], f[1], f[2], higher, probes[p]);
          int got = score_of (f[0], sex_of (f[1]), item, probes[p], NULL);

          if (got != want)
            g_error ("grade %s %s %s value %" G_GINT64_FORMAT "/1000: expected %d, got %d",
                     f[0], f[1], f[2], probes[p], want, got);
          n_checks++;
        }
      /* At the threshold, exactly the row's score. */
      g_assert_cmpint (score_of (f[0], sex_of (f[1]), item, t, NULL), ==, atoi (f[3]));
    }
}

/* 24 and 34 use the tables of 23 and 33. */
static void
test_alias_grades (void)
{
  g_autoptr(GPtrArray) rows = read_ref ("scores.csv", NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      const char *alias = g_str_equal (f[0], "23") ? "24" : g_str_equal (f[0], "33") ? "34" : NULL;
      const DabiaoItem *item = dabiao_standard_lookup_item (std, f[2]);

      if (alias == NULL)
        continue;
      g_assert_cmpint (score_of (alias, sex_of (f[1]), item, fixed (f[4]), NULL), ==, atoi (f[3]));
      n_checks++;
    }
}

static void
test_bmi_bands (void)
{
  g_autoptr(GPtrArray) rows = read_ref ("bmi.csv", NULL);
  const DabiaoItem *bmi = dabiao_standard_lookup_item (std, "bmi");

  g_assert_cmpuint (rows->len, ==, 128);
  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      int score = atoi (f[3]);

      /* grade,sex,category,score,bmi_min_inclusive,bmi_max_inclusive */
      if (*f[4] != '\0')
        {
          gint64 min = fixed (f[4]);
          g_assert_cmpint (score_of (f[0], sex_of (f[1]), bmi, min, NULL), ==, score);
          /* 0.05 below the edge rounds up onto it. */
          g_assert_cmpint (score_of (f[0], sex_of (f[1]), bmi, min - 50, NULL), ==, score);
          g_assert_cmpint (score_of (f[0], sex_of (f[1]), bmi, min - 51, NULL), !=, score);
          n_checks += 3;
        }
      if (*f[5] != '\0')
        {
          gint64 max = fixed (f[5]);
          g_assert_cmpint (score_of (f[0], sex_of (f[1]), bmi, max, NULL), ==, score);
          g_assert_cmpint (score_of (f[0], sex_of (f[1]), bmi, max + 49, NULL), ==, score);
          g_assert_cmpint (score_of (f[0], sex_of (f[1]), bmi, max + 50, NULL), !=, score);
          n_checks += 3;
        }
    }
}

static void
expand_grades (const char *range,
               GPtrArray  *out)
{
  g_auto(GStrv) ends = g_strsplit (range, "-", 2);
  static const char *all[] = { "11", "12", "13", "14", "15", "16", "21", "22", "23",
                               "31", "32", "33", "41", "42", "43", "44" };
  gboolean in = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (g_str_equal (all[i], ends[0]))
        in = TRUE;
      if (in)
        g_ptr_array_add (out, (gpointer) all[i]);
      if (g_str_equal (all[i], ends[1]))
        break;
    }
}

static void
test_bonus (void)
{
  g_autoptr(GPtrArray) rows = read_ref ("bonus.csv", NULL);
  g_autoptr(GPtrArray) scores = read_ref ("scores.csv", NULL);

  g_assert_cmpuint (rows->len, ==, 140);
  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) grades = g_ptr_array_new ();
      const DabiaoItem *item = dabiao_standard_lookup_item (std, f[2]);
      int bonus = atoi (f[3]);
      gint64 excess = fixed (f[4]);
      gboolean higher = item->better == DABIAO_BETTER_HIGHER;

      expand_grades (f[0], grades);
      for (guint g = 0; g < grades->len; g++)
        for (int s = 0; s < 2; s++)
          {
            const char *sex = s == 0 ? "male" : "female";
            gint64 top = G_MININT64;
            int got_bonus = -1;

            if (!g_str_equal (f[1], "both") && !g_str_equal (f[1], sex))
              continue;
            for (guint r = 0; r < scores->len; r++)
              {
                char **sf = g_ptr_array_index (scores, r);

                if (g_str_equal (sf[0], grades->pdata[g]) && g_str_equal (sf[1], sex) &&
                    g_str_equal (sf[2], f[2]) && atoi (sf[3]) == 100)
                  top = fixed (sf[4]);
              }
            g_assert_true (top != G_MININT64);

            /* Exactly the required excess earns the bonus; one unit less
             * earns the previous step. */
            g_assert_cmpint (score_of (grades->pdata[g], sex_of (sex), item,
                                       higher ? top + excess : top - excess, &got_bonus), ==, 100);
            g_assert_cmpint (got_bonus, ==, bonus);
            score_of (grades->pdata[g], sex_of (sex), item,
                      higher ? top + excess - 1000 : top - excess + 1000, &got_bonus);
            g_assert_cmpint (got_bonus, <, bonus);
            n_checks += 2;
          }
    }
}

static void
test_weights (void)
{
  g_autoptr(GPtrArray) rows = read_ref ("weights.csv", NULL);
  g_autoptr(GPtrArray) scores = read_ref ("scores.csv", NULL);
  static const char *all[] = { "11", "12", "13", "14", "15", "16", "21", "22", "23",
                               "31", "32", "33", "41", "42", "43", "44", "24", "34" };

  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) grades = g_ptr_array_new ();
      const DabiaoItem *item = dabiao_standard_lookup_item (std, f[2]);

      expand_grades (f[0], grades);
      for (guint g = 0; g < grades->len; g++)
        for (int s = 0; s < 2; s++)
          {
            const DabiaoGroup *group = dabiao_standard_find_group (std, grades->pdata[g], NULL);

            if (!g_str_equal (f[1], "both") && s != (int) sex_of (f[1]))
              continue;
            g_assert_cmpuint (dabiao_standard_get_weight (std, group, s, item), ==, atoi (f[3]));
            n_checks++;
          }
    }

  /* Each grade and sex scores exactly the items the reference has tables
   * for (plus BMI), and their weights add up to 100. */
  for (guint g = 0; g < G_N_ELEMENTS (all); g++)
    for (int s = 0; s < 2; s++)
      {
        const DabiaoGroup *group = dabiao_standard_find_group (std, all[g], NULL);
        g_autoptr(GPtrArray) items = dabiao_standard_list_items_for (std, group, s);
        const char *grade = g_str_equal (all[g], "24") ? "23" : g_str_equal (all[g], "34") ? "33" : all[g];
        guint n_ref = 1;
        guint sum = 0;
        g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

        for (guint r = 0; r < scores->len; r++)
          {
            char **sf = g_ptr_array_index (scores, r);

            if (g_str_equal (sf[0], grade) && sex_of (sf[1]) == (DabiaoSex) s && !g_hash_table_contains (seen, sf[2]))
              {
                g_hash_table_add (seen, sf[2]);
                n_ref++;
              }
          }
        g_assert_cmpuint (items->len, ==, n_ref);
        for (guint i = 0; i < items->len; i++)
          sum += dabiao_standard_get_weight (std, group, s, items->pdata[i]);
        g_assert_cmpuint (sum, ==, 100);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  std = dabiao_standard_load ("student-2014", &error);
  g_assert_no_error (error);

  g_test_add_func ("/dabiao/standard/tables/thresholds", test_thresholds);
  g_test_add_func ("/dabiao/standard/tables/alias-grades", test_alias_grades);
  g_test_add_func ("/dabiao/standard/tables/bmi-bands", test_bmi_bands);
  g_test_add_func ("/dabiao/standard/tables/bonus", test_bonus);
  g_test_add_func ("/dabiao/standard/tables/weights", test_weights);

  ret = g_test_run ();
  g_test_message ("%u checks", n_checks);
  dabiao_standard_unref (std);
  return ret;
}
