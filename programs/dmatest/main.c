/*
 * dmatest: DMA memory from init (docs/services.md, "DMA memory").  It
 * asks for three pages for a PCI function, writes and reads them through
 * the address it got, checks the bus address (page-aligned, its own
 * range: a second allocation does not overlap it), and that the refusals
 * hold: nothing, more than a call may have, a requester that is no PCI
 * function, a function not granted to it, more than its quota.  The
 * manifest is the board's (arch/): where there is PCI it names the host
 * bridge, the function the memory is for.
 */
#include <stdio.h>

#include "procrt.h"

/* The function its PCI grant names (arch/: the host bridge), or 0 where
 * there is no PCI. */
static word_t
requester(void)
{
	const struct cairn_grant *g = cairn_grant_find(CAIRN_GRANT_PCI, NULL);

	return g != NULL ? g->a : 0;
}

static int
refused(const char *what, int got, int want)
{
	printf("dmatest: %s: %s\n", what, got == want ? "refused" : "WRONG");
	return got != want;
}

int
main(int argc, char **argv)
{
	struct cairn_dma a, b;
	word_t rid = requester();
	int bad = 0;

	(void)argc;
	(void)argv;
	if (cairn_dma_alloc(rid, 3 * 4096 - 100, &a) != CAIRN_OK ||
	    cairn_dma_alloc(rid, 4096, &b) != CAIRN_OK) {
		printf("dmatest: no DMA memory\n");
		return 1;
	}
	volatile uint32_t *w = (volatile uint32_t *)a.addr;
	for (word_t i = 0; i < a.size / 4; i++) {
		w[i] = (uint32_t)(i * 2654435761u);
	}
	for (word_t i = 0; i < a.size / 4; i++) {
		bad |= w[i] != (uint32_t)(i * 2654435761u);
	}
	bad |= a.size != 3 * 4096 || b.size != 4096;
	bad |= (a.bus & 0xFFF) != 0 || a.bus == 0 || (b.bus & 0xFFF) != 0;
	bad |= !(b.bus >= a.bus + a.size || b.bus + b.size <= a.bus);
	printf("dmatest: %lu bytes at %p, bus address 0x%lx: written and read "
	       "%s\n",
	       (unsigned long)a.size, (void *)a.addr, (unsigned long)a.bus,
	       bad ? "WRONG" : "back");
	bad |= refused("nothing", cairn_dma_alloc(rid, 0, &b), CAIRN_E_RANGE);
	bad |= refused("2 MiB in one call", cairn_dma_alloc(rid, 2u << 20, &b),
		       CAIRN_E_RANGE);
	bad |= refused("requester 0x10000", cairn_dma_alloc(0x10000, 4096, &b),
		       CAIRN_E_RANGE);
	bad |= refused("a function not granted to it",
		       cairn_dma_alloc(rid ^ 8, 4096, &b), CAIRN_E_NO_RIGHTS);
	bad |= refused("past its quota", cairn_dma_alloc(rid, 1u << 20, &b),
		       CAIRN_E_NO_MEMORY);
	printf("dmatest: %s\n", bad ? "FAILED" : "done");
	return bad;
}
