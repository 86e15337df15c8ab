/* dabiao-transport.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dabiao-profile.h"

G_BEGIN_DECLS

/* Transports: a blocking-free byte pipe to one port.  Used from the
 * instrument's worker thread (never from the main loop): open, poll the fd,
 * read what is there, write.  Two kinds:
 *
 *   SERIAL  libserialport (sp_get_port_by_name, sp_open, sp_set_config_*,
 *           sp_nonblocking_read/write).  Real ports: /dev/ttyS*, ttyUSB*, ttyACM*.
 *   FD      open(2) + termios on any tty or fifo.  Pseudo-terminals (the
 *           simulator, tests), which libserialport 0.1.1 cannot open.
 */

typedef enum
{
  DABIAO_TRANSPORT_AUTO,
  DABIAO_TRANSPORT_FD,
  DABIAO_TRANSPORT_SERIAL,
} DabiaoTransportKind;

typedef struct _DabiaoTransport DabiaoTransport;

/* AUTO picks FD for paths that resolve to /dev/pts/N or to anything that is
 * not a character device with a /sys/class/tty entry, SERIAL otherwise. */
DabiaoTransportKind dabiao_transport_kind_for_path (const char *path);

DabiaoTransport *dabiao_transport_open   (DabiaoTransportKind          kind,
                                          const char                  *path,
                                          const DabiaoSerialSettings  *settings,
                                          GError                     **error);
void             dabiao_transport_close  (DabiaoTransport *transport);
DabiaoTransportKind dabiao_transport_get_kind (DabiaoTransport *transport);
/* A file descriptor to poll(2) for POLLIN. */
int              dabiao_transport_get_fd (DabiaoTransport *transport);
/* Read what is available, without blocking.  Returns the byte count, 0 if
 * nothing is there, -1 with @error set when the port is gone (hang-up,
 * unplug, I/O error). */
gssize           dabiao_transport_read   (DabiaoTransport  *transport,
                                          guint8           *buffer,
                                          gsize             size,
                                          GError          **error);
/* Write all of @data (waits at most @timeout_ms for the port to drain). */
gboolean         dabiao_transport_write  (DabiaoTransport  *transport,
                                          const guint8     *data,
                                          gsize             len,
                                          guint             timeout_ms,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoTransport, dabiao_transport_close)

/* A serial port as `dabiao-cli ports` and the station's port chooser list it. */
typedef struct
{
  char *path;          /* "/dev/ttyUSB0" */
  char *description;   /* "USB-Serial Controller" */
  char *transport;     /* "native", "usb", "bluetooth" */
  int   usb_vid;       /* -1 if not USB */
  int   usb_pid;
  char *serial_number; /* NULL if none */
  char *manufacturer;
  char *product;
} DabiaoPortInfo;

void       dabiao_port_info_free  (DabiaoPortInfo *info);
/* All serial ports libserialport sees (DabiaoPortInfo*). */
GPtrArray *dabiao_serial_list_ports (GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoPortInfo, dabiao_port_info_free)

G_END_DECLS
