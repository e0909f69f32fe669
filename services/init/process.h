/*
 * process: the process manager's table, and the loader that fills it.
 */
#ifndef CAIRN_INIT_PROCESS_H
#define CAIRN_INIT_PROCESS_H

#include "proto/init.h"
#include "proto/serial.h"
#include "proto/timer.h"

#include "elf.h"
#include "init.h"
#include "manifest_parse.h"
#include "policy.h"

#define MAX_PROCS    32		  /* about what init's CNode holds slots for */
#define FAULT_BADGE  (1ull << 62) /* a fault message, not a call */
#define REGION_BADGE (1ull << 61) /* a call on a region capability */
#define WAKE_BADGE   (1ull << 60) /* the timer service's wake-up signal */

/* Where things are in a process's region of the single layout. */
#define PROC_REGION	(256ull << 20)
#define PROC_INFO	0x0000ull   /* procinfo page */
#define PROC_IPC	0x1000ull   /* IPC buffer */
#define PROC_STACK	0x3000ull   /* stack bottom (a guard page below) */
#define PROC_STACK_SIZE 0x4000ull   /* 16 KiB */
#define PROC_IMAGE	0x100000ull /* the image's lowest page */

struct proc {
	word_t pid; /* 0: this entry is free */
	int state;  /* enum cairn_proc_state */
	struct manifest m;
	cptr_t block; /* its Untyped: every object it has is made from it */
	cptr_t extra_block;  /* another block it holds (ktest's pool, an
			      `untyped` grant's), or 0 */
	cptr_t extra_revoke; /* an Untyped to revoke when it ends, or 0 */
	unsigned block_bits;
	word_t used;	     /* the block's watermark, as the kernel's */
	cptr_t slots;	     /* init's slots for its capabilities */
	word_t nslots, next; /* how many, the next unused */
	cptr_t cnode, vspace, tcb;
	cptr_t spare[3]; /* page tables made but not used yet */
	word_t region;	 /* its range of the layout */
	word_t heap_next, heap_limit;
	word_t status; /* exit status */
	word_t parent; /* who started it (0: init) */
	cptr_t waiter; /* a kept reply object, or 0 */
	int restarts;
	struct crash_log crashes; /* in the restart policy's window */
	uint64_t restart_at;	  /* TSC: when a backed-off restart is due */
	bool disk; /* started from a file of the disk's, not the initramfs */
	struct cairn_procinfo info;
};

void proc_init(void);
struct proc *proc_get(word_t pid);
struct proc *proc_by_name(const char *name);
struct proc *proc_next(word_t from_pid);

/*
 * Start bin/<prog> with argc arguments: returns the process, or NULL with
 * a one-line reason in why.
 */
struct proc *proc_spawn(const char *prog, int argc, const char *const *argv,
			word_t parent, char *why, size_t whylen);

/*
 * Start the program whose ELF file (size bytes) is at file, a copy of a
 * file on the disk that parent read into a region: as proc_spawn, but
 * its manifest may have only what boot.conf allows '*', and it is never
 * restarted (init keeps no copy of the file).
 */
struct proc *proc_spawn_file(const char *prog, const uint8_t *file, size_t size,
			     int argc, const char *const *argv, word_t parent,
			     char *why, size_t whylen);

/* Start it again from its file, same pid and arguments; 0 or -1. */
int proc_restart(struct proc *p, char *why, size_t whylen);

/* Stop it and take back every resource; the entry stays for its status. */
void proc_reap(struct proc *p);
/* Forget the entry. */
void proc_forget(struct proc *p);

/* Pieces of the loader, for ktest.c. */
void proc_scratch_init(void);
struct proc *proc_alloc(word_t parent); /* a new entry and pid */
void proc_discard(struct proc *p);	/* release and forget */
cptr_t proc_page(struct proc *p, word_t vaddr, word_t rights);
int proc_load_image(struct proc *p, const uint8_t *file, size_t size,
		    const struct elf_image *img, word_t *entry, char *why,
		    size_t whylen);
int proc_fill(cptr_t f, const void *data, size_t n); /* write a frame */

/* ktest.c: the kernel tests, the benchmarks or the system-call fuzzer
 * (bin/ktest, bin/bench, bin/sysfuzz), in place (the shell's `test`,
 * `bench` and `fuzz`); args follow "inplace <init> <serial>".  Only the
 * fuzzer is unprivileged: no IRQ, I/O port or debug capability. */
struct proc *ktest_start(const char *name, const char *args, bool privileged,
			 word_t parent, char *why, size_t whylen);

/* One object made from p's block, its capability in p's slots of init. */
cptr_t proc_make(struct proc *p, word_t type, word_t size);

/* count objects made from p's block into cnode at index. */
int proc_make_in(struct proc *p, word_t type, word_t size, cptr_t cnode,
		 cptr_t index, word_t count);

/* Map frame f at vaddr in p's address space (tables from p's block). */
int proc_map(struct proc *p, cptr_t f, word_t vaddr, word_t rights);

/* mmio.c: a frame of device memory at phys, into init's slot. */
int mmio_frame(word_t phys, cptr_t slot);
bool mmio_uses(cptr_t device_untyped); /* split for mmio grants? */

/* dma.c: MR0 a PCI requester, MR1 bytes -> MR0 address, MR1 bus address,
 * MR2 size: contiguous memory for a device, from p's quota. */
word_t dma_alloc(struct proc *p, struct cairn_msg *m);

/*
 * pcidev.c: the PCI table (docs/pci.md, "Grants").  pcidev_call answers
 * PCI_CONFIG, PCI_DEVICE and PCI_READY (the pci service's: its manifest
 * says pciconfig).  pcidev_grant gives p the function its `pci` lines
 * match, at *slot on: 0, or -1 with why (pcidev_defer then says whether
 * the refusal was for want of the table, and keeps boot.conf's start
 * index to run when it comes).  pcidev_release gives back pid's claims;
 * pcidev_may_dma says whether pid may have DMA memory for requester.
 */
word_t pcidev_call(struct proc *p, struct cairn_msg *m, word_t *len);
int pcidev_grant(struct proc *p, cptr_t *slot, char *why, size_t whylen);
bool pcidev_defer(int start);
void pcidev_release(word_t pid);
bool pcidev_may_dma(word_t pid, word_t requester);
void pcidev_describe(const struct cairn_grant *g, char *line, size_t n);

/* shm.c: shared regions. */
word_t shm_create(struct proc *p, struct cairn_msg *m, cptr_t *cap);
word_t shm_map(word_t id, word_t pid, struct cairn_msg *m);
void shm_forget(word_t pid);
/*
 * Map region id read-only into init's view window, if pid created it
 * (one at a time): its address and *size (at most 2 MiB), or NULL.
 * shm_unview takes it away again.
 */
const uint8_t *shm_view(word_t id, word_t pid, word_t *size);
void shm_unview(void);

/* grant.c: read and check its manifest; give what it declares. */
int load_manifest(struct proc *p, const char *prog, const uint8_t *file,
		  size_t size, char *why, size_t whylen);
/* The name boot.conf's rules know p by: "*" for a program of the disk's,
 * which has only what every program may have. */
const char *proc_rule_name(const struct proc *p);
int grant_all(struct proc *p, char *why, size_t whylen);

/* Grow its heap by bytes: the new memory's address, or 0. */
word_t proc_morecore(struct proc *p, word_t bytes);

/* The supervisor: p faulted with the fault message m. */
void super_fault(struct proc *p, const struct cairn_msg *m);
void super_init(void);	     /* the notification that wakes init */
cptr_t super_wake_cap(void); /* it, for the timer service */
void super_due(void);	     /* restart what has waited long enough */
/*
 * Kill p, which is running, by its restart policy: with none it ends (0);
 * with one it is stopped and started again after *delay_ms (1); if the
 * policy would give up on it instead, it is left running and why says
 * so (-1).
 */
int super_kill(struct proc *p, word_t *delay_ms, char *why, size_t whylen);
/* A process exited or was killed: tell whoever waits. */
void proc_exited(struct proc *p, word_t status);

/* main.c */
void boot_start(void);
void boot_start_one(int i); /* boot.conf's i-th start line */
_Noreturn void serve(void);

/* The boot configuration (etc/boot.conf), parsed. */
extern struct bootconf bootconf;

#endif
