/*
 * super: the supervisor.  init is the fault handler of every process it
 * starts.  A fault is logged (process, kind, address, instruction
 * pointer); the process is reaped; its manifest's policy says whether it
 * starts again, up to max_crashes crashes within crash_window seconds.
 */
#include <cairn/fault.h>

#include "process.h"

static const char *
kind(word_t k)
{
	switch (k) {
	case CAIRN_FAULT_PAGE:
		return "page fault";
	case CAIRN_FAULT_EXCEPTION:
		return "exception";
	case CAIRN_FAULT_UNKNOWN_SYSCALL:
		return "unknown system call";
	case CAIRN_FAULT_CAP:
		return "capability fault";
	default:
		return "fault";
	}
}

/* Crashes within the current window, this one counted. */
static unsigned
recent(struct proc *p)
{
	uint64_t now = cairn_rdtsc(),
		 hz = bootinfo->tsc_hz ? bootinfo->tsc_hz : 1;

	if (p->ncrash == 0 ||
	    now - p->window_start > (uint64_t)p->m.crash_window * hz) {
		p->window_start = now;
		p->ncrash = 0;
	}
	return (unsigned)++p->ncrash;
}

/*
 * Backoff: the n-th crash in a window waits 2^(n-1) ms before the
 * restart, at most 128 ms.  The timer service wakes init through a
 * notification bound to init's thread (init never calls it: it must not
 * wait on a service that may be down); if the timer cannot take the
 * request, the restart is immediate.
 */
static cptr_t wake;

void
super_init(void)
{
	wake = init_make(CAIRN_OBJ_NOTIFICATION, 0);
	if (wake != 0 &&
	    cairn_tcb_bind_notification(CAIRN_ROOT_TCB, wake) != CAIRN_OK) {
		wake = 0;
	}
}

cptr_t
super_wake_cap(void)
{
	return wake;
}

static void
restart(struct proc *p)
{
	char why[96];

	if (proc_restart(p, why, sizeof(why)) != 0) {
		logf(0, "supervisor: cannot restart: %s\n", why);
		proc_exited(p, 139);
		return;
	}
	logf(1, "supervisor: restarted %s (restart %d)\n", p->info.name,
	     p->restarts);
}

static bool waiting; /* some process is in backoff */

void
super_due(void)
{
	if (!waiting) {
		return; /* init's loop calls this after every message */
	}
	uint64_t now = cairn_rdtsc();
	waiting = false;
	for (struct proc *p = proc_next(1); p != NULL;
	     p = proc_next(p->pid + 1)) {
		if (p->state != CAIRN_PS_BACKOFF) {
			continue;
		}
		if (now >= p->restart_at) {
			restart(p);
		} else {
			waiting = true;
		}
	}
}

void
super_fault(struct proc *p, const struct cairn_msg *m)
{
	logf(0, "supervisor: %s (pid %lu): %s at 0x%lx, ip 0x%lx\n",
	     p->info.name, p->pid, kind(m->label), m->w[CAIRN_FAULT_ADDR],
	     m->w[CAIRN_FAULT_IP]);
	if (p->m.restart == MANIFEST_RESTART_NEVER) {
		proc_exited(p, 139);
		return;
	}
	unsigned n = recent(p);
	if (n > p->m.max_crashes) {
		logf(0, "supervisor: %s crashed %u times in %u s: giving up\n",
		     p->info.name, n, p->m.crash_window);
		proc_exited(p, 139); /* may forget it: nothing after */
		return;
	}
	/* Stop it and take everything back now; start it after the delay. */
	word_t ms = 1ull << (n - 1 < 7 ? n - 1 : 7);
	uint64_t hz = bootinfo->tsc_hz ? bootinfo->tsc_hz : 1000000000;
	struct cairn_msg w = {0};
	cptr_t timer = names_endpoint("timer", false);
	w.w[0] = ms * 1000000;
	proc_reap(p);
	p->state = CAIRN_PS_BACKOFF;
	waiting = true;
	p->restart_at = cairn_rdtsc() + ms * (hz / 1000);
	int st = wake == 0 || timer == 0
		     ? -1
		     : cairn_nbsend(timer, CAIRN_TIMER_WAKE_INIT, 1, &w);
	if (st != CAIRN_OK) {
		restart(p); /* no one to wake us: at once */
		return;
	}
	logf(1, "supervisor: restarting %s in %lu ms\n", p->info.name, ms);
}
