/* vireo-install-console.c: vireo-install's --autoconsole
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-console.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "vireo-console-stream.h"
#include "vireo-domain.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

#define ESCAPE_CHAR 0x1d  /* Ctrl+] */

struct _VireoInstallConsole {
    VireoConsoleStream *stream;
    GMainContext   *context;
    GSourceFunc     closed;
    gpointer        user_data;
    guint           stdin_watch;
    gboolean        raw;
    struct termios  saved;
    gboolean        ended;
};

/* ---------------------------------------------------------------- helpers */

static char *
xpath_string (xmlXPathContext *ctx, const char *expr)
{
    g_autoptr(xmlXPathObject) obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);

    if (obj && obj->type == XPATH_STRING && obj->stringval && *obj->stringval)
        return g_strdup ((const char *) obj->stringval);
    return NULL;
}

static void
restore_terminal (VireoInstallConsole *console)
{
    if (console->raw) {
        tcsetattr (STDIN_FILENO, TCSAFLUSH, &console->saved);
        console->raw = FALSE;
    }
}

static gboolean
report_closed (gpointer user_data)
{
    VireoInstallConsole *console = user_data;

    restore_terminal (console);
    if (console->closed)
        console->closed (console->user_data);
    return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------- callbacks */

static void
data_cb (VireoConsoleStream *stream,
         GBytes             *bytes,
         gpointer            user_data)
{
    gsize length;
    const char *data = g_bytes_get_data (bytes, &length);

    while (length > 0) {
        ssize_t n = write (STDOUT_FILENO, data, length);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        data += n;
        length -= n;
    }
}

/* The guest's end of the console went away (or the stream failed). */
static void
closed_cb (VireoConsoleStream *stream,
           GError             *error,
           gpointer            user_data)
{
    VireoInstallConsole *console = user_data;

    if (console->ended)
        return;
    console->ended = TRUE;
    report_closed (console);
}

static gboolean
stdin_cb (int fd, GIOCondition condition, gpointer user_data)
{
    VireoInstallConsole *console = user_data;
    char buf[1024];
    ssize_t n = read (fd, buf, sizeof buf);

    if (n <= 0) {
        console->stdin_watch = 0;
        return G_SOURCE_REMOVE;
    }
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == ESCAPE_CHAR && console->raw) {
            console->stdin_watch = 0;
            if (!console->ended) {
                console->ended = TRUE;
                report_closed (console);
            }
            return G_SOURCE_REMOVE;
        }
    }
    /* Typing faster than the guest reads drops what does not fit. */
    vireo_console_stream_write (console->stream, buf, n, NULL);
    return G_SOURCE_CONTINUE;
}

/* -------------------------------------------------------------- public API */

char *
vireo_install_console_find_viewer (void)
{
    const char *env = g_getenv ("VIREO_VIEWER");
    g_autofree char *self_path = NULL;

    if (env && *env)
        return g_find_program_in_path (env);
    self_path = g_file_read_link ("/proc/self/exe", NULL);
    if (self_path) {
        g_autofree char *dir = g_path_get_dirname (self_path);
        g_autofree char *next = g_build_filename (dir, "vireo-viewer", NULL);
        if (g_file_test (next, G_FILE_TEST_IS_EXECUTABLE))
            return g_steal_pointer (&next);
    }
    return g_find_program_in_path ("vireo-viewer");
}

GStrv
vireo_install_console_viewer_args (const char *uri,
                                   const char *name,
                                   const char *live_xml,
                                   gboolean    own_root)
{
    g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autofree char *type = NULL;
    g_autofree char *port = NULL;
    g_autofree char *listen = NULL;
    g_autofree char *listen_type = NULL;
    g_autofree char *gl = NULL;
    g_autofree char *display = NULL;

    g_return_val_if_fail (uri != NULL && name != NULL, NULL);

    if (live_xml)
        doc = xmlReadMemory (live_xml, strlen (live_xml), "domain.xml", NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc) {
        ctx = xmlXPathNewContext (doc);
        type = xpath_string (ctx, "string(/domain/devices/graphics[1]/@type)");
        port = xpath_string (ctx, "string(/domain/devices/graphics[1]/@port)");
        listen = xpath_string (ctx, "string(/domain/devices/graphics[1]/@listen)");
        listen_type = xpath_string (ctx,
                                    "string(/domain/devices/graphics[1]/listen[1]/@type)");
        gl = xpath_string (ctx, "string(/domain/devices/graphics[1]/gl/@enable)");
    }
    if (!own_root) {
        g_strv_builder_add_many (args, "--connect", uri, "--wait", name, NULL);
        if (g_strcmp0 (listen_type, "none") == 0 || g_strcmp0 (gl, "yes") == 0)
            g_strv_builder_add (args, "--attach");
        return g_strv_builder_end (args);
    }
    if ((g_strcmp0 (type, "spice") != 0 && g_strcmp0 (type, "vnc") != 0) || port == NULL ||
        atoi (port) <= 0)
        return NULL;
    if (listen == NULL || g_str_equal (listen, "0.0.0.0") || g_str_equal (listen, "::")) {
        g_free (listen);
        listen = g_strdup ("127.0.0.1");
    }
    g_strv_builder_add_many (args, "--title", name, NULL);
    display = g_strdup_printf (strchr (listen, ':') ? "%s://[%s]:%s" : "%s://%s:%s", type,
                               listen, port);
    g_strv_builder_add (args, display);
    return g_strv_builder_end (args);
}

gboolean
vireo_install_console_spawn_viewer (const char         *viewer,
                                    const char * const *args,
                                    GPid               *pid,
                                    GError            **error)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();

    g_return_val_if_fail (viewer != NULL && args != NULL, FALSE);

    g_ptr_array_add (argv, (char *) viewer);
    for (guint i = 0; args[i]; i++)
        g_ptr_array_add (argv, (char *) args[i]);
    g_ptr_array_add (argv, NULL);
    fflush (stdout);
    return g_spawn_async (NULL, (char **) argv->pdata, NULL,
                          pid ? G_SPAWN_DO_NOT_REAP_CHILD : G_SPAWN_DEFAULT, NULL, NULL, pid,
                          error);
}

VireoInstallConsole *
vireo_install_console_open (VireoDomain *domain,
                            GSourceFunc  closed,
                            gpointer     user_data,
                            GError     **error)
{
    VireoInstallConsole *console;

    g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

    console = g_new0 (VireoInstallConsole, 1);
    console->context = g_main_context_ref_thread_default ();
    console->closed = closed;
    console->user_data = user_data;
    console->stream = vireo_console_stream_new (domain, NULL, VIREO_CONSOLE_STREAM_FLAGS_FORCE);
    g_signal_connect (console->stream, "data", G_CALLBACK (data_cb), console);
    g_signal_connect (console->stream, "closed", G_CALLBACK (closed_cb), console);
    if (!vireo_console_stream_open (console->stream, NULL, error)) {
        vireo_install_console_close (console);
        return NULL;
    }
    if (isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &console->saved) == 0) {
        struct termios raw = console->saved;
        cfmakeraw (&raw);
        console->raw = tcsetattr (STDIN_FILENO, TCSAFLUSH, &raw) == 0;
    }
    if (console->raw) {
        g_autoptr(GSource) source = g_unix_fd_source_new (STDIN_FILENO, G_IO_IN);
        g_source_set_callback (source, (GSourceFunc) (void (*) (void)) stdin_cb, console, NULL);
        console->stdin_watch = g_source_attach (source, console->context);
    }
    /* The terminal is raw now: a line ends in "\r\n", which no message holds. */
    g_print ("%s\r\n", _("Connected to the VM's console (Ctrl+] leaves it)."));
    return console;
}

void
vireo_install_console_close (VireoInstallConsole *console)
{
    if (console == NULL)
        return;
    restore_terminal (console);
    if (console->stdin_watch) {
        GSource *source = g_main_context_find_source_by_id (console->context,
                                                            console->stdin_watch);
        if (source)
            g_source_destroy (source);
    }
    if (console->stream) {
        g_signal_handlers_disconnect_by_data (console->stream, console);
        vireo_console_stream_close (console->stream);
        g_object_unref (console->stream);
    }
    g_main_context_unref (console->context);
    g_free (console);
}
