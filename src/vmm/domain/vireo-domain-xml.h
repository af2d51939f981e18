/* vireo-domain-xml.h: reading facts out of domain XML with libxml2
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Source paths of <disk type='file'|'volume'|'block'> elements (file=,
 * dev=, or pool/volume as "pool/volume"); cdrom and floppy included. */
GPtrArray *vireo_domain_xml_list_disk_paths (const char *xml,
                                             GError    **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
