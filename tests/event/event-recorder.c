/* event-recorder.c: records measurements in a loop, printing each uuid
 * once it is durably committed (a child for the kill -9 test).
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "dabiao-event.h"

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  guint n_people;

  if (argc != 4)
    {
      fprintf (stderr, "usage: event-recorder EVENT N-PARTICIPANTS STATION\n");
      return 2;
    }
  n_people = atoi (argv[2]);
  event = dabiao_event_open (argv[1], DABIAO_EVENT_OPEN_NONE, &error);
  if (event == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  dabiao_event_set_station (event, argv[3]);

  for (guint i = g_random_int_range (0, 1000); ; i++)
    {
      g_autofree char *id = g_strdup_printf ("P%05u", i % n_people);
      g_autoptr(DabiaoMeasurement) m = NULL;
      DabiaoRecordRequest request = { .participant_id = id, .item = "vital_capacity",
                                      .has_value = TRUE, .value = 1000 + i % 4000,
                                      .source = DABIAO_SOURCE_INSTRUMENT, .instrument_id = "FHL-1" };

      m = dabiao_event_record (event, &request, &error);
      if (m == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      printf ("%s\n", dabiao_measurement_get_uuid (m));
      fflush (stdout);
    }
  return 0;
}
