/*
 * init's protocol: the calls every process makes on CAIRN_PROC_INIT (its
 * endpoint to init, badged with its pid), the words each carries and
 * answers, and the client stubs (init.c, linked into every process).
 * init's side is services/init/serve.c.  Every answer's label is a
 * status (CAIRN_OK or a CAIRN_E_*); docs/services.md has the table.
 */
#ifndef CAIRN_PROTO_INIT_H
#define CAIRN_PROTO_INIT_H

#include "cairn.h"

enum cairn_init_call {
	CAIRN_INIT_EXIT = 1,	  /* MR0 status; no answer */
	CAIRN_INIT_MORECORE = 2,  /* MR0 bytes -> MR0 address */
	CAIRN_INIT_SPAWN = 3,	  /* MR0 flags, MR1 length, bytes
				     "prog\0arg\0..." -> pid */
	CAIRN_INIT_KILL = 4,	  /* MR0 pid -> MR0 outcome (below) */
	CAIRN_INIT_WAIT = 5,	  /* MR0 pid -> MR0 exit status */
	CAIRN_INIT_PS = 6,	  /* MR0 from pid -> a process (below) */
	CAIRN_INIT_MEM = 7,	  /* -> struct cairn_mem_info */
	CAIRN_INIT_CAPS = 8,	  /* MR0 pid, MR1 index -> a capability */
	CAIRN_INIT_LS = 9,	  /* MR0 index -> size, name bytes */
	CAIRN_INIT_READ = 10,	  /* MR0 offset, MR1 length, path -> bytes */
	CAIRN_INIT_POWEROFF = 11, /* MR0 status */
	CAIRN_INIT_REBOOT = 12,
	CAIRN_INIT_LOG = 13,	    /* MR0 level (0-3) */
	CAIRN_INIT_CRASH = 14,	    /* MR0 length, name: make it fault */
	CAIRN_INIT_TEST = 15,	    /* start the kernel tests in place -> pid */
	CAIRN_INIT_SHM_CREATE = 16, /* MR0 bytes -> MR0 address, MR1 size,
				       and the region capability */
	CAIRN_INIT_MAKE = 17,	    /* MR0 type (endpoint, notification, reply),
				       MR1 a free slot of the caller's CNode:
				       made from the caller's quota */
	CAIRN_INIT_BENCH = 18,	    /* start the benchmarks in place -> pid */
	CAIRN_INIT_FUZZ = 19,	    /* MR0 calls, MR1 seed (0: from the TSC):
				       start the system-call fuzzer -> pid */
	CAIRN_INIT_BOOT_TIMES = 20, /* -> TSC at the kernel's entry, at
				       init's start, and its frequency */
	CAIRN_INIT_DMA_ALLOC = 21,  /* MR0 PCI requester, MR1 bytes -> MR0
				       address, MR1 bus address, MR2 size */
	CAIRN_INIT_PCI_CONFIG = 22, /* pciconfig only: MR0 bus << 8 | dev <<
				       3 | fn -> MR0 where its 4 KiB of ECAM
				       are mapped, MR1-2 ECAM's first and last
				       bus, MR3 devices init has already */
	CAIRN_INIT_PCI_DEVICE = 23, /* pciconfig only: one function for the
				       table (struct cairn_pci_entry's
				       words) */
	CAIRN_INIT_PCI_READY = 24,  /* pciconfig only: the table is whole */
	CAIRN_INIT_SHM_MAP = 25,    /* a region's capability sent along ->
				       MR0 address, MR1 size: mapped here */
	CAIRN_INIT_NCALLS = 26,	    /* one past the last */
};

/*
 * A function of the PCI table as the pci service gives it to init
 * (CAIRN_INIT_PCI_DEVICE): CAIRN_PCI_LIST's four words (proto/pci.h),
 * then a word of BAR kinds (byte i: bits 0-2 the index, 3-5 the kind,
 * enum pci_bar_kind, bit 6 prefetchable), then each BAR's base and size.
 */
#define CAIRN_PCI_ENTRY_WORDS (4 + 1 + 2 * 6)

/* On a region capability, your CAIRN_PROC_INIT capability sent along
 * (init learns who asks): MAP it here -> MR0 address, MR1 size; SPAWN
 * the program whose ELF file is at the start of your own region (MR0
 * flags, MR1 the arguments' length, MR2 the file's bytes, the arguments
 * from MR3) -> MR0 pid, as CAIRN_INIT_SPAWN. */
enum cairn_region_call {
	CAIRN_REGION_MAP = 1,
	CAIRN_REGION_SPAWN = 2,
};

/* CAIRN_INIT_SPAWN flags: nobody will wait; its status is not kept. */
#define CAIRN_SPAWN_DETACHED 1

/* A refusal's reason (SPAWN, KILL, TEST...): MR0 length, then the text,
 * at most this many bytes. */
#define CAIRN_INIT_WHY_MAX 96

/*
 * CAIRN_INIT_KILL answers CAIRN_OK with MR0 what happened: the process
 * ended, or (a service with a restart policy) it was stopped and its
 * supervisor starts it again after MR1 ms.  A kill that would lose a
 * service (its policy would give up) is refused: CAIRN_E_IN_USE, with
 * the reason as text.
 */
enum cairn_kill_outcome {
	CAIRN_KILL_ENDED = 0,
	CAIRN_KILL_RESTARTING = 1,
};

/* CAIRN_INIT_PS answer: MR0 pid, MR1 state, MR2 bytes used, MR3 quota,
 * MR4 restarts, MR5 capabilities, MR6-7 name. */
enum cairn_proc_state {
	CAIRN_PS_RUNNING = 1,
	CAIRN_PS_EXITED = 2,  /* waiting to be collected */
	CAIRN_PS_CRASHED = 3, /* stopped after a fault, given up */
	CAIRN_PS_BACKOFF = 4, /* crashed, restarting after a delay */
};

struct cairn_ps_entry {
	word_t pid, state, used, quota, restarts, caps;
	char name[16];
};

/* CAIRN_INIT_MEM answer, in bytes: RAM in all, free, init's, the
 * processes' blocks; then what is resident (kernel, init, processes'
 * objects) and the initramfs's files. */
struct cairn_mem_info {
	word_t total, free, init, procs;
	word_t res_kernel, res_init, res_procs, files;
};

/* The most bytes one CAIRN_INIT_READ answers. */
#define CAIRN_INIT_READ_MAX 480

/*
 * The client stubs.  Each returns 0 (CAIRN_OK) or a CAIRN_E_* status,
 * unless it says otherwise.
 */

/* Any call: the status (the transfer's, else the answer's label) and
 * the answer in m. */
int cairn_init_call(word_t label, word_t len, struct cairn_msg *m);

/* Start a program with arguments (argv[0] its name): pid, or -status;
 * why gets init's reason on failure; flags: CAIRN_SPAWN_DETACHED. */
long cairn_spawn(int argc, const char *const *argv, word_t flags, char *why,
		 size_t len);
/* Wait for a child: its exit status, or -status. */
long cairn_wait_pid(word_t pid);

/* Kill pid: *outcome and *delay_ms (enum cairn_kill_outcome); refused,
 * why gets the reason (may be empty). */
int cairn_init_kill(word_t pid, word_t *outcome, word_t *delay_ms, char *why,
		    size_t len);

/* The first process with a pid >= from. */
int cairn_init_ps(word_t from, struct cairn_ps_entry *e);
/* Is process pid running, or waiting to be started again?  1 or 0. */
int cairn_init_alive(word_t pid);
/* Is a process named name running (or about to be again)?  1 or 0.
 * A call to a service's endpoint nobody serves would wait for ever; one
 * to a service still starting waits until it serves. */
int cairn_init_running(const char *name);
int cairn_init_mem(struct cairn_mem_info *mi);
/* Capability i of pid: its slot (0: device memory, mapped) and what. */
int cairn_init_caps(word_t pid, word_t i, word_t *slot, char what[65]);
/* File i of the initramfs: its size and name. */
int cairn_init_ls(word_t i, word_t *size, char name[129]);
/* Up to n bytes (at most CAIRN_INIT_READ_MAX) of path at off: how many
 * (0 at its end), or -status. */
long cairn_init_read(const char *path, word_t off, char *buf, size_t n);
int cairn_init_log(word_t level);
int cairn_init_crash(const char *service);
/* TEST, BENCH or FUZZ (args: calls and seed, or NULL): the pid to wait
 * for; why gets the reason on failure. */
int cairn_init_suite(word_t label, const word_t *args, word_t *pid, char *why,
		     size_t len);
int cairn_init_poweroff(word_t status);
int cairn_init_reboot(void);
/* TSC at the kernel's entry, at init's start; the TSC's frequency. */
int cairn_init_boot_times(word_t *kernel, word_t *init, word_t *hz);

/* Heap memory: the address of n more bytes, or 0. */
word_t cairn_init_morecore(word_t n);

/* An endpoint, notification or reply object made for this process by
 * init, from its quota: the slot it is in, or 0 (the status in *st). */
cptr_t cairn_make(word_t type, int *st);

/*
 * DMA memory (docs/services.md): bytes (at most 1 MiB a call) of
 * physically contiguous memory from this process's quota, mapped here at
 * *addr, for the PCI function requester (bus << 8 | device << 3 |
 * function); *bus is the address its device uses, *size the bytes given.
 */
struct cairn_dma {
	word_t addr, bus, size;
};
int cairn_dma_alloc(word_t requester, word_t bytes, struct cairn_dma *d);

/*
 * Shared regions (docs/services.md): make one of bytes, mapped here; its
 * capability lands in slot.  Map one given to you (its capability).
 * Both give the region's address and size.
 */
int cairn_shm_create(word_t bytes, cptr_t slot, word_t *addr, word_t *size);
int cairn_shm_map(cptr_t region, word_t *addr, word_t *size);

/*
 * A client's region with a service (the fs and socket stubs'): ep the
 * service's endpoint; the rest is cairn_region_attach's.
 */
struct cairn_client_region {
	cptr_t ep, region;
	word_t addr, size;
	int broken; /* -EPERM for ever: no "receive" in the manifest */
};

/*
 * Hand r's region to its service with label (its ATTACH), making the
 * region (bytes) the first time.  A call that meets the service's death
 * is made again, up to tries times.  0; or -errno: -EPERM (the process
 * cannot receive the region's capability), -ENOMEM, -EIO, or the
 * service's own refusal (a negative MR0).
 */
int cairn_region_attach(struct cairn_client_region *r, word_t label,
			word_t bytes, int tries);

/*
 * Start a program from a file the caller read into its own region (the
 * disk's programs: `run /disk/bin/<name>`): its first size bytes are the
 * ELF file, argv[0] its path, whose last part its manifest must name.
 * As cairn_spawn: the pid, or minus a status with the reason in why.  It
 * may have only what boot.conf allows '*', and is never restarted.
 */
long cairn_spawn_file(cptr_t region, word_t size, int argc,
		      const char *const *argv, word_t flags, char *why,
		      size_t len);

_Noreturn void cairn_proc_exit(int status);

#endif
