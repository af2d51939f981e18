/* vireo-new-vm-window.c: the New VM wizard
 *
 * A window with one page per step, each page a GtkBuilder file of its own
 * (vireo-new-vm-page-*.ui), stacked in the window's template.  Back and
 * Forward move between them; the widgets keep what was chosen.  Finish
 * reads the pages into a VireoInstallChoices (vireo-install-choices.h),
 * which gives the VireoInstallSpec vireo-install would build, and runs it
 * through the install plan and engine (vireo_install_plan_create_async()),
 * showing its progress with Cancel.  OS detection, the OS list and the OS's
 * facts come from the core's async calls (worker threads): the main loop
 * never waits for libosinfo or qemu-img.
 *
 * With VIREO_BENCH set, the window reports on standard error when it is
 * mapped ("vireo-bench: wizard mapped") and, when it closes, the longest
 * time the main loop went without running, in all and while an OS was being
 * detected and while the VM was being created ("vireo-bench: longest stall
 * N ms (during OS detection N ms, during creation N ms)").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-new-vm-window.h"

#include <inttypes.h>
#include <time.h>

#include <glib/gi18n.h>

#include "vireo-embed.h"
#include "vireo-error-cancelled.h"
#include "vireo-help.h"
#include "vireo-install-choices.h"
#include "vireo-install-engine.h"
#include "vireo-install-plan.h"
#include "vireo-new-vm-customize.h"
#include "vireo-network.h"
#include "vireo-osinfo-facts.h"
#include "vireo-size-spin.h"
#include "vireo-storage.h"
#include "vireo-storage-browser.h"
#include "vireo-uri.h"
#include "vireo-vm-window.h"

enum {
    PAGE_METHOD,
    PAGE_MEDIA,
    PAGE_RESOURCES,
    PAGE_STORAGE,
    PAGE_FINISH,
    PAGE_PROGRESS,
    N_PAGES
};

static const char * const page_files[N_PAGES] = {
    "vireo-new-vm-page-method.ui", "vireo-new-vm-page-media.ui",
    "vireo-new-vm-page-resources.ui", "vireo-new-vm-page-storage.ui",
    "vireo-new-vm-page-finish.ui", "vireo-new-vm-page-progress.ui",
};
static const char * const page_ids[N_PAGES] = {
    "page_method", "page_media", "page_resources", "page_storage", "page_finish",
    "page_progress",
};

struct _VireoNewVmWindow {
    GtkWindow parent_instance;

    /* template widgets */
    GtkButton *cancel_button;
    GtkButton *forward_button;
    GtkButton *back_button;
    GtkLabel  *step_label;
    GtkStack  *stack;

    GtkBuilder      *pages;
    GtkApplication  *application;
    VireoConnection *connection;
    GSettings       *settings;
    GCancellable    *cancellable;       /* the window's life */
    int              page;

    /* the OS */
    GtkListStore *os_store;             /* name, short id */
    char         *chosen_os;            /* from the list, NULL: detected */
    char         *detected_os;
    VireoOsFacts *facts;
    GCancellable *detect_cancellable;
    GCancellable *facts_cancellable;
    guint         detect_source;
    gboolean      memory_set, cpus_set, disk_set;   /* by the user */
    gboolean      setting;                          /* by the wizard */

    GHashTable   *names;                /* the connection's VM names */
    gboolean      name_ok;

    /* where a new disk goes: its pool's folder and free bytes (0: not known) */
    char         *disk_place;
    guint64       disk_available;

    /* creating */
    VireoInstallSpec *spec;
    VireoInstallPlan *plan;
    GCancellable     *create_cancellable;
    gboolean          customize;        /* before the install begins */

    /* VIREO_BENCH */
    gboolean bench;
    gint64   last_tick;
    gint64   longest_stall;
    gint64   detect_stall;      /* while an OS is being detected */
    gint64   create_stall;      /* while the VM is being created */
    gint64   last_cpu;          /* the main thread's CPU time at the last tick */
    gint64   busy_stall;        /* the most main-thread CPU time in one gap, in
                                 * detection or creation */
    gboolean detecting;
    guint    tick_source;
};

G_DEFINE_FINAL_TYPE (VireoNewVmWindow, vireo_new_vm_window, GTK_TYPE_WINDOW)

#define W(name) GTK_WIDGET (gtk_builder_get_object (self->pages, (name)))

static gboolean
active (VireoNewVmWindow *self,
        const char       *name)
{
    return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (W (name)));
}

static const char *
text (VireoNewVmWindow *self,
      const char       *name)
{
    return gtk_entry_get_text (GTK_ENTRY (W (name)));
}

static void
set_label (VireoNewVmWindow *self,
           const char       *name,
           const char       *value)
{
    gtk_label_set_text (GTK_LABEL (W (name)), value ? value : "");
    gtk_widget_set_visible (W (name), value != NULL && *value != '\0');
}

static VireoChoiceMethod
method (VireoNewVmWindow *self)
{
    if (active (self, "method_location"))
        return VIREO_CHOICE_METHOD_LOCATION;
    if (active (self, "method_cloud"))
        return VIREO_CHOICE_METHOD_CLOUD;
    if (active (self, "method_import"))
        return VIREO_CHOICE_METHOD_IMPORT;
    if (active (self, "method_pxe"))
        return VIREO_CHOICE_METHOD_PXE;
    if (active (self, "method_manual"))
        return VIREO_CHOICE_METHOD_MANUAL;
    return VIREO_CHOICE_METHOD_MEDIA;
}

static const char *
arch (VireoNewVmWindow *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (W ("arch_combo")));

    return id && *id ? id : NULL;
}

/* The media or tree OS detection reads, or NULL. */
static const char *
detect_source (VireoNewVmWindow *self,
               gboolean         *tree)
{
    const char *path = NULL;

    *tree = FALSE;
    switch (method (self)) {
    case VIREO_CHOICE_METHOD_MEDIA:
        path = text (self, "media_entry");
        break;
    case VIREO_CHOICE_METHOD_LOCATION:
        path = text (self, "location_entry");
        *tree = TRUE;
        break;
    default:
        break;
    }
    return path && *path ? path : NULL;
}

/* ------------------------------------------------------------ the choices */

/* The value typed in a spin button when it reads, its last good one
 * otherwise (for the summary: creating checks the text first). */
static double
typed_value (VireoNewVmWindow *self,
             const char       *name)
{
    double value;

    if (!vireo_size_spin_read (GTK_SPIN_BUTTON (W (name)), 0, &value, NULL))
        value = gtk_spin_button_get_value (GTK_SPIN_BUTTON (W (name)));
    return value;
}

/* The memory and CPUs typed: FALSE with the sentence that refuses them.
 * The memory's bound is the host's (the spin button's upper bound): more
 * is refused here, as virt-manager's wizard does. */
static gboolean
check_resources (VireoNewVmWindow *self,
                 GError          **error)
{
    return vireo_size_spin_read (GTK_SPIN_BUTTON (W ("memory_spin")), 0, NULL, error) &&
           vireo_size_spin_read (GTK_SPIN_BUTTON (W ("cpus_spin")), 0, NULL, error);
}

/* The size of the new disk, when one is made: in its bounds, and within the
 * free space of where it goes when the disk takes its whole size at once
 * (preallocated); a qcow2 disk that could outgrow it gets a warning. */
static gboolean
check_disk (VireoNewVmWindow  *self,
            char             **warning,
            GError           **error)
{
    double gib;

    *warning = NULL;
    if (method (self) == VIREO_CHOICE_METHOD_IMPORT || !active (self, "storage_new"))
        return TRUE;
    if (!vireo_size_spin_read (GTK_SPIN_BUTTON (W ("disk_size_spin")), 0, &gib, error))
        return FALSE;
    return vireo_size_input_check_space ((guint64) (gib * 1024 * 1024 * 1024),
                                         self->disk_available,
                                         !active (self, "disk_allocate_check"),
                                         self->disk_place, warning, error);
}

/* Says what is wrong with the sizes of the page shown, as they are typed. */
static gboolean
check_page (VireoNewVmWindow *self)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *warning = NULL;

    if (self->page == PAGE_RESOURCES) {
        check_resources (self, &error);
        set_label (self, "resources_error_label", error ? error->message : NULL);
    } else if (self->page == PAGE_STORAGE) {
        GtkStyleContext *style = gtk_widget_get_style_context (W ("disk_error_label"));

        check_disk (self, &warning, &error);
        /* A sparse disk that could outgrow the space is a warning, not a refusal. */
        gtk_style_context_remove_class (style, error ? "warning" : "error");
        gtk_style_context_add_class (style, error ? "error" : "warning");
        set_label (self, "disk_error_label", error ? error->message : warning);
    }
    return error == NULL;
}

static VireoInstallChoices *
read_choices (VireoNewVmWindow *self)
{
    VireoInstallChoices *c = vireo_install_choices_new ();
    const char *id;

#define DUP(name) (*text (self, name) ? g_strdup (text (self, name)) : NULL)
    c->method = method (self);
    c->media = DUP ("media_entry");
    c->location = DUP ("location_entry");
    c->extra_args = DUP ("extra_args_entry");
    c->image = c->method == VIREO_CHOICE_METHOD_CLOUD ? DUP ("cloud_entry")
                                                      : DUP ("import_entry");
    c->convert = active (self, "import_convert");
    c->cloud_user = DUP ("cloud_user_entry");
    c->cloud_password = DUP ("cloud_password_entry");
    c->cloud_ssh_key = DUP ("cloud_key_entry");
    c->cloud_hostname = DUP ("cloud_hostname_entry");
    c->arch = g_strdup (arch (self));
    id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (W ("virt_type_combo")));
    c->virt_type = id && *id ? g_strdup (id) : NULL;
    c->machine = DUP ("machine_entry");
    id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (W ("firmware_combo")));
    c->firmware = g_strcmp0 (id, "bios") == 0 ? VIREO_CHOICE_FIRMWARE_BIOS
                  : g_strcmp0 (id, "uefi") == 0 ? VIREO_CHOICE_FIRMWARE_UEFI
                  : g_strcmp0 (id, "uefi-secure") == 0 ? VIREO_CHOICE_FIRMWARE_UEFI_SECURE
                  : VIREO_CHOICE_FIRMWARE_DEFAULT;
    c->os = g_strdup (self->chosen_os ? self->chosen_os : self->detected_os);
    c->express = gtk_widget_get_sensitive (W ("express_check")) &&
                 active (self, "express_check") &&
                 (c->method == VIREO_CHOICE_METHOD_MEDIA ||
                  c->method == VIREO_CHOICE_METHOD_LOCATION);
    c->express_user = DUP ("express_user_entry");
    c->express_password = DUP ("express_password_entry");
    c->express_timezone = DUP ("express_timezone_entry");
    c->express_language = DUP ("express_language_entry");
    c->product_key = DUP ("product_key_entry");
    /* A script that only goes into the installer's initrd: the ISO is read
     * as an install tree, as virt-install does. */
    if (c->express && c->method == VIREO_CHOICE_METHOD_MEDIA && self->facts &&
        !(self->facts->express & VIREO_OS_EXPRESS_CDROM)) {
        c->method = VIREO_CHOICE_METHOD_LOCATION;
        c->location = g_steal_pointer (&c->media);
    }
    c->memory_mib = (guint64) typed_value (self, "memory_spin");
    c->vcpus = (guint) typed_value (self, "cpus_spin");
    c->storage = active (self, "storage_none") ? VIREO_CHOICE_STORAGE_NONE
                 : active (self, "storage_existing") ? VIREO_CHOICE_STORAGE_EXISTING
                 : VIREO_CHOICE_STORAGE_NEW;
    c->disk_gib = typed_value (self, "disk_size_spin");
    c->disk_allocate = active (self, "disk_allocate_check");
    c->disk_path = DUP ("disk_path_entry");
    c->name = DUP ("name_entry");
    id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (W ("network_combo")));
    if (id == NULL || g_str_equal (id, "default")) {
        c->network = VIREO_CHOICE_NETWORK_DEFAULT;
    } else if (g_str_equal (id, "user")) {
        c->network = VIREO_CHOICE_NETWORK_USER;
    } else if (g_str_equal (id, "none")) {
        c->network = VIREO_CHOICE_NETWORK_NONE;
    } else if (g_str_has_prefix (id, "network:")) {
        c->network = VIREO_CHOICE_NETWORK_VIRTUAL;
        c->network_source = g_strdup (id + strlen ("network:"));
    } else if (g_str_has_prefix (id, "bridge:")) {
        c->network = VIREO_CHOICE_NETWORK_BRIDGE;
        c->network_source = g_strdup (id + strlen ("bridge:"));
    } else if (g_str_equal (id, "bridge")) {
        c->network = VIREO_CHOICE_NETWORK_BRIDGE;
        c->network_source = DUP ("network_source_entry");
    } else if (g_str_equal (id, "macvtap")) {
        c->network = VIREO_CHOICE_NETWORK_MACVTAP;
        c->network_source = DUP ("network_source_entry");
    }
#undef DUP
    return c;
}

/* ------------------------------------------------------------- the OS */

static void
apply_facts (VireoNewVmWindow *self)
{
    VireoOsFacts *f = self->facts;
    gboolean express = f && f->express != VIREO_OS_EXPRESS_NONE &&
                       (method (self) == VIREO_CHOICE_METHOD_MEDIA ||
                        method (self) == VIREO_CHOICE_METHOD_LOCATION);
    g_autofree char *recommended = NULL;

    self->setting = TRUE;
    if (f && f->ram_mib && !self->memory_set)
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (W ("memory_spin")), f->ram_mib);
    if (f && f->cpus && !self->cpus_set)
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (W ("cpus_spin")), f->cpus);
    if (f && f->storage_gib && !self->disk_set)
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (W ("disk_size_spin")), f->storage_gib);
    self->setting = FALSE;
    if (f && (f->ram_mib || f->cpus))
        recommended = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%s recommends %" PRIu64
                                                    " MiB and %u CPU.",
                                                    "%s recommends %" PRIu64
                                                    " MiB and %u CPUs.", f->cpus),
                                       f->entry->name, f->ram_mib, f->cpus);
    set_label (self, "recommended_label", recommended);
    gtk_widget_set_sensitive (W ("express_check"), express);
    if (!express)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (W ("express_check")), FALSE);
    gtk_widget_set_visible (W ("express_check"), express);
    gtk_widget_set_visible (W ("express_grid"),
                            express && active (self, "express_check"));
    gtk_widget_set_visible (W ("product_key_entry"), f && f->product_key);
}

static void
facts_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    VireoOsFacts *facts = vireo_osinfo_facts_finish (result, &error);
    VireoNewVmWindow *self;

    if (facts == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    g_clear_pointer (&self->facts, vireo_os_facts_free);
    self->facts = facts;
    apply_facts (self);
}

static void
load_facts (VireoNewVmWindow *self,
            const char       *os)
{
    g_cancellable_cancel (self->facts_cancellable);
    g_clear_object (&self->facts_cancellable);
    g_clear_pointer (&self->facts, vireo_os_facts_free);
    apply_facts (self);
    if (os == NULL)
        return;
    self->facts_cancellable = g_cancellable_new ();
    vireo_osinfo_facts_async (os, arch (self), self->facts_cancellable, facts_cb, self);
}

static void
detect_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    VireoOsFacts *facts = vireo_osinfo_detect_finish (result, &error);
    VireoNewVmWindow *self;
    g_autofree char *status = NULL;

    if (facts == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    self->detecting = FALSE;
    g_clear_pointer (&self->detected_os, g_free);
    if (facts == NULL) {
        status = g_strdup_printf (_("No operating system was detected: %s Choose it in the "
                                    "list below."), error->message);
        set_label (self, "os_status_label", status);
        if (self->chosen_os == NULL)
            load_facts (self, NULL);
        return;
    }
    self->detected_os = g_strdup (facts->entry->short_id);
    status = g_strdup_printf (_("Detected: %s"), facts->entry->name);
    set_label (self, "os_status_label", status);
    if (self->chosen_os == NULL) {
        g_clear_pointer (&self->facts, vireo_os_facts_free);
        self->facts = facts;
        apply_facts (self);
    } else {
        vireo_os_facts_free (facts);
    }
}

static gboolean
detect_now (gpointer user_data)
{
    VireoNewVmWindow *self = user_data;
    const char *path;
    gboolean tree;

    self->detect_source = 0;
    g_cancellable_cancel (self->detect_cancellable);
    g_clear_object (&self->detect_cancellable);
    g_clear_pointer (&self->detected_os, g_free);
    path = detect_source (self, &tree);
    if (path == NULL || !active (self, "os_detect_check")) {
        set_label (self, "os_status_label",
                   path == NULL && self->chosen_os == NULL
                   ? _("Choose the operating system in the list below.") : NULL);
        return G_SOURCE_REMOVE;
    }
    set_label (self, "os_status_label", _("Detecting the operating system…"));
    self->detecting = TRUE;
    self->detect_cancellable = g_cancellable_new ();
    vireo_osinfo_detect_async (path, tree, arch (self), self->detect_cancellable, detect_cb,
                               self);
    return G_SOURCE_REMOVE;
}

/* Detection waits for the typing to pause. */
static void
schedule_detect (VireoNewVmWindow *self)
{
    g_clear_handle_id (&self->detect_source, g_source_remove);
    self->detect_source = g_timeout_add (300, detect_now, self);
}

static void os_list_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data);

static gboolean
load_os_list_cb (GtkWidget *widget,
                 GdkEvent  *event,
                 gpointer   user_data)
{
    VireoNewVmWindow *self = VIREO_NEW_VM_WINDOW (widget);

    g_signal_handlers_disconnect_by_func (self, load_os_list_cb, user_data);
    vireo_osinfo_list_entries_async (self->cancellable, os_list_cb, self);
    return GDK_EVENT_PROPAGATE;
}

static void
os_list_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) entries = vireo_osinfo_list_entries_finish (result, &error);
    VireoNewVmWindow *self;

    if (entries == NULL) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_warning ("The OS list could not be read: %s", error->message);
        return;
    }
    self = user_data;
    for (guint i = 0; i < entries->len; i++) {
        VireoOsEntry *e = entries->pdata[i];

        gtk_list_store_insert_with_values (self->os_store, NULL, -1, 0, e->name,
                                           1, e->short_id, -1);
    }
}

static gboolean
os_match (GtkEntryCompletion *completion,
          const char         *key,
          GtkTreeIter        *iter,
          gpointer            user_data)
{
    VireoNewVmWindow *self = user_data;
    g_autofree char *name = NULL;
    g_autofree char *short_id = NULL;
    g_autofree char *n = NULL;
    g_autofree char *k = g_utf8_casefold (key, -1);

    gtk_tree_model_get (GTK_TREE_MODEL (self->os_store), iter, 0, &name, 1, &short_id, -1);
    n = g_utf8_casefold (name ? name : "", -1);
    return strstr (n, k) != NULL || (short_id && strstr (short_id, k) != NULL);
}

static void
choose_os (VireoNewVmWindow *self,
           const char       *short_id)
{
    g_free (self->chosen_os);
    self->chosen_os = g_strdup (short_id);
    load_facts (self, short_id ? short_id : self->detected_os);
}

static gboolean
os_selected_cb (GtkEntryCompletion *completion,
                GtkTreeModel       *model,
                GtkTreeIter        *iter,
                VireoNewVmWindow   *self)
{
    g_autofree char *name = NULL;
    g_autofree char *short_id = NULL;

    gtk_tree_model_get (model, iter, 0, &name, 1, &short_id, -1);
    gtk_entry_set_text (GTK_ENTRY (W ("os_entry")), name);
    choose_os (self, short_id);
    return TRUE;
}

/* A name or short id typed whole chooses that OS too. */
static void
os_entry_changed_cb (VireoNewVmWindow *self)
{
    const char *typed = text (self, "os_entry");
    GtkTreeIter iter;
    gboolean valid;

    if (*typed == '\0') {
        if (self->chosen_os)
            choose_os (self, NULL);
        return;
    }
    for (valid = gtk_tree_model_get_iter_first (GTK_TREE_MODEL (self->os_store), &iter); valid;
         valid = gtk_tree_model_iter_next (GTK_TREE_MODEL (self->os_store), &iter)) {
        g_autofree char *name = NULL;
        g_autofree char *short_id = NULL;

        gtk_tree_model_get (GTK_TREE_MODEL (self->os_store), &iter, 0, &name, 1, &short_id, -1);
        if (g_ascii_strcasecmp (typed, name) == 0 || g_strcmp0 (typed, short_id) == 0) {
            if (g_strcmp0 (self->chosen_os, short_id) != 0)
                choose_os (self, short_id);
            return;
        }
    }
}

/* ------------------------------------------------------------ the pages */

static void update_buttons (VireoNewVmWindow *self);

static void
check_name (VireoNewVmWindow *self)
{
    g_autoptr(GError) error = NULL;

    self->name_ok = vireo_install_choices_check_name (text (self, "name_entry"), self->names,
                                                      &error);
    set_label (self, "name_error_label", error ? error->message : NULL);
    update_buttons (self);
}

static void
update_summary (VireoNewVmWindow *self)
{
    g_autoptr(VireoInstallChoices) c = read_choices (self);
    g_autofree char *line = vireo_install_choices_to_command_line (c);
    g_autofree char *summary = NULL;
    const char *os_name = self->facts ? self->facts->entry->name : _("Generic OS");
    g_autofree char *storage = NULL;
    /* Sizes as the locale writes them ("2.0 GiB", "2,0 GiB"). */
    g_autofree char *memory = g_format_size_full (c->memory_mib * 1024 * 1024,
                                                  G_FORMAT_SIZE_IEC_UNITS);

    if (c->method == VIREO_CHOICE_METHOD_IMPORT && c->convert)
        storage = g_strdup_printf (_("%s, converted to qcow2"), c->image);
    else if (c->method == VIREO_CHOICE_METHOD_IMPORT)
        storage = g_strdup (c->image);
    else if (c->method == VIREO_CHOICE_METHOD_CLOUD)
        storage = g_strdup_printf (_("an overlay over %s"), c->image);
    else if (c->storage == VIREO_CHOICE_STORAGE_NEW) {
        g_autofree char *size = g_format_size_full ((guint64) (c->disk_gib * 1024 * 1024 * 1024),
                                                    G_FORMAT_SIZE_IEC_UNITS);

        /* TRANSLATORS: %s is a size, e.g. "20.0 GiB" */
        storage = g_strdup_printf (_("a new disk of %s"), size);
    }
    else if (c->storage == VIREO_CHOICE_STORAGE_EXISTING)
        storage = g_strdup (c->disk_path ? c->disk_path : "");
    else
        storage = g_strdup (_("no disk"));
    summary = g_strdup_printf (_("Operating system: %s\nMemory: %s\nCPUs: %u\nStorage: %s"),
                               os_name, memory, c->vcpus, storage);
    set_label (self, "summary_label", summary);
    {
        g_autofree char *cmd = g_strdup_printf (_("The same with vireo-install:\n%s"), line);
        set_label (self, "command_label", cmd);
    }
}

static void
enter_page (VireoNewVmWindow *self,
            int               page)
{
    static const char * const titles[N_PAGES] = {
        N_("Step 1 of 5: Connection and method"), N_("Step 2 of 5: Media and operating system"),
        N_("Step 3 of 5: Memory and CPUs"), N_("Step 4 of 5: Storage"), N_("Step 5 of 5: Finish"),
        N_("Creating"),
    };
    VireoChoiceMethod m = method (self);

    self->page = page;
    gtk_stack_set_visible_child (self->stack, W (page_ids[page]));
    gtk_label_set_text (self->step_label, _(titles[page]));
    if (page == PAGE_MEDIA) {
        const char *child = m == VIREO_CHOICE_METHOD_MEDIA ? "source_media"
                            : m == VIREO_CHOICE_METHOD_LOCATION ? "source_location"
                            : m == VIREO_CHOICE_METHOD_CLOUD ? "source_cloud"
                            : m == VIREO_CHOICE_METHOD_IMPORT ? "source_import" : "source_none";
        gtk_stack_set_visible_child (GTK_STACK (W ("source_stack")), W (child));
        gtk_widget_set_visible (W ("os_detect_check"), m == VIREO_CHOICE_METHOD_MEDIA ||
                                                       m == VIREO_CHOICE_METHOD_LOCATION);
        apply_facts (self);
        detect_now (self);
    } else if (page == PAGE_STORAGE) {
        gboolean own = m != VIREO_CHOICE_METHOD_CLOUD;

        gtk_widget_set_sensitive (W ("storage_existing"), own);
        gtk_widget_set_sensitive (W ("storage_none"), own);
        if (!own)
            gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (W ("storage_new")), TRUE);
    } else if (page == PAGE_FINISH) {
        if (*text (self, "name_entry") == '\0') {
            const char *base = self->chosen_os ? self->chosen_os : self->detected_os;
            g_autofree char *name = vireo_install_choices_suggest_name (base, self->names);

            gtk_entry_set_text (GTK_ENTRY (W ("name_entry")), name);
        }
        check_name (self);
        update_summary (self);
        gtk_widget_grab_focus (W ("name_entry"));
    }
    check_page (self);
    update_buttons (self);
}

static int
next_page (VireoNewVmWindow *self,
           int               page,
           int               step)
{
    page += step;
    /* An imported image is the VM's disk: no storage page. */
    if (page == PAGE_STORAGE && method (self) == VIREO_CHOICE_METHOD_IMPORT)
        page += step;
    return page;
}

static void
update_buttons (VireoNewVmWindow *self)
{
    gboolean creating = self->page == PAGE_PROGRESS;

    gtk_widget_set_visible (GTK_WIDGET (self->back_button), !creating);
    gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), self->page > PAGE_METHOD);
    gtk_widget_set_visible (GTK_WIDGET (self->forward_button), !creating);
    gtk_button_set_label (self->forward_button,
                          self->page == PAGE_FINISH ? _("_Finish") : _("_Forward"));
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->forward_button),
                                 self->page == PAGE_FINISH
                                 ? _("Create the virtual machine and start its installation "
                                     "(or open its details first, to customize it)")
                                 : _("Go to the next step"));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->forward_button)),
                         self->page == PAGE_FINISH ? _("Finish") : _("Forward"));
    gtk_widget_set_sensitive (GTK_WIDGET (self->forward_button),
                              self->page != PAGE_FINISH || self->name_ok);
}

/* ------------------------------------------------------------ creating */

static void
complete_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
    GApplication *app = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomain) after = NULL;
    gboolean done = FALSE;

    if (!vireo_install_engine_complete_finish (VIREO_DOMAIN (source), result, &done, &after,
                                               &error))
        g_warning ("The installed VM could not boot from its disk: %s", error->message);
    g_application_release (app);
    g_object_unref (app);
}

static void
show_error (VireoNewVmWindow *self,
            const char       *message)
{
    set_label (self, "error_label", message);
    enter_page (self, PAGE_FINISH);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    g_autoptr(VireoNewVmWindow) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomain) domain = NULL;
    const char *install_xml;

    domain = vireo_install_plan_create_finish (self->plan, result, &error);
    g_clear_object (&self->create_cancellable);
    gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
    if (domain == NULL) {
        g_autofree char *message = NULL;

        if (gtk_widget_in_destruction (GTK_WIDGET (self)))
            return;
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            message = g_strdup (_("The creation was cancelled; nothing was left behind."));
        else
            message = g_strdup_printf (_("The virtual machine could not be created: %s"),
                                       error->message);
        g_clear_object (&self->plan);
        g_clear_pointer (&self->spec, vireo_install_spec_free);
        show_error (self, message);
        return;
    }
    if (self->customize) {
        /* Defined, not started: the VM window takes the plan and its spec
         * until the install begins or is cancelled. */
        vireo_new_vm_customize_start (self->application, self->settings,
                                      g_steal_pointer (&self->plan),
                                      g_steal_pointer (&self->spec), domain);
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    /* The installer runs; once it has shut down, the lasting configuration
     * boots, whether the wizard is still open or not. */
    install_xml = vireo_install_plan_get_install_xml (self->plan);
    if (install_xml != NULL) {
        g_application_hold (G_APPLICATION (self->application));
        vireo_install_engine_complete_async (domain,
                                             vireo_install_plan_get_final_xml (self->plan),
                                             FALSE, FALSE, -1, NULL, complete_cb,
                                             g_object_ref (self->application));
    }
    vireo_vm_window_present (self->application, domain, self->settings,
                             VIREO_VM_VIEW_CONSOLE);
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
progress_cb (VireoNewVmWindow *self)
{
    double fraction = vireo_install_plan_get_fraction (self->plan);
    GtkProgressBar *bar = GTK_PROGRESS_BAR (W ("progress_bar"));

    set_label (self, "progress_label", vireo_install_plan_get_status (self->plan));
    if (fraction < 0) {
        gtk_progress_bar_pulse (bar);
        gtk_progress_bar_set_text (bar, NULL);
    } else {
        g_autofree char *percent = g_strdup_printf (_("%.0f %%"), fraction * 100);

        gtk_progress_bar_set_fraction (bar, fraction);
        gtk_progress_bar_set_text (bar, percent);
    }
}

static void
create (VireoNewVmWindow *self)
{
    g_autoptr(VireoInstallChoices) c = read_choices (self);
    g_autoptr(GError) error = NULL;
    g_autofree char *warning = NULL;

    /* The sizes may have been changed on their pages after they were left.  Files
     * are checked where they are: on this computer, not a remote host's. */
    if (!check_resources (self, &error) || !check_disk (self, &warning, &error) ||
        !vireo_install_choices_check (c, &error) ||
        (vireo_uri_is_local (vireo_connection_get_uri (self->connection)) &&
         !vireo_install_choices_check_paths (c, &error))) {
        set_label (self, "error_label", error->message);
        return;
    }
    set_label (self, "error_label", NULL);
    g_clear_pointer (&self->spec, vireo_install_spec_free);
    self->spec = vireo_install_choices_to_spec (c);
    g_clear_object (&self->plan);
    self->plan = vireo_install_plan_new (self->spec, vireo_connection_get_uri (self->connection));
    /* The embedded driver has no storage API: the plan makes the disks in
     * the root's image folder itself. */
    vireo_install_plan_set_make_volumes (self->plan, vireo_connection_is_embedded (self->connection));
    self->customize = active (self, "customize_check");
    vireo_install_plan_set_define_only (self->plan, self->customize);
    g_signal_connect_object (self->plan, "notify::status", G_CALLBACK (progress_cb), self,
                             G_CONNECT_SWAPPED);
    g_signal_connect_object (self->plan, "notify::fraction", G_CALLBACK (progress_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (W ("progress_bar")), 0);
    set_label (self, "progress_label", _("Starting…"));
    enter_page (self, PAGE_PROGRESS);
    self->create_cancellable = g_cancellable_new ();
    vireo_install_plan_create_async (self->plan, self->connection, self->create_cancellable,
                                     created_cb, g_object_ref (self));
}

/* ------------------------------------------------------------ signals */

static void
forward_clicked_cb (VireoNewVmWindow *self)
{
    if (self->page == PAGE_FINISH) {
        create (self);
        return;
    }
    /* A size that does not read keeps the page, its sentence shown. */
    if (!check_page (self))
        return;
    enter_page (self, next_page (self, self->page, 1));
}

static void
back_clicked_cb (VireoNewVmWindow *self)
{
    if (self->page > PAGE_METHOD && self->page != PAGE_PROGRESS)
        enter_page (self, next_page (self, self->page, -1));
}

static void
cancel_clicked_cb (VireoNewVmWindow *self)
{
    if (self->create_cancellable != NULL) {
        set_label (self, "progress_label", _("Cancelling; removing what was made…"));
        gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
        g_cancellable_cancel (self->create_cancellable);
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (self));
}

static gboolean
key_press_cb (VireoNewVmWindow *self,
              GdkEventKey      *event)
{
    if (event->keyval == GDK_KEY_Escape) {
        cancel_clicked_cb (self);
        return GDK_EVENT_STOP;
    }
    return GDK_EVENT_PROPAGATE;
}

static void
browse (VireoNewVmWindow *self,
        const char       *entry,
        const char       *title,
        const char       *pattern_name,
        const char * const *patterns)
{
    g_autoptr(GtkFileChooserNative) chooser = gtk_file_chooser_native_new (
        title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));

    if (patterns) {
        GtkFileFilter *filter = gtk_file_filter_new ();
        GtkFileFilter *all = gtk_file_filter_new ();

        gtk_file_filter_set_name (filter, pattern_name);
        for (guint i = 0; patterns[i]; i++)
            gtk_file_filter_add_pattern (filter, patterns[i]);
        gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
        gtk_file_filter_set_name (all, _("All files"));
        gtk_file_filter_add_pattern (all, "*");
        gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    }
    if (gtk_native_dialog_run (GTK_NATIVE_DIALOG (chooser)) == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

        if (path)
            gtk_entry_set_text (GTK_ENTRY (W (entry)), path);
    }
}

static const char * const iso_patterns[] = { "*.iso", "*.ISO", NULL };
static const char * const image_patterns[] = {
    "*.qcow2", "*.img", "*.raw", "*.vmdk", "*.vhdx", "*.vdi", "*.vhd", NULL
};

static void
media_browse_cb (VireoNewVmWindow *self)
{
    browse (self, "media_entry", _("Choose Install Media"), _("ISO images"), iso_patterns);
}

static void
cloud_browse_cb (VireoNewVmWindow *self)
{
    browse (self, "cloud_entry", _("Choose a Cloud Image"), _("Disk images"), image_patterns);
}

static void
import_browse_cb (VireoNewVmWindow *self)
{
    browse (self, "import_entry", _("Choose a Disk Image"), _("Disk images"), image_patterns);
}

static void
storage_chosen_cb (VireoNewVmWindow *self,
                   const char       *path)
{
    gtk_entry_set_text (GTK_ENTRY (W ("disk_path_entry")), path);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (W ("storage_existing")), TRUE);
}

/* The pools and their volumes (a volume can be made there), or a file. */
static void
disk_browse_cb (VireoNewVmWindow *self)
{
    GtkWidget *browser = vireo_storage_browser_new (GTK_WINDOW (self), self->connection);

    g_signal_connect_object (browser, "chosen", G_CALLBACK (storage_chosen_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_window_present (GTK_WINDOW (browser));
}

static void
resource_changed_cb (GtkSpinButton    *spin,
                     VireoNewVmWindow *self)
{
    if (self->setting)
        return;
    if (GTK_WIDGET (spin) == W ("memory_spin"))
        self->memory_set = TRUE;
    else if (GTK_WIDGET (spin) == W ("cpus_spin"))
        self->cpus_set = TRUE;
    else
        self->disk_set = TRUE;
}

static void
express_toggled_cb (VireoNewVmWindow *self)
{
    apply_facts (self);
}

static void
network_changed_cb (VireoNewVmWindow *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (W ("network_combo")));
    gboolean manual = g_strcmp0 (id, "bridge") == 0 || g_strcmp0 (id, "macvtap") == 0;

    gtk_widget_set_sensitive (W ("network_source_entry"), manual);
    if (self->page == PAGE_FINISH)
        update_summary (self);
}

static void
networks_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) sources = vireo_network_list_sources_finish (VIREO_NETWORK (source),
                                                                      result, &error);
    VireoNewVmWindow *self;
    GtkComboBoxText *combo;
    gboolean chosen = FALSE;

    if (sources == NULL) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_debug ("No networks listed: %s", error->message);
        return;
    }
    self = user_data;
    combo = GTK_COMBO_BOX_TEXT (W ("network_combo"));
    for (guint i = 0; i < sources->len; i++) {
        VireoNetworkSource *s = sources->pdata[i];
        g_autofree char *id = NULL;

        if (s->type == VIREO_NETWORK_SOURCE_USER)
            continue;
        id = g_strdup_printf ("%s:%s", s->type == VIREO_NETWORK_SOURCE_NETWORK ? "network"
                                                                               : "bridge",
                              s->name);
        gtk_combo_box_text_insert (combo, i, id, s->description);
        if (!chosen && s->type == VIREO_NETWORK_SOURCE_NETWORK && s->active) {
            gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), id);
            chosen = TRUE;
        }
    }
}

static void
fill_networks (VireoNewVmWindow *self)
{
    GtkComboBoxText *combo = GTK_COMBO_BOX_TEXT (W ("network_combo"));

    if (vireo_connection_is_embedded (self->connection)) {
        gtk_combo_box_text_append (combo, "user", _("Usermode networking"));
        gtk_combo_box_text_append (combo, "none", _("No network"));
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), "user");
        gtk_widget_set_sensitive (W ("network_source_entry"), FALSE);
        return;
    }
    gtk_combo_box_text_append (combo, "default", _("Default (as vireo-install chooses)"));
    gtk_combo_box_text_append (combo, "user", _("Usermode networking"));
    gtk_combo_box_text_append (combo, "bridge", _("Bridge device (name it below)"));
    gtk_combo_box_text_append (combo, "macvtap", _("Macvtap on a host device (name it below)"));
    gtk_combo_box_text_append (combo, "none", _("No network"));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), "default");
    if (vireo_connection_get_network (self->connection))
        vireo_network_list_sources_async (vireo_connection_get_network (self->connection),
                                          self->cancellable, networks_cb, self);
}

/* ------------------------------------------------------------ bench */

static gboolean
bench_tick (gpointer user_data)
{
    VireoNewVmWindow *self = user_data;
    gint64 now = g_get_monotonic_time ();

    gint64 gap = self->last_tick ? now - self->last_tick : 0;
    struct timespec ts;
    gint64 cpu, busy;

    /* On a loaded machine a late tick may be the scheduler's, not ours: the
     * CPU time the main thread spent in the gap says how much was work. */
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
    cpu = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
    busy = self->last_cpu ? cpu - self->last_cpu : 0;
    self->longest_stall = MAX (self->longest_stall, gap);
    if (self->detecting)
        self->detect_stall = MAX (self->detect_stall, gap);
    if (self->create_cancellable != NULL)
        self->create_stall = MAX (self->create_stall, gap);
    if (self->detecting || self->create_cancellable != NULL)
        self->busy_stall = MAX (self->busy_stall, busy);
    self->last_tick = now;
    self->last_cpu = cpu;
    return G_SOURCE_CONTINUE;
}

static gboolean
bench_mapped_cb (VireoNewVmWindow *self)
{
    g_printerr ("vireo-bench: wizard mapped\n");
    return GDK_EVENT_PROPAGATE;
}

/* ------------------------------------------------------------ the class */

static void
vireo_new_vm_window_dispose (GObject *object)
{
    VireoNewVmWindow *self = VIREO_NEW_VM_WINDOW (object);

    if (self->tick_source) {
        /* The ticks come every 2 ms: what exceeds that is the stall. */
        g_printerr ("vireo-bench: longest stall %.1f ms (during OS detection %.1f ms, during "
                    "creation %.1f ms; most main-thread CPU time in one gap of either %.1f "
                    "ms)\n", MAX (0, self->longest_stall - 2000) / 1000.0,
                    MAX (0, self->detect_stall - 2000) / 1000.0,
                    MAX (0, self->create_stall - 2000) / 1000.0,
                    self->busy_stall / 1000.0);
        g_clear_handle_id (&self->tick_source, g_source_remove);
    }
    g_clear_handle_id (&self->detect_source, g_source_remove);
    if (self->cancellable)
        g_cancellable_cancel (self->cancellable);
    if (self->detect_cancellable)
        g_cancellable_cancel (self->detect_cancellable);
    if (self->facts_cancellable)
        g_cancellable_cancel (self->facts_cancellable);
    if (self->create_cancellable)
        g_cancellable_cancel (self->create_cancellable);
    G_OBJECT_CLASS (vireo_new_vm_window_parent_class)->dispose (object);
}

static void
vireo_new_vm_window_finalize (GObject *object)
{
    VireoNewVmWindow *self = VIREO_NEW_VM_WINDOW (object);

    g_clear_object (&self->pages);
    g_clear_object (&self->connection);
    g_clear_object (&self->settings);
    g_clear_object (&self->application);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->detect_cancellable);
    g_clear_object (&self->facts_cancellable);
    g_clear_object (&self->create_cancellable);
    g_clear_object (&self->os_store);
    g_clear_object (&self->plan);
    g_clear_pointer (&self->spec, vireo_install_spec_free);
    g_clear_pointer (&self->facts, vireo_os_facts_free);
    g_clear_pointer (&self->names, g_hash_table_unref);
    g_free (self->chosen_os);
    g_free (self->detected_os);
    g_free (self->disk_place);
    G_OBJECT_CLASS (vireo_new_vm_window_parent_class)->finalize (object);
}

static void
vireo_new_vm_window_class_init (VireoNewVmWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vireo_new_vm_window_dispose;
    object_class->finalize = vireo_new_vm_window_finalize;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/org/vireo/Vireo/vireo-new-vm-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VireoNewVmWindow, cancel_button);
    gtk_widget_class_bind_template_child (widget_class, VireoNewVmWindow, forward_button);
    gtk_widget_class_bind_template_child (widget_class, VireoNewVmWindow, back_button);
    gtk_widget_class_bind_template_child (widget_class, VireoNewVmWindow, step_label);
    gtk_widget_class_bind_template_child (widget_class, VireoNewVmWindow, stack);
    gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, forward_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
vireo_new_vm_window_init (VireoNewVmWindow *self)
{
    GtkEntryCompletion *completion;

    gtk_widget_init_template (GTK_WIDGET (self));
    vireo_help_install (GTK_WINDOW (self), "create-vm");
    self->cancellable = g_cancellable_new ();
    self->pages = gtk_builder_new ();
    gtk_builder_set_translation_domain (self->pages, GETTEXT_PACKAGE);
    for (int i = 0; i < N_PAGES; i++) {
        g_autofree char *path = g_strconcat ("/org/vireo/Vireo/", page_files[i], NULL);
        g_autoptr(GError) error = NULL;

        if (!gtk_builder_add_from_resource (self->pages, path, &error))
            g_error ("%s: %s", path, error->message);
        gtk_stack_add_named (self->stack, W (page_ids[i]), page_ids[i]);
    }

    /* The OS list, for the search entry. */
    self->os_store = gtk_list_store_new (2, G_TYPE_STRING, G_TYPE_STRING);
    completion = gtk_entry_completion_new ();
    gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->os_store));
    gtk_entry_completion_set_text_column (completion, 0);
    gtk_entry_completion_set_match_func (completion, os_match, self, NULL);
    gtk_entry_completion_set_minimum_key_length (completion, 1);
    g_signal_connect (completion, "match-selected", G_CALLBACK (os_selected_cb), self);
    gtk_entry_set_completion (GTK_ENTRY (W ("os_entry")), completion);
    g_object_unref (completion);

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (W ("os_detect_check")), TRUE);
    gtk_combo_box_set_active (GTK_COMBO_BOX (W ("arch_combo")), 0);
    gtk_combo_box_set_active (GTK_COMBO_BOX (W ("virt_type_combo")), 0);
    gtk_combo_box_set_active (GTK_COMBO_BOX (W ("firmware_combo")), 0);

#define ON(name, signal, cb) \
    g_signal_connect_swapped (W (name), signal, G_CALLBACK (cb), self)
    ON ("media_entry", "changed", schedule_detect);
    ON ("location_entry", "changed", schedule_detect);
    ON ("os_detect_check", "toggled", schedule_detect);
    ON ("os_entry", "changed", os_entry_changed_cb);
    ON ("media_browse", "clicked", media_browse_cb);
    ON ("cloud_browse", "clicked", cloud_browse_cb);
    ON ("import_browse", "clicked", import_browse_cb);
    ON ("disk_browse", "clicked", disk_browse_cb);
    ON ("express_check", "toggled", express_toggled_cb);
    ON ("name_entry", "changed", check_name);
    ON ("network_combo", "changed", network_changed_cb);
    g_signal_connect (W ("memory_spin"), "value-changed", G_CALLBACK (resource_changed_cb), self);
    g_signal_connect (W ("cpus_spin"), "value-changed", G_CALLBACK (resource_changed_cb), self);
    g_signal_connect (W ("disk_size_spin"), "value-changed", G_CALLBACK (resource_changed_cb),
                      self);
    vireo_size_spin_attach (GTK_SPIN_BUTTON (W ("memory_spin")), VIREO_SIZE_FIELD_MEMORY_MIB);
    vireo_size_spin_attach (GTK_SPIN_BUTTON (W ("cpus_spin")), VIREO_SIZE_FIELD_VCPUS);
    vireo_size_spin_attach (GTK_SPIN_BUTTON (W ("disk_size_spin")),
                            VIREO_SIZE_FIELD_DISK_GIB);
    ON ("memory_spin", "changed", check_page);
    ON ("cpus_spin", "changed", check_page);
    ON ("disk_size_spin", "changed", check_page);
    ON ("disk_allocate_check", "toggled", check_page);
    ON ("storage_new", "toggled", check_page);
#undef ON
    g_signal_connect (self, "key-press-event", G_CALLBACK (key_press_cb), NULL);
    gtk_window_set_default (GTK_WINDOW (self), GTK_WIDGET (self->forward_button));

    self->bench = g_getenv ("VIREO_BENCH") != NULL;
    if (self->bench) {
        g_signal_connect (self, "map-event", G_CALLBACK (bench_mapped_cb), NULL);
        self->tick_source = g_timeout_add_full (G_PRIORITY_HIGH, 2, bench_tick, self, NULL);
    }
}

/* The free space where a new disk goes: the embedded root's image folder,
 * or libvirt's pool "default" (where the plan puts disks). */
static void
pools_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pools = vireo_storage_list_pools_finish (VIREO_STORAGE (source), result,
                                                                  &error);
    VireoNewVmWindow *self;
    gboolean embedded;

    if (pools == NULL) {
        if (!vireo_error_is_cancelled (error))
            g_debug ("No pools listed: %s", error->message);
        return;
    }
    self = user_data;
    embedded = vireo_connection_is_embedded (self->connection);
    for (guint i = 0; i < pools->len; i++) {
        VireoStoragePoolInfo *pool = pools->pdata[i];

        if (embedded || g_strcmp0 (pool->name, "default") == 0) {
            g_free (self->disk_place);
            self->disk_place = g_strdup (pool->path != NULL ? pool->path : pool->name);
            self->disk_available = pool->available;
            check_page (self);
            break;
        }
    }
}

static void
fill_host (VireoNewVmWindow *self)
{
    guint cpus = vireo_connection_get_host_cpus (self->connection);
    guint64 mem_mib = vireo_connection_get_host_memory_kib (self->connection) / 1024;
    g_autofree char *limits = NULL;
    g_autofree char *uri = g_strdup_printf (_("Connection: %s"),
                                            vireo_connection_get_uri (self->connection));
    g_autofree char *place = NULL;
    g_autofree char *root = NULL;
    g_autoptr(GPtrArray) domains = vireo_connection_list_domains (self->connection);

    set_label (self, "connection_label", uri);
    if (cpus)
        gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (
                                      GTK_SPIN_BUTTON (W ("cpus_spin"))), cpus);
    if (mem_mib)
        gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (
                                      GTK_SPIN_BUTTON (W ("memory_spin"))), mem_mib);
    if (cpus && mem_mib)
        limits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Up to %" PRIu64
                                               " MiB and %u CPU on this host.",
                                               "Up to %" PRIu64
                                               " MiB and %u CPUs on this host.", cpus),
                                  mem_mib, cpus);
    set_label (self, "limits_label", limits);
    if (vireo_embed_uri_get_root (vireo_connection_get_uri (self->connection), &root)) {
        g_autofree char *dir = vireo_embed_images_dir (root);
        place = g_strdup_printf (C_("new disk folder", "In %s"), dir);
    } else {
        place = g_strdup (_("In the default storage pool"));
    }
    set_label (self, "disk_place_label", place);

    self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; domains && i < domains->len; i++)
        g_hash_table_add (self->names, g_strdup (vireo_domain_get_name (domains->pdata[i])));
    fill_networks (self);
    if (vireo_connection_get_storage (self->connection) != NULL)
        vireo_storage_list_pools_async (vireo_connection_get_storage (self->connection),
                                        self->cancellable, pools_cb, self);
}

GtkWidget *
vireo_new_vm_window_new (GtkApplication  *application,
                         GtkWindow       *parent,
                         VireoConnection *connection,
                         GSettings       *settings)
{
    VireoNewVmWindow *self;

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIREO_TYPE_NEW_VM_WINDOW, "application", application, NULL);
    if (parent)
        gtk_window_set_transient_for (GTK_WINDOW (self), parent);
    self->application = application ? g_object_ref (application) : NULL;
    self->connection = g_object_ref (connection);
    self->settings = settings ? g_object_ref (settings) : NULL;
    fill_host (self);
    /* Reading libosinfo's database takes a CPU for a while: it starts once the window
     * is on the screen, so that it does not compete with showing it. */
    g_signal_connect (self, "map-event", G_CALLBACK (load_os_list_cb), NULL);
    enter_page (self, PAGE_METHOD);
    return GTK_WIDGET (self);
}
