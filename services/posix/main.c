/*
 * posix: the Linux personality's server (docs/posix.md).  One endpoint
 * brings both kinds of message: the faults of its Linux processes
 * (badged POSIX_FAULT_BADGE | entry), a Linux system call being an
 * unknown system call to Cairn, and the calls of Cairn programs (badged
 * with their pid) that start Linux programs and wait for them.
 *
 *	fault UNKNOWN_SYSCALL	ip, number, six arguments -> the result
 *	fault PAGE, EXCEPTION,	the process ends as Linux ends it on the
 *	CAP			signal (SIGSEGV, SIGILL, SIGSYS)
 *	SPAWN path args		-> pid
 *	WAIT pid		-> wait status, once it has ended
 */
#include <cairn/fault.h>
#include <cairn/manifest.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "files.h"
#include "posix.h"
#include "sysdefs.h"
#include "procrt.h"
#include "sock.h"
#include "tty.h"
#include "proto/posix.h"
#include "serve.h"

CAIRN_MANIFEST("name posix\n"
	       "description Linux programs, unmodified (static ELF)\n"
	       "cspace 14\n"
	       "quota 4M\n"
	       "untyped 32M\n" /* POSIX_MEMORY */
	       "replies 16\n"
	       "needs serial\n"
	       "needs fs\n"
	       "needs timer\n"
	       "needs net\n"
	       "notify\n"
	       "provides posix\n"
	       "restart always 5 10\n");

#define SIGILL	    4
#define SIGSEGV	    11
#define SIGSYS	    31
#define TIMER_BADGE (1ull << 0)
#define TTY_BADGE   (1ull << 1) /* console input, and its re-arming */
#define SOCK_BADGE  (1ull << 2) /* the net service's signal, sock's tick */

cptr_t posix_endpoint;
static struct cairn_server srv;

cptr_t
posix_keep(void)
{
	return cairn_serve_keep(&srv);
}

void
posix_answer(cptr_t reply, word_t status, word_t len, struct cairn_msg *m)
{
	cairn_serve_answer(&srv, reply, status, len, m);
}

/* The process a fault message is from, or NULL if it is no fault. */
static struct lproc *
faulter(const struct cairn_msg *m)
{
	word_t i = m->badge & ~POSIX_FAULT_BADGE;

	if ((m->badge & POSIX_FAULT_BADGE) == 0 || i >= POSIX_MAX_PROCS ||
	    procs[i].state != LP_RUNNING) {
		return NULL;
	}
	return &procs[i];
}

static word_t
on_syscall(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	struct lproc *p = faulter(m);

	(void)s;
	if (p == NULL) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	posix_current = p;
	p->call_nr = m->w[CAIRN_FAULT_NUMBER];
	word_t r = sys_call(p, p->call_nr, &m->w[CAIRN_FAULT_ARG0]);
	bool raw = p->raw_result;
	posix_current = NULL;
	p->raw_result = false;
	if (p->state != LP_RUNNING) {
		return CAIRN_SERVE_NONE; /* it ended in its call */
	}
	if (r == SYS_NO_REPLY && !raw) {
		return CAIRN_SERVE_NONE; /* held (signals: sig_flush) */
	}
	if (!sig_answer(p, &r)) {
		return CAIRN_SERVE_NONE; /* a signal stopped or ended it */
	}
	m->w[0] = r;
	if (sig_due()) {
		/* Signals for others, taken after this answer (the serve
		 * loop's would come after them): one may be for p too. */
		cptr_t reply = posix_keep();
		if (reply != 0) {
			posix_answer(reply, 0, 1, m);
			sig_flush();
			return CAIRN_SERVE_NONE;
		}
	}
	*len = 1;
	return 0;
}

/* A fault Linux would answer with a signal: the process ends by it. */
static word_t
on_fault(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	struct lproc *p = faulter(m);
	word_t sig = m->label == CAIRN_FAULT_PAGE  ? SIGSEGV
		     : m->label == CAIRN_FAULT_CAP ? SIGSYS
						   : SIGILL;

	(void)s;
	if (p == NULL) {
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (m->label == CAIRN_FAULT_PAGE &&
	    mem_fault(p, m->w[CAIRN_FAULT_ADDR], m->w[CAIRN_FAULT_CODE])) {
		*len = 0;
		return 0; /* the access is made again */
	}
	posix_current = p;
	bool caught = sig_fault(p, (int)sig);
	posix_current = NULL;
	if (caught) {
		*len = 0;
		return 0; /* its handler runs */
	}
	if (p->state != LP_RUNNING) {
		return CAIRN_SERVE_NONE; /* its handler's frame did not fit */
	}
	printf("posix: %s (pid %lu): %s at ip 0x%lx, address 0x%lx\n", p->name,
	       p->pid,
	       sig == SIGSEGV  ? "SIGSEGV, a bad access"
	       : sig == SIGSYS ? "SIGSYS, a Cairn system call"
			       : "SIGILL, an exception",
	       m->w[CAIRN_FAULT_IP], m->w[CAIRN_FAULT_ADDR]);
	proc_exit(p, sig);
	return CAIRN_SERVE_NONE;
}

/* Split SPAWN's bytes into path and argv: argc, or -1 if malformed. */
static int
split(char *b, word_t n, const char **path, const char **argv)
{
	int argc = -1;
	word_t start = 0;

	if (n == 0 || b[n - 1] != '\0') {
		return -1;
	}
	for (word_t i = 0; i < n; i++) {
		if (b[i] != '\0') {
			continue;
		}
		if (argc == CAIRN_PROC_MAX_ARGS) {
			return -1;
		}
		if (argc < 0) {
			*path = b + start;
		} else {
			argv[argc] = b + start;
		}
		argc++;
		start = i + 1;
	}
	return argc;
}

static word_t
on_spawn(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	static const char *const env[] = {"PATH=/bin:/usr/bin:/sbin:/usr/sbin",
					  "HOME=/", "TERM=vt100"};
	static struct args args;
	static char file[LX_PATH];
	const char *path = NULL, *argv[CAIRN_PROC_MAX_ARGS];
	word_t n = m->w[0];
	int argc = n <= (m->len - 1) * 8
		       ? split((char *)&m->w[1], n, &path, argv)
		       : -1;
	int err = argc < 1 ? EINVAL : 0;
	struct lproc *p = NULL;
	struct exe x;
	word_t entry = 0, sp = 0;

	(void)s;
	*len = 1;
	/* Linux's "/" is the disk's root, Cairn's "/disk". */
	if (err == 0 && strncmp(path, "/disk/", 6) != 0) {
		err = ENOENT;
	}
	memset(&args, 0, offsetof(struct args, off));
	for (int i = 0; i < argc + 3 && err == 0; i++) {
		err = -args_add(&args, i < argc ? argv[i] : env[i - argc],
				i >= argc);
	}
	if (err == 0) {
		const char *base = strrchr(path, '/');
		p = proc_new(m->badge, base + 1);
		err = p == NULL ? EAGAIN : 0;
	}
	if (err == 0 && strlen(path + 5) >= sizeof(file)) {
		err = ENAMETOOLONG;
	}
	if (err == 0) {
		/* A "#!" script runs by its interpreter, as execve's. */
		bool script;
		strcpy(file, path + 5);
		err = -exe_or_script(p, file, path + 5, &args, &x, &script);
	}
	if (err == 0) {
		err = -exe_load(p, &x, &args, &entry, &sp);
		exe_close(&x);
	}
	if (err == 0) {
		strcpy(p->exe, file);
		err = -proc_start(p, entry, sp);
	}
	if (err != 0) {
		if (p != NULL) {
			proc_discard(p);
		}
		m->w[0] = (word_t)err;
		return CAIRN_E_INVALID_ARGUMENT;
	}
	m->w[0] = p->pid;
	return CAIRN_OK;
}

static word_t
on_wait(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	struct lproc *p = proc_find(m->w[0]);

	if (p == NULL || p->owner != m->badge || p->waiter != 0) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (p->state == LP_ZOMBIE) {
		m->w[0] = p->status;
		m->w[1] = p->pid;
		*len = 2;
		proc_free(p);
		return CAIRN_OK;
	}
	p->waiter = cairn_serve_keep(s);
	return p->waiter != 0 ? CAIRN_SERVE_KEPT : CAIRN_E_NO_MEMORY;
}

/* An AF_UNIX socket moved: its held calls made again (which may move
 * more). */
static __attribute__((noinline)) void
unix_wake(void)
{
	while (unix_stirred) {
		unix_stirred = false;
		sock_wake(LX_AF_UNIX);
	}
}

static void
after(struct cairn_server *s)
{
	(void)s;
	if (unix_stirred) {
		unix_wake();
	}
	sig_flush();
}

static void
tick(struct cairn_server *s, word_t badge)
{
	if (badge & TIMER_BADGE) {
		sleep_tick(s);
	}
	if (badge & TTY_BADGE) {
		tty_tick();
	}
	if (badge & SOCK_BADGE) {
		sock_wake(LX_AF_INET);
	}
}

static const struct cairn_op ops[] = {
    {CAIRN_FAULT_UNKNOWN_SYSCALL, CAIRN_FAULT_SYSCALL_LENGTH, on_syscall},
    {CAIRN_FAULT_PAGE, CAIRN_FAULT_LENGTH, on_fault},
    {CAIRN_FAULT_EXCEPTION, CAIRN_FAULT_LENGTH, on_fault},
    {CAIRN_FAULT_CAP, CAIRN_FAULT_LENGTH, on_fault},
    {CAIRN_POSIX_SPAWN, 1, on_spawn},
    {CAIRN_POSIX_WAIT, 1, on_wait},
};

int
main(int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "posix");

	(void)argc;
	(void)argv;
	if (g == NULL || mem_init() != 0 || proc_init() != 0) {
		printf("posix: no endpoint or no memory to serve with\n");
		return 1;
	}
	posix_endpoint = g->slot;
	cairn_serve_init(&srv, g->slot, ops, sizeof(ops) / sizeof(ops[0]));
	srv.after = after;
	srv.irq = tick;
	if (sleep_init(TIMER_BADGE) == 0) {
		srv.irq_badges |= TIMER_BADGE;
	} else {
		printf("posix: no timer: sleeps answer EAGAIN\n");
	}
	if (tty_init(TTY_BADGE) == 0) {
		srv.irq_badges |= TTY_BADGE;
	} else {
		printf("posix: no console input: reads of it wait\n");
	}
	if (sock_init(SOCK_BADGE) == 0) {
		srv.irq_badges |= SOCK_BADGE;
	} else {
		printf("posix: no net service: sockets answer ENETDOWN\n");
	}
	cairn_serve(&srv);
}
