/* test-vmm-error.c: libvirt errors carried into VIREO_VMM_ERROR
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <gio/gio.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

static void
test_code_table (void)
{
    const struct {
        int           virt_code;
        VireoVmmError expected;
    } cases[] = {
        { VIR_ERR_OK, VIREO_VMM_ERROR_FAILED },
        { VIR_ERR_INTERNAL_ERROR, VIREO_VMM_ERROR_FAILED },
        { VIR_ERR_INVALID_ARG, VIREO_VMM_ERROR_INVALID },
        { VIR_ERR_XML_ERROR, VIREO_VMM_ERROR_INVALID },
        { VIR_ERR_XML_DETAIL, VIREO_VMM_ERROR_INVALID },
        { VIR_ERR_CONFIG_UNSUPPORTED, VIREO_VMM_ERROR_INVALID },
        { VIR_ERR_NO_DOMAIN, VIREO_VMM_ERROR_NOT_FOUND },
        { VIR_ERR_NO_STORAGE_POOL, VIREO_VMM_ERROR_NOT_FOUND },
        { VIR_ERR_NO_STORAGE_VOL, VIREO_VMM_ERROR_NOT_FOUND },
        { VIR_ERR_NO_NETWORK, VIREO_VMM_ERROR_NOT_FOUND },
        { VIR_ERR_NO_DOMAIN_SNAPSHOT, VIREO_VMM_ERROR_NOT_FOUND },
        { VIR_ERR_NO_SUPPORT, VIREO_VMM_ERROR_UNSUPPORTED },
        { VIR_ERR_NO_CONNECT, VIREO_VMM_ERROR_UNSUPPORTED },
        { VIR_ERR_ARGUMENT_UNSUPPORTED, VIREO_VMM_ERROR_UNSUPPORTED },
        { VIR_ERR_AUTH_FAILED, VIREO_VMM_ERROR_AUTH },
        { VIR_ERR_AUTH_UNAVAILABLE, VIREO_VMM_ERROR_AUTH },
        { VIR_ERR_ACCESS_DENIED, VIREO_VMM_ERROR_AUTH },
        { VIR_ERR_AUTH_CANCELLED, VIREO_VMM_ERROR_AUTH },
        { VIR_ERR_SYSTEM_ERROR, VIREO_VMM_ERROR_UNREACHABLE },
        { VIR_ERR_RPC, VIREO_VMM_ERROR_UNREACHABLE },
        { VIR_ERR_NO_SERVER, VIREO_VMM_ERROR_UNREACHABLE },
        { VIR_ERR_OPERATION_INVALID, VIREO_VMM_ERROR_INVALID_STATE },
        { VIR_ERR_DOM_EXIST, VIREO_VMM_ERROR_EXISTS },
        { VIR_ERR_STORAGE_VOL_EXIST, VIREO_VMM_ERROR_EXISTS },
        { VIR_ERR_OPERATION_FAILED, VIREO_VMM_ERROR_FAILED },
        { 100000, VIREO_VMM_ERROR_FAILED },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        if (vireo_vmm_error_from_virt_code (cases[i].virt_code) != cases[i].expected)
            g_error ("virErrorNumber %d mapped to %d, expected %d", cases[i].virt_code,
                     vireo_vmm_error_from_virt_code (cases[i].virt_code), cases[i].expected);
    }
}

static void
test_carries_libvirt_text (void)
{
    g_autoptr(GError) error = NULL;
    virConnectPtr conn;
    const char *libvirt_text;

    vireo_vmm_silence_libvirt_errors ();
    conn = virConnectOpen ("bogus:///");
    g_assert_null (conn);
    libvirt_text = virGetLastErrorMessage ();
    g_assert_nonnull (libvirt_text);
    g_assert_cmpstr (libvirt_text, !=, "");

    vireo_vmm_set_error_from_libvirt (&error, "Could not connect to %s", "bogus:///");
    g_assert_nonnull (error);
    g_assert_true (error->domain == VIREO_VMM_ERROR);
    g_assert_true (g_str_has_prefix (error->message, "Could not connect to bogus:///: "));
    g_assert_nonnull (strstr (error->message, libvirt_text));
    g_assert_cmpint (error->code, ==,
                     vireo_vmm_error_from_virt_code (virGetLastError ()->code));
}

static void
test_real_not_found (void)
{
    g_autoptr(GError) error = NULL;
    virConnectPtr conn;
    virDomainPtr dom;

    vireo_vmm_silence_libvirt_errors ();
    conn = virConnectOpen ("test:///default");
    g_assert_nonnull (conn);
    dom = virDomainLookupByName (conn, "no-such-domain");
    g_assert_null (dom);
    vireo_vmm_set_error_from_libvirt (&error, "Looking up %s failed", "no-such-domain");
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "no-such-domain"));
    g_assert_nonnull (strstr (error->message, virGetLastErrorMessage ()));
    virConnectClose (conn);
}

static void
test_no_libvirt_error (void)
{
    g_autoptr(GError) error = NULL;

    virResetLastError ();
    vireo_vmm_set_error_from_libvirt (&error, "Plain %d", 42);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED);
    g_assert_cmpstr (error->message, ==, "Plain 42");
}

/* One cancellation error: G_IO_ERROR_CANCELLED, whoever reports it. */
static void
test_is_cancelled (void)
{
    const struct {
        GQuark   domain;
        int      code;
        gboolean cancelled;
    } cases[] = {
        { G_IO_ERROR, G_IO_ERROR_CANCELLED, TRUE },
        { G_IO_ERROR, G_IO_ERROR_FAILED, FALSE },
        { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, FALSE },
        { VIREO_VMM_ERROR, VIREO_VMM_ERROR_AUTH, FALSE },
        { VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE, FALSE },
        { G_IO_ERROR, G_IO_ERROR_PENDING, FALSE },
    };
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) from_cancellable = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = g_error_new_literal (cases[i].domain, cases[i].code, "x");

        g_assert_cmpint (vireo_error_is_cancelled (error), ==, cases[i].cancelled);
    }
    g_assert_false (vireo_error_is_cancelled (NULL));
    g_cancellable_cancel (cancellable);
    g_assert_true (g_cancellable_set_error_if_cancelled (cancellable, &from_cancellable));
    g_assert_true (vireo_error_is_cancelled (from_cancellable));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/vmm-error/code-table", test_code_table);
    g_test_add_func ("/vireo/vmm-error/carries-libvirt-text", test_carries_libvirt_text);
    g_test_add_func ("/vireo/vmm-error/real-not-found", test_real_not_found);
    g_test_add_func ("/vireo/vmm-error/no-libvirt-error", test_no_libvirt_error);
    g_test_add_func ("/vireo/vmm-error/is-cancelled", test_is_cancelled);

    return g_test_run ();
}
