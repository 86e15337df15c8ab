/* fuzz-table.c: libFuzzer target for the table readers (csv, xlsx, xls)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FUZZ_FORMAT ("csv", "xlsx", "xls") is the extension the input is saved
 * under (fuzz-input.h: tmpfs, no fsync); the reader reads it to the end.  Invariants checked on every input:
 * no crash or sanitizer report, a failure is one DABIAO_ERROR naming the
 * file, every cell text is UTF-8 within Excel's cell limit, no row past
 * Excel's last.  Built and run by run-fuzz.sh (long runs, not in CI).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dabiao-error.h"
#include "dabiao-table.h"
#include "fuzz-input.h"

#ifdef __has_include
#if __has_include(<sanitizer/common_interface_defs.h>)
#include <pthread.h>
#include <sanitizer/common_interface_defs.h>
#define FUZZ_CHILD_RESET 1
#endif
#endif

#ifndef FUZZ_FORMAT
#error "FUZZ_FORMAT: csv, xlsx or xls"
#endif

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *path;
static char *name;

#ifdef FUZZ_CHILD_RESET
/* The .xls reader runs libfreexl in a forked child whose crash is the
 * expected way to fail: the parent names the file as damaged (decision
 * 0170).  The child inherits libFuzzer's death callback, which would file
 * the child's sanitizer report as this run's crash and stop the run.  So in
 * any child: the report goes to a file (child-asan.PID in the working
 * folder, kept for reading: a report whose stack is in Dabiao's own code is
 * a finding) and the child just exits. */
G_GNUC_NORETURN static void
child_death_cb (void)
{
  _exit (99);
}

static void
reset_in_child (void)
{
  __sanitizer_set_report_path ("child-asan");
  __sanitizer_set_death_callback (child_death_cb);
}
#endif

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoTableReader) reader = NULL;

  if (path == NULL)
    {
      path = fuzz_input_path (FUZZ_FORMAT);
      name = g_path_get_basename (path);
#ifdef FUZZ_CHILD_RESET
      pthread_atfork (NULL, NULL, reset_in_child);
#endif
    }
  fuzz_write_input (path, data, size);

  reader = dabiao_table_reader_open (path, NULL, &error);
  if (reader != NULL)
    {
      guint n = dabiao_table_reader_get_n_columns (reader);
      g_auto(GStrv) sheets = dabiao_table_reader_list_sheets (reader);

      (void) sheets;
      while (dabiao_table_reader_next_row (reader, &error))
        {
          if (dabiao_table_reader_get_row (reader) > 1048576)
            abort ();
          for (guint c = 0; c < n + 2; c++)
            {
              const DabiaoCell *cell = dabiao_table_reader_get_cell (reader, c);

              if (!g_utf8_validate (cell->text, -1, NULL) || g_utf8_strlen (cell->text, -1) > 32767)
                abort ();
            }
        }
    }
  if (error != NULL &&
      (error->domain != DABIAO_ERROR || strstr (error->message, name) == NULL ||
       !g_utf8_validate (error->message, -1, NULL)))
    {
      g_printerr ("bad error: %s (%s %d)\n", error->message, g_quark_to_string (error->domain), error->code);
      abort ();
    }
  return 0;
}
