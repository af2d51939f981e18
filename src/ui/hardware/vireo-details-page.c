/* vireo-details-page.c: one page of a VM window's Details view
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-details-page.h"

typedef struct {
    /* owned */
    VireoDomain *domain;
    char        *title;
    char        *icon_name;
    char        *option;

    /* state */
    int          index;
    gboolean     dirty;
    gboolean     loading;
    gboolean     shown;
} VireoDetailsPagePrivate;

enum {
    PROP_0,
    PROP_TITLE,
    PROP_ICON_NAME,
    PROP_DOMAIN,
    PROP_DIRTY,
    PROP_OPTION,
    PROP_INDEX,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE_WITH_PRIVATE (VireoDetailsPage, vireo_details_page, GTK_TYPE_BOX)

static void
domain_state_changed_cb (VireoDetailsPage *self)
{
    VireoDetailsPageClass *klass = VIREO_DETAILS_PAGE_GET_CLASS (self);

    if (klass->state_changed != NULL)
        klass->state_changed (self);
}

static void
vireo_details_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
    VireoDetailsPage *self = VIREO_DETAILS_PAGE (object);
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    switch (prop_id) {
    case PROP_TITLE:
        g_value_set_string (value, priv->title);
        break;
    case PROP_ICON_NAME:
        g_value_set_string (value, priv->icon_name);
        break;
    case PROP_DOMAIN:
        g_value_set_object (value, priv->domain);
        break;
    case PROP_DIRTY:
        g_value_set_boolean (value, priv->dirty);
        break;
    case PROP_OPTION:
        g_value_set_string (value, priv->option);
        break;
    case PROP_INDEX:
        g_value_set_int (value, priv->index);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_details_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
    VireoDetailsPage *self = VIREO_DETAILS_PAGE (object);
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    switch (prop_id) {
    case PROP_TITLE:
        vireo_details_page_set_title (self, g_value_get_string (value));
        break;
    case PROP_ICON_NAME:
        vireo_details_page_set_icon_name (self, g_value_get_string (value));
        break;
    case PROP_DOMAIN:
        g_assert (priv->domain == NULL);
        priv->domain = g_value_dup_object (value);
        if (priv->domain != NULL)
            g_signal_connect_object (priv->domain, "state-changed",
                                     G_CALLBACK (domain_state_changed_cb), self,
                                     G_CONNECT_SWAPPED);
        break;
    case PROP_DIRTY:
        vireo_details_page_set_dirty (self, g_value_get_boolean (value));
        break;
    case PROP_OPTION:
        g_free (priv->option);
        priv->option = g_value_dup_string (value);
        break;
    case PROP_INDEX:
        vireo_details_page_set_index (self, g_value_get_int (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_details_page_dispose (GObject *object)
{
    VireoDetailsPage *self = VIREO_DETAILS_PAGE (object);
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_clear_object (&priv->domain);
    G_OBJECT_CLASS (vireo_details_page_parent_class)->dispose (object);
}

static void
vireo_details_page_finalize (GObject *object)
{
    VireoDetailsPage *self = VIREO_DETAILS_PAGE (object);
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_free (priv->title);
    g_free (priv->icon_name);
    g_free (priv->option);
    G_OBJECT_CLASS (vireo_details_page_parent_class)->finalize (object);
}

static void
vireo_details_page_class_init (VireoDetailsPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->get_property = vireo_details_page_get_property;
    object_class->set_property = vireo_details_page_set_property;
    object_class->dispose = vireo_details_page_dispose;
    object_class->finalize = vireo_details_page_finalize;

    properties[PROP_TITLE] =
        g_param_spec_string ("title", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_ICON_NAME] =
        g_param_spec_string ("icon-name", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_DIRTY] =
        g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
    properties[PROP_OPTION] =
        g_param_spec_string ("option", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_STATIC_STRINGS);
    properties[PROP_INDEX] =
        g_param_spec_int ("index", NULL, NULL, 0, G_MAXINT, 0,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_details_page_init (VireoDetailsPage *self)
{
    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing (GTK_BOX (self), 12);
    gtk_container_set_border_width (GTK_CONTAINER (self), 18);
}

/* ------------------------------------------------------------ public API */

void
vireo_details_page_load (VireoDetailsPage  *self,
                         VireoDomainEditor *editor)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));
    g_return_if_fail (VIREO_IS_DOMAIN_EDITOR (editor));

    priv->loading = TRUE;
    if (VIREO_DETAILS_PAGE_GET_CLASS (self)->load != NULL)
        VIREO_DETAILS_PAGE_GET_CLASS (self)->load (self, editor);
    priv->loading = FALSE;
    vireo_details_page_set_dirty (self, FALSE);
}

gboolean
vireo_details_page_apply (VireoDetailsPage  *self,
                          VireoDomainEditor *editor,
                          GError           **error)
{
    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);
    g_return_val_if_fail (VIREO_IS_DOMAIN_EDITOR (editor), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (VIREO_DETAILS_PAGE_GET_CLASS (self)->apply == NULL)
        return TRUE;
    return VIREO_DETAILS_PAGE_GET_CLASS (self)->apply (self, editor, error);
}

void
vireo_details_page_set_shown (VireoDetailsPage *self,
                              gboolean          shown)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

    shown = !!shown;
    if (priv->shown == shown)
        return;
    priv->shown = shown;
    if (VIREO_DETAILS_PAGE_GET_CLASS (self)->shown != NULL)
        VIREO_DETAILS_PAGE_GET_CLASS (self)->shown (self, shown);
}

gboolean
vireo_details_page_get_shown (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);

    return priv->shown;
}

void
vireo_details_page_changed (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

    if (!priv->loading)
        vireo_details_page_set_dirty (self, TRUE);
}

void
vireo_details_page_watch (VireoDetailsPage *self,
                          gpointer          widget)
{
    const char *signal = NULL;

    g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

    if (GTK_IS_SPIN_BUTTON (widget))
        signal = "value-changed";
    else if (GTK_IS_EDITABLE (widget) || GTK_IS_COMBO_BOX (widget) || GTK_IS_TEXT_BUFFER (widget))
        signal = "changed";
    else if (GTK_IS_TOGGLE_BUTTON (widget))
        signal = "toggled";
    g_return_if_fail (signal != NULL);
    g_signal_connect_object (widget, signal, G_CALLBACK (vireo_details_page_changed), self,
                             G_CONNECT_SWAPPED);
}

gboolean
vireo_details_page_is_loading (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);

    return priv->loading;
}

gboolean
vireo_details_page_get_dirty (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);

    return priv->dirty;
}

void
vireo_details_page_set_dirty (VireoDetailsPage *self,
                              gboolean          dirty)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

    dirty = !!dirty;
    if (priv->dirty == dirty)
        return;
    priv->dirty = dirty;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

const char *
vireo_details_page_get_title (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), NULL);

    return priv->title;
}

void
vireo_details_page_set_title (VireoDetailsPage *self,
                              const char       *title)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

    if (g_strcmp0 (priv->title, title) == 0)
        return;
    g_free (priv->title);
    priv->title = g_strdup (title);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
vireo_details_page_get_icon_name (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), NULL);

    return priv->icon_name;
}

void
vireo_details_page_set_icon_name (VireoDetailsPage *self,
                                  const char       *icon_name)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

    if (g_strcmp0 (priv->icon_name, icon_name) == 0)
        return;
    g_free (priv->icon_name);
    priv->icon_name = g_strdup (icon_name);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

VireoDomain *
vireo_details_page_get_domain (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), NULL);

    return priv->domain;
}

const char *
vireo_details_page_get_option (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), NULL);

    return priv->option;
}

int
vireo_details_page_get_index (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), 0);

    return priv->index;
}

void
vireo_details_page_set_index (VireoDetailsPage *self,
                              int               index)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_if_fail (VIREO_IS_DETAILS_PAGE (self));

    if (priv->index == index)
        return;
    priv->index = index;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

gboolean
vireo_details_page_domain_is_active (VireoDetailsPage *self)
{
    VireoDetailsPagePrivate *priv = vireo_details_page_get_instance_private (self);

    g_return_val_if_fail (VIREO_IS_DETAILS_PAGE (self), FALSE);

    return priv->domain != NULL && vireo_domain_is_active (priv->domain);
}
