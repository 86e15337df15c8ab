/* dabiao-output.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dabiao-output.h"

static void
dabiao_output_result_free (gpointer data)
{
  DabiaoOutputResult *result = data;

  g_free (result->name);
  g_free (result->code);
  g_free (result->display);
  g_free (result->special);
  g_free (result->level);
  g_free (result);
}

DabiaoOutputPerson *
dabiao_output_person_new (void)
{
  DabiaoOutputPerson *person = g_new0 (DabiaoOutputPerson, 1);

  person->results = g_ptr_array_new_with_free_func (dabiao_output_result_free);
  return person;
}

void
dabiao_output_person_free (DabiaoOutputPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->uuid);
  g_free (person->school_code);
  g_free (person->school_name);
  g_free (person->class_code);
  g_free (person->class_name);
  g_free (person->student_no);
  g_free (person->id_number);
  g_free (person->ethnic_code);
  g_free (person->ethnic_name);
  g_free (person->name);
  g_free (person->address);
  g_free (person->group);
  g_free (person->exempt_reason);
  g_free (person->level);
  g_ptr_array_unref (person->results);
  g_free (person);
}

DabiaoOutputResult *
dabiao_output_person_add_result (DabiaoOutputPerson *person,
                                 const char         *name,
                                 const char         *code)
{
  DabiaoOutputResult *result = g_new0 (DabiaoOutputResult, 1);

  result->name = g_strdup (name);
  result->code = g_strdup (code);
  g_ptr_array_add (person->results, result);
  return result;
}

/* Canonical form of an item name: no spaces, × for x, X and the asterisk,
 * 一分钟 for 1分钟. */
static char *
normalize_item_name (const char *name)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x3000)
        continue;
      if (c == 'x' || c == 'X' || c == '*' || c == 0x2715 || c == 0xFF58 || c == 0xFF38)
        c = 0x00D7;
      if (c == '1' && g_str_has_prefix (g_utf8_next_char (p), "分钟"))
        c = 0x4E00; /* 一 */
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

gboolean
dabiao_output_item_name_equal (const char *a,
                               const char *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  if (strcmp (a, b) == 0)
    return TRUE;

  na = normalize_item_name (a);
  nb = normalize_item_name (b);
  return strcmp (na, nb) == 0;
}

DabiaoOutputResult *
dabiao_output_person_find_result (const DabiaoOutputPerson *person,
                                  const char               *name,
                                  const char               *code)
{
  guint i;

  if (code != NULL)
    {
      for (i = 0; i < person->results->len; i++)
        {
          DabiaoOutputResult *result = g_ptr_array_index (person->results, i);

          if (result->code != NULL && strcmp (result->code, code) == 0)
            return result;
        }
    }

  if (name != NULL)
    {
      for (i = 0; i < person->results->len; i++)
        {
          DabiaoOutputResult *result = g_ptr_array_index (person->results, i);

          if (dabiao_output_item_name_equal (result->name, name))
            return result;
        }
    }

  return NULL;
}

const char *
dabiao_output_sex_label (int sex)
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

char *
dabiao_output_person_dup_group (const DabiaoOutputPerson *person)
{
  /* National grade names: data, not translations. */
  static const char * const primary[] = { "一年级", "二年级", "三年级", "四年级", "五年级", "六年级" };
  static const char * const stage_names[] = { "初", "高", "大" };
  static const char * const ordinals[] = { "一", "二", "三", "四" };
  int stage = person->grade / 10;
  int year = person->grade % 10;

  if (person->group != NULL && person->group[0] != '\0')
    return g_strdup (person->group);

  if (stage == 1 && year >= 1 && year <= 6)
    return g_strdup (primary[year - 1]);
  if (stage >= 2 && stage <= 4 && year >= 1 && year <= 4)
    return g_strconcat (stage_names[stage - 2], ordinals[year - 1], NULL);

  return g_strdup ("其他");
}

int
dabiao_output_level_rank (const char *level)
{
  static const struct { const char *name; int rank; } levels[] = {
    { "优秀", 4 }, { "一级", 4 },
    { "良好", 3 }, { "二级", 3 },
    { "及格", 2 }, { "合格", 2 }, { "三级", 2 },
    { "不及格", 1 }, { "不合格", 1 }, { "四级", 1 },
  };
  const char *paren;
  gsize len;
  guint i;

  if (level == NULL)
    return 0;

  /* "一级（优秀）" counts as 一级. */
  paren = strstr (level, "（");
  if (paren == NULL)
    paren = strchr (level, '(');
  len = paren != NULL ? (gsize) (paren - level) : strlen (level);
  for (i = 0; i < G_N_ELEMENTS (levels); i++)
    if (strlen (levels[i].name) == len && strncmp (level, levels[i].name, len) == 0)
      return levels[i].rank;

  return 0;
}

char *
dabiao_output_person_dup_birth (const DabiaoOutputPerson *person)
{
  if (person->birth_year <= 0)
    return g_strdup ("");

  return g_strdup_printf ("%d/%d/%d", person->birth_year, person->birth_month, person->birth_day);
}

char *
dabiao_output_mask_id (const char *id)
{
  GString *out;
  gsize len, prefix = 0, digits = 0, i;

  if (id == NULL)
    return g_strdup ("");
  len = strlen (id);
  for (i = 0; i < len; i++)
    if (g_ascii_isdigit (id[i]))
      digits++;
  if (digits < 15)
    return g_strdup (id);

  while (prefix < len && g_ascii_isalpha (id[prefix]))
    prefix++;
  out = g_string_new_len (id, MIN (prefix + 4, len));
  for (i = prefix + 4; i + 4 < len; i++)
    g_string_append_c (out, '*');
  if (len >= prefix + 8)
    g_string_append (out, id + len - 4);
  return g_string_free (out, FALSE);
}
