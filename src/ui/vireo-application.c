/* vireo-application.c */
