/* test-natfit-station.c: the station scores the 国民体质 standard (natfit-2003)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A natfit-2003 event (groups by age from 出生日期 and the event's date):
 * adults of 20–39 and 40–59, a young child born on the 31st, an elderly
 * participant, and one without a birth date.  Every item but 坐位体前屈 is
 * recorded through the core API; 坐位体前屈 is entered at the station.  The
 * item score and the total with its 等级 the station shows, the roster
 * status, the person's results and the results page's level distribution
 * (by age group × sex) are compared with `dabiao-cli score --standard
 * natfit-2003` on the same values (the batch path of the engine, which
 * finds the age group from the CSV's 出生日期 and --test-date).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dabiao-chart.h"
#include "dabiao-results-page.h"
#include "dabiao-roster-page.h"
#include "dabiao-station-page.h"
#include "dabiao-test-util.h"
#include "dabiao-window.h"

#define TEST_DATE "2023-02-28"

typedef struct
{
  const char *code;
  const char *header;
  double      value;
} Value;

/* Values for adults and the elderly (items a part lacks are ignored). */
static const Value adult_values[] = {
  { "height", "身高", 172.0 }, { "weight", "体重", 66.0 }, { "vital_capacity", "肺活量", 3900 },
  { "step_time", "台阶时间", 180 }, { "pulse1", "脉搏1", 52 }, { "pulse2", "脉搏2", 46 },
  { "pulse3", "脉搏3", 42 }, { "grip", "握力", 44.5 }, { "push_up", "俯卧撑", 26 },
  { "sit_up_1min", "一分钟仰卧起坐", 30 }, { "vertical_jump", "纵跳", 38.5 },
  { "choice_reaction", "选择反应时", 0.52 }, { "one_leg_stand", "闭眼单脚站立", 18.0 },
};

/* Values for young children. */
static const Value child_values[] = {
  { "height", "身高", 101.0 }, { "weight", "体重", 16.0 }, { "run_10m", "10米折返跑", 8.2 },
  { "standing_long_jump", "立定跳远", 78 }, { "tennis_throw", "网球掷远", 4.5 },
  { "continuous_jump", "双脚连续跳", 7.6 }, { "balance_beam", "走平衡木", 11.0 },
};

typedef struct
{
  const char *id;
  const char *name;
  guint       sex;
  const char *birth;
  gboolean    child;
  double      sit_and_reach;   /* entered at the station */
  const char *group;           /* the age group it must land in */
} Person;

static const Person people[] = {
  { "A001", "张伟", 1, "1995-06-15", FALSE, 9.5, "25～29岁组" },
  { "A002", "王芳", 2, "1980-03-01", FALSE, 12.0, "40～44岁组" },
  /* 20 on the test day: the birthday counts. */
  { "A003", "李强", 1, "2003-02-28", FALSE, 4.0, "20～24岁组" },
  /* Born on the 31st: 3½ on 28 February (the month's last day), not 3. */
  { "C001", "刘洋", 1, "2019-08-31", TRUE, 10.5, "3.5岁组" },
  { "E001", "陈静", 2, "1958-01-10", FALSE, 15.0, "65～69岁组" },
};

/* ---- expectations from dabiao-cli --------------------------------------- */

typedef struct
{
  int    sit_and_reach;
  double total;
  char  *level;
  gboolean low_confidence;   /* 备注 flags the 坐位体前屈 table */
} Expected;

/* Scores every person with `dabiao-cli score`: 坐位体前屈得分, 总分, 等级. */
static Expected *
cli_expected (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-natfit-cli-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "in.csv", NULL);
  g_autoptr(GString) content = g_string_new ("编号,性别,出生日期,坐位体前屈");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  const char *argv[] = { g_getenv ("DABIAO_CLI"), "score", "--standard", "natfit-2003",
                         "--test-date", TEST_DATE, csv, NULL };
  Expected *expected = g_new0 (Expected, G_N_ELEMENTS (people));
  int status, c_score = -1, c_total = -1, c_level = -1, c_notes = -1;

  for (guint i = 0; i < G_N_ELEMENTS (adult_values); i++)
    g_string_append_printf (content, ",%s", adult_values[i].header);
  for (guint i = 2; i < G_N_ELEMENTS (child_values); i++)
    g_string_append_printf (content, ",%s", child_values[i].header);
  g_string_append_c (content, '\n');
  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      g_string_append_printf (content, "%s,%u,%s,%g", people[p].id, people[p].sex, people[p].birth,
                              people[p].sit_and_reach);
      for (guint i = 0; i < G_N_ELEMENTS (adult_values); i++)
        {
          /* 身高, 体重 of a child are the child's. */
          if (people[p].child && i < 2)
            g_string_append_printf (content, ",%g", child_values[i].value);
          else if (people[p].child)
            g_string_append (content, ",");
          else
            g_string_append_printf (content, ",%g", adult_values[i].value);
        }
      for (guint i = 2; i < G_N_ELEMENTS (child_values); i++)
        if (people[p].child)
          g_string_append_printf (content, ",%g", child_values[i].value);
        else
          g_string_append (content, ",");
      g_string_append_c (content, '\n');
    }

  g_assert_true (g_file_set_contents (csv, content->str, -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (csv);
  g_rmdir (dir);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]);   /* CRLF */
  header = g_strsplit (lines[0], ",", -1);
  for (guint i = 0; header[i] != NULL; i++)
    {
      if (g_str_equal (header[i], "坐位体前屈得分"))
        c_score = i;
      else if (g_str_equal (header[i], "总分"))
        c_total = i;
      else if (g_str_equal (header[i], "等级"))
        c_level = i;
      else if (g_str_equal (header[i], "备注"))
        c_notes = i;
    }
  g_assert_cmpint (c_score, >=, 0);
  g_assert_cmpint (c_total, >=, 0);
  g_assert_cmpint (c_level, >=, 0);
  g_assert_cmpint (c_notes, >=, 0);
  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      g_auto(GStrv) row = g_strsplit (lines[p + 1], ",", -1);

      g_assert_cmpstr (row[0], ==, people[p].id);
      g_assert_cmpstr (row[c_score], !=, "");
      g_assert_cmpstr (row[c_total], !=, "");
      expected[p].sit_and_reach = atoi (row[c_score]);
      expected[p].total = g_ascii_strtod (row[c_total], NULL);
      expected[p].level = g_strdup (row[c_level]);
      expected[p].low_confidence = strstr (row[c_notes], "坐位体前屈得分：所用评分表可信度低") != NULL;
    }
  return expected;
}

/* ---- waiting for the window ----------------------------------------------- */

static gboolean
saved (gpointer data)
{
  return g_str_has_prefix (dabiao_station_page_get_status_text (data), "已保存");
}

static gboolean
level_shown (gpointer data)
{
  return dabiao_station_page_get_level_text (data)[0] != '\0';
}

static gboolean
not_applicable_shown (gpointer data)
{
  return g_str_equal (dabiao_station_page_get_reading_text (data), "不适用");
}

static gboolean
person_shown (gpointer data)
{
  return dabiao_results_page_get_n_person_rows (data) > 0;
}

static void
person_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DabiaoPersonView **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dabiao_session_person_finish (DABIAO_SESSION (object), result, &error);
  g_assert_no_error (error);
}

static void
select_item (DabiaoWindow      *window,
             DabiaoStationPage *station,
             const char        *code)
{
  GPtrArray *items = dabiao_session_get_items (dabiao_window_get_session (window));

  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((DabiaoEventItem *) g_ptr_array_index (items, i))->code, code))
      dabiao_station_page_select_item (station, i);
}

static void
record (DabiaoEvent *event,
        const char  *id,
        const char  *item,
        double       value)
{
  g_autoptr(GError) error = NULL;
  DabiaoRecordRequest request = { .participant_id = id, .item = item, .has_value = TRUE, .value = value };
  g_autoptr(DabiaoMeasurement) m = dabiao_event_record (event, &request, &error);

  g_assert_no_error (error);
}

static GtkWidget *
find_column_view (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_COLUMN_VIEW (child))
        return child;
      if ((found = find_column_view (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_natfit_station (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dabiao-natfit-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "国民体质.dabiao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoOverview) summary = NULL;
  Expected *expected = cli_expected ();
  DabiaoStationPage *station;
  DabiaoWindow *window;
  DabiaoSession *session;
  GtkWidget *results;
  double distributed = 0;

  /* The event: the five people, plus N001 without a birth date. */
  {
    DabiaoEventInfo info = { .name = "国民体质监测", .standard = "natfit-2003", .date = TEST_DATE };
    g_autofree DabiaoParticipantInfo *infos = g_new0 (DabiaoParticipantInfo, G_N_ELEMENTS (people) + 1);
    g_autoptr(DabiaoEvent) event = dabiao_event_create (path, &info, &error);

    g_assert_no_error (error);
    for (guint p = 0; p < G_N_ELEMENTS (people); p++)
      {
        infos[p].id = people[p].id;
        infos[p].name = people[p].name;
        infos[p].sex = people[p].sex;
        infos[p].birth_date = people[p].birth;
        infos[p].organization = "测试单位";
      }
    infos[G_N_ELEMENTS (people)].id = "N001";
    infos[G_N_ELEMENTS (people)].name = "赵无";
    infos[G_N_ELEMENTS (people)].sex = 1;
    g_assert_true (dabiao_event_add_participants (event, infos, G_N_ELEMENTS (people) + 1, NULL, NULL, &error));
    g_assert_no_error (error);

    for (guint p = 0; p < G_N_ELEMENTS (people); p++)
      {
        if (people[p].child)
          for (guint i = 0; i < G_N_ELEMENTS (child_values); i++)
            record (event, people[p].id, child_values[i].code, child_values[i].value);
        else
          for (guint i = 0; i < G_N_ELEMENTS (adult_values); i++)
            record (event, people[p].id, adult_values[i].code, adult_values[i].value);
      }
    for (guint i = 0; i < G_N_ELEMENTS (adult_values); i++)
      record (event, "N001", adult_values[i].code, adult_values[i].value);
    dabiao_event_close (event);
  }

  window = dabiao_test_open_window (file, 1100, 720);
  session = dabiao_window_get_session (window);
  station = DABIAO_STATION_PAGE (dabiao_window_get_page_widget (window, "station"));
  select_item (window, station, "sit_and_reach");
  g_assert_cmpstr (dabiao_station_page_get_item (station), ==, "坐位体前屈");

  /* PgDn past the last of the 单位 goes back to its top, said without a
   * 班 (adults are no class). */
  g_assert_true (dabiao_station_page_check_in (station, "E001"));
  gtk_widget_activate_action (GTK_WIDGET (station), "station.next", NULL);
  g_test_message ("PgDn: %s", dabiao_station_page_get_status_text (station));
  g_assert_nonnull (strstr (dabiao_station_page_get_status_text (station), "开头"));
  g_assert_null (strstr (dabiao_station_page_get_status_text (station), "班"));

  /* Each person's 坐位体前屈 at the station: its points, then the total and
   * 等级, as dabiao-cli scores them; the roster says complete. */
  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      g_autofree char *score = g_strdup_printf (expected[p].low_confidence ? "%d 分（表格待核实）" : "%d 分",
                                                expected[p].sit_and_reach);
      g_autofree char *level = g_strdup_printf ("总分 %.1f %s", expected[p].total, expected[p].level);
      DabiaoRosterItem *row = dabiao_roster_model_lookup (dabiao_session_get_roster (session), people[p].id);

      g_assert_cmpint (dabiao_roster_item_get_status (row), ==, DABIAO_ROSTER_STATUS_MISSING);
      g_assert_true (dabiao_station_page_check_in (station, people[p].id));
      dabiao_station_page_request (station, DABIAO_RECORD_MANUAL, people[p].sit_and_reach, "测试");
      g_assert_true (dabiao_test_wait_until (saved, station, 10000));
      g_assert_cmpstr (dabiao_station_page_get_score_text (station), ==, score);
      g_assert_cmpstr (dabiao_station_page_get_level_text (station), ==, level);
      g_assert_cmpint (dabiao_roster_item_get_status (row), ==, DABIAO_ROSTER_STATUS_COMPLETE);
      /* The age group in place of a school year; a work unit is no 班. */
      if (p == 0)
        g_assert_cmpstr (dabiao_station_page_get_queue_text (station), ==, "测试单位：第 1 人 / 共 5 人");
      g_assert_nonnull (strstr (dabiao_station_page_get_details_text (station), people[p].group));
      if (p == 0)
        {
          dabiao_test_wait (200);
          dabiao_test_screenshot (GTK_WIDGET (window), "natfit-station");
        }
    }

  /* 10米折返跑 (young children's) is no item of a woman of 40–44: the card
   * says so by her age group, not by a school year (trial 15c: "按其年级"
   * to adults). */
  select_item (window, station, "run_10m");
  g_assert_true (dabiao_station_page_check_in (station, "A002"));
  g_assert_true (dabiao_test_wait_until (not_applicable_shown, station, 10000));
  g_test_message ("status: %s", dabiao_station_page_get_status_text (station));
  g_assert_nonnull (strstr (dabiao_station_page_get_status_text (station), "10米折返跑不是王芳的测试项目"));
  g_assert_nonnull (strstr (dabiao_station_page_get_status_text (station), "按其年龄组（40～44岁组）和性别不测此项"));
  g_assert_null (strstr (dabiao_station_page_get_status_text (station), "年级"));
  select_item (window, station, "sit_and_reach");

  /* No birth date: the station says so, naming the participant. */
  g_assert_true (dabiao_station_page_check_in (station, "N001"));
  g_assert_true (dabiao_test_wait_until (level_shown, station, 10000));
  g_assert_nonnull (strstr (dabiao_station_page_get_level_text (station), "出生日期为空，无法按年龄分组"));
  g_assert_nonnull (strstr (dabiao_station_page_get_level_text (station), "N001"));
  g_assert_cmpstr (dabiao_station_page_get_details_text (station), ==, "男 · N001");
  g_assert_cmpstr (dabiao_station_page_get_queue_text (station), ==, "队列：第 1 人 / 共 1 人");
  dabiao_station_page_request (station, DABIAO_RECORD_MANUAL, 8.0, "测试");
  g_assert_true (dabiao_test_wait_until (saved, station, 10000));
  g_assert_cmpstr (dabiao_station_page_get_score_text (station), ==, "");
  g_assert_nonnull (strstr (dabiao_station_page_get_level_text (station), "出生日期为空，无法按年龄分组"));
  dabiao_test_wait (200);
  dabiao_test_screenshot (GTK_WIDGET (window), "natfit-station-no-birth-date");

  /* The person's results: the same points and total; N001 says why not. */
  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      g_autoptr(DabiaoPersonView) person = NULL;
      g_autofree char *total = g_strdup_printf ("%.1f %s", expected[p].total, expected[p].level);
      g_autofree char *score = g_strdup_printf (expected[p].low_confidence ? "%d*" : "%d", expected[p].sit_and_reach);
      gboolean found = FALSE;

      dabiao_session_person_async (session, people[p].id, NULL, person_cb, &person);
      g_assert_true (dabiao_test_wait_until (dabiao_test_pointer_set, &person, 10000));
      g_assert_cmpstr (person->total, ==, total);
      for (guint i = 0; i < person->items->len; i++)
        if (g_str_equal (g_ptr_array_index (person->items, i), "坐位体前屈"))
          {
            /* A table below medium confidence is marked with *. */
            g_assert_cmpstr (g_ptr_array_index (person->scores, i), ==, score);
            found = TRUE;
          }
      g_assert_true (found);
    }
  {
    g_autoptr(DabiaoPersonView) person = NULL;

    dabiao_session_person_async (session, "N001", NULL, person_cb, &person);
    g_assert_true (dabiao_test_wait_until (dabiao_test_pointer_set, &person, 10000));
    g_assert_null (person->total);
    g_assert_nonnull (strstr (person->notes, "出生日期为空"));
  }

  /* The results page: levels by age group × sex, named by the age group. */
  summary = dabiao_test_summarize (session);
  g_assert_cmpuint (summary->participants, ==, G_N_ELEMENTS (people) + 1);
  g_assert_cmpuint (summary->complete, ==, G_N_ELEMENTS (people));
  g_assert_cmpuint (g_strv_length (summary->groups), ==, G_N_ELEMENTS (people));
  {
    /* Young children first, by age. */
    const char * const order[] = { "3.5岁组\n男", "20～24岁组\n男", "25～29岁组\n男", "40～44岁组\n女",
                                   "65～69岁组\n女", NULL };

    g_assert_cmpstrv (summary->groups, order);
  }
  for (guint g = 0; g < G_N_ELEMENTS (people); g++)
    for (guint l = 0; summary->levels[l] != NULL; l++)
      {
        distributed += summary->distribution[g * g_strv_length (summary->levels) + l];
        /* Each group holds one person, at the level dabiao-cli gave. */
        for (guint p = 0; p < G_N_ELEMENTS (people); p++)
          {
            g_autofree char *label = g_strdup_printf ("%s\n%s", people[p].group, people[p].sex == 1 ? "男" : "女");

            if (g_str_equal (summary->groups[g], label) && g_str_equal (summary->levels[l], expected[p].level))
              g_assert_cmpfloat (summary->distribution[g * g_strv_length (summary->levels) + l], ==, 1);
          }
      }
  g_assert_cmpfloat (distributed, ==, G_N_ELEMENTS (people));

  results = dabiao_window_get_page_widget (window, "results");
  dabiao_window_show_page (window, "results");
  dabiao_test_wait (1200);
  dabiao_test_screenshot (GTK_WIDGET (window), "natfit-results");
  /* Named by age group; no per-item pass rates (natfit-2003 has no item levels). */
  g_assert_cmpstr (dabiao_chart_get_title (DABIAO_CHART (dabiao_results_page_get_level_chart (DABIAO_RESULTS_PAGE (results)))),
                   ==, "各年龄组男女等级分布");
  g_assert_false (gtk_widget_get_visible (dabiao_results_page_get_pass_chart (DABIAO_RESULTS_PAGE (results))));
  g_assert_cmpuint (g_strv_length (summary->pass_items), ==, 0);
  /* natfit-2003's lowest passing level is 三级（合格）. */
  g_assert_cmpstr (dabiao_results_page_get_pass_label (DABIAO_RESULTS_PAGE (results)), ==, "合格率");
  g_signal_emit_by_name (results, "person", "C001");
  g_assert_true (dabiao_test_wait_until (person_shown, results, 10000));
  dabiao_test_wait (200);
  dabiao_test_screenshot (GTK_WIDGET (window), "natfit-person");

  dabiao_window_show_page (window, "roster");
  dabiao_test_wait (600);
  /* The roster shows each person's age group (none without a birth date). */
  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    g_assert_cmpstr (dabiao_roster_item_get_group (dabiao_roster_model_lookup (dabiao_session_get_roster (session),
                                                                               people[p].id)), ==, people[p].group);
  g_assert_null (dabiao_roster_item_get_group (dabiao_roster_model_lookup (dabiao_session_get_roster (session), "N001")));
  /* Sorted by that column: youngest group first, no group last. */
  {
    DabiaoRosterModel *roster = dabiao_session_get_roster (session);
    const DabiaoRosterSortKey by_group = { DABIAO_ROSTER_FIELD_GRADE, FALSE };
    g_autoptr(GString) order = g_string_new (NULL);

    dabiao_roster_model_set_sort (roster, &by_group, 1);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (roster)); i++)
      {
        g_autoptr(DabiaoRosterItem) row = g_list_model_get_item (G_LIST_MODEL (roster), i);
        const char *group = dabiao_roster_item_get_group (row);

        g_string_append_printf (order, "%s%s", i > 0 ? " " : "", group != NULL ? group : "-");
      }
    g_assert_cmpstr (order->str, ==, "3.5岁组 20～24岁组 25～29岁组 40～44岁组 65～69岁组 -");
    dabiao_roster_model_set_sort (roster, NULL, 0);
  }
  /* The filter offers the age groups, not school years. */
  {
    DabiaoRosterPage *roster_page = DABIAO_ROSTER_PAGE (dabiao_window_get_page_widget (window, "roster"));

    g_assert_false (dabiao_roster_page_set_filter_group (roster_page, "初一"));
    g_assert_true (dabiao_roster_page_set_filter_group (roster_page, "25～29岁组"));
    g_assert_cmpuint (dabiao_roster_page_get_n_shown (roster_page), ==, 1);
    {
      g_autoptr(DabiaoRosterItem) only = g_list_model_get_item (dabiao_roster_page_get_shown (roster_page), 0);

      g_assert_cmpstr (dabiao_roster_item_get_id (only), ==, "A001");
    }
    dabiao_test_screenshot (GTK_WIDGET (window), "natfit-roster-group");
    g_assert_true (dabiao_roster_page_set_filter_group (roster_page, "3.5岁组"));
    g_assert_cmpuint (dabiao_roster_page_get_n_shown (roster_page), ==, 1);
    /* People of a 单位 with an 编号, not pupils with a 学号 in a 班级. */
    {
      g_autoptr(GString) titles = g_string_new ("|");
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (find_column_view (GTK_WIDGET (roster_page))));

      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          g_string_append_printf (titles, "%s|", gtk_column_view_column_get_title (column));
        }
      g_test_message ("roster columns: %s", titles->str);
      g_assert_nonnull (strstr (titles->str, "|编号|"));
      g_assert_nonnull (strstr (titles->str, "|单位|"));
      g_assert_null (strstr (titles->str, "学号"));
      g_assert_null (strstr (titles->str, "班级"));
    }
  }
  dabiao_test_screenshot (GTK_WIDGET (window), "natfit-roster");

  gtk_window_destroy (GTK_WINDOW (window));
  dabiao_test_wait (300);
  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    g_free (expected[p].level);
  g_free (expected);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  dabiao_test_init (&argc, &argv);

  g_test_add_func ("/dabiao/app/Natfit/station", test_natfit_station);

  return g_test_run ();
}
