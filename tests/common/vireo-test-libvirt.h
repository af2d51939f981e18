/* vireo-test-libvirt.h: libvirt fixtures of the core's tests (tests/vmm)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Inline: the test helpers in vireo-test-util.c are linked into every test, the libvirt-free
 * console tests too.
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vireo-test-util.h"
#include "vireo-vmm-error.h"

G_BEGIN_DECLS

/* libvirt's built-in test:///default, opened with libvirt's own error printing silenced
 * (the tests check the GErrors instead); close it with virConnectClose(). */
static inline virConnectPtr
vireo_test_open_test_default (void)
{
    virConnectPtr conn;

    vireo_vmm_silence_libvirt_errors ();
    conn = virConnectOpen ("test:///default");
    g_assert_nonnull (conn);
    return conn;
}

G_END_DECLS
