/* dabiao-cli-export.c: export upload|summary|certificates|badges|cards
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dabiao-badge.h"
#include "dabiao-certificate.h"
#include "dabiao-cli-commands.h"
#include "dabiao-error.h"
#include "dabiao-fonts.h"
#include "dabiao-output-event.h"
#include "dabiao-output-order.h"
#include "dabiao-record-card.h"
#include "dabiao-standard.h"
#include "dabiao-summary.h"
#include "dabiao-upload.h"

typedef struct
{
  char     *output;
  char     *school;
  char     *school_name;
  /* upload */
  gboolean  union_columns;
  gboolean  vision;
  char     *exempt_list;
  /* summary */
  char     *title;
  /* certificates */
  char     *template_path;
  char     *issuer;
  char     *authority;
  char     *min_level;
  char     *paper;
  int       year;
  char     *issue_date;
  /* badges */
  int       rows;
  int       columns;
  double    margin;
  double    gap;
  gboolean  show_level;
  /* cards */
  char     *school_year;
  /* certificates, badges, cards: only these */
  char    **participants;
  char     *class_code;
  /* certificates, badges, cards */
  char     *order;
  gboolean  class_page;
  gboolean  allow_missing_glyphs;
  char     *show_id;
} ExportOptions;

static void
export_options_clear (ExportOptions *o)
{
  g_free (o->output);
  g_free (o->school);
  g_free (o->school_name);
  g_free (o->exempt_list);
  g_free (o->title);
  g_free (o->template_path);
  g_free (o->issuer);
  g_free (o->authority);
  g_free (o->min_level);
  g_free (o->paper);
  g_free (o->issue_date);
  g_free (o->school_year);
  g_strfreev (o->participants);
  g_free (o->class_code);
  g_free (o->order);
  g_free (o->show_id);
}

/* Keeps the persons chosen with --participant and --class (printed outputs:
 * one lost certificate, one class's badges). */
static gboolean
filter_persons (ExportOptions *o,
                GPtrArray     *persons)
{
  guint i = 0, k;

  while (i < persons->len)
    {
      const DabiaoOutputPerson *p = g_ptr_array_index (persons, i);
      gboolean keep = TRUE;

      if (o->participants != NULL)
        keep = p->uuid != NULL && g_strv_contains ((const char * const *) o->participants, p->uuid);
      if (keep && o->class_code != NULL)
        keep = g_strcmp0 (p->class_code, o->class_code) == 0;
      if (keep)
        i++;
      else
        g_ptr_array_remove_index (persons, i);
    }

  for (k = 0; o->participants != NULL && o->participants[k] != NULL; k++)
    {
      gboolean found = FALSE;

      for (i = 0; i < persons->len && !found; i++)
        found = g_strcmp0 (((DabiaoOutputPerson *) g_ptr_array_index (persons, i))->uuid, o->participants[k]) == 0;
      if (!found)
        {
          dabiao_cli_printerr (_("No participant “%s” in the event (or not in class %s)"),
                               o->participants[k], o->class_code ? o->class_code : "");
          return FALSE;
        }
    }
  if (persons->len == 0)
    {
      dabiao_cli_printerr (_("No participant in class “%s”"), o->class_code ? o->class_code : "");
      return FALSE;
    }
  return TRUE;
}

static char *
exempt_list_path (const char *output)
{
  const char *dot = strrchr (output, '.');
  const char *slash = strrchr (output, '/');
  g_autofree char *stem = (dot != NULL && (slash == NULL || dot > slash))
                          ? g_strndup (output, dot - output) : g_strdup (output);

  return g_strconcat (stem, "-免测名单.xlsx", NULL);
}

static int
export_upload (ExportOptions *o,
               GPtrArray     *persons)
{
  DabiaoUploadOptions options = { o->union_columns, o->vision };
  g_autoptr(DabiaoUploadReport) report = NULL;
  g_autoptr(GError) error = NULL;

  guint i, no_school = 0;

  for (i = 0; i < persons->len; i++)
    {
      const DabiaoOutputPerson *p = g_ptr_array_index (persons, i);

      if (!p->exempt && (p->school_code == NULL || p->school_code[0] == '\0'))
        no_school++;
    }
  if (no_school > 0)
    {
      dabiao_cli_printerr (_("%u participants have no 学校代码: give it with --school CODE, or in the roster’s 单位 column"),
                           no_school);
      return 1;
    }

  if (!dabiao_upload_write (o->output, persons, &options, &report, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      /* The message lists the first problems; the rest go below. */
      for (i = 20; report != NULL && i < report->problems->len; i++)
        g_printerr ("  %s\n", (char *) g_ptr_array_index (report->problems, i));
      return 1;
    }

  g_print (_("Wrote %u students in %u sheets to %s\n"), report->n_rows, report->n_sheets, o->output);
  if (report->exempt->len > 0)
    {
      g_autofree char *list = o->exempt_list ? g_strdup (o->exempt_list) : exempt_list_path (o->output);

      if (!dabiao_upload_write_exempt (list, report->exempt, &error))
        {
          dabiao_cli_printerr ("%s", error->message);
          return 1;
        }
      g_print (_("%u exempt students left out, listed in %s\n"), report->exempt->len, list);
    }
  return 0;
}

static int
export_summary (ExportOptions *o,
                DabiaoEvent   *event,
                GPtrArray     *persons)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = o->title ? g_strdup (o->title)
                                    : g_strdup_printf ("%s 汇总", dabiao_event_get_name (event));
  g_autoptr(DabiaoStandard) standard = dabiao_standard_load (dabiao_event_get_standard (event), &error);

  if (standard == NULL
      || !dabiao_summary_write (o->output, persons, dabiao_standard_get_grade_names (standard),
                                dabiao_standard_get_item_level_names (standard), title, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  g_print (_("Wrote the summary of %u participants to %s\n"), persons->len, o->output);
  return 0;
}

/* The check before drawing: names (and the document's own texts) that no
 * installed font can draw stop the export, unless --allow-missing-glyphs. */
static gboolean
check_glyphs (ExportOptions       *o,
              GPtrArray           *persons,
              const char * const  *texts,
              DabiaoFontStyle      style)
{
  g_autoptr(GError) error = NULL;

  if (dabiao_output_check_glyphs (persons, texts, style, &error))
    return TRUE;
  if (o->allow_missing_glyphs)
    {
      g_printerr ("%s\n", error->message);
      g_printerr ("%s\n", _("--allow-missing-glyphs: printed anyway; these characters show as boxes"));
      return TRUE;
    }
  dabiao_cli_printerr ("%s\n%s", error->message,
                       _("To print anyway (the characters show as boxes), add --allow-missing-glyphs."));
  return FALSE;
}

static gboolean
write_pages (DabiaoPages *pages,
             const char  *output)
{
  g_autoptr(GError) error = NULL;

  if (!dabiao_pages_write_pdf (pages, output, NULL, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static int
export_certificates (ExportOptions *o,
                     DabiaoEvent   *event,
                     GPtrArray     *persons)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = NULL;
  g_autoptr(DabiaoEventCertificateBook) book = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  guint i, reprints = 0;
  int year = o->year;

  if (o->template_path != NULL)
    {
      g_autofree char *json = NULL;

      if (!g_file_get_contents (o->template_path, &json, NULL, &error))
        {
          dabiao_cli_printerr ("%s", error->message);
          return 1;
        }
      tmpl = dabiao_certificate_template_from_json (json, &error);
      if (tmpl == NULL)
        {
          dabiao_cli_printerr ("%s: %s", o->template_path, error->message);
          return 1;
        }
      /* Kept in the event: later exports (here or on another machine)
       * use it without --template. */
      if (!dabiao_output_event_store_template (event, tmpl, &error))
        {
          dabiao_cli_printerr ("%s", error->message);
          return 1;
        }
    }
  else
    {
      tmpl = dabiao_output_event_load_template (event, NULL, &error);
      if (tmpl == NULL)
        {
          dabiao_cli_printerr ("%s", error->message);
          return 1;
        }
    }

  if (o->issuer != NULL)
    g_free (tmpl->issuer), tmpl->issuer = g_strdup (o->issuer);
  if (tmpl->issuer == NULL || tmpl->issuer[0] == '\0')
    g_free (tmpl->issuer), tmpl->issuer = g_strdup (dabiao_event_get_organizer (event));
  if (o->authority != NULL)
    g_free (tmpl->authority_code), tmpl->authority_code = g_strdup (o->authority);
  if (o->min_level != NULL)
    {
      if (dabiao_output_level_rank (o->min_level) == 0)
        {
          dabiao_cli_printerr (_("--min-level: “%s” is not a level (优秀, 良好, 及格 or 一级…四级)"), o->min_level);
          return 2;
        }
      g_free (tmpl->min_level), tmpl->min_level = g_strdup (o->min_level);
    }
  if (o->paper != NULL && !dabiao_paper_from_string (o->paper, &tmpl->paper))
    {
      dabiao_cli_printerr (_("--paper: “%s” is not a paper size (a4, a4-landscape, a5, a5-landscape)"), o->paper);
      return 2;
    }
  if (tmpl->test_date == NULL && dabiao_event_get_date (event) != NULL && dabiao_event_get_date (event)[0] != '\0')
    {
      int y, m, d;

      if (sscanf (dabiao_event_get_date (event), "%d-%d-%d", &y, &m, &d) == 3)
        tmpl->test_date = g_strdup_printf ("%d年%d月%d日", y, m, d);
    }
  if (year == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      year = g_date_time_get_year (now);
    }

  {
    /* Before any number is issued: only those who get a certificate. */
    const char *texts[] = { tmpl->title, tmpl->issuer, tmpl->test_name, NULL };
    g_autoptr(GPtrArray) eligible = g_ptr_array_new ();

    for (i = 0; i < persons->len; i++)
      if (dabiao_certificate_eligible (tmpl, g_ptr_array_index (persons, i)))
        g_ptr_array_add (eligible, g_ptr_array_index (persons, i));
    if (!check_glyphs (o, eligible, texts, DABIAO_FONT_SERIF))
      return 1;
  }
  book = dabiao_event_certificate_book_new (event, tmpl->issuer, &error);
  if (book == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  certs = dabiao_certificates_issue (tmpl, persons, year, o->issue_date,
                                     dabiao_event_certificate_book_issue, book, &error);
  if (certs == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  if (certs->len == 0)
    {
      dabiao_cli_printerr (_("Nobody reached %s: no certificates written"), tmpl->min_level);
      return 1;
    }
  pages = dabiao_certificates_pages_new (tmpl, certs);
  if (!write_pages (pages, o->output))
    return 1;
  for (i = 0; i < certs->len; i++)
    if (((DabiaoIssuedCertificate *) g_ptr_array_index (certs, i))->reprint > 0)
      reprints++;
  g_print (_("Wrote %u certificates (%u reprints) to %s\n"), certs->len, reprints, o->output);
  return 0;
}

static int
export_badges (ExportOptions *o,
               DabiaoEvent   *event,
               GPtrArray     *persons)
{
  g_autoptr(DabiaoPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoBadgeLayout layout;

  dabiao_badge_layout_init_default (&layout);
  if (o->paper != NULL && !dabiao_paper_from_string (o->paper, &layout.paper))
    {
      dabiao_cli_printerr (_("--paper: “%s” is not a paper size (a4, a4-landscape, a5, a5-landscape)"), o->paper);
      return 2;
    }
  dabiao_badge_layout_init_for_paper (&layout, layout.paper);
  if (o->rows > 0)
    layout.rows = o->rows;
  if (o->columns > 0)
    layout.columns = o->columns;
  if (o->margin >= 0)
    layout.margin_top = layout.margin_bottom = layout.margin_left = layout.margin_right = o->margin;
  if (o->gap >= 0)
    layout.gap_x = layout.gap_y = o->gap;
  layout.show_level = o->show_level;
  layout.class_per_page = o->class_page;
  if (o->show_id != NULL && g_str_equal (o->show_id, "hidden"))
    layout.id = DABIAO_BADGE_ID_HIDDEN;
  else if (o->show_id != NULL && !g_str_equal (o->show_id, "masked"))
    {
      dabiao_cli_printerr (_("--id: “%s” is not masked or hidden"), o->show_id);
      return 2;
    }
  if (!dabiao_badge_layout_check (&layout, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 2;
    }
  {
    const char *texts[] = { dabiao_event_get_name (event), NULL };

    if (!check_glyphs (o, persons, texts, DABIAO_FONT_SANS))
      return 1;
  }
  pages = dabiao_badges_pages_new (&layout, dabiao_event_get_name (event), persons);
  if (!write_pages (pages, o->output))
    return 1;
  g_print (_("Wrote %u badges on %u pages to %s\n"), persons->len, dabiao_pages_get_n_pages (pages), o->output);
  return 0;
}

static int
export_cards (ExportOptions *o,
              GPtrArray     *persons)
{
  g_autoptr(DabiaoPages) pages = NULL;
  DabiaoPaper paper = DABIAO_PAPER_A4_LANDSCAPE;
  const char *texts[] = { o->school_year, NULL };

  if (o->paper != NULL && !dabiao_paper_from_string (o->paper, &paper))
    {
      dabiao_cli_printerr (_("--paper: “%s” is not a paper size (a4, a4-landscape, a5, a5-landscape)"), o->paper);
      return 2;
    }
  if (!check_glyphs (o, persons, texts, DABIAO_FONT_SANS))
    return 1;
  pages = dabiao_record_cards_pages_new_for_paper (persons, o->school_year, paper);

  if (dabiao_pages_get_n_pages (pages) == 0)
    {
      dabiao_cli_printerr (_("No students in the event (record cards are for students with a 年级编号)"));
      return 1;
    }
  if (!write_pages (pages, o->output))
    return 1;
  g_print (_("Wrote %u record cards to %s\n"), dabiao_pages_get_n_pages (pages), o->output);
  return 0;
}

int
dabiao_cli_export (int argc, char **argv)
{
  ExportOptions o = { .margin = -1, .gap = -1 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, N_("Write to FILE (upload: .xlsx or .xls; summary: .xlsx; others: .pdf)"), N_("FILE") },
    { "school", 0, 0, G_OPTION_ARG_STRING, &o.school, N_("学校代码 of every participant (default: each one’s organisation)"), N_("CODE") },
    { "school-name", 0, 0, G_OPTION_ARG_STRING, &o.school_name, N_("School name printed on cards and certificates"), N_("NAME") },
    { "union", 0, 0, G_OPTION_ARG_NONE, &o.union_columns, N_("upload: every item column on every sheet"), NULL },
    { "vision", 0, 0, G_OPTION_ARG_NONE, &o.vision, N_("upload: add the eyesight columns"), NULL },
    { "exempt-list", 0, 0, G_OPTION_ARG_FILENAME, &o.exempt_list, N_("upload: where to list exempt students (default: beside the output)"), N_("FILE") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &o.title, N_("summary: the title"), N_("TEXT") },
    { "template", 0, 0, G_OPTION_ARG_FILENAME, &o.template_path, N_("certificates: template (JSON)"), N_("FILE") },
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &o.issuer, N_("certificates: issuing body"), N_("NAME") },
    { "authority", 0, 0, G_OPTION_ARG_STRING, &o.authority, N_("certificates: authority code in the numbers"), N_("CODE") },
    { "min-level", 0, 0, G_OPTION_ARG_STRING, &o.min_level, N_("certificates: lowest level that earns one (default 及格)"), N_("LEVEL") },
    { "year", 0, 0, G_OPTION_ARG_INT, &o.year, N_("certificates: year in the numbers (default: this year)"), N_("YEAR") },
    { "issue-date", 0, 0, G_OPTION_ARG_STRING, &o.issue_date, N_("certificates: date printed (default: today)"), N_("TEXT") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &o.paper, N_("certificates, badges, cards: a4, a4-landscape, a5, a5-landscape"), N_("PAPER") },
    { "rows", 0, 0, G_OPTION_ARG_INT, &o.rows, N_("badges: rows per page (default 5)"), N_("N") },
    { "columns", 0, 0, G_OPTION_ARG_INT, &o.columns, N_("badges: columns per page (default 2)"), N_("N") },
    { "margin", 0, 0, G_OPTION_ARG_DOUBLE, &o.margin, N_("badges: page margins in mm (default 10)"), N_("MM") },
    { "gap", 0, 0, G_OPTION_ARG_DOUBLE, &o.gap, N_("badges: gap between labels in mm (default 4)"), N_("MM") },
    { "level", 0, 0, G_OPTION_ARG_NONE, &o.show_level, N_("badges: show the level reached instead of the class"), NULL },
    { "school-year", 0, 0, G_OPTION_ARG_STRING, &o.school_year, N_("cards: school year printed under the title"), N_("TEXT") },
    { "participant", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.participants, N_("certificates, badges, cards: only this participant (repeatable)"), N_("ID") },
    { "class", 0, 0, G_OPTION_ARG_STRING, &o.class_code, N_("certificates, badges, cards: only this class (班级编号)"), N_("CODE") },
    { "order", 0, 0, G_OPTION_ARG_STRING, &o.order, N_("certificates, badges, cards: class (school, grade, class, 学籍号; the default), class-name (… then name), student-no, roster"), N_("ORDER") },
    { "class-page", 0, 0, G_OPTION_ARG_NONE, &o.class_page, N_("badges: each class starts on a new page"), NULL },
    { "id", 0, 0, G_OPTION_ARG_STRING, &o.show_id, N_("badges: the 学籍号 masked (G4401**********0424, the default) or hidden"), N_("masked|hidden") },
    { "allow-missing-glyphs", 0, 0, G_OPTION_ARG_NONE, &o.allow_missing_glyphs, N_("certificates, badges, cards: print even when no installed font can draw a character (it shows as a box)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("upload|summary|certificates|badges|cards EVENT -o FILE"));
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoOutputLoadOptions load = { 0 };
  const char *kind;
  gboolean writes_event;
  int ret;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    {
      export_options_clear (&o);
      return 2;
    }
  if (argc != 3 || o.output == NULL)
    {
      dabiao_cli_printerr (_("usage: export upload|summary|certificates|badges|cards EVENT -o FILE"));
      export_options_clear (&o);
      return 2;
    }
  kind = argv[1];
  if (!g_strv_contains ((const char * const[]) { "upload", "summary", "certificates", "badges", "cards", NULL }, kind))
    {
      dabiao_cli_printerr (_("“%s” is not an export (upload, summary, certificates, badges, cards)"), kind);
      export_options_clear (&o);
      return 2;
    }

  /* Certificates are recorded in the event; everything else only reads. */
  writes_event = g_str_equal (kind, "certificates");
  event = dabiao_event_open (argv[2], writes_event ? DABIAO_EVENT_OPEN_NONE : DABIAO_EVENT_OPEN_READ_ONLY, &error);
  if (event == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      export_options_clear (&o);
      return 1;
    }
  load.school_code = o.school;
  load.school_name = o.school_name;
  persons = dabiao_output_load_event (event, &load, &error);
  if (persons == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      export_options_clear (&o);
      return 1;
    }

  if ((o.participants != NULL || o.class_code != NULL)
      && (g_str_equal (kind, "upload") || g_str_equal (kind, "summary")))
    {
      dabiao_cli_printerr (_("--participant and --class choose whom to print; the upload file and the summary cover the whole event"));
      export_options_clear (&o);
      return 2;
    }
  if ((o.participants != NULL || o.class_code != NULL) && !filter_persons (&o, persons))
    {
      export_options_clear (&o);
      return 1;
    }

  /* One order for paper; certificates are numbered in it. */
  if (!g_str_equal (kind, "upload") && !g_str_equal (kind, "summary"))
    {
      DabiaoPaperOrder order = DABIAO_PAPER_ORDER_CLASS;

      if (o.order != NULL && !dabiao_paper_order_from_string (o.order, &order))
        {
          dabiao_cli_printerr (_("--order: “%s” is not an order (class, class-name, student-no, roster)"), o.order);
          export_options_clear (&o);
          return 2;
        }
      dabiao_output_sort_for_paper (persons, order);
    }

  if (g_str_equal (kind, "upload"))
    ret = export_upload (&o, persons);
  else if (g_str_equal (kind, "summary"))
    ret = export_summary (&o, event, persons);
  else if (g_str_equal (kind, "certificates"))
    ret = export_certificates (&o, event, persons);
  else if (g_str_equal (kind, "badges"))
    ret = export_badges (&o, event, persons);
  else
    ret = export_cards (&o, persons);

  export_options_clear (&o);
  return ret;
}
