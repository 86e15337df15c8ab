/* dabiao-station-reading.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-station-page-private.h"

/* Readings: the value shown (as it is stored, with one unit word), a
 * reading that arrives while another is shown or saved, and readings kept
 * for nobody (unassigned), visible and assignable. */

void
_dabiao_station_unassigned_free (DabiaoStationUnassigned *u)
{
  g_free (u->note);
  g_free (u->item);
  g_free (u->item_name);
  g_free (u->shown);
  g_free (u->for_id);
  g_free (u);
}

/* A value as it is stored: never rounded away (7.6 s of a whole-second
 * item is 7.6, not 8); 分.秒 items as 1'45". */
char *
_dabiao_station_page_format_value (DabiaoStationPage *self,
                                   double             value)
{
  if (self->value_item->code[0] == '\0')
    return g_strdup_printf ("%.*f", self->decimals, value);
  return dabiao_event_item_format_measured (self->value_item, value);
}

/* The one unit word after a value: none after 1'45" (it carries its own). */
const char *
_dabiao_station_page_unit_word (DabiaoStationPage *self)
{
  if (self->value_item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
    return "";
  return dabiao_unit_label (self->unit);
}

/* "7.6 秒", "1'45\"". */
static char *
format_with_unit (DabiaoStationPage *self,
                  double             value)
{
  g_autofree char *number = _dabiao_station_page_format_value (self, value);

  return _dabiao_station_page_unit_word (self)[0] != '\0' ? g_strdup_printf ("%s %s", number, _dabiao_station_page_unit_word (self)) : g_steal_pointer (&number);
}

/* ---- readings for nobody ------------------------------------------------- */

/* Whether @u may be given to the one on the card: it came while they (or
 * no one) were on it.  One kept for the one before is never offered to
 * the next (trial 18c #7, #9). */
static gboolean
is_current (DabiaoStationPage       *self,
            DabiaoStationUnassigned *u)
{
  return !u->stale
         && (u->for_id == NULL
             || (self->participant != NULL
                 && g_strcmp0 (u->for_id, dabiao_roster_item_get_id (self->participant)) == 0));
}

/* Whether the station offers the item called @name (all items when no
 * station is chosen). */
static gboolean
item_offered (DabiaoStationPage *self,
              const char        *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->item_list));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->item_list, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* The newest kept reading of the one on the card at the item shown now,
 * or -1: a reading taken for another item is never offered for this one
 * (the trial: a 50米 time given to a 1000米 runner), nor one that came for
 * someone before. */
int
_dabiao_station_page_assignable (DabiaoStationPage *self)
{
  for (guint i = self->unassigned->len; i > 0; i--)
    {
      DabiaoStationUnassigned *u = g_ptr_array_index (self->unassigned, i - 1);

      if (is_current (self, u) && g_strcmp0 (u->item, self->value_item->code) == 0)
        return (int) i - 1;
    }
  return -1;
}

/* The bar below the reading: the readings the one on the card may still
 * get (at this item, or at another item of the station), newest first, at
 * most three; the rest — older ones, those of items not at this station —
 * only counted, for 丢弃 (trial 18c #9: twelve stale readings piled up). */
void
_dabiao_station_page_show_unassigned (DabiaoStationPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) listed = g_string_new (NULL);
  guint n = self->unassigned->len;
  guint n_listed = 0, n_shown = 0;

  gtk_widget_set_visible (self->unassigned_box, n > 0);
  gtk_widget_set_visible (self->assign_button, _dabiao_station_page_assignable (self) >= 0);
  for (guint i = n; i > 0; i--)
    {
      DabiaoStationUnassigned *u = g_ptr_array_index (self->unassigned, i - 1);
      gboolean this_item = g_strcmp0 (u->item, self->value_item->code) == 0;

      if (!is_current (self, u) || !(this_item || item_offered (self, u->item_name)))
        continue;
      n_listed++;
      if (n_shown++ < 3)
        g_string_append_printf (listed, "%s%s%s%s", n_shown == 1 ? " " : "；",
                                this_item ? "" : u->item_name, this_item ? "" : " ", u->shown);
    }
  if (n_listed > 0)
    {
      /* Translators: readings that arrived for no one (no one checked in, or finished) */
      g_string_append_printf (text, _("Unassigned readings (%u):"), n_listed);
      g_string_append (text, listed->str);
    }
  /* Translators: kept readings the one on the card cannot be given: they came for
   * someone before, or are of an item not at this station */
  if (n > n_listed && n_listed > 0)
    g_string_append_printf (text, _("; also %u older or of items not at this station"), n - n_listed);
  else if (n > n_listed)
    g_string_append_printf (text, _("Unassigned readings (%u), older or of items not at this station: "
                                    "none is for the participant shown"), n);
  gtk_label_set_label (self->unassigned_label, text->str);
  /* Emptied (丢弃, given): the status line no longer speaks of it (11c #7). */
  if (n == 0 && self->status_says_kept)
    {
      g_autofree char *before = g_steal_pointer (&self->status_before_kept);

      self->status_says_kept = FALSE;
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
      if (self->participant == NULL)
        _dabiao_station_page_set_status (self, self->state, _dabiao_station_page_idle_prompt (self));
      else if (before != NULL)
        gtk_label_set_label (self->status_label, before);
    }
  _dabiao_station_page_update_actions (self);
}

/* Someone else is on the card: what was kept for the one before is theirs
 * no more; what came for no one is the new one's (a run finished before
 * the operator typed the id). */
void
_dabiao_station_page_unassigned_checked_in (DabiaoStationPage *self)
{
  const char *id = self->participant != NULL ? dabiao_roster_item_get_id (self->participant) : NULL;

  for (guint i = 0; i < self->unassigned->len; i++)
    {
      DabiaoStationUnassigned *u = g_ptr_array_index (self->unassigned, i);

      if (u->for_id == NULL)
        u->for_id = g_strdup (id);
      else if (g_strcmp0 (u->for_id, id) != 0)
        u->stale = TRUE;
    }
  _dabiao_station_page_show_unassigned (self);
}

/* The status line says a reading was kept below (@state: the page's new
 * state, or -1 to keep it, with a calm warning); what it said before comes
 * back once the bar is emptied. */
void
_dabiao_station_page_say_kept (DabiaoStationPage  *self,
                               DabiaoStationState  state,
                               const char         *text)
{
  g_autofree char *before = self->status_says_kept ? NULL : g_strdup (gtk_label_get_label (self->status_label));

  if ((int) state >= 0)
    _dabiao_station_page_set_status (self, state, text);
  else
    {
      gtk_label_set_label (self->status_label, text);
      /* A calm note, no alarm: nothing is wrong, the shown value stays
       * (the operator trial found the red flash alarming). */
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
    }
  if (before != NULL)
    {
      g_free (self->status_before_kept);
      self->status_before_kept = g_steal_pointer (&before);
    }
  self->status_says_kept = TRUE;
}

/* Keeps @value of @item (@shown: "152 厘米", with a ⚠ when out of range)
 * for nobody, with the time it came. */
static void
add_unassigned_of (DabiaoStationPage *self,
                   double             value,
                   const char        *note,
                   const char        *item,
                   const char        *item_name,
                   const char        *shown)
{
  DabiaoStationUnassigned *u = g_new0 (DabiaoStationUnassigned, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");

  u->value = value;
  u->note = g_strdup (note);
  u->item = g_strdup (item);
  u->item_name = g_strdup (item_name != NULL ? item_name : "");
  u->shown = g_strdup_printf ("%s（%s）", shown, time);
  u->for_id = self->participant != NULL ? g_strdup (dabiao_roster_item_get_id (self->participant)) : NULL;
  g_ptr_array_add (self->unassigned, u);
  _dabiao_station_page_show_unassigned (self);
}

void
_dabiao_station_page_add_unassigned (DabiaoStationPage *self,
                                     double             value,
                                     const char        *note)
{
  g_autofree char *number = format_with_unit (self, value);
  /* ⚠ marks one outside the item's plausible range (checked again, with
   * the reason, when it is given to someone). */
  g_autofree char *shown = g_strdup_printf ("%s%s", number,
                                            dabiao_event_item_check_value (self->value_item, value, NULL)
                                            != DABIAO_VALUE_VALID ? " ⚠" : "");

  add_unassigned_of (self, value, note, self->value_item->code, self->value_item->name, shown);
}

/**
 * dabiao_station_page_keep_other_item:
 * @item: the item the instrument measured (its profile's: 立定跳远)
 * @item_name: its name
 * @shown: the value as people read it, "152 厘米"
 * @say: say so on the status line (the instrument is not this item's);
 *   %FALSE for the other value of an instrument that measures both
 *
 * A reading of another item than the one shown (a long-jump mat while the
 * station shows 身高, findings-11b #4: it was recorded as 身高) is never
 * offered for the item shown: it is kept below as unassigned for its own
 * item (given to someone only where that item is shown), and the status
 * line names both items.  What is shown stays.
 */
void
dabiao_station_page_keep_other_item (DabiaoStationPage *self,
                                     double             value,
                                     const char        *note,
                                     const char        *item,
                                     const char        *item_name,
                                     const char        *shown,
                                     gboolean           say)
{
  g_autofree char *status = NULL;

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  add_unassigned_of (self, value, note, item, item_name, shown);
  if (!say)
    return;
  /* Translators: 立定跳远, 身高, "152 厘米", 身高 */
  status = g_strdup_printf (_("The instrument measures %s, the item shown is %s: its %s is not recorded as %s. "
                              "It is kept below; choose the instrument of this item in Preferences."),
                            item_name, self->value_item->name, shown, self->value_item->name);
  if (self->state == STATE_SAVING)
    return;   /* the save's status stays; the reading waits below */
  _dabiao_station_page_say_kept (self, -1, status);
}

/* The newest unassigned reading becomes the reading of the one shown. */
void
_dabiao_station_page_assign_activated_cb (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);
  DabiaoStationUnassigned *u;
  int index = _dabiao_station_page_assignable (self);
  double value;
  g_autofree char *note = NULL;

  if (index < 0)
    return;
  u = g_ptr_array_index (self->unassigned, index);
  value = u->value;
  note = g_strdup (u->note);
  g_ptr_array_remove_index (self->unassigned, index);
  _dabiao_station_page_show_unassigned (self);
  dabiao_station_page_show_reading_with_note (self, value, note);
}

void
_dabiao_station_page_discard_activated_cb (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);

  g_ptr_array_set_size (self->unassigned, 0);
  _dabiao_station_page_show_unassigned (self);
}

/**
 * dabiao_station_page_drop_unassigned:
 *
 * Forgets the readings kept for nobody: they belong to the event open when
 * they arrived (the trial: the demo's times offered in a new event).
 */
void
dabiao_station_page_drop_unassigned (DabiaoStationPage *self)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  g_ptr_array_set_size (self->unassigned, 0);
  _dabiao_station_page_show_unassigned (self);
}

guint
dabiao_station_page_get_n_unassigned (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), 0);

  return self->unassigned->len;
}

const char *
dabiao_station_page_get_unassigned_text (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  return gtk_label_get_label (self->unassigned_label);
}

/**
 * dabiao_station_page_show_reading:
 *
 * Shows an instrument reading for the participant on the card; Enter
 * confirms it.  Without a participant the reading is shown but cannot be
 * confirmed.
 */
void
dabiao_station_page_show_reading (DabiaoStationPage *self,
                                  double             value)
{
  dabiao_station_page_show_reading_with_note (self, value, NULL);
}

/**
 * dabiao_station_page_show_reading_with_note:
 * @note: (nullable): what is odd about the reading (out of range, …)
 *
 * A reading that arrives while the previous one is being saved is kept and
 * shown as soon as the save completes: no reading is dropped unseen.  One
 * that arrives while another is shown never replaces it (Enter saves what
 * the operator sees): it is kept below as unassigned, and the status line
 * says so (docs/decisions/0184-newer-reading-queued.md).
 *
 * Returns: %TRUE if @value is now (or, after the save, will be) the
 *   reading Enter confirms; %FALSE if it was kept as unassigned.
 */
static void reading_status (DabiaoStationPage *self,
                            const char        *note);

gboolean
dabiao_station_page_show_reading_with_note (DabiaoStationPage *self,
                                            double             value,
                                            const char        *note)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), FALSE);

  /* A second reading during the save, or one while a reading is shown:
   * the one the operator is looking at stays; the newer one is kept. */
  if ((self->state == STATE_SAVING && self->has_pending)
      || (self->state == STATE_READING && self->participant != NULL))
    {
      g_autofree char *shown = format_with_unit (self, self->state == STATE_READING ? self->reading : self->pending);
      g_autofree char *newer = format_with_unit (self, value);
      g_autofree char *status = NULL;

      _dabiao_station_page_add_unassigned (self, value, note);
      if (self->state == STATE_READING)
        {
          /* Translators: a newer instrument reading arrived while one is shown:
           * "9.7 秒", then the shown "9.6 秒" */
          status = g_strdup_printf (_("A newer reading (%s) arrived and is kept below. Enter saves the %s shown; Esc drops it."),
                                    newer, shown);
          _dabiao_station_page_say_kept (self, -1, status);
        }
      return FALSE;
    }

  if (self->state == STATE_SAVING)
    {
      g_autofree char *status = NULL;
      g_autofree char *shown = format_with_unit (self, value);

      self->has_pending = TRUE;
      self->pending = value;
      g_free (self->pending_note);
      self->pending_note = g_strdup (note);
      /* Translators: a reading arrived while the one before is being saved */
      status = g_strdup_printf (_("Saving… (next reading %s waits until the save ends)"), shown);
      gtk_label_set_label (self->status_label, status);
      return TRUE;
    }

  /* Nobody to give it to: kept, visible, assignable. */
  if (self->participant == NULL || _dabiao_station_page_attempts_used (self))
    {
      _dabiao_station_page_add_unassigned (self, value, note);
      if (self->participant == NULL)
        _dabiao_station_page_say_kept (self, STATE_IDLE, _("A reading arrived, but no one is checked in: it is kept below as unassigned."));
      return FALSE;
    }

  text = _dabiao_station_page_format_value (self, value);
  self->reading = value;
  self->range_confirmed = FALSE;
  self->special_shown = FALSE;
  _dabiao_station_page_set_reading_text (self, text);
  gtk_label_set_label (self->score_label, "");
  gtk_label_set_label (self->level_label, "");

  reading_status (self, note);
  return TRUE;
}

/* The status under a reading: its warnings and the keys.  The item's
 * limits (plausible range, no time ≤ 0) apply to instrument readings as to
 * typed values: checked against the item it is recorded as, whatever the
 * instrument thought it measured. */
static void
reading_status (DabiaoStationPage *self,
                const char        *note)
{
  g_autofree char *problem = NULL;
  g_autofree char *full_note = NULL;

  if (dabiao_event_item_check_value (self->value_item, self->reading, &problem) != DABIAO_VALUE_VALID)
    {
      full_note = note != NULL && note[0] != '\0' ? g_strdup_printf ("%s；%s", problem, note) : g_strdup (problem);
      note = full_note;
    }

  if (note != NULL && note[0] != '\0')
    {
      /* Translators: the reading's warning, then the keys */
      g_autofree char *status = g_strdup_printf (_("Check: %s. Enter confirms, Esc retries."), note);

      _dabiao_station_page_set_status (self, STATE_READING, status);
    }
  else
    _dabiao_station_page_set_status (self, STATE_READING, _("Enter confirms, Esc retries."));
}

/* New warnings for the reading shown (a several-item frame's other values):
 * the value stays. */
void
dabiao_station_page_set_reading_note (DabiaoStationPage *self,
                                      const char        *note)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  if (self->state == STATE_READING)
    reading_status (self, note);
}

gboolean
dabiao_station_page_has_reading (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), FALSE);

  return self->state == STATE_READING;
}

/* The big reading as it reads, with its unit word if one is shown
 * ("7.6 秒", "1'45\"", "犯规"): for tests. */
char *
dabiao_station_page_get_value_text (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->unit_label)))
    return g_strdup_printf ("%s %s", gtk_label_get_label (self->reading_label),
                            gtk_label_get_label (self->unit_label));
  return g_strdup (gtk_label_get_label (self->reading_label));
}
