/* vireo-application-private.h: what the split parts of VireoApplication share
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-application.h"

G_BEGIN_DECLS

/* vireo-application-dbus.c: org.vireo.Vireo.Installer, through which
 * vireo-install installs on a connection whose embedded root this process
 * holds. */
gboolean _vireo_application_dbus_register   (VireoApplication *self,
                                             GDBusConnection  *bus,
                                             const char       *object_path,
                                             GError          **error);
void     _vireo_application_dbus_unregister (VireoApplication *self,
                                             GDBusConnection  *bus,
                                             const char       *object_path);

G_END_DECLS
