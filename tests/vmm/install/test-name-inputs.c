/* test-name-inputs.c: the bad-input table of the names and paths typed into dialogs
 *
 * Each row is what a user types as the new VM's name (the New VM wizard), a
 * new disk image's name (the storage dialogs), a clone's name (Clone…) or a
 * snapshot's name (Snapshots), a path the New VM wizard is given (its media,
 * install tree, image to import and existing disk), or XML typed into the VM
 * window's XML view,
 * and the exact sentence the check the window calls gives back.  The clone and snapshot rows run on libvirt's test
 * driver (test:///default, its VM "test"): after each, the same VMs and no
 * snapshot exist.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-editor.h"
#include "vireo-domain-snapshot.h"
#include "vireo-domain.h"
#include "vireo-install-choices.h"
#include "vireo-storage.h"
#include "vireo-test-util.h"

typedef struct {
    const char *input;
    const char *sentence;
} Row;

static void
test_vm_names (void)
{
    static const Row rows[] = {
        { "", "The virtual machine needs a name." },
        { "a/b", "A name cannot hold “/”." },
        { " lead", "A name cannot start or end with a space." },
        { "trail ", "A name cannot start or end with a space." },
        { "x\377", "The name is not valid text." },
        { "taken", "A virtual machine named “taken” exists already." },
    };
    g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_add (taken, (gpointer) "taken");
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_false (vireo_install_choices_check_name (rows[i].input, taken, &error));
        g_assert_nonnull (error);
        g_assert_cmpstr (error->message, ==, rows[i].sentence);
    }
    g_assert_true (vireo_install_choices_check_name ("fine name", taken, NULL));
}

static void
test_volume_names (void)
{
    g_autofree char *long_name = g_strnfill (256, 'v');
    const Row rows[] = {
        { "", "The disk image needs a name." },
        { "a/b.qcow2", "“a/b.qcow2” cannot name a disk image: use a plain file name, without "
                       "“/”, other than “.” and “..”." },
        { "..", "“..” cannot name a disk image: use a plain file name, without “/”, other "
                "than “.” and “..”." },
        { long_name, "The name of the disk image is too long: it can have at most 255 "
                     "bytes." },
        { "x\377.img", "The name of the disk image is not valid text." },
        { "two\nlines", "The name of the disk image contains a control character such as a "
                        "line break." },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_false (vireo_storage_validate_volume_name (rows[i].input, &error));
        g_assert_nonnull (error);
        g_assert_cmpstr (error->message, ==, rows[i].sentence);
    }
    g_assert_true (vireo_storage_validate_volume_name ("disk 1.qcow2", NULL));
}

typedef struct {
    VireoChoiceMethod  method;
    VireoChoiceStorage storage;
    const char        *path;      /* under the test's folder unless it starts with '/' */
    const char        *sentence;  /* "%s": the full path; NULL when accepted */
} PathRow;

static void
test_paths (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vireo-paths-XXXXXX", &error);
    g_autofree char *fifo = NULL;
    g_autofree char *file = NULL;
    static const PathRow rows[] = {
        { VIREO_CHOICE_METHOD_MEDIA, VIREO_CHOICE_STORAGE_NONE, "missing.iso",
          "The install media “%s” does not exist." },
        { VIREO_CHOICE_METHOD_MEDIA, VIREO_CHOICE_STORAGE_NONE, "file.iso/x",
          "The install media “%s” does not exist." },
        { VIREO_CHOICE_METHOD_MEDIA, VIREO_CHOICE_STORAGE_NONE, "",
          "“%s” is a folder: choose an ISO image or a CD-ROM drive." },
        { VIREO_CHOICE_METHOD_MEDIA, VIREO_CHOICE_STORAGE_NONE, "fifo",
          "“%s” is neither a file nor a drive: choose an ISO image or a CD-ROM drive." },
        { VIREO_CHOICE_METHOD_MEDIA, VIREO_CHOICE_STORAGE_NONE, "/dev/null",
          "“%s” is neither a file nor a drive: choose an ISO image or a CD-ROM drive." },
        { VIREO_CHOICE_METHOD_MEDIA, VIREO_CHOICE_STORAGE_NONE, "file.iso", NULL },
        { VIREO_CHOICE_METHOD_LOCATION, VIREO_CHOICE_STORAGE_NONE, "missing",
          "The install tree “%s” does not exist." },
        { VIREO_CHOICE_METHOD_LOCATION, VIREO_CHOICE_STORAGE_NONE, "fifo",
          "“%s” is neither a folder nor a file: give the install tree’s folder or ISO "
          "image." },
        { VIREO_CHOICE_METHOD_LOCATION, VIREO_CHOICE_STORAGE_NONE, "", NULL },
        { VIREO_CHOICE_METHOD_LOCATION, VIREO_CHOICE_STORAGE_NONE, "file.iso", NULL },
        { VIREO_CHOICE_METHOD_IMPORT, VIREO_CHOICE_STORAGE_NONE, "missing.qcow2",
          "The disk image “%s” does not exist." },
        { VIREO_CHOICE_METHOD_IMPORT, VIREO_CHOICE_STORAGE_NONE, "",
          "“%s” is a folder, not a disk image." },
        { VIREO_CHOICE_METHOD_CLOUD, VIREO_CHOICE_STORAGE_NONE, "fifo",
          "“%s” is neither a file nor a drive, so it cannot be a disk image." },
        { VIREO_CHOICE_METHOD_PXE, VIREO_CHOICE_STORAGE_EXISTING, "missing.qcow2",
          "The disk image “%s” does not exist." },
        { VIREO_CHOICE_METHOD_MANUAL, VIREO_CHOICE_STORAGE_EXISTING, "",
          "“%s” is a folder, not a disk image." },
        { VIREO_CHOICE_METHOD_MANUAL, VIREO_CHOICE_STORAGE_EXISTING, "file.iso", NULL },
    };
    /* Relative paths: the sentence names what was typed. */
    static const Row relative_rows[] = {
        { "media", "Give the full path of the install media, starting with “/”, not "
                   "“disk.iso”." },
        { "tree", "Give the install tree as a URL or as a full path starting with “/”, not "
                  "“disk.iso”." },
        { "image", "Give the full path of the disk image, starting with “/”, not "
                   "“disk.iso”." },
    };

    g_assert_no_error (error);
    fifo = g_build_filename (dir, "fifo", NULL);
    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    file = g_build_filename (dir, "file.iso", NULL);
    g_assert_true (g_file_set_contents (file, "CD001", -1, NULL));

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
        g_autoptr(VireoInstallChoices) c = vireo_install_choices_new ();
        g_autofree char *path = rows[i].path[0] == '/' ? g_strdup (rows[i].path)
                                : rows[i].path[0] == '\0' ? g_strdup (dir)
                                : g_build_filename (dir, rows[i].path, NULL);
        gboolean ok;

        c->method = rows[i].method;
        c->storage = rows[i].storage;
        c->media = c->method == VIREO_CHOICE_METHOD_MEDIA ? g_strdup (path) : NULL;
        c->location = c->method == VIREO_CHOICE_METHOD_LOCATION ? g_strdup (path) : NULL;
        c->image = c->method == VIREO_CHOICE_METHOD_IMPORT ||
                   c->method == VIREO_CHOICE_METHOD_CLOUD ? g_strdup (path) : NULL;
        c->disk_path = c->storage == VIREO_CHOICE_STORAGE_EXISTING ? g_strdup (path) : NULL;
        ok = vireo_install_choices_check_paths (c, &error);
        if (rows[i].sentence == NULL) {
            g_assert_no_error (error);
            g_assert_true (ok);
        } else {
            g_autoptr(GString) expected = g_string_new (rows[i].sentence);

            g_string_replace (expected, "%s", path, 1);
            g_assert_false (ok);
            g_assert_nonnull (error);
            g_assert_cmpstr (error->message, ==, expected->str);
            g_clear_error (&error);
        }
    }
    for (guint i = 0; i < G_N_ELEMENTS (relative_rows); i++) {
        g_autoptr(VireoInstallChoices) c = vireo_install_choices_new ();

        c->method = g_str_equal (relative_rows[i].input, "media") ? VIREO_CHOICE_METHOD_MEDIA
                    : g_str_equal (relative_rows[i].input, "tree")
                    ? VIREO_CHOICE_METHOD_LOCATION : VIREO_CHOICE_METHOD_IMPORT;
        c->storage = VIREO_CHOICE_STORAGE_NONE;
        c->media = g_strdup ("disk.iso");
        c->location = g_strdup ("disk.iso");
        c->image = g_strdup ("disk.iso");
        g_assert_false (vireo_install_choices_check_paths (c, &error));
        g_assert_cmpstr (error->message, ==, relative_rows[i].sentence);
        g_clear_error (&error);
    }
    /* An install tree at a URL is the installer's to fetch. */
    {
        g_autoptr(VireoInstallChoices) c = vireo_install_choices_new ();

        c->method = VIREO_CHOICE_METHOD_LOCATION;
        c->location = g_strdup ("http://deb.example/debian/dists/stable/main/installer-amd64/");
        g_assert_true (vireo_install_choices_check_paths (c, NULL));
    }
    g_unlink (fifo);
    g_unlink (file);
    g_rmdir (dir);
}

static guint
count_domains (VireoConnection *conn)
{
    g_autoptr(GPtrArray) all = vireo_connection_list_domains (conn);

    return all->len;
}

static void
test_clone_and_snapshot_names (void)
{
    static const Row clone_rows[] = {
        { "", "The clone needs a name." },
        { "a/b", "The clone's name “a/b” cannot hold “/”." },
        { "test", "Invalid name for new guest: the name “test” is already in use." },
    };
    static const Row snapshot_rows[] = {
        { "", "A snapshot needs a name, without “/” in it." },
        { "a/b", "A snapshot needs a name, without “/” in it." },
    };
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoConnection) conn = vireo_connection_new ("test:///default");
    VireoDomain *domain;
    guint before;

    vireo_connection_open (conn, NULL, &error);
    g_assert_no_error (error);
    domain = vireo_connection_find_domain (conn, "test");
    g_assert_nonnull (domain);
    g_assert_true (vireo_domain_run_action (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, NULL,
                                            &error));
    g_assert_no_error (error);
    before = count_domains (conn);

    for (guint i = 0; i < G_N_ELEMENTS (clone_rows); i++) {
        g_autoptr(VireoDomainClone) clone = vireo_domain_clone_new_for_domain (domain, NULL,
                                                                               &error);

        g_assert_no_error (error);
        vireo_domain_clone_set_name (clone, clone_rows[i].input);
        g_assert_false (vireo_domain_clone_prepare (clone, &error));
        g_assert_nonnull (error);
        g_assert_cmpstr (error->message, ==, clone_rows[i].sentence);
        g_clear_error (&error);
        g_assert_cmpuint (count_domains (conn), ==, before);
    }
    for (guint i = 0; i < G_N_ELEMENTS (snapshot_rows); i++) {
        g_autoptr(VireoSnapshot) made = vireo_domain_create_snapshot (
            domain, snapshot_rows[i].input, "", VIREO_SNAPSHOT_INTERNAL, FALSE, NULL, &error);
        g_autoptr(GPtrArray) all = NULL;

        g_assert_null (made);
        g_assert_nonnull (error);
        g_assert_cmpstr (error->message, ==, snapshot_rows[i].sentence);
        g_clear_error (&error);
        all = vireo_domain_list_snapshots (domain, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (all->len, ==, 0);
    }
    vireo_connection_close (conn);
}

/* XML typed into the VM window's XML view (which replaces the document in the
 * editor and commits it): each refused with its sentence, the VM unchanged. */
static void
test_xml_view (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VireoConnection) conn = vireo_connection_new ("test:///default");
    g_autofree char *before = NULL;
    g_autofree char *rejected = NULL;
    VireoDomain *domain;
    static const Row replace_rows[] = {
        { "<domain", "The XML is not well-formed: Couldn't find end of Start Tag domain "
                     "line 1" },
        { "<network><name>n</name></network>", "The XML does not describe a virtual machine: "
                                               "its root element is “network”, not "
                                               "“domain”." },
        { "", "The XML is not well-formed: there is no document." },
    };

    vireo_connection_open (conn, NULL, &error);
    g_assert_no_error (error);
    domain = vireo_connection_find_domain (conn, "test");
    g_assert_nonnull (domain);
    before = vireo_domain_dup_xml (domain, VIR_DOMAIN_XML_INACTIVE, NULL, &error);
    g_assert_no_error (error);

    for (guint i = 0; i < G_N_ELEMENTS (replace_rows); i++) {
        g_autoptr(VireoDomainEditor) editor = vireo_domain_editor_new_for_domain (domain, NULL,
                                                                                 &error);

        g_assert_no_error (error);
        g_assert_false (vireo_domain_editor_replace_xml (editor, replace_rows[i].input,
                                                         &error));
        g_assert_nonnull (error);
        g_test_message ("%s -> %s", replace_rows[i].input, error->message);
        g_assert_cmpstr (error->message, ==, replace_rows[i].sentence);
        g_clear_error (&error);
    }

    /* Well-formed, but libvirt refuses it: the commit fails, nothing is defined. */
    {
        g_autoptr(VireoDomainEditor) editor = vireo_domain_editor_new_for_domain (domain, NULL,
                                                                                 &error);
        g_autofree char *after = NULL;
        g_autoptr(GString) text = g_string_new (before);

        g_assert_no_error (error);
        g_assert_cmpuint (g_string_replace (text, "<vcpu", "<vcpu bogus='1'", 1), ==, 1);
        g_assert_true (vireo_domain_editor_replace_xml (editor, text->str, &error));
        g_assert_no_error (error);
        g_assert_false (vireo_domain_editor_commit (editor, domain,
                                                    VIREO_DOMAIN_EDITOR_COMMIT_CONFIG, NULL,
                                                    NULL, &error));
        g_assert_nonnull (error);
        g_test_message ("libvirt refuses: %s", error->message);
        g_assert_true (g_str_has_prefix (error->message,
                                         "libvirt did not accept the changes to “test”: "));
        after = vireo_domain_dup_xml (domain, VIR_DOMAIN_XML_INACTIVE, NULL, NULL);
        g_assert_cmpstr (after, ==, before);
    }
    vireo_connection_close (conn);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/vireo/name-inputs/vm", test_vm_names);
    g_test_add_func ("/vireo/name-inputs/volume", test_volume_names);
    g_test_add_func ("/vireo/name-inputs/paths", test_paths);
    g_test_add_func ("/vireo/name-inputs/clone-and-snapshot", test_clone_and_snapshot_names);
    g_test_add_func ("/vireo/name-inputs/xml-view", test_xml_view);
    return g_test_run ();
}
