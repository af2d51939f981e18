/* vireo-vm-tree.c */
