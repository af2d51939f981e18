/* vireo-test-embed.c: an embedded libvirt root with emulated guests, as a program, for the
 * tests in Python that drive Vireo on it (tests/ui/vm/test-vm-window-qemu.py)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage:
 *   vireo-test-embed media              builds the guest media (make-guest.sh) and prints
 *                                       "media DIR"
 *   vireo-test-embed root               makes a fresh root with a short path, prints "root DIR"
 *   vireo-test-embed define ROOT FILE [start]
 *                                       defines the domain of FILE's XML on the root (and
 *                                       starts it, printing "pty PATH" of its first serial port
 *                                       and "pid PID" of its QEMU)
 *   vireo-test-embed cleanup ROOT       kills the QEMU processes of the root and removes it
 *
 * Only one process holds an embedded root at a time: the helper opens it, does its one thing
 * and exits, and the guests it started keep running, for Vireo to find when it opens the root.
 * Failures are printed on stderr with exit status 1.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "vireo-vmm-autocleanups.h"

#include "vireo-test-qemu.h"

static VireoConnection *
open_root (const char *root,
           GError    **error)
{
    g_autofree char *uri = g_strdup_printf ("qemu:///embed?root=%s", root);
    g_autoptr(VireoConnection) connection = vireo_connection_new (uri);

    if (!vireo_connection_open (connection, NULL, error))
        return NULL;
    return g_steal_pointer (&connection);
}

/* The source path of the first <serial type='pty'> of a live domain XML. */
static char *
serial_pty (const char *xml)
{
    g_autoptr(xmlDoc) doc = xmlReadMemory (xml, (int) strlen (xml), "live.xml", NULL,
                                           XML_PARSE_NONET | XML_PARSE_NOERROR);
    xmlXPathContext *context;
    xmlXPathObject *result;
    char *path = NULL;

    if (doc == NULL)
        return NULL;
    context = xmlXPathNewContext (doc);
    result = xmlXPathEvalExpression (
        BAD_CAST "string(/domain/devices/serial[@type='pty']/source/@path)", context);
    if (result != NULL && result->stringval != NULL && *result->stringval != '\0')
        path = g_strdup ((const char *) result->stringval);
    xmlXPathFreeObject (result);
    xmlXPathFreeContext (context);
    return path;
}

static int
define (const char *root,
        const char *file,
        gboolean    start)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoConnection) connection = NULL;
    g_autoptr(VireoDomain) domain = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *live = NULL;
    g_autofree char *pty = NULL;

    if (!g_file_get_contents (file, &xml, NULL, &error))
        goto fail;
    connection = open_root (root, &error);
    if (connection == NULL)
        goto fail;
    domain = vireo_connection_define_xml (connection, xml, &error);
    if (domain == NULL)
        goto fail;
    if (start) {
        if (!vireo_domain_start (domain, NULL, &error))
            goto fail;
        live = vireo_domain_dup_xml (domain, 0, NULL, &error);
        if (live == NULL)
            goto fail;
        pty = serial_pty (live);
        printf ("pty %s\npid %d\n", pty != NULL ? pty : "",
                (int) vireo_test_qemu_read_pid (root, vireo_domain_get_name (domain)));
    }
    vireo_connection_close (connection);
    return 0;

fail:
    g_printerr ("vireo-test-embed: %s\n", error->message);
    return 1;
}

int
main (int   argc,
      char *argv[])
{
    g_autoptr(GError) error = NULL;

    /* For g_test_build_filename(): G_TEST_SRCDIR and G_TEST_BUILDDIR say where the media
     * script and the built media are, as for the C tests. */
    g_test_init (&argc, &argv, NULL);
    vireo_vmm_silence_libvirt_errors ();
    if (argc == 2 && g_str_equal (argv[1], "media")) {
        g_autofree char *media = vireo_test_qemu_media_dir (&error);

        if (media == NULL) {
            g_printerr ("vireo-test-embed: %s\n", error->message);
            return 1;
        }
        printf ("media %s\n", media);
        return 0;
    }
    if (argc == 2 && g_str_equal (argv[1], "root")) {
        g_autofree char *root = vireo_test_qemu_make_root ();

        printf ("root %s\n", root);
        return 0;
    }
    if ((argc == 4 || argc == 5) && g_str_equal (argv[1], "define"))
        return define (argv[2], argv[3], argc == 5 && g_str_equal (argv[4], "start"));
    if (argc == 3 && g_str_equal (argv[1], "cleanup")) {
        vireo_test_qemu_cleanup_root (argv[2]);
        return 0;
    }
    g_printerr ("usage: %s media | root | define ROOT FILE [start] | cleanup ROOT\n", argv[0]);
    return 2;
}
