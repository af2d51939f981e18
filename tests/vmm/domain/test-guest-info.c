/* test-guest-info.c: the guest agent's facts, asked of a guest with no agent
 *
 * The busybox guest of the qemu suite runs no agent either; what an agent
 * answers is read by the same code as libvirt's typed parameters.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-guest-info.h"
#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

static VireoConnection *
open_node (void)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "editor", "node.xml",
                                                   NULL);
    g_autofree char *uri = g_strdup_printf ("test://%s", path);
    VireoConnection *connection = vireo_connection_new (uri);
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_connection_open (connection, NULL, &error));
    g_assert_no_error (error);
    return connection;
}

/* A guest whose agent does not answer: libvirt's reason, under a sentence
 * of ours naming the guest; a cancelled call says so. */
static void
test_no_agent (void)
{
    g_autoptr(VireoConnection) connection = open_node ();
    VireoDomain *domain = vireo_connection_find_domain (connection, "rich");
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(VireoGuestInfo) info = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (domain);
    vireo_domain_dup_guest_info_async (domain, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 30000));
    info = vireo_domain_dup_guest_info_finish (domain, result, &error);
    g_assert_null (info);
    g_assert_nonnull (error);
    g_assert_true (g_str_has_prefix (error->message, "The guest agent of “rich” did not answer"));
    g_assert_nonnull (strstr (error->message, "virDomainGetGuestInfo"));
    g_clear_error (&error);

    g_cancellable_cancel (cancellable);
    info = vireo_domain_dup_guest_info (domain, cancellable, &error);
    g_assert_null (info);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    vireo_vmm_silence_libvirt_errors ();

    g_test_add_func ("/vireo/guest-info/no-agent", test_no_agent);
    return g_test_run ();
}
