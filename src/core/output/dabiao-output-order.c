/* dabiao-output-order.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-output-order.h"
#include "dabiao-output.h"

static const char * const order_names[] = {
  [DABIAO_PAPER_ORDER_CLASS] = "class",
  [DABIAO_PAPER_ORDER_CLASS_NAME] = "class-name",
  [DABIAO_PAPER_ORDER_STUDENT_NO] = "student-no",
  [DABIAO_PAPER_ORDER_ROSTER] = "roster",
};

const char *
dabiao_paper_order_to_string (DabiaoPaperOrder order)
{
  g_return_val_if_fail (order <= DABIAO_PAPER_ORDER_ROSTER, NULL);

  return order_names[order];
}

gboolean
dabiao_paper_order_from_string (const char       *name,
                                DabiaoPaperOrder *order)
{
  guint i;

  for (i = 0; name != NULL && i < G_N_ELEMENTS (order_names); i++)
    if (strcmp (name, order_names[i]) == 0)
      {
        *order = i;
        return TRUE;
      }
  return FALSE;
}

/* Text compared with runs of digits as numbers (2班 < 12班, 1101 < 1102);
 * NULL and "" last. */
static int
compare_natural (const char *a,
                 const char *b)
{
  gboolean a_empty = a == NULL || a[0] == '\0';
  gboolean b_empty = b == NULL || b[0] == '\0';

  if (a_empty || b_empty)
    return a_empty - b_empty;

  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *ea = a, *eb = b;
          gsize la, lb;
          int c;

          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          for (ea = a; g_ascii_isdigit (*ea); ea++)
            ;
          for (eb = b; g_ascii_isdigit (*eb); eb++)
            ;
          la = ea - a;
          lb = eb - b;
          if (la != lb)
            return la < lb ? -1 : 1;
          c = strncmp (a, b, la);
          if (c != 0)
            return c;
          a = ea;
          b = eb;
        }
      else
        {
          gunichar ca = g_utf8_get_char (a);
          gunichar cb = g_utf8_get_char (b);

          if (ca != cb)
            return ca < cb ? -1 : 1;
          a = g_utf8_next_char (a);
          b = g_utf8_next_char (b);
        }
    }
  return (*a != '\0') - (*b != '\0');
}

static int
compare_class (const DabiaoResultsPerson *a,
               const DabiaoResultsPerson *b)
{
  int c = compare_natural (a->school_code, b->school_code);

  if (c == 0)
    c = compare_natural (a->school_name, b->school_name);
  if (c == 0 && a->grade != b->grade)
    c = a->grade < b->grade ? -1 : 1;
  if (c == 0)
    c = compare_natural (a->class_code, b->class_code);
  if (c == 0)
    c = compare_natural (a->class_name, b->class_name);
  return c;
}

gboolean
dabiao_output_same_class (gconstpointer a,
                          gconstpointer b)
{
  return compare_class (a, b) == 0;
}

/* GB 2312 orders its 3,755 level-1 hanzi by pinyin, so the GB18030 bytes of
 * a name sort it by pinyin whatever the locale (level-2 and rarer
 * characters after them). */
static char *
name_key (const char *name)
{
  char *key = g_convert (name != NULL ? name : "", -1, "GB18030", "UTF-8", NULL, NULL, NULL);

  return key != NULL ? key : g_strdup (name != NULL ? name : "");
}

typedef struct
{
  DabiaoResultsPerson *person;
  char               *name_key;
  guint               index;
} SortEntry;

static int
compare_entries (gconstpointer pa,
                 gconstpointer pb,
                 gpointer      user_data)
{
  const SortEntry *a = pa;
  const SortEntry *b = pb;
  DabiaoPaperOrder order = GPOINTER_TO_INT (user_data);
  int c = 0;

  if (order == DABIAO_PAPER_ORDER_CLASS || order == DABIAO_PAPER_ORDER_CLASS_NAME)
    c = compare_class (a->person, b->person);
  if (c == 0 && order == DABIAO_PAPER_ORDER_CLASS_NAME)
    c = strcmp (a->name_key, b->name_key);
  if (c == 0 && order != DABIAO_PAPER_ORDER_ROSTER)
    c = compare_natural (a->person->student_no, b->person->student_no);
  if (c == 0)
    c = a->index < b->index ? -1 : a->index > b->index;
  return c;
}

void
dabiao_output_sort_for_paper (GPtrArray        *persons,
                              DabiaoPaperOrder  order)
{
  g_autofree SortEntry *entries = NULL;
  guint i;

  if (order == DABIAO_PAPER_ORDER_ROSTER || persons->len < 2)
    return;

  entries = g_new0 (SortEntry, persons->len);
  for (i = 0; i < persons->len; i++)
    {
      entries[i].person = g_ptr_array_index (persons, i);
      entries[i].index = i;
      if (order == DABIAO_PAPER_ORDER_CLASS_NAME)
        entries[i].name_key = name_key (entries[i].person->name);
    }
  g_qsort_with_data (entries, persons->len, sizeof (SortEntry), compare_entries, GINT_TO_POINTER (order));
  for (i = 0; i < persons->len; i++)
    {
      persons->pdata[i] = entries[i].person;
      g_free (entries[i].name_key);
    }
}
