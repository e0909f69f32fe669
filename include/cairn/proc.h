/*
 * Processes started by init: the capabilities each finds in its CNode and
 * the procinfo page it starts with (docs/services.md).
 */
#ifndef CAIRN_PROC_H
#define CAIRN_PROC_H

#include <cairn/types.h>

/* Slots of every process's CNode (a one-level CSpace: a cptr is a slot). */
enum cairn_proc_slot {
	CAIRN_PROC_NULL = 0,
	CAIRN_PROC_INIT = 1,	    /* endpoint to init, badged with the pid */
	CAIRN_PROC_REPLY = 2,	    /* a reply object, for serving */
	CAIRN_PROC_REPLY2 = 3,	    /* another, to keep a caller waiting */
	CAIRN_PROC_CNODE = 4,	    /* its own CNode, if its manifest says
				       "receive" (to name a receive slot)
				       or "untyped" (to name where its
				       retypes put objects) */
	CAIRN_PROC_FIRST_GRANT = 5, /* the manifest's grants from here */
};

/*
 * Badges: a call carries the caller's pid (small); the notification an
 * IRQ grant binds to the thread signals bit 48 + i for the i-th IRQ, so
 * a server tells interrupts from calls by the badge, never by the label
 * alone (any caller can send any label).
 */
#define CAIRN_IRQ_BADGE(i)    (1ull << (48 + (i)))
#define CAIRN_IS_IRQ_BADGE(b) (((b) >> 48) != 0)

#define CAIRN_PROCINFO_MAGIC  0x4F464E49434F5250ull /* "PROCINFO" */
#define CAIRN_PROC_MAX_GRANTS 24
#define CAIRN_PROC_MAX_ARGS   16
#define CAIRN_PROC_ARGS_BYTES 512

enum cairn_grant_kind {
	CAIRN_GRANT_IOPORT = 1,	  /* slot: I/O port; a first port, b count */
	CAIRN_GRANT_IRQ = 2,	  /* slot: handler, slot2: its notification
				     (bound to the thread); a the IRQ, b the
				     badge bit it signals */
	CAIRN_GRANT_MMIO = 3,	  /* a: where it is mapped, b: bytes */
	CAIRN_GRANT_NEEDS = 4,	  /* slot: a named service's endpoint */
	CAIRN_GRANT_PROVIDES = 5, /* slot: the endpoint it serves */
	CAIRN_GRANT_REPLIES = 6,  /* slot: the first of a reply objects */
	CAIRN_GRANT_WAKE = 7,	  /* slot: init's notification (the timer
				     service's, to wake init) */
	/*
	 * A manifest's `pci` line (docs/pci.md): one set per matched
	 * device, in this order: PCI, then PCI_BAR for each implemented
	 * BAR, then MSI and INTX (each if the machine has it for the
	 * device).
	 */
	CAIRN_GRANT_PCI = 8,	 /* slot: the pci service's endpoint badged
				    with this device; a: bus << 8 | dev << 3
				    | fn; b: vendor | device << 16 | class
				    << 32 | subclass << 40 | prog_if << 48 */
	CAIRN_GRANT_PCI_BAR = 9, /* slot2: the BAR's index.  Memory: a where
				    it is mapped (uncached), b bytes, slot 0;
				    I/O: slot the port capability, a the
				    first port, b the count */
	CAIRN_GRANT_MSI = 10,	 /* slot: handler, slot2: its notification
				    (bound to the thread, signalling
				    CAIRN_IRQ_BADGE(reserved)); a: the MSI
				    address, b: the data */
	CAIRN_GRANT_INTX = 11,	 /* the device's INTx line, perhaps shared
				    with other devices: slot, slot2 and
				    reserved as MSI's (the same
				    notification); a: the line (x86_64: the
				    ISA IRQ), b: the pin, 1-4 (INTA-INTD).
				    A driver that uses MSI or MSI-X clears
				    it (cairn_irq_clear), so that the line's
				    other drivers do not wait for its ack */
	CAIRN_GRANT_NOTIFY = 12, /* the manifest's `notify`: slot, a
				    notification bound to the thread (the
				    one its interrupts signal, if it has
				    any), all rights: badged copies of it
				    are handed to those that signal it */
	/*
	 * The manifest's `untyped N` (a trusted server that makes kernel
	 * objects of its own): slot and slot + 1, two Untypeds of N/2
	 * bytes each, on top of its quota; slot2, its own VSpace;
	 * reserved, its own TCB, whose MCP is its priority (the authority
	 * to set its threads' priorities), all rights each.  a: N, b: the
	 * first Untyped's physical address (the second follows it).  Its
	 * own CNode is at CAIRN_PROC_CNODE.
	 */
	CAIRN_GRANT_UNTYPED = 13,
};

struct cairn_grant {
	uint32_t kind; /* enum cairn_grant_kind */
	uint32_t slot;
	uint32_t slot2;
	uint32_t reserved;
	uint64_t a, b;
	char name[16];
};

/*
 * Mapped read-only at its own address in the single layout; rdi points
 * at it when the process starts.
 */
struct cairn_procinfo {
	uint64_t magic;
	uint64_t pid;
	char name[16];
	uint64_t tsc_hz;     /* the TSC's frequency */
	uint64_t ipc_buffer; /* the thread's IPC buffer */
	uint64_t stack_top;
	uint64_t heap_base; /* the heap grows from here (init maps it) */
	uint64_t heap_limit;
	uint64_t cspace_slots; /* slots in its CNode */
	uint64_t argc;
	uint16_t argv[CAIRN_PROC_MAX_ARGS]; /* offsets into args */
	char args[CAIRN_PROC_ARGS_BYTES];
	uint64_t ngrants;
	struct cairn_grant grants[CAIRN_PROC_MAX_GRANTS];
};

_Static_assert(sizeof(struct cairn_procinfo) <= 4096, "one page");

#endif
