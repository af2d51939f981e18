/* test-faults-guest.c: real QEMU guests under faults: a guest that panics
 *
 * One embedded root per process (libvirt initialises its QEMU driver once),
 * hence a program apart from test-faults.  The guest is the busybox guest of
 * tests/common/media with a pvpanic device and "vireo.panic" on its kernel
 * command line, which makes its kernel panic once up: on_crash preserve,
 * destroy and restart each show as the VM's state says (the list and the VM
 * window's Overview show vireo_domain_state_describe()).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-embed.h"
#include "vireo-test-qemu.h"

/* ------------------------------------------------------------------------ */
/* A guest panics: its kernel tells the pvpanic device (the test guest's
 * "vireo.panic"), and the VM's on_crash action decides what is left. */

#define PANIC_TIMEOUT_MS 240000  /* a TCG boot, minutes on a loaded machine */

static char *
panic_xml (const char *name,
           const char *media,
           const char *root,
           const char *on_crash)
{
    g_autofree char *xml = vireo_test_qemu_kernel_xml (
        name, media, root, "    <panic model='isa'><address type='isa' iobase='0x505'/></panic>\n");
    g_autofree char *action = g_strdup_printf ("  <on_crash>%s</on_crash>\n  <features>",
                                               on_crash);
    g_autoptr(GString) text = g_string_new (xml);

    g_assert_cmpuint (g_string_replace (text, "console=ttyS0 quiet",
                                        "console=ttyS0 quiet vireo.panic", 1), ==, 1);
    g_assert_cmpuint (g_string_replace (text, "  <features>", action, 1), ==, 1);
    return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_guest_panic (void)
{
    static const struct {
        const char      *on_crash;
        VireoDomainState state;
        int              reason;
        const char      *shown;
    } cases[] = {
        { "preserve", VIREO_DOMAIN_STATE_CRASHED, VIR_DOMAIN_CRASHED_PANICKED,
          "Crashed (guest panic)" },
        { "destroy", VIREO_DOMAIN_STATE_SHUTOFF, VIR_DOMAIN_SHUTOFF_CRASHED,
          "Shutoff (crashed)" },
        { "restart", VIREO_DOMAIN_STATE_RUNNING, VIR_DOMAIN_RUNNING_CRASHED,
          "Running (restarted after a crash)" },
    };
    g_autoptr(GError) error = NULL;
    g_autofree char *media = vireo_test_qemu_media_dir (&error);
    g_autofree char *root = NULL;
    g_autofree char *uri = NULL;
    g_autoptr(VireoConnection) conn = NULL;

    g_assert_no_error (error);
    root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (root);
    uri = vireo_embed_uri_for_root (root);
    conn = vireo_connection_new (uri);
    vireo_connection_open (conn, NULL, &error);
    g_assert_no_error (error);

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *name = g_strdup_printf ("vf-panic-%s", cases[i].on_crash);
        g_autofree char *xml = panic_xml (name, media, root, cases[i].on_crash);
        g_autofree char *shown = NULL;
        g_autofree char *serial = vireo_test_qemu_serial_path (root, name);
        VireoDomain *domain = vireo_connection_define_xml (conn, xml, &error);

        g_assert_no_error (error);
        g_assert_nonnull (domain);
        vireo_domain_start (domain, NULL, &error);
        g_assert_no_error (error);
        /* The guest got as far as its panic, which its console shows. */
        g_assert_true (vireo_test_qemu_wait_file_contains (serial, "Kernel panic",
                                                           PANIC_TIMEOUT_MS));
        /* Running before the panic too: the reason tells the restart apart. */
        for (guint waited = 0; waited < PANIC_TIMEOUT_MS &&
             (vireo_domain_get_state (domain) != cases[i].state ||
              vireo_domain_get_reason (domain) != cases[i].reason); waited += 200)
            vireo_test_qemu_spin (200);
        vireo_test_qemu_assert_state (domain, cases[i].state, 10000);
        g_assert_cmpint (vireo_domain_get_reason (domain), ==, cases[i].reason);
        shown = vireo_domain_state_describe (vireo_domain_get_state (domain),
                                             vireo_domain_get_reason (domain));
        g_test_message ("on_crash=%s: %s", cases[i].on_crash, shown);
        g_assert_cmpstr (shown, ==, cases[i].shown);
        /* Vireo keeps working: the connection is up and the VM can be stopped. */
        g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_ACTIVE);
        if (vireo_domain_is_active (domain)) {
            g_assert_true (vireo_domain_run_action (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, NULL,
                                                    &error));
            g_assert_no_error (error);
            vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_SHUTOFF, 60000);
        }
    }
    vireo_connection_close (conn);
    vireo_test_qemu_cleanup_root (root);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/faults/guest-panic", test_guest_panic);
    return g_test_run ();
}
