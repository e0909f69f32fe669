/*
 * serve: init's one loop.  Every process calls init through its
 * CAIRN_PROC_INIT capability, badged with its pid; faults arrive on the
 * same endpoint with FAULT_BADGE.  An answer is the reply's label (a
 * CAIRN_E_* status, 0 for success) and words.  A call that must wait
 * (WAIT) keeps its reply object and init takes another from its pool.
 */

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
	pcidev_release(p->pid); /* ended for good: its devices are free */
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

/*
 * SPAWN's work: MR0 flags, MR1 the arguments' length, the arguments from
 * MR<skip>.  The program is bin/<argv[0]> of the initramfs, or with file
 * (size bytes) that file, its name argv[0]'s last part.
 */
static word_t
do_spawn(struct proc *caller, struct cairn_msg *m, word_t skip,
	 const uint8_t *file, size_t size)
{
	char buf[CAIRN_PROC_ARGS_BYTES], why[96];
	const char *argv[CAIRN_PROC_MAX_ARGS];
	int argc = 0;
	bool detached = m->w[0] & CAIRN_SPAWN_DETACHED;
	size_t n = take_bytes(m, skip, m->w[1], buf, sizeof(buf));

	for (size_t i = 0; i < n && argc < CAIRN_PROC_MAX_ARGS;) {
		argv[argc++] = &buf[i];
		i += strlen(&buf[i]) + 1;
	}
	if (argc == 0) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	word_t parent = detached ? 0 : caller->pid;
	struct proc *p;
	if (file == NULL) {
		p = proc_spawn(argv[0], argc, argv, parent, why, sizeof(why));
	} else {
		const char *prog = argv[0];
		for (const char *s = argv[0]; *s != '\0'; s++) {
			prog = *s == '/' ? s + 1 : prog;
		}
		p = proc_spawn_file(prog, file, size, argc, argv, parent, why,
				    sizeof(why));
	}
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

/* The fixed slots p's caps lists: 1-3, and 4 if it holds its CNode. */
static word_t
fixed_caps(const struct proc *p)
{
	return p->m.receive || p->m.untyped != 0 ? 4 : 3;
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
	m->w[5] = fixed_caps(p) + p->info.ngrants;
	memset(&m->w[6], 0, 16);
	memcpy(&m->w[6], p->info.name, 15);
	return CAIRN_OK;
}

static const char *const grant_kind[] = {
    "",	    "ioport", "irq",	 "mmio", "needs", "provides", "replies",
    "wake", "pci",    "pci bar", "msi",	 "intx",  "notify",   "untyped"};

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
	word_t nfixed = fixed_caps(p);
	char line[64];
	if (i < nfixed) {
		m->w[0] = i + 1;
		fmt_snprintf(line, sizeof(line), "%s",
			     i == 3 && !p->m.receive ? "cnode (its own)"
						     : fixed[i]);
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
		case CAIRN_GRANT_NOTIFY:
			fmt_snprintf(line, sizeof(line),
				     "notification bound to its thread");
			break;
		case CAIRN_GRANT_UNTYPED:
			fmt_snprintf(line, sizeof(line),
				     "untyped %luM at 0x%lx (slots %u, %u), "
				     "vspace %u, tcb %u",
				     g->a >> 20, g->b, g->slot, g->slot + 1,
				     g->slot2, g->reserved);
			break;
		case CAIRN_GRANT_PCI:
		case CAIRN_GRANT_PCI_BAR:
		case CAIRN_GRANT_MSI:
		case CAIRN_GRANT_INTX:
			pcidev_describe(g, line, sizeof(line));
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

/*
 * The dispatch table.  Each call names the right it needs: none, `spawn`
 * or `control` from boot.conf, or `control` unless the target is the
 * caller's own child (KILL).  Then the fewest words it needs.  An
 * operation reads the call in c->m, leaves the answer's words there and
 * their number in c->len, and returns the status, or one of these:
 */
#define KEPT   (~0ull)	   /* it kept the reply object: answered later */
#define NO_ANS (~0ull - 1) /* nobody to answer (EXIT) */

enum need { NEED_NONE, NEED_SPAWN, NEED_CONTROL, NEED_CONTROL_OR_PARENT };

struct call {
	struct proc *p; /* the caller */
	struct cairn_msg *m;
	word_t len; /* the answer's words */
	cptr_t cap; /* a capability to answer with, or 0 */
};

struct init_op {
	word_t label;
	word_t min_len;
	enum need need;
	word_t (*fn)(struct call *c);
};

/* Put a reason in the answer: MR0 its length, then the text. */
static void
answer_why(struct call *c, const char *why)
{
	size_t k = strlen(why);

	k = k < CAIRN_INIT_WHY_MAX ? k : CAIRN_INIT_WHY_MAX;
	c->m->w[0] = k;
	memset(&c->m->w[1], 0, CAIRN_INIT_WHY_MAX);
	memcpy(&c->m->w[1], why, k);
	c->len = 1 + CAIRN_INIT_WHY_MAX / 8;
}

static word_t
op_exit(struct call *c)
{
	logf(2, "init: %s (pid %lu) exited with %lu\n", c->p->info.name,
	     c->p->pid, c->m->w[0]);
	proc_exited(c->p, c->m->w[0]);
	return NO_ANS;
}

static word_t
op_morecore(struct call *c)
{
	c->m->w[0] = proc_morecore(c->p, c->m->w[0]);
	c->len = 1;
	return c->m->w[0] != 0 ? CAIRN_OK : CAIRN_E_NO_MEMORY;
}

static word_t
op_spawn(struct call *c)
{
	word_t st = do_spawn(c->p, c->m, 2, NULL, 0);

	c->len = st == CAIRN_OK ? 1 : 1 + CAIRN_INIT_WHY_MAX / 8;
	return st;
}

/* A process with a restart policy is restarted by it, or the kill is
 * refused (docs/services.md, "Supervision"). */
static word_t
op_kill(struct call *c)
{
	struct proc *q = proc_get(c->m->w[0]);
	char why[CAIRN_INIT_WHY_MAX];
	word_t ms = 0;

	if (q == NULL || q == c->p || q->state != CAIRN_PS_RUNNING) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	int r = super_kill(q, &ms, why, sizeof(why));
	if (r < 0) {
		answer_why(c, why);
		return CAIRN_E_IN_USE;
	}
	c->m->w[0] = r == 0 ? CAIRN_KILL_ENDED : CAIRN_KILL_RESTARTING;
	c->m->w[1] = ms;
	c->len = 2;
	return CAIRN_OK;
}

static word_t
op_wait(struct call *c)
{
	struct proc *q = proc_get(c->m->w[0]);

	if (q == NULL || q->parent != c->p->pid || q->waiter != 0) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (q->state == CAIRN_PS_EXITED || q->state == CAIRN_PS_CRASHED) {
		c->m->w[0] = q->status;
		c->len = 1;
		proc_forget(q);
		return CAIRN_OK;
	}
	/* Keep this reply object until q ends. */
	cptr_t next = reply_take();
	if (next == 0) {
		return CAIRN_E_NO_MEMORY;
	}
	q->waiter = cur;
	cur = next;
	return KEPT;
}

static word_t
op_ps(struct call *c)
{
	c->len = 8;
	return do_ps(c->m);
}

static word_t
op_boot_times(struct call *c)
{
	c->m->w[0] = bootinfo->boot_tsc;
	c->m->w[1] = init_start_tsc;
	c->m->w[2] = bootinfo->tsc_hz;
	c->len = 3;
	return CAIRN_OK;
}

static word_t
op_mem(struct call *c)
{
	struct cairn_msg *m = c->m;

	m->w[0] = mem_total() + init_pool_used();
	m->w[1] = mem_free();
	m->w[2] = init_pool_used();
	m->w[3] = mem_total() - mem_free();
	resident(m);
	c->len = 8;
	return CAIRN_OK;
}

static word_t
op_caps(struct call *c)
{
	c->len = 9;
	return do_caps(c->m);
}

static word_t
op_ls(struct call *c)
{
	c->len = 17;
	return do_ls(c->m);
}

static word_t
op_read(struct call *c)
{
	return do_read(c->m, &c->len);
}

static word_t
op_poweroff(struct call *c)
{
	logf(1, "init: power off\n");
	cairn_debug_poweroff(c->m->w[0]);
}

static word_t
op_reboot(struct call *c)
{
	(void)c;
	do_reboot();
	return CAIRN_OK;
}

static word_t
op_log(struct call *c)
{
	if (c->m->w[0] > 3) {
		return CAIRN_E_RANGE;
	}
	init_log_level = (int)c->m->w[0];
	return CAIRN_OK;
}

static word_t
op_crash(struct call *c)
{
	return do_crash(c->m);
}

/* TEST, BENCH, FUZZ: a suite in place; its pid, to wait for. */
static word_t
op_suite(struct call *c)
{
	struct cairn_msg *m = c->m;
	char why[CAIRN_INIT_WHY_MAX] = "", args[48] = "";
	const char *name = m->label == CAIRN_INIT_TEST	  ? "ktest"
			   : m->label == CAIRN_INIT_BENCH ? "bench"
							  : "sysfuzz";

	if (m->label == CAIRN_INIT_FUZZ) {
		fmt_snprintf(args, sizeof(args), "%lu %lu", m->w[0], m->w[1]);
	}
	struct proc *k = ktest_start(name, args, m->label != CAIRN_INIT_FUZZ,
				     c->p->pid, why, sizeof(why));
	if (k == NULL) {
		answer_why(c, why);
		return CAIRN_E_NO_MEMORY;
	}
	m->w[0] = k->pid;
	c->len = 1;
	return CAIRN_OK;
}

/* Objects for the caller, from its block, in its CNode. */
static word_t
op_make(struct call *c)
{
	struct cairn_msg *m = c->m;

	if (m->w[0] != CAIRN_OBJ_ENDPOINT &&
	    m->w[0] != CAIRN_OBJ_NOTIFICATION && m->w[0] != CAIRN_OBJ_REPLY) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (m->w[1] < CAIRN_PROC_FIRST_GRANT ||
	    m->w[1] >= c->p->info.cspace_slots) {
		return CAIRN_E_RANGE;
	}
	return (word_t)proc_make_in(c->p, m->w[0], 0, c->p->cnode, m->w[1], 1);
}

static word_t
op_shm_create(struct call *c)
{
	cptr_t cap = 0;
	word_t st = shm_create(c->p, c->m, &cap);

	c->cap = st == CAIRN_OK ? cap : 0;
	c->len = 2;
	return st;
}

/* Map the region whose capability came along, unwrapped by the kernel
 * to its badge.  Anything else sent (another server's endpoint, say)
 * arrives as no badge, and is refused: a server mapping what a client
 * gave it never calls a capability that might not answer. */
static word_t
op_shm_map(struct call *c)
{
	word_t b = cairn_ipcbuf()->badges[0];

	c->len = 2;
	if (!(c->m->unwrapped & 1) || !(b & REGION_BADGE)) {
		return CAIRN_E_INVALID_CAP;
	}
	return shm_map(b & ~REGION_BADGE, c->p->pid, c->m);
}

static word_t
op_dma_alloc(struct call *c)
{
	word_t st = dma_alloc(c->p, c->m);

	c->len = st == CAIRN_OK ? 3 : 0;
	return st;
}

/* PCI_CONFIG, PCI_DEVICE, PCI_READY: the pci service's (pcidev.c). */
static word_t
op_pci(struct call *c)
{
	return pcidev_call(c->p, c->m, &c->len);
}

static const struct init_op ops[] = {
    {CAIRN_INIT_EXIT, 0, NEED_NONE, op_exit},
    {CAIRN_INIT_MORECORE, 1, NEED_NONE, op_morecore},
    {CAIRN_INIT_SPAWN, 2, NEED_SPAWN, op_spawn},
    {CAIRN_INIT_KILL, 1, NEED_CONTROL_OR_PARENT, op_kill},
    {CAIRN_INIT_WAIT, 1, NEED_NONE, op_wait},
    {CAIRN_INIT_PS, 1, NEED_NONE, op_ps},
    {CAIRN_INIT_MEM, 0, NEED_NONE, op_mem},
    {CAIRN_INIT_CAPS, 2, NEED_NONE, op_caps},
    {CAIRN_INIT_LS, 1, NEED_NONE, op_ls},
    {CAIRN_INIT_READ, 3, NEED_NONE, op_read},
    {CAIRN_INIT_POWEROFF, 1, NEED_CONTROL, op_poweroff},
    {CAIRN_INIT_REBOOT, 0, NEED_CONTROL, op_reboot},
    {CAIRN_INIT_LOG, 1, NEED_CONTROL, op_log},
    {CAIRN_INIT_CRASH, 1, NEED_CONTROL, op_crash},
    {CAIRN_INIT_TEST, 0, NEED_CONTROL, op_suite},
    {CAIRN_INIT_SHM_CREATE, 1, NEED_NONE, op_shm_create},
    {CAIRN_INIT_MAKE, 2, NEED_NONE, op_make},
    {CAIRN_INIT_BENCH, 0, NEED_CONTROL, op_suite},
    {CAIRN_INIT_FUZZ, 2, NEED_CONTROL, op_suite},
    {CAIRN_INIT_BOOT_TIMES, 0, NEED_NONE, op_boot_times},
    {CAIRN_INIT_DMA_ALLOC, 2, NEED_NONE, op_dma_alloc},
    {CAIRN_INIT_PCI_CONFIG, 1, NEED_NONE, op_pci},
    {CAIRN_INIT_PCI_DEVICE, 0, NEED_NONE, op_pci},
    {CAIRN_INIT_PCI_READY, 0, NEED_NONE, op_pci},
    {CAIRN_INIT_SHM_MAP, 0, NEED_NONE, op_shm_map},
};

static const struct init_op *
op_find(word_t label)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (ops[i].label == label) {
			return &ops[i];
		}
	}
	return NULL;
}

/* Does the caller hold the right op needs?  If not, the refusal's
 * words (SPAWN's says why). */
static bool
allowed(const struct init_op *op, struct call *c)
{
	const char *name = proc_rule_name(c->p);

	switch (op->need) {
	case NEED_SPAWN:
		if (bootconf_may_spawn(&bootconf, name)) {
			return true;
		}
		char why[CAIRN_INIT_WHY_MAX];
		fmt_snprintf(why, sizeof(why),
			     "%s may not start programs (boot.conf)",
			     c->p->info.name);
		answer_why(c, why);
		return false;
	case NEED_CONTROL:
		return bootconf_may_control(&bootconf, name);
	case NEED_CONTROL_OR_PARENT: {
		struct proc *q = proc_get(c->m->w[0]);
		return bootconf_may_control(&bootconf, name) ||
		       (q != NULL && q->parent == c->p->pid);
	}
	default:
		return true;
	}
}

/* A call of process p: through the table, then answered (unless kept). */
static void
call(struct proc *p, struct cairn_msg *m)
{
	struct call c = {.p = p, .m = m};
	const struct init_op *op = op_find(m->label);
	word_t status;

	if (op == NULL) {
		status = CAIRN_E_ILLEGAL_OPERATION;
	} else if (!allowed(op, &c)) {
		status = CAIRN_E_ILLEGAL_OPERATION;
	} else if (m->len < op->min_len) {
		status = CAIRN_E_INVALID_ARGUMENT;
	} else {
		status = op->fn(&c);
	}
	if (status != KEPT && status != NO_ANS) {
		answer_cap(cur, status, c.len, m, c.cap);
	}
}

/*
 * SPAWN on a region capability: start the program whose file the caller
 * put at the start of its region (MR0 flags, MR1 the arguments' length,
 * MR2 the file's bytes, the arguments from MR3), as SPAWN would.
 */
static word_t
region_spawn(word_t id, word_t pid, struct cairn_msg *m, word_t *len)
{
	struct proc *p = proc_get(pid);
	struct call c = {.p = p, .m = m};
	static const struct init_op spawn = {0, 3, NEED_SPAWN, NULL};
	word_t size;

	if (p == NULL || p->state != CAIRN_PS_RUNNING) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	if (!allowed(&spawn, &c)) {
		*len = 1 + CAIRN_INIT_WHY_MAX / 8;
		return CAIRN_E_ILLEGAL_OPERATION;
	}
	if (m->len < 3) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	const uint8_t *file = shm_view(id, pid, &size);
	if (file == NULL) {
		return CAIRN_E_INVALID_ARGUMENT; /* not a region of its own */
	}
	word_t st = CAIRN_E_RANGE;
	if (m->w[2] != 0 && m->w[2] <= size) {
		st = do_spawn(p, m, 3, file, m->w[2]);
	}
	shm_unview();
	*len = st == CAIRN_OK ? 1 : 1 + CAIRN_INIT_WHY_MAX / 8;
	return st;
}

static void
handle(struct cairn_msg *m)
{
	word_t badge = m->badge;

	if (badge & REGION_BADGE) {
		/* The caller names itself by its own init capability, sent
		 * along and unwrapped to its badge: the pid. */
		word_t pid = (m->unwrapped & 1) ? cairn_ipcbuf()->badges[0] : 0;
		word_t len = 2, status = CAIRN_E_ILLEGAL_OPERATION;
		if (m->label == CAIRN_REGION_MAP) {
			status = shm_map(badge & ~REGION_BADGE, pid, m);
		} else if (m->label == CAIRN_REGION_SPAWN) {
			status =
			    region_spawn(badge & ~REGION_BADGE, pid, m, &len);
		}
		answer(cur, status, len, m);
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
	call(p, m);
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
