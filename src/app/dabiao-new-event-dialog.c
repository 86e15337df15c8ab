/* dabiao-new-event-dialog.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-new-event-dialog.h"
#include "dabiao-reading.h"
#include "dabiao-standard.h"

/* The form keeps its own plain model (the items with their ticks and
 * attempts, the stations with their names and items) and rebuilds the
 * station rows from it when the structure changes (a station added or
 * removed, an item ticked or unticked); typing a name or ticking a
 * station's item only updates the model, so focus stays where it is.
 * Every change runs validate_cb(), which shows the first problem above the
 * form and enables Create only when there is none.
 *
 * Default stations: one per item, except 身高 and 体重, which share one
 * station (身高体重, always first): one scale measures both, and the
 * height-weight instruments send both values in one frame; and the step
 * test's time and three pulses, one station (台阶试验).  Until the organiser
 * edits a station, the defaults follow the ticked items.
 *
 * Standards grouped by age (国民体质) have parts (幼儿, 成年甲组 …): the
 * 年龄段 row ticks the parts the event tests (the adult ones first) and
 * the items follow: only those tested in a ticked part are ticked.  The
 * students' standard has parts too (小学, 初中, 高中, 大学): its 学段 row
 * starts with none ticked, and asks for them before anything can be made
 * (trial 18c #10: a middle school's event came with the primary items). */

#define HEIGHT "height"
#define WEIGHT "weight"

typedef struct
{
  DabiaoEventItem *item;      /* owned; attempts = the default */
  gboolean         included;
  gboolean         in_event;  /* an open event's item: removable only once
                               * known to have no results */
  AdwActionRow    *row;
  GtkCheckButton  *check;
  GtkSpinButton   *spin;
} ItemEntry;

typedef struct
{
  char       *name;
  char       *profile;    /* instrument profile, kept from an open event */
  GPtrArray  *items;      /* char *codes, in the event's item order */
  gboolean    expanded;
  AdwExpanderRow *row;
} Station;

struct _DabiaoNewEventDialog
{
  AdwWindow            parent_instance;

  GtkButton           *create_button;
  GtkRevealer         *problem_revealer;
  GtkLabel            *problem_label;
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *event_group;
  AdwEntryRow         *name_row;
  AdwEntryRow         *date_row;
  AdwEntryRow         *place_row;
  AdwComboRow         *standard_row;
  GtkStringList       *standard_list;
  AdwPreferencesGroup *items_group;
  AdwPreferencesGroup *stations_group;
  AdwExpanderRow      *parts_row;      /* by-age standards: 年龄段; NULL otherwise */
  GPtrArray           *part_checks;    /* GtkCheckButton, one per part */
  DabiaoStandard      *standard;       /* the chosen one, for its parts */

  GStrv                standard_ids;
  GPtrArray           *items;          /* ItemEntry */
  GPtrArray           *stations;       /* Station */
  gboolean             customised;     /* the organiser changed the stations */
  gboolean             editing;        /* an open event: standard fixed */
  gboolean             rebuilding;
  char                *problem;
  gboolean             touched;        /* name or date edited, or Create tried: show problems */
  char                *standard_error; /* why the chosen standard did not load */
};

G_DEFINE_FINAL_TYPE (DabiaoNewEventDialog, dabiao_new_event_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_DONE,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* The shipped standards, first and in this order; then those an organiser
 * installed (dabiao-cli standards import), by id. */
static const char * const shipped_ids[] = { "student-2014", "natfit-2003", NULL };

static void rebuild_stations (DabiaoNewEventDialog *self);
static void rebuild_parts (DabiaoNewEventDialog *self);
static void tick_items_of_parts (DabiaoNewEventDialog *self);
static void clear_station_rows (DabiaoNewEventDialog *self);
static void validate_cb (DabiaoNewEventDialog *self);

/* ---- model ----------------------------------------------------------------- */

static void
item_entry_free (ItemEntry *entry)
{
  dabiao_event_item_free (entry->item);
  g_free (entry);
}

static void
station_free (Station *station)
{
  g_free (station->name);
  g_free (station->profile);
  g_ptr_array_unref (station->items);
  g_free (station);
}

static Station *
station_new (const char *name)
{
  Station *station = g_new0 (Station, 1);

  station->name = g_strdup (name);
  station->items = g_ptr_array_new_with_free_func (g_free);
  return station;
}

static const DabiaoEventItem *
find_in (GPtrArray  *items,
         const char *code)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((DabiaoEventItem *) g_ptr_array_index (items, i))->code, code))
      return g_ptr_array_index (items, i);
  return NULL;
}

static ItemEntry *
find_entry (DabiaoNewEventDialog *self,
            const char           *code)
{
  for (guint i = 0; code != NULL && i < self->items->len; i++)
    {
      ItemEntry *entry = g_ptr_array_index (self->items, i);

      if (g_str_equal (entry->item->code, code) || g_str_equal (entry->item->name, code)
          || (*entry->item->number != '\0' && g_str_equal (entry->item->number, code)))
        return entry;
    }
  return NULL;
}

static gboolean
station_has (Station    *station,
             const char *code)
{
  for (guint i = 0; i < station->items->len; i++)
    if (g_str_equal (g_ptr_array_index (station->items, i), code))
      return TRUE;
  return FALSE;
}

/* Keep a station's items in the event's item order. */
static void
station_set_item (DabiaoNewEventDialog *self,
                  Station              *station,
                  const char           *code,
                  gboolean              ticked)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->items->len; i++)
    {
      ItemEntry *entry = g_ptr_array_index (self->items, i);
      gboolean in = g_str_equal (entry->item->code, code) ? ticked : station_has (station, entry->item->code);

      if (in)
        g_ptr_array_add (items, g_strdup (entry->item->code));
    }
  g_ptr_array_unref (station->items);
  station->items = g_steal_pointer (&items);
}

static void
default_stations (DabiaoNewEventDialog *self)
{
  ItemEntry *height = find_entry (self, HEIGHT);
  ItemEntry *weight = find_entry (self, WEIGHT);
  gboolean shared = height != NULL && weight != NULL && height->included && weight->included;
  const char * const *step = dabiao_formula_inputs (DABIAO_FORMULA_STEP_INDEX);
  Station *step_station = NULL;

  clear_station_rows (self);
  g_ptr_array_set_size (self->stations, 0);
  if (shared)
    {
      /* Data: the name people give the scale station. */
      Station *station = station_new ("身高体重");

      g_ptr_array_add (station->items, g_strdup (HEIGHT));
      g_ptr_array_add (station->items, g_strdup (WEIGHT));
      g_ptr_array_add (self->stations, station);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      ItemEntry *entry = g_ptr_array_index (self->items, i);
      Station *station;

      if (!entry->included || (shared && (entry == weight || entry == height)))
        continue;
      if (g_strv_contains (step, entry->item->code))
        {
          /* One step test: its time and the three pulses (data: its name). */
          if (step_station == NULL)
            g_ptr_array_add (self->stations, step_station = station_new ("台阶试验"));
          g_ptr_array_add (step_station->items, g_strdup (entry->item->code));
          continue;
        }
      station = station_new (entry->item->name);
      g_ptr_array_add (station->items, g_strdup (entry->item->code));
      g_ptr_array_add (self->stations, station);
    }
}

/* ---- items ------------------------------------------------------------------ */

static void
item_toggled_cb (DabiaoNewEventDialog *self,
                 GtkCheckButton       *check)
{
  ItemEntry *entry = g_object_get_data (G_OBJECT (check), "entry");

  if (self->rebuilding)
    return;
  entry->included = gtk_check_button_get_active (check);
  gtk_widget_set_sensitive (GTK_WIDGET (entry->spin), entry->included);
  if (!self->customised)
    default_stations (self);
  else if (!entry->included)
    for (guint i = 0; i < self->stations->len; i++)
      station_set_item (self, g_ptr_array_index (self->stations, i), entry->item->code, FALSE);
  rebuild_stations (self);
  validate_cb (self);
}

static void
clear_item_rows (DabiaoNewEventDialog *self)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      ItemEntry *entry = g_ptr_array_index (self->items, i);

      adw_preferences_group_remove (self->items_group, GTK_WIDGET (entry->row));
    }
  g_ptr_array_set_size (self->items, 0);
}

static void
add_item_row (DabiaoNewEventDialog  *self,
              const DabiaoEventItem *item,
              gboolean               included)
{
  ItemEntry *entry = g_new0 (ItemEntry, 1);
  g_autofree char *subtitle = NULL;
  GtkWidget *times;

  entry->item = dabiao_event_item_copy (item);
  entry->included = included;
  entry->in_event = self->editing && included;
  entry->row = ADW_ACTION_ROW (adw_action_row_new ());
  /* Names come from files (an organiser's standard): shown, never parsed
   * as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (entry->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry->row), item->name);
  if (*item->number != '\0')
    /* Translators: the national item number and the item's unit */
    subtitle = g_strdup_printf (_("Item %s · %s"), item->number, dabiao_unit_label (item->unit));
  else
    subtitle = g_strdup (dabiao_unit_label (item->unit));
  adw_action_row_set_subtitle (entry->row, subtitle);

  entry->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (entry->check), GTK_ALIGN_CENTER);
  gtk_check_button_set_active (entry->check, included);
  /* An open event's items stay until dabiao_new_event_dialog_set_recorded_items()
   * says which have no results; one it lacks can be added. */
  gtk_widget_set_sensitive (GTK_WIDGET (entry->check), !entry->in_event);
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry->check), _("Tested at this event"));
  g_object_set_data (G_OBJECT (entry->check), "entry", entry);
  g_signal_connect_swapped (entry->check, "toggled", G_CALLBACK (item_toggled_cb), self);
  adw_action_row_add_prefix (entry->row, GTK_WIDGET (entry->check));
  adw_action_row_set_activatable_widget (entry->row, GTK_WIDGET (entry->check));

  entry->spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 99, 1));
  gtk_spin_button_set_value (entry->spin, MAX (item->attempts, 1));
  gtk_widget_set_valign (GTK_WIDGET (entry->spin), GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (GTK_WIDGET (entry->spin), included);
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry->spin), _("Attempts per participant"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry->spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Attempts per participant"), -1);
  adw_action_row_add_suffix (entry->row, GTK_WIDGET (entry->spin));
  /* Translators: after the number of attempts, as in "3 次" */
  times = gtk_label_new (_("attempts"));
  gtk_widget_add_css_class (times, "dim-label");
  adw_action_row_add_suffix (entry->row, times);

  adw_preferences_group_add (self->items_group, GTK_WIDGET (entry->row));
  g_ptr_array_add (self->items, entry);
}

static void
standard_changed_cb (DabiaoNewEventDialog *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->standard_row);

  if (self->editing || self->standard_ids == NULL || selected >= g_strv_length (self->standard_ids))
    return;
  /* The standards are compiled in (or small files the organiser added):
   * reading them here is quick. */
  items = dabiao_event_items_for_standard (self->standard_ids[selected], &error);
  g_clear_pointer (&self->standard_error, g_free);
  if (error != NULL)
    {
      /* The first problems only (a broken table can list hundreds). */
      g_auto(GStrv) lines = g_strsplit (error->message, "\n", 5);

      if (g_strv_length (lines) == 5)
        {
          g_free (lines[4]);
          lines[4] = g_strdup ("…");
        }
      self->standard_error = g_strjoinv ("\n", lines);
    }
  g_clear_pointer (&self->standard, dabiao_standard_unref);
  if (items != NULL)
    self->standard = dabiao_standard_load (self->standard_ids[selected], NULL);
  self->rebuilding = TRUE;
  clear_item_rows (self);
  for (guint i = 0; items != NULL && i < items->len; i++)
    add_item_row (self, g_ptr_array_index (items, i), TRUE);
  self->rebuilding = FALSE;
  rebuild_parts (self);
  tick_items_of_parts (self);
}

/* ---- age parts ----------------------------------------------------------------- */

/* The ticked parts; NULL when the standard has no parts to choose. */
static GStrv
ticked_parts (DabiaoNewEventDialog *self)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();

  if (self->parts_row == NULL)
    return NULL;
  for (guint i = 0; i < self->part_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->part_checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (parts, g_object_get_data (G_OBJECT (check), "part"));
    }
  return g_strv_builder_end (parts);
}

/* Ticks the items tested in the ticked parts (all without parts), and
 * the default stations for them. */
static void
tick_items_of_parts (DabiaoNewEventDialog *self)
{
  g_auto(GStrv) parts = ticked_parts (self);

  self->rebuilding = TRUE;
  for (guint i = 0; i < self->items->len; i++)
    {
      ItemEntry *entry = g_ptr_array_index (self->items, i);
      const DabiaoItem *item = self->standard != NULL ? dabiao_standard_lookup_item (self->standard, entry->item->code) : NULL;

      entry->included = parts == NULL || item == NULL
                        || dabiao_standard_item_in_parts (self->standard, item, (const char * const *) parts);
      gtk_check_button_set_active (entry->check, entry->included);
      gtk_widget_set_sensitive (GTK_WIDGET (entry->spin), entry->included);
    }
  self->rebuilding = FALSE;
  if (self->parts_row != NULL)
    {
      g_autofree char *subtitle = g_strjoinv ("、", parts);

      adw_expander_row_set_subtitle (self->parts_row, subtitle[0] != '\0' ? subtitle : _("None ticked"));
    }
  self->customised = FALSE;
  default_stations (self);
  rebuild_stations (self);
  validate_cb (self);
}

static void
part_toggled_cb (DabiaoNewEventDialog *self)
{
  if (!self->rebuilding)
    tick_items_of_parts (self);
}

/* A row of the parts for standards with more than one: 年龄段 for those
 * grouped by age, the adult parts (成年…) ticked first, the usual 国民体质
 * event; 学段 for those grouped by grade, none ticked: the organiser says
 * which, open to see. */
static void
rebuild_parts (DabiaoNewEventDialog *self)
{
  g_auto(GStrv) parts = NULL;
  gboolean any_adult = FALSE;
  gboolean by_grade;

  if (self->parts_row != NULL)
    adw_preferences_group_remove (self->event_group, GTK_WIDGET (self->parts_row));
  self->parts_row = NULL;
  g_ptr_array_set_size (self->part_checks, 0);
  if (self->editing || self->standard == NULL)
    return;
  by_grade = dabiao_standard_get_group_by (self->standard) == DABIAO_GROUP_BY_GRADE;
  parts = dabiao_standard_list_parts (self->standard);
  if (g_strv_length (parts) < 2)
    return;
  for (guint i = 0; parts[i] != NULL; i++)
    any_adult |= g_str_has_prefix (parts[i], "成年");

  self->parts_row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->parts_row),
                                 by_grade ? _("School levels tested") : _("Age parts tested"));
  adw_expander_row_set_expanded (self->parts_row, by_grade);
  gtk_widget_set_name (GTK_WIDGET (self->parts_row), "parts");
  self->rebuilding = TRUE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), parts[i]);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   !by_grade && (!any_adult || g_str_has_prefix (parts[i], "成年")));
      g_object_set_data_full (G_OBJECT (check), "part", g_strdup (parts[i]), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (part_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (self->parts_row, row);
      g_ptr_array_add (self->part_checks, check);
    }
  self->rebuilding = FALSE;
  adw_preferences_group_add (self->event_group, GTK_WIDGET (self->parts_row));
}

/* ---- stations ---------------------------------------------------------------- */

static char *
station_subtitle (DabiaoNewEventDialog *self,
                  Station              *station)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < station->items->len; i++)
    {
      ItemEntry *entry = find_entry (self, g_ptr_array_index (station->items, i));

      g_string_append_printf (text, "%s%s", i > 0 ? "、" : "",
                              entry != NULL ? entry->item->name : (char *) g_ptr_array_index (station->items, i));
    }
  if (text->len == 0)
    return g_strdup (_("No items ticked"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
station_name_changed_cb (DabiaoNewEventDialog *self,
                         GtkEditable          *editable)
{
  Station *station = g_object_get_data (G_OBJECT (editable), "station");

  if (self->rebuilding)
    return;
  g_free (station->name);
  station->name = g_strdup (gtk_editable_get_text (editable));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (station->row),
                                 *station->name != '\0' ? station->name : _("(no name)"));
  self->customised = TRUE;
  validate_cb (self);
}

static void
station_item_toggled_cb (DabiaoNewEventDialog *self,
                         GtkCheckButton       *check)
{
  Station *station = g_object_get_data (G_OBJECT (check), "station");
  const char *code = g_object_get_data (G_OBJECT (check), "code");
  g_autofree char *subtitle = NULL;

  if (self->rebuilding)
    return;
  station_set_item (self, station, code, gtk_check_button_get_active (check));
  subtitle = station_subtitle (self, station);
  adw_expander_row_set_subtitle (station->row, subtitle);
  self->customised = TRUE;
  validate_cb (self);
}

static void
station_expanded_cb (DabiaoNewEventDialog *self,
                     GParamSpec           *pspec,
                     AdwExpanderRow       *row)
{
  Station *station = g_object_get_data (G_OBJECT (row), "station");

  if (!self->rebuilding)
    station->expanded = adw_expander_row_get_expanded (row);
}

static void
remove_station_clicked_cb (DabiaoNewEventDialog *self,
                           GtkButton            *button)
{
  Station *station = g_object_get_data (G_OBJECT (button), "station");
  guint index;

  if (g_ptr_array_find (self->stations, station, &index))
    dabiao_new_event_dialog_remove_station (self, index);
}

static void
clear_station_rows (DabiaoNewEventDialog *self)
{
  for (guint i = 0; i < self->stations->len; i++)
    {
      Station *station = g_ptr_array_index (self->stations, i);

      if (station->row != NULL)
        adw_preferences_group_remove (self->stations_group, GTK_WIDGET (station->row));
      station->row = NULL;
    }
}

static void
rebuild_stations (DabiaoNewEventDialog *self)
{
  self->rebuilding = TRUE;
  clear_station_rows (self);
  for (guint i = 0; i < self->stations->len; i++)
    {
      Station *station = g_ptr_array_index (self->stations, i);
      g_autofree char *subtitle = station_subtitle (self, station);
      GtkWidget *name_row = adw_entry_row_new ();
      GtkWidget *remove_row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove Station"));

      station->row = ADW_EXPANDER_ROW (adw_expander_row_new ());
      /* A station's name is typed or comes from the event file: text, not
       * markup ("<b>", "&" shown as they are). */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (station->row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (station->row),
                                     *station->name != '\0' ? station->name : _("(no name)"));
      adw_expander_row_set_subtitle (station->row, subtitle);
      g_object_set_data (G_OBJECT (station->row), "station", station);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (name_row), _("Station name"));
      gtk_editable_set_text (GTK_EDITABLE (name_row), station->name);
      g_object_set_data (G_OBJECT (name_row), "station", station);
      g_signal_connect_swapped (name_row, "changed", G_CALLBACK (station_name_changed_cb), self);
      adw_expander_row_add_row (station->row, name_row);

      for (guint j = 0; j < self->items->len; j++)
        {
          ItemEntry *entry = g_ptr_array_index (self->items, j);
          GtkWidget *row;
          GtkWidget *check;

          if (!entry->included)
            continue;
          row = adw_action_row_new ();
          check = gtk_check_button_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->item->name);
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), station_has (station, entry->item->code));
          g_object_set_data (G_OBJECT (check), "station", station);
          g_object_set_data (G_OBJECT (check), "code", entry->item->code);
          g_signal_connect_swapped (check, "toggled", G_CALLBACK (station_item_toggled_cb), self);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          adw_expander_row_add_row (station->row, row);
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row), _("Remove this station"));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "destructive-action");
      g_object_set_data (G_OBJECT (remove), "station", station);
      g_signal_connect_swapped (remove, "clicked", G_CALLBACK (remove_station_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), remove);
      adw_expander_row_add_row (station->row, remove_row);

      adw_expander_row_set_expanded (station->row, station->expanded);
      g_signal_connect_swapped (station->row, "notify::expanded", G_CALLBACK (station_expanded_cb), self);
      /* (swapped: the row arrives as the last argument) */
      adw_preferences_group_add (self->stations_group, GTK_WIDGET (station->row));
    }
  self->rebuilding = FALSE;
}

/* ---- validation ----------------------------------------------------------------- */

static gboolean
valid_date (const char *text)
{
  int y, m, d;
  char tail;

  return strlen (text) == 10
         && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3
         && g_date_valid_dmy (d, m, y);
}

static GPtrArray *
included_items (DabiaoNewEventDialog *self)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_event_item_free);

  for (guint i = 0; i < self->items->len; i++)
    {
      ItemEntry *entry = g_ptr_array_index (self->items, i);

      if (entry->included)
        g_ptr_array_add (items, dabiao_event_item_copy (entry->item));
    }
  return items;
}

static GPtrArray *
station_definitions (DabiaoNewEventDialog *self)
{
  GPtrArray *definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);

  for (guint i = 0; i < self->stations->len; i++)
    {
      Station *station = g_ptr_array_index (self->stations, i);

      g_ptr_array_add (station->items, NULL);
      g_ptr_array_add (definitions,
                       dabiao_station_definition_new (station->name, (const char * const *) station->items->pdata,
                                                      station->profile));
      g_ptr_array_remove_index (station->items, station->items->len - 1);
    }
  return definitions;
}

static char *
find_problem (DabiaoNewEventDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  g_autoptr(GPtrArray) items = included_items (self);
  g_autoptr(GPtrArray) definitions = station_definitions (self);
  g_autoptr(GPtrArray) valid = NULL;
  g_autoptr(GError) error = NULL;

  if (*name == '\0')
    return g_strdup (_("Enter the event's name."));
  if (!valid_date (date))
    return g_strdup_printf (_("The date “%s” is not a date: write it as YYYY-MM-DD, e.g. 2026-11-29."), date);
  if (self->items->len == 0 && self->standard_error != NULL)
    /* Translators: the loader's message names the file, row and column */
    return g_strdup_printf (_("The standard could not be loaded: %s. Choose another."), self->standard_error);
  if (self->items->len == 0)
    return g_strdup (_("The standard could not be loaded; choose another."));
  if (items->len == 0 && self->parts_row != NULL && dabiao_standard_get_group_by (self->standard) == DABIAO_GROUP_BY_GRADE)
    {
      g_auto(GStrv) ticked = ticked_parts (self);

      if (ticked != NULL && ticked[0] == NULL)
        return g_strdup (_("Tick the school levels this event tests (小学, 初中 …): the items follow them."));
    }
  if (items->len == 0)
    return g_strdup (_("Tick at least one item."));
  valid = dabiao_station_definitions_validate (items, definitions, &error);
  if (valid == NULL)
    return g_strdup (error->message);
  return NULL;
}

static void
validate_cb (DabiaoNewEventDialog *self)
{
  g_free (self->problem);
  self->problem = find_problem (self);
  gtk_label_set_label (self->problem_label, self->problem != NULL ? self->problem : "");
  /* Not before the organiser has typed anything: an empty form is no mistake. */
  gtk_revealer_set_reveal_child (self->problem_revealer, self->problem != NULL && self->touched);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-event.create", self->problem == NULL);
}

/* ---- actions ------------------------------------------------------------------- */

static void
create_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  DabiaoNewEventDialog *self = DABIAO_NEW_EVENT_DIALOG (widget);

  self->touched = TRUE;
  validate_cb (self);
  if (self->problem != NULL)
    return;
  /* Hidden, not closed: whoever handles ::done destroys it when the event
   * is made, or presents it again (the save-as chooser was cancelled) with
   * everything still filled in. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
add_station_activated_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  dabiao_new_event_dialog_add_station (DABIAO_NEW_EVENT_DIALOG (widget));
}

static void
field_changed_cb (DabiaoNewEventDialog *self)
{
  self->touched = TRUE;
  validate_cb (self);
}

/* Enter goes on to the next field, never out of the form (Ctrl+Enter
 * creates). */
static void
entry_activated_cb (DabiaoNewEventDialog *self,
                    AdwEntryRow          *row)
{
  GtkWidget *next = row == self->name_row ? GTK_WIDGET (self->date_row)
                    : row == self->date_row ? GTK_WIDGET (self->place_row)
                    : GTK_WIDGET (self->standard_row);

  gtk_widget_grab_focus (next);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
dabiao_new_event_dialog_dispose (GObject *object)
{
  DabiaoNewEventDialog *self = DABIAO_NEW_EVENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DABIAO_TYPE_NEW_EVENT_DIALOG);
  G_OBJECT_CLASS (dabiao_new_event_dialog_parent_class)->dispose (object);
}

static void
dabiao_new_event_dialog_finalize (GObject *object)
{
  DabiaoNewEventDialog *self = DABIAO_NEW_EVENT_DIALOG (object);

  g_strfreev (self->standard_ids);
  g_free (self->standard_error);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->stations, g_ptr_array_unref);
  g_clear_pointer (&self->part_checks, g_ptr_array_unref);
  g_clear_pointer (&self->standard, dabiao_standard_unref);
  g_free (self->problem);
  G_OBJECT_CLASS (dabiao_new_event_dialog_parent_class)->finalize (object);
}

static void
dabiao_new_event_dialog_class_init (DabiaoNewEventDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dabiao_new_event_dialog_dispose;
  object_class->finalize = dabiao_new_event_dialog_finalize;

  /**
   * DabiaoNewEventDialog::done:
   *
   * The organiser pressed Create (or Save) on a valid form.  The dialog
   * is hidden, not closed: the handler destroys it or presents it again.
   */
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-new-event-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, page);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, event_group);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, place_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, standard_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, standard_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, items_group);
  gtk_widget_class_bind_template_child (widget_class, DabiaoNewEventDialog, stations_group);
  gtk_widget_class_bind_template_callback (widget_class, validate_cb);
  gtk_widget_class_bind_template_callback (widget_class, standard_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "new-event.create", NULL, create_activated_cb);
  gtk_widget_class_install_action (widget_class, "new-event.add-station", NULL, add_station_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "new-event.create", NULL);
}

static void
dabiao_new_event_dialog_init (DabiaoNewEventDialog *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_entry_free);
  self->stations = g_ptr_array_new_with_free_func ((GDestroyNotify) station_free);
  self->part_checks = g_ptr_array_new ();
  /* Before the template: its standard row notifies while it is built. */
  self->standard_ids = NULL;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The standards' names in the list whole, wrapped if need be: AdwComboRow
 * cuts its items at 20 characters, and "国家学生体质健康标准（2014 年修订）"
 * and an organiser's own standard differ only after that. */
static void
standard_item_setup_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_list_item_set_child (item, label);
}

static void
standard_item_bind_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item)
{
  GtkStringObject *name = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (name));
}

static void
fill_standards (DabiaoNewEventDialog *self)
{
  g_auto(GStrv) installed = dabiao_standard_list_ids ();
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_strv_builder_addv (ids, (const char **) shipped_ids);
  for (guint i = 0; installed != NULL && installed[i] != NULL; i++)
    if (!g_strv_contains (shipped_ids, installed[i]))
      g_strv_builder_add (ids, installed[i]);
  self->standard_ids = g_strv_builder_end (ids);
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (standard_item_setup_cb), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (standard_item_bind_cb), NULL);
    adw_combo_row_set_list_factory (self->standard_row, factory);
  }
  for (guint i = 0; self->standard_ids[i] != NULL; i++)
    {
      g_autofree char *name = dabiao_event_standard_name (self->standard_ids[i]);

      gtk_string_list_append (self->standard_list, name != NULL ? name : self->standard_ids[i]);
    }
}

/**
 * dabiao_new_event_dialog_new:
 * @parent: (nullable): the window it belongs to
 */
GtkWidget *
dabiao_new_event_dialog_new (GtkWindow *parent)
{
  DabiaoNewEventDialog *self = g_object_new (DABIAO_TYPE_NEW_EVENT_DIALOG,
                                             "transient-for", parent,
                                             NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  fill_standards (self);
  adw_combo_row_set_selected (self->standard_row, 0);
  standard_changed_cb (self);
  self->touched = FALSE;
  validate_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return GTK_WIDGET (self);
}

/**
 * dabiao_new_event_dialog_new_for_event:
 * @info: the event's name, standard, date and place
 * @items: (element-type DabiaoEventItem): the event's items
 * @stations: (element-type DabiaoStationDefinition): its stations
 */
GtkWidget *
dabiao_new_event_dialog_new_for_event (GtkWindow             *parent,
                                       const DabiaoEventInfo *info,
                                       GPtrArray             *items,
                                       GPtrArray             *stations)
{
  DabiaoNewEventDialog *self = g_object_new (DABIAO_TYPE_NEW_EVENT_DIALOG,
                                             "transient-for", parent,
                                             "title", _("Items and Stations"),
                                             NULL);
  g_autofree char *standard = dabiao_event_standard_name (info->standard);
  g_autoptr(GPtrArray) standard_items = NULL;
  AdwEntryRow *rows[] = { self->name_row, self->date_row, self->place_row };
  const char *texts[] = { info->name, info->date, info->place };
  const char *titles[] = { _("Name"), _("Date"), _("Place") };

  self->editing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *shown = adw_action_row_new ();

      /* Kept (validation reads them) but hidden: a plain row shows the
       * fixed value without an edit icon inviting a change. */
      gtk_editable_set_text (GTK_EDITABLE (rows[i]), texts[i] != NULL ? texts[i] : "");
      gtk_widget_set_visible (GTK_WIDGET (rows[i]), FALSE);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (shown), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (shown), titles[i]);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (shown), texts[i] != NULL ? texts[i] : "");
      gtk_widget_add_css_class (shown, "property");
      adw_preferences_group_add (self->event_group, shown);
    }
  gtk_string_list_append (self->standard_list, standard != NULL ? standard : info->standard);
  gtk_widget_set_sensitive (GTK_WIDGET (self->standard_row), FALSE);
  adw_preferences_group_set_description (self->event_group,
                                         _("An open event keeps its standard. An item forgotten when it was "
                                           "created can be ticked now; an item can be unticked while no result "
                                           "is recorded for it. Attempts and stations can be changed."));
  gtk_button_set_label (self->create_button, _("_Save"));

  /* The standard's items in its order, the event's ticked (with their
   * attempts); without the standard, only the event's. */
  standard_items = dabiao_event_items_for_standard (info->standard, NULL);
  self->rebuilding = TRUE;
  for (guint i = 0; standard_items != NULL && i < standard_items->len; i++)
    {
      const DabiaoEventItem *item = g_ptr_array_index (standard_items, i);
      const DabiaoEventItem *own = find_in (items, item->code);

      add_item_row (self, own != NULL ? own : item, own != NULL);
    }
  for (guint i = 0; i < items->len; i++)
    if (find_entry (self, ((DabiaoEventItem *) g_ptr_array_index (items, i))->code) == NULL)
      add_item_row (self, g_ptr_array_index (items, i), TRUE);
  self->rebuilding = FALSE;
  for (guint i = 0; stations != NULL && i < stations->len; i++)
    {
      const DabiaoStationDefinition *definition = g_ptr_array_index (stations, i);
      Station *station = station_new (definition->name);

      for (guint j = 0; definition->items[j] != NULL; j++)
        g_ptr_array_add (station->items, g_strdup (definition->items[j]));
      station->profile = g_strdup (definition->profile);
      g_ptr_array_add (self->stations, station);
    }
  self->customised = TRUE;
  rebuild_stations (self);
  validate_cb (self);
  return GTK_WIDGET (self);
}

/* ---- public --------------------------------------------------------------------- */

DabiaoEventInfo *
dabiao_new_event_dialog_get_info (DabiaoNewEventDialog *self)
{
  DabiaoEventInfo *info;
  DabiaoEventItemChoice *choices;
  guint n = 0;
  guint selected;

  g_return_val_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self), NULL);

  validate_cb (self);
  if (self->problem != NULL)
    return NULL;

  info = g_new0 (DabiaoEventInfo, 1);
  info->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  info->date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  info->place = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->place_row))));
  selected = adw_combo_row_get_selected (self->standard_row);
  if (!self->editing && self->standard_ids != NULL && selected < g_strv_length (self->standard_ids))
    info->standard = g_strdup (self->standard_ids[selected]);
  choices = g_new0 (DabiaoEventItemChoice, MAX (self->items->len, 1));
  for (guint i = 0; i < self->items->len; i++)
    {
      ItemEntry *entry = g_ptr_array_index (self->items, i);

      if (!entry->included)
        continue;
      choices[n].code = g_strdup (entry->item->code);
      choices[n].attempts = gtk_spin_button_get_value_as_int (entry->spin);
      n++;
    }
  info->items = choices;
  info->n_items = n;
  /* Some of the parts ticked: only those are scored (the others' people
   * are warned about at the desk and get no certificate). */
  if (!self->editing)
    {
      g_auto(GStrv) parts = ticked_parts (self);

      if (parts != NULL && parts[0] != NULL && g_strv_length (parts) < self->part_checks->len)
        info->parts = (const char * const *) g_steal_pointer (&parts);
    }
  {
    g_autoptr(GPtrArray) items = included_items (self);
    g_autoptr(GPtrArray) definitions = station_definitions (self);

    info->stations = dabiao_station_definitions_validate (items, definitions, NULL);
  }
  return info;
}

const char *
dabiao_new_event_dialog_get_problem (DabiaoNewEventDialog *self)
{
  g_return_val_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self), NULL);

  return self->problem;
}

void
dabiao_new_event_dialog_set_name (DabiaoNewEventDialog *self,
                                  const char           *name)
{
  g_return_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

void
dabiao_new_event_dialog_set_date (DabiaoNewEventDialog *self,
                                  const char           *date)
{
  g_return_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
}

void
dabiao_new_event_dialog_set_place (DabiaoNewEventDialog *self,
                                   const char           *place)
{
  g_return_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->place_row), place);
}

gboolean
dabiao_new_event_dialog_set_standard (DabiaoNewEventDialog *self,
                                      const char           *standard_id)
{
  g_return_val_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self), FALSE);

  for (guint i = 0; !self->editing && self->standard_ids != NULL && self->standard_ids[i] != NULL; i++)
    if (g_str_equal (self->standard_ids[i], standard_id))
      {
        adw_combo_row_set_selected (self->standard_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
dabiao_new_event_dialog_set_item_included (DabiaoNewEventDialog *self,
                                           const char           *code,
                                           gboolean              included)
{
  ItemEntry *entry;

  g_return_val_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self), FALSE);

  entry = find_entry (self, code);
  if (entry == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (entry->check)))
    return FALSE;
  gtk_check_button_set_active (entry->check, included);
  return TRUE;
}

/**
 * dabiao_new_event_dialog_set_recorded_items:
 * @recorded: codes of the open event's items with results
 *
 * The open event's other items may be unticked (removed) from now on;
 * these stay, saying why.
 */
void
dabiao_new_event_dialog_set_recorded_items (DabiaoNewEventDialog *self,
                                            const char * const   *recorded)
{
  g_return_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self));

  for (guint i = 0; i < self->items->len; i++)
    {
      ItemEntry *entry = g_ptr_array_index (self->items, i);
      gboolean locked;

      if (!entry->in_event)
        continue;
      locked = recorded != NULL && g_strv_contains (recorded, entry->item->code);
      gtk_widget_set_sensitive (GTK_WIDGET (entry->check), !locked);
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry->check),
                                   locked ? _("Results are recorded for this item: it stays")
                                          : _("Tested at this event"));
    }
}

gboolean
dabiao_new_event_dialog_set_item_attempts (DabiaoNewEventDialog *self,
                                           const char           *code,
                                           guint                 attempts)
{
  ItemEntry *entry;

  g_return_val_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self), FALSE);

  entry = find_entry (self, code);
  if (entry == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (entry->spin)))
    return FALSE;
  gtk_spin_button_set_value (entry->spin, attempts);
  return TRUE;
}

guint
dabiao_new_event_dialog_get_n_stations (DabiaoNewEventDialog *self)
{
  g_return_val_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self), 0);

  return self->stations->len;
}

guint
dabiao_new_event_dialog_add_station (DabiaoNewEventDialog *self)
{
  g_autofree char *name = NULL;
  Station *station;

  g_return_val_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self), 0);

  /* Translators: the name a new station gets, with its number */
  name = g_strdup_printf (_("Station %u"), self->stations->len + 1);
  station = station_new (name);
  station->expanded = TRUE;
  g_ptr_array_add (self->stations, station);
  self->customised = TRUE;
  rebuild_stations (self);
  validate_cb (self);
  return self->stations->len - 1;
}

void
dabiao_new_event_dialog_remove_station (DabiaoNewEventDialog *self,
                                        guint                 index)
{
  g_return_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self));
  g_return_if_fail (index < self->stations->len);

  clear_station_rows (self);
  g_ptr_array_remove_index (self->stations, index);
  self->customised = TRUE;
  rebuild_stations (self);
  validate_cb (self);
}

/* The widget under @root (depth first) carrying @station, and @code when
 * given: the station's name row (an AdwEntryRow) or one of its checks. */
static GtkWidget *
find_station_widget (GtkWidget  *root,
                     Station    *station,
                     GType       type,
                     const char *code)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && g_object_get_data (G_OBJECT (child), "station") == station
          && (code == NULL || g_strcmp0 (g_object_get_data (G_OBJECT (child), "code"), code) == 0))
        return child;
      found = find_station_widget (child, station, type, code);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
dabiao_new_event_dialog_set_station_name (DabiaoNewEventDialog *self,
                                          guint                 index,
                                          const char           *name)
{
  Station *station;
  GtkWidget *row;

  g_return_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self));
  g_return_if_fail (index < self->stations->len);

  /* Through the station's name row, as typing would. */
  station = g_ptr_array_index (self->stations, index);
  row = find_station_widget (GTK_WIDGET (station->row), station, ADW_TYPE_ENTRY_ROW, NULL);
  g_return_if_fail (row != NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), name);
}

gboolean
dabiao_new_event_dialog_set_station_item (DabiaoNewEventDialog *self,
                                          guint                 index,
                                          const char           *code,
                                          gboolean              ticked)
{
  Station *station;
  ItemEntry *entry;
  GtkWidget *check;

  g_return_val_if_fail (DABIAO_IS_NEW_EVENT_DIALOG (self), FALSE);
  g_return_val_if_fail (index < self->stations->len, FALSE);

  station = g_ptr_array_index (self->stations, index);
  entry = find_entry (self, code);
  if (entry == NULL || !entry->included)
    return FALSE;
  check = find_station_widget (GTK_WIDGET (station->row), station, GTK_TYPE_CHECK_BUTTON, entry->item->code);
  if (check == NULL)
    return FALSE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), ticked);
  return TRUE;
}
