/*
 * proc: the Linux processes.  Each entry keeps its thread and address
 * space for the next process that takes the entry: objects cost memory
 * the Untyped does not give back.  The thread's fault handler is the
 * server's endpoint badged with the entry; its CSpace is one empty CNode
 * that every process shares (a thread needs one to run); it has no IPC
 * buffer, so its FS base is Linux's TLS pointer.
 */
#include <string.h>

#include <cairn/arch/object.h>

#include "posix.h"
#include "procrt.h"

struct lproc procs[POSIX_MAX_PROCS];

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
		return -LX_ENOMEM;
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
	return st == CAIRN_OK ? 0 : -LX_ENOMEM;
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
	int st = cairn_tcb_write_registers(p->tcb, 1, CAIRN_REG_SP + 1, regs);
	return st == CAIRN_OK ? 0 : -LX_ENOMEM;
}

void
proc_exit(struct lproc *p, word_t status)
{
	/* Stopping the thread also takes it off the reply it waits on. */
	cairn_tcb_suspend(p->tcb);
	mem_release(p);
	p->state = LP_ZOMBIE;
	p->status = status;
	if (p->waiter != 0) {
		struct cairn_msg m = {0};
		m.w[0] = status;
		m.w[1] = p->pid;
		posix_answer(p->waiter, CAIRN_OK, 2, &m);
		p->waiter = 0;
		proc_free(p);
	}
}

void
proc_free(struct lproc *p)
{
	p->state = LP_FREE;
	p->pid = 0;
}
