/* test-roster-model.c: the roster model, its filter and pinyin initials
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-pinyin.h"
#include "dabiao-roster-model.h"

static GPtrArray *
small_roster (void)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (items, dabiao_roster_item_new ("G001", "张三", 1, 11, "1101"));
  g_ptr_array_add (items, dabiao_roster_item_new ("G002", "李四", 2, 11, "1101"));
  g_ptr_array_add (items, dabiao_roster_item_new ("G003", "王小明", 1, 12, "1201"));
  g_ptr_array_add (items, dabiao_roster_item_new ("L110101200501011234", "赵敏", 2, 12, "1202"));
  g_ptr_array_add (items, dabiao_roster_item_new ("G005", "张伟", 1, 21, "2101"));
  return items;
}

static void
test_pinyin_initials (void)
{
  g_autoptr(DabiaoPinyin) pinyin = dabiao_pinyin_new ();
  struct { const char *in, *out; } cases[] = {
    { "张三", "zs" },
    { "李四", "ls" },
    { "王小明", "wxm" },
    { "赵敏", "zm" },
    { "欧阳娜娜", "oynn" },
    { "Anna 李", "annal" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = dabiao_pinyin_initials (pinyin, cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }

  /* Not UTF-8: no crash, no initials. */
  {
    g_autofree char *got = dabiao_pinyin_initials (pinyin, "\xff\xfe");

    g_assert_cmpstr (got, ==, "");
  }
}

static guint changes;

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added)
{
  changes++;
}

static void
test_filter (void)
{
  g_autoptr(DabiaoRosterModel) model = dabiao_roster_model_new ();
  g_autoptr(GPtrArray) items = small_roster ();
  DabiaoRosterFilter filter = { 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), NULL);
  changes = 0;
  dabiao_roster_model_set_items (model, items);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_cmpuint (dabiao_roster_model_get_n_total (model), ==, 5);

  filter.search = "zs";
  dabiao_roster_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  {
    g_autoptr(DabiaoRosterItem) item = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_cmpstr (dabiao_roster_item_get_name (item), ==, "张三");
  }

  filter.search = "张";
  dabiao_roster_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  /* An unchanged result reports no change. */
  changes = 0;
  dabiao_roster_model_set_filter (model, &filter);
  g_assert_cmpuint (changes, ==, 0);

  filter.search = "g00";
  filter.sex = 2;
  dabiao_roster_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  filter.search = NULL;
  filter.sex = 0;
  filter.grade = 12;
  dabiao_roster_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  filter.grade = 0;
  filter.class_name = "1101";
  dabiao_roster_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  /* Status: complete, exempt, and missing (everyone else). */
  dabiao_roster_item_set_status (g_ptr_array_index (items, 0), DABIAO_ROSTER_STATUS_COMPLETE);
  dabiao_roster_item_set_status (g_ptr_array_index (items, 1), DABIAO_ROSTER_STATUS_EXEMPT);
  filter.class_name = NULL;
  filter.status = DABIAO_ROSTER_STATUS_COMPLETE;
  dabiao_roster_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  filter.status = DABIAO_ROSTER_STATUS_EXEMPT;
  dabiao_roster_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  filter.status = DABIAO_ROSTER_STATUS_MISSING;
  dabiao_roster_model_set_filter (model, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  dabiao_roster_model_set_filter (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 5));
}

static void
test_search_and_lookup (void)
{
  g_autoptr(DabiaoRosterModel) model = dabiao_roster_model_new ();
  g_autoptr(GPtrArray) items = small_roster ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) classes = NULL;
  g_autoptr(GPtrArray) grades = NULL;
  g_autoptr(GPtrArray) queue = NULL;

  dabiao_roster_model_set_items (model, items);

  g_assert_nonnull (dabiao_roster_model_lookup (model, "G003"));
  g_assert_null (dabiao_roster_model_lookup (model, "G999"));

  /* An exact id comes first, even when others match too. */
  found = dabiao_roster_model_search (model, "G005", 10);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (dabiao_roster_item_get_name (g_ptr_array_index (found, 0)), ==, "张伟");
  g_clear_pointer (&found, g_ptr_array_unref);

  found = dabiao_roster_model_search (model, " 1234 ", 10);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = dabiao_roster_model_search (model, "", 10);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = dabiao_roster_model_search (model, "G", 2);
  g_assert_cmpuint (found->len, ==, 2);

  classes = dabiao_roster_model_get_classes (model);
  g_assert_cmpuint (classes->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (classes, 0), ==, "1101");
  grades = dabiao_roster_model_get_grades (model);
  g_assert_cmpuint (grades->len, ==, 3);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (grades, 2)), ==, 21);

  queue = dabiao_roster_model_class_queue (model, "1101");
  g_assert_cmpuint (queue->len, ==, 2);
  g_assert_cmpstr (dabiao_roster_item_get_id (g_ptr_array_index (queue, 1)), ==, "G002");

  g_assert_cmpstr (dabiao_sex_label (2), ==, "女");
  g_assert_cmpstr (dabiao_grade_label (21), ==, "初一");
  g_assert_cmpstr (dabiao_grade_label (99), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dabiao/app/Pinyin/initials", test_pinyin_initials);
  g_test_add_func ("/dabiao/app/RosterModel/filter", test_filter);
  g_test_add_func ("/dabiao/app/RosterModel/search", test_search_and_lookup);

  return g_test_run ();
}
