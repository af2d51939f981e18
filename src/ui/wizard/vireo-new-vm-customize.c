/* vireo-new-vm-customize.c: "Customize configuration before install"
 *
 * The state of an install that waits for Begin Installation lives in a
 * small object the VM window holds (its data "vireo-new-vm-customize"):
 * the plan (whose files Cancel removes and whose install-phase XML Begin
 * applies) and its spec.  While it works, it holds a reference on itself
 * and on the application, so that a window closed meanwhile loses nothing.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-new-vm-customize.h"

#include <glib/gi18n.h>

#include "vireo-install-engine.h"
#include "vireo-vm-window.h"

#define VIREO_TYPE_NEW_VM_CUSTOMIZE (vireo_new_vm_customize_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewVmCustomize, vireo_new_vm_customize, VIREO, NEW_VM_CUSTOMIZE,
                      GObject)

struct _VireoNewVmCustomize {
    GObject parent_instance;

    GtkApplication   *application;
    VireoInstallPlan *plan;
    VireoInstallSpec *spec;
    VireoDomain      *domain;
    gboolean          busy;
};

G_DEFINE_FINAL_TYPE (VireoNewVmCustomize, vireo_new_vm_customize, G_TYPE_OBJECT)

static void
vireo_new_vm_customize_finalize (GObject *object)
{
    VireoNewVmCustomize *self = VIREO_NEW_VM_CUSTOMIZE (object);

    g_clear_object (&self->plan);     /* before the spec it borrows */
    g_clear_pointer (&self->spec, vireo_install_spec_free);
    g_clear_object (&self->domain);
    g_clear_object (&self->application);
    G_OBJECT_CLASS (vireo_new_vm_customize_parent_class)->finalize (object);
}

static void
vireo_new_vm_customize_class_init (VireoNewVmCustomizeClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vireo_new_vm_customize_finalize;
}

static void
vireo_new_vm_customize_init (VireoNewVmCustomize *self)
{
}

static VireoVmWindow *
window_of (VireoNewVmCustomize *self)
{
    return vireo_vm_window_find (self->application, self->domain);
}

/* Ends a piece of work begun with work_begin(). */
static void
work_end (VireoNewVmCustomize *self)
{
    self->busy = FALSE;
    g_application_release (G_APPLICATION (self->application));
    g_object_unref (self);
}

static void
work_begin (VireoNewVmCustomize *self,
            const char          *message)
{
    VireoVmWindow *window = window_of (self);

    self->busy = TRUE;
    g_object_ref (self);
    g_application_hold (G_APPLICATION (self->application));
    if (window)
        vireo_vm_window_set_install_pending (window, TRUE, TRUE, message);
}

static void
completed_cb (GObject      *source,
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
begun_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    VireoNewVmCustomize *self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomain) domain = vireo_install_engine_begin_finish (self->domain, result,
                                                                       &error);
    VireoVmWindow *window = window_of (self);

    if (domain == NULL) {
        g_autofree char *message = g_strdup_printf (_("The installation could not begin: %s"),
                                                    error->message);

        if (window)
            vireo_vm_window_set_install_pending (window, TRUE, FALSE, message);
        else
            g_warning ("%s", message);
        work_end (self);
        return;
    }
    /* Once the installer has shut down, the edited definition boots. */
    if (vireo_install_plan_get_install_xml (self->plan) != NULL) {
        g_application_hold (G_APPLICATION (self->application));
        vireo_install_engine_complete_async (domain, NULL, FALSE, FALSE, -1, NULL, completed_cb,
                                             g_object_ref (self->application));
    }
    if (window) {
        vireo_vm_window_set_install_pending (window, FALSE, FALSE, NULL);
        vireo_vm_window_set_view (window, VIREO_VM_VIEW_CONSOLE);
        /* The install is under way: the window no longer needs this. */
        work_end (self);
        g_object_set_data (G_OBJECT (window), "vireo-new-vm-customize", NULL);
        return;
    }
    work_end (self);
}

static void
begin_cb (VireoVmWindow       *window,
          VireoNewVmCustomize *self)
{
    if (self->busy)
        return;
    work_begin (self, _("Beginning the installation…"));
    vireo_install_engine_begin_async (self->domain,
                                      vireo_install_plan_get_marked_install_xml (self->plan),
                                      NULL, begun_cb, self);
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
    VireoNewVmCustomize *self = user_data;
    g_autoptr(GError) error = NULL;
    VireoVmWindow *window = window_of (self);

    if (!vireo_install_plan_remove_finish (self->plan, result, &error)) {
        g_autofree char *message = g_strdup_printf (_("The installation could not be "
                                                      "cancelled: %s"), error->message);

        if (window)
            vireo_vm_window_set_install_pending (window, TRUE, FALSE, message);
        else
            g_warning ("%s", message);
        work_end (self);
        return;
    }
    /* The window goes with its VM (if the removal did not take it yet). */
    if (window)
        gtk_widget_destroy (GTK_WIDGET (window));
    work_end (self);
}

static void
cancel_cb (VireoVmWindow       *window,
           VireoNewVmCustomize *self)
{
    if (self->busy)
        return;
    work_begin (self, _("Removing the virtual machine and its files…"));
    vireo_install_plan_remove_async (self->plan, self->domain, NULL, removed_cb, self);
}

void
vireo_new_vm_customize_start (GtkApplication   *application,
                              GSettings        *settings,
                              VireoInstallPlan *plan,
                              VireoInstallSpec *spec,
                              VireoDomain      *domain)
{
    VireoNewVmCustomize *self;
    VireoVmWindow *window;

    g_return_if_fail (GTK_IS_APPLICATION (application));
    g_return_if_fail (VIREO_IS_INSTALL_PLAN (plan));
    g_return_if_fail (VIREO_IS_DOMAIN (domain));

    self = g_object_new (VIREO_TYPE_NEW_VM_CUSTOMIZE, NULL);
    self->application = g_object_ref (application);
    self->plan = plan;
    self->spec = spec;
    self->domain = g_object_ref (domain);
    window = vireo_vm_window_present (application, domain, settings, VIREO_VM_VIEW_DETAILS);
    vireo_vm_window_set_install_pending (window, TRUE, FALSE, NULL);
    g_signal_connect_object (window, "begin-installation", G_CALLBACK (begin_cb), self, 0);
    g_signal_connect_object (window, "cancel-installation", G_CALLBACK (cancel_cb), self, 0);
    g_object_set_data_full (G_OBJECT (window), "vireo-new-vm-customize", self, g_object_unref);
}
