/* vireo-test-page.c: a console window with its page, shown, for the console page tests
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vireo-test-display.h"
#include "vireo-test-page.h"

static void
first_frame_cb (VireoConsolePage *page,
                VireoTestPage    *h)
{
    h->first_frame = TRUE;
}

void
vireo_test_page_init (VireoTestPage *h)
{
    memset (h, 0, sizeof *h);
    h->window = vireo_console_window_new (NULL);
    h->page = vireo_console_window_get_page (h->window);
    gtk_window_set_default_size (GTK_WINDOW (h->window), 800, 600);
    g_signal_connect (h->page, "first-frame", G_CALLBACK (first_frame_cb), h);
    gtk_widget_show (GTK_WIDGET (h->window));
}

void
vireo_test_page_clear (VireoTestPage *h)
{
    g_signal_handlers_disconnect_by_data (h->page, h);
    gtk_widget_destroy (GTK_WIDGET (h->window));
    vireo_test_spin (200);
}
