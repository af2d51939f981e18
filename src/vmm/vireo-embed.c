/* vireo-embed.c */
