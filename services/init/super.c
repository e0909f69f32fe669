/*
 * super: the supervisor.  init is the fault handler of every process it
 * starts.  A fault is logged (process, kind, address, instruction
 * pointer); the process is reaped; its manifest's policy says whether it
 * starts again, up to max_crashes crashes within crash_window seconds.
 */
#include <cairn/fault.h>

#include "fmt.h"
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

/*
 * After the policy's verdict d (restart): stop it and take everything
 * back now; start it after the delay, or at once if the timer service
 * cannot take the request.  The delay waited (0: at once).
 */
static unsigned
restart_later(struct proc *p, struct policy_decision d)
{
	uint64_t hz = bootinfo->tsc_hz ? bootinfo->tsc_hz : 1000000000;
	cptr_t timer = names_endpoint("timer", false);

	proc_reap(p);
	p->state = CAIRN_PS_BACKOFF;
	waiting = true;
	p->restart_at = cairn_rdtsc() + d.delay_ms * (hz / 1000);
	int st = wake == 0 || timer == 0
		     ? -1
		     : cairn_timer_wake_init(timer, d.delay_ms * 1000000ull);
	if (st != CAIRN_OK) {
		restart(p); /* no one to wake us: at once */
		return 0;
	}
	logf(1, "supervisor: restarting %s in %u ms\n", p->info.name,
	     d.delay_ms);
	return d.delay_ms;
}

/* The clock the crash window is counted by. */
static uint64_t
tsc_hz(void)
{
	return bootinfo->tsc_hz ? bootinfo->tsc_hz : 1;
}

void
super_fault(struct proc *p, const struct cairn_msg *m)
{
	logf(0, "supervisor: %s (pid %lu): %s at 0x%lx, ip 0x%lx\n",
	     p->info.name, p->pid, kind(m->label), m->w[CAIRN_FAULT_ADDR],
	     m->w[CAIRN_FAULT_IP]);
	struct policy_decision d =
	    policy_decide(&p->m, &p->crashes, cairn_rdtsc(), tsc_hz(), true);
	if (d.verdict == POLICY_GIVE_UP) {
		logf(0, "supervisor: %s crashed %u times in %u s: giving up\n",
		     p->info.name, d.n, p->m.crash_window);
	}
	if (d.verdict != POLICY_RESTART) {
		proc_exited(p, 139); /* may forget it: nothing after */
		return;
	}
	restart_later(p, d);
}

int
super_kill(struct proc *p, word_t *delay_ms, char *why, size_t whylen)
{
	struct policy_decision d =
	    policy_decide(&p->m, &p->crashes, cairn_rdtsc(), tsc_hz(), false);

	if (d.verdict == POLICY_GIVE_UP) {
		fmt_snprintf(why, whylen,
			     "%s (pid %lu) restarted %u times in %u s: "
			     "its policy would give up",
			     p->info.name, p->pid, d.n - 1, p->m.crash_window);
		logf(1, "init: kill %s refused: %s\n", p->info.name, why);
		return -1;
	}
	if (d.verdict == POLICY_END) {
		logf(1, "init: killed %s (pid %lu)\n", p->info.name, p->pid);
		proc_exited(p, 137);
		*delay_ms = 0;
		return 0;
	}
	d = policy_decide(&p->m, &p->crashes, cairn_rdtsc(), tsc_hz(), true);
	*delay_ms = restart_later(p, d);
	/* Said once it is stopped: a line handed to the serial driver just
	 * before it is killed would be lost with its ring. */
	logf(1,
	     "init: killed %s (pid %lu); its restart policy starts it "
	     "again\n",
	     p->info.name, p->pid);
	return 1;
}
