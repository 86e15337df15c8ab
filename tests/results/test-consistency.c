/* test-consistency.c: issue 14's "same BMI, totals and grades everywhere".
 *
 * An event of 10,000 students of three schools is built to sit on rounding
 * edges: BMIs exactly at x.x5 (23.4 kg at 120.0 cm = 16.25) and a hair on
 * either side, instruments' values with one decimal more than the item has
 * (8.35 s, 12.45 cm, 224.5 s), totals whose hundredths end in 5.  Then every
 * place that shows a BMI, a total or a level is read and compared, person by
 * person:
 *   the results module itself       dabiao_results_load_event()
 *   record cards                     dabiao_record_card_get_row(), what the card draws
 *   certificates                     dabiao_certificate_content_new_for_person(), what is printed
 *   the station (app)                dabiao_session_standing_async(), what the station shows
 *   the results page (app)           dabiao_session_summarize_async(): 及格率 overall and
 *                                    per item, levels per group × sex
 *   the results sheet                `dabiao-cli results` .xlsx, read with openpyxl
 *   the summary workbook             `dabiao-cli export summary`, its counts recomputed
 * check-consistency.py reads the two workbooks and the table this test
 * writes; it also recomputes each BMI from the sheet's 身高 and 体重 with
 * exact fractions, and (issue 12) every per-school and per-class figure of
 * the summary from the results sheet alone.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dabiao-certificate.h"
#include "dabiao-error.h"
#include "dabiao-event-details.h"
#include "dabiao-event.h"
#include "dabiao-i18n.h"
#include "dabiao-record-card.h"
#include "dabiao-results.h"
#include "dabiao-session.h"

#define N_PERSONS 10000

static char *tmpdir;
static char *event_path;

static const char * const schools[][2] = {
  { "4401060001", "广州市第一实验学校" },
  { "4401060002", "广州市天河中学" },
  { "4401060003", "广州市越秀区育才小学" },
};

static const guint grades[] = { 11, 12, 13, 14, 15, 16, 21, 22, 23, 31, 32, 33, 41, 42, 43, 44 };

/* A value of @item for a person, now and then with one decimal more than
 * the item keeps, landing on .x5 (the rounding edge). */
static double
value_for (GRand            *rand,
           const DabiaoItem *item)
{
  static const struct { const char *code; double lo, hi; } ranges[] = {
    { "vital_capacity", 600, 5200 }, { "run_50m", 6.5, 13.0 }, { "sit_and_reach", -6, 26 },
    { "rope_1min", 20, 200 }, { "sit_up_1min", 8, 62 }, { "shuttle_50mx8", 88, 150 },
    { "standing_long_jump", 120, 285 }, { "run_800m", 185, 320 }, { "run_1000m", 190, 345 },
    { "pull_up", 0, 21 },
  };
  double lo = 0, hi = 100, v, unit = pow (10, -(double) item->decimals);

  for (guint k = 0; k < G_N_ELEMENTS (ranges); k++)
    if (g_str_equal (ranges[k].code, item->code))
      lo = ranges[k].lo, hi = ranges[k].hi;
  v = round (g_rand_double_range (rand, lo, hi) / unit) * unit;
  /* A third of the time: half a unit more (8.35 for 8.3; 224.5 s). */
  if (g_rand_int_range (rand, 0, 3) == 0)
    v += unit / 2;
  return v;
}

typedef struct
{
  GArray    *infos;      /* DabiaoParticipantInfo */
  GArray    *requests;   /* DabiaoRecordRequest */
  GPtrArray *strings;    /* everything the two point to */
} Build;

static const char *
keep (Build *b,
      char  *s)
{
  g_ptr_array_add (b->strings, s);
  return s;
}

static void
add_record (Build      *b,
            const char *id,
            const char *item,
            double      value,
            DabiaoSpecial special)
{
  DabiaoRecordRequest r = {
    .participant_id = id, .item = item, .has_value = special == DABIAO_SPECIAL_NONE, .value = value,
    .special = special, .reason = special == DABIAO_SPECIAL_EXEMPT ? "伤病" : NULL,
    .source = DABIAO_SOURCE_INSTRUMENT,
  };

  g_array_append_val (b->requests, r);
}

static void
build_event (void)
{
  DabiaoEventInfo info = { "2026年秋季体质健康测试", "student-2014", "2026-10-15", "天河体育中心", "广州市天河区教育局" };
  g_autoptr(DabiaoStandard) standard = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (14);
  Build b = {
    g_array_new (FALSE, TRUE, sizeof (DabiaoParticipantInfo)),
    g_array_new (FALSE, TRUE, sizeof (DabiaoRecordRequest)),
    g_ptr_array_new_with_free_func (g_free),
  };

  standard = dabiao_standard_load ("student-2014", &error);
  g_assert_no_error (error);
  event = dabiao_event_create (event_path, &info, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (schools); s++)
    g_assert_true (dabiao_event_set_school (event, schools[s][0], schools[s][1], &error));

  for (guint i = 0; i < N_PERSONS; i++)
    {
      guint grade = grades[i % G_N_ELEMENTS (grades)];
      guint sex = 1 + (i / 3) % 2;
      guint class_no = 1 + (i / 48) % 4;
      g_autofree char *code = g_strdup_printf ("%u", grade);
      const DabiaoGroup *group = dabiao_standard_find_group (standard, code, NULL);
      /* Born the year that puts them in their grade (school starts at 6). */
      guint school_year = grade < 20 ? grade - 10 : grade < 30 ? 6 + grade % 10 : grade < 40 ? 9 + grade % 10 : 12 + grade % 10;
      g_autoptr(GPtrArray) items = dabiao_standard_list_items_for (standard, group, sex == 1 ? DABIAO_SEX_MALE : DABIAO_SEX_FEMALE);
      const char *id = keep (&b, g_strdup_printf ("G%06u", i));
      DabiaoParticipantInfo p = {
        .id = id,
        .name = keep (&b, g_strdup_printf ("学生%u", i)),
        .sex = sex,
        .birth_date = keep (&b, g_strdup_printf ("%u-0%u-1%u", 2026 - 6 - school_year, 1 + i % 9, i % 9)),
        .grade = grade,
        .class_code = keep (&b, g_strdup_printf ("%u%02u", grade, class_no)),
        .class_name = keep (&b, g_strdup_printf ("%u班", class_no)),
        .ethnicity = "01",
        .organization = schools[i % G_N_ELEMENTS (schools)][0],
      };
      double height, weight;
      int roll = g_rand_int_range (rand, 0, 100);

      g_array_append_val (b.infos, p);

      /* 身高 and 体重 with the BMI on an edge: the famous one, a BMI of
       * exactly x.x5, or within 0.001 of it on either side. */
      if (i % 50 == 0)
        height = 120.0, weight = 23.4;
      else
        {
          double target = g_rand_int_range (rand, 120, 300) / 10.0 + 0.05;

          height = round (g_rand_double_range (rand, 115, 190) * 10) / 10;
          /* Sometimes an instrument's extra decimal: 150.25 cm. */
          if (g_rand_int_range (rand, 0, 4) == 0)
            height += 0.05;
          weight = round (target * height * height / 1000.0) / 10.0;
        }
      add_record (&b, id, "height", height, DABIAO_SPECIAL_NONE);
      add_record (&b, id, "weight", weight, DABIAO_SPECIAL_NONE);

      for (guint k = 0; k < items->len; k++)
        {
          const DabiaoItem *item = g_ptr_array_index (items, k);

          if (item->formula != DABIAO_FORMULA_NONE)
            continue;
          /* A few miss an item (未测完), are recorded 缺测 in one or are
           * exempt from one. */
          if (roll < 3 && k == items->len - 1)
            continue;
          if ((roll == 3 || roll == 4) && k == items->len - 1)
            {
              add_record (&b, id, item->code, 0, roll == 3 ? DABIAO_SPECIAL_EXEMPT : DABIAO_SPECIAL_ABSENT);
              continue;
            }
          add_record (&b, id, item->code, value_for (rand, item), DABIAO_SPECIAL_NONE);
        }
    }

  g_assert_true (dabiao_event_add_participants (event, (DabiaoParticipantInfo *) b.infos->data, b.infos->len,
                                                NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dabiao_event_record_many (event, (DabiaoRecordRequest *) b.requests->data, b.requests->len, &error));
  g_assert_no_error (error);
  dabiao_event_close (event);
  g_array_unref (b.infos);
  g_array_unref (b.requests);
  g_ptr_array_unref (b.strings);
  g_rand_free (rand);
}

/* ---- The station's view ------------------------------------------------ */

typedef struct
{
  GMainLoop     *loop;
  DabiaoSession *session;
  GHashTable    *standings;   /* id → DabiaoStanding */
  DabiaoOverview *overview;
  guint          pending;
  GError        *error;
} Station;

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Station *st = user_data;

  st->session = dabiao_session_open_finish (result, &st->error);
  g_main_loop_quit (st->loop);
}

typedef struct
{
  Station *st;
  char    *id;
} Ask;

static void
standing_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Ask *ask = user_data;
  DabiaoStanding *standing = dabiao_session_standing_finish (DABIAO_SESSION (object), result, &ask->st->error);

  g_assert_nonnull (standing);
  g_hash_table_insert (ask->st->standings, ask->id, standing);
  if (--ask->st->pending == 0)
    g_main_loop_quit (ask->st->loop);
  g_free (ask);
}

static void
summarized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Station *st = user_data;

  st->overview = dabiao_session_summarize_finish (DABIAO_SESSION (object), result, &st->error);
  g_main_loop_quit (st->loop);
}

/* The station's standing of every participant (what it shows after a
 * record): queued on the event's worker, all at once; and the results
 * page's overview (@overview). */
static GHashTable *
station_standings (GPtrArray       *persons,
                   DabiaoOverview **overview)
{
  Station st = { g_main_loop_new (NULL, FALSE), NULL,
                 g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) dabiao_standing_free), NULL, 0, NULL };

  dabiao_session_open_async (event_path, NULL, opened_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_no_error (st.error);
  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      Ask *ask = g_new0 (Ask, 1);

      ask->st = &st;
      ask->id = g_strdup (p->id);
      st.pending++;
      dabiao_session_standing_async (st.session, p->id, "height", NULL, standing_cb, ask);
    }
  g_main_loop_run (st.loop);
  g_assert_no_error (st.error);
  dabiao_session_summarize_async (st.session, NULL, summarized_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_no_error (st.error);
  *overview = st.overview;
  dabiao_session_close (st.session);
  g_object_unref (st.session);
  g_main_loop_unref (st.loop);
  return st.standings;
}

/* ---- The comparison ------------------------------------------------------ */

/* A total as a number of tenths, from "85.5", "90", "90.0"; -1 for "". */
static int
tenths_of (const char *text)
{
  if (text == NULL || *text == '\0')
    return -1;
  return (int) lround (g_ascii_strtod (text, NULL) * 10);
}

static void
run_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DABIAO_CLI"));
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("dabiao-cli %s failed:\n%s%s", (char *) argv->pdata[1], out, err);
}

static void
test_consistency (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GHashTable) standings = NULL;
  g_autoptr(DabiaoOverview) overview = NULL;
  g_autoptr(GString) page = g_string_new (NULL);
  g_autofree char *page_path = g_build_filename (tmpdir, "overview.tsv", NULL);
  g_autoptr(GString) table = g_string_new ("id\tbmi\tbmi_level\ttotal\tgrade\n");
  g_autofree char *table_path = g_build_filename (tmpdir, "shown.tsv", NULL);
  g_autofree char *sheet = g_build_filename (tmpdir, "results.xlsx", NULL);
  g_autofree char *summary = g_build_filename (tmpdir, "summary.xlsx", NULL);
  const char *python = g_getenv ("DABIAO_PYTHON");
  guint n_total = 0, n_total_edge = 0;
  gint64 start = g_get_monotonic_time ();

  build_event ();
  g_test_message ("event of %u built in %.1f s", N_PERSONS, (g_get_monotonic_time () - start) / 1e6);

  event = dabiao_event_open (event_path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  persons = dabiao_results_load_event (event, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (persons->len, ==, N_PERSONS);
  dabiao_event_close (event);
  standings = station_standings (persons, &overview);

  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *p = g_ptr_array_index (persons, i);
      const DabiaoResultsItem *bmi = dabiao_results_person_find_item (p, "体重指数", NULL);
      const DabiaoStanding *station = g_hash_table_lookup (standings, p->id);
      g_autoptr(DabiaoCertificateContent) cert = dabiao_certificate_content_new_for_person (p);
      guint n_rows = dabiao_record_card_get_n_rows (p);
      char *bmi_card[3], *total_card[3], *level_card[3];
      int total = p->has_total ? p->total_tenths : -1;

      g_assert_nonnull (bmi);
      g_assert_true (bmi->has_value);
      /* The card: its BMI row, 学年总分 and 等级评定. */
      g_assert_cmpstr (dabiao_record_card_get_row (p, 0, bmi_card), ==, "体重指数（BMI）");
      g_assert_cmpstr (dabiao_record_card_get_row (p, n_rows - 2, total_card), ==, "学年总分");
      g_assert_cmpstr (dabiao_record_card_get_row (p, n_rows - 1, level_card), ==, "等级评定");
      g_assert_cmpstr (bmi_card[0], ==, bmi->display);
      g_assert_cmpstr (bmi_card[2], ==, bmi->level);
      g_assert_cmpint (tenths_of (total_card[1]), ==, total);
      g_assert_cmpstr (level_card[2], ==, p->level);
      /* The certificate's printed total and level. */
      g_assert_cmpint (tenths_of (cert->total), ==, total);
      g_assert_cmpstr (cert->level, ==, p->level != NULL ? p->level : "");
      /* The station. */
      g_assert_nonnull (station);
      g_assert_null (station->problem);
      g_assert_cmpint (station->complete, ==, p->has_total);
      if (p->has_total)
        {
          g_assert_cmpint (station->total_tenths, ==, total);
          g_assert_cmpstr (station->level, ==, p->level);
          n_total++;
        }

      if (p->has_total && p->total_tenths % 10 == 5)
        n_total_edge++;
      g_string_append_printf (table, "%s\t%s\t%s\t%s\t%s\n", p->id, bmi->display, bmi->level != NULL ? bmi->level : "",
                              total_card[1] != NULL ? total_card[1] : "", p->level != NULL ? p->level : "");
      for (guint k = 0; k < 3; k++)
        {
          g_free (bmi_card[k]);
          g_free (total_card[k]);
          g_free (level_card[k]);
        }
    }
  g_test_message ("%u persons with totals; %u totals ending in .5; compared module, cards, certificates and station in %.1f s",
                  n_total, n_total_edge, (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (n_total, >, N_PERSONS / 2);

  /* The workbooks, through the CLI as an organiser makes them, read by
   * openpyxl against what the cards, certificates and station showed. */
  g_assert_true (g_file_set_contents (table_path, table->str, -1, NULL));

  /* The results page's figures, for check-consistency.py to find in the
   * summary workbook: the same numbers, not just some. */
  g_assert_cmpuint (overview->participants, ==, N_PERSONS);
  g_assert_cmpuint (g_strv_length (overview->pass_items), >, 0);
  g_string_append_printf (page, "complete\t%u\npass\t%.9f\n", overview->complete, overview->pass_rate);
  for (guint i = 0; overview->pass_items[i] != NULL; i++)
    g_string_append_printf (page, "item\t%s\t%.9f\n", overview->pass_items[i], overview->pass_rates[i]);
  for (guint g = 0; overview->groups[g] != NULL; g++)
    {
      g_auto(GStrv) group_sex = g_strsplit (overview->groups[g], "\n", 2);

      g_assert_cmpuint (g_strv_length (group_sex), ==, 2);
      for (guint l = 0; overview->levels[l] != NULL; l++)
        g_string_append_printf (page, "level\t%s\t%s\t%s\t%.0f\n", group_sex[0], group_sex[1], overview->levels[l],
                                overview->distribution[g * g_strv_length (overview->levels) + l]);
    }
  g_assert_true (g_file_set_contents (page_path, page->str, -1, NULL));
  {
    const char *results_args[] = { "results", event_path, "-o", sheet, NULL };
    const char *summary_args[] = { "export", "summary", event_path, "-o", summary, NULL };

    run_cli (results_args);
    run_cli (summary_args);
  }
  if (python == NULL)
    {
      g_test_skip ("DABIAO_PYTHON is not set");
      return;
    }
  {
    g_autofree char *script = g_test_build_filename (G_TEST_DIST, "results", "check-consistency.py", NULL);
    const char *argv[] = { python, script, table_path, sheet, summary, page_path, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_test_message ("%s", out);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("check-consistency.py failed:\n%s%s", out, err);
  }
  g_test_message ("all in %.1f s", (g_get_monotonic_time () - start) / 1e6);
}

int
main (int argc, char **argv)
{
  int ret;

  tmpdir = g_dir_make_tmp ("dabiao-test-consistency-XXXXXX", NULL);
  event_path = g_build_filename (tmpdir, "event.dabiao", NULL);
  setlocale (LC_ALL, "");
  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/results/consistency-10000", test_consistency);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (event_path);
  g_free (tmpdir);
  return ret;
}
