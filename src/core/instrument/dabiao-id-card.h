/* dabiao-id-card.h: the 二代证 (second-generation resident identity card)
 * as a reader's security module (SAM) hands it over a serial port
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "dabiao-codes.h"  /* 民族: dabiao_nation_name (), dabiao_nation_code () */

G_BEGIN_DECLS

/* The machine-readable text of a card: the 256-byte block a SAM returns for
 * "read text and photo" (command 0x30 0x01), UCS-2 little-endian, fields
 * padded with spaces.  data/instruments/README.md names the sources. */
#define DABIAO_ID_CARD_TEXT_SIZE 256

typedef struct
{
  char *name;        /* 姓名 */
  char *sex_code;    /* 性别代码 (GB/T 2261.1): "1" 男, "2" 女, "0" 未知, "9" 未说明 */
  char *nation_code; /* 民族代码 (GB/T 3304): "01" 汉 … "56" 基诺 */
  char *birth;       /* 出生, YYYYMMDD */
  char *address;     /* 住址 */
  char *number;      /* 公民身份号码, 18 characters */
  char *authority;   /* 签发机关 */
  char *valid_from;  /* 有效期限 start, YYYYMMDD */
  char *valid_to;    /* end, YYYYMMDD or 长期 */
} DabiaoIdCard;

DabiaoIdCard *dabiao_id_card_new_from_text (const guint8       *text,
                                            gsize               len,
                                            GError            **error);
/* The 256-byte block for @card (dabiao-sim plays a reader with it).  Fields
 * longer than their space are cut. */
GBytes       *dabiao_id_card_to_text       (const DabiaoIdCard *card);
DabiaoIdCard *dabiao_id_card_copy          (const DabiaoIdCard *card);
void          dabiao_id_card_free          (DabiaoIdCard       *card);
/* "张三 男 2008-05-01 110101200805011234": the line `dabiao-cli listen
 * --profile id-card` prints for a card. */
char         *dabiao_id_card_to_string     (const DabiaoIdCard *card);


/* Frames of the SAM interface: AA AA AA 96 69, a two-byte big-endian length
 * of what follows, then (host → SAM) command and parameter, or (SAM → host)
 * the status words SW1 SW2 SW3 and data; last an XOR over the length and
 * everything after it. */
#define DABIAO_SAM_CMD_FIND    0x20  /* parameter 0x01: find a card */
#define DABIAO_SAM_CMD_SELECT  0x20  /* parameter 0x02: select it */
#define DABIAO_SAM_CMD_READ    0x30  /* parameter 0x01: read text and photo */
#define DABIAO_SAM_PARA_FIND   0x01
#define DABIAO_SAM_PARA_SELECT 0x02
#define DABIAO_SAM_PARA_READ   0x01

#define DABIAO_SAM_OK          0x90  /* SW3: done */
#define DABIAO_SAM_FOUND       0x9F  /* SW3: a card was found */
#define DABIAO_SAM_NO_CARD     0x80  /* SW3: find failed: no card on the reader */
#define DABIAO_SAM_SELECT_FAIL 0x81  /* SW3: select failed (the card was moved) */
#define DABIAO_SAM_READ_FAIL   0x41  /* SW3: read failed */

GBytes       *dabiao_sam_command           (guint8        cmd,
                                            guint8        para);
GBytes       *dabiao_sam_answer            (guint8        sw3,
                                            const guint8 *data,
                                            gsize         len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoIdCard, dabiao_id_card_free)

G_END_DECLS
