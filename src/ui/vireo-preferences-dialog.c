/* vireo-preferences-dialog.c */
