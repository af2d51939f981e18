/* vireo-fuzz.c: libFuzzer's entry point for the targets of tests/fuzz/
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-fuzz.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
    vireo_fuzz_one (data, size);
    return 0;
}
