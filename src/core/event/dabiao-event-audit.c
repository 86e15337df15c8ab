/* dabiao-event-audit.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"
#include "dabiao-event-private.h"

/* The audit trail: listing its entries. */

/* ---- Audit and certificates ------------------------------------------- */

void
dabiao_audit_entry_free (DabiaoAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->uuid);
  g_free (entry->station);
  g_free (entry->operator_name);
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry);
}

static gpointer
read_audit_entry (sqlite3_stmt *stmt)
{
  DabiaoAuditEntry *entry = g_new0 (DabiaoAuditEntry, 1);

  entry->uuid = g_strdup (_dabiao_event_column_str (stmt, 0));
  entry->time = sqlite3_column_int64 (stmt, 1);
  entry->station = g_strdup (_dabiao_event_column_str (stmt, 2));
  entry->operator_name = g_strdup (_dabiao_event_column_str (stmt, 3));
  entry->action = g_strdup (_dabiao_event_column_str (stmt, 4));
  entry->detail = g_strdup (_dabiao_event_column_str (stmt, 5));
  return entry;
}

GPtrArray *
dabiao_event_list_audit (DabiaoEvent  *self,
                         guint         offset,
                         guint         limit,
                         GError      **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (DABIAO_IS_EVENT (self), NULL);

  sql = g_strdup_printf ("SELECT uuid, time, station, operator, action, detail FROM audit"
                         " ORDER BY time DESC, uuid LIMIT %d OFFSET %u",
                         limit == 0 || limit > G_MAXINT ? -1 : (int) limit, offset);
  return _dabiao_event_read_rows (self, sql, NULL, read_audit_entry,
                                  (GDestroyNotify) dabiao_audit_entry_free, error);
}

char *
dabiao_audit_entry_describe (const DabiaoAuditEntry *entry,
                             GPtrArray              *items)
{
  const char *detail = entry->detail != NULL ? entry->detail : "";
  const char *action = entry->action != NULL ? entry->action : "";
  char name[512];
  guint a = 0, b = 0, c = 0, d = 0;
  int n = 0;

  if (g_str_equal (action, "participants") && sscanf (detail, "+%u ~%u%n", &a, &b, &n) == 2 && detail[n] == '\0')
    /* Translators: participants added or changed in the app/CLI */
    return g_strdup_printf (_("Roster edited: %u added, %u changed"), a, b);
  if (g_str_equal (action, "roster-import"))
    {
      const char *colon = g_strrstr (detail, ": ");

      if (colon != NULL && sscanf (colon, ": %u rows, +%u ~%u%n", &a, &b, &c, &n) == 3 && colon[n] == '\0')
        {
          g_autofree char *file = g_strndup (detail, colon - detail);

          /* Translators: file, rows read, participants added, changed */
          return g_strdup_printf (_("Roster imported from %s: %u rows, %u added, %u changed"), file, a, b, c);
        }
    }
  if (g_str_equal (action, "merge"))
    {
      const char *colon = g_strrstr (detail, ": +");

      if (colon != NULL
          && sscanf (colon, ": +%u measurements, +%u participants, +%u certificates, %u roster differences%n",
                     &a, &b, &c, &d, &n) == 4 && colon[n] == '\0')
        {
          g_autofree char *file = g_strndup (detail, colon - detail);

          return g_strdup_printf (_("Merged %s: %u measurements, %u participants, %u certificates added; %u roster differences"),
                                  file, a, b, c, d);
        }
    }
  if (g_str_equal (action, "migrate") && sscanf (detail, "schema %u → %u%n", &a, &b, &n) == 2 && detail[n] == '\0')
    return g_strdup_printf (_("File format updated (version %u to %u)"), a, b);
  if (g_str_equal (action, "setting") && g_str_has_prefix (detail, "stations = "))
    return g_strdup (_("Stations changed"));
  if (g_str_equal (action, "setting") && sscanf (detail, "attempts.%511[^ ] = %u%n", name, &a, &n) == 2)
    {
      const DabiaoEventItem *item = NULL;

      for (guint i = 0; items != NULL && i < items->len && item == NULL; i++)
        {
          const DabiaoEventItem *it = g_ptr_array_index (items, i);

          if (g_str_equal (it->code, name) || g_str_equal (it->name, name))
            item = it;
        }

      return g_strdup_printf (_("Attempts at %s set to %u"), item != NULL ? item->name : name, a);
    }
  if (g_str_equal (action, "register") && sscanf (detail, "+%511s %n", name, &n) == 1 && detail[n] != '\0')
    /* Translators: a walk-in's 编号 and the registration desk's code */
    return g_strdup_printf (_("Registered %s at desk %s"), name, detail + n);
  if (g_str_equal (action, "setting") && g_str_has_prefix (detail, "parts = "))
    /* Translators: the age groups an adults' event tests, e.g. 成年甲组、成年乙组 */
    return g_strdup_printf (_("Age groups tested set to %s"), detail + strlen ("parts = "));
  if (g_str_equal (action, "setting") && g_str_has_prefix (detail, "certificate-template = "))
    return g_strdup (_("Certificate template changed"));
  if (g_str_equal (action, "full-id"))
    {
      /* "roster page: REASON", or the file written whole. */
      if (g_str_has_prefix (detail, "roster page: "))
        /* Translators: %s is the reason the person gave */
        return g_strdup_printf (_("Full identity numbers shown on the roster page · reason: %s"),
                                detail + strlen ("roster page: "));
      /* Translators: %s is where (a page, or the file written) */
      return g_strdup_printf (_("Full identity numbers shown or written · %s"), detail);
    }
  if (g_str_equal (action, "create"))
    {
      /* "NAME (STANDARD-ID, DATE)": the id is for programs; name and date. */
      const char *open = g_strrstr (detail, " (");
      const char *comma = open != NULL ? g_strrstr (open, ", ") : NULL;

      if (open != NULL && comma != NULL && g_str_has_suffix (detail, ")"))
        {
          g_autofree char *event = g_strndup (detail, open - detail);
          g_autofree char *date = g_strndup (comma + 2, strlen (comma + 2) - 1);

          /* Translators: event created: its name and date */
          return g_strdup_printf (_("Event created: %s, %s"), event, date);
        }
    }
  (void) n;

  {
    static const struct { const char *action; const char *label; } labels[] = {
      { "create", N_("Event created") },
      { "roster-import", N_("Roster imported") },
      { "participants", N_("Roster edited") },
      { "void", N_("Measurement voided") },
      { "merge", N_("Station merged") },
      { "set-attempts", N_("Attempts changed") },
      { "certificate", N_("Certificate issued") },
      { "reprint", N_("Certificate reprinted") },
      { "register", N_("Walk-in registered") },
      { "setting", N_("Setting changed") },
      { "details", N_("Event details changed") },
      { "migrate", N_("File format updated") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      if (g_str_equal (action, labels[i].action))
        return detail[0] != '\0' ? g_strdup_printf ("%s · %s", _(labels[i].label), detail)
                                 : g_strdup (_(labels[i].label));
  }
  return detail[0] != '\0' ? g_strdup_printf ("%s · %s", action, detail) : g_strdup (action);
}
