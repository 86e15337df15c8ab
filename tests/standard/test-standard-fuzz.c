/* test-standard-fuzz.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Bounded fuzzing of the standards engine (run it under ASan/UBSan):
 * - value, sex, group and item parsers on random text, with round-trip
 *   and range properties;
 * - the scorer on random values for every group and sex, with the
 *   standard's invariants (0–100 per item, 附加分 ≤ 20, 学年总分 ≤ 120.0);
 * - the loader/validator on randomly mutated copies of student-2014.
 * Iterations: DABIAO_FUZZ_ITERATIONS (default keeps the test to seconds). */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-score.h"

static DabiaoStandard *std;
static guint iterations = 1;

static const char *pieces[] = {
  "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "-", "+", " ", "'", "\"", "′", "″",
  "’", "”", ":", "分", "秒", "１", "２", "．", "　", "男", "女", "e", "E", "x", ",", "\t",
  "99999999999999999999", "\xff", "\xe5", "",
};

static char *
random_text (GRand *rand)
{
  GString *s = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 12);

  for (guint i = 0; i < n; i++)
    g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (s, FALSE);
}

static void
test_parsers (void)
{
  GRand *rand = g_rand_new_with_seed (1);
  guint n_items = dabiao_standard_get_n_items (std);
  guint accepted = 0;

  for (guint it = 0; it < 5000 * iterations; it++)
    {
      g_autofree char *text = random_text (rand);
      const DabiaoItem *item = dabiao_standard_get_item (std, g_rand_int_range (rand, 0, n_items));
      DabiaoSex sex;
      gint64 v;

      dabiao_sex_parse (text, &sex, NULL);
      dabiao_standard_find_group (std, text, NULL);
      dabiao_standard_lookup_item (std, text);

      if (dabiao_item_parse_value (item, text, &v, NULL))
        {
          g_autofree char *shown = dabiao_item_format_value (item, v);
          gint64 again;

          accepted++;
          if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC || g_str_equal (item->unit, "s"))
            g_assert_cmpint (v, >, 0);
          /* A time below the item's precision shows as 0, which is no time. */
          if (dabiao_value_round (v, item->decimals) == 0 && (item->format == DABIAO_VALUE_FORMAT_MIN_SEC || g_str_equal (item->unit, "s")))
            continue;
          /* What we show reads back as the value at the item's precision. */
          if (!dabiao_item_parse_value (item, shown, &again, NULL))
            g_error ("%s “%s” → %" G_GINT64_FORMAT " shown “%s” does not read back", item->code, text, v, shown);
          g_assert_cmpint (again, ==, dabiao_value_round (v, item->decimals));
        }
    }
  g_test_message ("parsers: %u inputs, %u accepted", 5000 * iterations, accepted);
  g_rand_free (rand);
}

static void
test_scorer (void)
{
  GRand *rand = g_rand_new_with_seed (2);
  guint n_items = dabiao_standard_get_n_items (std);
  g_autofree DabiaoValue *values = g_new0 (DabiaoValue, n_items);
  guint n = 0;

  for (guint it = 0; it < 5000 * iterations; it++)
    {
      const DabiaoGroup *group = dabiao_standard_get_group (std, g_rand_int_range (rand, 0, dabiao_standard_get_n_groups (std)));
      DabiaoSex sex = g_rand_int_range (rand, 0, 2);
      g_autoptr(DabiaoPersonScore) r = NULL;

      for (guint i = 0; i < n_items; i++)
        {
          values[i].present = g_rand_int_range (rand, 0, 20) != 0;
          /* Mostly plausible, sometimes absurd (negative, huge). */
          if (g_rand_int_range (rand, 0, 10) == 0)
            values[i].value = (gint64) g_rand_int (rand) * (g_rand_boolean (rand) ? 1 : -1) * 1000;
          else
            values[i].value = g_rand_int_range (rand, 0, 6000000);
        }
      r = dabiao_standard_score_values (std, group, sex, values);
      g_assert_nonnull (r->notes);
      for (guint i = 0; i < r->n_items; i++)
        {
          g_assert_cmpint (r->items[i].score, >=, 0);
          g_assert_cmpint (r->items[i].score, <=, 100);
          g_assert_cmpint (r->items[i].bonus, >=, 0);
          g_assert_cmpint (r->items[i].bonus, <=, 20);
          g_assert_true ((r->items[i].status == DABIAO_ITEM_SCORED) == (r->items[i].problem == NULL));
        }
      if (r->complete)
        {
          g_assert_cmpint (r->bonus, <=, 20);
          g_assert_cmpint (r->standard_tenths, <=, 1000);
          g_assert_cmpint (r->total_tenths, <=, 1200);
          g_assert_nonnull (r->level);
          g_assert_cmpstr (r->notes, ==, "");
          n++;
        }
      else
        {
          g_assert_null (r->level);
          g_assert_cmpstr (r->notes, !=, "");
        }
    }
  g_test_message ("scorer: %u people, %u complete", 5000 * iterations, n);
  g_rand_free (rand);
}

static const char *files[] = {
  "standard.ini", "items.csv", "groups.csv", "thresholds.csv", "bands.csv",
  "weights.csv", "bonus.csv", "grades.csv", "item_levels.csv",
};

static char *
mutate (GRand      *rand,
        const char *contents)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  guint n = g_strv_length (lines);
  GString *out = g_string_new (NULL);
  guint a = g_rand_int_range (rand, 0, MAX (n, 1));
  guint b = g_rand_int_range (rand, 0, MAX (n, 1));
  int kind = g_rand_int_range (rand, 0, 7);

  if (kind == 6)
    {
      /* Truncate anywhere, even inside a UTF-8 sequence. */
      gsize len = strlen (contents);
      g_string_append_len (out, contents, len > 0 ? g_rand_int_range (rand, 0, len) : 0);
      return g_string_free (out, FALSE);
    }

  for (guint i = 0; i < n; i++)
    {
      const char *line = lines[i];

      if (i == a && kind == 0)
        continue;                                    /* delete a line */
      if (i == a && kind == 1)
        line = lines[b];                             /* replace by another */
      if (i == a && kind == 2)
        {
          g_string_append (out, line);               /* duplicate */
          g_string_append_c (out, '\n');
        }
      if (i == a && kind == 3)
        {
          g_auto(GStrv) fields = g_strsplit (line, ",", -1);
          guint nf = g_strv_length (fields);
          g_autofree char *joined = NULL;

          if (nf > 0)
            {
              guint f = g_rand_int_range (rand, 0, nf);
              g_free (fields[f]);
              fields[f] = random_text (rand);
            }
          joined = g_strjoinv (",", fields);
          g_string_append (out, joined);
          if (lines[i + 1] != NULL)
            g_string_append_c (out, '\n');
          continue;
        }
      if (i == a && kind == 4)
        {
          g_string_append (out, "\"");               /* an unbalanced quote */
        }
      if (i == a && kind == 5 && *line != '\0')
        {
          g_autofree char *copy = g_strdup (line);
          copy[g_rand_int_range (rand, 0, strlen (copy))] ^= 1 << g_rand_int_range (rand, 0, 8);
          g_string_append (out, copy);
          if (lines[i + 1] != NULL)
            g_string_append_c (out, '\n');
          continue;
        }
      g_string_append (out, line);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
test_mutated_standards (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "data", "standards", "student-2014", NULL);
  g_autofree char *dir = g_dir_make_tmp ("dabiao-fuzz-XXXXXX", &error);
  char *originals[G_N_ELEMENTS (files)];
  GRand *rand = g_rand_new_with_seed (3);
  guint n_valid = 0, n_runs = 30 * iterations;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (src, files[i], NULL);

      g_file_get_contents (path, &originals[i], NULL, &error);
      g_assert_no_error (error);
    }

  for (guint it = 0; it < n_runs; it++)
    {
      guint victim = g_rand_int_range (rand, 0, G_N_ELEMENTS (files));
      g_autoptr(GPtrArray) problems = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *path = g_build_filename (dir, files[i], NULL);
          g_autofree char *text = NULL;

          if (i == victim)
            {
              text = mutate (rand, originals[i]);
              /* Sometimes a second mutation. */
              if (g_rand_boolean (rand))
                {
                  char *twice = mutate (rand, text);
                  g_free (text);
                  text = twice;
                }
            }
          /* No fsync: hundreds of small rewrites.  The non-atomic write
           * does not truncate, hence the unlink. */
          g_unlink (path);
          g_file_set_contents_full (path, text != NULL ? text : originals[i], -1,
                                    G_FILE_SET_CONTENTS_NONE, 0644, &error);
          g_assert_no_error (error);
        }

      problems = dabiao_standard_check_dir (dir, &error);
      g_assert_no_error (error);
      if (problems->len == 0)
        {
          g_autoptr(DabiaoStandard) s = dabiao_standard_load_from_dir (dir, &error);
          const DabiaoGroup *g;
          g_autofree DabiaoValue *values = NULL;
          g_autoptr(DabiaoPersonScore) r = NULL;

          g_assert_no_error (error);
          g_assert_nonnull (s);
          n_valid++;
          /* A still-valid standard scores without trouble. */
          g = dabiao_standard_get_group (s, 0);
          values = g_new0 (DabiaoValue, dabiao_standard_get_n_items (s));
          for (guint i = 0; i < dabiao_standard_get_n_items (s); i++)
            {
              values[i].present = TRUE;
              values[i].value = 100000 + i * 1000;
            }
          r = dabiao_standard_score_values (s, g, DABIAO_SEX_FEMALE, values);
          g_assert_nonnull (r);
        }
      else
        {
          g_autoptr(DabiaoStandard) s = dabiao_standard_load_from_dir (dir, &error);

          g_assert_null (s);
          g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_STANDARD);
          g_clear_error (&error);
        }
    }

  g_test_message ("mutated standards: %u, still valid: %u", n_runs, n_valid);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      g_remove (path);
      g_free (originals[i]);
    }
  g_rmdir (dir);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *env = g_getenv ("DABIAO_FUZZ_ITERATIONS");
  int ret;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  if (env != NULL)
    iterations = MAX (1, atoi (env));

  std = dabiao_standard_load ("student-2014", &error);
  g_assert_no_error (error);

  g_test_add_func ("/dabiao/standard/fuzz/parsers", test_parsers);
  g_test_add_func ("/dabiao/standard/fuzz/scorer", test_scorer);
  g_test_add_func ("/dabiao/standard/fuzz/mutated-standards", test_mutated_standards);

  ret = g_test_run ();
  dabiao_standard_unref (std);
  return ret;
}
