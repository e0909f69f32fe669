/*
 * super: the supervisor.  init is the fault handler of every process it
 * starts.  A fault is logged (process, kind, address, instruction
 * pointer); the process is reaped; its manifest's policy says whether it
 * starts again, up to max_crashes crashes within crash_window seconds.
 */
#include <cairn/fault.h>

#include "proc.h"

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

static uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Crashes within the current window, this one counted. */
static unsigned
recent(struct proc *p)
{
	uint64_t now = rdtsc(), hz = bootinfo->tsc_hz ? bootinfo->tsc_hz : 1;

	if (p->ncrash == 0 ||
	    now - p->window_start > (uint64_t)p->m.crash_window * hz) {
		p->window_start = now;
		p->ncrash = 0;
	}
	return (unsigned)++p->ncrash;
}

void
super_fault(struct proc *p, const struct cairn_msg *m)
{
	char why[96];

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
		proc_exited(p, 139);
		p->state = CAIRN_PS_CRASHED;
		return;
	}
	if (proc_restart(p, why, sizeof(why)) != 0) {
		logf(0, "supervisor: cannot restart: %s\n", why);
		proc_exited(p, 139);
		return;
	}
	logf(1, "supervisor: restarted %s (restart %d)\n", p->info.name,
	     p->restarts);
}
