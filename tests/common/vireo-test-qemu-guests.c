/* vireo-test-qemu-guests.c: an embedded root with busybox guests, as a program, for the
 * tests in Python that drive the manager over AT-SPI (tests/ui/manager/test-vm-list.py)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage: vireo-test-qemu-guests [--broken NAME] NAME...
 *        vireo-test-qemu-guests --states ROOT NAME...
 *
 * The first form makes a fresh embedded root and defines in it, shut off, the busybox
 * guest of vireo_test_qemu_kernel_xml() under each NAME, and under the --broken NAME one
 * whose kernel file does not exist (libvirt refuses to start it).  Then it lets go of the
 * root (one process holds it at a time), prints
 *
 *     root PATH
 *     ready
 *
 * and waits: when its stdin closes (the test ended or died) it kills the QEMU processes
 * started under the root, removes it and exits.
 *
 * The second form opens ROOT, prints "NAME STATE" for each NAME (running, paused, shutoff,
 * … as in virsh; "missing" for an unknown NAME) and exits.  It is a process of its own
 * because libvirt's embedded driver re-attaches to running guests only the first time a
 * process opens a root.
 */
#include <stdio.h>
#include <string.h>

#include "vireo-test-qemu.h"

static const char *
state_name (VireoDomainState state)
{
    switch (state) {
    case VIREO_DOMAIN_STATE_RUNNING:
        return "running";
    case VIREO_DOMAIN_STATE_BLOCKED:
        return "blocked";
    case VIREO_DOMAIN_STATE_PAUSED:
        return "paused";
    case VIREO_DOMAIN_STATE_SHUTDOWN:
        return "shutdown";
    case VIREO_DOMAIN_STATE_SHUTOFF:
        return "shutoff";
    case VIREO_DOMAIN_STATE_CRASHED:
        return "crashed";
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
        return "pmsuspended";
    case VIREO_DOMAIN_STATE_NOSTATE:
    default:
        return "nostate";
    }
}

static VireoConnection *
open_root (const char *uri)
{
    g_autoptr(VireoConnection) connection = vireo_connection_new (uri);
    g_autoptr(GError) error = NULL;

    if (!vireo_connection_open (connection, NULL, &error))
        g_error ("could not open %s: %s", uri, error->message);
    return g_steal_pointer (&connection);
}

/* Closes @connection and waits until libvirt has let go of the root, so
 * that the next process can take it. */
static void
close_root (VireoConnection *connection,
            const char      *root)
{
    vireo_connection_close (connection);
    g_object_unref (connection);
    for (guint i = 0; i < 600; i++) {
        g_autoptr(GError) error = NULL;

        if (vireo_embed_check_free (root, &error))
            return;
        while (g_main_context_iteration (NULL, FALSE))
            ;
        g_usleep (50 * 1000);
    }
    g_error ("the embedded root %s is still held", root);
}

static void
define (VireoConnection *connection,
        const char      *xml)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomain) domain = vireo_connection_define_xml (connection, xml, &error);

    if (domain == NULL)
        g_error ("could not define a guest: %s", error->message);
}

static int
print_states (const char         *root,
              const char * const *names)
{
    g_autofree char *uri = g_strdup_printf ("qemu:///embed?root=%s", root);
    VireoConnection *connection = open_root (uri);

    for (guint i = 0; names[i] != NULL; i++) {
        VireoDomain *domain = vireo_connection_find_domain (connection, names[i]);

        printf ("%s %s\n", names[i],
                domain != NULL ? state_name (vireo_domain_get_state (domain)) : "missing");
    }
    fflush (stdout);
    close_root (connection, root);
    return 0;
}

int
main (int   argc,
      char *argv[])
{
    g_autoptr(GError) error = NULL;
    g_autofree char *media = NULL;
    g_autofree char *root = NULL;
    g_autofree char *uri = NULL;
    const char *broken = NULL;
    VireoConnection *connection;
    char line[256];

    /* For g_test_build_filename (): the media are built under the tests' build dir. */
    g_test_init (&argc, &argv, NULL);
    vireo_vmm_silence_libvirt_errors ();
    if (argc > 2 && g_str_equal (argv[1], "--states"))
        return print_states (argv[2], (const char * const *) argv + 3);
    if (argc > 2 && g_str_equal (argv[1], "--broken")) {
        broken = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc < 2) {
        g_printerr ("usage: vireo-test-qemu-guests [--broken NAME] NAME...\n");
        return 2;
    }
    media = vireo_test_qemu_media_dir (&error);
    if (media == NULL) {
        g_printerr ("%s\n", error->message);
        return 1;
    }
    root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (root);
    uri = g_strdup_printf ("qemu:///embed?root=%s", root);

    connection = open_root (uri);
    for (int i = 1; i < argc; i++) {
        g_autofree char *xml = vireo_test_qemu_kernel_xml (argv[i], media, root, NULL);

        define (connection, xml);
    }
    if (broken != NULL) {
        g_autofree char *missing = g_build_filename (root, "no-such-kernel", NULL);
        g_autofree char *xml = vireo_test_qemu_kernel_xml (broken, media, root, NULL);
        g_autofree char *kernel = g_build_filename (media, "vmlinuz", NULL);
        g_autoptr(GString) text = g_string_new (xml);

        g_string_replace (text, kernel, missing, 1);
        define (connection, text->str);
    }
    close_root (connection, root);

    printf ("root %s\nready\n", root);
    fflush (stdout);
    while (fgets (line, sizeof line, stdin) != NULL)
        ;
    vireo_test_qemu_cleanup_root (root);
    return 0;
}
