/* vireo-network.c */
