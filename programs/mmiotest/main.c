/*
 * mmiotest: device memory by manifest.  It asks for one page of the VGA
 * adapter's memory (QEMU's standard VGA puts it at 0xfd000000), writes
 * there and reads back.  Its manifest and boot.conf allow that page and
 * nothing else.
 */
#include <cairn/manifest.h>
#include <stdio.h>

#include "procrt.h"

CAIRN_MANIFEST("name mmiotest\n"
	       "description writes and reads a page of VGA memory\n"
	       "quota 128K\n"
	       "mmio 0xfd000000 0x1000\n"
	       "needs serial\n");

int
main(int argc, char **argv)
{
	const struct cairn_grant *g = cairn_grant_find(CAIRN_GRANT_MMIO, NULL);

	(void)argc;
	(void)argv;
	if (g == NULL) {
		printf("mmiotest: no device memory\n");
		return 1;
	}
	volatile uint32_t *w = (volatile uint32_t *)g->a;
	uint32_t old = w[0];
	w[0] = 0x5A5AA5A5u;
	uint32_t got = w[0];
	w[0] = old;
	printf("mmiotest: device memory at %p (0x%lx bytes): wrote 0x5a5aa5a5, "
	       "read 0x%x\n",
	       (void *)g->a, g->b, got);
	return got != 0x5A5AA5A5u;
}
