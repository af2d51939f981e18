/* vireo-stats-sampler.c */
