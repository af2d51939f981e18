/* vireo-console-loader.c: the console stack, loaded on first use
 *
 * The manager's list does not need spice-gtk, gtk-vnc, VTE, GStreamer or
 * libsecret, and mapping them costs start-up time and memory, so console
 * windows and pages come from a module loaded on first use.  Where the
 * console code is linked in (the tests), the weak references below resolve
 * to it and nothing is loaded.
 *
 * The module is looked for in $VIREO_MODULE_DIR, then next to the running
 * executable (the build tree), then in the installed module directory.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <gmodule.h>

#include "vireo-console-loader.h"
#include "vireo-console-module.h"
#include "vireo-help.h"
#include "vireo-program-file.h"

#define MODULE_NAME "libvireo-console.so"

/* Defined where the console stack is linked in (vireo-console-module.c). */
extern GtkWindow *vireo_console_module_present_for_domain (GtkApplication *application,
                                                           VireoDomain    *domain,
                                                           GSettings      *settings)
    __attribute__ ((weak));
extern GtkWidget *vireo_console_module_new_page_for_domain (VireoDomain *domain,
                                                            GSettings   *settings)
    __attribute__ ((weak));

static VireoConsoleModulePresentFunc present_func;
static VireoConsoleModuleNewPageFunc new_page_func;

char *
vireo_console_loader_find_module (GError **error)
{
    char *path = vireo_program_file_find (MODULE_NAME, g_getenv ("VIREO_MODULE_DIR"),
                                          VIREO_MODULEDIR, G_FILE_TEST_EXISTS);

    if (path == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The console module %s is not installed in %s; reinstall Vireo."),
                     MODULE_NAME, VIREO_MODULEDIR);
    return path;
}

static gboolean
find_symbol (GModule     *module,
             const char  *path,
             const char  *name,
             gpointer    *symbol,
             GError     **error)
{
    if (g_module_symbol (module, name, symbol) && *symbol != NULL)
        return TRUE;
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The console module %s is not a Vireo console module."), path);
    return FALSE;
}

static gboolean
ensure_loaded (GError **error)
{
    g_autofree char *path = NULL;
    GModule *module;
    gpointer present = NULL;
    gpointer new_page = NULL;

    if (present_func != NULL)
        return TRUE;
    if (vireo_console_module_present_for_domain != NULL &&
        vireo_console_module_new_page_for_domain != NULL) {
        present_func = vireo_console_module_present_for_domain;
        new_page_func = vireo_console_module_new_page_for_domain;
        return TRUE;
    }
    path = vireo_console_loader_find_module (error);
    if (path == NULL)
        return FALSE;
    module = g_module_open (path, G_MODULE_BIND_LOCAL);
    if (module == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("The console module could not be loaded: %s"), g_module_error ());
        return FALSE;
    }
    if (!find_symbol (module, path, VIREO_CONSOLE_MODULE_PRESENT_SYMBOL, &present, error) ||
        !find_symbol (module, path, VIREO_CONSOLE_MODULE_NEW_PAGE_SYMBOL, &new_page, error)) {
        g_module_close (module);
        return FALSE;
    }
    g_module_make_resident (module);
    present_func = (VireoConsoleModulePresentFunc) present;
    new_page_func = (VireoConsoleModuleNewPageFunc) new_page;
    return TRUE;
}

gboolean
vireo_console_loader_present_for_domain (GtkApplication *application,
                                         VireoDomain    *domain,
                                         GSettings      *settings,
                                         GError        **error)
{
    GtkWindow *window;

    g_return_val_if_fail (GTK_IS_APPLICATION (application), FALSE);
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (!ensure_loaded (error))
        return FALSE;
    window = present_func (application, domain, settings);
    if (window != NULL && vireo_help_get_page (window) == NULL)
        vireo_help_install (window, "consoles");
    return window != NULL;
}

GtkWidget *
vireo_console_loader_new_page_for_domain (VireoDomain *domain,
                                          GSettings   *settings,
                                          GError     **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (!ensure_loaded (error))
        return NULL;
    return new_page_func (domain, settings);
}
