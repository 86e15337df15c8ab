/* dabiao-test-vfs.h: an sqlite VFS for tests that injects errors
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* A hook sees every read or write of every file the VFS opens, with the
 * SQLITE_OPEN_* flags the file was opened with (SQLITE_OPEN_MAIN_DB,
 * SQLITE_OPEN_WAL …).  It returns DABIAO_TEST_VFS_PASS to let the real
 * file do the work, or an sqlite result code to return instead (a read
 * hook that fails should fill @buf, as sqlite expects of a short read). */
#define DABIAO_TEST_VFS_PASS (-1)

typedef int (*DabiaoTestVfsReadHook)  (int            open_flags,
                                       void          *buf,
                                       int            n,
                                       sqlite3_int64  offset);
typedef int (*DabiaoTestVfsWriteHook) (int            open_flags,
                                       const void    *buf,
                                       int            n,
                                       sqlite3_int64  offset);

/* Registers a VFS called @name over the default one (not as the default).
 * Its files have version 2 methods (no xFetch), so every page read goes
 * through xRead and the read hook.  Call once per name, from main(). */
void dabiao_test_vfs_register (const char             *name,
                               DabiaoTestVfsReadHook   read_hook,
                               DabiaoTestVfsWriteHook  write_hook);

G_END_DECLS
