/* dabiao-output-event.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dabiao-error.h"
#include "dabiao-output-event.h"

char *
dabiao_output_event_dup_test_name (DabiaoEvent  *event,
                                   GError      **error)
{
  g_autoptr(DabiaoStandard) standard = dabiao_standard_load (dabiao_event_get_standard (event), error);
  const char *name;
  const char *paren;
  g_autofree char *base = NULL;

  if (standard == NULL)
    return NULL;
  /* 国民体质测定标准（2003） → 国民体质测定标准测试 */
  name = dabiao_standard_get_name (standard);
  paren = strstr (name, "（");
  base = paren != NULL ? g_strndup (name, paren - name) : g_strdup (name);
  return g_strconcat (base, "测试", NULL);
}

DabiaoCertificateTemplate *
dabiao_output_event_load_template (DabiaoEvent  *event,
                                   gboolean     *stored,
                                   GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = dabiao_event_get_setting (event, DABIAO_SETTING_CERTIFICATE_TEMPLATE, &local_error);
  g_autoptr(DabiaoCertificateTemplate) tmpl = NULL;

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
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("The certificate template stored in “%s” cannot be read (%s); give one with --template"),
                       dabiao_event_get_name (event), local_error->message);
          return NULL;
        }
      return g_steal_pointer (&tmpl);
    }

  tmpl = dabiao_certificate_template_new_default ();
  g_free (tmpl->test_name);
  tmpl->test_name = dabiao_output_event_dup_test_name (event, error);
  if (tmpl->test_name == NULL)
    return NULL;
  return g_steal_pointer (&tmpl);
}

gboolean
dabiao_output_event_store_template (DabiaoEvent                      *event,
                                    const DabiaoCertificateTemplate  *tmpl,
                                    GError                          **error)
{
  g_autofree char *json = dabiao_certificate_template_to_json (tmpl);

  return dabiao_event_set_setting (event, DABIAO_SETTING_CERTIFICATE_TEMPLATE, json, error);
}

/* ---- Certificates in the event ------------------------------------------ */

struct _DabiaoEventCertificateBook
{
  DabiaoEvent *event;
  char        *issued_by;
  GHashTable  *by_participant;  /* participant id → number */
  GHashTable  *numbers;         /* every number, as a set */
};

DabiaoEventCertificateBook *
dabiao_event_certificate_book_new (DabiaoEvent  *event,
                                   const char   *issued_by,
                                   GError      **error)
{
  g_autoptr(GPtrArray) certs = dabiao_event_list_certificates (event, error);
  DabiaoEventCertificateBook *book;
  guint i;

  if (certs == NULL)
    return NULL;

  book = g_new0 (DabiaoEventCertificateBook, 1);
  book->event = g_object_ref (event);
  book->issued_by = g_strdup (issued_by ? issued_by : "");
  book->by_participant = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  book->numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (i = 0; i < certs->len; i++)
    {
      const DabiaoCertificate *c = g_ptr_array_index (certs, i);

      g_hash_table_add (book->numbers, g_strdup (c->number));
      if (!g_hash_table_contains (book->by_participant, c->participant_id))
        g_hash_table_insert (book->by_participant, g_strdup (c->participant_id), g_strdup (c->number));
    }
  return book;
}

void
dabiao_event_certificate_book_free (DabiaoEventCertificateBook *book)
{
  if (book == NULL)
    return;
  g_object_unref (book->event);
  g_free (book->issued_by);
  g_hash_table_unref (book->by_participant);
  g_hash_table_unref (book->numbers);
  g_free (book);
}

gboolean
dabiao_event_certificate_book_issue (gpointer                   data,
                                     const DabiaoResultsPerson  *person,
                                     const char                *prefix,
                                     guint                      serial_digits,
                                     char                     **number,
                                     guint                     *reprint_count,
                                     GError                   **error)
{
  DabiaoEventCertificateBook *book = data;
  const char *existing = g_hash_table_lookup (book->by_participant, person->id);
  g_autoptr(DabiaoCertificate) stored = NULL;
  GHashTableIter iter;
  gpointer key;
  guint64 serial = 0;
  gsize prefix_len = strlen (prefix);
  g_autofree char *candidate = NULL;

  if (existing != NULL)
    {
      /* A reprint is the same number again; the event counts them, and
       * the page says 补发（第 N 次）. */
      if (!dabiao_event_record_reprint (book->event, existing, reprint_count, error))
        return FALSE;
      *number = g_strdup (existing);
      return TRUE;
    }

  g_hash_table_iter_init (&iter, book->numbers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *n = key;

      if (strlen (n) == prefix_len + serial_digits && strncmp (n, prefix, prefix_len) == 0)
        serial = MAX (serial, g_ascii_strtoull (n + prefix_len, NULL, 10));
    }
  candidate = g_strdup_printf ("%s%0*" G_GUINT64_FORMAT, prefix, (int) serial_digits, serial + 1);
  if (strlen (candidate) != prefix_len + serial_digits)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("Certificate numbers under %s are used up (%u digits); use more serial digits"),
                   prefix, serial_digits);
      return FALSE;
    }

  stored = dabiao_event_add_certificate (book->event, candidate, person->id,
                                         person->level ? person->level : "",
                                         person->has_total ? person->total_tenths / 10.0 : 0,
                                         book->issued_by, error);
  if (stored == NULL)
    return FALSE;

  g_hash_table_add (book->numbers, g_strdup (candidate));
  g_hash_table_insert (book->by_participant, g_strdup (person->id), g_strdup (candidate));
  *number = g_steal_pointer (&candidate);
  *reprint_count = 0;
  return TRUE;
}
