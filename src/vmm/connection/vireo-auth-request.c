/* vireo-auth-request.c: libvirt credentials asked of the user
 *
 * A request is made in the worker thread that runs virConnectOpenAuth(),
 * handed to the owner context, filled and completed there, while the worker
 * waits on a condition variable.  Results and the completed flag are guarded
 * by one mutex so that completing from any thread is safe.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <libvirt/libvirt.h>

#include "vireo-auth-request.h"

struct _VireoAuthRequest {
    GObject parent_instance;

    char            *uri;
    VireoCredential *credentials;
    guint            n_credentials;

    GMutex           lock;
    GCond            cond;
    gboolean         completed;
    gboolean         accepted;
};

enum {
    PROP_0,
    PROP_URI,
    PROP_N_CREDENTIALS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoAuthRequest, vireo_auth_request, G_TYPE_OBJECT)

G_STATIC_ASSERT ((int) VIREO_CREDENTIAL_USERNAME == VIR_CRED_USERNAME);
G_STATIC_ASSERT ((int) VIREO_CREDENTIAL_AUTHNAME == VIR_CRED_AUTHNAME);
G_STATIC_ASSERT ((int) VIREO_CREDENTIAL_LANGUAGE == VIR_CRED_LANGUAGE);
G_STATIC_ASSERT ((int) VIREO_CREDENTIAL_CNONCE == VIR_CRED_CNONCE);
G_STATIC_ASSERT ((int) VIREO_CREDENTIAL_PASSPHRASE == VIR_CRED_PASSPHRASE);
G_STATIC_ASSERT ((int) VIREO_CREDENTIAL_ECHOPROMPT == VIR_CRED_ECHOPROMPT);
G_STATIC_ASSERT ((int) VIREO_CREDENTIAL_NOECHOPROMPT == VIR_CRED_NOECHOPROMPT);
G_STATIC_ASSERT ((int) VIREO_CREDENTIAL_REALM == VIR_CRED_REALM);
G_STATIC_ASSERT ((int) VIREO_CREDENTIAL_EXTERNAL == VIR_CRED_EXTERNAL);

static void
cancelled_cb (GCancellable     *cancellable,
              VireoAuthRequest *self)
{
    g_mutex_lock (&self->lock);
    g_cond_broadcast (&self->cond);
    g_mutex_unlock (&self->lock);
}

static void
vireo_auth_request_finalize (GObject *object)
{
    VireoAuthRequest *self = VIREO_AUTH_REQUEST (object);

    for (guint i = 0; i < self->n_credentials; i++) {
        VireoCredential *cred = &self->credentials[i];

        g_free (cred->prompt);
        g_free (cred->challenge);
        g_free (cred->default_result);
        if (cred->result != NULL)
            memset (cred->result, 0, strlen (cred->result));
        g_free (cred->result);
    }
    g_free (self->credentials);
    g_free (self->uri);
    g_mutex_clear (&self->lock);
    g_cond_clear (&self->cond);

    G_OBJECT_CLASS (vireo_auth_request_parent_class)->finalize (object);
}

static void
vireo_auth_request_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
    VireoAuthRequest *self = VIREO_AUTH_REQUEST (object);

    switch (prop_id) {
    case PROP_URI:
        g_value_set_string (value, self->uri);
        break;
    case PROP_N_CREDENTIALS:
        g_value_set_uint (value, self->n_credentials);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_auth_request_class_init (VireoAuthRequestClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->finalize = vireo_auth_request_finalize;
    object_class->get_property = vireo_auth_request_get_property;

    properties[PROP_URI] =
        g_param_spec_string ("uri", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    properties[PROP_N_CREDENTIALS] =
        g_param_spec_uint ("n-credentials", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_auth_request_init (VireoAuthRequest *self)
{
    g_mutex_init (&self->lock);
    g_cond_init (&self->cond);
}

const char *
vireo_auth_request_get_uri (VireoAuthRequest *self)
{
    g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);

    return self->uri;
}

guint
vireo_auth_request_get_n_credentials (VireoAuthRequest *self)
{
    g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), 0);

    return self->n_credentials;
}

VireoCredential *
vireo_auth_request_get_credential (VireoAuthRequest *self,
                                   guint             index)
{
    g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);
    g_return_val_if_fail (index < self->n_credentials, NULL);

    return &self->credentials[index];
}

void
vireo_auth_request_set_result (VireoAuthRequest *self,
                               guint             index,
                               const char       *result)
{
    VireoCredential *cred;

    g_return_if_fail (VIREO_IS_AUTH_REQUEST (self));
    g_return_if_fail (index < self->n_credentials);

    g_mutex_lock (&self->lock);
    cred = &self->credentials[index];
    if (cred->result != NULL)
        memset (cred->result, 0, strlen (cred->result));
    g_free (cred->result);
    cred->result = g_strdup (result);
    g_mutex_unlock (&self->lock);
}

void
vireo_auth_request_complete (VireoAuthRequest *self,
                             gboolean          accepted)
{
    g_return_if_fail (VIREO_IS_AUTH_REQUEST (self));

    g_mutex_lock (&self->lock);
    if (!self->completed) {
        self->completed = TRUE;
        self->accepted = accepted;
        g_cond_broadcast (&self->cond);
    }
    g_mutex_unlock (&self->lock);
}

VireoAuthRequest *
vireo_auth_request_new (const char            *uri,
                        const VireoCredential *credentials,
                        guint                  n_credentials)
{
    VireoAuthRequest *self;

    g_return_val_if_fail (n_credentials == 0 || credentials != NULL, NULL);

    self = g_object_new (VIREO_TYPE_AUTH_REQUEST, NULL);
    self->uri = g_strdup (uri);
    self->n_credentials = n_credentials;
    self->credentials = g_new0 (VireoCredential, MAX (n_credentials, 1));
    for (guint i = 0; i < n_credentials; i++) {
        self->credentials[i].type = credentials[i].type;
        self->credentials[i].prompt = g_strdup (credentials[i].prompt);
        self->credentials[i].challenge = g_strdup (credentials[i].challenge);
        self->credentials[i].default_result = g_strdup (credentials[i].default_result);
    }
    return self;
}

VireoAuthRequest *
_vireo_auth_request_new (const char *uri,
                         void       *virt_creds,
                         guint       n_creds)
{
    virConnectCredentialPtr creds = virt_creds;
    g_autofree VireoCredential *asked = NULL;

    g_return_val_if_fail (n_creds == 0 || virt_creds != NULL, NULL);

    asked = g_new0 (VireoCredential, MAX (n_creds, 1));
    for (guint i = 0; i < n_creds; i++) {
        asked[i].type = (VireoCredentialType) creds[i].type;
        asked[i].prompt = (char *) creds[i].prompt;
        asked[i].challenge = (char *) creds[i].challenge;
        asked[i].default_result = (char *) creds[i].defresult;
    }
    return vireo_auth_request_new (uri, asked, n_creds);
}

/* Blocks until the request is completed or @cancellable is cancelled;
 * returns TRUE only when it was completed and accepted. */
gboolean
_vireo_auth_request_wait (VireoAuthRequest *self,
                          GCancellable     *cancellable)
{
    gulong handler = 0;
    gboolean accepted;

    g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), FALSE);

    if (cancellable != NULL)
        handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);

    g_mutex_lock (&self->lock);
    while (!self->completed && !g_cancellable_is_cancelled (cancellable))
        g_cond_wait (&self->cond, &self->lock);
    accepted = self->completed && self->accepted;
    g_mutex_unlock (&self->lock);

    if (cancellable != NULL)
        g_cancellable_disconnect (cancellable, handler);
    return accepted;
}

/* Copies the results into the virConnectCredential array libvirt passed to
 * the auth callback (libvirt frees them).  A credential the handler left
 * empty takes its default result, else the empty string. */
void
_vireo_auth_request_copy_results (VireoAuthRequest *self,
                                  void             *virt_creds)
{
    virConnectCredentialPtr creds = virt_creds;

    g_return_if_fail (VIREO_IS_AUTH_REQUEST (self));
    g_return_if_fail (self->n_credentials == 0 || virt_creds != NULL);

    g_mutex_lock (&self->lock);
    for (guint i = 0; i < self->n_credentials; i++) {
        const VireoCredential *cred = &self->credentials[i];
        const char *value = cred->result;

        if (value == NULL)
            value = cred->default_result != NULL ? cred->default_result : "";
        creds[i].result = strdup (value);
        creds[i].resultlen = creds[i].result != NULL ? strlen (creds[i].result) : 0;
    }
    g_mutex_unlock (&self->lock);
}
