/* vireo-event-loop.c */
