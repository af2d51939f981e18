/* floor.c: the least a GTK 3 manager of libvirt VMs can be.
 *
 * bench/manager-scale builds and runs this next to the tools it compares, to
 * show the floor of resident memory and launch time: one window with a tree
 * view of the connection's domains (name and state), listed with one
 * virConnectListAllDomains call, and nothing else.  It prints
 * "FLOOR_POPULATED <n> <ms>" at the first draw after the rows are in.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <stdio.h>

static gint64 start_us;
static gboolean reported;
static int n_domains;

static gboolean
draw_cb (GtkWidget *widget,
         cairo_t   *cr,
         gpointer   user_data)
{
    if (!reported) {
        reported = TRUE;
        printf ("FLOOR_POPULATED %d %" G_GINT64_FORMAT "\n", n_domains,
                (g_get_monotonic_time () - start_us) / 1000);
        fflush (stdout);
    }
    return FALSE;
}

int
main (int   argc,
      char *argv[])
{
    GtkListStore *store;
    GtkWidget *window, *view, *scrolled;
    virConnectPtr conn;
    virDomainPtr *domains = NULL;

    start_us = g_get_monotonic_time ();
    gtk_init (&argc, &argv);
    if (argc != 2) {
        fprintf (stderr, "usage: floor URI\n");
        return 2;
    }
    conn = virConnectOpenReadOnly (argv[1]);
    if (conn == NULL)
        return 1;
    n_domains = virConnectListAllDomains (conn, &domains, 0);
    store = gtk_list_store_new (2, G_TYPE_STRING, G_TYPE_STRING);
    for (int i = 0; i < n_domains; i++) {
        GtkTreeIter iter;
        int state = 0, reason = 0;

        virDomainGetState (domains[i], &state, &reason, 0);
        gtk_list_store_append (store, &iter);
        gtk_list_store_set (store, &iter, 0, virDomainGetName (domains[i]),
                            1, state == VIR_DOMAIN_RUNNING ? "Running" : "Other", -1);
        virDomainFree (domains[i]);
    }
    free (domains);

    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    /* bench/wizard waits for the window by its name */
    if (g_getenv ("FLOOR_TITLE") != NULL)
        gtk_window_set_title (GTK_WINDOW (window), g_getenv ("FLOOR_TITLE"));
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
    view = gtk_tree_view_new_with_model (GTK_TREE_MODEL (store));
    for (int i = 0; i < 2; i++)
        gtk_tree_view_append_column (GTK_TREE_VIEW (view),
            gtk_tree_view_column_new_with_attributes (i == 0 ? "Name" : "State",
                                                      gtk_cell_renderer_text_new (),
                                                      "text", i, NULL));
    g_signal_connect_after (view, "draw", G_CALLBACK (draw_cb), NULL);
    scrolled = gtk_scrolled_window_new (NULL, NULL);
    gtk_container_add (GTK_CONTAINER (scrolled), view);
    gtk_container_add (GTK_CONTAINER (window), scrolled);
    g_signal_connect (window, "destroy", G_CALLBACK (gtk_main_quit), NULL);
    gtk_widget_show_all (window);
    gtk_main ();
    virConnectClose (conn);
    return 0;
}
