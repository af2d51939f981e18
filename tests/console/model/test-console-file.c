/* test-console-file.c: .vv connection files and viewer URIs
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

#include "vireo-console-file.h"
#include "vireo-console-uri.h"
#include "vireo-test-util.h"

typedef char *(*Getter) (VireoConsoleFile *file);

#define STR_GETTER(name) \
    static char *get_##name (VireoConsoleFile *f) \
    { return g_strdup (vireo_console_file_get_##name (f)); }
#define INT_GETTER(name) \
    static char *get_##name (VireoConsoleFile *f) \
    { return g_strdup_printf ("%d", vireo_console_file_get_##name (f)); }
#define STRV_GETTER(name) \
    static char *get_##name (VireoConsoleFile *f) \
    { const char *const *v = vireo_console_file_get_##name (f); \
      return v ? g_strjoinv ("|", (char **) v) : NULL; }
#define HOTKEY_GETTER(name, action) \
    static char *get_##name (VireoConsoleFile *f) \
    { return g_strdup (vireo_console_file_get_hotkey (f, action)); }

INT_GETTER (protocol)
STR_GETTER (host)
INT_GETTER (port)
INT_GETTER (tls_port)
STR_GETTER (unix_path)
STR_GETTER (username)
STR_GETTER (password)
STRV_GETTER (disable_channels)
STR_GETTER (tls_ciphers)
STR_GETTER (ca)
STR_GETTER (host_subject)
INT_GETTER (fullscreen)
STR_GETTER (title)
HOTKEY_GETTER (toggle_fullscreen, "toggle-fullscreen")
HOTKEY_GETTER (release_cursor, "release-cursor")
HOTKEY_GETTER (zoom_in, "zoom-in")
HOTKEY_GETTER (zoom_out, "zoom-out")
HOTKEY_GETTER (zoom_reset, "zoom-reset")
HOTKEY_GETTER (smartcard_insert, "smartcard-insert")
HOTKEY_GETTER (smartcard_remove, "smartcard-remove")
HOTKEY_GETTER (secure_attention, "secure-attention")
HOTKEY_GETTER (usb_device_reset, "usb-device-reset")
INT_GETTER (enable_smartcard)
INT_GETTER (enable_usbredir)
INT_GETTER (enable_usb_autoshare)
STR_GETTER (usb_filter)
STR_GETTER (usb_redirect_on_connect)
INT_GETTER (color_depth)
STRV_GETTER (disable_effects)
STRV_GETTER (secure_channels)
INT_GETTER (delete_this_file)
STR_GETTER (proxy)
STR_GETTER (version)
STRV_GETTER (versions)
STR_GETTER (newer_version_url)
STR_GETTER (ovirt_host)
STR_GETTER (ovirt_vm_guid)
STR_GETTER (ovirt_jsessionid)
STR_GETTER (ovirt_sso_token)
STR_GETTER (ovirt_ca)
INT_GETTER (ovirt_admin)

#define BASE "[virt-viewer]\ntype=spice\nhost=base.example\nport=5900\n"
#define OVIRT "[ovirt]\nhost=engine.example\nvm-guid=1f8b5c1e-0000-4000-8000-000000000001\n"

/* Every key: the file, the key that must read as set, the getter, the value expected,
 * and what the getter answers when the key is absent from BASE. */
static const struct {
    const char *data;
    const char *group;
    const char *key;
    Getter getter;
    const char *expected;
    const char *unset;
} key_cases[] = {
    { "[virt-viewer]\ntype=vnc\nhost=h\nport=5901\n", NULL, "type", get_protocol,
      "2", NULL },
    { "[virt-viewer]\ntype=SPICE\nhost=h\nport=5901\n", NULL, "type", get_protocol,
      "1", NULL },
    { "[virt-viewer]\ntype=ovirt\n" OVIRT, NULL, "type", get_protocol, "3", NULL },
    { "[virt-viewer]\ntype=spice\nhost=betsiboka\nport=5900\n", NULL, "host", get_host,
      "betsiboka", NULL },
    { "[virt-viewer]\ntype=spice\nhost=h\nport=5930\n", NULL, "port", get_port, "5930", NULL },
    { "[virt-viewer]\ntype=spice\nhost=h\ntls-port=5931\n", NULL, "tls-port", get_tls_port,
      "5931", "-1" },
    { "[virt-viewer]\ntype=spice\nhost=h\nport=-1\ntls-port=1\n", NULL, "port",
      get_port, "-1", "-1" },
    { "[virt-viewer]\ntype=spice\nunix-path=/run/vm/spice.sock\n", NULL, "unix-path",
      get_unix_path, "/run/vm/spice.sock", NULL },
    { "[virt-viewer]\ntype=vnc\nunix-path=/run/vm/vnc.sock\n", NULL, "unix-path",
      get_unix_path, "/run/vm/vnc.sock", NULL },
    { BASE "username=alice\n", NULL, "username", get_username, "alice", NULL },
    { BASE "password=s3cr=t;x\n", NULL, "password", get_password, "s3cr=t;x", NULL },
    { BASE "disable-channels=usbredir;smartcard\n", NULL, "disable-channels",
      get_disable_channels, "usbredir|smartcard", NULL },
    { BASE "tls-ciphers=HIGH:!aNULL\n", NULL, "tls-ciphers", get_tls_ciphers,
      "HIGH:!aNULL", NULL },
    { BASE "ca=-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\n", NULL, "ca",
      get_ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", NULL },
    { BASE "host-subject=C=US, O=Example, CN=host.example\n", NULL, "host-subject",
      get_host_subject, "C=US, O=Example, CN=host.example", NULL },
    { BASE "fullscreen=1\n", NULL, "fullscreen", get_fullscreen, "1", "0" },
    { BASE "fullscreen=true\n", NULL, "fullscreen", get_fullscreen, "1", "0" },
    { BASE "fullscreen=0\n", NULL, "fullscreen", get_fullscreen, "0", "0" },
    { BASE "title=Guest (%d) – ünïcode\n", NULL, "title", get_title,
      "Guest (%d) – ünïcode", NULL },
    { BASE "toggle-fullscreen=shift+f11\n", NULL, "toggle-fullscreen", get_toggle_fullscreen,
      "shift+f11", NULL },
    { BASE "release-cursor=Ctrl+Alt+R\n", NULL, "release-cursor", get_release_cursor,
      "Ctrl+Alt+R", NULL },
    { BASE "release-cursor=ctrl+alt\n", NULL, "release-cursor", get_release_cursor,
      "ctrl+alt", NULL },
    { BASE "zoom-in=ctrl+plus\n", NULL, "zoom-in", get_zoom_in, "ctrl+plus", NULL },
    { BASE "zoom-out=ctrl+minus\n", NULL, "zoom-out", get_zoom_out, "ctrl+minus", NULL },
    { BASE "zoom-reset=ctrl+0\n", NULL, "zoom-reset", get_zoom_reset, "ctrl+0", NULL },
    { BASE "smartcard-insert=shift+f8\n", NULL, "smartcard-insert", get_smartcard_insert,
      "shift+f8", NULL },
    { BASE "smartcard-remove=shift+f9\n", NULL, "smartcard-remove", get_smartcard_remove,
      "shift+f9", NULL },
    { BASE "secure-attention=ctrl+alt+end\n", NULL, "secure-attention", get_secure_attention,
      "ctrl+alt+end", NULL },
    { BASE "usb-device-reset=ctrl+shift+r\n", NULL, "usb-device-reset", get_usb_device_reset,
      "ctrl+shift+r", NULL },
    { BASE "enable-smartcard=1\n", NULL, "enable-smartcard", get_enable_smartcard, "1", "0" },
    { BASE "enable-usbredir=1\n", NULL, "enable-usbredir", get_enable_usbredir, "1", "0" },
    { BASE "enable-usb-autoshare=1\n", NULL, "enable-usb-autoshare", get_enable_usb_autoshare,
      "1", "0" },
    { BASE "usb-filter=-1,-1,-1,-1,0|0x03,0x046d,-1,-1,1\n", NULL, "usb-filter",
      get_usb_filter, "-1,-1,-1,-1,0|0x03,0x046d,-1,-1,1", NULL },
    { BASE "usb-redirect-on-connect=0x08,-1,-1,-1,1\n", NULL, "usb-redirect-on-connect",
      get_usb_redirect_on_connect, "0x08,-1,-1,-1,1", NULL },
    { BASE "color-depth=16\n", NULL, "color-depth", get_color_depth, "16", "0" },
    { BASE "disable-effects=wallpaper;font-smooth;animation\n", NULL, "disable-effects",
      get_disable_effects, "wallpaper|font-smooth|animation", NULL },
    { BASE "secure-channels=main;inputs;cursor;playback;record;display;usbredir;smartcard\n",
      NULL, "secure-channels", get_secure_channels,
      "main|inputs|cursor|playback|record|display|usbredir|smartcard", NULL },
    { BASE "delete-this-file=0\n", NULL, "delete-this-file", get_delete_this_file, "0", "0" },
    { BASE "proxy=http://proxy.example:3128\n", NULL, "proxy", get_proxy,
      "http://proxy.example:3128", NULL },
    { BASE "version=0.0.9\n", NULL, "version", get_version, "0.0.9", NULL },
    { BASE "versions=rhel8:99.0-1;win64:2.0-160\n", NULL, "versions", get_versions,
      "rhel8:99.0-1|win64:2.0-160", NULL },
    { BASE "newer-version-url=https://vireo.example/download\n", NULL, "newer-version-url",
      get_newer_version_url, "https://vireo.example/download", NULL },
    { BASE OVIRT, "ovirt", "host", get_ovirt_host, "engine.example", NULL },
    { BASE OVIRT, "ovirt", "vm-guid", get_ovirt_vm_guid,
      "1f8b5c1e-0000-4000-8000-000000000001", NULL },
    { BASE OVIRT "jsessionid=J5E55I0N\n", "ovirt", "jsessionid", get_ovirt_jsessionid,
      "J5E55I0N", NULL },
    { BASE OVIRT "sso-token=T0KEN\n", "ovirt", "sso-token", get_ovirt_sso_token, "T0KEN",
      NULL },
    { BASE OVIRT "ca=-----BEGIN CERTIFICATE-----\\nQQ\\n-----END CERTIFICATE-----\n", "ovirt",
      "ca", get_ovirt_ca, "-----BEGIN CERTIFICATE-----\nQQ\n-----END CERTIFICATE-----", NULL },
    { BASE OVIRT "admin=1\n", "ovirt", "admin", get_ovirt_admin, "1", "0" },
};

static void
test_every_key (void)
{
    g_autoptr(VireoConsoleFile) base = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GHashTable) covered = g_hash_table_new (g_str_hash, g_str_equal);

    g_assert_true (vireo_console_file_load_from_data (base, BASE, -1, &error));
    g_assert_no_error (error);

    for (guint i = 0; i < G_N_ELEMENTS (key_cases); i++) {
        g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
        g_autofree char *got = NULL;
        g_autofree char *absent = NULL;
        gboolean expect_set = !g_str_equal (key_cases[i].expected, "-1");

        g_test_message ("case %u: %s", i, key_cases[i].key);
        if (!vireo_console_file_load_from_data (file, key_cases[i].data, -1, &error))
            g_error ("case %u (%s): %s", i, key_cases[i].key, error->message);

        got = key_cases[i].getter (file);
        g_assert_cmpstr (got, ==, key_cases[i].expected);
        /* port=-1 means "not set"; every other case sets its key. */
        g_assert_true (vireo_console_file_is_set (file, key_cases[i].group,
                                                     key_cases[i].key) == expect_set);

        /* BASE has every key unset but type, host and port of [virt-viewer]. */
        if (key_cases[i].group != NULL ||
            !g_strv_contains ((const char *const[]) { "type", "host", "port", NULL },
                              key_cases[i].key)) {
            absent = key_cases[i].getter (base);
            g_assert_cmpstr (absent, ==, key_cases[i].unset);
            g_assert_false (vireo_console_file_is_set (base, key_cases[i].group,
                                                          key_cases[i].key));
        }
        g_hash_table_add (covered, (gpointer) key_cases[i].key);
    }

    /* Every hotkey action has a case. */
    for (const char *const *a = vireo_console_file_hotkey_actions (); *a != NULL; a++)
        g_assert_true (g_hash_table_contains (covered, *a));
    g_assert_false (vireo_console_file_has_ovirt (base));
}

static void
test_empty_values_and_unknown_keys (void)
{
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_console_file_load_from_data (file,
        "# a comment\n[virt-viewer]\ntype=spice\nhost=h\nport=1\npassword=\ntitle=  \n"
        "x-vendor-key=whatever\n[x-vendor]\nfoo=bar\n", -1, &error));
    g_assert_no_error (error);
    g_assert_null (vireo_console_file_get_password (file));
    g_assert_false (vireo_console_file_is_set (file, NULL, "password"));
    g_assert_null (vireo_console_file_get_title (file));
    g_assert_false (vireo_console_file_is_set (file, NULL, "x-vendor-key"));
    g_assert_cmpint (vireo_console_file_get_port (file), ==, 1);
}

typedef struct {
    const char *name;
    char *data;
    gssize length;
    int code;
    const char *fragment;
} BadCase;

static void
test_malformed (void)
{
    const char garbage[] = "\x7f" "ELF\x02\x01\x01\0\0\0\x89PNG\r\n\x1a\n[virt-viewer]\0\xff";
    GString *big_line = g_string_new (BASE "title=");
    GString *huge_value = g_string_new (BASE "title=");
    GString *big_file = g_string_new (BASE);
    const int inv = VIREO_CONSOLE_ERROR_INVALID_FILE;

    for (guint i = 0; i < 1000 * 1000; i++)
        g_string_append_c (big_line, 'A');
    g_string_append_c (big_line, '\n');
    for (guint i = 0; i < 66 * 1000; i++)
        g_string_append_c (huge_value, 'B');
    while (big_file->len <= VIREO_CONSOLE_FILE_MAX_SIZE)
        g_string_append (big_file, "# padding padding padding padding padding padding\n");

    BadCase cases[] = {
        { "empty", g_strdup (""), 0, inv, "is empty" },
        { "comment only", g_strdup ("# nothing here\n\n"), -1, inv, "is empty" },
        { "no group", g_strdup ("[other]\ntype=spice\n"), -1, inv, "no [virt-viewer] group" },
        { "key before group", g_strdup ("type=spice\n[virt-viewer]\n"), -1, inv,
          "not in the expected format" },
        { "not ini", g_strdup ("hello world\n"), -1, inv, "not in the expected format" },
        { "no type", g_strdup ("[virt-viewer]\nhost=h\nport=1\n"), -1, inv,
          "no “type” key" },
        { "unknown type", g_strdup ("[virt-viewer]\ntype=rdp\nhost=h\nport=1\n"), -1, inv,
          "Unknown connection type “rdp”" },
        { "port not int", g_strdup (BASE "tls-port=fast\n"), -1, inv,
          "“tls-port” (fast) is not a whole number" },
        { "port float", g_strdup ("[virt-viewer]\ntype=vnc\nhost=h\nport=5900.5\n"), -1, inv,
          "“port” (5900.5) is not a whole number" },
        { "port too big", g_strdup ("[virt-viewer]\ntype=vnc\nhost=h\nport=65536\n"), -1, inv,
          "“port” (65536) is out of range" },
        { "port negative", g_strdup ("[virt-viewer]\ntype=vnc\nhost=h\nport=-5\n"), -1, inv,
          "“port” (-5) is out of range" },
        { "port zero", g_strdup ("[virt-viewer]\ntype=vnc\nhost=h\nport=0\n"), -1, inv,
          "“port” (0) is not a port number" },
        { "port huge", g_strdup ("[virt-viewer]\ntype=vnc\nhost=h\n"
                                 "port=999999999999999999999999999999\n"), -1, inv,
          "is far too large" },
        { "color depth huge", g_strdup (BASE "color-depth=4294967312\n"), -1, inv,
          "“color-depth” (4294967312) is out of range" },
        { "color depth odd", g_strdup (BASE "color-depth=12\n"), -1, inv,
          "must be 8, 16, 24 or 32" },
        { "bool word", g_strdup (BASE "fullscreen=yes\n"), -1, inv,
          "“fullscreen” (yes) must be 0 or 1" },
        { "bool two", g_strdup (BASE "enable-usbredir=2\n"), -1, inv,
          "“enable-usbredir” (2) must be 0 or 1" },
        { "invalid utf-8", g_strdup (BASE "title=caf\xe9\n"), -1, inv, "not UTF-8 text" },
        { "binary garbage", g_memdup2 (garbage, sizeof garbage), sizeof garbage, inv,
          "not UTF-8 text" },
        { "1 MB line", g_strdup (big_line->str), big_line->len, inv,
          "Line 5 of the connection file is too long" },
        { "huge value", g_strdup (huge_value->str), huge_value->len, inv,
          "value of “title” is too long" },
        { "file too large", g_strdup (big_file->str), big_file->len, inv, "too large" },
        { "bad escape", g_strdup (BASE "title=a\\qb\n"), -1, inv,
          "“title” is not valid text" },
        { "no host", g_strdup ("[virt-viewer]\ntype=spice\nport=5900\n"), -1, inv,
          "neither a “host” nor a “unix-path”" },
        { "spice no port", g_strdup ("[virt-viewer]\ntype=spice\nhost=h\n"), -1, inv,
          "neither a “port” nor a “tls-port”" },
        { "vnc no port", g_strdup ("[virt-viewer]\ntype=vnc\nhost=h\ntls-port=5\n"), -1, inv,
          "VNC host but no “port”" },
        { "unix and host", g_strdup ("[virt-viewer]\ntype=spice\nunix-path=/s\nhost=h\n"), -1,
          inv, "cannot be combined" },
        { "unix relative", g_strdup ("[virt-viewer]\ntype=spice\nunix-path=s.sock\n"), -1,
          inv, "must be an absolute path" },
        { "bad hotkey", g_strdup (BASE "release-cursor=shift+\n"), -1, inv,
          "“release-cursor” (shift+) is not a key combination" },
        { "bad hotkey chars", g_strdup (BASE "toggle-fullscreen=shift+<f11>\n"), -1, inv,
          "“toggle-fullscreen” (shift+<f11>) is not a key combination" },
        { "bad channel", g_strdup (BASE "secure-channels=main;bogus\n"), -1, inv,
          "unknown name “bogus”" },
        { "bad effect", g_strdup (BASE "disable-effects=sparkles\n"), -1, inv,
          "unknown name “sparkles”" },
        { "bad usb filter", g_strdup (BASE "usb-filter=1,2,3\n"), -1, inv,
          "Rule 1 of “usb-filter”" },
        { "bad usb filter 2", g_strdup (BASE "usb-redirect-on-connect=-1,-1,-1,-1,1|x,1,1,1,1\n"),
          -1, inv, "Rule 2 of “usb-redirect-on-connect”" },
        { "bad versions", g_strdup (BASE "versions=debian12\n"), -1, inv,
          "“debian12” of “versions” is not of the form osid:version" },
        { "bad proxy", g_strdup (BASE "proxy=not a proxy\n"), -1, inv,
          "“proxy” (not a proxy) is not a valid address" },
        { "ovirt no guid", g_strdup (BASE "[ovirt]\nhost=e\n"), -1, inv,
          "no “vm-guid” key" },
        { "ovirt no host", g_strdup (BASE "[ovirt]\nvm-guid=1\n"), -1, inv,
          "[ovirt] group has no “host” key" },
        { "ovirt type no group", g_strdup ("[virt-viewer]\ntype=ovirt\n"), -1, inv,
          "needs an [ovirt] group" },
        { "version too new", g_strdup (BASE "version=99.0\n"), -1,
          VIREO_CONSOLE_ERROR_UNSUPPORTED, "needs version 99.0 or newer" },
        { "version too new url", g_strdup (BASE "version=99.1.2-3\n"
                                           "newer-version-url=https://example.org/new\n"), -1,
          VIREO_CONSOLE_ERROR_UNSUPPORTED, "available from https://example.org/new" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
        g_autoptr(GError) error = NULL;

        g_test_message ("malformed case: %s", cases[i].name);
        g_assert_false (vireo_console_file_load_from_data (file, cases[i].data,
                                                              cases[i].length, &error));
        g_assert_error (error, VIREO_CONSOLE_ERROR, cases[i].code);
        if (strstr (error->message, cases[i].fragment) == NULL)
            g_error ("case “%s”: “%s” does not contain “%s”", cases[i].name, error->message,
                     cases[i].fragment);
        g_assert_cmpuint (strlen (error->message), <, 400);
        g_assert_cmpint (vireo_console_file_get_protocol (file), ==,
                         VIREO_CONSOLE_PROTOCOL_NONE);
        g_free (cases[i].data);
    }
    g_string_free (big_line, TRUE);
    g_string_free (huge_value, TRUE);
    g_string_free (big_file, TRUE);
}

static void
test_failed_load_keeps_previous (void)
{
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_console_file_load_from_data (file, BASE "title=first\n", -1,
                                                         &error));
    g_assert_false (vireo_console_file_load_from_data (file, BASE "port=x\n", -1, &error));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE);
    g_assert_cmpstr (vireo_console_file_get_title (file), ==, "first");
}

static void
test_versions (void)
{
    const struct {
        const char *a;
        const char *b;
        int expected;
    } cmp[] = {
        { "1.0", "1.0", 0 }, { "1.0", "1.0.0", 0 }, { "1.0", "1.1", -1 },
        { "2.0", "1.99", 1 }, { "1.10", "1.9", 1 }, { "1.0-2", "1.0-10", -1 },
        { "1.0-2", "1.0", 0 }, { "1.a", "9.0", 0 }, { "0.1.0", "0.0.9", 1 },
    };
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cmp); i++) {
        int got = vireo_console_file_compare_versions (cmp[i].a, cmp[i].b);
        g_assert_cmpint (got < 0 ? -1 : got > 0 ? 1 : 0, ==, cmp[i].expected);
    }

    /* versions= applies to the matching OS id only; version= is the fallback. */
    g_assert_true (vireo_console_file_load_from_data (file,
        BASE "versions=plan9:1.0\n", -1, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_console_file_check_version (file, "plan9", "1.0", &error));
    g_assert_false (vireo_console_file_check_version (file, "plan9", "0.9", &error));
    g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_UNSUPPORTED);
    g_clear_error (&error);
    /* Another OS and no version=: nothing is required. */
    g_assert_true (vireo_console_file_check_version (file, "debian12", "0.1", &error));

    g_clear_object (&file);
    file = vireo_console_file_new ();
    g_assert_true (vireo_console_file_load_from_data (file,
        BASE "versions=plan9:3.0;beos:1.0\nversion=0.0.1\n"
        "newer-version-url=https://example.org/get\n", -1, &error));
    g_assert_no_error (error);
    g_assert_true (vireo_console_file_check_version (file, "beos", "1.0", &error));
    g_assert_true (vireo_console_file_check_version (file, "haiku", "0.0.1", &error));
    g_assert_false (vireo_console_file_check_version (file, "haiku", "0.0.0", &error));
    g_assert_nonnull (strstr (error->message, "0.0.1"));
    g_clear_error (&error);
    g_assert_false (vireo_console_file_check_version (file, "plan9", "2.9", &error));
    g_assert_nonnull (strstr (error->message, "3.0"));
    g_assert_nonnull (strstr (error->message, "https://example.org/get"));
}

static char *
write_file (const char *dir, const char *name, const char *contents, gssize length)
{
    char *path = g_build_filename (dir, name, NULL);
    g_autoptr(GError) error = NULL;

    g_file_set_contents (path, contents, length, &error);
    g_assert_no_error (error);
    return path;
}

static void
test_delete_this_file (void)
{
    g_autofree char *dir = vireo_test_mkdtemp ("vireo-vv-XXXXXX");
    const struct {
        const char *name;
        const char *data;
        gboolean keep_env;
        gboolean loads;
        gboolean deleted;
    } cases[] = {
        { "good", BASE "delete-this-file=1\n", FALSE, TRUE, TRUE },
        { "good-true", BASE "delete-this-file=true\n", FALSE, TRUE, TRUE },
        { "bad-type", "[virt-viewer]\ntype=rdp\ndelete-this-file=1\n", FALSE, FALSE, TRUE },
        { "bad-port", "[virt-viewer]\ntype=vnc\nhost=h\nport=x\ndelete-this-file=1\n", FALSE,
          FALSE, TRUE },
        { "too-new", BASE "version=99\ndelete-this-file=1\n", FALSE, FALSE, TRUE },
        { "no-host", "[virt-viewer]\ntype=vnc\ndelete-this-file=1\n", FALSE, FALSE, TRUE },
        { "zero", BASE "delete-this-file=0\n", FALSE, TRUE, FALSE },
        { "absent", BASE, FALSE, TRUE, FALSE },
        { "not-ini", "delete-this-file=1\n", FALSE, FALSE, FALSE },
        { "not-utf8", BASE "title=\xff\ndelete-this-file=1\n", FALSE, FALSE, FALSE },
        { "keep-env", BASE "delete-this-file=1\n", TRUE, TRUE, FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
        g_autoptr(GError) error = NULL;
        g_autofree char *name = g_strconcat (cases[i].name, ".vv", NULL);
        g_autofree char *path = write_file (dir, name, cases[i].data, -1);
        gboolean ok;

        g_test_message ("delete case: %s", cases[i].name);
        if (cases[i].keep_env)
            g_setenv (VIREO_CONSOLE_FILE_KEEP_ENV, "1", TRUE);
        ok = vireo_console_file_load_from_file (file, path, &error);
        g_unsetenv (VIREO_CONSOLE_FILE_KEEP_ENV);
        g_assert_true (ok == cases[i].loads);
        g_assert_true ((error == NULL) == cases[i].loads);
        g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS) == !cases[i].deleted);
    }

    /* A missing file is a read error, not a parse error. */
    {
        g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
        g_autoptr(GError) error = NULL;
        g_autofree char *missing = g_build_filename (dir, "missing.vv", NULL);

        g_assert_false (vireo_console_file_load_from_file (file, missing, &error));
        g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
    }
    vireo_test_rmtree (dir);
}

static void
test_load_from_stream (void)
{
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;
    const char *data = BASE "title=from a pipe\npassword=pipe-secret\n";
    int fds[2];

    /* Standard input style: a pipe whose writer has closed. */
    g_assert_cmpint (pipe (fds), ==, 0);
    g_assert_cmpint (write (fds[1], data, strlen (data)), ==, (gssize) strlen (data));
    close (fds[1]);
    {
        g_autoptr(GInputStream) stream = g_unix_input_stream_new (fds[0], TRUE);
        g_assert_true (vireo_console_file_load_from_stream (file, stream, NULL, &error));
        g_assert_no_error (error);
    }
    g_assert_cmpstr (vireo_console_file_get_title (file), ==, "from a pipe");
    g_assert_cmpstr (vireo_console_file_get_password (file), ==, "pipe-secret");

    /* More than the size limit is refused without reading it all into memory twice. */
    {
        gsize size = VIREO_CONSOLE_FILE_MAX_SIZE + 100;
        char *big = g_malloc (size);
        g_autoptr(GInputStream) stream = NULL;

        memset (big, '#', size);
        stream = g_memory_input_stream_new_from_data (big, size, g_free);
        g_assert_false (vireo_console_file_load_from_stream (file, stream, NULL, &error));
        g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE);
        g_assert_nonnull (strstr (error->message, "too large"));
        g_clear_error (&error);
    }

    /* A cancelled read reports the cancellation. */
    {
        g_autoptr(GCancellable) cancellable = g_cancellable_new ();
        g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, -1, NULL);

        g_cancellable_cancel (cancellable);
        g_assert_false (vireo_console_file_load_from_stream (file, stream, cancellable,
                                                                &error));
        g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
    }
    g_assert_cmpstr (vireo_console_file_get_title (file), ==, "from a pipe");
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    GAsyncResult **out = user_data;

    *out = g_object_ref (result);
}

/* Loads @path with vireo_console_file_new_from_file_async() and waits for it. */
static VireoConsoleFile *
load_async (const char    *path,
            GCancellable  *cancellable,
            GError       **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    vireo_console_file_new_from_file_async (path, cancellable, store_result_cb, &result);
    while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
    return vireo_console_file_new_finish (result, error);
}

typedef struct {
    const char *path;
    const char *data;
} LateWriter;

static gpointer
late_writer_thread (gpointer user_data)
{
    LateWriter *writer = user_data;
    /* Blocks until the loader has opened the FIFO for reading. */
    int fd = open (writer->path, O_WRONLY | O_CLOEXEC);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (write (fd, writer->data, strlen (writer->data)), ==,
                     (gssize) strlen (writer->data));
    close (fd);
    return NULL;
}

/* Connection files of every kind are read with the same cap, without blocking the
 * main loop: /dev/zero, a FIFO with no writer, a FIFO whose writer comes late, a
 * folder, a cancelled read. */
static void
test_file_kinds (void)
{
    g_autofree char *dir = vireo_test_mkdtemp ("vireo-vv-XXXXXX");
    g_autofree char *fifo = g_build_filename (dir, "console.vv", NULL);
    g_autofree char *big = g_build_filename (dir, "big.vv", NULL);
    g_autofree char *big_data = g_malloc0 (VIREO_CONSOLE_FILE_MAX_SIZE + 2);

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

    /* /dev/zero never ends: refused once the cap is passed. */
    {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoConsoleFile) file = load_async ("/dev/zero", NULL, &error);

        g_assert_null (file);
        g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE);
        g_assert_cmpstr (error->message, ==, "The connection file “/dev/zero” is too large "
                                             "(more than 1048576 bytes).");
    }
    /* A regular file over the cap is refused before it is read. */
    {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoConsoleFile) file = NULL;
        g_autofree char *expected = g_strdup_printf ("The connection file “%s” is too large "
                                                     "(more than 1048576 bytes).", big);

        memset (big_data, '#', VIREO_CONSOLE_FILE_MAX_SIZE + 1);
        g_assert_true (g_file_set_contents (big, big_data, -1, NULL));
        file = load_async (big, NULL, &error);
        g_assert_null (file);
        g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_INVALID_FILE);
        g_assert_cmpstr (error->message, ==, expected);
    }
    /* A folder. */
    {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoConsoleFile) file = load_async (dir, NULL, &error);
        g_autofree char *expected = g_strdup_printf ("Could not read the connection file “%s”: "
                                                     "it is a folder.", dir);

        g_assert_null (file);
        g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
        g_assert_cmpstr (error->message, ==, expected);
    }
    /* A FIFO with no writer: the main loop runs meanwhile, and the read gives up after
     * the timeout with a clear message. */
    {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoConsoleFile) file = NULL;
        g_autofree char *expected = g_strdup_printf ("Could not read the connection file “%s”: "
                                                     "it is not a regular file, and its data "
                                                     "did not end within 1 second.", fifo);

        g_setenv (VIREO_CONSOLE_FILE_TIMEOUT_ENV, "300", TRUE);
        file = load_async (fifo, NULL, &error);
        g_unsetenv (VIREO_CONSOLE_FILE_TIMEOUT_ENV);
        g_assert_null (file);
        g_assert_error (error, VIREO_CONSOLE_ERROR, VIREO_CONSOLE_ERROR_FAILED);
        g_assert_cmpstr (error->message, ==, expected);
    }
    /* A FIFO with no writer, cancelled: the one cancellation error. */
    {
        g_autoptr(GCancellable) cancellable = g_cancellable_new ();
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoConsoleFile) file = NULL;

        vireo_console_file_new_from_file_async (fifo, cancellable, store_result_cb, &result);
        /* The main loop is not held while the FIFO waits. */
        for (guint i = 0; i < 10; i++)
            g_main_context_iteration (NULL, FALSE);
        g_assert_null (result);
        g_cancellable_cancel (cancellable);
        while (result == NULL)
            g_main_context_iteration (NULL, TRUE);
        file = vireo_console_file_new_finish (result, &error);
        g_assert_null (file);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
    /* A FIFO whose writer comes after the viewer opened it: read whole. */
    {
        LateWriter writer = { fifo, BASE "title=through a FIFO\npassword=fifo-secret\n" };
        g_autoptr(GThread) thread = g_thread_new ("writer", late_writer_thread, &writer);
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoConsoleFile) file = load_async (fifo, NULL, &error);

        g_thread_join (g_steal_pointer (&thread));
        g_assert_no_error (error);
        g_assert_cmpstr (vireo_console_file_get_title (file), ==, "through a FIFO");
        g_assert_cmpstr (vireo_console_file_get_password (file), ==, "fifo-secret");
    }
    vireo_test_rmtree (dir);
}

/* A file that asks to be deleted in a folder the viewer cannot write: it still loads,
 * and the reason it stays is there to show the user.  Run in a subprocess in a user
 * namespace of its own (no uid mapped), where even root has no right to the folder. */
static void
test_delete_refused (void)
{
    g_autofree char *dir = NULL;
    g_autofree char *path = NULL;

    if (g_test_subprocess ()) {
        g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
        g_autoptr(GError) error = NULL;
        g_autofree char *expected = NULL;
        const char *target = g_getenv ("VIREO_TEST_VV");

        if (unshare (CLONE_NEWUSER) != 0)
            g_error ("unshare(CLONE_NEWUSER) failed (%s): user namespaces are needed "
                     "(sysctl kernel.unprivileged_userns_clone=1)", g_strerror (errno));
        g_assert_true (vireo_console_file_load_from_file (file, target, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (vireo_console_file_get_host (file), ==, "base.example");
        expected = g_strdup_printf ("The connection file “%s” asked to be deleted once read, "
                                    "but it could not be: Permission denied.  It may hold a "
                                    "password: delete it yourself.", target);
        g_assert_cmpstr (vireo_console_file_get_delete_error (file), ==, expected);
        return;
    }

    dir = vireo_test_mkdtemp ("vireo-vv-XXXXXX");
    path = write_file (dir, "kept.vv", BASE "delete-this-file=1\n", -1);
    g_assert_cmpint (g_chmod (path, 0644), ==, 0);
    g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
    g_setenv ("VIREO_TEST_VV", path, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_unsetenv ("VIREO_TEST_VV");
    g_test_trap_assert_passed ();
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

    /* Where it can be deleted, it is, and nothing is reported. */
    {
        g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
        g_autoptr(GError) error = NULL;

        g_assert_true (vireo_console_file_load_from_file (file, path, &error));
        g_assert_null (vireo_console_file_get_delete_error (file));
        g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
    vireo_test_rmtree (dir);
}

static void
test_describe_hides_secrets (void)
{
    g_autoptr(VireoConsoleFile) file = vireo_console_file_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    g_assert_true (vireo_console_file_load_from_data (file,
        BASE "password=Hunter2-Secret\nusername=bob\n"
        "ca=-----BEGIN CERTIFICATE-----\\nABCDEF\\n-----END CERTIFICATE-----\n"
        OVIRT "jsessionid=JSESSION-SECRET\nsso-token=SSO-SECRET\n", -1, &error));
    g_assert_no_error (error);

    text = vireo_console_file_describe (file);
    g_test_message ("%s", text);
    g_assert_null (strstr (text, "Hunter2"));
    g_assert_null (strstr (text, "JSESSION-SECRET"));
    g_assert_null (strstr (text, "SSO-SECRET"));
    g_assert_null (strstr (text, "ABCDEF"));
    g_assert_nonnull (strstr (text, "password=(hidden)\n"));
    g_assert_nonnull (strstr (text, "ovirt.sso-token=(hidden)\n"));
    g_assert_nonnull (strstr (text, "ovirt.jsessionid=(hidden)\n"));
    g_assert_nonnull (strstr (text, "type=spice\n"));
    g_assert_nonnull (strstr (text, "host=base.example\n"));
    g_assert_nonnull (strstr (text, "username=bob\n"));
    g_assert_nonnull (strstr (text, "ca=(PEM data,"));
    /* The password itself is still there for the connection. */
    g_assert_cmpstr (vireo_console_file_get_password (file), ==, "Hunter2-Secret");

    /* A value cannot forge a line of the description with an escaped newline. */
    g_clear_pointer (&text, g_free);
    g_assert_true (vireo_console_file_load_from_data (file,
        BASE "title=x\\npassword=forged\\tend\n", -1, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (vireo_console_file_get_title (file), ==, "x\npassword=forged\tend");
    text = vireo_console_file_describe (file);
    g_assert_null (strstr (text, "\npassword="));
    g_assert_nonnull (strstr (text, "title=x\\npassword=forged\\x09end\n"));
}

static void
test_hotkey_syntax (void)
{
    const struct {
        const char *hotkey;
        gboolean valid;
    } cases[] = {
        { "shift+f11", TRUE }, { "ctrl+alt", TRUE }, { "Ctrl+Alt+Ins", TRUE },
        { "ctrl+alt+Page_Up", TRUE }, { "f12", TRUE }, { " ctrl + alt ", TRUE },
        { "", FALSE }, { "+", FALSE }, { "shift+", FALSE }, { "ctrl++a", FALSE },
        { "<Ctrl>a", FALSE }, { "a+b+c+d+e+f+g", FALSE }, { "ctrl+é", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        g_assert_true (vireo_console_file_hotkey_is_valid (cases[i].hotkey) ==
                       cases[i].valid);
}

/* remote-viewer's title substitution: the first "%d" only. */
static void
test_expand_title (void)
{
    static const struct {
        const char *title;
        const char *label;
        const char *expected;
    } cases[] = {
        { "web1:%d - Press SHIFT+F12 to Release Cursor", "1",
          "web1:1 - Press SHIFT+F12 to Release Cursor" },
        { "%d",                 "1",      "1" },
        { "no mark",            "1",      "no mark" },
        { "%d and %d",          "2",      "2 and %d" },
        { "100%",               "1",      "100%" },
        { "%s %x %%d",          "serial0", "%s %x %serial0" },
        { "",                   "1",      "" },
        { NULL,                 "1",      NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *title = vireo_console_file_expand_title (cases[i].title,
                                                                     cases[i].label);

        g_assert_cmpstr (title, ==, cases[i].expected);
    }
}

static void
test_uri_good (void)
{
    const struct {
        const char *uri;
        VireoConsoleProtocol type;
        const char *host;
        int port;
        int tls_port;
        const char *unix_path;
        const char *username;
        const char *password;
    } cases[] = {
        { "spice://makai:5900", VIREO_CONSOLE_PROTOCOL_SPICE, "makai", 5900, -1, NULL, NULL,
          NULL },
        { "spice://makai?port=5900&tls-port=5901", VIREO_CONSOLE_PROTOCOL_SPICE, "makai", 5900,
          5901, NULL, NULL, NULL },
        { "spice://makai:5900?tls-port=5901", VIREO_CONSOLE_PROTOCOL_SPICE, "makai", 5900,
          5901, NULL, NULL, NULL },
        { "spice://makai?tls-port=5901", VIREO_CONSOLE_PROTOCOL_SPICE, "makai", -1, 5901, NULL,
          NULL, NULL },
        { "spice+tls://makai:5901", VIREO_CONSOLE_PROTOCOL_SPICE, "makai", -1, 5901, NULL, NULL,
          NULL },
        { "spice+tls://makai:5901?port=5900", VIREO_CONSOLE_PROTOCOL_SPICE, "makai", 5900, 5901,
          NULL, NULL, NULL },
        { "spice+unix:///run/vm/spice.sock", VIREO_CONSOLE_PROTOCOL_SPICE, NULL, -1, -1,
          "/run/vm/spice.sock", NULL, NULL },
        { "spice+unix:///tmp/a%20b.sock", VIREO_CONSOLE_PROTOCOL_SPICE, NULL, -1, -1,
          "/tmp/a b.sock", NULL, NULL },
        { "vnc://tsingy:5901", VIREO_CONSOLE_PROTOCOL_VNC, "tsingy", 5901, -1, NULL, NULL,
          NULL },
        { "vnc://tsingy", VIREO_CONSOLE_PROTOCOL_VNC, "tsingy", 5900, -1, NULL, NULL, NULL },
        { "vnc://tsingy:1", VIREO_CONSOLE_PROTOCOL_VNC, "tsingy", 1, -1, NULL, NULL, NULL },
        { "vnc://[::1]:5902", VIREO_CONSOLE_PROTOCOL_VNC, "::1", 5902, -1, NULL, NULL, NULL },
        { "spice://[fe80::1]:5900/", VIREO_CONSOLE_PROTOCOL_SPICE, "fe80::1", 5900, -1, NULL,
          NULL, NULL },
        { "SPICE://Makai:5900", VIREO_CONSOLE_PROTOCOL_SPICE, "Makai", 5900, -1, NULL, NULL,
          NULL },
        { "spice://alice@makai:5900", VIREO_CONSOLE_PROTOCOL_SPICE, "makai", 5900, -1, NULL,
          "alice", NULL },
        { "spice://makai:5900?password=pa%26ss", VIREO_CONSOLE_PROTOCOL_SPICE, "makai", 5900,
          -1, NULL, NULL, "pa&ss" },
        { "vnc://192.0.2.7:5999", VIREO_CONSOLE_PROTOCOL_VNC, "192.0.2.7", 5999, -1, NULL,
          NULL, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoConsoleFile) file = NULL;

        g_test_message ("uri: %s", cases[i].uri);
        g_assert_true (vireo_console_uri_has_viewer_scheme (cases[i].uri));
        file = vireo_console_file_new_from_uri (cases[i].uri, &error);
        g_assert_no_error (error);
        g_assert_nonnull (file);
        g_assert_cmpint (vireo_console_file_get_protocol (file), ==, cases[i].type);
        g_assert_cmpstr (vireo_console_file_get_host (file), ==, cases[i].host);
        g_assert_cmpint (vireo_console_file_get_port (file), ==, cases[i].port);
        g_assert_cmpint (vireo_console_file_get_tls_port (file), ==, cases[i].tls_port);
        g_assert_cmpstr (vireo_console_file_get_unix_path (file), ==, cases[i].unix_path);
        g_assert_cmpstr (vireo_console_file_get_username (file), ==, cases[i].username);
        g_assert_cmpstr (vireo_console_file_get_password (file), ==, cases[i].password);
    }
}

static void
test_uri_bad (void)
{
    const int inv = VIREO_CONSOLE_ERROR_INVALID_FILE;
    const struct {
        const char *uri;
        int code;
        const char *fragment;
    } cases[] = {
        { "spice://makai", inv, "needs a port" },
        { "spice://makai:0", inv, "not a number between 1 and 65535" },
        { "spice://makai:65536", inv, "not a number between 1 and 65535" },
        { "spice://makai:99999999999", inv, "not a number between 1 and 65535" },
        { "spice://makai:abc", inv, "not a number between 1 and 65535" },
        { "spice://makai:5900?port=5901", inv, "gives the port twice" },
        { "spice://makai?port=99999", inv, "in the address is not a port number" },
        { "spice://makai?port=-1", inv, "in the address is not a port number" },
        { "spice://makai:5900?foo=1", inv, "unknown parameter “foo”" },
        { "spice://makai:5900?%zz", inv, "malformed" },
        { "rdp://makai:3389", VIREO_CONSOLE_ERROR_UNSUPPORTED, "“rdp:”" },
        { "http://makai/", VIREO_CONSOLE_ERROR_UNSUPPORTED, "“http:”" },
        { "spice+unix://makai/run/s.sock", inv, "not a host" },
        { "spice+unix://", inv, "needs the absolute path" },
        { "spice+unix:///", inv, "needs the absolute path" },
        { "spice+unix:///s.sock?port=1", inv, "no parameters" },
        { "vnc://makai:5900?password=x", inv, "takes no parameters" },
        { "spice://:5900", inv, "has no host name" },
        { "vnc://", inv, "has no host name" },
        { "spice://makai:5900/path", inv, "must not have a path" },
        { "spice://makai:5900#frag", inv, "fragment" },
        { "spice://u:p@makai:5900", inv, "must not contain a password" },
        { "vnc://[::1:5900", inv, "malformed" },
        { "makai:5900", VIREO_CONSOLE_ERROR_UNSUPPORTED, "“makai:”" },
        { "/home/u/file.vv", inv, "not an address" },
        { "", inv, "not an address" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VireoConsoleFile) file = NULL;

        g_test_message ("bad uri: %s", cases[i].uri);
        file = vireo_console_file_new_from_uri (cases[i].uri, &error);
        g_assert_null (file);
        g_assert_error (error, VIREO_CONSOLE_ERROR, cases[i].code);
        if (strstr (error->message, cases[i].fragment) == NULL)
            g_error ("uri “%s”: “%s” does not contain “%s”", cases[i].uri, error->message,
                     cases[i].fragment);
    }

    g_assert_false (vireo_console_uri_has_viewer_scheme ("/tmp/x.vv"));
    g_assert_false (vireo_console_uri_has_viewer_scheme ("rdp://h"));
    g_assert_false (vireo_console_uri_has_viewer_scheme ("-"));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/console-file/every-key", test_every_key);
    g_test_add_func ("/vireo/console-file/empty-and-unknown", test_empty_values_and_unknown_keys);
    g_test_add_func ("/vireo/console-file/malformed", test_malformed);
    g_test_add_func ("/vireo/console-file/failed-load-keeps-previous",
                     test_failed_load_keeps_previous);
    g_test_add_func ("/vireo/console-file/versions", test_versions);
    g_test_add_func ("/vireo/console-file/delete-this-file", test_delete_this_file);
    g_test_add_func ("/vireo/console-file/stream", test_load_from_stream);
    g_test_add_func ("/vireo/console-file/file-kinds", test_file_kinds);
    g_test_add_func ("/vireo/console-file/delete-refused", test_delete_refused);
    g_test_add_func ("/vireo/console-file/describe-hides-secrets",
                     test_describe_hides_secrets);
    g_test_add_func ("/vireo/console-file/hotkey-syntax", test_hotkey_syntax);
    g_test_add_func ("/vireo/console-file/expand-title", test_expand_title);
    g_test_add_func ("/vireo/console-uri/good", test_uri_good);
    g_test_add_func ("/vireo/console-uri/bad", test_uri_bad);

    return g_test_run ();
}
