/* vireo-test-display.c: fixtures of the console tests
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vireo-test-display.h"

/* ------------------------------------------------------------------------ */
/* Logs */

static GMutex log_lock;
static GString *log_text;
static GLogLevelFlags fatal_levels;
static GStrv fatal_domains;

/* spice-gtk's report of a channel whose socket closed during its link
 * handshake: a warning while the header is read, a critical between the
 * reply's header and its body. */
static gboolean
is_spice_link_cut (const char *domain,
                   const char *message)
{
    return g_strcmp0 (domain, "GSpice") == 0 && message != NULL &&
           (strstr (message, "incomplete link header") != NULL ||
            strstr (message, "incomplete link reply") != NULL);
}

static gboolean
is_fatal (GLogLevelFlags   level,
          const GLogField *fields,
          gsize            n_fields)
{
    const char *domain = NULL;
    const char *message = NULL;

    if (!(level & fatal_levels))
        return FALSE;
    for (gsize i = 0; i < n_fields; i++) {
        if (fields[i].length >= 0)
            continue;
        if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
            domain = fields[i].value;
        else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
            message = fields[i].value;
    }
    if (fatal_domains != NULL &&
        !g_strv_contains ((const char * const *) fatal_domains, domain ? domain : ""))
        return FALSE;
    return !is_spice_link_cut (domain, message);
}

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
    g_mutex_lock (&log_lock);
    for (gsize i = 0; i < n_fields; i++) {
        if (fields[i].length < 0) {
            g_string_append (log_text, fields[i].value);
            g_string_append_c (log_text, ' ');
        } else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0) {
            g_string_append_len (log_text, fields[i].value, fields[i].length);
        }
    }
    g_string_append_c (log_text, '\n');
    g_mutex_unlock (&log_lock);

    if (is_fatal (level, fields, n_fields)) {
        g_log_writer_default (level, fields, n_fields, user_data);
        g_printerr ("That message is fatal in this test.\n");
        abort ();
    }
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
        return g_log_writer_default (level, fields, n_fields, user_data);
    return G_LOG_WRITER_HANDLED;
}

void
vireo_test_log_capture (void)
{
    g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
    log_text = g_string_new (NULL);
    g_log_set_writer_func (capture_writer, NULL, NULL);
}

void
vireo_test_log_set_fatal (GLogLevelFlags      levels,
                          const char * const *domains)
{
    g_clear_pointer (&fatal_domains, g_strfreev);
    fatal_domains = g_strdupv ((char **) domains);
    fatal_levels = levels;
}

gboolean
vireo_test_log_contains (const char *needle)
{
    gboolean found;

    g_mutex_lock (&log_lock);
    found = log_text != NULL && strstr (log_text->str, needle) != NULL;
    g_mutex_unlock (&log_lock);
    return found;
}

gsize
vireo_test_log_length (void)
{
    gsize len;

    g_mutex_lock (&log_lock);
    len = log_text != NULL ? log_text->len : 0;
    g_mutex_unlock (&log_lock);
    return len;
}

/* ------------------------------------------------------------------------ */
/* Main loop and screens */

void
vireo_test_spin (guint ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

    while (g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (2000);
    }
}

guint
vireo_test_count_non_black (GdkPixbuf *pixbuf)
{
    int width = gdk_pixbuf_get_width (pixbuf);
    int height = gdk_pixbuf_get_height (pixbuf);
    int stride = gdk_pixbuf_get_rowstride (pixbuf);
    int channels = gdk_pixbuf_get_n_channels (pixbuf);
    const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
    guint n = 0;

    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            const guchar *p = pixels + y * stride + x * channels;

            n += (p[0] | p[1] | p[2]) != 0;
        }
    }
    return n;
}

gboolean
vireo_test_pixbufs_differ (GdkPixbuf *a,
                           GdkPixbuf *b)
{
    int height = gdk_pixbuf_get_height (a);
    int row = gdk_pixbuf_get_width (a) * gdk_pixbuf_get_n_channels (a);

    if (gdk_pixbuf_get_width (a) != gdk_pixbuf_get_width (b) ||
        height != gdk_pixbuf_get_height (b) ||
        gdk_pixbuf_get_n_channels (a) != gdk_pixbuf_get_n_channels (b))
        return TRUE;
    for (int y = 0; y < height; y++) {
        if (memcmp (gdk_pixbuf_read_pixels (a) + y * gdk_pixbuf_get_rowstride (a),
                    gdk_pixbuf_read_pixels (b) + y * gdk_pixbuf_get_rowstride (b), row) != 0)
            return TRUE;
    }
    return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Ports */

static gboolean
port_is_free (guint port)
{
    struct sockaddr_in addr = { 0 };
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    int one = 1;
    gboolean ok;

    g_assert_cmpint (fd, >=, 0);
    setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    addr.sin_family = AF_INET;
    addr.sin_port = htons (port);
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    ok = bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
    close (fd);
    return ok;
}

guint
vireo_test_pick_port (guint from,
                      guint to)
{
    static guint taken[64];
    static guint n_taken;
    guint span = to - from;
    guint start = (guint) g_random_int_range (0, (gint32) span);

    for (guint i = 0; i < span; i++) {
        guint port = from + (start + i) % span;
        gboolean used = FALSE;

        for (guint j = 0; j < n_taken; j++)
            used |= taken[j] == port;
        if (!used && port_is_free (port)) {
            if (n_taken < G_N_ELEMENTS (taken))
                taken[n_taken++] = port;
            return port;
        }
    }
    g_error ("No free TCP port between %u and %u", from, to);
    return 0;
}

gboolean
vireo_test_port_accepts (guint port)
{
    struct sockaddr_in addr = { 0 };
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    gboolean ok;

    addr.sin_family = AF_INET;
    addr.sin_port = htons (port);
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
    close (fd);
    return ok;
}

/* ------------------------------------------------------------------------ */
/* QEMU guests */

/* A helper process dies with the test, even when an assertion ends it. */
static void
die_with_parent (gpointer user_data)
{
    prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
read_log (const char *path)
{
    char *text = NULL;

    if (!g_file_get_contents (path, &text, NULL, NULL))
        return g_strdup ("");
    return text;
}

/* Starts QEMU for @guest on its ports, as its fields say. */
static void
guest_launch (VireoTestGuest *guest)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *secret = NULL;
    g_autofree char *ticketing = NULL;
    gint64 deadline;

    g_unlink (guest->qmp_path);
#define ARG(s) g_ptr_array_add (argv, g_strdup (s))
#define ARGF(...) g_ptr_array_add (argv, g_strdup_printf (__VA_ARGS__))
    ARG ("qemu-system-x86_64");
    ARG ("-machine"); ARG ("pc");
    ARG ("-accel"); ARG ("tcg");
    ARG ("-m"); ARG ("64");
    ARG ("-nodefaults");
    ARG ("-display"); ARG ("none");
    ARG ("-cdrom"); ARG (VIREO_TEST_GRUB_ISO);
    ARG ("-device"); ARG ("qxl-vga");
    ARG ("-qmp"); ARGF ("unix:%s,server=on,wait=off", guest->qmp_path);
    if (guest->password != NULL) {
        /* The secret goes to QEMU through a file, not its command line. */
        secret = g_build_filename (guest->dir, "secret", NULL);
        g_assert_true (g_file_set_contents (secret, guest->password, -1, NULL));
        ARG ("-object"); ARGF ("secret,id=s0,file=%s", secret);
        ARG ("-vnc"); ARGF ("127.0.0.1:%u,password-secret=s0", guest->vnc_port - 5900);
        ticketing = g_strdup ("password-secret=s0");
    } else {
        ARG ("-vnc"); ARGF ("127.0.0.1:%u", guest->vnc_port - 5900);
        ticketing = g_strdup ("disable-ticketing=on");
    }
    if (guest->x509_dir != NULL) {
        ARG ("-spice"); ARGF ("tls-port=%u,addr=127.0.0.1,x509-dir=%s,%s", guest->spice_port,
                              guest->x509_dir, ticketing);
    } else {
        ARG ("-spice"); ARGF ("port=%u,addr=127.0.0.1,%s", guest->spice_port, ticketing);
    }
    ARG ("-device"); ARG ("virtio-serial");
    ARG ("-chardev"); ARG ("spicevmc,id=vdagent,name=vdagent");
    ARG ("-device"); ARG ("virtserialport,chardev=vdagent,name=com.redhat.spice.0");
    ARG ("-chardev"); ARG ("spiceport,id=webdav0,name=org.spice-space.webdav.0");
    ARG ("-device"); ARG ("virtserialport,chardev=webdav0,name=org.spice-space.webdav.0");
    ARG ("-device"); ARG ("qemu-xhci");
    ARG ("-chardev"); ARG ("spicevmc,name=usbredir,id=usbredirchardev1");
    ARG ("-device"); ARG ("usb-redir,chardev=usbredirchardev1,id=usbredirdev1");
    ARG ("-chardev"); ARG ("spicevmc,name=usbredir,id=usbredirchardev2");
    ARG ("-device"); ARG ("usb-redir,chardev=usbredirchardev2,id=usbredirdev2");
    ARG ("-audiodev"); ARG ("spice,id=snd0");
    ARG ("-device"); ARG ("ich9-intel-hda");
    ARG ("-device"); ARG ("hda-duplex,audiodev=snd0");
    g_ptr_array_add (argv, NULL);
#undef ARG
#undef ARGF

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    g_subprocess_launcher_set_stdout_file_path (launcher, guest->log_path);
    g_subprocess_launcher_set_stderr_file_path (launcher, guest->log_path);
    guest->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                   &error);
    g_assert_no_error (error);
    /* QEMU listens within a second on an idle machine; give a loaded one time. */
    deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
    while (!(vireo_test_port_accepts (guest->vnc_port) &&
             vireo_test_port_accepts (guest->spice_port))) {
        if (g_get_monotonic_time () > deadline ||
            g_subprocess_get_identifier (guest->process) == NULL) {
            g_autofree char *log = read_log (guest->log_path);

            g_error ("QEMU did not start listening: %s", log);
        }
        g_usleep (50 * 1000);
    }
}

static VireoTestGuest *
guest_new (const char *password,
           const char *x509_dir)
{
    VireoTestGuest *guest = g_new0 (VireoTestGuest, 1);
    g_autoptr(GError) error = NULL;

    guest->dir = g_dir_make_tmp ("vireo-guest-XXXXXX", &error);
    g_assert_no_error (error);
    guest->log_path = g_build_filename (guest->dir, "qemu.log", NULL);
    guest->qmp_path = g_build_filename (guest->dir, "qmp.sock", NULL);
    guest->password = g_strdup (password);
    guest->x509_dir = g_strdup (x509_dir);
    /* QEMU takes a VNC display number: ports 5900 + N. */
    guest->vnc_port = vireo_test_pick_port (5950, 6900);
    guest->spice_port = vireo_test_pick_port (30000, 40000);
    guest_launch (guest);
    return guest;
}

VireoTestGuest *
vireo_test_guest_start (const char *password)
{
    return guest_new (password, NULL);
}

VireoTestGuest *
vireo_test_guest_start_tls (const char *x509_dir)
{
    g_return_val_if_fail (x509_dir != NULL, NULL);
    return guest_new (NULL, x509_dir);
}

void
vireo_test_guest_kill (VireoTestGuest *guest)
{
    g_return_if_fail (guest != NULL && guest->process != NULL);
    /* Exactly this QEMU process, by its pid. */
    g_subprocess_send_signal (guest->process, SIGKILL);
    g_subprocess_wait (guest->process, NULL, NULL);
    g_clear_object (&guest->process);
}

void
vireo_test_guest_restart (VireoTestGuest *guest)
{
    g_return_if_fail (guest != NULL && guest->process == NULL);
    guest_launch (guest);
}

void
vireo_test_guest_stop (VireoTestGuest *guest)
{
    if (guest == NULL)
        return;
    /* Ends exactly the QEMU process this test started, by its pid. */
    if (guest->process != NULL) {
        g_subprocess_force_exit (guest->process);
        g_subprocess_wait (guest->process, NULL, NULL);
        g_object_unref (guest->process);
    }
    vireo_test_rmtree (guest->dir);
    g_free (guest->dir);
    g_free (guest->log_path);
    g_free (guest->qmp_path);
    g_free (guest->password);
    g_free (guest->x509_dir);
    g_free (guest);
}

/* One QMP reply: the next line that is not an event. */
static JsonObject *
qmp_read (GDataInputStream *in,
          GError          **error)
{
    while (TRUE) {
        g_autofree char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, error);
        g_autoptr(JsonParser) parser = NULL;
        JsonNode *root;

        if (line == NULL) {
            if (error != NULL && *error == NULL)
                g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                                     "QMP closed the connection");
            return NULL;
        }
        parser = json_parser_new ();
        if (!json_parser_load_from_data (parser, line, -1, error))
            return NULL;
        root = json_parser_get_root (parser);
        if (!JSON_NODE_HOLDS_OBJECT (root) || json_object_has_member (json_node_get_object (root),
                                                                      "event"))
            continue;
        return json_object_ref (json_node_get_object (root));
    }
}

static gboolean
qmp_write (GOutputStream *out,
           const char    *text,
           GError       **error)
{
    return g_output_stream_write_all (out, text, strlen (text), NULL, NULL, error) &&
           g_output_stream_write_all (out, "\n", 1, NULL, NULL, error);
}

char *
vireo_test_guest_hmp (VireoTestGuest *guest,
                      const char     *command,
                      GError        **error)
{
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketAddress) address = g_unix_socket_address_new (guest->qmp_path);
    g_autoptr(GSocketConnection) connection = NULL;
    g_autoptr(GDataInputStream) in = NULL;
    g_autoptr(JsonObject) greeting = NULL;
    g_autoptr(JsonObject) caps = NULL;
    g_autoptr(JsonObject) reply = NULL;
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autoptr(JsonNode) request = NULL;
    g_autofree char *request_text = NULL;
    GOutputStream *out;

    g_socket_client_set_timeout (client, 30);
    connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, error);
    if (connection == NULL)
        return NULL;
    in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
    out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
    if ((greeting = qmp_read (in, error)) == NULL ||
        !qmp_write (out, "{\"execute\":\"qmp_capabilities\"}", error) ||
        (caps = qmp_read (in, error)) == NULL)
        return NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "execute");
    json_builder_add_string_value (builder, "human-monitor-command");
    json_builder_set_member_name (builder, "arguments");
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "command-line");
    json_builder_add_string_value (builder, command);
    json_builder_end_object (builder);
    json_builder_end_object (builder);
    request = json_builder_get_root (builder);
    json_generator_set_root (generator, request);
    request_text = json_generator_to_data (generator, NULL);
    if (!qmp_write (out, request_text, error) || (reply = qmp_read (in, error)) == NULL)
        return NULL;
    if (!json_object_has_member (reply, "return")) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "QMP refused “%s”", command);
        return NULL;
    }
    return g_strdup (json_object_get_string_member (reply, "return"));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
    return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
vireo_test_guest_spice_channels (VireoTestGuest *guest,
                                 GError        **error)
{
    g_autofree char *info = vireo_test_guest_hmp (guest, "info spice", error);
    g_autoptr(GPtrArray) types = NULL;
    g_auto(GStrv) lines = NULL;

    if (info == NULL)
        return NULL;
    types = g_ptr_array_new_with_free_func (g_free);
    lines = g_strsplit (info, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        const char *line = g_strstrip (lines[i]);

        /* QEMU prints "channel name: display" for each connected channel. */
        if (g_str_has_prefix (line, "channel name: "))
            g_ptr_array_add (types, g_strdup (line + strlen ("channel name: ")));
    }
    g_ptr_array_sort (types, compare_strings);
    g_ptr_array_add (types, NULL);
    return (GStrv) g_ptr_array_steal (types, NULL);
}

/* ------------------------------------------------------------------------ */
/* sshd */

static gboolean
run_quietly (const char * const *argv,
             GError            **error)
{
    g_autofree char *out = NULL;
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                       &status, error))
        return FALSE;
    return g_spawn_check_wait_status (status, error);
}

VireoTestSshd *
vireo_test_sshd_start (GError **error)
{
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *host_key = NULL;
    g_autofree char *client_key = NULL;
    g_autofree char *client_pub = NULL;
    g_autofree char *pub = NULL;
    g_autofree char *config_path = NULL;
    g_autofree char *config = NULL;
    g_autofree char *wrapper = NULL;
    VireoTestSshd *sshd;
    gint64 deadline;

    if (!g_file_test ("/usr/sbin/sshd", G_FILE_TEST_IS_EXECUTABLE) ||
        g_find_program_in_path ("ssh") == NULL) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "sshd or ssh is missing: install openssh-server and "
                             "openssh-client (tools/deps.txt)");
        return NULL;
    }
    /* sshd's privilege separation directory. */
    if (g_mkdir_with_parents ("/run/sshd", 0755) != 0) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not make /run/sshd: %s",
                     g_strerror (errno));
        return NULL;
    }
    dir = g_dir_make_tmp ("vireo-sshd-XXXXXX", error);
    if (dir == NULL)
        return NULL;
    host_key = g_build_filename (dir, "host_key", NULL);
    client_key = g_build_filename (dir, "client_key", NULL);
    client_pub = g_strconcat (client_key, ".pub", NULL);
    {
        const char *host_argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                                    host_key, NULL };
        const char *client_argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                                      client_key, NULL };

        if (!run_quietly (host_argv, error) || !run_quietly (client_argv, error) ||
            !g_file_get_contents (client_pub, &pub, NULL, error))
            goto fail;
    }
    {
        g_autofree char *authorized = g_build_filename (dir, "authorized_keys", NULL);

        if (!g_file_set_contents (authorized, pub, -1, error))
            goto fail;
    }

    sshd = g_new0 (VireoTestSshd, 1);
    sshd->dir = g_steal_pointer (&dir);
    sshd->port = vireo_test_pick_port (22200, 22900);
    sshd->log_path = g_build_filename (sshd->dir, "sshd.log", NULL);
    sshd->ssh_wrapper = g_build_filename (sshd->dir, "ssh", NULL);
    sshd->ssh_args_log = g_build_filename (sshd->dir, "ssh-args.log", NULL);
    config_path = g_build_filename (sshd->dir, "sshd_config", NULL);
    config = g_strdup_printf ("ListenAddress 127.0.0.1\n"
                              "Port %u\n"
                              "HostKey %s\n"
                              "AuthorizedKeysFile %s/authorized_keys\n"
                              "PidFile %s/sshd.pid\n"
                              "StrictModes no\n"
                              "UsePAM no\n"
                              "PermitRootLogin prohibit-password\n"
                              "PasswordAuthentication no\n"
                              "KbdInteractiveAuthentication no\n"
                              "AllowTcpForwarding yes\n"
                              "LogLevel VERBOSE\n",
                              sshd->port, host_key, sshd->dir, sshd->dir);
    wrapper = g_strdup_printf ("#!/bin/sh\n"
                               "printf '%%s\\n' \"$*\" >> '%s'\n"
                               "exec ssh -F /dev/null -i '%s' -o IdentitiesOnly=yes "
                               "-o UserKnownHostsFile='%s/known_hosts' "
                               "-o StrictHostKeyChecking=accept-new -o BatchMode=yes "
                               "-o LogLevel=ERROR \"$@\"\n",
                               sshd->ssh_args_log, client_key, sshd->dir);
    if (!g_file_set_contents (config_path, config, -1, error) ||
        !g_file_set_contents (sshd->ssh_wrapper, wrapper, -1, error) ||
        g_chmod (sshd->ssh_wrapper, 0755) != 0) {
        vireo_test_sshd_stop (sshd);
        return NULL;
    }

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    g_subprocess_launcher_set_stdout_file_path (launcher, sshd->log_path);
    g_subprocess_launcher_set_stderr_file_path (launcher, sshd->log_path);
    sshd->process = g_subprocess_launcher_spawn (launcher, error, "/usr/sbin/sshd", "-D", "-e",
                                                 "-f", config_path, NULL);
    if (sshd->process == NULL) {
        vireo_test_sshd_stop (sshd);
        return NULL;
    }
    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (!vireo_test_port_accepts (sshd->port)) {
        if (g_get_monotonic_time () > deadline ||
            g_subprocess_get_identifier (sshd->process) == NULL) {
            g_autofree char *log = read_log (sshd->log_path);

            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sshd did not start: %s", log);
            vireo_test_sshd_stop (sshd);
            return NULL;
        }
        g_usleep (50 * 1000);
    }
    return sshd;

fail:
    vireo_test_rmtree (dir);
    return NULL;
}

void
vireo_test_sshd_stop (VireoTestSshd *sshd)
{
    if (sshd == NULL)
        return;
    /* Ends exactly the sshd this test started, by its pid; the sessions it
     * forked end with their clients. */
    if (sshd->process != NULL) {
        g_subprocess_send_signal (sshd->process, SIGTERM);
        g_subprocess_wait (sshd->process, NULL, NULL);
        g_object_unref (sshd->process);
    }
    vireo_test_rmtree (sshd->dir);
    g_free (sshd->dir);
    g_free (sshd->log_path);
    g_free (sshd->ssh_wrapper);
    g_free (sshd->ssh_args_log);
    g_free (sshd);
}

/* ------------------------------------------------------------------------ */
/* Session bus */

static const char bus_config[] =
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <listen>unix:dir=%s</listen>\n"
    "  <auth>EXTERNAL</auth>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "    <allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n";

VireoTestBus *
vireo_test_bus_start (GError **error)
{
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autofree char *config_path = NULL;
    g_autofree char *config = NULL;
    VireoTestBus *bus = g_new0 (VireoTestBus, 1);

    bus->dir = g_dir_make_tmp ("vireo-bus-XXXXXX", error);
    if (bus->dir == NULL) {
        g_free (bus);
        return NULL;
    }
    config_path = g_build_filename (bus->dir, "session.conf", NULL);
    config = g_strdup_printf (bus_config, bus->dir);
    if (!g_file_set_contents (config_path, config, -1, error)) {
        vireo_test_bus_stop (bus);
        return NULL;
    }
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    bus->process = g_subprocess_launcher_spawn (launcher, error, "dbus-daemon", "--nofork",
                                                "--print-address=1", "--config-file",
                                                config_path, NULL);
    if (bus->process == NULL) {
        vireo_test_bus_stop (bus);
        return NULL;
    }
    out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus->process));
    bus->address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
    if (bus->address == NULL || *bus->address == '\0') {
        if (error != NULL && *error == NULL)
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 "dbus-daemon did not print its address");
        vireo_test_bus_stop (bus);
        return NULL;
    }
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus->address, TRUE);
    return bus;
}

void
vireo_test_bus_stop (VireoTestBus *bus)
{
    if (bus == NULL)
        return;
    if (bus->process != NULL) {
        g_subprocess_send_signal (bus->process, SIGTERM);
        g_subprocess_wait (bus->process, NULL, NULL);
        g_object_unref (bus->process);
    }
    vireo_test_rmtree (bus->dir);
    g_free (bus->dir);
    g_free (bus->address);
    g_free (bus);
}

/* ------------------------------------------------------------------------ */
/* Secret service */

static guint32
secrets_owner_pid (GDBusConnection *bus)
{
    g_autoptr(GVariant) reply = NULL;
    guint32 pid = 0;

    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus",
                                         "GetConnectionUnixProcessID",
                                         g_variant_new ("(s)", "org.freedesktop.secrets"),
                                         G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                                         NULL, NULL);
    if (reply != NULL)
        g_variant_get (reply, "(u)", &pid);
    return pid;
}

VireoTestKeyring *
vireo_test_keyring_start (GError **error)
{
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GDBusConnection) bus = NULL;
    g_autofree char *runtime = NULL;
    g_autofree char *data = NULL;
    VireoTestKeyring *keyring;
    GOutputStream *in;
    guint32 other;
    gint64 deadline;
    pid_t pid;

    if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             "No session bus: run the test in dbus-run-session");
        return NULL;
    }
    bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
    if (bus == NULL)
        return NULL;
    other = secrets_owner_pid (bus);
    if (other != 0) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     "A secret service (pid %u) already runs on this session bus", other);
        return NULL;
    }

    keyring = g_new0 (VireoTestKeyring, 1);
    keyring->dir = g_dir_make_tmp ("vireo-keyring-XXXXXX", error);
    if (keyring->dir == NULL) {
        g_free (keyring);
        return NULL;
    }
    runtime = g_build_filename (keyring->dir, "run", NULL);
    data = g_build_filename (keyring->dir, "data", NULL);
    keyring->keyring_dir = g_build_filename (data, "keyrings", NULL);
    g_mkdir_with_parents (runtime, 0700);
    g_mkdir_with_parents (data, 0700);

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                          G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
    /* --unlock creates the login keyring (the default collection) with the
     * password read from stdin, and unlocks it. */
    keyring->process = g_subprocess_launcher_spawn (launcher, error, "gnome-keyring-daemon",
                                                    "--foreground", "--components=secrets",
                                                    "--unlock", NULL);
    if (keyring->process == NULL) {
        vireo_test_keyring_stop (keyring);
        return NULL;
    }
    in = g_subprocess_get_stdin_pipe (keyring->process);
    if (!g_output_stream_write_all (in, "keyring-of-the-test", 19, NULL, NULL, error) ||
        !g_output_stream_close (in, NULL, error)) {
        vireo_test_keyring_stop (keyring);
        return NULL;
    }
    pid = (pid_t) g_ascii_strtoll (g_subprocess_get_identifier (keyring->process), NULL, 10);
    deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while ((other = secrets_owner_pid (bus)) != (guint32) pid) {
        if (other != 0 || g_get_monotonic_time () > deadline ||
            g_subprocess_get_identifier (keyring->process) == NULL) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "gnome-keyring-daemon (pid %d) did not take the secret service "
                         "name (its owner is pid %u)", (int) pid, other);
            vireo_test_keyring_stop (keyring);
            return NULL;
        }
        g_usleep (50 * 1000);
    }
    return keyring;
}

void
vireo_test_keyring_stop (VireoTestKeyring *keyring)
{
    if (keyring == NULL)
        return;
    if (keyring->process != NULL) {
        g_subprocess_send_signal (keyring->process, SIGTERM);
        g_subprocess_wait (keyring->process, NULL, NULL);
        g_object_unref (keyring->process);
    }
    vireo_test_rmtree (keyring->dir);
    g_free (keyring->dir);
    g_free (keyring->keyring_dir);
    g_free (keyring);
}
