/* dabiao-cli-certificates.c: certificates list|verify|key
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dabiao-certificate-issue.h"
#include "dabiao-cli-commands.h"
#include "dabiao-error.h"
#include "dabiao-exit-desk.h"
#include "dabiao-table.h"

/* certificates list EVENT [-o FILE] */
static int
certificates_list (int argc, char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the register to FILE (.csv or .xlsx; default: the screen)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("EVENT — the register of issued certificates"));
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  guint n = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      dabiao_cli_printerr (_("usage: certificates list EVENT [-o FILE.csv]"));
      return 2;
    }
  event = dabiao_event_open (argv[1], DABIAO_EVENT_OPEN_READ_ONLY, &error);
  if (event == NULL || !dabiao_certificate_write_register (event, output != NULL ? output : "-", &n, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  if (output != NULL)
    g_print (_("Wrote %u certificates to %s\n"), n, output);
  return 0;
}

/* certificates verify [EVENT] NUMBER CODE [--event EVENT] */
static int
certificates_verify (int argc, char **argv)
{
  g_autofree char *event_path = NULL;
  GOptionEntry entries[] = {
    { "event", 0, 0, G_OPTION_ARG_FILENAME, &event_path, N_("The event file the certificate was issued from"), N_("EVENT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("NUMBER CODE --event EVENT — is a printed certificate genuine?"));
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoCertificateContent) content = NULL;
  DabiaoCertificateVerdict verdict;
  const char *number, *code;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc == 4 && event_path == NULL)
    event_path = g_strdup (argv[1]), argv++, argc--;
  if (argc != 3 || event_path == NULL)
    {
      dabiao_cli_printerr (_("usage: certificates verify NUMBER CODE --event EVENT (the event file holds the register the code is checked against)"));
      return 2;
    }
  number = argv[1];
  code = argv[2];
  event = dabiao_event_open (event_path, DABIAO_EVENT_OPEN_READ_ONLY, &error);
  if (event == NULL || !dabiao_certificate_verify (event, number, code, &verdict, &content, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  switch (verdict)
    {
    case DABIAO_CERTIFICATE_GENUINE:
      g_print (_("Genuine: certificate %s, %s, %s, level %s, total %s, issued %s by %s.\n"), content->number,
               content->name, content->school, content->level, content->total, content->issue_date, content->issuer);
      g_print (_("Compare these with the paper: a certificate whose details differ is not this one.\n"));
      return 0;
    case DABIAO_CERTIFICATE_WRONG_CODE:
      g_print (_("NOT genuine: %s is not the check code of certificate %s (issued to %s).\n"), code, number,
               content->name);
      return 1;
    case DABIAO_CERTIFICATE_UNKNOWN_NUMBER:
      g_print (_("NOT genuine: no certificate %s was issued in this event.\n"), number);
      return 1;
    case DABIAO_CERTIFICATE_OTHER_KEY:
    default:
      g_print (_("Cannot tell: certificate %s was signed with key %s, which this computer does not have; import it with `dabiao-cli certificates key --import FILE`.\n"),
               number, content->key_id);
      return 1;
    }
}

/* certificates pending EVENT: 待发证, what the exit desk lists */
static int
certificates_pending (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("EVENT — who has earned a certificate and not had it (待发证)"));
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoEvent) event = NULL;
  g_autoptr(DabiaoExitDesk) desk = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(DabiaoTableWriter) writer = NULL;
  static const char * const headers[] = { "编号", "姓名", "组别", "等级" };

  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      dabiao_cli_printerr (_("usage: certificates pending EVENT"));
      return 2;
    }
  event = dabiao_event_open (argv[1], DABIAO_EVENT_OPEN_READ_ONLY, &error);
  if (event == NULL || (desk = dabiao_exit_desk_load (event, &error)) == NULL
      || (writer = dabiao_table_writer_new ("-", NULL, &error)) == NULL)
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  pending = dabiao_exit_desk_pending (desk);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    dabiao_table_writer_add_string (writer, headers[i]);
  if (!dabiao_table_writer_end_row (writer, &error))
    goto fail;
  for (guint i = 0; i < pending->len; i++)
    {
      const DabiaoExitEntry *entry = g_ptr_array_index (pending, i);
      g_autofree char *group = dabiao_results_person_dup_group (entry->person);

      dabiao_table_writer_add_string (writer, entry->person->id);
      dabiao_table_writer_add_string (writer, entry->person->name);
      dabiao_table_writer_add_string (writer, group);
      dabiao_table_writer_add_string (writer, entry->person->level);
      if (!dabiao_table_writer_end_row (writer, &error))
        goto fail;
    }
  if (!dabiao_table_writer_close (writer, &error))
    goto fail;
  return 0;

fail:
  dabiao_cli_printerr ("%s", error->message);
  return 1;
}

/* certificates key --export FILE | --import FILE [--replace] */
static int
certificates_key (int argc, char **argv)
{
  g_autofree char *export_path = NULL;
  g_autofree char *import_path = NULL;
  gboolean replace = FALSE;
  GOptionEntry entries[] = {
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_path, N_("Copy this computer's certificate key to FILE (keep it secret)"), N_("FILE") },
    { "import", 0, 0, G_OPTION_ARG_FILENAME, &import_path, N_("Use the certificate key in FILE on this computer"), N_("FILE") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("import: replace a different key this computer has"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = dabiao_cli_context_new (_("— the secret key of the check codes"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *id = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!dabiao_cli_parse (context, &argc, &argv))
    return 2;
  if (argc != 1 || (export_path != NULL) == (import_path != NULL))
    {
      dabiao_cli_printerr (_("usage: certificates key --export FILE | --import FILE [--replace]"));
      return 2;
    }
  if (export_path != NULL ? !dabiao_certificate_key_export (export_path, &error)
                          : !dabiao_certificate_key_import (import_path, replace, &error))
    {
      dabiao_cli_printerr ("%s", error->message);
      return 1;
    }
  key = dabiao_certificate_key_load (FALSE, &error);
  id = key != NULL ? dabiao_certificate_key_id (key) : g_strdup ("?");
  if (export_path != NULL)
    g_print (_("Copied the certificate key %s to %s; keep that file secret\n"), id, export_path);
  else
    g_print (_("This computer now uses the certificate key %s\n"), id);
  return 0;
}

int
dabiao_cli_certificates (int argc, char **argv)
{
  static const DabiaoCliCommandEntry subcommands[] = {
    { "list",   certificates_list,   N_("the register of issued certificates") },
    { "pending", certificates_pending, N_("who has earned a certificate and not had it (待发证)") },
    { "verify", certificates_verify, N_("is a printed certificate genuine?") },
    { "key",    certificates_key,    N_("export or import the secret key of the check codes") },
  };

  return dabiao_cli_run_subcommand (subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
