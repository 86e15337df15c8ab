/* test-items.c: the instrument layer's item codes are the standards' codes
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-error.h"
#include "dabiao-parser.h"
#include "dabiao-standard.h"

static const char *const standard_ids[] = { "student-2014", "natfit-2003" };

/* The item @code in one of the shipped standards, or NULL. */
static const DabiaoItem *
standards_item (const char *code)
{
  for (gsize s = 0; s < G_N_ELEMENTS (standard_ids); s++)
    {
      g_autoptr(GError) error = NULL;
      DabiaoStandard *std = dabiao_standard_load (standard_ids[s], &error);

      g_assert_no_error (error);
      for (guint i = 0; i < dabiao_standard_get_n_items (std); i++)
        {
          const DabiaoItem *item = dabiao_standard_get_item (std, i);

          /* Shipped standards are cached, so the item outlives the unref. */
          if (g_str_equal (item->code, code))
            {
              dabiao_standard_unref (std);
              return item;
            }
        }
      dabiao_standard_unref (std);
    }
  return NULL;
}

/* Every code of the plausible-range table is a standards item, with the
 * same unit and name; and every standards item has a plausible range. */
static void
test_range_table (void)
{
  gsize n;
  const DabiaoItemInfo *all = dabiao_item_all (&n);

  g_assert_cmpuint (n, >, 0);
  for (gsize i = 0; i < n; i++)
    {
      const DabiaoItem *item = standards_item (all[i].code);

      if (item == NULL)
        g_error ("plausible-range item “%s” is in no shipped standard", all[i].code);
      g_assert_cmpstr (all[i].unit, ==, item->unit);
      g_assert_cmpstr (all[i].name, ==, item->name);
      g_assert_cmpfloat (all[i].min, <, all[i].max);
      g_assert_cmpfloat (all[i].typical, >=, all[i].min);
      g_assert_cmpfloat (all[i].typical, <=, all[i].max);
    }

  for (gsize s = 0; s < G_N_ELEMENTS (standard_ids); s++)
    {
      g_autoptr(GError) error = NULL;
      DabiaoStandard *std = dabiao_standard_load (standard_ids[s], &error);

      g_assert_no_error (error);
      for (guint i = 0; i < dabiao_standard_get_n_items (std); i++)
        {
          const DabiaoItem *item = dabiao_standard_get_item (std, i);

          if (dabiao_item_lookup (item->code) == NULL)
            g_error ("%s item “%s” has no plausible range", standard_ids[s], item->code);
        }
      dabiao_standard_unref (std);
    }
}

/* Preschool items exist with ranges that fit small children. */
static void
test_preschool (void)
{
  static const struct { const char *code; double value; } small[] = {
    { "height", 95.0 }, { "weight", 14.5 }, { "run_10m", 7.2 }, { "tennis_throw", 4.5 },
    { "continuous_jump", 6.8 }, { "balance_beam", 9.3 }, { "standing_long_jump", 85 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (small); i++)
    {
      const DabiaoItemInfo *info = dabiao_item_lookup (small[i].code);

      g_assert_nonnull (info);
      g_assert_cmpfloat (small[i].value, >=, info->min);
      g_assert_cmpfloat (small[i].value, <=, info->max);
    }
  /* The old codes are gone. */
  g_assert_null (dabiao_item_lookup ("grip_strength"));
  g_assert_null (dabiao_item_lookup ("choice_reaction_time"));
  g_assert_null (dabiao_item_lookup ("single_leg_stand"));
}

/* Every item a shipped profile names is a standards item, and the
 * profile's unit converts to the standards' unit. */
static void
test_shipped_profiles (void)
{
  g_auto(GStrv) names = dabiao_profile_list_names ();
  guint checked = 0;

  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoProfile) profile = dabiao_profile_lookup (names[i], &error);
      const char *const *codes;

      g_assert_no_error (error);
      codes = dabiao_profile_get_items (profile);
      for (guint j = 0; codes && codes[j]; j++)
        {
          const DabiaoItem *item = standards_item (codes[j]);
          const DabiaoItemInfo *info = dabiao_item_lookup (codes[j]);

          if (item == NULL)
            g_error ("profile %s names item “%s”, which is in no shipped standard", names[i], codes[j]);
          g_assert_nonnull (info);
          g_assert_cmpstr (info->unit, ==, item->unit);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >=, 8);
}

/* A reading for a natfit item gets its range and unit. */
static void
test_decoded_codes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoProfile) profile = dabiao_profile_new_from_data (
    "{\"name\":\"t\",\"family\":\"line\",\"item\":\"tennis_throw\","
    "\"record\":{\"regex\":\"^(?<value>[0-9.]+)(?<unit>[a-z]*)$\"}}", -1, "inline.json", &error);
  g_autoptr(DabiaoDecoder) decoder = NULL;
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_frame_free);
  const char *input = "6.5m\r\n450cm\r\n95m\r\n";
  DabiaoReading *r;

  g_assert_no_error (error);
  decoder = dabiao_decoder_new (profile, NULL);
  dabiao_decoder_feed (decoder, (const guint8 *) input, strlen (input), 0, frames);
  g_assert_cmpuint (frames->len, ==, 3);
  r = ((DabiaoFrame *) frames->pdata[0])->reading;
  g_assert_cmpstr (r->unit, ==, "m");
  g_assert_cmpfloat_with_epsilon (r->value, 6.5, 1e-9);
  g_assert_cmpint (r->warnings, ==, 0);
  r = ((DabiaoFrame *) frames->pdata[1])->reading;
  g_assert_cmpfloat_with_epsilon (r->value, 4.5, 1e-9);   /* cm → m */
  g_assert_cmpint (r->warnings, ==, 0);
  r = ((DabiaoFrame *) frames->pdata[2])->reading;
  g_assert_true (r->warnings & DABIAO_READING_WARNING_OUT_OF_RANGE);
}

/* The catalogue is data (data/instruments/items.csv): the shipped file
 * checks clean, its attempts reach the API, and broken copies are refused
 * with a message naming the row and column. */
static void
test_catalogue (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "data", "instruments", "items.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gsize len;
  static const struct { const char *from; const char *to; const char *expect[3]; } broken[] = {
    { "height,身高,cm,40,250,", "height,身高,cm,250,40,", { "items.csv", "2", "max" } },
    { "height,身高,cm,40,250,165,", "height,身高,cm,40,250,300,", { "2", "typical", "300" } },
    { "weight,体重,kg,8,", "weight,体重,kg,eight,", { "3", "min", "eight" } },
    { "run_50m,50米跑,s,4.5,30,8.5,1,1", "run_50m,50米跑,s,4.5,30,8.5,1,0", { "6", "attempts", "0" } },
    { "run_50m,50米跑,s,4.5,30,8.5,1,1", "run_50m,50米跑,s,4.5,30,8.5,1.5,1", { "6", "decimals", "1.5" } },
    { "weight,体重,", "height,体重,", { "3", "item", "height" } },
    { "weight,体重,kg,", "weight,,kg,", { "3", "name", NULL } },
    { "typical,decimals,attempts", "typical,decimals", { "1", "attempts", NULL } },
    { "run_50m,50米跑,s,4.5,30,8.5,1,1,rerun", "run_50m,50米跑,s,4.5,30,8.5,1,1,again", { "6", "foul", "again" } },
  };

  g_assert_true (g_file_get_contents (path, &text, &len, &error));
  problems = dabiao_item_catalogue_check (text, len, "items.csv");
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (dabiao_item_lookup ("vital_capacity")->attempts, ==, 3);
  g_assert_cmpuint (dabiao_item_lookup ("sit_and_reach")->attempts, ==, 2);
  g_assert_cmpuint (dabiao_item_lookup ("run_50m")->attempts, ==, 1);
  g_assert_cmpfloat (dabiao_item_lookup ("height")->min, ==, 40);
  /* A false start is run again at the runs; a foul counts at the jumps. */
  g_assert_true (dabiao_item_foul_reruns ("run_50m"));
  g_assert_true (dabiao_item_foul_reruns ("shuttle_50mx8"));
  g_assert_false (dabiao_item_foul_reruns ("standing_long_jump"));
  g_assert_false (dabiao_item_foul_reruns ("no_such_item"));

  for (gsize b = 0; b < G_N_ELEMENTS (broken); b++)
    {
      g_autoptr(GString) copy = g_string_new (text);
      g_autoptr(GPtrArray) found = NULL;
      gboolean named = FALSE;

      g_assert_cmpuint (g_string_replace (copy, broken[b].from, broken[b].to, 1), ==, 1);
      found = dabiao_item_catalogue_check (copy->str, copy->len, "items.csv");
      for (guint i = 0; i < found->len && !named; i++)
        {
          const char *msg = found->pdata[i];

          g_test_message ("%s", msg);
          named = TRUE;
          for (guint k = 0; k < 3 && broken[b].expect[k] != NULL; k++)
            named &= strstr (msg, broken[b].expect[k]) != NULL;
        }
      if (!named)
        g_error ("“%s”: no message names %s %s %s", broken[b].to, broken[b].expect[0],
                 broken[b].expect[1], broken[b].expect[2] ? broken[b].expect[2] : "");
    }
}

/* Values and units as a station shows them. */
static void
test_format (void)
{
  g_autoptr(DabiaoReading) r = dabiao_reading_new ();
  g_autofree char *with_unit = NULL;
  g_autofree char *number = NULL;

  r->item = g_strdup ("weight");
  g_free (r->unit);   /* a new reading's unit is "" */
  r->unit = g_strdup ("kg");
  r->value = 60.25;
  r->decimals = 1;
  with_unit = dabiao_reading_format_value (r);
  number = dabiao_reading_format_number (r);
  g_assert_cmpstr (with_unit, ==, "60.2 kg");
  g_assert_cmpstr (number, ==, "60.2");
  g_assert_cmpstr (dabiao_unit_label ("kg"), ==, "千克");
  g_assert_cmpstr (dabiao_unit_label ("cm"), ==, "厘米");
  g_assert_cmpstr (dabiao_unit_label ("s"), ==, "秒");
  g_assert_cmpstr (dabiao_unit_label ("furlong"), ==, "furlong");
  g_assert_cmpstr (dabiao_unit_label (NULL), ==, "");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/instrument/items/range-table", test_range_table);
  g_test_add_func ("/instrument/items/preschool", test_preschool);
  g_test_add_func ("/instrument/items/shipped-profiles", test_shipped_profiles);
  g_test_add_func ("/instrument/items/decoded-codes", test_decoded_codes);
  g_test_add_func ("/instrument/items/catalogue", test_catalogue);
  g_test_add_func ("/instrument/items/format", test_format);
  return g_test_run ();
}
