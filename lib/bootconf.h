/*
 * bootconf: the boot configuration, etc/boot.conf in the initramfs.  It
 * says which programs start, in what order and with what arguments, and
 * what each program may be granted; a program gets only what its manifest
 * asks for and this file allows.
 *
 * One directive per line; '#' at the start of a word begins a comment;
 * words are separated by spaces or tabs; double quotes group words, and
 * inside them \" and \\ stand for " and \:
 *
 *	start serial			start bin/serial (in file order)
 *	start shell --motd "hello"	with arguments
 *	allow serial ioport 0x3f8 8	I/O ports base..base+count-1
 *	allow serial irq 4		an IRQ line
 *	allow vga mmio 0xb8000 0x8000	device memory, page-aligned
 *	allow shell spawn		may ask to start programs
 *	allow shell control		may kill any process, inject faults,
 *					power off or reboot, run the kernel
 *					suites in place, set init's log level
 *	allow * needs serial		'*': every program
 *	allow serial provides console
 *	allow virtio-blk pci 1af4:1042	PCI devices its manifest may name
 *	allow disk pci class 01		(docs/pci.md; 1af4:* covers
 *					1af4:1042, class 01 covers 01:08)
 *	allow pci pciconfig		may own PCI configuration space and
 *					give init the device table
 *	allow posix untyped		may have an Untyped of its own (of
 *					the size its manifest says)
 *
 * Names, numbers and ranges follow the manifest's rules (lib/manifest_parse.h).
 * The text is printable ASCII, tabs and newlines.  Limits: 16 programs
 * started, each with at most 16 arguments in 256 bytes (NULs included),
 * and 64 allow rules.
 */
#ifndef CAIRN_LIB_BOOTCONF_H
#define CAIRN_LIB_BOOTCONF_H

#include <stddef.h>
#include <stdint.h>

#include "manifest_parse.h"

#define BOOTCONF_MAX_START 16
#define BOOTCONF_MAX_ARGS  16
#define BOOTCONF_ARGS_SIZE 256
#define BOOTCONF_MAX_ALLOW 64

/* A program to start. */
struct bootconf_start {
	char name[MANIFEST_NAME_MAX + 1];
	int argc;
	uint16_t argsize; /* bytes of args used */
	uint16_t argoff[BOOTCONF_MAX_ARGS];
	char args[BOOTCONF_ARGS_SIZE]; /* each NUL-terminated, back to back */
};

enum bootconf_what {
	BOOTCONF_IOPORT = 0,
	BOOTCONF_IRQ = 1,
	BOOTCONF_MMIO = 2,
	BOOTCONF_NEEDS = 3,
	BOOTCONF_PROVIDES = 4,
	BOOTCONF_SPAWN = 5,
	BOOTCONF_CONTROL = 6,
	BOOTCONF_PCI = 7,
	BOOTCONF_PCICONFIG = 8,
	BOOTCONF_UNTYPED = 9,
};

/* One allow rule. */
struct bootconf_allow {
	char program[MANIFEST_NAME_MAX + 1]; /* a name, or "*" for all */
	int what;			     /* enum bootconf_what */
	uint64_t base, len; /* ioport, mmio; an irq is base with len 1 */
	char service[MANIFEST_NAME_MAX + 1]; /* needs, provides */
	struct pci_match pci;		     /* pci */
};

/* The whole file, about 10 KiB: keep it off small stacks. */
struct bootconf {
	int nstart;
	struct bootconf_start start[BOOTCONF_MAX_START];
	int nallow;
	struct bootconf_allow allow[BOOTCONF_MAX_ALLOW];
};

enum bootconf_error {
	BOOTCONF_OK = 0,
	BOOTCONF_E_TEXT = -1,	   /* a byte that is not printable ASCII */
	BOOTCONF_E_SYNTAX = -2,	   /* bad directive, word, quote or escape */
	BOOTCONF_E_RANGE = -3,	   /* a value out of range */
	BOOTCONF_E_LIMIT = -4,	   /* more than the fixed limits allow */
	BOOTCONF_E_DUPLICATE = -5, /* a program started twice */
	BOOTCONF_E_DENIED = -6,	   /* a manifest asks for more than allowed */
};

/*
 * Parse the len bytes of boot.conf at text into *c.  Returns BOOTCONF_OK
 * or a bootconf_error; on error *c is zeroed and err (errlen bytes, may be
 * NULL) holds a one-line reason such as "line 2: start Serial: a name is
 * 1-15 of a-z 0-9 _ -".
 */
int bootconf_parse(const char *text, size_t len, struct bootconf *c, char *err,
		   size_t errlen);

/*
 * Does c allow everything manifest m asks for?  Each ioport and mmio range
 * must lie inside one range allowed to m->name or to "*", each irq must be
 * allowed, and each needs and provides name too, each pci line covered
 * by an allowed one, and pciconfig and untyped allowed.  Returns BOOTCONF_OK,
 * or BOOTCONF_E_DENIED with err naming the first refusal, such as "serial:
 * ioport 0x2f8+8 not allowed by boot.conf".
 */
int bootconf_permits(const struct bootconf *c, const struct manifest *m,
		     char *err, size_t errlen);

/* May the program called name ask for programs to be started? */
int bootconf_may_spawn(const struct bootconf *c, const char *name);

/* May it control the system (the `control` rule above)? */
int bootconf_may_control(const struct bootconf *c, const char *name);

/* Argument i of s, NUL-terminated; NULL unless 0 <= i < s->argc. */
const char *bootconf_arg(const struct bootconf_start *s, int i);

/* A one-line description of a bootconf_error. */
const char *bootconf_strerror(int err);

#endif
