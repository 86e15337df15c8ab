/* dabiao-station-layout.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-station-layout.h"

/* The station page's two layouts.
 *
 * Wide (a station laptop, ≥ NARROW_BELOW px): check-in beside the reading.
 * Narrow (a phone-sized window, down to 360 px): check-in above it.  A
 * layout manager rather than a box whose orientation is switched: measure()
 * must report the narrow minimum so that the window can shrink at all, and
 * allocate() then chooses by the width it is given. */

#define NARROW_BELOW 720

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
