/* dabiao-window-results.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dabiao-error.h"

#include "dabiao-file-chooser.h"
#include "dabiao-instrument.h"
#include "dabiao-new-event-dialog.h"
#include "dabiao-results.h"
#include "dabiao-preferences-window.h"
#include "dabiao-print.h"
#include "dabiao-record-card.h"
#include "dabiao-results-page.h"
#include "dabiao-roster-model.h"
#include "dabiao-roster-page.h"
#include "dabiao-session.h"
#include "dabiao-start-page.h"
#include "dabiao-station-page.h"
#include "dabiao-results-stats.h"
#include "dabiao-window-private.h"

/* The results page's wiring: the summary (refreshed at most twice a second),
 * one participant's results, voiding a measurement. */

/* What an audit entry's action is called on the results page. */
static const char *
audit_action_label (const char *action)
{
  static const struct { const char *action; const char *label; } labels[] = {
    { "create", N_("Event created") },
    { "roster-import", N_("Roster imported") },
    { "void", N_("Measurement voided") },
    { "merge", N_("Station merged") },
    { "set-attempts", N_("Attempts changed") },
    { "certificate", N_("Certificate issued") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (action, labels[i].action) == 0)
      return _(labels[i].label);
  return action != NULL ? action : "";
}

static void
summary_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoOverview) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = dabiao_session_summarize_finish (DABIAO_SESSION (source), result, &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_add_toast (self, error->message);
      return;
    }

  dabiao_results_page_set_totals (self->results_page, summary->participants, summary->complete,
                                  summary->measurements, summary->pass_rate);
  dabiao_results_page_set_progress (self->results_page, (const char * const *) summary->item_names,
                                    summary->item_done, summary->participants);
  {
    g_autofree char *pass_label = summary->levels != NULL && summary->levels[0] != NULL
                                  ? dabiao_results_pass_label ((const char * const *) summary->levels) : NULL;

    dabiao_results_page_set_kind (self->results_page, summary->by_age, summary->item_levels, pass_label);
  }
  dabiao_results_page_set_distribution (self->results_page, (const char * const *) summary->groups,
                                        (const char * const *) summary->levels, summary->distribution);
  dabiao_results_page_set_pass_rates (self->results_page, (const char * const *) summary->pass_items,
                                      summary->pass_rates);

  dabiao_results_page_set_class_progress (self->results_page, (const char * const *) summary->classes,
                                          summary->class_total, summary->class_complete);
  dabiao_results_page_clear_audit (self->results_page);
  for (guint i = 0; i < summary->audit->len; i++)
    {
      const DabiaoAuditEntry *entry = g_ptr_array_index (summary->audit, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (entry->time / G_USEC_PER_SEC);
      g_autofree char *time = when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *station = entry->station != NULL && entry->station[0] != '\0' ? entry->station : NULL;
      const char *op = entry->operator_name != NULL && entry->operator_name[0] != '\0' ? entry->operator_name : NULL;

      title = g_strdup_printf ("%s%s%s", audit_action_label (entry->action),
                               entry->detail != NULL && entry->detail[0] != '\0' ? " · " : "",
                               entry->detail != NULL ? entry->detail : "");
      subtitle = g_strdup_printf ("%s%s%s%s%s", time,
                                  station != NULL ? " · " : "", station != NULL ? station : "",
                                  op != NULL ? " · " : "", op != NULL ? op : "");
      dabiao_results_page_add_audit (self->results_page, title, subtitle);
    }

  dabiao_results_page_clear_history (self->results_page);
  for (guint i = 0; i < summary->recent->len; i++)
    {
      DabiaoMeasurement *m = g_ptr_array_index (summary->recent, i);
      const char *pid = dabiao_measurement_get_participant_id (m);
      const char *name = g_hash_table_lookup (summary->names, pid);
      const DabiaoEventItem *item = dabiao_session_find_item (self->session, dabiao_measurement_get_item (m));
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (dabiao_measurement_get_measured_at (m) / G_USEC_PER_SEC);
      g_autofree char *time = when != NULL ? g_date_time_format (when, "%H:%M:%S") : g_strdup ("");
      g_autofree char *shown = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      DabiaoSpecial special = dabiao_measurement_get_special (m);
      const char *reason = dabiao_measurement_get_reason (m);

      if (special == DABIAO_SPECIAL_VOID)
        shown = g_strdup (dabiao_special_to_string (special));
      else if (dabiao_measurement_has_value (m))
        shown = g_strdup_printf ("%.*f %s",
                                  dabiao_session_get_decimals (self->session, dabiao_measurement_get_item (m)),
                                  dabiao_measurement_get_value (m), dabiao_measurement_get_unit (m));
      else
        shown = g_strdup (dabiao_special_to_string (special));

      title = g_strdup_printf ("%s · %s · %s", name != NULL ? name : pid,
                               item != NULL ? item->name : dabiao_measurement_get_item (m), shown);
      /* Translators: time · attempt · source (手工/仪器) */
      subtitle = g_strdup_printf (_("%s · attempt %u · %s%s%s"), time,
                                  dabiao_measurement_get_attempt (m),
                                  dabiao_source_to_string (dabiao_measurement_get_source (m)),
                                  reason != NULL && reason[0] != '\0' ? " · " : "",
                                  reason != NULL ? reason : "");
      dabiao_results_page_add_history (self->results_page, dabiao_measurement_get_uuid (m), title, subtitle,
                                       special == DABIAO_SPECIAL_VOID || dabiao_measurement_get_voided_by (m) != NULL);
    }
}

gboolean
_dabiao_window_refresh_summary_now_cb (gpointer data)
{
  DabiaoWindow *self = data;

  self->summary_source = 0;
  if (self->session != NULL)
    dabiao_session_summarize_async (self->session, self->cancellable, summary_ready_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* Results are recomputed at most twice a second, not per keystroke. */
void
_dabiao_window_refresh_summary (DabiaoWindow *self)
{
  if (self->summary_source == 0)
    self->summary_source = g_timeout_add (500, _dabiao_window_refresh_summary_now_cb, self);
}

/* ---- one participant's results ---------------------------------------------- */

static void
person_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoPersonView) person = NULL;
  g_autoptr(GError) error = NULL;

  person = dabiao_session_person_finish (DABIAO_SESSION (source), result, &error);
  if (person == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_add_toast (self, error->message);
      return;
    }
  g_ptr_array_add (person->items, NULL);
  g_ptr_array_add (person->values, NULL);
  g_ptr_array_add (person->scores, NULL);
  dabiao_results_page_show_person (self->results_page, person->name,
                                   (const char * const *) person->items->pdata,
                                   (const char * const *) person->values->pdata,
                                   (const char * const *) person->scores->pdata,
                                   person->total, person->notes);
}

void
_dabiao_window_person_cb (DabiaoWindow *self,
                          const char   *id)
{
  if (self->session != NULL)
    dabiao_session_person_async (self->session, id, self->cancellable, person_ready_cb, g_object_ref (self));
}

/* ---- void ------------------------------------------------------------------ */

static void
void_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dabiao_session_void_finish (DABIAO_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, _("Could not Void the Measurement"), error);
      return;
    }
  dabiao_window_add_toast (self, _("Measurement voided; the audit trail keeps it."));
  _dabiao_window_refresh_summary_now_cb (self);
  _dabiao_window_sync_poke (self);
}

void
_dabiao_window_void_cb (DabiaoWindow *self,
                        const char   *uuid,
                        const char   *reason)
{
  if (self->session != NULL)
    dabiao_session_void_async (self->session, uuid, reason, self->cancellable, void_ready_cb, g_object_ref (self));
}
