/* vireo-cell-renderer-graph.c */
