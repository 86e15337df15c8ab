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

#include "dabiao-certificate-issue.h"
#include "dabiao-cli-commands.h"
#include "dabiao-error.h"
#include "dabiao-export.h"

typedef struct
{
  char     *output;
  char     *school;
  char     *school_name;
  gboolean  union_columns;
  gboolean  vision;
  char     *exempt_list;
  char     *title;
  char     *template_path;
  char     *issuer;
  char     *authority;
  char     *min_level;
  char     *paper;
  int       year;
  char     *issue_date;
  gboolean  reissue;
  int       rows;
  int       columns;
  double    margin;
  double    gap;
  gboolean  show_level;
  char     *school_year;
  char    **participants;
  char     *class_code;
  char     *order;
  gboolean  class_page;
  char     *show_id;
  gboolean  allow_missing_glyphs;
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

/* The options as the one export request the app also builds. */
static DabiaoExportRequest *
make_request (ExportOptions     *o,
              DabiaoExportKind   kind,
              DabiaoEvent       *event,
              GError           **error)
{
  g_autoptr(DabiaoExportRequest) request = dabiao_export_request_new (kind, o->output);

  request->school_code = g_strdup (o->school);
  request->school_name = g_strdup (o->school_name);
  request->participants = g_strdupv (o->participants);
  request->class_code = g_strdup (o->class_code);
  request->union_columns = o->union_columns;
  request->vision = o->vision;
  request->exempt_list = g_strdup (o->exempt_list);
  request->title = g_strdup (o->title);
  request->min_level = g_strdup (o->min_level);
  request->reissue = o->reissue;
  request->issue_date = g_strdup (o->issue_date);
  request->year = o->year;
  request->school_year = g_strdup (o->school_year);
  if (o->min_level != NULL && dabiao_output_level_rank (o->min_level) == 0)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("--min-level: “%s” is not a level (优秀, 良好, 及格 or 一级…四级)"), o->min_level);
      return NULL;
    }
  if (o->paper != NULL)
    {
      if (!dabiao_paper_from_string (o->paper, &request->paper))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("--paper: “%s” is not a paper size (a4, a4-landscape, a5, a5-landscape)"), o->paper);
          return NULL;
        }
      request->has_paper = TRUE;
      /* Badges: the grid made for that paper, unless rows/columns say. */
      dabiao_badge_layout_init_for_paper (&request->badges, request->paper);
    }
  if (o->order != NULL && !dabiao_paper_order_from_string (o->order, &request->order))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("--order: “%s” is not an order (class, class-name, student-no, roster)"), o->order);
      return NULL;
    }
  request->allow_missing_glyphs = o->allow_missing_glyphs;
  request->badges.class_per_page = o->class_page;
  if (o->show_id != NULL && g_str_equal (o->show_id, "hidden"))
    request->badges.id = DABIAO_BADGE_ID_HIDDEN;
  else if (o->show_id != NULL && !g_str_equal (o->show_id, "masked"))
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("--id: “%s” is not masked or hidden"), o->show_id);
      return NULL;
    }
  if (o->rows > 0)
    request->badges.rows = o->rows;
  if (o->columns > 0)
    request->badges.columns = o->columns;
  if (o->margin >= 0)
    request->badges.margin_top = request->badges.margin_bottom = request->badges.margin_left
      = request->badges.margin_right = o->margin;
  if (o->gap >= 0)
    request->badges.gap_x = request->badges.gap_y = o->gap;
  request->badges.show_level = o->show_level;
  if (kind == DABIAO_EXPORT_BADGES)
    {
      DabiaoBadgeLayout layout = request->badges;

      if (request->has_paper)
        layout.paper = request->paper;
      if (!dabiao_badge_layout_check (&layout, error))
        return NULL;
    }

  /* A template, issuer or authority given here is kept in the event, so
   * later exports (here or in the app) use it. */
  if (kind == DABIAO_EXPORT_CERTIFICATES
      && (o->template_path != NULL || o->issuer != NULL || o->authority != NULL))
    {
      g_autoptr(DabiaoCertificateTemplate) tmpl = NULL;

      if (o->template_path != NULL)
        {
          g_autofree char *json = NULL;
          g_autoptr(GError) local_error = NULL;

          if (!g_file_get_contents (o->template_path, &json, NULL, error))
            return NULL;
          tmpl = dabiao_certificate_template_from_json (json, &local_error);
          if (tmpl == NULL)
            {
              g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_BAD_FILE, "%s: %s", o->template_path,
                           local_error->message);
              return NULL;
            }
        }
      else
        {
          tmpl = dabiao_certificate_event_template (event, NULL, error);
          if (tmpl == NULL)
            return NULL;
        }
      if (o->issuer != NULL)
        g_free (tmpl->issuer), tmpl->issuer = g_strdup (o->issuer);
      if (o->authority != NULL)
        g_free (tmpl->authority_code), tmpl->authority_code = g_strdup (o->authority);
      request->tmpl = g_steal_pointer (&tmpl);
      request->store_template = TRUE;
    }
  return g_steal_pointer (&request);
}

int
dabiao_cli_export (int argc, char **argv)
{
  ExportOptions o = { .margin = -1, .gap = -1 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, N_("Write to FILE (upload: .xlsx or .xls; summary: .xlsx; results: .csv or .xlsx; others: .pdf)"), N_("FILE") },
    { "school", 0, 0, G_OPTION_ARG_STRING, &o.school, N_("学校代码 of every participant (default: each one’s organisation)"), N_("CODE") },
    { "school-name", 0, 0, G_OPTION_ARG_STRING, &o.school_name, N_("School name printed on cards and certificates"), N_("NAME") },
    { "union", 0, 0, G_OPTION_ARG_NONE, &o.union_columns, N_("upload: every item column on every sheet"), NULL },
    { "vision", 0, 0, G_OPTION_ARG_NONE, &o.vision, N_("upload: add the eyesight columns"), NULL },
    { "exempt-list", 0, 0, G_OPTION_ARG_FILENAME, &o.exempt_list, N_("upload: where to list exempt students (default: beside the output)"), N_("FILE") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &o.title, N_("summary: the title"), N_("TEXT") },
    { "template", 0, 0, G_OPTION_ARG_FILENAME, &o.template_path, N_("certificates: template (JSON), kept in the event"), N_("FILE") },
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &o.issuer, N_("certificates: issuing body (default: the event’s 主办单位)"), N_("NAME") },
    { "authority", 0, 0, G_OPTION_ARG_STRING, &o.authority, N_("certificates: authority code in the numbers"), N_("CODE") },
    { "min-level", 0, 0, G_OPTION_ARG_STRING, &o.min_level, N_("certificates: lowest level that earns one (default 及格)"), N_("LEVEL") },
    { "year", 0, 0, G_OPTION_ARG_INT, &o.year, N_("certificates: year in new numbers (default: the test date’s)"), N_("YEAR") },
    { "issue-date", 0, 0, G_OPTION_ARG_STRING, &o.issue_date, N_("certificates: date printed on new ones and reissues (default: today)"), N_("TEXT") },
    { "reissue", 0, 0, G_OPTION_ARG_NONE, &o.reissue, N_("certificates: reissue (补发) those issued before, with today’s date; without it they are printed again exactly as issued"), NULL },
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
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("upload|summary|results|certificates|badges|cards EVENT -o FILE"));
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoExportRequest) request = NULL;
  g_autoptr(DabiaoExportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  DabiaoExportKind kind;
  int ret = 1;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    {
      export_options_clear (&o);
      return 2;
    }
  if (argc != 3 || o.output == NULL)
    {
      dabiao_cli_printerr (_("usage: export upload|summary|results|certificates|badges|cards EVENT -o FILE"));
      export_options_clear (&o);
      return 2;
    }
  if (!dabiao_export_kind_from_string (argv[1], &kind))
    {
      dabiao_cli_printerr (_("“%s” is not an export (upload, summary, results, certificates, badges, cards)"), argv[1]);
      export_options_clear (&o);
      return 2;
    }

  /* Certificates are recorded in the event; everything else only reads. */
  event = dabiao_event_open (argv[2], kind == DABIAO_EXPORT_CERTIFICATES ? DABIAO_EVENT_OPEN_NONE
                                                                         : DABIAO_EVENT_OPEN_READ_ONLY, &error);
  if (event == NULL && kind == DABIAO_EXPORT_CERTIFICATES && g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_IN_USE))
    /* Why this export wants the file when the others read it alongside the
     * window (the public-day trial: badges worked, certificates refused). */
    g_prefix_error (&error, _("Certificates get their numbers in the event file, so exporting them needs the file "
                              "to itself (the other exports only read it): "));
  if (event == NULL)
    goto out;
  /* A second desk's 编号 merged into another: that person. */
  for (guint i = 0; o.participants != NULL && o.participants[i] != NULL; i++)
    {
      char *resolved = dabiao_cli_resolve_participant (event, o.participants[i]);

      if (resolved == NULL)
        {
          export_options_clear (&o);
          return 1;
        }
      g_free (o.participants[i]);
      o.participants[i] = resolved;
    }
  request = make_request (&o, kind, event, &error);
  if (request == NULL)
    {
      ret = 2;
      goto out;
    }
  if (!dabiao_export_run (event, request, NULL, NULL, NULL, &report, &error))
    goto out;
  if (report->glyph_warning != NULL)
    g_printerr ("%s\n%s\n", report->glyph_warning,
                _("--allow-missing-glyphs: printed anyway; these characters show as boxes"));
  g_print ("%s\n", report->message);
  /* Written all the same; the person sending the file should know which. */
  for (guint i = 0; i < report->warnings->len; i++)
    g_printerr ("  %s\n", (char *) g_ptr_array_index (report->warnings, i));
  ret = 0;

out:
  if (error != NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      if (g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_GLYPHS))
        g_printerr ("%s\n", _("To print anyway (the characters show as boxes), add --allow-missing-glyphs."));
      /* Every problem of the upload file, one line each. */
      for (guint i = 0; report != NULL && i < report->problems->len; i++)
        g_printerr ("  %s\n", (char *) g_ptr_array_index (report->problems, i));
    }
  export_options_clear (&o);
  return ret;
}
