/* test-reliability.c: kill -9, full disk, read-only and damaged files
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dabiao-error.h"
#include "dabiao-event-private.h"
#include "dabiao-i18n.h"
#include "dabiao-test-event.h"
#include "dabiao-test-vfs.h"

static char *tmp_dir;

#define N_PEOPLE 300

static DabiaoEvent *
new_event_at (const char *path)
{
  return dabiao_test_event_new (path, "可靠性", N_PEOPLE, "某某省某某市某某区某某街道某某号");
}

static gboolean
has_measurement (DabiaoEvent *event,
                 const char  *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoMeasurement) m = dabiao_event_get_measurement (event, uuid, &error);

  return m != NULL;
}

/* ---- kill -9 ------------------------------------------------------------ */

static void
test_kill_loop (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "kill.dabiao", NULL);
  g_autofree char *recorder = g_test_build_filename (G_TEST_BUILT, "event", "event-recorder", NULL);
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *people = g_strdup_printf ("%u", N_PEOPLE);
  guint rounds = 50;
  guint killed_mid_stream = 0;

  if (!g_file_test (recorder, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_free (recorder);
      recorder = g_build_filename (g_getenv ("DABIAO_BUILD_ROOT"), "tests", "event", "event-recorder", NULL);
    }
  g_clear_object (&(DabiaoEvent *) { new_event_at (path) });

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoEvent) event = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(GPtrArray) present = NULL;
      g_autoptr(GHashTable) uuids = NULL;
      g_autofree char *station = g_strdup_printf ("测试点%u", round % 3);
      const char *argv[] = { recorder, path, people, station, NULL };
      GPid pid;
      int out_fd;
      int status;
      FILE *out;
      char line[128];
      guint before = saved->len;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);

      /* Most rounds: once it is recording, let it run 0–40 ms more and
       * kill it wherever it is.  Every fifth round: kill it at a random
       * moment from its start (opening, migrating, first commit). */
      out = fdopen (out_fd, "r");
      if (round % 5 == 4)
        g_usleep (g_random_int_range (0, 30000));
      else
        {
          if (fgets (line, sizeof line, out) != NULL)
            {
              g_strchomp (line);
              if (strlen (line) == 36)
                g_ptr_array_add (saved, g_strdup (line));
            }
          g_usleep (g_random_int_range (0, 40000));
        }
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_spawn_close_pid (pid);

      /* Everything it printed was saved. */
      while (fgets (line, sizeof line, out) != NULL)
        {
          g_strchomp (line);
          if (strlen (line) == 36)
            g_ptr_array_add (saved, g_strdup (line));
        }
      fclose (out);
      if (saved->len > before)
        killed_mid_stream++;

      event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
      g_assert_no_error (error);
      present = dabiao_event_list_measurements (event, NULL, &error);
      g_assert_no_error (error);
      uuids = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < present->len; i++)
        g_hash_table_add (uuids, (char *) dabiao_measurement_get_uuid (g_ptr_array_index (present, i)));
      for (guint i = 0; i < saved->len; i++)
        if (!g_hash_table_contains (uuids, g_ptr_array_index (saved, i)))
          g_error ("round %u: measurement %s was reported saved but is missing",
                   round, (const char *) g_ptr_array_index (saved, i));
      if (!dabiao_event_verify (event, &problems, &error))
        g_error ("round %u: %s: %s", round, error->message,
                 problems->len > 0 ? (const char *) g_ptr_array_index (problems, 0) : "");
    }

  g_test_message ("%u rounds, %u measurements reported saved and found, %u rounds recorded something",
                  rounds, saved->len, killed_mid_stream);
  g_assert_cmpuint (killed_mid_stream, >=, rounds * 3 / 5);
}

/* ---- a VFS that can run out of disk ------------------------------------- */

static gboolean disk_full;

static int
full_write (int            open_flags,
            const void    *buf,
            int            n,
            sqlite3_int64  offset)
{
  return disk_full ? SQLITE_FULL : DABIAO_TEST_VFS_PASS;
}

static void
check_full_disk_behaviour (const char *path,
                           DabiaoEvent *event,
                           gboolean   (*make_full) (gpointer),
                           gpointer     data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DabiaoEvent) reopened = NULL;
  gboolean failed = FALSE;

  for (guint i = 0; i < 5000 && !failed; i++)
    {
      g_autofree char *id = g_strdup_printf ("P%05u", i % N_PEOPLE);
      g_autoptr(DabiaoMeasurement) m = NULL;
      g_autoptr(GBytes) frame = g_bytes_new_take (g_strnfill (200, 'x'), 200);
      DabiaoRecordRequest request = { .participant_id = id, .item = "vital_capacity",
                                      .has_value = TRUE, .value = 2000 + i, .raw_frame = frame,
                                      .source = DABIAO_SOURCE_INSTRUMENT, .instrument_id = "FHL-1" };

      if (i == 20 && make_full != NULL)
        make_full (data);
      m = dabiao_event_record (event, &request, &error);
      if (m == NULL)
        {
          g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
          g_assert_nonnull (strstr (error->message, "磁盘已满"));
          g_clear_error (&error);
          failed = TRUE;
        }
      else
        g_ptr_array_add (saved, g_strdup (dabiao_measurement_get_uuid (m)));
    }
  g_assert_true (failed);
  g_assert_cmpuint (saved->len, >=, make_full != NULL ? 20 : 5);
  g_test_message ("disk full after %u measurements", saved->len);
  disk_full = FALSE;
  dabiao_event_close (event);

  /* Nothing saved is lost, nothing is corrupted. */
  reopened = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < saved->len; i++)
    g_assert_true (has_measurement (reopened, g_ptr_array_index (saved, i)));
  g_assert_true (dabiao_event_verify (reopened, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
set_disk_full (gpointer data)
{
  disk_full = TRUE;
  return TRUE;
}

static void
test_full_disk_vfs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "full.dabiao", NULL);
  g_autoptr(DabiaoEvent) event = NULL;

  g_clear_object (&(DabiaoEvent *) { new_event_at (path) });
  event = _dabiao_event_open_with_vfs (path, DABIAO_EVENT_OPEN_NONE, "dabiao-test-full", &error);
  g_assert_no_error (error);
  check_full_disk_behaviour (path, event, set_disk_full, NULL);
}

/* A real small file system, where the test may mount one (root). */
static char *
mount_tmpfs (const char *name,
             const char *options)
{
  char *dir = g_build_filename (tmp_dir, name, NULL);

  g_mkdir_with_parents (dir, 0755);
  if (getuid () != 0 || mount ("tmpfs", dir, "tmpfs", 0, options) != 0)
    {
      g_free (dir);
      return NULL;
    }
  return dir;
}

static void
test_full_disk_tmpfs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mount_tmpfs ("small", "size=1m");
  g_autofree char *path = NULL;
  g_autoptr(DabiaoEvent) event = NULL;

  if (dir == NULL)
    {
      g_test_skip ("cannot mount a small tmpfs here (not root); the VFS test covers a full disk");
      return;
    }
  path = g_build_filename (dir, "full.dabiao", NULL);
  event = new_event_at (path);
  check_full_disk_behaviour (path, event, NULL, NULL);
  g_clear_object (&event);
  g_assert_cmpint (umount (dir), ==, 0);
}

/* ---- read-only ---------------------------------------------------------- */

static void
test_read_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mount_tmpfs ("ro", "size=2m");
  g_autofree char *path = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoEvent) reader = NULL;
  g_autoptr(DabiaoMeasurement) m = NULL;
  g_autofree char *uuid = NULL;
  DabiaoRecordRequest request = { .participant_id = "P00001", .item = "height", .has_value = TRUE, .value = 170 };

  if (dir == NULL)
    {
      if (getuid () == 0)
        {
          g_test_skip ("root, and no tmpfs to make read-only");
          return;
        }
      dir = g_build_filename (tmp_dir, "ro", NULL);
    }
  path = g_build_filename (dir, "ro.dabiao", NULL);
  event = new_event_at (path);
  m = dabiao_event_record (event, &request, &error);
  g_assert_no_error (error);
  uuid = g_strdup (dabiao_measurement_get_uuid (m));
  dabiao_event_close (event);
  g_clear_object (&event);

  if (getuid () == 0)
    g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", MS_REMOUNT | MS_RDONLY, "size=2m"), ==, 0);
  else
    g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  /* Opening for writing: a clear refusal, nothing touched. */
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "ro.dabiao"));
  g_assert_null (event);
  g_clear_error (&error);

  /* Reading still works, and the saved row is there. */
  reader = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (has_measurement (reader, uuid));
  g_assert_true (dabiao_event_verify (reader, NULL, &error));
  g_assert_no_error (error);
  /* A write through a read-only event is refused. */
  g_clear_object (&m);
  m = dabiao_event_record (reader, &request, &error);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
  g_clear_object (&reader);

  if (getuid () == 0)
    g_assert_cmpint (umount (dir), ==, 0);
}

/* ---- damaged files ------------------------------------------------------ */

static void
assert_refused (const char *path,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);

  if (event != NULL)
    g_error ("%s: a damaged file was opened", what);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE);
  g_test_message ("%s: %s", what, error->message);
  g_assert_true (strstr (error->message, "损坏") != NULL);
}

static void
test_damaged (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "damaged.dabiao", NULL);
  g_autofree char *copy = g_build_filename (tmp_dir, "damaged-copy.dabiao", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  {
    g_autoptr(DabiaoEvent) event = new_event_at (path);

    for (guint i = 0; i < 50; i++)
      {
        g_autofree char *id = g_strdup_printf ("P%05u", i);
        DabiaoRecordRequest request = { .participant_id = id, .item = "height", .has_value = TRUE, .value = 160 };

        g_clear_object (&(DabiaoMeasurement *) { dabiao_event_record (event, &request, NULL) });
      }
  }
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 32768);

  /* Truncated to nothing, inside the header, and halfway. */
  g_assert_true (g_file_set_contents (copy, "", 0, NULL));
  assert_refused (copy, "empty");
  g_assert_true (g_file_set_contents (copy, contents, 60, NULL));
  assert_refused (copy, "60 bytes");
  g_assert_true (g_file_set_contents (copy, contents, length / 2, NULL));
  assert_refused (copy, "half");

  /* Garbage over the pages after the first. */
  {
    g_autofree char *garbled = g_memdup2 (contents, length);

    for (gsize i = 4096; i < length; i++)
      garbled[i] = (char) (i * 7 + 13);
    g_assert_true (g_file_set_contents (copy, garbled, length, NULL));
    assert_refused (copy, "garbled pages");
  }
  /* A few bytes changed in the middle of a b-tree page. */
  {
    g_autofree char *garbled = g_memdup2 (contents, length);

    memset (garbled + 4096 + 8, 0xff, 16);
    g_assert_true (g_file_set_contents (copy, garbled, length, NULL));
    assert_refused (copy, "page header");
  }
}

int
main (int argc, char *argv[])
{
  int status;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  dabiao_test_vfs_register ("dabiao-test-full", NULL, full_write);
  tmp_dir = g_dir_make_tmp ("dabiao-reliability-XXXXXX", NULL);

  g_test_add_func ("/reliability/kill-loop", test_kill_loop);
  g_test_add_func ("/reliability/full-disk-vfs", test_full_disk_vfs);
  g_test_add_func ("/reliability/full-disk-tmpfs", test_full_disk_tmpfs);
  g_test_add_func ("/reliability/read-only", test_read_only);
  g_test_add_func ("/reliability/damaged", test_damaged);

  status = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_warning ("could not remove %s", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
