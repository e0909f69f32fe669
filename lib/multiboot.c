/*
 * multiboot: Multiboot1 and Multiboot2 hand-over parsing.  Layouts are from
 * the Multiboot specifications, versions 0.6.96 and 2.0.
 */
#include "multiboot.h"

#include "cstring.h"

/* Is [p, p + len) inside the window? */
static int
in_window(const struct phys_window *w, uint64_t p, uint64_t len)
{
	return p <= w->limit && len <= w->limit - p;
}

static const void *
ptr(const struct phys_window *w, uint64_t p)
{
	return (const void *)(w->base + (uintptr_t)p);
}

static uint32_t
rd32(const struct phys_window *w, uint64_t p)
{
	uint32_t v;

	memcpy(&v, ptr(w, p), 4);
	return v;
}

static uint64_t
rd64(const struct phys_window *w, uint64_t p)
{
	uint64_t v;

	memcpy(&v, ptr(w, p), 8);
	return v;
}

/*
 * Copy the NUL-terminated string at physical p into dst (size n).  A
 * string that leaves the window is cut where the window ends.
 */
static void
copy_str(const struct phys_window *w, uint64_t p, char *dst, int n)
{
	int i = 0;

	while (i < n - 1 && in_window(w, p + i, 1)) {
		char c = *(const char *)ptr(w, p + i);
		if (c == '\0') {
			break;
		}
		dst[i++] = c;
	}
	dst[i] = '\0';
}

static void
add_region(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	if (len == 0) {
		return;
	}
	if (bi->nregions == BOOT_MAX_REGIONS) {
		bi->regions_cut = 1;
		return;
	}
	if (type < BOOT_MEM_AVAILABLE || type > BOOT_MEM_BAD) {
		type = BOOT_MEM_RESERVED;
	}
	struct boot_region *r = &bi->regions[bi->nregions++];
	r->base = base;
	/* A region that wraps the address space is cut at its top. */
	r->len = base + len < base ? -base : len;
	r->type = type;
}

static int
add_module(struct boot_info *bi, const struct phys_window *w, uint64_t start,
	   uint64_t end, uint64_t name, int name_max)
{
	if (end < start) {
		return BOOT_E_FORMAT;
	}
	if (bi->nmodules == BOOT_MAX_MODULES) {
		bi->modules_cut = 1;
		return BOOT_OK;
	}
	struct boot_module *m = &bi->modules[bi->nmodules++];
	m->start = start;
	m->end = end;
	copy_str(w, name, m->name,
		 name_max < BOOT_NAME_MAX ? name_max : BOOT_NAME_MAX);
	return BOOT_OK;
}

/* Multiboot1 information structure offsets and flags. */
enum {
	MB1_FLAG_CMDLINE = 1 << 2,
	MB1_FLAG_MODS = 1 << 3,
	MB1_FLAG_MMAP = 1 << 6,
	MB1_INFO_SIZE = 52,
};

static int
parse_mb1(uint64_t info, const struct phys_window *w, struct boot_info *bi)
{
	if (!in_window(w, info, MB1_INFO_SIZE)) {
		return BOOT_E_RANGE;
	}
	uint32_t flags = rd32(w, info);
	if (flags & MB1_FLAG_CMDLINE) {
		copy_str(w, rd32(w, info + 16), bi->cmdline, BOOT_CMDLINE_MAX);
	}
	if (flags & MB1_FLAG_MODS) {
		uint32_t count = rd32(w, info + 20);
		uint64_t addr = rd32(w, info + 24);
		if (count > 1024 || !in_window(w, addr, count * 16ull)) {
			return BOOT_E_RANGE;
		}
		for (uint32_t i = 0; i < count; i++) {
			uint64_t m = addr + i * 16ull;
			int err = add_module(bi, w, rd32(w, m), rd32(w, m + 4),
					     rd32(w, m + 8), BOOT_NAME_MAX);
			if (err != BOOT_OK) {
				return err;
			}
		}
	}
	if (!(flags & MB1_FLAG_MMAP)) {
		return BOOT_E_NO_MMAP;
	}
	uint64_t len = rd32(w, info + 44);
	uint64_t p = rd32(w, info + 48);
	if (!in_window(w, p, len)) {
		return BOOT_E_RANGE;
	}
	for (uint64_t end = p + len; p < end;) {
		/* Each entry starts with its size, which excludes itself. */
		if (end - p < 4) {
			return BOOT_E_FORMAT;
		}
		uint32_t size = rd32(w, p);
		if (size < 20 || size > end - p - 4) {
			return BOOT_E_FORMAT;
		}
		add_region(bi, rd64(w, p + 4), rd64(w, p + 12),
			   rd32(w, p + 20));
		p += size + 4ull;
	}
	return BOOT_OK;
}

/* Multiboot2 tag types. */
enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MMAP = 6,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_MAX_SIZE = 1 << 20,
};

static int
parse_mb2_mmap(uint64_t t, uint32_t size, const struct phys_window *w,
	       struct boot_info *bi)
{
	if (size < 16) {
		return BOOT_E_FORMAT;
	}
	uint32_t esize = rd32(w, t + 8);
	if (esize < 24 || esize % 8 != 0) {
		return BOOT_E_FORMAT;
	}
	for (uint64_t e = t + 16; e + esize <= t + size; e += esize) {
		add_region(bi, rd64(w, e), rd64(w, e + 8), rd32(w, e + 16));
	}
	return BOOT_OK;
}

static int
parse_mb2_tag(uint64_t t, uint32_t type, uint32_t size,
	      const struct phys_window *w, struct boot_info *bi, int *mmap)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		copy_str(w, t + 8, bi->cmdline,
			 size - 8 < BOOT_CMDLINE_MAX ? (int)(size - 8) + 1
						     : BOOT_CMDLINE_MAX);
		return BOOT_OK;
	case MB2_TAG_MODULE:
		if (size < 17) {
			return BOOT_E_FORMAT;
		}
		/* The name ends with the tag, if not before. */
		return add_module(bi, w, rd32(w, t + 8), rd32(w, t + 12),
				  t + 16, (int)(size - 16) + 1);
	case MB2_TAG_MMAP:
		*mmap = 1;
		return parse_mb2_mmap(t, size, w, bi);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW: {
		uint32_t n =
		    size - 8 < sizeof(bi->rsdp) ? size - 8 : sizeof(bi->rsdp);
		/* Prefer the ACPI 2.0 copy when both are given. */
		/* cppcheck-suppress knownConditionTrueFalse ; n is up to 36 */
		if (n >= 20 && (!bi->has_rsdp || type == MB2_TAG_ACPI_NEW)) {
			memset(bi->rsdp, 0, sizeof(bi->rsdp));
			memcpy(bi->rsdp, ptr(w, t + 8), n);
			bi->has_rsdp = 1;
		}
		return BOOT_OK;
	}
	default:
		return BOOT_OK;
	}
}

static int
parse_mb2(uint64_t info, const struct phys_window *w, struct boot_info *bi)
{
	if (info % 8 != 0 || !in_window(w, info, 8)) {
		return BOOT_E_RANGE;
	}
	uint32_t total = rd32(w, info);
	if (total < 16 || total > MB2_MAX_SIZE) {
		return BOOT_E_FORMAT;
	}
	if (!in_window(w, info, total)) {
		return BOOT_E_RANGE;
	}
	int mmap = 0;
	uint64_t end = info + total;
	for (uint64_t t = info + 8;;) {
		if (end - t < 8) {
			return BOOT_E_FORMAT;
		}
		uint32_t type = rd32(w, t);
		uint32_t size = rd32(w, t + 4);
		if (size < 8 || size > end - t) {
			return BOOT_E_FORMAT;
		}
		if (type == MB2_TAG_END) {
			break;
		}
		int err = parse_mb2_tag(t, type, size, w, bi, &mmap);
		if (err != BOOT_OK) {
			return err;
		}
		/* The next tag starts 8-aligned; it must still be inside. */
		uint64_t step = (size + 7ull) & ~7ull;
		if (step > end - t) {
			return BOOT_E_FORMAT;
		}
		t += step;
	}
	return mmap ? BOOT_OK : BOOT_E_NO_MMAP;
}

int
boot_parse(uint32_t magic, uint64_t info, const struct phys_window *w,
	   struct boot_info *bi)
{
	int err;

	memset(bi, 0, sizeof(*bi));
	if (magic == MB1_BOOT_MAGIC) {
		bi->protocol = 1;
		err = parse_mb1(info, w, bi);
	} else if (magic == MB2_BOOT_MAGIC) {
		bi->protocol = 2;
		err = parse_mb2(info, w, bi);
	} else {
		err = BOOT_E_MAGIC;
	}
	if (err != BOOT_OK) {
		memset(bi, 0, sizeof(*bi));
	}
	return err;
}

const char *
boot_strerror(int err)
{
	switch (err) {
	case BOOT_OK:
		return "ok";
	case BOOT_E_MAGIC:
		return "not loaded by a Multiboot loader";
	case BOOT_E_RANGE:
		return "boot information outside memory";
	case BOOT_E_FORMAT:
		return "malformed boot information";
	case BOOT_E_NO_MMAP:
		return "no memory map";
	default:
		return "unknown error";
	}
}

int
boot_cmdline_get(const char *cmdline, const char *key, char *val, int n)
{
	size_t klen = strlen(key);
	const char *p = cmdline;

	while (*p != '\0') {
		while (*p == ' ') {
			p++;
		}
		const char *word = p;
		while (*p != '\0' && *p != ' ') {
			p++;
		}
		if ((size_t)(p - word) < klen || memcmp(word, key, klen) != 0) {
			continue;
		}
		const char *v = word + klen;
		if (v != p && *v != '=') {
			continue;
		}
		int i = 0;
		if (v != p) {
			for (v++; v < p && i < n - 1; v++) {
				val[i++] = *v;
			}
		}
		if (n > 0) {
			val[i] = '\0';
		}
		return 1;
	}
	return 0;
}
