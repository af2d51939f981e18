/* vireo-delete-dialog.c */
