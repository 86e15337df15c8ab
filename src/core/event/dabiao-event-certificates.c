/* dabiao-event-certificates.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-event-private.h"

/* The certificate book: issued certificates and their reprints. */

void
dabiao_certificate_free (DabiaoCertificate *certificate)
{
  if (certificate == NULL)
    return;
  g_free (certificate->uuid);
  g_free (certificate->number);
  g_free (certificate->participant_id);
  g_free (certificate->grade);
  g_free (certificate->issued_by);
  g_free (certificate);
}

DabiaoCertificate *
dabiao_event_add_certificate (DabiaoEvent  *self,
                              const char   *number,
                              const char   *participant_id,
                              const char   *grade,
                              double        total,
                              const char   *issued_by,
                              GError      **error)
{
  g_autoptr(DabiaoCertificate) certificate = g_new0 (DabiaoCertificate, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  gboolean exists = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (number != NULL && participant_id != NULL, NULL);

  certificate->uuid = g_uuid_string_random ();
  certificate->number = g_strdup (number);
  certificate->participant_id = g_strdup (participant_id);
  certificate->grade = g_strdup (grade != NULL ? grade : "");
  certificate->total = total;
  certificate->issued_by = g_strdup (issued_by != NULL ? issued_by : "");
  certificate->issued_at = g_get_real_time ();
  detail = g_strdup_printf ("%s → %s", number, participant_id);

  g_rec_mutex_lock (&self->mutex);
  if (!_dabiao_event_ensure_writable (self, error) || !_dabiao_event_participant_exists (self, participant_id, &exists, error))
    goto out;
  if (!exists)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Participant “%s” is not on the roster of “%s”"), participant_id, self->basename);
      goto out;
    }
  if (!_dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
    goto out;
  stmt = _dabiao_event_prepare (self,
                                "INSERT INTO certificates (uuid, number, participant_id, grade, total, issued_by, issued_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, certificate->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, certificate->number, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, certificate->participant_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, certificate->grade, -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 5, total);
      sqlite3_bind_text (stmt, 6, certificate->issued_by, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, certificate->issued_at);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          if ((sqlite3_extended_errcode (self->db)) == SQLITE_CONSTRAINT_UNIQUE)
            g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                         _("Certificate number %s has already been issued"), number);
          else
            _dabiao_event_set_db_error (self, error);
        }
      else
        ok = _dabiao_event_audit (self, "certificate", detail, error)
             && _dabiao_event_exec (self, "COMMIT", error);
    }
  if (!ok)
    _dabiao_event_rollback (self);

out:
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&certificate) : NULL;
}

GPtrArray *
dabiao_event_list_certificates (DabiaoEvent  *self,
                                GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_certificate_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  g_rec_mutex_lock (&self->mutex);
  if (_dabiao_event_ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self,
                                        "SELECT uuid, number, participant_id, grade, total, issued_by, issued_at,"
                                        " reprints FROM certificates ORDER BY number", error)) != NULL)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          DabiaoCertificate *c = g_new0 (DabiaoCertificate, 1);

          c->uuid = g_strdup (_dabiao_event_column_str (stmt, 0));
          c->number = g_strdup (_dabiao_event_column_str (stmt, 1));
          c->participant_id = g_strdup (_dabiao_event_column_str (stmt, 2));
          c->grade = g_strdup (_dabiao_event_column_str (stmt, 3));
          c->total = sqlite3_column_double (stmt, 4);
          c->issued_by = g_strdup (_dabiao_event_column_str (stmt, 5));
          c->issued_at = sqlite3_column_int64 (stmt, 6);
          c->reprints = sqlite3_column_int (stmt, 7);
          g_ptr_array_add (list, c);
        }
      if (rc != SQLITE_DONE)
        _dabiao_event_set_db_error (self, error);
      else
        ok = TRUE;
    }
  g_rec_mutex_unlock (&self->mutex);
  return ok ? g_steal_pointer (&list) : NULL;
}

gboolean
dabiao_event_record_reprint (DabiaoEvent  *self,
                             const char   *number,
                             guint        *reprints,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) query = NULL;
  g_autofree char *detail = NULL;
  gboolean ok = FALSE;
  guint count = 0;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  g_rec_mutex_lock (&self->mutex);
  if (!_dabiao_event_ensure_writable (self, error) || !_dabiao_event_exec (self, "BEGIN IMMEDIATE", error))
    goto out;
  update = _dabiao_event_prepare (self, "UPDATE certificates SET reprints = reprints + 1 WHERE number = ?", error);
  query = _dabiao_event_prepare (self, "SELECT reprints FROM certificates WHERE number = ?", error);
  if (update != NULL && query != NULL)
    {
      sqlite3_bind_text (update, 1, number, -1, SQLITE_STATIC);
      sqlite3_bind_text (query, 1, number, -1, SQLITE_STATIC);
      if (!_dabiao_event_step_done (self, update, error))
        ;
      else if (sqlite3_changes (self->db) == 0)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                     _("Certificate number %s has not been issued in “%s”"), number, self->basename);
      else if (sqlite3_step (query) != SQLITE_ROW)
        _dabiao_event_set_db_error (self, error);
      else
        {
          count = sqlite3_column_int (query, 0);
          detail = g_strdup_printf ("%s #%u", number, count);
          ok = _dabiao_event_audit (self, "reprint", detail, error)
               && _dabiao_event_exec (self, "COMMIT", error);
        }
    }
  if (!ok)
    _dabiao_event_rollback (self);

out:
  g_rec_mutex_unlock (&self->mutex);
  if (ok && reprints != NULL)
    *reprints = count;
  return ok;
}
