/*
 * shmpeer: the other side of shmdemo.  It is given a shared region's
 * capability and a pointer into it, maps the region (at the same
 * address: the single layout), and walks and sums what it finds there.
 */
#include <cairn/manifest.h>
#include <cairn/shmdemo.h>
#include <stdio.h>

#include "procrt.h"

CAIRN_MANIFEST("name shmpeer\n"
	       "description shmdemo's peer: reads a shared region\n"
	       "quota 256K\n"
	       "receive\n"
	       "needs serial\n"
	       "provides shmpeer\n");

static cptr_t region_slot; /* from cairn_slot_alloc */
#define REGION_SLOT region_slot

static unsigned long
sum_words(const unsigned long *w, unsigned long n)
{
	unsigned long s = 0;

	for (unsigned long i = 0; i < n; i++) {
		s += w[i] * (i + 1);
	}
	return s;
}

int
main(int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "shmpeer");
	word_t addr = 0, size = 0;
	int mapped = 0;

	(void)argc;
	(void)argv;
	region_slot = cairn_slot_alloc();
	if (g == NULL || region_slot == 0) {
		return 1;
	}
	struct cairn_msg m = {0};
	word_t status = 0, len = 0;
	int answer = 0;
	for (;;) {
		cairn_recv_slot(mapped ? 0 : REGION_SLOT);
		int st = answer ? cairn_reply_recv(g->slot, CAIRN_PROC_REPLY,
						   status, len, &m)
				: cairn_recv(g->slot, CAIRN_PROC_REPLY, &m);
		answer = 1;
		status = CAIRN_OK;
		len = 1;
		if (st != CAIRN_OK) {
			answer = 0;
			continue;
		}
		if (m.label == SHMDEMO_LIST) {
			if (!mapped && m.caps == 1) {
				status = (word_t)cairn_shm_map(REGION_SLOT,
							       &addr, &size);
				mapped = status == CAIRN_OK;
			}
			unsigned long n = 0, sum = 0;
			const struct shmdemo_node *p = (void *)m.w[0];
			while (mapped && p != NULL && n < 1000000) {
				if ((word_t)p < addr ||
				    (word_t)p >= addr + size) {
					break; /* not in the region */
				}
				sum += p->value;
				p = p->next;
				n++;
			}
			m.w[0] = n;
			m.w[1] = sum;
			len = 2;
		} else if (m.label == SHMDEMO_CONSUME) {
			word_t a = m.w[0], n = m.w[1];
			if (!mapped || a < addr || n > size ||
			    a - addr > size - n) {
				status = CAIRN_E_RANGE;
			} else {
				m.w[0] = sum_words((void *)a, n / 8);
			}
		} else if (m.label == SHMDEMO_COPY) {
			word_t n = m.w[0] / 8;
			m.w[0] = sum_words(&m.w[1], n < 62 ? n : 62);
		} else if (m.label == SHMDEMO_QUIT) {
			cairn_reply(CAIRN_PROC_REPLY, CAIRN_OK, 0, &m);
			return 0;
		} else {
			status = CAIRN_E_ILLEGAL_OPERATION;
		}
	}
}
