/* vireo-manager-window-actions.c */
