/* vireo-vm-window-private.h: shared by the VM window's files
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-vm-window.h"

G_BEGIN_DECLS

struct _VireoVmWindow {
    GtkApplicationWindow parent_instance;

    /* template widgets */
    GtkHeaderBar     *header_bar;
    GtkToggleButton  *console_tab;
    GtkToggleButton  *details_tab;
    GtkToggleButton  *snapshots_tab;
    GtkWidget        *pause_button;
    GtkImage         *pause_image;
    GtkWidget        *console_toolbar;
    GtkInfoBar       *info_bar;
    GtkLabel         *info_label;
    GtkInfoBar       *connection_bar;
    GtkLabel         *connection_detail;
    GtkInfoBar       *install_bar;
    GtkLabel         *install_label;
    GtkWidget        *begin_install_button;
    GtkWidget        *cancel_install_button;
    GtkStack         *views;
    GtkWidget        *console_box;
    GtkLabel         *console_error;
    GtkWidget        *console_lost;
    GtkWidget        *details_box;
    GtkWidget        *snapshots_box;

    /* owned */
    VireoDomain      *domain;          /* a new object after a reconnect */
    VireoConnection  *connection;      /* the domain's, the same across reconnects */
    GSettings        *settings;
    GCancellable     *cancellable;     /* cancelled when the window closes */

    /* borrowed (children) */
    VireoDetailsView *details;         /* once the Details view was shown */
    GtkWidget        *console_page;    /* once the Console view was shown */
    GtkWidget        *snapshots;       /* once the Snapshots view was shown */

    /* state */
    VireoVmView       view;
    gboolean          switching;       /* the window moves the tabs itself */
    gboolean          install_pending; /* customized before its install began */
    gboolean          lost;            /* the connection dropped: waiting for it */
};

/* vireo-vm-window-actions.c */
void _vireo_vm_window_init_actions   (VireoVmWindow *self);
/* Enables the actions that fit the VM's state. */
void _vireo_vm_window_update_actions (VireoVmWindow *self);
/* Says @message in the window's info bar. */
void _vireo_vm_window_show_error     (VireoVmWindow *self,
                                      const char    *message);

/* vireo-vm-bench.c: VIREO_BENCH=details reports of @details (bench/details). */
void _vireo_vm_window_bench_watch    (VireoVmWindow    *self,
                                      VireoDetailsView *details);

G_END_DECLS
