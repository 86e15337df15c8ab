/* test-concurrent-open.c: read-only opens beside a writer are never
 * reported as damaged files (issue 4)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dabiao-error.h"
#include "dabiao-event-private.h"
#include "dabiao-i18n.h"
#include "dabiao-test-event.h"
#include "dabiao-test-vfs.h"

#define N_PEOPLE 50
#define N_OPENS 200

static char *tmp_dir;

static DabiaoEvent *
new_event_at (const char *path)
{
  return dabiao_test_event_new (path, "并发打开", N_PEOPLE, NULL);
}

static void
record_one (DabiaoEvent *event,
            guint        i)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoMeasurement) m = NULL;
  g_autofree char *id = g_strdup_printf ("P%05u", i % N_PEOPLE);
  DabiaoRecordRequest request = { .participant_id = id, .item = "vital_capacity",
                                  .has_value = TRUE, .value = 1000 + i % 4000 };

  m = dabiao_event_record (event, &request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);
}

/* Opens PATH read-only N times while something else writes; every open
 * must succeed and see at least what the one before saw. */
static void
open_repeatedly (const char *path,
                 guint       n)
{
  gsize last = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoEvent) reader = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
      g_autoptr(GPtrArray) rows = NULL;

      if (reader == NULL)
        g_error ("read-only open %u of %u beside a writer failed: %s", i + 1, n, error->message);
      rows = dabiao_event_list_measurements (reader, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, >=, last);
      last = rows->len;
    }
  g_test_message ("%u read-only opens beside the writer, last saw %" G_GSIZE_FORMAT " measurements", n, last);
}

/* ---- a writer thread in the same process (the app's case) -------------- */

typedef struct
{
  DabiaoEvent *event;
  gint         stop;
  guint        recorded;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;

  while (!g_atomic_int_get (&writer->stop))
    record_one (writer->event, writer->recorded++);
  return NULL;
}

static void
test_thread_writer (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "thread.dabiao", NULL);
  g_autoptr(DabiaoEvent) event = new_event_at (path);
  g_autoptr(GError) error = NULL;
  Writer writer = { .event = event };
  GThread *thread;

  /* Checkpoint every few pages, so that readers keep meeting checkpoints
   * in progress (the moment sqlite can report a short read or busy). */
  g_assert_true (_dabiao_event_exec (event, "PRAGMA wal_autocheckpoint = 4", &error));
  g_assert_no_error (error);
  record_one (event, 0);

  thread = g_thread_new ("writer", writer_thread, &writer);
  open_repeatedly (path, N_OPENS);
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  g_test_message ("the writer recorded %u measurements meanwhile", writer.recorded);
  g_assert_cmpuint (writer.recorded, >, 0);
}

/* ---- a writer in another process (another program) --------------------- */

static void
test_process_writer (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "process.dabiao", NULL);
  g_autofree char *recorder = g_test_build_filename (G_TEST_BUILT, "event", "event-recorder", NULL);
  g_autofree char *people = g_strdup_printf ("%u", N_PEOPLE);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, path, people, "测试点1", NULL };
  char line[128];
  GPid pid;
  int out_fd;
  int status;
  FILE *out;

  if (!g_file_test (recorder, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_free (recorder);
      recorder = g_build_filename (g_getenv ("DABIAO_BUILD_ROOT"), "tests", "event", "event-recorder", NULL);
    }
  argv[0] = recorder;
  g_clear_object (&(DabiaoEvent *) { new_event_at (path) });

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  /* Wait for its first durable record, then keep opening while it goes on
   * (its pipe is drained by the kernel buffer; 64 KB is ~1,700 lines). */
  g_assert_nonnull (fgets (line, sizeof line, out));
  open_repeatedly (path, N_OPENS / 2);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (pid);
  fclose (out);
}

/* ---- injected errors: a VFS whose reads fail a set number of times ----- */

typedef enum
{
  INJECT_NONE,
  INJECT_WAL_SHORT_READ,   /* WAL frame reads return SQLITE_IOERR_SHORT_READ */
  INJECT_WAL_BUSY,         /* WAL frame reads return SQLITE_BUSY */
  INJECT_DB_ZERO_PAGE,     /* database page reads come back short, zero-filled */
} Inject;

static Inject inject;
static guint inject_remaining;
static guint inject_done;

static int
flaky_read (int            open_flags,
            void          *buf,
            int            n,
            sqlite3_int64  offset)
{
  if (inject_remaining == 0)
    return DABIAO_TEST_VFS_PASS;
  if ((inject == INJECT_WAL_SHORT_READ || inject == INJECT_WAL_BUSY)
      && (open_flags & SQLITE_OPEN_WAL) && offset >= 32 + 24)
    {
      inject_remaining--;
      inject_done++;
      memset (buf, 0, n);
      return inject == INJECT_WAL_BUSY ? SQLITE_BUSY : SQLITE_IOERR_SHORT_READ;
    }
  if (inject == INJECT_DB_ZERO_PAGE && (open_flags & SQLITE_OPEN_MAIN_DB) && offset >= 4096)
    {
      inject_remaining--;
      inject_done++;
      memset (buf, 0, n);
      return SQLITE_IOERR_SHORT_READ;
    }
  return DABIAO_TEST_VFS_PASS;
}

static DabiaoEvent *
open_injected (const char *path,
               Inject      what,
               guint       times,
               GError    **error)
{
  DabiaoEvent *event;

  inject = what;
  inject_remaining = times;
  inject_done = 0;
  event = _dabiao_event_open_with_vfs (path, DABIAO_EVENT_OPEN_READ_ONLY, "dabiao-test-flaky-read", error);
  inject = INJECT_NONE;
  inject_remaining = 0;
  return event;
}

static void
test_injected (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "injected.dabiao", NULL);
  g_autoptr(DabiaoEvent) writer = new_event_at (path);
  g_autoptr(GError) error = NULL;
  struct { Inject what; const char *name; int code; } cases[] = {
    { INJECT_WAL_SHORT_READ, "short read (522)", DABIAO_ERROR_IO },
    { INJECT_WAL_BUSY, "busy", DABIAO_ERROR_IN_USE },
    { INJECT_DB_ZERO_PAGE, "zero-filled page beside a WAL", DABIAO_ERROR_BAD_FILE },
  };

  /* Keep the writer open with everything it wrote still in the WAL, so a
   * reader takes pages from both files. */
  g_assert_true (_dabiao_event_exec (writer, "PRAGMA wal_autocheckpoint = 0", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    record_one (writer, i);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      /* A few failures: the open tries again and succeeds. */
      for (guint times = 1; times <= 3; times++)
        {
          g_autoptr(DabiaoEvent) reader = open_injected (path, cases[c].what, times, &error);

          if (reader == NULL)
            g_error ("%s ×%u: open failed: %s", cases[c].name, times, error->message);
          g_assert_cmpuint (inject_done, ==, times);
        }

      /* Failures that do not stop: an accurate message.  Only pages that
       * keep reading as zeros are a damaged file; a read that keeps
       * failing or a file that stays busy is not. */
      {
        g_autoptr(DabiaoEvent) reader = open_injected (path, cases[c].what, G_MAXUINT, &error);

        g_assert_null (reader);
        g_test_message ("%s, persistent: %s", cases[c].name, error->message);
        g_assert_error (error, DABIAO_ERROR, cases[c].code);
        if (cases[c].code == DABIAO_ERROR_BAD_FILE)
          g_assert_nonnull (strstr (error->message, "损坏"));
        else
          g_assert_null (strstr (error->message, "损坏"));
        g_clear_error (&error);
      }
    }

  /* And nothing was changed by any of it. */
  {
    g_autoptr(DabiaoEvent) reader = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
    g_autoptr(GPtrArray) rows = NULL;
    g_autoptr(GPtrArray) problems = NULL;

    g_assert_no_error (error);
    rows = dabiao_event_list_measurements (reader, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 200);
    g_assert_true (dabiao_event_verify (reader, &problems, &error));
    g_assert_no_error (error);
  }
}

int
main (int argc, char *argv[])
{
  int status;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  dabiao_test_vfs_register ("dabiao-test-flaky-read", flaky_read, NULL);
  tmp_dir = g_dir_make_tmp ("dabiao-concurrent-open-XXXXXX", NULL);

  g_test_add_func ("/concurrent-open/thread-writer", test_thread_writer);
  g_test_add_func ("/concurrent-open/process-writer", test_process_writer);
  g_test_add_func ("/concurrent-open/injected-errors", test_injected);

  status = g_test_run ();
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autoptr(GFileInfo) owned = info;
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
