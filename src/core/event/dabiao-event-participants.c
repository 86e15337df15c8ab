/* dabiao-event-participants.c
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

/* Participants: querying the roster, and adding or updating people. */

/* ---- Participants ------------------------------------------------------ */

static char *
like_pattern (const char *search)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* Builds "FROM participants p WHERE …" for @query, binding ?1…?5. */
static const char *
query_where (const DabiaoParticipantQuery *query,
             GString                      *sql)
{
  g_string_append (sql, " FROM participants p WHERE 1");
  if (query == NULL)
    return sql->str;
  if (query->search != NULL && *query->search != '\0')
    g_string_append (sql, " AND (p.id LIKE ?1 ESCAPE '\\' OR p.name LIKE ?1 ESCAPE '\\'"
                          " OR p.class_name LIKE ?1 ESCAPE '\\' OR p.id_card LIKE ?1 ESCAPE '\\'"
                          " OR p.organization LIKE ?1 ESCAPE '\\')");
  if (query->grade != 0)
    g_string_append (sql, " AND p.grade = ?2");
  if (query->class_code != NULL && *query->class_code != '\0')
    g_string_append (sql, " AND p.class_code = ?3");
  if (query->sex != 0)
    g_string_append (sql, " AND p.sex = ?4");
  if (query->missing_item != NULL && *query->missing_item != '\0')
    g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM measurements m"
                          "  WHERE m.participant_id = p.id AND m.item = ?5 AND m.special = 0"
                          "  AND m.value IS NOT NULL"
                          "  AND NOT EXISTS (SELECT 1 FROM measurements v WHERE v.voids = m.uuid))");
  return sql->str;
}

static void
query_bind (DabiaoEvent                  *self,
            const DabiaoParticipantQuery *query,
            sqlite3_stmt                 *stmt)
{
  if (query == NULL)
    return;
  if (query->search != NULL && *query->search != '\0')
    sqlite3_bind_text (stmt, 1, like_pattern (query->search), -1, g_free);
  if (query->grade != 0)
    sqlite3_bind_int (stmt, 2, query->grade);
  if (query->class_code != NULL && *query->class_code != '\0')
    sqlite3_bind_text (stmt, 3, query->class_code, -1, SQLITE_TRANSIENT);
  if (query->sex != 0)
    sqlite3_bind_int (stmt, 4, query->sex);
  if (query->missing_item != NULL && *query->missing_item != '\0')
    {
      const DabiaoEventItem *item = dabiao_event_find_item (self, query->missing_item);

      sqlite3_bind_text (stmt, 5, item != NULL ? item->code : query->missing_item, -1, SQLITE_TRANSIENT);
    }
}

GPtrArray *
dabiao_event_list_participants (DabiaoEvent                  *self,
                                const DabiaoParticipantQuery *query,
                                guint                         offset,
                                guint                         limit,
                                GError                      **error)
{
  static const char * const orders[] = {
    [DABIAO_PARTICIPANT_SORT_ID] = "p.id",
    [DABIAO_PARTICIPANT_SORT_NAME] = "p.name",
    [DABIAO_PARTICIPANT_SORT_CLASS] = "p.class_code",
    [DABIAO_PARTICIPANT_SORT_BIRTH_DATE] = "p.birth_date",
  };
  g_autoptr(GString) sql = g_string_new ("SELECT p.id, p.name, p.sex, p.birth_date, p.id_card, p.grade,"
                                         " p.class_code, p.class_name, p.ethnicity, p.address,"
                                         " p.organization, p.phone");
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  DabiaoParticipantSort sort = query != NULL ? query->sort : DABIAO_PARTICIPANT_SORT_ID;
  const char *direction = query != NULL && query->descending ? "DESC" : "ASC";
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  if ((guint) sort >= G_N_ELEMENTS (orders))
    sort = DABIAO_PARTICIPANT_SORT_ID;
  query_where (query, sql);
  g_string_append (sql, " ORDER BY ");
  g_string_append_printf (sql, "%s %s", orders[sort], direction);
  if (sort != DABIAO_PARTICIPANT_SORT_ID)
    g_string_append (sql, ", p.id");
  g_string_append_printf (sql, " LIMIT %d OFFSET %u", limit == 0 ? -1 : (int) limit, offset);

  _dabiao_event_lock (self);
  if (!_dabiao_event_ensure_open (self, error))
    goto out;
  stmt = _dabiao_event_prepare (self, sql->str, error);
  if (stmt == NULL)
    goto out;
  query_bind (self, query, stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (people, _dabiao_participant_new_from_stmt (stmt, 0));
  if (rc != SQLITE_DONE)
    _dabiao_event_set_db_error (self, error);
  else
    ok = TRUE;

out:
  _dabiao_event_unlock (self);
  return ok ? g_steal_pointer (&people) : NULL;
}

gint64
dabiao_event_count_participants (DabiaoEvent                  *self,
                                 const DabiaoParticipantQuery *query,
                                 GError                      **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*)");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n = -1;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), -1);

  query_where (query, sql);
  _dabiao_event_lock (self);
  if (_dabiao_event_ensure_open (self, error) && (stmt = _dabiao_event_prepare (self, sql->str, error)) != NULL)
    {
      query_bind (self, query, stmt);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      else
        _dabiao_event_set_db_error (self, error);
    }
  _dabiao_event_unlock (self);
  return n;
}

DabiaoParticipant *
dabiao_event_get_participant (DabiaoEvent  *self,
                              const char   *id,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  DabiaoParticipant *participant = NULL;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  _dabiao_event_lock (self);
  if (_dabiao_event_ensure_open (self, error)
      && (stmt = _dabiao_event_prepare (self, "SELECT " DABIAO_PARTICIPANT_COLUMNS " FROM participants WHERE id = ?",
                                        error)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        participant = _dabiao_participant_new_from_stmt (stmt, 0);
      else if (rc == SQLITE_DONE)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                     _("Participant “%s” is not on the roster of “%s”"), id, self->basename);
      else
        _dabiao_event_set_db_error (self, error);
    }
  _dabiao_event_unlock (self);
  return participant;
}

void
dabiao_participant_page_free (DabiaoParticipantPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->participants, g_ptr_array_unref);
  g_free (page);
}

#define S(x) ((x) != NULL ? (x) : "")

/* Every field within its length (DABIAO_PARTICIPANT_MAX_*), or an error
 * naming the participant, the field and its length. */
static gboolean
fields_fit (const DabiaoParticipantInfo  *p,
            GError                      **error)
{
  const struct { const char *label; const char *text; guint max; } fields[] = {
    { "编号", p->id, DABIAO_PARTICIPANT_MAX_ID },
    { "姓名", p->name, DABIAO_PARTICIPANT_MAX_NAME },
    { "出生日期", p->birth_date, DABIAO_PARTICIPANT_MAX_SHORT },
    { "身份证号", p->id_card, DABIAO_PARTICIPANT_MAX_SHORT },
    { "班级编号", p->class_code, DABIAO_PARTICIPANT_MAX_SHORT },
    { "班级名称", p->class_name, DABIAO_PARTICIPANT_MAX_CLASS },
    { "民族", p->ethnicity, DABIAO_PARTICIPANT_MAX_SHORT },
    { "住址", p->address, DABIAO_PARTICIPANT_MAX_ADDRESS },
    { "单位", p->organization, DABIAO_PARTICIPANT_MAX_ORG },
    { "手机", p->phone, DABIAO_PARTICIPANT_MAX_SHORT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      glong n = fields[i].text != NULL && strlen (fields[i].text) > fields[i].max
                ? g_utf8_strlen (fields[i].text, -1) : 0;

      if (n > (glong) fields[i].max)
        {
          g_autofree char *id = g_utf8_substring (S (p->id), 0, MIN (g_utf8_strlen (S (p->id), -1), DABIAO_PARTICIPANT_MAX_ID));

          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Participant “%s”: %s is %ld characters long; it may hold at most %u"),
                       id, fields[i].label, n, fields[i].max);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_dabiao_event_upsert_participants (DabiaoEvent                  *self,
                                   const DabiaoParticipantInfo  *infos,
                                   guint                         n_infos,
                                   guint                        *added,
                                   guint                        *updated,
                                   GError                      **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  gint64 now = g_get_real_time ();
  guint n_added = 0, n_updated = 0;

  insert = _dabiao_event_prepare (self,
                                  "INSERT OR IGNORE INTO participants (id, name, sex, birth_date, id_card, grade,"
                                  " class_code, class_name, ethnicity, address, organization, phone,"
                                  " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
                                  error);
  update = _dabiao_event_prepare (self,
                                  "UPDATE participants SET name = ?2, sex = ?3, birth_date = ?4, id_card = ?5,"
                                  " grade = ?6, class_code = ?7, class_name = ?8, ethnicity = ?9, address = ?10,"
                                  " organization = ?11, phone = ?12, updated_at = ?13 WHERE id = ?1 AND"
                                  " (name, sex, birth_date, id_card, grade, class_code, class_name, ethnicity,"
                                  "  address, organization, phone) IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                  error);
  if (insert == NULL || update == NULL)
    return FALSE;

  for (guint i = 0; i < n_infos; i++)
    {
      const DabiaoParticipantInfo *p = &infos[i];
      sqlite3_stmt *stmts[] = { insert, update };

      if (p->id == NULL || *p->id == '\0' || p->name == NULL || *p->name == '\0'
          || (p->sex != 1 && p->sex != 2))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("Participant “%s”: an id, a name and the sex (1 or 2) are required"), S (p->id));
          return FALSE;
        }
      if (!fields_fit (p, error))
        return FALSE;
      for (guint s = 0; s < G_N_ELEMENTS (stmts); s++)
        {
          sqlite3_stmt *stmt = stmts[s];

          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, p->id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, p->name, -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 3, p->sex);
          sqlite3_bind_text (stmt, 4, S (p->birth_date), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 5, S (p->id_card), -1, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 6, p->grade);
          sqlite3_bind_text (stmt, 7, S (p->class_code), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 8, S (p->class_name), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 9, S (p->ethnicity), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 10, S (p->address), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 11, S (p->organization), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 12, S (p->phone), -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 13, now);
          if (!_dabiao_event_step_done (self, stmt, error))
            return FALSE;
          if (sqlite3_changes (self->db) > 0)
            {
              if (s == 0)
                n_added++;
              else
                n_updated++;
              break;
            }
        }
    }

  if (added != NULL)
    *added = n_added;
  if (updated != NULL)
    *updated = n_updated;
  return TRUE;
}

gboolean
dabiao_event_add_participants (DabiaoEvent                  *self,
                               const DabiaoParticipantInfo  *infos,
                               guint                         n_infos,
                               guint                        *added,
                               guint                        *updated,
                               GError                      **error)
{
  g_autofree char *detail = NULL;
  guint a = 0, u = 0;
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  _dabiao_event_lock (self);
  ok = _dabiao_event_begin (self, error)
       && _dabiao_event_upsert_participants (self, infos, n_infos, &a, &u, error);
  if (ok)
    {
      detail = g_strdup_printf ("+%u ~%u", a, u);
      ok = _dabiao_event_audit (self, "participants", detail, error)
           && _dabiao_event_commit (self, error);
    }
  if (!ok)
    _dabiao_event_rollback (self);
  _dabiao_event_unlock (self);

  if (ok && added != NULL)
    *added = a;
  if (ok && updated != NULL)
    *updated = u;
  return ok;
}
