/* vireo-xml-view-loader.c: the XML view (GtkSourceView), loaded on first use
 *
 * GtkSourceView and its dependencies cost the manager start-up time and
 * memory for a view most sessions never open, so the view comes from a
 * module loaded the first time it is shown, found like the console module:
 * in $VIREO_MODULE_DIR, next to the running executable (the build tree),
 * then in the installed module directory.  Where the view's code is linked
 * in (the tests), the weak reference below resolves to it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <gmodule.h>

#include "vireo-program-file.h"
#include "vireo-xml-view-loader.h"
#include "vireo-xml-view-module.h"

#define MODULE_NAME "libvireo-xml-view.so"

/* Defined where the view is linked in (vireo-xml-view-module.c). */
extern GtkWidget *vireo_xml_view_module_new (void) __attribute__ ((weak));

static VireoXmlViewModuleNewFunc new_func;

static gboolean
ensure_loaded (GError **error)
{
    g_autofree char *path = NULL;
    GModule *module;
    gpointer symbol = NULL;

    if (new_func != NULL)
        return TRUE;
    if (vireo_xml_view_module_new != NULL) {
        new_func = vireo_xml_view_module_new;
        return TRUE;
    }
    path = vireo_program_file_find (MODULE_NAME, g_getenv ("VIREO_MODULE_DIR"), VIREO_MODULEDIR,
                                    G_FILE_TEST_EXISTS);
    if (path == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The XML view module %s is not installed in %s; reinstall Vireo."),
                     MODULE_NAME, VIREO_MODULEDIR);
        return FALSE;
    }
    module = g_module_open (path, G_MODULE_BIND_LOCAL);
    if (module == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("The XML view module could not be loaded: %s"), g_module_error ());
        return FALSE;
    }
    if (!g_module_symbol (module, VIREO_XML_VIEW_MODULE_NEW_SYMBOL, &symbol) || symbol == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("The XML view module %s is not a Vireo XML view module."), path);
        g_module_close (module);
        return FALSE;
    }
    g_module_make_resident (module);
    new_func = (VireoXmlViewModuleNewFunc) symbol;
    return TRUE;
}

GtkWidget *
vireo_xml_view_loader_new_view (GError **error)
{
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (!ensure_loaded (error))
        return NULL;
    return new_func ();
}

gboolean
vireo_xml_view_loader_is_loaded (void)
{
    return new_func != NULL;
}
