/*
 * sysfuzz's supervisor (sysfuzz.h): sets the worker up, starts it again
 * whenever it stops, renews its CSpace every epoch, checks the result
 * and reports through the serial driver.
 */
#include <stdarg.h>

#include "cstring.h"
#include "fmt.h"
#include "proto/serial.h"
#include "sysfuzz.h"

#define WORKER_PRIO 50
#define FUZZ_BITS   22 /* the Untyped renewed every epoch: 4 MiB */
#define WPOOL_BITS  20 /* the worker's own Untyped in it: 1 MiB */

static const struct cairn_bootinfo *bi;
static cptr_t serial, next_slot;
static cptr_t pool;    /* init's 8 MiB Untyped */
static cptr_t fuzz_ut; /* the epoch's 4 MiB, cut from pool */
static cptr_t wcnode;  /* the worker's CNode (original) */
static cptr_t wtcb, fault_ep, reply;
static word_t restarts, faults[5];
static uint8_t wstack[16384] __attribute__((aligned(16)));

/* Report a line through the serial driver, 56 bytes a call. */
static void
say(const char *f, ...)
{
	char buf[240];
	va_list ap;

	va_start(ap, f);
	int n = fmt_vsnprintf(buf, sizeof(buf), f, ap);
	va_end(ap);
	n = n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1;
	for (int i = 0; i < n && serial != 0;) {
		struct cairn_msg m = {0};
		int k = n - i < 56 ? n - i : 56;
		m.w[0] = (word_t)k;
		memcpy(&m.w[1], buf + i, (size_t)k);
		cairn_call(serial, CAIRN_SERIAL_WRITE, 1 + (k + 7) / 8, &m);
		i += k;
	}
}

static cptr_t
slot(void)
{
	return next_slot++;
}

static int
make(cptr_t ut, word_t type, word_t size, cptr_t *out)
{
	*out = slot();
	return cairn_untyped_retype(ut, type, size, CAIRN_ROOT_CNODE, *out, 1,
				    NULL);
}

/* "inplace <init> <serial> <calls> <seed>": the numbers after "inplace". */
static void
parse_args(word_t *v, int n)
{
	const char *a = bi->args;

	for (int i = 0; i < n; i++) {
		v[i] = 0;
		while (*a != '\0' && (*a < '0' || *a > '9')) {
			a++;
		}
		for (; *a >= '0' && *a <= '9'; a++) {
			v[i] = v[i] * 10 + (word_t)(*a - '0');
		}
	}
}

/*
 * A fresh epoch: everything the worker made or held goes (one revoke),
 * and it gets a new CNode with its starting objects.
 */
static int
new_epoch(void)
{
	cptr_t c = CAIRN_ROOT_CNODE;
	int st;

	if ((st = cairn_cnode_revoke(c, fuzz_ut)) != CAIRN_OK) {
		return st;
	}
	cairn_cnode_delete(c, wcnode);
	if ((st = cairn_untyped_retype(fuzz_ut, CAIRN_OBJ_CNODE, WRADIX, c,
				       wcnode, 1, NULL)) != CAIRN_OK) {
		return st;
	}
	/* Its objects, straight into its CNode. */
	static const struct {
		word_t type, size, index;
	} objs[] = {
	    {CAIRN_OBJ_UNTYPED, WPOOL_BITS, W_UNTYPED},
	    {CAIRN_OBJ_ENDPOINT, 0, W_ENDPOINT},
	    {CAIRN_OBJ_NOTIFICATION, 0, W_NTFN},
	    {CAIRN_OBJ_REPLY, 0, W_REPLY},
	    {CAIRN_OBJ_FRAME, 12, W_FRAME},
	};
	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		st = cairn_untyped_retype(fuzz_ut, objs[i].type, objs[i].size,
					  wcnode, objs[i].index, 1, NULL);
		if (st != CAIRN_OK) {
			return st;
		}
	}
	if ((st = cairn_cnode_mint(wcnode, W_CNODE, c, wcnode, CAIRN_RIGHTS_ALL,
				   WGUARD, NULL)) != CAIRN_OK ||
	    (st = cairn_cnode_mint(wcnode, W_ENDPOINT_BADGED, wcnode,
				   W_ENDPOINT, CAIRN_RIGHTS_ALL, 7, NULL)) !=
		CAIRN_OK ||
	    (st = cairn_cnode_mint(wcnode, W_NTFN_BADGED, wcnode, W_NTFN,
				   CAIRN_RIGHTS_ALL, 1u << 5, NULL)) !=
		CAIRN_OK ||
	    (st = cairn_cnode_copy(wcnode, W_TCB, c, wtcb, CAIRN_RIGHTS_ALL,
				   NULL)) != CAIRN_OK) {
		return st;
	}
	fz.parked = 0;
	return CAIRN_OK;
}

/* Start the worker at its loop, with its CSpace, priority and buffer. */
static int
start_worker(void)
{
	word_t regs[CAIRN_REG_ARG0 + 1] = {0};
	regs[CAIRN_REG_IP] = (word_t)worker_main;
	regs[CAIRN_REG_SP] = cairn_entry_sp((word_t)(wstack + sizeof(wstack)));
	int st;

	cairn_tcb_suspend(wtcb);
	if ((st = cairn_tcb_configure(wtcb, fault_ep, wcnode, WGUARD,
				      CAIRN_ROOT_VSPACE,
				      CAIRN_IPC_BUFFER_ADDR + 1024,
				      CAIRN_ROOT_IPC_BUFFER)) != CAIRN_OK ||
	    (st = cairn_tcb_set_priority(wtcb, CAIRN_ROOT_TCB, WORKER_PRIO)) !=
		CAIRN_OK) {
		return st;
	}
	return cairn_tcb_write_registers(wtcb, 1, CAIRN_REG_ARG0 + 1, regs);
}

static int
setup(void)
{
	int st;

	pool = bi->untyped_first;
	next_slot = bi->free_first;
	/* The epoch's Untyped first, so it sits at the pool's start. */
	if ((st = make(pool, CAIRN_OBJ_UNTYPED, FUZZ_BITS, &fuzz_ut)) !=
		CAIRN_OK ||
	    (st = make(pool, CAIRN_OBJ_TCB, 0, &wtcb)) != CAIRN_OK ||
	    (st = make(pool, CAIRN_OBJ_ENDPOINT, 0, &fault_ep)) != CAIRN_OK ||
	    (st = make(pool, CAIRN_OBJ_REPLY, 0, &reply)) != CAIRN_OK) {
		return st;
	}
	wcnode = slot();
	cairn_tcb_set_name(wtcb, "fuzz-worker");
	/* Below the worker: this thread runs only when it cannot. */
	return cairn_tcb_set_priority(CAIRN_ROOT_TCB, CAIRN_ROOT_TCB,
				      WORKER_PRIO - 1);
}

/* The worker stopped: take its fault message, if it sent one, and
 * count what became of the call it was making. */
static void
collect_fault(void)
{
	struct cairn_msg m = {0};
	int got = 0;

	/* One worker, so at most one message; the reply object's last
	 * caller was taken off it when it was restarted. */
	int st = cairn_nbrecv(fault_ep, reply, &m);
	if (st == CAIRN_OK) {
		faults[m.label < 5 ? m.label : 0]++;
		got = 1;
	} else if (st != CAIRN_E_WOULD_BLOCK && fz.bad++ == 0) {
		fz.bad_call[0] = ~0ull; /* the supervisor's own receive */
		fz.bad_call[3] = (word_t)st;
	}
	if (fz.inflight) {
		fz.inflight = 0;
		if (got) {
			fz.faulted++;
		} else {
			fz.stopped++;
		}
	}
}

/* The whole Untyped, revoked, must be retypable as one block again. */
static int
check_whole(void)
{
	cptr_t c = CAIRN_ROOT_CNODE, probe = slot();
	int st = cairn_cnode_revoke(c, fuzz_ut);

	cairn_cnode_delete(c, wcnode);
	/* Two halves: a child may not be its parent's size. */
	slot();
	if (st == CAIRN_OK) {
		st = cairn_untyped_retype(fuzz_ut, CAIRN_OBJ_UNTYPED,
					  FUZZ_BITS - 1, c, probe, 2, NULL);
	}
	cairn_cnode_revoke(c, fuzz_ut);
	return st;
}

int main(const struct cairn_bootinfo *boot);

int
main(const struct cairn_bootinfo *boot)
{
	word_t a[4];
	int st;

	bi = boot;
	parse_args(a, 4);
	serial = a[1];
	fz.target = a[2];
	/* A new seed fits 63 bits, so that the shell takes it back. */
	fz.rng =
	    a[3] != 0 ? a[3] : (cairn_rdtsc() * 0x9E3779B97F4A7C15ull) >> 1 | 1;
	say("sysfuzz: seed %lu, %lu calls\n", fz.rng, fz.target);
	if ((st = setup()) != CAIRN_OK) {
		say("sysfuzz: cannot set up (%d)\n", st);
		return 1;
	}
	uint64_t t0 = cairn_rdtsc();
	while (fz.calls < fz.target && fz.bad == 0) {
		fz.epoch_end = fz.calls + EPOCH;
		if ((st = new_epoch()) != CAIRN_OK ||
		    (st = start_worker()) != CAIRN_OK) {
			say("sysfuzz: cannot start an epoch (%d)\n", st);
			return 1;
		}
		/* Here only when the worker cannot run. */
		while (!fz.parked) {
			collect_fault();
			restarts++;
			if ((st = start_worker()) != CAIRN_OK) {
				say("sysfuzz: cannot restart the worker (%d)\n",
				    st);
				return 1;
			}
		}
		collect_fault();
		cairn_tcb_suspend(wtcb);
		if (fz.calls % 100000 < EPOCH) {
			say("sysfuzz: %lu calls\n", fz.calls);
		}
	}
	uint64_t t1 = cairn_rdtsc();
	st = check_whole();

	word_t ok = fz.status[CAIRN_OK], errors = 0;
	for (int i = 1; i < CAIRN_E_COUNT; i++) {
		errors += fz.status[i];
	}
	say("sysfuzz: %lu calls: %lu succeeded, %lu errors, %lu faulted, "
	    "%lu blocked or stopped; %lu restarts\n",
	    fz.calls, ok, errors, fz.faulted, fz.stopped, restarts);
	say("sysfuzz: faults: %lu capability, %lu unknown syscall, %lu page, "
	    "%lu exception; %lu ticks a call\n",
	    faults[CAIRN_FAULT_CAP], faults[CAIRN_FAULT_UNKNOWN_SYSCALL],
	    faults[CAIRN_FAULT_PAGE], faults[CAIRN_FAULT_EXCEPTION],
	    fz.calls ? (t1 - t0) / fz.calls : 0);
	if (fz.bad != 0) {
		say("sysfuzz: FAILED: %lu statuses outside the ABI; first: "
		    "syscall %ld cap 0x%lx info 0x%lx -> %lu\n",
		    fz.bad, (long)fz.bad_call[0], fz.bad_call[1],
		    fz.bad_call[2], fz.bad_call[3]);
		return 1;
	}
	if (ok + errors + fz.faulted + fz.stopped != fz.calls) {
		say("sysfuzz: FAILED: %lu calls unaccounted for\n",
		    fz.calls - ok - errors - fz.faulted - fz.stopped);
		return 1;
	}
	if (st != CAIRN_OK) {
		say("sysfuzz: FAILED: the Untyped is not whole after revoke "
		    "(%d)\n",
		    st);
		return 1;
	}
	say("sysfuzz: the Untyped is whole again after revoke\n");
	return 0;
}
