/*
 * fault: a thread that faults stops and its fault handler gets a message
 * saying why (include/cairn/fault.h), as if the thread had called the
 * handler's endpoint.  The handler replies to resume it, after fixing
 * the cause if it can.  A thread with no handler stays stopped, and the
 * kernel log says so.
 */
#include <cairn/fault.h>

#include "console.h"
#include "kobject.h"
#include "regs.h"
#include "sched.h"
#include "tcb.h"

unsigned faults_unhandled;

static const char *const kinds[] = {
    "?", "page fault", "exception", "unknown system call", "capability fault",
};

_Static_assert(CAIRN_FAULT_ARG0 + REG_SYSCALL_ARGS ==
		   CAIRN_FAULT_SYSCALL_LENGTH,
	       "fault_words: an unknown syscall's words are not its arguments");
_Static_assert(CAIRN_FAULT_LENGTH <= CAIRN_MSG_REGS &&
		   CAIRN_FAULT_SYSCALL_LENGTH <= CAIRN_MSG_REGS,
	       "fault_words: a fault message beyond the message registers");

unsigned
fault_words(const struct tcb *restrict t, struct tcb *restrict r)
{
	const struct trap_frame *f = &t->arch.regs;
	struct trap_frame *d = &r->arch.regs;

	*reg_mr(d, CAIRN_FAULT_IP) = reg_ip(f);
	*reg_mr(d, CAIRN_FAULT_ADDR) = t->fault_addr;
	if (t->fault_kind == CAIRN_FAULT_UNKNOWN_SYSCALL) {
		for (unsigned i = 0; i < REG_SYSCALL_ARGS; i++) {
			*reg_mr(d, CAIRN_FAULT_ARG0 + i) = reg_arg(f, i);
		}
		return CAIRN_FAULT_SYSCALL_LENGTH;
	}
	*reg_mr(d, CAIRN_FAULT_CODE) = t->fault_code;
	*reg_mr(d, CAIRN_FAULT_VECTOR) = t->fault_vector;
	*reg_mr(d, CAIRN_FAULT_SP) = reg_sp(f);
	*reg_mr(d, CAIRN_FAULT_FLAGS) = reg_flags(f);
	return CAIRN_FAULT_LENGTH;
}

void
fault_resume(struct tcb *t, uint64_t mr0)
{
	if (t->fault_kind == CAIRN_FAULT_UNKNOWN_SYSCALL) {
		reg_set_result(&t->arch.regs, mr0);
	}
	t->fault_vector = 0;
}

void
fault_raise(struct tcb *t, uint32_t kind, uint64_t addr, uint64_t code)
{
	struct cte *h = &t->slots[TCB_FAULT_HANDLER];

	t->fault_kind = kind;
	t->fault_addr = addr;
	t->fault_code = code;
	if (cap_type(&h->cap) != CAIRN_OBJ_ENDPOINT ||
	    !(cap_rights(&h->cap) & CAIRN_RIGHT_WRITE)) {
		kprintf("fault: %s in thread '%s' at ip 0x%lx, address 0x%lx, "
			"code 0x%lx; no handler: thread stopped\n",
			kinds[kind < 5 ? kind : 0],
			t->name[0] != '\0' ? t->name : "?",
			reg_ip(&t->arch.regs), addr, code);
		tcb_suspend(t);
		faults_unhandled++;
		return;
	}
	ep_send(t, cap_obj(&h->cap), &h->cap, true, true);
}
