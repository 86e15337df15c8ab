/* dabiao-xlsx-parts.h: the small XML parts of an xlsx package (rels,
 * workbook.xml, styles.xml) and the guard every part of it is fed through
 * before GMarkup sees it.  Private to the xlsx reader (dabiao-table-xlsx.c),
 * which keeps the zip passes, the shared strings and the sheet stream.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* GMarkup keeps a whole text run, tag, comment or CDATA section in memory
 * before calling back, and a stack of open elements: the guard watches the
 * bytes before GMarkup sees them and stops at DABIAO_XML_MAX_RUN bytes in
 * one of them and DABIAO_XML_MAX_DEPTH nesting; no DOCTYPE (Excel never
 * writes one). */
#define DABIAO_XML_MAX_RUN (1024 * 1024)
#define DABIAO_XML_MAX_DEPTH 256

typedef enum
{
  DABIAO_XML_GUARD_TEXT,
  DABIAO_XML_GUARD_LT,
  DABIAO_XML_GUARD_TAG,
  DABIAO_XML_GUARD_END_TAG,
  DABIAO_XML_GUARD_BANG,
  DABIAO_XML_GUARD_COMMENT,
  DABIAO_XML_GUARD_CDATA,
  DABIAO_XML_GUARD_PI,
} DabiaoXmlGuardState;

/* Zero-initialise one per part; it carries over between chunks. */
typedef struct
{
  DabiaoXmlGuardState state;
  gsize               run;
  guint               depth;
  char                quote;
  char                prev;
  char                prev2;
  char                bang[8];
  guint               bang_len;
} DabiaoXmlGuard;

/* Scans the next @len bytes of @part; on a broken limit, an error naming
 * the file (@name), the part and (when non-zero) the row. */
gboolean    dabiao_xml_guard_check    (DabiaoXmlGuard       *guard,
                                       const char           *data,
                                       gsize                 len,
                                       const char           *name,
                                       const char           *part,
                                       guint                 row,
                                       GError              **error);
/* "x:row" → "row". */
const char *dabiao_xml_local_name     (const char           *qname);
/* The attribute whose local name is @wanted, or NULL. */
const char *dabiao_xml_get_attribute  (const char          **names,
                                       const char          **values,
                                       const char           *wanted);
/* Parses a whole part through the guard; errors name @name and @part. */
gboolean    dabiao_xml_parse_bytes    (const GMarkupParser  *parser,
                                       gpointer              data,
                                       GBytes               *bytes,
                                       const char           *name,
                                       const char           *part,
                                       GError              **error);

/* A relationship target resolved against the folder of the part that names
 * it: "worksheets/sheet1.xml" from xl/workbook.xml is xl/worksheets/sheet1.xml. */
char       *dabiao_xlsx_resolve_target (const char          *base_part,
                                        const char          *target);
/* The rels part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
char       *dabiao_xlsx_rels_of        (const char          *part);

/* A rels part into @targets (Id → Target) and @types (the Type's last
 * word: "officeDocument", "styles" … → Target); both own their strings. */
gboolean    dabiao_xlsx_read_rels      (GBytes              *bytes,
                                        const char          *name,
                                        const char          *part,
                                        GHashTable          *targets,
                                        GHashTable          *types,
                                        GError             **error);
/* workbook.xml: the sheets' names, r:ids (char *) and whether each is
 * hidden (GINT_TO_POINTER), in order; whether dates count from 1904. */
gboolean    dabiao_xlsx_read_workbook  (GBytes              *bytes,
                                        const char          *name,
                                        const char          *part,
                                        GPtrArray           *names,
                                        GPtrArray           *ids,
                                        GPtrArray           *hidden,
                                        gboolean            *date1904,
                                        GError             **error);
/* styles.xml (@bytes NULL: none): for each cellXfs entry, whether its
 * number format is a date (gboolean): built-in 14–22, 45–47, the Chinese
 * built-in date formats 27–31, 36, 50–54, 57–58, or a custom code with y,
 * d, or m without h/s.  NULL with @error set when the part is damaged. */
GArray     *dabiao_xlsx_read_styles    (GBytes              *bytes,
                                        const char          *name,
                                        const char          *part,
                                        GError             **error);

G_END_DECLS
