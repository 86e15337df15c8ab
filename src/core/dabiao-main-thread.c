/* dabiao-main-thread.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-main-thread.h"

static GThread *main_thread;   /* atomic; NULL until the app declares it */
static gint     check_flags;   /* atomic: DabiaoMainThreadCheck */

#define MESSAGE "%s() blocks and was called on the main thread; " \
                "use its _async form or dabiao_event_run_in_worker() (HACKING.md, \"Threads\")"

/**
 * dabiao_main_thread_declare:
 * @check: what a blocking call on this thread does, and when it is checked
 *
 * Declares the calling thread as the app's main (GTK) thread.
 */
void
dabiao_main_thread_declare (DabiaoMainThreadCheck check)
{
  g_atomic_int_set (&check_flags, check);
  g_atomic_pointer_set (&main_thread, g_thread_self ());
}

/**
 * dabiao_main_thread_is_current:
 *
 * Returns: whether the caller runs on the declared main thread
 */
gboolean
dabiao_main_thread_is_current (void)
{
  GThread *main = g_atomic_pointer_get (&main_thread);

  return main != NULL && main == g_thread_self ();
}

/**
 * dabiao_main_thread_is_declared:
 *
 * Returns: whether a main thread was declared: whether this process is the
 * app (or an app test), not the CLI
 */
gboolean
dabiao_main_thread_is_declared (void)
{
  return g_atomic_pointer_get (&main_thread) != NULL;
}

void
_dabiao_main_thread_check (const char *function)
{
  int flags;

  if (G_LIKELY (!dabiao_main_thread_is_current ()))
    return;
  flags = g_atomic_int_get (&check_flags);
  if ((flags & DABIAO_MAIN_THREAD_IN_LOOP) && g_main_depth () == 0)
    return;

  if (flags & DABIAO_MAIN_THREAD_ABORT)
    g_log (G_LOG_DOMAIN, G_LOG_LEVEL_ERROR, MESSAGE, function);
  else
    g_log (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, MESSAGE, function);
}
