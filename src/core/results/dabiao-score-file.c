/* dabiao-score-file.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-age.h"
#include "dabiao-error.h"
#include "dabiao-score.h"
#include "dabiao-score-file.h"
#include "dabiao-standard-private.h"
#include "dabiao-table.h"

/* 10^(3 - decimals): a value (in thousandths) rounded to @decimals, in
 * units of its last decimal. */
static const gint64 value_units[] = { 1000, 100, 10, 1 };

/* An item column of the output: its value or its score. */
typedef struct
{
  guint    item;
  gboolean score;
} OutputColumn;

/* Group codes are short numbers (年级编号 11 … 44): the group of each code
 * met is kept in a table indexed by the number, so a row costs no hashing.
 * Anything else (and codes that are no group, whose message is needed)
 * goes to dabiao_standard_find_group(). */
#define GROUP_CACHE_SIZE 1000

typedef struct
{
  const DabiaoGroup *groups[GROUP_CACHE_SIZE];
} GroupCache;

static const DabiaoGroup *
find_group_cached (GroupCache      *cache,
                   DabiaoStandard  *std,
                   const char      *text,
                   GError         **error)
{
  const DabiaoGroup *group;
  guint key = 0;
  gsize n = 0;

  /* "1" … "999" exactly, no leading zero: "021" is not "21". */
  if (text[0] >= '1' && text[0] <= '9')
    for (n = 0; n < 4 && text[n] >= '0' && text[n] <= '9'; n++)
      key = key * 10 + (text[n] - '0');
  if (n == 0 || n > 3 || text[n] != '\0')
    return dabiao_standard_find_group (std, text, error);

  if (cache->groups[key] != NULL)
    return cache->groups[key];
  group = dabiao_standard_find_group (std, text, error);
  cache->groups[key] = group;
  return group;
}

void
dabiao_score_file_add_headers (DabiaoStandard    *std,
                               DabiaoTableWriter *writer)
{
  dabiao_score_file_add_headers_for (std, NULL, writer);
}

void
dabiao_score_file_add_headers_for (DabiaoStandard    *std,
                                   const gboolean    *only,
                                   DabiaoTableWriter *writer)
{
  for (guint i = 0; i < dabiao_standard_get_n_items (std); i++)
    {
      const DabiaoItem *item = dabiao_standard_get_item (std, i);

      if (only != NULL && !only[i])
        continue;
      if (item->output_value)
        dabiao_table_writer_add_string (writer, item->header);
      if (item->output_score)
        dabiao_table_writer_add_string (writer, item->score_header);
    }

  /* Fixed headers of the national formats: data, not translations. */
  if (dabiao_standard_get_shape (std) == DABIAO_SHAPE_WEIGHTED)
    {
      dabiao_table_writer_add_string (writer, "标准分");
      dabiao_table_writer_add_string (writer, "附加分");
      dabiao_table_writer_add_string (writer, "学年总分");
    }
  else
    dabiao_table_writer_add_string (writer, "总分");
  dabiao_table_writer_add_string (writer, "等级");
  dabiao_table_writer_add_string (writer, "备注");
}

static void
write_header (DabiaoStandard    *std,
              DabiaoTableReader *reader,
              DabiaoTableWriter *writer)
{
  const char * const *headers = dabiao_table_reader_get_headers (reader);
  guint n_columns = dabiao_table_reader_get_n_columns (reader);

  for (guint i = 0; i < n_columns; i++)
    dabiao_table_writer_add_string (writer, headers[i]);
  dabiao_score_file_add_headers (std, writer);
}

gboolean
dabiao_score_file (DabiaoStandard        *std,
                   const char            *input,
                   const char            *sheet,
                   const char            *output,
                   DabiaoScoreFileStats  *stats_out,
                   GError               **error)
{
  return dabiao_score_file_full (std, input, sheet, output, NULL, stats_out, error);
}

gboolean
dabiao_score_file_full (DabiaoStandard        *std,
                        const char            *input,
                        const char            *sheet,
                        const char            *output,
                        const char            *test_date,
                        DabiaoScoreFileStats  *stats_out,
                        GError               **error)
{
  return dabiao_score_file_with_flags (std, input, sheet, output, test_date,
                                       DABIAO_SCORE_FILE_DEFAULT, stats_out, error);
}

/* Writes one row's item values and scores (@outputs, in the header's order),
 * then its totals and level, or empty cells for a person not complete.
 * @by_index is scratch of @n_items.  TRUE when any item was scored. */
static inline gboolean
write_row_scores (DabiaoTableWriter        *writer,
                  const DabiaoItem        **items,
                  guint                     n_items,
                  const OutputColumn       *outputs,
                  guint                     n_outputs,
                  const DabiaoItemScore   **by_index,
                  gboolean                  weighted,
                  const DabiaoPersonScore  *result)
{
  gboolean any_score = FALSE;

  memset (by_index, 0, n_items * sizeof *by_index);
  for (guint k = 0; result != NULL && k < result->n_items; k++)
    by_index[result->items[k].item->index] = &result->items[k];

  for (guint o = 0; o < n_outputs; o++)
    {
      const DabiaoItem *item = items[outputs[o].item];
      const DabiaoItemScore *is = by_index[outputs[o].item];

      if (!outputs[o].score)
        {
          if (is != NULL && is->has_value)
            dabiao_table_writer_add_fixed (writer, dabiao_value_round (is->value, item->decimals) /
                                                   value_units[MIN (item->decimals, 3)],
                                           item->decimals);
          else
            dabiao_table_writer_add_empty (writer);
        }
      else if (is != NULL && is->status == DABIAO_ITEM_SCORED)
        {
          dabiao_table_writer_add_fixed (writer, is->score, 0);
          any_score = TRUE;
        }
      else
        dabiao_table_writer_add_empty (writer);
    }

  if (result != NULL && result->complete)
    {
      if (weighted)
        {
          dabiao_table_writer_add_fixed (writer, result->standard_tenths, 1);
          dabiao_table_writer_add_fixed (writer, result->bonus, 0);
          dabiao_table_writer_add_fixed (writer, result->total_tenths, 1);
        }
      else
        dabiao_table_writer_add_fixed (writer, result->total_tenths / 10, 0);
      dabiao_table_writer_add_string (writer, result->level != NULL ? result->level : "");
    }
  else
    {
      for (guint k = 0; k < (weighted ? 4u : 2u); k++)
        dabiao_table_writer_add_empty (writer);
    }
  return any_score;
}

/* The columns that say whom a row is about: 年级编号 (or 年龄, or 出生日期
 * with 测试日期 for standards by age) and 性别. */
typedef struct
{
  gboolean    by_age;
  const char *group_header;
  const char *sex_header;
  int         group;
  int         sex;
  int         birth;       /* -1: none */
  int         test_date;   /* -1: none */
  const char *default_test_date;  /* --test-date, or NULL */
} WhoColumns;

static gboolean
find_who_columns (DabiaoStandard     *std,
                  DabiaoTableReader  *reader,
                  const char         *test_date,
                  WhoColumns         *who,
                  GError            **error)
{
  who->by_age = dabiao_standard_get_group_by (std) == DABIAO_GROUP_BY_AGE;
  who->group_header = who->by_age ? "年龄" : dabiao_standard_get_group_column (std);
  who->sex_header = dabiao_standard_get_sex_column (std);
  who->group = dabiao_table_reader_find_column (reader, who->group_header);
  who->sex = dabiao_table_reader_find_column (reader, who->sex_header);
  who->birth = who->test_date = -1;
  who->default_test_date = test_date;
  if (who->by_age)
    {
      /* Age-banded standards: 年龄, or 出生日期 with 测试日期 / --test-date. */
      GDate check;

      who->birth = dabiao_table_reader_find_column (reader, "出生日期");
      who->test_date = dabiao_table_reader_find_column (reader, "测试日期");
      if (who->birth >= 0 && who->group < 0)
        who->group_header = "出生日期";
      if (test_date != NULL && *test_date != '\0' && !dabiao_date_parse (test_date, &check, error))
        return FALSE;
    }
  if ((who->group < 0 && who->birth < 0) || who->sex < 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s row 1: there is no column “%s”, which %s needs"),
                   dabiao_table_reader_get_name (reader), who->group < 0 ? who->group_header : who->sex_header,
                   dabiao_standard_get_name (std));
      return FALSE;
    }
  return TRUE;
}

/* The current row's group (NULL when none) and sex (*@sex_ok FALSE when it
 * cannot be read); what is wrong goes to @notes, naming its column. */
static const DabiaoGroup *
row_who (DabiaoStandard    *std,
         DabiaoTableReader *reader,
         const WhoColumns  *who,
         GroupCache        *cache,
         DabiaoSex         *sex,
         gboolean          *sex_ok,
         GString           *notes)
{
  const DabiaoCell *group_cell = dabiao_table_reader_get_cell (reader, who->group);
  const DabiaoCell *sex_cell = dabiao_table_reader_get_cell (reader, who->sex);
  g_autoptr(GError) group_error = NULL;
  g_autoptr(GError) sex_error = NULL;
  const DabiaoGroup *group;

  if (who->by_age)
    {
      const char *row_date = who->test_date >= 0 ? dabiao_table_reader_get_cell (reader, who->test_date)->text : "";

      /* The messages name their column (年龄, 出生日期, 测试日期). */
      group = dabiao_standard_find_group_for_person (std, who->group >= 0 ? group_cell->text : NULL,
                                                     dabiao_table_reader_get_cell (reader, who->birth)->text,
                                                     *row_date != '\0' ? row_date : who->default_test_date,
                                                     &group_error);
      if (group == NULL)
        dabiao_notes_add (notes, group_error->message);
    }
  else
    {
      group = find_group_cached (cache, std, group_cell->text, &group_error);
      if (group == NULL)
        {
          g_autofree char *note = g_strdup_printf ("%s：%s", who->group_header, group_error->message);
          dabiao_notes_add (notes, note);
        }
    }
  *sex_ok = dabiao_sex_parse (sex_cell->text, sex, &sex_error);
  if (!*sex_ok)
    {
      g_autofree char *note = g_strdup_printf ("%s：%s", who->sex_header, sex_error->message);
      dabiao_notes_add (notes, note);
    }
  return group;
}

/* A file with no rows, or none scored, is refused: said why, with the first
 * row's problem. */
static gboolean
check_scored (DabiaoTableReader          *reader,
              const WhoColumns           *who,
              const DabiaoScoreFileStats *stats,
              const char                 *first_problem,
              GError                    **error)
{
  if (stats->n_rows == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: there are no data rows below the header"), dabiao_table_reader_get_name (reader));
      return FALSE;
    }
  if (stats->n_unscored == stats->n_rows)
    {
      g_autofree char *what = g_strdup_printf (_("%s: not a single row could be scored; check the columns %s and %s and the item columns"),
                                               dabiao_table_reader_get_name (reader), who->group_header, who->sex_header);

      if (first_problem != NULL)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, "%s\n%s", what, first_problem);
      else
        g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, what);
      return FALSE;
    }
  return TRUE;
}

gboolean
dabiao_score_file_with_flags (DabiaoStandard        *std,
                              const char            *input,
                              const char            *sheet,
                              const char            *output,
                              const char            *test_date,
                              DabiaoScoreFileFlags   flags,
                              DabiaoScoreFileStats  *stats_out,
                              GError               **error)
{
  g_autoptr(DabiaoTableReader) reader = NULL;
  g_autoptr(DabiaoTableWriter) writer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree int *item_columns = NULL;
  g_autofree const char **texts = NULL;
  g_autofree char *first_problem = NULL;
  g_autofree const DabiaoItemScore **by_index = NULL;
  g_autoptr(DabiaoScoreScratch) scratch = NULL;
  g_autofree const DabiaoItem **items = NULL;
  g_autofree OutputColumn *outputs = NULL;
  guint n_outputs = 0;
  g_autofree GroupCache *group_cache = g_new0 (GroupCache, 1);
  DabiaoScoreFileStats stats = { 0, };
  WhoColumns who;
  guint n_items = dabiao_standard_get_n_items (std);
  guint n_columns;
  gboolean weighted = dabiao_standard_get_shape (std) == DABIAO_SHAPE_WEIGHTED;

  g_return_val_if_fail (std != NULL && input != NULL && output != NULL, FALSE);

  reader = dabiao_table_reader_open (input, sheet, error);
  if (reader == NULL)
    return FALSE;
  n_columns = dabiao_table_reader_get_n_columns (reader);
  if (!find_who_columns (std, reader, test_date, &who, error))
    return FALSE;

  items = g_new0 (const DabiaoItem *, n_items);
  outputs = g_new0 (OutputColumn, 2 * n_items);
  item_columns = g_new0 (int, n_items);
  texts = g_new0 (const char *, n_items);
  by_index = g_new0 (const DabiaoItemScore *, n_items);
  scratch = dabiao_score_scratch_new (std);
  dabiao_score_scratch_accept_implausible (scratch, (flags & DABIAO_SCORE_FILE_ACCEPT_IMPLAUSIBLE) != 0);
  for (guint i = 0; i < n_items; i++)
    {
      const DabiaoItem *item = dabiao_standard_get_item (std, i);

      items[i] = item;
      item_columns[i] = dabiao_table_reader_find_column (reader, item->header);
      if (item_columns[i] < 0)
        item_columns[i] = dabiao_table_reader_find_column (reader, item->name);
      /* The item columns of the output, in order (as write_header()). */
      if (item->output_value)
        outputs[n_outputs++] = (OutputColumn) { i, FALSE };
      if (item->output_score)
        outputs[n_outputs++] = (OutputColumn) { i, TRUE };
    }

  writer = dabiao_table_writer_new (output, NULL, error);
  if (writer == NULL)
    return FALSE;
  write_header (std, reader, writer);
  if (!dabiao_table_writer_end_row (writer, error))
    return FALSE;

  while (dabiao_table_reader_next_row (reader, &local_error))
    {
      const DabiaoPersonScore *result = NULL;
      const DabiaoGroup *group;
      DabiaoSex sex = DABIAO_SEX_MALE;
      gboolean sex_ok;
      gboolean any_score = FALSE;

      stats.n_rows++;
      g_string_truncate (notes, 0);
      group = row_who (std, reader, &who, group_cache, &sex, &sex_ok, notes);

      for (guint c = 0; c < n_columns; c++)
        dabiao_table_writer_add_cell (writer, dabiao_table_reader_get_cell (reader, c));

      if (group != NULL && sex_ok)
        {
          for (guint i = 0; i < n_items; i++)
            texts[i] = item_columns[i] >= 0 ? dabiao_table_reader_get_cell (reader, item_columns[i])->text : NULL;
          result = dabiao_standard_score_texts_scratch (std, group, sex, texts, scratch);
          dabiao_notes_add (notes, result->notes);
        }

      if (write_row_scores (writer, items, n_items, outputs, n_outputs, by_index, weighted, result))
        any_score = TRUE;
      if (result != NULL && result->complete)
        stats.n_complete++;
      dabiao_table_writer_add_string (writer, notes->str);

      if (notes->len > 0)
        stats.n_with_notes++;
      if (!any_score)
        {
          stats.n_unscored++;
          /* Kept to say why, should no row at all be scored. */
          if (first_problem == NULL && notes->len > 0)
            first_problem = g_strdup_printf (_("%s row %u: %s"), dabiao_table_reader_get_name (reader),
                                             dabiao_table_reader_get_row (reader), notes->str);
        }

      if (!dabiao_table_writer_end_row (writer, error))
        return FALSE;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!(flags & DABIAO_SCORE_FILE_KEEP_UNSCORED) && !check_scored (reader, &who, &stats, first_problem, error))
    return FALSE;

  if (!dabiao_table_writer_close (writer, error))
    return FALSE;

  if (stats_out != NULL)
    *stats_out = stats;
  return TRUE;
}

typedef struct
{
  DabiaoStandard       *standard;
  char                 *input;
  char                 *sheet;
  char                 *output;
  char                 *test_date;
  DabiaoScoreFileStats  stats;
} ScoreFileData;

static void
score_file_data_free (gpointer data)
{
  ScoreFileData *d = data;

  dabiao_standard_unref (d->standard);
  g_free (d->input);
  g_free (d->sheet);
  g_free (d->output);
  g_free (d->test_date);
  g_free (d);
}

static void
score_file_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ScoreFileData *d = task_data;
  GError *error = NULL;

  if (dabiao_score_file_full (d->standard, d->input, d->sheet, d->output, d->test_date, &d->stats, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
dabiao_score_file_async (DabiaoStandard      *standard,
                         const char          *input,
                         const char          *sheet,
                         const char          *output,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  dabiao_score_file_full_async (standard, input, sheet, output, NULL, cancellable, callback, user_data);
}

void
dabiao_score_file_full_async (DabiaoStandard      *standard,
                              const char          *input,
                              const char          *sheet,
                              const char          *output,
                              const char          *test_date,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ScoreFileData *d = g_new0 (ScoreFileData, 1);

  d->standard = dabiao_standard_ref (standard);
  d->input = g_strdup (input);
  d->sheet = g_strdup (sheet);
  d->output = g_strdup (output);
  d->test_date = g_strdup (test_date);
  g_task_set_source_tag (task, dabiao_score_file_async);
  g_task_set_task_data (task, d, score_file_data_free);
  g_task_run_in_thread (task, score_file_thread);
}

gboolean
dabiao_score_file_finish (GAsyncResult          *result,
                          DabiaoScoreFileStats  *stats,
                          GError               **error)
{
  ScoreFileData *d;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  d = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (stats != NULL)
    *stats = d->stats;
  return TRUE;
}
