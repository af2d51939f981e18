/* vireo-install-spec.c: what a new VM should be, as plain data
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-install-spec.h"

#include <glib/gi18n.h>

#include "vireo-vmm-error.h"

VireoInstallProps *
vireo_install_props_new (void)
{
    VireoInstallProps *props = g_new0 (VireoInstallProps, 1);

    props->keys = g_ptr_array_new_with_free_func (g_free);
    props->values = g_ptr_array_new_with_free_func (g_free);
    return props;
}

void
vireo_install_props_free (VireoInstallProps *props)
{
    if (props == NULL)
        return;
    g_ptr_array_unref (props->keys);
    g_ptr_array_unref (props->values);
    g_free (props);
}

void
vireo_install_props_set (VireoInstallProps *props,
                         const char        *key,
                         const char        *value)
{
    g_return_if_fail (props != NULL);
    g_return_if_fail (key != NULL);

    for (guint i = 0; i < props->keys->len; i++) {
        if (g_str_equal (g_ptr_array_index (props->keys, i), key)) {
            g_free (props->values->pdata[i]);
            props->values->pdata[i] = g_strdup (value ? value : "");
            return;
        }
    }
    g_ptr_array_add (props->keys, g_strdup (key));
    g_ptr_array_add (props->values, g_strdup (value ? value : ""));
}

const char *
vireo_install_props_get (const VireoInstallProps *props,
                         const char              *key)
{
    if (props == NULL)
        return NULL;
    for (guint i = 0; i < props->keys->len; i++) {
        if (g_str_equal (g_ptr_array_index (props->keys, i), key))
            return g_ptr_array_index (props->values, i);
    }
    return NULL;
}

VireoInstallDisk *
vireo_install_disk_new (void)
{
    VireoInstallDisk *disk = g_new0 (VireoInstallDisk, 1);

    disk->extra = vireo_install_props_new ();
    return disk;
}

void
vireo_install_disk_free (VireoInstallDisk *disk)
{
    if (disk == NULL)
        return;
    g_free (disk->path);
    g_free (disk->pool);
    g_free (disk->vol);
    g_free (disk->format);
    g_free (disk->bus);
    g_free (disk->device);
    g_free (disk->cache);
    g_free (disk->io);
    g_free (disk->discard);
    g_free (disk->target_dev);
    g_free (disk->backing_store);
    g_free (disk->backing_format);
    vireo_install_props_free (disk->extra);
    g_free (disk);
}

VireoInstallNetwork *
vireo_install_network_new (void)
{
    VireoInstallNetwork *net = g_new0 (VireoInstallNetwork, 1);

    net->extra = vireo_install_props_new ();
    return net;
}

void
vireo_install_network_free (VireoInstallNetwork *net)
{
    if (net == NULL)
        return;
    g_free (net->type);
    g_free (net->source);
    g_free (net->model);
    g_free (net->mac);
    g_free (net->source_mode);
    g_free (net->target_dev);
    g_free (net->link_state);
    vireo_install_props_free (net->extra);
    g_free (net);
}

VireoInstallGraphics *
vireo_install_graphics_new (void)
{
    VireoInstallGraphics *gfx = g_new0 (VireoInstallGraphics, 1);

    gfx->extra = vireo_install_props_new ();
    return gfx;
}

void
vireo_install_graphics_free (VireoInstallGraphics *gfx)
{
    if (gfx == NULL)
        return;
    g_free (gfx->type);
    g_free (gfx->listen);
    g_free (gfx->password);
    g_free (gfx->keymap);
    g_free (gfx->rendernode);
    vireo_install_props_free (gfx->extra);
    g_free (gfx);
}

VireoInstallDevice *
vireo_install_device_new (const char *type)
{
    VireoInstallDevice *dev = g_new0 (VireoInstallDevice, 1);

    dev->type = g_strdup (type);
    dev->props = vireo_install_props_new ();
    return dev;
}

void
vireo_install_device_free (VireoInstallDevice *dev)
{
    if (dev == NULL)
        return;
    g_free (dev->type);
    vireo_install_props_free (dev->props);
    g_free (dev);
}

VireoInstallSpec *
vireo_install_spec_new (void)
{
    VireoInstallSpec *spec = g_new0 (VireoInstallSpec, 1);
    GDestroyNotify dev_free = (GDestroyNotify) vireo_install_device_free;

    spec->boot_devs = g_ptr_array_new_with_free_func (g_free);
    spec->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_install_disk_free);
    spec->networks = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vireo_install_network_free);
    spec->graphics = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vireo_install_graphics_free);
    spec->videos = g_ptr_array_new_with_free_func (dev_free);
    spec->sounds = g_ptr_array_new_with_free_func (dev_free);
    spec->controllers = g_ptr_array_new_with_free_func (dev_free);
    spec->inputs = g_ptr_array_new_with_free_func (dev_free);
    spec->serials = g_ptr_array_new_with_free_func (dev_free);
    spec->consoles = g_ptr_array_new_with_free_func (dev_free);
    spec->channels = g_ptr_array_new_with_free_func (dev_free);
    spec->hostdevs = g_ptr_array_new_with_free_func (dev_free);
    spec->filesystems = g_ptr_array_new_with_free_func (dev_free);
    spec->redirdevs = g_ptr_array_new_with_free_func (dev_free);
    spec->cpu_features = vireo_install_props_new ();
    spec->features = vireo_install_props_new ();
    spec->clock = vireo_install_props_new ();
    spec->memory_backing = vireo_install_props_new ();
    spec->check = vireo_install_props_new ();
    spec->boot = vireo_install_props_new ();
    return spec;
}

void
vireo_install_spec_free (VireoInstallSpec *spec)
{
    if (spec == NULL)
        return;
    g_free (spec->name);
    g_free (spec->cpuset);
    g_free (spec->cpu_mode);
    g_free (spec->cpu_model);
    g_free (spec->cpu_match);
    vireo_install_props_free (spec->cpu_features);
    g_free (spec->os_name);
    g_free (spec->os_id);
    g_free (spec->cdrom);
    g_free (spec->location);
    g_free (spec->location_kernel);
    g_free (spec->location_initrd);
    g_free (spec->extra_args);
    g_ptr_array_unref (spec->boot_devs);
    g_free (spec->firmware);
    g_free (spec->loader);
    g_free (spec->kernel);
    g_free (spec->initrd);
    g_free (spec->cmdline);
    vireo_install_props_free (spec->boot);
    g_ptr_array_unref (spec->disks);
    g_ptr_array_unref (spec->networks);
    g_ptr_array_unref (spec->graphics);
    g_ptr_array_unref (spec->videos);
    g_ptr_array_unref (spec->sounds);
    g_ptr_array_unref (spec->controllers);
    g_ptr_array_unref (spec->inputs);
    g_ptr_array_unref (spec->serials);
    g_ptr_array_unref (spec->consoles);
    g_ptr_array_unref (spec->channels);
    g_ptr_array_unref (spec->hostdevs);
    g_ptr_array_unref (spec->filesystems);
    g_ptr_array_unref (spec->redirdevs);
    vireo_install_device_free (spec->tpm);
    vireo_install_device_free (spec->rng);
    vireo_install_device_free (spec->watchdog);
    vireo_install_device_free (spec->panic);
    vireo_install_device_free (spec->memballoon);
    vireo_install_props_free (spec->features);
    vireo_install_props_free (spec->clock);
    vireo_install_props_free (spec->memory_backing);
    g_free (spec->virt_type);
    g_free (spec->arch);
    g_free (spec->machine);
    vireo_install_props_free (spec->unattended);
    vireo_install_props_free (spec->cloud_init);
    vireo_install_props_free (spec->check);
    g_free (spec);
}

gboolean
vireo_install_parse_onoff (const char    *key,
                           const char    *value,
                           VireoTristate *out,
                           GError       **error)
{
    static const char * const on[] = { "on", "yes", "true", "1", "y", NULL };
    static const char * const off[] = { "off", "no", "false", "0", "n", NULL };
    g_autofree char *lower = NULL;

    g_return_val_if_fail (out != NULL, FALSE);

    if (value == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("Option “%s” had no value set."), key);
        return FALSE;
    }
    lower = g_ascii_strdown (value, -1);
    if (g_strv_contains (on, lower)) {
        *out = VIREO_TRISTATE_ON;
        return TRUE;
    }
    if (g_strv_contains (off, lower)) {
        *out = VIREO_TRISTATE_OFF;
        return TRUE;
    }
    g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                 _("Value “%s” of “%s” is not on or off."), value, key);
    return FALSE;
}

const char *
vireo_install_method_option (VireoInstallMethod method)
{
    switch (method) {
    case VIREO_INSTALL_METHOD_CDROM:
        return "--cdrom";
    case VIREO_INSTALL_METHOD_LOCATION:
        return "--location";
    case VIREO_INSTALL_METHOD_PXE:
        return "--pxe";
    case VIREO_INSTALL_METHOD_IMPORT:
        return "--import";
    case VIREO_INSTALL_METHOD_KERNEL:
        return "--boot kernel=";
    case VIREO_INSTALL_METHOD_NONE:
    default:
        return "";
    }
}
