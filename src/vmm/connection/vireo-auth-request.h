/* vireo-auth-request.h: libvirt credentials asked of the user
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vireo-vmm-types.h"

G_BEGIN_DECLS

#define VIREO_TYPE_AUTH_REQUEST (vireo_auth_request_get_type ())
G_DECLARE_FINAL_TYPE (VireoAuthRequest, vireo_auth_request, VIREO, AUTH_REQUEST, GObject)

/* What a credential asks for (the values are libvirt's VIR_CRED_*). */
typedef enum {
    VIREO_CREDENTIAL_USERNAME = 1,  /* the user's name */
    VIREO_CREDENTIAL_AUTHNAME,      /* the name to authorize as */
    VIREO_CREDENTIAL_LANGUAGE,      /* RFC 1766 languages, comma separated */
    VIREO_CREDENTIAL_CNONCE,        /* the client's nonce */
    VIREO_CREDENTIAL_PASSPHRASE,    /* a secret */
    VIREO_CREDENTIAL_ECHOPROMPT,    /* the answer to a challenge, shown */
    VIREO_CREDENTIAL_NOECHOPROMPT,  /* the answer to a challenge, hidden */
    VIREO_CREDENTIAL_REALM,         /* the authentication realm */
    VIREO_CREDENTIAL_EXTERNAL,      /* something else the driver asks for */
} VireoCredentialType;

/* One credential asked for. */
typedef struct {
    VireoCredentialType type;
    char *prompt;
    char *challenge;
    char *default_result;
    char *result;      /* set by the handler */
} VireoCredential;

/* Built by the connection in its worker thread; delivered on the main
 * context through VireoConnection::authenticate.  The handler fills results
 * (possibly later, e.g. from a dialog) and calls complete(); the worker
 * waits for that.  Nobody completing within the connection's lifetime or a
 * cancelled GCancellable counts as refusal. */
const char      *vireo_auth_request_get_uri          (VireoAuthRequest *self);
guint            vireo_auth_request_get_n_credentials (VireoAuthRequest *self);
VireoCredential *vireo_auth_request_get_credential   (VireoAuthRequest *self,
                                                      guint             index);
void             vireo_auth_request_set_result       (VireoAuthRequest *self,
                                                      guint             index,
                                                      const char       *result);
void             vireo_auth_request_complete         (VireoAuthRequest *self,
                                                      gboolean          accepted);

/* A request for @credentials (their type, prompt, challenge and default
 * result are copied), as the connection makes them; for dialogs' tests. */
VireoAuthRequest *vireo_auth_request_new             (const char            *uri,
                                                      const VireoCredential *credentials,
                                                      guint                  n_credentials)
    G_GNUC_WARN_UNUSED_RESULT;

/* Private to libvireo-vmm. */
VireoAuthRequest *_vireo_auth_request_new  (const char *uri,
                                            void       *virt_creds,
                                            guint       n_creds);
gboolean          _vireo_auth_request_wait (VireoAuthRequest *self,
                                            GCancellable     *cancellable);
void              _vireo_auth_request_copy_results (VireoAuthRequest *self,
                                                    void             *virt_creds);

G_END_DECLS
