/* libvirt-xml.c: the least a program can do for `virt-xml --print-xml`
 *
 * Opens a libvirt URI, looks a domain up by name and prints its inactive
 * XML: loading libvirt and its libraries, opening the connection and one
 * round trip, with no editing at all.  bench/xml-cli runs it beside
 * vireo-xml and virt-xml, so that the reader can tell what a figure owes to
 * libvirt and what to the tool.
 *
 * Usage: libvirt-xml URI DOMAIN
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include <libvirt/libvirt.h>

int
main (int argc, char **argv)
{
    virConnectPtr conn;
    virDomainPtr dom;
    char *xml;

    if (argc != 3)
        return 2;
    conn = virConnectOpen (argv[1]);
    dom = conn ? virDomainLookupByName (conn, argv[2]) : NULL;
    xml = dom ? virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE) : NULL;
    if (xml == NULL)
        return 1;
    fputs (xml, stdout);
    free (xml);
    virDomainFree (dom);
    virConnectClose (conn);
    return 0;
}
