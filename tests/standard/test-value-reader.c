/* test-value-reader.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one value reader: every written form of tests/data/value-forms.tsv
 * (the table the CLI and app tests feed too), the GError form with and
 * without --force, the batch limits, and random texts (no crash; every
 * value it reads, written back in its understood form, reads the same). */

#include "config.h"

#include <string.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-standard.h"
#include "dabiao-test-values.h"
#include "dabiao-value-reader.h"

static DabiaoStandard *std;

static const DabiaoItem *
item (const char *code)
{
  const DabiaoItem *i = dabiao_standard_lookup_item (std, code);

  g_assert_nonnull (i);
  return i;
}

static gint64
fixed (const char *text)
{
  gint64 v = 0;

  g_assert_true (dabiao_value_parse_decimal (text, &v));
  return v;
}

static void
test_table (void)
{
  g_autoptr(GPtrArray) rows = dabiao_test_values_load ();

  for (guint i = 0; i < rows->len; i++)
    {
      DabiaoTestValue *row = g_ptr_array_index (rows, i);
      g_auto(DabiaoValueRead) read = { 0 };
      const char *verdicts[] = { "valid", "implausible", "invalid" };
      DabiaoValueVerdict verdict = dabiao_value_read (item (row->item), row->text, &read);

      g_test_message ("line %u: %s “%s” → %s, %s / %s", row->line, row->item, row->text,
                      verdicts[verdict], read.understood, read.problem);
      g_assert_cmpstr (verdicts[verdict], ==, row->verdict);
      if (verdict == DABIAO_VALUE_INVALID)
        {
          g_assert_null (read.understood);
          g_assert_nonnull (strstr (read.problem, row->expect));
          continue;
        }
      g_assert_cmpint (read.value, ==, fixed (row->value));
      g_assert_nonnull (read.understood);
      if (verdict == DABIAO_VALUE_VALID)
        {
          g_assert_cmpstr (read.understood, ==, row->expect);
          g_assert_null (read.problem);
        }
      else
        g_assert_nonnull (strstr (read.problem, row->expect));
    }
}

static void
test_checked (void)
{
  g_autoptr(GError) error = NULL;
  gint64 v = 0;

  /* Implausible: refused with the range unless forced. */
  g_assert_false (dabiao_value_read_checked (item ("run_50m"), "999", FALSE, &v, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IMPLAUSIBLE);
  g_assert_nonnull (strstr (error->message, "4.5–30"));
  g_clear_error (&error);
  g_assert_true (dabiao_value_read_checked (item ("run_50m"), "999", TRUE, &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, 999000);

  /* Impossible: refused even when forced. */
  g_assert_false (dabiao_value_read_checked (item ("run_50m"), "-1", TRUE, &v, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* dabiao_item_parse_value: the same reader, the range left to the caller. */
  g_assert_true (dabiao_item_parse_value (item ("run_50m"), "7秒8", &v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (v, ==, 7800);
  g_assert_true (dabiao_item_parse_value (item ("run_50m"), "999", &v, &error));
  g_assert_false (dabiao_item_parse_value (item ("run_50m"), "0", &v, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (dabiao_item_parse_value (item ("vital_capacity"), "-200", &v, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
}

static void
test_limits (void)
{
  DabiaoValueLimits limits;
  g_autofree char *problem = NULL;

  dabiao_value_limits_init (&limits, item ("sit_and_reach"));
  g_assert_true (limits.has_range);
  g_assert_true (limits.negative_ok);
  g_assert_false (limits.is_time);
  g_assert_cmpint (dabiao_value_limits_check (&limits, item ("sit_and_reach"), "-5", -5000, NULL), ==, DABIAO_VALUE_VALID);

  dabiao_value_limits_init (&limits, item ("run_800m"));
  g_assert_true (limits.is_time);
  g_assert_cmpint (limits.min, ==, 120000);
  g_assert_cmpint (dabiao_value_limits_check (&limits, item ("run_800m"), "0", 0, &problem), ==, DABIAO_VALUE_INVALID);
  g_clear_pointer (&problem, g_free);
  g_assert_cmpint (dabiao_value_limits_check (&limits, item ("run_800m"), "16.00", 960000, &problem), ==,
                   DABIAO_VALUE_IMPLAUSIBLE);
  g_assert_nonnull (strstr (problem, "2′00″–15′00″"));
}

static void
test_format_time (void)
{
  static const struct { gint64 v; const char *text; } cases[] = {
    { 108000, "1′48″" }, { 45000, "45″" }, { 65300, "1′05.3″" }, { 3599000, "59′59″" }, { 60000, "1′00″" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dabiao_value_format_time (cases[i].v);
      g_auto(DabiaoValueRead) read = { 0 };

      g_assert_cmpstr (text, ==, cases[i].text);
      /* … and reads back, for a 分.秒 item and a seconds item alike. */
      dabiao_value_read (item ("run_1000m"), text, &read);
      g_assert_cmpint (read.value, ==, cases[i].v);
      dabiao_value_read_clear (&read);
      dabiao_value_read (item ("run_50m"), text, &read);
      g_assert_cmpint (read.value, ==, cases[i].v);
    }
}

/* Random texts from the characters people type: never a crash, messages
 * always UTF-8, and a value read is read again from its understood form. */
static void
test_random (void)
{
  static const char *pieces[] = {
    "0", "1", "2", "5", "7", "9", "48", "59", "60", ".", ":", "'", "\"", "′", "″", "分", "秒", "-", "+",
    "cm", "米", "kg", "斤", "ml", "L", "次", "s", "min", "，", "、", " ", "１", "．", "abc", "\xff", "秒钟",
  };
  const char *codes[] = { "shuttle_50mx8", "run_50m", "height", "weight", "vital_capacity", "sit_and_reach", "pull_up" };
  guint n = g_test_slow () ? 200000 : 20000;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      const DabiaoItem *it = item (codes[g_test_rand_int_range (0, G_N_ELEMENTS (codes))]);
      g_auto(DabiaoValueRead) read = { 0 };
      guint len = g_test_rand_int_range (0, 7);

      for (guint k = 0; k < len; k++)
        g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
      dabiao_value_read (it, text->str, &read);
      if (read.verdict == DABIAO_VALUE_INVALID)
        {
          g_assert_true (g_utf8_validate (read.problem, -1, NULL));
          continue;
        }
      g_assert_true (g_utf8_validate (read.understood, -1, NULL));
      {
        /* "1′48″ = 108 秒" → "1′48″"; "172.5 厘米" → "172.5 厘米". */
        g_autofree char *again_text = g_strdup (read.understood);
        char *eq = strstr (again_text, " = ");
        g_auto(DabiaoValueRead) again = { 0 };

        if (eq != NULL)
          *eq = '\0';
        dabiao_value_read (it, again_text, &again);
        if (again.value != read.value)
          g_error ("%s: “%s” → %s → %" G_GINT64_FORMAT " ≠ %" G_GINT64_FORMAT, it->code, text->str,
                   read.understood, again.value, read.value);
      }
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

  g_test_add_func ("/value-reader/table", test_table);
  g_test_add_func ("/value-reader/checked", test_checked);
  g_test_add_func ("/value-reader/limits", test_limits);
  g_test_add_func ("/value-reader/format-time", test_format_time);
  g_test_add_func ("/value-reader/random", test_random);

  ret = g_test_run ();
  dabiao_standard_unref (std);
  return ret;
}
