/* vireo-test-qemu.h: helpers of the real-QEMU tests (embedded driver, TCG guests)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <sys/types.h>

#include "vireo-vmm.h"
#include "vireo-test-util.h"

G_BEGIN_DECLS

/* The marker the busybox guest prints on its serial console once up. */
#define VIREO_TEST_QEMU_MARKER "VIREO-GUEST-READY"

/* Builds the guest media with tests/common/media/make-guest.sh into
 * $G_TEST_BUILDDIR/media (a no-op when it is there already) and returns that
 * directory.  Fails with the script's message, e.g. asking to run
 * tools/fetch-test-media when the kernel package is missing. */
char     *vireo_test_qemu_media_dir        (GError **error);

/* A fresh embedded root with a short path (/tmp/vq-XXXXXX), so that
 * libvirt's UNIX socket paths under it stay short. */
char     *vireo_test_qemu_make_root        (void);

/* Until vireo_test_qemu_cleanup_root(): when the process aborts or is
 * terminated, kill the QEMU processes started under @root and remove it. */
void      vireo_test_qemu_guard_root       (const char *root);
/* While guarded, a helper process @pid working on the root is killed first
 * when the guard fires (so that it cannot start QEMU again afterwards). */
void      vireo_test_qemu_guard_child      (GPid        pid);
void      vireo_test_qemu_unguard_child    (GPid        pid);
/* Kills QEMU processes still running under @root (by their pid files),
 * removes @root and drops the guard. */
void      vireo_test_qemu_cleanup_root     (const char *root);

/* Domain XML of the busybox guest: type qemu, 128 MiB, 1 vCPU, direct kernel
 * boot, serial console to vireo_test_qemu_serial_path(), user-mode virtio
 * NIC, VNC on 127.0.0.1.  @extra_devices (may be NULL) goes into
 * <devices> as it is. */
char     *vireo_test_qemu_kernel_xml       (const char *name,
                                            const char *media,
                                            const char *root,
                                            const char *extra_devices);
/* Domain XML of a guest booting grub-rescue-pc's ISO as a CD-ROM. */
char     *vireo_test_qemu_iso_xml          (const char *name,
                                            const char *media);
char     *vireo_test_qemu_serial_path      (const char *root,
                                            const char *name);

/* The QEMU pid libvirt recorded for @name under @root, or 0. */
pid_t     vireo_test_qemu_read_pid         (const char *root,
                                            const char *name);

/* Iterate the default main context until ... or @timeout_ms passes. */
gboolean  vireo_test_qemu_wait_state       (VireoDomain     *domain,
                                            VireoDomainState state,
                                            guint            timeout_ms);
gboolean  vireo_test_qemu_wait_file_contains (const char *path,
                                              const char *needle,
                                              guint       timeout_ms);
/* Sleeps @ms while serving the default main context. */
void      vireo_test_qemu_spin             (guint ms);

/* "running (reason 1)" etc., for failure messages. */
char     *vireo_test_qemu_describe_state   (VireoDomain *domain);

/* Fails the test with a clear message unless @domain reaches @state within
 * @timeout_ms. */
#define vireo_test_qemu_assert_state(domain, state, timeout_ms)                        \
    G_STMT_START {                                                                   \
        if (!vireo_test_qemu_wait_state ((domain), (state), (timeout_ms))) {         \
            g_autofree char *vtq_now_ = vireo_test_qemu_describe_state (domain);     \
            g_autofree char *vtq_msg_ = g_strdup_printf (                            \
                "domain %s did not become %s within %u s; it is %s",                 \
                vireo_domain_get_name (domain), #state, (guint) (timeout_ms) / 1000, \
                vtq_now_);                                                           \
            g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,        \
                                 vtq_msg_);                                          \
        }                                                                            \
    } G_STMT_END

/* Fails the test unless @path contains the guest's marker within @timeout_ms. */
#define vireo_test_qemu_assert_marker(path, timeout_ms)                                \
    G_STMT_START {                                                                   \
        if (!vireo_test_qemu_wait_file_contains ((path), VIREO_TEST_QEMU_MARKER,     \
                                                 (timeout_ms))) {                    \
            g_autofree char *vtq_msg_ = g_strdup_printf (                            \
                "the guest's marker " VIREO_TEST_QEMU_MARKER " did not appear in %s "  \
                "within %u s", (path), (guint) (timeout_ms) / 1000);                 \
            g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,        \
                                 vtq_msg_);                                          \
        }                                                                            \
    } G_STMT_END

/* Domain XML of the busybox guest with its console on a pty (<serial
 * type='pty'> and its <console>), no graphics device and no NIC, for the
 * text console tests: the guest runs a shell on that console. */
char     *vireo_test_qemu_console_xml      (const char *name,
                                            const char *media);

G_END_DECLS
