/* test-uri.c: libvirt URI helpers
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "vireo-embed.h"
#include "vireo-uri.h"
#include "vireo-vmm-error.h"
#include "vireo-test-util.h"

static void
test_resolve_default (void)
{
    g_autofree char *saved = g_strdup (g_getenv ("LIBVIRT_DEFAULT_URI"));
    g_autofree char *root = vireo_embed_default_root ();
    g_autofree char *embedded = vireo_embed_uri_for_root (root);
    const struct {
        const char *cli;
        const char *env;     /* NULL: unset */
        const char *expected; /* NULL: the embedded default */
    } cases[] = {
        { "qemu:///system", "test:///default", "qemu:///system" },
        { "qemu:///system", NULL, "qemu:///system" },
        { NULL, "test:///default", "test:///default" },
        { "", "test:///default", "test:///default" },
        { NULL, "", NULL },
        { NULL, NULL, NULL },
        { "", "", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = NULL;

        if (cases[i].env)
            g_setenv ("LIBVIRT_DEFAULT_URI", cases[i].env, TRUE);
        else
            g_unsetenv ("LIBVIRT_DEFAULT_URI");
        got = vireo_uri_resolve_default (cases[i].cli);
        g_assert_cmpstr (got, ==, cases[i].expected ? cases[i].expected : embedded);
    }

    g_assert_true (g_str_has_prefix (embedded, "qemu:///embed?root="));
    if (saved)
        g_setenv ("LIBVIRT_DEFAULT_URI", saved, TRUE);
    else
        g_unsetenv ("LIBVIRT_DEFAULT_URI");
}

static void
test_display_name (void)
{
    const struct {
        const char *uri;
        const char *expected;
    } cases[] = {
        { "qemu:///embed?root=/var/tmp/vireo", "Embedded" },
        { "qemu:///embed?root=%2Fhome%2Fa%20b", "Embedded" },
        { "qemu:///system", "QEMU/KVM" },
        { "qemu:///session", "QEMU/KVM user session" },
        { "qemu+unix:///system", "QEMU/KVM" },
        { "qemu+ssh://root@example.org/system", "QEMU/KVM: example.org" },
        { "qemu+tls://host1/system", "QEMU/KVM: host1" },
        { "qemu+ssh://[fe80::1]/system", "QEMU/KVM: fe80::1" },
        { "qemu+ssh://me@box/session", "QEMU/KVM user session: box" },
        { "test:///default", "Test" },
        { "test:///tmp/node.xml", "Test" },
        { "xen:///system", "xen:///system" },
        { "qemu:///weird", "qemu:///weird" },
        { "qemu:///embed", "qemu:///embed" },
        { "not a uri", "not a uri" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = vireo_uri_dup_display_name (cases[i].uri);

        g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_build_ssh (void)
{
    const struct {
        const char *user;
        const char *host;
        gboolean    session;
        const char *expected;
    } cases[] = {
        { "root", "example.org", FALSE, "qemu+ssh://root@example.org/system" },
        { NULL, "example.org", FALSE, "qemu+ssh://example.org/system" },
        { "", "example.org", TRUE, "qemu+ssh://example.org/session" },
        { "alice", "10.0.0.2", TRUE, "qemu+ssh://alice@10.0.0.2/session" },
        { NULL, "::1", FALSE, "qemu+ssh://[::1]/system" },
        { "bob", "2001:db8::5", FALSE, "qemu+ssh://bob@[2001:db8::5]/system" },
        { NULL, "[::1]", FALSE, "qemu+ssh://[::1]/system" },
        { NULL, "fe80::1%eth0", FALSE, "qemu+ssh://[fe80::1%25eth0]/system" },
        { "a@b", "h", FALSE, "qemu+ssh://a%40b@h/system" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = vireo_uri_build_ssh (cases[i].user, cases[i].host,
                                                    cases[i].session);

        g_assert_cmpstr (got, ==, cases[i].expected);
        g_assert_true (vireo_uri_validate (got, NULL));
        g_assert_false (vireo_uri_is_local (got));
    }
}

static void
test_validate_good (void)
{
    const char *good[] = {
        "qemu:///system",
        "qemu:///session",
        "qemu:///embed?root=/tmp/a%20b",
        "qemu+ssh://root@host/system?keyfile=/root/.ssh/id&no_verify=1",
        "qemu+ssh://[::1]/system",
        "qemu+tls://host.example.org:16514/system",
        "test:///default",
        "test:///tmp/node.xml",
    };

    for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_true (vireo_uri_validate (good[i], &error));
        g_assert_no_error (error);
    }
}

static void
test_validate_bad (void)
{
    g_autofree char *huge = g_malloc (100 * 1024 + 1);
    const struct {
        const char *uri;
        const char *fragment;   /* a piece of the expected message */
    } cases[] = {
        { "", "is empty" },
        { "   ", "is empty" },
        { "\t\n", "is empty" },
        { "qemu:// /system", "contains a space" },
        { "qemu:///system ", "contains a space" },
        { "qemu:///sys\ntem", "control character" },
        { "no-scheme", "does not start with a driver name" },
        { "/var/run/libvirt", "does not start with a driver name" },
        { "://system", "does not start with a driver name" },
        { "qemu:system", "does not start with a driver name" },
        { "1qemu:///system", "does not start with a driver name" },
        { "qemu+ssh://[::1/system", "is malformed" },
        { "qemu+ssh://host:port/system", "is malformed" },
        { "qemu:///embed?root=%zz", "is malformed" },
        { "qemu:///\xff\xfe", "not valid text" },
        { huge, "too long" },
    };

    memset (huge, 'a', 100 * 1024);
    memcpy (huge, "qemu:///", 8);
    huge[100 * 1024] = '\0';

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_false (vireo_uri_validate (cases[i].uri, &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
        if (strstr (error->message, cases[i].fragment) == NULL)
            g_error ("case %u: “%s” not in “%s”", i, cases[i].fragment, error->message);
        /* Messages quote at most the start of the address. */
        g_assert_cmpuint (strlen (error->message), <, 400);
    }
    g_assert_false (vireo_uri_validate (NULL, NULL));
}

static void
test_is_local (void)
{
    const struct {
        const char *uri;
        gboolean    local;
    } cases[] = {
        { "qemu:///system", TRUE },
        { "qemu:///session", TRUE },
        { "qemu:///embed?root=/tmp/x", TRUE },
        { "qemu+unix:///system", TRUE },
        { "test:///default", TRUE },
        { "qemu+ssh://host/system", FALSE },
        { "qemu+tcp://10.1.1.1/system", FALSE },
        { "qemu+ssh://user@[::1]/system", FALSE },
        { "not a uri", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        g_assert_cmpint (vireo_uri_is_local (cases[i].uri), ==, cases[i].local);
}

/* Found by fuzz-uri: checking an address interned its scheme, so that each
 * new text grew the process for good. */
static void
test_validate_interns_nothing (void)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_uri_validate ("vireotestnever://host/system", &error));
    g_assert_no_error (error);
    g_assert_false (vireo_uri_validate ("vireotestbad:/nope", &error));
    g_clear_error (&error);
    g_assert_cmpuint (g_quark_try_string ("vireotestnever"), ==, 0);
    g_assert_cmpuint (g_quark_try_string ("vireotestbad"), ==, 0);
}

/* qemu:///system and qemu:///session are opened through the daemon's socket
 * (libvirt gives them to the embedded driver otherwise); the rest unchanged. */
static void
test_for_open (void)
{
    g_autofree char *dir = g_dir_make_tmp ("vireo-uri-XXXXXX", NULL);
    g_autofree char *libvirtd = g_build_filename (dir, "libvirt-sock", NULL);
    g_autofree char *virtqemud = g_build_filename (dir, "virtqemud-sock", NULL);
    g_autofree char *expected = NULL;
    static const char * const unchanged[] = {
        "qemu:///embed?root=/tmp/r", "qemu+ssh://host/system", "qemu+unix:///system",
        "test:///default", "qemu:///system?socket=/elsewhere/sock", "qemu://host/system",
        "xen:///system", "qemu:///other",
    };

    for (guint i = 0; i < G_N_ELEMENTS (unchanged); i++) {
        g_autofree char *got = vireo_uri_for_open (unchanged[i], dir);

        g_assert_cmpstr (got, ==, unchanged[i]);
    }

    /* No daemon socket at all: the system URI still names libvirtd's (the
     * error then says there is no daemon); a session is left to libvirt,
     * which starts its daemon. */
    {
        g_autofree char *system = vireo_uri_for_open ("qemu:///system", dir);
        g_autofree char *session = vireo_uri_for_open ("qemu:///session", dir);

        expected = g_strdup_printf ("qemu+unix:///system?socket=%s", libvirtd);
        g_assert_cmpstr (system, ==, expected);
        g_clear_pointer (&expected, g_free);
        g_assert_cmpstr (session, ==, "qemu:///session");
    }

    /* libvirtd's socket, then virtqemud's when both are there. */
    g_assert_true (g_file_set_contents (libvirtd, "", 0, NULL));
    {
        g_autofree char *session = vireo_uri_for_open ("qemu:///session", dir);
        g_autofree char *with_query = vireo_uri_for_open ("qemu:///system?mode=legacy", dir);

        expected = g_strdup_printf ("qemu+unix:///session?socket=%s", libvirtd);
        g_assert_cmpstr (session, ==, expected);
        g_clear_pointer (&expected, g_free);
        expected = g_strdup_printf ("qemu+unix:///system?mode=legacy&socket=%s", libvirtd);
        g_assert_cmpstr (with_query, ==, expected);
        g_clear_pointer (&expected, g_free);
    }
    g_assert_true (g_file_set_contents (virtqemud, "", 0, NULL));
    {
        g_autofree char *system = vireo_uri_for_open ("qemu:///system", dir);

        expected = g_strdup_printf ("qemu+unix:///system?socket=%s", virtqemud);
        g_assert_cmpstr (system, ==, expected);
    }
    g_unlink (libvirtd);
    g_unlink (virtqemud);
    g_rmdir (dir);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/uri/resolve-default", test_resolve_default);
    g_test_add_func ("/vireo/uri/display-name", test_display_name);
    g_test_add_func ("/vireo/uri/build-ssh", test_build_ssh);
    g_test_add_func ("/vireo/uri/validate-good", test_validate_good);
    g_test_add_func ("/vireo/uri/validate-bad", test_validate_bad);
    g_test_add_func ("/vireo/uri/is-local", test_is_local);
    g_test_add_func ("/vireo/uri/for-open", test_for_open);
    g_test_add_func ("/vireo/uri/validate-interns-nothing", test_validate_interns_nothing);

    return g_test_run ();
}
