/* vireo-test-page.h: a console window with its page, shown, for the tests of the console
 * page (test-console-page-serial, test-viewer)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-console-window.h"

G_BEGIN_DECLS

typedef struct {
    VireoConsoleWindow *window;
    VireoConsolePage   *page;
    gboolean            first_frame;  /* the page emitted ::first-frame */
} VireoTestPage;

/* A new console window (no application), 800×600, shown. */
void vireo_test_page_init  (VireoTestPage *h);
/* Destroys the window and serves the main context a little so that it goes. */
void vireo_test_page_clear (VireoTestPage *h);

G_END_DECLS
