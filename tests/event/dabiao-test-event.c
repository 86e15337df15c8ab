/* dabiao-test-event.c: an event file with a roster, for the event tests
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "dabiao-test-event.h"

DabiaoEvent *
dabiao_test_event_new (const char *path,
                       const char *name,
                       guint       n_people,
                       const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) infos = g_array_new (FALSE, TRUE, sizeof (DabiaoParticipantInfo));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  DabiaoEventInfo info = { .name = name, .standard = "student-2014" };
  DabiaoEvent *event;

  g_unlink (path);
  event = dabiao_event_create (path, &info, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_people; i++)
    {
      DabiaoParticipantInfo p = { .name = "测试人员", .sex = 1 + i % 2, .birth_date = "2010-01-01",
                                  .grade = 31, .class_code = "3101", .class_name = "高一1班",
                                  .address = address };
      char *id = g_strdup_printf ("P%05u", i);

      g_ptr_array_add (ids, id);
      p.id = id;
      g_array_append_val (infos, p);
    }
  g_assert_true (dabiao_event_add_participants (event, (DabiaoParticipantInfo *) infos->data, infos->len,
                                                NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dabiao_event_set_item_attempts (event, "vital_capacity", 99, &error));
  g_assert_no_error (error);
  return event;
}
