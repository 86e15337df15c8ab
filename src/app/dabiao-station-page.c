/* dabiao-station-page.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-cue.h"
#include "dabiao-station-layout.h"
#include "dabiao-station-page-private.h"

/* The operator's page.  Focus lives in the check-in entry all day: a scan or
 * a typed id plus Enter checks a participant in; the instrument's reading
 * shows big; Enter on the empty entry confirms it; Esc drops it (retry);
 * F3–F6 record a foul, absent, exempt or a manual value (each asks once;
 * every save can be undone for a few seconds, Ctrl+Z); PgDn walks the class,
 * skipping who is finished.
 *
 * What is shown always belongs to the person and item shown: a change of
 * either clears it.  Once a participant has used every allowed attempt the
 * card says 已测完 with the best result and no reading is offered for them;
 * a reading that arrives then (or for nobody) is kept as unassigned, visible
 * below the reading, and can be given to the participant shown.
 *
 * The page does not write anything itself.  It emits ::record and shows
 * "saving…" until its owner calls dabiao_station_page_record_finished() from
 * the completion of the durable commit: "saved" is never shown before. */

/* A reading kept back during a save is shown this long after "saved", so
 * it never appears inside the saved flash. */
#define PENDING_DELAY_MS 1200
/* How long a save can be undone. */
#define UNDO_SECONDS 8

enum {
  PROP_0,
  PROP_ITEM,
  PROP_STATION,
  N_PROPS,
};

enum {
  SIGNAL_RECORD,
  SIGNAL_CHECKED_IN,
  SIGNAL_UNDO,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DabiaoStationPage, dabiao_station_page, ADW_TYPE_BIN)

/* Every allowed attempt used (or exempt): nothing more is offered for the
 * one on the card, whatever the status line says meanwhile (a check-in
 * that found no one, a message). */
gboolean
_dabiao_station_page_attempts_used (DabiaoStationPage *self)
{
  return self->state == STATE_FINISHED || self->finished_text != NULL
         || (self->attempts_allowed > 0 && self->attempts_done >= self->attempts_allowed);
}

void
_dabiao_station_page_update_actions (DabiaoStationPage *self)
{
  gboolean saving = self->state == STATE_SAVING;
  gboolean have = self->participant != NULL && !saving && !_dabiao_station_page_attempts_used (self);
  gboolean unassigned = self->unassigned != NULL && self->unassigned->len > 0;
  gboolean assignable = unassigned && _dabiao_station_page_assignable (self) >= 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.confirm",
                                 have && self->state == STATE_READING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.retry",
                                 have && self->state == STATE_READING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.foul", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.absent", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.exempt", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.manual", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.next",
                                 self->participant != NULL && self->roster != NULL && !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.undo", self->undo_uuid != NULL && !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.assign",
                                 assignable && have && self->state != STATE_READING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.discard", unassigned && !saving);
}

void
_dabiao_station_page_set_status (DabiaoStationPage *self,
                                 DabiaoStationState  state,
                                 const char        *text)
{
  GtkWidget *label = GTK_WIDGET (self->status_label);

  self->state = state;
  self->status_says_kept = FALSE;
  g_clear_pointer (&self->status_before_kept, g_free);
  gtk_label_set_label (self->status_label, text);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "finished");
  gtk_widget_remove_css_class (label, "warning");
  if (state == STATE_ERROR)
    gtk_widget_add_css_class (label, "error");
  else if (state == STATE_SAVED)
    gtk_widget_add_css_class (label, "success");
  else if (state == STATE_FINISHED)
    gtk_widget_add_css_class (label, "finished");
  _dabiao_station_page_update_actions (self);
}

/* What the status line says while no one is checked in. */
const char *
_dabiao_station_page_idle_prompt (DabiaoStationPage *self)
{
  return self->by_age ? _("Scan a badge or type a number to check a participant in.")
                      : _("Scan a card or type an ID to check a participant in.");
}

void
_dabiao_station_page_set_reading_text (DabiaoStationPage *self,
                                       const char        *text)
{
  gboolean empty = text == NULL;

  gtk_label_set_label (self->reading_label, empty ? "—" : text);
  gtk_label_set_label (self->unit_label, _dabiao_station_page_unit_word (self));
  /* "—" thin and dim (bold at the reading's size it was a grey bar). */
  if (empty)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->reading_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->reading_label), "reading-empty");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->reading_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->reading_label), "reading-empty");
    }
  /* A value has a unit; 犯规, 缺测, 免测 and "—" have none. */
  gtk_widget_set_visible (GTK_WIDGET (self->unit_label),
                          !empty && !self->special_shown && _dabiao_station_page_unit_word (self)[0] != '\0');
}

static void
clear_reading (DabiaoStationPage *self)
{
  self->range_confirmed = FALSE;
  _dabiao_station_page_set_reading_text (self, NULL);
  gtk_label_set_label (self->score_label, "");
  gtk_label_set_label (self->level_label, "");
}

/* 男 · 初一 2101 班 · ID, or 男 · 25～29岁组 · 单位 · ID: empty parts left out. */
static void
update_details (DabiaoStationPage *self)
{
  DabiaoRosterItem *item = self->participant;
  g_autoptr(GString) details = g_string_new (dabiao_sex_label (dabiao_roster_item_get_sex (item)));
  g_autofree char *grade_class = NULL;
  const char *parts[3];

  if (self->group != NULL)
    {
      parts[0] = self->group;
      parts[1] = dabiao_roster_item_get_class_name (item);
    }
  else
    {
      const char *grade = dabiao_grade_label (dabiao_roster_item_get_grade (item));
      const char *class_name = dabiao_roster_item_get_class_name (item);

      /* 五年级(2)班 already says 五年级: not "五年级 五年级(2)班". */
      if (grade[0] != '\0' && g_str_has_prefix (class_name, grade))
        grade_class = g_strdup (class_name);
      else
        grade_class = g_strstrip (g_strdup_printf ("%s %s", grade, class_name));
      parts[0] = grade_class;
      parts[1] = "";
    }
  parts[2] = dabiao_roster_item_get_id (item);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && parts[i][0] != '\0')
      g_string_append_printf (details, "%s%s", details->len > 0 ? " · " : "", parts[i]);
  gtk_label_set_label (self->details_label, details->str);
}

static void withdraw_undo (DabiaoStationPage *self);

static void
set_participant (DabiaoStationPage *self,
                 DabiaoRosterItem  *item)
{
  /* A reading kept back for the one before is not this one's. */
  if (self->has_pending)
    {
      self->has_pending = FALSE;
      g_clear_handle_id (&self->pending_source, g_source_remove);
      _dabiao_station_page_add_unassigned (self, self->pending, self->pending_note);
      g_clear_pointer (&self->pending_note, g_free);
    }
  if (self->participant != item)
    withdraw_undo (self);
  if (g_set_object (&self->participant, item) && item != NULL)
    _dabiao_station_page_unassigned_checked_in (self);
  g_clear_pointer (&self->group, g_free);
  g_clear_pointer (&self->finished_text, g_free);
  self->attempts_done = self->attempts_allowed = 0;
  clear_reading (self);
  gtk_label_set_label (self->attempts_label, "");

  if (item == NULL)
    {
      gtk_label_set_label (self->name_label, _("No one checked in"));
      gtk_label_set_label (self->details_label, "");
      gtk_label_set_label (self->queue_label, "");
      _dabiao_station_page_set_status (self, STATE_IDLE, _dabiao_station_page_idle_prompt (self));
      return;
    }

  gtk_label_set_label (self->name_label, dabiao_roster_item_get_name (item));
  update_details (self);
  _dabiao_station_page_update_queue_label (self);

  _dabiao_station_page_set_status (self, STATE_WAITING, _("Waiting for the reading…"));
  g_signal_emit (self, signals[SIGNAL_CHECKED_IN], 0, item);
}

void
_dabiao_station_page_finish_checkin (DabiaoStationPage *self,
                                     DabiaoRosterItem  *item)
{
  set_participant (self, item);
  gtk_editable_set_text (GTK_EDITABLE (self->checkin_entry), "");
  _dabiao_station_page_show_class_queue (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->checkin_entry));
}

static void
checkin_activate_cb (DabiaoStationPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->checkin_entry));

  if (text[0] == '\0')
    {
      /* Enter on the empty entry confirms the reading on screen. */
      if (self->state == STATE_READING)
        gtk_widget_activate_action (GTK_WIDGET (self), "station.confirm", NULL);
      return;
    }

  if (!dabiao_station_page_check_in (self, text))
    {
      g_autofree char *message = g_strdup_printf (_("No participant matches “%s”."), text);

      _dabiao_station_page_set_status (self, self->participant != NULL ? STATE_ERROR : STATE_IDLE, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      dabiao_cue_play (self->reading_box, DABIAO_CUE_ERROR);
    }
}

static void
checkin_stop_cb (DabiaoStationPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->checkin_entry));

  if (text[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->checkin_entry), "");
  else if (self->state == STATE_READING)
    gtk_widget_activate_action (GTK_WIDGET (self), "station.retry", NULL);
}

static void
confirm_activated_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);
  g_autofree char *problem = NULL;
  g_autofree char *status = NULL;

  if (self->state != STATE_READING)
    return;
  /* The item's limits, as for a typed value: a time of zero is no result;
   * one outside the plausible range (9.9 秒 given to a 1000米 runner) is
   * saved only on a second Enter after a clear warning (findings-18b #2). */
  switch (dabiao_event_item_check_value (self->value_item, self->reading, &problem))
    {
    case DABIAO_VALUE_INVALID:
      /* Translators: a reading that cannot be a result: why, then what to do */
      status = g_strdup_printf (_("%s: not recorded. Esc retries."), problem);
      _dabiao_station_page_set_status (self, STATE_READING, status);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      dabiao_cue_play (self->reading_box, DABIAO_CUE_ERROR);
      return;
    case DABIAO_VALUE_IMPLAUSIBLE:
      if (!self->range_confirmed)
        {
          self->range_confirmed = TRUE;
          /* Translators: the first Enter on a reading outside the plausible range */
          status = g_strdup_printf (_("%s. Press Enter again to record it anyway, Esc to retry."), problem);
          _dabiao_station_page_set_status (self, STATE_READING, status);
          gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
          dabiao_cue_play (self->reading_box, DABIAO_CUE_ERROR);
          return;
        }
      break;
    case DABIAO_VALUE_VALID:
    default:
      break;
    }
  dabiao_station_page_request (self, DABIAO_RECORD_READING, self->reading, NULL);
}

static void
retry_activated_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);

  clear_reading (self);
  _dabiao_station_page_set_status (self, STATE_WAITING, _("Reading dropped. Waiting for the next one…"));
}

/* 犯规 and 缺测 ask once; 免测 and manual entry ask for a reason (and the
 * value): dabiao-station-dialogs.c. */
static void
foul_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _dabiao_station_page_ask_special (DABIAO_STATION_PAGE (widget), DABIAO_RECORD_FOUL);
}

static void
absent_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _dabiao_station_page_ask_special (DABIAO_STATION_PAGE (widget), DABIAO_RECORD_ABSENT);
}

static void
exempt_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _dabiao_station_page_open_entry_dialog (DABIAO_STATION_PAGE (widget), DABIAO_RECORD_EXEMPT);
}

static void
manual_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _dabiao_station_page_open_entry_dialog (DABIAO_STATION_PAGE (widget), DABIAO_RECORD_MANUAL);
}

static void
focus_checkin_activated_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->checkin_entry));
}

/* Another item: what was shown belonged to the one before. */
static void
item_selected_cb (DabiaoStationPage *self)
{
  if (self->has_pending)
    {
      self->has_pending = FALSE;
      g_clear_handle_id (&self->pending_source, g_source_remove);
      _dabiao_station_page_add_unassigned (self, self->pending, self->pending_note);
      g_clear_pointer (&self->pending_note, g_free);
    }
  g_clear_pointer (&self->item_states, g_hash_table_unref);
  g_clear_pointer (&self->finished_text, g_free);
  /* 撤销 takes back a save of the item shown only (trial 18c #8: the
   * 50米跑's time offered for undo at the 800米跑). */
  withdraw_undo (self);
  if (self->state != STATE_SAVING)
    {
      clear_reading (self);
      gtk_label_set_label (self->attempts_label, "");
      if (self->participant != NULL)
        _dabiao_station_page_set_status (self, STATE_WAITING, _("Waiting for the reading…"));
      if (self->participant != NULL)
        _dabiao_station_page_update_queue_label (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
  /* As after choosing a station: the keys go back to the check-in entry. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->checkin_entry));
}

/* The band above the keys shows while it holds 撤销 or a message. */
static void
update_notice_band (DabiaoStationPage *self)
{
  gtk_widget_set_visible (self->notice_band, gtk_widget_get_visible (self->undo_button)
                                             || gtk_widget_get_visible (GTK_WIDGET (self->notice_label)));
}

/* How long a message of the window stays above the keys. */
#define NOTICE_SECONDS 5

static gboolean
notice_expired_cb (gpointer data)
{
  DabiaoStationPage *self = data;

  self->notice_source = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);
  update_notice_band (self);
  return G_SOURCE_REMOVE;
}

/**
 * dabiao_station_page_show_notice:
 * @text: a message of the window (已撤销 …, an instrument's problem)
 *
 * Shows @text for a few seconds above the keys, beside 撤销: where a toast
 * would cover F3–F5 (findings-18b #10, 16b #6).
 */
void
dabiao_station_page_show_notice (DabiaoStationPage *self,
                                 const char        *text)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  gtk_label_set_label (self->notice_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), text != NULL && *text != '\0');
  update_notice_band (self);
  g_clear_handle_id (&self->notice_source, g_source_remove);
  self->notice_source = g_timeout_add_seconds (NOTICE_SECONDS, notice_expired_cb, self);
}

static void
undo_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);
  g_autofree char *uuid = g_steal_pointer (&self->undo_uuid);

  g_clear_handle_id (&self->undo_source, g_source_remove);
  gtk_widget_set_visible (self->undo_button, FALSE);
  update_notice_band (self);
  _dabiao_station_page_update_actions (self);
  if (uuid != NULL)
    g_signal_emit (self, signals[SIGNAL_UNDO], 0, uuid);
}

/* Ctrl+Z: 撤销 while it is offered; after, said so — not passed on to the
 * check-in field, whose own undo silently brought back an old search
 * (trial 11d #4). */
static void
undo_key_activated_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);

  if (self->state == STATE_SAVING)
    return;
  if (self->undo_uuid != NULL)
    gtk_widget_activate_action (widget, "station.undo", NULL);
  else
    dabiao_station_page_show_notice (self, _("Nothing to undo: 撤销 is offered for a few seconds after a save. "
                                             "A saved result is corrected or voided on the Results page."));
}

static void
station_selected_cb (DabiaoStationPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
  /* Chosen with the mouse, the drop-down kept the keys: Enter opened it
   * again and F3/PgDn went into its list (the operator trial).  The keys
   * belong to the check-in entry. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->checkin_entry));
}

/* F7: the station's next item (身高 → 体重 → 身高 at the scale). */
static void
next_item_activated_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->item_list));
  guint pos = gtk_drop_down_get_selected (self->item_dropdown);

  if (n > 1)
    gtk_drop_down_set_selected (self->item_dropdown, pos == GTK_INVALID_LIST_POSITION ? 0 : (pos + 1) % n);
}

static void
dabiao_station_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_string (value, dabiao_station_page_get_item (self));
      break;
    case PROP_STATION:
      g_value_set_string (value, dabiao_station_page_get_station (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A short window (a 1024×600 netbook): a smaller reading, so that the
 * status under it (已保存 …) stays in sight above the keys.  Chosen by the
 * height of the view that scrolls, which the page's content does not
 * change, and applied after the allocation that reported it. */
#define COMPACT_BELOW 480

static gboolean
apply_compact_cb (gpointer data)
{
  DabiaoStationPage *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->page_scroller);
  double page = gtk_adjustment_get_page_size (adjustment);

  self->compact_source = 0;
  if (page <= 0)
    return G_SOURCE_REMOVE;
  if (page < COMPACT_BELOW)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  /* The class list gets the room of the heading (the field says 扫码…)
   * and of wide margins (trial 18c #11: four and a half rows at 1024×600). */
  {
    gboolean compact = page < COMPACT_BELOW;
    int margin = compact ? 6 : 18;

    gtk_widget_set_visible (self->checkin_heading, !compact);
    gtk_widget_set_margin_top (self->sidebar, margin);
    gtk_widget_set_margin_bottom (self->sidebar, margin);
    gtk_box_set_spacing (GTK_BOX (self->sidebar), compact ? 6 : 12);
  }
  return G_SOURCE_REMOVE;
}

static void
page_size_changed_cb (DabiaoStationPage *self)
{
  if (self->compact_source == 0)
    self->compact_source = g_idle_add (apply_compact_cb, self);
}

static void
dabiao_station_page_dispose (GObject *object)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (object);

  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_object (&self->participant);
  g_clear_object (&self->roster);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->pending_note, g_free);
  g_clear_pointer (&self->group, g_free);
  g_clear_pointer (&self->value_item, dabiao_event_item_free);
  g_clear_pointer (&self->finished_text, g_free);
  g_clear_pointer (&self->unassigned, g_ptr_array_unref);
  g_clear_pointer (&self->item_states, g_hash_table_unref);
  g_clear_pointer (&self->undo_uuid, g_free);
  g_clear_pointer (&self->status_before_kept, g_free);
  g_clear_handle_id (&self->pending_source, g_source_remove);
  g_clear_handle_id (&self->undo_source, g_source_remove);
  g_clear_handle_id (&self->notice_source, g_source_remove);
  /* The scroller's teardown changes its page size: not again after this. */
  if (self->page_scroller != NULL)
    g_signal_handlers_disconnect_by_func (gtk_scrolled_window_get_vadjustment (self->page_scroller),
                                          page_size_changed_cb, self);
  g_clear_handle_id (&self->compact_source, g_source_remove);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), DABIAO_TYPE_STATION_PAGE);

  G_OBJECT_CLASS (dabiao_station_page_parent_class)->dispose (object);
}

static gboolean
dabiao_station_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (DABIAO_STATION_PAGE (widget)->checkin_entry));
}

static void
dabiao_station_page_class_init (DabiaoStationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dabiao_station_page_dispose;
  object_class->get_property = dabiao_station_page_get_property;
  widget_class->grab_focus = dabiao_station_page_grab_focus;

  properties[PROP_ITEM] =
    g_param_spec_string ("item", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The defined station chosen (NULL: none, every item to choose from). */
  properties[PROP_STATION] =
    g_param_spec_string ("station", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DabiaoStationPage::record:
   * @kind: a #DabiaoRecordKind
   * @value: the value (reading or manual), 0 otherwise
   * @reason: (nullable): the reason (manual, exempt)
   *
   * The operator asked to record this for the participant on the card.  The
   * handler commits it and calls dabiao_station_page_record_finished().
   */
  signals[SIGNAL_RECORD] =
    g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_DOUBLE, G_TYPE_STRING);

  /**
   * DabiaoStationPage::checked-in:
   * @item: the participant now on the card
   */
  signals[SIGNAL_CHECKED_IN] =
    g_signal_new ("checked-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, DABIAO_TYPE_ROSTER_ITEM);

  /**
   * DabiaoStationPage::undo:
   * @uuid: the measurement to void (a special just recorded)
   */
  signals[SIGNAL_UNDO] =
    g_signal_new ("undo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-station-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, page_scroller);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, layout_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, checkin_heading);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, checkin_entry);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, next_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, match_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, queue_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, item_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, item_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, station_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, station_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, station_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, link_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, link_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, link_button);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, attempts_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, reading_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, reading_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, unit_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, score_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, level_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, notice_band);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, undo_button);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, unassigned_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, unassigned_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, assign_button);
  gtk_widget_class_bind_template_callback (widget_class, checkin_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, station_selected_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "checkin_changed_cb",
                                                G_CALLBACK (_dabiao_station_page_checkin_changed_cb));
  gtk_widget_class_bind_template_callback (widget_class, checkin_stop_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "match_activated_cb",
                                                G_CALLBACK (_dabiao_station_page_match_activated_cb));

  gtk_widget_class_install_action (widget_class, "station.confirm", NULL, confirm_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.retry", NULL, retry_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.foul", NULL, foul_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.absent", NULL, absent_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.exempt", NULL, exempt_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.manual", NULL, manual_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.next", NULL, _dabiao_station_page_next_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.focus-checkin", NULL, focus_checkin_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.undo", NULL, undo_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.undo-key", NULL, undo_key_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.assign", NULL, _dabiao_station_page_assign_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.discard", NULL, _dabiao_station_page_discard_activated_cb);

  gtk_widget_class_install_action (widget_class, "station.next-item", NULL, next_item_activated_cb);
}

/* The station's keys, caught on the way down from the window: before the
 * check-in entry (Ctrl+Z would undo its text), the list (PgDn moved its
 * cursor and scrolled, findings-18b #3) or a scroller.  A key whose action
 * is off at the moment goes on to the widget with the focus. */
static const struct
{
  guint            keyval;
  GdkModifierType  modifiers;
  const char      *action;
} station_keys[] = {
  { GDK_KEY_F3, 0, "station.foul" },
  { GDK_KEY_F4, 0, "station.absent" },
  { GDK_KEY_F5, 0, "station.exempt" },
  { GDK_KEY_F6, 0, "station.manual" },
  { GDK_KEY_F7, 0, "station.next-item" },
  { GDK_KEY_Page_Down, 0, "station.next" },
  { GDK_KEY_F2, 0, "station.focus-checkin" },
  { GDK_KEY_l, GDK_CONTROL_MASK, "station.focus-checkin" },
  { GDK_KEY_z, GDK_CONTROL_MASK, "station.undo-key" },
};

static void
dabiao_station_page_init (DabiaoStationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Check-in beside the reading, or above it in a narrow window. */
  gtk_widget_set_layout_manager (self->layout_box, g_object_new (DABIAO_TYPE_STATION_LAYOUT, NULL));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->page_scroller), "notify::page-size",
                           G_CALLBACK (page_size_changed_cb), self, G_CONNECT_SWAPPED);

  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    for (guint i = 0; i < G_N_ELEMENTS (station_keys); i++)
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (station_keys[i].keyval,
                                                                                      station_keys[i].modifiers),
                                                              gtk_named_action_new (station_keys[i].action)));
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }

  self->decimals = 1;
  self->unassigned = g_ptr_array_new_with_free_func ((GDestroyNotify) _dabiao_station_unassigned_free);
  self->value_item = dabiao_event_item_new ("", "", "", "", DABIAO_BETTER_NONE, 1, DABIAO_VALUE_FORMAT_NUMBER, 1);
  g_signal_connect_object (self->item_dropdown, "notify::selected",
                           G_CALLBACK (item_selected_cb), self, G_CONNECT_SWAPPED);
  set_participant (self, NULL);
}

GtkWidget *
dabiao_station_page_new (void)
{
  return g_object_new (DABIAO_TYPE_STATION_PAGE, NULL);
}

void
dabiao_station_page_set_roster (DabiaoStationPage *self,
                                DabiaoRosterModel *roster)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  if (g_set_object (&self->roster, roster))
    {
      set_participant (self, NULL);
      _dabiao_station_page_checkin_changed_cb (self);
    }
}

/**
 * dabiao_station_page_set_items:
 * @names: (array zero-terminated=1): the items this station measures
 */
void
dabiao_station_page_set_items (DabiaoStationPage  *self,
                               const char * const *names)
{
  guint n;

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->item_list));
  gtk_string_list_splice (self->item_list, 0, n, names);
  gtk_widget_set_sensitive (GTK_WIDGET (self->item_dropdown),
                            g_list_model_get_n_items (G_LIST_MODEL (self->item_list)) > 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * dabiao_station_page_get_item:
 *
 * Returns: (nullable): the item chosen for this station
 */
const char *
dabiao_station_page_get_item (DabiaoStationPage *self)
{
  guint pos;

  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  pos = gtk_drop_down_get_selected (self->item_dropdown);
  if (pos == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->item_list, pos);
}

void
dabiao_station_page_set_item_format (DabiaoStationPage *self,
                                     const char        *unit,
                                     int                decimals)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  g_free (self->unit);
  self->unit = g_strdup (unit);
  self->decimals = CLAMP (decimals, 0, 6);
  gtk_label_set_label (self->unit_label, _dabiao_station_page_unit_word (self));
  if (self->value_item->code[0] == '\0')
    {
      g_free (self->value_item->unit);
      self->value_item->unit = g_strdup (unit != NULL ? unit : "");
    }
}

/**
 * dabiao_station_page_set_value_item:
 * @item: the item of the station shown: how typed values are read (分.秒
 *   or a number, unit, plausible range) and its name
 */
void
dabiao_station_page_set_value_item (DabiaoStationPage     *self,
                                    const DabiaoEventItem *item)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));
  g_return_if_fail (item != NULL);

  dabiao_event_item_free (self->value_item);
  self->value_item = dabiao_event_item_copy (item);
  /* Which kept readings may be given now, and which are another item's. */
  _dabiao_station_page_show_unassigned (self);
}

/**
 * dabiao_station_page_set_finished:
 * @best: (nullable): the best result ("8.1", "免测"), NULL when the
 *   participant on the card still has attempts
 *
 * Marks the participant on the card as finished with the item: 已测完 with
 * the best result, no reading offered (readings that arrive are kept as
 * unassigned), no foul, absence or manual entry.
 */
void
dabiao_station_page_set_finished (DabiaoStationPage *self,
                                  const char        *best)
{
  g_autofree char *status = NULL;

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  if (self->participant == NULL || self->state == STATE_SAVING)
    return;
  /* A reading shown before the standing said "finished" is not offered. */
  if (best != NULL && self->state == STATE_READING)
    _dabiao_station_page_add_unassigned (self, self->reading, NULL);
  if (best == NULL)
    {
      gboolean was_finished = self->finished_text != NULL;

      g_clear_pointer (&self->finished_text, g_free);
      if (self->state == STATE_FINISHED || was_finished)
        {
          clear_reading (self);
          _dabiao_station_page_set_status (self, STATE_WAITING, _("Waiting for the reading…"));
        }
      return;
    }

  g_free (self->finished_text);
  self->finished_text = g_strdup (best);
  self->special_shown = !g_ascii_isdigit (best[0]) && best[0] != '-';
  _dabiao_station_page_set_reading_text (self, best);
  if (self->state == STATE_SAVED && g_strcmp0 (best, dabiao_special_to_string (DABIAO_SPECIAL_EXEMPT)) == 0)
    status = g_strdup (gtk_label_get_label (self->status_label));   /* "已保存 · 免测此项": not 已测完 */
  else if (self->state == STATE_SAVED)
    /* Translators: after the last attempt was saved: "已保存 · 第 3 次 · 已测完" */
    status = g_strdup_printf (_("%s · finished"), gtk_label_get_label (self->status_label));
  else
    status = g_strdup (_("Finished: every attempt used. Check in the next participant (PgDn)."));
  _dabiao_station_page_set_status (self, STATE_FINISHED, status);
}

/**
 * dabiao_station_page_set_not_applicable:
 * @age_group: (nullable): the participant's age group when the standard
 *   groups by age (国民体质: "40～44岁组"), NULL for school years
 *
 * The item shown is not one of the participant's (not scored for their
 * grade and sex: 立定跳远 for a 五年级 pupil; or their age group and sex:
 * 10米折返跑 for an adult): the card says so and, as for the finished, no
 * reading is offered (readings are kept as unassigned).
 */
void
dabiao_station_page_set_not_applicable (DabiaoStationPage *self,
                                        const char        *age_group)
{
  g_autofree char *status = NULL;
  const char *item = dabiao_station_page_get_item (self);

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  if (self->participant == NULL || self->state == STATE_SAVING)
    return;
  if (self->state == STATE_READING)
    _dabiao_station_page_add_unassigned (self, self->reading, NULL);
  g_free (self->finished_text);
  /* Translators: on the card, instead of a result: the item is not the participant's */
  self->finished_text = g_strdup (_("Not applicable"));
  self->special_shown = TRUE;
  _dabiao_station_page_set_reading_text (self, self->finished_text);
  /* No "已测 0 次 / 共 1 次" under 不适用 (findings-18b #8). */
  gtk_label_set_label (self->attempts_label, "");
  if (age_group != NULL)
    /* Translators: 10米折返跑, 张三, 40～44岁组: an adult (groups by age, not by school year) */
    status = g_strdup_printf (_("%s is not an item of %s (not scored for their age group, %s, and sex): nothing to test. "
                                "Check in the next participant (PgDn)."),
                              item != NULL ? item : "", dabiao_roster_item_get_name (self->participant), age_group);
  else
    /* Translators: 立定跳远, 张三; the grade or the sex (1000米 for a girl) */
    status = g_strdup_printf (_("%s is not an item of %s (not scored for their grade and sex): nothing to test. "
                                "Check in the next participant (PgDn)."),
                              item != NULL ? item : "", dabiao_roster_item_get_name (self->participant));
  _dabiao_station_page_set_status (self, STATE_FINISHED, status);
}

/**
 * dabiao_station_page_set_item_states:
 * @states: (transfer full) (nullable): participant id → DabiaoItemState
 *   (GINT_TO_POINTER) at the item shown, for the class queue and PgDn
 */
void
dabiao_station_page_set_item_states (DabiaoStationPage *self,
                                     GHashTable        *states)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  g_clear_pointer (&self->item_states, g_hash_table_unref);
  self->item_states = states;
  _dabiao_station_page_update_queue_label (self);
  if (gtk_editable_get_text (GTK_EDITABLE (self->checkin_entry))[0] == '\0')
    _dabiao_station_page_show_class_queue (self);
}

/* Nothing to undo any more: Ctrl+Z only ever takes back the last thing
 * saved here, for the one on the card (findings-11b #1: after a hand entry
 * for the next person it voided the previous person's 缺测). */
static void
withdraw_undo (DabiaoStationPage *self)
{
  g_clear_handle_id (&self->undo_source, g_source_remove);
  g_clear_pointer (&self->undo_uuid, g_free);
  gtk_widget_set_visible (self->undo_button, FALSE);
  update_notice_band (self);
  _dabiao_station_page_update_actions (self);
}

static gboolean
undo_expired_cb (gpointer data)
{
  DabiaoStationPage *self = data;

  self->undo_source = 0;
  withdraw_undo (self);
  return G_SOURCE_REMOVE;
}

/**
 * dabiao_station_page_offer_undo:
 * @uuid: the measurement just recorded
 * @what: what undo takes back, e.g. "张三 犯规"
 *
 * For a few seconds, Ctrl+Z (or the button) emits ::undo with @uuid.
 */
void
dabiao_station_page_offer_undo (DabiaoStationPage *self,
                                const char        *uuid,
                                const char        *what)
{
  g_autofree char *label = NULL;

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  g_free (self->undo_uuid);
  self->undo_uuid = g_strdup (uuid);
  /* Translators: the undo button after a save: "撤销 张三 犯规（Ctrl+Z）", "撤销 张三 8.6 秒（Ctrl+Z）" */
  label = g_strdup_printf (_("Undo %s (Ctrl+Z)"), what);
  gtk_button_set_label (GTK_BUTTON (self->undo_button), label);
  gtk_widget_set_visible (self->undo_button, TRUE);
  update_notice_band (self);
  g_clear_handle_id (&self->undo_source, g_source_remove);
  self->undo_source = g_timeout_add_seconds (UNDO_SECONDS, undo_expired_cb, self);
  _dabiao_station_page_update_actions (self);
}

gboolean
dabiao_station_page_is_finished (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), FALSE);

  return self->state == STATE_FINISHED;
}

/**
 * dabiao_station_page_check_in:
 * @text: what was scanned or typed: an id, a name, or pinyin initials
 *
 * Checks in the participant with exactly this id, or the first match.
 *
 * Returns: whether someone was checked in
 */
gboolean
dabiao_station_page_check_in (DabiaoStationPage *self,
                              const char        *text)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *stripped = NULL;
  DabiaoRosterItem *merged;

  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), FALSE);

  if (self->roster == NULL || text == NULL || self->state == STATE_SAVING)
    return FALSE;

  stripped = g_strstrip (g_strdup (text));
  /* A badge of a second desk whose registration was merged into another
   * (findings-15b #1): that person, said so. */
  merged = dabiao_roster_model_find_merged (self->roster, stripped);
  if (merged != NULL)
    {
      g_autofree char *status = NULL;
      g_autofree char *upper = g_ascii_strup (stripped, -1);

      _dabiao_station_page_finish_checkin (self, merged);
      /* Translators: a badge's 编号, the 编号 it was merged into, then what the station says next */
      status = g_strdup_printf (_("%s was merged into %s. %s"), upper, dabiao_roster_item_get_id (merged),
                                gtk_label_get_label (self->status_label));
      _dabiao_station_page_set_status (self, self->state, status);
      return TRUE;
    }
  found = dabiao_roster_model_search (self->roster, stripped, 1);
  if (found->len == 0)
    return FALSE;

  _dabiao_station_page_finish_checkin (self, g_ptr_array_index (found, 0));
  return TRUE;
}

/**
 * dabiao_station_page_get_participant:
 *
 * Returns: (transfer none) (nullable): who is on the card
 */
DabiaoRosterItem *
dabiao_station_page_get_participant (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  return self->participant;
}

void
dabiao_station_page_set_attempts (DabiaoStationPage *self,
                                  guint              done,
                                  guint              allowed)
{
  g_autofree char *text = NULL;

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  self->attempts_done = done;
  self->attempts_allowed = allowed;
  if (done == 0 && allowed == 0)
    text = g_strdup ("");   /* none to count: 免测 */
  else if (allowed > 0)
    /* Translators: attempts at the current item (voided ones not counted) */
    text = g_strdup_printf (_("Attempts: %u of %u"), done, allowed);
  else
    text = g_strdup_printf (_("Attempts: %u"), done);
  gtk_label_set_label (self->attempts_label, text);
  /* The keys follow (another item's attempts, all used, had greyed them:
   * findings-18b #5, after a change of station). */
  _dabiao_station_page_update_actions (self);
}

void
dabiao_station_page_set_result (DabiaoStationPage *self,
                                const char        *score,
                                const char        *level)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  gtk_label_set_label (self->score_label, score != NULL ? score : "");
  gtk_label_set_label (self->level_label, level != NULL ? level : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->level_label), "problem");
}

/* Why there is no total or level (等级; e.g. no birth date to find the age
 * group): where the level would be, in the size of the status line. */
void
dabiao_station_page_set_problem (DabiaoStationPage *self,
                                 const char        *score,
                                 const char        *problem)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  dabiao_station_page_set_result (self, score, problem);
  gtk_widget_add_css_class (GTK_WIDGET (self->level_label), "problem");
}

/**
 * dabiao_station_page_request:
 *
 * Asks to record @kind for the participant on the card (what the keys do).
 */
void
dabiao_station_page_request (DabiaoStationPage *self,
                             DabiaoRecordKind   kind,
                             double             value,
                             const char        *reason)
{
  g_autofree char *text = NULL;

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  if (self->participant == NULL || self->state == STATE_SAVING)
    return;
  withdraw_undo (self);
  /* A reading on screen that is not what is saved (F6 typed over it, 缺测)
   * is kept below, not dropped unseen (trial 18c #2). */
  if (self->state == STATE_READING && kind != DABIAO_RECORD_READING)
    _dabiao_station_page_add_unassigned (self, self->reading, NULL);

  switch (kind)
    {
    case DABIAO_RECORD_READING:
    case DABIAO_RECORD_MANUAL:
      text = _dabiao_station_page_format_value (self, value);
      break;
    case DABIAO_RECORD_FOUL:
      text = g_strdup ("犯规");
      break;
    case DABIAO_RECORD_ABSENT:
      text = g_strdup ("缺测");
      break;
    case DABIAO_RECORD_EXEMPT:
    default:
      text = g_strdup ("免测");
      break;
    }
  self->special_shown = kind != DABIAO_RECORD_READING && kind != DABIAO_RECORD_MANUAL;
  _dabiao_station_page_set_reading_text (self, text);
  _dabiao_station_page_set_status (self, STATE_SAVING, _("Saving…"));
  g_signal_emit (self, signals[SIGNAL_RECORD], 0, (int) kind, value, reason);
}

static gboolean
show_pending_cb (gpointer data)
{
  DabiaoStationPage *self = data;
  g_autofree char *note = g_steal_pointer (&self->pending_note);

  self->pending_source = 0;
  if (self->has_pending)
    {
      self->has_pending = FALSE;
      dabiao_station_page_show_reading_with_note (self, self->pending, note);
    }
  return G_SOURCE_REMOVE;
}

/**
 * dabiao_station_page_record_finished:
 * @saved_text: (nullable): what to say when saved, e.g. "已保存 · 第 2 次"
 * @error: (nullable): why it was not saved
 *
 * Called when the commit that ::record started has completed (durably) or
 * failed.  Plays the saved or error cue.
 */
void
dabiao_station_page_record_finished (DabiaoStationPage *self,
                                     const char        *saved_text,
                                     const GError      *error)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

      _dabiao_station_page_set_status (self, STATE_ERROR, message);
      dabiao_cue_play (self->reading_box, DABIAO_CUE_ERROR);
    }
  else
    {
      _dabiao_station_page_set_status (self, STATE_SAVED, saved_text != NULL ? saved_text : _("Saved"));
      dabiao_cue_play (self->reading_box, DABIAO_CUE_SAVED);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->checkin_entry));

  /* A reading that arrived during the save: shown after the saved cue, so
   * it never appears inside the saved flash. */
  if (self->has_pending && self->pending_source == 0)
    self->pending_source = g_timeout_add (PENDING_DELAY_MS, show_pending_cb, self);
}

/**
 * dabiao_station_page_forget_result:
 *
 * The result on screen (saved, or the best once finished) was corrected or
 * voided elsewhere (the results page, another station): it is no longer
 * shown; the participant's standing, asked for again, shows what stands
 * (findings-18b #4: 0'10" 100 分 stayed after a 更正 to 4'05").  A reading
 * waiting for Enter is left alone.
 */
void
dabiao_station_page_forget_result (DabiaoStationPage *self)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  if (self->participant == NULL
      || (self->state != STATE_SAVED && self->state != STATE_FINISHED && self->finished_text == NULL))
    return;
  g_clear_pointer (&self->finished_text, g_free);
  clear_reading (self);
  _dabiao_station_page_set_status (self, STATE_WAITING, _("Waiting for the reading…"));
}

void
dabiao_station_page_set_link (DabiaoStationPage *self,
                              DabiaoLinkState    state,
                              const char        *description)
{
  static const char *classes[] = { "link-none", "link-connecting", "link-connected", "link-error" };
  const char *text = description;

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->link_box), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->link_box), classes[state]);

  if (text == NULL)
    {
      switch (state)
        {
        case DABIAO_LINK_CONNECTING:
          text = _("Connecting…");
          break;
        case DABIAO_LINK_CONNECTED:
          text = _("Connected");
          break;
        case DABIAO_LINK_ERROR:
          text = _("Instrument not connected");
          break;
        case DABIAO_LINK_NONE:
        default:
          text = _("No instrument");
          break;
        }
    }
  gtk_label_set_label (self->link_label, text);
  /* The whole of it, should it be cut, and where the button leads. */
  {
    g_autofree char *tooltip = g_strdup_printf ("%s\n%s", text, _("Choose the instrument: Preferences → Instrument"));

    gtk_widget_set_tooltip_text (self->link_button, tooltip);
  }
}

const char *
dabiao_station_page_get_status_text (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  return gtk_label_get_label (self->status_label);
}

/* Queue mode's line, e.g. "2101 班：第 1 人 / 共 3 人". */
const char *
dabiao_station_page_get_queue_text (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  return gtk_label_get_label (self->queue_label);
}

const char *
dabiao_station_page_get_reading_text (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  return gtk_label_get_label (self->reading_label);
}

/* The instrument's status line (for tests: its text, whether it is cut). */
GtkLabel *
dabiao_station_page_get_link_label (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  return self->link_label;
}

void
dabiao_station_page_select_item (DabiaoStationPage *self,
                                 guint              position)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  if (position < g_list_model_get_n_items (G_LIST_MODEL (self->item_list)))
    gtk_drop_down_set_selected (self->item_dropdown, position);
}

const char *
dabiao_station_page_get_score_text (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  return gtk_label_get_label (self->score_label);
}

/**
 * dabiao_station_page_set_group:
 * @group: (nullable): the checked-in participant's age group (20～24岁组),
 *   for standards grouped by age; NULL shows the grade and class
 */
void
dabiao_station_page_set_group (DabiaoStationPage *self,
                               const char        *group)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  if (g_strcmp0 (group, self->group) == 0)
    return;
  g_free (self->group);
  self->group = g_strdup (group);
  if (self->participant != NULL)
    update_details (self);
}

const char *
dabiao_station_page_get_details_text (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  return gtk_label_get_label (self->details_label);
}

/* The total and level (等级), a special result, or why no score is shown. */
const char *
dabiao_station_page_get_level_text (DabiaoStationPage *self)
{
  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  return gtk_label_get_label (self->level_label);
}

/**
 * dabiao_station_page_set_stations:
 * @names: (array zero-terminated=1) (nullable): the event's defined stations
 *
 * Offers the defined stations (after "All items", which leaves every item
 * to choose from).  Hidden when there are none.  Selects "All items".
 */
void
dabiao_station_page_set_stations (DabiaoStationPage  *self,
                                  const char * const *names)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  guint n;

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  g_strv_builder_add (builder, _("All items"));
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_strv_builder_add (builder, names[i]);
  list = g_strv_builder_end (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->station_list));
  gtk_string_list_splice (self->station_list, 0, n, (const char * const *) list);
  gtk_widget_set_visible (GTK_WIDGET (self->station_box), names != NULL && names[0] != NULL);
  gtk_drop_down_set_selected (self->station_dropdown, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
}

/**
 * dabiao_station_page_select_station:
 * @name: (nullable): a defined station, or NULL for "All items"
 *
 * Returns: whether @name is one of the stations offered
 */
gboolean
dabiao_station_page_select_station (DabiaoStationPage *self,
                                    const char        *name)
{
  guint n;

  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), FALSE);

  if (name == NULL)
    {
      gtk_drop_down_set_selected (self->station_dropdown, 0);
      return TRUE;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->station_list));
  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->station_list, i), name))
      {
        gtk_drop_down_set_selected (self->station_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * dabiao_station_page_get_station:
 *
 * Returns: (nullable): the defined station chosen, NULL for none
 */
const char *
dabiao_station_page_get_station (DabiaoStationPage *self)
{
  guint pos;

  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), NULL);

  pos = gtk_drop_down_get_selected (self->station_dropdown);
  if (pos == 0 || pos == GTK_INVALID_LIST_POSITION
      || pos >= g_list_model_get_n_items (G_LIST_MODEL (self->station_list)))
    return NULL;
  return gtk_string_list_get_string (self->station_list, pos);
}

/**
 * dabiao_station_page_set_by_age:
 * @by_age: the event's standard groups people by age (国民体质): they have
 *   an 编号 and a 单位, no 学号 and no class
 */
void
dabiao_station_page_set_by_age (DabiaoStationPage *self,
                                gboolean           by_age)
{
  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  self->by_age = by_age;
  /* (gtk_search_entry_set_placeholder_text() is GTK 4.10) */
  g_object_set (self->checkin_entry, "placeholder-text",
                by_age ? _("Scan, or type a number, a name or pinyin initials")
                       : _("Scan, or type an ID, a name or pinyin initials"), NULL);
  gtk_label_set_label (self->next_label, by_age ? _("Next") : _("Next in class"));
  if (self->state == STATE_IDLE)
    _dabiao_station_page_set_status (self, STATE_IDLE, _dabiao_station_page_idle_prompt (self));
}
