/* vireo-domain-clone.c: a copy of a VM, as virt-clone makes it: the plan
 *
 * The object, its plan and prepare(), which turns the plan into the
 * clone's XML with the domain editor and never calls libvirt: the facts it
 * needs (names, MACs and images in use, which images exist) were read when
 * the object was made (vireo-domain-clone-host.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-clone-private.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-domain-editor.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

G_DEFINE_FINAL_TYPE (VireoDomainClone, vireo_domain_clone, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- helpers */

void
_vireo_clone_disk_free (VireoCloneDisk *disk)
{
    g_free (disk->target);
    g_free (disk->device);
    g_free (disk->type);
    g_free (disk->source);
    g_free (disk->format);
    g_free (disk->protocol);
    g_free (disk->reason);
    g_free (disk->pool);
    g_free (disk->path);
    g_free (disk->new_path);
    g_free (disk);
}

void
_vireo_clone_volume_free (VireoCloneVolume *volume)
{
    g_free (volume->pool);
    g_free (volume);
}

static gboolean
fail (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *format, ...)
{
    va_list args;

    va_start (args, format);
    g_propagate_error (error, g_error_new_valist (VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                                                  format, args));
    va_end (args);
    return FALSE;
}

static xmlNode *
child (xmlNode *node, const char *name)
{
    for (xmlNode *c = node ? node->children : NULL; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST name))
            return c;
    }
    return NULL;
}

static char *
attr (xmlNode *node, const char *name)
{
    xmlChar *v = node ? xmlGetProp (node, BAD_CAST name) : NULL;
    char *copy = v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static char *
text (xmlNode *node)
{
    xmlChar *v = node ? xmlNodeGetContent (node) : NULL;
    char *copy = v && *v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static VireoCloneDisk *
get_disk (VireoDomainClone *self, guint index)
{
    g_return_val_if_fail (index < self->disks->len, NULL);
    return self->disks->pdata[index];
}

static gboolean
check_on (VireoDomainClone *self, const char *check)
{
    return !g_hash_table_contains (self->checks_off, check) &&
           !g_hash_table_contains (self->checks_off, "all");
}

static void
warn (VireoDomainClone *self, const char *message)
{
    g_ptr_array_insert (self->warnings, (gint) self->warnings->len - 1, g_strdup (message));
}

/* A check virt-clone lets --check turn off: an error while it is on, a
 * warning otherwise. */
static gboolean
optional_fail (VireoDomainClone *self, const char *check, const char *message, GError **error)
{
    if (check_on (self, check))
        return fail (error, _("%s (Use --check %s=off or --check all=off to override.)"),
                     message, check);
    warn (self, message);
    return TRUE;
}

static gboolean
is_mac (const char *mac)
{
    if (mac == NULL || strlen (mac) != 17)
        return FALSE;
    for (guint i = 0; i < 17; i++) {
        if (i % 3 == 2 ? mac[i] != ':' : !g_ascii_isxdigit (mac[i]))
            return FALSE;
    }
    return TRUE;
}

static char *
random_mac (VireoDomainClone *self, GHashTable *also_taken)
{
    for (guint attempt = 0; attempt < 256; attempt++) {
        char *mac = g_strdup_printf ("%s:%02x:%02x:%02x", self->qemu ? "52:54:00" : "00:16:3e",
                                     g_random_int_range (0, 0x80), g_random_int_range (0, 256),
                                     g_random_int_range (0, 256));

        if (!g_hash_table_contains (self->macs_in_use, mac) &&
            !g_hash_table_contains (also_taken, mac))
            return mac;
        g_free (mac);
    }
    return NULL;
}

static gboolean
name_taken (VireoDomainClone *self, const char *name)
{
    for (guint i = 0; i < self->taken_names->len; i++) {
        if (g_str_equal (self->taken_names->pdata[i], name))
            return TRUE;
    }
    return FALSE;
}

gboolean
_vireo_domain_clone_path_exists (VireoDomainClone *self,
                                 const char       *path)
{
    struct stat st;

    if (path == NULL)
        return FALSE;
    if (g_hash_table_contains (self->volumes, path))
        return TRUE;
    return self->stat_paths && lstat (path, &st) == 0;
}

/* virt-clone's names for a copy of @source: the extension kept ("x.img" ->
 * "x-clone.img"; an "extension" longer than seven is part of the name),
 * the original's name replaced by the clone's where the image was named
 * after it, "-1", "-2", ... until no image is there. */
static char *
generate_path (VireoDomainClone *self, const char *source, GHashTable *chosen)
{
    g_autofree char *stem = g_strdup (source);
    g_autofree char *suffix = g_strdup ("");
    g_autofree char *dir = NULL;
    g_autofree char *base = NULL;
    g_autofree char *clone_base = NULL;
    const char *dot = strrchr (source, '.');

    if (dot != NULL && strlen (dot + 1) <= 7) {
        g_free (stem);
        g_free (suffix);
        stem = g_strndup (source, dot - source);
        suffix = g_strdup (dot);
    }
    dir = g_path_get_dirname (stem);
    base = g_path_get_basename (stem);
    clone_base = g_str_equal (base, self->original_name)
                 ? g_build_filename (dir, self->name, NULL)
                 : g_strdup_printf ("%s%s%s-clone", dir, g_str_has_suffix (dir, "/") ? "" : "/",
                                    base);
    for (guint n = 0; n < 100000; n++) {
        g_autofree char *candidate = n == 0 ? g_strconcat (clone_base, suffix, NULL)
                                            : g_strdup_printf ("%s-%u%s", clone_base, n, suffix);

        if (!_vireo_domain_clone_path_exists (self, candidate) &&
            !g_hash_table_contains (chosen, candidate))
            return g_steal_pointer (&candidate);
    }
    return NULL;
}

static gboolean
apply_edit (VireoDomainEditor *editor, VireoDomainEditAction action, const char *option,
            int index, const char *const *pairs, GError **error)
{
    g_autoptr(VireoDomainEdit) edit = vireo_domain_edit_new (action, option, error);

    if (edit == NULL)
        return FALSE;
    if (index > 0)
        vireo_domain_edit_select_index (edit, index);
    for (guint i = 0; pairs[i] != NULL; i += 2) {
        if (!vireo_domain_edit_set (edit, pairs[i], pairs[i + 1], error))
            return FALSE;
    }
    return vireo_domain_editor_apply (editor, edit, error);
}

/* ------------------------------------------------------- the original */

gboolean
_vireo_domain_clone_read_original (VireoDomainClone *self,
                                   GError          **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root, *devices, *os;

    doc = xmlReadMemory (self->original_xml, (int) strlen (self->original_xml), "domain.xml",
                         NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !xmlStrEqual (root->name, BAD_CAST "domain"))
        return fail (error, _("The original's definition is not a <domain> document."));
    self->original_name = text (child (root, "name"));
    if (self->original_name == NULL)
        return fail (error, _("The original's definition has no name."));
    {
        g_autofree char *type = attr (root, "type");

        self->qemu = type == NULL || g_str_equal (type, "qemu") || g_str_equal (type, "kvm");
    }
    os = child (root, "os");
    self->nvram_source = text (child (os, "nvram"));
    devices = child (root, "devices");
    for (xmlNode *c = devices ? devices->children : NULL; c; c = c->next) {
        VireoCloneDisk *disk;
        xmlNode *source;

        if (c->type != XML_ELEMENT_NODE || !xmlStrEqual (c->name, BAD_CAST "disk"))
            continue;
        disk = g_new0 (VireoCloneDisk, 1);
        disk->target = attr (child (c, "target"), "dev");
        disk->device = attr (c, "device");
        if (disk->device == NULL)
            disk->device = g_strdup ("disk");
        disk->type = attr (c, "type");
        disk->format = attr (child (c, "driver"), "type");
        source = child (c, "source");
        disk->source = attr (source, "file");
        if (disk->source == NULL)
            disk->source = attr (source, "dev");
        if (disk->source == NULL)
            disk->source = attr (source, "dir");
        if (disk->source == NULL && source != NULL) {
            g_autofree char *pool = attr (source, "pool");
            g_autofree char *volume = attr (source, "volume");

            if (pool && volume)
                disk->source = g_strdup_printf ("%s/%s", pool, volume);
        }
        disk->protocol = attr (source, "protocol");
        if (disk->source == NULL && disk->protocol == NULL)
            disk->reason = g_strdup (_("No image"));
        else if (child (c, "readonly") != NULL)
            disk->reason = g_strdup (_("Read-only"));
        else if (child (c, "shareable") != NULL)
            disk->reason = g_strdup (_("Shareable"));
        else {
            g_autofree char *share = attr (child (c, "transient"), "shareBacking");

            if (g_strcmp0 (share, "yes") == 0)
                disk->reason = g_strdup (_("Shareable"));
        }
        disk->action = disk->reason ? VIREO_CLONE_DISK_SHARE : VIREO_CLONE_DISK_COPY;
        g_ptr_array_add (self->disks, disk);
    }
    return TRUE;
}

/* Why the disk's image cannot be copied, or NULL. */
static char *
cloneable_message (VireoCloneDisk *disk)
{
    if (g_strcmp0 (disk->type, "network") == 0)
        return g_strdup_printf (_("Disks of the network protocol “%s” cannot be copied."),
                                disk->protocol ? disk->protocol : "?");
    if (!disk->exists)
        return g_strdup_printf (_("The image %s does not exist."),
                                disk->source ? disk->source : "");
    return NULL;
}

/* ------------------------------------------------------------- GObject */

static void
vireo_domain_clone_finalize (GObject *object)
{
    VireoDomainClone *self = VIREO_DOMAIN_CLONE (object);

    g_clear_object (&self->connection);
    g_free (self->uri);
    g_free (self->original_xml);
    g_free (self->original_name);
    g_ptr_array_unref (self->taken_names);
    g_hash_table_unref (self->macs_in_use);
    g_hash_table_unref (self->paths_in_use);
    g_hash_table_unref (self->volumes);
    g_hash_table_unref (self->pool_paths);
    g_ptr_array_unref (self->disks);
    g_free (self->nvram_source);
    g_free (self->name);
    g_free (self->uuid);
    g_strfreev (self->macs);
    g_free (self->nvram_path);
    g_hash_table_unref (self->checks_off);
    g_free (self->internal_snapshot);
    g_free (self->xml);
    g_free (self->new_nvram);
    g_ptr_array_unref (self->warnings);
    G_OBJECT_CLASS (vireo_domain_clone_parent_class)->finalize (object);
}

static void
vireo_domain_clone_class_init (VireoDomainCloneClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vireo_domain_clone_finalize;
}

static void
vireo_domain_clone_init (VireoDomainClone *self)
{
    self->taken_names = g_ptr_array_new_with_free_func (g_free);
    self->macs_in_use = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->paths_in_use = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) _vireo_clone_volume_free);
    self->pool_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) _vireo_clone_disk_free);
    self->checks_off = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    self->warnings = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (self->warnings, NULL);
    self->sparse = TRUE;
}

/* ------------------------------------------------------------ private API */

void
_vireo_domain_clone_set_internal_snapshot (VireoDomainClone *self,
                                           const char       *name)
{
    g_free (self->internal_snapshot);
    self->internal_snapshot = g_strdup (name);
}

void
_vireo_domain_clone_set_keep_original (VireoDomainClone *self,
                                       gboolean          keep)
{
    self->keep_original = keep;
}

/* ------------------------------------------------------------ public API */

const char *
vireo_domain_clone_get_original_name (VireoDomainClone *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);
    return self->original_name;
}

void
vireo_domain_clone_set_name (VireoDomainClone *self,
                             const char       *name)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));
    g_free (self->name);
    self->name = g_strdup (name);
    self->prepared = FALSE;
}

const char *
vireo_domain_clone_get_name (VireoDomainClone *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);
    return self->name;
}

void
vireo_domain_clone_set_replace (VireoDomainClone *self,
                                gboolean          replace)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));
    self->replace = replace;
    self->prepared = FALSE;
}

void
vireo_domain_clone_set_uuid (VireoDomainClone *self,
                             const char       *uuid)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));
    g_free (self->uuid);
    self->uuid = g_strdup (uuid);
    self->prepared = FALSE;
}

gboolean
vireo_domain_clone_set_macs (VireoDomainClone  *self,
                             const char *const *macs,
                             GError           **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), FALSE);

    /* virt-clone's "--mac RANDOM": every MAC random, as without --mac. */
    if (macs && macs[0] && g_str_equal (macs[0], "RANDOM"))
        macs = NULL;
    for (guint i = 0; macs && macs[i]; i++) {
        if (!is_mac (macs[i]))
            return fail (error, _("“%s” is not a MAC address (six pairs of hex digits with "
                                  "colons, such as 52:54:00:12:34:56)."), macs[i]);
    }
    g_strfreev (self->macs);
    self->macs = g_strdupv ((char **) macs);
    for (guint i = 0; self->macs && self->macs[i]; i++) {
        char *lower = g_ascii_strdown (self->macs[i], -1);

        g_free (self->macs[i]);
        self->macs[i] = lower;
    }
    self->prepared = FALSE;
    return TRUE;
}

void
vireo_domain_clone_set_nvram_path (VireoDomainClone *self,
                                   const char       *path)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));
    g_free (self->nvram_path);
    self->nvram_path = g_strdup (path);
    self->prepared = FALSE;
}

void
vireo_domain_clone_set_sparse (VireoDomainClone *self,
                               gboolean          sparse)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));
    self->sparse = sparse;
}

void
vireo_domain_clone_set_reflink (VireoDomainClone *self,
                                gboolean          reflink)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));
    self->reflink = reflink;
}

void
vireo_domain_clone_set_check (VireoDomainClone *self,
                              const char       *check,
                              gboolean          enabled)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));
    g_return_if_fail (check != NULL);

    if (enabled)
        g_hash_table_remove (self->checks_off, check);
    else
        g_hash_table_add (self->checks_off, g_strdup (check));
    self->prepared = FALSE;
}

guint
vireo_domain_clone_get_n_disks (VireoDomainClone *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), 0);
    return self->disks->len;
}

const char *
vireo_domain_clone_get_disk_target (VireoDomainClone *self,
                                    guint             index)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);
    g_return_val_if_fail (index < self->disks->len, NULL);
    return get_disk (self, index)->target;
}

const char *
vireo_domain_clone_get_disk_device (VireoDomainClone *self,
                                    guint             index)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);
    g_return_val_if_fail (index < self->disks->len, NULL);
    return get_disk (self, index)->device;
}

const char *
vireo_domain_clone_get_disk_source (VireoDomainClone *self,
                                    guint             index)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);
    g_return_val_if_fail (index < self->disks->len, NULL);
    return get_disk (self, index)->source;
}

VireoCloneDiskAction
vireo_domain_clone_get_disk_action (VireoDomainClone *self,
                                    guint             index)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), VIREO_CLONE_DISK_SHARE);
    g_return_val_if_fail (index < self->disks->len, VIREO_CLONE_DISK_SHARE);
    return get_disk (self, index)->action;
}

const char *
vireo_domain_clone_get_disk_reason (VireoDomainClone *self,
                                    guint             index)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);
    g_return_val_if_fail (index < self->disks->len, NULL);
    return get_disk (self, index)->reason;
}

guint64
vireo_domain_clone_get_disk_size (VireoDomainClone *self,
                                  guint             index)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), 0);
    g_return_val_if_fail (index < self->disks->len, 0);
    return get_disk (self, index)->size;
}

gboolean
vireo_domain_clone_set_disk_action (VireoDomainClone    *self,
                                    guint                index,
                                    VireoCloneDiskAction action,
                                    GError             **error)
{
    VireoCloneDisk *disk;

    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), FALSE);
    g_return_val_if_fail (index < self->disks->len, FALSE);

    disk = get_disk (self, index);
    if (action == VIREO_CLONE_DISK_LINK) {
        if (!disk->here || g_strcmp0 (disk->type, "file") != 0)
            return fail (error, _("The disk %s cannot be linked: a linked clone needs an image "
                                  "file on this computer."), disk->target);
        if (g_strcmp0 (disk->device, "disk") != 0)
            return fail (error, _("The disk %s cannot be linked: only hard disks can be."),
                         disk->target);
    }
    disk->action = action;
    self->prepared = FALSE;
    return TRUE;
}

void
vireo_domain_clone_set_disk_path (VireoDomainClone *self,
                                  guint             index,
                                  const char       *path)
{
    VireoCloneDisk *disk;

    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));
    g_return_if_fail (index < self->disks->len);

    disk = get_disk (self, index);
    g_free (disk->path);
    disk->path = g_strdup (path);
    self->prepared = FALSE;
}

const char *
vireo_domain_clone_get_disk_path (VireoDomainClone *self,
                                  guint             index)
{
    VireoCloneDisk *disk;

    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);
    g_return_val_if_fail (index < self->disks->len, NULL);

    disk = get_disk (self, index);
    return disk->new_path ? disk->new_path : disk->path;
}

int
vireo_domain_clone_find_disk (VireoDomainClone *self,
                              const char       *target)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), -1);

    for (guint i = 0; i < self->disks->len; i++) {
        if (g_strcmp0 (get_disk (self, i)->target, target) == 0)
            return (int) i;
    }
    return -1;
}

void
vireo_domain_clone_set_linked (VireoDomainClone *self,
                               gboolean          linked)
{
    g_return_if_fail (VIREO_IS_DOMAIN_CLONE (self));

    self->linked = linked;
    for (guint i = 0; i < self->disks->len; i++) {
        VireoCloneDisk *disk = get_disk (self, i);

        if (linked && disk->action == VIREO_CLONE_DISK_COPY &&
            vireo_domain_clone_set_disk_action (self, i, VIREO_CLONE_DISK_LINK, NULL))
            continue;
        if (!linked && disk->action == VIREO_CLONE_DISK_LINK)
            disk->action = VIREO_CLONE_DISK_COPY;
    }
    self->prepared = FALSE;
}

char *
vireo_domain_clone_generate_name (const char        *name,
                                  const char *const *taken)
{
    g_autoptr(GRegex) regex = g_regex_new ("-clone([1-9]*)$", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_autofree char *base = NULL;
    guint start = 1;
    gboolean force_number = FALSE;

    g_return_val_if_fail (name != NULL, NULL);

    /* virt-clone's: "vm" gives "vm-clone", then "vm-clone1"; "vm-clone"
     * gives "vm-clone1", "vm-clone3" gives "vm-clone4". */
    if (g_regex_match (regex, name, 0, &match)) {
        g_autofree char *number = g_match_info_fetch (match, 1);
        int pos = 0;

        force_number = TRUE;
        if (number && *number)
            start = (guint) g_ascii_strtoull (number, NULL, 10) + 1;
        g_match_info_fetch_pos (match, 0, &pos, NULL);
        base = g_strdup_printf ("%.*s-clone", pos, name);
    } else {
        base = g_strdup_printf ("%s-clone", name);
    }
    if (!force_number && (taken == NULL || !g_strv_contains (taken, base)))
        return g_steal_pointer (&base);
    for (guint n = start; n < start + 100000; n++) {
        g_autofree char *candidate = g_strdup_printf ("%s%u", base, n);

        if (taken == NULL || !g_strv_contains (taken, candidate))
            return g_steal_pointer (&candidate);
    }
    return NULL;
}

const char *const *
vireo_domain_clone_get_warnings (VireoDomainClone *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);
    return (const char *const *) self->warnings->pdata;
}

char *
vireo_domain_clone_dup_xml (VireoDomainClone *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), NULL);
    return g_strdup (self->xml);
}

/* Where each disk goes; virt-clone's checks of the paths. */
static gboolean
prepare_disks (VireoDomainClone *self, GError **error)
{
    g_autoptr(GHashTable) chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < self->disks->len; i++) {
        VireoCloneDisk *disk = get_disk (self, i);
        g_autofree char *why = NULL;

        g_clear_pointer (&disk->new_path, g_free);
        disk->overwrite = FALSE;
        if (disk->action == VIREO_CLONE_DISK_SHARE)
            continue;
        if (disk->action != VIREO_CLONE_DISK_PRESERVE && (why = cloneable_message (disk)))
            return fail (error, _("Could not determine original disk information: %s"), why);
        if (disk->path)
            disk->new_path = g_strdup (disk->path);
        else if (disk->source)
            disk->new_path = generate_path (self, disk->source, chosen);
        if (disk->new_path == NULL)
            return fail (error, _("No path is given for the copy of the disk %s."),
                         disk->target);
        if (!g_path_is_absolute (disk->new_path) && !g_hash_table_contains (self->volumes,
                                                                            disk->new_path))
            return fail (error, _("The path “%s” for the copy of the disk %s is not "
                                  "absolute."), disk->new_path, disk->target);
        if (g_hash_table_contains (chosen, disk->new_path))
            return fail (error, _("Two disks of the clone cannot both be %s."), disk->new_path);
        g_hash_table_add (chosen, g_strdup (disk->new_path));

        if (disk->action == VIREO_CLONE_DISK_PRESERVE) {
            if (!_vireo_domain_clone_path_exists (self, disk->new_path))
                return fail (error, _("There is no image at %s to use as it is "
                                      "(--preserve-data)."), disk->new_path);
        } else if (_vireo_domain_clone_path_exists (self, disk->new_path)) {
            g_autofree char *message = NULL;

            if (g_strcmp0 (disk->new_path, disk->source) == 0)
                return fail (error, _("The copy of the disk %s cannot be its original image "
                                      "%s."), disk->target, disk->new_path);
            /* libvirt copies volumes into new volumes only. */
            if (g_hash_table_contains (self->volumes, disk->new_path) && !self->files_here)
                return fail (error, _("Could not use path “%s” for cloning: copying onto an "
                                      "existing storage volume is not supported."),
                             disk->new_path);
            disk->overwrite = TRUE;
            message = g_strdup_printf (_("This would write over the existing path “%s”."),
                                       disk->new_path);
            if (!optional_fail (self, "path_exists", message, error))
                return FALSE;
        }
        {
            const char *users = g_hash_table_lookup (self->paths_in_use, disk->new_path);

            if (users != NULL) {
                g_autofree char *message = g_strdup_printf (
                    _("The disk %s is already in use by other guests: %s."), disk->new_path,
                    users);

                if (!optional_fail (self, "path_in_use", message, error))
                    return FALSE;
            }
        }
    }
    return TRUE;
}

static gboolean
prepare_nvram (VireoDomainClone *self, GError **error)
{
    g_autofree char *dir = NULL;
    gboolean preserve = FALSE;

    g_clear_pointer (&self->new_nvram, g_free);
    self->copy_nvram = FALSE;
    if (self->nvram_source == NULL)
        return TRUE;
    for (guint i = 0; i < self->disks->len; i++)
        preserve |= get_disk (self, i)->action == VIREO_CLONE_DISK_PRESERVE;
    dir = g_path_get_dirname (self->nvram_source);
    self->new_nvram = self->nvram_path
                      ? g_strdup (self->nvram_path)
                      : g_strdup_printf ("%s/%s_VARS.fd", g_str_equal (dir, "/") ? "" : dir,
                                         self->name);
    /* The original's variables are copied; when it has none yet, libvirt
     * makes the clone's from the template at its first start. */
    if (!preserve && self->nvram_exists &&
        !_vireo_domain_clone_path_exists (self, self->new_nvram))
        self->copy_nvram = TRUE;
    else if (!preserve && self->nvram_exists &&
             g_strcmp0 (self->new_nvram, self->nvram_source) == 0)
        return fail (error, _("The clone's NVRAM file cannot be the original's, %s."),
                     self->nvram_source);
    return TRUE;
}

static gboolean
write_xml (VireoDomainClone *self, GError **error)
{
    g_autoptr(VireoDomainEditor) editor = vireo_domain_editor_new (self->original_xml, error);
    g_autoptr(GHashTable) macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *uuid = self->uuid ? g_strdup (self->uuid) : g_uuid_string_random ();
    xmlNode *devices;
    guint n_nics = 0, n_gfx = 0, n_channel = 0;

    if (editor == NULL)
        return FALSE;
    vireo_domain_editor_set_connection (editor, self->uri, NULL, NULL);
    {
        const char *pairs[] = { "name", self->name, "uuid", uuid, "title", NULL, NULL };

        if (!apply_edit (editor, VIREO_DOMAIN_EDIT_CHANGE, "metadata", 0, pairs, error))
            return FALSE;
    }
    {
        const char *pairs[] = { "xpath.delete", "/domain/@id", NULL };

        if (strstr (self->original_xml, " id=") &&
            !apply_edit (editor, VIREO_DOMAIN_EDIT_CHANGE, "xml", 0, pairs, error))
            return FALSE;
    }

    /* What the devices need: read from the original. */
    doc = xmlReadMemory (self->original_xml, (int) strlen (self->original_xml), "domain.xml",
                         NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    devices = child (xmlDocGetRootElement (doc), "devices");
    for (xmlNode *c = devices ? devices->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual (c->name, BAD_CAST "interface")) {
            g_autofree char *mac = NULL;

            n_nics++;
            if (self->macs && self->macs[0]) {
                if (self->macs[n_nics - 1] == NULL)
                    return fail (error,
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "--mac was given %u time, but the VM has more "
                                              "network interfaces: give a MAC address for "
                                              "each one.",
                                              "--mac was given %u times, but the VM has more "
                                              "network interfaces: give a MAC address for "
                                              "each one.", g_strv_length (self->macs)),
                                 g_strv_length (self->macs));
                mac = g_strdup (self->macs[n_nics - 1]);
            } else {
                mac = random_mac (self, macs);
            }
            g_hash_table_add (macs, g_strdup (mac));
            {
                const char *pairs[] = { "mac.address", mac, "target.dev", NULL, NULL };

                if (!apply_edit (editor, VIREO_DOMAIN_EDIT_CHANGE, "network", (int) n_nics,
                                 pairs, error))
                    return FALSE;
            }
        } else if (xmlStrEqual (c->name, BAD_CAST "graphics")) {
            g_autofree char *port = attr (c, "port");

            n_gfx++;
            if (port && !g_str_equal (port, "-1")) {
                const char *pairs[] = { "port", "-1", NULL };

                if (!apply_edit (editor, VIREO_DOMAIN_EDIT_CHANGE, "graphics", (int) n_gfx,
                                 pairs, error))
                    return FALSE;
                warn (self, _("The display's port is now chosen when the clone starts, so "
                              "that it does not conflict with the original's."));
            }
        } else if (xmlStrEqual (c->name, BAD_CAST "channel")) {
            g_autofree char *type = attr (c, "type");
            g_autofree char *name = attr (child (c, "target"), "name");
            g_autofree char *path = attr (child (c, "source"), "path");

            n_channel++;
            if (g_strcmp0 (type, "unix") == 0 && name && path && strstr (path, name)) {
                const char *pairs[] = { "source.path", NULL, NULL };

                if (!apply_edit (editor, VIREO_DOMAIN_EDIT_CHANGE, "channel", (int) n_channel,
                                 pairs, error))
                    return FALSE;
            }
        }
    }
    if (self->macs && self->macs[0]) {
        for (guint i = 0; self->macs[i]; i++) {
            const char *user = g_hash_table_lookup (self->macs_in_use, self->macs[i]);

            if (user != NULL) {
                g_autofree char *message = g_strdup_printf (
                    _("The MAC address “%s” is in use by another virtual machine, “%s”."),
                    self->macs[i], user);

                if (!optional_fail (self, "mac_in_use", message, error))
                    return FALSE;
            }
        }
    }

    for (guint i = 0; i < self->disks->len; i++) {
        VireoCloneDisk *disk = get_disk (self, i);

        if (disk->new_path == NULL)
            continue;
        {
            const char *pairs[] = { "path", disk->new_path, NULL };

            if (!apply_edit (editor, VIREO_DOMAIN_EDIT_CHANGE, "disk", (int) i + 1, pairs,
                             error))
                return FALSE;
        }
        if (disk->action == VIREO_CLONE_DISK_LINK) {
            const char *pairs[] = { "driver.type", "qcow2", NULL };

            if (!apply_edit (editor, VIREO_DOMAIN_EDIT_CHANGE, "disk", (int) i + 1, pairs,
                             error))
                return FALSE;
        }
    }
    if (self->new_nvram) {
        const char *pairs[] = { "nvram", self->new_nvram, NULL };

        if (!apply_edit (editor, VIREO_DOMAIN_EDIT_CHANGE, "boot", 0, pairs, error))
            return FALSE;
    }
    g_free (self->xml);
    self->xml = vireo_domain_editor_dup_xml (editor);
    return TRUE;
}

gboolean
vireo_domain_clone_prepare (VireoDomainClone *self,
                            GError          **error)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_CLONE (self), FALSE);

    self->prepared = FALSE;
    g_ptr_array_set_size (self->warnings, 0);
    g_ptr_array_add (self->warnings, NULL);
    if (self->name == NULL) {
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) taken = NULL;

        for (guint i = 0; i < self->taken_names->len; i++)
            g_strv_builder_add (builder, self->taken_names->pdata[i]);
        taken = g_strv_builder_end (builder);
        self->name = vireo_domain_clone_generate_name (self->original_name,
                                                       (const char *const *) taken);
    }
    if (self->name == NULL || *self->name == '\0')
        return fail (error, _("The clone needs a name."));
    /* libvirt refuses it only once the disks are copied, and the copies are
     * named after it. */
    if (strchr (self->name, '/') != NULL)
        return fail (error, _("The clone's name “%s” cannot hold “/”."), self->name);
    if (!self->replace && name_taken (self, self->name)) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_EXISTS,
                     _("Invalid name for new guest: the name “%s” is already in use."),
                     self->name);
        return FALSE;
    }
    if (self->replace && g_strcmp0 (self->name, self->original_name) == 0 &&
        self->original_defined)
        return fail (error, _("The clone cannot replace its original, “%s”."), self->name);
    if (self->uuid && !g_uuid_string_is_valid (self->uuid))
        return fail (error, _("“%s” is not a UUID."), self->uuid);
    if (!prepare_disks (self, error) || !prepare_nvram (self, error) || !write_xml (self, error))
        return FALSE;
    self->prepared = TRUE;
    return TRUE;
}
