/* dabiao-roster-model.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define _GNU_SOURCE
#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-pinyin.h"
#include "dabiao-results.h"
#include "dabiao-roster-model.h"

/* The roster as the app shows it.
 *
 * Rows are small final GObjects, made once when the roster is loaded (in a
 * worker thread) and shared by every view.  Filtering and sorting run over
 * the plain array here rather than through GtkFilterListModel and
 * GtkSortListModel: 100,000 rows are matched in a few milliseconds per
 * keystroke (and only the rows shown are tested again when the search text
 * grows), the roster is sorted once per change of sort rather than per
 * keystroke, and the model reports one items-changed without the rows that
 * stayed at the start and at the end.
 *
 * Longer than 1,200 lines: the row type and the model's own filtering and
 * sorting work on the same private array of rows; the row type is the part
 * to move out first if it grows. */

struct _DabiaoRosterItem
{
  GObject             parent_instance;

  char               *id;
  char               *name;
  char               *class_name;
  char               *initials;
  char               *uuid;
  char               *id_folded;
  char               *id_card;      /* 身份证号, or "" */
  GStrv               merged_ids;   /* 编号 merged into this one (B0005 → A0001), or NULL */
  int                 sex;
  int                 grade;
  char               *group;        /* age group (standards grouped by age), or NULL */
  int                 group_order;  /* sorts age groups: their lowest age */
  char               *group_note;   /* no age group: why, for the column (不在本次测试年龄段（不发证）), or NULL */
  DabiaoRosterStatus  status;
};

enum {
  ITEM_PROP_0,
  ITEM_PROP_ID,
  ITEM_PROP_NAME,
  ITEM_PROP_SEX,
  ITEM_PROP_SEX_LABEL,
  ITEM_PROP_GRADE,
  ITEM_PROP_GRADE_LABEL,
  ITEM_PROP_CLASS_NAME,
  ITEM_PROP_STATUS_LABEL,
  ITEM_N_PROPS,
};

static GParamSpec *item_properties[ITEM_N_PROPS];

G_DEFINE_FINAL_TYPE (DabiaoRosterItem, dabiao_roster_item, G_TYPE_OBJECT)

static void
dabiao_roster_item_finalize (GObject *object)
{
  DabiaoRosterItem *self = DABIAO_ROSTER_ITEM (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->class_name);
  g_free (self->group);
  g_free (self->group_note);
  g_free (self->initials);
  g_free (self->uuid);
  g_free (self->id_folded);
  g_free (self->id_card);
  g_strfreev (self->merged_ids);

  G_OBJECT_CLASS (dabiao_roster_item_parent_class)->finalize (object);
}

static void
dabiao_roster_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DabiaoRosterItem *self = DABIAO_ROSTER_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case ITEM_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ITEM_PROP_SEX:
      g_value_set_int (value, self->sex);
      break;
    case ITEM_PROP_SEX_LABEL:
      g_value_set_string (value, dabiao_sex_label (self->sex));
      break;
    case ITEM_PROP_GRADE:
      g_value_set_int (value, self->grade);
      break;
    case ITEM_PROP_GRADE_LABEL:
      g_value_set_string (value, dabiao_grade_label (self->grade));
      break;
    case ITEM_PROP_CLASS_NAME:
      g_value_set_string (value, self->class_name);
      break;
    case ITEM_PROP_STATUS_LABEL:
      g_value_set_string (value, dabiao_roster_status_label (self->status));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dabiao_roster_item_class_init (DabiaoRosterItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dabiao_roster_item_finalize;
  object_class->get_property = dabiao_roster_item_get_property;

  item_properties[ITEM_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_SEX] =
    g_param_spec_int ("sex", NULL, NULL, 0, 2, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_SEX_LABEL] =
    g_param_spec_string ("sex-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_GRADE] =
    g_param_spec_int ("grade", NULL, NULL, 0, 99, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_GRADE_LABEL] =
    g_param_spec_string ("grade-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_CLASS_NAME] =
    g_param_spec_string ("class-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
dabiao_roster_item_init (DabiaoRosterItem *self)
{
}

static char *
fold_ascii (const char *s)
{
  return g_ascii_strdown (s != NULL ? s : "", -1);
}

DabiaoRosterItem *
dabiao_roster_item_new (const char *id,
                        const char *name,
                        int         sex,
                        int         grade,
                        const char *class_name)
{
  DabiaoRosterItem *self = g_object_new (DABIAO_TYPE_ROSTER_ITEM, NULL);

  self->id = g_strdup (id != NULL ? id : "");
  self->name = g_strdup (name != NULL ? name : "");
  self->sex = sex;
  self->grade = grade;
  self->class_name = g_strdup (class_name != NULL ? class_name : "");
  self->id_folded = fold_ascii (self->id);
  self->initials = g_strdup ("");
  return self;
}

const char *
dabiao_roster_item_get_id (DabiaoRosterItem *self)
{
  return self->id;
}

const char *
dabiao_roster_item_get_name (DabiaoRosterItem *self)
{
  return self->name;
}

int
dabiao_roster_item_get_sex (DabiaoRosterItem *self)
{
  return self->sex;
}

int
dabiao_roster_item_get_grade (DabiaoRosterItem *self)
{
  return self->grade;
}

const char *
dabiao_roster_item_get_class_name (DabiaoRosterItem *self)
{
  return self->class_name;
}

const char *
dabiao_roster_item_get_initials (DabiaoRosterItem *self)
{
  return self->initials;
}

const char *
dabiao_roster_item_get_id_card (DabiaoRosterItem *self)
{
  return self->id_card != NULL ? self->id_card : "";
}

void
dabiao_roster_item_set_id_card (DabiaoRosterItem *self,
                                const char       *id_card)
{
  g_free (self->id_card);
  self->id_card = g_strdup (id_card != NULL ? id_card : "");
}

/* Another 编号 of this person, merged into this one (a second desk's
 * registration, dabiao_event_list_merged_ids()): its badge checks this one
 * in.  Before the item is given to a model. */
void
dabiao_roster_item_add_merged_id (DabiaoRosterItem *self,
                                  const char       *id)
{
  guint n = self->merged_ids != NULL ? g_strv_length (self->merged_ids) : 0;

  self->merged_ids = g_renew (char *, self->merged_ids, n + 2);
  self->merged_ids[n] = g_ascii_strup (id, -1);
  self->merged_ids[n + 1] = NULL;
}

void
dabiao_roster_item_set_initials (DabiaoRosterItem *self,
                                 const char       *initials)
{
  g_free (self->initials);
  self->initials = g_strdup (initials != NULL ? initials : "");
}

/* The age group the participant is scored in (国民体质: 20～24岁组), shown in
 * place of a school year; NULL for grade-banded standards or when unknown.
 * @order sorts the groups (their lowest age; unknown: G_MAXINT, last). */
void
dabiao_roster_item_set_group (DabiaoRosterItem *self,
                              const char       *group,
                              int               order)
{
  g_free (self->group);
  self->group = g_strdup (group);
  self->group_order = group != NULL ? order : G_MAXINT;
}

const char *
dabiao_roster_item_get_group (DabiaoRosterItem *self)
{
  return self->group;
}

/* With no age group (standards grouped by age): what the age-group column
 * says instead ("不在本次测试年龄段（不发证）"); not a group to filter or
 * sort by. */
void
dabiao_roster_item_set_group_note (DabiaoRosterItem *self,
                                   const char       *note)
{
  g_free (self->group_note);
  self->group_note = g_strdup (note);
}

const char *
dabiao_roster_item_get_group_note (DabiaoRosterItem *self)
{
  return self->group_note;
}

DabiaoRosterStatus
dabiao_roster_item_get_status (DabiaoRosterItem *self)
{
  return self->status;
}

void
dabiao_roster_item_set_status (DabiaoRosterItem   *self,
                               DabiaoRosterStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_STATUS_LABEL]);
}

const char *
dabiao_roster_item_get_uuid (DabiaoRosterItem *self)
{
  return self->uuid;
}

void
dabiao_roster_item_set_uuid (DabiaoRosterItem *self,
                             const char       *uuid)
{
  g_free (self->uuid);
  self->uuid = g_strdup (uuid);
}

/* 性别 codes of the national upload file (1 男, 2 女) in the standards'
 * words (dabiao_sex_to_string()): one table of them. */
const char *
dabiao_sex_label (int sex)
{
  return sex == 1 || sex == 2 ? dabiao_sex_to_string (sex == 2 ? DABIAO_SEX_FEMALE : DABIAO_SEX_MALE) : "";
}

/* 年级编号 of the national upload file: the results module's names. */
const char *
dabiao_grade_label (int grade)
{
  return grade > 0 ? dabiao_results_grade_name ((guint) grade) : "";
}

const char *
dabiao_roster_status_label (DabiaoRosterStatus status)
{
  switch (status)
    {
    case DABIAO_ROSTER_STATUS_COMPLETE:
      return _("Complete");
    case DABIAO_ROSTER_STATUS_MISSING:
      return _("Missing items");
    case DABIAO_ROSTER_STATUS_EXEMPT:
      return _("Exempt");
    case DABIAO_ROSTER_STATUS_UNTESTED:
      return _("Not yet tested");
    case DABIAO_ROSTER_STATUS_ANY:
    default:
      return "";
    }
}

/* ------------------------------------------------------------------------ */

/* Sorting.  Names sort by their pinyin initials, then by the characters
 * themselves; class names with g_utf8_collate_key_for_filename() so that
 * "2" comes before "10"; ties keep the roster order. */

static int
compare_ints3 (int a,
               int b)
{
  return (a > b) - (a < b);
}

static int
compare_field (DabiaoRosterItem  *a,
               DabiaoRosterItem  *b,
               DabiaoRosterField  field,
               const char        *class_key_a,
               const char        *class_key_b)
{
  int r;

  switch (field)
    {
    case DABIAO_ROSTER_FIELD_ID:
      r = strcmp (a->id_folded, b->id_folded);
      return r != 0 ? r : strcmp (a->id, b->id);
    case DABIAO_ROSTER_FIELD_NAME:
      r = strcmp (a->initials, b->initials);
      return r != 0 ? r : strcmp (a->name, b->name);
    case DABIAO_ROSTER_FIELD_SEX:
      return compare_ints3 (a->sex, b->sex);
    case DABIAO_ROSTER_FIELD_GRADE:
      /* The column shows the age group when the standard groups by age. */
      if (a->group != NULL || b->group != NULL)
        return compare_ints3 (a->group != NULL ? a->group_order : G_MAXINT,
                              b->group != NULL ? b->group_order : G_MAXINT);
      return compare_ints3 (a->grade, b->grade);
    case DABIAO_ROSTER_FIELD_CLASS:
      r = strcmp (class_key_a, class_key_b);
      return r != 0 ? r : strcmp (a->class_name, b->class_name);
    case DABIAO_ROSTER_FIELD_STATUS:
      return compare_ints3 (a->status, b->status);
    case DABIAO_ROSTER_N_FIELDS:
    default:
      g_return_val_if_reached (0);
    }
}

/**
 * dabiao_roster_item_compare:
 *
 * Compares two participants by one column, as the roster sorts them.
 *
 * Returns: < 0, 0 or > 0
 */
int
dabiao_roster_item_compare (DabiaoRosterItem  *a,
                            DabiaoRosterItem  *b,
                            DabiaoRosterField  field)
{
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;
  int r;

  g_return_val_if_fail (DABIAO_IS_ROSTER_ITEM (a), 0);
  g_return_val_if_fail (DABIAO_IS_ROSTER_ITEM (b), 0);

  if (field == DABIAO_ROSTER_FIELD_CLASS)
    {
      key_a = g_utf8_collate_key_for_filename (a->class_name, -1);
      key_b = g_utf8_collate_key_for_filename (b->class_name, -1);
    }
  r = compare_field (a, b, field, key_a, key_b);
  return (r > 0) - (r < 0);
}

struct _DabiaoRosterModel
{
  GObject     parent_instance;

  GPtrArray  *items;     /* DabiaoRosterItem, all of them, in roster order */
  GHashTable *by_id;     /* id → DabiaoRosterItem (borrowed) */
  GHashTable *by_merged; /* merged 编号 (upper case) → DabiaoRosterItem (borrowed) */
  guint      *visible;   /* indices into items, in sort order */
  guint       n_visible;

  /* The search text of every row in one buffer, "id\1name\1initials\n",
   * so that a keystroke is a few memmem() calls over contiguous memory
   * instead of three strstr() per row behind three pointers. */
  GString    *haystack;
  guint      *row_start; /* offset of each row in haystack, plus the end */
  guint8     *grades;    /* compact copies of what the filters test */
  guint8     *sexes;
  guint8     *marks;     /* scratch: one byte per row */

  /* Sort: every row index in display order; NULL = roster order. */
  DabiaoRosterSortKey sort[DABIAO_ROSTER_N_FIELDS];
  guint       n_sort;
  guint      *order;
  guint      *ranks[DABIAO_ROSTER_N_FIELDS];  /* per row, cached; see get_ranks() */

  /* The filter behind visible, to narrow it when the search grows. */
  DabiaoRosterFilter filter;
  char       *filter_folded;
  char       *filter_class;
  char       *filter_group;
  gboolean    have_filter;
};

static GType
dabiao_roster_model_get_item_type (GListModel *model)
{
  return DABIAO_TYPE_ROSTER_ITEM;
}

static guint
dabiao_roster_model_get_n_items (GListModel *model)
{
  return DABIAO_ROSTER_MODEL (model)->n_visible;
}

static gpointer
dabiao_roster_model_get_item (GListModel *model,
                              guint       position)
{
  DabiaoRosterModel *self = DABIAO_ROSTER_MODEL (model);

  if (position >= self->n_visible)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, self->visible[position]));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dabiao_roster_model_get_item_type;
  iface->get_n_items = dabiao_roster_model_get_n_items;
  iface->get_item = dabiao_roster_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (DabiaoRosterModel, dabiao_roster_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
dabiao_roster_model_finalize (GObject *object)
{
  DabiaoRosterModel *self = DABIAO_ROSTER_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_merged, g_hash_table_unref);
  g_free (self->visible);
  if (self->haystack != NULL)
    g_string_free (self->haystack, TRUE);
  g_free (self->row_start);
  g_free (self->grades);
  g_free (self->sexes);
  g_free (self->marks);
  g_free (self->order);
  for (guint f = 0; f < DABIAO_ROSTER_N_FIELDS; f++)
    g_free (self->ranks[f]);
  g_free (self->filter_folded);
  g_free (self->filter_class);
  g_free (self->filter_group);

  G_OBJECT_CLASS (dabiao_roster_model_parent_class)->finalize (object);
}

static void
dabiao_roster_model_class_init (DabiaoRosterModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dabiao_roster_model_finalize;
}

static void
dabiao_roster_model_init (DabiaoRosterModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_merged = g_hash_table_new (g_str_hash, g_str_equal);
}

DabiaoRosterModel *
dabiao_roster_model_new (void)
{
  return g_object_new (DABIAO_TYPE_ROSTER_MODEL, NULL);
}

/* Replaces visible by @visible (@n rows) and reports the smallest change:
 * the rows both lists share at the start and at the end are left out, so a
 * view keeps (and does not rebind) the widgets of those rows. */
static void
replace_visible (DabiaoRosterModel *self,
                 guint             *visible,
                 guint              n)
{
  guint old_n = self->n_visible;
  guint prefix, suffix;

  for (prefix = 0; prefix < MIN (n, old_n); prefix++)
    if (visible[prefix] != self->visible[prefix])
      break;
  for (suffix = 0; suffix < MIN (n, old_n) - prefix; suffix++)
    if (visible[n - 1 - suffix] != self->visible[old_n - 1 - suffix])
      break;

  g_free (self->visible);
  self->visible = visible;
  self->n_visible = n;

  if (prefix == n && n == old_n)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                              old_n - prefix - suffix, n - prefix - suffix);
}

static void     refilter         (DabiaoRosterModel *self,
                                  gboolean           allow_narrowing);
static void     compute_order    (DabiaoRosterModel *self);
static gboolean sorted_by_status (DabiaoRosterModel *self);

/**
 * dabiao_roster_model_set_items:
 * @items: (transfer none): DabiaoRosterItem objects
 *
 * Replaces the roster; every row is visible until a filter is set.  Items
 * without pinyin initials get them here.  The sort order is kept.
 */
void
dabiao_roster_model_set_items (DabiaoRosterModel *self,
                               GPtrArray         *items)
{
  g_autoptr(DabiaoPinyin) pinyin = NULL;
  guint old_n = self->n_visible;

  g_return_if_fail (DABIAO_IS_ROSTER_MODEL (self));

  g_ptr_array_set_size (self->items, 0);
  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->by_merged);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (items, i);

      if (item->initials[0] == '\0' && item->name[0] != '\0')
        {
          g_autofree char *initials = NULL;

          if (pinyin == NULL)
            pinyin = dabiao_pinyin_new ();
          initials = dabiao_pinyin_initials (pinyin, item->name);
          dabiao_roster_item_set_initials (item, initials);
        }
      g_ptr_array_add (self->items, g_object_ref (item));
      g_hash_table_insert (self->by_id, item->id, item);
      for (guint j = 0; item->merged_ids != NULL && item->merged_ids[j] != NULL; j++)
        g_hash_table_insert (self->by_merged, item->merged_ids[j], item);
    }

  if (self->haystack != NULL)
    g_string_free (self->haystack, TRUE);
  self->haystack = g_string_sized_new (self->items->len * 32 + 1);
  g_free (self->row_start);
  g_free (self->grades);
  g_free (self->sexes);
  g_free (self->marks);
  self->row_start = g_new (guint, self->items->len + 1);
  self->grades = g_new (guint8, MAX (self->items->len, 1));
  self->sexes = g_new (guint8, MAX (self->items->len, 1));
  self->marks = g_new0 (guint8, MAX (self->items->len, 1));
  for (guint i = 0; i < self->items->len; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (self->items, i);
      g_autofree char *name = g_ascii_strdown (item->name, -1);

      self->row_start[i] = (guint) self->haystack->len;
      g_string_append (self->haystack, item->id_folded);
      g_string_append_c (self->haystack, '\1');
      g_string_append (self->haystack, name);
      g_string_append_c (self->haystack, '\1');
      g_string_append (self->haystack, item->initials);
      g_string_append_c (self->haystack, '\n');
      self->grades[i] = (guint8) CLAMP (item->grade, 0, 255);
      self->sexes[i] = (guint8) CLAMP (item->sex, 0, 255);
    }
  self->row_start[self->items->len] = (guint) self->haystack->len;

  /* Everyone, in the current sort order. */
  g_clear_pointer (&self->order, g_free);
  for (guint f = 0; f < DABIAO_ROSTER_N_FIELDS; f++)
    g_clear_pointer (&self->ranks[f], g_free);
  self->have_filter = FALSE;
  g_free (self->visible);
  self->visible = NULL;
  self->n_visible = 0;
  if (self->n_sort > 0)
    {
      DabiaoRosterSortKey keys[DABIAO_ROSTER_N_FIELDS];
      guint n_keys = self->n_sort;

      memcpy (keys, self->sort, sizeof keys);
      self->n_sort = 0;
      dabiao_roster_model_set_sort (self, keys, n_keys);
    }
  self->visible = g_new (guint, MAX (self->items->len, 1));
  for (guint i = 0; i < self->items->len; i++)
    self->visible[i] = self->order != NULL ? self->order[i] : i;
  self->n_visible = self->items->len;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_visible);
}

guint
dabiao_roster_model_get_n_total (DabiaoRosterModel *self)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_MODEL (self), 0);

  return self->items->len;
}

static gboolean
item_matches_text (DabiaoRosterItem *item,
                   const char       *folded)
{
  if (folded == NULL || folded[0] == '\0')
    return TRUE;

  return strstr (item->id_folded, folded) != NULL
         || strstr (item->name, folded) != NULL
         || g_str_has_prefix (item->initials, folded);
}

/* Everything but the search text. */
static gboolean
row_passes (DabiaoRosterModel        *self,
            guint                     row,
            const DabiaoRosterFilter *filter)
{
  DabiaoRosterItem *item;

  if (filter->grade != 0 && self->grades[row] != filter->grade)
    return FALSE;
  if (filter->sex != 0 && self->sexes[row] != filter->sex)
    return FALSE;
  if (filter->class_name == NULL && filter->group == NULL && filter->status == DABIAO_ROSTER_STATUS_ANY)
    return TRUE;
  item = g_ptr_array_index (self->items, row);
  if (filter->class_name != NULL && strcmp (filter->class_name, item->class_name) != 0)
    return FALSE;
  if (filter->group != NULL && g_strcmp0 (filter->group, item->group) != 0)
    return FALSE;
  switch (filter->status)
    {
    case DABIAO_ROSTER_STATUS_ANY:
      return TRUE;
    case DABIAO_ROSTER_STATUS_MISSING:
      /* "Missing" means neither complete nor exempt: includes those not started. */
      return item->status != DABIAO_ROSTER_STATUS_COMPLETE
             && item->status != DABIAO_ROSTER_STATUS_EXEMPT;
    case DABIAO_ROSTER_STATUS_COMPLETE:
    case DABIAO_ROSTER_STATUS_EXEMPT:
    default:
      return item->status == filter->status;
    }
}

/* Whether a hit of the search text at @hit (inside row @row of the
 * haystack) is a match: anywhere in the id or the name, and only at the
 * start of the pinyin initials.  The initials come last, so the first hit
 * in a row decides. */
static gboolean
hit_matches (DabiaoRosterModel *self,
             guint              row,
             const char        *hit)
{
  const char *start = self->haystack->str + self->row_start[row];
  const char *end = self->haystack->str + self->row_start[row + 1];
  const char *initials = memrchr (start, '\1', (gsize) (end - start));

  g_assert (initials != NULL);
  initials++;
  return hit < initials || hit == initials;
}

static gboolean
row_matches_text (DabiaoRosterModel *self,
                  guint              row,
                  const char        *needle,
                  gsize              needle_len)
{
  const char *start = self->haystack->str + self->row_start[row];
  gsize len = self->row_start[row + 1] - self->row_start[row];
  const char *hit = memmem (start, len, needle, needle_len);

  return hit != NULL && hit_matches (self, row, hit);
}

/* Marks (in self->marks) the rows whose text matches: memmem() over the
 * whole haystack, each hit names its row, then the search continues from
 * the next row.  Returns the number marked. */
static guint
mark_text_matches (DabiaoRosterModel        *self,
                   const char               *needle,
                   const DabiaoRosterFilter *filter,
                   guint                    *rows)
{
  const char *hay = self->haystack->str;
  gsize hay_len = self->haystack->len;
  gsize needle_len = strlen (needle);
  gsize pos = 0;
  guint row = 0;
  guint n = 0;

  while (pos < hay_len)
    {
      const char *hit = memmem (hay + pos, hay_len - pos, needle, needle_len);
      guint lo, hi;

      if (hit == NULL)
        break;
      /* The row holding the hit: the last row_start <= offset. */
      lo = row;
      hi = self->items->len;
      while (hi - lo > 1)
        {
          guint mid = lo + (hi - lo) / 2;

          if (self->row_start[mid] <= (guint) (hit - hay))
            lo = mid;
          else
            hi = mid;
        }
      row = lo;
      if (hit_matches (self, row, hit) && row_passes (self, row, filter))
        {
          if (rows != NULL)
            rows[n] = row;
          else
            self->marks[row] = 1;
          n++;
        }
      row++;
      if (row >= self->items->len)
        break;
      pos = self->row_start[row];
    }
  return n;
}

static gboolean
same_filter_but_search (const DabiaoRosterFilter *a,
                        const DabiaoRosterFilter *b)
{
  return a->grade == b->grade && a->sex == b->sex && a->status == b->status
         && g_strcmp0 (a->class_name, b->class_name) == 0
         && g_strcmp0 (a->group, b->group) == 0;
}

/* Computes the visible rows for self->filter.  When @allow_narrowing and
 * the search text only grew since the last pass (typing one more letter)
 * with the other filters unchanged, the rows shown already are the only
 * candidates: narrowing them gives the same result as a fresh pass.  Not
 * when filtering or sorting by status: statuses change as results come in
 * (and the model is not told), so those passes start afresh. */
static void
refilter (DabiaoRosterModel *self,
          gboolean           allow_narrowing)
{
  const DabiaoRosterFilter *filter = &self->filter;
  const char *needle = self->filter_folded;
  gsize needle_len = needle != NULL ? strlen (needle) : 0;
  guint *visible = g_new (guint, MAX (self->items->len, 1));
  guint n = 0;
  guint n_rows = self->items->len;

  if (!allow_narrowing && sorted_by_status (self))
    compute_order (self);

  if (needle_len > 0 && strpbrk (needle, "\1\n") != NULL)
    {
      /* No name or id holds these: nothing matches. */
    }
  else if (allow_narrowing)
    {
      for (guint i = 0; i < self->n_visible; i++)
        if (row_matches_text (self, self->visible[i], needle, needle_len))
          visible[n++] = self->visible[i];
    }
  else if (needle_len > 0 && self->order == NULL)
    n = mark_text_matches (self, needle, filter, visible);
  else if (needle_len > 0)
    {
      guint n_marked = mark_text_matches (self, needle, filter, NULL);

      /* Walk the sort order, picking the marked rows (and clearing the
       * marks for the next pass). */
      for (guint i = 0; i < n_rows && n < n_marked; i++)
        if (self->marks[self->order[i]])
          {
            self->marks[self->order[i]] = 0;
            visible[n++] = self->order[i];
          }
    }
  else
    {
      for (guint i = 0; i < n_rows; i++)
        {
          guint row = self->order != NULL ? self->order[i] : i;

          if (row_passes (self, row, filter))
            visible[n++] = row;
        }
    }

  self->have_filter = TRUE;
  replace_visible (self, visible, n);
}

/**
 * dabiao_roster_model_set_filter:
 * @filter: (nullable): what to show; %NULL shows everyone
 *
 * Shows only the rows that match, in the sort order.  The search text
 * matches anywhere in the id or the name (ASCII letters in any case) and
 * at the start of the name's pinyin initials.
 */
void
dabiao_roster_model_set_filter (DabiaoRosterModel        *self,
                                const DabiaoRosterFilter *filter)
{
  static const DabiaoRosterFilter all = { 0 };
  g_autofree char *folded = NULL;
  gboolean narrowing;

  g_return_if_fail (DABIAO_IS_ROSTER_MODEL (self));

  if (filter == NULL)
    filter = &all;
  if (filter->search != NULL)
    folded = g_strstrip (g_ascii_strdown (filter->search, -1));
  if (folded != NULL && folded[0] == '\0')
    g_clear_pointer (&folded, g_free);

  narrowing = self->have_filter
              && filter->status == DABIAO_ROSTER_STATUS_ANY
              && !sorted_by_status (self)
              && same_filter_but_search (&self->filter, filter)
              && folded != NULL
              && (self->filter_folded == NULL
                  || (strlen (folded) > strlen (self->filter_folded)
                      && g_str_has_prefix (folded, self->filter_folded)));

  self->filter = *filter;
  self->filter.search = NULL;
  g_free (self->filter_class);
  self->filter_class = g_strdup (filter->class_name);
  self->filter.class_name = self->filter_class;
  g_free (self->filter_group);
  self->filter_group = g_strdup (filter->group);
  self->filter.group = self->filter_group;
  g_free (self->filter_folded);
  self->filter_folded = g_steal_pointer (&folded);

  refilter (self, narrowing);
}

/* Sorting.  Each field is compared once per roster: the first sort by it
 * computes every row's rank in that field (equal values, equal rank).  A
 * sort is then a stable counting sort by each key's rank, the last key
 * first (LSD radix), O(rows) per key: turning a column around or adding a
 * second one costs a few milliseconds for 100,000 rows.  Statuses change,
 * so they are never ranked: their value is the key. */

typedef struct
{
  DabiaoRosterModel *self;
  DabiaoRosterField  field;
  char             **class_keys;  /* per row, for DABIAO_ROSTER_FIELD_CLASS */
} RankData;

static int
compare_rows_by_field (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  const RankData *data = user_data;
  guint ra = *(const guint *) a, rb = *(const guint *) b;

  return compare_field (g_ptr_array_index (data->self->items, ra),
                        g_ptr_array_index (data->self->items, rb),
                        data->field,
                        data->class_keys != NULL ? data->class_keys[ra] : NULL,
                        data->class_keys != NULL ? data->class_keys[rb] : NULL);
}

static const guint *
get_ranks (DabiaoRosterModel *self,
           DabiaoRosterField  field)
{
  g_autoptr(GHashTable) class_keys_by_name = NULL;
  g_autofree char **class_keys = NULL;
  g_autofree guint *rows = NULL;
  guint n_rows = self->items->len;
  RankData data = { self, field, NULL };
  guint *ranks;

  g_assert (field != DABIAO_ROSTER_FIELD_STATUS);
  if (self->ranks[field] != NULL)
    return self->ranks[field];

  if (field == DABIAO_ROSTER_FIELD_CLASS)
    {
      /* One collation key per distinct class name. */
      class_keys_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      class_keys = g_new (char *, MAX (n_rows, 1));
      for (guint i = 0; i < n_rows; i++)
        {
          DabiaoRosterItem *item = g_ptr_array_index (self->items, i);
          char *key = g_hash_table_lookup (class_keys_by_name, item->class_name);

          if (key == NULL)
            {
              key = g_utf8_collate_key_for_filename (item->class_name, -1);
              g_hash_table_insert (class_keys_by_name, item->class_name, key);
            }
          class_keys[i] = key;
        }
      data.class_keys = class_keys;
    }

  rows = g_new (guint, MAX (n_rows, 1));
  for (guint i = 0; i < n_rows; i++)
    rows[i] = i;
  g_qsort_with_data (rows, (int) n_rows, sizeof (guint), compare_rows_by_field, &data);

  ranks = g_new (guint, MAX (n_rows, 1));
  for (guint i = 0, rank = 0; i < n_rows; i++)
    {
      if (i > 0 && compare_rows_by_field (&rows[i - 1], &rows[i], &data) != 0)
        rank = i;
      ranks[rows[i]] = rank;
    }
  self->ranks[field] = ranks;
  return ranks;
}

/* Stable counting sort of @order (@n rows) by one key; @scratch holds n. */
static void
sort_by_key (DabiaoRosterModel         *self,
             const DabiaoRosterSortKey *key,
             guint                     *order,
             guint                     *scratch,
             guint                      n)
{
  const guint *ranks = NULL;
  g_autofree guint *counts = NULL;
  guint range;

  if (key->field == DABIAO_ROSTER_FIELD_STATUS)
    range = DABIAO_ROSTER_STATUS_UNTESTED + 1;
  else
    {
      ranks = get_ranks (self, key->field);
      range = n;
    }

#define KEY_OF(row) \
  (ranks != NULL ? ranks[row] \
                 : MIN ((guint) ((DabiaoRosterItem *) g_ptr_array_index (self->items, (row)))->status, range - 1))
#define BUCKET_OF(row) (key->descending ? range - 1 - KEY_OF (row) : KEY_OF (row))

  counts = g_new0 (guint, range + 1);
  for (guint i = 0; i < n; i++)
    counts[BUCKET_OF (order[i]) + 1]++;
  for (guint b = 0; b < range; b++)
    counts[b + 1] += counts[b];
  for (guint i = 0; i < n; i++)
    scratch[counts[BUCKET_OF (order[i])]++] = order[i];
  memcpy (order, scratch, n * sizeof *order);

#undef BUCKET_OF
#undef KEY_OF
}

/* Computes self->order for self->sort: roster order, then sorted by each
 * key from the last to the first, so the first key decides first and ties
 * keep the roster order. */
static void
compute_order (DabiaoRosterModel *self)
{
  g_autofree guint *scratch = NULL;
  guint n_rows = self->items->len;

  g_clear_pointer (&self->order, g_free);
  if (self->n_sort == 0 || n_rows == 0)
    return;

  self->order = g_new (guint, n_rows);
  for (guint i = 0; i < n_rows; i++)
    self->order[i] = i;
  scratch = g_new (guint, n_rows);
  for (guint k = self->n_sort; k > 0; k--)
    sort_by_key (self, &self->sort[k - 1], self->order, scratch, n_rows);
}

static gboolean
sorted_by_status (DabiaoRosterModel *self)
{
  for (guint k = 0; k < self->n_sort; k++)
    if (self->sort[k].field == DABIAO_ROSTER_FIELD_STATUS)
      return TRUE;
  return FALSE;
}

/**
 * dabiao_roster_model_set_sort:
 * @keys: (array length=n_keys) (nullable): the columns to sort by, the
 *   first one first; ties keep the roster order
 *
 * Sorts the roster once (the filter then keeps the order, so a keystroke
 * does not sort again).  No keys = roster order.  Statuses change as
 * results come in: sorted by status, the roster is sorted again at each
 * filter pass.
 */
void
dabiao_roster_model_set_sort (DabiaoRosterModel         *self,
                              const DabiaoRosterSortKey *keys,
                              guint                      n_keys)
{
  guint n_rows;

  g_return_if_fail (DABIAO_IS_ROSTER_MODEL (self));
  g_return_if_fail (n_keys == 0 || keys != NULL);

  n_keys = MIN (n_keys, DABIAO_ROSTER_N_FIELDS);
  if (n_keys == self->n_sort && (n_keys == 0 || memcmp (keys, self->sort, n_keys * sizeof *keys) == 0)
      && !sorted_by_status (self))
    return;

  if (n_keys > 0)
    memcpy (self->sort, keys, n_keys * sizeof *keys);
  self->n_sort = n_keys;
  compute_order (self);

  if (self->visible == NULL)
    return;  /* from set_items */
  n_rows = self->items->len;
  if (self->have_filter)
    refilter (self, FALSE);
  else
    {
      guint *visible = g_new (guint, MAX (n_rows, 1));

      for (guint i = 0; i < n_rows; i++)
        visible[i] = self->order != NULL ? self->order[i] : i;
      replace_visible (self, visible, n_rows);
    }
}

/**
 * dabiao_roster_model_get_sort:
 * @keys: (out caller-allocates) (array length=max_keys): filled with the
 *   sort keys
 *
 * Returns: the number of sort keys (0 = roster order)
 */
guint
dabiao_roster_model_get_sort (DabiaoRosterModel   *self,
                              DabiaoRosterSortKey *keys,
                              guint                max_keys)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_MODEL (self), 0);

  if (keys != NULL)
    memcpy (keys, self->sort, MIN (max_keys, self->n_sort) * sizeof *keys);
  return self->n_sort;
}

/**
 * dabiao_roster_model_lookup:
 *
 * Returns: (transfer none) (nullable): the participant with exactly this id
 */
DabiaoRosterItem *
dabiao_roster_model_lookup (DabiaoRosterModel *self,
                            const char        *id)
{
  g_return_val_if_fail (DABIAO_IS_ROSTER_MODEL (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

/**
 * dabiao_roster_model_find_merged:
 * @id: a 编号 as scanned (any case, spaces around)
 *
 * Returns: (transfer none) (nullable): the participant @id was merged into,
 *   when nobody has @id itself
 */
DabiaoRosterItem *
dabiao_roster_model_find_merged (DabiaoRosterModel *self,
                                 const char        *id)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (DABIAO_IS_ROSTER_MODEL (self), NULL);

  if (id == NULL || g_hash_table_lookup (self->by_id, id) != NULL)
    return NULL;
  wanted = g_strstrip (g_ascii_strup (id, -1));
  return g_hash_table_lookup (self->by_merged, wanted);
}

/**
 * dabiao_roster_model_search:
 * @text: an id, part of an id or name, or pinyin initials
 * @max: at most this many results
 *
 * The station's check-in search: an exact id first, then the others that
 * match, in roster order.
 *
 * Returns: (transfer container): DabiaoRosterItem objects
 */
GPtrArray *
dabiao_roster_model_search (DabiaoRosterModel *self,
                            const char        *text,
                            guint              max)
{
  g_autofree char *folded = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  DabiaoRosterItem *exact;

  g_return_val_if_fail (DABIAO_IS_ROSTER_MODEL (self), result);

  if (text == NULL)
    return result;
  folded = g_strstrip (g_ascii_strdown (text, -1));
  if (folded[0] == '\0')
    return result;

  exact = g_hash_table_lookup (self->by_id, text);
  if (exact != NULL)
    g_ptr_array_add (result, g_object_ref (exact));

  for (guint i = 0; i < self->items->len && result->len < max; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (self->items, i);

      if (item != exact && item_matches_text (item, folded))
        g_ptr_array_add (result, g_object_ref (item));
    }

  return result;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/**
 * dabiao_roster_model_get_classes:
 *
 * Returns: (transfer container): the distinct class names, sorted
 */
GPtrArray *
dabiao_roster_model_get_classes (DabiaoRosterModel *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *classes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->items->len; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (self->items, i);

      if (item->class_name[0] != '\0' && g_hash_table_add (seen, item->class_name))
        g_ptr_array_add (classes, g_strdup (item->class_name));
    }
  g_ptr_array_sort (classes, compare_strings);
  return classes;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return GPOINTER_TO_INT (*(gpointer *) a) - GPOINTER_TO_INT (*(gpointer *) b);
}

/**
 * dabiao_roster_model_get_grades:
 *
 * Returns: (transfer container): the distinct 年级编号 as GINT_TO_POINTER, sorted
 */
GPtrArray *
dabiao_roster_model_get_grades (DabiaoRosterModel *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GPtrArray *grades = g_ptr_array_new ();

  for (guint i = 0; i < self->items->len; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (self->items, i);

      if (item->grade != 0 && g_hash_table_add (seen, GINT_TO_POINTER (item->grade)))
        g_ptr_array_add (grades, GINT_TO_POINTER (item->grade));
    }
  g_ptr_array_sort (grades, compare_ints);
  return grades;
}

static int
compare_group_order (gconstpointer a,
                     gconstpointer b)
{
  const DabiaoRosterItem *x = *(DabiaoRosterItem **) a;
  const DabiaoRosterItem *y = *(DabiaoRosterItem **) b;

  return (x->group_order > y->group_order) - (x->group_order < y->group_order);
}

/**
 * dabiao_roster_model_get_groups:
 *
 * Returns: (transfer container): the distinct age groups (国民体质), youngest
 *   first; empty when the standard groups by grade
 */
GPtrArray *
dabiao_roster_model_get_groups (DabiaoRosterModel *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) firsts = g_ptr_array_new ();
  GPtrArray *groups = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->items->len; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (self->items, i);

      if (item->group != NULL && g_hash_table_add (seen, item->group))
        g_ptr_array_add (firsts, item);
    }
  g_ptr_array_sort (firsts, compare_group_order);
  for (guint i = 0; i < firsts->len; i++)
    g_ptr_array_add (groups, g_strdup (((DabiaoRosterItem *) g_ptr_array_index (firsts, i))->group));
  return groups;
}

/**
 * dabiao_roster_model_class_queue:
 *
 * Returns: (transfer container): the participants of one class, in roster
 *   order: the station's queue mode walks them one after the other
 */
GPtrArray *
dabiao_roster_model_class_queue (DabiaoRosterModel *self,
                                 const char        *class_name)
{
  GPtrArray *queue = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->items->len; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->class_name, class_name) == 0)
        g_ptr_array_add (queue, g_object_ref (item));
    }
  return queue;
}
