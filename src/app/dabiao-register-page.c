/* dabiao-register-page.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-age.h"
#include "dabiao-event.h"
#include "dabiao-register-page.h"

/* The form checks as the person types (pure functions only: the check
 * digit, the birth date in the number, the standard's groups); the window
 * registers on the event's worker (dabiao-window-register.c). */

enum { SEX_NONE, SEX_MALE, SEX_FEMALE };

struct _DabiaoRegisterPage
{
  AdwBin          parent_instance;

  GtkButton      *clear_button;
  GtkLabel       *desk_label;
  GtkLabel       *desk_note;
  AdwEntryRow    *birth_row;
  AdwEntryRow    *ethnicity_row;
  GtkLabel       *group_label;
  AdwEntryRow    *id_card_row;
  GtkLabel       *message_label;
  AdwEntryRow    *name_row;
  AdwEntryRow    *organization_row;
  AdwEntryRow    *phone_row;
  GtkLabel       *queue_label;
  GtkLabel       *reader_label;
  GtkListBox     *recent_list;
  GtkLabel       *result_label;
  GtkButton      *register_button;
  GtkButton      *save_badge_button;
  AdwComboRow    *sex_row;

  DabiaoStandard *standard;
  char          **parts;          /* the event's age parts, or NULL: all */
  char           *group_problem;  /* why the person shown cannot be scored, or NULL */
  char           *test_date;
  char           *desk;
  gboolean        desk_chosen;    /* chosen on this computer, not the default */
  char           *address;        /* 住址 of the card in the form (not shown) */
  char           *last_id;        /* the one registered last (its badge is said below) */
  char           *last_message;   /* what was said when it was registered */
  GQueue          cards;          /* DabiaoIdCard* read while the form was in use */
  GHashTable     *badge_rows;     /* id → AdwActionRow of the recent list */
  guint           n_registered;
  gboolean        busy;
  gboolean        filling;        /* the page itself is writing the form */
};

G_DEFINE_FINAL_TYPE (DabiaoRegisterPage, dabiao_register_page, ADW_TYPE_BIN)

enum { SIGNAL_REGISTER, SIGNAL_CHANGE_DESK, SIGNAL_SAVE_BADGE, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* An empty label takes no room (the bottom bar stays low at 1024×600). */
static void
set_label (GtkLabel   *label,
           const char *text,
           const char *style)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), style);
}

/* What the form holds is wrong (as it is typed). */
static void
set_message (DabiaoRegisterPage *self,
             const char         *text,
             const char         *style)
{
  set_label (self->message_label, text, style);
}

static void
update_queue (DabiaoRegisterPage *self)
{
  g_autofree char *text = NULL;

  if (self->cards.length > 0)
    /* Translators: identity cards read while the form was in use */
    text = g_strdup_printf (_("Cards waiting: %u"), self->cards.length);
  gtk_label_set_text (self->queue_label, text != NULL ? text : "");
}

static gboolean
form_is_empty (DabiaoRegisterPage *self)
{
  return text_of (self->id_card_row)[0] == '\0' && text_of (self->name_row)[0] == '\0';
}

/* The group the birth date gives under the event's standard, or why none. */
static void
show_group (DabiaoRegisterPage *self,
            const char         *birth_date)
{
  g_autoptr(GError) error = NULL;
  const DabiaoGroup *group = NULL;
  g_autofree char *text = NULL;

  g_clear_pointer (&self->group_problem, g_free);
  if (birth_date == NULL || birth_date[0] == '\0' || self->standard == NULL)
    {
      set_label (self->group_label, NULL, NULL);
      return;
    }
  group = dabiao_standard_find_participant_group_text (self->standard, NULL, NULL, birth_date, self->test_date,
                                                       &error);
  /* In a part the event does not test (a 61-year-old at an adults' day). */
  if (group != NULL && !dabiao_group_check_parts (group, (const char * const *) self->parts, &error))
    group = NULL;
  g_clear_pointer (&self->group_problem, g_free);
  if (group == NULL)
    self->group_problem = g_strdup (error->message);
  if (group != NULL)
    /* Translators: the age group a walk-in is scored in */
    text = g_strdup_printf (_("Group: %s"), group->label);
  else
    /* Translators: %s says why (the age is outside every group …) */
    text = g_strdup_printf (_("Cannot be scored: %s"), error->message);
  set_label (self->group_label, text, group != NULL ? NULL : "error");
}

/* Checks the form as it changes: a complete 身份证号 gives birth date and
 * sex (their fields then follow the number); a wrong one says why. */
static void
form_changed_cb (DabiaoRegisterPage *self)
{
  g_autofree char *number = NULL;
  g_autofree char *birth = NULL;
  g_autoptr(GError) error = NULL;
  guint sex = 0;
  gboolean from_card;

  if (self->filling)
    return;
  number = g_strstrip (g_strdup (text_of (self->id_card_row)));
  from_card = number[0] != '\0';
  gtk_widget_set_sensitive (GTK_WIDGET (self->birth_row), !from_card);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sex_row), !from_card);
  if (!from_card)
    {
      set_message (self, NULL, NULL);
      show_group (self, text_of (self->birth_row));
      return;
    }
  if (strlen (number) < 18)
    {
      set_message (self, NULL, NULL);
      show_group (self, NULL);
      return;
    }
  if (!dabiao_id_card_check (number, &birth, &sex, &error))
    {
      set_message (self, error->message, "error");
      show_group (self, NULL);
      return;
    }
  set_message (self, NULL, NULL);
  self->filling = TRUE;
  set_text (self->birth_row, birth);
  adw_combo_row_set_selected (self->sex_row, sex == 1 ? SEX_MALE : SEX_FEMALE);
  self->filling = FALSE;
  show_group (self, birth);
}

static void
clear_form (DabiaoRegisterPage *self)
{
  self->filling = TRUE;
  set_text (self->id_card_row, NULL);
  set_text (self->name_row, NULL);
  set_text (self->birth_row, NULL);
  set_text (self->ethnicity_row, NULL);
  set_text (self->organization_row, NULL);
  set_text (self->phone_row, NULL);
  adw_combo_row_set_selected (self->sex_row, SEX_NONE);
  g_clear_pointer (&self->address, g_free);
  self->filling = FALSE;
  form_changed_cb (self);
}

static void
fill_from_card (DabiaoRegisterPage *self,
                DabiaoIdCard       *card)
{
  const char *nation = dabiao_nation_name (card->nation_code);

  clear_form (self);
  self->filling = TRUE;
  set_text (self->name_row, card->name);
  set_text (self->ethnicity_row, nation);
  self->address = g_strdup (card->address);
  self->filling = FALSE;
  /* The number last: it fills birth date and sex and shows the group. */
  set_text (self->id_card_row, card->number);
  dabiao_id_card_free (card);
  update_queue (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
}

/* The next waiting card, if the form is free. */
static void
next_card (DabiaoRegisterPage *self)
{
  if (!self->busy && form_is_empty (self) && self->cards.length > 0)
    fill_from_card (self, g_queue_pop_head (&self->cards));
  update_queue (self);
}

static void
clear_clicked_cb (DabiaoRegisterPage *self)
{
  if (self->busy)
    return;
  clear_form (self);
  next_card (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->id_card_row));
}

static void
desk_clicked_cb (DabiaoRegisterPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGE_DESK], 0);
}

static void
save_badge_clicked_cb (DabiaoRegisterPage *self)
{
  if (self->last_id != NULL)
    g_signal_emit (self, signals[SIGNAL_SAVE_BADGE], 0, self->last_id);
}

static void
save_row_badge_cb (GtkButton          *button,
                   DabiaoRegisterPage *self)
{
  g_signal_emit (self, signals[SIGNAL_SAVE_BADGE], 0, g_object_get_data (G_OBJECT (button), "id"));
}

static void
register_clicked_cb (DabiaoRegisterPage *self)
{
  if (self->busy)
    return;
  g_signal_emit (self, signals[SIGNAL_REGISTER], 0);
}

/* A keyboard-wedge reader types the number and Enter. */
static void
id_card_activated_cb (DabiaoRegisterPage *self)
{
  if (text_of (self->name_row)[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  else
    register_clicked_cb (self);
}

static void
dabiao_register_page_dispose (GObject *object)
{
  DabiaoRegisterPage *self = DABIAO_REGISTER_PAGE (object);

  g_queue_clear_full (&self->cards, (GDestroyNotify) dabiao_id_card_free);
  g_clear_pointer (&self->badge_rows, g_hash_table_unref);
  g_clear_pointer (&self->standard, dabiao_standard_unref);
  g_clear_pointer (&self->parts, g_strfreev);
  g_clear_pointer (&self->group_problem, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), DABIAO_TYPE_REGISTER_PAGE);

  G_OBJECT_CLASS (dabiao_register_page_parent_class)->dispose (object);
}

static void
dabiao_register_page_finalize (GObject *object)
{
  DabiaoRegisterPage *self = DABIAO_REGISTER_PAGE (object);

  g_free (self->test_date);
  g_free (self->desk);
  g_free (self->address);
  g_free (self->last_id);
  g_free (self->last_message);

  G_OBJECT_CLASS (dabiao_register_page_parent_class)->finalize (object);
}

static void
dabiao_register_page_class_init (DabiaoRegisterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dabiao_register_page_dispose;
  object_class->finalize = dabiao_register_page_finalize;

  /**
   * DabiaoRegisterPage::register:
   *
   * The person asked to register what the form holds
   * (dabiao_register_page_get_walk_in()).
   */
  signals[SIGNAL_REGISTER] = g_signal_new ("register", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * DabiaoRegisterPage::save-badge:
   * @id: the 编号 whose badge was not printed
   *
   * The person asked to save that badge as a PDF.
   */
  signals[SIGNAL_SAVE_BADGE] = g_signal_new ("save-badge", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                             NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * DabiaoRegisterPage::change-desk:
   *
   * The person asked to choose this computer's desk code.
   */
  signals[SIGNAL_CHANGE_DESK] = g_signal_new ("change-desk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/dabiao-register-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, birth_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, desk_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, desk_note);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, ethnicity_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, group_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, id_card_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, organization_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, queue_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, reader_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, register_button);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, save_badge_button);
  gtk_widget_class_bind_template_child (widget_class, DabiaoRegisterPage, sex_row);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, desk_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, id_card_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, register_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_badge_clicked_cb);
}

static void
dabiao_register_page_init (DabiaoRegisterPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->cards);
  self->badge_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  dabiao_register_page_set_desk (self, "A", FALSE);
  set_label (self->group_label, NULL, NULL);
  set_label (self->message_label, NULL, NULL);
  set_label (self->result_label, NULL, NULL);
  dabiao_register_page_set_reader (self, _("No card reader: set its port in Preferences, or type the number"),
                                   DABIAO_READER_SAID_PLAIN);
}

void
dabiao_register_page_set_standard (DabiaoRegisterPage *self,
                                   DabiaoStandard     *standard,
                                   const char         *test_date,
                                   const char * const *parts)
{
  g_return_if_fail (DABIAO_IS_REGISTER_PAGE (self));

  g_clear_pointer (&self->standard, dabiao_standard_unref);
  self->standard = standard != NULL ? dabiao_standard_ref (standard) : NULL;
  g_free (self->test_date);
  self->test_date = g_strdup (test_date);
  g_strfreev (self->parts);
  self->parts = g_strdupv ((char **) parts);
  form_changed_cb (self);
}

const char *
dabiao_register_page_get_group_problem (DabiaoRegisterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_REGISTER_PAGE (self), NULL);

  return self->group_problem;
}

void
dabiao_register_page_set_desk (DabiaoRegisterPage *self,
                               const char         *desk,
                               gboolean            chosen)
{
  g_autofree char *text = NULL;
  g_autofree char *note = NULL;

  g_return_if_fail (DABIAO_IS_REGISTER_PAGE (self));

  g_free (self->desk);
  self->desk = g_strdup (desk != NULL && desk[0] != '\0' ? desk : "A");
  self->desk_chosen = chosen;
  /* Translators: the registration desk's code, the prefix of the numbers it gives */
  text = chosen ? g_strdup_printf (_("Desk %s"), self->desk) : g_strdup (_("Desk: not chosen yet"));
  gtk_label_set_text (self->desk_label, text);
  if (chosen)
    /* Translators: %s is this computer's desk code (A), the start of its numbers (A0001) */
    note = g_strdup_printf (_("This computer's desk code is %s: its numbers start with it (%s0001…). "
                              "When several computers register, each needs a different code."),
                            self->desk, self->desk);
  else
    note = g_strdup (_("This computer's desk code has not been chosen yet: it is asked at the first "
                       "registration. When several computers register, each needs a different code."));
  gtk_label_set_text (self->desk_note, note);
}

gboolean
dabiao_register_page_get_desk_chosen (DabiaoRegisterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_REGISTER_PAGE (self), FALSE);

  return self->desk_chosen;
}

const char *
dabiao_register_page_get_desk (DabiaoRegisterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_REGISTER_PAGE (self), NULL);

  return self->desk;
}

void
dabiao_register_page_set_reader (DabiaoRegisterPage *self,
                                 const char         *text,
                                 DabiaoReaderSaid    said)
{
  GtkWidget *label = GTK_WIDGET (self->reader_label);

  g_return_if_fail (DABIAO_IS_REGISTER_PAGE (self));

  gtk_label_set_text (self->reader_label, text != NULL ? text : "");
  if (said == DABIAO_READER_SAID_PROBLEM)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
  if (said == DABIAO_READER_SAID_CONNECTED)
    gtk_widget_add_css_class (label, "success");
  else
    gtk_widget_remove_css_class (label, "success");
}

void
dabiao_register_page_add_card (DabiaoRegisterPage *self,
                               const DabiaoIdCard *card)
{
  g_return_if_fail (DABIAO_IS_REGISTER_PAGE (self));
  g_return_if_fail (card != NULL);

  g_queue_push_tail (&self->cards, dabiao_id_card_copy (card));
  next_card (self);
}

void
dabiao_register_page_get_walk_in (DabiaoRegisterPage *self,
                                  DabiaoWalkIn       *walk_in)
{
  guint sex;

  g_return_if_fail (DABIAO_IS_REGISTER_PAGE (self));

  memset (walk_in, 0, sizeof *walk_in);
  walk_in->id_card = text_of (self->id_card_row);
  walk_in->name = text_of (self->name_row);
  walk_in->ethnicity = text_of (self->ethnicity_row);
  walk_in->organization = text_of (self->organization_row);
  walk_in->phone = text_of (self->phone_row);
  walk_in->address = self->address;
  /* With a number, birth date and sex come from it. */
  if (walk_in->id_card[strspn (walk_in->id_card, " ")] != '\0')
    return;
  walk_in->birth_date = text_of (self->birth_row);
  sex = adw_combo_row_get_selected (self->sex_row);
  walk_in->sex = sex == SEX_MALE ? 1 : sex == SEX_FEMALE ? 2 : 0;
}

void
dabiao_register_page_set_busy (DabiaoRegisterPage *self,
                               gboolean            busy)
{
  g_return_if_fail (DABIAO_IS_REGISTER_PAGE (self));

  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->register_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), !busy);
}

void
dabiao_register_page_registered (DabiaoRegisterPage       *self,
                                 const DabiaoRegistration *registration,
                                 const char               *message)
{
  GtkWidget *row;
  g_autofree char *title = NULL;

  g_return_if_fail (DABIAO_IS_REGISTER_PAGE (self));

  if (!registration->existing)
    {
      title = g_strdup_printf ("%s  %s", registration->id, registration->name);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Printing the badge…"));
      gtk_list_box_prepend (self->recent_list, row);
      g_hash_table_replace (self->badge_rows, g_strdup (registration->id), row);
      self->n_registered++;
    }
  dabiao_register_page_set_busy (self, FALSE);
  clear_form (self);
  set_label (self->result_label, message, registration->existing ? "error" : "success");
  gtk_widget_set_visible (GTK_WIDGET (self->save_badge_button), FALSE);
  g_free (self->last_id);
  self->last_id = registration->existing ? NULL : g_strdup (registration->id);
  g_free (self->last_message);
  self->last_message = g_strdup (message);
  next_card (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->id_card_row));
}

void
dabiao_register_page_badge_done (DabiaoRegisterPage *self,
                                 const char         *id,
                                 const char         *where,
                                 const char         *error)
{
  GtkWidget *row;
  g_autofree char *text = NULL;

  g_return_if_fail (DABIAO_IS_REGISTER_PAGE (self));

  row = g_hash_table_lookup (self->badge_rows, id);
  if (row == NULL)
    return;
  if (error != NULL)
    /* Translators: %s is why the badge could not be printed */
    text = g_strdup_printf (_("Badge not printed: %s"), error);
  else if (where != NULL)
    text = g_strdup_printf (_("Badge: %s"), where);
  else
    text = g_strdup (_("Badge sent to the printer"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  if (error != NULL && g_object_get_data (G_OBJECT (row), "save") == NULL)
    {
      GtkWidget *save = gtk_button_new_with_label (_("Save as PDF…"));

      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (save), "id", g_strdup (id), g_free);
      g_signal_connect_object (save, "clicked", G_CALLBACK (save_row_badge_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), save);
      g_object_set_data (G_OBJECT (row), "save", save);
    }
  else if (error == NULL)
    {
      GtkWidget *save = g_object_get_data (G_OBJECT (row), "save");

      gtk_widget_remove_css_class (row, "error");
      if (save != NULL)
        gtk_widget_set_visible (save, FALSE);
    }
  /* The one just registered: said beside the button, where the desk looks. */
  if (g_strcmp0 (id, self->last_id) == 0)
    {
      g_autofree char *said = g_strdup_printf ("%s — %s", self->last_message, text);

      set_label (self->result_label, error != NULL ? said : self->last_message, error != NULL ? "error" : "success");
      gtk_widget_set_visible (GTK_WIDGET (self->save_badge_button), error != NULL);
    }
}

void
dabiao_register_page_show_error (DabiaoRegisterPage *self,
                                 const char         *message)
{
  g_return_if_fail (DABIAO_IS_REGISTER_PAGE (self));

  dabiao_register_page_set_busy (self, FALSE);
  set_label (self->result_label, message, "error");
}

guint
dabiao_register_page_get_n_registered (DabiaoRegisterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_REGISTER_PAGE (self), 0);

  return self->n_registered;
}

guint
dabiao_register_page_get_n_waiting (DabiaoRegisterPage *self)
{
  g_return_val_if_fail (DABIAO_IS_REGISTER_PAGE (self), 0);

  return self->cards.length;
}
