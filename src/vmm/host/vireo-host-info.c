/* vireo-host-info.c: the host's names, versions, CPU and memory
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "vireo-host-info.h"
#include "vireo-host-private.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

G_DEFINE_BOXED_TYPE (VireoHostInfo, vireo_host_info, vireo_host_info_copy, vireo_host_info_free)

typedef struct {
    VireoHostInfoFlags flags;
    VireoHostInfo     *info;
} ReadData;

/* Helpers */

static void
read_data_free (gpointer user_data)
{
    ReadData *data = user_data;

    g_clear_pointer (&data->info, vireo_host_info_free);
    g_free (data);
}

static guint
attr_uint (xmlNode    *node,
           const char *name)
{
    g_autofree char *text = _vireo_host_xml_attr (node, name);

    return text != NULL ? (guint) g_ascii_strtoull (text, NULL, 10) : 0;
}

/* The CPU of the capabilities' <host>: model, vendor, and the topology
 * when libvirt gives it (it does for QEMU). */
static void
read_capabilities (virConnectPtr  conn,
                   VireoHostInfo *info)
{
    g_autofree char *caps = virConnectGetCapabilities (conn);
    g_autoptr(xmlDoc) doc = _vireo_host_xml_parse (caps);
    xmlNode *host, *cpu, *topology, *cells;
    g_autofree char *arch = NULL;

    if (doc == NULL) {
        virResetLastError ();
        return;
    }
    host = _vireo_host_xml_child (xmlDocGetRootElement (doc), "host");
    cpu = _vireo_host_xml_child (host, "cpu");
    arch = _vireo_host_xml_child_text (cpu, "arch");
    if (arch != NULL && *arch != '\0') {
        g_free (info->arch);
        info->arch = g_steal_pointer (&arch);
    }
    info->cpu_model = _vireo_host_xml_child_text (cpu, "model");
    info->cpu_vendor = _vireo_host_xml_child_text (cpu, "vendor");
    topology = _vireo_host_xml_child (cpu, "topology");
    if (topology != NULL && attr_uint (topology, "sockets") > 0) {
        guint dies = MAX (attr_uint (topology, "dies"), 1);

        info->sockets = attr_uint (topology, "sockets");
        info->cores = attr_uint (topology, "cores") * dies;
        info->threads = attr_uint (topology, "threads");
    }
    cells = _vireo_host_xml_child (_vireo_host_xml_child (host, "topology"), "cells");
    if (cells != NULL && attr_uint (cells, "num") > 0)
        info->numa_nodes = attr_uint (cells, "num");
}

static gboolean
read_info_run (virConnectPtr conn,
               gpointer      user_data,
               GCancellable *cancellable,
               GError      **error)
{
    ReadData *data = user_data;
    g_autoptr(VireoHostInfo) info = g_new0 (VireoHostInfo, 1);
    virNodeInfo node;
    unsigned long version = 0;
    const char *type;

    if (virNodeGetInfo (conn, &node) < 0) {
        vireo_vmm_set_error_from_libvirt (error, _("The host’s processors and memory could "
                                                   "not be read"));
        return FALSE;
    }
    info->arch = g_strdup (node.model);
    info->cpus = node.cpus;
    info->mhz = node.mhz;
    info->memory_kib = node.memory;
    info->numa_nodes = node.nodes;
    info->sockets = node.sockets * MAX (node.nodes, 1);
    info->cores = node.cores;
    info->threads = node.threads;

    info->uri = virConnectGetURI (conn);
    info->hostname = virConnectGetHostname (conn);
    type = virConnectGetType (conn);
    info->hypervisor = g_strdup (type);
    if (virConnectGetLibVersion (conn, &version) == 0 ||
        virGetVersion (&version, NULL, NULL) == 0)
        info->libvirt_version = vireo_host_format_version (version);
    /* Names and versions a driver does not give are left out. */
    virResetLastError ();
    if (data->flags & VIREO_HOST_INFO_CAPABILITIES) {
        /* QEMU's version is its capabilities'. */
        if (virConnectGetVersion (conn, &version) == 0 && version > 0)
            info->hypervisor_version = vireo_host_format_version (version);
        virResetLastError ();
        read_capabilities (conn, info);
        info->with_capabilities = TRUE;
    }
    data->info = g_steal_pointer (&info);
    return TRUE;
}

/* Public API */

VireoHostInfo *
vireo_host_info_copy (const VireoHostInfo *info)
{
    VireoHostInfo *copy;

    g_return_val_if_fail (info != NULL, NULL);

    copy = g_memdup2 (info, sizeof *info);
    copy->uri = g_strdup (info->uri);
    copy->hostname = g_strdup (info->hostname);
    copy->hypervisor = g_strdup (info->hypervisor);
    copy->hypervisor_version = g_strdup (info->hypervisor_version);
    copy->libvirt_version = g_strdup (info->libvirt_version);
    copy->arch = g_strdup (info->arch);
    copy->cpu_model = g_strdup (info->cpu_model);
    copy->cpu_vendor = g_strdup (info->cpu_vendor);
    return copy;
}

void
vireo_host_info_free (VireoHostInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->uri);
    g_free (info->hostname);
    g_free (info->hypervisor);
    g_free (info->hypervisor_version);
    g_free (info->libvirt_version);
    g_free (info->arch);
    g_free (info->cpu_model);
    g_free (info->cpu_vendor);
    g_free (info);
}

char *
vireo_host_info_dup_topology (const VireoHostInfo *info)
{
    g_autofree char *sockets = NULL;
    g_autofree char *cores = NULL;
    g_autofree char *threads = NULL;

    g_return_val_if_fail (info != NULL, NULL);

    sockets = g_strdup_printf (ngettext ("%u socket", "%u sockets", info->sockets),
                               info->sockets);
    cores = g_strdup_printf (ngettext ("%u core", "%u cores", info->cores),
                             info->cores);
    threads = g_strdup_printf (ngettext ("%u thread", "%u threads", info->threads),
                               info->threads);
    /* TRANSLATORS: sockets, cores per socket, threads per core: "2 sockets, 4 cores, 2
     * threads" */
    return g_strdup_printf (_("%s, %s, %s"), sockets, cores, threads);
}

char *
vireo_host_format_version (unsigned long version)
{
    return g_strdup_printf ("%lu.%lu.%lu", version / 1000000, (version / 1000) % 1000,
                            version % 1000);
}

VireoHostInfo *
vireo_host_read_info (VireoConnection   *connection,
                      VireoHostInfoFlags flags,
                      GCancellable      *cancellable,
                      GError           **error)
{
    ReadData data = { flags, NULL };

    g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (!_vireo_host_call (connection, read_info_run, &data, cancellable, error))
        return NULL;
    return data.info;
}

void
vireo_host_read_info_async (VireoConnection    *connection,
                            VireoHostInfoFlags  flags,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
    ReadData *data;

    g_return_if_fail (VIREO_IS_CONNECTION (connection));

    data = g_new0 (ReadData, 1);
    data->flags = flags;
    _vireo_host_call_async (connection, vireo_host_read_info_async, read_info_run, data,
                            read_data_free, cancellable, callback, user_data);
}

VireoHostInfo *
vireo_host_read_info_finish (VireoConnection *connection,
                             GAsyncResult    *result,
                             GError         **error)
{
    ReadData *data = _vireo_host_call_finish (connection, result, vireo_host_read_info_async,
                                              error);

    return data != NULL ? g_steal_pointer (&data->info) : NULL;
}
