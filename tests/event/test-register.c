/* test-register.c: walk-ins registered at desks (a public 达标测验 day)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "dabiao-error.h"
#include "dabiao-event-register.h"
#include "dabiao-exit-desk.h"
#include "dabiao-results.h"
#include "dabiao-upload.h"

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
    .name = "公众达标日", .standard = "natfit-2003", .date = "2026-12-06", .place = "体育馆", .organizer = "",
  };
  DabiaoEvent *event = dabiao_event_create (path, &info, &error);

  g_assert_no_error (error);
  return event;
}

static DabiaoEvent *
copy_of (const char *from,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *to = tmp_path (name);
  g_autofree char *contents = NULL;
  gsize length;
  DabiaoEvent *event;

  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_true (g_file_set_contents (to, contents, length, &error));
  event = dabiao_event_open (to, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
  return event;
}

static DabiaoRegistration *
reg (DabiaoEvent *event,
     const char  *desk,
     const char  *name,
     const char  *id_card)
{
  g_autoptr(GError) error = NULL;
  DabiaoWalkIn w = { .name = name, .id_card = id_card };
  DabiaoRegistration *r = dabiao_event_register (event, &w, desk, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static guint
n_participants (DabiaoEvent *event)
{
  g_autoptr(GError) error = NULL;
  DabiaoParticipantQuery query = { 0, };
  g_autoptr(GPtrArray) all = dabiao_event_list_participants (event, &query, 0, 0, &error);

  g_assert_no_error (error);
  return all->len;
}

static guint
n_audit (DabiaoEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = dabiao_event_list_audit (event, 0, 10000, &error);

  g_assert_no_error (error);
  return audit->len;
}

static void
test_register (void)
{
  g_autofree char *path = tmp_path ("register.dabiao");
  g_autoptr(DabiaoEvent) event = create (path);
  g_autoptr(DabiaoRegistration) a = reg (event, "A", "张三", "110105198005011235");
  g_autoptr(DabiaoRegistration) b = reg (event, "A", "李四", "440106199206120021");
  g_autoptr(DabiaoRegistration) again = NULL;
  g_autoptr(DabiaoParticipant) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  guint before;

  g_assert_cmpstr (a->id, ==, "A0001");
  g_assert_false (a->existing);
  g_assert_cmpstr (b->id, ==, "A0002");

  /* From the card: birth date and sex. */
  p = dabiao_event_get_participant (event, "A0002", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dabiao_participant_get_name (p), ==, "李四");
  g_assert_cmpstr (dabiao_participant_get_birth_date (p), ==, "1992-06-12");
  g_assert_cmpuint (dabiao_participant_get_sex (p), ==, 2);
  g_assert_cmpstr (dabiao_participant_get_id_card (p), ==, "440106199206120021");

  /* The same card again (even typed in lower case, with another name):
   * the one registered, nothing written. */
  before = n_audit (event);
  again = reg (event, "A", "张三丰", "110105198005011235");
  g_assert_true (again->existing);
  g_assert_cmpstr (again->id, ==, "A0001");
  g_assert_cmpstr (again->name, ==, "张三");
  g_assert_cmpuint (n_participants (event), ==, 2);
  g_assert_cmpuint (n_audit (event), ==, before);

  /* The audit names the 编号, never the identity number. */
  audit = dabiao_event_list_audit (event, 0, 100, &error);
  for (guint i = 0; i < audit->len; i++)
    g_assert_null (strstr (((DabiaoAuditEntry *) audit->pdata[i])->detail, "110105198005011235"));
}

/* 民族 as the card or the desk gives it (汉, 维吾尔族, a code) is stored as
 * the GB/T 3304 code a roster import stores (the trial: walk-ins had "汉",
 * which the upload refuses), shown by name, carried by the upload. */
static void
test_register_ethnicity (void)
{
  g_autofree char *path = tmp_path ("ethnicity.dabiao");
  g_autoptr(GError) error = NULL;
  DabiaoEventInfo event_info = {
    .name = "补测", .standard = "student-2014", .date = "2026-12-06", .place = "体育馆", .organizer = "",
  };
  g_autoptr(DabiaoEvent) event = dabiao_event_create (path, &event_info, &error);
  struct { const char *typed, *code, *name; } cases[] = {
    { "汉", "01", "汉族" }, { "维吾尔族", "05", "维吾尔族" }, { "03", "03", "回族" }, { "", "", NULL }, { NULL, "", NULL },
    { "汉", "01", "汉族" },  /* 人5: stored as 汉 by an older version */
  };
  const char *cards[] = { "110105201305011231", "440106201206120021", NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(DabiaoUploadReport) report = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases) - 1; i++)
    {
      g_autofree char *name = g_strdup_printf ("人%u", i);
      DabiaoWalkIn w = { .name = name, .id_card = cards[i], .ethnicity = cases[i].typed };
      g_autoptr(DabiaoRegistration) r = NULL;
      g_autoptr(DabiaoParticipant) p = NULL;
      DabiaoParticipantInfo info = { 0, };

      if (cards[i] == NULL)
        w.birth_date = "2013-01-02", w.sex = 1;
      r = dabiao_event_register (event, &w, "A", &error);
      g_assert_no_error (error);
      p = dabiao_event_get_participant (event, r->id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (dabiao_participant_get_ethnicity (p), ==, cases[i].code);

      /* The organiser gives the walk-in a class (as the roster page's
       * 编辑 does: every other field as it is). */
      info.id = dabiao_participant_get_id (p);
      info.name = dabiao_participant_get_name (p);
      info.sex = dabiao_participant_get_sex (p);
      info.birth_date = dabiao_participant_get_birth_date (p);
      info.id_card = dabiao_participant_get_id_card (p);
      info.grade = 21;
      info.class_code = "2101";
      info.class_name = "初一1班";
      info.ethnicity = dabiao_participant_get_ethnicity (p);
      info.organization = "4401060001";  /* 学校代码: the upload's sheet */
      g_assert_true (dabiao_event_add_participants (event, &info, 1, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  /* Neither a name nor a code: refused, naming what was typed. */
  {
    DabiaoWalkIn w = { .name = "王五", .birth_date = "2013-01-02", .sex = 1, .ethnicity = "火星族" };
    guint before = n_participants (event);
    g_autoptr(DabiaoRegistration) r = dabiao_event_register (event, &w, "A", &error);

    g_assert_null (r);
    g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "火星族"));
    g_assert_cmpuint (n_participants (event), ==, before);
    g_clear_error (&error);
  }

  /* A walk-in of an event written before this: 汉 as the desk gave it,
   * read as its code. */
  {
    DabiaoParticipantInfo info = { .id = "B0001", .name = "人5", .sex = 2, .birth_date = "2013-02-03", .grade = 21,
                                   .class_code = "2101", .class_name = "初一1班", .ethnicity = "汉",
                                   .organization = "4401060001" };

    g_assert_true (dabiao_event_add_participants (event, &info, 1, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  /* Shown by name (record cards, certificates), uploaded as the code: the
   * upload's check finds 民族代码 wrong only for those who gave none. */
  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (persons->len, ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *person = g_ptr_array_index (persons, i);
      guint k = (guint) (person->name[strlen (person->name) - 1] - '0');

      g_assert_cmpuint (k, <, G_N_ELEMENTS (cases));
      g_assert_cmpstr (person->ethnic_code, ==, cases[k].code);
      g_assert_cmpstr (person->ethnic_name, ==, cases[k].name);
    }
  dabiao_upload_validate (persons, &(DabiaoUploadOptions) { 0 }, &report, &error);
  g_clear_error (&error);
  g_assert_nonnull (report);
  {
    guint n_ethnicity = 0;

    for (guint i = 0; i < report->problems->len; i++)
      {
        const char *problem = g_ptr_array_index (report->problems, i);

        g_test_message ("upload: %s", problem);
        if (strstr (problem, "民族代码") != NULL)
          {
            g_assert_true (strstr (problem, "人3") != NULL || strstr (problem, "人4") != NULL);
            n_ethnicity++;
          }
      }
    /* The rows were checked: the two without 民族 are named. */
    g_assert_cmpuint (n_ethnicity, ==, 2);
  }
}

static void
test_refused (void)
{
  g_autofree char *path = tmp_path ("refused.dabiao");
  g_autoptr(DabiaoEvent) event = create (path);
  struct { const char *id_card, *birth, *desk; guint sex; const char *expect; } cases[] = {
    { "110105198005011236", NULL, "A", 0, "5" },                 /* check character */
    { "110105198002301233", NULL, "A", 0, "19800230" },          /* no such day */
    { "990105198005011235", NULL, "A", 0, "990105" },            /* no such province */
    { "110000198005011235", NULL, "A", 0, "110000" },            /* no county */
    { "11010520290501123X", NULL, "A", 0, "20290501" },          /* born in the future */
    { "1101051980050112", NULL, "A", 0, "18" },                  /* too short */
    { NULL, "1950-02-30", "A", 1, "1950-02-30" },
    { NULL, "1950-02-03", "A", 0, NULL },                        /* no sex */
    { NULL, "2099-01-01", "A", 1, "2099-01-01" },
    { "110105198005011235", NULL, "a", 0, "“a”" },               /* desk code */
    { "110105198005011235", "1981-05-01", "A", 0, "1980-05-01" }, /* typed date disagrees with the card */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      DabiaoWalkIn w = { .name = "王五", .id_card = cases[i].id_card, .birth_date = cases[i].birth, .sex = cases[i].sex };
      guint audit_before = n_audit (event);
      g_autoptr(DabiaoRegistration) r = dabiao_event_register (event, &w, cases[i].desk, &error);

      g_assert_null (r);
      g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
      if (cases[i].expect)
        g_assert_nonnull (strstr (error->message, cases[i].expect));
      g_assert_cmpuint (n_participants (event), ==, 0);
      g_assert_cmpuint (n_audit (event), ==, audit_before);
    }
}

static void
test_desks_merge (void)
{
  g_autofree char *path = tmp_path ("desks.dabiao");
  g_autoptr(DabiaoEvent) organiser = create (path);
  g_autoptr(DabiaoEvent) desk_a = copy_of (path, "desk-a.dabiao");
  g_autoptr(DabiaoEvent) desk_b = copy_of (path, "desk-b.dabiao");
  g_autoptr(GError) error = NULL;
  const char *cards[] = { "110105198005011235", "440106199206120021", "31011519500707421X" };
  g_autoptr(DabiaoMergeReport) ra = NULL, rb = NULL, again = NULL;
  g_autoptr(DabiaoRegistration) w = NULL;
  DabiaoWalkIn no_card = { .name = "赵六", .birth_date = "1990-03-04", .sex = 2 };

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      g_autoptr(DabiaoRegistration) r = reg (i % 2 ? desk_b : desk_a, i % 2 ? "B" : "A", "某人", cards[i]);
    }
  w = dabiao_event_register (desk_b, &no_card, "B", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (w->id, ==, "B0002");

  ra = dabiao_event_merge (organiser, dabiao_event_get_path (desk_a), &error);
  g_assert_no_error (error);
  rb = dabiao_event_merge (organiser, dabiao_event_get_path (desk_b), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ra->participants_added + rb->participants_added, ==, 4);
  g_assert_cmpuint (rb->roster_differences->len, ==, 0);
  g_assert_cmpuint (n_participants (organiser), ==, 4);

  /* A merged card registering at the organiser's desk is found. */
  {
    g_autoptr(DabiaoRegistration) r = reg (organiser, "C", "某人", cards[1]);

    g_assert_true (r->existing);
    g_assert_cmpstr (r->id, ==, "B0001");
  }
  /* Merging again adds nothing. */
  again = dabiao_event_merge (organiser, dabiao_event_get_path (desk_a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->participants_added, ==, 0);
  /* Desk A continues after its own numbers, whatever B did. */
  {
    g_autoptr(DabiaoRegistration) r = reg (organiser, "A", "孙七", "440106198503120023");

    g_assert_cmpstr (r->id, ==, "A0003");
  }
}


/* The same 身份证 registered at two desks: the merge names it.  Nothing
 * recorded under the second 编号: not added (one person); results under
 * both: both kept, and said. */
static void
test_duplicate_card_merge (void)
{
  g_autofree char *path = tmp_path ("dup.dabiao");
  g_autoptr(DabiaoEvent) organiser = create (path);
  g_autoptr(DabiaoEvent) desk_a = copy_of (path, "dup-a.dabiao");
  g_autoptr(DabiaoEvent) desk_b = copy_of (path, "dup-b.dabiao");
  g_autoptr(GError) error = NULL;
  const char *x = "110105198005011235", *y = "440106199206120021";
  g_autoptr(DabiaoMergeReport) ra = NULL, rb = NULL, again = NULL;
  g_autoptr(DabiaoRegistration) a1 = reg (desk_a, "A", "张三", x);
  g_autoptr(DabiaoRegistration) a2 = reg (desk_a, "A", "李四", y);
  g_autoptr(DabiaoRegistration) b1 = reg (desk_b, "B", "张三", x);
  g_autoptr(DabiaoRegistration) b2 = reg (desk_b, "B", "李四", y);
  DabiaoRecordRequest height = { .item = "height", .has_value = TRUE, .value = 170, .source = DABIAO_SOURCE_MANUAL };
  g_autoptr(DabiaoMeasurement) m1 = NULL, m2 = NULL;
  g_autofree char *all = NULL;

  g_assert_cmpstr (b1->id, ==, "B0001");
  height.participant_id = a1->id;
  m1 = dabiao_event_record (desk_a, &height, &error);
  g_assert_no_error (error);
  height.participant_id = b2->id;
  m2 = dabiao_event_record (desk_b, &height, &error);
  g_assert_no_error (error);

  ra = dabiao_event_merge (organiser, dabiao_event_get_path (desk_a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ra->participants_added, ==, 2);
  g_assert_cmpuint (ra->roster_differences->len, ==, 0);
  rb = dabiao_event_merge (organiser, dabiao_event_get_path (desk_b), &error);
  g_assert_no_error (error);
  /* B0001 (nothing recorded) is A0001: not added; B0002 has a result:
   * added, both named. */
  g_assert_cmpuint (rb->participants_added, ==, 1);
  g_assert_cmpuint (rb->measurements_added, ==, 1);
  g_assert_cmpuint (n_participants (organiser), ==, 3);
  g_assert_cmpuint (rb->roster_differences->len, ==, 2);
  g_ptr_array_add (rb->roster_differences, NULL);
  all = g_strjoinv ("\n", (char **) rb->roster_differences->pdata);
  g_test_message ("%s", all);
  g_assert_nonnull (strstr (g_ptr_array_index (rb->roster_differences, 0), "B0001"));
  g_assert_nonnull (strstr (g_ptr_array_index (rb->roster_differences, 0), "A0001"));
  g_assert_nonnull (strstr (g_ptr_array_index (rb->roster_differences, 0), "1101**********1235"));
  g_assert_nonnull (strstr (g_ptr_array_index (rb->roster_differences, 1), "B0002"));
  g_assert_nonnull (strstr (g_ptr_array_index (rb->roster_differences, 1), "A0002"));
  /* The whole number never in a message. */
  g_assert_null (strstr (all, x));
  g_assert_null (strstr (all, y));
  {
    g_autoptr(DabiaoParticipant) p = dabiao_event_get_participant (organiser, "B0001", NULL);

    g_assert_null (p);
  }
  /* Again: nothing changes, the same is said. */
  again = dabiao_event_merge (organiser, dabiao_event_get_path (desk_b), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->participants_added, ==, 0);
  g_assert_cmpuint (again->roster_differences->len, ==, 1);
  g_assert_cmpuint (n_participants (organiser), ==, 3);
}

/* findings-15d #3: one card, a name typed wrong at one desk ("伟" for the
 * card's 王伟): the merge says the names differ, both named. */
static void
test_duplicate_card_names_differ (void)
{
  g_autofree char *path = tmp_path ("dup-names.dabiao");
  g_autoptr(DabiaoEvent) organiser = create (path);
  g_autoptr(DabiaoEvent) desk_a = copy_of (path, "dup-names-a.dabiao");
  g_autoptr(DabiaoEvent) desk_b = copy_of (path, "dup-names-b.dabiao");
  g_autoptr(GError) error = NULL;
  const char *x = "110105198005011235", *y = "440106199206120021";
  g_autoptr(DabiaoMergeReport) rb = NULL, ra = NULL;
  g_autoptr(DabiaoRegistration) a1 = reg (desk_a, "A", "王伟", x);
  g_autoptr(DabiaoRegistration) a2 = reg (desk_a, "A", "李四", y);
  g_autoptr(DabiaoRegistration) b1 = reg (desk_b, "B", "伟", x);
  g_autoptr(DabiaoRegistration) b2 = reg (desk_b, "B", "李四", y);
  const char *said;

  rb = dabiao_event_merge (organiser, dabiao_event_get_path (desk_b), &error);
  g_assert_no_error (error);
  ra = dabiao_event_merge (organiser, dabiao_event_get_path (desk_a), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ra->roster_differences->len, ==, 2);
  said = g_ptr_array_index (ra->roster_differences, 0);
  g_test_message ("%s", said);
  g_assert_nonnull (strstr (said, "A0001"));
  /* (This test runs untranslated: the names quoted are what is said.) */
  g_assert_nonnull (strstr (said, "“王伟”"));
  g_assert_nonnull (strstr (said, "“伟”"));
  /* The same name: nothing more said. */
  g_assert_null (strstr (g_ptr_array_index (ra->roster_differences, 1), "“"));
}

static char *
resolve (DabiaoEvent *event,
         const char  *id,
         gboolean    *merged)
{
  g_autoptr(GError) error = NULL;
  char *found = dabiao_event_resolve_merged_id (event, id, merged, &error);

  g_assert_no_error (error);
  return found;
}

/* findings-15b #1: the person registered at two desks (A0001 here, B0001
 * there, nothing recorded under B0001) keeps both badges: the merge keeps
 * "B0001 was merged into A0001" in the file, it survives further merges
 * (and follows them: A0001 merged into C0001 later), and it is
 * row-hashed: changing it is found by verify. */
static void
test_merged_alias (void)
{
  g_autofree char *path = tmp_path ("alias.dabiao");
  g_autoptr(DabiaoEvent) organiser = create (path);
  g_autoptr(DabiaoEvent) desk_a = copy_of (path, "alias-a.dabiao");
  g_autoptr(DabiaoEvent) desk_b = copy_of (path, "alias-b.dabiao");
  g_autoptr(DabiaoEvent) exit_desk = copy_of (path, "alias-exit.dabiao");
  g_autoptr(GError) error = NULL;
  const char *x = "110105198005011235";
  g_autoptr(DabiaoMergeReport) ra = NULL, rb = NULL, rc = NULL, again = NULL;
  g_autoptr(DabiaoRegistration) a1 = reg (desk_a, "A", "张三", x);
  g_autoptr(DabiaoRegistration) b1 = reg (desk_b, "B", "张三", x);
  g_autoptr(DabiaoRegistration) c1 = reg (exit_desk, "C", "张三", x);
  g_autoptr(GHashTable) all = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *found = NULL;
  g_autofree char *said = NULL;
  DabiaoRecordRequest height = { .item = "height", .has_value = TRUE, .value = 170, .source = DABIAO_SOURCE_MANUAL };
  g_autoptr(DabiaoMeasurement) m = NULL;
  gboolean merged = TRUE;
  sqlite3 *db = NULL;

  /* Nothing merged yet: an unknown 编号 is nobody. */
  g_assert_null (resolve (organiser, "B0001", &merged));
  g_assert_false (merged);

  ra = dabiao_event_merge (organiser, dabiao_event_get_path (desk_a), &error);
  g_assert_no_error (error);
  rb = dabiao_event_merge (organiser, dabiao_event_get_path (desk_b), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rb->participants_added, ==, 0);
  found = resolve (organiser, "B0001", &merged);
  g_assert_cmpstr (found, ==, "A0001");
  g_assert_true (merged);
  g_clear_pointer (&found, g_free);
  /* A 编号 someone has is that one, not merged. */
  found = resolve (organiser, "A0001", &merged);
  g_assert_cmpstr (found, ==, "A0001");
  g_assert_false (merged);
  g_clear_pointer (&found, g_free);
  g_assert_true (dabiao_event_verify (organiser, &problems, &error));
  g_assert_no_error (error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Merging B again keeps it (and says nothing new). */
  again = dabiao_event_merge (organiser, dabiao_event_get_path (desk_b), &error);
  g_assert_no_error (error);
  found = resolve (organiser, "B0001", NULL);
  g_assert_cmpstr (found, ==, "A0001");
  g_clear_pointer (&found, g_free);

  /* The exit desk's copy, where the same card is C0001 with a result:
   * A0001 (nothing recorded) is merged into C0001, and B0001 with it. */
  height.participant_id = c1->id;
  m = dabiao_event_record (exit_desk, &height, &error);
  g_assert_no_error (error);
  rc = dabiao_event_merge (exit_desk, path, &error);
  g_assert_no_error (error);
  said = dabiao_merge_report_describe (rc, "alias.dabiao");
  g_test_message ("%s", said);
  g_assert_nonnull (strstr (said, "B0001"));
  found = resolve (exit_desk, "B0001", &merged);
  g_assert_cmpstr (found, ==, "C0001");
  g_assert_true (merged);
  g_clear_pointer (&found, g_free);
  all = dabiao_event_list_merged_ids (exit_desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (all, "A0001"), ==, "C0001");
  g_assert_true (dabiao_event_verify (exit_desk, &problems, &error));
  g_assert_no_error (error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Pointing the B0001 badge at someone else behind the program's back is
   * found, as any other changed row. */
  g_clear_object (&organiser);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE settings SET value = 'A0002' WHERE key = 'merged.B0001'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
  organiser = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (dabiao_event_verify (organiser, &problems, &error));
  g_assert_nonnull (error);
}

/* findings-15b #2: an event that tests 成年甲组 and 成年乙组 only; a
 * 61-year-old registers.  He is not scored by the 老年 tables (the reason
 * names his group and the event's parts) and the exit desk holds his
 * certificate with that reason; a 30-year-old is scored as before, and
 * without the parts setting the 61-year-old is scored as 老年. */
static void
test_outside_parts (void)
{
  g_autofree char *path = tmp_path ("parts.dabiao");
  g_autofree char *all_path = tmp_path ("all-parts.dabiao");
  const char * const parts[] = { "成年甲组", "成年乙组", NULL };
  DabiaoEventInfo info = {
    .name = "成年达标日", .standard = "natfit-2003", .date = "2026-12-06", .organizer = "体育局", .parts = parts,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = dabiao_event_create (path, &info, &error);
  g_autoptr(DabiaoEvent) all = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(DabiaoExitDesk) desk = NULL;
  g_auto(GStrv) stored = NULL;
  DabiaoWalkIn old = { .name = "老王", .birth_date = "1965-03-02", .sex = 1 };
  DabiaoWalkIn young = { .name = "小王", .birth_date = "1996-03-02", .sex = 1 };
  g_autoptr(DabiaoRegistration) r_old = NULL, r_young = NULL;
  g_autofree char *said = NULL;

  g_assert_no_error (error);
  stored = dabiao_event_get_parts (event, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (stored, parts);
  r_old = dabiao_event_register (event, &old, "A", &error);
  g_assert_no_error (error);
  r_young = dabiao_event_register (event, &young, "A", &error);
  g_assert_no_error (error);

  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (persons->len, ==, 2);
  for (guint i = 0; i < persons->len; i++)
    {
      DabiaoResultsPerson *p = g_ptr_array_index (persons, i);

      g_test_message ("%s: %s", p->id, p->problem != NULL ? p->problem : "(scored)");
      if (g_str_equal (p->id, r_old->id))
        {
          g_assert_nonnull (p->problem);
          g_assert_nonnull (strstr (p->problem, "老年"));
          g_assert_nonnull (strstr (p->problem, "成年甲组、成年乙组"));
        }
      else
        g_assert_null (p->problem);
    }
  desk = dabiao_exit_desk_load (event, &error);
  g_assert_no_error (error);
  said = dabiao_exit_entry_describe (dabiao_exit_desk_find (desk, r_old->id), desk->min_level);
  g_test_message ("%s", said);
  g_assert_cmpint (dabiao_exit_desk_find (desk, r_old->id)->state, ==, DABIAO_EXIT_NOT_FINISHED);
  g_assert_nonnull (strstr (said, "成年甲组、成年乙组"));

  /* The same person where every part is tested: 老年. */
  info.parts = NULL;
  all = dabiao_event_create (all_path, &info, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r_old, dabiao_registration_free);
  r_old = dabiao_event_register (all, &old, "A", &error);
  g_assert_no_error (error);
  g_clear_pointer (&persons, g_ptr_array_unref);
  persons = dabiao_results_load_event (all, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (((DabiaoResultsPerson *) g_ptr_array_index (persons, 0))->problem);
}

/* Two desks that both used desk code A (the public-day trial: every copy
 * of the event started as A): A0001 is another person in each file.  The
 * merge says so first and plainly, with the 身份证号 masked. */
static void
test_same_desk_code_merge (void)
{
  g_autofree char *path = tmp_path ("same-code.dabiao");
  g_autoptr(DabiaoEvent) organiser = create (path);
  g_autoptr(DabiaoEvent) desk_1 = copy_of (path, "same-code-1.dabiao");
  g_autoptr(DabiaoEvent) desk_2 = copy_of (path, "same-code-2.dabiao");
  g_autoptr(GError) error = NULL;
  const char *x = "110105198005011235", *y = "440106199206120021";
  g_autoptr(DabiaoMergeReport) r1 = NULL, r2 = NULL;
  g_autoptr(DabiaoRegistration) a = reg (desk_1, "A", "张三", x);
  g_autoptr(DabiaoRegistration) b = reg (desk_2, "A", "李四", y);
  g_autofree char *all = NULL;
  g_autofree char *said = NULL;

  g_assert_cmpstr (a->id, ==, b->id);
  r1 = dabiao_event_merge (organiser, dabiao_event_get_path (desk_1), &error);
  g_assert_no_error (error);
  r2 = dabiao_event_merge (organiser, dabiao_event_get_path (desk_2), &error);
  g_assert_no_error (error);
  g_ptr_array_add (r2->roster_differences, NULL);
  all = g_strjoinv ("\n", (char **) r2->roster_differences->pdata);
  g_ptr_array_remove_index (r2->roster_differences, r2->roster_differences->len - 1);
  said = dabiao_merge_report_describe (r2, "same-code-2.dabiao");
  g_test_message ("%s", said);
  /* First, one line naming both people (not a field-by-field list). */
  g_assert_nonnull (strstr (g_ptr_array_index (r2->roster_differences, 0), "张三"));
  g_assert_nonnull (strstr (g_ptr_array_index (r2->roster_differences, 0), "李四"));
  g_assert_nonnull (strstr (said, g_ptr_array_index (r2->roster_differences, 0)));
  /* The whole numbers never in a message. */
  g_assert_null (strstr (all, x));
  g_assert_null (strstr (all, y));
  g_assert_nonnull (strstr (all, "4401**********0021"));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("dabiao-register-XXXXXX", &error);
  g_assert_no_error (error);
  g_test_add_func ("/event/register/walk-ins", test_register);
  g_test_add_func ("/event/register/ethnicity", test_register_ethnicity);
  g_test_add_func ("/event/register/refused", test_refused);
  g_test_add_func ("/event/register/desks-merge", test_desks_merge);
  g_test_add_func ("/event/register/duplicate-card-merge", test_duplicate_card_merge);
  g_test_add_func ("/event/register/duplicate-card-names-differ", test_duplicate_card_names_differ);
  g_test_add_func ("/event/register/same-desk-code-merge", test_same_desk_code_merge);
  g_test_add_func ("/event/register/merged-alias", test_merged_alias);
  g_test_add_func ("/event/register/outside-parts", test_outside_parts);
  status = g_test_run ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmp_dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (tmp_dir);
  return status;
}
