/* vireo-xml-main.c: the headless VM editor CLI
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <locale.h>

#include <glib/gi18n.h>

#include "vireo-xml-cli.h"

int
main (int argc, char **argv)
{
    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    return vireo_xml_cli_run (argc, argv);
}
