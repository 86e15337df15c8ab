/* fuzz-event.c: libFuzzer target for opening event files (random and
 * mutated sqlite files)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is saved as an event file and opened read-only, as `merge`
 * opens the other file; when it opens: verify, the roster, every
 * measurement and the results of the first participants.  Invariants: no
 * crash or sanitizer report, every failure one DABIAO_ERROR.  Built and run
 * by run-fuzz.sh (long runs, not in CI); the corpus starts from
 * tests/fuzz/corpus/event (small event files at each schema version).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "dabiao-error.h"
#include "dabiao-event.h"
#include "fuzz-input.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *path;

static void
check_error (const GError *error)
{
  if (error != NULL && error->domain != DABIAO_ERROR)
    {
      g_printerr ("bad error: %s (%s %d)\n", error->message, g_quark_to_string (error->domain), error->code);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;

  if (path == NULL)
    path = fuzz_input_path ("dabiao");
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  g_unlink (wal);
  g_unlink (shm);
  fuzz_write_input (path, data, size);

  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  check_error (error);
  if (event != NULL)
    {
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GPtrArray) people = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      dabiao_event_verify (event, &problems, &error);
      check_error (error);
      g_clear_error (&error);
      people = dabiao_event_list_participants (event, NULL, 0, 5, &error);
      check_error (error);
      g_clear_error (&error);
      rows = dabiao_event_list_measurements (event, NULL, &error);
      check_error (error);
      g_clear_error (&error);
      for (guint i = 0; people != NULL && i < people->len; i++)
        {
          g_autoptr(GPtrArray) results =
            dabiao_event_get_results (event, dabiao_participant_get_id (g_ptr_array_index (people, i)), &error);

          check_error (error);
          g_clear_error (&error);
        }
    }
  return 0;
}
