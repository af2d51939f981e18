/* test-connection.c: VireoConnection against libvirt's test driver
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <libvirt/libvirt.h>

#include "vireo-vmm.h"
#include "vireo-connection-private.h"
#include "vireo-test-util.h"

#define TIMEOUT_MS 10000

typedef struct {
    char            *dir;
    char            *node_path;
    char            *uri;
    VireoConnection *conn;
    guint            n_added;
    guint            n_removed;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
    g_autoptr(GError) error = NULL;
    guint n_domains = GPOINTER_TO_UINT (data);

    fx->dir = vireo_test_mkdtemp ("vireo-test-connection-XXXXXX");
    fx->node_path = g_build_filename (fx->dir, "node.xml", NULL);
    vireo_test_write_node_xml (fx->node_path, n_domains, &error);
    g_assert_no_error (error);
    fx->uri = g_strconcat ("test://", fx->node_path, NULL);
}

/* For tests whose data is not a domain count. */
static void
fixture_set_up_dir (Fixture       *fx,
                    gconstpointer  data)
{
    fixture_set_up (fx, GUINT_TO_POINTER (0));
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
    if (fx->conn != NULL)
        vireo_connection_close (fx->conn);
    g_clear_object (&fx->conn);
    vireo_test_rmtree (fx->dir);
    g_free (fx->dir);
    g_free (fx->node_path);
    g_free (fx->uri);
}

static void
count_added_cb (VireoConnection *conn,
                VireoDomain     *domain,
                Fixture         *fx)
{
    g_assert_true (VIREO_IS_DOMAIN (domain));
    fx->n_added++;
}

static void
count_removed_cb (VireoConnection *conn,
                  VireoDomain     *domain,
                  Fixture         *fx)
{
    g_assert_true (VIREO_IS_DOMAIN (domain));
    fx->n_removed++;
}

static gboolean
open_and_wait (VireoConnection *conn,
               GError         **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    vireo_connection_open_async (conn, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    return vireo_connection_open_finish (conn, result, error);
}

static void
open_fixture (Fixture *fx)
{
    g_autoptr(GError) error = NULL;

    fx->conn = vireo_connection_new (fx->uri);
    g_signal_connect (fx->conn, "domain-added", G_CALLBACK (count_added_cb), fx);
    g_signal_connect (fx->conn, "domain-removed", G_CALLBACK (count_removed_cb), fx);
    g_assert_true (open_and_wait (fx->conn, &error));
    g_assert_no_error (error);
    g_assert_cmpint (vireo_connection_get_state (fx->conn), ==, VIREO_CONNECTION_STATE_ACTIVE);
}

static gboolean
wait_count (const guint *count,
            guint        target,
            guint        timeout_ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

    while (*count < target && g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
    return *count >= target;
}

/* Runs the default context for @ms milliseconds. */
static void
spin (guint ms)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

    while (g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
}

/* ------------------------------------------------------------------------ */
/* Opening */

static void
test_open_default (void)
{
    g_autoptr(VireoConnection) conn = vireo_connection_new ("test:///default");
    g_autoptr(GPtrArray) domains = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *display = NULL;
    VireoDomain *test;

    g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
    g_assert_false (vireo_connection_is_embedded (conn));
    g_assert_true (open_and_wait (conn, &error));
    g_assert_no_error (error);
    g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_ACTIVE);
    g_assert_null (vireo_connection_get_error_message (conn));
    g_assert_nonnull (vireo_connection_get_handle (conn));

    domains = vireo_connection_list_domains (conn);
    g_assert_cmpuint (domains->len, ==, 1);
    test = vireo_connection_find_domain (conn, "test");
    g_assert_nonnull (test);
    g_assert_true (g_ptr_array_index (domains, 0) == test);
    g_assert_cmpint (vireo_domain_get_state (test), ==, VIREO_DOMAIN_STATE_RUNNING);
    g_assert_cmpint (vireo_domain_get_id (test), ==, 1);
    g_assert_true (vireo_domain_get_persistent (test));
    g_assert_true (vireo_domain_get_connection (test) == conn);
    g_assert_true (vireo_connection_find_domain (conn, "1") == test);
    g_assert_true (vireo_connection_find_domain (conn, vireo_domain_get_uuid (test)) == test);
    g_assert_null (vireo_connection_find_domain (conn, "nope"));
    g_assert_null (vireo_connection_find_domain (conn, "42"));

    /* The test driver's host: 16 CPUs, 3 GiB + change. */
    g_assert_cmpuint (vireo_connection_get_host_cpus (conn), >, 0);
    g_assert_cmpuint (vireo_connection_get_host_memory_kib (conn), >, 0);
    g_assert_nonnull (vireo_connection_get_storage (conn));
    g_assert_nonnull (vireo_connection_get_network (conn));
    g_assert_nonnull (vireo_connection_get_stats_sampler (conn));
    g_assert_false (vireo_stats_sampler_is_running (vireo_connection_get_stats_sampler (conn)));
    display = vireo_connection_dup_display_name (conn);
    g_assert_nonnull (display);

    /* Opening an open connection is a no-op that succeeds. */
    g_assert_true (open_and_wait (conn, &error));
    vireo_connection_close (conn);
    g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_DISCONNECTED);
    g_assert_null (vireo_connection_get_handle (conn));
    domains = (g_ptr_array_unref (domains), vireo_connection_list_domains (conn));
    g_assert_cmpuint (domains->len, ==, 0);
}

static void
test_open_node (Fixture       *fx,
                gconstpointer  data)
{
    g_autoptr(GPtrArray) domains = NULL;

    open_fixture (fx);
    g_assert_cmpuint (fx->n_added, ==, 20);

    domains = vireo_connection_list_domains (fx->conn);
    g_assert_cmpuint (domains->len, ==, 20);
    for (guint i = 0; i < domains->len; i++) {
        VireoDomain *domain = g_ptr_array_index (domains, i);
        g_autofree char *name = g_strdup_printf ("vm-%04u", i + 1);
        g_autofree char *uuid = g_strdup_printf ("6695eb01-f6a4-8304-79aa-%012x", i + 1);

        g_assert_cmpstr (vireo_domain_get_name (domain), ==, name);
        g_assert_cmpstr (vireo_domain_get_uuid (domain), ==, uuid);
        g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
        g_assert_cmpint (vireo_domain_get_id (domain), >, 0);
        g_assert_true (vireo_domain_is_active (domain));
        g_assert_true (vireo_connection_find_domain (fx->conn, name) == domain);
        g_assert_true (vireo_connection_find_domain (fx->conn, uuid) == domain);
    }
    g_assert_cmpuint (vireo_connection_get_host_cpus (fx->conn), ==, 8);
    g_assert_cmpuint (vireo_connection_get_host_memory_kib (fx->conn), ==, 33554432);

    vireo_connection_close (fx->conn);
    g_assert_cmpuint (fx->n_removed, ==, 20);

    /* Reopening lists them again. */
    g_assert_true (open_and_wait (fx->conn, NULL));
    g_assert_cmpuint (fx->n_added, ==, 40);
}

static void
test_open_blocking (Fixture       *fx,
                    gconstpointer  data)
{
    g_autoptr(GError) error = NULL;

    fx->conn = vireo_connection_new (fx->uri);
    g_signal_connect (fx->conn, "domain-added", G_CALLBACK (count_added_cb), fx);
    g_assert_true (vireo_connection_open (fx->conn, NULL, &error));
    g_assert_no_error (error);
    /* The list is complete when the blocking call returns. */
    g_assert_cmpuint (fx->n_added, ==, 3);
    g_assert_cmpint (vireo_connection_get_state (fx->conn), ==, VIREO_CONNECTION_STATE_ACTIVE);
    g_assert_nonnull (vireo_connection_find_domain (fx->conn, "vm-0003"));
}

typedef struct {
    const char *name;
    const char *uri;
    int         code;
    const char *libvirt_text;   /* part of libvirt's own message */
} OpenErrorCase;

static const OpenErrorCase open_error_cases[] = {
    { "unknown-scheme", "bogus:///x", VIREO_VMM_ERROR_INVALID, "“bogus”" },
    { "malformed", "qemu:// bad/system", VIREO_VMM_ERROR_INVALID, "Unable to parse URI" },
    { "malformed-ipv6", "qemu+tcp://[fe80::1/system", VIREO_VMM_ERROR_INVALID,
      "Unable to parse URI" },
    { "refused-tcp", "qemu+tcp://127.0.0.1:1/system", VIREO_VMM_ERROR_UNREACHABLE,
      "Connection refused" },
    { "refused-ssh", "qemu+ssh://nobody@127.0.0.1:1/system?no_tty=1&no_verify=1",
      VIREO_VMM_ERROR_UNREACHABLE, "Connection refused" },
    { "missing-node-file", "test:///nonexistent/vireo/node.xml", VIREO_VMM_ERROR_INVALID,
      "/nonexistent/vireo/node.xml" },
};

static void
state_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GArray     *states)
{
    VireoConnectionState state = vireo_connection_get_state (VIREO_CONNECTION (object));

    g_array_append_val (states, state);
}

static void
test_open_error (gconstpointer data)
{
    const OpenErrorCase *c = data;
    g_autoptr(VireoConnection) conn = vireo_connection_new (c->uri);
    g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (VireoConnectionState));
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time ();

    g_signal_connect (conn, "notify::state", G_CALLBACK (state_notify_cb), states);
    g_assert_false (open_and_wait (conn, &error));
    g_assert_error (error, VIREO_VMM_ERROR, c->code);
    g_test_message ("%s: %s", c->uri, error->message);
    g_assert_nonnull (strstr (error->message, c->libvirt_text));
    g_assert_cmpint (vireo_connection_get_state (conn), ==, VIREO_CONNECTION_STATE_FAILED);
    g_assert_cmpstr (vireo_connection_get_error_message (conn), ==, error->message);
    g_assert_null (vireo_connection_get_handle (conn));
    g_assert_cmpuint (states->len, ==, 2);
    g_assert_cmpint (g_array_index (states, VireoConnectionState, 0), ==,
                     VIREO_CONNECTION_STATE_CONNECTING);
    g_assert_cmpint (g_array_index (states, VireoConnectionState, 1), ==,
                     VIREO_CONNECTION_STATE_FAILED);
    /* None of these may hang. */
    g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------ */
/* Authentication (the test driver asks for credentials when its node file
 * has an <auth> element) */

typedef struct {
    const char *user;
    const char *password;
    gboolean    accept;
    guint       delay_ms;
    guint       n_requests;
    char       *uri_seen;
} AuthAnswer;

typedef struct {
    AuthAnswer       *answer;
    VireoAuthRequest *request;
} PendingAnswer;

static void
fill_request (AuthAnswer       *answer,
              VireoAuthRequest *request)
{
    for (guint i = 0; i < vireo_auth_request_get_n_credentials (request); i++) {
        VireoCredential *cred = vireo_auth_request_get_credential (request, i);

        g_assert_nonnull (cred->prompt);
        if (cred->type == VIREO_CREDENTIAL_AUTHNAME)
            vireo_auth_request_set_result (request, i, answer->user);
        else if (cred->type == VIREO_CREDENTIAL_PASSPHRASE ||
                 cred->type == VIREO_CREDENTIAL_NOECHOPROMPT)
            vireo_auth_request_set_result (request, i, answer->password);
    }
    vireo_auth_request_complete (request, answer->accept);
}

static gboolean
answer_later_cb (gpointer data)
{
    PendingAnswer *pending = data;

    fill_request (pending->answer, pending->request);
    g_object_unref (pending->request);
    g_free (pending);
    return G_SOURCE_REMOVE;
}

static gboolean
authenticate_cb (VireoConnection  *conn,
                 VireoAuthRequest *request,
                 AuthAnswer       *answer)
{
    answer->n_requests++;
    g_free (answer->uri_seen);
    answer->uri_seen = g_strdup (vireo_auth_request_get_uri (request));
    if (answer->delay_ms > 0) {
        PendingAnswer *pending = g_new0 (PendingAnswer, 1);

        pending->answer = answer;
        pending->request = g_object_ref (request);
        g_timeout_add (answer->delay_ms, answer_later_cb, pending);
    } else {
        fill_request (answer, request);
    }
    return TRUE;
}

static char *
write_auth_node (const char *dir)
{
    g_autofree char *path = g_build_filename (dir, "auth-node.xml", NULL);
    g_autoptr(GError) error = NULL;
    const char *xml =
        "<node>\n"
        "  <auth><user password='s3cret'>alice</user></auth>\n"
        "  <domain type='test'><name>guarded</name><memory>1024</memory>"
        "<os><type>hvm</type></os></domain>\n"
        "</node>\n";

    g_file_set_contents (path, xml, -1, &error);
    g_assert_no_error (error);
    return g_strconcat ("test://", path, NULL);
}

static gboolean
tick_cb (gpointer data)
{
    guint *ticks = data;

    (*ticks)++;
    return G_SOURCE_CONTINUE;
}

static void
test_auth_accept (Fixture       *fx,
                  gconstpointer  data)
{
    g_autofree char *uri = write_auth_node (fx->dir);
    AuthAnswer answer = { "alice", "s3cret", TRUE, 200, 0, NULL };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    guint ticks = 0;
    guint tick_id;

    fx->conn = vireo_connection_new (uri);
    g_signal_connect (fx->conn, "authenticate", G_CALLBACK (authenticate_cb), &answer);
    tick_id = g_timeout_add (5, tick_cb, &ticks);

    vireo_connection_open_async (fx->conn, NULL, vireo_test_store_result_cb, &result);
    /* The call returns at once; the open runs elsewhere. */
    g_assert_cmpint (vireo_connection_get_state (fx->conn), ==,
                     VIREO_CONNECTION_STATE_CONNECTING);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    g_source_remove (tick_id);

    g_assert_true (vireo_connection_open_finish (fx->conn, result, &error));
    g_assert_no_error (error);
    /* The test driver asks for the user name and the password separately. */
    g_assert_cmpuint (answer.n_requests, ==, 2);
    g_assert_cmpstr (answer.uri_seen, ==, uri);
    /* The main loop kept running during the 200 ms the "user" took. */
    g_assert_cmpuint (ticks, >=, 10);
    g_assert_nonnull (vireo_connection_find_domain (fx->conn, "guarded"));
    g_free (answer.uri_seen);
}

typedef struct {
    const char *name;
    const char *password;
    gboolean    accept;
    gboolean    handler;
} AuthRefusal;

static const AuthRefusal auth_refusals[] = {
    { "wrong-password", "guess", TRUE, TRUE },
    { "refused", "s3cret", FALSE, TRUE },
    { "no-handler", NULL, FALSE, FALSE },
};

static void
test_auth_refused (Fixture       *fx,
                   gconstpointer  data)
{
    const AuthRefusal *c = data;
    g_autofree char *uri = write_auth_node (fx->dir);
    AuthAnswer answer = { "alice", c->password, c->accept, 0, 0, NULL };
    g_autoptr(GError) error = NULL;

    fx->conn = vireo_connection_new (uri);
    if (c->handler)
        g_signal_connect (fx->conn, "authenticate", G_CALLBACK (authenticate_cb), &answer);
    g_assert_false (open_and_wait (fx->conn, &error));
    g_test_message ("%s: %s", c->name, error->message);
    g_assert_true (error->domain == VIREO_VMM_ERROR);
    g_assert_true (error->code == VIREO_VMM_ERROR_AUTH);
    g_assert_nonnull (strstr (error->message, "authentication"));
    g_assert_cmpint (vireo_connection_get_state (fx->conn), ==, VIREO_CONNECTION_STATE_FAILED);
    if (c->handler)
        g_assert_cmpuint (answer.n_requests, >=, 1);
    else
        g_assert_cmpuint (answer.n_requests, ==, 0);
    g_free (answer.uri_seen);
}

static gboolean
hold_request_cb (VireoConnection  *conn,
                 VireoAuthRequest *request,
                 GPtrArray        *held)
{
    /* A dialog the user never answers. */
    g_ptr_array_add (held, g_object_ref (request));
    return TRUE;
}

static gboolean
cancel_cb (gpointer data)
{
    g_cancellable_cancel (data);
    return G_SOURCE_REMOVE;
}

static gboolean
close_cb (gpointer data)
{
    vireo_connection_close (data);
    return G_SOURCE_REMOVE;
}

/* An unanswered prompt ends when the caller cancels or the connection is
 * closed; the connection is then disconnected, not failed. */
static void
test_auth_abandoned (Fixture       *fx,
                     gconstpointer  data)
{
    gboolean by_close = GPOINTER_TO_INT (data);
    g_autofree char *uri = write_auth_node (fx->dir);
    g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    fx->conn = vireo_connection_new (uri);
    g_signal_connect (fx->conn, "authenticate", G_CALLBACK (hold_request_cb), held);
    vireo_connection_open_async (fx->conn, cancellable, vireo_test_store_result_cb, &result);
    if (by_close)
        g_timeout_add (100, close_cb, fx->conn);
    else
        g_timeout_add (100, cancel_cb, cancellable);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    g_assert_false (vireo_connection_open_finish (fx->conn, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (held->len, ==, 1);
    g_assert_cmpint (vireo_connection_get_state (fx->conn), ==,
                     VIREO_CONNECTION_STATE_DISCONNECTED);
    g_assert_null (vireo_connection_get_error_message (fx->conn));
    g_assert_null (vireo_connection_get_handle (fx->conn));
}

static gpointer
complete_in_thread (gpointer data)
{
    VireoAuthRequest *request = data;

    g_usleep (20000);
    vireo_auth_request_set_result (request, 0, "bob");
    vireo_auth_request_set_result (request, 1, "hunter2");
    vireo_auth_request_complete (request, TRUE);
    /* Only the first completion counts. */
    vireo_auth_request_complete (request, FALSE);
    return NULL;
}

static void
test_auth_request_roundtrip (void)
{
    virConnectCredential creds[3] = {
        { .type = VIR_CRED_AUTHNAME, .prompt = "Username", .defresult = "root" },
        { .type = VIR_CRED_PASSPHRASE, .prompt = "Password" },
        { .type = VIR_CRED_REALM, .prompt = "Realm", .defresult = "EXAMPLE" },
    };
    g_autoptr(VireoAuthRequest) request = _vireo_auth_request_new ("qemu+ssh://h/system",
                                                                   creds, 3);
    g_autoptr(GThread) thread = NULL;
    VireoCredential *cred;

    g_assert_cmpstr (vireo_auth_request_get_uri (request), ==, "qemu+ssh://h/system");
    g_assert_cmpuint (vireo_auth_request_get_n_credentials (request), ==, 3);
    cred = vireo_auth_request_get_credential (request, 0);
    g_assert_cmpint (cred->type, ==, VIREO_CREDENTIAL_AUTHNAME);
    g_assert_cmpstr (cred->prompt, ==, "Username");
    g_assert_cmpstr (cred->default_result, ==, "root");
    g_assert_null (cred->result);

    thread = g_thread_new ("complete", complete_in_thread, request);
    g_assert_true (_vireo_auth_request_wait (request, NULL));
    g_thread_join (g_steal_pointer (&thread));

    _vireo_auth_request_copy_results (request, creds);
    g_assert_cmpstr (creds[0].result, ==, "bob");
    g_assert_cmpuint (creds[0].resultlen, ==, 3);
    g_assert_cmpstr (creds[1].result, ==, "hunter2");
    /* Left empty by the handler: the default. */
    g_assert_cmpstr (creds[2].result, ==, "EXAMPLE");
    for (guint i = 0; i < 3; i++)
        free (creds[i].result);
}

static void
test_auth_request_cancel (void)
{
    virConnectCredential creds[1] = { { .type = VIR_CRED_PASSPHRASE, .prompt = "Password" } };
    g_autoptr(VireoAuthRequest) request = _vireo_auth_request_new ("test:///x", creds, 1);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(VireoAuthRequest) never = _vireo_auth_request_new ("test:///x", creds, 1);

    /* Cancelled before waiting: returns at once, refused. */
    g_cancellable_cancel (cancellable);
    g_assert_false (_vireo_auth_request_wait (request, cancellable));

    /* Completed but refused. */
    vireo_auth_request_complete (never, FALSE);
    g_assert_false (_vireo_auth_request_wait (never, NULL));
}

/* ------------------------------------------------------------------------ */
/* Defining */

#define DEFINE_XML(name) \
    "<domain type='test'><name>" name "</name><memory unit='MiB'>128</memory>" \
    "<os><type arch='x86_64'>hvm</type></os></domain>"

static void
test_define (Fixture       *fx,
             gconstpointer  data)
{
    const char *xml_sync = DEFINE_XML ("defined-sync");
    const char *xml_async = DEFINE_XML ("defined-async");
    g_autoptr(VireoDomain) domain = NULL;
    g_autoptr(VireoDomain) async_domain = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    open_fixture (fx);
    g_assert_cmpuint (fx->n_added, ==, 2);

    domain = vireo_connection_define_xml (fx->conn, xml_sync, &error);
    g_assert_no_error (error);
    g_assert_nonnull (domain);
    g_assert_cmpuint (fx->n_added, ==, 3);
    g_assert_cmpstr (vireo_domain_get_name (domain), ==, "defined-sync");
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_SHUTOFF);
    g_assert_cmpint (vireo_domain_get_id (domain), ==, -1);
    g_assert_true (vireo_domain_get_persistent (domain));
    g_assert_true (vireo_connection_find_domain (fx->conn, "defined-sync") == domain);

    vireo_connection_define_xml_async (fx->conn, xml_async, NULL, vireo_test_store_result_cb,
                                       &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    async_domain = vireo_connection_define_xml_finish (fx->conn, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vireo_domain_get_name (async_domain), ==, "defined-async");
    g_assert_cmpuint (fx->n_added, ==, 4);

    /* The DEFINED events that follow must not add duplicates. */
    spin (200);
    g_assert_cmpuint (fx->n_added, ==, 4);
    g_clear_pointer (&result, g_object_unref);
    {
        g_autoptr(GPtrArray) domains = vireo_connection_list_domains (fx->conn);

        g_assert_cmpuint (domains->len, ==, 4);
    }
}

static void
test_define_invalid (Fixture       *fx,
                     gconstpointer  data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoConnection) closed = vireo_connection_new (fx->uri);
    VireoDomain *domain;

    open_fixture (fx);
    domain = vireo_connection_define_xml (fx->conn, "<domain type='test'><name>x", &error);
    g_assert_null (domain);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    g_assert_cmpuint (fx->n_added, ==, 1);
    g_clear_error (&error);

    domain = vireo_connection_define_xml (closed, "<domain/>", &error);
    g_assert_null (domain);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
}

/* ------------------------------------------------------------------------ */
/* Events */

typedef struct {
    VireoDomainEventKind kind;
    int                  detail;
    int                  detail2;
    VireoDomainState     state_then;
} SeenEvent;

static void
record_event_cb (VireoDomain         *domain,
                 VireoDomainEventKind kind,
                 int                  detail,
                 int                  detail2,
                 const char          *text,
                 GArray              *seen)
{
    SeenEvent ev = { kind, detail, detail2, vireo_domain_get_state (domain) };

    g_array_append_val (seen, ev);
}

static void
test_events_lifecycle (Fixture       *fx,
                       gconstpointer  data)
{
    static const SeenEvent expected[] = {
        { VIREO_DOMAIN_EVENT_LIFECYCLE, VIR_DOMAIN_EVENT_SUSPENDED,
          VIR_DOMAIN_EVENT_SUSPENDED_PAUSED, VIREO_DOMAIN_STATE_PAUSED },
        { VIREO_DOMAIN_EVENT_LIFECYCLE, VIR_DOMAIN_EVENT_RESUMED,
          VIR_DOMAIN_EVENT_RESUMED_UNPAUSED, VIREO_DOMAIN_STATE_RUNNING },
        { VIREO_DOMAIN_EVENT_LIFECYCLE, VIR_DOMAIN_EVENT_STOPPED,
          VIR_DOMAIN_EVENT_STOPPED_DESTROYED, VIREO_DOMAIN_STATE_SHUTOFF },
        { VIREO_DOMAIN_EVENT_LIFECYCLE, VIR_DOMAIN_EVENT_STARTED,
          VIR_DOMAIN_EVENT_STARTED_BOOTED, VIREO_DOMAIN_STATE_RUNNING },
    };
    g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (SeenEvent));
    g_autoptr(GArray) other_seen = g_array_new (FALSE, FALSE, sizeof (SeenEvent));
    VireoDomain *domain;
    virDomainPtr handle;

    open_fixture (fx);
    domain = vireo_connection_find_domain (fx->conn, "vm-0002");
    g_assert_nonnull (domain);
    g_signal_connect (domain, "event", G_CALLBACK (record_event_cb), seen);
    g_signal_connect (vireo_connection_find_domain (fx->conn, "vm-0001"), "event",
                      G_CALLBACK (record_event_cb), other_seen);
    handle = vireo_domain_get_handle (domain);

    /* Raw libvirt calls: Vireo learns of them through events only. */
    g_assert_cmpint (virDomainSuspend (handle), ==, 0);
    g_assert_cmpint (virDomainResume (handle), ==, 0);
    g_assert_cmpint (virDomainDestroy (handle), ==, 0);
    g_assert_cmpint (virDomainCreate (handle), ==, 0);

    g_assert_true (wait_count (&seen->len, G_N_ELEMENTS (expected), TIMEOUT_MS));
    spin (100);
    g_assert_cmpuint (seen->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < seen->len; i++) {
        SeenEvent *ev = &g_array_index (seen, SeenEvent, i);

        g_assert_cmpint (ev->kind, ==, expected[i].kind);
        g_assert_cmpint (ev->detail, ==, expected[i].detail);
        g_assert_cmpint (ev->detail2, ==, expected[i].detail2);
        g_assert_cmpint (ev->state_then, ==, expected[i].state_then);
    }
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
    g_assert_cmpint (vireo_domain_get_reason (domain), ==, VIR_DOMAIN_RUNNING_BOOTED);
    g_assert_cmpint (vireo_domain_get_id (domain), >, 0);
    /* Events of one domain do not reach another. */
    g_assert_cmpuint (other_seen->len, ==, 0);

    /* Shutoff reasons follow the event detail. */
    g_assert_cmpint (virDomainShutdown (handle), ==, 0);
    g_assert_true (wait_count (&seen->len, G_N_ELEMENTS (expected) + 1, TIMEOUT_MS));
    spin (50);
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_SHUTOFF);
    g_assert_cmpint (vireo_domain_get_reason (domain), ==, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    g_assert_cmpint (vireo_domain_get_id (domain), ==, -1);
}

static void
test_events_transient (Fixture       *fx,
                       gconstpointer  data)
{
    const char *xml = DEFINE_XML ("transient");
    virDomainPtr raw;
    VireoDomain *domain;

    open_fixture (fx);
    raw = virDomainCreateXML (vireo_connection_get_handle (fx->conn), xml, 0);
    g_assert_nonnull (raw);
    g_assert_true (wait_count (&fx->n_added, 2, TIMEOUT_MS));
    domain = vireo_connection_find_domain (fx->conn, "transient");
    g_assert_nonnull (domain);
    g_assert_false (vireo_domain_get_persistent (domain));
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);

    g_assert_cmpint (virDomainDestroy (raw), ==, 0);
    virDomainFree (raw);
    g_assert_true (wait_count (&fx->n_removed, 1, TIMEOUT_MS));
    g_assert_null (vireo_connection_find_domain (fx->conn, "transient"));
}

static void
test_events_define_undefine (Fixture       *fx,
                             gconstpointer  data)
{
    const char *xml = DEFINE_XML ("outside");
    g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (SeenEvent));
    virDomainPtr raw;
    VireoDomain *domain;

    open_fixture (fx);
    raw = virDomainDefineXML (vireo_connection_get_handle (fx->conn), xml);
    g_assert_nonnull (raw);
    g_assert_true (wait_count (&fx->n_added, 2, TIMEOUT_MS));
    domain = vireo_connection_find_domain (fx->conn, "outside");
    g_assert_nonnull (domain);
    g_assert_true (vireo_domain_get_persistent (domain));
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_SHUTOFF);
    g_signal_connect (domain, "event", G_CALLBACK (record_event_cb), seen);

    g_assert_cmpint (virDomainUndefine (raw), ==, 0);
    virDomainFree (raw);
    g_assert_true (wait_count (&fx->n_removed, 1, TIMEOUT_MS));
    g_assert_null (vireo_connection_find_domain (fx->conn, "outside"));
    g_assert_cmpuint (seen->len, ==, 1);
    g_assert_cmpint (g_array_index (seen, SeenEvent, 0).detail, ==, VIR_DOMAIN_EVENT_UNDEFINED);

    /* Undefining a running domain keeps it, transient. */
    domain = vireo_connection_find_domain (fx->conn, "vm-0001");
    g_assert_cmpint (virDomainUndefine (vireo_domain_get_handle (domain)), ==, 0);
    spin (200);
    g_assert_true (vireo_connection_find_domain (fx->conn, "vm-0001") == domain);
    g_assert_false (vireo_domain_get_persistent (domain));
}

/* ------------------------------------------------------------------------ */
/* Titles and descriptions */

static const char metadata_node[] =
    "<node>\n"
    "  <domain type='test'><name>titled</name><title>Web server</title>"
    "<description>Serves the intranet; replica of db-1</description>"
    "<memory unit='MiB'>128</memory><os><type arch='x86_64'>hvm</type></os></domain>\n"
    "  <domain type='test'><name>plain</name>"
    "<memory unit='MiB'>128</memory><os><type arch='x86_64'>hvm</type></os></domain>\n"
    "</node>\n";

static gboolean
title_is (VireoDomain *domain,
          const char  *title)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) TIMEOUT_MS * 1000;

    while (g_strcmp0 (vireo_domain_get_title (domain), title) != 0 &&
           g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
    return g_strcmp0 (vireo_domain_get_title (domain), title) == 0;
}

static gboolean
description_is (VireoDomain *domain,
                const char  *description)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) TIMEOUT_MS * 1000;

    while (g_strcmp0 (vireo_domain_get_description (domain), description) != 0 &&
           g_get_monotonic_time () < deadline) {
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
    }
    return g_strcmp0 (vireo_domain_get_description (domain), description) == 0;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
    (*count)++;
}

/* libvirt's log of this process (LIBVIRT_LOG_OUTPUTS, set by main()). */
static char *libvirt_log;

static gsize
libvirt_log_size (void)
{
    g_autofree char *text = NULL;
    gsize length = 0;

    if (!g_file_get_contents (libvirt_log, &text, &length, NULL))
        return 0;
    return length;
}

/* The lines libvirt logged since @from (a size of the log). */
static char *
libvirt_log_since (gsize from)
{
    g_autofree char *text = NULL;
    gsize length = 0;

    if (!g_file_get_contents (libvirt_log, &text, &length, NULL) || length <= from)
        return g_strdup ("");
    return g_strdup (text + from);
}

/* Read off the owner context once open, and again when libvirt says they
 * changed (a metadata-change event, a new definition).  Opening the
 * connection and reading them makes libvirt log no error (a domain without a
 * title is no error; the test driver has no keepalive to ask for): each
 * such error is a line in the user's libvirt.log. */
static void
test_metadata (Fixture       *fx,
               gconstpointer  data)
{
    g_autoptr(GError) error = NULL;
    VireoDomain *titled, *plain, *outside;
    guint n_title_notify = 0;
    virDomainPtr raw;

    gsize log_start = libvirt_log_size ();

    g_assert_true (g_file_set_contents (fx->node_path, metadata_node, -1, &error));
    g_assert_no_error (error);
    open_fixture (fx);
    titled = vireo_connection_find_domain (fx->conn, "titled");
    plain = vireo_connection_find_domain (fx->conn, "plain");
    g_assert_nonnull (titled);
    g_assert_nonnull (plain);

    g_assert_true (title_is (titled, "Web server"));
    g_assert_true (description_is (titled, "Serves the intranet; replica of db-1"));
    g_assert_null (vireo_domain_get_title (plain));
    g_assert_null (vireo_domain_get_description (plain));
    {
        g_autofree char *logged = libvirt_log_since (log_start);

        g_assert_null (strstr (logged, " error : "));
    }

    /* Set with libvirt directly: Vireo learns of it by the event. */
    g_signal_connect (plain, "notify::title", G_CALLBACK (count_notify_cb), &n_title_notify);
    g_assert_cmpint (virDomainSetMetadata (vireo_domain_get_handle (plain),
                                           VIR_DOMAIN_METADATA_TITLE, "Build box", NULL, NULL,
                                           0), ==, 0);
    g_assert_true (title_is (plain, "Build box"));
    g_assert_cmpuint (n_title_notify, ==, 1);
    g_assert_cmpint (virDomainSetMetadata (vireo_domain_get_handle (plain),
                                           VIR_DOMAIN_METADATA_DESCRIPTION, "CI runner", NULL,
                                           NULL, 0), ==, 0);
    g_assert_true (description_is (plain, "CI runner"));
    g_assert_cmpstr (vireo_domain_get_title (plain), ==, "Build box");
    /* Removed: NULL again. */
    g_assert_cmpint (virDomainSetMetadata (vireo_domain_get_handle (plain),
                                           VIR_DOMAIN_METADATA_TITLE, NULL, NULL, NULL, 0),
                     ==, 0);
    g_assert_true (title_is (plain, NULL));

    /* A domain defined elsewhere comes with its title. */
    raw = virDomainDefineXML (vireo_connection_get_handle (fx->conn),
                              "<domain type='test'><name>outside</name><title>From outside"
                              "</title><memory unit='MiB'>128</memory>"
                              "<os><type arch='x86_64'>hvm</type></os></domain>");
    g_assert_nonnull (raw);
    virDomainFree (raw);
    g_assert_true (wait_count (&fx->n_added, 3, TIMEOUT_MS));
    outside = vireo_connection_find_domain (fx->conn, "outside");
    g_assert_nonnull (outside);
    g_assert_true (title_is (outside, "From outside"));

    /* Defined again with another title: the defined event reads it anew. */
    {
        g_autofree char *xml = g_strdup_printf ("<domain type='test'><name>outside</name>"
                                                "<uuid>%s</uuid><title>Second title</title>"
                                                "<memory unit='MiB'>128</memory>"
                                                "<os><type arch='x86_64'>hvm</type></os>"
                                                "</domain>",
                                                vireo_domain_get_uuid (outside));

        raw = virDomainDefineXML (vireo_connection_get_handle (fx->conn), xml);
        g_assert_nonnull (raw);
        virDomainFree (raw);
    }
    g_assert_true (title_is (outside, "Second title"));
    g_assert_cmpstr (vireo_domain_get_title (titled), ==, "Web server");
}

/* ------------------------------------------------------------------------ */
/* Closing */

static void
closed_cb (VireoConnection *conn,
           int              reason,
           int             *out)
{
    *out = reason;
}

/* The connection's state while a domain is removed. */
static void
removed_state_cb (VireoConnection      *conn,
                  VireoDomain          *domain,
                  VireoConnectionState *out)
{
    *out = vireo_connection_get_state (conn);
}

static void
test_closed_and_reconnect (Fixture       *fx,
                           gconstpointer  data)
{
    int reason = -1;
    gboolean active = FALSE;
    VireoConnectionState removed_in = VIREO_CONNECTION_STATE_ACTIVE;

    open_fixture (fx);
    g_signal_connect (fx->conn, "closed", G_CALLBACK (closed_cb), &reason);
    g_signal_connect (fx->conn, "domain-removed", G_CALLBACK (removed_state_cb), &removed_in);
    vireo_connection_set_reconnect (fx->conn, TRUE);

    /* What the close callback delivers when the link drops. */
    _vireo_connection_handle_closed (fx->conn, VIR_CONNECT_CLOSE_REASON_EOF);
    g_assert_cmpint (reason, ==, VIR_CONNECT_CLOSE_REASON_EOF);
    g_assert_cmpint (vireo_connection_get_state (fx->conn), ==, VIREO_CONNECTION_STATE_FAILED);
    g_assert_nonnull (vireo_connection_get_error_message (fx->conn));
    g_assert_nonnull (strstr (vireo_connection_get_error_message (fx->conn), fx->uri));
    g_assert_cmpuint (fx->n_removed, ==, 2);
    /* Its domains went after the state said the link was lost: a window
     * of one tells that from a deletion. */
    g_assert_cmpint (removed_in, ==, VIREO_CONNECTION_STATE_FAILED);
    g_assert_null (vireo_connection_get_handle (fx->conn));

    /* The first retry comes after two seconds. */
    spin (1000);
    g_assert_cmpint (vireo_connection_get_state (fx->conn), ==, VIREO_CONNECTION_STATE_FAILED);
    for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
         !active && g_get_monotonic_time () < end;) {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
        active = vireo_connection_get_state (fx->conn) == VIREO_CONNECTION_STATE_ACTIVE;
    }
    g_assert_true (active);
    g_assert_cmpuint (fx->n_added, ==, 4);

    /* A close the client asked for leaves it disconnected, without retry. */
    vireo_connection_set_reconnect (fx->conn, FALSE);
    reason = -1;
    _vireo_connection_handle_closed (fx->conn, VIR_CONNECT_CLOSE_REASON_CLIENT);
    g_assert_cmpint (reason, ==, VIR_CONNECT_CLOSE_REASON_CLIENT);
    g_assert_cmpint (vireo_connection_get_state (fx->conn), ==,
                     VIREO_CONNECTION_STATE_DISCONNECTED);
    g_assert_null (vireo_connection_get_error_message (fx->conn));
}

static void
test_finalize_with_events_pending (Fixture       *fx,
                                   gconstpointer  data)
{
    virDomainPtr handle;

    open_fixture (fx);
    handle = vireo_domain_get_handle (vireo_connection_find_domain (fx->conn, "vm-0001"));
    virDomainRef (handle);
    g_assert_cmpint (virDomainSuspend (handle), ==, 0);
    /* Drop the connection before its events are dispatched. */
    g_clear_object (&fx->conn);
    g_assert_cmpint (virDomainResume (handle), ==, 0);
    spin (200);
    virDomainFree (handle);
}

/* ------------------------------------------------------------------------ */
/* What the host says */

static void
test_host_capabilities (Fixture       *fx,
                        gconstpointer  data)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *caps = NULL;
    g_autofree char *caps_async = NULL;
    g_autofree char *domcaps = NULL;
    g_autoptr(VireoConnection) closed = vireo_connection_new (fx->uri);

    open_fixture (fx);
    caps = vireo_connection_dup_capabilities (fx->conn, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (caps, "<capabilities>"));

    vireo_connection_dup_capabilities_async (fx->conn, NULL, vireo_test_store_result_cb,
                                             &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    caps_async = vireo_connection_dup_capabilities_finish (fx->conn, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (caps_async, ==, caps);
    g_clear_object (&result);

    /* The test driver has no domain capabilities: libvirt's reason is kept. */
    vireo_connection_dup_domain_capabilities_async (fx->conn, NULL, "x86_64", "", NULL, NULL,
                                                    vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    domcaps = vireo_connection_dup_domain_capabilities_finish (fx->conn, result, &error);
    g_assert_null (domcaps);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "not supported"));
    g_clear_error (&error);
    g_clear_object (&result);

    /* A connection that is not open says so. */
    g_assert_null (vireo_connection_dup_capabilities (closed, NULL, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
    g_clear_error (&error);
    vireo_connection_list_domain_xml_async (closed, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    g_assert_null (vireo_connection_list_domain_xml_finish (closed, result, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNREACHABLE);
}

static void
check_domain_xml (GHashTable *domains,
                  guint       n_domains)
{
    g_assert_cmpuint (g_hash_table_size (domains), ==, n_domains);
    for (guint i = 1; i <= n_domains; i++) {
        g_autofree char *name = g_strdup_printf ("vm-%04u", i);
        const char *xml = g_hash_table_lookup (domains, name);

        g_assert_nonnull (xml);
        g_assert_nonnull (strstr (xml, name));
    }
}

static void
test_host_domain_xml (Fixture       *fx,
                      gconstpointer  data)
{
    guint n_domains = GPOINTER_TO_UINT (data);
    g_autoptr(GHashTable) domains = NULL;
    g_autoptr(GError) error = NULL;

    open_fixture (fx);
    domains = vireo_connection_list_domain_xml (fx->conn, NULL, &error);
    g_assert_no_error (error);
    check_domain_xml (domains, n_domains);
}

/* Closing the connection while its domains are listed: the listing holds
 * its own reference to the libvirt handle, so it completes, and nothing is
 * freed under it.  A worker that read the handle from the connection found
 * none (or a freed one) here. */
static void
test_host_domain_xml_close (Fixture       *fx,
                            gconstpointer  data)
{
    guint n_domains = GPOINTER_TO_UINT (data);

    for (guint round = 0; round < 20; round++) {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GObject) source = NULL;
        g_autoptr(GHashTable) domains = NULL;
        g_autoptr(GError) error = NULL;

        open_fixture (fx);
        vireo_connection_list_domain_xml_async (fx->conn, NULL, vireo_test_store_result_cb,
                                                &result);
        vireo_connection_close (fx->conn);
        g_assert_null (vireo_connection_get_handle (fx->conn));
        /* The last reference goes too, on odd rounds, while the worker runs. */
        if (round % 2 == 1)
            g_clear_object (&fx->conn);
        g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
        source = g_async_result_get_source_object (result);
        domains = vireo_connection_list_domain_xml_finish (VIREO_CONNECTION (source), result,
                                                           &error);
        g_assert_no_error (error);
        check_domain_xml (domains, n_domains);
        g_clear_object (&fx->conn);
    }
}

/* A peer gone from under libvirt (ssh or nc exited, a daemon closed its
 * socket) is an error libvirt reports, not a SIGPIPE that ends the program:
 * once libvirt's loop runs, writing into a pipe nobody reads says EPIPE. */
static void
test_sigpipe_ignored (void)
{
    g_autoptr(GError) error = NULL;
    int fds[2];

    g_assert_true (vireo_event_loop_ensure (&error));
    g_assert_no_error (error);
    g_assert_cmpint (pipe (fds), ==, 0);
    close (fds[0]);
    g_assert_cmpint (write (fds[1], "x", 1), ==, -1);
    g_assert_cmpint (errno, ==, EPIPE);
    close (fds[1]);
}

int
main (int   argc,
      char *argv[])
{
    int status;
    int fd;

    g_test_init (&argc, &argv, NULL);
    /* Before libvirt starts (Vireo keeps an output the user set). */
    fd = g_file_open_tmp ("vireo-test-connection-XXXXXX.log", &libvirt_log, NULL);
    g_assert_cmpint (fd, >=, 0);
    close (fd);
    {
        g_autofree char *outputs = g_strdup_printf ("3:file:%s", libvirt_log);

        g_setenv ("LIBVIRT_LOG_OUTPUTS", outputs, TRUE);
    }

#define ADD(path, n, func) \
    g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

    g_test_add_func ("/vireo/connection/sigpipe-ignored", test_sigpipe_ignored);
    g_test_add_func ("/vireo/connection/open/default", test_open_default);
    ADD ("/vireo/connection/open/node", 20, test_open_node);
    ADD ("/vireo/connection/open/blocking", 3, test_open_blocking);
    ADD ("/vireo/connection/metadata", 0, test_metadata);
    for (gsize i = 0; i < G_N_ELEMENTS (open_error_cases); i++) {
        g_autofree char *path = g_strdup_printf ("/vireo/connection/open/error/%s",
                                                 open_error_cases[i].name);

        g_test_add_data_func (path, &open_error_cases[i], test_open_error);
    }
    ADD ("/vireo/connection/auth/accept", 0, test_auth_accept);
    for (gsize i = 0; i < G_N_ELEMENTS (auth_refusals); i++) {
        g_autofree char *path = g_strdup_printf ("/vireo/connection/auth/%s",
                                                 auth_refusals[i].name);

        g_test_add (path, Fixture, &auth_refusals[i], fixture_set_up_dir, test_auth_refused,
                    fixture_tear_down);
    }
    ADD ("/vireo/connection/auth/abandoned/cancel", FALSE, test_auth_abandoned);
    ADD ("/vireo/connection/auth/abandoned/close", TRUE, test_auth_abandoned);
    g_test_add_func ("/vireo/connection/auth/request-roundtrip", test_auth_request_roundtrip);
    g_test_add_func ("/vireo/connection/auth/request-cancel", test_auth_request_cancel);
    ADD ("/vireo/connection/host/capabilities", 1, test_host_capabilities);
    ADD ("/vireo/connection/host/domain-xml", 5, test_host_domain_xml);
    ADD ("/vireo/connection/host/domain-xml-close", 200, test_host_domain_xml_close);
    ADD ("/vireo/connection/define/sync-and-async", 2, test_define);
    ADD ("/vireo/connection/define/invalid", 1, test_define_invalid);
    ADD ("/vireo/connection/events/lifecycle", 3, test_events_lifecycle);
    ADD ("/vireo/connection/events/transient", 1, test_events_transient);
    ADD ("/vireo/connection/events/define-undefine", 1, test_events_define_undefine);
    ADD ("/vireo/connection/closed/reconnect", 2, test_closed_and_reconnect);
    ADD ("/vireo/connection/finalize-with-events-pending", 1, test_finalize_with_events_pending);

#undef ADD
    status = g_test_run ();
    g_unlink (libvirt_log);
    g_free (libvirt_log);
    return status;
}
