/* test-write-fixed.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* dabiao_table_writer_add_fixed(), the fixed-point number text of the batch
 * scorer's CSV output: its fast path (under 100000, 0 or 1 decimal: digits
 * put together in a register) and its general path, against printf on
 * every value of the fast path's range and its edges, for 0–3 decimals,
 * negative numbers, the extremes of gint64, first and later cells. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "dabiao-table.h"

/* What add_fixed() must write for @value in units of 10^-@decimals. */
static char *
expected (gint64  value,
          guint   decimals)
{
  gboolean negative = value < 0;
  guint64 v = negative ? -(guint64) value : (guint64) value;
  guint64 unit = 1;

  for (guint i = 0; i < decimals; i++)
    unit *= 10;
  if (decimals == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, negative ? "-" : "", v);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          negative ? "-" : "", v / unit, (int) decimals, v % unit);
}

/* Writes @n values, one row of @per_row cells at a time, and compares the
 * file with the expected text. */
static void
check_values (const gint64 *values,
              gsize         n,
              guint         decimals,
              guint         per_row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dabiao-fixed-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "fixed.csv", NULL);
  g_autoptr(DabiaoTableWriter) writer = NULL;
  g_autoptr(GString) want = g_string_new ("\xEF\xBB\xBF");
  g_autofree char *got = NULL;
  gsize len;

  g_assert_no_error (error);
  writer = dabiao_table_writer_new (path, NULL, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *text = expected (values[i], decimals);

      if (i % per_row != 0)
        g_string_append_c (want, ',');
      g_string_append (want, text);
      dabiao_table_writer_add_fixed (writer, values[i], decimals);
      if (i % per_row == per_row - 1 || i == n - 1)
        {
          g_string_append (want, "\r\n");
          g_assert_true (dabiao_table_writer_end_row (writer, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_true (dabiao_table_writer_close (writer, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &got, &len, &error));
  g_assert_no_error (error);
  if (len != want->len || memcmp (got, want->str, len) != 0)
    {
      gsize i = 0;

      while (i < len && i < want->len && got[i] == want->str[i])
        i++;
      g_error ("decimals %u: output differs at byte %" G_GSIZE_FORMAT ": “%.40s” instead of “%.40s”",
               decimals, i, got + MIN (i, len), want->str + i);
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_fast_range (void)
{
  /* Every value the fast path takes, and past its end, in both signs. */
  gsize n = 2 * 100100;
  g_autofree gint64 *values = g_new (gint64, n);

  for (gsize i = 0; i < n; i++)
    values[i] = (gint64) i - 100100;
  for (guint decimals = 0; decimals <= 3; decimals++)
    check_values (values, n, decimals, 17);
}

static void
test_extremes (void)
{
  static const gint64 values[] = {
    0, 1, -1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 99999, 100000, 100001,
    G_MAXUINT32, (gint64) G_MAXUINT32 + 1, G_MAXINT64, G_MININT64 + 1, G_MININT64,
    G_GINT64_CONSTANT (1234567890123), -G_GINT64_CONSTANT (1234567890123),
  };

  for (guint decimals = 0; decimals <= 10; decimals++)
    {
      check_values (values, G_N_ELEMENTS (values), decimals, 1);
      check_values (values, G_N_ELEMENTS (values), decimals, G_N_ELEMENTS (values));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dabiao/standard/write-fixed/fast-range", test_fast_range);
  g_test_add_func ("/dabiao/standard/write-fixed/extremes", test_extremes);
  return g_test_run ();
}
