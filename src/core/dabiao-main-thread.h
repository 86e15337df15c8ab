/* dabiao-main-thread.h: which thread may block
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The app runs GTK on one thread and must never wait there for sqlite, a
 * file or a port: those calls go through an event's worker or a GTask
 * thread.  The app declares its main thread at start-up; from then on a
 * blocking core call (every synchronous DabiaoEvent call that touches the
 * file) made on that thread is reported: g_error() (an abort) with
 * DABIAO_MAIN_THREAD_ABORT, g_critical() otherwise.
 *
 * The CLI and the core tests never declare a main thread, so their
 * synchronous calls are unaffected.  The app's tests declare it with
 * DABIAO_MAIN_THREAD_IN_LOOP: then only calls made while the main loop
 * dispatches (the app's callbacks) are checked, not the test's own set-up
 * and checks at main depth 0. */
typedef enum
{
  DABIAO_MAIN_THREAD_WARN    = 0,
  DABIAO_MAIN_THREAD_ABORT   = 1 << 0,
  DABIAO_MAIN_THREAD_IN_LOOP = 1 << 1,
} DabiaoMainThreadCheck;

void     dabiao_main_thread_declare    (DabiaoMainThreadCheck check);
gboolean dabiao_main_thread_is_current (void);
gboolean dabiao_main_thread_is_declared (void);

/* Put at the start of a core function that blocks (see above). */
#define DABIAO_BLOCKING_CALL() _dabiao_main_thread_check (G_STRFUNC)

void     _dabiao_main_thread_check     (const char *function);

G_END_DECLS
