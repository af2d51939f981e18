/* vireo-vmm-types.h: forward declarations shared across libvireo-vmm
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _VireoAuthRequest    VireoAuthRequest;
typedef struct _VireoConnection     VireoConnection;
typedef struct _VireoDomain         VireoDomain;
typedef struct _VireoNetwork        VireoNetwork;
typedef struct _VireoStatsHistory   VireoStatsHistory;
typedef struct _VireoStatsSampler   VireoStatsSampler;
typedef struct _VireoStorage        VireoStorage;

G_END_DECLS
