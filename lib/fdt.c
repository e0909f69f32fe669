/*
 * fdt: a checked reader of flattened device trees (fdt.h).
 */
#include "fdt.h"

#include "cstring.h"

#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u

#define HEADER_SIZE 40u /* ten 32-bit fields, as of version 17 */

/* One token of the structure block. */
struct tok {
	uint32_t type;
	uint32_t next;	    /* offset of the token after it */
	const char *name;   /* BEGIN_NODE: the node's; PROP: the property's */
	const uint8_t *val; /* PROP: its value */
	uint32_t len;
};

static uint32_t
align4(uint32_t n)
{
	return (n + 3u) & ~3u;
}

/* The length of the string at s before a NUL within n bytes, or n. */
static uint32_t
bounded_len(const char *s, uint32_t n)
{
	uint32_t i = 0;

	while (i < n && s[i] != '\0') {
		i++;
	}
	return i;
}

/* The header field at index i (each is a big-endian 32-bit word). */
static uint32_t
field(const uint8_t *b, int i)
{
	return fdt_be32(b + 4 * i);
}

/* Read the property at off (after its token word) into t. */
static int
read_prop(const struct fdt *f, uint32_t off, struct tok *t)
{
	const uint8_t *s = f->blob + f->off_struct;
	uint32_t len, nameoff;

	if (f->size_struct - off < 8) {
		return FDT_ERR_TRUNCATED;
	}
	len = fdt_be32(s + off);
	nameoff = fdt_be32(s + off + 4);
	off += 8;
	if (len > f->size_struct - off) {
		return FDT_ERR_TRUNCATED;
	}
	if (nameoff >= f->size_strings) {
		return FDT_ERR_STRUCTURE;
	}
	t->name = (const char *)f->blob + f->off_strings + nameoff;
	if (bounded_len(t->name, f->size_strings - nameoff) ==
	    f->size_strings - nameoff) {
		return FDT_ERR_STRUCTURE;
	}
	t->val = s + off;
	t->len = len;
	t->next = align4(off + len);
	return FDT_OK;
}

/* Read the token at off in the structure block into t. */
static int
read_tok(const struct fdt *f, uint32_t off, struct tok *t)
{
	const uint8_t *s = f->blob + f->off_struct;
	uint32_t n;

	if ((off & 3u) != 0 || off > f->size_struct ||
	    f->size_struct - off < 4) {
		return FDT_ERR_TRUNCATED;
	}
	t->type = fdt_be32(s + off);
	t->name = NULL;
	t->val = NULL;
	t->len = 0;
	off += 4;
	switch (t->type) {
	case FDT_BEGIN_NODE:
		t->name = (const char *)s + off;
		n = bounded_len(t->name, f->size_struct - off);
		if (n == f->size_struct - off) {
			return FDT_ERR_TRUNCATED;
		}
		t->next = align4(off + n + 1);
		return FDT_OK;
	case FDT_PROP:
		return read_prop(f, off, t);
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		t->next = off;
		return FDT_OK;
	default:
		return FDT_ERR_STRUCTURE;
	}
}

/* Check the header of the len bytes at b and fill f's offsets. */
static int
check_header(struct fdt *f, const uint8_t *b, size_t len)
{
	uint32_t version;

	if (len < HEADER_SIZE) {
		return FDT_ERR_TRUNCATED;
	}
	if (field(b, 0) != FDT_MAGIC) {
		return FDT_ERR_MAGIC;
	}
	version = field(b, 5);
	if (version < 16 || field(b, 6) > 17) {
		return FDT_ERR_VERSION;
	}
	f->blob = b;
	f->size = field(b, 1);
	if (f->size > len) {
		return FDT_ERR_TRUNCATED;
	}
	f->off_struct = field(b, 2);
	f->off_strings = field(b, 3);
	f->off_rsvmap = field(b, 4);
	f->size_strings = field(b, 8);
	f->size_struct = version >= 17 ? field(b, 9) : f->size - f->off_struct;
	if (f->size < HEADER_SIZE || f->off_struct < HEADER_SIZE ||
	    f->off_strings < HEADER_SIZE || f->off_rsvmap < HEADER_SIZE ||
	    (f->off_struct & 3u) != 0 || (f->off_rsvmap & 7u) != 0 ||
	    f->off_struct > f->size ||
	    f->size_struct > f->size - f->off_struct ||
	    f->off_strings > f->size ||
	    f->size_strings > f->size - f->off_strings) {
		return FDT_ERR_LAYOUT;
	}
	return FDT_OK;
}

/* Count the reservation map's entries up to its (0, 0) terminator. */
static int
check_rsvmap(struct fdt *f)
{
	uint32_t off = f->off_rsvmap;

	for (f->nrsv = 0;; f->nrsv++, off += 16) {
		if (off > f->size || f->size - off < 16) {
			return FDT_ERR_TRUNCATED;
		}
		if (fdt_be64(f->blob + off) == 0 &&
		    fdt_be64(f->blob + off + 8) == 0) {
			return FDT_OK;
		}
	}
}

/*
 * Walk every token: one root node, nesting within FDT_MAX_DEPTH, then
 * only NOPs up to FDT_END.
 */
static int
check_struct(const struct fdt *f)
{
	struct tok t;
	uint32_t off = 0;
	int depth = 0, roots = 0;

	for (;;) {
		int err = read_tok(f, off, &t);
		if (err != FDT_OK) {
			return err;
		}
		off = t.next;
		if (t.type == FDT_BEGIN_NODE) {
			if ((depth == 0 && roots++ > 0) ||
			    ++depth > FDT_MAX_DEPTH) {
				return FDT_ERR_STRUCTURE;
			}
		} else if (t.type == FDT_END_NODE) {
			if (depth-- == 0) {
				return FDT_ERR_STRUCTURE;
			}
		} else if (t.type == FDT_PROP) {
			if (depth == 0) {
				return FDT_ERR_STRUCTURE;
			}
		} else if (t.type == FDT_END) {
			return depth == 0 && roots == 1 ? FDT_OK
							: FDT_ERR_STRUCTURE;
		}
	}
}

int
fdt_open(struct fdt *f, const void *blob, size_t len)
{
	int err;

	memset(f, 0, sizeof(*f));
	err = check_header(f, blob, len);
	if (err == FDT_OK) {
		err = check_rsvmap(f);
	}
	if (err == FDT_OK) {
		err = check_struct(f);
	}
	return err;
}

const char *
fdt_strerror(int err)
{
	static const char *const why[FDT_NERRORS] = {
	    [FDT_OK] = "no error",
	    [FDT_ERR_TRUNCATED] = "blob truncated",
	    [FDT_ERR_MAGIC] = "bad magic: not a device tree",
	    [FDT_ERR_VERSION] = "unsupported version",
	    [FDT_ERR_LAYOUT] = "blocks outside the blob or misaligned",
	    [FDT_ERR_STRUCTURE] = "bad structure block",
	    [FDT_ERR_NOTFOUND] = "not found",
	    [FDT_ERR_CELLS] = "cell count out of range",
	    [FDT_ERR_LENGTH] = "property of the wrong length",
	    [FDT_ERR_VALUE] = "property value not understood",
	    [FDT_ERR_RANGES] = "address outside the parent bus's ranges",
	    [FDT_ERR_FULL] = "more entries than room",
	};

	if (err < 0) {
		err = -err;
	}
	return err < FDT_NERRORS ? why[err] : "unknown error";
}

int
fdt_next_node(const struct fdt *f, int node, int *depth)
{
	struct tok t;
	uint32_t off = 0;
	int d = -1;

	if (node >= 0) {
		if (read_tok(f, (uint32_t)node, &t) != FDT_OK ||
		    t.type != FDT_BEGIN_NODE) {
			return -FDT_ERR_STRUCTURE;
		}
		off = t.next;
		d = *depth;
	}
	for (;;) {
		int err = read_tok(f, off, &t);

		if (err != FDT_OK) {
			return -err;
		}
		if (t.type == FDT_BEGIN_NODE) {
			*depth = d + 1;
			return (int)off;
		}
		if (t.type == FDT_END_NODE) {
			d--;
		} else if (t.type == FDT_END) {
			return -FDT_ERR_NOTFOUND;
		}
		off = t.next;
	}
}

int
fdt_child(const struct fdt *f, int node, int prev)
{
	int depth = 0, n = node;

	if (prev >= 0) {
		n = prev;
		depth = 1;
	}
	for (;;) {
		n = fdt_next_node(f, n, &depth);
		if (n < 0 || depth < 1) {
			return n < 0 ? n : -FDT_ERR_NOTFOUND;
		}
		if (depth == 1) {
			return n;
		}
	}
}

int
fdt_parent(const struct fdt *f, int node)
{
	int stack[FDT_MAX_DEPTH + 1];
	int depth = 0, n = -1;

	for (;;) {
		n = fdt_next_node(f, n, &depth);
		if (n < 0) {
			return n;
		}
		if (depth > FDT_MAX_DEPTH) {
			return -FDT_ERR_STRUCTURE;
		}
		stack[depth] = n;
		if (n == node) {
			return depth > 0 ? stack[depth - 1] : -FDT_ERR_NOTFOUND;
		}
	}
}

/* Does the node name match the path component c of n bytes? */
static int
name_matches(const char *name, const char *c, size_t n)
{
	if (strncmp(name, c, n) != 0) {
		return 0;
	}
	if (name[n] == '\0') {
		return 1;
	}
	if (name[n] != '@') {
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (c[i] == '@') {
			return 0;
		}
	}
	return 1;
}

int
fdt_path(const struct fdt *f, const char *path)
{
	int depth = 0, node = fdt_next_node(f, -1, &depth);

	if (path[0] != '/') {
		return -FDT_ERR_NOTFOUND;
	}
	while (node >= 0) {
		size_t n;
		int c;

		while (*path == '/') {
			path++;
		}
		if (*path == '\0') {
			return node;
		}
		n = strchr(path, '/') ? (size_t)(strchr(path, '/') - path)
				      : strlen(path);
		for (c = fdt_child(f, node, -1); c >= 0;
		     c = fdt_child(f, node, c)) {
			if (name_matches(fdt_name(f, c), path, n)) {
				break;
			}
		}
		node = c;
		path += n;
	}
	return node;
}

int
fdt_phandle_node(const struct fdt *f, uint32_t ph)
{
	int depth = 0, n = -1;
	uint32_t v;

	for (;;) {
		n = fdt_next_node(f, n, &depth);
		if (n < 0) {
			return n;
		}
		if ((fdt_prop_u32(f, n, "phandle", &v) == FDT_OK ||
		     fdt_prop_u32(f, n, "linux,phandle", &v) == FDT_OK) &&
		    v == ph) {
			return n;
		}
	}
}

const char *
fdt_name(const struct fdt *f, int node)
{
	struct tok t;

	if (node < 0 || read_tok(f, (uint32_t)node, &t) != FDT_OK ||
	    t.type != FDT_BEGIN_NODE) {
		return NULL;
	}
	return t.name;
}

int
fdt_prop(const struct fdt *f, int node, const char *name, const void **val,
	 uint32_t *len)
{
	struct tok t;
	uint32_t off;

	if (node < 0 || read_tok(f, (uint32_t)node, &t) != FDT_OK ||
	    t.type != FDT_BEGIN_NODE) {
		return FDT_ERR_STRUCTURE;
	}
	for (off = t.next;; off = t.next) {
		if (read_tok(f, off, &t) != FDT_OK) {
			return FDT_ERR_STRUCTURE;
		}
		if (t.type == FDT_PROP && strcmp(t.name, name) == 0) {
			*val = t.val;
			*len = t.len;
			return FDT_OK;
		}
		if (t.type != FDT_PROP && t.type != FDT_NOP) {
			return FDT_ERR_NOTFOUND;
		}
	}
}

int
fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *v)
{
	const void *val;
	uint32_t len;
	int err = fdt_prop(f, node, name, &val, &len);

	if (err != FDT_OK) {
		return err;
	}
	if (len != 4) {
		return FDT_ERR_LENGTH;
	}
	*v = fdt_be32(val);
	return FDT_OK;
}

int
fdt_prop_string(const struct fdt *f, int node, const char *name, const char **s)
{
	const void *val;
	uint32_t len;
	int err = fdt_prop(f, node, name, &val, &len);

	if (err != FDT_OK) {
		return err;
	}
	if (len == 0 || bounded_len(val, len) != len - 1) {
		return FDT_ERR_VALUE;
	}
	*s = val;
	return FDT_OK;
}

int
fdt_compatible(const struct fdt *f, int node, const char *compat)
{
	const void *val;
	const char *s;
	uint32_t len, n;

	if (fdt_prop(f, node, "compatible", &val, &len) != FDT_OK) {
		return 0;
	}
	for (s = val; len > 0; s += n + 1, len -= n + 1) {
		n = bounded_len(s, len);
		if (n == len) {
			return 0;
		}
		if (strcmp(s, compat) == 0) {
			return 1;
		}
	}
	return 0;
}

int
fdt_memreserve(const struct fdt *f, uint32_t i, uint64_t *addr, uint64_t *size)
{
	const uint8_t *e;

	if (i >= f->nrsv) {
		return FDT_ERR_NOTFOUND;
	}
	e = f->blob + f->off_rsvmap + 16 * i;
	*addr = fdt_be64(e);
	*size = fdt_be64(e + 8);
	return FDT_OK;
}
