/* dabiao-exit-desk.h: the exit desk (发证) of a public test day
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-event.h"
#include "dabiao-export.h"
#include "dabiao-results.h"

G_BEGIN_DECLS

/* Where each person stands at the way out: the results so far, what is
 * still missing, the level reached, and the certificate (issued or not).
 * The certificate itself is issued by dabiao_export_run() (or printed
 * through dabiao_export_pages_*) with the request of
 * dabiao_exit_desk_request_new(): the one certificate lifecycle of
 * `dabiao-cli export certificates --participant ID`. */

typedef enum
{
  DABIAO_EXIT_NOT_FINISHED,  /* items still to be measured (or not scorable) */
  DABIAO_EXIT_EXEMPT,        /* 免测 */
  DABIAO_EXIT_BELOW_LEVEL,   /* finished, below the certificate's minimum level */
  DABIAO_EXIT_PENDING,       /* 待发证: earned, not issued */
  DABIAO_EXIT_ISSUED,        /* has its certificate */
} DabiaoExitState;

typedef struct
{
  DabiaoResultsPerson *person;       /* owned by the desk */
  DabiaoExitState      state;
  char                *missing;      /* items without a result, 、-separated; "" when none */
  char                *certificate;  /* the number issued, or NULL */
  guint                reissues;     /* 补发 so far */
} DabiaoExitEntry;

typedef struct
{
  GPtrArray *entries;    /* DabiaoExitEntry*, in the roster's order */
  char      *min_level;  /* the lowest level that earns a certificate (the template's) */
  gboolean   no_issuer;  /* neither the template nor 活动信息 names the issuer (主办单位):
                          * no certificate can be issued until it is entered */
  GHashTable *merged;    /* 编号 merged into another (B0005 → A0001; dabiao_event_list_merged_ids()) */
} DabiaoExitDesk;

/* Reads the event (results, certificate register, template); on the
 * event's worker. */
DabiaoExitDesk        *dabiao_exit_desk_load   (DabiaoEvent     *event,
                                                GError         **error);
void                   dabiao_exit_desk_free   (DabiaoExitDesk  *desk);
/* The entry of @id (the 编号 or 学籍号 a badge's code gives), or NULL. */
const DabiaoExitEntry *dabiao_exit_desk_find   (const DabiaoExitDesk *desk,
                                                const char           *id);
/* The entry a merged 编号 leads to (a second desk's badge of the same
 * person, findings-15b #1), or NULL when @id was not merged. */
const DabiaoExitEntry *dabiao_exit_desk_find_merged (const DabiaoExitDesk *desk,
                                                     const char           *id);
/* 待发证: entries in state PENDING (element type DabiaoExitEntry, not owned). */
GPtrArray             *dabiao_exit_desk_pending (const DabiaoExitDesk *desk);
/* One sentence for a person: the state, with the level and what is missing. */
char                  *dabiao_exit_entry_describe (const DabiaoExitEntry *entry,
                                                   const char            *min_level);

/* The certificate of @id alone into @output (NULL when printing), marked
 * 补发 when @reissue and it was issued before. */
DabiaoExportRequest   *dabiao_exit_desk_request_new (const char *id,
                                                     const char *output,
                                                     gboolean    reissue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoExitDesk, dabiao_exit_desk_free)

G_END_DECLS
