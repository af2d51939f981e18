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

/* One credential: mirrors virConnectCredential's type (VIR_CRED_*). */
typedef struct {
    int   type;        /* VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, ... */
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

/* Private to libvireo-vmm. */
VireoAuthRequest *_vireo_auth_request_new  (const char *uri,
                                            void       *virt_creds,
                                            guint       n_creds);
gboolean          _vireo_auth_request_wait (VireoAuthRequest *self,
                                            GCancellable     *cancellable);
void              _vireo_auth_request_copy_results (VireoAuthRequest *self,
                                                    void             *virt_creds);

G_END_DECLS
