/*
 * mmio: frames of device memory, for manifests' mmio grants.  Device
 * memory comes as device Untyped; a frame at one physical address is
 * had by splitting the Untyped that holds it in halves, down to the page
 * (each split retypes a block into its two halves), and retyping a frame
 * from that page.  The splits are kept: a page whose frame is gone (its
 * process ended) gives a frame again.  A page another process holds
 * cannot (its Untyped is full): the grant is refused as in use.
 */
#include "process.h"

#define MAX_NODES 1024
#define NONE	  (-1)

static struct node {
	cptr_t ut;
	word_t phys;
	unsigned bits;
	int child; /* the first of two children, or NONE */
} nodes[MAX_NODES];
static int nnodes;
static int roots_made;

static int
node_new(cptr_t ut, word_t phys, unsigned bits)
{
	if (nnodes == MAX_NODES) {
		return NONE;
	}
	nodes[nnodes] = (struct node){ut, phys, bits, NONE};
	return nnodes++;
}

static void
make_roots(void)
{
	const struct cairn_bootinfo *bi = bootinfo;

	for (word_t i = 0; i < bi->nuntyped; i++) {
		if (bi->untyped[i].device) {
			node_new(bi->untyped_first + i, bi->untyped[i].phys,
				 bi->untyped[i].size_bits);
		}
	}
	roots_made = nnodes;
}

bool
mmio_uses(cptr_t ut)
{
	for (int i = 0; i < roots_made; i++) {
		if (nodes[i].ut == ut) {
			return nodes[i].child != NONE;
		}
	}
	return false;
}

int
mmio_frame(word_t phys, cptr_t slot)
{
	if (roots_made == 0) {
		make_roots();
	}
	int n = NONE;
	for (int i = 0; i < roots_made && n == NONE; i++) {
		if (phys >= nodes[i].phys &&
		    phys - nodes[i].phys < (1ull << nodes[i].bits)) {
			n = i;
		}
	}
	if (n == NONE) {
		return CAIRN_E_RANGE; /* not device memory the kernel gave */
	}
	while (nodes[n].bits > 12) {
		unsigned half = nodes[n].bits - 1;
		if (nodes[n].child == NONE) {
			cptr_t first = slots_alloc_range(2);
			if (first == 0 || nnodes + 2 > MAX_NODES ||
			    cairn_untyped_retype(nodes[n].ut, CAIRN_OBJ_UNTYPED,
						 half, CAIRN_ROOT_CNODE, first,
						 2, NULL) != CAIRN_OK) {
				if (first != 0) {
					slots_free_range(first, 2);
				}
				return CAIRN_E_IN_USE; /* used whole elsewhere
							*/
			}
			int a = node_new(first, nodes[n].phys, half);
			node_new(first + 1, nodes[n].phys + (1ull << half),
				 half);
			nodes[n].child = a;
		}
		int c = nodes[n].child;
		n = phys >= nodes[c + 1].phys ? c + 1 : c;
	}
	return cairn_untyped_retype(nodes[n].ut, CAIRN_OBJ_FRAME, 12,
				    CAIRN_ROOT_CNODE, slot, 1, NULL) == CAIRN_OK
		   ? CAIRN_OK
		   : CAIRN_E_IN_USE;
}
