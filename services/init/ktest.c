/*
 * ktest: the kernel test suite, the benchmarks and the system-call
 * fuzzer, run in place (the shell's `test`, `bench` and `fuzz`).  Each is a
 * root task by nature: it makes and destroys every kind of object.  init starts
 * it as the kernel starts the root task, in an address space and CSpace of its
 * own laid out as the root's (bootinfo, slots 1-8), with the powers the tests
 * need (copies of IRQ control, I/O port control and the debug capability) and
 * memory of its own: a 32 MiB Untyped from the buddy allocator and a small
 * device Untyped. Its objects come from a block of its own; when it ends, both
 * blocks are revoked, and the device Untyped too, so nothing is left behind. It
 * reports on the kernel's console (the debug capability), and ends by sending
 * init EXIT through an endpoint its arguments name.
 *
 * The fuzzer (bin/sysfuzz) is started the same way but unprivileged: no
 * IRQ control, no I/O port control, no debug capability, an 8 MiB
 * Untyped, a priority below every service, and the serial driver's
 * endpoint to report through (slot 4094).
 */
#include <cairn/layout.h>

#include "cstring.h"
#include "fmt.h"
#include "process.h"
#include "tar.h"

#define KT_RADIX       CAIRN_ROOT_CNODE_RADIX
#define KT_OWN_BITS    22 /* its own objects: image, stack, tables */
#define KT_POOL_BITS   25 /* the Untyped it tests with: 32 MiB */
#define KT_INIT_SLOT   ((1u << KT_RADIX) - 1)
#define KT_SERIAL_SLOT (KT_INIT_SLOT - 1)
#define FZ_POOL_BITS   23 /* the fuzzer's Untyped: 8 MiB */
#define FZ_PRIO	       50 /* below every service: the console stays alive */

static int
copy_in(struct proc *p, cptr_t slot, cptr_t from)
{
	return cairn_cnode_copy(p->cnode, slot, CAIRN_ROOT_CNODE, from,
				CAIRN_RIGHTS_ALL, NULL);
}

/* As copy_in, of a power the machine may lack (aarch64 has no I/O ports). */
static int
copy_in_if_held(struct proc *p, cptr_t slot, cptr_t from)
{
	int st = copy_in(p, slot, from);

	return st == CAIRN_E_EMPTY_SLOT ? CAIRN_OK : st;
}

/* A device Untyped of init's, for the tests that need one. */
static int
device_untyped(cptr_t *cap, word_t *phys)
{
	const struct cairn_bootinfo *bi = bootinfo;

	for (word_t i = 0; i < bi->nuntyped; i++) {
		if (bi->untyped[i].device && bi->untyped[i].size_bits > 12 &&
		    !mmio_uses(bi->untyped_first + i)) {
			*cap = bi->untyped_first + i;
			*phys = bi->untyped[i].phys;
			return 0;
		}
	}
	return -1;
}

static int
build(struct proc *p, const char *name, const char *args, bool privileged,
      const uint8_t *file, size_t size, const struct elf_image *img, char *why,
      size_t whylen)
{
	static struct cairn_bootinfo bi;
	word_t entry = 0, dev_phys = 0;
	cptr_t dev = 0;
	int st;

	p->cnode = proc_make(p, CAIRN_OBJ_CNODE, KT_RADIX);
	p->vspace = proc_make(p, CAIRN_OBJ_VSPACE, 0);
	p->tcb = proc_make(p, CAIRN_OBJ_TCB, 0);
	if (p->cnode == 0 || p->vspace == 0 || p->tcb == 0) {
		fmt_snprintf(why, whylen, "out of memory");
		return -1;
	}
	if (proc_load_image(p, file, size, img, &entry, why, whylen) != 0) {
		return -1;
	}
	for (word_t a = CAIRN_USER_STACK_TOP - CAIRN_USER_STACK_SIZE;
	     a < CAIRN_USER_STACK_TOP; a += 0x1000) {
		if (proc_page(p, a, CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) ==
		    0) {
			fmt_snprintf(why, whylen,
				     "out of memory for its stack");
			return -1;
		}
	}
	cptr_t info = proc_page(p, CAIRN_BOOTINFO_ADDR, CAIRN_RIGHT_READ);
	cptr_t ipc = proc_page(p, CAIRN_IPC_BUFFER_ADDR,
			       CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE);
	if (info == 0 || ipc == 0 || device_untyped(&dev, &dev_phys) != 0) {
		fmt_snprintf(why, whylen, "out of memory");
		return -1;
	}

	/* The root's slots 1-8 (the powers only if privileged). */
	cptr_t serial = names_endpoint("serial", false);
	st = CAIRN_OK;
	if (privileged) {
		if (copy_in(p, CAIRN_ROOT_IRQ_CONTROL,
			    CAIRN_ROOT_IRQ_CONTROL) != CAIRN_OK ||
		    copy_in_if_held(p, CAIRN_ROOT_IOPORT_CONTROL,
				    CAIRN_ROOT_IOPORT_CONTROL) != CAIRN_OK ||
		    copy_in(p, CAIRN_ROOT_DEBUG, CAIRN_ROOT_DEBUG) !=
			CAIRN_OK) {
			st = CAIRN_E_NO_MEMORY;
		}
	} else if (serial != 0) {
		st =
		    cairn_cnode_mint(p->cnode, KT_SERIAL_SLOT, CAIRN_ROOT_CNODE,
				     serial, CAIRN_RIGHT_WRITE, p->pid, NULL);
	}
	if (st != CAIRN_OK || copy_in(p, CAIRN_ROOT_TCB, p->tcb) != CAIRN_OK ||
	    cairn_cnode_mint(p->cnode, CAIRN_ROOT_CNODE, CAIRN_ROOT_CNODE,
			     p->cnode, CAIRN_RIGHTS_ALL, 64 - KT_RADIX,
			     NULL) != CAIRN_OK ||
	    copy_in(p, CAIRN_ROOT_VSPACE, p->vspace) != CAIRN_OK ||
	    cairn_cnode_mint(p->cnode, KT_INIT_SLOT, CAIRN_ROOT_CNODE,
			     names_endpoint("init", false), CAIRN_RIGHT_WRITE,
			     p->pid, NULL) != CAIRN_OK) {
		fmt_snprintf(why, whylen, "cannot give it its capabilities");
		return -1;
	}

	/*
	 * Its thread, configured while its frames are still init's.  Like
	 * the root task it has no fault handler (tests rely on what a
	 * thread without one sees): a crash of the suite itself is reported
	 * on the kernel's console and leaves `test` waiting.
	 */
	st = cairn_tcb_configure(p->tcb, 0, p->cnode, 64 - KT_RADIX, p->vspace,
				 CAIRN_IPC_BUFFER_ADDR, ipc);

	/* Frames of its image and stack, moved to slots 9 on. */
	cptr_t next = CAIRN_ROOT_FIRST_DYNAMIC;
	memset(&bi, 0, sizeof(bi));
	bi.image_first = next;
	for (word_t i = 0; i < p->next && st == CAIRN_OK; i++) {
		word_t type = 0, rights, sz, w1;
		cptr_t s = p->slots + i;
		if (s == info || s == ipc ||
		    cairn_debug_cap_info(s, &type, &rights, &sz, &w1) !=
			CAIRN_OK ||
		    type != CAIRN_OBJ_FRAME) {
			continue;
		}
		st = cairn_cnode_move(p->cnode, next++, CAIRN_ROOT_CNODE, s,
				      NULL);
	}
	bi.image_end = next;

	/* Its memory: a child of a block of its own, and a device one. */
	unsigned pool_bits = privileged ? KT_POOL_BITS : FZ_POOL_BITS;
	p->extra_block = mem_block(pool_bits + 1);
	bi.untyped_first = next;
	if (st == CAIRN_OK &&
	    (p->extra_block == 0 ||
	     cairn_untyped_retype(p->extra_block, CAIRN_OBJ_UNTYPED, pool_bits,
				  p->cnode, next, 1, NULL) != CAIRN_OK ||
	     cairn_untyped_retype(dev, CAIRN_OBJ_UNTYPED, 12, p->cnode,
				  next + 1, 1, NULL) != CAIRN_OK)) {
		st = CAIRN_E_NO_MEMORY;
	}
	p->extra_revoke = dev;
	bi.untyped[0] = (struct cairn_untyped_desc){
	    mem_phys(p->extra_block), pool_bits, 0, {0}};
	bi.untyped[1] = (struct cairn_untyped_desc){dev_phys, 12, 1, {0}};
	bi.nuntyped = 2;
	bi.magic = CAIRN_BOOTINFO_MAGIC;
	bi.free_first = next + 2;
	bi.free_end = KT_SERIAL_SLOT;
	bi.tsc_hz = bootinfo->tsc_hz;
	bi.ipc_buffer = CAIRN_IPC_BUFFER_ADDR;
	memcpy(bi.cmdline, bootinfo->cmdline, sizeof(bi.cmdline));
	fmt_snprintf(bi.args, sizeof(bi.args), "inplace %u %u %s", KT_INIT_SLOT,
		     KT_SERIAL_SLOT, args);
	if (st == CAIRN_OK && proc_fill(info, &bi, sizeof(bi)) != 0) {
		st = CAIRN_E_NO_MEMORY;
	}
	if (st == CAIRN_OK) {
		st = cairn_cnode_move(p->cnode, CAIRN_ROOT_BOOTINFO_FRAME,
				      CAIRN_ROOT_CNODE, info, NULL);
	}
	if (st == CAIRN_OK) {
		st = cairn_cnode_move(p->cnode, CAIRN_ROOT_IPC_BUFFER,
				      CAIRN_ROOT_CNODE, ipc, NULL);
	}

	/* As the root task: priority and MCP 255; the fuzzer far less. */
	word_t prio = privileged ? 255 : FZ_PRIO;
	if (st == CAIRN_OK) {
		st = cairn_tcb_set_mcp(p->tcb, CAIRN_ROOT_TCB, prio);
	}
	if (st == CAIRN_OK) {
		st = cairn_tcb_set_priority(p->tcb, CAIRN_ROOT_TCB, prio);
	}
	if (st == CAIRN_OK) {
		/* Entry, stack and the bootinfo as the first argument. */
		word_t regs[CAIRN_REG_ARG0 + 1] = {0};
		regs[CAIRN_REG_IP] = entry;
		regs[CAIRN_REG_SP] = CAIRN_USER_STACK_TOP;
		regs[CAIRN_REG_ARG0] = CAIRN_BOOTINFO_ADDR;
		cairn_tcb_set_name(p->tcb, name);
		st = cairn_tcb_write_registers(p->tcb, 1, CAIRN_REG_ARG0 + 1,
					       regs);
	}
	if (st != CAIRN_OK) {
		fmt_snprintf(why, whylen, "cannot start it (%d)", st);
		return -1;
	}
	return 0;
}

struct proc *
ktest_start(const char *name, const char *args, bool privileged, word_t parent,
	    char *why, size_t whylen)
{
	char path[32];

	struct tar_entry e;
	struct elf_image img;
	struct proc *p;

	proc_scratch_init();
	if (proc_by_name("ktest") != NULL || proc_by_name("bench") != NULL ||
	    proc_by_name("sysfuzz") != NULL) {
		fmt_snprintf(why, whylen, "a suite is running already");
		return NULL;
	}
	fmt_snprintf(path, sizeof(path), "bin/%s", name);
	if (tar_find(initramfs, initramfs_size, path, &e) != TAR_OK ||
	    elf_check(e.data, e.size, CAIRN_USER_TOP, &img) != ELF_OK ||
	    img.pie) {
		fmt_snprintf(why, whylen, "no %s", path);
		return NULL;
	}
	if ((p = proc_alloc(parent)) == NULL) {
		fmt_snprintf(why, whylen, "too many processes");
		return NULL;
	}
	strcpy(p->info.name, name);
	strcpy(p->m.name, name);
	p->block_bits = KT_OWN_BITS;
	p->block = mem_block(KT_OWN_BITS);
	p->nslots = 1024;
	p->slots = slots_alloc_range(p->nslots);
	p->region = 0; /* it lives where the root task does */
	if (p->block == 0 || p->slots == 0 ||
	    build(p, name, args, privileged, e.data, e.size, &img, why,
		  whylen) != 0) {
		proc_discard(p);
		if (why[0] == '\0') {
			fmt_snprintf(why, whylen, "out of memory");
		}
		return NULL;
	}
	return p;
}
