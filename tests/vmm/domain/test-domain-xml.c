/* test-domain-xml.c: disk paths read out of domain XML
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-vmm.h"
#include "vireo-test-util.h"

typedef struct {
    const char *name;
    const char *xml;
    const char *expected;   /* paths joined with '|', "" for none */
} DiskCase;

static const DiskCase disk_cases[] = {
    { "file",
      "<domain type='kvm'><name>a</name><devices>"
      "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
      "<source file='/var/lib/images/a.qcow2'/><target dev='vda' bus='virtio'/></disk>"
      "</devices></domain>",
      "/var/lib/images/a.qcow2" },
    { "block",
      "<domain type='kvm'><name>b</name><devices>"
      "<disk type='block' device='disk'><source dev='/dev/vg0/b'/>"
      "<target dev='vda'/></disk></devices></domain>",
      "/dev/vg0/b" },
    { "volume",
      "<domain type='kvm'><name>c</name><devices>"
      "<disk type='volume' device='disk'><source pool='default' volume='c.qcow2'/>"
      "<target dev='vda'/></disk></devices></domain>",
      "default/c.qcow2" },
    { "cdrom-and-disk",
      "<domain type='kvm'><name>d</name><devices>"
      "<disk type='file' device='disk'><source file='/img/d.raw'/><target dev='sda'/></disk>"
      "<disk type='file' device='cdrom'><source file='/iso/install.iso'/>"
      "<target dev='sdb'/><readonly/></disk>"
      "<disk type='file' device='floppy'><source file='/img/floppy.img'/>"
      "<target dev='fda'/></disk>"
      "</devices></domain>",
      "/img/d.raw|/iso/install.iso|/img/floppy.img" },
    { "empty-cdrom",
      "<domain type='kvm'><name>e</name><devices>"
      "<disk type='file' device='cdrom'><target dev='sdb'/><readonly/></disk>"
      "<disk type='file' device='disk'><source file=''/><target dev='vda'/></disk>"
      "</devices></domain>",
      "" },
    { "network-disk-skipped",
      "<domain type='kvm'><name>f</name><devices>"
      "<disk type='network' device='disk'><source protocol='nbd' name='x'>"
      "<host name='h' port='10809'/></source><target dev='vda'/></disk>"
      "<disk type='file' device='disk'><source file='/img/f.qcow2'/><target dev='vdb'/></disk>"
      "</devices></domain>",
      "/img/f.qcow2" },
    { "no-devices",
      "<domain type='qemu'><name>g</name><memory>1024</memory></domain>",
      "" },
    { "incomplete-volume",
      "<domain type='kvm'><name>h</name><devices>"
      "<disk type='volume' device='disk'><source pool='default'/><target dev='vda'/></disk>"
      "</devices></domain>",
      "" },
    { "disk-outside-devices-ignored",
      "<domain type='kvm'><name>i</name>"
      "<metadata><disk type='file'><source file='/not/a/disk'/></disk></metadata>"
      "<devices><disk type='file' device='disk'><source file='/img/i.img'/>"
      "<target dev='vda'/></disk></devices></domain>",
      "/img/i.img" },
    { "entities",
      "<domain type='kvm'><name>j</name><devices>"
      "<disk type='file' device='disk'><source file='/img/a&amp;b &#x441;.img'/>"
      "<target dev='vda'/></disk></devices></domain>",
      "/img/a&b \xd1\x81.img" },
};

static void
test_disk_paths (gconstpointer data)
{
    const DiskCase *c = data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) paths = NULL;
    g_autoptr(GString) joined = g_string_new (NULL);

    paths = vireo_domain_xml_list_disk_paths (c->xml, &error);
    g_assert_no_error (error);
    g_assert_nonnull (paths);
    for (guint i = 0; i < paths->len; i++) {
        if (i > 0)
            g_string_append_c (joined, '|');
        g_string_append (joined, g_ptr_array_index (paths, i));
    }
    g_assert_cmpstr (joined->str, ==, c->expected);
}

typedef struct {
    const char *name;
    const char *xml;
    const char *message_part;
} BadCase;

static const BadCase bad_cases[] = {
    { "empty", "", "not valid XML" },
    { "unclosed", "<domain><devices><disk type='file'>", "not valid XML" },
    { "garbage", "this is not xml at all", "not valid XML" },
    { "mismatched", "<domain></devices>", "not valid XML" },
    { "wrong-root", "<network><name>default</name></network>", "“network”" },
};

static void
test_bad_xml (gconstpointer data)
{
    const BadCase *c = data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) paths = NULL;

    paths = vireo_domain_xml_list_disk_paths (c->xml, &error);
    g_assert_null (paths);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, c->message_part));
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    for (gsize i = 0; i < G_N_ELEMENTS (disk_cases); i++) {
        g_autofree char *path = g_strdup_printf ("/vireo/domain-xml/disks/%s",
                                                 disk_cases[i].name);

        g_test_add_data_func (path, &disk_cases[i], test_disk_paths);
    }
    for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++) {
        g_autofree char *path = g_strdup_printf ("/vireo/domain-xml/malformed/%s",
                                                 bad_cases[i].name);

        g_test_add_data_func (path, &bad_cases[i], test_bad_xml);
    }
    return g_test_run ();
}
