/* test-domain-editor-qemu.c: the domain editor on a running guest
 *
 * One embedded root and one busybox guest (its serial console runs a shell;
 * its initramfs loads the virtio and IDE CD-ROM drivers), the cases in
 * order: NIC and disk hot-plugged and seen in /sys/class/net and /sys/block,
 * the link set down and the carrier seen dropping, a live change made to
 * the guest's own NIC when the definition's differs, the CD-ROM's media
 * changed and ejected, a vCPU hot-plugged and brought online, the balloon
 * shrinking the guest's memory, title and description changed live, a
 * change libvirt cannot make live kept for the next boot, NIC and disk
 * unplugged again, an invalid document refused with the definition left as
 * it was, and the shut-off guest renamed with its snapshot and its NVRAM
 * file.  The libvirt calls go through the editor's async API.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "vireo-console-stream.h"
#include "vireo-domain-editor.h"
#include "vireo-test-qemu.h"

#define OPEN_TIMEOUT_MS    60000
#define ACTION_TIMEOUT_MS  120000
#define STATE_TIMEOUT_MS   60000
#define PROMPT_TIMEOUT_MS  180000
#define REPLY_TIMEOUT_MS   30000
#define GUEST_TIMEOUT_MS   120000   /* a hot-plug seen inside a TCG guest */

#define GUEST "vq-editor"

typedef struct {
    char               *media;
    char               *root;
    char               *iso2;
    VireoConnection    *conn;
    VireoDomain        *guest;
    VireoConsoleStream *console;
    GString            *text;
    guint               serial;
    char               *applied;    /* the last edit_live()'s "changed now" sentence */
} Fixture;

static Fixture fx;

/* ------------------------------------------------------------------------ */
/* Helpers */

static void
data_cb (VireoConsoleStream *stream, GBytes *bytes, gpointer user_data)
{
    gsize length = 0;
    const char *data = g_bytes_get_data (bytes, &length);

    g_string_append_len (fx.text, data, (gssize) length);
}

static void
require_guest (void)
{
    if (fx.conn == NULL || fx.guest == NULL || fx.console == NULL)
        g_error ("the running guest from /vireo/domain-editor-qemu/start is missing");
}

/* Runs @command in the guest's shell; its output (without the echo of the
 * command line). */
static char *
guest_run (const char *command)
{
    guint n = ++fx.serial;
    g_autofree char *line = g_strdup_printf ("echo B$((7000+%u)); %s; echo E$((7000+%u))\n",
                                             n, command, n);
    g_autofree char *begin = g_strdup_printf ("B%u", 7000 + n);
    g_autofree char *end = g_strdup_printf ("E%u", 7000 + n);
    gsize from = fx.text->len;
    gint64 deadline = g_get_monotonic_time () + (gint64) REPLY_TIMEOUT_MS * 1000;
    g_autoptr(GError) error = NULL;
    const char *b, *e;

    g_assert_true (vireo_console_stream_write (fx.console, line, strlen (line), &error));
    g_assert_no_error (error);
    for (;;) {
        b = strstr (fx.text->str + from, begin);
        e = b ? strstr (b, end) : NULL;
        if (e)
            break;
        if (g_get_monotonic_time () >= deadline)
            g_error ("the guest did not answer “%s” within %u s: “%s”", command,
                     REPLY_TIMEOUT_MS / 1000, fx.text->str + from);
        vireo_test_qemu_spin (20);
    }
    b += strlen (begin);
    return g_strstrip (g_strndup (b, e - b));
}

/* Runs @command until its output does (or, with @present FALSE, does not)
 * contain @needle; the last output. */
static char *
guest_wait (const char *command, const char *needle, gboolean present)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) GUEST_TIMEOUT_MS * 1000;

    for (;;) {
        char *out = guest_run (command);

        if ((strstr (out, needle) != NULL) == present)
            return out;
        if (g_get_monotonic_time () >= deadline)
            g_error ("after %u s, “%s” in the guest still says “%s” (waiting for “%s” to %s)",
                     GUEST_TIMEOUT_MS / 1000, command, out, needle,
                     present ? "appear" : "go");
        g_free (out);
        vireo_test_qemu_spin (1000);
    }
}

/* Runs @command until its whole output is @value. */
static char *
guest_wait_is (const char *command, const char *value)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) GUEST_TIMEOUT_MS * 1000;

    for (;;) {
        char *out = guest_run (command);

        if (g_str_equal (out, value))
            return out;
        if (g_get_monotonic_time () >= deadline)
            g_error ("after %u s, “%s” in the guest still says “%s”, not “%s”",
                     GUEST_TIMEOUT_MS / 1000, command, out, value);
        g_free (out);
        vireo_test_qemu_spin (1000);
    }
}

static VireoDomainEditor *
open_editor (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    VireoDomainEditor *editor;

    vireo_domain_editor_new_for_domain_async (fx.guest, NULL, vireo_test_store_result_cb,
                                              &result);
    if (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS) == NULL)
        g_error ("reading the definition did not finish");
    editor = vireo_domain_editor_new_for_domain_finish (fx.guest, result, &error);
    g_assert_no_error (error);
    g_assert_true (VIREO_IS_DOMAIN_EDITOR (editor));
    return editor;
}

/* Applies one edit given as "option" and key=value pairs (NULL-ended) and
 * commits it live (as virt-xml --update) and persistently; returns the notice (what waits for the
 * next boot); fx.applied gets what the guest took now. */
static char *
edit_live (VireoDomainEditAction action, const char *option, const char *select_key,
           const char *select_value, ...)
{
    g_autoptr(VireoDomainEditor) editor = open_editor ();
    g_autoptr(VireoDomainEdit) edit = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    char *notice = NULL;
    const char *key;
    va_list args;

    edit = vireo_domain_edit_new (action, option, &error);
    g_assert_no_error (error);
    if (select_key)
        g_assert_true (vireo_domain_edit_add_match (edit, select_key, select_value, &error));
    va_start (args, select_value);
    while ((key = va_arg (args, const char *)) != NULL) {
        const char *value = va_arg (args, const char *);
        g_assert_true (vireo_domain_edit_set (edit, key, value, &error));
    }
    va_end (args);
    g_assert_true (vireo_domain_editor_apply (editor, edit, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_domain_editor_has_changes (editor));

    vireo_domain_editor_commit_async (editor, fx.guest, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG |
                                      VIREO_DOMAIN_EDITOR_COMMIT_LIVE |
                                      VIREO_DOMAIN_EDITOR_COMMIT_LIVE_XML, NULL,
                                      vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS) == NULL)
        g_error ("the commit of --%s did not finish", option);
    g_assert_true (vireo_domain_editor_commit_finish (editor, result, &notice, &error));
    g_assert_no_error (error);
    g_free (fx.applied);
    fx.applied = g_strdup (vireo_domain_editor_get_applied_live (editor));
    if (fx.applied)
        g_test_message ("--%s: %s", option, fx.applied);
    if (notice)
        g_test_message ("--%s: %s", option, notice);
    return notice;
}

static char *
persistent_xml (void)
{
    g_autoptr(GError) error = NULL;
    char *xml = vireo_domain_dup_xml (fx.guest, 2 /* VIR_DOMAIN_XML_INACTIVE */, NULL, &error);

    g_assert_no_error (error);
    return xml;
}

static char *
live_xml (void)
{
    g_autoptr(GError) error = NULL;
    char *xml = vireo_domain_dup_xml (fx.guest, 0, NULL, &error);

    g_assert_no_error (error);
    return xml;
}

/* ------------------------------------------------------------------------ */
/* Cases */

static void
test_start (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *kernel = NULL;
    g_autofree char *initrd = NULL;
    g_autofree char *iso = NULL;
    g_autofree char *xml = NULL;
    gint64 deadline;

    fx.media = vireo_test_qemu_media_dir (&error);
    g_assert_no_error (error);
    fx.root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (fx.root);
    uri = vireo_embed_uri_for_root (fx.root);
    fx.conn = vireo_connection_new (uri);
    vireo_connection_open_async (fx.conn, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, OPEN_TIMEOUT_MS) == NULL)
        g_error ("opening %s did not finish", uri);
    g_assert_true (vireo_connection_open_finish (fx.conn, result, &error));
    g_assert_no_error (error);

    /* Two vCPUs of which one is present, 256 MiB, a CD-ROM with media, no
     * NIC and no disk yet. */
    kernel = g_build_filename (fx.media, "vmlinuz", NULL);
    initrd = g_build_filename (fx.media, "initrd.img", NULL);
    iso = g_build_filename (fx.media, "grub-rescue-cdrom.iso", NULL);
    xml = g_markup_printf_escaped (
        "<domain type='qemu'>\n"
        "  <name>%s</name>\n"
        "  <memory unit='MiB'>256</memory>\n"
        "  <vcpu current='1'>2</vcpu>\n"
        "  <os><type arch='x86_64' machine='pc'>hvm</type><kernel>%s</kernel>"
        "<initrd>%s</initrd><cmdline>console=ttyS0 quiet no_timer_check</cmdline></os>\n"
        "  <features><acpi/></features>\n"
        "  <devices>\n"
        "    <disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
        "<source file='%s'/><target dev='hdc' bus='ide'/><readonly/></disk>\n"
        "    <serial type='pty'><target port='0'/></serial>\n"
        "    <console type='pty'><target type='serial' port='0'/></console>\n"
        "    <memballoon model='virtio'/>\n"
        "  </devices>\n"
        "</domain>\n", GUEST, kernel, initrd, iso);
    fx.guest = vireo_connection_define_xml (fx.conn, xml, &error);
    g_assert_no_error (error);
    g_object_ref (fx.guest);

    g_clear_object (&result);
    vireo_domain_start_async (fx.guest, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS) == NULL)
        g_error ("starting the guest did not finish");
    g_assert_true (vireo_domain_start_finish (fx.guest, result, &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);

    fx.text = g_string_new (NULL);
    fx.console = vireo_console_stream_new (fx.guest, NULL, VIREO_CONSOLE_STREAM_FLAGS_FORCE);
    g_signal_connect (fx.console, "data", G_CALLBACK (data_cb), NULL);
    g_assert_true (vireo_console_stream_open (fx.console, NULL, &error));
    g_assert_no_error (error);
    deadline = g_get_monotonic_time () + (gint64) PROMPT_TIMEOUT_MS * 1000;
    while (strstr (fx.text->str, "# ") == NULL) {
        if (g_get_monotonic_time () >= deadline)
            g_error ("no shell prompt within %u s: “%s”", PROMPT_TIMEOUT_MS / 1000,
                     fx.text->str);
        vireo_console_stream_write (fx.console, "\r", 1, NULL);
        vireo_test_qemu_spin (2000);
    }
    /* The guest loaded its drivers before the prompt. */
    {
        g_autofree char *mods = guest_run ("cut -d' ' -f1 /proc/modules | sort | tr '\\n' ' '");
        g_test_message ("guest modules: %s", mods);
        g_assert_nonnull (strstr (mods, "virtio_net"));
        g_assert_nonnull (strstr (mods, "virtio_blk"));
    }
}

static void
test_attach_nic (void)
{
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *notice = NULL;
    g_autofree char *xml = NULL;

    require_guest ();
    before = guest_run ("ls /sys/class/net | tr '\\n' ' '");
    g_assert_null (strstr (before, "eth0"));
    notice = edit_live (VIREO_DOMAIN_EDIT_ADD, "network", NULL, NULL, "type", "user",
                        "model.type", "virtio", "mac.address", "52:54:00:ed:17:01", NULL);
    g_assert_null (notice);
    g_assert_cmpstr (fx.applied, ==, "Changed in the running VM now: network interface added.");
    after = guest_wait ("ls /sys/class/net | tr '\\n' ' '", "eth0", TRUE);
    g_test_message ("/sys/class/net: %s -> %s", before, after);
    xml = persistent_xml ();
    g_assert_nonnull (strstr (xml, "52:54:00:ed:17:01"));
}

static void
test_attach_disk (void)
{
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *notice = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *image = g_build_filename (fx.root, "images", GUEST ".qcow2", NULL);

    require_guest ();
    before = guest_run ("ls /sys/block | tr '\\n' ' '");
    g_assert_null (strstr (before, "vda"));
    g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));
    /* A size and no path: a new qcow2 image in the root's image folder. */
    notice = edit_live (VIREO_DOMAIN_EDIT_ADD, "disk", NULL, NULL, "size", "0.0625",
                        "target.bus", "virtio", NULL);
    g_assert_null (notice);
    g_assert_true (g_file_test (image, G_FILE_TEST_EXISTS));
    after = guest_wait ("ls /sys/block | tr '\\n' ' '", "vda", TRUE);
    g_test_message ("/sys/block: %s -> %s", before, after);
    {
        /* 64 MiB of 512-byte sectors. */
        g_autofree char *size = guest_run ("cat /sys/block/vda/size");
        g_assert_cmpstr (size, ==, "131072");
    }
    xml = persistent_xml ();
    g_assert_nonnull (strstr (xml, image));
    g_assert_nonnull (strstr (xml, "type='qcow2'"));
}

/* A new disk's target is free in the running guest too: with vda gone
 * from the definition only (the guest keeps it until it shuts off), the
 * next virtio disk is vdb, not a second vda.  The definition is then put
 * back as it was. */
static void
test_live_target (void)
{
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(VireoDomainEdit) remove = NULL;
    g_autoptr(VireoDomainEdit) add = NULL;
    g_autoptr(GPtrArray) added = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *notice = NULL;

    require_guest ();
    before = persistent_xml ();
    g_assert_nonnull (strstr (before, "dev='vda'"));
    editor = open_editor ();
    remove = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_REMOVE, "disk", &error);
    g_assert_true (vireo_domain_edit_add_match (remove, "target.dev", "vda", &error));
    g_assert_true (vireo_domain_editor_apply (editor, remove, &error));
    g_assert_true (vireo_domain_editor_commit (editor, fx.guest,
                                               VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, &notice, NULL,
                                               &error));
    g_assert_no_error (error);
    g_clear_object (&editor);
    after = persistent_xml ();
    g_assert_null (strstr (after, "dev='vda'"));

    editor = open_editor ();
    add = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_ADD, "disk", &error);
    g_assert_true (vireo_domain_edit_set (add, "size", "0.0625", &error));
    g_assert_true (vireo_domain_edit_set (add, "target.bus", "virtio", &error));
    g_assert_true (vireo_domain_editor_apply (editor, add, &error));
    g_assert_no_error (error);
    added = vireo_domain_editor_dup_added_devices (editor);
    g_assert_cmpuint (added->len, ==, 1);
    g_test_message ("added while the guest has vda: %s", (const char *) added->pdata[0]);
    g_assert_nonnull (strstr (added->pdata[0], "dev=\"vdb\""));
    g_clear_object (&editor);

    /* Back as it was, for the cases that follow. */
    editor = open_editor ();
    g_assert_true (vireo_domain_editor_replace_xml (editor, before, &error));
    g_assert_true (vireo_domain_editor_commit (editor, fx.guest,
                                               VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL, NULL,
                                               &error));
    g_assert_no_error (error);
    g_clear_pointer (&after, g_free);
    after = persistent_xml ();
    g_assert_nonnull (strstr (after, "dev='vda'"));
}

static void
test_link_down (void)
{
    g_autofree char *up = NULL;
    g_autofree char *down = NULL;
    g_autofree char *notice = NULL;
    g_autofree char *xml = NULL;

    require_guest ();
    g_free (guest_run ("ip link set eth0 up"));
    up = guest_wait_is ("cat /sys/class/net/eth0/carrier", "1");
    notice = edit_live (VIREO_DOMAIN_EDIT_CHANGE, "network", "mac.address",
                        "52:54:00:ed:17:01", "link.state", "down", NULL);
    g_assert_null (notice);
    down = guest_wait_is ("cat /sys/class/net/eth0/carrier", "0");
    g_test_message ("eth0 carrier: %s -> %s", up, down);
    xml = live_xml ();
    g_assert_nonnull (strstr (xml, "<link state='down'/>"));
    g_free (xml);
    xml = persistent_xml ();
    g_assert_nonnull (strstr (xml, "<link state='down'/>"));
}

/* A live change starts from the guest's own device: the NIC's MAC changed
 * in the definition only (for the next boot), the running NIC (its old MAC
 * and alias) still takes the new link state, as virt-xml --update does it
 * from the live XML. */
static void
test_live_base (void)
{
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(VireoDomainEdit) edit = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *notice = NULL;
    g_autofree char *up = NULL;
    g_autofree char *xml = NULL;

    require_guest ();
    editor = open_editor ();
    edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, "network", &error);
    g_assert_true (vireo_domain_edit_set (edit, "mac.address", "52:54:00:ed:17:02", &error));
    g_assert_true (vireo_domain_editor_apply (editor, edit, &error));
    g_assert_true (vireo_domain_editor_commit (editor, fx.guest,
                                               VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, &notice, NULL,
                                               &error));
    g_assert_no_error (error);
    g_assert_nonnull (notice);
    xml = persistent_xml ();
    g_assert_nonnull (strstr (xml, "52:54:00:ed:17:02"));
    g_clear_pointer (&xml, g_free);
    g_clear_pointer (&notice, g_free);

    /* The first NIC: :02 in the definition, :01 (net0) in the guest. */
    notice = edit_live (VIREO_DOMAIN_EDIT_CHANGE, "network", NULL, NULL, "link.state", "up",
                        NULL);
    g_assert_null (notice);
    up = guest_wait_is ("cat /sys/class/net/eth0/carrier", "1");
    xml = live_xml ();
    g_assert_nonnull (strstr (xml, "52:54:00:ed:17:01"));
    g_assert_null (strstr (xml, "52:54:00:ed:17:02"));
    g_assert_null (strstr (xml, "<link state='down'/>"));
    g_clear_pointer (&xml, g_free);
    xml = persistent_xml ();
    g_assert_nonnull (strstr (xml, "52:54:00:ed:17:02"));
    g_assert_null (strstr (xml, "<link state='down'/>"));
    g_test_message ("eth0 carrier back to %s through the guest's own NIC", up);

    /* An edit the guest's devices do not take fails live before anything
     * changes (the definition's NIC is :02, the guest's :01)... */
    {
        g_autoptr(VireoDomainEditor) e2 = open_editor ();
        g_autoptr(VireoDomainEdit) by_mac = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE,
                                                                   "network", &error);
        g_autofree char *before = persistent_xml ();
        g_autofree char *after = NULL;

        g_assert_true (vireo_domain_edit_add_match (by_mac, "mac.address", "52:54:00:ed:17:02",
                                                    &error));
        g_assert_true (vireo_domain_edit_set (by_mac, "link.state", "down", &error));
        g_assert_true (vireo_domain_editor_apply (e2, by_mac, &error));
        g_assert_no_error (error);
        g_assert_false (vireo_domain_editor_commit (e2, fx.guest,
                                                    VIREO_DOMAIN_EDITOR_COMMIT_CONFIG |
                                                    VIREO_DOMAIN_EDITOR_COMMIT_LIVE |
                                                    VIREO_DOMAIN_EDITOR_COMMIT_LIVE_XML, NULL,
                                                    NULL, &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        g_test_message ("refused live: %s", error->message);
        g_assert_nonnull (strstr (error->message, "52:54:00:ed:17:02"));
        g_clear_error (&error);
        after = persistent_xml ();
        g_assert_cmpstr (before, ==, after);

        /* ...while without LIVE_XML (the VM window's way) the definition
         * takes it and the guest, whose NIC libvirt cannot match to :02,
         * gets it at its next start. */
        g_assert_true (vireo_domain_editor_commit (e2, fx.guest,
                                                   VIREO_DOMAIN_EDITOR_COMMIT_CONFIG |
                                                   VIREO_DOMAIN_EDITOR_COMMIT_LIVE, &notice, NULL,
                                                   &error));
        g_assert_no_error (error);
        g_assert_nonnull (notice);
        g_test_message ("kept for the next start: %s", notice);
        g_assert_nonnull (strstr (notice, "next starts"));
        g_clear_pointer (&after, g_free);
        after = persistent_xml ();
        g_assert_nonnull (strstr (after, "<link state='down'/>"));
        g_clear_pointer (&xml, g_free);
        xml = live_xml ();
        g_assert_null (strstr (xml, "<link state='down'/>"));
    }
}

static void
test_cdrom_media (void)
{
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autofree char *ejected = NULL;
    g_autofree char *notice = NULL;
    g_autofree char *xml = NULL;
    /* The guest reads a sector: the size of the media, or "none". */
    const char *read = "if dd if=/dev/sr0 of=/dev/null bs=2048 count=1 2>/dev/null; "
                       "then cat /sys/block/sr0/size; else echo none; fi";

    require_guest ();
    fx.iso2 = g_build_filename (fx.root, "second.iso", NULL);
    {
        g_autofree char *zeros = g_malloc0 (2 * 1024 * 1024);
        g_assert_true (g_file_set_contents (fx.iso2, zeros, 2 * 1024 * 1024, NULL));
    }
    first = guest_run (read);
    g_assert_cmpstr (first, !=, "none");

    notice = edit_live (VIREO_DOMAIN_EDIT_CHANGE, "disk", "target.dev", "hdc", "path",
                        fx.iso2, NULL);
    g_assert_null (notice);
    /* 2 MiB of 512-byte sectors. */
    second = guest_wait_is (read, "4096");
    g_test_message ("sr0 sectors: %s -> %s", first, second);
    xml = live_xml ();
    g_assert_nonnull (strstr (xml, fx.iso2));
    g_clear_pointer (&xml, g_free);

    g_clear_pointer (&notice, g_free);
    notice = edit_live (VIREO_DOMAIN_EDIT_CHANGE, "disk", "target.dev", "hdc", "path", "",
                        NULL);
    g_assert_null (notice);
    ejected = guest_wait_is (read, "none");
    xml = live_xml ();
    g_assert_null (strstr (xml, fx.iso2));
    g_clear_pointer (&xml, g_free);
    xml = persistent_xml ();
    g_assert_null (strstr (xml, fx.iso2));
}

static void
test_vcpu_hotplug (void)
{
    g_autofree char *before = NULL;
    g_autofree char *present = NULL;
    g_autofree char *after = NULL;
    g_autofree char *notice = NULL;
    g_autofree char *xml = NULL;

    require_guest ();
    before = guest_run ("cat /sys/devices/system/cpu/online");
    g_assert_cmpstr (before, ==, "0");
    notice = edit_live (VIREO_DOMAIN_EDIT_CHANGE, "vcpus", NULL, NULL, "vcpu.current", "2",
                        NULL);
    g_assert_null (notice);
    g_assert_nonnull (fx.applied);
    g_assert_nonnull (strstr (fx.applied, "its vCPU count (2)"));
    present = guest_wait_is ("cat /sys/devices/system/cpu/present", "0-1");
    /* A hot-plugged CPU is present; the guest brings it online. */
    g_free (guest_run ("echo 1 > /sys/devices/system/cpu/cpu1/online"));
    after = guest_wait_is ("cat /sys/devices/system/cpu/online", "0-1");
    g_test_message ("online CPUs: %s -> %s (present %s)", before, after, present);
    xml = persistent_xml ();
    g_assert_nonnull (strstr (xml, "current='2'") ? strstr (xml, "current='2'")
                                                  : strstr (xml, ">2</vcpu>"));
}

static guint64
guest_mem_total (void)
{
    g_autofree char *line = guest_run ("grep MemTotal /proc/meminfo");
    const char *p = line;

    while (*p && !g_ascii_isdigit (*p))
        p++;
    return g_ascii_strtoull (p, NULL, 10);
}

static void
test_balloon (void)
{
    g_autofree char *notice = NULL;
    g_autofree char *xml = NULL;
    guint64 before, after = 0;
    gint64 deadline;

    require_guest ();
    before = guest_mem_total ();
    g_assert_cmpuint (before, >, 150 * 1024);
    /* --memory's currentMemory, in MiB. */
    notice = edit_live (VIREO_DOMAIN_EDIT_CHANGE, "memory", NULL, NULL, "currentMemory", "160",
                        NULL);
    g_assert_null (notice);
    g_assert_cmpstr (fx.applied, ==,
                     "Changed in the running VM now: its memory balloon (160 MiB).");
    deadline = g_get_monotonic_time () + (gint64) GUEST_TIMEOUT_MS * 1000;
    while ((after = guest_mem_total ()) > before - 64 * 1024) {
        if (g_get_monotonic_time () >= deadline)
            g_error ("the balloon did not take the guest's memory: MemTotal %" G_GUINT64_FORMAT
                     " kB -> %" G_GUINT64_FORMAT " kB", before, after);
        vireo_test_qemu_spin (1000);
    }
    g_test_message ("MemTotal: %" G_GUINT64_FORMAT " kB -> %" G_GUINT64_FORMAT " kB", before,
                    after);
    xml = persistent_xml ();
    g_assert_nonnull (strstr (xml, "<currentMemory unit='KiB'>163840</currentMemory>"));
}

static void
test_metadata_and_later (void)
{
    g_autofree char *notice = NULL;
    g_autofree char *live = NULL;
    g_autofree char *persistent = NULL;

    require_guest ();
    notice = edit_live (VIREO_DOMAIN_EDIT_CHANGE, "metadata", NULL, NULL, "title",
                        "Edited live", "description", "Seen at once", NULL);
    g_assert_null (notice);
    g_assert_cmpstr (fx.applied, ==,
                     "Changed in the running VM now: its title; its description.");
    live = live_xml ();
    g_assert_nonnull (strstr (live, "<title>Edited live</title>"));
    g_assert_nonnull (strstr (live, "<description>Seen at once</description>"));

    /* The maximum memory cannot change while the guest runs: saved for the
     * next boot, and said so. */
    notice = edit_live (VIREO_DOMAIN_EDIT_CHANGE, "memory", NULL, NULL, "memory", "320",
                        "currentMemory", "160", NULL);
    g_assert_nonnull (notice);
    g_assert_nonnull (strstr (notice, "next starts"));
    persistent = persistent_xml ();
    g_assert_nonnull (strstr (persistent, "<memory unit='KiB'>327680</memory>"));
    g_clear_pointer (&live, g_free);
    live = live_xml ();
    g_assert_nonnull (strstr (live, "<memory unit='KiB'>262144</memory>"));
}

static void
test_detach (void)
{
    g_autofree char *net = NULL;
    g_autofree char *blocks = NULL;
    g_autofree char *notice = NULL;
    g_autofree char *xml = NULL;

    require_guest ();
    /* The first (and only) NIC: :02 in the definition, :01 in the guest. */
    notice = edit_live (VIREO_DOMAIN_EDIT_REMOVE, "network", NULL, NULL, NULL);
    g_assert_null (notice);
    net = guest_wait ("ls /sys/class/net | tr '\\n' ' '", "eth0", FALSE);
    g_clear_pointer (&notice, g_free);
    notice = edit_live (VIREO_DOMAIN_EDIT_REMOVE, "disk", "target.dev", "vda", NULL);
    g_assert_null (notice);
    blocks = guest_wait ("ls /sys/block | tr '\\n' ' '", "vda", FALSE);
    g_test_message ("after unplugging: /sys/class/net %s, /sys/block %s", net, blocks);
    xml = persistent_xml ();
    g_assert_null (strstr (xml, "52:54:00:ed:17:01"));
    g_assert_null (strstr (xml, "52:54:00:ed:17:02"));
    g_assert_null (strstr (xml, "dev='vda'"));
}

static void
test_invalid_xml (void)
{
    g_autoptr(VireoDomainEditor) editor = open_editor ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *before = persistent_xml ();
    g_autofree char *after = NULL;
    g_autofree char *bad = NULL;
    char *notice = NULL;

    /* Well-formed, and a <domain>, but not what libvirt's schema allows. */
    bad = g_strdup_printf ("<domain type='qemu'><name>%s</name><memory unit='KiB'>lots</memory>"
                           "<os><type>hvm</type></os><devices><bogus/></devices></domain>",
                           GUEST);
    g_assert_true (vireo_domain_editor_replace_xml (editor, bad, &error));
    g_assert_no_error (error);
    vireo_domain_editor_commit_async (editor, fx.guest, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL,
                                      vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS) == NULL)
        g_error ("the commit of invalid XML did not finish");
    g_assert_false (vireo_domain_editor_commit_finish (editor, result, &notice, &error));
    g_assert_nonnull (error);
    g_assert_null (notice);
    g_test_message ("refused: %s", error->message);
    /* libvirt's own words are in the message. */
    g_assert_nonnull (strstr (error->message, "libvirt did not accept"));
    g_assert_cmpuint (strlen (error->message), >, strlen ("libvirt did not accept the changes "
                                                          "to “" GUEST "”: "));
    after = persistent_xml ();
    g_assert_cmpstr (before, ==, after);

    /* Not even well-formed: refused before libvirt is asked. */
    g_clear_error (&error);
    g_assert_false (vireo_domain_editor_replace_xml (editor, "<domain><name>x</nam", &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
}

/* Renaming the shut-off guest carries its snapshots (whose metadata QEMU's
 * driver would otherwise refuse to rename) and its NVRAM file along. */
static void
test_rename (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoDomainEditor) editor = NULL;
    g_autoptr(VireoDomainEdit) edit = NULL;
    g_autofree char *inactive = NULL;
    g_autofree char *snapshot = NULL;
    g_autofree char *nvram_set = NULL;
    g_autofree char *old_nvram = g_build_filename (fx.root, GUEST "_VARS.fd", NULL);
    g_autofree char *new_nvram = g_build_filename (fx.root, "vq-renamed_VARS.fd", NULL);
    g_autofree char *xml = NULL;
    virDomainSnapshotPtr snap;
    VireoDomain *renamed;

    require_guest ();
    vireo_console_stream_close (fx.console);
    vireo_domain_force_off_async (fx.guest, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS));
    g_assert_true (vireo_domain_force_off_finish (fx.guest, result, &error));
    g_assert_no_error (error);
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);

    /* UEFI firmware with an NVRAM file named after the VM. */
    g_assert_true (g_file_set_contents (old_nvram, "vars", -1, NULL));
    editor = open_editor ();
    edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, "boot", &error);
    nvram_set = g_strdup (old_nvram);
    g_assert_true (vireo_domain_edit_set (edit, "loader", "/usr/share/OVMF/OVMF_CODE_4M.fd",
                                          &error));
    g_assert_true (vireo_domain_edit_set (edit, "loader.readonly", "yes", &error));
    g_assert_true (vireo_domain_edit_set (edit, "loader.type", "pflash", &error));
    g_assert_true (vireo_domain_edit_set (edit, "nvram", nvram_set, &error));
    g_assert_true (vireo_domain_editor_apply (editor, edit, &error));
    g_assert_true (vireo_domain_editor_commit (editor, fx.guest,
                                               VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL, NULL,
                                               &error));
    g_assert_no_error (error);
    g_clear_object (&editor);
    g_clear_pointer (&edit, vireo_domain_edit_unref);

    /* A snapshot's metadata (no disk to snapshot: redefined as it is). */
    inactive = persistent_xml ();
    snapshot = g_strdup_printf ("<domainsnapshot><name>before</name>"
                                "<creationTime>1700000000</creationTime><state>shutoff</state>"
                                "%s</domainsnapshot>", inactive);
    snap = virDomainSnapshotCreateXML (vireo_domain_get_handle (fx.guest), snapshot,
                                       VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE);
    g_assert_nonnull (snap);
    virDomainSnapshotFree (snap);

    editor = open_editor ();
    edit = vireo_domain_edit_new (VIREO_DOMAIN_EDIT_CHANGE, "metadata", &error);
    g_assert_true (vireo_domain_edit_set (edit, "name", "vq-renamed", &error));
    g_assert_true (vireo_domain_editor_apply (editor, edit, &error));
    g_clear_object (&result);
    vireo_domain_editor_commit_async (editor, fx.guest, VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL,
                                      vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS));
    g_assert_true (vireo_domain_editor_commit_finish (editor, result, NULL, &error));
    g_assert_no_error (error);

    /* The editor updated the domain; libvirt's events may replace it. */
    {
        gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

        while ((renamed = vireo_connection_find_domain (fx.conn, "vq-renamed")) == NULL &&
               g_get_monotonic_time () < deadline)
            vireo_test_qemu_spin (50);
    }
    g_assert_nonnull (renamed);
    g_assert_null (vireo_connection_find_domain (fx.conn, GUEST));
    g_set_object (&fx.guest, renamed);
    g_assert_cmpint (virDomainSnapshotNum (vireo_domain_get_handle (renamed), 0), ==, 1);
    xml = persistent_xml ();
    g_assert_nonnull (strstr (xml, "<name>vq-renamed</name>"));
    g_assert_nonnull (strstr (xml, new_nvram));
    g_assert_true (g_file_test (new_nvram, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (old_nvram, G_FILE_TEST_EXISTS));
    g_test_message ("renamed with its snapshot and %s", new_nvram);
}

static void
test_cleanup (void)
{
    g_autoptr(GAsyncResult) result = NULL;

    require_guest ();
    vireo_console_stream_close (fx.console);
    g_clear_object (&fx.console);
    if (vireo_domain_is_active (fx.guest)) {
        vireo_domain_force_off_async (fx.guest, NULL, vireo_test_store_result_cb, &result);
        vireo_test_wait_result (&result, ACTION_TIMEOUT_MS);
    }
    g_clear_object (&fx.guest);
    vireo_connection_close (fx.conn);
    g_clear_object (&fx.conn);
    vireo_test_qemu_cleanup_root (fx.root);
    g_clear_pointer (&fx.root, g_free);
    g_clear_pointer (&fx.iso2, g_free);
    g_clear_pointer (&fx.applied, g_free);
    g_string_free (fx.text, TRUE);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_setenv ("LANGUAGE", "C", TRUE);

    /* In order: each case builds on the ones before. */
    g_test_add_func ("/vireo/domain-editor-qemu/start", test_start);
    g_test_add_func ("/vireo/domain-editor-qemu/attach-nic", test_attach_nic);
    g_test_add_func ("/vireo/domain-editor-qemu/attach-disk", test_attach_disk);
    g_test_add_func ("/vireo/domain-editor-qemu/live-target", test_live_target);
    g_test_add_func ("/vireo/domain-editor-qemu/link-down", test_link_down);
    g_test_add_func ("/vireo/domain-editor-qemu/live-base", test_live_base);
    g_test_add_func ("/vireo/domain-editor-qemu/cdrom-media", test_cdrom_media);
    g_test_add_func ("/vireo/domain-editor-qemu/vcpu-hotplug", test_vcpu_hotplug);
    g_test_add_func ("/vireo/domain-editor-qemu/balloon", test_balloon);
    g_test_add_func ("/vireo/domain-editor-qemu/metadata-and-later", test_metadata_and_later);
    g_test_add_func ("/vireo/domain-editor-qemu/detach", test_detach);
    g_test_add_func ("/vireo/domain-editor-qemu/invalid-xml", test_invalid_xml);
    g_test_add_func ("/vireo/domain-editor-qemu/rename", test_rename);
    g_test_add_func ("/vireo/domain-editor-qemu/cleanup", test_cleanup);
    return g_test_run ();
}
