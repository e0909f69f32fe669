/*
 * fdt: reads a flattened device tree (a DTB, Devicetree Specification
 * 0.4, chapter 5), the blob the boot loader hands an aarch64 kernel.
 * fdt_open checks the whole blob once (header, reservation map, every
 * token of the structure block, every property name), so a bad or
 * truncated blob is refused with a reason before anything reads it; the
 * readers stay bounds-checked all the same.  Nothing is copied: names and
 * values point into the blob, which must stay in place.
 *
 * A node is named by its offset in the structure block.  Functions that
 * return a node give its offset (0 or more) or a negated enum fdt_error.
 */
#ifndef CAIRN_LIB_FDT_H
#define CAIRN_LIB_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC     0xd00dfeedu
#define FDT_MAX_DEPTH 16 /* nodes nested deeper are refused */

enum fdt_error {
	FDT_OK = 0,
	FDT_ERR_TRUNCATED, /* the blob is shorter than it says */
	FDT_ERR_MAGIC,	   /* not a device tree */
	FDT_ERR_VERSION,   /* a version this reader cannot read */
	FDT_ERR_LAYOUT,	   /* blocks overlap the header, misaligned or out */
	FDT_ERR_STRUCTURE, /* a bad token, name or nesting */
	FDT_ERR_NOTFOUND,  /* no such node or property */
	FDT_ERR_CELLS,	   /* #address-cells, #size-cells out of range */
	FDT_ERR_LENGTH,	   /* a property of the wrong length */
	FDT_ERR_VALUE,	   /* a property with a value not understood */
	FDT_ERR_RANGES,	   /* an address no parent bus translates */
	FDT_ERR_FULL,	   /* more entries than the caller has room for */
	FDT_NERRORS
};

/* A checked blob, as fdt_open leaves it.  Offsets are from the blob. */
struct fdt {
	const uint8_t *blob;
	uint32_t size;	     /* totalsize */
	uint32_t off_struct; /* the structure block */
	uint32_t size_struct;
	uint32_t off_strings; /* the strings block */
	uint32_t size_strings;
	uint32_t off_rsvmap; /* the memory reservation map */
	uint32_t nrsv;	     /* its entries, the terminator left out */
};

/* Read a big-endian 32-bit or 64-bit value at p. */
static inline uint32_t
fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static inline uint64_t
fdt_be64(const void *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32((const uint8_t *)p + 4);
}

/*
 * Check the len bytes at blob as a device tree of version 16 or 17 and
 * fill f.  Returns FDT_OK, or the first fault found; f is then unusable.
 */
int fdt_open(struct fdt *f, const void *blob, size_t len);

/* A one-line description of an enum fdt_error, for the boot log. */
const char *fdt_strerror(int err);

/*
 * The node after node in document order (the root if node < 0).  *depth
 * is node's depth on entry and the returned node's on return (the root
 * is 0).  Returns -FDT_ERR_NOTFOUND after the last node.
 */
int fdt_next_node(const struct fdt *f, int node, int *depth);

/* The child of node after prev (the first child if prev < 0). */
int fdt_child(const struct fdt *f, int node, int prev);

/* The parent of node; -FDT_ERR_NOTFOUND for the root. */
int fdt_parent(const struct fdt *f, int node);

/*
 * The node at an absolute path such as "/soc/serial@7e201000".  A
 * component without a unit address ("memory") also matches a node that
 * has one ("memory@40000000"); the first such node wins.
 */
int fdt_path(const struct fdt *f, const char *path);

/* The node whose phandle (or linux,phandle) is ph. */
int fdt_phandle_node(const struct fdt *f, uint32_t ph);

/* The name of node ("" for the root), or NULL if node is no node. */
const char *fdt_name(const struct fdt *f, int node);

/*
 * Property name of node: *val and *len get its value (inside the blob).
 * Returns FDT_OK or FDT_ERR_NOTFOUND (or FDT_ERR_STRUCTURE if node is no
 * node).
 */
int fdt_prop(const struct fdt *f, int node, const char *name, const void **val,
	     uint32_t *len);

/*
 * Property name of node as one 32-bit cell in *v.  Returns FDT_OK,
 * FDT_ERR_NOTFOUND, or FDT_ERR_LENGTH if it is not 4 bytes long.
 */
int fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *v);

/*
 * Property name of node as a string in *s: FDT_OK, FDT_ERR_NOTFOUND, or
 * FDT_ERR_VALUE if the value is not one NUL-terminated string.
 */
int fdt_prop_string(const struct fdt *f, int node, const char *name,
		    const char **s);

/* Does node's compatible list hold the string compat? */
int fdt_compatible(const struct fdt *f, int node, const char *compat);

/*
 * Entry i of the memory reservation map in *addr and *size.  Returns
 * FDT_OK or FDT_ERR_NOTFOUND past the last.
 */
int fdt_memreserve(const struct fdt *f, uint32_t i, uint64_t *addr,
		   uint64_t *size);

#endif
