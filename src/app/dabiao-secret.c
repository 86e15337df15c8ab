/* dabiao-secret.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "dabiao-secret.h"

static const SecretSchema *
server_schema (void)
{
  static const SecretSchema schema = {
    "cn.dabiao.Station.Server", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* ---- In memory ------------------------------------------------------------- */

/* Every password given in this run, by address: what a lookup finds first,
 * so that a computer without a keyring (no Secret Service) syncs with the
 * password typed until Dabiao closes, and the connection test and the sync
 * always use the same one.  DABIAO_SECRET_BACKEND=memory: only here (the
 * tests). */
G_LOCK_DEFINE_STATIC (memory);
static GHashTable *memory;

static gboolean
use_memory (void)
{
  return g_strcmp0 (g_getenv ("DABIAO_SECRET_BACKEND"), "memory") == 0;
}

static char *
memory_lookup (const char *url)
{
  char *password;

  G_LOCK (memory);
  password = memory != NULL ? g_strdup (g_hash_table_lookup (memory, url)) : NULL;
  G_UNLOCK (memory);
  return password;
}

static void
memory_store (const char *url,
              const char *password)
{
  G_LOCK (memory);
  if (memory == NULL)
    memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (password == NULL || *password == '\0')
    g_hash_table_remove (memory, url);
  else
    g_hash_table_insert (memory, g_strdup (url), g_strdup (password));
  G_UNLOCK (memory);
}

/* ---- Lookup --------------------------------------------------------------- */

static void
lookup_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      /* D-Bus's words are for a log, not for the station. */
      g_debug ("keyring lookup: %s", error->message);
      g_task_return_new_error (task, error->domain, error->code,
                               _("There is no keyring on this computer: enter the server's password in Preferences → Server (it is kept until Dabiao closes)"));
      g_error_free (error);
    }
  else
    {
      /* One kind of string for both paths: the caller g_free()s it. */
      g_task_return_pointer (task, g_strdup (password), g_free);
      secret_password_free (password);
    }
}

void
dabiao_secret_lookup_async (const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, dabiao_secret_lookup_async);
  {
    char *password = memory_lookup (url);

    if (password != NULL || use_memory ())
      {
        g_task_return_pointer (task, password, g_free);
        g_object_unref (task);
        return;
      }
  }
  secret_password_lookup (server_schema (), cancellable, lookup_ready_cb, task, "server", url, NULL);
}

char *
dabiao_secret_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Store ---------------------------------------------------------------- */

static void
store_ready_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_get_task_data (task) != NULL)
    secret_password_store_finish (result, &error);
  else
    secret_password_clear_finish (result, &error);
  /* Kept in this run's memory already: without a keyring it still works
   * until Dabiao closes (dabiao_secret_store_finish() says which). */
  if (error != NULL)
    {
      g_debug ("keyring store: %s", error->message);
      g_error_free (error);
      g_task_return_int (task, 0);
    }
  else
    g_task_return_int (task, 1);
}

void
dabiao_secret_store_async (const char          *url,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  gboolean forget = password == NULL || *password == '\0';

  g_task_set_source_tag (task, dabiao_secret_store_async);
  memory_store (url, password);
  if (use_memory ())
    {
      g_task_return_int (task, 1);
      g_object_unref (task);
      return;
    }
  if (forget)
    secret_password_clear (server_schema (), cancellable, store_ready_cb, task, "server", url, NULL);
  else
    {
      g_autofree char *label = g_strdup_printf (_("Dabiao server %s"), url);

      g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
      secret_password_store (server_schema (), SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                             store_ready_cb, task, "server", url, NULL);
    }
}

gboolean
dabiao_secret_store_finish (GAsyncResult  *result,
                            gboolean      *in_keyring,
                            GError       **error)
{
  gssize kept = g_task_propagate_int (G_TASK (result), error);

  if (in_keyring != NULL)
    *in_keyring = kept == 1;
  return kept >= 0;
}
