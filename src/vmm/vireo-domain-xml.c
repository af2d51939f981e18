/* vireo-domain-xml.c */
