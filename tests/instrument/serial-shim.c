/* serial-shim.c: LD_PRELOAD library for the libserialport end-to-end test
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libserialport 0.1.1 cannot open a pseudo-terminal: sp_open() fails on the
 * modem-line ioctls (TIOCMGET …), which a pty does not have.  This library
 * answers exactly those ioctls, and only where the kernel says ENOTTY, so
 * that the real libserialport code path (open, configure, read, write,
 * drain, flush) runs against a pty.  Loaded only by that test.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <termios.h>



int
ioctl (int           fd,
       unsigned long request,
       ...)
{
  static int (*real_ioctl) (int, unsigned long, ...) = NULL;
  va_list args;
  void *arg;
  int ret;

  va_start (args, request);
  arg = va_arg (args, void *);
  va_end (args);

  if (real_ioctl == NULL)
    real_ioctl = (int (*) (int, unsigned long, ...)) dlsym (RTLD_NEXT, "ioctl");

  ret = real_ioctl (fd, request, arg);
  if (ret < 0 && errno == ENOTTY &&
      (request == TIOCMGET || request == TIOCMSET || request == TIOCMBIS || request == TIOCMBIC))
    {
      if (request == TIOCMGET && arg != NULL)
        *(int *) arg = TIOCM_DSR | TIOCM_CTS | TIOCM_CAR;
      errno = 0;
      return 0;
    }
  return ret;
}
