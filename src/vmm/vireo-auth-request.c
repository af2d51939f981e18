/* vireo-auth-request.c */
