/* vireo-clone-main.c: the headless VM clone CLI
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <locale.h>

#include <glib/gi18n.h>

#include "vireo-clone-cli.h"

int
main (int argc, char **argv)
{
    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    return vireo_clone_cli_run (argc, argv);
}
