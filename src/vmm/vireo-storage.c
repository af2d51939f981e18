/* vireo-storage.c */
