/* vireo-osinfo.c: libosinfo + osinfo-db: OS lookup, detection, defaults
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-osinfo.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vireo-osinfo-media.h"
#include "vireo-vmm-autocleanups.h"
#include "vireo-vmm-error.h"

typedef struct {
    OsinfoDb *db;
    GError   *error;
} LoadResult;

/* The quick path: osinfo-db lays each entity out at a path made from its id
 * ("http://debian.org/debian/11" is os/debian.org/debian-11.xml, plus the
 * files in os/debian.org/debian-11.d if there is one), so the files one OS
 * needs can be found without reading the others.  They are put in a directory
 * of the same layout (kept in the user's cache directory, see link_tree())
 * and the loader reads that directory instead of the whole database.
 *
 * The OS's own files, and those of its devices, install scripts and data
 * maps, are linked as they are.  The files of the OSes it derives from,
 * clones or upgrades are needed for what libosinfo gathers through those
 * relations (devices, firmware, ...), but their media, trees, images,
 * variants and names in other languages are not read through them and make
 * up most of the loader's work: the tree holds copies without them. */
typedef struct {
    const char *root;       /* the system database directory */
    const char *os_id;      /* the OS looked up */
    GHashTable *seen;       /* "type id" of the entities already queued */
    GQueue      todo;       /* "type id" strings still to read */
    GPtrArray  *links;      /* paths relative to root: files and .d directories */
    GPtrArray  *texts;      /* for each link: the text of a file to trim, or NULL */
    GChecksum  *digest;     /* of the links and the texts: names the tree */
} Closure;

static GMutex      quick_lock;
static GHashTable *quick_cache;     /* name -> OsinfoOs (owned), or NULL when slow */

static const char *system_dir (void);
static gboolean    only_system_dir (void);

/* The whole database.  libosinfo's default path also reads the PCI and USB
 * ID lists (pci.ids, usb.ids) to give tens of thousands of devices vendor and
 * product names, a third of the load, which Vireo never reads: the OSes link
 * only devices osinfo-db describes itself.  So when the system directory is
 * the only one (see only_system_dir()), it is read alone; otherwise, since
 * local and user directories override it file by file, the default path is
 * read as libosinfo does it. */
static gpointer
load_db (gpointer data)
{
    LoadResult *result = g_new0 (LoadResult, 1);
    g_autoptr(OsinfoLoader) loader = osinfo_loader_new ();
    GError *error = NULL;

    if (only_system_dir () && g_file_test (system_dir (), G_FILE_TEST_IS_DIR))
        osinfo_loader_process_path (loader, system_dir (), &error);
    else
        osinfo_loader_process_default_path (loader, &error);
    if (error) {
        result->error = error;
        return result;
    }
    result->db = g_object_ref (osinfo_loader_get_db (loader));
    return result;
}

static guint
edit_distance (const char *a, const char *b)
{
    size_t la = strlen (a), lb = strlen (b);
    g_autofree guint *row = g_new (guint, lb + 1);

    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        guint prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            guint cur = row[j];
            guint best = MIN (row[j] + 1, row[j - 1] + 1);
            row[j] = MIN (best, prev + (a[i - 1] == b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[lb];
}

static gboolean
os_has_short_id (OsinfoOs *os, const char *name)
{
    g_autoptr(GList) ids = osinfo_product_get_short_id_list (OSINFO_PRODUCT (os));

    for (GList *l = ids; l; l = l->next) {
        if (g_str_equal (l->data, name))
            return TRUE;
    }
    return FALSE;
}

static guint64
resource_value (OsinfoResourcesList *list, const char *arch, int which)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *want = pass == 0 ? arch : OSINFO_ARCHITECTURE_ALL;
        for (int i = 0; list && i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
            OsinfoResources *r = OSINFO_RESOURCES (
                osinfo_list_get_nth (OSINFO_LIST (list), i));
            gint64 v;

            if (g_strcmp0 (osinfo_resources_get_architecture (r), want) != 0)
                continue;
            v = which == 0 ? osinfo_resources_get_ram (r)
              : which == 1 ? osinfo_resources_get_n_cpus (r)
              : osinfo_resources_get_storage (r);
            if (v > 0)
                return (guint64) v;
        }
    }
    return 0;
}

/* Recommended value, or twice the minimum when only that is known. */
static guint64
recommended (OsinfoOs *os, const char *arch, int which)
{
    g_autoptr(OsinfoResourcesList) rec = osinfo_os_get_recommended_resources (os);
    g_autoptr(OsinfoResourcesList) min = NULL;
    guint64 v = resource_value (rec, arch, which);

    if (v)
        return v;
    min = osinfo_os_get_minimum_resources (os);
    return resource_value (min, arch, which) * 2;
}

static const char * const *
device_ids (const char *what)
{
    static const struct { const char *what; const char *ids[3]; } table[] = {
        { "virtio-disk",    { "http://pcisig.com/pci/1af4/1001",
                              "http://pcisig.com/pci/1af4/1042" } },
        { "virtio-scsi",    { "http://pcisig.com/pci/1af4/1004",
                              "http://pcisig.com/pci/1af4/1048" } },
        { "virtio-net",     { "http://pcisig.com/pci/1af4/1000",
                              "http://pcisig.com/pci/1af4/1041" } },
        { "virtio-rng",     { "http://pcisig.com/pci/1af4/1005",
                              "http://pcisig.com/pci/1af4/1044" } },
        { "virtio-balloon", { "http://pcisig.com/pci/1af4/1002",
                              "http://pcisig.com/pci/1af4/1045" } },
        { "virtio-serial",  { "http://pcisig.com/pci/1af4/1003",
                              "http://pcisig.com/pci/1af4/1043" } },
        { "virtio-gpu",     { "http://pcisig.com/pci/1af4/1050" } },
        { "virtio-input",   { "http://pcisig.com/pci/1af4/1052" } },
        { "virtio1",        { "http://pcisig.com/pci/1af4/1041" } },
        { "usb3",           { "http://pcisig.com/pci/1b36/0004" } },
        { "q35",            { "http://qemu.org/chipset/x86/q35" } },
    };

    for (guint i = 0; i < G_N_ELEMENTS (table); i++) {
        if (g_str_equal (table[i].what, what))
            return table[i].ids;
    }
    return NULL;
}

static const char *
system_dir (void)
{
    const char *dir = g_getenv ("OSINFO_SYSTEM_DIR");

    return dir && *dir ? dir : "/usr/share/osinfo";
}

/* The quick path reads the system directory alone, so it steps aside when a
 * local or user directory (which may add to the system one or override it)
 * or the deprecated OSINFO_DATA_DIR is there. */
static gboolean
only_system_dir (void)
{
    const char *local = g_getenv ("OSINFO_LOCAL_DIR");
    const char *user = g_getenv ("OSINFO_USER_DIR");
    g_autofree char *user_dir = g_build_filename (g_get_user_config_dir (), "osinfo", NULL);
    g_autofree char *user_old = g_build_filename (g_get_user_config_dir (), "libosinfo", "db",
                                                  NULL);
    const char *dirs[] = {
        local ? local : "/etc/osinfo", "/etc/libosinfo/db", user ? user : user_dir, user_old,
    };

    if (g_getenv ("OSINFO_DATA_DIR"))
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS (dirs); i++) {
        if (g_file_test (dirs[i], G_FILE_TEST_EXISTS))
            return FALSE;
    }
    return TRUE;
}

/* Where libosinfo's loader expects the files of entity @id of @type, relative
 * to the database root and without ".xml" or ".d": the id less "http://",
 * with every character after the host that is not alphanumeric, '-', '.' or
 * '_' made a '-'.  NULL for ids that name no place inside the database. */
static char *
entity_path (const char *type, const char *id)
{
    const char *s = g_str_has_prefix (id, "http://") ? id + strlen ("http://") : id;
    g_autoptr(GString) path = g_string_new (type);
    gboolean sep = FALSE;

    g_string_append_c (path, '/');
    if (*s == '\0' || *s == '/')
        return NULL;
    for (; *s; s++) {
        if (*s == '/' && !sep) {
            sep = TRUE;
            g_string_append_c (path, '/');
        } else if (g_ascii_isalnum (*s) || *s == '-' || *s == '.' || *s == '_') {
            g_string_append_c (path, *s);
        } else {
            g_string_append_c (path, '-');
        }
    }
    if (!sep || strstr (path->str, "..") || g_str_has_suffix (path->str, "/"))
        return NULL;
    return g_string_free (g_steal_pointer (&path), FALSE);
}

/* What an element carrying id="…" in a file of @file_type refers to: NULL for
 * the entity the file defines and for ids local to it (variants), "" for a
 * reference the quick path does not know. */
static const char *
reference_type (const char *file_type, const char *element, const char *id)
{
    static const struct { const char *element; const char *type; } refs[] = {
        { "upgrades", "os" }, { "derives-from", "os" }, { "clones", "os" },
        { "device", "device" }, { "script", "install-script" },
        { "install-script", "install-script" }, { "platform", "platform" },
        { "datamap", "datamap" },
    };

    if (g_str_equal (element, file_type))
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS (refs); i++) {
        if (g_str_equal (element, refs[i].element))
            return refs[i].type;
    }
    return strstr (id, "://") ? "" : NULL;
}

static void
closure_queue (Closure *c, const char *type, const char *id)
{
    char *key = g_strconcat (type, " ", id, NULL);

    if (g_hash_table_contains (c->seen, key)) {
        g_free (key);
        return;
    }
    g_hash_table_add (c->seen, key);
    g_queue_push_tail (&c->todo, key);
}

/* Queues what the elements of @text refer to: id="…" of the elements that
 * link entities, and value-map="…" (data maps of install scripts).  FALSE
 * when a reference cannot be followed. */
static gboolean
queue_references (Closure *c, const char *file_type, const char *text)
{
    static const char * const attrs[] = { " id=\"", " value-map=\"" };

    for (const char *p = strchr (text, '<'); p; p = strchr (p + 1, '<')) {
        const char *name = p + 1, *name_end = name, *tag_end;
        g_autofree char *element = NULL;

        if (!g_ascii_isalpha (*name))
            continue;
        while (g_ascii_isalnum (*name_end) || (*name_end && strchr ("-_:.", *name_end)))
            name_end++;
        tag_end = strchr (name_end, '>');
        if (tag_end == NULL)
            return FALSE;
        if (g_strstr_len (name_end, tag_end - name_end, " id='") ||
            g_strstr_len (name_end, tag_end - name_end, " value-map='"))
            return FALSE;
        for (guint i = 0; i < G_N_ELEMENTS (attrs); i++) {
            const char *at = g_strstr_len (name_end, tag_end - name_end, attrs[i]);
            const char *value, *value_end, *type;
            g_autofree char *id = NULL;

            if (at == NULL)
                continue;
            value = at + strlen (attrs[i]);
            value_end = strchr (value, '"');
            if (value_end == NULL || value_end > tag_end)
                return FALSE;
            id = g_strndup (value, value_end - value);
            if (element == NULL)
                element = g_strndup (name, name_end - name);
            type = i == 1 ? "datamap" : reference_type (file_type, element, id);
            if (type && *type == '\0')
                return FALSE;
            if (type)
                closure_queue (c, type, id);
        }
        p = tag_end;
    }
    return TRUE;
}

static void
closure_add (Closure *c, char *rel, char *text)
{
    g_checksum_update (c->digest, (const guchar *) rel, strlen (rel) + 1);
    if (text)
        g_checksum_update (c->digest, (const guchar *) text, strlen (text) + 1);
    g_ptr_array_add (c->links, rel);
    g_ptr_array_add (c->texts, text);
}

/* Reads the files of one entity and queues what they refer to.  FALSE when
 * the entity has no file or a file cannot be read. */
static gboolean
closure_read (Closure *c, const char *type, const char *id)
{
    g_autofree char *rel = entity_path (type, id);
    g_autofree char *master = NULL;
    g_autofree char *ext = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GDir) dir = NULL;
    gboolean found = FALSE;
    gboolean trim = g_str_equal (type, "os") && !g_str_equal (id, c->os_id);
    const char *name;

    if (rel == NULL)
        return FALSE;
    master = g_strconcat (c->root, "/", rel, ".xml", NULL);
    ext = g_strconcat (c->root, "/", rel, ".d", NULL);
    if (g_file_get_contents (master, &text, NULL, NULL)) {
        found = TRUE;
        if (!queue_references (c, type, text))
            return FALSE;
        closure_add (c, g_strconcat (rel, ".xml", NULL), trim ? g_steal_pointer (&text) : NULL);
    }
    dir = g_dir_open (ext, 0, NULL);
    if (dir == NULL)
        return found;
    closure_add (c, g_strconcat (rel, ".d", NULL), NULL);
    while ((name = g_dir_read_name (dir))) {
        g_autofree char *path = g_build_filename (ext, name, NULL);
        g_autofree char *part = NULL;

        /* The loader reads sub-directories too; this scan does not. */
        if (g_file_test (path, G_FILE_TEST_IS_DIR))
            return FALSE;
        if (!g_str_has_suffix (name, ".xml"))
            continue;
        if (!g_file_get_contents (path, &part, NULL, NULL) ||
            !queue_references (c, type, part))
            return FALSE;
    }
    return TRUE;
}

/* The files (and .d directories) OS @os_id needs, relative to @root: its own,
 * and those of every entity they refer to, transitively, with the texts to
 * trim and the digest that names their tree.  FALSE when one of them is
 * missing (a device known only from pci.ids, say). */
static gboolean
closure_links (const char *root, const char *os_id, GPtrArray **links, GPtrArray **texts,
               char **digest)
{
    Closure c = { root, os_id, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
                  G_QUEUE_INIT, g_ptr_array_new_with_free_func (g_free),
                  g_ptr_array_new_with_free_func (g_free), g_checksum_new (G_CHECKSUM_MD5) };
    static const char version[] = "vireo-osinfo-tree 2";
    gboolean ok = TRUE;
    char *key;

    g_checksum_update (c.digest, (const guchar *) version, sizeof version);
    g_checksum_update (c.digest, (const guchar *) root, strlen (root) + 1);
    closure_queue (&c, "os", os_id);
    while (ok && (key = g_queue_pop_head (&c.todo))) {
        g_autofree char *type = g_strndup (key, strchr (key, ' ') - key);
        ok = closure_read (&c, type, strchr (key, ' ') + 1);
    }
    g_queue_clear (&c.todo);
    g_hash_table_unref (c.seen);
    if (ok) {
        *links = g_steal_pointer (&c.links);
        *texts = g_steal_pointer (&c.texts);
        *digest = g_strdup (g_checksum_get_string (c.digest));
    }
    g_clear_pointer (&c.links, g_ptr_array_unref);
    g_clear_pointer (&c.texts, g_ptr_array_unref);
    g_checksum_free (c.digest);
    return ok;
}

/* The id of the <os> in @path that has <short-id>@name</short-id>, or NULL. */
static char *
os_id_in_file (const char *path, const char *name)
{
    g_autofree char *text = NULL;
    g_autofree char *tag = g_strdup_printf ("<short-id>%s</short-id>", name);
    const char *at, *os, *end;

    if (!g_file_get_contents (path, &text, NULL, NULL) || (at = strstr (text, tag)) == NULL)
        return NULL;
    os = g_strrstr_len (text, at - text, "<os id=\"");
    if (os == NULL)
        return NULL;
    os += strlen ("<os id=\"");
    end = strchr (os, '"');
    return end ? g_strndup (os, end - os) : NULL;
}

/* The id of the OS whose short id is @name.  File names first: the OS of
 * os/debian.org/debian-11.xml is debian11, its name less the dashes.  Then,
 * for other short ids (debianbullseye), the contents of every OS file. */
static char *
os_id_for_short_id (const char *root, const char *name)
{
    g_autofree char *os_dir = g_build_filename (root, "os", NULL);
    g_autoptr(GDir) vendors = g_dir_open (os_dir, 0, NULL);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
    const char *vendor;

    while (vendors && (vendor = g_dir_read_name (vendors))) {
        g_autofree char *vendor_dir = g_build_filename (os_dir, vendor, NULL);
        g_autoptr(GDir) dir = g_dir_open (vendor_dir, 0, NULL);
        const char *entry;

        while (dir && (entry = g_dir_read_name (dir))) {
            g_autofree char *path = g_build_filename (vendor_dir, entry, NULL);
            g_autofree char *stem = NULL;
            char *id;

            if (g_str_has_suffix (entry, ".d")) {
                g_autoptr(GDir) ext = g_dir_open (path, 0, NULL);
                const char *part;
                while (ext && (part = g_dir_read_name (ext)))
                    g_ptr_array_add (files, g_build_filename (path, part, NULL));
                continue;
            }
            if (!g_str_has_suffix (entry, ".xml"))
                continue;
            stem = g_strndup (entry, strlen (entry) - strlen (".xml"));
            g_strdelimit (stem, "-", '\001');
            for (char *r = stem, *w = stem; ; r++) {
                if (*r != '\001')
                    *w++ = *r;
                if (*r == '\0')
                    break;
            }
            if (g_str_equal (stem, name) && (id = os_id_in_file (path, name)))
                return id;
            g_ptr_array_add (files, g_steal_pointer (&path));
        }
    }
    for (guint i = 0; i < files->len; i++) {
        char *id = g_str_has_suffix (files->pdata[i], ".xml")
                   ? os_id_in_file (files->pdata[i], name) : NULL;
        if (id)
            return id;
    }
    return NULL;
}

static gboolean
is_trimmed (xmlNode *node)
{
    static const char * const names[] = { "media", "tree", "image", "variant" };

    if (node->type != XML_ELEMENT_NODE)
        return FALSE;
    if (xmlHasNsProp (node, BAD_CAST "lang", XML_XML_NAMESPACE))
        return TRUE;
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        if (xmlStrEqual (node->name, BAD_CAST names[i]))
            return TRUE;
    }
    return FALSE;
}

/* Writes @text, the file of an OS that the one looked up derives from, clones
 * or upgrades, to @path without the children of its <os> that is_trimmed()
 * names. */
static gboolean
write_trimmed (const char *path, const char *text)
{
    g_autoptr(xmlDoc) doc = xmlReadMemory (text, strlen (text), NULL, NULL,
                                           XML_PARSE_NONET | XML_PARSE_NOWARNING |
                                           XML_PARSE_NOERROR);
    xmlNode *root = doc ? xmlDocGetRootElement (doc) : NULL;
    xmlChar *out = NULL;
    int len = 0;
    gboolean ok;

    if (root == NULL)
        return FALSE;
    for (xmlNode *os = root->children; os; os = os->next) {
        xmlNode *next;

        if (os->type != XML_ELEMENT_NODE || !xmlStrEqual (os->name, BAD_CAST "os"))
            continue;
        for (xmlNode *child = os->children; child; child = next) {
            next = child->next;
            if (is_trimmed (child)) {
                xmlUnlinkNode (child);
                xmlFreeNode (child);
            }
        }
    }
    xmlDocDumpMemory (doc, &out, &len);
    ok = out && g_file_set_contents (path, (const char *) out, len, NULL);
    xmlFree (out);
    return ok;
}

/* Puts @links (relative to @root) in @tmp, a new private directory, in the
 * same layout: a symbolic link to the original, or a trimmed copy when @texts
 * holds a text for it.  @dirs gets every directory made, parents first, so
 * that remove_link_tree() can undo a partial tree too. */
static gboolean
make_link_tree (const char *root, const char *tmp, GPtrArray *links, GPtrArray *texts,
                GPtrArray *dirs)
{
    g_autoptr(GHashTable) made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < links->len; i++) {
        const char *rel = links->pdata[i];
        g_autofree char *target = g_build_filename (root, rel, NULL);
        g_autofree char *link = g_build_filename (tmp, rel, NULL);

        /* Parents first: "os", then "os/debian.org". */
        for (const char *slash = strchr (rel, '/'); slash; slash = strchr (slash + 1, '/')) {
            g_autofree char *sub = g_strndup (rel, slash - rel);
            g_autofree char *dir = NULL;

            if (g_hash_table_contains (made, sub))
                continue;
            dir = g_build_filename (tmp, sub, NULL);
            if (g_mkdir (dir, 0700) != 0)
                return FALSE;
            g_hash_table_add (made, g_steal_pointer (&sub));
            g_ptr_array_add (dirs, g_steal_pointer (&dir));
        }
        if (texts->pdata[i] ? !write_trimmed (link, texts->pdata[i])
                            : symlink (target, link) != 0)
            return FALSE;
    }
    return TRUE;
}

static void
remove_link_tree (const char *tmp, GPtrArray *links, GPtrArray *dirs)
{
    for (guint i = 0; i < links->len; i++) {
        g_autofree char *link = g_build_filename (tmp, links->pdata[i], NULL);
        g_unlink (link);
    }
    for (guint i = dirs->len; i > 0; i--)
        g_rmdir (dirs->pdata[i - 1]);
    g_rmdir (tmp);
}

/* A directory holding @links in the database layout.  Normally the one kept
 * in the user's cache directory, named by @digest: it is made once (in a
 * temporary sibling, then renamed, so that concurrent processes never see
 * half a tree) and only read afterwards.  When the cache cannot be written, a
 * private temporary directory that the caller removes: then *@transient is
 * TRUE and @dirs lists what remove_link_tree() must remove. */
static char *
link_tree (const char *root, GPtrArray *links, GPtrArray *texts, const char *digest,
           GPtrArray *dirs, gboolean *transient)
{
    g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "vireo", "osinfo", NULL);
    g_autofree char *tree = g_build_filename (cache, digest, NULL);
    g_autofree char *tmp = NULL;

    *transient = FALSE;
    if (g_file_test (tree, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&tree);
    if (g_mkdir_with_parents (cache, 0700) == 0) {
        tmp = g_strconcat (tree, ".XXXXXX", NULL);
        if (g_mkdtemp (tmp)) {
            if (make_link_tree (root, tmp, links, texts, dirs) && g_rename (tmp, tree) == 0)
                return g_steal_pointer (&tree);
            remove_link_tree (tmp, links, dirs);
            /* Another process may have made it meanwhile. */
            if (g_file_test (tree, G_FILE_TEST_IS_DIR))
                return g_steal_pointer (&tree);
        }
        g_clear_pointer (&tmp, g_free);
        g_ptr_array_set_size (dirs, 0);
    }
    tmp = g_dir_make_tmp ("vireo-osinfo-XXXXXX", NULL);
    if (tmp == NULL)
        return NULL;
    *transient = TRUE;
    if (!make_link_tree (root, tmp, links, texts, dirs)) {
        remove_link_tree (tmp, links, dirs);
        return NULL;
    }
    return g_steal_pointer (&tmp);
}

/* The quick path, uncached: NULL when it cannot answer. */
static OsinfoOs *
quick_load (const char *name, OsinfoDb **db_out)
{
    const char *root = system_dir ();
    g_autofree char *id = NULL;
    g_autoptr(GPtrArray) links = NULL;
    g_autoptr(GPtrArray) texts = NULL;
    g_autofree char *digest = NULL;
    g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(OsinfoLoader) loader = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *tree = NULL;
    gboolean transient;
    OsinfoOs *os;

    id = strstr (name, "://") ? g_strdup (name) : os_id_for_short_id (root, name);
    if (id == NULL || !closure_links (root, id, &links, &texts, &digest))
        return NULL;
    tree = link_tree (root, links, texts, digest, dirs, &transient);
    if (tree == NULL)
        return NULL;
    loader = osinfo_loader_new ();
    osinfo_loader_process_path (loader, tree, &error);
    if (transient)
        remove_link_tree (tree, links, dirs);
    if (error)
        return NULL;
    os = osinfo_db_get_os (osinfo_loader_get_db (loader), id);
    if (os == NULL || (!strstr (name, "://") && !os_has_short_id (os, name)))
        return NULL;
    *db_out = g_object_ref (osinfo_loader_get_db (loader));
    return g_object_ref (os);
}

OsinfoDb *
vireo_osinfo_get_db (GError **error)
{
    static GOnce once = G_ONCE_INIT;
    LoadResult *result = g_once (&once, load_db, NULL);

    if (result->error) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_FAILED,
                     _("The OS database could not be loaded: %s"), result->error->message);
        return NULL;
    }
    return result->db;
}

OsinfoOs *
vireo_osinfo_find_quick (const char *name)
{
    g_autoptr(GMutexLocker) locker = NULL;
    OsinfoDb *db = NULL;
    OsinfoOs *os;

    g_return_val_if_fail (name != NULL, NULL);

    if (!only_system_dir ())
        return NULL;
    locker = g_mutex_locker_new (&quick_lock);
    if (quick_cache == NULL)
        quick_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
    os = g_hash_table_lookup (quick_cache, name);
    if (os)
        return g_object_ref (os);
    os = quick_load (name, &db);
    if (os == NULL)
        return NULL;
    /* The small database stays, with everything the OS links to. */
    g_object_set_data_full (G_OBJECT (os), "vireo-osinfo-db", db, g_object_unref);
    g_hash_table_insert (quick_cache, g_strdup (name), g_object_ref (os));
    return os;
}

OsinfoOs *
vireo_osinfo_find (const char *name,
                   GError    **error)
{
    OsinfoOs *os;
    OsinfoDb *db;

    g_return_val_if_fail (name != NULL, NULL);

    os = vireo_osinfo_find_quick (name);
    if (os)
        return os;
    db = vireo_osinfo_get_db (error);
    if (db == NULL)
        return NULL;
    return vireo_osinfo_find_in_db (db, name, error);
}

OsinfoOs *
vireo_osinfo_find_in_db (OsinfoDb   *db,
                         const char *name,
                         GError    **error)
{
    g_autoptr(OsinfoOsList) oses = NULL;
    g_autoptr(GPtrArray) close = g_ptr_array_new_with_free_func (g_free);
    guint best = G_MAXUINT;

    g_return_val_if_fail (OSINFO_IS_DB (db), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    if (strstr (name, "://")) {
        OsinfoOs *os = osinfo_db_get_os (db, name);
        if (os)
            return g_object_ref (os);
    }
    oses = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++) {
        OsinfoOs *os = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i));
        if (os_has_short_id (os, name))
            return g_object_ref (os);
    }
    /* Close matches: the smallest edit distances, at most five. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++) {
            OsinfoOs *os = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i));
            const char *sid = osinfo_product_get_short_id (OSINFO_PRODUCT (os));
            guint d;

            if (sid == NULL)
                continue;
            d = edit_distance (name, sid);
            if (pass == 0)
                best = MIN (best, d);
            else if (d == best && close->len < 5)
                g_ptr_array_add (close, g_strdup (sid));
        }
    }
    g_ptr_array_add (close, NULL);
    if (best <= 3 && close->len > 1) {
        g_autofree char *list = g_strjoinv (", ", (char **) close->pdata);
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("Unknown OS name “%s” (close matches: %s). See “--osinfo list” "
                       "for valid values."), name, list);
    } else {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("Unknown OS name “%s”. See “--osinfo list” for valid values."), name);
    }
    return NULL;
}

static int
compare_os (gconstpointer pa, gconstpointer pb)
{
    OsinfoProduct *a = *(OsinfoProduct * const *) pa;
    OsinfoProduct *b = *(OsinfoProduct * const *) pb;
    const char *da = osinfo_os_get_distro (OSINFO_OS (a));
    const char *db = osinfo_os_get_distro (OSINFO_OS (b));
    g_autofree char *ka = NULL, *kb = NULL;
    int c = g_strcmp0 (da, db);

    if (c != 0)
        return c;
    /* Newest first: compare versions as file names compare numbers. */
    ka = g_utf8_collate_key_for_filename (osinfo_product_get_version (a) ?
                                          osinfo_product_get_version (a) : "", -1);
    kb = g_utf8_collate_key_for_filename (osinfo_product_get_version (b) ?
                                          osinfo_product_get_version (b) : "", -1);
    c = -g_strcmp0 (ka, kb);
    return c != 0 ? c : g_strcmp0 (osinfo_product_get_short_id (a),
                                   osinfo_product_get_short_id (b));
}

char *
vireo_osinfo_list (void)
{
    OsinfoDb *db = vireo_osinfo_get_db (NULL);
    g_autoptr(OsinfoOsList) oses = NULL;
    g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
    GString *out = g_string_new (NULL);

    if (db == NULL)
        return g_string_free (out, FALSE);
    oses = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (oses)); i++)
        g_ptr_array_add (sorted, osinfo_list_get_nth (OSINFO_LIST (oses), i));
    g_ptr_array_sort (sorted, compare_os);
    for (guint i = 0; i < sorted->len; i++) {
        g_autoptr(GList) ids = osinfo_product_get_short_id_list (sorted->pdata[i]);
        for (GList *l = ids; l; l = l->next)
            g_string_append_printf (out, "%s%s", l == ids ? "" : ", ", (char *) l->data);
        if (ids)
            g_string_append_c (out, '\n');
    }
    return g_string_free (out, FALSE);
}

OsinfoOs *
vireo_osinfo_detect_media (const char *path,
                           GError    **error)
{
    OsinfoDb *db = vireo_osinfo_get_db (error);
    g_autoptr(OsinfoMedia) media = NULL;
    g_autoptr(GError) local = NULL;
    OsinfoOs *os = NULL;

    if (db == NULL || !vireo_osinfo_check_iso (path, error))
        return NULL;
    /* As virt-install does: by the volume descriptors alone, bootable or
     * not (an installer's ISO remastered without its boot record, a label
     * copied onto a data disc). */
    media = osinfo_media_create_from_location_with_flags (path, NULL, 0, &local);
    if (media == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The OS on “%s” could not be recognised: %s"), path, local->message);
        return NULL;
    }
    if (osinfo_db_identify_media (db, media))
        g_object_get (media, "os", &os, NULL);
    if (os == NULL)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The OS on “%s” is not one the OS database knows."), path);
    return os;
}

OsinfoOs *
vireo_osinfo_detect_tree (const char *location,
                          GError    **error)
{
    OsinfoDb *db = vireo_osinfo_get_db (error);
    g_autoptr(OsinfoTree) tree = NULL;
    g_autoptr(GError) local = NULL;
    g_autofree char *uri = NULL;
    OsinfoOs *os = NULL;

    if (db == NULL)
        return NULL;
    uri = strstr (location, "://") ? g_strdup (location)
                                   : g_filename_to_uri (location, NULL, NULL);
    tree = uri ? osinfo_tree_create_from_location (uri, NULL, &local) : NULL;
    if (tree == NULL) {
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The OS in the tree “%s” could not be recognised: %s"), location,
                     local ? local->message : _("not a valid location"));
        return NULL;
    }
    if (osinfo_db_identify_tree (db, tree))
        g_object_get (tree, "os", &os, NULL);
    if (os == NULL)
        g_set_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NOT_FOUND,
                     _("The OS in the tree “%s” is not one the OS database knows."),
                     location);
    return os;
}

guint64
vireo_osinfo_recommended_ram_mib (OsinfoOs *os, const char *arch)
{
    g_return_val_if_fail (OSINFO_IS_OS (os), 0);
    return recommended (os, arch, 0) / (1024 * 1024);
}

guint
vireo_osinfo_recommended_cpus (OsinfoOs *os, const char *arch)
{
    g_return_val_if_fail (OSINFO_IS_OS (os), 0);
    return (guint) recommended (os, arch, 1);
}

guint64
vireo_osinfo_recommended_storage_gib (OsinfoOs *os, const char *arch)
{
    g_return_val_if_fail (OSINFO_IS_OS (os), 0);
    return recommended (os, arch, 2) / (1024 * 1024 * 1024);
}

guint64
vireo_osinfo_minimum_ram_mib (OsinfoOs *os, const char *arch)
{
    g_autoptr(OsinfoResourcesList) min = NULL;

    g_return_val_if_fail (OSINFO_IS_OS (os), 0);
    min = osinfo_os_get_minimum_resources (os);
    return resource_value (min, arch, 0) / (1024 * 1024);
}

/* The devices of @os and of the OSes it derives from (borrowed): listed once
 * per OS, since the install engine asks about many of them. */
static OsinfoDeviceList *
all_devices (OsinfoOs *os)
{
    static GMutex lock;
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
    OsinfoDeviceList *devs = g_object_get_data (G_OBJECT (os), "vireo-osinfo-devices");

    if (devs == NULL) {
        devs = osinfo_os_get_all_devices (os, NULL);
        g_object_set_data_full (G_OBJECT (os), "vireo-osinfo-devices", devs, g_object_unref);
    }
    return devs;
}

static gboolean
has_device_id (OsinfoOs *os, const char *id)
{
    OsinfoDeviceList *devs = all_devices (os);

    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (devs)); i++) {
        OsinfoEntity *dev = osinfo_list_get_nth (OSINFO_LIST (devs), i);
        if (g_str_equal (osinfo_entity_get_id (dev), id))
            return TRUE;
    }
    return FALSE;
}

gboolean
vireo_osinfo_supports (OsinfoOs   *os,
                       const char *what)
{
    const char * const *ids;

    g_return_val_if_fail (OSINFO_IS_OS (os), FALSE);
    g_return_val_if_fail (what != NULL, FALSE);

    /* q35 is only worth it with virtio 1.0 when the OS has virtio at all. */
    if (g_str_equal (what, "q35") && vireo_osinfo_supports (os, "virtio-net") &&
        !vireo_osinfo_supports (os, "virtio1"))
        return FALSE;
    ids = device_ids (what);
    for (guint i = 0; ids && i < 3 && ids[i]; i++) {
        if (has_device_id (os, ids[i]))
            return TRUE;
    }
    return FALSE;
}

gboolean
vireo_osinfo_has_device (OsinfoOs   *os,
                         const char *device_class,
                         const char *name)
{
    OsinfoDeviceList *devs;

    g_return_val_if_fail (OSINFO_IS_OS (os), FALSE);
    devs = all_devices (os);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (devs)); i++) {
        OsinfoDevice *dev = OSINFO_DEVICE (osinfo_list_get_nth (OSINFO_LIST (devs), i));
        if (g_str_has_prefix (osinfo_device_get_class (dev), device_class) &&
            g_strcmp0 (osinfo_device_get_name (dev), name) == 0)
            return TRUE;
    }
    return FALSE;
}

gboolean
vireo_osinfo_requires_efi (OsinfoOs   *os,
                           const char *arch)
{
    g_autoptr(OsinfoFirmwareList) fws = NULL;
    gboolean efi = FALSE, bios = TRUE;

    g_return_val_if_fail (OSINFO_IS_OS (os), FALSE);
    fws = osinfo_os_get_complete_firmware_list (os, NULL);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (fws)); i++) {
        OsinfoFirmware *fw = OSINFO_FIRMWARE (osinfo_list_get_nth (OSINFO_LIST (fws), i));
        if (g_strcmp0 (osinfo_firmware_get_architecture (fw), arch) != 0)
            continue;
        if (g_strcmp0 (osinfo_firmware_get_firmware_type (fw), "efi") == 0)
            efi = osinfo_firmware_is_supported (fw);
        else if (g_strcmp0 (osinfo_firmware_get_firmware_type (fw), "bios") == 0)
            bios = osinfo_firmware_is_supported (fw);
    }
    return efi && !bios;
}

gboolean
vireo_osinfo_is_windows (OsinfoOs *os)
{
    const char *family;

    g_return_val_if_fail (OSINFO_IS_OS (os), FALSE);
    family = osinfo_os_get_family (os);
    return g_strcmp0 (family, "winnt") == 0 || g_strcmp0 (family, "win9x") == 0 ||
           g_strcmp0 (family, "win16") == 0;
}

const char *
vireo_osinfo_clock_offset (OsinfoOs *os)
{
    g_return_val_if_fail (OSINFO_IS_OS (os), "utc");
    if (vireo_osinfo_is_windows (os) || g_strcmp0 (osinfo_os_get_family (os), "solaris") == 0)
        return "localtime";
    return "utc";
}
