/* vireo-connection-events.c */
