/*
 * bootargs: the kernel command line from the device tree's /chosen
 * node, found by a bounded scan of the flattened tree.  A stopgap for
 * the bring-up until lib/devtree parses the whole tree.
 */
#ifndef CAIRN_A64_BOOTARGS_H
#define CAIRN_A64_BOOTARGS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The value of the first "bootargs" property in the flattened device
 * tree at fdt (avail bytes readable there), NUL-terminated within the
 * tree; "" if the tree is malformed or has none.  Never reads outside
 * [fdt, fdt + avail).
 */
const char *fdt_bootargs(const uint8_t *fdt, size_t avail);

#endif
