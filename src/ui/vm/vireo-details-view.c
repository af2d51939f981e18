/* vireo-details-view.c: a VM window's Details view: sections and devices,
 * their pages, reading the definition
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>

#include "vireo-a11y.h"
#include "vireo-details-view-private.h"
#include "vireo-device-fields.h"
#include "vireo-form-page.h"
#include "vireo-os-page.h"
#include "vireo-overview-page.h"
#include "vireo-performance-page.h"
#include "vireo-unapplied-dialog.h"

enum {
    PROP_0,
    PROP_DOMAIN,
    PROP_SETTINGS,
    PROP_DIRTY,
    PROP_LOADED,
    PROP_BUSY,
    PROP_WARM,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoDetailsView, vireo_details_view, GTK_TYPE_BOX)

/* The sections, before the devices. */
static const struct {
    const char *id;
    const char *title;
    const char *icon_name;
} sections[] = {
    { "overview", N_("Overview"), "dialog-information-symbolic" },
    { "os", N_("OS Information"), "computer-symbolic" },
    { "performance", N_("Performance"), "power-profile-performance-symbolic" },
    { "cpus", N_("CPUs"), "system-run-symbolic" },
    { "memory", N_("Memory"), "media-flash-symbolic" },
    { "boot", N_("Boot Options"), "system-reboot-symbolic" },
};

/* ---------------------------------------------------------------- helpers */

static void
entry_free (DetailsEntry *entry)
{
    g_free (entry->id);
    g_free (entry->title);
    g_free (entry->icon_name);
    g_free (entry->option);
    g_free (entry);
}

static GtkWidget *
make_row (DetailsEntry *entry)
{
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *label = gtk_label_new (entry->title);

    gtk_container_set_border_width (GTK_CONTAINER (box), 6);
    gtk_container_add (GTK_CONTAINER (box),
                       gtk_image_new_from_icon_name (entry->icon_name, GTK_ICON_SIZE_MENU));
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_container_add (GTK_CONTAINER (box), label);
    gtk_container_add (GTK_CONTAINER (row), box);
    atk_object_set_name (gtk_widget_get_accessible (row), entry->title);
    gtk_widget_set_tooltip_text (row, entry->title);
    g_object_set_data (G_OBJECT (row), "vireo-entry", entry);
    gtk_widget_show_all (row);
    return row;
}

static void
select_row_quietly (VireoDetailsView *self,
                    GtkWidget        *row)
{
    self->selecting = TRUE;
    gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
    self->selecting = FALSE;
}

static VireoFormPage *
build_section_page (VireoDetailsView *self,
                    DetailsEntry     *entry)
{
    VireoFormPage *page = vireo_form_page_new (self->domain, entry->title, entry->icon_name,
                                               NULL, 0);
    const VireoFieldSpec *specs;
    guint n = 0;

    if (g_str_equal (entry->id, "cpus")) {
        specs = vireo_section_fields ("vcpus", &n);
        vireo_form_page_add_form (page, vireo_form_new ("vcpus", specs, n), 0, NULL, FALSE);
        specs = vireo_section_fields ("cpu", &n);
        vireo_form_page_add_form (page, vireo_form_new ("cpu", specs, n), 0, _("Model"), FALSE);
        specs = vireo_section_fields ("cpu-topology", &n);
        vireo_form_page_add_form (page, vireo_form_new ("cpu", specs, n), 0, _("Topology"), TRUE);
        vireo_form_page_set_note (page, _("A running virtual machine takes more vCPUs at once, "
                                          "up to its maximum; the other changes apply after "
                                          "its next shutdown."));
    } else if (g_str_equal (entry->id, "memory")) {
        specs = vireo_section_fields ("memory", &n);
        vireo_form_page_add_form (page, vireo_form_new ("memory", specs, n), 0, NULL, FALSE);
        vireo_form_page_set_note (page, _("A running virtual machine with a memory balloon "
                                          "gets its current allocation at once; the maximum "
                                          "changes after its next shutdown."));
    } else {
        specs = vireo_section_fields ("boot", &n);
        vireo_form_page_add_form (page, vireo_form_new ("boot", specs, n), 0, NULL, FALSE);
        vireo_form_page_show_autostart (page);
        vireo_form_page_set_note (page, _("Boot changes apply the next time the virtual "
                                          "machine starts."));
    }
    return page;
}

static VireoDetailsPage *
build_page (VireoDetailsView *self,
            DetailsEntry     *entry)
{
    GtkWidget *page;
    g_autofree char *name = NULL;

    if (entry->option != NULL) {
        page = GTK_WIDGET (vireo_form_page_new_for_device (self->domain, self->editor,
                                                           entry->option, entry->index,
                                                           entry->title));
        g_hash_table_insert (self->device_pages, g_strdup (entry->option), page);
        name = g_strdup_printf ("device:%s", entry->option);
    } else if (g_str_equal (entry->id, "overview")) {
        page = vireo_overview_page_new (self->domain);
    } else if (g_str_equal (entry->id, "os")) {
        page = vireo_os_page_new (self->domain);
    } else if (g_str_equal (entry->id, "performance")) {
        page = vireo_performance_page_new (self->domain);
    } else {
        page = GTK_WIDGET (build_section_page (self, entry));
    }
    g_signal_connect_object (page, "notify::dirty",
                             G_CALLBACK (_vireo_details_view_update_actions), self,
                             G_CONNECT_SWAPPED);
    gtk_widget_show (page);
    gtk_stack_add_named (self->pages, page, name != NULL ? name : entry->id);
    vireo_details_page_load (VIREO_DETAILS_PAGE (page), self->editor);
    return VIREO_DETAILS_PAGE (page);
}

/* Points the shared page of @entry's option at @entry's device. */
static void
retarget_page (VireoDetailsView *self,
               DetailsEntry     *entry)
{
    VireoDetailsPage *page = entry->page;

    if (vireo_details_page_get_index (page) == entry->index &&
        g_strcmp0 (vireo_details_page_get_title (page), entry->title) == 0)
        return;
    vireo_details_page_set_index (page, entry->index);
    vireo_details_page_set_title (page, entry->title);
    vireo_details_page_set_icon_name (page, entry->icon_name);
    vireo_details_page_load (page, self->editor);
}

static void
set_page_shown (VireoDetailsView *self,
                DetailsEntry     *entry,
                gboolean          shown)
{
    if (entry == NULL || entry->page == NULL)
        return;
    vireo_details_page_set_shown (entry->page, shown && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                                               !gtk_toggle_button_get_active (self->xml_tab));
}

/* Builds the entries of the definition in @self->editor, keeping the pages
 * whose ids remain. */
static void
rebuild_entries (VireoDetailsView *self)
{
    g_autoptr(GPtrArray) old = g_steal_pointer (&self->entries);
    g_autoptr(GPtrArray) devices = vireo_domain_editor_list_devices (self->editor);
    g_autoptr(GPtrArray) titles = vireo_device_list_titles (self->editor, devices);
    g_autofree char *current_id = self->current != NULL ? g_strdup (self->current->id) : NULL;
    g_autoptr(GList) rows = NULL;

    self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
    for (guint i = 0; i < G_N_ELEMENTS (sections); i++) {
        DetailsEntry *entry = g_new0 (DetailsEntry, 1);

        entry->id = g_strdup (sections[i].id);
        entry->title = g_strdup (_(sections[i].title));
        entry->icon_name = g_strdup (sections[i].icon_name);
        g_ptr_array_add (self->entries, entry);
    }
    for (guint i = 0; i < devices->len; i++) {
        VireoDomainEditorDevice *device = devices->pdata[i];
        DetailsEntry *entry = g_new0 (DetailsEntry, 1);

        entry->id = g_strdup_printf ("%s:%u", device->option, device->index);
        entry->title = g_strdup (titles->pdata[i]);
        entry->icon_name = g_strdup (vireo_device_icon_name (self->editor, device->option,
                                                             (int) device->index));
        entry->option = g_strdup (device->option);
        entry->index = (int) device->index;
        g_ptr_array_add (self->entries, entry);
    }

    /* Section pages stay; a device page stays while its option has devices,
     * shared by them; the others go. */
    for (guint i = 0; old != NULL && i < old->len; i++) {
        DetailsEntry *was = old->pdata[i];
        DetailsEntry *now = was->page != NULL && was->option == NULL
                            ? _vireo_details_view_find_entry (self, was->id) : NULL;

        if (was->page != NULL && was->option == NULL && now != NULL)
            now->page = was->page;
    }
    {
        GHashTableIter iter;
        gpointer option, page;

        g_hash_table_iter_init (&iter, self->device_pages);
        while (g_hash_table_iter_next (&iter, &option, &page)) {
            gboolean used = FALSE;

            for (guint i = 0; i < self->entries->len; i++) {
                DetailsEntry *entry = self->entries->pdata[i];

                if (g_strcmp0 (entry->option, option) == 0) {
                    entry->page = page;
                    used = TRUE;
                }
            }
            if (!used) {
                vireo_details_page_set_shown (page, FALSE);
                gtk_widget_destroy (page);
                g_hash_table_iter_remove (&iter);
            }
        }
    }
    self->current = current_id != NULL ? _vireo_details_view_find_entry (self, current_id) : NULL;

    self->selecting = TRUE;
    rows = gtk_container_get_children (GTK_CONTAINER (self->sidebar));
    for (GList *l = rows; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    for (guint i = 0; i < self->entries->len; i++) {
        DetailsEntry *entry = self->entries->pdata[i];

        entry->row = make_row (entry);
        gtk_container_add (GTK_CONTAINER (self->sidebar), entry->row);
    }
    self->selecting = FALSE;
}

/* ---------------------------------------------------------------- warming */

/* Builds one page not built yet (a device kind's shared page counts once)
 * and has GTK measure it, so that showing it later costs a layout and a
 * draw; FALSE when every page is built. */
static gboolean
warm_one (VireoDetailsView *self)
{
    for (guint i = 0; self->entries != NULL && i < self->entries->len; i++) {
        DetailsEntry *entry = self->entries->pdata[i];
        GtkRequisition minimum, natural;

        if (entry->page == NULL && entry->option != NULL)
            entry->page = g_hash_table_lookup (self->device_pages, entry->option);
        if (entry->page != NULL)
            continue;
        entry->page = build_page (self, entry);
        gtk_widget_get_preferred_size (GTK_WIDGET (entry->page), &minimum, &natural);
        return TRUE;
    }
    return FALSE;
}

static gboolean
warm_cb (gpointer user_data)
{
    VireoDetailsView *self = user_data;

    if (self->busy || self->loading || warm_one (self))
        return G_SOURCE_CONTINUE;
    self->warm_id = 0;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARM]);
    return G_SOURCE_REMOVE;
}

/* Pages are built ahead, one per idle at low priority, once the first is
 * shown: switching pages then makes no widgets. */
static void
start_warming (VireoDetailsView *self)
{
    if (self->warm_id == 0)
        self->warm_id = g_idle_add_full (G_PRIORITY_LOW, warm_cb, self, NULL);
}

/* ---------------------------------------------------------------- reading */

typedef struct {
    VireoDetailsView *self;
    gboolean          force;
    char             *select_id;
} ReloadData;

static void
reload_data_free (ReloadData *data)
{
    g_object_unref (data->self);
    g_free (data->select_id);
    g_free (data);
}

static void
editor_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
    ReloadData *data = user_data;
    VireoDetailsView *self = data->self;
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(GError) error = NULL;
    DetailsEntry *target;

    editor = vireo_domain_editor_new_for_domain_finish (VIREO_DOMAIN (source), result, &error);
    if (g_cancellable_is_cancelled (self->cancellable)) {
        reload_data_free (data);
        return;
    }
    self->loading = FALSE;
    if (editor == NULL) {
        g_autofree char *message = g_strdup_printf (_("The definition of “%s” could not be "
                                                      "read: %s"),
                                                    vireo_domain_get_name (self->domain),
                                                    error->message);

        if (self->loaded) {
            _vireo_details_view_say (self, GTK_MESSAGE_ERROR, message);
        } else {
            gtk_label_set_text (self->load_error, message);
            gtk_stack_set_visible_child_name (self->state_stack, "error");
        }
        _vireo_details_view_update_actions (self);
        reload_data_free (data);
        return;
    }
    vireo_trace_mark ("details: definition read");
    g_set_object (&self->editor, editor);
    rebuild_entries (self);
    {
        g_autoptr(GHashTable) loaded = g_hash_table_new (NULL, NULL);

        for (guint i = 0; i < self->entries->len; i++) {
            DetailsEntry *entry = self->entries->pdata[i];

            if (entry->page == NULL || !g_hash_table_add (loaded, entry->page))
                continue;
            if (data->force || !vireo_details_page_get_dirty (entry->page))
                vireo_details_page_load (entry->page, self->editor);
        }
    }
    if (!self->loaded) {
        self->loaded = TRUE;
        gtk_stack_set_visible_child_name (self->state_stack, "content");
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
    target = data->select_id != NULL ? _vireo_details_view_find_entry (self, data->select_id)
                                     : NULL;
    if (target == NULL && self->pending_id != NULL)
        target = _vireo_details_view_find_entry (self, self->pending_id);
    if (target == NULL)
        target = self->current;
    if (target == NULL)
        target = self->entries->pdata[0];
    g_clear_pointer (&self->pending_id, g_free);
    self->current = NULL;
    _vireo_details_view_switch_to (self, target);
    if (gtk_toggle_button_get_active (self->xml_tab) && (data->force || !self->xml_dirty))
        _vireo_details_view_show_xml (self);
    _vireo_details_view_update_actions (self);
    start_warming (self);
    vireo_trace_mark ("details: pages shown");
    reload_data_free (data);
}

/* ---------------------------------------------------------------- callbacks */

static void
info_bar_response_cb (VireoDetailsView *self)
{
    gtk_widget_hide (GTK_WIDGET (self->info_bar));
}

typedef struct {
    VireoDetailsView *self;
    char             *target_id;
    gboolean          target_xml;
} Question;

static void
question_free (Question *question)
{
    g_object_unref (question->self);
    g_free (question->target_id);
    g_free (question);
}

static void
go_to (VireoDetailsView *self,
       const char       *id,
       gboolean          xml)
{
    DetailsEntry *entry = _vireo_details_view_find_entry (self, id);

    self->selecting = TRUE;
    gtk_toggle_button_set_active (xml ? self->xml_tab : self->form_tab, TRUE);
    self->selecting = FALSE;
    gtk_stack_set_visible_child_name (self->view_stack, xml ? "xml" : "form");
    if (entry != NULL)
        _vireo_details_view_switch_to (self, entry);
    if (xml)
        _vireo_details_view_show_xml (self);
    set_page_shown (self, self->current, TRUE);
}

static void
question_response_cb (GtkDialog *dialog,
                      int        response,
                      Question  *question)
{
    VireoDetailsView *self = question->self;

    gtk_widget_destroy (GTK_WIDGET (dialog));
    switch (response) {
    case GTK_RESPONSE_ACCEPT:
        _vireo_details_view_apply (self, question->target_id, question->target_xml);
        break;
    case GTK_RESPONSE_REJECT:
        _vireo_details_view_revert (self);
        go_to (self, question->target_id, question->target_xml);
        break;
    default:
        break;
    }
    question_free (question);
}

/* The current page has changes: asks what to do with them before going to
 * the page of @id (on the XML tab with @xml). */
static void
ask_before_leaving (VireoDetailsView *self,
                    const char       *id,
                    gboolean          xml)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    Question *question = g_new0 (Question, 1);
    GtkWidget *dialog;

    question->self = g_object_ref (self);
    question->target_id = g_strdup (id);
    question->target_xml = xml;
    dialog = vireo_unapplied_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         self->current->title);
    g_signal_connect (dialog, "response", G_CALLBACK (question_response_cb), question);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
row_selected_cb (VireoDetailsView *self,
                 GtkListBoxRow    *row)
{
    DetailsEntry *entry;

    if (self->selecting || row == NULL)
        return;
    entry = g_object_get_data (G_OBJECT (row), "vireo-entry");
    if (entry == NULL || entry == self->current)
        return;
    if (self->current != NULL && _vireo_details_view_has_changes (self)) {
        select_row_quietly (self, self->current->row);
        ask_before_leaving (self, entry->id, gtk_toggle_button_get_active (self->xml_tab));
        return;
    }
    _vireo_details_view_switch_to (self, entry);
}

static void
tab_toggled_cb (VireoDetailsView *self)
{
    gboolean xml = gtk_toggle_button_get_active (self->xml_tab);

    if (self->selecting)
        return;
    if (_vireo_details_view_has_changes (self) && self->current != NULL) {
        /* Back to the tab with the changes, then ask. */
        self->selecting = TRUE;
        gtk_toggle_button_set_active (xml ? self->form_tab : self->xml_tab, TRUE);
        self->selecting = FALSE;
        ask_before_leaving (self, self->current->id, xml);
        return;
    }
    go_to (self, self->current != NULL ? self->current->id : "overview", xml);
}

static void
domain_event_cb (VireoDetailsView     *self,
                 VireoDomainEventKind  kind,
                 int                   detail)
{
    /* Devices came or went, or the definition was written (by another
     * program, or by a change here). */
    if (kind != VIREO_DOMAIN_EVENT_DEVICE_ADDED && kind != VIREO_DOMAIN_EVENT_DEVICE_REMOVED &&
        !(kind == VIREO_DOMAIN_EVENT_LIFECYCLE && detail == 0))
        return;
    if (!self->loaded || self->loading)
        return;
    if (self->busy) {
        self->reload_wanted = TRUE;
        return;
    }
    if (!_vireo_details_view_has_changes (self))
        _vireo_details_view_reload_full (self, FALSE, NULL);
}

static void
reload_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
    VireoDetailsView *self = user_data;

    gtk_stack_set_visible_child_name (self->state_stack, self->loaded ? "content" : "loading");
    _vireo_details_view_reload_full (self, FALSE, NULL);
}

static const GActionEntry view_actions[] = {
    { "reload", reload_activated },
};

/* ---------------------------------------------------------------- GObject */

static void
vireo_details_view_map (GtkWidget *widget)
{
    VireoDetailsView *self = VIREO_DETAILS_VIEW (widget);

    GTK_WIDGET_CLASS (vireo_details_view_parent_class)->map (widget);
    set_page_shown (self, self->current, TRUE);
}

static void
vireo_details_view_unmap (GtkWidget *widget)
{
    VireoDetailsView *self = VIREO_DETAILS_VIEW (widget);

    GTK_WIDGET_CLASS (vireo_details_view_parent_class)->unmap (widget);
    if (self->current != NULL && self->current->page != NULL)
        vireo_details_page_set_shown (self->current->page, FALSE);
}

static void
vireo_details_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
    VireoDetailsView *self = VIREO_DETAILS_VIEW (object);

    switch (prop_id) {
    case PROP_DOMAIN:
        g_value_set_object (value, self->domain);
        break;
    case PROP_SETTINGS:
        g_value_set_object (value, self->settings);
        break;
    case PROP_DIRTY:
        g_value_set_boolean (value, vireo_details_view_get_dirty (self));
        break;
    case PROP_LOADED:
        g_value_set_boolean (value, self->loaded);
        break;
    case PROP_BUSY:
        g_value_set_boolean (value, self->busy);
        break;
    case PROP_WARM:
        g_value_set_boolean (value, vireo_details_view_get_warm (self));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_details_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
    VireoDetailsView *self = VIREO_DETAILS_VIEW (object);

    switch (prop_id) {
    case PROP_DOMAIN:
        self->domain = g_value_dup_object (value);
        break;
    case PROP_SETTINGS:
        self->settings = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_details_view_constructed (GObject *object)
{
    VireoDetailsView *self = VIREO_DETAILS_VIEW (object);

    G_OBJECT_CLASS (vireo_details_view_parent_class)->constructed (object);

    g_signal_connect_object (self->domain, "event", G_CALLBACK (domain_event_cb), self,
                             G_CONNECT_SWAPPED);
    _vireo_details_view_init_changes (self);
    _vireo_details_view_update_actions (self);
    _vireo_details_view_reload_full (self, FALSE, NULL);
}

static void
vireo_details_view_dispose (GObject *object)
{
    VireoDetailsView *self = VIREO_DETAILS_VIEW (object);

    vireo_details_view_cancel (self);
    g_clear_handle_id (&self->warm_id, g_source_remove);
    self->current = NULL;
    g_clear_object (&self->editor);
    g_clear_object (&self->actions);
    G_OBJECT_CLASS (vireo_details_view_parent_class)->dispose (object);
}

static void
vireo_details_view_finalize (GObject *object)
{
    VireoDetailsView *self = VIREO_DETAILS_VIEW (object);

    g_clear_pointer (&self->entries, g_ptr_array_unref);
    g_clear_pointer (&self->device_pages, g_hash_table_unref);
    g_clear_object (&self->domain);
    g_clear_object (&self->settings);
    g_clear_object (&self->cancellable);
    g_free (self->pending_id);
    G_OBJECT_CLASS (vireo_details_view_parent_class)->finalize (object);
}

static void
vireo_details_view_class_init (VireoDetailsViewClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->get_property = vireo_details_view_get_property;
    object_class->set_property = vireo_details_view_set_property;
    object_class->constructed = vireo_details_view_constructed;
    object_class->dispose = vireo_details_view_dispose;
    object_class->finalize = vireo_details_view_finalize;
    widget_class->map = vireo_details_view_map;
    widget_class->unmap = vireo_details_view_unmap;

    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_SETTINGS] =
        g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_DIRTY] =
        g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_LOADED] =
        g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_BUSY] =
        g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_WARM] =
        g_param_spec_boolean ("warm", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    g_type_ensure (VIREO_TYPE_DETAILS_PAGE);
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-details-view.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, info_bar);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, info_label);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, state_stack);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, load_error);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, sidebar);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, form_tab);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, xml_tab);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, view_stack);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, pages);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, xml_note);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, xml_scroller);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, spinner);
    gtk_widget_class_bind_template_child (widget_class, VireoDetailsView, busy_label);
    gtk_widget_class_bind_template_callback (widget_class, info_bar_response_cb);
    gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class, tab_toggled_cb);
}

static void
vireo_details_view_init (VireoDetailsView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    self->cancellable = g_cancellable_new ();
    self->device_pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), view_actions,
                                     G_N_ELEMENTS (view_actions), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "details", G_ACTION_GROUP (self->actions));
    vireo_a11y_name_info_bar_close (self->info_bar);
}

/* ------------------------------------------------------------ private API */

DetailsEntry *
_vireo_details_view_find_entry (VireoDetailsView *self,
                                const char       *id)
{
    for (guint i = 0; self->entries != NULL && i < self->entries->len; i++) {
        DetailsEntry *entry = self->entries->pdata[i];

        if (g_strcmp0 (entry->id, id) == 0)
            return entry;
    }
    return NULL;
}

void
_vireo_details_view_reload_full (VireoDetailsView *self,
                                 gboolean          force,
                                 const char       *select_id)
{
    ReloadData *data = g_new0 (ReloadData, 1);

    self->loading = TRUE;
    self->reload_wanted = FALSE;
    data->self = g_object_ref (self);
    data->force = force;
    data->select_id = g_strdup (select_id);
    _vireo_details_view_update_actions (self);
    vireo_domain_editor_new_for_domain_async (self->domain, self->cancellable, editor_opened_cb,
                                              data);
}

void
_vireo_details_view_say (VireoDetailsView *self,
                         GtkMessageType    type,
                         const char       *message)
{
    gtk_info_bar_set_message_type (self->info_bar, type);
    gtk_label_set_text (self->info_label, message);
    gtk_widget_show (GTK_WIDGET (self->info_bar));
}

void
_vireo_details_view_switch_to (VireoDetailsView *self,
                               DetailsEntry     *entry)
{
    if (self->current != entry)
        set_page_shown (self, self->current, FALSE);
    if (entry->page == NULL && entry->option != NULL)
        entry->page = g_hash_table_lookup (self->device_pages, entry->option);
    if (entry->page == NULL)
        entry->page = build_page (self, entry);
    else if (entry->option != NULL)
        retarget_page (self, entry);
    gtk_stack_set_visible_child (self->pages, GTK_WIDGET (entry->page));
    self->current = entry;
    select_row_quietly (self, entry->row);
    set_page_shown (self, entry, TRUE);
    if (gtk_toggle_button_get_active (self->xml_tab))
        _vireo_details_view_show_xml (self);
    _vireo_details_view_update_actions (self);
}

/* ------------------------------------------------------------ public API */

VireoDetailsView *
vireo_details_view_new (VireoDomain *domain,
                        GSettings   *settings)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

    return g_object_new (VIREO_TYPE_DETAILS_VIEW, "domain", domain, "settings", settings, NULL);
}

VireoDomain *
vireo_details_view_get_domain (VireoDetailsView *self)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), NULL);

    return self->domain;
}

gboolean
vireo_details_view_show_page (VireoDetailsView *self,
                              const char       *id)
{
    DetailsEntry *entry;

    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), FALSE);
    g_return_val_if_fail (id != NULL, FALSE);

    if (!self->loaded) {
        g_free (self->pending_id);
        self->pending_id = g_strdup (id);
        return TRUE;
    }
    entry = _vireo_details_view_find_entry (self, id);
    if (entry == NULL)
        return FALSE;
    if (entry == self->current)
        return TRUE;
    if (self->current != NULL && _vireo_details_view_has_changes (self)) {
        ask_before_leaving (self, id, gtk_toggle_button_get_active (self->xml_tab));
        return TRUE;
    }
    _vireo_details_view_switch_to (self, entry);
    return TRUE;
}

const char *
vireo_details_view_get_page_id (VireoDetailsView *self)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), NULL);

    return self->current != NULL ? self->current->id : NULL;
}

VireoDetailsPage *
vireo_details_view_get_page (VireoDetailsView *self,
                             const char       *id)
{
    DetailsEntry *entry;

    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), NULL);

    entry = _vireo_details_view_find_entry (self, id);
    return entry != NULL ? entry->page : NULL;
}

GPtrArray *
vireo_details_view_list_ids (VireoDetailsView *self)
{
    GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), ids);

    for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
        g_ptr_array_add (ids, g_strdup (((DetailsEntry *) self->entries->pdata[i])->id));
    return ids;
}

GPtrArray *
vireo_details_view_list_titles (VireoDetailsView *self)
{
    GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);

    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), titles);

    for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
        g_ptr_array_add (titles, g_strdup (((DetailsEntry *) self->entries->pdata[i])->title));
    return titles;
}

gboolean
vireo_details_view_get_dirty (VireoDetailsView *self)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), FALSE);

    return _vireo_details_view_has_changes (self);
}

gboolean
vireo_details_view_get_loaded (VireoDetailsView *self)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), FALSE);

    return self->loaded;
}

void
vireo_details_view_reload (VireoDetailsView *self)
{
    g_return_if_fail (VIREO_IS_DETAILS_VIEW (self));

    _vireo_details_view_reload_full (self, FALSE, NULL);
}

gboolean
vireo_details_view_get_warm (VireoDetailsView *self)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), FALSE);

    return self->loaded && self->warm_id == 0;
}

gboolean
vireo_details_view_get_busy (VireoDetailsView *self)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), FALSE);

    return self->busy || self->loading;
}

const char *
vireo_details_view_get_message (VireoDetailsView *self,
                                GtkMessageType   *type)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), NULL);

    if (type != NULL)
        *type = gtk_info_bar_get_message_type (self->info_bar);
    if (!gtk_widget_get_visible (GTK_WIDGET (self->info_bar)))
        return "";
    return gtk_label_get_text (self->info_label);
}

void
vireo_details_view_show_xml (VireoDetailsView *self,
                             gboolean          xml)
{
    g_return_if_fail (VIREO_IS_DETAILS_VIEW (self));

    gtk_toggle_button_set_active (xml ? self->xml_tab : self->form_tab, TRUE);
}

GtkWidget *
vireo_details_view_get_xml_view (VireoDetailsView *self)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), NULL);

    return self->xml_view;
}

GActionGroup *
vireo_details_view_get_actions (VireoDetailsView *self)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_VIEW (self), NULL);

    return G_ACTION_GROUP (self->actions);
}

void
vireo_details_view_cancel (VireoDetailsView *self)
{
    g_return_if_fail (VIREO_IS_DETAILS_VIEW (self));

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
}
