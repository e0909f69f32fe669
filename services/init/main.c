/*
 * init: the root task's start.  It takes charge of
 * memory, maps the initramfs, starts what etc/boot.conf names, and then
 * serves every process's calls for the life of the system.
 */
#include "init.h"

#include <cairn/layout.h>

#include "cstring.h"
#include "process.h"

const struct cairn_bootinfo *bootinfo;
const uint8_t *initramfs;
word_t initramfs_size;

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
	slots_init(bi->free_first);
	map_initramfs();
	logf(1, "init: %lu MiB of memory, %lu KiB initramfs\n",
	     mem_total() >> 20, initramfs_size >> 10);
	proc_init();
	super_init();
	boot_start();
	serve();
}
