/* test-viewer-private.h: what test-viewer.c shares with test-viewer-binary.c
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-console-page.h"
#include "vireo-display.h"
#include "vireo-test-display.h"

#define GRUB_ISO VIREO_TEST_GRUB_ISO
#define PASSWORD "Viewer-Secret-5521"
#define WRONG_PASSWORD "Wrong-Secret-0042"
#define CONNECT_TIMEOUT_MS 40000
#define VIEWER_TIMEOUT_MS 60000
#define DOMAIN_NAME "vireo-viewer-test"

/* A folder of the test's own, removed at its end. */
extern char *tmp_dir;

/* The QEMU guests on loopback ports, started on first use. */
VireoTestGuest *get_plain_guest (void);
VireoTestGuest *get_password_guest (void);

void check_guest_screen (VireoDisplay *display,
                         const char   *tag);
gboolean wait_state (VireoConsolePage  *page,
                     VireoConsoleState  state,
                     guint              timeout_ms);

/* Adds the tests of the vireo-viewer binary (test-viewer-binary.c). */
void test_viewer_add_binary_tests (void);
