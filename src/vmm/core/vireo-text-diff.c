/* vireo-text-diff.c: unified diffs of two texts, line by line
 *
 * The longest common subsequence of the lines (dynamic programming over the
 * lines left once the common head and tail are taken off: domain XML is a
 * few hundred lines), then hunks with three lines of context, as diff -u
 * writes them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-text-diff.h"

#include <string.h>

#define CONTEXT 3

typedef enum { SAME, DEL, ADD } OpKind;

typedef struct {
    OpKind kind;
    guint  a;   /* line in @before (SAME, DEL) */
    guint  b;   /* line in @after (SAME, ADD) */
} Op;

static GPtrArray *
split_lines (const char *text)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
    const char *p = text ? text : "";

    while (*p) {
        const char *nl = strchr (p, '\n');

        if (nl == NULL) {
            g_ptr_array_add (lines, g_strdup (p));
            break;
        }
        g_ptr_array_add (lines, g_strndup (p, nl - p));
        p = nl + 1;
    }
    return lines;
}

static GArray *
diff_ops (GPtrArray *a, GPtrArray *b)
{
    GArray *ops = g_array_new (FALSE, FALSE, sizeof (Op));
    guint head = 0, tail = 0, n, m;
    guint *table;

    while (head < a->len && head < b->len && g_str_equal (a->pdata[head], b->pdata[head]))
        head++;
    while (tail < a->len - head && tail < b->len - head &&
           g_str_equal (a->pdata[a->len - 1 - tail], b->pdata[b->len - 1 - tail]))
        tail++;
    n = a->len - head - tail;
    m = b->len - head - tail;

    for (guint i = 0; i < head; i++)
        g_array_append_val (ops, ((Op) { SAME, i, i }));

    /* table[i][j]: LCS length of a[head+i..] and b[head+j..]. */
    table = g_new0 (guint, (gsize) (n + 1) * (m + 1));
#define T(i, j) table[(gsize) (i) * (m + 1) + (j)]
    for (guint i = n; i-- > 0;) {
        for (guint j = m; j-- > 0;) {
            if (g_str_equal (a->pdata[head + i], b->pdata[head + j]))
                T (i, j) = T (i + 1, j + 1) + 1;
            else
                T (i, j) = MAX (T (i + 1, j), T (i, j + 1));
        }
    }
    {
        guint i = 0, j = 0;

        while (i < n || j < m) {
            if (i < n && j < m && g_str_equal (a->pdata[head + i], b->pdata[head + j])) {
                g_array_append_val (ops, ((Op) { SAME, head + i, head + j }));
                i++;
                j++;
            } else if (i < n && (j == m || T (i + 1, j) >= T (i, j + 1))) {
                g_array_append_val (ops, ((Op) { DEL, head + i, 0 }));
                i++;
            } else {
                g_array_append_val (ops, ((Op) { ADD, 0, head + j }));
                j++;
            }
        }
    }
#undef T
    g_free (table);

    for (guint i = 0; i < tail; i++)
        g_array_append_val (ops, ((Op) { SAME, head + n + i, head + m + i }));
    return ops;
}

static void
range (GString *out, guint start, guint count)
{
    /* diff -u: "start,count", "start" when count is 1, and the line before
     * an empty range. */
    if (count == 1)
        g_string_append_printf (out, "%u", start + 1);
    else
        g_string_append_printf (out, "%u,%u", count ? start + 1 : start, count);
}

char *
vireo_text_diff (const char *before,
                 const char *after,
                 const char *before_name,
                 const char *after_name)
{
    g_autoptr(GPtrArray) a = split_lines (before);
    g_autoptr(GPtrArray) b = split_lines (after);
    g_autoptr(GArray) ops = diff_ops (a, b);
    GString *out = g_string_new (NULL);
    guint i = 0;

    while (i < ops->len) {
        guint first, last, a_start, b_start, a_count = 0, b_count = 0;
        g_autoptr(GString) body = g_string_new (NULL);

        while (i < ops->len && g_array_index (ops, Op, i).kind == SAME)
            i++;
        if (i == ops->len)
            break;
        /* A hunk: changes whose gaps are at most two contexts apart. */
        first = i > CONTEXT ? i - CONTEXT : 0;
        last = i;
        for (guint j = i; j < ops->len; j++) {
            if (g_array_index (ops, Op, j).kind != SAME) {
                last = j;
            } else if (j - last > 2 * CONTEXT) {
                break;
            }
        }
        last = MIN (last + CONTEXT, ops->len - 1);
        a_start = b_start = G_MAXUINT;
        for (guint j = first; j <= last; j++) {
            Op *op = &g_array_index (ops, Op, j);

            switch (op->kind) {
            case SAME:
                if (a_start == G_MAXUINT)
                    a_start = op->a;
                if (b_start == G_MAXUINT)
                    b_start = op->b;
                a_count++;
                b_count++;
                g_string_append_printf (body, " %s\n", (const char *) a->pdata[op->a]);
                break;
            case DEL:
                if (a_start == G_MAXUINT)
                    a_start = op->a;
                a_count++;
                g_string_append_printf (body, "-%s\n", (const char *) a->pdata[op->a]);
                break;
            case ADD:
                if (b_start == G_MAXUINT)
                    b_start = op->b;
                b_count++;
                g_string_append_printf (body, "+%s\n", (const char *) b->pdata[op->b]);
                break;
            }
        }
        /* An empty side starts where the other side's lines are. */
        if (a_start == G_MAXUINT) {
            a_start = 0;
            for (guint j = first; j > 0; j--) {
                Op *op = &g_array_index (ops, Op, j - 1);
                if (op->kind != ADD) {
                    a_start = op->a + 1;
                    break;
                }
            }
        }
        if (b_start == G_MAXUINT) {
            b_start = 0;
            for (guint j = first; j > 0; j--) {
                Op *op = &g_array_index (ops, Op, j - 1);
                if (op->kind != DEL) {
                    b_start = op->b + 1;
                    break;
                }
            }
        }
        if (out->len == 0)
            g_string_append_printf (out, "--- %s\n+++ %s\n", before_name, after_name);
        g_string_append (out, "@@ -");
        range (out, a_start, a_count);
        g_string_append (out, " +");
        range (out, b_start, b_count);
        g_string_append (out, " @@\n");
        g_string_append (out, body->str);
        i = last + 1;
    }
    return g_string_free (out, FALSE);
}
