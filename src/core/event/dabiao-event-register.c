/* dabiao-event-register.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-codes.h"
#include "dabiao-error.h"
#include "dabiao-event-private.h"
#include "dabiao-event-register.h"
#include "dabiao-standard.h"

#define DESK_DIGITS 4

void
dabiao_registration_free (DabiaoRegistration *registration)
{
  if (registration == NULL)
    return;
  g_free (registration->id);
  g_free (registration->name);
  g_free (registration);
}

gboolean
dabiao_desk_code_check (const char  *desk,
                        GError     **error)
{
  gsize len = desk ? strlen (desk) : 0;
  gboolean ok = len >= 1 && len <= 4 && g_ascii_isupper (desk[0]);

  for (gsize i = 1; ok && i < len; i++)
    ok = g_ascii_isupper (desk[i]) || g_ascii_isdigit (desk[i]);
  if (!ok)
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                 _("The desk code “%s” is not valid: use one to four capital letters or digits, starting with a letter (A, B, C2)"),
                 desk ? desk : "");
  return ok;
}

static gboolean
is_blank (const char *s)
{
  return s == NULL || *s == '\0';
}

/* A birth date typed by a person: YYYY-MM-DD, a real day, not in the
 * future. */
static gboolean
check_birth_date (const char  *text,
                  GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int y, m, d;
  char end;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || strlen (text) != 10
      || y < 1900 || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” is not a birth date (expected YYYY-MM-DD, e.g. 1980-05-01)"), text ? text : "");
      return FALSE;
    }
  if (y * 10000 + m * 100 + d > g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100
                                 + g_date_time_get_day_of_month (now))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("The birth date %s is in the future"), text);
      return FALSE;
    }
  return TRUE;
}

/* The participant registered with @id_card, or NULL. */
static DabiaoRegistration *
find_by_id_card (DabiaoEvent  *self,
                 const char   *id_card,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  DabiaoRegistration *found = NULL;
  int rc;

  stmt = _dabiao_event_prepare (self, "SELECT id, name FROM participants WHERE upper(id_card) = upper(?1)"
                                      " ORDER BY created_at LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id_card, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = g_new0 (DabiaoRegistration, 1);
      found->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      found->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      found->existing = TRUE;
    }
  else if (rc != SQLITE_DONE)
    _dabiao_event_set_db_error (self, error);
  return found;
}

/* The next 编号 of @desk: one more than the highest this file holds. */
static char *
next_number (DabiaoEvent  *self,
             const char   *desk,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *pattern = g_strdup_printf ("%s[0-9][0-9][0-9][0-9]*", desk);
  guint64 highest = 0;
  int rc;

  stmt = _dabiao_event_prepare (self, "SELECT id FROM participants WHERE id GLOB ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *digits = id + strlen (desk);
      char *end = NULL;
      guint64 n = g_ascii_strtoull (digits, &end, 10);

      /* "A0012" counts, "A12B" (a student number that happens to match) does not. */
      if (end != NULL && *end == '\0' && n > highest)
        highest = n;
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return NULL;
    }
  return g_strdup_printf ("%s%0*" G_GUINT64_FORMAT, desk, DESK_DIGITS, highest + 1);
}

DabiaoRegistration *
dabiao_event_register (DabiaoEvent         *self,
                       const DabiaoWalkIn  *walk_in,
                       const char          *desk,
                       GError             **error)
{
  g_autoptr(DabiaoRegistration) registration = NULL;
  g_autofree char *id_card = NULL;
  g_autofree char *birth_date = NULL;
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  DabiaoParticipantInfo info = { 0, };
  const char *ethnicity = "";
  guint sex = 0;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (walk_in != NULL, NULL);

  if (!dabiao_desk_code_check (desk, error))
    return NULL;
  name = g_strstrip (g_strdup (walk_in->name ? walk_in->name : ""));
  if (*name == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, _("The name is missing"));
      return NULL;
    }
  /* 民族 stored as its GB/T 3304 code, as a roster import stores it (the
   * card and the desk give the name, 汉): shown by name, uploaded as code. */
  if (!is_blank (walk_in->ethnicity))
    {
      ethnicity = dabiao_nation_code (walk_in->ethnicity);
      if (ethnicity == NULL)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("民族 “%s” is neither a 民族 of GB/T 3304 (汉族, 蒙古族 …, 其他, 外国血统中国籍人士) nor its two-digit code"),
                       walk_in->ethnicity);
          return NULL;
        }
    }
  if (!is_blank (walk_in->id_card))
    {
      g_autofree char *typed = g_strstrip (g_strdup (walk_in->id_card));

      id_card = g_ascii_strup (typed, -1);
      if (!dabiao_id_card_check (id_card, &birth_date, &sex, error))
        return NULL;
      /* A birth date or sex typed beside the card must agree with it. */
      if ((!is_blank (walk_in->birth_date) && g_strcmp0 (walk_in->birth_date, birth_date) != 0)
          || (walk_in->sex != 0 && walk_in->sex != sex))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("The birth date or sex given does not match the identity number %s (%s, %s)"),
                       id_card, birth_date, dabiao_sex_to_string (sex == 1 ? DABIAO_SEX_MALE : DABIAO_SEX_FEMALE));
          return NULL;
        }
    }
  else
    {
      if (!check_birth_date (walk_in->birth_date, error))
        return NULL;
      if (walk_in->sex != 1 && walk_in->sex != 2)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Without an identity card, the sex is needed (男 or 女)"));
          return NULL;
        }
      birth_date = g_strdup (walk_in->birth_date);
      sex = walk_in->sex;
    }

  g_rec_mutex_lock (&self->mutex);
  ok = _dabiao_event_begin (self, error);
  if (ok && id_card != NULL)
    {
      g_autoptr(GError) local = NULL;

      registration = find_by_id_card (self, id_card, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          ok = FALSE;
        }
    }
  if (ok && registration == NULL)
    {
      registration = g_new0 (DabiaoRegistration, 1);
      registration->id = next_number (self, desk, error);
      registration->name = g_strdup (name);
      ok = registration->id != NULL;
      if (ok)
        {
          info.id = registration->id;
          info.name = name;
          info.sex = sex;
          info.birth_date = birth_date;
          info.id_card = id_card;
          info.ethnicity = ethnicity;
          info.address = walk_in->address;
          info.organization = walk_in->organization;
          info.phone = walk_in->phone;
          /* The audit names the 编号, never the identity number. */
          detail = g_strdup_printf ("+%s %s", registration->id, desk);
          ok = _dabiao_event_upsert_participants (self, &info, 1, NULL, NULL, error)
               && _dabiao_event_audit (self, "register", detail, error);
        }
    }
  if (ok)
    ok = _dabiao_event_commit (self, error);
  if (!ok)
    _dabiao_event_rollback (self);
  g_rec_mutex_unlock (&self->mutex);

  return ok ? g_steal_pointer (&registration) : NULL;
}

gboolean
dabiao_event_note_full_ids (DabiaoEvent  *self,
                            const char   *where,
                            const char   *reason,
                            GError      **error)
{
  g_autofree char *detail = NULL;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (where != NULL, FALSE);

  detail = reason != NULL && reason[0] != '\0' ? g_strdup_printf ("%s: %s", where, reason) : g_strdup (where);
  g_rec_mutex_lock (&self->mutex);
  ok = _dabiao_event_begin (self, error)
       && _dabiao_event_audit (self, "full-id", detail, error)
       && _dabiao_event_commit (self, error);
  if (!ok)
    _dabiao_event_rollback (self);
  g_rec_mutex_unlock (&self->mutex);
  return ok;
}

/* ---- async ------------------------------------------------------------- */

typedef struct
{
  DabiaoWalkIn  walk_in;
  char         *desk;
} RegisterData;

static void
register_data_free (RegisterData *data)
{
  g_free ((char *) data->walk_in.id_card);
  g_free ((char *) data->walk_in.name);
  g_free ((char *) data->walk_in.birth_date);
  g_free ((char *) data->walk_in.ethnicity);
  g_free ((char *) data->walk_in.address);
  g_free ((char *) data->walk_in.organization);
  g_free ((char *) data->walk_in.phone);
  g_free (data->desk);
  g_free (data);
}

static void
register_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RegisterData *data = task_data;
  GError *error = NULL;
  DabiaoRegistration *registration = dabiao_event_register (source_object, &data->walk_in, data->desk, &error);

  if (registration == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, registration, (GDestroyNotify) dabiao_registration_free);
}

void
dabiao_event_register_async (DabiaoEvent         *self,
                             const DabiaoWalkIn  *walk_in,
                             const char          *desk,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RegisterData *data;

  g_return_if_fail (DABIAO_IS_EVENT (self));
  g_return_if_fail (walk_in != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_event_register_async);
  data = g_new0 (RegisterData, 1);
  data->walk_in = *walk_in;
  data->walk_in.id_card = g_strdup (walk_in->id_card);
  data->walk_in.name = g_strdup (walk_in->name);
  data->walk_in.birth_date = g_strdup (walk_in->birth_date);
  data->walk_in.ethnicity = g_strdup (walk_in->ethnicity);
  data->walk_in.address = g_strdup (walk_in->address);
  data->walk_in.organization = g_strdup (walk_in->organization);
  data->walk_in.phone = g_strdup (walk_in->phone);
  data->desk = g_strdup (desk);
  g_task_set_task_data (task, data, (GDestroyNotify) register_data_free);
  dabiao_event_run_in_worker (self, task, register_thread);
}

DabiaoRegistration *
dabiao_event_register_finish (DabiaoEvent   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Merged 编号 ------------------------------------------------------ */

GHashTable *
dabiao_event_list_merged_ids (DabiaoEvent  *self,
                              GError      **error)
{
  g_autoptr(GHashTable) direct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) merged = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc = SQLITE_ERROR;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  /* Only the 编号 nobody has: one that came back later with results of
   * its own (a merge keeps such a one) is that person again. */
  _dabiao_event_lock (self);
  if (_dabiao_event_ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self,
                                        "SELECT substr (s.key, length (?1) + 1), s.value FROM settings s"
                                        " WHERE substr (s.key, 1, length (?1)) = ?1 AND s.value != ''"
                                        " AND NOT EXISTS (SELECT 1 FROM participants p"
                                        "                 WHERE p.id = substr (s.key, length (?1) + 1))",
                                        error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, DABIAO_MERGED_PREFIX, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_hash_table_insert (direct, g_strdup (_dabiao_event_column_str (stmt, 0)),
                             g_strdup (_dabiao_event_column_str (stmt, 1)));
      if (rc != SQLITE_DONE)
        _dabiao_event_set_db_error (self, error);
    }
  _dabiao_event_unlock (self);
  if (rc != SQLITE_DONE)
    return NULL;

  /* B0005 → A0001, and A0001 merged into C0002 later: B0005 → C0002.  A
   * loop (two files each keeping the other's 编号) stops after a few steps. */
  merged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, direct);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *target = value;
      const char *next;

      for (guint step = 0; step < 16 && (next = g_hash_table_lookup (direct, target)) != NULL; step++)
        target = next;
      g_hash_table_insert (merged, g_strdup (key), g_strdup (target));
    }
  return g_steal_pointer (&merged);
}

char *
dabiao_event_resolve_merged_id (DabiaoEvent  *self,
                                const char   *id,
                                gboolean     *merged,
                                GError      **error)
{
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(DabiaoParticipant) participant = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *target;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (merged != NULL)
    *merged = FALSE;
  participant = dabiao_event_get_participant (self, id, &local_error);
  if (participant != NULL)
    return g_strdup (id);
  if (!g_error_matches (local_error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  ids = dabiao_event_list_merged_ids (self, error);
  if (ids == NULL)
    return NULL;
  target = g_hash_table_lookup (ids, id);
  if (target == NULL)
    return NULL;
  if (merged != NULL)
    *merged = TRUE;
  return g_strdup (target);
}
