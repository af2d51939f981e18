/* vireo-add-connection-dialog.c */
