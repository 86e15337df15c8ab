/* dabiao-register-page.h: the 登记 page of a public test day
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dabiao-event-register.h"
#include "dabiao-id-card.h"
#include "dabiao-standard.h"

G_BEGIN_DECLS

#define DABIAO_TYPE_REGISTER_PAGE (dabiao_register_page_get_type ())

G_DECLARE_FINAL_TYPE (DabiaoRegisterPage, dabiao_register_page, DABIAO, REGISTER_PAGE, AdwBin)

/* The form of a registration desk: 身份证号 (typed, scanned by a keyboard
 * reader, or filled from a card laid on the reader), 姓名, 性别, 出生日期,
 * 民族, 单位, 手机; the age group the event's standard puts the person in
 * (or why none) as soon as the birth date is known; the desk's code; the
 * people registered here.  Cards read while the form is in use wait in a
 * queue.  ::register asks the window to register what the form holds;
 * ::change-desk to choose this computer's desk code. */

/* @parts: the age parts the event tests (NULL: all). */
void        dabiao_register_page_set_standard (DabiaoRegisterPage *self,
                                               DabiaoStandard     *standard,
                                               const char         *test_date,
                                               const char * const *parts);
/* Why the person in the form cannot be scored in this event (an age
 * outside every group, or in a part the event does not test), or NULL. */
const char *dabiao_register_page_get_group_problem (DabiaoRegisterPage *self);
/* This computer's desk code; @chosen: chosen by a person (not the
 * default, which is asked for at the first registration). */
void        dabiao_register_page_set_desk     (DabiaoRegisterPage *self,
                                               const char         *desk,
                                               gboolean            chosen);
const char *dabiao_register_page_get_desk     (DabiaoRegisterPage *self);
gboolean    dabiao_register_page_get_desk_chosen (DabiaoRegisterPage *self);
/* How the card reader's state is shown: plain, as a problem (red), or
 * connected (green). */
typedef enum
{
  DABIAO_READER_SAID_PLAIN,
  DABIAO_READER_SAID_PROBLEM,
  DABIAO_READER_SAID_CONNECTED,
} DabiaoReaderSaid;

/* The card reader's state, as a sentence. */
void        dabiao_register_page_set_reader   (DabiaoRegisterPage *self,
                                               const char         *text,
                                               DabiaoReaderSaid    said);
/* A card read by the reader: fills the form, or waits until the form is
 * free. */
void        dabiao_register_page_add_card     (DabiaoRegisterPage *self,
                                               const DabiaoIdCard *card);
/* What the form holds; the strings belong to the page and change with it. */
void        dabiao_register_page_get_walk_in  (DabiaoRegisterPage *self,
                                               DabiaoWalkIn       *walk_in);
void        dabiao_register_page_set_busy     (DabiaoRegisterPage *self,
                                               gboolean            busy);
/* A registration done: listed, the form cleared for the next card. */
void        dabiao_register_page_registered   (DabiaoRegisterPage       *self,
                                               const DabiaoRegistration *registration,
                                               const char               *message);
/* The badge of @id was printed (@where: the PDF, or NULL for the printer)
 * or not (@error). */
void        dabiao_register_page_badge_done   (DabiaoRegisterPage *self,
                                               const char         *id,
                                               const char         *where,
                                               const char         *error);
/* A registration refused: the form keeps what it holds. */
void        dabiao_register_page_show_error   (DabiaoRegisterPage *self,
                                               const char         *message);
guint       dabiao_register_page_get_n_registered (DabiaoRegisterPage *self);
guint       dabiao_register_page_get_n_waiting    (DabiaoRegisterPage *self);

G_END_DECLS
