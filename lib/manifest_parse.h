/*
 * manifest_parse: what a program says it needs, read from the
 * `.cairn.manifest` section of its ELF file (include/cairn/manifest.h
 * declares one).  The loader grants nothing that is not declared here
 * and allowed by boot.conf (lib/bootconf.h).
 *
 * The text is one declaration per line; '#' starts a comment; words are
 * separated by spaces or tabs:
 *
 *	name serial			required, [a-z0-9_-]{1,15}
 *	description 16550 UART driver	the rest of the line, <= 63 chars
 *	cspace 6			log2 of its CNode's slots, 4..14
 *	quota 256K			memory quota, bytes with K or M, <= 1G
 *	restart always 5 10		never, always or on-failure, then the
 *					crashes allowed (1..1000) within a
 *					window of seconds (1..86400)
 *	ioport 0x3f8 8			I/O ports: base, count
 *	irq 4				an IRQ line: 0..23 on x86_64 (ISA and
 *					I/O APIC lines), 0..1019 on aarch64
 *					(a GIC INTID; the kernel checks it)
 *	mmio 0xfebd0000 0x1000		device memory: page-aligned base, length
 *	needs serial			an endpoint of a named service
 *	provides console		a named endpoint this program serves
 *	replies 8			reply objects beyond the two every
 *					program has (1..32): a server that
 *					keeps many callers waiting
 *	receive				it may receive capabilities over IPC
 *					(init gives it its own CNode, to name
 *					the receive slot)
 *	pci 1af4:1042			a PCI device it drives (docs/pci.md,
 *	pci class 01:08			"Manifest syntax"): init gives it the
 *					first unclaimed function that matches
 *	pciconfig			it owns PCI configuration space (the
 *					pci service alone)
 *	notify				a notification bound to its thread,
 *					which it may hand out (badged copies)
 *					to be signalled by others
 *	untyped 32M			one Untyped of that many bytes (K or
 *					M, a power of two, 1M..256M) on top
 *					of its quota, with its own VSpace,
 *					TCB and CNode: a trusted server that
 *					makes kernel objects of its own
 *
 * Numbers are decimal or 0x hexadecimal.  Each keyword may appear once,
 * but ioport, irq, mmio, needs, provides and pci, up to 8 times each,
 * without repeats or overlapping ranges.
 */
#ifndef CAIRN_LIB_MANIFEST_PARSE_H
#define CAIRN_LIB_MANIFEST_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include <cairn/manifest.h>

#include "pci_match.h"

#define MANIFEST_SECTION	 CAIRN_MANIFEST_SECTION
#define MANIFEST_TEXT_MAX	 4096 /* section bytes, the NUL included */
#define MANIFEST_NAME_MAX	 15
#define MANIFEST_DESC_MAX	 63
#define MANIFEST_MAX_ITEMS	 8 /* of each list: ioport ... provides, pci */
#define MANIFEST_CSPACE_MIN	 4
#define MANIFEST_CSPACE_MAX	 14
#define MANIFEST_CSPACE_DEFAULT	 6
#define MANIFEST_QUOTA_DEFAULT	 (1ull << 20)
#define MANIFEST_QUOTA_MAX	 (1ull << 30)
#define MANIFEST_CRASHES_DEFAULT 5
#define MANIFEST_CRASHES_MAX	 1000
#define MANIFEST_WINDOW_DEFAULT	 10
#define MANIFEST_WINDOW_MAX	 86400
#define MANIFEST_REPLIES_MAX	 32
#define MANIFEST_UNTYPED_MIN	 (1ull << 20)
#define MANIFEST_UNTYPED_MAX	 (256ull << 20)
#define MANIFEST_PORT_LIMIT	 0x10000ull
#define MANIFEST_PHYS_LIMIT	 (1ull << 52) /* x86_64's widest physical */

/* The highest IRQ line: the arch's, numbered as its kernel numbers them. */
#if defined(__aarch64__)
#define MANIFEST_IRQ_MAX   1019 /* a GIC INTID */
#define MANIFEST_IRQ_RANGE "out of range 0-1019"
#else
#define MANIFEST_IRQ_MAX   23 /* an ISA or I/O APIC line */
#define MANIFEST_IRQ_RANGE "out of range 0-23"
#endif

enum manifest_restart {
	MANIFEST_RESTART_NEVER = 0, /* the default */
	MANIFEST_RESTART_ALWAYS = 1,
	MANIFEST_RESTART_ON_FAILURE = 2,
};

/* A range of I/O ports or of physical addresses: [base, base + len). */
struct manifest_range {
	uint64_t base;
	uint64_t len;
};

struct manifest {
	char name[MANIFEST_NAME_MAX + 1];
	char description[MANIFEST_DESC_MAX + 1]; /* empty if not given */
	int cspace_bits;
	uint64_t quota; /* bytes */
	int restart;	/* enum manifest_restart */
	uint32_t max_crashes;
	uint32_t crash_window; /* seconds */
	int nioports;
	struct manifest_range ioport[MANIFEST_MAX_ITEMS];
	int nirqs;
	uint16_t irq[MANIFEST_MAX_ITEMS];
	int nmmio;
	struct manifest_range mmio[MANIFEST_MAX_ITEMS];
	int nneeds;
	char needs[MANIFEST_MAX_ITEMS][MANIFEST_NAME_MAX + 1];
	int nprovides;
	char provides[MANIFEST_MAX_ITEMS][MANIFEST_NAME_MAX + 1];
	int receive; /* 1: it may receive capabilities */
	int replies; /* extra reply objects */
	int npci;
	struct pci_match pci[MANIFEST_MAX_ITEMS]; /* devices it drives */
	int pciconfig;	  /* 1: it owns PCI configuration space */
	int notify;	  /* 1: a notification bound to its thread */
	uint64_t untyped; /* bytes of an Untyped of its own; 0: none */
};

enum manifest_error {
	MANIFEST_OK = 0,
	MANIFEST_E_TEXT = -1,	    /* too long, unterminated, bad bytes */
	MANIFEST_E_SYNTAX = -2,	    /* unknown keyword, bad or extra words */
	MANIFEST_E_RANGE = -3,	    /* a value out of range */
	MANIFEST_E_DUPLICATE = -4,  /* repeated or overlapping declaration */
	MANIFEST_E_TOO_MANY = -5,   /* more than MANIFEST_MAX_ITEMS */
	MANIFEST_E_NO_NAME = -6,    /* no name declaration */
	MANIFEST_E_ELF = -7,	    /* section headers malformed */
	MANIFEST_E_NO_SECTION = -8, /* the ELF file has no manifest */
};

/*
 * Parse the manifest section's len bytes at text into *m.  The text must
 * end in a NUL within len (and MANIFEST_TEXT_MAX) bytes, followed only by
 * NULs.  Returns MANIFEST_OK or a manifest_error; on error *m is zeroed and
 * err (errlen bytes, may be NULL) holds a one-line reason such as
 * "line 3: irq 99: out of range 0-23".
 */
int manifest_parse(const char *text, size_t len, struct manifest *m, char *err,
		   size_t errlen);

/*
 * Find the .cairn.manifest section of the ELF64 file at file (size bytes)
 * through its section headers and section-name table.  Sets *text and
 * *len to the section's bytes inside the file.  Returns MANIFEST_OK,
 * MANIFEST_E_NO_SECTION when there is none, or MANIFEST_E_ELF when the
 * headers are malformed or name the section twice.
 */
int manifest_find_section(const void *file, size_t size, const char **text,
			  size_t *len);

/* A one-line description of a manifest_error. */
const char *manifest_strerror(int err);

/*
 * Is s (n bytes) a valid program or service name, [a-z0-9_-]{1,15}?
 * boot.conf uses the same rule, hence inline here.
 */
static inline int
manifest_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > MANIFEST_NAME_MAX) {
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-')) {
			return 0;
		}
	}
	return 1;
}

/*
 * Is [base, base + count) a valid I/O port range, and [base, base + len) a
 * valid device memory range?  boot.conf uses the same rules.
 */
static inline int
manifest_ioport_ok(uint64_t base, uint64_t count)
{
	return count >= 1 && base < MANIFEST_PORT_LIMIT &&
	       count <= MANIFEST_PORT_LIMIT - base;
}

static inline int
manifest_mmio_ok(uint64_t base, uint64_t len)
{
	return len >= 1 && base % 4096 == 0 && len % 4096 == 0 &&
	       base < MANIFEST_PHYS_LIMIT && len <= MANIFEST_PHYS_LIMIT - base;
}

/* The results of manifest_number. */
enum {
	MANIFEST_NUM_OK = 0,
	MANIFEST_NUM_BAD = -1,	    /* not a number */
	MANIFEST_NUM_OVERFLOW = -2, /* does not fit in 64 bits */
};

static inline int
manifest_digit(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return 99;
}

/*
 * Parse s (n bytes, all of it) as a decimal or 0x-hexadecimal number into
 * *v.  boot.conf uses the same grammar, hence inline here.  Returns one of
 * MANIFEST_NUM_*.
 */
static inline int
manifest_number(const char *s, size_t n, uint64_t *v)
{
	unsigned base = 10;
	uint64_t x = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		n -= 2;
	}
	if (n == 0) {
		return MANIFEST_NUM_BAD;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)manifest_digit(s[i]);
		if (d >= base) {
			return MANIFEST_NUM_BAD;
		}
		if (x > (UINT64_MAX - d) / base) {
			return MANIFEST_NUM_OVERFLOW;
		}
		x = x * base + d;
	}
	*v = x;
	return MANIFEST_NUM_OK;
}

#endif
