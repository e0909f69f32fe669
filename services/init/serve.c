/*
 * serve: init's one loop.  Every process calls init through its
 * CAIRN_PROC_INIT capability, badged with its pid; faults arrive on the
 * same endpoint with FAULT_BADGE.  An answer is the reply's label (a
 * CAIRN_E_* status, 0 for success) and words.  A call that must wait
 * (WAIT) keeps its reply object and init takes another from its pool.
 */
#include <cairn/service.h>

#include "bootconf.h"
#include "cstring.h"
#include "fmt.h"
#include "process.h"
#include "tar.h"

#define NREPLIES 16

static cptr_t pool[NREPLIES]; /* reply objects not kept by a waiter */
static int npool;
static cptr_t cur; /* the one the next receive binds */

static cptr_t
reply_take(void)
{
	return npool > 0 ? pool[--npool] : 0;
}

static void
reply_give(cptr_t r)
{
	if (npool < NREPLIES) {
		pool[npool++] = r;
	}
}

/* Answer through reply object r; with a capability if cap is not 0. */
static void
answer_cap(cptr_t r, word_t status, word_t len, struct cairn_msg *m, cptr_t cap)
{
	m->caps = cap != 0;
	cairn_ipcbuf()->caps[0] = cap;
	cairn_reply(r, status, len, m);
}

static void
answer(cptr_t r, word_t status, word_t len, struct cairn_msg *m)
{
	answer_cap(r, status, len, m, 0);
}

/* Bytes from the message's words (after skip words): a string. */
static size_t
take_bytes(const struct cairn_msg *m, word_t skip, word_t n, char *buf,
	   size_t size)
{
	word_t room = m->len > skip ? (m->len - skip) * 8 : 0;

	if (n > room) {
		n = room;
	}
	if (n >= size) {
		n = size - 1;
	}
	memcpy(buf, &m->w[skip], n);
	buf[n] = '\0';
	return n;
}

void
proc_exited(struct proc *p, word_t status)
{
	p->status = status;
	proc_reap(p);
	p->state = CAIRN_PS_EXITED;
	/* Its children: nobody will wait for them now. */
	for (struct proc *c = proc_next(1); c != NULL;
	     c = proc_next(c->pid + 1)) {
		if (c->parent == p->pid && c != p) {
			c->parent = 0;
			if (c->state == CAIRN_PS_EXITED ||
			    c->state == CAIRN_PS_CRASHED) {
				proc_forget(c);
			}
		}
	}
	if (p->waiter != 0) {
		struct cairn_msg m = {0};
		m.w[0] = status;
		answer(p->waiter, CAIRN_OK, 1, &m);
		reply_give(p->waiter);
		proc_forget(p);
	} else if (p->parent == 0) {
		/* Started by init: no one will collect it. */
		proc_forget(p);
	}
}

static word_t
do_spawn(struct proc *caller, struct cairn_msg *m)
{
	char buf[CAIRN_PROC_ARGS_BYTES], why[96];
	const char *argv[CAIRN_PROC_MAX_ARGS];
	int argc = 0;
	bool detached = m->w[0] & CAIRN_SPAWN_DETACHED;
	size_t n = take_bytes(m, 2, m->w[1], buf, sizeof(buf));

	for (size_t i = 0; i < n && argc < CAIRN_PROC_MAX_ARGS;) {
		argv[argc++] = &buf[i];
		i += strlen(&buf[i]) + 1;
	}
	if (argc == 0) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (!bootconf_may_spawn(&bootconf, caller->info.name)) {
		fmt_snprintf(why, sizeof(why),
			     "%s may not start programs (boot.conf)",
			     caller->info.name);
		size_t k = strlen(why);
		m->w[0] = k;
		memcpy(&m->w[1], why, k + 1);
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	struct proc *p = proc_spawn(
	    argv[0], argc, argv, detached ? 0 : caller->pid, why, sizeof(why));
	if (p == NULL) {
		/* The reason goes back as the answer's words. */
		size_t k = strlen(why);
		m->w[0] = k;
		memcpy(&m->w[1], why, k + 1);
		return CAIRN_E_INVALID_ARGUMENT;
	}
	logf(2, "init: started %s (pid %lu)\n", p->info.name, p->pid);
	m->w[0] = p->pid;
	return CAIRN_OK;
}

static word_t
do_ps(struct cairn_msg *m)
{
	struct proc *p = proc_next(m->w[0]);

	if (p == NULL) {
		return CAIRN_E_RANGE;
	}
	m->w[0] = p->pid;
	m->w[1] = (word_t)p->state;
	m->w[2] = p->used;
	m->w[3] = p->block_bits != 0 ? 1ull << p->block_bits : 0;
	m->w[4] = (word_t)p->restarts;
	m->w[5] = (p->m.receive ? 4 : 3) + p->info.ngrants;
	memset(&m->w[6], 0, 16);
	memcpy(&m->w[6], p->info.name, 15);
	return CAIRN_OK;
}

static const char *const grant_kind[] = {
    "", "ioport", "irq", "mmio", "needs", "provides", "replies", "wake"};

/* Grant k of p, a CAIRN_GRANT_MMIO: which of its manifest's ranges. */
static const struct manifest_range *
mmio_range(const struct proc *p, word_t k)
{
	int n = 0;

	for (word_t i = 0; i < k; i++) {
		n += p->info.grants[i].kind == CAIRN_GRANT_MMIO;
	}
	return &p->m.mmio[n];
}

static word_t
do_caps(struct cairn_msg *m)
{
	struct proc *p = proc_get(m->w[0]);
	word_t i = m->w[1];

	if (p == NULL || p->state != CAIRN_PS_RUNNING) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	/* The fixed slots, then each grant. */
	static const char *const fixed[] = {
	    "endpoint init (calls)", "reply object", "reply object",
	    "cnode (its own: to receive capabilities)"};
	word_t nfixed = p->m.receive ? 4 : 3;
	char line[64];
	if (i < nfixed) {
		m->w[0] = i + 1;
		fmt_snprintf(line, sizeof(line), "%s", fixed[i]);
	} else if (i - nfixed < p->info.ngrants) {
		const struct cairn_grant *g = &p->info.grants[i - nfixed];
		m->w[0] = g->slot;
		switch (g->kind) {
		case CAIRN_GRANT_IOPORT:
			fmt_snprintf(line, sizeof(line), "ioport 0x%lx-0x%lx",
				     g->a, g->a + g->b - 1);
			break;
		case CAIRN_GRANT_IRQ:
			fmt_snprintf(line, sizeof(line),
				     "irq %lu handler, notification in %u",
				     g->a, g->slot2);
			break;
		case CAIRN_GRANT_MMIO: {
			/* Mapped, its frames in init's slots: none of its. */
			const struct manifest_range *r =
			    mmio_range(p, i - nfixed);
			m->w[0] = 0;
			fmt_snprintf(line, sizeof(line),
				     "mmio 0x%lx-0x%lx at 0x%lx", r->base,
				     r->base + r->len - 1, g->a);
			break;
		}
		case CAIRN_GRANT_REPLIES:
			fmt_snprintf(line, sizeof(line),
				     "%lu reply objects, to slot %lu", g->a,
				     g->slot + g->a - 1);
			break;
		case CAIRN_GRANT_WAKE:
			fmt_snprintf(line, sizeof(line),
				     "notification: wakes init");
			break;
		default:
			fmt_snprintf(line, sizeof(line), "endpoint %s (%s)",
				     g->name, grant_kind[g->kind]);
		}
	} else {
		return CAIRN_E_RANGE;
	}
	memset(&m->w[1], 0, 64);
	memcpy(&m->w[1], line, strlen(line));
	return CAIRN_OK;
}

static word_t
do_ls(struct cairn_msg *m)
{
	struct tar_iter it;
	struct tar_entry e;
	word_t want = m->w[0], k = 0;

	tar_begin(&it, initramfs, initramfs_size);
	while (tar_next(&it, &e) == 1) {
		if (e.type != TAR_FILE) {
			continue;
		}
		if (k++ == want) {
			size_t n = strlen(e.name);
			n = n > 120 ? 120 : n;
			m->w[0] = e.size;
			memset(&m->w[1], 0, 128);
			memcpy(&m->w[1], e.name, n);
			return CAIRN_OK;
		}
	}
	return CAIRN_E_RANGE;
}

static word_t
do_read(struct cairn_msg *m, word_t *len)
{
	char path[128];
	struct tar_entry e;
	word_t off = m->w[0], want = m->w[1];

	take_bytes(m, 3, m->w[2], path, sizeof(path));
	if (tar_find(initramfs, initramfs_size, path, &e) != TAR_OK) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (off > e.size) {
		off = e.size;
	}
	word_t n = e.size - off;
	if (n > want) {
		n = want;
	}
	if (n > 480) {
		n = 480;
	}
	m->w[0] = n;
	memcpy(&m->w[1], e.data + off, n);
	*len = 1 + (n + 7) / 8;
	return CAIRN_OK;
}

static void
do_reboot(void)
{
	/* The kernel's: the PC's keyboard controller, PSCI on aarch64. */
	cairn_debug_reboot();
	logf(0, "init: reboot failed; powering off\n");
	cairn_debug_poweroff(0);
}

static word_t
do_crash(struct cairn_msg *m)
{
	char name[16];

	take_bytes(m, 1, m->w[0], name, sizeof(name));
	struct proc *p = proc_by_name(name);
	if (p == NULL || p->state != CAIRN_PS_RUNNING) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	/* A jump to address 0: an instruction fetch page fault. */
	word_t regs[1] = {0};
	cairn_tcb_suspend(p->tcb);
	return (word_t)cairn_tcb_write_registers(p->tcb, 1, 1, regs);
}

/*
 * What is resident, for MEM's words 4-7: the kernel (its image and what it
 * made at boot: page tables, the root task's first CNode and objects), init
 * (its image and stack frames, and the objects it made for itself), the
 * processes (the objects made from their quotas: the rest of a quota is
 * reserved, not used), and the initramfs's files apart.
 */
static void
resident(struct cairn_msg *m)
{
	const struct cairn_bootinfo *bi = bootinfo;
	word_t boot = bi->ram_bytes, image, procs = 0, files = 0;

	for (word_t i = 0; i < bi->nuntyped; i++) {
		if (!bi->untyped[i].device) {
			boot -= 1ull << bi->untyped[i].size_bits;
		}
	}
	for (word_t i = 0; i < bi->nmodules; i++) {
		files += bi->modules[i].nframes << 12;
	}
	boot -= files;
	image = (bi->image_end - bi->image_first) << 12;
	for (struct proc *p = proc_next(1); p != NULL;
	     p = proc_next(p->pid + 1)) {
		procs += p->used;
	}
	m->w[4] = boot - image;
	m->w[5] = image + init_pool_used();
	m->w[6] = procs;
	m->w[7] = files;
}

static void
handle(struct cairn_msg *m)
{
	word_t badge = m->badge, status = CAIRN_OK, len = 0;

	if (badge & REGION_BADGE) {
		/* The caller names itself by its own init capability, sent
		 * along and unwrapped to its badge: the pid. */
		word_t pid = (m->unwrapped & 1) ? cairn_ipcbuf()->badges[0] : 0;
		status = m->label == CAIRN_REGION_MAP
			     ? shm_map(badge & ~REGION_BADGE, pid, m)
			     : CAIRN_E_ILLEGAL_OPERATION;
		answer(cur, status, 2, m);
		return;
	}
	struct proc *p = proc_get(badge & ~FAULT_BADGE);

	if (p == NULL) {
		/* A capability of a process gone (passed on, say): refuse. */
		if (!(badge & FAULT_BADGE)) {
			answer(cur, CAIRN_E_INVALID_ARGUMENT, 0, m);
		}
		return;
	}
	if (badge & FAULT_BADGE) {
		super_fault(p, m);
		return;
	}
	/*
	 * What acts on other processes or on the machine (killing, fault
	 * injection, power, the in-place suites, the log level) is for
	 * programs boot.conf allows `control` (the shell); anyone may kill
	 * its own children.
	 */
	bool trusted = bootconf_may_control(&bootconf, p->info.name);
	switch (m->label) {
	case CAIRN_INIT_LOG:
	case CAIRN_INIT_CRASH:
	case CAIRN_INIT_POWEROFF:
	case CAIRN_INIT_REBOOT:
	case CAIRN_INIT_TEST:
	case CAIRN_INIT_BENCH:
	case CAIRN_INIT_FUZZ:
		if (!trusted) {
			answer(cur, CAIRN_E_ILLEGAL_OPERATION, 0, m);
			return;
		}
		break;
	case CAIRN_INIT_KILL: {
		struct proc *q = proc_get(m->w[0]);
		if (!trusted && (q == NULL || q->parent != p->pid)) {
			answer(cur, CAIRN_E_ILLEGAL_OPERATION, 0, m);
			return;
		}
		break;
	}
	default:
		break;
	}
	switch (m->label) {
	case CAIRN_INIT_EXIT:
		logf(2, "init: %s (pid %lu) exited with %lu\n", p->info.name,
		     p->pid, m->w[0]);
		proc_exited(p, m->w[0]);
		return;
	case CAIRN_INIT_MORECORE:
		m->w[0] = proc_morecore(p, m->w[0]);
		status = m->w[0] != 0 ? CAIRN_OK : CAIRN_E_NO_MEMORY;
		len = 1;
		break;
	case CAIRN_INIT_SPAWN:
		status = do_spawn(p, m);
		len = status == CAIRN_OK ? 1 : 13;
		break;
	case CAIRN_INIT_KILL: {
		struct proc *q = proc_get(m->w[0]);
		if (q == NULL || q == p || q->state != CAIRN_PS_RUNNING) {
			status = CAIRN_E_INVALID_ARGUMENT;
			break;
		}
		logf(1, "init: killed %s (pid %lu)\n", q->info.name, q->pid);
		proc_exited(q, 137);
		break;
	}
	case CAIRN_INIT_WAIT: {
		struct proc *q = proc_get(m->w[0]);
		if (q == NULL || q->parent != p->pid || q->waiter != 0) {
			status = CAIRN_E_INVALID_ARGUMENT;
			break;
		}
		if (q->state == CAIRN_PS_EXITED ||
		    q->state == CAIRN_PS_CRASHED) {
			m->w[0] = q->status;
			len = 1;
			proc_forget(q);
			break;
		}
		/* Keep this reply object until q ends. */
		cptr_t next = reply_take();
		if (next == 0) {
			status = CAIRN_E_NO_MEMORY;
			break;
		}
		q->waiter = cur;
		cur = next;
		return;
	}
	case CAIRN_INIT_PS:
		status = do_ps(m);
		len = 8;
		break;
	case CAIRN_INIT_BOOT_TIMES:
		m->w[0] = bootinfo->boot_tsc;
		m->w[1] = init_start_tsc;
		m->w[2] = bootinfo->tsc_hz;
		len = 3;
		break;
	case CAIRN_INIT_MEM:
		m->w[0] = mem_total() + init_pool_used();
		m->w[1] = mem_free();
		m->w[2] = init_pool_used();
		m->w[3] = mem_total() - mem_free();
		resident(m);
		len = 8;
		break;
	case CAIRN_INIT_CAPS:
		status = do_caps(m);
		len = 9;
		break;
	case CAIRN_INIT_LS:
		status = do_ls(m);
		len = 17;
		break;
	case CAIRN_INIT_READ:
		status = do_read(m, &len);
		break;
	case CAIRN_INIT_POWEROFF:
		logf(1, "init: power off\n");
		cairn_debug_poweroff(m->w[0]);
	case CAIRN_INIT_REBOOT:
		do_reboot();
		break;
	case CAIRN_INIT_LOG:
		if (m->w[0] > 3) {
			status = CAIRN_E_RANGE;
		} else {
			init_log_level = (int)m->w[0];
		}
		break;
	case CAIRN_INIT_CRASH:
		status = do_crash(m);
		break;
	case CAIRN_INIT_TEST:
	case CAIRN_INIT_BENCH:
	case CAIRN_INIT_FUZZ: {
		char why[96] = "", args[48] = "";
		const char *name = m->label == CAIRN_INIT_TEST	  ? "ktest"
				   : m->label == CAIRN_INIT_BENCH ? "bench"
								  : "sysfuzz";
		if (m->label == CAIRN_INIT_FUZZ) {
			fmt_snprintf(args, sizeof(args), "%lu %lu", m->w[0],
				     m->w[1]);
		}
		struct proc *k =
		    ktest_start(name, args, m->label != CAIRN_INIT_FUZZ, p->pid,
				why, sizeof(why));
		if (k == NULL) {
			size_t n = strlen(why);
			m->w[0] = n;
			memcpy(&m->w[1], why, n + 1);
			status = CAIRN_E_NO_MEMORY;
			len = 13;
		} else {
			m->w[0] = k->pid;
			len = 1;
		}
		break;
	}
	case CAIRN_INIT_MAKE:
		/* Objects for the caller, from its block, in its CNode. */
		if (m->w[0] != CAIRN_OBJ_ENDPOINT &&
		    m->w[0] != CAIRN_OBJ_NOTIFICATION &&
		    m->w[0] != CAIRN_OBJ_REPLY) {
			status = CAIRN_E_INVALID_ARGUMENT;
		} else if (m->w[1] < CAIRN_PROC_FIRST_GRANT ||
			   m->w[1] >= p->info.cspace_slots) {
			status = CAIRN_E_RANGE;
		} else {
			status = (word_t)proc_make_in(p, m->w[0], 0, p->cnode,
						      m->w[1], 1);
		}
		break;
	case CAIRN_INIT_SHM_CREATE: {
		cptr_t cap = 0;
		status = shm_create(p, m, &cap);
		answer_cap(cur, status, 2, m, status == CAIRN_OK ? cap : 0);
		return;
	}
	default:
		status = CAIRN_E_ILLEGAL_OPERATION;
	}
	answer(cur, status, len, m);
}

void
serve(void)
{
	cptr_t ep = names_endpoint("init", true);

	for (int i = 0; i < NREPLIES; i++) {
		cptr_t r = init_make(CAIRN_OBJ_REPLY, 0);
		if (r != 0) {
			reply_give(r);
		}
	}
	cur = reply_take();
	for (;;) {
		struct cairn_msg m = {0};
		int st = cairn_recv(ep, cur, &m);
		if (st == CAIRN_E_IN_USE) {
			/* cur still has a caller nobody answered: answer it. */
			answer(cur, CAIRN_E_ILLEGAL_OPERATION, 0, &m);
			continue;
		}
		if (st != CAIRN_OK) {
			continue;
		}
		/* A wake-up from the timer service, or a call; a call may
		 * carry any label, even the notification one, but not the
		 * wake-up's badge. */
		if (m.label != CAIRN_LABEL_NOTIFICATION ||
		    m.badge != WAKE_BADGE) {
			handle(&m);
		}
		super_due(); /* woken by the timer, or passing by */
	}
}
