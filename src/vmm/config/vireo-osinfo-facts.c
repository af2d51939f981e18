/* vireo-osinfo-facts.c: what a window needs to know of an OS, read off the main loop
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-osinfo-facts.h"

#include <glib/gi18n.h>
#include <osinfo/osinfo.h>

#include "vireo-osinfo.h"
#include "vireo-osinfo-media.h"
#include "vireo-vmm-error.h"

typedef struct {
    char    *location;
    char    *arch;
    gboolean tree;
} Call;

static void
call_free (gpointer data)
{
    Call *call = data;

    g_free (call->location);
    g_free (call->arch);
    g_free (call);
}

static VireoOsFacts *
facts_of (OsinfoOs   *os,
          const char *arch,
          GError    **error)
{
    g_autoptr(VireoOsFacts) facts = g_new0 (VireoOsFacts, 1);
    g_autoptr(OsinfoInstallScript) script = NULL;

    facts->entry = vireo_osinfo_lookup_entry (osinfo_entity_get_id (OSINFO_ENTITY (os)), error);
    if (facts->entry == NULL)
        return NULL;
    facts->ram_mib = vireo_osinfo_recommended_ram_mib (os, arch);
    facts->min_ram_mib = vireo_osinfo_minimum_ram_mib (os, arch);
    facts->cpus = vireo_osinfo_recommended_cpus (os, arch);
    facts->storage_gib = vireo_osinfo_recommended_storage_gib (os, arch);
    facts->is_windows = vireo_osinfo_is_windows (os);
    script = vireo_osinfo_find_install_script (os, NULL, NULL);
    if (script) {
        /* A profile may be several scripts that go together (Windows XP's
         * answer file and the scripts it runs): they need a way they all
         * allow, and any of them may take the product key. */
        g_autoptr(OsinfoOs) full = vireo_osinfo_complete_os (os);
        g_autoptr(OsinfoInstallScriptList) all = osinfo_os_get_install_script_list (full);
        guint methods = ~0u;

        for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (all)); i++) {
            OsinfoInstallScript *one = OSINFO_INSTALL_SCRIPT (
                osinfo_list_get_nth (OSINFO_LIST (all), i));
            OsinfoInstallConfigParam *key;

            if (g_strcmp0 (osinfo_install_script_get_profile (one),
                           osinfo_install_script_get_profile (script)) != 0)
                continue;
            methods &= osinfo_install_script_get_injection_methods (one);
            key = osinfo_install_script_get_config_param (one,
                                                          OSINFO_INSTALL_CONFIG_PROP_REG_PRODUCTKEY);
            facts->product_key |= key != NULL;
            facts->product_key_required |= key != NULL &&
                                           osinfo_install_config_param_is_required (key);
        }
        if (methods & (OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_CDROM |
                       OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_FLOPPY))
            facts->express |= VIREO_OS_EXPRESS_CDROM;
        if (methods & OSINFO_INSTALL_SCRIPT_INJECTION_METHOD_INITRD)
            facts->express |= VIREO_OS_EXPRESS_INITRD;
    }
    return g_steal_pointer (&facts);
}

static void
facts_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
    Call *call = task_data;
    GError *error = NULL;
    VireoOsFacts *facts = vireo_osinfo_facts (call->location, call->arch, &error);

    if (facts)
        g_task_return_pointer (task, facts, (GDestroyNotify) vireo_os_facts_free);
    else
        g_task_return_error (task, error);
}

static void
detect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
    Call *call = task_data;
    GError *error = NULL;
    VireoOsFacts *facts = vireo_osinfo_detect (call->location, call->tree, call->arch, &error);

    if (facts)
        g_task_return_pointer (task, facts, (GDestroyNotify) vireo_os_facts_free);
    else
        g_task_return_error (task, error);
}

static void
run (const char         *location,
     gboolean            tree,
     const char         *arch,
     gpointer            source_tag,
     GTaskThreadFunc     func,
     GCancellable       *cancellable,
     GAsyncReadyCallback callback,
     gpointer            user_data)
{
    g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
    Call *call = g_new0 (Call, 1);

    call->location = g_strdup (location);
    call->arch = g_strdup (arch);
    call->tree = tree;
    g_task_set_source_tag (task, source_tag);
    g_task_set_task_data (task, call, call_free);
    /* A window that closed meanwhile is answered at once; the read goes on
     * and is thrown away. */
    g_task_set_return_on_cancel (task, TRUE);
    g_task_run_in_thread (task, func);
}

static VireoOsFacts *
finish (GAsyncResult *result,
        gpointer      source_tag,
        GError      **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
    g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

void
vireo_os_facts_free (VireoOsFacts *facts)
{
    if (facts == NULL)
        return;
    vireo_os_entry_free (facts->entry);
    g_free (facts);
}

VireoOsFacts *
vireo_osinfo_facts (const char *name,
                    const char *arch,
                    GError    **error)
{
    g_autoptr(OsinfoOs) os = NULL;

    g_return_val_if_fail (name != NULL, NULL);

    os = vireo_osinfo_find (name, error);
    return os ? facts_of (os, arch, error) : NULL;
}

void
vireo_osinfo_facts_async (const char         *name,
                          const char         *arch,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
    g_return_if_fail (name != NULL);
    run (name, FALSE, arch, vireo_osinfo_facts_async, facts_thread, cancellable, callback,
         user_data);
}

VireoOsFacts *
vireo_osinfo_facts_finish (GAsyncResult *result,
                           GError      **error)
{
    return finish (result, vireo_osinfo_facts_async, error);
}

VireoOsFacts *
vireo_osinfo_detect (const char *location,
                     gboolean    tree,
                     const char *arch,
                     GError    **error)
{
    g_autoptr(OsinfoOs) os = NULL;

    g_return_val_if_fail (location != NULL, NULL);

    if (tree) {
        os = vireo_osinfo_detect_tree (location, error);
    } else if (!g_file_test (location, G_FILE_TEST_EXISTS)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("There is no file “%s”."), location);
        return NULL;
    } else {
        os = vireo_osinfo_detect_media (location, error);
    }
    return os ? facts_of (os, arch, error) : NULL;
}

void
vireo_osinfo_detect_async (const char         *location,
                           gboolean            tree,
                           const char         *arch,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
    g_return_if_fail (location != NULL);
    run (location, tree, arch, vireo_osinfo_detect_async, detect_thread, cancellable, callback,
         user_data);
}

VireoOsFacts *
vireo_osinfo_detect_finish (GAsyncResult *result,
                            GError      **error)
{
    return finish (result, vireo_osinfo_detect_async, error);
}
