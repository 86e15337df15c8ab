/* public-day-testdata.c: walk-ins for the public-day tests
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "public-day-testdata.h"

char *
dabiao_test_id_number (const char *birth,
                       guint       seq)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  g_autofree char *body = g_strdup_printf ("110105%s%03u", birth, seq);
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (body[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", body, "10X98765432"[sum % 11]);
}

void
dabiao_test_record_all (DabiaoEvent *event,
                        const char  *id,
                        gboolean     strong,
                        const char  *skip)
{
  const struct { const char *item; double good, poor; } recs[] = {
    { "height", 175, 175 }, { "weight", 70, 70 }, { "vital_capacity", 4800, 1200 }, { "step_time", 180, 180 },
    { "pulse1", 50, 90 }, { "pulse2", 45, 85 }, { "pulse3", 40, 80 }, { "grip", 55, 15 }, { "push_up", 40, 1 },
    { "vertical_jump", 55, 10 }, { "sit_and_reach", 18, -15 }, { "choice_reaction", 0.35, 1.5 },
    { "one_leg_stand", 90, 2 },
  };
  DabiaoRecordRequest requests[G_N_ELEMENTS (recs)] = { { 0 } };
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      if (g_strcmp0 (skip, recs[i].item) == 0)
        continue;
      requests[n].participant_id = id;
      requests[n].item = recs[i].item;
      requests[n].has_value = TRUE;
      requests[n].value = strong ? recs[i].good : recs[i].poor;
      requests[n].source = DABIAO_SOURCE_MANUAL;
      n++;
    }
  g_assert_true (dabiao_event_record_many (event, requests, n, &error));
  g_assert_no_error (error);
}
