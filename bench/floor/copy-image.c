/* copy-image.c: the least a program can do to clone a VM's disk image
 *
 * Copies the file SOURCE to DEST the way any cloner must when the filesystem
 * cannot share blocks: it reads every data extent of SOURCE (SEEK_DATA /
 * SEEK_HOLE), writes it at the same offset of DEST, leaves SOURCE's holes as
 * holes (DEST gets SOURCE's size with ftruncate), and fsyncs DEST.  No
 * libvirt, no XML, no image format: bench/clone runs it beside vireo-clone
 * and virt-clone, so that the reader can tell what a figure owes to the disk
 * and what to the tool.
 *
 * Usage: copy-image SOURCE DEST
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1024 * 1024)

int
main (int argc, char **argv)
{
    static char buffer[CHUNK];
    struct stat st;
    off_t data = 0;
    int in, out;

    if (argc != 3) {
        fprintf (stderr, "usage: %s SOURCE DEST\n", argv[0]);
        return 2;
    }
    in = open (argv[1], O_RDONLY);
    if (in < 0 || fstat (in, &st) < 0) {
        perror (argv[1]);
        return 1;
    }
    out = open (argv[2], O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (out < 0 || ftruncate (out, st.st_size) < 0) {
        perror (argv[2]);
        return 1;
    }
    while ((data = lseek (in, data, SEEK_DATA)) >= 0) {
        off_t hole = lseek (in, data, SEEK_HOLE);

        if (hole < 0)
            hole = st.st_size;
        while (data < hole) {
            size_t want = hole - data < CHUNK ? (size_t) (hole - data) : CHUNK;
            ssize_t got = pread (in, buffer, want, data);

            if (got <= 0) {
                perror (argv[1]);
                return 1;
            }
            for (ssize_t done = 0; done < got;) {
                ssize_t put = pwrite (out, buffer + done, (size_t) (got - done), data + done);

                if (put < 0) {
                    perror (argv[2]);
                    return 1;
                }
                done += put;
            }
            data += got;
        }
    }
    if (errno != ENXIO) {
        perror (argv[1]);
        return 1;
    }
    if (fsync (out) < 0 || close (out) < 0) {
        perror (argv[2]);
        return 1;
    }
    close (in);
    return 0;
}
