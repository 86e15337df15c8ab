/* dabiao-secret.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The server password, kept in the desktop's keyring (libsecret, the Secret
 * Service) under the server's address, never in the event file or in
 * GSettings, and in this process's memory for the run (a lookup finds that
 * first): without a keyring a password typed still serves until Dabiao
 * closes.  Asynchronous: the keyring may ask the user to unlock it.
 * DABIAO_SECRET_BACKEND=memory keeps passwords in this process only (the
 * tests, which have no keyring). */
void     dabiao_secret_lookup_async  (const char           *url,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
/* Returns: (transfer full) (nullable): the password, NULL when none is
 * stored (not an error). */
char    *dabiao_secret_lookup_finish (GAsyncResult         *result,
                                      GError              **error);
/* @password empty or NULL: forget it.  Fails only when cancelled;
 * @in_keyring (nullable): FALSE when the keyring could not keep it (kept for
 * this run only). */
void     dabiao_secret_store_async   (const char           *url,
                                      const char           *password,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean dabiao_secret_store_finish  (GAsyncResult         *result,
                                      gboolean             *in_keyring,
                                      GError              **error);

G_END_DECLS
