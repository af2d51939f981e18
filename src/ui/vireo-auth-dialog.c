/* vireo-auth-dialog.c */
