/* vireo-network-libvirt.c */
