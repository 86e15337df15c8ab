/* dabiao-server.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-server-private.h"

struct _DabiaoServer
{
  PGconn *conn;
  char   *label;
  char   *id;
};

/* ---- Schema ------------------------------------------------------------ */

/* server_migrations[i] takes a server from schema version i to i + 1, in the
 * one transaction dabiao_server_init() runs.  Never edit a released
 * migration; add one and bump DABIAO_SERVER_SCHEMA_VERSION.
 *
 * Rows carry the columns of the event file plus the event's uuid (every
 * primary key starts with it) and "sid", the server's order of arrival
 * (one sequence for every table), which is what a station asks for when it
 * takes the rows it lacks ("sid > the last one I took").  Rows of one event
 * are only ever written under that event's advisory lock (see
 * dabiao-sync.c), so the sids of an event become visible in order and a
 * reader can never skip one. */
static const char * const server_migrations[] = {
  /* 0 → 1: the rows. */
  "CREATE TABLE dabiao_server (key text PRIMARY KEY, value text NOT NULL);"
  "CREATE SEQUENCE dabiao_sid;"
  "CREATE TABLE events (uuid text PRIMARY KEY, name text NOT NULL, date text NOT NULL,"
  "  place text NOT NULL, organizer text NOT NULL, standard text NOT NULL, meta jsonb NOT NULL,"
  "  created_by name NOT NULL DEFAULT session_user, created_on timestamptz NOT NULL DEFAULT now());"
  "CREATE TABLE items (event_uuid text NOT NULL REFERENCES events, position integer NOT NULL,"
  "  code text NOT NULL, number text NOT NULL, name text NOT NULL, unit text NOT NULL,"
  "  better integer NOT NULL, attempts integer NOT NULL, decimals integer NOT NULL,"
  "  format integer NOT NULL, PRIMARY KEY (event_uuid, code));"
  "CREATE TABLE participants (event_uuid text NOT NULL REFERENCES events, id text NOT NULL,"
  "  name text NOT NULL, sex integer NOT NULL, birth_date text NOT NULL, id_card text NOT NULL,"
  "  grade integer NOT NULL, class_code text NOT NULL, class_name text NOT NULL,"
  "  ethnicity text NOT NULL, address text NOT NULL, organization text NOT NULL,"
  "  phone text NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL,"
  "  sid bigint NOT NULL DEFAULT nextval ('dabiao_sid'), PRIMARY KEY (event_uuid, id));"
  "CREATE INDEX participants_sid ON participants (event_uuid, sid);"
  "CREATE TABLE measurements (event_uuid text NOT NULL REFERENCES events, uuid text NOT NULL,"
  "  participant_id text NOT NULL, item text NOT NULL, value double precision, unit text NOT NULL,"
  "  special integer NOT NULL, reason text NOT NULL, source integer NOT NULL,"
  "  instrument_id text NOT NULL, raw_frame bytea, station text NOT NULL, operator text NOT NULL,"
  "  measured_at bigint NOT NULL, recorded_at bigint NOT NULL, voids text,"
  "  seq bigint NOT NULL CHECK (seq >= 1), prev_hash text NOT NULL, hash text NOT NULL,"
  "  sid bigint NOT NULL DEFAULT nextval ('dabiao_sid'),"
  "  received_at timestamptz NOT NULL DEFAULT now (), received_from name NOT NULL DEFAULT session_user,"
  "  PRIMARY KEY (event_uuid, uuid));"
  "CREATE INDEX measurements_sid ON measurements (event_uuid, sid);"
  "CREATE INDEX measurements_chain ON measurements (event_uuid, station, seq);"
  "CREATE INDEX measurements_participant ON measurements (event_uuid, participant_id, item);"
  "CREATE TABLE audit (event_uuid text NOT NULL REFERENCES events, uuid text NOT NULL,"
  "  time bigint NOT NULL, station text NOT NULL, operator text NOT NULL, action text NOT NULL,"
  "  detail text NOT NULL, sid bigint NOT NULL DEFAULT nextval ('dabiao_sid'),"
  "  PRIMARY KEY (event_uuid, uuid));"
  "CREATE INDEX audit_sid ON audit (event_uuid, sid);"
  /* certificates.grade: the level of the total (as in event files). */
  "CREATE TABLE certificates (event_uuid text NOT NULL REFERENCES events, uuid text NOT NULL,"
  "  number text NOT NULL, participant_id text NOT NULL, grade text NOT NULL,"
  "  total double precision, issued_by text NOT NULL, issued_at bigint NOT NULL,"
  "  reprints integer NOT NULL DEFAULT 0, printed text NOT NULL DEFAULT '',"
  "  reissued_on text NOT NULL DEFAULT '', sid bigint NOT NULL DEFAULT nextval ('dabiao_sid'),"
  "  PRIMARY KEY (event_uuid, uuid));"
  "CREATE INDEX certificates_sid ON certificates (event_uuid, sid);"
  "CREATE TABLE settings (event_uuid text NOT NULL REFERENCES events, key text NOT NULL,"
  "  value text NOT NULL, updated_at bigint NOT NULL, station text NOT NULL,"
  "  sid bigint NOT NULL DEFAULT nextval ('dabiao_sid'), PRIMARY KEY (event_uuid, key));"
  "CREATE INDEX settings_sid ON settings (event_uuid, sid);"
  "CREATE TABLE station_syncs (event_uuid text NOT NULL REFERENCES events, station text NOT NULL,"
  "  role name NOT NULL DEFAULT session_user, last_sync timestamptz NOT NULL DEFAULT now (),"
  "  PRIMARY KEY (event_uuid, station));"
  /* Append-only, in the database itself: even the owner must disable the
   * trigger to change a row. */
  "CREATE FUNCTION dabiao_append_only () RETURNS trigger LANGUAGE plpgsql AS $$"
  " BEGIN"
  "  RAISE EXCEPTION 'dabiao: % rows are append-only; % refused', TG_TABLE_NAME, TG_OP"
  "   USING ERRCODE = 'restrict_violation';"
  " END $$;"
  "CREATE TRIGGER measurements_append_only BEFORE UPDATE OR DELETE ON measurements"
  "  FOR EACH ROW EXECUTE FUNCTION dabiao_append_only ();"
  "CREATE TRIGGER measurements_no_truncate BEFORE TRUNCATE ON measurements"
  "  FOR EACH STATEMENT EXECUTE FUNCTION dabiao_append_only ();"
  "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit"
  "  FOR EACH ROW EXECUTE FUNCTION dabiao_append_only ();"
  "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit"
  "  FOR EACH STATEMENT EXECUTE FUNCTION dabiao_append_only ();"
  /* The chain's links: a station's first row starts from the genesis hash,
   * every later one follows a row of its station that is already here.
   * (The hash of a row's contents is checked by the one implementation in
   * the event code, by the sender before it sends and by every station
   * before it applies a row; see dabiao-sync.c.) */
  "CREATE FUNCTION dabiao_check_chain () RETURNS trigger LANGUAGE plpgsql AS $$"
  " BEGIN"
  "  IF NEW.hash !~ '^[0-9a-f]{64}$' OR NEW.prev_hash !~ '^[0-9a-f]{64}$' THEN"
  "   RAISE EXCEPTION 'dabiao: measurement % (station %, row %) has no valid hash', NEW.uuid, NEW.station, NEW.seq"
  "    USING ERRCODE = 'check_violation';"
  "  END IF;"
  "  IF NEW.seq = 1 THEN"
  "   IF NEW.prev_hash <> repeat ('0', 64) THEN"
  "    RAISE EXCEPTION 'dabiao: measurement % (station %, row 1) does not start its chain', NEW.uuid, NEW.station"
  "     USING ERRCODE = 'check_violation';"
  "   END IF;"
  "  ELSIF NOT EXISTS (SELECT 1 FROM measurements p WHERE p.event_uuid = NEW.event_uuid"
  "                    AND p.station = NEW.station AND p.seq = NEW.seq - 1 AND p.hash = NEW.prev_hash) THEN"
  "   RAISE EXCEPTION 'dabiao: measurement % (station %, row %) does not follow a row of its station',"
  "    NEW.uuid, NEW.station, NEW.seq USING ERRCODE = 'foreign_key_violation';"
  "  END IF;"
  "  RETURN NEW;"
  " END $$;"
  "CREATE TRIGGER measurements_chain BEFORE INSERT ON measurements"
  "  FOR EACH ROW EXECUTE FUNCTION dabiao_check_chain ();",

  /* 1 → 2: station roles (dabiao-cli server add-station): members of
   * dabiao_station may read and insert the rows of the events listed for
   * them in station_access ('*': every event) and alter nothing but the
   * rows that merge by rule (a setting's newest value, a certificate's
   * reprint count). */
  "DO $$ BEGIN CREATE ROLE dabiao_station NOLOGIN;"
  " EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
  "CREATE TABLE station_access (role name NOT NULL, event_uuid text NOT NULL,"
  "  PRIMARY KEY (role, event_uuid));"
  "CREATE FUNCTION dabiao_may_access (event text) RETURNS boolean LANGUAGE sql STABLE"
  "  SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"
  "  SELECT EXISTS (SELECT 1 FROM public.station_access a WHERE a.role = session_user"
  "                 AND a.event_uuid IN (event, '*')) $$;"
  "REVOKE ALL ON FUNCTION dabiao_may_access (text) FROM PUBLIC;"
  "GRANT EXECUTE ON FUNCTION dabiao_may_access (text) TO dabiao_station;"
  "ALTER TABLE events ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY station_rows ON events TO dabiao_station"
  "  USING (dabiao_may_access (uuid)) WITH CHECK (dabiao_may_access (uuid));"
  "ALTER TABLE items ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY station_rows ON items TO dabiao_station"
  "  USING (dabiao_may_access (event_uuid)) WITH CHECK (dabiao_may_access (event_uuid));"
  "ALTER TABLE participants ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY station_rows ON participants TO dabiao_station"
  "  USING (dabiao_may_access (event_uuid)) WITH CHECK (dabiao_may_access (event_uuid));"
  "ALTER TABLE measurements ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY station_rows ON measurements TO dabiao_station"
  "  USING (dabiao_may_access (event_uuid)) WITH CHECK (dabiao_may_access (event_uuid));"
  "ALTER TABLE audit ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY station_rows ON audit TO dabiao_station"
  "  USING (dabiao_may_access (event_uuid)) WITH CHECK (dabiao_may_access (event_uuid));"
  "ALTER TABLE certificates ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY station_rows ON certificates TO dabiao_station"
  "  USING (dabiao_may_access (event_uuid)) WITH CHECK (dabiao_may_access (event_uuid));"
  "ALTER TABLE settings ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY station_rows ON settings TO dabiao_station"
  "  USING (dabiao_may_access (event_uuid)) WITH CHECK (dabiao_may_access (event_uuid));"
  "ALTER TABLE station_syncs ENABLE ROW LEVEL SECURITY;"
  "CREATE POLICY station_rows ON station_syncs TO dabiao_station"
  "  USING (dabiao_may_access (event_uuid)) WITH CHECK (dabiao_may_access (event_uuid));"
  "GRANT SELECT ON dabiao_server TO dabiao_station;"
  "GRANT SELECT, INSERT ON events, items, participants, measurements, audit, certificates,"
  "  settings, station_syncs TO dabiao_station;"
  "GRANT UPDATE (value, updated_at, station, sid) ON settings TO dabiao_station;"
  "GRANT UPDATE (reprints, reissued_on, printed, sid) ON certificates TO dabiao_station;"
  "GRANT UPDATE (role, last_sync) ON station_syncs TO dabiao_station;"
  "GRANT USAGE ON SEQUENCE dabiao_sid TO dabiao_station;",

  /* 2 → 3: the district's summary leaves voided rows out (an anti-join on
   * voids) and reads participants per event. */
  "CREATE INDEX measurements_voids ON measurements (event_uuid, voids) WHERE voids IS NOT NULL;",

  /* 3 → 4: row hashes (event file schema 6, docs/decisions/0171): the
   * rows whose file tables carry row_hash bring it along, and every
   * station checks it before it applies a row.  Rows the server took
   * before have none; from now on a row without one (or a setting
   * updated to none) is refused — NOT VALID checks new and changed rows
   * only. */
  "ALTER TABLE participants ADD COLUMN row_hash text;"
  "ALTER TABLE measurements ADD COLUMN row_hash text;"
  "ALTER TABLE settings ADD COLUMN row_hash text;"
  "ALTER TABLE participants ADD CONSTRAINT participants_row_hash"
  "  CHECK (row_hash IS NOT NULL AND row_hash ~ '^[0-9a-f]{64}$') NOT VALID;"
  "ALTER TABLE measurements ADD CONSTRAINT measurements_row_hash"
  "  CHECK (row_hash IS NOT NULL AND row_hash ~ '^[0-9a-f]{64}$') NOT VALID;"
  "ALTER TABLE settings ADD CONSTRAINT settings_row_hash"
  "  CHECK (row_hash IS NOT NULL AND row_hash ~ '^[0-9a-f]{64}$') NOT VALID;"
  "GRANT UPDATE (row_hash) ON settings TO dabiao_station;",

  /* 4 → 5: a sync is noted per login too (`server list` shows stations by
   * their login): two logins syncing under one station name stay two. */
  "ALTER TABLE station_syncs DROP CONSTRAINT station_syncs_pkey;"
  "ALTER TABLE station_syncs ADD PRIMARY KEY (event_uuid, station, role);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (server_migrations) == DABIAO_SERVER_SCHEMA_VERSION);

/* Every writer of the schema takes this lock first (two inits at once). */
#define SCHEMA_LOCK "SELECT pg_advisory_xact_lock (4470315105)"

/* ---- Connection -------------------------------------------------------- */

PGconn *
_dabiao_server_get_conn (DabiaoServer *self)
{
  return self->conn;
}

const char *
dabiao_server_get_label (DabiaoServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->label;
}

const char *
dabiao_server_get_id (DabiaoServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

void
dabiao_server_free (DabiaoServer *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->label);
  g_free (self->id);
  g_free (self);
}

/* ---- Passwords out of addresses and messages ---------------------------- */

static gboolean
is_uri (const char *url)
{
  return g_ascii_strncasecmp (url, "postgresql://", 13) == 0 || g_ascii_strncasecmp (url, "postgres://", 11) == 0;
}

static void
take_password (char       **password,
               const char  *text,
               gssize       length,
               gboolean     uri_escaped)
{
  g_autofree char *raw = g_strndup (text, length >= 0 ? (gsize) length : strlen (text));

  if (password == NULL)
    return;
  g_free (*password);
  *password = uri_escaped ? g_uri_unescape_string (raw, NULL) : NULL;
  if (*password == NULL)
    *password = g_steal_pointer (&raw);
}

/* A URI: scheme://[user[:password]@]host…/db?k=v&… */
static char *
strip_uri (const char  *url,
           char       **password)
{
  const char *authority = strstr (url, "://") + 3;
  const char *end = authority + strcspn (authority, "/?");
  const char *at = NULL;
  const char *query;
  GString *out = g_string_new_len (url, authority - url);

  for (const char *c = authority; c < end; c++)
    if (*c == '@')
      at = c;
  if (at != NULL)
    {
      const char *colon = memchr (authority, ':', at - authority);

      if (colon != NULL)
        {
          take_password (password, colon + 1, at - colon - 1, TRUE);
          g_string_append_len (out, authority, colon - authority);
          g_string_append_len (out, at, end - at);
        }
      else
        g_string_append_len (out, authority, end - authority);
    }
  else
    g_string_append_len (out, authority, end - authority);

  query = strchr (end, '?');
  g_string_append_len (out, end, query != NULL ? query - end : (gssize) strlen (end));
  if (query != NULL)
    {
      g_auto(GStrv) params = g_strsplit (query + 1, "&", -1);
      gboolean first = TRUE;

      for (guint i = 0; params[i] != NULL; i++)
        {
          gsize key = strcspn (params[i], "=");
          g_autofree char *name = g_uri_unescape_segment (params[i], params[i] + key, NULL);

          if (g_strcmp0 (name, "password") == 0)
            {
              if (params[i][key] == '=')
                take_password (password, params[i] + key + 1, -1, TRUE);
              continue;
            }
          g_string_append_c (out, first ? '?' : '&');
          g_string_append (out, params[i]);
          first = FALSE;
        }
    }
  return g_string_free (out, FALSE);
}

/* A connection string: key = value … where a value is 'quoted' (\' and \\
 * escaped) or runs to the next space. */
static char *
strip_conninfo (const char  *url,
                char       **password)
{
  GString *out = g_string_new (NULL);
  const char *c = url;

  while (*c != '\0')
    {
      const char *start = c, *key, *key_end, *value_end;
      GString *unescaped = g_string_new (NULL);

      while (g_ascii_isspace (*c))
        c++;
      key = c;
      while (*c != '\0' && *c != '=' && !g_ascii_isspace (*c))
        c++;
      key_end = c;
      while (g_ascii_isspace (*c))
        c++;
      if (*c != '=')
        {
          /* Not understood: the rest stays as it is. */
          g_string_append (out, start);
          g_string_free (unescaped, TRUE);
          break;
        }
      c++;
      while (g_ascii_isspace (*c))
        c++;
      if (*c == '\'')
        {
          for (c++; *c != '\0' && *c != '\''; c++)
            {
              if (*c == '\\' && c[1] != '\0')
                c++;
              g_string_append_c (unescaped, *c);
            }
          if (*c == '\'')
            c++;
        }
      else
        for (; *c != '\0' && !g_ascii_isspace (*c); c++)
          {
            if (*c == '\\' && c[1] != '\0')
              c++;
            g_string_append_c (unescaped, *c);
          }
      value_end = c;
      if (key_end - key == 8 && strncmp (key, "password", 8) == 0)
        take_password (password, unescaped->str, unescaped->len, FALSE);
      else
        g_string_append_len (out, start, value_end - start);
      g_string_free (unescaped, TRUE);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

char *
dabiao_server_url_strip_password (const char  *url,
                                  char       **password)
{
  g_return_val_if_fail (url != NULL, NULL);

  if (password != NULL)
    *password = NULL;
  return is_uri (url) ? strip_uri (url, password) : strip_conninfo (url, password);
}

/* @message with every form of the passwords @url holds and of @password
 * (nullable) blanked out: libpq's own messages may quote a part of the
 * address it could not read. */
static char *
redact (const char *message,
        const char *url,
        const char *password)
{
  g_autofree char *in_url = NULL;
  g_autofree char *stripped = dabiao_server_url_strip_password (url, &in_url);
  const char *secrets[] = { in_url, password, NULL, NULL };
  g_autofree char *escaped_url = in_url != NULL ? g_uri_escape_string (in_url, NULL, FALSE) : NULL;
  g_autofree char *escaped = password != NULL ? g_uri_escape_string (password, NULL, FALSE) : NULL;
  char *out = g_strdup (message);

  secrets[2] = escaped_url;
  secrets[3] = escaped;
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_auto(GStrv) parts = NULL;

      if (secrets[i] == NULL || *secrets[i] == '\0' || strstr (out, secrets[i]) == NULL)
        continue;
      parts = g_strsplit (out, secrets[i], -1);
      g_free (out);
      out = g_strjoinv ("******", parts);
    }
  return out;
}

static void
redact_error (GError     **error,
              const char  *url,
              const char  *password)
{
  if (error != NULL && *error != NULL)
    {
      char *message = redact ((*error)->message, url, password);

      g_free ((*error)->message);
      (*error)->message = message;
    }
}

/* libpq's messages end in a newline and may hold several lines. */
static char *
tidy_message (const char *message)
{
  g_autofree char *copy = g_strstrip (g_strdup (message != NULL ? message : ""));
  g_auto(GStrv) lines = g_strsplit (copy, "\n", -1);

  for (char **line = lines; *line != NULL; line++)
    g_strstrip (*line);
  return g_strjoinv ("; ", lines);
}

static char *
make_label (PGconn *conn)
{
  const char *host = PQhost (conn);
  const char *port = PQport (conn);

  return g_strdup_printf ("%s@%s%s%s/%s", PQuser (conn) != NULL ? PQuser (conn) : "",
                          host != NULL && *host != '\0' ? host : "localhost",
                          port != NULL && *port != '\0' ? ":" : "", port != NULL ? port : "",
                          PQdb (conn) != NULL ? PQdb (conn) : "");
}

/* Notices ("relation … already exists, skipping") are not for people. */
static void
ignore_notice (void       *data,
               const char *message)
{
  g_debug ("server notice: %s", message);
}

/* The server reached us with one of its own errors (it says FATAL, in its
 * own language) rather than libpq failing to reach it. */
static gboolean
server_answered (const char *message)
{
  return strstr (message, "FATAL") != NULL || strstr (message, "致命错误") != NULL;
}

DabiaoServer *
dabiao_server_connect (const char  *url,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(DabiaoServer) self = g_new0 (DabiaoServer, 1);
  g_autofree char *trimmed = NULL;
  const char *keywords[8];
  const char *values[8];
  PQconninfoOption *parsed;
  char *parse_error = NULL;
  int n = 0;

  g_return_val_if_fail (url != NULL, NULL);

  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("No server given: enter a PostgreSQL address such as postgresql://station@server/dabiao"));
      return NULL;
    }
  parsed = PQconninfoParse (url, &parse_error);
  if (parsed == NULL)
    {
      g_autofree char *detail = tidy_message (parse_error);
      g_autofree char *shown = dabiao_server_url_strip_password (trimmed, NULL);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is not a PostgreSQL address (expected postgresql://USER@HOST/DATABASE or “host=… dbname=…”): %s"),
                                 shown, detail);
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, message);
      PQfreemem (parse_error);
      redact_error (error, url, password);
      return NULL;
    }
  PQconninfoFree (parsed);

  /* Defaults first: the URL's own options override them; the password
   * given apart (from the keyring) overrides the URL's. */
  keywords[n] = "connect_timeout", values[n++] = "5";
  keywords[n] = "fallback_application_name", values[n++] = "dabiao";
  keywords[n] = "dbname", values[n++] = url;
  keywords[n] = "client_encoding", values[n++] = "UTF8";
  if (password != NULL && *password != '\0')
    keywords[n] = "password", values[n++] = password;
  keywords[n] = NULL, values[n] = NULL;

  self->conn = PQconnectdbParams (keywords, values, 1);
  if (self->conn == NULL)
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_FAILED, _("Out of memory"));
      return NULL;
    }
  self->label = make_label (self->conn);
  PQsetNoticeProcessor (self->conn, ignore_notice, NULL);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *detail = tidy_message (PQerrorMessage (self->conn));

      /* libpq's and the server's own words (often English) go to the
       * debug log; the station reads what to do. */
      {
        g_autofree char *logged = redact (detail, url, password);

        g_debug ("connecting to %s: %s", self->label, logged);
      }
      if (PQconnectionNeedsPassword (self->conn))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_PASSWORD,
                     _("Server %s asks for a password and none was given"), self->label);
      else if (PQconnectionUsedPassword (self->conn) && server_answered (detail))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_PASSWORD,
                     _("Server %s refused the password for user “%s” (or that user may not connect to database “%s”): check the user name and the password"),
                     self->label, PQuser (self->conn), PQdb (self->conn));
      else if (server_answered (detail))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_SERVER,
                     _("Server %s refused the connection: %s"), self->label, detail);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_OFFLINE,
                     _("Server %s cannot be reached (is it running, and is the network there?): %s"),
                     self->label, detail);
      redact_error (error, url, password);
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
_dabiao_server_set_error (DabiaoServer    *self,
                          const PGresult  *result,
                          GError         **error)
{
  const char *message = result != NULL ? PQresultErrorMessage (result) : NULL;
  g_autofree char *detail = tidy_message (message != NULL && *message != '\0'
                                          ? message : PQerrorMessage (self->conn));

  if (PQstatus (self->conn) != CONNECTION_OK)
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_OFFLINE,
                 _("The connection to server %s was lost: %s"), self->label, detail);
  else
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_SERVER,
                 _("Server %s: %s"), self->label, detail);
}

PGresult *
_dabiao_server_query (DabiaoServer        *self,
                      const char          *sql,
                      int                  n_params,
                      const char * const  *params,
                      GError             **error)
{
  g_autoptr(PGresult) result = NULL;
  ExecStatusType status;

  if (n_params > 0)
    result = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
  else
    result = PQexec (self->conn, sql);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN
      && status != PGRES_COPY_OUT)
    {
      _dabiao_server_set_error (self, result, error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

gboolean
_dabiao_server_exec (DabiaoServer  *self,
                     const char    *sql,
                     GError       **error)
{
  g_autoptr(PGresult) result = _dabiao_server_query (self, sql, 0, NULL, error);

  return result != NULL;
}

void
_dabiao_server_rollback (DabiaoServer *self)
{
  if (PQstatus (self->conn) == CONNECTION_OK)
    PQclear (PQexec (self->conn, "ROLLBACK"));
}

/* ---- Schema ------------------------------------------------------------ */

/* Whether the schema's table is there at all. */
static gboolean
has_schema (DabiaoServer  *self,
            gboolean      *has,
            GError       **error)
{
  g_autoptr(PGresult) result = _dabiao_server_query (self, "SELECT to_regclass ('dabiao_server') IS NOT NULL",
                                                     0, NULL, error);

  if (result == NULL)
    return FALSE;
  *has = g_str_equal (PQgetvalue (result, 0, 0), "t");
  return TRUE;
}

/* The schema version (0: none yet) and the server's identity. */
static gboolean
read_version (DabiaoServer  *self,
              guint         *version,
              GError       **error)
{
  g_autoptr(PGresult) result = NULL;
  gboolean has = FALSE;

  *version = 0;
  if (!has_schema (self, &has, error))
    return FALSE;
  if (!has)
    return TRUE;
  result = _dabiao_server_query (self, "SELECT key, value FROM dabiao_server WHERE key IN ('id', 'schema')",
                                 0, NULL, error);
  if (result == NULL)
    return FALSE;
  g_clear_pointer (&self->id, g_free);
  for (int i = 0; i < PQntuples (result); i++)
    {
      if (g_str_equal (PQgetvalue (result, i, 0), "id"))
        self->id = g_strdup (PQgetvalue (result, i, 1));
      else
        *version = (guint) g_ascii_strtoull (PQgetvalue (result, i, 1), NULL, 10);
    }
  return TRUE;
}

gboolean
_dabiao_server_init_to (DabiaoServer  *self,
                        guint          version,
                        void         (*before_commit) (DabiaoServer *self),
                        guint         *from,
                        guint         *to,
                        GError       **error)
{
  g_autofree char *set_version = NULL;
  guint current = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (version <= DABIAO_SERVER_SCHEMA_VERSION, FALSE);

  if (!_dabiao_server_exec (self, "BEGIN", error)
      || !_dabiao_server_exec (self, SCHEMA_LOCK, error)
      || !read_version (self, &current, error))
    goto fail;
  if (current > DABIAO_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION,
                   _("Server %s holds schema version %u, newer than this Dabiao (%u): update Dabiao"),
                   self->label, current, (guint) DABIAO_SERVER_SCHEMA_VERSION);
      goto fail;
    }
  for (guint v = current; v < version; v++)
    {
      if (!_dabiao_server_exec (self, server_migrations[v], error))
        {
          g_prefix_error (error, _("Upgrading the server's schema to version %u failed, nothing changed: "), v + 1);
          goto fail;
        }
    }
  if (current == 0
      && !_dabiao_server_exec (self,
                               "INSERT INTO dabiao_server (key, value) VALUES"
                               " ('id', gen_random_uuid ()::text), ('schema', '0')", error))
    goto fail;
  set_version = g_strdup_printf ("UPDATE dabiao_server SET value = '%u' WHERE key = 'schema'",
                                 MAX (current, version));
  if (!_dabiao_server_exec (self, set_version, error))
    goto fail;
  if (before_commit != NULL)
    before_commit (self);
  if (!_dabiao_server_exec (self, "COMMIT", error))
    goto fail;
  if (from != NULL)
    *from = current;
  if (to != NULL)
    *to = MAX (current, version);
  return TRUE;

fail:
  _dabiao_server_rollback (self);
  return FALSE;
}

gboolean
dabiao_server_init (DabiaoServer  *self,
                    guint         *from,
                    guint         *to,
                    GError       **error)
{
  return _dabiao_server_init_to (self, DABIAO_SERVER_SCHEMA_VERSION, NULL, from, to, error);
}

gboolean
dabiao_server_check (DabiaoServer  *self,
                     GError       **error)
{
  gboolean has = FALSE;
  guint version;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!has_schema (self, &has, error))
    return FALSE;
  if (!has)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION,
                   _("Server %s holds no Dabiao data yet: run “dabiao-cli server init URL” with the database owner's address first"),
                   self->label);
      return FALSE;
    }
  if (!read_version (self, &version, error))
    return FALSE;
  if (version < DABIAO_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION,
                   _("Server %s holds schema version %u, older than this Dabiao's (%u): run “dabiao-cli server init URL” with the database owner's address to upgrade it"),
                   self->label, version, (guint) DABIAO_SERVER_SCHEMA_VERSION);
      return FALSE;
    }
  if (version > DABIAO_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION,
                   _("Server %s holds schema version %u, newer than this Dabiao (%u): update Dabiao"),
                   self->label, version, (guint) DABIAO_SERVER_SCHEMA_VERSION);
      return FALSE;
    }
  if (self->id == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_VERSION,
                   _("Server %s has lost its identity (table dabiao_server): restore it or run “dabiao-cli server init URL”"),
                   self->label);
      return FALSE;
    }
  return TRUE;
}

/* ---- Station roles ----------------------------------------------------- */

static void
append_uri_part (GString    *uri,
                 const char *text)
{
  g_string_append_uri_escaped (uri, text, NULL, FALSE);
}

/* What a station connects with: postgresql://NAME:PASSWORD@HOST:PORT/DBNAME
 * (?sslmode=… when not the default), the server's own host and port. */
static char *
station_uri (DabiaoServer *self,
             const char   *name,
             const char   *password)
{
  g_autoptr(GString) uri = NULL;
  const char *host, *port, *sslmode = NULL;
  PQconninfoOption *options;

  options = PQconninfo (self->conn);
  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "sslmode") && o->val != NULL)
      sslmode = o->val;
  uri = g_string_new ("postgresql://");
  append_uri_part (uri, name);
  g_string_append_c (uri, ':');
  append_uri_part (uri, password);
  g_string_append_c (uri, '@');
  host = PQhost (self->conn);
  port = PQport (self->conn);
  if (host != NULL && host[0] == '/')
    {
      /* A Unix socket: the host goes in the query. */
      if (port != NULL && *port != '\0')
        g_string_append_printf (uri, ":%s", port);
      g_string_append_c (uri, '/');
      append_uri_part (uri, PQdb (self->conn));
      g_string_append (uri, "?host=");
      append_uri_part (uri, host);
      if (sslmode != NULL && !g_str_equal (sslmode, "prefer"))
        g_string_append_printf (uri, "&sslmode=%s", sslmode);
    }
  else
    {
      if (host != NULL && strchr (host, ':') != NULL)
        g_string_append_printf (uri, "[%s]", host);
      else if (host != NULL)
        append_uri_part (uri, host);
      if (port != NULL && *port != '\0')
        g_string_append_printf (uri, ":%s", port);
      g_string_append_c (uri, '/');
      append_uri_part (uri, PQdb (self->conn));
      if (sslmode != NULL && !g_str_equal (sslmode, "prefer"))
        g_string_append_printf (uri, "?sslmode=%s", sslmode);
    }
  PQconninfoFree (options);
  return g_string_free (g_steal_pointer (&uri), FALSE);
}

char *
dabiao_server_add_station (DabiaoServer        *self,
                           const char          *name,
                           const char * const  *events,
                           GError             **error)
{
  g_autoptr(PGresult) exists = NULL;
  g_autofree char *password = NULL;
  g_autofree char *statement = NULL;
  char *identifier = NULL;
  char *verifier = NULL;
  const char *params[2];
  gboolean ok;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (*name == '\0' || strlen (name) > 63 || g_str_has_prefix (name, "pg_")
      || g_str_equal (name, "dabiao_station") || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” cannot be a station's user name: use 1 to 63 bytes, not starting with “pg_” (for example school1-height)"),
                   name);
      return NULL;
    }
  if (!dabiao_server_check (self, error))
    return NULL;

  /* 24 random bytes, base64url: the password is only ever printed here. */
  {
    guint8 bytes[24];

    if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
      {
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_FAILED,
                     _("No random numbers for a password: %s"), g_strerror (errno));
        return NULL;
      }
    password = g_base64_encode (bytes, sizeof bytes);
    g_strdelimit (password, "+", '-');
    g_strdelimit (password, "/", '_');
  }
  /* Hashed here (SCRAM): neither the server's logs nor its statement
   * history ever hold the password itself. */
  verifier = PQencryptPasswordConn (self->conn, password, name, "scram-sha-256");
  identifier = PQescapeIdentifier (self->conn, name, strlen (name));
  if (verifier == NULL || identifier == NULL)
    {
      _dabiao_server_set_error (self, NULL, error);
      PQfreemem (verifier);
      PQfreemem (identifier);
      return NULL;
    }

  ok = _dabiao_server_exec (self, "BEGIN", error);
  params[0] = name;
  if (ok)
    ok = (exists = _dabiao_server_query (self, "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, params, error)) != NULL;
  if (ok)
    {
      char *literal = PQescapeLiteral (self->conn, verifier, strlen (verifier));

      statement = g_strdup_printf (PQntuples (exists) > 0
                                   ? "ALTER ROLE %s WITH LOGIN PASSWORD %s"
                                   : "CREATE ROLE %s WITH LOGIN PASSWORD %s",
                                   identifier, literal);
      PQfreemem (literal);
      ok = _dabiao_server_exec (self, statement, error);
      g_clear_pointer (&statement, g_free);
    }
  if (ok)
    {
      statement = g_strdup_printf ("GRANT dabiao_station TO %s", identifier);
      ok = _dabiao_server_exec (self, statement, error);
    }
  if (ok)
    {
      g_autoptr(PGresult) cleared = _dabiao_server_query (self, "DELETE FROM station_access WHERE role = $1",
                                                          1, params, error);
      ok = cleared != NULL;
    }
  for (guint i = 0; ok && (i == 0 || (events != NULL && events[i] != NULL)); i++)
    {
      g_autoptr(PGresult) added = NULL;

      params[1] = events != NULL && events[0] != NULL ? events[i] : "*";
      added = _dabiao_server_query (self, "INSERT INTO station_access (role, event_uuid) VALUES ($1, $2)"
                                    " ON CONFLICT DO NOTHING", 2, params, error);
      ok = added != NULL;
    }
  ok = ok && _dabiao_server_exec (self, "COMMIT", error);
  PQfreemem (verifier);
  PQfreemem (identifier);
  if (!ok)
    {
      _dabiao_server_rollback (self);
      return NULL;
    }

  return station_uri (self, name, password);
}

/* ---- Listing ----------------------------------------------------------- */

void
dabiao_server_event_free (DabiaoServerEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->uuid);
  g_free (event->name);
  g_free (event->date);
  g_free (event->place);
  g_free (event->organizer);
  g_free (event->standard);
  g_clear_pointer (&event->stations, g_ptr_array_unref);
  g_free (event);
}

static void
server_station_free (DabiaoServerStation *station)
{
  g_free (station->login);
  g_free (station->name);
  g_free (station);
}

GPtrArray *
dabiao_server_list_events (DabiaoServer  *self,
                           GError       **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_server_event_free);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(PGresult) stations = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (!dabiao_server_check (self, error))
    return NULL;
  /* Counted on the server, one GROUP BY per table. */
  rows = _dabiao_server_query (self,
                               "SELECT e.uuid, e.name, e.date, e.place, e.organizer, e.standard,"
                               " coalesce (p.n, 0), coalesce (m.n, 0) FROM events e"
                               " LEFT JOIN (SELECT event_uuid, count (*) AS n FROM participants GROUP BY 1) p"
                               "  ON p.event_uuid = e.uuid"
                               " LEFT JOIN (SELECT event_uuid, count (*) AS n FROM measurements GROUP BY 1) m"
                               "  ON m.event_uuid = e.uuid"
                               " ORDER BY e.date DESC, e.name, e.uuid", 0, NULL, error);
  if (rows == NULL)
    return NULL;
  /* Per login (the role each station syncs with, which names a station
   * computer, whatever station names its rows carry), the station names of
   * the rows it delivered; its last sync is its last round or the last
   * arrival of its rows, whichever is later. */
  stations = _dabiao_server_query (self,
                                   "WITH delivered AS (SELECT event_uuid, received_from AS login, station,"
                                   "  count (*) AS n, max (received_at) AS arrived FROM measurements GROUP BY 1, 2, 3),"
                                   " syncs AS (SELECT event_uuid, role AS login, max (last_sync) AS last"
                                   "  FROM station_syncs GROUP BY 1, 2),"
                                   " logins AS (SELECT event_uuid, login, max (arrived) AS arrived FROM delivered GROUP BY 1, 2)"
                                   " SELECT coalesce (d.event_uuid, s.event_uuid), coalesce (d.login, s.login), d.station,"
                                   "  (extract (epoch FROM greatest (s.last, l.arrived)) * 1000000)::bigint, coalesce (d.n, 0)"
                                   " FROM delivered d FULL JOIN syncs s ON s.event_uuid = d.event_uuid AND s.login = d.login"
                                   " LEFT JOIN logins l ON l.event_uuid = coalesce (d.event_uuid, s.event_uuid)"
                                   "  AND l.login = coalesce (d.login, s.login)"
                                   " ORDER BY 1, 2, 3", 0, NULL, error);
  if (stations == NULL)
    return NULL;

  for (int i = 0; i < PQntuples (rows); i++)
    {
      DabiaoServerEvent *event = g_new0 (DabiaoServerEvent, 1);

      event->uuid = g_strdup (PQgetvalue (rows, i, 0));
      event->name = g_strdup (PQgetvalue (rows, i, 1));
      event->date = g_strdup (PQgetvalue (rows, i, 2));
      event->place = g_strdup (PQgetvalue (rows, i, 3));
      event->organizer = g_strdup (PQgetvalue (rows, i, 4));
      event->standard = g_strdup (PQgetvalue (rows, i, 5));
      event->participants = g_ascii_strtoll (PQgetvalue (rows, i, 6), NULL, 10);
      event->measurements = g_ascii_strtoll (PQgetvalue (rows, i, 7), NULL, 10);
      event->stations = g_ptr_array_new_with_free_func ((GDestroyNotify) server_station_free);
      g_ptr_array_add (events, event);
      g_hash_table_insert (by_uuid, event->uuid, event);
    }
  for (int i = 0; i < PQntuples (stations); i++)
    {
      DabiaoServerEvent *event = g_hash_table_lookup (by_uuid, PQgetvalue (stations, i, 0));
      DabiaoServerStation *station;

      if (event == NULL)
        continue;
      station = g_new0 (DabiaoServerStation, 1);
      station->login = g_strdup (PQgetvalue (stations, i, 1));
      station->name = PQgetisnull (stations, i, 2) ? NULL : g_strdup (PQgetvalue (stations, i, 2));
      station->last_sync = PQgetisnull (stations, i, 3) ? 0 : g_ascii_strtoll (PQgetvalue (stations, i, 3), NULL, 10);
      station->measurements = g_ascii_strtoll (PQgetvalue (stations, i, 4), NULL, 10);
      g_ptr_array_add (event->stations, station);
    }
  return g_steal_pointer (&events);
}
