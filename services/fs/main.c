/*
 * fs: the file service (docs/storage.md, "The fs service").  It mounts
 * the ext2 on the block device of its `needs blk` read-write and serves
 * the file protocol (proto/fs.h) with cairn_serve.  This file is the
 * glue: the block device under lib/ext2, the cache's memory (its own:
 * blocks move to and from the driver through a small region shared with
 * it), the clients' region capabilities, and the loop; logic.c does
 * every call.
 *
 * The cache starts at CACHE_FIRST bytes and grows by CACHE_STEP, up to
 * CACHE_MAX, after any call that had to evict a block to make room: a
 * file system whose working set fits never takes more.
 *
 * Without a driver (no disk), fs waits for one for two seconds, then
 * serves and answers every call -ENODEV; it looks for the driver again
 * at each call, so a driver that starts later is found.
 */
#include <cairn/manifest.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "procrt.h"
#include "proto/blk.h"
#include "serve.h"

CAIRN_MANIFEST("name fs\n"
	       "description ext2 file service over the blk driver, at /disk\n"
	       "cspace 6\n"
	       "quota 28M\n"
	       "restart always 100 10\n"
	       "receive\n"
	       "needs serial\n"
	       "needs timer\n"
	       "needs blk\n"
	       "provides fs\n");

/* The cache (see above), and the region shared with the driver: what
 * goes to and from the device passes through it. */
#define CACHE_FIRST  (256u << 10)
#define CACHE_STEP   (1u << 20)
#define CACHE_MAX    (24u << 20)
#define CACHE_CHUNKS (CACHE_MAX / CACHE_STEP)
#define BOUNCE_BYTES 4096u

static struct cairn_blk blk;
static int blk_ready;
static struct ext2_dev dev;
static struct ext2_fs ext2;
static struct fs_service svc;
static struct cairn_server srv;
static cptr_t recv_slot; /* where a client's region capability lands */
static int told;	 /* the "cannot mount" line was printed */
static int announced;	 /* the "/disk: ext2" line was printed */
static int nodisk;	 /* the "no disk" line was printed */

static struct ext2_cachemem cache; /* the first part, and the slots */
static void *grown[CACHE_CHUNKS];  /* what was added since */
static unsigned ngrown;
static int cant_grow; /* malloc said no once */

/* How long fs waits at its start for a driver that is starting too. */
#define WAIT_STEPS 100
#define WAIT_NS	   (20 * 1000 * 1000ull)

/* Is buf, n bytes, inside the shared region? */
static int
in_region(const void *buf, size_t n)
{
	word_t p = (word_t)buf;

	return p >= blk.addr && n <= blk.size && p - blk.addr <= blk.size - n;
}

/* count sectors at sector to or from buf: straight from the region, or
 * a block at a time through the bounce block.  0 or nonzero. */
static int
dev_rw(word_t label, uint64_t sector, uint32_t count, void *buf)
{
	uint8_t *b = buf;
	uint8_t *bounce = (uint8_t *)blk.addr;
	int direct = in_region(buf, (size_t)count * EXT2_SECTOR);
	uint32_t step =
	    direct ? CAIRN_BLK_MAX_SECTORS : BOUNCE_BYTES / EXT2_SECTOR;

	while (count > 0) {
		uint32_t k = count < step ? count : step;
		size_t bytes = (size_t)k * EXT2_SECTOR;
		void *io = direct ? b : bounce;
		int st;
		if (label == CAIRN_BLK_WRITE) {
			if (!direct) {
				memcpy(bounce, b, bytes);
			}
			st = cairn_blk_write(&blk, sector, k, io);
		} else {
			st = cairn_blk_read(&blk, sector, k, io);
			if (st == CAIRN_OK && !direct) {
				memcpy(b, bounce, bytes);
			}
		}
		if (st != CAIRN_OK) {
			return 1;
		}
		b += bytes;
		sector += k;
		count -= k;
	}
	return 0;
}

static int
dev_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	(void)ctx;
	return dev_rw(CAIRN_BLK_READ, sector, count, buf);
}

static int
dev_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	(void)ctx;
	return dev_rw(CAIRN_BLK_WRITE, sector, count, (void *)buf);
}

static int
dev_flush(void *ctx)
{
	(void)ctx;
	return cairn_blk_flush(&blk) != CAIRN_OK;
}

/*
 * Is a driver serving blk?  A send that cannot block, of a label no
 * call has, reaches it only if it waits on its endpoint; its loop
 * refuses it and answers nobody.  Nobody there: no driver (its start
 * was refused: no device), or one busy this instant (the next call
 * looks again).  A call to an endpoint nobody serves would wait for
 * ever, and fs with it.
 */
static int
driver_there(void)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "blk");
	struct cairn_msg m = {0};

	return g != NULL && cairn_nbsend(g->slot, 0, 0, &m) == CAIRN_OK;
}

/* A block of n bytes aligned to 4 KiB, or NULL. */
static void *
alloc_aligned(size_t n)
{
	uintptr_t p = (uintptr_t)malloc(n + 4096);

	return p == 0 ? NULL : (void *)((p + 4095) & ~(uintptr_t)4095);
}

/* The cache's first part, and its slots' bookkeeping for the most it
 * may grow to: 0, or -1 if there is no memory. */
static int
cache_first(void)
{
	cache.slots_size = (size_t)(CACHE_MAX / 1024) * EXT2_SLOT_BYTES;
	cache.slots = malloc(cache.slots_size);
	cache.data = alloc_aligned(CACHE_FIRST);
	cache.data_size = CACHE_FIRST;
	if (cache.slots == NULL || cache.data == NULL) {
		free(cache.slots);
		cache.slots = NULL;
		cache.data = NULL;
		return -1;
	}
	return 0;
}

/* After a call that evicted blocks: grow the cache a step, if it may. */
static void
cache_grow(void)
{
	size_t have = CACHE_FIRST + (size_t)ngrown * CACHE_STEP;

	if (!svc.mounted || ext2.evictions == 0 || cant_grow ||
	    ngrown == CACHE_CHUNKS || have + CACHE_STEP > CACHE_MAX ||
	    ext2.nbufs == ext2.maxbufs) {
		return;
	}
	void *more = alloc_aligned(CACHE_STEP);
	if (more == NULL) {
		cant_grow = 1;
		return;
	}
	grown[ngrown++] = more;
	ext2_cache_add(&ext2, more, CACHE_STEP);
	ext2.evictions = 0;
}

/* Open the block device (once) and mount: 0 or a negative errno. */
static int
mount(struct fs_service *s)
{
	(void)s;
	if (!blk_ready) {
		if (!driver_there()) {
			return -ENODEV;
		}
		int st = cairn_blk_open(&blk, 0, BOUNCE_BYTES);
		cairn_recv_slot(recv_slot); /* shm_create set it to none */
		if (st != CAIRN_OK) {
			printf("fs: cannot open the disk: status %d\n", st);
			return -ENODEV;
		}
		dev = (struct ext2_dev){.read = dev_read,
					.write = dev_write,
					.flush = dev_flush,
					.sectors = blk.sectors};
		blk_ready = 1;
	}
	if (cache.data == NULL && cache_first() != 0) {
		printf("fs: no memory for the cache\n");
		return -ENOMEM;
	}
	unsigned flags = blk.flags & CAIRN_BLK_READ_ONLY ? EXT2_RDONLY : 0;
	int err = ext2_mount(&ext2, &dev, &cache, flags);
	for (unsigned i = 0; err == 0 && i < ngrown; i++) {
		ext2_cache_add(&ext2, grown[i], CACHE_STEP); /* a remount */
	}
	if (err != 0 && !told) {
		printf("fs: cannot mount the disk: %s (%s)\n",
		       ext2_strerror(err), ext2.why != NULL ? ext2.why : "");
		told = 1;
	}
	if (err == 0 && !announced) {
		struct ext2_statfs st;
		ext2_statfs(&ext2, &st);
		printf("fs: /disk: ext2, %u blocks of %u bytes, %u free\n",
		       st.blocks, st.block_size, st.free_blocks);
		announced = 1;
	}
	return err != 0 ? -fs_errno(err) : 0;
}

static int
alive(uint64_t pid)
{
	return cairn_init_alive(pid);
}

/* Drop a capability a call brought (only ATTACH's is wanted). */
static void
drop_caps(const struct cairn_msg *m)
{
	if (m->caps > 0) {
		cairn_cnode_delete(CAIRN_PROC_CNODE, recv_slot);
	}
}

/* ATTACH: the client's region capability came along: map it here. */
static word_t
op_attach(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	word_t addr = 0, size = 0;

	(void)s;
	if (m->caps != 1) {
		drop_caps(m);
		return CAIRN_E_INVALID_ARGUMENT;
	}
	int st = cairn_shm_map(recv_slot, &addr, &size);
	drop_caps(m); /* the mapping stays; the slot is for the next */
	if (st != CAIRN_OK) {
		return (word_t)st;
	}
	m->w[0] = (word_t)fs_attach(&svc, m->badge, addr, size);
	*len = 1;
	return CAIRN_OK;
}

/* Every other call: logic.c's. */
static word_t
op_call(struct cairn_server *s, struct cairn_msg *m, word_t *len)
{
	uint64_t w[FS_CALL_WORDS] = {0}, out[3] = {0};
	unsigned n = 0;

	(void)s;
	drop_caps(m);
	for (word_t i = 0; i < FS_CALL_WORDS && i < m->len; i++) {
		w[i] = m->w[i];
	}
	if (fs_call(&svc, m->badge, m->label, w, out, &n) != 0) {
		return CAIRN_E_INVALID_CAP; /* not attached: attach first */
	}
	if ((int64_t)out[0] == -ENODEV && m->label != FS_UNMOUNT && !nodisk) {
		/* Said once, when someone first looks for the disk. */
		printf("fs: no disk: calls on /disk answer ENODEV\n");
		nodisk = 1;
	}
	for (unsigned i = 0; i < n; i++) {
		m->w[i] = out[i];
	}
	*len = n;
	cache_grow();
	return CAIRN_OK;
}

static const struct cairn_op ops[] = {
    {FS_ATTACH, 0, op_attach}, {FS_OPEN, 4, op_call},
    {FS_CLOSE, 1, op_call},    {FS_READ, 4, op_call},
    {FS_WRITE, 4, op_call},    {FS_FSTAT, 2, op_call},
    {FS_STAT, 4, op_call},     {FS_READDIR, 4, op_call},
    {FS_MKDIR, 3, op_call},    {FS_RMDIR, 2, op_call},
    {FS_UNLINK, 2, op_call},   {FS_RENAME, 4, op_call},
    {FS_LINK, 4, op_call},     {FS_SYMLINK, 4, op_call},
    {FS_READLINK, 4, op_call}, {FS_TRUNCATE, 2, op_call},
    {FS_FSYNC, 1, op_call},    {FS_SYNC, 0, op_call},
    {FS_STATFS, 1, op_call},   {FS_DROPCACHE, 0, op_call},
    {FS_UNMOUNT, 0, op_call},  {FS_REOPEN, 2, op_call},
    {FS_SETATTR, 7, op_call},  {FS_MKNOD, 4, op_call},
};

int
main(int argc, char **argv)
{
	const struct cairn_grant *g =
	    cairn_grant_find(CAIRN_GRANT_PROVIDES, "fs");

	(void)argc;
	(void)argv;
	recv_slot = cairn_slot_alloc();
	if (g == NULL || recv_slot == 0) {
		printf("fs: no endpoint to serve\n");
		return 1;
	}
	svc.ext2 = &ext2;
	svc.mount = mount;
	svc.alive = alive;
	/* The driver may be starting too (boot.conf starts it first, but
	 * its device takes time): wait for it a while before serving. */
	const struct cairn_grant *t =
	    cairn_grant_find(CAIRN_GRANT_NEEDS, "timer");
	int r = mount(&svc);
	for (int i = 0; i < WAIT_STEPS && r == -ENODEV && t != NULL; i++) {
		cairn_timer_sleep(t->slot, WAIT_NS);
		r = mount(&svc);
	}
	svc.mounted = r == 0;
	cairn_recv_slot(recv_slot);
	cairn_serve_init(&srv, g->slot, ops, sizeof(ops) / sizeof(ops[0]));
	cairn_serve(&srv);
}
