/* dabiao-cli-standards.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-cli-commands.h"
#include "dabiao-standard.h"
#include "dabiao-standard-file.h"

/* dabiao-cli standards list | show ID | check FILE-OR-DIR-OR-ID | export ID -o FILE.xlsx
 *                      | import FILE [--id NEW] [--replace] | remove ID */

static int
standards_list (void)
{
  g_auto(GStrv) ids = dabiao_standard_list_ids ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DabiaoStandard) std = dabiao_standard_load (ids[i], &error);

      if (std == NULL)
        g_print ("%s\t%s\n", ids[i], error->message);
      else
        g_print ("%s\t%s\t%s %d%s\n", ids[i], dabiao_standard_get_name (std),
                 dabiao_standard_get_issuing_body (std), dabiao_standard_get_year (std),
                 dabiao_standard_get_supplied_by_user (std) ? _(" (supplied by user)") : "");
    }
  return 0;
}

static const char *
better_text (DabiaoBetter better)
{
  switch (better)
    {
    case DABIAO_BETTER_HIGHER: return _("higher is better");
    case DABIAO_BETTER_LOWER: return _("lower is better");
    case DABIAO_BETTER_BAND: return _("scored by bands");
    case DABIAO_BETTER_NONE:
    default: return _("measured, not scored");
    }
}

static int
standards_show (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoStandard) std = dabiao_standard_load (id, &error);
  const char * const *sources;

  if (std == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }

  g_print ("%s\n", dabiao_standard_get_name (std));
  g_print (_("Id: %s\n"), dabiao_standard_get_id (std));
  g_print (_("Issued by: %s, %d\n"), dabiao_standard_get_issuing_body (std), dabiao_standard_get_year (std));
  g_print (_("Source document: %s\n"), dabiao_standard_get_source_document (std));
  g_print (_("Shape: %s\n"), dabiao_standard_get_shape (std) == DABIAO_SHAPE_WEIGHTED
           ? _("weighted 100-point items with bonus") : _("summed points"));
  g_print (_("Input columns: %s, %s, then the items’ headers\n"),
           dabiao_standard_get_group_by (std) == DABIAO_GROUP_BY_GRADE
           ? dabiao_standard_get_group_column (std) : _("年龄 or 出生日期"),
           dabiao_standard_get_sex_column (std));
  if (dabiao_standard_get_supplied_by_user (std))
    g_print ("%s\n", _("Supplied by user"));
  if (*dabiao_standard_get_notes (std) != '\0')
    g_print (_("Notes: %s\n"), dabiao_standard_get_notes (std));

  g_print ("\n%s\n", _("Items:"));
  for (guint i = 0; i < dabiao_standard_get_n_items (std); i++)
    {
      const DabiaoItem *item = dabiao_standard_get_item (std, i);

      g_print ("  %-20s %-4s %-14s %-6s %s\n", item->code, item->number, item->name, item->unit,
               better_text (item->better));
    }

  g_print ("\n%s\n", _("Groups (items: weight %, confidence of the table, sources):"));
  for (guint g = 0; g < dabiao_standard_get_n_groups (std); g++)
    {
      const DabiaoGroup *group = dabiao_standard_get_group (std, g);

      for (int s = 0; s < DABIAO_N_SEXES; s++)
        {
          g_autoptr(GPtrArray) items = dabiao_standard_list_items_for (std, group, s);

          g_print ("  %s %s %s\n", group->code, group->label, dabiao_sex_to_string (s));
          for (guint i = 0; i < items->len; i++)
            {
              const DabiaoItem *item = g_ptr_array_index (items, i);
              const char *confidence = NULL, *srcs = NULL;
              guint weight = dabiao_standard_get_weight (std, group, s, item);

              dabiao_standard_get_table_info (std, group, s, item, &confidence, &srcs);
              if (dabiao_standard_get_shape (std) == DABIAO_SHAPE_WEIGHTED)
                g_print ("    %-16s %3u%%  %-12s %s%s\n", item->name, weight, confidence, srcs,
                         dabiao_confidence_is_low (confidence) ? _("  (low confidence)") : "");
              else
                g_print ("    %-16s %-12s %s%s\n", item->name, confidence, srcs,
                         dabiao_confidence_is_low (confidence) ? _("  (low confidence)") : "");
            }
        }
    }

  sources = dabiao_standard_get_source_ids (std);
  if (sources[0] != NULL)
    {
      g_print ("\n%s\n", _("Sources:"));
      for (guint i = 0; sources[i] != NULL; i++)
        g_print ("  %s  %s\n", sources[i], dabiao_standard_get_source (std, sources[i]));
    }
  return 0;
}

static int
standards_check (const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (g_file_test (what, G_FILE_TEST_EXISTS))
    problems = dabiao_standard_check_file (what, &error);
  else
    problems = dabiao_standard_check_id (what, &error);

  if (problems == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", (char *) g_ptr_array_index (problems, i));

  if (problems->len > 0)
    {
      dabiao_cli_printerr (_("%s: does not validate (problems: %u)"), what, problems->len);
      return 1;
    }

  g_print (_("%s: valid\n"), what);
  return 0;
}

static int
standards_export (const char *id,
                  const char *output)
{
  g_autoptr(GError) error = NULL;

  if (!dabiao_standard_export (id, output, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  g_print (_("%s: written\n"), output);
  return 0;
}

static int
standards_import (const char *path,
                  const char *new_id,
                  gboolean    replace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *id = dabiao_standard_import (path, new_id, replace, &problems, &error);
  g_autofree char *dir = NULL;

  if (id == NULL)
    {
      for (guint i = 0; problems != NULL && i < problems->len; i++)
        g_printerr ("%s\n", (char *) g_ptr_array_index (problems, i));
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  dir = dabiao_standard_get_user_dir ();
  g_print (_("%s: installed as “%s” in %s (supplied by user)\n"), path, id, dir);
  return 0;
}

static int
standards_remove (const char *id)
{
  g_autoptr(GError) error = NULL;

  if (!dabiao_standard_remove (id, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  g_print (_("%s: removed\n"), id);
  return 0;
}

int
dabiao_cli_standards (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *new_id = NULL;
  gboolean replace = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("export: the workbook to write (.xlsx)"), N_("FILE") },
    { "id", 0, 0, G_OPTION_ARG_STRING, &new_id, N_("import: install under this id instead of the file’s"), N_("ID") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("import: replace a standard with the same id"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("list | show ID | check FILE-OR-DIR-OR-ID | export ID -o FILE.xlsx | import FILE | remove ID"));

  g_option_context_set_summary (context, _("List, show, check, export, import and remove scoring standards."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;

  if (argc == 3 && g_str_equal (argv[1], "export") && output != NULL)
    return standards_export (argv[2], output);
  if (argc == 3 && g_str_equal (argv[1], "import"))
    return standards_import (argv[2], new_id, replace);
  if (argc == 3 && g_str_equal (argv[1], "remove"))
    return standards_remove (argv[2]);

  if (argc == 2 && g_str_equal (argv[1], "list"))
    return standards_list ();
  if (argc == 3 && g_str_equal (argv[1], "show"))
    return standards_show (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "check"))
    return standards_check (argv[2]);

  {
    g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

    if (argc >= 2)
      dabiao_cli_printerr (_("unknown or incomplete subcommand “%s”"), argv[1]);
    g_printerr ("%s", help);
  }
  return 2;
}
