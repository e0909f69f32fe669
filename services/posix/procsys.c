/*
 * procsys: the calls that make, change and end processes: fork, vfork
 * and clone without threads, execve, wait4, kill, and the process
 * groups and sessions.  fork shares the address space copy on write
 * (mem.c, mem_copy).
 */
#include <string.h>

#include "files.h"
#include "procfs.h"
#include "procrt.h"
#include "sysdefs.h"

/* clone's flags that this server knows. */
#define LX_CLONE_VM		0x100
#define LX_CLONE_FS		0x200
#define LX_CLONE_FILES		0x400
#define LX_CLONE_SIGHAND	0x800
#define LX_CLONE_VFORK		0x4000
#define LX_CLONE_THREAD		0x10000
#define LX_CLONE_SETTLS		0x80000
#define LX_CLONE_PARENT_SETTID	0x100000
#define LX_CLONE_CHILD_CLEARTID 0x200000
#define LX_CLONE_CHILD_SETTID	0x1000000

/*
 * A copy of p, running from the same place with rax 0; stack and tls
 * (nonzero) replace its stack pointer and FS base.  The child, or NULL
 * with *err.
 */
static struct lproc *
copy_process(struct lproc *p, word_t stack, word_t tls, int *err)
{
	word_t regs[CAIRN_REG_COUNT];
	struct lproc *c = proc_new(0, p->name);

	*err = c == NULL ? -EAGAIN : 0;
	if (c == NULL) {
		return NULL;
	}
	c->ppid = p->pid;
	c->pgid = p->pgid;
	memcpy(c->uid, p->uid, sizeof(c->uid));
	memcpy(c->gid, p->gid, sizeof(c->gid));
	memcpy(c->groups, p->groups, sizeof(c->groups));
	c->ngroups = p->ngroups;
	c->sid = p->sid;
	c->brk_base = p->brk_base;
	c->brk = p->brk;
	c->mmap_next = p->mmap_next;
	c->arg_start = p->arg_start;
	c->arg_end = p->arg_end;
	c->umask = p->umask;
	c->cloexec = p->cloexec;
	strcpy(c->cwd, p->cwd);
	strcpy(c->root, p->root);
	strcpy(c->exe, p->exe);
	for (int i = 0; i < POSIX_MAX_FDS; i++) {
		c->fd[i] = p->fd[i];
		if (c->fd[i] != NULL) {
			ofile_ref(c->fd[i]);
		}
	}
	sig_fork(c, p);
	*err = mem_copy(c, p);
	if (*err == 0 && cairn_tcb_read_registers(p->tcb, CAIRN_REG_COUNT,
						  regs) != CAIRN_OK) {
		*err = -EAGAIN;
	}
	if (*err != 0) {
		proc_discard(c);
		return NULL;
	}
	regs[CAIRN_REG_RAX] = 0;
	if (stack != 0) {
		regs[CAIRN_REG_SP] = stack;
	}
	c->fs_base = tls != 0 ? tls : p->fs_base;
	regs[CAIRN_REG_FS_BASE] = c->fs_base;
	cairn_tcb_set_name(c->tcb, c->name);
	cairn_tcb_set_priority(c->tcb, posix_own_tcb, POSIX_PRIO);
	if (cairn_tcb_write_registers(c->tcb, 1, CAIRN_REG_COUNT, regs) !=
	    CAIRN_OK) {
		proc_discard(c);
		*err = -EAGAIN;
		return NULL;
	}
	return c;
}

SYS(fork)
{
	int err;
	struct lproc *c = copy_process(p, 0, 0, &err);

	(void)a;
	return c != NULL ? c->pid : (word_t)err;
}

/*
 * clone(flags, stack, parent_tid, child_tid, tls): a new process only
 * (CLONE_VM only with CLONE_VFORK, as posix_spawn and vfork make it: the
 * child gets a copy, which a child that only execs or exits cannot tell).
 */
SYS(clone)
{
	const word_t known = LX_CLONE_VM | LX_CLONE_VFORK | LX_CLONE_SETTLS |
			     LX_CLONE_PARENT_SETTID | LX_CLONE_CHILD_SETTID |
			     LX_CLONE_CHILD_CLEARTID | 0xff;
	word_t flags = a[0];
	int err;

	if ((flags & ~known) != 0 ||
	    ((flags & LX_CLONE_VM) && !(flags & LX_CLONE_VFORK))) {
		return (word_t)-EINVAL; /* threads: not here */
	}
	struct lproc *c =
	    copy_process(p, a[1], flags & LX_CLONE_SETTLS ? a[4] : 0, &err);
	if (c == NULL) {
		return (word_t)err;
	}
	int32_t tid = (int32_t)c->pid;
	if (flags & LX_CLONE_PARENT_SETTID) {
		copy_out(p, a[2], &tid, sizeof(tid));
	}
	if (flags & LX_CLONE_CHILD_SETTID) {
		copy_out(c, a[3], &tid, sizeof(tid));
	}
	return c->pid;
}

/* wait4's results: the status at va and (zero) resource use at ru,
 * where they are asked for; 0 or -EFAULT. */
int
put_status(struct lproc *p, word_t va, int32_t st, word_t ru)
{
	static const word_t rusage[18];

	if (va != 0 && copy_out(p, va, &st, sizeof(st)) < 0) {
		return -EFAULT;
	}
	if (ru != 0 && copy_out(p, ru, rusage, sizeof(rusage)) < 0) {
		return -EFAULT;
	}
	return 0;
}

bool
wait_matches(const struct lproc *p, const struct lproc *c)
{
	long pid = (int32_t)p->wait_pid; /* a C int */

	return c->ppid == p->pid &&
	       (pid == -1 || (pid > 0 && c->pid == (word_t)pid) ||
		(pid == 0 && c->pgid == p->pgid) ||
		(pid < -1 && c->pgid == (word_t)-pid));
}

int32_t
proc_event_status(const struct lproc *c)
{
	return c->wait_event == LX_CLD_STOPPED ? (c->stop_sig << 8) | 0x7f
					       : 0xffff;
}

SYS(wait4)
{
	bool any = false;
	word_t opts = a[2];

	if (opts & ~(word_t)(LX_WNOHANG | LX_WUNTRACED | LX_WCONTINUED |
			     0xe0000000u)) {
		return (word_t)-EINVAL;
	}
	p->wait_pid = a[0];
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		struct lproc *c = &procs[i];
		if (c->state == LP_FREE || !wait_matches(p, c)) {
			continue;
		}
		any = true;
		if (c->state == LP_ZOMBIE) {
			int32_t st = (int32_t)c->status;
			word_t pid = c->pid;
			/* Linux reaps the child, then finds a bad pointer. */
			proc_free(c);
			return put_status(p, a[1], st, a[3]) < 0
				   ? (word_t)-EFAULT
				   : pid;
		}
		if ((c->wait_event == LX_CLD_STOPPED &&
		     (opts & LX_WUNTRACED)) ||
		    (c->wait_event == LX_CLD_CONTINUED &&
		     (opts & LX_WCONTINUED))) {
			int32_t st = proc_event_status(c);
			c->wait_event = 0;
			return put_status(p, a[1], st, a[3]) < 0
				   ? (word_t)-EFAULT
				   : c->pid;
		}
	}
	if (!any) {
		return (word_t)-ECHILD;
	}
	if (opts & LX_WNOHANG) {
		return 0;
	}
	p->wait_reply = posix_keep();
	p->wait_va = a[1];
	p->wait_ru = a[3];
	p->wait_opts = opts;
	return p->wait_reply != 0 ? SYS_NO_REPLY : (word_t)-EAGAIN;
}

/*
 * execve(path, argv, envp): the point of no return comes after the file
 * is checked and the arguments copied; a load that fails after it ends
 * the process with SIGSEGV, as Linux does.
 */
SYS(execve)
{
	static char path[LX_PATH], given[LX_PATH];
	static struct args args;
	static struct exe x;
	int r = path_at(p, LX_AT_FDCWD, a[0], path);
	word_t entry, sp;
	bool script = false;

	if (r == 0) {
		r = procfs_resolve(p, path,
				   true); /* busybox's /proc/self/exe */
	}
	if (r == 0 && procfs_has(path)) {
		r = -EACCES; /* a file of /proc is no program */
	}
	memset(&args, 0, offsetof(struct args, off));
	for (int k = 0; k < 2 && r == 0; k++) {
		for (word_t i = 0; a[k + 1] != 0 && r == 0; i++) {
			word_t ptr;
			if (copy_in(p, &ptr, a[k + 1] + i * 8, 8) < 0) {
				r = -EFAULT;
				break;
			}
			if (ptr == 0) {
				break;
			}
			/* Each string straight to its place in args: any
			 * length while all of them fit (Linux's limit per
			 * string, 128 KiB, is ARGS_BYTES too). */
			char *at = args.bytes + args.nbytes;
			long n =
			    copy_string(p, at, ptr, ARGS_BYTES - args.nbytes);
			r = n < 0 ? (int)n : args_add(&args, at, k == 1);
		}
	}
	if (r == 0 && copy_string(p, given, a[0], LX_PATH) < 0) {
		r = -EFAULT;
	}
	if (r == 0) {
		/* A "#!" script: path becomes its interpreter's. */
		r = exe_or_script(p, path, given, &args, &x, &script);
	}
	if (r != 0) {
		return (word_t)r;
	}
	/* No return from here on. */
	for (int i = 0; i < POSIX_MAX_FDS; i++) {
		if ((p->cloexec >> i & 1) && p->fd[i] != NULL) {
			ofile_put(p->fd[i]);
			p->fd[i] = NULL;
		}
	}
	p->cloexec = 0;
	sig_exec(p);
	mem_release(p);
	r = exe_load(p, &x, &args, &entry, &sp);
	exe_close(&x);
	if (r != 0) {
		proc_exit(p, 11); /* SIGSEGV */
		return SYS_NO_REPLY;
	}
	strcpy(p->exe, path);
	/* Its name is the file's execve was given: a script's, not its
	 * interpreter's, as Linux has it. */
	const char *base = strrchr(script ? given : path, '/');
	base = base != NULL ? base + 1 : given;
	strncpy(p->name, base, sizeof(p->name) - 1);
	p->name[sizeof(p->name) - 1] = '\0';
	cairn_tcb_set_name(p->tcb, p->name);
	word_t regs[CAIRN_REG_COUNT] = {0};
	regs[CAIRN_REG_IP] = entry;
	regs[CAIRN_REG_SP] = sp;
	p->fs_base = 0;
	cairn_tcb_write_registers(p->tcb, 0, CAIRN_REG_COUNT, regs);
	return 0; /* the answer sets rax: 0, as Linux starts a program */
}

SYS(kill)
{
	long pid = (int32_t)a[0]; /* C ints, as all pids */
	word_t sig = (uint32_t)a[1];
	int hit = 0;

	if (sig > LX_NSIG) {
		return (word_t)-EINVAL;
	}
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		struct lproc *c = &procs[i];
		bool match = c->state == LP_RUNNING &&
			     (pid > 0	  ? c->pid == (word_t)pid
			      : pid == 0  ? c->pgid == p->pgid
			      : pid == -1 ? c->pid != 1
					  : c->pgid == (word_t)-pid);
		if (!match) {
			continue;
		}
		hit++;
		sig_send(c, (int)sig, p->pid);
	}
	if (hit == 0) {
		return (word_t)-ESRCH;
	}
	return p->state == LP_RUNNING ? 0 : SYS_NO_REPLY;
}

SYS(getpgid)
{
	struct lproc *c = (int32_t)a[0] == 0 ? p : proc_find((uint32_t)a[0]);

	return c != NULL ? c->pgid : (word_t)-ESRCH;
}

SYS(getpgrp)
{
	(void)a;
	return p->pgid;
}

SYS(setpgid)
{
	struct lproc *c = (int32_t)a[0] == 0 ? p : proc_find((uint32_t)a[0]);
	word_t pgid =
	    (int32_t)a[1] == 0 ? (c != NULL ? c->pid : 0) : (uint32_t)a[1];

	if ((int32_t)a[1] < 0 || (int32_t)a[0] < 0) {
		return (word_t)-EINVAL;
	}
	if (c == NULL || (c != p && c->ppid != p->pid)) {
		return (word_t)-ESRCH;
	}
	if (c->sid != p->sid || c->pid == c->sid) {
		return (word_t)-EPERM;
	}
	c->pgid = pgid;
	return 0;
}

SYS(getsid)
{
	struct lproc *c = (int32_t)a[0] == 0 ? p : proc_find((uint32_t)a[0]);

	return c != NULL ? c->sid : (word_t)-ESRCH;
}

SYS(setsid)
{
	(void)a;
	if (p->pgid == p->pid) {
		return (word_t)-EPERM; /* a group leader already */
	}
	p->sid = p->pgid = p->pid;
	return p->sid;
}

SYS(pause)
{
	(void)a;
	/* Until a signal it catches (-EINTR) or one that ends it. */
	p->pause_reply = posix_keep();
	return p->pause_reply != 0 ? SYS_NO_REPLY : (word_t)-EAGAIN;
}
