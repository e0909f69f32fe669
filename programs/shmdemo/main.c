/*
 * shmdemo: sharing by pointer.  It makes a shared region, builds a
 * linked list in it, and passes its peer (shmpeer, which it starts) the
 * region's capability and a pointer to the list's head: the peer maps the
 * region at the same address and walks the list as it is, with no
 * translation.  Then 64 MiB go to the peer through a ring buffer in the
 * region, no byte copied, and, to compare, 8 MiB copied through IPC
 * messages; it prints both rates as `bench` lines.
 */
#include <cairn/manifest.h>
#include <cairn/shmdemo.h>
#include <stdio.h>
#include <string.h>

#include "procrt.h"

CAIRN_MANIFEST("name shmdemo\n"
	       "description sharing a region by capability and pointer\n"
	       "quota 4M\n"
	       "receive\n"
	       "needs serial\n"
	       "needs shmpeer\n");

static cptr_t region_slot; /* from cairn_slot_alloc */
#define REGION_SLOT region_slot
#define REGION	    (1ul << 20)
#define NODES	    1000
#define CHUNK	    (256ul << 10)
#define SHM_TOTAL   (64ul << 20)
#define COPY_TOTAL  (8ul << 20)
#define COPY_BYTES  496ul

static cptr_t peer;

static unsigned long
rate(unsigned long bytes, uint64_t ticks)
{
	uint64_t hz = cairn_procinfo->tsc_hz ? cairn_procinfo->tsc_hz : 1;

	/* KiB first: bytes * hz would overflow. */
	return ticks == 0 ? 0
			  : (unsigned long)((bytes >> 10) * hz / ticks >> 10);
}

static int
list(word_t addr)
{
	struct shmdemo_node *n = (void *)addr;
	struct cairn_msg m = {0};

	for (int i = 0; i < NODES; i++) {
		n[i].value = (unsigned long)i + 1;
		n[i].next = i + 1 < NODES ? &n[i + 1] : NULL;
	}
	m.w[0] = addr;
	m.caps = 1;
	cairn_ipcbuf()->caps[0] = REGION_SLOT;
	int st = cairn_call(peer, SHMDEMO_LIST, 1, &m);
	if (st != CAIRN_OK || m.label != CAIRN_OK) {
		printf("shmdemo: the peer could not map the region (%d, %lu)\n",
		       st, m.label);
		return 1;
	}
	printf("shmdemo: shmpeer walked %lu nodes from %p, sum %lu "
	       "(expected %lu)\n",
	       m.w[0], (void *)addr, m.w[1],
	       (unsigned long)NODES * (NODES + 1) / 2);
	return m.w[0] != NODES || m.w[1] != NODES * (NODES + 1) / 2;
}

/* SHM_TOTAL bytes through a ring of REGION / CHUNK chunks. */
static int
ring(word_t addr)
{
	uint64_t t0 = cairn_rdtsc();
	unsigned long nchunks = REGION / CHUNK;

	for (unsigned long i = 0; i < SHM_TOTAL / CHUNK; i++) {
		unsigned long *w = (void *)(addr + (i % nchunks) * CHUNK);
		unsigned long sum = 0;
		for (unsigned long k = 0; k < CHUNK / 8; k++) {
			w[k] = i * 31 + k;
			sum += w[k] * (k + 1);
		}
		struct cairn_msg m = {0};
		m.w[0] = (word_t)w;
		m.w[1] = CHUNK;
		if (cairn_call(peer, SHMDEMO_CONSUME, 2, &m) != CAIRN_OK ||
		    m.label != CAIRN_OK || m.w[0] != sum) {
			printf("shmdemo: chunk %lu arrived wrong\n", i);
			return 1;
		}
	}
	uint64_t t = cairn_rdtsc() - t0;
	printf("shmdemo: %lu MiB through the shared ring, checked\n",
	       SHM_TOTAL >> 20);
	printf("bench shm_transfer %lu %lu MiB/s 1\n", rate(SHM_TOTAL, t),
	       rate(SHM_TOTAL, t));
	return 0;
}

static int
copy(void)
{
	uint64_t t0 = cairn_rdtsc();

	for (unsigned long i = 0; i < COPY_TOTAL / COPY_BYTES; i++) {
		struct cairn_msg m = {0};
		unsigned long sum = 0;
		m.w[0] = COPY_BYTES;
		for (unsigned long k = 0; k < COPY_BYTES / 8; k++) {
			m.w[1 + k] = i * 31 + k;
			sum += m.w[1 + k] * (k + 1);
		}
		if (cairn_call(peer, SHMDEMO_COPY, 1 + COPY_BYTES / 8, &m) !=
			CAIRN_OK ||
		    m.label != CAIRN_OK || m.w[0] != sum) {
			printf("shmdemo: message %lu arrived wrong\n", i);
			return 1;
		}
	}
	uint64_t t = cairn_rdtsc() - t0;
	printf("bench ipc_copy_transfer %lu %lu MiB/s 1\n", rate(COPY_TOTAL, t),
	       rate(COPY_TOTAL, t));
	return 0;
}

int
main(int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "shmpeer");
	const char *pargv[] = {"shmpeer"};
	char why[100];
	word_t addr, size;

	(void)argc;
	(void)argv;
	if (g == NULL) {
		return 1;
	}
	peer = g->slot;
	region_slot = cairn_slot_alloc();
	long pid = cairn_spawn(1, pargv, 0, why, sizeof(why));
	if (pid < 0) {
		printf("shmdemo: cannot start shmpeer: %s\n", why);
		return 1;
	}
	int st = cairn_shm_create(REGION, REGION_SLOT, &addr, &size);
	if (st != CAIRN_OK) {
		printf("shmdemo: no shared region (%d)\n", st);
		return 1;
	}
	printf("shmdemo: a region of %lu KiB at %p\n", size >> 10,
	       (void *)addr);
	int bad = list(addr) || ring(addr) || copy();
	struct cairn_msg m = {0};
	cairn_call(peer, SHMDEMO_QUIT, 0, &m);
	if (cairn_wait_pid((word_t)pid) != 0) {
		bad = 1;
	}
	printf("shmdemo: %s\n", bad ? "FAILED" : "done");
	return bad;
}
