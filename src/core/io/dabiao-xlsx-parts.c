/* dabiao-xlsx-parts.c: the guard before GMarkup, and the small parts of an
 * xlsx package (rels, workbook.xml, styles.xml) as the reader needs them.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "dabiao-error.h"
#include "dabiao-xlsx-parts.h"

/* ---- XML guard -------------------------------------------------------- */

typedef enum
{
  GUARD_OK,
  GUARD_TOO_LONG,
  GUARD_TOO_DEEP,
  GUARD_DOCTYPE,
} GuardResult;

static GuardResult
xml_guard_scan (DabiaoXmlGuard *g,
                const char     *data,
                gsize           len)
{
  const char *p = data;
  const char *end = data + len;

  while (p < end)
    {
      char c;

      if (g->state == DABIAO_XML_GUARD_TEXT)
        {
          const char *lt = memchr (p, '<', end - p);
          gsize n = (lt != NULL ? lt : end) - p;

          g->run += n;
          if (g->run > DABIAO_XML_MAX_RUN)
            return GUARD_TOO_LONG;
          if (lt == NULL)
            return GUARD_OK;
          p = lt + 1;
          g->state = DABIAO_XML_GUARD_LT;
          g->run = 1;
          g->prev = g->prev2 = '<';
          g->quote = 0;
          continue;
        }

      c = *p++;
      if (++g->run > DABIAO_XML_MAX_RUN)
        return GUARD_TOO_LONG;
      switch (g->state)
        {
        case DABIAO_XML_GUARD_LT:
          if (c == '/')
            g->state = DABIAO_XML_GUARD_END_TAG;
          else if (c == '!')
            {
              g->state = DABIAO_XML_GUARD_BANG;
              g->bang_len = 0;
            }
          else if (c == '?')
            g->state = DABIAO_XML_GUARD_PI;
          else
            g->state = DABIAO_XML_GUARD_TAG;
          break;

        case DABIAO_XML_GUARD_TAG:
        case DABIAO_XML_GUARD_END_TAG:
          if (g->quote != 0)
            {
              if (c == g->quote)
                g->quote = 0;
            }
          else if (c == '"' || c == '\'')
            g->quote = c;
          else if (c == '>')
            {
              if (g->state == DABIAO_XML_GUARD_END_TAG)
                g->depth -= g->depth > 0;
              else if (g->prev != '/' && ++g->depth > DABIAO_XML_MAX_DEPTH)
                return GUARD_TOO_DEEP;
              g->state = DABIAO_XML_GUARD_TEXT;
              g->run = 0;
            }
          break;

        case DABIAO_XML_GUARD_BANG:
          g->bang[g->bang_len++] = c;
          if (g->bang_len == 2 && memcmp (g->bang, "--", 2) == 0)
            g->state = DABIAO_XML_GUARD_COMMENT;
          else if (g->bang_len == 7 && memcmp (g->bang, "[CDATA[", 7) == 0)
            g->state = DABIAO_XML_GUARD_CDATA;
          else if (memcmp (g->bang, "--", MIN (g->bang_len, 2)) != 0 &&
                   memcmp (g->bang, "[CDATA[", MIN (g->bang_len, 7)) != 0)
            return GUARD_DOCTYPE;
          break;

        case DABIAO_XML_GUARD_COMMENT:
        case DABIAO_XML_GUARD_CDATA:
        case DABIAO_XML_GUARD_PI:
          if (c == '>' &&
              ((g->state == DABIAO_XML_GUARD_COMMENT && g->prev == '-' && g->prev2 == '-') ||
               (g->state == DABIAO_XML_GUARD_CDATA && g->prev == ']' && g->prev2 == ']') ||
               (g->state == DABIAO_XML_GUARD_PI && g->prev == '?')))
            {
              g->state = DABIAO_XML_GUARD_TEXT;
              g->run = 0;
            }
          break;

        case DABIAO_XML_GUARD_TEXT:
        default:
          g_assert_not_reached ();
        }
      g->prev2 = g->prev;
      g->prev = c;
    }
  return GUARD_OK;
}

gboolean
dabiao_xml_guard_check (DabiaoXmlGuard  *g,
                        const char      *data,
                        gsize            len,
                        const char      *name,
                        const char      *part,
                        guint            row,
                        GError         **error)
{
  g_autofree char *where = NULL;

  switch (xml_guard_scan (g, data, len))
    {
    case GUARD_OK:
      return TRUE;
    case GUARD_TOO_LONG:
      where = row > 0 ? g_strdup_printf (_("%s: row %u"), name, row) : g_strdup (name);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the workbook is damaged (%s holds a text or tag longer than %u MiB)"),
                   where, part, DABIAO_XML_MAX_RUN >> 20);
      return FALSE;
    case GUARD_TOO_DEEP:
      where = row > 0 ? g_strdup_printf (_("%s: row %u"), name, row) : g_strdup (name);
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the workbook is damaged (%s nests XML elements more than %u deep)"),
                   where, part, DABIAO_XML_MAX_DEPTH);
      return FALSE;
    case GUARD_DOCTYPE:
    default:
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                   _("%s: the workbook is damaged (%s holds a DOCTYPE, which no spreadsheet program writes)"),
                   name, part);
      return FALSE;
    }
}

/* ---- Helpers ---------------------------------------------------------- */

const char *
dabiao_xml_local_name (const char *qname)
{
  const char *colon = strrchr (qname, ':');

  return colon != NULL ? colon + 1 : qname;
}

const char *
dabiao_xml_get_attribute (const char **names,
                          const char **values,
                          const char  *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (dabiao_xml_local_name (names[i]), wanted) == 0)
      return values[i];
  return NULL;
}

/* The r:id attribute: "id" with a namespace prefix (the package's own
 * relationship namespace), not a plain "id". */
static const char *
get_relationship_id (const char **names,
                     const char **values)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strchr (names[i], ':') != NULL && strcmp (dabiao_xml_local_name (names[i]), "id") == 0)
      return values[i];
  return NULL;
}

gboolean
dabiao_xml_parse_bytes (const GMarkupParser  *parser,
                        gpointer              data,
                        GBytes               *bytes,
                        const char           *name,
                        const char           *part,
                        GError              **error)
{
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (parser, 0, data, NULL);
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  DabiaoXmlGuard guard = { 0, };

  if (!dabiao_xml_guard_check (&guard, text, len, name, part, 0, error))
    return FALSE;
  if (!g_markup_parse_context_parse (context, text != NULL ? text : "", len, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      if (local_error->domain == DABIAO_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        {
          /* GMarkup's message counts XML lines, which a person would take
           * for spreadsheet rows: keep it for debugging only. */
          g_debug ("%s: %s: %s", name, part, local_error->message);
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE,
                       _("%s: the workbook is damaged (%s is not well-formed XML)"), name, part);
        }
      return FALSE;
    }
  return TRUE;
}

char *
dabiao_xlsx_resolve_target (const char *base_part,
                            const char *target)
{
  g_autofree char *dir = NULL;
  g_auto(GStrv) parts = NULL;
  GPtrArray *out = g_ptr_array_new ();
  char *joined;

  if (target[0] == '/')
    dir = g_strdup (target + 1);
  else
    {
      const char *slash = strrchr (base_part, '/');
      g_autofree char *base_dir = slash ? g_strndup (base_part, slash - base_part) : g_strdup ("");

      dir = *base_dir ? g_strconcat (base_dir, "/", target, NULL) : g_strdup (target);
    }

  parts = g_strsplit (dir, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (strcmp (parts[i], ".") == 0 || parts[i][0] == '\0')
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (out->len > 0)
            g_ptr_array_remove_index (out, out->len - 1);
          continue;
        }
      g_ptr_array_add (out, parts[i]);
    }
  g_ptr_array_add (out, NULL);
  joined = g_strjoinv ("/", (char **) out->pdata);
  g_ptr_array_free (out, TRUE);
  return joined;
}

char *
dabiao_xlsx_rels_of (const char *part)
{
  const char *slash = strrchr (part, '/');

  if (slash == NULL)
    return g_strconcat ("_rels/", part, ".rels", NULL);
  return g_strdup_printf ("%.*s/_rels/%s.rels", (int) (slash - part), part, slash + 1);
}

/* ---- Relationships ---------------------------------------------------- */

typedef struct
{
  GHashTable *targets;   /* Id → Target */
  GHashTable *types;     /* Type suffix ("officeDocument", "styles", …) → Target */
} Rels;

static void
rels_start (GMarkupParseContext  *context,
            const char           *element,
            const char          **names,
            const char          **values,
            gpointer              data,
            GError              **error)
{
  Rels *rels = data;
  const char *id, *type, *target;

  if (strcmp (dabiao_xml_local_name (element), "Relationship") != 0)
    return;
  id = dabiao_xml_get_attribute (names, values, "Id");
  type = dabiao_xml_get_attribute (names, values, "Type");
  target = dabiao_xml_get_attribute (names, values, "Target");
  if (target == NULL)
    return;
  if (id != NULL)
    g_hash_table_insert (rels->targets, g_strdup (id), g_strdup (target));
  if (type != NULL && strrchr (type, '/') != NULL)
    g_hash_table_insert (rels->types, g_strdup (strrchr (type, '/') + 1), g_strdup (target));
}

static const GMarkupParser rels_parser = { rels_start, NULL, NULL, NULL, NULL };

gboolean
dabiao_xlsx_read_rels (GBytes      *bytes,
                       const char  *name,
                       const char  *part,
                       GHashTable  *targets,
                       GHashTable  *types,
                       GError     **error)
{
  Rels rels = { targets, types };

  return dabiao_xml_parse_bytes (&rels_parser, &rels, bytes, name, part, error);
}

/* ---- workbook.xml ----------------------------------------------------- */

typedef struct
{
  GPtrArray *names;    /* char * */
  GPtrArray *ids;      /* char * */
  GPtrArray *hidden;   /* GINT_TO_POINTER */
  gboolean   date1904;
} Workbook;

static void
workbook_start (GMarkupParseContext  *context,
                const char           *element,
                const char          **names,
                const char          **values,
                gpointer              data,
                GError              **error)
{
  Workbook *workbook = data;
  const char *local = dabiao_xml_local_name (element);

  if (strcmp (local, "sheet") == 0)
    {
      const char *name = dabiao_xml_get_attribute (names, values, "name");
      const char *id = get_relationship_id (names, values);
      const char *state = dabiao_xml_get_attribute (names, values, "state");

      g_ptr_array_add (workbook->names, g_strdup (name ? name : ""));
      g_ptr_array_add (workbook->ids, g_strdup (id ? id : ""));
      g_ptr_array_add (workbook->hidden, GINT_TO_POINTER (state != NULL && strcmp (state, "visible") != 0));
    }
  else if (strcmp (local, "workbookPr") == 0)
    {
      const char *date1904 = dabiao_xml_get_attribute (names, values, "date1904");

      workbook->date1904 = date1904 != NULL && (strcmp (date1904, "1") == 0 || strcmp (date1904, "true") == 0);
    }
}

static const GMarkupParser workbook_parser = { workbook_start, NULL, NULL, NULL, NULL };

gboolean
dabiao_xlsx_read_workbook (GBytes      *bytes,
                           const char  *name,
                           const char  *part,
                           GPtrArray   *names,
                           GPtrArray   *ids,
                           GPtrArray   *hidden,
                           gboolean    *date1904,
                           GError     **error)
{
  Workbook workbook = { names, ids, hidden, FALSE };

  if (!dabiao_xml_parse_bytes (&workbook_parser, &workbook, bytes, name, part, error))
    return FALSE;
  *date1904 = workbook.date1904;
  return TRUE;
}

/* ---- styles.xml ------------------------------------------------------- */

typedef struct
{
  GHashTable *custom;       /* numFmtId → is date */
  GArray     *xf_formats;   /* guint numFmtId per cellXfs entry */
  gboolean    in_cell_xfs;
} Styles;

/* An elapsed-time bracket: [h], [hh], [m], [mm], [s], [ss]. */
static gboolean
is_elapsed_time (const char *p,
                    const char *chars)
{
  const char *q = p;

  while (*q && *q != ']' && strchr (chars, *q) != NULL)
    q++;
  return q > p && *q == ']';
}

static gboolean
format_code_is_date (const char *code)
{
  gboolean y = FALSE, d = FALSE, m = FALSE, h = FALSE, s = FALSE;

  for (const char *p = code; *p; p++)
    {
      switch (*p)
        {
        case ';':
          goto done; /* the first section decides */
        case '"':
          for (p++; *p && *p != '"'; p++)
            ;
          if (*p == '\0')
            goto done;
          break;
        case '\\':
        case '_':
        case '*':
          if (p[1] != '\0')
            p++;
          break;
        case '[':
          /* [Red], [$-804], [>100]: no date parts; [h], [mm], [ss]: elapsed
           * time, so an m beside them is minutes. */
          if (is_elapsed_time (p + 1, "hHmMsS"))
            h = TRUE;
          for (p++; *p && *p != ']'; p++)
            ;
          if (*p == '\0')
            goto done;
          break;
        case 'y': case 'Y': case 'e': y = TRUE; break;
        case 'd': case 'D': d = TRUE; break;
        case 'm': case 'M': m = TRUE; break;
        case 'h': case 'H': h = TRUE; break;
        case 's': case 'S': s = TRUE; break;
        default:
          break;
        }
    }
done:
  return y || d || (m && !h && !s);
}

static gboolean
builtin_is_date (guint id)
{
  return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) ||
         (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58;
}

static void
styles_start (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              data,
              GError              **error)
{
  Styles *styles = data;
  const char *local = dabiao_xml_local_name (element);

  if (strcmp (local, "numFmt") == 0)
    {
      const char *id = dabiao_xml_get_attribute (names, values, "numFmtId");
      const char *code = dabiao_xml_get_attribute (names, values, "formatCode");

      if (id != NULL && code != NULL)
        g_hash_table_insert (styles->custom, GUINT_TO_POINTER (strtoul (id, NULL, 10)),
                             GINT_TO_POINTER (format_code_is_date (code) ? 2 : 1));
    }
  else if (strcmp (local, "cellXfs") == 0)
    styles->in_cell_xfs = TRUE;
  else if (strcmp (local, "xf") == 0 && styles->in_cell_xfs)
    {
      const char *id = dabiao_xml_get_attribute (names, values, "numFmtId");
      guint format = id != NULL ? strtoul (id, NULL, 10) : 0;

      g_array_append_val (styles->xf_formats, format);
    }
}

static void
styles_end (GMarkupParseContext  *context,
            const char           *element,
            gpointer              data,
            GError              **error)
{
  Styles *styles = data;

  if (strcmp (dabiao_xml_local_name (element), "cellXfs") == 0)
    styles->in_cell_xfs = FALSE;
}

static const GMarkupParser styles_parser = { styles_start, styles_end, NULL, NULL, NULL };

GArray *
dabiao_xlsx_read_styles (GBytes      *bytes,
                         const char  *name,
                         const char  *part,
                         GError     **error)
{
  g_autoptr(GHashTable) custom = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) xf_formats = g_array_new (FALSE, TRUE, sizeof (guint));
  GArray *is_date = g_array_new (FALSE, TRUE, sizeof (gboolean));
  Styles styles = { custom, xf_formats, FALSE };

  if (bytes != NULL && !dabiao_xml_parse_bytes (&styles_parser, &styles, bytes, name, part, error))
    {
      g_array_unref (is_date);
      return NULL;
    }
  for (guint i = 0; i < xf_formats->len; i++)
    {
      guint id = g_array_index (xf_formats, guint, i);
      gpointer code = g_hash_table_lookup (custom, GUINT_TO_POINTER (id));
      gboolean date = code != NULL ? GPOINTER_TO_INT (code) == 2 : builtin_is_date (id);

      g_array_append_val (is_date, date);
    }
  return is_date;
}
