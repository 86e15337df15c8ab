/* test-stations.c: events with chosen items and station definitions
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-event.h"
#include "dabiao-i18n.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  g_unlink (path);
  return g_steal_pointer (&path);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_no_error (error);
  g_unlink (to);
  g_assert_true (g_file_set_contents (to, contents, length, &error));
  g_assert_no_error (error);
}

static GPtrArray *
stations (const char *first, ...) G_GNUC_NULL_TERMINATED;

/* stations ("name", "item,item", "profile-or-empty", …, NULL) */
static GPtrArray *
stations (const char *first,
          ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
  const char *name = first;
  va_list args;

  va_start (args, first);
  while (name != NULL)
    {
      const char *items = va_arg (args, const char *);
      const char *profile = va_arg (args, const char *);
      g_auto(GStrv) codes = g_strsplit (items, ",", -1);

      g_ptr_array_add (array, dabiao_station_definition_new (name, (const char * const *) codes, profile));
      name = va_arg (args, const char *);
    }
  va_end (args);
  return array;
}

/* "name=item+item@profile;…" for comparing whole lists at once. */
static char *
describe (GPtrArray *definitions)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < definitions->len; i++)
    {
      const DabiaoStationDefinition *definition = g_ptr_array_index (definitions, i);
      g_autofree char *items = g_strjoinv ("+", definition->items);

      g_string_append_printf (text, "%s%s=%s", i > 0 ? ";" : "", definition->name, items);
      if (definition->profile != NULL)
        g_string_append_printf (text, "@%s", definition->profile);
    }
  return g_string_free (text, FALSE);
}

static char *
describe_event (DabiaoEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) definitions = dabiao_event_list_station_definitions (event, &error);

  g_assert_no_error (error);
  g_assert_nonnull (definitions);
  return describe (definitions);
}

static char *
describe_items (DabiaoEvent *event)
{
  GPtrArray *items = dabiao_event_get_items (event);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (items, i);

      g_string_append_printf (text, "%s%s×%u", i > 0 ? " " : "", item->code, item->attempts);
    }
  return g_string_free (text, FALSE);
}

static DabiaoEvent *
create_subset (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) defs = stations ("身高体重", "height,体重", "height-weight-line",
                                        " 50米跑 ", "05", "",
                                        NULL);
  /* Given out of order, by code, number and name; 0 = the default. */
  const DabiaoEventItemChoice items[] = {
    { "sit_and_reach", 3 },
    { "05", 0 },
    { "身高", 0 },
    { "weight", 2 },
  };
  DabiaoEventInfo info = {
    .name = "分项测试", .standard = "student-2014", .date = "2026-11-29",
    .items = items, .n_items = G_N_ELEMENTS (items), .stations = defs,
  };
  DabiaoEvent *event = dabiao_event_create (path, &info, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
  return event;
}

static void
test_create_subset (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("subset.dabiao");
  g_autoptr(DabiaoEvent) event = create_subset (path);
  g_autofree char *items = describe_items (event);
  g_autofree char *defs = describe_event (event);
  g_autofree char *again_items = NULL;
  g_autofree char *again_defs = NULL;
  DabiaoRecordRequest request = { .participant_id = "G1", .item = "vital_capacity", .has_value = TRUE,
                                  .value = 2000 };
  DabiaoParticipantInfo person = { .id = "G1", .name = "张三", .sex = 1, .grade = 21 };
  g_autoptr(DabiaoMeasurement) m = NULL;

  /* The standard's order, the chosen attempts (sit_and_reach's default is 2). */
  g_assert_cmpstr (items, ==, "height×1 weight×2 run_50m×1 sit_and_reach×3");
  g_assert_cmpstr (defs, ==, "身高体重=height+weight@height-weight-line;50米跑=run_50m");
  g_assert_null (dabiao_event_find_item (event, "vital_capacity"));

  /* An item left out cannot be recorded. */
  g_assert_true (dabiao_event_add_participants (event, &person, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  m = dabiao_event_record (event, &request, &error);
  g_assert_null (m);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Reopened, everything is still there. */
  dabiao_event_close (event);
  g_clear_object (&event);
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  again_items = describe_items (event);
  again_defs = describe_event (event);
  g_assert_cmpstr (again_items, ==, items);
  g_assert_cmpstr (again_defs, ==, defs);
}

static void
expect_create_error (const DabiaoEventInfo *info,
                     const char            *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("refused.dabiao");
  g_autoptr(DabiaoEvent) event = dabiao_event_create (path, info, &error);

  g_assert_null (event);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not name “%s”", error->message, needle);
  /* Nothing half-made is left behind. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_create_refused (void)
{
  const DabiaoEventItemChoice unknown[] = { { "height", 0 }, { "跳高", 0 } };
  const DabiaoEventItemChoice twice[] = { { "height", 0 }, { "01", 0 } };
  const DabiaoEventItemChoice too_many[] = { { "height", 100 } };
  const DabiaoEventItemChoice some[] = { { "height", 0 }, { "run_50m", 0 } };
  g_autoptr(GPtrArray) not_chosen = stations ("肺活量", "vital_capacity", "", NULL);
  DabiaoEventInfo info = { .name = "拒绝", .standard = "student-2014" };

  info.items = unknown;
  info.n_items = G_N_ELEMENTS (unknown);
  expect_create_error (&info, "跳高");
  info.items = twice;
  info.n_items = G_N_ELEMENTS (twice);
  expect_create_error (&info, "身高");
  info.items = too_many;
  info.n_items = 1;
  expect_create_error (&info, "身高");
  info.items = some;
  info.n_items = 0;
  expect_create_error (&info, "至少");
  /* A station's item must be one of the event's. */
  info.n_items = G_N_ELEMENTS (some);
  info.stations = not_chosen;
  expect_create_error (&info, "vital_capacity");
}

static void
expect_set_error (DabiaoEvent *event,
                  GPtrArray   *definitions,
                  const char  *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = describe_event (event);
  g_autofree char *after = NULL;

  g_assert_false (dabiao_event_set_station_definitions (event, definitions, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not name “%s”", error->message, needle);
  after = describe_event (event);
  g_assert_cmpstr (after, ==, before);
}

static void
test_edit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("edit.dabiao");
  g_autoptr(DabiaoEvent) event = create_subset (path);
  g_autoptr(GPtrArray) empty_name = stations ("  ", "height", "", NULL);
  g_autoptr(GPtrArray) duplicate = stations ("甲", "height", "", "甲", "weight", "", NULL);
  g_autoptr(GPtrArray) unknown = stations ("甲", "height,肺活量", "", NULL);
  g_autoptr(GPtrArray) no_items = stations ("乙", "", "", NULL);
  g_autoptr(GPtrArray) ok = stations ("一号", "height", "", "二号", "weight,sit_and_reach", "generic-line", NULL);
  g_autoptr(DabiaoStationDefinition) added = NULL;
  g_autoptr(DabiaoStationDefinition) renamed = NULL;
  g_autoptr(DabiaoStationDefinition) found = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *text = NULL;
  const char *jump[] = { "坐位体前屈", NULL };
  const char *both[] = { "身高", "体重", NULL };
  guint settings = 0;

  /* Validation: the message names the station or the item (in Chinese). */
  expect_set_error (event, empty_name, "1");
  expect_set_error (event, duplicate, "甲");
  expect_set_error (event, unknown, "肺活量");
  expect_set_error (event, no_items, "乙");

  g_assert_true (dabiao_event_set_station_definitions (event, ok, &error));
  g_assert_no_error (error);
  text = describe_event (event);
  g_assert_cmpstr (text, ==, "一号=height;二号=weight+sit_and_reach@generic-line");
  g_clear_pointer (&text, g_free);

  added = dabiao_station_definition_new ("三号", jump, NULL);
  g_assert_true (dabiao_event_add_station_definition (event, added, &error));
  g_assert_no_error (error);
  /* Adding the same name again is refused. */
  g_assert_false (dabiao_event_add_station_definition (event, added, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "三号"));
  g_clear_error (&error);

  renamed = dabiao_station_definition_new ("秤", both, "height-weight-line");
  g_assert_true (dabiao_event_update_station_definition (event, "一号", renamed, &error));
  g_assert_no_error (error);
  g_assert_true (dabiao_event_remove_station_definition (event, "二号", &error));
  g_assert_no_error (error);
  g_assert_false (dabiao_event_remove_station_definition (event, "二号", &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "二号"));
  g_clear_error (&error);
  g_assert_false (dabiao_event_update_station_definition (event, "无此工位", renamed, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  text = describe_event (event);
  g_assert_cmpstr (text, ==, "秤=height+weight@height-weight-line;三号=sit_and_reach");
  found = dabiao_event_find_station_definition (event, "秤", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->profile, ==, "height-weight-line");
  g_assert_cmpuint (g_strv_length (found->items), ==, 2);

  /* Every change is audited. */
  audit = dabiao_event_list_audit (event, 0, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    if (g_str_equal (((DabiaoAuditEntry *) g_ptr_array_index (audit, i))->action, "setting"))
      settings++;
  g_assert_cmpuint (settings, ==, 4);

  /* Removing every station leaves an empty list, not an error. */
  g_clear_pointer (&ok, g_ptr_array_unref);
  ok = stations (NULL, NULL);
  g_assert_true (dabiao_event_set_station_definitions (event, ok, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = describe_event (event);
  g_assert_cmpstr (text, ==, "");
}

static void
test_broken_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("broken.dabiao");
  g_autoptr(DabiaoEvent) event = create_subset (path);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (dabiao_event_set_setting (event, "stations", "{\"stations\": 5}", &error));
  list = dabiao_event_list_station_definitions (event, &error);
  g_assert_null (list);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "broken.dabiao"));
  g_clear_error (&error);
  g_assert_true (dabiao_event_set_setting (event, "stations", "not json", &error));
  list = dabiao_event_list_station_definitions (event, &error);
  g_assert_null (list);
  g_assert_nonnull (error);
}

/* Two stations' copies of one file, both carrying the definitions: the
 * list changed last wins as a whole (a removal survives the merge). */
static void
test_merge (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = tmp_path ("merge-a.dabiao");
  g_autofree char *b_path = tmp_path ("merge-b.dabiao");
  g_autoptr(DabiaoEvent) a = create_subset (a_path);
  g_autoptr(DabiaoEvent) b = NULL;
  g_autoptr(DabiaoMergeReport) report = NULL;
  g_autoptr(GPtrArray) b_list = stations ("身高体重", "height,weight", "height-weight-line", NULL);
  g_autofree char *before = describe_event (a);
  g_autofree char *text = NULL;
  DabiaoParticipantInfo person = { .id = "G1", .name = "张三", .sex = 1, .grade = 21 };
  DabiaoRecordRequest request = { .participant_id = "G1", .item = "height", .has_value = TRUE, .value = 150,
                                  .station = "身高体重" };
  g_autoptr(DabiaoMeasurement) m = NULL;

  g_assert_true (dabiao_event_add_participants (a, &person, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  dabiao_event_close (a);
  g_clear_object (&a);
  copy_file (a_path, b_path);

  /* Station B removes the 50米跑 station and records a height there. */
  b = dabiao_event_open (b_path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_usleep (2000);
  g_assert_true (dabiao_event_set_station_definitions (b, b_list, &error));
  g_assert_no_error (error);
  m = dabiao_event_record (b, &request, &error);
  g_assert_no_error (error);
  dabiao_event_close (b);
  g_clear_object (&b);

  a = dabiao_event_open (a_path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
  text = describe_event (a);
  g_assert_cmpstr (text, ==, before);
  g_clear_pointer (&text, g_free);
  report = dabiao_event_merge (a, b_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->measurements_added, ==, 1);
  g_assert_cmpuint (report->settings_updated, ==, 1);
  text = describe_event (a);
  g_assert_cmpstr (text, ==, "身高体重=height+weight@height-weight-line");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&report, dabiao_merge_report_free);

  /* Merging again changes nothing; a later change here is kept. */
  g_usleep (2000);
  g_assert_true (dabiao_event_remove_station_definition (a, "身高体重", &error));
  g_assert_no_error (error);
  report = dabiao_event_merge (a, b_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->settings_updated, ==, 0);
  text = describe_event (a);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  /* And it survives reopening. */
  dabiao_event_close (a);
  g_clear_object (&a);
  a = dabiao_event_open (a_path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  text = describe_event (a);
  g_assert_cmpstr (text, ==, "");
}

static guint
attempts_of (DabiaoEvent *event,
             const char  *code)
{
  const DabiaoEventItem *item = dabiao_event_find_item (event, code);

  g_assert_nonnull (item);
  return item->attempts;
}

/* Attempts changed in one station's copy reach the other by a merge; the
 * change made last wins, and survives reopening. */
static void
test_merge_attempts (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = tmp_path ("attempts-a.dabiao");
  g_autofree char *b_path = tmp_path ("attempts-b.dabiao");
  g_autoptr(DabiaoEvent) a = create_subset (a_path);
  g_autoptr(DabiaoEvent) b = NULL;
  g_autoptr(DabiaoMergeReport) report = NULL;

  dabiao_event_close (a);
  g_clear_object (&a);
  copy_file (a_path, b_path);

  /* B: 坐位体前屈 3 → 2, 体重 2 → 1. */
  b = dabiao_event_open (b_path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_event_set_item_attempts (b, "sit_and_reach", 2, &error));
  g_assert_true (dabiao_event_set_item_attempts (b, "weight", 1, &error));
  g_assert_no_error (error);
  dabiao_event_close (b);
  g_clear_object (&b);

  /* A changes 体重 later (2 → 3); then merges B. */
  a = dabiao_event_open (a_path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_usleep (2000);
  g_assert_true (dabiao_event_set_item_attempts (a, "weight", 3, &error));
  g_assert_no_error (error);
  report = dabiao_event_merge (a, b_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->settings_updated, ==, 1);
  g_assert_cmpuint (attempts_of (a, "sit_and_reach"), ==, 2);   /* B's change */
  g_assert_cmpuint (attempts_of (a, "weight"), ==, 3);          /* A's is newer */
  g_assert_cmpuint (attempts_of (a, "run_50m"), ==, 1);         /* untouched */
  g_clear_pointer (&report, dabiao_merge_report_free);

  /* Merging again changes nothing. */
  report = dabiao_event_merge (a, b_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->settings_updated, ==, 0);
  g_assert_cmpuint (attempts_of (a, "sit_and_reach"), ==, 2);

  /* The file says the same after reopening. */
  dabiao_event_close (a);
  g_clear_object (&a);
  a = dabiao_event_open (a_path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts_of (a, "sit_and_reach"), ==, 2);
  g_assert_cmpuint (attempts_of (a, "weight"), ==, 3);
}

static void
test_info_copy (void)
{
  g_autoptr(GPtrArray) defs = stations ("甲", "height", "", NULL);
  const DabiaoEventItemChoice items[] = { { "height", 2 }, { "run_50m", 0 } };
  DabiaoEventInfo info = { .name = "名", .standard = "student-2014", .date = "2026-01-02", .place = "地",
                           .organizer = "者", .items = items, .n_items = 2, .stations = defs };
  g_autoptr(DabiaoEventInfo) copy = dabiao_event_info_copy (&info);
  g_autoptr(DabiaoEventInfo) bare = NULL;
  DabiaoEventInfo minimal = { .name = "名", .standard = "student-2014" };

  g_assert_cmpstr (copy->name, ==, "名");
  g_assert_cmpstr (copy->organizer, ==, "者");
  g_assert_true (copy->items != items);
  g_assert_cmpuint (copy->n_items, ==, 2);
  g_assert_cmpstr (copy->items[1].code, ==, "run_50m");
  g_assert_cmpuint (copy->items[0].attempts, ==, 2);
  g_assert_true (copy->stations != defs);
  g_assert_cmpuint (copy->stations->len, ==, 1);
  g_assert_cmpstr (((DabiaoStationDefinition *) g_ptr_array_index (copy->stations, 0))->name, ==, "甲");
  bare = dabiao_event_info_copy (&minimal);
  g_assert_null (bare->items);
  g_assert_null (bare->stations);
}

int
main (int argc, char *argv[])
{
  int status;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("dabiao-stations-XXXXXX", NULL);

  g_test_add_func ("/stations/create-subset", test_create_subset);
  g_test_add_func ("/stations/create-refused", test_create_refused);
  g_test_add_func ("/stations/edit", test_edit);
  g_test_add_func ("/stations/broken-json", test_broken_json);
  g_test_add_func ("/stations/merge", test_merge);
  g_test_add_func ("/stations/merge-attempts", test_merge_attempts);
  g_test_add_func ("/stations/info-copy", test_info_copy);

  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    if (system (cmd) != 0)
      g_warning ("could not remove %s", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
