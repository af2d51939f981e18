/* test-qemu-lifecycle.c: real QEMU guests through the embedded driver
 *
 * One embedded root per process (libvirt initialises its QEMU driver once),
 * so the cases run in order and share one connection: open, boot, stats,
 * lifecycle actions with their events, a crash, an ISO guest, delete.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <math.h>
#include <signal.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "vireo-test-qemu.h"

#define OPEN_TIMEOUT_MS    60000
#define ACTION_TIMEOUT_MS  120000
#define STATE_TIMEOUT_MS   60000
#define MARKER_TIMEOUT_MS  180000  /* TCG boots in seconds, minutes on a loaded machine */
#define EVENT_TIMEOUT_MS   20000

#define KERNEL_GUEST "vq-kernel"
#define ISO_GUEST    "vq-iso"
#define DISK_GUEST   "vq-disk"

typedef struct {
    int type;       /* virDomainEventType */
    int detail;     /* its detail */
} LifecycleEvent;

typedef struct {
    char            *media;
    char            *root;
    VireoConnection *conn;
    VireoDomain     *kernel;      /* the busybox guest */
    GArray          *events;      /* LifecycleEvent of the kernel guest */
    GPtrArray       *added;       /* names seen in ::domain-added */
    GPtrArray       *removed;     /* names seen in ::domain-removed */
} Fixture;

static Fixture fx;

/* Helpers */

static const char *
event_type_name (int type)
{
    static const char *const names[] = {
        "DEFINED", "UNDEFINED", "STARTED", "SUSPENDED", "RESUMED",
        "STOPPED", "SHUTDOWN", "PMSUSPENDED", "CRASHED",
    };

    return type >= 0 && type < (int) G_N_ELEMENTS (names) ? names[type] : "UNKNOWN";
}

static const char *
event_detail_name (int type,
                   int detail)
{
    static const char *const started[] = {
        "BOOTED", "MIGRATED", "RESTORED", "FROM_SNAPSHOT", "WAKEUP", "RECREATED",
    };
    static const char *const suspended[] = {
        "PAUSED", "MIGRATED", "IOERROR", "WATCHDOG", "RESTORED", "FROM_SNAPSHOT",
        "API_ERROR", "POSTCOPY", "POSTCOPY_FAILED",
    };
    static const char *const resumed[] = {
        "UNPAUSED", "MIGRATED", "FROM_SNAPSHOT", "POSTCOPY", "POSTCOPY_FAILED",
    };
    static const char *const stopped[] = {
        "SHUTDOWN", "DESTROYED", "CRASHED", "MIGRATED", "SAVED", "FAILED", "FROM_SNAPSHOT",
    };
    static const char *const shutdown[] = { "FINISHED", "GUEST", "HOST" };
    static const char *const *const tables[] = {
        [VIR_DOMAIN_EVENT_STARTED] = started,
        [VIR_DOMAIN_EVENT_SUSPENDED] = suspended,
        [VIR_DOMAIN_EVENT_RESUMED] = resumed,
        [VIR_DOMAIN_EVENT_STOPPED] = stopped,
        [VIR_DOMAIN_EVENT_SHUTDOWN] = shutdown,
    };
    static const gsize sizes[] = {
        [VIR_DOMAIN_EVENT_STARTED] = G_N_ELEMENTS (started),
        [VIR_DOMAIN_EVENT_SUSPENDED] = G_N_ELEMENTS (suspended),
        [VIR_DOMAIN_EVENT_RESUMED] = G_N_ELEMENTS (resumed),
        [VIR_DOMAIN_EVENT_STOPPED] = G_N_ELEMENTS (stopped),
        [VIR_DOMAIN_EVENT_SHUTDOWN] = G_N_ELEMENTS (shutdown),
    };

    if (type < 0 || type >= (int) G_N_ELEMENTS (tables) || tables[type] == NULL ||
        detail < 0 || (gsize) detail >= sizes[type])
        return NULL;
    return tables[type][detail];
}

/* "STARTED/BOOTED SUSPENDED/PAUSED …" for the events from @first on. */
static char *
format_events (guint first)
{
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = first; i < fx.events->len; i++) {
        const LifecycleEvent *ev = &g_array_index (fx.events, LifecycleEvent, i);
        const char *detail = event_detail_name (ev->type, ev->detail);

        if (text->len > 0)
            g_string_append_c (text, ' ');
        g_string_append_printf (text, "%s/", event_type_name (ev->type));
        if (detail != NULL)
            g_string_append (text, detail);
        else
            g_string_append_printf (text, "%d", ev->detail);
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
has_event (guint first,
           int   type,
           int   detail)
{
    for (guint i = first; i < fx.events->len; i++) {
        const LifecycleEvent *ev = &g_array_index (fx.events, LifecycleEvent, i);

        if (ev->type == type && ev->detail == detail)
            return TRUE;
    }
    return FALSE;
}

/* Waits until the event (@type, @detail) was recorded at index >= @first. */
static void
assert_event_arrives (guint first,
                      int   type,
                      int   detail)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) EVENT_TIMEOUT_MS * 1000;

    while (!has_event (first, type, detail) && g_get_monotonic_time () < deadline)
        vireo_test_qemu_spin (20);
    if (!has_event (first, type, detail)) {
        g_autofree char *seen = format_events (first);
        g_autofree char *msg = g_strdup_printf ("event %s/%s did not arrive within %u s; "
                                                "seen: %s", event_type_name (type),
                                                event_detail_name (type, detail),
                                                EVENT_TIMEOUT_MS / 1000, seen);

        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
    }
}

static gboolean
name_seen (GPtrArray  *names,
           const char *name)
{
    return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

static void
assert_name_seen (GPtrArray  *names,
                  const char *name,
                  const char *signal_name)
{
    gint64 deadline = g_get_monotonic_time () + (gint64) EVENT_TIMEOUT_MS * 1000;

    while (!name_seen (names, name) && g_get_monotonic_time () < deadline)
        vireo_test_qemu_spin (20);
    if (!name_seen (names, name)) {
        g_autofree char *msg = g_strdup_printf ("no ::%s for %s within %u s", signal_name,
                                                name, EVENT_TIMEOUT_MS / 1000);

        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
    }
}

static void
run_action (VireoDomain      *domain,
            VireoDomainAction action)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    if (action == VIREO_DOMAIN_ACTION_START)
        vireo_domain_start_async (domain, NULL, vireo_test_store_result_cb, &result);
    else
        vireo_domain_run_action_async (domain, action, NULL, vireo_test_store_result_cb,
                                       &result);
    if (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS) == NULL)
        g_error ("action %d on %s did not finish within %u s", action,
                 vireo_domain_get_name (domain), ACTION_TIMEOUT_MS / 1000);
    if (action == VIREO_DOMAIN_ACTION_START)
        vireo_domain_start_finish (domain, result, &error);
    else
        vireo_domain_run_action_finish (domain, result, &error);
    g_assert_no_error (error);
}

static VireoDomain *
define_domain (const char *xml)
{
    g_autoptr(GError) error = NULL;
    VireoDomain *domain = vireo_connection_define_xml (fx.conn, xml, &error);

    g_assert_no_error (error);
    g_assert_true (VIREO_IS_DOMAIN (domain));
    assert_name_seen (fx.added, vireo_domain_get_name (domain), "domain-added");
    g_assert_true (vireo_connection_find_domain (fx.conn, vireo_domain_get_name (domain)) ==
                   domain);
    g_assert_true (vireo_domain_get_persistent (domain));
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_SHUTOFF);
    return domain;
}

static void
require_fixture (void)
{
    if (fx.conn == NULL ||
        vireo_connection_get_state (fx.conn) != VIREO_CONNECTION_STATE_ACTIVE)
        g_error ("the embedded connection from /vireo/qemu-lifecycle/open is not active");
}

/* Callbacks */

static void
domain_added_cb (VireoConnection *conn,
                 VireoDomain     *domain,
                 gpointer         user_data)
{
    g_ptr_array_add (fx.added, g_strdup (vireo_domain_get_name (domain)));
}

static void
domain_removed_cb (VireoConnection *conn,
                   VireoDomain     *domain,
                   gpointer         user_data)
{
    g_ptr_array_add (fx.removed, g_strdup (vireo_domain_get_name (domain)));
}

static void
domain_event_cb (VireoDomain         *domain,
                 VireoDomainEventKind kind,
                 int                  detail,
                 int                  detail2,
                 const char          *text,
                 gpointer             user_data)
{
    LifecycleEvent ev = { detail, detail2 };

    if (kind != VIREO_DOMAIN_EVENT_LIFECYCLE)
        return;
    g_test_message ("%s: lifecycle event %s/%s (%d/%d), state now %d reason %d",
                    vireo_domain_get_name (domain), event_type_name (detail),
                    event_detail_name (detail, detail2), detail, detail2,
                    (int) vireo_domain_get_state (domain), vireo_domain_get_reason (domain));
    /* Defining is not part of what the cases check. */
    if (detail == VIR_DOMAIN_EVENT_DEFINED)
        return;
    g_array_append_val (fx.events, ev);
}

/* Cases */

static void
test_media (void)
{
    g_autoptr(GError) error = NULL;
    const char *files[] = { "vmlinuz", "initrd.img", "grub-rescue-cdrom.iso" };

    fx.media = vireo_test_qemu_media_dir (&error);
    g_assert_no_error (error);
    for (gsize i = 0; i < G_N_ELEMENTS (files); i++) {
        g_autofree char *path = g_build_filename (fx.media, files[i], NULL);

        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
}

static void
test_open (void)
{
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    gint64 start = g_get_monotonic_time ();

    g_assert_nonnull (fx.media);
    fx.root = vireo_test_qemu_make_root ();
    vireo_test_qemu_guard_root (fx.root);
    uri = vireo_embed_uri_for_root (fx.root);

    fx.conn = vireo_connection_new (uri);
    g_signal_connect (fx.conn, "domain-added", G_CALLBACK (domain_added_cb), NULL);
    g_signal_connect (fx.conn, "domain-removed", G_CALLBACK (domain_removed_cb), NULL);
    g_assert_true (vireo_connection_is_embedded (fx.conn));

    vireo_connection_open_async (fx.conn, NULL, vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, OPEN_TIMEOUT_MS) == NULL)
        g_error ("opening %s did not finish within %u s", uri, OPEN_TIMEOUT_MS / 1000);
    g_assert_true (vireo_connection_open_finish (fx.conn, result, &error));
    g_assert_no_error (error);
    g_test_message ("opened %s in %.1f s", uri,
                    (g_get_monotonic_time () - start) / 1e6);

    g_assert_cmpint (vireo_connection_get_state (fx.conn), ==,
                     VIREO_CONNECTION_STATE_ACTIVE);
    g_assert_true (vireo_connection_is_embedded (fx.conn));
    g_assert_cmpuint (vireo_connection_list_domains (fx.conn)->len, ==, 0);
    g_assert_cmpuint (vireo_connection_get_host_cpus (fx.conn), >, 0);
}

static void
test_boot (void)
{
    g_autofree char *xml = NULL;
    g_autofree char *serial = NULL;
    gint64 start;

    require_fixture ();
    xml = vireo_test_qemu_kernel_xml (KERNEL_GUEST, fx.media, fx.root, NULL);
    fx.kernel = g_object_ref (define_domain (xml));
    g_signal_connect (fx.kernel, "event", G_CALLBACK (domain_event_cb), NULL);
    g_assert_false (vireo_domain_is_active (fx.kernel));
    g_assert_cmpint (vireo_domain_get_id (fx.kernel), ==, -1);

    start = g_get_monotonic_time ();
    run_action (fx.kernel, VIREO_DOMAIN_ACTION_START);
    vireo_test_qemu_assert_state (fx.kernel, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    g_assert_true (vireo_domain_is_active (fx.kernel));
    g_assert_cmpint (vireo_domain_get_id (fx.kernel), >, 0);
    g_assert_cmpint (vireo_test_qemu_read_pid (fx.root, KERNEL_GUEST), >, 0);

    serial = vireo_test_qemu_serial_path (fx.root, KERNEL_GUEST);
    vireo_test_qemu_assert_marker (serial, MARKER_TIMEOUT_MS);
    g_test_message ("marker on the serial console %.1f s after start",
                    (g_get_monotonic_time () - start) / 1e6);
    assert_event_arrives (0, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
}

static void
test_stats (void)
{
    VireoStatsSampler *sampler;
    VireoStatsHistory *history;
    const VireoStatsSample *latest;
    double cpu[16];
    guint n_cpu, n_positive = 0;
    guint64 calls_before;

    require_fixture ();
    g_assert_nonnull (fx.kernel);
    sampler = vireo_connection_get_stats_sampler (fx.conn);
    g_assert_true (VIREO_IS_STATS_SAMPLER (sampler));
    calls_before = vireo_stats_sampler_get_n_calls (sampler);

    for (guint i = 0; i < 5; i++) {
        g_autoptr(GAsyncResult) result = NULL;
        g_autoptr(GError) error = NULL;

        if (i > 0)
            vireo_test_qemu_spin (750);
        vireo_stats_sampler_sample_async (sampler, NULL, vireo_test_store_result_cb, &result);
        if (vireo_test_wait_result (&result, 30000) == NULL)
            g_error ("stats sample %u did not finish within 30 s", i);
        g_assert_true (vireo_stats_sampler_sample_finish (sampler, result, &error));
        g_assert_no_error (error);
    }
    /* One bulk call per tick, not one per domain. */
    g_assert_cmpuint (vireo_stats_sampler_get_n_calls (sampler) - calls_before, ==, 5);

    history = vireo_stats_sampler_get_history (sampler, vireo_domain_get_uuid (fx.kernel));
    g_assert_nonnull (history);
    g_assert_cmpuint (vireo_stats_history_get_length (history), >=, 4);

    n_cpu = vireo_stats_history_copy_values (history, VIREO_STATS_METRIC_CPU_PERCENT, cpu,
                                             G_N_ELEMENTS (cpu));
    g_assert_cmpuint (n_cpu, >=, 4);
    for (guint i = 0; i < n_cpu; i++) {
        g_test_message ("cpu sample %u: %.3f %%", i, cpu[i]);
        if (isfinite (cpu[i])) {
            g_assert_cmpfloat (cpu[i], >=, 0.0);
            g_assert_cmpfloat (cpu[i], <=, 100.0 + 1e-6);
            if (cpu[i] > 0.0)
                n_positive++;
        }
    }
    g_assert_cmpuint (n_positive, >, 0);

    latest = vireo_stats_history_get_latest (history);
    g_assert_nonnull (latest);
    g_test_message ("memory: %.0f KiB", latest->values[VIREO_STATS_METRIC_MEMORY_KIB]);
    g_assert_true (isfinite (latest->values[VIREO_STATS_METRIC_MEMORY_KIB]));
    g_assert_cmpfloat (latest->values[VIREO_STATS_METRIC_MEMORY_KIB], >, 0.0);
    /* QEMU's own overhead may count too, but not more than the host has. */
    g_assert_cmpfloat (latest->values[VIREO_STATS_METRIC_MEMORY_KIB], <,
                       (double) vireo_connection_get_host_memory_kib (fx.conn));
}

static void
test_actions (void)
{
    /* What libvirt 9.0's QEMU driver emits, in this order, for: pause;
     * resume; managed save (QEMU is paused for the migration to file, then
     * stopped); start, which restores and then resumes the CPUs; destroy
     * (QEMU reports the SIGTERM libvirt sends as a shutdown on the host's
     * request before it is stopped). */
    static const char expected[] =
        "SUSPENDED/PAUSED "
        "RESUMED/UNPAUSED "
        "SUSPENDED/PAUSED STOPPED/SAVED "
        "STARTED/RESTORED RESUMED/FROM_SNAPSHOT "
        "SHUTDOWN/HOST STOPPED/DESTROYED";
    g_autofree char *seen = NULL;
    guint first;

    require_fixture ();
    g_assert_nonnull (fx.kernel);
    g_assert_cmpint (vireo_domain_get_state (fx.kernel), ==, VIREO_DOMAIN_STATE_RUNNING);
    first = fx.events->len;

    g_assert_true (vireo_domain_can (fx.kernel, VIREO_DOMAIN_ACTION_PAUSE));
    run_action (fx.kernel, VIREO_DOMAIN_ACTION_PAUSE);
    vireo_test_qemu_assert_state (fx.kernel, VIREO_DOMAIN_STATE_PAUSED, STATE_TIMEOUT_MS);
    g_assert_true (vireo_domain_can (fx.kernel, VIREO_DOMAIN_ACTION_RESUME));

    run_action (fx.kernel, VIREO_DOMAIN_ACTION_RESUME);
    vireo_test_qemu_assert_state (fx.kernel, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);

    {
        g_autoptr(GError) error = NULL;

        g_assert_true (vireo_domain_save (fx.kernel, NULL, &error));
        g_assert_no_error (error);
    }
    vireo_test_qemu_assert_state (fx.kernel, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    g_assert_cmpint (vireo_domain_get_reason (fx.kernel), ==, VIR_DOMAIN_SHUTOFF_SAVED);
    g_assert_true (vireo_domain_get_has_managed_save (fx.kernel));
    g_assert_cmpint (vireo_test_qemu_read_pid (fx.root, KERNEL_GUEST), ==, 0);

    run_action (fx.kernel, VIREO_DOMAIN_ACTION_START);
    vireo_test_qemu_assert_state (fx.kernel, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    g_assert_false (vireo_domain_get_has_managed_save (fx.kernel));

    run_action (fx.kernel, VIREO_DOMAIN_ACTION_FORCE_OFF);
    vireo_test_qemu_assert_state (fx.kernel, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    g_assert_cmpint (vireo_domain_get_reason (fx.kernel), ==, VIR_DOMAIN_SHUTOFF_DESTROYED);
    g_assert_false (vireo_domain_is_active (fx.kernel));

    assert_event_arrives (first, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
    /* Nothing late. */
    vireo_test_qemu_spin (500);
    seen = format_events (first);
    g_test_message ("lifecycle events: %s", seen);
    g_assert_cmpstr (seen, ==, expected);
}

static void
test_crash (void)
{
    g_autofree char *serial = NULL;
    g_autofree char *state = NULL;
    gint64 deadline;
    guint first;
    pid_t pid;

    require_fixture ();
    g_assert_nonnull (fx.kernel);
    run_action (fx.kernel, VIREO_DOMAIN_ACTION_START);
    vireo_test_qemu_assert_state (fx.kernel, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    serial = vireo_test_qemu_serial_path (fx.root, KERNEL_GUEST);
    vireo_test_qemu_assert_marker (serial, MARKER_TIMEOUT_MS);

    pid = vireo_test_qemu_read_pid (fx.root, KERNEL_GUEST);
    g_assert_cmpint (pid, >, 1);
    first = fx.events->len;
    g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

    deadline = g_get_monotonic_time () + (gint64) STATE_TIMEOUT_MS * 1000;
    while (vireo_domain_get_state (fx.kernel) == VIREO_DOMAIN_STATE_RUNNING &&
           g_get_monotonic_time () < deadline)
        vireo_test_qemu_spin (20);
    state = vireo_test_qemu_describe_state (fx.kernel);
    g_test_message ("after kill -9 of QEMU %d: %s", (int) pid, state);
    /* libvirt 9.0 reports a QEMU that died under it (end of file on the
     * monitor) as shut off with reason "failed", not as crashed. */
    g_assert_cmpint (vireo_domain_get_state (fx.kernel), ==, VIREO_DOMAIN_STATE_SHUTOFF);
    g_assert_cmpint (vireo_domain_get_reason (fx.kernel), ==, VIR_DOMAIN_SHUTOFF_FAILED);
    g_assert_false (vireo_domain_is_active (fx.kernel));
    assert_event_arrives (first, VIR_DOMAIN_EVENT_STOPPED, VIR_DOMAIN_EVENT_STOPPED_FAILED);

    /* The connection survived and the domain starts again. */
    g_assert_cmpint (vireo_connection_get_state (fx.conn), ==,
                     VIREO_CONNECTION_STATE_ACTIVE);
    g_assert_true (vireo_connection_find_domain (fx.conn, KERNEL_GUEST) == fx.kernel);
    run_action (fx.kernel, VIREO_DOMAIN_ACTION_START);
    vireo_test_qemu_assert_state (fx.kernel, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    g_assert_cmpint (vireo_test_qemu_read_pid (fx.root, KERNEL_GUEST), !=, pid);
    vireo_test_qemu_assert_marker (serial, MARKER_TIMEOUT_MS);

    run_action (fx.kernel, VIREO_DOMAIN_ACTION_FORCE_OFF);
    vireo_test_qemu_assert_state (fx.kernel, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
}

static void
test_iso (void)
{
    g_autofree char *xml = NULL;
    g_autofree char *iso = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GError) error = NULL;
    VireoDomain *domain;

    require_fixture ();
    xml = vireo_test_qemu_iso_xml (ISO_GUEST, fx.media);
    domain = define_domain (xml);

    iso = g_build_filename (fx.media, "grub-rescue-cdrom.iso", NULL);
    disks = vireo_domain_list_disks (domain, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (disks->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (disks, 0), ==, iso);

    run_action (domain, VIREO_DOMAIN_ACTION_START);
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);
    g_assert_cmpint (vireo_test_qemu_read_pid (fx.root, ISO_GUEST), >, 0);
    /* Let the firmware read the CD: QEMU must still be there after it. */
    vireo_test_qemu_spin (2000);
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);

    run_action (domain, VIREO_DOMAIN_ACTION_FORCE_OFF);
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_SHUTOFF, STATE_TIMEOUT_MS);
    g_assert_cmpint (vireo_domain_get_reason (domain), ==, VIR_DOMAIN_SHUTOFF_DESTROYED);
    g_assert_cmpint (vireo_test_qemu_read_pid (fx.root, ISO_GUEST), ==, 0);
}

static void
test_delete (void)
{
    VireoStorage *storage;
    g_autofree char *path = NULL;
    g_autofree char *device = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    VireoDomain *domain;
    guint n_domains;

    require_fixture ();
    storage = vireo_connection_get_storage (fx.conn);
    g_assert_true (VIREO_IS_STORAGE (storage));
    path = vireo_storage_create_volume (storage, NULL, DISK_GUEST ".qcow2", "qcow2",
                                        64 * 1024 * 1024, &error);
    g_assert_no_error (error);
    g_assert_nonnull (path);
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

    device = g_markup_printf_escaped (
        "    <disk type='file' device='disk'>\n"
        "      <driver name='qemu' type='qcow2'/>\n"
        "      <source file='%s'/>\n"
        "      <target dev='vda' bus='virtio'/>\n"
        "    </disk>\n", path);
    xml = vireo_test_qemu_kernel_xml (DISK_GUEST, fx.media, fx.root, device);
    domain = g_object_ref (define_domain (xml));
    n_domains = vireo_connection_list_domains (fx.conn)->len;

    /* Running: delete has to force it off first. */
    run_action (domain, VIREO_DOMAIN_ACTION_START);
    vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_RUNNING, STATE_TIMEOUT_MS);

    disks = vireo_domain_list_disks (domain, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (disks->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (disks, 0), ==, path);
    g_ptr_array_add (disks, NULL);

    vireo_domain_delete_async (domain, VIREO_DOMAIN_DELETE_REMOVE_DISKS,
                               (const char * const *) disks->pdata, NULL,
                               vireo_test_store_result_cb, &result);
    if (vireo_test_wait_result (&result, ACTION_TIMEOUT_MS) == NULL)
        g_error ("deleting %s did not finish within %u s", DISK_GUEST,
                 ACTION_TIMEOUT_MS / 1000);
    g_assert_true (vireo_domain_delete_finish (domain, result, &error));
    g_assert_no_error (error);

    assert_name_seen (fx.removed, DISK_GUEST, "domain-removed");
    g_assert_null (vireo_connection_find_domain (fx.conn, DISK_GUEST));
    g_assert_cmpuint (vireo_connection_list_domains (fx.conn)->len, ==, n_domains - 1);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_cmpint (vireo_test_qemu_read_pid (fx.root, DISK_GUEST), ==, 0);
    /* The guest media the domain booted from is not one of its disks. */
    {
        g_autofree char *kernel = g_build_filename (fx.media, "vmlinuz", NULL);

        g_assert_true (g_file_test (kernel, G_FILE_TEST_IS_REGULAR));
    }
    g_object_unref (domain);
}

static void
test_cleanup (void)
{
    GPtrArray *domains;

    require_fixture ();
    domains = vireo_connection_list_domains (fx.conn);
    for (guint i = 0; i < domains->len; i++) {
        VireoDomain *domain = g_ptr_array_index (domains, i);

        if (vireo_domain_is_active (domain)) {
            run_action (domain, VIREO_DOMAIN_ACTION_FORCE_OFF);
            vireo_test_qemu_assert_state (domain, VIREO_DOMAIN_STATE_SHUTOFF,
                                          STATE_TIMEOUT_MS);
        }
    }
    g_clear_object (&fx.kernel);
    vireo_connection_close (fx.conn);
    g_assert_cmpint (vireo_connection_get_state (fx.conn), ==,
                     VIREO_CONNECTION_STATE_DISCONNECTED);
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
    fx.events = g_array_new (FALSE, FALSE, sizeof (LifecycleEvent));
    fx.added = g_ptr_array_new_with_free_func (g_free);
    fx.removed = g_ptr_array_new_with_free_func (g_free);

    /* In order: each case builds on the ones before. */
    g_test_add_func ("/vireo/qemu-lifecycle/media", test_media);
    g_test_add_func ("/vireo/qemu-lifecycle/open", test_open);
    g_test_add_func ("/vireo/qemu-lifecycle/boot", test_boot);
    g_test_add_func ("/vireo/qemu-lifecycle/stats", test_stats);
    g_test_add_func ("/vireo/qemu-lifecycle/actions", test_actions);
    g_test_add_func ("/vireo/qemu-lifecycle/crash", test_crash);
    g_test_add_func ("/vireo/qemu-lifecycle/iso", test_iso);
    g_test_add_func ("/vireo/qemu-lifecycle/delete", test_delete);
    g_test_add_func ("/vireo/qemu-lifecycle/cleanup", test_cleanup);
    status = g_test_run ();

    /* A case that failed without aborting leaves the root behind. */
    if (fx.root != NULL)
        vireo_test_qemu_cleanup_root (fx.root);
    g_clear_object (&fx.kernel);
    g_clear_object (&fx.conn);
    g_array_unref (fx.events);
    g_ptr_array_unref (fx.added);
    g_ptr_array_unref (fx.removed);
    g_free (fx.media);
    return status;
}
