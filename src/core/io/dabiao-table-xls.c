/* dabiao-table-xls.c: the Excel 97-2003 (.xls, BIFF) reader: libfreexl in a
 * child process, the cells handed to this one through a pipe
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dabiao-error.h"
#include "dabiao-table-private.h"

/* libfreexl 1.0.6 is not safe on hostile files: it crashes on some damaged
 * ones (tests/data/io/freexl-crash.xls) and over-reads on others without
 * crashing a release build, and it allocates every cell a sheet declares
 * (65,536 × 256 of them for a few bytes).  So this process never calls it.
 * A forked child opens the workbook, picks the sheet and writes its cells,
 * row by row, into a pipe; this process reads them as next_row() asks, and
 * checks everything it reads (the child is as untrusted as the file).  The
 * child runs under limits (MAX_CHILD_MEMORY more data than the parent had,
 * MAX_CHILD_SECONDS of CPU; no core file), and a child that
 * stops sending for MAX_SILENCE_MS is killed.  Anything but a complete
 * stream (a crash, a limit, garbage) means "libfreexl cannot read it".
 *
 * Only the child calls libfreexl, then _exit()s: no GLib there (the parent
 * may be threaded, and only malloc and stdio are safe after such a fork in
 * glibc; libfreexl uses those and iconv).
 *
 * The stream (native byte order: both ends are this machine):
 *   "DBXL", u32 status (STATUS_*), u32 detail (a libfreexl code),
 *   u32 n_sheets, n_sheets × (u32 length, bytes), u32 chosen sheet;
 *   then records: u8 kind (REC_*), u32 row, u16 column, then a f64 (NUMBER)
 *   or u32 length + bytes (TEXT, DATE, DATETIME); REC_END ends the stream. */

#define MAX_CHILD_MEMORY ((rlim_t) 256 * 1024 * 1024)
#define MAX_CHILD_SECONDS 60
#define MAX_SILENCE_MS (60 * 1000)
#define MAX_SHEETS 4096
#define MAX_SHEET_NAME 1024

enum
{
  STATUS_OK,
  STATUS_OPEN_FAILED,
  STATUS_PASSWORD,
  STATUS_NO_SHEET,
  STATUS_SELECT_FAILED,
};

enum
{
  REC_END,
  REC_NUMBER,
  REC_TEXT,
  REC_DATE,
  REC_DATETIME,
};

/* ---- The child --------------------------------------------------------- */

typedef struct
{
  int    fd;
  size_t len;
  char   buf[64 * 1024];
} Out;

static void
out_flush (Out *out)
{
  size_t done = 0;

  while (done < out->len)
    {
      ssize_t n = write (out->fd, out->buf + done, out->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        _exit (3); /* the parent is gone */
      done += n;
    }
  out->len = 0;
}

static void
out_put (Out        *out,
         const void *data,
         size_t      len)
{
  const char *p = data;

  while (len > 0)
    {
      size_t n = sizeof out->buf - out->len;

      if (n == 0)
        {
          out_flush (out);
          continue;
        }
      if (n > len)
        n = len;
      memcpy (out->buf + out->len, p, n);
      out->len += n;
      p += n;
      len -= n;
    }
}

static void
out_u32 (Out     *out,
         guint32  value)
{
  out_put (out, &value, sizeof value);
}

static void
out_text (Out        *out,
          const char *text)
{
  guint32 len = text != NULL ? strlen (text) : 0;

  out_u32 (out, len);
  out_put (out, text, len);
}

static void
out_cell_head (Out          *out,
               guint8        kind,
               unsigned int  row,
               unsigned short column)
{
  guint32 r = row;
  guint16 c = column;

  out_put (out, &kind, 1);
  out_put (out, &r, sizeof r);
  out_put (out, &c, sizeof c);
}

static void
limit_child (void)
{
  struct rlimit limit = { 0, 0 };

  /* A crash is how this child fails: it dies at once and the parent names
   * the file as damaged.  No handler inherited from the parent runs here —
   * not ASan's, which symbolises for seconds, nor a fuzzer's, which would
   * take the child's crash for its own. */
  signal (SIGSEGV, SIG_DFL);
  signal (SIGBUS, SIG_DFL);
  signal (SIGFPE, SIG_DFL);
  signal (SIGILL, SIG_DFL);
  setrlimit (RLIMIT_CORE, &limit);
  limit.rlim_cur = limit.rlim_max = MAX_CHILD_SECONDS;
  setrlimit (RLIMIT_CPU, &limit);
  {
    /* The data the parent already has (heap, private mappings; under ASan
     * also its shadow memory), plus what libfreexl may take.  RLIMIT_DATA
     * rather than RLIMIT_AS, which ASan's reservations exceed at once. */
    FILE *fp = fopen ("/proc/self/status", "r");
    char line[256];
    unsigned long kb = 0;

    while (fp != NULL && fgets (line, sizeof line, fp) != NULL)
      if (sscanf (line, "VmData: %lu kB", &kb) == 1)
        break;
    if (fp != NULL)
      fclose (fp);
    if (kb > 0)
      {
        limit.rlim_cur = limit.rlim_max = (rlim_t) kb * 1024 + MAX_CHILD_MEMORY;
        setrlimit (RLIMIT_DATA, &limit);
      }
  }
}

G_GNUC_NORETURN static void
run_child (const char *path,
           const char *sheet,
           int         fd)
{
  static Out out;
  const void *handle = NULL;
  unsigned int n_sheets = 0, info = 0, rows = 0;
  unsigned short columns = 0;
  int index = -1;
  int ret;

  limit_child ();
  out.fd = fd;
  out_put (&out, "DBXL", 4);

  ret = freexl_open (path, &handle);
  if (ret != FREEXL_OK)
    {
      out_u32 (&out, STATUS_OPEN_FAILED);
      out_u32 (&out, (guint32) ret);
      out_flush (&out);
      _exit (0);
    }
  if (freexl_get_info (handle, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
      info == FREEXL_BIFF_OBFUSCATED)
    {
      out_u32 (&out, STATUS_PASSWORD);
      out_u32 (&out, 0);
      out_flush (&out);
      _exit (0);
    }

  freexl_get_info (handle, FREEXL_BIFF_SHEET_COUNT, &n_sheets);
  if (n_sheets > MAX_SHEETS)
    n_sheets = MAX_SHEETS;
  for (unsigned int i = 0; i < n_sheets && index < 0; i++)
    {
      const char *name = NULL;

      if (freexl_get_worksheet_name (handle, i, &name) != FREEXL_OK || name == NULL)
        name = "";
      if (sheet == NULL || strcmp (sheet, name) == 0)
        index = i;
    }
  if (index >= 0 &&
      (freexl_select_active_worksheet (handle, index) != FREEXL_OK ||
       freexl_worksheet_dimensions (handle, &rows, &columns) != FREEXL_OK))
    {
      out_u32 (&out, STATUS_SELECT_FAILED);
      index = -1;
    }
  else
    out_u32 (&out, index >= 0 ? STATUS_OK : STATUS_NO_SHEET);
  out_u32 (&out, 0);
  out_u32 (&out, n_sheets);
  for (unsigned int i = 0; i < n_sheets; i++)
    {
      const char *name = NULL;

      if (freexl_get_worksheet_name (handle, i, &name) != FREEXL_OK)
        name = NULL;
      out_text (&out, name);
    }
  out_u32 (&out, index >= 0 ? (guint32) index : G_MAXUINT32);

  for (unsigned int r = 0; index >= 0 && r < rows; r++)
    for (unsigned short c = 0; c < columns; c++)
      {
        FreeXL_CellValue value;

        if (freexl_get_cell_value (handle, r, c, &value) != FREEXL_OK)
          _exit (4);
        switch (value.type)
          {
          case FREEXL_CELL_INT:
          case FREEXL_CELL_DOUBLE:
            {
              double number = value.type == FREEXL_CELL_INT ? value.value.int_value
                                                            : value.value.double_value;

              out_cell_head (&out, REC_NUMBER, r, c);
              out_put (&out, &number, sizeof number);
            }
            break;
          case FREEXL_CELL_TEXT:
          case FREEXL_CELL_SST_TEXT:
          case FREEXL_CELL_TIME:
          case FREEXL_CELL_DATE:
          case FREEXL_CELL_DATETIME:
            if (value.value.text_value == NULL)
              break;
            out_cell_head (&out, value.type == FREEXL_CELL_DATE ? REC_DATE
                                 : value.type == FREEXL_CELL_DATETIME ? REC_DATETIME
                                 : REC_TEXT, r, c);
            out_text (&out, value.value.text_value);
            break;
          default:
            break;
          }
      }
  {
    guint8 end = REC_END;

    out_put (&out, &end, 1);
  }
  out_flush (&out);
  _exit (0);
}

/* ---- This process ------------------------------------------------------ */

typedef struct
{
  char     *name;
  pid_t     pid;
  int       fd;
  char    **sheets;
  guint8    buf[64 * 1024];
  gsize     pos;
  gsize     len;
  gboolean  ended;       /* REC_END read */
  /* A cell read ahead: the first of the next row. */
  gboolean  have_next;
  guint8    next_kind;
  guint32   next_row;
  guint16   next_column;
  double    next_number;
  GString  *next_text;
} XlsReader;

static void
stop_child (XlsReader *self)
{
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  if (self->pid > 0)
    {
      int status;

      kill (self->pid, SIGKILL);
      while (waitpid (self->pid, &status, 0) < 0 && errno == EINTR)
        ;
      self->pid = 0;
    }
}

static void
xls_free (gpointer data)
{
  XlsReader *self = data;

  stop_child (self);
  g_strfreev (self->sheets);
  if (self->next_text != NULL)
    g_string_free (self->next_text, TRUE);
  g_free (self->name);
  g_free (self);
}

static void
set_damaged (XlsReader  *self,
             guint       row,
             GError    **error)
{
  if (row > 0)
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                 _("%s: row %u: the workbook is damaged (libfreexl cannot read it)"),
                 self->name, row);
  else
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                 _("%s: the workbook is damaged (libfreexl cannot read it)"), self->name);
}

/* Read exactly @len bytes from the child; FALSE when the stream ends early,
 * the child is silent too long or reading fails (the child is then
 * stopped). */
static gboolean
read_exact (XlsReader *self,
            void      *data,
            gsize      len)
{
  guint8 *out = data;

  while (len > 0)
    {
      gsize n;

      if (self->pos == self->len)
        {
          struct pollfd pfd = { self->fd, POLLIN, 0 };
          ssize_t got;
          int ready;

          if (self->fd < 0)
            return FALSE;
          ready = poll (&pfd, 1, MAX_SILENCE_MS);
          if (ready < 0 && errno == EINTR)
            continue;
          if (ready <= 0)
            {
              stop_child (self);
              return FALSE;
            }
          got = read (self->fd, self->buf, sizeof self->buf);
          if (got < 0 && errno == EINTR)
            continue;
          if (got <= 0)
            {
              stop_child (self);
              return FALSE;
            }
          self->pos = 0;
          self->len = got;
        }
      n = MIN (len, self->len - self->pos);
      memcpy (out, self->buf + self->pos, n);
      self->pos += n;
      out += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
read_u32 (XlsReader *self,
          guint32   *value)
{
  return read_exact (self, value, sizeof *value);
}

/* A length-prefixed text of at most @max bytes, valid UTF-8. */
static gboolean
read_text (XlsReader *self,
           GString   *text,
           gsize      max)
{
  guint32 len;

  if (!read_u32 (self, &len) || len > max)
    return FALSE;
  g_string_set_size (text, len);
  if (!read_exact (self, text->str, len))
    return FALSE;
  return g_utf8_validate_len (text->str, len, NULL);
}

/* The next cell into self->next_*; FALSE at REC_END (self->ended) or on a
 * broken stream. */
static gboolean
read_cell (XlsReader *self)
{
  guint8 kind;

  if (!read_exact (self, &kind, 1))
    return FALSE;
  if (kind == REC_END)
    {
      self->ended = TRUE;
      return FALSE;
    }
  if (kind > REC_DATETIME ||
      !read_exact (self, &self->next_row, sizeof self->next_row) ||
      !read_exact (self, &self->next_column, sizeof self->next_column))
    return FALSE;
  self->next_kind = kind;
  if (kind == REC_NUMBER)
    return read_exact (self, &self->next_number, sizeof self->next_number);
  /* A bit over a cell's limit, so that an over-long cell is reported as
   * such; beyond that the stream is garbage. */
  return read_text (self, self->next_text, DABIAO_TABLE_MAX_CELL_BYTES + 1);
}

static double
parse_date_serial (const char *text,
                   gboolean    with_time)
{
  int y, m, d, hh = 0, mm = 0, ss = 0;
  GDate date;
  double serial;

  if (sscanf (text, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return -1;
  if (with_time && sscanf (text, "%*d-%*d-%d %d:%d:%d", &d, &hh, &mm, &ss) != 4)
    hh = mm = ss = 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  serial = dabiao_date_to_serial (&date);
  return serial + (hh * 3600 + mm * 60 + ss) / 86400.0;
}

static void
set_next_cell (XlsReader *self,
               DabiaoRow *row)
{
  const char *text = self->next_text->str;

  switch (self->next_kind)
    {
    case REC_NUMBER:
      dabiao_row_set_number (row, self->next_column, self->next_number);
      break;
    case REC_DATE:
    case REC_DATETIME:
      {
        double serial = parse_date_serial (text, self->next_kind == REC_DATETIME);

        if (serial >= 1)
          {
            dabiao_row_set_date (row, self->next_column, serial);
            break;
          }
      }
      G_GNUC_FALLTHROUGH;
    case REC_TEXT:
    default:
      dabiao_row_set (row, self->next_column, DABIAO_CELL_STRING, text, self->next_text->len, 0);
      break;
    }
}

static gboolean
xls_read_row (gpointer    data,
              DabiaoRow  *row,
              guint      *row_number,
              GError    **error)
{
  XlsReader *self = data;
  guint32 r;
  guint16 last_column = 0;

  if (!self->have_next)
    {
      if (self->ended)
        return FALSE;
      if (!read_cell (self))
        {
          if (self->ended)
            return FALSE;
          set_damaged (self, *row_number + 1, error);
          return FALSE;
        }
    }

  /* The cells come row by row, left to right: anything else is garbage. */
  r = self->next_row;
  if (r >= DABIAO_TABLE_MAX_ROWS || r + 1 <= *row_number)
    {
      set_damaged (self, *row_number + 1, error);
      return FALSE;
    }
  *row_number = r + 1;
  for (;;)
    {
      if (self->next_column < last_column && self->next_row == r)
        {
          set_damaged (self, r + 1, error);
          return FALSE;
        }
      last_column = self->next_column;
      set_next_cell (self, row);
      if (row->problem != DABIAO_ROW_OK)
        {
          self->have_next = FALSE;
          return TRUE; /* the front reports it */
        }
      if (!read_cell (self))
        {
          self->have_next = FALSE;
          if (self->ended)
            return TRUE;
          set_damaged (self, r + 1, error);
          return FALSE;
        }
      if (self->next_row != r)
        {
          self->have_next = TRUE;
          return TRUE;
        }
    }
}

static char **
xls_list_sheets (gpointer data)
{
  XlsReader *self = data;

  return g_strdupv (self->sheets);
}

static gboolean
looks_like_html (const char *path)
{
  char head[4096];
  FILE *fp = fopen (path, "rb");
  gsize n;
  g_autofree char *lower = NULL;

  if (fp == NULL)
    return FALSE;
  n = fread (head, 1, sizeof head - 1, fp);
  fclose (fp);
  head[n] = '\0';
  lower = g_ascii_strdown (head, n);
  return strstr (lower, "<html") != NULL || strstr (lower, "<table") != NULL;
}

static const DabiaoTableBackend xls_backend = {
  xls_read_row,
  xls_list_sheets,
  xls_free,
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XlsReader, xls_free)

/* Long (~120 lines) but linear: start the child, read its sheet list, pick
 * the sheet, wait for the header; each step can fail with its own message
 * and must leave no child behind, so they stay in one place. */
gpointer
dabiao_xls_backend_open (const char                *path,
                         const char                *name,
                         const char                *sheet,
                         const DabiaoTableBackend **backend,
                         GError                   **error)
{
  g_autoptr(XlsReader) self = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) sheets = g_ptr_array_new_with_free_func (g_free);
  int fds[2];
  char magic[4];
  guint32 status, detail, n_sheets, chosen;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("%s: cannot open the file: %s"), name, g_strerror (ENOENT));
      return NULL;
    }

  self = g_new0 (XlsReader, 1);
  self->name = g_strdup (name);
  self->fd = -1;
  self->next_text = g_string_new (NULL);

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, NULL))
    {
      int saved_errno = errno;

      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("%s: cannot read the file: %s"), name, g_strerror (saved_errno));
      return NULL;
    }
  self->pid = fork ();
  if (self->pid == 0)
    {
      close (fds[0]);
      run_child (path, sheet, fds[1]);
    }
  close (fds[1]);
  if (self->pid < 0)
    {
      int saved_errno = errno;

      close (fds[0]);
      self->pid = 0;
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_IO,
                   _("%s: cannot read the file: %s"), name, g_strerror (saved_errno));
      return NULL;
    }
  self->fd = fds[0];

  if (!read_exact (self, magic, sizeof magic) || memcmp (magic, "DBXL", 4) != 0 ||
      !read_u32 (self, &status) || !read_u32 (self, &detail))
    {
      set_damaged (self, 0, error);
      return NULL;
    }
  if (status == STATUS_OPEN_FAILED)
    {
      /* Many school systems export a web page named .xls. */
      if (looks_like_html (path))
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: this is a web page (HTML) named .xls, not a workbook; open it in Excel or WPS and save it as .xlsx"),
                     name);
      else
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: not an Excel 97-2003 workbook, or a damaged one (libfreexl error %d)"),
                     name, (int) detail);
      return NULL;
    }
  if (status == STATUS_PASSWORD)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the workbook is protected by a password; save an unprotected copy"),
                   name);
      return NULL;
    }
  if (status > STATUS_SELECT_FAILED || !read_u32 (self, &n_sheets) || n_sheets > MAX_SHEETS)
    {
      set_damaged (self, 0, error);
      return NULL;
    }
  for (guint i = 0; i < n_sheets; i++)
    {
      if (!read_text (self, text, MAX_SHEET_NAME))
        {
          set_damaged (self, 0, error);
          return NULL;
        }
      g_ptr_array_add (sheets, g_strndup (text->str, text->len));
    }
  g_ptr_array_add (sheets, NULL);
  self->sheets = (char **) g_ptr_array_free (g_steal_pointer (&sheets), FALSE);
  if (!read_u32 (self, &chosen) ||
      (status == STATUS_OK && chosen >= n_sheets))
    {
      set_damaged (self, 0, error);
      return NULL;
    }

  if (status == STATUS_NO_SHEET)
    {
      g_autofree char *names = g_strjoinv ("、", self->sheets);

      if (sheet != NULL && n_sheets > 0)
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_NOT_FOUND,
                     _("%s: there is no sheet named “%s” (the sheets are: %s)"),
                     name, sheet, names);
      else
        /* libfreexl allocates every cell every sheet declares on open, and
         * reports no sheets at all when that fails. */
        g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                     _("%s: no worksheet can be read: the workbook has none, or its sheets declare more cells than an Excel 97-2003 file is read with (%u MiB); save it again as .xlsx"),
                     name, (guint) (MAX_CHILD_MEMORY >> 20));
      return NULL;
    }
  if (status == STATUS_SELECT_FAILED)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the sheet “%s” cannot be read"), name,
                   sheet != NULL ? sheet : (self->sheets[0] != NULL ? self->sheets[0] : ""));
      return NULL;
    }

  *backend = &xls_backend;
  return g_steal_pointer (&self);
}
