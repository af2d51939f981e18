/* vireo-vmm.h: the whole public API of libvireo-vmm
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-vmm-types.h"
#include "vireo-vmm-error.h"
#include "vireo-vmm-enums.h"
#include "vireo-event-loop.h"
#include "vireo-embed.h"
#include "vireo-uri.h"
#include "vireo-auth-request.h"
#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-domain-xml.h"
#include "vireo-guest-info.h"
#include "vireo-stats-history.h"
#include "vireo-stats-sampler.h"
#include "vireo-storage.h"
#include "vireo-network.h"
#include "vireo-osinfo-list.h"
#include "vireo-host-device.h"
#include "vireo-host-info.h"
#include "vireo-host-network.h"
#include "vireo-host-pool.h"
#include "vireo-host-volume.h"
#include "vireo-trace.h"
