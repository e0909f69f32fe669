/*
 * proc: the Linux processes.  Each entry keeps its thread and address
 * space for the next process that takes the entry: objects cost memory
 * the Untyped does not give back.  The thread's fault handler is the
 * server's endpoint badged with the entry; its CSpace is one empty CNode
 * that every process shares (a thread needs one to run); it has no IPC
 * buffer, so its FS base is Linux's TLS pointer.
 */
#include <stdlib.h>
#include <string.h>

#include <cairn/arch/object.h>

#include "files.h"
#include "posix.h"
#include "sysdefs.h"
#include "procrt.h"

struct lproc *procs;

int
proc_init(void)
{
	procs = calloc(POSIX_MAX_PROCS, sizeof(*procs));
	return procs != NULL ? mem_tables() : -ENOMEM;
}

static word_t next_pid = 2; /* 1 is the server itself */
static cptr_t empty_cnode;

struct lproc *
proc_find(word_t pid)
{
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (procs[i].state != LP_FREE && procs[i].pid == pid) {
			return &procs[i];
		}
	}
	return NULL;
}

/* Make the entry's thread and address space if it has none yet. */
static int
objects(struct lproc *p)
{
	if (empty_cnode == 0) {
		empty_cnode = mem_object(CAIRN_OBJ_CNODE, 1);
	}
	if (p->vspace == 0) {
		p->vspace = mem_object(CAIRN_OBJ_VSPACE, 0);
	}
	if (p->tcb == 0) {
		p->tcb = mem_object(CAIRN_OBJ_TCB, 0);
	}
	if (empty_cnode == 0 || p->vspace == 0 || p->tcb == 0) {
		return -ENOMEM;
	}
	cptr_t ep = cairn_slot_alloc();
	int st = ep == 0
		     ? CAIRN_E_NO_FREE_SLOT
		     : cairn_cnode_mint(CAIRN_PROC_CNODE, ep, CAIRN_PROC_CNODE,
					posix_endpoint, CAIRN_RIGHT_WRITE,
					POSIX_FAULT_BADGE | (word_t)(p - procs),
					NULL);
	if (st == CAIRN_OK) {
		st = cairn_tcb_configure(p->tcb, ep, empty_cnode, 64 - 1,
					 p->vspace, 0, 0);
	}
	if (ep != 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, ep);
		cairn_slot_free(ep);
	}
	return st == CAIRN_OK ? 0 : -ENOMEM;
}

struct lproc *
proc_new(word_t owner, const char *name)
{
	struct lproc *p = NULL;

	for (int i = 0; i < POSIX_MAX_PROCS && p == NULL; i++) {
		if (procs[i].state == LP_FREE) {
			p = &procs[i];
		}
	}
	if (p == NULL || objects(p) != 0) {
		return NULL;
	}
	p->state = LP_RUNNING;
	p->pid = next_pid++;
	p->ppid = 1;
	p->owner = owner;
	p->waiter = 0;
	p->status = 0;
	p->fs_base = 0;
	p->wait_reply = p->pause_reply = 0;
	p->pgid = p->sid = p->pid;
	memset(p->uid, 0, sizeof(p->uid)); /* root; fork copies its parent's */
	memset(p->gid, 0, sizeof(p->gid));
	p->ngroups = 0;
	sig_start(p);
	p->alarm_at = p->alarm_every = 0; /* fork's child has none */
	p->start_ns = now_ns();
	p->arg_start = p->arg_end = 0;
	files_start(p);
	strncpy(p->name, name, sizeof(p->name) - 1);
	p->name[sizeof(p->name) - 1] = '\0';
	return p;
}

int
proc_start(struct lproc *p, word_t entry, word_t sp)
{
	word_t regs[CAIRN_REG_COUNT] = {0};

	regs[CAIRN_REG_IP] = entry;
	regs[CAIRN_REG_SP] = sp;
	cairn_tcb_set_name(p->tcb, p->name);
	cairn_tcb_set_priority(p->tcb, posix_own_tcb, POSIX_PRIO);
	/* Every register: the entry's thread may have run a process before,
	 * and Linux starts a program with all but these zero (rdx, say, is
	 * the function the C library registers with atexit if nonzero). */
	int st = cairn_tcb_write_registers(p->tcb, 1, CAIRN_REG_COUNT, regs);
	return st == CAIRN_OK ? 0 : -ENOMEM;
}

/* Answer a held call of p's with r (its thread is stopped or done). */
static void
answer(cptr_t reply, word_t r)
{
	struct cairn_msg m = {0};

	m.w[0] = r;
	posix_answer(reply, 0, 1, &m);
}

void
proc_discard(struct lproc *p)
{
	files_end(p);
	mem_release(p);
	proc_free(p);
}

/* Has p a child its wait4 waits for? */
static bool
waits_for_any(const struct lproc *p)
{
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		if (procs[i].state != LP_FREE && wait_matches(p, &procs[i])) {
			return true;
		}
	}
	return false;
}

/* c has ended: tell whoever waits for it, or keep it as a zombie. */
static void
report(struct lproc *c)
{
	struct lproc *parent = c->ppid > 1 ? proc_find(c->ppid) : NULL;
	word_t pid = c->pid;
	int32_t st = (int32_t)c->status;

	if (parent != NULL && parent->state != LP_RUNNING) {
		parent = NULL;
	}
	if (c->waiter != 0) {
		/* A Cairn program started it, and waits. */
		struct cairn_msg m = {0};
		m.w[0] = c->status;
		m.w[1] = c->pid;
		posix_answer(c->waiter, CAIRN_OK, 2, &m);
		c->waiter = 0;
		proc_free(c);
	} else if (parent != NULL && sig_reaps(parent)) {
		/* No zombie: a wait4 waits on for the others, if any. */
		proc_free(c);
		if (parent->wait_reply != 0 && !waits_for_any(parent)) {
			answer(parent->wait_reply, (word_t)-ECHILD);
			parent->wait_reply = 0;
		}
	} else if (parent != NULL && parent->wait_reply != 0 &&
		   wait_matches(parent, c)) {
		word_t r = c->pid;
		if (put_status(parent, parent->wait_va, st, parent->wait_ru) <
		    0) {
			r = (word_t)-EFAULT;
		}
		answer(parent->wait_reply, r);
		parent->wait_reply = 0;
		proc_free(c);
	} else if (parent == NULL && c->owner == 0) {
		proc_free(c); /* an orphan: nobody will ask */
	}
	if (parent != NULL) {
		sig_child(parent, pid,
			  (st & 0x7f) ? LX_CLD_KILLED : LX_CLD_EXITED,
			  (st & 0x7f) ? st & 0x7f : (st >> 8) & 0xff);
	}
}

void
proc_wake_waiter(struct lproc *parent, struct lproc *c)
{
	word_t want =
	    c->wait_event == LX_CLD_STOPPED ? LX_WUNTRACED : LX_WCONTINUED;

	if (parent->wait_reply == 0 || !wait_matches(parent, c) ||
	    !(parent->wait_opts & want)) {
		return;
	}
	word_t r = c->pid;
	if (put_status(parent, parent->wait_va, proc_event_status(c),
		       parent->wait_ru) < 0) {
		r = (word_t)-EFAULT;
	}
	c->wait_event = 0;
	answer(parent->wait_reply, r);
	parent->wait_reply = 0;
}

void
proc_exit(struct lproc *p, word_t status)
{
	/* Stopping the thread also takes it off the reply it waits on. */
	cairn_tcb_suspend(p->tcb);
	sleep_forget(p);
	pipe_forget(p);
	tty_forget(p);
	sock_forget(p);
	if (p->wait_reply != 0) {
		answer(p->wait_reply, 0); /* back to the pool */
		p->wait_reply = 0;
	}
	if (p->pause_reply != 0) {
		answer(p->pause_reply, 0);
		p->pause_reply = 0;
	}
	cptr_t polling = poll_cancel(p);
	if (polling != 0) {
		answer(polling, 0);
	}
	files_end(p);
	mem_release(p);
	p->state = LP_ZOMBIE;
	p->status = status;
	/* Its children are the server's now; those done are forgotten. */
	for (int i = 0; i < POSIX_MAX_PROCS; i++) {
		struct lproc *c = &procs[i];
		if (c->state != LP_FREE && c->ppid == p->pid) {
			c->ppid = 1;
			if (c->state == LP_ZOMBIE && c->owner == 0) {
				proc_free(c);
			}
		}
	}
	report(p);
}
void
proc_free(struct lproc *p)
{
	p->state = LP_FREE;
	p->pid = 0;
}
