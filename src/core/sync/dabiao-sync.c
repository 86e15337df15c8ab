/* dabiao-sync.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dabiao-error.h"
#include "dabiao-event-travel.h"
#include "dabiao-server-private.h"
#include "dabiao-sync.h"

/* One round (see dabiao-sync.h and docs/decisions/ for the reasons):
 *
 *   1. collect (the file, one read snapshot): the rows above the marks for
 *      this server, each measurement checked against its hash;
 *   2. exchange (the server, one transaction under the event's advisory
 *      lock): create the event if it is new there, take the rows of the
 *      event with sid above our mark, COPY ours in (INSERT … ON CONFLICT
 *      DO NOTHING; settings newest-wins, reprints the larger), note the
 *      station's sync, read the event's highest sid, COMMIT;
 *   3. apply (the file, one transaction): stage, verify, merge, store the
 *      marks.
 *
 * A kill between any two steps loses nothing: the marks only move in
 * step 3, after the server committed, so at worst the next round sends
 * again what the server has (ignored) and takes again what the file has
 * (ignored).  Rows of one event only ever get sids under its lock, and the
 * highest sid is read under it, so a mark never skips a row another
 * station was committing at the same time. */

typedef struct
{
  DabiaoEvent       *event;
  char              *server_id;
  char              *label;
  GPtrArray         *meta;
  GPtrArray         *items;
  DabiaoSyncMarks    marks;
  GString           *out[DABIAO_TRAVEL_N_TABLES];
  guint              n_out[DABIAO_TRAVEL_N_TABLES];
  PGresult          *in[DABIAO_TRAVEL_N_TABLES];
  gint64             received;
  DabiaoSyncReport  *report;
  gboolean           receive_only;   /* take, send nothing, note nothing */
} Round;

void
dabiao_sync_report_free (DabiaoSyncReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->roster_differences, g_ptr_array_unref);
  g_free (report);
}

static Round *
round_new (DabiaoEvent *event)
{
  Round *r = g_new0 (Round, 1);

  r->event = g_object_ref (event);
  for (guint t = 0; t < DABIAO_TRAVEL_N_TABLES; t++)
    r->out[t] = g_string_new (NULL);
  r->report = g_new0 (DabiaoSyncReport, 1);
  r->report->roster_differences = g_ptr_array_new_with_free_func (g_free);
  return r;
}

static void
round_free (Round *r)
{
  g_object_unref (r->event);
  g_free (r->server_id);
  g_free (r->label);
  g_clear_pointer (&r->meta, g_ptr_array_unref);
  g_clear_pointer (&r->items, g_ptr_array_unref);
  _dabiao_sync_marks_clear (&r->marks);
  for (guint t = 0; t < DABIAO_TRAVEL_N_TABLES; t++)
    {
      g_string_free (r->out[t], TRUE);
      g_clear_pointer (&r->in[t], PQclear);
    }
  dabiao_sync_report_free (r->report);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Round, round_free)

/* Testing: DABIAO_TEST_SYNC_KILL_AT=sent|committed|applied kills the process
 * at that point of a round (tests/sync/test-sync.c). */
static void
test_kill_point (const char *name)
{
  const char *at = g_getenv ("DABIAO_TEST_SYNC_KILL_AT");

  if (at != NULL && g_str_equal (at, name))
    raise (SIGKILL);
}

static void
test_kill_applied (void)
{
  test_kill_point ("applied");
}

/* ---- 1. collect --------------------------------------------------------- */

/* COPY's text format: tab-separated, \N for NULL, backslash escapes. */
static void
copy_append_text (GString    *out,
                  const char *text,
                  gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      switch (c)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default: g_string_append_c (out, c); break;
        }
    }
}

static gboolean
collect_row (DabiaoTravelTableId   id,
             sqlite3_stmt         *row,
             gpointer              data,
             GError              **error)
{
  Round *r = data;
  GString *out = r->out[id];
  const char *types = dabiao_travel_tables[id].types;

  for (int i = 0; types[i] != '\0'; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\t');
      if (sqlite3_column_type (row, i) == SQLITE_NULL)
        {
          if (types[i] == 't')
            continue;   /* empty text */
          g_string_append (out, "\\N");
          continue;
        }
      switch (types[i])
        {
        case 'i':
          g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (row, i));
          break;
        case 'r':
          {
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.17g", sqlite3_column_double (row, i)));
          }
          break;
        case 'b':
          {
            const guchar *bytes = sqlite3_column_blob (row, i);
            int n = sqlite3_column_bytes (row, i);

            g_string_append (out, "\\\\x");
            for (int j = 0; j < n; j++)
              g_string_append_printf (out, "%02x", bytes[j]);
          }
          break;
        default:
          copy_append_text (out, (const char *) sqlite3_column_text (row, i), sqlite3_column_bytes (row, i));
          break;
        }
    }
  /* Then its row hash, checked by collect (dabiao-event-sync.c). */
  if (dabiao_travel_tables[id].row_hash)
    {
      int c = strlen (types);

      g_string_append_c (out, '\t');
      if (sqlite3_column_type (row, c) == SQLITE_NULL)
        g_string_append (out, "\\N");
      else
        copy_append_text (out, (const char *) sqlite3_column_text (row, c), sqlite3_column_bytes (row, c));
    }
  g_string_append_c (out, '\n');
  r->n_out[id]++;
  return TRUE;
}

static gboolean
collect_nothing (DabiaoTravelTableId   id,
                 sqlite3_stmt         *row,
                 gpointer              data,
                 GError              **error)
{
  return TRUE;
}

static gboolean
collect (Round   *r,
         GError **error)
{
  if (r->receive_only)
    return _dabiao_event_sync_collect (r->event, r->server_id, &r->meta, &r->items, collect_nothing, r,
                                       &r->marks, error);
  return _dabiao_event_sync_collect (r->event, r->server_id, &r->meta, &r->items, collect_row, r,
                                     &r->marks, error);
}

/* ---- 2. exchange -------------------------------------------------------- */

static const char *
meta_value (GPtrArray  *meta,
            const char *key)
{
  for (guint i = 0; i + 1 < meta->len; i += 2)
    if (g_str_equal (g_ptr_array_index (meta, i), key))
      return g_ptr_array_index (meta, i + 1);
  return "";
}

static char *
meta_to_json (GPtrArray *meta)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i + 1 < meta->len; i += 2)
    {
      json_builder_set_member_name (builder, g_ptr_array_index (meta, i));
      json_builder_add_string_value (builder, g_ptr_array_index (meta, i + 1));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
ensure_event (Round         *r,
              DabiaoServer  *server,
              GError       **error)
{
  g_autofree char *json = meta_to_json (r->meta);
  const char *uuid = dabiao_event_get_uuid (r->event);
  const char *params[10] = {
    uuid, meta_value (r->meta, "name"), meta_value (r->meta, "date"), meta_value (r->meta, "place"),
    meta_value (r->meta, "organizer"), meta_value (r->meta, "standard"), json,
  };
  g_autoptr(PGresult) inserted = NULL;

  inserted = _dabiao_server_query (server,
                                   "INSERT INTO events (uuid, name, date, place, organizer, standard, meta)"
                                   " VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (uuid) DO NOTHING"
                                   " RETURNING uuid", 7, params, error);
  if (inserted == NULL)
    return FALSE;
  if (PQntuples (inserted) == 0)
    return TRUE;
  /* New on the server: its items too. */
  for (guint i = 0; i < r->items->len; i++)
    {
      char **fields = g_ptr_array_index (r->items, i);
      g_autoptr(PGresult) item = NULL;

      params[0] = uuid;
      for (int f = 0; f < 9; f++)
        params[f + 1] = fields[f];
      item = _dabiao_server_query (server,
                                   "INSERT INTO items (event_uuid, position, code, number, name, unit, better,"
                                   " attempts, decimals, format) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                                   " ON CONFLICT DO NOTHING", 10, params, error);
      if (item == NULL)
        return FALSE;
    }
  return TRUE;
}

/* @params: the event's uuid, the server's sid above which rows come. */
static gboolean
receive_table (Round                *r,
               DabiaoServer         *server,
               DabiaoTravelTableId   t,
               const char          **params,
               GError              **error)
{
  const DabiaoTravelTable *table = &dabiao_travel_tables[t];
  g_autofree char *sql = g_strdup_printf ("SELECT %s%s FROM %s WHERE event_uuid = $1 AND sid > $2::bigint"
                                          " ORDER BY sid", table->columns, table->row_hash ? ", row_hash" : "",
                                          table->name);

  r->in[t] = _dabiao_server_query (server, sql, 2, params, error);
  return r->in[t] != NULL;
}

static gboolean
receive (Round         *r,
         DabiaoServer  *server,
         GError       **error)
{
  g_autofree char *mark = g_strdup_printf ("%" G_GINT64_FORMAT, r->marks.received);
  const char *params[] = { dabiao_event_get_uuid (r->event), mark };

  for (guint t = 0; t < DABIAO_TRAVEL_N_TABLES; t++)
    if (!receive_table (r, server, t, params, error))
      return FALSE;
  return TRUE;
}

/* How each table's rows go in: nothing is ever overwritten except by the
 * merge's own rules. */
static const char * const send_conflict[DABIAO_TRAVEL_N_TABLES] = {
  [DABIAO_TRAVEL_PARTICIPANTS] = " ON CONFLICT DO NOTHING",
  [DABIAO_TRAVEL_MEASUREMENTS] = " ORDER BY station, seq ON CONFLICT DO NOTHING",
  [DABIAO_TRAVEL_CERTIFICATES] = " ON CONFLICT (event_uuid, uuid) DO UPDATE SET"
                                 " reprints = greatest (certificates.reprints, excluded.reprints),"
                                 " reissued_on = CASE WHEN excluded.reprints > certificates.reprints"
                                 "  THEN excluded.reissued_on ELSE certificates.reissued_on END,"
                                 " printed = CASE WHEN certificates.printed = '' THEN excluded.printed"
                                 "  ELSE certificates.printed END, sid = nextval ('dabiao_sid')"
                                 " WHERE excluded.reprints > certificates.reprints"
                                 "  OR (certificates.printed = '' AND excluded.printed != '')",
  [DABIAO_TRAVEL_SETTINGS] = " WHERE true ON CONFLICT (event_uuid, key) DO UPDATE SET value = excluded.value,"
                             " updated_at = excluded.updated_at, station = excluded.station,"
                             " row_hash = excluded.row_hash, sid = nextval ('dabiao_sid')"
                             " WHERE excluded.updated_at > settings.updated_at",
  [DABIAO_TRAVEL_AUDIT] = " ON CONFLICT DO NOTHING",
};

static gboolean
send_table (Round                *r,
            DabiaoServer         *server,
            DabiaoTravelTableId   id,
            GError              **error)
{
  const DabiaoTravelTable *table = &dabiao_travel_tables[id];
  PGconn *conn = _dabiao_server_get_conn (server);
  g_autofree char *columns = g_strconcat (table->columns, table->row_hash ? ", row_hash" : "", NULL);
  g_autofree char *create = g_strdup_printf ("CREATE TEMP TABLE IF NOT EXISTS out_%s ON COMMIT DELETE ROWS AS"
                                             " SELECT %s FROM %s WHERE false", table->name, columns,
                                             table->name);
  g_autofree char *copy = g_strdup_printf ("COPY out_%s (%s) FROM STDIN", table->name, columns);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO %s (event_uuid, %s) SELECT $1, %s FROM out_%s%s",
                                             table->name, columns, columns, table->name,
                                             send_conflict[id]);
  g_autofree char *clear = g_strdup_printf ("TRUNCATE out_%s", table->name);
  g_autoptr(PGresult) copying = NULL;
  g_autoptr(PGresult) copied = NULL;
  g_autoptr(PGresult) inserted = NULL;
  const char *params[] = { dabiao_event_get_uuid (r->event) };
  guint count;

  if (r->n_out[id] == 0)
    return TRUE;
  if (!_dabiao_server_exec (server, create, error) || !_dabiao_server_exec (server, clear, error))
    return FALSE;
  copying = _dabiao_server_query (server, copy, 0, NULL, error);
  if (copying == NULL)
    return FALSE;
  if (PQputCopyData (conn, r->out[id]->str, r->out[id]->len) != 1 || PQputCopyEnd (conn, NULL) != 1)
    {
      _dabiao_server_set_error (server, NULL, error);
      return FALSE;
    }
  copied = PQgetResult (conn);
  if (PQresultStatus (copied) != PGRES_COMMAND_OK)
    {
      _dabiao_server_set_error (server, copied, error);
      while ((copied = PQgetResult (conn)) != NULL)
        PQclear (g_steal_pointer (&copied));
      return FALSE;
    }
  while (PQgetResult (conn) != NULL)
    ;
  inserted = _dabiao_server_query (server, insert, 1, params, error);
  if (inserted == NULL)
    return FALSE;
  count = (guint) g_ascii_strtoull (PQcmdTuples (inserted), NULL, 10);
  r->report->sent += count;
  if (id == DABIAO_TRAVEL_MEASUREMENTS)
    r->report->measurements_sent += count;
  return TRUE;
}

static gboolean
exchange (Round         *r,
          DabiaoServer  *server,
          GError       **error)
{
  const char *uuid = dabiao_event_get_uuid (r->event);
  const char *params[] = { uuid, dabiao_event_get_station (r->event) };
  g_autoptr(PGresult) locked = NULL;
  g_autoptr(PGresult) noted = NULL;
  g_autoptr(PGresult) highest = NULL;
  gboolean ok;

  ok = _dabiao_server_exec (server, r->receive_only ? "BEGIN READ ONLY" : "BEGIN", error)
       && (locked = _dabiao_server_query (server, "SELECT pg_advisory_xact_lock (hashtextextended ($1, 0))",
                                          1, params, error)) != NULL
       && (r->receive_only || ensure_event (r, server, error))
       && receive (r, server, error);
  for (guint t = 0; ok && !r->receive_only && t < DABIAO_TRAVEL_N_TABLES; t++)
    ok = send_table (r, server, t, error);
  ok = ok
       && (r->receive_only
           || (noted = _dabiao_server_query (server,
                                         "INSERT INTO station_syncs (event_uuid, station) VALUES ($1, $2)"
                                         " ON CONFLICT (event_uuid, station, role) DO UPDATE SET last_sync = now ()",
                                         2, params, error)) != NULL)
       && (highest = _dabiao_server_query (server,
                                           "SELECT greatest ((SELECT max (sid) FROM participants WHERE event_uuid = $1),"
                                           " (SELECT max (sid) FROM measurements WHERE event_uuid = $1),"
                                           " (SELECT max (sid) FROM certificates WHERE event_uuid = $1),"
                                           " (SELECT max (sid) FROM settings WHERE event_uuid = $1),"
                                           " (SELECT max (sid) FROM audit WHERE event_uuid = $1), 0)",
                                           1, params, error)) != NULL;
  if (ok)
    {
      r->received = MAX (r->marks.received, g_ascii_strtoll (PQgetvalue (highest, 0, 0), NULL, 10));
      test_kill_point ("sent");
    }
  ok = ok && _dabiao_server_exec (server, "COMMIT", error);
  if (!ok)
    _dabiao_server_rollback (server);
  else
    test_kill_point ("committed");
  return ok;
}

/* ---- 3. apply ----------------------------------------------------------- */

static gboolean
stage_rows (DabiaoTravelTableId   id,
            sqlite3_stmt         *insert,
            gpointer              data,
            GError              **error)
{
  Round *r = data;
  PGresult *rows = r->in[id];
  const char *types = dabiao_travel_tables[id].types;
  int n = strlen (types);

  for (int i = 0; rows != NULL && i < PQntuples (rows); i++)
    {
      sqlite3_reset (insert);
      sqlite3_clear_bindings (insert);
      for (int c = 0; types[c] != '\0'; c++)
        {
          const char *text = PQgetvalue (rows, i, c);

          if (PQgetisnull (rows, i, c))
            {
              if (types[c] == 't')
                sqlite3_bind_text (insert, c + 1, "", 0, SQLITE_STATIC);
              else
                sqlite3_bind_null (insert, c + 1);
              continue;
            }
          switch (types[c])
            {
            case 'i':
              sqlite3_bind_int64 (insert, c + 1, g_ascii_strtoll (text, NULL, 10));
              break;
            case 'r':
              sqlite3_bind_double (insert, c + 1, g_ascii_strtod (text, NULL));
              break;
            case 'b':
              {
                size_t length = 0;
                unsigned char *bytes = PQunescapeBytea ((const unsigned char *) text, &length);

                if (bytes == NULL)
                  {
                    g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_FAILED, _("Out of memory"));
                    return FALSE;
                  }
                sqlite3_bind_blob64 (insert, c + 1, bytes, length, SQLITE_TRANSIENT);
                PQfreemem (bytes);
              }
              break;
            default:
              sqlite3_bind_text (insert, c + 1, text, PQgetlength (rows, i, c), SQLITE_STATIC);
              break;
            }
        }
      /* The row hash its sender claims, checked by verify_staged(). */
      if (dabiao_travel_tables[id].row_hash && !PQgetisnull (rows, i, n))
        sqlite3_bind_text (insert, n + 1, PQgetvalue (rows, i, n), PQgetlength (rows, i, n), SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_DB, "%s", sqlite3_errmsg (sqlite3_db_handle (insert)));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
apply (Round   *r,
       GError **error)
{
  g_autoptr(DabiaoMergeReport) merge = g_new0 (DabiaoMergeReport, 1);

  merge->roster_differences = g_ptr_array_new_with_free_func (g_free);
  if (!_dabiao_event_sync_apply (r->event, r->server_id, r->label, stage_rows, r, &r->marks, r->received,
                                 merge, test_kill_applied, error))
    return FALSE;
  r->report->measurements_received = merge->measurements_added;
  r->report->received = merge->measurements_added + merge->participants_added + merge->certificates_added
                        + merge->audit_added + merge->settings_updated;
  g_ptr_array_extend_and_steal (r->report->roster_differences, g_steal_pointer (&merge->roster_differences));
  merge->roster_differences = g_ptr_array_new ();
  return TRUE;
}

/* ---- Rounds --------------------------------------------------------------- */

static gboolean
prepare (Round         *r,
         DabiaoServer  *server,
         GError       **error)
{
  if (!dabiao_server_check (server, error))
    return FALSE;
  r->server_id = g_strdup (dabiao_server_get_id (server));
  r->label = g_strdup_printf (_("server %s"), dabiao_server_get_label (server));
  return TRUE;
}

DabiaoSyncReport *
dabiao_sync_event (DabiaoEvent   *event,
                   DabiaoServer  *server,
                   GError       **error)
{
  g_autoptr(Round) r = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (event), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  r = round_new (event);
  if (!prepare (r, server, error) || !collect (r, error) || !exchange (r, server, error) || !apply (r, error))
    return NULL;
  return g_steal_pointer (&r->report);
}

gboolean
dabiao_sync_count_pending (DabiaoEvent  *event,
                           const char   *server_id,
                           guint        *pending,
                           GError      **error)
{
  return _dabiao_event_sync_count_pending (event, server_id, pending, error);
}

/* ---- Joining an event from the server ----------------------------------- */

gboolean
_dabiao_sync_fetch_event (DabiaoServer  *server,
                          const char    *event_uuid,
                          GPtrArray    **meta_out,
                          GPtrArray    **items_out,
                          GError       **error)
{
  g_autoptr(PGresult) event_row = NULL;
  g_autoptr(PGresult) item_rows = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) meta = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);
  const char *params[] = { event_uuid };
  JsonObject *object;
  GList *members;

  event_row = _dabiao_server_query (server, "SELECT meta::text FROM events WHERE uuid = $1", 1, params, error);
  if (event_row == NULL)
    return FALSE;
  if (PQntuples (event_row) == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Server %s has no event %s (or this station may not read it): “dabiao-cli server list URL” lists the events"),
                   dabiao_server_get_label (server), event_uuid);
      return FALSE;
    }
  item_rows = _dabiao_server_query (server,
                                    "SELECT code, number, name, unit, better, decimals, format, attempts"
                                    " FROM items WHERE event_uuid = $1 ORDER BY position", 1, params, error);
  if (item_rows == NULL)
    return FALSE;
  if (!json_parser_load_from_data (parser, PQgetvalue (event_row, 0, 0), -1, error))
    return FALSE;
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *m = members; m != NULL; m = m->next)
    {
      g_ptr_array_add (meta, g_strdup (m->data));
      g_ptr_array_add (meta, g_strdup (json_object_get_string_member_with_default (object, m->data, "")));
    }
  g_list_free (members);
  for (int i = 0; i < PQntuples (item_rows); i++)
    g_ptr_array_add (items,
                     dabiao_event_item_new (PQgetvalue (item_rows, i, 0), PQgetvalue (item_rows, i, 1),
                                            PQgetvalue (item_rows, i, 2), PQgetvalue (item_rows, i, 3),
                                            atoi (PQgetvalue (item_rows, i, 4)), atoi (PQgetvalue (item_rows, i, 5)),
                                            atoi (PQgetvalue (item_rows, i, 6)), atoi (PQgetvalue (item_rows, i, 7))));
  *meta_out = g_steal_pointer (&meta);
  *items_out = g_steal_pointer (&items);
  return TRUE;
}

gboolean
_dabiao_sync_take_settings (DabiaoEvent   *event,
                            DabiaoServer  *server,
                            GError       **error)
{
  g_autoptr(Round) r = round_new (event);
  const char *params[] = { dabiao_event_get_uuid (event), "0" };

  return prepare (r, server, error)
         && receive_table (r, server, DABIAO_TRAVEL_SETTINGS, params, error)
         && apply (r, error);
}

static DabiaoEvent *
join (const char         *path,
      DabiaoServer       *server,
      const char         *event_uuid,
      const char         *station,
      gboolean            receive_only,
      DabiaoSyncReport  **report_out,
      GError            **error)
{
  g_autoptr(GPtrArray) meta = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(Round) r = NULL;

  if (!dabiao_server_check (server, error)
      || !_dabiao_sync_fetch_event (server, event_uuid, &meta, &items, error))
    return NULL;
  event = _dabiao_event_create_copy (path, meta, items, error);
  if (event == NULL)
    return NULL;
  if (station != NULL)
    dabiao_event_set_station (event, station);
  r = round_new (event);
  r->receive_only = receive_only;
  if (!prepare (r, server, error) || !collect (r, error) || !exchange (r, server, error) || !apply (r, error))
    {
      /* The file exists and is valid: a later sync finishes the job. */
      g_prefix_error (error, _("“%s” was created but not filled (run “dabiao-cli sync” on it again): "), path);
      return NULL;
    }
  if (report_out != NULL)
    *report_out = g_steal_pointer (&r->report);
  return g_steal_pointer (&event);
}

DabiaoEvent *
dabiao_sync_join (const char         *path,
                  DabiaoServer       *server,
                  const char         *event_uuid,
                  const char         *station,
                  DabiaoSyncReport  **report_out,
                  GError            **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (event_uuid != NULL, NULL);

  return join (path, server, event_uuid, station, FALSE, report_out, error);
}

DabiaoEvent *
_dabiao_sync_pull (const char    *path,
                   DabiaoServer  *server,
                   const char    *event_uuid,
                   GError       **error)
{
  return join (path, server, event_uuid, NULL, TRUE, NULL, error);
}

/* ---- For the app ---------------------------------------------------------- */

typedef struct
{
  char             *url;
  char             *password;
  DabiaoEvent      *event;
  char             *server_id;
} AsyncData;

static void
async_data_free (AsyncData *data)
{
  g_free (data->url);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_clear_object (&data->event);
  g_free (data->server_id);
  g_free (data);
}

typedef gboolean (*RoundStep) (Round *r, GError **error);

typedef struct
{
  Round     *round;
  RoundStep  step;
  gboolean   done;
  gboolean   ok;
  GError    *error;
} WorkerCall;

static void
worker_step (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  WorkerCall *call = task_data;

  call->ok = call->step (call->round, &call->error);
  g_task_return_boolean (task, TRUE);
}

static void
worker_step_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  WorkerCall *call = user_data;

  call->done = TRUE;
}

/* Runs @step on the event's worker (after every record queued before it)
 * and waits for it here, on the sync thread. */
static gboolean
run_on_worker (Round      *r,
               RoundStep   step,
               GError    **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  WorkerCall call = { r, step, FALSE, FALSE, NULL };
  GTask *task;

  g_main_context_push_thread_default (context);
  task = g_task_new (NULL, NULL, worker_step_done, &call);
  g_task_set_task_data (task, &call, NULL);
  dabiao_event_run_in_worker (r->event, task, worker_step);
  g_object_unref (task);
  while (!call.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  if (!call.ok)
    g_propagate_error (error, call.error);
  return call.ok;
}

static void
sync_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  AsyncData *data = task_data;
  g_autoptr(DabiaoServer) server = NULL;
  g_autoptr(Round) r = round_new (data->event);
  GError *error = NULL;

  server = dabiao_server_connect (data->url, data->password, &error);
  if (server == NULL || !prepare (r, server, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  data->server_id = g_strdup (r->server_id);
  if (!run_on_worker (r, collect, &error) || !exchange (r, server, &error) || !run_on_worker (r, apply, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&r->report), (GDestroyNotify) dabiao_sync_report_free);
}

void
dabiao_sync_event_async (DabiaoEvent          *event,
                         const char           *url,
                         const char           *password,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (DABIAO_IS_EVENT (event));
  g_return_if_fail (url != NULL);

  task = g_task_new (event, cancellable, callback, user_data);
  g_task_set_source_tag (task, dabiao_sync_event_async);
  data = g_new0 (AsyncData, 1);
  data->url = g_strdup (url);
  data->password = g_strdup (password);
  data->event = g_object_ref (event);
  g_task_set_task_data (task, data, (GDestroyNotify) async_data_free);
  g_task_run_in_thread (task, sync_thread);
}

DabiaoSyncReport *
dabiao_sync_event_finish (GAsyncResult  *result,
                          char         **server_id,
                          GError       **error)
{
  GTask *task = G_TASK (result);
  AsyncData *data = g_task_get_task_data (task);

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if (server_id != NULL)
    *server_id = g_strdup (data->server_id);
  return g_task_propagate_pointer (task, error);
}
