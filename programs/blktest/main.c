/*
 * blktest: the block driver from a client's side (docs/virtio.md).
 *
 *	blktest			the device's facts, the ext2 superblock's
 *				magic, a pattern written and read back in
 *				the disk's last MiB, refusals, two workers
 *				at once, and figures
 *	blktest loop N		N rounds of write and read-back over the
 *				last MiB (the crash test kills the driver
 *				meanwhile: every round must still check)
 *	blktest worker K N	N rounds in half K of the last MiB
 *	blktest crash K N	two workers of N rounds each, and the
 *				driver crashed K times while they run
 *				(init's CRASH: boot.conf's allow control)
 *
 * Only the last MiB is written, with the pattern pat() below, which
 * the system tests check on the host after QEMU ends; mke2fs leaves it
 * free on the 64 MiB test disk (the last group's free blocks).
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procrt.h"
#include "proto/blk.h"

CAIRN_MANIFEST("name blktest\n"
	       "description checks the block driver\n"
	       "quota 512K\n"
	       "receive\n"
	       "needs blk\n"
	       "needs timer\n"
	       "needs serial\n");

#define AREA	 2048ul /* sectors: the disk's last MiB */
#define REGION	 (128ul << 10)
#define BIG	 CAIRN_BLK_MAX_SECTORS
#define READS_4K 1000

static struct cairn_blk blk;

/* Word k of sector s in round r (tests/system/systests.py has it too). */
static uint64_t
pat(uint64_t s, uint64_t k, uint64_t r)
{
	return (s * 0x100000001b3ull) ^ (k << 40) ^ (r * 0x9e3779b97f4a7c15ull);
}

static word_t
area_first(void)
{
	return blk.sectors - AREA;
}

static void
fill(uint64_t *buf, word_t sector, word_t count, uint64_t r)
{
	for (word_t s = 0; s < count; s++) {
		for (word_t k = 0; k < CAIRN_BLK_SECTOR / 8; k++) {
			buf[s * CAIRN_BLK_SECTOR / 8 + k] =
			    pat(sector + s, k, r);
		}
	}
}

/* Sectors that differ from round r's pattern: the first's number, or
 * ~0 if none does. */
static word_t
differs(const uint64_t *buf, word_t sector, word_t count, uint64_t r)
{
	for (word_t s = 0; s < count; s++) {
		for (word_t k = 0; k < CAIRN_BLK_SECTOR / 8; k++) {
			if (buf[s * CAIRN_BLK_SECTOR / 8 + k] !=
			    pat(sector + s, k, r)) {
				return sector + s;
			}
		}
	}
	return ~0ul;
}

/* Write [first, first + n) with round r's pattern in pieces of step
 * sectors, flush, read it back and check: 0, or 1 after saying why. */
static int
round_trip(word_t first, word_t n, word_t step, uint64_t r)
{
	uint64_t *buf = (uint64_t *)blk.addr;

	for (word_t s = first; s < first + n; s += step) {
		word_t c = first + n - s < step ? first + n - s : step;
		fill(buf, s, c, r);
		int st = cairn_blk_write(&blk, s, c, buf);
		if (st != CAIRN_OK) {
			printf("blktest: write of %lu at %lu: status %d\n", c,
			       s, st);
			return 1;
		}
	}
	int st = cairn_blk_flush(&blk);
	if (st != CAIRN_OK) {
		printf("blktest: flush: status %d\n", st);
		return 1;
	}
	for (word_t s = first; s < first + n; s += step) {
		word_t c = first + n - s < step ? first + n - s : step;
		memset(buf, 0, c * CAIRN_BLK_SECTOR);
		st = cairn_blk_read(&blk, s, c, buf);
		word_t bad = st == CAIRN_OK ? differs(buf, s, c, r) : ~0ul;
		if (st != CAIRN_OK || bad != ~0ul) {
			printf("blktest: read-back of %lu at %lu: status %d, "
			       "sector %ld wrong (round %lu)\n",
			       c, s, st, (long)bad, (unsigned long)r);
			return 1;
		}
	}
	return 0;
}

static int
superblock(void)
{
	uint8_t *buf = (uint8_t *)blk.addr;
	int st = cairn_blk_read(&blk, 2, 2, buf);

	if (st != CAIRN_OK) {
		printf("blktest: superblock read: status %d\n", st);
		return 1;
	}
	unsigned magic = buf[56] | buf[57] << 8; /* byte 1080 of the disk */
	printf("blktest: ext2 magic %#x at byte 1080%s\n", magic,
	       magic == 0xEF53 ? "" : " (expected 0xef53)");
	return magic != 0xEF53;
}

/* One refusal: label's call with words w must answer want. */
static int
refused(const char *what, word_t label, word_t s, word_t c, word_t a, int want)
{
	struct cairn_msg m = {0};

	m.w[0] = s;
	m.w[1] = c;
	m.w[2] = a;
	int st = cairn_call(blk.ep, label, 3, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st != want) {
		printf("blktest: %s: status %d, expected %d\n", what, st, want);
		return 1;
	}
	return 0;
}

/* ATTACH with an endpoint of our own, which nobody serves: the driver
 * must refuse it, not call it and wait for ever. */
static int
foreign_attach(void)
{
	struct cairn_msg m = {0};
	int st;
	cptr_t ep = cairn_make(CAIRN_OBJ_ENDPOINT, &st);

	if (ep == 0) {
		printf("blktest: no endpoint of our own: status %d\n", st);
		return 1;
	}
	m.caps = 1;
	cairn_ipcbuf()->caps[0] = ep;
	st = cairn_call(blk.ep, CAIRN_BLK_ATTACH, 0, &m);
	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st != CAIRN_E_INVALID_CAP) {
		printf("blktest: a foreign endpoint as region: status %d, "
		       "expected %d\n",
		       st, CAIRN_E_INVALID_CAP);
		return 1;
	}
	return 0;
}

static int
refusals(void)
{
	word_t a = blk.addr, end = blk.sectors;
	int bad = 0;

	bad |=
	    refused("past the end", CAIRN_BLK_READ, end, 1, a, CAIRN_E_RANGE);
	bad |= refused("across the end", CAIRN_BLK_WRITE, end - 1, 2, a,
		       CAIRN_E_RANGE);
	bad |=
	    refused("huge sector", CAIRN_BLK_READ, ~0ul, 1, a, CAIRN_E_RANGE);
	bad |= refused("no sectors", CAIRN_BLK_READ, 0, 0, a,
		       CAIRN_E_INVALID_ARGUMENT);
	bad |= refused("too many", CAIRN_BLK_READ, 0, BIG + 1, a,
		       CAIRN_E_INVALID_ARGUMENT);
	bad |= refused("outside the region", CAIRN_BLK_READ, 0, 1, 0x1000,
		       CAIRN_E_RANGE);
	bad |= refused("past the region", CAIRN_BLK_READ, 0, 2,
		       a + blk.size - 512, CAIRN_E_RANGE);
	bad |= refused("unknown call", 77, 0, 0, 0, CAIRN_E_ILLEGAL_OPERATION);
	bad |= foreign_attach();
	if (!bad) {
		printf("blktest: 9 bad requests refused as they should be\n");
	}
	return bad;
}

static unsigned long
micro(uint64_t ticks, unsigned long n)
{
	uint64_t hz = cairn_procinfo->tsc_hz ? cairn_procinfo->tsc_hz : 1;

	return (unsigned long)(ticks * 1000000 / hz / n);
}

static void
figures(void)
{
	uint8_t *buf = (uint8_t *)blk.addr;
	uint64_t t0 = cairn_rdtsc();

	for (unsigned long i = 0; i < READS_4K; i++) {
		cairn_blk_read(&blk, area_first() + (i * 8) % AREA, 8, buf);
	}
	uint64_t t = cairn_rdtsc() - t0;
	printf("blktest: 4 KiB reads: %lu ticks, %lu us each\n",
	       (unsigned long)(t / READS_4K), micro(t, READS_4K));
	t0 = cairn_rdtsc();
	for (word_t s = 0; s < AREA; s += BIG) {
		cairn_blk_read(&blk, area_first() + s, BIG, buf);
	}
	t = cairn_rdtsc() - t0;
	printf("blktest: 128 KiB reads: %lu us each, %lu KiB/s\n",
	       micro(t, AREA / BIG),
	       (unsigned long)(t ? 1024 * cairn_procinfo->tsc_hz / t : 0));
}

static void
stats(void)
{
	struct cairn_msg m = {0};

	if (cairn_call(blk.ep, CAIRN_BLK_STATS, 0, &m) == CAIRN_OK &&
	    m.label == CAIRN_OK) {
		printf("blktest: driver: %lu interrupts, %lu completions, %lu "
		       "requests, %lu device resets, %lu stalls ended; %lu "
		       "calls retried here\n",
		       m.w[0], m.w[1], m.w[2], m.w[3], m.w[4], blk.retries);
	}
}

/* Start worker k with rounds rounds: its pid, or -1 after saying why. */
static long
worker(int k, const char *rounds)
{
	const char *argv[] = {"blktest", "worker", k ? "1" : "0", rounds};
	char why[100];
	long pid = cairn_spawn(4, argv, 0, why, sizeof(why));

	if (pid < 0) {
		printf("blktest: cannot start a worker: %s\n", why);
	}
	return pid;
}

/*
 * Two workers, each in its half of the area, at once; meanwhile the
 * driver is crashed `crashes` times, 200 ms apart.  0 if both checked
 * every round.
 */
static int
workers(const char *rounds, unsigned long crashes)
{
	const struct cairn_grant *tg =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	uint64_t t0 = cairn_rdtsc();
	long p0 = worker(0, rounds);
	long p1 = p0 < 0 ? p0 : worker(1, rounds);

	if (p0 < 0 || p1 < 0) {
		return 1;
	}
	for (unsigned long i = 0; i < crashes && tg != NULL; i++) {
		cairn_timer_sleep(tg->slot, 200000000);
		int st = cairn_init_crash("virtio-blk");
		printf("blktest: crash %lu of virtio-blk: status %d\n", i + 1,
		       st);
	}
	long s0 = cairn_wait_pid((word_t)p0), s1 = cairn_wait_pid((word_t)p1);
	printf("blktest: two workers at once: status %ld and %ld, %lu us\n", s0,
	       s1, micro(cairn_rdtsc() - t0, 1));
	return s0 != 0 || s1 != 0;
}

/* The driver told to ignore an interrupt: its watchdog must still
 * answer the read, within a few of its 100 ms ticks. */
static int
lost_interrupt(void)
{
	struct cairn_msg m = {0};
	uint64_t t0 = cairn_rdtsc();
	int st = cairn_call(blk.ep, CAIRN_BLK_LOSE_IRQ, 0, &m);

	if (st == CAIRN_OK) {
		st = (int)m.label;
	}
	if (st == CAIRN_OK) {
		st = cairn_blk_read(&blk, area_first(), 8, (void *)blk.addr);
	}
	unsigned long ms = micro(cairn_rdtsc() - t0, 1000);
	if (st != CAIRN_OK || ms > 5000) {
		printf("blktest: a lost interrupt: status %d after %lu ms\n",
		       st, ms);
		return 1;
	}
	printf("blktest: a lost interrupt: the watchdog answered\n");
	return 0;
}

static int
full(void)
{
	int bad = superblock();

	bad |= round_trip(area_first(), AREA, BIG, 1);
	if (!bad) {
		printf("blktest: %lu sectors written and read back\n", AREA);
	}
	bad |= round_trip(area_first(), 64, 1, 1);
	bad |= refusals();
	bad |= workers("10", 0);
	bad |= lost_interrupt();
	figures();
	stats();
	return bad;
}

int
main(int argc, char **argv)
{
	int st = cairn_blk_open(&blk, 0, REGION);

	if (st != CAIRN_OK) {
		printf("blktest: cannot open the disk: status %d\n", st);
		return 1;
	}
	if (argc == 1) {
		printf("blktest: %lu sectors, block %lu, flags %#lx\n",
		       blk.sectors, blk.block_size, blk.flags);
		int bad = full();
		printf("blktest: %s\n", bad ? "FAILED" : "all passed");
		return bad;
	}
	if (argc == 3 && strcmp(argv[1], "loop") == 0) {
		unsigned long n = strtoul(argv[2], NULL, 10);
		for (unsigned long r = 1; r <= n; r++) {
			if (round_trip(area_first(), AREA, 64, r) != 0) {
				return 1;
			}
		}
		printf("blktest: loop of %lu rounds checked; %lu calls "
		       "retried\n",
		       n, blk.retries);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "worker") == 0) {
		word_t half = strtoul(argv[2], NULL, 10) & 1;
		unsigned long n = strtoul(argv[3], NULL, 10);
		for (unsigned long r = 0; r < n; r++) {
			if (round_trip(area_first() + half * AREA / 2, AREA / 2,
				       8, 1) != 0) {
				return 1;
			}
		}
		printf("blktest: worker %lu: %lu rounds checked; %lu calls "
		       "retried\n",
		       half, n, blk.retries);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "crash") == 0) {
		int bad = workers(argv[3], strtoul(argv[2], NULL, 10));
		stats();
		printf("blktest: crash test %s\n", bad ? "FAILED" : "passed");
		return bad;
	}
	printf("usage: blktest [loop N | worker K N | crash K N]\n");
	return 2;
}
