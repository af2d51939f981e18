/* vireo-test-util.c: helpers shared by Vireo's test programs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <unistd.h>
#include <sys/mount.h>

#include <glib/gstdio.h>

#include "vireo-test-util.h"

gboolean
vireo_test_wait_for (const gboolean *done,
                     guint           timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (!*done && g_get_monotonic_time () < deadline)
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    return *done;
}

GAsyncResult *
vireo_test_wait_result (GAsyncResult **result,
                        guint          timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (*result == NULL && g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
    return *result;
}

void
vireo_test_store_result_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
    GAsyncResult **out = user_data;

    *out = g_object_ref (result);
}

char *
vireo_test_mkdtemp (const char *template_name)
{
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp (template_name, &error);

    g_assert_no_error (error);
    return dir;
}

static void
rmtree_inner (GFile *file)
{
    g_autoptr(GFileEnumerator) en = NULL;

    en = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                    G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                    G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
    if (en) {
        GFileInfo *info;
        GFile *child;

        while (g_file_enumerator_iterate (en, &info, &child, NULL, NULL) && info) {
            if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
                rmtree_inner (child);
            else
                g_file_delete (child, NULL, NULL);
        }
    }
    g_file_delete (file, NULL, NULL);
}

void
vireo_test_rmtree (const char *path)
{
    g_autoptr(GFile) file = NULL;

    if (path == NULL)
        return;
    file = g_file_new_for_path (path);
    rmtree_inner (file);
}

gboolean
vireo_test_write_node_xml (const char *path,
                           guint       n_domains,
                           GError    **error)
{
    g_autoptr(GString) xml = g_string_new ("<node>\n"
        "  <cpu><mhz>3000</mhz><model>x86_64</model><active>8</active>"
        "<nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>2</threads></cpu>\n"
        "  <memory>33554432</memory>\n");

    for (guint i = 1; i <= n_domains; i++) {
        g_string_append_printf (xml,
            "  <domain type='test'>\n"
            "    <name>vm-%04u</name>\n"
            "    <uuid>6695eb01-f6a4-8304-79aa-%012x</uuid>\n"
            "    <memory unit='MiB'>512</memory>\n"
            "    <vcpu>1</vcpu>\n"
            "    <os><type arch='x86_64'>hvm</type></os>\n"
            "    <devices>\n"
            "      <disk type='file' device='disk'>"
            "<source file='/var/lib/vireo-test/vm-%04u.qcow2'/>"
            "<target dev='vda' bus='virtio'/></disk>\n"
            "    </devices>\n"
            "  </domain>\n", i, i, i);
    }
    g_string_append (xml, "</node>\n");
    return g_file_set_contents (path, xml->str, (gssize) xml->len, error);
}

void
vireo_test_mount_tmpfs (const char    *dir,
                        unsigned long  flags,
                        const char    *options)
{
    if (geteuid () != 0)
        g_error ("this case mounts a small tmpfs on %s, which needs root: run the tests as "
                 "root (sudo tools/check)", dir);
    if (mount ("tmpfs", dir, "tmpfs", flags, options) < 0)
        g_error ("could not mount a tmpfs on %s: %s", dir, g_strerror (errno));
}

void
vireo_test_umount (const char *dir)
{
    g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
}
