/* fuzz-osinfo-media.c: fuzz target for the osinfo media matcher on ISO volume descriptors
 *
 * The input is the volume descriptor area of an ISO 9660 image, from
 * sector 16 (offset 0x8000) on: the primary volume descriptor, then any
 * supplementary ones and the set terminator.  It is written after 32 KiB of
 * zeros to a scratch file, which vireo_osinfo_detect_media() reads as
 * vireo-install and the wizard read a --cdrom image.  Whatever the bytes, it
 * does not crash; a refusal is a VIREO_VMM_ERROR sentence in UTF-8 that
 * names the file; a recognised image gives an OS with a short id.
 * Accepted means the OS was recognised.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vireo-fuzz.h"
#include "vireo-osinfo.h"
#include "vireo-vmm-error.h"

#define SYSTEM_AREA 0x8000
#define MAX_DESCRIPTORS (64 * 1024)

static char *scratch;

static void
cleanup_scratch (void)
{
    if (scratch != NULL)
        g_unlink (scratch);
}

gboolean
vireo_fuzz_one (const uint8_t *data,
                size_t         size)
{
    g_autofree char *image = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(OsinfoOs) os = NULL;

    if (size > MAX_DESCRIPTORS)
        return FALSE;
    if (scratch == NULL) {
        int fd = g_file_open_tmp ("vireo-fuzz-XXXXXX.iso", &scratch, NULL);

        g_assert (fd >= 0);
        close (fd);
        atexit (cleanup_scratch);
    }
    image = g_malloc0 (SYSTEM_AREA + size);
    memcpy (image + SYSTEM_AREA, data, size);
    g_assert (g_file_set_contents (scratch, image, SYSTEM_AREA + size, NULL));

    os = vireo_osinfo_detect_media (scratch, &error);
    if (os == NULL) {
        g_assert (error != NULL);
        g_assert (error->domain == VIREO_VMM_ERROR);
        g_assert (g_utf8_validate (error->message, -1, NULL));
        g_assert (strstr (error->message, scratch) != NULL);
        return FALSE;
    }
    g_assert (error == NULL);
    g_assert (osinfo_product_get_short_id (OSINFO_PRODUCT (os)) != NULL);
    return TRUE;
}
