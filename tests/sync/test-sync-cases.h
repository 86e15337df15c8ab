/* test-sync-cases.h — the server's tests, run by test-sync beside the sync
 * tests so that they share one PostgreSQL cluster.
 *
 * Copyright 2026 The Dabiao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dabiao-test-pg.h"

void dabiao_test_server_add_cases (DabiaoTestPg *cluster);
