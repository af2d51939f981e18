/* test-install-options.c: virt-install's grammar as vireo-install reads it
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "vireo-install-console.h"
#include "vireo-install-options.h"
#include "vireo-vmm-error.h"

static VireoInstallOptions *
parse_line (const char *line, GError **error)
{
    g_auto(GStrv) words = NULL;
    g_autofree char *full = g_strconcat ("vireo-install ", line, NULL);
    int argc = 0;

    g_assert_true (g_shell_parse_argv (full, &argc, &words, NULL));
    return vireo_install_options_parse (argc, (const char * const *) words, error);
}

static void
test_split (void)
{
    static const struct { const char *in; const char *out; } cases[] = {
        { "a=1,b=2", "a=1|b=2|" },
        { "/p,size=8", "/p|size=8|" },
        { "path=/x,y", "path=/x|y|" },
        { "cmdline=\"a=b,c\",x=1", "cmdline=a=b,c|x=1|" },
        { "'k=v,w'", "k=v,w|" },
        { "a\\,b=1", "a,b=1|" },
        { "a=,b", "a=|b|" },
        { ",,a=1,,", "a=1|" },
        { "a=\"x\\\"y\"", "a=x\"y|" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) pairs = vireo_install_split_suboptions (cases[i].in, &error);
        GString *got = g_string_new (NULL);

        g_assert_no_error (error);
        for (guint j = 0; j < pairs->len; j += 2) {
            g_string_append (got, pairs->pdata[j]);
            if (pairs->pdata[j + 1])
                g_string_append_printf (got, "=%s", (char *) pairs->pdata[j + 1]);
            g_string_append_c (got, '|');
        }
        g_assert_cmpstr (got->str, ==, cases[i].out);
        g_string_free (got, TRUE);
    }
}

static void
test_fields (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoInstallOptions) o = NULL;
    VireoInstallSpec *s;
    VireoInstallDisk *d;
    VireoInstallNetwork *n;
    VireoInstallGraphics *g;

    o = parse_line ("-n vm1 -r 4096,maxmemory=8192 --vcpus 4,maxvcpus=8,sockets=2 "
                    "--cpu host-model --os-variant debian11 --cdrom /x.iso "
                    "--disk /d.qcow2,bus=sata,cache=none,readonly=on,target.dev=sdb "
                    "--disk size=8,format=raw,sparse=no --network bridge=br0,model=e1000 "
                    "--network type=user --graphics vnc,port=5901,listen=0.0.0.0 "
                    "--boot hd,cdrom,menu=on --noautoconsole --wait 0 --print-xml", &error);
    g_assert_no_error (error);
    s = o->spec;
    g_assert_cmpstr (s->name, ==, "vm1");
    g_assert_cmpuint (s->memory_mib, ==, 8192);
    g_assert_cmpuint (s->current_memory_mib, ==, 4096);
    g_assert_cmpuint (s->vcpus, ==, 4);
    g_assert_cmpuint (s->max_vcpus, ==, 8);
    g_assert_cmpuint (s->sockets, ==, 2);
    g_assert_cmpstr (s->cpu_mode, ==, "host-model");
    g_assert_cmpstr (s->os_name, ==, "debian11");
    g_assert_cmpint (s->method, ==, VIREO_INSTALL_METHOD_CDROM);
    g_assert_cmpstr (s->cdrom, ==, "/x.iso");
    g_assert_cmpuint (s->disks->len, ==, 2);
    d = s->disks->pdata[0];
    g_assert_cmpstr (d->path, ==, "/d.qcow2");
    g_assert_cmpstr (d->bus, ==, "sata");
    g_assert_cmpstr (d->cache, ==, "none");
    g_assert_cmpstr (d->target_dev, ==, "sdb");
    g_assert_cmpint (d->readonly, ==, VIREO_TRISTATE_ON);
    d = s->disks->pdata[1];
    g_assert_null (d->path);
    g_assert_cmpfloat (d->size_gib, ==, 8);
    g_assert_cmpstr (d->format, ==, "raw");
    g_assert_cmpint (d->sparse, ==, VIREO_TRISTATE_OFF);
    n = s->networks->pdata[0];
    g_assert_cmpstr (n->type, ==, "bridge");
    g_assert_cmpstr (n->source, ==, "br0");
    g_assert_cmpstr (n->model, ==, "e1000");
    n = s->networks->pdata[1];
    g_assert_cmpstr (n->type, ==, "user");
    g = s->graphics->pdata[0];
    g_assert_cmpstr (g->type, ==, "vnc");
    g_assert_cmpint (g->port, ==, 5901);
    g_assert_cmpstr (g->listen, ==, "0.0.0.0");
    g_assert_cmpuint (s->boot_devs->len, ==, 2);
    g_assert_cmpstr (s->boot_devs->pdata[0], ==, "hd");
    g_assert_cmpint (s->boot_menu, ==, VIREO_TRISTATE_ON);
    g_assert_cmpint (s->autoconsole, ==, VIREO_TRISTATE_OFF);
    g_assert_true (s->wait_set);
    g_assert_cmpint (s->wait_minutes, ==, 0);
    g_assert_true (o->print_xml);
}

static void
test_more_fields (void)
{
    static const struct { const char *line; const char *what; } cases[] = {
        { "--name=a --memory=memory=2048,currentMemory=1024", "mem 2048 cur 1024" },
        { "--name a --ram 512", "mem 512 cur 512" },
        { "--name a --location /t,kernel=k,initrd=i --extra-args \"console=ttyS0,115200\"",
          "loc /t k i console=ttyS0,115200" },
        { "--name a --boot kernel=/k,initrd=/i,cmdline=\"a=1,b c\"", "kernel /k /i a=1,b c" },
        { "--name a --osinfo detect=on,require=off", "detect on require off" },
        { "--name a --disk none --network none --graphics none --sound none", "none" },
        { "--name a --os-var win10", "os win10" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoInstallOptions) o = parse_line (cases[i].line, &error);
        g_autofree char *got = NULL;
        VireoInstallSpec *s;

        g_assert_no_error (error);
        s = o->spec;
        if (g_str_has_prefix (cases[i].what, "mem"))
            got = g_strdup_printf ("mem %" G_GUINT64_FORMAT " cur %" G_GUINT64_FORMAT,
                                   s->memory_mib, s->current_memory_mib);
        else if (g_str_has_prefix (cases[i].what, "loc"))
            got = g_strdup_printf ("loc %s %s %s %s", s->location, s->location_kernel,
                                   s->location_initrd, s->extra_args);
        else if (g_str_has_prefix (cases[i].what, "kernel"))
            got = g_strdup_printf ("kernel %s %s %s", s->kernel, s->initrd, s->cmdline);
        else if (g_str_has_prefix (cases[i].what, "detect"))
            got = g_strdup_printf ("detect %s require %s",
                                   s->os_detect == VIREO_TRISTATE_ON ? "on" : "off",
                                   s->os_require == VIREO_TRISTATE_OFF ? "off" : "on");
        else if (g_str_equal (cases[i].what, "none"))
            got = g_strdup (s->no_disks && s->no_networks && s->no_graphics && s->no_sound
                            ? "none" : "some");
        else
            got = g_strdup_printf ("os %s", s->os_name);
        g_assert_cmpstr (got, ==, cases[i].what);
    }
}

static void
test_malformed (void)
{
    static const struct { const char *line; const char *needle; } cases[] = {
        { "--bogus", "Unknown option “--bogus”" },
        { "--disk foo=bar", "Unknown --disk option “foo”. Valid --disk options: address.base, address.bus" },
        { "--network bridge=br0,model", "Option “model” of --network had no value set" },
        { "--cdrom /x.iso --pxe", "Only one install method" },
        { "--import --location /t", "Only one install method" },
        { "--memory lots", "is not a whole number" },
        { "--disk size=-3", "is not a size in GiB" },
        { "--disk \"'unterminated\"", "No closing quotation" },
        { "--pxe=yes", "takes no value" },
        { "--name", "needs a value" },
        { "stray", "Unexpected argument" },
        { "--network mac=zz:00", "is not a MAC address" },
        { "--boot menu=maybe", "is not on or off" },
        { "--vcpus x", "is not a whole number" },
        { "--disk device=tape,path=/x", "Unknown disk device" },
        { "--autoconsole blink", "Unknown --autoconsole value" },
        { "--n x", "ambiguous" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoInstallOptions) o = parse_line (cases[i].line, &error);

        g_assert_null (o);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        if (strstr (error->message, cases[i].needle) == NULL)
            g_error ("“%s”: “%s” does not say “%s”", cases[i].line, error->message,
                     cases[i].needle);
    }
}

/* Defects found by probing: values virt-install refuses or reads differently.  Each row
 * has the exact sentence. */
static void
test_probed (void)
{
    static const struct { const char *line; const char *message; } cases[] = {
        { "--disk size=1e20", "--disk size=1e20 is too large: a disk holds at most 8589934592 "
                              "GiB." },
        { "--disk size=inf", "--disk size=inf is not a size in GiB: give a number such as 10 or "
                             "1.5." },
        { "--disk size=nan", "--disk size=nan is not a size in GiB: give a number such as 10 or "
                             "1.5." },
        { "--disk size=0x10", "--disk size=0x10 is not a size in GiB: give a number such as 10 "
                              "or 1.5." },
        { "--disk size=-1", "--disk size=-1 is not a size in GiB: it must be more than 0." },
        { "--disk size=0", "--disk size=0 is not a size in GiB: it must be more than 0." },
        { "--disk size=", "--disk size= is not a size in GiB: give a number such as 10 or 1.5." },
        { "--memory 0", "--memory 0 is not an amount of memory: give a number of MiB greater "
                        "than 0." },
        { "--memory 512,currentMemory=0", "--memory currentMemory=0 is not an amount of memory: "
                                          "give a number of MiB greater than 0." },
        { "--memory 99999999999999999", "--memory 99999999999999999 is too large an amount of "
                                        "memory." },
        { "--name 'bad\xff'", "The value of --name is not valid UTF-8 text." },
        { "--disk 'path=/tmp/\xff.qcow2'", "The value of --disk is not valid UTF-8 text." },
        /* Found by fuzz-install-cmdline: an option word that is not UTF-8 was
         * echoed into the message, and a control character into the XML. */
        { "-\xffmemory 512", "An option is not valid UTF-8 text." },
        { "--mem\xffory=512", "An option is not valid UTF-8 text." },
        { "-\xc3\xa9 1", "Unknown option “-\xc3\xa9”. Valid options: " },
        { "--cpu 'host\x17'", "The value of --cpu has a control character (U+0017), which XML "
                               "cannot hold." },
        { "--name 'a\001b'", "The value of --name has a control character (U+0001), which XML "
                              "cannot hold." },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *line = g_strcompress (cases[i].line);
        g_autoptr(VireoInstallOptions) o = parse_line (line, &error);

        g_assert_null (o);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        if (strstr (error->message, cases[i].message) == NULL)
            g_error ("“%s”: “%s” is not “%s”", cases[i].line, error->message, cases[i].message);
    }

    /* Sizes that fit are taken. */
    {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoInstallOptions) o = parse_line ("--disk size=1.5 --disk size=8589934592",
                                                       &error);

        g_assert_no_error (error);
        g_assert_cmpfloat (((VireoInstallDisk *) o->spec->disks->pdata[0])->size_gib, ==, 1.5);
        g_assert_cmpfloat (((VireoInstallDisk *) o->spec->disks->pdata[1])->size_gib, ==,
                           8589934592.0);
    }
    /* The last --memory wins for both elements, as in virt-install; a later
     * currentMemory= alone keeps the earlier amount as <memory>. */
    {
        static const struct { const char *line; guint64 memory, current; } memory[] = {
            { "--memory 512 --memory 1024", 1024, 1024 },
            { "--memory 1024 --memory 512", 512, 512 },
            { "--memory 512 --memory currentMemory=256", 512, 256 },
            { "--memory 2048,currentMemory=1024", 2048, 1024 },
            { "--memory 1024,maxmemory=4096", 4096, 1024 },
        };

        for (guint i = 0; i < G_N_ELEMENTS (memory); i++) {
            g_autoptr(GError) error = NULL;
            g_autoptr(VireoInstallOptions) o = parse_line (memory[i].line, &error);

            g_assert_no_error (error);
            g_assert_cmpuint (o->spec->memory_mib, ==, memory[i].memory);
            g_assert_cmpuint (o->spec->current_memory_mib, ==, memory[i].current);
        }
    }
}

static void
test_check (void)
{
    static const struct { const char *line; const char *needle; } cases[] = {
        { "--memory 1024 --disk none --pxe", "--name is required" },
        { "--name a --disk none --pxe", "--memory amount" },
        { "--name a --memory 1 --cdrom /x", "--disk storage must be specified" },
        { "--name a --memory 1 --disk none", "An install method must be specified" },
        { "--name a --memory 1 --disk none --pxe --extra-args x", "only work with --location" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoInstallOptions) o = parse_line (cases[i].line, &error);

        g_assert_no_error (error);
        g_assert_false (vireo_install_options_check (o, &error));
        g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

/* Relative file names are taken against the current directory, as
 * virt-install does; absolute ones and URLs stay as they are. */
static void
test_relative_paths (void)
{
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *disk = g_build_filename (cwd, "foo.qcow2", NULL);
    g_autofree char *second = g_build_filename (cwd, "d", "b.raw", NULL);
    g_autofree char *iso = g_build_filename (cwd, "media", "boot.iso", NULL);
    g_autofree char *tree = g_build_filename (cwd, "tree", NULL);
    g_autofree char *kernel = g_build_filename (cwd, "vmlinuz", NULL);
    g_autofree char *initrd = g_build_filename (cwd, "initrd.img", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoInstallOptions) a = NULL;
    g_autoptr(VireoInstallOptions) b = NULL;
    g_autoptr(VireoInstallOptions) c = NULL;
    VireoInstallDisk *d;

    a = parse_line ("--name r --import --disk foo.qcow2 --disk path=./d/b.raw,bus=sata "
                    "--disk /abs/c.qcow2 --boot kernel=vmlinuz,initrd=x/../initrd.img", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (a->spec->disks->len, ==, 3);
    d = a->spec->disks->pdata[0];
    g_assert_cmpstr (d->path, ==, disk);
    d = a->spec->disks->pdata[1];
    g_assert_cmpstr (d->path, ==, second);
    d = a->spec->disks->pdata[2];
    g_assert_cmpstr (d->path, ==, "/abs/c.qcow2");
    g_assert_cmpstr (a->spec->kernel, ==, kernel);
    g_assert_cmpstr (a->spec->initrd, ==, initrd);

    b = parse_line ("--name r --cdrom media/boot.iso --disk size=1", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (b->spec->cdrom, ==, iso);

    c = parse_line ("--name r --location tree,kernel=linux,initrd=initrd.gz", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (c->spec->location, ==, tree);
    g_assert_cmpstr (c->spec->location_kernel, ==, "linux");
    g_clear_pointer (&c, vireo_install_options_free);
    c = parse_line ("--name r --location http://example.org/tree/", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (c->spec->location, ==, "http://example.org/tree/");
}

/* The viewer's arguments: virt-viewer's --connect URI --wait NAME, or the
 * display's address when this process holds the embedded root. */
static void
test_viewer_args (void)
{
    static const struct {
        const char *graphics;   /* inside <devices> of the live XML, or NULL */
        gboolean    own_root;
        const char *args;       /* joined with "|", NULL: no viewer */
    } cases[] = {
        { NULL, FALSE, "--connect|qemu:///system|--wait|vm" },
        { "<graphics type='spice' port='5901' autoport='yes' listen='127.0.0.1'/>", FALSE,
          "--connect|qemu:///system|--wait|vm" },
        { "<graphics type='spice'><listen type='none'/></graphics>", FALSE,
          "--connect|qemu:///system|--wait|vm|--attach" },
        { "<graphics type='spice' autoport='yes'><gl enable='yes'/></graphics>", FALSE,
          "--connect|qemu:///system|--wait|vm|--attach" },
        { "<graphics type='vnc' port='5902' listen='127.0.0.1'/>", TRUE,
          "--title|vm|vnc://127.0.0.1:5902" },
        { "<graphics type='spice' port='5903' listen='0.0.0.0'/>", TRUE,
          "--title|vm|spice://127.0.0.1:5903" },
        { "<graphics type='vnc' port='5904' listen='::1'/>", TRUE, "--title|vm|vnc://[::1]:5904" },
        { "<graphics type='vnc' port='5905'/>", TRUE, "--title|vm|vnc://127.0.0.1:5905" },
        { "<graphics type='spice' port='-1' autoport='yes'/>", TRUE, NULL },
        { "<graphics type='rdp' port='3389'/>", TRUE, NULL },
        { NULL, TRUE, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *xml = g_strdup_printf ("<domain><name>vm</name><devices>%s</devices>"
                                                "</domain>", cases[i].graphics ?
                                                cases[i].graphics : "");
        g_auto(GStrv) args = vireo_install_console_viewer_args ("qemu:///system", "vm", xml,
                                                                cases[i].own_root);
        g_autofree char *joined = args ? g_strjoinv ("|", args) : NULL;

        g_test_message ("case %u", i);
        g_assert_cmpstr (joined, ==, cases[i].args);
    }
}

static void
test_listing (void)
{
    static const char * const lines[] = { "--disk=?", "--disk ?", "--network=help" };

    for (guint i = 0; i < G_N_ELEMENTS (lines); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoInstallOptions) o = parse_line (lines[i], &error);

        g_assert_no_error (error);
        g_assert_nonnull (o->listing);
        g_assert_true (g_str_has_prefix (o->listing, "--disk options:\n") ||
                       g_str_has_prefix (o->listing, "--network options:\n"));
    }
    {
        g_autofree char *disk = vireo_install_options_describe ("disk");
        g_assert_nonnull (strstr (disk, "\n  size\n"));
        g_assert_nonnull (strstr (disk, "\n  target.dev\n"));
        g_assert_null (vireo_install_options_describe ("pxe"));
    }
    {
        g_autofree char *help = vireo_install_options_help ();
        g_assert_nonnull (strstr (help, "--osinfo"));
        g_assert_nonnull (strstr (help, "-n, --name NAME"));
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/vireo/install-options/split", test_split);
    g_test_add_func ("/vireo/install-options/fields", test_fields);
    g_test_add_func ("/vireo/install-options/more-fields", test_more_fields);
    g_test_add_func ("/vireo/install-options/malformed", test_malformed);
    g_test_add_func ("/vireo/install-options/check", test_check);
    g_test_add_func ("/vireo/install-options/probed", test_probed);
    g_test_add_func ("/vireo/install-options/listing", test_listing);
    g_test_add_func ("/vireo/install-options/relative-paths", test_relative_paths);
    g_test_add_func ("/vireo/install-options/viewer-args", test_viewer_args);
    return g_test_run ();
}
