/* libcairn: mapping a frame together with the page tables it needs. */
#include "cairn.h"

int
cairn_frame_map_tables(cptr_t frame, cptr_t vspace, word_t vaddr, word_t rights,
		       cptr_t cnode, cptr_t (*make)(word_t type))
{
	static const word_t tables[] = {CAIRN_OBJ_PDPT, CAIRN_OBJ_PAGE_DIR,
					CAIRN_OBJ_PAGE_TABLE};

	/* At most three tables can be missing above a frame. */
	for (int i = 0;; i++) {
		int st = cairn_frame_map(frame, vspace, vaddr, rights);
		if (st != CAIRN_E_NO_TABLE || i == 3) {
			return st;
		}
		/* Make the highest missing table: the others are in use. */
		for (int t = 0; t < 3; t++) {
			cptr_t pt = make(tables[t]);
			if (cairn_page_table_map(pt, vspace, vaddr) ==
			    CAIRN_OK) {
				break;
			}
			cairn_cnode_delete(cnode, pt);
		}
	}
}
