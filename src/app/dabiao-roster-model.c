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
#include "dabiao-roster-model.h"

/* The roster as the app shows it.
 *
 * Rows are small final GObjects, made once when the roster is loaded (in a
 * worker thread) and shared by every view.  Filtering runs over the plain
 * array here rather than through a GtkFilterListModel: 100,000 rows are
 * matched in a few milliseconds per keystroke, and the model reports one
 * items-changed, so the column view rebinds only the rows on screen. */

struct _DabiaoRosterItem
{
  GObject             parent_instance;

  char               *id;
  char               *name;
  char               *class_name;
  char               *initials;
  char               *uuid;
  char               *id_folded;
  int                 sex;
  int                 grade;
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
  g_free (self->initials);
  g_free (self->uuid);
  g_free (self->id_folded);

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

void
dabiao_roster_item_set_initials (DabiaoRosterItem *self,
                                 const char       *initials)
{
  g_free (self->initials);
  self->initials = g_strdup (initials != NULL ? initials : "");
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

/* 性别 codes of the national upload file: 1 男, 2 女 (data, not translated). */
const char *
dabiao_sex_label (int sex)
{
  switch (sex)
    {
    case 1:
      return "男";
    case 2:
      return "女";
    default:
      return "";
    }
}

/* 年级编号 of the national upload file (reference: formats.md §2). */
const char *
dabiao_grade_label (int grade)
{
  static const struct { int code; const char *label; } grades[] = {
    { 11, "一年级" }, { 12, "二年级" }, { 13, "三年级" }, { 14, "四年级" },
    { 15, "五年级" }, { 16, "六年级" }, { 21, "初一" }, { 22, "初二" },
    { 23, "初三" }, { 24, "初四" }, { 31, "高一" }, { 32, "高二" }, { 33, "高三" },
    { 34, "高四" }, { 41, "大一" }, { 42, "大二" }, { 43, "大三" }, { 44, "大四" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (grades); i++)
    if (grades[i].code == grade)
      return grades[i].label;
  return "";
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
    case DABIAO_ROSTER_STATUS_ANY:
    default:
      return "";
    }
}

/* ------------------------------------------------------------------------ */

struct _DabiaoRosterModel
{
  GObject     parent_instance;

  GPtrArray  *items;     /* DabiaoRosterItem, all of them, in roster order */
  GHashTable *by_id;     /* id → DabiaoRosterItem (borrowed) */
  guint      *visible;   /* indices into items */
  guint       n_visible;

  /* The search text of every row in one buffer, "id\1name\1initials\n",
   * so that a keystroke is a few memmem() calls over contiguous memory
   * instead of three strstr() per row behind three pointers. */
  GString    *haystack;
  guint      *row_start; /* offset of each row in haystack, plus the end */
  guint8     *grades;    /* compact copies of what the filters test */
  guint8     *sexes;
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
  g_free (self->visible);
  if (self->haystack != NULL)
    g_string_free (self->haystack, TRUE);
  g_free (self->row_start);
  g_free (self->grades);
  g_free (self->sexes);

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
}

DabiaoRosterModel *
dabiao_roster_model_new (void)
{
  return g_object_new (DABIAO_TYPE_ROSTER_MODEL, NULL);
}

/**
 * dabiao_roster_model_set_items:
 * @items: (transfer none): DabiaoRosterItem objects
 *
 * Replaces the roster; every row is visible until a filter is set.  Items
 * without pinyin initials get them here.
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
    }

  if (self->haystack != NULL)
    g_string_free (self->haystack, TRUE);
  self->haystack = g_string_sized_new (self->items->len * 32 + 1);
  g_free (self->row_start);
  g_free (self->grades);
  g_free (self->sexes);
  self->row_start = g_new (guint, self->items->len + 1);
  self->grades = g_new (guint8, MAX (self->items->len, 1));
  self->sexes = g_new (guint8, MAX (self->items->len, 1));
  for (guint i = 0; i < self->items->len; i++)
    {
      DabiaoRosterItem *item = g_ptr_array_index (self->items, i);

      self->row_start[i] = (guint) self->haystack->len;
      g_string_append (self->haystack, item->id_folded);
      g_string_append_c (self->haystack, '\1');
      {
        g_autofree char *name = g_ascii_strdown (item->name, -1);

        g_string_append (self->haystack, name);
      }
      g_string_append_c (self->haystack, '\1');
      g_string_append (self->haystack, item->initials);
      g_string_append_c (self->haystack, '\n');
      self->grades[i] = (guint8) CLAMP (item->grade, 0, 255);
      self->sexes[i] = (guint8) CLAMP (item->sex, 0, 255);
    }
  self->row_start[self->items->len] = (guint) self->haystack->len;

  g_free (self->visible);
  self->visible = g_new (guint, MAX (self->items->len, 1));
  for (guint i = 0; i < self->items->len; i++)
    self->visible[i] = i;
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

static gboolean
item_matches (DabiaoRosterItem         *item,
              const DabiaoRosterFilter *filter,
              const char               *folded)
{
  if (filter->grade != 0 && item->grade != filter->grade)
    return FALSE;
  if (filter->sex != 0 && item->sex != filter->sex)
    return FALSE;
  if (filter->class_name != NULL && strcmp (filter->class_name, item->class_name) != 0)
    return FALSE;
  if (filter->status != DABIAO_ROSTER_STATUS_ANY)
    {
      /* "missing" means not complete and not exempt: includes those not started. */
      if (filter->status == DABIAO_ROSTER_STATUS_MISSING)
        {
          if (item->status == DABIAO_ROSTER_STATUS_COMPLETE
              || item->status == DABIAO_ROSTER_STATUS_EXEMPT)
            return FALSE;
        }
      else if (item->status != filter->status)
        return FALSE;
    }
  return item_matches_text (item, folded);
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
  if (filter->class_name == NULL && filter->status == DABIAO_ROSTER_STATUS_ANY)
    return TRUE;
  item = g_ptr_array_index (self->items, row);
  return item_matches (item, filter, NULL);
}

/**
 * dabiao_roster_model_set_filter:
 * @filter: (nullable): what to show; %NULL shows everyone
 *
 * Shows only the rows that match, in roster order.
 */
void
dabiao_roster_model_set_filter (DabiaoRosterModel        *self,
                                const DabiaoRosterFilter *filter)
{
  static const DabiaoRosterFilter all = { 0 };
  g_autofree char *folded = NULL;
  g_autofree guint *visible = NULL;
  guint n = 0;
  guint old_n = self->n_visible;
  guint first_change;

  g_return_if_fail (DABIAO_IS_ROSTER_MODEL (self));

  if (filter == NULL)
    filter = &all;
  if (filter->search != NULL)
    folded = g_strstrip (g_ascii_strdown (filter->search, -1));

  visible = g_new (guint, MAX (self->items->len, 1));
  if (folded != NULL && folded[0] != '\0' && strpbrk (folded, "\1\n") == NULL && self->haystack != NULL)
    {
      /* Each hit names its row; continue from the next row. */
      const char *hay = self->haystack->str;
      gsize hay_len = self->haystack->len;
      gsize needle_len = strlen (folded);
      gsize pos = 0;
      guint row = 0;

      while (pos < hay_len)
        {
          const char *hit = memmem (hay + pos, hay_len - pos, folded, needle_len);
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
          if (row_passes (self, row, filter))
            visible[n++] = row;
          row++;
          if (row >= self->items->len)
            break;
          pos = self->row_start[row];
        }
    }
  else
    {
      for (guint i = 0; i < self->items->len; i++)
        if (row_passes (self, i, filter))
          visible[n++] = i;
    }

  /* Report only the part that changed: typing one more letter usually keeps
   * the first rows, and the view then keeps its scroll position. */
  for (first_change = 0; first_change < MIN (n, old_n); first_change++)
    if (visible[first_change] != self->visible[first_change])
      break;
  if (first_change == n && n == old_n)
    return;

  g_free (self->visible);
  self->visible = g_steal_pointer (&visible);
  self->n_visible = n;

  g_list_model_items_changed (G_LIST_MODEL (self), first_change,
                              old_n - first_change, n - first_change);
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
