/* vireo-console-file-private.h: what the parts of VireoConsoleFile share
 *
 * vireo-console-file.c holds the object, its versions, its description and its
 * getters; vireo-console-file-parse.c the keys a .vv file may have and their
 * checks (from text to validated values); vireo-console-file-read.c reads files
 * and streams, capped and with a timeout, in a worker thread for a main loop.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#pragma once

#include "vireo-console-file.h"

G_BEGIN_DECLS

#define MAIN_GROUP VIREO_CONSOLE_FILE_GROUP
#define OVIRT_GROUP VIREO_CONSOLE_FILE_OVIRT_GROUP

typedef enum {
    KIND_STRING,
    KIND_SECRET,
    KIND_PEM,
    KIND_INT,
    KIND_PORT,
    KIND_BOOL,
    KIND_HOTKEY,
    KIND_TYPE,
    KIND_CHANNELS,
    KIND_EFFECTS,
    KIND_VERSIONS,
    KIND_USB_FILTER,
    KIND_URI,
} ValueKind;

typedef enum {
    FIELD_TYPE,
    FIELD_HOST,
    FIELD_PORT,
    FIELD_TLS_PORT,
    FIELD_UNIX_PATH,
    FIELD_USERNAME,
    FIELD_PASSWORD,
    FIELD_DISABLE_CHANNELS,
    FIELD_TLS_CIPHERS,
    FIELD_CA,
    FIELD_HOST_SUBJECT,
    FIELD_FULLSCREEN,
    FIELD_TITLE,
    FIELD_TOGGLE_FULLSCREEN,
    FIELD_RELEASE_CURSOR,
    FIELD_ZOOM_IN,
    FIELD_ZOOM_OUT,
    FIELD_ZOOM_RESET,
    FIELD_SMARTCARD_INSERT,
    FIELD_SMARTCARD_REMOVE,
    FIELD_SECURE_ATTENTION,
    FIELD_USB_DEVICE_RESET,
    FIELD_ENABLE_SMARTCARD,
    FIELD_ENABLE_USBREDIR,
    FIELD_ENABLE_USB_AUTOSHARE,
    FIELD_USB_FILTER,
    FIELD_USB_REDIRECT_ON_CONNECT,
    FIELD_COLOR_DEPTH,
    FIELD_DISABLE_EFFECTS,
    FIELD_SECURE_CHANNELS,
    FIELD_DELETE_THIS_FILE,
    FIELD_PROXY,
    FIELD_VERSION,
    FIELD_VERSIONS,
    FIELD_NEWER_VERSION_URL,
    FIELD_OVIRT_HOST,
    FIELD_OVIRT_VM_GUID,
    FIELD_OVIRT_JSESSIONID,
    FIELD_OVIRT_SSO_TOKEN,
    FIELD_OVIRT_CA,
    FIELD_OVIRT_ADMIN,
    N_FIELDS
} Field;

typedef struct {
    const char *group;
    const char *key;
    ValueKind kind;
} FieldSpec;

typedef struct {
    gboolean set;
    char *str;      /* string kinds; also the text of numbers and booleans */
    GStrv strv;     /* list kinds */
    int num;        /* numbers, booleans, the connection type */
} Value;

struct _VireoConsoleFile {
    GObject parent_instance;

    /* owned */
    Value values[N_FIELDS];
    gboolean has_ovirt;
    char *delete_error;     /* why delete-this-file could not be honoured */
};

/* Each field's group, key and kind, indexed by Field. */
extern const FieldSpec _vireo_console_file_fields[N_FIELDS];

/* Clears (wiping secrets) an array of N_FIELDS values. */
void      _vireo_console_file_values_clear   (Value            *values);
/* The field of @group's @key, or N_FIELDS. */
Field     _vireo_console_file_find_field     (const char       *group,
                                              const char       *key);
/* Sets the error of data past VIREO_CONSOLE_FILE_MAX_SIZE; returns FALSE. */
gboolean  _vireo_console_file_set_too_large  (GError          **error);
/* Checks size, text and line lengths of @data, then lets GKeyFile parse it. */
GKeyFile *_vireo_console_file_parse_key_file (const char       *data,
                                              gsize             length,
                                              GError          **error);
/* Whether @key_file asks to be deleted once read (delete-this-file). */
gboolean  _vireo_console_file_wants_delete   (GKeyFile         *key_file);
/* Validates @key_file and, when it is complete and valid (and, with
 * @check_version, its version requirement met), takes its values into @self;
 * @self is left as it was otherwise. */
gboolean  _vireo_console_file_apply_key_file (VireoConsoleFile *self,
                                              GKeyFile         *key_file,
                                              gboolean          check_version,
                                              GError          **error);

G_END_DECLS
