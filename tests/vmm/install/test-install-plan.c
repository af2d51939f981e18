/* test-install-plan.c: the install plan's steps and the whole way for windows
 *
 * The steps on the capabilities of a QEMU host (fixtures) with the files
 * made for real by qemu-img in a temporary image folder: an overlay over a
 * base image that stays as it was, a VMDK converted with its progress, a
 * fully allocated disk cancelled half-way (nothing left), the checks of
 * name and disk paths; then create_async() on the test driver, with the
 * image folder as its storage: a VM defined and running, and a cancelled
 * one that leaves no VM and no file.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-install-plan.h"
#include "vireo-storage.h"
#include "vireo-test-util.h"
#include "vireo-vmm-error.h"

static char *
fixture (const char *name)
{
    char *text = NULL;
    const char *path = g_test_get_filename (G_TEST_DIST, "fixtures", "install", name, NULL);

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    return text;
}

static void
run_ok (const char * const *argv)
{
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                 NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* `qemu-img info` of @path: its format and backing file. */
static char *
image_info (const char *path)
{
    const char *argv[] = { "qemu-img", "info", "--force-share", "--output=json", path, NULL };
    char *out = NULL;
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status,
                                 NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    return out;
}

static char *
checksum_of (const char *path)
{
    g_autofree char *data = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (path, &data, &len, NULL));
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static guint
count_files (const char *dir)
{
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (d && g_dir_read_name (d))
        n++;
    return n;
}

static VireoInstallSpec *
import_spec (const char *name)
{
    VireoInstallSpec *spec = vireo_install_spec_new ();

    spec->name = g_strdup (name);
    spec->memory_mib = 256;
    spec->vcpus = 1;
    spec->method = VIREO_INSTALL_METHOD_IMPORT;
    spec->import = TRUE;
    spec->os_name = g_strdup ("debian11");
    spec->virt_type = g_strdup ("qemu");
    return spec;
}

/* The steps up to make, on the QEMU fixtures, in @dir. */
static VireoInstallPlan *
planned (VireoInstallSpec *spec,
         const char       *dir,
         GError          **error)
{
    g_autofree char *caps = fixture ("caps-qemu.xml");
    g_autofree char *domcaps = fixture ("domcaps-qemu-q35.xml");
    g_autofree char *uri = g_strdup_printf ("qemu:///embed?root=%s", dir);
    g_autoptr(VireoInstallPlan) plan = vireo_install_plan_new (spec, uri);
    g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

    vireo_install_plan_set_pool_directory (plan, dir);
    vireo_install_plan_set_make_volumes (plan, TRUE);
    if (!vireo_install_plan_resolve (plan, caps, NULL, error) ||
        !vireo_install_plan_prepare (plan, domcaps, NULL, error) ||
        !vireo_install_plan_check (plan, none, error))
        return NULL;
    return g_steal_pointer (&plan);
}

/* ------------------------------------------------------------------ cases */

/* A cloud image: the VM's disk is a new qcow2 overlay over the image,
 * which stays unchanged. */
static void
test_overlay (void)
{
    g_autofree char *dir = vireo_test_mkdtemp ("vireo-plan-overlay-XXXXXX");
    g_autofree char *base = g_build_filename (dir, "base.raw", NULL);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *info = NULL;
    g_autofree char *overlay = g_build_filename (dir, "ovl.qcow2", NULL);
    g_autoptr(VireoInstallSpec) spec = import_spec ("ovl");
    g_autoptr(VireoInstallPlan) plan = NULL;
    g_autoptr(GError) error = NULL;
    VireoInstallDisk *disk = vireo_install_disk_new ();
    GPtrArray *volumes;
    const char *xml;

    {
        const char *argv[] = { "qemu-img", "create", "-q", "-f", "raw", base, "64M", NULL };
        run_ok (argv);
    }
    before = checksum_of (base);
    disk->size_gib = 1;
    disk->backing_store = g_strdup (base);
    g_ptr_array_add (spec->disks, disk);

    plan = planned (spec, dir, &error);
    g_assert_no_error (error);
    /* The plan makes overlays: the engine has none to make. */
    volumes = vireo_install_plan_get_engine_volumes (plan);
    g_assert_cmpuint (volumes->len, ==, 0);
    g_assert_true (vireo_install_plan_make (plan, NULL, &error));
    g_assert_no_error (error);

    info = image_info (overlay);
    g_assert_nonnull (strstr (info, "\"format\": \"qcow2\""));
    g_assert_nonnull (strstr (info, base));
    g_assert_nonnull (strstr (info, "\"backing-filename-format\": \"raw\""));
    xml = vireo_install_plan_get_final_xml (plan);
    g_assert_nonnull (strstr (xml, overlay));
    g_assert_null (strstr (xml, "base.raw"));
    after = checksum_of (base);
    g_assert_cmpstr (before, ==, after);

    /* Removing what was made removes the overlay, never the image. */
    vireo_install_plan_remove_made (plan);
    g_assert_false (g_file_test (overlay, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (base, G_FILE_TEST_EXISTS));
    vireo_test_rmtree (dir);
}

typedef struct {
    GPtrArray    *statuses;     /* char*, as reported, without repeats */
    double        last;
    gboolean      rising;       /* the fractions of one status never went down */
    GCancellable *cancel_at_progress;
} Progress;

static void
progress_cb (const char *status,
             double      fraction,
             gpointer    user_data)
{
    Progress *p = user_data;

    if (p->statuses->len == 0 ||
        g_strcmp0 (g_ptr_array_index (p->statuses, p->statuses->len - 1), status) != 0) {
        g_ptr_array_add (p->statuses, g_strdup (status));
        p->last = -1;
    }
    if (fraction >= 0 && fraction < p->last)
        p->rising = FALSE;
    if (fraction > 0)
        p->last = fraction;
    if (p->cancel_at_progress && fraction > 0.02)
        g_cancellable_cancel (p->cancel_at_progress);
}

/* Import of a VMDK converted to qcow2, with qemu-img's progress. */
static void
test_convert (void)
{
    g_autofree char *dir = vireo_test_mkdtemp ("vireo-plan-convert-XXXXXX");
    g_autofree char *raw = g_build_filename (dir, "src.raw", NULL);
    g_autofree char *vmdk = g_build_filename (dir, "disk.vmdk", NULL);
    g_autofree char *dest = g_build_filename (dir, "conv-disk.qcow2", NULL);
    g_autofree char *info = NULL;
    g_autoptr(VireoInstallSpec) spec = import_spec ("conv");
    g_autoptr(VireoInstallPlan) plan = NULL;
    g_autoptr(GError) error = NULL;
    VireoInstallDisk *disk = vireo_install_disk_new ();
    Progress p = { g_ptr_array_new_with_free_func (g_free), -1, TRUE, NULL };

    {
        const char *mk[] = { "qemu-img", "create", "-q", "-f", "raw", raw, "32M", NULL };
        const char *to_vmdk[] = { "qemu-img", "convert", "-O", "vmdk", raw, vmdk, NULL };
        run_ok (mk);
        run_ok (to_vmdk);
        g_unlink (raw);
    }
    disk->path = g_strdup (vmdk);
    disk->convert = VIREO_TRISTATE_ON;
    g_ptr_array_add (spec->disks, disk);
    plan = planned (spec, dir, &error);
    g_assert_no_error (error);
    /* The VM uses the copy, in the pool directory. */
    g_assert_cmpstr (disk->path, ==, dest);
    g_assert_nonnull (strstr (vireo_install_plan_get_final_xml (plan), dest));
    vireo_install_plan_set_progress_func (plan, progress_cb, &p);
    g_assert_true (vireo_install_plan_make (plan, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (p.statuses->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (p.statuses, 0), ==, "Converting “disk.vmdk” to qcow2…");
    g_assert_true (p.rising);
    g_assert_cmpfloat (p.last, ==, 1.0);
    info = image_info (dest);
    g_assert_nonnull (strstr (info, "\"format\": \"qcow2\""));
    g_assert_true (g_file_test (vmdk, G_FILE_TEST_EXISTS));
    g_ptr_array_unref (p.statuses);
    vireo_test_rmtree (dir);
}

typedef struct {
    VireoInstallPlan *plan;
    GCancellable     *cancellable;
    GError           *error;
    gboolean          ok;
} MakeCall;

static gpointer
make_thread (gpointer user_data)
{
    MakeCall *call = user_data;

    call->ok = vireo_install_plan_make (call->plan, call->cancellable, &call->error);
    return NULL;
}

/* A fully allocated disk (sparse=no) grows while qemu-img writes it:
 * cancelled half-way, nothing is left. */
static void
test_cancel_allocation (void)
{
    g_autofree char *dir = vireo_test_mkdtemp ("vireo-plan-cancel-XXXXXX");
    g_autoptr(VireoInstallSpec) spec = import_spec ("full");
    g_autoptr(VireoInstallPlan) plan = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    VireoInstallDisk *disk = vireo_install_disk_new ();
    Progress p = { g_ptr_array_new_with_free_func (g_free), -1, TRUE, cancellable };
    MakeCall call = { 0 };
    GThread *thread;

    disk->size_gib = 8;
    disk->format = g_strdup ("raw");
    disk->sparse = VIREO_TRISTATE_OFF;
    g_ptr_array_add (spec->disks, disk);
    plan = planned (spec, dir, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (count_files (dir), ==, 1);   /* the empty boot folder */
    vireo_install_plan_set_progress_func (plan, progress_cb, &p);
    call.plan = plan;
    call.cancellable = cancellable;
    thread = g_thread_new ("make", make_thread, &call);
    g_thread_join (thread);
    g_assert_false (call.ok);
    g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&call.error);
    g_assert_cmpstr (g_ptr_array_index (p.statuses, 0), ==, "Creating the disk “full.img”…");
    g_assert_cmpfloat (p.last, >, 0.02);
    g_assert_cmpfloat (p.last, <, 1.0);
    /* The half-written image is there until the plan removes what it made
     * (and the boot folder it left empty). */
    g_assert_cmpuint (count_files (dir), ==, 2);
    vireo_install_plan_remove_made (plan);
    g_assert_cmpuint (count_files (dir), ==, 0);
    g_ptr_array_unref (p.statuses);
    vireo_test_rmtree (dir);
}

/* The name and the disks checked against the host's VMs. */
static void
test_check (void)
{
    g_autofree char *dir = vireo_test_mkdtemp ("vireo-plan-check-XXXXXX");
    g_autofree char *image = g_build_filename (dir, "shared.qcow2", NULL);
    g_autofree char *caps = fixture ("caps-qemu.xml");
    g_autofree char *theirs = NULL;
    g_autoptr(VireoInstallSpec) spec = import_spec ("taken");
    g_autoptr(VireoInstallPlan) plan = vireo_install_plan_new (spec, "qemu:///system");
    g_autoptr(GHashTable) domains = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    VireoInstallDisk *disk = vireo_install_disk_new ();

    {
        const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", image, "16M", NULL };
        run_ok (argv);
    }
    disk->path = g_strdup (image);
    g_ptr_array_add (spec->disks, disk);
    vireo_install_plan_set_pool_directory (plan, dir);
    g_assert_true (vireo_install_plan_resolve (plan, caps, NULL, &error));
    g_assert_true (vireo_install_plan_prepare (plan, NULL, NULL, &error));
    g_assert_no_error (error);

    g_hash_table_insert (domains, "taken", "");
    g_assert_false (vireo_install_plan_check (plan, domains, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_assert_nonnull (strstr (error->message, "“taken”"));
    g_clear_error (&error);

    g_hash_table_remove_all (domains);
    theirs = g_strdup_printf ("<domain><devices><disk type='file' device='disk'>"
                              "<source file='%s'/></disk></devices></domain>", image);
    g_hash_table_insert (domains, "other", theirs);
    g_assert_false (vireo_install_plan_check (plan, domains, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS);
    g_assert_nonnull (strstr (error->message, "“other”"));
    g_clear_error (&error);

    vireo_install_props_set (spec->check, "path_in_use", "off");
    g_assert_true (vireo_install_plan_check (plan, domains, &error));
    g_assert_no_error (error);
    vireo_test_rmtree (dir);
}

typedef struct {
    GPtrArray *statuses;
} Notified;

static void
status_notify_cb (GObject    *plan,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
    Notified *n = user_data;

    g_ptr_array_add (n->statuses, g_strdup (vireo_install_plan_get_status (VIREO_INSTALL_PLAN
                                                                            (plan))));
}

/* The whole way on the test driver, its storage the image folder. */
static void
test_create_async (void)
{
    g_autofree char *dir = vireo_test_mkdtemp ("vireo-plan-create-XXXXXX");
    g_autofree char *base = g_build_filename (dir, "cloud.qcow2", NULL);
    g_autofree char *overlay = g_build_filename (dir, "made.qcow2", NULL);
    g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
    g_autoptr(VireoStorage) storage = vireo_storage_dir_new (dir);
    g_autoptr(VireoInstallSpec) spec = import_spec ("made");
    g_autoptr(VireoInstallSpec) spec2 = import_spec ("cancelled");
    g_autoptr(VireoInstallPlan) plan = NULL;
    g_autoptr(VireoInstallPlan) plan2 = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(VireoDomain) domain = NULL;
    g_autoptr(GError) error = NULL;
    VireoInstallDisk *disk = vireo_install_disk_new ();
    Notified n = { g_ptr_array_new_with_free_func (g_free) };
    guint files;

    {
        const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", base, "64M", NULL };
        run_ok (argv);
    }
    vireo_connection_set_storage (connection, storage);
    g_assert_true (vireo_connection_open (connection, NULL, &error));
    g_assert_no_error (error);

    g_free (spec->virt_type);
    spec->virt_type = NULL;     /* the test driver's own type */
    disk->size_gib = 1;
    disk->backing_store = g_strdup (base);
    g_ptr_array_add (spec->disks, disk);
    plan = vireo_install_plan_new (spec, "test:///default");
    g_signal_connect (plan, "notify::status", G_CALLBACK (status_notify_cb), &n);
    vireo_install_plan_create_async (plan, connection, NULL, vireo_test_store_result_cb,
                                     &result);
    g_assert_nonnull (vireo_test_wait_result (&result, 60000));
    domain = vireo_install_plan_create_finish (plan, result, &error);
    g_assert_no_error (error);
    g_assert_nonnull (domain);
    g_assert_cmpstr (vireo_domain_get_name (domain), ==, "made");
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
    g_assert_true (g_file_test (overlay, G_FILE_TEST_EXISTS));
    g_assert_cmpstr (vireo_install_plan_get_pool_directory (plan), ==, dir);
    g_assert_cmpuint (n.statuses->len, >=, 3);
    g_assert_cmpstr (g_ptr_array_index (n.statuses, n.statuses->len - 1), ==,
                     "The virtual machine is running.");
    g_clear_object (&result);

    /* Cancelled: no VM, no file. */
    files = count_files (dir);
    g_free (spec2->virt_type);
    spec2->virt_type = NULL;
    disk = vireo_install_disk_new ();
    disk->size_gib = 1;
    disk->backing_store = g_strdup (base);
    g_ptr_array_add (spec2->disks, disk);
    plan2 = vireo_install_plan_new (spec2, "test:///default");
    vireo_install_plan_create_async (plan2, connection, cancellable, vireo_test_store_result_cb,
                                     &result);
    g_cancellable_cancel (cancellable);
    g_assert_nonnull (vireo_test_wait_result (&result, 60000));
    g_assert_null (vireo_install_plan_create_finish (plan2, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (vireo_connection_find_domain (connection, "cancelled"));
    g_assert_cmpuint (count_files (dir), ==, files);

    vireo_connection_close (connection);
    g_ptr_array_unref (n.statuses);
    vireo_test_rmtree (dir);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/vireo/install-plan/overlay", test_overlay);
    g_test_add_func ("/vireo/install-plan/convert", test_convert);
    g_test_add_func ("/vireo/install-plan/cancel-allocation", test_cancel_allocation);
    g_test_add_func ("/vireo/install-plan/check", test_check);
    g_test_add_func ("/vireo/install-plan/create-async", test_create_async);
    return g_test_run ();
}
