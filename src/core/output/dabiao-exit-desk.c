/* dabiao-exit-desk.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-certificate-issue.h"
#include "dabiao-event-certificates.h"
#include "dabiao-event-details.h"
#include "dabiao-event-register.h"
#include "dabiao-exit-desk.h"
#include "dabiao-output.h"

static void
entry_free (DabiaoExitEntry *entry)
{
  dabiao_results_person_free (entry->person);
  g_free (entry->missing);
  g_free (entry->certificate);
  g_free (entry);
}

void
dabiao_exit_desk_free (DabiaoExitDesk *desk)
{
  if (desk == NULL)
    return;
  g_ptr_array_unref (desk->entries);
  g_clear_pointer (&desk->merged, g_hash_table_unref);
  g_free (desk->min_level);
  g_free (desk);
}

static void
add_missing (GString    *text,
             GHashTable *named,
             const char *name,
             const char *special)
{
  if (!g_hash_table_add (named, (gpointer) name))
    return;
  if (text->len > 0)
    g_string_append (text, "、");
  g_string_append (text, name);
  if (special != NULL)
    g_string_append_printf (text, "（%s）", special);
}

/* The items that apply to the person and have neither a value nor an
 * exemption (缺测 recorded, or not measured yet); for a derived item still
 * without a value, the measured items it reads that have none (身高 for an
 * adult's 身高标准体重: never listed, as it is scored for children only,
 * findings-15d #11). */
static char *
missing_items (const DabiaoResultsPerson *person)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GHashTable) named = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < person->results->len; i++)
    {
      const DabiaoResultsItem *r = g_ptr_array_index (person->results, i);

      if (r->derived && r->applies && !r->has_value && r->item != NULL && person->standard != NULL)
        {
          const char * const *inputs = dabiao_formula_inputs (r->item->formula);

          for (guint k = 0; inputs[k] != NULL; k++)
            {
              const DabiaoItem *input = dabiao_standard_lookup_item (person->standard, inputs[k]);
              const DabiaoResultsItem *measured = NULL;

              for (guint j = 0; input != NULL && j < person->results->len && measured == NULL; j++)
                if (((const DabiaoResultsItem *) g_ptr_array_index (person->results, j))->item == input)
                  measured = g_ptr_array_index (person->results, j);
              if (input != NULL && (measured == NULL || (!measured->has_value
                                                         && g_strcmp0 (measured->special, "免测") != 0)))
                add_missing (text, named, input->name, measured != NULL ? measured->special : NULL);
            }
          continue;
        }
      if (!r->applies || r->derived || r->has_value || g_strcmp0 (r->special, "免测") == 0)
        continue;
      add_missing (text, named, r->name, r->special);
    }
  return g_string_free (text, FALSE);
}

/* Empty or only spaces (what g_strstrip() leaves empty). */
static gboolean
is_blank (const char *text)
{
  while (text != NULL && g_ascii_isspace (*text))
    text++;
  return text == NULL || *text == '\0';
}

DabiaoExitDesk *
dabiao_exit_desk_load (DabiaoEvent  *event,
                       GError      **error)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = NULL;
  g_autoptr(DabiaoEventDetails) details = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) issued = NULL;
  g_autoptr(GHashTable) merged = NULL;
  DabiaoExitDesk *desk;

  g_return_val_if_fail (DABIAO_IS_EVENT (event), NULL);

  tmpl = dabiao_certificate_event_template (event, NULL, error);
  if (tmpl == NULL)
    return NULL;
  details = dabiao_event_get_details (event, error);
  if (details == NULL)
    return NULL;
  persons = dabiao_results_load_event (event, NULL, error);
  if (persons == NULL)
    return NULL;
  records = dabiao_event_list_certificate_records (event, error);
  if (records == NULL)
    return NULL;
  merged = dabiao_event_list_merged_ids (event, error);
  if (merged == NULL)
    return NULL;
  issued = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < records->len; i++)
    {
      DabiaoCertificateRecord *record = g_ptr_array_index (records, i);

      g_hash_table_insert (issued, record->participant_id, record);
    }

  desk = g_new0 (DabiaoExitDesk, 1);
  desk->min_level = g_strdup (tmpl->min_level);
  desk->merged = g_steal_pointer (&merged);
  /* As dabiao_certificate_issue_prepare() decides it. */
  desk->no_issuer = is_blank (tmpl->issuer) && is_blank (details->organizer);
  desk->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  /* The persons move into the entries. */
  g_ptr_array_set_free_func (persons, NULL);
  for (guint i = 0; i < persons->len; i++)
    {
      DabiaoExitEntry *entry = g_new0 (DabiaoExitEntry, 1);
      DabiaoCertificateRecord *record;

      entry->person = g_ptr_array_index (persons, i);
      entry->missing = missing_items (entry->person);
      record = g_hash_table_lookup (issued, entry->person->id);
      if (record != NULL)
        {
          entry->state = DABIAO_EXIT_ISSUED;
          entry->certificate = g_strdup (record->number);
          entry->reissues = record->reissues;
        }
      else if (entry->person->exempt)
        entry->state = DABIAO_EXIT_EXEMPT;
      else if (dabiao_certificate_eligible (desk->min_level, entry->person))
        entry->state = DABIAO_EXIT_PENDING;
      else if (entry->person->has_total && entry->person->level != NULL)
        entry->state = DABIAO_EXIT_BELOW_LEVEL;
      else
        entry->state = DABIAO_EXIT_NOT_FINISHED;
      g_ptr_array_add (desk->entries, entry);
    }
  return desk;
}

const DabiaoExitEntry *
dabiao_exit_desk_find (const DabiaoExitDesk *desk,
                       const char           *id)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (desk != NULL, NULL);

  if (id == NULL)
    return NULL;
  /* A scanner or a person may add spaces or type a lower-case letter. */
  wanted = g_ascii_strup (id, -1);
  g_strstrip (wanted);
  for (guint i = 0; i < desk->entries->len; i++)
    {
      const DabiaoExitEntry *entry = g_ptr_array_index (desk->entries, i);

      if (g_ascii_strcasecmp (entry->person->id, wanted) == 0)
        return entry;
    }
  return NULL;
}

const DabiaoExitEntry *
dabiao_exit_desk_find_merged (const DabiaoExitDesk *desk,
                              const char           *id)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (desk != NULL, NULL);

  if (id == NULL || desk->merged == NULL || dabiao_exit_desk_find (desk, id) != NULL)
    return NULL;
  wanted = g_strstrip (g_ascii_strup (id, -1));
  return dabiao_exit_desk_find (desk, g_hash_table_lookup (desk->merged, wanted));
}

GPtrArray *
dabiao_exit_desk_pending (const DabiaoExitDesk *desk)
{
  GPtrArray *pending = g_ptr_array_new ();

  g_return_val_if_fail (desk != NULL, pending);

  for (guint i = 0; i < desk->entries->len; i++)
    {
      DabiaoExitEntry *entry = g_ptr_array_index (desk->entries, i);

      if (entry->state == DABIAO_EXIT_PENDING)
        g_ptr_array_add (pending, entry);
    }
  return pending;
}

char *
dabiao_exit_entry_describe (const DabiaoExitEntry *entry,
                            const char            *min_level)
{
  const DabiaoResultsPerson *p = entry->person;

  switch (entry->state)
    {
    case DABIAO_EXIT_ISSUED:
      if (entry->reissues > 0)
        /* Translators: %s the level, %s the certificate number, %u how often it was reissued (补发) */
        return g_strdup_printf (_("%s — certificate %s issued (reissued %u times)"), p->level != NULL ? p->level : "",
                                entry->certificate, entry->reissues);
      /* Translators: %s the level, %s the certificate number */
      return g_strdup_printf (_("%s — certificate %s issued"), p->level != NULL ? p->level : "", entry->certificate);
    case DABIAO_EXIT_PENDING:
      /* Translators: %s the level reached */
      return g_strdup_printf (_("%s — the certificate is due"), p->level);
    case DABIAO_EXIT_BELOW_LEVEL:
      /* Translators: %s the level reached, %s the lowest level that earns a certificate */
      return g_strdup_printf (_("%s — below %s: no certificate"), p->level, min_level);
    case DABIAO_EXIT_EXEMPT:
      return g_strdup (_("Exempt from the test (免测): no certificate"));
    case DABIAO_EXIT_NOT_FINISHED:
    default:
      /* Outside every group, or in a part the event does not test: the
       * reason first, whatever is still missing. */
      if (p->problem != NULL && !p->has_total)
        /* Translators: %s says why the person cannot be scored */
        return g_strdup_printf (_("No certificate: %s"), p->problem);
      if (entry->missing[0] != '\0')
        /* Translators: %s lists the items without a result */
        return g_strdup_printf (_("Not finished: still missing %s"), entry->missing);
      if (p->problem != NULL)
        /* Translators: %s says why the person cannot be scored */
        return g_strdup_printf (_("Cannot be scored: %s"), p->problem);
      return g_strdup_printf (_("Not finished: %s"), p->notes);
    }
}

DabiaoExportRequest *
dabiao_exit_desk_request_new (const char *id,
                              const char *output,
                              gboolean    reissue)
{
  DabiaoExportRequest *request = dabiao_export_request_new (DABIAO_EXPORT_CERTIFICATES, output);
  const char *ids[] = { id, NULL };

  request->participants = g_strdupv ((char **) ids);
  request->reissue = reissue;
  return request;
}
