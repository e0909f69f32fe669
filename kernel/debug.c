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

/* LIST_THREADS: every thread, its priority, state and ip, to the log. */
static void
invoke_list_threads(void)
{
	kprintf("threads:\n");
	for (struct tcb *t = all_threads; t != NULL; t = t->all_next) {
		kprintf("  %-15s prio %3u mcp %3u %-8s ip %lx\n",
			t->name[0] != '\0' ? t->name : "?", t->prio, t->mcp,
			state_names[t->state], reg_ip(&t->arch.regs));
	}
}

/* PUTC: one character to the console. */
static void
invoke_putc(char c)
{
	arch_console_putc(c);
}

/* PUTC: MR0 the character. */
static int
decode_putc(struct invocation *iv)
{
	if (iv->len < 1) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	invoke_putc((char)msg_get(iv->caller, 0));
	return CAIRN_OK;
}

/* WRITE: n bytes from the caller's MR1..., eight to a word. */
static void
invoke_write(struct tcb *t, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t w = msg_get(t, 1 + (unsigned)(i / 8));
		arch_console_putc((char)(w >> (8 * (i % 8))));
	}
}

/* WRITE: MR0 the byte count, MR1... the bytes, eight to a word. */
static int
decode_write(struct invocation *iv)
{
	struct tcb *t = iv->caller;
	uint64_t n = iv->len >= 1 ? msg_get(t, 0) : 0;

	if (n > (iv->len - 1) * 8 || iv->len < 1) {
		return CAIRN_E_RANGE;
	}
	invoke_write(t, n);
	return CAIRN_OK;
}

/* CAP_INFO: s's type, rights, size and w1 in MR0-MR3. */
static void
invoke_cap_info(struct invocation *iv, const struct cte *s)
{
	struct tcb *t = iv->caller;

	msg_set(t, 0, cap_type(&s->cap));
	msg_set(t, 1, cap_rights(&s->cap));
	msg_set(t, 2, cap_size(&s->cap));
	msg_set(t, 3, s->cap.w1);
	iv->nresults = 4;
}

/* CAP_INFO: MR0 a cptr; back: its type, rights, size and w1. */
static int
decode_cap_info(struct invocation *iv)
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
	invoke_cap_info(iv, s);
	return CAIRN_OK;
}

/* POWEROFF: MR0 the status (7 bits), POWER_OK without one.  Never
 * returns. */
static _Noreturn void
invoke_poweroff(struct invocation *iv)
{
	arch_poweroff(iv->len >= 1 ? (int)(msg_get(iv->caller, 0) & 0x7F)
				   : POWER_OK);
}

/* REBOOT: reset the machine; returns only if it could not. */
static int
invoke_reboot(void)
{
	arch_reboot();
	return CAIRN_E_ILLEGAL_OPERATION;
}

/* MAX_STRETCH: the longest stretch with interrupts off, in MR0. */
static void
invoke_max_stretch(struct invocation *iv)
{
	msg_set(iv->caller, 0, arch_max_stretch());
	iv->nresults = 1;
}

/* FASTPATH: turn the fast path on or off; MR0 says which it is now. */
static void
invoke_fastpath(struct invocation *iv, bool on)
{
	arch_fastpath_set(on);
	msg_set(iv->caller, 0, fastpath_on);
	iv->nresults = 1;
}

/* FASTPATH: MR0 nonzero for on.  On only where built in. */
static int
decode_fastpath(struct invocation *iv)
{
	if (iv->len < 1) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	invoke_fastpath(iv, msg_get(iv->caller, 0) != 0);
	return CAIRN_OK;
}

/*
 * The debug capability's methods.  Each decode step checks everything and
 * changes nothing; its invoke step (invoke_*) cannot fail.  LIST_THREADS,
 * POWEROFF, MAX_STRETCH and REBOOT take nothing that could be wrong.
 */
int
decode_debug(struct invocation *iv)
{
	switch (iv->label) {
	case CAIRN_DEBUG_PUTC:
		return decode_putc(iv);
	case CAIRN_DEBUG_WRITE:
		return decode_write(iv);
	case CAIRN_DEBUG_LIST_THREADS:
		invoke_list_threads();
		return CAIRN_OK;
	case CAIRN_DEBUG_POWEROFF:
		invoke_poweroff(iv);
	case CAIRN_DEBUG_CAP_INFO:
		return decode_cap_info(iv);
	case CAIRN_DEBUG_MAX_STRETCH:
		invoke_max_stretch(iv);
		return CAIRN_OK;
	case CAIRN_DEBUG_FASTPATH:
		return decode_fastpath(iv);
	case CAIRN_DEBUG_REBOOT:
		return invoke_reboot();
	default:
		return CAIRN_E_ILLEGAL_OPERATION;
	}
}
