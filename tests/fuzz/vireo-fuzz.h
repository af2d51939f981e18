/* vireo-fuzz.h: what a fuzz target of tests/fuzz/ gives the shared drivers
 *
 * Each target is one file defining vireo_fuzz_one().  It is built two ways:
 *  - with clang and -fsanitize=fuzzer (build-fuzz/, made by tools/fuzz): a
 *    libFuzzer target, whose LLVMFuzzerTestOneInput() is in vireo-fuzz.c;
 *  - with vireo-fuzz-replay.c (every build): a program that feeds each file
 *    of its corpus folder to the same function, run by meson test.  Files
 *    named good-* must be accepted, bad-* refused; any other name (seed-*,
 *    crash-* for what the fuzzer once found) must only not crash.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* Runs one input; TRUE when it was accepted, FALSE when it was refused (with
 * an error the target checked).  Anything wrong is an assertion failure. */
gboolean vireo_fuzz_one (const uint8_t *data,
                         size_t         size);

G_END_DECLS
