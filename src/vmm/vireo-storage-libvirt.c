/* vireo-storage-libvirt.c */
