/* test-size-inputs.c: the bad-input table of the sizes and counts typed into dialogs
 *
 * Each row is a field (the New VM wizard's memory, CPUs and disk size, the
 * New Disk Image dialog's size, Add Hardware's disk size, the Memory and
 * CPUs pages), its bounds, the text a user types, and either the value the
 * dialog takes or the exact sentence it shows.  Then the space checks: a disk
 * larger than the free space (refused when it takes its whole size at once,
 * a warning when it is sparse) and memory above the host's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <locale.h>

#include "vireo-size-input.h"
#include "vireo-vmm-error.h"

typedef struct {
    VireoSizeField field;
    double         min, max;
    const char    *typed;
    double         value;       /* when sentence is NULL */
    const char    *sentence;
} Row;

#define DISK VIREO_SIZE_FIELD_DISK_GIB, 0.1, 65536
#define MEM VIREO_SIZE_FIELD_MEMORY_MIB, 128, 3072
#define CUR_MEM VIREO_SIZE_FIELD_CURRENT_MEMORY_MIB, 1, 16777216
#define MAX_MEM VIREO_SIZE_FIELD_MAX_MEMORY_MIB, 1, 16777216
#define CPUS VIREO_SIZE_FIELD_VCPUS, 1, 8
#define MAX_CPUS VIREO_SIZE_FIELD_MAX_VCPUS, 1, 4096
#define CUR_CPUS VIREO_SIZE_FIELD_CURRENT_VCPUS, 1, 4
#define BANDWIDTH VIREO_SIZE_FIELD_BANDWIDTH_MIBS, 0, 100000

#define DISK_RULE "The disk size must be between 0.1 and 65536 GiB. "
#define MEM_RULE "The memory must be a whole number of MiB between 128 and 3072. "
#define CPUS_RULE "The number of CPUs must be a whole number between 1 and 8. "

static const Row rows[] = {
    /* the disk size: wizard, New Disk Image, Add Hardware */
    { DISK, "20", 20, NULL },
    { DISK, " 2.5 ", 2.5, NULL },
    { DISK, "10 GiB", 10, NULL },
    { DISK, "10g", 10, NULL },
    { DISK, "0.1", 0.1, NULL },
    { DISK, "65536", 65536, NULL },
    { DISK, "0", 0, DISK_RULE "“0” is outside that range." },
    { DISK, "-5", 0, DISK_RULE "“-5” is outside that range." },
    { DISK, "abc", 0, DISK_RULE "“abc” is not a number." },
    { DISK, "1e99", 0, DISK_RULE "“1e99” is outside that range." },
    { DISK, "99999999", 0, DISK_RULE "“99999999” is outside that range." },
    { DISK, "65536.1", 0, DISK_RULE "“65536.1” is outside that range." },
    { DISK, "", 0, DISK_RULE "Nothing was typed." },
    { DISK, "   ", 0, DISK_RULE "Nothing was typed." },
    { DISK, "10 GB", 0, DISK_RULE "“10 GB” is not a number." },
    { DISK, "10 MiB", 0, DISK_RULE "“10 MiB” is not a number." },
    { DISK, "inf", 0, DISK_RULE "“inf” is not a number." },
    { DISK, "nan", 0, DISK_RULE "“nan” is not a number." },
    { DISK, "0x10", 0, DISK_RULE "“0x10” is not a number." },
    { DISK, "1.2.3", 0, DISK_RULE "“1.2.3” is not a number." },
    { DISK, "x\377", 0, DISK_RULE "The text typed is not valid text." },
    /* the wizard's memory, bounded by the host's */
    { MEM, "2048", 2048, NULL },
    { MEM, "3072 MiB", 3072, NULL },
    { MEM, "0", 0, MEM_RULE "“0” is outside that range." },
    { MEM, "-5", 0, MEM_RULE "“-5” is outside that range." },
    { MEM, "abc", 0, MEM_RULE "“abc” is not a number." },
    { MEM, "1e99", 0, MEM_RULE "“1e99” is outside that range." },
    { MEM, "99999999", 0, MEM_RULE "“99999999” is outside that range." },
    { MEM, "2.5", 0, MEM_RULE "“2.5” is not a whole number." },
    { MEM, "", 0, MEM_RULE "Nothing was typed." },
    { MEM, "10 GiB", 0, MEM_RULE "“10 GiB” is not a number." },
    /* the wizard's CPUs, bounded by the host's */
    { CPUS, "2", 2, NULL },
    { CPUS, "0", 0, CPUS_RULE "“0” is outside that range." },
    { CPUS, "9", 0, CPUS_RULE "“9” is outside that range." },
    { CPUS, "2.5", 0, CPUS_RULE "“2.5” is not a whole number." },
    { CPUS, "two", 0, CPUS_RULE "“two” is not a number." },
    { CPUS, "", 0, CPUS_RULE "Nothing was typed." },
    /* the Memory page */
    { CUR_MEM, "512", 512, NULL },
    { CUR_MEM, "0", 0, "The current allocation must be a whole number of MiB between 1 and "
                       "16777216. “0” is outside that range." },
    { MAX_MEM, "abc", 0, "The maximum allocation must be a whole number of MiB between 1 and "
                         "16777216. “abc” is not a number." },
    /* the CPUs page (the current count bounded by the maximum) */
    { MAX_CPUS, "4096", 4096, NULL },
    { MAX_CPUS, "4097", 0, "The maximum vCPUs must be a whole number between 1 and 4096. "
                           "“4097” is outside that range." },
    { CUR_CPUS, "5", 0, "The current vCPUs must be a whole number between 1 and 4. "
                        "“5” is outside that range." },
    { CUR_CPUS, "1.5", 0, "The current vCPUs must be a whole number between 1 and 4. "
                          "“1.5” is not a whole number." },
    /* Migrate…'s bandwidth limit */
    { BANDWIDTH, "0", 0, NULL },
    { BANDWIDTH, "100 MiB/s", 100, NULL },
    { BANDWIDTH, "-1", 0, "The bandwidth limit must be a whole number of MiB/s between 0 and "
                          "100000 (0: no limit). “-1” is outside that range." },
    /* Preferences' statistics interval */
    { VIREO_SIZE_FIELD_STATS_INTERVAL_S, 1, 60, "5 s", 5, NULL },
    { VIREO_SIZE_FIELD_STATS_INTERVAL_S, 1, 60, "0", 0, "The update interval must be a whole "
      "number of seconds between 1 and 60. “0” is outside that range." },
    { BANDWIDTH, "fast", 0, "The bandwidth limit must be a whole number of MiB/s between 0 "
                            "and 100000 (0: no limit). “fast” is not a number." },
};

/* Other whole numbers of the Details pages and Add Hardware (a CPU topology's
 * sockets, a video card's heads), named by their field's label. */
static const struct {
    const char *name;
    double      min, max;
    const char *typed;
    double      value;
    const char *sentence;
} count_rows[] = {
    { "Sockets", 1, 1024, "2", 2, NULL },
    { "Sockets", 1, 1024, "0", 0, "“Sockets” must be a whole number between 1 and 1024. "
                                  "“0” is outside that range." },
    { "Heads", 0, 16, "1.5", 0, "“Heads” must be a whole number between 0 and 16. “1.5” is "
                                "not a whole number." },
    { "Heads", 0, 16, "one", 0, "“Heads” must be a whole number between 0 and 16. “one” is "
                                "not a number." },
    { "Heads", 0, 16, "", 0, "“Heads” must be a whole number between 0 and 16. Nothing was "
                             "typed." },
    { "Heads", 0, 16, "2 GiB", 0, "“Heads” must be a whole number between 0 and 16. “2 GiB” "
                                  "is not a number." },
};

static void
test_counts (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (count_rows); i++) {
        g_autoptr(GError) error = NULL;
        double value = -1;
        gboolean ok = vireo_size_input_parse_count (count_rows[i].name, count_rows[i].typed,
                                                    count_rows[i].min, count_rows[i].max,
                                                    &value, &error);

        if (count_rows[i].sentence == NULL) {
            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_cmpfloat (value, ==, count_rows[i].value);
        } else {
            g_assert_false (ok);
            g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
            g_assert_cmpstr (error->message, ==, count_rows[i].sentence);
        }
    }
}

static void
test_table (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++) {
        const Row *row = &rows[i];
        g_autofree char *shown = g_strescape (row->typed, NULL);
        g_autoptr(GError) error = NULL;
        double value = -1;
        gboolean ok;

        g_test_message ("row %u: “%s”", i, shown);
        ok = vireo_size_input_parse (row->field, row->typed, row->min, row->max, &value,
                                     &error);
        if (row->sentence == NULL) {
            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_cmpfloat (value, ==, row->value);
        } else {
            g_assert_false (ok);
            g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_INVALID);
            g_assert_cmpstr (error->message, ==, row->sentence);
            g_assert_cmpfloat (value, ==, -1);
        }
    }
}

#define GIB (G_GUINT64_CONSTANT (1) << 30)

static void
test_space (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *warning = NULL;

    /* fits, or the free space is not known: nothing said */
    g_assert_true (vireo_size_input_check_space (10 * GIB, 20 * GIB, FALSE, "images",
                                                 &warning, &error));
    g_assert_no_error (error);
    g_assert_null (warning);
    g_assert_true (vireo_size_input_check_space (10 * GIB, 0, FALSE, "images", &warning,
                                                 &error));
    g_assert_null (warning);
    /* a raw image larger than the free space is refused */
    g_assert_false (vireo_size_input_check_space (30 * GIB, 20 * GIB, FALSE, "images",
                                                  &warning, &error));
    g_assert_error (error, VIREO_VMM_ERROR, VIREO_VMM_ERROR_NO_SPACE);
    g_assert_cmpstr (error->message, ==, "The disk needs 30.0\u00a0GiB but only "
                     "20.0\u00a0GiB is free in “images”: choose a smaller size or make room "
                     "first. Nothing was created.");
    g_assert_null (warning);
    g_clear_error (&error);
    /* a sparse (qcow2) one is allowed, with a warning */
    g_assert_true (vireo_size_input_check_space (30 * GIB, 20 * GIB, TRUE, "images", &warning,
                                                 &error));
    g_assert_no_error (error);
    g_assert_cmpstr (warning, ==, "The disk can grow to 30.0\u00a0GiB but only "
                     "20.0\u00a0GiB is free in “images”: the guest will be paused if the "
                     "space runs out.");
}

static void
test_memory (void)
{
    g_autofree char *warning = NULL;

    vireo_size_input_check_memory (2048, 4096, &warning);
    g_assert_null (warning);
    vireo_size_input_check_memory (8192, 0, &warning);
    g_assert_null (warning);
    vireo_size_input_check_memory (8192, 4096, &warning);
    g_assert_cmpstr (warning, ==, "8192 MiB is more memory than this host has (4096 MiB): the "
                     "guest and the host may slow down or run out of memory.");
}

/* A locale that writes "2,5": the comma is its decimal separator; a point still reads. */
static void
test_locale_comma (void)
{
    g_autoptr(GError) error = NULL;
    double value = 0;

    if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL &&
        setlocale (LC_NUMERIC, "hu_HU.UTF-8") == NULL &&
        setlocale (LC_NUMERIC, "pt_BR.UTF-8") == NULL) {
        /* C.UTF-8 only: the comma is no separator there and is refused. */
        g_assert_false (vireo_size_input_parse (VIREO_SIZE_FIELD_DISK_GIB, "2,5", 0.1, 65536,
                                                &value, &error));
        g_assert_cmpstr (error->message, ==, DISK_RULE "“2,5” is not a number.");
        return;
    }
    g_assert_true (vireo_size_input_parse (VIREO_SIZE_FIELD_DISK_GIB, "2,5", 0.1, 65536,
                                           &value, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (value, ==, 2.5);
    g_assert_true (vireo_size_input_parse (VIREO_SIZE_FIELD_DISK_GIB, "3.5", 0.1, 65536,
                                           &value, &error));
    g_assert_cmpfloat (value, ==, 3.5);
    setlocale (LC_NUMERIC, "C");
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/vireo/size-inputs/table", test_table);
    g_test_add_func ("/vireo/size-inputs/counts", test_counts);
    g_test_add_func ("/vireo/size-inputs/space", test_space);
    g_test_add_func ("/vireo/size-inputs/memory", test_memory);
    g_test_add_func ("/vireo/size-inputs/locale-comma", test_locale_comma);
    return g_test_run ();
}
