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
#include "dabiao-event-certificates.h"
#include "dabiao-event-private.h"

/* The certificate book: issued certificates and their reprints.  The SQL
 * column `certificates.grade` holds the level of the total (优秀 …): its name
 * predates the glossary and stays in existing event files (C says level). */

void
dabiao_certificate_free (DabiaoCertificate *certificate)
{
  if (certificate == NULL)
    return;
  g_free (certificate->uuid);
  g_free (certificate->number);
  g_free (certificate->participant_id);
  g_free (certificate->level);
  g_free (certificate->issued_by);
  g_free (certificate);
}

DabiaoCertificate *
dabiao_event_add_certificate (DabiaoEvent  *self,
                              const char   *number,
                              const char   *participant_id,
                              const char   *level,
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
  certificate->level = g_strdup (level != NULL ? level : "");
  certificate->total = total;
  certificate->issued_by = g_strdup (issued_by != NULL ? issued_by : "");
  certificate->issued_at = g_get_real_time ();
  detail = g_strdup_printf ("%s → %s", number, participant_id);

  _dabiao_event_lock (self);
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
      sqlite3_bind_text (stmt, 4, certificate->level, -1, SQLITE_STATIC);
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
  _dabiao_event_unlock (self);
  return ok ? g_steal_pointer (&certificate) : NULL;
}

static gpointer
read_certificate (sqlite3_stmt *stmt)
{
  DabiaoCertificate *c = g_new0 (DabiaoCertificate, 1);

  c->uuid = g_strdup (_dabiao_event_column_str (stmt, 0));
  c->number = g_strdup (_dabiao_event_column_str (stmt, 1));
  c->participant_id = g_strdup (_dabiao_event_column_str (stmt, 2));
  c->level = g_strdup (_dabiao_event_column_str (stmt, 3));
  c->total = sqlite3_column_double (stmt, 4);
  c->issued_by = g_strdup (_dabiao_event_column_str (stmt, 5));
  c->issued_at = sqlite3_column_int64 (stmt, 6);
  c->reprints = sqlite3_column_int (stmt, 7);
  return c;
}

GPtrArray *
dabiao_event_list_certificates (DabiaoEvent  *self,
                                GError      **error)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  return _dabiao_event_read_rows (self,
                                  "SELECT uuid, number, participant_id, grade, total, issued_by, issued_at,"
                                  " reprints FROM certificates ORDER BY number",
                                  NULL, read_certificate, (GDestroyNotify) dabiao_certificate_free, error);
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

  _dabiao_event_lock (self);
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
  _dabiao_event_unlock (self);
  if (ok && reprints != NULL)
    *reprints = count;
  return ok;
}

/* ---- The register with what was printed (dabiao-event-certificates.h) ---- */

void
dabiao_certificate_record_free (DabiaoCertificateRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->number);
  g_free (record->participant_id);
  g_free (record->level);
  g_free (record->issued_by);
  g_free (record->printed);
  g_free (record->reissue_date);
  g_free (record);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

static gpointer
read_certificate_record (sqlite3_stmt *stmt)
{
  DabiaoCertificateRecord *record = g_new0 (DabiaoCertificateRecord, 1);

  record->number = column_dup (stmt, 0);
  record->participant_id = column_dup (stmt, 1);
  record->level = column_dup (stmt, 2);
  record->issued_by = column_dup (stmt, 3);
  record->issued_at = sqlite3_column_int64 (stmt, 4);
  record->printed = column_dup (stmt, 5);
  record->reissues = sqlite3_column_int (stmt, 6);
  record->reissue_date = column_dup (stmt, 7);
  return record;
}

static GPtrArray *
list_records (DabiaoEvent  *self,
              const char   *number,
              GError      **error)
{
  return _dabiao_event_read_rows (self,
                                  number == NULL
                                  ? "SELECT number, participant_id, grade, issued_by, issued_at, printed, reprints,"
                                    " reissued_on FROM certificates ORDER BY number"
                                  : "SELECT number, participant_id, grade, issued_by, issued_at, printed, reprints,"
                                    " reissued_on FROM certificates WHERE number = ?",
                                  number, read_certificate_record,
                                  (GDestroyNotify) dabiao_certificate_record_free, error);
}

GPtrArray *
dabiao_event_list_certificate_records (DabiaoEvent  *self,
                                       GError      **error)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  return list_records (self, NULL, error);
}

DabiaoCertificateRecord *
dabiao_event_find_certificate (DabiaoEvent  *self,
                               const char   *number,
                               GError      **error)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  list = list_records (self, number, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("No certificate with the number %s was issued in “%s”"), number,
                   _dabiao_event_get_basename (self));
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

static gboolean
apply_change (DabiaoEvent                    *self,
              const DabiaoCertificateChange  *change,
              sqlite3_stmt                   *insert,
              sqlite3_stmt                   *reissue,
              sqlite3_stmt                   *fill,
              GError                        **error)
{
  sqlite3 *db = _dabiao_event_get_db (self);
  sqlite3_stmt *stmt;
  int rc;

  switch (change->kind)
    {
    case DABIAO_CERTIFICATE_CHANGE_ISSUE:
      {
        g_autofree char *uuid = g_uuid_string_random ();

        stmt = insert;
        sqlite3_reset (stmt);
        sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, change->number, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, change->participant_id, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, change->level != NULL ? change->level : "", -1, SQLITE_STATIC);
        if (change->has_total)
          sqlite3_bind_double (stmt, 5, change->total);
        else
          sqlite3_bind_null (stmt, 5);
        sqlite3_bind_text (stmt, 6, change->issuer != NULL ? change->issuer : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
        sqlite3_bind_text (stmt, 8, change->printed != NULL ? change->printed : "", -1, SQLITE_STATIC);
      }
      break;

    case DABIAO_CERTIFICATE_CHANGE_REISSUE:
      stmt = reissue;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, change->reissue_date != NULL ? change->reissue_date : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, change->number, -1, SQLITE_STATIC);
      break;

    case DABIAO_CERTIFICATE_CHANGE_FILL:
    default:
      stmt = fill;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, change->printed != NULL ? change->printed : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, change->number, -1, SQLITE_STATIC);
      break;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      if (sqlite3_extended_errcode (db) == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                     _("Certificate number %s has already been issued"), change->number);
      else
        _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  if (change->kind != DABIAO_CERTIFICATE_CHANGE_ISSUE && sqlite3_changes (db) == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Certificate number %s has not been issued in “%s”"), change->number,
                   _dabiao_event_get_basename (self));
      return FALSE;
    }
  return TRUE;
}

static char *
audit_detail (const DabiaoCertificateChange *changes,
              guint                          n_changes)
{
  const char *first = NULL, *last = NULL;
  guint n_issued = 0, n_reissued = 0;
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_changes; i++)
    if (changes[i].kind == DABIAO_CERTIFICATE_CHANGE_ISSUE)
      {
        if (first == NULL || g_strcmp0 (changes[i].number, first) < 0)
          first = changes[i].number;
        if (last == NULL || g_strcmp0 (changes[i].number, last) > 0)
          last = changes[i].number;
        n_issued++;
      }
    else if (changes[i].kind == DABIAO_CERTIFICATE_CHANGE_REISSUE)
      n_reissued++;

  if (n_issued == 1)
    g_string_append_printf (text, "+1 %s", first);
  else if (n_issued > 1)
    g_string_append_printf (text, "+%u %s–%s", n_issued, first, last);
  for (guint i = 0, shown = 0; i < n_changes; i++)
    if (changes[i].kind == DABIAO_CERTIFICATE_CHANGE_REISSUE)
      {
        if (shown++ == 0)
          g_string_append_printf (text, "%s补发 %u:", text->len > 0 ? "; " : "", n_reissued);
        if (shown <= 10)
          g_string_append_printf (text, " %s", changes[i].number);
        else if (shown == 11)
          g_string_append (text, " …");
      }
  return g_string_free (text, FALSE);
}

gboolean
dabiao_event_record_certificates (DabiaoEvent                    *self,
                                  const DabiaoCertificateChange  *changes,
                                  guint                           n_changes,
                                  GHashTable                     *templates,
                                  GError                        **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) reissue = NULL;
  g_autoptr(sqlite3_stmt) fill = NULL;
  g_autoptr(sqlite3_stmt) keep_template = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  if (n_changes == 0)
    return TRUE;

  _dabiao_event_lock (self);
  ok = _dabiao_event_begin (self, error)
       && (insert = _dabiao_event_prepare (self,
                                           "INSERT INTO certificates (uuid, number, participant_id, grade, total,"
                                           " issued_by, issued_at, printed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                           error)) != NULL
       && (reissue = _dabiao_event_prepare (self,
                                            "UPDATE certificates SET reprints = reprints + 1, reissued_on = ?"
                                            " WHERE number = ?", error)) != NULL
       && (fill = _dabiao_event_prepare (self,
                                         "UPDATE certificates SET printed = ? WHERE number = ? AND printed = ''",
                                         error)) != NULL;
  for (guint i = 0; ok && i < n_changes; i++)
    ok = apply_change (self, &changes[i], insert, reissue, fill, error);

  /* The templates printed with: written once, never changed (a merge
   * brings them as settings). */
  if (ok && templates != NULL && g_hash_table_size (templates) > 0)
    {
      GHashTableIter iter;
      gpointer hash, json;

      keep_template = _dabiao_event_prepare (self,
                                             "INSERT OR IGNORE INTO settings (key, value, updated_at, station)"
                                             " VALUES (?, ?, ?, ?)", error);
      ok = keep_template != NULL;
      g_hash_table_iter_init (&iter, templates);
      while (ok && g_hash_table_iter_next (&iter, &hash, &json))
        {
          g_autofree char *key = g_strconcat (DABIAO_SETTING_CERTIFICATE_TEMPLATE_PREFIX, hash, NULL);

          sqlite3_reset (keep_template);
          sqlite3_bind_text (keep_template, 1, key, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (keep_template, 2, json, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (keep_template, 3, g_get_real_time ());
          sqlite3_bind_text (keep_template, 4, dabiao_event_get_station (self), -1, SQLITE_STATIC);
          if (sqlite3_step (keep_template) != SQLITE_DONE)
            {
              _dabiao_event_set_db_error (self, error);
              ok = FALSE;
            }
        }
    }

  detail = audit_detail (changes, n_changes);
  if (ok && *detail != '\0')
    ok = _dabiao_event_audit (self, "certificate", detail, error);
  ok = ok && _dabiao_event_commit (self, error);
  if (!ok)
    _dabiao_event_rollback (self);
  _dabiao_event_unlock (self);
  return ok;
}
