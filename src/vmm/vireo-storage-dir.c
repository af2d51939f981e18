/* vireo-storage-dir.c */
