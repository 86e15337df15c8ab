/* dabiao-error.c
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dabiao-error.h"

G_DEFINE_QUARK (dabiao-error-quark, dabiao_error)
