/* vireo-vmm-error.c */
