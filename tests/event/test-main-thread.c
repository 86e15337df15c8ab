/* test-main-thread.c: a blocking event call on the app's main thread is caught
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "dabiao-event.h"
#include "dabiao-i18n.h"
#include "dabiao-main-thread.h"

static char *tmp_dir;

/* A small event, made before any main thread is declared (as the CLI and
 * the core tests do). */
static DabiaoEvent *
make_event (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  DabiaoEventInfo info = { .name = "线程", .standard = "student-2014", .date = "2026-12-06" };
  g_autoptr(GError) error = NULL;
  DabiaoEvent *event;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  return event;
}

typedef struct
{
  DabiaoEvent *event;
  GMainLoop   *loop;
  gboolean     done;
} Call;

/* Runs inside the main loop, as an app's callback does. */
static gboolean
count_in_loop_cb (gpointer data)
{
  Call *call = data;

  dabiao_event_count_participants (call->event, NULL, NULL);
  call->done = TRUE;
  g_main_loop_quit (call->loop);
  return G_SOURCE_REMOVE;
}

static void
count_in_loop (DabiaoEvent *event)
{
  Call call = { event, g_main_loop_new (NULL, FALSE), FALSE };

  g_idle_add (count_in_loop_cb, &call);
  g_main_loop_run (call.loop);
  g_main_loop_unref (call.loop);
  g_assert_true (call.done);
}

static void
count_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_task_return_int (task, dabiao_event_count_participants (source, NULL, NULL));
}

static void
counted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *call = user_data;

  g_assert_cmpint (g_task_propagate_int (G_TASK (result), NULL), ==, 0);
  call->done = TRUE;
  g_main_loop_quit (call->loop);
}

/* Not declared (the CLI, core tests): synchronous calls anywhere. */
static void
test_undeclared (void)
{
  g_autoptr(DabiaoEvent) event = make_event ("undeclared.dabiao");

  g_assert_false (dabiao_main_thread_is_current ());
  count_in_loop (event);
}

/* Declared: the same call from a main-loop callback aborts, naming it. */
static void
test_sync_call_in_loop_aborts (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(DabiaoEvent) event = make_event ("in-loop.dabiao");

      dabiao_main_thread_declare (DABIAO_MAIN_THREAD_ABORT);
      count_in_loop (event);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*dabiao_event_count_participants() blocks and was called on the main thread*");
}

/* Declared strictly (the app): even outside the loop. */
static void
test_sync_open_aborts (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (tmp_dir, "strict.dabiao", NULL);
      g_autoptr(DabiaoEvent) event = make_event ("strict.dabiao");

      dabiao_event_close (event);
      dabiao_main_thread_declare (DABIAO_MAIN_THREAD_ABORT);
      g_clear_object (&event);
      event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*dabiao_event_open() blocks and was called on the main thread*");
}

/* Without ABORT: a critical warning, and the call still runs. */
static void
test_warn (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(DabiaoEvent) event = make_event ("warn.dabiao");

      dabiao_main_thread_declare (DABIAO_MAIN_THREAD_WARN);
      g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*dabiao_event_count_participants()*");
      count_in_loop (event);
      g_test_assert_expected_messages ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Declared for tests (IN_LOOP): the test's own calls at depth 0, the
 * worker, other threads and handing work to the worker are all fine. */
static void
test_allowed (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(DabiaoEvent) event = make_event ("allowed.dabiao");
      Call call = { event, g_main_loop_new (NULL, FALSE), FALSE };
      GTask *task;

      dabiao_main_thread_declare (DABIAO_MAIN_THREAD_ABORT | DABIAO_MAIN_THREAD_IN_LOOP);
      g_assert_true (dabiao_main_thread_is_current ());
      g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, 0);

      task = g_task_new (event, NULL, counted_cb, &call);
      dabiao_event_run_in_worker (event, task, count_thread);
      g_object_unref (task);
      g_main_loop_run (call.loop);
      g_assert_true (call.done);

      call.done = FALSE;
      task = g_task_new (event, NULL, counted_cb, &call);
      g_task_run_in_thread (task, count_thread);
      g_object_unref (task);
      g_main_loop_run (call.loop);
      g_assert_true (call.done);
      g_main_loop_unref (call.loop);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  int status;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("dabiao-main-thread-XXXXXX", NULL);

  g_test_add_func ("/main-thread/undeclared", test_undeclared);
  g_test_add_func ("/main-thread/sync-call-in-loop-aborts", test_sync_call_in_loop_aborts);
  g_test_add_func ("/main-thread/sync-open-aborts", test_sync_open_aborts);
  g_test_add_func ("/main-thread/warn", test_warn);
  g_test_add_func ("/main-thread/allowed", test_allowed);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
