/* test-pages.c: widget tests of each page, with a screenshot of each
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-chart.h"
#include "dabiao-preferences-window.h"
#include "dabiao-results-page.h"
#include "dabiao-roster-page.h"
#include "dabiao-start-page.h"
#include "dabiao-station-page.h"
#include "dabiao-test-util.h"

typedef struct
{
  guint            n;
  DabiaoRecordKind kind;
  double           value;
  char            *reason;
} Recorded;

static void
on_record (DabiaoStationPage *page,
           int                kind,
           double             value,
           const char        *reason,
           Recorded          *rec)
{
  rec->n++;
  rec->kind = kind;
  rec->value = value;
  g_free (rec->reason);
  rec->reason = g_strdup (reason);
}

static void
test_station_page (void)
{
  GtkWidget *page = dabiao_station_page_new ();
  DabiaoStationPage *station = DABIAO_STATION_PAGE (page);
  g_autoptr(DabiaoRosterModel) roster = dabiao_roster_model_new ();
  g_autoptr(GPtrArray) items = dabiao_test_make_roster (200);
  const char *names[] = { "50米跑", "立定跳远", NULL };
  Recorded rec = { 0 };
  GtkWindow *window;

  dabiao_roster_model_set_items (roster, items);
  dabiao_station_page_set_roster (station, roster);
  dabiao_station_page_set_items (station, names);
  dabiao_station_page_set_item_format (station, "s", 1);
  g_signal_connect (page, "record", G_CALLBACK (on_record), &rec);
  window = dabiao_test_window_for (page, 1100, 720);

  g_assert_cmpstr (dabiao_station_page_get_item (station), ==, "50米跑");
  g_assert_null (dabiao_station_page_get_participant (station));

  /* Nothing to record for nobody. */
  dabiao_station_page_request (station, DABIAO_RECORD_FOUL, 0, NULL);
  g_assert_cmpuint (rec.n, ==, 0);

  /* Unknown id: not checked in. */
  g_assert_false (dabiao_station_page_check_in (station, "nobody-here"));

  g_assert_true (dabiao_station_page_check_in (station, "G00000042"));
  g_assert_cmpstr (dabiao_roster_item_get_id (dabiao_station_page_get_participant (station)), ==, "G00000042");
  dabiao_station_page_set_attempts (station, 1, 2);

  /* The reading shows with the item's precision; Enter (station.confirm) records it. */
  g_assert_false (gtk_widget_activate_action (page, "station.confirm", NULL) && rec.n > 0);
  dabiao_station_page_show_reading (station, 8.234);
  g_assert_true (dabiao_station_page_has_reading (station));
  g_assert_cmpstr (dabiao_station_page_get_reading_text (station), ==, "8.2");
  dabiao_station_page_set_result (station, "85 分", "良好");
  dabiao_test_wait (100);
  dabiao_test_screenshot (page, "station-reading");

  g_assert_true (gtk_widget_activate_action (page, "station.confirm", NULL));
  g_assert_cmpuint (rec.n, ==, 1);
  g_assert_cmpint (rec.kind, ==, DABIAO_RECORD_READING);
  g_assert_cmpfloat_with_epsilon (rec.value, 8.234, 1e-9);

  /* "Saved" only after the commit: until then, saving, and keys are off. */
  g_assert_cmpstr (dabiao_station_page_get_status_text (station), ==, "正在保存…");
  dabiao_station_page_request (station, DABIAO_RECORD_FOUL, 0, NULL);
  g_assert_cmpuint (rec.n, ==, 1);
  dabiao_station_page_record_finished (station, NULL, NULL);
  g_assert_cmpstr (dabiao_station_page_get_status_text (station), ==, "已保存");
  dabiao_test_wait (50);
  dabiao_test_screenshot (page, "station-saved");

  /* Foul, absent: one key each, then Enter on the question (Esc cancels). */
  g_assert_true (gtk_widget_activate_action (page, "station.foul", NULL));
  g_assert_cmpuint (rec.n, ==, 1);
  dabiao_test_screenshot (GTK_WIDGET (dabiao_test_find_message_dialog ()), "station-foul-question");
  dabiao_test_dialog_key (FALSE);
  g_assert_cmpuint (rec.n, ==, 1);
  g_assert_true (gtk_widget_activate_action (page, "station.foul", NULL));
  dabiao_test_dialog_key (TRUE);
  g_assert_cmpuint (rec.n, ==, 2);
  g_assert_cmpint (rec.kind, ==, DABIAO_RECORD_FOUL);
  g_assert_cmpstr (dabiao_station_page_get_reading_text (station), ==, "犯规");
  {
    g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE, "磁盘已满");

    dabiao_station_page_record_finished (station, NULL, error);
    g_assert_nonnull (strstr (dabiao_station_page_get_status_text (station), "磁盘已满"));
  }
  dabiao_test_screenshot (page, "station-error");

  g_assert_true (gtk_widget_activate_action (page, "station.absent", NULL));
  dabiao_test_dialog_key (TRUE);
  g_assert_cmpint (rec.kind, ==, DABIAO_RECORD_ABSENT);
  dabiao_station_page_record_finished (station, "已保存 · 缺测", NULL);

  /* Retry drops a reading without recording. */
  dabiao_station_page_show_reading (station, 9.9);
  g_assert_true (gtk_widget_activate_action (page, "station.retry", NULL));
  g_assert_false (dabiao_station_page_has_reading (station));
  g_assert_cmpuint (rec.n, ==, 3);

  /* Manual entry with its reason. */
  dabiao_station_page_request (station, DABIAO_RECORD_MANUAL, 7.5, "仪器故障");
  g_assert_cmpuint (rec.n, ==, 4);
  g_assert_cmpint (rec.kind, ==, DABIAO_RECORD_MANUAL);
  g_assert_cmpstr (rec.reason, ==, "仪器故障");
  dabiao_station_page_record_finished (station, NULL, NULL);

  /* Queue mode: PgDn walks the class in roster order. */
  g_assert_true (gtk_widget_activate_action (page, "station.next", NULL));
  g_assert_cmpstr (dabiao_roster_item_get_id (dabiao_station_page_get_participant (station)), ==, "G00000043");

  /* Check in by pinyin initials of a name. */
  {
    DabiaoRosterItem *first = g_ptr_array_index (items, 0);

    g_assert_true (dabiao_station_page_check_in (station, dabiao_roster_item_get_initials (first)));
  }

  dabiao_station_page_set_link (station, DABIAO_LINK_CONNECTED, NULL);
  g_free (rec.reason);
  gtk_window_destroy (window);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_cells (GtkWidget *widget,
               GPtrArray *texts)
{
  if (GTK_IS_INSCRIPTION (widget))
    {
      if (gtk_widget_get_child_visible (widget) && gtk_widget_get_mapped (widget))
        g_ptr_array_add (texts, g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (widget))));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cells (child, texts);
}

/* Whether the cells of the first @n_rows rows show the first participants
 * shown, in column order: what a person sees matches the model. */
static gboolean
cells_show (DabiaoRosterPage *page,
            GtkWidget        *column_view,
            guint             n_rows,
            gboolean          assert)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  GListModel *shown = dabiao_roster_page_get_shown (page);

  collect_cells (column_view, texts);
  n_rows = MIN (n_rows, g_list_model_get_n_items (shown));
  if (texts->len < n_rows * 6)
    {
      if (assert)
        g_assert_cmpuint (texts->len, >=, n_rows * 6);
      return FALSE;
    }
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(DabiaoRosterItem) item = g_list_model_get_item (shown, i);
      const char *want[6] = {
        dabiao_roster_item_get_id (item),
        dabiao_roster_item_get_name (item),
        dabiao_sex_label (dabiao_roster_item_get_sex (item)),
        dabiao_grade_label (dabiao_roster_item_get_grade (item)),
        dabiao_roster_item_get_class_name (item),
        dabiao_roster_status_label (dabiao_roster_item_get_status (item)),
      };

      for (guint c = 0; c < 6; c++)
        {
          if (assert)
            g_assert_cmpstr (g_ptr_array_index (texts, i * 6 + c), ==, want[c]);
          else if (g_strcmp0 (g_ptr_array_index (texts, i * 6 + c), want[c]) != 0)
            return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  DabiaoRosterPage *page;
  GtkWidget        *column_view;
  guint             n_rows;
} CellsCheck;

static gboolean
cells_show_cb (gpointer data)
{
  CellsCheck *check = data;

  return cells_show (check->page, check->column_view, check->n_rows, FALSE);
}

/* Waits (up to 5 s, for a loaded machine) until a frame has laid out the
 * rows, then asserts. */
static void
assert_cells_show (DabiaoRosterPage *page,
                   GtkWidget        *column_view,
                   guint             n_rows)
{
  CellsCheck check = { page, column_view, n_rows };

  dabiao_test_wait_until (cells_show_cb, &check, 5000);
  cells_show (page, column_view, n_rows, TRUE);
}

static gboolean
search_applied (gpointer data)
{
  DabiaoRosterPage *page = data;
  GtkWidget *entry = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);

  return g_str_equal (dabiao_roster_page_get_search_applied (page),
                      gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Typing into the search entry (no search delay), sorting by a column (the
 * column view's sorter, as a header click sets it) and what the cells then
 * show. */
/* A roster column by its heading (columns come and go: 身份证号 for walk-ins). */
static GtkColumnViewColumn *
column_titled (GListModel *columns,
               const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return g_steal_pointer (&column);
    }
  g_error ("no roster column titled %s", title);
}

static void
test_roster_page_sort_and_type (void)
{
  GtkWidget *widget = dabiao_roster_page_new ();
  DabiaoRosterPage *page = DABIAO_ROSTER_PAGE (widget);
  g_autoptr(DabiaoRosterModel) roster = dabiao_roster_model_new ();
  g_autoptr(GPtrArray) items = dabiao_test_make_roster (3000);
  GtkWindow *window = dabiao_test_window_for (widget, 1100, 720);
  GtkWidget *column_view = find_widget (widget, GTK_TYPE_COLUMN_VIEW);
  GtkEditable *entry = GTK_EDITABLE (find_widget (widget, GTK_TYPE_SEARCH_ENTRY));
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view));
  g_autoptr(GtkColumnViewColumn) name_column = column_titled (columns, "姓名");
  g_autoptr(GtkColumnViewColumn) class_column = column_titled (columns, "班级");
  GListModel *shown;
  int pos = 0;

  dabiao_roster_item_set_status (g_ptr_array_index (items, 5), DABIAO_ROSTER_STATUS_COMPLETE);
  dabiao_roster_model_set_items (roster, items);
  dabiao_roster_page_set_roster (page, roster);
  shown = dabiao_roster_page_get_shown (page);
  assert_cells_show (page, column_view, 20);

  /* Sorted by name, descending: the model sorts (no sort list model). */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), name_column, GTK_SORT_DESCENDING);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3000);
  for (guint i = 1; i < 3000; i++)
    {
      g_autoptr(DabiaoRosterItem) a = g_list_model_get_item (shown, i - 1);
      g_autoptr(DabiaoRosterItem) b = g_list_model_get_item (shown, i);

      g_assert_cmpint (dabiao_roster_item_compare (a, b, DABIAO_ROSTER_FIELD_NAME), >=, 0);
    }
  assert_cells_show (page, column_view, 20);
  dabiao_test_screenshot (widget, "roster-sorted");

  /* Typing narrows and keeps the order; each key filters at once. */
  gtk_editable_insert_text (entry, "z", -1, &pos);
  g_assert_true (dabiao_test_wait_until (search_applied, page, 2000));
  gtk_editable_insert_text (entry, "w", -1, &pos);
  g_assert_true (dabiao_test_wait_until (search_applied, page, 2000));
  g_assert_cmpstr (dabiao_roster_page_get_search_applied (page), ==, "zw");
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown), <, 3000);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(DabiaoRosterItem) item = g_list_model_get_item (shown, i);

      g_assert_true (g_str_has_prefix (dabiao_roster_item_get_initials (item), "zw"));
      if (i > 0)
        {
          g_autoptr(DabiaoRosterItem) prev = g_list_model_get_item (shown, i - 1);

          g_assert_cmpint (dabiao_roster_item_compare (prev, item, DABIAO_ROSTER_FIELD_NAME), >=, 0);
        }
    }
  assert_cells_show (page, column_view, 20);

  /* Scrolled down, a new search starts at the top of its result. */
  {
    GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));

    gtk_editable_delete_text (entry, 0, -1);
    g_assert_true (dabiao_test_wait_until (search_applied, page, 2000));
    gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment) / 2);
    dabiao_test_wait (100);
    g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);
    pos = 0;
    gtk_editable_insert_text (entry, "z", -1, &pos);
    g_assert_true (dabiao_test_wait_until (search_applied, page, 2000));
    dabiao_test_wait (100);
    g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);
    assert_cells_show (page, column_view, 20);
  }

  /* A search that finds nobody, then everyone again. */
  gtk_editable_insert_text (entry, "qqq", -1, &pos);
  g_assert_true (dabiao_test_wait_until (search_applied, page, 2000));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  gtk_editable_delete_text (entry, 0, -1);
  g_assert_true (dabiao_test_wait_until (search_applied, page, 2000));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3000);
  assert_cells_show (page, column_view, 20);

  /* Class ascending, numbers as numbers; a status change shows at once. */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), class_column, GTK_SORT_ASCENDING);
  {
    g_autoptr(DabiaoRosterItem) first = g_list_model_get_item (shown, 0);

    g_assert_cmpstr (dabiao_roster_item_get_class_name (first), ==, "1101");
    dabiao_roster_item_set_status (first, DABIAO_ROSTER_STATUS_EXEMPT);
  }
  assert_cells_show (page, column_view, 20);

  /* Unsorted again: roster order. */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), NULL, GTK_SORT_ASCENDING);
  {
    g_autoptr(DabiaoRosterItem) first = g_list_model_get_item (shown, 0);

    g_assert_true (first == g_ptr_array_index (items, 0));
  }
  assert_cells_show (page, column_view, 20);

  gtk_window_destroy (window);
}

static void
test_roster_page (void)
{
  GtkWidget *page = dabiao_roster_page_new ();
  DabiaoRosterPage *roster_page = DABIAO_ROSTER_PAGE (page);
  g_autoptr(DabiaoRosterModel) roster = dabiao_roster_model_new ();
  g_autoptr(GPtrArray) items = dabiao_test_make_roster (2000);
  GtkWindow *window = dabiao_test_window_for (page, 1100, 720);

  dabiao_test_screenshot (page, "roster-empty");

  dabiao_roster_item_set_status (g_ptr_array_index (items, 3), DABIAO_ROSTER_STATUS_EXEMPT);
  dabiao_roster_model_set_items (roster, items);
  dabiao_roster_page_set_roster (roster_page, roster);
  g_assert_cmpuint (dabiao_roster_page_get_n_shown (roster_page), ==, 2000);
  dabiao_test_wait (200);
  dabiao_test_screenshot (page, "roster");

  dabiao_roster_page_set_search (roster_page, "G0000012");
  g_assert_cmpuint (dabiao_roster_page_get_n_shown (roster_page), ==, 10);
  dabiao_roster_page_set_search (roster_page, "");
  dabiao_roster_page_set_filter_sex (roster_page, 2);
  g_assert_cmpuint (dabiao_roster_page_get_n_shown (roster_page), ==, 1000);
  dabiao_roster_page_set_filter_sex (roster_page, 0);
  dabiao_roster_page_set_filter_status (roster_page, DABIAO_ROSTER_STATUS_EXEMPT);
  g_assert_cmpuint (dabiao_roster_page_get_n_shown (roster_page), ==, 1);
  dabiao_roster_page_set_filter_status (roster_page, DABIAO_ROSTER_STATUS_ANY);

  dabiao_roster_page_show_import (roster_page, 0.4, "第 800 行 / 共 2000 行");
  dabiao_roster_page_finish_import (roster_page, "已导入 1998 人；2 行有错：\n名单.xlsx 第 12 行 身份证号: 校验位应为 X");
  dabiao_test_wait (400);
  dabiao_test_screenshot (page, "roster-import-report");

  gtk_window_destroy (window);
}

/* The pass-rate chart's item names under their bars at 1024×600 (the
 * trial: "一分钟跳绳一分钟仰卧起坐50米×8往返跑" ran together): each whole,
 * inside the chart, apart from its neighbours; also with 12 items. */
static void
assert_labels_apart (DabiaoChart *chart)
{
  guint n = dabiao_chart_get_n_categories (chart);
  graphene_rect_t previous = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (chart)), >, 0);
  for (guint c = 0; c < n; c++)
    {
      graphene_rect_t box;

      g_assert_true (dabiao_chart_get_label_box (chart, c, &box));
      g_assert_cmpfloat (box.origin.x, >=, 0);
      g_assert_cmpfloat (box.origin.x + box.size.width, <=, gtk_widget_get_width (GTK_WIDGET (chart)));
      g_assert_cmpfloat (box.origin.y + box.size.height, <=, gtk_widget_get_height (GTK_WIDGET (chart)));
      if (c > 0)
        g_assert_cmpfloat (previous.origin.x + previous.size.width, <, box.origin.x);
      previous = box;
    }
}

static void
test_results_page_1024 (void)
{
  GtkWidget *page = dabiao_results_page_new ();
  DabiaoResultsPage *results = DABIAO_RESULTS_PAGE (page);
  DabiaoChart *chart = DABIAO_CHART (dabiao_results_page_get_pass_chart (results));
  const char *six[] = { "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐", "50米×8往返跑", NULL };
  const double rates[] = { 100, 92.5, 80, 67.5, 100, 55, 100, 100, 90, 80, 70, 60 };
  const char *twelve[] = { "身高", "体重", "肺活量", "50米跑", "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐",
                           "50米×8往返跑", "立定跳远", "引体向上", "1000米跑", "800米跑", NULL };
  GtkWindow *window = dabiao_test_window_for (page, 1024, 600);

  dabiao_results_page_set_totals (results, 12, 1, 13, 100);
  dabiao_results_page_set_pass_rates (results, six, rates);
  dabiao_test_wait (200);
  assert_labels_apart (chart);
  dabiao_test_screenshot (GTK_WIDGET (chart), "chart-pass-rates-1024x600");

  dabiao_results_page_set_pass_rates (results, twelve, rates);
  dabiao_test_wait (200);
  assert_labels_apart (chart);
  dabiao_test_screenshot (GTK_WIDGET (chart), "chart-pass-rates-1024x600-12");

  /* The level chart beside it: a primary school's six grades, both sexes. */
  {
    const char *groups[] = { "一年级\n男", "一年级\n女", "二年级\n男", "二年级\n女", "三年级\n男", "三年级\n女",
                             "四年级\n男", "四年级\n女", "五年级\n男", "五年级\n女", "六年级\n男", "六年级\n女", NULL };
    const char *levels[] = { "优秀", "良好", "及格", "不及格", NULL };
    double counts[12 * 4];

    for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
      counts[i] = (i * 7) % 11;
    dabiao_results_page_set_distribution (results, groups, levels, counts);
    dabiao_test_wait (200);
    assert_labels_apart (DABIAO_CHART (dabiao_results_page_get_level_chart (results)));
    dabiao_test_screenshot (dabiao_results_page_get_level_chart (results), "chart-levels-1024x600-12");
  }
  gtk_window_destroy (window);
}

static void
test_results_page (void)
{
  GtkWidget *page = dabiao_results_page_new ();
  DabiaoResultsPage *results = DABIAO_RESULTS_PAGE (page);
  const char *groups[] = { "一年级\n男", "一年级\n女", "二年级\n男", "二年级\n女", NULL };
  const char *levels[] = { "优秀", "良好", "及格", "不及格", NULL };
  const double counts[] = { 5, 12, 20, 3, 7, 15, 14, 2, 4, 10, 22, 6, 8, 16, 12, 1 };
  const char *items[] = { "50米跑", "坐位体前屈", "一分钟跳绳", NULL };
  const double rates[] = { 92.5, 80, 67.5 };
  const guint done[] = { 120, 80, 20 };
  const guint expected[] = { 160, 160, 80 };
  GtkWindow *window = dabiao_test_window_for (page, 1100, 900);

  dabiao_results_page_set_totals (results, 160, 20, 220, 88.2);
  dabiao_results_page_set_distribution (results, groups, levels, counts);
  dabiao_results_page_set_pass_rates (results, items, rates);
  dabiao_results_page_set_progress (results, items, done, expected);
  dabiao_results_page_add_history (results, "m1", "张三 · 50米跑 · 8.2 秒", "10:42 · 第 1 次", FALSE);
  dabiao_results_page_add_history (results, "m0", "李四 · 50米跑 · 9.1 秒", "10:41 · 作废：测错人", TRUE);

  g_assert_cmpuint (dabiao_chart_get_n_categories (DABIAO_CHART (dabiao_results_page_get_level_chart (results))), ==, 4);
  g_assert_cmpfloat (dabiao_chart_get_value (DABIAO_CHART (dabiao_results_page_get_level_chart (results)), 1, 1), ==, 15);
  g_assert_cmpfloat (dabiao_chart_get_value (DABIAO_CHART (dabiao_results_page_get_pass_chart (results)), 2, 0), ==, 67.5);

  dabiao_test_wait (200);
  dabiao_test_screenshot (page, "results");
  dabiao_test_screenshot (dabiao_results_page_get_level_chart (results), "chart-grades");
  gtk_window_destroy (window);
}

static void
test_start_page (void)
{
  GtkWidget *page = dabiao_start_page_new ();
  const char *recent[] = { "/tmp/运动会.dabiao", "/home/teacher/2026 春季体测.dabiao", NULL };
  GtkWindow *window = dabiao_test_window_for (page, 1100, 720);

  dabiao_start_page_set_recent (DABIAO_START_PAGE (page), recent);
  g_assert_cmpuint (dabiao_start_page_get_n_recent (DABIAO_START_PAGE (page)), ==, 2);
  dabiao_start_page_set_recent (DABIAO_START_PAGE (page), recent + 1);
  g_assert_cmpuint (dabiao_start_page_get_n_recent (DABIAO_START_PAGE (page)), ==, 1);
  dabiao_start_page_set_recent (DABIAO_START_PAGE (page), recent);
  dabiao_test_wait (100);
  dabiao_test_screenshot (page, "start");
  gtk_window_destroy (window);
}

static void
test_preferences (void)
{
  DabiaoPreferencesWindow *prefs = dabiao_preferences_window_new (NULL);
  const char *ports[] = { "/dev/ttyUSB0", "/dev/ttyS0", NULL };
  const char *descriptions[] = { "USB-Serial Controller", "", NULL };
  const char *profiles[] = { "generic-ascii", "weighing-indicator", NULL };
  const char *titles[] = { "通用文本仪器", "称重仪表", NULL };
  const guint8 frame[] = "ST,GS,+  4.876kg\r\n";
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  g_autofree char *port = NULL;

  gtk_window_set_default_size (GTK_WINDOW (prefs), 720, 640);
  gtk_window_present (GTK_WINDOW (prefs));
  dabiao_preferences_window_set_ports (prefs, ports, descriptions, NULL);
  dabiao_preferences_window_set_profiles (prefs, profiles, titles);
  /* The titles are shown, the names stored (the trial of the sync: ids
   * like generic-line in the list). */
  {
    AdwComboRow *row = ADW_COMBO_ROW (dabiao_test_get_widget (GTK_WIDGET (prefs), "profile-row"));
    GListModel *model = adw_combo_row_get_model (row);
    g_autoptr(GSettings) settings = g_settings_new ("cn.dabiao.Station");
    g_autofree char *stored = NULL;

    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "通用文本仪器");
    adw_combo_row_set_selected (row, 1);
    stored = g_settings_get_string (settings, "instrument-profile");
    g_assert_cmpstr (stored, ==, "weighing-indicator");
  }
  /* The port in use (the demo's) is what it shows, not the saved one. */
  dabiao_preferences_window_set_ports (prefs, ports, descriptions, "/dev/ttyS0");
  {
    g_autofree char *in_use = dabiao_preferences_window_get_port (prefs);

    g_assert_cmpstr (in_use, ==, "/dev/ttyS0");
  }
  dabiao_preferences_window_set_ports (prefs, ports, descriptions, "/dev/ttyUSB0");
  {
    g_autofree char *in_use = dabiao_preferences_window_get_port (prefs);

    g_assert_cmpstr (in_use, ==, "/dev/ttyUSB0");
  }

  {
    g_autoptr(GBytes) in = g_bytes_new_static (frame, sizeof frame - 1);
    g_autoptr(GBytes) out = g_bytes_new_static ("S\r\n", 3);
    g_autoptr(GDateTime) when = g_date_time_new_local (2026, 11, 29, 10, 42, 7);
    gint64 t = g_date_time_to_unix (when) * G_USEC_PER_SEC + 120000;
    DabiaoTraffic t_in = { DABIAO_TRAFFIC_IN, t, in, NULL, NULL };
    DabiaoTraffic t_out = { DABIAO_TRAFFIC_OUT, t, out, NULL, NULL };
    DabiaoTraffic t_frame = { DABIAO_TRAFFIC_FRAME, t + 1000, in, NULL, (char *) "reading 4.876 kg" };

    line = dabiao_format_traffic (&t_in);
    g_assert_cmpstr (line, ==, "10:42:07.120 ← 53 54 2C 47 53 2C 2B 20 20 34 2E 38 37 36 6B 67 0D 0A  |ST,GS,+  4.876kg..|");

    dabiao_preferences_window_add_traffic (prefs, &t_out);
    dabiao_preferences_window_add_traffic (prefs, &t_in);
    dabiao_preferences_window_add_traffic (prefs, &t_frame);
    text = dabiao_preferences_window_get_console_text (prefs);
    g_assert_nonnull (strstr (text, "→ 53 0D 0A  |S..|\n10:42:07.120 ← 53 54"));
    g_assert_nonnull (strstr (text, "10:42:07.121 ⇒ reading 4.876 kg"));
  }

  port = dabiao_preferences_window_get_port (prefs);
  g_assert_nonnull (port);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "instrument");
  dabiao_test_wait (300);
  dabiao_test_screenshot (GTK_WIDGET (prefs), "preferences");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE "/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_present (GTK_WINDOW (overlay));
  dabiao_test_wait (300);
  dabiao_test_screenshot (overlay, "shortcuts");
  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  dabiao_test_init (&argc, &argv);

  g_test_add_func ("/dabiao/app/StationPage/workflow", test_station_page);
  g_test_add_func ("/dabiao/app/RosterPage/filter", test_roster_page);
  g_test_add_func ("/dabiao/app/RosterPage/sort-and-type", test_roster_page_sort_and_type);
  g_test_add_func ("/dabiao/app/ResultsPage/charts", test_results_page);
  g_test_add_func ("/dabiao/app/StartPage/recent", test_start_page);
  g_test_add_func ("/dabiao/app/ResultsPage/pass-chart-1024x600", test_results_page_1024);
  g_test_add_func ("/dabiao/app/Preferences/console", test_preferences);
  g_test_add_func ("/dabiao/app/HelpOverlay/loads", test_help_overlay);

  return g_test_run ();
}
