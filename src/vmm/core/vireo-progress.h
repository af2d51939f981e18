/* vireo-progress.h: how far a long call has come, told from its worker thread
 *
 * A clone, a move or a migration copies gigabytes in a worker thread while a
 * window or a command line shows how far it got.  The call is given a
 * VireoProgress (made on the caller's context); the worker sets what it
 * is doing and how many bytes of how many are done, from any thread; the
 * object tells its owner's context with ::changed, at most one emission
 * waiting at a time, so a fast copy does not flood the main loop.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIREO_TYPE_PROGRESS (vireo_progress_get_type ())
G_DECLARE_FINAL_TYPE (VireoProgress, vireo_progress, VIREO, PROGRESS, GObject)

/*
 * Signals (on the context that was the thread-default when it was made):
 *   ::changed ()   the text, the bytes done or the total changed
 */

VireoProgress *vireo_progress_new       (void) G_GNUC_WARN_UNUSED_RESULT;

/* Any thread.  @text: what is being done now, one sentence (copied). */
void           vireo_progress_set_text  (VireoProgress *self,
                                         const char    *text);
/* Any thread.  The work's size in bytes (0: unknown, the fraction is -1). */
void           vireo_progress_set_total (VireoProgress *self,
                                         guint64        total);
void           vireo_progress_set_done  (VireoProgress *self,
                                         guint64        done);
void           vireo_progress_add_done  (VireoProgress *self,
                                         guint64        delta);

/* Any thread. */
char          *vireo_progress_dup_text     (VireoProgress *self) G_GNUC_WARN_UNUSED_RESULT;
guint64        vireo_progress_get_done     (VireoProgress *self);
guint64        vireo_progress_get_total    (VireoProgress *self);
/* done / total in [0, 1], or -1 while the total is unknown. */
double         vireo_progress_get_fraction (VireoProgress *self);

G_END_DECLS
