/* vireo-domain-options-util.h: small libxml2 helpers of the option code
 *
 * Shared by vireo-domain-options-code.c (sub-options written by code) and
 * vireo-domain-options-defaults.c (what a new device gets by default).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-domain-options.h"

G_BEGIN_DECLS

gboolean  _vireo_opt_error            (GError **error, const char *format, ...)
                                       G_GNUC_PRINTF (2, 3);
char     *_vireo_opt_get_attr         (xmlNode *node, const char *name);
gboolean  _vireo_opt_attr_is          (xmlNode *node, const char *name, const char *value);
char     *_vireo_opt_get_text         (xmlNode *node);
xmlNode  *_vireo_opt_child            (xmlNode *node, const char *name);
xmlNode  *_vireo_opt_ensure_child     (xmlNode *node, const char *name);
void      _vireo_opt_set_text         (xmlNode *node, const char *text);
void      _vireo_opt_remove_children  (xmlNode *node, const char *name);
void      _vireo_opt_set_or_unset     (xmlNode *node, const char *name, const char *value);
xmlNode  *_vireo_opt_devices          (xmlNode *domain);
int       _vireo_opt_xpath_count      (xmlDoc *doc, const char *expr);
char     *_vireo_opt_xpath_string     (xmlDoc *doc, const char *expr);

gboolean  _vireo_opt_is_qemu          (const VireoDomainOptionContext *ctx);
gboolean  _vireo_opt_is_test          (const VireoDomainOptionContext *ctx);
gboolean  _vireo_opt_is_remote        (const VireoDomainOptionContext *ctx);

char     *_vireo_opt_interface_source (xmlNode *iface);
char     *_vireo_opt_filesystem_source (xmlNode *fs);
gboolean  _vireo_opt_hostdev_matches  (xmlNode *hostdev, const char *name);
char     *_vireo_opt_libosinfo_id     (xmlNode *domain);


G_END_DECLS
