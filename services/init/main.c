/*
 * init: the root task's start.  It widens its CSpace, takes charge of
 * memory, maps the initramfs, starts what etc/boot.conf names, and then
 * serves every process's calls for the life of the system.
 */
#include "init.h"

#include <cairn/layout.h>

#include "cstring.h"
#include "proc.h"

const struct cairn_bootinfo *bootinfo;
const uint8_t *initramfs;
word_t initramfs_size;

/*
 * The kernel gives the root task a CNode of 4,096 slots; init holds the
 * capabilities of every process it starts, so it moves into one of 2^13
 * (8,192 slots, 256 KiB):
 * made from its pool, entered through TCB CONFIGURE, then filled by
 * moving every capability to the same slot number.
 */
static void
widen_cspace(void)
{
	const struct cairn_bootinfo *bi = bootinfo;
	cptr_t big = bi->free_first;	 /* the new CNode, in the old */
	cptr_t old = bi->free_first + 1; /* the old CNode, in the new */
	word_t guard = (0ull << 6) | (64 - INIT_RADIX);
	int st;

	st = init_make_at(CAIRN_OBJ_CNODE, INIT_RADIX, big);
	if (st != CAIRN_OK ||
	    cairn_cnode_mint(big, CAIRN_ROOT_CNODE, CAIRN_ROOT_CNODE, big,
			     CAIRN_RIGHTS_ALL, guard, NULL) != CAIRN_OK ||
	    cairn_cnode_copy(big, old, CAIRN_ROOT_CNODE, CAIRN_ROOT_CNODE,
			     CAIRN_RIGHTS_ALL, NULL) != CAIRN_OK ||
	    cairn_tcb_configure(CAIRN_ROOT_TCB, 0, big, guard,
				CAIRN_ROOT_VSPACE, bi->ipc_buffer,
				CAIRN_ROOT_IPC_BUFFER) != CAIRN_OK) {
		printf("init: cannot widen the CSpace (%d)\n", st);
		cairn_exit(1);
	}
	/* Now in the new CSpace: bring everything over. */
	for (cptr_t s = 1; s < bi->free_first; s++) {
		if (s != CAIRN_ROOT_CNODE) {
			cairn_cnode_move(CAIRN_ROOT_CNODE, s, old, s, NULL);
		}
	}
	/* The old CNode's last capabilities: it goes. */
	cairn_cnode_delete(old, CAIRN_ROOT_CNODE);
	cairn_cnode_delete(CAIRN_ROOT_CNODE, old);
	slots_init(bi->free_first + 2);
}

static void
map_initramfs(void)
{
	const struct cairn_bootinfo *bi = bootinfo;

	if (bi->nmodules == 0) {
		printf("init: no initramfs module\n");
		return;
	}
	const struct cairn_module_desc *m = &bi->modules[0];
	word_t at = layout_take(m->nframes << 12, 1ull << 21);
	for (word_t i = 0; i < m->nframes; i++) {
		int st =
		    init_map(m->frames + i, at + (i << 12), CAIRN_RIGHT_READ);
		if (st != CAIRN_OK) {
			printf("init: cannot map the initramfs (%d)\n", st);
			return;
		}
	}
	initramfs = (const uint8_t *)at;
	initramfs_size = m->size;
}

int main(const struct cairn_bootinfo *bi);

uint64_t init_start_tsc;

int
main(const struct cairn_bootinfo *bi)
{
	init_start_tsc = cairn_rdtsc();
	bootinfo = bi;
	mem_init();
	widen_cspace();
	map_initramfs();
	logf(1, "init: %lu MiB of memory, %lu KiB initramfs\n",
	     mem_total() >> 20, initramfs_size >> 10);
	proc_init();
	super_init();
	boot_start();
	serve();
}
