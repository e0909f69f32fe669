/*
 * posix: the Linux personality (docs/posix.md).  A Linux program's
 * `syscall` is an unknown system call to Cairn; its thread's fault
 * handler is this server, which answers it with Linux's ABI.  A Linux
 * process holds no capability: the server owns its address space, its
 * thread and its memory, and acts for it.
 */
#ifndef CAIRN_POSIX_H
#define CAIRN_POSIX_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn.h"

#define POSIX_MAX_PROCS 16
#define POSIX_MAX_PAGES 2048 /* pages a process may have (a power of 2) */
#define POSIX_PRIO	90   /* its threads: below the server's 100 */

/* A fault message's badge: the process's index, with this bit. */
#define POSIX_FAULT_BADGE (1ull << 62)

/*
 * Addresses.  A Linux process's address space is its own (private), at
 * Linux's addresses; the server sees each page of it again in its own
 * private window (the mirror) at MIRROR_BASE + the frame's slot * 4 KiB.
 */
#define PAGE		 4096ull
#define MIRROR_BASE	 0x8000000000ull   /* 512 GiB, below the global band */
#define LINUX_STACK_TOP	 0x7ffffffff000ull /* Linux's TASK_SIZE */
#define LINUX_STACK_SIZE (256ull << 10)	   /* mapped at the start */
#define LINUX_MMAP_TOP	 0x7fff00000000ull /* mmap grows down from here */
#define LINUX_PIE_BASE	 0x555555554000ull /* ET_DYN: Linux's ELF_ET_DYN_BASE */
#define LINUX_BRK_MAX	 (64ull << 20)	   /* brk may grow this far */
#define LINUX_TOP	 0x800000000000ull /* the user half's end */

/* Rights of a page, as Linux's PROT_ bits. */
#define PROT_R 1
#define PROT_W 2
#define PROT_X 4

/* One page of a process: where, which frame (its slot), with what. */
struct lpage {
	word_t va;     /* 0: a free entry */
	cptr_t frame;  /* the server's frame (mapped in the mirror) */
	cptr_t copy;   /* the copy mapped in the process */
	unsigned prot; /* PROT_ bits */
};

enum lproc_state { LP_FREE, LP_RUNNING, LP_ZOMBIE };

struct lproc {
	int state; /* enum lproc_state */
	word_t pid, ppid;
	char name[16];
	cptr_t tcb, vspace;   /* kept for the slot's next process */
	word_t owner;	      /* the Cairn pid that started it */
	cptr_t waiter;	      /* a kept reply (its owner's WAIT), or 0 */
	word_t status;	      /* wait status, once a zombie */
	word_t brk_base, brk; /* the heap: [brk_base, brk) */
	word_t mmap_next;     /* anonymous mappings grow down from here */
	word_t fs_base;
	unsigned npages;
	struct lpage pages[POSIX_MAX_PAGES]; /* open addressing by va */
};

extern struct lproc procs[POSIX_MAX_PROCS];

/* Linux's errors, negated as system calls return them. */
#define LX_EPERM   1
#define LX_ENOENT  2
#define LX_ESRCH   3
#define LX_EINTR   4
#define LX_EIO	   5
#define LX_E2BIG   7
#define LX_ENOEXEC 8
#define LX_EBADF   9
#define LX_ECHILD  10
#define LX_EAGAIN  11
#define LX_ENOMEM  12
#define LX_EACCES  13
#define LX_EFAULT  14
#define LX_ENODEV  19
#define LX_EINVAL  22
#define LX_ENOTTY  25
#define LX_ENOSYS  38

/* A handler's answer when the caller must not be answered now. */
#define SYS_NO_REPLY (~0ull)

/* mem.c: the server's memory and the processes' pages; its own TCB
 * (the authority to set its threads' priorities). */
extern cptr_t posix_own_tcb;
int mem_init(void);
cptr_t mem_object(word_t type, word_t size);		/* 0 if none is left */
int mem_map(struct lproc *p, word_t va, unsigned prot); /* a zeroed page */
void *mem_page(struct lproc *p, word_t va, bool write); /* its mirror */
int mem_unmap(struct lproc *p, word_t va);
int mem_protect(struct lproc *p, word_t va, unsigned prot); /* remap */
void mem_release(struct lproc *p); /* every page, back to the pool */
long copy_in(struct lproc *p, void *dst, word_t va, word_t n);
long copy_out(struct lproc *p, word_t va, const void *src, word_t n);
long copy_string(struct lproc *p, char *dst, word_t va, word_t max);

/* load.c: an ELF file into p, and its first stack; 0 or -errno. */
int load_linux(struct lproc *p, const char *path, int argc,
	       const char *const *argv, word_t *entry, word_t *sp);

/* proc.c: the process table. */
struct lproc *proc_new(word_t owner, const char *name);
int proc_start(struct lproc *p, word_t entry, word_t sp);
void proc_exit(struct lproc *p, word_t status);
void proc_free(struct lproc *p);
struct lproc *proc_find(word_t pid);

/* main.c: the endpoint served; answer a kept caller. */
extern cptr_t posix_endpoint;
void posix_answer(cptr_t reply, word_t status, word_t len, struct cairn_msg *m);

/* sys.c: one Linux system call of p's: its result, or SYS_NO_REPLY. */
word_t sys_call(struct lproc *p, word_t nr, const word_t *args);
void sys_log_unknown(word_t nr);

/* The per-arch table (arch/<arch>/systab.c). */
typedef word_t (*sys_fn)(struct lproc *p, const word_t *a);
#define SYS_MAX 512
extern const sys_fn systab[SYS_MAX];
extern const char *const sysname[SYS_MAX];

#endif
