/* dabiao-test-vfs.c: an sqlite VFS for tests that injects errors
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-test-vfs.h"

/* Each registered VFS wraps the default one.  A file is the real file plus
 * the hooks of the VFS that opened it and the flags it was opened with; every
 * method but xRead/xWrite is passed straight through. */

typedef struct
{
  sqlite3_vfs             vfs;
  DabiaoTestVfsReadHook   read_hook;
  DabiaoTestVfsWriteHook  write_hook;
} TestVfs;

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
  TestVfs      *owner;
  int           flags;
} ShimFile;

#define SHIM(f) ((ShimFile *) (f))
#define REAL(f) (SHIM (f)->real)

static int
shim_close (sqlite3_file *f)
{
  int rc = REAL (f)->pMethods->xClose (REAL (f));

  sqlite3_free (REAL (f));
  return rc;
}

static int
shim_read (sqlite3_file  *f,
           void          *buf,
           int            n,
           sqlite3_int64  offset)
{
  DabiaoTestVfsReadHook hook = SHIM (f)->owner->read_hook;
  int rc = hook != NULL ? hook (SHIM (f)->flags, buf, n, offset) : DABIAO_TEST_VFS_PASS;

  if (rc != DABIAO_TEST_VFS_PASS)
    return rc;
  return REAL (f)->pMethods->xRead (REAL (f), buf, n, offset);
}

static int
shim_write (sqlite3_file  *f,
            const void    *buf,
            int            n,
            sqlite3_int64  offset)
{
  DabiaoTestVfsWriteHook hook = SHIM (f)->owner->write_hook;
  int rc = hook != NULL ? hook (SHIM (f)->flags, buf, n, offset) : DABIAO_TEST_VFS_PASS;

  if (rc != DABIAO_TEST_VFS_PASS)
    return rc;
  return REAL (f)->pMethods->xWrite (REAL (f), buf, n, offset);
}

static int shim_truncate (sqlite3_file *f, sqlite3_int64 size) { return REAL (f)->pMethods->xTruncate (REAL (f), size); }
static int shim_sync (sqlite3_file *f, int flags) { return REAL (f)->pMethods->xSync (REAL (f), flags); }
static int shim_file_size (sqlite3_file *f, sqlite3_int64 *s) { return REAL (f)->pMethods->xFileSize (REAL (f), s); }
static int shim_lock (sqlite3_file *f, int l) { return REAL (f)->pMethods->xLock (REAL (f), l); }
static int shim_unlock (sqlite3_file *f, int l) { return REAL (f)->pMethods->xUnlock (REAL (f), l); }
static int shim_check_reserved (sqlite3_file *f, int *r) { return REAL (f)->pMethods->xCheckReservedLock (REAL (f), r); }
static int shim_file_control (sqlite3_file *f, int op, void *a) { return REAL (f)->pMethods->xFileControl (REAL (f), op, a); }
static int shim_sector_size (sqlite3_file *f) { return REAL (f)->pMethods->xSectorSize (REAL (f)); }
static int shim_device_chars (sqlite3_file *f) { return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f)); }
static int shim_shm_map (sqlite3_file *f, int i, int sz, int e, void volatile **p) { return REAL (f)->pMethods->xShmMap (REAL (f), i, sz, e, p); }
static int shim_shm_lock (sqlite3_file *f, int o, int n, int fl) { return REAL (f)->pMethods->xShmLock (REAL (f), o, n, fl); }
static void shim_shm_barrier (sqlite3_file *f) { REAL (f)->pMethods->xShmBarrier (REAL (f)); }
static int shim_shm_unmap (sqlite3_file *f, int d) { return REAL (f)->pMethods->xShmUnmap (REAL (f), d); }

/* Version 2: no xFetch, so every page goes through xRead. */
static const sqlite3_io_methods shim_io = {
  2, shim_close, shim_read, shim_write, shim_truncate, shim_sync, shim_file_size, shim_lock,
  shim_unlock, shim_check_reserved, shim_file_control, shim_sector_size, shim_device_chars,
  shim_shm_map, shim_shm_lock, shim_shm_barrier, shim_shm_unmap, NULL, NULL,
};

static int
shim_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  sqlite3_vfs *real_vfs = vfs->pAppData;
  ShimFile *shim = (ShimFile *) file;
  int rc;

  shim->real = sqlite3_malloc (real_vfs->szOsFile);
  if (shim->real == NULL)
    return SQLITE_NOMEM;
  memset (shim->real, 0, real_vfs->szOsFile);
  shim->owner = (TestVfs *) vfs;
  shim->flags = flags;
  rc = real_vfs->xOpen (real_vfs, name, shim->real, flags, out_flags);
  if (rc != SQLITE_OK || shim->real->pMethods == NULL)
    {
      sqlite3_free (shim->real);
      shim->base.pMethods = NULL;
      return rc;
    }
  shim->base.pMethods = &shim_io;
  return SQLITE_OK;
}

void
dabiao_test_vfs_register (const char             *name,
                          DabiaoTestVfsReadHook   read_hook,
                          DabiaoTestVfsWriteHook  write_hook)
{
  sqlite3_vfs *real_vfs = sqlite3_vfs_find (NULL);
  TestVfs *test_vfs = g_new0 (TestVfs, 1);   /* registered for the life of the process */

  g_assert (sqlite3_vfs_find (name) == NULL);
  test_vfs->vfs = *real_vfs;
  test_vfs->vfs.zName = g_strdup (name);
  test_vfs->vfs.szOsFile = sizeof (ShimFile);
  test_vfs->vfs.pAppData = real_vfs;
  test_vfs->vfs.xOpen = shim_open;
  test_vfs->vfs.pNext = NULL;
  test_vfs->read_hook = read_hook;
  test_vfs->write_hook = write_hook;
  g_assert_cmpint (sqlite3_vfs_register (&test_vfs->vfs, 0), ==, SQLITE_OK);
}
