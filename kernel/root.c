/*
 * root: the root task.  Its objects are the only ones the kernel makes
 * from memory of its own choosing; they come from the boot account, and
 * everything left in it becomes Untyped capabilities for the root task.
 * After this the kernel allocates nothing.
 */
#include "root.h"

#include <cairn/bootinfo.h>
#include <cairn/layout.h>

#include "arch.h"
#include "console.h"
#include "cstring.h"
#include "elf.h"
#include "kobject.h"
#include "mapping.h"
#include "sched.h"
#include "tcb.h"

static struct {
	struct pmem *pm;
	struct cte *slots; /* the root CNode */
	uint64_t next;	   /* the next free slot */
	uint64_t asid;
	struct cairn_bootinfo *bi;
} r;

static uint64_t
page(void)
{
	uint64_t pa = pmem_alloc_page(r.pm, ~0ull);

	if (pa == 0) {
		panic("root: out of memory building the root task");
	}
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

/* Put c in the next free slot of the root CNode; return that slot. */
static struct cte *
add(struct cap c)
{
	if (r.next >= 1u << CAIRN_ROOT_CNODE_RADIX) {
		panic("root: the root CNode is full");
	}
	struct cte *s = &r.slots[r.next++];
	cte_insert(s, c, NULL, MDB_REVOCABLE);
	return s;
}

static void
put(unsigned slot, struct cap c)
{
	cte_insert(&r.slots[slot], c, NULL, MDB_REVOCABLE);
}

/*
 * Make every page table the mapping of vaddr needs, with capabilities:
 * the arch's table types from the root's level down.
 */
static void
ensure_tables(uint64_t vaddr)
{
	for (unsigned level = VSPACE_TABLE_LEVELS; level > 0; level--) {
		if (vspace_has_table(r.asid, vaddr, (int)level)) {
			continue;
		}
		struct cap c =
		    cap_make(vspace_table_type(level), CAIRN_RIGHTS_ALL,
			     CAIRN_PAGE_BITS, page(), 0);
		int err = vspace_map_cap(&c, r.asid, vaddr, CAIRN_RIGHTS_ALL);
		if (err != CAIRN_OK) {
			panic("root: cannot map a page table (%d)", err);
		}
		add(c);
	}
}

/* A new frame mapped at vaddr with the rights given; its address. */
static void *
map_new_frame(uint64_t vaddr, unsigned rights, unsigned slot)
{
	uint64_t pa = page();
	struct cap c =
	    cap_make(CAIRN_OBJ_FRAME, CAIRN_RIGHTS_ALL, CAIRN_PAGE_BITS, pa, 0);

	ensure_tables(vaddr);
	if (vspace_map_cap(&c, r.asid, vaddr, rights) != CAIRN_OK) {
		panic("root: cannot map 0x%lx", vaddr);
	}
	arch_root_frame_mapped(&c, rights);
	if (slot != 0) {
		put(slot, c);
	} else {
		add(c);
	}
	return phys_to_virt(pa);
}

static int
load_image(const struct boot_module *m, uint64_t *entry)
{
	const uint8_t *file = phys_to_virt(m->start);
	struct elf_image img;
	int err = elf_check(file, m->end - m->start, CAIRN_USER_TOP, &img);

	if (err != ELF_OK) {
		kprintf("root: '%s' refused: %s\n", m->name, elf_strerror(err));
		return -1;
	}
	if (img.pie) {
		/* The kernel does not relocate: the root task is linked where
		 * it runs. */
		kprintf("root: '%s' refused: position-independent; the root "
			"task must be a fixed-address executable\n",
			m->name);
		return -1;
	}
	for (int i = 0; i < img.nsegs; i++) {
		const struct elf_segment *s = &img.seg[i];
		unsigned rights =
		    CAIRN_RIGHT_READ |
		    (s->flags & ELF_PF_W ? CAIRN_RIGHT_WRITE : 0) |
		    (s->flags & ELF_PF_X ? CAIRN_RIGHT_EXEC : 0);
		for (uint64_t va = s->vaddr & ~(PAGE_SIZE - 1);
		     va < s->vaddr + s->memsz; va += PAGE_SIZE) {
			uint8_t *p = map_new_frame(va, rights, 0);
			/* The part of the file's bytes in this page. */
			uint64_t lo = va > s->vaddr ? va : s->vaddr;
			uint64_t hi = va + PAGE_SIZE;
			uint64_t fend = s->vaddr + s->filesz;
			hi = hi < fend ? hi : fend;
			if (hi > lo) {
				memcpy(p + (lo - va),
				       file + s->offset + (lo - s->vaddr),
				       hi - lo);
			}
		}
	}
	for (uint64_t va = CAIRN_USER_STACK_TOP - CAIRN_USER_STACK_SIZE;
	     va < CAIRN_USER_STACK_TOP; va += PAGE_SIZE) {
		map_new_frame(va, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE, 0);
	}
	*entry = img.entry;
	return 0;
}

static void
add_modules(const struct boot_info *bi)
{
	for (int i = 1; i < bi->nmodules && i <= CAIRN_BOOTINFO_MAX_MODULES;
	     i++) {
		const struct boot_module *m = &bi->modules[i];
		struct cairn_module_desc *d = &r.bi->modules[r.bi->nmodules++];
		d->frames = r.next;
		d->size = m->end - m->start;
		memcpy(d->name, m->name, sizeof(d->name) - 1);
		for (uint64_t pa = m->start; pa < m->end; pa += PAGE_SIZE) {
			add(cap_make(CAIRN_OBJ_FRAME, CAIRN_RIGHTS_ALL,
				     CAIRN_PAGE_BITS, pa, 0));
			d->nframes++;
		}
	}
}

static void
add_untyped(uint64_t base, unsigned bits, bool device)
{
	if (r.bi->nuntyped == CAIRN_BOOTINFO_MAX_UNTYPED) {
		kprintf("root: more Untyped blocks than bootinfo holds; "
			"0x%lx (2^%u bytes) left out\n",
			base, bits);
		return;
	}
	struct cairn_untyped_desc *d = &r.bi->untyped[r.bi->nuntyped++];
	d->phys = base;
	d->size_bits = (uint8_t)bits;
	d->device = device;
	/* RAM is handed over "used to the top", not zeroed: its first
	 * retype zeroes it, preemptibly (untyped.c).  Device memory is
	 * never zeroed and starts empty. */
	add(cap_make(CAIRN_OBJ_UNTYPED, CAIRN_RIGHTS_ALL, bits, base,
		     device ? 1ull << 63 : 1ull << bits));
}

/* Cut [base, end) into aligned power-of-two Untyped blocks. */
static uint64_t
carve(uint64_t base, uint64_t end, bool device)
{
	uint64_t total = 0;

	while (base < end) {
		unsigned bits =
		    pmem_block_bits(base, end, CAIRN_UNTYPED_MAX_BITS);
		add_untyped(base, bits, device);
		total += 1ull << bits;
		base += 1ull << bits;
	}
	return total;
}

/* Device memory, as the arch finds it: every range as device Untyped. */
static uint64_t
add_device_untyped(const struct boot_info *bi)
{
	static struct pmem dev;
	uint64_t total = 0;

	pmem_init(&dev);
	arch_device_memory(&dev, bi);
	for (int i = 0; i < dev.n; i++) {
		total += carve(dev.r[i].base, dev.r[i].end, true);
	}
	return total;
}

static void
make_objects(void)
{
	uint64_t cn = pmem_alloc_block(r.pm, CAIRN_ROOT_CNODE_RADIX + 5, ~0ull);

	if (cn == 0) {
		panic("root: no memory for the root CNode");
	}
	memset(phys_to_virt(cn), 0, 1ull << (CAIRN_ROOT_CNODE_RADIX + 5));
	r.slots = phys_to_virt(cn);
	r.next = CAIRN_ROOT_FIRST_DYNAMIC;
	put(CAIRN_ROOT_CNODE,
	    cap_make(CAIRN_OBJ_CNODE, CAIRN_RIGHTS_ALL, CAIRN_ROOT_CNODE_RADIX,
		     cn, cnode_w1(0, 64 - CAIRN_ROOT_CNODE_RADIX)));
	uint64_t tcb = page();
	tcb_init(phys_to_virt(tcb));
	put(CAIRN_ROOT_TCB,
	    cap_make(CAIRN_OBJ_TCB, CAIRN_RIGHTS_ALL, CAIRN_TCB_BITS, tcb, 0));
	uint64_t vs = page();
	arch_vspace_init(vs);
	r.asid = asid_alloc(vs);
	put(CAIRN_ROOT_VSPACE, cap_make(CAIRN_OBJ_VSPACE, CAIRN_RIGHTS_ALL,
					CAIRN_PAGE_BITS, vs, r.asid));
	put(CAIRN_ROOT_IRQ_CONTROL,
	    cap_make(CAIRN_CAP_IRQ_CONTROL, CAIRN_RIGHTS_ALL, 0, 0, 0));
	put(CAIRN_ROOT_DEBUG,
	    cap_make(CAIRN_CAP_DEBUG, CAIRN_RIGHTS_ALL, 0, 0, 0));
	arch_root_caps(r.slots);
}

/* The root task's arguments: its module string after the file name. */
static void
set_args(const char *name)
{
	while (*name != '\0' && *name != ' ') {
		name++;
	}
	while (*name == ' ') {
		name++;
	}
	size_t n = strlen(name);
	memcpy(r.bi->args, name,
	       n < sizeof(r.bi->args) - 1 ? n : sizeof(r.bi->args) - 1);
}

/* Point the root thread at its CNode, VSpace and IPC buffer. */
static struct tcb *
configure(uint64_t entry)
{
	struct tcb *t = cap_obj(&r.slots[CAIRN_ROOT_TCB].cap);
	struct cte *buf = &r.slots[CAIRN_ROOT_IPC_BUFFER];
	struct cap bc = buf->cap;

	bc.w1 = 0; /* the TCB's copy is not a mapping */
	cte_insert(&t->slots[TCB_CSPACE], r.slots[CAIRN_ROOT_CNODE].cap,
		   &r.slots[CAIRN_ROOT_CNODE], 0);
	cte_insert(&t->slots[TCB_VSPACE], r.slots[CAIRN_ROOT_VSPACE].cap,
		   &r.slots[CAIRN_ROOT_VSPACE], 0);
	cte_insert(&t->slots[TCB_IPC_BUFFER], bc, buf, 0);
	t->ipc_buffer = CAIRN_IPC_BUFFER_ADDR;
	arch_tcb_set_ipc_buffer(t, CAIRN_IPC_BUFFER_ADDR);
	((struct cairn_ipc_buffer *)tcb_ipc_buffer(t))->self =
	    CAIRN_IPC_BUFFER_ADDR;
	t->prio = 255;
	t->mcp = 255;
	memcpy(t->name, "root", 5);
	arch_tcb_start(t, entry, CAIRN_USER_STACK_TOP, CAIRN_BOOTINFO_ADDR);
	return t;
}

void
root_start(struct pmem *pm, const struct boot_info *bi)
{
	uint64_t entry;

	if (bi->nmodules == 0) {
		kprintf("boot: no boot module to run\n");
		return;
	}
	r.pm = pm;
	make_objects();
	r.bi = map_new_frame(CAIRN_BOOTINFO_ADDR, CAIRN_RIGHT_READ,
			     CAIRN_ROOT_BOOTINFO_FRAME);
	map_new_frame(CAIRN_IPC_BUFFER_ADDR,
		      CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE,
		      CAIRN_ROOT_IPC_BUFFER);
	r.bi->magic = CAIRN_BOOTINFO_MAGIC;
	r.bi->image_first = r.next;
	if (load_image(&bi->modules[0], &entry) != 0) {
		return;
	}
	r.bi->image_end = r.next;
	/* The root task's file is copied out: its pages become Untyped. */
	const struct boot_module *m0 = &bi->modules[0];
	pmem_add(pm, m0->start,
		 ((m0->end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)) - m0->start);
	add_modules(bi);
	r.bi->untyped_first = r.next;
	uint64_t ram = 0;
	for (int i = 0; i < pm->n; i++) {
		ram += carve(pm->r[i].base, pm->r[i].end, false);
	}
	pmem_init(pm); /* all of it is the root task's now */
	uint64_t dev = add_device_untyped(bi);
	r.bi->free_first = r.next;
	r.bi->free_end = 1u << CAIRN_ROOT_CNODE_RADIX;
	arch_root_bootinfo(r.bi);
	r.bi->ram_bytes = ram_usable;
	r.bi->ipc_buffer = CAIRN_IPC_BUFFER_ADDR;
	memcpy(r.bi->cmdline, bi->cmdline, sizeof(r.bi->cmdline) - 1);
	set_args(bi->modules[0].name);
	struct tcb *t = configure(entry);
	kprintf("root: '%s' entry 0x%lx; %lu Untyped (%lu KiB RAM, %lu KiB "
		"device), %lu slots used\n",
		bi->modules[0].name, entry, r.bi->nuntyped, ram >> 10,
		dev >> 10, r.next);
	sched_wake(t);
	kernel_exit();
}
