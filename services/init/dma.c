/*
 * dma: memory a driver hands to its device (docs/services.md, "DMA
 * memory").  A process asks for bytes of it for one PCI function (its
 * requester ID); the frames are made from the process's own block (they
 * count against its quota) in one retype, so they are physically
 * contiguous, and mapped at a range of the single layout no one else
 * has.  The answer gives the address in the process and the bus address
 * the device must use.  Without an IOMMU the bus address is the
 * physical one; with one, init would map the frames for that requester
 * alone, at an address of its choosing, and no driver would change.
 */
#include "process.h"

#define DMA_MAX (1ull << 20) /* bytes a call: a queue and its buffers */

word_t
dma_alloc(struct proc *p, struct cairn_msg *m)
{
	word_t requester = m->w[0], bytes = m->w[1];

	if (requester > 0xFFFF || bytes == 0 || bytes > DMA_MAX) {
		return CAIRN_E_RANGE;
	}
	if (!pcidev_may_dma(p->pid, requester)) {
		return CAIRN_E_NO_RIGHTS; /* not a function granted to p */
	}
	word_t n = (bytes + 0xFFF) >> 12;
	if (p->nslots - p->next < n) {
		return CAIRN_E_NO_MEMORY;
	}
	cptr_t first = p->slots + p->next;
	int st =
	    proc_make_in(p, CAIRN_OBJ_FRAME, 12, CAIRN_ROOT_CNODE, first, n);
	if (st != CAIRN_OK) {
		return st;
	}
	p->next += n;
	word_t addr = layout_take(n << 12, 1ull << 21);
	word_t bus = 0, last = 0;
	if (addr == 0 || cairn_frame_address(first, &bus) != CAIRN_OK ||
	    cairn_frame_address(first + n - 1, &last) != CAIRN_OK ||
	    last != bus + ((n - 1) << 12)) {
		return CAIRN_E_NO_MEMORY; /* what was made stays charged */
	}
	for (word_t i = 0; i < n; i++) {
		if (proc_map(p, first + i, addr + (i << 12),
			     CAIRN_RIGHT_READ | CAIRN_RIGHT_WRITE) !=
		    CAIRN_OK) {
			return CAIRN_E_NO_MEMORY;
		}
	}
	m->w[0] = addr;
	m->w[1] = bus;
	m->w[2] = n << 12;
	return CAIRN_OK;
}
