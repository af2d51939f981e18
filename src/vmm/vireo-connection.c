/* vireo-connection.c */
