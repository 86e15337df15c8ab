/* dabiao-event-register.h: walk-ins registered at a desk
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-event.h"

G_BEGIN_DECLS

/* A public 达标测验 day has no roster: people register at a desk, from
 * their 身份证 (read by a card reader or typed), or with birth date and sex
 * when they have none.  Each walk-in gets a short 编号 for the badge and the
 * stations: the desk's code and a number, "A0001", so that several desks
 * registering at once never hand out the same 编号 and their files merge
 * (each desk counts its own).  The same 身份证 registering again finds the
 * participant already there and changes nothing. */

typedef struct
{
  const char *id_card;       /* 公民身份号码; NULL or "" without one */
  const char *name;          /* required */
  const char *birth_date;    /* YYYY-MM-DD; required without an id card */
  guint       sex;           /* 1 男, 2 女; required without an id card */
  const char *ethnicity;     /* 民族: name (汉, 汉族) or GB/T 3304 code, nullable; stored as the code */
  const char *address;       /* nullable */
  const char *organization;  /* 单位, nullable */
  const char *phone;         /* nullable */
} DabiaoWalkIn;

typedef struct
{
  char     *id;        /* the 编号 given (or found) */
  gboolean  existing;  /* the card was registered before: nothing changed */
  char     *name;      /* as registered (for an existing one: its name then) */
} DabiaoRegistration;

void dabiao_registration_free (DabiaoRegistration *registration);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoRegistration, dabiao_registration_free)

/* A desk code: one to four capital letters or digits, starting with a
 * letter ("A", "B2").  FALSE with a message otherwise. */
gboolean dabiao_desk_code_check (const char  *desk,
                                 GError     **error);

/* Validates @walk_in (the id card's check character, a real birth date not
 * in the future, an area code that exists; or birth date and sex) and adds
 * the participant with the next 编号 of @desk, audited — or returns the
 * participant who registered with the same id card before.  Nothing is
 * written when validation fails. */
DabiaoRegistration *dabiao_event_register         (DabiaoEvent         *self,
                                                   const DabiaoWalkIn  *walk_in,
                                                   const char          *desk,
                                                   GError             **error);
void                dabiao_event_register_async   (DabiaoEvent         *self,
                                                   const DabiaoWalkIn  *walk_in,
                                                   const char          *desk,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
DabiaoRegistration *dabiao_event_register_finish  (DabiaoEvent         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Identity numbers shown or written whole (a 显示完整证件号 toggle, an
 * export with them in full): an audit row "full-id" naming @where (the
 * page, or the file written) and @reason (nullable: the one the person
 * gave, "WHERE: REASON") — never the numbers.  Needs a writable event;
 * the caller shows nothing whole when this fails. */
gboolean dabiao_event_note_full_ids (DabiaoEvent  *self,
                                     const char   *where,
                                     const char   *reason,
                                     GError      **error);

/* After a merge, a person registered at two desks (the same 身份证 under
 * A0001 here and B0005 there, nothing recorded under B0005) stays once, as
 * A0001; the merge keeps "B0005 was merged into A0001" in the event file
 * (the setting "merged.B0005" = "A0001": it travels, merges and is
 * row-hashed like every setting), so that the B0005 badge still works at
 * the stations and the exit desk (docs/decisions/0210). */
#define DABIAO_MERGED_PREFIX "merged."

/* Every merged 编号 that is no participant's own, mapped to the 编号 it
 * leads to now (following later merges): char * → char *, both owned. */
GHashTable *dabiao_event_list_merged_ids   (DabiaoEvent  *self,
                                            GError      **error);
/* The participant @id names: @id itself when someone has it, else the one
 * it was merged into (@merged set), else NULL without an error. */
char       *dabiao_event_resolve_merged_id (DabiaoEvent  *self,
                                            const char   *id,
                                            gboolean     *merged,
                                            GError      **error);

G_END_DECLS
