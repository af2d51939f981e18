/* vireo-test-shell.c: the busybox guest's shell over its serial console, for the qemu tests
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-test-shell.h"

#include <string.h>

#include "vireo-console-stream.h"
#include "vireo-test-qemu.h"

struct _VireoTestShell {
    VireoConsoleStream *console;
    GString            *text;
    guint               serial;
};

static void
data_cb (VireoConsoleStream *stream, GBytes *bytes, gpointer user_data)
{
    VireoTestShell *shell = user_data;
    gsize length = 0;
    const char *data = g_bytes_get_data (bytes, &length);

    g_string_append_len (shell->text, data, (gssize) length);
}

VireoTestShell *
vireo_test_shell_open (VireoDomain *domain,
                       guint        timeout_ms)
{
    VireoTestShell *shell = g_new0 (VireoTestShell, 1);
    g_autoptr(GError) error = NULL;
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    shell->text = g_string_new (NULL);
    shell->console = vireo_console_stream_new (domain, NULL, VIREO_CONSOLE_STREAM_FLAGS_FORCE);
    g_signal_connect (shell->console, "data", G_CALLBACK (data_cb), shell);
    g_assert_true (vireo_console_stream_open (shell->console, NULL, &error));
    g_assert_no_error (error);
    while (strstr (shell->text->str, "# ") == NULL) {
        if (g_get_monotonic_time () >= deadline)
            g_error ("no shell prompt on the console of %s within %u s: “%s”",
                     vireo_domain_get_name (domain), timeout_ms / 1000, shell->text->str);
        vireo_console_stream_write (shell->console, "\r", 1, NULL);
        vireo_test_qemu_spin (2000);
    }
    return shell;
}

void
vireo_test_shell_close (VireoTestShell *shell)
{
    if (shell == NULL)
        return;
    g_signal_handlers_disconnect_by_data (shell->console, shell);
    vireo_console_stream_close (shell->console);
    g_object_unref (shell->console);
    g_string_free (shell->text, TRUE);
    g_free (shell);
}

char *
vireo_test_shell_run (VireoTestShell *shell,
                      const char     *command,
                      guint           timeout_ms)
{
    guint n = ++shell->serial;
    g_autofree char *line = g_strdup_printf ("echo B$((8000+%u)); %s; echo E$((8000+%u))\n",
                                             n, command, n);
    g_autofree char *begin = g_strdup_printf ("B%u", 8000 + n);
    g_autofree char *end = g_strdup_printf ("E%u", 8000 + n);
    gsize from = shell->text->len;
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
    g_autoptr(GError) error = NULL;
    const char *b, *e;

    g_assert_true (vireo_console_stream_write (shell->console, line, strlen (line), &error));
    for (;;) {
        b = strstr (shell->text->str + from, begin);
        e = b ? strstr (b, end) : NULL;
        if (e)
            break;
        if (g_get_monotonic_time () >= deadline)
            g_error ("the guest did not answer “%s” within %u s: “%s”", command,
                     timeout_ms / 1000, shell->text->str + from);
        vireo_test_qemu_spin (20);
    }
    b += strlen (begin);
    return g_strstrip (g_strndup (b, e - b));
}

const char *
vireo_test_shell_get_text (VireoTestShell *shell)
{
    return shell->text->str;
}
