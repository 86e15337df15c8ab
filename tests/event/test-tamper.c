/* test-tamper.c: edits made outside Dabiao without computing a hash are
 * caught by verify and refused by merge — each edit that got through
 * before (issue 13): a value stored as another type (a voided foul
 * un-voided by CAST(voids AS BLOB), a time stored as text), a participant's
 * sex flipped, items, meta and settings changed or removed, the tail of a
 * merged station dropped; settings from a clock far ahead refused at merge;
 * an old file gets its hashes on upgrade
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-event-private.h"
#include "dabiao-i18n.h"
#include "dabiao-test-event.h"

static char *tmpdir;

static char *
copy_of (const char *path,
         const char *name)
{
  char *copy = g_build_filename (tmpdir, name, NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  return copy;
}

/* Plain SQL, as a person with the sqlite3 program would do it: none of
 * Dabiao's functions or triggers. */
static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* verify's problems (the file must fail). */
static GPtrArray *
problems_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  GPtrArray *problems = NULL;

  g_assert_no_error (error);
  g_assert_false (dabiao_event_verify (event, &problems, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
  return problems;
}

static gboolean
any_has (GPtrArray  *problems,
         const char *needle)
{
  for (guint i = 0; i < problems->len; i++)
    if (strstr (g_ptr_array_index (problems, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static DabiaoMeasurement *
record (DabiaoEvent *event,
        const char  *participant,
        const char  *item,
        double       value,
        const char  *station)
{
  g_autoptr(GError) error = NULL;
  DabiaoRecordRequest request = { .participant_id = participant, .item = item, .has_value = TRUE,
                                  .value = value, .station = station, .operator_name = "测试员" };
  DabiaoMeasurement *m = dabiao_event_record (event, &request, &error);

  g_assert_no_error (error);
  return m;
}

/* An event with a jump, a fouled jump voided, a height. */
static char *
make_event (const char  *name,
            char       **voided)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(DabiaoEvent) event = dabiao_test_event_new (path, "篡改", 3, NULL);
  g_autoptr(DabiaoMeasurement) jump = record (event, "P00000", "standing_long_jump", 195, "跳远");
  g_autoptr(DabiaoMeasurement) foul = record (event, "P00000", "standing_long_jump", 250, "跳远");
  g_autoptr(DabiaoMeasurement) height = record (event, "P00001", "height", 160.5, "身高");
  g_autoptr(DabiaoMeasurement) v = NULL;
  g_autoptr(GError) error = NULL;

  v = dabiao_event_void (event, dabiao_measurement_get_uuid (foul), "犯规", &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_event_set_setting (event, "attempts.height", "2", &error));
  g_assert_true (dabiao_event_verify (event, NULL, &error));
  g_assert_no_error (error);
  if (voided != NULL)
    *voided = g_strdup (dabiao_measurement_get_uuid (foul));
  return path;
}

/* The void row's link to the foul stored as a BLOB: the results compare
 * types, so the foul counted again (195 → 250) and verify, hashing text,
 * said "intact"; the edited file even merged. */
static void
test_cast_voids (void)
{
  g_autofree char *voided = NULL;
  g_autofree char *path = make_event ("cast.dabiao", &voided);
  g_autofree char *organiser = copy_of (path, "cast-organiser.dabiao");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoMergeReport) report = NULL;

  exec_sql (path, "DROP TRIGGER measurements_no_update;"
                  "UPDATE measurements SET voids = CAST (voids AS BLOB) WHERE voids IS NOT NULL;");
  problems = problems_of (path);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (any_has (problems, "measurements"));

  /* merge refuses it. */
  event = dabiao_event_open (organiser, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
  report = dabiao_event_merge (event, path, &error);
  g_assert_null (report);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INTEGRITY);
}

/* A time stored as text sorted an older 身高 as the latest (text sorts
 * after every number); the chain hash read it as the same number. */
static void
test_measured_at_text (void)
{
  g_autofree char *path = make_event ("text-time.dabiao", NULL);
  g_autoptr(GPtrArray) problems = NULL;

  exec_sql (path, "DROP TRIGGER measurements_no_update;"
                  "UPDATE measurements SET measured_at = measured_at || 'x' WHERE item = 'height';");
  problems = problems_of (path);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (any_has (problems, "身高"));

  /* A value as text: the same number to anything reading it as one. */
  g_free (path);
  path = make_event ("text-value.dabiao", NULL);
  exec_sql (path, "DROP TRIGGER measurements_no_update;"
                  "UPDATE measurements SET value = CAST (value AS TEXT) || ' cm' WHERE item = 'height';");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = problems_of (path);
  g_assert_cmpuint (problems->len, ==, 1);
}

/* A participant's sex flipped: the score changed and verify said "hash
 * chains intact". */
static void
test_participant (void)
{
  g_autofree char *path = make_event ("sex.dabiao", NULL);
  g_autoptr(GPtrArray) problems = NULL;

  exec_sql (path, "UPDATE participants SET sex = 3 - sex WHERE id = 'P00001';");
  problems = problems_of (path);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (any_has (problems, "participants"));
  g_assert_true (any_has (problems, "P00001"));

  /* Removed outright: the seal. */
  g_free (path);
  path = make_event ("gone.dabiao", NULL);
  exec_sql (path, "DELETE FROM participants WHERE id = 'P00002';");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = problems_of (path);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (any_has (problems, "participants"));
}

/* Items, meta and settings: changed, added, removed. */
static void
test_items_meta_settings (void)
{
  static const char *const edits[] = {
    "UPDATE items SET better = 1 - better WHERE code = 'height';",
    "UPDATE meta SET value = '2001-01-01' WHERE key = 'date';",
    "UPDATE settings SET value = '9' WHERE key = 'attempts.height';",
    "DELETE FROM settings WHERE key = 'attempts.height';",
    "INSERT INTO settings (key, value, updated_at, station) VALUES ('attempts.run_50m', '9', 0, 'x');",
    "UPDATE seals SET n_rows = n_rows - 1 WHERE tbl = 'participants';",
    "DELETE FROM chain_heads;",
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *name = g_strdup_printf ("edit-%u.dabiao", i);
      g_autofree char *path = make_event (name, NULL);
      g_autoptr(GPtrArray) problems = NULL;

      exec_sql (path, edits[i]);
      problems = problems_of (path);
      g_assert_cmpuint (problems->len, >=, 1);
    }
}

/* The tail of a station that came in by merge, dropped: before, only the
 * stations recorded locally had chain heads, and nothing was noticed. */
static void
test_merged_tail (void)
{
  g_autofree char *station = make_event ("station.dabiao", NULL);
  g_autofree char *organiser = copy_of (station, "organiser.dabiao");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(DabiaoEvent) event = dabiao_event_open (station, DABIAO_EVENT_OPEN_NONE, &error);
    g_autoptr(DabiaoMeasurement) a = record (event, "P00002", "height", 170.1, "身高2");
    g_autoptr(DabiaoMeasurement) b = record (event, "P00002", "weight", 60.5, "身高2");
  }
  {
    g_autoptr(DabiaoEvent) event = dabiao_event_open (organiser, DABIAO_EVENT_OPEN_NONE, &error);
    g_autoptr(DabiaoMergeReport) report = dabiao_event_merge (event, station, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (report->measurements_added, ==, 2);
    g_assert_true (dabiao_event_verify (event, NULL, &error));
  }
  /* Someone removes the merged station's last row, and takes care of the
   * seal by hand (no hash computed: the count and XOR of two stored hashes). */
  exec_sql (organiser, "DROP TRIGGER measurements_no_delete;"
                       "DELETE FROM measurements WHERE station = '身高2' AND seq = 2;");
  problems = problems_of (organiser);
  g_assert_true (any_has (problems, "身高2"));
}

/* A setting from a clock far ahead won every later merge; now refused and
 * reported, as is a station list that cannot be read; what is taken is
 * reported. */
static void
test_merge_settings (void)
{
  g_autofree char *path = make_event ("settings.dabiao", NULL);
  g_autofree char *other = copy_of (path, "settings-other.dabiao");
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoMergeReport) report = NULL;
  g_autofree char *value = NULL;
  gint64 future = g_get_real_time () + 30 * G_TIME_SPAN_DAY;

  {
    g_autoptr(DabiaoEvent) o = dabiao_event_open (other, DABIAO_EVENT_OPEN_NONE, &error);
    g_autofree char *sql = NULL;

    g_assert_true (dabiao_event_set_setting (o, "attempts.height", "3", &error));
    g_assert_true (dabiao_event_set_setting (o, "stations", "{not json", &error));
    g_assert_true (dabiao_event_set_setting (o, "note", "下午补测", &error));
    /* Through the event's own connection (its triggers keep the hashes):
     * a clock 30 days ahead. */
    sql = g_strdup_printf ("UPDATE settings SET updated_at = %" G_GINT64_FORMAT " WHERE key = 'attempts.height'", future);
    g_assert_true (_dabiao_event_exec (o, sql, &error));
    g_assert_true (dabiao_event_verify (o, NULL, &error));
  }

  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
  report = dabiao_event_merge (event, other, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->settings_taken->len; i++)
    g_test_message ("taken: %s", (const char *) g_ptr_array_index (report->settings_taken, i));
  for (guint i = 0; i < report->settings_refused->len; i++)
    g_test_message ("refused: %s", (const char *) g_ptr_array_index (report->settings_refused, i));
  g_assert_cmpuint (report->settings_taken->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report->settings_taken, 0), "note"));
  g_assert_cmpuint (report->settings_refused->len, ==, 2);
  g_assert_true (any_has (report->settings_refused, "attempts.height"));
  g_assert_true (any_has (report->settings_refused, "stations"));
  value = dabiao_event_get_setting (event, "attempts.height", &error);
  g_assert_cmpstr (value, ==, "2");
  g_assert_true (dabiao_event_verify (event, NULL, &error));
  g_assert_no_error (error);
}

/* A file from schema 5 gets its row hashes and seals on the first writable
 * open, and is guarded from then on. */
static void
test_upgrade (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "old.dabiao", NULL);
  g_autoptr(GError) error = NULL;
  DabiaoEventInfo info = { .name = "旧文件", .standard = "student-2014" };
  DabiaoParticipantInfo p = { .id = "S1", .name = "旧人", .sex = 1, .birth_date = "2010-01-01",
                              .grade = 31, .class_code = "3101", .class_name = "高一1班" };
  g_autoptr(GPtrArray) problems = NULL;

  {
    g_autoptr(DabiaoEvent) old = _dabiao_event_create_at_version (path, &info, DABIAO_EVENT_SCHEMA_ROW_HASHES - 1, &error);

    g_assert_no_error (error);
    g_assert_true (dabiao_event_add_participants (old, &p, 1, NULL, NULL, &error));
    g_clear_object (&old);
  }
  {
    g_autoptr(DabiaoEvent) event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
    g_autoptr(DabiaoMeasurement) m = NULL;

    g_assert_no_error (error);
    m = record (event, "S1", "height", 170.0, "身高");
    g_assert_true (dabiao_event_verify (event, NULL, &error));
    g_assert_no_error (error);
  }
  exec_sql (path, "UPDATE participants SET grade = 11 WHERE id = 'S1';");
  problems = problems_of (path);
  g_assert_true (any_has (problems, "S1"));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dabiao-tamper-XXXXXX", NULL);

  g_test_add_func ("/event/tamper/cast-voids", test_cast_voids);
  g_test_add_func ("/event/tamper/measured-at-text", test_measured_at_text);
  g_test_add_func ("/event/tamper/participant", test_participant);
  g_test_add_func ("/event/tamper/items-meta-settings", test_items_meta_settings);
  g_test_add_func ("/event/tamper/merged-tail", test_merged_tail);
  g_test_add_func ("/event/tamper/merge-settings", test_merge_settings);
  g_test_add_func ("/event/tamper/upgrade", test_upgrade);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
