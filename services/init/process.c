/*
 * process: the process manager.  A process is a thread, a CNode, a VSpace
 * and frames, all made from one Untyped block of its quota's size:
 * reaping it is one revoke of that block, which takes back every object
 * and every byte, and the buddy allocator merges the block back.
 */
#include "process.h"

#include <cairn/layout.h>

#include "cstring.h"
#include "elf.h"
#include "fmt.h"
#include "tar.h"

static struct proc procs[MAX_PROCS];
static word_t next_pid = 1;

void
proc_init(void)
{
}

struct proc *
proc_get(word_t pid)
{
	for (int i = 0; i < MAX_PROCS; i++) {
		if (procs[i].pid == pid && pid != 0) {
			return &procs[i];
		}
	}
	return NULL;
}

struct proc *
proc_by_name(const char *name)
{
	for (int i = 0; i < MAX_PROCS; i++) {
		if (procs[i].pid != 0 &&
		    strcmp(procs[i].info.name, name) == 0) {
			return &procs[i];
		}
	}
	return NULL;
}

struct proc *
proc_next(word_t from)
{
	struct proc *best = NULL;

	for (int i = 0; i < MAX_PROCS; i++) {
		if (procs[i].pid >= from &&
		    (best == NULL || procs[i].pid < best->pid)) {
			best = &procs[i];
		}
	}
	return best;
}

/* Make count objects from p's block into cnode at index; 0 or error. */
int
proc_make_in(struct proc *p, word_t type, word_t size, cptr_t cnode,
	     cptr_t index, word_t count)
{
	int bits = cairn_object_bits(type, size);
	if (bits < 0) {
		return CAIRN_E_INVALID_ARGUMENT;
	}
	word_t at = (p->used + (1ull << bits) - 1) & ~((1ull << bits) - 1);

	if (at + (count << bits) > 1ull << p->block_bits) {
		return CAIRN_E_NO_MEMORY;
	}
	int st = cairn_untyped_retype(p->block, type, size, cnode, index, count,
				      NULL);
	if (st == CAIRN_OK) {
		p->used = at + (count << bits);
	}
	return st;
}

/* One object from p's block into the next of p's slots in init. */
cptr_t
proc_make(struct proc *p, word_t type, word_t size)
{
	if (p->next >= p->nslots) {
		return 0;
	}
	cptr_t s = p->slots + p->next;
	if (proc_make_in(p, type, size, CAIRN_ROOT_CNODE, s, 1) != CAIRN_OK) {
		return 0;
	}
	p->next++;
	return s;
}

static cptr_t
make_table(word_t type, void *arg)
{
	return proc_make(arg, type, 0);
}

int
proc_map(struct proc *p, cptr_t f, word_t vaddr, word_t rights)
{
	return space_map(f, p->vspace, vaddr, rights, make_table, p, p->spare);
}

/* A fresh zeroed page of p's, mapped at vaddr in its VSpace. */
cptr_t
proc_page(struct proc *p, word_t vaddr, word_t rights)
{
	cptr_t f = proc_make(p, CAIRN_OBJ_FRAME, 12);

	if (f == 0 || space_map(f, p->vspace, vaddr, rights, make_table, p,
				p->spare) != CAIRN_OK) {
		return 0;
	}
	return f;
}

/* The scratch window where init fills a process's pages. */
#define SCRATCH_PAGES 512 /* 2 MiB: the largest image init loads */
static word_t scratch;
static cptr_t scratch_slots;

void
proc_scratch_init(void)
{
	if (scratch == 0) {
		scratch = layout_take(SCRATCH_PAGES << 12, 1ull << 21);
		scratch_slots = slots_alloc_range(SCRATCH_PAGES);
	}
}

/* Map a copy of frame f at scratch page i in init. */
static void *
scratch_map(cptr_t f, word_t i)
{
	cptr_t c = scratch_slots + i;

	if (cairn_cnode_copy(CAIRN_ROOT_CNODE, c, CAIRN_ROOT_CNODE, f,
			     CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE,
			     NULL) != CAIRN_OK ||
	    init_map(c, scratch + (i << 12),
		     CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) != CAIRN_OK) {
		cairn_cnode_delete(CAIRN_ROOT_CNODE, c);
		return NULL;
	}
	return (void *)(scratch + (i << 12));
}

static void
scratch_unmap(word_t n)
{
	for (word_t i = 0; i < n; i++) {
		cairn_cnode_delete(CAIRN_ROOT_CNODE, scratch_slots + i);
	}
}

struct reloc_ctx {
	word_t base; /* where the image's vaddr 0 lands */
	word_t lo;   /* its lowest page, at scratch page 0 */
	word_t span;
};

static int
reloc_write(void *arg, uint64_t vaddr, uint64_t value)
{
	struct reloc_ctx *r = arg;
	word_t v = vaddr - r->base; /* the image's own address */
	word_t off = v - r->lo;

	if (v < r->lo || off > r->span || r->span - off < 8) {
		return -1;
	}
	memcpy((void *)(scratch + off), &value, 8);
	return 0;
}

int
proc_load_image(struct proc *p, const uint8_t *file, size_t size,
		const struct elf_image *img, word_t *entry, char *why,
		size_t whylen)
{
	word_t lo = ~0ull, hi = 0;

	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		word_t a = s->vaddr & ~0xFFFull;
		word_t b = (s->vaddr + s->memsz + 0xFFF) & ~0xFFFull;
		lo = a < lo ? a : lo;
		hi = b > hi ? b : hi;
	}
	word_t span = hi - lo;
	_Static_assert((SCRATCH_PAGES << 12) <= PROC_REGION / 2,
		       "an image that fits the scratch window fits a region");
	if (span > (SCRATCH_PAGES << 12)) {
		fmt_snprintf(why, whylen, "image too large (%lu KiB)",
			     span >> 10);
		return -1;
	}
	/* A PIE lands in p's region; a fixed image where it was linked. */
	word_t base = img->pie ? p->region + PROC_IMAGE - lo : 0;
	struct reloc_ctx rc = {base, lo, span};
	cptr_t frames[SCRATCH_PAGES];
	word_t n = span >> 12;

	for (word_t i = 0; i < n; i++) {
		frames[i] = proc_make(p, CAIRN_OBJ_FRAME, 12);
		if (frames[i] == 0 || scratch_map(frames[i], i) == NULL) {
			scratch_unmap(i);
			fmt_snprintf(why, whylen,
				     "out of memory for its image");
			return -1;
		}
	}
	for (int i = 0; i < img->nsegs; i++) {
		const struct elf_segment *s = &img->seg[i];
		memcpy((void *)(scratch + s->vaddr - lo), file + s->offset,
		       s->filesz);
	}
	if (img->pie &&
	    elf_relocate(file, size, img, base, reloc_write, &rc) != ELF_OK) {
		scratch_unmap(n);
		fmt_snprintf(why, whylen, "bad relocations");
		return -1;
	}
	scratch_unmap(n);
	/* Map each page with its segment's rights. */
	for (word_t i = 0; i < n; i++) {
		word_t va = lo + (i << 12), rights = CAIRN_RIGHT_READ;
		for (int k = 0; k < img->nsegs; k++) {
			const struct elf_segment *s = &img->seg[k];
			if (va + 0x1000 > s->vaddr &&
			    va < s->vaddr + s->memsz) {
				if (s->flags & ELF_PF_W) {
					rights |= CAIRN_RIGHT_WRITE;
				}
				if (s->flags & ELF_PF_X) {
					rights |= CAIRN_RIGHT_EXEC;
				}
			}
		}
		if (space_map(frames[i], p->vspace, base + va, rights,
			      make_table, p, p->spare) != CAIRN_OK) {
			fmt_snprintf(why, whylen, "cannot map its image");
			return -1;
		}
	}
	p->heap_next = (base + hi + 0x1000 + 0xFFFF) & ~0xFFFFull;
	p->info.heap_base = p->heap_next;
	p->info.heap_limit = p->region + PROC_REGION;
	p->heap_limit = p->info.heap_limit;
	*entry = img->entry + base;
	return 0;
}

static unsigned
quota_bits(word_t quota)
{
	unsigned b = 16;

	while ((1ull << b) < quota && b < 40) {
		b++;
	}
	return b;
}

static void
set_args(struct proc *p, int argc, const char *const *argv)
{
	word_t at = 0;

	p->info.argc = 0;
	for (int i = 0; i < argc && i < CAIRN_PROC_MAX_ARGS; i++) {
		size_t n = strlen(argv[i]) + 1;
		if (at + n > CAIRN_PROC_ARGS_BYTES) {
			break;
		}
		memcpy(p->info.args + at, argv[i], n);
		p->info.argv[p->info.argc++] = (uint16_t)at;
		at += n;
	}
}

/* Free what a failed or ended process holds: its block, its extra block
 * (with everything made from it) and its slots. */
static void
release(struct proc *p)
{
	if (p->block != 0) {
		logf(3, "init: release pid %lu block %lu slots %lu+%lu\n",
		     p->pid, p->block, p->slots, p->nslots);
		mem_release(p->block);
		p->block = 0;
	}
	if (p->extra_block != 0) {
		mem_release(p->extra_block);
		p->extra_block = 0;
	}
	if (p->extra_revoke != 0) {
		cairn_cnode_revoke(CAIRN_ROOT_CNODE, p->extra_revoke);
		p->extra_revoke = 0;
	}
	if (p->slots != 0) {
		for (word_t i = 0; i < p->next; i++) {
			cairn_cnode_delete(CAIRN_ROOT_CNODE, p->slots + i);
		}
		slots_free_range(p->slots, p->nslots);
		p->slots = 0;
	}
}

static cptr_t init_ep;

/* Everything but the grants: objects, image, stack, thread. */
static int
build(struct proc *p, const uint8_t *file, size_t size,
      const struct elf_image *img, int argc, const char *const *argv, char *why,
      size_t whylen)
{
	word_t r = p->region, entry = 0;
	unsigned cbits = p->m.cspace_bits;
	cptr_t fault = 0;

	if (init_ep == 0) {
		init_ep = names_endpoint("init", true);
	}
	p->cnode = proc_make(p, CAIRN_OBJ_CNODE, cbits);
	p->vspace = proc_make(p, CAIRN_OBJ_VSPACE, 0);
	p->tcb = proc_make(p, CAIRN_OBJ_TCB, 0);
	if (p->cnode == 0 || p->vspace == 0 || p->tcb == 0 ||
	    proc_make_in(p, CAIRN_OBJ_REPLY, 0, p->cnode, CAIRN_PROC_REPLY,
			 2) != CAIRN_OK ||
	    cairn_cnode_mint(
		p->cnode, CAIRN_PROC_INIT, CAIRN_ROOT_CNODE, init_ep,
		CAIRN_RIGHT_WRITE | CAIRN_RIGHT_GRANT | CAIRN_RIGHT_GRANT_REPLY,
		p->pid, NULL) != CAIRN_OK) {
		fmt_snprintf(why, whylen, "%s: out of memory for its objects",
			     p->m.name);
		return -1;
	}
	if (proc_load_image(p, file, size, img, &entry, why, whylen) != 0) {
		return -1;
	}
	cptr_t ipc =
	    proc_page(p, r + PROC_IPC, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE);
	for (word_t a = PROC_STACK; a < PROC_STACK + PROC_STACK_SIZE;
	     a += 0x1000) {
		if (proc_page(p, r + a, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) ==
		    0) {
			ipc = 0;
		}
	}
	if (ipc == 0) {
		fmt_snprintf(why, whylen, "%s: out of memory for its stack",
			     p->m.name);
		return -1;
	}
	set_args(p, argc, argv);
	if (grant_all(p, why, whylen) != 0) {
		return -1;
	}
	/* The procinfo page, filled through the scratch window. */
	cptr_t info = proc_make(p, CAIRN_OBJ_FRAME, 12);
	void *w = info != 0 ? scratch_map(info, 0) : NULL;
	if (w == NULL) {
		fmt_snprintf(why, whylen, "%s: out of memory", p->m.name);
		return -1;
	}
	memcpy(w, &p->info, sizeof(p->info));
	scratch_unmap(1);
	if (space_map(info, p->vspace, r + PROC_INFO, CAIRN_RIGHT_READ,
		      make_table, p, p->spare) != CAIRN_OK) {
		fmt_snprintf(why, whylen, "%s: out of memory", p->m.name);
		return -1;
	}
	/* Its thread: faults come to init, badged as such. */
	fault = slot_alloc();
	int st = fault == 0 ? CAIRN_E_NO_FREE_SLOT
			    : cairn_cnode_mint(CAIRN_ROOT_CNODE, fault,
					       CAIRN_ROOT_CNODE, init_ep,
					       CAIRN_RIGHT_WRITE,
					       FAULT_BADGE | p->pid, NULL);
	if (st == CAIRN_OK) {
		st = cairn_tcb_configure(p->tcb, fault, p->cnode, 64 - cbits,
					 p->vspace, r + PROC_IPC, ipc);
	}
	if (fault != 0) {
		cairn_cnode_delete(CAIRN_ROOT_CNODE, fault);
		slot_free(fault);
	}
	/* Drivers above other programs.  A program with `untyped` holds its
	 * own TCB and makes threads: its MCP is its priority, so that it
	 * may give them any up to its own, never more. */
	word_t prio = p->m.nirqs > 0 ? 200 : 100;
	if (st == CAIRN_OK) {
		st = cairn_tcb_set_priority(p->tcb, CAIRN_ROOT_TCB, prio);
	}
	if (st == CAIRN_OK && p->m.untyped != 0) {
		st = cairn_tcb_set_mcp(p->tcb, CAIRN_ROOT_TCB, prio);
	}
	if (st == CAIRN_OK) {
		/* Entry, stack and the procinfo as the first argument: the
		 * registers up to it, in the arch's order, the rest 0. */
		word_t regs[CAIRN_REG_ARG0 + 1] = {0};
		regs[CAIRN_REG_IP] = entry;
		regs[CAIRN_REG_SP] = p->info.stack_top;
		regs[CAIRN_REG_ARG0] = r + PROC_INFO;
		cairn_tcb_set_name(p->tcb, p->m.name);
		st = cairn_tcb_write_registers(p->tcb, 1, CAIRN_REG_ARG0 + 1,
					       regs);
	}
	if (st != CAIRN_OK) {
		fmt_snprintf(why, whylen, "%s: cannot start its thread (%d)",
			     p->m.name, st);
		return -1;
	}
	return 0;
}

/* Load prog, its file at data (size bytes), into the free entry p, as
 * pid; disk: the file came from the disk. */
static int
spawn_file(struct proc *p, const char *prog, const uint8_t *data, size_t size,
	   bool disk, int argc, const char *const *argv, word_t parent,
	   word_t pid, char *why, size_t whylen)
{
	struct elf_image img;

	proc_scratch_init();
	int st = elf_check(data, size, CAIRN_USER_TOP, &img);
	if (st != ELF_OK) {
		fmt_snprintf(why, whylen, "%s: bad ELF file: %s", prog,
			     elf_strerror(st));
		return -1;
	}
	memset(p, 0, sizeof(*p));
	p->disk = disk;
	if (load_manifest(p, prog, data, size, why, whylen) != 0) {
		return -1;
	}
	if (disk) {
		p->m.restart = MANIFEST_RESTART_NEVER; /* no file to restart */
	}
	p->block_bits = quota_bits(p->m.quota);
	p->block = mem_block(p->block_bits);
	/* A slot per page of its quota, and its grants (the regions it
	 * maps take slots of their own: shm.c). */
	p->nslots = ((1ull << p->block_bits) >> 12) + 64;
	p->slots = slots_alloc_range(p->nslots);
	logf(3, "init: %s slots %lu+%lu\n", prog, p->slots, p->nslots);
	if (p->block == 0 || p->slots == 0) {
		release(p);
		fmt_snprintf(why, whylen, "%s: out of memory (quota %lu KiB)",
			     prog, p->m.quota >> 10);
		return -1;
	}
	p->pid = pid;
	p->parent = parent;
	p->state = CAIRN_PS_RUNNING;
	p->region = layout_take(PROC_REGION, PROC_REGION);
	p->info.magic = CAIRN_PROCINFO_MAGIC;
	p->info.pid = p->pid;
	strcpy(p->info.name, p->m.name);
	p->info.tsc_hz = bootinfo->tsc_hz;
	p->info.ipc_buffer = p->region + PROC_IPC;
	p->info.stack_top = p->region + PROC_STACK + PROC_STACK_SIZE;
	p->info.cspace_slots = 1ull << p->m.cspace_bits;
	if (build(p, data, size, &img, argc, argv, why, whylen) != 0) {
		pcidev_release(pid); /* what its grants claimed */
		release(p);
		memset(p, 0, sizeof(*p));
		return -1;
	}
	return 0;
}

/* Load bin/<prog> of the initramfs into the free entry p, as pid. */
static int
spawn_into(struct proc *p, const char *prog, int argc, const char *const *argv,
	   word_t parent, word_t pid, char *why, size_t whylen)
{
	char path[64];
	struct tar_entry e;

	fmt_snprintf(path, sizeof(path), "bin/%s", prog);
	if (strlen(prog) == 0 || strlen(prog) > 15 ||
	    tar_find(initramfs, initramfs_size, path, &e) != TAR_OK) {
		fmt_snprintf(why, whylen, "%s: no such program", prog);
		return -1;
	}
	return spawn_file(p, prog, e.data, e.size, false, argc, argv, parent,
			  pid, why, whylen);
}

int
proc_fill(cptr_t f, const void *data, size_t n)
{
	void *w = scratch_map(f, 0);

	if (w == NULL) {
		return -1;
	}
	memcpy(w, data, n);
	scratch_unmap(1);
	return 0;
}

struct proc *
proc_alloc(word_t parent)
{
	for (int i = 0; i < MAX_PROCS; i++) {
		if (procs[i].pid == 0) {
			struct proc *p = &procs[i];
			memset(p, 0, sizeof(*p));
			p->pid = next_pid++;
			p->parent = parent;
			p->state = CAIRN_PS_RUNNING;
			return p;
		}
	}
	return NULL;
}

void
proc_discard(struct proc *p)
{
	release(p);
	memset(p, 0, sizeof(*p));
}

struct proc *
proc_spawn(const char *prog, int argc, const char *const *argv, word_t parent,
	   char *why, size_t whylen)
{
	for (int i = 0; i < MAX_PROCS; i++) {
		if (procs[i].pid == 0) {
			if (spawn_into(&procs[i], prog, argc, argv, parent,
				       next_pid, why, whylen) != 0) {
				return NULL;
			}
			next_pid++;
			return &procs[i];
		}
	}
	fmt_snprintf(why, whylen, "%s: too many processes", prog);
	return NULL;
}

struct proc *
proc_spawn_file(const char *prog, const uint8_t *file, size_t size, int argc,
		const char *const *argv, word_t parent, char *why,
		size_t whylen)
{
	for (int i = 0; i < MAX_PROCS; i++) {
		if (procs[i].pid == 0) {
			if (spawn_file(&procs[i], prog, file, size, true, argc,
				       argv, parent, next_pid, why,
				       whylen) != 0) {
				return NULL;
			}
			next_pid++;
			return &procs[i];
		}
	}
	fmt_snprintf(why, whylen, "%s: too many processes", prog);
	return NULL;
}

int
proc_restart(struct proc *p, char *why, size_t whylen)
{
	struct proc old = *p;
	const char *argv[CAIRN_PROC_MAX_ARGS];

	proc_reap(p);
	for (word_t i = 0; i < old.info.argc; i++) {
		argv[i] = old.info.args + old.info.argv[i];
	}
	if (spawn_into(p, old.info.name, (int)old.info.argc, argv, old.parent,
		       old.pid, why, whylen) != 0) {
		return -1;
	}
	p->restarts = old.restarts + 1;
	p->waiter = old.waiter; /* whoever waits keeps waiting */
	p->crashes = old.crashes;
	return 0;
}

void
proc_reap(struct proc *p)
{
	logf(3, "init: reaping %s (pid %lu)\n", p->info.name, p->pid);
	shm_forget(p->pid);
	if (p->tcb != 0) {
		cairn_tcb_suspend(p->tcb);
	}
	release(p);
	p->cnode = p->vspace = p->tcb = 0;
	p->spare[0] = p->spare[1] = p->spare[2] = 0;
	p->used = 0;
	p->next = 0;
}

void
proc_forget(struct proc *p)
{
	pcidev_release(p->pid);
	proc_reap(p);
	memset(p, 0, sizeof(*p));
}

word_t
proc_morecore(struct proc *p, word_t bytes)
{
	word_t at = p->heap_next;
	word_t n = (bytes + 0xFFF) & ~0xFFFull;

	if (n == 0 || n > p->heap_limit - at) {
		return 0;
	}
	for (word_t off = 0; off < n; off += 0x1000) {
		if (proc_page(p, at + off,
			      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) == 0) {
			/* What was mapped stays: the heap keeps it. */
			p->heap_next = at + off;
			return 0;
		}
	}
	p->heap_next = at + n;
	return at;
}
