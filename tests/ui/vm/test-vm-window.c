/* test-vm-window.c: the VM window on libvirt's test driver
 *
 * The editor's node file (tests/fixtures/editor/node.xml) has "rich", a
 * running VM with a device of every kind, and "off", shut off.  The cases
 * open the window on them, read the sidebar, build every page, change and
 * apply fields, edit the XML (and have an invalid document refused), add
 * and remove devices, and draw the performance graphs off screen.  The
 * AT-SPI tests (test-vm-window-qemu.py) do the same as a user on real
 * guests.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include <libvirt/libvirt.h>

#include "vireo-add-hardware-dialog.h"
#include "vireo-confirm-dialog.h"
#include "vireo-details-view.h"
#include "vireo-form-page.h"
#include "vireo-graph.h"
#include "vireo-remove-device-dialog.h"
#include "vireo-unapplied-dialog.h"
#include "vireo-vm-window.h"
#include "vireo-test-util.h"

#define TIMEOUT_MS 30000

static struct {
    VireoConnection *connection;
    GSettings       *settings;
    GtkApplication  *app;
} fx;

/* ---------------------------------------------------------------- helpers */

static gboolean
wait_until (gboolean (*predicate) (gpointer),
            gpointer   data)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) TIMEOUT_MS * 1000;

    while (!predicate (data)) {
        if (g_get_monotonic_time () > deadline)
            return FALSE;
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
    return TRUE;
}

static gboolean
view_idle (gpointer data)
{
    VireoDetailsView *view = data;

    return vireo_details_view_get_loaded (view) && !vireo_details_view_get_busy (view);
}

static void
wait_idle (VireoDetailsView *view)
{
    if (!wait_until (view_idle, view))
        g_error ("the Details view did not finish within %u s", TIMEOUT_MS / 1000);
}

static void
spin (guint ms)
{
    gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

    while (g_get_monotonic_time () < until) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
}

static VireoDomain *
domain (const char *name)
{
    VireoDomain *found = vireo_connection_find_domain (fx.connection, name);

    g_assert_nonnull (found);
    return found;
}

static VireoVmWindow *
open_window (const char  *name,
             VireoVmView  view)
{
    VireoVmWindow *window = vireo_vm_window_present (fx.app, domain (name), fx.settings, view);

    g_assert_true (VIREO_IS_VM_WINDOW (window));
    return window;
}

static VireoDetailsView *
details_of (VireoVmWindow *window)
{
    VireoDetailsView *view = vireo_vm_window_get_details (window);

    wait_idle (view);
    return view;
}

static char *
inactive_xml (const char *name)
{
    g_autoptr(GError) error = NULL;
    char *xml = vireo_domain_dup_xml (domain (name), VIR_DOMAIN_XML_INACTIVE, NULL, &error);

    g_assert_no_error (error);
    return xml;
}

static GtkWidget *
control (VireoDetailsView *view,
         const char       *page_id,
         const char       *option,
         const char       *key)
{
    VireoDetailsPage *page;
    VireoForm *form;

    g_assert_true (vireo_details_view_show_page (view, page_id));
    page = vireo_details_view_get_page (view, page_id);
    g_assert_true (VIREO_IS_FORM_PAGE (page));
    form = vireo_form_page_get_form (VIREO_FORM_PAGE (page), option);
    g_assert_nonnull (form);
    return vireo_form_get_control (form, key);
}

typedef struct {
    GType       type;
    const char *name;
    GtkWidget  *found;
} FindData;

static void
find_named_cb (GtkWidget *widget,
               gpointer   user_data)
{
    FindData *find = user_data;

    if (find->found != NULL)
        return;
    if (G_TYPE_CHECK_INSTANCE_TYPE (widget, find->type) &&
        g_strcmp0 (atk_object_get_name (gtk_widget_get_accessible (widget)), find->name) == 0) {
        find->found = widget;
        return;
    }
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), find_named_cb, find);
}

/* The control of @type named @name below @root. */
static GtkWidget *
find_named (GtkWidget  *root,
            GType       type,
            const char *name)
{
    FindData find = { type, name, NULL };

    find_named_cb (root, &find);
    g_assert_nonnull (find.found);
    return find.found;
}

static GtkWidget *
overview_control (VireoDetailsView *view,
                  const char       *name)
{
    g_assert_true (vireo_details_view_show_page (view, "overview"));
    return find_named (GTK_WIDGET (vireo_details_view_get_page (view, "overview")),
                       GTK_TYPE_ENTRY, name);
}

static void
apply (VireoDetailsView *view)
{
    GActionGroup *actions = vireo_details_view_get_actions (view);

    g_assert_true (g_action_group_get_action_enabled (actions, "apply"));
    g_action_group_activate_action (actions, "apply", NULL);
    wait_idle (view);
}

static GtkWidget *
find_toplevel (GType type)
{
    GList *toplevels = gtk_window_list_toplevels ();
    GtkWidget *found = NULL;

    for (GList *l = toplevels; l != NULL && found == NULL; l = l->next) {
        if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
            found = l->data;
    }
    g_list_free (toplevels);
    return found;
}

static gboolean
toplevel_shown (gpointer type)
{
    return find_toplevel ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}

static GtkWidget *
wait_toplevel (GType type)
{
    if (!wait_until (toplevel_shown, GSIZE_TO_POINTER (type)))
        g_error ("no %s appeared", g_type_name (type));
    return find_toplevel (type);
}

static gboolean
has_title (VireoDetailsView *view,
           const char       *title)
{
    g_autoptr(GPtrArray) titles = vireo_details_view_list_titles (view);

    for (guint i = 0; i < titles->len; i++) {
        if (g_str_equal (titles->pdata[i], title))
            return TRUE;
    }
    return FALSE;
}

/* ---------------------------------------------------------------- cases */

/* The sidebar names each section and device as a user reads them, and
 * every page builds and loads. */
static void
test_sidebar (void)
{
    static const char *const expected[] = {
        "Overview", "OS Information", "Performance", "CPUs", "Memory", "Boot Options",
        "VirtIO Disk 1", "VirtIO Disk 2", "CDROM 1", "Floppy 1", "Controller USB 0",
        "Controller IDE 0", "Controller SCSI 0", "Controller Floppy 0",
        "Controller VirtIO Serial 0", "Controller CCID 0", "Filesystem share", "NIC :11:22:33",
        "NIC :44:55:66", "Smartcard", "Serial 1", "Parallel 1", "Console 1", "Channel qemu-ga",
        "Channel spice", "USB Tablet", "PS/2 Keyboard", "TPM v2.0", "Display VNC",
        "Display SPICE", "Sound ich9", "Sound ac97", "Video VGA", "USB 0x1234:0x5678",
        "PCI 0000:06:12.5", "USB Redirector 1", "Watchdog", "Memory Balloon",
        "RNG /dev/urandom", "Panic Notifier", "VirtIO VSOCK",
    };
    VireoVmWindow *window = open_window ("rich", VIREO_VM_VIEW_DETAILS);
    VireoDetailsView *view = details_of (window);
    g_autoptr(GPtrArray) titles = vireo_details_view_list_titles (view);
    static const char *const ids[] = { "overview", "os", "performance", "cpus", "memory",
                                       "boot" };

    for (guint i = 0; i < titles->len; i++)
        g_test_message ("title %u: %s", i, (const char *) titles->pdata[i]);
    g_assert_cmpuint (titles->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < titles->len; i++)
        g_assert_cmpstr (titles->pdata[i], ==, expected[i]);
    g_assert_cmpstr (vireo_details_view_get_page_id (view), ==, "overview");
    /* A window that shows Details only has no console page. */
    g_assert_null (vireo_vm_window_get_console_page (window));

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++) {
        g_assert_true (vireo_details_view_show_page (view, ids[i]));
        g_assert_cmpstr (vireo_details_view_get_page_id (view), ==, ids[i]);
        g_assert_false (vireo_details_view_get_dirty (view));
    }
    for (const char *const *option = (const char *const[]) { "disk", "network", "graphics",
                                                             "hostdev", "tpm", "vsock", NULL };
         *option != NULL; option++) {
        g_autofree char *id = g_strdup_printf ("%s:1", *option);

        g_assert_true (vireo_details_view_show_page (view, id));
        g_assert_true (VIREO_IS_FORM_PAGE (vireo_details_view_get_page (view, id)));
        g_assert_false (vireo_details_view_get_dirty (view));
    }
    /* Values read back into the fields. */
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (control (view, "disk:2", "disk", "serial"))),
                     ==, "DATA01");
    g_assert_cmpint (gtk_spin_button_get_value_as_int (
                         GTK_SPIN_BUTTON (control (view, "memory", "memory", "maxmemory"))),
                     ==, 2048);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (
                         GTK_SPIN_BUTTON (control (view, "cpus", "vcpus", "vcpu.current"))),
                     ==, 2);
    g_assert_false (vireo_details_view_show_page (view, "disk:9"));
    gtk_widget_destroy (GTK_WIDGET (window));
}

/* Memory and vCPUs of a shut-off VM: applied, in libvirt's XML. */
static gboolean
tree_has_rows (gpointer data)
{
    GtkTreeView *tree = data;

    return gtk_tree_model_iter_n_children (gtk_tree_view_get_model (tree), NULL) > 0;
}

/* The OS page: the search narrows libosinfo's list, the OS chosen is
 * written to the definition's libosinfo metadata. */
static void
test_os (void)
{
    VireoVmWindow *window = open_window ("off", VIREO_VM_VIEW_DETAILS);
    VireoDetailsView *view = details_of (window);
    GtkWidget *page;
    GtkTreeView *tree;
    GtkTreeModel *model;
    GtkTreeIter iter;
    gboolean found = FALSE;
    int all, narrowed;
    g_autofree char *xml = NULL;
    g_autofree char *id = NULL;
    g_autofree char *written = NULL;
    GtkMessageType type;

    g_assert_true (vireo_details_view_show_page (view, "os"));
    page = GTK_WIDGET (vireo_details_view_get_page (view, "os"));
    tree = GTK_TREE_VIEW (find_named (page, GTK_TYPE_TREE_VIEW, "Operating Systems"));
    /* libosinfo's database is read in a thread; slow on a loaded machine. */
    if (!wait_until (tree_has_rows, tree))
        g_error ("the OS list did not load within %u s", TIMEOUT_MS / 1000);
    model = gtk_tree_view_get_model (tree);
    all = gtk_tree_model_iter_n_children (model, NULL);
    gtk_entry_set_text (GTK_ENTRY (find_named (page, GTK_TYPE_SEARCH_ENTRY,
                                               "Search operating systems")), "debian");
    /* GtkSearchEntry tells its search after a delay. */
    spin (400);
    narrowed = gtk_tree_model_iter_n_children (model, NULL);
    g_test_message ("%d operating systems, %d match \"debian\"", all, narrowed);
    g_assert_cmpint (narrowed, >, 0);
    g_assert_cmpint (narrowed, <, all);

    for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok && !found;
         ok = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *name = NULL;
        g_autofree char *lower = NULL;

        /* The name, or the short id or vendor, matches. */
        gtk_tree_model_get (model, &iter, 0, &name, -1);
        lower = g_ascii_strdown (name, -1);
        g_test_message ("match: %s", name);
        if (g_str_equal (name, "Debian 11")) {
            gtk_tree_model_get (model, &iter, 1, &id, -1);
            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (tree), &iter);
            found = TRUE;
        }
    }
    g_assert_true (found);
    g_assert_true (vireo_details_view_get_dirty (view));
    apply (view);
    g_assert_cmpstr (vireo_details_view_get_message (view, &type), ==, "The changes were saved.");
    g_assert_cmpstr (id, ==, "http://debian.org/debian/11");
    xml = inactive_xml ("off");
    written = g_strdup_printf ("<libosinfo:os id=\"%s\"/>", id);
    g_assert_nonnull (strstr (xml, written));
    gtk_widget_destroy (GTK_WIDGET (window));
}

/* Add Hardware lists the host's USB devices from the connection's node
 * devices and adds the one chosen as a host device. */
static void
test_add_host_device (void)
{
    VireoVmWindow *window = open_window ("off", VIREO_VM_VIEW_DETAILS);
    VireoDetailsView *view = details_of (window);
    VireoAddHardwareDialog *dialog;
    GtkTreeView *tree;
    GtkTreeModel *model;
    GtkTreeIter iter;
    gboolean found = FALSE;
    g_autofree char *xml = inactive_xml ("off");

    g_assert_null (strstr (xml, "<hostdev"));
    g_action_group_activate_action (vireo_details_view_get_actions (view), "add-hardware", NULL);
    dialog = VIREO_ADD_HARDWARE_DIALOG (wait_toplevel (VIREO_TYPE_ADD_HARDWARE_DIALOG));
    vireo_add_hardware_dialog_select (dialog, "hostdev-usb");
    tree = GTK_TREE_VIEW (find_named (GTK_WIDGET (dialog), GTK_TYPE_TREE_VIEW, "Host Devices"));
    /* The node devices are read in a worker thread. */
    if (!wait_until (tree_has_rows, tree))
        g_error ("the host's devices were not listed within %u s", TIMEOUT_MS / 1000);
    model = gtk_tree_view_get_model (tree);
    for (gboolean ok = gtk_tree_model_get_iter_first (model, &iter); ok && !found;
         ok = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *address = NULL;
        g_autofree char *description = NULL;

        gtk_tree_model_get (model, &iter, 0, &address, 1, &description, -1);
        g_test_message ("host device %s: %s", address, description);
        if (description != NULL && strstr (description, "Widget") != NULL) {
            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (tree), &iter);
            found = TRUE;
        }
    }
    g_assert_true (found);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    spin (50);
    wait_idle (view);
    g_assert_null (find_toplevel (VIREO_TYPE_ADD_HARDWARE_DIALOG));
    g_assert_true (has_title (view, "USB 0x1234:0x5678"));
    g_clear_pointer (&xml, g_free);
    xml = inactive_xml ("off");
    g_assert_nonnull (strstr (xml, "<hostdev mode='subsystem' type='usb'"));
    g_assert_nonnull (strstr (xml, "<vendor id='0x1234'/>"));
    g_assert_nonnull (strstr (xml, "<product id='0x5678'/>"));
    gtk_widget_destroy (GTK_WIDGET (window));
}

static void
test_memory_vcpus (void)
{
    VireoVmWindow *window = open_window ("off", VIREO_VM_VIEW_DETAILS);
    VireoDetailsView *view = details_of (window);
    g_autofree char *xml = NULL;
    GtkMessageType type;

    gtk_spin_button_set_value (GTK_SPIN_BUTTON (control (view, "memory", "memory",
                                                         "maxmemory")), 1536);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (control (view, "memory", "memory",
                                                         "currentMemory")), 1200);
    g_assert_true (vireo_details_view_get_dirty (view));
    apply (view);
    g_assert_cmpstr (vireo_details_view_get_message (view, &type), ==, "The changes were saved.");
    g_assert_cmpint (type, ==, GTK_MESSAGE_INFO);
    g_assert_false (vireo_details_view_get_dirty (view));

    gtk_spin_button_set_value (GTK_SPIN_BUTTON (control (view, "cpus", "vcpus", "vcpu")), 3);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (control (view, "cpus", "vcpus", "vcpu.current")),
                               3);
    apply (view);

    xml = inactive_xml ("off");
    g_assert_nonnull (strstr (xml, "<memory unit='KiB'>1572864</memory>"));
    g_assert_nonnull (strstr (xml, "<currentMemory unit='KiB'>1228800</currentMemory>"));
    g_assert_nonnull (strstr (xml, ">3</vcpu>"));
    /* The page shows what was written. */
    g_assert_cmpint (gtk_spin_button_get_value_as_int (
                         GTK_SPIN_BUTTON (control (view, "memory", "memory", "maxmemory"))),
                     ==, 1536);

    /* A topology is written whole (libvirt wants sockets, cores and
     * threads), the field left alone as it reads. */
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (control (view, "cpus", "vcpus", "vcpu")), 4);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (control (view, "cpus", "vcpus", "vcpu.current")),
                               4);
    {
        GtkWidget *page = GTK_WIDGET (vireo_details_view_get_page (view, "cpus"));

        gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (page, GTK_TYPE_SPIN_BUTTON,
                                                                "Sockets")), 2);
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (page, GTK_TYPE_SPIN_BUTTON,
                                                                "Cores")), 2);
    }
    apply (view);
    g_assert_cmpstr (vireo_details_view_get_message (view, &type), ==, "The changes were saved.");
    g_clear_pointer (&xml, g_free);
    xml = inactive_xml ("off");
    g_assert_nonnull (strstr (xml, ">4</vcpu>"));
    g_assert_nonnull (strstr (xml, "<topology sockets='2' dies='1' cores='2' threads='1'/>") ?:
                      strstr (xml, "<topology sockets='2' cores='2' threads='1'/>"));

    /* A value libvirt refuses (more vCPUs than the maximum): the error
     * says so, the page keeps its changes, and nothing changes. */
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (control (view, "cpus", "vcpus", "vcpu.current")),
                               5);
    apply (view);
    g_test_message ("refused: %s", vireo_details_view_get_message (view, NULL));
    g_assert_cmpstr (vireo_details_view_get_message (view, &type), !=, "");
    g_assert_cmpint (type, ==, GTK_MESSAGE_ERROR);
    g_assert_true (vireo_details_view_get_dirty (view));
    g_clear_pointer (&xml, g_free);
    xml = inactive_xml ("off");
    g_assert_nonnull (strstr (xml, ">4</vcpu>"));
    g_action_group_activate_action (vireo_details_view_get_actions (view), "revert", NULL);
    g_assert_false (vireo_details_view_get_dirty (view));
    gtk_widget_destroy (GTK_WIDGET (window));
}

/* Leaving a page with changes asks first; Discard forgets them. */
static void
test_unapplied (void)
{
    VireoVmWindow *window = open_window ("off", VIREO_VM_VIEW_DETAILS);
    VireoDetailsView *view = details_of (window);
    GtkWidget *title = overview_control (view, "Title");
    GtkWidget *dialog;
    g_autofree char *xml = NULL;

    gtk_entry_set_text (GTK_ENTRY (title), "Not applied");
    g_assert_true (vireo_details_view_get_dirty (view));
    g_assert_true (vireo_details_view_show_page (view, "memory"));
    dialog = wait_toplevel (VIREO_TYPE_UNAPPLIED_DIALOG);
    g_assert_cmpstr (vireo_details_view_get_page_id (view), ==, "overview");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
    wait_idle (view);
    g_assert_cmpstr (vireo_details_view_get_page_id (view), ==, "memory");
    g_assert_false (vireo_details_view_get_dirty (view));
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (title)), !=, "Not applied");

    /* Apply from the question writes the change, then goes on. */
    title = overview_control (view, "Title");
    gtk_entry_set_text (GTK_ENTRY (title), "Applied on the way");
    g_assert_true (vireo_details_view_show_page (view, "boot"));
    dialog = wait_toplevel (VIREO_TYPE_UNAPPLIED_DIALOG);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    spin (50);
    wait_idle (view);
    g_assert_cmpstr (vireo_details_view_get_page_id (view), ==, "boot");
    xml = inactive_xml ("off");
    g_assert_nonnull (strstr (xml, "<title>Applied on the way</title>"));

    /* Closing the window with changes asks too: Cancel keeps it, Discard
     * closes it. */
    title = overview_control (view, "Title");
    gtk_entry_set_text (GTK_ENTRY (title), "Closed before applying");
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
    gtk_window_close (GTK_WINDOW (window));
    dialog = wait_toplevel (VIREO_TYPE_UNAPPLIED_DIALOG);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    spin (50);
    g_assert_nonnull (window);
    gtk_window_close (GTK_WINDOW (window));
    dialog = wait_toplevel (VIREO_TYPE_UNAPPLIED_DIALOG);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_REJECT);
    spin (50);
    g_assert_null (window);
    g_clear_pointer (&xml, g_free);
    xml = inactive_xml ("off");
    g_assert_null (strstr (xml, "Closed before applying"));
}

static char *
xml_view_text (VireoDetailsView *view)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (
        GTK_TEXT_VIEW (vireo_details_view_get_xml_view (view)));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_xml_view_text (VireoDetailsView *view,
                   const char       *text)
{
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (
                                  GTK_TEXT_VIEW (vireo_details_view_get_xml_view (view))),
                              text, -1);
}

/* The XML view: read-only unless the preference allows it; a device's XML
 * on its page; an edit applied; a document libvirt refuses leaves the VM
 * as it was. */
static void
test_xml (void)
{
    VireoVmWindow *window = open_window ("off", VIREO_VM_VIEW_DETAILS);
    VireoDetailsView *view = details_of (window);
    g_autofree char *text = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *edited = NULL;
    g_autofree char *broken = NULL;
    GtkMessageType type;
    char *at;

    g_settings_set_boolean (fx.settings, "xml-editing", FALSE);
    vireo_details_view_show_xml (view, TRUE);
    g_assert_true (GTK_IS_TEXT_VIEW (vireo_details_view_get_xml_view (view)));
    /* GtkSourceView, from the module's code linked into the tests. */
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (vireo_details_view_get_xml_view (view)), ==,
                     "GtkSourceView");
    g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (
                        vireo_details_view_get_xml_view (view))));
    text = xml_view_text (view);
    g_assert_true (g_str_has_prefix (text, "<domain"));
    g_settings_set_boolean (fx.settings, "xml-editing", TRUE);
    g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (
                       vireo_details_view_get_xml_view (view))));

    /* A device page shows its device. */
    g_assert_true (vireo_details_view_show_page (view, "disk:1"));
    g_clear_pointer (&text, g_free);
    text = xml_view_text (view);
    g_assert_true (g_str_has_prefix (text, "<disk"));

    /* A valid edit of the whole domain. */
    g_assert_true (vireo_details_view_show_page (view, "overview"));
    g_clear_pointer (&text, g_free);
    text = xml_view_text (view);
    at = strstr (text, "</name>");
    g_assert_nonnull (at);
    edited = g_strdup_printf ("%.*s</name>\n  <description>Written as XML</description>%s",
                              (int) (at - text), text, at + strlen ("</name>"));
    set_xml_view_text (view, edited);
    g_assert_true (vireo_details_view_get_dirty (view));
    apply (view);
    g_assert_cmpint ((vireo_details_view_get_message (view, &type), type), ==, GTK_MESSAGE_INFO);
    before = inactive_xml ("off");
    g_assert_nonnull (strstr (before, "<description>Written as XML</description>"));

    /* Refused: libvirt's reason, the text kept, the VM unchanged. */
    broken = g_strdup ("<domain type='test'><name>off</name><memory unit='KiB'>lots</memory>"
                       "</domain>");
    set_xml_view_text (view, broken);
    apply (view);
    g_assert_cmpint ((vireo_details_view_get_message (view, &type), type), ==, GTK_MESSAGE_ERROR);
    g_test_message ("refused: %s", vireo_details_view_get_message (view, NULL));
    g_assert_true (vireo_details_view_get_dirty (view));
    after = inactive_xml ("off");
    g_assert_cmpstr (after, ==, before);
    g_action_group_activate_action (vireo_details_view_get_actions (view), "revert", NULL);
    g_assert_false (vireo_details_view_get_dirty (view));
    g_settings_set_boolean (fx.settings, "xml-editing", FALSE);
    gtk_widget_destroy (GTK_WIDGET (window));
}

/* Add Hardware writes the device and shows its page; Remove asks, and
 * removes it. */
static void
test_add_remove (void)
{
    VireoVmWindow *window = open_window ("off", VIREO_VM_VIEW_DETAILS);
    VireoDetailsView *view = details_of (window);
    VireoAddHardwareDialog *dialog;
    GtkWidget *remove;
    g_autofree char *xml = NULL;

    g_assert_false (has_title (view, "Watchdog"));
    g_action_group_activate_action (vireo_details_view_get_actions (view), "add-hardware", NULL);
    dialog = VIREO_ADD_HARDWARE_DIALOG (wait_toplevel (VIREO_TYPE_ADD_HARDWARE_DIALOG));
    vireo_add_hardware_dialog_select (dialog, "watchdog");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    spin (50);
    wait_idle (view);
    g_assert_null (find_toplevel (VIREO_TYPE_ADD_HARDWARE_DIALOG));
    g_assert_cmpstr (vireo_details_view_get_page_id (view), ==, "watchdog:1");
    g_assert_true (has_title (view, "Watchdog"));
    xml = inactive_xml ("off");
    g_assert_nonnull (strstr (xml, "<watchdog model='i6300esb' action='reset'"));

    g_action_group_activate_action (vireo_details_view_get_actions (view), "remove-device", NULL);
    remove = wait_toplevel (VIREO_TYPE_REMOVE_DEVICE_DIALOG);
    gtk_dialog_response (GTK_DIALOG (remove), GTK_RESPONSE_ACCEPT);
    spin (50);
    wait_idle (view);
    g_clear_pointer (&xml, g_free);
    xml = inactive_xml ("off");
    g_assert_null (strstr (xml, "<watchdog"));
    g_assert_cmpstr (vireo_details_view_get_page_id (view), ==, "overview");

    /* With its confirmation turned off in Preferences, Remove asks nothing. */
    g_action_group_activate_action (vireo_details_view_get_actions (view), "add-hardware", NULL);
    dialog = VIREO_ADD_HARDWARE_DIALOG (wait_toplevel (VIREO_TYPE_ADD_HARDWARE_DIALOG));
    vireo_add_hardware_dialog_select (dialog, "watchdog");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    spin (50);
    wait_idle (view);
    g_assert_cmpstr (vireo_details_view_get_page_id (view), ==, "watchdog:1");
    g_settings_set_boolean (fx.settings, "confirm-remove-device", FALSE);
    g_action_group_activate_action (vireo_details_view_get_actions (view), "remove-device", NULL);
    spin (50);
    g_assert_null (find_toplevel (VIREO_TYPE_REMOVE_DEVICE_DIALOG));
    wait_idle (view);
    g_settings_reset (fx.settings, "confirm-remove-device");
    g_clear_pointer (&xml, g_free);
    xml = inactive_xml ("off");
    g_assert_null (strstr (xml, "<watchdog"));
    gtk_widget_destroy (GTK_WIDGET (window));
}

/* The Console view loads the console page (linked here) and puts its
 * toolbar in the window's. */
static void
test_views (void)
{
    VireoVmWindow *window = open_window ("rich", VIREO_VM_VIEW_PERFORMANCE);
    VireoDetailsView *view = details_of (window);
    GtkWidget *page;

    g_assert_cmpint (vireo_vm_window_get_view (window), ==, VIREO_VM_VIEW_PERFORMANCE);
    g_assert_cmpstr (vireo_details_view_get_page_id (view), ==, "performance");
    g_assert_null (vireo_vm_window_get_console_page (window));
    vireo_vm_window_set_view (window, VIREO_VM_VIEW_CONSOLE);
    page = vireo_vm_window_get_console_page (window);
    g_assert_nonnull (page);
    g_assert_true (g_str_equal (G_OBJECT_TYPE_NAME (page), "VireoConsolePage"));
    /* The console's actions reach the window. */
    g_assert_nonnull (gtk_widget_get_action_group (GTK_WIDGET (window), "console"));
    /* One window per VM. */
    g_assert_true (open_window ("rich", VIREO_VM_VIEW_DETAILS) == window);
    g_assert_cmpint (vireo_vm_window_get_view (window), ==, VIREO_VM_VIEW_DETAILS);
    gtk_widget_destroy (GTK_WIDGET (window));
}

/* A connection the user closes takes its VM windows with it (a connection
 * that drops keeps them: test-vm-window-daemon.py). */
static void
test_connection_closed (void)
{
    g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
    g_autoptr(GError) error = NULL;
    VireoVmWindow *window;
    VireoDomain *test;

    g_assert_true (vireo_connection_open (connection, NULL, &error));
    g_assert_no_error (error);
    test = vireo_connection_find_domain (connection, "test");
    g_assert_nonnull (test);
    window = vireo_vm_window_present (fx.app, test, fx.settings, VIREO_VM_VIEW_DETAILS);
    g_assert_true (vireo_vm_window_find (fx.app, test) == window);
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
    vireo_connection_close (connection);
    spin (100);
    g_assert_null (window);
}

/* ---------------------------------------------------------------- graphs */

static guint
count_color (cairo_surface_t *surface,
             const char      *spec)
{
    GdkRGBA color;
    guint8 *data = cairo_image_surface_get_data (surface);
    int stride = cairo_image_surface_get_stride (surface);
    int width = cairo_image_surface_get_width (surface);
    int height = cairo_image_surface_get_height (surface);
    guint count = 0;

    cairo_surface_flush (surface);
    gdk_rgba_parse (&color, spec);
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            guint32 pixel = *(guint32 *) (data + y * stride + x * 4);
            int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

            if (ABS (r - (int) (color.red * 255)) <= 12 &&
                ABS (g - (int) (color.green * 255)) <= 12 &&
                ABS (b - (int) (color.blue * 255)) <= 12)
                count++;
        }
    }
    return count;
}

static cairo_surface_t *
render (GtkWidget *graph)
{
    GtkWidget *window = gtk_offscreen_window_new ();
    cairo_surface_t *surface;
    cairo_t *cr;

    gtk_widget_set_size_request (graph, 400, 160);
    gtk_container_add (GTK_CONTAINER (window), graph);
    gtk_widget_show_all (window);
    spin (100);
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 160);
    cr = cairo_create (surface);
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    gtk_widget_draw (graph, cr);
    cairo_destroy (cr);
    g_object_set_data_full (G_OBJECT (graph), "test-window", window,
                            (GDestroyNotify) gtk_widget_destroy);
    return surface;
}

/* Ten minutes of CPU samples draw a line of the first colour; metrics not
 * sampled draw nothing, and say "No data". */
static void
test_graph (void)
{
    g_autoptr(VireoStatsHistory) history = vireo_stats_history_new (600);
    gint64 now = g_get_monotonic_time ();
    GtkWidget *graph = vireo_graph_new (VIREO_GRAPH_UNIT_PERCENT);
    GtkWidget *empty = vireo_graph_new (VIREO_GRAPH_UNIT_BYTES_RATE);
    cairo_surface_t *surface;
    g_autofree char *label = NULL;

    for (int i = 599; i >= 0; i--) {
        VireoStatsSample sample = { now - (gint64) i * G_USEC_PER_SEC, { 0 } };

        for (guint m = 0; m < VIREO_STATS_N_METRICS; m++)
            sample.values[m] = NAN;
        sample.values[VIREO_STATS_METRIC_CPU_PERCENT] = 40 + 30 * sin (i / 30.0);
        vireo_stats_history_push (history, &sample);
    }
    vireo_graph_set_history (VIREO_GRAPH (graph), history);
    vireo_graph_set_metrics (VIREO_GRAPH (graph), VIREO_STATS_METRIC_CPU_PERCENT, -1);
    vireo_graph_set_max (VIREO_GRAPH (graph), 100);
    surface = render (graph);
    g_assert_cmpuint (vireo_graph_get_n_drawn (VIREO_GRAPH (graph)), ==, 600);
    g_assert_cmpuint (count_color (surface, VIREO_GRAPH_COLOR_1), >, 300);
    g_assert_cmpuint (count_color (surface, VIREO_GRAPH_COLOR_2), ==, 0);
    cairo_surface_destroy (surface);

    vireo_graph_set_history (VIREO_GRAPH (empty), history);
    vireo_graph_set_metrics (VIREO_GRAPH (empty), VIREO_STATS_METRIC_DISK_READ_BPS,
                             VIREO_STATS_METRIC_DISK_WRITE_BPS);
    surface = render (empty);
    g_assert_cmpuint (vireo_graph_get_n_drawn (VIREO_GRAPH (empty)), ==, 0);
    g_assert_cmpuint (count_color (surface, VIREO_GRAPH_COLOR_1), ==, 0);
    cairo_surface_destroy (surface);

    label = vireo_graph_format_value (VIREO_GRAPH_UNIT_BYTES_RATE, 1572864);
    g_assert_cmpstr (label, ==, "1.5\u00a0MiB/s");
    g_clear_pointer (&label, g_free);
    label = vireo_graph_format_value (VIREO_GRAPH_UNIT_KIB, 524288);
    g_assert_cmpstr (label, ==, "512.0\u00a0MiB");
    gtk_widget_destroy (g_object_get_data (G_OBJECT (graph), "test-window"));
    gtk_widget_destroy (g_object_get_data (G_OBJECT (empty), "test-window"));
}

static gboolean
domain_paused (gpointer data)
{
    return vireo_domain_get_state (data) == VIREO_DOMAIN_STATE_PAUSED;
}

static gboolean
domain_inactive (gpointer data)
{
    return !vireo_domain_is_active (data);
}

/* Force off, reset and pause ask first (the confirmation the manager uses),
 * unless Preferences turned the question off. */
static void
test_confirm (void)
{
    VireoVmWindow *window = open_window ("rich", VIREO_VM_VIEW_DETAILS);
    VireoDomain *rich = domain ("rich");
    GtkWidget *dialog;

    g_assert_true (vireo_domain_is_active (rich));
    g_action_group_activate_action (G_ACTION_GROUP (window), "force-off", NULL);
    dialog = wait_toplevel (VIREO_TYPE_CONFIRM_DIALOG);
    g_assert_cmpint (vireo_confirm_dialog_get_kind (VIREO_CONFIRM_DIALOG (dialog)), ==,
                     VIREO_CONFIRM_FORCE_OFF);
    g_assert_cmpstr (vireo_confirm_dialog_get_names (VIREO_CONFIRM_DIALOG (dialog))[0], ==,
                     "rich");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    spin (200);
    g_assert_true (vireo_domain_is_active (rich));

    /* Pause with its question turned off: no dialog, the VM pauses. */
    g_settings_set_boolean (fx.settings, "confirm-pause", FALSE);
    g_action_group_activate_action (G_ACTION_GROUP (window), "pause", NULL);
    if (!wait_until (domain_paused, rich))
        g_error ("rich did not pause");
    g_assert_null (find_toplevel (VIREO_TYPE_CONFIRM_DIALOG));
    g_settings_reset (fx.settings, "confirm-pause");

    /* Accepted, the action runs. */
    g_action_group_activate_action (G_ACTION_GROUP (window), "force-off", NULL);
    dialog = wait_toplevel (VIREO_TYPE_CONFIRM_DIALOG);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    if (!wait_until (domain_inactive, rich))
        g_error ("rich was not forced off");
    gtk_widget_destroy (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
    g_autofree char *path = NULL;
    g_autofree char *uri = NULL;
    g_autoptr(GError) error = NULL;
    int status;

    gtk_test_init (&argc, &argv, NULL);
    vireo_vmm_silence_libvirt_errors ();

    path = g_test_build_filename (G_TEST_DIST, "fixtures", "editor", "node.xml", NULL);
    uri = g_strdup_printf ("test://%s", path);
    fx.connection = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (fx.connection, NULL, &error));
    g_assert_no_error (error);
    fx.settings = g_settings_new ("org.vireo.Vireo");
    fx.app = gtk_application_new ("org.vireo.VireoTest", G_APPLICATION_NON_UNIQUE);
    g_assert_true (g_application_register (G_APPLICATION (fx.app), NULL, &error));

    g_test_add_func ("/vireo/vm-window/sidebar", test_sidebar);
    g_test_add_func ("/vireo/vm-window/memory-vcpus", test_memory_vcpus);
    g_test_add_func ("/vireo/vm-window/os", test_os);
    g_test_add_func ("/vireo/vm-window/unapplied", test_unapplied);
    g_test_add_func ("/vireo/vm-window/xml", test_xml);
    g_test_add_func ("/vireo/vm-window/add-remove", test_add_remove);
    g_test_add_func ("/vireo/vm-window/add-host-device", test_add_host_device);
    g_test_add_func ("/vireo/vm-window/views", test_views);
    g_test_add_func ("/vireo/vm-window/connection-closed", test_connection_closed);
    g_test_add_func ("/vireo/vm-window/graph", test_graph);
    /* Last: it forces "rich" off. */
    g_test_add_func ("/vireo/vm-window/confirm", test_confirm);
    status = g_test_run ();

    g_object_unref (fx.app);
    g_object_unref (fx.settings);
    vireo_connection_close (fx.connection);
    g_object_unref (fx.connection);
    return status;
}
