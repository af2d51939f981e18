/* vireo-test-display.h: fixtures of the console tests (QEMU guests on loopback ports,
 * captured logs, screens, a private sshd and a private secret service)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vireo-test-util.h"

G_BEGIN_DECLS

#define VIREO_TEST_GRUB_ISO "/usr/lib/grub-rescue/grub-rescue-cdrom.iso"

/* ------------------------------------------------------------------------ */
/* Logs: every message of the process, debug included, is kept in memory
 * (warnings and worse are printed as well). */

void      vireo_test_log_capture           (void);
gboolean  vireo_test_log_contains          (const char *needle);
gsize     vireo_test_log_length            (void);
/* After vireo_test_log_capture(): messages at @levels of @domains (of
 * every domain when NULL) abort the test, except spice-gtk's report of a
 * channel whose socket closed during its link handshake (a console closed
 * while its USB channels still connect, a server dropping a refused
 * password's link): a warning, or a critical when the cut falls between
 * the link reply's header and body.  (GLib's fatal masks cannot make that
 * exception: a fatal message fails a TAP test before a fatal handler
 * runs.)  Leave those levels out of GLib's own fatal masks. */
void      vireo_test_log_set_fatal         (GLogLevelFlags      levels,
                                            const char * const *domains);

/* ------------------------------------------------------------------------ */
/* Main loop and screens */

/* Serves the default main context for @ms. */
void      vireo_test_spin                  (guint ms);
guint     vireo_test_count_non_black       (GdkPixbuf *pixbuf);
gboolean  vireo_test_pixbufs_differ        (GdkPixbuf *a,
                                            GdkPixbuf *b);

/* ------------------------------------------------------------------------ */
/* Loopback ports */

/* A port in [@from, @to) that nothing listens on and that no earlier call
 * returned. */
guint     vireo_test_pick_port             (guint from,
                                            guint to);
gboolean  vireo_test_port_accepts          (guint port);

/* ------------------------------------------------------------------------ */
/* A plain QEMU process (no libvirt) booting grub-rescue's ISO, which stops
 * at a "grub>" prompt, with VNC and SPICE on 127.0.0.1, a SPICE agent port,
 * a WebDAV port, two USB redirection channels, SPICE audio and a QMP
 * socket.  It dies with the test process. */

typedef struct {
    GSubprocess *process;
    guint        vnc_port;
    guint        spice_port;
    char        *dir;        /* its log, secret file and QMP socket */
    char        *log_path;
    char        *qmp_path;
    char        *password;   /* as given to vireo_test_guest_start() */
    char        *x509_dir;   /* SPICE's TLS files (vireo_test_guest_start_tls()) */
} VireoTestGuest;

/* @password NULL: no password; else both servers want it (passed to QEMU
 * through a file, never on its command line). */
VireoTestGuest *vireo_test_guest_start      (const char *password);
/* SPICE on a TLS port only (spice_port), with @x509_dir's ca-cert.pem,
 * server-cert.pem and server-key.pem; VNC without TLS; no password. */
VireoTestGuest *vireo_test_guest_start_tls  (const char *x509_dir);
/* Kills this QEMU process with SIGKILL (the server goes away mid-session)
 * and keeps its ports and files for vireo_test_guest_restart(). */
void            vireo_test_guest_kill       (VireoTestGuest *guest);
/* Starts QEMU again on the same ports, as it was. */
void            vireo_test_guest_restart    (VireoTestGuest *guest);
/* Ends exactly this QEMU process (by its pid) and removes its files. */
void            vireo_test_guest_stop       (VireoTestGuest *guest);
/* Runs a human monitor command through QMP and returns its output. */
char           *vireo_test_guest_hmp        (VireoTestGuest *guest,
                                             const char     *command,
                                             GError        **error);
/* The type names of the SPICE channels the server has connected now
 * ("main", "display", ...; from "info spice"), sorted, with duplicates. */
GStrv           vireo_test_guest_spice_channels (VireoTestGuest *guest,
                                                 GError        **error);

/* ------------------------------------------------------------------------ */
/* A private OpenSSH server on 127.0.0.1 (run as the current user, which
 * must be root for sshd), with its own host key, one client key allowed in
 * its AuthorizedKeysFile, and an ssh wrapper script that uses that key and
 * a private known_hosts file.  Needs openssh-server and openssh-client. */

typedef struct {
    GSubprocess *process;
    guint        port;
    char        *dir;
    char        *log_path;
    char        *ssh_wrapper;  /* for $VIREO_SSH */
    char        *ssh_args_log; /* each wrapper run appends its arguments */
} VireoTestSshd;

VireoTestSshd  *vireo_test_sshd_start       (GError **error);
void            vireo_test_sshd_stop        (VireoTestSshd *sshd);

/* ------------------------------------------------------------------------ */
/* A private session bus: a dbus-daemon with no service activation (so no
 * secret service starts unless a test starts one), whose address goes into
 * DBUS_SESSION_BUS_ADDRESS for this process and the processes it starts.
 * Start it before anything uses the session bus. */

typedef struct {
    GSubprocess *process;
    char        *dir;
    char        *address;
} VireoTestBus;

VireoTestBus   *vireo_test_bus_start        (GError **error);
void            vireo_test_bus_stop         (VireoTestBus *bus);

/* ------------------------------------------------------------------------ */
/* gnome-keyring-daemon's secret service on the session bus of the test
 * (dbus-run-session), with a login keyring created and unlocked with a
 * throw-away password given on its stdin, under a private data dir. */

typedef struct {
    GSubprocess *process;
    char        *dir;
    char        *keyring_dir;
} VireoTestKeyring;

VireoTestKeyring *vireo_test_keyring_start  (GError **error);
void              vireo_test_keyring_stop   (VireoTestKeyring *keyring);

G_END_DECLS
