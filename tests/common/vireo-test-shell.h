/* vireo-test-shell.h: the busybox guest's shell over its serial console, for the qemu tests
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-vmm.h"

G_BEGIN_DECLS

typedef struct _VireoTestShell VireoTestShell;

/* Opens @domain's first console (forcing it from another client) and waits
 * up to @timeout_ms for the shell's prompt, pressing Enter now and then. */
VireoTestShell *vireo_test_shell_open     (VireoDomain *domain,
                                           guint        timeout_ms);
void            vireo_test_shell_close    (VireoTestShell *shell);

/* Runs @command in the guest's shell; its output without the echo, trimmed.
 * Fails the test when no answer comes within @timeout_ms. */
char           *vireo_test_shell_run      (VireoTestShell *shell,
                                           const char     *command,
                                           guint           timeout_ms);
/* Everything the console printed since it was opened. */
const char     *vireo_test_shell_get_text (VireoTestShell *shell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoTestShell, vireo_test_shell_close)

G_END_DECLS
