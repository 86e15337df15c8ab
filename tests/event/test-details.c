/* test-details.c: the event's details (活动信息) and schools
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-event-details.h"
#include "dabiao-results.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  g_unlink (path);
  return g_steal_pointer (&path);
}

static DabiaoEvent *
create (const char *path)
{
  g_autoptr(GError) error = NULL;
  DabiaoEventInfo info = {
    .name = "秋季测试", .standard = "student-2014", .date = "2026-10-15", .place = "操场",
    .organizer = "",
  };
  DabiaoEvent *event = dabiao_event_create (path, &info, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
  return event;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_unlink (to);
  g_assert_true (g_file_set_contents (to, contents, length, &error));
  g_assert_no_error (error);
}

/* "CODE=NAME(n);…" of the coded schools, then "|NAME(n);…" of the others. */
static char *
describe_schools (DabiaoEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEventDetails) details = dabiao_event_get_details (event, &error);
  GString *text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < details->schools->len; i++)
    {
      const DabiaoSchool *school = g_ptr_array_index (details->schools, i);

      if (school->code != NULL)
        g_string_append_printf (text, "%s=%s(%u);", school->code, school->name, school->participants);
      else
        g_string_append_printf (text, "|%s(%u);", school->name, school->participants);
    }
  return g_string_free (text, FALSE);
}

static guint
count_audit (DabiaoEvent *event,
             const char  *action,
             const char  *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = dabiao_event_list_audit (event, 0, 1000, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    {
      const DabiaoAuditEntry *entry = g_ptr_array_index (audit, i);

      if (g_str_equal (entry->action, action) && (needle == NULL || strstr (entry->detail, needle) != NULL))
        n++;
    }
  return n;
}

static void
test_set_details (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("details.dabiao");
  g_autoptr(DabiaoEvent) event = create (path);
  g_autoptr(DabiaoEventDetails) details = dabiao_event_get_details (event, &error);
  g_autoptr(DabiaoEventDetails) again = NULL;
  g_autofree char *schools = NULL;
  const char *name_before = dabiao_event_get_name (event);
  guint audit_before;

  g_assert_no_error (error);
  g_assert_cmpstr (details->name, ==, "秋季测试");
  g_assert_cmpstr (details->date, ==, "2026-10-15");
  g_assert_cmpstr (details->place, ==, "操场");
  g_assert_cmpstr (details->organizer, ==, "");
  g_assert_cmpuint (details->schools->len, ==, 0);

  g_free (details->name), details->name = g_strdup ("  2026 秋季体质测试 ");
  g_free (details->organizer), details->organizer = g_strdup ("某某区教育局");
  g_free (details->date), details->date = g_strdup ("2026-10-16");
  g_ptr_array_add (details->schools, dabiao_school_new ("4401060001", "广州市第一中学"));
  g_ptr_array_add (details->schools, dabiao_school_new ("4401060002", ""));
  g_assert_true (dabiao_event_set_details (event, details, &error));
  g_assert_no_error (error);

  /* In memory at once (trimmed); the old string stays valid for a reader
   * on another thread. */
  g_assert_cmpstr (dabiao_event_get_name (event), ==, "2026 秋季体质测试");
  g_assert_cmpstr (dabiao_event_get_organizer (event), ==, "某某区教育局");
  g_assert_cmpstr (dabiao_event_get_date (event), ==, "2026-10-16");
  g_assert_cmpstr (dabiao_event_get_place (event), ==, "操场");
  g_assert_cmpstr (name_before, ==, "秋季测试");
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "4401060001=广州市第一中学(0);4401060002=(0);");

  /* Audited field by field. */
  g_assert_cmpuint (count_audit (event, "details", "活动名称: 秋季测试 → 2026 秋季体质测试"), ==, 1);
  g_assert_cmpuint (count_audit (event, "details", "主办单位:  → 某某区教育局"), ==, 1);
  g_assert_cmpuint (count_audit (event, "details", "测试日期: 2026-10-15 → 2026-10-16"), ==, 1);
  g_assert_cmpuint (count_audit (event, "details", "学校 4401060001: - → 广州市第一中学"), ==, 1);
  g_assert_cmpuint (count_audit (event, "details", "地点"), ==, 0);

  /* The same details again change nothing and write nothing. */
  audit_before = count_audit (event, "details", NULL);
  again = dabiao_event_get_details (event, &error);
  g_assert_true (dabiao_event_set_details (event, again, &error));
  g_assert_cmpuint (count_audit (event, "details", NULL), ==, audit_before);

  /* Reopened: all there. */
  dabiao_event_close (event);
  g_clear_object (&event);
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dabiao_event_get_name (event), ==, "2026 秋季体质测试");
  g_assert_cmpstr (dabiao_event_get_organizer (event), ==, "某某区教育局");
  g_clear_pointer (&schools, g_free);
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "4401060001=广州市第一中学(0);4401060002=(0);");

  /* A read-only open refuses changes. */
  g_assert_false (dabiao_event_set_school (event, "1", "x", &error));
  g_assert_nonnull (error);
}

static void
expect_refused (DabiaoEvent        *event,
                DabiaoEventDetails *details,
                const char         *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = describe_schools (event);
  g_autofree char *after = NULL;
  g_autofree char *name = g_strdup (dabiao_event_get_name (event));

  g_assert_false (dabiao_event_set_details (event, details, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
  after = describe_schools (event);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (dabiao_event_get_name (event), ==, name);
}

static void
details_set_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (dabiao_event_set_details_finish (DABIAO_EVENT (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The organiser's copy of the open event file (README: "Copy the file to
 * each computer") has a 主办单位 set a moment before through the app's
 * write path (the event's worker): the worker, once idle, moves the change
 * from the -wal file into the event file (findings-15c #4). */
static void
test_copy_while_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("open.dabiao");
  g_autofree char *copy = tmp_path ("open-copy.dabiao");
  g_autoptr(DabiaoEvent) event = create (path);
  g_autoptr(DabiaoEventDetails) details = dabiao_event_get_details (event, &error);
  g_autofree char *organizer = NULL;
  gboolean done = FALSE;
  gint64 deadline;

  g_assert_no_error (error);
  g_free (details->organizer), details->organizer = g_strdup ("幸福街道社区卫生服务中心");
  dabiao_event_set_details_async (event, details, NULL, details_set_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* The worker checkpoints after it returned the result: give it a moment;
   * without the checkpoint the copy never has the change. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_autoptr(DabiaoEvent) opened = NULL;

      g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);

      g_usleep (20 * 1000);
      g_unlink (copy_wal);
      copy_file (path, copy);
      opened = dabiao_event_open (copy, DABIAO_EVENT_OPEN_NONE, NULL);
      g_clear_pointer (&organizer, g_free);
      if (opened != NULL)
        organizer = g_strdup (dabiao_event_get_organizer (opened));
    }
  while (g_strcmp0 (organizer, "幸福街道社区卫生服务中心") != 0 && g_get_monotonic_time () < deadline);
  g_assert_cmpstr (organizer, ==, "幸福街道社区卫生服务中心");
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("refused.dabiao");
  g_autoptr(DabiaoEvent) event = create (path);
  struct
  {
    const char *field;
    const char *value;
    const char *needle;
  } cases[] = {
    { "name", "  ", "活动名称" },
    { "date", "2026-02-30", "测试日期 “2026-02-30”" },
    { "date", "15.10.2026", "YYYY-MM-DD" },
    { "place", "一\n二", "地点" },
    { "school", "44 01", "学校代码 “44 01”" },
    { "school", "44/01", "“/”" },
    { "school", "1234567890123456789012345678901234", "31" },
    { "twice", "4401", "“4401”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DabiaoEventDetails) details = dabiao_event_get_details (event, &error);

      g_assert_no_error (error);
      /* A good change beside the bad one is not made either. */
      g_free (details->organizer), details->organizer = g_strdup ("教育局");
      if (g_str_equal (cases[i].field, "name"))
        g_free (details->name), details->name = g_strdup (cases[i].value);
      else if (g_str_equal (cases[i].field, "date"))
        g_free (details->date), details->date = g_strdup (cases[i].value);
      else if (g_str_equal (cases[i].field, "place"))
        g_free (details->place), details->place = g_strdup (cases[i].value);
      else if (g_str_equal (cases[i].field, "school"))
        g_ptr_array_add (details->schools, dabiao_school_new (cases[i].value, "某校"));
      else
        {
          g_ptr_array_add (details->schools, dabiao_school_new (cases[i].value, "甲"));
          g_ptr_array_add (details->schools, dabiao_school_new (cases[i].value, "乙"));
        }
      expect_refused (event, details, cases[i].needle);
      g_assert_cmpstr (dabiao_event_get_organizer (event), ==, "");
    }
  g_assert_cmpuint (count_audit (event, "details", NULL), ==, 0);
}

static void
add_person (DabiaoEvent *event,
            const char  *id,
            const char  *organization)
{
  g_autoptr(GError) error = NULL;
  DabiaoParticipantInfo info = { .id = id, .name = "张三", .sex = 1, .grade = 31,
                                 .birth_date = "2010-03-01", .organization = organization };

  g_assert_true (dabiao_event_add_participants (event, &info, 1, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_remove_school (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("remove.dabiao");
  g_autofree char *copy = tmp_path ("remove-copy.dabiao");
  g_autoptr(DabiaoEvent) event = create (path);
  g_autoptr(DabiaoMergeReport) report = NULL;
  g_autofree char *schools = NULL;

  g_assert_true (dabiao_event_set_school (event, "A01", "甲校", &error));
  g_assert_true (dabiao_event_set_school (event, "B02", "乙校", &error));
  g_assert_true (dabiao_event_set_school (event, "A01", "甲中学", &error));
  g_assert_no_error (error);
  add_person (event, "G1", "A01");
  add_person (event, "G2", "某单位");
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "A01=甲中学(1);B02=乙校(0);|某单位(1);");
  g_assert_cmpuint (count_audit (event, "details", "学校 A01: 甲校 → 甲中学"), ==, 1);

  /* A school with participants stays. */
  g_assert_false (dabiao_event_remove_school (event, "A01", &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "A01"));
  g_clear_error (&error);
  g_assert_false (dabiao_event_remove_school (event, "C03", &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An empty one goes, and stays gone after merging a copy that still
   * has it. */
  dabiao_event_close (event);
  copy_file (path, copy);
  g_clear_object (&event);
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (dabiao_event_remove_school (event, "B02", &error));
  g_assert_no_error (error);
  report = dabiao_event_merge (event, copy, &error);
  g_assert_no_error (error);
  g_clear_pointer (&schools, g_free);
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "A01=甲中学(1);|某单位(1);");

  /* Added again later, it is back. */
  g_assert_true (dabiao_event_set_school (event, "B02", "乙校", &error));
  g_clear_pointer (&schools, g_free);
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "A01=甲中学(1);B02=乙校(0);|某单位(1);");

  /* A school a roster named without its code: given its code here, its
   * participants have it (trial 11d #9: only importing the roster again
   * did it), audited. */
  add_person (event, "G3", "丙校");
  add_person (event, "G4", "丙校");
  g_assert_true (dabiao_event_set_school (event, "C03", "丙校", &error));
  g_assert_no_error (error);
  g_clear_pointer (&schools, g_free);
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "A01=甲中学(1);B02=乙校(0);C03=丙校(2);|某单位(1);");
  g_assert_cmpuint (count_audit (event, "details", "“丙校”的 2 名受测者：学校代码 C03"), ==, 1);
}

/* Two copies of one event change details apart; merging brings each
 * change to the other, the newer value winning per field or school. */
static void
test_merge (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = tmp_path ("merge-a.dabiao");
  g_autofree char *b_path = tmp_path ("merge-b.dabiao");
  g_autoptr(DabiaoEvent) a = create (a_path);
  g_autoptr(DabiaoEvent) b = NULL;
  g_autoptr(DabiaoEventDetails) details = NULL;
  g_autoptr(DabiaoMergeReport) report = NULL;
  g_autofree char *a_schools = NULL;
  g_autofree char *b_schools = NULL;

  dabiao_event_close (a);
  g_clear_object (&a);
  copy_file (a_path, b_path);
  a = dabiao_event_open (a_path, DABIAO_EVENT_OPEN_NONE, &error);
  b = dabiao_event_open (b_path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);

  /* A: organiser and school X; then B: place, organiser (later) and Y. */
  details = dabiao_event_get_details (a, &error);
  g_free (details->organizer), details->organizer = g_strdup ("甲局");
  g_ptr_array_add (details->schools, dabiao_school_new ("X1", "X 校"));
  g_assert_true (dabiao_event_set_details (a, details, &error));
  g_clear_pointer (&details, dabiao_event_details_free);
  g_usleep (2000);
  details = dabiao_event_get_details (b, &error);
  g_free (details->organizer), details->organizer = g_strdup ("乙局");
  g_free (details->place), details->place = g_strdup ("体育馆");
  g_ptr_array_add (details->schools, dabiao_school_new ("Y2", "Y 校"));
  g_assert_true (dabiao_event_set_details (b, details, &error));
  g_assert_no_error (error);

  dabiao_event_close (b);
  report = dabiao_event_merge (a, b_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpstr (dabiao_event_get_organizer (a), ==, "乙局");
  g_assert_cmpstr (dabiao_event_get_place (a), ==, "体育馆");
  a_schools = describe_schools (a);
  g_assert_cmpstr (a_schools, ==, "X1=X 校(0);Y2=Y 校(0);");

  /* The other way round gives the same. */
  g_clear_object (&b);
  dabiao_event_close (a);
  b = dabiao_event_open (b_path, DABIAO_EVENT_OPEN_NONE, &error);
  g_clear_pointer (&report, dabiao_merge_report_free);
  report = dabiao_event_merge (b, a_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dabiao_event_get_organizer (b), ==, "乙局");
  b_schools = describe_schools (b);
  g_assert_cmpstr (b_schools, ==, a_schools);

  /* Reopened, the metadata holds the merged values too. */
  dabiao_event_close (b);
  g_clear_object (&b);
  b = dabiao_event_open (b_path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_cmpstr (dabiao_event_get_organizer (b), ==, "乙局");
  g_assert_cmpstr (dabiao_event_get_place (b), ==, "体育馆");
}

static char *
write_roster (const char *name,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = tmp_path (name);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return path;
}

#define STUDENT_HEADER "学校代码,学校名称,年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期\n"

static void
test_roster_schools (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("roster.dabiao");
  g_autoptr(DabiaoEvent) event = create (path);
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(DabiaoParticipant) p = NULL;
  g_autofree char *schools = NULL;
  g_autofree char *good = write_roster ("good.csv",
                                        STUDENT_HEADER
                                        "4401,第一中学,31,3101,高一1班,G1,01,张一,1,2010-03-01\n"
                                        "4401,,31,3101,高一1班,G2,01,张二,2,2010-04-01\n"
                                        "4402,第二中学,31,3102,高一2班,G3,01,张三,1,2010-05-01\n"
                                        "4403,,31,3102,高一2班,G4,01,张四,1,2010-06-01\n");
  g_autofree char *bad = write_roster ("bad.csv",
                                       STUDENT_HEADER
                                       "4401,第一中学,31,3101,高一1班,G5,01,王一,1,2010-03-01\n"
                                       "4401,一中,31,3101,高一1班,G6,01,王二,1,2010-03-01\n"
                                       "44 01,一中,31,3101,高一1班,G7,01,王三,1,2010-03-01\n"
                                       ",某中学,31,3101,高一1班,G8,01,王四,1,2010-03-01\n");
  g_autofree char *rename = write_roster ("rename.csv",
                                          STUDENT_HEADER
                                          "4403,第三中学,31,3102,高一2班,G4,01,张四,1,2010-06-01\n");
  g_autofree char *adult = write_roster ("adult.csv",
                                         "编号,姓名,性别,出生日期,单位\nA1,李一,1,1980-01-01,某公司\n");

  /* A dry run names nothing. */
  g_assert_true (dabiao_event_import_roster (event, good, TRUE, NULL, &error));
  g_assert_no_error (error);
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "");

  g_assert_true (dabiao_event_import_roster (event, good, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&schools, g_free);
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "4401=第一中学(2);4402=第二中学(1);4403=(1);");
  p = dabiao_event_get_participant (event, "G2", &error);
  g_assert_cmpstr (dabiao_participant_get_organization (p), ==, "4401");

  /* Every problem named by row and column; nothing imported. */
  g_assert_false (dabiao_event_import_roster (event, bad, FALSE, &report, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_cmpuint (report->problems->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "3"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "第一中学"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 1), "学校代码"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 2), "学校代码"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 2), "某中学"));
  g_clear_error (&error);
  g_clear_pointer (&schools, g_free);
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "4401=第一中学(2);4402=第二中学(1);4403=(1);");

  /* A later roster names the school it left nameless. */
  g_assert_true (dabiao_event_import_roster (event, rename, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dabiao_event_import_roster (event, adult, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&schools, g_free);
  schools = describe_schools (event);
  g_assert_cmpstr (schools, ==, "4401=第一中学(2);4402=第二中学(1);4403=第三中学(1);|某公司(1);");
  g_assert_cmpuint (count_audit (event, "details", "学校 4403:  → 第三中学"), ==, 1);

  /* The exports print the school's name and file it under its code. */
  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *person = g_ptr_array_index (persons, i);

      if (g_str_equal (person->id, "G2"))
        {
          g_assert_cmpstr (person->school_code, ==, "4401");
          g_assert_cmpstr (person->school_name, ==, "第一中学");
        }
      else if (g_str_equal (person->id, "A1"))
        g_assert_cmpstr (person->school_name, ==, "某公司");
    }
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

/* An item forgotten at creation is added later (in the standard's order);
 * removing one is refused once something is recorded for it or a station
 * measures it; both travel with a merge. */
static void
test_items_later (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = tmp_path ("items-a.dabiao");
  g_autofree char *b_path = tmp_path ("items-b.dabiao");
  const DabiaoEventItemChoice choice[] = { { "height", 0 }, { "weight", 0 }, { "run_50m", 0 } };
  DabiaoEventInfo info = { .name = "分项", .standard = "student-2014", .date = "2026-10-15",
                           .items = choice, .n_items = G_N_ELEMENTS (choice) };
  g_autoptr(DabiaoEvent) a = dabiao_event_create (a_path, &info, &error);
  g_autoptr(DabiaoEvent) b = NULL;
  g_autoptr(DabiaoMergeReport) report = NULL;
  g_autoptr(DabiaoMeasurement) m = NULL;
  g_autofree char *items = NULL;
  DabiaoRecordRequest request = { .participant_id = "G1", .item = "sit_and_reach", .has_value = TRUE, .value = 12,
                                  .source = DABIAO_SOURCE_MANUAL };

  g_assert_no_error (error);
  add_person (a, "G1", "");
  dabiao_event_close (a);
  g_clear_object (&a);
  copy_file (a_path, b_path);
  a = dabiao_event_open (a_path, DABIAO_EVENT_OPEN_NONE, &error);
  b = dabiao_event_open (b_path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);

  /* Not yet an item: not recordable.  Added (by name, 3 attempts): in the
   * standard's place, recordable, audited. */
  m = dabiao_event_record (a, &request, &error);
  g_assert_null (m);
  g_clear_error (&error);
  g_assert_true (dabiao_event_add_item (a, "坐位体前屈", 3, &error));
  g_assert_no_error (error);
  items = describe_items (a);
  g_assert_cmpstr (items, ==, "height×1 weight×1 run_50m×1 sit_and_reach×3");
  g_assert_cmpuint (count_audit (a, "details", "项目 +坐位体前屈"), ==, 1);
  m = dabiao_event_record (a, &request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (m);

  /* Refusals: twice, unknown, recorded for, the only item, a station's. */
  g_assert_false (dabiao_event_add_item (a, "sit_and_reach", 0, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (dabiao_event_add_item (a, "跳高", 0, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dabiao_event_remove_item (a, "sit_and_reach", &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "坐位体前屈"));
  g_clear_error (&error);
  {
    const char *codes[] = { "height", "weight", NULL };
    g_autoptr(DabiaoStationDefinition) scale = dabiao_station_definition_new ("身高体重", codes, NULL);

    g_assert_true (dabiao_event_add_station_definition (a, scale, &error));
    g_assert_false (dabiao_event_remove_item (a, "weight", &error));
    g_assert_nonnull (strstr (error->message, "身高体重"));
    g_clear_error (&error);
  }
  /* Nothing recorded, no station: removed. */
  g_assert_true (dabiao_event_remove_item (a, "run_50m", &error));
  g_assert_no_error (error);
  g_clear_pointer (&items, g_free);
  items = describe_items (a);
  g_assert_cmpstr (items, ==, "height×1 weight×1 sit_and_reach×3");

  /* B merges A: gets 坐位体前屈 (with A's attempts) and loses 50米跑. */
  dabiao_event_close (a);
  report = dabiao_event_merge (b, a_path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&items, g_free);
  items = describe_items (b);
  g_assert_cmpstr (items, ==, "height×1 weight×1 sit_and_reach×3");
  dabiao_event_close (b);
  g_clear_object (&b);
  b = dabiao_event_open (b_path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_clear_pointer (&items, g_free);
  items = describe_items (b);
  g_assert_cmpstr (items, ==, "height×1 weight×1 sit_and_reach×3");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("dabiao-details-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/details/set", test_set_details);
  g_test_add_func ("/details/refused", test_refused);
  g_test_add_func ("/details/copy-while-open", test_copy_while_open);
  g_test_add_func ("/details/remove-school", test_remove_school);
  g_test_add_func ("/details/merge", test_merge);
  g_test_add_func ("/details/roster-schools", test_roster_schools);
  g_test_add_func ("/details/items-later", test_items_later);

  ret = g_test_run ();
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);
    g_autoptr(GFileEnumerator) files = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
    GFileInfo *info;

    while (files != NULL && (info = g_file_enumerator_next_file (files, NULL, NULL)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, g_file_info_get_name (info), NULL);

        g_unlink (path);
        g_object_unref (info);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return ret;
}
