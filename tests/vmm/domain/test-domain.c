/* test-domain.c: VireoDomain lifecycle actions, delete and state table
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "vireo-vmm.h"
#include "vireo-connection-private.h"
#include "vireo-test-util.h"

#define TIMEOUT_MS 10000

typedef struct {
    char            *dir;
    char            *uri;
    VireoConnection *conn;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
    g_autofree char *node = NULL;
    g_autoptr(GError) error = NULL;

    fx->dir = vireo_test_mkdtemp ("vireo-test-domain-XXXXXX");
    node = g_build_filename (fx->dir, "node.xml", NULL);
    vireo_test_write_node_xml (node, 3, &error);
    g_assert_no_error (error);
    fx->uri = g_strconcat ("test://", node, NULL);
    fx->conn = vireo_connection_new (fx->uri);
    g_assert_true (vireo_connection_open (fx->conn, NULL, &error));
    g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
    vireo_connection_close (fx->conn);
    g_clear_object (&fx->conn);
    vireo_test_rmtree (fx->dir);
    g_free (fx->dir);
    g_free (fx->uri);
}

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
/* vireo_domain_can() for every state and action */

typedef struct {
    VireoDomainState state;
    const char      *allowed;   /* letters: s=start d=shutdown b=reboot r=reset f=force-off
                                 * p=pause u=resume v=save x=delete */
} CanCase;

static const CanCase can_cases[] = {
    { VIREO_DOMAIN_STATE_NOSTATE, "x" },
    { VIREO_DOMAIN_STATE_RUNNING, "dbrfpvx" },
    { VIREO_DOMAIN_STATE_BLOCKED, "dbrfpvx" },
    { VIREO_DOMAIN_STATE_PAUSED, "rfuvx" },
    { VIREO_DOMAIN_STATE_SHUTDOWN, "fx" },
    { VIREO_DOMAIN_STATE_SHUTOFF, "sx" },
    { VIREO_DOMAIN_STATE_CRASHED, "sfx" },
    { VIREO_DOMAIN_STATE_PMSUSPENDED, "fx" },
};

static const struct {
    VireoDomainAction action;
    char              letter;
} action_letters[] = {
    { VIREO_DOMAIN_ACTION_START, 's' },
    { VIREO_DOMAIN_ACTION_SHUTDOWN, 'd' },
    { VIREO_DOMAIN_ACTION_REBOOT, 'b' },
    { VIREO_DOMAIN_ACTION_RESET, 'r' },
    { VIREO_DOMAIN_ACTION_FORCE_OFF, 'f' },
    { VIREO_DOMAIN_ACTION_PAUSE, 'p' },
    { VIREO_DOMAIN_ACTION_RESUME, 'u' },
    { VIREO_DOMAIN_ACTION_SAVE, 'v' },
    { VIREO_DOMAIN_ACTION_DELETE, 'x' },
};

static void
test_can_table (Fixture       *fx,
                gconstpointer  data)
{
    VireoDomain *domain = vireo_connection_find_domain (fx->conn, "vm-0001");

    g_assert_nonnull (domain);
    for (gsize i = 0; i < G_N_ELEMENTS (can_cases); i++) {
        const CanCase *c = &can_cases[i];

        _vireo_domain_set_state (domain, c->state, 0);
        g_assert_cmpint (vireo_domain_get_state (domain), ==, c->state);
        for (gsize j = 0; j < G_N_ELEMENTS (action_letters); j++) {
            gboolean expected = strchr (c->allowed, action_letters[j].letter) != NULL;

            if (vireo_domain_can (domain, action_letters[j].action) != expected)
                g_error ("state %d action %c: expected %d", c->state, action_letters[j].letter,
                         expected);
        }
    }
}

static void
count_event_cb (VireoDomain         *domain,
                VireoDomainEventKind kind,
                int                  detail,
                int                  detail2,
                const char          *text,
                guint               *count)
{
    (*count)++;
}

/* An action the state forbids fails before libvirt is called. */
static void
test_invalid_state (Fixture       *fx,
                    gconstpointer  data)
{
    static const struct {
        VireoDomainAction action;
        const char       *text;
    } cases[] = {
        { VIREO_DOMAIN_ACTION_START, "cannot be started" },
        { VIREO_DOMAIN_ACTION_RESUME, "cannot be resumed" },
    };
    VireoDomain *domain = vireo_connection_find_domain (fx->conn, "vm-0001");
    virDomainPtr raw = vireo_domain_get_handle (domain);
    guint n_events = 0;
    int state = -1;

    g_signal_connect (domain, "event", G_CALLBACK (count_event_cb), &n_events);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(GAsyncResult) result = NULL;

        g_assert_false (vireo_domain_run_action (domain, cases[i].action, NULL, &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
        g_assert_nonnull (strstr (error->message, cases[i].text));
        g_assert_nonnull (strstr (error->message, "vm-0001"));
        g_clear_error (&error);

        vireo_domain_run_action_async (domain, cases[i].action, NULL,
                                       vireo_test_store_result_cb, &result);
        g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
        g_assert_false (vireo_domain_run_action_finish (domain, result, &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE);
    }
    /* libvirt still has it running: nothing was sent. */
    g_assert_cmpint (virDomainGetState (raw, &state, NULL, 0), ==, 0);
    g_assert_cmpint (state, ==, VIR_DOMAIN_RUNNING);
    spin (100);
    g_assert_cmpuint (n_events, ==, 0);
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
    g_signal_handlers_disconnect_by_data (domain, &n_events);

    /* DELETE is not a run_action action. */
    {
        g_autoptr(GError) error = NULL;

        g_assert_false (vireo_domain_run_action (domain, VIREO_DOMAIN_ACTION_DELETE, NULL,
                                                 &error));
        g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
    }
}

/* ------------------------------------------------------------------------ */
/* Actions */

typedef struct {
    const char       *name;
    VireoDomainAction action;
    VireoDomainState  state_after;
    int               reason_after;
    gboolean          managed_save_after;
} ActionStep;

/* A tour through every action, each valid in the state the previous one left. */
static const ActionStep action_steps[] = {
    { "pause", VIREO_DOMAIN_ACTION_PAUSE, VIREO_DOMAIN_STATE_PAUSED,
      VIR_DOMAIN_PAUSED_USER, FALSE },
    { "resume", VIREO_DOMAIN_ACTION_RESUME, VIREO_DOMAIN_STATE_RUNNING,
      VIR_DOMAIN_RUNNING_UNPAUSED, FALSE },
    { "save", VIREO_DOMAIN_ACTION_SAVE, VIREO_DOMAIN_STATE_SHUTOFF,
      VIR_DOMAIN_SHUTOFF_SAVED, TRUE },
    /* The test driver's reason after a restore varies between the state and
     * the event: only the state and the image being gone are checked. */
    { "start-restores", VIREO_DOMAIN_ACTION_START, VIREO_DOMAIN_STATE_RUNNING, -1, FALSE },
    { "reboot", VIREO_DOMAIN_ACTION_REBOOT, VIREO_DOMAIN_STATE_RUNNING, -1, FALSE },
    { "reset", VIREO_DOMAIN_ACTION_RESET, VIREO_DOMAIN_STATE_RUNNING, -1, FALSE },
    { "shutdown", VIREO_DOMAIN_ACTION_SHUTDOWN, VIREO_DOMAIN_STATE_SHUTOFF,
      VIR_DOMAIN_SHUTOFF_SHUTDOWN, FALSE },
    { "start", VIREO_DOMAIN_ACTION_START, VIREO_DOMAIN_STATE_RUNNING,
      VIR_DOMAIN_RUNNING_BOOTED, FALSE },
    { "force-off", VIREO_DOMAIN_ACTION_FORCE_OFF, VIREO_DOMAIN_STATE_SHUTOFF,
      VIR_DOMAIN_SHUTOFF_DESTROYED, FALSE },
    { "start-again", VIREO_DOMAIN_ACTION_START, VIREO_DOMAIN_STATE_RUNNING,
      VIR_DOMAIN_RUNNING_BOOTED, FALSE },
};

static void
check_step (VireoDomain      *domain,
            const ActionStep *step)
{
    virDomainPtr raw = vireo_domain_get_handle (domain);
    int state = -1;

    g_test_message ("after %s: %d/%d", step->name, vireo_domain_get_state (domain),
                    vireo_domain_get_reason (domain));
    g_assert_cmpint (vireo_domain_get_state (domain), ==, step->state_after);
    if (step->reason_after >= 0)
        g_assert_cmpint (vireo_domain_get_reason (domain), ==, step->reason_after);
    g_assert_cmpint (vireo_domain_get_has_managed_save (domain), ==, step->managed_save_after);
    if (step->state_after == VIREO_DOMAIN_STATE_SHUTOFF)
        g_assert_cmpint (vireo_domain_get_id (domain), ==, -1);
    else
        g_assert_cmpint (vireo_domain_get_id (domain), >, 0);
    /* What libvirt says agrees. */
    g_assert_cmpint (virDomainGetState (raw, &state, NULL, 0), ==, 0);
    g_assert_cmpint (state, ==, (int) step->state_after);
}

static gboolean
run_step_async (VireoDomain      *domain,
                VireoDomainAction action,
                GError          **error)
{
    g_autoptr(GAsyncResult) result = NULL;

    switch (action) {
    case VIREO_DOMAIN_ACTION_START:
        vireo_domain_start_async (domain, NULL, vireo_test_store_result_cb, &result);
        break;
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
        vireo_domain_shutdown_async (domain, NULL, vireo_test_store_result_cb, &result);
        break;
    case VIREO_DOMAIN_ACTION_REBOOT:
        vireo_domain_reboot_async (domain, NULL, vireo_test_store_result_cb, &result);
        break;
    case VIREO_DOMAIN_ACTION_RESET:
        vireo_domain_reset_async (domain, NULL, vireo_test_store_result_cb, &result);
        break;
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
        vireo_domain_force_off_async (domain, NULL, vireo_test_store_result_cb, &result);
        break;
    case VIREO_DOMAIN_ACTION_PAUSE:
        vireo_domain_pause_async (domain, NULL, vireo_test_store_result_cb, &result);
        break;
    case VIREO_DOMAIN_ACTION_RESUME:
        vireo_domain_resume_async (domain, NULL, vireo_test_store_result_cb, &result);
        break;
    case VIREO_DOMAIN_ACTION_SAVE:
        vireo_domain_save_async (domain, NULL, vireo_test_store_result_cb, &result);
        break;
    case VIREO_DOMAIN_ACTION_DELETE:
    default:
        g_assert_not_reached ();
    }
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    return vireo_domain_run_action_finish (domain, result, error);
}

static gboolean
run_step_sync (VireoDomain      *domain,
               VireoDomainAction action,
               GError          **error)
{
    switch (action) {
    case VIREO_DOMAIN_ACTION_START:
        return vireo_domain_start (domain, NULL, error);
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
        return vireo_domain_shutdown (domain, NULL, error);
    case VIREO_DOMAIN_ACTION_REBOOT:
        return vireo_domain_reboot (domain, NULL, error);
    case VIREO_DOMAIN_ACTION_RESET:
        return vireo_domain_reset (domain, NULL, error);
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
        return vireo_domain_force_off (domain, NULL, error);
    case VIREO_DOMAIN_ACTION_PAUSE:
        return vireo_domain_pause (domain, NULL, error);
    case VIREO_DOMAIN_ACTION_RESUME:
        return vireo_domain_resume (domain, NULL, error);
    case VIREO_DOMAIN_ACTION_SAVE:
        return vireo_domain_save (domain, NULL, error);
    case VIREO_DOMAIN_ACTION_DELETE:
    default:
        g_assert_not_reached ();
    }
}

static void
count_state_changed_cb (VireoDomain *domain,
                        guint       *count)
{
    (*count)++;
}

static void
run_action_tour (VireoConnection *conn,
                 gboolean         async)
{
    VireoDomain *domain = vireo_connection_find_domain (conn, "test");
    guint n_changed = 0;

    g_assert_nonnull (domain);
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
    g_signal_connect (domain, "state-changed", G_CALLBACK (count_state_changed_cb), &n_changed);

    for (gsize i = 0; i < G_N_ELEMENTS (action_steps); i++) {
        const ActionStep *step = &action_steps[i];
        g_autoptr(GError) error = NULL;
        gboolean ok;

        g_assert_true (vireo_domain_can (domain, step->action));
        ok = async ? run_step_async (domain, step->action, &error)
                   : run_step_sync (domain, step->action, &error);
        g_assert_no_error (error);
        g_assert_true (ok);
        /* Right after the call (state read back by the action)... */
        check_step (domain, step);
        /* ...and after the events have been applied too. */
        spin (30);
        check_step (domain, step);
    }
    g_assert_cmpuint (n_changed, >=, 8);
    g_signal_handlers_disconnect_by_data (domain, &n_changed);
}

static void
test_actions_default (gconstpointer data)
{
    gboolean async = GPOINTER_TO_INT (data);
    g_autoptr(VireoConnection) conn = vireo_connection_new ("test:///default");
    g_autoptr(GError) error = NULL;

    g_assert_true (vireo_connection_open (conn, NULL, &error));
    g_assert_no_error (error);
    run_action_tour (conn, async);
    vireo_connection_close (conn);
}

/* What the driver rejects comes back as a GError with libvirt's text. */
static void
test_action_rejected (Fixture       *fx,
                      gconstpointer  data)
{
    static const char *xml =
        "<domain type='test'><name>fleeting</name><memory unit='MiB'>128</memory>"
        "<os><type arch='x86_64'>hvm</type></os></domain>";
    g_autoptr(GError) error = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    virDomainPtr raw;
    VireoDomain *domain;

    raw = virDomainCreateXML (vireo_connection_get_handle (fx->conn), xml, 0);
    g_assert_nonnull (raw);
    for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
         vireo_connection_find_domain (fx->conn, "fleeting") == NULL &&
         g_get_monotonic_time () < end;)
        spin (5);
    domain = vireo_connection_find_domain (fx->conn, "fleeting");
    g_assert_nonnull (domain);
    g_assert_false (vireo_domain_get_persistent (domain));

    /* Managed save needs a persistent domain. */
    g_assert_true (vireo_domain_can (domain, VIREO_DOMAIN_ACTION_SAVE));
    g_assert_false (vireo_domain_save (domain, NULL, &error));
    g_assert_nonnull (error);
    g_test_message ("%s", error->message);
    g_assert_true (error->domain == VIREO_VMM_ERROR);
    g_assert_nonnull (strstr (error->message, "Could not save the state of “fleeting”: "));
    g_assert_nonnull (strstr (error->message, "transient"));
    g_clear_error (&error);

    vireo_domain_save_async (domain, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    g_assert_false (vireo_domain_save_finish (domain, result, &error));
    g_assert_nonnull (strstr (error->message, "transient"));
    g_assert_cmpint (vireo_domain_get_state (domain), ==, VIREO_DOMAIN_STATE_RUNNING);
    g_clear_error (&error);

    /* Forcing off a transient domain makes it disappear from the list. */
    g_object_ref (domain);
    g_assert_true (vireo_domain_force_off (domain, NULL, &error));
    g_assert_no_error (error);
    g_assert_null (vireo_connection_find_domain (fx->conn, "fleeting"));
    spin (50);
    g_assert_null (vireo_connection_find_domain (fx->conn, "fleeting"));
    g_object_unref (domain);
    virDomainFree (raw);
}

/* ------------------------------------------------------------------------ */
/* Disks and delete */

static void
test_list_disks (Fixture       *fx,
                 gconstpointer  data)
{
    VireoDomain *domain = vireo_connection_find_domain (fx->conn, "vm-0002");
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GPtrArray) disks_async = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    disks = vireo_domain_list_disks (domain, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (disks->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (disks, 0), ==, "/var/lib/vireo-test/vm-0002.qcow2");

    vireo_domain_list_disks_async (domain, NULL, vireo_test_store_result_cb, &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    disks_async = vireo_domain_list_disks_finish (domain, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (disks_async->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (disks_async, 0), ==, g_ptr_array_index (disks, 0));
}

static VireoDomain *
define_with_disks (Fixture    *fx,
                   const char *name,
                   const char *disk1,
                   const char *disk2)
{
    g_autoptr(GString) xml = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    VireoDomain *domain;

    g_string_append_printf (xml, "<domain type='test'><name>%s</name>"
                            "<memory unit='MiB'>128</memory>"
                            "<os><type arch='x86_64'>hvm</type></os><devices>", name);
    g_string_append_printf (xml, "<disk type='file' device='disk'><source file='%s'/>"
                            "<target dev='vda' bus='virtio'/></disk>", disk1);
    if (disk2 != NULL)
        g_string_append_printf (xml, "<disk type='file' device='disk'><source file='%s'/>"
                                "<target dev='vdb' bus='virtio'/></disk>", disk2);
    g_string_append (xml, "</devices></domain>");
    domain = vireo_connection_define_xml (fx->conn, xml->str, &error);
    g_assert_no_error (error);
    /* The connection's list holds it: hand back a borrowed pointer. */
    g_object_unref (domain);
    g_assert_true (vireo_connection_find_domain (fx->conn, name) == domain);
    return domain;
}

static gboolean
libvirt_knows (Fixture    *fx,
               const char *name)
{
    virDomainPtr raw = virDomainLookupByName (vireo_connection_get_handle (fx->conn), name);

    if (raw == NULL)
        return FALSE;
    virDomainFree (raw);
    return TRUE;
}

static void
count_removed_cb (VireoConnection *conn,
                  VireoDomain     *domain,
                  guint           *count)
{
    (*count)++;
}

static void
test_delete_running_keeps_disks (Fixture       *fx,
                                 gconstpointer  data)
{
    VireoDomain *domain = vireo_connection_find_domain (fx->conn, "vm-0001");
    g_autoptr(GError) error = NULL;
    guint removed = 0;

    g_signal_connect (fx->conn, "domain-removed", G_CALLBACK (count_removed_cb), &removed);
    g_assert_true (vireo_domain_is_active (domain));
    g_assert_true (vireo_domain_can (domain, VIREO_DOMAIN_ACTION_DELETE));
    g_assert_true (vireo_domain_delete (domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (removed, ==, 1);
    g_assert_null (vireo_connection_find_domain (fx->conn, "vm-0001"));
    g_assert_false (libvirt_knows (fx, "vm-0001"));
    /* The STOPPED/UNDEFINED events that follow change nothing. */
    spin (100);
    g_assert_cmpuint (removed, ==, 1);
    g_signal_handlers_disconnect_by_data (fx->conn, &removed);
}

static void
test_delete_with_disks (Fixture       *fx,
                        gconstpointer  data)
{
    g_autoptr(VireoStorage) storage = vireo_storage_dir_new (fx->dir);
    g_autofree char *disk1 = g_build_filename (fx->dir, "a.qcow2", NULL);
    g_autofree char *disk2 = g_build_filename (fx->dir, "b.raw", NULL);
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    VireoDomain *domain;
    gboolean async = GPOINTER_TO_INT (data);

    vireo_connection_set_storage (fx->conn, storage);
    g_assert_true (vireo_connection_get_storage (fx->conn) == storage);
    g_assert_true (g_file_set_contents (disk1, "qcow2", -1, NULL));
    g_assert_true (g_file_set_contents (disk2, "raw", -1, NULL));
    domain = define_with_disks (fx, "doomed", disk1, disk2);
    g_assert_true (vireo_domain_start (domain, NULL, &error));
    g_assert_no_error (error);

    disks = vireo_domain_list_disks (domain, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (disks->len, ==, 2);
    g_ptr_array_add (disks, NULL);

    if (async) {
        vireo_domain_delete_async (domain, VIREO_DOMAIN_DELETE_REMOVE_DISKS,
                                   (const char * const *) disks->pdata, NULL,
                                   vireo_test_store_result_cb, &result);
        g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
        g_assert_true (vireo_domain_delete_finish (domain, result, &error));
    } else {
        g_assert_true (vireo_domain_delete (domain, VIREO_DOMAIN_DELETE_REMOVE_DISKS,
                                            (const char * const *) disks->pdata, NULL,
                                            &error));
    }
    g_assert_no_error (error);
    g_assert_false (g_file_test (disk1, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (disk2, G_FILE_TEST_EXISTS));
    g_assert_null (vireo_connection_find_domain (fx->conn, "doomed"));
    g_assert_false (libvirt_knows (fx, "doomed"));
}

static void
test_delete_disk_failure (Fixture       *fx,
                          gconstpointer  data)
{
    g_autoptr(VireoStorage) storage = vireo_storage_dir_new (fx->dir);
    g_autofree char *inside = g_build_filename (fx->dir, "inside.qcow2", NULL);
    g_autofree char *outside_dir = vireo_test_mkdtemp ("vireo-test-outside-XXXXXX");
    g_autofree char *outside = g_build_filename (outside_dir, "outside.qcow2", NULL);
    g_autoptr(GError) error = NULL;
    const char *disks[] = { inside, outside, NULL };
    VireoDomain *domain;

    vireo_connection_set_storage (fx->conn, storage);
    g_assert_true (g_file_set_contents (inside, "x", -1, NULL));
    g_assert_true (g_file_set_contents (outside, "x", -1, NULL));
    domain = define_with_disks (fx, "half", inside, outside);

    g_assert_false (vireo_domain_delete (domain, VIREO_DOMAIN_DELETE_REMOVE_DISKS, disks, NULL,
                                         &error));
    g_assert_nonnull (error);
    g_test_message ("%s", error->message);
    /* The domain is gone either way, and the message says so and names the file. */
    g_assert_nonnull (strstr (error->message, "“half” was deleted"));
    g_assert_nonnull (strstr (error->message, outside));
    g_assert_null (strstr (error->message, inside));
    g_assert_null (vireo_connection_find_domain (fx->conn, "half"));
    g_assert_false (libvirt_knows (fx, "half"));
    g_assert_false (g_file_test (inside, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (outside, G_FILE_TEST_EXISTS));
    vireo_test_rmtree (outside_dir);
}

static void
test_delete_transient (Fixture       *fx,
                       gconstpointer  data)
{
    static const char *xml =
        "<domain type='test'><name>passing</name><memory unit='MiB'>128</memory>"
        "<os><type arch='x86_64'>hvm</type></os></domain>";
    g_autoptr(GError) error = NULL;
    virDomainPtr raw;
    VireoDomain *domain;

    raw = virDomainCreateXML (vireo_connection_get_handle (fx->conn), xml, 0);
    g_assert_nonnull (raw);
    virDomainFree (raw);
    for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
         vireo_connection_find_domain (fx->conn, "passing") == NULL &&
         g_get_monotonic_time () < end;)
        spin (5);
    domain = vireo_connection_find_domain (fx->conn, "passing");
    g_assert_nonnull (domain);
    g_assert_true (vireo_domain_delete (domain, VIREO_DOMAIN_DELETE_NONE, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_null (vireo_connection_find_domain (fx->conn, "passing"));
    g_assert_false (libvirt_knows (fx, "passing"));
}

/* ------------------------------------------------------------------------ */
/* Graphics sockets */

/* The test driver has no virDomainOpenGraphicsFD: the error names the VM
 * and carries libvirt's own reason, in both forms of the call. */
static void
test_graphics_fd_unsupported (Fixture       *fx,
                              gconstpointer  data)
{
    gboolean async = GPOINTER_TO_INT (data);
    VireoDomain *domain = vireo_connection_find_domain (fx->conn, "vm-0002");
    g_autoptr(GError) error = NULL;
    int fd;

    g_assert_nonnull (domain);
    if (async) {
        g_autoptr(GAsyncResult) result = NULL;

        vireo_domain_open_graphics_fd_async (domain, 0, NULL, vireo_test_store_result_cb,
                                             &result);
        g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
        fd = vireo_domain_open_graphics_fd_finish (domain, result, &error);
    } else {
        fd = vireo_domain_open_graphics_fd (domain, 0, NULL, &error);
    }
    g_assert_cmpint (fd, ==, -1);
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_UNSUPPORTED);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "Could not open the display of “vm-0002”"));
    g_assert_nonnull (strstr (error->message, "virDomainOpenGraphicsFD"));
}

static void
test_graphics_fd_cancelled (Fixture       *fx,
                            gconstpointer  data)
{
    VireoDomain *domain = vireo_connection_find_domain (fx->conn, "vm-0002");
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    g_cancellable_cancel (cancellable);
    g_assert_cmpint (vireo_domain_open_graphics_fd (domain, 0, cancellable, &error), ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    vireo_domain_open_graphics_fd_async (domain, 0, cancellable, vireo_test_store_result_cb,
                                         &result);
    g_assert_nonnull (vireo_test_wait_result (&result, TIMEOUT_MS));
    g_assert_cmpint (vireo_domain_open_graphics_fd_finish (domain, result, &error), ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ------------------------------------------------------------------------ */
/* Descriptions */

static void
test_state_describe (void)
{
    static const struct {
        VireoDomainState state;
        int              reason;
        const char      *text;
    } cases[] = {
        { VIREO_DOMAIN_STATE_RUNNING, VIR_DOMAIN_RUNNING_BOOTED, "Running" },
        { VIREO_DOMAIN_STATE_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED, "Running" },
        { VIREO_DOMAIN_STATE_BLOCKED, 0, "Blocked" },
        { VIREO_DOMAIN_STATE_PAUSED, VIR_DOMAIN_PAUSED_USER, "Paused" },
        { VIREO_DOMAIN_STATE_PAUSED, VIR_DOMAIN_PAUSED_IOERROR, "Paused (disk error)" },
        { VIREO_DOMAIN_STATE_PAUSED, VIR_DOMAIN_PAUSED_WATCHDOG, "Paused (watchdog)" },
        { VIREO_DOMAIN_STATE_SHUTDOWN, 0, "Shutting down" },
        { VIREO_DOMAIN_STATE_SHUTOFF, VIR_DOMAIN_SHUTOFF_SHUTDOWN, "Shutoff" },
        { VIREO_DOMAIN_STATE_SHUTOFF, VIR_DOMAIN_SHUTOFF_DESTROYED, "Shutoff" },
        { VIREO_DOMAIN_STATE_SHUTOFF, VIR_DOMAIN_SHUTOFF_CRASHED, "Shutoff (crashed)" },
        { VIREO_DOMAIN_STATE_SHUTOFF, VIR_DOMAIN_SHUTOFF_SAVED, "Shutoff (saved)" },
        { VIREO_DOMAIN_STATE_SHUTOFF, VIR_DOMAIN_SHUTOFF_FAILED, "Shutoff (crashed)" },
        { VIREO_DOMAIN_STATE_CRASHED, 0, "Crashed" },
        { VIREO_DOMAIN_STATE_CRASHED, VIR_DOMAIN_CRASHED_PANICKED, "Crashed (guest panic)" },
        { VIREO_DOMAIN_STATE_PMSUSPENDED, 0, "Suspended" },
        { VIREO_DOMAIN_STATE_NOSTATE, 0, "Unknown" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *text = vireo_domain_state_describe (cases[i].state, cases[i].reason);

        g_assert_cmpstr (text, ==, cases[i].text);
    }
    g_assert_cmpstr (vireo_domain_state_icon_name (VIREO_DOMAIN_STATE_RUNNING), ==,
                     "media-playback-start-symbolic");
    g_assert_cmpstr (vireo_domain_state_icon_name (VIREO_DOMAIN_STATE_PAUSED), ==,
                     "media-playback-pause-symbolic");
    g_assert_cmpstr (vireo_domain_state_icon_name (VIREO_DOMAIN_STATE_SHUTOFF), ==,
                     "system-shutdown-symbolic");
    g_assert_cmpstr (vireo_domain_state_icon_name (VIREO_DOMAIN_STATE_CRASHED), ==,
                     "dialog-error-symbolic");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
    (*count)++;
}

static void
test_properties (Fixture       *fx,
                 gconstpointer  data)
{
    VireoDomain *domain = vireo_connection_find_domain (fx->conn, "vm-0003");
    g_autofree char *name = NULL;
    g_autofree char *uuid = NULL;
    g_autoptr(VireoConnection) conn = NULL;
    g_autoptr(GError) error = NULL;
    VireoDomainState state;
    guint n_state_notify = 0;
    int id;

    g_object_get (domain, "name", &name, "uuid", &uuid, "id", &id, "state", &state,
                  "connection", &conn, NULL);
    g_assert_cmpstr (name, ==, "vm-0003");
    g_assert_cmpstr (uuid, ==, vireo_domain_get_uuid (domain));
    g_assert_cmpint (id, ==, vireo_domain_get_id (domain));
    g_assert_cmpint (state, ==, VIREO_DOMAIN_STATE_RUNNING);
    g_assert_true (conn == fx->conn);

    g_signal_connect (domain, "notify::state", G_CALLBACK (count_notify_cb), &n_state_notify);
    g_assert_true (vireo_domain_pause (domain, NULL, &error));
    g_assert_cmpuint (n_state_notify, ==, 1);
    spin (50);
    /* The SUSPENDED event agrees with the state already set: no second notify. */
    g_assert_cmpuint (n_state_notify, ==, 1);
    g_signal_handlers_disconnect_by_data (domain, &n_state_notify);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
    g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

    ADD ("/vireo/domain/can/table", NULL, test_can_table);
    ADD ("/vireo/domain/actions/invalid-state", NULL, test_invalid_state);
    g_test_add_data_func ("/vireo/domain/actions/default/sync", GINT_TO_POINTER (FALSE),
                          test_actions_default);
    g_test_add_data_func ("/vireo/domain/actions/default/async", GINT_TO_POINTER (TRUE),
                          test_actions_default);
    ADD ("/vireo/domain/actions/rejected-by-driver", NULL, test_action_rejected);
    ADD ("/vireo/domain/disks/list", NULL, test_list_disks);
    ADD ("/vireo/domain/delete/running-keeps-disks", NULL, test_delete_running_keeps_disks);
    ADD ("/vireo/domain/delete/with-disks/sync", GINT_TO_POINTER (FALSE), test_delete_with_disks);
    ADD ("/vireo/domain/delete/with-disks/async", GINT_TO_POINTER (TRUE), test_delete_with_disks);
    ADD ("/vireo/domain/delete/disk-failure", NULL, test_delete_disk_failure);
    ADD ("/vireo/domain/delete/transient", NULL, test_delete_transient);
    ADD ("/vireo/domain/properties", NULL, test_properties);
    ADD ("/vireo/domain/graphics-fd/unsupported/sync", GINT_TO_POINTER (FALSE),
         test_graphics_fd_unsupported);
    ADD ("/vireo/domain/graphics-fd/unsupported/async", GINT_TO_POINTER (TRUE),
         test_graphics_fd_unsupported);
    ADD ("/vireo/domain/graphics-fd/cancelled", NULL, test_graphics_fd_cancelled);
    g_test_add_func ("/vireo/domain/state-describe", test_state_describe);

#undef ADD
    return g_test_run ();
}
