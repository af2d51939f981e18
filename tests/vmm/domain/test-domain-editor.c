/* test-domain-editor.c: the domain editor on golden XML and on the test driver
 *
 * Golden files: tests/fixtures/editor/golden/NAME.xml is base-qemu.xml after
 * one edit, on a QEMU connection whose domain capabilities offer UEFI
 * (domcaps-qemu-q35-efi.xml).  VIREO_UPDATE_GOLDEN=1 rewrites them from the
 * editor's output (read the diff before committing it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-domain-editor.h"
#include "vireo-text-diff.h"
#include "vireo-vmm.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-test-util.h"

#define QEMU_URI "qemu:///system"

typedef struct {
    const char           *name;
    VireoDomainEditAction action;
    const char           *option;
    const char           *select;   /* NULL, "2", "-1", "all", or "key=value,..." */
    const char           *values;   /* "key=value|key|..." */
} GoldenCase;

static const GoldenCase golden_cases[] = {
    { "metadata", VIREO_DOMAIN_EDIT_CHANGE, "metadata", NULL,
      "name=renamed|title=New title|description=Two, with a comma" },
    { "memory", VIREO_DOMAIN_EDIT_CHANGE, "memory", NULL,
      "memory=4096|currentMemory=2048|hugepages=on" },
    { "vcpus", VIREO_DOMAIN_EDIT_CHANGE, "vcpus", NULL,
      "vcpu=3|maxvcpus=8|sockets=1|cores=4|threads=2|placement=static" },
    { "cpu-named", VIREO_DOMAIN_EDIT_CHANGE, "cpu", NULL,
      "model=Haswell-noTSX|force=vmx|disable=svm" },
    { "cpu-passthrough", VIREO_DOMAIN_EDIT_CHANGE, "cpu", NULL, "model=host-passthrough" },
    { "cpu-clear", VIREO_DOMAIN_EDIT_CHANGE, "cpu", NULL, "clearxml=yes" },
    { "boot-order-menu", VIREO_DOMAIN_EDIT_CHANGE, "boot", NULL,
      "cdrom|hd|bootmenu.enable=on|bootmenu.timeout=5000" },
    { "boot-uefi", VIREO_DOMAIN_EDIT_CHANGE, "boot", NULL, "uefi" },
    { "boot-uefi-secure", VIREO_DOMAIN_EDIT_CHANGE, "boot", NULL, "uefi|loader.secure=yes" },
    { "boot-kernel", VIREO_DOMAIN_EDIT_CHANGE, "boot", NULL,
      "kernel=/boot/vmlinuz|initrd=/boot/initrd.img|cmdline=console=ttyS0,115200" },
    { "boot-init", VIREO_DOMAIN_EDIT_CHANGE, "boot", NULL, "init=/sbin/init|initargs=-v --log" },
    { "events", VIREO_DOMAIN_EDIT_CHANGE, "events", NULL,
      "on_poweroff=preserve|on_crash=coredump-destroy" },
    { "clock", VIREO_DOMAIN_EDIT_CHANGE, "clock", NULL,
      "offset=localtime|rtc_tickpolicy=delay|hpet_present=no" },
    { "features", VIREO_DOMAIN_EDIT_CHANGE, "features", NULL,
      "apic=off|smm.state=on|hyperv.relaxed.state=on|kvm.hidden.state=on" },
    { "pm", VIREO_DOMAIN_EDIT_CHANGE, "pm", NULL,
      "suspend_to_mem.enabled=on|suspend_to_disk.enabled=off" },
    { "numatune", VIREO_DOMAIN_EDIT_CHANGE, "numatune", NULL,
      "memory.nodeset=0-1|memory.mode=strict" },
    { "blkiotune", VIREO_DOMAIN_EDIT_CHANGE, "blkiotune", NULL,
      "weight=600|device0.path=/dev/sda|device0.weight=100|device1.path=/dev/sdb|"
      "device1.read_bytes_sec=1000" },
    { "memorybacking", VIREO_DOMAIN_EDIT_CHANGE, "memorybacking", NULL,
      "source.type=memfd|access.mode=shared" },
    { "xml", VIREO_DOMAIN_EDIT_CHANGE, "xml", NULL,
      "xpath0.set=./devices/disk[1]/target/@bus=sata|xpath1.delete=./devices/input|"
      "xpath2.create=./devices/watchdog" },
    { "disk-change", VIREO_DOMAIN_EDIT_CHANGE, "disk", NULL,
      "driver.cache=none|driver.io=native|driver.discard=unmap|serial=S1|"
      "iotune.read_iops_sec=500|boot.order=1" },
    { "disk-cdrom-media", VIREO_DOMAIN_EDIT_CHANGE, "disk", "device=cdrom",
      "path=/var/lib/libvirt/images/install.iso" },
    { "disk-add-new", VIREO_DOMAIN_EDIT_ADD, "disk", NULL, "size=4|target.bus=virtio" },
    { "disk-add-scsi", VIREO_DOMAIN_EDIT_ADD, "disk", NULL,
      "path=/var/lib/libvirt/images/data.raw|size=2|format=raw|sparse=no|target.bus=scsi" },
    { "disk-remove-last", VIREO_DOMAIN_EDIT_REMOVE, "disk", "-1", NULL },
    { "network-add", VIREO_DOMAIN_EDIT_ADD, "network", NULL,
      "type=bridge|source=br0|mac.address=52:54:00:12:34:56" },
    { "network-link", VIREO_DOMAIN_EDIT_CHANGE, "network", "mac.address=52:54:00:0A:0B:0C",
      "link.state=down|model.type=e1000e" },
    { "graphics", VIREO_DOMAIN_EDIT_CHANGE, "graphics", NULL,
      "password=s3cret|listen=127.0.0.1|gl.enable=yes" },
    { "graphics-add-vnc", VIREO_DOMAIN_EDIT_ADD, "graphics", NULL, "type=vnc|port=5905" },
    { "video", VIREO_DOMAIN_EDIT_CHANGE, "video", NULL, "model.type=qxl|model.vram=65536" },
    { "sound-add", VIREO_DOMAIN_EDIT_ADD, "sound", NULL, "model=ich9" },
    { "input-add", VIREO_DOMAIN_EDIT_ADD, "input", NULL, "type=keyboard|bus=virtio" },
    { "serial-remove", VIREO_DOMAIN_EDIT_REMOVE, "serial", "1", NULL },
    { "channel-add", VIREO_DOMAIN_EDIT_ADD, "channel", NULL, "type=spicevmc" },
    { "console-add", VIREO_DOMAIN_EDIT_ADD, "console", NULL, "type=pty|target.type=virtio" },
    { "parallel-add", VIREO_DOMAIN_EDIT_ADD, "parallel", NULL, "type=pty" },
    { "controller-add", VIREO_DOMAIN_EDIT_ADD, "controller", NULL, "type=scsi|model=virtio-scsi" },
    { "hostdev-add", VIREO_DOMAIN_EDIT_ADD, "hostdev", NULL, "name=0x046d:0xc52b" },
    { "filesystem-virtiofs", VIREO_DOMAIN_EDIT_ADD, "filesystem", NULL,
      "source=/srv/share|target=share|driver.type=virtiofs" },
    { "tpm-add", VIREO_DOMAIN_EDIT_ADD, "tpm", NULL, "backend.type=emulator" },
    { "rng-add", VIREO_DOMAIN_EDIT_ADD, "rng", NULL, "backend.model=random|backend=/dev/random" },
    { "watchdog-add", VIREO_DOMAIN_EDIT_ADD, "watchdog", NULL, "model=itco|action=poweroff" },
    { "memballoon", VIREO_DOMAIN_EDIT_CHANGE, "memballoon", NULL,
      "autodeflate=on|stats.period=10" },
    { "smartcard-add", VIREO_DOMAIN_EDIT_ADD, "smartcard", NULL, "mode=passthrough" },
    { "redirdev-add", VIREO_DOMAIN_EDIT_ADD, "redirdev", NULL, "bus=usb|type=spicevmc" },
    { "panic-add", VIREO_DOMAIN_EDIT_ADD, "panic", NULL, "model=isa" },
    { "vsock-add", VIREO_DOMAIN_EDIT_ADD, "vsock", NULL, "cid.address=9" },
    { "all-disks", VIREO_DOMAIN_EDIT_CHANGE, "disk", "all", "driver.cache=writeback" },
};

typedef struct {
    const char           *what;
    VireoDomainEditAction action;
    const char           *option;
    const char           *select;
    const char           *values;
    const char           *needle;   /* in the error's message */
} ErrorCase;

static const ErrorCase error_cases[] = {
    { "index beyond", VIREO_DOMAIN_EDIT_CHANGE, "disk", "7", "driver.cache=none",
      "it has only 2" },
    { "index zero", VIREO_DOMAIN_EDIT_CHANGE, "disk", "0", "driver.cache=none", "--edit 0" },
    { "no match", VIREO_DOMAIN_EDIT_CHANGE, "disk", "target.dev=vdz", "driver.cache=none",
      "No --disk device matches “target.dev=vdz”" },
    { "no device", VIREO_DOMAIN_EDIT_CHANGE, "sound", NULL, "model=ich9",
      "The VM has no --sound device" },
    { "index on a section", VIREO_DOMAIN_EDIT_CHANGE, "memory", "2", "memory=100",
      "does not apply to --memory" },
    { "bad on/off", VIREO_DOMAIN_EDIT_CHANGE, "features", NULL, "acpi=maybe",
      "must be on or off" },
    { "bad MAC", VIREO_DOMAIN_EDIT_CHANGE, "network", NULL, "mac.address=zz", "not a MAC" },
    { "unknown CPU model", VIREO_DOMAIN_EDIT_CHANGE, "cpu", NULL, "model=Pentium-9000",
      "no CPU model “Pentium-9000”" },
    { "bad size", VIREO_DOMAIN_EDIT_ADD, "disk", NULL, "size=lots", "not a size in GiB" },
    { "missing image", VIREO_DOMAIN_EDIT_ADD, "disk", NULL, "path=/nonexistent/x.img",
      "does not exist" },
    { "bad boot order", VIREO_DOMAIN_EDIT_CHANGE, "disk", NULL, "boot.order=first",
      "boot.order" },
    { "bad XPath", VIREO_DOMAIN_EDIT_CHANGE, "xml", NULL, "xpath.set=./devices[=x", "XPath" },
    { "empty name", VIREO_DOMAIN_EDIT_CHANGE, "metadata", NULL, "name=", "cannot be empty" },
    { "bad host device", VIREO_DOMAIN_EDIT_ADD, "hostdev", NULL, "name=nonsense",
      "does not name a host device" },
    { "bad port", VIREO_DOMAIN_EDIT_CHANGE, "graphics", NULL, "port=22",
      "not a valid graphics port" },
};

/* ---------------------------------------------------------------- helpers */

static char *
fixture_text (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "editor", name,
                                                   NULL);
    char *text = NULL;
    g_autoptr(GError) error = NULL;

    g_file_get_contents (path, &text, NULL, &error);
    g_assert_no_error (error);
    return text;
}

static VireoDomainEdit *
make_edit (VireoDomainEditAction action, const char *option, const char *select,
           const char *values, GError **error)
{
    g_autoptr(VireoDomainEdit) edit = vireo_domain_edit_new (action, option, error);

    if (edit == NULL)
        return NULL;
    if (select && (g_ascii_isdigit (select[0]) || select[0] == '-')) {
        vireo_domain_edit_select_index (edit, atoi (select));
    } else if (g_strcmp0 (select, "all") == 0) {
        vireo_domain_edit_select_all (edit);
    } else if (select) {
        g_auto(GStrv) pairs = g_strsplit (select, ",", -1);

        for (guint i = 0; pairs[i]; i++) {
            g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
            if (!vireo_domain_edit_add_match (edit, kv[0], kv[1], error))
                return NULL;
        }
    }
    if (values) {
        g_auto(GStrv) pairs = g_strsplit (values, "|", -1);

        for (guint i = 0; pairs[i]; i++) {
            g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
            if (!vireo_domain_edit_set (edit, kv[0], kv[1], error))
                return NULL;
        }
    }
    return g_steal_pointer (&edit);
}

static VireoDomainEditor *
base_editor (void)
{
    g_autofree char *xml = fixture_text ("base-qemu.xml");
    g_autofree char *domcaps = fixture_text ("domcaps-qemu-q35-efi.xml");
    g_autoptr(GError) error = NULL;
    VireoDomainEditor *editor = vireo_domain_editor_new (xml, &error);

    g_assert_no_error (error);
    vireo_domain_editor_set_connection (editor, QEMU_URI, NULL, domcaps);
    vireo_domain_editor_set_pool_directory (editor, "/var/lib/libvirt/images");
    return editor;
}

static int
cmp_strings (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A comparable form of an element: its name and namespace, attributes
 * (sorted), trimmed text, and children in order. */
static void
canon (xmlNode *node, GString *out, int depth)
{
    g_autoptr(GPtrArray) attrs = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *text = NULL;
    GString *t = g_string_new (NULL);

    for (xmlAttr *a = node->properties; a; a = a->next) {
        xmlChar *v = xmlGetProp (node, a->name);
        g_ptr_array_add (attrs, g_strdup_printf ("%s=%s", (const char *) a->name,
                                                 (const char *) v));
        xmlFree (v);
    }
    g_ptr_array_sort (attrs, cmp_strings);
    for (xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            g_string_append (t, (const char *) c->content);
    }
    text = g_strstrip (g_string_free (t, FALSE));
    g_string_append_printf (out, "%*s<%s%s%s", depth * 2, "",
                            node->ns ? (const char *) node->ns->href : "",
                            node->ns ? ":" : "", (const char *) node->name);
    for (guint i = 0; i < attrs->len; i++)
        g_string_append_printf (out, " %s", (const char *) attrs->pdata[i]);
    g_string_append_printf (out, ">%s\n", text);
    for (xmlNode *c = node->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            canon (c, out, depth + 1);
    }
}

static char *
canon_xml (const char *xml)
{
    g_autoptr(xmlDoc) doc = xmlReadMemory (xml, (int) strlen (xml), "x.xml", NULL,
                                           XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    GString *out = g_string_new (NULL);

    g_assert_nonnull (doc);
    canon (xmlDocGetRootElement (doc), out, 0);
    return g_string_free (out, FALSE);
}

/* The domain documents of a file: the file itself, or the <domain>s of a
 * test-driver node file. */
static GPtrArray *
domains_of (const char *path)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *text = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root;

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    doc = xmlReadMemory (text, (int) strlen (text), "x.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc ? xmlDocGetRootElement (doc) : NULL;
    if (root && xmlStrEqual (root->name, BAD_CAST "node")) {
        for (xmlNode *c = root->children; c; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "domain")) {
                xmlBuffer *buf = xmlBufferCreate ();
                xmlNodeDump (buf, doc, c, 0, 1);
                g_ptr_array_add (out, g_strdup ((const char *) xmlBufferContent (buf)));
                xmlBufferFree (buf);
            }
        }
        return g_steal_pointer (&out);
    }
    /* One or more <domain> documents one after the other (a two-phase
     * install's). */
    for (const char *p = text; (p = strstr (p, "<domain")) != NULL;) {
        const char *end = strstr (p, "</domain>");

        if (end == NULL || !(p[7] == ' ' || p[7] == '>'))
            break;
        end += strlen ("</domain>");
        g_ptr_array_add (out, g_strndup (p, end - p));
        p = end;
    }
    return g_steal_pointer (&out);
}

/* ---------------------------------------------------------------- cases */

static void
test_golden (gconstpointer data)
{
    const GoldenCase *c = data;
    g_autoptr(VireoDomainEditor) editor = base_editor ();
    g_autoptr(VireoDomainEdit) edit = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *got = NULL;
    g_autofree char *file = g_strconcat (c->name, ".xml", NULL);
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "editor", "golden",
                                                   file, NULL);
    g_autofree char *want = NULL;

    edit = make_edit (c->action, c->option, c->select, c->values, &error);
    g_assert_no_error (error);
    g_assert_true (vireo_domain_editor_apply (editor, edit, &error));
    g_assert_no_error (error);
    got = vireo_domain_editor_dup_xml (editor);
    /* Generated MAC addresses differ from run to run. */
    {
        g_autoptr(GRegex) mac = g_regex_new ("52:54:00:(?!12:34:56|0a:0b:0c)[0-9a-f:]{8}", 0, 0,
                                             NULL);
        char *fixed = g_regex_replace_literal (mac, got, -1, 0, "52:54:00:XX:XX:XX", 0, NULL);
        g_free (got);
        got = fixed;
    }
    if (g_getenv ("VIREO_UPDATE_GOLDEN")) {
        g_assert_true (g_file_set_contents (path, got, -1, NULL));
        return;
    }
    g_assert_true (g_file_get_contents (path, &want, NULL, NULL));
    if (g_strcmp0 (got, want) != 0) {
        g_autofree char *diff = vireo_text_diff (want, got, file, "editor");
        g_error ("%s differs from its golden file:\n%s", c->name, diff);
    }
    g_assert_true (vireo_domain_editor_has_changes (editor));
}

static void
test_errors (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++) {
        const ErrorCase *c = &error_cases[i];
        g_autoptr(VireoDomainEditor) editor = base_editor ();
        g_autoptr(VireoDomainEdit) edit = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *before = vireo_domain_editor_dup_xml (editor);
        g_autofree char *after = NULL;

        g_test_message ("%s", c->what);
        edit = make_edit (c->action, c->option, c->select, c->values, &error);
        g_assert_no_error (error);
        g_assert_false (vireo_domain_editor_apply (editor, edit, &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        if (strstr (error->message, c->needle) == NULL)
            g_error ("%s: “%s” does not say “%s”", c->what, error->message, c->needle);
        /* Nothing of a failed edit remains. */
        after = vireo_domain_editor_dup_xml (editor);
        g_assert_cmpstr (before, ==, after);
        g_assert_false (vireo_domain_editor_has_changes (editor));
        g_assert_cmpuint (vireo_domain_editor_get_device_changes (editor)->len, ==, 0);
        g_assert_cmpuint (vireo_domain_editor_get_new_volumes (editor)->len, ==, 0);
    }
}

static void
test_bad_input (void)
{
    static const struct { const char *option; VireoDomainEditAction action; } refused[] = {
        { "memory", VIREO_DOMAIN_EDIT_ADD }, { "cpu", VIREO_DOMAIN_EDIT_REMOVE },
        { "osinfo", VIREO_DOMAIN_EDIT_CHANGE }, { "nonsense", VIREO_DOMAIN_EDIT_CHANGE },
    };
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomainEdit) edit = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++) {
        g_autoptr(VireoDomainEdit) e = vireo_domain_edit_new (refused[i].action,
                                                              refused[i].option, &error);
        g_assert_null (e);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        g_clear_error (&error);
    }
    edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, "disk", &error);
    g_assert_false (vireo_domain_edit_set (edit, "nonsense", "1", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Valid --disk options:"));
    g_clear_error (&error);

    static const char * const documents[] = {
        "", "<domain", "<node/>", "<domain><name>x</name></domain><junk/>",
    };
    for (guint i = 0; i < G_N_ELEMENTS (documents); i++) {
        g_autoptr(VireoDomainEditor) editor = vireo_domain_editor_new (documents[i], &error);
        g_assert_null (editor);
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        g_clear_error (&error);
    }
}

/* Elements and attributes the editor does not know stay as they are. */
static void
test_round_trip (void)
{
    static const char * const folders[] = { "install", "editor" };
    guint n = 0;

    for (guint f = 0; f < G_N_ELEMENTS (folders); f++) {
        g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", folders[f], NULL);
        g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
        const char *name;

        g_assert_nonnull (d);
        while ((name = g_dir_read_name (d)) != NULL) {
            g_autofree char *path = g_build_filename (dir, name, NULL);
            g_autoptr(GPtrArray) docs = NULL;

            if (!g_str_has_suffix (name, ".xml"))
                continue;
            docs = domains_of (path);
            for (guint i = 0; i < docs->len; i++) {
                g_autoptr(GError) error = NULL;
                g_autoptr(VireoDomainEditor) editor = vireo_domain_editor_new (docs->pdata[i],
                                                                               &error);
                g_autofree char *out = NULL;
                g_autofree char *a = NULL;
                g_autofree char *b = NULL;
                g_autofree char *diff = NULL;

                g_assert_no_error (error);
                out = vireo_domain_editor_dup_xml (editor);
                a = canon_xml (docs->pdata[i]);
                b = canon_xml (out);
                g_assert_cmpstr (a, ==, b);
                g_assert_false (vireo_domain_editor_has_changes (editor));
                diff = vireo_domain_editor_dup_diff (editor);
                g_assert_cmpstr (diff, ==, "");
                n++;
            }
        }
    }
    g_test_message ("%u domain documents", n);
    g_assert_cmpuint (n, >=, 12);
}

/* The test driver's own domains: read, written back with no edit, and read
 * again, unchanged. */
static void
test_round_trip_driver (void)
{
    g_autoptr(VireoConnection) conn = vireo_connection_new ("test:///default");
    g_autoptr(GError) error = NULL;
    GPtrArray *domains;

    g_assert_true (vireo_connection_open (conn, NULL, &error));
    g_assert_no_error (error);
    domains = vireo_connection_list_domains (conn);
    g_assert_cmpuint (domains->len, >, 0);
    for (guint i = 0; i < domains->len; i++) {
        VireoDomain *domain = domains->pdata[i];
        g_autoptr(VireoDomainEditor) editor = vireo_domain_editor_new_for_domain (domain, NULL,
                                                                                 &error);
        g_autofree char *before = NULL;
        g_autofree char *after = NULL;
        g_autofree char *a = NULL;
        g_autofree char *b = NULL;

        g_assert_no_error (error);
        before = vireo_domain_dup_xml (domain, VIR_DOMAIN_XML_INACTIVE, NULL, &error);
        g_assert_no_error (error);
        g_assert_true (vireo_domain_editor_commit (editor, domain,
                                                   VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL,
                                                   NULL, &error));
        g_assert_no_error (error);
        after = vireo_domain_dup_xml (domain, VIR_DOMAIN_XML_INACTIVE, NULL, &error);
        g_assert_no_error (error);
        a = canon_xml (before);
        b = canon_xml (after);
        g_assert_cmpstr (a, ==, b);
    }
    vireo_connection_close (conn);
}

static void
test_variant (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomainEdit) edit = make_edit (VIREO_DOMAIN_EDIT_CHANGE, "disk",
                                                 "target.dev=vda,device=disk",
                                                 "driver.cache=none|readonly", &error);
    g_autoptr(GVariant) v = NULL;
    g_autoptr(VireoDomainEdit) back = NULL;
    g_autoptr(VireoDomainEditor) a = base_editor ();
    g_autoptr(VireoDomainEditor) b = base_editor ();
    g_autofree char *xa = NULL;
    g_autofree char *xb = NULL;
    g_autofree char *sel = NULL;

    g_assert_no_error (error);
    v = vireo_domain_edit_to_variant (edit);
    back = vireo_domain_edit_new_from_variant (v, &error);
    g_assert_no_error (error);
    g_assert_cmpint (vireo_domain_edit_get_action (back), ==, VIREO_DOMAIN_EDIT_CHANGE);
    g_assert_cmpuint (vireo_domain_edit_get_n_values (back), ==, 2);
    g_assert_null (vireo_domain_edit_get_value (back, 1));
    sel = vireo_domain_edit_describe_select (back);
    g_assert_cmpstr (sel, ==, "target.dev=vda,device=disk");
    g_assert_true (vireo_domain_editor_apply (a, edit, &error));
    g_assert_true (vireo_domain_editor_apply (b, back, &error));
    g_assert_no_error (error);
    xa = vireo_domain_editor_dup_xml (a);
    xb = vireo_domain_editor_dup_xml (b);
    g_assert_cmpstr (xa, ==, xb);

    {
        g_autoptr(GVariant) bad = g_variant_ref_sink (g_variant_new ("a{sv}", NULL));
        g_assert_null (vireo_domain_edit_new_from_variant (bad, &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    }
}

static void
test_diff (void)
{
    static const struct { const char *a, *b, *diff; } cases[] = {
        { "x\n", "x\n", "" },
        { "a\nb\nc\n", "a\nB\nc\n",
          "--- A\n+++ B\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n" },
        { "", "new\n", "--- A\n+++ B\n@@ -0,0 +1 @@\n+new\n" },
        { "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
          "--- A\n+++ B\n@@ -7,4 +7,3 @@\n 7\n 8\n 9\n-10\n" },
        { "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "X\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nY\n",
          "--- A\n+++ B\n@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n"
          " 11\n-12\n+Y\n" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *d = vireo_text_diff (cases[i].a, cases[i].b, "A", "B");
        g_assert_cmpstr (d, ==, cases[i].diff);
    }
}

/* ------------------------------------------------- commits on the test driver */

typedef struct {
    char            *dir;
    VireoConnection *conn;
} Driver;

static void
driver_open (Driver *d)
{
    g_autofree char *node = g_test_build_filename (G_TEST_DIST, "fixtures", "editor", "node.xml",
                                                   NULL);
    g_autofree char *copy = NULL;
    g_autofree char *text = NULL;
    g_autofree char *uri = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoStorage) storage = NULL;

    d->dir = vireo_test_mkdtemp ("vireo-editor-XXXXXX");
    copy = g_build_filename (d->dir, "node.xml", NULL);
    g_assert_true (g_file_get_contents (node, &text, NULL, NULL));
    g_assert_true (g_file_set_contents (copy, text, -1, NULL));
    uri = g_strconcat ("test://", copy, NULL);
    d->conn = vireo_connection_new (uri);
    g_assert_true (vireo_connection_open (d->conn, NULL, &error));
    g_assert_no_error (error);
    /* Disks made by the editor go to a directory of the test's own. */
    storage = vireo_storage_dir_new (d->dir);
    vireo_connection_set_storage (d->conn, storage);
}

static void
driver_close (Driver *d)
{
    vireo_connection_close (d->conn);
    g_clear_object (&d->conn);
    vireo_test_rmtree (d->dir);
    g_free (d->dir);
}

static char *
inactive_xml (VireoDomain *domain)
{
    g_autoptr(GError) error = NULL;
    char *xml = vireo_domain_dup_xml (domain, VIR_DOMAIN_XML_INACTIVE, NULL, &error);

    g_assert_no_error (error);
    return xml;
}

static gboolean
commit_async (VireoDomainEditor *editor, VireoDomain *domain,
              VireoDomainEditorCommitFlags flags, char **notice, GError **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    vireo_domain_editor_commit_async (editor, domain, flags, NULL, vireo_test_store_result_cb,
                                      &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 30000));
    return vireo_domain_editor_commit_finish (editor, result, notice, error);
}

static VireoDomainEditor *
open_async (VireoDomain *domain)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    VireoDomainEditor *editor;

    vireo_domain_editor_new_for_domain_async (domain, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 30000));
    editor = vireo_domain_editor_new_for_domain_finish (domain, result, &error);
    g_assert_no_error (error);
    return editor;
}

static void
apply_one (VireoDomainEditor *editor, VireoDomainEditAction action, const char *option,
           const char *select, const char *values)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomainEdit) edit = make_edit (action, option, select, values, &error);

    g_assert_no_error (error);
    g_assert_true (vireo_domain_editor_apply (editor, edit, &error));
    g_assert_no_error (error);
}

static void
test_commit (void)
{
    Driver d = { 0 };
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *notice = NULL;
    g_autofree char *xml = NULL;
    VireoDomain *off, *rich;

    driver_open (&d);
    off = vireo_connection_find_domain (d.conn, "off");
    rich = vireo_connection_find_domain (d.conn, "rich");
    g_assert_nonnull (off);
    g_assert_nonnull (rich);

    /* A shut-off VM: defined, nothing to say. */
    editor = open_async (off);
    apply_one (editor, VIREO_DOMAIN_EDIT_CHANGE, "memory", NULL, "memory=512");
    g_assert_true (commit_async (editor, off, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, &notice,
                                 &error));
    g_assert_no_error (error);
    g_assert_null (notice);
    xml = inactive_xml (off);
    g_assert_nonnull (strstr (xml, "<currentMemory unit='KiB'>524288</currentMemory>"));
    g_clear_object (&editor);
    g_clear_pointer (&xml, g_free);

    /* A running VM without LIVE: defined, and the notice says when. */
    editor = open_async (rich);
    apply_one (editor, VIREO_DOMAIN_EDIT_CHANGE, "disk", "2", "driver.cache=none");
    g_assert_true (commit_async (editor, rich, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, &notice,
                                 &error));
    g_assert_no_error (error);
    g_assert_nonnull (notice);
    g_assert_nonnull (strstr (notice, "next starts"));
    xml = inactive_xml (rich);
    g_assert_nonnull (strstr (xml, "cache='none'"));
    g_clear_object (&editor);
    g_clear_pointer (&xml, g_free);
    g_clear_pointer (&notice, g_free);

    /* Autostart, and a device given as XML (validated on commit). */
    editor = open_async (off);
    vireo_domain_editor_set_autostart (editor, TRUE);
    g_assert_true (vireo_domain_editor_has_changes (editor));
    {
        g_autoptr(VireoDomainEdit) edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE,
                                                                 "network", &error);
        g_assert_no_error (error);
        vireo_domain_edit_set_xml (edit, "<interface type='network'>"
                                   "<mac address='52:54:00:77:88:99'/>"
                                   "<source network='default'/><model type='virtio'/>"
                                   "</interface>");
        g_assert_true (vireo_domain_editor_apply (editor, edit, &error));
        g_assert_no_error (error);
    }
    g_assert_false (vireo_domain_get_autostart (off));
    g_assert_true (commit_async (editor, off, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_domain_get_autostart (off));
    xml = inactive_xml (off);
    g_assert_nonnull (strstr (xml, "<source network='default'/>"));
    g_assert_null (strstr (xml, "<interface type='user'>"));
    g_clear_object (&editor);
    g_clear_pointer (&xml, g_free);

    /* A device's XML of another kind is refused at once. */
    editor = open_async (off);
    {
        g_autoptr(VireoDomainEdit) edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_ADD, "disk",
                                                                 &error);
        vireo_domain_edit_set_xml (edit, "<interface type='user'/>");
        g_assert_false (vireo_domain_editor_apply (editor, edit, &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        g_clear_error (&error);
    }
    g_clear_object (&editor);

    /* A running VM is not renamed; its definition stays as it was. */
    editor = open_async (rich);
    apply_one (editor, VIREO_DOMAIN_EDIT_CHANGE, "metadata", NULL, "name=other");
    {
        g_autofree char *before = inactive_xml (rich);
        g_autofree char *after = NULL;

        g_assert_false (commit_async (editor, rich, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL,
                                      &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
        g_clear_error (&error);
        after = inactive_xml (rich);
        g_assert_cmpstr (before, ==, after);
    }
    g_clear_object (&editor);

    /* Invalid XML: libvirt's words, and the definition unchanged. */
    editor = open_async (off);
    {
        g_autofree char *before = inactive_xml (off);
        g_autofree char *after = NULL;

        apply_one (editor, VIREO_DOMAIN_EDIT_CHANGE, "xml", NULL,
                   "xpath.set=./memory=not-a-number");
        g_assert_false (vireo_domain_editor_commit (editor, off,
                                                    VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL,
                                                    NULL, &error));
        g_assert_nonnull (error);
        g_test_message ("refused: %s", error->message);
        g_assert_nonnull (strstr (error->message, "libvirt did not accept"));
        g_clear_error (&error);
        after = inactive_xml (off);
        g_assert_cmpstr (before, ==, after);
    }
    g_clear_object (&editor);

    /* A device's XML replaced by one libvirt's schema refuses: validated on
     * commit, libvirt's words, the definition unchanged. */
    editor = open_async (off);
    {
        g_autoptr(VireoDomainEdit) edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE,
                                                                 "network", &error);
        g_autofree char *before = inactive_xml (off);
        g_autofree char *after = NULL;

        vireo_domain_edit_select_index (edit, 1);
        vireo_domain_edit_set_xml (edit, "<interface type='user'><model type='virtio'/>"
                                   "<link state='sideways'/></interface>");
        g_assert_true (vireo_domain_editor_apply (editor, edit, &error));
        g_assert_no_error (error);
        g_assert_false (vireo_domain_editor_commit (editor, off,
                                                    VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL,
                                                    NULL, &error));
        g_assert_nonnull (error);
        g_test_message ("device XML refused: %s", error->message);
        g_assert_nonnull (strstr (error->message, "libvirt did not accept"));
        g_clear_error (&error);
        after = inactive_xml (off);
        g_assert_cmpstr (before, ==, after);
    }
    g_clear_object (&editor);
    driver_close (&d);
}

/* A disk with a size gets its image; when the definition then fails, the
 * image goes again. */
static void
test_commit_storage (void)
{
    Driver d = { 0 };
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *image = NULL;
    g_autofree char *xml = NULL;
    VireoDomain *off;

    driver_open (&d);
    off = vireo_connection_find_domain (d.conn, "off");
    image = g_build_filename (d.dir, "off.qcow2", NULL);

    editor = open_async (off);
    apply_one (editor, VIREO_DOMAIN_EDIT_ADD, "disk", NULL, "size=0.001|target.bus=virtio");
    /* ...and something libvirt refuses. */
    apply_one (editor, VIREO_DOMAIN_EDIT_CHANGE, "xml", NULL, "xpath.create=./devices/bogus");
    g_assert_cmpuint (vireo_domain_editor_get_new_volumes (editor)->len, ==, 1);
    g_assert_false (commit_async (editor, off, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL,
                                  &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));
    g_clear_object (&editor);

    editor = open_async (off);
    apply_one (editor, VIREO_DOMAIN_EDIT_ADD, "disk", NULL, "size=0.001|target.bus=virtio");
    g_assert_true (commit_async (editor, off, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (image, G_FILE_TEST_EXISTS));
    xml = inactive_xml (off);
    g_assert_nonnull (strstr (xml, image));
    driver_close (&d);
}

/* Renaming a shut-off VM carries its snapshots and its NVRAM file along. */
static void
test_rename (void)
{
    Driver d = { 0 };
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *nvram = NULL;
    g_autofree char *new_nvram = NULL;
    g_autofree char *set_nvram = NULL;
    g_autofree char *xml = NULL;
    virDomainSnapshotPtr snap;
    virDomainPtr handle;
    VireoDomain *off, *renamed;
    int n;

    driver_open (&d);
    off = vireo_connection_find_domain (d.conn, "off");
    nvram = g_build_filename (d.dir, "off_VARS.fd", NULL);
    new_nvram = g_build_filename (d.dir, "moved_VARS.fd", NULL);
    g_assert_true (g_file_set_contents (nvram, "nvram", -1, NULL));

    /* The NVRAM file is named after the VM, as libvirt names it. */
    editor = open_async (off);
    set_nvram = g_strdup_printf ("loader=/usr/share/OVMF/OVMF_CODE.fd|loader.readonly=yes|"
                                 "loader.type=pflash|nvram=%s", nvram);
    apply_one (editor, VIREO_DOMAIN_EDIT_CHANGE, "boot", NULL, set_nvram);
    g_assert_true (vireo_domain_editor_commit (editor, off, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG,
                                               NULL, NULL, &error));
    g_assert_no_error (error);
    g_clear_object (&editor);
    handle = vireo_domain_get_handle (off);
    snap = virDomainSnapshotCreateXML (handle, "<domainsnapshot><name>s1</name>"
                                       "</domainsnapshot>", 0);
    g_assert_nonnull (snap);
    virDomainSnapshotFree (snap);

    editor = open_async (off);
    apply_one (editor, VIREO_DOMAIN_EDIT_CHANGE, "metadata", NULL, "name=moved");
    g_assert_true (commit_async (editor, off, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL, &error));
    g_assert_no_error (error);
    renamed = vireo_connection_find_domain (d.conn, "moved");
    g_assert_nonnull (renamed);
    g_assert_cmpstr (vireo_domain_get_name (renamed), ==, "moved");
    n = virDomainSnapshotNum (vireo_domain_get_handle (renamed), 0);
    g_assert_cmpint (n, ==, 1);
    xml = inactive_xml (renamed);
    g_assert_nonnull (strstr (xml, new_nvram));
    g_assert_true (g_file_test (new_nvram, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (nvram, G_FILE_TEST_EXISTS));
    driver_close (&d);
}

/* Reading back: the devices in document order with their position among
 * their kind, and sub-options as the command line gives them, code-written
 * ones too; then a change made by an edit reads back. */
static const struct {
    const char *option;
    int         index;
    const char *key;
    const char *value;   /* NULL: not set */
} read_cases[] = {
    { "memory", 0, "memory", "2048" },
    { "memory", 0, "currentMemory", "1024" },
    { "memory", 0, "maxMemory", NULL },
    { "vcpus", 0, "vcpu", "4" },
    { "vcpus", 0, "vcpu.current", "2" },
    { "vcpus", 0, "placement", "static" },
    { "metadata", 0, "title", "Rich VM" },
    { "metadata", 0, "description", "Has everything" },
    { "boot", 0, "arch", "x86_64" },
    { "boot", 0, "machine", "pc" },
    { "boot", 0, "domain_type", "test" },
    { "boot", 0, "boot0.dev", "hd" },
    { "boot", 0, "boot1.dev", "cdrom" },
    { "boot", 0, "bootmenu.enable", "no" },
    { "cpu", 0, "model", "core2duo" },
    { "cpu", 0, "mode", "custom" },
    { "features", 0, "acpi", "on" },
    { "features", 0, "hyperv.relaxed.state", NULL },
    { "disk", 1, "path", "/var/lib/images/rich.qcow2" },
    { "disk", 2, "serial", "DATA01" },
    { "disk", 2, "cache", "writeback" },
    { "disk", 3, "device", "cdrom" },
    { "disk", 3, "readonly", "on" },
    { "disk", 3, "bus", "ide" },
    { "disk", 4, "device", "floppy" },
    { "disk", 5, "path", NULL },
    { "disk", 0, "path", NULL },
    { "network", 1, "mac", "52:54:00:11:22:33" },
    { "network", 1, "source", "default" },
    { "network", 2, "source", "br0" },
    { "network", 2, "model", "e1000" },
    { "filesystem", 1, "source", "/srv/share" },
    { "filesystem", 1, "target", "share" },
    { "hostdev", 1, "name", "0x1234:0x5678" },
    { "hostdev", 2, "name", "0000:06:12.5" },
    { "graphics", 2, "type", "spice" },
    { "graphics", 2, "port", "5930" },
    { "sound", 2, "model", "ac97" },
    { "video", 1, "model", "vga" },
    { "video", 1, "vram", "16384" },
    { "channel", 1, "target.name", "org.qemu.guest_agent.0" },
    { "no-such-option", 1, "model", NULL },
    { "disk", 1, "no-such-key", NULL },
};

static void
test_read (void)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "editor", "node.xml",
                                                   NULL);
    g_autoptr(GPtrArray) domains = domains_of (path);
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(GPtrArray) devices = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    static const char *const expected[] = {
        "disk 1", "disk 2", "disk 3", "disk 4", "controller 1", "controller 2", "controller 3",
        "filesystem 1", "network 1", "network 2", "smartcard 1", "serial 1", "parallel 1",
        "console 1", "channel 1", "channel 2", "input 1", "input 2", "tpm 1", "graphics 1",
        "graphics 2", "sound 1", "sound 2", "video 1", "hostdev 1", "hostdev 2", "redirdev 1",
        "watchdog 1", "memballoon 1", "rng 1", "panic 1", "vsock 1",
    };

    editor = vireo_domain_editor_new (domains->pdata[0], &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vireo_domain_editor_get_name (editor), ==, "rich");

    devices = vireo_domain_editor_list_devices (editor);
    g_assert_cmpuint (devices->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < devices->len; i++) {
        VireoDomainEditorDevice *device = devices->pdata[i];
        g_autofree char *name = g_strdup_printf ("%s %u", device->option, device->index);

        g_assert_cmpstr (name, ==, expected[i]);
        g_assert_true (g_str_has_prefix (device->xml, "<"));
    }
    g_assert_cmpuint (vireo_domain_editor_count_devices (editor, "disk"), ==, 4);
    g_assert_cmpuint (vireo_domain_editor_count_devices (editor, "rng"), ==, 1);
    g_assert_cmpuint (vireo_domain_editor_count_devices (editor, "memory"), ==, 0);
    xml = vireo_domain_editor_dup_device_xml (editor, "network", 2);
    g_assert_nonnull (strstr (xml, "<source bridge=\"br0\"/>"));
    g_assert_null (vireo_domain_editor_dup_device_xml (editor, "network", 3));

    for (guint i = 0; i < G_N_ELEMENTS (read_cases); i++) {
        g_autofree char *value = vireo_domain_editor_dup_value (editor, read_cases[i].option,
                                                                read_cases[i].index,
                                                                read_cases[i].key);

        g_test_message ("%s %d %s", read_cases[i].option, read_cases[i].index,
                        read_cases[i].key);
        g_assert_cmpstr (value, ==, read_cases[i].value);
    }

    apply_one (editor, VIREO_DOMAIN_EDIT_CHANGE, "memory", NULL, "memory=3072|maxmemory=4096");
    apply_one (editor, VIREO_DOMAIN_EDIT_CHANGE, "disk", "3", "path=/var/lib/images/other.iso");
    apply_one (editor, VIREO_DOMAIN_EDIT_REMOVE, "network", "1", NULL);
    {
        g_autofree char *cur = vireo_domain_editor_dup_value (editor, "memory", 0,
                                                              "currentMemory");
        g_autofree char *max = vireo_domain_editor_dup_value (editor, "memory", 0, "memory");
        g_autofree char *cdrom = vireo_domain_editor_dup_value (editor, "disk", 3, "path");
        g_autofree char *nic = vireo_domain_editor_dup_value (editor, "network", 1, "source");

        g_assert_cmpstr (cur, ==, "3072");
        g_assert_cmpstr (max, ==, "4096");
        g_assert_cmpstr (cdrom, ==, "/var/lib/images/other.iso");
        g_assert_cmpstr (nic, ==, "br0");
        g_assert_cmpuint (vireo_domain_editor_count_devices (editor, "network"), ==, 1);
    }
}

/* The MAC of the last device --add-device made (owned). */
static char *
added_mac (VireoDomainEditor *editor)
{
    g_autoptr(GPtrArray) added = vireo_domain_editor_dup_added_devices (editor);
    const char *xml, *at;

    g_assert_cmpuint (added->len, >, 0);
    xml = added->pdata[added->len - 1];
    at = strstr (xml, "<mac address=\"");
    g_assert_nonnull (at);
    return g_strndup (at + strlen ("<mac address=\""), 17);
}

/* A new interface's MAC is free on the whole connection, not only in the
 * VM edited: with the same seed, the MAC another domain took is passed
 * over.  The token refuses a domain changed since. */
static void
test_mac_connection (void)
{
    Driver d = { 0 };
    g_autoptr(VireoDomainEditor) alone = NULL;
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *token = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autofree char *taker = NULL;
    VireoDomain *off;

    driver_open (&d);
    off = vireo_connection_find_domain (d.conn, "off");
    g_assert_nonnull (off);

    /* The MAC a seed gives when nothing of the connection is known. */
    editor = open_async (off);
    token = vireo_domain_editor_dup_token (editor);
    xml = inactive_xml (off);
    alone = vireo_domain_editor_new (xml, &error);
    g_assert_no_error (error);
    vireo_domain_editor_set_connection (alone, vireo_connection_get_uri (d.conn), NULL, NULL);
    g_assert_true (vireo_domain_editor_use_token (alone, token, &error));
    g_assert_no_error (error);
    apply_one (alone, VIREO_DOMAIN_EDIT_ADD, "network", NULL, "type=user");
    first = added_mac (alone);
    g_assert_true (g_str_has_prefix (first, "00:16:3e:"));

    /* The same seed on the editor read with its connection: the same MAC
     * while no domain has it... */
    g_assert_true (vireo_domain_editor_use_token (editor, token, &error));
    apply_one (editor, VIREO_DOMAIN_EDIT_ADD, "network", NULL, "type=user");
    second = added_mac (editor);
    g_assert_cmpstr (first, ==, second);
    g_clear_object (&editor);
    g_clear_pointer (&second, g_free);

    /* ...and another once a shut-off domain of the connection has it. */
    taker = g_strdup_printf ("<domain type='test'><name>taker</name><memory>65536</memory>"
                             "<os><type>hvm</type></os><devices><interface type='user'>"
                             "<mac address='%s'/></interface></devices></domain>", first);
    g_assert_nonnull (vireo_connection_define_xml (d.conn, taker, &error));
    g_assert_no_error (error);
    editor = open_async (off);
    g_assert_true (vireo_domain_editor_use_token (editor, token, &error));
    g_assert_no_error (error);
    apply_one (editor, VIREO_DOMAIN_EDIT_ADD, "network", NULL, "type=user");
    second = added_mac (editor);
    g_test_message ("the seed gives %s, taken by “taker”: %s instead", first, second);
    g_assert_cmpstr (first, !=, second);
    g_assert_true (g_str_has_prefix (second, "00:16:3e:"));

    /* Committed, "off" is no longer what the token was made from. */
    g_assert_true (commit_async (editor, off, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL, &error));
    g_assert_no_error (error);
    g_clear_object (&editor);
    editor = open_async (off);
    g_assert_false (vireo_domain_editor_use_token (editor, token, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
    g_clear_error (&error);
    g_assert_false (vireo_domain_editor_use_token (editor, "not a token", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    driver_close (&d);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vireo_vmm_silence_libvirt_errors ();

    for (guint i = 0; i < G_N_ELEMENTS (golden_cases); i++) {
        g_autofree char *path = g_strdup_printf ("/vireo/domain-editor/golden/%s",
                                                 golden_cases[i].name);
        g_test_add_data_func (path, &golden_cases[i], test_golden);
    }
    g_test_add_func ("/vireo/domain-editor/errors", test_errors);
    g_test_add_func ("/vireo/domain-editor/bad-input", test_bad_input);
    g_test_add_func ("/vireo/domain-editor/round-trip", test_round_trip);
    g_test_add_func ("/vireo/domain-editor/round-trip-driver", test_round_trip_driver);
    g_test_add_func ("/vireo/domain-editor/variant", test_variant);
    g_test_add_func ("/vireo/domain-editor/diff", test_diff);
    g_test_add_func ("/vireo/domain-editor/commit", test_commit);
    g_test_add_func ("/vireo/domain-editor/commit-storage", test_commit_storage);
    g_test_add_func ("/vireo/domain-editor/rename", test_rename);
    g_test_add_func ("/vireo/domain-editor/read", test_read);
    g_test_add_func ("/vireo/domain-editor/mac-connection", test_mac_connection);
    return g_test_run ();
}
