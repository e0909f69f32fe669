/*
 * The protocols of Cairn's services: the labels of the calls each
 * accepts and the words they carry (docs/services.md).
 */
#ifndef CAIRN_SERVICE_H
#define CAIRN_SERVICE_H

/* init, on CAIRN_PROC_INIT (badged with the caller's pid). */
enum cairn_init_call {
	CAIRN_INIT_EXIT = 1,	  /* MR0 status; no answer */
	CAIRN_INIT_MORECORE = 2,  /* MR0 bytes -> MR0 address */
	CAIRN_INIT_SPAWN = 3,	  /* MR0 flags, MR1 length, bytes
				     "prog\0arg\0..." -> pid */
	CAIRN_INIT_KILL = 4,	  /* MR0 pid */
	CAIRN_INIT_WAIT = 5,	  /* MR0 pid -> MR0 exit status */
	CAIRN_INIT_PS = 6,	  /* MR0 from pid -> a process (below) */
	CAIRN_INIT_MEM = 7,	  /* -> total, free, init's, processes' */
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
	CAIRN_INIT_BOOT_TIMES = 20, /* -> TSC at the kernel's entry, at
				       init's start, and its frequency */
	CAIRN_INIT_FUZZ = 19,	    /* MR0 calls, MR1 seed (0: from the TSC):
				       start the system-call fuzzer -> pid */
};

/* On a region capability: map it here (send your CAIRN_PROC_INIT
 * capability along) -> MR0 address, MR1 size. */
enum cairn_region_call {
	CAIRN_REGION_MAP = 1,
};

/* CAIRN_INIT_SPAWN flags: nobody will wait; its status is not kept. */
#define CAIRN_SPAWN_DETACHED 1

/* CAIRN_INIT_PS answer: MR0 pid, MR1 state, MR2 bytes used, MR3 quota,
 * MR4 restarts, MR5 capabilities, MR6-7 name. */
enum cairn_proc_state {
	CAIRN_PS_RUNNING = 1,
	CAIRN_PS_EXITED = 2,  /* waiting to be collected */
	CAIRN_PS_CRASHED = 3, /* stopped after a fault, given up */
	CAIRN_PS_BACKOFF = 4, /* crashed, restarting after a delay */
};

/* The serial driver's endpoint ("serial"). */
enum cairn_serial_call {
	CAIRN_SERIAL_WRITE = 1, /* MR0 bytes (<= 496), MR1... 8 a word */
	CAIRN_SERIAL_READ = 2,	/* MR0 most -> MR0 n >= 1, MR1... bytes */
};

#define CAIRN_SERIAL_MAX_WRITE 496

/* The timer service's endpoint ("timer"); timers are the caller's own. */
enum cairn_timer_call {
	CAIRN_TIMER_NOW = 1,	/* -> MR0 nanoseconds since boot */
	CAIRN_TIMER_SLEEP = 2,	/* MR0 nanoseconds */
	CAIRN_TIMER_ARM = 3,	/* MR0 id, MR1 ns, MR2 period ns (0: once) */
	CAIRN_TIMER_WAIT = 4,	/* MR0 id -> MR0 expiries since last waited */
	CAIRN_TIMER_CANCEL = 5, /* MR0 id */
	CAIRN_TIMER_WAKE_INIT = 6, /* init only (badge 0), a send: MR0 ns,
				      then init's notification is signalled */
};

#endif
