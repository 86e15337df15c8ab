/* dabiao-event-hash.c: row hashes, seals and their SQL functions
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dabiao-event-hash.h"
#include "dabiao-event-private.h"
#include "dabiao-reading.h"

/* The columns each table hashes: every stored column but row_hash itself.
 * A column added to one of these tables must be added here and to the
 * triggers of a new migration (dabiao-event-open.c). */
static const char * const measurements_columns[] = {
  "uuid", "participant_id", "item", "value", "unit", "special", "reason", "source", "instrument_id",
  "raw_frame", "station", "operator", "measured_at", "recorded_at", "voids", "seq", "prev_hash", "hash",
  NULL
};
static const char * const participants_columns[] = {
  "id", "name", "sex", "birth_date", "id_card", "grade", "class_code", "class_name", "ethnicity",
  "address", "organization", "phone", "created_at", "updated_at", NULL
};
static const char * const items_columns[] = {
  "position", "code", "number", "name", "unit", "better", "attempts", "decimals", "format", NULL
};
static const char * const meta_columns[] = { "key", "value", NULL };
static const char * const settings_columns[] = { "key", "value", "updated_at", "station", NULL };
static const char * const chain_heads_columns[] = { "station", "seq", "hash", NULL };
static const char * const seals_columns[] = { "tbl", "n_rows", "digest", NULL };

static const char * const tables[] = {
  "measurements", "participants", "items", "meta", "settings", "chain_heads", NULL
};

const char * const *
dabiao_row_hash_tables (void)
{
  return tables;
}

const char * const *
dabiao_row_hash_columns (const char *table)
{
  static const struct { const char *table; const char * const *columns; } all[] = {
    { "measurements", measurements_columns },
    { "participants", participants_columns },
    { "items", items_columns },
    { "meta", meta_columns },
    { "settings", settings_columns },
    { "chain_heads", chain_heads_columns },
    { "seals", seals_columns },
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (table, all[i].table) == 0)
      return all[i].columns;
  return NULL;
}

/* One value: a tag for its type, its length, ":", its bytes. */
static void
hash_part (GChecksum  *checksum,
           char        tag,
           const void *data,
           gsize       len)
{
  char prefix[32];

  g_snprintf (prefix, sizeof prefix, "%c%" G_GSIZE_FORMAT ":", tag, len);
  g_checksum_update (checksum, (const guchar *) prefix, -1);
  if (len > 0)
    g_checksum_update (checksum, data, len);
}

static void
hash_value (GChecksum             *checksum,
            const DabiaoHashValue *value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  switch (value->type)
    {
    case DABIAO_HASH_INTEGER:
      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value->integer);
      hash_part (checksum, 'i', text, strlen (text));
      break;
    case DABIAO_HASH_REAL:
      g_ascii_formatd (text, sizeof text, "%.17g", value->real);
      hash_part (checksum, 'r', text, strlen (text));
      break;
    case DABIAO_HASH_TEXT:
      hash_part (checksum, 't', value->data, value->len);
      break;
    case DABIAO_HASH_BLOB:
      hash_part (checksum, 'b', value->data, value->len);
      break;
    case DABIAO_HASH_NULL:
    default:
      hash_part (checksum, 'n', NULL, 0);
      break;
    }
}

static GChecksum *
hash_begin (const char *event_uuid,
            const char *table)
{
  GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);

  hash_part (checksum, 't', "dabiao-row-2", strlen ("dabiao-row-2"));
  hash_part (checksum, 't', event_uuid, strlen (event_uuid));
  hash_part (checksum, 't', table, strlen (table));
  return checksum;
}

char *
dabiao_row_hash_values (const char            *event_uuid,
                        const char            *table,
                        const DabiaoHashValue *values,
                        gsize                  n)
{
  g_autoptr(GChecksum) checksum = NULL;

  g_return_val_if_fail (event_uuid != NULL && table != NULL, NULL);
  checksum = hash_begin (event_uuid, table);
  for (gsize i = 0; i < n; i++)
    hash_value (checksum, &values[i]);
  return g_strdup (g_checksum_get_string (checksum));
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* @hash into @acc (64 nibbles); FALSE when it is no 64-digit hex hash. */
static gboolean
xor_into (guint8      acc[64],
          const char *hash)
{
  if (hash == NULL)
    return TRUE;
  if (strlen (hash) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    {
      int v = hex_value (hash[i]);

      if (v < 0)
        return FALSE;
      acc[i] ^= v;
    }
  return TRUE;
}

static char *
hex_of (const guint8 acc[64])
{
  static const char digits[] = "0123456789abcdef";
  char *out = g_malloc (65);

  for (guint i = 0; i < 64; i++)
    out[i] = digits[acc[i] & 0xF];
  out[64] = '\0';
  return out;
}

char *
dabiao_row_hash_xor (const char *digest,
                     const char *hash)
{
  guint8 acc[64] = { 0, };

  if (!xor_into (acc, digest) || !xor_into (acc, hash))
    return NULL;
  return hex_of (acc);
}

/* ---- SQL functions ----------------------------------------------------- */

static void
value_from_sqlite (sqlite3_value   *v,
                   DabiaoHashValue *out)
{
  memset (out, 0, sizeof *out);
  switch (sqlite3_value_type (v))
    {
    case SQLITE_INTEGER:
      out->type = DABIAO_HASH_INTEGER;
      out->integer = sqlite3_value_int64 (v);
      break;
    case SQLITE_FLOAT:
      out->type = DABIAO_HASH_REAL;
      out->real = sqlite3_value_double (v);
      break;
    case SQLITE_TEXT:
      out->type = DABIAO_HASH_TEXT;
      out->data = sqlite3_value_text (v);
      out->len = sqlite3_value_bytes (v);
      break;
    case SQLITE_BLOB:
      out->type = DABIAO_HASH_BLOB;
      out->data = sqlite3_value_blob (v);
      out->len = sqlite3_value_bytes (v);
      break;
    case SQLITE_NULL:
    default:
      out->type = DABIAO_HASH_NULL;
      break;
    }
}

/* dabiao_row_hash(table, column values…): the row hash, the event's uuid
 * taken from the connection's DabiaoEvent. */
static void
sql_row_hash (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  DabiaoEvent *self = sqlite3_user_data (context);
  const char *table = (const char *) sqlite3_value_text (argv[0]);
  const char * const *columns = dabiao_row_hash_columns (table);
  g_autofree DabiaoHashValue *values = NULL;
  g_autofree char *hash = NULL;

  if (self->uuid == NULL || columns == NULL || (guint) argc - 1 != g_strv_length ((char **) columns))
    {
      sqlite3_result_error (context, "dabiao_row_hash: unknown event, table or columns", -1);
      return;
    }
  values = g_new (DabiaoHashValue, argc - 1);
  for (int i = 1; i < argc; i++)
    value_from_sqlite (argv[i], &values[i - 1]);
  hash = dabiao_row_hash_values (self->uuid, table, values, argc - 1);
  sqlite3_result_text (context, g_steal_pointer (&hash), 64, g_free);
}

/* dabiao_xor(digest, hash): the seal's digest with a row hash in or out. */
static void
sql_xor (sqlite3_context  *context,
         int               argc,
         sqlite3_value   **argv)
{
  char *out = dabiao_row_hash_xor ((const char *) sqlite3_value_text (argv[0]),
                                   (const char *) sqlite3_value_text (argv[1]));

  if (out == NULL)
    sqlite3_result_error (context, "dabiao_xor: not a hash", -1);
  else
    sqlite3_result_text (context, out, 64, g_free);
}

/* dabiao_xor_all(row_hash): the XOR of a column's hashes (the seal's
 * digest recomputed), all zeros for none. */
static void
sql_xor_all_step (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  guint8 *acc = sqlite3_aggregate_context (context, 65);

  if (acc == NULL)
    {
      sqlite3_result_error_nomem (context);
      return;
    }
  acc[64] = 1;
  if (!xor_into (acc, (const char *) sqlite3_value_text (argv[0])))
    acc[64] = 2;
}

static void
sql_xor_all_final (sqlite3_context *context)
{
  guint8 *acc = sqlite3_aggregate_context (context, 0);
  guint8 zeros[65] = { 0, };

  if (acc != NULL && acc[64] == 2)
    {
      sqlite3_result_error (context, "dabiao_xor_all: not a hash", -1);
      return;
    }
  sqlite3_result_text (context, hex_of (acc != NULL ? acc : zeros), 64, g_free);
}

/* dabiao_counts(item, special): whether a row counts as an attempt: not a
 * void row, and not a false start of a run (a 犯规 the standard runs
 * again, decision 0204). */
static void
sql_counts (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  int special = sqlite3_value_int (argv[1]);

  sqlite3_result_int (context, special != DABIAO_SPECIAL_VOID
                               && !(special == DABIAO_SPECIAL_FOUL
                                    && dabiao_item_foul_reruns ((const char *) sqlite3_value_text (argv[0]))));
}

gboolean
_dabiao_event_register_hash_functions (DabiaoEvent *self)
{
  return sqlite3_create_function_v2 (self->db, "dabiao_counts", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                     NULL, sql_counts, NULL, NULL, NULL) == SQLITE_OK
         && sqlite3_create_function_v2 (self->db, "dabiao_row_hash", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                     self, sql_row_hash, NULL, NULL, NULL) == SQLITE_OK
         && sqlite3_create_function_v2 (self->db, "dabiao_xor", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                        NULL, sql_xor, NULL, NULL, NULL) == SQLITE_OK
         && sqlite3_create_function_v2 (self->db, "dabiao_xor_all", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                        NULL, NULL, sql_xor_all_step, sql_xor_all_final, NULL) == SQLITE_OK;
}

/* Per table: the row hash on insert and on a change of any hashed column,
 * the seal on any change of a row hash and on delete (REPLACE deletes fire
 * it too: the connection has recursive_triggers on).  TEMP, so they live
 * with the connection, not in the file: another program editing the file
 * leaves the hashes and seals behind, which is what verify looks for. */
gboolean
_dabiao_event_create_hash_triggers (DabiaoEvent  *self,
                                    GError      **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (const char * const *table = tables; *table != NULL; table++)
    {
      const char * const *columns = dabiao_row_hash_columns (*table);
      g_autofree char *list = g_strjoinv (", ", (char **) columns);
      g_autoptr(GString) values = g_string_new (NULL);
      const char *t = *table;

      for (guint i = 0; columns[i] != NULL; i++)
        g_string_append_printf (values, "%sNEW.%s", i > 0 ? ", " : "", columns[i]);
      g_string_append_printf (sql,
                              "CREATE TEMP TRIGGER %s_hash_insert AFTER INSERT ON main.%s BEGIN"
                              " UPDATE %s SET row_hash = dabiao_row_hash ('%s', %s) WHERE rowid = NEW.rowid; END;",
                              t, t, t, t, values->str);
      if (!g_str_equal (t, "measurements"))  /* append-only: no updates */
        g_string_append_printf (sql,
                                "CREATE TEMP TRIGGER %s_hash_update AFTER UPDATE OF %s ON main.%s BEGIN"
                                " UPDATE %s SET row_hash = dabiao_row_hash ('%s', %s) WHERE rowid = NEW.rowid; END;",
                                t, list, t, t, t, values->str);
      g_string_append_printf (sql,
                              "CREATE TEMP TRIGGER %s_seal_change AFTER UPDATE OF row_hash ON main.%s BEGIN"
                              " UPDATE seals SET n_rows = n_rows + (OLD.row_hash IS NULL) - (NEW.row_hash IS NULL),"
                              " digest = dabiao_xor (dabiao_xor (digest, OLD.row_hash), NEW.row_hash) WHERE tbl = '%s'; END;"
                              "CREATE TEMP TRIGGER %s_seal_delete AFTER DELETE ON main.%s BEGIN"
                              " UPDATE seals SET n_rows = n_rows - (OLD.row_hash IS NOT NULL),"
                              " digest = dabiao_xor (digest, OLD.row_hash) WHERE tbl = '%s'; END;",
                              t, t, t, t, t, t);
    }
  g_string_append (sql,
                   "CREATE TEMP TRIGGER seals_hash AFTER UPDATE OF tbl, n_rows, digest ON main.seals BEGIN"
                   " UPDATE seals SET row_hash = dabiao_row_hash ('seals', NEW.tbl, NEW.n_rows, NEW.digest)"
                   " WHERE rowid = NEW.rowid; END;");
  return _dabiao_event_exec (self, sql->str, error);
}
