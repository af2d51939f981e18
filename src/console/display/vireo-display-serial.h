/* vireo-display-serial.h: a text console (serial or virtio console) in a terminal
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-console-stream.h"
#include "vireo-display.h"
#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DISPLAY_SERIAL (vireo_display_serial_get_type ())
G_DECLARE_FINAL_TYPE (VireoDisplaySerial, vireo_display_serial, VIREO, DISPLAY_SERIAL,
                      VireoDisplay)

/*
 * A domain's character-device console (virDomainOpenConsole over a
 * VireoConsoleStream) shown in a VTE terminal.  Set the domain and
 * optionally the device alias, then vireo_display_open_async().  This
 * display is part of the libvirt build only (see src/console/meson.build).
 *
 * How the display's API maps onto a text console:
 *   - ::connected when the stream is open; ::first-frame once the terminal
 *     has drawn after that (the guest may print nothing until it is spoken
 *     to, and an empty terminal is what it shows); ::disconnected with the
 *     stream's error when the guest or QEMU goes away.
 *   - Keys typed into the terminal go to the guest as the terminal encodes
 *     them (xterm sequences).  vireo_display_send_keys() and
 *     vireo_display_type_text() send the bytes a terminal sends for the
 *     combination: Ctrl+letter is the control character, Alt prefixes ESC,
 *     Return is CR, arrows and function keys are xterm's sequences.
 *     Ctrl+Alt+Del, Ctrl+Alt+Backspace, Ctrl+Alt+Fn and PrintScreen act on
 *     a graphical console's keyboard only; a serial line has no such keys, so
 *     they send nothing.
 *   - Zoom scales the font; scaling, guest resizing and release keys have
 *     no meaning for a terminal and are ignored.
 *   - The keyboard "grab" focuses the terminal.
 *   - Screenshots are the terminal widget as drawn.
 */
VireoDisplay *vireo_display_serial_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void          vireo_display_serial_set_domain   (VireoDisplaySerial *self,
                                                 VireoDomain        *domain);
VireoDomain  *vireo_display_serial_get_domain   (VireoDisplaySerial *self);
/* The console device's alias ("serial0", "console1"); NULL, the default,
 * opens the domain's first console. */
void          vireo_display_serial_set_device   (VireoDisplaySerial *self,
                                                 const char         *device);
const char   *vireo_display_serial_get_device   (VireoDisplaySerial *self);
/* Take the console over from another client (VIR_DOMAIN_CONSOLE_FORCE). */
void          vireo_display_serial_set_force    (VireoDisplaySerial *self,
                                                 gboolean            force);
/* The VteTerminal (borrowed). */
GtkWidget    *vireo_display_serial_get_terminal (VireoDisplaySerial *self);
/* The text the terminal shows now (its visible rows); newly allocated. */
char         *vireo_display_serial_dup_text     (VireoDisplaySerial *self)
    G_GNUC_WARN_UNUSED_RESULT;
/* The bytes vireo_display_send_keys() sends for a combination (modifier
 * keyvals first); NULL when it means nothing on a text console. */
GBytes       *vireo_display_serial_encode_keys  (const guint *keyvals,
                                                 guint        n_keyvals) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
