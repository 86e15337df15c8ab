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
 * one participant's results (更正/作废 of them: dabiao-window-correct.c),
 * voiding a measurement. */

/* An audit entry in words, for the results page's history: the action
 * named in Chinese and the detail read back from the forms the event code
 * writes ("名单.csv: 40 rows, +38 ~2" → "名单.csv：40 行，新增 38 人，更新 2 人").
 * A detail in a form not known here is shown as it is. */
static char *
audit_in_words (DabiaoWindow           *self,
                const DabiaoAuditEntry *entry)
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
      const DabiaoEventItem *item = dabiao_session_find_item (self->session, name);

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
                                    summary->item_done, summary->item_expected);
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
      g_autofree char *title = audit_in_words (self, entry);
      g_autofree char *who = NULL;
      const char *station = entry->station != NULL && entry->station[0] != '\0' ? entry->station : NULL;
      const char *op = entry->operator_name != NULL && entry->operator_name[0] != '\0' ? entry->operator_name : NULL;

      /* Station and operator as they are named (computer, login): data. */
      who = g_strdup_printf ("%s%s%s", station != NULL ? station : "", station != NULL && op != NULL ? " · " : "",
                             op != NULL ? op : "");
      dabiao_results_page_add_audit (self->results_page, title, time, who);
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
      else if (dabiao_measurement_has_value (m) && item != NULL)
        shown = dabiao_session_format_value (item, dabiao_measurement_get_value (m));
      else if (dabiao_measurement_has_value (m))
        shown = g_strdup_printf ("%g", dabiao_measurement_get_value (m));
      else
        shown = g_strdup (dabiao_special_to_string (special));

      title = g_strdup_printf ("%s · %s · %s", name != NULL ? name : pid,
                               item != NULL ? item->name : dabiao_measurement_get_item (m), shown);
      if (special != DABIAO_SPECIAL_VOID && dabiao_measurement_get_attempt (m) == 0)
        /* Translators: a false start at a run, run again (no attempt): time · source */
        subtitle = g_strdup_printf (_("%s · false start, run again (no attempt) · %s"), time,
                                    dabiao_source_to_string (dabiao_measurement_get_source (m)));
      else if (special == DABIAO_SPECIAL_VOID)
        /* A void is no attempt: time · reason */
        subtitle = g_strdup_printf ("%s%s%s", time, reason != NULL && reason[0] != '\0' ? " · " : "",
                                    reason != NULL ? reason : "");
      else
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

/* Recomputes the results now; a refresh that was waiting is not needed any
 * more.  (It used to be left waiting, forgotten by the window: closed
 * meanwhile, the window was used after it was freed.) */
void
_dabiao_window_refresh_summary_now (DabiaoWindow *self)
{
  g_clear_handle_id (&self->summary_source, g_source_remove);
  if (self->session != NULL)
    dabiao_session_summarize_async (self->session, self->cancellable, summary_ready_cb, g_object_ref (self));
}

static gboolean
refresh_summary_cb (gpointer data)
{
  DabiaoWindow *self = data;

  self->summary_source = 0;
  _dabiao_window_refresh_summary_now (self);
  return G_SOURCE_REMOVE;
}

/* Results are recomputed at most twice a second, not per keystroke. */
void
_dabiao_window_refresh_summary (DabiaoWindow *self)
{
  if (self->summary_source == 0)
    self->summary_source = g_timeout_add (500, refresh_summary_cb, self);
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
  for (guint i = 0; i < person->changes->len; i++)
    {
      const DabiaoPersonChange *change = g_ptr_array_index (person->changes, i);

      dabiao_results_page_add_person_change (self->results_page, change->title, change->detail);
    }
  /* 更正… on the items with results that count. */
  for (guint i = 0; i < person->codes->len; i++)
    for (guint k = 0; k < person->attempts->len; k++)
      if (g_str_equal (((DabiaoPersonAttempt *) g_ptr_array_index (person->attempts, k))->item,
                       g_ptr_array_index (person->codes, i)))
        {
          dabiao_results_page_set_person_correctable (self->results_page, i, g_ptr_array_index (person->codes, i));
          break;
        }
  g_clear_pointer (&self->person, dabiao_person_view_free);
  self->person = g_steal_pointer (&person);
}

void
_dabiao_window_show_person (DabiaoWindow *self,
                            const char   *participant_id)
{
  if (self->session != NULL)
    dabiao_session_person_async (self->session, participant_id, self->cancellable,
                                 person_ready_cb, g_object_ref (self));
}

/* The person typed into the results page's search: an id, a name or pinyin
 * initials, found as the station's check-in finds them. */
void
_dabiao_window_person_cb (DabiaoWindow *self,
                          const char   *text)
{
  g_autoptr(GPtrArray) found = NULL;
  DabiaoRosterItem *exact;

  if (self->session == NULL || text == NULL || text[0] == '\0')
    return;
  exact = dabiao_roster_model_lookup (dabiao_session_get_roster (self->session), text);
  if (exact == NULL)
    {
      found = dabiao_roster_model_search (dabiao_session_get_roster (self->session), text, 1);
      if (found->len == 0)
        {
          g_autofree char *message = g_strdup_printf (_("No participant matches “%s”."), text);

          dabiao_window_add_toast (self, message);
          return;
        }
      exact = g_ptr_array_index (found, 0);
    }
  _dabiao_window_show_person (self, dabiao_roster_item_get_id (exact));
}

/* ---- void ------------------------------------------------------------------ */

typedef struct
{
  DabiaoWindow *window;
  const char   *done;     /* static strings (translated) */
  const char   *failed;
  char         *participant_id;  /* whose row it was, when known */
} VoidContext;

static void
void_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  VoidContext ctx = *(VoidContext *) user_data;
  g_autoptr(DabiaoWindow) self = ctx.window;
  g_autofree char *participant_id = ctx.participant_id;
  g_autoptr(GError) error = NULL;

  g_free (user_data);
  if (!dabiao_session_void_finish (DABIAO_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_show_error (self, ctx.failed, error);
      return;
    }
  dabiao_window_add_toast (self, ctx.done);
  if (participant_id != NULL)
    _dabiao_window_station_result_changed (self, participant_id);
  _dabiao_window_request_standing (self);
  _dabiao_window_refresh_summary_now (self);
  _dabiao_window_sync_poke (self);
}

/* Voids @uuid (audited, never deleted) for @reason: a row of
 * @participant_id (NULL: of the results page's person); then a toast says
 * @done, or a dialog titled @failed says why; the station's standing, the
 * summary and sync follow.  @done and @failed: static translated strings. */
void
_dabiao_window_void (DabiaoWindow *self,
                     const char   *uuid,
                     const char   *participant_id,
                     const char   *reason,
                     const char   *done,
                     const char   *failed)
{
  VoidContext *ctx;

  if (self->session == NULL)
    return;
  ctx = g_new (VoidContext, 1);
  /* Whose row it is: given (the station's), or the results page's person. */
  *ctx = (VoidContext) { g_object_ref (self), done, failed,
                         g_strdup (participant_id != NULL ? participant_id
                                   : self->person != NULL ? self->person->id : NULL) };
  dabiao_session_void_async (self->session, uuid, reason, self->cancellable, void_ready_cb, ctx);
}

void
_dabiao_window_void_cb (DabiaoWindow *self,
                        const char   *uuid,
                        const char   *reason)
{
  _dabiao_window_void (self, uuid, NULL, reason, _("Measurement voided; the audit trail keeps it."),
                       _("Could not Void the Measurement"));
}
