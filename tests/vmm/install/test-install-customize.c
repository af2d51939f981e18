/* test-install-customize.c: the install phase applied to a customized definition
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vireo-install-customize.h"
#include "vireo-vmm-error.h"

/* The lasting definition as libvirt keeps it, with the user's edits: more
 * memory, an e1000 NIC, a disk's own boot order, an emptied install CD. */
static const char edited[] =
    "<domain type='qemu'><name>vm</name><memory unit='KiB'>294912</memory>"
    "<metadata><other xmlns='urn:other'>kept</other></metadata>"
    "<os><type arch='x86_64' machine='pc'>hvm</type><loader readonly='yes'>/fw.bin</loader>"
    "<boot dev='hd'/></os>"
    "<on_reboot>restart</on_reboot>"
    "<devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/img/vm.qcow2'/><target dev='vda' bus='virtio'/><boot order='1'/></disk>"
    "<disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>"
    "<interface type='user'><model type='e1000'/></interface>"
    "</devices></domain>";

/* The plan's install phase: memory as the wizard chose, the media, a seed,
 * the boot order of the install and its files. */
static const char install[] =
    "<domain type='qemu'><name>vm</name><memory unit='KiB'>196608</memory>"
    "<metadata><vireo:install xmlns:vireo='https://vireo.org/xmlns/install/1.0'>"
    "<vireo:file path='/img/boot/seed.iso'/></vireo:install></metadata>"
    "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/><boot dev='hd'/></os>"
    "<on_reboot>destroy</on_reboot>"
    "<devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/img/vm.qcow2'/><target dev='vda' bus='virtio'/></disk>"
    "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
    "<source file='/iso/debian.iso'/><target dev='sda' bus='sata'/><readonly/></disk>"
    "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
    "<source file='/img/boot/seed.iso'/><target dev='sdb' bus='sata'/><readonly/></disk>"
    "<interface type='user'><model type='virtio'/></interface>"
    "</devices></domain>";

static void
test_merge (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = vireo_install_customize_install_xml (edited, install, &error);

    g_assert_no_error (error);
    g_assert_nonnull (xml);
    /* The user's edits stay. */
    g_assert_nonnull (strstr (xml, "<memory unit=\"KiB\">294912</memory>"));
    g_assert_null (strstr (xml, "196608"));
    g_assert_nonnull (strstr (xml, "<model type=\"e1000\"/>"));
    g_assert_null (strstr (xml, "virtio\"/></interface>"));
    g_assert_nonnull (strstr (xml, "/fw.bin"));
    g_assert_nonnull (strstr (xml, "<other xmlns=\"urn:other\">kept</other>"));
    /* The install phase's boot, with no device boot order beside it. */
    g_assert_nonnull (strstr (xml, "<boot dev=\"cdrom\"/>"));
    g_assert_null (strstr (xml, "<boot order="));
    g_assert_nonnull (strstr (xml, "<on_reboot>destroy</on_reboot>"));
    g_assert_null (strstr (xml, "restart"));
    /* The media in the emptied CD, the seed added, the files listed. */
    g_assert_nonnull (strstr (xml, "<source file=\"/iso/debian.iso\"/>"));
    g_assert_nonnull (strstr (xml, "<source file=\"/img/boot/seed.iso\"/>"));
    g_assert_nonnull (strstr (xml, "<target dev=\"sdb\" bus=\"sata\"/>"));
    g_assert_nonnull (strstr (xml, "vireo:file path=\"/img/boot/seed.iso\""));
    /* One disk per target. */
    g_assert_null (strstr (strstr (xml, "dev=\"sda\"") + 1, "dev=\"sda\""));
}

static void
test_merge_again (void)
{
    /* Begin Installation after a failed one: applying twice gives the same. */
    g_autoptr(GError) error = NULL;
    g_autofree char *once = vireo_install_customize_install_xml (edited, install, &error);
    g_autofree char *twice = vireo_install_customize_install_xml (once, install, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (once, ==, twice);
}

static void
test_bad_xml (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = vireo_install_customize_install_xml ("<network/>", install, &error);

    g_assert_null (xml);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "customized definition"));
    g_clear_error (&error);
    xml = vireo_install_customize_install_xml (edited, "<domain", &error);
    g_assert_null (xml);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "install phase"));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/install/customize/merge", test_merge);
    g_test_add_func ("/install/customize/merge-again", test_merge_again);
    g_test_add_func ("/install/customize/bad-xml", test_bad_xml);
    return g_test_run ();
}
