/* dabiao-certificate-issue.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dabiao-certificate-issue.h"
#include "dabiao-error.h"
#include "dabiao-event-certificates.h"
#include "dabiao-event-details.h"
#include "dabiao-table.h"

/* The event setting holding the organiser's current template. */
#define SETTING_TEMPLATE "certificate-template"

struct _DabiaoCertificateRun
{
  DabiaoEvent *event;
  GPtrArray   *prints;      /* DabiaoCertificatePrint */
  GArray      *changes;     /* DabiaoCertificateChange, strings in @strings */
  GStringChunk *strings;
  GHashTable  *templates;   /* hash → JSON of the templates new contents name */
  guint        n_new;
  guint        n_reprints;
  guint        n_reissues;
  guint        n_outdated;
  gboolean     committed;
};

void
dabiao_certificate_run_free (DabiaoCertificateRun *run)
{
  if (run == NULL)
    return;
  g_object_unref (run->event);
  g_ptr_array_unref (run->prints);
  g_array_unref (run->changes);
  g_string_chunk_free (run->strings);
  g_hash_table_unref (run->templates);
  g_free (run);
}

static char *
printed_date (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup ("");
  return g_strdup_printf ("%d年%d月%d日", y, m, d);
}

DabiaoCertificateTemplate *
dabiao_certificate_event_template (DabiaoEvent  *event,
                                   gboolean     *stored,
                                   GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = dabiao_event_get_setting (event, SETTING_TEMPLATE, &local_error);
  g_autofree char *standard = NULL;
  DabiaoCertificateTemplate *tmpl;
  gboolean students;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (stored != NULL)
    *stored = json != NULL;
  if (json != NULL)
    {
      tmpl = dabiao_certificate_template_from_json (json, &local_error);
      if (tmpl == NULL)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("The certificate template stored in “%s” cannot be read (%s); edit it again or give one with --template"),
                     dabiao_event_get_name (event), local_error->message);
      return tmpl;
    }

  /* Students are spoken to as 同学: a roster with 年级编号 (or, before
   * any roster, any standard but the 国民体质 one). */
  standard = dabiao_event_standard_name (dabiao_event_get_standard (event));
  students = g_strcmp0 (dabiao_event_get_standard (event), "natfit-2003") != 0;
  {
    g_autoptr(GPtrArray) first = dabiao_event_list_participants (event, NULL, 0, 1, NULL);

    if (first != NULL && first->len > 0)
      students = dabiao_participant_get_grade (g_ptr_array_index (first, 0)) > 0;
  }
  return dabiao_certificate_template_new_for_standard (standard != NULL ? standard
                                                       : dabiao_event_get_standard (event), students);
}

gboolean
dabiao_certificate_event_store_template (DabiaoEvent                      *event,
                                         const DabiaoCertificateTemplate  *tmpl,
                                         GError                          **error)
{
  g_autofree char *json = NULL;

  if (!dabiao_certificate_template_check (tmpl, error))
    return FALSE;
  json = dabiao_certificate_template_to_json (tmpl);
  return dabiao_event_set_setting (event, SETTING_TEMPLATE, json, error);
}

/* The template a certificate was printed with, from the event; @current
 * when it was not kept (certificates issued before templates were kept). */
static DabiaoCertificateTemplate *
issued_template (DabiaoEvent                     *event,
                 GHashTable                      *cache,
                 const char                      *hash,
                 const DabiaoCertificateTemplate *current,
                 GError                         **error)
{
  DabiaoCertificateTemplate *tmpl = g_hash_table_lookup (cache, hash);
  g_autofree char *key = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) local_error = NULL;

  if (tmpl != NULL)
    return tmpl;
  key = g_strconcat (DABIAO_SETTING_CERTIFICATE_TEMPLATE_PREFIX, hash, NULL);
  json = dabiao_event_get_setting (event, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  tmpl = json != NULL ? dabiao_certificate_template_from_json (json, &local_error)
                      : dabiao_certificate_template_copy (current);
  if (tmpl == NULL)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE, "%s (%s)", local_error->message, key);
      return NULL;
    }
  g_hash_table_insert (cache, g_strdup (hash), tmpl);
  return tmpl;
}

static void
add_change (DabiaoCertificateRun          *run,
            const DabiaoCertificateChange *change)
{
  DabiaoCertificateChange copy = *change;

#define KEEP(field) copy.field = change->field != NULL ? g_string_chunk_insert (run->strings, change->field) : NULL
  KEEP (number);
  KEEP (participant_id);
  KEEP (level);
  KEEP (issuer);
  KEEP (printed);
  KEEP (reissue_date);
#undef KEEP
  g_array_append_val (run->changes, copy);
}

/* What every certificate of a run shares: checked and set up once, before
 * any person's. */
typedef struct
{
  const DabiaoCertificateTemplate *tmpl;
  DabiaoCertificateTemplate *own;         /* the event's, when the request names none */
  DabiaoEventDetails *details;
  const char *min_level;
  char       *issuer;
  char       *today;
  const char *issue_date;
  char       *test_date;
  char       *prefix;
  char       *standard;                   /* its title, without the parenthesis */
  char       *template_hash;
  GHashTable *issued_templates;           /* hash → DabiaoCertificateTemplate */
  GPtrArray  *numbers;                    /* every number given, the new ones too */
  GBytes     *key;                        /* loaded with the first new certificate */
  char       *key_id;
} Issue;

static void
issue_clear (Issue *issue)
{
  g_clear_pointer (&issue->own, dabiao_certificate_template_free);
  g_clear_pointer (&issue->details, dabiao_event_details_free);
  g_free (issue->issuer);
  g_free (issue->today);
  g_free (issue->test_date);
  g_free (issue->prefix);
  g_free (issue->standard);
  g_free (issue->template_hash);
  g_clear_pointer (&issue->issued_templates, g_hash_table_unref);
  g_clear_pointer (&issue->numbers, g_ptr_array_unref);
  g_clear_pointer (&issue->key, g_bytes_unref);
  g_free (issue->key_id);
}

/* The template, the lowest level, the issuer, the dates, the number prefix
 * and the standard's title; FALSE (@error set) when one is missing or wrong. */
static gboolean
issue_init (Issue                          *issue,
            DabiaoEvent                    *event,
            const DabiaoCertificateRequest *request,
            GError                        **error)
{
  int year = request->year;
  g_autofree char *standard = NULL;
  const char *paren;

  issue->issued_templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) dabiao_certificate_template_free);
  issue->numbers = g_ptr_array_new ();
  if (request->tmpl != NULL)
    issue->tmpl = request->tmpl;
  else
    {
      issue->own = dabiao_certificate_event_template (event, NULL, error);
      if (issue->own == NULL)
        return FALSE;
      issue->tmpl = issue->own;
    }
  if (!dabiao_certificate_template_check (issue->tmpl, error))
    return FALSE;
  issue->min_level = request->min_level != NULL ? request->min_level : issue->tmpl->min_level;
  if (dabiao_output_level_rank (issue->min_level) == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” is not a level (优秀, 良好, 及格 or 一级…四级)"), issue->min_level);
      return FALSE;
    }

  issue->details = dabiao_event_get_details (event, error);
  if (issue->details == NULL)
    return FALSE;
  issue->issuer = g_strstrip (g_strdup (issue->tmpl->issuer != NULL && *issue->tmpl->issuer != '\0'
                                        ? issue->tmpl->issuer : issue->details->organizer));
  if (*issue->issuer == '\0')
    {
      g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                           _("Certificates need an issuer: enter the 主办单位 in the event's details (活动信息) first"));
      return FALSE;
    }

  if (request->issue_date != NULL)
    issue->issue_date = request->issue_date;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      issue->today = g_date_time_format (now, "%Y年%-m月%-d日");
      issue->issue_date = issue->today;
    }
  issue->test_date = printed_date (issue->details->date);
  if (year == 0 && sscanf (issue->details->date, "%d", &year) != 1)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      year = g_date_time_get_year (now);
    }
  issue->prefix = dabiao_certificate_prefix (issue->tmpl, year);
  standard = dabiao_event_standard_name (dabiao_event_get_standard (event));
  paren = standard != NULL ? strstr (standard, "（") : NULL;
  issue->standard = paren != NULL ? g_strndup (standard, paren - standard) : g_strdup (standard != NULL ? standard : "");
  issue->template_hash = dabiao_certificate_template_hash (issue->tmpl);
  return TRUE;
}

/* A certificate never printed (new, or issued before its content was
 * kept): its content fixed now — numbered after every number given (or
 * keeping @record's), signed — and planned as a change.  Takes @content. */
static DabiaoCertificateContent *
issue_content (DabiaoCertificateRun       *run,
               Issue                      *issue,
               const DabiaoResultsPerson  *person,
               DabiaoCertificateRecord    *record,
               DabiaoCertificateContent   *content,
               GError                    **error)
{
  g_autoptr(DabiaoCertificateContent) owned = content;
  g_autofree char *json = NULL;
  DabiaoCertificateChange change = { 0 };

  if (issue->key == NULL)
    {
      issue->key = dabiao_certificate_key_load (TRUE, error);
      if (issue->key == NULL)
        return NULL;
      issue->key_id = dabiao_certificate_key_id (issue->key);
    }
  g_free (content->number);
  if (record != NULL)
    content->number = g_strdup (record->number);
  else
    {
      content->number = dabiao_certificate_next_number (issue->prefix, issue->tmpl->serial_digits,
                                                        (const char * const *) issue->numbers->pdata,
                                                        issue->numbers->len, error);
      if (content->number == NULL)
        return NULL;
      g_ptr_array_add (issue->numbers, g_string_chunk_insert (run->strings, content->number));
    }
#define SET(field, value) g_free (content->field), content->field = g_strdup (value)
  SET (test_name, issue->details->name);
  SET (test_date, issue->test_date);
  SET (standard, issue->standard);
  SET (issuer, issue->issuer);
  SET (issue_date, record != NULL && record->issued_at > 0 ? NULL : issue->issue_date);
  SET (template_hash, issue->template_hash);
  SET (key_id, issue->key_id);
#undef SET
  if (content->issue_date == NULL)
    {
      /* An older certificate keeps the day it was issued. */
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (record->issued_at / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      content->issue_date = g_date_time_format (local, "%Y年%-m月%-d日");
    }
  g_free (content->code);
  content->code = dabiao_certificate_code (issue->key, content);
  if (!g_hash_table_contains (run->templates, issue->template_hash))
    g_hash_table_insert (run->templates, g_strdup (issue->template_hash),
                         dabiao_certificate_template_to_json (issue->tmpl));
  json = dabiao_certificate_content_to_json (content);
  change = (DabiaoCertificateChange) {
    .kind = record != NULL ? DABIAO_CERTIFICATE_CHANGE_FILL : DABIAO_CERTIFICATE_CHANGE_ISSUE,
    .number = content->number, .participant_id = person->id, .level = person->level,
    .has_total = person->has_total, .total = person->total_tenths / 10.0, .issuer = content->issuer,
    .printed = json,
  };
  add_change (run, &change);
  if (record == NULL)
    run->n_new++;
  return g_steal_pointer (&owned);
}

DabiaoCertificateRun *
dabiao_certificate_run_new (DabiaoEvent                    *event,
                            GPtrArray                      *persons,
                            const DabiaoCertificateRequest *request,
                            GError                        **error)
{
  g_autoptr(DabiaoCertificateRun) run = g_new0 (DabiaoCertificateRun, 1);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) by_participant = g_hash_table_new (g_str_hash, g_str_equal);
  Issue issue = { 0 };
  guint n_total = 0;

  run->event = g_object_ref (event);
  run->prints = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_certificate_print_free);
  run->changes = g_array_new (FALSE, TRUE, sizeof (DabiaoCertificateChange));
  run->strings = g_string_chunk_new (4096);
  run->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!issue_init (&issue, event, request, error)
      || (records = dabiao_event_list_certificate_records (event, error)) == NULL)
    {
      issue_clear (&issue);
      return NULL;
    }
  for (guint i = 0; i < records->len; i++)
    {
      DabiaoCertificateRecord *record = g_ptr_array_index (records, i);

      g_ptr_array_add (issue.numbers, record->number);
      if (!g_hash_table_contains (by_participant, record->participant_id))
        g_hash_table_insert (by_participant, record->participant_id, record);
    }

  for (guint i = 0; i < persons->len; i++)
    {
      const DabiaoResultsPerson *person = g_ptr_array_index (persons, i);
      DabiaoCertificateRecord *record;
      g_autoptr(DabiaoCertificateContent) content = NULL;
      g_autoptr(DabiaoCertificateContent) now = NULL;
      const DabiaoCertificateTemplate *print_tmpl = issue.tmpl;
      guint reissues = 0;
      const char *reissue_date = NULL;

      if (person->has_total)
        n_total++;
      if (!dabiao_certificate_eligible (issue.min_level, person))
        continue;
      now = dabiao_certificate_content_new_for_person (person);
      record = person->id != NULL ? g_hash_table_lookup (by_participant, person->id) : NULL;

      if (record != NULL && *record->printed != '\0')
        {
          /* Printed before: exactly the same again. */
          DabiaoCertificateTemplate *issued;

          content = dabiao_certificate_content_from_json (record->printed, error);
          issued = content != NULL ? issued_template (event, issue.issued_templates, content->template_hash,
                                                      issue.tmpl, error) : NULL;
          if (issued == NULL)
            {
              issue_clear (&issue);
              return NULL;
            }
          /* The same certificate, on the paper printed on now (the
           * paper is not part of what was issued). */
          issued->paper = issue.tmpl->paper;
          print_tmpl = issued;
          if (!g_str_equal (content->level, now->level) || !g_str_equal (content->total, now->total))
            run->n_outdated++;
        }
      else if ((content = issue_content (run, &issue, person, record, g_steal_pointer (&now), error)) == NULL)
        {
          issue_clear (&issue);
          return NULL;
        }

      if (record != NULL)
        {
          reissues = record->reissues;
          reissue_date = record->reissue_date;
          if (request->reissue)
            {
              DabiaoCertificateChange change = {
                .kind = DABIAO_CERTIFICATE_CHANGE_REISSUE, .number = content->number, .reissue_date = issue.issue_date,
              };

              add_change (run, &change);
              reissues++;
              reissue_date = issue.issue_date;
              run->n_reissues++;
            }
          else
            run->n_reprints++;
        }
      g_ptr_array_add (run->prints, dabiao_certificate_print_new (content, print_tmpl, reissues, reissue_date));
    }

  if (run->prints->len == 0 && n_total == 0)
    {
      /* Not "nobody passed" (trial 11c #2: some had passed their items):
       * a level needs every item, and nobody has them all yet. */
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Nobody here has a total score and level yet — they come when every item is measured (or exempt): no certificate to print"));
      issue_clear (&issue);
      return NULL;
    }
  if (run->prints->len == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Nobody here has reached %s: no certificate to print"), issue.min_level);
      issue_clear (&issue);
      return NULL;
    }
  issue_clear (&issue);
  return g_steal_pointer (&run);
}

DabiaoPages *
dabiao_certificate_run_get_pages (DabiaoCertificateRun *run)
{
  return dabiao_certificates_pages_new (run->prints);
}

void
dabiao_certificate_run_get_counts (DabiaoCertificateRun *run,
                                   guint                *n_new,
                                   guint                *n_reprints,
                                   guint                *n_reissues,
                                   guint                *n_outdated)
{
  if (n_new != NULL)
    *n_new = run->n_new;
  if (n_reprints != NULL)
    *n_reprints = run->n_reprints;
  if (n_reissues != NULL)
    *n_reissues = run->n_reissues;
  if (n_outdated != NULL)
    *n_outdated = run->n_outdated;
}

GPtrArray *
dabiao_certificate_run_get_prints (DabiaoCertificateRun *run)
{
  return run->prints;
}

gboolean
dabiao_certificate_run_commit (DabiaoCertificateRun  *run,
                               GError               **error)
{
  g_return_val_if_fail (!run->committed, FALSE);

  if (!dabiao_event_record_certificates (run->event, (DabiaoCertificateChange *) run->changes->data,
                                         run->changes->len, run->templates, error))
    return FALSE;
  run->committed = TRUE;
  return TRUE;
}

/* ---- Verify and register -------------------------------------------------- */

gboolean
dabiao_certificate_verify (DabiaoEvent                *event,
                           const char                 *number,
                           const char                 *code,
                           DabiaoCertificateVerdict   *verdict,
                           DabiaoCertificateContent  **content_out,
                           GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(DabiaoCertificateRecord) record = NULL;
  g_autoptr(DabiaoCertificateContent) content = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *given = g_ascii_strup (code, -1);

  record = dabiao_event_find_certificate (event, number, &local_error);
  if (record == NULL)
    {
      if (!g_error_matches (local_error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *verdict = DABIAO_CERTIFICATE_UNKNOWN_NUMBER;
      return TRUE;
    }
  if (*record->printed == '\0')
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                   _("Certificate %s was issued before check codes were kept; print it again once to give it one"),
                   number);
      return FALSE;
    }
  content = dabiao_certificate_content_from_json (record->printed, error);
  if (content == NULL)
    return FALSE;
  key = dabiao_certificate_key_load (FALSE, &local_error);
  if (key != NULL)
    key_id = dabiao_certificate_key_id (key);
  if (key == NULL || g_strcmp0 (key_id, content->key_id) != 0)
    *verdict = DABIAO_CERTIFICATE_OTHER_KEY;
  else
    {
      /* The stored code is the printed one; recompute it from the content
       * so that an edited register does not pass either. */
      expected = dabiao_certificate_code (key, content);
      /* Spaces and dashes a person types in are not part of the code. */
      {
        GString *clean = g_string_new (NULL);

        for (const char *p = given; *p != '\0'; p++)
          if (*p != ' ' && *p != '-')
            g_string_append_c (clean, *p);
        g_free (given);
        given = g_string_free (clean, FALSE);
      }
      *verdict = g_str_equal (expected, given) && g_str_equal (expected, content->code)
                 ? DABIAO_CERTIFICATE_GENUINE : DABIAO_CERTIFICATE_WRONG_CODE;
    }
  if (content_out != NULL)
    *content_out = g_steal_pointer (&content);
  return TRUE;
}

gboolean
dabiao_certificate_write_register (DabiaoEvent  *event,
                                   const char   *path,
                                   guint        *n_rows,
                                   GError      **error)
{
  static const char * const header[] = {
    "证书编号", "姓名", "学校/单位", "等级", "总分", "发证日期", "校验码", "补发次数", "补发日期",
  };
  g_autoptr(GPtrArray) records = dabiao_event_list_certificate_records (event, error);
  g_autoptr(DabiaoTableWriter) writer = NULL;
  guint rows = 0;

  if (records == NULL)
    return FALSE;
  writer = dabiao_table_writer_new (path, "证书", error);
  if (writer == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    dabiao_table_writer_add_string (writer, header[i]);
  if (!dabiao_table_writer_end_row (writer, error))
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      const DabiaoCertificateRecord *record = g_ptr_array_index (records, i);
      g_autoptr(DabiaoCertificateContent) content = NULL;

      if (*record->printed != '\0')
        {
          content = dabiao_certificate_content_from_json (record->printed, error);
          if (content == NULL)
            return FALSE;
        }
      dabiao_table_writer_add_string (writer, record->number);
      dabiao_table_writer_add_string (writer, content != NULL ? content->name : "");
      dabiao_table_writer_add_string (writer, content != NULL ? content->school : "");
      dabiao_table_writer_add_string (writer, content != NULL ? content->level : record->level);
      dabiao_table_writer_add_string (writer, content != NULL ? content->total : "");
      dabiao_table_writer_add_string (writer, content != NULL ? content->issue_date : "");
      dabiao_table_writer_add_string (writer, content != NULL ? content->code : "");
      dabiao_table_writer_add_fixed (writer, record->reissues, 0);
      dabiao_table_writer_add_string (writer, record->reissue_date);
      if (!dabiao_table_writer_end_row (writer, error))
        return FALSE;
      rows++;
    }
  if (!dabiao_table_writer_close (writer, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = rows;
  return TRUE;
}
