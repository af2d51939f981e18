/* vireo-manager-window.c */
