/* test-safe-files.c: files and output that cannot be turned against the
 * user: the lock file beside an event file (a symbolic link, a FIFO, a
 * second name planted in a shared folder; a holder caught writing its name
 * is never "process ? on ?"), names from a roster printed to a terminal
 * (escape sequences shown, not obeyed), a roster read from a FIFO (read
 * once)
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <pty.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dabiao-error.h"
#include "dabiao-event.h"
#include "dabiao-i18n.h"
#include "dabiao-test-event.h"

static char *tmpdir;

static char *
new_event (const char *name)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  DabiaoEvent *event = dabiao_test_event_new (path, "锁测试", 3, NULL);

  g_object_unref (event);
  return path;
}

static void
assert_victim_intact (const char *victim)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (victim, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious\n");
}

/* FILE.lock → any file the user can write: before, opening for writing
 * truncated that file and wrote "host pid user" into it. */
static void
test_symlink (void)
{
  g_autofree char *path = new_event ("symlink.dabiao");
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autofree char *victim = g_build_filename (tmpdir, "victim-1", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;

  g_assert_true (g_file_set_contents (victim, "precious\n", -1, NULL));
  g_unlink (lock);
  g_assert_cmpint (symlink (victim, lock), ==, 0);

  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_null (event);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "symlink.dabiao.lock"));
  assert_victim_intact (victim);

  /* Read-only opens take no lock: still fine. */
  g_clear_error (&error);
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
}

/* A second name (hard link) of another file. */
static void
test_hard_link (void)
{
  g_autofree char *path = new_event ("hardlink.dabiao");
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autofree char *victim = g_build_filename (tmpdir, "victim-2", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;

  g_assert_true (g_file_set_contents (victim, "precious\n", -1, NULL));
  g_unlink (lock);
  g_assert_cmpint (link (victim, lock), ==, 0);
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_null (event);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "hardlink.dabiao.lock"));
  assert_victim_intact (victim);
}

/* A FIFO: refused at once, never waited on. */
static void
test_fifo (void)
{
  g_autofree char *path = new_event ("fifo.dabiao");
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;

  g_unlink (lock);
  g_assert_cmpint (mkfifo (lock, 0644), ==, 0);
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_null (event);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IO);
  g_unlink (lock);

  /* Once it is gone, the file opens and leaves an ordinary lock file. */
  g_clear_error (&error);
  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_no_error (error);
}

/* Another program holds the lock and is still writing its name: the
 * message waits for it instead of saying "process ? on ?". */
static void
test_holder_mid_write (void)
{
  g_autofree char *path = new_event ("busy.dabiao");
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  int ready[2], done[2];
  pid_t pid;
  char c;

  g_assert_true (g_unix_open_pipe (ready, FD_CLOEXEC, NULL));
  g_assert_true (g_unix_open_pipe (done, FD_CLOEXEC, NULL));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int fd = open (lock, O_RDWR | O_CREAT | O_TRUNC, 0644);
      struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

      if (fd < 0 || fcntl (fd, F_SETLK, &fl) < 0 || write (fd, "holder-host\n", 12) != 12 ||
          write (ready[1], "x", 1) != 1)
        _exit (1);
      g_usleep (150 * 1000);
      if (write (fd, "4242\n测试员\n", strlen ("4242\n测试员\n")) < 0 || read (done[0], &c, 1) < 0)
        _exit (1);
      _exit (0);
    }
  g_assert_cmpint (read (ready[0], &c, 1), ==, 1);

  event = dabiao_event_open (path, DABIAO_EVENT_OPEN_NONE, &error);
  g_assert_null (event);
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "4242"));
  g_assert_nonnull (strstr (error->message, "holder-host"));
  g_assert_nonnull (strstr (error->message, "测试员"));
  g_assert_null (strstr (error->message, "?"));

  g_assert_cmpint (write (done[1], "x", 1), ==, 1);
  waitpid (pid, NULL, 0);
  close (ready[0]), close (ready[1]), close (done[0]), close (done[1]);
}

/* `dabiao-cli roster list` on a terminal: a name carrying escape sequences
 * (set the window title, colours) and a bidirectional override is shown
 * written out. */
static void
test_terminal (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "terminal.dabiao", NULL);
  g_autoptr(DabiaoEvent) event = dabiao_test_event_new (path, "终端", 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  DabiaoParticipantInfo p = { .id = "X1", .name = "\x1b]0;owned\x07张\x1b[31m三\xe2\x80\xae", .sex = 1,
                              .birth_date = "2010-01-01", .grade = 31, .class_code = "3101",
                              .class_name = "高一1班" };
  const char *argv[] = { g_getenv ("DABIAO_CLI"), "roster", "list", path, NULL };
  int master, slave;
  GPid pid;

  g_assert_true (dabiao_event_add_participants (event, &p, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&event);

  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  g_assert_true (g_spawn_async_with_fds (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                         &pid, -1, slave, slave, &error));
  g_assert_no_error (error);
  close (slave);
  for (;;)
    {
      char buf[4096];
      ssize_t n = read (master, buf, sizeof buf);

      if (n <= 0)
        break;  /* EIO once the program has closed the terminal */
      g_string_append_len (out, buf, n);
    }
  close (master);
  waitpid (pid, NULL, 0);

  g_test_message ("%s", out->str);
  g_assert_nonnull (strstr (out->str, "\\x1B]0;owned\\x07张\\x1B[31m三\\u{202E}"));
  g_assert_null (memchr (out->str, 0x1b, out->len));
  g_assert_null (memchr (out->str, 0x07, out->len));
  g_assert_null (strstr (out->str, "\xe2\x80\xae"));
}

/* A roster through a FIFO (a pipe from another program, "<(…)"): read once;
 * before, the importer opened it once to list the sheets and again to read
 * them, and the second open waited for a writer that never came. */
static void
test_fifo_roster (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "fifo-roster.dabiao", NULL);
  g_autofree char *fifo = g_build_filename (tmpdir, "名单.csv", NULL);
  g_autoptr(DabiaoEvent) event = dabiao_test_event_new (path, "管道", 0, NULL);
  g_autoptr(DabiaoRosterReport) report = NULL;
  g_autoptr(GError) error = NULL;
  static const char csv[] =
    "年级编号,班级编号,班级名称,学籍号,民族代码,姓名,性别,出生日期\n"
    "21,2101,初一1班,G001,01,张三,1,2013-03-07\n"
    "21,2101,初一1班,G002,01,李四,2,2013-05-02\n";
  pid_t pid;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int fd = open (fifo, O_WRONLY);

      _exit (fd >= 0 && write (fd, csv, strlen (csv)) == (ssize_t) strlen (csv) ? 0 : 1);
    }
  g_assert_true (dabiao_event_import_roster (event, fifo, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->added, ==, 2);
  waitpid (pid, NULL, 0);
  g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, 2);
}

/* A name of thousands of characters added directly (roster add, the app's
 * edit): refused, so no card or export has to lay out megabytes of name. */
static void
test_long_name (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "long-name.dabiao", NULL);
  g_autoptr(DabiaoEvent) event = dabiao_test_event_new (path, "长名", 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  DabiaoParticipantInfo p = { .id = "L1", .sex = 1, .birth_date = "2010-01-01", .grade = 31,
                              .class_code = "3101", .class_name = "高一1班" };

  for (guint i = 0; i < 100000; i++)
    g_string_append (name, "名");
  p.name = name->str;
  g_assert_false (dabiao_event_add_participants (event, &p, 1, NULL, NULL, &error));
  g_assert_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "L1"));
  g_assert_nonnull (strstr (error->message, "姓名"));
  g_assert_nonnull (strstr (error->message, "100000"));
  g_assert_cmpint (dabiao_event_count_participants (event, NULL, NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  dabiao_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("dabiao-safe-XXXXXX", NULL);

  g_test_add_func ("/event/lock/symlink", test_symlink);
  g_test_add_func ("/event/lock/hard-link", test_hard_link);
  g_test_add_func ("/event/lock/fifo", test_fifo);
  g_test_add_func ("/event/lock/holder-mid-write", test_holder_mid_write);
  g_test_add_func ("/event/safe/terminal", test_terminal);
  g_test_add_func ("/event/safe/fifo-roster", test_fifo_roster);
  g_test_add_func ("/event/safe/long-name", test_long_name);

  ret = g_test_run ();
  {
    const char *argv_rm[] = { "rm", "-rf", tmpdir, NULL };

    g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmpdir);
  return ret;
}
