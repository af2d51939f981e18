/* vireo-host-window.c: a connection's host window
 *
 * The Overview page reads the host's facts as soon as the connection is open; the other
 * pages read theirs when first shown, or in the background once the window is mapped, so
 * that the window comes up at once whatever the number of networks, pools and volumes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include <glib/gi18n.h>

#include "vireo-a11y.h"
#include "vireo-help.h"
#include "vireo-host-devices.h"
#include "vireo-host-networks.h"
#include "vireo-host-overview.h"
#include "vireo-host-storage.h"
#include "vireo-host-window.h"

struct _VireoHostWindow {
    GtkApplicationWindow parent_instance;

    /* template widgets */
    GtkHeaderBar      *header_bar;
    GtkInfoBar        *info_bar;
    GtkLabel          *info_label;
    GtkNotebook       *notebook;
    VireoHostOverview *overview;
    VireoHostNetworks *networks;
    VireoHostStorage  *storage;
    VireoHostDevices  *devices;

    /* owned */
    VireoConnection   *connection;
    GCancellable      *cancellable;

    gboolean           mapped_once;
    gboolean           bench;
    gboolean           bench_loaded;
};

enum {
    PROP_0,
    PROP_CONNECTION,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoHostWindow, vireo_host_window, GTK_TYPE_APPLICATION_WINDOW)

static const struct {
    const char *name;
    int         index;
} pages[] = {
    { VIREO_HOST_PAGE_OVERVIEW, 0 },
    { VIREO_HOST_PAGE_NETWORKS, 1 },
    { VIREO_HOST_PAGE_STORAGE,  2 },
    { VIREO_HOST_PAGE_DEVICES,  3 },
};

static double
ms_since_start (VireoHostWindow *self)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    gint64 start = app != NULL ? vireo_application_get_start_time (VIREO_APPLICATION (app)) : 0;

    return start > 0 ? (g_get_monotonic_time () - start) / 1000.0 : 0.0;
}

static gboolean
all_loaded (VireoHostWindow *self)
{
    return vireo_host_overview_is_loaded (self->overview) &&
           vireo_host_networks_is_loaded (self->networks) &&
           vireo_host_storage_is_loaded (self->storage) &&
           vireo_host_devices_is_loaded (self->devices);
}

static void
page_loaded_cb (VireoHostWindow *self)
{
    if (!self->bench || self->bench_loaded || !all_loaded (self))
        return;
    self->bench_loaded = TRUE;
    printf ("VIREO_HOST_LOADED %.1f\n", ms_since_start (self));
    fflush (stdout);
}

/* Loads the page shown now, then (once mapped) the others. */
static void
load_pages (VireoHostWindow *self)
{
    int current = gtk_notebook_get_current_page (self->notebook);

    if (vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_ACTIVE)
        return;
    vireo_host_overview_load (self->overview);
    if (current == 1 || self->mapped_once)
        vireo_host_networks_load (self->networks);
    if (current == 2 || self->mapped_once)
        vireo_host_storage_load (self->storage);
    if (current == 3 || self->mapped_once)
        vireo_host_devices_load (self->devices);
}

static void
update_title (VireoHostWindow *self)
{
    g_autofree char *name = vireo_connection_dup_display_name (self->connection);
    g_autofree char *title = NULL;

    /* TRANSLATORS: the window's title: a connection's name, e.g. "QEMU/KVM – Connection
     * Details" */
    title = g_strdup_printf (_("%s – Connection Details"), name);
    gtk_window_set_title (GTK_WINDOW (self), title);
    gtk_header_bar_set_subtitle (self->header_bar, name);
}

static void
connection_state_cb (VireoHostWindow *self)
{
    switch (vireo_connection_get_state (self->connection)) {
    case VIREO_CONNECTION_STATE_ACTIVE:
        gtk_info_bar_set_revealed (self->info_bar, FALSE);
        load_pages (self);
        break;
    case VIREO_CONNECTION_STATE_FAILED: {
        g_autofree char *message = g_strdup_printf (
            _("The connection could not be opened: %s"),
            vireo_connection_get_error_message (self->connection) ?: "");

        vireo_host_window_show_error (self, message);
        break;
    }
    case VIREO_CONNECTION_STATE_DISCONNECTED:
        vireo_host_window_show_error (self, _("The connection is closed: connect it to see "
                                              "its host."));
        break;
    case VIREO_CONNECTION_STATE_CONNECTING:
    default:
        break;
    }
}

static void
switch_page_cb (VireoHostWindow *self,
                GtkWidget       *page,
                guint            index)
{
    if (vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_ACTIVE)
        return;
    if (page == GTK_WIDGET (self->networks))
        vireo_host_networks_load (self->networks);
    else if (page == GTK_WIDGET (self->storage))
        vireo_host_storage_load (self->storage);
    else if (page == GTK_WIDGET (self->devices))
        vireo_host_devices_load (self->devices);
}

static void
info_bar_response_cb (VireoHostWindow *self)
{
    gtk_info_bar_set_revealed (self->info_bar, FALSE);
}

static gboolean
map_event_cb (VireoHostWindow *self)
{
    if (self->mapped_once)
        return GDK_EVENT_PROPAGATE;
    self->mapped_once = TRUE;
    if (self->bench) {
        printf ("VIREO_HOST_MAPPED %.1f\n", ms_since_start (self));
        fflush (stdout);
        if (g_getenv ("VIREO_BENCH_QUIT_AFTER_MAP") != NULL) {
            g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
            return GDK_EVENT_PROPAGATE;
        }
    }
    load_pages (self);
    return GDK_EVENT_PROPAGATE;
}

/* Once the application and the connection are set (GtkWindow's application
 * is not a construct property: it is not set yet in constructed). */
static void
setup (VireoHostWindow  *self,
       VireoApplication *app)
{
    vireo_host_overview_set_connection (self->overview, app, self->connection,
                                        self->cancellable);
    vireo_host_networks_set_connection (self->networks, self->connection, self->cancellable);
    vireo_host_storage_set_connection (self->storage, self->connection, self->cancellable);
    vireo_host_devices_set_connection (self->devices, self->connection, self->cancellable);
    g_signal_connect_object (self->connection, "notify::state",
                             G_CALLBACK (connection_state_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->connection, "notify::display-name",
                             G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
    update_title (self);
    connection_state_cb (self);
}

static void
vireo_host_window_destroy (GtkWidget *widget)
{
    VireoHostWindow *self = VIREO_HOST_WINDOW (widget);

    g_cancellable_cancel (self->cancellable);
    GTK_WIDGET_CLASS (vireo_host_window_parent_class)->destroy (widget);
}

static void
vireo_host_window_dispose (GObject *object)
{
    VireoHostWindow *self = VIREO_HOST_WINDOW (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);

    G_OBJECT_CLASS (vireo_host_window_parent_class)->dispose (object);
}

static void
vireo_host_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
    VireoHostWindow *self = VIREO_HOST_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        self->connection = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_host_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
    VireoHostWindow *self = VIREO_HOST_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_set_object (value, self->connection);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_host_window_class_init (VireoHostWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vireo_host_window_dispose;
    object_class->set_property = vireo_host_window_set_property;
    object_class->get_property = vireo_host_window_get_property;
    widget_class->destroy = vireo_host_window_destroy;

    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    g_type_ensure (VIREO_TYPE_HOST_OVERVIEW);
    g_type_ensure (VIREO_TYPE_HOST_NETWORKS);
    g_type_ensure (VIREO_TYPE_HOST_STORAGE);
    g_type_ensure (VIREO_TYPE_HOST_DEVICES);
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-host-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoHostWindow, header_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoHostWindow, info_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoHostWindow, info_label);
    gtk_widget_class_bind_template_child (widget_class, VireoHostWindow, notebook);
    gtk_widget_class_bind_template_child (widget_class, VireoHostWindow, overview);
    gtk_widget_class_bind_template_child (widget_class, VireoHostWindow, networks);
    gtk_widget_class_bind_template_child (widget_class, VireoHostWindow, storage);
    gtk_widget_class_bind_template_child (widget_class, VireoHostWindow, devices);
    gtk_widget_class_bind_template_callback (widget_class, switch_page_cb);
    gtk_widget_class_bind_template_callback (widget_class, info_bar_response_cb);
    gtk_widget_class_bind_template_callback (widget_class, map_event_cb);
}

static void
vireo_host_window_init (VireoHostWindow *self)
{
    self->cancellable = g_cancellable_new ();
    self->bench = g_getenv ("VIREO_BENCH") != NULL;
    gtk_widget_init_template (GTK_WIDGET (self));
    vireo_help_install (GTK_WINDOW (self), "host");
    vireo_a11y_name_info_bar_close (self->info_bar);
    g_signal_connect_object (self->overview, "loaded", G_CALLBACK (page_loaded_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->networks, "loaded", G_CALLBACK (page_loaded_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->storage, "loaded", G_CALLBACK (page_loaded_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->devices, "loaded", G_CALLBACK (page_loaded_cb), self,
                             G_CONNECT_SWAPPED);
}

GtkWidget *
vireo_host_window_new (VireoApplication *app,
                       VireoConnection  *connection)
{
    VireoHostWindow *self;

    g_return_val_if_fail (VIREO_IS_APPLICATION (app), NULL);
    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIREO_TYPE_HOST_WINDOW, "application", app, "connection", connection,
                         NULL);
    setup (self, app);
    return GTK_WIDGET (self);
}

VireoConnection *
vireo_host_window_get_connection (VireoHostWindow *self)
{
    g_return_val_if_fail (VIREO_IS_HOST_WINDOW (self), NULL);

    return self->connection;
}

void
vireo_host_window_show_error (VireoHostWindow *self,
                              const char      *message)
{
    g_return_if_fail (VIREO_IS_HOST_WINDOW (self));

    gtk_label_set_text (self->info_label, message);
    gtk_info_bar_set_revealed (self->info_bar, TRUE);
}

void
vireo_host_window_show_page (VireoHostWindow *self,
                             const char      *name)
{
    g_return_if_fail (VIREO_IS_HOST_WINDOW (self));

    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        if (g_strcmp0 (pages[i].name, name) == 0)
            gtk_notebook_set_current_page (self->notebook, pages[i].index);
}

VireoHostWindow *
vireo_host_window_for_widget (GtkWidget *widget)
{
    GtkWidget *toplevel;

    g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

    toplevel = gtk_widget_get_toplevel (widget);
    if (GTK_IS_WINDOW (toplevel) && !VIREO_IS_HOST_WINDOW (toplevel))
        toplevel = GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (toplevel)));
    return toplevel != NULL && VIREO_IS_HOST_WINDOW (toplevel) ? VIREO_HOST_WINDOW (toplevel)
                                                               : NULL;
}

void
vireo_host_window_report (GtkWidget  *widget,
                          const char *message)
{
    VireoHostWindow *window = vireo_host_window_for_widget (widget);

    if (window != NULL)
        vireo_host_window_show_error (window, message);
    else
        g_warning ("%s", message);
}
