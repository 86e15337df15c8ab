/* fuzz-input.h: how the libFuzzer targets hand an input to code that opens
 * a path
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The readers open files by name, so each input is written to one file,
 * rewritten in place: in /dev/shm (tmpfs) when there is one, with plain
 * write(2) — no fsync, no temporary file and rename, which is what
 * g_file_set_contents() does and what held the csv target at ~20 runs a
 * second on a busy disk.
 */

#pragma once

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

/* A path for this process's input, ending in @suffix ("fuzz-PID.SUFFIX"). */
static inline char *
fuzz_input_path (const char *suffix)
{
  const char *dir = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0
                    ? "/dev/shm" : g_get_tmp_dir ();

  return g_strdup_printf ("%s/fuzz-%d.%s", dir, (int) getpid (), suffix);
}

/* Replaces the contents of @path with @data; aborts on failure (the run
 * cannot go on without its input). */
static inline void
fuzz_write_input (const char   *path,
                  const guint8 *data,
                  size_t        size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  while (fd >= 0 && size > 0)
    {
      ssize_t n = write (fd, data, size);

      if (n <= 0)
        break;
      data += n;
      size -= (size_t) n;
    }
  if (fd < 0 || size > 0 || close (fd) != 0)
    abort ();
}
