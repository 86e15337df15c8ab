/* dabiao-age.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dabiao-age.h"
#include "dabiao-error.h"
#include "dabiao-standard-private.h"

gboolean
dabiao_date_parse (const char  *text,
                   GDate       *date,
                   GError     **error)
{
  g_autofree char *norm = NULL;
  guint n[3] = { 0, };
  guint digits[3] = { 0, };
  guint field = 0;
  const char *p;

  g_return_val_if_fail (text != NULL && date != NULL, FALSE);

  norm = dabiao_text_normalize (text, TRUE);
  g_date_clear (date, 1);

  if (strlen (norm) == 8 && strspn (norm, "0123456789") == 8)
    {
      /* 20010304 */
      n[0] = (norm[0] - '0') * 1000 + (norm[1] - '0') * 100 + (norm[2] - '0') * 10 + (norm[3] - '0');
      n[1] = (norm[4] - '0') * 10 + (norm[5] - '0');
      n[2] = (norm[6] - '0') * 10 + (norm[7] - '0');
      digits[0] = 4, digits[1] = digits[2] = 2;
      field = 2;
    }
  else
    {
      for (p = norm; *p != '\0'; )
        {
          if (*p >= '0' && *p <= '9')
            {
              if (digits[field] >= 4)
                goto bad;
              n[field] = n[field] * 10 + (*p - '0');
              digits[field]++;
              p++;
            }
          else if (digits[field] > 0 && field < 2 &&
                   (*p == '-' || *p == '/' || *p == '.' ||
                    (field == 0 && g_str_has_prefix (p, "年")) ||
                    (field == 1 && g_str_has_prefix (p, "月"))))
            {
              field++;
              p = g_utf8_next_char (p);
            }
          else if (field == 2 && digits[2] > 0 && g_str_equal (p, "日"))
            break;
          else
            goto bad;
        }
    }

  if (field != 2 || digits[0] != 4 || digits[1] == 0 || digits[2] == 0 || digits[1] > 2 || digits[2] > 2 ||
      !g_date_valid_dmy (n[2], n[1], n[0]) || n[0] < 1900)
    goto bad;

  g_date_set_dmy (date, n[2], n[1], n[0]);
  return TRUE;

bad:
  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
               _("“%s” is not a date; expected year-month-day, such as 2001-03-04"), text);
  return FALSE;
}

int
dabiao_age_in_months (const GDate *birth,
                      const GDate *on)
{
  int months;
  guint birth_day, days_in_month;

  g_return_val_if_fail (g_date_valid (birth) && g_date_valid (on), -1);

  if (g_date_compare (on, birth) < 0)
    return -1;

  months = ((int) g_date_get_year (on) - (int) g_date_get_year (birth)) * 12 +
           ((int) g_date_get_month (on) - (int) g_date_get_month (birth));
  birth_day = g_date_get_day (birth);
  days_in_month = g_date_get_days_in_month (g_date_get_month (on), g_date_get_year (on));
  if (g_date_get_day (on) < MIN (birth_day, days_in_month))
    months--;
  return months;
}

gboolean
dabiao_age_parse_years (const char  *text,
                        int         *months,
                        GError     **error)
{
  g_autofree char *norm = dabiao_text_normalize (text, TRUE);
  gint64 v;
  gsize len = strlen (norm);

  /* "20岁", "3.5周岁" */
  if (g_str_has_suffix (norm, "周岁"))
    norm[len - strlen ("周岁")] = '\0';
  else if (g_str_has_suffix (norm, "岁"))
    norm[len - strlen ("岁")] = '\0';

  if (!dabiao_value_parse_decimal (norm, &v) || v < 0 || v > 150 * DABIAO_VALUE_SCALE)
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("“%s” is not an age in years (such as 35, or 3.5 for young children)"), text);
      return FALSE;
    }
  *months = (int) (v * 12 / DABIAO_VALUE_SCALE);
  return TRUE;
}

/* The age group for @months, with the message every caller shows. */
static const DabiaoGroup *
group_for_months (DabiaoStandard  *self,
                  int              months,
                  GError         **error)
{
  const DabiaoGroup *group = dabiao_standard_find_group_for_age (self, months, NULL);

  if (group == NULL)
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                 _("年龄: %d years %d months is outside every age group of %s; not scored"),
                 months / 12, months % 12, dabiao_standard_get_name (self));
  return group;
}

const DabiaoGroup *
dabiao_standard_find_group_for_person (DabiaoStandard  *self,
                                       const char      *age_years,
                                       const char      *birth,
                                       const char      *test_date,
                                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  int months;

  g_return_val_if_fail (self != NULL, NULL);

  if (birth != NULL && *birth != '\0')
    {
      GDate b, t;

      if (!dabiao_date_parse (birth, &b, &local_error))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, "出生日期：%s", local_error->message);
          return NULL;
        }
      if (test_date == NULL || *test_date == '\0')
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("测试日期: the test date is missing; the age is counted from 出生日期 to the test date (give a 测试日期 column or --test-date)"));
          return NULL;
        }
      if (!dabiao_date_parse (test_date, &t, &local_error))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, "测试日期：%s", local_error->message);
          return NULL;
        }
      months = dabiao_age_in_months (&b, &t);
      if (months < 0)
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                       _("出生日期: %s is after the test date %s"), birth, test_date);
          return NULL;
        }
    }
  else if (age_years != NULL && *age_years != '\0')
    {
      if (!dabiao_age_parse_years (age_years, &months, &local_error))
        {
          g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, "年龄：%s", local_error->message);
          return NULL;
        }
    }
  else
    {
      g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
                   _("年龄: there is neither an age nor a birth date (出生日期)"));
      return NULL;
    }

  return group_for_months (self, months, error);
}

/* Prefixes @message with the participant's id, when known. */
static void
set_participant_error (GError     **error,
                       const char  *who,
                       const char  *message)
{
  if (who != NULL && *who != '\0')
    /* Translators: a participant's id, then what is wrong */
    g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, _("Participant %s: %s"), who, message);
  else
    g_set_error_literal (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT, message);
}

const DabiaoGroup *
dabiao_standard_find_participant_group (DabiaoStandard  *self,
                                        const char      *who,
                                        const char      *grade,
                                        const GDate     *birth,
                                        const GDate     *test_date,
                                        GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;
  const DabiaoGroup *group;
  int months;

  g_return_val_if_fail (self != NULL, NULL);

  if (dabiao_standard_get_group_by (self) == DABIAO_GROUP_BY_GRADE)
    {
      if (grade == NULL || *grade == '\0' || g_str_equal (grade, "0"))
        {
          message = g_strdup_printf (_("no grade (年级编号) is given, so no group of %s can be found"),
                                     dabiao_standard_get_name (self));
          set_participant_error (error, who, message);
          return NULL;
        }
      group = dabiao_standard_find_group (self, grade, &local_error);
      if (group == NULL)
        set_participant_error (error, who, local_error->message);
      return group;
    }

  if (birth == NULL || !g_date_valid (birth))
    {
      set_participant_error (error, who, _("the birth date (出生日期) is empty, so no age group can be found"));
      return NULL;
    }
  if (test_date == NULL || !g_date_valid (test_date))
    {
      set_participant_error (error, who, _("the test date is missing, so the age cannot be counted"));
      return NULL;
    }
  months = dabiao_age_in_months (birth, test_date);
  if (months < 0)
    {
      char b[16], t[16];

      g_date_strftime (b, sizeof b, "%Y-%m-%d", birth);
      g_date_strftime (t, sizeof t, "%Y-%m-%d", test_date);
      message = g_strdup_printf (_("the birth date %s is after the test date %s"), b, t);
      set_participant_error (error, who, message);
      return NULL;
    }
  group = group_for_months (self, months, &local_error);
  if (group == NULL)
    set_participant_error (error, who, local_error->message);
  return group;
}

const DabiaoGroup *
dabiao_standard_find_participant_group_text (DabiaoStandard  *self,
                                             const char      *who,
                                             const char      *grade,
                                             const char      *birth,
                                             const char      *test_date,
                                             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  GDate b, t;

  g_return_val_if_fail (self != NULL, NULL);

  g_date_clear (&b, 1);
  g_date_clear (&t, 1);
  if (dabiao_standard_get_group_by (self) == DABIAO_GROUP_BY_AGE)
    {
      if (birth != NULL && *birth != '\0' && !dabiao_date_parse (birth, &b, &local_error))
        {
          g_autofree char *message = g_strdup_printf ("出生日期：%s", local_error->message);

          set_participant_error (error, who, message);
          return NULL;
        }
      if (test_date != NULL && *test_date != '\0' && !dabiao_date_parse (test_date, &t, &local_error))
        {
          g_autofree char *message = g_strdup_printf ("测试日期：%s", local_error->message);

          set_participant_error (error, who, message);
          return NULL;
        }
    }
  return dabiao_standard_find_participant_group (self, who, grade, &b, &t, error);
}

gboolean
dabiao_group_check_parts (const DabiaoGroup   *group,
                          const char * const  *parts,
                          GError             **error)
{
  g_autofree char *named = NULL;

  g_return_val_if_fail (group != NULL, FALSE);

  if (parts == NULL || parts[0] == NULL || group->part == NULL || group->part[0] == '\0'
      || g_strv_contains (parts, group->part))
    return TRUE;
  named = g_strjoinv ("、", (char **) parts);
  g_set_error (error, DABIAO_ERROR, DABIAO_ERROR_INVALID_INPUT,
               /* Translators: the age group (60～64岁组), its part (老年), the event's parts (成年甲组、成年乙组) */
               _("%s (%s) is outside the age parts this event tests (%s)"),
               group->label, group->part, named);
  return FALSE;
}
