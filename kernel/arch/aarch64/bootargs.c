/*
 * bootargs: find /chosen's "bootargs" in a flattened device tree
 * (Devicetree Specification 0.4, chapter 5).  Every offset and length
 * read from the tree is checked against its size before use.
 */
#include "bootargs.h"

enum {
	FDT_MAGIC = 0xd00dfeed,
	FDT_BEGIN_NODE = 1,
	FDT_END_NODE = 2,
	FDT_PROP = 3,
	FDT_NOP = 4,
	FDT_END = 9,
	HDR_SIZE = 40,
};

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Is the NUL-terminated string at s[0..n) equal to want? */
static int
name_is(const uint8_t *s, size_t n, const char *want)
{
	size_t i = 0;

	for (; i < n && want[i] != '\0'; i++) {
		if (s[i] != (uint8_t)want[i]) {
			return 0;
		}
	}
	return i < n && s[i] == '\0' && want[i] == '\0';
}

/* The length of the NUL-terminated string at s, or n if none within n. */
static size_t
bounded_len(const uint8_t *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != '\0') {
		i++;
	}
	return i;
}

const char *
fdt_bootargs(const uint8_t *fdt, size_t avail)
{
	if (avail < HDR_SIZE || be32(fdt) != FDT_MAGIC) {
		return "";
	}
	size_t total = be32(fdt + 4), off = be32(fdt + 8), str = be32(fdt + 12);
	if (total > avail || off > total || str > total) {
		return "";
	}
	size_t end = total, nstr = total - str;
	while (off + 4 <= end) {
		uint32_t tok = be32(fdt + off);
		off += 4;
		if (tok == FDT_BEGIN_NODE) {
			off += (bounded_len(fdt + off, end - off) + 4) & ~3ul;
		} else if (tok == FDT_PROP) {
			if (off + 8 > end) {
				return "";
			}
			size_t len = be32(fdt + off),
			       name = be32(fdt + off + 4);
			off += 8;
			if (len > end - off || name >= nstr) {
				return "";
			}
			if (name_is(fdt + str + name, nstr - name,
				    "bootargs") &&
			    len > 0 && bounded_len(fdt + off, len) < len) {
				return (const char *)(fdt + off);
			}
			off += (len + 3) & ~3ul;
		} else if (tok != FDT_END_NODE && tok != FDT_NOP) {
			break; /* FDT_END, or a token this scan does not know */
		}
	}
	return "";
}
