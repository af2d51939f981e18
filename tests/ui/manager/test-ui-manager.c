/* test-ui-manager.c: the manager window on a test-driver connection of 200 VMs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/gdkx.h>
#endif

#include "vireo-application.h"
#include "vireo-confirm-dialog.h"
#include "vireo-console-loader.h"
#include "vireo-console-page-domain.h"
#include "vireo-delete-dialog.h"
#include "vireo-domain-ops-util.h"
#include "vireo-frame-sync.h"
#include "vireo-manager-window.h"
#include "vireo-test-util.h"
#include "vireo-vm-window.h"

#define N_VMS 200

static struct {
    char               *tmpdir;
    char               *uri;
    VireoApplication   *app;
    VireoManagerWindow *window;
    VireoConnection    *connection;
    guint               n_draws;
} fixture;

static gboolean
wait_until (gboolean (*predicate) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (!predicate (data)) {
        if (g_get_monotonic_time () > deadline)
            return FALSE;
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
    return TRUE;
}

static char *
model_string (GtkTreeModel *model,
              GtkTreeIter  *iter,
              int           column)
{
    char *text = NULL;

    gtk_tree_model_get (model, iter, column, &text, -1);
    return text;
}

/* A column of a row of the store. */
static char *
row_string (GtkTreeIter *iter,
            int          column)
{
    VireoVmTree *tree = vireo_manager_window_get_vm_tree (fixture.window);

    return model_string (vireo_vm_tree_get_model (tree), iter, column);
}

/* The view's path of a store row (NULL when the search hides it). */
static GtkTreePath *
view_path (GtkTreeIter *store_iter)
{
    VireoVmTree *tree = vireo_manager_window_get_vm_tree (fixture.window);
    GtkTreeIter view_iter;

    if (!vireo_vm_tree_store_to_view_iter (tree, store_iter, &view_iter))
        return NULL;
    return gtk_tree_model_get_path (vireo_vm_tree_get_view_model (tree), &view_iter);
}

static char *
domain_row_subtitle (VireoDomain *domain)
{
    GtkTreeIter iter;

    if (!vireo_vm_tree_find_domain (vireo_manager_window_get_vm_tree (fixture.window), domain,
                                    &iter))
        return NULL;
    return row_string (&iter, VIREO_VM_TREE_COLUMN_SUBTITLE);
}

static gboolean
all_rows_present (gpointer data)
{
    return vireo_vm_tree_get_n_domains (vireo_manager_window_get_vm_tree (fixture.window),
                                        fixture.connection) == N_VMS;
}

static gboolean
draw_counter_cb (GtkWidget *widget,
                 cairo_t   *cr,
                 gpointer   user_data)
{
    fixture.n_draws++;
    return FALSE;
}

static gboolean
drawn_after (gpointer data)
{
    return fixture.n_draws > GPOINTER_TO_UINT (data);
}

static void
test_populate (void)
{
    VireoVmTree *tree = vireo_manager_window_get_vm_tree (fixture.window);
    GtkTreeModel *model = vireo_vm_tree_get_view_model (tree);
    GtkTreeIter store_parent, parent, child;
    guint n = 0;

    g_assert_true (wait_until (all_rows_present, NULL, 60000));
    g_assert_cmpint (vireo_connection_get_state (fixture.connection), ==,
                     VIREO_CONNECTION_STATE_ACTIVE);
    g_assert_true (gtk_tree_view_get_model (vireo_manager_window_get_tree_view (fixture.window))
                   == model);

    g_assert_true (vireo_vm_tree_find_connection (tree, fixture.connection, &store_parent));
    g_assert_true (vireo_vm_tree_store_to_view_iter (tree, &store_parent, &parent));
    g_assert_cmpint (gtk_tree_model_iter_n_children (model, &parent), ==, N_VMS);
    g_assert_cmpuint (vireo_vm_tree_get_n_shown_domains (tree), ==, N_VMS);

    /* Where no window manager announces _NET_WM_FRAME_DRAWN (the tests' X
     * server has none), the window does without frame sync, and GDK no
     * longer asks the X server about it at the end of every frame. */
#ifdef GDK_WINDOWING_X11
    {
        GdkScreen *screen = gtk_widget_get_screen (GTK_WIDGET (fixture.window));
        gboolean expect_off =
            GDK_IS_X11_SCREEN (screen) &&
            !gdk_x11_screen_supports_net_wm_hint (
                screen, gdk_atom_intern_static_string ("_NET_WM_FRAME_DRAWN"));

        g_assert_cmpint (vireo_frame_sync_is_off (GTK_WIDGET (fixture.window)), ==, expect_off);
    }
#endif

    /* Children sorted by name, each "Running". */
    g_assert_true (gtk_tree_model_iter_children (model, &child, &parent));
    do {
        g_autofree char *name = model_string (model, &child, VIREO_VM_TREE_COLUMN_NAME);
        g_autofree char *subtitle = model_string (model, &child, VIREO_VM_TREE_COLUMN_SUBTITLE);
        g_autofree char *state = model_string (model, &child, VIREO_VM_TREE_COLUMN_STATE);
        g_autofree char *title = model_string (model, &child, VIREO_VM_TREE_COLUMN_TITLE);
        g_autofree char *markup = model_string (model, &child, VIREO_VM_TREE_COLUMN_MARKUP);
        g_autofree char *expected = g_strdup_printf ("vm-%04u", n + 1);

        g_assert_cmpstr (name, ==, expected);
        g_assert_cmpstr (subtitle, ==, "Running");
        g_assert_cmpstr (state, ==, "Running");
        g_assert_cmpstr (title, ==, "");
        g_assert_cmpstr (markup, ==, expected);
        n++;
    } while (gtk_tree_model_iter_next (model, &child));
    g_assert_cmpuint (n, ==, N_VMS);

    /* The connection row says how many there are. */
    {
        g_autofree char *subtitle = row_string (&store_parent, VIREO_VM_TREE_COLUMN_SUBTITLE);

        g_assert_cmpstr (subtitle, ==, "200 virtual machines");
    }
}

static guint
count_colors (GdkPixbuf *pixbuf)
{
    g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);
    int width = gdk_pixbuf_get_width (pixbuf);
    int height = gdk_pixbuf_get_height (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf);
    int channels = gdk_pixbuf_get_n_channels (pixbuf);
    const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);

    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            const guchar *p = pixels + y * stride + x * channels;

            g_hash_table_add (colors, GUINT_TO_POINTER ((p[0] << 16) | (p[1] << 8) | p[2]));
        }
    }
    return g_hash_table_size (colors);
}

static char *
ocr (GdkPixbuf *pixbuf)
{
    g_autofree char *tesseract = g_find_program_in_path ("tesseract");
    g_autofree char *path = NULL;
    g_autoptr(GdkPixbuf) scaled = NULL;
    g_autoptr(GError) error = NULL;
    char *out = NULL;
    int status = 0;

    if (tesseract == NULL)
        g_error ("tesseract is missing: install tesseract-ocr (tools/setup does)");
    path = g_build_filename (fixture.tmpdir, "ocr.png", NULL);
    scaled = gdk_pixbuf_scale_simple (pixbuf, gdk_pixbuf_get_width (pixbuf) * 2,
                                      gdk_pixbuf_get_height (pixbuf) * 2,
                                      GDK_INTERP_BILINEAR);
    g_assert_true (gdk_pixbuf_save (scaled, path, "png", &error, NULL));
    g_assert_no_error (error);
    {
        const char *argv[] = { tesseract, path, "stdout", NULL };

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                     NULL, NULL, &out, NULL, &status, &error));
    }
    g_assert_no_error (error);
    return out;
}

/* Draws the window once more and grabs it from the X server. */
static GdkPixbuf *
grab_window (const char *name)
{
    GtkWidget *tree_view = GTK_WIDGET (vireo_manager_window_get_tree_view (fixture.window));
    g_autofree char *path = NULL;
    g_autoptr(GError) error = NULL;
    GdkPixbuf *pixbuf;
    GdkWindow *gdk_window;
    guint before;

    before = fixture.n_draws;
    gtk_widget_queue_draw (GTK_WIDGET (fixture.window));
    g_assert_true (wait_until (drawn_after, GUINT_TO_POINTER (before), 10000));
    for (int i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
    gdk_display_sync (gtk_widget_get_display (tree_view));

    gdk_window = gtk_widget_get_window (GTK_WIDGET (fixture.window));
    g_assert_nonnull (gdk_window);
    g_assert_true (gdk_window_is_viewable (gdk_window));
    pixbuf = gdk_pixbuf_get_from_window (gdk_window, 0, 0,
                                         gdk_window_get_width (gdk_window),
                                         gdk_window_get_height (gdk_window));
    g_assert_nonnull (pixbuf);

    path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                             name, NULL);
    g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
    g_assert_no_error (error);
    g_test_message ("screenshot saved to %s", path);
    return pixbuf;
}

static void
test_screenshot (void)
{
    g_autofree char *text = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    guint n_colors;

    g_assert_true (wait_until (all_rows_present, NULL, 60000));
    g_assert_true (vireo_manager_window_select_domain (
                       fixture.window, vireo_connection_find_domain (fixture.connection,
                                                                     "vm-0001")));

    pixbuf = grab_window ("ui-manager.png");
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >=, 400);
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), >=, 300);

    /* Text, icons, selection and graphs: far from a uniform image. */
    n_colors = count_colors (pixbuf);
    g_test_message ("%u distinct colors", n_colors);
    g_assert_cmpuint (n_colors, >, 32);

    text = ocr (pixbuf);
    g_test_message ("OCR: %.200s", text);
    g_assert_true (strstr (text, "vm-0001") != NULL || strstr (text, "Running") != NULL);
}

static gboolean
subtitle_is_paused (gpointer data)
{
    g_autofree char *subtitle = domain_row_subtitle (data);

    return g_strcmp0 (subtitle, "Paused") == 0;
}

static gboolean
action_enabled (const char *name)
{
    return g_action_group_get_action_enabled (G_ACTION_GROUP (fixture.window), name);
}

static VireoConfirmDialog *
find_confirm_dialog (void)
{
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
        if (VIREO_IS_CONFIRM_DIALOG (l->data) && gtk_widget_get_visible (l->data))
            return l->data;
    return NULL;
}

static void
test_actions (void)
{
    VireoDomain *domain = vireo_connection_find_domain (fixture.connection, "vm-0002");
    GtkWidget *pause_button;

    g_assert_nonnull (domain);
    g_assert_true (vireo_manager_window_select_domain (fixture.window, domain));
    g_assert_true (vireo_manager_window_get_selected_domain (fixture.window) == domain);

    /* The shortcuts window from gtk/help-overlay.ui, and the application's actions. */
    g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture.window),
                                              "show-help-overlay"));
    for (guint i = 0; i < 4; i++) {
        static const char *names[] = { "quit", "about", "preferences", "add-connection" };

        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture.app), names[i]));
    }

    /* Running: no Run, but Pause and the shut-down family. */
    g_assert_false (action_enabled ("run"));
    g_assert_true (action_enabled ("pause"));
    g_assert_false (action_enabled ("resume"));
    g_assert_true (action_enabled ("shutdown"));
    g_assert_true (action_enabled ("force-off"));
    g_assert_true (action_enabled ("delete"));
    g_assert_false (action_enabled ("connect"));

    /* Pausing asks first. */
    g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "pause", NULL);
    {
        VireoConfirmDialog *dialog = find_confirm_dialog ();
        const char *names[] = { "vm-0002", NULL };

        g_assert_nonnull (dialog);
        g_assert_cmpint (vireo_confirm_dialog_get_kind (dialog), ==, VIREO_CONFIRM_PAUSE);
        g_assert_cmpstrv (vireo_confirm_dialog_get_names (dialog), names);
        gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    }
    g_assert_true (wait_until (subtitle_is_paused, domain, 20000));
    g_assert_null (find_confirm_dialog ());
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_PAUSED);

    g_assert_true (action_enabled ("resume"));
    g_assert_false (action_enabled ("pause"));
    /* The Pause button became Resume. */
    pause_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture.window),
                                                             VIREO_TYPE_MANAGER_WINDOW,
                                                             "pause_button"));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (pause_button)), ==,
                     "win.resume");
    g_assert_null (vireo_manager_window_get_error (fixture.window));

    /* A connection row: its actions, none of the VM's. */
    {
        GtkTreeIter iter;
        g_autoptr(GtkTreePath) path = NULL;
        GtkTreeView *view = vireo_manager_window_get_tree_view (fixture.window);

        g_assert_true (vireo_vm_tree_find_connection (
                           vireo_manager_window_get_vm_tree (fixture.window),
                           fixture.connection, &iter));
        path = view_path (&iter);
        gtk_tree_view_set_cursor (view, path, NULL, FALSE);
        g_assert_null (vireo_manager_window_get_selected_domain (fixture.window));
        g_assert_false (action_enabled ("pause"));
        g_assert_false (action_enabled ("resume"));
        g_assert_false (action_enabled ("delete"));
        g_assert_true (action_enabled ("disconnect"));
        g_assert_false (action_enabled ("connect"));
    }
}

static VireoDeleteDialog *
find_delete_dialog (void)
{
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
        if (VIREO_IS_DELETE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
            return l->data;
    return NULL;
}

static gboolean
delete_dialog_loaded (gpointer data)
{
    return vireo_delete_dialog_get_loaded (data);
}

static void
test_delete_dialog (void)
{
    VireoDomain *domain = vireo_connection_find_domain (fixture.connection, "vm-0003");
    VireoDeleteDialog *dialog;
    g_auto(GStrv) disks = NULL;
    g_auto(GStrv) selected = NULL;
    GtkLabel *title;

    g_assert_nonnull (domain);
    g_assert_true (vireo_manager_window_select_domain (fixture.window, domain));
    g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "delete", NULL);
    dialog = find_delete_dialog ();
    g_assert_nonnull (dialog);
    g_assert_true (vireo_delete_dialog_get_domain (dialog) == domain);

    title = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                      VIREO_TYPE_DELETE_DIALOG, "title_label"));
    g_assert_cmpstr (gtk_label_get_text (title), ==, "Delete the virtual machine “vm-0003”?");

    g_assert_true (wait_until (delete_dialog_loaded, dialog, 20000));
    disks = vireo_delete_dialog_list_disks (dialog);
    g_assert_cmpuint (g_strv_length (disks), ==, 1);
    g_assert_cmpstr (disks[0], ==, "/var/lib/vireo-test/vm-0003.qcow2");
    /* A writable disk is checked by default. */
    selected = vireo_delete_dialog_list_selected_disks (dialog);
    g_assert_cmpstrv (selected, disks);
    g_assert_true (gtk_widget_get_sensitive (
                       gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog),
                                                           GTK_RESPONSE_ACCEPT)));

    g_assert_true (vireo_delete_dialog_set_disk_selected (dialog, disks[0], FALSE));
    g_clear_pointer (&selected, g_strfreev);
    selected = vireo_delete_dialog_list_selected_disks (dialog);
    g_assert_cmpuint (g_strv_length (selected), ==, 0);
    g_assert_false (vireo_delete_dialog_set_disk_selected (dialog, "/nowhere", TRUE));

    /* Cancel keeps the VM. */
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_null (find_delete_dialog ());
    g_assert_true (vireo_connection_find_domain (fixture.connection, "vm-0003") == domain);
}

static gboolean
domain_gone (gpointer name)
{
    return vireo_connection_find_domain (fixture.connection, name) == NULL;
}

/* A VM sharing vm-0003's disk, with install media and direct boot: nothing
 * checked, each with its reason; deleting it leaves vm-0003 its disk. */
static void
test_delete_dialog_kept_files (void)
{
    static const char xml[] =
        "<domain type='test'><name>vm-sharer</name><memory>65536</memory>"
        "<os><type>hvm</type><kernel>/srv/boot/vmlinuz</kernel>"
        "<initrd>/srv/boot/initrd.img</initrd></os><devices>"
        "<disk type='file' device='disk'><source file='/var/lib/vireo-test/vm-0003.qcow2'/>"
        "<target dev='vda'/></disk>"
        "<disk type='file' device='disk'><source file='/var/lib/vireo-test/cluster.img'/>"
        "<target dev='vdb'/><shareable/></disk>"
        "<disk type='file' device='cdrom'><source file='/srv/iso/debian.iso'/>"
        "<target dev='hdc'/><readonly/></disk>"
        "</devices></domain>";
    static const struct {
        const char *path;
        const char *reason;
    } expected[] = {
        { "/var/lib/vireo-test/vm-0003.qcow2", "Used by the virtual machine “vm-0003”." },
        { "/var/lib/vireo-test/cluster.img",   "Shareable" },
        { "/srv/iso/debian.iso",               "Install media" },
        { "/srv/boot/vmlinuz",                 "direct boot" },
        { "/srv/boot/initrd.img",              "direct boot" },
    };
    g_autoptr(GError) error = NULL;
    VireoDomain *domain = vireo_connection_define_xml (fixture.connection, xml, &error);
    VireoDeleteDialog *dialog;
    g_auto(GStrv) files = NULL;
    g_auto(GStrv) selected = NULL;

    g_assert_no_error (error);
    g_assert_true (vireo_manager_window_select_domain (fixture.window, domain));
    g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "delete", NULL);
    dialog = find_delete_dialog ();
    g_assert_nonnull (dialog);
    g_assert_true (wait_until (delete_dialog_loaded, dialog, 20000));

    files = vireo_delete_dialog_list_disks (dialog);
    g_assert_cmpuint (g_strv_length (files), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
        const char *reason = vireo_delete_dialog_get_reason (dialog, expected[i].path);

        g_assert_true (g_strv_contains ((const char * const *) files, expected[i].path));
        g_assert_nonnull (reason);
        if (strstr (reason, expected[i].reason) == NULL)
            g_error ("%s is kept for “%s”, not “%s”", expected[i].path, reason,
                     expected[i].reason);
    }
    selected = vireo_delete_dialog_list_selected_disks (dialog);
    g_assert_cmpuint (g_strv_length (selected), ==, 0);

    /* Delete with nothing checked: the VM goes, vm-0003 keeps its disk. */
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_true (wait_until (domain_gone, (gpointer) "vm-sharer", 20000));
    g_assert_null (vireo_manager_window_get_error (fixture.window));
    {
        VireoDomain *owner = vireo_connection_find_domain (fixture.connection, "vm-0003");
        g_autoptr(GPtrArray) disks = vireo_domain_list_disks (owner, NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (disks->len, ==, 1);
        g_assert_cmpstr (disks->pdata[0], ==, "/var/lib/vireo-test/vm-0003.qcow2");
    }
}

static void
test_removable_media (void)
{
    static const struct {
        const char *path;
        gboolean    removable;
    } cases[] = {
        { "/var/lib/images/disk.qcow2", FALSE },
        { "/var/lib/images/debian.iso", TRUE },
        { "/srv/ISO/INSTALL.ISO",       TRUE },
        { "/dev/sr0",                   TRUE },
        { "/dev/sda",                   FALSE },
        { "/images/iso.raw",            FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        g_assert_cmpint (vireo_delete_dialog_is_removable_media (cases[i].path), ==,
                         cases[i].removable);
}

typedef struct {
    VireoConnection *connection;
    guint            ticks_while_connecting;
} FailingData;

static gboolean
tick_cb (gpointer user_data)
{
    FailingData *data = user_data;

    if (data->connection != NULL &&
        vireo_connection_get_state (data->connection) == VIREO_CONNECTION_STATE_CONNECTING)
        data->ticks_while_connecting++;
    return G_SOURCE_CONTINUE;
}

static gboolean
connection_settled (gpointer user_data)
{
    FailingData *data = user_data;
    VireoConnectionState state = vireo_connection_get_state (data->connection);

    return (state == VIREO_CONNECTION_STATE_FAILED ||
            state == VIREO_CONNECTION_STATE_ACTIVE) &&
           vireo_manager_window_get_error (fixture.window) != NULL;
}

static gboolean
info_bar_shown (gpointer data)
{
    GtkWidget *info_bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture.window),
                                                                    VIREO_TYPE_MANAGER_WINDOW,
                                                                    "info_bar"));

    return gtk_widget_get_mapped (info_bar) && gtk_widget_get_allocated_height (info_bar) > 20;
}

static void
test_failing_connection (void)
{
    FailingData data = { NULL, 0 };
    const char *reason;
    const char *info;
    g_autofree char *subtitle = NULL;
    g_autofree char *markup = NULL;
    GtkTreeIter iter;
    guint tick;

    tick = g_timeout_add (1, tick_cb, &data);
    data.connection = vireo_application_add_connection (fixture.app, "bogus:///x", TRUE, FALSE);
    g_assert_nonnull (data.connection);
    /* The attempt runs off the main loop: the call returned before libvirt
     * answered, even for a URI libvirt refuses at once. */
    g_assert_cmpint (vireo_connection_get_state (data.connection), ==,
                     VIREO_CONNECTION_STATE_CONNECTING);
    g_assert_true (wait_until (connection_settled, &data, 30000));
    g_source_remove (tick);

    g_assert_cmpint (vireo_connection_get_state (data.connection), ==,
                     VIREO_CONNECTION_STATE_FAILED);
    /* The main loop kept running while the connection was attempted (on a
     * busy machine the refusal takes long enough to see ticks; on an idle
     * one it may come before the first 1 ms tick). */
    g_test_message ("%u main-loop ticks while connecting", data.ticks_while_connecting);

    reason = vireo_connection_get_error_message (data.connection);
    g_assert_nonnull (reason);
    g_assert_cmpstr (reason, !=, "");
    g_test_message ("libvirt says: %s", reason);

    /* The row says why, and so does the info bar. */
    g_assert_true (vireo_vm_tree_find_connection (
                       vireo_manager_window_get_vm_tree (fixture.window), data.connection,
                       &iter));
    subtitle = row_string (&iter, VIREO_VM_TREE_COLUMN_SUBTITLE);
    g_assert_cmpstr (subtitle, ==, reason);
    markup = row_string (&iter, VIREO_VM_TREE_COLUMN_MARKUP);
    g_assert_nonnull (strstr (markup, "foreground"));
    info = vireo_manager_window_get_error (fixture.window);
    g_assert_nonnull (info);
    g_assert_nonnull (strstr (info, "bogus:///x"));

    /* The other connection is untouched. */
    g_assert_cmpint (vireo_connection_get_state (fixture.connection), ==,
                     VIREO_CONNECTION_STATE_ACTIVE);
    g_assert_true (all_rows_present (NULL));

    /* The info bar is on screen. */
    g_assert_true (wait_until (info_bar_shown, NULL, 10000));
    {
        g_autoptr(GdkPixbuf) pixbuf = grab_window ("ui-manager-error.png");
        g_autofree char *text = ocr (pixbuf);

        g_test_message ("OCR: %.300s", text);
        g_assert_nonnull (strstr (text, "bogus"));
    }
}

static void
count_cb (gpointer user_data)
{
    (*(guint *) user_data)++;
}

static gboolean
counter_reached (gpointer data)
{
    return *(guint *) data >= 3;
}

/* Stats ticks redraw the view; they do not touch the rows. */
static void
test_stats_redraw (void)
{
    VireoStatsSampler *sampler = vireo_connection_get_stats_sampler (fixture.connection);
    VireoVmTree *tree = vireo_manager_window_get_vm_tree (fixture.window);
    GtkTreeModel *model = vireo_vm_tree_get_model (tree);
    guint n_updated = 0, n_row_changed = 0;
    guint draws_before = fixture.n_draws;
    gulong updated_id, changed_id;

    g_assert_nonnull (sampler);
    g_assert_true (vireo_stats_sampler_is_running (sampler));
    /* The settings' interval (1 s) and groups (CPU and memory by default). */
    g_assert_cmpuint (vireo_stats_sampler_get_interval (sampler), ==, 1000);
    g_assert_cmpuint (vireo_stats_sampler_get_groups (sampler), ==,
                      VIREO_STATS_GROUP_CPU | VIREO_STATS_GROUP_MEMORY);

    updated_id = g_signal_connect_swapped (sampler, "updated", G_CALLBACK (count_cb),
                                           &n_updated);
    changed_id = g_signal_connect_swapped (model, "row-changed", G_CALLBACK (count_cb),
                                           &n_row_changed);
    for (guint i = 0; i < 3; i++)
        vireo_stats_sampler_sample_async (sampler, NULL, NULL, NULL);
    g_assert_true (wait_until (counter_reached, &n_updated, 20000));
    for (int i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
    g_signal_handler_disconnect (sampler, updated_id);
    g_signal_handler_disconnect (model, changed_id);

    g_assert_cmpuint (n_row_changed, ==, 0);
    g_assert_cmpuint (fixture.n_draws, >, draws_before);
}

static gboolean
rows_gone (gpointer data)
{
    return vireo_vm_tree_get_n_domains (vireo_manager_window_get_vm_tree (fixture.window),
                                        fixture.connection) == 0;
}

static void
activate_connection_row (void)
{
    GtkTreeView *view = vireo_manager_window_get_tree_view (fixture.window);
    VireoVmTree *tree = vireo_manager_window_get_vm_tree (fixture.window);
    g_autoptr(GtkTreePath) path = NULL;
    GtkTreeIter iter;

    g_assert_true (vireo_vm_tree_find_connection (tree, fixture.connection, &iter));
    path = view_path (&iter);
    gtk_tree_view_row_activated (view, path, gtk_tree_view_get_column (view, 0));
}

/* Double-click on a connection row disconnects it, and again connects. */
static void
test_reconnect (void)
{
    GtkTreeIter iter;
    g_autofree char *subtitle = NULL;

    activate_connection_row ();
    g_assert_true (wait_until (rows_gone, NULL, 10000));
    g_assert_cmpint (vireo_connection_get_state (fixture.connection), ==,
                     VIREO_CONNECTION_STATE_DISCONNECTED);
    g_assert_true (vireo_vm_tree_find_connection (
                       vireo_manager_window_get_vm_tree (fixture.window), fixture.connection,
                       &iter));
    subtitle = row_string (&iter, VIREO_VM_TREE_COLUMN_SUBTITLE);
    g_assert_cmpstr (subtitle, ==, "Not connected");
    g_assert_null (vireo_manager_window_get_selected_domain (fixture.window));

    activate_connection_row ();
    g_assert_true (wait_until (all_rows_present, NULL, 60000));
    g_assert_cmpint (vireo_connection_get_state (fixture.connection), ==,
                     VIREO_CONNECTION_STATE_ACTIVE);
}

static gboolean
window_width_is (gpointer data)
{
    int width = 0, height = 0;

    gtk_window_get_size (GTK_WINDOW (fixture.window), &width, &height);
    return width == GPOINTER_TO_INT (data);
}

static gboolean
page_in_state (gpointer data)
{
    VireoConsolePage *page = data;
    VireoConsoleState state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (page), "want"));

    return vireo_console_page_get_state (page) == state;
}

static void
wait_page_state (VireoConsolePage  *page,
                 VireoConsoleState  state,
                 const char        *status_title)
{
    g_object_set_data (G_OBJECT (page), "want", GINT_TO_POINTER (state));
    if (!wait_until (page_in_state, page, 10000))
        g_error ("the page is in state %d (“%s”), not %d",
                 vireo_console_page_get_state (page),
                 vireo_console_page_get_status_title (page), state);
    g_assert_cmpstr (vireo_console_page_get_status_title (page), ==, status_title);
}

/* The console page the manager gets for a window to embed (as a tab): it
 * shows the VM, waiting for it to start.  The test driver's VMs have no
 * graphics, which the page says once the VM runs. */
static void
test_console_page (void)
{
    VireoDomain *domain = vireo_connection_find_domain (fixture.connection, "vm-0150");
    g_autoptr(GError) error = NULL;
    VireoConsolePage *page;
    GtkWidget *window;
    GtkWidget *notebook;
    GtkWidget *widget;

    g_assert_true (vireo_domain_force_off (domain, NULL, &error));
    g_assert_no_error (error);
    widget = vireo_console_loader_new_page_for_domain (domain,
                                                       vireo_application_get_settings (
                                                           fixture.app),
                                                       &error);
    g_assert_no_error (error);
    g_assert_true (VIREO_IS_CONSOLE_PAGE (widget));
    g_assert_true (g_object_is_floating (widget));
    page = VIREO_CONSOLE_PAGE (widget);
    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    notebook = gtk_notebook_new ();
    gtk_notebook_append_page (GTK_NOTEBOOK (notebook), widget, gtk_label_new ("Console"));
    gtk_container_add (GTK_CONTAINER (window), notebook);
    gtk_widget_show_all (window);

    g_assert_true (vireo_console_page_get_domain (page) == domain);
    g_assert_cmpstr (vireo_console_page_get_title (page), ==, "vm-0150");
    wait_page_state (page, VIREO_CONSOLE_STATE_WAITING, "Waiting for the guest to start");
    g_assert_true (vireo_domain_start (domain, NULL, &error));
    g_assert_no_error (error);
    wait_page_state (page, VIREO_CONSOLE_STATE_DISCONNECTED,
                     "This virtual machine has no graphical console");
    gtk_widget_destroy (window);
}

/* Open, Details and Performance land in the VM's one window, on that view. */
static void
test_vm_window (void)
{
    VireoDomain *domain = vireo_connection_find_domain (fixture.connection, "vm-0003");
    GtkApplication *app = GTK_APPLICATION (fixture.app);
    VireoVmWindow *window;

    g_assert_true (vireo_manager_window_select_domain (fixture.window, domain));
    g_assert_null (vireo_vm_window_find (app, domain));
    g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "details", NULL);
    window = vireo_vm_window_find (app, domain);
    g_assert_nonnull (window);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
    g_assert_cmpint (vireo_vm_window_get_view (window), ==, VIREO_VM_VIEW_DETAILS);

    g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "performance", NULL);
    g_assert_true (vireo_vm_window_find (app, domain) == window);
    g_assert_cmpint (vireo_vm_window_get_view (window), ==, VIREO_VM_VIEW_PERFORMANCE);

    g_action_group_activate_action (G_ACTION_GROUP (fixture.window), "open", NULL);
    g_assert_true (vireo_vm_window_find (app, domain) == window);
    g_assert_cmpint (vireo_vm_window_get_view (window), ==, VIREO_VM_VIEW_CONSOLE);
    gtk_widget_destroy (GTK_WIDGET (window));
    g_assert_null (vireo_vm_window_find (app, domain));
}

static gboolean
window_closed (gpointer data)
{
    return vireo_application_get_manager_window (fixture.app) == NULL;
}

/* Closing the window remembers its size and cancels its work. */
/* The Migrate and Move dialogs' Destination combo box follows the manager's
 * connections: one that opens, or is added, appears; one that closes, or
 * is removed, goes; the user's choice stays while its connection does. */
static void
open_connection (VireoConnection *connection)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_connection_open_async (connection, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 30000));
    g_assert_true (vireo_connection_open_finish (connection, result, &error));
    g_assert_no_error (error);
}

/* The combo box's row texts, joined with "|". */
static char *
combo_rows (GtkWidget *combo)
{
    GtkTreeModel *model = gtk_combo_box_get_model (GTK_COMBO_BOX (combo));
    g_autoptr(GString) out = g_string_new (NULL);
    GtkTreeIter iter;

    for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok;
         ok = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *text = model_string (model, &iter, 0);

        g_string_append_printf (out, "%s%s", out->len > 0 ? "|" : "", text);
    }
    return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ASSERT_ROWS(combo, expected)                        \
    G_STMT_START {                                          \
        g_autofree char *rows_ = combo_rows (combo);        \
        g_assert_cmpstr (rows_, ==, expected);              \
    } G_STMT_END

static void
test_destination_follows (void)
{
    g_autofree char *node = g_build_filename (fixture.tmpdir, "other.xml", NULL);
    g_autofree char *other_uri = g_strconcat ("test://", node, NULL);
    g_autoptr(GError) error = NULL;
    VireoConnection *a, *b;
    GtkWidget *combo;

    g_assert_true (vireo_test_write_node_xml (node, 1, &error));
    g_assert_no_error (error);
    combo = vireo_ops_connection_combo (vireo_application_get_connections (fixture.app),
                                        G_OBJECT (fixture.app), fixture.connection, FALSE);
    g_object_ref_sink (combo);
    /* The VM's own connection is no destination; nothing else is open. */
    ASSERT_ROWS (combo, "");
    g_assert_null (vireo_ops_connection_combo_get (combo));

    /* Added while the combo box is shown: it appears once open, chosen. */
    a = vireo_application_add_connection (fixture.app, "test:///default", FALSE, FALSE);
    vireo_connection_set_display_name (a, "A");
    ASSERT_ROWS (combo, "");
    open_connection (a);
    ASSERT_ROWS (combo, "A");
    g_assert_true (vireo_ops_connection_combo_get (combo) == a);
    b = vireo_application_add_connection (fixture.app, other_uri, FALSE, FALSE);
    vireo_connection_set_display_name (b, "B");
    open_connection (b);
    ASSERT_ROWS (combo, "A|B");
    g_assert_true (vireo_ops_connection_combo_get (combo) == a);

    /* The user chooses B: B stays chosen while A closes and opens again. */
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 1);
    g_assert_true (vireo_ops_connection_combo_get (combo) == b);
    vireo_connection_close (a);
    ASSERT_ROWS (combo, "B");
    g_assert_true (vireo_ops_connection_combo_get (combo) == b);
    open_connection (a);
    ASSERT_ROWS (combo, "A|B");
    g_assert_true (vireo_ops_connection_combo_get (combo) == b);

    /* A new name shows. */
    vireo_connection_set_display_name (a, "Alpha");
    ASSERT_ROWS (combo, "Alpha|B");
    g_assert_true (vireo_ops_connection_combo_get (combo) == b);

    /* B removed from the manager (open still): it goes, and A is chosen. */
    vireo_application_remove_connection (fixture.app, b);
    ASSERT_ROWS (combo, "Alpha");
    g_assert_true (vireo_ops_connection_combo_get (combo) == a);
    vireo_connection_close (a);
    ASSERT_ROWS (combo, "");
    g_assert_null (vireo_ops_connection_combo_get (combo));

    vireo_application_remove_connection (fixture.app, a);
    gtk_widget_destroy (combo);
    g_object_unref (combo);
}

static void
test_geometry (void)
{
    GSettings *settings = vireo_application_get_settings (fixture.app);
    GCancellable *cancellable = vireo_manager_window_get_cancellable (fixture.window);
    int width = 0, height = 0;

    g_object_ref (cancellable);
    gtk_window_resize (GTK_WINDOW (fixture.window), 720, 500);
    g_assert_true (wait_until (window_width_is, GINT_TO_POINTER (720), 10000));
    for (int i = 0; i < 10; i++)
        g_main_context_iteration (NULL, FALSE);

    gtk_widget_destroy (GTK_WIDGET (fixture.window));
    g_assert_true (wait_until (window_closed, NULL, 10000));
    fixture.window = NULL;
    g_assert_true (g_cancellable_is_cancelled (cancellable));
    g_object_unref (cancellable);

    g_settings_get (settings, "window-size", "(ii)", &width, &height);
    g_assert_cmpint (width, ==, 720);
    g_assert_cmpint (height, ==, 500);
    g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

int
main (int   argc,
      char *argv[])
{
    g_autoptr(GError) error = NULL;
    g_autofree char *node = NULL;
    int ret;

    g_test_init (&argc, &argv, NULL);
    gtk_init (&argc, &argv);
    /* Reveal info bars at once rather than through a transition. */
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

    fixture.tmpdir = vireo_test_mkdtemp ("vireo-ui-manager-XXXXXX");
    node = g_build_filename (fixture.tmpdir, "node.xml", NULL);
    g_assert_true (vireo_test_write_node_xml (node, N_VMS, &error));
    g_assert_no_error (error);
    fixture.uri = g_strconcat ("test://", node, NULL);
    /* The default connection becomes the test driver's 200 VMs. */
    g_setenv ("LIBVIRT_DEFAULT_URI", fixture.uri, TRUE);

    fixture.app = vireo_application_new ();
    g_application_set_flags (G_APPLICATION (fixture.app),
                             G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
    g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
    g_assert_no_error (error);
    g_application_activate (G_APPLICATION (fixture.app));

    fixture.window = VIREO_MANAGER_WINDOW (vireo_application_get_manager_window (fixture.app));
    g_assert_nonnull (fixture.window);
    g_signal_connect (vireo_manager_window_get_tree_view (fixture.window), "draw",
                      G_CALLBACK (draw_counter_cb), NULL);
    for (guint i = 0; i < vireo_application_get_connections (fixture.app)->len; i++) {
        VireoConnection *connection =
            g_ptr_array_index (vireo_application_get_connections (fixture.app), i);

        if (g_strcmp0 (vireo_connection_get_uri (connection), fixture.uri) == 0)
            fixture.connection = connection;
    }
    g_assert_nonnull (fixture.connection);
    g_assert_true (vireo_application_is_autoconnect (fixture.app, fixture.connection));

    g_test_add_func ("/vireo/ui-manager/populate", test_populate);
    g_test_add_func ("/vireo/ui-manager/screenshot", test_screenshot);
    g_test_add_func ("/vireo/ui-manager/actions", test_actions);
    g_test_add_func ("/vireo/ui-manager/delete-dialog", test_delete_dialog);
    g_test_add_func ("/vireo/ui-manager/delete-dialog-kept-files",
                     test_delete_dialog_kept_files);
    g_test_add_func ("/vireo/ui-manager/removable-media", test_removable_media);
    g_test_add_func ("/vireo/ui-manager/stats-redraw", test_stats_redraw);
    g_test_add_func ("/vireo/ui-manager/console-page", test_console_page);
    g_test_add_func ("/vireo/ui-manager/vm-window", test_vm_window);
    g_test_add_func ("/vireo/ui-manager/failing-connection", test_failing_connection);
    g_test_add_func ("/vireo/ui-manager/reconnect", test_reconnect);
    g_test_add_func ("/vireo/ui-manager/destination-follows", test_destination_follows);
    g_test_add_func ("/vireo/ui-manager/geometry", test_geometry);
    ret = g_test_run ();

    if (fixture.window != NULL)
        gtk_widget_destroy (GTK_WIDGET (fixture.window));
    for (int i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
    g_clear_object (&fixture.app);
    vireo_test_rmtree (fixture.tmpdir);
    g_free (fixture.tmpdir);
    g_free (fixture.uri);
    return ret;
}
