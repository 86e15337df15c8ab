/* dabiao-station-queue.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-station-page-private.h"

/* Check-in: who matches what is typed; with nothing typed, the class of
 * the one on the card as a queue (next, done, absent, not theirs); PgDn to
 * the next who is not finished and whom the item is for. */

static DabiaoItemState
item_state_of (DabiaoStationPage *self,
               DabiaoRosterItem  *item)
{
  gpointer state;

  if (self->item_states == NULL
      || !g_hash_table_lookup_extended (self->item_states, dabiao_roster_item_get_id (item), NULL, &state))
    return DABIAO_ITEM_STATE_OPEN;
  return GPOINTER_TO_INT (state);
}

static const char *
item_state_label (DabiaoItemState state)
{
  switch (state)
    {
    case DABIAO_ITEM_STATE_DONE:
      /* Translators: the participant has used every attempt at the item */
      return _("Finished");
    case DABIAO_ITEM_STATE_ABSENT:
      return "缺测";
    case DABIAO_ITEM_STATE_EXEMPT:
      return "免测";
    case DABIAO_ITEM_STATE_STARTED:
      /* Translators: in the class queue: some attempts used, some left */
      return _("Incomplete");
    case DABIAO_ITEM_STATE_NOT_APPLICABLE:
      /* Translators: in the class queue: the item is not the participant's (800米 for a boy) */
      return _("Not applicable");
    case DABIAO_ITEM_STATE_OPEN:
    default:
      return _("Not yet tested");
    }
}

/* Where @participant is in @queue, found by id, not by pointer: a roster
 * reloaded meanwhile (a walk-in registered, an import, a sync) holds new
 * items for the same people, and the first in the class was then marked
 * 当前.  G_MAXUINT when not there. */
static guint
queue_position (GPtrArray        *queue,
                DabiaoRosterItem *participant)
{
  const char *id = dabiao_roster_item_get_id (participant);

  for (guint i = 0; i < queue->len; i++)
    if (g_strcmp0 (dabiao_roster_item_get_id (g_ptr_array_index (queue, i)), id) == 0)
      return i;
  return G_MAXUINT;
}

/* The queue line: "2101 班：第 3 人 / 共 42 人 · 已测完 2 人". */
void
_dabiao_station_page_update_queue_label (DabiaoStationPage *self)
{
  g_autoptr(GPtrArray) queue = NULL;
  const char *class_name;
  g_autofree char *text = NULL;
  g_autofree char *done_text = NULL;
  guint pos = 0;
  guint done = 0;

  if (self->participant == NULL || self->roster == NULL)
    {
      gtk_label_set_label (self->queue_label, "");
      return;
    }
  class_name = dabiao_roster_item_get_class_name (self->participant);
  queue = dabiao_roster_model_class_queue (self->roster, class_name);
  pos = queue_position (queue, self->participant);
  if (pos == G_MAXUINT)
    pos = 0;
  /* Done: finished, absent or exempt; not those the item is not for. */
  for (guint i = 0; i < queue->len; i++)
    {
      DabiaoItemState state = item_state_of (self, g_ptr_array_index (queue, i));

      if (state != DABIAO_ITEM_STATE_OPEN && state != DABIAO_ITEM_STATE_STARTED
          && state != DABIAO_ITEM_STATE_NOT_APPLICABLE)
        done++;
    }

  /* A class named like "初一1班" already says 班, and a work unit (测试单位,
   * 国民体质 events) is no class; only a code like 1101 gets "班". */
  if (class_name[0] == '\0')
    /* Translators: queue mode for participants without a class: "3 of 42" */
    text = g_strdup_printf (_("Queue: %u of %u"), pos + 1, queue->len);
  else if (g_str_has_suffix (class_name, "班")
           || strspn (class_name, "0123456789") != strlen (class_name))
    /* Translators: queue mode, the class's name already says "class": "初一1班: 3 of 42" */
    text = g_strdup_printf (_("%s: %u of %u"), class_name, pos + 1, queue->len);
  else
    /* Translators: queue mode: "class 1101: 3 of 42" */
    text = g_strdup_printf (_("Class %s: %u of %u"), class_name, pos + 1, queue->len);
  /* Translators: after the queue line: how many of the class are done with the item */
  done_text = g_strdup_printf (_("%s · %u done"), text, done);
  gtk_label_set_label (self->queue_label, done > 0 ? done_text : text);
}

static void
clear_matches (DabiaoStationPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->match_list))) != NULL)
    {
      if (!GTK_IS_LIST_BOX_ROW (child))
        break;
      gtk_list_box_remove (self->match_list, child);
    }
  g_clear_pointer (&self->matches, g_ptr_array_unref);
}

static void
append_person_row (DabiaoStationPage *self,
                   const char        *title,
                   const char        *subtitle,
                   gboolean           dim)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (dim)
    gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (self->match_list, row);
}

/* The row of the one on the card in sight in the class list, once laid
 * out (trial 18c #11: at 1024×600 the sixth of the class was below it). */
static gboolean
scroll_to_current_cb (gpointer data)
{
  DabiaoStationPage *self = data;
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->match_list);
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self->match_list), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  self->scroll_source = 0;
  if (row != NULL && scroller != NULL
      && gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->match_list), &bounds))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      double value = gtk_adjustment_get_value (adjustment);
      double page = gtk_adjustment_get_page_size (adjustment);
      double top = bounds.origin.y, bottom = bounds.origin.y + bounds.size.height;

      if (top < value)
        gtk_adjustment_set_value (adjustment, top);
      else if (bottom > value + page)
        gtk_adjustment_set_value (adjustment, bottom - page);
    }
  return G_SOURCE_REMOVE;
}

/* With nothing typed, the list beside the reading is the class queue: who
 * is next, who is done, who was absent (activating a row checks in). */
void
_dabiao_station_page_show_class_queue (DabiaoStationPage *self)
{
  guint pos = 0;

  clear_matches (self);
  if (self->participant == NULL || self->roster == NULL)
    return;
  self->matches = dabiao_roster_model_class_queue (self->roster,
                                                   dabiao_roster_item_get_class_name (self->participant));
  pos = queue_position (self->matches, self->participant);
  for (guint i = 0; i < self->matches->len; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (self->matches, i);
      DabiaoItemState state = item_state_of (self, item);
      g_autofree char *subtitle = NULL;

      if (i == pos)
        /* Translators: the participant on the card, in the class queue */
        subtitle = g_strdup_printf (_("%s · %s · on the card"), dabiao_roster_item_get_id (item),
                                    item_state_label (state));
      else
        subtitle = g_strdup_printf ("%s · %s", dabiao_roster_item_get_id (item), item_state_label (state));
      append_person_row (self, dabiao_roster_item_get_name (item), subtitle,
                         state != DABIAO_ITEM_STATE_OPEN && state != DABIAO_ITEM_STATE_STARTED && i != pos);
    }
  /* Nobody found: no row is marked (never the first by default). */
  if (pos != G_MAXUINT)
    {
      gtk_list_box_select_row (self->match_list, gtk_list_box_get_row_at_index (self->match_list, pos));
      /* After the layout (an idle below the redraw's priority). */
      if (self->scroll_source == 0)
        self->scroll_source = g_idle_add (scroll_to_current_cb, self);
    }
}

void
_dabiao_station_page_checkin_changed_cb (DabiaoStationPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->checkin_entry));

  clear_matches (self);
  if (self->roster == NULL)
    return;
  if (text[0] == '\0')
    {
      _dabiao_station_page_show_class_queue (self);
      return;
    }

  self->matches = dabiao_roster_model_search (self->roster, text, MAX_MATCHES);
  for (guint i = 0; i < self->matches->len; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (self->matches, i);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s",
                                                   dabiao_roster_item_get_id (item),
                                                   dabiao_sex_label (dabiao_roster_item_get_sex (item)),
                                                   dabiao_roster_item_get_class_name (item));

      append_person_row (self, dabiao_roster_item_get_name (item), subtitle, FALSE);
    }
  if (self->matches->len > 0)
    gtk_list_box_select_row (self->match_list, gtk_list_box_get_row_at_index (self->match_list, 0));
}

void
_dabiao_station_page_match_activated_cb (DabiaoStationPage *self,
                                         GtkListBoxRow     *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->matches != NULL && index >= 0 && (guint) index < self->matches->len)
    _dabiao_station_page_finish_checkin (self, g_ptr_array_index (self->matches, index));
}

/* PgDn: the next in the class who is not finished and whom the item is
 * for (after the one on the card, then from the start of the class). */
void
_dabiao_station_page_next_activated_cb (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);
  g_autoptr(GPtrArray) queue = NULL;
  guint pos = 0;

  if (self->participant == NULL || self->roster == NULL)
    return;

  queue = dabiao_roster_model_class_queue (self->roster,
                                           dabiao_roster_item_get_class_name (self->participant));
  pos = queue_position (queue, self->participant);
  /* After the one on the card; the whole class if they are not in it. */
  for (guint k = pos == G_MAXUINT ? 0 : 1; k < queue->len; k++)
    {
      DabiaoRosterItem *next = g_ptr_array_index (queue, ((pos == G_MAXUINT ? 0 : pos) + k) % queue->len);

      DabiaoItemState state = item_state_of (self, next);

      if (state == DABIAO_ITEM_STATE_OPEN || state == DABIAO_ITEM_STATE_STARTED)
        {
          _dabiao_station_page_finish_checkin (self, next);
          /* Past the last of the class, back to the top: said, not silent
           * (findings-18b #9). */
          if (pos != G_MAXUINT && pos + k >= queue->len)
            _dabiao_station_page_set_status (self, STATE_WAITING,
                                             self->by_age
                                             /* Translators: adults' queue is their 单位 (or everyone), not a class */
                                             ? _("Back to the top of the queue: the first still to test. Waiting for the reading…")
                                             : _("Back to the top of the class: the first still to test. Waiting for the reading…"));
          return;
        }
    }
  _dabiao_station_page_set_status (self, self->state == STATE_READING || self->state == STATE_FINISHED ? self->state : STATE_WAITING,
              self->by_age ? _("No one else has this item left to do.")
                           : _("No one else in the class has this item left to do."));
}

/* ---- typing anywhere ---------------------------------------------------- */

/* A badge scanner types wherever the focus is (findings-11c #3: after a
 * click on the 测试站 tab, a scan and its Enter opened the main menu).  While
 * the page is shown, a printable key typed where no text field has the
 * focus goes to the check-in field, which takes the focus, so the rest of
 * the scan and its Enter follow; Ctrl+F goes there too. */
static gboolean
typing_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       DabiaoStationPage     *self)
{
  GtkWidget *scope = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  GtkRoot *root = gtk_widget_get_root (scope);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *entry = GTK_WIDGET (self->checkin_entry);
  gunichar c = gdk_keyval_to_unicode (keyval);
  GdkModifierType modifiers = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || !gtk_widget_is_sensitive (entry))
    return GDK_EVENT_PROPAGATE;
  /* The keys of a popover (a menu, a drop-down's list) are its own. */
  if (event == NULL || root == NULL || gdk_event_get_surface (event) != gtk_native_get_surface (GTK_NATIVE (root)))
    return GDK_EVENT_PROPAGATE;
  if (modifiers == GDK_CONTROL_MASK && (keyval == GDK_KEY_f || keyval == GDK_KEY_F))
    {
      gtk_widget_grab_focus (entry);
      return GDK_EVENT_STOP;
    }
  if (modifiers != 0 || c == 0 || !g_unichar_isgraph (c))
    return GDK_EVENT_PROPAGATE;
  if (focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus)))
    return GDK_EVENT_PROPAGATE;
  /* What was typed before is replaced, as a scan expects. */
  gtk_widget_grab_focus (entry);
  return gtk_event_controller_key_forward (controller, GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (entry))));
}

/**
 * dabiao_station_page_catch_typing:
 * @scope: the window's content (its header and pages)
 *
 * Sends what is typed in @scope, while this page is shown and no text field
 * has the focus, to the check-in field (a scan wherever the focus is).
 */
void
dabiao_station_page_catch_typing (DabiaoStationPage *self,
                                  GtkWidget         *scope)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (DABIAO_IS_STATION_PAGE (self));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (typing_key_pressed_cb), self, 0);
  gtk_widget_add_controller (scope, keys);
}
