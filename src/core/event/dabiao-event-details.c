/* dabiao-event-details.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-event-details.h"
#include "dabiao-event-private.h"

/* See dabiao-event-details.h for where each detail is kept. */

#define SCHOOL_KEY_PREFIX "school."
#define MAX_DETAIL_CHARS 200
#define MAX_SCHOOL_NAME_CHARS 100
#define MAX_SCHOOL_CODE_CHARS 31
/* The value of "school.CODE" once the school is removed: a control
 * character, which no school name may contain. */
#define SCHOOL_REMOVED "\x7f"
/* Items added or removed after creation: "item.CODE" = one of these. */
#define ITEM_KEY_PREFIX "item."
#define ITEM_PRESENT "present"
#define ITEM_REMOVED "removed"

/* The metadata fields an organiser may change, their settings and the
 * labels of the audit trail (national terms, data). */
static const struct
{
  const char *meta;
  const char *setting;
  const char *label;
} detail_fields[] = {
  { "name", "event.name", "活动名称" },
  { "date", "event.date", "测试日期" },
  { "place", "event.place", "地点" },
  { "organizer", "event.organizer", "主办单位" },
};

DabiaoSchool *
dabiao_school_new (const char *code,
                   const char *name)
{
  DabiaoSchool *school = g_new0 (DabiaoSchool, 1);

  school->code = g_strdup (code);
  school->name = g_strdup (name != NULL ? name : "");
  return school;
}

DabiaoSchool *
dabiao_school_copy (const DabiaoSchool *school)
{
  DabiaoSchool *copy = dabiao_school_new (school->code, school->name);

  copy->participants = school->participants;
  return copy;
}

void
dabiao_school_free (DabiaoSchool *school)
{
  if (school == NULL)
    return;
  g_free (school->code);
  g_free (school->name);
  g_free (school);
}

DabiaoEventDetails *
dabiao_event_details_new (void)
{
  DabiaoEventDetails *details = g_new0 (DabiaoEventDetails, 1);

  details->schools = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_school_free);
  return details;
}

DabiaoEventDetails *
dabiao_event_details_copy (const DabiaoEventDetails *details)
{
  DabiaoEventDetails *copy = dabiao_event_details_new ();

  copy->name = g_strdup (details->name);
  copy->date = g_strdup (details->date);
  copy->place = g_strdup (details->place);
  copy->organizer = g_strdup (details->organizer);
  copy->certificates = details->certificates;
  for (guint i = 0; details->schools != NULL && i < details->schools->len; i++)
    g_ptr_array_add (copy->schools, dabiao_school_copy (g_ptr_array_index (details->schools, i)));
  return copy;
}

void
dabiao_event_details_free (DabiaoEventDetails *details)
{
  if (details == NULL)
    return;
  g_free (details->name);
  g_free (details->date);
  g_free (details->place);
  g_free (details->organizer);
  g_ptr_array_unref (details->schools);
  g_free (details);
}

const DabiaoSchool *
dabiao_event_details_find_school (const DabiaoEventDetails *details,
                                  const char               *code)
{
  if (code == NULL || *code == '\0')
    return NULL;
  for (guint i = 0; i < details->schools->len; i++)
    {
      const DabiaoSchool *school = g_ptr_array_index (details->schools, i);

      if (school->code != NULL && g_str_equal (school->code, code))
        return school;
    }
  return NULL;
}

const char *
dabiao_event_details_school_name (const DabiaoEventDetails *details,
                                  const char               *organization)
{
  const DabiaoSchool *school = dabiao_event_details_find_school (details, organization);

  if (school != NULL)
    return school->name;
  return organization != NULL ? organization : "";
}

static const char *
field_value (const DabiaoEventDetails *details,
             guint                     i)
{
  const char *values[] = { details->name, details->date, details->place, details->organizer };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (detail_fields));
  return values[i] != NULL ? values[i] : "";
}

gboolean
dabiao_school_code_check (const char  *code,
                          GError     **error)
{
  if (code == NULL || *code == '\0')
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("the 学校代码 is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (code, -1, NULL) || g_utf8_strlen (code, -1) > MAX_SCHOOL_CODE_CHARS)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("the 学校代码 “%s” is too long (at most %d characters: it names a sheet of the upload file)"),
                   g_utf8_validate (code, -1, NULL) ? code : "?", MAX_SCHOOL_CODE_CHARS);
      return FALSE;
    }
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || (c < 128 && strchr ("[]:*?/\\=", (char) c) != NULL))
        {
          char shown[8] = { 0 };

          g_unichar_to_utf8 (c, shown);
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("the 学校代码 “%s” contains “%s”; spaces and [ ] : * ? / \\ = cannot be in a sheet name"),
                       code, g_unichar_isspace (c) || g_unichar_iscntrl (c) ? _("a space or control character") : shown);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
text_ok (const char  *label,
         const char  *text,
         guint        max_chars,
         GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s is too long (at most %u characters)"), label, max_chars);
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                     _("%s contains a line break or another control character"), label);
        return FALSE;
      }
  return TRUE;
}

static gboolean
date_ok (const char *date)
{
  int y, m, d;
  char tail;

  return date != NULL && strlen (date) == 10
         && sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3
         && y >= 1900 && y <= 9999 && g_date_valid_dmy (d, m, y);
}

gboolean
dabiao_event_details_validate (const DabiaoEventDetails  *details,
                               GError                   **error)
{
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *name = g_strstrip (g_strdup (details->name != NULL ? details->name : ""));

  if (*name == '\0')
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("活动名称 is empty; the event needs a name"));
      return FALSE;
    }
  if (!date_ok (details->date))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("测试日期 “%s” is not a date (expected YYYY-MM-DD, e.g. 2026-10-15)"),
                   details->date != NULL ? details->date : "");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (detail_fields); i++)
    if (!text_ok (detail_fields[i].label, field_value (details, i), MAX_DETAIL_CHARS, error))
      return FALSE;

  for (guint i = 0; details->schools != NULL && i < details->schools->len; i++)
    {
      const DabiaoSchool *school = g_ptr_array_index (details->schools, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *label = NULL;

      if (school->code == NULL)
        continue;
      if (!dabiao_school_code_check (school->code, &local_error))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("School %u: %s"), i + 1, local_error->message);
          return FALSE;
        }
      if (!g_hash_table_add (codes, school->code))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("The 学校代码 “%s” is listed twice"), school->code);
          return FALSE;
        }
      label = g_strdup_printf (_("The name of school %s"), school->code);
      if (!text_ok (label, school->name, MAX_SCHOOL_NAME_CHARS, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- Reading ------------------------------------------------------------ */

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

static gint
compare_schools (gconstpointer a,
                 gconstpointer b)
{
  const DabiaoSchool *x = *(const DabiaoSchool **) a;
  const DabiaoSchool *y = *(const DabiaoSchool **) b;

  if ((x->code == NULL) != (y->code == NULL))
    return x->code == NULL ? 1 : -1;
  if (x->code != NULL)
    return strcmp (x->code, y->code);
  return strcmp (x->name, y->name);
}

/* The schools with a code, from the settings (the caller holds the lock). */
static gboolean
read_schools (DabiaoEvent  *self,
              GPtrArray    *schools,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _dabiao_event_prepare (self,
                                "SELECT substr (key, length ('" SCHOOL_KEY_PREFIX "') + 1), value FROM settings"
                                " WHERE key GLOB '" SCHOOL_KEY_PREFIX "*' AND value != char (127)", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *code = column_dup (stmt, 0);
      g_autofree char *value = column_dup (stmt, 1);

      g_ptr_array_add (schools, dabiao_school_new (code, value));
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  return TRUE;
}

DabiaoEventDetails *
dabiao_event_get_details (DabiaoEvent  *self,
                          GError      **error)
{
  g_autoptr(DabiaoEventDetails) details = dabiao_event_details_new ();
  g_autoptr(sqlite3_stmt) meta = NULL;
  g_autoptr(sqlite3_stmt) counts = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  _dabiao_event_lock (self);
  meta = _dabiao_event_prepare (self, "SELECT key, value FROM meta", error);
  if (meta == NULL)
    goto out;
  while ((rc = sqlite3_step (meta)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (meta, 0);
      char **field = NULL;

      if (g_strcmp0 (key, "name") == 0)
        field = &details->name;
      else if (g_strcmp0 (key, "date") == 0)
        field = &details->date;
      else if (g_strcmp0 (key, "place") == 0)
        field = &details->place;
      else if (g_strcmp0 (key, "organizer") == 0)
        field = &details->organizer;
      if (field != NULL)
        {
          g_free (*field);
          *field = column_dup (meta, 1);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      goto out;
    }
  if (!read_schools (self, details->schools, error))
    goto out;

  /* Participants per 单位: a school code counts for its school, anything
   * else is an 单位 known by its name. */
  counts = _dabiao_event_prepare (self,
                                  "SELECT organization, count (*) FROM participants"
                                  " WHERE organization != '' GROUP BY organization", error);
  if (counts == NULL)
    goto out;
  {
    guint n_coded = details->schools->len;

    while ((rc = sqlite3_step (counts)) == SQLITE_ROW)
      {
        const char *organization = (const char *) sqlite3_column_text (counts, 0);
        guint n = sqlite3_column_int (counts, 1);
        DabiaoSchool *school = NULL;

        for (guint i = 0; i < n_coded && school == NULL; i++)
          if (g_str_equal (((DabiaoSchool *) g_ptr_array_index (details->schools, i))->code, organization))
            school = g_ptr_array_index (details->schools, i);
        if (school == NULL)
          {
            school = dabiao_school_new (NULL, organization);
            g_ptr_array_add (details->schools, school);
          }
        school->participants = n;
      }
  }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      goto out;
    }
  g_ptr_array_sort (details->schools, compare_schools);
  /* Certificates already issued keep the issuer they were printed with
   * (a reprint looks like the original, issue 11): the 活动信息 dialog says so. */
  if (self->schema_version >= 2)
    {
      g_autoptr(sqlite3_stmt) issued = _dabiao_event_prepare (self, "SELECT count (*) FROM certificates", error);

      if (issued == NULL)
        goto out;
      if (sqlite3_step (issued) != SQLITE_ROW)
        {
          _dabiao_event_set_db_error (self, error);
          goto out;
        }
      details->certificates = sqlite3_column_int (issued, 0);
    }
  ok = TRUE;

out:
  _dabiao_event_unlock (self);
#define DEFAULT_EMPTY(f) if (details->f == NULL) details->f = g_strdup ("")
  DEFAULT_EMPTY (name);
  DEFAULT_EMPTY (date);
  DEFAULT_EMPTY (place);
  DEFAULT_EMPTY (organizer);
#undef DEFAULT_EMPTY
  return ok ? g_steal_pointer (&details) : NULL;
}

/* ---- Writing ------------------------------------------------------------ */

/* Inside the caller's transaction: the setting @key = @value, stamped now
 * by this station. */
gboolean
_dabiao_event_put_setting (DabiaoEvent  *self,
                           const char   *key,
                           const char   *value,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _dabiao_event_prepare (self,
                                "INSERT INTO settings (key, value, updated_at, station) VALUES (?, ?, ?, ?)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                                " updated_at = excluded.updated_at, station = excluded.station", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  sqlite3_bind_text (stmt, 4, dabiao_event_get_station (self), -1, SQLITE_STATIC);
  return _dabiao_event_step_done (self, stmt, error);
}

static gboolean
put_meta (DabiaoEvent  *self,
          const char   *key,
          const char   *value,
          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                                        error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return _dabiao_event_step_done (self, stmt, error);
}

static gint64
school_participants (DabiaoEvent  *self,
                     const char   *code,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self,
                                                        "SELECT count (*) FROM participants WHERE organization = ?",
                                                        error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _dabiao_event_set_db_error (self, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Inside the caller's transaction: school @code gets @name (NULL: removed),
 * audited when it changes.  @current: the stored schools. */
static gboolean
put_school (DabiaoEvent  *self,
            GPtrArray    *current,
            const char   *code,
            const char   *name,
            gboolean     *changed,
            GError      **error)
{
  const DabiaoSchool *old = NULL;
  g_autofree char *key = g_strconcat (SCHOOL_KEY_PREFIX, code, NULL);
  g_autofree char *detail = NULL;

  for (guint i = 0; i < current->len && old == NULL; i++)
    if (g_str_equal (((DabiaoSchool *) g_ptr_array_index (current, i))->code, code))
      old = g_ptr_array_index (current, i);

  if (name == NULL)
    {
      gint64 n;

      if (old == NULL)
        return TRUE;
      n = school_participants (self, code, error);
      if (n < 0)
        return FALSE;
      if (n > 0)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       ngettext ("School %s (%s) cannot be removed: %u participant belongs to it",
                                 "School %s (%s) cannot be removed: %u participants belong to it", n),
                       code, old->name, (guint) n);
          return FALSE;
        }
      /* A removal is a value of its own, newer than the name it replaces,
       * so a merge with a copy that still names the school keeps it
       * removed. */
      detail = g_strdup_printf ("学校 %s: %s → -", code, old->name);
      if (changed != NULL)
        *changed = TRUE;
      return _dabiao_event_put_setting (self, key, SCHOOL_REMOVED, error)
             && _dabiao_event_audit (self, "details", detail, error);
    }

  if (old != NULL && g_str_equal (old->name, name))
    return TRUE;
  detail = g_strdup_printf ("学校 %s: %s → %s", code, old != NULL ? old->name : "-", name);
  if (changed != NULL)
    *changed = TRUE;
  return _dabiao_event_put_setting (self, key, name, error)
         && _dabiao_event_audit (self, "details", detail, error);
}

gboolean
_dabiao_event_put_schools (DabiaoEvent  *self,
                           GHashTable   *schools,
                           guint        *changed,
                           GError      **error)
{
  g_autoptr(GPtrArray) current = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_school_free);
  g_autoptr(GList) codes = NULL;

  if (changed != NULL)
    *changed = 0;
  if (!read_schools (self, current, error))
    return FALSE;
  /* In code order, so the audit trail reads the same on every run. */
  codes = g_list_sort (g_hash_table_get_keys (schools), (GCompareFunc) strcmp);
  for (GList *l = codes; l != NULL; l = l->next)
    {
      const char *name = g_hash_table_lookup (schools, l->data);
      gboolean one = FALSE;

      if (!put_school (self, current, l->data, name, &one, error))
        return FALSE;
      if (one && changed != NULL)
        (*changed)++;
    }
  return TRUE;
}

static gboolean apply_item_settings (DabiaoEvent  *self,
                                     guint        *changed,
                                     GError      **error);

/* Brings the metadata in line with the settings "event.*" after a merge
 * (inside its transaction).  @changed: how many fields changed. */
gboolean
_dabiao_event_apply_detail_settings (DabiaoEvent  *self,
                                     guint        *changed,
                                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *changed = 0;
  stmt = _dabiao_event_prepare (self,
                                "UPDATE meta SET value = settings.value FROM settings"
                                " WHERE settings.key = 'event.' || meta.key AND meta.value != settings.value",
                                error);
  if (stmt == NULL || !_dabiao_event_step_done (self, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (_dabiao_event_get_db (self));
  {
    guint items_changed = 0;

    /* Items another copy added or removed; then their attempts, which
     * were applied before the items were there. */
    if (!apply_item_settings (self, &items_changed, error))
      return FALSE;
    if (items_changed > 0)
      {
        guint ignored = 0;

        if (!_dabiao_event_apply_attempt_settings (self, &ignored, error))
          return FALSE;
        *changed += items_changed;
      }
  }
  return TRUE;
}

/* Inside the caller's transaction: the participants a roster gave only
 * the name @name of a school (their 单位 is that name) get its @code, as a
 * roster import with a 学校代码 column would have given them (trial 11d
 * #9: the warning said to import the roster again).  Audited; *@n_changed
 * counts them. */
static gboolean
code_school_participants (DabiaoEvent  *self,
                          const char   *code,
                          const char   *name,
                          guint        *n_changed,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n;

  if (name == NULL || *name == '\0' || g_str_equal (name, code))
    return TRUE;
  stmt = _dabiao_event_prepare (self, "UPDATE participants SET organization = ?1, updated_at = ?3 WHERE organization = ?2",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  if (!_dabiao_event_step_done (self, stmt, error))
    return FALSE;
  n = sqlite3_changes (self->db);
  if (n > 0)
    {
      /* In the audit's own words, as the schools' rows above. */
      g_autofree char *detail = g_strdup_printf ("“%s”的 %u 名受测者：学校代码 %s", name, n, code);

      if (!_dabiao_event_audit (self, "details", detail, error))
        return FALSE;
      *n_changed += n;
    }
  return TRUE;
}

static gboolean
set_details_locked (DabiaoEvent               *self,
                    const DabiaoEventDetails  *details,
                    gboolean                   with_schools,
                    GError                   **error)
{
  g_autoptr(DabiaoEventDetails) current = NULL;
  g_autoptr(GHashTable) schools = NULL;
  gboolean ok;
  guint n_changed = 0;

  if (!dabiao_event_details_validate (details, error))
    return FALSE;
  current = dabiao_event_get_details (self, error);
  if (current == NULL || !_dabiao_event_begin (self, error))
    return FALSE;

  ok = TRUE;
  for (guint i = 0; ok && i < G_N_ELEMENTS (detail_fields); i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (field_value (details, i)));
      const char *old = field_value (current, i);

      if (g_str_equal (value, old))
        continue;
      {
        g_autofree char *detail = g_strdup_printf ("%s: %s → %s", detail_fields[i].label, old, value);

        ok = put_meta (self, detail_fields[i].meta, value, error)
             && _dabiao_event_put_setting (self, detail_fields[i].setting, value, error)
             && _dabiao_event_audit (self, "details", detail, error);
        n_changed++;
      }
    }

  if (ok && with_schools)
    {
      guint n_schools = 0;

      schools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; i < current->schools->len; i++)
        {
          const DabiaoSchool *school = g_ptr_array_index (current->schools, i);

          if (school->code != NULL)
            g_hash_table_insert (schools, g_strdup (school->code), NULL);
        }
      for (guint i = 0; i < details->schools->len; i++)
        {
          const DabiaoSchool *school = g_ptr_array_index (details->schools, i);

          if (school->code != NULL)
            g_hash_table_insert (schools, g_strdup (school->code),
                                 g_strstrip (g_strdup (school->name != NULL ? school->name : "")));
        }
      ok = _dabiao_event_put_schools (self, schools, &n_schools, error);
      n_changed += n_schools;
      for (guint i = 0; ok && i < details->schools->len; i++)
        {
          const DabiaoSchool *school = g_ptr_array_index (details->schools, i);
          g_autofree char *name = school->code != NULL && school->name != NULL ? g_strstrip (g_strdup (school->name)) : NULL;

          if (name != NULL)
            ok = code_school_participants (self, school->code, name, &n_changed, error);
        }
    }

  if (ok && n_changed > 0)
    ok = _dabiao_event_commit (self, error);
  else
    _dabiao_event_rollback (self);
  if (ok && n_changed > 0)
    _dabiao_event_reload_metadata (self);
  return ok;
}

gboolean
dabiao_event_set_details (DabiaoEvent               *self,
                          const DabiaoEventDetails  *details,
                          GError                   **error)
{
  gboolean ok;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (details != NULL, FALSE);

  _dabiao_event_lock (self);
  ok = set_details_locked (self, details, TRUE, error);
  _dabiao_event_unlock (self);
  return ok;
}

static gboolean
change_school (DabiaoEvent  *self,
               const char   *code,
               const char   *name,
               GError      **error)
{
  g_autoptr(GHashTable) schools = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) code_error = NULL;
  guint changed = 0;
  gboolean ok;

  if (!dabiao_school_code_check (code, &code_error))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, "%s", code_error->message);
      return FALSE;
    }
  if (name != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("The name of school %s"), code);

      if (!text_ok (label, name, MAX_SCHOOL_NAME_CHARS, error))
        return FALSE;
    }
  g_hash_table_insert (schools, (gpointer) code, (gpointer) name);

  _dabiao_event_lock (self);
  ok = _dabiao_event_begin (self, error) && _dabiao_event_put_schools (self, schools, &changed, error)
       && code_school_participants (self, code, name, &changed, error);
  if (ok && changed > 0)
    ok = _dabiao_event_commit (self, error);
  else
    _dabiao_event_rollback (self);
  _dabiao_event_unlock (self);
  return ok;
}

gboolean
dabiao_event_set_school (DabiaoEvent  *self,
                         const char   *code,
                         const char   *name,
                         GError      **error)
{
  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  return change_school (self, code, name != NULL ? name : "", error);
}

gboolean
dabiao_event_remove_school (DabiaoEvent  *self,
                            const char   *code,
                            GError      **error)
{
  g_autoptr(DabiaoEventDetails) details = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  details = dabiao_event_get_details (self, error);
  if (details == NULL)
    return FALSE;
  if (dabiao_event_details_find_school (details, code) == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("The event has no school with the 学校代码 “%s”"), code);
      return FALSE;
    }
  return change_school (self, code, NULL, error);
}

/* ---- Items added later ----------------------------------------------------- */

/* The items table in the standard's order: positions renumbered after an
 * item came or went (inside the caller's transaction). */
static gboolean
renumber_items (DabiaoEvent  *self,
                GPtrArray    *standard_items,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, "UPDATE items SET position = ? WHERE code = ?", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < standard_items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (standard_items, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int (stmt, 1, i);
      sqlite3_bind_text (stmt, 2, item->code, -1, SQLITE_STATIC);
      if (!_dabiao_event_step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_item (DabiaoEvent            *self,
             const DabiaoEventItem  *item,
             GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self,
                                                        "INSERT OR IGNORE INTO items (position, code, number, name, unit,"
                                                        " better, attempts, decimals, format)"
                                                        " VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, item->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, item->number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, item->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, item->unit, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, item->better);
  sqlite3_bind_int (stmt, 6, item->attempts);
  sqlite3_bind_int (stmt, 7, item->decimals);
  sqlite3_bind_int (stmt, 8, item->format);
  return _dabiao_event_step_done (self, stmt, error);
}

static gboolean
delete_item (DabiaoEvent  *self,
             const char   *code,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = _dabiao_event_prepare (self, "DELETE FROM items WHERE code = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  return _dabiao_event_step_done (self, stmt, error);
}

/**
 * dabiao_event_count_item_measurements:
 *
 * Measurements recorded for the item @code (voided ones too); -1 on error.
 */
gint64
dabiao_event_count_item_measurements (DabiaoEvent  *self,
                                      const char   *code,
                                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n = -1;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), -1);

  _dabiao_event_lock (self);
  stmt = _dabiao_event_prepare (self, "SELECT count (*) FROM measurements WHERE item = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      else
        _dabiao_event_set_db_error (self, error);
    }
  _dabiao_event_unlock (self);
  return n;
}

static const DabiaoEventItem *
find_standard_item (GPtrArray  *items,
                    const char *code)
{
  for (guint i = 0; code != NULL && i < items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->code, code) || (*item->number != '\0' && g_str_equal (item->number, code))
          || g_str_equal (item->name, code))
        return item;
    }
  return NULL;
}

/* As dabiao_event_set_item_attempts() keeps them, so a merge carries
 * the attempts chosen with the item. */
static gboolean
put_attempts_setting (DabiaoEvent  *self,
                      const char   *code,
                      guint         attempts,
                      GError      **error)
{
  g_autofree char *key = g_strconcat (DABIAO_EVENT_ATTEMPTS_KEY_PREFIX, code, NULL);
  g_autofree char *value = g_strdup_printf ("%u", attempts);

  return _dabiao_event_put_setting (self, key, value, error);
}

gboolean
dabiao_event_add_item (DabiaoEvent  *self,
                       const char   *code,
                       guint         attempts,
                       GError      **error)
{
  g_autoptr(GPtrArray) standard_items = NULL;
  g_autoptr(DabiaoEventItem) item = NULL;
  g_autofree char *key = NULL;
  g_autofree char *detail = NULL;
  const DabiaoEventItem *found;
  gboolean ok = FALSE;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  standard_items = dabiao_event_items_for_standard (dabiao_event_get_standard (self), error);
  if (standard_items == NULL)
    return FALSE;
  found = find_standard_item (standard_items, code);
  if (found == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("The event's standard has no item “%s”"), code != NULL ? code : "");
      return FALSE;
    }
  if (attempts > 99)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, _("Attempts for “%s” must be 1–99"), found->name);
      return FALSE;
    }
  _dabiao_event_lock (self);
  if (dabiao_event_find_item (self, found->code) != NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, _("The event has the item %s already"),
                   found->name);
      goto out;
    }
  item = dabiao_event_item_copy (found);
  if (attempts > 0)
    item->attempts = attempts;
  key = g_strconcat (ITEM_KEY_PREFIX, item->code, NULL);
  detail = g_strdup_printf ("项目 +%s", item->name);
  ok = _dabiao_event_begin (self, error)
       && insert_item (self, item, error)
       && renumber_items (self, standard_items, error)
       && _dabiao_event_put_setting (self, key, ITEM_PRESENT, error)
       && (attempts == 0 || put_attempts_setting (self, item->code, item->attempts, error))
       && _dabiao_event_audit (self, "details", detail, error)
       && _dabiao_event_commit (self, error);
  if (!ok)
    _dabiao_event_rollback (self);
  else
    _dabiao_event_reload_items (self);
out:
  _dabiao_event_unlock (self);
  return ok;
}

gboolean
dabiao_event_remove_item (DabiaoEvent  *self,
                          const char   *code,
                          GError      **error)
{
  g_autoptr(GPtrArray) standard_items = NULL;
  g_autoptr(GPtrArray) definitions = NULL;
  g_autofree char *key = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *item_code = NULL;
  g_autofree char *item_name = NULL;
  const DabiaoEventItem *item;
  gboolean ok = FALSE;
  gint64 n;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), FALSE);

  _dabiao_event_lock (self);
  item = dabiao_event_find_item (self, code);
  if (item == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND, _("The event has no item “%s”"),
                   code != NULL ? code : "");
      goto out;
    }
  item_code = g_strdup (item->code);
  item_name = g_strdup (item->name);
  if (dabiao_event_get_items (self)->len == 1)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("%s is the event's only item; an event needs at least one"), item_name);
      goto out;
    }
  n = dabiao_event_count_item_measurements (self, item_code, error);
  if (n < 0)
    goto out;
  if (n > 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   ngettext ("%s cannot be removed: %u measurement is recorded for it",
                             "%s cannot be removed: %u measurements are recorded for it", n),
                   item_name, (guint) n);
      goto out;
    }
  definitions = dabiao_event_list_station_definitions (self, error);
  if (definitions == NULL)
    goto out;
  for (guint i = 0; i < definitions->len; i++)
    {
      const DabiaoStationDefinition *definition = g_ptr_array_index (definitions, i);

      if (g_strv_contains ((const char * const *) definition->items, item_code))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("%s cannot be removed: station “%s” measures it; change that station first"),
                       item_name, definition->name);
          goto out;
        }
    }
  standard_items = dabiao_event_items_for_standard (dabiao_event_get_standard (self), NULL);
  key = g_strconcat (ITEM_KEY_PREFIX, item_code, NULL);
  detail = g_strdup_printf ("项目 -%s", item_name);
  ok = _dabiao_event_begin (self, error)
       && delete_item (self, item_code, error)
       && (standard_items == NULL || renumber_items (self, standard_items, error))
       && _dabiao_event_put_setting (self, key, ITEM_REMOVED, error)
       && _dabiao_event_audit (self, "details", detail, error)
       && _dabiao_event_commit (self, error);
  if (!ok)
    _dabiao_event_rollback (self);
  else
    _dabiao_event_reload_items (self);
out:
  _dabiao_event_unlock (self);
  return ok;
}

/* After a merge (inside its transaction): items another copy added come,
 * items it removed go unless something is recorded for them here. */
static gboolean
apply_item_settings (DabiaoEvent  *self,
                     guint        *changed,
                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) standard_items = NULL;
  guint n = 0;
  int rc;

  stmt = _dabiao_event_prepare (self,
                                "SELECT substr (key, length ('" ITEM_KEY_PREFIX "') + 1), value,"
                                " EXISTS (SELECT 1 FROM items WHERE code = substr (key, length ('" ITEM_KEY_PREFIX "') + 1))"
                                " FROM settings WHERE key GLOB '" ITEM_KEY_PREFIX "*'", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *code = column_dup (stmt, 0);
      gboolean present = g_str_equal ((const char *) sqlite3_column_text (stmt, 1), ITEM_PRESENT);
      gboolean here = sqlite3_column_int (stmt, 2);

      if (present == here)
        continue;
      if (standard_items == NULL)
        {
          standard_items = dabiao_event_items_for_standard (dabiao_event_get_standard (self), error);
          if (standard_items == NULL)
            return FALSE;
        }
      if (present)
        {
          const DabiaoEventItem *item = find_standard_item (standard_items, code);

          if (item != NULL && !insert_item (self, item, error))
            return FALSE;
          n += item != NULL;
        }
      else
        {
          gint64 recorded = dabiao_event_count_item_measurements (self, code, error);

          if (recorded < 0)
            return FALSE;
          if (recorded == 0)
            {
              if (!delete_item (self, code, error))
                return FALSE;
              n++;
            }
        }
    }
  if (rc != SQLITE_DONE)
    {
      _dabiao_event_set_db_error (self, error);
      return FALSE;
    }
  if (n > 0 && !renumber_items (self, standard_items, error))
    return FALSE;
  *changed += n;
  return TRUE;
}

/* ---- Async -------------------------------------------------------------- */

static void
get_details_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  DabiaoEventDetails *details = dabiao_event_get_details (source_object, &error);

  if (details == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, details, (GDestroyNotify) dabiao_event_details_free);
}

void
dabiao_event_get_details_async (DabiaoEvent         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dabiao_event_get_details_async);
  dabiao_event_run_in_worker (self, task, get_details_thread);
}

DabiaoEventDetails *
dabiao_event_get_details_finish (DabiaoEvent   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
set_details_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;

  if (dabiao_event_set_details (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dabiao_event_set_details_async (DabiaoEvent               *self,
                                const DabiaoEventDetails  *details,
                                GCancellable              *cancellable,
                                GAsyncReadyCallback        callback,
                                gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dabiao_event_set_details_async);
  g_task_set_task_data (task, dabiao_event_details_copy (details), (GDestroyNotify) dabiao_event_details_free);
  dabiao_event_run_in_worker (self, task, set_details_thread);
}

gboolean
dabiao_event_set_details_finish (DabiaoEvent   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
