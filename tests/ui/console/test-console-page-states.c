/* test-console-page-states.c: the console page's states, driven by a console source the
 * test controls
 *
 * The source here is the test's own: it says whether the guest runs ("available") when
 * the test says so, lists one text console, and fails to open it, as a domain's console
 * does when its QEMU has just been killed.  The orders in which a dying guest's events
 * reach the page differ with the machine's load; each order must end in the same state.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gtk/gtk.h>

#include "vireo-console-page.h"

#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, GObject)

struct _TestSource {
    GObject  parent_instance;
    gboolean available;
    guint    n_lists;
    guint    n_opens;
};

enum { PROP_0, PROP_TITLE, PROP_AVAILABLE };

static void test_source_iface_init (VireoConsoleSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSource, test_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_CONSOLE_SOURCE,
                                                      test_source_iface_init))

static const char *
source_get_title (VireoConsoleSource *source)
{
    return "states";
}

static gboolean
source_get_available (VireoConsoleSource *source)
{
    return TEST_SOURCE (source)->available;
}

static void
source_list_consoles_async (VireoConsoleSource  *source,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
    g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
    GPtrArray *consoles = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vireo_console_target_free);

    TEST_SOURCE (source)->n_lists++;
    g_ptr_array_add (consoles, vireo_console_target_new ("serial0", "Serial 1", TRUE));
    g_task_return_pointer (task, consoles, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
source_list_consoles_finish (VireoConsoleSource  *source,
                             GAsyncResult        *result,
                             GError             **error)
{
    return g_task_propagate_pointer (G_TASK (result), error);
}

/* Like a console whose QEMU is gone: the open fails. */
static void
source_open_display_async (VireoConsoleSource  *source,
                           const char          *console,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
    g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

    TEST_SOURCE (source)->n_opens++;
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                             "the guest's console closed");
}

static VireoDisplay *
source_open_display_finish (VireoConsoleSource  *source,
                            GAsyncResult        *result,
                            GError             **error)
{
    return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
source_get_password_key (VireoConsoleSource *source,
                         VireoPasswordKey   *key)
{
    return FALSE;
}

static char *
source_dup_clipboard_key (VireoConsoleSource *source)
{
    return NULL;
}

static char *
source_describe (VireoConsoleSource *source)
{
    return g_strdup ("a test source");
}

static void
test_source_iface_init (VireoConsoleSourceInterface *iface)
{
    iface->get_title = source_get_title;
    iface->get_available = source_get_available;
    iface->list_consoles_async = source_list_consoles_async;
    iface->list_consoles_finish = source_list_consoles_finish;
    iface->open_display_async = source_open_display_async;
    iface->open_display_finish = source_open_display_finish;
    iface->get_password_key = source_get_password_key;
    iface->dup_clipboard_key = source_dup_clipboard_key;
    iface->describe = source_describe;
}

static void
test_source_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
    switch (prop_id) {
    case PROP_TITLE:
        g_value_set_string (value, "states");
        break;
    case PROP_AVAILABLE:
        g_value_set_boolean (value, TEST_SOURCE (object)->available);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_source_class_init (TestSourceClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->get_property = test_source_get_property;
    g_object_class_override_property (object_class, PROP_TITLE, "title");
    g_object_class_override_property (object_class, PROP_AVAILABLE, "available");
}

static void
test_source_init (TestSource *self)
{
}

static void
set_available (TestSource *source,
               gboolean    available)
{
    source->available = available;
    g_object_notify (G_OBJECT (source), "available");
}

/* Runs the main loop until the page leaves the states it passes through. */
static void
settle (VireoConsolePage *page)
{
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (g_get_monotonic_time () < deadline &&
           (vireo_console_page_get_state (page) == VIREO_CONSOLE_STATE_CONNECTING ||
            g_main_context_pending (NULL)))
        g_main_context_iteration (NULL, FALSE);
}

typedef struct {
    GtkWidget        *window;
    VireoConsolePage *page;
    TestSource       *source;
} Fixture;

static void
fixture_setup (Fixture      *fx,
               gconstpointer data)
{
    fx->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    fx->page = vireo_console_page_new ();
    gtk_container_add (GTK_CONTAINER (fx->window), GTK_WIDGET (fx->page));
    vireo_console_page_set_wait (fx->page, TRUE);
    vireo_console_page_set_auto_reconnect (fx->page, TRUE);
    fx->source = g_object_new (TEST_TYPE_SOURCE, NULL);
    fx->source->available = TRUE;
    gtk_widget_show_all (fx->window);
}

static void
fixture_teardown (Fixture      *fx,
                  gconstpointer data)
{
    gtk_widget_destroy (fx->window);
    g_object_unref (fx->source);
}

/* The guest's console closed and the page's try to connect again failed before the
 * guest's stop arrived: the stop still makes the page wait, and the guest's next start
 * makes it connect again by itself. */
static void
test_failure_then_stop (Fixture      *fx,
                        gconstpointer data)
{
    vireo_console_page_open_source (fx->page, VIREO_CONSOLE_SOURCE (fx->source));
    settle (fx->page);
    g_assert_cmpint (vireo_console_page_get_state (fx->page), ==,
                     VIREO_CONSOLE_STATE_DISCONNECTED);
    g_assert_cmpuint (fx->source->n_opens, ==, 1);

    set_available (fx->source, FALSE);
    settle (fx->page);
    g_assert_cmpint (vireo_console_page_get_state (fx->page), ==, VIREO_CONSOLE_STATE_WAITING);
    g_assert_cmpstr (vireo_console_page_get_status_title (fx->page), ==,
                     "Waiting for the guest to start");
    g_assert_cmpstr (vireo_console_page_get_status_detail (fx->page), ==,
                     "The console will connect again when the virtual machine runs.");
    g_assert_cmpuint (fx->source->n_opens, ==, 1);

    set_available (fx->source, TRUE);
    settle (fx->page);
    g_assert_cmpuint (fx->source->n_lists, ==, 2);
    g_assert_cmpuint (fx->source->n_opens, ==, 2);
}

/* A failure to connect while the guest keeps running stays on screen: nothing retries
 * by itself until the guest stops or starts. */
static void
test_failure_stays (Fixture      *fx,
                    gconstpointer data)
{
    vireo_console_page_open_source (fx->page, VIREO_CONSOLE_SOURCE (fx->source));
    settle (fx->page);
    g_assert_cmpint (vireo_console_page_get_state (fx->page), ==,
                     VIREO_CONSOLE_STATE_DISCONNECTED);
    g_assert_cmpstr (vireo_console_page_get_status_title (fx->page), ==, "Could not connect");
    g_assert_cmpstr (vireo_console_page_get_status_detail (fx->page), ==,
                     "the guest's console closed");
    settle (fx->page);
    g_assert_cmpuint (fx->source->n_opens, ==, 1);
}

/* Without connecting again, a stop after a failure keeps the failure (and its Reconnect
 * button): the viewer run without --reconnect. */
static void
test_failure_no_reconnect (Fixture      *fx,
                           gconstpointer data)
{
    vireo_console_page_set_auto_reconnect (fx->page, FALSE);
    vireo_console_page_open_source (fx->page, VIREO_CONSOLE_SOURCE (fx->source));
    settle (fx->page);
    g_assert_cmpint (vireo_console_page_get_state (fx->page), ==,
                     VIREO_CONSOLE_STATE_DISCONNECTED);
    set_available (fx->source, FALSE);
    settle (fx->page);
    g_assert_cmpint (vireo_console_page_get_state (fx->page), ==,
                     VIREO_CONSOLE_STATE_DISCONNECTED);
    g_assert_cmpstr (vireo_console_page_get_status_title (fx->page), ==, "Could not connect");
    set_available (fx->source, TRUE);
    settle (fx->page);
    g_assert_cmpuint (fx->source->n_opens, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
    g_setenv ("LANGUAGE", "C", TRUE);
    gtk_test_init (&argc, &argv, NULL);
    g_test_add ("/console-page/failure-then-stop", Fixture, NULL, fixture_setup,
                test_failure_then_stop, fixture_teardown);
    g_test_add ("/console-page/failure-stays", Fixture, NULL, fixture_setup,
                test_failure_stays, fixture_teardown);
    g_test_add ("/console-page/failure-no-reconnect", Fixture, NULL, fixture_setup,
                test_failure_no_reconnect, fixture_teardown);
    return g_test_run ();
}
