/* dabiao-event-details.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-event.h"

G_BEGIN_DECLS

/* The event's details that its organiser owns and may change at any time:
 * 活动名称, 测试日期, 地点, 主办单位 (the issuing body printed on
 * certificates) and the schools of the event (学校代码 → 学校名称).
 *
 * Storage: name, date, place and organiser are the file's metadata (what
 * dabiao_event_get_name() … return) and, once changed, also the settings
 * "event.name", "event.date", "event.place", "event.organizer"; each school
 * is the setting "school.CODE" = its name (a removed school keeps its key
 * with a value that marks it removed).  Settings
 * travel with a merge (the value set last wins, key by key), so two
 * computers that each added schools keep both, and a merge brings a changed
 * name or date into the metadata too.  Every change is audited ("details").
 *
 * Participants point at their school through their 单位 (organization):
 * a student roster's 学校代码 column is stored there, and its 学校名称
 * column names the school in the event's list.  An organization that is
 * not a school code (adult rosters' 单位, a student roster with only a
 * 学校名称 column) is its own name. */

typedef struct
{
  char  *code;          /* 学校代码; NULL for an 单位 known only by name */
  char  *name;          /* 学校名称 (may be "" while only the code is known) */
  guint  participants;  /* participants whose 单位 is this school (filled by get) */
} DabiaoSchool;

DabiaoSchool *dabiao_school_new  (const char         *code,
                                  const char         *name);
DabiaoSchool *dabiao_school_copy (const DabiaoSchool *school);
void          dabiao_school_free (DabiaoSchool       *school);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoSchool, dabiao_school_free)

typedef struct
{
  char      *name;
  char      *date;        /* YYYY-MM-DD */
  char      *place;
  char      *organizer;
  /* DabiaoSchool: the schools with a code, by code; then (from get only)
   * the 单位 of participants that is no school code, by name, code NULL. */
  GPtrArray *schools;
  guint      certificates;  /* certificates issued (from get only) */
} DabiaoEventDetails;

DabiaoEventDetails *dabiao_event_details_new  (void);
DabiaoEventDetails *dabiao_event_details_copy (const DabiaoEventDetails *details);
void                dabiao_event_details_free (DabiaoEventDetails       *details);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoEventDetails, dabiao_event_details_free)

/* The school named @code in @details, or NULL. */
const DabiaoSchool *dabiao_event_details_find_school (const DabiaoEventDetails *details,
                                                      const char               *code);
/* What to print as the school of a participant whose 单位 is
 * @organization: the school's name when it is a school code with a name,
 * "" when it is a code without a name yet, else @organization itself. */
const char         *dabiao_event_details_school_name (const DabiaoEventDetails *details,
                                                      const char               *organization);

/* Checks a 学校代码 as the upload file needs it (it names a sheet): 1–31
 * characters, none of [ ] : * ? / \ and no spaces, tabs or '='.  The
 * message says what is wrong (the caller adds where). */
gboolean dabiao_school_code_check (const char  *code,
                                   GError     **error);

/* Pure check of @details as dabiao_event_set_details() does it: a name, a
 * valid date, school codes (dabiao_school_code_check) used once, school
 * names at most 100 characters.  Messages name the field or the school. */
gboolean dabiao_event_details_validate (const DabiaoEventDetails  *details,
                                        GError                   **error);

/* The current details, schools with their participant counts. */
DabiaoEventDetails *dabiao_event_get_details (DabiaoEvent  *self,
                                              GError      **error);
/* Make the event's details @details, in one transaction, audited field by
 * field.  Schools: those with a code in @details are the event's schools
 * afterwards (entries without a code are ignored: they come from the
 * roster); a school left out is removed, which is refused while a
 * participant belongs to it. */
gboolean            dabiao_event_set_details (DabiaoEvent               *self,
                                              const DabiaoEventDetails  *details,
                                              GError                   **error);
/* Add a school or rename it (@name "" keeps the code without a name). */
gboolean            dabiao_event_set_school  (DabiaoEvent               *self,
                                              const char                *code,
                                              const char                *name,
                                              GError                   **error);
/* Remove a school; refused while a participant belongs to it. */
gboolean            dabiao_event_remove_school (DabiaoEvent             *self,
                                                const char              *code,
                                                GError                 **error);

/* An item of the event's standard that the event lacks (forgotten when it
 * was created), by code, national number or name; @attempts 0: the
 * default.  It takes its place in the standard's order; audited; a merge
 * brings it to other copies. */
gboolean            dabiao_event_add_item      (DabiaoEvent             *self,
                                                const char              *code,
                                                guint                    attempts,
                                                GError                 **error);
/* Removes an item; refused once anything is recorded for it, while a
 * station measures it, and for the only item. */
gboolean            dabiao_event_remove_item   (DabiaoEvent             *self,
                                                const char              *code,
                                                GError                 **error);

/* Measurements recorded for the item @code (voided ones too); -1 on error. */
gint64              dabiao_event_count_item_measurements (DabiaoEvent  *self,
                                                          const char   *code,
                                                          GError      **error);

/* On the event's worker thread.  @details is copied. */
void                dabiao_event_get_details_async  (DabiaoEvent               *self,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data);
DabiaoEventDetails *dabiao_event_get_details_finish (DabiaoEvent               *self,
                                                     GAsyncResult              *result,
                                                     GError                   **error);
void                dabiao_event_set_details_async  (DabiaoEvent               *self,
                                                     const DabiaoEventDetails  *details,
                                                     GCancellable              *cancellable,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data);
gboolean            dabiao_event_set_details_finish (DabiaoEvent               *self,
                                                     GAsyncResult              *result,
                                                     GError                   **error);

G_END_DECLS
