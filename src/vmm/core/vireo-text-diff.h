/* vireo-text-diff.h: unified diffs of two texts, line by line
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The unified diff (three lines of context) from @before to @after, headed
 * "--- @before_name" and "+++ @after_name"; "" when they are the same. */
char *vireo_text_diff (const char *before,
                       const char *after,
                       const char *before_name,
                       const char *after_name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
