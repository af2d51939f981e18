/* vireo-domain.c */
