/* vireo-domain-editor.c: change a VM's XML in place
 *
 * An edit's sub-options are applied in the order of the option's table (as
 * virt-install applies them: --network type= before source=), after the
 * rewrites virt-install makes first (--memory's and --vcpus' old names,
 * --network network=/bridge=, --rng /dev/random, --boot cdrom,hd).  The
 * XML of a sub-option is written by vireo_domain_option_apply(), the same
 * code VireoDomainConfig uses for a new VM.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-domain-editor-private.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/xpath.h>

#include "vireo-osinfo.h"
#include "vireo-storage.h"
#include "vireo-text-diff.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

G_DEFINE_FINAL_TYPE (VireoDomainEditor, vireo_domain_editor, G_TYPE_OBJECT)

/* ---------------------------------------------------------------- helpers */

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

static xmlNode *
ensure_child (xmlNode *node, const char *name)
{
    xmlNode *c = child (node, name);

    return c ? c : xmlNewChild (node, NULL, BAD_CAST name, NULL);
}

static char *
get_attr (xmlNode *node, const char *name)
{
    xmlChar *v = node ? xmlGetProp (node, BAD_CAST name) : NULL;
    char *copy = v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static char *
get_text (xmlNode *node)
{
    xmlChar *v = node ? xmlNodeGetContent (node) : NULL;
    char *copy = v && *v ? g_strdup ((const char *) v) : NULL;

    xmlFree (v);
    return copy;
}

static xmlNode *
root_of (VireoDomainEditor *self)
{
    return xmlDocGetRootElement (self->doc);
}

static GPtrArray *
list_devices (xmlNode *domain, const char *element)
{
    GPtrArray *out = g_ptr_array_new ();
    xmlNode *devices = child (domain, "devices");

    for (xmlNode *c = devices ? devices->children : NULL; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST element))
            g_ptr_array_add (out, c);
    }
    return out;
}

static char *
node_to_string (xmlDoc *doc, xmlNode *node)
{
    xmlBuffer *buf = xmlBufferCreate ();
    char *out;

    xmlNodeDump (buf, doc, node, 0, 1);
    out = g_strdup_printf ("%s\n", (const char *) xmlBufferContent (buf));
    xmlBufferFree (buf);
    return out;
}

static gboolean
element_is_empty (xmlNode *node)
{
    return node->properties == NULL && node->children == NULL && node->nsDef == NULL;
}

static void
remove_node (xmlNode *node)
{
    xmlUnlinkNode (node);
    xmlFreeNode (node);
}

static void
clear_node (xmlNode *node)
{
    while (node->children)
        remove_node (node->children);
    while (node->properties)
        xmlRemoveProp (node->properties);
}

static void
pair_free (Pair *p)
{
    g_free (p->key);
    g_free (p->value);
    g_free (p);
}

static Pair *
pair_find (GPtrArray *pairs, const char *key)
{
    for (guint i = pairs->len; i > 0; i--) {
        Pair *p = pairs->pdata[i - 1];
        if (g_str_equal (p->key, key))
            return p;
    }
    return NULL;
}

/* Removes every @key and returns the last value (owned) or NULL; *@found
 * says whether it was there. */
static char *
pair_take (GPtrArray *pairs, const char *key, gboolean *found)
{
    char *value = NULL;
    gboolean seen = FALSE;

    for (guint i = 0; i < pairs->len;) {
        Pair *p = pairs->pdata[i];

        if (g_str_equal (p->key, key)) {
            g_free (value);
            value = g_steal_pointer (&p->value);
            seen = TRUE;
            g_ptr_array_remove_index (pairs, i);
        } else {
            i++;
        }
    }
    if (found)
        *found = seen;
    return value;
}

static void
pair_add (GPtrArray *pairs, const char *key, const char *value)
{
    Pair *p = g_new0 (Pair, 1);

    p->key = g_strdup (key);
    p->value = g_strdup (value);
    p->order = pairs->len ? ((Pair *) pairs->pdata[pairs->len - 1])->order + 1 : 0;
    g_ptr_array_add (pairs, p);
}

static void
pair_rename (GPtrArray *pairs, const char *from, const char *to)
{
    for (guint i = 0; i < pairs->len; i++) {
        Pair *p = pairs->pdata[i];
        if (g_str_equal (p->key, from)) {
            g_free (p->key);
            p->key = g_strdup (to);
        }
    }
}

static GPtrArray *
edit_pairs (VireoDomainEdit *edit)
{
    GPtrArray *pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);

    for (guint i = 0; i < vireo_domain_edit_get_n_values (edit); i++)
        pair_add (pairs, vireo_domain_edit_get_key (edit, i), vireo_domain_edit_get_value (edit, i));
    return pairs;
}

static int
cmp_pairs (gconstpointer a, gconstpointer b)
{
    const Pair *pa = *(const Pair * const *) a;
    const Pair *pb = *(const Pair * const *) b;

    if (pa->position != pb->position)
        return pa->position - pb->position;
    return (int) pa->order - (int) pb->order;
}

static void
sort_pairs (const VireoDomainOption *option, GPtrArray *pairs)
{
    for (guint i = 0; i < pairs->len; i++) {
        Pair *p = pairs->pdata[i];
        p->position = vireo_domain_option_get_position (option, p->key);
    }
    g_ptr_array_sort (pairs, cmp_pairs);
}

static OsinfoOs *
guest_os (VireoDomainEditor *self)
{
    if (self->os == NULL && !self->os_looked_up) {
        xmlNode *metadata = child (root_of (self), "metadata");

        self->os_looked_up = TRUE;
        for (xmlNode *c = metadata ? metadata->children : NULL; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE || c->ns == NULL ||
                !xmlStrEqual (c->ns->href, BAD_CAST LIBOSINFO_NS))
                continue;
            for (xmlNode *os = c->children; os; os = os->next) {
                g_autofree char *id = NULL;

                if (os->type != XML_ELEMENT_NODE || !xmlStrEqual (os->name, BAD_CAST "os"))
                    continue;
                id = get_attr (os, "id");
                if (id) {
                    self->os = vireo_osinfo_find_quick (id);
                    if (self->os == NULL)
                        self->os = vireo_osinfo_find (id, NULL);
                }
            }
        }
    }
    return self->os;
}

static void
make_context (VireoDomainEditor *self, VireoDomainOptionContext *ctx, gboolean need_os)
{
    memset (ctx, 0, sizeof *ctx);
    ctx->uri = self->uri;
    ctx->caps = self->caps;
    ctx->domcaps = self->domcaps;
    ctx->os = need_os ? guest_os (self) : self->os;
    ctx->host_devices = self->host_devices;
    ctx->used_macs = self->used_macs;
    ctx->rand = self->rand;
    /* Editing the definition of a running guest (not the guest itself). */
    if (self->live_doc && self->doc != self->live_doc)
        ctx->running = xmlDocGetRootElement (self->live_doc);
}

/* ------------------------------------------------ virt-install's rewrites */

/* --memory: "memory" and "maxmemory" are the old names of <currentMemory>
 * and <memory>; with currentMemory= given they name the elements. */
static void
rewrite_memory (GPtrArray *pairs)
{
    gboolean cur = pair_find (pairs, "currentMemory") != NULL;
    gboolean max = pair_find (pairs, "maxmemory") != NULL;
    gboolean mem = pair_find (pairs, "memory") != NULL;

    if (cur) {
        if (max) {
            g_free (pair_take (pairs, "memory", NULL));
            pair_rename (pairs, "maxmemory", "memory");
        }
    } else if (max) {
        if (mem)
            pair_rename (pairs, "memory", "currentMemory");
        pair_rename (pairs, "maxmemory", "memory");
    } else if (mem) {
        pair_rename (pairs, "memory", "currentMemory");
    }
}

/* --vcpus: "N,maxvcpus=M" means N current of M. */
static void
rewrite_vcpus (GPtrArray *pairs)
{
    gboolean max, cur, vcpu;

    pair_rename (pairs, "cpuset", "vcpu.cpuset");
    pair_rename (pairs, "vcpus", "vcpu");
    max = pair_find (pairs, "maxvcpus") != NULL;
    cur = pair_find (pairs, "vcpu.current") != NULL;
    vcpu = pair_find (pairs, "vcpu") != NULL;
    if (cur) {
        if (max) {
            g_free (pair_take (pairs, "vcpu", NULL));
            pair_rename (pairs, "maxvcpus", "vcpu");
        }
    } else if (max) {
        if (vcpu)
            pair_rename (pairs, "vcpu", "vcpu.current");
        pair_rename (pairs, "maxvcpus", "vcpu");
    }
}

static void
rewrite (const VireoDomainOption *option, GPtrArray *pairs)
{
    const char *name = vireo_domain_option_get_name (option);

    if (g_str_equal (name, "memory")) {
        rewrite_memory (pairs);
    } else if (g_str_equal (name, "vcpus")) {
        rewrite_vcpus (pairs);
    } else if (g_str_equal (name, "network")) {
        if (pair_find (pairs, "type") == NULL) {
            Pair *net = pair_find (pairs, "network");
            Pair *br = pair_find (pairs, "bridge");

            if (net || br) {
                g_autofree char *v = g_strdup ((net ? net : br)->value);
                pair_add (pairs, "type", net ? "network" : "bridge");
                pair_add (pairs, "source", v);
            }
        }
        g_free (pair_take (pairs, "network", NULL));
        g_free (pair_take (pairs, "bridge", NULL));
    } else if (g_str_equal (name, "rng")) {
        Pair *model = pair_find (pairs, "backend.model");

        if (model && model->value && model->value[0] == '/') {
            g_autofree char *dev = g_strdup (model->value);
            g_free (model->value);
            model->value = g_strdup ("random");
            pair_add (pairs, "backend", dev);
        }
    } else if (g_str_equal (name, "tpm")) {
        Pair *type = pair_find (pairs, "backend.type");

        if (type && type->value && type->value[0] == '/') {
            g_free (type->key);
            type->key = g_strdup ("backend.device.path");
        } else if (type && g_strcmp0 (type->value, "default") == 0) {
            g_free (pair_take (pairs, "backend.type", NULL));
        }
    } else if (g_str_equal (name, "panic")) {
        Pair *model = pair_find (pairs, "model");

        if (pairs->len == 1 && model && model->value && g_str_has_prefix (model->value, "0x")) {
            pair_add (pairs, "address.iobase", model->value);
            g_free (model->value);
            model->value = g_strdup ("isa");
        }
    }
    /* "default" leaves a value to the defaults (virt-install's
     * ignore_default), and the old clock tickpolicies do nothing. */
    for (guint i = 0; i < pairs->len;) {
        Pair *p = pairs->pdata[i];

        if (g_strcmp0 (p->value, "default") == 0 && !g_str_equal (name, "network") &&
            !g_str_equal (name, "cpu") && !g_str_equal (name, "boot"))
            g_ptr_array_remove_index (pairs, i);
        else
            i++;
    }
}

/* ---------------------------------------------------------- sub-options */

static gboolean
apply_pairs (VireoDomainEditor *self, const VireoDomainOption *option, xmlNode *domain,
             xmlNode *node, GPtrArray *pairs, GError **error)
{
    VireoDomainOptionContext ctx;

    make_context (self, &ctx, FALSE);
    sort_pairs (option, pairs);
    for (guint i = 0; i < pairs->len; i++) {
        Pair *p = pairs->pdata[i];

        if (g_str_equal (p->key, "clearxml") || g_str_has_prefix (p->key, "xpath"))
            continue;
        if (!vireo_domain_option_apply (option, &ctx, domain, node, p->key, p->value, error))
            return FALSE;
    }
    return _vireo_domain_editor_apply_xpath (node, pairs, error);
}

/* clearxml=yes empties @node first (leaving the element when other
 * sub-options follow); TRUE in *@removed when the element went. */
static gboolean
apply_clearxml (GPtrArray *pairs, xmlNode *node, gboolean may_remove, gboolean *removed,
                GError **error)
{
    gboolean found = FALSE, on = FALSE;
    g_autofree char *value = pair_take (pairs, "clearxml", &found);

    *removed = FALSE;
    if (!found)
        return TRUE;
    if (!vireo_domain_option_parse_bool ("clearxml", value, &on, error))
        return FALSE;
    if (!on)
        return TRUE;
    clear_node (node);
    if (pairs->len == 0 && may_remove) {
        remove_node (node);
        *removed = TRUE;
    }
    return TRUE;
}

/* --boot's bare device names: the new <boot dev=...> order. */
static void
apply_boot_order (xmlNode *os, GPtrArray *pairs)
{
    static const char * const devs[] = { "hd", "cdrom", "fd", "network", NULL };
    g_autoptr(GPtrArray) order = g_ptr_array_new ();
    xmlNode *anchor = NULL;

    for (guint i = 0; i < pairs->len; i++) {
        Pair *p = pairs->pdata[i];
        if (g_strv_contains (devs, p->key) &&
            !g_ptr_array_find_with_equal_func (order, p->key, g_str_equal, NULL))
            g_ptr_array_add (order, p->key);
    }
    if (order->len == 0)
        return;
    for (xmlNode *c = os->children; c;) {
        xmlNode *next = c->next;

        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, BAD_CAST "boot")) {
            if (anchor == NULL) {
                anchor = xmlNewNode (NULL, BAD_CAST "boot");
                xmlAddPrevSibling (c, anchor);
            }
            remove_node (c);
        }
        c = next;
    }
    if (anchor == NULL) {
        xmlNode *type = child (os, "type");

        anchor = xmlNewNode (NULL, BAD_CAST "boot");
        if (type && type->next)
            xmlAddPrevSibling (type->next, anchor);
        else
            xmlAddChild (os, anchor);
    }
    for (guint i = 0; i < order->len; i++) {
        xmlNode *boot = xmlNewNode (NULL, BAD_CAST "boot");

        xmlSetProp (boot, BAD_CAST "dev", BAD_CAST order->pdata[i]);
        xmlAddPrevSibling (anchor, boot);
    }
    remove_node (anchor);
    for (guint i = 0; i < G_N_ELEMENTS (devs) - 1; i++)
        g_free (pair_take (pairs, devs[i], NULL));
}

/* ------------------------------------------------------------- sections */

static gboolean
apply_section (VireoDomainEditor *self, VireoDomainEdit *edit, GError **error)
{
    const VireoDomainOption *option = vireo_domain_edit_get_option (edit);
    const char *element = vireo_domain_option_get_element (option);
    const char *name = vireo_domain_option_get_name (option);
    xmlNode *domain = root_of (self);
    g_autoptr(GPtrArray) pairs = edit_pairs (edit);
    gboolean existed, removed = FALSE, uefi = FALSE;
    xmlNode *node;
    int index = 0;
    VireoDomainEditSelect select = vireo_domain_edit_get_select (edit, &index);

    if (select == VIREO_DOMAIN_EDIT_SELECT_MATCH ||
        (select == VIREO_DOMAIN_EDIT_SELECT_INDEX && index != 1)) {
        g_autofree char *what = vireo_domain_edit_describe_select (edit);

        return fail (error, _("“--edit %s” does not apply to --%s, which is not a device: "
                              "use --edit alone."), what, name);
    }
    if (pairs->len == 0)
        return fail (error, _("--%s needs at least one sub-option to change."), name);
    rewrite (option, pairs);

    existed = *element == '\0' || child (domain, element) != NULL;
    node = *element == '\0' ? domain : ensure_child (domain, element);
    if (!apply_clearxml (pairs, node, *element != '\0', &removed, error))
        return FALSE;
    if (removed)
        return TRUE;
    if (g_str_equal (name, "boot")) {
        gboolean found = FALSE;
        g_autofree char *value = pair_take (pairs, "uefi", &found);

        apply_boot_order (node, pairs);
        if (found && value && *value &&
            !vireo_domain_option_parse_bool ("uefi", value, &uefi, error))
            return FALSE;
        uefi = found && (value == NULL || *value == '\0' || uefi);
    }
    if (!apply_pairs (self, option, domain, node, pairs, error))
        return FALSE;
    if (uefi) {
        VireoDomainOptionContext ctx;
        g_autofree char *secure = get_attr (child (node, "loader"), "secure");

        make_context (self, &ctx, FALSE);
        if (!vireo_domain_option_enable_uefi (&ctx, domain, node, g_strcmp0 (secure, "yes") == 0,
                                              error))
            return FALSE;
    }
    /* An element the edit made and left empty goes again. */
    if (*element != '\0' && !existed && element_is_empty (node))
        remove_node (node);
    return TRUE;
}

/* -------------------------------------------------------------- devices */

static GPtrArray *
select_devices (VireoDomainEditor *self, VireoDomainEdit *edit, const char *verb,
                GError **error)
{
    const VireoDomainOption *option = vireo_domain_edit_get_option (edit);
    const char *name = vireo_domain_option_get_name (option);
    g_autoptr(GPtrArray) devices = list_devices (root_of (self),
                                                 vireo_domain_option_get_element (option));
    g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
    int index = 0;
    VireoDomainEditSelect select = vireo_domain_edit_get_select (edit, &index);
    VireoDomainOptionContext ctx;

    make_context (self, &ctx, FALSE);
    switch (select) {
    case VIREO_DOMAIN_EDIT_SELECT_FIRST:
    case VIREO_DOMAIN_EDIT_SELECT_INDEX:
        if (select == VIREO_DOMAIN_EDIT_SELECT_FIRST)
            index = 1;
        if (index == 0) {
            fail (error, _("“%s 0” names no device: devices are counted from 1, or from -1 "
                           "for the last."), verb);
            return NULL;
        }
        if (devices->len == 0) {
            fail (error, _("The VM has no --%s device."), name);
            return NULL;
        }
        if ((guint) ABS (index) > devices->len) {
            fail (error, g_dngettext (GETTEXT_PACKAGE,
                                      "“%s %d” asks for more --%s devices than the VM has: it "
                                      "has only %u.",
                                      "“%s %d” asks for more --%s devices than the VM has: it "
                                      "has only %u.", devices->len),
                  verb, index, name, devices->len);
            return NULL;
        }
        g_ptr_array_add (chosen, devices->pdata[index > 0 ? index - 1
                                                          : (int) devices->len + index]);
        break;
    case VIREO_DOMAIN_EDIT_SELECT_ALL:
        g_ptr_array_extend (chosen, devices, NULL, NULL);
        break;
    case VIREO_DOMAIN_EDIT_SELECT_MATCH:
        for (guint i = 0; i < devices->len; i++) {
            gboolean all = TRUE;

            for (guint m = 0; m < vireo_domain_edit_get_n_matches (edit) && all; m++) {
                if (!vireo_domain_option_matches (option, &ctx, devices->pdata[i],
                                                  vireo_domain_edit_get_match_key (edit, m),
                                                  vireo_domain_edit_get_match_value (edit, m),
                                                  &all, error))
                    return NULL;
            }
            if (all)
                g_ptr_array_add (chosen, devices->pdata[i]);
        }
        if (chosen->len == 0) {
            g_autofree char *what = vireo_domain_edit_describe_select (edit);

            fail (error, _("No --%s device matches “%s”."), name, what);
            return NULL;
        }
        break;
    }
    return g_steal_pointer (&chosen);
}

static void
record_change (VireoDomainEditor *self, VireoDomainEditAction action, const char *option,
               xmlNode *node)
{
    VireoDomainDeviceChange *change = g_new0 (VireoDomainDeviceChange, 1);

    change->action = action;
    change->option = g_strdup (option);
    change->xml = node_to_string (self->doc, node);
    g_ptr_array_add (self->device_changes, change);
}

/* Parses one device's XML for --edit/--add-device with XML; its root must
 * be @element. */
static xmlNode *
parse_device_xml (VireoDomainEditor *self, const char *xml, const char *element,
                  GError **error)
{
    g_autoptr(xmlDoc) doc = _vireo_domain_editor_parse (xml, NULL);
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;

    if (root == NULL) {
        fail (error, _("The device XML is not well-formed."));
        return NULL;
    }
    if (!xmlStrEqual (root->name, BAD_CAST element)) {
        fail (error, _("The device XML describes a <%s>, not a <%s>."),
              (const char *) root->name, element);
        return NULL;
    }
    return xmlDocCopyNode (root, self->doc, 1);
}

/* --disk vol=POOL/VOLUME: the volume's path, as virt-xml writes it (a file
 * or block disk, its format from the pool when it knows it). */
static gboolean
use_volume (VireoDomainEditor *self, xmlNode *domain, xmlNode *disk, const char *pool,
            const char *name, GError **error)
{
    GHashTable *volumes = g_hash_table_lookup (self->pools, pool);
    VireoStorageVolumeInfo *volume = volumes ? g_hash_table_lookup (volumes, name) : NULL;
    VireoDomainOptionContext ctx;

    if (volumes == NULL)
        return fail (error, _("There is no storage pool “%s” on this connection."), pool);
    if (volume == NULL)
        return fail (error, _("The storage pool “%s” has no volume “%s”."), pool, name);
    make_context (self, &ctx, FALSE);
    if (!vireo_domain_option_apply (vireo_domain_option_lookup ("disk"), &ctx, domain, disk,
                                    "path", volume->path, error))
        return FALSE;
    if (volume->format && vireo_domain_option_is_qemu (&ctx)) {
        xmlNode *driver = ensure_child (disk, "driver");

        if (!xmlHasProp (driver, BAD_CAST "name"))
            xmlSetProp (driver, BAD_CAST "name", BAD_CAST "qemu");
        xmlSetProp (driver, BAD_CAST "type", BAD_CAST volume->format);
    }
    return TRUE;
}

/* --disk size=, pool=, vol=, format=, sparse=: a new image, or an existing
 * pool volume. */
static gboolean
plan_storage (VireoDomainEditor *self, xmlNode *domain, xmlNode *disk, GPtrArray *pairs,
              gboolean adding, GError **error)
{
    gboolean has_size = FALSE, has_pool = FALSE, has_vol = FALSE, has_sparse = FALSE;
    g_autofree char *size = pair_take (pairs, "size", &has_size);
    g_autofree char *pool = pair_take (pairs, "pool", &has_pool);
    g_autofree char *vol = pair_take (pairs, "vol", &has_vol);
    g_autofree char *format = pair_take (pairs, "format", NULL);
    g_autofree char *sparse_s = pair_take (pairs, "sparse", &has_sparse);
    g_autofree char *path = NULL;
    g_autofree char *device = NULL;
    gboolean sparse = TRUE;
    double gib = 0;
    VireoDomainEditorVolume *volume;
    VireoDomainOptionContext ctx;

    g_free (pair_take (pairs, "backing_store", NULL));
    g_free (pair_take (pairs, "backing_format", NULL));
    g_free (pair_take (pairs, "convert", NULL));
    if (has_sparse && !vireo_domain_option_parse_bool ("sparse", sparse_s, &sparse, error))
        return FALSE;
    if (has_size && !vireo_domain_option_parse_size_gib ("--disk", size, &gib, error))
        return FALSE;
    if (has_vol) {
        g_auto(GStrv) parts = vol ? g_strsplit (vol, "/", -1) : NULL;
        xmlNode *source;

        if (parts == NULL || g_strv_length (parts) != 2 || !*parts[0] || !*parts[1])
            return fail (error, _("A storage volume is named pool/volume, not “%s”."),
                         vol ? vol : "");
        if (self->pools)
            return use_volume (self, domain, disk, parts[0], parts[1], error);
        /* The pools are not known (XML without its connection): libvirt
         * finds the volume when the VM starts. */
        xmlSetProp (disk, BAD_CAST "type", BAD_CAST "volume");
        source = child (disk, "source");
        if (source)
            remove_node (source);
        source = ensure_child (disk, "source");
        xmlSetProp (source, BAD_CAST "pool", BAD_CAST parts[0]);
        xmlSetProp (source, BAD_CAST "volume", BAD_CAST parts[1]);
        return TRUE;
    }

    make_context (self, &ctx, FALSE);
    device = get_attr (disk, "device");
    path = vireo_domain_option_disk_path (disk);
    if (!has_size) {
        if (has_pool)
            return fail (error, _("A new disk in pool “%s” needs a size=."), pool);
        if (adding && path && g_strcmp0 (device, "disk") <= 0 && self->uri &&
            !vireo_domain_option_is_remote (&ctx) && !g_file_test (path, G_FILE_TEST_EXISTS))
            return fail (error, _("The disk image “%s” does not exist: give a size= (GiB) to "
                                  "create it."), path);
        return TRUE;
    }
    if (path && g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;    /* an existing image keeps its size */
    if (path == NULL && has_pool && g_strcmp0 (pool, "default") != 0) {
        return fail (error, _("A new disk in pool “%s” needs a path in that pool's directory."),
                     pool);
    }
    if (format == NULL)
        format = g_strdup ("qcow2");
    if (!g_str_equal (format, "qcow2") && !g_str_equal (format, "raw"))
        return fail (error, _("New disk images can be qcow2 or raw, not “%s”."), format);
    if (path == NULL) {
        g_autofree char *vmname = get_text (child (domain, "name"));
        const char *ext = g_str_equal (format, "qcow2") ? "qcow2" : "img";
        const char *dir = self->pool_dir ? self->pool_dir : "/var/lib/libvirt/images";

        for (guint n = 0;; n++) {
            g_autofree char *file = n == 0 ? g_strdup_printf ("%s.%s", vmname ? vmname : "disk",
                                                              ext)
                                           : g_strdup_printf ("%s-%u.%s",
                                                              vmname ? vmname : "disk", n, ext);
            g_autofree char *candidate = g_build_filename (dir, file, NULL);
            g_autoptr(GPtrArray) disks = list_devices (domain, "disk");
            gboolean taken = g_file_test (candidate, G_FILE_TEST_EXISTS);

            for (guint i = 0; i < disks->len && !taken; i++) {
                g_autofree char *other = vireo_domain_option_disk_path (disks->pdata[i]);
                taken = g_strcmp0 (other, candidate) == 0;
            }
            for (guint i = 0; i < self->new_volumes->len && !taken; i++)
                taken = g_str_equal (((VireoDomainEditorVolume *)
                                      self->new_volumes->pdata[i])->path, candidate);
            if (!taken) {
                path = g_steal_pointer (&candidate);
                break;
            }
        }
        if (!vireo_domain_option_apply (vireo_domain_option_lookup ("disk"), &ctx, domain, disk,
                                        "path", path, error))
            return FALSE;
    }
    volume = g_new0 (VireoDomainEditorVolume, 1);
    volume->path = g_strdup (path);
    volume->format = g_strdup (format);
    volume->capacity = (guint64) (gib * 1024 * 1024 * 1024);
    volume->sparse = sparse;
    g_ptr_array_add (self->new_volumes, volume);
    /* The disk says what the new image is (QEMU reads its format from
     * the driver element; a sparse image gives freed blocks back). */
    if (vireo_domain_option_is_qemu (&ctx)) {
        xmlNode *driver = ensure_child (disk, "driver");

        xmlSetProp (driver, BAD_CAST "name", BAD_CAST "qemu");
        xmlSetProp (driver, BAD_CAST "type", BAD_CAST format);
        if (sparse && g_strcmp0 (device, "disk") <= 0 && !xmlHasProp (driver, BAD_CAST "discard"))
            xmlSetProp (driver, BAD_CAST "discard", BAD_CAST "unmap");
    }
    return TRUE;
}

/* --controller usb2 and usb3: the controllers of a USB 2 or 3 bus. */
static gboolean
add_usb_bus (VireoDomainEditor *self, xmlNode *domain, const char *kind)
{
    xmlNode *devices = ensure_child (domain, "devices");

    if (g_str_equal (kind, "usb3")) {
        xmlNode *c = xmlNewChild (devices, NULL, BAD_CAST "controller", NULL);

        xmlSetProp (c, BAD_CAST "type", BAD_CAST "usb");
        xmlSetProp (c, BAD_CAST "model",
                    BAD_CAST (self->uri && g_str_has_prefix (self->uri, "qemu") ? "qemu-xhci"
                                                                               : "nec-xhci"));
        xmlSetProp (c, BAD_CAST "ports", BAD_CAST "15");
        record_change (self, VIREO_DOMAIN_EDIT_ADD, "controller", c);
        g_ptr_array_add (self->added, node_to_string (self->doc, c));
        return TRUE;
    }
    {
        static const char * const models[] = {
            "ich9-ehci1", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3"
        };

        for (guint i = 0; i < G_N_ELEMENTS (models); i++) {
            xmlNode *c = xmlNewChild (devices, NULL, BAD_CAST "controller", NULL);
            char buf[8];

            xmlSetProp (c, BAD_CAST "type", BAD_CAST "usb");
            xmlSetProp (c, BAD_CAST "model", BAD_CAST models[i]);
            if (i > 0) {
                g_snprintf (buf, sizeof buf, "%u", (i - 1) * 2);
                xmlSetProp (xmlNewChild (c, NULL, BAD_CAST "master", NULL), BAD_CAST "startport",
                            BAD_CAST buf);
            }
            record_change (self, VIREO_DOMAIN_EDIT_ADD, "controller", c);
            g_ptr_array_add (self->added, node_to_string (self->doc, c));
        }
    }
    return TRUE;
}

static gboolean
apply_device_add (VireoDomainEditor *self, VireoDomainEdit *edit, GError **error)
{
    const VireoDomainOption *option = vireo_domain_edit_get_option (edit);
    const char *name = vireo_domain_option_get_name (option);
    const char *element = vireo_domain_option_get_element (option);
    xmlNode *domain = root_of (self);
    g_autoptr(GPtrArray) pairs = edit_pairs (edit);
    xmlNode *devices = ensure_child (domain, "devices");
    VireoDomainOptionContext ctx;
    xmlNode *node;

    if (vireo_domain_edit_get_xml (edit)) {
        node = parse_device_xml (self, vireo_domain_edit_get_xml (edit), element, error);
        if (node == NULL)
            return FALSE;
        xmlAddChild (devices, node);
        record_change (self, VIREO_DOMAIN_EDIT_ADD, name, node);
        g_ptr_array_add (self->added, node_to_string (self->doc, node));
        return TRUE;
    }
    if (pairs->len == 0)
        return fail (error, _("--%s needs a value to add a device."), name);
    rewrite (option, pairs);
    if (g_str_equal (name, "controller")) {
        Pair *type = pair_find (pairs, "type");

        if (type && pairs->len == 1 &&
            (g_strcmp0 (type->value, "usb2") == 0 || g_strcmp0 (type->value, "usb3") == 0))
            return add_usb_bus (self, domain, type->value);
    }
    {
        gboolean removed = FALSE;

        g_free (pair_take (pairs, "clearxml", NULL));
        (void) removed;
    }
    node = xmlNewChild (devices, NULL, BAD_CAST element, NULL);
    if (!apply_pairs (self, option, domain, node, pairs, error))
        return FALSE;
    if (g_str_equal (name, "disk") && !plan_storage (self, domain, node, pairs, TRUE, error))
        return FALSE;
    make_context (self, &ctx, TRUE);
    if (!vireo_domain_option_fill_defaults (option, &ctx, domain, node, error))
        return FALSE;
    record_change (self, VIREO_DOMAIN_EDIT_ADD, name, node);
    g_ptr_array_add (self->added, node_to_string (self->doc, node));
    return TRUE;
}

static gboolean
apply_device_change (VireoDomainEditor *self, VireoDomainEdit *edit, GError **error)
{
    const VireoDomainOption *option = vireo_domain_edit_get_option (edit);
    const char *name = vireo_domain_option_get_name (option);
    xmlNode *domain = root_of (self);
    g_autoptr(GPtrArray) chosen = select_devices (self, edit, "--edit", error);

    if (chosen == NULL)
        return FALSE;
    if (vireo_domain_edit_get_n_values (edit) == 0 && vireo_domain_edit_get_xml (edit) == NULL)
        return fail (error, _("--%s needs at least one sub-option to change."), name);
    for (guint i = 0; i < chosen->len; i++) {
        xmlNode *node = chosen->pdata[i];
        g_autoptr(GPtrArray) pairs = edit_pairs (edit);
        gboolean removed = FALSE;

        if (vireo_domain_edit_get_xml (edit)) {
            xmlNode *fresh = parse_device_xml (self, vireo_domain_edit_get_xml (edit),
                                               vireo_domain_option_get_element (option), error);
            if (fresh == NULL)
                return FALSE;
            xmlReplaceNode (node, fresh);
            xmlFreeNode (node);
            record_change (self, VIREO_DOMAIN_EDIT_CHANGE, name, fresh);
            continue;
        }
        rewrite (option, pairs);
        if (!apply_clearxml (pairs, node, FALSE, &removed, error))
            return FALSE;
        if (!apply_pairs (self, option, domain, node, pairs, error))
            return FALSE;
        if (g_str_equal (name, "disk") && !plan_storage (self, domain, node, pairs, FALSE, error))
            return FALSE;
        record_change (self, VIREO_DOMAIN_EDIT_CHANGE, name, node);
    }
    return TRUE;
}

/* The <console> that only mirrors @serial (the first console, of the same
 * type, with no target type or a serial one): it goes with it. */
static xmlNode *
console_duplicate (xmlNode *domain, xmlNode *serial)
{
    g_autoptr(GPtrArray) consoles = list_devices (domain, "console");
    xmlNode *console;
    g_autofree char *ctype = NULL;
    g_autofree char *stype = NULL;
    g_autofree char *ttype = NULL;

    if (consoles->len == 0)
        return NULL;
    console = consoles->pdata[0];
    ctype = get_attr (console, "type");
    stype = get_attr (serial, "type");
    ttype = get_attr (child (console, "target"), "type");
    if (g_strcmp0 (ctype, stype) == 0 && (ttype == NULL || g_str_equal (ttype, "serial")))
        return console;
    return NULL;
}

static gboolean
apply_device_remove (VireoDomainEditor *self, VireoDomainEdit *edit, GError **error)
{
    const VireoDomainOption *option = vireo_domain_edit_get_option (edit);
    const char *name = vireo_domain_option_get_name (option);
    xmlNode *domain = root_of (self);
    g_autoptr(GPtrArray) chosen = select_devices (self, edit, "--remove-device", error);

    if (chosen == NULL)
        return FALSE;
    if (g_str_equal (name, "serial")) {
        guint n = chosen->len;

        for (guint i = 0; i < n; i++) {
            xmlNode *dup = console_duplicate (domain, chosen->pdata[i]);

            if (dup && !g_ptr_array_find (chosen, dup, NULL))
                g_ptr_array_add (chosen, dup);
        }
    }
    for (guint i = 0; i < chosen->len; i++) {
        xmlNode *node = chosen->pdata[i];

        record_change (self, VIREO_DOMAIN_EDIT_REMOVE,
                       (const char *) node->name, node);
        remove_node (node);
    }
    return TRUE;
}

/* ---------------------------------------------------------------- apply */

static gboolean
dispatch (VireoDomainEditor *self, VireoDomainEdit *edit, GError **error)
{
    const VireoDomainOption *option = vireo_domain_edit_get_option (edit);

    switch (vireo_domain_option_get_kind (option)) {
    case VIREO_DOMAIN_OPTION_XPATH: {
        g_autoptr(GPtrArray) pairs = edit_pairs (edit);

        if (vireo_domain_edit_get_action (edit) != VIREO_DOMAIN_EDIT_CHANGE)
            return fail (error, _("--xml can only be used with --edit."));
        if (pairs->len == 0)
            return fail (error, _("--xml needs an XPath edit, such as ./title=Hello."));
        return _vireo_domain_editor_apply_xpath (root_of (self), pairs, error);
    }
    case VIREO_DOMAIN_OPTION_SECTION:
        return apply_section (self, edit, error);
    case VIREO_DOMAIN_OPTION_DEVICE:
        switch (vireo_domain_edit_get_action (edit)) {
        case VIREO_DOMAIN_EDIT_ADD:
            return apply_device_add (self, edit, error);
        case VIREO_DOMAIN_EDIT_REMOVE:
            return apply_device_remove (self, edit, error);
        case VIREO_DOMAIN_EDIT_CHANGE:
        default:
            return apply_device_change (self, edit, error);
        }
    case VIREO_DOMAIN_OPTION_OTHER:
    default:
        return fail (error, _("--%s does not change a VM."), vireo_domain_option_get_name (option));
    }
}

/* The same edit, made to the running guest's XML (virt-xml --update edits
 * the live XML): the devices it selects are the guest's own, with their
 * aliases, addresses and current media.  A device added is the one added
 * to the definition (the same MAC, target and image).  XPath edits change
 * only the definition.  An edit the guest's XML does not take is kept in
 * live_error: a live commit then fails with it, a persistent one does not
 * care. */
static void
apply_live (VireoDomainEditor *self, VireoDomainEdit *edit, guint first_change)
{
    const VireoDomainOption *option = vireo_domain_edit_get_option (edit);
    xmlDoc *persistent = self->doc;
    GPtrArray *persistent_changes = self->device_changes;
    guint n_changes = self->device_changes->len;
    guint n_volumes = self->new_volumes->len;
    guint n_added = self->added->len;
    guint n_live = self->live_changes->len;
    g_autoptr(xmlDoc) backup = NULL;
    GError *local = NULL;
    gboolean ok = TRUE;

    if (vireo_domain_option_get_kind (option) == VIREO_DOMAIN_OPTION_XPATH)
        return;
    backup = xmlCopyDoc (self->live_doc, 1);
    self->doc = self->live_doc;
    self->device_changes = self->live_changes;
    if (vireo_domain_option_get_kind (option) == VIREO_DOMAIN_OPTION_DEVICE &&
        vireo_domain_edit_get_action (edit) == VIREO_DOMAIN_EDIT_ADD) {
        xmlNode *devices = ensure_child (root_of (self), "devices");

        for (guint i = first_change; i < n_changes && ok; i++) {
            VireoDomainDeviceChange *change = persistent_changes->pdata[i];
            g_autoptr(xmlDoc) doc = _vireo_domain_editor_parse (change->xml, &local);
            xmlNode *node;

            ok = doc != NULL;
            if (!ok)
                break;
            node = xmlDocCopyNode (xmlDocGetRootElement (doc), self->doc, 1);
            xmlAddChild (devices, node);
            record_change (self, VIREO_DOMAIN_EDIT_ADD, change->option, node);
        }
    } else {
        ok = dispatch (self, edit, &local);
    }
    self->doc = persistent;
    self->device_changes = persistent_changes;
    /* What the guest's pass planned or printed is the definition's already. */
    g_ptr_array_set_size (self->new_volumes, n_volumes);
    g_ptr_array_set_size (self->added, n_added);
    if (!ok) {
        xmlFreeDoc (self->live_doc);
        self->live_doc = g_steal_pointer (&backup);
        g_ptr_array_set_size (self->live_changes, n_live);
        self->live_error = local;
    }
}

/* --------------------------------------------------------------- GObject */

static void
vireo_domain_editor_finalize (GObject *object)
{
    VireoDomainEditor *self = VIREO_DOMAIN_EDITOR (object);

    g_clear_pointer (&self->doc, xmlFreeDoc);
    g_free (self->original_xml);
    g_free (self->uri);
    g_clear_pointer (&self->caps, xmlFreeDoc);
    g_clear_pointer (&self->domcaps, xmlFreeDoc);
    g_clear_object (&self->os);
    g_free (self->pool_dir);
    g_ptr_array_unref (self->device_changes);
    g_ptr_array_unref (self->new_volumes);
    g_ptr_array_unref (self->added);
    g_clear_pointer (&self->host_devices, g_ptr_array_unref);
    g_clear_pointer (&self->used_macs, g_hash_table_unref);
    g_clear_pointer (&self->pools, g_hash_table_unref);
    g_clear_pointer (&self->rand, g_rand_free);
    g_clear_pointer (&self->live_doc, xmlFreeDoc);
    g_free (self->live_original);
    g_ptr_array_unref (self->live_changes);
    g_clear_error (&self->live_error);
    g_free (self->applied_live);

    G_OBJECT_CLASS (vireo_domain_editor_parent_class)->finalize (object);
}

static void
vireo_domain_editor_class_init (VireoDomainEditorClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vireo_domain_editor_finalize;
}

static void
vireo_domain_editor_init (VireoDomainEditor *self)
{
    self->device_changes = g_ptr_array_new_with_free_func (
        (GDestroyNotify) _vireo_domain_device_change_free);
    self->new_volumes = g_ptr_array_new_with_free_func (
        (GDestroyNotify) _vireo_domain_editor_volume_free);
    self->added = g_ptr_array_new_with_free_func (g_free);
    self->autostart = -1;
    self->seed = g_random_int ();
    self->rand = g_rand_new_with_seed (self->seed);
    self->live_changes = g_ptr_array_new_with_free_func (
        (GDestroyNotify) _vireo_domain_device_change_free);
}

/* ----------------------------------------------------------- private API */

/* Whitespace-only text that is only layout (NOBLANKS keeps it in elements
 * without element children, such as "<devices>\n  </devices>"): dropped,
 * so that what the editor adds is indented like the rest.  Text elements
 * and metadata keep theirs. */
static void
drop_layout_text (xmlNode *node)
{
    static const char * const keep[] = {
        "title", "description", "cmdline", "initarg", "initenv", "metadata", "label", NULL
    };
    xmlNode *c = node->children;

    if (g_strv_contains (keep, (const char *) node->name))
        return;
    while (c) {
        xmlNode *next = c->next;

        if (c->type == XML_TEXT_NODE && xmlIsBlankNode (c))
            remove_node (c);
        else if (c->type == XML_ELEMENT_NODE)
            drop_layout_text (c);
        c = next;
    }
}

xmlDoc *
_vireo_domain_editor_parse (const char *xml,
                            GError    **error)
{
    xmlDoc *doc;

    /* An empty document sets no error: an older one must not be taken for it. */
    xmlResetLastError ();
    doc = xml ? xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL,
                               XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                               XML_PARSE_NOWARNING)
              : NULL;
    if (doc == NULL || xmlDocGetRootElement (doc) == NULL) {
        const xmlError *err = xmlGetLastError ();
        g_autofree char *detail = g_strdup (err && err->message ? err->message : "");

        g_strstrip (detail);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The XML is not well-formed: %s"),
                     *detail ? detail : _("there is no document."));
        g_clear_pointer (&doc, xmlFreeDoc);
    }
    if (doc)
        drop_layout_text (xmlDocGetRootElement (doc));
    return doc;
}

char *
_vireo_domain_editor_serialize (xmlDoc *doc)
{
    return node_to_string (doc, xmlDocGetRootElement (doc));
}

void
_vireo_domain_editor_set_live_xml (VireoDomainEditor *self,
                                   const char        *xml)
{
    g_assert (VIREO_IS_DOMAIN_EDITOR (self));

    g_clear_pointer (&self->live_doc, xmlFreeDoc);
    g_clear_pointer (&self->live_original, g_free);
    g_ptr_array_set_size (self->live_changes, 0);
    g_clear_error (&self->live_error);
    self->live_doc = xml ? _vireo_domain_editor_parse (xml, NULL) : NULL;
    if (self->live_doc)
        self->live_original = _vireo_domain_editor_serialize (self->live_doc);
}

void
_vireo_domain_device_change_free (VireoDomainDeviceChange *change)
{
    if (change == NULL)
        return;
    g_free (change->option);
    g_free (change->xml);
    g_free (change);
}

void
_vireo_domain_editor_volume_free (VireoDomainEditorVolume *volume)
{
    if (volume == NULL)
        return;
    g_free (volume->path);
    g_free (volume->format);
    g_free (volume);
}

/* ------------------------------------------------------------ public API */

VireoDomainEditor *
vireo_domain_editor_new (const char *xml,
                         GError    **error)
{
    g_autoptr(VireoDomainEditor) self = NULL;
    xmlNode *root;

    g_return_val_if_fail (xml != NULL, NULL);

    self = g_object_new (VIREO_TYPE_DOMAIN_EDITOR, NULL);
    self->doc = _vireo_domain_editor_parse (xml, error);
    if (self->doc == NULL)
        return NULL;
    root = xmlDocGetRootElement (self->doc);
    if (!xmlStrEqual (root->name, BAD_CAST "domain")) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The XML does not describe a virtual machine: its root element is "
                       "“%s”, not “domain”."), (const char *) root->name);
        return NULL;
    }
    self->original_xml = _vireo_domain_editor_serialize (self->doc);
    return g_steal_pointer (&self);
}

void
vireo_domain_editor_set_connection (VireoDomainEditor *self,
                                    const char        *uri,
                                    const char        *caps_xml,
                                    const char        *domcaps_xml)
{
    g_return_if_fail (VIREO_IS_DOMAIN_EDITOR (self));

    g_free (self->uri);
    self->uri = g_strdup (uri);
    g_clear_pointer (&self->caps, xmlFreeDoc);
    g_clear_pointer (&self->domcaps, xmlFreeDoc);
    if (caps_xml && *caps_xml)
        self->caps = xmlReadMemory (caps_xml, (int) strlen (caps_xml), "caps.xml", NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (domcaps_xml && *domcaps_xml)
        self->domcaps = xmlReadMemory (domcaps_xml, (int) strlen (domcaps_xml), "domcaps.xml",
                                       NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                       XML_PARSE_NOWARNING);
}

void
vireo_domain_editor_set_os (VireoDomainEditor *self,
                            OsinfoOs          *os)
{
    g_return_if_fail (VIREO_IS_DOMAIN_EDITOR (self));

    g_set_object (&self->os, os);
    self->os_looked_up = TRUE;
}

void
vireo_domain_editor_set_pool_directory (VireoDomainEditor *self,
                                        const char        *directory)
{
    g_return_if_fail (VIREO_IS_DOMAIN_EDITOR (self));

    g_free (self->pool_dir);
    self->pool_dir = g_strdup (directory);
}

gboolean
vireo_domain_editor_apply (VireoDomainEditor *self,
                           VireoDomainEdit   *edit,
                           GError           **error)
{
    g_autoptr(xmlDoc) backup = NULL;
    guint n_changes, n_volumes, n_added;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), FALSE);
    g_return_val_if_fail (edit != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    backup = xmlCopyDoc (self->doc, 1);
    n_changes = self->device_changes->len;
    n_volumes = self->new_volumes->len;
    n_added = self->added->len;

    if (!dispatch (self, edit, error)) {
        xmlFreeDoc (self->doc);
        self->doc = g_steal_pointer (&backup);
        g_ptr_array_set_size (self->device_changes, n_changes);
        g_ptr_array_set_size (self->new_volumes, n_volumes);
        g_ptr_array_set_size (self->added, n_added);
        return FALSE;
    }
    if (self->live_doc && self->live_error == NULL)
        apply_live (self, edit, n_changes);
    return TRUE;
}

void
vireo_domain_editor_set_autostart (VireoDomainEditor *self,
                                   gboolean           autostart)
{
    g_return_if_fail (VIREO_IS_DOMAIN_EDITOR (self));

    self->autostart = autostart ? 1 : 0;
}

gboolean
vireo_domain_editor_replace_xml (VireoDomainEditor *self,
                                 const char        *xml,
                                 GError           **error)
{
    xmlDoc *doc;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), FALSE);
    g_return_val_if_fail (xml != NULL, FALSE);

    doc = _vireo_domain_editor_parse (xml, error);
    if (doc == NULL)
        return FALSE;
    if (!xmlStrEqual (xmlDocGetRootElement (doc)->name, BAD_CAST "domain")) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID,
                     _("The XML does not describe a virtual machine: its root element is "
                       "“%s”, not “domain”."), (const char *) xmlDocGetRootElement (doc)->name);
        xmlFreeDoc (doc);
        return FALSE;
    }
    xmlFreeDoc (self->doc);
    self->doc = doc;
    /* The edits that made the document are unknown: what changes live is
     * read from the definition's difference on commit. */
    g_clear_pointer (&self->live_doc, xmlFreeDoc);
    g_clear_error (&self->live_error);
    return TRUE;
}

char *
vireo_domain_editor_dup_xml (VireoDomainEditor *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);
    return _vireo_domain_editor_serialize (self->doc);
}

char *
vireo_domain_editor_dup_original_xml (VireoDomainEditor *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);
    return g_strdup (self->original_xml);
}

char *
vireo_domain_editor_dup_diff (VireoDomainEditor *self)
{
    g_autofree char *now = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);

    now = _vireo_domain_editor_serialize (self->doc);
    return vireo_text_diff (self->original_xml, now, "Original XML", "Altered XML");
}

gboolean
vireo_domain_editor_has_changes (VireoDomainEditor *self)
{
    g_autofree char *now = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), FALSE);

    now = _vireo_domain_editor_serialize (self->doc);
    return g_strcmp0 (now, self->original_xml) != 0 || self->autostart >= 0;
}

const char *
vireo_domain_editor_get_name (VireoDomainEditor *self)
{
    xmlNode *name;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);

    name = child (root_of (self), "name");
    return name && name->children && name->children->type == XML_TEXT_NODE
           ? (const char *) name->children->content : NULL;
}

/* The digest of the definition the editor started from.  (Not of the live
 * XML, whose balloon size, for one, moves by itself: live changes start
 * from the guest as it is when they are made.) */
static char *
base_digest (VireoDomainEditor *self)
{
    return g_compute_checksum_for_string (G_CHECKSUM_SHA256, self->original_xml, -1);
}

char *
vireo_domain_editor_dup_token (VireoDomainEditor *self)
{
    g_autofree char *digest = NULL;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);

    digest = base_digest (self);
    return g_strdup_printf ("1:%08x:%s", self->seed, digest);
}

gboolean
vireo_domain_editor_use_token (VireoDomainEditor *self,
                               const char        *token,
                               GError           **error)
{
    g_auto(GStrv) parts = NULL;
    g_autofree char *digest = NULL;
    guint64 seed = 0;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), FALSE);
    g_return_val_if_fail (token != NULL, FALSE);

    parts = g_strsplit (token, ":", 3);
    if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "1") ||
        !g_ascii_string_to_unsigned (parts[1], 16, 0, G_MAXUINT32, &seed, NULL))
        return fail (error, _("“%s” is not an editor's token."), token);
    digest = base_digest (self);
    if (!g_str_equal (digest, parts[2])) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID_STATE,
                     _("“%s” has changed since its changes were worked out: nothing was "
                       "saved; make the changes again."), vireo_domain_editor_get_name (self));
        return FALSE;
    }
    self->seed = (guint32) seed;
    g_rand_set_seed (self->rand, self->seed);
    return TRUE;
}

GPtrArray *
vireo_domain_editor_get_device_changes (VireoDomainEditor *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);
    return self->device_changes;
}

GPtrArray *
vireo_domain_editor_get_new_volumes (VireoDomainEditor *self)
{
    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);
    return self->new_volumes;
}

GPtrArray *
vireo_domain_editor_dup_added_devices (VireoDomainEditor *self)
{
    GPtrArray *out;

    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (self), NULL);

    out = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < self->added->len; i++)
        g_ptr_array_add (out, g_strdup (self->added->pdata[i]));
    return out;
}
