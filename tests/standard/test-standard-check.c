/* test-standard-check.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The validator: every shipped standard passes; deliberately broken copies
 * of student-2014 fail with a message naming the file, row and column. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-i18n.h"
#include "dabiao-standard.h"

static const char *files[] = {
  "standard.ini", "items.csv", "groups.csv", "thresholds.csv", "bands.csv",
  "weights.csv", "bonus.csv", "grades.csv", "item_levels.csv",
};

static char *
shipped_dir (const char *id)
{
  return g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "data", "standards", id, NULL);
}

static void
test_shipped_valid (void)
{
  g_autofree char *root = g_build_filename (g_getenv ("DABIAO_SOURCE_ROOT"), "data", "standards", NULL);
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  g_auto(GStrv) ids = dabiao_standard_list_ids ();
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, name, NULL);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      problems = dabiao_standard_check_dir (path, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < problems->len; i++)
        g_test_message ("%s: %s", name, (char *) problems->pdata[i]);
      g_assert_cmpuint (problems->len, ==, 0);
      /* It is also compiled in. */
      g_assert_true (g_strv_contains ((const char * const *) ids, name));
      n++;
    }
  g_assert_cmpuint (n, >=, 1);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = dabiao_standard_check_id (ids[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);
    }
}

/* A copy of student-2014 in a temporary folder. */
static char *
copy_standard (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = shipped_dir ("student-2014");
  char *dir = g_dir_make_tmp ("dabiao-check-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (src, files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_file_get_contents (from, &contents, &len, &error);
      g_assert_no_error (error);
      g_unlink (to);
      g_file_set_contents_full (to, contents, len, G_FILE_SET_CONTENTS_NONE, 0644, &error);
      g_assert_no_error (error);
    }
  return dir;
}

static void
remove_dir (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

/* Replaces the first line of @file starting with @prefix by @line (NULL
 * deletes it; deletes every matching line when @all); returns its row. */
static guint
edit_line (const char *dir,
           const char *file,
           const char *prefix,
           const char *line,
           gboolean    all)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint row = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean hit = g_str_has_prefix (lines[i], prefix) && (row == 0 || all);

      if (hit && row == 0)
        row = i + 1;
      if (hit && line == NULL)
        continue;
      g_string_append (out, hit ? line : lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
  g_assert_cmpuint (row, >, 0);
  g_unlink (path);   /* the non-atomic write does not truncate */
  g_file_set_contents_full (path, out->str, -1, G_FILE_SET_CONTENTS_NONE, 0644, &error);
  g_assert_no_error (error);
  return row;
}

typedef struct
{
  const char *name;
  const char *file;
  const char *prefix;
  const char *line;     /* NULL: delete */
  gboolean    all;
  const char *column;   /* expected in the message, or NULL */
  gboolean    at_row;   /* the message names the edited row */
  const char *fragment; /* expected in the message */
} Breakage;

static const Breakage breakages[] = {
  { "rising-threshold", "thresholds.csv", "41,male,vital_capacity,95,", "41,male,vital_capacity,95,5100,high,S1", FALSE,
    "threshold", TRUE, "5040" },
  { "falling-time", "thresholds.csv", "41,male,run_50m,95,", "41,male,run_50m,95,6.6,high,S1", FALSE,
    "threshold", TRUE, "6.7" },
  { "duplicate-score", "thresholds.csv", "41,male,run_50m,95,", "41,male,run_50m,100,6.8,high,S1", FALSE,
    "score", TRUE, "100" },
  { "bad-number", "thresholds.csv", "41,male,run_50m,95,", "41,male,run_50m,95,6,8,high,S1", FALSE,
    "confidence", TRUE, NULL },
  { "too-precise", "thresholds.csv", "41,male,pull_up,95,", "41,male,pull_up,95,18.5,high,S1", FALSE,
    "threshold", TRUE, "18.5" },
  { "unknown-item", "thresholds.csv", "41,male,pull_up,95,", "41,male,push_up,95,18,high,S1", FALSE,
    "item", TRUE, "push_up" },
  { "unknown-group", "thresholds.csv", "41,male,pull_up,95,", "45,male,pull_up,95,18,high,S1", FALSE,
    "group", TRUE, "45" },
  { "unknown-sex", "thresholds.csv", "41,male,pull_up,95,", "41,boys,pull_up,95,18,high,S1", FALSE,
    "sex", TRUE, "boys" },
  { "unknown-confidence", "thresholds.csv", "41,male,pull_up,95,", "41,male,pull_up,95,18,certain,S1", FALSE,
    "confidence", TRUE, "certain" },
  { "unknown-source", "thresholds.csv", "41,male,pull_up,95,", "41,male,pull_up,95,18,high,S99", FALSE,
    "source", TRUE, "S99" },
  { "missing-table", "thresholds.csv", "21,female,run_800m,", NULL, TRUE,
    "item", FALSE, "800米跑" },
  { "weights-not-100", "weights.csv", "11..12,both,bmi,", "11..12,both,bmi,20", FALSE,
    NULL, FALSE, "105" },
  { "weight-missing", "weights.csv", "13..14,both,sit_up_1min,", NULL, FALSE,
    NULL, FALSE, "一分钟仰卧起坐" },
  { "bad-range", "weights.csv", "11..12,both,bmi,", "11..19,both,bmi,15", FALSE,
    "group", TRUE, "11..19" },
  { "unknown-unit", "items.csv", "vital_capacity,", "vital_capacity,04,肺活量,肺活量,mL,higher,0,number,,score", FALSE,
    "unit", TRUE, "mL" },
  { "unknown-better", "items.csv", "vital_capacity,", "vital_capacity,04,肺活量,肺活量,ml,more,0,number,,score", FALSE,
    "better", TRUE, "more" },
  { "bmi-gap", "bands.csv", "11,female,bmi,,,100,", "11,female,bmi,,,100,13.4,17.3,正常,medium-high,S4 T1", FALSE,
    "min", TRUE, "13.3" },
  { "bmi-overlap", "bands.csv", "11,female,bmi,,,100,", "11,female,bmi,,,100,13.1,17.3,正常,medium-high,S4 T1", FALSE,
    "min", TRUE, "13.1" },
  { "bonus-not-rising", "bonus.csv", "41..44,male,pull_up,5,", "41..44,male,pull_up,5,3,high,S2 S3", FALSE,
    "excess", TRUE, NULL },
  { "bonus-over-cap", "bonus.csv", "41..44,male,pull_up,10,", "41..44,male,pull_up,30,10,high,S2 S3", FALSE,
    "bonus", TRUE, "30" },
  { "grades-no-floor", "grades.csv", "*,0,", NULL, FALSE,
    NULL, FALSE, "0" },
  { "grades-duplicate", "grades.csv", "*,80.0,", "*,90.0,良好", FALSE,
    "min_total", FALSE, NULL },
  { "item-levels-no-floor", "item_levels.csv", "*,0,", NULL, FALSE,
    NULL, FALSE, "min_score" },
  { "item-levels-same-min", "item_levels.csv", "*,80,", "*,90,良好", FALSE,
    "min_score", TRUE, NULL },
  { "item-levels-twice", "item_levels.csv", "*,80,", "*,80,优秀", FALSE,
    "level", TRUE, "优秀" },
  { "item-levels-over-100", "item_levels.csv", "*,90,", "*,190,优秀", FALSE,
    "min_score", TRUE, "190" },
  { "item-levels-fraction", "item_levels.csv", "*,90,", "*,89.5,优秀", FALSE,
    "min_score", TRUE, "89.5" },
  { "item-levels-no-name", "item_levels.csv", "*,60,", "*,60,", FALSE,
    "level", TRUE, NULL },
  { "item-levels-unknown-part", "item_levels.csv", "*,90,", "大专,90,优秀", FALSE,
    "part", TRUE, "大专" },
  { "alias-dangling", "groups.csv", "24,", "24,初中四年级,初中,,,29", FALSE,
    "same_as", TRUE, "29" },
  { "group-twice", "groups.csv", "12,", "11,小学二年级,小学,,,", FALSE,
    "group", TRUE, "11" },
  { "bad-shape", "standard.ini", "shape=", "shape=summed", FALSE,
    NULL, FALSE, "summed" },
  { "no-id", "standard.ini", "id=", "", FALSE,
    NULL, FALSE, "id" },
};

static void
test_breakage (gconstpointer data)
{
  const Breakage *b = data;
  g_autofree char *dir = copy_standard ();
  guint row = edit_line (dir, b->file, b->prefix, b->line, b->all);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = dabiao_standard_check_dir (dir, &error);
  g_autoptr(DabiaoStandard) std = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      const char *msg = problems->pdata[i];
      g_autofree char *row_text = g_strdup_printf (" %u ", row);

      g_test_message ("%s", msg);
      if (!g_str_has_prefix (msg, b->file) && !(g_str_equal (b->name, "missing-table")))
        continue;
      if (b->at_row && strstr (msg, row_text) == NULL)
        continue;
      if (b->column != NULL && strstr (msg, b->column) == NULL)
        continue;
      if (b->fragment != NULL && strstr (msg, b->fragment) == NULL)
        continue;
      found = TRUE;
    }
  if (!found)
    g_error ("%s: no message names %s row %u column %s with “%s”", b->name, b->file, row,
             b->column ? b->column : "-", b->fragment ? b->fragment : "");

  /* A broken standard does not load. */
  std = dabiao_standard_load_from_dir (dir, &error);
  g_assert_null (std);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_STANDARD);

  remove_dir (dir);
}

static void
test_missing_file (void)
{
  g_autofree char *dir = copy_standard ();
  g_autofree char *items = g_build_filename (dir, "items.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_remove (items);
  problems = dabiao_standard_check_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "items.csv"));
  remove_dir (dir);

  g_assert_null (dabiao_standard_check_dir ("/nonexistent/standard", &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND);
}

/* Rows are counted as a spreadsheet does, header = 1, with a BOM and CRLF. */
static void
test_bom_crlf_rows (void)
{
  g_autofree char *dir = copy_standard ();
  g_autofree char *path = g_build_filename (dir, "weights.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) s = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  s = g_string_new ("\xEF\xBB\xBF");
  g_string_append (s, contents);
  g_string_replace (s, "\n", "\r\n", 0);
  g_string_replace (s, "11..12,both,vital_capacity,15", "11..12,both,vital_capacity,x", 1);
  g_file_set_contents (path, s->str, -1, &error);
  g_assert_no_error (error);

  problems = dabiao_standard_check_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);
  /* "11..12,both,vital_capacity" is the third line: row 3. */
  g_assert_nonnull (strstr (problems->pdata[0], "weights.csv"));
  g_assert_nonnull (strstr (problems->pdata[0], " 3 "));
  g_assert_nonnull (strstr (problems->pdata[0], "weight"));
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dabiao/standard/check/shipped-valid", test_shipped_valid);
  g_test_add_func ("/dabiao/standard/check/missing-file", test_missing_file);
  g_test_add_func ("/dabiao/standard/check/bom-crlf-rows", test_bom_crlf_rows);
  for (guint i = 0; i < G_N_ELEMENTS (breakages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dabiao/standard/check/broken/%s", breakages[i].name);
      g_test_add_data_func (path, &breakages[i], test_breakage);
    }

  return g_test_run ();
}
