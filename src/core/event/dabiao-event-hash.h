/* dabiao-event-hash.h: how every row that can change a score is hashed
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tamper evidence (HACKING.md, "Event file"): each row of the tables below
 * carries `row_hash`, SHA-256 over
 *   "dabiao-row-2", the event's uuid, the table's name, and each column of
 *   dabiao_row_hash_columns() in order *with its storage class*:
 *   NULL "n;", INTEGER "i" + decimal + ";", REAL "r" + "%.17g" + ";",
 *   TEXT "t" + byte length + ":" + bytes, BLOB "b" + byte length + ":" + bytes
 * (each part length-prefixed as in the measurement chain), so a value stored
 * as another type (voids = CAST(voids AS BLOB), measured_at as TEXT) is a
 * change.  Triggers fill it on every INSERT and UPDATE; the table `seals`
 * holds, per table, the number of rows and the XOR of their row hashes
 * (itself under a row hash), so a removed row shows too.  Measurements keep
 * their own chain (seq, prev_hash, hash) besides.
 *
 * This header is for code that checks rows coming from elsewhere (the
 * server sync): build DabiaoHashValues from the row as stored and compare
 * dabiao_row_hash_values() with its row_hash. */

typedef enum
{
  DABIAO_HASH_NULL,
  DABIAO_HASH_INTEGER,
  DABIAO_HASH_REAL,
  DABIAO_HASH_TEXT,
  DABIAO_HASH_BLOB,
} DabiaoHashType;

typedef struct
{
  DabiaoHashType  type;
  gint64          integer;   /* INTEGER */
  double          real;      /* REAL */
  const void     *data;      /* TEXT (UTF-8, no NUL needed), BLOB */
  gsize           len;
} DabiaoHashValue;

/* The tables whose rows carry row_hash, NULL-terminated. */
const char * const *dabiao_row_hash_tables  (void);
/* The columns of @table that are hashed, in order, NULL-terminated; NULL
 * when @table has no row hashes. */
const char * const *dabiao_row_hash_columns (const char            *table);
/* 64 hex digits (free with g_free()); @n must be the number of columns. */
char               *dabiao_row_hash_values  (const char            *event_uuid,
                                             const char            *table,
                                             const DabiaoHashValue *values,
                                             gsize                  n);
/* @digest (64 hex digits, or NULL for none yet) XOR @hash (or NULL): the
 * seal's running digest.  Returns a new string. */
char               *dabiao_row_hash_xor     (const char            *digest,
                                             const char            *hash);

G_END_DECLS
