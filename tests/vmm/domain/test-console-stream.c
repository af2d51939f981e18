/* test-console-stream.c: a real guest's serial console over a libvirt stream
 *
 * One embedded root per process, so the cases run in order on one busybox
 * guest whose console (a pty) runs a shell: console devices, a shut-off
 * domain, talking to the shell (async and sync opens), a second client,
 * and QEMU killed under an open console.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <signal.h>
#include <string.h>

#include <libvirt/libvirt.h>

#include "vireo-console-stream.h"
#include "vireo-test-qemu.h"

#define OPEN_TIMEOUT_MS    60000
#define ACTION_TIMEOUT_MS  120000
#define STATE_TIMEOUT_MS   60000
#define PROMPT_TIMEOUT_MS  180000  /* TCG boots in seconds, minutes on a loaded machine */
#define REPLY_TIMEOUT_MS   30000
#define CLOSED_TIMEOUT_MS  30000

#define GUEST "vq-console"

typedef struct {
    char            *media;
    char            *root;
    VireoConnection *conn;
    VireoDomain     *guest;
} Fixture;

static Fixture fx;

/* What one stream delivered. */
typedef struct {
    GString  *text;
    guint     n_data;
    guint     n_closed;
    GError   *closed_error;
    gboolean  open_when_closed;
} Transcript;

/* ------------------------------------------------------------------------ */
/* Helpers */

static void
transcript_clear (Transcript *t)
{
    if (t->text != NULL)
        g_string_free (t->text, TRUE);
    g_clear_error (&t->closed_error);
    memset (t, 0, sizeof *t);
}

static void
data_cb (VireoConsoleStream *stream,
         GBytes             *bytes,
         Transcript         *t)
{
    gsize length = 0;
    const char *data = g_bytes_get_data (bytes, &length);

    g_assert_cmpuint (length, >, 0);
    g_string_append_len (t->text, data, (gssize) length);
    t->n_data++;
}

static void
closed_cb (VireoConsoleStream *stream,
           const GError       *error,
           Transcript         *t)
{
    t->n_closed++;
    g_clear_error (&t->closed_error);
    t->closed_error = error != NULL ? g_error_copy (error) : NULL;
    t->open_when_closed = vireo_console_stream_is_open (stream);
}

static void
watch (VireoConsoleStream *stream,
       Transcript         *t)
{
    t->text = g_string_new (NULL);
    g_signal_connect (stream, "data", G_CALLBACK (data_cb), t);
    g_signal_connect (stream, "closed", G_CALLBACK (closed_cb), t);
}

static void
run_action (VireoDomain      *domain,
            VireoDomainAction action)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    vireo_domain_run_action_async (domain, action, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS) == NULL)
        g_error ("action %d on %s did not finish within %u s", action,
                 vireo_domain_get_name (domain), ACTION_TIMEOUT_MS / 1000);
    vireo_domain_run_action_finish (domain, result, &error);
    g_assert_no_error (error);
}

static void
open_async_and_wait (VireoConsoleStream *stream,
                     GError            **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    vireo_console_stream_open_async (stream, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, OPEN_TIMEOUT_MS) == NULL)
        g_error ("opening the console did not finish within %u s", OPEN_TIMEOUT_MS / 1000);
    vireo_console_stream_open_finish (stream, result, error);
}

static void
write_text (VireoConsoleStream *stream,
            const char         *text)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_console_stream_write (stream, text, strlen (text), &error));
    g_assert_no_error (error);
}

/* Serves the main context until @needle shows in what @t received after
 * @from, or @timeout_ms passes; @poke (if any) is written every 2 s. */
static gboolean
wait_for_text (VireoConsoleStream *stream,
               Transcript         *t,
               gsize               from,
               const char         *needle,
               const char         *poke,
               guint               timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
    gint64 next_poke = 0;

    for (;;) {
        if (t->text->len > from && strstr (t->text->str + from, needle) != NULL)
            return TRUE;
        if (g_get_monotonic_time () >= deadline || t->n_closed > 0)
            return FALSE;
        if (poke != NULL && g_get_monotonic_time () >= next_poke) {
            write_text (stream, poke);
            next_poke = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
        }
        vireo_test_qemu_spin (20);
    }
}

#define assert_text_arrives(stream, t, from, needle, poke, timeout_ms)                   \
    G_STMT_START {                                                                     \
        if (!wait_for_text ((stream), (t), (from), (needle), (poke), (timeout_ms))) {  \
            g_autofree char *vtq_msg_ = g_strdup_printf (                              \
                "“%s” did not arrive within %u s; the console said: “%s”",             \
                (needle), (guint) (timeout_ms) / 1000, (t)->text->str + (from));       \
            g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC,          \
                                 vtq_msg_);                                            \
        }                                                                              \
    } G_STMT_END

static void
wait_closed (Transcript *t)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) CLOSED_TIMEOUT_MS * 1000;

    while (t->n_closed == 0 && g_get_monotonic_time () < deadline)
        vireo_test_qemu_spin (20);
}

static void
require_guest (void)
{
    if (fx.conn == NULL || fx.guest == NULL)
        g_error ("the guest from /vireo/console-stream/define is missing");
}

/* ------------------------------------------------------------------------ */
/* Cases */

static void
test_devices (void)
{
    static const struct {
        const char *devices;
        const char *expected;  /* "kind:alias:source:port:can_open:label;" each */
    } cases[] = {
        { "", "" },
        /* The <console> mirroring serial0 is listed once. */
        { "<serial type='pty'><target port='0'/><alias name='serial0'/></serial>"
          "<console type='pty'><target type='serial' port='0'/><alias name='serial0'/></console>",
          "serial:serial0:pty:0:1:Serial 1;" },
        /* Inactive XML: no aliases; the mirror is told by its target. */
        { "<serial type='pty'><target port='0'/></serial>"
          "<console type='pty'><target type='serial' port='0'/></console>",
          "serial:-:pty:0:1:Serial 1;" },
        { "<serial type='file'><source path='/tmp/x'/><target port='0'/></serial>"
          "<serial type='pty'><target port='1'/><alias name='serial1'/></serial>"
          "<console type='pty'><target type='serial' port='0'/></console>"
          "<console type='pty'><target type='virtio' port='1'/><alias name='console1'/></console>",
          "serial:-:file:0:0:Serial 1;serial:serial1:pty:1:1:Serial 2;"
          "console:console1:pty:1:1:Text Console 1;" },
        /* A virtio console alone. */
        { "<console type='unix'><source mode='bind' path='/tmp/c'/><target type='virtio'/>"
          "</console>",
          "console:-:unix:-1:1:Text Console 1;" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *xml = g_strdup_printf ("<domain type='qemu'><name>x</name>"
                                                "<devices>%s</devices></domain>",
                                                cases[i].devices);
        g_autoptr(GPtrArray) devices = NULL;
        g_autoptr(GString) seen = g_string_new (NULL);
        g_autoptr(GError) error = NULL;

        devices = vireo_console_device_list_parse (xml, &error);
        g_assert_no_error (error);
        for (guint j = 0; j < devices->len; j++) {
            const VireoConsoleDevice *device = g_ptr_array_index (devices, j);
            g_autofree char *label = vireo_console_device_dup_label (device);

            g_string_append_printf (seen, "%s:%s:%s:%d:%d:%s;",
                                    device->kind == VIREO_CONSOLE_DEVICE_SERIAL ? "serial"
                                                                                : "console",
                                    device->alias != NULL ? device->alias : "-",
                                    device->source_type, device->port, device->can_open,
                                    label);
        }
        g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, seen->str);
        g_assert_cmpstr (seen->str, ==, cases[i].expected);
    }

    /* Not a domain. */
    {
        g_autoptr(GError) error = NULL;

        g_assert_null (vireo_console_device_list_parse ("<network/>", &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        g_clear_error (&error);
        g_assert_null (vireo_console_device_list_parse ("<domain", &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    }
}

static void
test_media (void)
{
    g_autoptr(GError) error = NULL;

    fx.media = vireo_test_qemu_media_dir (&error);
    g_assert_no_error (error);
    g_assert_nonnull (fx.media);
}

static void
test_define (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *xml = NULL;

    g_assert_nonnull (fx.media);
    fx.root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (fx.root);
    uri = vireo_embed_uri_for_root (fx.root);
    fx.conn = vireo_connection_new (uri);
    vireo_connection_open_async (fx.conn, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, OPEN_TIMEOUT_MS) == NULL)
        g_error ("opening %s did not finish within %u s", uri, OPEN_TIMEOUT_MS / 1000);
    g_assert_true (vireo_connection_open_finish (fx.conn, result, &error));
    g_assert_no_error (error);

    xml = vireo_test_qemu_console_xml (GUEST, fx.media);
    fx.guest = vireo_connection_define_xml (fx.conn, xml, &error);
    g_assert_no_error (error);
    g_assert_true (VIREO_IS_DOMAIN (fx.guest));
    g_object_ref (fx.guest);
    g_assert_cmpint (vireo_domain_get_state (fx.guest), ==, VIREO_DOMAIN_STATE_SHUTOFF);
}

static void
test_shutoff (void)
{
    g_autoptr(VireoConsoleStream) stream = NULL;
    g_autoptr(GError) error = NULL;
    Transcript t = { 0 };

    require_guest ();
    stream = vireo_console_stream_new (fx.guest, NULL, VIREO_CONSOLE_STREAM_FLAGS_NONE);
    watch (stream, &t);

    /* Sync and async both say why, with libvirt's words. */
    g_assert_false (vireo_console_stream_open (stream, NULL, &error));
    g_assert_nonnull (error);
    g_test_message ("sync: %s", error->message);
    g_assert_true (error->domain == VIREO_VMM_ERROR);
    g_assert_cmpint (error->code, ==, VIREO_VMM_ERROR_INVALID_STATE);
    g_assert_nonnull (strstr (error->message, GUEST));
    g_assert_nonnull (strstr (error->message, "not running"));
    g_assert_false (vireo_console_stream_is_open (stream));
    g_clear_error (&error);

    open_async_and_wait (stream, &error);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
    g_test_message ("async: %s", error->message);
    g_assert_false (vireo_console_stream_is_open (stream));
    g_clear_error (&error);

    /* Writing to a console that is not open is refused. */
    g_assert_false (vireo_console_stream_write (stream, "x", 1, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);

    vireo_test_qemu_spin (100);
    g_assert_cmpuint (t.n_data, ==, 0);
    g_assert_cmpuint (t.n_closed, ==, 0);
    transcript_clear (&t);
}

static void
test_shell (void)
{
    g_autoptr(VireoConsoleStream) stream = NULL;
    g_autoptr(VireoConsoleStream) again = NULL;
    g_autoptr(GPtrArray) devices = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    const VireoConsoleDevice *serial;
    Transcript t = { 0 };
    Transcript t2 = { 0 };
    gsize from;
    gint64 start;

    require_guest ();
    run_action (fx.guest, VIREO_DOMAIN_ACTION_START);
    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);

    /* The running guest's console device, by its alias. */
    xml = vireo_domain_dup_xml (fx.guest, 0, NULL, &error);
    g_assert_no_error (error);
    devices = vireo_console_device_list_parse (xml, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (devices->len, ==, 1);
    serial = g_ptr_array_index (devices, 0);
    g_assert_cmpint (serial->kind, ==, VIREO_CONSOLE_DEVICE_SERIAL);
    g_assert_cmpstr (serial->alias, ==, "serial0");
    g_assert_true (serial->can_open);

    stream = vireo_console_stream_new (fx.guest, serial->alias,
                                       VIREO_CONSOLE_STREAM_FLAGS_NONE);
    watch (stream, &t);
    start = g_get_monotonic_time ();
    open_async_and_wait (stream, &error);
    g_assert_no_error (error);
    g_assert_true (vireo_console_stream_is_open (stream));
    g_test_message ("console open after %.1f s", (g_get_monotonic_time () - start) / 1e6);

    /* Opening twice is refused. */
    g_assert_false (vireo_console_stream_open (stream, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
    g_clear_error (&error);

    /* A prompt (busybox's shell ends it with "# ") once the guest is up. */
    assert_text_arrives (stream, &t, 0, "# ", "\r", PROMPT_TIMEOUT_MS);
    g_test_message ("prompt after %.1f s; %u chunks so far",
                    (g_get_monotonic_time () - start) / 1e6, t.n_data);
    from = t.text->len;
    write_text (stream, "echo vireo-$((6*7))\n");
    assert_text_arrives (stream, &t, from, "vireo-42", NULL, REPLY_TIMEOUT_MS);
    /* The shell echoed the command as typed: the answer is the guest's. */
    g_assert_nonnull (strstr (t.text->str + from, "vireo-$((6*7))"));

    /* A second client is refused while the first holds the console... */
    again = vireo_console_stream_new (fx.guest, NULL, VIREO_CONSOLE_STREAM_FLAGS_NONE);
    watch (again, &t2);
    g_assert_false (vireo_console_stream_open (again, NULL, &error));
    g_assert_nonnull (error);
    g_test_message ("second client: %s", error->message);
    g_clear_error (&error);
    g_clear_object (&again);
    transcript_clear (&t2);

    /* ...unless it forces its way in; the first one is then closed. */
    again = vireo_console_stream_new (fx.guest, NULL, VIREO_CONSOLE_STREAM_FLAGS_FORCE);
    watch (again, &t2);
    g_assert_true (vireo_console_stream_open (again, NULL, &error));
    g_assert_no_error (error);
    wait_closed (&t);
    g_assert_cmpuint (t.n_closed, ==, 1);
    g_assert_nonnull (t.closed_error);
    g_test_message ("the first client: %s", t.closed_error->message);
    g_assert_false (t.open_when_closed);
    g_assert_false (vireo_console_stream_is_open (stream));
    g_assert_false (vireo_console_stream_write (stream, "x", 1, &error));
    g_clear_error (&error);

    /* The sync open works the same. */
    write_text (again, "echo vireo-sync-$((2+3))\n");
    assert_text_arrives (again, &t2, 0, "vireo-sync-5", NULL, REPLY_TIMEOUT_MS);

    /* Closed by its owner: no ::closed, and it can be opened again. */
    vireo_console_stream_close (again);
    g_assert_false (vireo_console_stream_is_open (again));
    vireo_test_qemu_spin (200);
    g_assert_cmpuint (t2.n_closed, ==, 0);
    g_clear_object (&again);
    transcript_clear (&t2);

    g_clear_object (&stream);
    transcript_clear (&t);
    stream = vireo_console_stream_new (fx.guest, NULL, VIREO_CONSOLE_STREAM_FLAGS_NONE);
    watch (stream, &t);
    /* At once: the open waits for the abort of the one closed just now. */
    g_assert_true (vireo_console_stream_open (stream, NULL, &error));
    g_assert_no_error (error);
    write_text (stream, "echo vireo-again-$((3*3))\n");
    assert_text_arrives (stream, &t, 0, "vireo-again-9", NULL, REPLY_TIMEOUT_MS);
    g_assert_cmpuint (t.n_closed, ==, 0);
    vireo_console_stream_close (stream);
    transcript_clear (&t);
}

static void
test_kill (void)
{
    g_autoptr(VireoConsoleStream) stream = NULL;
    g_autoptr(GError) error = NULL;
    Transcript t = { 0 };
    pid_t pid;

    require_guest ();
    if (!vireo_domain_is_active (fx.guest)) {
        run_action (fx.guest, VIREO_DOMAIN_ACTION_START);
        vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    }
    stream = vireo_console_stream_new (fx.guest, NULL, VIREO_CONSOLE_STREAM_FLAGS_FORCE);
    watch (stream, &t);
    open_async_and_wait (stream, &error);
    g_assert_no_error (error);
    assert_text_arrives (stream, &t, 0, "# ", "\r", PROMPT_TIMEOUT_MS);

    pid = vireo_test_qemu_read_pid (fx.root, GUEST);
    g_assert_cmpint (pid, >, 1);
    g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

    wait_closed (&t);
    g_assert_cmpuint (t.n_closed, ==, 1);
    g_assert_nonnull (t.closed_error);
    g_assert_true (t.closed_error->domain == VIREO_VMM_ERROR);
    g_assert_nonnull (strstr (t.closed_error->message, GUEST));
    g_test_message ("after kill -9 of QEMU %d: %s", (int) pid, t.closed_error->message);
    g_assert_false (vireo_console_stream_is_open (stream));
    g_assert_false (vireo_console_stream_write (stream, "x", 1, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);

    vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    vireo_test_qemu_spin (200);
    g_assert_cmpuint (t.n_closed, ==, 1);
    transcript_clear (&t);
}

static void
test_cleanup (void)
{
    require_guest ();
    if (vireo_domain_is_active (fx.guest)) {
        run_action (fx.guest, VIREO_DOMAIN_ACTION_FORCE_OFF);
        vireo_test_qemu_assert_state (fx.guest, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    }
    g_clear_object (&fx.guest);
    vireo_connection_close (fx.conn);
    g_clear_object (&fx.conn);
    vireo_test_qemu_cleanup_root (fx.root);
    g_assert_false (g_file_test (fx.root, G_FILE_TEST_EXISTS));
    g_clear_pointer (&fx.root, g_free);
}

int
main (int   argc,
      char *argv[])
{
    int status;

    g_test_init (&argc, &argv, NULL);
    /* Labels are checked in English. */
    g_setenv ("LANGUAGE", "C", TRUE);

    g_test_add_func ("/vireo/console-stream/devices", test_devices);
    /* In order: each case builds on the ones before. */
    g_test_add_func ("/vireo/console-stream/media", test_media);
    g_test_add_func ("/vireo/console-stream/define", test_define);
    g_test_add_func ("/vireo/console-stream/shutoff", test_shutoff);
    g_test_add_func ("/vireo/console-stream/shell", test_shell);
    g_test_add_func ("/vireo/console-stream/kill", test_kill);
    g_test_add_func ("/vireo/console-stream/cleanup", test_cleanup);
    status = g_test_run ();

    /* A case that failed without aborting leaves the root behind. */
    if (fx.root != NULL)
        vireo_test_qemu_cleanup_root (fx.root);
    g_clear_object (&fx.guest);
    g_clear_object (&fx.conn);
    g_free (fx.media);
    return status;
}
