/* fuzz-install-cmdline.c: fuzz target for virt-install's grammar, a whole command line
 *
 * The input is a vireo-install command line after the program name (words
 * split as a shell does, quotes included).  It is parsed, checked, and, when
 * both accept it, turned into domain XML for libvirt's test driver (the
 * capabilities of tests/fixtures/install/caps-test.xml; no OS lookup, which
 * would read the whole osinfo database for each input).  Refusals are
 * VIREO_VMM_ERROR sentences in UTF-8; accepted lines give a well-formed
 * <domain> document.  Accepted means the XML was built.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <libxml/parser.h>

#include "vireo-domain-config.h"
#include "vireo-fuzz.h"
#include "vireo-install-options.h"
#include "vireo-vmm-error.h"

static char *caps_xml;

static void
load_caps (void)
{
    const char *dir = g_getenv ("VIREO_SOURCE_ROOT");
    g_autofree char *path = NULL;

    if (caps_xml != NULL)
        return;
    path = g_build_filename (dir ? dir : ".", "tests", "fixtures", "install", "caps-test.xml",
                             NULL);
    if (!g_file_get_contents (path, &caps_xml, NULL, NULL))
        g_error ("cannot read %s (set VIREO_SOURCE_ROOT)", path);
}

static gboolean
refused (const GError *error)
{
    g_assert (error != NULL);
    g_assert (error->domain == VIREO_VMM_ERROR);
    g_assert (error->message[0] != '\0');
    g_assert (g_utf8_validate (error->message, -1, NULL));
    return FALSE;
}

gboolean
vireo_fuzz_one (const uint8_t *data,
                size_t         size)
{
    g_autofree char *text = NULL;
    g_autofree char *line = NULL;
    g_auto(GStrv) argv = NULL;
    g_autoptr(VireoInstallOptions) options = NULL;
    g_autoptr(VireoDomainConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    xmlDoc *doc;
    int argc = 0;

    load_caps ();
    if (size > 8192 || memchr (data, '\0', size) != NULL)
        return FALSE;
    text = g_strndup ((const char *) data, size);
    line = g_strconcat ("vireo-install ", text, NULL);
    if (!g_shell_parse_argv (line, &argc, &argv, NULL))
        return FALSE;

    options = vireo_install_options_parse (argc, (const char *const *) argv, &error);
    if (options == NULL)
        return refused (error);
    if (options->listing != NULL)
        return TRUE;
    if (!vireo_install_options_check (options, &error))
        return refused (error);
    /* The OS is looked up by the programs, not here (see the top). */
    g_clear_pointer (&options->spec->os_name, g_free);

    config = vireo_domain_config_new (options->spec);
    vireo_domain_config_set_uri (config, "test:///default");
    vireo_domain_config_set_capabilities (config, caps_xml);
    vireo_domain_config_set_pool_directory (config, "/nonexistent/pool");
    if (!vireo_domain_config_resolve (config, &error)) {
        g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
        return FALSE;
    }
    xml = vireo_domain_config_build_xml (config, VIREO_DOMAIN_CONFIG_FINAL, &error);
    if (xml == NULL) {
        g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
        return FALSE;
    }
    doc = xmlReadMemory (xml, strlen (xml), "domain.xml", "UTF-8", XML_PARSE_NONET);
    g_assert (doc != NULL);
    g_assert (g_str_equal ((const char *) xmlDocGetRootElement (doc)->name, "domain"));
    xmlFreeDoc (doc);
    return TRUE;
}
