/* vireo-stats-history.c */
