/* dabiao-age.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-standard.h"

G_BEGIN_DECLS

/* Ages for standards grouped by age (国民体质测定标准): from a birth date and
 * the test date, or from an age typed in years.  Pure functions. */

/* A date as people write it: 2001-03-04, 2001/3/4, 2001.3.4, 20010304,
 * 2001年3月4日 (full-width digits and stray spaces tolerated).  Fails with
 * DABIAO_ERROR_INVALID_INPUT and a message saying what was expected. */
gboolean            dabiao_date_parse                 (const char           *text,
                                                       GDate                *date,
                                                       GError              **error);

/* Completed months of age on @on for a person born on @birth: the birthday
 * itself counts (born 2000-05-10, on 2020-05-10: 240).  Born on the 29th–31st,
 * the monthly anniversary in a shorter month is its last day.  -1 when @on
 * is before @birth. */
int                 dabiao_age_in_months              (const GDate          *birth,
                                                       const GDate          *on);

/* An age typed in years ("20", "3.5", "３．５岁") in whole months (3.5 → 42,
 * truncated: 3.99 → 47).  Fails for text that is not an age from 0 to 150. */
gboolean            dabiao_age_parse_years            (const char           *text,
                                                       int                  *months,
                                                       GError              **error);

/* The group of a person of an age-banded standard, from a birth date and the
 * test date (both as typed) or, when @birth is NULL or empty, an age in
 * years.  Fails with a message a person can act on (which value is wrong,
 * or that the age lies outside every part of the standard). */
const DabiaoGroup  *dabiao_standard_find_group_for_person (DabiaoStandard   *self,
                                                           const char       *age_years,
                                                           const char       *birth,
                                                           const char       *test_date,
                                                           GError          **error);

/* The group a participant is scored in, for either kind of standard — the
 * one place the program maps a person to a group:
 *  - grade-banded standards: @grade (年级编号, "21") through
 *    dabiao_standard_find_group();
 *  - age-banded standards: completed months from @birth to @test_date
 *    (dabiao_age_in_months(): the birthday counts; born on the 29th–31st, a
 *    short month's last day is the monthly anniversary) through
 *    dabiao_standard_find_group_for_age().
 * @who (nullable) names the participant (their id) in messages.  @birth and
 * @test_date may be NULL or cleared (invalid) when unknown; @grade may be
 * NULL or "" (or "0") when unknown.  Fails with DABIAO_ERROR_INVALID_INPUT
 * and a message saying what is missing or wrong (出生日期为空，无法按年龄分组 …). */
const DabiaoGroup  *dabiao_standard_find_participant_group (DabiaoStandard  *self,
                                                            const char      *who,
                                                            const char      *grade,
                                                            const GDate     *birth,
                                                            const GDate     *test_date,
                                                            GError         **error);
/* The same with the dates as text (出生日期 as typed or stored, the event's
 * test date); NULL or "" when unknown. */
const DabiaoGroup  *dabiao_standard_find_participant_group_text (DabiaoStandard  *self,
                                                                 const char      *who,
                                                                 const char      *grade,
                                                                 const char      *birth,
                                                                 const char      *test_date,
                                                                 GError         **error);
/* Whether an event testing @parts (成年甲组、成年乙组; NULL or empty: every
 * part of the standard) scores @group: FALSE with a message naming the
 * group, its part and the event's parts (findings-15b #2: a 61-year-old
 * in an adults-only event was scored with the 老年 tables). */
gboolean            dabiao_group_check_parts (const DabiaoGroup   *group,
                                              const char * const  *parts,
                                              GError             **error);

G_END_DECLS
