/* dabiao-template-dialog.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-certificate-issue.h"
#include "dabiao-error.h"
#include "dabiao-form.h"
#include "dabiao-event-details.h"
#include "dabiao-file-chooser.h"
#include "dabiao-template-dialog.h"

struct _DabiaoTemplateDialog
{
  AdwWindow                  parent_instance;

  DabiaoEvent               *event;
  DabiaoCertificateTemplate *loaded;     /* the event's, as loaded */
  DabiaoEventDetails        *details;
  char                      *standard;   /* 国家学生体质健康标准 */
  GBytes                    *seal;
  GBytes                    *background;
  DabiaoPages               *preview_pages;
  guint                      n_previews;
  gboolean                   filling;

  GtkWidget                 *form;
  AdwEntryRow               *title;
  GtkTextView               *body;
  AdwEntryRow               *issuer;
  AdwEntryRow               *authority;
  AdwComboRow               *level;
  AdwComboRow               *paper;
  AdwEntryRow               *verify_url;
  AdwActionRow              *seal_row;
  AdwActionRow              *background_row;
  GtkDrawingArea            *preview;
  GtkLabel                  *problem;
  GtkLabel                  *key_status;
  GtkWidget                 *save_button;
};

G_DEFINE_FINAL_TYPE (DabiaoTemplateDialog, dabiao_template_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const DabiaoPaper papers[] = {
  DABIAO_PAPER_A4_LANDSCAPE, DABIAO_PAPER_A4_PORTRAIT, DABIAO_PAPER_A5_LANDSCAPE, DABIAO_PAPER_A5_PORTRAIT,
};
static const char * const paper_labels[] = {
  N_("A4 landscape"), N_("A4 portrait"), N_("A5 landscape"), N_("A5 portrait"),
};
/* The minimum levels a template may name (the standard's own names are
 * ranked the same: 一级 = 优秀 …). */
static const char * const levels[] = { "优秀", "良好", "及格" };

gboolean
dabiao_template_dialog_get_loaded (DabiaoTemplateDialog *self)
{
  return self->loaded != NULL;
}

guint
dabiao_template_dialog_get_n_previews (DabiaoTemplateDialog *self)
{
  return self->n_previews;
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

DabiaoCertificateTemplate *
dabiao_template_dialog_get_template (DabiaoTemplateDialog *self)
{
  DabiaoCertificateTemplate *tmpl;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body);
  GtkTextIter start, end;
  guint paper = adw_combo_row_get_selected (self->paper);
  guint level = adw_combo_row_get_selected (self->level);

  if (self->loaded == NULL)
    return NULL;
  tmpl = dabiao_certificate_template_copy (self->loaded);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
#define SET(field, value) g_free (tmpl->field), tmpl->field = (value)
  SET (title, entry_text (self->title));
  SET (body, gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  SET (issuer, entry_text (self->issuer));
  SET (authority_code, entry_text (self->authority));
  SET (verify_url, entry_text (self->verify_url));
  if (level < G_N_ELEMENTS (levels))
    SET (min_level, g_strdup (levels[level]));
#undef SET
  if (paper < G_N_ELEMENTS (papers))
    tmpl->paper = papers[paper];
  g_clear_pointer (&tmpl->seal_png, g_bytes_unref);
  g_clear_pointer (&tmpl->background_png, g_bytes_unref);
  tmpl->seal_png = self->seal != NULL ? g_bytes_ref (self->seal) : NULL;
  tmpl->background_png = self->background != NULL ? g_bytes_ref (self->background) : NULL;
  return tmpl;
}

/* ---- The preview --------------------------------------------------------- */

/* A sample certificate of this event: its name, date, standard and issuer,
 * with a made-up person. */
static DabiaoCertificateContent *
sample_content (DabiaoTemplateDialog            *self,
                const DabiaoCertificateTemplate *tmpl)
{
  DabiaoCertificateContent *c = dabiao_certificate_content_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *prefix = dabiao_certificate_prefix (tmpl, g_date_time_get_year (now));
  const DabiaoSchool *school = self->details->schools->len > 0 ? g_ptr_array_index (self->details->schools, 0) : NULL;
  int y = 0, m = 0, d = 0;

#define SET(field, value) g_free (c->field), c->field = (value)
  SET (number, g_strdup_printf ("%s%0*u", prefix, (int) tmpl->serial_digits, 1));
  SET (code, g_strdup ("0123456789ABCDEF"));
  SET (name, g_strdup (_("Zhang San")));
  SET (sex, g_strdup ("男"));
  SET (group, g_strdup ("初一"));
  SET (school, g_strdup (school != NULL && *school->name != '\0' ? school->name : _("Sample school")));
  SET (level, g_strdup ("优秀"));
  SET (total, g_strdup ("90.5"));
  SET (test_name, g_strdup (self->details->name));
  if (sscanf (self->details->date, "%d-%d-%d", &y, &m, &d) == 3)
    SET (test_date, g_strdup_printf ("%d年%d月%d日", y, m, d));
  SET (standard, g_strdup (self->standard));
  SET (issuer, g_strdup (tmpl->issuer != NULL && *tmpl->issuer != '\0' ? tmpl->issuer : self->details->organizer));
  SET (issue_date, g_date_time_format (now, "%Y年%-m月%-d日"));
  SET (template_hash, g_strdup ("preview"));
#undef SET
  return c;
}

static void
update_preview (DabiaoTemplateDialog *self)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DabiaoCertificateContent) content = NULL;
  g_autoptr(GPtrArray) prints = NULL;

  if (self->filling || self->loaded == NULL)
    return;
  tmpl = dabiao_template_dialog_get_template (self);
  if (!dabiao_certificate_template_check (tmpl, &error))
    {
      dabiao_form_set_problem (self->problem, self->save_button, error->message, FALSE);
      return;
    }
  dabiao_form_set_problem (self->problem, self->save_button, NULL, TRUE);
  content = sample_content (self, tmpl);
  prints = g_ptr_array_new_with_free_func ((GDestroyNotify) dabiao_certificate_print_free);
  g_ptr_array_add (prints, dabiao_certificate_print_new (content, tmpl, 0, NULL));
  g_clear_pointer (&self->preview_pages, dabiao_pages_unref);
  self->preview_pages = dabiao_certificates_pages_new (prints);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  DabiaoTemplateDialog *self = user_data;
  double pw, ph, scale;

  if (self->preview_pages == NULL)
    return;
  dabiao_pages_get_size (self->preview_pages, &pw, &ph);
  scale = MIN ((width - 16) / pw, (height - 16) / ph);
  if (scale <= 0)
    return;
  cairo_translate (cr, (width - pw * scale) / 2, (height - ph * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, pw, ph);
  cairo_fill (cr);
  dabiao_pages_draw (self->preview_pages, cr, 0);
  self->n_previews++;
}

/* ---- Images -------------------------------------------------------------- */

static void
show_images (DabiaoTemplateDialog *self)
{
  adw_action_row_set_subtitle (self->seal_row, self->seal != NULL ? _("The organiser's seal image")
                                                                  : _("None: a space labelled 盖章处 for the stamp"));
  adw_action_row_set_subtitle (self->background_row, self->background != NULL ? _("An image") : _("None: a drawn border"));
}

typedef struct
{
  DabiaoTemplateDialog *self;
  gboolean              seal;
} ImageLoad;

static void
image_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ImageLoad *load = user_data;
  g_autoptr(DabiaoTemplateDialog) self = load->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GBytes) png = NULL;
  gboolean seal = load->seal;

  g_free (load);
  if (!g_file_load_contents_finish (G_FILE (source), result, &data, &len, NULL, &error))
    {
      dabiao_form_set_problem (self->problem, NULL, error->message, FALSE);
      return;
    }
  png = g_bytes_new_take (g_steal_pointer (&data), len);
  if (seal)
    {
      g_clear_pointer (&self->seal, g_bytes_unref);
      self->seal = g_steal_pointer (&png);
    }
  else
    {
      g_clear_pointer (&self->background, g_bytes_unref);
      self->background = g_steal_pointer (&png);
    }
  show_images (self);
  update_preview (self);
}

static void
image_chosen_cb (GFile    *file,
                 gpointer  user_data)
{
  ImageLoad *load = user_data;

  if (file == NULL)
    {
      g_object_unref (load->self);
      g_free (load);
      return;
    }
  g_file_load_contents_async (file, NULL, image_loaded_cb, load);
}

static void
choose_image (DabiaoTemplateDialog *self,
              gboolean              seal)
{
  ImageLoad *load = g_new0 (ImageLoad, 1);

  load->self = g_object_ref (self);
  load->seal = seal;
  dabiao_choose_file_to_open (GTK_WINDOW (self), seal ? _("Seal Image") : _("Background Image"), DABIAO_FILE_IMAGE,
                              image_chosen_cb, load);
}

static void
choose_seal_cb (DabiaoTemplateDialog *self)
{
  choose_image (self, TRUE);
}

static void
choose_background_cb (DabiaoTemplateDialog *self)
{
  choose_image (self, FALSE);
}

static void
clear_seal_cb (DabiaoTemplateDialog *self)
{
  g_clear_pointer (&self->seal, g_bytes_unref);
  show_images (self);
  update_preview (self);
}

static void
clear_background_cb (DabiaoTemplateDialog *self)
{
  g_clear_pointer (&self->background, g_bytes_unref);
  show_images (self);
  update_preview (self);
}

/* ---- The key ------------------------------------------------------------ */

static void replace_key_cb (DabiaoTemplateDialog *self,
                            const char           *response,
                            AdwMessageDialog     *ask);

static void
key_chosen_cb (GFile    *file,
               gpointer  user_data)
{
  g_autoptr(DabiaoTemplateDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWidget *dialog;

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  /* A 65-byte file: written here, not worth a thread. */
  if (path == NULL || !dabiao_certificate_key_export (path, &error))
    {
      dabiao_form_set_problem (self->problem, NULL, error != NULL ? error->message : _("Choose a file on this computer"), FALSE);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Certificate Key Exported"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Keep %s secret. On a second organiser computer, import it here "
                                    "(证书 → 编辑… → 导入密钥…); that computer then issues and checks the same codes."),
                                  path);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_key_cb (DabiaoTemplateDialog *self)
{
  dabiao_choose_file_to_save (GTK_WINDOW (self), _("Export the Certificate Key"), DABIAO_FILE_KEY,
                              "dabiao-certificate-key.txt", key_chosen_cb, g_object_ref (self));
}

static void
show_problem (DabiaoTemplateDialog *self,
              const char           *message)
{
  dabiao_form_set_problem (self->problem, NULL, message, FALSE);
}

/* A 65-byte file read, the key written beside the settings: small enough
 * for the main loop, like the export above. */
static void
import_key (DabiaoTemplateDialog *self,
            const char           *path,
            gboolean              replace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;

  if (!dabiao_certificate_key_import (path, replace, &error))
    {
      if (g_error_matches (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT))
        {
          /* This computer has another key: replace it only when asked. */
          GtkWidget *ask = adw_message_dialog_new (GTK_WINDOW (self), _("Replace This Computer's Key?"),
                                                   error->message);

          gtk_widget_set_name (ask, "replace-key");
          adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (ask), "cancel", _("_Keep This Computer's Key"),
                                            "replace", _("_Replace"), NULL);
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "replace",
                                                      ADW_RESPONSE_DESTRUCTIVE);
          g_object_set_data_full (G_OBJECT (ask), "path", g_strdup (path), g_free);
          g_signal_connect_object (ask, "response::replace", G_CALLBACK (replace_key_cb), self, G_CONNECT_SWAPPED);
          gtk_window_present (GTK_WINDOW (ask));
          return;
        }
      show_problem (self, error->message);
      return;
    }
  key = dabiao_certificate_key_load (FALSE, NULL);
  id = key != NULL ? dabiao_certificate_key_id (key) : g_strdup ("?");
  message = g_strdup_printf (_("This computer now uses the certificate key %s"), id);
  gtk_label_set_text (self->key_status, message);
}

static void
replace_key_cb (DabiaoTemplateDialog *self,
                const char           *response,
                AdwMessageDialog     *ask)
{
  import_key (self, g_object_get_data (G_OBJECT (ask), "path"), TRUE);
}

static void
key_to_import_cb (GFile    *file,
                  gpointer  user_data)
{
  g_autoptr(DabiaoTemplateDialog) self = user_data;
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (file == NULL)
    return;
  if (path == NULL)
    {
      show_problem (self, _("Choose a file on this computer"));
      return;
    }
  import_key (self, path, FALSE);
}

static void
import_key_cb (DabiaoTemplateDialog *self)
{
  dabiao_choose_file_to_open (GTK_WINDOW (self), _("Import a Certificate Key"), DABIAO_FILE_KEY,
                              key_to_import_cb, g_object_ref (self));
}

/* ---- Loading and saving, on the event's worker ---------------------------- */

typedef struct
{
  DabiaoCertificateTemplate *tmpl;
  DabiaoEventDetails        *details;
  char                      *standard;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  dabiao_certificate_template_free (loaded->tmpl);
  dabiao_event_details_free (loaded->details);
  g_free (loaded->standard);
  g_free (loaded);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DabiaoEvent *event = task_data;
  GError *error = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);
  g_autofree char *name = dabiao_event_standard_name (dabiao_event_get_standard (event));
  const char *paren = name != NULL ? strstr (name, "（") : NULL;

  loaded->standard = paren != NULL ? g_strndup (name, paren - name) : g_strdup (name != NULL ? name : "");
  loaded->tmpl = dabiao_certificate_event_template (event, NULL, &error);
  if (loaded->tmpl != NULL)
    loaded->details = dabiao_event_get_details (event, &error);
  if (error != NULL)
    {
      loaded_free (loaded);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DabiaoTemplateDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);
  DabiaoCertificateTemplate *tmpl;

  if (loaded == NULL)
    {
      dabiao_form_set_problem (self->problem, NULL, error->message, FALSE);
      return;
    }
  self->loaded = g_steal_pointer (&loaded->tmpl);
  self->details = g_steal_pointer (&loaded->details);
  self->standard = g_steal_pointer (&loaded->standard);
  loaded_free (loaded);
  tmpl = self->loaded;

  self->filling = TRUE;
  set_text (self->title, tmpl->title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body), tmpl->body != NULL ? tmpl->body : "", -1);
  set_text (self->issuer, tmpl->issuer);
  set_text (self->authority, tmpl->authority_code);
  set_text (self->verify_url, tmpl->verify_url);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (dabiao_output_level_rank (levels[i]) == dabiao_output_level_rank (tmpl->min_level))
      adw_combo_row_set_selected (self->level, i);
  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    if (papers[i] == tmpl->paper)
      adw_combo_row_set_selected (self->paper, i);
  self->seal = tmpl->seal_png != NULL ? g_bytes_ref (tmpl->seal_png) : NULL;
  self->background = tmpl->background_png != NULL ? g_bytes_ref (tmpl->background_png) : NULL;
  self->filling = FALSE;
  show_images (self);
  gtk_widget_set_sensitive (self->form, TRUE);
  update_preview (self);
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (dabiao_certificate_event_store_template (source, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DabiaoTemplateDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      dabiao_form_set_problem (self->problem, self->save_button, error->message, TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_clicked_cb (DabiaoTemplateDialog *self)
{
  g_autoptr(DabiaoCertificateTemplate) tmpl = dabiao_template_dialog_get_template (self);
  g_autoptr(GTask) task = NULL;

  if (tmpl == NULL)
    return;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  task = g_task_new (self->event, NULL, stored_cb, g_object_ref (self));
  g_task_set_task_data (task, g_steal_pointer (&tmpl), (GDestroyNotify) dabiao_certificate_template_free);
  dabiao_event_run_in_worker (self->event, task, store_thread);
}

/* ---- Building -------------------------------------------------------------- */

static void
dabiao_template_dialog_finalize (GObject *object)
{
  DabiaoTemplateDialog *self = DABIAO_TEMPLATE_DIALOG (object);

  g_clear_object (&self->event);
  dabiao_certificate_template_free (self->loaded);
  dabiao_event_details_free (self->details);
  g_free (self->standard);
  g_clear_pointer (&self->seal, g_bytes_unref);
  g_clear_pointer (&self->background, g_bytes_unref);
  g_clear_pointer (&self->preview_pages, dabiao_pages_unref);
  G_OBJECT_CLASS (dabiao_template_dialog_parent_class)->finalize (object);
}

static void
dabiao_template_dialog_class_init (DabiaoTemplateDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dabiao_template_dialog_finalize;
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
dabiao_template_dialog_init (DabiaoTemplateDialog *self)
{
}

static AdwEntryRow *
add_entry (AdwPreferencesGroup  *group,
           const char           *title,
           const char           *name,
           DabiaoTemplateDialog *self)
{
  AdwEntryRow *row = dabiao_form_add_entry (group, title, name);

  g_signal_connect_swapped (row, "changed", G_CALLBACK (update_preview), self);
  return row;
}

static AdwComboRow *
add_combo (AdwPreferencesGroup  *group,
           const char           *title,
           const char           *name,
           const char * const   *items,
           guint                 n_items,
           gboolean              translate,
           DabiaoTemplateDialog *self)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_items; i++)
    gtk_string_list_append (model, translate ? _(items[i]) : items[i]);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_name (row, name);
  adw_preferences_group_add (group, row);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (update_preview), self);
  return ADW_COMBO_ROW (row);
}

static AdwActionRow *
add_image_row (AdwPreferencesGroup  *group,
               const char           *title,
               const char           *name,
               GCallback             choose,
               GCallback             clear,
               DabiaoTemplateDialog *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choose_button = gtk_button_new_with_label (_("Choose…"));
  GtkWidget *clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  g_autofree char *choose_name = g_strconcat (name, "-choose", NULL);
  g_autofree char *clear_name = g_strconcat (name, "-clear", NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (choose_button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (clear_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (clear_button, _("Remove the image"));
  gtk_widget_set_name (choose_button, choose_name);
  gtk_widget_set_name (clear_button, clear_name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), clear_button);
  g_signal_connect_swapped (choose_button, "clicked", choose, self);
  g_signal_connect_swapped (clear_button, "clicked", clear, self);
  adw_preferences_group_add (group, row);
  return ADW_ACTION_ROW (row);
}

DabiaoTemplateDialog *
dabiao_template_dialog_new (GtkWindow   *parent,
                            DabiaoEvent *event)
{
  DabiaoTemplateDialog *self = g_object_new (DABIAO_TYPE_TEMPLATE_DIALOG,
                                             "transient-for", parent, "modal", TRUE,
                                             "title", _("Certificate"), "default-width", 1100,
                                             "default-height", 680, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *cancel;
  GtkWidget *body_frame = gtk_frame_new (NULL);
  GtkWidget *fields_label;
  GtkWidget *key_button = gtk_button_new_with_mnemonic (_("E_xport the Key…"));
  GtkWidget *import_button = gtk_button_new_with_mnemonic (_("_Import a Key…"));
  GtkWidget *key_row = adw_action_row_new ();
  AdwPreferencesGroup *group;
  g_autofree char *fields = g_strjoinv ("} {", (char **) dabiao_certificate_template_fields);
  g_autofree char *fields_text = g_strdup_printf (_("Fields for the text: {%s}"), fields);
  g_autoptr(GTask) task = NULL;

  self->event = g_object_ref (event);
  cancel = dabiao_form_add_header (GTK_BOX (box), &self->save_button, &self->problem);

  self->form = page;
  gtk_widget_set_sensitive (page, FALSE);
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Wording"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
  self->title = add_entry (group, _("Title"), "title", self);
  self->body = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->body, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->body, 6);
  gtk_text_view_set_left_margin (self->body, 6);
  gtk_widget_set_size_request (GTK_WIDGET (self->body), -1, 110);
  gtk_widget_set_name (GTK_WIDGET (self->body), "body");
  gtk_frame_set_child (GTK_FRAME (body_frame), GTK_WIDGET (self->body));
  gtk_widget_set_margin_top (body_frame, 12);
  adw_preferences_group_add (group, body_frame);
  fields_label = gtk_label_new (fields_text);
  gtk_label_set_wrap (GTK_LABEL (fields_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (fields_label), 0);
  gtk_label_set_selectable (GTK_LABEL (fields_label), TRUE);
  gtk_widget_add_css_class (fields_label, "dim-label");
  adw_preferences_group_add (group, fields_label);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body), "changed", G_CALLBACK (update_preview), self);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Issuer and Numbers"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
  self->issuer = add_entry (group, _("Issuer (empty: the event's 主办单位)"), "issuer", self);
  self->authority = add_entry (group, _("Authority code in the numbers (digits)"), "authority", self);
  self->level = add_combo (group, _("Lowest level that earns one"), "level", levels, G_N_ELEMENTS (levels), FALSE, self);
  self->paper = add_combo (group, _("Paper"), "paper", paper_labels, G_N_ELEMENTS (paper_labels), TRUE, self);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Seal and Verification"));
  adw_preferences_group_set_description (group, _("Without a seal image the certificate leaves a space marked 盖章处 "
                                                  "for the issuer's stamp; the program never draws a seal."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
  self->seal_row = add_image_row (group, _("Seal image (PNG)"), "seal", G_CALLBACK (choose_seal_cb),
                                  G_CALLBACK (clear_seal_cb), self);
  self->background_row = add_image_row (group, _("Background image (PNG)"), "background",
                                        G_CALLBACK (choose_background_cb), G_CALLBACK (clear_background_cb), self);
  self->verify_url = add_entry (group, _("Verification address (https://…; empty: the QR code holds plain text)"),
                                "verify-url", self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (key_row), _("Certificate key"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (key_row),
                               _("The check codes are signed with a key kept on this computer, never in the event file"));
  gtk_widget_set_valign (key_button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (import_button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (key_button, "export-key");
  gtk_widget_set_name (import_button, "import-key");
  adw_action_row_add_suffix (ADW_ACTION_ROW (key_row), key_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (key_row), import_button);
  adw_preferences_group_add (group, key_row);
  g_signal_connect_swapped (key_button, "clicked", G_CALLBACK (export_key_cb), self);
  g_signal_connect_swapped (import_button, "clicked", G_CALLBACK (import_key_cb), self);
  self->key_status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->key_status), "key-status");
  gtk_label_set_wrap (self->key_status, TRUE);
  gtk_label_set_xalign (self->key_status, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->key_status), "dim-label");
  adw_preferences_group_add (group, GTK_WIDGET (self->key_status));

  self->preview = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_widget_set_name (GTK_WIDGET (self->preview), "preview");
  gtk_widget_set_hexpand (GTK_WIDGET (self->preview), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->preview), 420, 300);
  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
  gtk_paned_set_start_child (GTK_PANED (paned), page);
  gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (self->preview));
  gtk_paned_set_position (GTK_PANED (paned), 480);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), paned);
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);

  task = g_task_new (event, NULL, loaded_cb, g_object_ref (self));
  g_task_set_task_data (task, g_object_ref (event), g_object_unref);
  dabiao_event_run_in_worker (event, task, load_thread);
  return self;
}
