/* vireo-uri.c */
