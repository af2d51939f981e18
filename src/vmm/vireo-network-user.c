/* vireo-network-user.c */
