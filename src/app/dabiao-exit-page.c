/* dabiao-exit-page.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-exit-page.h"

/* Built in code (a few boxes and lists); the window does the work
 * (dabiao-window-exit.c): it loads the desk on the event's worker and
 * issues through the export of certificates. */

struct _DabiaoExitPage
{
  AdwBin           parent_instance;

  GtkWidget       *issuer_box;   /* no 主办单位: says so, with a button to 活动信息 */
  GtkWidget       *no_printer_box;  /* no printer answered: says so, with 存为 PDF… */
  GtkEntry        *scan_entry;
  GtkLabel        *name_label;
  GtkLabel        *group_label;
  GtkListBox      *results_list;
  GtkLabel        *status_label;
  GtkButton       *issue_button;
  GtkLabel        *message_label;
  GtkLabel        *pending_label;
  GtkListBox      *pending_list;

  DabiaoExitDesk  *desk;
  char            *person;   /* the id shown */
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (DabiaoExitPage, dabiao_exit_page, ADW_TYPE_BIN)

enum { SIGNAL_SCAN, SIGNAL_ISSUE, SIGNAL_SAVE_PDF, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_style (GtkWidget  *widget,
           const char *style)
{
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "success");
  gtk_widget_remove_css_class (widget, "dim-label");
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

static const DabiaoExitEntry *
shown_entry (DabiaoExitPage *self)
{
  return self->desk != NULL && self->person != NULL ? dabiao_exit_desk_find (self->desk, self->person) : NULL;
}

static void
update_button (DabiaoExitPage *self)
{
  const DabiaoExitEntry *entry = shown_entry (self);
  gboolean issued = entry != NULL && entry->state == DABIAO_EXIT_ISSUED;

  gtk_button_set_label (self->issue_button, issued ? _("_Reissue the Certificate (补发)")
                                                   : _("_Issue the Certificate"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->issue_button),
                            !self->busy && entry != NULL
                            && (entry->state == DABIAO_EXIT_PENDING || issued));
}

static GtkWidget *
result_row (const DabiaoResultsItem *r)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (NULL);
  g_autofree char *text = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->name);
  /* 身高标准体重's value is the weight (its row chosen by the height): the
   * level it gives (正常体重 …) says what it is (findings-15b #9). */
  if (r->has_value && r->has_score && r->level != NULL && r->item != NULL
      && r->item->formula == DABIAO_FORMULA_WEIGHT_FOR_HEIGHT)
    text = g_strdup_printf (_("%s · %d points"), r->level, r->score);
  else if (r->has_value && r->has_score)
    /* Translators: a result and its score */
    text = g_strdup_printf (_("%s · %d points"), r->display, r->score);
  else if (r->has_value)
    text = g_strdup (r->display);
  else if (r->special != NULL)
    text = g_strdup (r->special);
  else
    text = g_strdup (_("not measured yet"));
  gtk_label_set_text (GTK_LABEL (value), text);
  set_style (value, r->has_value ? NULL : "error");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_entry (DabiaoExitPage *self)
{
  const DabiaoExitEntry *entry = shown_entry (self);
  g_autofree char *title = NULL;
  g_autofree char *group = NULL;
  g_autofree char *status = NULL;
  const char *style = NULL;

  clear_list (self->results_list);
  if (entry == NULL)
    {
      gtk_label_set_text (self->name_label, _("Scan a badge"));
      gtk_label_set_text (self->group_label, "");
      gtk_label_set_text (self->status_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
      update_button (self);
      return;
    }
  title = g_strdup_printf ("%s  %s", entry->person->id, entry->person->name);
  gtk_label_set_text (self->name_label, title);
  group = dabiao_results_person_dup_group (entry->person);
  gtk_label_set_text (self->group_label, group);
  for (guint i = 0; i < entry->person->results->len; i++)
    {
      const DabiaoResultsItem *r = g_ptr_array_index (entry->person->results, i);

      if (r->applies || r->has_value)
        gtk_list_box_append (self->results_list, result_row (r));
    }
  if (entry->person->has_total)
    {
      g_autofree char *total = dabiao_results_format_tenths (entry->person->total_tenths);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value = gtk_label_new (total);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Total"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      gtk_list_box_append (self->results_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), TRUE);
  status = dabiao_exit_entry_describe (entry, self->desk->min_level);
  gtk_label_set_text (self->status_label, status);
  switch (entry->state)
    {
    case DABIAO_EXIT_PENDING:
    case DABIAO_EXIT_ISSUED:
      style = "success";
      break;
    case DABIAO_EXIT_NOT_FINISHED:
    case DABIAO_EXIT_BELOW_LEVEL:
    case DABIAO_EXIT_EXEMPT:
    default:
      style = "error";
      break;
    }
  set_style (GTK_WIDGET (self->status_label), style);
  update_button (self);
}

static void
fill_pending (DabiaoExitPage *self)
{
  g_autoptr(GPtrArray) pending = self->desk != NULL ? dabiao_exit_desk_pending (self->desk) : g_ptr_array_new ();
  g_autofree char *count = NULL;

  clear_list (self->pending_list);
  for (guint i = 0; i < pending->len; i++)
    {
      const DabiaoExitEntry *entry = g_ptr_array_index (pending, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->person->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->person->id);
      gtk_widget_set_name (row, entry->person->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (entry->person->level));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->pending_list, row);
    }
  /* Translators: how many have earned a certificate and not had it */
  count = g_strdup_printf (_("Certificates due: %u"), pending->len);
  gtk_label_set_text (self->pending_label, count);
}

void
dabiao_exit_page_set_desk (DabiaoExitPage *self,
                           DabiaoExitDesk *desk)
{
  g_return_if_fail (DABIAO_IS_EXIT_PAGE (self));

  g_clear_pointer (&self->desk, dabiao_exit_desk_free);
  self->desk = desk;
  if (desk == NULL)
    g_clear_pointer (&self->person, g_free);
  gtk_widget_set_visible (self->issuer_box, desk != NULL && desk->no_issuer);
  fill_pending (self);
  show_entry (self);
}

/**
 * dabiao_exit_page_get_desk:
 *
 * Returns: (transfer none) (nullable): the figures shown
 */
DabiaoExitDesk *
dabiao_exit_page_get_desk (DabiaoExitPage *self)
{
  g_return_val_if_fail (DABIAO_IS_EXIT_PAGE (self), NULL);

  return self->desk;
}

gboolean
dabiao_exit_page_show (DabiaoExitPage *self,
                       const char     *query)
{
  const DabiaoExitEntry *found = NULL;
  g_autofree char *text = NULL;
  g_autofree char *merged_note = NULL;
  guint n = 0;

  g_return_val_if_fail (DABIAO_IS_EXIT_PAGE (self), FALSE);

  if (self->desk == NULL || query == NULL)
    return FALSE;
  text = g_strstrip (g_strdup (query));
  if (text[0] == '\0')
    return FALSE;
  found = dabiao_exit_desk_find (self->desk, text);
  /* A second desk's badge of someone registered twice (findings-15b #1). */
  if (found == NULL && (found = dabiao_exit_desk_find_merged (self->desk, text)) != NULL)
    {
      g_autofree char *upper = g_ascii_strup (text, -1);

      /* Translators: a badge's 编号, the 编号 it was merged into */
      merged_note = g_strdup_printf (_("%s was merged into %s"), upper, found->person->id);
      n = 1;
    }
  else if (found == NULL)
    /* A name typed: only when it names one person. */
    for (guint i = 0; i < self->desk->entries->len; i++)
      {
        const DabiaoExitEntry *entry = g_ptr_array_index (self->desk->entries, i);

        if (g_strcmp0 (entry->person->name, text) == 0)
          {
            found = entry;
            n++;
          }
      }
  else
    n = 1;
  if (n != 1)
    {
      g_autofree char *message = n == 0 ? g_strdup_printf (_("Nobody with the number or name “%s” in this event"), text)
                                        : g_strdup_printf (_("%u people are called “%s”: scan the badge or type the number"),
                                                           n, text);

      /* Nobody shown: Ctrl+Enter must not issue to the one shown before. */
      g_clear_pointer (&self->person, g_free);
      show_entry (self);
      dabiao_exit_page_set_message (self, message, TRUE);
      return FALSE;
    }
  g_free (self->person);
  self->person = g_strdup (found->person->id);
  dabiao_exit_page_set_message (self, merged_note, FALSE);
  show_entry (self);
  return TRUE;
}

const char *
dabiao_exit_page_get_person (DabiaoExitPage *self)
{
  g_return_val_if_fail (DABIAO_IS_EXIT_PAGE (self), NULL);

  return self->person;
}

guint
dabiao_exit_page_get_n_pending (DabiaoExitPage *self)
{
  g_autoptr(GPtrArray) pending = NULL;

  g_return_val_if_fail (DABIAO_IS_EXIT_PAGE (self), 0);

  if (self->desk == NULL)
    return 0;
  pending = dabiao_exit_desk_pending (self->desk);
  return pending->len;
}

void
dabiao_exit_page_set_busy (DabiaoExitPage *self,
                           gboolean        busy)
{
  g_return_if_fail (DABIAO_IS_EXIT_PAGE (self));

  self->busy = busy;
  update_button (self);
}

void
dabiao_exit_page_focus_scan (DabiaoExitPage *self)
{
  g_return_if_fail (DABIAO_IS_EXIT_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
}

void
dabiao_exit_page_set_message (DabiaoExitPage *self,
                              const char     *message,
                              gboolean        error)
{
  g_return_if_fail (DABIAO_IS_EXIT_PAGE (self));

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  set_style (GTK_WIDGET (self->message_label), message == NULL ? NULL : error ? "error" : "success");
}

static void
save_pdf_clicked_cb (DabiaoExitPage *self)
{
  if (self->person != NULL)
    g_signal_emit (self, signals[SIGNAL_SAVE_PDF], 0, self->person);
}

/**
 * dabiao_exit_page_set_no_printer:
 * @no_printer: no printer answered the last 发证
 *
 * Shows (or hides) 没有可用的打印机 with its 存为 PDF… button.
 */
void
dabiao_exit_page_set_no_printer (DabiaoExitPage *self,
                                 gboolean        no_printer)
{
  g_return_if_fail (DABIAO_IS_EXIT_PAGE (self));

  gtk_widget_set_visible (self->no_printer_box, no_printer);
}

static void
scan_activated_cb (DabiaoExitPage *self)
{
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->scan_entry))));

  /* Ready for the next badge at once. */
  gtk_editable_set_text (GTK_EDITABLE (self->scan_entry), "");
  if (code[0] != '\0')
    g_signal_emit (self, signals[SIGNAL_SCAN], 0, code);
}

static void
pending_activated_cb (DabiaoExitPage *self,
                      GtkListBoxRow  *row)
{
  g_signal_emit (self, signals[SIGNAL_SCAN], 0, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
issue_clicked_cb (DabiaoExitPage *self)
{
  const DabiaoExitEntry *entry = shown_entry (self);

  if (entry == NULL || self->busy || !gtk_widget_get_sensitive (GTK_WIDGET (self->issue_button)))
    return;
  g_signal_emit (self, signals[SIGNAL_ISSUE], 0, entry->person->id, entry->state == DABIAO_EXIT_ISSUED);
}

static gboolean
issue_shortcut_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  issue_clicked_cb (DABIAO_EXIT_PAGE (widget));
  return TRUE;
}

static void
dabiao_exit_page_dispose (GObject *object)
{
  DabiaoExitPage *self = DABIAO_EXIT_PAGE (object);

  g_clear_pointer (&self->desk, dabiao_exit_desk_free);
  g_clear_pointer (&self->person, g_free);
  G_OBJECT_CLASS (dabiao_exit_page_parent_class)->dispose (object);
}

static void
dabiao_exit_page_class_init (DabiaoExitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dabiao_exit_page_dispose;

  /* ::scan (code): a badge scanned, a number or name typed, or a row of
   * the 待发证 list chosen. */
  signals[SIGNAL_SCAN] = g_signal_new ("scan", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_STRING);
  /* ::issue (id, reissue) */
  signals[SIGNAL_ISSUE] = g_signal_new ("issue", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /* ::save-pdf (id): no printer; the certificate into a PDF the person
   * chooses (its folder becomes the certificate folder). */
  signals[SIGNAL_SAVE_PDF] = g_signal_new ("save-pdf", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, issue_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, issue_shortcut_cb, NULL);
}

static GtkWidget *
named_label (const char *name,
             const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* A line in red with the button that mends it, hidden until needed. */
static GtkWidget *
note_box (const char  *name,
          const char  *text,
          const char  *button_label,
          const char  *button_name,
          GtkWidget  **button)
{
  GtkWidget *said = named_label (name, "error");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  *button = gtk_button_new_with_mnemonic (button_label);
  gtk_label_set_text (GTK_LABEL (said), text);
  gtk_widget_set_hexpand (said, TRUE);
  gtk_widget_set_name (*button, button_name);
  gtk_widget_set_valign (*button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), said);
  gtk_box_append (GTK_BOX (box), *button);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

static void
dabiao_exit_page_init (DabiaoExitPage *self)
{
  GtkWidget *button;
  GtkWidget *paned = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *side_scroll = gtk_scrolled_window_new ();
  GtkWidget *main_scroll = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *hint = gtk_label_new (_("Scan the badge (or type the number or name, then Enter). Ctrl+Enter issues the certificate."));

  /* 待发证, beside. */
  self->pending_label = GTK_LABEL (named_label ("exit-pending-count", "heading"));
  gtk_widget_set_margin_start (GTK_WIDGET (self->pending_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->pending_label), 12);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->pending_label));
  self->pending_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->pending_list), "exit-pending");
  gtk_widget_add_css_class (GTK_WIDGET (self->pending_list), "navigation-sidebar");
  g_signal_connect_swapped (self->pending_list, "row-activated", G_CALLBACK (pending_activated_cb), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (side_scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (side_scroll), GTK_WIDGET (self->pending_list));
  gtk_widget_set_vexpand (side_scroll, TRUE);
  gtk_box_append (GTK_BOX (side), side_scroll);
  gtk_widget_set_size_request (side, 220, -1);
  gtk_box_append (GTK_BOX (paned), side);
  gtk_box_append (GTK_BOX (paned), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  /* No issuer, no certificate: said before the first badge, with the way
   * to fix it (the trial: 发证 failed and only the CLI said why). */
  self->issuer_box = note_box ("exit-no-issuer",
                               _("No certificate can be issued yet: the event's details (活动信息) have no 主办单位, "
                                 "the issuer printed on every certificate."),
                               _("Enter the _Event Details…"), "exit-event-details", &button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.event-details");
  gtk_box_append (GTK_BOX (box), self->issuer_box);

  /* The person. */
  self->scan_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->scan_entry), "exit-scan");
  gtk_entry_set_placeholder_text (self->scan_entry, _("Badge code, number or name"));
  gtk_entry_set_icon_from_icon_name (self->scan_entry, GTK_ENTRY_ICON_PRIMARY, "system-search-symbolic");
  g_signal_connect_swapped (self->scan_entry, "activate", G_CALLBACK (scan_activated_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->scan_entry));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), hint);
  self->name_label = GTK_LABEL (named_label ("exit-name", "title-2"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->name_label));
  self->group_label = GTK_LABEL (named_label ("exit-group", "dim-label"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->group_label));
  self->status_label = GTK_LABEL (named_label ("exit-status", "title-4"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));
  self->issue_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Issue the Certificate")));
  gtk_widget_set_name (GTK_WIDGET (self->issue_button), "exit-issue");
  gtk_widget_set_halign (GTK_WIDGET (self->issue_button), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->issue_button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->issue_button), "pill");
  g_signal_connect_swapped (self->issue_button, "clicked", G_CALLBACK (issue_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->issue_button));
  self->message_label = GTK_LABEL (named_label ("exit-message", NULL));
  gtk_label_set_selectable (self->message_label, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message_label));
  /* No printer answered (findings-15b #3): the way on, as at the badge. */
  self->no_printer_box = note_box ("exit-no-printer",
                                   _("Save the certificate as a PDF instead: its folder becomes the certificate "
                                     "folder (Preferences), so the next ones go there too."),
                                   _("_Save as PDF…"), "exit-save-pdf", &button);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (save_pdf_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->no_printer_box);

  /* The state and the button first, where the eye is; the results
   * below. */
  self->results_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->results_list), "exit-results");
  gtk_list_box_set_selection_mode (self->results_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->results_list), "boxed-list");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->results_list));
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (main_scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (main_scroll), clamp);
  gtk_widget_set_hexpand (main_scroll, TRUE);
  gtk_box_append (GTK_BOX (paned), main_scroll);
  adw_bin_set_child (ADW_BIN (self), paned);

  fill_pending (self);
  show_entry (self);
}
