/*
 * posix: the Linux personality (docs/posix.md).  A Linux program's
 * `syscall` is an unknown system call to Cairn; its thread's fault
 * handler is this server, which answers it with Linux's ABI.  A Linux
 * process holds no capability: the server owns its address space, its
 * thread and its memory, and acts for it.
 */
#ifndef CAIRN_POSIX_H
#define CAIRN_POSIX_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "cairn.h"

#define POSIX_MAX_PROCS	 16
#define POSIX_MAX_PAGES	 8192 /* pages a process may have: all the memory */
#define POSIX_PRIO	 90   /* its threads: below the server's 100 */
#define POSIX_MAX_FDS	 64   /* descriptors per process */
#define POSIX_CWD_MAX	 1024
#define POSIX_MAX_GROUPS 32 /* supplementary groups a process has */

/* A fault message's badge: the process's index, with this bit. */
#define POSIX_FAULT_BADGE (1ull << 62)

/*
 * Addresses.  A Linux process's address space is its own (private), at
 * Linux's addresses; the server sees each page of it again in its own
 * private window (the mirror) at MIRROR_BASE + the frame's slot * 4 KiB.
 */
#define PAGE		4096ull
#define MIRROR_BASE	0x8000000000ull	  /* 512 GiB, below the global band */
#define LINUX_STACK_TOP 0x7ffffffff000ull /* Linux's TASK_SIZE */
#define LINUX_STACK_MAX (8ull << 20)	  /* grows on faults to this */
#define LINUX_MMAP_TOP	0x7fff00000000ull /* mmap grows down from here */
#define LINUX_PIE_BASE	0x555555554000ull /* ET_DYN: Linux's ELF_ET_DYN_BASE */
#define LINUX_BRK_MAX	(64ull << 20)	  /* brk may grow this far */
#define LINUX_TOP	0x800000000000ull /* the user half's end */

/* Rights of a page, as Linux's PROT_ bits. */
#define PROT_R 1
#define PROT_W 2
#define PROT_X 4

/*
 * One page of a process: where, which frame (its slot), with what.  A
 * page whose frame fork shared is copy on write: mapped without write
 * whatever its prot, until a write (the process's fault, or the server's
 * own copy_out) gives it a frame of its own, or the frame itself once
 * no other process has it.  A page of a MAP_SHARED mapping is never copy
 * on write: fork gives the child the frame itself, and each process's
 * writes reach the other.
 */
struct lpage {
	word_t va;     /* 0: a free entry */
	cptr_t frame;  /* the server's frame (mapped in the mirror) */
	cptr_t copy;   /* the copy mapped in the process */
	unsigned prot; /* PROT_ bits: Linux's rights, PROT_W kept when cow */
	bool cow;      /* the frame may be shared: mapped without write */
	bool shared;   /* MAP_SHARED: fork shares it, never cow */
};

enum lproc_state { LP_FREE, LP_RUNNING, LP_ZOMBIE };

/* A signal's action, in Linux's layout for rt_sigaction. */
struct lx_sigaction {
	word_t handler; /* SIG_DFL 0, SIG_IGN 1, or the function */
	word_t flags;	/* SA_ */
	word_t restorer;
	uint64_t mask;
};
#define LX_SIG_DFL 0
#define LX_SIG_IGN 1

/* Where a pending signal came from, for its siginfo. */
struct sigsource {
	int32_t code; /* SI_USER 0, SI_KERNEL 0x80, CLD_ */
	int32_t pid, status;
};

struct ofile;

struct lproc {
	int state; /* enum lproc_state */
	word_t pid, ppid;
	char name[16];		 /* prctl's PR_SET_NAME */
	char exe[POSIX_CWD_MAX]; /* its file, Linux's path: /proc/self/exe */
	cptr_t tcb, vspace;	 /* kept for the slot's next process */
	word_t owner;		 /* the Cairn pid that started it; 0: forked */
	cptr_t waiter;		 /* a kept reply (its owner's WAIT), or 0 */
	word_t pgid, sid;	 /* its process group and session */
	uint32_t uid[3], gid[3]; /* real, effective, saved (ids.c) */
	uint32_t groups[POSIX_MAX_GROUPS];
	unsigned ngroups;
	cptr_t wait_reply;  /* held in wait4: its reply, or 0 */
	word_t wait_pid;    /* wait4's pid argument */
	word_t wait_va;	    /* where wait4 puts the status, or 0 */
	word_t wait_ru;	    /* where it puts the resource use, or 0 */
	word_t wait_opts;   /* and its options (WUNTRACED...) */
	cptr_t pause_reply; /* held in pause: its reply, or 0 */
	word_t status;	    /* wait status, once a zombie */
	/* Signals (signal.c): bit sig - 1 of each mask. */
	struct lx_sigaction sa[64];
	struct sigsource src[64];
	uint64_t sig_blocked, sig_pending;
	uint64_t suspend_mask;	 /* rt_sigsuspend's caller's own mask */
	bool suspended;		 /* held in rt_sigsuspend */
	bool stopped;		 /* by SIGSTOP, SIGTSTP... until SIGCONT */
	int wait_event;		 /* CLD_STOPPED or CLD_CONTINUED to report */
	int stop_sig;		 /* what stopped it */
	bool raw_result;	 /* answer the result even if SYS_NO_REPLY */
	word_t call_nr;		 /* the call being made */
	word_t alt_sp, alt_size; /* sigaltstack's stack */
	uint64_t alarm_at;	 /* SIGALRM then (ns since boot), or 0 */
	uint64_t alarm_every;	 /* and again each this many ns, or 0 */
	int alt_flags;		 /* SS_DISABLE... */
	word_t brk_base, brk;	 /* the heap: [brk_base, brk) */
	word_t mmap_next;	 /* anonymous mappings grow down from here */
	word_t fs_base;
	word_t arg_start, arg_end; /* argv's strings on its stack (/proc) */
	uint64_t start_ns;	   /* when it was made (ns since boot) */
	struct ofile *fd[POSIX_MAX_FDS]; /* files.h */
	uint64_t cloexec;		 /* bit fd: FD_CLOEXEC */
	unsigned umask;
	char cwd[POSIX_CWD_MAX];  /* absolute, the disk's */
	char root[POSIX_CWD_MAX]; /* chroot's: the disk's path; "": "/" */
	/* Its pages: open addressing by va, cap entries (a power of 2, at
	 * least twice npages: mem.c grows it). */
	unsigned npages, cap;
	struct lpage *pages;
};

/* The process table, from the heap (proc_init). */
extern struct lproc *procs;

/* Linux's errors: the libc's errno values are Linux's own
 * (lib/libc/include/errno.h), negated as system calls return them. */
_Static_assert(EFAULT == 14 && ENOSYS == 38 && ENOEXEC == 8,
	       "the libc's errno values are Linux's");

/* A handler's answer when the caller must not be answered now: no call
 * returns it (errors are -1 to -4095, addresses below 2^47). */
#define SYS_NO_REPLY (1ull << 63)

/* mem.c: the server's memory and the processes' pages; its own TCB
 * (the authority to set its threads' priorities). */
extern cptr_t posix_own_tcb;
int mem_init(void);
int mem_tables(void); /* each process's table of pages: 0 or -ENOMEM */
cptr_t mem_object(word_t type, word_t size); /* 0 if none is left */
/* The memory Linux processes have (the manifest's untyped), and how
 * much of it is not in use (sysinfo). */
#define POSIX_MEMORY (32ull << 20)
void mem_stats(uint64_t *total, uint64_t *free);
int mem_map(struct lproc *p, word_t va, unsigned prot); /* a zeroed page */
/* The server's pointer to p's byte at va (in the mirror), or NULL if p
 * may not access it so; for a write, the page becomes p's own first
 * (copy on write; NULL too if no frame is left). */
void *mem_page(struct lproc *p, word_t va, bool write);
int mem_unmap(struct lproc *p, word_t va);
int mem_protect(struct lproc *p, word_t va, unsigned prot); /* remap */
bool mem_mapped(struct lproc *p, word_t va);		    /* a page there? */
unsigned mem_prot(struct lproc *p, word_t va);		    /* its PROT_ bits */
int mem_move(struct lproc *p, word_t from, word_t to);	    /* 0 or -ENOMEM */
/* MAP_SHARED: p's page at va (if p has one) becomes shared, so that fork
 * gives the child its frame, not a copy on write; is p's page so? */
void mem_share(struct lproc *p, word_t va);
bool mem_shared(struct lproc *p, word_t va);
void mem_release(struct lproc *p); /* every page, back to the pool */
/* fork: to gets every page of from's, each frame shared, copy on write
 * in both (a MAP_SHARED page: shared, and written by both); 0 or
 * -ENOMEM. */
int mem_copy(struct lproc *to, struct lproc *from);
/* May p's n bytes at va be read (or written)?  For calls that must
 * refuse a bad buffer before they change anything (a copy on write is
 * made only by the write itself). */
bool mem_can(struct lproc *p, word_t va, word_t n, bool write);
/* p's page fault at addr (its access bits in code): a write to a page
 * copy on write gets its own page; a fault below the stack, within
 * RLIMIT_STACK, maps the page.  Is the access to be made again (false:
 * a bad access, or no memory for the copy)? */
bool mem_fault(struct lproc *p, word_t addr, word_t code);
/* Linux's access_ok: does [va, va + n) lie in the user half? */
static inline bool
user_range(word_t va, word_t n)
{
	return va + n >= va && va + n <= LINUX_TOP;
}
long copy_in(struct lproc *p, void *dst, word_t va, word_t n);
long copy_out(struct lproc *p, word_t va, const void *src, word_t n);
long copy_string(struct lproc *p, char *dst, word_t va, word_t max);

/* load.c: a program's arguments and environment, as a new stack gets
 * them: at most ARGS_MAX strings of ARGS_BYTES in all (E2BIG). */
#define ARGS_MAX   4096
#define ARGS_BYTES (128u << 10)
struct args {
	int argc, envc;
	size_t nbytes;
	uint32_t off[ARGS_MAX]; /* argv's, then envp's, into bytes */
	char bytes[ARGS_BYTES];
};
/* Add s to the arguments (env: the environment): 0 or -E2BIG. */
int args_add(struct args *a, const char *s, bool env);
/* script.c: open the program at path (the disk's) into x, as exe_open;
 * if it is a "#!" script instead, its interpreter (a script's own, if
 * that is a script too, to five in a chain, then -ELOOP), with path and
 * args made the interpreter's (given: the path execve was given) and
 * *script true.  0 or -errno. */
struct exe;
int exe_or_script(struct lproc *p, char *path, const char *given,
		  struct args *args, struct exe *x, bool *script);

/* ELF64's header (the fields the loader reads; the rest as bytes) and
 * program header. */
struct lx_ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	unsigned char version[4];
	uint64_t entry, phoff;
	unsigned char shoff_flags_ehsize[14];
	uint16_t phentsize, phnum;
	unsigned char sections[6];
};
_Static_assert(sizeof(struct lx_ehdr) == 64, "ELF64's header");

struct lx_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* An executable checked and open (fd, a handle of the disk's). */
#define EXE_MAX_PHDRS 32
struct exe {
	int fd;
	word_t base; /* where it goes: an ET_DYN's LINUX_PIE_BASE, or 0 */
	struct lx_ehdr h;
	struct lx_phdr ph[EXE_MAX_PHDRS];
};
/* Open and check the static ELF executable at path (Linux's): 0 or
 * -errno (ENOENT, EACCES, ENOEXEC...); nothing of a process changes. */
int exe_open(const char *path, struct exe *x);
void exe_close(struct exe *x);
/* Load x into p, whose address space is empty, with a first stack from
 * a: 0 with the entry and stack pointer, or -errno. */
int exe_load(struct lproc *p, const struct exe *x, const struct args *a,
	     word_t *entry, word_t *sp);

/* proc.c: the process table. */
int proc_init(void);
struct lproc *proc_new(word_t owner, const char *name);
int proc_start(struct lproc *p, word_t entry, word_t sp);
void proc_exit(struct lproc *p, word_t status);
void proc_free(struct lproc *p);
void proc_discard(struct lproc *p); /* one that never ran: all of it */
/* Is c one of the children p's wait4 waits for? */
bool wait_matches(const struct lproc *p, const struct lproc *c);
int put_status(struct lproc *p, word_t va, int32_t st, word_t ru);
struct lproc *proc_find(word_t pid);

/*
 * signal.c: send sig to p (from process from, or 0: the server), or to
 * every process of group pgid (how many there were).  SIGCHLD from
 * child c, with its CLD_ code.
 */
void sig_send(struct lproc *p, int sig, word_t from);
int sig_group(word_t pgid, int sig);
/* Job control's sig (SIGTTIN, SIGTTOU) for p, being served, which uses
 * the terminal from the background: unless p ignores or blocks it, sig
 * goes to p's group and p's thread is suspended, so that its call is
 * made again when it goes on (then true). */
bool sig_job(struct lproc *p, int sig);
/* SIGCHLD to parent: child pid stopped, went on or ended (code CLD_),
 * with si_status status. */
void sig_child(struct lproc *parent, word_t pid, int code, int status);
/* Does parent reap its children itself (SIGCHLD ignored, or
 * SA_NOCLDWAIT): no zombies? */
bool sig_reaps(const struct lproc *parent);
/* The process whose call is being served, or NULL. */
extern struct lproc *posix_current;
/* Before answering the current call of p with *r: deliver what may be
 * delivered; false if p is not to be answered (it stopped or ended). */
bool sig_answer(struct lproc *p, word_t *r);
/* Deliver the signals sent to processes other than the current one, once
 * no answer to a Linux thread is still to be sent (after each message,
 * and before that by on_syscall if any are due): they are taken there,
 * never within another's delivery. */
bool sig_due(void);
void sig_flush(void);
/* Has p a signal it may take now? */
bool sig_waiting(const struct lproc *p);
/* A fault that Linux turns into sig, of the current process p: true if
 * a handler takes it (answer the fault to run the handler); false if
 * not (p may have ended already: it could not take it). */
bool sig_fault(struct lproc *p, int sig);
/* A new process's signals; fork's child's; exec's program's. */
void sig_start(struct lproc *p);
void sig_fork(struct lproc *c, const struct lproc *p);
void sig_exec(struct lproc *p);
/* The arch's frames (arch/<arch>/sigframe.c): push sig's frame for
 * handler sa on the stack at sp, over the state regs, with saved_mask,
 * and set regs to run it: 0 or -EFAULT.  Pop the frame rt_sigreturn
 * finds at regs' stack pointer into regs and *mask: 0 or -EFAULT.  Set
 * regs to make call nr again. */
int arch_sig_push(struct lproc *p, word_t *regs, int sig,
		  const struct lx_sigaction *sa, const struct sigsource *src,
		  uint64_t saved_mask, word_t sp);
int arch_sig_pop(struct lproc *p, word_t *regs, uint64_t *mask);
void arch_restart(word_t *regs, word_t nr);
/* proc.c: a held wait4 of parent's answered if child c's stop or
 * continuation is what it waits for. */
void proc_wake_waiter(struct lproc *parent, struct lproc *c);
/* procsys.c: the wait status of c's stop or continuation. */
int32_t proc_event_status(const struct lproc *c);

/* The calls a process may be held in (a kept reply): stop holding p and
 * give the reply, or 0 if it is not held there. */
cptr_t pipe_cancel(struct lproc *p);
cptr_t sleep_cancel(struct lproc *p);
cptr_t tty_cancel(struct lproc *p);
/* tty.c: is there console input a read would take now? */
bool tty_readable(void);
cptr_t sock_cancel(struct lproc *p);

/* sock.c: the poll events of socket f now (POLLIN, POLLOUT, POLLERR,
 * POLLHUP as Linux's, of events and the two always reported). */
int sock_revents(struct ofile *f, int events);
/* sockio.c: the bytes a read of socket f would find now (FIONREAD; a
 * datagram socket's: its next datagram's), or -errno. */
long sock_unread(struct ofile *f);
/* unix.c: an AF_UNIX socket moved (held socket calls to make again);
 * the serve loop's after() clears it. */
extern bool unix_stirred;

/* poll.c: something a held poll or select may wait for moved (a pipe,
 * the console, a socket): they look again. */
void poll_wake(void);

/* ttyin.c: the console's reads.  tty_forget: p has stopped: its held
 * read is dropped (and the session ends with the program a Cairn one
 * started).  tty_readable (above): would a read of the console be
 * answered now? */
void tty_forget(struct lproc *p);

/* main.c: the endpoint served; answer a kept caller. */
extern cptr_t posix_endpoint;
void posix_answer(cptr_t reply, word_t status, word_t len, struct cairn_msg *m);
/* Keep the caller's reply object, to answer later: it, or 0. */
cptr_t posix_keep(void);

/* sys.c: one Linux system call of p's: its result, or SYS_NO_REPLY. */
word_t sys_call(struct lproc *p, word_t nr, const word_t *args);
void sys_log_unknown(word_t nr);

/* The per-arch table (arch/<arch>/systab.c). */
typedef word_t (*sys_fn)(struct lproc *p, const word_t *a);
#define SYS_MAX 512
extern const sys_fn systab[SYS_MAX];
extern const char *const sysname[SYS_MAX];

#endif
