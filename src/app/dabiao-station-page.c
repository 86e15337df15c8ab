/* dabiao-station-page.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <math.h>
#include <glib/gi18n-lib.h>

#include "dabiao-cue.h"
#include "dabiao-event-items.h"
#include "dabiao-reading.h"
#include "dabiao-station-page.h"

/* The operator's page.  Focus lives in the check-in entry all day: a scan or
 * a typed id plus Enter checks a participant in; the instrument's reading
 * shows big; Enter on the empty entry confirms it; Esc drops it (retry);
 * F3–F6 record a foul, absent, exempt or a manual value (each asks once;
 * a special can be undone for a few seconds, Ctrl+Z); PgDn walks the class,
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

typedef enum
{
  STATE_IDLE,     /* nobody checked in */
  STATE_WAITING,  /* checked in, waiting for a reading */
  STATE_READING,  /* a reading to confirm */
  STATE_SAVING,   /* a record on its way to disk */
  STATE_SAVED,
  STATE_ERROR,
  STATE_FINISHED, /* every allowed attempt used, or exempt: no reading offered */
} State;

typedef struct
{
  double  value;
  char   *note;
  char   *shown;  /* "8.6 秒（09:10:02）": with the unit of the item then */
} Unassigned;

static void
unassigned_free (Unassigned *u)
{
  g_free (u->note);
  g_free (u->shown);
  g_free (u);
}

/* A reading kept back during a save is shown this long after "saved", so
 * it never appears inside the saved flash. */
#define PENDING_DELAY_MS 1200
/* How long a special can be undone. */
#define UNDO_SECONDS 8

/* ---- the page's two layouts ------------------------------------------------
 *
 * Wide (a station laptop, ≥ NARROW_BELOW px): check-in beside the reading.
 * Narrow (a phone-sized window, down to 360 px): check-in above it.  A
 * layout manager rather than a box whose orientation is switched: measure()
 * must report the narrow minimum so that the window can shrink at all, and
 * allocate() then chooses by the width it is given. */

#define NARROW_BELOW 720

#define DABIAO_TYPE_STATION_LAYOUT (dabiao_station_layout_get_type ())
G_DECLARE_FINAL_TYPE (DabiaoStationLayout, dabiao_station_layout, DABIAO, STATION_LAYOUT, GtkLayoutManager)

struct _DabiaoStationLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (DabiaoStationLayout, dabiao_station_layout, GTK_TYPE_LAYOUT_MANAGER)

static void
station_layout_measure (GtkLayoutManager *manager,
                        GtkWidget        *widget,
                        GtkOrientation    orientation,
                        int               for_size,
                        int              *minimum,
                        int              *natural,
                        int              *minimum_baseline,
                        int              *natural_baseline)
{
  gboolean narrow = orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0 && for_size < NARROW_BELOW;
  int sum_min = 0, sum_nat = 0, max_min = 0, max_nat = 0;
  int widths[3] = { -1, -1, -1 };
  guint i = 0;

  /* Heights for a width: each child at the width it will be given. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    {
      GtkWidget *sidebar = gtk_widget_get_first_child (widget);
      int min, nat, sep;

      if (narrow)
        widths[0] = widths[1] = widths[2] = for_size;
      else
        {
          gtk_widget_measure (sidebar, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
          widths[0] = MAX (min, MIN (nat, for_size / 3));
          gtk_widget_measure (gtk_widget_get_next_sibling (sidebar), GTK_ORIENTATION_HORIZONTAL, -1, &sep, NULL, NULL, NULL);
          widths[1] = sep;
          widths[2] = MAX (0, for_size - widths[0] - sep);
        }
    }
  else if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      /* No width given (a toplevel asks so for its minimum height): the
       * wide layout at its natural widths, not the tall narrow one. */
      GtkWidget *child = gtk_widget_get_first_child (widget);

      for (guint k = 0; k < 3 && child != NULL; k++, child = gtk_widget_get_next_sibling (child))
        gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &widths[k], NULL, NULL);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, widths[MIN (i, 2)], &child_min, &child_nat, NULL, NULL);
      sum_min += child_min;
      sum_nat += child_nat;
      max_min = MAX (max_min, child_min);
      max_nat = MAX (max_nat, child_nat);
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* As narrow as the narrow layout allows; as wide as side by side. */
      *minimum = max_min;
      *natural = MAX (sum_nat, max_min);
    }
  else if (narrow)
    {
      *minimum = sum_min;
      *natural = sum_nat;
    }
  else
    {
      *minimum = max_min;
      *natural = max_nat;
    }
  *minimum_baseline = *natural_baseline = -1;
}

static void
station_layout_allocate (GtkLayoutManager *manager,
                         GtkWidget        *widget,
                         int               width,
                         int               height,
                         int               baseline)
{
  GtkWidget *sidebar = gtk_widget_get_first_child (widget);
  GtkWidget *separator = gtk_widget_get_next_sibling (sidebar);
  GtkWidget *main = gtk_widget_get_next_sibling (separator);
  int min, nat;

  if (width >= NARROW_BELOW)
    {
      int side, sep = 0;

      gtk_widget_measure (sidebar, GTK_ORIENTATION_HORIZONTAL, height, &min, &nat, NULL, NULL);
      side = MAX (min, MIN (nat, width / 3));
      gtk_widget_measure (separator, GTK_ORIENTATION_HORIZONTAL, height, &sep, NULL, NULL, NULL);
      gtk_widget_size_allocate (sidebar, &(GtkAllocation) { 0, 0, side, height }, -1);
      gtk_widget_size_allocate (separator, &(GtkAllocation) { side, 0, sep, height }, -1);
      gtk_widget_size_allocate (main, &(GtkAllocation) { side + sep, 0, MAX (0, width - side - sep), height }, -1);
    }
  else
    {
      int side, main_min;

      /* The check-in gets what it needs, at most a third of the height
       * when the reading needs the rest. */
      gtk_widget_measure (sidebar, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
      gtk_widget_measure (main, GTK_ORIENTATION_VERTICAL, width, &main_min, NULL, NULL, NULL);
      side = MAX (min, MIN (nat, height - main_min));
      side = MAX (min, MIN (side, MAX (height / 3, height - main_min)));
      int sep = 0;

      gtk_widget_measure (separator, GTK_ORIENTATION_VERTICAL, width, &sep, NULL, NULL, NULL);
      gtk_widget_size_allocate (sidebar, &(GtkAllocation) { 0, 0, width, side }, -1);
      gtk_widget_size_allocate (separator, &(GtkAllocation) { 0, side, width, sep }, -1);
      gtk_widget_size_allocate (main, &(GtkAllocation) { 0, side + sep, width, MAX (0, height - side - sep) }, -1);
    }
}

static GtkSizeRequestMode
station_layout_request_mode (GtkLayoutManager *manager,
                             GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
dabiao_station_layout_class_init (DabiaoStationLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->measure = station_layout_measure;
  manager_class->allocate = station_layout_allocate;
  manager_class->get_request_mode = station_layout_request_mode;
}

static void
dabiao_station_layout_init (DabiaoStationLayout *self)
{
}

struct _DabiaoStationPage
{
  AdwBin             parent_instance;

  GtkWidget         *layout_box;
  GtkSearchEntry    *checkin_entry;
  GtkListBox        *match_list;
  GtkLabel          *queue_label;
  GtkDropDown       *item_dropdown;
  GtkStringList     *item_list;
  GtkBox            *station_box;
  GtkDropDown       *station_dropdown;
  GtkStringList     *station_list;
  GtkBox            *link_box;
  GtkLabel          *link_label;
  GtkLabel          *name_label;
  GtkLabel          *details_label;
  GtkLabel          *attempts_label;
  GtkWidget         *reading_box;
  GtkLabel          *reading_label;
  GtkLabel          *unit_label;
  GtkLabel          *score_label;
  GtkLabel          *level_label;
  GtkLabel          *status_label;
  GtkWidget         *undo_button;
  GtkWidget         *unassigned_box;
  GtkLabel          *unassigned_label;

  DabiaoRosterModel *roster;
  DabiaoRosterItem  *participant;
  GPtrArray         *matches;
  char              *unit;
  int                decimals;
  State              state;
  double             reading;
  gboolean           has_pending;
  double             pending;
  char              *pending_note;
  char              *group;          /* the participant's age group (国民体质), or NULL */
  DabiaoEventItem   *value_item;     /* how typed values of the item are read */
  guint              attempts_done;
  guint              attempts_allowed;
  char              *finished_text;  /* the best result once finished */
  guint              pending_source; /* shows the kept reading after "saved" */
  GPtrArray         *unassigned;     /* Unassigned, oldest first */
  GHashTable        *item_states;    /* participant id → DabiaoItemState + 1 */
  char              *undo_uuid;      /* the special that can be undone */
  guint              undo_source;
  gboolean           special_shown;  /* the reading label holds 犯规/缺测/免测 */
};

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

#define MAX_MATCHES 50

/* Every allowed attempt used (or exempt): nothing more is offered for the
 * one on the card, whatever the status line says meanwhile (a check-in
 * that found no one, a message). */
static gboolean
attempts_used (DabiaoStationPage *self)
{
  return self->state == STATE_FINISHED || self->finished_text != NULL
         || (self->attempts_allowed > 0 && self->attempts_done >= self->attempts_allowed);
}

static void
update_actions (DabiaoStationPage *self)
{
  gboolean saving = self->state == STATE_SAVING;
  gboolean have = self->participant != NULL && !saving && !attempts_used (self);
  gboolean unassigned = self->unassigned != NULL && self->unassigned->len > 0;

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
                                 unassigned && have && self->state != STATE_READING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "station.discard", unassigned && !saving);
}

static void
set_status (DabiaoStationPage *self,
            State              state,
            const char        *text)
{
  GtkWidget *label = GTK_WIDGET (self->status_label);

  self->state = state;
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
  update_actions (self);
}

/* A value as it is stored: never rounded away (7.6 s of a whole-second
 * item is 7.6, not 8); 分.秒 items as 1'45". */
static char *
format_value (DabiaoStationPage *self,
              double             value)
{
  if (self->value_item->code[0] == '\0')
    return g_strdup_printf ("%.*f", self->decimals, value);
  return dabiao_event_item_format_measured (self->value_item, value);
}

/* The one unit word after a value: none after 1'45" (it carries its own). */
static const char *
unit_word (DabiaoStationPage *self)
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
  g_autofree char *number = format_value (self, value);

  return unit_word (self)[0] != '\0' ? g_strdup_printf ("%s %s", number, unit_word (self)) : g_steal_pointer (&number);
}

static void
set_reading_text (DabiaoStationPage *self,
                  const char        *text)
{
  gboolean empty = text == NULL;

  gtk_label_set_label (self->reading_label, empty ? "—" : text);
  gtk_label_set_label (self->unit_label, unit_word (self));
  if (empty)
    gtk_widget_add_css_class (GTK_WIDGET (self->reading_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->reading_label), "dim-label");
  /* A value has a unit; 犯规, 缺测, 免测 and "—" have none. */
  gtk_widget_set_visible (GTK_WIDGET (self->unit_label),
                          !empty && !self->special_shown && unit_word (self)[0] != '\0');
}

static void
clear_reading (DabiaoStationPage *self)
{
  set_reading_text (self, NULL);
  gtk_label_set_label (self->score_label, "");
  gtk_label_set_label (self->level_label, "");
}

/* ---- readings for nobody ------------------------------------------------- */

static void
show_unassigned (DabiaoStationPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = self->unassigned->len;

  gtk_widget_set_visible (self->unassigned_box, n > 0);
  if (n > 0)
    {
      /* Translators: readings that arrived for no one (no one checked in, or finished) */
      g_string_append_printf (text, _("Unassigned readings (%u):"), n);
      /* The newest first, at most three. */
      for (guint i = n; i > 0 && i + 3 > n; i--)
        {
          Unassigned *u = g_ptr_array_index (self->unassigned, i - 1);

          g_string_append_printf (text, "%s%s", i == n ? " " : "；", u->shown);
        }
      gtk_label_set_label (self->unassigned_label, text->str);
    }
  update_actions (self);
}

static void
add_unassigned (DabiaoStationPage *self,
                double             value,
                const char        *note)
{
  Unassigned *u = g_new0 (Unassigned, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *shown = format_with_unit (self, value);

  u->value = value;
  u->note = g_strdup (note);
  /* ⚠ marks one outside the item's plausible range (checked again, with
   * the reason, when it is given to someone). */
  u->shown = g_strdup_printf ("%s%s（%s）", shown,
                              dabiao_event_item_check_value (self->value_item, value, NULL) != DABIAO_VALUE_VALID
                              ? " ⚠" : "", time);
  g_ptr_array_add (self->unassigned, u);
  show_unassigned (self);
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
    case DABIAO_ITEM_STATE_OPEN:
    default:
      return _("Not yet tested");
    }
}

/* The queue line: "2101 班：第 3 人 / 共 42 人 · 已测完 2 人". */
static void
update_queue_label (DabiaoStationPage *self)
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
  g_ptr_array_find (queue, self->participant, &pos);
  for (guint i = 0; i < queue->len; i++)
    if (item_state_of (self, g_ptr_array_index (queue, i)) != DABIAO_ITEM_STATE_OPEN)
      done++;

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

static void show_class_queue (DabiaoStationPage *self);

static void
set_participant (DabiaoStationPage *self,
                 DabiaoRosterItem  *item)
{
  /* A reading kept back for the one before is not this one's. */
  if (self->has_pending)
    {
      self->has_pending = FALSE;
      g_clear_handle_id (&self->pending_source, g_source_remove);
      add_unassigned (self, self->pending, self->pending_note);
      g_clear_pointer (&self->pending_note, g_free);
    }
  g_set_object (&self->participant, item);
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
      set_status (self, STATE_IDLE, _("Scan a card or type an ID to check a participant in."));
      return;
    }

  gtk_label_set_label (self->name_label, dabiao_roster_item_get_name (item));
  update_details (self);
  update_queue_label (self);

  set_status (self, STATE_WAITING, _("Waiting for the reading…"));
  g_signal_emit (self, signals[SIGNAL_CHECKED_IN], 0, item);
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

/* With nothing typed, the list beside the reading is the class queue: who
 * is next, who is done, who was absent (activating a row checks in). */
static void
show_class_queue (DabiaoStationPage *self)
{
  guint pos = G_MAXUINT;

  clear_matches (self);
  if (self->participant == NULL || self->roster == NULL)
    return;
  self->matches = dabiao_roster_model_class_queue (self->roster,
                                                   dabiao_roster_item_get_class_name (self->participant));
  /* By id, not by pointer: a roster reloaded meanwhile (a walk-in
   * registered, a sync) holds new items for the same people.  Nobody
   * found: no row is marked (never the first by default). */
  for (guint i = 0; i < self->matches->len && pos == G_MAXUINT; i++)
    if (g_strcmp0 (dabiao_roster_item_get_id (g_ptr_array_index (self->matches, i)),
                   dabiao_roster_item_get_id (self->participant)) == 0)
      pos = i;
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
                         state != DABIAO_ITEM_STATE_OPEN && i != pos);
    }
  if (pos != G_MAXUINT)
    gtk_list_box_select_row (self->match_list, gtk_list_box_get_row_at_index (self->match_list, pos));
}

static void
checkin_changed_cb (DabiaoStationPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->checkin_entry));

  clear_matches (self);
  if (self->roster == NULL)
    return;
  if (text[0] == '\0')
    {
      show_class_queue (self);
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

static void
finish_checkin (DabiaoStationPage *self,
                DabiaoRosterItem  *item)
{
  set_participant (self, item);
  gtk_editable_set_text (GTK_EDITABLE (self->checkin_entry), "");
  show_class_queue (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->checkin_entry));
}

static void
match_activated_cb (DabiaoStationPage *self,
                    GtkListBoxRow     *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->matches != NULL && index >= 0 && (guint) index < self->matches->len)
    finish_checkin (self, g_ptr_array_index (self->matches, index));
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

      set_status (self, self->participant != NULL ? STATE_ERROR : STATE_IDLE, message);
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

  if (self->state == STATE_READING)
    dabiao_station_page_request (self, DABIAO_RECORD_READING, self->reading, NULL);
}

static void
retry_activated_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);

  clear_reading (self);
  set_status (self, STATE_WAITING, _("Reading dropped. Waiting for the next one…"));
}

/* 犯规 and 缺测 ask once (Enter records, Esc cancels): one key must not
 * spend an attempt by accident. */

typedef struct
{
  DabiaoStationPage *page;
  DabiaoRecordKind   kind;
} SpecialDialog;

static void
special_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SpecialDialog    *data)
{
  if (g_str_equal (response, "record"))
    dabiao_station_page_request (data->page, data->kind, 0, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (data->page->checkin_entry));
  g_object_unref (data->page);
  g_free (data);
}

static char *
attempt_note (DabiaoStationPage *self)
{
  if (self->attempts_allowed == 0)
    return g_strdup ("");
  /* Translators: which attempt a foul or absence uses up, e.g. "(第 2 次，共 3 次)" */
  return g_strdup_printf (_(" (attempt %u of %u)"), self->attempts_done + 1, self->attempts_allowed);
}

static void
ask_special (DabiaoStationPage *self,
             DabiaoRecordKind   kind)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  SpecialDialog *data = g_new0 (SpecialDialog, 1);
  const char *name = dabiao_roster_item_get_name (self->participant);
  const char *item = dabiao_station_page_get_item (self);
  g_autofree char *note = attempt_note (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* No attempt beyond the allowed number is ever offered. */
  if (self->participant == NULL || attempts_used (self))
    {
      g_free (data);
      return;
    }
  data->page = g_object_ref (self);
  data->kind = kind;
  if (kind == DABIAO_RECORD_FOUL)
    /* Translators: 张三 · 50米跑: … (第 2 次，共 3 次) */
    body = g_strdup_printf (_("%s · %s: a foul counts as an attempt%s."), name, item != NULL ? item : "", note);
  else
    body = g_strdup_printf (_("%s · %s: absent counts as an attempt%s."), name, item != NULL ? item : "", note);
  dialog = adw_message_dialog_new (parent, kind == DABIAO_RECORD_FOUL ? _("Record a Foul?") : _("Record as Absent?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (special_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
foul_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ask_special (DABIAO_STATION_PAGE (widget), DABIAO_RECORD_FOUL);
}

static void
absent_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ask_special (DABIAO_STATION_PAGE (widget), DABIAO_RECORD_ABSENT);
}

/* The manual-entry and exempt dialogs: an AdwMessageDialog with entries as
 * its extra child.  A typed value is read by the one value reader of the
 * core (the same as `dabiao-cli record`): what it understood (1′48″ = 108
 * 秒) or why it is no value shows under the field as one types; a value
 * outside the item's plausible range needs a second Enter. */

typedef struct
{
  DabiaoStationPage *page;
  AdwMessageDialog  *dialog;
  GtkEntry          *value_entry;   /* NULL for exempt */
  GtkLabel          *value_label;   /* what the reader understood, or why not */
  GtkEntry          *reason_entry;
  DabiaoRecordKind   kind;
  DabiaoValueRead    read;
  gboolean           confirmed;     /* the implausible value was confirmed */
} EntryDialog;

static void
entry_dialog_update_cb (EntryDialog *data)
{
  g_autofree char *reason =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->reason_entry))));
  gboolean ok = reason[0] != '\0';

  if (data->value_entry != NULL)
    ok = ok && (data->read.verdict == DABIAO_VALUE_VALID
                || (data->read.verdict == DABIAO_VALUE_IMPLAUSIBLE && data->confirmed));
  adw_message_dialog_set_response_enabled (data->dialog, "record", ok);
}

static void
entry_dialog_value_changed_cb (EntryDialog *data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (data->value_entry));
  GtkWidget *label = GTK_WIDGET (data->value_label);
  g_autofree char *shown = NULL;

  dabiao_value_read_clear (&data->read);
  dabiao_event_item_read (data->page->value_item, text, &data->read);
  data->confirmed = FALSE;
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  switch (data->read.verdict)
    {
    case DABIAO_VALUE_VALID:
      /* Translators: what the typed value was read as: "1′48″ = 108 秒" */
      shown = g_strdup_printf (_("Reads as %s"), data->read.understood);
      break;
    case DABIAO_VALUE_IMPLAUSIBLE:
      /* Translators: a value outside the plausible range: the range, then how to go on */
      shown = g_strdup_printf (_("%s. Check it; press Enter again to record %s anyway."),
                               data->read.problem, data->read.understood);
      gtk_widget_add_css_class (label, "warning");
      break;
    case DABIAO_VALUE_INVALID:
    default:
      shown = g_strdup (text[0] != '\0' ? data->read.problem : "");
      gtk_widget_add_css_class (label, "error");
      break;
    }
  gtk_label_set_label (data->value_label, shown);
  entry_dialog_update_cb (data);
}

/* Enter in either field: records when all is well; the first Enter on an
 * implausible value only confirms it; otherwise moves to what is missing. */
static void
entry_dialog_enter_cb (EntryDialog *data)
{
  g_autofree char *reason =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->reason_entry))));

  if (data->value_entry != NULL)
    {
      if (data->read.verdict == DABIAO_VALUE_INVALID)
        {
          gtk_widget_grab_focus (GTK_WIDGET (data->value_entry));
          return;
        }
      if (data->read.verdict == DABIAO_VALUE_IMPLAUSIBLE && !data->confirmed)
        {
          g_autofree char *shown =
            /* Translators: after the first Enter on an implausible value */
            g_strdup_printf (_("%s. Confirmed: press Enter to record %s."), data->read.problem, data->read.understood);

          data->confirmed = TRUE;
          gtk_label_set_label (data->value_label, shown);
          entry_dialog_update_cb (data);
          return;
        }
    }
  if (reason[0] == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (data->reason_entry));
      return;
    }
  /* Closed as any dialog is closed, with 记录 as the response closing
   * gives: ::response (which frees @data), then the dialog is destroyed at
   * once.  It used to emit the response, hide the dialog and destroy it
   * from an idle; with another program's windows on the display (two test
   * processes, one Xvfb) GTK then sometimes asked a freed dialog for its
   * size ("invalid unclassed pointer in cast to 'GtkWindow'" from a
   * toplevel's compute-size: 7 of 8 runs of test-manual-entry).
   * Closing the normal way never did in 30 runs. */
  if (adw_message_dialog_get_response_enabled (data->dialog, "record"))
    {
      adw_message_dialog_set_close_response (data->dialog, "record");
      gtk_window_close (GTK_WINDOW (data->dialog));
    }
}

static void
entry_dialog_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          EntryDialog      *data)
{
  if (g_str_equal (response, "record"))
    {
      g_autofree char *reason =
        g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->reason_entry))));

      if (data->value_entry == NULL)
        dabiao_station_page_request (data->page, data->kind, 0, reason);
      else if (data->read.verdict == DABIAO_VALUE_VALID
               || (data->read.verdict == DABIAO_VALUE_IMPLAUSIBLE && data->confirmed))
        dabiao_station_page_request (data->page, data->kind,
                                     (double) data->read.value / DABIAO_VALUE_SCALE, reason);
    }
  gtk_widget_grab_focus (GTK_WIDGET (data->page->checkin_entry));
  /* The entries outlive this until the dialog goes: no more calls here. */
  if (data->value_entry != NULL)
    g_signal_handlers_disconnect_by_data (data->value_entry, data);
  g_signal_handlers_disconnect_by_data (data->reason_entry, data);
  dabiao_value_read_clear (&data->read);
  g_object_unref (data->page);
  g_free (data);
}

/* How values of the item are written, as the field's hint. */
static char *
value_hint (const DabiaoEventItem *item)
{
  if (item->format == DABIAO_VALUE_FORMAT_MIN_SEC)
    /* Translators: the hint in the value field of a 分.秒 item */
    return g_strdup (_("e.g. 1.48, 1′48″ or 108″"));
  if (g_str_equal (item->unit, "s"))
    return g_strdup (_("e.g. 7.8 or 7″8 (seconds)"));
  if (*dabiao_unit_label (item->unit) != '\0' && !g_str_equal (item->unit, "index"))
    /* Translators: the hint in the value field: the item's unit */
    return g_strdup_printf (_("In %s"), dabiao_unit_label (item->unit));
  return g_strdup (_("Value"));
}

static void
open_entry_dialog (DabiaoStationPage *self,
                   DabiaoRecordKind   kind)
{
  EntryDialog *data = g_new0 (EntryDialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  const char *heading;
  g_autofree char *body = NULL;

  /* No attempt beyond the allowed number is ever offered. */
  if (self->participant == NULL || attempts_used (self))
    {
      g_object_unref (g_object_ref_sink (box));
      g_free (data);
      return;
    }
  data->page = g_object_ref (self);
  data->kind = kind;

  if (kind == DABIAO_RECORD_MANUAL)
    {
      g_autofree char *hint = value_hint (self->value_item);

      heading = _("Manual Entry");
      /* Translators: 张三, 50米跑 */
      body = g_strdup_printf (_("Type the result of %s at %s. It is marked as entered by hand."),
                              dabiao_roster_item_get_name (self->participant), self->value_item->name);
      data->value_entry = GTK_ENTRY (gtk_entry_new ());
      gtk_widget_set_name (GTK_WIDGET (data->value_entry), "value-entry");
      gtk_entry_set_placeholder_text (data->value_entry, hint);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->value_entry));
      data->value_label = GTK_LABEL (gtk_label_new (""));
      gtk_widget_set_name (GTK_WIDGET (data->value_label), "value-understood");
      gtk_label_set_xalign (data->value_label, 0);
      gtk_label_set_wrap (data->value_label, TRUE);
      gtk_label_set_wrap_mode (data->value_label, PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (GTK_WIDGET (data->value_label), "caption");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->value_label));
    }
  else
    {
      heading = _("Exempt");
      body = g_strdup_printf (_("Why is %s exempt from this item?"),
                              dabiao_roster_item_get_name (self->participant));
    }

  data->reason_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (data->reason_entry), "reason-entry");
  gtk_entry_set_placeholder_text (data->reason_entry,
                                  kind == DABIAO_RECORD_MANUAL
                                  ? _("Reason (required), e.g. instrument failed")
                                  : _("Reason (required), e.g. injury"));
  gtk_widget_set_margin_top (GTK_WIDGET (data->reason_entry), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (data->reason_entry));

  data->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_set_extra_child (data->dialog, box);
  adw_message_dialog_add_responses (data->dialog,
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (data->dialog, "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (data->dialog, "record");
  adw_message_dialog_set_close_response (data->dialog, "cancel");
  adw_message_dialog_set_response_enabled (data->dialog, "record", FALSE);

  if (data->value_entry != NULL)
    {
      g_signal_connect_swapped (data->value_entry, "changed", G_CALLBACK (entry_dialog_value_changed_cb), data);
      g_signal_connect_swapped (data->value_entry, "activate", G_CALLBACK (entry_dialog_enter_cb), data);
      entry_dialog_value_changed_cb (data);   /* nothing typed yet: no value */
    }
  g_signal_connect_swapped (data->reason_entry, "changed", G_CALLBACK (entry_dialog_update_cb), data);
  g_signal_connect_swapped (data->reason_entry, "activate", G_CALLBACK (entry_dialog_enter_cb), data);
  g_signal_connect (data->dialog, "response", G_CALLBACK (entry_dialog_response_cb), data);

  gtk_window_present (GTK_WINDOW (data->dialog));
  gtk_widget_grab_focus (data->value_entry != NULL ? GTK_WIDGET (data->value_entry)
                                                   : GTK_WIDGET (data->reason_entry));
}

static void
exempt_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_entry_dialog (DABIAO_STATION_PAGE (widget), DABIAO_RECORD_EXEMPT);
}

static void
manual_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_entry_dialog (DABIAO_STATION_PAGE (widget), DABIAO_RECORD_MANUAL);
}

/* PgDn: the next in the class who is not finished (after the one on the
 * card, then from the start of the class). */
static void
next_activated_cb (GtkWidget  *widget,
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
  g_ptr_array_find (queue, self->participant, &pos);
  for (guint k = 1; k < queue->len; k++)
    {
      DabiaoRosterItem *next = g_ptr_array_index (queue, (pos + k) % queue->len);

      if (item_state_of (self, next) == DABIAO_ITEM_STATE_OPEN)
        {
          finish_checkin (self, next);
          return;
        }
    }
  set_status (self, self->state == STATE_READING || self->state == STATE_FINISHED ? self->state : STATE_WAITING,
              _("Everyone else in the class is finished with this item."));
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
      add_unassigned (self, self->pending, self->pending_note);
      g_clear_pointer (&self->pending_note, g_free);
    }
  g_clear_pointer (&self->item_states, g_hash_table_unref);
  g_clear_pointer (&self->finished_text, g_free);
  if (self->state != STATE_SAVING)
    {
      clear_reading (self);
      gtk_label_set_label (self->attempts_label, "");
      if (self->participant != NULL)
        set_status (self, STATE_WAITING, _("Waiting for the reading…"));
      if (self->participant != NULL)
        update_queue_label (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
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
  update_actions (self);
  if (uuid != NULL)
    g_signal_emit (self, signals[SIGNAL_UNDO], 0, uuid);
}

/* The newest unassigned reading becomes the reading of the one shown. */
static void
assign_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);
  Unassigned *u;
  double value;
  g_autofree char *note = NULL;

  if (self->unassigned->len == 0)
    return;
  u = g_ptr_array_index (self->unassigned, self->unassigned->len - 1);
  value = u->value;
  note = g_strdup (u->note);
  g_ptr_array_remove_index (self->unassigned, self->unassigned->len - 1);
  show_unassigned (self);
  dabiao_station_page_show_reading_with_note (self, value, note);
}

static void
discard_activated_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DabiaoStationPage *self = DABIAO_STATION_PAGE (widget);

  g_ptr_array_set_size (self->unassigned, 0);
  show_unassigned (self);
}

static void
station_selected_cb (DabiaoStationPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATION]);
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
  g_clear_handle_id (&self->pending_source, g_source_remove);
  g_clear_handle_id (&self->undo_source, g_source_remove);
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
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, layout_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, checkin_entry);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, match_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, queue_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, item_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, item_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, station_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, station_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, station_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, link_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, link_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, attempts_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, reading_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, reading_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, unit_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, score_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, level_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, undo_button);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, unassigned_box);
  gtk_widget_class_bind_template_child (widget_class, DabiaoStationPage, unassigned_label);
  gtk_widget_class_bind_template_callback (widget_class, checkin_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, station_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, checkin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, checkin_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, match_activated_cb);

  gtk_widget_class_install_action (widget_class, "station.confirm", NULL, confirm_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.retry", NULL, retry_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.foul", NULL, foul_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.absent", NULL, absent_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.exempt", NULL, exempt_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.manual", NULL, manual_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.next", NULL, next_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.focus-checkin", NULL, focus_checkin_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.undo", NULL, undo_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.assign", NULL, assign_activated_cb);
  gtk_widget_class_install_action (widget_class, "station.discard", NULL, discard_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F3, 0, "station.foul", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F4, 0, "station.absent", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "station.exempt", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "station.manual", NULL);
  gtk_widget_class_install_action (widget_class, "station.next-item", NULL, next_item_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F7, 0, "station.next-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "station.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "station.focus-checkin", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "station.focus-checkin", NULL);
}

static void
dabiao_station_page_init (DabiaoStationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Check-in beside the reading, or above it in a narrow window. */
  gtk_widget_set_layout_manager (self->layout_box, g_object_new (DABIAO_TYPE_STATION_LAYOUT, NULL));

  /* Ctrl+Z undoes the last record from anywhere on the page, the check-in
   * entry included: caught on the way down, before the entry's own undo of
   * its text.  While there is nothing to undo the action is off and the key
   * goes on to the entry. */
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                                                            gtk_named_action_new ("station.undo")));
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }

  self->decimals = 1;
  self->unassigned = g_ptr_array_new_with_free_func ((GDestroyNotify) unassigned_free);
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
      checkin_changed_cb (self);
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
  gtk_label_set_label (self->unit_label, unit_word (self));
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
    add_unassigned (self, self->reading, NULL);
  if (best == NULL)
    {
      gboolean was_finished = self->finished_text != NULL;

      g_clear_pointer (&self->finished_text, g_free);
      if (self->state == STATE_FINISHED || was_finished)
        {
          clear_reading (self);
          set_status (self, STATE_WAITING, _("Waiting for the reading…"));
        }
      return;
    }

  g_free (self->finished_text);
  self->finished_text = g_strdup (best);
  self->special_shown = !g_ascii_isdigit (best[0]) && best[0] != '-';
  set_reading_text (self, best);
  if (self->state == STATE_SAVED)
    /* Translators: after the last attempt was saved: "已保存 · 第 3 次 · 已测完" */
    status = g_strdup_printf (_("%s · finished"), gtk_label_get_label (self->status_label));
  else
    status = g_strdup (_("Finished: every attempt used. Check in the next participant (PgDn)."));
  set_status (self, STATE_FINISHED, status);
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
  update_queue_label (self);
  if (gtk_editable_get_text (GTK_EDITABLE (self->checkin_entry))[0] == '\0')
    show_class_queue (self);
}

static gboolean
undo_expired_cb (gpointer data)
{
  DabiaoStationPage *self = data;

  self->undo_source = 0;
  g_clear_pointer (&self->undo_uuid, g_free);
  gtk_widget_set_visible (self->undo_button, FALSE);
  update_actions (self);
  return G_SOURCE_REMOVE;
}

/**
 * dabiao_station_page_offer_undo:
 * @uuid: the special just recorded
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
  /* Translators: the undo button after a foul/absence was saved: "撤销 张三 犯规（Ctrl+Z）" */
  label = g_strdup_printf (_("Undo %s (Ctrl+Z)"), what);
  gtk_button_set_label (GTK_BUTTON (self->undo_button), label);
  gtk_widget_set_visible (self->undo_button, TRUE);
  g_clear_handle_id (&self->undo_source, g_source_remove);
  self->undo_source = g_timeout_add_seconds (UNDO_SECONDS, undo_expired_cb, self);
  update_actions (self);
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

  g_return_val_if_fail (DABIAO_IS_STATION_PAGE (self), FALSE);

  if (self->roster == NULL || text == NULL || self->state == STATE_SAVING)
    return FALSE;

  stripped = g_strstrip (g_strdup (text));
  found = dabiao_roster_model_search (self->roster, stripped, 1);
  if (found->len == 0)
    return FALSE;

  finish_checkin (self, g_ptr_array_index (found, 0));
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
  if (allowed > 0)
    /* Translators: attempts at the current item (voided ones not counted) */
    text = g_strdup_printf (_("Attempts: %u of %u"), done, allowed);
  else
    text = g_strdup_printf (_("Attempts: %u"), done);
  gtk_label_set_label (self->attempts_label, text);
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

      add_unassigned (self, value, note);
      if (self->state == STATE_READING)
        {
          /* Translators: a newer instrument reading arrived while one is shown:
           * "9.7 秒", then the shown "9.6 秒" */
          status = g_strdup_printf (_("A newer reading (%s) arrived and is kept below. Enter saves the %s shown; Esc drops it."),
                                    newer, shown);
          gtk_label_set_label (self->status_label, status);
          gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
          dabiao_cue_play (self->reading_box, DABIAO_CUE_ERROR);
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
  if (self->participant == NULL || attempts_used (self))
    {
      add_unassigned (self, value, note);
      if (self->participant == NULL)
        set_status (self, STATE_IDLE, _("A reading arrived, but no one is checked in: it is kept below as unassigned."));
      return FALSE;
    }

  text = format_value (self, value);
  self->reading = value;
  self->special_shown = FALSE;
  set_reading_text (self, text);
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

      set_status (self, STATE_READING, status);
    }
  else
    set_status (self, STATE_READING, _("Enter confirms, Esc retries."));
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

/* Why there is no total or grade (e.g. no birth date to find the age
 * group): where the grade would be, in the size of the status line. */
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

  switch (kind)
    {
    case DABIAO_RECORD_READING:
    case DABIAO_RECORD_MANUAL:
      text = format_value (self, value);
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
  set_reading_text (self, text);
  set_status (self, STATE_SAVING, _("Saving…"));
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

      set_status (self, STATE_ERROR, message);
      dabiao_cue_play (self->reading_box, DABIAO_CUE_ERROR);
    }
  else
    {
      set_status (self, STATE_SAVED, saved_text != NULL ? saved_text : _("Saved"));
      dabiao_cue_play (self->reading_box, DABIAO_CUE_SAVED);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->checkin_entry));

  /* A reading that arrived during the save: shown after the saved cue, so
   * it never appears inside the saved flash. */
  if (self->has_pending && self->pending_source == 0)
    self->pending_source = g_timeout_add (PENDING_DELAY_MS, show_pending_cb, self);
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

/* The total and grade, a special result, or why no score is shown. */
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
