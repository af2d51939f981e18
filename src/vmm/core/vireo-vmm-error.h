/* vireo-vmm-error.h: the GError domain of libvireo-vmm
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

/* The one cancellation error, G_IO_ERROR_CANCELLED, and
 * vireo_error_is_cancelled(): no code of this domain means "cancelled". */
#include "vireo-error-cancelled.h"

G_BEGIN_DECLS

#define VIREO_VMM_ERROR (vireo_vmm_error_quark ())

typedef enum {
    VIREO_VMM_ERROR_FAILED,         /* anything else; libvirt's text is in the message */
    VIREO_VMM_ERROR_INVALID,        /* bad argument, malformed URI or XML */
    VIREO_VMM_ERROR_NOT_FOUND,      /* no such domain, volume, network */
    VIREO_VMM_ERROR_UNSUPPORTED,    /* the driver does not offer this */
    VIREO_VMM_ERROR_AUTH,           /* authentication failed or was refused (a
                                     * prompt the user cancelled too) */
    VIREO_VMM_ERROR_UNREACHABLE,    /* host or daemon cannot be reached */
    VIREO_VMM_ERROR_ROOT_HELD,      /* the embedded root is held by another process */
    VIREO_VMM_ERROR_NO_HYPERVISOR,  /* no qemu binary / capabilities */
    VIREO_VMM_ERROR_NO_SPACE,       /* the disk holding the storage is full */
    VIREO_VMM_ERROR_INVALID_STATE,  /* action not valid for the domain's state */
    VIREO_VMM_ERROR_EXISTS,         /* name or file already in use */
    VIREO_VMM_ERROR_IN_USE,         /* a VM uses the volume or network */
} VireoVmmError;

GQuark vireo_vmm_error_quark (void);


/* Sets @error from libvirt's last error of the calling thread: the message is
 * the formatted sentence followed by libvirt's own text, and the code is mapped
 * from virErrorNumber.  Call it in the thread that made the failing call. */
void vireo_vmm_set_error_from_libvirt (GError    **error,
                                       const char *format,
                                       ...) G_GNUC_PRINTF (2, 3);

/* Maps a libvirt virErrorNumber to a VireoVmmError code. */
VireoVmmError vireo_vmm_error_from_virt_code (int virt_code);

/* Stops libvirt from printing errors on stderr; errors are read with
 * virGetLastError() and carried into GErrors instead.  Idempotent. */
void vireo_vmm_silence_libvirt_errors (void);

G_END_DECLS
