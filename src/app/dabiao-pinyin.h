/* dabiao-pinyin.h
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DabiaoPinyin DabiaoPinyin;

DabiaoPinyin *dabiao_pinyin_new      (void);
void          dabiao_pinyin_free     (DabiaoPinyin *self);
char         *dabiao_pinyin_initials (DabiaoPinyin *self,
                                      const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DabiaoPinyin, dabiao_pinyin_free)

G_END_DECLS
