/* vireo-vmm-error.c: the GError domain of libvireo-vmm
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-vmm-error.h"

G_DEFINE_QUARK (vireo-vmm-error-quark, vireo_vmm_error)

VireoVmmError
vireo_vmm_error_from_virt_code (int virt_code)
{
    switch (virt_code) {
    case VIR_ERR_INVALID_ARG:
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
    case VIR_ERR_INVALID_CONN:
    case VIR_ERR_CONFIG_UNSUPPORTED:
        return VIREO_VMM_ERROR_INVALID;
    case VIR_ERR_NO_DOMAIN:
    case VIR_ERR_NO_STORAGE_POOL:
    case VIR_ERR_NO_STORAGE_VOL:
    case VIR_ERR_NO_NETWORK:
    case VIR_ERR_NO_DOMAIN_SNAPSHOT:
        return VIREO_VMM_ERROR_NOT_FOUND;
    case VIR_ERR_NO_SUPPORT:
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
        return VIREO_VMM_ERROR_UNSUPPORTED;
    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_UNAVAILABLE:
    case VIR_ERR_ACCESS_DENIED:
    case VIR_ERR_AUTH_CANCELLED:    /* a refused prompt: the open failed */
        return VIREO_VMM_ERROR_AUTH;
    case VIR_ERR_SYSTEM_ERROR:
    case VIR_ERR_RPC:
    case VIR_ERR_NO_SERVER:
        return VIREO_VMM_ERROR_UNREACHABLE;
    case VIR_ERR_OPERATION_INVALID:
        return VIREO_VMM_ERROR_INVALID_STATE;
    case VIR_ERR_DOM_EXIST:
    case VIR_ERR_STORAGE_VOL_EXIST:
        return VIREO_VMM_ERROR_EXISTS;
    default:
        return VIREO_VMM_ERROR_FAILED;
    }
}

void
vireo_vmm_set_error_from_libvirt (GError    **error,
                                  const char *format,
                                  ...)
{
    g_autofree char *prefix = NULL;
    virErrorPtr err;
    va_list args;

    va_start (args, format);
    prefix = g_strdup_vprintf (format, args);
    va_end (args);

    err = virGetLastError ();
    if (err == NULL || err->message == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED, "%s", prefix);
        return;
    }
    g_set_error (error, VIREO_VMM_ERROR, vireo_vmm_error_from_virt_code (err->code),
                 "%s: %s", prefix, err->message);
}

static void
ignore_libvirt_error (void       *user_data,
                      virErrorPtr err)
{
    /* Errors are read with virGetLastError() where the call failed. */
}

void
vireo_vmm_silence_libvirt_errors (void)
{
    static gsize once = 0;

    if (g_once_init_enter (&once)) {
        virSetErrorFunc (NULL, ignore_libvirt_error);
        g_once_init_leave (&once, 1);
    }
}
