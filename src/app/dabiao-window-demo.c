/* dabiao-window-demo.c
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

/* The demo: a generated event with a simulated instrument (dabiao-sim, run
 * as a subprocess that dies with the app). */

/* ---- the demo ------------------------------------------------------------------ */

static char *
find_sim (void)
{
  const char *env = g_getenv ("DABIAO_SIM");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
  const char *candidates[3] = { NULL };

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (env);
  if (dir != NULL)
    {
      g_autofree char *beside = g_build_filename (dir, "dabiao-sim", NULL);
      g_autofree char *build = g_build_filename (dir, "..", "sim", "dabiao-sim", NULL);

      candidates[0] = beside;
      candidates[1] = build;
      for (guint i = 0; candidates[i] != NULL; i++)
        if (g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE))
          return g_strdup (candidates[i]);
    }
  return g_find_program_in_path ("dabiao-sim");
}

static void
open_demo_event (DabiaoWindow *self);

static void
sim_line_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                      result, NULL, &error);

  if (line == NULL || line[0] == '\0')
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dabiao_window_add_toast (self, _("The simulated instrument did not start; the demo runs without it."));
    }
  else
    {
      g_free (self->demo_port);
      self->demo_port = g_strdup (g_strstrip (line));
    }
  open_demo_event (self);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_sim (DabiaoWindow *self)
{
  g_autofree char *sim = find_sim ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *link = g_strdup_printf ("%s/dabiao-demo-%d", g_get_tmp_dir (), (int) getpid ());

  if (sim == NULL)
    {
      dabiao_window_add_toast (self, _("dabiao-sim was not found; the demo runs without an instrument."));
      open_demo_event (self);
      return;
    }

  /* A 50米跑 timer sending a time every few seconds, without end; it goes
   * when the app goes, even if the app is killed. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->sim = g_subprocess_launcher_spawn (launcher, &error,
                                           sim, "--profile", DEMO_PROFILE, "--item", DEMO_ITEM,
                                           "--random", "7.2:10.8", "--count", "0", "--rate", "0.25",
                                           "--link", link, NULL);
  if (self->sim == NULL)
    {
      dabiao_window_add_toast (self, error->message);
      open_demo_event (self);
      return;
    }
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->sim));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       sim_line_ready_cb, g_object_ref (self));
}

static char *
demo_path (void)
{
  const char *dir = g_getenv ("DABIAO_DEMO_DIR");
  g_autofree char *data_dir = dir != NULL ? g_strdup (dir)
                                          : g_build_filename (g_get_user_data_dir (), "dabiao", NULL);

  g_mkdir_with_parents (data_dir, 0755);
  return g_build_filename (data_dir, "演示活动.dabiao", NULL);
}

#define DEMO_SCHOOL_CODE "1101010001"

static GPtrArray *
demo_roster (void)
{
  static const char *surnames[] = { "张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴" };
  /* Given names that go with the sex (boys, girls). */
  static const char *given[2][6] = {
    { "浩然", "梓轩", "宇航", "俊杰", "明轩", "博文" },
    { "子涵", "欣怡", "雨桐", "思雨", "佳怡", "诗涵" },
  };
  GPtrArray *infos = g_ptr_array_new_with_free_func (g_free);
  static char ids[DEMO_PARTICIPANTS][16];
  static char names[DEMO_PARTICIPANTS][32];
  static char classes[DEMO_PARTICIPANTS][8];

  for (guint i = 0; i < DEMO_PARTICIPANTS; i++)
    {
      DabiaoParticipantInfo *info = g_new0 (DabiaoParticipantInfo, 1);
      guint grade = i < DEMO_PARTICIPANTS / 2 ? 21 : 22;

      g_snprintf (ids[i], sizeof ids[i], "G2026%04u", i + 1);
      g_snprintf (names[i], sizeof names[i], "%s%s", surnames[i % G_N_ELEMENTS (surnames)],
                  given[i % 2][(i / 2 * 5) % G_N_ELEMENTS (given[0])]);
      g_snprintf (classes[i], sizeof classes[i], "%u%02u", grade, (i / 30) % 2 + 1);
      info->id = ids[i];
      info->name = names[i];
      info->sex = 1 + i % 2;
      info->grade = grade;
      info->class_code = classes[i];
      /* A 学校代码, so that the demo's upload file and a district's
       * summary work as with a real roster. */
      info->organization = DEMO_SCHOOL_CODE;
      g_ptr_array_add (infos, info);
    }
  return infos;
}

static void
demo_closed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autofree char *path = demo_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (dabiao_session_close_finish (DABIAO_SESSION (source), result, NULL))
    dabiao_window_open_file (self, file);
}

static void
create_demo_ready_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DabiaoWindow) self = user_data;
  g_autoptr(DabiaoSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = dabiao_session_create_finish (result, &error);
  if (session == NULL)
    {
      dabiao_window_show_error (self, _("Could not Create the Demo Event"), error);
      return;
    }
  /* Open it as any event, so the demo takes the same path as real use:
   * once the file is closed. */
  dabiao_session_close_async (session, self->cancellable, demo_closed_cb, g_object_ref (self));
}

static void
open_demo_event (DabiaoWindow *self)
{
  g_autofree char *path = demo_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_free (self->demo_file);
  self->demo_file = g_strdup (path);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* What was measured in an earlier demo is still there. */
      dabiao_window_open_file (self, file);
    }
  else
    {
      g_autoptr(GPtrArray) roster = demo_roster ();
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
      /* Stations as a school sets them up (names are data): the scale
       * measures 身高 and 体重 together; the simulator is the 50米跑 timer. */
      static const struct { const char *name, *items[3], *profile; } stations[] = {
        { "身高体重", { "height", "weight", NULL }, "height-weight-line" },
        { "50米跑", { "run_50m", NULL }, DEMO_PROFILE },
        { "立定跳远", { "standing_long_jump", NULL }, NULL },
        { "坐位体前屈", { "sit_and_reach", NULL }, NULL },
        { "肺活量", { "vital_capacity", NULL }, NULL },
      };
      g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_station_definition_free);
      DabiaoEventInfo info = {
        .name = _("Demo event"),
        .standard = "student-2014",
        .date = date,
        .place = _("School sports ground"),
        .organizer = _("Dabiao demo"),
        .stations = definitions,
      };

      for (guint i = 0; i < G_N_ELEMENTS (stations); i++)
        g_ptr_array_add (definitions, dabiao_station_definition_new (stations[i].name, stations[i].items,
                                                                     stations[i].profile));

      dabiao_session_create_async (path, &info, roster, self->cancellable, create_demo_ready_cb,
                                   g_object_ref (self));
    }
}

/**
 * dabiao_window_open_demo:
 *
 * Opens the demo event (created on first use in the user's data folder,
 * with a roster) with a simulated 50米跑 timer (dabiao-sim).
 */
void
dabiao_window_open_demo (DabiaoWindow *self)
{
  g_return_if_fail (DABIAO_IS_WINDOW (self));

  self->demo = TRUE;
  if (self->sim == NULL)
    start_sim (self);
  else
    open_demo_event (self);
}
