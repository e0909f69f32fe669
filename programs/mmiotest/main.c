/*
 * mmiotest: device memory by manifest.  It asks for one page of a device
 * (arch/<arch>: the PC's VGA memory, virt's PL031 clock), writes a word
 * there and reads it back.  Its manifest and boot.conf allow that page
 * and nothing else.
 */
#include <cairn/manifest.h>
#include <stdio.h>

#include "mmiotest.h"
#include "procrt.h"

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
	volatile uint32_t *w = (volatile uint32_t *)(g->a + mmiotest_offset);
	uint32_t old = w[0];
	w[0] = 0x5A5AA5A5u;
	uint32_t got = w[0];
	w[0] = old;
	printf("mmiotest: device memory at %p (0x%lx bytes): wrote 0x5a5aa5a5, "
	       "read 0x%x (%s)\n",
	       (void *)g->a, g->b, got, mmiotest_what);
	return got != 0x5A5AA5A5u;
}
