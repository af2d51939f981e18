/* vireo-test-guest.c: the QEMU guest of vireo-test-display.h as a program, for tests that
 * are not written in C (tests/ui/test-a11y.py)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage: vireo-test-guest [PASSWORD]
 *
 * Starts vireo_test_guest_start()'s guest (grub-rescue's ISO on plain QEMU emulation, SPICE
 * and VNC on 127.0.0.1, with PASSWORD on both when given), prints
 *
 *     spice PORT
 *     vnc PORT
 *     ready
 *
 * on stdout once both ports accept connections, and stops exactly that QEMU process when its
 * stdin closes (the test ended or died).
 */
#include <stdio.h>

#include "vireo-test-display.h"

int
main (int   argc,
      char *argv[])
{
    VireoTestGuest *guest;
    char buf[256];

    if (argc > 2) {
        g_printerr ("usage: %s [PASSWORD]\n", argv[0]);
        return 2;
    }
    if (!g_file_test (VIREO_TEST_GRUB_ISO, G_FILE_TEST_EXISTS)) {
        g_printerr ("%s: %s is missing: install grub-rescue-pc (tools/setup does)\n",
                    argv[0], VIREO_TEST_GRUB_ISO);
        return 1;
    }
    guest = vireo_test_guest_start (argc == 2 ? argv[1] : NULL);
    printf ("spice %u\nvnc %u\nready\n", guest->spice_port, guest->vnc_port);
    fflush (stdout);
    while (fgets (buf, sizeof buf, stdin) != NULL)
        ;
    vireo_test_guest_stop (guest);
    return 0;
}
