/*
 * debug: methods of the debug capability, which the root task gets at
 * boot: print to the kernel log, list threads, describe a capability,
 * power off with a status (how tests end).
 */
#include <cairn/invocation.h>

#include "arch.h"
#include "console.h"
#include "fastpath.h"
#include "kobject.h"

static struct tcb *all_threads;

void
debug_track(struct tcb *t)
{
	t->all_prev = NULL;
	t->all_next = all_threads;
	if (all_threads != NULL) {
		all_threads->all_prev = t;
	}
	all_threads = t;
}

void
debug_untrack(struct tcb *t)
{
	if (t->all_prev != NULL) {
		t->all_prev->all_next = t->all_next;
	} else if (all_threads == t) {
		all_threads = t->all_next;
	}
	if (t->all_next != NULL) {
		t->all_next->all_prev = t->all_prev;
	}
	t->all_next = t->all_prev = NULL;
}

bool
debug_any_alive(void)
{
	for (struct tcb *t = all_threads; t != NULL; t = t->all_next) {
		if (t->state != TS_INACTIVE) {
			return true;
		}
	}
	return false;
}

static const char *const state_names[] = {
    "inactive", "running", "send", "recv", "reply", "wait",
};

static void
list_threads(void)
{
	kprintf("threads:\n");
	for (struct tcb *t = all_threads; t != NULL; t = t->all_next) {
		kprintf("  %-15s prio %3u mcp %3u %-8s ip %lx\n",
			t->name[0] != '\0' ? t->name : "?", t->prio, t->mcp,
			state_names[t->state], reg_ip(&t->arch.regs));
	}
}

/* WRITE: MR0 the byte count, MR1... the bytes, eight to a word. */
static int
write_bytes(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	uint64_t n = iv->len >= 1 ? msg_get(t, 0) : 0;

	if (n > (iv->len - 1) * 8 || iv->len < 1) {
		return CAIRN_E_RANGE;
	}
	for (uint64_t i = 0; i < n; i++) {
		uint64_t w = msg_get(t, 1 + (unsigned)(i / 8));
		arch_console_putc((char)(w >> (8 * (i % 8))));
	}
	return CAIRN_OK;
}

/* CAP_INFO: MR0 a cptr; back: its type, rights, size and w1. */
static int
cap_info(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	int err = CAIRN_OK;

	if (iv->len < 1) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	struct cte *s = cspace_lookup(t, msg_get(t, 0), &err);
	if (s == NULL) {
		return err;
	}
	msg_set(t, 0, cap_type(&s->cap));
	msg_set(t, 1, cap_rights(&s->cap));
	msg_set(t, 2, cap_size(&s->cap));
	msg_set(t, 3, s->cap.w1);
	iv->nresults = 4;
	return CAIRN_OK;
}

int
decode_debug(struct invocation *iv)
{
	switch (iv->label) {
	case CAIRN_DEBUG_PUTC:
		if (iv->len < 1) {
			return CAIRN_E_INVALID_ARGUMENT;
		}
		arch_console_putc((char)msg_get(iv->caller, 0));
		return CAIRN_OK;
	case CAIRN_DEBUG_WRITE:
		return write_bytes(iv);
	case CAIRN_DEBUG_LIST_THREADS:
		list_threads();
		return CAIRN_OK;
	case CAIRN_DEBUG_POWEROFF:
		arch_poweroff(iv->len >= 1
				  ? (int)(msg_get(iv->caller, 0) & 0x7F)
				  : POWER_OK);
	case CAIRN_DEBUG_CAP_INFO:
		return cap_info(iv);
	case CAIRN_DEBUG_MAX_STRETCH:
		msg_set(iv->caller, 0, arch_max_stretch());
		iv->nresults = 1;
		return CAIRN_OK;
	case CAIRN_DEBUG_FASTPATH:
		/* On only where built in; the answer says which it is now. */
		if (iv->len < 1) {
			return CAIRN_E_INVALID_ARGUMENT;
		}
		arch_fastpath_set(msg_get(iv->caller, 0) != 0);
		msg_set(iv->caller, 0, fastpath_on);
		iv->nresults = 1;
		return CAIRN_OK;
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
